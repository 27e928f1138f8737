/* Code generation: JIT-compile small policies that import the claims-v1
** schema, evaluate hand-built column batches with the generated evaluator
** and check amounts, rule bits and reason bits. */
#include "testutil.h"

#include "cg.h"
#include "compile.h"
#include "polis_rt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- batches ----------------------------------------------------------- */

typedef struct batch {
  tj *j;
  int n, nf;
  void **cols;
  int64_t *pay;
  uint64_t *rules, *reasons;
  int rule_words, reason_words;
  rt_batch b;
} batch;

static size_t storage_size(rt_type t)
{
  switch (t) {
  case RT_BOOL: return 1;
  case RT_ENUM: case RT_TEXT: return 4;
  default: return 8;   /* int, money, percent, date, days, set, resident_id */
  }
}

static int fidx(tj *j, const char *name)
{
  sema_field *f = sema_find_field(j->m, name);
  if (!f)
    fail_msg("no field %s", name);
  return f->index;
}

static int member(tj *j, const char *field, const char *name)
{
  sema_field *f = sema_find_field(j->m, field);
  sema_enum *e = j->m->enums.v[f->type.en];
  for (int i = 0; i < e->members.n; i++)
    if (!strcmp(((ast_member *)e->members.v[i])->name, name))
      return i;
  fail_msg("no member %s of %s", name, field);
  return -1;
}

static void set_i64(batch *b, const char *field, int i, int64_t v)
{
  int f = fidx(b->j, field);
  rt_type t = ((sema_field *)b->j->m->fields.v[f])->rtt;
  assert_int_equal(storage_size(t), 8);
  ((int64_t *)b->cols[f])[i] = v;
}

static void set_i32(batch *b, const char *field, int i, int32_t v)
{
  int f = fidx(b->j, field);
  assert_int_equal(storage_size(((sema_field *)b->j->m->fields.v[f])->rtt), 4);
  ((int32_t *)b->cols[f])[i] = v;
}

static void set_bool(batch *b, const char *field, int i, int v)
{
  int f = fidx(b->j, field);
  assert_int_equal(((sema_field *)b->j->m->fields.v[f])->rtt, RT_BOOL);
  ((uint8_t *)b->cols[f])[i] = (uint8_t)v;
}

static void set_enum(batch *b, const char *field, int i, const char *name)
{
  set_i32(b, field, i, member(b->j, field, name));
}

static void set_groups(batch *b, int i, const char *g1, const char *g2)
{
  int f = fidx(b->j, "groups");
  uint64_t s = 0;
  if (g1)
    s |= (uint64_t)1 << member(b->j, "groups", g1);
  if (g2)
    s |= (uint64_t)1 << member(b->j, "groups", g2);
  ((uint64_t *)b->cols[f])[i] = s;
}

static int64_t day(int y, unsigned m, unsigned d) { return rt_days_from_civil(y, m, d); }

/* n claims, each a valid claim on 2020-06-30 for a 10-day training
** (2020-06-01..10) with every optional field at its schema default and
** days / class_employment_rate unknown. */
static void batch_init(batch *b, tj *j, int n)
{
  memset(b, 0, sizeof *b);
  b->j = j;
  b->n = n;
  b->nf = j->m->fields.n;
  b->cols = calloc((size_t)b->nf, sizeof *b->cols);
  for (int f = 0; f < b->nf; f++) {
    sema_field *fd = j->m->fields.v[f];
    b->cols[f] = calloc((size_t)n, storage_size(fd->rtt));
    /* The column's storage type must match what the descriptor says. */
    assert_int_equal(j->p->fields[f].type, fd->rtt);
  }
  b->rule_words = (j->m->rules.n + 63) / 64;
  b->reason_words = (j->m->reasons.n + 63) / 64;
  assert_int_equal(b->rule_words, j->p->rule_words);
  assert_int_equal(b->reason_words, j->p->reason_words);
  b->pay = calloc((size_t)n * (size_t)(j->m->benefits.n ? j->m->benefits.n : 1) * RT_NPAYEES, sizeof *b->pay);
  b->rules = calloc((size_t)n * (size_t)(b->rule_words ? b->rule_words : 1), sizeof *b->rules);
  b->reasons = calloc((size_t)n * (size_t)(b->reason_words ? b->reason_words : 1), sizeof *b->reasons);
  for (int i = 0; i < n; i++) {
    set_i32(b, "claim_id", i, -1);
    set_i64(b, "person_id", i, day(1985, 3, 12));
    set_i32(b, "district", i, -1);
    set_i32(b, "department", i, -1);
    set_i64(b, "claim_date", i, day(2020, 6, 30));
    set_bool(b, "hukou_local", i, 1);
    set_enum(b, "training_type", i, "employment_skill");
    set_i32(b, "occupation", i, -1);
    set_enum(b, "level", i, "none");
    set_enum(b, "certificate", i, "none");
    set_i64(b, "start_date", i, day(2020, 6, 1));
    set_i64(b, "end_date", i, day(2020, 6, 10));
    set_i64(b, "days", i, RT_UNKNOWN);
    set_enum(b, "organizer_type", i, "private_institution");
    set_i32(b, "organizer_id", i, -1);
    set_i32(b, "class_id", i, -1);
    set_i64(b, "class_employment_rate", i, RT_UNKNOWN);
  }
}

static void batch_eval(batch *b)
{
  b->b.n = b->n;
  b->b.cols = b->cols;
  b->b.pay = b->pay;
  b->b.rules = b->rules;
  b->b.reasons = b->reasons;
  b->j->entry->eval(&b->b);
}

static void batch_free(batch *b)
{
  for (int f = 0; f < b->nf; f++)
    free(b->cols[f]);
  free(b->cols);
  free(b->pay);
  free(b->rules);
  free(b->reasons);
}

static int benefit_idx(tj *j, const char *name)
{
  for (int i = 0; i < j->m->benefits.n; i++)
    if (!strcmp(((sema_benefit *)j->m->benefits.v[i])->item->name, name))
      return i;
  fail_msg("no benefit %s", name);
  return -1;
}

static int64_t pay(batch *b, int i, const char *benefit, int payee)
{
  int nb = b->j->m->benefits.n;
  return b->pay[((size_t)i * (size_t)nb + (size_t)benefit_idx(b->j, benefit)) * RT_NPAYEES + (size_t)payee];
}

static int rule_bit(batch *b, int i, const char *rule)
{
  for (int r = 0; r < b->j->m->rules.n; r++)
    if (!strcmp(((sema_rule *)b->j->m->rules.v[r])->ast->name, rule))
      return (int)((b->rules[(size_t)i * (size_t)b->rule_words + (size_t)r / 64] >> (r % 64)) & 1);
  fail_msg("no rule %s", rule);
  return -1;
}

static int reason_bit(batch *b, int i, const char *code)
{
  int r = sema_find_reason(b->j->m, code);
  if (r < 0)
    fail_msg("no reason %s", code);
  return (int)((b->reasons[(size_t)i * (size_t)b->reason_words + (size_t)r / 64] >> (r % 64)) & 1);
}

/* Number of reason bits set for claim i. */
static int nreasons(batch *b, int i)
{
  int n = 0;
  for (int w = 0; w < b->reason_words; w++)
    n += __builtin_popcountll(b->reasons[(size_t)i * (size_t)b->reason_words + (size_t)w]);
  return n;
}

#define PERSON RT_PAYEE_PERSON
#define ORGANIZER RT_PAYEE_ORGANIZER
#define ORG RT_PAYEE_ORGANIZER

/* ---- tests ------------------------------------------------------------- */

/* rate * days with `days` computed from the dates when unknown (RT_UNKNOWN),
** and taken as given when present. */
static void test_rate_times_days(void **state)
{
  (void)state;
  tj j;
  tj_compile(&j,
             "benefit living \"生活费\" cite \"第3条\"\n"
             "  when poor_labor and training_type == project_based\n"
             "  pay person 15 yuan per day * days\n");
  batch b;
  batch_init(&b, &j, 4);
  for (int i = 0; i < 4; i++) {
    set_groups(&b, i, "poor_labor", NULL);
    set_enum(&b, "training_type", i, "project_based");
  }
  set_i64(&b, "days", 1, 7);                     /* given: 7 days */
  set_groups(&b, 2, "veteran", NULL);            /* not a poor labourer */
  set_i64(&b, "end_date", 3, day(2020, 7, 1));   /* June 1 .. July 1 = 31 days */
  batch_eval(&b);
  assert_int_equal(pay(&b, 0, "living", PERSON), 15000);   /* 10 days * 15 yuan */
  assert_int_equal(pay(&b, 0, "living", ORG), 0);
  assert_int_equal(rule_bit(&b, 0, "living"), 1);
  assert_int_equal(pay(&b, 1, "living", PERSON), 10500);
  assert_int_equal(pay(&b, 2, "living", PERSON), 0);
  assert_int_equal(rule_bit(&b, 2, "living"), 0);
  assert_int_equal(pay(&b, 3, "living", PERSON), 31 * 1500);
  for (int i = 0; i < 4; i++)
    assert_int_equal(nreasons(&b, i), 0);
  batch_free(&b);
  tj_free(&j);
}

/* A share of an amount rounds half up to the fen. */
static void test_percent_of_rounding(void **state)
{
  (void)state;
  tj j;
  tj_compile(&j,
             "benefit a \"A\" cite \"1\" pay person 60% of 1000 yuan\n"
             "benefit b \"B\" cite \"1\" pay person 60% of 0.05 yuan\n"
             "benefit c \"C\" cite \"1\" pay person 50% of 0.01 yuan\n"
             "benefit d \"D\" cite \"1\" pay person 33.33% of fee\n"
             "benefit e \"E\" cite \"1\" pay organizer 12.5% of 0.04 yuan\n");
  batch b;
  batch_init(&b, &j, 3);
  set_i64(&b, "fee", 0, 100);      /* 1 yuan: 33.33 fen -> 33 */
  set_i64(&b, "fee", 1, 150);      /* 1.5 yuan: 49.995 fen -> 50 */
  set_i64(&b, "fee", 2, 0);
  batch_eval(&b);
  assert_int_equal(pay(&b, 0, "a", PERSON), 60000);
  assert_int_equal(pay(&b, 0, "b", PERSON), 3);      /* 0.03: 3 fen exactly */
  assert_int_equal(pay(&b, 0, "c", PERSON), 1);      /* 0.5 fen rounds up */
  assert_int_equal(pay(&b, 0, "d", PERSON), 33);
  assert_int_equal(pay(&b, 1, "d", PERSON), 50);
  assert_int_equal(pay(&b, 2, "d", PERSON), 0);
  assert_int_equal(rule_bit(&b, 2, "d"), 0);         /* paying 0 is not paying */
  assert_int_equal(pay(&b, 0, "e", ORG), 1);         /* 0.5 fen rounds up */
  assert_int_equal(pay(&b, 0, "e", PERSON), 0);
  batch_free(&b);
  tj_free(&j);
}

static void test_min_max(void **state)
{
  (void)state;
  tj j;
  tj_compile(&j,
             "param cap \"上限\" cite \"1\" = 1000 yuan\n"
             "benefit lo \"L\" cite \"1\" pay person min(fee, cap)\n"
             "benefit hi \"H\" cite \"1\" pay organizer max(fee, 200 yuan, 50% of fee)\n");
  batch b;
  batch_init(&b, &j, 3);
  set_i64(&b, "fee", 0, 80000);
  set_i64(&b, "fee", 1, 150000);
  set_i64(&b, "fee", 2, 10000);
  batch_eval(&b);
  assert_int_equal(pay(&b, 0, "lo", PERSON), 80000);
  assert_int_equal(pay(&b, 1, "lo", PERSON), 100000);
  assert_int_equal(pay(&b, 2, "lo", PERSON), 10000);
  assert_int_equal(pay(&b, 0, "hi", ORG), 80000);
  assert_int_equal(pay(&b, 2, "hi", ORG), 20000);
  batch_free(&b);
  tj_free(&j);
}

/* `by level` without a case for the claim's level pays nothing from that
** rule and sets the info reason no_amount_for_level. */
static void test_by_level_missing_case(void **state)
{
  (void)state;
  tj j;
  tj_compile(&j,
             "benefit cert \"取证\" cite \"第15条\"\n"
             "  when organizer_free\n"
             "  pay organizer by level { special_ability: 150 yuan, junior: 300 yuan,\n"
             "                           senior | technician: 600 yuan }\n");
  int r = sema_find_reason(j.m, "no_amount_for_level");
  assert_true(r >= 0);
  assert_int_equal(j.p->reasons[r].kind, RT_REASON_INFO);
  batch b;
  batch_init(&b, &j, 6);
  const char *lv[6] = {"special_ability", "junior", "senior", "technician", "intermediate", "junior"};
  for (int i = 0; i < 6; i++) {
    set_enum(&b, "level", i, lv[i]);
    set_bool(&b, "organizer_free", i, 1);
  }
  set_bool(&b, "organizer_free", 5, 0);
  batch_eval(&b);
  assert_int_equal(pay(&b, 0, "cert", ORG), 15000);
  assert_int_equal(pay(&b, 1, "cert", ORG), 30000);
  assert_int_equal(pay(&b, 2, "cert", ORG), 60000);
  assert_int_equal(pay(&b, 3, "cert", ORG), 60000);
  for (int i = 0; i < 4; i++) {
    assert_int_equal(reason_bit(&b, i, "no_amount_for_level"), 0);
    assert_int_equal(rule_bit(&b, i, "cert"), 1);
  }
  /* intermediate: no case */
  assert_int_equal(pay(&b, 4, "cert", ORG), 0);
  assert_int_equal(pay(&b, 4, "cert", PERSON), 0);
  assert_int_equal(rule_bit(&b, 4, "cert"), 0);
  assert_int_equal(reason_bit(&b, 4, "no_amount_for_level"), 1);
  assert_int_equal(nreasons(&b, 4), 1);
  /* the rule's condition does not hold: no reason to explain */
  assert_int_equal(reason_bit(&b, 5, "no_amount_for_level"), 0);
  batch_free(&b);
  tj_free(&j);
}

/* An `else` case covers the members without a case of their own. */
static void test_by_else(void **state)
{
  (void)state;
  tj j;
  tj_compile(&j,
             "benefit cert \"取证\" cite \"1\"\n"
             "  pay person by level { junior: 300 yuan, else: 100 yuan }\n");
  assert_int_equal(sema_find_reason(j.m, "no_amount_for_level"), -1);
  batch b;
  batch_init(&b, &j, 2);
  set_enum(&b, "level", 0, "junior");
  set_enum(&b, "level", 1, "senior_technician");
  batch_eval(&b);
  assert_int_equal(pay(&b, 0, "cert", PERSON), 30000);
  assert_int_equal(pay(&b, 1, "cert", PERSON), 10000);
  assert_int_equal(nreasons(&b, 0), 0);
  assert_int_equal(nreasons(&b, 1), 0);
  batch_free(&b);
  tj_free(&j);
}

static const char RESOLVE_RULES[] =
  "  rule small \"小\" when fee > 0 yuan pay person 100 yuan\n"
  "  rule big \"大\" when fee > 500 yuan pay person 300 yuan\n"
  "  rule org \"机构\" when fee > 1000 yuan pay organizer 200 yuan\n"
  "}\n";

/* resolve first: the first rule whose condition holds decides. */
static void test_resolve_first(void **state)
{
  (void)state;
  char body[1024];
  snprintf(body, sizeof body, "benefit b \"B\" cite \"1\" resolve first {\n%s", RESOLVE_RULES);
  tj j;
  tj_compile(&j, body);
  batch b;
  batch_init(&b, &j, 4);
  set_i64(&b, "fee", 0, 0);
  set_i64(&b, "fee", 1, 10000);
  set_i64(&b, "fee", 2, 60000);
  set_i64(&b, "fee", 3, 200000);
  batch_eval(&b);
  assert_int_equal(pay(&b, 0, "b", PERSON), 0);
  assert_int_equal(pay(&b, 1, "b", PERSON), 10000);
  assert_int_equal(pay(&b, 2, "b", PERSON), 10000);   /* first match: small */
  assert_int_equal(rule_bit(&b, 2, "small"), 1);
  assert_int_equal(rule_bit(&b, 2, "big"), 0);
  assert_int_equal(pay(&b, 3, "b", PERSON), 10000);
  assert_int_equal(pay(&b, 3, "b", ORG), 0);
  assert_int_equal(rule_bit(&b, 3, "org"), 0);
  batch_free(&b);
  tj_free(&j);
}

/* The default resolution of a `{ rule … }` block is first match too. */
static void test_resolve_default_is_first(void **state)
{
  (void)state;
  char body[1024];
  snprintf(body, sizeof body, "benefit b \"B\" cite \"1\" {\n%s", RESOLVE_RULES);
  tj j;
  tj_compile(&j, body);
  batch b;
  batch_init(&b, &j, 1);
  set_i64(&b, "fee", 0, 60000);
  batch_eval(&b);
  assert_int_equal(pay(&b, 0, "b", PERSON), 10000);
  batch_free(&b);
  tj_free(&j);
}

/* resolve max: the rule paying most decides; ties go to the first. */
static void test_resolve_max(void **state)
{
  (void)state;
  char body[1024];
  snprintf(body, sizeof body, "benefit b \"B\" cite \"1\" resolve max {\n%s", RESOLVE_RULES);
  tj j;
  tj_compile(&j, body);
  batch b;
  batch_init(&b, &j, 4);
  set_i64(&b, "fee", 0, 0);
  set_i64(&b, "fee", 1, 10000);
  set_i64(&b, "fee", 2, 60000);
  set_i64(&b, "fee", 3, 200000);
  batch_eval(&b);
  assert_int_equal(pay(&b, 0, "b", PERSON), 0);
  assert_int_equal(pay(&b, 1, "b", PERSON), 10000);
  assert_int_equal(pay(&b, 2, "b", PERSON), 30000);
  assert_int_equal(rule_bit(&b, 2, "small"), 0);
  assert_int_equal(rule_bit(&b, 2, "big"), 1);
  assert_int_equal(pay(&b, 3, "b", PERSON), 30000);   /* 300 person beats 200 organizer */
  assert_int_equal(pay(&b, 3, "b", ORG), 0);
  batch_free(&b);
  tj_free(&j);
}

static void test_resolve_max_tie(void **state)
{
  (void)state;
  tj j;
  tj_compile(&j,
             "benefit b \"B\" cite \"1\" resolve max {\n"
             "  rule one \"一\" pay person 100 yuan\n"
             "  rule two \"二\" pay organizer 100 yuan\n"
             "}\n");
  batch b;
  batch_init(&b, &j, 1);
  batch_eval(&b);
  assert_int_equal(pay(&b, 0, "b", PERSON), 10000);
  assert_int_equal(pay(&b, 0, "b", ORG), 0);
  assert_int_equal(rule_bit(&b, 0, "one"), 1);
  assert_int_equal(rule_bit(&b, 0, "two"), 0);
  batch_free(&b);
  tj_free(&j);
}

/* Benefits are independent: each pays on its own. */
static void test_benefits_stack(void **state)
{
  (void)state;
  tj j;
  tj_compile(&j,
             "benefit a \"A\" cite \"1\" when rural_migrant pay person fee\n"
             "benefit c \"C\" cite \"1\" when organizer_free pay organizer 300 yuan\n");
  batch b;
  batch_init(&b, &j, 1);
  set_groups(&b, 0, "rural_migrant", "veteran");
  set_i64(&b, "fee", 0, 60000);
  set_bool(&b, "organizer_free", 0, 1);
  batch_eval(&b);
  assert_int_equal(pay(&b, 0, "a", PERSON), 60000);
  assert_int_equal(pay(&b, 0, "c", ORG), 30000);
  assert_int_equal(rule_bit(&b, 0, "a"), 1);
  assert_int_equal(rule_bit(&b, 0, "c"), 1);
  batch_free(&b);
  tj_free(&j);
}

/* A deny condition zeroes every amount and sets its reason. */
static void test_deny(void **state)
{
  (void)state;
  tj j;
  tj_compile(&j,
             "deny pensioner \"领取养老金人员不予补贴\" cite \"第2条\" when receives_pension\n"
             "benefit a \"A\" cite \"1\" pay person 100 yuan\n"
             "benefit c \"C\" cite \"1\" pay organizer 50 yuan\n");
  int r = sema_find_reason(j.m, "pensioner");
  assert_true(r >= 0);
  assert_int_equal(j.p->reasons[r].kind, RT_REASON_DENY);
  batch b;
  batch_init(&b, &j, 2);
  set_bool(&b, "receives_pension", 1, 1);
  batch_eval(&b);
  assert_int_equal(pay(&b, 0, "a", PERSON), 10000);
  assert_int_equal(pay(&b, 0, "c", ORG), 5000);
  assert_int_equal(reason_bit(&b, 0, "pensioner"), 0);
  assert_int_equal(pay(&b, 1, "a", PERSON), 0);
  assert_int_equal(pay(&b, 1, "c", ORG), 0);
  assert_int_equal(rule_bit(&b, 1, "a"), 0);
  assert_int_equal(rule_bit(&b, 1, "c"), 0);
  assert_int_equal(reason_bit(&b, 1, "pensioner"), 1);
  assert_int_equal(nreasons(&b, 1), 1);
  batch_free(&b);
  tj_free(&j);
}

/* A failed schema check (end_date before start_date) rejects: its reason
** is set, nothing is paid and deny conditions are not evaluated. */
static void test_schema_check_rejects(void **state)
{
  (void)state;
  tj j;
  tj_compile(&j,
             "deny pensioner \"P\" cite \"1\" when receives_pension\n"
             "benefit a \"A\" cite \"1\" pay person 100 yuan\n");
  int r = sema_find_reason(j.m, "end_before_start");
  assert_true(r >= 0);
  assert_int_equal(j.p->reasons[r].kind, RT_REASON_REJECT);
  batch b;
  batch_init(&b, &j, 3);
  set_i64(&b, "end_date", 1, day(2020, 5, 31));
  set_bool(&b, "receives_pension", 1, 1);
  set_i64(&b, "hours_total", 2, 10);
  set_i64(&b, "hours_online", 2, 11);
  batch_eval(&b);
  assert_int_equal(nreasons(&b, 0), 0);
  assert_int_equal(pay(&b, 0, "a", PERSON), 10000);
  assert_int_equal(reason_bit(&b, 1, "end_before_start"), 1);
  assert_int_equal(reason_bit(&b, 1, "pensioner"), 0);
  assert_int_equal(pay(&b, 1, "a", PERSON), 0);
  assert_int_equal(rule_bit(&b, 1, "a"), 0);
  assert_int_equal(reason_bit(&b, 2, "online_exceeds_total"), 1);
  assert_int_equal(reason_bit(&b, 2, "end_before_start"), 0);
  assert_int_equal(pay(&b, 2, "a", PERSON), 0);
  batch_free(&b);
  tj_free(&j);
}

/* Claims dated outside `effective FROM to TO` (inclusive) are denied. */
static void test_effective_period(void **state)
{
  (void)state;
  tj j;
  tj_compile(&j, "benefit a \"A\" cite \"1\" pay person 100 yuan\n");
  assert_true(j.m->effective_reason >= 0);
  assert_string_equal(j.p->effective_from, "2020-01-01");
  assert_string_equal(j.p->effective_to, "2020-12-31");
  batch b;
  batch_init(&b, &j, 4);
  set_i64(&b, "claim_date", 0, day(2019, 12, 31));
  set_i64(&b, "claim_date", 1, day(2020, 1, 1));
  set_i64(&b, "claim_date", 2, day(2020, 12, 31));
  set_i64(&b, "claim_date", 3, day(2021, 1, 1));
  batch_eval(&b);
  const int inside[4] = {0, 1, 1, 0};
  for (int i = 0; i < 4; i++) {
    assert_int_equal(pay(&b, i, "a", PERSON), inside[i] ? 10000 : 0);
    assert_int_equal(reason_bit(&b, i, "outside_effective_period"), !inside[i]);
  }
  batch_free(&b);
  tj_free(&j);
}

/* Three-valued logic: an unknown optional percent makes a comparison
** unknown, and an unknown condition does not hold -- negated or not. */
static void test_kleene_unknown(void **state)
{
  (void)state;
  tj j;
  tj_compile(&j,
             "benefit hi \"H\" cite \"1\" when class_employment_rate >= 85% pay person 100 yuan\n"
             "benefit lo \"L\" cite \"1\" when not (class_employment_rate >= 85%) pay person 100 yuan\n"
             "benefit or_true \"O\" cite \"1\" when class_employment_rate >= 85% or organizer_free\n"
             "  pay person 100 yuan\n"
             "benefit and_false \"A\" cite \"1\" when not (class_employment_rate >= 85% and organizer_free)\n"
             "  pay person 100 yuan\n"
             "benefit known_rate \"K\" cite \"1\" when known(class_employment_rate) pay person 100 yuan\n"
             "benefit share \"S\" cite \"1\" pay organizer class_employment_rate of 1000 yuan\n");
  batch b;
  batch_init(&b, &j, 3);
  /* 0: unknown rate, organizer_free = true */
  set_bool(&b, "organizer_free", 0, 1);
  /* 1: unknown rate, organizer_free = false */
  /* 2: 90% */
  set_i64(&b, "class_employment_rate", 2, 9000);
  batch_eval(&b);
  assert_int_equal(pay(&b, 0, "hi", PERSON), 0);
  assert_int_equal(pay(&b, 0, "lo", PERSON), 0);
  assert_int_equal(pay(&b, 0, "or_true", PERSON), 10000);     /* unknown or true = true */
  assert_int_equal(pay(&b, 0, "and_false", PERSON), 0);       /* not (unknown and true) = unknown */
  assert_int_equal(pay(&b, 1, "and_false", PERSON), 10000);   /* not (unknown and false) = true */
  assert_int_equal(pay(&b, 1, "or_true", PERSON), 0);
  assert_int_equal(pay(&b, 0, "known_rate", PERSON), 0);
  assert_int_equal(pay(&b, 0, "share", ORG), 0);
  assert_int_equal(rule_bit(&b, 0, "share"), 0);
  assert_int_equal(pay(&b, 2, "hi", PERSON), 10000);
  assert_int_equal(pay(&b, 2, "lo", PERSON), 0);
  assert_int_equal(pay(&b, 2, "known_rate", PERSON), 10000);
  assert_int_equal(pay(&b, 2, "share", ORG), 90000);
  for (int i = 0; i < 3; i++)
    assert_int_equal(nreasons(&b, i), 0);
  batch_free(&b);
  tj_free(&j);
}

/* Membership, `in` sets, `not in`, text comparisons against symbols,
** categories, if/then/else and year(). */
static void test_conditions(void **state)
{
  (void)state;
  tj j;
  tj_compile(&j,
             "category key \"重点\" cite \"1\" = rural_migrant or college_grad\n"
             "benefit a \"A\" cite \"1\" when key and training_type in {employment_skill, skill_upgrade}\n"
             "  pay person 100 yuan\n"
             "benefit c \"C\" cite \"1\" when occupation in {\"电工\", \"焊工\"} and level not in {none}\n"
             "  pay person 200 yuan\n"
             "benefit d \"D\" cite \"1\" pay person if year(claim_date) == 2020 then 10 yuan else 20 yuan\n"
             "benefit e \"E\" cite \"1\" when veteran in groups pay organizer 5 yuan\n");
  int sym = sema_symbol(j.m, "焊工");
  assert_true(sym >= 0);
  assert_string_equal(j.p->symbols[sym], "焊工");
  batch b;
  batch_init(&b, &j, 4);
  set_groups(&b, 0, "college_grad", NULL);
  set_enum(&b, "training_type", 1, "skill_upgrade");
  set_groups(&b, 1, "veteran", NULL);
  set_enum(&b, "training_type", 2, "project_based");
  set_groups(&b, 2, "rural_migrant", NULL);
  set_i32(&b, "occupation", 0, sym);
  set_enum(&b, "level", 0, "junior");
  set_i32(&b, "occupation", 1, sym);   /* level none */
  set_i64(&b, "claim_date", 3, day(2020, 12, 31));
  set_i64(&b, "claim_date", 2, day(2020, 1, 1));
  batch_eval(&b);
  assert_int_equal(pay(&b, 0, "a", PERSON), 10000);
  assert_int_equal(pay(&b, 1, "a", PERSON), 0);
  assert_int_equal(pay(&b, 2, "a", PERSON), 0);
  assert_int_equal(pay(&b, 0, "c", PERSON), 20000);
  assert_int_equal(pay(&b, 1, "c", PERSON), 0);
  assert_int_equal(pay(&b, 2, "c", PERSON), 0);   /* occupation unknown (-1) */
  for (int i = 0; i < 4; i++)
    assert_int_equal(pay(&b, i, "d", PERSON), 1000);
  assert_int_equal(pay(&b, 1, "e", ORG), 500);
  assert_int_equal(pay(&b, 0, "e", ORG), 0);
  batch_free(&b);
  tj_free(&j);
}

/* year() at the turn of a year (January and February belong to the year). */
static void test_year_boundaries(void **state)
{
  (void)state;
  tj j;
  tj_compile(&j, "benefit y \"Y\" cite \"1\" pay person year(start_date) * 1 yuan\n");
  batch b;
  batch_init(&b, &j, 5);
  set_i64(&b, "start_date", 0, day(2019, 12, 31));
  set_i64(&b, "start_date", 1, day(2020, 1, 1));
  set_i64(&b, "start_date", 2, day(2020, 2, 29));
  set_i64(&b, "start_date", 3, day(2020, 3, 1));
  set_i64(&b, "start_date", 4, day(1969, 12, 31));
  for (int i = 0; i < 5; i++)
    set_i64(&b, "end_date", i, day(2020, 6, 10));
  batch_eval(&b);
  assert_int_equal(pay(&b, 0, "y", PERSON), 201900);
  assert_int_equal(pay(&b, 1, "y", PERSON), 202000);
  assert_int_equal(pay(&b, 2, "y", PERSON), 202000);
  assert_int_equal(pay(&b, 3, "y", PERSON), 202000);
  assert_int_equal(pay(&b, 4, "y", PERSON), 196900);
  batch_free(&b);
  tj_free(&j);
}

/* A formula that goes below zero pays nothing. */
static void test_negative_amount_pays_zero(void **state)
{
  (void)state;
  tj j;
  tj_compile(&j, "benefit a \"A\" cite \"1\" pay person fee - 100 yuan\n");
  batch b;
  batch_init(&b, &j, 2);
  set_i64(&b, "fee", 0, 5000);
  set_i64(&b, "fee", 1, 15000);
  batch_eval(&b);
  assert_int_equal(pay(&b, 0, "a", PERSON), 0);
  assert_int_equal(rule_bit(&b, 0, "a"), 0);
  assert_int_equal(pay(&b, 1, "a", PERSON), 5000);
  batch_free(&b);
  tj_free(&j);
}

/* A large batch: the evaluator loops over every claim. */
static void test_large_batch(void **state)
{
  (void)state;
  tj j;
  tj_compile(&j, "benefit a \"A\" cite \"1\" pay person 15 yuan per day * days\n");
  enum { N = 1000 };
  batch b;
  batch_init(&b, &j, N);
  for (int i = 0; i < N; i++)
    set_i64(&b, "days", i, i % 50);
  batch_eval(&b);
  for (int i = 0; i < N; i++)
    assert_int_equal(pay(&b, i, "a", PERSON), (i % 50) * 1500);
  batch_free(&b);
  tj_free(&j);
}

/* More than 64 rules and reasons use several bit words per claim. */
static void test_many_rules(void **state)
{
  (void)state;
  char *body = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&body, &len);
  fprintf(f, "benefit many \"B\" cite \"1\" {\n");
  for (int i = 0; i < 70; i++)
    fprintf(f, "  rule b%d \"B\" when hours_total == %d pay person %d yuan\n", i, i, i + 1);
  fprintf(f, "}\n");
  for (int i = 0; i < 66; i++)
    fprintf(f, "deny d%d \"D\" cite \"1\" when residence_months == %d\n", i, i + 1);
  fclose(f);
  tj j;
  tj_compile(&j, body);
  free(body);
  assert_int_equal(j.p->rule_words, 2);
  assert_true(j.p->reason_words >= 2);
  batch b;
  batch_init(&b, &j, 3);
  set_i64(&b, "hours_total", 0, 67);
  set_i64(&b, "hours_online", 0, 0);
  set_i64(&b, "hours_total", 1, 3);
  set_i64(&b, "hours_total", 2, 69);
  set_i64(&b, "residence_months", 2, 66);
  batch_eval(&b);
  assert_int_equal(pay(&b, 0, "many", PERSON), 6800);
  assert_int_equal(rule_bit(&b, 0, "b67"), 1);
  assert_int_equal(rule_bit(&b, 0, "b3"), 0);
  assert_int_equal(rule_bit(&b, 1, "b3"), 1);
  assert_int_equal(pay(&b, 1, "many", PERSON), 400);
  assert_int_equal(pay(&b, 2, "many", PERSON), 0);
  assert_int_equal(reason_bit(&b, 2, "d65"), 1);
  assert_int_equal(nreasons(&b, 2), 1);
  batch_free(&b);
  tj_free(&j);
}

/* A standards table: text × enum keys, a label as key, an empty cell, an
** occupation the table never names, and the no_entry reason. */
static void test_table_lookup(void **state)
{
  (void)state;
  char body[1024];
  tj j;
  batch b;
  char *csv = tu_write_temp("occupation,level,amount\n电工,junior,1000\n焊工,senior,1600.50\n焊工,junior,\n", ".csv");
  snprintf(body, sizeof body,
           "table std \"标准\" cite \"第1条\" from \"%s\" key (occupation, level) : money\n"
           "benefit a \"甲\" cite \"第1条\" pay person std(occupation, level)\n"
           "benefit z \"乙\" cite \"第1条\" when occupation == \"木工\" pay person 1 yuan\n", csv);
  tj_compile(&j, body);
  int dian = sema_symbol(j.m, "电工"), han = sema_symbol(j.m, "焊工"), mu = sema_symbol(j.m, "木工");
  assert_true(dian >= 0 && han >= 0 && mu >= 0);
  batch_init(&b, &j, 5);
  set_i32(&b, "occupation", 0, dian);
  set_enum(&b, "level", 0, "junior");
  set_i32(&b, "occupation", 1, han);
  set_enum(&b, "level", 1, "senior");
  set_i32(&b, "occupation", 2, han);
  set_enum(&b, "level", 2, "junior");      /* empty value cell */
  set_i32(&b, "occupation", 3, mu);        /* a symbol of the policy, not of the table */
  set_enum(&b, "level", 3, "junior");
  set_enum(&b, "level", 4, "junior");      /* occupation unknown to the policy (-1) */
  batch_eval(&b);
  assert_int_equal(pay(&b, 0, "a", PERSON), 100000);
  assert_int_equal(pay(&b, 1, "a", PERSON), 160050);
  assert_int_equal(reason_bit(&b, 0, "no_entry_in_std"), 0);
  for (int i = 2; i < 5; i++) {
    assert_int_equal(pay(&b, i, "a", PERSON), 0);
    assert_int_equal(reason_bit(&b, i, "no_entry_in_std"), 1);
  }
  batch_free(&b);
  /* The same model built again (another module, another context) embeds
  ** the table in that module. */
  LLVMContextRef C = LLVMContextCreate();
  char *desc = cg_descriptor(j.m);
  LLVMModuleRef M = cg_build_module(j.m, C, desc, 0);
  free(desc);
  char *err = NULL;
  if (cg_optimize(M, &err))
    fail_msg("second build: %s", err);
  assert_non_null(LLVMGetNamedGlobal(M, "table.std"));
  LLVMDisposeModule(M);
  LLVMContextDispose(C);
  tj_free(&j);
  unlink(csv);
  free(csv);
}

/* from DATE: value picks the value in force at claim_date; unknown before. */
static void test_dated_param(void **state)
{
  (void)state;
  tj j;
  tj_compile(&j, "param rate \"标准\" cite \"第1条\" =\n"
                 "  from 2020-03-01: 15 yuan per day,\n"
                 "  from 2020-07-01: 20 yuan per day\n"
                 "benefit a \"甲\" cite \"第1条\" pay person rate * 10 days\n");
  batch b;
  batch_init(&b, &j, 4);
  set_i64(&b, "claim_date", 0, day(2020, 2, 29));
  set_i64(&b, "claim_date", 1, day(2020, 3, 1));
  set_i64(&b, "claim_date", 2, day(2020, 6, 30));
  set_i64(&b, "claim_date", 3, day(2020, 7, 1));
  batch_eval(&b);
  assert_int_equal(pay(&b, 0, "a", PERSON), 0);
  assert_int_equal(pay(&b, 1, "a", PERSON), 15000);
  assert_int_equal(pay(&b, 2, "a", PERSON), 15000);
  assert_int_equal(pay(&b, 3, "a", PERSON), 20000);
  batch_free(&b);
  tj_free(&j);
}

/* during: both ends inclusive; exception to: overrides its base (and the
** base's base) whatever the order and the resolution. */
static void test_window_and_exceptions(void **state)
{
  (void)state;
  tj j;
  tj_compile(&j, "benefit w \"窗\" cite \"第1条\" during 2020-03-01 to 2020-06-30 pay person 10 yuan\n"
                 "benefit e \"例外\" cite \"第1条\" resolve max {\n"
                 "  rule base \"基本\" pay person 500 yuan\n"
                 "  rule vet \"退役\" exception to base when veteran pay person 100 yuan\n"
                 "  rule vet_poor \"退役贫困\" exception to vet when poor_labor pay person 50 yuan\n"
                 "}\n");
  batch b;
  batch_init(&b, &j, 5);
  set_i64(&b, "claim_date", 0, day(2020, 2, 29));
  set_i64(&b, "claim_date", 1, day(2020, 3, 1));
  set_i64(&b, "claim_date", 2, day(2020, 6, 30));
  set_i64(&b, "claim_date", 3, day(2020, 7, 1));
  set_groups(&b, 1, "veteran", NULL);
  set_groups(&b, 2, "veteran", "poor_labor");
  set_groups(&b, 3, "poor_labor", NULL);   /* an exception applies on its own condition */
  batch_eval(&b);
  assert_int_equal(pay(&b, 0, "w", PERSON), 0);
  assert_int_equal(pay(&b, 1, "w", PERSON), 1000);
  assert_int_equal(pay(&b, 2, "w", PERSON), 1000);
  assert_int_equal(pay(&b, 3, "w", PERSON), 0);
  assert_int_equal(pay(&b, 0, "e", PERSON), 50000);           /* base */
  assert_int_equal(pay(&b, 1, "e", PERSON), 10000);           /* max would take 500: the exception wins */
  assert_int_equal(rule_bit(&b, 1, "vet"), 1);
  assert_int_equal(rule_bit(&b, 1, "base"), 0);
  assert_int_equal(pay(&b, 2, "e", PERSON), 5000);            /* the exception's exception */
  assert_int_equal(rule_bit(&b, 2, "vet_poor"), 1);
  assert_int_equal(pay(&b, 3, "e", PERSON), 5000);
  batch_free(&b);
  tj_free(&j);
}

/* first SHARE rest when COND: all when known true, else the share with a reason. */
static void test_tranche(void **state)
{
  (void)state;
  tj j;
  tj_compile(&j, "benefit p \"项目\" cite \"第1条\"\n"
                 "  pay organizer 333.33 yuan first 60% rest when class_employment_rate >= 85%\n");
  batch b;
  batch_init(&b, &j, 3);
  set_i64(&b, "class_employment_rate", 0, 9000);
  set_i64(&b, "class_employment_rate", 1, 8499);
  batch_eval(&b);
  assert_int_equal(pay(&b, 0, "p", ORGANIZER), 33333);
  assert_int_equal(reason_bit(&b, 0, "balance_pending") | reason_bit(&b, 0, "balance_withheld"), 0);
  assert_int_equal(pay(&b, 1, "p", ORGANIZER), 20000);   /* 199.998 rounds to 200.00 */
  assert_int_equal(reason_bit(&b, 1, "balance_withheld"), 1);
  assert_int_equal(reason_bit(&b, 1, "balance_pending"), 0);
  assert_int_equal(pay(&b, 2, "p", ORGANIZER), 20000);
  assert_int_equal(reason_bit(&b, 2, "balance_pending"), 1);
  assert_int_equal(reason_bit(&b, 2, "balance_withheld"), 0);
  batch_free(&b);
  tj_free(&j);
}

/* age(): full years at claim_date, counting the birthday itself. */
static void test_age(void **state)
{
  (void)state;
  tj j;
  tj_compile(&j, "benefit old \"老\" cite \"第1条\" when age(person_id) >= 60 pay person 1 yuan\n"
                 "benefit young \"少\" cite \"第1条\" when birth_date(person_id) > 2000-02-29 pay person 1 yuan\n");
  batch b;
  batch_init(&b, &j, 4);
  set_i64(&b, "person_id", 0, day(1960, 6, 30));   /* 60 on the claim date 2020-06-30 */
  set_i64(&b, "person_id", 1, day(1960, 7, 1));    /* 60 tomorrow */
  set_i64(&b, "person_id", 2, day(1960, 2, 29));   /* leap-day birth */
  set_i64(&b, "person_id", 3, day(2000, 3, 1));
  batch_eval(&b);
  assert_int_equal(pay(&b, 0, "old", PERSON), 100);
  assert_int_equal(pay(&b, 1, "old", PERSON), 0);
  assert_int_equal(pay(&b, 2, "old", PERSON), 100);
  assert_int_equal(pay(&b, 3, "young", PERSON), 100);
  assert_int_equal(pay(&b, 2, "young", PERSON), 0);
  batch_free(&b);
  tj_free(&j);
}

/* A limit's `while` becomes a flag bit per claim for the runtime. */
static void test_limit_flags(void **state)
{
  (void)state;
  tj j;
  tj_compile(&j, "benefit a \"甲\" cite \"第1条\" pay person 1 yuan\n"
                 "limit 3 per person while student cite \"第2条\"\n"
                 "limit once per person for a while veteran and fee > 100 yuan cite \"第3条\"\n");
  assert_int_equal(j.p->n_flags, 2);
  batch b;
  batch_init(&b, &j, 3);
  uint64_t flags[3] = {0, 0, 0};
  b.b.flags = flags;
  set_groups(&b, 0, "student", NULL);
  set_groups(&b, 1, "veteran", "student");
  set_i64(&b, "fee", 1, 20000);
  set_groups(&b, 2, "veteran", NULL);
  batch_eval(&b);
  assert_int_equal(flags[0], 1);
  assert_int_equal(flags[1], 3);
  assert_int_equal(flags[2], 0);
  batch_free(&b);
  tj_free(&j);
}


/* A `by` in a branch that is not taken explains nothing. */
static void test_misses_in_untaken_branch(void **state)
{
  (void)state;
  tj j;
  tj_compile(&j, "param p \"标准\" cite \"第1条\" =\n"
                 "  from 2019-01-01: by level { junior: 1 yuan },\n"
                 "  from 2020-06-01: 5 yuan\n"
                 "benefit a \"甲\" cite \"第1条\" pay person if veteran then by level { senior: 3 yuan } else p\n");
  batch b;
  batch_init(&b, &j, 3);
  set_enum(&b, "level", 0, "intermediate");            /* 2020-06-30: p = 5, not a veteran */
  set_enum(&b, "level", 1, "intermediate");
  set_groups(&b, 1, "veteran", NULL);                  /* the veteran's `by` has no case */
  set_enum(&b, "level", 2, "intermediate");
  set_i64(&b, "claim_date", 2, day(2020, 1, 1));       /* p's first value: its `by` has no case */
  batch_eval(&b);
  assert_int_equal(pay(&b, 0, "a", PERSON), 500);
  assert_int_equal(reason_bit(&b, 0, "no_amount_for_level"), 0);
  assert_int_equal(pay(&b, 1, "a", PERSON), 0);
  assert_int_equal(reason_bit(&b, 1, "no_amount_for_level"), 1);
  assert_int_equal(pay(&b, 2, "a", PERSON), 0);
  assert_int_equal(reason_bit(&b, 2, "no_amount_for_level"), 1);
  batch_free(&b);
  tj_free(&j);
}

/* The descriptor in the entry is the one cg_descriptor wrote. */
static void test_entry_descriptor(void **state)
{
  (void)state;
  tj j;
  tj_compile(&j, "benefit a \"甲\" cite \"第1条\" pay person 100 yuan\n");
  char *desc = cg_descriptor(j.m);
  assert_string_equal(j.entry->descriptor, desc);
  free(desc);
  assert_string_equal(j.p->name, "t");
  assert_int_equal(j.p->n_benefits, 1);
  assert_string_equal(j.p->benefits[0].label, "甲");
  assert_string_equal(j.p->benefits[0].cite, "测试〔2020〕1号 第1条");
  assert_int_equal(j.p->f_claim_date, fidx(&j, "claim_date"));
  tj_free(&j);
}

/* cg_emit_file with CG_EMIT_LLVM writes textual IR exporting the entry. */
static void test_emit_llvm(void **state)
{
  (void)state;
  tj j;
  tj_compile(&j, "benefit a \"A\" cite \"1\" pay person 100 yuan\n");
  LLVMContextRef C = LLVMContextCreate();
  char *desc = cg_descriptor(j.m);
  LLVMModuleRef M = cg_build_module(j.m, C, desc, 0);
  free(desc);
  char *err = NULL;
  if (cg_optimize(M, &err))
    fail_msg("optimize: %s", err);
  char *out = tu_write_temp("", ".ll");
  if (cg_emit_file(M, CG_EMIT_LLVM, out, &err))
    fail_msg("emit: %s", err);
  size_t n;
  char *ir = tu_read_file(out, &n);
  assert_non_null(ir);
  assert_non_null(strstr(ir, "polis_policy_v1"));
  assert_non_null(strstr(ir, "define"));
  assert_null(strstr(ir, "define i32 @main"));
  free(ir);
  /* with_main adds main() for stand-alone executables */
  LLVMModuleRef M2 = cg_build_module(j.m, C, "polis-descriptor 1\nend\n", 1);
  if (cg_emit_file(M2, CG_EMIT_LLVM, out, &err))
    fail_msg("emit: %s", err);
  ir = tu_read_file(out, &n);
  assert_non_null(strstr(ir, "@main("));
  assert_non_null(strstr(ir, "rt_exe_main"));
  free(ir);
  unlink(out);
  free(out);
  LLVMDisposeModule(M);
  LLVMDisposeModule(M2);
  LLVMContextDispose(C);
  tj_free(&j);
}

/* Regression (was a bug): a `by` without a case for the claim, inside a
** param used by two benefits, records its "missed" flag only where the
** param is first emitted (cg_expr.c named() memoises the value; by_match
** registers the miss once), so cg_benefit attributes no_amount_for_level to
** the first benefit only.  A claim for which only the second benefit's rule
** holds gets no reason bit.  Expected: reason bit set for both claims. */
static void test_by_in_shared_param_sets_reason(void **state)
{
  (void)state;
  tj j;
  tj_compile(&j,
             "param amt \"A\" cite \"1\" = by level { junior: 100 yuan }\n"
             "benefit c \"C\" cite \"1\" when organizer_free pay organizer amt\n"
             "benefit a \"A\" cite \"1\" when veteran pay person amt\n");
  batch b;
  batch_init(&b, &j, 2);
  set_enum(&b, "level", 0, "senior");
  set_groups(&b, 0, "veteran", NULL);       /* only benefit a applies */
  set_enum(&b, "level", 1, "senior");
  set_bool(&b, "organizer_free", 1, 1);     /* only benefit c applies */
  batch_eval(&b);
  assert_int_equal(reason_bit(&b, 1, "no_amount_for_level"), 1);
  assert_int_equal(reason_bit(&b, 0, "no_amount_for_level"), 1);
  batch_free(&b);
  tj_free(&j);
}

/* Regression (was a bug): cg_field (cg_expr.c) treats every optional
** 64-bit column without a default as possibly unknown (== RT_UNKNOWN),
** sets included.  A set holding only member 63 of a 64-member enum is
** 0x8000000000000000 == RT_UNKNOWN, so the claim's groups are taken as
** unknown and `when m63` does not hold. */
static void test_set_with_member_63(void **state)
{
  (void)state;
  char body[4096];
  size_t k = 0;
  k += (size_t)snprintf(body + k, sizeof body - k, "enum big \"B\" {");
  for (int i = 0; i < 64; i++)
    k += (size_t)snprintf(body + k, sizeof body - k, "%sm%d", i ? ", " : "", i);
  snprintf(body + k, sizeof body - k,
           " }\nfield bigset \"S\" : set of big\n"
           "benefit b \"B\" cite \"1\" when m63 pay person 1 yuan\n");
  tj j;
  tj_compile(&j, body);
  batch b;
  batch_init(&b, &j, 1);
  ((uint64_t *)b.cols[fidx(&j, "bigset")])[0] = (uint64_t)1 << 63;
  batch_eval(&b);
  assert_int_equal(pay(&b, 0, "b", PERSON), 100);
  batch_free(&b);
  tj_free(&j);
}

static int teardown_group(void **state)
{
  (void)state;
  cg_llvm_shutdown();
  return 0;
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_set_with_member_63),
    cmocka_unit_test(test_by_in_shared_param_sets_reason),
    cmocka_unit_test(test_rate_times_days),
    cmocka_unit_test(test_percent_of_rounding),
    cmocka_unit_test(test_min_max),
    cmocka_unit_test(test_by_level_missing_case),
    cmocka_unit_test(test_by_else),
    cmocka_unit_test(test_resolve_first),
    cmocka_unit_test(test_resolve_default_is_first),
    cmocka_unit_test(test_resolve_max),
    cmocka_unit_test(test_resolve_max_tie),
    cmocka_unit_test(test_benefits_stack),
    cmocka_unit_test(test_deny),
    cmocka_unit_test(test_schema_check_rejects),
    cmocka_unit_test(test_effective_period),
    cmocka_unit_test(test_kleene_unknown),
    cmocka_unit_test(test_conditions),
    cmocka_unit_test(test_year_boundaries),
    cmocka_unit_test(test_negative_amount_pays_zero),
    cmocka_unit_test(test_large_batch),
    cmocka_unit_test(test_many_rules),
    cmocka_unit_test(test_entry_descriptor),
    cmocka_unit_test(test_table_lookup),
    cmocka_unit_test(test_dated_param),
    cmocka_unit_test(test_window_and_exceptions),
    cmocka_unit_test(test_tranche),
    cmocka_unit_test(test_age),
    cmocka_unit_test(test_limit_flags),
    cmocka_unit_test(test_misses_in_untaken_branch),
    cmocka_unit_test(test_emit_llvm),
  };
  return cmocka_run_group_tests(tests, NULL, teardown_group);
}
