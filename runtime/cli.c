/*
** cli.c — the `score` command line and the main() of a stand-alone
** per-city executable.
**
** Exit status everywhere: 0 success, 1 input/output (or policy) error,
** 2 usage error.
*/
#include "rt_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static void score_usage(FILE *f, const char *prog)
{
  fprintf(f,
    "Usage: %s --claims FILE [-o FILE] [--ledger FILE] [--quota-report FILE]\n"
    "       [--quiet] [--progress | --no-progress]\n"
    "\n"
    "Score a claims file (CSV, format claims-v1) and write one decision per\n"
    "claim, in input order: claim_id,status,person_amount,organizer_amount,\n"
    "total_amount,rules,reasons.\n"
    "\n"
    "Options:\n"
    "  --claims FILE      claims to read; '-' reads standard input (required)\n"
    "  -o, --output FILE  decisions to write (default: standard output)\n"
    "  --ledger FILE      grants of earlier runs, counted against per-person\n"
    "                     limits; read if it exists, then rewritten with this\n"
    "                     run's grants added\n"
    "  --quota-report FILE  planned against granted claims per quota key, as\n"
    "                     CSV quota,key,planned,granted\n"
    "  --quiet            print no summary on standard error\n"
    "  --progress         show the rows read so far on standard error\n"
    "  --no-progress      never show progress (default: only on a terminal)\n"
    "  -h, --help         show this help\n"
    "\n"
    "Exit status: 0 success, 1 input/output error, 2 usage error.\n",
    prog);
}

static int usage_error(const char *prog, const char *fmt, const char *arg)
{
  fprintf(stderr, "%s: error: ", prog);
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\nTry '%s --help' for more information.\n", prog);
  return 2;
}

/* Match "--name VALUE", "--name=VALUE" (and "-o VALUE", "-oVALUE" for a
** short name).  Returns 1 and sets *val on a match, -1 if the value is
** missing, 0 if argv[*i] is some other option. */
static int opt_value(int argc, char **argv, int *i, const char *name,
                     const char **val)
{
  const char *a = argv[*i];
  size_t n = strlen(name);
  if (strncmp(a, name, n) != 0)
    return 0;
  if (a[n] == 0) {
    if (*i + 1 >= argc)
      return -1;
    *val = argv[++*i];
    return 1;
  }
  if (a[n] == '=' && name[1] == '-') {
    *val = a + n + 1;
    return 1;
  }
  if (name[1] != '-') { /* -oFILE */
    *val = a + n;
    return 1;
  }
  return 0;
}

int rt_score_main(const rt_policy *p, const char *prog, int argc, char **argv)
{
  rt_score_opts o = {NULL, NULL, NULL, 0, -1, NULL, NULL};
  int have_claims = 0;
  if (!prog)
    prog = argc > 0 && argv[0] ? argv[0] : "score";

  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    static const struct {
      const char *name;
      int which;
    } vopts[] = {{"--claims", 0}, {"--output", 1}, {"-o", 1}, {"--ledger", 2},
                 {"--quota-report", 3}};
    int matched = 0;
    for (size_t k = 0; k < sizeof vopts / sizeof vopts[0] && !matched; k++) {
      const char *v = NULL;
      int r = opt_value(argc, argv, &i, vopts[k].name, &v);
      if (r < 0)
        return usage_error(prog, "option '%s' needs a value", a);
      if (r == 0)
        continue;
      if (!*v)
        return usage_error(prog, "option '%s' needs a non-empty value", a);
      matched = 1;
      if (vopts[k].which == 0)
        o.claims_path = v, have_claims = 1;
      else if (vopts[k].which == 1)
        o.out_path = v;
      else if (vopts[k].which == 2)
        o.ledger_path = v;
      else
        o.quota_report_path = v;
    }
    if (matched)
      continue;
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      score_usage(stdout, prog);
      return 0;
    } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
      o.quiet = 1;
    } else if (strcmp(a, "--progress") == 0) {
      o.progress = 1;
    } else if (strcmp(a, "--no-progress") == 0) {
      o.progress = 0;
    } else if (a[0] == '-' && a[1]) {
      return usage_error(prog, "unknown option '%s'", a);
    } else {
      return usage_error(prog, "unexpected argument '%s' (the claims file goes after --claims)", a);
    }
  }
  if (!have_claims)
    return usage_error(prog, "%s", "missing --claims FILE");
  if (!p) {
    fprintf(stderr, "%s: error: no policy loaded\n", prog);
    return 1;
  }
  if (o.out_path && o.claims_path && strcmp(o.out_path, "-") != 0 &&
      strcmp(o.out_path, o.claims_path) == 0)
    return usage_error(prog, "the output '%s' would overwrite the claims", o.out_path);
  if (o.quota_report_path) {
    const char *q = o.quota_report_path;
    int q_stdout = strcmp(q, "-") == 0;
    if (q_stdout && (!o.out_path || strcmp(o.out_path, "-") == 0))
      return usage_error(prog, "%s", "the quota report and the decisions cannot both go to standard output");
    if (!q_stdout && ((o.claims_path && strcmp(q, o.claims_path) == 0) ||
                      (o.out_path && strcmp(q, o.out_path) == 0) ||
                      (o.ledger_path && strcmp(q, o.ledger_path) == 0)))
      return usage_error(prog, "the quota report '%s' would overwrite another file", q);
  }
  return rt_score(p, &o, NULL) ? 1 : 0;
}

/* ---- Stand-alone executable -------------------------------------------- */

static const char *const kind_names[] = {"", "reject", "deny", "info"};

static const char *type_name(rt_type t)
{
  static const char *const n[] = {"?", "bool", "int", "money", "percent", "date",
                                  "days", "enum", "set", "text", "resident_id"};
  return t >= RT_BOOL && t <= RT_RESIDENT_ID ? n[t] : "?";
}

static void bound(rt_buf *b, const rt_field *fd, int64_t v)
{
  char buf[40];
  if (fd->type == RT_MONEY || fd->type == RT_PERCENT) {
    rt_format_fen(v, buf);
    rti_buf_adds(b, buf);
    if (fd->type == RT_PERCENT)
      rti_buf_addc(b, '%');
    return;
  }
  if (fd->type == RT_DATE) {
    int64_t y;
    unsigned m, d;
    rt_civil_from_days(v, &y, &m, &d);
    snprintf(buf, sizeof buf, "%04lld-%02u-%02u", (long long)y, m, d);
  } else {
    snprintf(buf, sizeof buf, "%lld", (long long)v);
  }
  rti_buf_adds(b, buf);
}

/* printf into a buffer. */
static void bprintf(rt_buf *b, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n <= 0)
    return;
  rti_buf_grow(b, (size_t)n + 1);
  va_start(ap, fmt);
  vsnprintf(b->p + b->n, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->n += (size_t)n;
}

static void describe(const rt_policy *p, rt_buf *f)
{
  bprintf(f, "policy      %s\n", p->name);
  if (*p->title)
    bprintf(f, "title       %s\n", p->title);
  if (*p->source_doc)
    bprintf(f, "document    %s\n", p->source_doc);
  if (*p->source_hash)
    bprintf(f, "sha256      %s\n", p->source_hash);
  if (*p->issued)
    bprintf(f, "issued      %s\n", p->issued);
  if (*p->effective_from)
    bprintf(f, "in force    from %s\n", p->effective_from);
  if (*p->effective_to)
    bprintf(f, "in force    until %s\n", p->effective_to);
  if (*p->city)
    bprintf(f, "city        %s\n", p->city);
  bprintf(f, "runtime ABI %d\n", RT_ABI_VERSION);

  bprintf(f, "\nclaims columns:\n");
  for (int i = 0; i < p->n_fields; i++) {
    const rt_field *fd = &p->fields[i];
    char ty[96];
    if (fd->enum_idx >= 0)
      snprintf(ty, sizeof ty, "%s %s", type_name(fd->type), p->enums[fd->enum_idx].name);
    else
      snprintf(ty, sizeof ty, "%s", type_name(fd->type));
    rt_buf b = {0};
    char tmp[160];
    snprintf(tmp, sizeof tmp, "  %-24s %-22s", fd->name, ty);
    rti_buf_adds(&b, tmp);
    if (fd->flags & RT_FIELD_REQUIRED)
      rti_buf_adds(&b, " required");
    if (fd->flags & RT_FIELD_COMPUTED)
      rti_buf_adds(&b, " computed");
    if (fd->has_default) {
      rti_buf_adds(&b, " default=");
      rti_buf_adds(&b, fd->default_text);
    }
    if (fd->has_min) {
      rti_buf_adds(&b, " min=");
      bound(&b, fd, fd->min);
    }
    if (fd->has_max) {
      rti_buf_adds(&b, " max=");
      bound(&b, fd, fd->max);
    }
    if (*fd->label) {
      rti_buf_adds(&b, "  ");
      rti_buf_adds(&b, fd->label);
    }
    while (b.n && b.p[b.n - 1] == ' ')
      b.n--;
    rti_buf_add(f, b.p, b.n);
    rti_buf_addc(f, '\n');
    rti_buf_free(&b);
  }

  if (p->n_enums)
    bprintf(f, "\nenums:\n");
  for (int i = 0; i < p->n_enums; i++) {
    const rt_enum *e = &p->enums[i];
    bprintf(f, "  %s%s%s:\n", e->name, *e->label ? "  " : "", e->label);
    for (int k = 0; k < e->n; k++)
      if (*e->labels[k])
        bprintf(f, "    %-30s %s\n", e->members[k], e->labels[k]);
      else
        bprintf(f, "    %s\n", e->members[k]);
  }

  bprintf(f, "\nbenefits and rules:\n");
  for (int b = 0; b < p->n_benefits; b++) {
    const rt_benefit *be = &p->benefits[b];
    bprintf(f, "  %s%s%s\n", be->name, *be->label ? "  " : "", be->label);
    if (*be->cite)
      bprintf(f, "      cite: %s\n", be->cite);
    for (int r = 0; r < p->n_rules; r++) {
      const rt_rule *ru = &p->rules[r];
      if (ru->benefit != b)
        continue;
      bprintf(f, "    rule %s (pays the %s)%s%s\n", ru->name,
              ru->payee == RT_PAYEE_PERSON ? "person" : "organizer",
              *ru->label ? "  " : "", ru->label);
      if (*ru->cite)
        bprintf(f, "        cite: %s\n", ru->cite);
    }
  }

  bprintf(f, "\nreasons:\n");
  for (int i = 0; i < p->n_reasons; i++) {
    const rt_reason *r = &p->reasons[i];
    const char *kind = r->kind >= 1 && r->kind <= 3 ? kind_names[r->kind] : "?";
    if (*r->message)
      bprintf(f, "  %-32s %-6s %s\n", r->code, kind, r->message);
    else
      bprintf(f, "  %-32s %s\n", r->code, kind);
    if (*r->cite)
      bprintf(f, "      cite: %s\n", r->cite);
  }

  if (p->n_flags) {
    bprintf(f, "\nflags (conditions of limits):\n");
    for (int i = 0; i < p->n_flags; i++)
      bprintf(f, "  %s\n", p->flags[i]);
  }

  if (p->n_limits)
    bprintf(f, "\nlimits (per person, in order of claim_date, claim_id):\n");
  for (int i = 0; i < p->n_limits; i++) {
    const rt_limit *l = &p->limits[i];
    if (l->kind == RT_LIMIT_COUNT) {
      bprintf(f, "  at most %lld granted claim%s%s", (long long)l->n, l->n == 1 ? "" : "s",
              l->period == RT_PERIOD_YEAR ? " a calendar year" : " ever");
    } else {
      rti_buf_adds(f, "  no two granted claims with equal ");
      for (int k = 0; k < l->nkeys; k++)
        bprintf(f, "%s%s", k ? " + " : "", p->fields[l->keys[k]].name);
      if (l->period == RT_PERIOD_YEAR)
        rti_buf_adds(f, " in one calendar year");
    }
    if (l->benefit >= 0)
      bprintf(f, ", for benefit %s", p->benefits[l->benefit].name);
    if (l->flag >= 0)
      bprintf(f, ", while %s", p->flags[l->flag]);
    bprintf(f, " -> %s\n", p->reasons[l->reason].code);
    if (*l->cite)
      bprintf(f, "      cite: %s\n", l->cite);
  }

  if (p->n_quotas)
    bprintf(f, "\nquotas (reporting only):\n");
  for (int i = 0; i < p->n_quotas; i++) {
    const rt_quota *q = &p->quotas[i];
    bprintf(f, "  %s%s%s, %lld, by %s\n", q->name, *q->label ? "  " : "", q->label,
            (long long)q->year, p->fields[q->field].name);
    if (*q->cite)
      bprintf(f, "      cite: %s\n", q->cite);
    for (int k = 0; k < q->n_keys; k++)
      bprintf(f, "    %-30s %lld\n", q->keys[k], (long long)q->planned[k]);
  }

  if (p->n_tables)
    bprintf(f, "\ntables:\n");
  for (int i = 0; i < p->n_tables; i++) {
    const rt_table *t = &p->tables[i];
    bprintf(f, "  %s%s%s, %lld rows", t->name, *t->label ? "  " : "", t->label,
            (long long)t->rows);
    if (*t->file)
      bprintf(f, ", from %s", t->file);
    rti_buf_addc(f, '\n');
    if (*t->sha256)
      bprintf(f, "      sha256: %s\n", t->sha256);
  }
}

static void exe_usage(FILE *f, const char *prog, const rt_policy *p)
{
  if (p)
    fprintf(f, "%s: %s%s%s\n\n", prog, p->name, *p->title ? " — " : "", p->title);
  fprintf(f,
    "Usage: %s score --claims FILE [-o FILE] [--ledger FILE] [options]\n"
    "       %s describe\n"
    "       %s --help | --version\n"
    "\n"
    "Commands:\n"
    "  score      score a claims file; '%s score --help' lists its options\n"
    "  describe   print the policy: source document, claims columns, benefits,\n"
    "             rules, reasons, limits, quotas and tables\n"
    "\n"
    "Exit status: 0 success, 1 input/output error, 2 usage error.\n",
    prog, prog, prog, prog);
}

int rt_exe_main(const rt_entry *entry, int argc, char **argv)
{
  const char *prog = argc > 0 && argv[0] && *argv[0] ? argv[0] : "policy";
  const char *slash = strrchr(prog, '/');
  char err[512];
  if (slash && slash[1])
    prog = slash + 1;

  rt_policy *p = rt_policy_load(entry, err, sizeof err);
  if (!p) {
    fprintf(stderr, "%s: error: cannot load the compiled policy: %s\n", prog, err);
    return 1;
  }
  int rc;
  if (argc < 2) {
    exe_usage(stderr, prog, p);
    rc = 2;
  } else if (strcmp(argv[1], "score") == 0) {
    size_t n = strlen(prog) + 7;
    char *sub = rti_malloc(n);
    snprintf(sub, n, "%s score", prog);
    rc = rt_score_main(p, sub, argc - 1, argv + 1);
    free(sub);
  } else if (strcmp(argv[1], "describe") == 0) {
    if (argc > 2 && (strcmp(argv[2], "-h") == 0 || strcmp(argv[2], "--help") == 0)) {
      printf("Usage: %s describe\n\nPrint what the compiled policy contains.\n", prog);
      rc = 0;
    } else if (argc > 2) {
      rc = usage_error(prog, "describe takes no arguments (got '%s')", argv[2]);
    } else {
      /* One write: a reader that stops early (| grep -q) cannot make
      ** a later chunk fail. */
      rt_buf b = {0};
      describe(p, &b);
      rc = fwrite(b.p, 1, b.n, stdout) == b.n && fflush(stdout) == 0 ? 0 : 1;
      rti_buf_free(&b);
    }
  } else if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
             strcmp(argv[1], "help") == 0) {
    exe_usage(stdout, prog, p);
    rc = 0;
  } else if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
    printf("%s: policy %s", prog, p->name);
    if (*p->source_hash)
      printf(", source sha256 %s", p->source_hash);
    printf(", Polis runtime ABI %d\n", RT_ABI_VERSION);
    rc = 0;
  } else if (argv[1][0] == '-') {
    rc = usage_error(prog, "unknown option '%s'", argv[1]);
  } else {
    rc = usage_error(prog, "unknown command '%s'", argv[1]);
  }
  rt_policy_free(p);
  return rc;
}
