/*
** csv.c — a streaming RFC 4180 reader and the quoting writer.
**
** The reader fills a large buffer with fread and copies each record's cell
** bytes into one reusable buffer, so a record costs no allocation once the
** buffers have grown to the widest row.  Records may span buffer refills.
** Accepted: a UTF-8 BOM at the start, LF, CRLF or a lone CR as the line
** end, quoted cells holding commas, doubled quotes and line breaks.
** A line that is empty or holds only spaces and tabs is skipped.
*/
#include "rt_internal.h"

#include <stdlib.h>

#define CSV_BUFSZ (1u << 20)

void rti_csv_init(rt_csv *c, FILE *f)
{
  memset(c, 0, sizeof *c);
  c->f = f;
  c->buf = rti_malloc(CSV_BUFSZ);
  c->next_line = 1;
  c->cellcap = 64;
  c->cells = rti_malloc((size_t)c->cellcap * sizeof *c->cells);
}

void rti_csv_free(rt_csv *c)
{
  free(c->buf);
  free(c->cells);
  rti_buf_free(&c->data);
  c->buf = NULL;
  c->cells = NULL;
}

/* Returns 1 if bytes are available, 0 at end of input (or error). */
static int refill(rt_csv *c)
{
  if (c->pos < c->end)
    return 1;
  if (c->eof)
    return 0;
  size_t n = fread(c->buf, 1, CSV_BUFSZ, c->f);
  c->pos = 0;
  c->end = n;
  if (n == 0) {
    c->eof = 1;
    if (ferror(c->f))
      c->err = 1;
    return 0;
  }
  if (!c->bom_done) {
    c->bom_done = 1;
    if (n >= 3 && memcmp(c->buf, "\xEF\xBB\xBF", 3) == 0)
      c->pos = 3;
  }
  return c->pos < c->end || refill(c);
}

static void end_cell(rt_csv *c, size_t start)
{
  if (c->ncells == c->cellcap) {
    c->cellcap *= 2;
    c->cells = rti_realloc(c->cells, (size_t)c->cellcap * sizeof *c->cells);
  }
  c->cells[c->ncells].off = start;
  c->cells[c->ncells].len = c->data.n - start;
  c->ncells++;
}

enum { S_CELL_START, S_UNQUOTED, S_QUOTED, S_QUOTE_IN_QUOTED, S_AFTER_QUOTED };

int rti_csv_next(rt_csv *c)
{
  int state, quoted_any;
  size_t cell_start;

again:
  c->ncells = 0;
  c->data.n = 0;
  c->bad_quoting = 0;
  c->started = 0;
  quoted_any = 0;
  state = S_CELL_START;
  cell_start = 0;

  /* A CR ended the previous record; swallow its LF. */
  if (c->skip_lf) {
    if (!refill(c))
      goto eof;
    if (c->buf[c->pos] == '\n')
      c->pos++;
    c->skip_lf = 0;
  }
  c->line = c->next_line;

  for (;;) {
    if (c->pos == c->end && !refill(c))
      goto eof;
    const char *b = c->buf;
    size_t i = c->pos, e = c->end;
    c->started = 1;

    switch (state) {
    case S_CELL_START:
      if (b[i] == '"') {
        quoted_any = 1;
        state = S_QUOTED;
        c->pos = i + 1;
        continue;
      }
      state = S_UNQUOTED;
      /* fall through */
    case S_UNQUOTED:
    case S_AFTER_QUOTED: {
      /* Copy the run up to the next delimiter in one go.  After a closing
      ** quote anything but a delimiter is junk: keep it, flag the row. */
      size_t j = i;
      while (j < e && b[j] != ',' && b[j] != '\n' && b[j] != '\r')
        j++;
      if (j > i) {
        if (state == S_AFTER_QUOTED)
          c->bad_quoting = 1;
        rti_buf_add(&c->data, b + i, j - i);
      }
      c->pos = j;
      if (j == e)
        continue;
      end_cell(c, cell_start);
      c->pos = j + 1;
      if (b[j] == ',') {
        cell_start = c->data.n;
        state = S_CELL_START;
        continue;
      }
      c->next_line++;
      if (b[j] == '\r')
        c->skip_lf = 1;
      goto record;
    }
    case S_QUOTED: {
      const char *q = memchr(b + i, '"', e - i);
      size_t j = q ? (size_t)(q - b) : e;
      for (const char *nl = b + i; (nl = memchr(nl, '\n', (size_t)(b + j - nl)));)
        c->next_line++, nl++;
      rti_buf_add(&c->data, b + i, j - i);
      c->pos = j;
      if (q) {
        c->pos = j + 1;
        state = S_QUOTE_IN_QUOTED;
      }
      continue;
    }
    case S_QUOTE_IN_QUOTED:
      if (b[i] == '"') { /* doubled quote */
        rti_buf_addc(&c->data, '"');
        c->pos = i + 1;
        state = S_QUOTED;
      } else {
        state = S_AFTER_QUOTED;
      }
      continue;
    }
  }

eof:
  if (c->err)
    return -1;
  if (!c->started)
    return 0;
  if (state == S_QUOTED)
    c->bad_quoting = 1;
  end_cell(c, cell_start);

record:
  /* Skip blank lines: one unquoted cell of nothing but spaces. */
  if (c->ncells == 1 && !quoted_any && rti_blank(c->data.p, c->data.n))
    goto again;
  return 1;
}

void rti_csv_put(rt_buf *out, const char *s, size_t n)
{
  size_t i;
  for (i = 0; i < n; i++)
    if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
      break;
  if (i == n) {
    rti_buf_add(out, s, n);
    return;
  }
  rti_buf_addc(out, '"');
  for (i = 0; i < n; i++) {
    if (s[i] == '"')
      rti_buf_addc(out, '"');
    rti_buf_addc(out, s[i]);
  }
  rti_buf_addc(out, '"');
}
