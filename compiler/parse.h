/* The interface between the scanner, the parser and the rest of the
** compiler. */
#ifndef POLIS_PARSE_H
#define POLIS_PARSE_H
#include "arena.h"
#include "ast.h"
#include "diag.h"

typedef struct parse_ctx {
  arena *arena;
  diag_ctx *diag;
  int file;
  unsigned pos;        /* byte offset of the scanner in the file */
  const char *text;
  size_t len;
  ast_file *out;
} parse_ctx;

/* Parse one registered file into an AST; diagnostics go to d.  Returns the
** file even when there were errors (the items that parsed). */
ast_file *parse_file(arena *a, diag_ctx *d, int file);

/* Scanner helpers. */
char *lex_unescape(parse_ctx *ctx, const char *s, size_t n, span sp);
unsigned lex_codepoint(const char *s);

/* Edit distance, for "did you mean" suggestions. */
int lex_distance(const char *a, const char *b);
/* The keyword closest to `word`, or NULL. */
const char *lex_keyword_like(const char *word);
#endif
