/*
** polis_rt.h — the one stable C ABI between a compiled Polis policy and the
** Polis runtime.
**
** A compiled policy (JIT module, object file, shared library or stand-alone
** executable) exports exactly one symbol:
**
**     const rt_entry *polis_policy_v1(void);
**
** The entry carries a text descriptor (schema, enums, symbols, benefits,
** rules, reasons, flags, limits, quotas; format in docs/descriptor.md) and
** a batch evaluator.  The evaluator is pure: it reads columns of claims and
** writes payouts, rule, reason and flag bits.  Everything stateful (ledger,
** per-person limits, quota counts) lives in the runtime.
*/
#ifndef POLIS_RT_H
#define POLIS_RT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RT_ABI_VERSION 2

/* Sentinel for an optional numeric field whose cell was empty ("unknown"),
** and for a field whose default the evaluator computes (e.g. days). */
#define RT_UNKNOWN INT64_MIN

/* Column storage types.  The value of each enumerator is part of the ABI. */
typedef enum rt_type {
  RT_BOOL = 1,        /* uint8_t, 0 or 1 */
  RT_INT = 2,         /* int64_t */
  RT_MONEY = 3,       /* int64_t, fen */
  RT_PERCENT = 4,     /* int64_t, hundredths of a percent (85% = 8500) */
  RT_DATE = 5,        /* int64_t, days since 1970-01-01 */
  RT_DAYS = 6,        /* int64_t, a duration in days */
  RT_ENUM = 7,        /* int32_t, member index in its enum */
  RT_SET = 8,         /* uint64_t, bit i = member i (enums of <= 64 members) */
  RT_TEXT = 9,        /* int32_t, index into the policy's symbol table, or -1 */
  RT_RESIDENT_ID = 10 /* int64_t, birth date (days since epoch) of a valid ID */
} rt_type;

/* Payees: index of the amount inside a benefit's pair. */
enum { RT_PAYEE_PERSON = 0, RT_PAYEE_ORGANIZER = 1, RT_NPAYEES = 2 };

/* Reason kinds: a reject reason makes the row `rejected`, a deny reason
** explains a `denied` row, an info reason explains why a rule that would
** have paid did not (the claim may still be granted by another rule). */
typedef enum rt_reason_kind {
  RT_REASON_REJECT = 1,
  RT_REASON_DENY = 2,
  RT_REASON_INFO = 3
} rt_reason_kind;

/*
** One batch of claims, column-major.  cols[f] points to n values of field f
** in the storage type of its rt_type.  Outputs are zeroed by the caller:
**   pay[(i * n_benefits + b) * RT_NPAYEES + payee]  fen paid by benefit b
**   rules[i * rule_words + r / 64]   bit r % 64: rule r paid
**   reasons[i * reason_words + k / 64] bit k % 64: reason k applies
**   flags[i * flag_words + k / 64]   bit k % 64: flag k held (a limit's
**                                    `while` condition was true)
** where rule_words = (n_rules + 63) / 64 and likewise for reasons and
** flags (ABI 2 added `flags`; it is never NULL, even with no flags).
*/
typedef struct rt_batch {
  int64_t n;
  void *const *cols;
  int64_t *pay;
  uint64_t *rules;
  uint64_t *reasons;
  uint64_t *flags;
} rt_batch;

typedef void (*rt_eval_fn)(const rt_batch *batch);

typedef struct rt_entry {
  uint32_t abi_version;     /* RT_ABI_VERSION */
  uint32_t reserved;
  const char *descriptor;   /* NUL-terminated descriptor text */
  rt_eval_fn eval;
} rt_entry;

typedef const rt_entry *(*rt_entry_fn)(void);

/* ---- The decoded descriptor ------------------------------------------- */

typedef struct rt_enum {
  char *name, *label;
  int n;
  char **members, **labels;
} rt_enum;

enum {
  RT_FIELD_REQUIRED = 1,    /* empty cell or missing column rejects the row */
  RT_FIELD_COMPUTED = 2     /* empty cell -> RT_UNKNOWN; the evaluator fills it */
};

/* Roles the runtime itself needs. */
typedef enum rt_role {
  RT_ROLE_NONE = 0,
  RT_ROLE_CLAIM_ID,
  RT_ROLE_PERSON_ID,
  RT_ROLE_CLAIM_DATE
} rt_role;

typedef struct rt_field {
  char *name, *label;
  rt_type type;
  int enum_idx;             /* for RT_ENUM / RT_SET, else -1 */
  unsigned flags;           /* RT_FIELD_* */
  rt_role role;
  int has_default;          /* default_text is parsed like a cell */
  char *default_text;
  int has_min, has_max;
  int64_t min, max;         /* in storage units (fen, basis points...) */
} rt_field;

typedef struct rt_benefit {
  char *name, *label, *cite;
} rt_benefit;

typedef struct rt_rule {
  char *name, *label, *cite;
  int benefit;
  int payee;
} rt_rule;

typedef struct rt_reason {
  char *code;
  rt_reason_kind kind;
  char *message, *cite;
} rt_reason;

typedef enum rt_limit_kind {
  RT_LIMIT_COUNT = 1,       /* at most n counted grants per person and period */
  RT_LIMIT_UNIQUE = 2       /* no two counted grants with equal key fields */
} rt_limit_kind;

typedef enum rt_limit_period {
  RT_PERIOD_YEAR = 1,       /* grants in the calendar year of claim_date */
  RT_PERIOD_EVER = 2        /* grants of any date */
} rt_limit_period;

/* A per-person limit.  It applies to a claim that holds `flag` (if any)
** and still pays something (the whole claim) or still pays `benefit`; it
** counts the person's earlier grants that held `flag` (if any), in which
** `benefit` paid (if any), in the period.  Over it, the claim loses
** `benefit` (or everything).  See docs/runtime.md. */
typedef struct rt_limit {
  rt_limit_kind kind;
  int64_t n;                /* RT_LIMIT_COUNT: most grants allowed */
  int nkeys;                /* RT_LIMIT_UNIQUE: key field indices */
  int keys[8];
  rt_limit_period period;
  int benefit;              /* benefit index, -1 = the whole claim */
  int flag;                 /* flag index, -1 = every claim */
  int reason;               /* index into reasons */
  char *cite;
} rt_limit;

/* A quota: planned trainings per key of a text field for one year.
** Reporting only.  Granted claims are counted into a caller's array of
** rt_policy.quota_slots counters: key k of quota q at quotas[q].slot + k,
** claims whose key is not in the plan at quotas[q].slot + n_keys. */
typedef struct rt_quota {
  char *name, *label, *cite;
  int field;                /* a RT_TEXT field */
  int64_t year;             /* claim_date year counted */
  int n_keys;
  char **keys;              /* key texts, each a symbol */
  int *key_sym;             /* ... their symbol indices */
  int64_t *planned;
  int slot;
} rt_quota;

/* A standards table the policy embedded (informational). */
typedef struct rt_table {
  char *name, *label, *file, *sha256;
  int64_t rows;
} rt_table;

typedef struct rt_policy {
  /* identity */
  char *name, *title, *source_doc, *source_hash;
  char *issued, *effective_from, *effective_to;  /* YYYY-MM-DD or "" */
  char *city;                                    /* or "" */
  int n_enums;   rt_enum *enums;
  int n_fields;  rt_field *fields;
  int n_symbols; char **symbols;
  int n_benefits; rt_benefit *benefits;
  int n_rules;   rt_rule *rules;
  int n_reasons; rt_reason *reasons;
  int n_flags;   char **flags;    /* at most 64 */
  int n_limits;  rt_limit *limits; /* at most 64 */
  int n_quotas;  rt_quota *quotas;
  int n_tables;  rt_table *tables;
  int rule_words, reason_words, flag_words;
  int quota_slots;          /* sum over quotas of n_keys + 1 */
  int f_claim_id, f_person_id, f_claim_date;     /* field indices by role */
  rt_eval_fn eval;
  void *internal;           /* runtime-private indexes (symbol hash, ...) */
} rt_policy;

/* Decode an entry's descriptor.  Returns NULL and writes a message to err
** (if non-NULL, errlen bytes) on a malformed or incompatible descriptor. */
rt_policy *rt_policy_load(const rt_entry *entry, char *err, size_t errlen);
void rt_policy_free(rt_policy *p);
int rt_policy_find_field(const rt_policy *p, const char *name);
int rt_policy_find_reason(const rt_policy *p, const char *code);

/* ---- Scoring ---------------------------------------------------------- */

typedef struct rt_score_opts {
  const char *claims_path;  /* "-" or NULL = stdin */
  const char *out_path;     /* NULL or "-" = stdout */
  const char *ledger_path;  /* NULL = no ledger; else read if present, then rewritten */
  int quiet;                /* no summary on stderr */
  int progress;             /* -1 auto (stderr is a tty), 0 off, 1 on */
  const char *quota_report_path; /* NULL = none; else the CSV of
                            ** rt_quota_report, written after the decisions */
  int64_t *quota_granted;   /* NULL, or rt_policy.quota_slots counters that a
                            ** successful run sets to the final grants per
                            ** quota key (see rt_quota) */
} rt_score_opts;

typedef struct rt_summary {
  int64_t rows, granted, denied, rejected;
  int64_t person_fen, organizer_fen;
} rt_summary;

/* Score a claims file.  Returns 0 on success; on an I/O or header error
** prints a diagnostic to stderr and returns non-zero. */
int rt_score(const rt_policy *p, const rt_score_opts *opts, rt_summary *sum);

/* Score an already-open claims stream into an open output stream; in_name
** is used in messages.  opts->claims_path / out_path are ignored here. */
int rt_score_stream(const rt_policy *p, FILE *in, const char *in_name,
                    FILE *out, const rt_score_opts *opts, rt_summary *sum);

/* Quota reports from the counters of rt_score_opts.quota_granted.
** rt_quota_report writes CSV `quota,key,planned,granted`: one row per key
** of each quota in plan order, then `(other)` (planned 0) and `(total)`
** (planned: the plan's sum; granted: every granted claim of the year,
** `(other)` included).  Returns 0, or -1 on a write error.
** rt_quota_print writes the same as an aligned table with granted/planned
** percentages, as the score summary shows it. */
int rt_quota_report(const rt_policy *p, const int64_t *granted, FILE *out);
void rt_quota_print(const rt_policy *p, const int64_t *granted, FILE *out);

/* The `score` command line shared by `polis score` and per-city executables;
** argv[0] is the program name, argv[1..] the options after "score". */
int rt_score_main(const rt_policy *p, const char *prog, int argc, char **argv);

/* main() of a stand-alone per-city executable. */
int rt_exe_main(const rt_entry *entry, int argc, char **argv);

/* ---- Value parsing shared by the CSV reader and `polis test` ---------- */

/* Parse one cell of field f into *out (storage type of the field; 8 bytes
** is enough for every type).  Returns NULL on success or a reason code such
** as "bad_date" / "bad_enum" / "out_of_range" / "bad_id_checksum". */
const char *rt_parse_cell(const rt_policy *p, int f, const char *s, size_t len,
                          int64_t *out);

/* Resident ID (GB 11643-1999): NULL if valid, else a reason code;
** *birth receives the birth date in days since epoch. */
const char *rt_resident_id_check(const char *s, size_t len, int64_t *birth);

/* Calendar helpers: days since 1970-01-01 <-> civil date. */
int64_t rt_days_from_civil(int64_t y, unsigned m, unsigned d);
void rt_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d);
int rt_parse_date(const char *s, size_t len, int64_t *days);

/* SHA-256 of a buffer as 64 lowercase hex digits + NUL. */
void rt_sha256_hex(const void *data, size_t len, char out[65]);

/* Money formatting: fen -> "123.45" into buf (>= 32 bytes). */
void rt_format_fen(int64_t fen, char *buf);

#ifdef __cplusplus
}
#endif
#endif
