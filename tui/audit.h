/* The audit trail: every action taken, as append-only JSON lines on disk. */
#ifndef NARVIK_AUDIT_H
#define NARVIK_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * One JSON object per line, appended to the file with one write(2) each and
 * fsync(2)ed before the call returns, so a crash or kill -9 loses nothing
 * that was sent. Three kinds of record, told apart by "type":
 *
 *   intent   what the operator confirmed: time, operator, site, action,
 *            targets (a hostlist), reason, blast radius, dry_run
 *   request  one request, written before it is sent: batch, request id,
 *            target, what (the exact request)
 *   outcome  its result: batch, request id, target, ok, outcome ("ok",
 *            "failed" or "dry-run"), msg
 *
 * Every record carries "time" (UTC, ISO 8601) and "unix" (seconds); the
 * records of one confirmation share its "batch".
 *
 * Order of calls: audit_open; per confirmation audit_intent, then per
 * request audit_request before sending it and audit_outcome when its result
 * is known; audit_close. Every write returns 0, or -1 with the reason in
 * audit_error(): the caller sends nothing whose intent or request is not on
 * disk.
 *
 * Strings are the caller's; they are escaped (control characters, quotes,
 * invalid UTF-8) and never kept after the call.
 */

typedef struct Audit Audit;

#define AUDIT_PATH_MAX 512

/* The default file into buf: $XDG_STATE_HOME/narvik/audit.log, or
 * $HOME/.local/state/narvik/audit.log. 0, or -1 when neither variable is
 * set (or the path does not fit) with a message in buf. */
int audit_default_path(char *buf, size_t len);

/* Open path (NULL or "": the default) for appending, creating its missing
 * directories 0700 and the file 0600. Refuses a symlink and a file that
 * its group or others can read or write (the message names chmod 600).
 * NULL with a message in err on failure. */
Audit *audit_open(const char *path, char *err, size_t errlen);
void audit_close(Audit *au);                /* au may be NULL */
const char *audit_path(const Audit *au);    /* the file in use */
const char *audit_error(const Audit *au);   /* why the last write failed */

/* now: Unix seconds. Returns the batch id (> 0; increasing; the first
 * digits are now), or 0 when the record could not be written. */
uint64_t audit_intent(Audit *au, int64_t now, const char *operator_id, const char *site,
                      const char *action, const char *targets_hostlist, const char *reason,
                      const char *radius_summary, bool dry_run);
/* what: the exact request, e.g. "scontrol update nodename=gpu00001 ...".
 * 0 or -1. */
int audit_request(Audit *au, uint64_t batch, uint32_t request_id, const char *target,
                  const char *what);
/* target may be NULL (unknown: the request record names it). The outcome
 * of a request in a dry-run batch reads "dry-run". 0 or -1. */
int audit_outcome(Audit *au, uint64_t batch, uint32_t request_id, const char *target, bool ok,
                  const char *msg);

#define AUDIT_MISSING 1

/* Print the log at path (NULL or "": the default) to out: text, one line per
 * record with the time in local ISO format, terminal controls made safe,
 * and "N malformed lines skipped" last when some were; or json, the valid
 * records as one JSON array. Malformed lines (cut by a crash, not JSON, not
 * a record) are skipped and counted, never fatal. 0 (in json mode with
 * "N malformed lines skipped" in err, or err empty, so that out stays one
 * JSON array); AUDIT_MISSING when the file does not exist (the path in err);
 * -1 with a message in err. */
int audit_print(const char *path, FILE *out, bool json, char *err, size_t errlen);

#endif
