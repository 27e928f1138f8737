/* The `polis` command line. */
#ifndef POLIS_DRIVER_H
#define POLIS_DRIVER_H
#include "diag.h"
#include "polis_rt.h"
#include "sema.h"

int polis_main(int argc, char **argv);
/* testrun.c */
int polis_run_tests(diag_ctx *D, sema_model *m, const rt_policy *p, int verbose, int *passed,
                    int *failed);
#endif
