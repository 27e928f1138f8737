/*
** gen.h — `polis gen`: deterministic synthetic claims (claims-v1 CSV) for
** tests, demos and benchmarks.  See gen.c for the model of the data.
*/
#ifndef POLIS_GEN_H
#define POLIS_GEN_H
#include <stdint.h>
#include <stdio.h>

/* Cities a person can live in; GEN_ALL_CITIES mixes the five. */
enum {
  GEN_ALL_CITIES = -1,
  GEN_LIAOCHENG = 0,
  GEN_YUNCHENG,
  GEN_JINAN,
  GEN_DEZHOU,
  GEN_TAIAN,
  GEN_NCITIES
};

typedef struct gen_opts {
  int64_t n;             /* data rows to write (the header is extra) */
  uint64_t seed;         /* same n and seed: byte-identical output */
  uint32_t invalid_ppm;  /* rows with a bad person_id, parts per million */
  int city;              /* GEN_ALL_CITIES or one GEN_<CITY> */
  FILE *progress;        /* where to show "gen: N / M rows", or NULL */
} gen_opts;

/* Defaults of the command line: 10000 rows, seed 1, 1% invalid IDs. */
void gen_opts_init(gen_opts *o);

/* Write the header and o->n rows to out.  Returns 0, or -1 after a write
** error (errno is set; out is left for the caller to close). */
int gen_write(FILE *out, const gen_opts *o);

/* The city called name ("jinan", "济南", "济南市"), GEN_ALL_CITIES for
** "all", or -2 if there is none. */
int gen_city_lookup(const char *name);

/* `polis gen`; argv[0] is the first argument after "gen".  Returns the exit
** status: 0 ok, 1 I/O error, 2 usage error. */
int gen_main(int argc, char **argv);
#endif
