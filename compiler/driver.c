/*
** driver.c — `polis` and its subcommands:
**   check, build, score, test, describe, compare, help.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cg.h"
#include "compile.h"
#include "driver.h"
#include "gen.h"
#include "parse.h"
#include "report.h"

#ifndef POLIS_VERSION
#define POLIS_VERSION "0.0.0"
#endif

static const char usage_text[] =
  "usage: polis <command> [options]\n"
  "\n"
  "Polis compiles a city's vocational-training subsidy policy to native code\n"
  "and scores claims (claims-v1 CSV) with it.\n"
  "\n"
  "commands:\n"
  "  check POLICY...              parse and check policies, print diagnostics\n"
  "  test POLICY...               run the tests written inside policies\n"
  "  score POLICY --claims FILE   score claims (JIT); see 'polis score --help'\n"
  "  build POLICY [-o OUT] [--emit exe|obj|shared|llvm|asm]\n"
  "                               compile to a stand-alone executable (default),\n"
  "                               object, shared library, LLVM IR or assembly\n"
  "  describe POLICY              print the compiled policy's descriptor\n"
  "  compare POLICY... --claims FILE\n"
  "                               score claims under several cities side by side;\n"
  "                               see 'polis compare --help'\n"
  "  gen [--n N] [-o FILE]        write synthetic claims; see 'polis gen --help'\n"
  "  help [COMMAND]               show help\n"
  "\n"
  "options for every command:\n"
  "  --werror                     treat warnings as errors\n"
  "  --table NAME=FILE            read standards table NAME from FILE instead of\n"
  "                               the file the policy names (check, test, score,\n"
  "                               build, describe; compare: the policies that\n"
  "                               have table NAME)\n"
  "  --color / --no-color         force or disable coloured diagnostics\n"
  "  --version                    print the version\n";

static const char build_help[] =
  "usage: polis build POLICY [-o OUT] [--emit KIND]\n"
  "\n"
  "KIND is one of:\n"
  "  exe     a stand-alone per-city executable linking the runtime (default);\n"
  "          run 'OUT score --claims FILE' exactly like 'polis score'\n"
  "  obj     an object file exporting polis_policy_v1 (runtime/polis_rt.h)\n"
  "  shared  a shared library exporting polis_policy_v1\n"
  "  llvm    optimised LLVM IR, textual\n"
  "  asm     assembly\n"
  "\n"
  "OUT defaults to the policy's name plus the kind's usual suffix.\n"
  "Artefacts target a generic CPU; POLIS_CPU=native tunes for this machine.\n";

typedef struct common_opts {
  int werror;
  int color;       /* -1 auto */
  const char **tables;  /* --table NAME=FILE */
  int ntables;
  unsigned char *tables_used; /* compare: overrides apply where a policy has the table */
} common_opts;

static int load(polis_unit *u, diag_ctx *D, const char *path, const common_opts *co)
{
  return unit_load_overrides(u, D, path, co->tables, co->ntables, co->tables_used);
}

static void setup_diag(diag_ctx *D, const common_opts *co)
{
  diag_init(D, stderr);
  D->werror = co->werror;
  if (co->color >= 0)
    D->color = co->color;
}

static int usage_error(const char *fmt, const char *arg)
{
  fprintf(stderr, "polis: error: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\n(run 'polis help' for usage)\n");
  return 2;
}

/* Strip the options every command shares; returns the new argc, or -1
** after a usage error. */
static int common_options(int argc, char **argv, common_opts *co)
{
  int k = 0;
  co->tables = calloc((size_t)argc + 1, sizeof *co->tables);
  for (int i = 0; i < argc; i++) {
    if (!strcmp(argv[i], "--table") || !strncmp(argv[i], "--table=", 8)) {
      const char *v = argv[i][7] == '=' ? argv[i] + 8 : i + 1 < argc ? argv[++i] : NULL;
      const char *eq = v ? strchr(v, '=') : NULL;
      if (!eq || eq == v || !eq[1]) {
        usage_error("--table needs NAME=FILE, e.g. '--table standard=standards/2021.csv' (got '%s')",
                    v ? v : "");
        return -1;
      }
      co->tables[co->ntables++] = v;
    } else if (!strcmp(argv[i], "--werror") || !strcmp(argv[i], "-Werror"))
      co->werror = 1;
    else if (!strcmp(argv[i], "--color"))
      co->color = 1;
    else if (!strcmp(argv[i], "--no-color"))
      co->color = 0;
    else
      argv[k++] = argv[i];
  }
  argv[k] = NULL;
  return k;
}

static void summary_line(diag_ctx *D, const char *path)
{
  int e = D->errors, w = D->warnings;
  if (e || w)
    fprintf(stderr, "%s: %d error%s, %d warning%s\n", path, e, e == 1 ? "" : "s", w, w == 1 ? "" : "s");
}

static int cmd_check(int argc, char **argv, const common_opts *co)
{
  if (argc < 1)
    return usage_error("%s", "check needs at least one policy file");
  int rc = 0;
  for (int i = 0; i < argc; i++) {
    if (argv[i][0] == '-')
      return usage_error("unknown option '%s' for check", argv[i]);
    diag_ctx D;
    setup_diag(&D, co);
    polis_unit u;
    if (load(&u, &D, argv[i], co) != 0 || D.errors)
      rc = 1;
    summary_line(&D, argv[i]);
    if (!D.errors && !D.warnings)
      fprintf(stderr, "%s: ok\n", argv[i]);
    unit_free(&u);
    diag_free(&D);
  }
  return rc;
}

/* A policy compiled in memory with the JIT, ready for the runtime. */
typedef struct jitted {
  polis_unit u;
  cg_jit *jit;
  rt_policy *policy;
} jitted;

static void jitted_free(jitted *j)
{
  if (j->policy)
    rt_policy_free(j->policy);
  cg_jit_free(j->jit);
  unit_free(&j->u);
  memset(j, 0, sizeof *j);
}

static int jit_policy(diag_ctx *D, const char *path, const common_opts *co, jitted *j)
{
  memset(j, 0, sizeof *j);
  if (load(&j->u, D, path, co) != 0 || D->errors) {
    summary_line(D, path);
    return -1;
  }
  char *err = NULL;
  if (cg_llvm_init(&err) || !(j->jit = cg_jit_create(&err))) {
    fprintf(stderr, "polis: error: %s\n", err);
    free(err);
    return -1;
  }
  char *desc = cg_descriptor(j->u.model);
  LLVMModuleRef M = cg_build_module(j->u.model, cg_jit_context(j->jit), desc, 0);
  free(desc);
  const rt_entry *entry = NULL;
  if (cg_jit_add(j->jit, M, &entry, &err)) {
    fprintf(stderr, "polis: error: %s\n", err);
    free(err);
    return -1;
  }
  char msg[512];
  j->policy = rt_policy_load(entry, msg, sizeof msg);
  if (!j->policy) {
    fprintf(stderr, "polis: internal error: descriptor rejected by the runtime: %s\n", msg);
    return -1;
  }
  return 0;
}

static int cmd_score(int argc, char **argv, const common_opts *co)
{
  if (argc < 1 || !strcmp(argv[0], "-h") || !strcmp(argv[0], "--help")) {
    rt_score_main(NULL, "polis score POLICY", 2, (char *[]){"score", "--help", NULL});
    return argc < 1 ? 2 : 0;
  }
  if (argv[0][0] == '-')
    return usage_error("score needs the policy file first, e.g. 'polis score policies/yuncheng.polis --claims C.csv' (got '%s')", argv[0]);
  diag_ctx D;
  setup_diag(&D, co);
  for (int i = 1; i < argc; i++)
    if (!strcmp(argv[i], "--quiet") || !strcmp(argv[i], "-q"))
      D.quiet = 1;
  jitted j;
  int rc = 1;
  if (jit_policy(&D, argv[0], co, &j) == 0)
    rc = rt_score_main(j.policy, "polis score", argc, argv);
  jitted_free(&j);
  diag_free(&D);
  return rc;
}

static int cmd_test(int argc, char **argv, const common_opts *co)
{
  if (argc < 1)
    return usage_error("%s", "test needs at least one policy file");
  int passed = 0, failed = 0, broken = 0, verbose = 0;
  for (int i = 0; i < argc; i++) {
    if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose")) {
      verbose = 1;
      continue;
    }
    if (argv[i][0] == '-')
      return usage_error("unknown option '%s' for test", argv[i]);
  }
  for (int i = 0; i < argc; i++) {
    if (argv[i][0] == '-')
      continue;
    diag_ctx D;
    setup_diag(&D, co);
    jitted j;
    if (jit_policy(&D, argv[i], co, &j) == 0) {
      int p0 = passed, f0 = failed;
      if (j.u.model->tests.n == 0)
        fprintf(stderr, "%s: warning: no tests in this policy\n", argv[i]);
      polis_run_tests(&D, j.u.model, j.policy, verbose, &passed, &failed);
      printf("%s: %d passed, %d failed\n", argv[i], passed - p0, failed - f0);
    } else
      broken++;
    jitted_free(&j);
    diag_free(&D);
  }
  printf("%d passed, %d failed\n", passed, failed);
  if (broken)
    fprintf(stderr, "polis: %d polic%s did not compile\n", broken, broken == 1 ? "y" : "ies");
  return failed || broken ? 1 : 0;
}

static const struct { const char *name; cg_emit kind; const char *suffix; } emit_kinds[] = {
  {"exe", CG_EMIT_EXE, ""}, {"obj", CG_EMIT_OBJ, ".o"}, {"shared", CG_EMIT_SHARED, ".so"},
  {"llvm", CG_EMIT_LLVM, ".ll"}, {"asm", CG_EMIT_ASM, ".s"}, {NULL, 0, NULL}};

static int cmd_build(int argc, char **argv, const common_opts *co)
{
  const char *policy = NULL, *out = NULL, *emit = "exe";
  for (int i = 0; i < argc; i++) {
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      fputs(build_help, stdout);
      return 0;
    } else if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) {
      if (++i == argc)
        return usage_error("%s needs a file name", argv[i - 1]);
      out = argv[i];
    } else if (!strcmp(argv[i], "--emit")) {
      if (++i == argc)
        return usage_error("%s", "--emit needs a kind: exe, obj, shared, llvm or asm");
      emit = argv[i];
    } else if (!strncmp(argv[i], "--emit=", 7))
      emit = argv[i] + 7;
    else if (argv[i][0] == '-')
      return usage_error("unknown option '%s' for build", argv[i]);
    else if (policy)
      return usage_error("build takes one policy (got a second: '%s')", argv[i]);
    else
      policy = argv[i];
  }
  if (!policy)
    return usage_error("%s", "build needs a policy file");
  int k = 0;
  while (emit_kinds[k].name && strcmp(emit_kinds[k].name, emit))
    k++;
  if (!emit_kinds[k].name)
    return usage_error("unknown --emit kind '%s' (exe, obj, shared, llvm, asm)", emit);
  diag_ctx D;
  setup_diag(&D, co);
  polis_unit u;
  int rc = 1;
  if (load(&u, &D, policy, co) != 0 || D.errors) {
    summary_line(&D, policy);
    goto done;
  }
  if (!u.model->policy) {
    fprintf(stderr, "polis: error: '%s' has no 'policy' header; only a policy can be built\n", policy);
    goto done;
  }
  char *err = NULL;
  if (cg_llvm_init(&err)) {
    fprintf(stderr, "polis: error: %s\n", err);
    free(err);
    goto done;
  }
  char *defout = NULL;
  if (!out) {
    size_t n = strlen(u.model->policy->name) + 8;
    defout = malloc(n);
    snprintf(defout, n, "%s%s", u.model->policy->name, emit_kinds[k].suffix);
    out = defout;
  }
  LLVMContextRef C = LLVMContextCreate();
  char *desc = cg_descriptor(u.model);
  LLVMModuleRef M = cg_build_module(u.model, C, desc, emit_kinds[k].kind == CG_EMIT_EXE);
  free(desc);
  if (cg_optimize(M, &err) || cg_emit_file(M, emit_kinds[k].kind, out, &err)) {
    fprintf(stderr, "polis: error: %s\n", err);
    free(err);
  } else {
    fprintf(stderr, "polis: wrote %s (%s, policy %s, source sha256 %.12s)\n", out, emit_kinds[k].name,
            u.model->policy->name, u.source_hash);
    rc = 0;
  }
  LLVMDisposeModule(M);
  LLVMContextDispose(C);
  free(defout);
done:
  unit_free(&u);
  diag_free(&D);
  return rc;
}

static int cmd_describe(int argc, char **argv, const common_opts *co)
{
  if (argc != 1 || argv[0][0] == '-')
    return usage_error("%s", "describe takes one policy file");
  diag_ctx D;
  setup_diag(&D, co);
  polis_unit u;
  int rc = 1;
  if (load(&u, &D, argv[0], co) == 0 && !D.errors) {
    char *desc = cg_descriptor(u.model);
    fputs(desc, stdout);
    free(desc);
    rc = 0;
  } else
    summary_line(&D, argv[0]);
  unit_free(&u);
  diag_free(&D);
  return rc;
}

static const char compare_help[] =
  "usage: polis compare POLICY... --claims FILE [options]\n"
  "\n"
  "Score one claims file under several policies in one pass and report how\n"
  "and why the cities differ: per city totals (per benefit, per person group,\n"
  "reasons, quotas), the claims each pair of cities decides differently,\n"
  "grouped by the rules and reasons on each side, with example claims and\n"
  "citations, and a static side-by-side of the policies.  docs/report.md\n"
  "explains how to read it.\n"
  "\n"
  "options:\n"
  "  --claims FILE        claims-v1 CSV to score; '-' reads standard input\n"
  "  --format FMT         text (default), csv, json or md\n"
  "  -o, --output FILE    write the report there (default: standard output)\n"
  "  --html FILE          also write a self-contained HTML report with charts\n"
  "  --decisions DIR      also write each city's decisions to DIR/NAME.csv,\n"
  "                       exactly as 'polis score' would\n"
  "  --examples N         example claims per difference group (0-5, default 3)\n"
  "  --max-diffs N        difference groups shown per pair (default 8; csv and\n"
  "                       json list them all)\n"
  "  --no-sheet           leave out the static side-by-side of the policies\n"
  "  --quiet              no warnings from the policies, no run summary\n"
  "  --progress           show the rows read on standard error\n"
  "  --no-progress        never (default: only when standard error is a terminal)\n"
  "  -h, --help           show this help\n"
  "\n"
  "--table NAME=FILE applies to every policy that has table NAME.\n"
  "Exit status: 0 success, 1 a policy or input/output error, 2 usage error.\n";

/* A non-negative integer option value, or -1. */
static long count_arg(const char *s)
{
  char *end;
  long v = strtol(s, &end, 10);
  return *s && !*end && v >= 0 ? v : -1;
}

static int write_report_file(const report_in *in, const char *path, int html, report_format f)
{
  FILE *o = !path || !strcmp(path, "-") ? stdout : fopen(path, "wb");
  if (!o) {
    fprintf(stderr, "%s: error: cannot open for writing: %s\n", path, strerror(errno));
    return 1;
  }
  int bad = (html ? report_html(in, o) : report_write(in, f, o)) != 0;
  bad |= o == stdout ? fflush(o) != 0 : fclose(o) != 0;
  if (bad) {
    fprintf(stderr, "%s: error: cannot write the report: %s\n", path ? path : "<stdout>",
            strerror(errno));
    return 1;
  }
  return 0;
}

static int cmd_compare(int argc, char **argv, const common_opts *co)
{
  const char *claims = NULL, *output = NULL, *html = NULL, *ddir = NULL;
  report_format fmt = REPORT_TEXT;
  int nsheet = 0, quiet = 0, progress = -1, examples = 3, max_diffs = 8;
  const char **paths = calloc((size_t)argc + 1, sizeof *paths);
  int n = 0, rc = 1;

  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    const char *v = NULL;
    static const char *const valued[] = {"--claims", "--format", "--output", "-o", "--html",
                                         "--decisions", "--examples", "--max-diffs", NULL};
    int k = 0;
    for (; valued[k]; k++) {
      size_t l = strlen(valued[k]);
      if (!strcmp(a, valued[k])) {
        if (i + 1 == argc) {
          free(paths);
          return usage_error("%s needs a value", a);
        }
        v = argv[++i];
        break;
      }
      if (!strncmp(a, valued[k], l) && a[l] == '=' && a[1] == '-') {
        v = a + l + 1;
        break;
      }
    }
    if (valued[k]) {
      const char *o = valued[k];
      if (!*v) {
        free(paths);
        return usage_error("%s needs a non-empty value", o);
      }
      if (!strcmp(o, "--claims"))
        claims = v;
      else if (!strcmp(o, "--output") || !strcmp(o, "-o"))
        output = v;
      else if (!strcmp(o, "--html"))
        html = v;
      else if (!strcmp(o, "--decisions"))
        ddir = v;
      else if (!strcmp(o, "--format")) {
        static const char *const names[] = {"text", "csv", "json", "md", NULL};
        int f = 0;
        while (names[f] && strcmp(names[f], v))
          f++;
        if (!names[f]) {
          free(paths);
          return usage_error("unknown --format '%s' (text, csv, json, md)", v);
        }
        fmt = (report_format)f;
      } else {
        long x = count_arg(v);
        if (x < 0 || (!strcmp(o, "--examples") && x > RT_CMP_MAX_EXAMPLES) || x > 1000000) {
          free(paths);
          return usage_error(!strcmp(o, "--examples") ? "--examples needs a number from 0 to 5 (got '%s')"
                                                      : "--max-diffs needs a number (got '%s')", v);
        }
        if (!strcmp(o, "--examples"))
          examples = (int)x;
        else
          max_diffs = (int)x;
      }
    } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      fputs(compare_help, stdout);
      free(paths);
      return 0;
    } else if (!strcmp(a, "--no-sheet"))
      nsheet = 1;
    else if (!strcmp(a, "--quiet") || !strcmp(a, "-q"))
      quiet = 1;
    else if (!strcmp(a, "--progress"))
      progress = 1;
    else if (!strcmp(a, "--no-progress"))
      progress = 0;
    else if (a[0] == '-' && a[1]) {
      free(paths);
      return usage_error("unknown option '%s' for compare", a);
    } else
      paths[n++] = a;
  }
  if (n == 0 || !claims) {
    free(paths);
    return usage_error("%s", n == 0 ? "compare needs policy files, e.g. 'polis compare "
                                      "policies/liaocheng.polis policies/jinan.polis --claims C.csv'"
                                    : "compare needs --claims FILE");
  }

  if (strcmp(claims, "-") != 0) {
    const char *outs[2] = {output, html};
    for (int k = 0; k < 2; k++)
      if (outs[k] && !strcmp(outs[k], claims)) {
        free(paths);
        return usage_error("the report '%s' would overwrite the claims", outs[k]);
      }
  }
  if (html && output && !strcmp(html, output) && strcmp(html, "-") != 0) {
    free(paths);
    return usage_error("--html and -o both name '%s'", html);
  }

  jitted *j = calloc((size_t)n, sizeof *j);
  const rt_policy **pol = calloc((size_t)n, sizeof *pol);
  sema_model **models = calloc((size_t)n, sizeof *models);
  char **dpaths = calloc((size_t)n, sizeof *dpaths);
  diag_ctx D;
  rt_cmp *cmp = NULL;
  sheet *sh = NULL;
  common_opts cco = *co;
  cco.tables_used = calloc((size_t)co->ntables + 1, 1);
  setup_diag(&D, co);
  D.quiet = quiet;
  for (int k = 0; k < n; k++) {
    int e0 = D.errors;
    if (jit_policy(&D, paths[k], &cco, &j[k]) != 0 || D.errors > e0)
      goto done;
    if (!j[k].u.model->policy) {
      fprintf(stderr, "polis: error: '%s' has no 'policy' header; only policies can be compared\n",
              paths[k]);
      goto done;
    }
    pol[k] = j[k].policy;
    models[k] = j[k].u.model;
  }
  for (int i = 0; i < co->ntables; i++)
    if (!cco.tables_used[i]) {
      fprintf(stderr, "polis: error: --table %s: none of the policies has such a table\n", co->tables[i]);
      goto done;
    }
  if (ddir) {
    if (mkdir(ddir, 0777) != 0 && errno != EEXIST) {
      fprintf(stderr, "%s: error: cannot create the directory: %s\n", ddir, strerror(errno));
      goto done;
    }
    for (int k = 0; k < n; k++) {
      for (int m = 0; m < k; m++)
        if (!strcmp(pol[m]->name, pol[k]->name)) {
          fprintf(stderr, "polis: error: --decisions: '%s' and '%s' are both policy '%s'\n",
                  paths[m], paths[k], pol[k]->name);
          goto done;
        }
      size_t len = strlen(ddir) + strlen(pol[k]->name) + 8;
      dpaths[k] = malloc(len);
      snprintf(dpaths[k], len, "%s/%s.csv", ddir, pol[k]->name);
    }
  }
  rt_cmp_opts opts = {claims, ddir ? (const char *const *)dpaths : NULL, progress, examples};
  if (rt_compare(pol, n, &opts, &cmp) != 0)
    goto done;
  if (!nsheet)
    sh = sheet_build(models, n);
  int color = co->color >= 0 ? co->color : (!output || !strcmp(output, "-")) && isatty(1);
  report_in in = {cmp, sh, paths, claims, fmt == REPORT_TEXT && color, max_diffs};
  rc = 0;
  if (html)
    rc |= write_report_file(&in, html, 1, fmt);
  rc |= write_report_file(&in, output, 0, fmt);
  if (!quiet) {
    fprintf(stderr, "polis compare: %lld claims under %d policies in %.2f s", (long long)cmp->rows, n,
            cmp->seconds);
    if (html)
      fprintf(stderr, "; HTML report: %s", html);
    if (ddir)
      fprintf(stderr, "; decisions in %s/", ddir);
    fputc('\n', stderr);
  }
done:
  free(cco.tables_used);
  sheet_free(sh);
  rt_cmp_free(cmp);
  for (int k = 0; k < n; k++) {
    jitted_free(&j[k]);
    free(dpaths[k]);
  }
  free(dpaths);
  free(models);
  free(pol);
  free(j);
  free(paths);
  diag_free(&D);
  return rc;
}

static int polis_command(int argc, char **argv, const common_opts *cop);

int polis_main(int argc, char **argv)
{
  common_opts co = {0, -1, NULL, 0, NULL};
  argc = common_options(argc, argv, &co);
  int rc = polis_command(argc, argv, &co);
  free(co.tables);
  return rc;
}

static int polis_command(int argc, char **argv, const common_opts *cop)
{
  common_opts co = *cop;
  if (argc < 0)
    return 2;
  if (argc < 2) {
    fputs(usage_text, stderr);
    return 2;
  }
  const char *cmd = argv[1];
  int rc;
  if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
    printf("polis %s (LLVM 19, claims-v1, ABI %d)\n", POLIS_VERSION, RT_ABI_VERSION);
    return 0;
  }
  if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
    if (argc > 2 && !strcmp(argv[2], "build"))
      fputs(build_help, stdout);
    else if (argc > 2 && !strcmp(argv[2], "compare"))
      fputs(compare_help, stdout);
    else if (argc > 2 && !strcmp(argv[2], "gen"))
      gen_main(1, (char *[]){"--help", NULL});
    else if (argc > 2 && !strcmp(argv[2], "score"))
      rt_score_main(NULL, "polis score POLICY", 2, (char *[]){"score", "--help", NULL});
    else
      fputs(usage_text, stdout);
    return 0;
  }
  if (!strcmp(cmd, "check"))
    rc = cmd_check(argc - 2, argv + 2, &co);
  else if (!strcmp(cmd, "test"))
    rc = cmd_test(argc - 2, argv + 2, &co);
  else if (!strcmp(cmd, "score"))
    rc = cmd_score(argc - 2, argv + 2, &co);
  else if (!strcmp(cmd, "build"))
    rc = cmd_build(argc - 2, argv + 2, &co);
  else if (!strcmp(cmd, "describe"))
    rc = cmd_describe(argc - 2, argv + 2, &co);
  else if (!strcmp(cmd, "compare"))
    rc = cmd_compare(argc - 2, argv + 2, &co);
  else if (!strcmp(cmd, "gen"))
    rc = gen_main(argc - 2, argv + 2);
  else {
    const char *cmds[] = {"check", "test", "score", "build", "describe", "compare", "gen", "help", NULL};
    const char *best = NULL;
    for (int i = 0; cmds[i]; i++)
      if (lex_distance(cmd, cmds[i]) <= 2)
        best = cmds[i];
    fprintf(stderr, "polis: error: unknown command '%s'", cmd);
    if (best)
      fprintf(stderr, "; did you mean '%s'?", best);
    fprintf(stderr, "\n(run 'polis help' for usage)\n");
    return 2;
  }
  cg_llvm_shutdown();
  return rc;
}
