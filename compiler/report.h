/* `polis compare` reports: the results of rt_compare (runtime/polis_compare.h)
** and the static policy sheet (sheet.h) as a terminal table, CSV, JSON,
** Markdown or a self-contained HTML page.  docs/report.md explains how to
** read them and gives the CSV and JSON schemas. */
#ifndef POLIS_REPORT_H
#define POLIS_REPORT_H
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include "polis_compare.h"
#include "sheet.h"

typedef enum report_format {
  REPORT_TEXT,               /* aligned tables for a terminal (default) */
  REPORT_CSV,
  REPORT_JSON,
  REPORT_MD
} report_format;

typedef struct report_in {
  const rt_cmp *cmp;
  const sheet *sheet;        /* NULL: no static side-by-side */
  const char *const *paths;  /* the policy files, one per city (or NULL) */
  const char *claims_path;   /* as given on the command line */
  int color;                 /* REPORT_TEXT: use ANSI colour */
  int max_diffs;             /* difference groups shown per pair (text, md,
                             ** html): 0 none, < 0 all; csv and json list
                             ** them all */
} report_in;

/* Returns 0, or -1 on a write error.  Only the text report shows the wall
** time (rt_cmp.seconds): the others are byte-identical for equal input. */
int report_write(const report_in *r, report_format f, FILE *out);
int report_html(const report_in *r, FILE *out);

/* Display width of UTF-8 text in a terminal: East Asian wide and full-width
** characters count 2 columns, combining marks and ANSI escape sequences 0. */
int report_text_width(const char *s);

/* ---- Shared by report.c and report_html.c ----------------------------- */

/* The city's name as people say it: rt_policy.city, or the policy name. */
const char *report_city(const rt_policy *p);
/* Yuan with 2 decimals into buf (>= 40 bytes); sep: thousands separators. */
char *report_yuan(int64_t fen, int sep, char *buf);
/* n / d as a percentage with one decimal ("42.0%"), "-" when d is 0; buf
** >= 32 bytes. */
char *report_pct(int64_t n, int64_t d, char *buf);
/* printf into a malloc'd string. */
char *report_strf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *report_vstrf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* One name of a `|`-joined rules or reasons cell, explained by the policy
** (rt_cmp_explain).  The runtime's own codes (`no_rule_applies`, the
** reader's `bad_date:claim_date`...) get a fixed gloss and no citation;
** label and cite are "" for a name nobody knows. */
typedef struct report_item {
  char *name;
  const char *label, *cite;
} report_item;
int report_items(const rt_policy *p, const char *joined, report_item **out);
void report_items_free(report_item *it, int n);

/* Indices of p's reasons that some claim carries, by claims descending
** (ties in declaration order), into idx (p->n_reasons entries); returns how
** many. */
int report_top_reasons(const rt_cmp_city *c, int *idx);
/* Difference groups of a pair shown in text, md and html. */
int report_shown_diffs(const report_in *r, const rt_cmp_pair *pr);
#endif
