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
  int cap_reasons, cap_limits;
  int cap_memcap, cap_fenum, cap_lkeys, cap_lreason; /* side arrays */
  int *memcap;              /* per enum: capacity of members[] */
  char **fenum;             /* per field: its ENUM token, resolved at the end */
  char **lkeys, **lreason;  /* per limit: FIELD,FIELD and REASON_CODE */
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
  GROW(L->lkeys, p->n_limits, L->cap_lkeys);
  GROW(L->lreason, p->n_limits, L->cap_lreason);
  rt_limit *l = &p->limits[p->n_limits];
  memset(l, 0, sizeof *l);
  L->lkeys[p->n_limits] = NULL;
  L->lreason[p->n_limits] = t[3];
  p->n_limits++;
  l->cite = opt(t[4]);
  l->reason = -1;
  if (strcmp(t[1], "per_year") == 0) {
    l->kind = RT_LIMIT_PER_YEAR;
    if (!parse_i64(t[2], &l->n) || l->n < 0)
      return fail(L, "limit per_year: bad count '%s'", t[2]);
  } else if (strcmp(t[1], "unique") == 0) {
    l->kind = RT_LIMIT_UNIQUE;
    L->lkeys[p->n_limits - 1] = t[2];
  } else {
    return fail(L, "unknown limit kind '%s'", t[1]);
  }
  return 0;
}

/* One record.  t[0] is the kind; counts include it. */
static int record(loader *L, char **t, int n)
{
  static const struct {
    const char *kind;
    int ntok;
  } kinds[] = {{"policy", 8}, {"enum", 3},    {"member", 3}, {"field", 10},
               {"symbol", 2}, {"benefit", 4}, {"rule", 6},   {"reason", 5},
               {"limit", 5},  {"end", 1}};
  rt_policy *p = L->p;
  const char *kind = NULL;
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
    if (strcmp(t[0], kinds[i].kind) == 0) {
      kind = kinds[i].kind;
      if (n != kinds[i].ntok)
        return fail(L, "a '%s' record has %d fields, expected %d", kind,
                    n - 1, kinds[i].ntok - 1);
    }
  if (!kind)
    return fail(L, "unknown record kind '%s'", t[0]);
  const char *prev = L->last_kind;
  L->last_kind = kind;

  switch (t[0][0]) {
  case 'p':
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
    if (check_date_or_empty(L, t[5], "ISSUED") ||
        check_date_or_empty(L, t[6], "EFFECTIVE_FROM") ||
        check_date_or_empty(L, t[7], "EFFECTIVE_TO"))
      return -1;
    return 0;
  case 'e':
    if (kind[1] == 'n' && kind[2] == 'd') {
      L->have_end = 1;
      return 0;
    }
    GROW(p->enums, p->n_enums, L->cap_enums);
    GROW(L->memcap, p->n_enums, L->cap_memcap);
    memset(&p->enums[p->n_enums], 0, sizeof p->enums[0]);
    p->enums[p->n_enums].name = t[1];
    p->enums[p->n_enums].label = opt(t[2]);
    L->memcap[p->n_enums] = 0;
    p->n_enums++;
    return 0;
  case 'm': {
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
  case 'f':
    return rec_field(L, t);
  case 's':
    GROW(p->symbols, p->n_symbols, L->cap_symbols);
    p->symbols[p->n_symbols++] = t[1];
    return 0;
  case 'b': {
    GROW(p->benefits, p->n_benefits, L->cap_benefits);
    rt_benefit *b = &p->benefits[p->n_benefits++];
    b->name = t[1];
    b->label = opt(t[2]);
    b->cite = opt(t[3]);
    return 0;
  }
  case 'r':
    if (kind[2] == 'l') { /* rule */
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
    } else { /* reason */
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
  case 'l':
    return rec_limit(L, t);
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

  rt_strmap names = {0};
  for (int i = 0; i < p->n_benefits && !rc; i++)
    if (rti_strmap_put(&names, p->benefits[i].name, strlen(p->benefits[i].name), i))
      rc = fail(L, "benefit '%s' declared twice", p->benefits[i].name);
  rti_strmap_free(&names);
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

  if (p->n_limits > 64)
    return fail(L, "at most 64 limits are supported");
  pi->keyf = rti_calloc((size_t)p->n_fields, sizeof *pi->keyf);
  pi->keypos = rti_calloc((size_t)p->n_limits * 8, sizeof *pi->keypos);
  for (int i = 0; i < p->n_limits; i++) {
    rt_limit *l = &p->limits[i];
    l->reason = rti_strmap_get(&pi->reasons, L->lreason[i], strlen(L->lreason[i]));
    if (l->reason < 0)
      return fail(L, "limit %d: unknown reason '%s'", i, L->lreason[i]);
    if (l->kind != RT_LIMIT_UNIQUE)
      continue;
    const char *s = L->lkeys[i];
    for (;;) {
      const char *c = strchr(s, ',');
      size_t n = c ? (size_t)(c - s) : strlen(s);
      int f = rti_strmap_get(&pi->fields, s, n);
      if (f < 0)
        return fail(L, "limit %d: unknown field '%.*s'", i, (int)n, s);
      if (l->nkeys == 8)
        return fail(L, "limit %d: at most 8 key fields", i);
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
  free(L.lkeys);
  free(L.lreason);
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
  if (pi) {
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
