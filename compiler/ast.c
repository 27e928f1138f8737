#include "ast.h"

ast_expr *ast_expr_new(arena *a, ast_ekind k, span sp)
{
  ast_expr *e = arena_alloc(a, sizeof *e);
  e->kind = k;
  e->sp = sp;
  e->reason = -1;
  e->membership_field = -1;
  return e;
}

ast_expr *ast_bin(arena *a, int op, ast_expr *l, ast_expr *r)
{
  ast_expr *e = ast_expr_new(a, EX_BIN, span_join(l->sp, r->sp));
  e->op = op;
  e->a = l;
  e->b = r;
  return e;
}

ast_item *ast_item_new(arena *a, ast_ikind k, span sp)
{
  ast_item *it = arena_alloc(a, sizeof *it);
  it->kind = k;
  it->sp = sp;
  it->file = sp.file;
  return it;
}

ast_ident *ast_ident_new(arena *a, const char *name, span sp)
{
  ast_ident *id = arena_alloc(a, sizeof *id);
  id->name = name;
  id->sp = sp;
  return id;
}

const char *ast_binop_str(int op)
{
  static const char *const s[] = {"or", "and", "==", "!=", "<", "<=", ">", ">=",
                                  "+", "-", "*", "of"};
  return (op >= 0 && op <= OP_OF) ? s[op] : "?";
}
