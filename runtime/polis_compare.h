/*
** polis_compare.h — scoring one claims file under several policies at once.
**
** rt_compare reads the claims once: each record is split and converted
** once (when the cities share the claims fields; text cells are looked up
** once in the union of the policies' symbols), every city's evaluator runs
** on the same batch, limits are
** applied per city, and the decisions of all cities are then walked in
** lockstep, row by row, to count totals and the claims decided
** differently by each pair of cities.
**
** Not part of the ABI of compiled policies: `polis compare` uses it.
*/
#ifndef POLIS_COMPARE_H
#define POLIS_COMPARE_H

#include "polis_rt.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A decision's status, as the decisions CSV spells it (rt_cmp_status). */
enum { RT_GRANTED = 0, RT_DENIED = 1, RT_REJECTED = 2 };
const char *rt_cmp_status(int status);

#define RT_CMP_MAX_EXAMPLES 5

typedef struct rt_cmp_opts {
  const char *claims_path;  /* "-" or NULL = stdin */
  /* NULL, or one path per city (a NULL entry: none): write that city's
  ** decisions CSV there, byte-identical to what `polis score` writes. */
  const char *const *decisions_paths;
  int progress;             /* -1 auto (stderr is a tty), 0 off, 1 on */
  int examples;             /* example claims kept per difference group,
                            ** 0..RT_CMP_MAX_EXAMPLES (default 3 if < 0) */
} rt_cmp_opts;

/* One city's results. */
typedef struct rt_cmp_city {
  const rt_policy *p;
  rt_summary sum;           /* rows / granted / denied / rejected / fen */
  int64_t *benefit_fen;     /* [b * RT_NPAYEES + payee]: fen paid */
  int64_t *benefit_claims;  /* [b]: granted claims in which benefit b paid */
  int64_t *reason_claims;   /* [k]: claims whose final reasons include
                            ** the policy's reason k (any status) */
  int64_t *group_granted;   /* [g] (rt_cmp.ngroups): granted claims of a
                            ** person in group g */
  int64_t *group_fen;       /* [g]: fen paid to those claims (both payees) */
  int64_t *quota_granted;   /* p->quota_slots counters (see rt_quota) */
  int shared_reading;       /* 1: the cells were converted once, by the
                            ** first city (same claims fields); text cells
                            ** were looked up once for every city */
} rt_cmp_city;

/* One example claim of a difference group. */
typedef struct rt_cmp_example {
  char *claim_id;
  int64_t fen[2];           /* total paid by side a / side b */
} rt_cmp_example;

/* The claims that a pair of cities (a, b) decide differently in the same
** way: equal status, rules and reasons on each side (the decisions CSV's
** columns).  A claim is "decided differently" when the status, the person
** amount or the organizer amount differ. */
typedef struct rt_cmp_diff {
  int status[2];            /* RT_GRANTED... of side a, side b */
  char *rules[2];           /* `|`-joined rule names ("" if none) */
  char *reasons[2];         /* `|`-joined reason codes ("" if none) */
  int64_t claims;
  int64_t fen[2];           /* sum of the totals paid by each side */
  int nexamples;
  rt_cmp_example ex[RT_CMP_MAX_EXAMPLES];  /* the first claims, input order */
} rt_cmp_diff;

typedef struct rt_cmp_pair {
  int a, b;                 /* city indices, a < b */
  int64_t same;             /* claims with equal status and amounts */
  int64_t differ;           /* the others */
  int64_t status_differ;    /* ... of which the status differs */
  int64_t a_more, b_more;   /* claims where a (b) pays the larger total */
  int64_t fen[2];           /* totals paid by a / b to the differing claims */
  int ndiffs;
  rt_cmp_diff *diffs;       /* by claims descending, ties in order of
                            ** first appearance */
} rt_cmp_pair;

typedef struct rt_cmp {
  int n;                    /* cities, in the order given */
  rt_cmp_city *city;
  int npairs;               /* n (n - 1) / 2: (0,1), (0,2), ..., (1,2), ... */
  rt_cmp_pair *pair;
  int64_t rows;             /* data rows read */
  /* Person groups (人员类别): the members of the claims' `groups` field
  ** as the first policy declares it (none if it has no such set field). */
  int ngroups;
  const char *const *group_names, *const *group_labels;
  int64_t *group_claims;    /* [g]: rows whose groups cell names g (a row
                            ** with several groups counts in each) */
  double seconds;           /* wall time of rt_compare */
} rt_cmp;

/* Index of the pair (a, b), a < b, in rt_cmp.pair. */
int rt_cmp_pair_index(const rt_cmp *c, int a, int b);

/* Score opts->claims_path under policies p[0..n) (n >= 1).  Returns 0 and
** sets *out (free with rt_cmp_free), or prints a diagnostic on stderr and
** returns non-zero (an unreadable file, a bad header, a write error). */
int rt_compare(const rt_policy *const *p, int n, const rt_cmp_opts *opts, rt_cmp **out);
void rt_cmp_free(rt_cmp *c);

/* Look up a rule name or a reason code of p: its label (or message) and
** citation.  Returns 0 if found; label/cite point into the policy. */
int rt_cmp_explain(const rt_policy *p, const char *name, const char **label,
                   const char **cite);

#ifdef __cplusplus
}
#endif
#endif
