/* `polis compare` reports (compiler/report.c, report_html.c): a small
** rt_cmp built by hand over three real rt_policy objects decoded from
** descriptors, rendered in every format into memory and checked: exact CSV
** summary rows, well-formed JSON with the totals, aligned text tables,
** escaped HTML with the ids the e2e test reads and bar heights
** proportional to the amounts. */
#include "testutil.h"

#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Three policies ------------------------------------------------------ */

#define FIELDS                                                              \
  "field\tclaim_id\t-\ttext\t-\trequired\tclaim_id\t-\t-\t-\n"              \
  "field\tperson_id\t-\tresident_id\t-\trequired\tperson_id\t-\t-\t-\n"     \
  "field\tclaim_date\t-\tdate\t-\trequired\tclaim_date\t-\t-\t-\n"          \
  "field\tdistrict\t-\ttext\t-\t-\t-\t-\t-\t-\n"

/* Labels with <, a comma, a quote, a bar and a newline: every format has
** something to escape. */
static const char *const DESC_A =
  "polis-descriptor 2\n"
  "policy\talpha\t甲市职业技能提升行动方案\t甲政发〔2020〕1号\t-\t\t\t\t甲市\n" FIELDS
  "symbol\t市本级\n"
  "benefit\ttraining\t培训<补贴>\t第1条\n"
  "benefit\tcert\t取证补贴, 甲\t第2条\n"
  "rule\ttrain\t培训补贴规则\t第1条\t0\tperson\n"
  "rule\tcertify\t取证\t第2条\t1\torganizer\n"
  "reason\tyearly_limit\tdeny\t每人每年不超过3次\t第3条\n"
  "reason\tquoted\tinfo\tsay \"hi\" | bar\\nnext line\t-\n"
  "quota\tplan_2020\t2020年任务\tdistrict\t2020\t附件1\n"
  "quota_key\t市本级\t4\n"
  "end\n";

static const char *const DESC_B =
  "polis-descriptor 2\n"
  "policy\tbeta\t乙市方案\t乙政发〔2020〕2号\t-\t\t\t\t乙市\n" FIELDS
  "benefit\ttraining\t职业培训补贴\t第5条\n"
  "benefit\tliving\t生活费补贴\t第6条\n"
  "rule\tgeneral\t职业培训补贴\t第5条\t0\tperson\n"
  "rule\tlive\t生活费\t第6条\t1\tperson\n"
  "reason\tnot_eligible\tdeny\t不符合条件\t第4条\n"
  "end\n";

/* No city: reports fall back to the policy name. */
static const char *const DESC_C =
  "polis-descriptor 2\n"
  "policy\tgamma\tGamma plan\tG-1\t-\t\t\t\t\n" FIELDS
  "benefit\ttraining\tTraining\t-\n"
  "rule\tpay\t-\t-\t0\tperson\n"
  "end\n";

static void no_eval(const rt_batch *b)
{
  (void)b;
}

static rt_policy *load(const char *desc)
{
  static rt_entry e[3];
  static int n;
  rt_entry *en = &e[n++ % 3];
  *en = (rt_entry){RT_ABI_VERSION, 0, desc, no_eval};
  char err[256];
  rt_policy *p = rt_policy_load(en, err, sizeof err);
  if (!p)
    fail_msg("%s", err);
  return p;
}

/* ---- The comparison, by hand ---------------------------------------------- */

typedef struct fixture {
  rt_policy *p[3];
  rt_cmp c;
  rt_cmp_city city[3];
  rt_cmp_pair pair[3];
  rt_cmp_diff d01[3], d02[1];
  sheet sh;
  sheet_section sec[1];
  sheet_row rows[2];
  report_in in;
} fixture;

/* alpha: 10 rows, 6 granted, 3 denied, 1 rejected; 1234.50 + 200.00 yuan */
static int64_t a_ben[] = {123450, 0, 0, 20000}, a_bcl[] = {6, 2}, a_rcl[] = {3, 1};
static int64_t a_gg[] = {4, 0, 2}, a_gf[] = {80000, 0, 40000}, a_quota[] = {3, 1};
/* beta: 10 rows, 9 granted; 2,000,000.00 yuan to persons (thousands) */
static int64_t b_ben[] = {199000000, 0, 1000000, 0}, b_bcl[] = {9, 1}, b_rcl[] = {1};
static int64_t b_gg[] = {5, 0, 3}, b_gf[] = {100000000, 0, 60000000};
/* gamma: nothing granted */
static int64_t c_ben[] = {0, 0}, c_bcl[] = {0};
static int64_t c_gg[] = {0, 0, 0}, c_gf[] = {0, 0, 0};

static const char *const gnames[] = {"rural_migrant", "veteran", "student"};
static const char *const glabels[] = {"农村转移就业劳动者", "退役军人", "在校学生"};
static int64_t gclaims[] = {7, 0, 4};

static char *cells0[] = {"职业培训补贴\n按标准目录 <目录>", "职业培训补贴", ""};
static char *cites0[] = {"甲政发〔2020〕1号 第1条", "乙政发〔2020〕2号 第5条", ""};
static char *cells1[] = {"", "每天15元 | 生活费", ""};
static char *cites1[] = {"", "第6条", ""};
static char *city_zh[] = {"甲市", "乙市", "gamma"};
static char *city_en[] = {"alpha", "beta", "gamma"};

static void fx_init(fixture *f)
{
  memset(f, 0, sizeof *f);
  f->p[0] = load(DESC_A);
  f->p[1] = load(DESC_B);
  f->p[2] = load(DESC_C);
  /* designated initializers: the structs may grow */
  rt_cmp_city *c = f->city;
  c[0] = (rt_cmp_city){.p = f->p[0], .sum = {10, 6, 3, 1, 123450, 20000}, .benefit_fen = a_ben,
                       .benefit_claims = a_bcl, .reason_claims = a_rcl, .group_granted = a_gg,
                       .group_fen = a_gf, .quota_granted = a_quota};
  c[1] = (rt_cmp_city){.p = f->p[1], .sum = {10, 9, 1, 0, 200000000, 0}, .benefit_fen = b_ben,
                       .benefit_claims = b_bcl, .reason_claims = b_rcl, .group_granted = b_gg,
                       .group_fen = b_gf};
  c[2] = (rt_cmp_city){.p = f->p[2], .sum = {10, 0, 9, 1, 0, 0}, .benefit_fen = c_ben,
                       .benefit_claims = c_bcl, .group_granted = c_gg, .group_fen = c_gf};
  /* alpha vs beta: three groups, largest first */
  f->d01[0] = (rt_cmp_diff){.status = {RT_GRANTED, RT_DENIED}, .rules = {"train", ""},
                            .reasons = {"", "not_eligible"}, .claims = 4, .fen = {80000, 0},
                            .nexamples = 2,
                            .ex = {{"A1", {30000, 0}}, {"A<2>", {50000, 0}}}};
  f->d01[1] = (rt_cmp_diff){.status = {RT_DENIED, RT_GRANTED}, .rules = {"", "general|live"},
                            .reasons = {"yearly_limit", ""}, .claims = 2, .fen = {0, 120000},
                            .nexamples = 1, .ex = {{"A3", {0, 60000}}}};
  f->d01[2] = (rt_cmp_diff){.status = {RT_REJECTED, RT_GRANTED}, .rules = {"", "general"},
                            .reasons = {"bad_date:claim_date", ""}, .claims = 1,
                            .fen = {0, 1000}, .nexamples = 1, .ex = {{"A9", {0, 1000}}}};
  f->d02[0] = (rt_cmp_diff){.status = {RT_GRANTED, RT_DENIED}, .rules = {"train|certify", ""},
                            .reasons = {"quoted", ""}, .claims = 6, .fen = {143450, 0}};
  f->pair[0] = (rt_cmp_pair){.a = 0, .b = 1, .same = 3, .differ = 7, .status_differ = 5,
                             .a_more = 4, .b_more = 3, .fen = {80000, 121000}, .ndiffs = 3,
                             .diffs = f->d01};
  f->pair[1] = (rt_cmp_pair){.a = 0, .b = 2, .same = 4, .differ = 6, .status_differ = 6,
                             .a_more = 6, .fen = {143450, 0}, .ndiffs = 1, .diffs = f->d02};
  f->pair[2] = (rt_cmp_pair){.a = 1, .b = 2, .same = 1, .differ = 9, .status_differ = 9,
                             .a_more = 9, .fen = {200000000, 0}};
  f->c = (rt_cmp){.n = 3, .city = f->city, .npairs = 3, .pair = f->pair, .rows = 10,
                  .ngroups = 3, .group_names = gnames, .group_labels = glabels,
                  .group_claims = gclaims, .seconds = 1.25};

  f->rows[0] = (sheet_row){.key = "training", .label_zh = "培训补贴", .label_en = "training",
                           .cells = cells0, .cites = cites0};
  f->rows[1] = (sheet_row){.key = "living", .label_zh = "生活费 | 补贴", .label_en = "living",
                           .cells = cells1, .cites = cites1};
  f->sec[0] = (sheet_section){.id = "benefits", .title_zh = "补贴项目", .title_en = "Benefits",
                              .nrows = 2, .rows = f->rows};
  f->sh = (sheet){.ncity = 3, .city_zh = city_zh, .city_en = city_en, .nsec = 1, .sec = f->sec};

  static const char *const paths[] = {"policies/alpha.polis", "policies/beta.polis",
                                      "policies/gamma.polis"};
  f->in = (report_in){.cmp = &f->c, .sheet = &f->sh, .paths = paths,
                      .claims_path = "claims.csv", .max_diffs = 2};
}

static void fx_free(fixture *f)
{
  for (int i = 0; i < 3; i++)
    rt_policy_free(f->p[i]);
}

/* Render into a malloc'd string. */
static char *render(const report_in *in, int html, report_format fmt)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&buf, &len);
  assert_non_null(out);
  int rc = html ? report_html(in, out) : report_write(in, fmt, out);
  assert_int_equal(fclose(out), 0);
  assert_int_equal(rc, 0);
  assert_int_equal(strlen(buf), len); /* no NUL inside */
  return buf;
}

static void has(const char *text, const char *want)
{
  if (!strstr(text, want))
    fail_msg("output lacks '%s':\n%s", want, text);
}

static void lacks(const char *text, const char *bad)
{
  if (strstr(text, bad))
    fail_msg("output has '%s':\n%s", bad, text);
}

/* The line that starts at p, as a malloc'd string. */
static char *line_at(const char *p)
{
  size_t n = strcspn(p, "\n");
  char *l = malloc(n + 1);
  memcpy(l, p, n);
  l[n] = 0;
  return l;
}

/* ---- Display width -------------------------------------------------------- */

static void test_width(void **state)
{
  (void)state;
  assert_int_equal(report_text_width("聊城市"), 6);
  assert_int_equal(report_text_width("abc"), 3);
  assert_int_equal(report_text_width(""), 0);
  assert_int_equal(report_text_width("甲政发〔2020〕1号"), 6 + 2 + 4 + 2 + 1 + 2); /* 〔〕 wide */
  assert_int_equal(report_text_width("ＡＢ"), 4);                     /* full-width forms */
  assert_int_equal(report_text_width("e\xCC\x81"), 1);                /* e + combining acute */
  assert_int_equal(report_text_width("\033[1m聊城\033[0m"), 4);       /* ANSI is invisible */
  assert_int_equal(report_text_width("¥1,234.50"), 9);
  assert_int_equal(report_text_width("…"), 1);
  assert_int_equal(report_text_width("\xF0\xA0\x80\x80"), 2);         /* U+20000 */
  assert_int_equal(report_text_width("\xFF" "a"), 2);                 /* a bad byte is 1 */
}

static void test_helpers(void **state)
{
  (void)state;
  char b[48];
  assert_string_equal(report_yuan(123456789, 1, b), "1,234,567.89");
  assert_string_equal(report_yuan(123456789, 0, b), "1234567.89");
  assert_string_equal(report_yuan(-100000, 1, b), "-1,000.00");
  assert_string_equal(report_yuan(5, 1, b), "0.05");
  assert_string_equal(report_yuan(99999, 1, b), "999.99");
  assert_string_equal(report_pct(1, 3, b), "33.3%");
  assert_string_equal(report_pct(2, 3, b), "66.7%");
  assert_string_equal(report_pct(5, 0, b), "-");
}

/* ---- CSV ------------------------------------------------------------------- */

/* Split one RFC 4180 record at *p into fields (malloc'd); returns the count
** and advances *p past the record. */
static int csv_record(const char **p, char **f, int max)
{
  int n = 0;
  const char *s = *p;
  for (;;) {
    char *buf = malloc(strlen(s) + 1), *o = buf;
    if (*s == '"') {
      s++;
      for (;;) {
        if (!*s)
          fail_msg("unterminated quoted CSV field");
        if (*s == '"' && s[1] == '"')
          *o++ = '"', s += 2;
        else if (*s == '"') {
          s++;
          break;
        } else
          *o++ = *s++;
      }
    } else {
      while (*s && *s != ',' && *s != '\n') {
        if (*s == '"')
          fail_msg("bare quote in an unquoted CSV field");
        *o++ = *s++;
      }
    }
    *o = 0;
    if (n < max)
      f[n] = buf;
    else
      free(buf);
    n++;
    if (*s == ',') {
      s++;
      continue;
    }
    if (*s != '\n')
      fail_msg("CSV record does not end with a newline");
    *p = s + 1;
    return n;
  }
}

static void test_csv(void **state)
{
  (void)state;
  fixture f;
  fx_init(&f);
  char *csv = render(&f.in, 0, REPORT_CSV);
  const char *hdr = "table,city,city_b,key,label,claims,granted,denied,rejected,person_amount,"
                    "organizer_amount,total_amount,detail\n";
  assert_memory_equal(csv, hdr, strlen(hdr));
  has(csv, "\nsummary,alpha,,alpha,甲市,10,6,3,1,1234.50,200.00,1434.50,");
  has(csv, "\nsummary,beta,,beta,乙市,10,9,1,0,2000000.00,0.00,2000000.00,");
  has(csv, "\nsummary,gamma,,gamma,gamma,10,0,9,1,0.00,0.00,0.00,");
  has(csv, "\nbenefit,alpha,,cert,\"取证补贴, 甲\",2,,,,0.00,200.00,200.00,cite=第2条\n");
  has(csv, "\ngroup,beta,,student,在校学生,4,3,,,,,600000.00,\n");
  has(csv, "\nreason,alpha,,quoted,\"say \"\"hi\"\" | bar\nnext line\",1,,,,,,,kind=info;cite=\n");
  has(csv, "\nquota,alpha,,plan_2020,市本级,4,3,,,,,,year=2020;field=district;cite=附件1\n");
  has(csv, "\nquota,alpha,,plan_2020,(total),4,4,,,,,,");
  has(csv, "\npair,alpha,beta,differ,甲市 vs 乙市,7,,,,,,410.00,");
  has(csv, "status_differ=5;a_more=4;b_more=3");
  has(csv, "\ndiff,alpha,beta,granted→denied,");
  has(csv, "a.rules=train;a.reasons=;b.rules=;b.reasons=not_eligible;a_amount=800.00;"
           "b_amount=0.00;examples=A1 300.00/0.00|A<2> 500.00/0.00");
  has(csv, "\ndiff,alpha,beta,rejected→granted,");
  /* every diff group is listed, whatever max_diffs says */
  int ndiff = 0;
  for (const char *s = csv; (s = strstr(s, "\ndiff,")); s++)
    ndiff++;
  assert_int_equal(ndiff, 4);
  has(csv, "\nsheet,beta,,benefits.living,生活费 | 补贴 living,,,,,,,,每天15元 | 生活费 [第6条]\n");
  has(csv, "\nsheet,alpha,,benefits.training,");
  /* every record has the 13 fields of the header */
  const char *p = csv;
  int records = 0;
  while (*p) {
    char *fld[16];
    int n = csv_record(&p, fld, 16);
    if (n != 13)
      fail_msg("record %d has %d fields", records + 1, n);
    static const char *const tables[] = {"table", "summary", "benefit", "group", "reason",
                                         "quota", "pair", "diff", "sheet"};
    int ok = 0;
    for (size_t k = 0; k < sizeof tables / sizeof tables[0]; k++)
      ok |= !strcmp(fld[0], tables[k]);
    if (!ok)
      fail_msg("unknown table '%s'", fld[0]);
    for (int k = 0; k < n && k < 16; k++)
      free(fld[k]);
    records++;
  }
  /* 1 header + 3 summary + 5 benefits + 9 groups + 3 reasons + 3 quota +
  ** 3 pairs + 4 diffs + 6 sheet cells */
  assert_int_equal(records, 1 + 3 + 5 + 9 + 3 + 3 + 3 + 4 + 6);
  free(csv);
  fx_free(&f);
}

/* ---- JSON ------------------------------------------------------------------ */

/* Structure only: balanced {} and [] outside strings, strings closed, no raw
** control characters in them, valid escapes, one top-level object. */
static void json_check(const char *s)
{
  char stack[64];
  int depth = 0, top = 0;
  while (*s == ' ' || *s == '\n')
    s++;
  if (*s != '{')
    fail_msg("JSON does not start with '{'");
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"') {
      for (s++; *s != '"'; s++) {
        if (!*s)
          fail_msg("unterminated JSON string");
        if ((unsigned char)*s < 0x20)
          fail_msg("raw control character 0x%02x in a JSON string", (unsigned char)*s);
        if (*s == '\\') {
          s++;
          if (!strchr("\"\\/bfnrtu", *s))
            fail_msg("bad JSON escape '\\%c'", *s);
          if (*s == 'u')
            for (int k = 1; k <= 4; k++)
              if (!strchr("0123456789abcdefABCDEF", s[k]))
                fail_msg("bad \\u escape");
        }
      }
      continue;
    }
    if (c == '{' || c == '[') {
      if (depth == 64)
        fail_msg("JSON nested too deep");
      stack[depth++] = (char)c;
    } else if (c == '}' || c == ']') {
      if (!depth || stack[depth - 1] != (c == '}' ? '{' : '['))
        fail_msg("unbalanced '%c' in JSON", c);
      if (--depth == 0)
        top++;
    } else if (!strchr(" \n,:-0123456789.truefalsn", c)) {
      fail_msg("unexpected character '%c' outside JSON strings", c);
    }
  }
  if (depth)
    fail_msg("JSON ends inside %d open brackets", depth);
  if (top != 1)
    fail_msg("%d top-level JSON values", top);
}

static void test_json(void **state)
{
  (void)state;
  fixture f;
  fx_init(&f);
  char *js = render(&f.in, 0, REPORT_JSON);
  json_check(js);
  has(js, "\"format\":\"polis-compare\",\"version\":1,\"claims_file\":\"claims.csv\",\"rows\":10");
  has(js, "\"policy\":\"alpha\",\"city\":\"甲市\"");
  has(js, "\"claims\":10,\"granted\":6,\"denied\":3,\"rejected\":1,\"person_fen\":123450,"
          "\"person_amount\":\"1234.50\",\"organizer_fen\":20000,\"organizer_amount\":\"200.00\","
          "\"total_fen\":143450,\"total_amount\":\"1434.50\"");
  has(js, "\"total_fen\":200000000,\"total_amount\":\"2000000.00\"");
  has(js, "\"message\":\"say \\\"hi\\\" | bar\\nnext line\"");
  has(js, "\"label\":\"培训<补贴>\"");
  has(js, "\"key\":\"granted→denied\",\"claims\":4,\"delta_fen\":-80000,\"delta_amount\":\"-800.00\"");
  has(js, "{\"name\":\"not_eligible\",\"label\":\"不符合条件\",\"cite\":\"第4条\"}");
  has(js, "{\"name\":\"bad_date:claim_date\",\"label\":\"日期格式错误");
  has(js, "\"claim_id\":\"A<2>\",\"a_total_fen\":50000");
  has(js, "\"granted\":[4,5,0],\"total_fen\":[80000,100000000,0]");
  has(js, "\"keys\":[{\"key\":\"市本级\",\"planned\":4,\"granted\":3}],\"other_granted\":1,"
          "\"planned\":4,\"granted\":4");
  has(js, "\"cells\":[\"职业培训补贴\\n按标准目录 <目录>\",\"职业培训补贴\",\"\"]");
  lacks(js, "1.25"); /* no wall time: the same input gives the same bytes */
  free(js);

  /* no sheet: null */
  f.in.sheet = NULL;
  js = render(&f.in, 0, REPORT_JSON);
  json_check(js);
  has(js, "\"sheet\":null}");
  free(js);
  fx_free(&f);
}

/* ---- Text ------------------------------------------------------------------ */

/* The table under the first line after marker: the k-th line of dashes
** after it, the heading line above and the nrows lines below all have one
** display width. */
static void aligned(const char *text, const char *marker, int k, int nrows)
{
  const char *m = strstr(text, marker);
  if (!m)
    fail_msg("no '%s' in the text report", marker);
  const char *prev = NULL, *p = m + strcspn(m, "\n") + 1;
  for (;;) {
    if (!*p)
      fail_msg("no table under '%s'", marker);
    char *l = line_at(p);
    int dashes = l[strspn(l, " ")] == '-' && l[strspn(l, " -")] == 0;
    free(l);
    if (dashes && k-- == 0)
      break;
    prev = p;
    p += strcspn(p, "\n") + 1;
  }
  char *dash = line_at(p);
  int w = report_text_width(dash);
  const char *q = prev;
  for (int i = 0; i < nrows + 2; i++) {
    char *l = line_at(q);
    if (report_text_width(l) != w)
      fail_msg("table under '%s': line %d is %d columns wide, not %d:\n%s\n%s", marker, i,
               report_text_width(l), w, dash, l);
    if (i == 1 && strcmp(l, dash))
      fail_msg("table under '%s' has no heading line", marker);
    free(l);
    q += strcspn(q, "\n") + 1;
  }
  free(dash);
}

static void test_text(void **state)
{
  (void)state;
  fixture f;
  fx_init(&f);
  char *t = render(&f.in, 0, REPORT_TEXT);
  has(t, "Polis compare — claims claims.csv: 10 rows, 3 policies, 1.250 s\n");
  lacks(t, "\033[");
  /* summary: cities as columns, 7 rows */
  aligned(t, "Summary (amounts", 0, 7);
  has(t, "  granted");
  has(t, "6  60.0%");
  has(t, "2,000,000.00");
  /* benefits (5), groups (2 with claims), reasons, matrix (3), pairs (3) */
  aligned(t, "Benefits (claims", 0, 5);
  aligned(t, "Person groups", 0, 2);
  aligned(t, "Reasons (top", 0, 4);
  aligned(t, "Claims decided differently", 0, 3);
  aligned(t, "Claims decided differently", 1, 3);
  has(t, "(not shown: 1 group that no claim names)");
  has(t, "培训<补贴>");
  /* matrix: upper triangle count and share */
  has(t, "7  70.0%");
  /* difference groups: max_diffs 2 of 3, then how many more */
  has(t, "甲市 vs 乙市: 7 claims decided differently (70.0% of rows), 5 with another status");
  has(t, "  1. 甲市 granted [train] vs 乙市 denied [not_eligible]: 4 claims, Δ -¥800.00\n");
  has(t, "  2. 甲市 denied [yearly_limit] vs 乙市 granted [general, live]: 2 claims, Δ +¥1,200.00\n");
  has(t, "  … 1 more group covering 1 claim\n");
  has(t, "e.g. A1 300.00→0.00, A<2> 500.00→0.00");
  has(t, "not_eligible  不符合条件 (第4条)");
  has(t, "yearly_limit  每人每年不超过3次 (第3条)");
  lacks(t, "bad_date:claim_date"); /* third group is not shown */
  has(t, "乙市 vs gamma: 9 claims decided differently");
  /* quota and sheet */
  has(t, "plan_2020 — 2020年任务, 2020, by district (附件1)");
  aligned(t, "plan_2020 — 2020年任务", 0, 3);
  has(t, "补贴项目 Benefits");
  has(t, "(甲政发〔2020〕1号 第1条)");
  free(t);

  /* colour: headings and statuses, tables still aligned; all groups */
  f.in.color = 1;
  f.in.max_diffs = -1;
  t = render(&f.in, 0, REPORT_TEXT);
  has(t, "\033[1mSummary");
  has(t, "\033[32mgranted\033[0m");
  has(t, "bad_date:claim_date  日期格式错误");
  lacks(t, "more group");
  aligned(t, "Benefits (claims", 0, 5);
  aligned(t, "Summary (amounts", 0, 7);
  free(t);

  /* no group shown at all with max_diffs 0, and a narrow long cell is cut */
  f.in.color = 0;
  f.in.max_diffs = 0;
  t = render(&f.in, 0, REPORT_TEXT);
  has(t, "  … 3 more groups covering 7 claims\n");
  free(t);
  fx_free(&f);
}

static void test_text_long_cells(void **state)
{
  (void)state;
  fixture f;
  fx_init(&f);
  /* a 60-column group label is cut at 40 columns with "…" */
  static const char *const longl[] = {"农村转移就业劳动者农村转移就业劳动者农村转移就业劳动者农村",
                                      "退役军人", "在校学生"};
  f.c.group_labels = longl;
  char *t = render(&f.in, 0, REPORT_TEXT);
  has(t, "rural_migrant 农村转移就业劳动者农村转…");
  aligned(t, "Person groups", 0, 2);
  free(t);
  fx_free(&f);
}

/* ---- Markdown ---------------------------------------------------------------- */

/* Unescaped '|' in a line */
static int bars(const char *l)
{
  int n = 0;
  for (; *l && *l != '\n'; l++) {
    if (*l == '\\' && l[1]) {
      l++;
      continue;
    }
    n += *l == '|';
  }
  return n;
}

static void test_md(void **state)
{
  (void)state;
  fixture f;
  fx_init(&f);
  char *md = render(&f.in, 0, REPORT_MD);
  has(md, "# Polis compare\n");
  has(md, "| | 甲市 | 乙市 | gamma |\n|---|---:|---:|---:|\n");
  has(md, "| granted | 6 (60.0%) | 9 (90.0%) | 0 (0.0%) |\n");
  has(md, "| paid in all | 1,434.50 | 2,000,000.00 | 0.00 |\n");
  has(md, "培训&lt;补贴&gt;");
  has(md, "say \"hi\" \\| bar<br>next line");
  has(md, "\n### 甲市 vs 乙市\n\n7 claims decided differently (70.0% of rows), 5 with another "
          "status.\n\n1. 甲市 granted \\[train\\] vs 乙市 denied \\[not_eligible\\]: 4 claims, "
          "Δ -¥800.00\n   - 甲市: rule train — 培训补贴规则 (第1条)\n"
          "   - 乙市: reason not_eligible — 不符合条件 (第4条)\n"
          "   - e.g. A1 300.00→0.00, A&lt;2&gt; 500.00→0.00\n");
  has(md, "\n… 1 more group covering 1 claim.\n");
  has(md, "\n### 补贴项目 Benefits\n\n| | 甲市 | 乙市 | gamma |\n");
  has(md, "| 培训补贴<br>training | 职业培训补贴<br>按标准目录 &lt;目录&gt;<br>(甲政发〔2020〕1号 第1条) |");
  lacks(md, "<br><br>");
  free(md);
  md = NULL;
  fx_free(&f);
}

static void test_md_tables(void **state)
{
  (void)state;
  fixture f;
  fx_init(&f);
  char *md = render(&f.in, 0, REPORT_MD);
  /* every table row has as many cells as its heading */
  const char *p = md;
  int tables = 0;
  while (*p) {
    if (*p == '|') {
      int want = bars(p);
      tables++;
      while (*p == '|') {
        if (bars(p) != want) {
          char *l = line_at(p);
          fail_msg("table row with %d bars, heading has %d: %s", bars(p), want, l);
        }
        p += strcspn(p, "\n") + (p[strcspn(p, "\n")] != 0);
      }
      continue;
    }
    p += strcspn(p, "\n") + (p[strcspn(p, "\n")] != 0);
  }
  assert_true(tables >= 8);
  free(md);
  fx_free(&f);
}

/* ---- HTML ---------------------------------------------------------------------- */

static double attr_num(const char *tag, const char *name)
{
  char key[64];
  snprintf(key, sizeof key, " %s=\"", name);
  const char *a = strstr(tag, key);
  const char *end = strchr(tag, '>');
  if (!a || (end && a > end))
    fail_msg("no %s in %.200s", name, tag);
  return strtod(a + strlen(key), NULL);
}

static void test_html(void **state)
{
  (void)state;
  fixture f;
  fx_init(&f);
  char *h = render(&f.in, 1, 0);
  has(h, "<!DOCTYPE html>\n<html lang=\"zh-CN\">");
  has(h, "<meta charset=\"utf-8\">");
  has(h, "\"Noto Sans CJK SC\"");
  static const char *const ids[] = {"<svg id=\"chart-totals\" class=\"chart\"",
                                    "<svg id=\"chart-benefits\" class=\"chart\"",
                                    "<table id=\"matrix\">", "<table id=\"summary\">",
                                    "<table id=\"sheet\">", "<section id=\"diffs\">",
                                    "<table id=\"groups\">", "<table id=\"pairs\">"};
  for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
    has(h, ids[i]);
  /* escaped text, never raw */
  has(h, "培训&lt;补贴&gt;");
  lacks(h, "培训<补贴>");
  has(h, "<code>A&lt;2&gt;</code>");
  has(h, "按标准目录 &lt;目录&gt;");
  has(h, "say &quot;hi&quot; | bar");
  /* self-contained: nothing loaded */
  lacks(h, "<script");
  lacks(h, "<link");
  lacks(h, " src=");
  lacks(h, "url(");
  lacks(h, "@import");
  /* no wall time: the page does not change with it */
  f.c.seconds = 99.5;
  char *h2 = render(&f.in, 1, 0);
  assert_string_equal(h, h2);
  free(h2);

  /* totals chart: one bar per city, stacked heights sum to total / top * plot */
  const char *svg = strstr(h, "<svg id=\"chart-totals\"");
  const char *svg_end = strstr(svg, "</svg>");
  double top = attr_num(svg, "data-top-fen"), ph = attr_num(svg, "data-plot-height");
  assert_true(top >= 200000000 && ph > 100);
  int bars_seen = 0;
  double ratio = -1;
  for (const char *g = strstr(svg, "<g class=\"bar\""); g && g < svg_end;
       g = strstr(g + 1, "<g class=\"bar\"")) {
    double fen = attr_num(g, "data-total-fen");
    const char *r1 = strstr(g, "<rect class=\"seg person\"");
    const char *r2 = strstr(g, "<rect class=\"seg organizer\"");
    assert_non_null(r1);
    assert_non_null(r2);
    double hp = attr_num(r1, "height"), ho = attr_num(r2, "height");
    assert_true(hp >= 0 && ho >= 0);
    assert_true(attr_num(r1, "data-fen") + attr_num(r2, "data-fen") == fen);
    double want = fen / top * ph;
    if (hp + ho < want - 0.02 || hp + ho > want + 0.02)
      fail_msg("bar of %.0f fen is %.2f high, not %.2f", fen, hp + ho, want);
    if (hp + ho > 10) { /* heights are printed to 0.01 */
      double rr = (hp + ho) / fen;
      if (ratio < 0)
        ratio = rr;
      assert_true(rr / ratio > 0.999 && rr / ratio < 1.001);
    }
    bars_seen++;
  }
  assert_int_equal(bars_seen, 3);
  /* alpha 1434.50 of beta 2,000,000: a bar of a different height */
  has(h, "data-city=\"alpha\" data-total-fen=\"143450\"");
  has(h, "data-city=\"beta\" data-total-fen=\"200000000\"");

  /* benefit chart: training aligned across the three cities, cert and living alone */
  svg = strstr(h, "<svg id=\"chart-benefits\"");
  svg_end = strstr(svg, "</svg>");
  top = attr_num(svg, "data-top-fen");
  double pw = attr_num(svg, "data-plot-width");
  const char *g = strstr(svg, "<g class=\"benefit\" data-benefit=\"training\">");
  assert_non_null(g);
  int nb = 0;
  for (const char *r = strstr(svg, "<rect class=\"bar\""); r && r < svg_end;
       r = strstr(r + 1, "<rect class=\"bar\"")) {
    double fen = attr_num(r, "data-fen"), ww = attr_num(r, "width");
    if (ww < fen / top * pw - 0.02 || ww > fen / top * pw + 0.02)
      fail_msg("benefit bar of %.0f fen is %.2f long", fen, ww);
    nb++;
  }
  assert_int_equal(nb, 5); /* alpha 2, beta 2, gamma 1 */
  const char *g2 = strstr(g + 1, "<g class=\"benefit\"");
  int in_training = 0;
  for (const char *r = strstr(g, "<rect class=\"bar\""); r && r < g2; r = strstr(r + 1, "<rect class=\"bar\""))
    in_training++;
  assert_int_equal(in_training, 3);

  /* matrix: shaded upper triangle, link to the pair */
  has(h, "data-a=\"0\" data-b=\"1\" data-differ=\"7\"");
  has(h, "<a href=\"#pair-0-1\"");
  has(h, "<details class=\"pair\" id=\"pair-0-1\" open>");
  has(h, "… 1 more group covering 1 claim (");
  has(h, "<tbody id=\"sheet-benefits\">");
  free(h);
  fx_free(&f);
}

/* A write error is reported, not ignored. */
static void test_write_error(void **state)
{
  (void)state;
  FILE *full = fopen("/dev/full", "w");
  if (!full)
    skip();
  fixture f;
  fx_init(&f);
  assert_int_equal(report_write(&f.in, REPORT_CSV, full), -1);
  fclose(full);
  full = fopen("/dev/full", "w");
  assert_int_equal(report_html(&f.in, full), -1);
  fclose(full);
  fx_free(&f);
}

/* One city, no pairs, no groups, no sheet: every format still renders. */
static void test_single(void **state)
{
  (void)state;
  fixture f;
  fx_init(&f);
  f.c.n = 1;
  f.c.npairs = 0;
  f.c.ngroups = 0;
  f.in.sheet = NULL;
  for (int fmt = REPORT_TEXT; fmt <= REPORT_MD; fmt++) {
    char *s = render(&f.in, 0, (report_format)fmt);
    lacks(s, "乙市");
    if (fmt == REPORT_JSON) {
      json_check(s);
      has(s, "\"pairs\":[]");
    }
    free(s);
  }
  char *h = render(&f.in, 1, 0);
  has(h, "<svg id=\"chart-totals\"");
  lacks(h, "<table id=\"matrix\">");
  free(h);
  fx_free(&f);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_width),
    cmocka_unit_test(test_helpers),
    cmocka_unit_test(test_csv),
    cmocka_unit_test(test_json),
    cmocka_unit_test(test_text),
    cmocka_unit_test(test_text_long_cells),
    cmocka_unit_test(test_md),
    cmocka_unit_test(test_md_tables),
    cmocka_unit_test(test_html),
    cmocka_unit_test(test_write_error),
    cmocka_unit_test(test_single),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
