/* rt_compare: one pass over the claims under several policies.  Each
** city's decisions must be exactly what rt_score writes, the totals its
** totals, and the pairwise difference groups what a separate walk over
** two decisions files finds. */
#include "testutil.h"

#include "polis_compare.h"
#include "polis_rt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- two hand-made policies ------------------------------------------- */

#define DESC_HEAD(name, city)                                                \
  "polis-descriptor 2\n"                                                     \
  "policy\t" name "\tTest\t-\t-\t\t\t\t" city "\n"                           \
  "enum\tlevel\t-\n"                                                         \
  "member\tnone\t-\n"                                                        \
  "member\tjunior\t初级\n"                                                   \
  "member\tsenior\t高级\n"                                                   \
  "enum\tgroup\t人员类别\n"                                                  \
  "member\tstudent\t在校学生\n"                                              \
  "member\tveteran\t退役军人\n"                                              \
  "field\tclaim_id\t-\ttext\t-\trequired\tclaim_id\t-\t-\t-\n"               \
  "field\tperson_id\t-\tresident_id\t-\trequired\tperson_id\t-\t-\t-\n"      \
  "field\tclaim_date\t-\tdate\t-\trequired\tclaim_date\t-\t-\t-\n"           \
  "field\tlevel\t-\tenum\tlevel\t-\t-\tnone\t-\t-\n"                         \
  "field\tcert\t-\tbool\t-\t-\t-\tfalse\t-\t-\n"                             \
  "field\tgroups\t-\tset\tgroup\t-\t-\t-\t-\t-\n"                            \
  "benefit\ttraining\t培训补贴\t第1条\n"

/* A pays 300 to the person for any level. */
static const char *const DESC_A =
  DESC_HEAD("city_a", "甲市")
  "rule\ttrain\t按等级补贴\tA第2条\t0\tperson\n"
  "reason\tnot_certified\tdeny\t未取得证书\tA第3条\n"
  "end\n";

/* B pays only with a certificate: 300, or 400 at level senior. */
static const char *const DESC_B =
  DESC_HEAD("city_b", "乙市")
  "rule\ttrain\t取证补贴\tB第5条\t0\tperson\n"
  "reason\tnot_certified\tdeny\t未取得证书\tB第6条\n"
  "end\n";

static void eval_a(const rt_batch *b)
{
  const int32_t *level = b->cols[3];
  for (int64_t i = 0; i < b->n; i++)
    if (level[i] != 0) {
      b->pay[i * RT_NPAYEES + RT_PAYEE_PERSON] = 30000;
      b->rules[i] |= 1;
    }
}

static void eval_b(const rt_batch *b)
{
  const int32_t *level = b->cols[3];
  const uint8_t *cert = b->cols[4];
  for (int64_t i = 0; i < b->n; i++) {
    if (level[i] == 0)
      continue;
    if (!cert[i]) {
      b->reasons[i] |= 1;
      continue;
    }
    b->pay[i * RT_NPAYEES + RT_PAYEE_PERSON] = level[i] == 2 ? 40000 : 30000;
    b->rules[i] |= 1;
  }
}

static rt_policy *load(const char *desc, rt_eval_fn eval)
{
  rt_entry e = {RT_ABI_VERSION, 0, desc, eval};
  char err[256];
  rt_policy *p = rt_policy_load(&e, err, sizeof err);
  if (!p)
    fail_msg("%s", err);
  return p;
}

static char *claims_file(const char *const *rows, int n)
{
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  fputs("claim_id,person_id,claim_date,level,cert,groups\n", f);
  for (int i = 0; i < n; i++) {
    char id[19];
    tu_resident_id(id, "37150219900101", i + 1);
    fprintf(f, rows[i], id);
    fputc('\n', f);
  }
  fclose(f);
  char *path = tu_write_temp(text, ".csv");
  free(text);
  return path;
}

static void test_hand_made(void **state)
{
  (void)state;
  static const char *const rows[] = {
    "c1,%s,2020-01-01,junior,true,student",          /* same: 300 / 300 */
    "c2,%s,2020-01-01,junior,false,student|veteran", /* granted / denied */
    "c3,%s,2020-01-01,senior,true,veteran",          /* 300 / 400 */
    "c4,%s,2020-01-01,junior,false,",                /* granted / denied */
    "c5,%s,2020-13-01,junior,true,student",          /* rejected by both */
    "c6,%s,2020-01-01,none,true,",                   /* denied by both */
  };
  rt_policy *a = load(DESC_A, eval_a), *b = load(DESC_B, eval_b);
  const rt_policy *pol[2] = {a, b};
  char *path = claims_file(rows, 6);
  rt_cmp_opts o = {path, NULL, 0, 2};
  rt_cmp *c;
  assert_int_equal(rt_compare(pol, 2, &o, &c), 0);

  assert_int_equal(c->rows, 6);
  assert_int_equal(c->n, 2);
  assert_int_equal(c->npairs, 1);
  assert_int_equal(rt_cmp_pair_index(c, 0, 1), 0);
  assert_int_equal(rt_cmp_pair_index(c, 1, 0), 0);
  assert_int_equal(rt_cmp_pair_index(c, 1, 1), -1);

  /* Totals per city. */
  assert_int_equal(c->city[0].sum.granted, 4);
  assert_int_equal(c->city[0].sum.denied, 1);
  assert_int_equal(c->city[0].sum.rejected, 1);
  assert_int_equal(c->city[0].sum.person_fen, 4 * 30000);
  assert_int_equal(c->city[1].sum.granted, 2);
  assert_int_equal(c->city[1].sum.denied, 3);
  assert_int_equal(c->city[1].sum.person_fen, 30000 + 40000);
  assert_int_equal(c->city[1].benefit_fen[0], 70000);
  assert_int_equal(c->city[1].benefit_claims[0], 2);
  assert_int_equal(c->city[1].reason_claims[0], 2); /* not_certified: c2, c4 */
  assert_int_equal(c->city[0].reason_claims[0], 0);

  /* Person groups: read from the cell, rejected rows included. */
  assert_int_equal(c->ngroups, 2);
  assert_string_equal(c->group_names[0], "student");
  assert_string_equal(c->group_labels[1], "退役军人");
  assert_int_equal(c->group_claims[0], 3); /* c1 c2 c5 */
  assert_int_equal(c->group_claims[1], 2); /* c2 c3 */
  assert_int_equal(c->city[0].group_granted[0], 2);
  assert_int_equal(c->city[0].group_fen[1], 60000);
  assert_int_equal(c->city[1].group_granted[0], 1);
  assert_int_equal(c->city[1].group_fen[1], 40000);

  /* The pair: c2, c4 granted / denied; c3 300 / 400. */
  const rt_cmp_pair *pr = &c->pair[0];
  assert_int_equal(pr->a, 0);
  assert_int_equal(pr->b, 1);
  assert_int_equal(pr->same, 3);
  assert_int_equal(pr->differ, 3);
  assert_int_equal(pr->status_differ, 2);
  assert_int_equal(pr->a_more, 2);
  assert_int_equal(pr->b_more, 1);
  assert_int_equal(pr->fen[0], 90000);
  assert_int_equal(pr->fen[1], 40000);
  assert_int_equal(pr->ndiffs, 2);
  const rt_cmp_diff *d = &pr->diffs[0];
  assert_int_equal(d->claims, 2);
  assert_int_equal(d->status[0], RT_GRANTED);
  assert_int_equal(d->status[1], RT_DENIED);
  assert_string_equal(d->rules[0], "train");
  assert_string_equal(d->rules[1], "");
  assert_string_equal(d->reasons[1], "not_certified");
  assert_int_equal(d->nexamples, 2);
  assert_string_equal(d->ex[0].claim_id, "c2");
  assert_string_equal(d->ex[1].claim_id, "c4");
  assert_int_equal(d->ex[0].fen[0], 30000);
  assert_int_equal(d->ex[0].fen[1], 0);
  d = &pr->diffs[1];
  assert_int_equal(d->claims, 1);
  assert_int_equal(d->status[0], RT_GRANTED);
  assert_int_equal(d->status[1], RT_GRANTED);
  assert_string_equal(d->ex[0].claim_id, "c3");
  assert_int_equal(d->fen[1], 40000);

  const char *label, *cite;
  assert_int_equal(rt_cmp_explain(b, "train", &label, &cite), 0);
  assert_string_equal(label, "取证补贴");
  assert_string_equal(cite, "B第5条");
  assert_int_equal(rt_cmp_explain(a, "not_certified", &label, &cite), 0);
  assert_string_equal(cite, "A第3条");
  assert_int_equal(rt_cmp_explain(a, "bad_date:claim_date", &label, &cite), -1);
  assert_string_equal(rt_cmp_status(RT_REJECTED), "rejected");

  rt_cmp_free(c);
  /* No examples asked for: none kept. */
  o.examples = 0;
  assert_int_equal(rt_compare(pol, 2, &o, &c), 0);
  assert_int_equal(c->pair[0].diffs[0].nexamples, 0);
  rt_cmp_free(c);
  unlink(path);
  free(path);
  rt_policy_free(a);
  rt_policy_free(b);
}

/* A policy whose claims fields differ reads the cells itself; the others
** share the first city's reading.  Either way, one decision per row. */
static void test_schemas(void **state)
{
  (void)state;
  static const char *const rows[] = {
    "c1,%s,2020-01-01,junior,true,student",
    "c2,%s,2020-01-01,junior,,student", /* no cert: rejected by C only */
    "c3,%s,2020-01-01,senior,yes,veteran",
  };
  static const char *const DESC_C =
    "polis-descriptor 2\n"
    "policy\tcity_c\tTest\t-\t-\t\t\t\t丙市\n"
    "enum\tlevel\t-\n"
    "member\tnone\t-\n"
    "member\tjunior\t初级\n"
    "member\tsenior\t高级\n"
    "enum\tgroup\t人员类别\n"
    "member\tstudent\t在校学生\n"
    "member\tveteran\t退役军人\n"
    "field\tclaim_id\t-\ttext\t-\trequired\tclaim_id\t-\t-\t-\n"
    "field\tperson_id\t-\tresident_id\t-\trequired\tperson_id\t-\t-\t-\n"
    "field\tclaim_date\t-\tdate\t-\trequired\tclaim_date\t-\t-\t-\n"
    "field\tlevel\t-\tenum\tlevel\t-\t-\tnone\t-\t-\n"
    "field\tcert\t-\tbool\t-\trequired\t-\t-\t-\t-\n"
    "field\tgroups\t-\tset\tgroup\t-\t-\t-\t-\t-\n"
    "benefit\ttraining\t培训补贴\t第1条\n"
    "rule\ttrain\t-\t-\t0\tperson\n"
    "reason\tnot_certified\tdeny\t-\t-\n"
    "end\n";
  rt_policy *a = load(DESC_A, eval_a), *b = load(DESC_B, eval_b), *cc = load(DESC_C, eval_b);
  const rt_policy *pol[3] = {a, b, cc};
  char *path = claims_file(rows, 3);
  rt_cmp_opts o = {path, NULL, 0, 3};
  rt_cmp *c;
  assert_int_equal(rt_compare(pol, 3, &o, &c), 0);
  assert_int_equal(c->city[1].shared_reading, 1);
  assert_int_equal(c->city[2].shared_reading, 0);
  assert_int_equal(c->city[1].sum.rows, 3);
  assert_int_equal(c->city[2].sum.rows, 3);
  assert_int_equal(c->city[1].sum.rejected, 0);
  assert_int_equal(c->city[2].sum.rejected, 1);
  assert_int_equal(c->city[2].sum.granted, 2);
  assert_int_equal(c->city[2].sum.person_fen, 70000);
  /* B and C differ only on c2: denied by B, rejected by C. */
  const rt_cmp_pair *pr = &c->pair[rt_cmp_pair_index(c, 1, 2)];
  assert_int_equal(pr->differ, 1);
  assert_int_equal(pr->diffs[0].status[1], RT_REJECTED);
  assert_string_equal(pr->diffs[0].reasons[1], "missing_required:cert");
  assert_string_equal(pr->diffs[0].ex[0].claim_id, "c2");
  rt_cmp_free(c);
  unlink(path);
  free(path);
  rt_policy_free(a);
  rt_policy_free(b);
  rt_policy_free(cc);
}

static void test_errors(void **state)
{
  (void)state;
  rt_policy *a = load(DESC_A, eval_a);
  const rt_policy *pol[1] = {a};
  rt_cmp *c = (rt_cmp *)1;
  rt_cmp_opts o = {"/nonexistent/claims.csv", NULL, 0, 3};
  assert_int_not_equal(rt_compare(pol, 1, &o, &c), 0);
  assert_null(c);
  char *path = tu_write_temp("claim_id,claim_date\nx,2020-01-01\n", ".csv");
  o.claims_path = path;
  assert_int_not_equal(rt_compare(pol, 1, &o, &c), 0); /* no person_id column */
  assert_null(c);
  /* An unwritable decisions file fails the run. */
  unlink(path);
  free(path);
  path = tu_write_temp("claim_id,person_id,claim_date\n", ".csv");
  const char *dp[1] = {"/nonexistent/dir/a.csv"};
  o.claims_path = path;
  o.decisions_paths = dp;
  assert_int_not_equal(rt_compare(pol, 1, &o, &c), 0);
  assert_null(c);
  /* A header only: zero rows, no pairs with one city. */
  o.decisions_paths = NULL;
  assert_int_equal(rt_compare(pol, 1, &o, &c), 0);
  assert_int_equal(c->rows, 0);
  assert_int_equal(c->npairs, 0);
  rt_cmp_free(c);
  unlink(path);
  free(path);
  rt_policy_free(a);
}

/* ---- the real cities on the bundled sample ------------------------------ */

/* A decisions file as rows of (claim_id, status, person, organizer,
** total, rules, reasons): the files have no quoted cells. */
typedef struct drow {
  char *f[7];
} drow;

static drow *read_decisions(const char *path, int *n)
{
  size_t len;
  char *text = tu_read_file(path, &len);
  assert_non_null(text);
  int cap = 16, k = 0;
  drow *rows = malloc((size_t)cap * sizeof *rows);
  char *line = strchr(text, '\n') + 1; /* skip the header */
  while (*line) {
    char *end = strchr(line, '\n');
    *end = 0;
    if (k == cap)
      rows = realloc(rows, (size_t)(cap *= 2) * sizeof *rows);
    char *s = line;
    for (int i = 0; i < 7; i++) {
      char *comma = i < 6 ? strchr(s, ',') : NULL;
      assert_true(i == 6 || comma != NULL);
      if (comma)
        *comma = 0;
      rows[k].f[i] = strdup(s);
      s = comma ? comma + 1 : s;
    }
    k++;
    line = end + 1;
  }
  free(text);
  *n = k;
  return rows;
}

static void free_decisions(drow *r, int n)
{
  for (int i = 0; i < n; i++)
    for (int j = 0; j < 7; j++)
      free(r[i].f[j]);
  free(r);
}

static int64_t fen_of(const char *s)
{
  long y = 0, f = 0;
  assert_int_equal(sscanf(s, "%ld.%ld", &y, &f), 2);
  return (int64_t)y * 100 + f;
}

static int status_of(const char *s)
{
  return !strcmp(s, "granted") ? RT_GRANTED : !strcmp(s, "denied") ? RT_DENIED : RT_REJECTED;
}

static void test_cities(void **state)
{
  (void)state;
  static const char *const files[] = {"policies/liaocheng.polis", "policies/yuncheng.polis",
                                      "policies/jinan.polis"};
  enum { N = 3 };
  tj j[N];
  const rt_policy *pol[N];
  char *cmp_out[N], *score_out[N];
  char claims[4096];
  snprintf(claims, sizeof claims, "%s", tu_src_path("samples/claims-sample.csv"));
  for (int k = 0; k < N; k++) {
    tj_compile_file(&j[k], files[k]);
    pol[k] = j[k].p;
    cmp_out[k] = tu_write_temp("", ".csv");
    score_out[k] = tu_write_temp("", ".csv");
  }
  rt_cmp_opts o = {claims, (const char *const *)cmp_out, 0, 3};
  rt_cmp *c;
  assert_int_equal(rt_compare(pol, N, &o, &c), 0);

  drow *dec[N];
  int nd[N];
  for (int k = 0; k < N; k++) {
    /* The same decisions and totals as a separate `polis score` run. */
    rt_score_opts so = {claims, score_out[k], NULL, 1, 0, NULL, NULL};
    rt_summary sum;
    assert_int_equal(rt_score(pol[k], &so, &sum), 0);
    size_t la, lb;
    char *da = tu_read_file(cmp_out[k], &la), *db = tu_read_file(score_out[k], &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(da, db, la);
    free(da);
    free(db);
    assert_int_equal(c->city[k].sum.rows, sum.rows);
    assert_int_equal(c->city[k].sum.granted, sum.granted);
    assert_int_equal(c->city[k].sum.denied, sum.denied);
    assert_int_equal(c->city[k].sum.rejected, sum.rejected);
    assert_int_equal(c->city[k].sum.person_fen, sum.person_fen);
    assert_int_equal(c->city[k].sum.organizer_fen, sum.organizer_fen);
    int64_t bsum = 0;
    for (int b = 0; b < pol[k]->n_benefits * RT_NPAYEES; b++)
      bsum += c->city[k].benefit_fen[b];
    assert_int_equal(bsum, sum.person_fen + sum.organizer_fen);
    dec[k] = read_decisions(score_out[k], &nd[k]);
    assert_int_equal(nd[k], c->rows);
  }
  assert_true(c->rows > 1000);

  /* Each pair against a walk over the two decisions files. */
  for (int a = 0; a < N; a++)
    for (int b = a + 1; b < N; b++) {
      const rt_cmp_pair *pr = &c->pair[rt_cmp_pair_index(c, a, b)];
      assert_int_equal(pr->a, a);
      assert_int_equal(pr->b, b);
      int64_t differ = 0, sdiff = 0, amore = 0, bmore = 0;
      for (int i = 0; i < c->rows; i++) {
        const drow *x = &dec[a][i], *y = &dec[b][i];
        assert_string_equal(x->f[0], y->f[0]);
        int64_t fx = fen_of(x->f[4]), fy = fen_of(y->f[4]);
        int same = !strcmp(x->f[1], y->f[1]) && !strcmp(x->f[2], y->f[2]) &&
                   !strcmp(x->f[3], y->f[3]);
        differ += !same;
        sdiff += strcmp(x->f[1], y->f[1]) != 0;
        amore += fx > fy;
        bmore += fy > fx;
      }
      assert_true(differ > 0);
      assert_int_equal(pr->differ, differ);
      assert_int_equal(pr->same + pr->differ, c->rows);
      assert_int_equal(pr->status_differ, sdiff);
      assert_int_equal(pr->a_more, amore);
      assert_int_equal(pr->b_more, bmore);
      /* Groups partition the differing claims, largest first, and each
      ** group's count and first examples are what the files say. */
      int64_t total = 0;
      for (int g = 0; g < pr->ndiffs; g++) {
        const rt_cmp_diff *d = &pr->diffs[g];
        total += d->claims;
        if (g)
          assert_true(d->claims <= pr->diffs[g - 1].claims);
        int64_t count = 0;
        int seen = 0;
        for (int i = 0; i < c->rows; i++) {
          const drow *x = &dec[a][i], *y = &dec[b][i];
          if (status_of(x->f[1]) != d->status[0] || status_of(y->f[1]) != d->status[1] ||
              strcmp(x->f[5], d->rules[0]) || strcmp(y->f[5], d->rules[1]) ||
              strcmp(x->f[6], d->reasons[0]) || strcmp(y->f[6], d->reasons[1]))
            continue;
          if (!strcmp(x->f[1], y->f[1]) && !strcmp(x->f[2], y->f[2]) && !strcmp(x->f[3], y->f[3]))
            continue;
          if (seen < d->nexamples) {
            assert_string_equal(d->ex[seen].claim_id, x->f[0]);
            assert_int_equal(d->ex[seen].fen[0], fen_of(x->f[4]));
            assert_int_equal(d->ex[seen].fen[1], fen_of(y->f[4]));
          }
          seen++;
          count++;
        }
        assert_int_equal(d->claims, count);
        assert_int_equal(d->nexamples, count < 3 ? count : 3);
      }
      assert_int_equal(total, pr->differ);
    }

  rt_cmp_free(c);
  for (int k = 0; k < N; k++) {
    free_decisions(dec[k], nd[k]);
    unlink(cmp_out[k]);
    unlink(score_out[k]);
    free(cmp_out[k]);
    free(score_out[k]);
    tj_free(&j[k]);
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_hand_made),
    cmocka_unit_test(test_schemas),
    cmocka_unit_test(test_errors),
    cmocka_unit_test(test_cities),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
