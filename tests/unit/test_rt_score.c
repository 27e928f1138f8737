/* End-to-end scoring with a mock policy: a hand-written descriptor and a
** hand-written C evaluator wrapped in an rt_entry, as a compiled policy
** would be. */
#include "testutil.h"

#include "polis_rt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const MOCK =
  "polis-descriptor 2\n"
  "policy\tmock\tMock city\tmock.pdf\t0123abcd\t2023-01-01\t2023-01-01\t\t运城市\n"
  "enum\tlevel\tLevel\n"
  "member\tnone\t-\n"
  "member\tjunior\t-\n"
  "member\tsenior\t-\n"
  "enum\tgroup\tGroup\n"
  "member\tpoor_labor\t-\n"
  "member\tveteran\t-\n"
  "field\tclaim_id\t-\ttext\t-\trequired\tclaim_id\t-\t-\t-\n"
  "field\tperson_id\t-\tresident_id\t-\trequired\tperson_id\t-\t-\t-\n"
  "field\tclaim_date\t-\tdate\t-\trequired\tclaim_date\t-\t-\t-\n"
  "field\toccupation\t-\ttext\t-\trequired\t-\t-\t-\t-\n"
  "field\tlevel\t-\tenum\tlevel\t-\t-\tnone\t-\t-\n"
  "field\tfee\t-\tmoney\t-\t-\t-\t0\t0\t-\n"
  "field\tgroups\t-\tset\tgroup\t-\t-\t-\t-\t-\n"
  "field\tdays\t-\tdays\t-\tcomputed\t-\t-\t0\t-\n"
  "field\tlocal\t-\tbool\t-\t-\t-\ttrue\t-\t-\n"
  "symbol\t电工\n"
  "benefit\tsubsidy\tTraining subsidy\tArt. 5\n"
  "rule\tpay_person\tPays the person\tArt. 5\t0\tperson\n"
  "rule\tpay_org\tPays the organizer\tArt. 6\t0\torganizer\n"
  "reason\tnot_local\tdeny\tNot local\tArt. 2\n"
  "reason\tfee_too_high\treject\tFee too high\t-\n"
  "reason\tyearly_cap\tdeny\tAt most 3 a year\tArt. 9\n"
  "reason\trepeat_level\tdeny\tNo repeat\tArt. 10\n"
  "reason\tdays_unknown\tinfo\tDays not given\t-\n"
  "limit\tcount\t3\tyear\t-\t-\tyearly_cap\tArt. 9\n"
  "limit\tunique\toccupation,level\tever\t-\t-\trepeat_level\tArt. 10\n"
  "end\n";

/* 300.00 to the person when level != none and the person is local; 10% of
** the fee (half up) to the organizer; a fee over 10000.00 is a reject
** reason (its payment must be ignored); veterans get 50.00 more. */
static void mock_eval(const rt_batch *b)
{
  const int32_t *level = b->cols[4];
  const int64_t *fee = b->cols[5];
  const uint64_t *groups = b->cols[6];
  const int64_t *days = b->cols[7];
  const uint8_t *local = b->cols[8];
  for (int64_t i = 0; i < b->n; i++) {
    int64_t *pay = &b->pay[i * 2];
    if (days[i] == RT_UNKNOWN)
      b->reasons[i] |= 1u << 4;
    if (fee[i] > 1000000) {
      b->reasons[i] |= 1u << 1;
      pay[0] = 30000;
      continue;
    }
    if (!local[i]) {
      b->reasons[i] |= 1u << 0;
      continue;
    }
    if (level[i] == 0)
      continue;
    pay[0] = 30000 + (groups[i] & 2 ? 5000 : 0);
    b->rules[i] |= 1;
    if (fee[i] > 0) {
      pay[1] = (fee[i] * 10 + 50) / 100;
      b->rules[i] |= 2;
    }
  }
}

static const rt_entry MOCK_ENTRY = {RT_ABI_VERSION, 0, NULL, mock_eval};

static rt_policy *load_mock(void)
{
  rt_entry e = MOCK_ENTRY;
  e.descriptor = MOCK;
  char err[256];
  rt_policy *p = rt_policy_load(&e, err, sizeof err);
  if (!p)
    fail_msg("%s", err);
  return p;
}

static void make_id(char out[19], int person)
{
  tu_resident_id(out, "37150219900101", person % 1000);
}

static char *score_text(const rt_policy *p, const char *text, rt_summary *sum)
{
  FILE *in = fmemopen((void *)text, strlen(text), "rb");
  char *out = NULL;
  size_t n = 0;
  FILE *o = open_memstream(&out, &n);
  rt_score_opts opts = {NULL, NULL, NULL, 1, 0, NULL, NULL};
  int rc = rt_score_stream(p, in, "claims.csv", o, &opts, sum);
  fclose(in);
  fclose(o);
  assert_int_equal(rc, 0);
  return out;
}

#define HDR "claim_id,person_id,claim_date,occupation,level,fee,groups,days,local\n"
#define OUT_HDR "claim_id,status,person_amount,organizer_amount,total_amount,rules,reasons\n"

static void test_decisions(void **state)
{
  (void)state;
  rt_policy *p = load_mock();
  char id[19], bad[19], text[4096];
  make_id(id, 1);
  memcpy(bad, id, 19);
  bad[17] = bad[17] == '0' ? '1' : '0';
  snprintf(text, sizeof text,
           HDR
           "g1,%s,2023-01-05,电工,junior,250,,3,\n"       /* 300 + 25 */
           "g2,%s,2023-01-06,焊工,senior,,veteran,,yes\n" /* 350, days unknown */
           "d1,%s,2023-01-07,电工,none,,,1,\n"            /* earns nothing */
           "d2,%s,2023-01-08,厨师,junior,,,1,false\n"     /* not local */
           "r1,%s,2023-01-09,电工,senior,,,1,\n"          /* bad check digit */
           "r2,%s,2023-02-30,,expert,1.234,pilot,x,maybe\n"
           "r3,%s,2023-01-10,木工,junior,20000,,1,\n"     /* evaluator rejects */
           "g1,%s,2023-01-11,瓦工,junior,,,1,\n"          /* duplicate claim_id */
           ",%s,2023-01-12,瓦工,junior,,,1,\n"            /* no claim_id */
           "\"q,1\",%s,2023-01-13,\"泥,工\",junior,,,1,\n",
           id, id, id, id, bad, id, id, id, id, id);
  rt_summary sum;
  char *out = score_text(p, text, &sum);
  assert_string_equal(out,
    OUT_HDR
    "g1,granted,300.00,25.00,325.00,pay_person|pay_org,\n"
    "g2,granted,350.00,0.00,350.00,pay_person,days_unknown\n"
    "d1,denied,0.00,0.00,0.00,,no_rule_applies\n"
    "d2,denied,0.00,0.00,0.00,,not_local\n"
    "r1,rejected,0.00,0.00,0.00,,bad_id_checksum:person_id\n"
    "r2,rejected,0.00,0.00,0.00,,bad_date:claim_date|missing_required:occupation|"
    "bad_enum:level|bad_money:fee|bad_enum:groups|bad_int:days|bad_bool:local\n"
    "r3,rejected,0.00,0.00,0.00,,fee_too_high\n"
    "g1,rejected,0.00,0.00,0.00,,duplicate_claim_id\n"
    ",rejected,0.00,0.00,0.00,,missing_required:claim_id\n"
    "\"q,1\",granted,300.00,0.00,300.00,pay_person,\n");
  assert_int_equal(sum.rows, 10);
  assert_int_equal(sum.granted, 3);
  assert_int_equal(sum.denied, 2);
  assert_int_equal(sum.rejected, 5);
  assert_int_equal(sum.person_fen, 95000);
  assert_int_equal(sum.organizer_fen, 2500);
  free(out);
  rt_policy_free(p);
}

/* Same input, same bytes; and a shuffled input gives every claim the same
** decision, in the new input order. */
static void test_deterministic_and_shuffled(void **state)
{
  (void)state;
  rt_policy *p = load_mock();
  enum { N = 400 };
  static const char *const occ[] = {"电工", "焊工", "木工"};
  static const char *const lvl[] = {"none", "junior", "senior"};
  char *lines[N];
  for (int i = 0; i < N; i++) {
    char id[19], buf[256];
    make_id(id, i % 23);
    snprintf(buf, sizeof buf, "c%03d,%s,%d-%02d-%02d,%s,%s,%d,,1,\n", i, id,
             2022 + i % 2, 1 + i % 12, 1 + i % 7, occ[i % 3], lvl[(i / 3) % 3],
             (i * 37) % 500);
    lines[i] = strdup(buf);
  }
  size_t cap = N * 256 + 128;
  char *a = malloc(cap), *b = malloc(cap);
  strcpy(a, HDR);
  for (int i = 0; i < N; i++)
    strcat(a, lines[i]);
  /* Deterministic shuffle. */
  int perm[N];
  for (int i = 0; i < N; i++)
    perm[i] = i;
  unsigned x = 12345;
  for (int i = N - 1; i > 0; i--) {
    x = x * 1103515245u + 12345u;
    int j = (int)((x >> 8) % (unsigned)(i + 1));
    int t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  strcpy(b, HDR);
  for (int i = 0; i < N; i++)
    strcat(b, lines[perm[i]]);

  char *o1 = score_text(p, a, NULL);
  char *o2 = score_text(p, a, NULL);
  assert_string_equal(o1, o2);
  char *o3 = score_text(p, b, NULL);

  /* Decision lines of o1 indexed by claim number. */
  char *dec[N] = {0};
  char *save = NULL;
  int row = 0;
  for (char *l = strtok_r(o1, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
    if (row++ == 0)
      continue;
    dec[atoi(l + 1)] = l;
  }
  assert_int_equal(row, N + 1);
  row = 0;
  int granted = 0, limited = 0;
  for (char *l = strtok_r(o3, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
    if (row++ == 0)
      continue;
    int k = perm[row - 2];
    assert_int_equal(atoi(l + 1), k);
    assert_string_equal(l, dec[k]);
    granted += strstr(l, ",granted,") != NULL;
    limited += strstr(l, "yearly_cap") != NULL || strstr(l, "repeat_level") != NULL;
  }
  assert_int_equal(row, N + 1);
  /* The data must exercise both outcomes for the test to mean anything. */
  assert_true(granted > 20);
  assert_true(limited > 20);
  for (int i = 0; i < N; i++)
    free(lines[i]);
  free(a);
  free(b);
  free(o1);
  free(o2);
  free(o3);
  rt_policy_free(p);
}

/* 200k rows, some broken: every input row has exactly one decision. */
static void test_many_rows(void **state)
{
  (void)state;
  rt_policy *p = load_mock();
  enum { N = 200000 };
  size_t cap = (size_t)N * 96 + 256;
  char *text = malloc(cap);
  size_t n = 0;
  n += (size_t)snprintf(text + n, cap - n, "%s", HDR);
  for (int i = 0; i < N; i++) {
    char id[19];
    make_id(id, i % 997);
    if (i % 1000 == 7)
      n += (size_t)snprintf(text + n, cap - n, "c%d,%s,2023-01-01\n", i, id);
    else if (i % 1000 == 8)
      n += (size_t)snprintf(text + n, cap - n, "c%d,%s,\"2023-01-01\"x,a,junior,,,,\n", i, id);
    else
      n += (size_t)snprintf(text + n, cap - n, "c%d,%s,2023-%02d-%02d,%s,junior,%d,,,\r\n",
                            i, id, 1 + i % 12, 1 + i % 28, i % 2 ? "电工" : "焊工", i % 300);
  }
  rt_summary sum;
  char *out = score_text(p, text, &sum);
  assert_int_equal(sum.rows, N);
  assert_int_equal(sum.granted + sum.denied + sum.rejected, N);
  assert_int_equal(sum.rejected, 2 * (N / 1000));
  assert_true(sum.granted > 1000);
  char *line = strchr(out, '\n') + 1;
  for (int i = 0; i < N; i++) {
    char want[32];
    int k = snprintf(want, sizeof want, "c%d,", i);
    assert_memory_equal(line, want, (size_t)k);
    char *nl = strchr(line, '\n');
    assert_non_null(nl);
    line = nl + 1;
  }
  assert_int_equal(*line, 0);
  free(out);
  free(text);
  rt_policy_free(p);
}

/* rt_score with paths: a header error leaves no output file behind. */
static void test_files(void **state)
{
  (void)state;
  rt_policy *p = load_mock();
  char id[19], text[512];
  make_id(id, 5);
  snprintf(text, sizeof text, HDR "a,%s,2023-05-01,电工,junior,,,1,\n", id);
  char *in = tu_write_temp(text, ".csv");
  char *out = tu_write_temp("", ".out");
  unlink(out);
  rt_score_opts o = {in, out, NULL, 1, 0, NULL, NULL};
  rt_summary sum;
  assert_int_equal(rt_score(p, &o, &sum), 0);
  char *got = tu_read_file(out, NULL);
  assert_string_equal(got, OUT_HDR "a,granted,300.00,0.00,300.00,pay_person,\n");
  free(got);
  unlink(out);
  unlink(in);
  free(in);

  in = tu_write_temp("claim_id,person_id\nx,y\n", ".csv");
  o.claims_path = in;
  assert_int_not_equal(rt_score(p, &o, &sum), 0);
  struct stat st;
  assert_int_not_equal(stat(out, &st), 0);
  o.claims_path = "/nonexistent/claims.csv";
  assert_int_not_equal(rt_score(p, &o, &sum), 0);
  unlink(in);
  free(in);
  free(out);
  rt_policy_free(p);
}

/* Run rt_exe_main with stdout sent to a file; returns its output. */
static char *exe_stdout(const rt_entry *e, int argc, const char **argv, int *rc)
{
  char *path = tu_write_temp("", ".stdout");
  fflush(stdout);
  int saved = dup(1);
  FILE *f = fopen(path, "wb");
  dup2(fileno(f), 1);
  fclose(f);
  *rc = rt_exe_main(e, argc, (char **)argv);
  fflush(stdout);
  dup2(saved, 1);
  close(saved);
  char *text = tu_read_file(path, NULL);
  unlink(path);
  free(path);
  return text;
}

static int run_main(const rt_policy *p, int argc, const char **argv)
{
  return rt_score_main(p, "mock score", argc, (char **)argv);
}

static void test_cli(void **state)
{
  (void)state;
  rt_policy *p = load_mock();
  char id[19], text[512];
  make_id(id, 9);
  snprintf(text, sizeof text, HDR "a,%s,2023-05-01,电工,junior,,,1,\n", id);
  char *in = tu_write_temp(text, ".csv");
  char *out = tu_write_temp("", ".out");
  char *ledger = tu_write_temp("", ".ledger");
  unlink(ledger);

  const char *ok[] = {"score", "--claims", in, "-o", out, "--quiet", "--no-progress",
                      "--ledger", ledger};
  assert_int_equal(run_main(p, 9, ok), 0);
  char *got = tu_read_file(out, NULL);
  assert_string_equal(got, OUT_HDR "a,granted,300.00,0.00,300.00,pay_person,\n");
  free(got);
  got = tu_read_file(ledger, NULL);
  assert_non_null(got);
  assert_non_null(strstr(got, "person_id,claim_date,claim_id,occupation,level,benefits,flags\n"));
  free(got);
  /* Same again: the ledger now holds claim a. */
  char eq_claims[600], eq_out[600];
  snprintf(eq_claims, sizeof eq_claims, "--claims=%s", in);
  snprintf(eq_out, sizeof eq_out, "--output=%s", out);
  const char *again[] = {"score", eq_claims, eq_out, "--quiet", "--ledger", ledger};
  assert_int_equal(run_main(p, 6, again), 0);
  got = tu_read_file(out, NULL);
  assert_string_equal(got, OUT_HDR "a,rejected,0.00,0.00,0.00,,duplicate_claim_id\n");
  free(got);

  const char *help[] = {"score", "--help"};
  assert_int_equal(run_main(p, 2, help), 0);
  assert_int_equal(rt_score_main(NULL, "polis score POLICY", 2, (char **)help), 0);
  const char *none[] = {"score"};
  assert_int_equal(run_main(p, 1, none), 2);
  const char *unknown[] = {"score", "--claims", in, "--frobnicate"};
  assert_int_equal(run_main(p, 4, unknown), 2);
  const char *noval[] = {"score", "--claims"};
  assert_int_equal(run_main(p, 2, noval), 2);
  const char *stray[] = {"score", "--claims", in, "extra"};
  assert_int_equal(run_main(p, 4, stray), 2);
  const char *missing[] = {"score", "--claims", "/nonexistent/x.csv", "--quiet"};
  assert_int_equal(run_main(p, 4, missing), 1);

  /* The stand-alone executable's main. */
  rt_entry e = MOCK_ENTRY;
  e.descriptor = MOCK;
  int rc;
  const char *describe[] = {"/usr/bin/mockcity", "describe"};
  got = exe_stdout(&e, 2, describe, &rc);
  assert_int_equal(rc, 0);
  assert_non_null(strstr(got, "policy      mock\n"));
  assert_non_null(strstr(got, "  fee                      money                  default=0 min=0.00\n"));
  assert_non_null(strstr(got, "    rule pay_org (pays the organizer)  Pays the organizer\n"));
  assert_non_null(strstr(got, "  at most 3 granted claims a calendar year -> yearly_cap\n"));
  assert_non_null(strstr(got, "equal occupation + level -> repeat_level\n      cite: Art. 10\n"));
  free(got);
  const char *version[] = {"mockcity", "--version"};
  got = exe_stdout(&e, 2, version, &rc);
  assert_int_equal(rc, 0);
  assert_string_equal(got, "mockcity: policy mock, source sha256 0123abcd, Polis runtime ABI 2\n");
  free(got);
  const char *ehelp[] = {"mockcity", "--help"};
  got = exe_stdout(&e, 2, ehelp, &rc);
  assert_int_equal(rc, 0);
  assert_non_null(strstr(got, "Usage: mockcity score --claims FILE"));
  free(got);
  const char *bare[] = {"mockcity"};
  assert_int_equal(rt_exe_main(&e, 1, (char **)bare), 2);
  const char *bogus[] = {"mockcity", "frob"};
  assert_int_equal(rt_exe_main(&e, 2, (char **)bogus), 2);
  unlink(out);
  const char *escore[] = {"mockcity", "score", "--claims", in, "-o", out, "--quiet"};
  assert_int_equal(rt_exe_main(&e, 7, (char **)escore), 0);
  got = tu_read_file(out, NULL);
  assert_string_equal(got, OUT_HDR "a,granted,300.00,0.00,300.00,pay_person,\n");
  free(got);
  e.descriptor = "polis-descriptor 2\nbogus\n";
  assert_int_equal(rt_exe_main(&e, 2, (char **)describe), 1);

  unlink(in);
  unlink(out);
  unlink(ledger);
  free(in);
  free(out);
  free(ledger);
  rt_policy_free(p);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_decisions),
    cmocka_unit_test(test_deterministic_and_shuffled),
    cmocka_unit_test(test_many_rows),
    cmocka_unit_test(test_files),
    cmocka_unit_test(test_cli),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
