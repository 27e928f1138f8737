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

ast_item *pt_item(pt *p, int i)
{
  if (i >= p->f->items.n)
    fail_msg("only %d items; diagnostics:\n%s", p->f->items.n, p->buf);
  return p->f->items.v[i];
}

void pt_no_diagnostics(pt *p)
{
  if (p->D.errors || p->D.warnings)
    fail_msg("unexpected diagnostics:\n%s", p->buf);
}

void pt_has_message(pt *p, const char *text)
{
  if (!strstr(p->buf, text))
    fail_msg("expected '%s' in the diagnostics:\n%s", text, p->buf);
}

void tu_resident_id(char out[19], const char *prefix14, int seq)
{
  static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  char s[40];
  snprintf(s, sizeof s, "%.14s%03d", prefix14, seq);
  int sum = 0;
  for (int i = 0; i < 17; i++)
    sum += (s[i] - '0') * w[i];
  memcpy(out, s, 17);
  out[17] = "10X98765432"[sum % 11];
  out[18] = 0;
}

void cu_load(cu *s, const char *header, const char *body, int werror)
{
  memset(s, 0, sizeof *s);
  char *text = NULL;
  size_t tlen = 0;
  FILE *t = open_memstream(&text, &tlen);
  if (header)
    fprintf(t, "%s\nimport \"%s\"\n", header, tu_src_path("policies/claims-v1.polis"));
  fputs(body, t);
  fclose(t);
  s->path = tu_write_temp(text, ".polis");
  free(text);
  assert_non_null(s->path);
  s->out = open_memstream(&s->buf, &s->len);
  diag_init(&s->D, s->out);
  s->D.werror = werror;
  s->rc = unit_load(&s->u, &s->D, s->path);
  fflush(s->out);
  s->m = s->u.model;
}

void cu_free(cu *s)
{
  unit_free(&s->u);
  diag_free(&s->D);
  fclose(s->out);
  free(s->buf);
  if (s->path) {
    unlink(s->path);
    free(s->path);
  }
}

void cu_has(cu *s, const char *text)
{
  if (!strstr(s->buf, text))
    fail_msg("expected '%s' in the diagnostics:\n%s", text, s->buf);
}

void cu_lacks(cu *s, const char *text)
{
  if (strstr(s->buf, text))
    fail_msg("did not expect '%s' in the diagnostics:\n%s", text, s->buf);
}

/* ---- JIT-compiled policies ---------------------------------------------- */

static const char TJ_HEADER[] =
  "policy t \"测试\" city \"测试市\" source \"测试〔2020〕1号\"\n"
  "  issued 2020-01-01 effective 2020-01-01 to 2020-12-31\n";

static void tj_load(tj *j, const char *path)
{
  j->dout = open_memstream(&j->dbuf, &j->dlen);
  diag_init(&j->D, j->dout);
  int rc = unit_load(&j->u, &j->D, path);
  fflush(j->dout);
  if (rc != 0 || j->D.errors)
    fail_msg("policy did not compile:\n%s", j->dbuf);
  j->m = j->u.model;
  char *err = NULL;
  if (cg_llvm_init(&err))
    fail_msg("llvm init: %s", err);
  j->jit = cg_jit_create(&err);
  if (!j->jit)
    fail_msg("jit: %s", err);
  char *desc = cg_descriptor(j->m);
  LLVMModuleRef M = cg_build_module(j->m, cg_jit_context(j->jit), desc, 0);
  free(desc);
  if (cg_jit_add(j->jit, M, &j->entry, &err))
    fail_msg("jit add: %s", err);
  assert_non_null(j->entry);
  assert_int_equal(j->entry->abi_version, RT_ABI_VERSION);
  char msg[256];
  j->p = rt_policy_load(j->entry, msg, sizeof msg);
  if (!j->p)
    fail_msg("descriptor rejected: %s", msg);
}

void tj_compile(tj *j, const char *body)
{
  memset(j, 0, sizeof *j);
  char *text = NULL;
  size_t tlen = 0;
  FILE *t = open_memstream(&text, &tlen);
  fprintf(t, "%simport \"%s\"\n%s", TJ_HEADER, tu_src_path("policies/claims-v1.polis"), body);
  fclose(t);
  j->path = tu_write_temp(text, ".polis");
  free(text);
  assert_non_null(j->path);
  tj_load(j, j->path);
}

void tj_compile_file(tj *j, const char *rel)
{
  memset(j, 0, sizeof *j);
  /* unit_load keeps the path: it lives as long as the fixture. */
  j->src = strdup(tu_src_path(rel));
  tj_load(j, j->src);
}

void tj_free(tj *j)
{
  if (j->p)
    rt_policy_free(j->p);
  cg_jit_free(j->jit);
  unit_free(&j->u);
  diag_free(&j->D);
  fclose(j->dout);
  free(j->dbuf);
  if (j->path) {
    unlink(j->path);
    free(j->path);
  }
  free(j->src);
}
