/*
** cg_expr.c — expressions to LLVM IR.
**
** Policies are pure and total, so every expression is evaluated eagerly as
** straight-line code: `and`/`or`/`if`/`by` become selects, not branches.
** The per-claim body is one basic block, which keeps the batch loop
** vectorisable and lets each field, category and param be computed once
** per claim and reused.
**
** A value may be undefined (an unknown optional field, a `by` with no case
** for the claim).  Booleans follow Kleene's three-valued logic; a condition
** holds only when it is defined and true.
*/
#include <stdlib.h>
#include <string.h>
#include "cg.h"


static LLVMValueRef and_def(cg_ctx *g, LLVMValueRef a, LLVMValueRef b)
{
  if (!a)
    return b;
  if (!b)
    return a;
  return LLVMBuildAnd(g->B, a, b, "def");
}

static cg_val val(LLVMValueRef v, LLVMValueRef def)
{
  cg_val r = {v, def};
  return r;
}

LLVMValueRef cg_true(cg_ctx *g, cg_val v)
{
  return v.def ? LLVMBuildAnd(g->B, v.v, v.def, "holds") : v.v;
}

LLVMTypeRef cg_storage_type(cg_ctx *g, rt_type t)
{
  switch (t) {
  case RT_BOOL: return g->i8;
  case RT_ENUM: case RT_TEXT: return g->i32;
  default: return g->i64;
  }
}

cg_val cg_field(cg_ctx *g, int f)
{
  if (g->fdone[f])
    return g->fval[f];
  sema_field *fd = g->m->fields.v[f];
  LLVMTypeRef lty = cg_storage_type(g, fd->rtt);
  LLVMValueRef p = LLVMBuildGEP2(g->B, lty, g->col[f], &g->idx, 1, fd->name);
  LLVMValueRef v = LLVMBuildLoad2(g->B, lty, p, fd->name);
  cg_val r = val(v, NULL);
  if (fd->rtt == RT_BOOL)
    r.v = LLVMBuildICmp(g->B, LLVMIntNE, v, LLVMConstInt(g->i8, 0, 0), fd->name);
  else if ((fd->rtt == RT_INT || fd->rtt == RT_MONEY || fd->rtt == RT_PERCENT || fd->rtt == RT_DATE ||
            fd->rtt == RT_DAYS) && !(fd->flags & RT_FIELD_REQUIRED) && !fd->default_text) {
    LLVMValueRef unknown = LLVMBuildICmp(g->B, LLVMIntEQ, v, cg_i64(g, RT_UNKNOWN), "unknown");
    if (fd->flags & RT_FIELD_COMPUTED) {
      g->fdone[f] = 1;      /* a cycle was ruled out by sema */
      g->fval[f] = r;
      cg_val d = cg_expr(g, fd->deflt);
      r.v = LLVMBuildSelect(g->B, unknown, d.v, v, fd->name);
      r.def = d.def ? LLVMBuildOr(g->B, LLVMBuildNot(g->B, unknown, ""), d.def, "") : NULL;
    } else
      r.def = LLVMBuildNot(g->B, unknown, "known");
  }
  g->fdone[f] = 1;
  g->fval[f] = r;
  return r;
}

static void add_miss(cg_ctx *g, int reason, LLVMValueRef missed)
{
  if (g->nmiss == g->capmiss) {
    g->capmiss = g->capmiss ? g->capmiss * 2 : 8;
    g->misses = realloc(g->misses, sizeof *g->misses * (size_t)g->capmiss);
  }
  g->misses[g->nmiss].reason = reason;
  g->misses[g->nmiss].missed = missed;
  g->nmiss++;
}

/* The misses recorded since `from` only count where sel holds: a table or
** `by` inside a branch that is not taken explains nothing. */
static void narrow_misses(cg_ctx *g, int from, int to, LLVMValueRef sel)
{
  for (int q = from; q < to; q++)
    g->misses[q].missed = LLVMBuildAnd(g->B, g->misses[q].missed, sel, "");
}

static cg_val named(cg_ctx *g, ast_expr *e)
{
  /* The first use emits the definition; later uses reuse the SSA value. */
  sema_named *n = e->bind_ptr;
  ast_item *it = n->item;
  if (it->expr->ty.k == TY_ERROR)
    return val(cg_i1(g, 0), NULL);
  if (!it->cg_done) {
    int from = g->nmiss;
    cg_val v = cg_expr(g, it->expr);
    it->cg_v = v.v;
    it->cg_def = v.def;
    /* A private copy: the use site may narrow its own entries. */
    it->cg_miss_from = g->nsaved;
    for (int q = from; q < g->nmiss; q++) {
      if (g->nsaved == g->capsaved) {
        g->capsaved = g->capsaved ? g->capsaved * 2 : 8;
        g->saved = realloc(g->saved, sizeof *g->saved * (size_t)g->capsaved);
      }
      g->saved[g->nsaved++] = g->misses[q];
    }
    it->cg_miss_to = g->nsaved;
    it->cg_done = 1;
  } else {
    /* Reuse the value, and its `by` misses too: each use site decides on
    ** its own whether a missing case explains an unpaid rule. */
    for (int q = it->cg_miss_from; q < it->cg_miss_to; q++)
      add_miss(g, g->saved[q].reason, g->saved[q].missed);
  }
  return val(it->cg_v, it->cg_def);
}

LLVMValueRef cg_share(cg_ctx *g, LLVMValueRef pct, LLVMValueRef amount)
{
  /* pct is in hundredths of a percent: amount * pct / 10000, rounded half
  ** away from zero (half up for the non-negative amounts policies pay). */
  LLVMValueRef prod = LLVMBuildMul(g->B, amount, pct, "prod");
  LLVMValueRef neg = LLVMBuildICmp(g->B, LLVMIntSLT, prod, cg_i64(g, 0), "neg");
  LLVMValueRef mag = LLVMBuildSelect(g->B, neg, LLVMBuildNeg(g->B, prod, ""), prod, "mag");
  LLVMValueRef q = LLVMBuildSDiv(g->B, LLVMBuildAdd(g->B, mag, cg_i64(g, 5000), ""), cg_i64(g, 10000), "q");
  return LLVMBuildSelect(g->B, neg, LLVMBuildNeg(g->B, q, ""), q, "share");
}

/* Civil date of a day number (Howard Hinnant's civil_from_days): the year,
** and month * 32 + day, which orders days within a year. */
static void civil(cg_ctx *g, LLVMValueRef z0, LLVMValueRef *year, LLVMValueRef *md)
{
  LLVMBuilderRef B = g->B;
  LLVMValueRef z = LLVMBuildAdd(B, z0, cg_i64(g, 719468), "");
  LLVMValueRef zneg = LLVMBuildICmp(B, LLVMIntSLT, z, cg_i64(g, 0), "");
  LLVMValueRef era = LLVMBuildSDiv(B, LLVMBuildSelect(B, zneg, LLVMBuildSub(B, z, cg_i64(g, 146096), ""), z, ""),
                                   cg_i64(g, 146097), "era");
  LLVMValueRef doe = LLVMBuildSub(B, z, LLVMBuildMul(B, era, cg_i64(g, 146097), ""), "doe");
  LLVMValueRef t = LLVMBuildSub(B, doe, LLVMBuildSDiv(B, doe, cg_i64(g, 1460), ""), "");
  t = LLVMBuildAdd(B, t, LLVMBuildSDiv(B, doe, cg_i64(g, 36524), ""), "");
  t = LLVMBuildSub(B, t, LLVMBuildSDiv(B, doe, cg_i64(g, 146096), ""), "");
  LLVMValueRef yoe = LLVMBuildSDiv(B, t, cg_i64(g, 365), "yoe");
  LLVMValueRef y = LLVMBuildAdd(B, yoe, LLVMBuildMul(B, era, cg_i64(g, 400), ""), "y");
  LLVMValueRef doy = LLVMBuildSub(B, doe,
      LLVMBuildSub(B, LLVMBuildAdd(B, LLVMBuildMul(B, yoe, cg_i64(g, 365), ""), LLVMBuildSDiv(B, yoe, cg_i64(g, 4), ""), ""),
                   LLVMBuildSDiv(B, yoe, cg_i64(g, 100), ""), ""), "doy");
  LLVMValueRef mp = LLVMBuildSDiv(B, LLVMBuildAdd(B, LLVMBuildMul(B, doy, cg_i64(g, 5), ""), cg_i64(g, 2), ""),
                                  cg_i64(g, 153), "mp");
  /* Months March..December are mp 0..9; January and February belong to
  ** the next civil year. */
  LLVMValueRef janfeb = LLVMBuildICmp(B, LLVMIntSGE, mp, cg_i64(g, 10), "");
  *year = LLVMBuildAdd(B, y, LLVMBuildZExt(B, janfeb, g->i64, ""), "year");
  if (!md)
    return;
  LLVMValueRef d = LLVMBuildAdd(B, LLVMBuildSub(B, doy, LLVMBuildSDiv(B, LLVMBuildAdd(B,
      LLVMBuildMul(B, mp, cg_i64(g, 153), ""), cg_i64(g, 2), ""), cg_i64(g, 5), ""), ""), cg_i64(g, 1), "day");
  LLVMValueRef mo = LLVMBuildSelect(B, janfeb, LLVMBuildSub(B, mp, cg_i64(g, 9), ""),
                                    LLVMBuildAdd(B, mp, cg_i64(g, 3), ""), "month");
  *md = LLVMBuildAdd(B, LLVMBuildMul(B, mo, cg_i64(g, 32), ""), d, "md");
}

static LLVMValueRef year_of(cg_ctx *g, LLVMValueRef z)
{
  LLVMValueRef y;
  civil(g, z, &y, NULL);
  return y;
}

/* Full years from birth to the claim date. */
static LLVMValueRef age_at(cg_ctx *g, LLVMValueRef birth, LLVMValueRef day)
{
  LLVMValueRef by, bmd, dy, dmd;
  civil(g, birth, &by, &bmd);
  civil(g, day, &dy, &dmd);
  LLVMValueRef before = LLVMBuildICmp(g->B, LLVMIntSLT, dmd, bmd, "before_birthday");
  return LLVMBuildSub(g->B, LLVMBuildSub(g->B, dy, by, ""), LLVMBuildZExt(g->B, before, g->i64, ""), "age");
}

static cg_val kleene(cg_ctx *g, int op, cg_val a, cg_val b)
{
  LLVMBuilderRef B = g->B;
  LLVMValueRef v = op == OP_AND ? LLVMBuildAnd(B, a.v, b.v, "and") : LLVMBuildOr(B, a.v, b.v, "or");
  if (!a.def && !b.def)
    return val(v, NULL);
  LLVMValueRef da = a.def ? a.def : cg_i1(g, 1), db = b.def ? b.def : cg_i1(g, 1);
  /* A defined false (for and) or true (for or) decides on its own. */
  LLVMValueRef sa = op == OP_AND ? LLVMBuildNot(B, a.v, "") : a.v;
  LLVMValueRef sb = op == OP_AND ? LLVMBuildNot(B, b.v, "") : b.v;
  LLVMValueRef def = LLVMBuildOr(B, LLVMBuildAnd(B, da, db, ""),
                                 LLVMBuildOr(B, LLVMBuildAnd(B, da, sa, ""), LLVMBuildAnd(B, db, sb, ""), ""), "kdef");
  return val(v, def);
}

static LLVMIntPredicate pred(int op)
{
  switch (op) {
  case OP_EQ: return LLVMIntEQ;
  case OP_NE: return LLVMIntNE;
  case OP_LT: return LLVMIntSLT;
  case OP_LE: return LLVMIntSLE;
  case OP_GT: return LLVMIntSGT;
  default: return LLVMIntSGE;
  }
}

static cg_val binary(cg_ctx *g, ast_expr *e)
{
  LLVMBuilderRef B = g->B;
  cg_val a = cg_expr(g, e->a), b = cg_expr(g, e->b);
  LLVMValueRef def = and_def(g, a.def, b.def);
  switch (e->op) {
  case OP_AND:
  case OP_OR:
    return kleene(g, e->op, a, b);
  case OP_EQ: case OP_NE: case OP_LT: case OP_LE: case OP_GT: case OP_GE:
    return val(LLVMBuildICmp(B, pred(e->op), a.v, b.v, "cmp"), def);
  case OP_ADD: return val(LLVMBuildAdd(B, a.v, b.v, "add"), def);
  case OP_SUB: return val(LLVMBuildSub(B, a.v, b.v, "sub"), def);
  case OP_MUL: return val(LLVMBuildMul(B, a.v, b.v, "mul"), def);
  case OP_OF: return val(cg_share(g, a.v, b.v), def);
  }
  return val(cg_i1(g, 0), NULL);
}

static cg_val in_set(cg_ctx *g, ast_expr *e)
{
  LLVMBuilderRef B = g->B;
  cg_val a = cg_expr(g, e->a);
  LLVMValueRef r;
  LLVMValueRef def = a.def;
  if (e->b->kind == EX_SET && e->a->ty.k == TY_TEXT) {
    r = cg_i1(g, 0);
    for (int i = 0; i < e->b->items.n; i++) {
      ast_expr *it = e->b->items.v[i];
      r = LLVMBuildOr(B, r, LLVMBuildICmp(B, LLVMIntEQ, a.v, LLVMConstInt(g->i32, (unsigned long long)it->bind_idx, 0), ""), "");
    }
  } else {
    LLVMValueRef mask;
    if (e->b->kind == EX_SET) {
      uint64_t m = 0;
      for (int i = 0; i < e->b->items.n; i++) {
        ast_expr *it = e->b->items.v[i];
        if (it->bind == BIND_MEMBER)
          m |= (uint64_t)1 << it->bind_idx;
      }
      mask = LLVMConstInt(g->i64, m, 0);
    } else {
      cg_val s = cg_expr(g, e->b);
      mask = s.v;
      def = and_def(g, def, s.def);
    }
    LLVMValueRef sh = LLVMBuildLShr(B, mask, LLVMBuildZExt(B, a.v, g->i64, ""), "");
    r = LLVMBuildTrunc(B, sh, g->i1, "in");
  }
  if (e->op)
    r = LLVMBuildNot(B, r, "notin");
  return val(r, def);
}

static cg_val by_match(cg_ctx *g, ast_expr *e)
{
  LLVMBuilderRef B = g->B;
  cg_val s = cg_expr(g, e->a);
  cg_val res = val(NULL, cg_i1(g, 0));
  LLVMValueRef matched = cg_i1(g, 0);
  /* The else arm first, so the explicit cases override it. */
  int else_from = g->nmiss;
  for (int i = 0; i < e->items.n; i++) {
    ast_case *c = e->items.v[i];
    if (c->is_else && c->value) {
      res = cg_expr(g, c->value);
      if (!res.def)
        res.def = cg_i1(g, 1);
    }
  }
  int else_to = g->nmiss;
  LLVMTypeRef armty = res.v ? LLVMTypeOf(res.v) : NULL;
  for (int i = 0; i < e->items.n; i++) {
    ast_case *c = e->items.v[i];
    if (c->is_else)
      continue;
    int arm_from = g->nmiss;
    cg_val arm = cg_expr(g, c->value);
    int arm_to = g->nmiss;
    LLVMValueRef arm_hit = cg_i1(g, 0);
    armty = LLVMTypeOf(arm.v);
    LLVMValueRef adef = arm.def ? arm.def : cg_i1(g, 1);
    for (int j = 0; j < c->labels.n; j++) {
      ast_ident *id = c->labels.v[j];
      sema_enum *en = g->m->enums.v[e->a->ty.en];
      int k = -1;
      for (int q = 0; q < en->members.n; q++)
        if (!strcmp(((ast_member *)en->members.v[q])->name, id->name))
          k = q;
      if (k < 0)
        continue;
      LLVMValueRef hit = LLVMBuildICmp(B, LLVMIntEQ, s.v, LLVMConstInt(g->i32, (unsigned long long)k, 0), "case");
      matched = LLVMBuildOr(B, matched, hit, "");
      arm_hit = LLVMBuildOr(B, arm_hit, hit, "");
      res.v = res.v ? LLVMBuildSelect(B, hit, arm.v, res.v, "by") : arm.v;
      res.def = LLVMBuildSelect(B, hit, adef, res.def, "bydef");
    }
    narrow_misses(g, arm_from, arm_to, arm_hit);
  }
  narrow_misses(g, else_from, else_to, LLVMBuildNot(B, matched, ""));
  if (!res.v)   /* no label named a member: sema reported it, keep the IR well typed */
    res.v = LLVMConstNull(armty ? armty : g->i64);
  if (e->reason >= 0)
    add_miss(g, e->reason, LLVMBuildNot(B, matched, "missed"));
  if (s.def)
    res.def = LLVMBuildAnd(B, res.def, s.def, "");
  return res;
}

/* A standards table is embedded as a dense array over its key dimensions
** (members of an enum key, the policy's symbols for a text key); a cell
** without a value holds RT_UNKNOWN. */
static LLVMValueRef table_global(cg_ctx *g, sema_table *t, int64_t *dims)
{
  sema_model *m = g->m;
  int64_t total = 1;
  for (int k = 0; k < t->nkeys; k++) {
    sema_field *f = m->fields.v[t->keys[k]];
    dims[k] = f->type.k == TY_TEXT ? m->symbols.n : ((sema_enum *)m->enums.v[f->type.en])->members.n;
    if (dims[k] < 1)
      dims[k] = 1;
    total *= dims[k];
  }
  if (t->cg_global)
    return t->cg_global;
  LLVMValueRef *cells = malloc(sizeof *cells * (size_t)total);
  for (int64_t i = 0; i < total; i++)
    cells[i] = cg_i64(g, RT_UNKNOWN);
  for (int r = 0; r < t->rows.n; r++) {
    sema_trow *row = t->rows.v[r];
    int64_t at = 0;
    for (int k = 0; k < t->nkeys; k++)
      at = at * dims[k] + row->key[k];
    cells[at] = cg_i64(g, row->value);
  }
  LLVMValueRef init = LLVMConstArray2(g->i64, cells, (uint64_t)total);
  free(cells);
  LLVMValueRef gl = LLVMAddGlobal(g->M, LLVMTypeOf(init), arena_printf(m->A, "table.%s", t->item->name));
  LLVMSetInitializer(gl, init);
  LLVMSetGlobalConstant(gl, 1);
  LLVMSetLinkage(gl, LLVMPrivateLinkage);
  t->cg_global = gl;
  return gl;
}

static cg_val table_lookup(cg_ctx *g, ast_expr *e)
{
  LLVMBuilderRef B = g->B;
  sema_table *t = e->bind_ptr;
  int64_t dims[3];
  LLVMValueRef gl = table_global(g, t, dims);
  LLVMValueRef at = cg_i64(g, 0), valid = cg_i1(g, 1), def = NULL;
  for (int k = 0; k < t->nkeys; k++) {
    cg_val kv = cg_expr(g, e->items.v[k]);
    def = and_def(g, def, kv.def);
    LLVMValueRef x = LLVMBuildSExt(B, kv.v, g->i64, "");
    /* A text the policy never names has no symbol (-1): no row. */
    valid = LLVMBuildAnd(B, valid, LLVMBuildICmp(B, LLVMIntSGE, x, cg_i64(g, 0), ""), "");
    valid = LLVMBuildAnd(B, valid, LLVMBuildICmp(B, LLVMIntSLT, x, cg_i64(g, dims[k]), ""), "");
    at = LLVMBuildAdd(B, LLVMBuildMul(B, at, cg_i64(g, dims[k]), ""), x, "");
  }
  at = LLVMBuildSelect(B, valid, at, cg_i64(g, 0), "cell");
  LLVMValueRef v = LLVMBuildLoad2(B, g->i64, LLVMBuildGEP2(B, g->i64, gl, &at, 1, ""), t->item->name);
  LLVMValueRef found = LLVMBuildAnd(B, valid, LLVMBuildICmp(B, LLVMIntNE, v, cg_i64(g, RT_UNKNOWN), ""), "found");
  LLVMValueRef missed = LLVMBuildNot(B, found, "");
  add_miss(g, t->reason, def ? LLVMBuildAnd(B, missed, def, "") : missed);
  return val(v, and_def(g, def, found));
}

/* from DATE: value, … at the claim date; unknown before the first date. */
static cg_val dated(cg_ctx *g, ast_expr *e)
{
  LLVMBuilderRef B = g->B;
  cg_val day = cg_field(g, g->m->claim_date_field);
  cg_val r = val(NULL, cg_i1(g, 0));
  int n = e->items.n;
  int *from = malloc(sizeof *from * ((size_t)n + 1));
  LLVMValueRef *hit = malloc(sizeof *hit * ((size_t)n + 1));
  for (int i = 0; i < n; i++) {
    ast_case *c = e->items.v[i];
    from[i] = g->nmiss;
    cg_val v = cg_expr(g, c->value);
    hit[i] = LLVMBuildICmp(B, LLVMIntSGE, day.v, cg_i64(g, c->date), "from");
    r.v = r.v ? LLVMBuildSelect(B, hit[i], v.v, r.v, "dated") : LLVMBuildSelect(B, hit[i], v.v, LLVMConstNull(LLVMTypeOf(v.v)), "dated");
    r.def = LLVMBuildSelect(B, hit[i], v.def ? v.def : cg_i1(g, 1), r.def, "");
  }
  from[n] = g->nmiss;
  /* Value i is in force from its date until the next one's. */
  for (int i = 0; i < n; i++) {
    LLVMValueRef sel = i + 1 < n ? LLVMBuildAnd(B, hit[i], LLVMBuildNot(B, hit[i + 1], ""), "in_force") : hit[i];
    narrow_misses(g, from[i], from[i + 1], sel);
  }
  free(from);
  free(hit);
  if (!r.v)
    r.v = cg_i64(g, 0);
  r.def = and_def(g, r.def, day.def);
  return r;
}

static cg_val call(cg_ctx *g, ast_expr *e)
{
  LLVMBuilderRef B = g->B;
  if (!strcmp(e->name, "min") || !strcmp(e->name, "max")) {
    int ismin = e->name[1] == 'i';
    cg_val r = cg_expr(g, e->items.v[0]);
    for (int i = 1; i < e->items.n; i++) {
      cg_val x = cg_expr(g, e->items.v[i]);
      LLVMValueRef lt = LLVMBuildICmp(B, ismin ? LLVMIntSLT : LLVMIntSGT, x.v, r.v, "");
      r.v = LLVMBuildSelect(B, lt, x.v, r.v, e->name);
      r.def = and_def(g, r.def, x.def);
    }
    return r;
  }
  if (!strcmp(e->name, "year")) {
    cg_val d = cg_expr(g, e->items.v[0]);
    return val(year_of(g, d.v), d.def);
  }
  if (!strcmp(e->name, "known")) {
    cg_val d = cg_expr(g, e->items.v[0]);
    return val(d.def ? d.def : cg_i1(g, 1), NULL);
  }
  if (e->bind == BIND_TABLE)
    return table_lookup(g, e);
  if (!strcmp(e->name, "birth_date"))
    return cg_expr(g, e->items.v[0]);
  if (!strcmp(e->name, "age")) {
    cg_val b = cg_expr(g, e->items.v[0]);
    cg_val d = cg_field(g, g->m->claim_date_field);
    return val(age_at(g, b.v, d.v), and_def(g, b.def, d.def));
  }
  return val(cg_i64(g, 0), cg_i1(g, 0));
}

cg_val cg_expr(cg_ctx *g, ast_expr *e)
{
  LLVMBuilderRef B = g->B;
  switch (e->kind) {
  case EX_ERROR: return val(cg_i64(g, 0), cg_i1(g, 0));
  case EX_BOOL: return val(cg_i1(g, (int)e->ival), NULL);
  case EX_INT: case EX_MONEY: case EX_RATE: case EX_PERCENT: case EX_DATE: case EX_DAYS:
    return val(cg_i64(g, e->ival), NULL);
  case EX_STR: return val(LLVMConstInt(g->i32, (unsigned long long)e->bind_idx, 0), NULL);
  case EX_QNAME:
    return val(LLVMConstInt(g->i32, (unsigned long long)e->bind_idx, 0), NULL);
  case EX_NAME:
    switch (e->bind) {
    case BIND_FIELD: return cg_field(g, e->bind_idx);
    case BIND_CATEGORY:
    case BIND_PARAM: return named(g, e);
    case BIND_MEMBER: return val(LLVMConstInt(g->i32, (unsigned long long)e->bind_idx, 0), NULL);
    case BIND_MEMBERSHIP: {
      cg_val s = cg_field(g, e->membership_field);
      LLVMValueRef sh = LLVMBuildLShr(B, s.v, cg_i64(g, e->bind_idx), "");
      return val(LLVMBuildTrunc(B, sh, g->i1, e->name), s.def);
    }
    case BIND_NONE:
    case BIND_TABLE: break;
    }
    return val(cg_i1(g, 0), cg_i1(g, 0));
  case EX_NOT: {
    cg_val a = cg_expr(g, e->a);
    return val(LLVMBuildNot(B, a.v, "not"), a.def);
  }
  case EX_NEG: {
    cg_val a = cg_expr(g, e->a);
    return val(LLVMBuildNeg(B, a.v, "neg"), a.def);
  }
  case EX_BIN: return binary(g, e);
  case EX_IN: return in_set(g, e);
  case EX_CALL: return call(g, e);
  case EX_SET: {
    uint64_t m = 0;
    for (int i = 0; i < e->items.n; i++) {
      ast_expr *it = e->items.v[i];
      if (it->bind == BIND_MEMBER)
        m |= (uint64_t)1 << it->bind_idx;
    }
    return val(LLVMConstInt(g->i64, m, 0), NULL);
  }
  case EX_BY: return by_match(g, e);
  case EX_DATED: return dated(g, e);
  case EX_IF: {
    cg_val c = cg_expr(g, e->a);
    int m0 = g->nmiss;
    cg_val t = cg_expr(g, e->b);
    int m1 = g->nmiss;
    cg_val f = cg_expr(g, e->c);
    LLVMValueRef cond = cg_true(g, c);
    narrow_misses(g, m0, m1, cond);
    narrow_misses(g, m1, g->nmiss, LLVMBuildNot(B, cond, ""));
    LLVMValueRef def = NULL;
    if (t.def || f.def)
      def = LLVMBuildSelect(B, cond, t.def ? t.def : cg_i1(g, 1), f.def ? f.def : cg_i1(g, 1), "ifdef");
    return val(LLVMBuildSelect(B, cond, t.v, f.v, "if"), def);
  }
  }
  return val(cg_i1(g, 0), cg_i1(g, 0));
}
