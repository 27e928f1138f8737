/*
** values.c — parsing and formatting of cell values: calendar dates, money
** in fen, percentages, booleans, resident IDs, enum and set members.
**
** Every typed parser works on a (pointer, length) span that is not
** NUL-terminated: the CSV reader hands out cells in place.
*/
#include "rt_internal.h"

#include <stdio.h>

const char *const rti_code_names[RC_COUNT] = {
  [RC_OK] = "ok",
  [RC_MISSING_REQUIRED] = "missing_required",
  [RC_BAD_BOOL] = "bad_bool",
  [RC_BAD_INT] = "bad_int",
  [RC_BAD_MONEY] = "bad_money",
  [RC_BAD_PERCENT] = "bad_percent",
  [RC_BAD_DATE] = "bad_date",
  [RC_BAD_ENUM] = "bad_enum",
  [RC_OUT_OF_RANGE] = "out_of_range",
  [RC_BAD_ID_LENGTH] = "bad_id_length",
  [RC_BAD_ID_CHAR] = "bad_id_char",
  [RC_BAD_ID_CHECKSUM] = "bad_id_checksum",
  [RC_BAD_ID_BIRTH_DATE] = "bad_id_birth_date",
  [RC_BAD_COLUMN_COUNT] = "bad_column_count",
  [RC_BAD_QUOTING] = "bad_quoting",
  [RC_DUPLICATE_CLAIM_ID] = "duplicate_claim_id",
};

/* ---- Calendar (Howard Hinnant, "chrono-Compatible Low-Level Date
** Algorithms"): proleptic Gregorian, exact for any int64 year we use. */

int64_t rt_days_from_civil(int64_t y, unsigned m, unsigned d)
{
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = (unsigned)(y - era * 400);                      /* [0, 399] */
  unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           /* [0, 146096] */
  return era * 146097 + (int64_t)doe - 719468;
}

void rt_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = (unsigned)(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t yy = (int64_t)yoe + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = yy + (*m <= 2);
}

static int is_leap(int64_t y)
{
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned month_days(int64_t y, unsigned m)
{
  static const unsigned char n[12] = {31, 28, 31, 30, 31, 30,
                                      31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : n[m - 1];
}

static int digits(const char *s, size_t n, unsigned *out)
{
  unsigned v = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return 0;
    v = v * 10 + (unsigned)(s[i] - '0');
  }
  *out = v;
  return 1;
}

/* Validate y-m-d and convert. */
static int civil_ok(unsigned y, unsigned m, unsigned d, int64_t *days)
{
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
    return 0;
  *days = rt_days_from_civil(y, m, d);
  return 1;
}

/* Strict YYYY-MM-DD; returns 1 on success, 0 if not a real date. */
int rt_parse_date(const char *s, size_t len, int64_t *days)
{
  unsigned y, m, d;
  if (len != 10 || s[4] != '-' || s[7] != '-')
    return 0;
  if (!digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d))
    return 0;
  return civil_ok(y, m, d, days);
}

/* ---- Resident ID (GB 11643-1999) --------------------------------------- */

const char *rt_resident_id_check(const char *s, size_t len, int64_t *birth)
{
  static const unsigned char w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6,
                                      3, 7, 9, 10, 5, 8, 4, 2};
  static const char check[] = "10X98765432";
  unsigned sum = 0, y = 0, m = 0, d = 0;
  int64_t days;

  if (len != 18)
    return rti_code_names[RC_BAD_ID_LENGTH];
  for (int i = 0; i < 17; i++) {
    if (s[i] < '0' || s[i] > '9')
      return rti_code_names[RC_BAD_ID_CHAR];
    sum += (unsigned)(s[i] - '0') * w[i];
  }
  char c = s[17] == 'x' ? 'X' : s[17];
  if (!(c >= '0' && c <= '9') && c != 'X')
    return rti_code_names[RC_BAD_ID_CHAR];
  if (c != check[sum % 11])
    return rti_code_names[RC_BAD_ID_CHECKSUM];
  digits(s + 6, 4, &y);
  digits(s + 10, 2, &m);
  digits(s + 12, 2, &d);
  if (y < 1900 || !civil_ok(y, m, d, &days))
    return rti_code_names[RC_BAD_ID_BIRTH_DATE];
  if (birth)
    *birth = days;
  return NULL;
}

/* ---- Numbers ----------------------------------------------------------- */

/* [+-]digits, no overflow; INT64_MIN is refused because it is RT_UNKNOWN. */
static int parse_int(const char *s, size_t n, int64_t *out)
{
  size_t i = 0;
  int neg = 0;
  uint64_t v = 0;
  if (i < n && (s[i] == '+' || s[i] == '-'))
    neg = s[i++] == '-';
  if (i == n)
    return 0;
  for (; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return 0;
    unsigned dg = (unsigned)(s[i] - '0');
    if (v > ((uint64_t)INT64_MAX - dg) / 10)
      return 0;
    v = v * 10 + dg;
  }
  *out = neg ? -(int64_t)v : (int64_t)v;
  return 1;
}

/* [+-]digits[.d[d]] scaled by 100: yuan -> fen, percent -> basis points. */
static int parse_cents(const char *s, size_t n, int64_t *out)
{
  size_t i = 0;
  int neg = 0, nd = 0;
  uint64_t v = 0;
  if (i < n && (s[i] == '+' || s[i] == '-'))
    neg = s[i++] == '-';
  for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, nd++) {
    unsigned dg = (unsigned)(s[i] - '0');
    if (v > (((uint64_t)INT64_MAX - 99) / 100 - dg) / 10)
      return 0;
    v = v * 10 + dg;
  }
  if (nd == 0)
    return 0;
  v *= 100;
  if (i < n && s[i] == '.') {
    i++;
    size_t nf = 0;
    unsigned frac = 0;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, nf++)
      frac = frac * 10 + (unsigned)(s[i] - '0');
    if (nf == 0 || nf > 2)
      return 0;
    v += nf == 1 ? frac * 10 : frac;
  }
  if (i != n)
    return 0;
  *out = neg ? -(int64_t)v : (int64_t)v;
  return 1;
}

static int ieq(const char *s, size_t n, const char *lit)
{
  size_t k = strlen(lit);
  if (k != n)
    return 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z')
      c = (char)(c - 'A' + 'a');
    if (c != lit[i])
      return 0;
  }
  return 1;
}

static int parse_bool(const char *s, size_t n, int64_t *out)
{
  if (ieq(s, n, "true") || ieq(s, n, "1") || ieq(s, n, "yes") ||
      ieq(s, n, "\xe6\x98\xaf")) { /* 是 */
    *out = 1;
    return 1;
  }
  if (ieq(s, n, "false") || ieq(s, n, "0") || ieq(s, n, "no") ||
      ieq(s, n, "\xe5\x90\xa6")) { /* 否 */
    *out = 0;
    return 1;
  }
  return 0;
}

static int is_space(char c)
{
  return c == ' ' || c == '\t';
}

int rti_blank(const char *s, size_t len)
{
  for (size_t i = 0; i < len; i++)
    if (!is_space(s[i]))
      return 0;
  return 1;
}

/* ---- Cells ------------------------------------------------------------- */

int rti_parse(const rt_policy *p, int f, const char *s, size_t len, int64_t *out)
{
  const rt_field *fd = &p->fields[f];
  const rti_policy *pi = rti_pol(p);
  int64_t v = 0;

  /* Typed values forgive spaces around them; text is kept exactly. */
  if (fd->type != RT_TEXT) {
    while (len && is_space(*s))
      s++, len--;
    while (len && is_space(s[len - 1]))
      len--;
  }
  switch (fd->type) {
  case RT_BOOL:
    if (!parse_bool(s, len, &v))
      return RC_BAD_BOOL;
    break;
  case RT_INT:
  case RT_DAYS:
    if (!parse_int(s, len, &v))
      return RC_BAD_INT;
    break;
  case RT_MONEY:
    if (!parse_cents(s, len, &v))
      return RC_BAD_MONEY;
    /* A negative amount is only meaningful where the schema says so. */
    if (v < 0 && !(fd->has_min && fd->min < 0))
      return RC_OUT_OF_RANGE;
    break;
  case RT_PERCENT:
    if (len && s[len - 1] == '%')
      len--;
    if (!parse_cents(s, len, &v))
      return RC_BAD_PERCENT;
    break;
  case RT_DATE:
    if (!rt_parse_date(s, len, &v))
      return RC_BAD_DATE;
    break;
  case RT_ENUM: {
    int32_t k = rti_strmap_get(&pi->members[fd->enum_idx], s, len);
    if (k < 0)
      return RC_BAD_ENUM;
    v = k;
    break;
  }
  case RT_SET: {
    uint64_t bits = 0;
    size_t i = 0;
    while (i <= len) {
      size_t j = i;
      while (j < len && s[j] != '|')
        j++;
      size_t a = i, b = j;
      while (a < b && is_space(s[a]))
        a++;
      while (b > a && is_space(s[b - 1]))
        b--;
      if (b > a) {
        int32_t k = rti_strmap_get(&pi->members[fd->enum_idx], s + a, b - a);
        if (k < 0)
          return RC_BAD_ENUM;
        bits |= (uint64_t)1 << k;
      }
      i = j + 1;
    }
    memcpy(&v, &bits, sizeof v);
    break;
  }
  case RT_TEXT:
    v = rti_strmap_get(&pi->symbols, s, len);
    break;
  case RT_RESIDENT_ID: {
    const char *e = rt_resident_id_check(s, len, &v);
    if (e) {
      for (int c = RC_BAD_ID_LENGTH; c <= RC_BAD_ID_BIRTH_DATE; c++)
        if (e == rti_code_names[c])
          return c;
      return RC_BAD_ID_CHAR;
    }
    break;
  }
  default:
    return RC_BAD_INT;
  }
  switch (fd->type) {
  case RT_INT:
  case RT_MONEY:
  case RT_PERCENT:
  case RT_DATE:
  case RT_DAYS:
  case RT_RESIDENT_ID:
    if ((fd->has_min && v < fd->min) || (fd->has_max && v > fd->max))
      return RC_OUT_OF_RANGE;
    break;
  default:
    break;
  }
  *out = v;
  return RC_OK;
}

/* The value lands in *out widened to int64 (a set's bits as they are), so
** on a little-endian machine the first bytes also hold the storage type. */
const char *rt_parse_cell(const rt_policy *p, int f, const char *s, size_t len,
                          int64_t *out)
{
  if (!p || f < 0 || f >= p->n_fields)
    return "bad_field";
  int rc = rti_parse(p, f, s, len, out);
  return rc == RC_OK ? NULL : rti_code_names[rc];
}

int64_t rti_empty_value(const rt_policy *p, int f)
{
  const rt_field *fd = &p->fields[f];
  if (fd->flags & RT_FIELD_COMPUTED)
    return RT_UNKNOWN;
  if (fd->has_default)
    return rti_pol(p)->defval[f];
  switch (fd->type) {
  case RT_BOOL:
  case RT_ENUM:
  case RT_SET:
    return 0;
  case RT_TEXT:
    return -1;
  default:
    return RT_UNKNOWN;
  }
}

/* ---- Formatting -------------------------------------------------------- */

/* By hand rather than snprintf: it runs three times for every output row. */
void rt_format_fen(int64_t fen, char *buf)
{
  uint64_t u = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
  char tmp[24];
  int n = 0;
  tmp[n++] = (char)('0' + u % 10);
  u /= 10;
  tmp[n++] = (char)('0' + u % 10);
  u /= 10;
  tmp[n++] = '.';
  do {
    tmp[n++] = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (fen < 0)
    tmp[n++] = '-';
  for (int i = 0; i < n; i++)
    buf[i] = tmp[n - 1 - i];
  buf[n] = 0;
}

static void canon_date(rt_buf *out, int64_t days)
{
  int64_t y;
  unsigned m, d;
  char tmp[40];
  rt_civil_from_days(days, &y, &m, &d);
  int k = snprintf(tmp, sizeof tmp, "%04lld-%02u-%02u", (long long)y, m, d);
  rti_buf_add(out, tmp, (size_t)k);
}

void rti_canon(const rt_policy *p, int f, int64_t v, const char *raw,
               size_t rawlen, rt_buf *out)
{
  const rt_field *fd = &p->fields[f];
  char tmp[40];
  int k;

  switch (fd->type) {
  case RT_TEXT:
    rti_buf_add(out, raw, rawlen);
    return;
  case RT_RESIDENT_ID: {
    /* The ID as written, trimmed, with a lowercase check letter raised. */
    while (rawlen && is_space(*raw))
      raw++, rawlen--;
    while (rawlen && is_space(raw[rawlen - 1]))
      rawlen--;
    size_t at = out->n;
    rti_buf_add(out, raw, rawlen);
    if (rawlen == 18 && out->p[at + 17] == 'x')
      out->p[at + 17] = 'X';
    return;
  }
  case RT_BOOL:
    rti_buf_adds(out, v ? "true" : "false");
    return;
  case RT_ENUM:
    if (v >= 0 && v < p->enums[fd->enum_idx].n)
      rti_buf_adds(out, p->enums[fd->enum_idx].members[v]);
    return;
  case RT_SET: {
    uint64_t bits;
    int first = 1;
    memcpy(&bits, &v, sizeof bits);
    const rt_enum *e = &p->enums[fd->enum_idx];
    for (int i = 0; i < e->n; i++)
      if (bits >> i & 1) {
        if (!first)
          rti_buf_addc(out, '|');
        rti_buf_adds(out, e->members[i]);
        first = 0;
      }
    return;
  }
  default:
    break;
  }
  if (v == RT_UNKNOWN)
    return;
  switch (fd->type) {
  case RT_MONEY:
  case RT_PERCENT:
    rt_format_fen(v, tmp);
    rti_buf_adds(out, tmp);
    return;
  case RT_DATE:
    canon_date(out, v);
    return;
  default:
    k = snprintf(tmp, sizeof tmp, "%lld", (long long)v);
    rti_buf_add(out, tmp, (size_t)k);
    return;
  }
}
