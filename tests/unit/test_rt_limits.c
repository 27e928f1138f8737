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
  "polis-descriptor 2\n"
  "policy\tlimits\t-\t-\t-\t\t\t\t-\n"
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
  "limit\tcount\t3\tyear\t-\t-\tyearly_cap\t-\n"
  "limit\tunique\toccupation,level\tever\t-\t-\trepeat_level\t-\n"
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
  rt_score_opts opts = {NULL, NULL, ledger, 1, 0, NULL, NULL};
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
    "a8,3,2023-01-08,电工,junior",  /* over the cap: stopped there, so the
                                    ** repeat limit no longer applies */
    "a9,3,2023-01-09,瓦工,junior",
  };
  char *out = run(p, rows, 9, NULL);
  assert_string_equal(out, NONE("a1") NONE("a2") G("a3") REP("a4") REP("a5") G("a6")
                      G("a7") CAP("a8") CAP("a9"));
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
             "person_id,claim_date,claim_id,occupation,level,benefits,flags\n"
             "%s,2023-01-01,k1,\"电,工\",junior,b,\n%s,2023-02-01,k2,焊工,junior,b,\n"
             "%s,2023-01-01,k3,电工,senior,b,\n", id100, id100, id5);
  else
    snprintf(want, sizeof want,
             "person_id,claim_date,claim_id,occupation,level,benefits,flags\n"
             "%s,2023-01-01,k3,电工,senior,b,\n"
             "%s,2023-01-01,k1,\"电,工\",junior,b,\n%s,2023-02-01,k2,焊工,junior,b,\n",
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
  snprintf(line, sizeof line, "%s,2023-03-01,m3,瓦工,junior,b,\n", id100);
  assert_non_null(strstr(got, line));
  snprintf(line, sizeof line, "%s,2023-02-01,k2,焊工,junior,b,\n%s,2023-03-01,m3", id100, id100);
  assert_non_null(strstr(got, line));
  snprintf(line, sizeof line, "%s,2023-01-01,k3,电工,senior,b,\n%s,2024-01-01,m6,电工,junior,b,\n",
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
  rt_score_opts opts = {NULL, NULL, ledger, 1, 0, NULL, NULL};
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

/* ---- ABI 2: scoped limits, `while` flags, periods -------------------------
** A policy with two benefits: training (300.00 to the person when level is
** not none) and cert (100.00 to the organizer when cert is true), and one
** flag, student, that the evaluator sets from the student column. */

static const char *const HEAD2 =
  "polis-descriptor 2\n"
  "policy\tscoped\t-\t-\t-\t\t\t\t聊城市\n"
  "enum\tlevel\t-\n"
  "member\tnone\t-\n"
  "member\tjunior\t-\n"
  "member\tsenior\t-\n"
  "field\tclaim_id\t-\ttext\t-\trequired\tclaim_id\t-\t-\t-\n"
  "field\tperson_id\t-\tresident_id\t-\trequired\tperson_id\t-\t-\t-\n"
  "field\tclaim_date\t-\tdate\t-\trequired\tclaim_date\t-\t-\t-\n"
  "field\toccupation\t-\ttext\t-\trequired\t-\t-\t-\t-\n"
  "field\tlevel\t-\tenum\tlevel\t-\t-\tnone\t-\t-\n"
  "field\tcert\t-\tbool\t-\t-\t-\tfalse\t-\t-\n"
  "field\tstudent\t-\tbool\t-\t-\t-\tfalse\t-\t-\n"
  "symbol\t电工\n"
  "benefit\ttraining\t-\t-\n"
  "benefit\tcert\t-\t-\n"
  "rule\ttrain\t-\t-\t0\tperson\n"
  "rule\tcertify\t-\t-\t1\torganizer\n"
  "reason\tyearly_limit\tdeny\t-\t-\n"
  "reason\tlifetime_limit\tdeny\t-\t-\n"
  "reason\tyearly_limit_cert\tdeny\t-\t-\n"
  "reason\tlifetime_limit_cert\tdeny\t-\t-\n"
  "reason\tstudent_limit\tdeny\t-\t-\n"
  "reason\trepeat_occupation_level_cert\tdeny\t-\t-\n"
  "reason\trepeat_occupation\tdeny\t-\t-\n"
  "flag\tstudent\n";

static void eval2(const rt_batch *b)
{
  const int32_t *level = b->cols[4];
  const uint8_t *cert = b->cols[5];
  const uint8_t *student = b->cols[6];
  for (int64_t i = 0; i < b->n; i++) {
    int64_t *pay = &b->pay[i * 2 * RT_NPAYEES];
    if (level[i] != 0) {
      pay[0 * RT_NPAYEES + RT_PAYEE_PERSON] = 30000;
      b->rules[i] |= 1;
    }
    if (cert[i]) {
      pay[1 * RT_NPAYEES + RT_PAYEE_ORGANIZER] = 10000;
      b->rules[i] |= 2;
    }
    if (student[i])
      b->flags[i] |= 1; /* flag_words is 1 */
  }
}

/* HEAD2, then the given limit lines. */
static rt_policy *load2(const char *limits)
{
  size_t n = strlen(HEAD2) + strlen(limits) + 8;
  char *text = malloc(n);
  snprintf(text, n, "%s%send\n", HEAD2, limits);
  rt_entry e = {RT_ABI_VERSION, 0, text, eval2};
  char err[256];
  rt_policy *p = rt_policy_load(&e, err, sizeof err);
  free(text);
  if (!p)
    fail_msg("%s", err);
  return p;
}

#define HDR2 "claim_id,person_id,claim_date,occupation,level,cert,student\n"

/* Rows "claim,PERSON#,rest": PERSON# becomes person k's resident ID. */
static char *run2(const rt_policy *p, const char *const *rows, int n, const char *ledger)
{
  size_t cap = 256 + (size_t)n * 160;
  char *text = malloc(cap);
  strcpy(text, HDR2);
  for (int i = 0; i < n; i++) {
    char claim[32], rest[128], id[19];
    int person;
    if (sscanf(rows[i], "%31[^,],%d,%127s", claim, &person, rest) != 3)
      fail_msg("test bug: %s", rows[i]);
    make_id(id, person);
    snprintf(text + strlen(text), cap - strlen(text), "%s,%s,%s\n", claim, id, rest);
  }
  FILE *in = fmemopen(text, strlen(text), "rb");
  char *out = NULL;
  size_t outlen = 0;
  FILE *o = open_memstream(&out, &outlen);
  rt_score_opts opts = {NULL, NULL, ledger, 1, 0, NULL, NULL};
  int rc = rt_score_stream(p, in, "claims.csv", o, &opts, NULL);
  fclose(in);
  fclose(o);
  free(text);
  assert_int_equal(rc, 0);
  char *body = strdup(strchr(out, '\n') + 1);
  free(out);
  return body;
}

#define BOTH(c, why) c ",granted,300.00,100.00,400.00,train|certify," why "\n"
#define TRAIN(c, why) c ",granted,300.00,0.00,300.00,train," why "\n"
#define CERT(c, why) c ",granted,0.00,100.00,100.00,certify," why "\n"
#define DENY(c, why) c ",denied,0.00,0.00,0.00,," why "\n"

static void test_count_ever(void **state)
{
  (void)state;
  rt_policy *p = load2("limit\tcount\t1\tever\t-\t-\tlifetime_limit\t-\n");
  static const char *const rows[] = {
    "e3,1,2025-01-01,电工,junior,false,false",
    "e1,1,2021-05-01,电工,none,false,false",  /* earns nothing: no slot */
    "e2,1,2022-05-01,电工,junior,true,false", /* the one grant */
    "e4,1,2019-01-01,电工,none,true,false",   /* earlier: takes the slot */
    "f1,2,2022-05-01,电工,junior,false,false",
  };
  char *out = run2(p, rows, 5, NULL);
  assert_string_equal(out, DENY("e3", "lifetime_limit") DENY("e1", "no_rule_applies")
                      DENY("e2", "lifetime_limit") CERT("e4", "") TRAIN("f1", ""));
  free(out);
  rt_policy_free(p);
}

/* `for cert`: only grants in which cert paid count, and a claim over the
** limit loses cert alone; with nothing else it is denied. */
static void test_scoped(void **state)
{
  (void)state;
  rt_policy *p = load2("limit\tcount\t1\tyear\tcert\t-\tyearly_limit_cert\t-\n"
                       "limit\tcount\t2\tever\tcert\t-\tlifetime_limit_cert\t-\n"
                       "limit\tcount\t3\tyear\t-\t-\tyearly_limit\t-\n");
  static const char *const rows[] = {
    "s1,1,2023-01-01,电工,junior,true,false",  /* both */
    "s2,1,2023-02-01,电工,junior,true,false",  /* 2nd cert of 2023: training only */
    "s3,1,2023-03-01,电工,none,true,false",    /* cert only, cut: denied, no slot */
    "s4,1,2023-04-01,电工,junior,false,false", /* no cert: the cert limits skip it;
                                               ** 3rd grant of 2023 */
    "s5,1,2023-05-01,电工,junior,true,false",  /* 4th of 2023: the whole claim,
                                               ** once (not also for cert) */
    "s6,1,2024-01-01,电工,junior,true,false",  /* cert grants ever: s1 only (s2's
                                               ** cert was cut), so both */
    "s7,1,2025-01-01,电工,junior,true,false",  /* cert ever: s1, s6: training */
    "t1,2,2023-01-01,电工,junior,true,false",
  };
  char *out = run2(p, rows, 8, NULL);
  assert_string_equal(out, BOTH("s1", "") TRAIN("s2", "yearly_limit_cert")
                      DENY("s3", "yearly_limit_cert") TRAIN("s4", "")
                      DENY("s5", "yearly_limit_cert|yearly_limit") BOTH("s6", "")
                      TRAIN("s7", "lifetime_limit_cert") BOTH("t1", ""));
  free(out);

  /* A cut claim that keeps a benefit is a grant: it counts for the
  ** whole-claim limit (s2 and s4 above made 3 with s1). */
  static const char *const more[] = {
    "u1,3,2023-01-01,电工,junior,true,false",
    "u2,3,2023-01-02,电工,junior,true,false", /* cut to training, still a grant */
    "u3,3,2023-01-03,电工,junior,false,false",
    "u4,3,2023-01-04,电工,junior,false,false", /* 4th grant */
  };
  out = run2(p, more, 4, NULL);
  assert_string_equal(out, BOTH("u1", "") TRAIN("u2", "yearly_limit_cert") TRAIN("u3", "")
                      DENY("u4", "yearly_limit"));
  free(out);
  rt_policy_free(p);
}

/* `while student`: claims without the flag neither count nor are limited. */
static void test_while_flag(void **state)
{
  (void)state;
  rt_policy *p = load2("limit\tcount\t1\tyear\t-\tstudent\tstudent_limit\t-\n");
  static const char *const rows[] = {
    "w1,1,2023-01-01,电工,junior,false,false", /* not a student: does not count */
    "w2,1,2023-02-01,电工,junior,false,true",  /* the student grant of 2023 */
    "w3,1,2023-03-01,电工,junior,true,true",   /* 2nd: denied */
    "w4,1,2023-04-01,电工,junior,false,false", /* not a student: not limited */
    "w5,1,2023-05-01,电工,junior,false,false",
    "w6,1,2024-01-01,电工,junior,false,true",  /* next year */
    "w7,1,2023-06-01,电工,none,false,true",    /* earns nothing: no reason */
  };
  char *out = run2(p, rows, 7, NULL);
  assert_string_equal(out, TRAIN("w1", "") TRAIN("w2", "") DENY("w3", "student_limit")
                      TRAIN("w4", "") TRAIN("w5", "") TRAIN("w6", "")
                      DENY("w7", "no_rule_applies"));
  free(out);

  /* A scoped limit with a flag: the claim must hold the flag and pay the
  ** benefit, and only earlier grants with both count. */
  rt_policy_free(p);
  p = load2("limit\tcount\t1\tever\tcert\tstudent\tstudent_limit\t-\n");
  static const char *const rows2[] = {
    "x1,1,2023-01-01,电工,junior,true,false", /* cert, not student: uncounted */
    "x2,1,2023-02-01,电工,junior,false,true", /* student, no cert: uncounted */
    "x3,1,2023-03-01,电工,junior,true,true",  /* the one */
    "x4,1,2023-04-01,电工,junior,true,true",  /* cut to training */
    "x5,1,2023-05-01,电工,junior,true,false", /* not a student: both */
  };
  out = run2(p, rows2, 5, NULL);
  assert_string_equal(out, BOTH("x1", "") TRAIN("x2", "") BOTH("x3", "")
                      TRAIN("x4", "student_limit") BOTH("x5", ""));
  free(out);
  rt_policy_free(p);
}

static void test_unique_scoped(void **state)
{
  (void)state;
  rt_policy *p = load2(
    "limit\tunique\toccupation,level\tever\tcert\t-\trepeat_occupation_level_cert\t-\n"
    "limit\tunique\toccupation\tyear\t-\t-\trepeat_occupation\t-\n");
  static const char *const rows[] = {
    "u1,1,2023-01-01,电工,junior,true,false",
    "u2,1,2024-01-01,电工,junior,true,false",  /* cert repeat: training only */
    "u3,1,2025-01-01,电工,junior,true,false",  /* u1 still counts; u2 does not
                                               ** (its cert was cut) */
    "u4,1,2026-01-01,电工,senior,true,false",  /* other level: both */
    "u5,1,2026-02-01,焊工,junior,true,false",  /* other occupation: both */
    "u6,1,2026-03-01,焊工,senior,false,false", /* same occupation, same year */
    "u7,1,2027-01-01,焊工,none,true,false",    /* cert only, new key: cert */
    "u8,2,2024-01-01,电工,junior,true,false",  /* other person */
  };
  char *out = run2(p, rows, 8, NULL);
  assert_string_equal(out, BOTH("u1", "") TRAIN("u2", "repeat_occupation_level_cert")
                      TRAIN("u3", "repeat_occupation_level_cert") BOTH("u4", "")
                      BOTH("u5", "") DENY("u6", "repeat_occupation") CERT("u7", "")
                      BOTH("u8", ""));
  free(out);
  rt_policy_free(p);
}

static void write_text(const char *path, const char *text)
{
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

/* The ledger keeps each grant's final benefits and flags; a ledger without
** those columns means every benefit and no flag. */
static void test_ledger_v2(void **state)
{
  (void)state;
  rt_policy *p = load2("limit\tcount\t1\tever\tcert\t-\tlifetime_limit_cert\t-\n"
                       "limit\tcount\t1\tyear\t-\tstudent\tstudent_limit\t-\n");
  char *ledger = tu_write_temp("", ".ledger");
  unlink(ledger);
  char id1[19], id2[19], want[1024];
  make_id(id1, 1);
  make_id(id2, 2);
  assert_true(strcmp(id1, id2) < 0);

  static const char *const run1[] = {
    "a1,1,2023-01-01,电工,junior,true,true",
    "a2,1,2023-02-01,电工,junior,true,false", /* cert cut */
    "a3,1,2023-03-01,电工,none,true,false",   /* cert only, cut: not a grant */
    "b1,2,2023-01-01,电工,none,true,true",
  };
  char *out = run2(p, run1, 4, ledger);
  assert_string_equal(out, BOTH("a1", "") TRAIN("a2", "lifetime_limit_cert")
                      DENY("a3", "lifetime_limit_cert") CERT("b1", ""));
  free(out);
  snprintf(want, sizeof want,
           "person_id,claim_date,claim_id,benefits,flags\n"
           "%s,2023-01-01,a1,training|cert,student\n"
           "%s,2023-02-01,a2,training,\n"
           "%s,2023-01-01,b1,cert,student\n", id1, id1, id2);
  char *got = tu_read_file(ledger, NULL);
  assert_string_equal(got, want);
  free(got);

  /* Run 2 reads them back: person 1 has had cert and a student grant in
  ** 2023; person 2 a student grant with cert only. */
  static const char *const run2rows[] = {
    "a4,1,2023-06-01,电工,junior,true,true", /* cert cut, then over the student limit */
    "a5,1,2024-06-01,电工,junior,true,true", /* new year: training (cert ever) */
    "b2,2,2023-06-01,电工,junior,false,false",
    "b3,2,2023-07-01,电工,junior,false,true", /* student limit of 2023 */
  };
  out = run2(p, run2rows, 4, ledger);
  assert_string_equal(out, DENY("a4", "lifetime_limit_cert|student_limit")
                      TRAIN("a5", "lifetime_limit_cert") TRAIN("b2", "")
                      DENY("b3", "student_limit"));
  free(out);
  snprintf(want, sizeof want,
           "person_id,claim_date,claim_id,benefits,flags\n"
           "%s,2023-01-01,a1,training|cert,student\n"
           "%s,2023-02-01,a2,training,\n"
           "%s,2024-06-01,a5,training,student\n"
           "%s,2023-01-01,b1,cert,student\n"
           "%s,2023-06-01,b2,training,\n", id1, id1, id1, id2, id2);
  got = tu_read_file(ledger, NULL);
  assert_string_equal(got, want);
  free(got);

  /* An ABI 1 ledger: every benefit paid (cert counts), no flag (the student
  ** limit counts nothing).  Spaces and empty pieces in the name lists are
  ** forgiven, and the columns can be in any order. */
  char old[512];
  snprintf(old, sizeof old, "person_id,claim_date,claim_id\n%s,2020-01-01,z1\n", id1);
  write_text(ledger, old);
  static const char *const run3[] = {
    "c1,1,2023-01-01,电工,junior,true,true", /* cert cut; first student grant */
    "c2,1,2023-02-01,电工,junior,false,true",
  };
  out = run2(p, run3, 2, ledger);
  assert_string_equal(out, TRAIN("c1", "lifetime_limit_cert") DENY("c2", "student_limit"));
  free(out);
  snprintf(want, sizeof want,
           "person_id,claim_date,claim_id,benefits,flags\n"
           "%s,2020-01-01,z1,training|cert,\n"
           "%s,2023-01-01,c1,training,student\n", id1, id1);
  got = tu_read_file(ledger, NULL);
  assert_string_equal(got, want);
  free(got);

  snprintf(old, sizeof old, "flags,person_id,benefits,claim_date,claim_id\n"
                            " student ,%s,| training |,2023-01-01,z1\n", id1);
  write_text(ledger, old);
  static const char *const run4[] = {
    "d1,1,2023-05-01,电工,junior,true,false", /* z1 paid no cert: both */
    "d2,1,2023-06-01,电工,junior,false,true", /* z1 was a student grant */
  };
  out = run2(p, run4, 2, ledger);
  assert_string_equal(out, BOTH("d1", "") DENY("d2", "student_limit"));
  free(out);

  /* Unknown names are fatal and leave the ledger untouched. */
  static const char *const bad[] = {
    "person_id,claim_date,claim_id,benefits,flags\n"
    "11010519491231001X,2023-01-01,z1,training|certs,\n",
    "person_id,claim_date,claim_id,benefits,flags\n"
    "11010519491231001X,2023-01-01,z1,training,pupil\n",
  };
  static const char *const msg[] = {"unknown benefit 'certs'", "unknown flag 'pupil'"};
  for (int i = 0; i < 2; i++) {
    write_text(ledger, bad[i]);
    FILE *in = fmemopen((void *)HDR2, strlen(HDR2), "rb");
    char *o = NULL, *e = NULL;
    size_t on = 0, en = 0;
    FILE *os = open_memstream(&o, &on);
    rt_score_opts opts = {NULL, NULL, ledger, 1, 0, NULL, NULL};
    fflush(stderr);
    FILE *es = open_memstream(&e, &en);
    FILE *saved = stderr;
    stderr = es;
    int rc = rt_score_stream(p, in, "claims.csv", os, &opts, NULL);
    stderr = saved;
    fclose(es);
    fclose(in);
    fclose(os);
    assert_int_not_equal(rc, 0);
    assert_int_equal(on, 0);
    if (!strstr(e, msg[i]) || !strstr(e, ":2: error:"))
      fail_msg("message '%s' lacks '%s'", e, msg[i]);
    free(o);
    free(e);
    got = tu_read_file(ledger, NULL);
    assert_string_equal(got, bad[i]);
    free(got);
  }

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
    cmocka_unit_test(test_count_ever),
    cmocka_unit_test(test_scoped),
    cmocka_unit_test(test_while_flag),
    cmocka_unit_test(test_unique_scoped),
    cmocka_unit_test(test_ledger_v2),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
