/*
** cg_policy.c — the batch evaluator and the module's entry point.
**
**   void polis_eval(const rt_batch *b)      loop over b->n claims
**   const rt_entry *polis_policy_v1(void)   the one exported symbol
**   int main(int, char **)                  only for --emit exe
**
** Per claim: schema checks (reject), deny conditions and the effective
** period (deny), then every benefit's rules, resolved by first match or
** maximum, then the stores of amounts, rule bits and reason bits.
*/
#include <stdlib.h>
#include <string.h>
#include "cg.h"


static LLVMValueRef or1(cg_ctx *g, LLVMValueRef a, LLVMValueRef b)
{
  return a ? LLVMBuildOr(g->B, a, b, "") : b;
}

/* A claim's amounts and rule bits for one benefit. */
static void cg_benefit(cg_ctx *g, sema_benefit *b, LLVMValueRef blocked, LLVMValueRef *amt,
                       LLVMValueRef *rulebit, LLVMValueRef *rbit)
{
  sema_model *m = g->m;
  LLVMBuilderRef B = g->B;
  int n = b->nrules;
  LLVMValueRef *when = calloc((size_t)n, sizeof *when);
  cg_val *a = calloc((size_t)n, sizeof *a);
  int *miss_from = calloc((size_t)n + 1, sizeof *miss_from);
  LLVMValueRef *pending = calloc((size_t)n, sizeof *pending);
  LLVMValueRef *withheld = calloc((size_t)n, sizeof *withheld);
  for (int k = 0; k < n; k++) {
    sema_rule *r = m->rules.v[b->first_rule + k];
    when[k] = r->ast->when ? cg_true(g, cg_expr(g, r->ast->when)) : cg_i1(g, 1);
    if (r->ast->has_during) {
      LLVMValueRef d = cg_field(g, m->claim_date_field).v;
      LLVMValueRef in = LLVMBuildAnd(B, LLVMBuildICmp(B, LLVMIntSGE, d, cg_i64(g, r->ast->during_from), ""),
                                     LLVMBuildICmp(B, LLVMIntSLE, d, cg_i64(g, r->ast->during_to), ""), "window");
      when[k] = LLVMBuildAnd(B, when[k], in, "");
    }
    miss_from[k] = g->nmiss;
    a[k] = cg_expr(g, r->ast->amount);
    if (r->ast->share) {
      /* A share now; the whole amount once the condition is known true. */
      cg_val c = cg_expr(g, r->ast->rest_when);
      LLVMValueRef full = cg_true(g, c);
      LLVMValueRef part = cg_share(g, cg_expr(g, r->ast->share).v, a[k].v);
      a[k].v = LLVMBuildSelect(B, full, a[k].v, part, "tranche");
      pending[k] = c.def ? LLVMBuildNot(B, c.def, "pending") : cg_i1(g, 0);
      withheld[k] = LLVMBuildAnd(B, LLVMBuildNot(B, full, ""), LLVMBuildNot(B, pending[k], ""), "withheld");
    }
  }
  miss_from[n] = g->nmiss;
  /* An exception that applies overrides its base rule, and the base of
  ** that, whatever the order and resolution. */
  LLVMValueRef *over = calloc((size_t)n, sizeof *over);
  for (int k = 0; k < n; k++) {
    sema_rule *r = m->rules.v[b->first_rule + k];
    for (int at = r->base, steps = 0; at >= 0 && steps < n; steps++) {
      int j = at - b->first_rule;
      over[j] = or1(g, over[j], when[k]);
      at = ((sema_rule *)m->rules.v[at])->base;
    }
  }
  for (int k = 0; k < n; k++)
    if (over[k])
      when[k] = LLVMBuildAnd(B, when[k], LLVMBuildNot(B, over[k], ""), "not_overridden");
  free(over);
  /* chosen[k]: rule k decides this benefit for the claim. */
  LLVMValueRef *chosen = calloc((size_t)n, sizeof *chosen);
  if (b->item->resolve == RES_MAX) {
    LLVMValueRef best = cg_i64(g, 0);
    for (int k = 0; k < n; k++) {
      LLVMValueRef cand = a[k].def ? LLVMBuildAnd(B, when[k], a[k].def, "") : when[k];
      LLVMValueRef better = LLVMBuildAnd(B, cand, LLVMBuildICmp(B, LLVMIntSGT, a[k].v, best, ""), "");
      best = LLVMBuildSelect(B, better, a[k].v, best, "best");
    }
    LLVMValueRef found = cg_i1(g, 0);
    for (int k = 0; k < n; k++) {
      LLVMValueRef cand = a[k].def ? LLVMBuildAnd(B, when[k], a[k].def, "") : when[k];
      LLVMValueRef win = LLVMBuildAnd(B, cand, LLVMBuildICmp(B, LLVMIntEQ, a[k].v, best, ""), "");
      chosen[k] = LLVMBuildAnd(B, win, LLVMBuildNot(B, found, ""), "chosen");
      found = LLVMBuildOr(B, found, win, "");
    }
  } else {
    LLVMValueRef taken = cg_i1(g, 0);
    for (int k = 0; k < n; k++) {
      chosen[k] = LLVMBuildAnd(B, when[k], LLVMBuildNot(B, taken, ""), "chosen");
      taken = LLVMBuildOr(B, taken, when[k], "");
    }
  }
  LLVMValueRef open = LLVMBuildNot(B, blocked, "open");
  for (int k = 0; k < n; k++) {
    sema_rule *r = m->rules.v[b->first_rule + k];
    LLVMValueRef ok = a[k].def ? LLVMBuildAnd(B, chosen[k], a[k].def, "") : chosen[k];
    ok = LLVMBuildAnd(B, ok, open, "");
    LLVMValueRef v = LLVMBuildSelect(B, ok, a[k].v, cg_i64(g, 0), r->ast->name);
    /* Amounts are never negative: a formula that goes below zero pays 0. */
    LLVMValueRef pos = LLVMBuildICmp(B, LLVMIntSGT, v, cg_i64(g, 0), "pays");
    v = LLVMBuildSelect(B, pos, v, cg_i64(g, 0), "");
    rulebit[r->index] = pos;
    amt[r->ast->payee] = LLVMBuildAdd(B, amt[r->ast->payee], v, "");
    if (r->ast->share) {
      rbit[m->reason_pending] = or1(g, rbit[m->reason_pending], LLVMBuildAnd(B, pos, pending[k], ""));
      rbit[m->reason_withheld] = or1(g, rbit[m->reason_withheld], LLVMBuildAnd(B, pos, withheld[k], ""));
    }
    if (a[k].def) {
      /* Under max an undefined amount can't be chosen, so explain it
      ** whenever its condition held. */
      LLVMValueRef held = b->item->resolve == RES_MAX ? when[k] : chosen[k];
      LLVMValueRef undefined = LLVMBuildAnd(B, LLVMBuildAnd(B, held, open, ""),
                                            LLVMBuildNot(B, a[k].def, ""), "");
      for (int q = miss_from[k]; q < miss_from[k + 1]; q++)
        rbit[g->misses[q].reason] = or1(g, rbit[g->misses[q].reason],
                                        LLVMBuildAnd(B, undefined, g->misses[q].missed, ""));
    }
  }
  free(when);
  free(a);
  free(miss_from);
  free(chosen);
  free(pending);
  free(withheld);
}

static void store_bits(cg_ctx *g, LLVMValueRef base, LLVMValueRef *bits, int nbits)
{
  LLVMBuilderRef B = g->B;
  int words = (nbits + 63) / 64;
  for (int w = 0; w < words; w++) {
    LLVMValueRef word = cg_i64(g, 0);
    for (int k = w * 64; k < nbits && k < (w + 1) * 64; k++) {
      if (!bits[k])
        continue;
      LLVMValueRef bit = LLVMBuildShl(B, LLVMBuildZExt(B, bits[k], g->i64, ""), cg_i64(g, k % 64), "");
      word = LLVMBuildOr(B, word, bit, "");
    }
    LLVMValueRef slot = LLVMBuildAdd(B, LLVMBuildMul(B, g->idx, cg_i64(g, words), ""), cg_i64(g, w), "");
    LLVMBuildStore(B, word, LLVMBuildGEP2(B, g->i64, base, &slot, 1, ""));
  }
}

static void cg_claim(cg_ctx *g, LLVMValueRef pay, LLVMValueRef rules, LLVMValueRef reasons,
                     LLVMValueRef flags)
{
  sema_model *m = g->m;
  LLVMBuilderRef B = g->B;
  int nr = m->reasons.n;
  LLVMValueRef *rbit = calloc((size_t)nr + 1, sizeof *rbit);
  LLVMValueRef *rulebit = calloc((size_t)m->rules.n + 1, sizeof *rulebit);
  memset(g->fdone, 0, sizeof *g->fdone * (size_t)m->fields.n);
  g->nmiss = 0;

  LLVMValueRef rej = cg_i1(g, 0);
  for (int i = 0; i < m->checks.n; i++) {
    sema_cond *c = m->checks.v[i];
    cg_val v = cg_expr(g, c->item->expr);
    LLVMValueRef fails = LLVMBuildNot(B, v.v, "fails");
    if (v.def)
      fails = LLVMBuildAnd(B, fails, v.def, "");
    rbit[c->reason] = or1(g, rbit[c->reason], fails);
    rej = LLVMBuildOr(B, rej, fails, "rejected");
  }
  LLVMValueRef ok = LLVMBuildNot(B, rej, "");
  LLVMValueRef den = cg_i1(g, 0);
  for (int i = 0; i < m->denies.n; i++) {
    sema_cond *c = m->denies.v[i];
    LLVMValueRef holds = LLVMBuildAnd(B, cg_true(g, cg_expr(g, c->item->expr)), ok, "");
    rbit[c->reason] = or1(g, rbit[c->reason], holds);
    den = LLVMBuildOr(B, den, holds, "denied");
  }
  if (m->effective_reason >= 0) {
    int f = -1;
    for (int i = 0; i < m->fields.n; i++)
      if (((sema_field *)m->fields.v[i])->role == RT_ROLE_CLAIM_DATE)
        f = i;
    if (f >= 0) {
      cg_val d = cg_field(g, f);
      LLVMValueRef out = LLVMBuildOr(B, LLVMBuildICmp(B, LLVMIntSLT, d.v, cg_i64(g, m->policy->eff_from), ""),
                                     LLVMBuildICmp(B, LLVMIntSGT, d.v, cg_i64(g, m->policy->eff_to), ""), "outside");
      out = LLVMBuildAnd(B, out, ok, "");
      rbit[m->effective_reason] = or1(g, rbit[m->effective_reason], out);
      den = LLVMBuildOr(B, den, out, "");
    }
  }
  LLVMValueRef blocked = LLVMBuildOr(B, rej, den, "blocked");

  int nb = m->benefits.n;
  for (int bi = 0; bi < nb; bi++) {
    sema_benefit *b = m->benefits.v[bi];
    LLVMValueRef amt[RT_NPAYEES] = {cg_i64(g, 0), cg_i64(g, 0)};
    cg_benefit(g, b, blocked, amt, rulebit, rbit);
    for (int p = 0; p < RT_NPAYEES; p++) {
      LLVMValueRef slot = LLVMBuildAdd(B, LLVMBuildMul(B, g->idx, cg_i64(g, (int64_t)nb * RT_NPAYEES), ""),
                                       cg_i64(g, bi * RT_NPAYEES + p), "");
      LLVMBuildStore(B, amt[p], LLVMBuildGEP2(B, g->i64, pay, &slot, 1, ""));
    }
  }
  store_bits(g, rules, rulebit, m->rules.n);
  store_bits(g, reasons, rbit, nr);
  if (m->flags.n) {
    LLVMValueRef *fbit = calloc((size_t)m->flags.n, sizeof *fbit);
    for (int i = 0; i < m->flags.n; i++)
      fbit[i] = cg_true(g, cg_expr(g, ((sema_flag *)m->flags.v[i])->cond));
    store_bits(g, flags, fbit, m->flags.n);
    free(fbit);
  }
  free(rbit);
  free(rulebit);
}

static LLVMValueRef load_ptr_field(cg_ctx *g, LLVMTypeRef st, LLVMValueRef p, unsigned idx, const char *name)
{
  LLVMTypeRef fty = idx == 0 ? g->i64 : g->ptr;
  return LLVMBuildLoad2(g->B, fty, LLVMBuildStructGEP2(g->B, st, p, idx, ""), name);
}

static LLVMValueRef build_eval(cg_ctx *g)
{
  sema_model *m = g->m;
  LLVMContextRef C = g->C;
  LLVMTypeRef fnty = LLVMFunctionType(LLVMVoidTypeInContext(C), &g->ptr, 1, 0);
  LLVMValueRef fn = LLVMAddFunction(g->M, "polis_eval", fnty);
  LLVMSetLinkage(fn, LLVMInternalLinkage);
  LLVMTypeRef bt_fields[6] = {g->i64, g->ptr, g->ptr, g->ptr, g->ptr, g->ptr};
  LLVMTypeRef batch_ty = LLVMStructTypeInContext(C, bt_fields, 6, 0);

  LLVMBasicBlockRef entry = LLVMAppendBasicBlockInContext(C, fn, "entry");
  LLVMBasicBlockRef loop = LLVMAppendBasicBlockInContext(C, fn, "claim");
  LLVMBasicBlockRef done = LLVMAppendBasicBlockInContext(C, fn, "done");
  LLVMBuilderRef B = g->B;
  LLVMPositionBuilderAtEnd(B, entry);
  LLVMValueRef bp = LLVMGetParam(fn, 0);
  LLVMValueRef n = load_ptr_field(g, batch_ty, bp, 0, "n");
  LLVMValueRef cols = load_ptr_field(g, batch_ty, bp, 1, "cols");
  LLVMValueRef pay = load_ptr_field(g, batch_ty, bp, 2, "pay");
  LLVMValueRef rules = load_ptr_field(g, batch_ty, bp, 3, "rules");
  LLVMValueRef reasons = load_ptr_field(g, batch_ty, bp, 4, "reasons");
  LLVMValueRef flags = m->flags.n ? load_ptr_field(g, batch_ty, bp, 5, "flags") : NULL;
  for (int f = 0; f < m->fields.n; f++) {
    LLVMValueRef fi = cg_i64(g, f);
    g->col[f] = LLVMBuildLoad2(B, g->ptr, LLVMBuildGEP2(B, g->ptr, cols, &fi, 1, ""),
                               ((sema_field *)m->fields.v[f])->name);
  }
  LLVMBuildCondBr(B, LLVMBuildICmp(B, LLVMIntSGT, n, cg_i64(g, 0), ""), loop, done);

  LLVMPositionBuilderAtEnd(B, loop);
  LLVMValueRef i = LLVMBuildPhi(B, g->i64, "i");
  g->idx = i;
  cg_claim(g, pay, rules, reasons, flags);
  LLVMValueRef next = LLVMBuildAdd(B, i, cg_i64(g, 1), "next");
  LLVMBasicBlockRef body_end = LLVMGetInsertBlock(B);
  LLVMBuildCondBr(B, LLVMBuildICmp(B, LLVMIntSLT, next, n, ""), loop, done);
  LLVMValueRef in_v[2] = {cg_i64(g, 0), next};
  LLVMBasicBlockRef in_b[2] = {entry, body_end};
  LLVMAddIncoming(i, in_v, in_b, 2);

  LLVMPositionBuilderAtEnd(B, done);
  LLVMBuildRetVoid(B);
  return fn;
}

LLVMModuleRef cg_build_module(sema_model *m, LLVMContextRef C, const char *descriptor, int with_main)
{
  cg_ctx g;
  memset(&g, 0, sizeof g);
  g.m = m;
  g.C = C;
  g.M = LLVMModuleCreateWithNameInContext(m->policy ? m->policy->name : "polis", C);
  g.B = LLVMCreateBuilderInContext(C);
  g.i1 = LLVMInt1TypeInContext(C);
  g.i8 = LLVMInt8TypeInContext(C);
  g.i32 = LLVMInt32TypeInContext(C);
  g.i64 = LLVMInt64TypeInContext(C);
  g.ptr = LLVMPointerTypeInContext(C, 0);
  int nf = m->fields.n;
  g.col = calloc((size_t)nf + 1, sizeof *g.col);
  g.fval = calloc((size_t)nf + 1, sizeof *g.fval);
  g.fdone = calloc((size_t)nf + 1, sizeof *g.fdone);
  for (int i = 0; i < m->items.n; i++)
    ((ast_item *)m->items.v[i])->cg_done = 0;
  for (int i = 0; i < m->tables.n; i++)   /* globals belong to one module */
    ((sema_table *)m->tables.v[i])->cg_global = NULL;

  LLVMValueRef eval = build_eval(&g);

  size_t dlen = strlen(descriptor);
  LLVMValueRef dstr = LLVMConstStringInContext(C, descriptor, (unsigned)dlen, 0);
  LLVMValueRef dglob = LLVMAddGlobal(g.M, LLVMTypeOf(dstr), "polis_descriptor");
  LLVMSetInitializer(dglob, dstr);
  LLVMSetGlobalConstant(dglob, 1);
  LLVMSetLinkage(dglob, LLVMPrivateLinkage);

  LLVMTypeRef et_fields[4] = {g.i32, g.i32, g.ptr, g.ptr};
  LLVMTypeRef entry_ty = LLVMStructTypeInContext(C, et_fields, 4, 0);
  LLVMValueRef ev[4] = {LLVMConstInt(g.i32, RT_ABI_VERSION, 0), LLVMConstInt(g.i32, 0, 0), dglob, eval};
  LLVMValueRef eglob = LLVMAddGlobal(g.M, entry_ty, "polis_entry");
  LLVMSetInitializer(eglob, LLVMConstNamedStruct(entry_ty, ev, 4));
  LLVMSetGlobalConstant(eglob, 1);
  LLVMSetLinkage(eglob, LLVMPrivateLinkage);

  LLVMValueRef getter = LLVMAddFunction(g.M, "polis_policy_v1", LLVMFunctionType(g.ptr, NULL, 0, 0));
  LLVMPositionBuilderAtEnd(g.B, LLVMAppendBasicBlockInContext(C, getter, "entry"));
  LLVMBuildRet(g.B, eglob);

  if (with_main) {
    LLVMTypeRef mp[3] = {g.ptr, g.i32, g.ptr};
    LLVMValueRef rt_main = LLVMAddFunction(g.M, "rt_exe_main", LLVMFunctionType(g.i32, mp, 3, 0));
    LLVMTypeRef ap[2] = {g.i32, g.ptr};
    LLVMValueRef mainfn = LLVMAddFunction(g.M, "main", LLVMFunctionType(g.i32, ap, 2, 0));
    LLVMPositionBuilderAtEnd(g.B, LLVMAppendBasicBlockInContext(C, mainfn, "entry"));
    LLVMValueRef args[3] = {eglob, LLVMGetParam(mainfn, 0), LLVMGetParam(mainfn, 1)};
    LLVMBuildRet(g.B, LLVMBuildCall2(g.B, LLVMFunctionType(g.i32, mp, 3, 0), rt_main, args, 3, "rc"));
  }
  LLVMDisposeBuilder(g.B);
  free(g.col);
  free(g.fval);
  free(g.fdone);
  free(g.misses);
  free(g.saved);
  return g.M;
}
