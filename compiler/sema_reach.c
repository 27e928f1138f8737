/*
** sema_reach.c — which rules can apply, and which rules of a `resolve first`
** benefit overlap or are hidden by earlier ones (warnings of `polis check`).
**
** Each rule's condition (its `when`, its `during` window and the policy's
** effective period) is abstracted into a small formula over finite
** variables:
**
**   - an enum field compared with members: one variable over its members;
**   - a text field compared with string literals: one variable over those
**     literals plus "any other text";
**   - a bool field, or a group in a set field (`poor_labor`,
**     `x in groups`): a boolean;
**   - a numeric term (a field, or any expression over fields) compared with
**     constants: one variable over representative values — each constant c
**     gives c-1, c and c+1, clamped to the field's min and max — so that
**     disjoint ranges are told apart;
**   - two non-constant terms compared: one variable over {<, =, >};
**   - anything else: a free boolean per distinct subexpression.
**
** Categories and params are expanded where they are used; a dated param
** (`from DATE: …`) and an `if` compared with a constant are split by their
** cases.  Values that can be
** unknown (an optional numeric field without default, a `by` without `else`,
** functions we do not model) get an extra value "unknown", and formulas are
** evaluated in Kleene's logic: a rule applies only when its condition is
** known and true, as at run time.
**
** The claims that reach the rules are further those inside the policy's
** effective period that no schema `check` rejects.  An exception (`exception
** to`) takes its base rule's claims, and its base's base's, as at run time.
**
** Each formula becomes two BDDs over the bits of the variables' values (the
** claims for which it is true, and those for which it is false).  A query —
** "can this rule apply?", "can the earlier rule decide a claim the later one
** also matches?", "can this rule apply when no earlier one does?" — is then
** a test for the empty set.  Because every abstraction admits at least the
** claims that really exist, "no claim" is sound: a rule reported as never
** applying really never applies (the overlap warning may be a false alarm
** where conditions were abstracted).  When the BDDs grow past a fixed number
** of nodes they are dropped and the query retried from scratch; a query that
** overflows even then is given up silently.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "sema.h"

/* Outcomes of a condition, as bits of a set. */
enum { O_F = 1, O_T = 2, O_U = 4 };

#define UNKV INT64_MIN         /* the value "unknown" in a domain */
#define MAX_DEPTH 64           /* expansion depth of categories and params */
#define NODE_CAP (1 << 18)     /* BDD nodes, at once */
#define CACHE_SIZE (1 << 16)   /* entries of the BDD operation cache */

typedef enum vkind { VK_BOOL, VK_ENUM, VK_TEXT, VK_NUM, VK_REL } vkind;

typedef struct rvar {
  vkind kind;
  int field, member;   /* VK_BOOL (bool field / group of a set field), VK_ENUM, VK_TEXT; else -1 */
  ast_expr *l, *r;     /* VK_NUM and opaque VK_BOOL: the term; VK_REL: left and right */
  int may_unk;         /* the domain holds UNKV */
  ptrvec lits;         /* VK_TEXT: the strings the field is compared with */
  int64_t *dv;         /* the domain (VK_NUM: candidates while building) */
  int dom, cap;
  int64_t lo, hi;      /* VK_NUM on a field: its bounds */
  int has_lo, has_hi;
} rvar;

typedef enum nkind {
  N_CONST, N_AND, N_OR, N_NOT, N_IST, N_IFF,
  N_BOOL,   /* var is true */
  N_IN,     /* var's value is in list */
  N_CMP,    /* var op c */
  N_REL,    /* var (a relation -1/0/1) satisfies op */
  N_KNOWN   /* var is not unknown */
} nkind;

typedef struct rnode rnode;
struct rnode {
  nkind k;
  unsigned cval;       /* N_CONST: one outcome bit */
  int var, op;
  int64_t c;
  int64_t *list;       /* N_IN */
  int nlist;
  rnode *a, *b;
  int done;            /* bt and bf are computed */
  int hopeless;        /* its BDDs overflow even when built from scratch */
  int bt, bf;          /* the BDDs of "is true" and "is false" */
};

/* A reduced ordered BDD over the bits of the variables' values. */
typedef struct bnode {
  int level, lo, hi;   /* terminals 0 and 1 have level INT32_MAX */
} bnode;

typedef struct bcache {
  int op, a, b, r;
} bcache;

typedef struct memo {
  void *key;
  rnode *n;
} memo;

typedef struct R {
  sema_model *m;
  rvar *vars;
  int nvars, capvars;
  ptrvec nodes;        /* rnode*: all of them */
  ptrvec leaves;       /* rnode*: every leaf that reads a variable */
  memo *memos;         /* expanded categories and bool params */
  int nmemos, capmemos;
  ast_expr *claim_date;/* a synthetic reference to the claim_date field */
  signed char *fmu;    /* per field: may be unknown (-1 not yet known, 2 = being computed) */
  int *bitbase, *nbits;/* per var: its first BDD level and its number of bits */
  bnode *bn;           /* BDD nodes */
  int nbn, capbn;
  int *uniq;           /* hash table of node ids (0 = empty slot) */
  int capuniq;
  bcache *cache;       /* lossy memo of and/or/not */
  int overflow;        /* too many nodes: the current query gives up */
  int clean;           /* the current attempt started from no nodes */
} R;

/* ---- Kleene logic ------------------------------------------------------------ */

static unsigned and3(unsigned x, unsigned y)
{
  if (x == O_F || y == O_F)
    return O_F;
  return x == O_T && y == O_T ? O_T : O_U;
}

static unsigned or3(unsigned x, unsigned y)
{
  if (x == O_T || y == O_T)
    return O_T;
  return x == O_F && y == O_F ? O_F : O_U;
}

static unsigned iff3(unsigned x, unsigned y)
{
  if (x == O_U || y == O_U)
    return O_U;
  return x == y ? O_T : O_F;
}

static unsigned not3(unsigned x) { return x == O_T ? O_F : x == O_F ? O_T : O_U; }

/* ---- nodes ----------------------------------------------------------------- */

static rnode *node(R *s, nkind k)
{
  rnode *n = arena_alloc(s->m->A, sizeof *n);
  n->k = k;
  n->var = -1;
  ptrvec_push(s->m->A, &s->nodes, n);
  return n;
}

static rnode *mk_const(R *s, unsigned o)
{
  rnode *n = node(s, N_CONST);
  n->cval = o;
  return n;
}

static rnode *mk_un(R *s, nkind k, rnode *a)
{
  if (a->k == N_CONST)
    return mk_const(s, k == N_NOT ? not3(a->cval) : a->cval == O_T ? O_T : O_F);
  if (k == N_IST && (a->k == N_IST || (a->k == N_NOT && a->a->k == N_IST)))
    return a;   /* already two-valued */
  rnode *n = node(s, k);
  n->a = a;
  return n;
}

static rnode *mk_not(R *s, rnode *a) { return mk_un(s, N_NOT, a); }
static rnode *mk_ist(R *s, rnode *a) { return mk_un(s, N_IST, a); }

static rnode *mk_bin(R *s, nkind k, rnode *a, rnode *b)
{
  if (a->k == N_CONST && b->k == N_CONST)
    return mk_const(s, k == N_AND ? and3(a->cval, b->cval)
                         : k == N_OR ? or3(a->cval, b->cval) : iff3(a->cval, b->cval));
  if (k == N_AND) {
    if ((a->k == N_CONST && a->cval == O_F) || (b->k == N_CONST && b->cval == O_T))
      return a;
    if ((b->k == N_CONST && b->cval == O_F) || (a->k == N_CONST && a->cval == O_T))
      return b;
  } else if (k == N_OR) {
    if ((a->k == N_CONST && a->cval == O_T) || (b->k == N_CONST && b->cval == O_F))
      return a;
    if ((b->k == N_CONST && b->cval == O_T) || (a->k == N_CONST && a->cval == O_F))
      return b;
  }
  rnode *n = node(s, k);
  n->a = a;
  n->b = b;
  return n;
}

static rnode *mk_and(R *s, rnode *a, rnode *b) { return mk_bin(s, N_AND, a, b); }

static rnode *mk_leaf(R *s, nkind k, int var)
{
  rnode *n = node(s, k);
  n->var = var;
  ptrvec_push(s->m->A, &s->leaves, n);
  return n;
}

/* ---- expressions: structure, constants, unknowns ----------------------------- */

static int str_eq(const char *a, const char *b)
{
  if (!a || !b)
    return a == b;
  return !strcmp(a, b);
}

static int expr_eq(ast_expr *a, ast_expr *b, int depth)
{
  if (a == b)
    return 1;
  if (!a || !b || depth > MAX_DEPTH || a->kind != b->kind)
    return 0;
  switch (a->kind) {
  case EX_NAME:
  case EX_QNAME:
    if (a->bind != b->bind)
      return 0;
    switch (a->bind) {
    case BIND_FIELD: return a->bind_idx == b->bind_idx;
    case BIND_CATEGORY: case BIND_PARAM: return a->bind_ptr == b->bind_ptr;
    case BIND_MEMBER: return a->bind_ptr == b->bind_ptr && a->bind_idx == b->bind_idx;
    case BIND_MEMBERSHIP: return a->membership_field == b->membership_field && a->bind_idx == b->bind_idx;
    default: return str_eq(a->name, b->name) && str_eq(a->name2, b->name2);
    }
  case EX_BY:
  case EX_DATED:
    return 0;   /* items are cases: only the same node */
  default:
    break;
  }
  if (a->op != b->op || a->ival != b->ival || !str_eq(a->name, b->name) || !str_eq(a->name2, b->name2) ||
      a->items.n != b->items.n)
    return 0;
  if (!expr_eq(a->a, b->a, depth + 1) || !expr_eq(a->b, b->b, depth + 1) || !expr_eq(a->c, b->c, depth + 1))
    return 0;
  for (int i = 0; i < a->items.n; i++)
    if (!expr_eq(a->items.v[i], b->items.v[i], depth + 1))
      return 0;
  return 1;
}

/* A param's definition stands for it. */
static ast_expr *deref(ast_expr *e)
{
  for (int i = 0; e && i < MAX_DEPTH; i++) {
    if (e->kind != EX_NAME || e->bind != BIND_PARAM || !e->bind_ptr)
      return e;
    sema_named *n = e->bind_ptr;
    if (!n->item || !n->item->expr)
      return e;
    e = n->item->expr;
  }
  return e;
}

static int is_literal(ast_ekind k)
{
  return k == EX_BOOL || k == EX_INT || k == EX_MONEY || k == EX_RATE || k == EX_PERCENT || k == EX_DATE ||
         k == EX_DAYS;
}

/* The value of a constant numeric (or bool) expression. */
static int const_eval(ast_expr *e, int64_t *v, int depth)
{
  if (!e || depth > MAX_DEPTH)
    return 0;
  e = deref(e);
  if (is_literal(e->kind)) {
    *v = e->ival;
    return 1;
  }
  int64_t x, y;
  switch (e->kind) {
  case EX_NEG:
    if (!const_eval(e->a, &x, depth + 1) || x == INT64_MIN)
      return 0;
    *v = -x;
    return 1;
  case EX_BIN:
    if (e->op < OP_ADD || !const_eval(e->a, &x, depth + 1) || !const_eval(e->b, &y, depth + 1))
      return 0;
    switch (e->op) {
    case OP_ADD: return !__builtin_add_overflow(x, y, v);
    case OP_SUB: return !__builtin_sub_overflow(x, y, v);
    case OP_MUL: return !__builtin_mul_overflow(x, y, v);
    case OP_OF: {
      /* x hundredths of a percent of y, rounded half away from zero */
      int64_t p;
      if (__builtin_mul_overflow(x, y, &p))
        return 0;
      int64_t q = p / 10000, r = p % 10000;
      if (r >= 5000)
        q++;
      else if (r <= -5000)
        q--;
      *v = q;
      return 1;
    }
    default: return 0;
    }
  case EX_CALL:
    if (e->name && (!strcmp(e->name, "min") || !strcmp(e->name, "max")) && e->items.n > 0) {
      int is_min = !strcmp(e->name, "min");
      for (int i = 0; i < e->items.n; i++) {
        if (!const_eval(e->items.v[i], &x, depth + 1))
          return 0;
        if (i == 0 || (is_min ? x < *v : x > *v))
          *v = x;
      }
      return 1;
    }
    return 0;
  default:
    return 0;
  }
}

static int numeric_kind(ty_kind k)
{
  return k == TY_INT || k == TY_MONEY || k == TY_PERCENT || k == TY_DATE || k == TY_DAYS || k == TY_RATE;
}

static int may_unknown(R *s, ast_expr *e, int depth);

/* An optional numeric field without a constant default may be empty. */
static int field_may_unknown(R *s, int idx)
{
  if (idx < 0 || idx >= s->m->fields.n)
    return 1;
  if (s->fmu[idx] == 0 || s->fmu[idx] == 1)
    return s->fmu[idx];
  if (s->fmu[idx] == 2)
    return 1;   /* a cycle (reported by sema); be safe */
  sema_field *f = s->m->fields.v[idx];
  int r;
  if (!numeric_kind(f->type.k) || (f->flags & RT_FIELD_REQUIRED))
    r = 0;
  else if (!f->deflt)
    r = 1;
  else if (f->flags & RT_FIELD_COMPUTED) {
    s->fmu[idx] = 2;
    r = may_unknown(s, f->deflt, 0);
  } else
    r = 0;
  s->fmu[idx] = (signed char)r;
  return r;
}

/* Can e be unknown for some claim?  Conservative: yes unless we know better. */
static int may_unknown(R *s, ast_expr *e, int depth)
{
  if (!e)
    return 0;
  if (depth > MAX_DEPTH)
    return 1;
  if (is_literal(e->kind))
    return 0;
  switch (e->kind) {
  case EX_STR:
  case EX_QNAME:
    return 0;
  case EX_NAME:
    switch (e->bind) {
    case BIND_FIELD: return field_may_unknown(s, e->bind_idx);
    case BIND_MEMBER: case BIND_MEMBERSHIP: return 0;
    case BIND_CATEGORY: case BIND_PARAM: {
      sema_named *n = e->bind_ptr;
      return !n || !n->item || !n->item->expr || may_unknown(s, n->item->expr, depth + 1);
    }
    default: return 1;
    }
  case EX_NOT: case EX_NEG: case EX_BIN: case EX_IN: case EX_SET: case EX_IF:
    if (may_unknown(s, e->a, depth + 1) || may_unknown(s, e->b, depth + 1) || may_unknown(s, e->c, depth + 1))
      return 1;
    for (int i = 0; i < e->items.n; i++)
      if (may_unknown(s, e->items.v[i], depth + 1))
        return 1;
    return 0;
  case EX_CALL:
    if (!e->name)
      return 1;
    if (!strcmp(e->name, "known"))
      return 0;
    if (strcmp(e->name, "min") && strcmp(e->name, "max") && strcmp(e->name, "year"))
      return 1;
    for (int i = 0; i < e->items.n; i++)
      if (may_unknown(s, e->items.v[i], depth + 1))
        return 1;
    return 0;
  case EX_BY: {
    int has_else = 0;
    for (int i = 0; i < e->items.n; i++) {
      ast_case *c = e->items.v[i];
      has_else |= c->is_else && !c->unstated;   /* `else: unstated` has no value */
      if (may_unknown(s, c->value, depth + 1))
        return 1;
    }
    return !has_else || may_unknown(s, e->a, depth + 1);
  }
  default:
    return 1;
  }
}

/* ---- variables ---------------------------------------------------------------- */

static int new_var(R *s, vkind k)
{
  if (s->nvars == s->capvars) {
    s->capvars = s->capvars ? 2 * s->capvars : 32;
    s->vars = realloc(s->vars, (size_t)s->capvars * sizeof *s->vars);
  }
  rvar *v = &s->vars[s->nvars];
  memset(v, 0, sizeof *v);
  v->kind = k;
  v->field = v->member = -1;
  return s->nvars++;
}

static int keyed_var(R *s, vkind k, int field, int member)
{
  for (int i = 0; i < s->nvars; i++)
    if (s->vars[i].kind == k && s->vars[i].field == field && s->vars[i].member == member && !s->vars[i].l)
      return i;
  int x = new_var(s, k);
  s->vars[x].field = field;
  s->vars[x].member = member;
  return x;
}

static int term_var(R *s, vkind k, ast_expr *t)
{
  for (int i = 0; i < s->nvars; i++)
    if (s->vars[i].kind == k && s->vars[i].l && expr_eq(s->vars[i].l, t, 0))
      return i;
  int x = new_var(s, k);
  s->vars[x].l = t;
  s->vars[x].may_unk = may_unknown(s, t, 0);
  return x;
}

/* A relation between two terms; *flip is set when it was found as (r, l). */
static int rel_var(R *s, ast_expr *l, ast_expr *r, int *flip)
{
  *flip = 0;
  for (int i = 0; i < s->nvars; i++) {
    rvar *v = &s->vars[i];
    if (v->kind != VK_REL)
      continue;
    if (expr_eq(v->l, l, 0) && expr_eq(v->r, r, 0))
      return i;
    if (expr_eq(v->l, r, 0) && expr_eq(v->r, l, 0)) {
      *flip = 1;
      return i;
    }
  }
  int x = new_var(s, VK_REL);
  s->vars[x].l = l;
  s->vars[x].r = r;
  s->vars[x].may_unk = may_unknown(s, l, 0) || may_unknown(s, r, 0);
  return x;
}

static void add_value(rvar *v, int64_t x)
{
  if (x == UNKV)
    return;
  if (v->dom == v->cap) {
    v->cap = v->cap ? 2 * v->cap : 8;
    v->dv = realloc(v->dv, (size_t)v->cap * sizeof *v->dv);
  }
  v->dv[v->dom++] = x;
}

static rnode *opaque(R *s, ast_expr *e)
{
  return mk_leaf(s, N_BOOL, term_var(s, VK_BOOL, e));
}

/* ---- conditions ---------------------------------------------------------------- */

static rnode *cond(R *s, ast_expr *e, int depth);

static int flip_op(int op)
{
  switch (op) {
  case OP_LT: return OP_GT;
  case OP_LE: return OP_GE;
  case OP_GT: return OP_LT;
  case OP_GE: return OP_LE;
  default: return op;
  }
}

static int cmp_holds(int64_t x, int op, int64_t c)
{
  switch (op) {
  case OP_EQ: return x == c;
  case OP_NE: return x != c;
  case OP_LT: return x < c;
  case OP_LE: return x <= c;
  case OP_GT: return x > c;
  case OP_GE: return x >= c;
  default: return 0;
  }
}

static rnode *num_cmp(R *s, ast_expr *t, int op, int64_t c);

/* year(d) op c, as a comparison of the date d. */
static rnode *year_cmp(R *s, ast_expr *d, int op, int64_t c)
{
  int64_t jan1 = rt_days_from_civil(c, 1, 1), dec31 = rt_days_from_civil(c, 12, 31);
  switch (op) {
  case OP_EQ: return mk_and(s, num_cmp(s, d, OP_GE, jan1), num_cmp(s, d, OP_LE, dec31));
  case OP_NE: return mk_not(s, mk_and(s, num_cmp(s, d, OP_GE, jan1), num_cmp(s, d, OP_LE, dec31)));
  case OP_LT: return num_cmp(s, d, OP_LT, jan1);
  case OP_LE: return num_cmp(s, d, OP_LE, dec31);
  case OP_GT: return num_cmp(s, d, OP_GT, dec31);
  default: return num_cmp(s, d, OP_GE, jan1);
  }
}

static rnode *claim_date_in(R *s, int64_t from, int64_t to)
{
  return mk_and(s, num_cmp(s, s->claim_date, OP_GE, from), num_cmp(s, s->claim_date, OP_LE, to));
}

/* A dated value as a formula: the value in force at claim_date satisfies
** `each` (a comparison or a condition); before the first date it is
** unknown. */
static rnode *dated(R *s, ast_expr *t, rnode *(*each)(R *, ast_expr *, int, int64_t, int), int op, int64_t c,
                    int depth)
{
  rnode *r = mk_and(s, num_cmp(s, s->claim_date, OP_LT, ((ast_case *)t->items.v[0])->date), mk_const(s, O_U));
  for (int i = 0; i < t->items.n; i++) {
    ast_case *k = t->items.v[i];
    rnode *w = i + 1 < t->items.n ? claim_date_in(s, k->date, ((ast_case *)t->items.v[i + 1])->date - 1)
                                  : num_cmp(s, s->claim_date, OP_GE, k->date);
    r = mk_bin(s, N_OR, r, mk_and(s, w, each(s, k->value, op, c, depth + 1)));
  }
  return r;
}

static int is_dated(R *s, ast_expr *t)
{
  if (t->kind != EX_DATED || !s->claim_date || t->items.n == 0)
    return 0;
  for (int i = 0; i < t->items.n; i++) {
    ast_case *k = t->items.v[i];
    if (!k->value || (i && k->date <= ((ast_case *)t->items.v[i - 1])->date))
      return 0;
  }
  return 1;
}

static rnode *term_cmp(R *s, ast_expr *t, int op, int64_t c, int depth);

/* A numeric term compared with a constant. */
static rnode *num_cmp(R *s, ast_expr *t, int op, int64_t c)
{
  return term_cmp(s, t, op, c, 0);
}

static rnode *term_cmp(R *s, ast_expr *t, int op, int64_t c, int depth)
{
  t = deref(t);
  int64_t k;
  if (const_eval(t, &k, 0))
    return mk_const(s, cmp_holds(k, op, c) ? O_T : O_F);
  if (depth < MAX_DEPTH && is_dated(s, t))
    return dated(s, t, term_cmp, op, c, depth);
  if (depth < MAX_DEPTH && t->kind == EX_IF && t->a && t->b && t->c) {
    /* an unknown condition takes the else branch */
    rnode *q = mk_ist(s, cond(s, t->a, depth + 1));
    return mk_bin(s, N_OR, mk_and(s, q, term_cmp(s, t->b, op, c, depth + 1)),
                  mk_and(s, mk_not(s, q), term_cmp(s, t->c, op, c, depth + 1)));
  }
  if (t->kind == EX_CALL && t->name && !strcmp(t->name, "year") && t->items.n == 1 &&
      ((ast_expr *)t->items.v[0])->ty.k == TY_DATE && c >= 1 && c <= 9999)
    return year_cmp(s, t->items.v[0], op, c);
  if (c == UNKV) {   /* not representable: a free atom of its own */
    int f = new_var(s, VK_BOOL);
    s->vars[f].member = -2;
    s->vars[f].may_unk = 1;
    return mk_leaf(s, N_BOOL, f);
  }
  int x = term_var(s, VK_NUM, t);
  rvar *v = &s->vars[x];
  add_value(v, c);
  if (c > INT64_MIN + 1)
    add_value(v, c - 1);
  if (c < INT64_MAX)
    add_value(v, c + 1);
  rnode *n = mk_leaf(s, N_CMP, x);
  n->op = op;
  n->c = c;
  return n;
}

static rnode *in_list(R *s, int var, int64_t *list, int nlist)
{
  rnode *n = mk_leaf(s, N_IN, var);
  n->list = list;
  n->nlist = nlist;
  return n;
}

static int enum_field(R *s, ast_expr *e)
{
  if (e->kind == EX_NAME && e->bind == BIND_FIELD && e->bind_idx >= 0 && e->bind_idx < s->m->fields.n &&
      ((sema_field *)s->m->fields.v[e->bind_idx])->type.k == TY_ENUM)
    return e->bind_idx;
  return -1;
}

static int text_field(R *s, ast_expr *e)
{
  if (e->kind == EX_NAME && e->bind == BIND_FIELD && e->bind_idx >= 0 && e->bind_idx < s->m->fields.n &&
      ((sema_field *)s->m->fields.v[e->bind_idx])->type.k == TY_TEXT)
    return e->bind_idx;
  return -1;
}

static int is_member(ast_expr *e)
{
  return (e->kind == EX_NAME || e->kind == EX_QNAME) && e->bind == BIND_MEMBER;
}

static int64_t text_lit(R *s, int var, const char *text)
{
  rvar *v = &s->vars[var];
  for (int i = 0; i < v->lits.n; i++)
    if (!strcmp(v->lits.v[i], text))
      return i;
  ptrvec_push(s->m->A, &v->lits, (void *)text);
  return v->lits.n - 1;
}

static rnode *rel(R *s, ast_expr *l, ast_expr *r, int op)
{
  int flip;
  int x = rel_var(s, l, r, &flip);
  rnode *n = mk_leaf(s, N_REL, x);
  n->op = flip ? flip_op(op) : op;
  return n;
}

/* t op d, where d is a dated value: per period, t against that period's value. */
static rnode *dated_vs(R *s, ast_expr *t, int op, ast_expr *d)
{
  rnode *r = mk_and(s, num_cmp(s, s->claim_date, OP_LT, ((ast_case *)d->items.v[0])->date), mk_const(s, O_U));
  for (int i = 0; i < d->items.n; i++) {
    ast_case *k = d->items.v[i];
    rnode *w = i + 1 < d->items.n ? claim_date_in(s, k->date, ((ast_case *)d->items.v[i + 1])->date - 1)
                                  : num_cmp(s, s->claim_date, OP_GE, k->date);
    int64_t c;
    rnode *x = const_eval(k->value, &c, 0) ? num_cmp(s, t, op, c) : rel(s, t, deref(k->value), op);
    r = mk_bin(s, N_OR, r, mk_and(s, w, x));
  }
  return r;
}

static rnode *compare(R *s, ast_expr *e, int depth)
{
  ast_expr *l = deref(e->a), *r = deref(e->b);
  int op = e->op;
  ty_kind k = e->a->ty.k;
  if (k == TY_BOOL) {
    rnode *n = mk_bin(s, N_IFF, cond(s, l, depth + 1), cond(s, r, depth + 1));
    return op == OP_NE ? mk_not(s, n) : op == OP_EQ ? n : opaque(s, e);
  }
  if (k == TY_ENUM && (op == OP_EQ || op == OP_NE)) {
    if (is_member(r) && !is_member(l)) {
      ast_expr *t = l;
      l = r;
      r = t;
    }
    /* l is the member, if any */
    if (is_member(l) && is_member(r)) {
      int same = l->bind_ptr == r->bind_ptr && l->bind_idx == r->bind_idx;
      return mk_const(s, same == (op == OP_EQ) ? O_T : O_F);
    }
    int f = enum_field(s, r);
    if (is_member(l) && f >= 0) {
      int64_t *list = arena_alloc(s->m->A, sizeof *list);
      list[0] = l->bind_idx;
      rnode *n = in_list(s, keyed_var(s, VK_ENUM, f, -1), list, 1);
      return op == OP_NE ? mk_not(s, n) : n;
    }
    return rel(s, l, r, op);
  }
  if (k == TY_TEXT && (op == OP_EQ || op == OP_NE)) {
    if (r->kind == EX_STR && l->kind != EX_STR) {
      ast_expr *t = l;
      l = r;
      r = t;
    }
    if (l->kind == EX_STR && r->kind == EX_STR)
      return mk_const(s, str_eq(l->name, r->name) == (op == OP_EQ) ? O_T : O_F);
    int f = text_field(s, r);
    if (l->kind == EX_STR && f >= 0 && l->name) {
      int x = keyed_var(s, VK_TEXT, f, -1);
      int64_t *list = arena_alloc(s->m->A, sizeof *list);
      list[0] = text_lit(s, x, l->name);
      rnode *n = in_list(s, x, list, 1);
      return op == OP_NE ? mk_not(s, n) : n;
    }
    return rel(s, l, r, op);
  }
  if (numeric_kind(k)) {
    int64_t a, b;
    int ca = const_eval(l, &a, 0), cb = const_eval(r, &b, 0);
    if (ca && cb)
      return mk_const(s, cmp_holds(a, op, b) ? O_T : O_F);
    if (cb)
      return num_cmp(s, l, op, b);
    if (ca)
      return num_cmp(s, r, flip_op(op), a);
    if (is_dated(s, r))
      return dated_vs(s, l, op, r);
    if (is_dated(s, l))
      return dated_vs(s, r, flip_op(op), l);
    return rel(s, l, r, op);
  }
  return opaque(s, e);
}

static rnode *in_expr(R *s, ast_expr *e, int depth)
{
  (void)depth;
  ast_expr *l = deref(e->a), *r = deref(e->b);
  if (r->kind == EX_SET) {
    int n = r->items.n;
    int64_t *list = arena_alloc(s->m->A, (size_t)(n ? n : 1) * sizeof *list);
    int f;
    if (l->ty.k == TY_ENUM) {
      for (int i = 0; i < n; i++) {
        ast_expr *it = r->items.v[i];
        if (!is_member(it))
          return opaque(s, e);
        list[i] = it->bind_idx;
      }
      if (is_member(l)) {
        for (int i = 0; i < n; i++)
          if (list[i] == l->bind_idx)
            return mk_const(s, O_T);
        return mk_const(s, O_F);
      }
      if ((f = enum_field(s, l)) >= 0)
        return in_list(s, keyed_var(s, VK_ENUM, f, -1), list, n);
      return opaque(s, e);
    }
    if (l->ty.k == TY_TEXT) {
      for (int i = 0; i < n; i++)
        if (((ast_expr *)r->items.v[i])->kind != EX_STR || !((ast_expr *)r->items.v[i])->name)
          return opaque(s, e);
      if (l->kind == EX_STR) {
        for (int i = 0; i < n; i++)
          if (str_eq(((ast_expr *)r->items.v[i])->name, l->name))
            return mk_const(s, O_T);
        return mk_const(s, O_F);
      }
      if ((f = text_field(s, l)) >= 0) {
        int x = keyed_var(s, VK_TEXT, f, -1);
        for (int i = 0; i < n; i++)
          list[i] = text_lit(s, x, ((ast_expr *)r->items.v[i])->name);
        return in_list(s, x, list, n);
      }
    }
    return opaque(s, e);
  }
  if (r->kind == EX_NAME && r->bind == BIND_FIELD && r->ty.k == TY_SET && is_member(l))
    return mk_leaf(s, N_BOOL, keyed_var(s, VK_BOOL, r->bind_idx, l->bind_idx));
  return opaque(s, e);
}

static rnode *expand(R *s, sema_named *n, int depth)
{
  for (int i = 0; i < s->nmemos; i++)
    if (s->memos[i].key == n)
      return s->memos[i].n;
  rnode *r = cond(s, n->item->expr, depth + 1);
  if (s->nmemos == s->capmemos) {
    s->capmemos = s->capmemos ? 2 * s->capmemos : 16;
    s->memos = realloc(s->memos, (size_t)s->capmemos * sizeof *s->memos);
  }
  s->memos[s->nmemos].key = n;
  s->memos[s->nmemos].n = r;
  s->nmemos++;
  return r;
}

static rnode *cond_each(R *s, ast_expr *e, int op, int64_t c, int depth)
{
  (void)op;
  (void)c;
  return cond(s, e, depth);
}

/* The formula of a boolean expression. */
static rnode *cond(R *s, ast_expr *e, int depth)
{
  if (!e)
    return mk_const(s, O_T);
  if (depth > MAX_DEPTH)
    return opaque(s, e);
  switch (e->kind) {
  case EX_BOOL:
    return mk_const(s, e->ival ? O_T : O_F);
  case EX_NAME:
    switch (e->bind) {
    case BIND_FIELD:
      if (e->ty.k == TY_BOOL && e->bind_idx >= 0 && e->bind_idx < s->m->fields.n)
        return mk_leaf(s, N_BOOL, keyed_var(s, VK_BOOL, e->bind_idx, -1));
      return opaque(s, e);
    case BIND_MEMBERSHIP:
      return mk_leaf(s, N_BOOL, keyed_var(s, VK_BOOL, e->membership_field, e->bind_idx));
    case BIND_CATEGORY:
    case BIND_PARAM: {
      sema_named *n = e->bind_ptr;
      if (!n || !n->item || !n->item->expr)
        return opaque(s, e);
      return expand(s, n, depth);
    }
    default:
      return opaque(s, e);
    }
  case EX_NOT:
    return mk_not(s, cond(s, e->a, depth + 1));
  case EX_BIN:
    switch (e->op) {
    case OP_AND: return mk_bin(s, N_AND, cond(s, e->a, depth + 1), cond(s, e->b, depth + 1));
    case OP_OR: return mk_bin(s, N_OR, cond(s, e->a, depth + 1), cond(s, e->b, depth + 1));
    case OP_EQ: case OP_NE: case OP_LT: case OP_LE: case OP_GT: case OP_GE: return compare(s, e, depth);
    default: return opaque(s, e);
    }
  case EX_IN: {
    rnode *n = in_expr(s, e, depth);
    return e->op == 1 ? mk_not(s, n) : n;
  }
  case EX_IF: {
    /* an unknown condition takes the else branch */
    rnode *c = mk_ist(s, cond(s, e->a, depth + 1));
    return mk_bin(s, N_OR, mk_and(s, c, cond(s, e->b, depth + 1)),
                  mk_and(s, mk_not(s, c), cond(s, e->c, depth + 1)));
  }
  case EX_DATED:
    if (is_dated(s, e))
      return dated(s, e, cond_each, 0, 0, depth);
    return opaque(s, e);
  case EX_CALL:
    if (e->name && !strcmp(e->name, "known") && e->items.n == 1) {
      ast_expr *a = e->items.v[0];
      if (a->kind == EX_NAME && a->bind == BIND_FIELD) {
        if (!field_may_unknown(s, a->bind_idx))
          return mk_const(s, O_T);
        return mk_leaf(s, N_KNOWN, term_var(s, VK_NUM, a));
      }
    }
    return opaque(s, e);
  default:
    return opaque(s, e);
  }
}

/* ---- domains ------------------------------------------------------------------- */

static int cmp_i64(const void *a, const void *b)
{
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

static unsigned leaf_outcome(rnode *n, int64_t v)
{
  if (v == UNKV)
    return n->k == N_KNOWN ? O_F : O_U;
  switch (n->k) {
  case N_BOOL: return v ? O_T : O_F;
  case N_KNOWN: return O_T;
  case N_IN:
    for (int i = 0; i < n->nlist; i++)
      if (n->list[i] == v)
        return O_T;
    return O_F;
  case N_CMP: return cmp_holds(v, n->op, n->c) ? O_T : O_F;
  case N_REL: return cmp_holds(v, n->op, 0) ? O_T : O_F;
  default: return O_U;
  }
}

/* Fill in each variable's domain, then keep one value of each class of values
** that no leaf tells apart. */
static void finalize(R *s)
{
  for (int x = 0; x < s->nvars; x++) {
    rvar *v = &s->vars[x];
    switch (v->kind) {
    case VK_BOOL:
      v->dom = 0;
      add_value(v, 0);
      add_value(v, 1);
      break;
    case VK_ENUM: {
      sema_field *f = s->m->fields.v[v->field];
      sema_enum *en = s->m->enums.v[f->type.en];
      v->dom = 0;
      for (int i = 0; i < en->members.n; i++)
        add_value(v, i);
      break;
    }
    case VK_TEXT:
      v->dom = 0;
      for (int i = 0; i <= v->lits.n; i++)
        add_value(v, i);
      break;
    case VK_NUM: {
      /* A cell outside the field's min and max rejects the claim; an
      ** empty cell takes the default, which is not range-checked when it
      ** is computed. */
      ast_expr *t = v->l;
      sema_field *f = NULL;
      if (t && t->kind == EX_NAME && t->bind == BIND_FIELD && t->bind_idx >= 0 &&
          t->bind_idx < s->m->fields.n)
        f = s->m->fields.v[t->bind_idx];
      if (f && !(f->flags & RT_FIELD_COMPUTED)) {
        v->has_lo = f->has_min;
        v->lo = f->min;
        v->has_hi = f->has_max;
        v->hi = f->max;
      }
      int k = 0;
      for (int i = 0; i < v->dom; i++)
        if ((!v->has_lo || v->dv[i] >= v->lo) && (!v->has_hi || v->dv[i] <= v->hi))
          v->dv[k++] = v->dv[i];
      v->dom = k;
      if (v->has_lo && (!v->has_hi || v->lo <= v->hi))
        add_value(v, v->lo);
      if (v->has_hi && (!v->has_lo || v->lo <= v->hi))
        add_value(v, v->hi);
      int64_t d;
      if (f && f->deflt && !(f->flags & RT_FIELD_COMPUTED) && const_eval(f->deflt, &d, 0))
        add_value(v, d);
      if (v->dom == 0 && !(v->has_lo && v->has_hi && v->lo > v->hi))
        add_value(v, v->has_lo ? v->lo : v->has_hi ? v->hi : 0);
      qsort(v->dv, (size_t)v->dom, sizeof *v->dv, cmp_i64);
      k = 0;
      for (int i = 0; i < v->dom; i++)
        if (k == 0 || v->dv[k - 1] != v->dv[i])
          v->dv[k++] = v->dv[i];
      v->dom = k;
      break;
    }
    case VK_REL:
      v->dom = 0;
      add_value(v, -1);
      add_value(v, 0);
      add_value(v, 1);
      break;
    }
    if (v->may_unk) {
      add_value(v, 0);   /* make room */
      v->dv[v->dom - 1] = UNKV;
    }
  }
  /* Leaves per variable. */
  int *count = calloc((size_t)s->nvars + 1, sizeof *count);
  rnode **by = malloc(((size_t)s->leaves.n + 1) * sizeof *by);
  for (int i = 0; i < s->leaves.n; i++)
    count[((rnode *)s->leaves.v[i])->var + 1]++;
  for (int x = 0; x < s->nvars; x++)
    count[x + 1] += count[x];
  int *fill = calloc((size_t)s->nvars + 1, sizeof *fill);
  for (int i = 0; i < s->leaves.n; i++) {
    rnode *n = s->leaves.v[i];
    by[count[n->var] + fill[n->var]++] = n;
  }
  for (int x = 0; x < s->nvars; x++) {
    rvar *v = &s->vars[x];
    rnode **ls = by + count[x];
    int nl = count[x + 1] - count[x];
    int k = 0;
    for (int i = 0; i < v->dom; i++) {
      int dup = 0;
      for (int j = 0; j < k && !dup; j++) {
        int same = 1;
        for (int q = 0; q < nl && same; q++)
          same = leaf_outcome(ls[q], v->dv[i]) == leaf_outcome(ls[q], v->dv[j]);
        dup = same;
      }
      if (!dup)
        v->dv[k++] = v->dv[i];
    }
    v->dom = k;
  }
  free(count);
  free(fill);
  free(by);
}

/* ---- BDDs -------------------------------------------------------------------- */

/* Each variable's value index is coded on nbits BDD levels (most significant
** first); codes past the domain mean its last value, so every code is a value
** and no domain constraint is needed.  A formula is a pair of BDDs: the
** claims for which it is true, and those for which it is false (the rest are
** those for which it is unknown). */

enum { B_AND = 1, B_OR, B_NOT };

static unsigned hash3(unsigned a, unsigned b, unsigned c)
{
  unsigned h = a * 0x9E3779B1u ^ (b + 0x7F4A7C15u) * 0x85EBCA77u ^ (c + 0x165667B1u) * 0xC2B2AE3Du;
  return h ^ (h >> 15);
}

static void uniq_insert(R *s, int id)
{
  bnode *x = &s->bn[id];
  unsigned mask = (unsigned)s->capuniq - 1;
  unsigned h = hash3((unsigned)x->level, (unsigned)x->lo, (unsigned)x->hi) & mask;
  while (s->uniq[h])
    h = (h + 1) & mask;
  s->uniq[h] = id;
}

static int mk(R *s, int level, int lo, int hi)
{
  if (lo == hi)
    return lo;
  unsigned mask = (unsigned)s->capuniq - 1;
  unsigned h = hash3((unsigned)level, (unsigned)lo, (unsigned)hi) & mask;
  for (int id; (id = s->uniq[h]); h = (h + 1) & mask)
    if (s->bn[id].level == level && s->bn[id].lo == lo && s->bn[id].hi == hi)
      return id;
  if (s->nbn >= NODE_CAP) {
    s->overflow = 1;
    return 0;
  }
  if (s->nbn == s->capbn) {
    s->capbn *= 2;
    s->bn = realloc(s->bn, (size_t)s->capbn * sizeof *s->bn);
  }
  int id = s->nbn++;
  s->bn[id].level = level;
  s->bn[id].lo = lo;
  s->bn[id].hi = hi;
  if (2 * s->nbn > s->capuniq) {
    free(s->uniq);
    s->capuniq *= 2;
    s->uniq = calloc((size_t)s->capuniq, sizeof *s->uniq);
    for (int i = 2; i < s->nbn; i++)
      uniq_insert(s, i);
  } else
    uniq_insert(s, id);
  return id;
}

static int bop(R *s, int op, int a, int b)
{
  if (s->overflow)
    return 0;
  if (op == B_NOT) {
    if (a <= 1)
      return !a;
  } else {
    if (op == B_AND ? (a == 0 || b == 0) : (a == 1 || b == 1))
      return op == B_AND ? 0 : 1;
    if (a == b || b == (op == B_AND))
      return a;
    if (a == (op == B_AND))
      return b;
    if (a > b) {
      int t = a;
      a = b;
      b = t;
    }
  }
  bcache *c = &s->cache[hash3((unsigned)op, (unsigned)a, (unsigned)b) & (CACHE_SIZE - 1)];
  if (c->op == op && c->a == a && c->b == b)
    return c->r;
  int la = s->bn[a].level, lb = op == B_NOT ? INT32_MAX : s->bn[b].level;
  int lv = la < lb ? la : lb;
  int a0 = la == lv ? s->bn[a].lo : a, a1 = la == lv ? s->bn[a].hi : a;
  int r;
  if (op == B_NOT)
    r = mk(s, lv, bop(s, op, a0, 0), bop(s, op, a1, 0));
  else {
    int b0 = lb == lv ? s->bn[b].lo : b, b1 = lb == lv ? s->bn[b].hi : b;
    int lo = bop(s, op, a0, b0);
    r = mk(s, lv, lo, bop(s, op, a1, b1));
  }
  if (s->overflow)
    return 0;
  /* the cache entry may have been reused by the recursion */
  c = &s->cache[hash3((unsigned)op, (unsigned)a, (unsigned)b) & (CACHE_SIZE - 1)];
  c->op = op;
  c->a = a;
  c->b = b;
  c->r = r;
  return r;
}

static int b_and(R *s, int a, int b) { return bop(s, B_AND, a, b); }
static int b_or(R *s, int a, int b) { return bop(s, B_OR, a, b); }
static int b_not(R *s, int a) { return bop(s, B_NOT, a, 0); }

/* The codes of the leaf's variable for which the leaf's outcome is o. */
static int leaf_set(R *s, rnode *n, unsigned o, int bit, int code)
{
  rvar *v = &s->vars[n->var];
  int nb = s->nbits[n->var];
  if (bit == nb) {
    int i = code < v->dom ? code : v->dom - 1;
    return leaf_outcome(n, v->dv[i]) == o;
  }
  int lo = leaf_set(s, n, o, bit + 1, code << 1);
  int hi = leaf_set(s, n, o, bit + 1, (code << 1) | 1);
  return mk(s, s->bitbase[n->var] + bit, lo, hi);
}

static void to_bdd(R *s, rnode *n)
{
  if (n->done || s->overflow)
    return;
  if (n->hopeless) {
    s->overflow = 1;
    return;
  }
  if (n->a)
    to_bdd(s, n->a);
  if (n->b)
    to_bdd(s, n->b);
  if (s->overflow) {
    /* too big even from scratch: don't try this formula again */
    n->hopeless = s->clean;
    return;
  }
  int at = n->a ? n->a->bt : 0, af = n->a ? n->a->bf : 0;
  int bt = n->b ? n->b->bt : 0, bf = n->b ? n->b->bf : 0;
  switch (n->k) {
  case N_CONST:
    n->bt = n->cval == O_T;
    n->bf = n->cval == O_F;
    break;
  case N_NOT:
    n->bt = af;
    n->bf = at;
    break;
  case N_IST:
    n->bt = at;
    n->bf = b_not(s, at);
    break;
  case N_AND:
    n->bt = b_and(s, at, bt);
    n->bf = b_or(s, af, bf);
    break;
  case N_OR:
    n->bt = b_or(s, at, bt);
    n->bf = b_and(s, af, bf);
    break;
  case N_IFF:
    n->bt = b_or(s, b_and(s, at, bt), b_and(s, af, bf));
    n->bf = b_or(s, b_and(s, at, bf), b_and(s, af, bt));
    break;
  default:
    n->bt = leaf_set(s, n, O_T, 0, 0);
    n->bf = leaf_set(s, n, O_F, 0, 0);
    break;
  }
  if (s->overflow)
    n->hopeless = s->clean;
  else
    n->done = 1;
}

static void bdd_init(R *s)
{
  int level = 0;
  s->bitbase = malloc(((size_t)s->nvars + 1) * sizeof *s->bitbase);
  s->nbits = malloc(((size_t)s->nvars + 1) * sizeof *s->nbits);
  for (int x = 0; x < s->nvars; x++) {
    int nb = 0;
    while ((1 << nb) < s->vars[x].dom)
      nb++;
    s->bitbase[x] = level;
    s->nbits[x] = nb;
    level += nb;
  }
  s->capbn = 1024;
  s->bn = malloc((size_t)s->capbn * sizeof *s->bn);
  s->bn[0].level = s->bn[1].level = INT32_MAX;
  s->bn[0].lo = s->bn[0].hi = 0;
  s->bn[1].lo = s->bn[1].hi = 1;
  s->nbn = 2;
  s->capuniq = 4096;
  s->uniq = calloc((size_t)s->capuniq, sizeof *s->uniq);
  s->cache = calloc(CACHE_SIZE, sizeof *s->cache);
}

static void bdd_free(R *s)
{
  free(s->bitbase);
  free(s->nbits);
  free(s->bn);
  free(s->uniq);
  free(s->cache);
}

enum { Q_UNSAT, Q_SAT, Q_GAVEUP };

/* Forget every BDD (after an overflow). */
static void bdd_reset(R *s)
{
  for (int i = 0; i < s->nodes.n; i++)
    ((rnode *)s->nodes.v[i])->done = 0;
  memset(s->uniq, 0, (size_t)s->capuniq * sizeof *s->uniq);
  memset(s->cache, 0, CACHE_SIZE * sizeof *s->cache);
  s->nbn = 2;
  s->overflow = 0;
}

/* Is there a claim for which q is true?  A query that overflows the BDDs is
** tried once more from scratch, then given up. */
static int query(R *s, rnode *q)
{
  for (int attempt = 0; attempt < 2; attempt++) {
    s->clean = s->nbn == 2;
    to_bdd(s, q);
    if (!s->overflow)
      return q->bt ? Q_SAT : Q_UNSAT;
    int clean = s->clean;
    bdd_reset(s);
    if (clean)
      break;
  }
  return Q_GAVEUP;
}

/* ---- rules ------------------------------------------------------------------------ */

static rnode *window(R *s, int64_t from, int64_t to)
{
  if (!s->claim_date)
    return mk_const(s, O_T);
  return claim_date_in(s, from, to);
}

/* The base rule of an exception, if it is a valid one: in the same benefit. */
static int exception_base(sema_benefit *b, sema_rule *r)
{
  if (!r->ast->exception_to || r->base < b->first_rule || r->base >= b->first_rule + b->nrules ||
      r->base == r->index)
    return -1;
  return r->base;
}

static void warn_never(sema_model *m, sema_rule *r)
{
  diag_warning(m->D, r->ast->name_sp, "rule '%s' can never apply: its condition is always false",
               r->ast->name);
}

/* The rules of one benefit.  A rule applies when its condition holds and no
** exception to it (or to an exception to it, and so on) holds, whatever the
** resolution; under `resolve first` the first rule in source order that
** applies decides. */
static void check_benefit(R *s, sema_benefit *b, rnode **C, char *never)
{
  sema_model *m = s->m;
  int first = b->first_rule, n = b->nrules;
  int *base = malloc((size_t)n * sizeof *base);
  char *hidden = calloc((size_t)n, 1), *overridden = calloc((size_t)n, 1);
  rnode **A = malloc((size_t)n * sizeof *A), **W = malloc((size_t)n * sizeof *W);
  for (int i = 0; i < n; i++) {
    never[first + i] = query(s, mk_ist(s, C[first + i])) == Q_UNSAT;
    base[i] = exception_base(b, m->rules.v[first + i]);
    A[i] = mk_ist(s, C[first + i]);
  }
  for (int k = 0; k < n; k++)
    for (int at = base[k], steps = 0; at >= 0 && steps < n; steps++) {
      A[at - first] = mk_and(s, A[at - first], mk_not(s, mk_ist(s, C[first + k])));
      at = base[at - first];
    }
  for (int k = 0; k < n; k++)   /* bases: mark them, then ask */
    if (base[k] >= 0)
      overridden[base[k] - first] = 1;
  for (int i = 0; i < n; i++)
    if (overridden[i])
      overridden[i] = !never[first + i] && query(s, A[i]) == Q_UNSAT;
  /* Under `resolve first` a rule decides when it applies and no earlier rule
  ** does. */
  int is_first = b->item->resolve == RES_FIRST;
  for (int j = 0; j < n && is_first; j++) {
    W[j] = A[j];
    for (int i = 0; i < j; i++)
      if (!never[first + i] && !overridden[i])
        W[j] = mk_and(s, W[j], mk_not(s, A[i]));
    hidden[j] = j > 0 && !never[first + j] && !overridden[j] && query(s, W[j]) == Q_UNSAT;
  }
  for (int j = 0; j < n; j++) {
    sema_rule *rb = m->rules.v[first + j];
    if (never[first + j]) {
      warn_never(m, rb);
      continue;
    }
    if (overridden[j]) {
      diag_warning(m->D, rb->ast->name_sp,
                   "rule '%s' never decides benefit '%s': its exceptions take every claim it applies to",
                   rb->ast->name, b->item->name);
      continue;
    }
    if (!is_first)
      continue;
    if (hidden[j]) {
      diag_warning(m->D, rb->ast->name_sp,
                   "rule '%s' never decides benefit '%s': "
                   "every claim it applies to is taken by an earlier rule",
                   rb->ast->name, b->item->name);
      continue;
    }
    for (int i = 0; i < j; i++) {
      if (never[first + i] || overridden[i] || hidden[i] || base[i] == first + j || base[j] == first + i)
        continue;
      sema_rule *ra = m->rules.v[first + i];
      if (query(s, mk_and(s, W[i], A[j])) == Q_SAT) {
        diag_warning(m->D, rb->ast->name_sp,
                     "rules '%s' and '%s' overlap: a claim that matches both is paid by '%s' only",
                     ra->ast->name, rb->ast->name, ra->ast->name);
        diag_help(m->D, "if '%s' is an exception that overrides '%s', write 'exception to %s' on it",
                  rb->ast->name, ra->ast->name, ra->ast->name);
      }
    }
  }
  free(base);
  free(hidden);
  free(overridden);
  free(A);
  free(W);
}

void sema_reach(sema_model *m)
{
  if (!m || m->rules.n == 0)
    return;
  R s;
  memset(&s, 0, sizeof s);
  s.m = m;
  s.fmu = malloc((size_t)m->fields.n + 1);
  memset(s.fmu, -1, (size_t)m->fields.n + 1);
  for (int i = 0; i < m->fields.n; i++) {
    sema_field *f = m->fields.v[i];
    if (f->role == RT_ROLE_CLAIM_DATE && f->type.k == TY_DATE) {
      ast_expr *e = arena_alloc(m->A, sizeof *e);
      e->kind = EX_NAME;
      e->name = f->name;
      e->bind = BIND_FIELD;
      e->bind_idx = i;
      e->ty = f->type;
      e->sp = f->sp;
      s.claim_date = e;
      break;
    }
  }
  /* Claims that reach the rules: inside the effective period, and not
  ** rejected by a check (a check rejects when its condition is false). */
  rnode *eff = mk_const(&s, O_T);
  if (m->policy && m->policy->has_effective)
    eff = window(&s, m->policy->eff_from, m->policy->eff_to);
  for (int i = 0; i < m->checks.n; i++) {
    sema_cond *c = m->checks.v[i];
    if (c->item && c->item->expr)
      eff = mk_and(&s, eff, mk_not(&s, mk_ist(&s, mk_not(&s, cond(&s, c->item->expr, 0)))));
  }
  rnode **C = malloc((size_t)m->rules.n * sizeof *C);
  for (int i = 0; i < m->rules.n; i++) {
    sema_rule *r = m->rules.v[i];
    rnode *c = mk_and(&s, cond(&s, r->ast->when, 0), eff);
    if (r->ast->has_during)
      c = mk_and(&s, c, window(&s, r->ast->during_from, r->ast->during_to));
    C[i] = c;
  }
  finalize(&s);
  bdd_init(&s);
  char *never = calloc((size_t)m->rules.n, 1);
  for (int i = 0; i < m->benefits.n; i++)
    check_benefit(&s, m->benefits.v[i], C, never);
  free(never);
  free(C);
  bdd_free(&s);
  free(s.fmu);
  for (int i = 0; i < s.nvars; i++)
    free(s.vars[i].dv);
  free(s.vars);
  free(s.memos);
}
