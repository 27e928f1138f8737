/* The streaming CSV reader and writer, and header mapping in scoring. */
#include "testutil.h"

#include "rt_internal.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Read all records of a text: "cell|cell|...\n" per record, with the line
** number and a '!' for bad quoting, so one string comparison checks all. */
static char *records(const char *text, size_t len)
{
  FILE *f = fmemopen((void *)text, len, "rb");
  assert_non_null(f);
  rt_csv c;
  rt_buf out = {0};
  rti_csv_init(&c, f);
  int r;
  while ((r = rti_csv_next(&c)) > 0) {
    char head[32];
    snprintf(head, sizeof head, "%lld%s:", (long long)c.line, c.bad_quoting ? "!" : "");
    rti_buf_adds(&out, head);
    for (int i = 0; i < c.ncells; i++) {
      size_t n;
      const char *s = rti_csv_cell(&c, i, &n);
      if (i)
        rti_buf_addc(&out, '|');
      rti_buf_add(&out, s, n);
    }
    rti_buf_addc(&out, '\n');
  }
  assert_int_equal(r, 0);
  rti_csv_free(&c);
  fclose(f);
  rti_buf_addc(&out, 0);
  return out.p;
}

static void check(const char *text, const char *want)
{
  char *got = records(text, strlen(text));
  assert_string_equal(got, want);
  free(got);
}

static void test_basic(void **state)
{
  (void)state;
  check("a,b,c\n1,2,3\n", "1:a|b|c\n2:1|2|3\n");
  check("a,b\n1,2", "1:a|b\n2:1|2\n");              /* no final newline */
  check("a,b,\n,,\n", "1:a|b|\n2:||\n");              /* empty cells */
  check("", "");
  check("\n\n", "");
}

static void test_bom_crlf(void **state)
{
  (void)state;
  check("\xEF\xBB\xBFid,x\r\n1,2\r\n", "1:id|x\n2:1|2\n");
  check("id,x\r1,2\r3,4", "1:id|x\n2:1|2\n3:3|4\n");  /* lone CR */
  check("id\r\n\r\n\r\nz\r\n", "1:id\n4:z\n");
  /* A BOM is only special at the very start. */
  check("a\n\xEF\xBB\xBF" "b\n", "1:a\n2:\xEF\xBB\xBF" "b\n");
}

static void test_quoting(void **state)
{
  (void)state;
  check("\"a,b\",\"say \"\"hi\"\"\",c\n", "1:a,b|say \"hi\"|c\n");
  check("\"two\nlines\",x\nnext,y\n", "1:two\nlines|x\n3:next|y\n");
  check("\"crlf\r\ninside\",x\r\nnext,y\r\n", "1:crlf\r\ninside|x\n3:next|y\n");
  check("\"\",\"\"\"\"\n", "1:|\"\n");
  check("a\"b,c\n", "1:a\"b|c\n");                    /* quote inside a bare cell */
  check("\"ab\"x,c\n", "1!:abx|c\n");                 /* junk after closing quote */
  check("ok,1\n\"open,2\nmore\n", "1:ok|1\n2!:open,2\nmore\n\n");
  check("ok,\"", "1!:ok|\n");
}

static void test_blank_lines(void **state)
{
  (void)state;
  check("a,b\n\n   \n\t\n1,2\n\n", "1:a|b\n5:1|2\n");
  check("a\n\"\"\n", "1:a\n2:\n");                    /* a quoted empty cell is data */
  check("a,b\n , \n", "1:a|b\n2: | \n");              /* not blank: two cells */
}

/* Records that straddle the 1 MiB read buffer, and a 3 MB quoted cell. */
static void test_large(void **state)
{
  (void)state;
  size_t big = 3u << 20;
  rt_buf t = {0};
  rti_buf_adds(&t, "h1,h2\n");
  for (int i = 0; i < 100000; i++) {
    char line[64];
    snprintf(line, sizeof line, "r%d,\"v,%d\"\"\"\r\n", i, i);
    rti_buf_adds(&t, line);
  }
  rti_buf_addc(&t, '"');
  for (size_t i = 0; i < big; i++)
    rti_buf_addc(&t, i % 1000 == 999 ? '\n' : (char)('a' + i % 26));
  rti_buf_adds(&t, "\",end\n");

  FILE *f = fmemopen(t.p, t.n, "rb");
  rt_csv c;
  rti_csv_init(&c, f);
  assert_int_equal(rti_csv_next(&c), 1);
  for (int i = 0; i < 100000; i++) {
    char want[64];
    size_t n;
    assert_int_equal(rti_csv_next(&c), 1);
    assert_int_equal(c.ncells, 2);
    assert_int_equal(c.line, i + 2);
    snprintf(want, sizeof want, "r%d", i);
    const char *s = rti_csv_cell(&c, 0, &n);
    assert_int_equal(n, strlen(want));
    assert_memory_equal(s, want, n);
    snprintf(want, sizeof want, "v,%d\"", i);
    s = rti_csv_cell(&c, 1, &n);
    assert_int_equal(n, strlen(want));
    assert_memory_equal(s, want, n);
  }
  assert_int_equal(rti_csv_next(&c), 1);
  assert_int_equal(c.ncells, 2);
  assert_false(c.bad_quoting);
  size_t n;
  const char *s = rti_csv_cell(&c, 0, &n);
  assert_int_equal(n, big);
  assert_int_equal(s[0], 'a');
  assert_int_equal(s[999], '\n');
  assert_int_equal(s[big - 1], (char)('a' + (big - 1) % 26));
  s = rti_csv_cell(&c, 1, &n);
  assert_int_equal(n, 3);
  assert_int_equal(rti_csv_next(&c), 0);
  rti_csv_free(&c);
  fclose(f);
  rti_buf_free(&t);
}

static void test_writer(void **state)
{
  (void)state;
  rt_buf b = {0};
  rti_csv_put(&b, "plain", 5);
  rti_buf_addc(&b, ',');
  rti_csv_put(&b, "a,b", 3);
  rti_buf_addc(&b, ',');
  rti_csv_put(&b, "say \"x\"", 7);
  rti_buf_addc(&b, ',');
  rti_csv_put(&b, "l1\nl2", 5);
  rti_buf_addc(&b, ',');
  rti_csv_put(&b, "cr\r", 3);
  rti_buf_addc(&b, ',');
  rti_csv_put(&b, "", 0);
  rti_buf_addc(&b, 0);
  assert_string_equal(b.p, "plain,\"a,b\",\"say \"\"x\"\"\",\"l1\nl2\",\"cr\r\",");
  /* And what we write reads back the same. */
  char *got = records(b.p, strlen(b.p));
  assert_string_equal(got, "1:plain|a,b|say \"x\"|l1\nl2|cr\r|\n");
  free(got);
  rti_buf_free(&b);
}

/* ---- Header mapping through the scorer ---------------------------------- */

static const char *const DESC =
  "polis-descriptor 2\n"
  "policy\tcsvtest\t-\t-\t-\t\t\t\t-\n"
  "enum\tlevel\t-\n"
  "member\tnone\t-\n"
  "member\tjunior\t-\n"
  "field\tclaim_id\t-\ttext\t-\trequired\tclaim_id\t-\t-\t-\n"
  "field\tperson_id\t-\tresident_id\t-\trequired\tperson_id\t-\t-\t-\n"
  "field\tclaim_date\t-\tdate\t-\trequired\tclaim_date\t-\t-\t-\n"
  "field\toccupation\t-\ttext\t-\trequired\t-\t-\t-\t-\n"
  "field\tlevel\t-\tenum\tlevel\t-\t-\tnone\t-\t-\n"
  "benefit\tb\t-\t-\n"
  "rule\tr\t-\t-\t0\tperson\n"
  "end\n";

/* Pays 1.00 per junior level. */
static void eval(const rt_batch *b)
{
  const int32_t *level = b->cols[4];
  for (int64_t i = 0; i < b->n; i++)
    if (level[i] == 1) {
      b->pay[i * 2] = 100;
      b->rules[i] |= 1;
    }
}

/* Score text; returns the decisions (malloc'd) or NULL on failure, and
** the diagnostics written to stderr in *err. */
static char *score(const char *text, char **err)
{
  rt_entry e = {RT_ABI_VERSION, 0, DESC, eval};
  char msg[256];
  rt_policy *p = rt_policy_load(&e, msg, sizeof msg);
  assert_non_null(p);
  char *errpath = tu_write_temp("", ".err");
  fflush(stderr);
  int saved = dup(2);
  int fd = open(errpath, O_WRONLY | O_TRUNC);
  dup2(fd, 2);
  close(fd);

  FILE *in = fmemopen((void *)text, strlen(text), "rb");
  char *out = NULL;
  size_t outlen = 0;
  FILE *o = open_memstream(&out, &outlen);
  rt_score_opts opts = {NULL, NULL, NULL, 1, 0, NULL, NULL};
  rt_summary sum;
  int rc = rt_score_stream(p, in, "claims.csv", o, &opts, &sum);
  fclose(o);
  fclose(in);
  fflush(stderr);
  dup2(saved, 2);
  close(saved);
  *err = tu_read_file(errpath, NULL);
  unlink(errpath);
  free(errpath);
  rt_policy_free(p);
  if (rc) {
    assert_int_equal(outlen, 0); /* nothing written on a header error */
    free(out);
    return NULL;
  }
  return out;
}

#define ID1 "11010519491231002X"

static void test_header_any_order(void **state)
{
  (void)state;
  char *err;
  char *out = score(" level ,extra, occupation,claim_date,person_id,claim_id\n"
                    "junior,zzz,电工,2023-01-01," ID1 ",c1\n"
                    ",,电工,2023-01-02," ID1 ",c2\n",
                    &err);
  assert_non_null(out);
  assert_string_equal(out,
    "claim_id,status,person_amount,organizer_amount,total_amount,rules,reasons\n"
    "c1,granted,1.00,0.00,1.00,r,\n"
    "c2,denied,0.00,0.00,0.00,,no_rule_applies\n");
  assert_string_equal(err, "");
  free(out);
  free(err);
}

static void test_header_missing_required(void **state)
{
  (void)state;
  char *err;
  char *out = score("claim_id,person_id,claim_date,level\nc1," ID1 ",2023-01-01,junior\n", &err);
  assert_null(out);
  assert_string_equal(err,
    "claims.csv:1: error: the header has no column 'occupation', required by claims-v1\n");
  free(err);
  /* An optional column may be missing: it takes its default. */
  out = score("claim_id,person_id,claim_date,occupation\nc1," ID1 ",2023-01-01,x\n", &err);
  assert_non_null(out);
  assert_non_null(strstr(out, "c1,denied,"));
  free(out);
  free(err);
  out = score("", &err);
  assert_null(out);
  assert_non_null(strstr(err, "empty"));
  free(err);
  out = score("claim_id,claim_id,person_id,claim_date,occupation\n", &err);
  assert_null(out);
  assert_non_null(strstr(err, "twice"));
  free(err);
}

static void test_row_structure(void **state)
{
  (void)state;
  char *err;
  char *out = score("claim_id,person_id,claim_date,occupation,level\n"
                    "c1," ID1 ",2023-01-01,电工,junior,extra\n"
                    "c2," ID1 ",2023-01-01\n"
                    "\n"
                    "\"c3\"," ID1 ",2023-01-02,\"电,工\",junior\r\n"
                    "c4," ID1 ",2023-01-03,\"unterminated,junior\n",
                    &err);
  assert_non_null(out);
  assert_string_equal(out,
    "claim_id,status,person_amount,organizer_amount,total_amount,rules,reasons\n"
    "c1,rejected,0.00,0.00,0.00,,bad_column_count\n"
    "c2,rejected,0.00,0.00,0.00,,bad_column_count\n"
    "c3,granted,1.00,0.00,1.00,r,\n"
    "c4,rejected,0.00,0.00,0.00,,bad_quoting\n");
  free(out);
  free(err);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_basic),          cmocka_unit_test(test_bom_crlf),
    cmocka_unit_test(test_quoting),        cmocka_unit_test(test_blank_lines),
    cmocka_unit_test(test_large),          cmocka_unit_test(test_writer),
    cmocka_unit_test(test_header_any_order),
    cmocka_unit_test(test_header_missing_required),
    cmocka_unit_test(test_row_structure),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
