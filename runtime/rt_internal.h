/*
** rt_internal.h — declarations shared by the runtime's source files.
** Nothing here is part of the ABI; the compiler must not include it.
*/
#ifndef POLIS_RT_INTERNAL_H
#define POLIS_RT_INTERNAL_H

#include "polis_rt.h"
#include <stdint.h>
#include <string.h>

/* ---- Memory ------------------------------------------------------------ */

/* Allocation failure is not recoverable in any useful way for a batch
** scorer, so these print a message and abort rather than return NULL. */
void *rti_malloc(size_t n);
void *rti_calloc(size_t n, size_t size);
void *rti_realloc(void *p, size_t n);

/* A growable byte buffer.  p is NULL until the first append. */
typedef struct rt_buf {
  char *p;
  size_t n, cap;
} rt_buf;

void rti_buf_grow(rt_buf *b, size_t extra);
void rti_buf_free(rt_buf *b);

static inline void rti_buf_add(rt_buf *b, const void *s, size_t n)
{
  if (b->cap - b->n < n)
    rti_buf_grow(b, n);
  if (n)
    memcpy(b->p + b->n, s, n);
  b->n += n;
}

static inline void rti_buf_addc(rt_buf *b, char c)
{
  if (b->cap == b->n)
    rti_buf_grow(b, 1);
  b->p[b->n++] = c;
}

static inline void rti_buf_adds(rt_buf *b, const char *s)
{
  rti_buf_add(b, s, strlen(s));
}

/* Unsigned LEB128 and zigzag, used by the spill file. */
void rti_buf_varint(rt_buf *b, uint64_t v);

/* ---- Hashing ----------------------------------------------------------- */

uint64_t rti_hash64(const void *data, size_t len, uint64_t seed);

/* Open-addressing map from a byte string to an int32.  Keys are not
** copied: they must outlive the map (they point into the policy). */
typedef struct rt_strmap_slot {
  uint64_t hash;
  const char *key; /* NULL = empty slot */
  uint32_t len;
  int32_t val;
} rt_strmap_slot;

typedef struct rt_strmap {
  rt_strmap_slot *slot;
  size_t mask, count;
} rt_strmap;

/* Returns 0 if inserted, 1 if the key was already present (unchanged). */
int rti_strmap_put(rt_strmap *m, const char *key, size_t len, int32_t val);
int32_t rti_strmap_get(const rt_strmap *m, const char *key, size_t len);
void rti_strmap_free(rt_strmap *m);

/* A set of 64-bit hashes (used for claim_id uniqueness). */
typedef struct rt_u64set {
  uint64_t *slot;
  size_t mask, count;
} rt_u64set;

/* Returns 1 if h was already in the set, else adds it and returns 0. */
int rti_u64set_add(rt_u64set *s, uint64_t h);
void rti_u64set_free(rt_u64set *s);

/* ---- Reason codes the runtime itself emits ------------------------------ */

enum {
  RC_OK = 0,
  RC_MISSING_REQUIRED,
  RC_BAD_BOOL,
  RC_BAD_INT,
  RC_BAD_MONEY,
  RC_BAD_PERCENT,
  RC_BAD_DATE,
  RC_BAD_ENUM,
  RC_OUT_OF_RANGE,
  RC_BAD_ID_LENGTH,
  RC_BAD_ID_CHAR,
  RC_BAD_ID_CHECKSUM,
  RC_BAD_ID_BIRTH_DATE,
  RC_BAD_COLUMN_COUNT,
  RC_BAD_QUOTING,
  RC_DUPLICATE_CLAIM_ID,
  RC_COUNT
};
extern const char *const rti_code_names[RC_COUNT];

/* ---- Policy internals (rt_policy.internal) ------------------------------ */

typedef struct rti_policy {
  char *arena;              /* every decoded descriptor string */
  rt_strmap fields, reasons, symbols, benefits, flagmap;
  rt_strmap *members;       /* one per enum */
  int64_t *defval;          /* per field: parsed default_text */
  uint64_t *reject_mask;    /* reason_words words: reasons of kind reject */
  int n_keyf;               /* distinct fields named by unique limits */
  int *keyf;                /* ... their field indices, first-use order */
  int *keypos;              /* limits[l].keys[k] -> position in keyf, [l*8+k] */
  int **quota_keyof;        /* per quota: symbol index -> key index or -1 */
} rti_policy;

static inline const rti_policy *rti_pol(const rt_policy *p)
{
  return (const rti_policy *)p->internal;
}

/* Parse a cell that is known to be non-blank; returns an RC_* code. */
int rti_parse(const rt_policy *p, int f, const char *s, size_t len, int64_t *out);
/* Non-zero if the cell is empty or only spaces / tabs. */
int rti_blank(const char *s, size_t len);
/* Append the canonical text of a value of field f: the text a ledger stores
** and unique limits compare.  raw is the cell (text / resident_id use it). */
void rti_canon(const rt_policy *p, int f, int64_t v, const char *raw,
               size_t rawlen, rt_buf *out);
/* The value an empty cell of field f takes (not for required fields). */
int64_t rti_empty_value(const rt_policy *p, int f);

/* ---- CSV --------------------------------------------------------------- */

typedef struct rt_csv_cell {
  size_t off, len;
} rt_csv_cell;

typedef struct rt_csv {
  FILE *f;
  char *buf;                /* input buffer */
  size_t pos, end;
  int eof, err, skip_lf, started, bom_done;
  rt_buf data;              /* bytes of the current record's cells */
  rt_csv_cell *cells;
  int ncells, cellcap;
  int64_t line;             /* physical line where the record starts */
  int64_t next_line;
  int bad_quoting;          /* unterminated quote or junk after a quote */
} rt_csv;

void rti_csv_init(rt_csv *c, FILE *f);
void rti_csv_free(rt_csv *c);
/* Read the next non-blank record: 1, 0 at end of input, -1 on read error. */
int rti_csv_next(rt_csv *c);

static inline const char *rti_csv_cell(const rt_csv *c, int i, size_t *len)
{
  *len = c->cells[i].len;
  return c->data.p + c->cells[i].off;
}

/* Append one CSV value, quoted when it holds a comma, quote, CR or LF. */
void rti_csv_put(rt_buf *out, const char *s, size_t n);

/* ---- Ledger and limits ------------------------------------------------- */

typedef struct rti_ledger rti_ledger;

rti_ledger *rti_ledger_new(const rt_policy *p);
void rti_ledger_free(rti_ledger *L);
/* Load earlier grants; a missing file is an empty ledger.  Adds their
** claim ids to seen.  Returns 0, or -1 after printing a diagnostic. */
int rti_ledger_load(rti_ledger *L, const char *path, rt_u64set *seen);
/* Record a provisionally granted claim.  keys: for each policy key field
** (rti_policy.keyf), a uint32 length and the canonical text.  paid: bit b
** set when benefit b pays more than 0; held: the claim's flags (word 0). */
void rti_ledger_add(rti_ledger *L, const char *person, size_t plen,
                    int64_t date, const char *claim_id, size_t clen,
                    const char *keys, size_t klen, uint64_t row,
                    uint64_t paid, uint64_t held);
/* Apply the limits.  Afterwards rti_ledger_stops lists the rows a limit
** cut, in increasing row order. */
void rti_ledger_resolve(rti_ledger *L);
typedef struct rti_stop {
  uint64_t row;
  uint64_t limits;          /* bit l: limit l was over (its reason is added) */
  uint64_t benefits;        /* benefits whose payments were struck */
  int denied;               /* nothing left: the claim is denied */
} rti_stop;
const rti_stop *rti_ledger_stops(const rti_ledger *L, size_t *n);
/* Write the old and new grants to a temporary file beside path; on
** success *tmp_out is a malloc'd temporary name to rename over path. */
int rti_ledger_write_temp(const rti_ledger *L, const char *path, char **tmp_out);

uint64_t rti_claim_hash(const char *s, size_t len);

/* ---- The scoring loop, one policy (score.c) ------------------------------
** `polis score` runs one scorer; `polis compare` runs one per city over a
** shared CSV reader: each reads the same header and records, evaluates its
** own batches, applies its own limits, and the decisions are then read
** back row by row (rti_sc_next) in input order. */

typedef struct rti_sc rti_sc;

/* The text symbols of several policies (compare): map holds every symbol
** once; xl[u * n + k] is symbol u's index in policy k, or -1.  One lookup
** of a text cell then serves every city. */
typedef struct rti_texts {
  rt_strmap map;
  int32_t *xl;
  int n;
} rti_texts;
rti_texts *rti_texts_new(const rt_policy *const *p, int n);
void rti_texts_free(rti_texts *t);

/* A final decision, as one decisions-CSV row. */
typedef struct rti_dec {
  int status;               /* RT_GRANTED / RT_DENIED / RT_REJECTED order */
  uint64_t tag;             /* rti_sc_tag's value for the row */
  rt_buf cid, rules, reasons;   /* texts, NUL-terminated (n excludes it) */
  int64_t *amt;             /* [b * RT_NPAYEES + payee] fen */
  int64_t person_fen, organizer_fen;
  uint64_t *said;           /* reason_words: the policy reasons it carries */
} rti_dec;

extern const char rti_decisions_header[];

rti_sc *rti_sc_new(const rt_policy *p, rt_csv *csv, const char *in_name,
                   int progress_on, int want_ledger);
void rti_sc_free(rti_sc *s);
/* Read the header record into c (once); then rti_sc_header maps it for
** each scorer.  Both print a diagnostic and return -1 on error. */
int rti_sc_read_header(rt_csv *c, const char *in_name);
int rti_sc_header(rti_sc *s);
/* Take lead's reading of each row (same fields, same order); 1 if so.
** s is policy k of tx, lead policy 0.  The leader must read each record
** before its followers. */
int rti_sc_follow(rti_sc *s, rti_sc *lead, const rti_texts *tx, int k);
/* Pass 1: convert the current record; tag it; evaluate when full. */
void rti_sc_row(rti_sc *s);
void rti_sc_tag(rti_sc *s, uint64_t tag);
int rti_sc_full(const rti_sc *s);
/* Set field f of the row just read, if the row was accepted; 0 if not. */
int rti_sc_set_value(const rti_sc *s, int f, uint64_t *v);
void rti_sc_flush(rti_sc *s);
int rti_sc_finish(rti_sc *s);
uint64_t rti_sc_rows(const rti_sc *s);
/* Pass 2. */
void rti_sc_rewind(rti_sc *s);
int rti_sc_next(rti_sc *s, rti_dec *d);
const int64_t *rti_sc_quota(const rti_sc *s);
void rti_dec_init(const rt_policy *p, rti_dec *d);
void rti_dec_free(rti_dec *d);
void rti_dec_csv(const rti_dec *d, rt_buf *o);
void rti_summary_add(rt_summary *sum, const rti_dec *d);
/* Write b out and empty it; 0 on a write error. */
int rti_flush_out(FILE *out, rt_buf *b);
/* Open a claims file ("-" or NULL: stdin) and name it for messages; NULL
** after a message if it cannot be opened. */
FILE *rti_open_claims(const char *path, const char **name);
/* rt_score_opts.progress: -1 auto (stderr is a terminal), 0 off, 1 on. */
int rti_progress_wanted(int opt);

/* Seconds from a monotonic clock. */
double rti_now(void);

#endif
