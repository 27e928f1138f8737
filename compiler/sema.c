/*
** sema.c — semantic analysis of a Polis program.
**
** Resolves names (fields, categories, params, enum members), infers and
** checks types with their units (money, rates, percentages, dates, days),
** warns about `by` matches that leave enum members out and about rules
** without a citation, and builds the policy model.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "parse.h"
#include "sema.h"

typedef sema_model M;

static const ty T_ERR = {TY_ERROR, -1};
static const ty T_BOOL = {TY_BOOL, -1};
static const ty T_INT = {TY_INT, -1};
static const ty T_MONEY = {TY_MONEY, -1};
static const ty T_RATE = {TY_RATE, -1};
static const ty T_PCT = {TY_PERCENT, -1};
static const ty T_DATE = {TY_DATE, -1};
static const ty T_DAYS = {TY_DAYS, -1};
static const ty T_TEXT = {TY_TEXT, -1};
static const ty T_TEXTSET = {TY_TEXTSET, -1};
static const ty T_NONE = {TY_ERROR, -2};   /* "no expectation" */

static int ty_eq(ty a, ty b) { return a.k == b.k && (a.k != TY_ENUM && a.k != TY_SET ? 1 : a.en == b.en); }
static int ty_err(ty t) { return t.k == TY_ERROR; }
static ty ty_enum(int en) { ty t = {TY_ENUM, en}; return t; }
static ty ty_set(int en) { ty t = {TY_SET, en}; return t; }

const char *sema_type_name(M *m, ty t)
{
  switch (t.k) {
  case TY_ERROR: return "<error>";
  case TY_BOOL: return "bool";
  case TY_INT: return "int";
  case TY_MONEY: return "money";
  case TY_RATE: return "money per day";
  case TY_PERCENT: return "percent";
  case TY_DATE: return "date";
  case TY_DAYS: return "days";
  case TY_TEXT: return "text";
  case TY_TEXTSET: return "set of text";
  case TY_RESID: return "resident_id";
  case TY_ENUM: return ((sema_enum *)m->enums.v[t.en])->name;
  case TY_SET: return arena_printf(m->A, "set of %s", ((sema_enum *)m->enums.v[t.en])->name);
  }
  return "?";
}

static const char *full_cite(M *m, const char *cite)
{
  if (!cite)
    return NULL;
  /* A bare article ("第15条") cites the policy's own document. */
  if (m->policy && m->policy->source && !strstr(cite, "〔") && !strstr(cite, "号"))
    return arena_printf(m->A, "%s %s", m->policy->source, cite);
  return cite;
}

/* ---- lookups --------------------------------------------------------------- */

static sema_enum *find_enum(M *m, const char *name)
{
  for (int i = 0; i < m->enums.n; i++)
    if (!strcmp(((sema_enum *)m->enums.v[i])->name, name))
      return m->enums.v[i];
  return NULL;
}

sema_field *sema_find_field(M *m, const char *name)
{
  for (int i = 0; i < m->fields.n; i++)
    if (!strcmp(((sema_field *)m->fields.v[i])->name, name))
      return m->fields.v[i];
  return NULL;
}

static sema_named *find_named(ptrvec *pv, const char *name)
{
  for (int i = 0; i < pv->n; i++)
    if (!strcmp(((sema_named *)pv->v[i])->item->name, name))
      return pv->v[i];
  return NULL;
}

static int member_index(sema_enum *e, const char *name)
{
  for (int i = 0; i < e->members.n; i++)
    if (!strcmp(((ast_member *)e->members.v[i])->name, name))
      return i;
  return -1;
}

int sema_find_reason(M *m, const char *code)
{
  for (int i = 0; i < m->reasons.n; i++)
    if (!strcmp(((sema_reason *)m->reasons.v[i])->code, code))
      return i;
  return -1;
}

int sema_symbol(M *m, const char *text)
{
  for (int i = 0; i < m->symbols.n; i++)
    if (!strcmp(m->symbols.v[i], text))
      return i;
  return -1;
}

static int add_symbol(M *m, const char *text)
{
  int i = sema_symbol(m, text);
  if (i >= 0)
    return i;
  ptrvec_push(m->A, &m->symbols, (void *)text);
  return m->symbols.n - 1;
}

/* The field of type `set of en`, if there is exactly one. */
static int set_field_of(M *m, int en)
{
  int found = -1;
  for (int i = 0; i < m->fields.n; i++) {
    sema_field *f = m->fields.v[i];
    if (f->type.k == TY_SET && f->type.en == en) {
      if (found >= 0)
        return -2;
      found = i;
    }
  }
  return found;
}

/* "Did you mean": the closest known name within a small edit distance. */
static const char *suggest(M *m, const char *name, int members_too)
{
  const char *best = NULL;
  int bestd = (int)strlen(name) / 3 + 1;
  if (bestd > 3)
    bestd = 3;
#define TRY(s)                                          \
  do {                                                  \
    int d_ = lex_distance(name, (s));                   \
    if (d_ <= bestd && (!best || d_ < lex_distance(name, best))) \
      best = (s);                                       \
  } while (0)
  for (int i = 0; i < m->fields.n; i++)
    TRY(((sema_field *)m->fields.v[i])->name);
  for (int i = 0; i < m->categories.n; i++)
    TRY(((sema_named *)m->categories.v[i])->item->name);
  for (int i = 0; i < m->params.n; i++)
    TRY(((sema_named *)m->params.v[i])->item->name);
  if (members_too)
    for (int i = 0; i < m->enums.n; i++) {
      sema_enum *e = m->enums.v[i];
      for (int j = 0; j < e->members.n; j++)
        TRY(((ast_member *)e->members.v[j])->name);
    }
#undef TRY
  return best;
}

static const char *suggest_member(sema_enum *e, const char *name)
{
  const char *best = NULL;
  int bestd = 3;
  for (int j = 0; j < e->members.n; j++) {
    const char *c = ((ast_member *)e->members.v[j])->name;
    int d = lex_distance(name, c);
    if (d < bestd) {
      bestd = d;
      best = c;
    }
  }
  return best;
}

/* ---- expressions ------------------------------------------------------------ */

static ty check_expr(M *m, ast_expr *e, ty expect);
static void check_named(M *m, sema_named *n, int is_category);

static int is_bare_member(M *m, ast_expr *e)
{
  return e->kind == EX_NAME && !sema_find_field(m, e->name) && !find_named(&m->categories, e->name) &&
         !find_named(&m->params, e->name);
}

static ty resolve_name(M *m, ast_expr *e, ty expect)
{
  sema_field *f = sema_find_field(m, e->name);
  if (f) {
    e->bind = BIND_FIELD;
    e->bind_idx = f->index;
    return f->type;
  }
  sema_named *n = find_named(&m->categories, e->name);
  if (n) {
    check_named(m, n, 1);
    e->bind = BIND_CATEGORY;
    e->bind_ptr = n;
    return n->type;
  }
  n = find_named(&m->params, e->name);
  if (n) {
    check_named(m, n, 0);
    e->bind = BIND_PARAM;
    e->bind_ptr = n;
    return n->type;
  }
  /* An enum member: the expected type picks the enum. */
  int cands[16], nc = 0;
  for (int i = 0; i < m->enums.n && nc < 16; i++)
    if (member_index(m->enums.v[i], e->name) >= 0)
      cands[nc++] = i;
  if (nc > 0) {
    int en = -1;
    if (expect.k == TY_ENUM || expect.k == TY_SET) {
      for (int i = 0; i < nc; i++)
        if (cands[i] == expect.en)
          en = cands[i];
      if (en < 0) {
        sema_enum *want = m->enums.v[expect.en];
        diag_error(m->D, e->sp, "'%s' is not a member of enum '%s'", e->name, want->name);
        const char *s = suggest_member(want, e->name);
        if (s)
          diag_help(m->D, "did you mean '%s'?", s);
        return T_ERR;
      }
    } else if (expect.k == TY_BOOL || expect.en == -2) {
      /* A bare group name in a condition means "the claim's groups contain it". */
      int sf = -1, which = -1;
      for (int i = 0; i < nc; i++) {
        int s = set_field_of(m, cands[i]);
        if (s >= 0) {
          sf = s;
          which = cands[i];
        }
      }
      if (sf >= 0 && (expect.k == TY_BOOL || nc == 1)) {
        e->bind = BIND_MEMBERSHIP;
        e->membership_field = sf;
        e->bind_idx = member_index(m->enums.v[which], e->name);
        e->bind_ptr = m->enums.v[which];
        return T_BOOL;
      }
    }
    /* A member of one enum only is that enum's member whatever the context;
    ** the caller then reports a type mismatch if it is out of place. */
    if (en < 0 && nc == 1)
      en = cands[0];
    if (en < 0) {
      diag_error(m->D, e->sp, "'%s' is a member of several enums", e->name);
      diag_help(m->D, "qualify it, e.g. '%s.%s' or '%s.%s'", ((sema_enum *)m->enums.v[cands[0]])->name,
                e->name, ((sema_enum *)m->enums.v[cands[nc > 1]])->name, e->name);
      return T_ERR;
    }
    e->bind = BIND_MEMBER;
    e->bind_idx = member_index(m->enums.v[en], e->name);
    e->bind_ptr = m->enums.v[en];
    return ty_enum(en);
  }
  diag_error(m->D, e->sp, "unknown name '%s'", e->name);
  const char *s = suggest(m, e->name, 1);
  if (s)
    diag_help(m->D, "did you mean '%s'?", s);
  return T_ERR;
}

static ty check_qname(M *m, ast_expr *e)
{
  sema_enum *en = find_enum(m, e->name);
  if (!en) {
    diag_error(m->D, e->name_sp, "unknown enum '%s'", e->name);
    return T_ERR;
  }
  int k = member_index(en, e->name2);
  if (k < 0) {
    diag_error(m->D, e->name2_sp, "'%s' is not a member of enum '%s'", e->name2, en->name);
    const char *s = suggest_member(en, e->name2);
    if (s)
      diag_help(m->D, "did you mean '%s.%s'?", en->name, s);
    return T_ERR;
  }
  e->bind = BIND_MEMBER;
  e->bind_idx = k;
  e->bind_ptr = en;
  return ty_enum(en->index);
}

static ty expect_type(M *m, ast_expr *e, ty want, const char *what)
{
  /* A bare count where days are expected is a number of days ("days: 7"). */
  if (want.k == TY_DAYS && e->kind == EX_INT)
    e->kind = EX_DAYS;
  ty t = check_expr(m, e, want);
  if (ty_err(t) || ty_eq(t, want))
    return want;
  diag_error(m->D, e->sp, "%s must be %s, but this is %s", what, sema_type_name(m, want),
             sema_type_name(m, t));
  if (want.k == TY_MONEY && t.k == TY_INT && e->kind == EX_INT)
    diag_help(m->D, "write an amount with its unit: '%lld yuan'", (long long)e->ival);
  else if (want.k == TY_MONEY && t.k == TY_RATE)
    diag_help(m->D, "a rate pays per day: multiply it by a number of days, e.g. '* days'");
  return T_ERR;
}

static int numeric_ordered(ty t)
{
  return t.k == TY_INT || t.k == TY_MONEY || t.k == TY_PERCENT || t.k == TY_DATE ||
         t.k == TY_DAYS || t.k == TY_RATE;
}

static void unit_error(M *m, ast_expr *e, ty a, ty b)
{
  const char *verb = e->op == OP_ADD ? "add" : e->op == OP_SUB ? "subtract" : "multiply";
  const char *prep = e->op == OP_SUB ? "from" : e->op == OP_ADD ? "to" : "by";
  if (e->op == OP_SUB)
    diag_error(m->D, e->sp, "cannot subtract %s from %s", sema_type_name(m, b), sema_type_name(m, a));
  else
    diag_error(m->D, e->sp, "cannot %s %s %s %s", verb, sema_type_name(m, a), prep, sema_type_name(m, b));
  if ((a.k == TY_MONEY && b.k == TY_INT) || (a.k == TY_INT && b.k == TY_MONEY)) {
    if (e->op != OP_MUL)
      diag_help(m->D, "an int is a count, not an amount: write amounts with a unit, e.g. '300 yuan'");
  } else if ((a.k == TY_MONEY && b.k == TY_DAYS) || (a.k == TY_DAYS && b.k == TY_MONEY))
    diag_help(m->D, "to pay an amount per day, write a rate: '15 yuan per day * days'");
  else if (a.k == TY_DATE && b.k == TY_INT)
    diag_help(m->D, "add a duration to a date: '30 days'");
  else if (a.k == TY_PERCENT || b.k == TY_PERCENT)
    diag_help(m->D, "take a share of an amount with 'of': '60%% of 300 yuan'");
}

static ty check_arith(M *m, ast_expr *e)
{
  ty a = check_expr(m, e->a, T_NONE), b = check_expr(m, e->b, T_NONE);
  if (ty_err(a) || ty_err(b))
    return T_ERR;
  ty_kind x = a.k, y = b.k;
  switch (e->op) {
  case OP_ADD:
    if (x == y && (x == TY_INT || x == TY_MONEY || x == TY_DAYS || x == TY_PERCENT || x == TY_RATE))
      return a;
    if ((x == TY_DATE && y == TY_DAYS) || (x == TY_DAYS && y == TY_DATE))
      return T_DATE;
    break;
  case OP_SUB:
    if (x == y && (x == TY_INT || x == TY_MONEY || x == TY_DAYS || x == TY_PERCENT || x == TY_RATE))
      return a;
    if (x == TY_DATE && y == TY_DATE)
      return T_DAYS;
    if (x == TY_DATE && y == TY_DAYS)
      return T_DATE;
    break;
  case OP_MUL:
    if (x == TY_INT && y == TY_INT)
      return T_INT;
    if ((x == TY_MONEY && y == TY_INT) || (x == TY_INT && y == TY_MONEY))
      return T_MONEY;
    if ((x == TY_RATE && y == TY_DAYS) || (x == TY_DAYS && y == TY_RATE))
      return T_MONEY;
    if ((x == TY_RATE && y == TY_INT) || (x == TY_INT && y == TY_RATE))
      return T_RATE;
    if ((x == TY_DAYS && y == TY_INT) || (x == TY_INT && y == TY_DAYS))
      return T_DAYS;
    break;
  case OP_OF:
    if (x == TY_PERCENT && (y == TY_MONEY || y == TY_RATE))
      return b;
    if (x != TY_PERCENT) {
      diag_error(m->D, e->a->sp, "the left side of 'of' must be a percentage, but this is %s",
                 sema_type_name(m, a));
      return T_ERR;
    }
    diag_error(m->D, e->sp, "cannot take a percentage of %s", sema_type_name(m, b));
    diag_help(m->D, "'of' applies to amounts of money: '60%% of 300 yuan'");
    return T_ERR;
  }
  unit_error(m, e, a, b);
  return T_ERR;
}

static ty check_compare(M *m, ast_expr *e)
{
  ty a, b;
  if (is_bare_member(m, e->a) && !is_bare_member(m, e->b)) {
    b = check_expr(m, e->b, T_NONE);
    a = check_expr(m, e->a, b);
  } else {
    a = check_expr(m, e->a, T_NONE);
    b = check_expr(m, e->b, a);
  }
  if (ty_err(a) || ty_err(b))
    return T_BOOL;
  if (!ty_eq(a, b)) {
    diag_error(m->D, e->sp, "cannot compare %s with %s", sema_type_name(m, a), sema_type_name(m, b));
    if ((a.k == TY_PERCENT && b.k == TY_INT) || (a.k == TY_INT && b.k == TY_PERCENT))
      diag_help(m->D, "write the share with a percent sign, e.g. '85%%'");
    else if ((a.k == TY_MONEY && b.k == TY_INT) || (a.k == TY_INT && b.k == TY_MONEY))
      diag_help(m->D, "write the amount with its unit, e.g. '1000 yuan'");
    return T_BOOL;
  }
  if (a.k == TY_TEXT && e->a->kind != EX_STR && e->b->kind != EX_STR) {
    /* Text cells reach the evaluator as indexes into the policy's own
    ** strings; two cells the policy never names are indistinguishable. */
    diag_error(m->D, e->sp, "two text values can't be compared; compare a text field with a string literal");
    diag_help(m->D, "write e.g. 'district == \"盐湖区\"' or 'occupation in {\"电工\", \"焊工\"}'");
    return T_BOOL;
  }
  if (e->op != OP_EQ && e->op != OP_NE && !numeric_ordered(a)) {
    diag_error(m->D, e->sp, "values of type %s have no order; only '==' and '!=' compare them",
               sema_type_name(m, a));
    return T_BOOL;
  }
  if (a.k == TY_SET || a.k == TY_RESID || a.k == TY_TEXTSET) {
    diag_error(m->D, e->sp, "cannot compare values of type %s with '%s'", sema_type_name(m, a),
               ast_binop_str(e->op));
    if (a.k == TY_SET)
      diag_help(m->D, "test membership with 'in': 'poor_labor in groups'");
  }
  return T_BOOL;
}

static ty check_in(M *m, ast_expr *e)
{
  ast_expr *l = e->a, *r = e->b;
  if (r->kind == EX_SET) {
    ty a = check_expr(m, l, T_NONE);
    if (ty_err(a))
      return T_BOOL;
    if (a.k == TY_ENUM) {
      check_expr(m, r, ty_set(a.en));
      return T_BOOL;
    }
    if (a.k == TY_TEXT) {
      check_expr(m, r, T_TEXTSET);
      return T_BOOL;
    }
    diag_error(m->D, l->sp, "'in {…}' needs an enum or text value on the left, but this is %s",
               sema_type_name(m, a));
    return T_BOOL;
  }
  ty b = check_expr(m, r, T_NONE);
  if (ty_err(b))
    return T_BOOL;
  if (b.k != TY_SET) {
    diag_error(m->D, r->sp, "the right side of 'in' must be a set, but this is %s", sema_type_name(m, b));
    return T_BOOL;
  }
  expect_type(m, l, ty_enum(b.en), "the left side of 'in'");
  return T_BOOL;
}

static ty check_set(M *m, ast_expr *e, ty expect)
{
  if (expect.k == TY_TEXTSET) {
    for (int i = 0; i < e->items.n; i++) {
      ast_expr *it = e->items.v[i];
      if (it->kind != EX_STR) {
        diag_error(m->D, it->sp, "a set of text holds string literals");
        continue;
      }
      it->ty = T_TEXT;
      it->bind_idx = add_symbol(m, it->name);
    }
    return T_TEXTSET;
  }
  if (expect.k != TY_SET) {
    diag_error(m->D, e->sp, "a set literal needs a context that says what it holds");
    diag_help(m->D, "use it right of 'in' ('level in {junior, senior}') or as a set field's value");
    return T_ERR;
  }
  uint64_t seen = 0;
  for (int i = 0; i < e->items.n; i++) {
    ast_expr *it = e->items.v[i];
    ty t = expect_type(m, it, ty_enum(expect.en), "a member of this set");
    if (!ty_err(t) && it->bind == BIND_MEMBER) {
      uint64_t bit = (uint64_t)1 << it->bind_idx;
      if (seen & bit)
        diag_warning(m->D, it->sp, "'%s' appears twice in the set", it->name ? it->name : it->name2);
      seen |= bit;
    }
  }
  return ty_set(expect.en);
}

static ty unify_arm(M *m, ty have, ty t, ast_expr *e)
{
  if (ty_err(t))
    return have;
  if (ty_err(have))
    return t;
  if (!ty_eq(have, t)) {
    diag_error(m->D, e->sp, "this is %s, but the other cases are %s", sema_type_name(m, t),
               sema_type_name(m, have));
    return have;
  }
  return have;
}

static ty check_by(M *m, ast_expr *e, ty expect)
{
  ty st = check_expr(m, e->a, T_NONE);
  if (ty_err(st))
    return T_ERR;
  if (st.k != TY_ENUM) {
    diag_error(m->D, e->a->sp, "'by' matches on an enum field, but '%s' is %s", e->a->name,
               sema_type_name(m, st));
    return T_ERR;
  }
  sema_enum *en = m->enums.v[st.en];
  uint64_t covered = 0;
  int has_else = 0, unstated = 0;
  ty result = T_ERR;
  ty arm_expect = expect;
  for (int i = 0; i < e->items.n; i++) {
    ast_case *c = e->items.v[i];
    if (c->is_else) {
      if (has_else || unstated)
        diag_error(m->D, c->sp, "a second 'else' case");
      if (c->unstated) {
        unstated = 1;
        continue;
      }
      has_else = 1;
    }
    for (int j = 0; j < c->labels.n; j++) {
      ast_ident *id = c->labels.v[j];
      int k = member_index(en, id->name);
      if (k < 0) {
        diag_error(m->D, id->sp, "'%s' is not a member of enum '%s'", id->name, en->name);
        const char *s = suggest_member(en, id->name);
        if (s)
          diag_help(m->D, "did you mean '%s'?", s);
        continue;
      }
      if (covered & ((uint64_t)1 << k))
        diag_error(m->D, id->sp, "'%s' already has a case in this match", id->name);
      covered |= (uint64_t)1 << k;
    }
    result = unify_arm(m, result, check_expr(m, c->value, arm_expect), c->value);
    if (!ty_err(result))
      arm_expect = result;
  }
  if (!has_else) {
    char missing[1024];
    size_t k = 0;
    int nmiss = 0;
    for (int j = 0; j < en->members.n; j++)
      if (!(covered & ((uint64_t)1 << j))) {
        ast_member *mb = en->members.v[j];
        k += (size_t)snprintf(missing + k, k < sizeof missing ? sizeof missing - k : 0, "%s%s",
                              nmiss ? ", " : "", mb->name);
        nmiss++;
      }
    if (nmiss && unstated && !covered) {
      diag_error(m->D, e->sp, "a 'by' with only 'else: unstated' never has a value");
    } else if (nmiss) {
      if (!unstated) {
        diag_warning(m->D, e->sp, "'by %s' has no case for %s", e->a->name, missing);
        diag_help(m->D, "claims with these values get no amount here (reason no_amount_for_%s); "
                  "add the cases, an 'else' case if the document sets an amount, or "
                  "'else: unstated' if it does not", e->a->name);
      }
      const char *code = arena_printf(m->A, "no_amount_for_%s", e->a->name);
      int r = sema_find_reason(m, code);
      if (r < 0) {
        sema_reason *sr = arena_alloc(m->A, sizeof *sr);
        sr->code = code;
        sr->kind = RT_REASON_INFO;
        sr->message = arena_printf(m->A, "the policy sets no amount for this %s", e->a->name);
        sr->sp = e->sp;
        sr->index = m->reasons.n;
        ptrvec_push(m->A, &m->reasons, sr);
        r = sr->index;
      }
      e->reason = r;
    }
  }
  return result;
}

static ty check_call(M *m, ast_expr *e, ty expect)
{
  int n = e->items.n;
  if (!strcmp(e->name, "min") || !strcmp(e->name, "max")) {
    if (n < 2) {
      diag_error(m->D, e->sp, "%s() needs at least two values", e->name);
      return T_ERR;
    }
    ty t = check_expr(m, e->items.v[0], expect);
    for (int i = 1; i < n; i++) {
      ty u = check_expr(m, e->items.v[i], ty_err(t) ? expect : t);
      if (ty_err(t))
        t = u;
      else if (!ty_err(u) && !ty_eq(t, u)) {
        diag_error(m->D, ((ast_expr *)e->items.v[i])->sp, "%s() of %s and %s", e->name,
                   sema_type_name(m, t), sema_type_name(m, u));
        if (t.k == TY_MONEY && u.k == TY_INT)
          diag_help(m->D, "write the amount with its unit, e.g. '1000 yuan'");
        return T_ERR;
      }
    }
    if (!ty_err(t) && !numeric_ordered(t)) {
      diag_error(m->D, e->sp, "%s() needs numbers, amounts, dates or durations, not %s", e->name,
                 sema_type_name(m, t));
      return T_ERR;
    }
    return t;
  }
  if (!strcmp(e->name, "year")) {
    if (n != 1) {
      diag_error(m->D, e->sp, "year() takes one date");
      return T_ERR;
    }
    expect_type(m, e->items.v[0], T_DATE, "the argument of year()");
    return T_INT;
  }
  if (!strcmp(e->name, "known")) {
    if (n != 1 || ((ast_expr *)e->items.v[0])->kind != EX_NAME) {
      diag_error(m->D, e->sp, "known() takes one field name");
      return T_ERR;
    }
    check_expr(m, e->items.v[0], T_NONE);
    return T_BOOL;
  }
  if (!strcmp(e->name, "age") || !strcmp(e->name, "birth_date")) {
    ast_expr *a = n == 1 ? e->items.v[0] : NULL;
    ty t = a ? check_expr(m, a, T_NONE) : T_ERR;
    if (!a || (!ty_err(t) && (t.k != TY_RESID || a->bind != BIND_FIELD))) {
      diag_error(m->D, e->sp, "%s() takes the resident-ID field, e.g. '%s(person_id)'", e->name, e->name);
      return T_ERR;
    }
    if (!strcmp(e->name, "age") && m->claim_date_field < 0) {
      diag_error(m->D, e->sp, "age() is counted at the claim date, but the schema has no claim_date role");
      return T_ERR;
    }
    return e->name[0] == 'a' ? T_INT : T_DATE;
  }
  for (int i = 0; i < m->tables.n; i++) {
    sema_table *t = m->tables.v[i];
    if (strcmp(t->item->name, e->name) != 0)
      continue;
    e->bind = BIND_TABLE;
    e->bind_ptr = t;
    if (n != t->nkeys) {
      diag_error(m->D, e->sp, "table '%s' is keyed by %d value%s, but this gives %d", e->name, t->nkeys,
                 t->nkeys == 1 ? "" : "s", n);
      const char *k = "";
      for (int j = 0; j < t->nkeys; j++)
        k = arena_printf(m->A, "%s%s%s", k, j ? ", " : "", ((sema_field *)m->fields.v[t->keys[j]])->name);
      diag_help(m->D, "write %s(%s)", e->name, k);
      return T_ERR;
    }
    for (int j = 0; j < n; j++) {
      sema_field *kf = m->fields.v[t->keys[j]];
      expect_type(m, e->items.v[j], kf->type,
                  arena_printf(m->A, "key %d of table '%s' (%s)", j + 1, e->name, kf->name));
    }
    return t->value;
  }
  diag_error(m->D, e->name_sp, "unknown function '%s'", e->name);
  if (m->tables.n)
    diag_help(m->D, "functions are min, max, year, known, age, birth_date and the tables of this policy");
  else
    diag_help(m->D, "functions are min, max, year, known, age and birth_date");
  return T_ERR;
}

/* from DATE: value, … — the value in force at claim_date. */
static ty check_dated(M *m, ast_expr *e, ty expect)
{
  ty result = T_ERR, want = expect;
  if (m->claim_date_field < 0)
    diag_error(m->D, e->sp, "dated values change at the claim date, but the schema has no claim_date role");
  for (int i = 0; i < e->items.n; i++) {
    ast_case *c = e->items.v[i];
    if (i > 0 && c->date <= ((ast_case *)e->items.v[i - 1])->date) {
      diag_error(m->D, c->sp, "dated values must be in order of their dates");
      diag_note(m->D, ((ast_case *)e->items.v[i - 1])->sp, "the previous value starts here");
    }
    result = unify_arm(m, result, check_expr(m, c->value, want), c->value);
    if (!ty_err(result))
      want = result;
  }
  return result;
}

static ty check_expr_inner(M *m, ast_expr *e, ty expect)
{
  switch (e->kind) {
  case EX_ERROR: return T_ERR;
  case EX_BOOL: return T_BOOL;
  case EX_INT: return T_INT;
  case EX_MONEY: return T_MONEY;
  case EX_RATE: return T_RATE;
  case EX_PERCENT: return T_PCT;
  case EX_DATE: return T_DATE;
  case EX_DAYS: return T_DAYS;
  case EX_STR:
    if (expect.k == TY_RESID)
      return expect;   /* validity is the runtime's to judge, as for real claims */
    e->bind_idx = add_symbol(m, e->name);
    return T_TEXT;
  case EX_NAME: return resolve_name(m, e, expect);
  case EX_QNAME: return check_qname(m, e);
  case EX_NOT:
    expect_type(m, e->a, T_BOOL, "the operand of 'not'");
    return T_BOOL;
  case EX_NEG: {
    ty t = check_expr(m, e->a, expect);
    if (!ty_err(t) && t.k != TY_INT && t.k != TY_MONEY && t.k != TY_DAYS && t.k != TY_PERCENT) {
      diag_error(m->D, e->sp, "cannot negate %s", sema_type_name(m, t));
      return T_ERR;
    }
    return t;
  }
  case EX_BIN:
    switch (e->op) {
    case OP_OR:
    case OP_AND:
      expect_type(m, e->a, T_BOOL, e->op == OP_OR ? "each side of 'or'" : "each side of 'and'");
      expect_type(m, e->b, T_BOOL, e->op == OP_OR ? "each side of 'or'" : "each side of 'and'");
      return T_BOOL;
    case OP_EQ: case OP_NE: case OP_LT: case OP_LE: case OP_GT: case OP_GE:
      return check_compare(m, e);
    default:
      return check_arith(m, e);
    }
  case EX_IN: return check_in(m, e);
  case EX_CALL: return check_call(m, e, expect);
  case EX_SET: return check_set(m, e, expect);
  case EX_BY: return check_by(m, e, expect);
  case EX_DATED: return check_dated(m, e, expect);
  case EX_IF: {
    expect_type(m, e->a, T_BOOL, "the condition of 'if'");
    ty t = check_expr(m, e->b, expect);
    ty u = check_expr(m, e->c, ty_err(t) ? expect : t);
    return unify_arm(m, t, u, e->c);
  }
  }
  return T_ERR;
}

static ty check_expr(M *m, ast_expr *e, ty expect)
{
  e->ty = check_expr_inner(m, e, expect);
  return e->ty;
}

static void check_named(M *m, sema_named *n, int is_category)
{
  if (n->state == 2)
    return;
  if (n->state == 1) {
    diag_error(m->D, n->item->name_sp, "'%s' is defined in terms of itself", n->item->name);
    n->type = T_ERR;
    n->state = 2;
    return;
  }
  n->state = 1;
  if (is_category)
    n->type = expect_type(m, n->item->expr, T_BOOL, "a category");
  else
    n->type = check_expr(m, n->item->expr, T_NONE);
  n->state = 2;
}

/* ---- constants ---------------------------------------------------------------- */

static int const_value(M *m, ast_expr *e, int64_t *v)
{
  (void)m;
  switch (e->kind) {
  case EX_BOOL: case EX_INT: case EX_MONEY: case EX_PERCENT: case EX_DATE: case EX_DAYS:
    *v = e->ival;
    return 1;
  case EX_NEG:
    if (!const_value(m, e->a, v))
      return 0;
    *v = -*v;
    return 1;
  case EX_NAME:
  case EX_QNAME:
    if (e->bind == BIND_MEMBER) {
      *v = e->bind_idx;
      return 1;
    }
    return 0;
  default:
    return 0;
  }
}

const char *sema_const_cell(M *m, ast_expr *e)
{
  int64_t v;
  char buf[64];
  switch (e->ty.k) {
  case TY_BOOL:
    return const_value(m, e, &v) ? (v ? "true" : "false") : NULL;
  case TY_INT: case TY_DAYS:
    if (!const_value(m, e, &v))
      return NULL;
    return arena_printf(m->A, "%lld", (long long)v);
  case TY_MONEY: case TY_PERCENT:
    if (!const_value(m, e, &v))
      return NULL;
    rt_format_fen(v, buf);
    return arena_strdup(m->A, buf);
  case TY_DATE: {
    if (!const_value(m, e, &v))
      return NULL;
    int64_t y;
    unsigned mo, d;
    rt_civil_from_days(v, &y, &mo, &d);
    return arena_printf(m->A, "%04lld-%02u-%02u", (long long)y, mo, d);
  }
  case TY_ENUM:
    if (e->bind != BIND_MEMBER)
      return NULL;
    return ((ast_member *)((sema_enum *)e->bind_ptr)->members.v[e->bind_idx])->name;
  case TY_SET: {
    if (e->kind != EX_SET)
      return NULL;
    char *s = "";
    for (int i = 0; i < e->items.n; i++) {
      ast_expr *it = e->items.v[i];
      if (it->bind != BIND_MEMBER)
        return NULL;
      const char *name = ((ast_member *)((sema_enum *)it->bind_ptr)->members.v[it->bind_idx])->name;
      s = arena_printf(m->A, "%s%s%s", s, i ? "|" : "", name);
    }
    return s;
  }
  case TY_TEXT: case TY_RESID:
    return e->kind == EX_STR ? e->name : NULL;
  default:
    return NULL;
  }
}

/* ---- declarations ----------------------------------------------------------- */

static int name_taken(M *m, const char *name, span sp)
{
  span prev = {-1, 0, 0};
  sema_field *f = sema_find_field(m, name);
  sema_named *n;
  if (f)
    prev = f->sp;
  else if ((n = find_named(&m->categories, name)) || (n = find_named(&m->params, name)))
    prev = n->item->name_sp;
  else
    return 0;
  diag_error(m->D, sp, "'%s' is already defined", name);
  diag_note(m->D, prev, "the first definition of '%s' is here", name);
  return 1;
}

static void declare_enum(M *m, ast_item *it)
{
  if (find_enum(m, it->name)) {
    diag_error(m->D, it->name_sp, "enum '%s' is already defined", it->name);
    return;
  }
  if (it->members.n > 64) {
    diag_error(m->D, it->name_sp, "enum '%s' has %d members; at most 64 are supported", it->name,
               it->members.n);
    return;
  }
  sema_enum *e = arena_alloc(m->A, sizeof *e);
  e->name = it->name;
  e->label = it->label;
  e->sp = it->name_sp;
  e->index = m->enums.n;
  for (int i = 0; i < it->members.n; i++) {
    ast_member *mb = it->members.v[i];
    if (member_index(e, mb->name) >= 0)
      diag_error(m->D, mb->sp, "'%s' is already a member of '%s'", mb->name, e->name);
    else
      ptrvec_push(m->A, &e->members, mb);
  }
  ptrvec_push(m->A, &m->enums, e);
}

static const struct { const char *name; ty_kind k; rt_type rtt; } scalar_types[] = {
  {"bool", TY_BOOL, RT_BOOL}, {"int", TY_INT, RT_INT}, {"money", TY_MONEY, RT_MONEY},
  {"percent", TY_PERCENT, RT_PERCENT}, {"date", TY_DATE, RT_DATE}, {"days", TY_DAYS, RT_DAYS},
  {"text", TY_TEXT, RT_TEXT}, {"resident_id", TY_RESID, RT_RESIDENT_ID}, {NULL, 0, 0}};

static void declare_field(M *m, ast_item *it)
{
  if (name_taken(m, it->name, it->name_sp))
    return;
  sema_field *f = arena_alloc(m->A, sizeof *f);
  f->name = it->name;
  f->label = it->label;
  f->sp = it->name_sp;
  f->type = T_ERR;
  f->index = m->fields.n;
  sema_enum *en = find_enum(m, it->type_name);
  if (en) {
    f->type = it->type_is_set ? ty_set(en->index) : ty_enum(en->index);
    f->rtt = it->type_is_set ? RT_SET : RT_ENUM;
  } else if (!it->type_is_set) {
    for (int i = 0; scalar_types[i].name; i++)
      if (!strcmp(scalar_types[i].name, it->type_name)) {
        f->type.k = scalar_types[i].k;
        f->rtt = scalar_types[i].rtt;
      }
  }
  if (ty_err(f->type)) {
    diag_error(m->D, it->type_sp, "unknown type '%s'", it->type_name);
    diag_help(m->D, "types are bool, int, money, percent, date, days, text, resident_id, "
              "an enum, or 'set of' an enum");
    f->rtt = RT_INT;
  }
  if (it->required)
    f->flags |= RT_FIELD_REQUIRED;
  if (it->role) {
    if (!strcmp(it->role, "claim_id"))
      f->role = RT_ROLE_CLAIM_ID;
    else if (!strcmp(it->role, "person_id"))
      f->role = RT_ROLE_PERSON_ID;
    else if (!strcmp(it->role, "claim_date"))
      f->role = RT_ROLE_CLAIM_DATE;
    else {
      diag_error(m->D, it->role_sp, "unknown role '%s'", it->role);
      diag_help(m->D, "roles are claim_id, person_id and claim_date");
    }
  }
  ptrvec_push(m->A, &m->fields, f);
}

static void bound(M *m, ast_expr *e, sema_field *f, int *has, int64_t *v, const char *what)
{
  if (!e)
    return;
  ty t = expect_type(m, e, f->type, what);
  if (ty_err(t))
    return;
  if (!numeric_ordered(f->type)) {
    diag_error(m->D, e->sp, "a field of type %s has no %s", sema_type_name(m, f->type), what);
    return;
  }
  if (!const_value(m, e, v)) {
    diag_error(m->D, e->sp, "the %s of a field must be a constant", what);
    return;
  }
  *has = 1;
}

static void check_field(M *m, ast_item *it)
{
  sema_field *f = sema_find_field(m, it->name);
  if (!f || f->sp.begin != it->name_sp.begin || f->sp.file != it->name_sp.file)
    return;
  if (ty_err(f->type))
    return;
  bound(m, it->min, f, &f->has_min, &f->min, "minimum");
  bound(m, it->max, f, &f->has_max, &f->max, "maximum");
  if (it->deflt) {
    f->deflt = it->deflt;
    if (f->flags & RT_FIELD_REQUIRED)
      diag_warning(m->D, it->deflt->sp, "a required field never uses its default");
    ty t = expect_type(m, it->deflt, f->type, "the default");
    if (!ty_err(t)) {
      f->default_text = sema_const_cell(m, it->deflt);
      if (!f->default_text) {
        if (f->rtt == RT_INT || f->rtt == RT_MONEY || f->rtt == RT_PERCENT || f->rtt == RT_DATE ||
            f->rtt == RT_DAYS)
          f->flags |= RT_FIELD_COMPUTED;
        else
          diag_error(m->D, it->deflt->sp, "a computed default needs a numeric, date or days field");
      }
    }
  }
}

/* Computed defaults may use other fields, but not in a cycle. */
static int default_cycle(M *m, sema_field *f, ast_expr *e)
{
  if (!e)
    return 0;
  if (e->bind == BIND_FIELD) {
    sema_field *g = m->fields.v[e->bind_idx];
    if (g->flags & RT_FIELD_COMPUTED) {
      if (g->state == 1)
        return 1;
      if (g->state == 0) {
        g->state = 1;
        int c = default_cycle(m, g, g->deflt);
        g->state = 2;
        if (c)
          return 1;
      }
    }
  }
  if (default_cycle(m, f, e->a) || default_cycle(m, f, e->b) || default_cycle(m, f, e->c))
    return 1;
  for (int i = 0; i < e->items.n; i++) {
    ast_expr *x = e->kind == EX_BY ? ((ast_case *)e->items.v[i])->value : e->items.v[i];
    if (default_cycle(m, f, x))
      return 1;
  }
  return 0;
}

static int add_reason(M *m, const char *code, rt_reason_kind kind, const char *message,
                      const char *cite, span sp)
{
  int r = sema_find_reason(m, code);
  if (r >= 0) {
    sema_reason *old = m->reasons.v[r];
    if (old->kind != kind) {
      diag_error(m->D, sp, "reason '%s' is already used for another kind of outcome", code);
      diag_note(m->D, old->sp, "first used here");
    }
    return r;
  }
  sema_reason *sr = arena_alloc(m->A, sizeof *sr);
  sr->code = code;
  sr->kind = kind;
  sr->message = message ? message : code;
  sr->cite = cite;
  sr->sp = sp;
  sr->index = m->reasons.n;
  ptrvec_push(m->A, &m->reasons, sr);
  return sr->index;
}

static void warn_uncited(M *m, const char *cite, span sp, const char *what, const char *name)
{
  if (cite || !m->policy)
    return;
  diag_warning(m->D, sp, "%s '%s' cites no article of the document", what, name);
  diag_help(m->D, "add cite \"第N条\" so every payout can be traced to the policy text");
}

static void check_benefit(M *m, ast_item *it)
{
  sema_benefit *b = arena_alloc(m->A, sizeof *b);
  b->item = it;
  b->cite = full_cite(m, it->cite);
  b->index = m->benefits.n;
  b->first_rule = m->rules.n;
  for (int i = 0; i < m->benefits.n; i++)
    if (!strcmp(((sema_benefit *)m->benefits.v[i])->item->name, it->name)) {
      diag_error(m->D, it->name_sp, "benefit '%s' is already defined", it->name);
      diag_note(m->D, ((sema_benefit *)m->benefits.v[i])->item->name_sp, "the first definition is here");
    }
  if (it->rules.n == 0)
    diag_warning(m->D, it->name_sp, "benefit '%s' has no rules and never pays", it->name);
  for (int i = 0; i < it->rules.n; i++) {
    ast_rule *r = it->rules.v[i];
    for (int j = 0; j < m->rules.n; j++) {
      sema_rule *o = m->rules.v[j];
      if (!strcmp(o->ast->name, r->name)) {
        diag_error(m->D, r->name_sp, "rule '%s' is already defined", r->name);
        diag_note(m->D, o->ast->name_sp, "the first definition is here");
      }
    }
    sema_rule *sr = arena_alloc(m->A, sizeof *sr);
    sr->ast = r;
    sr->cite = full_cite(m, r->cite ? r->cite : it->cite);
    sr->benefit = b->index;
    sr->index = m->rules.n;
    sr->base = -1;
    warn_uncited(m, sr->cite, r->name_sp, "rule", r->name);
    if (r->when)
      expect_type(m, r->when, T_BOOL, "the condition of a rule");
    expect_type(m, r->amount, T_MONEY, "the amount a rule pays");
    if (r->has_during && m->claim_date_field < 0)
      diag_error(m->D, r->during_sp, "a window is on the claim date, but the schema has no claim_date role");
    if (r->share) {
      ty t = expect_type(m, r->share, T_PCT, "the share paid first");
      int64_t v;
      if (!ty_err(t) && (!const_value(m, r->share, &v) || v < 0 || v > 10000))
        diag_error(m->D, r->share->sp, "the share paid first must be a constant between 0%% and 100%%");
      expect_type(m, r->rest_when, T_BOOL, "the condition for the rest");
      if (m->reason_pending < 0) {
        m->reason_pending = add_reason(m, "balance_pending", RT_REASON_INFO,
            "only the first tranche is paid: the condition for the rest is not known yet", NULL, r->share->sp);
        m->reason_withheld = add_reason(m, "balance_withheld", RT_REASON_INFO,
            "only the first tranche is paid: the condition for the rest does not hold", NULL, r->share->sp);
      }
    }
    ptrvec_push(m->A, &m->rules, sr);
  }
  b->nrules = m->rules.n - b->first_rule;
  for (int k = 0; k < b->nrules; k++) {
    sema_rule *sr = m->rules.v[b->first_rule + k];
    const char *base = sr->ast->exception_to;
    if (!base)
      continue;
    for (int j = 0; j < b->nrules; j++)
      if (!strcmp(((sema_rule *)m->rules.v[b->first_rule + j])->ast->name, base))
        sr->base = b->first_rule + j;
    if (sr->base == sr->index) {
      diag_error(m->D, sr->ast->exception_sp, "a rule cannot be an exception to itself");
      sr->base = -1;
    } else if (sr->base < 0) {
      diag_error(m->D, sr->ast->exception_sp, "no rule '%s' in benefit '%s'", base, it->name);
      diag_help(m->D, "an exception overrides a rule of its own benefit");
    }
  }
  /* A cycle of exceptions would leave no rule to apply. */
  for (int k = 0; k < b->nrules; k++) {
    sema_rule *sr = m->rules.v[b->first_rule + k];
    int steps = 0, at = sr->base;
    while (at >= 0 && steps <= b->nrules) {
      at = ((sema_rule *)m->rules.v[at])->base;
      steps++;
    }
    if (at >= 0 && steps > b->nrules) {
      diag_error(m->D, sr->ast->exception_sp, "rule '%s' is, through other rules, an exception to itself",
                 sr->ast->name);
      sr->base = -1;
    }
  }
  ptrvec_push(m->A, &m->benefits, b);
}

static void check_limit(M *m, ast_item *it)
{
  sema_limit *l = arena_alloc(m->A, sizeof *l);
  l->item = it;
  l->cite = full_cite(m, it->cite);
  l->kind = it->limit_kind;
  l->n = it->limit_n;
  l->per_year = it->per_year;
  l->benefit = -1;
  l->flag = -1;
  const char *code = it->reason;
  const char *msg = it->reason_msg;
  const char *what;
  if (l->kind == LIM_COUNT) {
    what = it->once ? "once" : l->per_year ? "per year" : "per person";
    if (l->n < 1)
      diag_error(m->D, it->sp, "a limit must allow at least one training");
    if (!code)
      code = l->per_year ? "yearly_limit" : "lifetime_limit";
    if (!msg)
      msg = arena_printf(m->A, "at most %lld subsidised training%s per person%s", (long long)l->n,
                         l->n == 1 ? "" : "s", l->per_year ? " per year" : "");
  } else {
    what = "unique";
    if (it->keys.n > 8)
      diag_error(m->D, it->sp, "a unique limit takes at most 8 fields");
    char *auto_code = "repeat";
    for (int i = 0; i < it->keys.n && i < 8; i++) {
      ast_ident *id = it->keys.v[i];
      sema_field *f = sema_find_field(m, id->name);
      auto_code = arena_printf(m->A, "%s_%s", auto_code, id->name);
      if (!f) {
        diag_error(m->D, id->sp, "unknown field '%s'", id->name);
        const char *s = suggest(m, id->name, 0);
        if (s)
          diag_help(m->D, "did you mean '%s'?", s);
        continue;
      }
      if (f->type.k != TY_TEXT && f->type.k != TY_ENUM) {
        diag_error(m->D, id->sp, "a unique limit keys on text or enum fields, but '%s' is %s", id->name,
                   sema_type_name(m, f->type));
        continue;
      }
      l->keys[l->nkeys++] = f->index;
    }
    if (!code)
      code = auto_code;
    if (!msg)
      msg = "the same training was already subsidised";
  }
  warn_uncited(m, l->cite, it->sp, "limit", what);
  if (it->scope) {
    for (int i = 0; i < m->benefits.n; i++)
      if (!strcmp(((sema_benefit *)m->benefits.v[i])->item->name, it->scope))
        l->benefit = i;
    if (l->benefit < 0) {
      diag_error(m->D, it->scope_sp, "no benefit named '%s'", it->scope);
      diag_help(m->D, "'for' scopes a limit to one benefit of this policy");
    }
    if (!it->reason)
      code = arena_printf(m->A, "%s_%s", code, it->scope);
  }
  if (it->cond) {
    expect_type(m, it->cond, T_BOOL, "the condition of a limit");
    sema_flag *fl = arena_alloc(m->A, sizeof *fl);
    fl->name = code;
    for (int i = 0; i < m->flags.n; i++)
      if (!strcmp(((sema_flag *)m->flags.v[i])->name, code))
        fl->name = arena_printf(m->A, "%s_%d", code, m->flags.n);
    fl->cond = it->cond;
    l->flag = m->flags.n;
    ptrvec_push(m->A, &m->flags, fl);
  }
  l->reason = add_reason(m, code, RT_REASON_DENY, msg, l->cite, it->reason_sp.end ? it->reason_sp : it->sp);
  ptrvec_push(m->A, &m->limits, l);
}

/* ---- standards tables -------------------------------------------------------- */

/* A CSV cell of a table file: [b, e) byte offsets into the file's text,
** unquoted into the arena. */
typedef struct tcell {
  unsigned b, e;
  const char *text;
} tcell;

/* Split one line of RFC 4180 CSV starting at *pos; returns the cell count
** (at most max) and moves *pos past the line. */
static int csv_line(M *m, const char *t, size_t len, unsigned *pos, tcell *cells, int max, int fid)
{
  unsigned p = *pos, le = p;
  int n = 0;
  while (le < len && t[le] != '\n')
    le++;
  for (;;) {
    unsigned b = p;
    /* A quoted cell may span lines; otherwise the line bounds the cell. */
    char *buf = arena_alloc(m->A, (p < len && t[p] == '"' ? len : le) - p + 1);
    size_t k = 0;
    if (p < len && t[p] == '"') {
      p++;
      while (p < len && !(t[p] == '"' && (p + 1 >= len || t[p + 1] != '"'))) {
        if (t[p] == '"')
          p++;
        buf[k++] = t[p++];
      }
      if (p >= len) {
        span sp = {fid, b, b + 1};
        diag_error(m->D, sp, "quoted cell is not closed");
      }
      p++;
    }
    while (p < len && t[p] != ',' && t[p] != '\n' && t[p] != '\r')
      buf[k++] = t[p++];
    /* Spaces around a cell are layout, as people align catalogues by hand. */
    while (k > 0 && (buf[k - 1] == ' ' || buf[k - 1] == '\t'))
      k--;
    buf[k] = 0;
    size_t lead = 0;
    while (buf[lead] == ' ' || buf[lead] == '\t')
      lead++;
    buf += lead;
    if (n < max) {
      cells[n].b = b;
      cells[n].e = p;
      cells[n].text = buf;
    }
    n++;
    if (p < len && t[p] == ',') {
      p++;
      continue;
    }
    break;
  }
  while (p < len && t[p] != '\n')
    p++;
  *pos = p < len ? p + 1 : p;
  return n;
}

/* A decimal with at most `dec` decimals, scaled by 10^dec. */
static int parse_scaled(const char *s, int dec, int64_t *out)
{
  int64_t v = 0;
  int neg = 0, frac = -1;
  if (*s == '-')
    neg = 1, s++;
  if (!*s)
    return 0;
  for (; *s; s++) {
    if (*s == '.' && frac < 0 && dec > 0) {
      frac = 0;
      continue;
    }
    if (*s < '0' || *s > '9' || v > INT64_MAX / 100)
      return 0;
    if (frac >= 0 && ++frac > dec)
      return 0;
    v = v * 10 + (*s - '0');
  }
  for (int i = frac < 0 ? 0 : frac; i < dec; i++)
    v *= 10;
  *out = neg ? -v : v;
  return 1;
}

static void table_rows(M *m, sema_table *t)
{
  ast_item *it = t->item;
  diag_file *df = &m->D->files[it->table_fid];
  const char *text = df->text;
  size_t len = df->len;
  unsigned pos = 0;
  int header = 1;
  tcell cells[8];
  if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
    pos = 3;
  while (pos < len) {
    unsigned line_start = pos;
    if (text[pos] == '#' || text[pos] == '\n' || text[pos] == '\r') {
      while (pos < len && text[pos] != '\n')
        pos++;
      pos++;
      continue;
    }
    int n = csv_line(m, text, len, &pos, cells, 8, it->table_fid);
    span lsp = {it->table_fid, line_start, cells[n > 8 ? 7 : n - 1].e};
    if (n != t->nkeys + 1) {
      diag_error(m->D, lsp, "a row of table '%s' has %d cell%s; expected %d (the key%s, then the value)",
                 it->name, n, n == 1 ? "" : "s", t->nkeys + 1, t->nkeys == 1 ? "" : "s");
      continue;
    }
    if (header) {
      header = 0;
      for (int k = 0; k < t->nkeys; k++) {
        sema_field *f = m->fields.v[t->keys[k]];
        if (strcmp(cells[k].text, f->name) != 0) {
          span sp = {it->table_fid, cells[k].b, cells[k].e};
          diag_error(m->D, sp, "column %d of table '%s' must be the key field '%s'", k + 1, it->name, f->name);
          diag_help(m->D, "the header names the key fields in the order of 'key (…)', then the value column");
        }
      }
      continue;
    }
    sema_trow *row = arena_alloc(m->A, sizeof *row);
    int ok = 1;
    for (int k = 0; k < t->nkeys; k++) {
      sema_field *f = m->fields.v[t->keys[k]];
      span sp = {it->table_fid, cells[k].b, cells[k].e};
      if (f->type.k == TY_TEXT) {
        row->key[k] = add_symbol(m, cells[k].text);
        continue;
      }
      sema_enum *en = m->enums.v[f->type.en];
      int mi = member_index(en, cells[k].text);
      for (int j = 0; j < en->members.n && mi < 0; j++) {
        ast_member *mb = en->members.v[j];
        if (mb->label && !strcmp(mb->label, cells[k].text))
          mi = j;
      }
      if (mi < 0) {
        diag_error(m->D, sp, "'%s' is not a member of enum '%s'", cells[k].text, en->name);
        const char *sg = suggest_member(en, cells[k].text);
        if (sg)
          diag_help(m->D, "did you mean '%s'?", sg);
        ok = 0;
      }
      row->key[k] = mi;
    }
    span vsp = {it->table_fid, cells[t->nkeys].b, cells[t->nkeys].e};
    const char *v = cells[t->nkeys].text;
    if (!*v)
      continue;   /* the catalogue names no amount: same as no row */
    int dec = t->value.k == TY_MONEY || t->value.k == TY_PERCENT ? 2 : 0;
    char num[64];
    size_t vl = strlen(v);
    if (t->value.k == TY_PERCENT && vl && v[vl - 1] == '%')
      vl--;
    if (vl >= sizeof num || (memcpy(num, v, vl), num[vl] = 0, !parse_scaled(num, dec, &row->value))) {
      diag_error(m->D, vsp, "'%s' is not %s", v,
                 t->value.k == TY_MONEY ? "an amount in yuan with at most two decimals"
                 : t->value.k == TY_PERCENT ? "a percentage with at most two decimals" : "a whole number");
      ok = 0;
    }
    if (!ok)
      continue;
    for (int r = 0; r < t->rows.n; r++) {
      sema_trow *o = t->rows.v[r];
      if (!memcmp(o->key, row->key, sizeof row->key)) {
        diag_error(m->D, lsp, "a second row for the same key in table '%s'", it->name);
        ok = 0;
        break;
      }
    }
    if (ok)
      ptrvec_push(m->A, &t->rows, row);
  }
  if (header)
    diag_error(m->D, it->path_sp, "table '%s' has no header line", it->name);
  rt_sha256_hex(text, len, t->sha);
}

static void declare_table(M *m, ast_item *it)
{
  for (int i = 0; i < m->tables.n; i++)
    if (!strcmp(((sema_table *)m->tables.v[i])->item->name, it->name)) {
      diag_error(m->D, it->name_sp, "table '%s' is already defined", it->name);
      return;
    }
  static const char *const builtins[] = {"min", "max", "year", "known", "age", "birth_date", NULL};
  for (int i = 0; builtins[i]; i++)
    if (!strcmp(builtins[i], it->name)) {
      diag_error(m->D, it->name_sp, "a table cannot be named '%s': that is a built-in function", it->name);
      return;
    }
  sema_table *t = arena_alloc(m->A, sizeof *t);
  t->item = it;
  t->cite = full_cite(m, it->cite);
  t->value = T_ERR;
  int ok = 1, ntext = 0;
  if (it->keys.n > 3) {
    diag_error(m->D, it->sp, "a table takes at most 3 key fields");
    ok = 0;
  }
  for (int i = 0; i < it->keys.n && i < 3; i++) {
    ast_ident *id = it->keys.v[i];
    sema_field *f = sema_find_field(m, id->name);
    if (!f) {
      diag_error(m->D, id->sp, "unknown field '%s'", id->name);
      const char *sg = suggest(m, id->name, 0);
      if (sg)
        diag_help(m->D, "did you mean '%s'?", sg);
      ok = 0;
      continue;
    }
    if (f->type.k != TY_TEXT && f->type.k != TY_ENUM) {
      diag_error(m->D, id->sp, "a table is keyed by text or enum fields, but '%s' is %s", id->name,
                 sema_type_name(m, f->type));
      ok = 0;
      continue;
    }
    if (f->type.k == TY_TEXT && ++ntext > 1) {
      diag_error(m->D, id->sp, "a table may have one text key; '%s' is a second", id->name);
      ok = 0;
    }
    t->keys[t->nkeys++] = f->index;
  }
  static const struct { const char *name; ty t; } vt[] = {
    {"money", {TY_MONEY, -1}}, {"int", {TY_INT, -1}}, {"percent", {TY_PERCENT, -1}}, {"days", {TY_DAYS, -1}}};
  for (size_t i = 0; i < sizeof vt / sizeof vt[0]; i++)
    if (!strcmp(vt[i].name, it->type_name))
      t->value = vt[i].t;
  if (ty_err(t->value)) {
    diag_error(m->D, it->type_sp, "a table holds money, int, percent or days, not '%s'", it->type_name);
    ok = 0;
  }
  t->reason = add_reason(m, arena_printf(m->A, "no_entry_in_%s", it->name), RT_REASON_INFO,
                         arena_printf(m->A, "%s names no value for this claim", it->label ? it->label : it->name),
                         t->cite, it->name_sp);
  warn_uncited(m, t->cite, it->name_sp, "table", it->name);
  if (ok && it->table_fid >= 0)
    table_rows(m, t);
  ptrvec_push(m->A, &m->tables, t);
}

static void check_quota(M *m, ast_item *it)
{
  sema_quota *q = arena_alloc(m->A, sizeof *q);
  q->item = it;
  q->cite = full_cite(m, it->cite);
  q->field = -1;
  warn_uncited(m, q->cite, it->name_sp, "quota", it->name);
  for (int i = 0; i < m->quotas.n; i++)
    if (!strcmp(((sema_quota *)m->quotas.v[i])->item->name, it->name))
      diag_error(m->D, it->name_sp, "quota '%s' is already defined", it->name);
  sema_field *f = sema_find_field(m, it->by_field);
  if (!f) {
    diag_error(m->D, it->by_sp, "unknown field '%s'", it->by_field);
    const char *sg = suggest(m, it->by_field, 0);
    if (sg)
      diag_help(m->D, "did you mean '%s'?", sg);
  } else if (f->type.k != TY_TEXT) {
    diag_error(m->D, it->by_sp, "a quota is planned per value of a text field, but '%s' is %s", f->name,
               sema_type_name(m, f->type));
  } else
    q->field = f->index;
  if (it->assigns.n == 0)
    diag_error(m->D, it->name_sp, "quota '%s' plans nothing", it->name);
  for (int i = 0; i < it->assigns.n; i++) {
    ast_assign *a = it->assigns.v[i];
    for (int j = 0; j < i; j++)
      if (!strcmp(((ast_assign *)it->assigns.v[j])->name, a->name))
        diag_error(m->D, a->name_sp, "'%s' is planned twice", a->name);
    if (a->value->kind != EX_ERROR && (a->value->kind != EX_INT || a->value->ival < 0))
      diag_error(m->D, a->value->sp, "a planned number of trainings is a whole number");
    add_symbol(m, a->name);
  }
  ptrvec_push(m->A, &m->quotas, q);
}

/* Test claims hold constants of their fields' types. */
static void check_assigns(M *m, ptrvec *as)
{
  for (int i = 0; i < as->n; i++) {
    ast_assign *a = as->v[i];
    sema_field *f = sema_find_field(m, a->name);
    if (!f) {
      diag_error(m->D, a->name_sp, "unknown field '%s'", a->name);
      const char *s = suggest(m, a->name, 0);
      if (s)
        diag_help(m->D, "did you mean '%s'?", s);
      continue;
    }
    for (int j = 0; j < i; j++)
      if (!strcmp(((ast_assign *)as->v[j])->name, a->name))
        diag_error(m->D, a->name_sp, "'%s' is given twice", a->name);
    ty t = expect_type(m, a->value, f->type, arena_printf(m->A, "the value of '%s'", f->name));
    if (!ty_err(t) && !sema_const_cell(m, a->value))
      diag_error(m->D, a->value->sp, "a test claim's '%s' must be a constant", f->name);
  }
}

/* Reason codes the runtime itself emits (runtime/score.c, values.c). */
static const char *const runtime_field_reasons[] = {
  "missing_required", "bad_bool", "bad_int", "bad_money", "bad_percent", "bad_date", "bad_enum",
  "out_of_range", "bad_id_length", "bad_id_char", "bad_id_checksum", "bad_id_birth_date", NULL};
static const char *const runtime_row_reasons[] = {
  "bad_quoting", "bad_column_count", "duplicate_claim_id", "no_rule_applies", NULL};

static int known_reason(M *m, const char *code)
{
  if (sema_find_reason(m, code) >= 0)
    return 1;
  for (int i = 0; runtime_row_reasons[i]; i++)
    if (!strcmp(code, runtime_row_reasons[i]))
      return 1;
  const char *colon = strchr(code, ':');
  if (!colon || !sema_find_field(m, colon + 1))
    return 0;
  for (int i = 0; runtime_field_reasons[i]; i++)
    if (strlen(runtime_field_reasons[i]) == (size_t)(colon - code) &&
        !strncmp(code, runtime_field_reasons[i], (size_t)(colon - code)))
      return 1;
  return 0;
}

static void check_test(M *m, ast_item *it)
{
  check_assigns(m, &it->assigns);
  if (it->claims.n == 0)
    diag_error(m->D, it->name_sp, "test has no claim");
  for (int i = 0; i < it->claims.n; i++) {
    ast_claim *c = it->claims.v[i];
    check_assigns(m, &c->assigns);
    if (it->claims.n > 1 && !c->name)
      diag_error(m->D, c->sp, "a test with several claims names each one: 'claim a { … }'");
    for (int j = 0; j < i && c->name; j++) {
      ast_claim *o = it->claims.v[j];
      if (o->name && !strcmp(o->name, c->name))
        diag_error(m->D, c->sp, "claim '%s' is already defined in this test", c->name);
    }
  }
  if (it->expects.n == 0)
    diag_error(m->D, it->name_sp, "test has no expectation");
  for (int i = 0; i < it->expects.n; i++) {
    ast_expect *x = it->expects.v[i];
    if (x->claim) {
      int found = 0;
      for (int j = 0; j < it->claims.n; j++) {
        ast_claim *c = it->claims.v[j];
        found |= c->name && !strcmp(c->name, x->claim);
      }
      if (!found)
        diag_error(m->D, x->claim_sp, "no claim named '%s' in this test", x->claim);
    } else if (it->claims.n > 1)
      diag_error(m->D, x->sp, "this test has several claims: say which one, 'expect a granted'");
    for (int j = 0; j < x->items.n; j++) {
      ast_expect_item *xi = x->items.v[j];
      if (xi->amount) {
        ty t = expect_type(m, xi->amount, T_MONEY, "an expected amount");
        int64_t v;
        if (!ty_err(t) && !const_value(m, xi->amount, &v))
          diag_error(m->D, xi->amount->sp, "an expected amount must be a constant");
      }
      if (xi->kind == XP_REASON && !known_reason(m, xi->text)) {
        diag_error(m->D, xi->sp, "no reason code '%s' in this policy or the runtime", xi->text);
        diag_help(m->D, "policy reasons come from check, deny, limit and 'by' without a case; "
                  "runtime reasons are listed in docs/cli.md");
      }
      if (xi->kind == XP_RULE) {
        int found = 0;
        for (int k = 0; k < m->rules.n; k++)
          found |= !strcmp(((sema_rule *)m->rules.v[k])->ast->name, xi->text);
        if (!found)
          diag_error(m->D, xi->sp, "no rule named '%s'", xi->text);
      }
    }
  }
}

sema_model *sema_check(arena *A, diag_ctx *D, ptrvec *items, const char *source_hash)
{
  M *m = arena_alloc(A, sizeof *m);
  m->A = A;
  m->D = D;
  m->source_hash = source_hash;
  m->effective_reason = -1;
  m->reason_pending = m->reason_withheld = -1;
  m->claim_date_field = -1;
  m->items = *items;
  /* Pass 1: declarations, so uses may come before definitions. */
  for (int i = 0; i < items->n; i++) {
    ast_item *it = items->v[i];
    switch (it->kind) {
    case IT_POLICY:
      if (m->policy) {
        diag_error(D, it->name_sp, "a second 'policy' header");
        diag_note(D, m->policy->name_sp, "the policy is declared here");
      } else
        m->policy = it;
      break;
    case IT_ENUM: declare_enum(m, it); break;
    default: break;
    }
  }
  for (int i = 0; i < items->n; i++) {
    ast_item *it = items->v[i];
    if (it->kind == IT_FIELD)
      declare_field(m, it);
    else if (it->kind == IT_CATEGORY || it->kind == IT_PARAM) {
      if (name_taken(m, it->name, it->name_sp))
        continue;
      sema_named *n = arena_alloc(A, sizeof *n);
      n->item = it;
      ptrvec_push(A, it->kind == IT_CATEGORY ? &m->categories : &m->params, n);
    }
  }
  for (int i = 0; i < m->fields.n; i++)
    if (((sema_field *)m->fields.v[i])->role == RT_ROLE_CLAIM_DATE)
      m->claim_date_field = i;
  for (int i = 0; i < items->n; i++)
    if (((ast_item *)items->v[i])->kind == IT_TABLE)
      declare_table(m, items->v[i]);
  /* Pass 2: everything else, in source order. */
  for (int i = 0; i < items->n; i++) {
    ast_item *it = items->v[i];
    switch (it->kind) {
    case IT_FIELD: check_field(m, it); break;
    case IT_CHECK: {
      expect_type(m, it->expr, T_BOOL, "a check");
      sema_cond *c = arena_alloc(A, sizeof *c);
      c->item = it;
      c->reason = add_reason(m, it->reason, RT_REASON_REJECT, it->reason_msg, NULL, it->reason_sp);
      ptrvec_push(A, &m->checks, c);
      break;
    }
    case IT_DENY: {
      expect_type(m, it->expr, T_BOOL, "a deny condition");
      warn_uncited(m, it->cite, it->name_sp, "deny", it->name);
      sema_cond *c = arena_alloc(A, sizeof *c);
      c->item = it;
      c->reason = add_reason(m, it->reason, RT_REASON_DENY, it->reason_msg, full_cite(m, it->cite),
                             it->reason_sp);
      ptrvec_push(A, &m->denies, c);
      break;
    }
    case IT_CATEGORY: {
      sema_named *n = find_named(&m->categories, it->name);
      if (n && n->item == it) {
        check_named(m, n, 1);
        warn_uncited(m, it->cite, it->name_sp, "category", it->name);
      }
      break;
    }
    case IT_PARAM: {
      sema_named *n = find_named(&m->params, it->name);
      if (n && n->item == it)
        check_named(m, n, 0);
      break;
    }
    case IT_BENEFIT: check_benefit(m, it); break;
    case IT_LIMIT: break;   /* after the benefits they may name */
    case IT_QUOTA: check_quota(m, it); break;
    case IT_GIVEN:
      check_assigns(m, &it->assigns);
      ptrvec_push(A, &m->givens, it);
      break;
    case IT_TEST: ptrvec_push(A, &m->tests, it); break;
    default: break;
    }
  }
  for (int i = 0; i < items->n; i++)
    if (((ast_item *)items->v[i])->kind == IT_LIMIT)
      check_limit(m, items->v[i]);
  /* The runtime keeps one bit per benefit, flag and limit per grant. */
  if (m->flags.n > 64)
    diag_error(D, ((sema_flag *)m->flags.v[64])->cond->sp, "a policy may have at most 64 limits with 'while'");
  if (m->benefits.n > 64)
    diag_error(D, ((sema_benefit *)m->benefits.v[64])->item->name_sp,
               "a policy may have at most 64 benefits; put alternative rules inside one benefit");
  if (m->limits.n > 64)
    diag_error(D, ((sema_limit *)m->limits.v[64])->item->sp, "a policy may have at most 64 limits");
  for (int i = 0; i < m->fields.n; i++) {
    sema_field *f = m->fields.v[i];
    if ((f->flags & RT_FIELD_COMPUTED) && f->state == 0) {
      f->state = 1;
      if (default_cycle(m, f, f->deflt))
        diag_error(D, f->deflt->sp, "the default of '%s' depends on itself", f->name);
      f->state = 2;
    }
  }
  if (m->policy && m->fields.n == 0) {
    diag_error(D, m->policy->name_sp, "policy '%s' has no claims schema", m->policy->name);
    diag_help(D, "import the shared schema: import \"claims-v1.polis\"");
  } else if (m->policy) {
    int roles[4] = {0};
    for (int i = 0; i < m->fields.n; i++)
      roles[((sema_field *)m->fields.v[i])->role]++;
    static const char *const rn[] = {"", "claim_id", "person_id", "claim_date"};
    for (int r = 1; r <= 3; r++)
      if (roles[r] != 1)
        diag_error(D, m->policy->name_sp, "the claims schema needs exactly one field with role %s (found %d)",
                   rn[r], roles[r]);
    if (!m->policy->source)
      diag_warning(D, m->policy->name_sp, "policy '%s' names no source document", m->policy->name);
    if (m->policy->has_effective)
      m->effective_reason = add_reason(m, "outside_effective_period", RT_REASON_DENY,
                                       "申领日期不在政策有效期内 (claim date outside the effective period)",
                                       m->policy->source, m->policy->sp);
  }
  for (int i = 0; i < m->tests.n; i++)
    check_test(m, m->tests.v[i]);
  if (D->errors == 0 && m->policy)
    sema_reach(m);
  return m;
}
