/*
** descriptor.c — decode and validate a policy descriptor (format in
** docs/descriptor.md) into an rt_policy, and build the lookup tables the
** CSV reader needs.
**
** The decoder is deliberately strict: a descriptor the runtime does not
** fully understand could make it mis-score claims, so any surprise (an
** unknown record, a wrong field count, a dangling name) refuses the policy.
*/
#include "rt_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_TOKENS 12

typedef struct loader {
  rt_policy *p;
  rti_policy *pi;
  char *err;
  size_t errlen;
  int line;
  char *ap;                 /* next free byte of pi->arena */
  int cap_enums, cap_fields, cap_symbols, cap_benefits, cap_rules;
  int cap_reasons, cap_limits, cap_flags, cap_quotas, cap_tables;
  int cap_memcap, cap_fenum, cap_lnames, cap_qfield, cap_qcap; /* side arrays */
  int *memcap;              /* per enum: capacity of members[] */
  char **fenum;             /* per field: its ENUM token, resolved at the end */
  struct lname {            /* per limit: names resolved at the end */
    char *keys, *benefit, *flag, *reason;
    int line;
  } *lnames;
  char **qfield;            /* per quota: its FIELD token */
  int *qcap;                /* per quota: capacity of its key arrays */
  int have_policy, have_end;
  const char *last_kind;
} loader;

static int fail(loader *L, const char *fmt, ...)
{
  if (L->err && L->errlen) {
    size_t k = 0;
    if (L->line > 0)
      k = (size_t)snprintf(L->err, L->errlen, "descriptor line %d: ", L->line);
    else
      k = (size_t)snprintf(L->err, L->errlen, "descriptor: ");
    if (k < L->errlen) {
      va_list ap;
      va_start(ap, fmt);
      vsnprintf(L->err + k, L->errlen - k, fmt, ap);
      va_end(ap);
    }
  }
  return -1;
}

/* Grow a dynamic array so that index n is writable. */
#define GROW(arr, n, cap)                                              \
  do {                                                                 \
    if ((n) >= (cap)) {                                                \
      (cap) = (cap) ? (cap) * 2 : 8;                                   \
      (arr) = rti_realloc((arr), (size_t)(cap) * sizeof *(arr));       \
    }                                                                  \
  } while (0)

/* Split [s, e) on TAB and unescape each token into the arena. */
static int tokenize(loader *L, const char *s, const char *e, char **tok, int *ntok)
{
  int n = 0;
  for (;;) {
    if (n == MAX_TOKENS)
      return fail(L, "too many fields in a record");
    char *out = L->ap;
    tok[n++] = out;
    while (s < e && *s != '\t') {
      if (*s == '\\') {
        if (s + 1 == e)
          return fail(L, "backslash at end of a field");
        char c = s[1];
        if (c == 't')
          *out++ = '\t';
        else if (c == 'n')
          *out++ = '\n';
        else if (c == '\\')
          *out++ = '\\';
        else
          return fail(L, "unknown escape '\\%c'", c);
        s += 2;
      } else {
        *out++ = *s++;
      }
    }
    *out++ = 0;
    L->ap = out;
    if (s == e)
      break;
    s++; /* the TAB */
  }
  *ntok = n;
  return 0;
}

static int dash(const char *s)
{
  return s[0] == '-' && s[1] == 0;
}

/* "-" in a decorative field (label, cite, message) means absent. */
static char *opt(char *s)
{
  if (dash(s))
    s[0] = 0;
  return s;
}

static int parse_i64(const char *s, int64_t *out)
{
  char *end;
  if (!*s || (*s != '-' && *s != '+' && (*s < '0' || *s > '9')))
    return 0;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (*end || errno)
    return 0;
  *out = v;
  return 1;
}

static int check_date_or_empty(loader *L, char *s, const char *what)
{
  int64_t d;
  opt(s);
  if (*s && !rt_parse_date(s, strlen(s), &d))
    return fail(L, "%s '%s' is not a YYYY-MM-DD date", what, s);
  return 0;
}

static const char *const type_names[] = {
  [RT_BOOL] = "bool", [RT_INT] = "int", [RT_MONEY] = "money",
  [RT_PERCENT] = "percent", [RT_DATE] = "date", [RT_DAYS] = "days",
  [RT_ENUM] = "enum", [RT_SET] = "set", [RT_TEXT] = "text",
  [RT_RESIDENT_ID] = "resident_id"};

static int rec_field(loader *L, char **t)
{
  rt_policy *p = L->p;
  GROW(p->fields, p->n_fields, L->cap_fields);
  GROW(L->fenum, p->n_fields, L->cap_fenum);
  rt_field *f = &p->fields[p->n_fields];
  memset(f, 0, sizeof *f);
  L->fenum[p->n_fields] = t[4];
  p->n_fields++;
  f->name = t[1];
  f->label = opt(t[2]);
  f->enum_idx = -1;
  for (int k = RT_BOOL; k <= RT_RESIDENT_ID; k++)
    if (strcmp(t[3], type_names[k]) == 0)
      f->type = (rt_type)k;
  if (!f->type)
    return fail(L, "field '%s': unknown type '%s'", f->name, t[3]);
  if (!dash(t[5])) {
    char *s = t[5];
    for (;;) {
      char *c = strchr(s, ',');
      size_t n = c ? (size_t)(c - s) : strlen(s);
      if (n == 8 && memcmp(s, "required", 8) == 0)
        f->flags |= RT_FIELD_REQUIRED;
      else if (n == 8 && memcmp(s, "computed", 8) == 0)
        f->flags |= RT_FIELD_COMPUTED;
      else
        return fail(L, "field '%s': unknown flag '%.*s'", f->name, (int)n, s);
      if (!c)
        break;
      s = c + 1;
    }
  }
  if (strcmp(t[6], "claim_id") == 0)
    f->role = RT_ROLE_CLAIM_ID;
  else if (strcmp(t[6], "person_id") == 0)
    f->role = RT_ROLE_PERSON_ID;
  else if (strcmp(t[6], "claim_date") == 0)
    f->role = RT_ROLE_CLAIM_DATE;
  else if (!dash(t[6]))
    return fail(L, "field '%s': unknown role '%s'", f->name, t[6]);
  if (!dash(t[7])) {
    f->has_default = 1;
    f->default_text = t[7];
  }
  if (!dash(t[8])) {
    if (!parse_i64(t[8], &f->min))
      return fail(L, "field '%s': bad MIN '%s'", f->name, t[8]);
    f->has_min = 1;
  }
  if (!dash(t[9])) {
    if (!parse_i64(t[9], &f->max))
      return fail(L, "field '%s': bad MAX '%s'", f->name, t[9]);
    f->has_max = 1;
  }
  if (f->has_min && f->has_max && f->min > f->max)
    return fail(L, "field '%s': MIN is greater than MAX", f->name);
  return 0;
}

static int rec_limit(loader *L, char **t)
{
  rt_policy *p = L->p;
  GROW(p->limits, p->n_limits, L->cap_limits);
  GROW(L->lnames, p->n_limits, L->cap_lnames);
  rt_limit *l = &p->limits[p->n_limits];
  memset(l, 0, sizeof *l);
  L->lnames[p->n_limits].keys = NULL;
  L->lnames[p->n_limits].benefit = t[4];
  L->lnames[p->n_limits].flag = t[5];
  L->lnames[p->n_limits].reason = t[6];
  L->lnames[p->n_limits].line = L->line;
  p->n_limits++;
  l->cite = opt(t[7]);
  l->reason = l->benefit = l->flag = -1;
  if (strcmp(t[1], "count") == 0) {
    l->kind = RT_LIMIT_COUNT;
    if (!parse_i64(t[2], &l->n) || l->n < 0)
      return fail(L, "limit count: bad count '%s'", t[2]);
  } else if (strcmp(t[1], "unique") == 0) {
    l->kind = RT_LIMIT_UNIQUE;
    l->n = 1;
    if (!*t[2] || dash(t[2]))
      return fail(L, "limit unique: no key fields");
    L->lnames[p->n_limits - 1].keys = t[2];
  } else {
    return fail(L, "unknown limit kind '%s' (expected count or unique)", t[1]);
  }
  if (strcmp(t[3], "year") == 0)
    l->period = RT_PERIOD_YEAR;
  else if (strcmp(t[3], "ever") == 0)
    l->period = RT_PERIOD_EVER;
  else
    return fail(L, "unknown limit period '%s' (expected year or ever)", t[3]);
  return 0;
}

static int rec_quota(loader *L, char **t)
{
  rt_policy *p = L->p;
  GROW(p->quotas, p->n_quotas, L->cap_quotas);
  GROW(L->qfield, p->n_quotas, L->cap_qfield);
  GROW(L->qcap, p->n_quotas, L->cap_qcap);
  rt_quota *q = &p->quotas[p->n_quotas];
  memset(q, 0, sizeof *q);
  L->qfield[p->n_quotas] = t[3];
  L->qcap[p->n_quotas] = 0;
  p->n_quotas++;
  q->name = t[1];
  q->label = opt(t[2]);
  q->cite = opt(t[5]);
  q->field = -1;
  if (!parse_i64(t[4], &q->year) || q->year < 1 || q->year > 9999)
    return fail(L, "quota '%s': bad YEAR '%s'", q->name, t[4]);
  return 0;
}

static int rec_quota_key(loader *L, char **t, const char *prev)
{
  rt_policy *p = L->p;
  if (!prev || (strcmp(prev, "quota") != 0 && strcmp(prev, "quota_key") != 0))
    return fail(L, "'quota_key' record not under a 'quota'");
  rt_quota *q = &p->quotas[p->n_quotas - 1];
  int *cap = &L->qcap[p->n_quotas - 1];
  if (q->n_keys >= *cap) {
    *cap = *cap ? *cap * 2 : 8;
    q->keys = rti_realloc(q->keys, (size_t)*cap * sizeof *q->keys);
    q->key_sym = rti_realloc(q->key_sym, (size_t)*cap * sizeof *q->key_sym);
    q->planned = rti_realloc(q->planned, (size_t)*cap * sizeof *q->planned);
  }
  int k = q->n_keys++;
  q->keys[k] = t[1];
  q->key_sym[k] = -1;
  q->planned[k] = 0;
  if (!parse_i64(t[2], &q->planned[k]) || q->planned[k] < 0)
    return fail(L, "quota '%s': key '%s': bad PLANNED '%s'", q->name, t[1], t[2]);
  return 0;
}

static int rec_table(loader *L, char **t)
{
  rt_policy *p = L->p;
  GROW(p->tables, p->n_tables, L->cap_tables);
  rt_table *tb = &p->tables[p->n_tables++];
  tb->name = t[1];
  tb->label = opt(t[2]);
  tb->file = opt(t[3]);
  tb->sha256 = opt(t[4]);
  tb->rows = 0;
  if (!parse_i64(t[5], &tb->rows) || tb->rows < 0)
    return fail(L, "table '%s': bad ROWS '%s'", tb->name, t[5]);
  return 0;
}

enum {
  K_POLICY, K_ENUM, K_MEMBER, K_FIELD, K_SYMBOL, K_BENEFIT, K_RULE, K_REASON,
  K_FLAG, K_LIMIT, K_QUOTA, K_QUOTA_KEY, K_TABLE, K_END
};

/* One record.  t[0] is the kind; counts include it. */
static int record(loader *L, char **t, int n)
{
  static const struct {
    const char *kind;
    int ntok;
  } kinds[] = {
    [K_POLICY] = {"policy", 9},   [K_ENUM] = {"enum", 3},
    [K_MEMBER] = {"member", 3},   [K_FIELD] = {"field", 10},
    [K_SYMBOL] = {"symbol", 2},   [K_BENEFIT] = {"benefit", 4},
    [K_RULE] = {"rule", 6},       [K_REASON] = {"reason", 5},
    [K_FLAG] = {"flag", 2},       [K_LIMIT] = {"limit", 8},
    [K_QUOTA] = {"quota", 6},     [K_QUOTA_KEY] = {"quota_key", 3},
    [K_TABLE] = {"table", 6},     [K_END] = {"end", 1}};
  rt_policy *p = L->p;
  int ki = -1;
  for (int i = 0; i < (int)(sizeof kinds / sizeof kinds[0]); i++)
    if (strcmp(t[0], kinds[i].kind) == 0)
      ki = i;
  if (ki < 0)
    return fail(L, "unknown record kind '%s'", t[0]);
  const char *kind = kinds[ki].kind;
  if (n != kinds[ki].ntok)
    return fail(L, "a '%s' record has %d fields, expected %d", kind, n - 1,
                kinds[ki].ntok - 1);
  const char *prev = L->last_kind;
  L->last_kind = kind;

  switch (ki) {
  case K_POLICY:
    if (L->have_policy)
      return fail(L, "second 'policy' record");
    L->have_policy = 1;
    p->name = t[1];
    p->title = opt(t[2]);
    p->source_doc = opt(t[3]);
    p->source_hash = opt(t[4]);
    p->issued = t[5];
    p->effective_from = t[6];
    p->effective_to = t[7];
    p->city = opt(t[8]);
    if (check_date_or_empty(L, t[5], "ISSUED") ||
        check_date_or_empty(L, t[6], "EFFECTIVE_FROM") ||
        check_date_or_empty(L, t[7], "EFFECTIVE_TO"))
      return -1;
    return 0;
  case K_END:
    L->have_end = 1;
    return 0;
  case K_ENUM:
    GROW(p->enums, p->n_enums, L->cap_enums);
    GROW(L->memcap, p->n_enums, L->cap_memcap);
    memset(&p->enums[p->n_enums], 0, sizeof p->enums[0]);
    p->enums[p->n_enums].name = t[1];
    p->enums[p->n_enums].label = opt(t[2]);
    L->memcap[p->n_enums] = 0;
    p->n_enums++;
    return 0;
  case K_MEMBER: {
    if (!prev || (strcmp(prev, "enum") != 0 && strcmp(prev, "member") != 0))
      return fail(L, "'member' record not under an 'enum'");
    rt_enum *e = &p->enums[p->n_enums - 1];
    int cap = L->memcap[p->n_enums - 1];
    if (e->n >= cap) {
      cap = cap ? cap * 2 : 8;
      e->members = rti_realloc(e->members, (size_t)cap * sizeof *e->members);
      e->labels = rti_realloc(e->labels, (size_t)cap * sizeof *e->labels);
      L->memcap[p->n_enums - 1] = cap;
    }
    e->members[e->n] = t[1];
    e->labels[e->n] = opt(t[2]);
    e->n++;
    return 0;
  }
  case K_FIELD:
    return rec_field(L, t);
  case K_SYMBOL:
    GROW(p->symbols, p->n_symbols, L->cap_symbols);
    p->symbols[p->n_symbols++] = t[1];
    return 0;
  case K_BENEFIT: {
    GROW(p->benefits, p->n_benefits, L->cap_benefits);
    rt_benefit *b = &p->benefits[p->n_benefits++];
    b->name = t[1];
    b->label = opt(t[2]);
    b->cite = opt(t[3]);
    return 0;
  }
  case K_RULE: {
    GROW(p->rules, p->n_rules, L->cap_rules);
    rt_rule *r = &p->rules[p->n_rules++];
    int64_t bi;
    r->name = t[1];
    r->label = opt(t[2]);
    r->cite = opt(t[3]);
    r->benefit = -1;
    if (!parse_i64(t[4], &bi) || bi < 0 || bi > INT32_MAX)
      return fail(L, "rule '%s': bad benefit index '%s'", r->name, t[4]);
    r->benefit = (int)bi;
    if (strcmp(t[5], "person") == 0)
      r->payee = RT_PAYEE_PERSON;
    else if (strcmp(t[5], "organizer") == 0)
      r->payee = RT_PAYEE_ORGANIZER;
    else
      return fail(L, "rule '%s': unknown payee '%s'", r->name, t[5]);
    return 0;
  }
  case K_REASON: {
    GROW(p->reasons, p->n_reasons, L->cap_reasons);
    rt_reason *r = &p->reasons[p->n_reasons++];
    r->code = t[1];
    r->message = opt(t[3]);
    r->cite = opt(t[4]);
    r->kind = RT_REASON_DENY;
    if (strcmp(t[2], "reject") == 0)
      r->kind = RT_REASON_REJECT;
    else if (strcmp(t[2], "deny") == 0)
      r->kind = RT_REASON_DENY;
    else if (strcmp(t[2], "info") == 0)
      r->kind = RT_REASON_INFO;
    else
      return fail(L, "reason '%s': unknown kind '%s'", r->code, t[2]);
    return 0;
  }
  case K_FLAG:
    if (dash(t[1]) || !*t[1])
      return fail(L, "a flag needs a name");
    GROW(p->flags, p->n_flags, L->cap_flags);
    p->flags[p->n_flags++] = t[1];
    return 0;
  case K_LIMIT:
    return rec_limit(L, t);
  case K_QUOTA:
    return rec_quota(L, t);
  case K_QUOTA_KEY:
    return rec_quota_key(L, t, prev);
  case K_TABLE:
    return rec_table(L, t);
  }
  return fail(L, "unknown record kind '%s'", t[0]);
}

static int is_wide(rt_type t)
{
  return t == RT_INT || t == RT_MONEY || t == RT_PERCENT || t == RT_DATE ||
         t == RT_DAYS || t == RT_RESIDENT_ID;
}

/* Cross-references, uniqueness and lookup tables, once every record is in. */
static int finish(loader *L)
{
  rt_policy *p = L->p;
  rti_policy *pi = L->pi;
  L->line = 0;
  if (!L->have_policy)
    return fail(L, "no 'policy' record");

  pi->members = rti_calloc((size_t)p->n_enums, sizeof *pi->members);
  rt_strmap enames = {0};
  int rc = 0;
  for (int i = 0; i < p->n_enums && !rc; i++) {
    rt_enum *e = &p->enums[i];
    if (rti_strmap_put(&enames, e->name, strlen(e->name), i))
      rc = fail(L, "enum '%s' declared twice", e->name);
    else if (e->n == 0)
      rc = fail(L, "enum '%s' has no members", e->name);
    for (int k = 0; k < e->n && !rc; k++)
      if (rti_strmap_put(&pi->members[i], e->members[k], strlen(e->members[k]), k))
        rc = fail(L, "enum '%s': member '%s' declared twice", e->name, e->members[k]);
  }

  for (int i = 0; i < p->n_fields && !rc; i++) {
    rt_field *f = &p->fields[i];
    if (rti_strmap_put(&pi->fields, f->name, strlen(f->name), i)) {
      rc = fail(L, "field '%s' declared twice", f->name);
      break;
    }
    if (f->type == RT_ENUM || f->type == RT_SET) {
      f->enum_idx = rti_strmap_get(&enames, L->fenum[i], strlen(L->fenum[i]));
      if (f->enum_idx < 0)
        rc = fail(L, "field '%s': unknown enum '%s'", f->name, L->fenum[i]);
      else if (f->type == RT_SET && p->enums[f->enum_idx].n > 64)
        rc = fail(L, "field '%s': a set's enum may have at most 64 members", f->name);
    } else if (!dash(L->fenum[i])) {
      rc = fail(L, "field '%s': only enum and set fields name an enum", f->name);
    }
    if (!rc && (f->flags & RT_FIELD_COMPUTED) && !is_wide(f->type))
      rc = fail(L, "field '%s': only numeric fields can be computed", f->name);
    if (rc)
      break;
    int *slot = NULL;
    rt_type want = RT_TEXT;
    if (f->role == RT_ROLE_CLAIM_ID)
      slot = &p->f_claim_id, want = RT_TEXT;
    else if (f->role == RT_ROLE_PERSON_ID)
      slot = &p->f_person_id, want = RT_RESIDENT_ID;
    else if (f->role == RT_ROLE_CLAIM_DATE)
      slot = &p->f_claim_date, want = RT_DATE;
    if (slot) {
      /* Limits and the ledger cannot do without these three values. */
      if (!(f->flags & RT_FIELD_REQUIRED))
        rc = fail(L, "field '%s': a field with a role must be required", f->name);
      else if (*slot >= 0)
        rc = fail(L, "two fields have the role of field '%s'", f->name);
      else if (f->type != want && !(f->role == RT_ROLE_PERSON_ID && f->type == RT_TEXT))
        rc = fail(L, "field '%s': its role needs type %s", f->name, type_names[want]);
      *slot = i;
    }
  }
  rti_strmap_free(&enames);
  if (rc)
    return rc;
  if (p->f_claim_id < 0 || p->f_person_id < 0 || p->f_claim_date < 0)
    return fail(L, "the claim_id, person_id and claim_date roles are all required");

  for (int i = 0; i < p->n_symbols; i++)
    if (rti_strmap_put(&pi->symbols, p->symbols[i], strlen(p->symbols[i]), i))
      return fail(L, "symbol '%s' declared twice", p->symbols[i]);

  if (p->n_benefits > 64)
    return fail(L, "%d benefits: at most 64 are supported (limits and the ledger "
                "keep one bit per benefit)", p->n_benefits);
  for (int i = 0; i < p->n_benefits; i++)
    if (rti_strmap_put(&pi->benefits, p->benefits[i].name, strlen(p->benefits[i].name), i))
      return fail(L, "benefit '%s' declared twice", p->benefits[i].name);
  rt_strmap names = {0};
  for (int i = 0; i < p->n_rules && !rc; i++) {
    if (rti_strmap_put(&names, p->rules[i].name, strlen(p->rules[i].name), i))
      rc = fail(L, "rule '%s' declared twice", p->rules[i].name);
    else if (p->rules[i].benefit >= p->n_benefits)
      rc = fail(L, "rule '%s': benefit index %d out of range", p->rules[i].name,
                p->rules[i].benefit);
  }
  rti_strmap_free(&names);
  if (rc)
    return rc;

  p->rule_words = (p->n_rules + 63) / 64;
  p->reason_words = (p->n_reasons + 63) / 64;
  pi->reject_mask = rti_calloc((size_t)p->reason_words, sizeof(uint64_t));
  for (int i = 0; i < p->n_reasons; i++) {
    if (rti_strmap_put(&pi->reasons, p->reasons[i].code, strlen(p->reasons[i].code), i))
      return fail(L, "reason '%s' declared twice", p->reasons[i].code);
    if (p->reasons[i].kind == RT_REASON_REJECT)
      pi->reject_mask[i / 64] |= (uint64_t)1 << (i % 64);
  }

  if (p->n_flags > 64)
    return fail(L, "%d flags: at most 64 are supported", p->n_flags);
  p->flag_words = (p->n_flags + 63) / 64;
  for (int i = 0; i < p->n_flags; i++)
    if (rti_strmap_put(&pi->flagmap, p->flags[i], strlen(p->flags[i]), i))
      return fail(L, "flag '%s' declared twice", p->flags[i]);

  if (p->n_limits > 64)
    return fail(L, "%d limits: at most 64 are supported", p->n_limits);
  pi->keyf = rti_calloc((size_t)p->n_fields, sizeof *pi->keyf);
  pi->keypos = rti_calloc((size_t)p->n_limits * 8, sizeof *pi->keypos);
  for (int i = 0; i < p->n_limits; i++) {
    rt_limit *l = &p->limits[i];
    const struct lname *ln = &L->lnames[i];
    L->line = ln->line;
    l->reason = rti_strmap_get(&pi->reasons, ln->reason, strlen(ln->reason));
    if (l->reason < 0)
      return fail(L, "limit: unknown reason '%s'", ln->reason);
    if (!dash(ln->benefit)) {
      l->benefit = rti_strmap_get(&pi->benefits, ln->benefit, strlen(ln->benefit));
      if (l->benefit < 0)
        return fail(L, "limit: unknown benefit '%s'", ln->benefit);
    }
    if (!dash(ln->flag)) {
      l->flag = rti_strmap_get(&pi->flagmap, ln->flag, strlen(ln->flag));
      if (l->flag < 0)
        return fail(L, "limit: unknown flag '%s'", ln->flag);
    }
    if (l->kind != RT_LIMIT_UNIQUE)
      continue;
    const char *s = ln->keys;
    for (;;) {
      const char *c = strchr(s, ',');
      size_t n = c ? (size_t)(c - s) : strlen(s);
      int f = rti_strmap_get(&pi->fields, s, n);
      if (f < 0)
        return fail(L, "limit: unknown field '%.*s'", (int)n, s);
      if ((n == 8 && memcmp(s, "benefits", 8) == 0) || (n == 5 && memcmp(s, "flags", 5) == 0))
        return fail(L, "limit: key field '%.*s' has the name of a ledger column", (int)n, s);
      if (l->nkeys == 8)
        return fail(L, "limit: at most 8 key fields");
      int pos = 0;
      while (pos < pi->n_keyf && pi->keyf[pos] != f)
        pos++;
      if (pos == pi->n_keyf)
        pi->keyf[pi->n_keyf++] = f;
      pi->keypos[i * 8 + l->nkeys] = pos;
      l->keys[l->nkeys++] = f;
      if (!c)
        break;
      s = c + 1;
    }
  }
  L->line = 0;

  /* Quotas: keys are symbols, so a claim's text value (a symbol index)
  ** finds its key through one array lookup. */
  pi->quota_keyof = rti_calloc((size_t)p->n_quotas, sizeof *pi->quota_keyof);
  for (int i = 0; i < p->n_quotas && !rc; i++) {
    rt_quota *q = &p->quotas[i];
    if (rti_strmap_put(&names, q->name, strlen(q->name), i)) {
      rc = fail(L, "quota '%s' declared twice", q->name);
      break;
    }
    q->field = rti_strmap_get(&pi->fields, L->qfield[i], strlen(L->qfield[i]));
    if (q->field < 0) {
      rc = fail(L, "quota '%s': unknown field '%s'", q->name, L->qfield[i]);
      break;
    }
    if (p->fields[q->field].type != RT_TEXT) {
      rc = fail(L, "quota '%s': field '%s' is not a text field", q->name, L->qfield[i]);
      break;
    }
    q->slot = p->quota_slots;
    p->quota_slots += q->n_keys + 1;
    int *keyof = rti_malloc(((size_t)p->n_symbols + 1) * sizeof *keyof);
    pi->quota_keyof[i] = keyof;
    for (int k = 0; k < p->n_symbols; k++)
      keyof[k] = -1;
    for (int k = 0; k < q->n_keys && !rc; k++) {
      int sym = rti_strmap_get(&pi->symbols, q->keys[k], strlen(q->keys[k]));
      if (sym < 0)
        rc = fail(L, "quota '%s': key '%s' is not in the symbol table", q->name, q->keys[k]);
      else if (keyof[sym] >= 0)
        rc = fail(L, "quota '%s': key '%s' listed twice", q->name, q->keys[k]);
      else
        keyof[sym] = k, q->key_sym[k] = sym;
    }
  }
  rti_strmap_free(&names);
  if (rc)
    return rc;

  /* Defaults last: parsing them needs the member and symbol tables. */
  pi->defval = rti_calloc((size_t)p->n_fields, sizeof *pi->defval);
  for (int i = 0; i < p->n_fields; i++) {
    rt_field *f = &p->fields[i];
    if (!f->has_default)
      continue;
    int code = rti_parse(p, i, f->default_text, strlen(f->default_text), &pi->defval[i]);
    if (code != RC_OK)
      return fail(L, "field '%s': default '%s' is invalid (%s)", f->name,
                  f->default_text, rti_code_names[code]);
  }
  return 0;
}

static int decode(loader *L, const char *d)
{
  const char *s = d;
  const char *nl = strchr(s, '\n');
  const char *e = nl ? nl : s + strlen(s);
  char *tok[MAX_TOKENS];
  int n = 0;

  L->line = 1;
  /* Header: "polis-descriptor" and the format version, space or TAB. */
  static const char magic[] = "polis-descriptor";
  size_t ml = sizeof magic - 1;
  if ((size_t)(e - s) <= ml || memcmp(s, magic, ml) != 0 ||
      (s[ml] != ' ' && s[ml] != '\t'))
    return fail(L, "not a Polis descriptor (no 'polis-descriptor' header)");
  {
    char ver[16];
    size_t vl = (size_t)(e - s) - ml - 1;
    if (vl == 0 || vl >= sizeof ver)
      return fail(L, "bad descriptor version");
    memcpy(ver, s + ml + 1, vl);
    ver[vl] = 0;
    int64_t v;
    if (!parse_i64(ver, &v))
      return fail(L, "bad descriptor version '%s'", ver);
    if (v != RT_ABI_VERSION)
      return fail(L, "descriptor format version %s, this runtime reads version %d",
                  ver, RT_ABI_VERSION);
  }
  while (nl) {
    s = nl + 1;
    L->line++;
    nl = strchr(s, '\n');
    e = nl ? nl : s + strlen(s);
    if (L->have_end) {
      if (e != s)
        return fail(L, "text after 'end'");
      continue;
    }
    if (e == s) {
      if (!nl)
        break;
      return fail(L, "empty line");
    }
    if (tokenize(L, s, e, tok, &n) || record(L, tok, n))
      return -1;
  }
  if (!L->have_end) {
    L->line = 0;
    return fail(L, "missing 'end' record (truncated descriptor?)");
  }
  return finish(L);
}

rt_policy *rt_policy_load(const rt_entry *entry, char *err, size_t errlen)
{
  loader L;
  memset(&L, 0, sizeof L);
  L.err = err;
  L.errlen = errlen;
  if (err && errlen)
    err[0] = 0;
  if (!entry || !entry->descriptor) {
    fail(&L, "the policy entry has no descriptor");
    return NULL;
  }
  if (entry->abi_version != RT_ABI_VERSION) {
    fail(&L, "policy built for runtime ABI %u, this runtime implements ABI %d",
         (unsigned)entry->abi_version, RT_ABI_VERSION);
    return NULL;
  }
  if (!entry->eval) {
    fail(&L, "the policy entry has no evaluator");
    return NULL;
  }

  rt_policy *p = rti_calloc(1, sizeof *p);
  rti_policy *pi = rti_calloc(1, sizeof *pi);
  p->internal = pi;
  p->eval = entry->eval;
  p->f_claim_id = p->f_person_id = p->f_claim_date = -1;
  /* Unescaping never lengthens a token and each token gives up at least
  ** its separator for the NUL, so the descriptor's size is enough. */
  pi->arena = rti_malloc(strlen(entry->descriptor) + 2);
  L.ap = pi->arena;
  L.p = p;
  L.pi = pi;

  int rc = decode(&L, entry->descriptor);
  free(L.memcap);
  free(L.fenum);
  free(L.lnames);
  free(L.qfield);
  free(L.qcap);
  if (rc) {
    rt_policy_free(p);
    return NULL;
  }
  return p;
}

void rt_policy_free(rt_policy *p)
{
  if (!p)
    return;
  rti_policy *pi = p->internal;
  for (int i = 0; i < p->n_enums; i++) {
    free(p->enums[i].members);
    free(p->enums[i].labels);
    if (pi && pi->members)
      rti_strmap_free(&pi->members[i]);
  }
  free(p->enums);
  free(p->fields);
  free(p->symbols);
  free(p->benefits);
  free(p->rules);
  free(p->reasons);
  free(p->limits);
  free(p->flags);
  for (int i = 0; i < p->n_quotas; i++) {
    free(p->quotas[i].keys);
    free(p->quotas[i].key_sym);
    free(p->quotas[i].planned);
    if (pi && pi->quota_keyof)
      free(pi->quota_keyof[i]);
  }
  free(p->quotas);
  free(p->tables);
  if (pi) {
    free(pi->quota_keyof);
    rti_strmap_free(&pi->benefits);
    rti_strmap_free(&pi->flagmap);
    free(pi->members);
    rti_strmap_free(&pi->fields);
    rti_strmap_free(&pi->reasons);
    rti_strmap_free(&pi->symbols);
    free(pi->defval);
    free(pi->reject_mask);
    free(pi->keyf);
    free(pi->keypos);
    free(pi->arena);
    free(pi);
  }
  free(p);
}

int rt_policy_find_field(const rt_policy *p, const char *name)
{
  return p && name ? rti_strmap_get(&rti_pol(p)->fields, name, strlen(name)) : -1;
}

int rt_policy_find_reason(const rt_policy *p, const char *code)
{
  return p && code ? rti_strmap_get(&rti_pol(p)->reasons, code, strlen(code)) : -1;
}
