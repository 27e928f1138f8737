/*
** util.c — allocation, growable buffers, hashing and hash tables used
** throughout the runtime.
*/
#include "rt_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static void oom(void)
{
  fputs("polis: out of memory\n", stderr);
  abort();
}

void *rti_malloc(size_t n)
{
  void *p = malloc(n ? n : 1);
  if (!p)
    oom();
  return p;
}

void *rti_calloc(size_t n, size_t size)
{
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p)
    oom();
  return p;
}

void *rti_realloc(void *p, size_t n)
{
  void *q = realloc(p, n ? n : 1);
  if (!q)
    oom();
  return q;
}

void rti_buf_grow(rt_buf *b, size_t extra)
{
  size_t need = b->n + extra;
  size_t cap = b->cap ? b->cap : 64;
  if (need < b->n)
    oom();
  while (cap < need)
    cap *= 2;
  b->p = rti_realloc(b->p, cap);
  b->cap = cap;
}

void rti_buf_free(rt_buf *b)
{
  free(b->p);
  b->p = NULL;
  b->n = b->cap = 0;
}

void rti_buf_varint(rt_buf *b, uint64_t v)
{
  if (b->cap - b->n < 10)
    rti_buf_grow(b, 10);
  while (v >= 0x80) {
    b->p[b->n++] = (char)(v | 0x80);
    v >>= 7;
  }
  b->p[b->n++] = (char)v;
}

/* ---- Hashing ------------------------------------------------------------
** A small 64-bit hash in the style of xxHash64's rounds with a murmur3
** finaliser: fast on long keys and well mixed, which matters because the
** claim_id set trusts 64-bit hashes to be distinct. */

#define P1 0x9E3779B185EBCA87ULL
#define P2 0xC2B2AE3D27D4EB4FULL
#define P3 0x165667B19E3779F9ULL

static inline uint64_t rotl(uint64_t x, int r)
{
  return (x << r) | (x >> (64 - r));
}

static inline uint64_t fmix(uint64_t x)
{
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

uint64_t rti_hash64(const void *data, size_t len, uint64_t seed)
{
  const unsigned char *s = data;
  uint64_t h = seed ^ P3 ^ ((uint64_t)len * P1);
  while (len >= 8) {
    uint64_t k;
    memcpy(&k, s, 8);
    k *= P2;
    k = rotl(k, 31);
    k *= P1;
    h ^= k;
    h = rotl(h, 27) * P1 + P3;
    s += 8;
    len -= 8;
  }
  if (len) {
    uint64_t k = 0;
    memcpy(&k, s, len);
    k *= P2;
    k = rotl(k, 31);
    k *= P1;
    h ^= k;
    h = rotl(h, 23) * P2 + P3;
  }
  return fmix(h);
}

uint64_t rti_claim_hash(const char *s, size_t len)
{
  return rti_hash64(s, len, 0x636c61696d5f6964ULL);
}

/* ---- String map -------------------------------------------------------- */

static void strmap_resize(rt_strmap *m, size_t cap)
{
  rt_strmap_slot *old = m->slot;
  size_t oldcap = m->slot ? m->mask + 1 : 0;
  m->slot = rti_calloc(cap, sizeof *m->slot);
  m->mask = cap - 1;
  for (size_t i = 0; i < oldcap; i++) {
    if (!old[i].key)
      continue;
    size_t j = (size_t)old[i].hash & m->mask;
    while (m->slot[j].key)
      j = (j + 1) & m->mask;
    m->slot[j] = old[i];
  }
  free(old);
}

int rti_strmap_put(rt_strmap *m, const char *key, size_t len, int32_t val)
{
  if (!m->slot || (m->count + 1) * 2 > m->mask + 1)
    strmap_resize(m, m->slot ? (m->mask + 1) * 2 : 16);
  uint64_t h = rti_hash64(key, len, 0);
  size_t j = (size_t)h & m->mask;
  while (m->slot[j].key) {
    rt_strmap_slot *s = &m->slot[j];
    if (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0)
      return 1;
    j = (j + 1) & m->mask;
  }
  m->slot[j].hash = h;
  m->slot[j].key = key;
  m->slot[j].len = (uint32_t)len;
  m->slot[j].val = val;
  m->count++;
  return 0;
}

int32_t rti_strmap_get(const rt_strmap *m, const char *key, size_t len)
{
  if (!m->slot)
    return -1;
  uint64_t h = rti_hash64(key, len, 0);
  size_t j = (size_t)h & m->mask;
  while (m->slot[j].key) {
    const rt_strmap_slot *s = &m->slot[j];
    if (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0)
      return s->val;
    j = (j + 1) & m->mask;
  }
  return -1;
}

void rti_strmap_free(rt_strmap *m)
{
  free(m->slot);
  m->slot = NULL;
  m->mask = m->count = 0;
}

/* ---- 64-bit hash set ---------------------------------------------------
** Slot value 0 means empty, so a hash of 0 is stored as 1: that merges two
** of 2^64 values, which is nothing next to the birthday bound. */

static void u64set_resize(rt_u64set *s, size_t cap)
{
  uint64_t *old = s->slot;
  size_t oldcap = s->slot ? s->mask + 1 : 0;
  s->slot = rti_calloc(cap, sizeof *s->slot);
  s->mask = cap - 1;
  for (size_t i = 0; i < oldcap; i++) {
    if (!old[i])
      continue;
    size_t j = (size_t)old[i] & s->mask;
    while (s->slot[j])
      j = (j + 1) & s->mask;
    s->slot[j] = old[i];
  }
  free(old);
}

int rti_u64set_add(rt_u64set *s, uint64_t h)
{
  if (!h)
    h = 1;
  if (!s->slot || (s->count + 1) * 4 > (s->mask + 1) * 3)
    u64set_resize(s, s->slot ? (s->mask + 1) * 2 : 1024);
  size_t j = (size_t)h & s->mask;
  while (s->slot[j]) {
    if (s->slot[j] == h)
      return 1;
    j = (j + 1) & s->mask;
  }
  s->slot[j] = h;
  s->count++;
  return 0;
}

void rti_u64set_free(rt_u64set *s)
{
  free(s->slot);
  s->slot = NULL;
  s->mask = s->count = 0;
}

double rti_now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}
