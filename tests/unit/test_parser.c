/* The parser (grammar/parser.y): every item kind, operator precedence,
** source spans, syntax errors and recovery. */
#include "testutil.h"

#include "parse.h"
#include "polis_rt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>





/* The expression of `param p = SRC`, which must parse cleanly. */
static ast_expr *expr_of(pt *p, const char *src)
{
  char text[512];
  snprintf(text, sizeof text, "param p = %s\n", src);
  pt_parse(p, text);
  pt_no_diagnostics(p);
  assert_int_equal(p->f->items.n, 1);
  return pt_item(p, 0)->expr;
}

/* The source text a span covers (static buffer). */
static const char *text_of(pt *p, span sp)
{
  static char buf[256];
  const char *t = p->D.files[sp.file].text;
  size_t n = sp.end - sp.begin;
  if (n >= sizeof buf)
    n = sizeof buf - 1;
  memcpy(buf, t + sp.begin, n);
  buf[n] = 0;
  return buf;
}

static void at(pt *p, span sp, int line, int col)
{
  int l, c;
  diag_linecol(&p->D, sp.file, sp.begin, &l, &c);
  if (l != line || c != col)
    fail_msg("span '%s' starts at %d:%d, expected %d:%d", text_of(p, sp), l, c, line, col);
}

static ast_expr *bin(ast_expr *e, int op)
{
  if (e->kind != EX_BIN || e->op != op)
    fail_msg("expected %s, got kind %d op %d", ast_binop_str(op), e->kind, e->op);
  return e;
}

static ast_expr *name(ast_expr *e, const char *n)
{
  assert_int_equal(e->kind, EX_NAME);
  assert_string_equal(e->name, n);
  return e;
}

/* ---- items ------------------------------------------------------------- */

static void test_policy_header(void **state)
{
  (void)state;
  pt p;
  pt_parse(&p,
           "policy yuncheng \"运城市推进职业技能提升培训实施方案\"\n"
           "  city \"运城市\"\n"
           "  source \"运政办发〔2020〕14号\"\n"
           "  issued 2020-04-20\n"
           "  effective 2019-01-01 to 2021-12-31\n");
  pt_no_diagnostics(&p);
  assert_int_equal(p.f->items.n, 1);
  ast_item *it = pt_item(&p, 0);
  assert_int_equal(it->kind, IT_POLICY);
  assert_string_equal(it->name, "yuncheng");
  assert_string_equal(it->label, "运城市推进职业技能提升培训实施方案");
  assert_string_equal(it->city, "运城市");
  assert_string_equal(it->source, "运政办发〔2020〕14号");
  assert_true(it->has_issued);
  assert_int_equal(it->issued, rt_days_from_civil(2020, 4, 20));
  assert_true(it->has_effective);
  assert_int_equal(it->eff_from, rt_days_from_civil(2019, 1, 1));
  assert_int_equal(it->eff_to, rt_days_from_civil(2021, 12, 31));
  at(&p, it->name_sp, 1, 8);
  at(&p, it->sp, 1, 1);
  pt_free(&p);

  /* every attribute is optional */
  pt_parse(&p, "policy bare\n");
  pt_no_diagnostics(&p);
  assert_null(pt_item(&p, 0)->source);
  assert_false(pt_item(&p, 0)->has_issued);
  assert_false(pt_item(&p, 0)->has_effective);
  pt_free(&p);

  pt_parse(&p, "policy p effective 2021-01-01 to 2020-01-01\n");
  assert_int_equal(p.D.errors, 1);
  pt_has_message(&p, "the effective period ends before it starts");
  pt_free(&p);
}

static void test_schema_and_import(void **state)
{
  (void)state;
  pt p;
  pt_parse(&p, "schema claims_v1 \"申领记录 v1\"\nimport \"claims-v1.polis\"\n");
  pt_no_diagnostics(&p);
  assert_int_equal(p.f->items.n, 2);
  assert_int_equal(pt_item(&p, 0)->kind, IT_SCHEMA);
  assert_string_equal(pt_item(&p, 0)->name, "claims_v1");
  assert_string_equal(pt_item(&p, 0)->label, "申领记录 v1");
  assert_int_equal(pt_item(&p, 1)->kind, IT_IMPORT);
  assert_string_equal(pt_item(&p, 1)->label, "claims-v1.polis");
  assert_string_equal(text_of(&p, pt_item(&p, 1)->name_sp), "\"claims-v1.polis\"");
  pt_free(&p);
}

static void test_enum(void **state)
{
  (void)state;
  pt p;
  pt_parse(&p, "enum level \"技能等级\" {\n  none \"无等级\",\n  junior \"初级工\",\n  senior,\n}\n");
  pt_no_diagnostics(&p);
  ast_item *it = pt_item(&p, 0);
  assert_int_equal(it->kind, IT_ENUM);
  assert_string_equal(it->name, "level");
  assert_string_equal(it->label, "技能等级");
  assert_int_equal(it->members.n, 3);
  ast_member *m1 = it->members.v[1];
  assert_string_equal(m1->name, "junior");
  assert_string_equal(m1->label, "初级工");
  at(&p, m1->sp, 3, 3);
  assert_null(((ast_member *)it->members.v[2])->label);
  pt_free(&p);
}

static void test_fields(void **state)
{
  (void)state;
  pt p;
  pt_parse(&p,
           "field claim_id \"申领编号\" : text, required, role claim_id\n"
           "field groups \"人员类别\" : set of group\n"
           "field days \"培训天数\" : days, min 0 days, default end_date - start_date + 1 days\n"
           "field rate : percent, min 0%, max 100%\n");
  pt_no_diagnostics(&p);
  assert_int_equal(p.f->items.n, 4);
  ast_item *f = pt_item(&p, 0);
  assert_int_equal(f->kind, IT_FIELD);
  assert_string_equal(f->name, "claim_id");
  assert_string_equal(f->label, "申领编号");
  assert_string_equal(f->type_name, "text");
  assert_false(f->type_is_set);
  assert_true(f->required);
  assert_string_equal(f->role, "claim_id");
  at(&p, f->type_sp, 1, 25);
  assert_string_equal(text_of(&p, f->type_sp), "text");
  f = pt_item(&p, 1);
  assert_true(f->type_is_set);
  assert_string_equal(f->type_name, "group");
  assert_false(f->required);
  assert_null(f->role);
  f = pt_item(&p, 2);
  assert_non_null(f->min);
  assert_int_equal(f->min->kind, EX_DAYS);
  assert_non_null(f->deflt);
  ast_expr *d = bin(f->deflt, OP_ADD);
  bin(d->a, OP_SUB);
  assert_int_equal(d->b->kind, EX_DAYS);
  assert_string_equal(text_of(&p, f->deflt->sp), "end_date - start_date + 1 days");
  f = pt_item(&p, 3);
  assert_null(f->label);
  assert_int_equal(f->min->ival, 0);
  assert_int_equal(f->max->kind, EX_PERCENT);
  assert_int_equal(f->max->ival, 10000);
  pt_free(&p);
}

static void test_check_and_deny(void **state)
{
  (void)state;
  pt p;
  pt_parse(&p,
           "check end_date >= start_date\n"
           "  reason end_before_start \"培训结束日期早于开始日期\"\n"
           "check hours_online <= hours_total reason online_exceeds_total\n"
           "deny pensioner \"领取养老金人员\" cite \"第2条\" when receives_pension\n"
           "deny minor when age < 16\n");
  pt_no_diagnostics(&p);
  assert_int_equal(p.f->items.n, 4);
  ast_item *c = pt_item(&p, 0);
  assert_int_equal(c->kind, IT_CHECK);
  bin(c->expr, OP_GE);
  assert_string_equal(c->reason, "end_before_start");
  assert_string_equal(c->reason_msg, "培训结束日期早于开始日期");
  at(&p, c->reason_sp, 2, 10);
  assert_null(pt_item(&p, 1)->reason_msg);
  ast_item *d = pt_item(&p, 2);
  assert_int_equal(d->kind, IT_DENY);
  assert_string_equal(d->name, "pensioner");
  assert_string_equal(d->reason, "pensioner");
  assert_string_equal(d->label, "领取养老金人员");
  assert_string_equal(d->reason_msg, "领取养老金人员");
  assert_string_equal(d->cite, "第2条");
  name(d->expr, "receives_pension");
  assert_null(pt_item(&p, 3)->cite);
  bin(pt_item(&p, 3)->expr, OP_LT);
  pt_free(&p);
}

static void test_param_and_category(void **state)
{
  (void)state;
  pt p;
  pt_parse(&p,
           "param living_rate \"生活费补贴标准\" cite \"第3条\" = 15 yuan per day\n"
           "param cap = 1000 yuan\n"
           "category key_group \"就业重点人群\" cite \"第14条\" =\n"
           "  rural_migrant or new_gen_migrant\n");
  pt_no_diagnostics(&p);
  ast_item *it = pt_item(&p, 0);
  assert_int_equal(it->kind, IT_PARAM);
  assert_string_equal(it->name, "living_rate");
  assert_string_equal(it->label, "生活费补贴标准");
  assert_string_equal(it->cite, "第3条");
  assert_int_equal(it->expr->kind, EX_RATE);
  assert_null(pt_item(&p, 1)->label);
  assert_null(pt_item(&p, 1)->cite);
  it = pt_item(&p, 2);
  assert_int_equal(it->kind, IT_CATEGORY);
  assert_string_equal(it->cite, "第14条");
  bin(it->expr, OP_OR);
  at(&p, it->expr->sp, 4, 3);
  pt_free(&p);
}

static void test_benefit_inline(void **state)
{
  (void)state;
  pt p;
  pt_parse(&p,
           "benefit living \"生活费补贴\" cite \"第3条\"\n"
           "  when poor_labor and training_type == project_based\n"
           "  pay person living_rate * days\n"
           "benefit flat \"固定\" pay organizer 300 yuan\n");
  pt_no_diagnostics(&p);
  assert_int_equal(p.f->items.n, 2);
  ast_item *b = pt_item(&p, 0);
  assert_int_equal(b->kind, IT_BENEFIT);
  assert_string_equal(b->name, "living");
  assert_string_equal(b->cite, "第3条");
  assert_int_equal(b->resolve, RES_FIRST);
  assert_int_equal(b->rules.n, 1);
  ast_rule *r = b->rules.v[0];
  /* the inline rule takes the benefit's name, label and citation */
  assert_string_equal(r->name, "living");
  assert_string_equal(r->label, "生活费补贴");
  assert_string_equal(r->cite, "第3条");
  assert_int_equal(r->payee, RT_PAYEE_PERSON);
  bin(r->when, OP_AND);
  bin(r->amount, OP_MUL);
  at(&p, r->sp, 2, 3);
  at(&p, r->amount->sp, 3, 14);
  r = pt_item(&p, 1)->rules.v[0];
  assert_null(r->when);
  assert_int_equal(r->payee, RT_PAYEE_ORGANIZER);
  assert_int_equal(r->amount->kind, EX_MONEY);
  assert_null(r->cite);
  pt_free(&p);
}

static void test_benefit_blocks(void **state)
{
  (void)state;
  pt p;
  pt_parse(&p,
           "benefit a \"甲\" cite \"第1条\" {\n"
           "  rule small \"小\" when fee > 0 yuan pay person 100 yuan\n"
           "  rule big cite \"第2条\" pay organizer 300 yuan\n"
           "}\n"
           "benefit b resolve first { rule one pay person 1 yuan }\n"
           "benefit c resolve max {\n"
           "  rule x pay person 1 yuan\n"
           "  rule y pay person 2 yuan\n"
           "}\n"
           "benefit empty { }\n");
  pt_no_diagnostics(&p);
  assert_int_equal(p.f->items.n, 4);
  ast_item *b = pt_item(&p, 0);
  assert_int_equal(b->rules.n, 2);
  assert_int_equal(b->resolve, RES_FIRST);
  ast_rule *r = b->rules.v[0];
  assert_string_equal(r->name, "small");
  assert_string_equal(r->label, "小");
  assert_null(r->cite);
  bin(r->when, OP_GT);
  at(&p, r->name_sp, 2, 8);
  r = b->rules.v[1];
  assert_string_equal(r->name, "big");
  assert_null(r->label);
  assert_string_equal(r->cite, "第2条");
  assert_null(r->when);
  assert_int_equal(r->payee, RT_PAYEE_ORGANIZER);
  assert_int_equal(pt_item(&p, 1)->resolve, RES_FIRST);
  assert_int_equal(pt_item(&p, 1)->rules.n, 1);
  assert_int_equal(pt_item(&p, 2)->resolve, RES_MAX);
  assert_int_equal(pt_item(&p, 2)->rules.n, 2);
  assert_int_equal(pt_item(&p, 3)->rules.n, 0);
  pt_free(&p);
}

static void test_limit_forms(void **state)
{
  (void)state;
  pt p;
  pt_parse(&p,
           "limit once per person for vet while veteran cite \"第1条\"\n"
           "limit 3 per person while student and hukou_local reason stu \"三次\"\n"
           "limit 2 per person per year while poor_labor for living\n"
           "limit unique (occupation) per person for vet\n");
  pt_no_diagnostics(&p);
  assert_int_equal(p.f->items.n, 4);
  ast_item *l = pt_item(&p, 0);
  assert_int_equal(l->limit_kind, LIM_COUNT);
  assert_int_equal(l->once, 1);
  assert_int_equal(l->limit_n, 1);
  assert_int_equal(l->per_year, 0);
  assert_string_equal(l->scope, "vet");
  at(&p, l->scope_sp, 1, 27);
  assert_int_equal(l->cond->kind, EX_NAME);
  assert_string_equal(l->cite, "第1条");
  l = pt_item(&p, 1);
  assert_int_equal(l->limit_n, 3);
  assert_int_equal(l->per_year, 0);
  assert_null(l->scope);
  assert_int_equal(l->cond->kind, EX_BIN);
  assert_string_equal(l->reason, "stu");
  l = pt_item(&p, 2);
  assert_int_equal(l->per_year, 1);
  assert_string_equal(l->scope, "living");
  l = pt_item(&p, 3);
  assert_int_equal(l->limit_kind, LIM_UNIQUE);
  assert_string_equal(l->scope, "vet");
  pt_free(&p);
}

static void test_new_items(void **state)
{
  (void)state;
  pt p;
  pt_parse(&p,
           "table std \"标准\" cite \"第1条\" from \"s.csv\" key (occupation, level) : money\n"
           "quota q \"计划\" cite \"附件1\" year 2019 by district { \"甲区\": 10, \"乙区\": 20, }\n"
           "param rate \"标准\" = from 2019-01-01: 10 yuan, from 2021-06-01: 20 yuan\n"
           "benefit b \"补贴\" cite \"第3条\" {\n"
           "  rule base \"基本\" pay organizer 100 yuan first 60% rest when class_employment_rate >= 85%\n"
           "  rule ex \"例外\" exception to base during 2019-01-01 to 2019-12-31 when veteran pay person 1 yuan\n"
           "}\n"
           "benefit c \"取证\" pay person by level { junior: 1 yuan, else: unstated }\n");
  pt_no_diagnostics(&p);
  ast_item *t = pt_item(&p, 0);
  assert_int_equal(t->kind, IT_TABLE);
  assert_string_equal(t->path, "s.csv");
  assert_int_equal(t->keys.n, 2);
  assert_string_equal(t->type_name, "money");
  ast_item *q = pt_item(&p, 1);
  assert_int_equal(q->kind, IT_QUOTA);
  assert_int_equal(q->year, 2019);
  assert_string_equal(q->by_field, "district");
  assert_int_equal(q->assigns.n, 2);
  assert_string_equal(((ast_assign *)q->assigns.v[1])->name, "乙区");
  ast_expr *d = pt_item(&p, 2)->expr;
  assert_int_equal(d->kind, EX_DATED);
  assert_int_equal(d->items.n, 2);
  assert_int_equal(((ast_case *)d->items.v[1])->date, rt_days_from_civil(2021, 6, 1));
  ast_item *b = pt_item(&p, 3);
  ast_rule *base = b->rules.v[0], *ex = b->rules.v[1];
  assert_int_equal(base->share->kind, EX_PERCENT);
  assert_int_equal(base->share->ival, 6000);
  assert_int_equal(base->rest_when->kind, EX_BIN);
  assert_null(base->exception_to);
  assert_string_equal(ex->exception_to, "base");
  assert_int_equal(ex->has_during, 1);
  assert_int_equal(ex->during_from, rt_days_from_civil(2019, 1, 1));
  assert_int_equal(ex->during_to, rt_days_from_civil(2019, 12, 31));
  assert_non_null(ex->when);
  at(&p, ex->sp, 6, 3);
  ast_expr *by = ((ast_rule *)pt_item(&p, 4)->rules.v[0])->amount;
  ast_case *els = by->items.v[1];
  assert_int_equal(els->is_else, 1);
  assert_int_equal(els->unstated, 1);
  assert_null(els->value);
  pt_free(&p);
}

static void test_limits(void **state)
{
  (void)state;
  pt p;
  pt_parse(&p,
           "limit 3 per person per year reason yearly_limit\n"
           "  \"每人每年参加补贴性培训不超过3次\" cite \"第15条\"\n"
           "limit unique (occupation, level) per person reason repeat_occupation_level\n"
           "  \"同一职业同一等级不可重复参加\" cite \"第15条\"\n"
           "limit 1 per person per year\n"
           "limit unique (occupation) per person cite \"第9条\"\n");
  pt_no_diagnostics(&p);
  assert_int_equal(p.f->items.n, 4);
  ast_item *l = pt_item(&p, 0);
  assert_int_equal(l->kind, IT_LIMIT);
  assert_int_equal(l->limit_kind, LIM_COUNT);
  assert_int_equal(l->per_year, 1);
  assert_int_equal(l->limit_n, 3);
  assert_string_equal(l->reason, "yearly_limit");
  assert_string_equal(l->reason_msg, "每人每年参加补贴性培训不超过3次");
  assert_string_equal(l->cite, "第15条");
  l = pt_item(&p, 1);
  assert_int_equal(l->limit_kind, LIM_UNIQUE);
  assert_int_equal(l->keys.n, 2);
  assert_string_equal(((ast_ident *)l->keys.v[0])->name, "occupation");
  assert_string_equal(((ast_ident *)l->keys.v[1])->name, "level");
  at(&p, ((ast_ident *)l->keys.v[1])->sp, 3, 27);
  assert_string_equal(l->reason, "repeat_occupation_level");
  l = pt_item(&p, 2);
  assert_int_equal(l->limit_n, 1);
  assert_null(l->reason);
  assert_null(l->cite);
  l = pt_item(&p, 3);
  assert_null(l->reason);
  assert_string_equal(l->cite, "第9条");
  pt_free(&p);

  pt_parse(&p, "limit 3 per person per month\n");
  assert_int_equal(p.D.errors, 1);
  pt_has_message(&p, "t.polis:1:24: error: unknown limit period 'month'");
  pt_has_message(&p, "per person per year");
  pt_free(&p);
}

static void test_given_and_tests(void **state)
{
  (void)state;
  pt p;
  pt_parse(&p,
           "given {\n"
           "  person_id: \"142702198503121235\",\n"
           "  claim_date: 2020-06-30,\n"
           "}\n"
           "test \"第13条 两个申领\" {\n"
           "  given { groups: {rural_migrant}, fee: 500 yuan }\n"
           "  claim a { level: junior }\n"
           "  claim b { level: senior, occupation: \"焊工\" }\n"
           "  expect a granted, person 150 yuan, organizer 0 yuan, rule living\n"
           "  expect b denied, total 0 yuan, reason yearly_limit\n"
           "  expect b rejected, reason bad_id_checksum:person_id\n"
           "}\n"
           "test \"一个申领\" {\n"
           "  claim { }\n"
           "  expect granted\n"
           "}\n");
  pt_no_diagnostics(&p);
  assert_int_equal(p.f->items.n, 3);
  ast_item *g = pt_item(&p, 0);
  assert_int_equal(g->kind, IT_GIVEN);
  assert_int_equal(g->assigns.n, 2);
  ast_assign *a = g->assigns.v[1];
  assert_string_equal(a->name, "claim_date");
  assert_int_equal(a->value->kind, EX_DATE);
  at(&p, a->name_sp, 3, 3);

  ast_item *t = pt_item(&p, 1);
  assert_int_equal(t->kind, IT_TEST);
  assert_string_equal(t->name, "第13条 两个申领");
  assert_int_equal(t->assigns.n, 2);
  assert_int_equal(((ast_assign *)t->assigns.v[0])->value->kind, EX_SET);
  assert_int_equal(t->claims.n, 2);
  ast_claim *c = t->claims.v[1];
  assert_string_equal(c->name, "b");
  assert_int_equal(c->assigns.n, 2);
  assert_int_equal(((ast_assign *)c->assigns.v[1])->value->kind, EX_STR);
  assert_int_equal(t->expects.n, 3);
  ast_expect *x = t->expects.v[0];
  assert_string_equal(x->claim, "a");
  assert_int_equal(x->items.n, 4);
  ast_expect_item *xi = x->items.v[0];
  assert_int_equal(xi->kind, XP_STATUS);
  assert_string_equal(xi->text, "granted");
  xi = x->items.v[1];
  assert_int_equal(xi->kind, XP_PERSON);
  assert_int_equal(xi->amount->ival, 15000);
  xi = x->items.v[2];
  assert_int_equal(xi->kind, XP_ORGANIZER);
  assert_int_equal(xi->amount->ival, 0);
  xi = x->items.v[3];
  assert_int_equal(xi->kind, XP_RULE);
  assert_string_equal(xi->text, "living");
  x = t->expects.v[1];
  assert_string_equal(((ast_expect_item *)x->items.v[0])->text, "denied");
  assert_int_equal(((ast_expect_item *)x->items.v[1])->kind, XP_TOTAL);
  xi = x->items.v[2];
  assert_int_equal(xi->kind, XP_REASON);
  assert_string_equal(xi->text, "yearly_limit");
  x = t->expects.v[2];
  assert_string_equal(((ast_expect_item *)x->items.v[0])->text, "rejected");
  assert_string_equal(((ast_expect_item *)x->items.v[1])->text, "bad_id_checksum:person_id");

  t = pt_item(&p, 2);
  assert_int_equal(t->claims.n, 1);
  assert_null(((ast_claim *)t->claims.v[0])->name);
  assert_null(((ast_expect *)t->expects.v[0])->claim);
  pt_free(&p);
}

/* ---- expressions --------------------------------------------------------- */

static void test_precedence_logic(void **state)
{
  (void)state;
  pt p;
  /* and binds tighter than or */
  ast_expr *e = bin(expr_of(&p, "a or b and c"), OP_OR);
  name(e->a, "a");
  bin(e->b, OP_AND);
  pt_free(&p);

  e = bin(expr_of(&p, "a and b or c"), OP_OR);
  bin(e->a, OP_AND);
  pt_free(&p);

  /* not binds tighter than and, looser than comparisons */
  e = bin(expr_of(&p, "not a and b"), OP_AND);
  assert_int_equal(e->a->kind, EX_NOT);
  name(e->a->a, "a");
  pt_free(&p);

  e = expr_of(&p, "not fee > 3 yuan");
  assert_int_equal(e->kind, EX_NOT);
  bin(e->a, OP_GT);
  pt_free(&p);

  /* left-associative */
  e = bin(expr_of(&p, "a or b or c"), OP_OR);
  bin(e->a, OP_OR);
  name(e->b, "c");
  pt_free(&p);

  /* parentheses */
  e = bin(expr_of(&p, "(a or b) and c"), OP_AND);
  bin(e->a, OP_OR);
  assert_string_equal(text_of(&p, e->a->sp), "(a or b)");
  pt_free(&p);
}

static void test_precedence_comparisons(void **state)
{
  (void)state;
  pt p;
  static const struct { const char *src; int op; } cmp[] = {
    {"a == b", OP_EQ}, {"a != b", OP_NE}, {"a < b", OP_LT},
    {"a <= b", OP_LE}, {"a > b", OP_GT}, {"a >= b", OP_GE},
  };
  for (size_t i = 0; i < sizeof cmp / sizeof cmp[0]; i++) {
    ast_expr *e = bin(expr_of(&p, cmp[i].src), cmp[i].op);
    name(e->a, "a");
    name(e->b, "b");
    pt_free(&p);
  }
  /* arithmetic binds tighter than comparison, comparison than and */
  ast_expr *e = bin(expr_of(&p, "a + 1 > b * 2 and c"), OP_AND);
  ast_expr *gt = bin(e->a, OP_GT);
  bin(gt->a, OP_ADD);
  bin(gt->b, OP_MUL);
  pt_free(&p);

  /* comparisons do not chain */
  pt_parse(&p, "param p = a == b == c\n");
  assert_true(p.D.errors >= 1);
  pt_has_message(&p, "unexpected '=='");
  pt_free(&p);

  /* a single '=' parses as a comparison but is an error */
  pt_parse(&p, "param p = a = b\n");
  assert_int_equal(p.D.errors, 1);
  pt_has_message(&p, "t.polis:1:13: error: '=' is not a comparison");
  pt_has_message(&p, "write '==' to compare");
  bin(pt_item(&p, 0)->expr, OP_EQ);
  pt_free(&p);
}

static void test_precedence_in(void **state)
{
  (void)state;
  pt p;
  ast_expr *e = bin(expr_of(&p, "level in {junior, senior} and veteran"), OP_AND);
  assert_int_equal(e->a->kind, EX_IN);
  assert_int_equal(e->a->op, 0);
  name(e->a->a, "level");
  assert_int_equal(e->a->b->kind, EX_SET);
  assert_int_equal(e->a->b->items.n, 2);
  pt_free(&p);

  e = expr_of(&p, "level not in {none}");
  assert_int_equal(e->kind, EX_IN);
  assert_int_equal(e->op, 1);
  pt_free(&p);

  e = expr_of(&p, "poor_labor in groups");
  assert_int_equal(e->kind, EX_IN);
  name(e->b, "groups");
  pt_free(&p);

  /* not in vs not (a in b) */
  e = expr_of(&p, "not a in b");
  assert_int_equal(e->kind, EX_NOT);
  assert_int_equal(e->a->kind, EX_IN);
  pt_free(&p);

  /* an empty set and a trailing comma */
  e = expr_of(&p, "x in {}");
  assert_int_equal(e->b->items.n, 0);
  pt_free(&p);
  e = expr_of(&p, "x in {a, b,}");
  assert_int_equal(e->b->items.n, 2);
  pt_free(&p);
}

static void test_precedence_arithmetic(void **state)
{
  (void)state;
  pt p;
  ast_expr *e = bin(expr_of(&p, "a + b * c"), OP_ADD);
  bin(e->b, OP_MUL);
  pt_free(&p);

  e = bin(expr_of(&p, "a - b - c"), OP_SUB);
  bin(e->a, OP_SUB);
  name(e->b, "c");
  pt_free(&p);

  e = bin(expr_of(&p, "a * b - c"), OP_SUB);
  bin(e->a, OP_MUL);
  pt_free(&p);

  /* of binds tighter than * and + */
  e = bin(expr_of(&p, "60% of fee + 100 yuan"), OP_ADD);
  ast_expr *of = bin(e->a, OP_OF);
  assert_int_equal(of->a->kind, EX_PERCENT);
  name(of->b, "fee");
  pt_free(&p);

  e = bin(expr_of(&p, "60% of fee * 2"), OP_MUL);
  bin(e->a, OP_OF);
  pt_free(&p);

  e = bin(expr_of(&p, "50% of 60% of fee"), OP_OF);
  bin(e->b, OP_OF);
  pt_free(&p);

  /* unary minus binds tightest */
  e = bin(expr_of(&p, "-a * b"), OP_MUL);
  assert_int_equal(e->a->kind, EX_NEG);
  pt_free(&p);

  e = bin(expr_of(&p, "a - -b"), OP_SUB);
  assert_int_equal(e->b->kind, EX_NEG);
  pt_free(&p);
}

static void test_if_then_else(void **state)
{
  (void)state;
  pt p;
  ast_expr *e = expr_of(&p, "if a and b then 1 yuan else 2 yuan + 3 yuan");
  assert_int_equal(e->kind, EX_IF);
  bin(e->a, OP_AND);
  assert_int_equal(e->b->kind, EX_MONEY);
  /* the else branch extends as far as it can */
  bin(e->c, OP_ADD);
  pt_free(&p);

  e = expr_of(&p, "if a then 1 else if b then 2 else 3");
  assert_int_equal(e->kind, EX_IF);
  assert_int_equal(e->c->kind, EX_IF);
  pt_free(&p);
}

static void test_calls_and_names(void **state)
{
  (void)state;
  pt p;
  ast_expr *e = expr_of(&p, "min(fee, key_group_cap, 3 yuan)");
  assert_int_equal(e->kind, EX_CALL);
  assert_string_equal(e->name, "min");
  assert_int_equal(e->items.n, 3);
  pt_free(&p);

  e = expr_of(&p, "max(a, b)");
  assert_string_equal(e->name, "max");
  pt_free(&p);

  e = expr_of(&p, "year(claim_date) == 2020");
  ast_expr *call = bin(e, OP_EQ)->a;
  assert_int_equal(call->kind, EX_CALL);
  assert_string_equal(call->name, "year");
  assert_int_equal(call->items.n, 1);
  pt_free(&p);

  e = expr_of(&p, "known(class_employment_rate)");
  assert_string_equal(e->name, "known");
  pt_free(&p);

  e = expr_of(&p, "certificate.special_ability");
  assert_int_equal(e->kind, EX_QNAME);
  assert_string_equal(e->name, "certificate");
  assert_string_equal(e->name2, "special_ability");
  at(&p, e->name2_sp, 1, 23);
  pt_free(&p);

  e = expr_of(&p, "\"电工\"");
  assert_int_equal(e->kind, EX_STR);
  assert_string_equal(e->name, "电工");
  pt_free(&p);

  e = expr_of(&p, "false");
  assert_int_equal(e->kind, EX_BOOL);
  assert_int_equal(e->ival, 0);
  pt_free(&p);
}

static void test_by(void **state)
{
  (void)state;
  pt p;
  ast_expr *e = expr_of(&p,
                        "by level {\n"
                        "    special_ability: 150 yuan,\n"
                        "    junior | intermediate: 300 yuan,\n"
                        "    else: 0 yuan,\n"
                        "  }");
  assert_int_equal(e->kind, EX_BY);
  name(e->a, "level");
  assert_int_equal(e->items.n, 3);
  ast_case *c = e->items.v[0];
  assert_false(c->is_else);
  assert_int_equal(c->labels.n, 1);
  assert_string_equal(((ast_ident *)c->labels.v[0])->name, "special_ability");
  assert_int_equal(c->value->ival, 15000);
  c = e->items.v[1];
  assert_int_equal(c->labels.n, 2);
  assert_string_equal(((ast_ident *)c->labels.v[1])->name, "intermediate");
  at(&p, ((ast_ident *)c->labels.v[1])->sp, 3, 14);
  c = e->items.v[2];
  assert_true(c->is_else);
  assert_int_equal(c->labels.n, 0);
  assert_int_equal(e->reason, -1);
  pt_free(&p);

  /* a by-expression is an operand like any other */
  e = bin(expr_of(&p, "by level { junior: 1 yuan } + 2 yuan"), OP_ADD);
  assert_int_equal(e->a->kind, EX_BY);
  pt_free(&p);
}

/* ---- spans ----------------------------------------------------------------- */

static void test_spans(void **state)
{
  (void)state;
  pt p;
  pt_parse(&p,
           "# 注释\n"
           "benefit 取证 \"取证补贴\" cite \"第15条\"\n"
           "  when organizer_free\n"
           "  pay organizer min(fee, 60% of 1000 yuan)\n");
  pt_no_diagnostics(&p);
  ast_item *b = pt_item(&p, 0);
  at(&p, b->sp, 2, 1);
  at(&p, b->name_sp, 2, 9);
  assert_string_equal(text_of(&p, b->name_sp), "取证");
  at(&p, b->cite_sp, 2, 19);
  assert_string_equal(text_of(&p, b->cite_sp), "cite \"第15条\"");
  ast_rule *r = b->rules.v[0];
  at(&p, r->when->sp, 3, 8);
  assert_string_equal(text_of(&p, r->when->sp), "organizer_free");
  ast_expr *m = r->amount;
  assert_string_equal(text_of(&p, m->sp), "min(fee, 60% of 1000 yuan)");
  at(&p, m->sp, 4, 17);
  ast_expr *share = m->items.v[1];
  assert_string_equal(text_of(&p, share->sp), "60% of 1000 yuan");
  assert_string_equal(text_of(&p, share->b->sp), "1000 yuan");
  at(&p, share->b->sp, 4, 33);
  /* the item's span ends with its last token */
  assert_int_equal(b->sp.end, m->sp.end);
  pt_free(&p);
}

/* ---- syntax errors ------------------------------------------------------- */

static void test_syntax_error_messages(void **state)
{
  (void)state;
  pt p;
  pt_parse(&p, "field count \"次数\" int\n");
  assert_int_equal(p.D.errors, 1);
  pt_has_message(&p, "t.polis:1:18: error: unexpected name 'int', expected ':'");
  pt_free(&p);

  pt_parse(&p, "benfit a \"甲\" pay person 1 yuan\n");
  assert_true(p.D.errors >= 1);
  pt_has_message(&p, "t.polis:1:1: error: unexpected name 'benfit'");
  pt_has_message(&p, "did you mean the keyword 'benefit'?");
  pt_free(&p);

  pt_parse(&p, "benefit a \"甲\"\n  pay 100 yuan\n");
  assert_int_equal(p.D.errors, 1);
  pt_has_message(&p, "t.polis:2:7: error: unexpected number '100', expected person or organizer");
  pt_has_message(&p, "say who is paid: 'pay person …' or 'pay organizer …'");
  pt_free(&p);

  pt_parse(&p, "enum color { red, green");
  assert_int_equal(p.D.errors, 1);
  pt_has_message(&p, "error: unexpected end of file, expected '}' or ','");
  pt_free(&p);

  pt_parse(&p, "param p = )\n");
  assert_int_equal(p.D.errors, 1);
  pt_has_message(&p, "t.polis:1:11: error: unexpected ')'\n");
  pt_free(&p);

  pt_parse(&p, "enum e { a } enum f \"F\" \"G\" { b }\n");
  assert_int_equal(p.D.errors, 1);
  pt_has_message(&p, "unexpected string '\"G\"'");
  pt_free(&p);
}

/* Several syntax errors in different items are all reported, and the good
** items around them are still in the AST. */
static void test_error_recovery(void **state)
{
  (void)state;
  pt p;
  pt_parse(&p,
           "enum good1 { a, b }\n"
           "field bad1 \"坏\" int\n"
           "param good2 = 1000 yuan\n"
           "benefit bad2 \"坏\"\n"
           "  pay 100 yuan\n"
           "benefit good3 \"好\" cite \"第1条\"\n"
           "  when fee > 0 yuan\n"
           "  pay person min(fee, good2)\n"
           "enum bad3 { red green }\n"
           "limit 3 per person per year cite \"第2条\"\n"
           "test \"t\" {\n"
           "  claim { fee: 1 yuan, level junior }\n"
           "  claim c2 { fee: 1 yuan }\n"
           "  expect c2 granted\n"
           "}\n");
  assert_true(p.D.errors >= 4);
  pt_has_message(&p, "t.polis:2:16: error");
  pt_has_message(&p, "t.polis:5:7: error");
  pt_has_message(&p, "t.polis:9:17: error");
  pt_has_message(&p, "t.polis:12:30: error");
  int seen_good1 = 0, seen_good2 = 0, seen_good3 = 0, seen_limit = 0, seen_test = 0;
  for (int i = 0; i < p.f->items.n; i++) {
    ast_item *it = pt_item(&p, i);
    if (it->kind == IT_ENUM && !strcmp(it->name, "good1"))
      seen_good1 = it->members.n == 2;
    if (it->kind == IT_PARAM && !strcmp(it->name, "good2"))
      seen_good2 = 1;
    if (it->kind == IT_BENEFIT && !strcmp(it->name, "good3"))
      seen_good3 = it->rules.n == 1 && ((ast_rule *)it->rules.v[0])->when != NULL;
    if (it->kind == IT_LIMIT)
      seen_limit = it->limit_n == 3;
    if (it->kind == IT_TEST)
      seen_test = it->claims.n >= 1 && it->expects.n == 1;
    /* nothing half-parsed from the broken items is kept as an item */
    assert_true(it->name == NULL || strncmp(it->name, "bad", 3) != 0 || it->kind == IT_ENUM);
  }
  assert_true(seen_good1);
  assert_true(seen_good2);
  assert_true(seen_good3);
  assert_true(seen_limit);
  assert_true(seen_test);
  pt_free(&p);
}

/* Recovery inside rule blocks: a broken rule does not lose its neighbours. */
static void test_error_recovery_in_rules(void **state)
{
  (void)state;
  pt p;
  pt_parse(&p,
           "benefit b \"B\" {\n"
           "  rule one pay person 1 yuan\n"
           "  rule two when pay person 2 yuan\n"
           "  rule three pay person 3 yuan\n"
           "}\n"
           "param after = 1\n");
  assert_true(p.D.errors >= 1);
  pt_has_message(&p, "t.polis:3:17: error: unexpected 'pay'");
  ast_item *b = NULL, *after = NULL;
  for (int i = 0; i < p.f->items.n; i++) {
    if (pt_item(&p, i)->kind == IT_BENEFIT)
      b = pt_item(&p, i);
    if (pt_item(&p, i)->kind == IT_PARAM)
      after = pt_item(&p, i);
  }
  assert_non_null(b);
  assert_non_null(after);
  int one = 0, three = 0;
  for (int i = 0; i < b->rules.n; i++) {
    ast_rule *r = b->rules.v[i];
    one |= !strcmp(r->name, "one");
    three |= !strcmp(r->name, "three");
  }
  assert_true(one);
  assert_true(three);
  pt_free(&p);
}

/* The parse of a whole real policy is clean. */
static void test_real_policy_parses(void **state)
{
  (void)state;
  size_t n;
  char *text = tu_read_file(tu_src_path("policies/yuncheng.polis"), &n);
  assert_non_null(text);
  pt p;
  pt_parse(&p, text);
  free(text);
  pt_no_diagnostics(&p);
  int kinds[IT_TEST + 1] = {0};
  for (int i = 0; i < p.f->items.n; i++)
    kinds[pt_item(&p, i)->kind]++;
  assert_int_equal(kinds[IT_POLICY], 1);
  assert_int_equal(kinds[IT_IMPORT], 1);
  assert_int_equal(kinds[IT_CATEGORY], 2);
  assert_int_equal(kinds[IT_PARAM], 3);
  assert_int_equal(kinds[IT_BENEFIT], 4);
  assert_int_equal(kinds[IT_LIMIT], 2);
  assert_int_equal(kinds[IT_GIVEN], 1);
  assert_true(kinds[IT_TEST] >= 10);
  pt_free(&p);

  text = tu_read_file(tu_src_path("policies/claims-v1.polis"), &n);
  pt_parse(&p, text);
  free(text);
  pt_no_diagnostics(&p);
  int fields = 0, checks = 0;
  for (int i = 0; i < p.f->items.n; i++) {
    fields += pt_item(&p, i)->kind == IT_FIELD;
    checks += pt_item(&p, i)->kind == IT_CHECK;
  }
  assert_true(fields >= 26);
  assert_int_equal(checks, 2);
  pt_free(&p);
}

/* A category or param without '=' gets a hint. */
static void test_category_missing_equals_help(void **state)
{
  (void)state;
  pt p;
  pt_parse(&p, "category key \"重点\" cite \"第1条\" rural_migrant\n");
  assert_int_equal(p.D.errors, 1);
  pt_has_message(&p, "t.polis:1:30: error: unexpected name 'rural_migrant', expected '='");
  pt_has_message(&p, "a category or param is defined with '='");
  pt_free(&p);
}

#if 0
/* BUG (reported, not fixed): a syntax error inside the first claim of a
** test recovers through `test_body error`, which resynchronises on the
** claim's own '}' and closes the whole test there; the remaining claims
** and expectations are silently dropped and sema then reports "test has no
** claim" and "test has no expectation" for a test that has both. */
static void test_error_recovery_in_claims(void **state)
{
  (void)state;
  pt p;
  pt_parse(&p,
           "test \"t\" {\n"
           "  claim a { fee 100 yuan }\n"
           "  claim b { fee: 1 yuan }\n"
           "  expect b granted\n"
           "}\n");
  assert_int_equal(p.D.errors, 1);
  ast_item *t = pt_item(&p, 0);
  assert_int_equal(t->kind, IT_TEST);
  assert_int_equal(t->expects.n, 1);
  pt_free(&p);
}
#endif

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_policy_header),
    cmocka_unit_test(test_schema_and_import),
    cmocka_unit_test(test_enum),
    cmocka_unit_test(test_fields),
    cmocka_unit_test(test_check_and_deny),
    cmocka_unit_test(test_param_and_category),
    cmocka_unit_test(test_benefit_inline),
    cmocka_unit_test(test_benefit_blocks),
    cmocka_unit_test(test_limits),
    cmocka_unit_test(test_limit_forms),
    cmocka_unit_test(test_new_items),
    cmocka_unit_test(test_given_and_tests),
    cmocka_unit_test(test_precedence_logic),
    cmocka_unit_test(test_precedence_comparisons),
    cmocka_unit_test(test_precedence_in),
    cmocka_unit_test(test_precedence_arithmetic),
    cmocka_unit_test(test_if_then_else),
    cmocka_unit_test(test_calls_and_names),
    cmocka_unit_test(test_by),
    cmocka_unit_test(test_spans),
    cmocka_unit_test(test_syntax_error_messages),
    cmocka_unit_test(test_error_recovery),
    cmocka_unit_test(test_error_recovery_in_rules),
    cmocka_unit_test(test_real_policy_parses),
    cmocka_unit_test(test_category_missing_equals_help),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
