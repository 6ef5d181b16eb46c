/* Secrets named in the config (env:, file:, cmd:) turned into their values. */
#ifndef NARVIK_SECRET_H
#define NARVIK_SECRET_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A secret value in the config is written one of four ways:
 *
 *   env:NAME      the environment variable NAME (an error when unset or empty)
 *   file:PATH     the first line of PATH, its line end stripped; PATH must be
 *                 a regular file that neither group nor others may read
 *                 (mode & 077 == 0), or it is refused
 *   cmd:COMMAND   the first line COMMAND prints on standard output, run with
 *                 /bin/sh -c; it must exit 0 within the time limit (10 s),
 *                 or it is killed (with its process group) and refused
 *   anything else the literal value
 *
 * These calls BLOCK (a command may take seconds): call them only at
 * start-up, before the loop runs, never from a connector's dispatch.
 * cmd: needs SIGCHLD not to be ignored (SIG_IGN), so that the child can be
 * reaped.
 *
 * Error messages name the reference (the variable, the path, the command)
 * but never contain the secret itself. On error *out is set to "".
 */

#define SECRET_MAX 4096              /* longest secret, bytes incl. NUL */
#define SECRET_CMD_TIMEOUT_MS 10000  /* how long cmd: may run */

/* True for "env:...", "file:..." and "cmd:..." specs. */
bool secret_is_ref(const char *spec);

/* Resolve spec into out (outlen bytes incl. NUL). 0 on success, -1 with a
 * message in err. A secret that does not fit in out is an error, never cut. */
int secret_resolve(const char *spec, char *out, size_t outlen, char *err, size_t errlen);

/* The same with another time limit for cmd: (milliseconds, > 0). */
int secret_resolve_timeout(const char *spec, int timeout_ms, char *out, size_t outlen,
                           char *err, size_t errlen);

#endif
