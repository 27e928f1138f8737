/* Semantic actions of the parser that are more than one line. */
#ifndef POLIS_PARSE_ACTIONS_H
#define POLIS_PARSE_ACTIONS_H
#include "parse.h"

int pa_date(parse_ctx *ctx, const char *text, span sp, int64_t *out);
int pa_int(parse_ctx *ctx, const char *text, span sp, int64_t *out);
ast_expr *pa_number(parse_ctx *ctx, const char *text, span sp);
ast_expr *pa_fixed(parse_ctx *ctx, ast_ekind kind, const char *text, span numsp, span sp);
void pa_rate_unit(parse_ctx *ctx, ast_expr *e, const char *unit, span usp);
ast_expr *pa_duration(parse_ctx *ctx, const char *text, span numsp, const char *unit,
                      span usp, span sp);
ast_member *pa_member(parse_ctx *ctx, const char *name, const char *label, span sp);
ast_expect_item *pa_xitem(parse_ctx *ctx, ast_expect_kind k, span sp, const char *text,
                          ast_expr *amount);
void pa_dated(parse_ctx *ctx, ast_expr *e, const char *date, span dsp, ast_expr *value);
/* A rule body spans from its first clause (or `pay`) to its end. */
void pa_rule_span(ast_rule *r, span pay, span all);
/* Merge a limit's `for`/`while` clauses into the item of its reason/cite tail. */
ast_item *pa_limit(parse_ctx *ctx, ast_item *scope, ast_item *tail, span sp);
/* tok: name of the unexpected token's kind (NULL at end of file). */
void pa_syntax_hint(parse_ctx *ctx, const char *tok, span loc, const char **expected, int n);
#endif
