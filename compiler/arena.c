#include "arena.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct arena_chunk {
  arena_chunk *next;
  size_t used, cap;
  _Alignas(16) unsigned char data[];
};

void arena_init(arena *a) { a->head = NULL; }

void arena_free(arena *a)
{
  arena_chunk *c = a->head;
  while (c) {
    arena_chunk *next = c->next;
    free(c);
    c = next;
  }
  a->head = NULL;
}

void *arena_alloc(arena *a, size_t n)
{
  n = (n + 15) & ~(size_t)15;
  arena_chunk *c = a->head;
  if (!c || c->cap - c->used < n) {
    size_t cap = n > 60000 ? n : 60000;
    c = malloc(sizeof *c + cap);
    if (!c) {
      fputs("polis: out of memory\n", stderr);
      abort();
    }
    c->cap = cap;
    c->used = 0;
    c->next = a->head;
    a->head = c;
  }
  void *p = c->data + c->used;
  c->used += n;
  memset(p, 0, n);
  return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
  char *p = arena_alloc(a, n + 1);
  memcpy(p, s, n);
  p[n] = 0;
  return p;
}

char *arena_strdup(arena *a, const char *s) { return arena_strndup(a, s, strlen(s)); }

char *arena_printf(arena *a, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *p = arena_alloc(a, (size_t)n + 1);
  va_start(ap, fmt);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return p;
}

void ptrvec_push(arena *a, ptrvec *pv, void *p)
{
  if (pv->n == pv->cap) {
    int cap = pv->cap ? pv->cap * 2 : 8;
    void **v = arena_alloc(a, sizeof(void *) * (size_t)cap);
    if (pv->n)
      memcpy(v, pv->v, sizeof(void *) * (size_t)pv->n);
    pv->v = v;
    pv->cap = cap;
  }
  pv->v[pv->n++] = p;
}
