/* Per-person limits and the ledger, exactly as claims-v1 describes them:
** applied in (claim_date, claim_id) order whatever the input order, only
** grants count, a stopped claim uses up no slot. */
#include "testutil.h"

#include "polis_rt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const DESC =
  "polis-descriptor 1\n"
  "policy\tlimits\t-\t-\t-\t\t\t\n"
  "enum\tlevel\t-\n"
  "member\tnone\t-\n"
  "member\tjunior\t-\n"
  "member\tsenior\t-\n"
  "field\tclaim_id\t-\ttext\t-\trequired\tclaim_id\t-\t-\t-\n"
  "field\tperson_id\t-\tresident_id\t-\trequired\tperson_id\t-\t-\t-\n"
  "field\tclaim_date\t-\tdate\t-\trequired\tclaim_date\t-\t-\t-\n"
  "field\toccupation\t-\ttext\t-\trequired\t-\t-\t-\t-\n"
  "field\tlevel\t-\tenum\tlevel\t-\t-\tnone\t-\t-\n"
  "benefit\tb\t-\t-\n"
  "rule\tpays\t-\t-\t0\tperson\n"
  "reason\tyearly_cap\tdeny\t-\t-\n"
  "reason\trepeat_level\tdeny\t-\t-\n"
  "limit\tper_year\t3\tyearly_cap\t-\n"
  "limit\tunique\toccupation,level\trepeat_level\t-\n"
  "end\n";

/* 300.00 whenever level != none. */
static void eval(const rt_batch *b)
{
  const int32_t *level = b->cols[4];
  for (int64_t i = 0; i < b->n; i++)
    if (level[i] != 0) {
      b->pay[i * 2] = 30000;
      b->rules[i] = 1;
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

/* A (c, s) pair of valid IDs for person k: s has a lowercase x if any. */
static void make_id(char out[19], int k)
{
  tu_resident_id(out, "11010519491231", k % 1000);
}

#define HDR "claim_id,person_id,claim_date,occupation,level\n"

/* Score the lines (each "claim,PERSON#,date,occupation,level" where
** PERSON# is a person number) and return the decisions, header dropped. */
static char *run(const rt_policy *p, const char *const *rows, int n, const char *ledger)
{
  size_t cap = 256 + (size_t)n * 128;
  char *text = malloc(cap);
  strcpy(text, HDR);
  for (int i = 0; i < n; i++) {
    char claim[32], date[16], occ[64], level[16], id[19];
    int person;
    if (sscanf(rows[i], "%31[^,],%d,%15[^,],%63[^,],%15s", claim, &person, date, occ, level) != 5)
      fail_msg("test bug: %s", rows[i]);
    make_id(id, person);
    if (person >= 100 && id[17] == 'X')
      id[17] = 'x';
    snprintf(text + strlen(text), cap - strlen(text), "%s,%s,%s,%s,%s\n", claim, id, date,
             occ, level);
  }
  FILE *in = fmemopen(text, strlen(text), "rb");
  char *out = NULL;
  size_t outlen = 0;
  FILE *o = open_memstream(&out, &outlen);
  rt_score_opts opts = {NULL, NULL, ledger, 1, 0};
  int rc = rt_score_stream(p, in, "claims.csv", o, &opts, NULL);
  fclose(in);
  fclose(o);
  free(text);
  assert_int_equal(rc, 0);
  assert_memory_equal(out, "claim_id,status,", 16);
  char *body = strdup(strchr(out, '\n') + 1);
  free(out);
  return body;
}

#define G(c) c ",granted,300.00,0.00,300.00,pays,\n"
#define CAP(c) c ",denied,0.00,0.00,0.00,,yearly_cap\n"
#define REP(c) c ",denied,0.00,0.00,0.00,,repeat_level\n"
#define NONE(c) c ",denied,0.00,0.00,0.00,,no_rule_applies\n"

static void test_per_year(void **state)
{
  (void)state;
  rt_policy *p = load();
  /* Input order is not date order: the 4th by (date, claim_id) is c4. */
  static const char *const rows[] = {
    "c4,1,2023-12-01,a,junior", "c1,1,2023-01-01,b,junior", "c3,1,2023-06-01,c,junior",
    "c2,1,2023-03-01,d,junior", "c5,1,2024-01-01,e,junior", "o1,2,2023-12-01,a,junior",
  };
  char *out = run(p, rows, 6, NULL);
  assert_string_equal(out, CAP("c4") G("c1") G("c3") G("c2") G("c5") G("o1"));
  free(out);

  /* Same date: claim_id breaks the tie bytewise ("c10" < "c9"). */
  static const char *const tie[] = {
    "c9,1,2023-05-05,a,junior", "c10,1,2023-05-05,b,junior", "c11,1,2023-05-05,c,junior",
    "c8,1,2023-05-05,d,junior",
  };
  out = run(p, tie, 4, NULL);
  assert_string_equal(out, CAP("c9") G("c10") G("c11") G("c8"));
  free(out);
  rt_policy_free(p);
}

static void test_unique(void **state)
{
  (void)state;
  rt_policy *p = load();
  static const char *const rows[] = {
    "r2,1,2023-02-01,电工,junior",  /* repeat of r1 */
    "r1,1,2023-01-01,电工,junior",
    "r3,1,2023-03-01,电工,senior",  /* other level: fine */
    "r4,2,2023-03-01,电工,junior",  /* other person: fine */
    "r5,1,2023-04-01,焊工,junior",  /* 3rd grant of person 1 */
    "r6,1,2023-05-01,木工,junior",  /* 4th */
  };
  char *out = run(p, rows, 6, NULL);
  /* r2 was stopped, so it took no slot: r5 is the third grant. */
  assert_string_equal(out, REP("r2") G("r1") G("r3") G("r4") G("r5") CAP("r6"));
  free(out);
  rt_policy_free(p);
}

static void test_only_grants_count(void **state)
{
  (void)state;
  rt_policy *p = load();
  static const char *const rows[] = {
    "a1,3,2023-01-01,电工,none",    /* earns nothing: no slot, no key */
    "a2,3,2023-01-02,电工,none",
    "a3,3,2023-01-03,电工,junior",
    "a4,3,2023-01-04,电工,junior",  /* repeat of a3 */
    "a5,3,2023-01-05,电工,junior",  /* and again */
    "a6,3,2023-01-06,焊工,junior",
    "a7,3,2023-01-07,木工,junior",  /* 3rd grant */
    "a8,3,2023-01-08,电工,junior",  /* over the cap and a repeat: both */
    "a9,3,2023-01-09,瓦工,junior",
  };
  char *out = run(p, rows, 9, NULL);
  assert_string_equal(out, NONE("a1") NONE("a2") G("a3") REP("a4") REP("a5") G("a6")
                      G("a7") "a8,denied,0.00,0.00,0.00,,yearly_cap|repeat_level\n"
                      CAP("a9"));
  free(out);
  rt_policy_free(p);
}

static void test_ledger_round_trip(void **state)
{
  (void)state;
  rt_policy *p = load();
  char *ledger = tu_write_temp("", ".ledger");
  unlink(ledger);

  /* Person 109 is written with a lowercase x in run 1 if the check
  ** character is X; the ledger stores it uppercase either way. */
  static const char *const run1[] = {
    "k2,109,2023-02-01,焊工,junior",
    "k1,109,2023-01-01,\"电,工\",junior",
    "k3,5,2023-01-01,电工,senior",
    "k4,5,2023-01-02,电工,none",   /* denied: not in the ledger */
  };
  char *out = run(p, run1, 4, ledger);
  assert_string_equal(out, G("k2") G("k1") G("k3") NONE("k4"));
  free(out);

  char id100[19], id5[19], want[1024];
  make_id(id100, 109);
  make_id(id5, 5);
  const char *first = strcmp(id100, id5) < 0 ? id100 : id5;
  if (first == id100)
    snprintf(want, sizeof want,
             "person_id,claim_date,claim_id,occupation,level\n"
             "%s,2023-01-01,k1,\"电,工\",junior\n%s,2023-02-01,k2,焊工,junior\n"
             "%s,2023-01-01,k3,电工,senior\n", id100, id100, id5);
  else
    snprintf(want, sizeof want,
             "person_id,claim_date,claim_id,occupation,level\n"
             "%s,2023-01-01,k3,电工,senior\n"
             "%s,2023-01-01,k1,\"电,工\",junior\n%s,2023-02-01,k2,焊工,junior\n",
             id5, id100, id100);
  char *got = tu_read_file(ledger, NULL);
  assert_string_equal(got, want);
  free(got);

  /* Run 2: the ledger's grants count, whatever their date. */
  static const char *const run2[] = {
    "k1,7,2023-03-01,木工,junior",       /* claim_id already granted */
    "m1,109,2023-01-15,\"电,工\",junior", /* repeat of k1 */
    "m2,109,2022-12-31,\"电,工\",junior", /* other year, still a repeat */
    "m3,109,2023-03-01,瓦工,junior",      /* 3rd grant of 2023 */
    "m4,109,2023-04-01,木工,junior",      /* 4th */
    "m5,5,2024-01-01,电工,senior",        /* repeat across years */
    "m6,5,2024-01-01,电工,junior",
  };
  out = run(p, run2, 7, ledger);
  assert_string_equal(out, "k1,rejected,0.00,0.00,0.00,,duplicate_claim_id\n"
                           REP("m1") REP("m2") G("m3") CAP("m4") REP("m5") G("m6"));
  free(out);
  got = tu_read_file(ledger, NULL);
  /* Old and new grants, sorted by person, date, claim_id. */
  char line[256];
  snprintf(line, sizeof line, "%s,2023-03-01,m3,瓦工,junior\n", id100);
  assert_non_null(strstr(got, line));
  snprintf(line, sizeof line, "%s,2023-02-01,k2,焊工,junior\n%s,2023-03-01,m3", id100, id100);
  assert_non_null(strstr(got, line));
  snprintf(line, sizeof line, "%s,2023-01-01,k3,电工,senior\n%s,2024-01-01,m6,电工,junior\n",
           id5, id5);
  assert_non_null(strstr(got, line));
  assert_null(strstr(got, ",m1,"));
  assert_null(strstr(got, ",m4,"));
  int lines = 0;
  for (char *c = got; *c; c++)
    lines += *c == '\n';
  assert_int_equal(lines, 1 + 5);
  free(got);

  /* A damaged ledger stops the run rather than being ignored. */
  FILE *f = fopen(ledger, "wb");
  fputs("person_id,claim_date,claim_id,occupation\nx,2023-01-01,z,a\n", f);
  fclose(f);
  FILE *in = fmemopen((void *)HDR, strlen(HDR), "rb");
  char *o = NULL;
  size_t on = 0;
  FILE *os = open_memstream(&o, &on);
  rt_score_opts opts = {NULL, NULL, ledger, 1, 0};
  assert_int_not_equal(rt_score_stream(p, in, "claims.csv", os, &opts, NULL), 0);
  fclose(in);
  fclose(os);
  assert_int_equal(on, 0);
  free(o);
  got = tu_read_file(ledger, NULL); /* left untouched */
  assert_string_equal(got, "person_id,claim_date,claim_id,occupation\nx,2023-01-01,z,a\n");
  free(got);

  unlink(ledger);
  free(ledger);
  rt_policy_free(p);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_per_year),
    cmocka_unit_test(test_unique),
    cmocka_unit_test(test_only_grants_count),
    cmocka_unit_test(test_ledger_round_trip),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
