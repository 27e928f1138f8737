/* Semantic analysis: name resolution, types and units, exhaustiveness and
** citation checks.  Its result, the policy model, is what codegen, the
** descriptor writer and the test runner read. */
#ifndef POLIS_SEMA_H
#define POLIS_SEMA_H
#include "ast.h"
#include "polis_rt.h"

typedef struct sema_enum {
  const char *name, *label;
  span sp;
  ptrvec members;            /* ast_member* */
  int index;
} sema_enum;

typedef struct sema_field {
  const char *name, *label;
  span sp;
  ty type;
  rt_type rtt;
  unsigned flags;            /* RT_FIELD_* */
  rt_role role;
  ast_expr *deflt;           /* as written */
  const char *default_text;  /* constant default as a cell, or NULL */
  int has_min, has_max;
  int64_t min, max;
  int index;
  int state;                 /* computed-default cycle detection */
} sema_field;

/* A category or a param: a named expression. */
typedef struct sema_named {
  ast_item *item;
  ty type;
  int state;                 /* 0 new, 1 checking, 2 done */
} sema_named;

typedef struct sema_reason {
  const char *code, *message, *cite;
  rt_reason_kind kind;
  span sp;
  int index;
} sema_reason;

typedef struct sema_rule {
  ast_rule *ast;
  const char *cite;          /* full citation (document + article) */
  int benefit, index;
} sema_rule;

typedef struct sema_benefit {
  ast_item *item;
  const char *cite;
  int first_rule, nrules;
  int index;
} sema_benefit;

/* A schema check (reject) or a deny condition. */
typedef struct sema_cond {
  ast_item *item;
  int reason;
} sema_cond;

typedef struct sema_limit {
  ast_item *item;
  rt_limit_kind kind;
  int64_t n;
  int nkeys, keys[8];
  int reason;
  const char *cite;
} sema_limit;

typedef struct sema_model {
  arena *A;
  diag_ctx *D;
  ast_item *policy;          /* NULL for a schema-only file */
  const char *source_hash;
  ptrvec items;              /* every ast_item of every file, imports first */
  ptrvec enums, fields, categories, params, benefits, rules, reasons;
  ptrvec checks, denies, limits, tests, givens;
  ptrvec symbols;            /* const char*: text literals the policy compares */
  int effective_reason;      /* reason index, or -1 */
  int n_text_fields;
} sema_model;

/* Check a parsed program.  Returns the model (never NULL); errors are in
** D->errors. */
sema_model *sema_check(arena *A, diag_ctx *D, ptrvec *items, const char *source_hash);

sema_field *sema_find_field(sema_model *m, const char *name);
int sema_symbol(sema_model *m, const char *text);     /* index or -1 */
int sema_find_reason(sema_model *m, const char *code);
const char *sema_type_name(sema_model *m, ty t);
/* Render a constant expression of type t as a claims-v1 cell; NULL if the
** expression is not a constant. */
const char *sema_const_cell(sema_model *m, ast_expr *e);
#endif
