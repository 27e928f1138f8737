/* The Polis abstract syntax tree.  Every node lives in the compilation's
** arena and carries the span of source it came from. */
#ifndef POLIS_AST_H
#define POLIS_AST_H
#include <stdint.h>
#include "arena.h"
#include "diag.h"
#include "types.h"

typedef enum ast_ekind {
  EX_ERROR,     /* placeholder after a syntax error */
  EX_BOOL,      /* ival 0/1 */
  EX_INT,       /* ival */
  EX_MONEY,     /* ival fen */
  EX_RATE,      /* ival fen per `name` (day) */
  EX_PERCENT,   /* ival hundredths of a percent */
  EX_DATE,      /* ival days since epoch */
  EX_DAYS,      /* ival days */
  EX_STR,       /* name = the text */
  EX_NAME,      /* name */
  EX_QNAME,     /* name.name2: an enum member */
  EX_NOT,       /* not a */
  EX_NEG,       /* -a */
  EX_BIN,       /* a op b */
  EX_IN,        /* a in b; op = 1 for `not in` */
  EX_CALL,      /* name(items) */
  EX_SET,       /* {items} */
  EX_BY,        /* by a { items: ast_case } */
  EX_IF,        /* if a then b else c */
  EX_DATED      /* from DATE: value, ... (items: ast_case with date) */
} ast_ekind;

typedef enum ast_binop {
  OP_OR, OP_AND, OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE,
  OP_ADD, OP_SUB, OP_MUL, OP_OF
} ast_binop;

/* What a name resolved to (filled by sema). */
typedef enum ast_bind {
  BIND_NONE, BIND_FIELD, BIND_CATEGORY, BIND_PARAM, BIND_MEMBER, BIND_MEMBERSHIP,
  BIND_TABLE           /* EX_CALL of a standards table: bind_ptr = sema_table* */
} ast_bind;

typedef struct ast_expr ast_expr;
struct ast_expr {
  ast_ekind kind;
  span sp;
  int op;
  ast_expr *a, *b, *c;
  const char *name, *name2;
  span name_sp, name2_sp;
  int64_t ival;
  ptrvec items;
  /* sema */
  ty ty;
  ast_bind bind;
  int bind_idx;        /* field / member index */
  void *bind_ptr;      /* sema_category*, sema_param*, sema_enum* */
  int membership_field;/* BIND_MEMBERSHIP: the set field */
  int reason;          /* EX_BY without else: reason index for missing arms */
};

typedef struct ast_ident {
  const char *name;
  span sp;
} ast_ident;

typedef struct ast_case {
  span sp;
  ptrvec labels;       /* ast_ident*; empty for `else` */
  int is_else;
  int unstated;        /* `else: unstated`: no value, on purpose */
  int64_t date;        /* EX_DATED: the day the value starts */
  ast_expr *value;
} ast_case;

typedef struct ast_member {
  const char *name, *label;
  span sp;
} ast_member;

typedef struct ast_assign {
  const char *name;
  span name_sp;
  ast_expr *value;
} ast_assign;

typedef struct ast_rule {
  const char *name, *label, *cite;
  span sp, name_sp, cite_sp;
  ast_expr *when;      /* NULL = always */
  int payee;           /* RT_PAYEE_* */
  ast_expr *amount;
  /* `exception to BASE`: NULL or the base rule's name */
  const char *exception_to;
  span exception_sp;
  /* `during FROM to TO`: a window on claim_date, both ends inclusive */
  int has_during;
  int64_t during_from, during_to;
  span during_sp;
  /* tranche: `first SHARE rest when COND`; share NULL = paid in one go */
  ast_expr *share, *rest_when;
} ast_rule;

typedef enum ast_expect_kind {
  XP_STATUS, XP_PERSON, XP_ORGANIZER, XP_TOTAL, XP_RULE, XP_REASON
} ast_expect_kind;

typedef struct ast_expect_item {
  ast_expect_kind kind;
  span sp;
  const char *text;    /* status word, rule name or reason code */
  ast_expr *amount;
} ast_expect_item;

typedef struct ast_expect {
  const char *claim;   /* NULL = the only claim */
  span sp, claim_sp;
  ptrvec items;        /* ast_expect_item* */
} ast_expect;

typedef struct ast_claim {
  const char *name;    /* NULL = anonymous */
  span sp;
  ptrvec assigns;      /* ast_assign* */
} ast_claim;

typedef enum ast_ikind {
  IT_POLICY, IT_SCHEMA, IT_IMPORT, IT_ENUM, IT_FIELD, IT_CHECK, IT_PARAM,
  IT_CATEGORY, IT_BENEFIT, IT_DENY, IT_LIMIT, IT_GIVEN, IT_TEST, IT_TABLE, IT_QUOTA
} ast_ikind;

typedef enum ast_limit_kind { LIM_COUNT = 1, LIM_UNIQUE = 2 } ast_limit_kind;
typedef enum ast_resolve { RES_FIRST = 0, RES_MAX = 1 } ast_resolve;

typedef struct ast_item {
  ast_ikind kind;
  span sp, name_sp, cite_sp;
  const char *name, *label, *cite;
  int file;
  /* IT_POLICY */
  const char *city, *source;
  int64_t issued, eff_from, eff_to;
  int has_issued, has_effective;
  /* IT_IMPORT: path in label */
  /* IT_ENUM */
  ptrvec members;      /* ast_member* */
  /* IT_FIELD */
  const char *type_name;
  span type_sp;
  int type_is_set, required;
  const char *role;
  span role_sp;
  ast_expr *deflt, *min, *max;
  /* IT_CHECK / IT_DENY / IT_CATEGORY / IT_PARAM: cond or value in expr */
  ast_expr *expr;
  const char *reason, *reason_msg;
  span reason_sp;
  /* IT_BENEFIT */
  ast_resolve resolve;
  ptrvec rules;        /* ast_rule* */
  /* IT_LIMIT */
  ast_limit_kind limit_kind;
  int64_t limit_n;
  int per_year, once;
  ptrvec keys;         /* ast_ident*; also IT_TABLE's key fields */
  const char *scope;   /* `for BENEFIT` */
  span scope_sp;
  ast_expr *cond;      /* `while COND` */
  /* IT_TABLE: `from "FILE"` and `: TYPE` (type_name); the file's text is
  ** read by the loader and registered with diag as file table_fid */
  const char *path;
  span path_sp;
  int table_fid;
  /* IT_QUOTA: `year YEAR by FIELD { "key": N, … }` in assigns */
  int64_t year;
  const char *by_field;
  span by_sp;
  /* IT_GIVEN: assigns; IT_TEST: assigns (test-wide given), claims, expects */
  ptrvec assigns;
  ptrvec claims;
  ptrvec expects;
  /* codegen memo for categories and params: LLVM values of this claim */
  int cg_done;
  void *cg_v, *cg_def;
  int cg_miss_from, cg_miss_to;
} ast_item;

typedef struct ast_file {
  int file;
  ptrvec items;        /* ast_item* */
} ast_file;

ast_expr *ast_expr_new(arena *a, ast_ekind k, span sp);
ast_expr *ast_bin(arena *a, int op, ast_expr *l, ast_expr *r);
ast_item *ast_item_new(arena *a, ast_ikind k, span sp);
ast_ident *ast_ident_new(arena *a, const char *name, span sp);
const char *ast_binop_str(int op);
#endif
