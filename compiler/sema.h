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
  int base;                  /* `exception to`: the base rule's index, or -1 */
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
  int kind;                  /* LIM_COUNT or LIM_UNIQUE */
  int64_t n;
  int per_year;              /* 1 per calendar year, 0 over all years */
  int nkeys, keys[8];
  int benefit;               /* `for BENEFIT`: its index, or -1 = whole claim */
  int flag;                  /* `while COND`: its flag index, or -1 */
  int reason;
  const char *cite;
} sema_limit;

/* A condition the evaluator reports per claim for the runtime (a limit's
** `while`). */
typedef struct sema_flag {
  const char *name;
  ast_expr *cond;
} sema_flag;

/* One row of a standards table: key values (member index, or symbol index
** for text) and the value in storage units. */
typedef struct sema_trow {
  int64_t key[3];
  int64_t value;
} sema_trow;

typedef struct sema_table {
  ast_item *item;
  const char *cite;
  int nkeys, keys[3];        /* key field indices */
  ty value;
  ptrvec rows;               /* sema_trow* */
  int reason;                /* no_entry_in_NAME */
  char sha[65];
  void *cg_global;           /* codegen: the embedded array */
} sema_table;

typedef struct sema_quota {
  ast_item *item;
  const char *cite;
  int field;                 /* the text field keyed on */
} sema_quota;

typedef struct sema_model {
  arena *A;
  diag_ctx *D;
  ast_item *policy;          /* NULL for a schema-only file */
  const char *source_hash;
  ptrvec items;              /* every ast_item of every file, imports first */
  ptrvec enums, fields, categories, params, benefits, rules, reasons;
  ptrvec checks, denies, limits, tests, givens;
  ptrvec tables, quotas, flags;
  int reason_pending, reason_withheld;  /* tranche reasons, or -1 */
  int claim_date_field;      /* field index, or -1 */
  ptrvec symbols;            /* const char*: text literals the policy compares */
  int effective_reason;      /* reason index, or -1 */
  int n_text_fields;
} sema_model;

/* Check a parsed program.  Returns the model (never NULL); errors are in
** D->errors. */
sema_model *sema_check(arena *A, diag_ctx *D, ptrvec *items, const char *source_hash);
/* Warnings about rules that never apply, overlap or are hidden (sema_reach.c). */
void sema_reach(sema_model *m);

sema_field *sema_find_field(sema_model *m, const char *name);
int sema_symbol(sema_model *m, const char *text);     /* index or -1 */
int sema_find_reason(sema_model *m, const char *code);
const char *sema_type_name(sema_model *m, ty t);
/* Render a constant expression of type t as a claims-v1 cell; NULL if the
** expression is not a constant. */
const char *sema_const_cell(sema_model *m, ast_expr *e);
#endif
