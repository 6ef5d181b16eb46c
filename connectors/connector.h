/* The one small interface every data source implements, and the table of
 * the kinds narvik knows. */
#ifndef NARVIK_CONNECTOR_H
#define NARVIK_CONNECTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "site/site.h"
#include "util/pollset.h"

/* ---- configuration handed to a connector ------------------------------ */

/* One config section such as [slurm] or [redfish "cdu-h1"], as read from
 * the file: the connector checks its own keys (connsec_check) so that a
 * source is added by adding one file. Strings are owned by the section. */
typedef struct {
	char *key, *value;
	int line;                  /* line in file, for error messages */
} ConnKV;

typedef struct {
	char kind[16];             /* "slurm", "prometheus", "redfish", "ssh", "demo" */
	char name[SITE_NAME_MAX];  /* instance name from [kind "name"]; "" if none */
	char file[256];            /* config file it came from ("" = built in) */
	int line;                  /* line of the section header */
	ConnKV *kv;
	int nkv, cap;
} ConnSection;

/* Last value of key, or NULL. */
const char *connsec_get(const ConnSection *sec, const char *key);
/* Integer value of key in [lo, hi], def when absent. On a bad value writes
 * "file:line: ..." to err and returns -1; otherwise 0. */
int connsec_int(const ConnSection *sec, const char *key, long lo, long hi, long def,
                long *out, char *err, size_t errlen);
int connsec_bool(const ConnSection *sec, const char *key, bool def, bool *out,
                 char *err, size_t errlen);
/* Every key must be in the NULL-terminated list; otherwise writes
 * "file:line: unknown key 'x' in [kind]" to err and returns -1. */
int connsec_check(const ConnSection *sec, const char *const *known, char *err, size_t errlen);
int connsec_add(ConnSection *sec, const char *key, const char *value, int line); /* -1 OOM */
void connsec_free(ConnSection *sec);

/* ---- actions ---------------------------------------------------------- */

typedef enum {
	ACT_DRAIN,          /* scheduler: drain with reason */
	ACT_RESUME,         /* scheduler: resume */
	ACT_REBOOT,         /* scheduler: reboot ASAP nextstate=resume */
	ACT_POWER_CYCLE,    /* BMC: ComputerSystem.Reset (PowerCycle/ForceRestart) */
	ACT_POWER_OFF,      /* BMC */
	ACT_POWER_ON,       /* BMC */
	ACT_CANCEL_JOB,     /* scheduler */
	ACT_REQUEUE_JOB,    /* scheduler */
	ACT_COUNT
} ActionKind;

#define ACT_BIT(k) (1u << (k))

const char *action_kind_name(ActionKind k);       /* "drain", "power-cycle" */
int action_kind_from_name(const char *name);      /* -1 if unknown */
bool action_kind_needs_reason(ActionKind k);
bool action_kind_is_power(ActionKind k);
bool action_kind_is_job(ActionKind k);

/* One request for one target. Bulk actions are many requests, paced by the
 * caller. */
typedef struct {
	uint32_t id;               /* assigned by the caller, echoed in the result */
	ActionKind kind;
	int32_t node;              /* node index for node actions, else -1 */
	uint32_t job;              /* job id for job actions */
	char reason[SITE_TEXT_MAX];/* already stamped with the operator */
	char reset_type[32];       /* BMC ResetType to use; "" = connector decides */
} ActionReq;

/* Called by a connector when a request it accepted finished: ok, or failed
 * with the server's own message (sanitized by the receiver). */
typedef void (*ActionDoneFn)(void *ctx, uint32_t id, bool ok, const char *msg);

/* ---- the interface ---------------------------------------------------- */

typedef struct {
	Site *site;                /* the model this connector writes */
	bool headless;             /* no prompts: refuse what would need one */
	bool dry_run;              /* log requests instead of sending them */
	ActionDoneFn action_done;
	void *action_ctx;
} ConnectorEnv;

typedef struct ConnectorOps {
	const char *kind;          /* section name: "demo", "slurm", ... */
	const char *summary;       /* one line for --help and the README */
	unsigned actions;          /* ACT_BIT() mask of what it can carry out */
	/* Check the section and build an instance; registers its sources with
	 * site_source_add. NULL with a message in err on a bad section. */
	void *(*create)(const ConnSection *sec, const ConnectorEnv *env, char *err, size_t errlen);
	/* Add the descriptors to wait on and lower the deadline (monotonic ms). */
	void (*prepare)(void *self, PollSet *ps, int64_t now_ms);
	/* Called every loop turn with the slice of fds it added in prepare
	 * (revents filled), whether or not any is ready or its deadline passed.
	 * Publishes into the model; must not block. */
	void (*dispatch)(void *self, const struct pollfd *fds, int nfds, int64_t now_ms);
	/* Start one action request. 0 when accepted (the result comes later
	 * through env->action_done), -1 with a message in err when refused. */
	int (*submit)(void *self, const ActionReq *req, char *err, size_t errlen);
	/* Stop, log out, free everything. */
	void (*destroy)(void *self);
} ConnectorOps;

/* An instance in the loop. */
typedef struct {
	const ConnectorOps *ops;
	void *self;
	int fd_first, fd_count;    /* its slice of the PollSet this turn */
} Connector;

/* The kinds narvik knows, in one explicit table; NULL-terminated
 * (connectors/registry.c). */
extern const ConnectorOps *const connector_kinds[];
const ConnectorOps *connector_kind_find(const char *kind);

#endif
