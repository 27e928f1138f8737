/*
** score.c — the scoring loop.
**
** Pass 1 streams the claims in batches: each row is converted into the
** batch's columns (or rejected by the reader), the policy's evaluator runs
** on the valid rows of the batch, and every row leaves a compact record in
** a spill file (tmpfile) in input order.  Provisional grants go to the
** ledger (with the benefits that pay and the flags that hold), which then
** applies the per-person limits in (claim_date, claim_id) order.  Pass 2
** reads the spill back sequentially and writes the decisions, striking the
** benefits a limit stopped (a claim left with nothing is denied) and
** counting the final grants into the quotas.  So memory is flat in the
** number of rows except for the ledger (O(grants)) and the claim_id set
** (8 bytes a row).
**
** Spill record, all integers unsigned LEB128:
**   status (0 granted, 1 denied, 2 rejected)
**   tag, when the caller tags rows (rti_sc_tag; compare's person groups)
**   claim_id length, bytes
**   reader reasons: count, then (code, field + 1; 0 = no field) each
**   evaluator reasons: count, then reason indices ascending
**   granted only: rules paid: count, then rule indices ascending;
**                 amounts: count, then (benefit * 2 + payee, zigzag fen);
**                 per quota: 0 claim_date in another year, 1 a key not in
**                 the plan, 2 + k key k
*/
#include "rt_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define BATCH 4096
#define MAX_PENDING (4 * BATCH)
#define IOBUF (1u << 20)

enum { ST_GRANTED = 0, ST_DENIED = 1, ST_REJECTED = 2 };

typedef struct rreason {
  int code;                 /* RC_* */
  int field;                /* field index or -1 */
} rreason;

/* A row of the current batch, in input order. */
typedef struct prow {
  int32_t slot;             /* batch slot, -1 when the reader rejected it */
  uint32_t nrr;             /* reader reasons, from rr[rr0] */
  size_t rr0;
  size_t cid, cidlen;       /* claim id in arena */
  size_t person, personlen; /* canonical person id in arena */
  size_t keys, keyslen;     /* key blob in arena */
  int64_t date;
  uint64_t tag;             /* caller's value spilled with the row (compare) */
} prow;

typedef struct rd {
  FILE *f;
  unsigned char *buf;
  size_t pos, end;
  int bad;
} rd;

struct rti_sc {
  const rt_policy *p;
  const rti_policy *pi;
  const char *in_name;
  rt_csv *csv;              /* shared by every city of a comparison */
  int tagged;               /* spill prow.tag (rti_sc_tag) */
  int ncol;                 /* cells in the header */
  int *colof;               /* field -> header column, -1 if absent */
  void **cols;              /* batch columns */
  int64_t *pay;
  uint64_t *rules, *reasons, *flags;
  int64_t nslots;           /* valid rows in the batch */
  prow *rows;
  size_t nrows;
  rreason *rr;
  size_t nrr, rrcap;
  rt_buf arena;             /* batch texts */
  rt_buf tmp;
  FILE *spill;
  rt_buf sbuf;              /* spill write buffer */
  int spill_err;
  rti_ledger *ledger;
  rt_u64set seen;
  uint64_t row_no;          /* rows read so far */
  int progress;
  double t0, last_progress;
  int progress_width;
  int64_t *qgranted;        /* quota_slots counters of final grants */
  /* A follower (rti_sc_follow) takes the leader's reading of each row:
  ** the same slots and reader reasons, and its batch columns; text cells
  ** the leader looked up once in the union of the policies' symbols
  ** (ucol), each policy taking its own symbol index from tx. */
  const struct rti_sc *lead;
  const rti_texts *tx;
  int tx_k;                 /* this policy's index in tx */
  int32_t **ucol;           /* leader: per text field, the cells' union
                            ** symbol (-1 none, -2 empty cell) */
  /* pass 2 */
  rd r;
  const rti_stop *stop;
  size_t nstop, di;
  uint64_t out_row;
  int *rule_idx;
  uint64_t *qcode;
};
typedef struct rti_sc sc;

static size_t type_size(rt_type t)
{
  switch (t) {
  case RT_BOOL:
    return 1;
  case RT_ENUM:
  case RT_TEXT:
    return 4;
  default:
    return 8;
  }
}

static void store(sc *s, int f, int64_t slot, int64_t v)
{
  void *col = s->cols[f];
  switch (s->p->fields[f].type) {
  case RT_BOOL:
    ((uint8_t *)col)[slot] = (uint8_t)(v != 0);
    break;
  case RT_ENUM:
  case RT_TEXT:
    ((int32_t *)col)[slot] = (int32_t)v;
    break;
  case RT_SET:
    memcpy((uint64_t *)col + slot, &v, 8);
    break;
  default:
    ((int64_t *)col)[slot] = v;
    break;
  }
}

static void add_reason(sc *s, prow *r, int code, int field)
{
  if (s->nrr == s->rrcap) {
    s->rrcap = s->rrcap ? s->rrcap * 2 : 1024;
    s->rr = rti_realloc(s->rr, s->rrcap * sizeof *s->rr);
  }
  s->rr[s->nrr].code = code;
  s->rr[s->nrr].field = field;
  s->nrr++;
  r->nrr++;
}

static const char *cell(const sc *s, int f, size_t *len)
{
  int c = s->colof[f];
  if (c < 0 || c >= s->csv->ncells) {
    *len = 0;
    return "";
  }
  return rti_csv_cell(s->csv, c, len);
}

/* ---- Pass 1: rows --------------------------------------------------------- */

static void convert(sc *s, prow *r, int f, int64_t slot)
{
  const rt_field *fd = &s->p->fields[f];
  size_t len;
  int64_t v;
  const char *c = cell(s, f, &len);
  if (rti_blank(c, len)) {
    if (fd->flags & RT_FIELD_REQUIRED) {
      add_reason(s, r, RC_MISSING_REQUIRED, f);
      return;
    }
    v = rti_empty_value(s->p, f);
    if (s->ucol && fd->type == RT_TEXT)
      s->ucol[f][slot] = -2;
  } else if (s->ucol && fd->type == RT_TEXT) {
    /* Text is kept exactly (rti_parse): one lookup serves every city. */
    int32_t u = rti_strmap_get(&s->tx->map, c, len);
    s->ucol[f][slot] = u;
    v = u >= 0 ? s->tx->xl[(size_t)u * (size_t)s->tx->n + (size_t)s->tx_k] : -1;
  } else {
    int rc = rti_parse(s->p, f, c, len, &v);
    if (rc != RC_OK) {
      add_reason(s, r, rc, f);
      return;
    }
  }
  store(s, f, slot, v);
  if (f == s->p->f_claim_date)
    r->date = v;
}

static void ledger_keys(sc *s, prow *r);

/* A follower's row: the leader has read the same record into its row of
** the same index, and decided rejection exactly as this policy would. */
static void follow_row(sc *s)
{
  const sc *L = s->lead;
  const prow *lr = &L->rows[s->nrows];
  prow *r = &s->rows[s->nrows++];
  int64_t slot = s->nslots;

  memset(r, 0, sizeof *r);
  r->rr0 = s->nrr;
  r->slot = -1;
  r->date = lr->date;
  s->row_no++;
  r->cid = s->arena.n;
  r->cidlen = lr->cidlen;
  rti_buf_add(&s->arena, L->arena.p + lr->cid, lr->cidlen);
  /* Same fields in the same order: the leader's field indices are ours. */
  for (uint32_t k = 0; k < lr->nrr; k++)
    add_reason(s, r, L->rr[lr->rr0 + k].code, L->rr[lr->rr0 + k].field);
  if (r->nrr)
    return;
  if (lr->slot != slot)
    abort(); /* the schemas were checked equal: slots cannot drift */
  r->slot = (int32_t)slot;
  s->nslots++;
  if (s->ledger)
    ledger_keys(s, r);
}

static void read_row(sc *s)
{
  if (s->lead) {
    follow_row(s);
    return;
  }

  const rt_policy *p = s->p;
  prow *r = &s->rows[s->nrows++];
  int64_t slot = s->nslots;
  size_t len;
  const char *cs;

  memset(r, 0, sizeof *r);
  r->rr0 = s->nrr;
  r->slot = -1;
  s->row_no++;

  cs = cell(s, p->f_claim_id, &len);
  r->cid = s->arena.n;
  r->cidlen = len;
  rti_buf_add(&s->arena, cs, len);

  /* A row whose cells cannot be trusted to line up with the header is
  ** not read further (and its claim_id does not count as seen). */
  if (s->csv->bad_quoting) {
    add_reason(s, r, RC_BAD_QUOTING, -1);
    return;
  }
  if (s->csv->ncells != s->ncol) {
    add_reason(s, r, RC_BAD_COLUMN_COUNT, -1);
    return;
  }

  for (int f = 0; f < p->n_fields; f++)
    convert(s, r, f, slot);

  /* 64-bit hashes stand in for the claim ids: 8 bytes a row instead of
  ** the text, at the price of a ~n^2/2^65 chance (3e-6 for ten million
  ** rows) that two different ids collide and the later one is rejected. */
  cs = s->arena.p + r->cid;
  if (!rti_blank(cs, r->cidlen) &&
      rti_u64set_add(&s->seen, rti_claim_hash(cs, r->cidlen)))
    add_reason(s, r, RC_DUPLICATE_CLAIM_ID, -1);
  if (r->nrr)
    return;

  r->slot = (int32_t)slot;
  s->nslots++;
  if (s->ledger)
    ledger_keys(s, r);
}

/* What the ledger needs if this claim is granted. */
static void ledger_keys(sc *s, prow *r)
{
  const rt_policy *p = s->p;
  size_t len;
  const char *cs;

  cs = cell(s, p->f_person_id, &len);
  r->person = s->arena.n;
  rti_canon(p, p->f_person_id, 0, cs, len, &s->arena);
  r->personlen = s->arena.n - r->person;
  r->keys = s->arena.n;
  for (int k = 0; k < s->pi->n_keyf; k++) {
    int f = s->pi->keyf[k];
    const rt_field *fd = &p->fields[f];
    const char *c = cell(s, f, &len);
    size_t at = s->arena.n;
    uint32_t n = 0;
    int64_t v;
    rti_buf_add(&s->arena, &n, 4);
    if (rti_blank(c, len)) {
      if (fd->type == RT_TEXT || fd->type == RT_RESIDENT_ID) {
        if (fd->has_default)
          rti_buf_adds(&s->arena, fd->default_text);
      } else {
        rti_canon(p, f, rti_empty_value(p, f), "", 0, &s->arena);
      }
    } else {
      rti_parse(p, f, c, len, &v);
      rti_canon(p, f, v, c, len, &s->arena);
    }
    n = (uint32_t)(s->arena.n - at - 4);
    memcpy(s->arena.p + at, &n, 4);
  }
  r->keyslen = s->arena.n - r->keys;
}

static int64_t year_of(int64_t days)
{
  int64_t y;
  unsigned m, d;
  rt_civil_from_days(days, &y, &m, &d);
  return y;
}

static void spill_flush(sc *s)
{
  if (s->sbuf.n && fwrite(s->sbuf.p, 1, s->sbuf.n, s->spill) != s->sbuf.n)
    s->spill_err = errno ? errno : EIO;
  s->sbuf.n = 0;
}

static void progress(sc *s, int final)
{
  if (!s->progress)
    return;
  if (final) {
    if (s->progress_width)
      fprintf(stderr, "\r%*s\r", s->progress_width, "");
    s->progress_width = 0;
    return;
  }
  double now = rti_now();
  if (now - s->last_progress < 0.25)
    return;
  s->last_progress = now;
  s->progress_width = fprintf(stderr, "\r%s: %llu rows read", s->in_name,
                              (unsigned long long)s->row_no);
  fflush(stderr);
}

/* Evaluate the batch and spill its rows in input order. */
static void flush_batch(sc *s)
{
  const rt_policy *p = s->p;
  int64_t n = s->nslots;
  size_t nb = (size_t)p->n_benefits * RT_NPAYEES;
  size_t rw = (size_t)p->rule_words, kw = (size_t)p->reason_words;
  size_t fw = (size_t)p->flag_words;

  if (s->lead)
    for (int f = 0; f < p->n_fields; f++) {
      if (p->fields[f].type != RT_TEXT) {
        memcpy(s->cols[f], s->lead->cols[f], (size_t)n * type_size(p->fields[f].type));
        continue;
      }
      const int32_t *u = s->lead->ucol[f], *xl = s->tx->xl;
      int32_t *col = s->cols[f], empty = (int32_t)rti_empty_value(p, f);
      size_t nx = (size_t)s->tx->n, k = (size_t)s->tx_k;
      for (int64_t i = 0; i < n; i++)
        col[i] = u[i] == -2 ? empty : u[i] >= 0 ? xl[(size_t)u[i] * nx + k] : -1;
    }
  memset(s->pay, 0, (size_t)n * nb * sizeof *s->pay);
  memset(s->rules, 0, (size_t)n * rw * sizeof *s->rules);
  memset(s->reasons, 0, (size_t)n * kw * sizeof *s->reasons);
  memset(s->flags, 0, (size_t)n * fw * sizeof *s->flags);
  if (n > 0) {
    rt_batch b = {n, s->cols, s->pay, s->rules, s->reasons, s->flags};
    p->eval(&b);
  }

  uint64_t row = s->row_no - s->nrows;
  for (size_t i = 0; i < s->nrows; i++, row++) {
    const prow *r = &s->rows[i];
    rt_buf *o = &s->sbuf;
    int st = ST_REJECTED;
    const uint64_t *rb = NULL, *ub = NULL;
    const int64_t *pb = NULL;

    if (r->slot >= 0) {
      rb = s->reasons + (size_t)r->slot * kw;
      ub = s->rules + (size_t)r->slot * rw;
      pb = s->pay + (size_t)r->slot * nb;
      int64_t total = 0;
      st = ST_DENIED;
      for (size_t k = 0; k < kw; k++)
        if (rb[k] & s->pi->reject_mask[k])
          st = ST_REJECTED;
      for (size_t k = 0; k < nb; k++)
        total += pb[k];
      if (st == ST_DENIED && total > 0)
        st = ST_GRANTED;
    }

    rti_buf_varint(o, (uint64_t)st);
    if (s->tagged)
      rti_buf_varint(o, r->tag);
    rti_buf_varint(o, r->cidlen);
    rti_buf_add(o, s->arena.p + r->cid, r->cidlen);
    rti_buf_varint(o, r->nrr);
    for (uint32_t k = 0; k < r->nrr; k++) {
      rti_buf_varint(o, (uint64_t)s->rr[r->rr0 + k].code);
      rti_buf_varint(o, (uint64_t)(s->rr[r->rr0 + k].field + 1));
    }
    int cnt = 0;
    for (int k = 0; rb && k < p->n_reasons; k++)
      cnt += (int)(rb[k / 64] >> (k % 64) & 1);
    rti_buf_varint(o, (uint64_t)cnt);
    for (int k = 0; rb && k < p->n_reasons; k++)
      if (rb[k / 64] >> (k % 64) & 1)
        rti_buf_varint(o, (uint64_t)k);
    if (st == ST_GRANTED) {
      cnt = 0;
      for (int k = 0; k < p->n_rules; k++)
        cnt += (int)(ub[k / 64] >> (k % 64) & 1);
      rti_buf_varint(o, (uint64_t)cnt);
      for (int k = 0; k < p->n_rules; k++)
        if (ub[k / 64] >> (k % 64) & 1)
          rti_buf_varint(o, (uint64_t)k);
      cnt = 0;
      for (size_t k = 0; k < nb; k++)
        cnt += pb[k] != 0;
      rti_buf_varint(o, (uint64_t)cnt);
      for (size_t k = 0; k < nb; k++)
        if (pb[k]) {
          uint64_t u = (uint64_t)pb[k];
          rti_buf_varint(o, k);
          rti_buf_varint(o, (u << 1) ^ (uint64_t)(pb[k] >> 63));
        }
      if (p->n_quotas) {
        int64_t year = year_of(r->date);
        for (int q = 0; q < p->n_quotas; q++) {
          const rt_quota *qu = &p->quotas[q];
          uint64_t code = 0;
          if (qu->year == year) {
            int32_t sym = ((const int32_t *)s->cols[qu->field])[r->slot];
            int k = sym >= 0 && sym < p->n_symbols ? s->pi->quota_keyof[q][sym] : -1;
            code = k >= 0 ? (uint64_t)k + 2 : 1;
          }
          rti_buf_varint(o, code);
        }
      }
      if (s->ledger) {
        uint64_t paid = 0;
        for (int b = 0; b < p->n_benefits; b++)
          if (pb[2 * b] + pb[2 * b + 1] > 0)
            paid |= (uint64_t)1 << b;
        rti_ledger_add(s->ledger, s->arena.p + r->person, r->personlen,
                       r->date, s->arena.p + r->cid, r->cidlen,
                       s->arena.p + r->keys, r->keyslen, row, paid,
                       fw ? s->flags[(size_t)r->slot * fw] : 0);
      }
    }
    if (o->n >= IOBUF)
      spill_flush(s);
  }
  s->nslots = 0;
  s->nrows = 0;
  s->nrr = 0;
  s->arena.n = 0;
  progress(s, 0);
}

/* ---- Header ------------------------------------------------------------ */

/* Read the header record into c; the scorers then map it. */
int rti_sc_read_header(rt_csv *c, const char *in_name)
{
  int r = rti_csv_next(c);
  if (r < 0) {
    fprintf(stderr, "%s: error: read error: %s\n", in_name, strerror(errno));
    return -1;
  }
  if (r == 0) {
    fprintf(stderr, "%s:1: error: the claims file is empty (no header line)\n", in_name);
    return -1;
  }
  return 0;
}

int rti_sc_header(sc *s)
{
  const rt_policy *p = s->p;
  s->ncol = s->csv->ncells;
  for (int f = 0; f < p->n_fields; f++)
    s->colof[f] = -1;
  int bad = 0;
  for (int i = 0; i < s->ncol; i++) {
    size_t n;
    const char *c = rti_csv_cell(s->csv, i, &n);
    while (n && (*c == ' ' || *c == '\t'))
      c++, n--;
    while (n && (c[n - 1] == ' ' || c[n - 1] == '\t'))
      n--;
    int f = rti_strmap_get(&s->pi->fields, c, n);
    if (f < 0)
      continue;
    if (s->colof[f] >= 0) {
      fprintf(stderr, "%s:%lld: error: the header has column '%s' twice\n",
              s->in_name, (long long)s->csv->line, p->fields[f].name);
      bad = 1;
    }
    s->colof[f] = i;
  }
  for (int f = 0; f < p->n_fields; f++)
    if ((p->fields[f].flags & RT_FIELD_REQUIRED) && s->colof[f] < 0) {
      fprintf(stderr,
              "%s:%lld: error: the header has no column '%s', required by claims-v1\n",
              s->in_name, (long long)s->csv->line, p->fields[f].name);
      bad = 1;
    }
  if (!bad && !(s->spill = tmpfile())) {
    fprintf(stderr, "polis: error: cannot create a temporary file: %s\n", strerror(errno));
    bad = 1;
  }
  return bad ? -1 : 0;
}

/* ---- Scorer life cycle -------------------------------------------------- */

sc *rti_sc_new(const rt_policy *p, rt_csv *csv, const char *in_name, int progress_on,
               int want_ledger)
{
  sc *s = rti_calloc(1, sizeof *s);
  s->p = p;
  s->pi = rti_pol(p);
  s->in_name = in_name ? in_name : "<stdin>";
  s->csv = csv;
  s->t0 = rti_now();
  s->progress = progress_on;
  s->colof = rti_calloc((size_t)p->n_fields, sizeof *s->colof);
  s->cols = rti_calloc((size_t)p->n_fields, sizeof *s->cols);
  for (int f = 0; f < p->n_fields; f++)
    s->cols[f] = rti_calloc(BATCH, type_size(p->fields[f].type));
  s->pay = rti_calloc((size_t)BATCH * (size_t)p->n_benefits * RT_NPAYEES + 1, sizeof *s->pay);
  s->rules = rti_calloc((size_t)BATCH * (size_t)p->rule_words + 1, sizeof *s->rules);
  s->reasons = rti_calloc((size_t)BATCH * (size_t)p->reason_words + 1, sizeof *s->reasons);
  s->flags = rti_calloc((size_t)BATCH * (size_t)p->flag_words + 1, sizeof *s->flags);
  s->qgranted = rti_calloc((size_t)p->quota_slots + 1, sizeof *s->qgranted);
  s->rows = rti_calloc(MAX_PENDING, sizeof *s->rows);
  if (want_ledger || p->n_limits > 0)
    s->ledger = rti_ledger_new(p);
  return s;
}

static int same_str(const char *a, const char *b)
{
  return !strcmp(a ? a : "", b ? b : "");
}

/* Two fields a reader converts and rejects identically. */
static int same_field(const rt_policy *a, int fa, const rt_policy *b, int fb)
{
  const rt_field *x = &a->fields[fa], *y = &b->fields[fb];
  if (strcmp(x->name, y->name) || x->type != y->type || x->flags != y->flags ||
      x->role != y->role || x->has_default != y->has_default ||
      (x->has_default && !same_str(x->default_text, y->default_text)) ||
      x->has_min != y->has_min || x->has_max != y->has_max ||
      (x->has_min && x->min != y->min) || (x->has_max && x->max != y->max) ||
      (x->enum_idx < 0) != (y->enum_idx < 0))
    return 0;
  if (x->enum_idx >= 0) {
    const rt_enum *ex = &a->enums[x->enum_idx], *ey = &b->enums[y->enum_idx];
    if (ex->n != ey->n)
      return 0;
    for (int i = 0; i < ex->n; i++)
      if (strcmp(ex->members[i], ey->members[i]))
        return 0;
  }
  return 1;
}

/* Let s take lead's reading of every row when both policies declare the
** same fields in the same order (as every city importing claims-v1 does):
** then the reader accepts and rejects the same rows with the same reasons,
** and all but the text columns hold the same values.  tx holds both
** policies' symbols (s is policy k of it, lead policy 0).  Call before the
** first row.  Returns 1 if s follows lead. */
int rti_sc_follow(sc *s, sc *lead, const rti_texts *tx, int k)
{
  const rt_policy *p = s->p, *lp = lead->p;
  if (lead->lead || p->n_fields != lp->n_fields)
    return 0;
  for (int f = 0; f < p->n_fields; f++)
    if (!same_field(p, f, lp, f))
      return 0;
  if (!lead->ucol) {
    lead->tx = tx;
    lead->tx_k = 0;
    lead->ucol = rti_calloc((size_t)lp->n_fields, sizeof *lead->ucol);
    for (int f = 0; f < lp->n_fields; f++)
      if (lp->fields[f].type == RT_TEXT)
        lead->ucol[f] = rti_calloc(BATCH, sizeof **lead->ucol);
  }
  s->lead = lead;
  s->tx = tx;
  s->tx_k = k;
  return 1;
}

rti_texts *rti_texts_new(const rt_policy *const *p, int n)
{
  rti_texts *t = rti_calloc(1, sizeof *t);
  int nu = 0;
  t->n = n;
  for (int k = 0; k < n; k++)
    for (int i = 0; i < p[k]->n_symbols; i++) {
      const char *sym = p[k]->symbols[i];
      if (rti_strmap_put(&t->map, sym, strlen(sym), nu) == 0)
        nu++;
    }
  t->xl = rti_malloc(((size_t)nu * (size_t)n + 1) * sizeof *t->xl);
  for (size_t i = 0; i < (size_t)nu * (size_t)n; i++)
    t->xl[i] = -1;
  for (int k = 0; k < n; k++)
    for (int i = 0; i < p[k]->n_symbols; i++) {
      const char *sym = p[k]->symbols[i];
      int32_t u = rti_strmap_get(&t->map, sym, strlen(sym));
      t->xl[(size_t)u * (size_t)n + (size_t)k] = i;
    }
  return t;
}

void rti_texts_free(rti_texts *t)
{
  if (!t)
    return;
  rti_strmap_free(&t->map);
  free(t->xl);
  free(t);
}

void rti_sc_free(sc *s)
{
  if (!s)
    return;
  progress(s, 1);
  if (s->spill)
    fclose(s->spill);
  for (int f = 0; s->cols && f < s->p->n_fields; f++)
    free(s->cols[f]);
  free(s->cols);
  free(s->colof);
  free(s->pay);
  free(s->rules);
  free(s->reasons);
  free(s->flags);
  free(s->qgranted);
  free(s->rows);
  free(s->rr);
  free(s->r.buf);
  free(s->rule_idx);
  free(s->qcode);
  for (int f = 0; s->ucol && f < s->p->n_fields; f++)
    free(s->ucol[f]);
  free(s->ucol);
  rti_buf_free(&s->arena);
  rti_buf_free(&s->tmp);
  rti_buf_free(&s->sbuf);
  rti_u64set_free(&s->seen);
  rti_ledger_free(s->ledger);
  free(s);
}

/* The value of set field f in the row just read, if the row was accepted:
** the cell is then converted already. */
int rti_sc_set_value(const sc *s, int f, uint64_t *v)
{
  const prow *r = s->nrows ? &s->rows[s->nrows - 1] : NULL;
  if (!r || r->slot < 0 || s->p->fields[f].type != RT_SET)
    return 0;
  memcpy(v, (const uint64_t *)s->cols[f] + r->slot, 8);
  return 1;
}

void rti_sc_row(sc *s)
{
  read_row(s);
}

void rti_sc_tag(sc *s, uint64_t tag)
{
  s->tagged = 1;
  if (s->nrows)
    s->rows[s->nrows - 1].tag = tag;
}

int rti_sc_full(const sc *s)
{
  return s->nslots == BATCH || s->nrows == MAX_PENDING;
}

void rti_sc_flush(sc *s)
{
  flush_batch(s);
}

/* After the last row: evaluate what is pending, close pass 1, apply the
** limits. */
int rti_sc_finish(sc *s)
{
  flush_batch(s);
  spill_flush(s);
  if (s->spill_err || fflush(s->spill) != 0) {
    fprintf(stderr, "polis: error: cannot write a temporary file: %s\n",
            strerror(s->spill_err ? s->spill_err : errno));
    return -1;
  }
  progress(s, 1);
  if (s->ledger)
    rti_ledger_resolve(s->ledger);
  return 0;
}

uint64_t rti_sc_rows(const sc *s)
{
  return s->row_no;
}

const int64_t *rti_sc_quota(const sc *s)
{
  return s->qgranted;
}

/* ---- Pass 2: decisions ------------------------------------------------- */

static int rd_fill(rd *r)
{
  if (r->pos < r->end)
    return 1;
  r->end = fread(r->buf, 1, IOBUF, r->f);
  r->pos = 0;
  if (r->end == 0)
    r->bad = 1;
  return r->end > 0;
}

static int rd_byte(rd *r)
{
  return rd_fill(r) ? r->buf[r->pos++] : 0;
}

static uint64_t rd_varint(rd *r)
{
  uint64_t v = 0;
  for (int sh = 0; sh < 64; sh += 7) {
    int b = rd_byte(r);
    v |= (uint64_t)(b & 0x7f) << sh;
    if (!(b & 0x80))
      break;
  }
  return v;
}

static void rd_bytes(rd *r, size_t n, rt_buf *out)
{
  out->n = 0;
  while (n && rd_fill(r)) {
    size_t k = r->end - r->pos;
    if (k > n)
      k = n;
    rti_buf_add(out, r->buf + r->pos, k);
    r->pos += k;
    n -= k;
  }
}

void rti_dec_init(const rt_policy *p, rti_dec *d)
{
  memset(d, 0, sizeof *d);
  d->amt = rti_calloc((size_t)p->n_benefits * RT_NPAYEES + 1, sizeof *d->amt);
  d->said = rti_calloc((size_t)p->reason_words + 1, sizeof *d->said);
}

void rti_dec_free(rti_dec *d)
{
  rti_buf_free(&d->cid);
  rti_buf_free(&d->reasons);
  rti_buf_free(&d->rules);
  free(d->amt);
  free(d->said);
}

void rti_sc_rewind(sc *s)
{
  const rt_policy *p = s->p;
  s->stop = s->ledger ? rti_ledger_stops(s->ledger, &s->nstop) : NULL;
  if (!s->stop)
    s->nstop = 0;
  s->di = 0;
  s->out_row = 0;
  rewind(s->spill);
  s->r.f = s->spill;
  if (!s->r.buf)
    s->r.buf = rti_malloc(IOBUF);
  s->r.pos = s->r.end = 0;
  s->r.bad = 0;
  if (!s->rule_idx) {
    s->rule_idx = rti_calloc((size_t)p->n_rules + 1, sizeof *s->rule_idx);
    s->qcode = rti_calloc((size_t)p->n_quotas + 1, sizeof *s->qcode);
  }
}

static void add_said(rt_buf *b, int *n, const char *code)
{
  if ((*n)++)
    rti_buf_addc(b, '|');
  rti_buf_adds(b, code);
}

/* Decode the next row's final decision: the spilled record with the
** limits' cuts applied, the grant counted into the quotas.  Returns 0, or
** -1 if the spill file is truncated. */
int rti_sc_next(sc *s, rti_dec *d)
{
  const rt_policy *p = s->p;
  size_t nb = (size_t)p->n_benefits * RT_NPAYEES;
  rd *r = &s->r;
  uint64_t row = s->out_row++;
  int st = (int)rd_varint(r);
  int nreasons = 0, nrules = 0;

  d->tag = s->tagged ? rd_varint(r) : 0;
  rd_bytes(r, rd_varint(r), &d->cid);
  d->reasons.n = 0;
  uint64_t nrr = rd_varint(r);
  for (uint64_t k = 0; k < nrr; k++) {
    uint64_t code = rd_varint(r), field = rd_varint(r);
    add_said(&d->reasons, &nreasons, code < RC_COUNT ? rti_code_names[code] : "?");
    if (field && field <= (uint64_t)p->n_fields) {
      rti_buf_addc(&d->reasons, ':');
      rti_buf_adds(&d->reasons, p->fields[field - 1].name);
    }
  }
  memset(d->said, 0, (size_t)p->reason_words * sizeof *d->said);
  uint64_t ner = rd_varint(r);
  for (uint64_t k = 0; k < ner; k++) {
    uint64_t idx = rd_varint(r);
    if (idx < (uint64_t)p->n_reasons) {
      d->said[idx / 64] |= (uint64_t)1 << (idx % 64);
      add_said(&d->reasons, &nreasons, p->reasons[idx].code);
    } else {
      add_said(&d->reasons, &nreasons, "?");
    }
  }
  memset(d->amt, 0, nb * sizeof *d->amt);
  if (st == ST_GRANTED) {
    uint64_t nu = rd_varint(r);
    for (uint64_t k = 0; k < nu; k++) {
      uint64_t idx = rd_varint(r);
      if (idx < (uint64_t)p->n_rules)
        s->rule_idx[nrules++] = (int)idx;
    }
    uint64_t na = rd_varint(r);
    for (uint64_t k = 0; k < na; k++) {
      uint64_t idx = rd_varint(r), z = rd_varint(r);
      int64_t v = (int64_t)(z >> 1) ^ -(int64_t)(z & 1);
      if (idx < nb)
        d->amt[idx] = v;
    }
    for (int q = 0; q < p->n_quotas; q++)
      s->qcode[q] = rd_varint(r);
  }
  if (r->bad) {
    fprintf(stderr, "polis: error: the spill file is truncated\n");
    return -1;
  }
  while (s->di < s->nstop && s->stop[s->di].row < row)
    s->di++;
  if (s->di < s->nstop && s->stop[s->di].row == row && st == ST_GRANTED) {
    /* Cut by limits: the stopped benefits lose their amounts and rules;
    ** with nothing left the claim is denied. */
    const rti_stop *cut = &s->stop[s->di];
    int64_t left = 0;
    for (int b = 0; b < p->n_benefits; b++) {
      if (cut->benefits >> b & 1)
        d->amt[2 * b] = d->amt[2 * b + 1] = 0;
      left += d->amt[2 * b] + d->amt[2 * b + 1];
    }
    int kept = 0;
    for (int k = 0; k < nrules; k++)
      if (!(cut->benefits >> p->rules[s->rule_idx[k]].benefit & 1))
        s->rule_idx[kept++] = s->rule_idx[k];
    nrules = kept;
    if (cut->denied || left <= 0) {
      st = ST_DENIED;
      nrules = 0;
      memset(d->amt, 0, nb * sizeof *d->amt);
    }
    for (int l = 0; l < p->n_limits; l++) {
      if (!(cut->limits >> l & 1))
        continue;
      int ri = p->limits[l].reason;
      if (d->said[ri / 64] >> (ri % 64) & 1)
        continue;
      d->said[ri / 64] |= (uint64_t)1 << (ri % 64);
      add_said(&d->reasons, &nreasons, p->reasons[ri].code);
    }
  }
  if (st == ST_GRANTED)
    for (int q = 0; q < p->n_quotas; q++)
      if (s->qcode[q]) {
        const rt_quota *qu = &p->quotas[q];
        uint64_t k = s->qcode[q] - 2;
        s->qgranted[qu->slot + (s->qcode[q] >= 2 && k < (uint64_t)qu->n_keys ? (int)k : qu->n_keys)]++;
      }
  if (st == ST_DENIED && nreasons == 0)
    rti_buf_adds(&d->reasons, "no_rule_applies");

  d->status = st;
  d->person_fen = d->organizer_fen = 0;
  for (size_t k = 0; k < nb; k++) {
    if (k % RT_NPAYEES == RT_PAYEE_PERSON)
      d->person_fen += d->amt[k];
    else
      d->organizer_fen += d->amt[k];
  }
  d->rules.n = 0;
  for (int k = 0; k < nrules; k++) {
    if (k)
      rti_buf_addc(&d->rules, '|');
    rti_buf_adds(&d->rules, p->rules[s->rule_idx[k]].name);
  }
  /* NUL-terminate the texts for callers that want C strings. */
  rti_buf_addc(&d->cid, 0), d->cid.n--;
  rti_buf_addc(&d->rules, 0), d->rules.n--;
  rti_buf_addc(&d->reasons, 0), d->reasons.n--;
  return 0;
}

const char rti_decisions_header[] =
  "claim_id,status,person_amount,organizer_amount,total_amount,rules,reasons\n";

void rti_dec_csv(const rti_dec *d, rt_buf *o)
{
  static const char *const stname[] = {",granted,", ",denied,", ",rejected,"};
  char money[32];
  rti_csv_put(o, d->cid.p ? d->cid.p : "", d->cid.n);
  rti_buf_adds(o, stname[d->status]);
  rt_format_fen(d->person_fen, money);
  rti_buf_adds(o, money);
  rti_buf_addc(o, ',');
  rt_format_fen(d->organizer_fen, money);
  rti_buf_adds(o, money);
  rti_buf_addc(o, ',');
  rt_format_fen(d->person_fen + d->organizer_fen, money);
  rti_buf_adds(o, money);
  rti_buf_addc(o, ',');
  rti_csv_put(o, d->rules.p ? d->rules.p : "", d->rules.n);
  rti_buf_addc(o, ',');
  rti_csv_put(o, d->reasons.p ? d->reasons.p : "", d->reasons.n);
  rti_buf_addc(o, '\n');
}

void rti_summary_add(rt_summary *sum, const rti_dec *d)
{
  sum->rows++;
  if (d->status == ST_GRANTED)
    sum->granted++;
  else if (d->status == ST_DENIED)
    sum->denied++;
  else
    sum->rejected++;
  sum->person_fen += d->person_fen;
  sum->organizer_fen += d->organizer_fen;
}

int rti_flush_out(FILE *out, rt_buf *b)
{
  int ok = b->n == 0 || fwrite(b->p, 1, b->n, out) == b->n;
  b->n = 0;
  return ok;
}

static int write_decisions(sc *s, FILE *out, rt_summary *sum, int64_t *ben)
{
  const rt_policy *p = s->p;
  size_t nb = (size_t)p->n_benefits * RT_NPAYEES;
  rt_buf o = {0};
  rti_dec d;
  int ok = 1, bad = 0;

  rti_dec_init(p, &d);
  rti_sc_rewind(s);
  rti_buf_adds(&o, rti_decisions_header);
  for (uint64_t row = 0; row < s->row_no && ok; row++) {
    if (rti_sc_next(s, &d)) {
      ok = 0;
      bad = 1;
      break;
    }
    for (size_t k = 0; k < nb; k++)
      ben[k] += d.amt[k];
    rti_dec_csv(&d, &o);
    rti_summary_add(sum, &d);
    if (o.n >= IOBUF && !rti_flush_out(out, &o))
      ok = 0;
  }
  if (ok && !rti_flush_out(out, &o))
    ok = 0;
  if (ok && fflush(out) != 0)
    ok = 0;
  if (!ok && !bad)
    fprintf(stderr, "polis: error: cannot write the decisions: %s\n", strerror(errno));
  rti_buf_free(&o);
  rti_dec_free(&d);
  return ok ? 0 : -1;
}

/* ---- Driver ------------------------------------------------------------ */

static void print_summary(const sc *s, const rt_summary *sum, const int64_t *ben,
                          double secs)
{
  const rt_policy *p = s->p;
  char a[32], b[32], c[32];
  fprintf(stderr, "policy    %s%s%s\n", p->name, *p->title ? " — " : "", p->title);
  if (*p->source_doc)
    fprintf(stderr, "source    %s\n", p->source_doc);
  if (*p->source_hash)
    fprintf(stderr, "sha256    %s\n", p->source_hash);
  fprintf(stderr, "rows      %lld: %lld granted, %lld denied, %lld rejected\n",
          (long long)sum->rows, (long long)sum->granted, (long long)sum->denied,
          (long long)sum->rejected);
  rt_format_fen(sum->person_fen, a);
  rt_format_fen(sum->organizer_fen, b);
  rt_format_fen(sum->person_fen + sum->organizer_fen, c);
  fprintf(stderr, "paid      %s yuan to persons, %s yuan to organizers, %s yuan in all\n",
          a, b, c);
  for (int i = 0; i < p->n_benefits; i++) {
    rt_format_fen(ben[2 * i], a);
    rt_format_fen(ben[2 * i + 1], b);
    rt_format_fen(ben[2 * i] + ben[2 * i + 1], c);
    fprintf(stderr, "  %-24s %s (persons %s, organizers %s)\n", p->benefits[i].name,
            c, a, b);
  }
  if (p->n_quotas)
    rt_quota_print(p, s->qgranted, stderr);
  fprintf(stderr, "time      %.3f s, %.0f rows/s\n", secs,
          secs > 0 ? (double)sum->rows / secs : 0.0);
}

static int write_quota_report(const rt_policy *p, const int64_t *granted, const char *path)
{
  FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");
  if (!f) {
    fprintf(stderr, "%s: error: cannot open for writing: %s\n", path, strerror(errno));
    return -1;
  }
  int bad = rt_quota_report(p, granted, f) != 0;
  if (f == stdout)
    bad |= fflush(f) != 0;
  else
    bad |= fclose(f) != 0;
  if (bad) {
    fprintf(stderr, "%s: error: cannot write the quota report: %s\n", path, strerror(errno));
    return -1;
  }
  return 0;
}

int rti_progress_wanted(int opt)
{
  return opt == 1 || (opt < 0 && isatty(fileno(stderr)));
}

/* out may be NULL: then out_path is opened only once the input has been
** read, so a header error leaves no output file behind. */
static int score_run(const rt_policy *p, FILE *in, const char *in_name,
                     FILE *out, const char *out_path, const rt_score_opts *opts,
                     rt_summary *sum)
{
  static const rt_score_opts defaults = {NULL, NULL, NULL, 0, 0, NULL, NULL};
  rt_summary dummy;
  rt_csv csv;
  sc *s;
  int rc = 1;
  char *ledger_tmp = NULL;
  FILE *own_out = NULL;
  int64_t *ben = NULL;

  if (!opts)
    opts = &defaults;
  if (!sum)
    sum = &dummy;
  memset(sum, 0, sizeof *sum);
  if (!in_name)
    in_name = "<stdin>";
  rti_csv_init(&csv, in);
  s = rti_sc_new(p, &csv, in_name, rti_progress_wanted(opts->progress),
                 opts->ledger_path != NULL);
  ben = rti_calloc((size_t)p->n_benefits * RT_NPAYEES + 1, sizeof *ben);

  if (opts->ledger_path && rti_ledger_load(s->ledger, opts->ledger_path, &s->seen))
    goto done;
  if (rti_sc_read_header(&csv, in_name) || rti_sc_header(s))
    goto done;
  for (;;) {
    int r = rti_csv_next(&csv);
    if (r < 0) {
      fprintf(stderr, "%s: error: read error: %s\n", in_name, strerror(errno));
      goto done;
    }
    if (r == 0)
      break;
    read_row(s);
    if (rti_sc_full(s))
      flush_batch(s);
  }
  if (rti_sc_finish(s))
    goto done;
  if (opts->ledger_path &&
      rti_ledger_write_temp(s->ledger, opts->ledger_path, &ledger_tmp))
    goto done;

  if (!out) {
    if (!out_path || strcmp(out_path, "-") == 0) {
      out = stdout;
    } else {
      own_out = fopen(out_path, "wb");
      if (!own_out) {
        fprintf(stderr, "%s: error: cannot open for writing: %s\n", out_path,
                strerror(errno));
        goto done;
      }
      out = own_out;
    }
  }
  if (write_decisions(s, out, sum, ben))
    goto done;
  if (own_out) {
    int e = fclose(own_out);
    own_out = NULL;
    if (e != 0) {
      fprintf(stderr, "%s: error: cannot write: %s\n", out_path, strerror(errno));
      goto done;
    }
  }
  if (opts->quota_report_path && write_quota_report(p, s->qgranted, opts->quota_report_path))
    goto done;
  if (opts->quota_granted)
    memcpy(opts->quota_granted, s->qgranted, (size_t)p->quota_slots * sizeof *s->qgranted);
  if (ledger_tmp) {
    if (rename(ledger_tmp, opts->ledger_path) != 0) {
      fprintf(stderr, "%s: error: cannot replace the ledger: %s\n",
              opts->ledger_path, strerror(errno));
      goto done;
    }
    free(ledger_tmp);
    ledger_tmp = NULL;
  }
  if (!opts->quiet)
    print_summary(s, sum, ben, rti_now() - s->t0);
  rc = 0;

done:
  if (ledger_tmp) {
    unlink(ledger_tmp);
    free(ledger_tmp);
  }
  if (own_out)
    fclose(own_out);
  rti_sc_free(s);
  rti_csv_free(&csv);
  free(ben);
  return rc;
}

int rt_score_stream(const rt_policy *p, FILE *in, const char *in_name,
                    FILE *out, const rt_score_opts *opts, rt_summary *sum)
{
  return score_run(p, in, in_name, out, NULL, opts, sum);
}

FILE *rti_open_claims(const char *path, const char **name)
{
  *name = "<stdin>";
  if (!path || strcmp(path, "-") == 0)
    return stdin;
  FILE *in = fopen(path, "rb");
  if (!in)
    fprintf(stderr, "%s: error: cannot open: %s\n", path, strerror(errno));
  *name = path;
  return in;
}

int rt_score(const rt_policy *p, const rt_score_opts *opts, rt_summary *sum)
{
  const char *name;
  FILE *in = rti_open_claims(opts ? opts->claims_path : NULL, &name);
  if (!in)
    return 1;
  int rc = score_run(p, in, name, NULL, opts ? opts->out_path : NULL, opts, sum);
  if (in != stdin)
    fclose(in);
  return rc;
}
