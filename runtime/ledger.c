/*
** ledger.c — per-person limits and the ledger of grants.
**
** Every provisionally granted claim of the run, and every grant loaded from
** an earlier run's ledger, becomes a candidate, with two bit masks: the
** benefits that pay and the flags (limits' `while` conditions) that hold.
** Candidates are sorted by (person, claim_date, claim_id) and each person's
** are walked in that order: a new claim is checked against the person's
** earlier grants of the ledger (all of them: they are paid and cannot be
** undone, whatever their date) and the grants of this run before it.
**
** For one claim the limits are taken in declaration order on the claim's
** live benefit mask.  A limit applies if the claim holds its flag (if any)
** and still pays its benefit (or anything, for a whole-claim limit); it
** counts the earlier grants that held the flag, paid the benefit, fall in
** the period and (unique) have equal key values.  Over the limit the
** benefit (or everything) is struck from the live mask.  What is left is
** the final grant, counted by later claims; a claim left with nothing is
** not a grant and uses up no slot.  Memory is O(grants), the one part of
** the runtime allowed to grow with the input.
*/
#include "rt_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

enum { C_OLD = 1, C_DENIED = 2 };

typedef struct cand {
  uint32_t person;          /* interned person id */
  uint32_t flags;           /* C_* */
  int64_t date;
  uint64_t row;             /* input row, UINT64_MAX for ledger grants */
  uint64_t paid;            /* benefits paying; after resolving, the final ones */
  uint64_t held;            /* flags held */
  size_t cid;               /* text offset of [u32 len][claim id] */
  size_t keys;              /* text offset: per key field [u32 len][text] */
} cand;

/* Sort record: pointers into the text buffer are stable once all
** candidates are in, and they spare qsort a context argument. */
typedef struct sortrec {
  uint32_t rank;
  uint32_t idx;
  int64_t date;
  const char *cid;
  uint32_t clen;
} sortrec;

struct rti_ledger {
  const rt_policy *p;
  rt_buf text;
  size_t *pers;             /* person id -> text offset */
  uint32_t npers, perscap;
  uint32_t *ptab;           /* hash table of person ids + 1; 0 empty */
  size_t pmask;
  cand *c;
  size_t n, cap;
  uint32_t *order;          /* candidate indices in ledger order */
  rti_stop *stop;
  size_t nstop, stopcap;
};

static uint32_t get_u32(const char *s)
{
  uint32_t v;
  memcpy(&v, s, 4);
  return v;
}

static size_t put_str(rt_buf *b, const char *s, size_t n)
{
  size_t at = b->n;
  uint32_t len = (uint32_t)n;
  rti_buf_add(b, &len, 4);
  rti_buf_add(b, s, n);
  return at;
}

rti_ledger *rti_ledger_new(const rt_policy *p)
{
  rti_ledger *L = rti_calloc(1, sizeof *L);
  L->p = p;
  return L;
}

void rti_ledger_free(rti_ledger *L)
{
  if (!L)
    return;
  rti_buf_free(&L->text);
  free(L->pers);
  free(L->ptab);
  free(L->c);
  free(L->order);
  free(L->stop);
  free(L);
}

/* ---- Persons ----------------------------------------------------------- */

static uint32_t intern(rti_ledger *L, const char *s, size_t n)
{
  if (!L->ptab || (size_t)(L->npers + 1) * 2 > L->pmask + 1) {
    size_t cap = L->ptab ? (L->pmask + 1) * 2 : 1024;
    uint32_t *t = rti_calloc(cap, sizeof *t);
    for (uint32_t id = 0; id < L->npers; id++) {
      const char *ps = L->text.p + L->pers[id];
      size_t j = (size_t)rti_hash64(ps + 4, get_u32(ps), 0) & (cap - 1);
      while (t[j])
        j = (j + 1) & (cap - 1);
      t[j] = id + 1;
    }
    free(L->ptab);
    L->ptab = t;
    L->pmask = cap - 1;
  }
  size_t j = (size_t)rti_hash64(s, n, 0) & L->pmask;
  while (L->ptab[j]) {
    uint32_t id = L->ptab[j] - 1;
    const char *ps = L->text.p + L->pers[id];
    if (get_u32(ps) == n && memcmp(ps + 4, s, n) == 0)
      return id;
    j = (j + 1) & L->pmask;
  }
  if (L->npers == L->perscap) {
    L->perscap = L->perscap ? L->perscap * 2 : 1024;
    L->pers = rti_realloc(L->pers, L->perscap * sizeof *L->pers);
  }
  L->pers[L->npers] = put_str(&L->text, s, n);
  L->ptab[j] = L->npers + 1;
  return L->npers++;
}

static void add(rti_ledger *L, const char *person, size_t plen, int64_t date,
                const char *claim_id, size_t clen, const char *keys,
                size_t klen, uint64_t row, uint64_t paid, uint64_t held,
                uint32_t flags)
{
  if (L->n == L->cap) {
    L->cap = L->cap ? L->cap * 2 : 1024;
    L->c = rti_realloc(L->c, L->cap * sizeof *L->c);
  }
  cand *c = &L->c[L->n++];
  c->person = intern(L, person, plen);
  c->flags = flags;
  c->date = date;
  c->row = row;
  c->paid = paid;
  c->held = held;
  c->cid = put_str(&L->text, claim_id, clen);
  c->keys = L->text.n;
  rti_buf_add(&L->text, keys, klen);
}

void rti_ledger_add(rti_ledger *L, const char *person, size_t plen,
                    int64_t date, const char *claim_id, size_t clen,
                    const char *keys, size_t klen, uint64_t row,
                    uint64_t paid, uint64_t held)
{
  add(L, person, plen, date, claim_id, clen, keys, klen, row, paid, held, 0);
}

/* ---- Loading ----------------------------------------------------------- */

/* Column index of a header cell equal to want (trimmed), or -1. */
static int find_col(const rt_csv *csv, const char *want)
{
  int found = -1;
  for (int i = 0; i < csv->ncells; i++) {
    size_t n;
    const char *s = rti_csv_cell(csv, i, &n);
    while (n && (*s == ' ' || *s == '\t'))
      s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
      n--;
    if (n == strlen(want) && memcmp(s, want, n) == 0)
      found = i;
  }
  return found;
}

/* A `|`-joined list of names (benefits or flags) into a bit mask.  Empty
** pieces and spaces around names are ignored.  Returns 0, or -1 after a
** diagnostic naming the unknown name. */
static int parse_names(const rt_strmap *map, const char *s, size_t n, uint64_t *mask,
                       const char *path, int64_t line, const char *what)
{
  *mask = 0;
  while (n) {
    const char *bar = memchr(s, '|', n);
    size_t k = bar ? (size_t)(bar - s) : n;
    const char *a = s;
    size_t an = k;
    while (an && (*a == ' ' || *a == '\t'))
      a++, an--;
    while (an && (a[an - 1] == ' ' || a[an - 1] == '\t'))
      an--;
    if (an) {
      int i = rti_strmap_get(map, a, an);
      if (i < 0) {
        fprintf(stderr, "%s:%lld: error: unknown %s '%.*s' in the ledger\n", path,
                (long long)line, what, (int)an, a);
        return -1;
      }
      *mask |= (uint64_t)1 << i;
    }
    if (!bar)
      break;
    s += k + 1;
    n -= k + 1;
  }
  return 0;
}

static int load_rows(rti_ledger *L, rt_csv *csv, const char *path,
                     rt_u64set *seen)
{
  const rt_policy *p = L->p;
  const rti_policy *pi = rti_pol(p);
  int ncol, col[3], *kcol = rti_calloc((size_t)pi->n_keyf + 1, sizeof *kcol);
  static const char *const base[3] = {"person_id", "claim_date", "claim_id"};
  rt_buf keys = {0};
  int rc = 0, r, bcol, fcol;
  /* A ledger of ABI 1 has neither column: every benefit paid, no flags. */
  uint64_t all = p->n_benefits >= 64 ? ~(uint64_t)0
                                     : ((uint64_t)1 << p->n_benefits) - 1;

  r = rti_csv_next(csv);
  if (r <= 0) {
    if (r < 0)
      fprintf(stderr, "%s: error: read error: %s\n", path, strerror(errno));
    else
      fprintf(stderr, "%s:1: error: the ledger has no header line\n", path);
    free(kcol);
    return -1;
  }
  ncol = csv->ncells;
  for (int k = 0; k < 3 + pi->n_keyf && !rc; k++) {
    const char *want = k < 3 ? base[k] : p->fields[pi->keyf[k - 3]].name;
    int found = find_col(csv, want);
    if (found < 0) {
      fprintf(stderr, "%s:%lld: error: the ledger header has no column '%s'\n",
              path, (long long)csv->line, want);
      rc = -1;
    }
    if (k < 3)
      col[k] = found;
    else
      kcol[k - 3] = found;
  }
  bcol = find_col(csv, "benefits");
  fcol = find_col(csv, "flags");

  while (!rc && (r = rti_csv_next(csv)) > 0) {
    size_t pn, dn, cn, n;
    int64_t date;
    uint64_t paid = all, held = 0;
    const char *s;
    if (csv->ncells != ncol || csv->bad_quoting) {
      fprintf(stderr, "%s:%lld: error: malformed ledger row\n", path,
              (long long)csv->line);
      rc = -1;
      break;
    }
    const char *ps = rti_csv_cell(csv, col[0], &pn);
    const char *ds = rti_csv_cell(csv, col[1], &dn);
    const char *cs = rti_csv_cell(csv, col[2], &cn);
    if (rti_blank(ps, pn) || !rt_parse_date(ds, dn, &date)) {
      fprintf(stderr, "%s:%lld: error: bad person_id or claim_date in the ledger\n",
              path, (long long)csv->line);
      rc = -1;
      break;
    }
    if (bcol >= 0) {
      s = rti_csv_cell(csv, bcol, &n);
      if (parse_names(&pi->benefits, s, n, &paid, path, csv->line, "benefit")) {
        rc = -1;
        break;
      }
    }
    if (fcol >= 0) {
      s = rti_csv_cell(csv, fcol, &n);
      if (parse_names(&pi->flagmap, s, n, &held, path, csv->line, "flag")) {
        rc = -1;
        break;
      }
    }
    rti_u64set_add(seen, rti_claim_hash(cs, cn));
    /* Key values in canonical form, so "300" and "300.00" compare equal. */
    keys.n = 0;
    for (int k = 0; k < pi->n_keyf; k++) {
      int f = pi->keyf[k];
      size_t kn, at;
      int64_t v;
      const char *ks = rti_csv_cell(csv, kcol[k], &kn);
      uint32_t len = 0;
      at = keys.n;
      rti_buf_add(&keys, &len, 4);
      if (p->fields[f].type == RT_TEXT)
        rti_buf_add(&keys, ks, kn);
      else if (rti_blank(ks, kn))
        ;
      else if (rti_parse(p, f, ks, kn, &v) == RC_OK)
        rti_canon(p, f, v, ks, kn, &keys);
      else
        rti_buf_add(&keys, ks, kn);
      len = (uint32_t)(keys.n - at - 4);
      memcpy(keys.p + at, &len, 4);
    }
    /* The person in the same canonical form as claims produce. */
    rt_buf pb = {0};
    rti_canon(p, p->f_person_id, 0, ps, pn, &pb);
    add(L, pb.p ? pb.p : "", pb.n, date, cs, cn, keys.p ? keys.p : "", keys.n,
        UINT64_MAX, paid, held, C_OLD);
    rti_buf_free(&pb);
  }
  if (!rc && r < 0) {
    fprintf(stderr, "%s: error: read error: %s\n", path, strerror(errno));
    rc = -1;
  }
  rti_buf_free(&keys);
  free(kcol);
  return rc;
}

int rti_ledger_load(rti_ledger *L, const char *path, rt_u64set *seen)
{
  FILE *f = fopen(path, "rb");
  if (!f) {
    if (errno == ENOENT)
      return 0;
    fprintf(stderr, "%s: error: cannot open the ledger: %s\n", path, strerror(errno));
    return -1;
  }
  rt_csv csv;
  rti_csv_init(&csv, f);
  int rc = load_rows(L, &csv, path, seen);
  rti_csv_free(&csv);
  fclose(f);
  return rc;
}

/* ---- Resolving --------------------------------------------------------- */

typedef struct prec {
  const char *s;
  uint32_t len, id;
} prec;

static int cmp_bytes(const char *a, size_t an, const char *b, size_t bn)
{
  int c = memcmp(a, b, an < bn ? an : bn);
  if (c)
    return c;
  return an < bn ? -1 : an > bn;
}

static int cmp_prec(const void *x, const void *y)
{
  const prec *a = x, *b = y;
  return cmp_bytes(a->s, a->len, b->s, b->len);
}

static int cmp_sortrec(const void *x, const void *y)
{
  const sortrec *a = x, *b = y;
  if (a->rank != b->rank)
    return a->rank < b->rank ? -1 : 1;
  if (a->date != b->date)
    return a->date < b->date ? -1 : 1;
  int c = cmp_bytes(a->cid, a->clen, b->cid, b->clen);
  if (c)
    return c;
  return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static int cmp_stop(const void *x, const void *y)
{
  const rti_stop *a = x, *b = y;
  return a->row < b->row ? -1 : a->row > b->row;
}

static int64_t year_of(int64_t days)
{
  int64_t y;
  unsigned m, d;
  rt_civil_from_days(days, &y, &m, &d);
  return y;
}

/* Text of key field position pos in a candidate's key blob. */
static const char *key_at(const rti_ledger *L, const cand *c, int pos, uint32_t *len)
{
  const char *s = L->text.p + c->keys;
  for (int i = 0; i < pos; i++)
    s += 4 + get_u32(s);
  *len = get_u32(s);
  return s + 4;
}

/* Unique limits: one hash table of (person, limit, [year,] key values) over
** the counted grants of every person. */
static uint64_t ukey_hash(const rti_ledger *L, int l, const cand *c)
{
  const rt_limit *lim = &L->p->limits[l];
  const int *kp = &rti_pol(L->p)->keypos[l * 8];
  uint64_t h = ((uint64_t)c->person << 8 | (uint64_t)l) * 0x9E3779B97F4A7C15ULL;
  if (lim->period == RT_PERIOD_YEAR) {
    int64_t y = year_of(c->date);
    h = rti_hash64(&y, sizeof y, h);
  }
  for (int k = 0; k < lim->nkeys; k++) {
    uint32_t n;
    const char *s = key_at(L, c, kp[k], &n);
    h = rti_hash64(s, n, h);
  }
  return h;
}

static int ukey_eq(const rti_ledger *L, int l, const cand *a, const cand *b)
{
  const rt_limit *lim = &L->p->limits[l];
  const int *kp = &rti_pol(L->p)->keypos[l * 8];
  if (a->person != b->person)
    return 0;
  if (lim->period == RT_PERIOD_YEAR && year_of(a->date) != year_of(b->date))
    return 0;
  for (int k = 0; k < lim->nkeys; k++) {
    uint32_t an, bn;
    const char *as = key_at(L, a, kp[k], &an);
    const char *bs = key_at(L, b, kp[k], &bn);
    if (an != bn || memcmp(as, bs, an) != 0)
      return 0;
  }
  return 1;
}

typedef struct uslot {
  uint64_t h;
  uint32_t cand;            /* UINT32_MAX = empty */
  uint32_t limit;
} uslot;

typedef struct utab {
  uslot *s;
  size_t mask;
} utab;

/* Find (or with insert, add) a counted grant with the same person and key. */
static int utab_probe(const rti_ledger *L, utab *t, int l, uint32_t ci, int insert)
{
  const cand *c = &L->c[ci];
  uint64_t h = ukey_hash(L, l, c);
  size_t j = (size_t)h & t->mask;
  while (t->s[j].cand != UINT32_MAX) {
    if (t->s[j].h == h && t->s[j].limit == (uint32_t)l &&
        ukey_eq(L, l, &L->c[t->s[j].cand], c))
      return 1;
    j = (j + 1) & t->mask;
  }
  if (insert) {
    t->s[j].h = h;
    t->s[j].cand = ci;
    t->s[j].limit = (uint32_t)l;
  }
  return 0;
}

/* Count limits: per limit, the current person's counted grants per year
** (one entry, year 0, for a limit over all years). */
typedef struct ycount {
  int64_t year, n;
} ycount;

typedef struct lcount {
  ycount *yc;
  size_t n, cap;
} lcount;

static int64_t *year_slot(lcount *lc, int64_t year)
{
  for (size_t i = 0; i < lc->n; i++)
    if (lc->yc[i].year == year)
      return &lc->yc[i].n;
  if (lc->n == lc->cap) {
    lc->cap = lc->cap ? lc->cap * 2 : 8;
    lc->yc = rti_realloc(lc->yc, lc->cap * sizeof *lc->yc);
  }
  lc->yc[lc->n].year = year;
  lc->yc[lc->n].n = 0;
  return &lc->yc[lc->n++].n;
}

/* Does a grant that paid `paid` and held `held` count for limit lim? */
static int counts_for(const rt_limit *lim, uint64_t paid, uint64_t held)
{
  if (lim->flag >= 0 && !(held >> lim->flag & 1))
    return 0;
  if (lim->benefit >= 0 && !(paid >> lim->benefit & 1))
    return 0;
  return 1;
}

/* Record a final grant: it now counts for every limit it qualifies for. */
static void count_grant(const rti_ledger *L, utab *t, lcount *lc, uint32_t ci)
{
  const rt_policy *p = L->p;
  const cand *c = &L->c[ci];
  for (int l = 0; l < p->n_limits; l++) {
    const rt_limit *lim = &p->limits[l];
    if (!counts_for(lim, c->paid, c->held))
      continue;
    if (lim->kind == RT_LIMIT_UNIQUE)
      utab_probe(L, t, l, ci, 1);
    else
      (*year_slot(&lc[l], lim->period == RT_PERIOD_YEAR ? year_of(c->date) : 0))++;
  }
}

void rti_ledger_resolve(rti_ledger *L)
{
  const rt_policy *p = L->p;
  size_t n = L->n;

  /* Rank persons by their text so the ledger file comes out sorted. */
  prec *pr = rti_malloc(L->npers * sizeof *pr);
  uint32_t *rank = rti_malloc(L->npers * sizeof *rank);
  for (uint32_t i = 0; i < L->npers; i++) {
    const char *s = L->text.p + L->pers[i];
    pr[i].s = s + 4;
    pr[i].len = get_u32(s);
    pr[i].id = i;
  }
  qsort(pr, L->npers, sizeof *pr, cmp_prec);
  for (uint32_t i = 0; i < L->npers; i++)
    rank[pr[i].id] = i;
  free(pr);

  sortrec *sr = rti_malloc(n * sizeof *sr);
  for (size_t i = 0; i < n; i++) {
    const char *s = L->text.p + L->c[i].cid;
    sr[i].rank = rank[L->c[i].person];
    sr[i].idx = (uint32_t)i;
    sr[i].date = L->c[i].date;
    sr[i].cid = s + 4;
    sr[i].clen = get_u32(s);
  }
  free(rank);
  qsort(sr, n, sizeof *sr, cmp_sortrec);
  free(L->order);
  L->order = rti_malloc(n * sizeof *L->order);
  for (size_t i = 0; i < n; i++)
    L->order[i] = sr[i].idx;
  free(sr);

  int nuniq = 0;
  for (int l = 0; l < p->n_limits; l++)
    nuniq += p->limits[l].kind == RT_LIMIT_UNIQUE;
  utab t = {0};
  if (nuniq) {
    size_t cap = 16;
    while (cap < n * (size_t)nuniq * 2)
      cap *= 2;
    t.s = rti_malloc(cap * sizeof *t.s);
    for (size_t i = 0; i < cap; i++)
      t.s[i].cand = UINT32_MAX;
    t.mask = cap - 1;
  }

  lcount *lc = rti_calloc((size_t)p->n_limits + 1, sizeof *lc);
  for (size_t g = 0; g < n && p->n_limits;) {
    size_t e = g;
    uint32_t person = L->c[L->order[g]].person;
    while (e < n && L->c[L->order[e]].person == person)
      e++;
    for (int l = 0; l < p->n_limits; l++)
      lc[l].n = 0;
    /* Earlier runs' grants first: they bind whatever their date. */
    for (size_t k = g; k < e; k++)
      if (L->c[L->order[k]].flags & C_OLD)
        count_grant(L, &t, lc, L->order[k]);
    for (size_t k = g; k < e; k++) {
      uint32_t ci = L->order[k];
      cand *c = &L->c[ci];
      if (c->flags & C_OLD)
        continue;
      uint64_t live = c->paid, fired = 0;
      for (int l = 0; l < p->n_limits; l++) {
        const rt_limit *lim = &p->limits[l];
        if (lim->flag >= 0 && !(c->held >> lim->flag & 1))
          continue;
        if (lim->benefit >= 0 ? !(live >> lim->benefit & 1) : live == 0)
          continue;
        int over;
        if (lim->kind == RT_LIMIT_UNIQUE)
          over = utab_probe(L, &t, l, ci, 0);
        else
          over = *year_slot(&lc[l], lim->period == RT_PERIOD_YEAR ? year_of(c->date) : 0) >=
                 lim->n;
        if (!over)
          continue;
        fired |= (uint64_t)1 << l;
        live = lim->benefit >= 0 ? live & ~((uint64_t)1 << lim->benefit) : 0;
      }
      if (fired) {
        if (L->nstop == L->stopcap) {
          L->stopcap = L->stopcap ? L->stopcap * 2 : 256;
          L->stop = rti_realloc(L->stop, L->stopcap * sizeof *L->stop);
        }
        rti_stop *st = &L->stop[L->nstop++];
        st->row = c->row;
        st->limits = fired;
        st->benefits = c->paid & ~live;
        st->denied = live == 0;
        if (live == 0) {
          c->flags |= C_DENIED;
          continue;
        }
        c->paid = live;
      }
      count_grant(L, &t, lc, ci);
    }
    g = e;
  }
  for (int l = 0; l < p->n_limits; l++)
    free(lc[l].yc);
  free(lc);
  free(t.s);
  if (L->nstop)
    qsort(L->stop, L->nstop, sizeof *L->stop, cmp_stop);
}

const rti_stop *rti_ledger_stops(const rti_ledger *L, size_t *n)
{
  *n = L->nstop;
  return L->stop;
}

/* ---- Writing ----------------------------------------------------------- */

/* The names of the bits of mask, `|`-joined, as one CSV value: benefit
** names when benefits is non-zero, else flag names. */
static void put_names(rt_buf *b, rt_buf *tmp, uint64_t mask, int n, int benefits,
                      const rt_policy *p)
{
  tmp->n = 0;
  for (int i = 0; i < n; i++)
    if (mask >> i & 1) {
      if (tmp->n)
        rti_buf_addc(tmp, '|');
      rti_buf_adds(tmp, benefits ? p->benefits[i].name : p->flags[i]);
    }
  rti_csv_put(b, tmp->p ? tmp->p : "", tmp->n);
}

int rti_ledger_write_temp(const rti_ledger *L, const char *path, char **tmp_out)
{
  const rt_policy *p = L->p;
  const rti_policy *pi = rti_pol(p);
  size_t plen = strlen(path);
  char *tmp = rti_malloc(plen + 16);
  memcpy(tmp, path, plen);
  memcpy(tmp + plen, ".tmp.XXXXXX", 12);
  int fd = mkstemp(tmp);
  FILE *f = fd < 0 ? NULL : fdopen(fd, "wb");
  if (!f) {
    fprintf(stderr, "%s: error: cannot write the ledger: %s\n", path, strerror(errno));
    if (fd >= 0) {
      close(fd);
      unlink(tmp);
    }
    free(tmp);
    return -1;
  }

  rt_buf b = {0}, names = {0};
  int bad = 0;
  rti_buf_adds(&b, "person_id,claim_date,claim_id");
  for (int k = 0; k < pi->n_keyf; k++) {
    rti_buf_addc(&b, ',');
    rti_buf_adds(&b, p->fields[pi->keyf[k]].name);
  }
  rti_buf_adds(&b, ",benefits,flags\n");
  for (size_t i = 0; i < L->n && !bad; i++) {
    const cand *c = &L->c[L->order[i]];
    if (c->flags & C_DENIED)
      continue;
    const char *s = L->text.p + L->pers[c->person];
    int64_t y;
    unsigned m, d;
    char date[40];
    rti_csv_put(&b, s + 4, get_u32(s));
    rt_civil_from_days(c->date, &y, &m, &d);
    snprintf(date, sizeof date, ",%04lld-%02u-%02u,", (long long)y, m, d);
    rti_buf_adds(&b, date);
    s = L->text.p + c->cid;
    rti_csv_put(&b, s + 4, get_u32(s));
    for (int k = 0; k < pi->n_keyf; k++) {
      uint32_t kn;
      const char *ks = key_at(L, c, k, &kn);
      rti_buf_addc(&b, ',');
      rti_csv_put(&b, ks, kn);
    }
    rti_buf_addc(&b, ',');
    put_names(&b, &names, c->paid, p->n_benefits, 1, p);
    rti_buf_addc(&b, ',');
    put_names(&b, &names, c->held, p->n_flags, 0, p);
    rti_buf_addc(&b, '\n');
    if (b.n >= (1u << 20)) {
      bad = fwrite(b.p, 1, b.n, f) != b.n;
      b.n = 0;
    }
  }
  if (!bad && b.n)
    bad = fwrite(b.p, 1, b.n, f) != b.n;
  rti_buf_free(&b);
  rti_buf_free(&names);
  if (fflush(f) != 0 || fsync(fileno(f)) != 0)
    bad = 1;
  if (fclose(f) != 0)
    bad = 1;
  if (bad) {
    fprintf(stderr, "%s: error: cannot write the ledger: %s\n", path, strerror(errno));
    unlink(tmp);
    free(tmp);
    return -1;
  }
  *tmp_out = tmp;
  return 0;
}
