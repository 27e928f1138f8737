/* The static side-by-side of policies (compiler/sheet.c): rows aligned
** across cities, the groups a policy covers, its benefits' formulas, the
** amounts by level (an interval interpretation of the pay expressions),
** limits, quotas and tables.  Expectations are read off the policy sources
** and the standards CSVs, not off the sheet.
**
** POLIS_SHEET_DUMP=1 prints the sheets of liaocheng, yuncheng and jinan and
** of the small interval policy to stderr, for eyeballing; POLIS_SHEET_DUMP=5
** also the sheet of all five cities. */
#include "testutil.h"

#include "compile.h"
#include "polis_rt.h"
#include "sheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- fixtures --------------------------------------------------------------- */

typedef struct city {
  diag_ctx D;
  FILE *out;
  char *buf;
  size_t len;
  polis_unit u;
} city;

static void city_load(city *c, const char *rel)
{
  memset(c, 0, sizeof *c);
  c->out = open_memstream(&c->buf, &c->len);
  diag_init(&c->D, c->out);
  int rc = unit_load(&c->u, &c->D, tu_src_path(rel));
  fflush(c->out);
  if (rc != 0 || c->D.errors)
    fail_msg("%s does not load:\n%s", rel, c->buf);
}

static void city_free(city *c)
{
  unit_free(&c->u);
  diag_free(&c->D);
  fclose(c->out);
  free(c->buf);
}

static const char *const CITIES[] = {"policies/liaocheng.polis", "policies/yuncheng.polis",
                                     "policies/jinan.polis"};
enum { LC, YC, JN, NCITY };

typedef struct three {
  city c[NCITY];
  sheet *s;
} three;

static void dump(const sheet *s)
{
  for (int i = 0; i < s->nsec; i++) {
    const sheet_section *sec = &s->sec[i];
    fprintf(stderr, "\n== %s  %s / %s\n", sec->id, sec->title_zh, sec->title_en);
    for (int r = 0; r < sec->nrows; r++) {
      const sheet_row *row = &sec->rows[r];
      fprintf(stderr, "-- %s  [%s / %s]\n", row->key, row->label_zh, row->label_en);
      for (int c = 0; c < s->ncity; c++) {
        if (!*row->cells[c])
          continue;
        fprintf(stderr, "   %-10s ", s->city_en[c]);
        for (const char *p = row->cells[c]; *p; p++) {
          fputc(*p, stderr);
          if (*p == '\n')
            fprintf(stderr, "              ");
        }
        if (*row->cites[c])
          fprintf(stderr, "\n              (%s)", row->cites[c]);
        fputc('\n', stderr);
      }
    }
  }
}

static int setup_three(void **state)
{
  three *t = calloc(1, sizeof *t);
  sema_model *models[NCITY];
  for (int i = 0; i < NCITY; i++) {
    city_load(&t->c[i], CITIES[i]);
    models[i] = t->c[i].u.model;
  }
  t->s = sheet_build(models, NCITY);
  if (getenv("POLIS_SHEET_DUMP"))
    dump(t->s);
  *state = t;
  return 0;
}

static int teardown_three(void **state)
{
  three *t = *state;
  sheet_free(t->s);
  for (int i = 0; i < NCITY; i++)
    city_free(&t->c[i]);
  free(t);
  return 0;
}

/* ---- lookups ------------------------------------------------------------------ */

static const sheet_section *section(const sheet *s, const char *id)
{
  for (int i = 0; i < s->nsec; i++)
    if (!strcmp(s->sec[i].id, id))
      return &s->sec[i];
  fail_msg("no section %s", id);
  return NULL;
}

static const sheet_row *row_of(const sheet *s, const char *sec, const char *key)
{
  const sheet_section *x = section(s, sec);
  for (int r = 0; r < x->nrows; r++)
    if (!strcmp(x->rows[r].key, key))
      return &x->rows[r];
  fail_msg("no row %s in section %s", key, sec);
  return NULL;
}

static const char *cell(const sheet *s, const char *sec, const char *key, int c)
{
  return row_of(s, sec, key)->cells[c];
}

static void has(const char *text, const char *part)
{
  if (!strstr(text, part))
    fail_msg("expected '%s' in:\n%s", part, text);
}

static void lacks(const char *text, const char *part)
{
  if (strstr(text, part))
    fail_msg("did not expect '%s' in:\n%s", part, text);
}

/* fen as "1,200.00", written independently of sheet.c. */
static void yuan(char *out, size_t n, long long fen)
{
  long long y = fen / 100;
  char digits[32], grouped[48];
  snprintf(digits, sizeof digits, "%lld", y);
  size_t len = strlen(digits), k = 0;
  for (size_t i = 0; i < len; i++) {
    if (i && (len - i) % 3 == 0)
      grouped[k++] = ',';
    grouped[k++] = digits[i];
  }
  grouped[k] = 0;
  snprintf(out, n, "%s.%02lld", grouped, fen % 100);
}

/* Min and max (in fen) of a standards CSV's rows with this level (any
** occupation, or only `occupation` when given).  Amounts are whole yuan in
** the sample files. */
static int csv_range(const char *rel, const char *level, const char *occupation, long long *lo,
                     long long *hi)
{
  char *text = tu_read_file(tu_src_path(rel), NULL);
  assert_non_null(text);
  int n = 0, header = 1;
  for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
    if (line[0] == '#' || !line[0])
      continue;
    if (header) {
      header = 0;
      continue;
    }
    char occ[128], lev[64];
    long long amount;
    if (sscanf(line, "%127[^,],%63[^,],%lld", occ, lev, &amount) != 3)
      continue;
    if (strcmp(lev, level) || (occupation && strcmp(occ, occupation)))
      continue;
    amount *= 100;
    if (!n++ || amount < *lo)
      *lo = amount;
    if (n == 1 || amount > *hi)
      *hi = amount;
  }
  free(text);
  return n;
}

/* ---- shape ---------------------------------------------------------------------- */

static void test_shape(void **state)
{
  three *t = *state;
  const sheet *s = t->s;
  assert_int_equal(s->ncity, NCITY);
  assert_string_equal(s->city_en[LC], "liaocheng");
  assert_string_equal(s->city_en[YC], "yuncheng");
  assert_string_equal(s->city_en[JN], "jinan");
  assert_string_equal(s->city_zh[LC], "聊城市");
  assert_string_equal(s->city_zh[JN], "济南市");
  static const char *const ids[] = {"policy", "groups", "benefits", "levels", "denies", "limits",
                                    "quotas", "tables"};
  assert_int_equal(s->nsec, 8);
  for (int i = 0; i < s->nsec; i++) {
    const sheet_section *sec = &s->sec[i];
    assert_string_equal(sec->id, ids[i]);
    assert_true(*sec->title_zh && *sec->title_en);
    assert_true(sec->nrows > 0);
    for (int r = 0; r < sec->nrows; r++) {
      const sheet_row *row = &sec->rows[r];
      assert_non_null(row->key);
      assert_non_null(row->label_zh);
      assert_non_null(row->label_en);
      /* Every row has one cell and one citation per city. */
      for (int c = 0; c < s->ncity; c++) {
        assert_non_null(row->cells[c]);
        assert_non_null(row->cites[c]);
      }
      for (int q = 0; q < r; q++)
        if (!strcmp(sec->rows[q].key, row->key))
          fail_msg("row %s twice in %s", row->key, sec->id);
    }
  }
}

static void test_policy_rows(void **state)
{
  const sheet *s = ((three *)*state)->s;
  assert_string_equal(cell(s, "policy", "policy.source", YC), "运政办发〔2020〕14号");
  assert_string_equal(cell(s, "policy", "policy.issued", JN), "2019-09-30");
  assert_string_equal(cell(s, "policy", "policy.title", LC), "聊城市职业技能提升行动工作方案（2019—2021年）");
  has(cell(s, "policy", "policy.effective", YC), "2019-01-01");
  has(cell(s, "policy", "policy.effective", YC), "2021-12-31");
  char num[32];
  snprintf(num, sizeof num, "%d", ((three *)*state)->c[LC].u.model->tests.n);
  assert_string_equal(cell(s, "policy", "policy.tests", LC), num);
}

/* ---- groups ------------------------------------------------------------------- */

static void test_groups(void **state)
{
  three *t = *state;
  const sheet *s = t->s;
  /* One row per member of claims-v1 `group`, labelled with its Chinese label. */
  sema_enum *ge = NULL;
  sema_model *m = t->c[LC].u.model;
  for (int i = 0; i < m->enums.n; i++)
    if (!strcmp(((sema_enum *)m->enums.v[i])->name, "group"))
      ge = m->enums.v[i];
  assert_non_null(ge);
  for (int i = 0; i < ge->members.n; i++) {
    ast_member *mb = ge->members.v[i];
    char key[128];
    snprintf(key, sizeof key, "group.%s", mb->name);
    const sheet_row *row = row_of(s, "groups", key);
    assert_string_equal(row->label_en, mb->name);
    assert_string_equal(row->label_zh, mb->label);
  }
  /* rural_migrant: Liaocheng's five_groups and migrant name it; t_migrant
  ** reaches it through migrant, after the direct ones. */
  const char *lc = cell(s, "groups", "group.rural_migrant", LC);
  has(lc, "“五类人员”");
  const char *direct = strstr(lc, "“五类人员”");
  const char *via = strstr(lc, "对“五类人员”开展就业技能培训");
  if (via)
    assert_true(direct < via);
  has(lc, "→ 职业培训补贴");
  has(row_of(s, "groups", "group.rural_migrant")->cites[LC], "聊政办发〔2019〕10号 第1条");
  has(cell(s, "groups", "group.rural_migrant", YC), "就业重点人群");
  has(cell(s, "groups", "group.rural_migrant", YC), "重点人群培训补贴");
  lacks(cell(s, "groups", "group.rural_migrant", YC), "生活费补贴");
  /* poor_labor appears in Yuncheng's living benefit itself, no category. */
  assert_string_equal(cell(s, "groups", "group.poor_labor", YC), "→ 生活费补贴");
  /* student is named by Jinan's student_limit `while`. */
  has(cell(s, "groups", "group.student", JN), "student_limit");
  /* Who needs no group: Yuncheng's certificate subsidy (organizer_free and
  ** a certificate), not its living allowance (poor_labor only). */
  const char *none = cell(s, "groups", "group.(none)", YC);
  has(none, "取证补贴");
  lacks(none, "生活费补贴");
  lacks(none, "企业职工培训补贴");
  /* Liaocheng and Jinan pay trainees past retirement age in no group. */
  has(cell(s, "groups", "group.(none)", LC), "职业培训补贴");
  has(cell(s, "groups", "group.(none)", JN), "职业培训补贴");
  /* The list of all categories starts with their number. */
  char head[64];
  snprintf(head, sizeof head, "%d 个类别", m->categories.n);
  assert_int_equal(strncmp(cell(s, "groups", "group.(categories)", LC), head, strlen(head)), 0);
  has(cell(s, "groups", "group.(categories)", LC), "five_groups — “五类人员”");
}

/* ---- benefits ----------------------------------------------------------------- */

static void test_benefits(void **state)
{
  const sheet *s = ((three *)*state)->s;
  const char *living = cell(s, "benefits", "benefit.living", YC);
  has(living, "生活费补贴");
  has(living, "个人 person");
  has(living, "living_rate × days = 15.00 元/天 × days");
  assert_string_equal(cell(s, "benefits", "benefit.living", LC), "");
  has(cell(s, "benefits", "benefit.key_group_training", YC), "min(fee, key_group_cap) = min(fee, 1,000.00)");
  const char *cert = cell(s, "benefits", "benefit.certificate", YC);
  has(cert, "机构 organizer");
  has(cert, "by level {special_ability: 150.00, junior: 300.00, senior: 600.00, else: unstated}");
  has(cell(s, "benefits", "benefit.apprenticeship", LC), "first 60%, rest when certified");
  /* One row for `training`, shared by Liaocheng and Jinan. */
  const sheet_row *tr = row_of(s, "benefits", "benefit.training");
  has(tr->cells[LC], "training_amount = if training_type == entrepreneurship then standard(\"创业培训\", level.none) 表");
  has(tr->cells[JN], "exception to general");
  has(tr->cells[JN], "standard(occupation, intermediate) 表");
  assert_string_equal(tr->cells[YC], "");
  assert_string_equal(tr->cites[LC], "聊政办发〔2019〕10号 第21条");
  has(tr->cites[JN], "济政办发〔2019〕20号 二(三)2");
}

/* ---- levels ------------------------------------------------------------------- */

static void test_levels(void **state)
{
  three *t = *state;
  const sheet *s = t->s;
  char want[256], a[64], b[64];
  /* Yuncheng's certificate subsidy: the `by level` arms. */
  has(cell(s, "levels", "level.junior", YC), "取证补贴: 300.00");
  has(cell(s, "levels", "level.senior", YC), "取证补贴: 600.00");
  has(cell(s, "levels", "level.special_ability", YC), "取证补贴: 150.00");
  has(cell(s, "levels", "level.intermediate", YC), "取证补贴: 未规定");
  /* ... and what does not depend on the level, once. */
  const char *any = cell(s, "levels", "level.(any)", YC);
  has(any, "生活费补贴: 15.00 元/天 × days");
  has(any, "企业职工培训补贴: 300.00");
  has(any, "重点人群培训补贴: 0.00–1,000.00");
  lacks(cell(s, "levels", "level.junior", YC), "生活费补贴");

  /* Liaocheng's apprenticeship pays standard(occupation, level): at junior,
  ** the range of the catalogue's junior rows. */
  long long lo = 0, hi = 0;
  assert_true(csv_range("policies/standards/liaocheng.csv", "junior", NULL, &lo, &hi) > 1);
  yuan(a, sizeof a, lo);
  yuan(b, sizeof b, hi);
  snprintf(want, sizeof want, "企业新型学徒制培训补贴: %s–%s", a, b);
  has(cell(s, "levels", "level.junior", LC), want);
  /* The training subsidy is those rows or, for entrepreneurship training,
  ** the 创业培训 row: the hull of both. */
  long long elo = 0, ehi = 0;
  assert_int_equal(csv_range("policies/standards/liaocheng.csv", "none", "创业培训", &elo, &ehi), 1);
  yuan(a, sizeof a, elo < lo ? elo : lo);
  yuan(b, sizeof b, ehi > hi ? ehi : hi);
  snprintf(want, sizeof want, "职业培训补贴: %s–%s", a, b);
  has(cell(s, "levels", "level.junior", LC), want);

  /* Jinan's camp rule pays the intermediate standard whatever the level. */
  assert_true(csv_range("policies/standards/jinan.csv", "intermediate", NULL, &lo, &hi) > 1);
  yuan(a, sizeof a, lo);
  yuan(b, sizeof b, hi);
  snprintf(want, sizeof want, "（职业训练营参照中级工标准）: %s–%s", a, b);
  has(cell(s, "levels", "level.(any)", JN), want);
  has(cell(s, "levels", "level.(any)", JN), "新录用职工免费岗前培训补贴: 500.00");
  /* A level the catalogue never names for any occupation. */
  const char *st = cell(s, "levels", "level.senior_technician", JN);
  if (csv_range("policies/standards/jinan.csv", "senior_technician", NULL, &lo, &hi) == 0)
    has(st, "目录无此项");
  /* Cited by the benefits they list. */
  has(row_of(s, "levels", "level.junior")->cites[YC], "运政办发〔2020〕14号 第15条");
}

/* ---- limits, denies, quotas, tables ------------------------------------------- */

static void test_limits(void **state)
{
  const sheet *s = ((three *)*state)->s;
  const sheet_row *y = row_of(s, "limits", "limit.yearly_limit");
  for (int c = 0; c < NCITY; c++) {
    has(y->cells[c], "每人每年 3 次 / 3 per person per year");
    assert_true(*y->cites[c]);
  }
  assert_string_equal(y->cites[YC], "运政办发〔2020〕14号 第15条");
  const sheet_row *u = row_of(s, "limits", "limit.repeat_occupation_level");
  for (int c = 0; c < NCITY; c++)
    has(u->cells[c], "unique (occupation, level) per person");
  const sheet_row *st = row_of(s, "limits", "limit.student_limit");
  has(st->cells[JN], "3 per person (all years)");
  has(st->cells[JN], "while student");
  assert_string_equal(st->cells[YC], "");
  assert_string_equal(st->cells[LC], "");
  assert_string_equal(st->cites[YC], "");
  const sheet_row *v = row_of(s, "limits", "limit.veteran_free_used");
  has(v->cells[LC], "once per person");
  has(v->cells[LC], "for veteran_free");
  has(row_of(s, "limits", "limit.student_three_ones")->cells[LC], "unique (training_type) per person");
}

static void test_denies_quotas_tables(void **state)
{
  three *t = *state;
  const sheet *s = t->s;
  const sheet_row *d = row_of(s, "denies", "deny.receives_pension");
  has(d->cells[LC], "when receives_pension");
  assert_string_equal(d->cells[YC], "");
  assert_string_equal(d->cites[JN], "济政办发〔2019〕20号 二(三)1");
  /* 附件1: 6.45 万人次 planned in Jinan, by department. */
  const char *q = cell(s, "quotas", "quota.plan_2019", JN);
  has(q, "64,500");
  has(q, "department");
  has(q, "13 项");
  assert_string_equal(cell(s, "quotas", "quota.plan_2019", YC), "");
  /* The table row: its file, rows and hash. */
  sema_table *tb = t->c[LC].u.model->tables.v[0];
  const char *tc = cell(s, "tables", "table.standard", LC);
  char want[128];
  snprintf(want, sizeof want, "%d 行", tb->rows.n);
  has(tc, want);
  has(tc, "standards/liaocheng.csv");
  size_t len = 0;
  char *csv = tu_read_file(tu_src_path("policies/standards/liaocheng.csv"), &len);
  char sha[65];
  rt_sha256_hex(csv, len, sha);
  free(csv);
  sha[12] = 0;
  has(tc, sha);
}

/* ---- the interval arithmetic on a small policy --------------------------- */

static void test_intervals(void **state)
{
  (void)state;
  char *csv = tu_write_temp("level,amount\njunior,100\nsenior,300\n", ".csv");
  char *body = malloc(4096);
  snprintf(body, 4096,
    "table std \"标准表\" cite \"第9条\" from \"%s\" key (level) : money\n"
    "param rate \"标准\" cite \"第1条\" =\n"
    "  from 2019-01-01: 100 yuan, from 2020-01-01: 300 yuan, from 2021-01-01: 200 yuan\n"
    "param daily \"日标准\" cite \"第6条\" = 15 yuan per day\n"
    "benefit capped \"封顶\" cite \"第1条\" pay person min(fee, rate)\n"
    "benefit either \"取大\" cite \"第2条\"\n"
    "  pay person if organizer_free then 500 yuan\n"
    "    else by level { junior: 100 yuan, senior: 800 yuan, else: unstated }\n"
    "benefit decided \"等级条件\" cite \"第3条\"\n"
    "  pay person if level == junior then 111 yuan else 222 yuan\n"
    "benefit floor \"保底\" cite \"第4条\"\n"
    "  pay person max(by level { junior: 100 yuan, else: 50 yuan }, 80 yuan)\n"
    "benefit half \"半额\" cite \"第5条\"\n"
    "  pay person 50%% of by level { junior: 333.33 yuan, else: 0 yuan }\n"
    "benefit daily_pay \"按天\" cite \"第6条\" pay person daily * days\n"
    "benefit senior_only \"高级\" cite \"第7条\" when level in {senior} pay person 1000 yuan\n"
    "benefit plus \"合计\" cite \"第8条\" pay person rate + 50 yuan\n"
    "benefit tab \"查表\" cite \"第9条\" pay person std(level)\n"
    "benefit tab_fixed \"固定查表\" cite \"第9条\" pay person std(senior)\n",
    csv);
  cu s;
  cu_load(&s, "policy t \"测试\" city \"测试市\" source \"测试〔2020〕1号\"", body, 0);
  if (s.rc != 0)
    fail_msg("does not load:\n%s", s.buf);
  sema_model *m = s.m;
  sheet *sh = sheet_build(&m, 1);
  if (getenv("POLIS_SHEET_DUMP"))
    dump(sh);
  const char *junior = cell(sh, "levels", "level.junior", 0);
  const char *senior = cell(sh, "levels", "level.senior", 0);
  const char *inter = cell(sh, "levels", "level.intermediate", 0);
  const char *any = cell(sh, "levels", "level.(any)", 0);
  /* min(fee, dated 100/300/200): fee >= 0, the param at most 300. */
  has(any, "封顶: 0.00–300.00");
  /* if with an unknown condition: both branches; `by level` picks the arm. */
  has(junior, "取大: 100.00–500.00");
  has(senior, "取大: 500.00–800.00");
  has(inter, "取大: 500.00（或未规定 / or unstated）");
  /* A condition on the level itself is decided. */
  has(junior, "等级条件: 111.00\n");
  has(senior, "等级条件: 222.00\n");
  has(junior, "保底: 100.00");
  has(senior, "保底: 80.00");
  /* 50% of 333.33 rounds half up to 166.67. */
  has(junior, "半额: 166.67");
  has(senior, "半额: 0.00");
  has(any, "按天: 15.00 元/天 × days");
  /* A rule whose condition excludes the level is not listed there. */
  has(senior, "高级: 1,000.00");
  lacks(junior, "高级");
  lacks(any, "高级");
  has(any, "合计: 150.00–350.00");
  /* A table keyed by level: its row, or none. */
  has(junior, "查表: 100.00");
  has(inter, "查表: 目录无此项");
  has(any, "固定查表: 300.00");
  has(cell(sh, "benefits", "benefit.capped", 0),
      "min(fee, rate) = min(fee, {from 2019-01-01: 100.00; from 2020-01-01: 300.00; from 2021-01-01: 200.00})");
  /* One city: rows of the other sections exist with one cell. */
  assert_int_equal(sh->ncity, 1);
  assert_string_equal(sh->city_zh[0], "测试市");
  sheet_free(sh);
  cu_free(&s);
  unlink(csv);
  free(csv);
  free(body);
}

/* All five cities: Tai'an's dated standard is the hull of its two
** catalogues; Dezhou's living allowance is a rate times the days. */
static void test_five(void **state)
{
  (void)state;
  static const char *const five[] = {"policies/liaocheng.polis", "policies/yuncheng.polis",
                                     "policies/jinan.polis", "policies/dezhou.polis",
                                     "policies/taian.polis"};
  city c[5];
  sema_model *models[5];
  for (int i = 0; i < 5; i++) {
    city_load(&c[i], five[i]);
    models[i] = c[i].u.model;
  }
  sheet *sh = sheet_build(models, 5);
  if (getenv("POLIS_SHEET_DUMP") && !strcmp(getenv("POLIS_SHEET_DUMP"), "5"))
    dump(sh);
  assert_string_equal(sh->city_zh[4], "泰安市");
  /* Tai'an pays everyone: its benefit has no condition. */
  has(cell(sh, "groups", "group.(none)", 4), "职业培训补贴");
  assert_string_equal(cell(sh, "groups", "group.rural_migrant", 4), "");
  long long lo = 0, hi = 0, lo2 = 0, hi2 = 0;
  assert_true(csv_range("policies/standards/taian.csv", "junior", NULL, &lo, &hi) > 0);
  assert_true(csv_range("policies/standards/taian-2021.csv", "junior", NULL, &lo2, &hi2) > 0);
  char a[64], b[64], want[256];
  yuan(a, sizeof a, lo < lo2 ? lo : lo2);
  yuan(b, sizeof b, hi > hi2 ? hi : hi2);
  snprintf(want, sizeof want, "职业培训补贴: %s–%s", a, b);
  has(cell(sh, "levels", "level.junior", 4), want);
  has(cell(sh, "levels", "level.(any)", 3), "生活费补贴: 20.00 元/天 × days");
  has(cell(sh, "benefits", "benefit.living", 3), "resolve max");
  has(cell(sh, "benefits", "benefit.living", 3), "during 2019-01-01 to 2020-12-31");
  /* Dezhou's limits are scoped to training: their own codes. */
  has(cell(sh, "limits", "limit.yearly_limit_training", 3), "for training");
  assert_string_equal(cell(sh, "limits", "limit.yearly_limit", 3), "");
  has(cell(sh, "denies", "deny.too_much_online", 4), "hours_online × 100 > hours_total × 40");
  for (int i = 0; i < sh->nsec; i++)
    for (int r = 0; r < sh->sec[i].nrows; r++)
      for (int k = 0; k < 5; k++)
        assert_non_null(sh->sec[i].rows[r].cells[k]);
  sheet_free(sh);
  for (int i = 0; i < 5; i++)
    city_free(&c[i]);
}

/* No models: an empty sheet, freed cleanly. */
static void test_empty(void **state)
{
  (void)state;
  sheet *sh = sheet_build(NULL, 0);
  assert_non_null(sh);
  assert_int_equal(sh->ncity, 0);
  sheet_free(sh);
}

int main(void)
{
  const struct CMUnitTest three_cities[] = {
    cmocka_unit_test(test_shape),
    cmocka_unit_test(test_policy_rows),
    cmocka_unit_test(test_groups),
    cmocka_unit_test(test_benefits),
    cmocka_unit_test(test_levels),
    cmocka_unit_test(test_limits),
    cmocka_unit_test(test_denies_quotas_tables),
  };
  const struct CMUnitTest alone[] = {
    cmocka_unit_test(test_intervals),
    cmocka_unit_test(test_five),
    cmocka_unit_test(test_empty),
  };
  int fails = cmocka_run_group_tests_name("sheet: three cities", three_cities, setup_three, teardown_three);
  fails += cmocka_run_group_tests_name("sheet: alone", alone, NULL, NULL);
  return fails;
}
