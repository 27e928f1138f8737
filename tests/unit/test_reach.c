/* Reachability warnings (compiler/sema_reach.c): rules that can never
** apply, rules of a `resolve first` benefit that overlap or are hidden by
** earlier ones, and exceptions that take all of their base rule. */
#include "testutil.h"

#include "compile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef cu su;

/* Load a policy: the header (plus `extra`, e.g. an effective period), the
** claims-v1 schema, then body.  Rules in body must cite, so that only the
** warnings under test appear. */
static void load_with(su *s, const char *extra, const char *body)
{
  char header[256];
  snprintf(header, sizeof header, "policy t \"测试\" city \"测试市\" source \"测试〔2020〕1号\" %s", extra);
  cu_load(s, header, body, 0);
}

static void load(su *s, const char *body) { load_with(s, "", body); }
static void su_free(su *s) { cu_free(s); }
static void has(su *s, const char *text) { cu_has(s, text); }
static void lacks(su *s, const char *text) { cu_lacks(s, text); }

/* No errors and exactly n warnings. */
static void warnings(su *s, int n)
{
  if (s->rc != 0 || s->D.errors)
    fail_msg("unexpected errors:\n%s", s->buf);
  if (s->D.warnings != n)
    fail_msg("expected %d warnings, got %d:\n%s", n, s->D.warnings, s->buf);
}

static int count(su *s, const char *text)
{
  int n = 0;
  for (const char *p = s->buf; (p = strstr(p, text)); p += strlen(text))
    n++;
  return n;
}

/* The warnings are on the rule's name: file:LINE:COL of `name`. */
static void warned_at(su *s, int line, const char *text)
{
  char want[64];
  snprintf(want, sizeof want, ".polis:%d:", line);
  const char *p = strstr(s->buf, text);
  if (!p)
    fail_msg("expected '%s' in the diagnostics:\n%s", text, s->buf);
  const char *bol = p;
  while (bol > s->buf && bol[-1] != '\n')
    bol--;
  if (!strstr(bol, want) || strstr(bol, want) > p)
    fail_msg("expected '%s' on line %d:\n%s", text, line, s->buf);
}

/* ---- rules that can never apply ------------------------------------------ */

static void test_always_false(void **state)
{
  (void)state;
  su s;
  load(&s, "benefit b \"补贴\" cite \"第1条\"\n"
           "  when training_type == safety and training_type == pre_job\n"
           "  pay person 100 yuan\n");
  warnings(&s, 1);
  warned_at(&s, 3, "warning: rule 'b' can never apply: its condition is always false");
  has(&s, "benefit b");
  su_free(&s);

  /* in {…} and != on the same enum */
  load(&s, "benefit b \"补贴\" cite \"第1条\" {\n"
           "  rule x \"甲\" when level in {junior, senior} and level != junior and level != senior pay person 1 yuan\n"
           "  rule y \"乙\" when level in {junior, senior} and level != junior pay person 1 yuan\n"
           "}\n");
  warnings(&s, 1);
  has(&s, "rule 'x' can never apply");
  lacks(&s, "rule 'y' can never apply");
  su_free(&s);

  /* a group both held and not held, through `in groups` and the bare name */
  load(&s, "benefit b \"补贴\" cite \"第1条\"\n"
           "  when poor_labor in groups and not poor_labor pay person 1 yuan\n");
  warnings(&s, 1);
  has(&s, "rule 'b' can never apply");
  su_free(&s);

  /* a bool field, and a bool compared with a constant */
  load(&s, "benefit b \"补贴\" cite \"第1条\"\n"
           "  when organizer_free and organizer_free == false pay person 1 yuan\n");
  warnings(&s, 1);
  su_free(&s);

  /* text: one occupation can't be two */
  load(&s, "benefit b \"补贴\" cite \"第1条\"\n"
           "  when occupation == \"电工\" and occupation in {\"焊工\", \"育婴员\"} pay person 1 yuan\n");
  warnings(&s, 1);
  su_free(&s);

  /* a contradiction between two fields compared with each other */
  load(&s, "benefit b \"补贴\" cite \"第1条\"\n"
           "  when hours_online > hours_total and not (hours_total < hours_online) pay person 1 yuan\n");
  warnings(&s, 1);
  su_free(&s);

  /* a condition that can hold: no warning */
  load(&s, "benefit b \"补贴\" cite \"第1条\"\n"
           "  when training_type == safety or training_type == pre_job pay person 1 yuan\n");
  warnings(&s, 0);
  su_free(&s);
}

static void test_numeric_ranges(void **state)
{
  (void)state;
  su s;
  load(&s, "param cap \"上限\" cite \"第1条\" = 1000 yuan\n"
           "benefit b \"补贴\" cite \"第1条\" {\n"
           "  rule empty \"空\" when fee > cap and fee <= 1000 yuan pay person 1 yuan\n"
           "  rule point \"点\" when fee >= 1000 yuan and fee <= 1000 yuan pay person 1 yuan\n"
           "  rule neg \"负\" when fee < 0 yuan pay person 1 yuan\n"
           "  rule rate \"率\" when class_employment_rate > 100% pay person 1 yuan\n"
           "  rule months \"月\" when business_months > 36 and business_months < 37 pay person 1 yuan\n"
           "}\n");
  /* the schema's `min 0 yuan` and `max 100%` bound the fields */
  warnings(&s, 4);
  has(&s, "rule 'empty' can never apply");
  has(&s, "rule 'neg' can never apply");
  has(&s, "rule 'rate' can never apply");
  has(&s, "rule 'months' can never apply");
  lacks(&s, "rule 'point'");
  su_free(&s);

  /* year(claim_date) becomes a range of claim dates */
  load(&s, "benefit b \"补贴\" cite \"第1条\"\n"
           "  when year(claim_date) == 2020 and claim_date > 2020-12-31 pay person 1 yuan\n");
  warnings(&s, 1);
  su_free(&s);

  /* constant arithmetic is folded: 60% of 1000 yuan = 600 yuan */
  load(&s, "benefit b \"补贴\" cite \"第1条\"\n"
           "  when fee > 60% of 1000 yuan and fee < 500 yuan + 100 yuan pay person 1 yuan\n");
  warnings(&s, 1);
  su_free(&s);
}

static void test_effective_period_and_windows(void **state)
{
  (void)state;
  su s;
  load_with(&s, "effective 2019-01-01 to 2021-12-31",
            "benefit early \"早\" cite \"第1条\" when claim_date < 2019-01-01 pay person 1 yuan\n"
            "benefit late \"晚\" cite \"第1条\" during 2022-01-01 to 2022-12-31 pay person 1 yuan\n"
            "benefit edge \"末日\" cite \"第1条\" during 2021-12-31 to 2022-12-31 pay person 1 yuan\n"
            "benefit both \"两窗\" cite \"第1条\" during 2019-01-01 to 2019-12-31\n"
            "  when claim_date >= 2020-01-01 pay person 1 yuan\n");
  warnings(&s, 3);
  has(&s, "rule 'early' can never apply");
  has(&s, "rule 'late' can never apply");
  has(&s, "rule 'both' can never apply");
  lacks(&s, "'edge'");
  su_free(&s);

  /* disjoint windows don't overlap */
  load(&s, "benefit living \"生活费\" cite \"第1条\" {\n"
           "  rule old \"旧标准\" during 2019-01-01 to 2020-12-31 when poor_labor pay person 15 yuan per day * days\n"
           "  rule new \"新标准\" during 2021-01-01 to 2021-12-31 when poor_labor pay person 20 yuan per day * days\n"
           "}\n");
  warnings(&s, 0);
  su_free(&s);
}

static void test_schema_checks(void **state)
{
  (void)state;
  su s;
  /* claims-v1 rejects end_date < start_date before any rule is tried */
  load(&s, "benefit b \"补贴\" cite \"第1条\" when end_date < start_date pay person 1 yuan\n");
  warnings(&s, 1);
  has(&s, "rule 'b' can never apply");
  su_free(&s);
}

static void test_categories_and_params(void **state)
{
  (void)state;
  su s;
  /* categories are expanded where they are used */
  load(&s, "category key_group \"重点人群\" cite \"第1条\" = rural_migrant or college_grad\n"
           "category migrant \"农民工\" cite \"第1条\" = rural_migrant or new_gen_migrant\n"
           "benefit b \"补贴\" cite \"第1条\"\n"
           "  when key_group and not rural_migrant and not college_grad pay person 1 yuan\n"
           "benefit c \"补贴\" cite \"第1条\" when key_group and not migrant pay person 1 yuan\n");
  warnings(&s, 1);
  has(&s, "rule 'b' can never apply");
  su_free(&s);

  /* a bool param is expanded, a constant param is its value */
  load(&s, "param flag \"标志\" cite \"第1条\" = veteran and organizer_free\n"
           "param floor \"下限\" cite \"第1条\" = 500 yuan\n"
           "benefit b \"补贴\" cite \"第1条\" when flag and not veteran pay person 1 yuan\n"
           "benefit c \"补贴\" cite \"第1条\" when fee < floor and fee > 499.99 yuan pay person 1 yuan\n"
           "benefit d \"补贴\" cite \"第1条\" when fee < floor and fee >= 499.99 yuan pay person 1 yuan\n");
  warnings(&s, 2);
  has(&s, "rule 'b' can never apply");
  has(&s, "rule 'c' can never apply");
  su_free(&s);
}

static void test_dated_params(void **state)
{
  (void)state;
  su s;
  load_with(&s, "effective 2019-01-01 to 2021-12-31",
            "param rate \"标准\" cite \"第1条\" =\n"
            "  from 2019-01-01: 15 yuan per day, from 2021-06-01: 20 yuan per day\n"
            "param cap \"上限\" cite \"第1条\" = from 2020-01-01: 1000 yuan, from 2021-01-01: 1500 yuan\n"
            "benefit a \"甲\" cite \"第1条\" during 2019-01-01 to 2020-12-31\n"
            "  when rate > 15 yuan per day pay person 1 yuan\n"
            "benefit c \"丙\" cite \"第1条\" {\n"
            "  rule under \"未超\" when fee <= cap pay person 1 yuan\n"
            "  rule over \"超出\" when fee > cap pay person 1 yuan\n"
            "  rule since \"2020年起\" when claim_date >= 2020-01-01 pay person 1 yuan\n"
            "}\n");
  /* before 2020 the cap is unknown: neither under nor over applies, so
  ** `since` is only hidden from 2020 on, which is all of it */
  has(&s, "rule 'a' can never apply");
  has(&s, "rule 'since' never decides benefit 'c'");
  warnings(&s, 2);
  su_free(&s);
}

/* ---- resolve first: overlap and hidden rules ---------------------------- */

static void test_overlap(void **state)
{
  (void)state;
  su s;
  load(&s, "benefit training \"培训补贴\" cite \"第1条\" {\n"
           "  rule migrant \"农民工\" when rural_migrant pay person 800 yuan\n"
           "  rule safety \"安全\" when training_type == safety pay person 300 yuan\n"
           "}\n");
  warnings(&s, 1);
  warned_at(&s, 5, "warning: rules 'migrant' and 'safety' overlap: a claim that matches both is paid by 'migrant' only");
  has(&s, "help: if 'safety' is an exception that overrides 'migrant', write 'exception to migrant' on it");
  su_free(&s);

  /* one warning per overlapping pair, at the later rule */
  load(&s, "benefit training \"培训补贴\" cite \"第1条\" {\n"
           "  rule a \"甲\" when rural_migrant pay person 3 yuan\n"
           "  rule b \"乙\" when veteran pay person 2 yuan\n"
           "  rule c \"丙\" when fee > 100 yuan pay person 1 yuan\n"
           "}\n");
  warnings(&s, 3);
  has(&s, "rules 'a' and 'b' overlap");
  has(&s, "rules 'a' and 'c' overlap");
  has(&s, "rules 'b' and 'c' overlap");
  su_free(&s);
}

static void test_disjoint_ranges_no_overlap(void **state)
{
  (void)state;
  su s;
  load(&s, "param cap \"上限\" cite \"第1条\" = 1000 yuan\n"
           "benefit training \"培训补贴\" cite \"第1条\" {\n"
           "  rule low \"低\" when fee <= 1000 yuan pay person fee\n"
           "  rule high \"高\" when fee > cap pay person cap\n"
           "}\n"
           "benefit business \"创业\" cite \"第2条\" {\n"
           "  rule young \"新\" when business_months <= 36 pay person 100 yuan\n"
           "  rule old \"旧\" when business_months > 36 pay person 50 yuan\n"
           "}\n"
           "benefit kinds \"类型\" cite \"第3条\" {\n"
           "  rule s \"安全\" when training_type in {safety, pre_job} pay person 1 yuan\n"
           "  rule e \"就业\" when training_type == employment_skill pay person 1 yuan\n"
           "  rule o \"电工\" when occupation == \"电工\" and training_type == skill_upgrade pay person 1 yuan\n"
           "  rule w \"焊工\" when occupation == \"焊工\" and training_type == skill_upgrade pay person 1 yuan\n"
           "}\n");
  warnings(&s, 0);
  su_free(&s);
}

static void test_exception_declared(void **state)
{
  (void)state;
  su s;
  load(&s, "benefit training \"培训补贴\" cite \"第1条\" {\n"
           "  rule base \"培训补贴\" when rural_migrant or veteran pay person 800 yuan\n"
           "  rule free \"免费\" exception to base when veteran pay organizer 1000 yuan\n"
           "}\n");
  warnings(&s, 0);
  su_free(&s);

  /* declared before its base, and an exception of an exception */
  load(&s, "benefit training \"培训补贴\" cite \"第1条\" {\n"
           "  rule vet \"退役军人\" exception to base when veteran pay organizer 1000 yuan\n"
           "  rule base \"培训补贴\" when rural_migrant or veteran pay person 800 yuan\n"
           "  rule vet_free \"免费\" exception to vet when veteran and organizer_free pay organizer 1200 yuan\n"
           "}\n");
  warnings(&s, 0);
  su_free(&s);

  /* the base does not apply where an exception does, so a third rule that
  ** overlaps the base only there is no overlap with it */
  load(&s, "benefit training \"培训补贴\" cite \"第1条\" {\n"
           "  rule base \"培训补贴\" when rural_migrant pay person 800 yuan\n"
           "  rule free \"免费\" exception to base when rural_migrant and organizer_free pay organizer 1000 yuan\n"
           "  rule org \"机构\" when organizer_free pay organizer 100 yuan\n"
           "}\n");
  warnings(&s, 1);
  has(&s, "rules 'free' and 'org' overlap");
  lacks(&s, "rules 'base' and 'org'");
  su_free(&s);

  /* without `exception to`, the same rules overlap */
  load(&s, "benefit training \"培训补贴\" cite \"第1条\" {\n"
           "  rule base \"培训补贴\" when rural_migrant or veteran pay person 800 yuan\n"
           "  rule free \"免费\" when veteran pay organizer 1000 yuan\n"
           "}\n");
  warnings(&s, 1);
  has(&s, "rule 'free' never decides benefit 'training': every claim it applies to is taken by an earlier rule");
  su_free(&s);
}

static void test_exception_takes_all(void **state)
{
  (void)state;
  su s;
  load(&s, "benefit training \"培训补贴\" cite \"第1条\" resolve max {\n"
           "  rule vet \"退役军人\" when veteran and fee > 0 yuan pay person 800 yuan\n"
           "  rule free \"免费\" exception to vet when veteran pay organizer 1000 yuan\n"
           "}\n");
  warnings(&s, 1);
  warned_at(&s, 4, "warning: rule 'vet' never decides benefit 'training': its exceptions take every claim it applies to");
  su_free(&s);
}

static void test_fully_shadowed(void **state)
{
  (void)state;
  su s;
  load(&s, "category key_group \"重点人群\" cite \"第1条\" = rural_migrant or college_grad\n"
           "benefit training \"培训补贴\" cite \"第1条\" {\n"
           "  rule key \"重点\" when key_group pay person 1000 yuan\n"
           "  rule grad \"毕业生\" when college_grad and fee > 500 yuan pay person 500 yuan\n"
           "  rule other \"其他\" when not key_group pay person 100 yuan\n"
           "  rule never_decides \"兜底\" pay person 1 yuan\n"
           "}\n");
  warnings(&s, 2);
  warned_at(&s, 6, "warning: rule 'grad' never decides benefit 'training': "
                   "every claim it applies to is taken by an earlier rule");
  has(&s, "rule 'never_decides' never decides benefit 'training'");
  /* one warning per rule: no overlap warnings for hidden rules */
  lacks(&s, "overlap");
  su_free(&s);

  /* covered by several earlier rules together, not by any one */
  load(&s, "benefit training \"培训补贴\" cite \"第1条\" {\n"
           "  rule low \"低\" when fee <= 1000 yuan pay person fee\n"
           "  rule high \"高\" when fee > 1000 yuan pay person 1000 yuan\n"
           "  rule migrant \"农民工\" when rural_migrant pay person 500 yuan\n"
           "}\n");
  warnings(&s, 1);
  has(&s, "rule 'migrant' never decides benefit 'training'");
  su_free(&s);
}

static void test_unknown_values(void **state)
{
  (void)state;
  su s;
  /* class_employment_rate may be empty: a rule after ">= 85%" and "< 85%"
  ** still decides the claims where it is unknown */
  load(&s, "benefit tranche \"项目制\" cite \"第1条\" {\n"
           "  rule full \"达标\" when class_employment_rate >= 85% pay organizer 1000 yuan\n"
           "  rule part \"未达标\" when class_employment_rate < 85% pay organizer 600 yuan\n"
           "  rule pending \"未报\" when not known(class_employment_rate) pay organizer 600 yuan\n"
           "  rule other \"其他\" pay organizer 1 yuan\n"
           "}\n");
  warnings(&s, 1);
  has(&s, "rule 'other' never decides benefit 'tranche'");
  lacks(&s, "'pending'");
  su_free(&s);

  /* a tautology over an unknown value is not always true */
  load(&s, "benefit b \"补贴\" cite \"第1条\" {\n"
           "  rule t \"恒真\" when class_employment_rate >= 85% or class_employment_rate < 85% pay organizer 1 yuan\n"
           "  rule other \"其他\" when organizer_free pay organizer 1 yuan\n"
           "}\n");
  lacks(&s, "never decides");
  su_free(&s);

  /* fields with defaults are never unknown: fee <= x or fee > x covers all */
  load(&s, "benefit b \"补贴\" cite \"第1条\" {\n"
           "  rule t \"恒真\" when fee <= 100 yuan or fee > 100 yuan pay organizer 1 yuan\n"
           "  rule other \"其他\" when organizer_free pay organizer 1 yuan\n"
           "}\n");
  warnings(&s, 1);
  has(&s, "rule 'other' never decides");
  su_free(&s);
}

static void test_resolve_max_no_overlap(void **state)
{
  (void)state;
  su s;
  load(&s, "benefit training \"培训补贴\" cite \"第1条\" resolve max {\n"
           "  rule migrant \"农民工\" when rural_migrant pay person 800 yuan\n"
           "  rule safety \"安全\" when training_type == safety pay person 300 yuan\n"
           "  rule all \"全部\" pay person 100 yuan\n"
           "  rule none \"无\" when fee < 0 yuan pay person 1 yuan\n"
           "}\n");
  /* only the rule that can never apply */
  warnings(&s, 1);
  has(&s, "rule 'none' can never apply");
  su_free(&s);
}

static void test_real_policies(void **state)
{
  (void)state;
  /* The city policies have no contradictory conditions. */
  static const char *const cities[] = {"yuncheng", "liaocheng", "jinan", "dezhou", "taian"};
  for (size_t i = 0; i < sizeof cities / sizeof cities[0]; i++) {
    char rel[64];
    snprintf(rel, sizeof rel, "policies/%s.polis", cities[i]);
    const char *path = tu_src_path(rel);
    if (access(path, R_OK) != 0)
      continue;
    su s;
    memset(&s, 0, sizeof s);
    s.out = open_memstream(&s.buf, &s.len);
    diag_init(&s.D, s.out);
    s.rc = unit_load(&s.u, &s.D, path);
    fflush(s.out);
    lacks(&s, "can never apply");
    su_free(&s);
  }
}

/* Many rules over many groups: decided quickly, all of them. */
static void test_many_rules(void **state)
{
  (void)state;
  static const char *const groups[] = {"poor_labor", "student", "rural_migrant", "veteran", "college_grad",
                                       "disabled", "new_hire", "hard_to_employ"};
  static const char *const types[] = {"employment_skill", "skill_upgrade", "pre_job", "safety"};
  char *body = NULL;
  size_t blen = 0;
  FILE *t = open_memstream(&body, &blen);
  fprintf(t, "benefit b \"补贴\" cite \"第1条\" {\n");
  unsigned seed = 7;
  for (int r = 0; r < 40; r++) {
    seed = seed * 1103515245u + 12345u;
    fprintf(t, "  rule r%d \"规则\" when (%s or %s) and training_type in {%s, %s} and fee > %u yuan "
               "and claim_date >= 2020-%02u-01 pay person 1 yuan\n",
            r, groups[(seed >> 8) % 8], groups[(seed >> 12) % 8], types[(seed >> 16) % 4],
            types[(seed >> 18) % 4], (seed >> 20) % 20 * 100, (seed >> 24) % 12 + 1);
  }
  fprintf(t, "  rule last \"兜底\" when fee < 0 yuan pay person 1 yuan\n}\n");
  fclose(t);
  clock_t c0 = clock();
  su s;
  load(&s, body);
  double secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
  free(body);
  if (s.rc != 0 || s.D.errors)
    fail_msg("unexpected errors:\n%s", s.buf);
  has(&s, "rule 'last' can never apply");
  assert_true(count(&s, "overlap") > 0);
  assert_true(secs < 10.0);
  su_free(&s);
}

/* A condition whose BDD is exponential in this variable order: the queries
** that need it are given up, silently and quickly, the others still run. */
static void test_gives_up_silently(void **state)
{
  (void)state;
  char *body = NULL;
  size_t blen = 0;
  FILE *t = open_memstream(&body, &blen);
  fprintf(t, "benefit b \"补贴\" cite \"第1条\" {\n  rule x \"甲\" when true");
  for (int k = 1; k <= 22; k++)
    fprintf(t, " and hours_total * %d > hours_online", k);
  fprintf(t, " pay person 1 yuan\n  rule y \"乙\" when true");
  for (int k = 1; k <= 22; k++)
    fprintf(t, " and insured_months * %d > residence_months", k);
  fprintf(t, " pay person 1 yuan\n  rule z \"丙\" when false");
  for (int k = 1; k <= 22; k++)
    fprintf(t, " or (hours_total * %d > hours_online and insured_months * %d > residence_months)", k, k);
  fprintf(t, " pay person 1 yuan\n  rule w \"丁\" when fee < 0 yuan pay person 1 yuan\n}\n");
  fclose(t);
  clock_t c0 = clock();
  su s;
  load(&s, body);
  double secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
  free(body);
  warnings(&s, 2);
  has(&s, "rules 'x' and 'y' overlap");
  has(&s, "rule 'w' can never apply");
  lacks(&s, "'z'");
  assert_true(secs < 10.0);
  su_free(&s);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_always_false),
    cmocka_unit_test(test_numeric_ranges),
    cmocka_unit_test(test_effective_period_and_windows),
    cmocka_unit_test(test_schema_checks),
    cmocka_unit_test(test_categories_and_params),
    cmocka_unit_test(test_dated_params),
    cmocka_unit_test(test_overlap),
    cmocka_unit_test(test_disjoint_ranges_no_overlap),
    cmocka_unit_test(test_exception_declared),
    cmocka_unit_test(test_exception_takes_all),
    cmocka_unit_test(test_fully_shadowed),
    cmocka_unit_test(test_unknown_values),
    cmocka_unit_test(test_resolve_max_no_overlap),
    cmocka_unit_test(test_real_policies),
    cmocka_unit_test(test_many_rules),
    cmocka_unit_test(test_gives_up_silently),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
