/* Loading a policy: read files, follow imports, hash the source, check. */
#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include "compile.h"
#include "parse.h"
#include "polis_rt.h"

char *polis_read_file(const char *path, size_t *len)
{
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  for (;;) {
    if (cap - n < 4096) {
      cap *= 2;
      buf = realloc(buf, cap);
    }
    size_t got = fread(buf + n, 1, cap - n - 1, f);
    n += got;
    if (got == 0)
      break;
  }
  int err = ferror(f);
  fclose(f);
  if (err) {
    free(buf);
    return NULL;
  }
  buf[n] = 0;
  *len = n;
  return buf;
}

typedef struct loader {
  polis_unit *u;
  ptrvec items;
  ptrvec paths;        /* canonical paths already loaded */
  char *hash_input;    /* concatenated sources, for the source hash */
  size_t hash_len;
  char *used;          /* per table override: matched a table */
} loader;

static int load_file(loader *L, const char *path, span from);

static int already_loaded(loader *L, const char *canon)
{
  for (int i = 0; i < L->paths.n; i++)
    if (!strcmp(L->paths.v[i], canon))
      return 1;
  return 0;
}

static void hash_more(loader *L, const char *text, size_t len)
{
  L->hash_input = realloc(L->hash_input, L->hash_len + len);
  memcpy(L->hash_input + L->hash_len, text, len);
  L->hash_len += len;
}

/* A standards table's CSV is read here, with the sources, so its bytes are
** covered by the source hash and its errors can point into it. */
static void load_table(loader *L, ast_item *it, const char *dir)
{
  polis_unit *u = L->u;
  const char *path = NULL;
  size_t nlen = strlen(it->name);
  for (int i = 0; i < u->ntables; i++)
    if (!strncmp(u->tables[i], it->name, nlen) && u->tables[i][nlen] == '=') {
      path = u->tables[i] + nlen + 1;
      L->used[i] = 1;
    }
  if (!path)
    path = it->path[0] == '/' ? arena_strdup(&u->A, it->path) : arena_printf(&u->A, "%s/%s", dir, it->path);
  size_t len;
  char *text = polis_read_file(path, &len);
  if (!text) {
    diag_error(u->D, it->path_sp, "cannot read table '%s' from '%s': %s", it->name, path, strerror(errno));
    return;
  }
  hash_more(L, text, len);
  it->path = arena_strdup(&u->A, path);
  it->table_fid = diag_add_file(u->D, path, text, len);
}

static int load_file(loader *L, const char *path, span from)
{
  polis_unit *u = L->u;
  char *canon = realpath(path, NULL);
  if (!canon) {
    if (from.file >= 0) {
      diag_error(u->D, from, "cannot import '%s': %s", path, strerror(errno));
    } else
      diag_plain(u->D, DIAG_ERROR, "cannot read '%s': %s", path, strerror(errno));
    return -1;
  }
  if (already_loaded(L, canon)) {
    free(canon);
    return 0;
  }
  ptrvec_push(&u->A, &L->paths, arena_strdup(&u->A, canon));
  free(canon);
  size_t len;
  char *text = polis_read_file(path, &len);
  if (!text) {
    diag_plain(u->D, DIAG_ERROR, "cannot read '%s': %s", path, strerror(errno));
    return -1;
  }
  hash_more(L, text, len);
  int fid = diag_add_file(u->D, path, text, len);
  ast_file *af = parse_file(&u->A, u->D, fid);
  /* Imports first, so a policy sees the schema it imports. */
  char *dircopy = strdup(path);
  const char *dir = dirname(dircopy);
  for (int i = 0; i < af->items.n; i++) {
    ast_item *it = af->items.v[i];
    if (it->kind != IT_IMPORT)
      continue;
    char *p = it->label[0] == '/' ? arena_strdup(&u->A, it->label)
                                  : arena_printf(&u->A, "%s/%s", dir, it->label);
    load_file(L, p, it->name_sp);
  }
  for (int i = 0; i < af->items.n; i++) {
    ast_item *it = af->items.v[i];
    if (it->kind == IT_TABLE)
      load_table(L, it, dir);
  }
  free(dircopy);
  for (int i = 0; i < af->items.n; i++)
    ptrvec_push(&u->A, &L->items, af->items.v[i]);
  return 0;
}

int unit_load(polis_unit *u, diag_ctx *D, const char *path)
{
  return unit_load_tables(u, D, path, NULL, 0);
}

int unit_load_tables(polis_unit *u, diag_ctx *D, const char *path, const char *const *tables,
                     int ntables)
{
  return unit_load_overrides(u, D, path, tables, ntables, NULL);
}

int unit_load_overrides(polis_unit *u, diag_ctx *D, const char *path, const char *const *tables,
                        int ntables, unsigned char *used)
{
  memset(u, 0, sizeof *u);
  arena_init(&u->A);
  u->D = D;
  u->path = path;
  u->tables = tables;
  u->ntables = ntables;
  loader L = {0};
  L.u = u;
  L.used = arena_alloc(&u->A, (size_t)ntables + 1);
  int errors_before = D->errors;
  span none = {-1, 0, 0};
  if (load_file(&L, path, none) < 0) {
    free(L.hash_input);
    return -1;
  }
  for (int i = 0; i < ntables; i++)
    if (used)
      used[i] |= L.used[i];
    else if (!L.used[i])
      diag_plain(D, DIAG_ERROR, "--table %s: the policy has no such table", tables[i]);
  rt_sha256_hex(L.hash_input ? L.hash_input : "", L.hash_len, u->source_hash);
  free(L.hash_input);
  u->model = sema_check(&u->A, D, &L.items, u->source_hash);
  return D->errors > errors_before ? -1 : 0;
}

void unit_free(polis_unit *u)
{
  arena_free(&u->A);
}
