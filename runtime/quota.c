/*
** quota.c — quota reports: planned trainings per key against the granted
** claims the scoring run counted (rt_score_opts.quota_granted, laid out as
** rt_quota.slot says).
*/
#include "rt_internal.h"

#include <stdio.h>
#include <stdlib.h>

/* Columns a UTF-8 string takes on a terminal: East Asian wide characters
** (CJK, Hangul, full-width forms) count 2, everything else 1. */
static int display_width(const char *s)
{
  const unsigned char *u = (const unsigned char *)s;
  int w = 0;
  while (*u) {
    uint32_t c = *u;
    int len = 1;
    if (c >= 0xF0 && u[1] && u[2] && u[3])
      c = (c & 7) << 18 | (uint32_t)(u[1] & 63) << 12 | (uint32_t)(u[2] & 63) << 6 |
          (u[3] & 63), len = 4;
    else if (c >= 0xE0 && u[1] && u[2])
      c = (c & 15) << 12 | (uint32_t)(u[1] & 63) << 6 | (u[2] & 63), len = 3;
    else if (c >= 0xC0 && u[1])
      c = (c & 31) << 6 | (u[1] & 63), len = 2;
    u += len;
    if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
        (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
        (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
        (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD))
      w += 2;
    else
      w += 1;
  }
  return w;
}

/* granted / planned as a percentage with one decimal, half up; "-" when
** nothing was planned. */
static void percent(int64_t granted, int64_t planned, char *buf, size_t n)
{
  if (planned <= 0) {
    snprintf(buf, n, "-");
    return;
  }
  int64_t tenths = (granted * 1000 + planned / 2) / planned;
  snprintf(buf, n, "%lld.%lld%%", (long long)(tenths / 10), (long long)(tenths % 10));
}

static void row(FILE *out, int width, const char *key, const char *planned,
                int64_t granted, const char *pct)
{
  int pad = width - display_width(key);
  fprintf(out, "  %s%*s %10s %10lld %9s\n", key, pad > 0 ? pad : 0, "", planned,
          (long long)granted, pct);
}

void rt_quota_print(const rt_policy *p, const int64_t *granted, FILE *out)
{
  for (int q = 0; q < p->n_quotas; q++) {
    const rt_quota *qu = &p->quotas[q];
    const char *field = p->fields[qu->field].name;
    const int64_t *g = granted + qu->slot;
    int width = display_width(field);
    if (width < 12)
      width = 12;
    for (int k = 0; k < qu->n_keys; k++)
      if (display_width(qu->keys[k]) > width)
        width = display_width(qu->keys[k]);
    fprintf(out, "quota     %s%s%s, %lld, by %s", qu->name, *qu->label ? " — " : "",
            qu->label, (long long)qu->year, field);
    if (*qu->cite)
      fprintf(out, " (%s)", qu->cite);
    fputc('\n', out);
    int pad = width - display_width(field);
    fprintf(out, "  %s%*s %10s %10s %9s\n", field, pad, "", "planned", "granted", "granted%");
    int64_t tp = 0, tg = g[qu->n_keys];
    char num[32], pct[32];
    for (int k = 0; k < qu->n_keys; k++) {
      snprintf(num, sizeof num, "%lld", (long long)qu->planned[k]);
      percent(g[k], qu->planned[k], pct, sizeof pct);
      row(out, width, qu->keys[k], num, g[k], pct);
      tp += qu->planned[k];
      tg += g[k];
    }
    row(out, width, "(other)", "-", g[qu->n_keys], "-");
    snprintf(num, sizeof num, "%lld", (long long)tp);
    percent(tg, tp, pct, sizeof pct);
    row(out, width, "(total)", num, tg, pct);
  }
}

int rt_quota_report(const rt_policy *p, const int64_t *granted, FILE *out)
{
  rt_buf b = {0};
  char num[64];
  rti_buf_adds(&b, "quota,key,planned,granted\n");
  for (int q = 0; q < p->n_quotas; q++) {
    const rt_quota *qu = &p->quotas[q];
    const int64_t *g = granted + qu->slot;
    int64_t tp = 0, tg = g[qu->n_keys];
    for (int k = 0; k <= qu->n_keys + 1; k++) {
      const char *key;
      int64_t planned, got;
      if (k < qu->n_keys) {
        key = qu->keys[k], planned = qu->planned[k], got = g[k];
        tp += planned;
        tg += got;
      } else if (k == qu->n_keys) {
        key = "(other)", planned = 0, got = g[k];
      } else {
        key = "(total)", planned = tp, got = tg;
      }
      rti_csv_put(&b, qu->name, strlen(qu->name));
      rti_buf_addc(&b, ',');
      rti_csv_put(&b, key, strlen(key));
      snprintf(num, sizeof num, ",%lld,%lld\n", (long long)planned, (long long)got);
      rti_buf_adds(&b, num);
    }
  }
  int ok = b.n == 0 || fwrite(b.p, 1, b.n, out) == b.n;
  rti_buf_free(&b);
  return ok && !ferror(out) ? 0 : -1;
}
