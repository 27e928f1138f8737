/* descriptor.c — write the descriptor text of docs/descriptor.md. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cg.h"

typedef struct sbuf {
  char *s;
  size_t n, cap;
} sbuf;

static void put(sbuf *b, const char *s, size_t n)
{
  if (b->n + n + 1 > b->cap) {
    b->cap = (b->n + n + 1) * 2;
    b->s = realloc(b->s, b->cap);
  }
  memcpy(b->s + b->n, s, n);
  b->n += n;
  b->s[b->n] = 0;
}

static void puts_(sbuf *b, const char *s) { put(b, s, strlen(s)); }

/* A tab, then the field escaped ("-" when absent and absent_dash). */
static void fld(sbuf *b, const char *s, int absent_dash)
{
  put(b, "\t", 1);
  if (!s) {
    if (absent_dash)
      put(b, "-", 1);
    return;
  }
  for (; *s; s++) {
    if (*s == '\t')
      puts_(b, "\\t");
    else if (*s == '\n')
      puts_(b, "\\n");
    else if (*s == '\\')
      puts_(b, "\\\\");
    else
      put(b, s, 1);
  }
}

static const char *date_text(sema_model *m, int has, int64_t d)
{
  if (!has)
    return "";
  int64_t y;
  unsigned mo, dd;
  rt_civil_from_days(d, &y, &mo, &dd);
  return arena_printf(m->A, "%04lld-%02u-%02u", (long long)y, mo, dd);
}

static const char *rtt_name(rt_type t)
{
  static const char *const n[] = {"?", "bool", "int", "money", "percent", "date", "days",
                                  "enum", "set", "text", "resident_id"};
  return (unsigned)t <= RT_RESIDENT_ID ? n[t] : "?";
}

char *cg_descriptor(sema_model *m)
{
  sbuf b = {0};
  puts_(&b, "polis-descriptor 2\n");
  ast_item *p = m->policy;
  puts_(&b, "policy");
  fld(&b, p ? p->name : "schema", 0);
  fld(&b, p ? p->label : NULL, 0);
  fld(&b, p ? p->source : NULL, 0);
  fld(&b, m->source_hash, 0);
  fld(&b, p ? date_text(m, p->has_issued, p->issued) : "", 0);
  fld(&b, p ? date_text(m, p->has_effective, p->eff_from) : "", 0);
  fld(&b, p ? date_text(m, p->has_effective, p->eff_to) : "", 0);
  fld(&b, p ? p->city : NULL, 0);
  puts_(&b, "\n");
  for (int i = 0; i < m->enums.n; i++) {
    sema_enum *e = m->enums.v[i];
    puts_(&b, "enum");
    fld(&b, e->name, 0);
    fld(&b, e->label, 0);
    puts_(&b, "\n");
    for (int k = 0; k < e->members.n; k++) {
      ast_member *mb = e->members.v[k];
      puts_(&b, "member");
      fld(&b, mb->name, 0);
      fld(&b, mb->label, 0);
      puts_(&b, "\n");
    }
  }
  char num[64];
  for (int i = 0; i < m->fields.n; i++) {
    sema_field *f = m->fields.v[i];
    puts_(&b, "field");
    fld(&b, f->name, 0);
    fld(&b, f->label, 0);
    fld(&b, rtt_name(f->rtt), 0);
    fld(&b, (f->type.k == TY_ENUM || f->type.k == TY_SET) ? ((sema_enum *)m->enums.v[f->type.en])->name : NULL, 1);
    const char *flags = (f->flags & RT_FIELD_REQUIRED) && (f->flags & RT_FIELD_COMPUTED) ? "required,computed"
                        : (f->flags & RT_FIELD_REQUIRED) ? "required"
                        : (f->flags & RT_FIELD_COMPUTED) ? "computed" : NULL;
    fld(&b, flags, 1);
    static const char *const roles[] = {NULL, "claim_id", "person_id", "claim_date"};
    fld(&b, roles[f->role], 1);
    fld(&b, f->default_text, 1);
    snprintf(num, sizeof num, "%lld", (long long)f->min);
    fld(&b, f->has_min ? num : NULL, 1);
    snprintf(num, sizeof num, "%lld", (long long)f->max);
    fld(&b, f->has_max ? num : NULL, 1);
    puts_(&b, "\n");
  }
  for (int i = 0; i < m->symbols.n; i++) {
    puts_(&b, "symbol");
    fld(&b, m->symbols.v[i], 0);
    puts_(&b, "\n");
  }
  for (int i = 0; i < m->benefits.n; i++) {
    sema_benefit *bf = m->benefits.v[i];
    puts_(&b, "benefit");
    fld(&b, bf->item->name, 0);
    fld(&b, bf->item->label, 0);
    fld(&b, bf->cite, 0);
    puts_(&b, "\n");
  }
  for (int i = 0; i < m->rules.n; i++) {
    sema_rule *r = m->rules.v[i];
    puts_(&b, "rule");
    fld(&b, r->ast->name, 0);
    fld(&b, r->ast->label, 0);
    fld(&b, r->cite, 0);
    snprintf(num, sizeof num, "%d", r->benefit);
    fld(&b, num, 0);
    fld(&b, r->ast->payee == RT_PAYEE_PERSON ? "person" : "organizer", 0);
    puts_(&b, "\n");
  }
  for (int i = 0; i < m->reasons.n; i++) {
    sema_reason *r = m->reasons.v[i];
    puts_(&b, "reason");
    fld(&b, r->code, 0);
    fld(&b, r->kind == RT_REASON_REJECT ? "reject" : r->kind == RT_REASON_DENY ? "deny" : "info", 0);
    fld(&b, r->message, 0);
    fld(&b, r->cite, 0);
    puts_(&b, "\n");
  }
  for (int i = 0; i < m->flags.n; i++) {
    puts_(&b, "flag");
    fld(&b, ((sema_flag *)m->flags.v[i])->name, 0);
    puts_(&b, "\n");
  }
  for (int i = 0; i < m->limits.n; i++) {
    sema_limit *l = m->limits.v[i];
    puts_(&b, "limit");
    if (l->kind == LIM_COUNT) {
      fld(&b, "count", 0);
      snprintf(num, sizeof num, "%lld", (long long)l->n);
      fld(&b, num, 0);
    } else {
      fld(&b, "unique", 0);
      char keys[512] = "";
      size_t k = 0;
      for (int j = 0; j < l->nkeys; j++)
        k += (size_t)snprintf(keys + k, sizeof keys - k, "%s%s", j ? "," : "",
                              ((sema_field *)m->fields.v[l->keys[j]])->name);
      fld(&b, keys, 0);
    }
    fld(&b, l->per_year ? "year" : "ever", 0);
    fld(&b, l->benefit >= 0 ? ((sema_benefit *)m->benefits.v[l->benefit])->item->name : NULL, 1);
    fld(&b, l->flag >= 0 ? ((sema_flag *)m->flags.v[l->flag])->name : NULL, 1);
    fld(&b, ((sema_reason *)m->reasons.v[l->reason])->code, 0);
    fld(&b, l->cite, 0);
    puts_(&b, "\n");
  }
  for (int i = 0; i < m->quotas.n; i++) {
    sema_quota *q = m->quotas.v[i];
    if (q->field < 0)
      continue;
    puts_(&b, "quota");
    fld(&b, q->item->name, 0);
    fld(&b, q->item->label, 0);
    fld(&b, ((sema_field *)m->fields.v[q->field])->name, 0);
    snprintf(num, sizeof num, "%lld", (long long)q->item->year);
    fld(&b, num, 0);
    fld(&b, q->cite, 0);
    puts_(&b, "\n");
    for (int k = 0; k < q->item->assigns.n; k++) {
      ast_assign *a = q->item->assigns.v[k];
      puts_(&b, "quota_key");
      fld(&b, a->name, 0);
      snprintf(num, sizeof num, "%lld", (long long)a->value->ival);
      fld(&b, num, 0);
      puts_(&b, "\n");
    }
  }
  for (int i = 0; i < m->tables.n; i++) {
    sema_table *t = m->tables.v[i];
    puts_(&b, "table");
    fld(&b, t->item->name, 0);
    fld(&b, t->item->label, 0);
    fld(&b, t->item->path, 0);
    fld(&b, t->sha, 0);
    snprintf(num, sizeof num, "%d", t->rows.n);
    fld(&b, num, 0);
    puts_(&b, "\n");
  }
  puts_(&b, "end\n");
  return b.s;
}
