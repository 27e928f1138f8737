/*
** compare.c — one claims file scored under several policies.
**
** Pass 1 reads each record once and hands it to every city's scorer
** (score.c).  When the cities declare the same claims fields, the first
** converts the cells and the others copy its columns; text cells, whose
** symbol indices are each policy's own, are looked up once in the union
** of the policies' symbols (rti_texts).  All scorers flush together, so
** every evaluator runs on the same batch of rows.  Pass 2 reads the cities' decisions back in lockstep, row by row,
** which is what the pairwise difference groups need: the status, rules
** and reasons of one claim on both sides.
*/
#include "polis_compare.h"
#include "rt_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#define IOBUF (1u << 20)

const char *rt_cmp_status(int status)
{
  static const char *const names[] = {"granted", "denied", "rejected"};
  return status >= 0 && status <= 2 ? names[status] : "?";
}

int rt_cmp_pair_index(const rt_cmp *c, int a, int b)
{
  if (a > b) {
    int t = a;
    a = b;
    b = t;
  }
  if (a < 0 || b >= c->n || a == b)
    return -1;
  return a * (2 * c->n - a - 1) / 2 + (b - a - 1);
}

int rt_cmp_explain(const rt_policy *p, const char *name, const char **label,
                   const char **cite)
{
  for (int i = 0; i < p->n_rules; i++)
    if (!strcmp(p->rules[i].name, name)) {
      *label = p->rules[i].label;
      *cite = p->rules[i].cite;
      return 0;
    }
  int k = rt_policy_find_reason(p, name);
  if (k < 0)
    return -1;
  *label = p->reasons[k].message;
  *cite = p->reasons[k].cite;
  return 0;
}

/* Difference groups of one pair while they are being counted. */
typedef struct pacc {
  rt_strmap map;            /* group key -> index in diffs */
  char **keys;              /* the map's keys (it does not copy them) */
  int cap;
} pacc;

static char *dupn(const char *s, size_t n)
{
  char *d = rti_malloc(n + 1);
  memcpy(d, s, n);
  d[n] = 0;
  return d;
}

static void add_diff(rt_cmp_pair *pr, pacc *acc, rt_buf *key, const rti_dec *da,
                     const rti_dec *db, int examples)
{
  int i = rti_strmap_get(&acc->map, key->p, key->n);
  if (i < 0) {
    if (pr->ndiffs == acc->cap) {
      acc->cap = acc->cap ? acc->cap * 2 : 16;
      pr->diffs = rti_realloc(pr->diffs, (size_t)acc->cap * sizeof *pr->diffs);
      acc->keys = rti_realloc(acc->keys, (size_t)acc->cap * sizeof *acc->keys);
    }
    i = pr->ndiffs++;
    acc->keys[i] = dupn(key->p, key->n);
    rti_strmap_put(&acc->map, acc->keys[i], key->n, i);
    rt_cmp_diff *df = &pr->diffs[i];
    memset(df, 0, sizeof *df);
    const rti_dec *side[2] = {da, db};
    for (int s = 0; s < 2; s++) {
      df->status[s] = side[s]->status;
      df->rules[s] = dupn(side[s]->rules.p ? side[s]->rules.p : "", side[s]->rules.n);
      df->reasons[s] = dupn(side[s]->reasons.p ? side[s]->reasons.p : "", side[s]->reasons.n);
    }
  }
  rt_cmp_diff *df = &pr->diffs[i];
  int64_t ta = da->person_fen + da->organizer_fen, tb = db->person_fen + db->organizer_fen;
  df->claims++;
  df->fen[0] += ta;
  df->fen[1] += tb;
  if (df->nexamples < examples) {
    rt_cmp_example *ex = &df->ex[df->nexamples++];
    ex->claim_id = dupn(da->cid.p ? da->cid.p : "", da->cid.n);
    ex->fen[0] = ta;
    ex->fen[1] = tb;
  }
}

/* Count one claim for the pair (a, b). */
static void pair_row(rt_cmp_pair *pr, pacc *acc, const rti_dec *da, const rti_dec *db,
                     rt_buf *key, int examples)
{
  int64_t ta = da->person_fen + da->organizer_fen, tb = db->person_fen + db->organizer_fen;
  if (da->status == db->status && da->person_fen == db->person_fen &&
      da->organizer_fen == db->organizer_fen) {
    pr->same++;
    return;
  }
  pr->differ++;
  pr->status_differ += da->status != db->status;
  pr->a_more += ta > tb;
  pr->b_more += tb > ta;
  pr->fen[0] += ta;
  pr->fen[1] += tb;
  /* The key: status, rules and reasons of each side, with separators no
  ** rule name or reason code contains. */
  key->n = 0;
  rti_buf_addc(key, (char)('0' + da->status));
  rti_buf_add(key, da->rules.p, da->rules.n);
  rti_buf_addc(key, '\x1f');
  rti_buf_add(key, da->reasons.p, da->reasons.n);
  rti_buf_addc(key, '\x1e');
  rti_buf_addc(key, (char)('0' + db->status));
  rti_buf_add(key, db->rules.p, db->rules.n);
  rti_buf_addc(key, '\x1f');
  rti_buf_add(key, db->reasons.p, db->reasons.n);
  add_diff(pr, acc, key, da, db, examples);
}

/* Sort difference groups by claims, largest first; qsort is not stable, so
** ties go by first appearance, which the index before sorting records. */
typedef struct dsort {
  rt_cmp_diff d;
  int first;
} dsort;

static int dsort_cmp(const void *x, const void *y)
{
  const dsort *a = x, *b = y;
  if (a->d.claims != b->d.claims)
    return a->d.claims > b->d.claims ? -1 : 1;
  return (a->first > b->first) - (a->first < b->first);
}

static void sort_diffs(rt_cmp_pair *pr)
{
  if (pr->ndiffs < 2)
    return;
  dsort *t = rti_malloc((size_t)pr->ndiffs * sizeof *t);
  for (int i = 0; i < pr->ndiffs; i++) {
    t[i].d = pr->diffs[i];
    t[i].first = i;
  }
  qsort(t, (size_t)pr->ndiffs, sizeof *t, dsort_cmp);
  for (int i = 0; i < pr->ndiffs; i++)
    pr->diffs[i] = t[i].d;
  free(t);
}

/* The header column named `name`, or -1. */
static int header_col(const rt_csv *c, const char *name)
{
  size_t want = strlen(name);
  for (int i = 0; i < c->ncells; i++) {
    size_t n;
    const char *s = rti_csv_cell(c, i, &n);
    while (n && (*s == ' ' || *s == '\t'))
      s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
      n--;
    if (n == want && !memcmp(s, name, n))
      return i;
  }
  return -1;
}

static void city_init(rt_cmp_city *c, const rt_policy *p, int ngroups)
{
  c->p = p;
  c->benefit_fen = rti_calloc((size_t)p->n_benefits * RT_NPAYEES + 1, sizeof *c->benefit_fen);
  c->benefit_claims = rti_calloc((size_t)p->n_benefits + 1, sizeof *c->benefit_claims);
  c->reason_claims = rti_calloc((size_t)p->n_reasons + 1, sizeof *c->reason_claims);
  c->group_granted = rti_calloc((size_t)ngroups + 1, sizeof *c->group_granted);
  c->group_fen = rti_calloc((size_t)ngroups + 1, sizeof *c->group_fen);
  c->quota_granted = rti_calloc((size_t)p->quota_slots + 1, sizeof *c->quota_granted);
}

/* groups: the row's person groups (only the first city's scorer tags rows). */
static void city_row(rt_cmp *c, int k, const rti_dec *d, uint64_t groups)
{
  rt_cmp_city *ct = &c->city[k];
  const rt_policy *p = ct->p;
  int64_t total = d->person_fen + d->organizer_fen;
  rti_summary_add(&ct->sum, d);
  for (int b = 0; b < p->n_benefits; b++) {
    int64_t pf = d->amt[2 * b], of = d->amt[2 * b + 1];
    ct->benefit_fen[2 * b] += pf;
    ct->benefit_fen[2 * b + 1] += of;
    ct->benefit_claims[b] += pf + of > 0;
  }
  for (int w = 0; w < p->reason_words; w++)
    for (uint64_t bits = d->said[w]; bits; bits &= bits - 1) {
      int r = w * 64 + __builtin_ctzll(bits);
      if (r < p->n_reasons)
        ct->reason_claims[r]++;
    }
  if (d->status == RT_GRANTED)
    for (uint64_t g = groups; g; g &= g - 1) {
      int i = __builtin_ctzll(g);
      if (i < c->ngroups) {
        ct->group_granted[i]++;
        ct->group_fen[i] += total;
      }
    }
}

typedef struct run {
  rt_cmp *c;
  rti_sc **sc;
  rti_dec *dec;
  pacc *acc;
  FILE **dout;
  const char *const *dpath;
  rt_buf *dbuf;
} run;

static int open_outputs(run *R, int n)
{
  for (int k = 0; k < n; k++) {
    const char *path = R->dpath ? R->dpath[k] : NULL;
    if (!path)
      continue;
    R->dout[k] = fopen(path, "wb");
    if (!R->dout[k]) {
      fprintf(stderr, "%s: error: cannot open for writing: %s\n", path, strerror(errno));
      return -1;
    }
    rti_buf_adds(&R->dbuf[k], rti_decisions_header);
  }
  return 0;
}

static int close_outputs(run *R, int n, int ok)
{
  for (int k = 0; k < n; k++) {
    if (!R->dout[k])
      continue;
    int bad = ok && (!rti_flush_out(R->dout[k], &R->dbuf[k]) || ferror(R->dout[k]));
    bad |= fclose(R->dout[k]) != 0;
    R->dout[k] = NULL;
    if (bad && ok) {
      fprintf(stderr, "%s: error: cannot write the decisions: %s\n", R->dpath[k],
              strerror(errno));
      ok = 0;
    }
  }
  return ok;
}

/* Pass 1 over the open input. */
static int read_claims(run *R, int n, rt_csv *csv, const char *name)
{
  rt_cmp *c = R->c;
  const rt_policy *p0 = c->city[0].p;
  int gf = rt_policy_find_field(p0, "groups");
  int gcol;

  if (rti_sc_read_header(csv, name))
    return -1;
  for (int k = 0; k < n; k++)
    if (rti_sc_header(R->sc[k]))
      return -1;
  gcol = c->ngroups ? header_col(csv, "groups") : -1;
  for (;;) {
    int r = rti_csv_next(csv);
    if (r < 0) {
      fprintf(stderr, "%s: error: read error: %s\n", name, strerror(errno));
      return -1;
    }
    if (r == 0)
      break;
    int full = 0;
    for (int k = 0; k < n; k++) {
      rti_sc_row(R->sc[k]);
      full |= rti_sc_full(R->sc[k]);
    }
    /* Person groups, the same for every city (city 0's enum gives the
    ** bit order).  An accepted row's cell is converted already; a rejected
    ** row's is parsed here, so that it still counts under its groups. */
    uint64_t mask = 0;
    if (gcol >= 0 && !rti_sc_set_value(R->sc[0], gf, &mask) && gcol < csv->ncells) {
      size_t len;
      const char *s = rti_csv_cell(csv, gcol, &len);
      int64_t v;
      if (!rti_blank(s, len) && !rt_parse_cell(p0, gf, s, len, &v))
        mask = (uint64_t)v;
    }
    rti_sc_tag(R->sc[0], mask);
    if (full)
      for (int k = 0; k < n; k++)
        rti_sc_flush(R->sc[k]);
  }
  for (int k = 0; k < n; k++)
    if (rti_sc_finish(R->sc[k]))
      return -1;
  return 0;
}

/* Pass 2: every city's decision of each row, side by side. */
static int walk_decisions(run *R, int n, int examples)
{
  rt_cmp *c = R->c;
  rt_buf key = {0};
  int ok = 1;

  c->rows = (int64_t)rti_sc_rows(R->sc[0]);
  for (int k = 0; k < n; k++)
    rti_sc_rewind(R->sc[k]);
  for (int64_t row = 0; row < c->rows && ok; row++) {
    for (int k = 0; k < n; k++) {
      rti_dec *d = &R->dec[k];
      if (rti_sc_next(R->sc[k], d)) {
        ok = 0;
        break;
      }
      city_row(c, k, d, R->dec[0].tag);
      if (R->dout[k]) {
        rti_dec_csv(d, &R->dbuf[k]);
        if (R->dbuf[k].n >= IOBUF && !rti_flush_out(R->dout[k], &R->dbuf[k])) {
          fprintf(stderr, "%s: error: cannot write the decisions: %s\n", R->dpath[k],
                  strerror(errno));
          ok = 0;
        }
      }
    }
    if (!ok)
      break;
    for (uint64_t g = R->dec[0].tag; g; g &= g - 1) {
      int i = __builtin_ctzll(g);
      if (i < c->ngroups)
        c->group_claims[i]++;
    }
    for (int a = 0, i = 0; a < n; a++)
      for (int b = a + 1; b < n; b++, i++)
        pair_row(&c->pair[i], &R->acc[i], &R->dec[a], &R->dec[b], &key, examples);
  }
  rti_buf_free(&key);
  return ok ? 0 : -1;
}

int rt_compare(const rt_policy *const *p, int n, const rt_cmp_opts *opts, rt_cmp **out)
{
  static const rt_cmp_opts defaults = {NULL, NULL, 0, -1};
  double t0 = rti_now();
  const char *name;
  FILE *in;
  rt_csv csv;
  run R;
  int rc = 1;

  *out = NULL;
  if (n < 1)
    return 1;
  if (!opts)
    opts = &defaults;
  if (!(in = rti_open_claims(opts->claims_path, &name)))
    return 1;
  int examples = opts->examples < 0 ? 3 : opts->examples;
  if (examples > RT_CMP_MAX_EXAMPLES)
    examples = RT_CMP_MAX_EXAMPLES;

  rt_cmp *c = rti_calloc(1, sizeof *c);
  c->n = n;
  int gf = rt_policy_find_field(p[0], "groups");
  if (gf >= 0 && p[0]->fields[gf].type == RT_SET && p[0]->fields[gf].enum_idx >= 0) {
    const rt_enum *e = &p[0]->enums[p[0]->fields[gf].enum_idx];
    c->ngroups = e->n;
    c->group_names = (const char *const *)e->members;
    c->group_labels = (const char *const *)e->labels;
  }
  c->group_claims = rti_calloc((size_t)c->ngroups + 1, sizeof *c->group_claims);
  c->city = rti_calloc((size_t)n, sizeof *c->city);
  for (int k = 0; k < n; k++)
    city_init(&c->city[k], p[k], c->ngroups);
  c->npairs = n * (n - 1) / 2;
  c->pair = rti_calloc((size_t)c->npairs + 1, sizeof *c->pair);
  for (int a = 0, i = 0; a < n; a++)
    for (int b = a + 1; b < n; b++, i++) {
      c->pair[i].a = a;
      c->pair[i].b = b;
    }

  memset(&R, 0, sizeof R);
  R.c = c;
  R.sc = rti_calloc((size_t)n, sizeof *R.sc);
  R.dec = rti_calloc((size_t)n, sizeof *R.dec);
  R.acc = rti_calloc((size_t)c->npairs + 1, sizeof *R.acc);
  R.dout = rti_calloc((size_t)n, sizeof *R.dout);
  R.dbuf = rti_calloc((size_t)n, sizeof *R.dbuf);
  R.dpath = opts->decisions_paths;
  rti_csv_init(&csv, in);
  rti_texts *texts = rti_texts_new(p, n);
  for (int k = 0; k < n; k++) {
    /* One progress line is enough: the first city's shows the rows read. */
    R.sc[k] = rti_sc_new(p[k], &csv, name, k == 0 && rti_progress_wanted(opts->progress), 0);
    rti_dec_init(p[k], &R.dec[k]);
    if (k > 0)
      c->city[k].shared_reading = rti_sc_follow(R.sc[k], R.sc[0], texts, k);
  }

  if (read_claims(&R, n, &csv, name) == 0 && open_outputs(&R, n) == 0 &&
      walk_decisions(&R, n, examples) == 0)
    rc = 0;
  if (!close_outputs(&R, n, rc == 0))
    rc = 1;
  for (int k = 0; k < n; k++)
    memcpy(c->city[k].quota_granted, rti_sc_quota(R.sc[k]),
           (size_t)p[k]->quota_slots * sizeof *c->city[k].quota_granted);
  for (int i = 0; i < c->npairs; i++)
    sort_diffs(&c->pair[i]);

  for (int k = 0; k < n; k++) {
    rti_sc_free(R.sc[k]);
    rti_dec_free(&R.dec[k]);
    rti_buf_free(&R.dbuf[k]);
  }
  for (int i = 0; i < c->npairs; i++) {
    rti_strmap_free(&R.acc[i].map);
    for (int j = 0; j < c->pair[i].ndiffs; j++)
      free(R.acc[i].keys[j]);
    free(R.acc[i].keys);
  }
  free(R.sc);
  free(R.dec);
  free(R.acc);
  free(R.dout);
  free(R.dbuf);
  rti_texts_free(texts);
  rti_csv_free(&csv);
  if (in != stdin)
    fclose(in);
  c->seconds = rti_now() - t0;
  if (rc) {
    rt_cmp_free(c);
    return rc;
  }
  *out = c;
  return 0;
}

void rt_cmp_free(rt_cmp *c)
{
  if (!c)
    return;
  for (int k = 0; k < c->n; k++) {
    rt_cmp_city *ct = &c->city[k];
    free(ct->benefit_fen);
    free(ct->benefit_claims);
    free(ct->reason_claims);
    free(ct->group_granted);
    free(ct->group_fen);
    free(ct->quota_granted);
  }
  for (int i = 0; i < c->npairs; i++) {
    for (int j = 0; j < c->pair[i].ndiffs; j++) {
      rt_cmp_diff *d = &c->pair[i].diffs[j];
      for (int s = 0; s < 2; s++) {
        free(d->rules[s]);
        free(d->reasons[s]);
      }
      for (int e = 0; e < d->nexamples; e++)
        free(d->ex[e].claim_id);
    }
    free(c->pair[i].diffs);
  }
  free(c->pair);
  free(c->city);
  free(c->group_claims);
  free(c);
}
