/*
** driver.c — `polis` and its subcommands:
**   check, build, score, test, describe, help.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cg.h"
#include "compile.h"
#include "driver.h"
#include "parse.h"

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
  "  help [COMMAND]               show help\n"
  "\n"
  "options for every command:\n"
  "  --werror                     treat warnings as errors\n"
  "  --table NAME=FILE            read standards table NAME from FILE instead of\n"
  "                               the file the policy names (check, test, score,\n"
  "                               build, describe)\n"
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
} common_opts;

static int load(polis_unit *u, diag_ctx *D, const char *path, const common_opts *co)
{
  return unit_load_tables(u, D, path, co->tables, co->ntables);
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

static int polis_command(int argc, char **argv, const common_opts *cop);

int polis_main(int argc, char **argv)
{
  common_opts co = {0, -1, NULL, 0};
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
  else {
    const char *cmds[] = {"check", "test", "score", "build", "describe", "help", NULL};
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
