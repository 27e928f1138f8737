/*
** sheet.c — the static side-by-side of several policies (sheet.h).
**
** Everything is read from the checked models; no claim is scored.  Rows
** are aligned across the cities by name: claims-v1 group and level
** members, benefit names, deny and limit reason codes, quota and table
** names.
**
** The amounts by level come from a small abstract interpretation of the
** pay expressions with the claim's `level` fixed to one member: a value is
** an interval of storage units (fen for money), or an interval times one
** claims field (`15 yuan per day * days` stays "15.00 元/天 × days"
** instead of becoming "varies"), or no value (a `by` without a case, a
** table without a row), or "varies".  Conditions are evaluated in Kleene
** logic with only `level` (or, for the groups, an empty `groups`) known.
**
** Every string of the sheet is malloc'd and freed by sheet_free; the
** models are only read.
*/
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sheet.h"

/* ---- strings ------------------------------------------------------------- */

typedef struct sb {
  char *s;
  size_t n, cap;
} sb;

static void sb_addn(sb *b, const char *s, size_t n)
{
  if (b->n + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->n + n + 1)
      cap *= 2;
    char *p = realloc(b->s, cap);
    if (!p)
      abort();
    b->s = p;
    b->cap = cap;
  }
  memcpy(b->s + b->n, s, n);
  b->n += n;
  b->s[b->n] = 0;
}

static void sb_add(sb *b, const char *s) { sb_addn(b, s, strlen(s)); }

static void sb_printf(sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(sb *b, const char *fmt, ...)
{
  char tmp[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n < 0)
    return;
  if ((size_t)n < sizeof tmp) {
    sb_addn(b, tmp, (size_t)n);
    return;
  }
  char *big = malloc((size_t)n + 1);
  if (!big)
    abort();
  va_start(ap, fmt);
  vsnprintf(big, (size_t)n + 1, fmt, ap);
  va_end(ap);
  sb_addn(b, big, (size_t)n);
  free(big);
}

/* The text built so far, malloc'd ("" when nothing was added); b is reset. */
static char *sb_take(sb *b)
{
  char *s = b->s;
  if (!s) {
    s = malloc(1);
    if (!s)
      abort();
    s[0] = 0;
  }
  b->s = NULL;
  b->n = b->cap = 0;
  return s;
}

static char *xstrdup(const char *s)
{
  size_t n = strlen(s ? s : "");
  char *p = malloc(n + 1);
  if (!p)
    abort();
  memcpy(p, s ? s : "", n + 1);
  return p;
}

/* A newline before each line but the first. */
static void sb_line(sb *b)
{
  if (b->n)
    sb_add(b, "\n");
}

/* ---- numbers ------------------------------------------------------------- */

/* An integer with thousands separators: 40100 -> "40,100". */
static void fmt_int(sb *b, int64_t v)
{
  uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  char tmp[40];
  int n = 0, d = 0;
  do {
    if (d && d % 3 == 0)
      tmp[n++] = ',';
    tmp[n++] = (char)('0' + u % 10);
    u /= 10;
    d++;
  } while (u);
  if (v < 0)
    tmp[n++] = '-';
  while (n)
    sb_addn(b, &tmp[--n], 1);
}

/* Fen as yuan with two decimals: 120000 -> "1,200.00". */
static void fmt_fen(sb *b, int64_t fen)
{
  uint64_t u = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
  if (fen < 0)
    sb_add(b, "-");
  fmt_int(b, (int64_t)(u / 100));
  sb_printf(b, ".%02u", (unsigned)(u % 100));
}

/* Hundredths of a percent: 6000 -> "60%", 1250 -> "12.5%". */
static void fmt_pct(sb *b, int64_t v)
{
  uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  sb_printf(b, "%s%llu", v < 0 ? "-" : "", (unsigned long long)(u / 100));
  unsigned f = (unsigned)(u % 100);
  if (f % 10)
    sb_printf(b, ".%02u", f);
  else if (f)
    sb_printf(b, ".%u", f / 10);
  sb_add(b, "%");
}

static void fmt_date(sb *b, int64_t d)
{
  int64_t y;
  unsigned mo, dd;
  rt_civil_from_days(d, &y, &mo, &dd);
  sb_printf(b, "%04lld-%02u-%02u", (long long)y, mo, dd);
}

/* A value of type k in its storage unit, as an analyst writes it. */
static void fmt_value(sb *b, ty_kind k, int64_t v)
{
  switch (k) {
  case TY_MONEY: fmt_fen(b, v); break;
  case TY_RATE: fmt_fen(b, v); sb_add(b, " 元/天"); break;
  case TY_PERCENT: fmt_pct(b, v); break;
  case TY_DATE: fmt_date(b, v); break;
  case TY_DAYS: sb_printf(b, "%lld 天", (long long)v); break;
  default: fmt_int(b, v); break;
  }
}

/* ---- citations ------------------------------------------------------------- */

/* The full form of a citation, as sema stores rule citations: a bare
** article ("第15条") is prefixed with the policy's document number.
** Category citations are kept as written by sema, so they need this. */
static void fmt_cite(sb *b, sema_model *m, const char *cite)
{
  if (!cite || !*cite)
    return;
  if (m->policy && m->policy->source && !strstr(cite, "〔") && !strstr(cite, "号")) {
    sb_add(b, m->policy->source);
    sb_add(b, " ");
  }
  sb_add(b, cite);
}

/* Append a citation (already in full form) to a "; "-separated list
** unless it is there. */
static void add_cite(sb *b, const char *cite)
{
  if (!cite || !*cite)
    return;
  if (b->s) {
    size_t n = strlen(cite);
    for (const char *p = b->s; (p = strstr(p, cite)); p++)
      if ((p == b->s || p[-1] == ' ') && (p[n] == 0 || p[n] == ';'))
        return;
  }
  if (b->n)
    sb_add(b, "; ");
  sb_add(b, cite);
}

static void add_cite_full(sb *b, sema_model *m, const char *cite)
{
  sb t = {0};
  fmt_cite(&t, m, cite);
  if (t.s)
    add_cite(b, t.s);
  free(t.s);
}

/* ---- the sheet under construction ---------------------------------------- */

#define MAX_SECTIONS 8

static sheet_section *sec_new(sheet *sh, const char *id, const char *zh, const char *en)
{
  sheet_section *s = &sh->sec[sh->nsec++];
  s->id = xstrdup(id);
  s->title_zh = xstrdup(zh);
  s->title_en = xstrdup(en);
  return s;
}

static int row_find(sheet_section *s, const char *key)
{
  for (int i = 0; i < s->nrows; i++)
    if (!strcmp(s->rows[i].key, key))
      return i;
  return -1;
}

/* The row of `key`, created (with no cells) if the section lacks it.  The
** pointer is good until the next row is added. */
static sheet_row *row_get(sheet *sh, sheet_section *s, const char *key, const char *zh, const char *en)
{
  int i = row_find(s, key);
  if (i >= 0)
    return &s->rows[i];
  sheet_row *rows = realloc(s->rows, (size_t)(s->nrows + 1) * sizeof *rows);
  if (!rows)
    abort();
  s->rows = rows;
  sheet_row *r = &rows[s->nrows++];
  r->key = xstrdup(key);
  r->label_zh = xstrdup(zh);
  r->label_en = xstrdup(en);
  r->cells = calloc((size_t)(sh->ncity ? sh->ncity : 1), sizeof *r->cells);
  r->cites = calloc((size_t)(sh->ncity ? sh->ncity : 1), sizeof *r->cites);
  if (!r->cells || !r->cites)
    abort();
  return r;
}

/* Give the row city c's cell (and citation), taking the builders' text. */
static void row_set(sheet_row *r, int c, sb *cell, sb *cite)
{
  free(r->cells[c]);
  r->cells[c] = sb_take(cell);
  if (cite) {
    free(r->cites[c]);
    r->cites[c] = sb_take(cite);
  }
}

/* ---- model lookups ------------------------------------------------------- */

static const char *lbl(const char *label, const char *name) { return label && *label ? label : name; }

/* The enum of the set field `groups` (or of the only set field). */
static sema_enum *group_enum(sema_model *m, int *field)
{
  int found = -1;
  for (int i = 0; i < m->fields.n; i++) {
    sema_field *f = m->fields.v[i];
    if (f->type.k != TY_SET)
      continue;
    if (!strcmp(f->name, "groups")) {
      found = i;
      break;
    }
    if (found < 0)
      found = i;
  }
  if (field)
    *field = found;
  if (found < 0)
    return NULL;
  return m->enums.v[((sema_field *)m->fields.v[found])->type.en];
}

/* The enum field `level`, or -1. */
static int level_field(sema_model *m)
{
  sema_field *f = sema_find_field(m, "level");
  return f && f->type.k == TY_ENUM ? f->index : -1;
}

static int member_of(sema_enum *e, const char *name)
{
  if (!e)
    return -1;
  for (int i = 0; i < e->members.n; i++)
    if (!strcmp(((ast_member *)e->members.v[i])->name, name))
      return i;
  return -1;
}

static int cat_index(sema_model *m, const void *p)
{
  for (int i = 0; i < m->categories.n; i++)
    if (m->categories.v[i] == p)
      return i;
  return -1;
}

/* The case values of a by or dated expression, the operands of the rest. */
static ast_expr *item_expr(ast_expr *e, int i)
{
  return e->kind == EX_BY || e->kind == EX_DATED ? ((ast_case *)e->items.v[i])->value
                                                 : (ast_expr *)e->items.v[i];
}

/* ---- expressions as text ----------------------------------------------- */

/* Precedence, loosest first (docs/language.md §4.1). */
enum { P_IF = 1, P_OR, P_AND, P_NOT, P_CMP, P_ADD, P_MUL, P_OF, P_NEG, P_ATOM };

typedef struct pctx {
  sema_model *m;
  int subst;                 /* params replaced by their values */
  int depth;
} pctx;

static int binop_prec(int op)
{
  switch (op) {
  case OP_OR: return P_OR;
  case OP_AND: return P_AND;
  case OP_ADD: case OP_SUB: return P_ADD;
  case OP_MUL: return P_MUL;
  case OP_OF: return P_OF;
  default: return P_CMP;
  }
}

static int expr_prec(pctx *c, ast_expr *e)
{
  switch (e->kind) {
  case EX_IF: return P_IF;
  case EX_BIN: return binop_prec(e->op);
  case EX_IN: return P_CMP;
  case EX_NOT: return P_NOT;
  case EX_NEG: return P_NEG;
  case EX_NAME:
    if (c->subst && e->bind == BIND_PARAM && c->depth < 32)
      return expr_prec(c, ((sema_named *)e->bind_ptr)->item->expr);
    return P_ATOM;
  default: return P_ATOM;
  }
}

static void pexpr(sb *b, pctx *c, ast_expr *e, int min);

static void pcases(sb *b, pctx *c, ast_expr *e)
{
  for (int i = 0; i < e->items.n; i++) {
    ast_case *k = e->items.v[i];
    if (i)
      sb_add(b, e->kind == EX_DATED ? "; " : ", ");
    if (e->kind == EX_DATED) {
      sb_add(b, "from ");
      fmt_date(b, k->date);
      sb_add(b, ": ");
    } else if (k->is_else) {
      sb_add(b, "else: ");
    } else {
      for (int j = 0; j < k->labels.n; j++) {
        if (j)
          sb_add(b, "|");
        sb_add(b, ((ast_ident *)k->labels.v[j])->name);
      }
      sb_add(b, ": ");
    }
    if (k->unstated || !k->value)
      sb_add(b, "unstated");
    else
      pexpr(b, c, k->value, P_IF);
  }
}

static void pexpr_inner(sb *b, pctx *c, ast_expr *e)
{
  switch (e->kind) {
  case EX_ERROR: sb_add(b, "?"); break;
  case EX_BOOL: sb_add(b, e->ival ? "true" : "false"); break;
  case EX_INT: sb_printf(b, "%lld", (long long)e->ival); break;
  case EX_MONEY: fmt_value(b, TY_MONEY, e->ival); break;
  case EX_RATE: fmt_value(b, TY_RATE, e->ival); break;
  case EX_PERCENT: fmt_value(b, TY_PERCENT, e->ival); break;
  case EX_DATE: fmt_value(b, TY_DATE, e->ival); break;
  case EX_DAYS: fmt_value(b, TY_DAYS, e->ival); break;
  case EX_STR: sb_printf(b, "\"%s\"", e->name); break;
  case EX_NAME:
    if (c->subst && e->bind == BIND_PARAM && c->depth < 32) {
      c->depth++;
      pexpr(b, c, ((sema_named *)e->bind_ptr)->item->expr, P_IF);
      c->depth--;
    } else
      sb_add(b, e->name);
    break;
  case EX_QNAME: sb_printf(b, "%s.%s", e->name, e->name2); break;
  case EX_NOT: sb_add(b, "not "); pexpr(b, c, e->a, P_NOT); break;
  case EX_NEG: sb_add(b, "-"); pexpr(b, c, e->a, P_NEG); break;
  case EX_BIN: {
    int p = binop_prec(e->op);
    static const char *const ops[] = {"or", "and", "==", "!=", "<", "<=", ">", ">=", "+", "-", "×", "of"};
    pexpr(b, c, e->a, p == P_OF || p == P_CMP ? p + 1 : p);
    sb_printf(b, " %s ", e->op >= 0 && e->op <= OP_OF ? ops[e->op] : "?");
    pexpr(b, c, e->b, p == P_OF ? p : p + 1);
    break;
  }
  case EX_IN:
    pexpr(b, c, e->a, P_CMP + 1);
    sb_add(b, e->op == 1 ? " not in " : " in ");
    pexpr(b, c, e->b, P_CMP + 1);
    break;
  case EX_CALL:
    sb_add(b, e->name);
    sb_add(b, "(");
    for (int i = 0; i < e->items.n; i++) {
      if (i)
        sb_add(b, ", ");
      pexpr(b, c, e->items.v[i], P_IF);
    }
    sb_add(b, ")");
    if (e->bind == BIND_TABLE)
      sb_add(b, " 表");
    break;
  case EX_SET:
    sb_add(b, "{");
    for (int i = 0; i < e->items.n; i++) {
      if (i)
        sb_add(b, ", ");
      pexpr(b, c, e->items.v[i], P_IF);
    }
    sb_add(b, "}");
    break;
  case EX_BY:
    sb_add(b, "by ");
    pexpr(b, c, e->a, P_ATOM);
    sb_add(b, " {");
    pcases(b, c, e);
    sb_add(b, "}");
    break;
  case EX_IF:
    sb_add(b, "if ");
    pexpr(b, c, e->a, P_IF + 1);
    sb_add(b, " then ");
    pexpr(b, c, e->b, P_IF + 1);
    sb_add(b, " else ");
    pexpr(b, c, e->c, P_IF);
    break;
  case EX_DATED:
    sb_add(b, "{");
    pcases(b, c, e);
    sb_add(b, "}");
    break;
  }
}

static void pexpr(sb *b, pctx *c, ast_expr *e, int min)
{
  if (!e) {
    sb_add(b, "?");
    return;
  }
  int paren = expr_prec(c, e) < min;
  if (paren)
    sb_add(b, "(");
  pexpr_inner(b, c, e);
  if (paren)
    sb_add(b, ")");
}

/* An expression as written (names of params kept). */
static void fmt_src(sb *b, sema_model *m, ast_expr *e)
{
  pctx c = {m, 0, 0};
  pexpr(b, &c, e, P_IF);
}

/* "living_rate × days = 15.00 元/天 × days": as written, then with the
** params replaced by their values when that reads differently. */
static void fmt_formula(sb *b, sema_model *m, ast_expr *e)
{
  sb src = {0}, sub = {0};
  pctx c = {m, 0, 0};
  pexpr(&src, &c, e, P_IF);
  c.subst = 1;
  pexpr(&sub, &c, e, P_IF);
  sb_add(b, src.s ? src.s : "");
  if (sub.s && src.s && strcmp(sub.s, src.s) != 0) {
    sb_add(b, " = ");
    sb_add(b, sub.s);
  }
  free(src.s);
  free(sub.s);
}

/* ---- three-valued conditions ----------------------------------------------- */

enum { K_F = 0, K_T = 1, K_U = 2 };

typedef struct actx {
  sema_model *m;
  int level_field;           /* the `level` field, or -1 */
  int level;                 /* the member `level` is fixed to, or -1 */
  int no_groups;             /* every set field is empty */
  int depth;
} actx;

static int k_not(int k) { return k == K_U ? K_U : !k; }

static int is_field(ast_expr *e, int field)
{
  return field >= 0 && e && e->kind == EX_NAME && e->bind == BIND_FIELD && e->bind_idx == field;
}

static int is_member(ast_expr *e)
{
  return e && (e->kind == EX_NAME || e->kind == EX_QNAME) && e->bind == BIND_MEMBER;
}

/* Whether condition e holds when only the context's facts are known. */
static int cond3(actx *c, ast_expr *e)
{
  if (!e || c->depth > 64)
    return K_U;
  int r = K_U;
  c->depth++;
  switch (e->kind) {
  case EX_BOOL: r = e->ival ? K_T : K_F; break;
  case EX_NAME:
  case EX_QNAME:
    if (e->bind == BIND_MEMBERSHIP)
      r = c->no_groups ? K_F : K_U;
    else if (e->bind == BIND_CATEGORY || e->bind == BIND_PARAM)
      r = cond3(c, ((sema_named *)e->bind_ptr)->item->expr);
    break;
  case EX_NOT: r = k_not(cond3(c, e->a)); break;
  case EX_BIN:
    if (e->op == OP_OR || e->op == OP_AND) {
      int x = cond3(c, e->a), y = cond3(c, e->b);
      if (e->op == OP_OR)
        r = x == K_T || y == K_T ? K_T : x == K_F && y == K_F ? K_F : K_U;
      else
        r = x == K_F || y == K_F ? K_F : x == K_T && y == K_T ? K_T : K_U;
    } else if ((e->op == OP_EQ || e->op == OP_NE) && c->level >= 0) {
      ast_expr *f = e->a, *v = e->b;
      if (is_field(v, c->level_field))
        f = e->b, v = e->a;
      if (is_field(f, c->level_field) && is_member(v)) {
        r = v->bind_idx == c->level ? K_T : K_F;
        if (e->op == OP_NE)
          r = k_not(r);
      }
    }
    break;
  case EX_IN:
    if (c->level >= 0 && is_field(e->a, c->level_field) && e->b->kind == EX_SET) {
      r = K_F;
      for (int i = 0; i < e->b->items.n; i++)
        if (is_member(e->b->items.v[i]) && ((ast_expr *)e->b->items.v[i])->bind_idx == c->level)
          r = K_T;
    } else if (c->no_groups && e->b->kind == EX_NAME && e->b->bind == BIND_FIELD &&
               e->b->ty.k == TY_SET) {
      r = K_F;
    }
    if (e->op == 1)
      r = k_not(r);
    break;
  case EX_IF: {
    int k = cond3(c, e->a);
    int x = k == K_F ? K_U : cond3(c, e->b), y = k == K_T ? K_U : cond3(c, e->c);
    r = k == K_T ? x : k == K_F ? y : x == y ? x : K_U;
    break;
  }
  default: break;
  }
  c->depth--;
  return r;
}

/* ---- abstract amounts ------------------------------------------------------ */

#define NEG_INF INT64_MIN
#define POS_INF INT64_MAX

enum { AV_NUM, AV_NONE, AV_VARIES };
enum { NONE_UNSTATED = 1, NONE_NO_ENTRY = 2 };

/* A value: [lo, hi] (bounds may be infinite), or [lo, hi] × field when
** field is set (then t is the coefficient's type); AV_NONE when there is
** no value; `none` on a number: some cases have no value (the reason). */
typedef struct av {
  int kind;
  ty_kind t;
  int64_t lo, hi;
  sema_field *field;
  int none;
} av;

static av av_num(ty_kind t, int64_t lo, int64_t hi)
{
  av a = {AV_NUM, t, lo, hi, NULL, 0};
  return a;
}

static av av_none(int why)
{
  av a = {AV_NONE, TY_ERROR, 0, 0, NULL, why};
  return a;
}

static av av_varies(void)
{
  av a = {AV_VARIES, TY_ERROR, 0, 0, NULL, 0};
  return a;
}

static int is_inf(int64_t v) { return v == NEG_INF || v == POS_INF; }

static int64_t x_neg(int64_t a) { return a == NEG_INF ? POS_INF : a == POS_INF ? NEG_INF : -a; }

static int64_t x_add(int64_t a, int64_t b)
{
  if (is_inf(a))
    return a;
  if (is_inf(b))
    return b;
  int64_t r;
  if (__builtin_add_overflow(a, b, &r))
    return a > 0 ? POS_INF : NEG_INF;
  return r;
}

static int64_t x_mul(int64_t a, int64_t b)
{
  if (a == 0 || b == 0)
    return 0;
  int neg = (a < 0) != (b < 0);
  int64_t r;
  if (is_inf(a) || is_inf(b) || __builtin_mul_overflow(a, b, &r))
    return neg ? NEG_INF : POS_INF;
  return r;
}

/* p (hundredths of a percent) of x, rounded half away from zero, as the
** evaluator does. */
static int64_t x_of(int64_t x, int64_t p)
{
  int64_t v = x_mul(x, p);
  if (is_inf(v))
    return v;
  int64_t q = v / 10000, r = v % 10000;
  if (r >= 5000)
    q++;
  else if (r <= -5000)
    q--;
  return q;
}

static int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }
static int64_t max64(int64_t a, int64_t b) { return a > b ? a : b; }

/* The bounds of a claims field: its declared min and max. */
static void field_bounds(sema_field *f, int64_t *lo, int64_t *hi)
{
  *lo = f->has_min ? f->min : NEG_INF;
  *hi = f->has_max ? f->max : POS_INF;
}

/* The type of coefficient ct times a field of type ft. */
static ty_kind term_type(ty_kind ct, ty_kind ft)
{
  if (ct == TY_INT || ct == TY_PERCENT)
    return ft;
  if (ct == TY_RATE && ft == TY_DAYS)
    return TY_MONEY;
  return ct;
}

/* Corners of a bilinear operation on two intervals. */
static void corners(int64_t (*op)(int64_t, int64_t), av x, av y, int64_t *lo, int64_t *hi)
{
  int64_t v[4] = {op(x.lo, y.lo), op(x.lo, y.hi), op(x.hi, y.lo), op(x.hi, y.hi)};
  *lo = *hi = v[0];
  for (int i = 1; i < 4; i++) {
    *lo = min64(*lo, v[i]);
    *hi = max64(*hi, v[i]);
  }
}

/* A term as a plain interval, using the field's declared bounds. */
static av plain(av a)
{
  if (a.kind != AV_NUM || !a.field)
    return a;
  av f = av_num(a.field->type.k, 0, 0);
  field_bounds(a.field, &f.lo, &f.hi);
  av r = av_num(term_type(a.t, a.field->type.k), 0, 0);
  if (a.t == TY_PERCENT)
    corners(x_of, f, a, &r.lo, &r.hi);
  else
    corners(x_mul, a, f, &r.lo, &r.hi);
  r.none = a.none;
  return r;
}

/* NONE and VARIES operands of an operation that needs all of them. */
static int av_strict(av x, av y, av *out)
{
  if (x.kind == AV_NONE || y.kind == AV_NONE) {
    *out = x.kind == AV_NONE ? x : y;
    return 1;
  }
  if (x.kind == AV_VARIES || y.kind == AV_VARIES) {
    *out = av_varies();
    return 1;
  }
  return 0;
}

static av av_add(av x, av y, int sub)
{
  av r;
  if (av_strict(x, y, &r))
    return r;
  x = plain(x);
  y = plain(y);
  r = av_num(x.t == TY_DATE || y.t == TY_DATE ? TY_DATE : x.t, 0, 0);
  if (x.t == TY_DATE && y.t == TY_DATE)
    r.t = TY_DAYS;
  if (sub) {
    r.lo = x_add(x.lo, x_neg(y.hi));
    r.hi = x_add(x.hi, x_neg(y.lo));
  } else {
    r.lo = x_add(x.lo, y.lo);
    r.hi = x_add(x.hi, y.hi);
  }
  r.none = x.none | y.none;
  return r;
}

static int finite(av a) { return !is_inf(a.lo) && !is_inf(a.hi); }

static av av_mul(av x, av y)
{
  av r;
  if (av_strict(x, y, &r))
    return r;
  int none = x.none | y.none;
  /* A number times a field stays symbolic: "15.00 元/天 × days". */
  if (y.field && !x.field && finite(x)) {
    av t = x;
    x = y;
    y = t;
  }
  if (x.field && !y.field && finite(y) && finite(x)) {
    r = x;
    if (x.t == TY_INT) {
      corners(x_mul, y, x, &r.lo, &r.hi);
      r.t = y.t;
      r.none = none;
      return r;
    }
    if (y.t == TY_INT) {
      corners(x_mul, x, y, &r.lo, &r.hi);
      r.none = none;
      return r;
    }
  }
  x = plain(x);
  y = plain(y);
  ty_kind t = x.t == TY_INT ? y.t : y.t == TY_INT ? x.t : TY_MONEY;   /* rate × days */
  r = av_num(t, 0, 0);
  corners(x_mul, x, y, &r.lo, &r.hi);
  r.none = none;
  return r;
}

/* p of x. */
static av av_of(av p, av x)
{
  av r;
  if (av_strict(p, x, &r))
    return r;
  int none = p.none | x.none;
  p = plain(p);
  if (x.field && finite(p) && finite(x)) {
    r = x;
    if (x.t == TY_INT && x.lo == 1 && x.hi == 1) {
      r.t = TY_PERCENT;
      r.lo = p.lo;
      r.hi = p.hi;
    } else if (x.t == TY_RATE || x.t == TY_MONEY) {
      corners(x_of, x, p, &r.lo, &r.hi);
    } else {
      r = av_varies();
    }
    if (r.kind == AV_NUM) {
      r.none = none;
      return r;
    }
  }
  x = plain(x);
  r = av_num(x.t, 0, 0);
  corners(x_of, x, p, &r.lo, &r.hi);
  r.none = none;
  return r;
}

static av av_neg(av x)
{
  if (x.kind != AV_NUM)
    return x;
  int64_t lo = x.lo;
  x.lo = x_neg(x.hi);
  x.hi = x_neg(lo);
  return x;
}

static av av_minmax(av x, av y, int is_max)
{
  av r;
  if (av_strict(x, y, &r))
    return r;
  x = plain(x);
  y = plain(y);
  r = av_num(x.t, 0, 0);
  r.lo = is_max ? max64(x.lo, y.lo) : min64(x.lo, y.lo);
  r.hi = is_max ? max64(x.hi, y.hi) : min64(x.hi, y.hi);
  r.none = x.none | y.none;
  return r;
}

/* Either of two values (branches of an if, arms of a by). */
static av av_hull(av x, av y)
{
  if (x.kind == AV_VARIES || y.kind == AV_VARIES)
    return av_varies();
  if (x.kind == AV_NONE && y.kind == AV_NONE)
    return x;
  if (x.kind == AV_NONE || y.kind == AV_NONE) {
    av r = x.kind == AV_NONE ? y : x;
    if (!r.none)
      r.none = x.kind == AV_NONE ? x.none : y.none;
    return r;
  }
  if (!(x.field && x.field == y.field && x.t == y.t)) {
    x = plain(x);
    y = plain(y);
  }
  av r = x;
  r.lo = min64(x.lo, y.lo);
  r.hi = max64(x.hi, y.hi);
  r.none = x.none ? x.none : y.none;
  return r;
}

static av aeval(actx *c, ast_expr *e);

/* A key argument of a table lookup: the key value it fixes, or -1 for any
** (-2: a text the table cannot hold). */
static int64_t table_key(actx *c, ast_expr *e)
{
  if (e->kind == EX_STR) {
    int s = sema_symbol(c->m, e->name);
    return s >= 0 ? s : -2;
  }
  if (is_member(e))
    return e->bind_idx;
  if (c->level >= 0 && is_field(e, c->level_field))
    return c->level;
  if (e->kind == EX_NAME && e->bind == BIND_PARAM && c->depth < 64) {
    c->depth++;
    int64_t k = table_key(c, ((sema_named *)e->bind_ptr)->item->expr);
    c->depth--;
    return k;
  }
  return -1;
}

/* The range of the rows that the lookup's fixed keys select. */
static av table_lookup(actx *c, ast_expr *e)
{
  sema_table *t = e->bind_ptr;
  int64_t want[3] = {-1, -1, -1};
  for (int j = 0; j < e->items.n && j < 3; j++)
    want[j] = table_key(c, e->items.v[j]);
  av r = av_none(NONE_NO_ENTRY);
  for (int i = 0; i < t->rows.n; i++) {
    sema_trow *row = t->rows.v[i];
    int ok = 1;
    for (int j = 0; j < t->nkeys && j < 3; j++)
      if (want[j] != -1 && want[j] != row->key[j])
        ok = 0;
    if (!ok)
      continue;
    if (r.kind == AV_NONE)
      r = av_num(t->value.k, row->value, row->value);
    r.lo = min64(r.lo, row->value);
    r.hi = max64(r.hi, row->value);
  }
  return r;
}

static av eval_by(actx *c, ast_expr *e)
{
  sema_enum *en = e->a->ty.k == TY_ENUM ? c->m->enums.v[e->a->ty.en] : NULL;
  if (c->level >= 0 && is_field(e->a, c->level_field) && en) {
    const char *want = ((ast_member *)en->members.v[c->level])->name;
    ast_case *els = NULL;
    for (int i = 0; i < e->items.n; i++) {
      ast_case *k = e->items.v[i];
      if (k->is_else)
        els = k;
      for (int j = 0; j < k->labels.n; j++)
        if (!strcmp(((ast_ident *)k->labels.v[j])->name, want))
          return aeval(c, k->value);
    }
    if (!els || els->unstated || !els->value)
      return av_none(NONE_UNSTATED);
    return aeval(c, els->value);
  }
  /* Another field: any of the arms. */
  av r = av_none(NONE_UNSTATED);
  int covered = 0, has_else = 0, first = 1;
  for (int i = 0; i < e->items.n; i++) {
    ast_case *k = e->items.v[i];
    covered += k->labels.n;
    if (k->is_else)
      has_else = 1;
    av v = k->unstated || !k->value ? av_none(NONE_UNSTATED) : aeval(c, k->value);
    r = first ? v : av_hull(r, v);
    first = 0;
  }
  if (!has_else && en && covered < en->members.n)
    r = av_hull(r, av_none(NONE_UNSTATED));
  return r;
}

static av aeval_inner(actx *c, ast_expr *e)
{
  switch (e->kind) {
  case EX_INT: return av_num(TY_INT, e->ival, e->ival);
  case EX_MONEY: return av_num(TY_MONEY, e->ival, e->ival);
  case EX_RATE: return av_num(TY_RATE, e->ival, e->ival);
  case EX_PERCENT: return av_num(TY_PERCENT, e->ival, e->ival);
  case EX_DAYS: return av_num(TY_DAYS, e->ival, e->ival);
  case EX_DATE: return av_num(TY_DATE, e->ival, e->ival);
  case EX_NAME:
    if (e->bind == BIND_PARAM)
      return aeval(c, ((sema_named *)e->bind_ptr)->item->expr);
    if (e->bind == BIND_FIELD) {
      sema_field *f = c->m->fields.v[e->bind_idx];
      ty_kind k = f->type.k;
      if (k == TY_INT || k == TY_MONEY || k == TY_PERCENT || k == TY_DAYS || k == TY_DATE || k == TY_RATE) {
        av a = av_num(TY_INT, 1, 1);
        a.field = f;
        return a;
      }
    }
    return av_varies();
  case EX_NEG: return av_neg(aeval(c, e->a));
  case EX_BIN:
    switch (e->op) {
    case OP_ADD: return av_add(aeval(c, e->a), aeval(c, e->b), 0);
    case OP_SUB: return av_add(aeval(c, e->a), aeval(c, e->b), 1);
    case OP_MUL: return av_mul(aeval(c, e->a), aeval(c, e->b));
    case OP_OF: return av_of(aeval(c, e->a), aeval(c, e->b));
    default: return av_varies();
    }
  case EX_CALL:
    if (e->bind == BIND_TABLE)
      return table_lookup(c, e);
    if ((!strcmp(e->name, "min") || !strcmp(e->name, "max")) && e->items.n >= 1) {
      av r = aeval(c, e->items.v[0]);
      for (int i = 1; i < e->items.n; i++)
        r = av_minmax(r, aeval(c, e->items.v[i]), e->name[1] == 'a');
      return r;
    }
    return av_varies();
  case EX_IF: {
    int k = cond3(c, e->a);
    if (k == K_T)
      return aeval(c, e->b);
    if (k == K_F)
      return aeval(c, e->c);
    return av_hull(aeval(c, e->b), aeval(c, e->c));
  }
  case EX_BY: return eval_by(c, e);
  case EX_DATED: {
    av r = av_none(NONE_UNSTATED);
    for (int i = 0; i < e->items.n; i++) {
      ast_case *k = e->items.v[i];
      av v = aeval(c, k->value);
      r = i ? av_hull(r, v) : v;
    }
    return r;
  }
  default: return av_varies();
  }
}

static av aeval(actx *c, ast_expr *e)
{
  if (!e || c->depth > 64)
    return av_varies();
  c->depth++;
  av r = aeval_inner(c, e);
  c->depth--;
  return r;
}

static const char *none_text(int why)
{
  return why == NONE_NO_ENTRY ? "目录无此项 / not in table" : "未规定 / unstated";
}

/* "1,000.00", "800.00–1,200.00", "15.00 元/天 × days", "varies". */
static void fmt_av(sb *b, av a)
{
  if (a.kind == AV_VARIES) {
    sb_add(b, "视情况 / varies");
    return;
  }
  if (a.kind == AV_NONE) {
    sb_add(b, none_text(a.none));
    return;
  }
  if (a.field) {
    if (!finite(a)) {
      a = plain(a);
    } else {
      if (!(a.t == TY_INT && a.lo == 1 && a.hi == 1)) {
        fmt_value(b, a.t, a.lo);
        if (a.hi != a.lo) {
          sb_add(b, "–");
          fmt_value(b, a.t, a.hi);
        }
        sb_add(b, a.t == TY_PERCENT ? " of " : " × ");
      }
      sb_add(b, a.field->name);
      goto tail;
    }
  }
  if (a.lo == a.hi && !is_inf(a.lo)) {
    fmt_value(b, a.t, a.lo);
  } else if (finite(a)) {
    fmt_value(b, a.t, a.lo);
    sb_add(b, "–");
    fmt_value(b, a.t, a.hi);
  } else if (a.lo == NEG_INF && a.hi != POS_INF) {
    sb_add(b, "≤ ");
    fmt_value(b, a.t, a.hi);
  } else if (a.hi == POS_INF && a.lo != NEG_INF && a.lo > 0) {
    sb_add(b, "≥ ");
    fmt_value(b, a.t, a.lo);
  } else {
    sb_add(b, "视情况 / varies");
  }
tail:
  if (a.none)
    sb_printf(b, "（或%s）", a.none == NONE_NO_ENTRY ? "目录无此项 / or not in table" : "未规定 / or unstated");
}

/* Whether e reads `field` (through params and categories too). */
static int uses_field(ast_expr *e, int field, int depth)
{
  if (!e || field < 0 || depth > 64)
    return 0;
  if ((e->kind == EX_NAME) && e->bind == BIND_FIELD && e->bind_idx == field)
    return 1;
  if ((e->kind == EX_NAME) && (e->bind == BIND_PARAM || e->bind == BIND_CATEGORY))
    return uses_field(((sema_named *)e->bind_ptr)->item->expr, field, depth + 1);
  if (uses_field(e->a, field, depth + 1) || uses_field(e->b, field, depth + 1) ||
      uses_field(e->c, field, depth + 1))
    return 1;
  for (int i = 0; i < e->items.n; i++)
    if (uses_field(item_expr(e, i), field, depth + 1))
      return 1;
  return 0;
}

/* ---- section: policy --------------------------------------------------------- */

static void sec_policy(sheet *sh, sema_model *const *models)
{
  sheet_section *s = sec_new(sh, "policy", "政策", "Policy");
  static const char *const rows[][3] = {
    {"policy.title", "标题", "Title"},
    {"policy.city", "城市", "City"},
    {"policy.source", "文号", "Source document"},
    {"policy.issued", "印发日期", "Issued"},
    {"policy.effective", "有效期", "Effective period"},
    {"policy.size", "规模", "Size"},
    {"policy.tests", "测试", "Tests"},
    {"policy.hash", "源文件哈希", "Source sha256"},
  };
  int nrows = (int)(sizeof rows / sizeof rows[0]);
  for (int i = 0; i < nrows; i++)
    row_get(sh, s, rows[i][0], rows[i][1], rows[i][2]);
  for (int c = 0; c < sh->ncity; c++) {
    sema_model *m = models[c];
    ast_item *p = m->policy;
    sb t = {0};
    for (int i = 0; i < nrows; i++) {
      switch (i) {
      case 0: sb_add(&t, p && p->label ? p->label : ""); break;
      case 1: sb_add(&t, p && p->city ? p->city : ""); break;
      case 2: sb_add(&t, p && p->source ? p->source : ""); break;
      case 3:
        if (p && p->has_issued)
          fmt_date(&t, p->issued);
        break;
      case 4:
        if (p && p->has_effective) {
          fmt_date(&t, p->eff_from);
          sb_add(&t, " 至 ");
          fmt_date(&t, p->eff_to);
        } else if (p)
          sb_add(&t, "不限 / not limited");
        break;
      case 5:
        sb_printf(&t, "%d 类别 categories · %d 补贴 benefits (%d 规则 rules) · %d 拒绝 denies · "
                  "%d 限制 limits · %d 标准表 tables · %d 任务 quotas",
                  m->categories.n, m->benefits.n, m->rules.n, m->denies.n, m->limits.n, m->tables.n,
                  m->quotas.n);
        break;
      case 6: sb_printf(&t, "%d", m->tests.n); break;
      case 7:
        if (m->source_hash)
          sb_printf(&t, "%.16s", m->source_hash);
        break;
      }
      row_set(&s->rows[i], c, &t, NULL);
    }
  }
}

/* ---- section: groups ----------------------------------------------------------- */

/* The group member node e names itself ("rural_migrant", "x in groups"). */
static uint64_t node_group(ast_expr *e, sema_enum *ge)
{
  if ((e->kind == EX_NAME || e->kind == EX_QNAME) && e->bind_ptr == ge &&
      (e->bind == BIND_MEMBERSHIP || e->bind == BIND_MEMBER) && e->bind_idx >= 0 && e->bind_idx < 64)
    return (uint64_t)1 << e->bind_idx;
  return 0;
}

/* Group members an expression names itself (not through categories). */
static uint64_t direct_groups(ast_expr *e, sema_enum *ge, int depth)
{
  if (!e || depth > 200)
    return 0;
  uint64_t r = node_group(e, ge) | direct_groups(e->a, ge, depth + 1) |
               direct_groups(e->b, ge, depth + 1) | direct_groups(e->c, ge, depth + 1);
  for (int i = 0; i < e->items.n; i++)
    r |= direct_groups(item_expr(e, i), ge, depth + 1);
  return r;
}

typedef struct gctx {
  sema_model *m;
  sema_enum *ge;
  uint64_t *direct, *reach;  /* per category */
  int *state;                /* 0 new, 1 in progress, 2 done */
} gctx;

static uint64_t reach_expr(gctx *g, ast_expr *e, int depth);

static uint64_t reach_cat(gctx *g, int i)
{
  if (g->state[i] == 2 || g->state[i] == 1)
    return g->reach[i];
  g->state[i] = 1;
  ast_expr *e = ((sema_named *)g->m->categories.v[i])->item->expr;
  g->direct[i] = direct_groups(e, g->ge, 0);
  g->reach[i] = g->direct[i] | reach_expr(g, e, 0);
  g->state[i] = 2;
  return g->reach[i];
}

/* Group members an expression reaches, through categories and params. */
static uint64_t reach_expr(gctx *g, ast_expr *e, int depth)
{
  if (!e || depth > 200)
    return 0;
  uint64_t r = node_group(e, g->ge);
  if (e->kind == EX_NAME && e->bind == BIND_CATEGORY) {
    int i = cat_index(g->m, e->bind_ptr);
    if (i >= 0)
      r |= reach_cat(g, i);
  } else if (e->kind == EX_NAME && e->bind == BIND_PARAM) {
    r |= reach_expr(g, ((sema_named *)e->bind_ptr)->item->expr, depth + 1);
  }
  r |= reach_expr(g, e->a, depth + 1) | reach_expr(g, e->b, depth + 1) | reach_expr(g, e->c, depth + 1);
  for (int i = 0; i < e->items.n; i++)
    r |= reach_expr(g, item_expr(e, i), depth + 1);
  return r;
}

static uint64_t reach_benefit(gctx *g, sema_benefit *bf)
{
  uint64_t r = 0;
  for (int k = 0; k < bf->nrules; k++) {
    sema_rule *sr = g->m->rules.v[bf->first_rule + k];
    r |= reach_expr(g, sr->ast->when, 0) | reach_expr(g, sr->ast->amount, 0) |
         reach_expr(g, sr->ast->rest_when, 0);
  }
  return r;
}

#define MAX_LABELS 3

/* Up to MAX_LABELS names, then "…+N". */
static void list_add(sb *b, int *count, const char *text)
{
  if (*count < MAX_LABELS) {
    if (*count)
      sb_add(b, "; ");
    sb_add(b, text);
  }
  (*count)++;
}

static void list_end(sb *b, int count)
{
  if (count > MAX_LABELS)
    sb_printf(b, " …+%d", count - MAX_LABELS);
}

/* Whether some rule of the benefit may pay a claimant in no group. */
static int open_to_all(sema_model *m, sema_benefit *bf)
{
  actx c = {m, -1, -1, 1, 0};
  for (int k = 0; k < bf->nrules; k++) {
    sema_rule *sr = m->rules.v[bf->first_rule + k];
    if (!sr->ast->when || cond3(&c, sr->ast->when) != K_F)
      return 1;
  }
  return 0;
}

static void sec_groups(sheet *sh, sema_model *const *models)
{
  sheet_section *s = sec_new(sh, "groups", "人员类别", "Who is covered");
  row_get(sh, s, "group.(none)", "不限人员类别", "no group needed");
  /* One row per group member, in the schema's order (the union, if the
  ** cities' schemas differ). */
  for (int c = 0; c < sh->ncity; c++) {
    sema_enum *ge = group_enum(models[c], NULL);
    for (int i = 0; ge && i < ge->members.n; i++) {
      ast_member *mb = ge->members.v[i];
      char key[256];
      snprintf(key, sizeof key, "group.%s", mb->name);
      row_get(sh, s, key, lbl(mb->label, mb->name), mb->name);
    }
  }
  row_get(sh, s, "group.(categories)", "全部类别", "categories");
  for (int c = 0; c < sh->ncity; c++) {
    sema_model *m = models[c];
    sema_enum *ge = group_enum(m, NULL);
    int nc = m->categories.n;
    gctx g = {m, ge, calloc((size_t)nc + 1, sizeof(uint64_t)), calloc((size_t)nc + 1, sizeof(uint64_t)),
              calloc((size_t)nc + 1, sizeof(int))};
    if (!g.direct || !g.reach || !g.state)
      abort();
    for (int i = 0; ge && i < nc; i++)
      reach_cat(&g, i);
    uint64_t *breach = calloc((size_t)m->benefits.n + 1, sizeof(uint64_t));
    if (!breach)
      abort();
    for (int i = 0; ge && i < m->benefits.n; i++)
      breach[i] = reach_benefit(&g, m->benefits.v[i]);
    sb t = {0}, ct = {0};
    /* Benefits that a claimant in no group may get. */
    int n = 0;
    for (int i = 0; i < m->benefits.n; i++) {
      sema_benefit *bf = m->benefits.v[i];
      if (open_to_all(m, bf)) {
        sb_add(&t, n++ ? "; " : "→ ");
        sb_add(&t, lbl(bf->item->label, bf->item->name));
        add_cite(&ct, bf->cite);
      }
    }
    row_set(row_get(sh, s, "group.(none)", "", ""), c, &t, &ct);
    for (int k = 0; ge && k < ge->members.n && k < 64; k++) {
      ast_member *mb = ge->members.v[k];
      uint64_t bit = (uint64_t)1 << k;
      /* Categories naming it, then those reaching it through others. */
      int cnt = 0;
      for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < nc; i++) {
          int hit = pass == 0 ? (g.direct[i] & bit) != 0 : !(g.direct[i] & bit) && (g.reach[i] & bit);
          if (!hit)
            continue;
          ast_item *it = ((sema_named *)m->categories.v[i])->item;
          list_add(&t, &cnt, lbl(it->label, it->name));
          if (pass == 0)
            add_cite_full(&ct, m, it->cite);
        }
      list_end(&t, cnt);
      /* What it leads to: benefits, then denies and limits. */
      n = 0;
      for (int i = 0; i < m->benefits.n; i++) {
        sema_benefit *bf = m->benefits.v[i];
        if (!(breach[i] & bit))
          continue;
        if (!n++) {
          sb_line(&t);
          sb_add(&t, "→ ");
        } else
          sb_add(&t, "; ");
        sb_add(&t, lbl(bf->item->label, bf->item->name));
        if (!cnt)
          add_cite(&ct, bf->cite);
      }
      n = 0;
      for (int i = 0; i < m->denies.n; i++) {
        sema_cond *d = m->denies.v[i];
        if (!(reach_expr(&g, d->item->expr, 0) & bit))
          continue;
        if (!n++) {
          sb_line(&t);
          sb_add(&t, "拒绝 deny: ");
        } else
          sb_add(&t, "; ");
        sb_add(&t, ((sema_reason *)m->reasons.v[d->reason])->code);
      }
      n = 0;
      for (int i = 0; i < m->limits.n; i++) {
        sema_limit *l = m->limits.v[i];
        if (!l->item->cond || !(reach_expr(&g, l->item->cond, 0) & bit))
          continue;
        if (!n++) {
          sb_line(&t);
          sb_add(&t, "限制 limit: ");
        } else
          sb_add(&t, "; ");
        sb_add(&t, ((sema_reason *)m->reasons.v[l->reason])->code);
      }
      char key[256];
      snprintf(key, sizeof key, "group.%s", mb->name);
      row_set(row_get(sh, s, key, "", ""), c, &t, &ct);
    }
    /* Every category of the policy. */
    sb_printf(&t, "%d 个类别 / categories", nc);
    for (int i = 0; i < nc; i++) {
      ast_item *it = ((sema_named *)m->categories.v[i])->item;
      sb_printf(&t, "\n%s — %s", it->name, lbl(it->label, it->name));
    }
    row_set(row_get(sh, s, "group.(categories)", "", ""), c, &t, NULL);
    free(breach);
    free(g.direct);
    free(g.reach);
    free(g.state);
  }
}

/* ---- section: benefits ----------------------------------------------------- */

static const char *payee_text(int payee) { return payee == RT_PAYEE_PERSON ? "个人 person" : "机构 organizer"; }

/* "个人 person: FORMULA; first 60%, rest when COND; during A–B". */
static void fmt_rule(sb *b, sema_model *m, ast_rule *r)
{
  sb_add(b, payee_text(r->payee));
  sb_add(b, ": ");
  fmt_formula(b, m, r->amount);
  if (r->share) {
    sb_add(b, "; first ");
    fmt_src(b, m, r->share);
    sb_add(b, ", rest when ");
    fmt_src(b, m, r->rest_when);
  }
  if (r->has_during) {
    sb_add(b, "; during ");
    fmt_date(b, r->during_from);
    sb_add(b, " to ");
    fmt_date(b, r->during_to);
  }
}

static void sec_benefits(sheet *sh, sema_model *const *models)
{
  sheet_section *s = sec_new(sh, "benefits", "补贴项目", "Benefits");
  for (int c = 0; c < sh->ncity; c++) {
    sema_model *m = models[c];
    for (int i = 0; i < m->benefits.n; i++) {
      sema_benefit *bf = m->benefits.v[i];
      ast_item *it = bf->item;
      sb t = {0}, ct = {0};
      sb_add(&t, lbl(it->label, it->name));
      add_cite(&ct, bf->cite);
      int single = bf->nrules == 1 && !strcmp(((sema_rule *)m->rules.v[bf->first_rule])->ast->name, it->name);
      if (bf->nrules > 1)
        sb_add(&t, it->resolve == RES_MAX ? " (resolve max: 取最高)" : " (resolve first: 按序取第一条)");
      for (int k = 0; k < bf->nrules; k++) {
        sema_rule *sr = m->rules.v[bf->first_rule + k];
        ast_rule *r = sr->ast;
        sb_line(&t);
        if (!single) {
          sb_printf(&t, "• %s", lbl(r->label, r->name));
          if (r->exception_to)
            sb_printf(&t, " (exception to %s)", r->exception_to);
          sb_add(&t, " — ");
        }
        fmt_rule(&t, m, r);
        add_cite(&ct, sr->cite);
      }
      char key[256];
      snprintf(key, sizeof key, "benefit.%s", it->name);
      row_set(row_get(sh, s, key, lbl(it->label, it->name), it->name), c, &t, &ct);
    }
  }
}

/* ---- section: levels --------------------------------------------------------- */

/* One line of a level cell: a benefit (or one of its rules) and its amount. */
typedef struct lline {
  int benefit;
  const char *rule_label, *cite;
  char *text;               /* the amount */
} lline;

/* The amounts at level `level` (a member index, or -1 for the rules that
** do not depend on the level) of model m, as cell lines. */
static void level_cell(sema_model *m, int level, sb *t, sb *ct)
{
  int lf = level_field(m);
  actx c = {m, lf, level, 0, 0};
  lline *ls = calloc((size_t)m->rules.n + 1, sizeof *ls);
  if (!ls)
    abort();
  int n = 0;
  for (int i = 0; i < m->rules.n; i++) {
    sema_rule *sr = m->rules.v[i];
    ast_rule *r = sr->ast;
    int dep = uses_field(r->amount, lf, 0) || uses_field(r->when, lf, 0);
    if ((level >= 0) != dep)
      continue;
    if (r->when && cond3(&c, r->when) == K_F)
      continue;   /* the rule never applies at this level */
    sb v = {0};
    fmt_av(&v, aeval(&c, r->amount));
    ls[n].benefit = sr->benefit;
    ls[n].rule_label = lbl(r->label, r->name);
    ls[n].cite = sr->cite;
    ls[n].text = sb_take(&v);
    n++;
  }
  /* One line per benefit when all its rules are here and agree, else one
  ** per rule, named (the rules of a benefit are consecutive). */
  for (int i = 0, j; i < n; i = j) {
    sema_benefit *bf = m->benefits.v[ls[i].benefit];
    const char *bl = lbl(bf->item->label, bf->item->name);
    for (j = i + 1; j < n && ls[j].benefit == ls[i].benefit; j++)
      ;
    int agree = j - i == bf->nrules;
    for (int k = i + 1; k < j; k++)
      agree &= !strcmp(ls[k].text, ls[i].text);
    for (int k = i; k < j; k++) {
      sb_line(t);
      if (agree || !strcmp(ls[k].rule_label, bl))
        sb_printf(t, "%s: %s", bl, ls[k].text);
      else
        sb_printf(t, "%s（%s）: %s", bl, ls[k].rule_label, ls[k].text);
      if (agree)
        break;
    }
    for (int k = i; k < j; k++) {
      add_cite(ct, ls[k].cite);
      free(ls[k].text);
    }
  }
  free(ls);
}

/* The amounts by level.  Rules whose amount or condition reads `level`
** are shown in the level rows; the others once, in the row "any level",
** so that each level row shows only what changes with the level. */
static void sec_levels(sheet *sh, sema_model *const *models)
{
  sheet_section *s = sec_new(sh, "levels", "按等级补贴标准", "Amounts by level");
  for (int c = 0; c < sh->ncity; c++) {
    sema_model *m = models[c];
    int lf = level_field(m);
    if (lf < 0)
      continue;
    sema_enum *le = m->enums.v[((sema_field *)m->fields.v[lf])->type.en];
    for (int i = 0; i < le->members.n; i++) {
      ast_member *mb = le->members.v[i];
      char key[256];
      snprintf(key, sizeof key, "level.%s", mb->name);
      row_get(sh, s, key, lbl(mb->label, mb->name), mb->name);
    }
  }
  row_get(sh, s, "level.(any)", "不分等级", "any level");
  for (int c = 0; c < sh->ncity; c++) {
    sema_model *m = models[c];
    int lf = level_field(m);
    sema_enum *le = lf >= 0 ? m->enums.v[((sema_field *)m->fields.v[lf])->type.en] : NULL;
    for (int r = 0; r < s->nrows; r++) {
      const char *key = s->rows[r].key;
      int level = -1;
      if (strcmp(key, "level.(any)") != 0) {
        level = member_of(le, key + strlen("level."));
        if (level < 0)
          continue;
      }
      sb t = {0}, ct = {0};
      level_cell(m, level, &t, &ct);
      row_set(&s->rows[r], c, &t, &ct);
    }
  }
}

/* ---- section: denies ------------------------------------------------------- */

static void sec_denies(sheet *sh, sema_model *const *models)
{
  sheet_section *s = sec_new(sh, "denies", "拒绝条件", "Denials");
  for (int c = 0; c < sh->ncity; c++) {
    sema_model *m = models[c];
    for (int i = 0; i < m->denies.n; i++) {
      sema_cond *d = m->denies.v[i];
      sema_reason *rs = m->reasons.v[d->reason];
      sb t = {0}, ct = {0};
      if (d->item->reason_msg)
        sb_printf(&t, "%s\n", d->item->reason_msg);
      sb_add(&t, "when ");
      fmt_src(&t, m, d->item->expr);
      add_cite(&ct, rs->cite);
      char key[256];
      snprintf(key, sizeof key, "deny.%s", rs->code);
      row_set(row_get(sh, s, key, lbl(d->item->reason_msg, rs->code), rs->code), c, &t, &ct);
    }
  }
}

/* ---- section: limits ------------------------------------------------------- */

static void fmt_limit(sb *b, sema_model *m, sema_limit *l)
{
  if (l->kind == LIM_UNIQUE) {
    sb keys = {0};
    for (int j = 0; j < l->nkeys; j++) {
      if (j)
        sb_add(&keys, ", ");
      sb_add(&keys, ((sema_field *)m->fields.v[l->keys[j]])->name);
    }
    sb_printf(b, "同一 (%s) 不重复 / unique (%s) per person", keys.s ? keys.s : "", keys.s ? keys.s : "");
    free(keys.s);
  } else if (l->per_year) {
    if (l->n == 1)
      sb_add(b, "每人每年 1 次 / once per person per year");
    else
      sb_printf(b, "每人每年 %lld 次 / %lld per person per year", (long long)l->n, (long long)l->n);
  } else {
    if (l->n == 1)
      sb_add(b, "每人限 1 次 / once per person");
    else
      sb_printf(b, "每人累计 %lld 次 / %lld per person (all years)", (long long)l->n, (long long)l->n);
  }
  if (l->benefit >= 0) {
    ast_item *bi = ((sema_benefit *)m->benefits.v[l->benefit])->item;
    sb_printf(b, "\n仅限 %s / for %s", lbl(bi->label, bi->name), bi->name);
  }
  if (l->item->cond) {
    sb_add(b, "\n仅当 / while ");
    fmt_src(b, m, l->item->cond);
  }
  if (l->item->reason_msg)
    sb_printf(b, "\n“%s”", l->item->reason_msg);
}

static void sec_limits(sheet *sh, sema_model *const *models)
{
  sheet_section *s = sec_new(sh, "limits", "次数限制", "Limits");
  for (int c = 0; c < sh->ncity; c++) {
    sema_model *m = models[c];
    for (int i = 0; i < m->limits.n; i++) {
      sema_limit *l = m->limits.v[i];
      sema_reason *rs = m->reasons.v[l->reason];
      sb t = {0}, ct = {0};
      fmt_limit(&t, m, l);
      add_cite(&ct, l->cite);
      char key[256];
      snprintf(key, sizeof key, "limit.%s", rs->code);
      row_set(row_get(sh, s, key, lbl(rs->message, rs->code), rs->code), c, &t, &ct);
    }
  }
}

/* ---- sections: quotas, tables -------------------------------------------------- */

static void sec_quotas(sheet *sh, sema_model *const *models)
{
  sheet_section *s = sec_new(sh, "quotas", "培训任务", "Quotas");
  for (int c = 0; c < sh->ncity; c++) {
    sema_model *m = models[c];
    for (int i = 0; i < m->quotas.n; i++) {
      sema_quota *q = m->quotas.v[i];
      ast_item *it = q->item;
      int64_t total = 0;
      for (int k = 0; k < it->assigns.n; k++)
        total += ((ast_assign *)it->assigns.v[k])->value->ival;
      sb t = {0}, ct = {0};
      sb_printf(&t, "%s\n%lld 年 · 按 by ", lbl(it->label, it->name), (long long)it->year);
      if (q->field >= 0) {
        sema_field *f = m->fields.v[q->field];
        sb_printf(&t, "%s（%s）", f->name, lbl(f->label, f->name));
      } else
        sb_add(&t, it->by_field ? it->by_field : "?");
      sb_printf(&t, " · %d 项 keys · 计划 planned ", it->assigns.n);
      fmt_int(&t, total);
      sb_add(&t, " 人次");
      add_cite(&ct, q->cite);
      char key[256];
      snprintf(key, sizeof key, "quota.%s", it->name);
      row_set(row_get(sh, s, key, lbl(it->label, it->name), it->name), c, &t, &ct);
    }
  }
}

/* The table's file as the policy names it: the loader stores it resolved
** against the declaring file's directory, which is taken off again. */
static void fmt_table_path(sb *b, sema_model *m, ast_item *it)
{
  const char *path = it->path ? it->path : "";
  if (m->D && it->sp.file >= 0 && it->sp.file < m->D->nfiles && m->D->files[it->sp.file].path) {
    const char *decl = m->D->files[it->sp.file].path;
    const char *slash = strrchr(decl, '/');
    size_t dl = slash ? (size_t)(slash - decl) : 0;
    if (slash && !strncmp(path, decl, dl) && path[dl] == '/')
      path += dl + 1;
  }
  sb_add(b, path);
}

static void sec_tables(sheet *sh, sema_model *const *models)
{
  sheet_section *s = sec_new(sh, "tables", "补贴标准表", "Standards tables");
  for (int c = 0; c < sh->ncity; c++) {
    sema_model *m = models[c];
    for (int i = 0; i < m->tables.n; i++) {
      sema_table *tb = m->tables.v[i];
      ast_item *it = tb->item;
      sb t = {0}, ct = {0};
      sb_printf(&t, "%s\n", lbl(it->label, it->name));
      fmt_table_path(&t, m, it);
      sb_printf(&t, " · %d 行 rows · key (", tb->rows.n);
      for (int j = 0; j < tb->nkeys; j++)
        sb_printf(&t, "%s%s", j ? ", " : "", ((sema_field *)m->fields.v[tb->keys[j]])->name);
      sb_printf(&t, ") : %s\nsha256 %.12s", sema_type_name(m, tb->value), tb->sha);
      add_cite(&ct, tb->cite);
      char key[256];
      snprintf(key, sizeof key, "table.%s", it->name);
      row_set(row_get(sh, s, key, lbl(it->label, it->name), it->name), c, &t, &ct);
    }
  }
}

/* ---- the sheet --------------------------------------------------------------- */

sheet *sheet_build(sema_model *const *models, int n)
{
  sheet *sh = calloc(1, sizeof *sh);
  if (!sh)
    abort();
  sh->ncity = n > 0 ? n : 0;
  sh->city_zh = calloc((size_t)sh->ncity + 1, sizeof *sh->city_zh);
  sh->city_en = calloc((size_t)sh->ncity + 1, sizeof *sh->city_en);
  sh->sec = calloc(MAX_SECTIONS, sizeof *sh->sec);
  if (!sh->city_zh || !sh->city_en || !sh->sec)
    abort();
  for (int c = 0; c < sh->ncity; c++) {
    ast_item *p = models[c]->policy;
    sh->city_en[c] = xstrdup(p ? p->name : "(schema)");
    sh->city_zh[c] = xstrdup(p && p->city ? p->city : p ? p->name : "(schema)");
  }
  sec_policy(sh, models);
  sec_groups(sh, models);
  sec_benefits(sh, models);
  sec_levels(sh, models);
  sec_denies(sh, models);
  sec_limits(sh, models);
  sec_quotas(sh, models);
  sec_tables(sh, models);
  /* A city without the row's aspect gets an empty cell. */
  for (int i = 0; i < sh->nsec; i++)
    for (int r = 0; r < sh->sec[i].nrows; r++) {
      sheet_row *row = &sh->sec[i].rows[r];
      for (int c = 0; c < sh->ncity; c++) {
        if (!row->cells[c])
          row->cells[c] = xstrdup("");
        if (!row->cites[c])
          row->cites[c] = xstrdup("");
      }
    }
  return sh;
}

void sheet_free(sheet *s)
{
  if (!s)
    return;
  for (int i = 0; i < s->nsec; i++) {
    sheet_section *sec = &s->sec[i];
    for (int r = 0; r < sec->nrows; r++) {
      sheet_row *row = &sec->rows[r];
      for (int c = 0; c < s->ncity; c++) {
        free(row->cells[c]);
        free(row->cites[c]);
      }
      free(row->cells);
      free(row->cites);
      free(row->key);
      free(row->label_zh);
      free(row->label_en);
    }
    free(sec->rows);
    free(sec->id);
    free(sec->title_zh);
    free(sec->title_en);
  }
  free(s->sec);
  for (int c = 0; c < s->ncity; c++) {
    free(s->city_zh[c]);
    free(s->city_en[c]);
  }
  free(s->city_zh);
  free(s->city_en);
  free(s);
}
