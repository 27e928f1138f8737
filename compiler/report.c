/*
** report.c — `polis compare` reports as text, CSV, JSON and Markdown.
**
** Every format carries the same facts (docs/report.md): the policies, a
** summary per city, benefits, person groups, reasons and quotas, the pairs
** of cities with the claims they decide differently, the difference groups
** of each pair, and the static sheet.  Money is integer fen throughout;
** only percentages for display are computed, and those in integers too.
*/
#include "report.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- Shared helpers ---------------------------------------------------- */

const char *report_city(const rt_policy *p)
{
  return p->city && *p->city ? p->city : p->name;
}

char *report_yuan(int64_t fen, int sep, char *buf)
{
  char plain[32];
  rt_format_fen(fen, plain);
  if (!sep) {
    strcpy(buf, plain);
    return buf;
  }
  const char *s = plain;
  char *o = buf;
  if (*s == '-')
    *o++ = *s++;
  size_t ndig = strcspn(s, ".");
  for (size_t i = 0; i < ndig; i++) {
    if (i && (ndig - i) % 3 == 0)
      *o++ = ',';
    *o++ = s[i];
  }
  strcpy(o, s + ndig);
  return buf;
}

char *report_pct(int64_t n, int64_t d, char *buf)
{
  if (d <= 0) {
    strcpy(buf, "-");
    return buf;
  }
  int64_t tenths = (n * 1000 + d / 2) / d;
  snprintf(buf, 32, "%lld.%lld%%", (long long)(tenths / 10), (long long)(tenths % 10));
  return buf;
}

char *report_vstrf(const char *fmt, va_list ap)
{
  va_list aq;
  va_copy(aq, ap);
  int n = vsnprintf(NULL, 0, fmt, aq);
  va_end(aq);
  char *s = malloc((size_t)(n < 0 ? 0 : n) + 1);
  if (!s)
    abort();
  vsnprintf(s, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
  return s;
}

char *report_strf(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  char *s = report_vstrf(fmt, ap);
  va_end(ap);
  return s;
}

/* The runtime's own reason codes (the reader's, optionally ":FIELD", and
** the scorer's no_rule_applies) are in no policy: explain them here.  They
** have no citation: they come from the claims-v1 contract, not a document. */
static const char *const RUNTIME_CODES[][2] = {
  {"no_rule_applies", "没有适用的补贴规则 — no rule of the policy pays for this claim"},
  {"missing_required", "必填项为空 — a required cell is empty or its column is missing"},
  {"bad_bool", "无法识别的是/否值 — not a yes/no value"},
  {"bad_int", "不是整数 — not a whole number"},
  {"bad_money", "金额格式错误 — not an amount in yuan"},
  {"bad_percent", "百分比格式错误 — not a percentage"},
  {"bad_date", "日期格式错误 — not a YYYY-MM-DD date"},
  {"bad_enum", "不在取值范围内 — not one of the field's values"},
  {"out_of_range", "超出允许范围 — outside the allowed range"},
  {"bad_id_length", "身份证号码长度错误 — resident ID is not 18 characters"},
  {"bad_id_char", "身份证号码含非法字符 — resident ID has a bad character"},
  {"bad_id_checksum", "身份证号码校验码错误 — resident ID check digit is wrong"},
  {"bad_id_birth_date", "身份证号码出生日期错误 — resident ID has a bad birth date"},
  {"bad_column_count", "列数不符 — the row has the wrong number of cells"},
  {"bad_quoting", "CSV 引号错误 — broken CSV quoting"},
  {"duplicate_claim_id", "申领编号重复 — the claim_id was already used in this file"},
};

static const char *runtime_gloss(const char *code)
{
  size_t len = strcspn(code, ":");
  for (size_t i = 0; i < sizeof RUNTIME_CODES / sizeof RUNTIME_CODES[0]; i++)
    if (strlen(RUNTIME_CODES[i][0]) == len && !strncmp(code, RUNTIME_CODES[i][0], len))
      return RUNTIME_CODES[i][1];
  return "";
}

int report_items(const rt_policy *p, const char *joined, report_item **out)
{
  int n = 0;
  *out = NULL;
  if (!joined || !*joined)
    return 0;
  for (const char *s = joined; s; s = strchr(s, '|'), s = s ? s + 1 : NULL)
    n++;
  report_item *it = calloc((size_t)n, sizeof *it);
  if (!it)
    abort();
  const char *s = joined;
  for (int i = 0; i < n; i++) {
    size_t len = strcspn(s, "|");
    it[i].name = report_strf("%.*s", (int)len, s);
    if (rt_cmp_explain(p, it[i].name, &it[i].label, &it[i].cite) != 0) {
      it[i].label = runtime_gloss(it[i].name);
      it[i].cite = "";
    }
    if (!it[i].label)
      it[i].label = "";
    if (!it[i].cite)
      it[i].cite = "";
    s += len + (s[len] == '|');
  }
  *out = it;
  return n;
}

void report_items_free(report_item *it, int n)
{
  for (int i = 0; i < n; i++)
    free(it[i].name);
  free(it);
}

int report_top_reasons(const rt_cmp_city *c, int *idx)
{
  int n = 0;
  for (int k = 0; k < c->p->n_reasons; k++) {
    if (c->reason_claims[k] <= 0)
      continue;
    /* insertion sort: few reasons, and stable for ties */
    int j = n++;
    while (j > 0 && c->reason_claims[idx[j - 1]] < c->reason_claims[k]) {
      idx[j] = idx[j - 1];
      j--;
    }
    idx[j] = k;
  }
  return n;
}

int report_shown_diffs(const report_in *r, const rt_cmp_pair *pr)
{
  if (r->max_diffs < 0 || r->max_diffs > pr->ndiffs)
    return pr->ndiffs;
  return r->max_diffs;
}

/* ---- UTF-8 and display width ------------------------------------------- */

/* Decode one character; returns its length (an invalid byte is 1, U+FFFD). */
static int u8dec(const char *str, uint32_t *cp)
{
  const unsigned char *s = (const unsigned char *)str;
  uint32_t c = s[0];
  int len, i;
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  if (c >= 0xC2 && c <= 0xDF)
    len = 2, c &= 0x1F;
  else if (c >= 0xE0 && c <= 0xEF)
    len = 3, c &= 0x0F;
  else if (c >= 0xF0 && c <= 0xF4)
    len = 4, c &= 0x07;
  else
    goto bad;
  for (i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80)
      goto bad;
    c = c << 6 | (s[i] & 0x3F);
  }
  if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
      (c >= 0xD800 && c <= 0xDFFF))
    goto bad;
  *cp = c;
  return len;
bad:
  *cp = 0xFFFD;
  return 1;
}

static int cwidth(uint32_t c)
{
  if ((c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) ||
      (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x20D0 && c <= 0x20FF) ||
      (c >= 0xFE20 && c <= 0xFE2F) || (c >= 0x200B && c <= 0x200F))
    return 0;
  if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
      (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
      (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
      (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD))
    return 2;
  return 1;
}

/* Length of an ANSI CSI sequence (ESC [ ... final byte) at s, else 0. */
static int ansi_len(const char *s)
{
  if (s[0] != '\033' || s[1] != '[')
    return 0;
  int i = 2;
  while (s[i] && !(s[i] >= 0x40 && s[i] <= 0x7E))
    i++;
  return s[i] ? i + 1 : i;
}

int report_text_width(const char *s)
{
  int w = 0;
  while (*s) {
    int a = ansi_len(s);
    if (a) {
      s += a;
      continue;
    }
    uint32_t c;
    s += u8dec(s, &c);
    w += cwidth(c);
  }
  return w;
}

/* ---- Output context ---------------------------------------------------- */

typedef struct rep {
  const report_in *r;
  const rt_cmp *c;
  FILE *out;
  int color;
} rep;

static const char *status_color(int status)
{
  return status == RT_GRANTED ? "\033[32m" : status == RT_DENIED ? "\033[33m" : "\033[31m";
}

static void heading(rep *R, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void heading(rep *R, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  fputs(R->color ? "\n\033[1m" : "\n", R->out);
  vfprintf(R->out, fmt, ap);
  fputs(R->color ? "\033[0m\n" : "\n", R->out);
  va_end(ap);
}

static const char *cname(const rep *R, int i)
{
  return report_city(R->c->city[i].p);
}

static int64_t total_fen(const rt_summary *s)
{
  return s->person_fen + s->organizer_fen;
}

/* rules and reasons of one side as "a, b, c" */
static char *side_list(const rt_cmp_diff *d, int side)
{
  char *j = report_strf("%s%s%s", d->rules[side], *d->rules[side] && *d->reasons[side] ? "|" : "",
                        d->reasons[side]);
  size_t bars = 0;
  for (char *s = j; *s; s++)
    bars += *s == '|';
  char *out = malloc(strlen(j) + bars + 1), *o = out;
  if (!out)
    abort();
  for (char *s = j; *s; s++) {
    if (*s == '|')
      *o++ = ',', *o++ = ' ';
    else
      *o++ = *s;
  }
  *o = 0;
  free(j);
  return out;
}

/* "聊城市 granted [training, no_amount_for_level]" (status coloured) */
static char *side_text(rep *R, const rt_cmp_diff *d, int side, const char *city)
{
  const char *on = R->color ? status_color(d->status[side]) : "";
  const char *off = R->color ? "\033[0m" : "";
  char *list = side_list(d, side);
  char *t = report_strf("%s %s%s%s%s%s%s", city, on, rt_cmp_status(d->status[side]), off,
                        *list ? " [" : "", list, *list ? "]" : "");
  free(list);
  return t;
}

/* "Δ +¥1,200.00": what side b pays minus what side a pays. */
static char *delta_text(int64_t a, int64_t b)
{
  char m[48];
  int64_t d = b - a;
  report_yuan(d < 0 ? -d : d, 1, m);
  return report_strf("Δ %s¥%s", d < 0 ? "-" : d > 0 ? "+" : "", m);
}

/* ---- Text tables -------------------------------------------------------- */

typedef struct ttab {
  int ncol, nrow, ncell, cap;
  char **cell;               /* row-major, malloc'd */
  const char **head;
  int *right, *maxw, *trunc;
  int nohead;                /* print the rows only */
} ttab;

static void tt_init(ttab *t, int ncol)
{
  memset(t, 0, sizeof *t);
  t->ncol = ncol;
  t->head = calloc((size_t)ncol, sizeof *t->head);
  t->right = calloc((size_t)ncol, sizeof *t->right);
  t->maxw = calloc((size_t)ncol, sizeof *t->maxw);
  t->trunc = calloc((size_t)ncol, sizeof *t->trunc);
  if (!t->head || !t->right || !t->maxw || !t->trunc)
    abort();
}

/* Column c: heading, right-aligned?, width limit (0 none), and whether a
** longer line is cut with "…" (else it wraps). */
static void tt_col(ttab *t, int c, const char *head, int right, int maxw, int trunc)
{
  t->head[c] = head;
  t->right[c] = right;
  t->maxw[c] = maxw;
  t->trunc[c] = trunc;
}

static void tt_put(ttab *t, char *owned)
{
  if (t->ncell == t->cap) {
    t->cap = t->cap ? t->cap * 2 : 64;
    t->cell = realloc(t->cell, (size_t)t->cap * sizeof *t->cell);
    if (!t->cell)
      abort();
  }
  t->cell[t->ncell++] = owned;
  t->nrow = (t->ncell + t->ncol - 1) / t->ncol;
}

static void tt_add(ttab *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void tt_add(ttab *t, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  char *s = report_vstrf(fmt, ap);
  va_end(ap);
  tt_put(t, s);
}

static void tt_free(ttab *t)
{
  for (int i = 0; i < t->ncell; i++)
    free(t->cell[i]);
  free(t->cell);
  free(t->head);
  free(t->right);
  free(t->maxw);
  free(t->trunc);
}

/* Lines of one cell: split at '\n', then wrapped or cut to maxw columns. */
typedef struct tlines {
  int n, cap;
  char **l;
} tlines;

static void tl_push(tlines *L, const char *s, size_t len)
{
  if (L->n == L->cap) {
    L->cap = L->cap ? L->cap * 2 : 4;
    L->l = realloc(L->l, (size_t)L->cap * sizeof *L->l);
    if (!L->l)
      abort();
  }
  L->l[L->n++] = report_strf("%.*s", (int)len, s);
}

static void tl_free(tlines *L)
{
  for (int i = 0; i < L->n; i++)
    free(L->l[i]);
  free(L->l);
}

/* Break one line longer than maxw columns, at a space in its second half if
** there is one (English), else between characters (Chinese). */
static void tl_wrap(tlines *L, const char *line, int maxw)
{
  const char *p = line;
  while (*p) {
    const char *q = p, *brk = NULL;
    int w = 0, wbrk = 0;
    while (*q) {
      uint32_t c;
      int l = u8dec(q, &c), cw = cwidth(c);
      if (w + cw > maxw && q > p)
        break;
      if (c == ' ' && q > p)
        brk = q, wbrk = w;
      w += cw;
      q += l;
    }
    if (!*q) {
      tl_push(L, p, (size_t)(q - p));
      break;
    }
    if (brk && wbrk >= maxw / 2) {
      tl_push(L, p, (size_t)(brk - p));
      p = brk;
    } else {
      tl_push(L, p, (size_t)(q - p));
      p = q;
    }
    while (*p == ' ')
      p++;
  }
}

static void tl_split(tlines *L, const char *text, int maxw, int trunc)
{
  const char *s = text;
  for (;;) {
    size_t len = strcspn(s, "\n");
    char *line = report_strf("%.*s", (int)len, s);
    if (maxw <= 0 || report_text_width(line) <= maxw) {
      tl_push(L, line, len);
    } else if (trunc) {
      const char *q = line;
      int w = 0;
      for (;;) {
        uint32_t c;
        int l = u8dec(q, &c);
        if (w + cwidth(c) > maxw - 1)
          break;
        w += cwidth(c);
        q += l;
      }
      char *t = report_strf("%.*s…", (int)(q - line), line);
      tl_push(L, t, strlen(t));
      free(t);
    } else {
      tl_wrap(L, line, maxw);
    }
    free(line);
    if (!s[len])
      break;
    s += len + 1;
  }
}

static void pad(FILE *out, int n)
{
  for (; n > 0; n--)
    fputc(' ', out);
}

static void tt_print(rep *R, ttab *t, int indent)
{
  int nc = t->ncol, nr = t->nrow;
  tlines *cl = calloc((size_t)(nr + 1) * (size_t)nc, sizeof *cl);
  int *w = calloc((size_t)nc, sizeof *w);
  if (!cl || !w)
    abort();
  for (int c = 0; c < nc; c++)
    tl_split(&cl[c], t->head[c] ? t->head[c] : "", t->maxw[c], 1);
  for (int i = 0; i < nr * nc; i++)
    tl_split(&cl[nc + i], i < t->ncell ? t->cell[i] : "", t->maxw[i % nc], t->trunc[i % nc]);
  for (int i = 0; i < (nr + 1) * nc; i++)
    for (int k = 0; k < cl[i].n; k++) {
      int cw = report_text_width(cl[i].l[k]);
      if (cw > w[i % nc])
        w[i % nc] = cw;
    }
  for (int row = t->nohead; row <= nr; row++) {
    int h = 1;
    for (int c = 0; c < nc; c++)
      if (cl[row * nc + c].n > h)
        h = cl[row * nc + c].n;
    for (int k = 0; k < h; k++) {
      pad(R->out, indent);
      for (int c = 0; c < nc; c++) {
        const tlines *L = &cl[row * nc + c];
        const char *s = k < L->n ? L->l[k] : "";
        int gap = w[c] - report_text_width(s);
        if (c)
          fputs("  ", R->out);
        if (t->right[c])
          pad(R->out, gap);
        fputs(s, R->out);
        if (!t->right[c])
          pad(R->out, gap);
      }
      fputc('\n', R->out);
    }
    if (row == 0) {
      pad(R->out, indent);
      for (int c = 0; c < nc; c++) {
        if (c)
          fputs("  ", R->out);
        for (int k = 0; k < w[c]; k++)
          fputc('-', R->out);
      }
      fputc('\n', R->out);
    }
  }
  for (int i = 0; i < (nr + 1) * nc; i++)
    tl_free(&cl[i]);
  free(cl);
  free(w);
  tt_free(t);
}

/* ---- Text report --------------------------------------------------------- */

static void text_header(rep *R)
{
  const rt_cmp *c = R->c;
  const report_in *r = R->r;
  if (R->color)
    fputs("\033[1m", R->out);
  fprintf(R->out, "Polis compare — claims %s: %lld rows, %d %s, %.3f s",
          r->claims_path ? r->claims_path : "-", (long long)c->rows, c->n,
          c->n == 1 ? "policy" : "policies", c->seconds);
  fputs(R->color ? "\033[0m\n" : "\n", R->out);

  heading(R, "Policies");
  ttab t;
  tt_init(&t, 5);
  tt_col(&t, 0, "city", 0, 0, 0);
  tt_col(&t, 1, "policy", 0, 0, 0);
  tt_col(&t, 2, "title", 0, 44, 1);
  tt_col(&t, 3, "source", 0, 30, 1);
  tt_col(&t, 4, "file", 0, 0, 0);
  for (int i = 0; i < c->n; i++) {
    const rt_policy *p = c->city[i].p;
    tt_add(&t, "%s", cname(R, i));
    tt_add(&t, "%s", p->name);
    tt_add(&t, "%s", p->title);
    tt_add(&t, "%s", p->source_doc);
    tt_add(&t, "%s", r->paths && r->paths[i] ? r->paths[i] : "");
  }
  tt_print(R, &t, 2);
}

static void text_summary(rep *R)
{
  const rt_cmp *c = R->c;
  char a[48], pc[16];
  heading(R, "Summary (amounts in yuan)");
  ttab t;
  tt_init(&t, c->n + 1);
  tt_col(&t, 0, "", 0, 0, 0);
  for (int i = 0; i < c->n; i++)
    tt_col(&t, i + 1, cname(R, i), 1, 0, 0);
  static const char *const what[] = {"claims", "granted", "denied", "rejected",
                                     "paid to persons", "paid to organizers", "paid in all"};
  for (int k = 0; k < 7; k++) {
    tt_add(&t, "%s", what[k]);
    for (int i = 0; i < c->n; i++) {
      const rt_summary *s = &c->city[i].sum;
      int64_t v = k == 0 ? s->rows : k == 1 ? s->granted : k == 2 ? s->denied : s->rejected;
      if (k == 0)
        tt_add(&t, "%lld", (long long)v);
      else if (k <= 3)
        tt_add(&t, "%lld %6s", (long long)v, report_pct(v, s->rows, pc));
      else
        tt_add(&t, "%s", report_yuan(k == 4 ? s->person_fen : k == 5 ? s->organizer_fen
                                                                     : total_fen(s), 1, a));
    }
  }
  tt_print(R, &t, 2);

  heading(R, "Benefits (claims: granted claims in which the benefit paid)");
  tt_init(&t, 7);
  tt_col(&t, 0, "city", 0, 0, 0);
  tt_col(&t, 1, "benefit", 0, 40, 1);
  tt_col(&t, 2, "claims", 1, 0, 0);
  tt_col(&t, 3, "persons", 1, 0, 0);
  tt_col(&t, 4, "organizers", 1, 0, 0);
  tt_col(&t, 5, "total", 1, 0, 0);
  tt_col(&t, 6, "cite", 0, 30, 1);
  for (int i = 0; i < c->n; i++) {
    const rt_cmp_city *cc = &c->city[i];
    for (int b = 0; b < cc->p->n_benefits; b++) {
      const rt_benefit *be = &cc->p->benefits[b];
      int64_t pf = cc->benefit_fen[b * RT_NPAYEES + RT_PAYEE_PERSON];
      int64_t of = cc->benefit_fen[b * RT_NPAYEES + RT_PAYEE_ORGANIZER];
      tt_add(&t, "%s", b ? "" : cname(R, i));
      tt_add(&t, "%s%s%s", be->name, *be->label ? " " : "", be->label);
      tt_add(&t, "%lld", (long long)cc->benefit_claims[b]);
      tt_add(&t, "%s", report_yuan(pf, 1, a));
      tt_add(&t, "%s", report_yuan(of, 1, a));
      tt_add(&t, "%s", report_yuan(pf + of, 1, a));
      tt_add(&t, "%s", be->cite);
    }
  }
  tt_print(R, &t, 2);
}

static void text_groups(rep *R)
{
  const rt_cmp *c = R->c;
  int shown = 0;
  for (int g = 0; g < c->ngroups; g++)
    shown += c->group_claims[g] > 0;
  if (!c->ngroups)
    return;
  heading(R, "Person groups (人员类别)");
  fprintf(R->out, "  claims: rows naming the group (a claim with several groups counts in each);\n"
                  "  per city: granted claims and yuan paid to them\n");
  if (!shown) {
    fprintf(R->out, "  no claim names a group\n");
    return;
  }
  /* widths inside the per-city cells, so both numbers line up */
  int wn = 1, wa = 1;
  char a[48];
  for (int g = 0; g < c->ngroups; g++)
    for (int i = 0; i < c->n; i++) {
      int l = snprintf(NULL, 0, "%lld", (long long)c->city[i].group_granted[g]);
      wn = l > wn ? l : wn;
      l = (int)strlen(report_yuan(c->city[i].group_fen[g], 1, a));
      wa = l > wa ? l : wa;
    }
  ttab t;
  tt_init(&t, c->n + 2);
  tt_col(&t, 0, "group", 0, 40, 1);
  tt_col(&t, 1, "claims", 1, 0, 0);
  for (int i = 0; i < c->n; i++)
    tt_col(&t, i + 2, cname(R, i), 1, 0, 0);
  for (int g = 0; g < c->ngroups; g++) {
    if (c->group_claims[g] <= 0)
      continue;
    const char *label = c->group_labels && c->group_labels[g] ? c->group_labels[g] : "";
    tt_add(&t, "%s%s%s", c->group_names[g], *label ? " " : "", label);
    tt_add(&t, "%lld", (long long)c->group_claims[g]);
    for (int i = 0; i < c->n; i++)
      tt_add(&t, "%*lld  %*s", wn, (long long)c->city[i].group_granted[g], wa,
             report_yuan(c->city[i].group_fen[g], 1, a));
  }
  tt_print(R, &t, 2);
  if (shown < c->ngroups)
    fprintf(R->out, "  (not shown: %d %s that no claim names)\n", c->ngroups - shown,
            c->ngroups - shown == 1 ? "group" : "groups");
}

#define TOP_REASONS 10

static void text_reasons(rep *R)
{
  const rt_cmp *c = R->c;
  char pc[32];
  heading(R, "Reasons (top %d per city; a claim may carry several)", TOP_REASONS);
  ttab t;
  tt_init(&t, 5);
  tt_col(&t, 0, "city", 0, 0, 0);
  tt_col(&t, 1, "reason", 0, 0, 0);
  tt_col(&t, 2, "claims", 1, 0, 0);
  tt_col(&t, 3, "of rows", 1, 0, 0);
  tt_col(&t, 4, "meaning (cite)", 0, 60, 1);
  for (int i = 0; i < c->n; i++) {
    const rt_cmp_city *cc = &c->city[i];
    int *idx = malloc(((size_t)cc->p->n_reasons + 1) * sizeof *idx);
    int n = report_top_reasons(cc, idx);
    for (int j = 0; j < n && j < TOP_REASONS; j++) {
      const rt_reason *re = &cc->p->reasons[idx[j]];
      tt_add(&t, "%s", j ? "" : cname(R, i));
      tt_add(&t, "%s", re->code);
      tt_add(&t, "%lld", (long long)cc->reason_claims[idx[j]]);
      tt_add(&t, "%s", report_pct(cc->reason_claims[idx[j]], cc->sum.rows, pc));
      tt_add(&t, "%s%s%s%s", re->message, *re->cite ? " (" : "", re->cite, *re->cite ? ")" : "");
    }
    if (n > TOP_REASONS) {
      tt_add(&t, "%s", "");
      tt_add(&t, "… %d more", n - TOP_REASONS);
      tt_add(&t, "%s", "");
      tt_add(&t, "%s", "");
      tt_add(&t, "%s", "");
    }
    if (n == 0) {
      tt_add(&t, "%s", cname(R, i));
      tt_add(&t, "%s", "(none)");
      tt_add(&t, "%s", "");
      tt_add(&t, "%s", "");
      tt_add(&t, "%s", "");
    }
    free(idx);
  }
  tt_print(R, &t, 2);
}

static void text_quotas(rep *R)
{
  const rt_cmp *c = R->c;
  int any = 0;
  for (int i = 0; i < c->n; i++)
    any += c->city[i].p->n_quotas;
  if (!any)
    return;
  heading(R, "Quotas (planned trainings against granted claims of the quota's year)");
  char pc[32];
  for (int i = 0; i < c->n; i++) {
    const rt_policy *p = c->city[i].p;
    for (int q = 0; q < p->n_quotas; q++) {
      const rt_quota *qu = &p->quotas[q];
      const int64_t *g = c->city[i].quota_granted ? c->city[i].quota_granted + qu->slot : NULL;
      fprintf(R->out, "  %s  %s%s%s, %lld, by %s%s%s%s\n", cname(R, i), qu->name,
              *qu->label ? " — " : "", qu->label, (long long)qu->year,
              p->fields[qu->field].name, *qu->cite ? " (" : "", qu->cite, *qu->cite ? ")" : "");
      ttab t;
      tt_init(&t, 4);
      tt_col(&t, 0, p->fields[qu->field].name, 0, 0, 0);
      tt_col(&t, 1, "planned", 1, 0, 0);
      tt_col(&t, 2, "granted", 1, 0, 0);
      tt_col(&t, 3, "granted%", 1, 0, 0);
      int64_t tp = 0, tg = 0;
      for (int k = 0; k <= qu->n_keys; k++) {
        int64_t got = g ? g[k] : 0;
        tg += got;
        tt_add(&t, "%s", k < qu->n_keys ? qu->keys[k] : "(other)");
        if (k < qu->n_keys) {
          tp += qu->planned[k];
          tt_add(&t, "%lld", (long long)qu->planned[k]);
        } else {
          tt_add(&t, "-");
        }
        tt_add(&t, "%lld", (long long)got);
        tt_add(&t, "%s", k < qu->n_keys ? report_pct(got, qu->planned[k], pc) : "-");
      }
      tt_add(&t, "(total)");
      tt_add(&t, "%lld", (long long)tp);
      tt_add(&t, "%lld", (long long)tg);
      tt_add(&t, "%s", report_pct(tg, tp, pc));
      tt_print(R, &t, 4);
    }
  }
}

static void text_matrix(rep *R)
{
  const rt_cmp *c = R->c;
  char pc[32], a[48], b[48];
  if (c->n < 2)
    return;
  heading(R, "Claims decided differently (status or an amount differs; %% of rows)");
  ttab t;
  tt_init(&t, c->n + 1);
  tt_col(&t, 0, "", 0, 0, 0);
  for (int i = 0; i < c->n; i++)
    tt_col(&t, i + 1, cname(R, i), 1, 0, 0);
  int wn = 1;
  for (int k = 0; k < c->npairs; k++) {
    int l = snprintf(NULL, 0, "%lld", (long long)c->pair[k].differ);
    wn = l > wn ? l : wn;
  }
  for (int i = 0; i < c->n; i++) {
    tt_add(&t, "%s", cname(R, i));
    for (int j = 0; j < c->n; j++) {
      if (j < i)
        tt_add(&t, "%s", "");
      else if (j == i)
        tt_add(&t, "%s", "-");
      else {
        const rt_cmp_pair *pr = &c->pair[rt_cmp_pair_index(c, i, j)];
        tt_add(&t, "%*lld %6s", wn, (long long)pr->differ, report_pct(pr->differ, c->rows, pc));
      }
    }
  }
  tt_print(R, &t, 2);

  fputc('\n', R->out);
  tt_init(&t, 10);
  tt_col(&t, 0, "A", 0, 0, 0);
  tt_col(&t, 1, "B", 0, 0, 0);
  tt_col(&t, 2, "differ", 1, 0, 0);
  tt_col(&t, 3, "of rows", 1, 0, 0);
  tt_col(&t, 4, "status", 1, 0, 0);
  tt_col(&t, 5, "A more", 1, 0, 0);
  tt_col(&t, 6, "B more", 1, 0, 0);
  tt_col(&t, 7, "A paid", 1, 0, 0);
  tt_col(&t, 8, "B paid", 1, 0, 0);
  tt_col(&t, 9, "Δ B−A", 1, 0, 0);
  for (int k = 0; k < c->npairs; k++) {
    const rt_cmp_pair *pr = &c->pair[k];
    tt_add(&t, "%s", cname(R, pr->a));
    tt_add(&t, "%s", cname(R, pr->b));
    tt_add(&t, "%lld", (long long)pr->differ);
    tt_add(&t, "%s", report_pct(pr->differ, c->rows, pc));
    tt_add(&t, "%lld", (long long)pr->status_differ);
    tt_add(&t, "%lld", (long long)pr->a_more);
    tt_add(&t, "%lld", (long long)pr->b_more);
    tt_add(&t, "%s", report_yuan(pr->fen[0], 1, a));
    tt_add(&t, "%s", report_yuan(pr->fen[1], 1, b));
    int64_t d = pr->fen[1] - pr->fen[0];
    tt_add(&t, "%s%s", d > 0 ? "+" : "", report_yuan(d, 1, a));
  }
  tt_print(R, &t, 2);
  fprintf(R->out, "  status: claims of those with another status; A more / B more: claims where\n"
                  "  that city pays the larger total; paid: totals paid to the differing claims\n");
}

/* The rules and reasons that decided one side, with label and citation. */
static void text_explain(rep *R, const rt_policy *p, const char *city, const rt_cmp_diff *d,
                         int side)
{
  report_item *it;
  ttab t;
  tt_init(&t, 3);
  tt_col(&t, 0, "", 0, 0, 0);
  tt_col(&t, 1, "", 0, 0, 0);
  tt_col(&t, 2, "", 0, 70, 1);
  int rows = 0;
  for (int k = 0; k < 2; k++) {
    int n = report_items(p, k ? d->reasons[side] : d->rules[side], &it);
    for (int j = 0; j < n; j++, rows++) {
      tt_add(&t, "%s", rows ? "" : city);
      tt_add(&t, "%s", it[j].name);
      tt_add(&t, "%s%s%s%s", it[j].label, *it[j].cite ? " (" : "", it[j].cite,
             *it[j].cite ? ")" : "");
    }
    report_items_free(it, n);
  }
  if (!rows) {
    tt_free(&t);
    fprintf(R->out, "        %s: no rule paid, no reason given\n", city);
    return;
  }
  t.nohead = 1;
  tt_print(R, &t, 8);
}

static void text_diffs(rep *R)
{
  const rt_cmp *c = R->c;
  char pc[32], a[48], b[48];
  if (c->npairs == 0)
    return;
  heading(R, "Difference groups (claims decided alike within a group; Δ = B − A)");
  for (int k = 0; k < c->npairs; k++) {
    const rt_cmp_pair *pr = &c->pair[k];
    const char *ca = cname(R, pr->a), *cb = cname(R, pr->b);
    const rt_policy *pa = c->city[pr->a].p, *pb = c->city[pr->b].p;
    fprintf(R->out, "\n%s%s vs %s%s: %lld claims decided differently (%s of rows), %lld with "
                    "another status\n",
            R->color ? "\033[1m" : "", ca, cb, R->color ? "\033[0m" : "", (long long)pr->differ,
            report_pct(pr->differ, c->rows, pc), (long long)pr->status_differ);
    int shown = report_shown_diffs(R->r, pr);
    for (int d = 0; d < shown; d++) {
      const rt_cmp_diff *df = &pr->diffs[d];
      char *sa = side_text(R, df, 0, ca), *sb = side_text(R, df, 1, cb);
      char *dt = delta_text(df->fen[0], df->fen[1]);
      fprintf(R->out, "  %d. %s vs %s: %lld claims, %s\n", d + 1, sa, sb, (long long)df->claims,
              dt);
      free(sa);
      free(sb);
      free(dt);
      text_explain(R, pa, ca, df, 0);
      text_explain(R, pb, cb, df, 1);
      if (df->nexamples) {
        fputs("        e.g.", R->out);
        for (int e = 0; e < df->nexamples; e++)
          fprintf(R->out, "%s %s %s→%s", e ? "," : "", df->ex[e].claim_id,
                  report_yuan(df->ex[e].fen[0], 1, a), report_yuan(df->ex[e].fen[1], 1, b));
        fputc('\n', R->out);
      }
    }
    if (shown < pr->ndiffs) {
      int64_t rest = 0;
      for (int d = shown; d < pr->ndiffs; d++)
        rest += pr->diffs[d].claims;
      fprintf(R->out, "  … %d more %s covering %lld %s\n", pr->ndiffs - shown,
              pr->ndiffs - shown == 1 ? "group" : "groups", (long long)rest,
              rest == 1 ? "claim" : "claims");
    }
    if (pr->ndiffs == 0)
      fprintf(R->out, "  every claim is decided alike\n");
  }
}

/* Sheet column width: the terminal is not measured; aim at ~160 columns. */
static int sheet_width(int ncity)
{
  int w = ncity ? (160 - 30) / ncity - 2 : 40;
  return w < 18 ? 18 : w > 44 ? 44 : w;
}

static void text_sheet(rep *R)
{
  const sheet *s = R->r->sheet;
  if (!s)
    return;
  heading(R, "Policy sheet (what each policy says, from the policy files)");
  int cw = sheet_width(s->ncity);
  for (int x = 0; x < s->nsec; x++) {
    const sheet_section *sec = &s->sec[x];
    fprintf(R->out, "\n  %s%s%s%s%s\n", R->color ? "\033[1m" : "", sec->title_zh,
            *sec->title_zh && *sec->title_en ? " " : "", sec->title_en,
            R->color ? "\033[0m" : "");
    ttab t;
    tt_init(&t, s->ncity + 1);
    tt_col(&t, 0, "", 0, 28, 0);
    for (int i = 0; i < s->ncity; i++)
      tt_col(&t, i + 1, s->city_zh[i], 0, cw, 0);
    for (int y = 0; y < sec->nrows; y++) {
      const sheet_row *row = &sec->rows[y];
      tt_add(&t, "%s%s%s", row->label_zh, *row->label_zh && *row->label_en ? "\n" : "",
             row->label_en);
      for (int i = 0; i < s->ncity; i++)
        tt_add(&t, "%s%s%s%s", row->cells[i], *row->cites[i] ? "\n(" : "", row->cites[i],
               *row->cites[i] ? ")" : "");
    }
    tt_print(R, &t, 2);
  }
}

static void write_text(rep *R)
{
  text_header(R);
  text_summary(R);
  text_groups(R);
  text_reasons(R);
  text_quotas(R);
  text_matrix(R);
  text_diffs(R);
  text_sheet(R);
}

/* ---- CSV ------------------------------------------------------------------ */

static void csv_field(FILE *out, const char *s)
{
  if (!s[strcspn(s, ",\"\r\n")]) {
    fputs(s, out);
    return;
  }
  fputc('"', out);
  for (; *s; s++) {
    if (*s == '"')
      fputc('"', out);
    fputc(*s, out);
  }
  fputc('"', out);
}

/* One row; NULL fields are empty.  Order of the header. */
typedef struct crow {
  const char *table, *city, *city_b, *key, *label;
  char claims[24], granted[24], denied[24], rejected[24];
  char person[40], organizer[40], total[40];
  const char *detail;
} crow;

static void crow_int(char *buf, int64_t v)
{
  snprintf(buf, 24, "%lld", (long long)v);
}

static void csv_row(FILE *out, const crow *w)
{
  const char *f[] = {w->table,    w->city,     w->city_b,    w->key,       w->label,
                     w->claims,   w->granted,  w->denied,    w->rejected,  w->person,
                     w->organizer, w->total,   w->detail};
  for (int i = 0; i < 13; i++) {
    if (i)
      fputc(',', out);
    csv_field(out, f[i] ? f[i] : "");
  }
  fputc('\n', out);
}

/* "training|x" side of a difference group in detail fields */
static char *diff_detail(const rt_cmp_diff *d)
{
  char *ex = report_strf("%s", "");
  for (int e = 0; e < d->nexamples; e++) {
    char a[40], b[40];
    char *n = report_strf("%s%s%s %s/%s", ex, e ? "|" : "", d->ex[e].claim_id,
                          report_yuan(d->ex[e].fen[0], 0, a), report_yuan(d->ex[e].fen[1], 0, b));
    free(ex);
    ex = n;
  }
  char a[40], b[40];
  char *s = report_strf("a.rules=%s;a.reasons=%s;b.rules=%s;b.reasons=%s;a_amount=%s;"
                        "b_amount=%s;examples=%s",
                        d->rules[0], d->reasons[0], d->rules[1], d->reasons[1],
                        report_yuan(d->fen[0], 0, a), report_yuan(d->fen[1], 0, b), ex);
  free(ex);
  return s;
}

static void write_csv(rep *R)
{
  const rt_cmp *c = R->c;
  FILE *out = R->out;
  fputs("table,city,city_b,key,label,claims,granted,denied,rejected,person_amount,"
        "organizer_amount,total_amount,detail\n",
        out);
  for (int i = 0; i < c->n; i++) {
    const rt_cmp_city *cc = &c->city[i];
    const rt_policy *p = cc->p;
    crow w = {.table = "summary", .city = p->name, .key = p->name, .label = report_city(p)};
    crow_int(w.claims, cc->sum.rows);
    crow_int(w.granted, cc->sum.granted);
    crow_int(w.denied, cc->sum.denied);
    crow_int(w.rejected, cc->sum.rejected);
    report_yuan(cc->sum.person_fen, 0, w.person);
    report_yuan(cc->sum.organizer_fen, 0, w.organizer);
    report_yuan(total_fen(&cc->sum), 0, w.total);
    char *det = report_strf("title=%s;source=%s;file=%s", p->title, p->source_doc,
                            R->r->paths && R->r->paths[i] ? R->r->paths[i] : "");
    w.detail = det;
    csv_row(out, &w);
    free(det);
  }
  for (int i = 0; i < c->n; i++) {
    const rt_cmp_city *cc = &c->city[i];
    const rt_policy *p = cc->p;
    for (int b = 0; b < p->n_benefits; b++) {
      int64_t pf = cc->benefit_fen[b * RT_NPAYEES + RT_PAYEE_PERSON];
      int64_t of = cc->benefit_fen[b * RT_NPAYEES + RT_PAYEE_ORGANIZER];
      crow w = {.table = "benefit", .city = p->name, .key = p->benefits[b].name,
                .label = p->benefits[b].label};
      crow_int(w.claims, cc->benefit_claims[b]);
      report_yuan(pf, 0, w.person);
      report_yuan(of, 0, w.organizer);
      report_yuan(pf + of, 0, w.total);
      char *det = report_strf("cite=%s", p->benefits[b].cite);
      w.detail = det;
      csv_row(out, &w);
      free(det);
    }
  }
  for (int g = 0; g < c->ngroups; g++)
    for (int i = 0; i < c->n; i++) {
      crow w = {.table = "group", .city = c->city[i].p->name, .key = c->group_names[g],
                .label = c->group_labels ? c->group_labels[g] : ""};
      crow_int(w.claims, c->group_claims[g]);
      crow_int(w.granted, c->city[i].group_granted[g]);
      report_yuan(c->city[i].group_fen[g], 0, w.total);
      csv_row(out, &w);
    }
  for (int i = 0; i < c->n; i++) {
    const rt_cmp_city *cc = &c->city[i];
    const rt_policy *p = cc->p;
    int *idx = malloc(((size_t)p->n_reasons + 1) * sizeof *idx);
    int n = report_top_reasons(cc, idx);
    for (int j = 0; j < n; j++) {
      const rt_reason *re = &p->reasons[idx[j]];
      crow w = {.table = "reason", .city = p->name, .key = re->code, .label = re->message};
      crow_int(w.claims, cc->reason_claims[idx[j]]);
      char *det = report_strf("kind=%s;cite=%s",
                              re->kind == RT_REASON_REJECT ? "reject"
                              : re->kind == RT_REASON_DENY ? "deny"
                                                           : "info",
                              re->cite);
      w.detail = det;
      csv_row(out, &w);
      free(det);
    }
    free(idx);
  }
  for (int i = 0; i < c->n; i++) {
    const rt_policy *p = c->city[i].p;
    for (int q = 0; q < p->n_quotas; q++) {
      const rt_quota *qu = &p->quotas[q];
      const int64_t *g = c->city[i].quota_granted ? c->city[i].quota_granted + qu->slot : NULL;
      int64_t tp = 0, tg = 0;
      char *det = report_strf("year=%lld;field=%s;cite=%s", (long long)qu->year,
                              p->fields[qu->field].name, qu->cite);
      for (int k = 0; k <= qu->n_keys + 1; k++) {
        crow w = {.table = "quota", .city = p->name, .key = qu->name, .detail = det};
        int64_t planned, got;
        if (k < qu->n_keys) {
          w.label = qu->keys[k], planned = qu->planned[k], got = g ? g[k] : 0;
          tp += planned;
          tg += got;
        } else if (k == qu->n_keys) {
          w.label = "(other)", planned = 0, got = g ? g[k] : 0;
          tg += got;
        } else {
          w.label = "(total)", planned = tp, got = tg;
        }
        crow_int(w.claims, planned);
        crow_int(w.granted, got);
        csv_row(out, &w);
      }
      free(det);
    }
  }
  for (int k = 0; k < c->npairs; k++) {
    const rt_cmp_pair *pr = &c->pair[k];
    const rt_policy *pa = c->city[pr->a].p, *pb = c->city[pr->b].p;
    char *label = report_strf("%s vs %s", report_city(pa), report_city(pb));
    char a[40], b[40];
    char *det = report_strf("same=%lld;status_differ=%lld;a_more=%lld;b_more=%lld;a_amount=%s;"
                            "b_amount=%s",
                            (long long)pr->same, (long long)pr->status_differ,
                            (long long)pr->a_more, (long long)pr->b_more,
                            report_yuan(pr->fen[0], 0, a), report_yuan(pr->fen[1], 0, b));
    crow w = {.table = "pair", .city = pa->name, .city_b = pb->name, .key = "differ",
              .label = label, .detail = det};
    crow_int(w.claims, pr->differ);
    report_yuan(pr->fen[1] - pr->fen[0], 0, w.total);
    csv_row(out, &w);
    free(det);
    free(label);
    for (int d = 0; d < pr->ndiffs; d++) {
      const rt_cmp_diff *df = &pr->diffs[d];
      char *key = report_strf("%s→%s", rt_cmp_status(df->status[0]), rt_cmp_status(df->status[1]));
      char *dl = diff_detail(df);
      rep plain = *R;
      plain.color = 0;
      char *sa = side_text(&plain, df, 0, report_city(pa)), *sb = side_text(&plain, df, 1, report_city(pb));
      char *hl = report_strf("%s vs %s", sa, sb);
      crow v = {.table = "diff", .city = pa->name, .city_b = pb->name, .key = key,
                .label = hl, .detail = dl};
      crow_int(v.claims, df->claims);
      report_yuan(df->fen[1] - df->fen[0], 0, v.total);
      csv_row(out, &v);
      free(key);
      free(dl);
      free(sa);
      free(sb);
      free(hl);
    }
  }
  const sheet *s = R->r->sheet;
  for (int x = 0; s && x < s->nsec; x++)
    for (int y = 0; y < s->sec[x].nrows; y++) {
      const sheet_row *row = &s->sec[x].rows[y];
      char *key = report_strf("%s.%s", s->sec[x].id, row->key);
      char *label = report_strf("%s%s%s", row->label_zh, *row->label_zh && *row->label_en ? " " : "",
                                row->label_en);
      for (int i = 0; i < s->ncity; i++) {
        char *cell = report_strf("%s", row->cells[i]);
        for (char *q = cell; *q; q++)
          if (*q == '\n')
            *q = ';';
        char *det = report_strf("%s%s%s%s", cell, *row->cites[i] ? " [" : "", row->cites[i],
                                *row->cites[i] ? "]" : "");
        crow w = {.table = "sheet", .city = s->city_en[i], .key = key, .label = label,
                  .detail = det};
        csv_row(out, &w);
        free(cell);
        free(det);
      }
      free(key);
      free(label);
    }
}

/* ---- JSON ----------------------------------------------------------------- */

static void json_str(FILE *out, const char *s)
{
  fputc('"', out);
  while (s && *s) {
    uint32_t c;
    int l = u8dec(s, &c);
    if (c == '"' || c == '\\')
      fprintf(out, "\\%c", (int)c);
    else if (c == '\n')
      fputs("\\n", out);
    else if (c == '\t')
      fputs("\\t", out);
    else if (c == '\r')
      fputs("\\r", out);
    else if (c < 0x20 || c == 0x7F)
      fprintf(out, "\\u%04x", (unsigned)c);
    else if (c == 0xFFFD && l == 1)
      fputs("\\ufffd", out); /* an invalid byte */
    else
      fwrite(s, 1, (size_t)l, out);
    s += l;
  }
  fputc('"', out);
}

/* "name": "value" (with a leading comma unless first) */
static void jkey(FILE *out, int *first, const char *k)
{
  fprintf(out, "%s\"%s\":", *first ? "" : ",", k);
  *first = 0;
}

static void jstr(FILE *out, int *first, const char *k, const char *v)
{
  jkey(out, first, k);
  json_str(out, v);
}

static void jint(FILE *out, int *first, const char *k, int64_t v)
{
  jkey(out, first, k);
  fprintf(out, "%lld", (long long)v);
}

/* "<k>_fen": 123, "<k>_amount": "1.23" */
static void jmoney(FILE *out, int *first, const char *k, int64_t fen)
{
  char buf[40], key[64];
  snprintf(key, sizeof key, "%s_fen", k);
  jint(out, first, key, fen);
  snprintf(key, sizeof key, "%s_amount", k);
  jstr(out, first, key, report_yuan(fen, 0, buf));
}

static void json_items(FILE *out, const rt_policy *p, const char *joined)
{
  report_item *it;
  int n = report_items(p, joined, &it);
  fputc('[', out);
  for (int j = 0; j < n; j++) {
    int f = 1;
    fputs(j ? ",{" : "{", out);
    jstr(out, &f, "name", it[j].name);
    jstr(out, &f, "label", it[j].label);
    jstr(out, &f, "cite", it[j].cite);
    fputc('}', out);
  }
  fputc(']', out);
  report_items_free(it, n);
}

static const char *kind_name(rt_reason_kind k)
{
  return k == RT_REASON_REJECT ? "reject" : k == RT_REASON_DENY ? "deny" : "info";
}

static void json_city(rep *R, int i)
{
  FILE *out = R->out;
  const rt_cmp_city *cc = &R->c->city[i];
  const rt_policy *p = cc->p;
  int f = 1;
  fputs("\n  {", out);
  jint(out, &f, "index", i);
  jstr(out, &f, "policy", p->name);
  jstr(out, &f, "city", report_city(p));
  jstr(out, &f, "title", p->title);
  jstr(out, &f, "source_doc", p->source_doc);
  jstr(out, &f, "source_hash", p->source_hash);
  jstr(out, &f, "file", R->r->paths && R->r->paths[i] ? R->r->paths[i] : "");
  jint(out, &f, "claims", cc->sum.rows);
  jint(out, &f, "granted", cc->sum.granted);
  jint(out, &f, "denied", cc->sum.denied);
  jint(out, &f, "rejected", cc->sum.rejected);
  jmoney(out, &f, "person", cc->sum.person_fen);
  jmoney(out, &f, "organizer", cc->sum.organizer_fen);
  jmoney(out, &f, "total", total_fen(&cc->sum));
  jkey(out, &f, "benefits");
  fputc('[', out);
  for (int b = 0; b < p->n_benefits; b++) {
    int64_t pf = cc->benefit_fen[b * RT_NPAYEES + RT_PAYEE_PERSON];
    int64_t of = cc->benefit_fen[b * RT_NPAYEES + RT_PAYEE_ORGANIZER];
    int g = 1;
    fputs(b ? ",\n    {" : "\n    {", out);
    jstr(out, &g, "name", p->benefits[b].name);
    jstr(out, &g, "label", p->benefits[b].label);
    jstr(out, &g, "cite", p->benefits[b].cite);
    jint(out, &g, "claims", cc->benefit_claims[b]);
    jmoney(out, &g, "person", pf);
    jmoney(out, &g, "organizer", of);
    jmoney(out, &g, "total", pf + of);
    fputc('}', out);
  }
  fputs("],", out);
  f = 1;
  jkey(out, &f, "reasons");
  fputc('[', out);
  int *idx = malloc(((size_t)p->n_reasons + 1) * sizeof *idx);
  int n = report_top_reasons(cc, idx);
  for (int j = 0; j < n; j++) {
    const rt_reason *re = &p->reasons[idx[j]];
    int g = 1;
    fputs(j ? ",\n    {" : "\n    {", out);
    jstr(out, &g, "code", re->code);
    jstr(out, &g, "kind", kind_name(re->kind));
    jstr(out, &g, "message", re->message);
    jstr(out, &g, "cite", re->cite);
    jint(out, &g, "claims", cc->reason_claims[idx[j]]);
    fputc('}', out);
  }
  free(idx);
  fputs("],", out);
  f = 1;
  jkey(out, &f, "quotas");
  fputc('[', out);
  for (int q = 0; q < p->n_quotas; q++) {
    const rt_quota *qu = &p->quotas[q];
    const int64_t *gr = cc->quota_granted ? cc->quota_granted + qu->slot : NULL;
    int g = 1;
    fputs(q ? ",\n    {" : "\n    {", out);
    jstr(out, &g, "name", qu->name);
    jstr(out, &g, "label", qu->label);
    jstr(out, &g, "cite", qu->cite);
    jstr(out, &g, "field", p->fields[qu->field].name);
    jint(out, &g, "year", qu->year);
    jkey(out, &g, "keys");
    fputc('[', out);
    int64_t tp = 0, tg = 0;
    for (int k = 0; k < qu->n_keys; k++) {
      int h = 1;
      int64_t got = gr ? gr[k] : 0;
      fputs(k ? ",{" : "{", out);
      jstr(out, &h, "key", qu->keys[k]);
      jint(out, &h, "planned", qu->planned[k]);
      jint(out, &h, "granted", got);
      fputc('}', out);
      tp += qu->planned[k];
      tg += got;
    }
    fputc(']', out);
    jint(out, &g, "other_granted", gr ? gr[qu->n_keys] : 0);
    jint(out, &g, "planned", tp);
    jint(out, &g, "granted", tg + (gr ? gr[qu->n_keys] : 0));
    fputc('}', out);
  }
  fputs("]}", out);
}

static void json_side(rep *R, const rt_cmp_diff *d, int side, int city)
{
  FILE *out = R->out;
  const rt_policy *p = R->c->city[city].p;
  int f = 1;
  fputc('{', out);
  jint(out, &f, "city", city);
  jstr(out, &f, "status", rt_cmp_status(d->status[side]));
  jstr(out, &f, "rules_joined", d->rules[side]);
  jstr(out, &f, "reasons_joined", d->reasons[side]);
  jkey(out, &f, "rules");
  json_items(out, p, d->rules[side]);
  jkey(out, &f, "reasons");
  json_items(out, p, d->reasons[side]);
  jmoney(out, &f, "total", d->fen[side]);
  fputc('}', out);
}

static void json_sheet(rep *R)
{
  FILE *out = R->out;
  const sheet *s = R->r->sheet;
  int f = 1;
  fputs("{\n", out);
  jkey(out, &f, "cities");
  fputc('[', out);
  for (int i = 0; i < s->ncity; i++) {
    int g = 1;
    fputs(i ? ",{" : "{", out);
    jstr(out, &g, "city", s->city_zh[i]);
    jstr(out, &g, "policy", s->city_en[i]);
    fputc('}', out);
  }
  fputs("],\n", out);
  f = 1;
  jkey(out, &f, "sections");
  fputc('[', out);
  for (int x = 0; x < s->nsec; x++) {
    const sheet_section *sec = &s->sec[x];
    int g = 1;
    fputs(x ? ",\n  {" : "\n  {", out);
    jstr(out, &g, "id", sec->id);
    jstr(out, &g, "title_zh", sec->title_zh);
    jstr(out, &g, "title_en", sec->title_en);
    jkey(out, &g, "rows");
    fputc('[', out);
    for (int y = 0; y < sec->nrows; y++) {
      const sheet_row *row = &sec->rows[y];
      int h = 1;
      fputs(y ? ",\n    {" : "\n    {", out);
      jstr(out, &h, "key", row->key);
      jstr(out, &h, "label_zh", row->label_zh);
      jstr(out, &h, "label_en", row->label_en);
      jkey(out, &h, "cells");
      fputc('[', out);
      for (int i = 0; i < s->ncity; i++) {
        if (i)
          fputc(',', out);
        json_str(out, row->cells[i]);
      }
      fputc(']', out);
      jkey(out, &h, "cites");
      fputc('[', out);
      for (int i = 0; i < s->ncity; i++) {
        if (i)
          fputc(',', out);
        json_str(out, row->cites[i]);
      }
      fputs("]}", out);
    }
    fputs("]}", out);
  }
  fputs("]}", out);
}

static void write_json(rep *R)
{
  const rt_cmp *c = R->c;
  FILE *out = R->out;
  int f = 1;
  fputc('{', out);
  jstr(out, &f, "format", "polis-compare");
  jint(out, &f, "version", 1);
  jstr(out, &f, "claims_file", R->r->claims_path ? R->r->claims_path : "-");
  jint(out, &f, "rows", c->rows);
  fputc('\n', out);
  jkey(out, &f, "cities");
  fputc('[', out);
  for (int i = 0; i < c->n; i++) {
    if (i)
      fputc(',', out);
    json_city(R, i);
  }
  fputs("],\n", out);
  f = 1;
  jkey(out, &f, "groups");
  fputc('[', out);
  for (int g = 0; g < c->ngroups; g++) {
    int h = 1;
    fputs(g ? ",\n  {" : "\n  {", out);
    jstr(out, &h, "name", c->group_names[g]);
    jstr(out, &h, "label", c->group_labels ? c->group_labels[g] : "");
    jint(out, &h, "claims", c->group_claims[g]);
    jkey(out, &h, "granted");
    fputc('[', out);
    for (int i = 0; i < c->n; i++)
      fprintf(out, "%s%lld", i ? "," : "", (long long)c->city[i].group_granted[g]);
    fputc(']', out);
    jkey(out, &h, "total_fen");
    fputc('[', out);
    for (int i = 0; i < c->n; i++)
      fprintf(out, "%s%lld", i ? "," : "", (long long)c->city[i].group_fen[g]);
    fputc(']', out);
    jkey(out, &h, "total_amount");
    fputc('[', out);
    for (int i = 0; i < c->n; i++) {
      char buf[40];
      if (i)
        fputc(',', out);
      json_str(out, report_yuan(c->city[i].group_fen[g], 0, buf));
    }
    fputs("]}", out);
  }
  fputs("],\n", out);
  f = 1;
  jkey(out, &f, "pairs");
  fputc('[', out);
  for (int k = 0; k < c->npairs; k++) {
    const rt_cmp_pair *pr = &c->pair[k];
    int h = 1;
    fputs(k ? ",\n  {" : "\n  {", out);
    jint(out, &h, "a", pr->a);
    jint(out, &h, "b", pr->b);
    jstr(out, &h, "city_a", report_city(c->city[pr->a].p));
    jstr(out, &h, "city_b", report_city(c->city[pr->b].p));
    jint(out, &h, "same", pr->same);
    jint(out, &h, "differ", pr->differ);
    jint(out, &h, "status_differ", pr->status_differ);
    jint(out, &h, "a_more", pr->a_more);
    jint(out, &h, "b_more", pr->b_more);
    jmoney(out, &h, "a_total", pr->fen[0]);
    jmoney(out, &h, "b_total", pr->fen[1]);
    jmoney(out, &h, "delta", pr->fen[1] - pr->fen[0]);
    jkey(out, &h, "diffs");
    fputc('[', out);
    for (int d = 0; d < pr->ndiffs; d++) {
      const rt_cmp_diff *df = &pr->diffs[d];
      char *key = report_strf("%s→%s", rt_cmp_status(df->status[0]), rt_cmp_status(df->status[1]));
      int g = 1;
      fputs(d ? ",\n    {" : "\n    {", out);
      jstr(out, &g, "key", key);
      free(key);
      jint(out, &g, "claims", df->claims);
      jmoney(out, &g, "delta", df->fen[1] - df->fen[0]);
      jkey(out, &g, "a");
      json_side(R, df, 0, pr->a);
      jkey(out, &g, "b");
      json_side(R, df, 1, pr->b);
      jkey(out, &g, "examples");
      fputc('[', out);
      for (int e = 0; e < df->nexamples; e++) {
        int x = 1;
        fputs(e ? ",{" : "{", out);
        jstr(out, &x, "claim_id", df->ex[e].claim_id);
        jmoney(out, &x, "a_total", df->ex[e].fen[0]);
        jmoney(out, &x, "b_total", df->ex[e].fen[1]);
        fputc('}', out);
      }
      fputs("]}", out);
    }
    fputs("]}", out);
  }
  fputs("],\n", out);
  f = 1;
  jkey(out, &f, "sheet");
  if (R->r->sheet)
    json_sheet(R);
  else
    fputs("null", out);
  fputs("}\n", out);
}

/* ---- Markdown --------------------------------------------------------------- */

/* Text safe in a GFM table cell and in running text: Markdown punctuation
** is backslash-escaped, HTML-special characters become entities, newlines
** become <br>. */
static void md_text(FILE *out, const char *s)
{
  for (; s && *s; s++) {
    switch (*s) {
    case '\\': case '|': case '*': case '`': case '[': case ']': case '#':
      fputc('\\', out);
      fputc(*s, out);
      break;
    case '<': fputs("&lt;", out); break;
    case '>': fputs("&gt;", out); break;
    case '&': fputs("&amp;", out); break;
    case '\n': fputs("<br>", out); break;
    case '\r': break;
    default: fputc(*s, out);
    }
  }
}

static void md_textf(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void md_textf(FILE *out, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  char *s = report_vstrf(fmt, ap);
  va_end(ap);
  md_text(out, s);
  free(s);
}

/* Table heading: "| a | b |\n|---|--:|\n"; align is 'l' or 'r' per column. */
static void md_head(FILE *out, const char *const *cols, const char *align, int n)
{
  for (int i = 0; i < n; i++) {
    fputs("| ", out);
    md_text(out, cols[i]);
    fputc(' ', out);
  }
  fputs("|\n", out);
  for (int i = 0; i < n; i++)
    fputs(align[i] == 'r' ? "|---:" : "|---", out);
  fputs("|\n", out);
}

static void md_cell(FILE *out, const char *s)
{
  fputs("| ", out);
  md_text(out, s);
  fputc(' ', out);
}

static void md_celli(FILE *out, int64_t v)
{
  fprintf(out, "| %lld ", (long long)v);
}

static void md_cellm(FILE *out, int64_t fen)
{
  char a[48];
  fprintf(out, "| %s ", report_yuan(fen, 1, a));
}

static void md_side_list(rep *R, const rt_policy *p, const char *city, const rt_cmp_diff *d,
                         int side)
{
  FILE *out = R->out;
  report_item *it;
  int any = 0;
  for (int k = 0; k < 2; k++) {
    int n = report_items(p, k ? d->reasons[side] : d->rules[side], &it);
    for (int j = 0; j < n; j++, any++) {
      fputs("   - ", out);
      md_textf(out, "%s: %s %s", city, k ? "reason" : "rule", it[j].name);
      if (*it[j].label) {
        fputs(" — ", out);
        md_text(out, it[j].label);
      }
      if (*it[j].cite) {
        fputs(" (", out);
        md_text(out, it[j].cite);
        fputc(')', out);
      }
      fputc('\n', out);
    }
    report_items_free(it, n);
  }
  if (!any) {
    fputs("   - ", out);
    md_textf(out, "%s: no rule paid, no reason given", city);
    fputc('\n', out);
  }
}

static void write_md(rep *R)
{
  const rt_cmp *c = R->c;
  FILE *out = R->out;
  char a[48], pc[16];
  fputs("# Polis compare\n\n", out);
  fputs("Claims file ", out);
  md_text(out, R->r->claims_path ? R->r->claims_path : "-");
  fprintf(out, ": %lld rows, %d %s. See docs/report.md for how to read this report.\n\n",
          (long long)c->rows, c->n, c->n == 1 ? "policy" : "policies");

  fputs("## Policies\n\n", out);
  {
    static const char *const h[] = {"city", "policy", "title", "source", "file"};
    md_head(out, h, "lllll", 5);
    for (int i = 0; i < c->n; i++) {
      const rt_policy *p = c->city[i].p;
      md_cell(out, report_city(p));
      md_cell(out, p->name);
      md_cell(out, p->title);
      md_cell(out, p->source_doc);
      md_cell(out, R->r->paths && R->r->paths[i] ? R->r->paths[i] : "");
      fputs("|\n", out);
    }
  }

  fputs("\n## Summary\n\nAmounts in yuan.\n\n", out);
  fputs("| ", out);
  for (int i = 0; i < c->n; i++)
    md_cell(out, report_city(c->city[i].p));
  fputs("|\n|---", out);
  for (int i = 0; i < c->n; i++)
    fputs("|---:", out);
  fputs("|\n", out);
  static const char *const what[] = {"claims", "granted", "denied", "rejected",
                                     "paid to persons", "paid to organizers", "paid in all"};
  for (int k = 0; k < 7; k++) {
    md_cell(out, what[k]);
    for (int i = 0; i < c->n; i++) {
      const rt_summary *s = &c->city[i].sum;
      int64_t v = k == 0 ? s->rows : k == 1 ? s->granted : k == 2 ? s->denied : s->rejected;
      if (k == 0)
        md_celli(out, v);
      else if (k <= 3)
        fprintf(out, "| %lld (%s) ", (long long)v, report_pct(v, s->rows, pc));
      else
        md_cellm(out, k == 4 ? s->person_fen : k == 5 ? s->organizer_fen : total_fen(s));
    }
    fputs("|\n", out);
  }

  fputs("\n## Benefits\n\nclaims: granted claims in which the benefit paid.\n\n", out);
  {
    static const char *const h[] = {"city", "benefit", "label", "claims", "persons",
                                    "organizers", "total", "cite"};
    md_head(out, h, "lllrrrrl", 8);
    for (int i = 0; i < c->n; i++) {
      const rt_cmp_city *cc = &c->city[i];
      for (int b = 0; b < cc->p->n_benefits; b++) {
        const rt_benefit *be = &cc->p->benefits[b];
        int64_t pf = cc->benefit_fen[b * RT_NPAYEES + RT_PAYEE_PERSON];
        int64_t of = cc->benefit_fen[b * RT_NPAYEES + RT_PAYEE_ORGANIZER];
        md_cell(out, report_city(cc->p));
        md_cell(out, be->name);
        md_cell(out, be->label);
        md_celli(out, cc->benefit_claims[b]);
        md_cellm(out, pf);
        md_cellm(out, of);
        md_cellm(out, pf + of);
        md_cell(out, be->cite);
        fputs("|\n", out);
      }
    }
  }

  if (c->ngroups) {
    fputs("\n## Person groups (人员类别)\n\nclaims: rows naming the group (a claim with several "
          "groups counts in each); per city: granted claims / yuan paid to them.\n\n",
          out);
    fputs("| group | label | claims ", out);
    for (int i = 0; i < c->n; i++)
      md_cell(out, report_city(c->city[i].p));
    fputs("|\n|---|---|---:", out);
    for (int i = 0; i < c->n; i++)
      fputs("|---:", out);
    fputs("|\n", out);
    for (int g = 0; g < c->ngroups; g++) {
      if (c->group_claims[g] <= 0)
        continue;
      md_cell(out, c->group_names[g]);
      md_cell(out, c->group_labels ? c->group_labels[g] : "");
      md_celli(out, c->group_claims[g]);
      for (int i = 0; i < c->n; i++)
        fprintf(out, "| %lld / %s ", (long long)c->city[i].group_granted[g],
                report_yuan(c->city[i].group_fen[g], 1, a));
      fputs("|\n", out);
    }
  }

  fprintf(out, "\n## Reasons\n\nTop %d per city; a claim may carry several.\n\n", TOP_REASONS);
  {
    static const char *const h[] = {"city", "reason", "claims", "of rows", "meaning", "cite"};
    md_head(out, h, "llrrll", 6);
    for (int i = 0; i < c->n; i++) {
      const rt_cmp_city *cc = &c->city[i];
      int *idx = malloc(((size_t)cc->p->n_reasons + 1) * sizeof *idx);
      int n = report_top_reasons(cc, idx);
      for (int j = 0; j < n && j < TOP_REASONS; j++) {
        const rt_reason *re = &cc->p->reasons[idx[j]];
        md_cell(out, report_city(cc->p));
        md_cell(out, re->code);
        md_celli(out, cc->reason_claims[idx[j]]);
        md_cell(out, report_pct(cc->reason_claims[idx[j]], cc->sum.rows, pc));
        md_cell(out, re->message);
        md_cell(out, re->cite);
        fputs("|\n", out);
      }
      if (n > TOP_REASONS) {
        md_cell(out, report_city(cc->p));
        fprintf(out, "| … %d more | | | | ", n - TOP_REASONS);
        fputs("|\n", out);
      }
      free(idx);
    }
  }

  for (int i = 0; i < c->n; i++) {
    const rt_policy *p = c->city[i].p;
    for (int q = 0; q < p->n_quotas; q++) {
      const rt_quota *qu = &p->quotas[q];
      const int64_t *g = c->city[i].quota_granted ? c->city[i].quota_granted + qu->slot : NULL;
      fputs("\n### Quota ", out);
      md_textf(out, "%s %s — %s, %lld, by %s", report_city(p), qu->name, qu->label,
               (long long)qu->year, p->fields[qu->field].name);
      if (*qu->cite)
        md_textf(out, " (%s)", qu->cite);
      fputs("\n\n", out);
      const char *const h[] = {p->fields[qu->field].name, "planned", "granted", "granted%"};
      md_head(out, h, "lrrr", 4);
      int64_t tp = 0, tg = 0;
      for (int k = 0; k <= qu->n_keys; k++) {
        int64_t got = g ? g[k] : 0;
        tg += got;
        md_cell(out, k < qu->n_keys ? qu->keys[k] : "(other)");
        if (k < qu->n_keys) {
          tp += qu->planned[k];
          md_celli(out, qu->planned[k]);
        } else {
          md_cell(out, "-");
        }
        md_celli(out, got);
        md_cell(out, k < qu->n_keys ? report_pct(got, qu->planned[k], pc) : "-");
        fputs("|\n", out);
      }
      fprintf(out, "| (total) | %lld | %lld | %s |\n", (long long)tp, (long long)tg,
              report_pct(tg, tp, pc));
    }
  }

  if (c->n >= 2) {
    fputs("\n## Claims decided differently\n\nA claim is decided differently when its status "
          "or an amount differs; the matrix shows the count and the share of all rows.\n\n",
          out);
    fputs("| ", out);
    for (int i = 0; i < c->n; i++)
      md_cell(out, report_city(c->city[i].p));
    fputs("|\n|---", out);
    for (int i = 0; i < c->n; i++)
      fputs("|---:", out);
    fputs("|\n", out);
    for (int i = 0; i < c->n; i++) {
      md_cell(out, report_city(c->city[i].p));
      for (int j = 0; j < c->n; j++) {
        if (j <= i) {
          fputs(j == i ? "| — " : "| ", out);
          continue;
        }
        const rt_cmp_pair *pr = &c->pair[rt_cmp_pair_index(c, i, j)];
        fprintf(out, "| %lld (%s) ", (long long)pr->differ, report_pct(pr->differ, c->rows, pc));
      }
      fputs("|\n", out);
    }
    fputc('\n', out);
    static const char *const h[] = {"A", "B", "differ", "of rows", "status differs",
                                    "A pays more", "B pays more", "A paid", "B paid", "Δ B−A"};
    md_head(out, h, "llrrrrrrrr", 10);
    for (int k = 0; k < c->npairs; k++) {
      const rt_cmp_pair *pr = &c->pair[k];
      md_cell(out, report_city(c->city[pr->a].p));
      md_cell(out, report_city(c->city[pr->b].p));
      md_celli(out, pr->differ);
      md_cell(out, report_pct(pr->differ, c->rows, pc));
      md_celli(out, pr->status_differ);
      md_celli(out, pr->a_more);
      md_celli(out, pr->b_more);
      md_cellm(out, pr->fen[0]);
      md_cellm(out, pr->fen[1]);
      int64_t d = pr->fen[1] - pr->fen[0];
      fprintf(out, "| %s%s ", d > 0 ? "+" : "", report_yuan(d, 1, a));
      fputs("|\n", out);
    }

    fputs("\n## Difference groups\n\nClaims a pair decides differently in the same way (the "
          "same status, rules and reasons on each side); Δ = B − A.\n",
          out);
    for (int k = 0; k < c->npairs; k++) {
      const rt_cmp_pair *pr = &c->pair[k];
      const char *ca = report_city(c->city[pr->a].p), *cb = report_city(c->city[pr->b].p);
      fputs("\n### ", out);
      md_textf(out, "%s vs %s", ca, cb);
      fputs("\n\n", out);
      md_textf(out, "%lld claims decided differently (%s of rows), %lld with another status.",
               (long long)pr->differ, report_pct(pr->differ, c->rows, pc),
               (long long)pr->status_differ);
      fputs("\n\n", out);
      int shown = report_shown_diffs(R->r, pr);
      rep plain = *R;
      plain.color = 0;
      for (int d = 0; d < shown; d++) {
        const rt_cmp_diff *df = &pr->diffs[d];
        char *sa = side_text(&plain, df, 0, ca), *sb = side_text(&plain, df, 1, cb);
        char *dt = delta_text(df->fen[0], df->fen[1]);
        fprintf(out, "%d. ", d + 1);
        md_textf(out, "%s vs %s: %lld claims, %s", sa, sb, (long long)df->claims, dt);
        fputc('\n', out);
        free(sa);
        free(sb);
        free(dt);
        md_side_list(R, c->city[pr->a].p, ca, df, 0);
        md_side_list(R, c->city[pr->b].p, cb, df, 1);
        if (df->nexamples) {
          fputs("   - e.g.", out);
          for (int e = 0; e < df->nexamples; e++) {
            char x[48], y[48];
            fputs(e ? ", " : " ", out);
            md_textf(out, "%s %s→%s", df->ex[e].claim_id, report_yuan(df->ex[e].fen[0], 1, x),
                     report_yuan(df->ex[e].fen[1], 1, y));
          }
          fputc('\n', out);
        }
      }
      if (shown < pr->ndiffs) {
        int64_t rest = 0;
        for (int d = shown; d < pr->ndiffs; d++)
          rest += pr->diffs[d].claims;
        fprintf(out, "\n… %d more %s covering %lld %s.\n", pr->ndiffs - shown,
                pr->ndiffs - shown == 1 ? "group" : "groups", (long long)rest,
                rest == 1 ? "claim" : "claims");
      }
      if (pr->ndiffs == 0)
        fputs("Every claim is decided alike.\n", out);
    }
  }

  const sheet *s = R->r->sheet;
  if (s) {
    fputs("\n## Policy sheet\n\nWhat each policy says, read from the policy files.\n", out);
    for (int x = 0; x < s->nsec; x++) {
      const sheet_section *sec = &s->sec[x];
      fputs("\n### ", out);
      md_textf(out, "%s%s%s", sec->title_zh, *sec->title_zh && *sec->title_en ? " " : "",
               sec->title_en);
      fputs("\n\n", out);
      fputs("| ", out);
      for (int i = 0; i < s->ncity; i++)
        md_cell(out, s->city_zh[i]);
      fputs("|\n|---", out);
      for (int i = 0; i < s->ncity; i++)
        fputs("|---", out);
      fputs("|\n", out);
      for (int y = 0; y < sec->nrows; y++) {
        const sheet_row *row = &sec->rows[y];
        fputs("| ", out);
        md_textf(out, "%s%s%s", row->label_zh, *row->label_zh && *row->label_en ? "\n" : "",
                 row->label_en);
        fputc(' ', out);
        for (int i = 0; i < s->ncity; i++) {
          fputs("| ", out);
          md_text(out, row->cells[i]);
          if (*row->cites[i]) {
            fputs("<br>(", out);
            md_text(out, row->cites[i]);
            fputc(')', out);
          }
          fputc(' ', out);
        }
        fputs("|\n", out);
      }
    }
  }
}

/* ---- Entry ------------------------------------------------------------------ */

int report_write(const report_in *r, report_format f, FILE *out)
{
  rep R = {r, r->cmp, out, f == REPORT_TEXT && r->color};
  switch (f) {
  case REPORT_TEXT: write_text(&R); break;
  case REPORT_CSV: write_csv(&R); break;
  case REPORT_JSON: write_json(&R); break;
  case REPORT_MD: write_md(&R); break;
  }
  return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}
