#include "testutil.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *tu_src_path(const char *rel)
{
  static char buf[4096];
  const char *root = getenv("POLIS_SOURCE_DIR");
  if (!root)
    root = POLIS_SOURCE_DIR;
  snprintf(buf, sizeof buf, "%s/%s", root, rel);
  return buf;
}

char *tu_read_file(const char *path, size_t *len)
{
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  size_t got = fread(buf, 1, (size_t)n, f);
  fclose(f);
  buf[got] = 0;
  if (len)
    *len = got;
  return buf;
}

char *tu_write_temp(const char *text, const char *suffix)
{
  char tmpl[] = "/tmp/polis-test-XXXXXX";
  int fd = mkstemp(tmpl);
  if (fd < 0)
    return NULL;
  close(fd);
  unlink(tmpl);
  size_t n = strlen(tmpl) + strlen(suffix) + 1;
  char *path = malloc(n);
  snprintf(path, n, "%s%s", tmpl, suffix);
  FILE *f = fopen(path, "wb");
  fputs(text, f);
  fclose(f);
  return path;
}


ast_file *pt_parse(pt *p, const char *text)
{
  memset(p, 0, sizeof *p);
  arena_init(&p->A);
  p->out = open_memstream(&p->buf, &p->len);
  diag_init(&p->D, p->out);
  size_t n = strlen(text);
  char *copy = malloc(n + 1);
  memcpy(copy, text, n + 1);
  int fid = diag_add_file(&p->D, "t.polis", copy, n);
  p->f = parse_file(&p->A, &p->D, fid);
  fflush(p->out);
  return p->f;
}

void pt_free(pt *p)
{
  diag_free(&p->D);
  fclose(p->out);
  free(p->buf);
  arena_free(&p->A);
}
