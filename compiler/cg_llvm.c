/*
** cg_llvm.c — every call into LLVM that depends on its version lives here:
** target set-up, verification, the new-pass-manager pipeline, emission of
** objects and assembly, ORC LLJIT, and linking with the system C compiler.
** Written against the LLVM 19 C API (llvm-c/).
*/
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <llvm-c/Analysis.h>
#include <llvm-c/Error.h>
#include <llvm-c/LLJIT.h>
#include <llvm-c/Orc.h>
#include <llvm-c/Support.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>
#include <llvm-c/Transforms/PassBuilder.h>
#include "cg.h"

extern char **environ;

static char *dupmsg(const char *prefix, const char *msg)
{
  size_t n = strlen(prefix) + strlen(msg) + 3;
  char *s = malloc(n);
  snprintf(s, n, "%s: %s", prefix, msg);
  return s;
}

/* Take an LLVMErrorRef's message into a malloc'd string and dispose it. */
static char *take_error(const char *prefix, LLVMErrorRef e)
{
  char *m = LLVMGetErrorMessage(e);
  char *s = dupmsg(prefix, m);
  LLVMDisposeErrorMessage(m);
  return s;
}

int cg_llvm_init(char **err)
{
  if (LLVMInitializeNativeTarget() || LLVMInitializeNativeAsmPrinter() || LLVMInitializeNativeAsmParser()) {
    *err = dupmsg("llvm", "this LLVM build has no native target");
    return -1;
  }
  return 0;
}

void cg_llvm_shutdown(void)
{
  LLVMShutdown();
}

/* Deployment artefacts target a generic CPU of the host architecture so
** they run on any machine of that kind; POLIS_CPU=native opts in to the
** build machine's features. */
static LLVMTargetMachineRef make_tm(int native, char **err)
{
  char *triple = LLVMGetDefaultTargetTriple();
  LLVMTargetRef target;
  char *msg = NULL;
  if (LLVMGetTargetFromTriple(triple, &target, &msg)) {
    *err = dupmsg("llvm target", msg);
    LLVMDisposeMessage(msg);
    LLVMDisposeMessage(triple);
    return NULL;
  }
  const char *env = getenv("POLIS_CPU");
  if (env && !strcmp(env, "native"))
    native = 1;
  char *cpu = native ? LLVMGetHostCPUName() : NULL;
  char *feat = native ? LLVMGetHostCPUFeatures() : NULL;
  LLVMTargetMachineRef tm = LLVMCreateTargetMachine(target, triple, cpu ? cpu : "generic", feat ? feat : "",
                                                    LLVMCodeGenLevelDefault, LLVMRelocPIC, LLVMCodeModelDefault);
  if (cpu)
    LLVMDisposeMessage(cpu);
  if (feat)
    LLVMDisposeMessage(feat);
  LLVMDisposeMessage(triple);
  if (!tm)
    *err = dupmsg("llvm", "cannot create a target machine");
  return tm;
}

static int optimize_with(LLVMModuleRef M, LLVMTargetMachineRef tm, char **err)
{
  char *triple = LLVMGetTargetMachineTriple(tm);
  LLVMSetTarget(M, triple);
  LLVMDisposeMessage(triple);
  LLVMTargetDataRef td = LLVMCreateTargetDataLayout(tm);
  LLVMSetModuleDataLayout(M, td);
  LLVMDisposeTargetData(td);
  char *msg = NULL;
  if (LLVMVerifyModule(M, LLVMReturnStatusAction, &msg)) {
    *err = dupmsg("internal error: generated code does not verify", msg);
    LLVMDisposeMessage(msg);
    return -1;
  }
  LLVMDisposeMessage(msg);
  LLVMPassBuilderOptionsRef opts = LLVMCreatePassBuilderOptions();
  LLVMPassBuilderOptionsSetLoopVectorization(opts, 1);
  LLVMPassBuilderOptionsSetSLPVectorization(opts, 1);
  LLVMErrorRef e = LLVMRunPasses(M, "default<O2>", tm, opts);
  LLVMDisposePassBuilderOptions(opts);
  if (e) {
    *err = take_error("llvm passes", e);
    return -1;
  }
  return 0;
}

int cg_optimize(LLVMModuleRef M, char **err)
{
  LLVMTargetMachineRef tm = make_tm(0, err);
  if (!tm)
    return -1;
  int rc = optimize_with(M, tm, err);
  LLVMDisposeTargetMachine(tm);
  return rc;
}

/* Run argv (argv[0] looked up in PATH); 0 when it exits with status 0. */
static int run(char *const argv[], char **err)
{
  pid_t pid;
  int rc = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ);
  if (rc != 0) {
    char buf[256];
    snprintf(buf, sizeof buf, "cannot run '%s': %s (install a C compiler: apt-get install gcc)", argv[0],
             strerror(rc));
    *err = dupmsg("link", buf);
    return -1;
  }
  int status;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
    ;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    *err = dupmsg("link", "the system C compiler failed (see its messages above)");
    return -1;
  }
  return 0;
}

static const char *runtime_lib(void)
{
  const char *env = getenv("POLIS_RUNTIME_LIB");
  if (env && *env)
    return env;
#ifdef POLIS_RT_LIB
  return POLIS_RT_LIB;
#else
  return "libpolisrt.a";
#endif
}

static int link_artefact(const char *obj, cg_emit kind, const char *out, char **err)
{
  const char *cc = getenv("CC");
  if (!cc || !*cc)
    cc = "cc";
  char *argv[32];
  int n = 0;
  argv[n++] = (char *)cc;
  if (kind == CG_EMIT_SHARED)
    argv[n++] = "-shared";
  argv[n++] = "-o";
  argv[n++] = (char *)out;
  argv[n++] = (char *)obj;
  char flags[512] = "";
#ifdef POLIS_LINK_FLAGS
  snprintf(flags, sizeof flags, "%s", POLIS_LINK_FLAGS);
#endif
  if (kind == CG_EMIT_EXE) {
    const char *lib = runtime_lib();
    struct stat st;
    if (stat(lib, &st) != 0) {
      char buf[600];
      snprintf(buf, sizeof buf, "runtime library '%s' not found (set POLIS_RUNTIME_LIB)", lib);
      *err = dupmsg("link", buf);
      return -1;
    }
    argv[n++] = (char *)lib;
    argv[n++] = "-lm";
    for (char *tok = strtok(flags, " "); tok && n < 30; tok = strtok(NULL, " "))
      argv[n++] = tok;
  }
  argv[n] = NULL;
  return run(argv, err);
}

int cg_emit_file(LLVMModuleRef M, cg_emit kind, const char *out, char **err)
{
  char *msg = NULL;
  if (kind == CG_EMIT_LLVM) {
    if (LLVMPrintModuleToFile(M, out, &msg)) {
      *err = dupmsg(out, msg);
      LLVMDisposeMessage(msg);
      return -1;
    }
    return 0;
  }
  LLVMTargetMachineRef tm = make_tm(0, err);
  if (!tm)
    return -1;
  int rc = 0;
  if (kind == CG_EMIT_ASM || kind == CG_EMIT_OBJ) {
    if (LLVMTargetMachineEmitToFile(tm, M, out, kind == CG_EMIT_ASM ? LLVMAssemblyFile : LLVMObjectFile, &msg)) {
      *err = dupmsg(out, msg);
      LLVMDisposeMessage(msg);
      rc = -1;
    }
  } else {
    char tmp[] = "/tmp/polis-XXXXXX.o";
    int fd = mkstemps(tmp, 2);
    if (fd < 0) {
      *err = dupmsg("cannot create a temporary file", strerror(errno));
      LLVMDisposeTargetMachine(tm);
      return -1;
    }
    close(fd);
    if (LLVMTargetMachineEmitToFile(tm, M, tmp, LLVMObjectFile, &msg)) {
      *err = dupmsg(tmp, msg);
      LLVMDisposeMessage(msg);
      rc = -1;
    } else
      rc = link_artefact(tmp, kind, out, err);
    unlink(tmp);
  }
  LLVMDisposeTargetMachine(tm);
  return rc;
}

/* ---- ORC LLJIT ------------------------------------------------------------ */

struct cg_jit {
  LLVMOrcLLJITRef jit;
  LLVMOrcThreadSafeContextRef tsc;
};

cg_jit *cg_jit_create(char **err)
{
  cg_jit *j = calloc(1, sizeof *j);
  LLVMOrcLLJITBuilderRef b = LLVMOrcCreateLLJITBuilder();
  LLVMErrorRef e = LLVMOrcCreateLLJIT(&j->jit, b);   /* consumes the builder */
  if (e) {
    *err = take_error("jit", e);
    free(j);
    return NULL;
  }
  j->tsc = LLVMOrcCreateNewThreadSafeContext();
  return j;
}

LLVMContextRef cg_jit_context(cg_jit *j)
{
  return LLVMOrcThreadSafeContextGetContext(j->tsc);
}

int cg_jit_add(cg_jit *j, LLVMModuleRef M, const rt_entry **entry, char **err)
{
  /* The JIT compiles for this very machine: optimise for its CPU. */
  LLVMTargetMachineRef tm = make_tm(1, err);
  if (!tm) {
    LLVMDisposeModule(M);
    return -1;
  }
  int rc = optimize_with(M, tm, err);
  LLVMDisposeTargetMachine(tm);
  if (rc) {
    LLVMDisposeModule(M);
    return -1;
  }
  LLVMOrcThreadSafeModuleRef tsm = LLVMOrcCreateNewThreadSafeModule(M, j->tsc);
  LLVMErrorRef e = LLVMOrcLLJITAddLLVMIRModule(j->jit, LLVMOrcLLJITGetMainJITDylib(j->jit), tsm);
  if (e) {
    LLVMOrcDisposeThreadSafeModule(tsm);
    *err = take_error("jit", e);
    return -1;
  }
  LLVMOrcExecutorAddress addr = 0;
  e = LLVMOrcLLJITLookup(j->jit, &addr, "polis_policy_v1");
  if (e) {
    *err = take_error("jit lookup", e);
    return -1;
  }
  rt_entry_fn fn;
  memcpy(&fn, &(void *){(void *)(uintptr_t)addr}, sizeof fn);
  *entry = fn();
  return 0;
}

void cg_jit_free(cg_jit *j)
{
  if (!j)
    return;
  if (j->jit) {
    LLVMErrorRef e = LLVMOrcDisposeLLJIT(j->jit);
    if (e)
      LLVMConsumeError(e);
  }
  if (j->tsc)
    LLVMOrcDisposeThreadSafeContext(j->tsc);
  free(j);
}
