/* Runtime value parsing: dates, money, percent, bools, resident IDs,
** enums, sets, SHA-256 and rt_parse_cell's range checks. */
#include "testutil.h"

#include "polis_rt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A descriptor with one field of every type. */
static const char *const DESC =
  "polis-descriptor 2\n"
  "policy\tvals\tValues\t-\t-\t\t\t\t-\n"
  "enum\tlevel\tLevel\n"
  "member\tnone\t无\n"
  "member\tjunior\t初级\n"
  "member\tsenior\t高级\n"
  "enum\tgroup\tGroup\n"
  "member\tpoor_labor\t-\n"
  "member\tveteran\t-\n"
  "member\tstudent\t-\n"
  "field\tclaim_id\t-\ttext\t-\trequired\tclaim_id\t-\t-\t-\n"
  "field\tperson_id\t-\tresident_id\t-\trequired\tperson_id\t-\t-\t-\n"
  "field\tclaim_date\t-\tdate\t-\trequired\tclaim_date\t-\t-\t-\n"
  "field\tflag\t-\tbool\t-\t-\t-\t-\t-\t-\n"
  "field\tcount\t-\tint\t-\t-\t-\t-\t0\t100\n"
  "field\tfee\t-\tmoney\t-\t-\t-\t0\t-\t-\n"
  "field\trefund\t-\tmoney\t-\t-\t-\t-\t-500\t-\n"
  "field\trate\t-\tpercent\t-\t-\t-\t-\t0\t10000\n"
  "field\tdays\t-\tdays\t-\tcomputed\t-\t-\t-\t-\n"
  "field\tlevel\t-\tenum\tlevel\t-\t-\tnone\t-\t-\n"
  "field\tgroups\t-\tset\tgroup\t-\t-\t-\t-\t-\n"
  "field\toccupation\t-\ttext\t-\t-\t-\t-\t-\t-\n"
  "symbol\t电工\n"
  "symbol\t焊工\n"
  "end\n";

static void noop_eval(const rt_batch *b)
{
  (void)b;
}

static rt_policy *load(void)
{
  rt_entry e = {RT_ABI_VERSION, 0, DESC, noop_eval};
  char err[256];
  rt_policy *p = rt_policy_load(&e, err, sizeof err);
  if (!p)
    fail_msg("descriptor rejected: %s", err);
  return p;
}

/* Check digit by the standard, independently of the runtime. */
static char check_digit(const char *s17)
{
  static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; i++)
    sum += (s17[i] - '0') * w[i];
  return "10X98765432"[sum % 11];
}

static void make_id(char out[19], const char *s17)
{
  memcpy(out, s17, 17);
  out[17] = check_digit(s17);
  out[18] = 0;
}

static const char *parse(const rt_policy *p, const char *field, const char *s, int64_t *v)
{
  int f = rt_policy_find_field(p, field);
  assert_true(f >= 0);
  return rt_parse_cell(p, f, s, strlen(s), v);
}

static void test_sha256(void **state)
{
  (void)state;
  static const struct {
    size_t n;
    char c;
    const char *hex;
  } rep[] = {
    {0, 'a', "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
    {55, 'a', "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
    {56, 'a', "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
    {63, 'a', "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
    {64, 'a', "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
    {119, 'a', "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"},
    {120, 'a', "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"},
    {1000000, 'a', "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
  };
  char hex[65];
  rt_sha256_hex("abc", 3, hex);
  assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const char *s448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  rt_sha256_hex(s448, strlen(s448), hex);
  assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  for (size_t i = 0; i < sizeof rep / sizeof rep[0]; i++) {
    char *buf = malloc(rep[i].n + 1);
    memset(buf, rep[i].c, rep[i].n);
    rt_sha256_hex(buf, rep[i].n, hex);
    assert_string_equal(hex, rep[i].hex);
    free(buf);
  }
}

static void test_civil(void **state)
{
  (void)state;
  assert_int_equal(rt_days_from_civil(1970, 1, 1), 0);
  assert_int_equal(rt_days_from_civil(1969, 12, 31), -1);
  assert_int_equal(rt_days_from_civil(2000, 3, 1), 11017);
  assert_int_equal(rt_days_from_civil(2024, 2, 29), 19782);
  assert_int_equal(rt_days_from_civil(1900, 1, 1), -25567);
  /* Round trip and strictly consecutive days across four centuries. */
  int64_t py = 0;
  unsigned pm = 0, pd = 0;
  for (int64_t z = -800000; z <= 800000; z++) {
    int64_t y;
    unsigned m, d;
    rt_civil_from_days(z, &y, &m, &d);
    assert_int_equal(rt_days_from_civil(y, m, d), z);
    if (z > -800000)
      assert_true((y == py && m == pm && d == pd + 1) ||
                  (y == py && m == pm + 1 && d == 1) || (y == py + 1 && m == 1 && d == 1));
    py = y, pm = m, pd = d;
  }
}

static void test_parse_date(void **state)
{
  (void)state;
  int64_t d = 42;
  assert_int_equal(rt_parse_date("2024-02-29", 10, &d), 1);
  assert_int_equal(d, 19782);
  assert_int_equal(rt_parse_date("1970-01-01", 10, &d), 1);
  assert_int_equal(d, 0);
  static const char *const bad[] = {"2023-02-29", "2024-13-01", "2024-00-10", "2024-04-31",
                                    "2024-2-29",  "24-02-29",   "2024/02/29", "abcd-01-01",
                                    "2024-02-2x", "",           "2024-02-290", "1900-02-29"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    assert_int_equal(rt_parse_date(bad[i], strlen(bad[i]), &d), 0);
  assert_int_equal(rt_parse_date("2000-02-29", 10, &d), 1); /* 400-year leap */
}

static void test_format_fen(void **state)
{
  (void)state;
  char buf[32];
  rt_format_fen(30000, buf);
  assert_string_equal(buf, "300.00");
  rt_format_fen(0, buf);
  assert_string_equal(buf, "0.00");
  rt_format_fen(1250, buf);
  assert_string_equal(buf, "12.50");
  rt_format_fen(7, buf);
  assert_string_equal(buf, "0.07");
  rt_format_fen(-5, buf);
  assert_string_equal(buf, "-0.05");
  rt_format_fen(-123456, buf);
  assert_string_equal(buf, "-1234.56");
  rt_format_fen(INT64_MIN, buf);
  assert_string_equal(buf, "-92233720368547758.08");
  rt_format_fen(INT64_MAX, buf);
  assert_string_equal(buf, "92233720368547758.07");
}

static void test_money(void **state)
{
  (void)state;
  rt_policy *p = load();
  int64_t v = 0;
  assert_null(parse(p, "fee", "300", &v));
  assert_int_equal(v, 30000);
  assert_null(parse(p, "fee", "12.5", &v));
  assert_int_equal(v, 1250);
  assert_null(parse(p, "fee", "12.05", &v));
  assert_int_equal(v, 1205);
  assert_null(parse(p, "fee", "0.99", &v));
  assert_int_equal(v, 99);
  assert_null(parse(p, "fee", " 7 ", &v));
  assert_int_equal(v, 700);
  assert_string_equal(parse(p, "fee", "1.234", &v), "bad_money");
  assert_string_equal(parse(p, "fee", "abc", &v), "bad_money");
  assert_string_equal(parse(p, "fee", "1,000", &v), "bad_money");
  assert_string_equal(parse(p, "fee", ".5", &v), "bad_money");
  assert_string_equal(parse(p, "fee", "5.", &v), "bad_money");
  assert_string_equal(parse(p, "fee", "99999999999999999999", &v), "bad_money");
  /* Negative: refused unless the field's minimum allows it. */
  assert_string_equal(parse(p, "fee", "-1", &v), "out_of_range");
  assert_null(parse(p, "refund", "-5", &v));
  assert_int_equal(v, -500);
  assert_string_equal(parse(p, "refund", "-5.01", &v), "out_of_range");
  rt_policy_free(p);
}

static void test_numbers(void **state)
{
  (void)state;
  rt_policy *p = load();
  int64_t v = 0;
  assert_null(parse(p, "rate", "85", &v));
  assert_int_equal(v, 8500);
  assert_null(parse(p, "rate", "85.25", &v));
  assert_int_equal(v, 8525);
  assert_null(parse(p, "rate", "60%", &v));
  assert_int_equal(v, 6000);
  assert_string_equal(parse(p, "rate", "101", &v), "out_of_range");
  assert_string_equal(parse(p, "rate", "8.555", &v), "bad_percent");
  assert_null(parse(p, "count", "+42", &v));
  assert_int_equal(v, 42);
  assert_null(parse(p, "count", "0", &v));
  assert_int_equal(v, 0);
  assert_string_equal(parse(p, "count", "101", &v), "out_of_range");
  assert_string_equal(parse(p, "count", "-1", &v), "out_of_range");
  assert_string_equal(parse(p, "count", "4x", &v), "bad_int");
  assert_string_equal(parse(p, "count", "1.0", &v), "bad_int");
  assert_string_equal(parse(p, "days", "9223372036854775808", &v), "bad_int");
  assert_string_equal(parse(p, "days", "-9223372036854775808", &v), "bad_int");
  assert_null(parse(p, "days", "9223372036854775807", &v));
  assert_int_equal(v, INT64_MAX);
  assert_null(parse(p, "claim_date", "2023-06-01", &v));
  assert_int_equal(v, rt_days_from_civil(2023, 6, 1));
  assert_string_equal(parse(p, "claim_date", "2023-06-31", &v), "bad_date");
  rt_policy_free(p);
}

static void test_bool_enum_set_text(void **state)
{
  (void)state;
  rt_policy *p = load();
  int64_t v = 7;
  static const char *const yes[] = {"true", "TRUE", "True", "1", "yes", "YES", "是"};
  static const char *const no[] = {"false", "False", "0", "no", "No", "否"};
  for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
    assert_null(parse(p, "flag", yes[i], &v));
    assert_int_equal(v, 1);
  }
  for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
    assert_null(parse(p, "flag", no[i], &v));
    assert_int_equal(v, 0);
  }
  assert_string_equal(parse(p, "flag", "y", &v), "bad_bool");
  assert_string_equal(parse(p, "flag", "2", &v), "bad_bool");

  assert_null(parse(p, "level", "senior", &v));
  assert_int_equal(v, 2);
  assert_null(parse(p, "level", "none", &v));
  assert_int_equal(v, 0);
  assert_string_equal(parse(p, "level", "Senior", &v), "bad_enum");
  assert_string_equal(parse(p, "level", "expert", &v), "bad_enum");

  assert_null(parse(p, "groups", "veteran|poor_labor", &v));
  assert_int_equal(v, 3);
  assert_null(parse(p, "groups", "|student||", &v));
  assert_int_equal(v, 4);
  assert_null(parse(p, "groups", "veteran | student", &v));
  assert_int_equal(v, 6);
  assert_string_equal(parse(p, "groups", "veteran|pilot", &v), "bad_enum");

  assert_null(parse(p, "occupation", "焊工", &v));
  assert_int_equal(v, 1);
  assert_null(parse(p, "occupation", "电工", &v));
  assert_int_equal(v, 0);
  assert_null(parse(p, "occupation", "厨师", &v));
  assert_int_equal(v, -1);
  rt_policy_free(p);
}

static void test_resident_id(void **state)
{
  (void)state;
  int64_t birth = 0;
  char id[19];
  assert_null(rt_resident_id_check("11010519491231002X", 18, &birth));
  assert_int_equal(birth, rt_days_from_civil(1949, 12, 31));
  assert_null(rt_resident_id_check("11010519491231002x", 18, &birth));

  /* Generated IDs across birth dates, checked by our own digit. */
  for (int y = 1900; y <= 2020; y += 7)
    for (int m = 1; m <= 12; m += 5) {
      char s17[40];
      snprintf(s17, sizeof s17, "371502%04d%02d%02d%03d", y, m, 28,
               (unsigned)(y * 7 + m) % 1000u);
      make_id(id, s17);
      assert_null(rt_resident_id_check(id, 18, &birth));
      assert_int_equal(birth, rt_days_from_civil(y, (unsigned)m, 28));
      /* Every other check character is a checksum error. */
      char good = id[17];
      for (const char *c = "0123456789X"; *c; c++) {
        if (*c == good)
          continue;
        id[17] = *c;
        assert_string_equal(rt_resident_id_check(id, 18, &birth), "bad_id_checksum");
      }
    }

  assert_string_equal(rt_resident_id_check("11010519491231002", 17, &birth), "bad_id_length");
  assert_string_equal(rt_resident_id_check("11010519491231002X1", 19, &birth), "bad_id_length");
  assert_string_equal(rt_resident_id_check("", 0, &birth), "bad_id_length");
  assert_string_equal(rt_resident_id_check("1101051949123100AX", 18, &birth), "bad_id_char");
  assert_string_equal(rt_resident_id_check("11010519491231002Y", 18, &birth), "bad_id_char");

  make_id(id, "11010519990230123"); /* February 30th */
  assert_string_equal(rt_resident_id_check(id, 18, &birth), "bad_id_birth_date");
  make_id(id, "11010518991231123"); /* before 1900 */
  assert_string_equal(rt_resident_id_check(id, 18, &birth), "bad_id_birth_date");
  make_id(id, "11010520001301123"); /* month 13 */
  assert_string_equal(rt_resident_id_check(id, 18, &birth), "bad_id_birth_date");
  make_id(id, "11010519000101123");
  assert_null(rt_resident_id_check(id, 18, &birth));
  assert_int_equal(birth, -25567);

  /* Through rt_parse_cell: the value is the birth date. */
  rt_policy *p = load();
  int64_t v = 0;
  assert_null(parse(p, "person_id", "11010519491231002X", &v));
  assert_int_equal(v, rt_days_from_civil(1949, 12, 31));
  assert_string_equal(parse(p, "person_id", "110105194912310021", &v), "bad_id_checksum");
  rt_policy_free(p);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_sha256),      cmocka_unit_test(test_civil),
    cmocka_unit_test(test_parse_date),  cmocka_unit_test(test_format_fen),
    cmocka_unit_test(test_money),       cmocka_unit_test(test_numbers),
    cmocka_unit_test(test_bool_enum_set_text), cmocka_unit_test(test_resident_id),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
