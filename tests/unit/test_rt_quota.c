/* Quotas (spec §8): final grants counted per key of a text field for the
** quota's year, `(other)` for keys not in the plan; the counters, the CSV
** report and the summary table. */
#include "testutil.h"

#include "polis_rt.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const DESC =
  "polis-descriptor 2\n"
  "policy\tquotas\tQuota test\t-\t-\t\t\t\t聊城市\n"
  "enum\tlevel\t-\n"
  "member\tnone\t-\n"
  "member\tjunior\t-\n"
  "field\tclaim_id\t-\ttext\t-\trequired\tclaim_id\t-\t-\t-\n"
  "field\tperson_id\t-\tresident_id\t-\trequired\tperson_id\t-\t-\t-\n"
  "field\tclaim_date\t-\tdate\t-\trequired\tclaim_date\t-\t-\t-\n"
  "field\tdistrict\t-\ttext\t-\t-\t-\t-\t-\t-\n"
  "field\tlevel\t-\tenum\tlevel\t-\t-\tnone\t-\t-\n"
  "field\tcert\t-\tbool\t-\t-\t-\tfalse\t-\t-\n"
  "symbol\t市本级\n"
  "symbol\t东昌府区\n"
  "benefit\ttraining\t-\t-\n"
  "benefit\tcert\t-\t-\n"
  "rule\ttrain\t-\t-\t0\tperson\n"
  "rule\tcertify\t-\t-\t1\torganizer\n"
  "reason\tyearly_limit\tdeny\t-\t-\n"
  "reason\tyearly_limit_cert\tdeny\t-\t-\n"
  "limit\tcount\t1\tyear\tcert\t-\tyearly_limit_cert\t-\n"
  "limit\tcount\t2\tyear\t-\t-\tyearly_limit\t-\n"
  "quota\tplan_2023\t2023年培训任务分解表\tdistrict\t2023\t附件1\n"
  "quota_key\t市本级\t100\n"
  "quota_key\t东昌府区\t50\n"
  "quota\tplan_2024\t-\tdistrict\t2024\t-\n"
  "quota_key\t市本级\t10\n"
  "end\n";

static void eval(const rt_batch *b)
{
  const int32_t *level = b->cols[4];
  const uint8_t *cert = b->cols[5];
  for (int64_t i = 0; i < b->n; i++) {
    int64_t *pay = &b->pay[i * 2 * RT_NPAYEES];
    if (level[i] != 0) {
      pay[RT_PAYEE_PERSON] = 30000;
      b->rules[i] |= 1;
    }
    if (cert[i]) {
      pay[RT_NPAYEES + RT_PAYEE_ORGANIZER] = 10000;
      b->rules[i] |= 2;
    }
  }
}

static rt_policy *load(void)
{
  rt_entry e = {RT_ABI_VERSION, 0, DESC, eval};
  char err[256];
  rt_policy *p = rt_policy_load(&e, err, sizeof err);
  if (!p)
    fail_msg("%s", err);
  return p;
}

#define HDR "claim_id,person_id,claim_date,district,level,cert\n"

/* Claims file text: rows "claim,PERSON#,rest". */
static char *claims(const char *const *rows, int n)
{
  size_t cap = 256 + (size_t)n * 128;
  char *text = malloc(cap);
  strcpy(text, HDR);
  for (int i = 0; i < n; i++) {
    char claim[32], rest[96], id[19];
    int person;
    if (sscanf(rows[i], "%31[^,],%d,%95s", claim, &person, rest) != 3)
      fail_msg("test bug: %s", rows[i]);
    tu_resident_id(id, "37150219900101", person);
    snprintf(text + strlen(text), cap - strlen(text), "%s,%s,%s\n", claim, id, rest);
  }
  return text;
}

static const char *const ROWS[] = {
  "q1,1,2023-01-01,市本级,junior,false",
  "q2,1,2023-02-01,市本级,none,true",     /* cert only */
  "q3,1,2023-03-01,市本级,junior,false",  /* 3rd grant of 2023: denied */
  "q4,2,2023-01-01,东昌府区,junior,true",
  "q5,2,2023-02-01,东昌府区,junior,true", /* cert cut, still granted */
  "q6,3,2023-01-01,临清市,junior,false",  /* not in the plan (nor a symbol) */
  "q7,4,2023-01-01,,junior,false",        /* no district */
  "q8,5,2023-01-01,市本级,none,false",    /* denied */
  "q9,5,2024-01-01,市本级,junior,false",  /* the 2024 plan */
  "q10,6,2022-12-31,市本级,junior,false", /* no plan for 2022 */
  "q11,7,2023-13-01,市本级,junior,false", /* rejected */
};
#define NROWS (int)(sizeof ROWS / sizeof ROWS[0])

static const char *const WANT_DECISIONS =
  "claim_id,status,person_amount,organizer_amount,total_amount,rules,reasons\n"
  "q1,granted,300.00,0.00,300.00,train,\n"
  "q2,granted,0.00,100.00,100.00,certify,\n"
  "q3,denied,0.00,0.00,0.00,,yearly_limit\n"
  "q4,granted,300.00,100.00,400.00,train|certify,\n"
  "q5,granted,300.00,0.00,300.00,train,yearly_limit_cert\n"
  "q6,granted,300.00,0.00,300.00,train,\n"
  "q7,granted,300.00,0.00,300.00,train,\n"
  "q8,denied,0.00,0.00,0.00,,no_rule_applies\n"
  "q9,granted,300.00,0.00,300.00,train,\n"
  "q10,granted,300.00,0.00,300.00,train,\n"
  "q11,rejected,0.00,0.00,0.00,,bad_date:claim_date\n";

static const char *const WANT_REPORT =
  "quota,key,planned,granted\n"
  "plan_2023,市本级,100,2\n"
  "plan_2023,东昌府区,50,2\n"
  "plan_2023,(other),0,2\n"
  "plan_2023,(total),150,6\n"
  "plan_2024,市本级,10,1\n"
  "plan_2024,(other),0,0\n"
  "plan_2024,(total),10,1\n";

static void test_counts(void **state)
{
  (void)state;
  rt_policy *p = load();
  assert_int_equal(p->quota_slots, 5);
  char *text = claims(ROWS, NROWS);
  FILE *in = fmemopen(text, strlen(text), "rb");
  char *out = NULL;
  size_t outlen = 0;
  FILE *o = open_memstream(&out, &outlen);
  int64_t granted[5];
  memset(granted, 0x55, sizeof granted); /* the run sets every counter */
  rt_score_opts opts = {NULL, NULL, NULL, 1, 0, NULL, granted};
  rt_summary sum;
  assert_int_equal(rt_score_stream(p, in, "claims.csv", o, &opts, &sum), 0);
  fclose(in);
  fclose(o);
  assert_string_equal(out, WANT_DECISIONS);
  assert_int_equal(sum.granted, 8);
  /* plan_2023: 市本级 q1 q2, 东昌府区 q4 q5, (other) q6 q7; plan_2024: 市本级 q9. */
  static const int64_t want[5] = {2, 2, 2, 1, 0};
  for (int i = 0; i < 5; i++)
    if (granted[i] != want[i])
      fail_msg("counter %d: %lld, expected %lld", i, (long long)granted[i],
               (long long)want[i]);

  /* The CSV report from the counters. */
  char *rep = NULL;
  size_t replen = 0;
  FILE *r = open_memstream(&rep, &replen);
  assert_int_equal(rt_quota_report(p, granted, r), 0);
  fclose(r);
  assert_string_equal(rep, WANT_REPORT);
  free(rep);

  /* The table of the summary: keys aligned by display width (a CJK
  ** character takes two columns). */
  r = open_memstream(&rep, &replen);
  rt_quota_print(p, granted, r);
  fclose(r);
  assert_string_equal(rep,
    "quota     plan_2023 — 2023年培训任务分解表, 2023, by district (附件1)\n"
    "  district        planned    granted  granted%\n"
    "  市本级              100          2      2.0%\n"
    "  东昌府区             50          2      4.0%\n"
    "  (other)               -          2         -\n"
    "  (total)             150          6      4.0%\n"
    "quota     plan_2024, 2024, by district\n"
    "  district        planned    granted  granted%\n"
    "  市本级               10          1     10.0%\n"
    "  (other)               -          0         -\n"
    "  (total)              10          1     10.0%\n");
  free(rep);

  free(out);
  free(text);
  rt_policy_free(p);
}

/* Run rt_score_main with stderr captured. */
static int score_main(const rt_policy *p, int argc, const char **argv, char **err)
{
  char *path = tu_write_temp("", ".stderr");
  fflush(stderr);
  int saved = dup(2);
  int fd = open(path, O_WRONLY | O_TRUNC);
  dup2(fd, 2);
  close(fd);
  int rc = rt_score_main(p, "quota score", argc, (char **)argv);
  fflush(stderr);
  dup2(saved, 2);
  close(saved);
  *err = tu_read_file(path, NULL);
  unlink(path);
  free(path);
  return rc;
}

static void test_cli(void **state)
{
  (void)state;
  rt_policy *p = load();
  char *text = claims(ROWS, NROWS);
  char *in = tu_write_temp(text, ".csv");
  char *out = tu_write_temp("", ".out");
  char *rep = tu_write_temp("", ".quota.csv");
  char *err;

  const char *args[] = {"score", "--claims", in, "-o", out, "--quota-report", rep,
                        "--no-progress"};
  assert_int_equal(score_main(p, 8, args, &err), 0);
  char *got = tu_read_file(rep, NULL);
  assert_string_equal(got, WANT_REPORT);
  free(got);
  got = tu_read_file(out, NULL);
  assert_string_equal(got, WANT_DECISIONS);
  free(got);
  /* The summary shows the table. */
  assert_non_null(strstr(err, "rows      11: 8 granted, 2 denied, 1 rejected\n"));
  assert_non_null(strstr(err, "  (total)             150          6      4.0%\n"));
  free(err);

  /* --quiet: no summary, but the report is written. */
  unlink(rep);
  char eq[600];
  snprintf(eq, sizeof eq, "--quota-report=%s", rep);
  const char *quiet[] = {"score", "--claims", in, "-o", out, eq, "--quiet"};
  assert_int_equal(score_main(p, 7, quiet, &err), 0);
  assert_string_equal(err, "");
  free(err);
  got = tu_read_file(rep, NULL);
  assert_string_equal(got, WANT_REPORT);
  free(got);

  /* Usage errors. */
  const char *both[] = {"score", "--claims", in, "--quota-report", "-"};
  assert_int_equal(score_main(p, 5, both, &err), 2);
  assert_non_null(strstr(err, "cannot both go to standard output"));
  free(err);
  const char *clobber[] = {"score", "--claims", in, "-o", out, "--quota-report", in};
  assert_int_equal(score_main(p, 7, clobber, &err), 2);
  assert_non_null(strstr(err, "would overwrite another file"));
  free(err);
  const char *noval[] = {"score", "--claims", in, "--quota-report"};
  assert_int_equal(score_main(p, 4, noval, &err), 2);
  free(err);
  const char *baddir[] = {"score", "--claims", in, "-o", out, "--quiet",
                          "--quota-report", "/nonexistent/q.csv"};
  assert_int_equal(score_main(p, 8, baddir, &err), 1);
  assert_non_null(strstr(err, "/nonexistent/q.csv: error: cannot open for writing"));
  free(err);

  unlink(in);
  unlink(out);
  unlink(rep);
  free(in);
  free(out);
  free(rep);
  free(text);
  rt_policy_free(p);
}

/* Many rows across batches: the counts come out exact. */
static void test_many(void **state)
{
  (void)state;
  rt_policy *p = load();
  enum { N = 20000 };
  size_t cap = (size_t)N * 80 + 64;
  char *text = malloc(cap);
  size_t n = (size_t)snprintf(text, cap, HDR);
  int64_t want[5] = {0};
  static const char *const dist[] = {"市本级", "东昌府区", "临清市", ""};
  for (int i = 0; i < N; i++) {
    char id[19], prefix[24];
    int year = 2022 + i % 3, d = (i / 3) % 4, granted = i % 7 != 0;
    /* Every claim has its own person (area code digits vary), so no
    ** limit applies. */
    snprintf(prefix, sizeof prefix, "37%04d19900101", i / 1000);
    tu_resident_id(id, prefix, i % 1000);
    n += (size_t)snprintf(text + n, cap - n, "c%d,%s,%d-05-01,%s,%s,false\n", i, id, year,
                          dist[d], granted ? "junior" : "none");
    if (!granted)
      continue;
    if (year == 2023)
      want[d < 2 ? d : 2]++;
    else if (year == 2024)
      want[d == 0 ? 3 : 4]++;
  }
  FILE *in = fmemopen(text, n, "rb");
  FILE *o = fopen("/dev/null", "wb");
  int64_t granted[5];
  rt_score_opts opts = {NULL, NULL, NULL, 1, 0, NULL, granted};
  rt_summary sum;
  assert_int_equal(rt_score_stream(p, in, "claims.csv", o, &opts, &sum), 0);
  fclose(in);
  fclose(o);
  assert_int_equal(sum.rows, N);
  assert_int_equal(sum.granted, N - (N + 6) / 7);
  assert_true(want[0] > 1000 && want[4] > 1000);
  for (int i = 0; i < 5; i++)
    if (granted[i] != want[i])
      fail_msg("counter %d: %lld, expected %lld", i, (long long)granted[i],
               (long long)want[i]);
  free(text);
  rt_policy_free(p);
}

/* A policy without quotas: an empty report (the header), no counters. */
static void test_none(void **state)
{
  (void)state;
  const char *end = strstr(DESC, "quota\t");
  size_t k = (size_t)(end - DESC);
  char *text = malloc(k + 8);
  memcpy(text, DESC, k);
  strcpy(text + k, "end\n");
  rt_entry e = {RT_ABI_VERSION, 0, text, eval};
  char err[256];
  rt_policy *p = rt_policy_load(&e, err, sizeof err);
  if (!p)
    fail_msg("%s", err);
  assert_int_equal(p->n_quotas, 0);
  assert_int_equal(p->quota_slots, 0);
  char *rep = NULL;
  size_t replen = 0;
  FILE *r = open_memstream(&rep, &replen);
  assert_int_equal(rt_quota_report(p, NULL, r), 0);
  rt_quota_print(p, NULL, r);
  fclose(r);
  assert_string_equal(rep, "quota,key,planned,granted\n");
  free(rep);
  rt_policy_free(p);
  free(text);
}

/* `describe` of a per-city executable shows the ABI 2 records. */
static void test_describe(void **state)
{
  (void)state;
  char *path = tu_write_temp("", ".stdout");
  fflush(stdout);
  int saved = dup(1);
  int fd = open(path, O_WRONLY | O_TRUNC);
  dup2(fd, 1);
  close(fd);
  rt_entry e = {RT_ABI_VERSION, 0, DESC, eval};
  const char *argv[] = {"liaocheng", "describe"};
  int rc = rt_exe_main(&e, 2, (char **)argv);
  fflush(stdout);
  dup2(saved, 1);
  close(saved);
  char *got = tu_read_file(path, NULL);
  unlink(path);
  free(path);
  assert_int_equal(rc, 0);
  static const char *const want[] = {
    "city        聊城市\n",
    "runtime ABI 2\n",
    "  at most 1 granted claim a calendar year, for benefit cert -> yearly_limit_cert\n",
    "  at most 2 granted claims a calendar year -> yearly_limit\n",
    "quotas (reporting only):\n  plan_2023  2023年培训任务分解表, 2023, by district\n"
    "      cite: 附件1\n",
    "  plan_2024, 2024, by district\n",
  };
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
    if (!strstr(got, want[i]))
      fail_msg("describe lacks '%s':\n%s", want[i], got);
  free(got);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_counts),
    cmocka_unit_test(test_cli),
    cmocka_unit_test(test_many),
    cmocka_unit_test(test_none),
    cmocka_unit_test(test_describe),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
