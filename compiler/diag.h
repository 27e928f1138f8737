/* Diagnostics: file:line:col: severity: message, then the source line and a
** caret underline, clang style.  Columns count characters, and the caret is
** placed by display width so it lines up under Chinese text too. */
#ifndef POLIS_DIAG_H
#define POLIS_DIAG_H
#include <stdarg.h>
#include <stdio.h>

/* A source range: byte offsets [begin, end) into file `file`. */
typedef struct span {
  int file;
  unsigned begin, end;
} span;

typedef enum diag_level { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE, DIAG_HELP } diag_level;

typedef struct diag_file {
  char *path;
  char *text;
  size_t len;
  unsigned *lines;   /* byte offset of each line start */
  int nlines;
} diag_file;

typedef struct diag_ctx {
  diag_file *files;
  int nfiles, capfiles;
  int errors, warnings;
  FILE *out;
  int color;
  int werror;        /* warnings count as errors */
  int quiet;         /* count warnings and notes, print only errors */
  int suppressed;    /* the last diagnostic was not printed (nor its help) */
} diag_ctx;

void diag_init(diag_ctx *d, FILE *out);
void diag_free(diag_ctx *d);
/* Register a source text (taking ownership of text, which must be
** NUL-terminated); returns its file index. */
int diag_add_file(diag_ctx *d, const char *path, char *text, size_t len);
/* Line and column (1-based, columns in characters) of a byte offset. */
void diag_linecol(const diag_ctx *d, int file, unsigned off, int *line, int *col);

void diag_report(diag_ctx *d, diag_level lv, span sp, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void diag_vreport(diag_ctx *d, diag_level lv, span sp, const char *fmt, va_list ap);
/* A help line attached to the diagnostic just printed (no location). */
void diag_help(diag_ctx *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A message without a source location: "polis: error: ...". */
void diag_plain(diag_ctx *d, diag_level lv, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define diag_error(d, sp, ...) diag_report((d), DIAG_ERROR, (sp), __VA_ARGS__)
#define diag_warning(d, sp, ...) diag_report((d), DIAG_WARNING, (sp), __VA_ARGS__)
#define diag_note(d, sp, ...) diag_report((d), DIAG_NOTE, (sp), __VA_ARGS__)

static inline span span_join(span a, span b)
{
  span s = a;
  if (b.file == a.file) {
    if (b.begin < s.begin) s.begin = b.begin;
    if (b.end > s.end) s.end = b.end;
  }
  return s;
}

/* Decode one UTF-8 character at s (n bytes available); returns its length
** (>= 1) and stores the code point, or U+FFFD for a bad sequence. */
int utf8_decode(const char *s, size_t n, unsigned *cp);
/* Terminal display width of a code point: 2 for East Asian wide. */
int utf8_cpwidth(unsigned cp);
#endif
