/* Semantic analysis (compiler/sema.c) through unit_load: name resolution,
** enum member disambiguation, types and units, `by` exhaustiveness,
** citations, duplicates, cycles, computed defaults and the descriptor. */
#include "testutil.h"

#include "cg.h"
#include "compile.h"
#include "polis_rt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef cu su;

static int g_werror;   /* diag werror for the next load */

static const char HEADER[] = "policy t \"测试\" city \"测试市\" source \"测试〔2020〕1号\"";

static void su_load(su *s, const char *body) { cu_load(s, HEADER, body, g_werror); }
static void su_load_text(su *s, const char *body, int policy) { cu_load(s, policy ? HEADER : NULL, body, g_werror); }
static void su_free(su *s) { cu_free(s); }

static void clean(su *s)
{
  if (s->rc != 0 || s->D.errors || s->D.warnings)
    fail_msg("unexpected diagnostics:\n%s", s->buf);
  assert_non_null(s->m);
}

static void has_message(su *s, const char *text) { cu_has(s, text); }
static void lacks_message(su *s, const char *text) { cu_lacks(s, text); }

static void errors(su *s, int n)
{
  if (s->D.errors != n)
    fail_msg("expected %d errors, got %d:\n%s", n, s->D.errors, s->buf);
  if (n)
    assert_int_not_equal(s->rc, 0);
}

static void warnings(su *s, int n)
{
  if (s->D.warnings != n)
    fail_msg("expected %d warnings, got %d:\n%s", n, s->D.warnings, s->buf);
}

/* The last item of the loaded program (the policy file's last item). */
static ast_item *last_item(su *s, ast_ikind kind)
{
  for (int i = s->m->items.n - 1; i >= 0; i--) {
    ast_item *it = s->m->items.v[i];
    if (it->kind == kind)
      return it;
  }
  fail_msg("no item of kind %d", kind);
  return NULL;
}

static ast_rule *rule_named(su *s, const char *name)
{
  for (int i = 0; i < s->m->rules.n; i++) {
    sema_rule *r = s->m->rules.v[i];
    if (!strcmp(r->ast->name, name))
      return r->ast;
  }
  fail_msg("no rule %s", name);
  return NULL;
}

static sema_enum *enum_named(su *s, const char *name)
{
  for (int i = 0; i < s->m->enums.n; i++)
    if (!strcmp(((sema_enum *)s->m->enums.v[i])->name, name))
      return s->m->enums.v[i];
  fail_msg("no enum %s", name);
  return NULL;
}

static int member_idx(su *s, const char *en, const char *name)
{
  sema_enum *e = enum_named(s, en);
  for (int i = 0; i < e->members.n; i++)
    if (!strcmp(((ast_member *)e->members.v[i])->name, name))
      return i;
  fail_msg("no member %s.%s", en, name);
  return -1;
}

/* ---- the schema and a real policy ---------------------------------------- */

static void test_real_policy_model(void **state)
{
  (void)state;
  su s;
  memset(&s, 0, sizeof s);
  s.out = open_memstream(&s.buf, &s.len);
  diag_init(&s.D, s.out);
  s.rc = unit_load(&s.u, &s.D, tu_src_path("policies/yuncheng.polis"));
  fflush(s.out);
  s.m = s.u.model;
  assert_int_equal(s.rc, 0);
  errors(&s, 0);
  warnings(&s, 0);   /* `polis check` is clean on every city */
  sema_model *m = s.m;
  assert_non_null(m->policy);
  assert_string_equal(m->policy->name, "yuncheng");
  assert_int_equal(m->enums.n, 5);
  assert_int_equal(m->fields.n, 26);
  assert_true(m->categories.n >= 2);
  assert_true(m->params.n >= 3);
  assert_true(m->benefits.n >= 4);
  assert_true(m->rules.n >= 4);
  assert_int_equal(m->checks.n, 2);
  assert_true(m->limits.n >= 2);
  assert_int_equal(m->givens.n, 1);
  assert_true(m->tests.n >= 10);
  assert_true(m->effective_reason >= 0);
  assert_int_equal(strlen(m->source_hash), 64);
  /* bare article citations cite the policy's own document */
  sema_rule *r = m->rules.v[0];
  assert_string_equal(r->cite, "运政办发〔2020〕14号 第3条");
  /* roles */
  assert_int_equal(sema_find_field(m, "claim_id")->role, RT_ROLE_CLAIM_ID);
  assert_int_equal(sema_find_field(m, "person_id")->role, RT_ROLE_PERSON_ID);
  assert_int_equal(sema_find_field(m, "claim_date")->role, RT_ROLE_CLAIM_DATE);
  su_free(&s);
}

static void test_field_types_and_defaults(void **state)
{
  (void)state;
  su s;
  su_load(&s, "");
  clean(&s);
  sema_model *m = s.m;
  static const struct { const char *name; rt_type rtt; ty_kind k; } want[] = {
    {"claim_id", RT_TEXT, TY_TEXT},        {"person_id", RT_RESIDENT_ID, TY_RESID},
    {"claim_date", RT_DATE, TY_DATE},      {"groups", RT_SET, TY_SET},
    {"hukou_local", RT_BOOL, TY_BOOL},     {"residence_months", RT_INT, TY_INT},
    {"training_type", RT_ENUM, TY_ENUM},   {"days", RT_DAYS, TY_DAYS},
    {"fee", RT_MONEY, TY_MONEY},           {"class_employment_rate", RT_PERCENT, TY_PERCENT},
  };
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
    sema_field *f = sema_find_field(m, want[i].name);
    assert_non_null(f);
    assert_int_equal(f->rtt, want[i].rtt);
    assert_int_equal(f->type.k, want[i].k);
  }
  /* fields are indexed in schema order */
  for (int i = 0; i < m->fields.n; i++)
    assert_int_equal(((sema_field *)m->fields.v[i])->index, i);
  assert_int_equal(sema_find_field(m, "claim_id")->index, 0);
  assert_null(sema_find_field(m, "nope"));
  /* required fields */
  assert_true(sema_find_field(m, "claim_date")->flags & RT_FIELD_REQUIRED);
  assert_false(sema_find_field(m, "fee")->flags & RT_FIELD_REQUIRED);
  /* constant defaults become cells */
  assert_string_equal(sema_find_field(m, "hukou_local")->default_text, "true");
  assert_string_equal(sema_find_field(m, "receives_pension")->default_text, "false");
  assert_string_equal(sema_find_field(m, "residence_months")->default_text, "0");
  assert_string_equal(sema_find_field(m, "fee")->default_text, "0.00");
  assert_string_equal(sema_find_field(m, "level")->default_text, "none");
  assert_string_equal(sema_find_field(m, "organizer_type")->default_text, "private_institution");
  assert_null(sema_find_field(m, "class_employment_rate")->default_text);
  /* a computed default (days = end_date - start_date + 1 days) */
  sema_field *days = sema_find_field(m, "days");
  assert_true(days->flags & RT_FIELD_COMPUTED);
  assert_null(days->default_text);
  assert_non_null(days->deflt);
  assert_int_equal(days->deflt->ty.k, TY_DAYS);
  assert_true(days->has_min);
  assert_int_equal(days->min, 0);
  assert_false(sema_find_field(m, "fee")->flags & RT_FIELD_COMPUTED);
  /* bounds in storage units */
  sema_field *rate = sema_find_field(m, "class_employment_rate");
  assert_true(rate->has_min && rate->has_max);
  assert_int_equal(rate->max, 10000);
  assert_int_equal(sema_find_field(m, "fee")->min, 0);
  /* schema checks are reject reasons */
  assert_int_equal(m->checks.n, 2);
  int r = sema_find_reason(m, "end_before_start");
  assert_true(r >= 0);
  assert_int_equal(((sema_reason *)m->reasons.v[r])->kind, RT_REASON_REJECT);
  assert_string_equal(((sema_reason *)m->reasons.v[r])->message, "培训结束日期早于开始日期");
  su_free(&s);
}

/* A computed default may use another computed default. */
static void test_computed_default_chain(void **state)
{
  (void)state;
  su s;
  su_load_text(&s,
               "field start \"开始\" : date\n"
               "field stop \"结束\" : date\n"
               "field span_days \"天数\" : days, default stop - start\n"
               "field weeks \"周数\" : int, default 7\n"
               "field sum_days \"总计\" : days, default span_days + 1 days\n", 0);
  clean(&s);
  assert_true(sema_find_field(s.m, "span_days")->flags & RT_FIELD_COMPUTED);
  assert_true(sema_find_field(s.m, "sum_days")->flags & RT_FIELD_COMPUTED);
  assert_false(sema_find_field(s.m, "weeks")->flags & RT_FIELD_COMPUTED);
  su_free(&s);

  su_load_text(&s,
               "field a \"甲\" : int, default b + 1\n"
               "field b \"乙\" : int, default c * 2\n"
               "field c \"丙\" : int, default a\n", 0);
  errors(&s, 1);
  has_message(&s, "the default of 'a' depends on itself");
  su_free(&s);
}

/* ---- name resolution --------------------------------------------------------- */

static void test_name_resolution(void **state)
{
  (void)state;
  su s;
  su_load(&s,
          "category key \"重点\" cite \"1\" = rural_migrant or college_grad\n"
          "param cap \"上限\" cite \"1\" = 1000 yuan\n"
          "benefit a \"甲\" cite \"1\"\n"
          "  when key and hukou_local and veteran and training_type == pre_job\n"
          "  pay person min(fee, cap)\n");
  clean(&s);
  ast_rule *r = rule_named(&s, "a");
  /* ((key and hukou_local) and veteran) and (training_type == pre_job) */
  ast_expr *w = r->when;
  ast_expr *eq = w->b;
  ast_expr *vet = w->a->b;
  ast_expr *hl = w->a->a->b;
  ast_expr *key = w->a->a->a;
  assert_int_equal(key->bind, BIND_CATEGORY);
  assert_int_equal(key->ty.k, TY_BOOL);
  assert_int_equal(hl->bind, BIND_FIELD);
  assert_int_equal(hl->bind_idx, sema_find_field(s.m, "hukou_local")->index);
  /* a bare group name means "the claim's groups contain it" */
  assert_int_equal(vet->bind, BIND_MEMBERSHIP);
  assert_int_equal(vet->ty.k, TY_BOOL);
  assert_int_equal(vet->membership_field, sema_find_field(s.m, "groups")->index);
  assert_int_equal(vet->bind_idx, member_idx(&s, "group", "veteran"));
  /* the other side of == picks the enum */
  assert_int_equal(eq->b->bind, BIND_MEMBER);
  assert_ptr_equal(eq->b->bind_ptr, enum_named(&s, "training_type"));
  assert_int_equal(eq->b->bind_idx, member_idx(&s, "training_type", "pre_job"));
  /* params */
  ast_expr *cap = r->amount->items.v[1];
  assert_int_equal(cap->bind, BIND_PARAM);
  assert_int_equal(cap->ty.k, TY_MONEY);
  assert_int_equal(r->amount->ty.k, TY_MONEY);
  su_free(&s);
}

/* Uses may come before definitions. */
static void test_use_before_definition(void **state)
{
  (void)state;
  su s;
  su_load(&s,
          "benefit a \"甲\" cite \"1\" when key pay person cap\n"
          "category key \"重点\" cite \"1\" = veteran\n"
          "param cap \"上限\" cite \"1\" = 100 yuan\n");
  clean(&s);
  su_free(&s);
}

static void test_unknown_name_suggestion(void **state)
{
  (void)state;
  su s;
  su_load(&s, "benefit a \"甲\" cite \"1\" when organiser_free pay person 1 yuan\n");
  errors(&s, 1);
  has_message(&s, "error: unknown name 'organiser_free'");
  has_message(&s, "help: did you mean 'organizer_free'?");
  su_free(&s);

  /* categories, params and members are suggested too */
  su_load(&s,
          "param key_cap \"上限\" cite \"1\" = 100 yuan\n"
          "benefit a \"甲\" cite \"1\" when vetran pay person key_cap + keycap\n");
  errors(&s, 2);
  has_message(&s, "did you mean 'veteran'?");
  has_message(&s, "did you mean 'key_cap'?");
  su_free(&s);

  /* nothing close: no suggestion */
  su_load(&s, "benefit a \"甲\" cite \"1\" when xyzzy pay person 1 yuan\n");
  errors(&s, 1);
  has_message(&s, "unknown name 'xyzzy'");
  lacks_message(&s, "did you mean");
  su_free(&s);

  /* test claims: unknown field */
  su_load(&s,
          "benefit a \"甲\" cite \"1\" pay person 1 yuan\n"
          "test \"t\" { claim { fees: 1 yuan } expect granted }\n");
  errors(&s, 1);
  has_message(&s, "unknown field 'fees'");
  has_message(&s, "did you mean 'fee'?");
  su_free(&s);
}

/* `none` and `special_ability` are members of both level and certificate:
** the context decides, and without one it is an error. */
static void test_member_ambiguity(void **state)
{
  (void)state;
  su s;
  su_load(&s,
          "benefit a \"甲\" cite \"1\"\n"
          "  when level != none and certificate != none\n"
          "   and certificate in {special_ability, skill_level} and special_ability == level\n"
          "  pay person by certificate { special_ability: 1 yuan, else: 2 yuan }\n");
  clean(&s);
  ast_rule *r = rule_named(&s, "a");
  ast_expr *w = r->when;     /* ((l != none and c != none) and c in {...}) and sa == level */
  ast_expr *lv = w->a->a->a;  /* level != none */
  ast_expr *ce = w->a->a->b;
  ast_expr *in = w->a->b;
  ast_expr *rev = w->b;
  assert_ptr_equal(lv->b->bind_ptr, enum_named(&s, "level"));
  assert_int_equal(lv->b->bind_idx, member_idx(&s, "level", "none"));
  assert_ptr_equal(ce->b->bind_ptr, enum_named(&s, "certificate"));
  ast_expr *sa = in->b->items.v[0];
  assert_ptr_equal(sa->bind_ptr, enum_named(&s, "certificate"));
  assert_int_equal(sa->bind_idx, member_idx(&s, "certificate", "special_ability"));
  /* a bare member on the left takes its enum from the right */
  assert_ptr_equal(rev->a->bind_ptr, enum_named(&s, "level"));
  assert_int_equal(rev->a->bind_idx, member_idx(&s, "level", "special_ability"));
  su_free(&s);

  /* no context: ambiguous */
  su_load(&s, "param p \"P\" cite \"1\" = none\n");
  errors(&s, 1);
  has_message(&s, "error: 'none' is a member of several enums");
  has_message(&s, "qualify it, e.g. 'level.none' or 'certificate.none'");
  su_free(&s);

  /* qualified: fine */
  su_load(&s, "param p \"P\" cite \"1\" = certificate.none\n"
              "benefit a \"甲\" cite \"1\" when certificate == p pay person 1 yuan\n");
  clean(&s);
  su_free(&s);

  /* in a condition, a member that is not a group is an error */
  su_load(&s, "benefit a \"甲\" cite \"1\" when none pay person 1 yuan\n");
  assert_true(s.D.errors >= 1);
  su_free(&s);

  /* the wrong enum for the context */
  su_load(&s, "benefit a \"甲\" cite \"1\" when certificate == junior pay person 1 yuan\n");
  errors(&s, 1);
  has_message(&s, "'junior' is not a member of enum 'certificate'");
  su_free(&s);

  su_load(&s, "benefit a \"甲\" cite \"1\" when level == level.junoir pay person 1 yuan\n");
  errors(&s, 1);
  has_message(&s, "'junoir' is not a member of enum 'level'");
  has_message(&s, "did you mean 'level.junior'?");
  su_free(&s);

  su_load(&s, "benefit a \"甲\" cite \"1\" when level == levels.junior pay person 1 yuan\n");
  errors(&s, 1);
  has_message(&s, "unknown enum 'levels'");
  su_free(&s);
}

/* ---- types and units ------------------------------------------------------- */

static void test_well_typed_expressions(void **state)
{
  (void)state;
  su s;
  su_load(&s,
          "param rate \"R\" cite \"1\" = 15 yuan per day\n"
          "param pay_days \"D\" cite \"1\" = rate * days\n"
          "param span \"S\" cite \"1\" = end_date - start_date\n"
          "param later \"L\" cite \"1\" = claim_date + 30 days\n"
          "param share \"Sh\" cite \"1\" = 60% of fee\n"
          "param double_rate \"DR\" cite \"1\" = 2 * rate\n"
          "param yr \"Y\" cite \"1\" = year(claim_date)\n"
          "param twice \"T\" cite \"1\" = fee * 2\n"
          "param lvl \"Lv\" cite \"1\" = if organizer_free then junior else senior\n");
  clean(&s);
  static const struct { const char *name; ty_kind k; } want[] = {
    {"rate", TY_RATE}, {"pay_days", TY_MONEY}, {"span", TY_DAYS}, {"later", TY_DATE},
    {"share", TY_MONEY}, {"double_rate", TY_RATE}, {"yr", TY_INT}, {"twice", TY_MONEY},
    {"lvl", TY_ENUM},
  };
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
    int found = 0;
    for (int k = 0; k < s.m->params.n; k++) {
      sema_named *n = s.m->params.v[k];
      if (!strcmp(n->item->name, want[i].name)) {
        found = 1;
        if (n->type.k != want[i].k)
          fail_msg("param %s has type %s", want[i].name, sema_type_name(s.m, n->type));
      }
    }
    assert_true(found);
  }
  su_free(&s);
}

typedef struct type_case {
  const char *body;
  const char *error;
  const char *help;   /* NULL: no help line expected */
} type_case;

static void test_type_and_unit_errors(void **state)
{
  (void)state;
  static const type_case cases[] = {
    {"benefit a \"甲\" cite \"1\" pay person fee + 100\n",
     "cannot add", "write amounts with a unit, e.g. '300 yuan'"},
    {"benefit a \"甲\" cite \"1\" pay person fee - 100\n",
     "cannot subtract int from money", "an int is a count, not an amount"},
    {"benefit a \"甲\" cite \"1\" pay person 15 yuan * days\n",
     "cannot multiply money by days", "write a rate: '15 yuan per day * days'"},
    {"benefit a \"甲\" cite \"1\" pay person 60% of hours_total\n",
     "cannot take a percentage of int", "'of' applies to amounts of money"},
    {"benefit a \"甲\" cite \"1\" pay person fee of 60%\n",
     "the left side of 'of' must be a percentage, but this is money", NULL},
    {"benefit a \"甲\" cite \"1\" pay person 60% * fee\n",
     "cannot multiply percent by money", "take a share of an amount with 'of'"},
    {"benefit a \"甲\" cite \"1\" when class_employment_rate >= 85 pay person 1 yuan\n",
     "cannot compare percent with int", "write the share with a percent sign, e.g. '85%'"},
    {"benefit a \"甲\" cite \"1\" when fee > 1000 pay person 1 yuan\n",
     "cannot compare money with int", "write the amount with its unit, e.g. '1000 yuan'"},
    {"benefit a \"甲\" cite \"1\" pay person 300\n",
     "the amount a rule pays must be money, but this is int", "write an amount with its unit: '300 yuan'"},
    {"benefit a \"甲\" cite \"1\" pay person 15 yuan per day\n",
     "the amount a rule pays must be money, but this is money per day",
     "multiply it by a number of days, e.g. '* days'"},
    {"benefit a \"甲\" cite \"1\" when fee pay person 1 yuan\n",
     "the condition of a rule must be bool, but this is money", NULL},
    {"benefit a \"甲\" cite \"1\" when level > junior pay person 1 yuan\n",
     "values of type level have no order", NULL},
    {"benefit a \"甲\" cite \"1\" when groups == {veteran} pay person 1 yuan\n",
     "cannot compare values of type set of group with '=='", "test membership with 'in'"},
    {"benefit a \"甲\" cite \"1\" when district == department pay person 1 yuan\n",
     "two text values can't be compared; compare a text field with a string literal",
     "write e.g. 'district == \"盐湖区\"'"},
    {"benefit a \"甲\" cite \"1\" when fee in {1 yuan} pay person 1 yuan\n",
     "'in {…}' needs an enum or text value on the left, but this is money", NULL},
    {"benefit a \"甲\" cite \"1\" when junior in level pay person 1 yuan\n",
     "the right side of 'in' must be a set, but this is level", NULL},
    {"benefit a \"甲\" cite \"1\" when occupation in {\"电工\", 3} pay person 1 yuan\n",
     "a set of text holds string literals", NULL},
    {"param p \"P\" cite \"1\" = {junior}\n",
     "a set literal needs a context that says what it holds", "use it right of 'in'"},
    {"benefit a \"甲\" cite \"1\" when -organizer_free pay person 1 yuan\n",
     "cannot negate bool", NULL},
    {"benefit a \"甲\" cite \"1\" pay person min(fee)\n",
     "min() needs at least two values", NULL},
    {"benefit a \"甲\" cite \"1\" pay person min(fee, 1000)\n",
     "min() of money and int", "write the amount with its unit"},
    {"benefit a \"甲\" cite \"1\" when max(hukou_local, organizer_free) pay person 1 yuan\n",
     "max() needs numbers, amounts, dates or durations, not bool", NULL},
    {"benefit a \"甲\" cite \"1\" when year(fee) == 2020 pay person 1 yuan\n",
     "the argument of year() must be date, but this is money", NULL},
    {"benefit a \"甲\" cite \"1\" when known(1) pay person 1 yuan\n",
     "known() takes one field name", NULL},
    {"benefit a \"甲\" cite \"1\" pay person round(fee)\n",
     "unknown function 'round'", "functions are min, max, year, known, age and birth_date"},
    {"benefit a \"甲\" cite \"1\" pay person by level { junior: 1 yuan, senior: 2, else: 0 yuan }\n",
     "this is int, but the other cases are money", NULL},
    {"benefit a \"甲\" cite \"1\" pay person by fee { junior: 1 yuan }\n",
     "'by' matches on an enum field, but 'fee' is money", NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    su s;
    su_load(&s, cases[i].body);
    if (s.D.errors != 1)
      fail_msg("%s: expected 1 error, got %d:\n%s", cases[i].body, s.D.errors, s.buf);
    has_message(&s, cases[i].error);
    if (cases[i].help)
      has_message(&s, cases[i].help);
    else
      lacks_message(&s, "help:");
    su_free(&s);
  }
}

/* An error is reported once: an expression that already failed does not
** cause more errors further up. */
static void test_errors_do_not_cascade(void **state)
{
  (void)state;
  su s;
  su_load(&s,
          "category key \"重点\" cite \"1\" = vetran\n"
          "benefit a \"甲\" cite \"1\" when key and fee + 1 > 3 yuan pay person min(nofield, 3 yuan) * 2\n");
  errors(&s, 3);
  has_message(&s, "unknown name 'vetran'");
  has_message(&s, "cannot add money to int");
  has_message(&s, "unknown name 'nofield'");
  su_free(&s);
}

/* ---- by ------------------------------------------------------------------ */

static void test_by_exhaustiveness(void **state)
{
  (void)state;
  su s;
  su_load(&s,
          "benefit cert \"取证\" cite \"第15条\"\n"
          "  when organizer_free\n"
          "  pay organizer by level { special_ability: 150 yuan, junior | senior: 300 yuan }\n");
  errors(&s, 0);
  warnings(&s, 1);
  has_message(&s, "warning: 'by level' has no case for none, intermediate, technician, senior_technician\n");
  has_message(&s, "(reason no_amount_for_level)");
  int r = sema_find_reason(s.m, "no_amount_for_level");
  assert_true(r >= 0);
  sema_reason *sr = s.m->reasons.v[r];
  assert_int_equal(sr->kind, RT_REASON_INFO);
  assert_string_equal(sr->message, "the policy sets no amount for this level");
  ast_expr *by = rule_named(&s, "cert")->amount;
  assert_int_equal(by->kind, EX_BY);
  assert_int_equal(by->reason, r);
  assert_int_equal(by->ty.k, TY_MONEY);
  su_free(&s);

  /* two incomplete matches on the same enum share the reason */
  su_load(&s,
          "benefit a \"甲\" cite \"1\" pay person by level { junior: 1 yuan }\n"
          "benefit b \"乙\" cite \"1\" pay person by level { senior: 1 yuan }\n"
          "benefit c \"丙\" cite \"1\" pay person by certificate { none: 1 yuan }\n");
  warnings(&s, 3);
  int lv = sema_find_reason(s.m, "no_amount_for_level");
  assert_int_equal(rule_named(&s, "a")->amount->reason, lv);
  assert_int_equal(rule_named(&s, "b")->amount->reason, lv);
  assert_true(sema_find_reason(s.m, "no_amount_for_certificate") >= 0);
  su_free(&s);

  /* with else, or every member covered: no warning, no reason */
  su_load(&s,
          "benefit a \"甲\" cite \"1\" pay person by level { junior: 1 yuan, else: 0 yuan }\n"
          "benefit b \"乙\" cite \"1\" pay person by organizer_type {\n"
          "  enterprise | vocational_school: 1 yuan, public_institution: 2 yuan,\n"
          "  private_institution: 3 yuan }\n");
  clean(&s);
  assert_int_equal(sema_find_reason(s.m, "no_amount_for_level"), -1);
  assert_int_equal(sema_find_reason(s.m, "no_amount_for_organizer_type"), -1);
  assert_int_equal(rule_named(&s, "a")->amount->reason, -1);
  su_free(&s);

  su_load(&s, "benefit a \"甲\" cite \"1\" pay person by level { junior: 1 yuan, junoir: 2 yuan, else: 0 yuan }\n");
  errors(&s, 1);
  has_message(&s, "'junoir' is not a member of enum 'level'");
  has_message(&s, "did you mean 'junior'?");
  su_free(&s);

  su_load(&s, "benefit a \"甲\" cite \"1\" pay person by level { junior: 1 yuan, senior | junior: 2 yuan, else: 0 yuan }\n");
  errors(&s, 1);
  has_message(&s, "'junior' already has a case in this match");
  su_free(&s);

  su_load(&s, "benefit a \"甲\" cite \"1\" pay person by level { junior: 1 yuan, else: 2 yuan, else: 0 yuan }\n");
  errors(&s, 1);
  has_message(&s, "a second 'else' case");
  su_free(&s);
}

/* ---- citations ---------------------------------------------------------------- */

static void test_missing_citations(void **state)
{
  (void)state;
  su s;
  su_load(&s,
          "category key \"重点\" = veteran\n"
          "deny d \"D\" when receives_pension\n"
          "benefit a \"甲\" { rule r1 \"一\" when key pay person 1 yuan }\n"
          "benefit b \"乙\" cite \"第2条\" { rule r2 \"二\" pay person 1 yuan }\n"
          "benefit c \"丙\" { rule r3 \"三\" cite \"第3条\" pay person 1 yuan }\n"
          "limit 3 per person per year\n"
          "limit unique (occupation) per person cite \"第4条\"\n");
  errors(&s, 0);
  warnings(&s, 4);
  has_message(&s, "warning: category 'key' cites no article of the document");
  has_message(&s, "warning: deny 'd' cites no article of the document");
  has_message(&s, "warning: rule 'r1' cites no article of the document");
  has_message(&s, "warning: limit 'per year' cites no article of the document");
  has_message(&s, "add cite \"第N条\"");
  lacks_message(&s, "'r2'");
  lacks_message(&s, "'r3'");
  /* a rule inherits its benefit's citation; both are completed with the
  ** policy's document */
  sema_rule *r2 = s.m->rules.v[1], *r3 = s.m->rules.v[2];
  assert_string_equal(r2->cite, "测试〔2020〕1号 第2条");
  assert_string_equal(r3->cite, "测试〔2020〕1号 第3条");
  su_free(&s);

  /* a schema file (no policy header) needs no citations */
  su_load_text(&s, "field x \"X\" : int\ncategory big \"大\" = x > 3\n", 0);
  clean(&s);
  su_free(&s);

  /* a citation that names its own document is kept as written */
  su_load(&s, "benefit a \"甲\" cite \"晋人社厅发〔2019〕29号 第5条\" pay person 1 yuan\n");
  clean(&s);
  assert_string_equal(((sema_rule *)s.m->rules.v[0])->cite, "晋人社厅发〔2019〕29号 第5条");
  su_free(&s);
}

/* --werror turns warnings into errors. */
static void test_werror(void **state)
{
  (void)state;
  su s;
  g_werror = 1;
  su_load(&s, "category key \"重点\" = veteran\n");
  g_werror = 0;
  assert_int_not_equal(s.rc, 0);
  /* counted and shown once, as an error */
  assert_int_equal(s.D.warnings, 0);
  assert_int_equal(s.D.errors, 1);
  has_message(&s, "error: category 'key' cites no article of the document [--werror]");
  su_free(&s);
}

/* ---- declarations -------------------------------------------------------------- */

static void test_duplicates(void **state)
{
  (void)state;
  su s;
  su_load(&s, "param fee \"培训费\" cite \"1\" = 1 yuan\n");
  errors(&s, 1);
  has_message(&s, "error: 'fee' is already defined");
  has_message(&s, "note: the first definition of 'fee' is here");
  has_message(&s, "claims-v1.polis:");
  su_free(&s);

  su_load(&s, "category key \"K\" cite \"1\" = veteran\nparam key \"K\" cite \"1\" = 1 yuan\n");
  errors(&s, 1);
  has_message(&s, "'key' is already defined");
  su_free(&s);

  su_load(&s,
          "benefit a \"甲\" cite \"1\" { rule r1 pay person 1 yuan }\n"
          "benefit a \"甲\" cite \"1\" { rule r2 pay person 1 yuan }\n");
  errors(&s, 1);
  has_message(&s, "benefit 'a' is already defined");
  su_free(&s);

  su_load(&s,
          "benefit a \"甲\" cite \"1\" { rule r pay person 1 yuan }\n"
          "benefit b \"乙\" cite \"1\" { rule r pay person 2 yuan }\n");
  errors(&s, 1);
  has_message(&s, "rule 'r' is already defined");
  su_free(&s);

  su_load_text(&s, "enum e { a, b, a }\nenum e { c }\n", 0);
  errors(&s, 2);
  has_message(&s, "'a' is already a member of 'e'");
  has_message(&s, "enum 'e' is already defined");
  su_free(&s);

  su_load(&s, "policy again \"又\" source \"x\"\n");
  errors(&s, 1);
  has_message(&s, "a second 'policy' header");
  has_message(&s, "note: the policy is declared here");
  su_free(&s);

  /* a deny reusing a reject code is a conflict; reusing a deny code is fine */
  su_load(&s, "deny end_before_start \"X\" cite \"1\" when veteran\n");
  errors(&s, 1);
  has_message(&s, "reason 'end_before_start' is already used for another kind of outcome");
  su_free(&s);
}

static void test_category_cycle(void **state)
{
  (void)state;
  su s;
  su_load(&s,
          "category a \"甲\" cite \"1\" = veteran or b\n"
          "category b \"乙\" cite \"1\" = poor_labor and a\n");
  errors(&s, 1);
  has_message(&s, "is defined in terms of itself");
  su_free(&s);

  su_load(&s, "param p \"P\" cite \"1\" = p + 1 yuan\n");
  errors(&s, 1);
  has_message(&s, "'p' is defined in terms of itself");
  su_free(&s);
}

static void test_field_declaration_errors(void **state)
{
  (void)state;
  static const type_case cases[] = {
    {"field a \"A\" : currency\n", "unknown type 'currency'", "types are bool, int, money"},
    {"field a \"A\" : set of int\n", "unknown type 'int'", "'set of' an enum"},
    {"field a \"A\" : text, role owner\n", "unknown role 'owner'", "roles are claim_id, person_id and claim_date"},
    {"field a \"A\" : text, min \"x\"\n", "a field of type text has no minimum", NULL},
    {"field b \"B\" : int\nfield a \"A\" : int, max b\n", "the maximum of a field must be a constant", NULL},
    {"field a \"A\" : money, min 0\n", "minimum must be money, but this is int", "'0 yuan'"},
    {"field b \"B\" : bool\nfield a \"A\" : bool, default b\n",
     "a computed default needs a numeric, date or days field", NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    su s;
    su_load_text(&s, cases[i].body, 0);
    if (s.D.errors != 1)
      fail_msg("%s: expected 1 error, got %d:\n%s", cases[i].body, s.D.errors, s.buf);
    has_message(&s, cases[i].error);
    if (cases[i].help)
      has_message(&s, cases[i].help);
    su_free(&s);
  }
  su s;
  su_load_text(&s, "field a \"A\" : int, required, default 3\n", 0);
  errors(&s, 0);
  warnings(&s, 1);
  has_message(&s, "a required field never uses its default");
  su_free(&s);

  su_load_text(&s, "policy p \"P\" source \"S\"\n", 0);
  errors(&s, 1);
  has_message(&s, "policy 'p' has no claims schema");
  has_message(&s, "import the shared schema");
  su_free(&s);

  su_load_text(&s, "policy p \"P\" source \"S\"\nfield a \"A\" : text, role claim_id\n", 0);
  errors(&s, 2);
  has_message(&s, "needs exactly one field with role person_id (found 0)");
  has_message(&s, "needs exactly one field with role claim_date (found 0)");
  su_free(&s);
}

static void test_limits(void **state)
{
  (void)state;
  su s;
  su_load(&s,
          "limit 3 per person per year cite \"第1条\"\n"
          "limit unique (occupation, level) per person cite \"第2条\"\n"
          "limit 5 per person per year reason five \"五次\" cite \"第3条\"\n");
  clean(&s);
  assert_int_equal(s.m->limits.n, 3);
  sema_limit *l = s.m->limits.v[0];
  assert_int_equal(l->kind, LIM_COUNT);
  assert_int_equal(l->per_year, 1);
  assert_int_equal(l->n, 3);
  sema_reason *r = s.m->reasons.v[l->reason];
  assert_string_equal(r->code, "yearly_limit");
  assert_int_equal(r->kind, RT_REASON_DENY);
  assert_string_equal(r->message, "at most 3 subsidised trainings per person per year");
  l = s.m->limits.v[1];
  assert_int_equal(l->kind, LIM_UNIQUE);
  assert_int_equal(l->nkeys, 2);
  assert_int_equal(l->keys[0], sema_find_field(s.m, "occupation")->index);
  assert_int_equal(l->keys[1], sema_find_field(s.m, "level")->index);
  assert_string_equal(((sema_reason *)s.m->reasons.v[l->reason])->code, "repeat_occupation_level");
  l = s.m->limits.v[2];
  assert_string_equal(((sema_reason *)s.m->reasons.v[l->reason])->code, "five");
  assert_string_equal(((sema_reason *)s.m->reasons.v[l->reason])->message, "五次");
  su_free(&s);

  static const type_case cases[] = {
    {"limit 0 per person per year cite \"1\"\n", "a limit must allow at least one training", NULL},
    {"limit unique (occupaton) per person cite \"1\"\n", "unknown field 'occupaton'", "did you mean 'occupation'?"},
    {"limit unique (fee) per person cite \"1\"\n", "a unique limit keys on text or enum fields, but 'fee' is money", NULL},
    {"limit unique (claim_id, district, department, occupation, level, certificate, organizer_type,"
     " organizer_id, class_id) per person cite \"1\"\n", "a unique limit takes at most 8 fields", NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    su_load(&s, cases[i].body);
    if (s.D.errors != 1)
      fail_msg("%s: expected 1 error, got %d:\n%s", cases[i].body, s.D.errors, s.buf);
    has_message(&s, cases[i].error);
    if (cases[i].help)
      has_message(&s, cases[i].help);
    su_free(&s);
  }
}

/* once / ever / for / while: defaults, scopes and flags. */
static void test_limit_scopes(void **state)
{
  (void)state;
  su s;
  su_load(&s,
          "limit once per person for vet while veteran cite \"第1条\"\n"
          "benefit vet \"退役军人\" cite \"第1条\" when veteran pay person fee\n"
          "limit 3 per person while student cite \"第2条\"\n"
          "limit 2 per person per year for vet cite \"第3条\"\n");
  clean(&s);
  assert_int_equal(s.m->limits.n, 3);
  assert_int_equal(s.m->flags.n, 2);
  sema_limit *l = s.m->limits.v[0];
  assert_int_equal(l->kind, LIM_COUNT);
  assert_int_equal(l->n, 1);
  assert_int_equal(l->per_year, 0);
  assert_int_equal(l->benefit, 0);      /* declared after the limit */
  assert_int_equal(l->flag, 0);
  assert_string_equal(((sema_reason *)s.m->reasons.v[l->reason])->code, "lifetime_limit_vet");
  assert_string_equal(((sema_flag *)s.m->flags.v[0])->name, "lifetime_limit_vet");
  l = s.m->limits.v[1];
  assert_int_equal(l->benefit, -1);
  assert_int_equal(l->flag, 1);
  assert_string_equal(((sema_reason *)s.m->reasons.v[l->reason])->code, "lifetime_limit");
  l = s.m->limits.v[2];
  assert_int_equal(l->per_year, 1);
  assert_int_equal(l->flag, -1);
  assert_string_equal(((sema_reason *)s.m->reasons.v[l->reason])->code, "yearly_limit_vet");
  su_free(&s);

  su_load(&s, "limit once per person for nothing cite \"第1条\"\n");
  errors(&s, 1);
  has_message(&s, "no benefit named 'nothing'");
  su_free(&s);
}

/* Tables, quotas, dated params, exceptions and tranches in the model. */
static void test_new_items(void **state)
{
  (void)state;
  char *csv = tu_write_temp("# sample\noccupation,level,amount\n电工,junior,1000\n电工,技师（二级）,2000.5\n"
                            "焊工,senior,\n", ".csv");
  char *body = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&body, &len);
  fprintf(f, "table std \"标准\" cite \"第1条\" from \"%s\" key (occupation, level) : money\n"
             "quota q \"计划\" cite \"附件1\" year 2019 by district { \"甲区\": 10, \"乙区\": 20, }\n"
             "param rate \"标准\" cite \"第2条\" = from 2019-01-01: 10 yuan, from 2020-01-01: 20 yuan\n"
             "benefit b \"补贴\" cite \"第3条\" {\n"
             "  rule base \"基本\" pay person std(occupation, level) first 60%% rest when known(class_employment_rate)\n"
             "  rule ex \"例外\" exception to base during 2019-01-01 to 2019-12-31 when veteran pay person rate\n"
             "}\n", csv);
  fclose(f);
  su s;
  su_load(&s, body);
  clean(&s);
  assert_int_equal(s.m->tables.n, 1);
  sema_table *t = s.m->tables.v[0];
  assert_int_equal(t->rows.n, 2);             /* the empty value is no row */
  assert_int_equal(t->value.k, TY_MONEY);
  sema_trow *r1 = t->rows.v[1];
  assert_int_equal(r1->value, 200050);
  assert_int_equal(r1->key[0], sema_symbol(s.m, "电工"));
  assert_int_equal(r1->key[1], 5);            /* technician, by its label */
  assert_int_equal(strlen(t->sha), 64);
  assert_true(sema_find_reason(s.m, "no_entry_in_std") >= 0);
  assert_int_equal(s.m->quotas.n, 1);
  assert_true(sema_symbol(s.m, "乙区") >= 0);
  sema_rule *ex = s.m->rules.v[1];
  assert_int_equal(ex->base, 0);
  assert_int_equal(((sema_rule *)s.m->rules.v[0])->base, -1);
  assert_true(s.m->reason_pending >= 0 && s.m->reason_withheld >= 0);
  sema_named *rate = s.m->params.v[0];
  assert_int_equal(rate->type.k, TY_MONEY);
  su_free(&s);
  free(body);
  unlink(csv);
  free(csv);
}

static void test_test_blocks(void **state)
{
  (void)state;
  static const char *const G =
    "benefit a \"甲\" cite \"1\" pay person fee\n"
    "limit 3 per person per year cite \"1\"\n"
    "given { person_id: \"142702198503121235\", claim_date: 2020-06-30,"
    " training_type: employment_skill, occupation: \"电工\","
    " start_date: 2020-06-01, end_date: 2020-06-10 }\n";
  static const struct { const char *test; const char *error; } cases[] = {
    {"test \"t\" { claim { fee: 1 yuan, fee: 2 yuan } expect granted }", "'fee' is given twice"},
    {"test \"t\" { claim { fee: 1 yuan + 1 yuan } expect granted }", "a test claim's 'fee' must be a constant"},
    {"test \"t\" { claim { fee: 100 } expect granted }", "the value of 'fee' must be money, but this is int"},
    {"test \"t\" { expect granted }", "test has no claim"},
    {"test \"t\" { claim { } }", "test has no expectation"},
    {"test \"t\" { claim a { } claim { } expect a granted }", "a test with several claims names each one"},
    {"test \"t\" { claim a { } claim a { } expect a granted }", "claim 'a' is already defined in this test"},
    {"test \"t\" { claim a { } claim b { } expect c granted }", "no claim named 'c' in this test"},
    {"test \"t\" { claim a { } claim b { } expect granted }", "this test has several claims: say which one"},
    {"test \"t\" { claim { } expect person fee }", "an expected amount must be a constant"},
    {"test \"t\" { claim { } expect person 3 }", "an expected amount must be money, but this is int"},
    {"test \"t\" { claim { } expect rule b }", "no rule named 'b'"},
    {"test \"t\" { claim { } expect reason yearly_limits }",
     "no reason code 'yearly_limits' in this policy or the runtime"},
    {"test \"t\" { claim { } expect reason bad_date:no_such_field }",
     "no reason code 'bad_date:no_such_field' in this policy or the runtime"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char body[1024];
    snprintf(body, sizeof body, "%s%s\n", G, cases[i].test);
    su s;
    su_load(&s, body);
    if (s.D.errors != 1)
      fail_msg("%s: expected 1 error, got %d:\n%s", cases[i].test, s.D.errors, s.buf);
    has_message(&s, cases[i].error);
    su_free(&s);
  }
  char body[1024];
  snprintf(body, sizeof body,
           "%stest \"t\" { given { fee: 2 yuan } claim a { groups: {veteran, poor_labor} }"
           " claim b { level: junior, days: 7 } expect a granted, person 2 yuan, rule a,"
           " reason yearly_limit expect b total 0 yuan, reason no_rule_applies,"
           " reason bad_id_checksum:person_id, reason end_before_start }\n",
           G);
  su s;
  su_load(&s, body);
  clean(&s);
  assert_int_equal(s.m->tests.n, 1);
  /* test values are constants the runtime reads like cells */
  ast_item *t = last_item(&s, IT_TEST);
  ast_claim *a = t->claims.v[0];
  assert_string_equal(sema_const_cell(s.m, ((ast_assign *)a->assigns.v[0])->value), "veteran|poor_labor");
  ast_claim *b = t->claims.v[1];
  assert_string_equal(sema_const_cell(s.m, ((ast_assign *)b->assigns.v[0])->value), "junior");
  /* a bare count given to a days field is a number of days */
  ast_expr *days = ((ast_assign *)b->assigns.v[1])->value;
  assert_int_equal(days->kind, EX_DAYS);
  assert_string_equal(sema_const_cell(s.m, days), "7");
  assert_string_equal(sema_const_cell(s.m, ((ast_assign *)t->assigns.v[0])->value), "2.00");
  su_free(&s);
}

/* ---- imports --------------------------------------------------------------- */

static void test_imports(void **state)
{
  (void)state;
  su s;
  su_load_text(&s, "import \"does-not-exist.polis\"\n", 0);
  errors(&s, 1);
  has_message(&s, "cannot import '");
  has_message(&s, "does-not-exist.polis': No such file or directory");
  su_free(&s);

  /* importing the same file twice loads it once */
  char body[2048];
  snprintf(body, sizeof body, "import \"%s\"\nimport \"%s\"\n", tu_src_path("policies/claims-v1.polis"),
           tu_src_path("policies/claims-v1.polis"));
  su_load_text(&s, body, 0);
  clean(&s);
  assert_int_equal(s.m->fields.n, 26);
  su_free(&s);

  /* an import that exists but cannot be read (a directory); the message
  ** has no source location (reported) */
  su_load_text(&s, "import \"/\"\n", 0);
  errors(&s, 1);
  has_message(&s, "cannot read '/': Is a directory");
  su_free(&s);

  /* a file that cannot be read at all */
  memset(&s, 0, sizeof s);
  s.out = open_memstream(&s.buf, &s.len);
  diag_init(&s.D, s.out);
  s.rc = unit_load(&s.u, &s.D, "/nonexistent/policy.polis");
  fflush(s.out);
  assert_int_not_equal(s.rc, 0);
  assert_int_equal(s.D.errors, 1);
  has_message(&s, "polis: error: cannot read '/nonexistent/policy.polis'");
  su_free(&s);
}

/* ---- the descriptor ----------------------------------------------------------- */

static void has_line(const char *desc, const char *line)
{
  size_t n = strlen(line);
  for (const char *p = desc; p && *p;) {
    const char *nl = strchr(p, '\n');
    size_t len = nl ? (size_t)(nl - p) : strlen(p);
    if (len == n && !memcmp(p, line, n))
      return;
    p = nl ? nl + 1 : NULL;
  }
  fail_msg("descriptor has no line\n  %s\n---\n%s", line, desc);
}

static void noop_eval(const rt_batch *b)
{
  (void)b;
}

static void test_descriptor(void **state)
{
  (void)state;
  su s;
  memset(&s, 0, sizeof s);
  s.out = open_memstream(&s.buf, &s.len);
  diag_init(&s.D, s.out);
  s.rc = unit_load(&s.u, &s.D, tu_src_path("policies/yuncheng.polis"));
  fflush(s.out);
  s.m = s.u.model;
  assert_int_equal(s.rc, 0);
  char *d = cg_descriptor(s.m);
  assert_non_null(d);
  char line[512];
  snprintf(line, sizeof line,
           "policy\tyuncheng\t运城市推进职业技能提升培训实施方案\t运政办发〔2020〕14号\t%s\t2020-04-20\t2019-01-01\t2021-12-31\t运城市",
           s.m->source_hash);
  has_line(d, line);
  assert_int_equal(strncmp(d, "polis-descriptor 2\n", 19), 0);
  has_line(d, "enum\tlevel\t技能等级");
  has_line(d, "member\tspecial_ability\t专项职业能力");
  has_line(d, "field\tclaim_id\t申领编号\ttext\t-\trequired\tclaim_id\t-\t-\t-");
  has_line(d, "field\tperson_id\t公民身份号码\tresident_id\t-\trequired\tperson_id\t-\t-\t-");
  has_line(d, "field\tgroups\t人员类别\tset\tgroup\t-\t-\t-\t-\t-");
  has_line(d, "field\thukou_local\t本地户籍\tbool\t-\t-\t-\ttrue\t-\t-");
  has_line(d, "field\tlevel\t技能等级\tenum\tlevel\t-\t-\tnone\t-\t-");
  has_line(d, "field\tdays\t培训天数\tdays\t-\tcomputed\t-\t-\t0\t-");
  has_line(d, "field\tfee\t培训费\tmoney\t-\t-\t-\t0.00\t0\t-");
  has_line(d, "field\tclass_employment_rate\t班级就业率\tpercent\t-\t-\t-\t-\t0\t10000");
  has_line(d, "benefit\tliving\t生活费补贴\t运政办发〔2020〕14号 第3条");
  has_line(d, "rule\tliving\t生活费补贴\t运政办发〔2020〕14号 第3条\t0\tperson");
  has_line(d, "rule\tenterprise_training\t企业职工培训补贴\t运政办发〔2020〕14号 第13条\t1\torganizer");
  has_line(d, "rule\tcertificate\t取证补贴\t运政办发〔2020〕14号 第15条\t3\torganizer");
  has_line(d, "reason\tend_before_start\treject\t培训结束日期早于开始日期\t");
  has_line(d, "reason\tno_amount_for_level\tinfo\tthe policy sets no amount for this level\t");
  has_line(d, "reason\tyearly_limit\tdeny\t每人每年参加补贴性培训不超过3次\t运政办发〔2020〕14号 第15条");
  has_line(d, "reason\toutside_effective_period\tdeny\t申领日期不在政策有效期内 (claim date outside the effective period)\t运政办发〔2020〕14号");
  has_line(d, "limit\tcount\t3\tyear\t-\t-\tyearly_limit\t运政办发〔2020〕14号 第15条");
  has_line(d, "limit\tunique\toccupation,level\tever\t-\t-\trepeat_occupation_level\t运政办发〔2020〕14号 第15条");
  size_t n = strlen(d);
  assert_true(n > 5 && !strcmp(d + n - 4, "end\n"));
  /* the runtime accepts it */
  rt_entry e = {RT_ABI_VERSION, 0, d, noop_eval};
  char err[256];
  rt_policy *p = rt_policy_load(&e, err, sizeof err);
  if (!p)
    fail_msg("runtime rejects the descriptor: %s", err);
  assert_int_equal(p->n_fields, 26);
  assert_int_equal(p->n_rules, s.m->rules.n);
  assert_int_equal(p->n_limits, s.m->limits.n);
  rt_policy_free(p);
  free(d);
  su_free(&s);
}

/* Text literals become symbols; tabs and newlines are escaped. */
static void test_descriptor_symbols_and_escapes(void **state)
{
  (void)state;
  su s;
  su_load(&s,
          "benefit a \"甲\\t乙\" cite \"第1条\"\n"
          "  when occupation in {\"电工\", \"焊工\"} and district != \"盐湖区\"\n"
          "  pay person 1 yuan\n");
  clean(&s);
  assert_int_equal(s.m->symbols.n, 3);
  assert_int_equal(sema_symbol(s.m, "焊工"), 1);
  assert_int_equal(sema_symbol(s.m, "木工"), -1);
  char *d = cg_descriptor(s.m);
  has_line(d, "symbol\t电工");
  has_line(d, "symbol\t盐湖区");
  has_line(d, "benefit\ta\t甲\\t乙\t测试〔2020〕1号 第1条");
  free(d);
  su_free(&s);
}

/* Regression (was a bug): compiler/sema.c resolve_name, a member of a
** single enum used where a non-enum type is expected (money here) is
** reported as "'junior' is a member of several enums" with the help
** "qualify it, e.g. 'level.junior' or 'level.junior'".  Expected: a type
** error such as "the amount a rule pays must be money, but this is level". */
static void test_single_enum_member_in_wrong_context(void **state)
{
  (void)state;
  su s;
  su_load(&s, "benefit a \"甲\" cite \"1\" pay person junior\n");
  errors(&s, 1);
  lacks_message(&s, "several enums");
  has_message(&s, "must be money, but this is level");
  su_free(&s);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_single_enum_member_in_wrong_context),
    cmocka_unit_test(test_real_policy_model),
    cmocka_unit_test(test_field_types_and_defaults),
    cmocka_unit_test(test_computed_default_chain),
    cmocka_unit_test(test_name_resolution),
    cmocka_unit_test(test_use_before_definition),
    cmocka_unit_test(test_unknown_name_suggestion),
    cmocka_unit_test(test_member_ambiguity),
    cmocka_unit_test(test_well_typed_expressions),
    cmocka_unit_test(test_type_and_unit_errors),
    cmocka_unit_test(test_errors_do_not_cascade),
    cmocka_unit_test(test_by_exhaustiveness),
    cmocka_unit_test(test_missing_citations),
    cmocka_unit_test(test_werror),
    cmocka_unit_test(test_duplicates),
    cmocka_unit_test(test_category_cycle),
    cmocka_unit_test(test_field_declaration_errors),
    cmocka_unit_test(test_limits),
    cmocka_unit_test(test_limit_scopes),
    cmocka_unit_test(test_new_items),
    cmocka_unit_test(test_test_blocks),
    cmocka_unit_test(test_imports),
    cmocka_unit_test(test_descriptor),
    cmocka_unit_test(test_descriptor_symbols_and_escapes),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
