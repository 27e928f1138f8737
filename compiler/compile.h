/* One compilation: a policy file, the files it imports, the checked model. */
#ifndef POLIS_COMPILE_H
#define POLIS_COMPILE_H
#include "arena.h"
#include "diag.h"
#include "sema.h"

typedef struct polis_unit {
  arena A;
  diag_ctx *D;
  const char *path;
  char source_hash[65];
  sema_model *model;
  /* `--table NAME=FILE`: replace a standards table's file */
  const char *const *tables;
  int ntables;
} polis_unit;

/* Read, parse (with imports) and check `path`.  Returns 0 when there were
** no errors; diagnostics go to D.  Always call unit_free afterwards. */
int unit_load(polis_unit *u, diag_ctx *D, const char *path);
/* The same with `NAME=FILE` table overrides (tables[0..ntables)); an
** override that names no table of the policy is an error. */
int unit_load_tables(polis_unit *u, diag_ctx *D, const char *path, const char *const *tables,
                     int ntables);
/* The same where an override may name no table of this policy (one file
** of several): used[i] is set when override i replaced a table. */
int unit_load_overrides(polis_unit *u, diag_ctx *D, const char *path, const char *const *tables,
                        int ntables, unsigned char *used);
void unit_free(polis_unit *u);

/* Read a whole file into a malloc'd NUL-terminated buffer. */
char *polis_read_file(const char *path, size_t *len);
#endif
