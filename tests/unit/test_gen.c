/* `polis gen`: determinism, the claims-v1 shape, the variety the demo and
** the city comparison rely on, and the command line. */
#include "testutil.h"
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "gen.h"
#include "polis_rt.h"

#define NCOLS 26
enum {
  K_CLAIM_ID, K_PERSON_ID, K_DISTRICT, K_DEPARTMENT, K_CLAIM_DATE, K_GROUPS, K_HUKOU,
  K_RESIDENCE, K_INSURED, K_PENSION, K_BUSINESS, K_TYPE, K_OCCUPATION, K_LEVEL, K_CERT,
  K_START, K_END, K_DAYS, K_HOURS, K_ONLINE, K_FEE, K_ORG_TYPE, K_ORG_ID, K_ORG_FREE,
  K_CLASS_ID, K_RATE
};

static const char expected_header[] =
  "claim_id,person_id,district,department,claim_date,groups,hukou_local,"
  "residence_months,insured_months,receives_pension,business_months,training_type,"
  "occupation,level,certificate,start_date,end_date,days,hours_total,hours_online,fee,"
  "organizer_type,organizer_id,organizer_free,class_id,class_employment_rate";

/* The enums as spelt in shared/spec/claims-v1.md. */
static const char *const groups[] = {
  "poor_household_child", "poor_labor", "student", "school_leaver", "rural_migrant",
  "new_gen_migrant", "registered_unemployed", "hard_to_employ", "disabled",
  "zero_employment_family", "ui_recipient", "overcapacity_laid_off", "soon_released",
  "rehab_detainee", "community_corrections", "yellow_river_relocated", "veteran",
  "enterprise_employee", "new_hire", "struggling_enterprise_employee", "domestic_worker",
  "flexible_employed", "college_grad", "business_owner", "urban_dibao", "rural_resident", NULL};
static const char *const types[] = {
  "employment_skill", "skill_upgrade", "pre_job", "safety", "job_transfer", "apprenticeship",
  "entrepreneurship", "labor_preparatory", "project_based", "high_skill", "special_operation",
  "domestic_service", "employability_camp", NULL};
static const char *const levels[] = {"none", "special_ability", "junior", "intermediate",
                                     "senior", "technician", "senior_technician", NULL};
static const char *const certs[] = {"none", "qualification", "skill_level", "special_ability",
                                    "training_completion", "special_operation", NULL};
static const char *const orgs[] = {"enterprise", "vocational_school", "public_institution",
                                   "private_institution", NULL};
static const char *const bools[] = {"true", "false", "1", "0", "yes", "no", "是", "否", "", NULL};

/* ---- Generated text, split into rows and cells --------------------------- */

typedef struct rows {
  char *text;     /* the output as written */
  size_t len;
  char *copy;     /* the same, cut into cells */
  int n;          /* data rows */
  char *(*cell)[NCOLS];
} rows;

static char *gen_text(int64_t n, uint64_t seed, uint32_t ppm, int city, size_t *len)
{
  gen_opts o;
  gen_opts_init(&o);
  o.n = n, o.seed = seed, o.invalid_ppm = ppm, o.city = city;
  char *buf = NULL;
  size_t sz = 0;
  FILE *f = open_memstream(&buf, &sz);
  assert_non_null(f);
  assert_int_equal(gen_write(f, &o), 0);
  fclose(f);
  if (len)
    *len = sz;
  return buf;
}

static void rows_make(rows *r, int64_t n, uint64_t seed, uint32_t ppm, int city)
{
  memset(r, 0, sizeof *r);
  r->text = gen_text(n, seed, ppm, city, &r->len);
  assert_true(r->len > 0 && r->text[r->len - 1] == '\n');
  assert_null(strchr(r->text, '"')); /* nothing needs quoting, nothing is */
  assert_null(strchr(r->text, '\r'));
  r->copy = strdup(r->text);
  r->cell = calloc((size_t)n, sizeof *r->cell);
  char *line = r->copy, *nl = strchr(line, '\n');
  *nl = 0;
  assert_string_equal(line, expected_header);
  for (line = nl + 1; *line; line = nl + 1) {
    nl = strchr(line, '\n');
    *nl = 0;
    assert_true(r->n < n);
    int k = 0;
    for (char *c = line;; c++) {
      char *comma = strchr(c, ',');
      assert_true(k < NCOLS);
      r->cell[r->n][k++] = c;
      if (!comma)
        break;
      *comma = 0;
      c = comma;
    }
    assert_int_equal(k, NCOLS);
    r->n++;
  }
  assert_int_equal(r->n, n);
}

static void rows_free(rows *r)
{
  free(r->text);
  free(r->copy);
  free(r->cell);
}

static int member(const char *const *set, const char *s)
{
  for (int i = 0; set[i]; i++)
    if (!strcmp(set[i], s))
      return i;
  return -1;
}

static int64_t date_of(const char *s)
{
  int64_t d = 0;
  if (!rt_parse_date(s, strlen(s), &d))
    fail_msg("not a date: '%s'", s);
  return d;
}

static int64_t int_of(const char *s)
{
  char *end;
  long long v = strtoll(s, &end, 10);
  if (!*s || *end)
    fail_msg("not an integer: '%s'", s);
  return v;
}

/* ---- Determinism --------------------------------------------------------- */

static void test_deterministic(void **state)
{
  (void)state;
  size_t la, lb, lc, ld;
  char *a = gen_text(3000, 7, 10000, GEN_ALL_CITIES, &la);
  char *b = gen_text(3000, 7, 10000, GEN_ALL_CITIES, &lb);
  char *c = gen_text(3000, 8, 10000, GEN_ALL_CITIES, &lc);
  assert_true(la == lb && !memcmp(a, b, la));
  assert_false(la == lc && !memcmp(a, c, la));
  /* A person at a time: 1000 rows are the first 1000 of 3000. */
  char *d = gen_text(1000, 7, 10000, GEN_ALL_CITIES, &ld);
  assert_true(ld < la && !memcmp(a, d, ld));
  free(a), free(b), free(c), free(d);
}

/* Golden bytes: a change of the model (or a platform dependence) shows up
** here; update the expected rows only on purpose, and say so in the log. */
static void test_golden_first_rows(void **state)
{
  (void)state;
  char *t = gen_text(2, 1, 10000, GEN_ALL_CITIES, NULL);
  const char *expect =
    "G0000001,371424196901047696,临邑县,市商务局,2019-11-20,rural_migrant,是,,,否,,pre_job,"
    "电子商务师,none,training_completion,2019-11-04,2019-11-07,3,21,0,500.00,enterprise,"
    "DZ-QY-042,否,DZ-QY-042-191104-08,66\n"
    "G0000002,371424196901047696,临邑县,市妇联,2020-12-27,rural_migrant,true,,,false,,"
    "domestic_service,育婴员,junior,skill_level,2020-11-27,2020-12-15,,114,0,850,"
    "private_institution,DZ-MB-039,false,DZ-MB-039-201127-04,\n";
  assert_string_equal(strchr(t, '\n') + 1, expect);
  free(t);
}

/* The invalid share touches person_id cells only. */
static void test_invalid_share_changes_ids_only(void **state)
{
  (void)state;
  rows a, b;
  rows_make(&a, 5000, 3, 0, GEN_ALL_CITIES);
  rows_make(&b, 5000, 3, 50000, GEN_ALL_CITIES);
  int changed = 0;
  for (int i = 0; i < a.n; i++)
    for (int k = 0; k < NCOLS; k++)
      if (strcmp(a.cell[i][k], b.cell[i][k])) {
        assert_int_equal(k, K_PERSON_ID);
        changed++;
      }
  assert_in_range(changed, 150, 350); /* 5% of 5000 */
  rows_free(&a), rows_free(&b);
}

/* ---- The data ------------------------------------------------------------ */

static void test_every_enum_value(void **state)
{
  (void)state;
  for (uint64_t seed = 1; seed <= 3; seed++) {
    rows r;
    rows_make(&r, 2000, seed, 10000, GEN_ALL_CITIES);
    int seen_g[26] = {0}, seen_t[13] = {0}, seen_l[7] = {0}, seen_c[6] = {0}, seen_o[4] = {0};
    int seen_b[9] = {0};
    for (int i = 0; i < r.n; i++) {
      char **c = r.cell[i];
      char g[256];
      snprintf(g, sizeof g, "%s", c[K_GROUPS]);
      int ng = 0;
      for (char *s = strtok(g, "|"); s; s = strtok(NULL, "|"), ng++) {
        int k = member(groups, s);
        if (k < 0)
          fail_msg("row %d: unknown group '%s'", i + 1, s);
        seen_g[k]++;
      }
      assert_in_range(ng, 1, 3);
      int k;
      if ((k = member(types, c[K_TYPE])) < 0)
        fail_msg("bad training_type '%s'", c[K_TYPE]);
      seen_t[k]++;
      if ((k = member(levels, c[K_LEVEL])) < 0)
        fail_msg("bad level '%s'", c[K_LEVEL]);
      seen_l[k]++;
      if ((k = member(certs, c[K_CERT])) < 0)
        fail_msg("bad certificate '%s'", c[K_CERT]);
      seen_c[k]++;
      if ((k = member(orgs, c[K_ORG_TYPE])) < 0)
        fail_msg("bad organizer_type '%s'", c[K_ORG_TYPE]);
      seen_o[k]++;
      int cols[3] = {K_HUKOU, K_PENSION, K_ORG_FREE};
      for (int j = 0; j < 3; j++) {
        if ((k = member(bools, c[cols[j]])) < 0)
          fail_msg("bad bool '%s'", c[cols[j]]);
        seen_b[k]++;
      }
    }
    for (int k = 0; k < 26; k++)
      if (!seen_g[k])
        fail_msg("seed %d: group %s never occurs", (int)seed, groups[k]);
    for (int k = 0; k < 13; k++)
      if (!seen_t[k])
        fail_msg("seed %d: training_type %s never occurs", (int)seed, types[k]);
    for (int k = 0; k < 7; k++)
      if (!seen_l[k])
        fail_msg("seed %d: level %s never occurs", (int)seed, levels[k]);
    for (int k = 0; k < 6; k++)
      if (!seen_c[k])
        fail_msg("seed %d: certificate %s never occurs", (int)seed, certs[k]);
    for (int k = 0; k < 4; k++)
      if (!seen_o[k])
        fail_msg("seed %d: organizer_type %s never occurs", (int)seed, orgs[k]);
    for (int k = 0; k < 9; k++) /* every spelling of a bool, and the empty default */
      if (!seen_b[k])
        fail_msg("seed %d: bool spelling '%s' never occurs", (int)seed, bools[k]);
    rows_free(&r);
  }
}

/* Invalid IDs: about the share asked for, all three kinds; none with 0. */
static void test_resident_ids(void **state)
{
  (void)state;
  static const struct { uint32_t ppm; int lo, hi; } cases[] = {
    {0, 0, 0}, {10000, 140, 260}, {100000, 1850, 2150}};
  for (int c = 0; c < 3; c++) {
    rows r;
    rows_make(&r, 20000, 11, cases[c].ppm, GEN_ALL_CITIES);
    int bad = 0, len = 0, sum = 0, birth = 0, old = 0, student = 0;
    for (int i = 0; i < r.n; i++) {
      const char *id = r.cell[i][K_PERSON_ID];
      int64_t b;
      const char *e = rt_resident_id_check(id, strlen(id), &b);
      if (e) {
        bad++;
        len += !strcmp(e, "bad_id_length");
        sum += !strcmp(e, "bad_id_checksum");
        birth += !strcmp(e, "bad_id_birth_date");
        continue;
      }
      int64_t y;
      unsigned m, d;
      rt_civil_from_days(b, &y, &m, &d);
      assert_in_range(y, 1955, 2004);
      int64_t claim = date_of(r.cell[i][K_CLAIM_DATE]);
      int64_t age = (claim - b) / 366; /* a lower bound of the age in years */
      old += age >= 60;
      student += strstr(r.cell[i][K_GROUPS], "student") && age >= 17 && age <= 23;
    }
    assert_in_range(bad, cases[c].lo, cases[c].hi);
    assert_int_equal(len + sum + birth, bad);
    if (cases[c].ppm) {
      assert_true(len > bad / 5 && sum > bad / 5 && birth > bad / 5);
    }
    assert_true(old > 100);     /* people past 60 */
    assert_true(student > 100); /* college-age students */
    rows_free(&r);
  }
}

static void test_dates_days_hours(void **state)
{
  (void)state;
  rows r;
  rows_make(&r, 20000, 5, 10000, GEN_ALL_CITIES);
  int64_t lo = date_of("2018-12-01"), y19 = date_of("2019-01-01");
  int64_t y22 = date_of("2022-01-01"), hi = date_of("2022-01-31");
  int inside = 0, before = 0, after = 0, short_days = 0, empty_days = 0, online = 0;
  int rate_hi = 0, rate_lo = 0, rate_unknown = 0, fee_half = 0, fee_zero = 0, free_org = 0;
  for (int i = 0; i < r.n; i++) {
    char **c = r.cell[i];
    int64_t d = date_of(c[K_CLAIM_DATE]), s = date_of(c[K_START]), e = date_of(c[K_END]);
    assert_true(d >= lo && d <= hi);
    inside += d >= y19 && d < y22;
    before += d < y19;
    after += d >= y22;
    assert_true(s <= e && e < d);
    if (*c[K_DAYS]) {
      int64_t days = int_of(c[K_DAYS]);
      assert_true(days >= 1 && days <= e - s + 1);
      short_days += days < e - s + 1;
    } else
      empty_days++;
    int64_t hours = *c[K_HOURS] ? int_of(c[K_HOURS]) : 0;
    int64_t on = *c[K_ONLINE] ? int_of(c[K_ONLINE]) : 0;
    assert_true(on >= 0 && on <= hours);
    online += on > 0;
    /* fee: yuan with at most two decimals */
    const char *f = c[K_FEE], *dot = strchr(f, '.');
    assert_true(strspn(f, "0123456789.") == strlen(f) && (!dot || strlen(dot) == 3));
    fee_half += dot && !strcmp(dot, ".50");
    fee_zero += atof(f) == 0;
    if (*c[K_RATE]) {
      int64_t rate = atoi(c[K_RATE]);
      assert_in_range(rate, 0, 100);
      rate_hi += rate >= 85;
      rate_lo += rate < 85;
    } else
      rate_unknown++;
    free_org += !strcmp(c[K_ORG_FREE], "true");
  }
  assert_true(inside >= r.n * 95 / 100);
  assert_true(before > 0 && after > 0);
  assert_true(short_days > 0 && empty_days > 0 && online > r.n / 20);
  assert_true(rate_hi > 0 && rate_lo > 0);
  assert_in_range(rate_unknown, r.n * 30 / 100, r.n * 45 / 100);
  assert_true(fee_half > 0 && fee_zero > 0 && free_org > 0);
  rows_free(&r);
}

/* Several claims a person, one district and one set of groups each. */
static void test_persons(void **state)
{
  (void)state;
  rows r;
  rows_make(&r, 5000, 9, 0, GEN_ALL_CITIES);
  int persons = 0, multi = 0;
  for (int i = 0; i < r.n;) {
    int j = i + 1;
    while (j < r.n && !strcmp(r.cell[j][K_PERSON_ID], r.cell[i][K_PERSON_ID])) {
      assert_string_equal(r.cell[j][K_DISTRICT], r.cell[i][K_DISTRICT]);
      assert_string_equal(r.cell[j][K_GROUPS], r.cell[i][K_GROUPS]);
      /* a person's claims come in date order */
      assert_true(strcmp(r.cell[j][K_CLAIM_DATE], r.cell[j - 1][K_CLAIM_DATE]) >= 0);
      j++;
    }
    assert_in_range(j - i, 1, 6);
    persons++;
    multi += j - i >= 2;
    i = j;
  }
  assert_in_range(multi, persons / 4, persons * 6 / 10);
  /* claim ids are unique: G and the row number */
  for (int i = 0; i < r.n; i++) {
    char want[16];
    snprintf(want, sizeof want, "G%07d", i + 1);
    assert_string_equal(r.cell[i][K_CLAIM_ID], want);
  }
  rows_free(&r);
}

/* The occupations of the standards tables, 创业培训, and some no table has. */
static void test_occupations(void **state)
{
  (void)state;
  static const char *const tables[] = {"liaocheng", "jinan", "dezhou", "taian", "taian-2021"};
  char known[4096] = "|";
  for (int t = 0; t < 5; t++) {
    char rel[64];
    snprintf(rel, sizeof rel, "policies/standards/%s.csv", tables[t]);
    char *text = tu_read_file(tu_src_path(rel), NULL);
    assert_non_null(text);
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
      char *comma = strchr(line, ',');
      if (line[0] == '#' || !comma || !strncmp(line, "occupation,", 11))
        continue;
      *comma = 0;
      char key[128];
      snprintf(key, sizeof key, "|%s|", line);
      if (!strstr(known, key))
        strcat(strcat(known, line), "|");
    }
    free(text);
  }
  rows r;
  rows_make(&r, 5000, 2, 10000, GEN_ALL_CITIES);
  static const char *const must[] = {"电工", "焊工", "家政服务员", "育婴员", "养老护理员",
                                     "中式烹调师", "汽车维修工", "电子商务师", "保安员",
                                     "美容师", "创业培训", NULL};
  int seen[11] = {0}, unlisted = 0, biz_course = 0, biz_trade = 0;
  for (int i = 0; i < r.n; i++) {
    const char *o = r.cell[i][K_OCCUPATION];
    int k = member(must, o);
    if (k >= 0)
      seen[k]++;
    char key[128];
    snprintf(key, sizeof key, "|%s|", o);
    unlisted += !strstr(known, key);
    if (!strcmp(r.cell[i][K_TYPE], "entrepreneurship")) {
      biz_course += !strcmp(o, "创业培训");
      biz_trade += strcmp(o, "创业培训") != 0;
    }
  }
  for (int k = 0; must[k]; k++)
    if (!seen[k])
      fail_msg("occupation %s never occurs", must[k]);
  assert_true(unlisted > 0 && unlisted < r.n / 5);
  assert_true(biz_course > biz_trade && biz_trade > 0);
  rows_free(&r);
}

/* The keys of a policy's quota block, as "|key|key|". */
static void quota_keys(const char *policy, char *out, size_t size)
{
  char *text = tu_read_file(tu_src_path(policy), NULL);
  assert_non_null(text);
  char *q = strstr(text, "\nquota ");
  assert_non_null(q);
  q = strchr(q, '{');
  char *end = strchr(q, '}');
  *end = 0;
  snprintf(out, size, "|");
  for (char *s = strchr(q, '"'); s; s = strchr(s, '"')) {
    char *e = strchr(s + 1, '"');
    *e = 0;
    strncat(out, s + 1, size - strlen(out) - 2);
    strcat(out, "|");
    s = e + 1;
  }
  free(text);
}

static int count_keys(const char *keys)
{
  int n = -1;
  for (; *keys; keys++)
    n += *keys == '|';
  return n;
}

/* --city: the districts are the keys of Liaocheng's quota, all of them;
** departments are the keys of Jinan's. */
static void test_quota_keys(void **state)
{
  (void)state;
  static const struct { const char *policy; int city, col; } cases[] = {
    {"policies/liaocheng.polis", GEN_LIAOCHENG, K_DISTRICT},
    {"policies/jinan.polis", GEN_JINAN, K_DEPARTMENT}};
  for (int c = 0; c < 2; c++) {
    char keys[4096], seen[4096] = "|";
    quota_keys(cases[c].policy, keys, sizeof keys);
    assert_true(count_keys(keys) >= 12);
    rows r;
    rows_make(&r, 5000, 4, 10000, cases[c].city);
    for (int i = 0; i < r.n; i++) {
      const char *v = r.cell[i][cases[c].col];
      if (!*v)
        continue;
      char key[256];
      snprintf(key, sizeof key, "|%s|", v);
      if (!strstr(keys, key))
        fail_msg("%s: '%s' is not a quota key", cases[c].policy, v);
      if (!strstr(seen, key))
        strcat(strcat(seen, v), "|");
    }
    assert_int_equal(count_keys(seen), count_keys(keys));
    rows_free(&r);
  }
}

/* The mixed file has people of every city (district names of each). */
static void test_all_cities(void **state)
{
  (void)state;
  rows r;
  rows_make(&r, 3000, 1, 10000, GEN_ALL_CITIES);
  static const char *const one[] = {"东昌府区", "盐湖区", "历下区", "德城区", "泰山区"};
  for (int k = 0; k < 5; k++) {
    int n = 0;
    for (int i = 0; i < r.n; i++)
      n += !strcmp(r.cell[i][K_DISTRICT], one[k]);
    if (!n)
      fail_msg("no claims from %s", one[k]);
  }
  rows_free(&r);
  assert_int_equal(gen_city_lookup("taian"), GEN_TAIAN);
  assert_int_equal(gen_city_lookup("济南市"), GEN_JINAN);
  assert_int_equal(gen_city_lookup("运城"), GEN_YUNCHENG);
  assert_int_equal(gen_city_lookup("all"), GEN_ALL_CITIES);
  assert_int_equal(gen_city_lookup("paris"), -2);
}

/* ---- Command line -------------------------------------------------------- */

/* gen_main with stdout and stderr sent to /dev/null. */
static int run_quiet(int argc, const char **argv)
{
  fflush(stdout);
  fflush(stderr);
  int o = dup(1), e = dup(2), null = open("/dev/null", O_WRONLY);
  dup2(null, 1);
  dup2(null, 2);
  int rc = gen_main(argc, (char **)argv);
  fflush(stdout);
  fflush(stderr);
  dup2(o, 1);
  dup2(e, 2);
  close(o), close(e), close(null);
  return rc;
}

static char *run_to_file(int argc, const char **argv, const char *path)
{
  assert_int_equal(run_quiet(argc, argv), 0);
  char *t = tu_read_file(path, NULL);
  assert_non_null(t);
  unlink(path);
  return t;
}

static void test_cli(void **state)
{
  (void)state;
  char path[] = "/tmp/polis-gen-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);

  const char *a1[] = {"--n", "2k", "--seed", "5", "-o", path, NULL};
  char *t1 = run_to_file(6, a1, path);
  char *ref = gen_text(2000, 5, 10000, GEN_ALL_CITIES, NULL);
  assert_string_equal(t1, ref);
  free(ref);
  const char *a2[] = {"--n=2000", "--seed=5", "--invalid-share", "1%", "--no-progress",
                      "--output", path, NULL};
  char *t2 = run_to_file(7, a2, path);
  assert_string_equal(t1, t2);
  free(t1), free(t2);

  const char *a3[] = {"--n", "300", "--invalid-share", "0.1", "--city", "dezhou", "-o", path, NULL};
  char *t3 = run_to_file(8, a3, path);
  ref = gen_text(300, 1, 100000, GEN_DEZHOU, NULL);
  assert_string_equal(t3, ref);
  free(t3), free(ref);

  static const char *const bad[][3] = {
    {"--n", "x", NULL}, {"--n", "0", NULL}, {"--n", "-5", NULL}, {"--n", "1.5k", NULL},
    {"--n", NULL, NULL}, {"--seed", "-1", NULL}, {"--seed", "99999999999999999999", NULL},
    {"--invalid-share", "1.5", NULL}, {"--invalid-share", "abc", NULL},
    {"--invalid-share", "101%", NULL}, {"--city", "paris", NULL}, {"--bogus", NULL, NULL},
    {"claims.csv", NULL, NULL}, {"-o", NULL, NULL}};
  for (int i = 0; i < (int)(sizeof bad / sizeof bad[0]); i++) {
    int argc = bad[i][1] ? 2 : 1;
    if (run_quiet(argc, (const char **)bad[i]) != 2)
      fail_msg("'%s %s' is not a usage error", bad[i][0], bad[i][1] ? bad[i][1] : "");
  }
  const char *help[] = {"--help", NULL};
  assert_int_equal(run_quiet(1, help), 0);
  const char *nodir[] = {"-o", "/nonexistent-dir/x.csv", NULL};
  assert_int_equal(run_quiet(2, nodir), 1);
  if (access("/dev/full", W_OK) == 0) {
    const char *full[] = {"--n", "1000", "-o", "/dev/full", NULL};
    assert_int_equal(run_quiet(4, full), 1);
  }
  unlink(path);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_deterministic),
    cmocka_unit_test(test_golden_first_rows),
    cmocka_unit_test(test_invalid_share_changes_ids_only),
    cmocka_unit_test(test_every_enum_value),
    cmocka_unit_test(test_resident_ids),
    cmocka_unit_test(test_dates_days_hours),
    cmocka_unit_test(test_persons),
    cmocka_unit_test(test_occupations),
    cmocka_unit_test(test_quota_keys),
    cmocka_unit_test(test_all_cities),
    cmocka_unit_test(test_cli),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
