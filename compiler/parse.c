/* Helpers for the scanner and the parser's semantic actions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "parse.h"
#include "parse_actions.h"
#include "polis_rt.h"

unsigned lex_codepoint(const char *s)
{
  unsigned cp;
  utf8_decode(s, strlen(s), &cp);
  return cp;
}

char *lex_unescape(parse_ctx *ctx, const char *s, size_t n, span sp)
{
  char *out = arena_alloc(ctx->arena, n + 1);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] != '\\' || i + 1 == n) {
      out[k++] = s[i];
      continue;
    }
    char c = s[++i];
    switch (c) {
    case 'n': out[k++] = '\n'; break;
    case 't': out[k++] = '\t'; break;
    case '\\': out[k++] = '\\'; break;
    case '"': out[k++] = '"'; break;
    default: {
      span esp = {sp.file, sp.begin + 1 + (unsigned)i - 1, sp.begin + 1 + (unsigned)i + 1};
      diag_error(ctx->diag, esp, "unknown escape '\\%c' in string", c);
      diag_help(ctx->diag, "known escapes are \\n \\t \\\\ \\\"");
      out[k++] = c;
    }
    }
  }
  out[k] = 0;
  return out;
}

int lex_distance(const char *a, const char *b)
{
  size_t la = strlen(a), lb = strlen(b);
  if (la > 64 || lb > 64)
    return 99;
  int row[65];
  for (size_t j = 0; j <= lb; j++)
    row[j] = (int)j;
  for (size_t i = 1; i <= la; i++) {
    int prev = row[0];
    row[0] = (int)i;
    for (size_t j = 1; j <= lb; j++) {
      int cur = row[j];
      int sub = prev + (a[i - 1] != b[j - 1]);
      int del = row[j] + 1, ins = row[j - 1] + 1;
      row[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
      prev = cur;
    }
  }
  return row[lb];
}

static const char *const keywords[] = {
  "policy", "schema", "import", "enum", "field", "check", "reason", "param",
  "category", "benefit", "rule", "when", "pay", "by", "else", "if", "then",
  "and", "or", "not", "in", "of", "per", "limit", "unique", "test", "claim",
  "expect", "given", "cite", "source", "issued", "effective", "to", "city",
  "role", "required", "default", "min", "max", "set", "deny", "resolve",
  "first", "true", "false", "yuan", "person", "organizer", "granted",
  "denied", "rejected", "total", "table", "from", "during",
  "exception", "unstated", "rest", "once", "while", "quota", "for", NULL};

const char *lex_keyword_like(const char *word)
{
  const char *best = NULL;
  int bestd = 3;
  for (int i = 0; keywords[i]; i++) {
    int d = lex_distance(word, keywords[i]);
    if (d < bestd && d * 3 <= (int)strlen(keywords[i])) {
      bestd = d;
      best = keywords[i];
    }
  }
  return best;
}

/* ---- numbers, dates, units ---------------------------------------------- */

int pa_date(parse_ctx *ctx, const char *text, span sp, int64_t *out)
{
  if (rt_parse_date(text, strlen(text), out) == 0) {
    diag_error(ctx->diag, sp, "'%s' is not a date on the calendar", text);
    *out = 0;
    return 0;
  }
  return 1;
}

int pa_int(parse_ctx *ctx, const char *text, span sp, int64_t *out)
{
  int64_t v = 0;
  for (const char *p = text; *p; p++) {
    if (*p == '.') {
      diag_error(ctx->diag, sp, "'%s' must be a whole number here", text);
      *out = v;
      return 0;
    }
    if (v > (INT64_MAX - 9) / 10) {
      diag_error(ctx->diag, sp, "number '%s' is too large", text);
      *out = 0;
      return 0;
    }
    v = v * 10 + (*p - '0');
  }
  *out = v;
  return 1;
}

/* Decimal text with at most two decimals, scaled by 100 (fen, basis points). */
static int fixed2(const char *text, int64_t *out)
{
  int64_t v = 0;
  int decimals = -1;
  for (const char *p = text; *p; p++) {
    if (*p == '.') {
      decimals = 0;
      continue;
    }
    if (decimals >= 0 && ++decimals > 2)
      return -1;
    if (v > INT64_MAX / 1000)
      return -2;
    v = v * 10 + (*p - '0');
  }
  for (int d = decimals < 0 ? 0 : decimals; d < 2; d++)
    v *= 10;
  *out = v;
  return 0;
}

ast_expr *pa_number(parse_ctx *ctx, const char *text, span sp)
{
  ast_expr *e = ast_expr_new(ctx->arena, EX_INT, sp);
  if (strchr(text, '.')) {
    diag_error(ctx->diag, sp, "'%s' has decimals but no unit", text);
    diag_help(ctx->diag, "amounts of money are written with a unit, e.g. '%s yuan'; shares as '%s%%'",
              text, text);
    e->kind = EX_ERROR;
    return e;
  }
  pa_int(ctx, text, sp, &e->ival);
  return e;
}

ast_expr *pa_fixed(parse_ctx *ctx, ast_ekind kind, const char *text, span numsp, span sp)
{
  ast_expr *e = ast_expr_new(ctx->arena, kind, sp);
  int r = fixed2(text, &e->ival);
  if (r == -1) {
    if (kind == EX_PERCENT)
      diag_error(ctx->diag, numsp, "percentage '%s%%' has more than two decimals", text);
    else
      diag_error(ctx->diag, numsp, "amount '%s' has more than two decimals; money is exact to the fen (0.01 yuan)", text);
  } else if (r == -2)
    diag_error(ctx->diag, numsp, "number '%s' is too large", text);
  return e;
}

static int is_day_unit(const char *u)
{
  return !strcmp(u, "day") || !strcmp(u, "days") || !strcmp(u, "天");
}

void pa_rate_unit(parse_ctx *ctx, ast_expr *e, const char *unit, span usp)
{
  e->name = unit;
  if (!is_day_unit(unit)) {
    diag_error(ctx->diag, usp, "unknown rate unit '%s'", unit);
    diag_help(ctx->diag, "amounts per day are written '15 yuan per day'");
  }
}

ast_expr *pa_duration(parse_ctx *ctx, const char *text, span numsp, const char *unit,
                      span usp, span sp)
{
  ast_expr *e = pa_number(ctx, text, numsp);
  if (e->kind == EX_ERROR)
    return e;
  e->sp = sp;
  if (is_day_unit(unit))
    e->kind = EX_DAYS;
  else if (!strcmp(unit, "months") || !strcmp(unit, "month") || !strcmp(unit, "个月"))
    e->kind = EX_INT;   /* month counts are plain ints in claims-v1 */
  else {
    const char *near = lex_distance(unit, "yuan") <= 2 ? "yuan" : NULL;
    diag_error(ctx->diag, usp, "unknown unit '%s' after a number", unit);
    if (near)
      diag_help(ctx->diag, "did you mean '%s %s'?", text, near);
    else
      diag_help(ctx->diag, "units are yuan (元), %%, days (天) and months (个月)");
    e->kind = EX_ERROR;
  }
  return e;
}

ast_member *pa_member(parse_ctx *ctx, const char *name, const char *label, span sp)
{
  ast_member *m = arena_alloc(ctx->arena, sizeof *m);
  m->name = name;
  m->label = label;
  m->sp = sp;
  return m;
}

void pa_dated(parse_ctx *ctx, ast_expr *e, const char *date, span dsp, ast_expr *value)
{
  ast_case *c = arena_alloc(ctx->arena, sizeof *c);
  c->sp = dsp;
  c->value = value;
  pa_date(ctx, date, dsp, &c->date);
  ptrvec_push(ctx->arena, &e->items, c);
}

void pa_rule_span(ast_rule *r, span pay, span all)
{
  unsigned begin = r->sp.file < 0 ? pay.begin : r->sp.begin;
  r->sp = all;
  r->sp.begin = begin;
}

ast_item *pa_limit(parse_ctx *ctx, ast_item *scope, ast_item *tail, span sp)
{
  (void)ctx;
  tail->sp = sp;
  tail->scope = scope->scope;
  tail->scope_sp = scope->scope_sp;
  tail->cond = scope->cond;
  return tail;
}

ast_expect_item *pa_xitem(parse_ctx *ctx, ast_expect_kind k, span sp, const char *text,
                          ast_expr *amount)
{
  ast_expect_item *x = arena_alloc(ctx->arena, sizeof *x);
  x->kind = k;
  x->sp = sp;
  x->text = text;
  x->amount = amount;
  return x;
}

static int expects(const char **expected, int n, const char *name)
{
  for (int i = 0; i < n; i++)
    if (!strcmp(expected[i], name))
      return 1;
  return 0;
}

void pa_syntax_hint(parse_ctx *ctx, const char *tok, span loc, const char **expected, int n)
{
  if (tok && !strcmp(tok, "name")) {
    char word[80];
    unsigned len = loc.end - loc.begin;
    if (len >= sizeof word)
      len = sizeof word - 1;
    memcpy(word, ctx->text + loc.begin, len);
    word[len] = 0;
    const char *kw = lex_keyword_like(word);
    if (kw) {
      diag_help(ctx->diag, "did you mean the keyword '%s'?", kw);
      return;
    }
  }
  if (expects(expected, n, "person") && expects(expected, n, "organizer")) {
    diag_help(ctx->diag, "say who is paid: 'pay person …' or 'pay organizer …'");
    return;
  }
  if (tok && !strcmp(tok, "name") && expects(expected, n, "'='"))
    diag_help(ctx->diag, "a category or param is defined with '=': category NAME \"label\" cite \"…\" = …");
}
