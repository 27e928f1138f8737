/*
** parser.y — the Polis grammar: a pure bison parser with locations, custom
** syntax-error messages and error recovery at item, rule and test level, so
** one run reports several errors.
*/
%require "3.8"
%define api.pure full
%define api.prefix {polis_yy}
%define api.location.type {span}
%define parse.error custom
%locations
%expect 0

%code requires {
#include "parse.h"
typedef void *yyscan_t;
#define YYSTYPE POLIS_YYSTYPE
#define YYLTYPE POLIS_YYLTYPE
#define YYLLOC_DEFAULT(Cur, Rhs, N)                                   \
  do {                                                                \
    if (N) {                                                          \
      (Cur).file = YYRHSLOC(Rhs, 1).file;                             \
      (Cur).begin = YYRHSLOC(Rhs, 1).begin;                           \
      (Cur).end = YYRHSLOC(Rhs, N).end;                               \
    } else {                                                          \
      (Cur).file = YYRHSLOC(Rhs, 0).file;                             \
      (Cur).begin = (Cur).end = YYRHSLOC(Rhs, 0).end;                 \
    }                                                                 \
  } while (0)
}

%param {yyscan_t scanner}
%parse-param {parse_ctx *ctx}

%union {
  const char *str;
  ast_expr *expr;
  ast_item *item;
  ast_rule *rule;
  ast_case *kase;
  ast_ident *ident;
  ast_assign *assign;
  ast_expect *expect;
  ast_expect_item *xitem;
  ptrvec list;
  int num;
}

%code {
#include <stdlib.h>
#include <string.h>
#include "lexer.h"
#include "parse_actions.h"

#define A (ctx->arena)

/* Only bison's own failures ("memory exhausted") come here; syntax errors
** go through yyreport_syntax_error. */
static void polis_yyerror(const span *loc, yyscan_t scanner, parse_ctx *ctx, const char *msg)
{
  (void)scanner;
  diag_error(ctx->diag, *loc, "%s", msg);
}
}

%token <str> IDENT "name" STRING "string" NUMBER "number" DATE "date"
%token POLICY "policy" SCHEMA "schema" IMPORT "import" ENUM "enum"
       FIELD "field" CHECK "check" REASON "reason" PARAM "param"
       CATEGORY "category" BENEFIT "benefit" RULE "rule" WHEN "when"
       PAY "pay" BY "by" ELSE "else" IF "if" THEN "then" AND "and" OR "or"
       NOT "not" IN "in" OF "of" PER "per" LIMIT "limit" UNIQUE "unique"
       TEST "test" CLAIM "claim" EXPECT "expect" GIVEN "given" CITE "cite"
       SOURCE "source" ISSUED "issued" EFFECTIVE "effective" TO "to"
       CITY "city" ROLE "role" REQUIRED "required" DEFAULT "default"
       MIN "min" MAX "max" SET "set" DENY "deny" RESOLVE "resolve"
       FIRST "first" TRUE "true" FALSE "false" YUAN "yuan"
       PERSON "person" ORGANIZER "organizer" GRANTED "granted"
       DENIED "denied" REJECTED "rejected" TOTAL "total"
       TABLE "table" FROM "from" DURING "during"
       EXCEPTION "exception" UNSTATED "unstated" REST "rest" ONCE "once"
       WHILE "while" QUOTA "quota" FOR "for"
       EQ "==" NE "!=" LE "<=" GE ">="

%type <str> opt_label opt_cite reason_code opt_name
%type <expr> expr primary
%type <item> item policy_decl enum_decl field_decl benefit_decl limit_decl test_decl
%type <item> policy_attrs field_attrs limit_tail test_body benefit_head
%type <rule> rule rule_body rule_pre
%type <expr> dated_values
%type <item> limit_scope table_decl quota_decl
%type <kase> case
%type <ident> ident
%type <assign> assign
%type <expect> expect
%type <xitem> xitem
%type <list> members member_list cases case_list case_labels assigns assign_list
%type <list> exprs expr_list idents rules xitems quota_entries quota_list
%type <assign> quota_entry
%type <num> payee limit_period

%precedence ELSE
%left OR
%left AND
%right NOT
%nonassoc EQ NE '<' LE '>' GE IN '='
%left '+' '-'
%left '*'
%right OF
%precedence UMINUS

%%

file:
    %empty
  | file item          { if ($2) ptrvec_push(A, &ctx->out->items, $2); }
  | file error         { }
  ;

item:
    policy_decl
  | SCHEMA IDENT opt_label      { $$ = ast_item_new(A, IT_SCHEMA, @$); $$->name = $2; $$->name_sp = @2; $$->label = $3; }
  | IMPORT STRING               { $$ = ast_item_new(A, IT_IMPORT, @$); $$->label = $2; $$->name_sp = @2; }
  | enum_decl
  | field_decl
  | CHECK expr REASON IDENT opt_label
      { $$ = ast_item_new(A, IT_CHECK, @$); $$->expr = $2; $$->reason = $4; $$->reason_sp = @4; $$->reason_msg = $5; }
  | DENY IDENT opt_label opt_cite WHEN expr
      { $$ = ast_item_new(A, IT_DENY, @$); $$->name = $2; $$->name_sp = @2; $$->reason = $2; $$->reason_sp = @2;
        $$->label = $3; $$->reason_msg = $3; $$->cite = $4; $$->cite_sp = @4; $$->expr = $6; }
  | PARAM IDENT opt_label opt_cite '=' dated_values
      { $$ = ast_item_new(A, IT_PARAM, @$); $$->name = $2; $$->name_sp = @2; $$->label = $3;
        $$->cite = $4; $$->cite_sp = @4; $$->expr = $6; }
  | table_decl
  | quota_decl
  | PARAM IDENT opt_label opt_cite '=' expr
      { $$ = ast_item_new(A, IT_PARAM, @$); $$->name = $2; $$->name_sp = @2; $$->label = $3; $$->cite = $4; $$->cite_sp = @4; $$->expr = $6; }
  | CATEGORY IDENT opt_label opt_cite '=' expr
      { $$ = ast_item_new(A, IT_CATEGORY, @$); $$->name = $2; $$->name_sp = @2; $$->label = $3; $$->cite = $4; $$->cite_sp = @4; $$->expr = $6; }
  | benefit_decl
  | limit_decl
  | GIVEN '{' assigns '}'       { $$ = ast_item_new(A, IT_GIVEN, @$); $$->assigns = $3; }
  | test_decl
  ;

opt_label:
    %empty   { $$ = NULL; }
  | STRING
  ;

opt_cite:
    %empty       { $$ = NULL; }
  | CITE STRING  { $$ = $2; }
  ;

/* ---- policy header ---- */

policy_decl:
    POLICY IDENT opt_label policy_attrs
      { $$ = $4; $$->sp = @$; $$->name = $2; $$->name_sp = @2; $$->label = $3; }
  ;

policy_attrs:
    %empty                          { $$ = ast_item_new(A, IT_POLICY, @$); }
  | policy_attrs CITY STRING        { $$ = $1; $$->city = $3; }
  | policy_attrs SOURCE STRING      { $$ = $1; $$->source = $3; }
  | policy_attrs ISSUED DATE        { $$ = $1; $$->has_issued = pa_date(ctx, $3, @3, &$$->issued); }
  | policy_attrs EFFECTIVE DATE TO DATE
      { $$ = $1; $$->has_effective = pa_date(ctx, $3, @3, &$$->eff_from) & pa_date(ctx, $5, @5, &$$->eff_to);
        if ($$->has_effective && $$->eff_to < $$->eff_from)
          diag_error(ctx->diag, @$, "the effective period ends before it starts"); }
  ;

/* ---- schema ---- */

enum_decl:
    ENUM IDENT opt_label '{' members '}'
      { $$ = ast_item_new(A, IT_ENUM, @$); $$->name = $2; $$->name_sp = @2; $$->label = $3; $$->members = $5; }
  ;

members:
    member_list
  | member_list ','
  ;

member_list:
    IDENT opt_label
      { memset(&$$, 0, sizeof $$); ptrvec_push(A, &$$, pa_member(ctx, $1, $2, @1)); }
  | member_list ',' IDENT opt_label
      { $$ = $1; ptrvec_push(A, &$$, pa_member(ctx, $3, $4, @3)); }
  | member_list error  { $$ = $1; }
  ;

field_decl:
    FIELD IDENT opt_label ':' IDENT field_attrs
      { $$ = $6; $$->sp = @$; $$->name = $2; $$->name_sp = @2; $$->label = $3; $$->type_name = $5; $$->type_sp = @5; }
  | FIELD IDENT opt_label ':' SET OF IDENT field_attrs
      { $$ = $8; $$->sp = @$; $$->name = $2; $$->name_sp = @2; $$->label = $3; $$->type_name = $7;
        $$->type_sp = @7; $$->type_is_set = 1; }
  ;

field_attrs:
    %empty                          { $$ = ast_item_new(A, IT_FIELD, @$); }
  | field_attrs ',' REQUIRED        { $$ = $1; $$->required = 1; }
  | field_attrs ',' ROLE IDENT      { $$ = $1; $$->role = $4; $$->role_sp = @4; }
  | field_attrs ',' DEFAULT expr    { $$ = $1; $$->deflt = $4; }
  | field_attrs ',' MIN expr        { $$ = $1; $$->min = $4; }
  | field_attrs ',' MAX expr        { $$ = $1; $$->max = $4; }
  ;

/* ---- dated values, tables, quotas ---- */

dated_values:
    FROM DATE ':' expr
      { $$ = ast_expr_new(A, EX_DATED, @$); pa_dated(ctx, $$, $2, @2, $4); }
  | dated_values ',' FROM DATE ':' expr
      { $$ = $1; $$->sp = @$; pa_dated(ctx, $$, $4, @4, $6); }
  ;

table_decl:
    TABLE IDENT opt_label opt_cite FROM STRING IDENT '(' idents ')' ':' IDENT
      { $$ = ast_item_new(A, IT_TABLE, @$); $$->name = $2; $$->name_sp = @2; $$->label = $3;
        $$->cite = $4; $$->cite_sp = @4; $$->path = $6; $$->path_sp = @6; $$->keys = $9;
        $$->type_name = $12; $$->type_sp = @12; $$->table_fid = -1;
        if (strcmp($7, "key") != 0) {
          diag_error(ctx->diag, @7, "unexpected name '%s'", $7);
          diag_help(ctx->diag, "name the key fields: 'from \"FILE\" key (occupation, level) : money'");
        } }
  ;

quota_decl:
    QUOTA IDENT opt_label opt_cite IDENT NUMBER BY IDENT '{' quota_entries '}'
      { $$ = ast_item_new(A, IT_QUOTA, @$); $$->name = $2; $$->name_sp = @2; $$->label = $3;
        $$->cite = $4; $$->cite_sp = @4; $$->by_field = $8; $$->by_sp = @8; $$->assigns = $10;
        pa_int(ctx, $6, @6, &$$->year);
        if (strcmp($5, "year") != 0) {
          diag_error(ctx->diag, @5, "unexpected name '%s'", $5);
          diag_help(ctx->diag, "a quota is planned for one year: 'quota NAME \"label\" year 2019 by district { … }'");
        } }
  ;

quota_entries:
    %empty               { memset(&$$, 0, sizeof $$); }
  | quota_list
  | quota_list ','
  ;

quota_list:
    quota_entry                 { memset(&$$, 0, sizeof $$); ptrvec_push(A, &$$, $1); }
  | quota_list ',' quota_entry  { $$ = $1; ptrvec_push(A, &$$, $3); }
  | quota_list error            { $$ = $1; }
  ;

quota_entry:
    STRING ':' NUMBER
      { $$ = arena_alloc(A, sizeof *$$); $$->name = $1; $$->name_sp = @1;
        $$->value = pa_number(ctx, $3, @3); }
  ;

/* ---- benefits ---- */

benefit_decl:
    benefit_head rule_body
      { $$ = $1; $$->sp = @$; $2->name = $$->name; $2->name_sp = $$->name_sp; $2->label = $$->label;
        $2->cite = $$->cite; $2->cite_sp = $$->cite_sp; ptrvec_push(A, &$$->rules, $2); }
  | benefit_head '{' rules '}'
      { $$ = $1; $$->sp = @$; $$->rules = $3; }
  | benefit_head RESOLVE FIRST '{' rules '}'
      { $$ = $1; $$->sp = @$; $$->resolve = RES_FIRST; $$->rules = $5; }
  | benefit_head RESOLVE MAX '{' rules '}'
      { $$ = $1; $$->sp = @$; $$->resolve = RES_MAX; $$->rules = $5; }
  ;

benefit_head:
    BENEFIT IDENT opt_label opt_cite
      { $$ = ast_item_new(A, IT_BENEFIT, @$); $$->name = $2; $$->name_sp = @2; $$->label = $3; $$->cite = $4; $$->cite_sp = @4; }
  ;

rules:
    %empty        { memset(&$$, 0, sizeof $$); }
  | rules rule    { $$ = $1; ptrvec_push(A, &$$, $2); }
  | rules error   { $$ = $1; }
  ;

rule:
    RULE IDENT opt_label opt_cite rule_body
      { $$ = $5; $$->sp = @$; $$->name = $2; $$->name_sp = @2; $$->label = $3; $$->cite = $4; $$->cite_sp = @4; }
  ;

rule_body:
    rule_pre PAY payee expr
      { $$ = $1; $$->payee = $3; $$->amount = $4; pa_rule_span($$, @2, @$); }
  | rule_pre PAY payee expr FIRST expr REST WHEN expr
      { $$ = $1; $$->payee = $3; $$->amount = $4; $$->share = $6; $$->rest_when = $9;
        pa_rule_span($$, @2, @$); }
  ;

/* The clauses before `pay`, in any order, each at most once. */
rule_pre:
    %empty
      { $$ = arena_alloc(A, sizeof *$$); $$->sp.file = -1; }
  | rule_pre WHEN expr
      { $$ = $1; if ($$->sp.file < 0) $$->sp = @2;
        if ($$->when) diag_error(ctx->diag, @2, "a second 'when' in one rule; join the conditions with 'and'");
        else $$->when = $3; }
  | rule_pre DURING DATE TO DATE
      { $$ = $1; if ($$->sp.file < 0) $$->sp = @2;
        if ($$->has_during) diag_error(ctx->diag, @2, "a second 'during' in one rule");
        $$->has_during = pa_date(ctx, $3, @3, &$$->during_from) & pa_date(ctx, $5, @5, &$$->during_to);
        $$->during_sp = @$;
        if ($$->has_during && $$->during_to < $$->during_from)
          diag_error(ctx->diag, @5, "the window ends before it starts"); }
  | rule_pre EXCEPTION TO IDENT
      { $$ = $1; if ($$->sp.file < 0) $$->sp = @2;
        if ($$->exception_to) diag_error(ctx->diag, @2, "a rule is an exception to one base rule");
        $$->exception_to = $4; $$->exception_sp = @4; }
  ;

payee:
    PERSON      { $$ = 0; }
  | ORGANIZER   { $$ = 1; }
  ;

/* ---- limits ---- */

limit_decl:
    LIMIT NUMBER PER PERSON limit_period limit_scope limit_tail
      { $$ = pa_limit(ctx, $6, $7, @$); $$->limit_kind = LIM_COUNT; $$->per_year = $5;
        pa_int(ctx, $2, @2, &$$->limit_n); }
  | LIMIT ONCE PER PERSON limit_period limit_scope limit_tail
      { $$ = pa_limit(ctx, $6, $7, @$); $$->limit_kind = LIM_COUNT; $$->per_year = $5;
        $$->limit_n = 1; $$->once = 1; }
  | LIMIT UNIQUE '(' idents ')' PER PERSON limit_scope limit_tail
      { $$ = pa_limit(ctx, $8, $9, @$); $$->limit_kind = LIM_UNIQUE; $$->keys = $4; }
  ;

limit_period:
    %empty      { $$ = 0; }
  | PER IDENT
      { $$ = 1;
        if (strcmp($2, "year") != 0) {
          diag_error(ctx->diag, @2, "unknown limit period '%s'", $2);
          diag_help(ctx->diag, "Polis counts per calendar year of claim_date (`per person per year`) "
                    "or over all years (`per person`)");
        } }
  ;

/* `for BENEFIT` and `while COND`, in either order. */
limit_scope:
    %empty      { $$ = ast_item_new(A, IT_LIMIT, @$); }
  | limit_scope FOR IDENT
      { $$ = $1;
        if ($$->scope) diag_error(ctx->diag, @2, "a limit applies to one benefit");
        $$->scope = $3; $$->scope_sp = @3; }
  | limit_scope WHILE expr
      { $$ = $1;
        if ($$->cond) diag_error(ctx->diag, @2, "a second 'while'; join the conditions with 'and'");
        else $$->cond = $3; }
  ;

limit_tail:
    opt_cite
      { $$ = ast_item_new(A, IT_LIMIT, @$); $$->cite = $1; $$->cite_sp = @1; }
  | REASON IDENT opt_label opt_cite
      { $$ = ast_item_new(A, IT_LIMIT, @$); $$->reason = $2; $$->reason_sp = @2; $$->reason_msg = $3;
        $$->cite = $4; $$->cite_sp = @4; }
  ;

idents:
    ident             { memset(&$$, 0, sizeof $$); ptrvec_push(A, &$$, $1); }
  | idents ',' ident  { $$ = $1; ptrvec_push(A, &$$, $3); }
  ;

ident:
    IDENT   { $$ = ast_ident_new(A, $1, @1); }
  ;

/* ---- tests ---- */

test_decl:
    TEST STRING '{' test_body '}'
      { $$ = $4; $$->sp = @$; $$->name = $2; $$->name_sp = @2; }
  ;

test_body:
    %empty                               { $$ = ast_item_new(A, IT_TEST, @$); }
  | test_body GIVEN '{' assigns '}'
      { $$ = $1; for (int i = 0; i < $4.n; i++) ptrvec_push(A, &$$->assigns, $4.v[i]); }
  | test_body CLAIM opt_name '{' assigns '}'
      { $$ = $1; ast_claim *c = arena_alloc(A, sizeof *c); c->name = $3; c->sp = @2; c->assigns = $5;
        ptrvec_push(A, &$$->claims, c); }
  | test_body expect                     { $$ = $1; ptrvec_push(A, &$$->expects, $2); }
  | test_body error                      { $$ = $1; }
  ;

opt_name:
    %empty   { $$ = NULL; }
  | IDENT
  ;

expect:
    EXPECT xitems
      { $$ = arena_alloc(A, sizeof *$$); $$->sp = @$; $$->items = $2; }
  | EXPECT IDENT xitems
      { $$ = arena_alloc(A, sizeof *$$); $$->sp = @$; $$->claim = $2; $$->claim_sp = @2; $$->items = $3; }
  ;

xitems:
    xitem             { memset(&$$, 0, sizeof $$); ptrvec_push(A, &$$, $1); }
  | xitems ',' xitem  { $$ = $1; ptrvec_push(A, &$$, $3); }
  ;

xitem:
    GRANTED          { $$ = pa_xitem(ctx, XP_STATUS, @$, "granted", NULL); }
  | DENIED           { $$ = pa_xitem(ctx, XP_STATUS, @$, "denied", NULL); }
  | REJECTED         { $$ = pa_xitem(ctx, XP_STATUS, @$, "rejected", NULL); }
  | PERSON expr      { $$ = pa_xitem(ctx, XP_PERSON, @$, NULL, $2); }
  | ORGANIZER expr   { $$ = pa_xitem(ctx, XP_ORGANIZER, @$, NULL, $2); }
  | TOTAL expr       { $$ = pa_xitem(ctx, XP_TOTAL, @$, NULL, $2); }
  | RULE IDENT       { $$ = pa_xitem(ctx, XP_RULE, @$, $2, NULL); }
  | REASON reason_code { $$ = pa_xitem(ctx, XP_REASON, @$, $2, NULL); }
  ;

reason_code:
    IDENT
  | IDENT ':' IDENT  { $$ = arena_printf(A, "%s:%s", $1, $3); }
  ;

assigns:
    %empty             { memset(&$$, 0, sizeof $$); }
  | assign_list
  | assign_list ','
  ;

assign_list:
    assign                  { memset(&$$, 0, sizeof $$); ptrvec_push(A, &$$, $1); }
  | assign_list ',' assign  { $$ = $1; ptrvec_push(A, &$$, $3); }
  | assign_list error       { $$ = $1; }
  ;

assign:
    IDENT ':' expr
      { $$ = arena_alloc(A, sizeof *$$); $$->name = $1; $$->name_sp = @1; $$->value = $3; }
  ;

/* ---- expressions ---- */

expr:
    expr OR expr        { $$ = ast_bin(A, OP_OR, $1, $3); }
  | expr AND expr       { $$ = ast_bin(A, OP_AND, $1, $3); }
  | NOT expr            { $$ = ast_expr_new(A, EX_NOT, @$); $$->a = $2; }
  | expr EQ expr        { $$ = ast_bin(A, OP_EQ, $1, $3); }
  | expr NE expr        { $$ = ast_bin(A, OP_NE, $1, $3); }
  | expr '<' expr       { $$ = ast_bin(A, OP_LT, $1, $3); }
  | expr LE expr        { $$ = ast_bin(A, OP_LE, $1, $3); }
  | expr '>' expr       { $$ = ast_bin(A, OP_GT, $1, $3); }
  | expr GE expr        { $$ = ast_bin(A, OP_GE, $1, $3); }
  | expr '=' expr       { $$ = ast_bin(A, OP_EQ, $1, $3);
                          diag_error(ctx->diag, @2, "'=' is not a comparison");
                          diag_help(ctx->diag, "write '==' to compare"); }
  | expr IN expr        { $$ = ast_expr_new(A, EX_IN, @$); $$->a = $1; $$->b = $3; }
  | expr NOT IN expr %prec IN
                        { $$ = ast_expr_new(A, EX_IN, @$); $$->a = $1; $$->b = $4; $$->op = 1; }
  | expr '+' expr       { $$ = ast_bin(A, OP_ADD, $1, $3); }
  | expr '-' expr       { $$ = ast_bin(A, OP_SUB, $1, $3); }
  | expr '*' expr       { $$ = ast_bin(A, OP_MUL, $1, $3); }
  | expr OF expr        { $$ = ast_bin(A, OP_OF, $1, $3); }
  | '-' expr %prec UMINUS { $$ = ast_expr_new(A, EX_NEG, @$); $$->a = $2; }
  | IF expr THEN expr ELSE expr
                        { $$ = ast_expr_new(A, EX_IF, @$); $$->a = $2; $$->b = $4; $$->c = $6; }
  | primary
  ;

primary:
    NUMBER              { $$ = pa_number(ctx, $1, @$); }
  | NUMBER '%'          { $$ = pa_fixed(ctx, EX_PERCENT, $1, @1, @$); }
  | NUMBER YUAN         { $$ = pa_fixed(ctx, EX_MONEY, $1, @1, @$); }
  | NUMBER YUAN PER IDENT
                        { $$ = pa_fixed(ctx, EX_RATE, $1, @1, @$); pa_rate_unit(ctx, $$, $4, @4); }
  | NUMBER IDENT        { $$ = pa_duration(ctx, $1, @1, $2, @2, @$); }
  | DATE                { $$ = ast_expr_new(A, EX_DATE, @$); pa_date(ctx, $1, @1, &$$->ival); }
  | STRING              { $$ = ast_expr_new(A, EX_STR, @$); $$->name = $1; }
  | TRUE                { $$ = ast_expr_new(A, EX_BOOL, @$); $$->ival = 1; }
  | FALSE               { $$ = ast_expr_new(A, EX_BOOL, @$); $$->ival = 0; }
  | IDENT               { $$ = ast_expr_new(A, EX_NAME, @$); $$->name = $1; $$->name_sp = @1; }
  | IDENT '.' IDENT     { $$ = ast_expr_new(A, EX_QNAME, @$); $$->name = $1; $$->name_sp = @1;
                          $$->name2 = $3; $$->name2_sp = @3; }
  | IDENT '(' exprs ')' { $$ = ast_expr_new(A, EX_CALL, @$); $$->name = $1; $$->name_sp = @1; $$->items = $3; }
  | MIN '(' exprs ')'   { $$ = ast_expr_new(A, EX_CALL, @$); $$->name = "min"; $$->name_sp = @1; $$->items = $3; }
  | MAX '(' exprs ')'   { $$ = ast_expr_new(A, EX_CALL, @$); $$->name = "max"; $$->name_sp = @1; $$->items = $3; }
  | '(' expr ')'        { $$ = $2; $$->sp = @$; }
  | '(' error ')'       { $$ = ast_expr_new(A, EX_ERROR, @$); }
  | '{' exprs '}'       { $$ = ast_expr_new(A, EX_SET, @$); $$->items = $2; }
  | BY IDENT '{' cases '}'
                        { $$ = ast_expr_new(A, EX_BY, @$); $$->a = ast_expr_new(A, EX_NAME, @2);
                          $$->a->name = $2; $$->a->name_sp = @2; $$->items = $4; }
  ;

exprs:
    %empty           { memset(&$$, 0, sizeof $$); }
  | expr_list
  | expr_list ','
  ;

expr_list:
    expr                { memset(&$$, 0, sizeof $$); ptrvec_push(A, &$$, $1); }
  | expr_list ',' expr  { $$ = $1; ptrvec_push(A, &$$, $3); }
  ;

cases:
    case_list
  | case_list ','
  ;

case_list:
    case                { memset(&$$, 0, sizeof $$); ptrvec_push(A, &$$, $1); }
  | case_list ',' case  { $$ = $1; ptrvec_push(A, &$$, $3); }
  | case_list error     { $$ = $1; }
  ;

case:
    case_labels ':' expr
      { $$ = arena_alloc(A, sizeof *$$); $$->sp = @$; $$->labels = $1; $$->value = $3; }
  | ELSE ':' expr
      { $$ = arena_alloc(A, sizeof *$$); $$->sp = @$; $$->is_else = 1; $$->value = $3; }
  | ELSE ':' UNSTATED
      { $$ = arena_alloc(A, sizeof *$$); $$->sp = @$; $$->is_else = 1; $$->unstated = 1; }
  ;

case_labels:
    ident                   { memset(&$$, 0, sizeof $$); ptrvec_push(A, &$$, $1); }
  | case_labels '|' ident   { $$ = $1; ptrvec_push(A, &$$, $3); }
  ;

%%

/* "unexpected X, expected Y or Z", showing the token's own text, plus a
** hint for the mistakes analysts make most. */
static int yyreport_syntax_error(const yypcontext_t *pc, yyscan_t scanner, parse_ctx *ctx)
{
  (void)scanner;
  enum { NEXP = 6 };
  yysymbol_kind_t exp[NEXP];
  int n = yypcontext_expected_tokens(pc, exp, NEXP);
  yysymbol_kind_t tok = yypcontext_token(pc);
  const span *loc = yypcontext_location(pc);
  char what[200];
  if (tok == YYSYMBOL_YYEOF)
    snprintf(what, sizeof what, "end of file");
  else {
    unsigned len = loc->end - loc->begin;
    if (len > 60) {
      len = 60;
      while (len > 0 && ((unsigned char)ctx->text[loc->begin + len] & 0xC0) == 0x80)
        len--;   /* never cut a character in two */
    }
    snprintf(what, sizeof what, "%s '%.*s'", yysymbol_name(tok), (int)len, ctx->text + loc->begin);
    if (tok == YYSYMBOL_IDENT || tok == YYSYMBOL_NUMBER || tok == YYSYMBOL_STRING || tok == YYSYMBOL_DATE)
      ;
    else
      snprintf(what, sizeof what, "'%.*s'", (int)len, ctx->text + loc->begin);
  }
  char expected[400] = "";
  if (n > 0 && n < NEXP) {
    size_t k = 0;
    for (int i = 0; i < n && k < sizeof expected; i++)
      k += (size_t)snprintf(expected + k, sizeof expected - k, "%s%s",
                            i == 0 ? "" : i == n - 1 ? " or " : ", ", yysymbol_name(exp[i]));
  }
  if (expected[0])
    diag_error(ctx->diag, *loc, "unexpected %s, expected %s", what, expected);
  else
    diag_error(ctx->diag, *loc, "unexpected %s", what);
  const char *names[NEXP];
  for (int i = 0; i < n && i < NEXP; i++)
    names[i] = yysymbol_name(exp[i]);
  pa_syntax_hint(ctx, tok == YYSYMBOL_YYEOF ? NULL : yysymbol_name(tok), *loc, names, n < NEXP ? n : 0);
  return 0;
}

ast_file *parse_file(arena *a, diag_ctx *d, int file)
{
  parse_ctx ctx = {0};
  ctx.arena = a;
  ctx.diag = d;
  ctx.file = file;
  ctx.text = d->files[file].text;
  ctx.len = d->files[file].len;
  ctx.out = arena_alloc(a, sizeof *ctx.out);
  ctx.out->file = file;
  yyscan_t sc;
  if (polis_yylex_init_extra(&ctx, &sc) != 0)
    return ctx.out;
  YY_BUFFER_STATE buf = polis_yy_scan_bytes(ctx.text, (int)ctx.len, sc);
  polis_yyparse(sc, &ctx);
  polis_yy_delete_buffer(buf, sc);
  polis_yylex_destroy(sc);
  return ctx.out;
}
