/* Descriptor decoding (docs/descriptor.md) and strict rejection. */
#include "testutil.h"

#include "polis_rt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const GOOD =
  "polis-descriptor 2\n"
  "policy\tliaocheng\t聊城市补贴\\t办法\tdoc.pdf\tabcdef\t2023-03-01\t2023-04-01\t\t聊城市\n"
  "enum\tlevel\t技能等级\n"
  "member\tnone\t无\n"
  "member\tjunior\t初级工\n"
  "enum\tgroup\t人员类别\n"
  "member\tpoor_labor\t贫困劳动力\n"
  "member\tveteran\t退役军人\n"
  "field\tclaim_id\t申请编号\ttext\t-\trequired\tclaim_id\t-\t-\t-\n"
  "field\tperson_id\t身份证号\tresident_id\t-\trequired\tperson_id\t-\t-\t-\n"
  "field\tclaim_date\t申请日期\tdate\t-\trequired\tclaim_date\t-\t-\t-\n"
  "field\toccupation\t职业\ttext\t-\trequired\t-\t-\t-\t-\n"
  "field\tlevel\t等级\tenum\tlevel\t-\t-\tnone\t-\t-\n"
  "field\tgroups\t类别\tset\tgroup\t-\t-\t-\t-\t-\n"
  "field\tfee\t费用\tmoney\t-\t-\t-\t0\t0\t10000000\n"
  "field\tdays\t天数\tdays\t-\tcomputed\t-\t-\t0\t-\n"
  "field\thukou_local\t本地户籍\tbool\t-\t-\t-\ttrue\t-\t-\n"
  "symbol\t电工\n"
  "symbol\ta\\\\b\\nc\n"
  "symbol\t市本级\n"
  "symbol\t东昌府区\n"
  "benefit\ttraining\t培训补贴\t第五条\n"
  "benefit\tcert\t鉴定补贴\t-\n"
  "rule\tbase\t基本补贴\t第五条第一款\t0\tperson\n"
  "rule\torg\t机构补贴\t-\t1\torganizer\n"
  "reason\tbad_fee\treject\t费用无效\t-\n"
  "reason\tnot_local\tdeny\t非本地户籍\t第二条\n"
  "reason\tcap\tdeny\t每年至多三次\t第九条\n"
  "reason\trepeat\tdeny\t同一职业同一等级只补一次\t第十条\n"
  "reason\tnote\tinfo\t说明\t-\n"
  "flag\tstudent\n"
  "flag\tlocal\n"
  "limit\tcount\t3\tyear\t-\t-\tcap\t第九条\n"
  "limit\tunique\toccupation,level\tever\t-\t-\trepeat\t第十条\n"
  "limit\tcount\t1\tever\tcert\tlocal\tcap\t-\n"
  "quota\tplan_2019\t任务分解表\toccupation\t2019\t附件1\n"
  "quota_key\t市本级\t2200\n"
  "quota_key\t东昌府区\t4650\n"
  "quota\tplan_2020\t-\toccupation\t2020\t-\n"
  "quota_key\t电工\t10\n"
  "table\tstandard\t补贴标准\tstandards/liaocheng.csv\t0a1b\t42\n"
  "end\n";

static void eval(const rt_batch *b)
{
  (void)b;
}

static rt_policy *load_text(const char *text, char *err, size_t errlen)
{
  rt_entry e = {RT_ABI_VERSION, 0, text, eval};
  return rt_policy_load(&e, err, errlen);
}

static char *replace(const char *s, const char *from, const char *to)
{
  const char *at = strstr(s, from);
  if (!at)
    fail_msg("test bug: '%s' not in the descriptor", from);
  size_t n = strlen(s) - strlen(from) + strlen(to) + 1;
  char *r = malloc(n);
  size_t k = (size_t)(at - s);
  memcpy(r, s, k);
  strcpy(r + k, to);
  strcat(r, at + strlen(from));
  return r;
}

static void test_decode(void **state)
{
  (void)state;
  char err[256];
  rt_policy *p = load_text(GOOD, err, sizeof err);
  if (!p)
    fail_msg("%s", err);
  assert_string_equal(p->name, "liaocheng");
  assert_string_equal(p->title, "聊城市补贴\t办法");
  assert_string_equal(p->source_doc, "doc.pdf");
  assert_string_equal(p->source_hash, "abcdef");
  assert_string_equal(p->issued, "2023-03-01");
  assert_string_equal(p->effective_from, "2023-04-01");
  assert_string_equal(p->effective_to, "");
  assert_string_equal(p->city, "聊城市");
  assert_ptr_equal(p->eval, eval);

  assert_int_equal(p->n_enums, 2);
  assert_string_equal(p->enums[1].name, "group");
  assert_int_equal(p->enums[1].n, 2);
  assert_string_equal(p->enums[1].members[1], "veteran");
  assert_string_equal(p->enums[1].labels[1], "退役军人");

  assert_int_equal(p->n_fields, 9);
  assert_int_equal(p->f_claim_id, 0);
  assert_int_equal(p->f_person_id, 1);
  assert_int_equal(p->f_claim_date, 2);
  const rt_field *f = &p->fields[4];
  assert_string_equal(f->name, "level");
  assert_int_equal(f->type, RT_ENUM);
  assert_int_equal(f->enum_idx, 0);
  assert_true(f->has_default);
  assert_string_equal(f->default_text, "none");
  assert_int_equal(p->fields[5].type, RT_SET);
  assert_int_equal(p->fields[5].enum_idx, 1);
  f = &p->fields[6];
  assert_int_equal(f->type, RT_MONEY);
  assert_true(f->has_min && f->has_max);
  assert_int_equal(f->min, 0);
  assert_int_equal(f->max, 10000000);
  assert_int_equal(p->fields[7].flags, RT_FIELD_COMPUTED);
  assert_int_equal(p->fields[3].flags, RT_FIELD_REQUIRED);
  assert_int_equal(p->fields[3].enum_idx, -1);
  assert_int_equal(p->fields[8].type, RT_BOOL);
  assert_int_equal(p->fields[1].type, RT_RESIDENT_ID);
  assert_int_equal(p->fields[1].role, RT_ROLE_PERSON_ID);

  assert_int_equal(p->n_symbols, 4);
  assert_string_equal(p->symbols[1], "a\\b\nc");
  assert_int_equal(p->n_benefits, 2);
  assert_string_equal(p->benefits[0].cite, "第五条");
  assert_string_equal(p->benefits[1].cite, "");
  assert_int_equal(p->n_rules, 2);
  assert_int_equal(p->rules[1].benefit, 1);
  assert_int_equal(p->rules[1].payee, RT_PAYEE_ORGANIZER);
  assert_int_equal(p->rules[0].payee, RT_PAYEE_PERSON);
  assert_int_equal(p->n_reasons, 5);
  assert_int_equal(p->reasons[0].kind, RT_REASON_REJECT);
  assert_int_equal(p->reasons[1].kind, RT_REASON_DENY);
  assert_int_equal(p->reasons[4].kind, RT_REASON_INFO);
  assert_string_equal(p->reasons[3].message, "同一职业同一等级只补一次");
  assert_int_equal(p->rule_words, 1);
  assert_int_equal(p->reason_words, 1);

  assert_int_equal(p->n_flags, 2);
  assert_int_equal(p->flag_words, 1);
  assert_string_equal(p->flags[0], "student");
  assert_string_equal(p->flags[1], "local");

  assert_int_equal(p->n_limits, 3);
  assert_int_equal(p->limits[0].kind, RT_LIMIT_COUNT);
  assert_int_equal(p->limits[0].n, 3);
  assert_int_equal(p->limits[0].period, RT_PERIOD_YEAR);
  assert_int_equal(p->limits[0].benefit, -1);
  assert_int_equal(p->limits[0].flag, -1);
  assert_int_equal(p->limits[0].reason, 2);
  assert_int_equal(p->limits[1].kind, RT_LIMIT_UNIQUE);
  assert_int_equal(p->limits[1].period, RT_PERIOD_EVER);
  assert_int_equal(p->limits[1].nkeys, 2);
  assert_int_equal(p->limits[1].keys[0], 3);
  assert_int_equal(p->limits[1].keys[1], 4);
  assert_int_equal(p->limits[1].reason, 3);
  assert_string_equal(p->limits[1].cite, "第十条");
  assert_int_equal(p->limits[2].kind, RT_LIMIT_COUNT);
  assert_int_equal(p->limits[2].n, 1);
  assert_int_equal(p->limits[2].period, RT_PERIOD_EVER);
  assert_int_equal(p->limits[2].benefit, 1);
  assert_int_equal(p->limits[2].flag, 1);
  assert_int_equal(p->limits[2].reason, 2);
  assert_string_equal(p->limits[2].cite, "");

  assert_int_equal(p->n_quotas, 2);
  const rt_quota *q = &p->quotas[0];
  assert_string_equal(q->name, "plan_2019");
  assert_string_equal(q->label, "任务分解表");
  assert_string_equal(q->cite, "附件1");
  assert_int_equal(q->field, 3);
  assert_int_equal(q->year, 2019);
  assert_int_equal(q->n_keys, 2);
  assert_string_equal(q->keys[1], "东昌府区");
  assert_int_equal(q->key_sym[0], 2);
  assert_int_equal(q->key_sym[1], 3);
  assert_int_equal(q->planned[0], 2200);
  assert_int_equal(q->planned[1], 4650);
  assert_int_equal(q->slot, 0);
  q = &p->quotas[1];
  assert_string_equal(q->label, "");
  assert_int_equal(q->n_keys, 1);
  assert_int_equal(q->key_sym[0], 0);
  assert_int_equal(q->slot, 3);
  assert_int_equal(p->quota_slots, 5);

  assert_int_equal(p->n_tables, 1);
  assert_string_equal(p->tables[0].name, "standard");
  assert_string_equal(p->tables[0].label, "补贴标准");
  assert_string_equal(p->tables[0].file, "standards/liaocheng.csv");
  assert_string_equal(p->tables[0].sha256, "0a1b");
  assert_int_equal(p->tables[0].rows, 42);

  assert_int_equal(rt_policy_find_field(p, "occupation"), 3);
  assert_int_equal(rt_policy_find_field(p, "nope"), -1);
  assert_int_equal(rt_policy_find_reason(p, "repeat"), 3);
  assert_int_equal(rt_policy_find_reason(p, "nope"), -1);

  /* Text cells map to symbol indices through the hash table. */
  int64_t v;
  assert_null(rt_parse_cell(p, 3, "电工", strlen("电工"), &v));
  assert_int_equal(v, 0);
  assert_null(rt_parse_cell(p, 3, "a\\b\nc", 5, &v));
  assert_int_equal(v, 1);
  rt_policy_free(p);
}

static void test_many_rules(void **state)
{
  (void)state;
  /* 65 rules and 130 reasons need two and three words of bits. */
  size_t cap = strlen(GOOD) + 200 * 64;
  char *text = malloc(cap);
  const char *end = strstr(GOOD, "limit\t");
  size_t k = (size_t)(end - GOOD);
  memcpy(text, GOOD, k);
  text[k] = 0;
  for (int i = 0; i < 63; i++)
    snprintf(text + strlen(text), cap - strlen(text), "rule\tr%d\t-\t-\t0\tperson\n", i);
  for (int i = 0; i < 125; i++)
    snprintf(text + strlen(text), cap - strlen(text), "reason\tx%d\tinfo\t-\t-\n", i);
  strcat(text, "end\n");
  char err[256];
  rt_policy *p = load_text(text, err, sizeof err);
  if (!p)
    fail_msg("%s", err);
  assert_int_equal(p->n_rules, 65);
  assert_int_equal(p->rule_words, 2);
  assert_int_equal(p->n_reasons, 130);
  assert_int_equal(p->reason_words, 3);
  assert_int_equal(rt_policy_find_reason(p, "x124"), 129);
  rt_policy_free(p);
  free(text);
}

/* Each mutation of GOOD must be refused with a message naming the fault. */
static void test_reject(void **state)
{
  (void)state;
  static const struct {
    const char *from, *to, *msg;
  } bad[] = {
    {"polis-descriptor 2", "polis-descriptor 1", "version 1"},
    {"polis-descriptor 2", "polis-descriptor", "header"},
    {"polis-descriptor 2\n", "", "header"},
    {"symbol\t电工\n", "synonym\t电工\n", "unknown record kind 'synonym'"},
    {"symbol\t电工\n", "symbol\t电工\textra\n", "'symbol' record has 2 fields, expected 1"},
    {"\tperson\n", "\tnobody\n", "unknown payee"},
    {"end\n", "", "missing 'end'"},
    {"end\n", "end\nfield\tx\n", "text after 'end'"},
    {"end\n", "end", ""},
    {"\tmoney\t", "\tcash\t", "unknown type 'cash'"},
    {"\tenum\tlevel\t", "\tenum\tlvl\t", "unknown enum 'lvl'"},
    {"\tset\tgroup\t", "\tset\t-\t", "unknown enum '-'"},
    {"\ttext\t-\trequired\t-\t", "\ttext\tlevel\trequired\t-\t", "only enum and set"},
    {"field\toccupation", "field\tclaim_id", "declared twice"},
    {"member\tjunior", "member\tnone", "member 'none' declared twice"},
    {"\tclaim_date\t-\t-\t-\n", "\t-\t-\t-\t-\n", "roles are all required"},
    {"\tnone\t-\t-\n", "\texpert\t-\t-\n", "default 'expert' is invalid (bad_enum)"},
    {"\ttrue\t-\t-\n", "\tmaybe\t-\t-\n", "bad_bool"},
    {"\tcomputed\t", "\tcomputed,fancy\t", "unknown flag 'fancy'"},
    {"bool\t-\t-\t-", "bool\t-\tcomputed\t-", "only numeric fields can be computed"},
    {"\t0\t10000000\n", "\t10\t1\n", "MIN is greater than MAX"},
    {"\t0\t10000000\n", "\tzero\t1\n", "bad MIN"},
    {"occupation,level\tever", "occupation,grade\tever", "unknown field 'grade'"},
    {"3\tyear\t-\t-\tcap", "3\tyear\t-\t-\tcapped", "unknown reason 'capped'"},
    {"count\t3\tyear", "count\tthree\tyear", "bad count"},
    {"count\t3\tyear", "count\t-1\tyear", "bad count"},
    {"limit\tcount\t3", "limit\tper_year\t3", "unknown limit kind 'per_year'"},
    {"count\t3\tyear", "count\t3\tmonth", "unknown limit period 'month'"},
    /* The ABI 1 limit record (4 fields) is refused, not misread. */
    {"limit\tcount\t3\tyear\t-\t-\tcap\t第九条\n", "limit\tper_year\t3\tcap\t第九条\n",
     "'limit' record has 4 fields, expected 7"},
    {"\tever\tcert\tlocal\t", "\tever\tcerts\tlocal\t", "line 35: limit: unknown benefit 'certs'"},
    {"\tever\tcert\tlocal\t", "\tever\tcert\tlocals\t", "unknown flag 'locals'"},
    {"unique\toccupation,level\tever", "unique\t-\tever", "no key fields"},
    {"flag\tlocal\n", "flag\tstudent\n", "flag 'student' declared twice"},
    {"flag\tlocal\n", "flag\t-\n", "a flag needs a name"},
    {"flag\tlocal\n", "flag\tlocal\tx\n", "'flag' record has 2 fields, expected 1"},
    /* The ABI 1 policy record (no CITY) is refused. */
    {"\t2023-04-01\t\t聊城市\n", "\t2023-04-01\t\n", "'policy' record has 7 fields, expected 8"},
    {"\toccupation\t2019\t", "\tlevel\t2019\t", "field 'level' is not a text field"},
    {"\toccupation\t2019\t", "\tjob\t2019\t", "quota 'plan_2019': unknown field 'job'"},
    {"\toccupation\t2019\t", "\toccupation\tnineteen\t", "bad YEAR 'nineteen'"},
    {"quota_key\t市本级\t2200", "quota_key\t市本级\t-5", "bad PLANNED '-5'"},
    {"quota_key\t市本级\t2200", "quota_key\t临清市\t2200", "key '临清市' is not in the symbol table"},
    {"quota_key\t东昌府区", "quota_key\t市本级", "key '市本级' listed twice"},
    {"quota_key\t市本级\t2200\n", "quota_key\t市本级\n", "'quota_key' record has 1 fields, expected 2"},
    {"flag\tstudent\n", "quota_key\t电工\t1\nflag\tstudent\n", "not under a 'quota'"},
    {"quota\tplan_2020", "quota\tplan_2019", "quota 'plan_2019' declared twice"},
    {"\t0a1b\t42\n", "\t0a1b\tmany\n", "table 'standard': bad ROWS 'many'"},
    {"\t0a1b\t42\n", "\t42\n", "'table' record has 4 fields, expected 5"},
    {"\t1\torganizer", "\t2\torganizer", "benefit index 2 out of range"},
    {"\tdeny\t非本地", "\tmaybe\t非本地", "unknown kind 'maybe'"},
    {"办法", "办\\q法", "unknown escape"},
    {"symbol\t电工\n", "\nsymbol\t电工\n", "empty line"},
    {"symbol\t电工\n", "member\tx\t-\n", "not under an 'enum'"},
    {"2023-03-01", "2023-02-30", "ISSUED"},
    {"\tresident_id\t-\trequired\tperson_id", "\tdate\t-\trequired\tperson_id", "role needs type resident_id"},
    {"\tclaim_date\t-\t-\t-\n", "\tclaim_id\t-\t-\t-\n", "two fields have the role"},
    {"policy\t", "policy2\t", "unknown record kind 'policy2'"},
    {"policy\tliaocheng", "enum\tx\t-\npolicy\tliaocheng", "has no members"},
    {"enum\tgroup", "enum\tlevel", "enum 'level' declared twice"},
    {"\tdate\t-\trequired\tclaim_date", "\tdate\t-\t-\tclaim_date", "with a role must be required"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char *text = replace(GOOD, bad[i].from, bad[i].to);
    char err[256] = "";
    rt_policy *p = load_text(text, err, sizeof err);
    if (*bad[i].msg) {
      if (p)
        fail_msg("mutation %zu ('%s' -> '%s') was accepted", i, bad[i].from, bad[i].to);
      if (!strstr(err, bad[i].msg))
        fail_msg("mutation %zu: message '%s' lacks '%s'", i, err, bad[i].msg);
    } else {
      /* The one harmless change: no newline after 'end'. */
      if (!p)
        fail_msg("mutation %zu refused: %s", i, err);
      rt_policy_free(p);
    }
    free(text);
  }

  /* A set over an enum of more than 64 members. */
  size_t cap = strlen(GOOD) + 70 * 32;
  char *members = malloc(cap);
  strcpy(members, "enum\tgroup\t-\n");
  for (int i = 0; i < 65; i++)
    snprintf(members + strlen(members), cap - strlen(members), "member\tm%d\t-\n", i);
  char *text = replace(GOOD, "enum\tgroup\t人员类别\nmember\tpoor_labor\t贫困劳动力\n"
                             "member\tveteran\t退役军人\n", members);
  char err[256];
  assert_null(load_text(text, err, sizeof err));
  assert_non_null(strstr(err, "at most 64 members"));
  free(text);
  free(members);

  /* 65 benefits or 65 flags: limits and the ledger keep one bit each. */
  char *more = malloc(65 * 40);
  more[0] = 0;
  for (int i = 0; i < 63; i++)
    snprintf(more + strlen(more), 65 * 40 - strlen(more), "benefit\tb%d\t-\t-\n", i);
  strcat(more, "rule\tbase");
  text = replace(GOOD, "rule\tbase", more);
  assert_null(load_text(text, err, sizeof err));
  assert_non_null(strstr(err, "65 benefits: at most 64"));
  free(text);
  more[0] = 0;
  for (int i = 0; i < 63; i++)
    snprintf(more + strlen(more), 65 * 40 - strlen(more), "flag\tf%d\n", i);
  strcat(more, "limit\tcount\t3");
  text = replace(GOOD, "limit\tcount\t3", more);
  assert_null(load_text(text, err, sizeof err));
  assert_non_null(strstr(err, "65 flags: at most 64"));
  free(text);
  /* ... while 64 of each are fine. */
  text = replace(GOOD, "flag\tstudent\n", "");
  char *text2 = replace(text, "limit\tcount\t3", more);
  rt_policy *p = load_text(text2, err, sizeof err);
  if (!p)
    fail_msg("64 flags refused: %s", err);
  assert_int_equal(p->n_flags, 64);
  assert_int_equal(p->flag_words, 1);
  assert_int_equal(p->limits[2].flag, 0);
  assert_string_equal(p->flags[63], "f62");
  rt_policy_free(p);
  free(text);
  free(text2);
  free(more);
}

static void test_entry(void **state)
{
  (void)state;
  char err[256];
  rt_entry e = {RT_ABI_VERSION + 1, 0, GOOD, eval};
  assert_null(rt_policy_load(&e, err, sizeof err));
  assert_non_null(strstr(err, "ABI"));
  e.abi_version = RT_ABI_VERSION;
  e.eval = NULL;
  assert_null(rt_policy_load(&e, err, sizeof err));
  assert_non_null(strstr(err, "evaluator"));
  e.eval = eval;
  e.descriptor = NULL;
  assert_null(rt_policy_load(&e, err, sizeof err));
  assert_null(rt_policy_load(NULL, err, sizeof err));
  assert_null(rt_policy_load(NULL, NULL, 0)); /* no message buffer: no crash */
  rt_policy_free(NULL);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_decode),
    cmocka_unit_test(test_many_rules),
    cmocka_unit_test(test_reject),
    cmocka_unit_test(test_entry),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
