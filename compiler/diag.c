#include "diag.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void diag_init(diag_ctx *d, FILE *out)
{
  memset(d, 0, sizeof *d);
  d->out = out;
  d->color = isatty(fileno(out)) && !getenv("NO_COLOR");
}

void diag_free(diag_ctx *d)
{
  for (int i = 0; i < d->nfiles; i++) {
    free(d->files[i].path);
    free(d->files[i].text);
    free(d->files[i].lines);
  }
  free(d->files);
  memset(d, 0, sizeof *d);
}

int diag_add_file(diag_ctx *d, const char *path, char *text, size_t len)
{
  if (d->nfiles == d->capfiles) {
    d->capfiles = d->capfiles ? d->capfiles * 2 : 4;
    d->files = realloc(d->files, sizeof *d->files * (size_t)d->capfiles);
  }
  diag_file *f = &d->files[d->nfiles];
  f->path = strdup(path);
  f->text = text;
  f->len = len;
  int cap = 64;
  f->lines = malloc(sizeof *f->lines * (size_t)cap);
  f->nlines = 0;
  f->lines[f->nlines++] = 0;
  for (size_t i = 0; i < len; i++) {
    if (text[i] == '\n') {
      if (f->nlines == cap) {
        cap *= 2;
        f->lines = realloc(f->lines, sizeof *f->lines * (size_t)cap);
      }
      f->lines[f->nlines++] = (unsigned)(i + 1);
    }
  }
  return d->nfiles++;
}

int utf8_decode(const char *s, size_t n, unsigned *cp)
{
  const unsigned char *u = (const unsigned char *)s;
  if (n == 0) {
    *cp = 0;
    return 1;
  }
  if (u[0] < 0x80) {
    *cp = u[0];
    return 1;
  }
  int len = u[0] >= 0xF0 ? 4 : u[0] >= 0xE0 ? 3 : u[0] >= 0xC0 ? 2 : 0;
  if (len == 0 || (size_t)len > n) {
    *cp = 0xFFFD;
    return 1;
  }
  unsigned c = u[0] & (0x7F >> len);
  for (int i = 1; i < len; i++) {
    if ((u[i] & 0xC0) != 0x80) {
      *cp = 0xFFFD;
      return 1;
    }
    c = (c << 6) | (u[i] & 0x3F);
  }
  *cp = c;
  return len;
}

int utf8_cpwidth(unsigned cp)
{
  if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
      (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD))
    return 2;
  return 1;
}

static int find_line(const diag_file *f, unsigned off)
{
  int lo = 0, hi = f->nlines - 1;
  while (lo < hi) {
    int mid = (lo + hi + 1) / 2;
    if (f->lines[mid] <= off)
      lo = mid;
    else
      hi = mid - 1;
  }
  return lo;
}

void diag_linecol(const diag_ctx *d, int file, unsigned off, int *line, int *col)
{
  const diag_file *f = &d->files[file];
  if (off > f->len)
    off = (unsigned)f->len;
  int ln = find_line(f, off);
  int c = 1;
  for (unsigned i = f->lines[ln]; i < off;) {
    unsigned cp;
    i += (unsigned)utf8_decode(f->text + i, f->len - i, &cp);
    c++;
  }
  *line = ln + 1;
  *col = c;
}

static const char *level_name(diag_level lv)
{
  switch (lv) {
  case DIAG_ERROR: return "error";
  case DIAG_WARNING: return "warning";
  case DIAG_NOTE: return "note";
  case DIAG_HELP: return "help";
  }
  return "?";
}

static const char *level_color(diag_level lv)
{
  switch (lv) {
  case DIAG_ERROR: return "\033[1;31m";
  case DIAG_WARNING: return "\033[1;35m";
  case DIAG_NOTE: return "\033[1;36m";
  case DIAG_HELP: return "\033[1;32m";
  }
  return "";
}

static void count(diag_ctx *d, diag_level lv)
{
  if (lv == DIAG_ERROR)
    d->errors++;
  else if (lv == DIAG_WARNING)
    d->warnings++;
}

/* Print the line holding sp.begin and a caret/tilde underline below it. */
static void print_snippet(diag_ctx *d, span sp)
{
  const diag_file *f = &d->files[sp.file];
  unsigned off = sp.begin > f->len ? (unsigned)f->len : sp.begin;
  int ln = find_line(f, off);
  unsigned ls = f->lines[ln], le = ls;
  while (le < f->len && f->text[le] != '\n' && f->text[le] != '\r')
    le++;
  unsigned end = sp.end > le ? le : sp.end;
  if (end <= off)
    end = off + 1;
  FILE *o = d->out;
  fprintf(o, "%5d | ", ln + 1);
  for (unsigned i = ls; i < le; i++)
    fputc(f->text[i] == '\t' ? ' ' : f->text[i], o);
  fputs("\n      | ", o);
  if (d->color)
    fputs("\033[1;32m", o);
  int first = 1;
  for (unsigned i = ls; i < end && i <= le;) {
    unsigned cp = ' ';
    int n = i < le ? utf8_decode(f->text + i, le - i, &cp) : 1;
    int w = i < le ? utf8_cpwidth(cp) : 1;
    for (int k = 0; k < w; k++) {
      if (i < off)
        fputc(' ', o);
      else {
        fputc(first ? '^' : '~', o);
        first = 0;
      }
    }
    i += (unsigned)n;
  }
  if (d->color)
    fputs("\033[0m", o);
  fputc('\n', o);
}

void diag_vreport(diag_ctx *d, diag_level lv, span sp, const char *fmt, va_list ap)
{
  FILE *o = d->out;
  int promoted = lv == DIAG_WARNING && d->werror;
  if (promoted)
    lv = DIAG_ERROR;
  count(d, lv);
  d->suppressed = d->quiet && lv != DIAG_ERROR;
  if (d->suppressed)
    return;
  if (sp.file >= 0 && sp.file < d->nfiles) {
    int line, col;
    diag_linecol(d, sp.file, sp.begin, &line, &col);
    if (d->color)
      fputs("\033[1m", o);
    fprintf(o, "%s:%d:%d: ", d->files[sp.file].path, line, col);
  } else if (d->color)
    fputs("\033[1m", o);
  if (d->color)
    fprintf(o, "%s%s:\033[0m\033[1m ", level_color(lv), level_name(lv));
  else
    fprintf(o, "%s: ", level_name(lv));
  vfprintf(o, fmt, ap);
  if (promoted)
    fputs(" [--werror]", o);
  if (d->color)
    fputs("\033[0m", o);
  fputc('\n', o);
  if (sp.file >= 0 && sp.file < d->nfiles)
    print_snippet(d, sp);
}

void diag_report(diag_ctx *d, diag_level lv, span sp, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  diag_vreport(d, lv, sp, fmt, ap);
  va_end(ap);
}

void diag_help(diag_ctx *d, const char *fmt, ...)
{
  if (d->suppressed)
    return;
  va_list ap;
  va_start(ap, fmt);
  fputs("      = ", d->out);
  if (d->color)
    fputs("\033[1;32mhelp:\033[0m ", d->out);
  else
    fputs("help: ", d->out);
  vfprintf(d->out, fmt, ap);
  fputc('\n', d->out);
  va_end(ap);
}

void diag_plain(diag_ctx *d, diag_level lv, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  span none = {-1, 0, 0};
  fputs("polis: ", d->out);
  diag_vreport(d, lv, none, fmt, ap);
  va_end(ap);
}
