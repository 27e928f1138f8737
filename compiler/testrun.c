/*
** testrun.c — `polis test`: run the tests written inside a policy.
**
** Each test's claims become a small claims-v1 CSV that goes through the
** very runtime `polis score` uses (reader, evaluator, limits), so a test
** checks what production would decide.
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "driver.h"
#include "rt_internal.h"
#include "sema.h"

typedef struct decision {
  char *claim_id, *status, *rules, *reasons;
  int64_t person, organizer, total;
} decision;

/* The last value given for field f: claim, then test-wide, then file-wide. */
static ast_expr *given_value(sema_model *m, ast_item *test, ast_claim *c, const char *field)
{
  ptrvec *lists[2] = {&c->assigns, &test->assigns};
  for (int l = 0; l < 2; l++)
    for (int i = lists[l]->n - 1; i >= 0; i--) {
      ast_assign *a = lists[l]->v[i];
      if (!strcmp(a->name, field))
        return a->value;
    }
  for (int g = m->givens.n - 1; g >= 0; g--) {
    ast_item *gi = m->givens.v[g];
    for (int i = gi->assigns.n - 1; i >= 0; i--) {
      ast_assign *a = gi->assigns.v[i];
      if (!strcmp(a->name, field))
        return a->value;
    }
  }
  return NULL;
}

static const char *claim_name(ast_claim *c, int i)
{
  static char buf[32];
  if (c->name)
    return c->name;
  snprintf(buf, sizeof buf, "claim%d", i + 1);
  return buf;
}

/* The test's claims as claims-v1 CSV, written with the runtime's own
** quoting. */
static void build_csv(sema_model *m, ast_item *test, rt_buf *out)
{
  for (int i = 0; i < m->fields.n; i++) {
    if (i)
      rti_buf_addc(out, ',');
    rti_buf_adds(out, ((sema_field *)m->fields.v[i])->name);
  }
  rti_buf_addc(out, '\n');
  for (int k = 0; k < test->claims.n; k++) {
    ast_claim *c = test->claims.v[k];
    for (int i = 0; i < m->fields.n; i++) {
      sema_field *fd = m->fields.v[i];
      if (i)
        rti_buf_addc(out, ',');
      ast_expr *v = given_value(m, test, c, fd->name);
      const char *cell = v ? sema_const_cell(m, v)
                         : fd->role == RT_ROLE_CLAIM_ID ? claim_name(c, k) : NULL;
      if (cell)
        rti_csv_put(out, cell, strlen(cell));
    }
    rti_buf_addc(out, '\n');
  }
}

static int64_t parse_fen(const char *s)
{
  int64_t v = 0;
  int neg = *s == '-';
  if (neg)
    s++;
  for (; *s; s++)
    if (*s >= '0' && *s <= '9')
      v = v * 10 + (*s - '0');
  return neg ? -v : v;
}

static int has_word(const char *list, const char *w)
{
  size_t n = strlen(w);
  for (const char *p = list; *p;) {
    const char *bar = strchr(p, '|');
    size_t len = bar ? (size_t)(bar - p) : strlen(p);
    if (len == n && !strncmp(p, w, n))
      return 1;
    if (!bar)
      break;
    p = bar + 1;
  }
  return 0;
}

static void fail_at(diag_ctx *D, span sp, const char *test, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void fail_at(diag_ctx *D, span sp, const char *test, const char *fmt, ...)
{
  int line, col;
  diag_linecol(D, sp.file, sp.begin, &line, &col);
  printf("%s:%d:%d: FAIL %s: ", D->files[sp.file].path, line, col, test);
  va_list ap;
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  putchar('\n');
}

static int check_expect(diag_ctx *D, sema_model *m, ast_item *test, ast_expect *x, decision *d)
{
  int ok = 1;
  char got[32], want[32];
  for (int i = 0; i < x->items.n; i++) {
    ast_expect_item *xi = x->items.v[i];
    int64_t amount = xi->amount ? xi->amount->ival : 0;
    const char *what = NULL;
    int64_t have = 0;
    switch (xi->kind) {
    case XP_STATUS:
      if (strcmp(d->status, xi->text)) {
        fail_at(D, xi->sp, test->name, "claim %s: expected %s, got %s (reasons: %s)", d->claim_id, xi->text,
                d->status, *d->reasons ? d->reasons : "none");
        ok = 0;
      }
      continue;
    case XP_PERSON: what = "person"; have = d->person; break;
    case XP_ORGANIZER: what = "organizer"; have = d->organizer; break;
    case XP_TOTAL: what = "total"; have = d->total; break;
    case XP_RULE:
      if (!has_word(d->rules, xi->text)) {
        fail_at(D, xi->sp, test->name, "claim %s: expected rule %s to pay, paid: %s", d->claim_id, xi->text,
                *d->rules ? d->rules : "none");
        ok = 0;
      }
      continue;
    case XP_REASON:
      if (!has_word(d->reasons, xi->text)) {
        fail_at(D, xi->sp, test->name, "claim %s: expected reason %s, reasons: %s", d->claim_id, xi->text,
                *d->reasons ? d->reasons : "none");
        ok = 0;
      }
      continue;
    }
    if (have != amount) {
      rt_format_fen(have, got);
      rt_format_fen(amount, want);
      fail_at(D, xi->sp, test->name, "claim %s: expected %s %s yuan, got %s (status %s, rules: %s, reasons: %s)",
              d->claim_id, what, want, got, d->status, *d->rules ? d->rules : "none",
              *d->reasons ? d->reasons : "none");
      ok = 0;
    }
  }
  (void)m;
  return ok;
}

static char *cell_dup(const rt_csv *r, int i)
{
  size_t n;
  const char *s = rti_csv_cell(r, i, &n);
  char *d = malloc(n + 1);
  memcpy(d, s, n);
  d[n] = 0;
  return d;
}

static int run_one(diag_ctx *D, sema_model *m, const rt_policy *p, ast_item *test)
{
  rt_buf csv = {0};
  build_csv(m, test, &csv);
  FILE *in = fmemopen(csv.p, csv.n, "r");
  char *outbuf = NULL;
  size_t outlen = 0;
  FILE *out = open_memstream(&outbuf, &outlen);
  rt_score_opts opts = {0};
  opts.quiet = 1;
  opts.progress = 0;
  rt_summary sum;
  int rc = rt_score_stream(p, in, "<test>", out, &opts, &sum);
  fclose(in);
  fclose(out);
  rti_buf_free(&csv);
  if (rc != 0) {
    fail_at(D, test->name_sp, test->name, "the runtime could not score the test claims");
    free(outbuf);
    return 0;
  }
  /* Read the decisions back with the runtime's own CSV reader. */
  int nc = test->claims.n;
  decision *ds = calloc((size_t)nc + 1, sizeof *ds);
  FILE *dec = fmemopen(outbuf, outlen, "r");
  rt_csv r;
  rti_csv_init(&r, dec);
  rti_csv_next(&r);   /* header */
  for (int k = 0; k < nc && rti_csv_next(&r) == 1; k++) {
    if (r.ncells < 7)
      continue;
    ds[k].claim_id = cell_dup(&r, 0);
    ds[k].status = cell_dup(&r, 1);
    char *amounts[3] = {cell_dup(&r, 2), cell_dup(&r, 3), cell_dup(&r, 4)};
    ds[k].person = parse_fen(amounts[0]);
    ds[k].organizer = parse_fen(amounts[1]);
    ds[k].total = parse_fen(amounts[2]);
    for (int a = 0; a < 3; a++)
      free(amounts[a]);
    ds[k].rules = cell_dup(&r, 5);
    ds[k].reasons = cell_dup(&r, 6);
  }
  rti_csv_free(&r);
  fclose(dec);
  free(outbuf);
  int ok = 1;
  for (int i = 0; i < test->expects.n; i++) {
    ast_expect *x = test->expects.v[i];
    int k = 0;
    if (x->claim)
      for (int j = 0; j < nc; j++) {
        ast_claim *c = test->claims.v[j];
        if (c->name && !strcmp(c->name, x->claim))
          k = j;
      }
    if (!ds[k].status) {
      fail_at(D, x->sp, test->name, "no decision for the claim");
      ok = 0;
      continue;
    }
    ok &= check_expect(D, m, test, x, &ds[k]);
  }
  for (int k = 0; k < nc; k++) {
    free(ds[k].claim_id);
    free(ds[k].status);
    free(ds[k].rules);
    free(ds[k].reasons);
  }
  free(ds);
  return ok;
}

int polis_run_tests(diag_ctx *D, sema_model *m, const rt_policy *p, int verbose, int *passed, int *failed)
{
  for (int i = 0; i < m->tests.n; i++) {
    ast_item *t = m->tests.v[i];
    if (run_one(D, m, p, t)) {
      (*passed)++;
      if (verbose)
        printf("PASS %s\n", t->name);
    } else
      (*failed)++;
  }
  return 0;
}
