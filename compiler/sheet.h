/* The static side-by-side of several policies ("policy sheet"): what each
** city's policy says, read from the checked models, not from claims.
** One table: columns are the cities, rows are aspects grouped in sections
** (identity, who is covered, benefits, amounts by level, denials, limits,
** quotas, tables).  Rows are aligned across cities where the aspect is shared
** (a claims-v1 group or level, a benefit or limit reason of the same name);
** a city without it shows an empty cell. */
#ifndef POLIS_SHEET_H
#define POLIS_SHEET_H
#include "sema.h"

typedef struct sheet_row {
  char *key;                 /* stable id within the section, e.g. "level.junior" */
  char *label_zh;            /* Chinese label ("" if none) */
  char *label_en;            /* English / identifier label */
  char **cells;              /* ncity texts; "" = not in that policy; lines
                             ** separated by '\n' */
  char **cites;              /* ncity citations ("" if none), full form
                             ** (document + article) */
} sheet_row;

typedef struct sheet_section {
  char *id;                  /* "policy", "groups", "benefits", "levels",
                             ** "denies", "limits", "quotas", "tables" */
  char *title_zh, *title_en;
  int nrows;
  sheet_row *rows;
} sheet_section;

typedef struct sheet {
  int ncity;
  char **city_zh;            /* e.g. "聊城市" (the policy's city, or its name) */
  char **city_en;            /* the policy's name, e.g. "liaocheng" */
  int nsec;
  sheet_section *sec;
} sheet;

/* Build the sheet of models[0..n).  Never NULL. */
sheet *sheet_build(sema_model *const *models, int n);
void sheet_free(sheet *s);
#endif
