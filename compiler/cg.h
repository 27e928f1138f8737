/* Code generation through the LLVM 19 C API.
**
**   cg_expr.c    expressions -> SSA values (branch-free, with "defined" flags)
**   cg_policy.c  the batch evaluator, the entry point and main()
**   cg_llvm.c    everything version-specific: targets, passes, JIT, emission
**   descriptor.c the descriptor text the runtime decodes
*/
#ifndef POLIS_CG_H
#define POLIS_CG_H
#include <llvm-c/Core.h>
#include "polis_rt.h"
#include "sema.h"

/* A value and whether it is defined (NULL = always).  Undefined values come
** from an unknown optional field or a `by` match with no case. */
typedef struct cg_val {
  LLVMValueRef v, def;
} cg_val;

typedef struct cg_miss {
  int reason;
  LLVMValueRef missed;   /* i1: the match had no case for this claim */
} cg_miss;

typedef struct cg_ctx {
  sema_model *m;
  LLVMContextRef C;
  LLVMModuleRef M;
  LLVMBuilderRef B;
  LLVMTypeRef i1, i8, i32, i64, ptr;
  LLVMValueRef *col;         /* per field: column base pointer */
  cg_val *fval;              /* per field: value for the current claim */
  int *fdone;
  LLVMValueRef idx;          /* claim index in the batch */
  cg_miss *misses;
  int nmiss, capmiss;
  cg_miss *saved;            /* misses of categories and params, per definition */
  int nsaved, capsaved;
} cg_ctx;

typedef enum cg_emit {
  CG_EMIT_EXE, CG_EMIT_OBJ, CG_EMIT_SHARED, CG_EMIT_LLVM, CG_EMIT_ASM
} cg_emit;

static inline LLVMValueRef cg_i64(cg_ctx *g, int64_t v) { return LLVMConstInt(g->i64, (unsigned long long)v, 1); }
static inline LLVMValueRef cg_i1(cg_ctx *g, int v) { return LLVMConstInt(g->i1, (unsigned long long)v, 0); }

/* cg_expr.c */
cg_val cg_expr(cg_ctx *g, ast_expr *e);
cg_val cg_field(cg_ctx *g, int f);
LLVMTypeRef cg_storage_type(cg_ctx *g, rt_type t);
LLVMValueRef cg_true(cg_ctx *g, cg_val v);    /* defined and true */
/* pct (hundredths of a percent) of amount, rounded half away from zero. */
LLVMValueRef cg_share(cg_ctx *g, LLVMValueRef pct, LLVMValueRef amount);

/* cg_policy.c: build the module for a checked model.  with_main adds a
** main() for a stand-alone executable. */
LLVMModuleRef cg_build_module(sema_model *m, LLVMContextRef C, const char *descriptor,
                              int with_main);

/* descriptor.c: malloc'd descriptor text. */
char *cg_descriptor(sema_model *m);

/* cg_llvm.c */
int cg_llvm_init(char **err);
/* Verify, then optimise with default<O2>.  Returns 0 or sets *err. */
int cg_optimize(LLVMModuleRef M, char **err);
int cg_emit_file(LLVMModuleRef M, cg_emit kind, const char *out, char **err);

/* A JIT-compiled policy; keeps the code alive until cg_jit_free. */
typedef struct cg_jit cg_jit;
cg_jit *cg_jit_create(char **err);
/* The context modules for this JIT must be built in. */
LLVMContextRef cg_jit_context(cg_jit *j);
/* Hand over an optimised module (consumed) and look up its entry. */
int cg_jit_add(cg_jit *j, LLVMModuleRef M, const rt_entry **entry, char **err);
void cg_jit_free(cg_jit *j);
void cg_llvm_shutdown(void);
#endif
