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
#endif
