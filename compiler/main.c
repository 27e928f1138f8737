/* polis: the command-line front door; see driver.c. */
#include "driver.h"

int main(int argc, char **argv)
{
  return polis_main(argc, argv);
}
