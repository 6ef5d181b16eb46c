/* Actions from the console: targets, blast radius, confirmation, audit, sending. */
#ifndef NARVIK_OPS_H
#define NARVIK_OPS_H

#include "tui/app.h"

/* Start an action on the nodes of hostlist (NULL: the marked nodes, else
 * what is under the cursor): opens the confirmation prompt, or says why not. */
void ops_begin(App *a, ActionKind kind, const char *hostlist, const char *reason);
/* The prompt was confirmed: audit, then send every request. */
void ops_confirmed(App *a);
/* ActionDoneFn for connectors; ctx is the App. */
void ops_done(void *ctx, uint32_t id, bool ok, const char *msg);

#endif
