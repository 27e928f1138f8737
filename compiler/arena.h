/* Bump allocator: every AST node, string and sema table of one compilation
** lives in one arena and is freed at once. */
#ifndef POLIS_ARENA_H
#define POLIS_ARENA_H
#include <stddef.h>

typedef struct arena_chunk arena_chunk;
typedef struct arena {
  arena_chunk *head;
} arena;

void arena_init(arena *a);
void arena_free(arena *a);
/* Zeroed, 16-byte aligned memory that lives until arena_free. */
void *arena_alloc(arena *a, size_t n);
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_strdup(arena *a, const char *s);
char *arena_printf(arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A growable array of pointers allocated from an arena. */
typedef struct ptrvec {
  void **v;
  int n, cap;
} ptrvec;
void ptrvec_push(arena *a, ptrvec *pv, void *p);
#endif
