/* Helpers shared by the cmocka unit tests. */
#ifndef POLIS_TESTUTIL_H
#define POLIS_TESTUTIL_H
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

/* Absolute path of a file in the source tree (static buffer, one at a time). */
const char *tu_src_path(const char *rel);
/* Read a whole file into a malloc'd NUL-terminated buffer. */
char *tu_read_file(const char *path, size_t *len);
/* Write text to a fresh temporary file; returns its malloc'd path. */
char *tu_write_temp(const char *text, const char *suffix);

/* Parse a policy text (file name t.polis) capturing its diagnostics in buf:
** the fixture of the scanner and parser tests. */
#include "parse.h"
#include <stdio.h>
typedef struct pt {
  arena A;
  diag_ctx D;
  FILE *out;
  char *buf;
  size_t len;
  ast_file *f;
} pt;
ast_file *pt_parse(pt *p, const char *text);
void pt_free(pt *p);
/* Item i of the parsed file (fails the test if there are fewer). */
ast_item *pt_item(pt *p, int i);
void pt_no_diagnostics(pt *p);
/* The captured diagnostics contain text. */
void pt_has_message(pt *p, const char *text);

/* Load and check a program (compile.h) from text, capturing diagnostics in
** buf: the fixture of the semantic tests.  With a header (a `policy` line),
** the claims-v1 schema is imported after it; without, body stands alone. */
#include "compile.h"
typedef struct cu {
  diag_ctx D;
  FILE *out;
  char *buf;
  size_t len;
  char *path;
  polis_unit u;
  sema_model *m;
  int rc;
} cu;
void cu_load(cu *s, const char *header, const char *body, int werror);
void cu_free(cu *s);
void cu_has(cu *s, const char *text);
void cu_lacks(cu *s, const char *text);

/* A policy compiled with the JIT, ready for the runtime: the fixture of the
** codegen and comparison tests.  Diagnostics are captured in dbuf; a
** policy that does not compile fails the test. */
#include "cg.h"
typedef struct tj {
  diag_ctx D;
  FILE *dout;
  char *dbuf;
  size_t dlen;
  char *path;                /* the temporary file of tj_compile, or NULL */
  char *src;                 /* the source path of tj_compile_file, or NULL */
  polis_unit u;
  cg_jit *jit;
  const rt_entry *entry;
  rt_policy *p;
  sema_model *m;
} tj;
/* A test policy: header `policy t "测试" …`, the claims-v1 import, body. */
void tj_compile(tj *j, const char *body);
/* A policy file of the source tree, e.g. "policies/jinan.polis". */
void tj_compile_file(tj *j, const char *rel);
void tj_free(tj *j);

/* A valid 18-character resident ID: 14 digits of prefix, a 3-digit sequence
** number, and the GB 11643 check digit. */
void tu_resident_id(char out[19], const char *prefix14, int seq);
#endif
