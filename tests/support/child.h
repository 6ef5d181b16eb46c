/* Test support: run a helper server as a child and read its ready line. */
#ifndef NARVIK_TEST_CHILD_H
#define NARVIK_TEST_CHILD_H

#include <stddef.h>
#include <sys/types.h>

/* Start argv[0] (looked up in PATH) with argv, its stdout a pipe and its
 * stderr /dev/null; it dies with the test (PR_SET_PDEATHSIG). Reads its
 * first line of output into line (without the newline) within timeout_ms.
 * Returns the child's pid, or -1 (line then holds what arrived). */
pid_t child_start(char *const argv[], char *line, size_t len, int timeout_ms);
/* Kill and reap the child; pid ≤ 0 is ignored. */
void child_stop(pid_t pid);
/* The source tree: $NARVIK_SRCDIR, or "." (tests run from the top). */
const char *child_srcdir(void);

#endif
