/*
** report_html.c — `polis compare --html`: one self-contained page (no
** external CSS, scripts, fonts or images; no JavaScript) with summary
** cards, SVG bar charts, the difference matrix and groups, and the static
** policy sheet.  The same input gives the same bytes: no wall time.
** docs/report.md explains the page; the ids below are what its tests read.
*/
#include "report.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef struct hrep {
  const report_in *r;
  const rt_cmp *c;
  FILE *out;
} hrep;

/* Tableau 10: distinguishable, and readable in grey print. */
static const char *const PALETTE[] = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2",
                                      "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};
#define NPALETTE 10
#define C_PERSON "#4e79a7"
#define C_ORGANIZER "#f28e2b"

static const char *city_color(int i)
{
  return PALETTE[i % NPALETTE];
}

/* ---- Escaping ------------------------------------------------------------- */

/* Text and attribute values: & < > " ' escaped, invalid UTF-8 and control
** characters replaced; br: a newline becomes <br>. */
static void esc_br(FILE *out, const char *s, int br)
{
  const unsigned char *u = (const unsigned char *)s;
  while (u && *u) {
    unsigned c = *u;
    switch (c) {
    case '&': fputs("&amp;", out); u++; continue;
    case '<': fputs("&lt;", out); u++; continue;
    case '>': fputs("&gt;", out); u++; continue;
    case '"': fputs("&quot;", out); u++; continue;
    case '\'': fputs("&#39;", out); u++; continue;
    case '\n': fputs(br ? "<br>" : " ", out); u++; continue;
    case '\t': fputc(' ', out); u++; continue;
    }
    if (c < 0x20 || c == 0x7F) {
      u++;
      continue;
    }
    if (c < 0x80) {
      fputc((int)c, out);
      u++;
      continue;
    }
    /* copy one valid UTF-8 sequence, else U+FFFD for the byte */
    int len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    int ok = len > 0;
    for (int i = 1; ok && i < len; i++)
      ok = (u[i] & 0xC0) == 0x80;
    if (ok && len == 3)
      ok = !(c == 0xE0 && u[1] < 0xA0) && !(c == 0xED && u[1] >= 0xA0);
    if (ok && len == 4)
      ok = !(c == 0xF0 && u[1] < 0x90) && !(c == 0xF4 && u[1] >= 0x90);
    if (ok) {
      fwrite(u, 1, (size_t)len, out);
      u += len;
    } else {
      fputs("&#xFFFD;", out);
      u++;
    }
  }
}

static void esc(FILE *out, const char *s)
{
  esc_br(out, s, 0);
}

/* printf whose %s arguments are escaped: the format itself is markup. */
static void hf(hrep *H, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  for (const char *p = fmt; *p; p++) {
    if (*p != '%') {
      fputc(*p, H->out);
      continue;
    }
    p++;
    switch (*p) {
    case 's': esc(H->out, va_arg(ap, const char *)); break;
    case 'S': esc_br(H->out, va_arg(ap, const char *), 1); break; /* text with <br> */
    case 'r': fputs(va_arg(ap, const char *), H->out); break;     /* raw markup */
    case 'd': fprintf(H->out, "%d", va_arg(ap, int)); break;
    case 'D': fprintf(H->out, "%lld", (long long)va_arg(ap, int64_t)); break;
    case 'f': fprintf(H->out, "%.2f", va_arg(ap, double)); break;
    case 'Y': {                                                   /* fen as yuan */
      char b[48];
      fputs(report_yuan(va_arg(ap, int64_t), 1, b), H->out);
      break;
    }
    case '%': fputc('%', H->out); break;
    default: fputc('%', H->out); fputc(*p, H->out);
    }
  }
  va_end(ap);
}

/* A short amount for chart labels: "16.8万" or "8,765" (yuan, rounded). */
static char *short_yuan(int64_t fen, char *buf)
{
  if (fen >= 1000000) {
    int64_t tenths = (fen + 50000) / 100000; /* tenths of 万 */
    snprintf(buf, 40, "%lld.%lld万", (long long)(tenths / 10), (long long)(tenths % 10));
    return buf;
  }
  char b[48];
  report_yuan((fen + 50) / 100 * 100, 1, b);
  b[strlen(b) - 3] = 0;
  strcpy(buf, b);
  return buf;
}

/* A round step for an axis up to max fen: 1, 2 or 5 × 10^k yuan. */
static int64_t nice_step(int64_t max)
{
  int64_t raw = max / 5, mag = 100;
  while (mag * 10 <= raw)
    mag *= 10;
  return raw <= mag ? mag : raw <= 2 * mag ? 2 * mag : raw <= 5 * mag ? 5 * mag : 10 * mag;
}

static void axis_label(int64_t fen, char *buf)
{
  if (fen >= 1000000 && fen % 1000000 == 0)
    snprintf(buf, 40, "%lld万", (long long)(fen / 1000000));
  else
    short_yuan(fen, buf);
}

/* ---- Page ------------------------------------------------------------------ */

static const char CSS[] =
  ":root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#ffffff;--soft:#f6f8fa;"
  "--granted:#1a7f37;--denied:#9a6700;--rejected:#cf222e}\n"
  "*{box-sizing:border-box}\n"
  "body{margin:0;padding:24px 32px 48px;color:var(--fg);background:var(--bg);line-height:1.5;"
  "font:14px/1.5 system-ui,-apple-system,\"Segoe UI\",\"Noto Sans CJK SC\",\"Source Han Sans SC\","
  "\"WenQuanYi Micro Hei\",\"Microsoft YaHei\",\"PingFang SC\",\"Hiragino Sans GB\",sans-serif}\n"
  "h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:36px 0 8px;padding-bottom:4px;"
  "border-bottom:1px solid var(--line)}h3{font-size:15px;margin:20px 0 6px}\n"
  ".en{color:var(--muted);font-weight:normal}.muted,.note{color:var(--muted)}.note{font-size:13px;"
  "max-width:80em}\n"
  "code,.code{font-family:ui-monospace,\"DejaVu Sans Mono\",Menlo,Consolas,monospace;font-size:12.5px}\n"
  "nav{margin:8px 0 0;font-size:13px}nav a{margin-right:14px;color:#0969da;text-decoration:none}\n"
  ".cards{display:flex;flex-wrap:wrap;gap:14px}\n"
  ".card{flex:1 1 230px;max-width:340px;border:1px solid var(--line);border-top:5px solid;"
  "border-radius:8px;padding:10px 14px;background:var(--soft)}\n"
  ".card h3{margin:0;font-size:18px}.card .title{font-size:13px;margin:2px 0}"
  ".card .src{font-size:12px;color:var(--muted)}\n"
  ".card dl{display:grid;grid-template-columns:auto 1fr;gap:1px 10px;margin:8px 0 0;font-size:13px}"
  ".card dt{color:var(--muted)}.card dd{margin:0;text-align:right;font-variant-numeric:tabular-nums}\n"
  "table{border-collapse:collapse;margin:6px 0 10px;font-size:13px}\n"
  "th,td{border:1px solid var(--line);padding:4px 8px;vertical-align:top;text-align:left}\n"
  "thead th{background:var(--soft)}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;"
  "white-space:nowrap}\n"
  ".granted{color:var(--granted)}.denied{color:var(--denied)}.rejected{color:var(--rejected)}\n"
  ".status{font-weight:600}\n"
  ".chart{display:block;max-width:100%;height:auto;margin:8px 0}.scroll{overflow-x:auto}\n"
  ".chart text{font-size:12px;fill:var(--fg)}.chart .axis{stroke:#8c959f}.chart .grid{stroke:#eaeef2}"
  ".chart .value{font-size:11px}.chart .xname{font-size:10.5px;fill:var(--muted)}\n"
  "#matrix td.cell{text-align:center;min-width:7em}#matrix td.diag{text-align:center;"
  "color:var(--muted)}#matrix td.lower{background:var(--soft)}#matrix small{display:block}\n"
  "details.pair{border:1px solid var(--line);border-radius:8px;margin:10px 0;padding:6px 12px}\n"
  "details.pair>summary{cursor:pointer;font-weight:600}\n"
  ".row{display:flex;flex-wrap:wrap;gap:8px 32px;align-items:flex-start}\n"
  "li.diff{margin:10px 0}li.diff table{margin:4px 0;width:100%;max-width:1100px;"
  "table-layout:fixed}li.diff .examples{font-size:12.5px;"
  "color:var(--muted)}\n"
  "#sheet tr.section th{background:#ddf4ff;font-size:14px}#sheet td.empty{color:#8c959f;"
  "text-align:center}#sheet .cite{font-size:11.5px;color:var(--muted);margin-top:2px}\n"
  "#sheet th[scope=row]{min-width:11em}#sheet td{min-width:12em;max-width:28em}\n"
  "@media print{body{padding:0}details.pair{break-inside:avoid}}\n";

static void page_head(hrep *H)
{
  const rt_cmp *c = H->c;
  hf(H, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"generator\" content=\"polis compare\">\n<title>政策比较 Polis compare — ");
  for (int i = 0; i < c->n; i++)
    hf(H, "%s%s", i ? " · " : "", report_city(c->city[i].p));
  hf(H, "</title>\n<style>\n%r</style>\n</head>\n<body>\n", CSS);
  hf(H, "<header>\n<h1>政策比较 <span class=\"en\">Polis compare</span></h1>\n"
        "<p class=\"muted\">申领文件 Claims file <code>%s</code>: <strong>%D</strong> rows scored "
        "under %d %r.</p>\n",
     H->r->claims_path ? H->r->claims_path : "-", c->rows, c->n, c->n == 1 ? "policy" : "policies");
  hf(H, "<nav><a href=\"#sec-summary\">汇总 Summary</a><a href=\"#sec-benefits\">补贴项目 "
        "Benefits</a><a href=\"#sec-groups\">人员类别 Groups</a><a href=\"#sec-reasons\">原因 "
        "Reasons</a>");
  if (c->n >= 2)
    hf(H, "<a href=\"#sec-matrix\">差异 Differences</a><a href=\"#diffs\">差异分组 Groups of "
          "differences</a>");
  if (H->r->sheet)
    hf(H, "<a href=\"#sec-sheet\">政策对照 Policy sheet</a>");
  hf(H, "<a href=\"#sec-help\">如何阅读 How to read</a></nav>\n</header>\n");
}

static void cards(hrep *H)
{
  const rt_cmp *c = H->c;
  char pc[32];
  hf(H, "<section id=\"sec-policies\">\n<h2>城市 <span class=\"en\">Policies</span></h2>\n"
        "<div class=\"cards\">\n");
  for (int i = 0; i < c->n; i++) {
    const rt_cmp_city *cc = &c->city[i];
    const rt_policy *p = cc->p;
    const rt_summary *s = &cc->sum;
    hf(H, "<article class=\"card\" id=\"city-%d\" data-policy=\"%s\" style=\"border-top-color:%r\">\n",
       i, p->name, city_color(i));
    hf(H, "<h3>%s <span class=\"en code\">%s</span></h3>\n<div class=\"title\">%s</div>\n",
       report_city(p), p->name, p->title);
    hf(H, "<div class=\"src\">%s", p->source_doc);
    if (H->r->paths && H->r->paths[i])
      hf(H, " · <code>%s</code>", H->r->paths[i]);
    hf(H, "</div>\n<dl>\n<dt>claims</dt><dd>%D</dd>\n", s->rows);
    hf(H, "<dt class=\"granted\">granted 发放</dt><dd>%D (%s)</dd>\n", s->granted,
       report_pct(s->granted, s->rows, pc));
    hf(H, "<dt class=\"denied\">denied 不予补贴</dt><dd>%D (%s)</dd>\n", s->denied,
       report_pct(s->denied, s->rows, pc));
    hf(H, "<dt class=\"rejected\">rejected 退回</dt><dd>%D (%s)</dd>\n", s->rejected,
       report_pct(s->rejected, s->rows, pc));
    hf(H, "<dt>to persons 个人</dt><dd>¥%Y</dd>\n<dt>to organizers 机构</dt><dd>¥%Y</dd>\n"
          "<dt><strong>in all 合计</strong></dt><dd><strong>¥%Y</strong></dd>\n</dl>\n</article>\n",
       s->person_fen, s->organizer_fen, s->person_fen + s->organizer_fen);
  }
  hf(H, "</div>\n</section>\n");
}

static void summary_table(hrep *H)
{
  const rt_cmp *c = H->c;
  char pc[32];
  hf(H, "<table id=\"summary\">\n<thead><tr><th></th>");
  for (int i = 0; i < c->n; i++)
    hf(H, "<th class=\"num\">%s<br><span class=\"en code\">%s</span></th>",
       report_city(c->city[i].p), c->city[i].p->name);
  hf(H, "</tr></thead>\n<tbody>\n");
  static const char *const what[] = {"claims 申领", "granted 发放", "denied 不予补贴",
                                     "rejected 退回", "paid to persons 个人 (元)",
                                     "paid to organizers 机构 (元)", "paid in all 合计 (元)"};
  static const char *const cls[] = {"", " class=\"granted\"", " class=\"denied\"",
                                    " class=\"rejected\"", "", "", ""};
  for (int k = 0; k < 7; k++) {
    hf(H, "<tr><th scope=\"row\"%r>%s</th>", cls[k], what[k]);
    for (int i = 0; i < c->n; i++) {
      const rt_summary *s = &c->city[i].sum;
      int64_t v = k == 0 ? s->rows : k == 1 ? s->granted : k == 2 ? s->denied : s->rejected;
      if (k == 0)
        hf(H, "<td class=\"num\">%D</td>", v);
      else if (k <= 3)
        hf(H, "<td class=\"num\">%D <span class=\"muted\">%s</span></td>", v,
           report_pct(v, s->rows, pc));
      else
        hf(H, "<td class=\"num\">%Y</td>", k == 4 ? s->person_fen
                                           : k == 5 ? s->organizer_fen
                                                    : s->person_fen + s->organizer_fen);
    }
    hf(H, "</tr>\n");
  }
  hf(H, "</tbody>\n</table>\n");
}

/* Horizontal grid lines and labels of a value axis from 0 to top fen. */
static void y_axis(hrep *H, int64_t top, int64_t step, double x0, double x1, double y0, double ph)
{
  char lab[40];
  for (int64_t v = 0; v <= top; v += step) {
    double y = y0 - (double)v / (double)top * ph;
    axis_label(v, lab);
    hf(H, "<line class=\"grid\" x1=\"%f\" y1=\"%f\" x2=\"%f\" y2=\"%f\"/>"
          "<text x=\"%f\" y=\"%f\" text-anchor=\"end\">%s</text>\n",
       x0, y, x1, y, x0 - 6, y + 4, lab);
  }
  hf(H, "<line class=\"axis\" x1=\"%f\" y1=\"%f\" x2=\"%f\" y2=\"%f\"/>"
        "<line class=\"axis\" x1=\"%f\" y1=\"%f\" x2=\"%f\" y2=\"%f\"/>\n",
     x0, y0 - ph, x0, y0, x0, y0, x1, y0);
}

/* Totals per city, persons and organizers stacked.  Bar heights are
** proportional to the amounts (the unit test checks it). */
static void chart_totals(hrep *H)
{
  const rt_cmp *c = H->c;
  int64_t max = 0;
  for (int i = 0; i < c->n; i++) {
    int64_t t = c->city[i].sum.person_fen + c->city[i].sum.organizer_fen;
    max = t > max ? t : max;
  }
  int64_t step = nice_step(max ? max : 100);
  int64_t top = (max + step - 1) / step * step;
  if (top == 0)
    top = step;
  const double left = 78, right = 24, tpad = 46, bottom = 58, ph = 260, slot = 120, bw = 56;
  double W = left + right + slot * c->n, Hh = tpad + ph + bottom, y0 = tpad + ph;
  if (W < 520)
    W = 520;
  hf(H, "<div class=\"scroll\"><svg id=\"chart-totals\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" "
        "width=\"%f\" height=\"%f\" viewBox=\"0 0 %f %f\" role=\"img\" "
        "aria-labelledby=\"chart-totals-title\" data-top-fen=\"%D\" data-plot-height=\"%f\">\n"
        "<title id=\"chart-totals-title\">Amounts paid per city: persons and organizers</title>\n",
     W, Hh, W, Hh, top, ph);
  y_axis(H, top, step, left, W - right, y0, ph);
  hf(H, "<text x=\"14\" y=\"%f\" transform=\"rotate(-90 14 %f)\" text-anchor=\"middle\">"
        "金额 amount (元 yuan)</text>\n",
     y0 - ph / 2, y0 - ph / 2);
  /* legend */
  hf(H, "<rect x=\"%f\" y=\"10\" width=\"12\" height=\"12\" fill=\"%r\"/>"
        "<text x=\"%f\" y=\"21\">个人 persons</text>"
        "<rect x=\"%f\" y=\"10\" width=\"12\" height=\"12\" fill=\"%r\"/>"
        "<text x=\"%f\" y=\"21\">机构 organizers</text>\n",
     left, C_PERSON, left + 16, left + 120, C_ORGANIZER, left + 136);
  for (int i = 0; i < c->n; i++) {
    const rt_summary *s = &c->city[i].sum;
    int64_t t = s->person_fen + s->organizer_fen;
    double x = left + slot * i + (slot - bw) / 2;
    double hp = (double)s->person_fen / (double)top * ph;
    double ho = (double)s->organizer_fen / (double)top * ph;
    char lab[40];
    hf(H, "<g class=\"bar\" data-city=\"%s\" data-total-fen=\"%D\">"
          "<title>%s: persons ¥%Y, organizers ¥%Y, in all ¥%Y</title>\n",
       c->city[i].p->name, t, report_city(c->city[i].p), s->person_fen, s->organizer_fen, t);
    hf(H, "<rect class=\"seg person\" x=\"%f\" y=\"%f\" width=\"%f\" height=\"%f\" fill=\"%r\" "
          "data-fen=\"%D\"/>\n",
       x, y0 - hp, bw, hp, C_PERSON, s->person_fen);
    hf(H, "<rect class=\"seg organizer\" x=\"%f\" y=\"%f\" width=\"%f\" height=\"%f\" fill=\"%r\" "
          "data-fen=\"%D\"/>\n",
       x, y0 - hp - ho, bw, ho, C_ORGANIZER, s->organizer_fen);
    hf(H, "<text class=\"value\" x=\"%f\" y=\"%f\" text-anchor=\"middle\">%s</text>\n",
       x + bw / 2, y0 - hp - ho - 6, short_yuan(t, lab));
    hf(H, "<text x=\"%f\" y=\"%f\" text-anchor=\"middle\">%s</text>"
          "<text class=\"xname\" x=\"%f\" y=\"%f\" text-anchor=\"middle\">%s</text>\n</g>\n",
       x + bw / 2, y0 + 20, report_city(c->city[i].p), x + bw / 2, y0 + 36, c->city[i].p->name);
  }
  hf(H, "</svg></div>\n");
}

/* Benefits of all cities, aligned by name in order of first appearance. */
typedef struct ben {
  const char *name, *label;
  int *idx;                  /* [city]: benefit index, or -1 */
} ben;

static int benefit_union(const rt_cmp *c, ben **out)
{
  int n = 0, cap = 8;
  ben *u = malloc((size_t)cap * sizeof *u);
  if (!u)
    abort();
  for (int i = 0; i < c->n; i++)
    for (int b = 0; b < c->city[i].p->n_benefits; b++) {
      const rt_benefit *be = &c->city[i].p->benefits[b];
      int k = 0;
      while (k < n && strcmp(u[k].name, be->name))
        k++;
      if (k == n) {
        if (n == cap) {
          cap *= 2;
          u = realloc(u, (size_t)cap * sizeof *u);
          if (!u)
            abort();
        }
        u[n].name = be->name;
        u[n].label = be->label;
        u[n].idx = malloc((size_t)c->n * sizeof *u[n].idx);
        if (!u[n].idx)
          abort();
        for (int j = 0; j < c->n; j++)
          u[n].idx[j] = -1;
        n++;
      }
      if (u[k].idx[i] < 0)
        u[k].idx[i] = b;
    }
  *out = u;
  return n;
}

static void benefit_union_free(ben *u, int n)
{
  for (int k = 0; k < n; k++)
    free(u[k].idx);
  free(u);
}

static int64_t ben_fen(const rt_cmp_city *cc, int b)
{
  return cc->benefit_fen[b * RT_NPAYEES + RT_PAYEE_PERSON] +
         cc->benefit_fen[b * RT_NPAYEES + RT_PAYEE_ORGANIZER];
}

/* Text cut to at most w display columns, with "…" if it was longer. */
static char *cut_cols(const char *s, int w)
{
  if (report_text_width(s) <= w)
    return report_strf("%s", s);
  size_t n = 0;
  int cw = 0;
  while (s[n]) {
    size_t l = 1;
    while ((s[n + l] & 0xC0) == 0x80)
      l++;
    char ch[8] = {0};
    memcpy(ch, s + n, l < 7 ? l : 7);
    if (cw + report_text_width(ch) > w - 1)
      break;
    cw += report_text_width(ch);
    n += l;
  }
  return report_strf("%.*s…", (int)n, s);
}

/* Benefits as rows, one horizontal bar per city: it grows downwards with
** the benefits and cities, so labels and values stay readable. Bar widths
** are proportional to the amounts (the unit test checks it). */
static void chart_benefits(hrep *H, const ben *u, int nu)
{
  const rt_cmp *c = H->c;
  int64_t max = 0;
  for (int k = 0; k < nu; k++)
    for (int i = 0; i < c->n; i++)
      if (u[k].idx[i] >= 0 && ben_fen(&c->city[i], u[k].idx[i]) > max)
        max = ben_fen(&c->city[i], u[k].idx[i]);
  int64_t step = nice_step(max ? max : 100);
  int64_t top = (max + step - 1) / step * step;
  if (top == 0)
    top = step;
  enum { LABEL_COLS = 26 };
  int lc = 8;
  for (int k = 0; k < nu; k++) {
    int w = report_text_width(u[k].label), nw = (int)strlen(u[k].name);
    w = w > nw ? w : nw;
    lc = w > lc ? w : lc;
  }
  if (lc > LABEL_COLS)
    lc = LABEL_COLS;
  const double left = 16 + lc * 6.6, pw = 620, right = 70, tpad = 40, bottom = 44, bh = 15,
               gap = 16;
  double gh = bh * c->n + gap, W = left + pw + right, ph = gh * nu, Hh = tpad + ph + bottom;
  double legend = 0;
  for (int i = 0; i < c->n; i++)
    legend += 26 + report_text_width(report_city(c->city[i].p)) * 6.5 + 12;
  if (W < left + legend)
    W = left + legend;
  hf(H, "<div class=\"scroll\"><svg id=\"chart-benefits\" class=\"chart\" "
        "xmlns=\"http://www.w3.org/2000/svg\" width=\"%f\" height=\"%f\" viewBox=\"0 0 %f %f\" "
        "role=\"img\" aria-labelledby=\"chart-benefits-title\" data-top-fen=\"%D\" "
        "data-plot-width=\"%f\">\n"
        "<title id=\"chart-benefits-title\">Amount paid per benefit and city</title>\n",
     W, Hh, W, Hh, top, pw);
  /* legend */
  double lx = left;
  for (int i = 0; i < c->n; i++) {
    hf(H, "<rect x=\"%f\" y=\"10\" width=\"12\" height=\"12\" fill=\"%r\"/>"
          "<text x=\"%f\" y=\"21\">%s</text>\n",
       lx, city_color(i), lx + 16, report_city(c->city[i].p));
    lx += 26 + report_text_width(report_city(c->city[i].p)) * 6.5 + 12;
  }
  /* value axis: vertical grid lines, labels under the plot */
  char lab[40];
  for (int64_t v = 0; v <= top; v += step) {
    double x = left + (double)v / (double)top * pw;
    axis_label(v, lab);
    hf(H, "<line class=\"grid\" x1=\"%f\" y1=\"%f\" x2=\"%f\" y2=\"%f\"/>"
          "<text x=\"%f\" y=\"%f\" text-anchor=\"middle\">%s</text>\n",
       x, tpad, x, tpad + ph, x, tpad + ph + 16, lab);
  }
  hf(H, "<line class=\"axis\" x1=\"%f\" y1=\"%f\" x2=\"%f\" y2=\"%f\"/>"
        "<text x=\"%f\" y=\"%f\" text-anchor=\"middle\">金额 amount (元 yuan)</text>\n",
     left, tpad, left, tpad + ph, left + pw / 2, tpad + ph + 36);
  for (int k = 0; k < nu; k++) {
    double gy = tpad + gh * k + gap / 2;
    hf(H, "<g class=\"benefit\" data-benefit=\"%s\">\n", u[k].name);
    char *l1 = cut_cols(u[k].label, LABEL_COLS), *l2 = cut_cols(u[k].name, LABEL_COLS);
    double my = gy + bh * c->n / 2;
    hf(H, "<text x=\"%f\" y=\"%f\" text-anchor=\"end\">%s</text>"
          "<text class=\"xname\" x=\"%f\" y=\"%f\" text-anchor=\"end\">%s</text>\n",
       left - 8, my - 2, l1, left - 8, my + 12, l2);
    free(l1);
    free(l2);
    for (int i = 0; i < c->n; i++) {
      double y = gy + bh * i;
      int b = u[k].idx[i];
      if (b < 0) {
        hf(H, "<text class=\"xname\" x=\"%f\" y=\"%f\">– %s</text>\n", left + 4, y + bh - 4,
           report_city(c->city[i].p));
        continue;
      }
      const rt_cmp_city *cc = &c->city[i];
      int64_t f = ben_fen(cc, b);
      double w = (double)f / (double)top * pw;
      hf(H, "<rect class=\"bar\" data-city=\"%s\" data-fen=\"%D\" x=\"%f\" y=\"%f\" width=\"%f\" "
            "height=\"%f\" fill=\"%r\"><title>%s %s %s: ¥%Y, %D claims</title></rect>"
            "<text class=\"value\" x=\"%f\" y=\"%f\">%s</text>\n",
         cc->p->name, f, left, y + 1, w, bh - 2, city_color(i), report_city(cc->p),
         cc->p->benefits[b].name, cc->p->benefits[b].label, f, cc->benefit_claims[b],
         left + w + 4, y + bh - 4, short_yuan(f, lab));
    }
    hf(H, "</g>\n");
  }
  hf(H, "</svg></div>\n");
}

static void benefits(hrep *H)
{
  const rt_cmp *c = H->c;
  ben *u;
  int nu = benefit_union(c, &u);
  hf(H, "<section id=\"sec-benefits\">\n<h2>补贴项目 <span class=\"en\">Benefits</span></h2>\n"
        "<p class=\"note\">Amount paid per benefit, persons and organizers together; benefits of "
        "the same name are side by side. claims: granted claims in which the benefit paid.</p>\n");
  chart_benefits(H, u, nu);
  hf(H, "<div class=\"scroll\"><table id=\"benefits\">\n<thead><tr><th>benefit 补贴</th>");
  for (int i = 0; i < c->n; i++)
    hf(H, "<th class=\"num\" colspan=\"4\">%s</th>", report_city(c->city[i].p));
  hf(H, "</tr><tr><th></th>");
  for (int i = 0; i < c->n; i++)
    hf(H, "<th class=\"num\">claims</th><th class=\"num\">persons</th>"
          "<th class=\"num\">organizers</th><th class=\"num\">total</th>");
  hf(H, "</tr></thead>\n<tbody>\n");
  for (int k = 0; k < nu; k++) {
    hf(H, "<tr><th scope=\"row\">%s<br><span class=\"en code\">%s</span></th>", u[k].label,
       u[k].name);
    for (int i = 0; i < c->n; i++) {
      const rt_cmp_city *cc = &c->city[i];
      int b = u[k].idx[i];
      if (b < 0) {
        hf(H, "<td class=\"num muted\" colspan=\"4\">—</td>");
        continue;
      }
      int64_t pf = cc->benefit_fen[b * RT_NPAYEES + RT_PAYEE_PERSON];
      int64_t of = cc->benefit_fen[b * RT_NPAYEES + RT_PAYEE_ORGANIZER];
      hf(H, "<td class=\"num\" title=\"%s\">%D</td><td class=\"num\">%Y</td><td class=\"num\">%Y</td>"
            "<td class=\"num\"><strong>%Y</strong></td>",
         cc->p->benefits[b].cite, cc->benefit_claims[b], pf, of, pf + of);
    }
    hf(H, "</tr>\n");
  }
  hf(H, "</tbody>\n</table></div>\n</section>\n");
  benefit_union_free(u, nu);
}

static void groups(hrep *H)
{
  const rt_cmp *c = H->c;
  hf(H, "<section id=\"sec-groups\">\n<h2>人员类别 <span class=\"en\">Person groups</span></h2>\n");
  if (!c->ngroups) {
    hf(H, "<p class=\"note\">The first policy declares no person groups.</p>\n</section>\n");
    return;
  }
  hf(H, "<p class=\"note\">claims: rows naming the group — a claim with several groups counts in "
        "each, so the rows do not add up to the total. Per city: granted claims and yuan paid "
        "to them.</p>\n<div class=\"scroll\"><table id=\"groups\">\n<thead><tr><th>group 人员类别</th>"
        "<th class=\"num\">claims</th>");
  for (int i = 0; i < c->n; i++)
    hf(H, "<th class=\"num\" colspan=\"2\">%s</th>", report_city(c->city[i].p));
  hf(H, "</tr></thead>\n<tbody>\n");
  int hidden = 0;
  for (int g = 0; g < c->ngroups; g++) {
    if (c->group_claims[g] <= 0) {
      hidden++;
      continue;
    }
    hf(H, "<tr><th scope=\"row\">%s<br><span class=\"en code\">%s</span></th>"
          "<td class=\"num\">%D</td>",
       c->group_labels ? c->group_labels[g] : "", c->group_names[g], c->group_claims[g]);
    for (int i = 0; i < c->n; i++)
      hf(H, "<td class=\"num granted\">%D</td><td class=\"num\">¥%Y</td>",
         c->city[i].group_granted[g], c->city[i].group_fen[g]);
    hf(H, "</tr>\n");
  }
  hf(H, "</tbody>\n</table></div>\n");
  if (hidden)
    hf(H, "<p class=\"note\">Not shown: %d %r that no claim names.</p>\n", hidden,
       hidden == 1 ? "group" : "groups");
  hf(H, "</section>\n");
}

#define TOP_REASONS 10

static void reasons(hrep *H)
{
  const rt_cmp *c = H->c;
  char pc[32];
  hf(H, "<section id=\"sec-reasons\">\n<h2>原因 <span class=\"en\">Reasons</span></h2>\n"
        "<p class=\"note\">Top %d reasons per city, by the claims that carry them (any status; "
        "a claim may carry several).</p>\n<table id=\"reasons\">\n<thead><tr><th>city</th>"
        "<th>reason</th><th class=\"num\">claims</th><th class=\"num\">of rows</th>"
        "<th>meaning 说明</th><th>cite 依据</th></tr></thead>\n<tbody>\n",
     TOP_REASONS);
  for (int i = 0; i < c->n; i++) {
    const rt_cmp_city *cc = &c->city[i];
    int *idx = malloc(((size_t)cc->p->n_reasons + 1) * sizeof *idx);
    int n = report_top_reasons(cc, idx);
    int shown = n < TOP_REASONS ? n : TOP_REASONS;
    for (int j = 0; j < shown; j++) {
      const rt_reason *re = &cc->p->reasons[idx[j]];
      if (j == 0)
        hf(H, "<tr><th scope=\"rowgroup\" rowspan=\"%d\">%s</th>", shown + (n > shown),
           report_city(cc->p));
      else
        hf(H, "<tr>");
      hf(H, "<td><code>%s</code></td><td class=\"num\">%D</td><td class=\"num\">%s</td>"
            "<td>%s</td><td>%s</td></tr>\n",
         re->code, cc->reason_claims[idx[j]], report_pct(cc->reason_claims[idx[j]], cc->sum.rows, pc),
         re->message, re->cite);
    }
    if (n > shown)
      hf(H, "<tr><td colspan=\"5\" class=\"muted\">… %d more</td></tr>\n", n - shown);
    if (n == 0)
      hf(H, "<tr><th scope=\"row\">%s</th><td colspan=\"5\" class=\"muted\">none</td></tr>\n",
         report_city(cc->p));
    free(idx);
  }
  hf(H, "</tbody>\n</table>\n</section>\n");
}

static void quotas(hrep *H)
{
  const rt_cmp *c = H->c;
  char pc[32];
  int any = 0;
  for (int i = 0; i < c->n; i++)
    any += c->city[i].p->n_quotas;
  if (!any)
    return;
  hf(H, "<section id=\"sec-quotas\">\n<h2>培训任务 <span class=\"en\">Quotas</span></h2>\n"
        "<p class=\"note\">Planned trainings per key against the claims of this file granted "
        "with a claim date in the quota's year. A quota never changes a decision.</p>\n");
  for (int i = 0; i < c->n; i++) {
    const rt_policy *p = c->city[i].p;
    for (int q = 0; q < p->n_quotas; q++) {
      const rt_quota *qu = &p->quotas[q];
      const int64_t *g = c->city[i].quota_granted ? c->city[i].quota_granted + qu->slot : NULL;
      hf(H, "<h3>%s · %s <span class=\"en\"><code>%s</code>, %D, by <code>%s</code>%r%s%r</span></h3>\n",
         report_city(p), qu->label, qu->name, qu->year, p->fields[qu->field].name,
         *qu->cite ? " (" : "", qu->cite, *qu->cite ? ")" : "");
      hf(H, "<table class=\"quota\" data-policy=\"%s\" data-quota=\"%s\">\n<thead><tr><th>%s</th>"
            "<th class=\"num\">planned</th><th class=\"num\">granted</th>"
            "<th class=\"num\">granted%%</th></tr></thead>\n<tbody>\n",
         p->name, qu->name, p->fields[qu->field].name);
      int64_t tp = 0, tg = 0;
      for (int k = 0; k < qu->n_keys; k++) {
        int64_t got = g ? g[k] : 0;
        tp += qu->planned[k];
        tg += got;
        hf(H, "<tr><td>%s</td><td class=\"num\">%D</td><td class=\"num\">%D</td>"
              "<td class=\"num\">%s</td></tr>\n",
           qu->keys[k], qu->planned[k], got, report_pct(got, qu->planned[k], pc));
      }
      int64_t other = g ? g[qu->n_keys] : 0;
      tg += other;
      hf(H, "<tr><td class=\"muted\">(other)</td><td class=\"num\">-</td><td class=\"num\">%D</td>"
            "<td class=\"num\">-</td></tr>\n<tr><th>(total)</th><th class=\"num\">%D</th>"
            "<th class=\"num\">%D</th><th class=\"num\">%s</th></tr>\n</tbody>\n</table>\n",
         other, tp, tg, report_pct(tg, tp, pc));
    }
  }
  hf(H, "</section>\n");
}

static void matrix(hrep *H)
{
  const rt_cmp *c = H->c;
  char pc[32];
  if (c->n < 2)
    return;
  hf(H, "<section id=\"sec-matrix\">\n<h2>判定不同的申领 <span class=\"en\">Claims decided "
        "differently</span></h2>\n<p class=\"note\">A claim is decided differently by two cities "
        "when its status, its person amount or its organizer amount differ. Each cell above the "
        "diagonal: such claims of the pair, and their share of all %D rows (darker = more).</p>\n"
        "<table id=\"matrix\">\n<thead><tr><th></th>",
     c->rows);
  for (int j = 0; j < c->n; j++)
    hf(H, "<th>%s</th>", report_city(c->city[j].p));
  hf(H, "</tr></thead>\n<tbody>\n");
  for (int i = 0; i < c->n; i++) {
    hf(H, "<tr><th scope=\"row\">%s</th>", report_city(c->city[i].p));
    for (int j = 0; j < c->n; j++) {
      if (j < i) {
        hf(H, "<td class=\"lower\"></td>");
        continue;
      }
      if (j == i) {
        hf(H, "<td class=\"diag\">—</td>");
        continue;
      }
      const rt_cmp_pair *pr = &c->pair[rt_cmp_pair_index(c, i, j)];
      double share = c->rows > 0 ? (double)pr->differ / (double)c->rows : 0;
      double alpha = pr->differ > 0 ? 0.08 + 0.72 * share : 0;
      hf(H, "<td class=\"cell\" data-a=\"%d\" data-b=\"%d\" data-differ=\"%D\" "
            "style=\"background:rgba(225,87,89,%f);color:%r\">"
            "<a href=\"#pair-%d-%d\" style=\"color:inherit\"><strong>%D</strong></a>"
            "<small>%s</small></td>",
         i, j, pr->differ, alpha, alpha > 0.5 ? "#fff" : "inherit", i, j, pr->differ,
         report_pct(pr->differ, c->rows, pc));
    }
    hf(H, "</tr>\n");
  }
  hf(H, "</tbody>\n</table>\n");
  hf(H, "<table id=\"pairs\">\n<thead><tr><th>A</th><th>B</th><th class=\"num\">differ</th>"
        "<th class=\"num\">of rows</th><th class=\"num\">status differs</th>"
        "<th class=\"num\">A pays more</th><th class=\"num\">B pays more</th>"
        "<th class=\"num\">A paid</th><th class=\"num\">B paid</th><th class=\"num\">Δ B−A</th>"
        "</tr></thead>\n<tbody>\n");
  for (int k = 0; k < c->npairs; k++) {
    const rt_cmp_pair *pr = &c->pair[k];
    int64_t d = pr->fen[1] - pr->fen[0];
    hf(H, "<tr><td>%s</td><td>%s</td><td class=\"num\">%D</td><td class=\"num\">%s</td>"
          "<td class=\"num\">%D</td><td class=\"num\">%D</td><td class=\"num\">%D</td>"
          "<td class=\"num\">%Y</td><td class=\"num\">%Y</td><td class=\"num\">%r%Y</td></tr>\n",
       report_city(c->city[pr->a].p), report_city(c->city[pr->b].p), pr->differ,
       report_pct(pr->differ, c->rows, pc), pr->status_differ, pr->a_more, pr->b_more, pr->fen[0],
       pr->fen[1], d > 0 ? "+" : "", d);
  }
  hf(H, "</tbody>\n</table>\n<p class=\"note\">A paid / B paid: totals each city pays to the "
        "differing claims; Δ = B − A.</p>\n</section>\n");
}

/* "聊城市 granted [a, b]" with the status coloured */
static void side_head(hrep *H, const rt_cmp_diff *d, int side, const char *city)
{
  const char *st = rt_cmp_status(d->status[side]);
  hf(H, "%s <span class=\"status %r\">%r</span>", city, st, st);
  const char *rules = d->rules[side], *reasons_ = d->reasons[side];
  if (*rules || *reasons_) {
    hf(H, " [<code>");
    const char *lists[2] = {rules, reasons_};
    int first = 1;
    for (int k = 0; k < 2; k++)
      for (const char *s = lists[k]; *s;) {
        size_t len = strcspn(s, "|");
        char *name = report_strf("%.*s", (int)len, s);
        hf(H, "%r%s", first ? "" : ", ", name);
        free(name);
        first = 0;
        s += len + (s[len] == '|');
      }
    hf(H, "</code>]");
  }
}

static void side_cell(hrep *H, const rt_policy *p, const rt_cmp_diff *d, int side)
{
  report_item *it;
  int any = 0;
  hf(H, "<td>");
  for (int k = 0; k < 2; k++) {
    int n = report_items(p, k ? d->reasons[side] : d->rules[side], &it);
    for (int j = 0; j < n; j++, any++) {
      hf(H, "%r<span class=\"muted\">%r</span> <code>%s</code>", any ? "<br>" : "",
         k ? "reason" : "rule", it[j].name);
      if (*it[j].label)
        hf(H, " %s", it[j].label);
      if (*it[j].cite)
        hf(H, " <span class=\"muted\">(%s)</span>", it[j].cite);
    }
    report_items_free(it, n);
  }
  if (!any)
    hf(H, "<span class=\"muted\">no rule paid, no reason given</span>");
  hf(H, "</td>");
}

static void diffs(hrep *H)
{
  const rt_cmp *c = H->c;
  char pc[32], a[48], b[48];
  if (c->n < 2)
    return;
  hf(H, "<section id=\"diffs\">\n<h2>差异分组 <span class=\"en\">Groups of differences</span></h2>\n"
        "<p class=\"note\">The claims a pair decides differently, grouped by how each city "
        "decided them: the same status, rules and reasons on each side. Largest groups first; "
        "Δ = what the second city pays minus what the first pays.</p>\n");
  for (int k = 0; k < c->npairs; k++) {
    const rt_cmp_pair *pr = &c->pair[k];
    const rt_policy *pa = c->city[pr->a].p, *pb = c->city[pr->b].p;
    const char *ca = report_city(pa), *cb = report_city(pb);
    int64_t d = pr->fen[1] - pr->fen[0];
    report_yuan(d < 0 ? -d : d, 1, a);
    hf(H, "<details class=\"pair\" id=\"pair-%d-%d\"%r>\n<summary>%s vs %s — %D claims decided "
          "differently (%s), %D with another status, Δ %r¥%s</summary>\n",
       pr->a, pr->b, k == 0 ? " open" : "", ca, cb, pr->differ, report_pct(pr->differ, c->rows, pc),
       pr->status_differ, d < 0 ? "-" : d > 0 ? "+" : "", a);
    int shown = report_shown_diffs(H->r, pr);
    if (pr->ndiffs == 0)
      hf(H, "<p>Every claim is decided alike.</p>\n");
    if (shown)
      hf(H, "<ol class=\"diffs\">\n");
    for (int j = 0; j < shown; j++) {
      const rt_cmp_diff *df = &pr->diffs[j];
      int64_t dd = df->fen[1] - df->fen[0];
      hf(H, "<li class=\"diff\" data-claims=\"%D\">", df->claims);
      side_head(H, df, 0, ca);
      hf(H, " vs ");
      side_head(H, df, 1, cb);
      report_yuan(dd < 0 ? -dd : dd, 1, a);
      hf(H, ": <strong>%D claims</strong>, Δ %r¥%s\n<table class=\"explain\"><thead><tr>"
            "<th>%s</th><th>%s</th></tr></thead><tbody><tr>",
         df->claims, dd < 0 ? "-" : dd > 0 ? "+" : "", a, ca, cb);
      side_cell(H, pa, df, 0);
      side_cell(H, pb, df, 1);
      hf(H, "</tr></tbody></table>\n");
      if (df->nexamples) {
        hf(H, "<div class=\"examples\">e.g. ");
        for (int e = 0; e < df->nexamples; e++)
          hf(H, "%r<code>%s</code> ¥%s → ¥%s", e ? ", " : "", df->ex[e].claim_id,
             report_yuan(df->ex[e].fen[0], 1, a), report_yuan(df->ex[e].fen[1], 1, b));
        hf(H, "</div>\n");
      }
      hf(H, "</li>\n");
    }
    if (shown)
      hf(H, "</ol>\n");
    if (shown < pr->ndiffs) {
      int64_t rest = 0;
      for (int j = shown; j < pr->ndiffs; j++)
        rest += pr->diffs[j].claims;
      hf(H, "<p class=\"muted more\">… %d more %r covering %D %r (all of them are in the "
            "CSV and JSON reports).</p>\n",
         pr->ndiffs - shown, pr->ndiffs - shown == 1 ? "group" : "groups", rest,
         rest == 1 ? "claim" : "claims");
    }
    hf(H, "</details>\n");
  }
  hf(H, "</section>\n");
}

static void sheet_table(hrep *H)
{
  const sheet *s = H->r->sheet;
  if (!s)
    return;
  hf(H, "<section id=\"sec-sheet\">\n<h2>政策对照 <span class=\"en\">Policy sheet</span></h2>\n"
        "<p class=\"note\">What each policy says, read from the policy files (not from the "
        "claims). Rows are aligned where the policies share an aspect; — : not in that policy."
        "</p>\n<div class=\"scroll\"><table id=\"sheet\">\n<thead><tr><th></th>");
  for (int i = 0; i < s->ncity; i++)
    hf(H, "<th>%s <span class=\"en code\">%s</span></th>", s->city_zh[i], s->city_en[i]);
  hf(H, "</tr></thead>\n");
  for (int x = 0; x < s->nsec; x++) {
    const sheet_section *sec = &s->sec[x];
    hf(H, "<tbody id=\"sheet-%s\">\n<tr class=\"section\"><th colspan=\"%d\">%s "
          "<span class=\"en\">%s</span></th></tr>\n",
       sec->id, s->ncity + 1, sec->title_zh, sec->title_en);
    for (int y = 0; y < sec->nrows; y++) {
      const sheet_row *row = &sec->rows[y];
      hf(H, "<tr data-key=\"%s\"><th scope=\"row\">%s", row->key, row->label_zh);
      if (*row->label_en)
        hf(H, "%r<span class=\"en code\">%s</span>", *row->label_zh ? "<br>" : "", row->label_en);
      hf(H, "</th>");
      for (int i = 0; i < s->ncity; i++) {
        if (!*row->cells[i] && !*row->cites[i]) {
          hf(H, "<td class=\"empty\">—</td>");
          continue;
        }
        hf(H, "<td>%S", row->cells[i]);
        if (*row->cites[i])
          hf(H, "<div class=\"cite\">%s</div>", row->cites[i]);
        hf(H, "</td>");
      }
      hf(H, "</tr>\n");
    }
    hf(H, "</tbody>\n");
  }
  hf(H, "</table></div>\n</section>\n");
}

static void help(hrep *H)
{
  hf(H, "<section id=\"sec-help\">\n<h2>如何阅读 <span class=\"en\">How to read this "
        "report</span></h2>\n<ul class=\"note\">\n"
        "<li>Every city scored the same claims file with its own policy. "
        "<b>granted</b>: the claim earns a subsidy; <b>denied</b>: a valid claim that earns "
        "nothing; <b>rejected</b>: the input is invalid.</li>\n"
        "<li>Amounts are exact sums in fen (分), shown in yuan (元).</li>\n"
        "<li>A claim is <b>decided differently</b> by two cities when its status or one of its "
        "amounts differs. The matrix counts those claims per pair; the groups of differences "
        "split them by the status, rules and reasons on each side.</li>\n"
        "<li>Rules, reasons and the sheet cite the article of the policy document they encode "
        "(依据). Reasons such as <code>bad_date:claim_date</code> come from reading the claims "
        "file and have no citation.</li>\n"
        "<li>A claim with several person groups counts in each of its groups.</li>\n"
        "<li>The full explanation, and the CSV and JSON forms of this report, are in "
        "<code>docs/report.md</code> in the Polis sources.</li>\n</ul>\n</section>\n");
}

int report_html(const report_in *r, FILE *out)
{
  hrep H = {r, r->cmp, out};
  page_head(&H);
  cards(&H);
  hf(&H, "<section id=\"sec-summary\">\n<h2>汇总 <span class=\"en\">Summary</span></h2>\n");
  hf(&H, "<div class=\"row\">\n");
  summary_table(&H);
  chart_totals(&H);
  hf(&H, "</div>\n</section>\n");
  benefits(&H);
  groups(&H);
  reasons(&H);
  quotas(&H);
  matrix(&H);
  diffs(&H);
  sheet_table(&H);
  help(&H);
  hf(&H, "<footer class=\"muted note\">Generated by <code>polis compare</code>. Self-contained: "
         "no scripts, fonts or files are loaded.</footer>\n</body>\n</html>\n");
  return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}
