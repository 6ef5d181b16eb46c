/* Actions from the console: targets, what they will hit, confirmation,
 * sending to the connector that can do it, and the results. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/app.h"
#include "tui/ops.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/text.h"

#define OPS_HOSTLIST_MAX 100000

/* The connector of site s that carries out kind, or NULL. */
static Connector *connector_for(AppSite *s, ActionKind kind)
{
	for (int c = 0; c < s->nconns; c++)
		if (s->conns[c].ops->actions & ACT_BIT(kind))
			return &s->conns[c];
	return NULL;
}

/* Targets: a hostlist if given, else the marked nodes, else what is under
 * the cursor (a node, a GPU's node, or every node of a rack). */
static int32_t collect_targets(App *a, const char *hostlist, int32_t **out)
{
	AppSite *s = &a->sites[a->cur];
	const SiteView *v = site_view(s->site);
	int32_t *t = malloc(sizeof *t * (size_t)(v->nnodes ? v->nnodes : 1));
	int32_t n = 0;
	if (!t)
		return -1;
	if (hostlist && *hostlist) {
		char err[160];
		Hostlist *hl = hostlist_parse(hostlist, OPS_HOSTLIST_MAX, err, sizeof err);
		if (!hl) {
			app_say(a, ROLE_WARN, "%s", err);
			free(t);
			return -1;
		}
		uint8_t *seen = calloc((size_t)(v->nnodes ? v->nnodes : 1), 1);
		for (size_t i = 0; seen && i < hostlist_count(hl); i++) {
			int32_t ni = site_node_find(s->site, hostlist_name(hl, i));
			if (ni < 0) {
				app_say(a, ROLE_WARN, "no node named '%s' on site %s: nothing sent",
				        hostlist_name(hl, i), v->name);
				free(seen);
				hostlist_free(hl);
				free(t);
				return -1;
			}
			if (!seen[ni]) {
				seen[ni] = 1;
				t[n++] = ni;
			}
		}
		hostlist_free(hl);
		if (!seen) {
			free(t);
			return -1;
		}
		free(seen);
	} else {
		for (int32_t i = 0; i < s->marked_len && i < v->nnodes; i++)
			if (s->marked[i])
				t[n++] = i;
		if (n == 0) {
			PanelCtx c = app_ctx(a);
			EntityRef e;
			const PanelOps *p = panel_table[a->view];
			if (p->selection && p->selection(a->pstate[a->view], &c, &e)) {
				if (e.kind == ENT_GPU)
					e = (EntityRef){ ENT_NODE, v->gpus[e.index].node };
				if (e.kind == ENT_NODE)
					t[n++] = e.index;
				else if (e.kind == ENT_RACK)
					for (int32_t k = 0; k < v->racks[e.index].nnodes; k++)
						t[n++] = v->racks[e.index].nodes[k];
			}
		}
	}
	if (n == 0) {
		app_say(a, ROLE_WARN, "no node selected: move onto a node, mark some with Space, or use :%s HOSTLIST",
		        "drain");
		free(t);
		return -1;
	}
	*out = t;
	return n;
}

/* The first active alert about node ni or its GPUs, for the reason. */
static const Alert *alert_for_node(const SiteView *v, int32_t ni)
{
	const Alert *best = NULL;
	for (int32_t i = 0; i < v->nalerts; i++) {
		const Alert *al = &v->alerts[i];
		if (!al->active)
			continue;
		bool about = (al->about.kind == ENT_NODE && al->about.index == ni) ||
		             (al->about.kind == ENT_GPU && al->about.index >= 0 &&
		              al->about.index < v->ngpus && v->gpus[al->about.index].node == ni);
		if (about && (!best || al->sev > best->sev))
			best = al;
	}
	return best;
}

/* What a set of targets hits. */
typedef struct {
	int32_t gpus;               /* on the targets */
	int32_t out;                /* targets already drained or down */
	int32_t alerts;             /* targets with an active alert */
	int32_t jobs, job_gpus;     /* running jobs on them, and their GPUs */
} Radius;

/* is_target: one byte per node of v, set for the targets. */
static Radius radius_of(const SiteView *v, const int32_t *t, int32_t n, const char *is_target)
{
	Radius r = { 0, 0, 0, 0, 0 };
	for (int32_t i = 0; i < n; i++) {
		const Node *nd = &v->nodes[t[i]];
		NodeClass cl = site_node_class(nd);
		r.out += cl == NODE_CLASS_DRAINED || cl == NODE_CLASS_DOWN;
		r.gpus += nd->ngpus;
		r.alerts += alert_for_node(v, t[i]) != NULL;
	}
	for (int32_t j = 0; j < v->njobs; j++) {
		const Job *jb = &v->jobs[j];
		bool hit = false;
		for (int32_t k = 0; k < jb->nnodes && !hit && jb->state == JOB_RUNNING; k++)
			hit = jb->nodes[k] >= 0 && jb->nodes[k] < v->nnodes && is_target[jb->nodes[k]];
		r.jobs += hit;
		r.job_gpus += hit ? jb->gpus : 0;
	}
	return r;
}

/* One byte per node of v, set for the targets; free it. NULL on OOM. */
static char *target_map(const SiteView *v, const int32_t *t, int32_t n)
{
	char *m = calloc((size_t)(v->nnodes ? v->nnodes : 1), 1);
	for (int32_t i = 0; m && i < n; i++)
		m[t[i]] = 1;
	return m;
}

/* The targets as a compressed hostlist; free it. NULL on OOM. */
static char *targets_hostlist(const SiteView *v, const int32_t *t, int32_t n)
{
	const char **names = malloc(sizeof *names * (size_t)(n ? n : 1));
	if (!names)
		return NULL;
	for (int32_t i = 0; i < n; i++)
		names[i] = v->nodes[t[i]].name;
	char *hl = hostlist_compress(names, (size_t)n);
	free(names);
	return hl;
}

/* The blast radius: the jobs hit, nodes already out, related alerts. */
static void describe(App *a, Prompt *p, const int32_t *t, int32_t n, ActionKind kind)
{
	const SiteView *v = site_view(a->sites[a->cur].site);
	char *is_target = target_map(v, t, n);
	if (!is_target)
		return;
	char *hl = targets_hostlist(v, t, n);
	prompt_line(p, "Targets: %s", hl ? hl : "?");
	free(hl);
	Radius r = radius_of(v, t, n, is_target);
	prompt_line(p, "%d node%s, %d GPUs; %d already drained or down; %d with active alerts",
	            n, n == 1 ? "" : "s", r.gpus, r.out, r.alerts);
	for (int32_t j = 0, shown = 0; j < v->njobs && shown < 4 && kind != ACT_RESUME; j++) {
		const Job *jb = &v->jobs[j];
		bool hit = false;
		for (int32_t k = 0; k < jb->nnodes && !hit && jb->state == JOB_RUNNING; k++)
			hit = jb->nodes[k] >= 0 && jb->nodes[k] < v->nnodes && is_target[jb->nodes[k]];
		if (!hit)
			continue;
		prompt_line(p, "  hits job %u %s (%s/%s, %d GPUs)", jb->id, jb->name, jb->user, jb->account, jb->gpus);
		shown++;
	}
	if (kind == ACT_DRAIN)
		prompt_line(p, "Running jobs on them: %d (%d GPUs) keep running; no new jobs start", r.jobs, r.job_gpus);
	else if (kind != ACT_RESUME)
		prompt_line(p, "Running jobs killed or requeued: %d using %d GPUs", r.jobs, r.job_gpus);
	free(is_target);
}

void ops_begin(App *a, ActionKind kind, const char *hostlist, const char *reason)
{
	AppSite *s = &a->sites[a->cur];
	const SiteView *v = site_view(s->site);
	if (v->read_only || a->opt.read_only) {
		app_say(a, ROLE_STATUS_RO, "read-only: %s is not sent (site %s is read-only; %s)",
		        action_kind_name(kind), v->name,
		        a->opt.read_only ? "started with --read-only" : "read_only = yes in its [site]");
		return;
	}
	if (!connector_for(s, kind)) {
		app_say(a, ROLE_WARN, "no source of site %s can %s (configure %s)", v->name,
		        action_kind_name(kind), action_kind_is_power(kind) ? "[redfish]" : "[slurm]");
		return;
	}
	int32_t *t = NULL;
	int32_t n = collect_targets(a, hostlist, &t);
	if (n < 0)
		return;
	free(a->pending.nodes);
	a->pending = (PendingAction){ kind, a->cur, t, n };
	char title[160], expect[32];
	snprintf(title, sizeof title, "%s %d node%s on site %s", action_kind_name(kind), n,
	         n == 1 ? "" : "s", v->name);
	title[0] = (char)(title[0] >= 'a' && title[0] <= 'z' ? title[0] - 32 : title[0]);
	/* One node takes a yes; a set, or any power action, the count. */
	if (n == 1 && !action_kind_is_power(kind))
		snprintf(expect, sizeof expect, "yes");
	else
		snprintf(expect, sizeof expect, "%d", n);
	char prefill[SITE_TEXT_MAX] = "";
	if (reason && *reason) {
		text_copy(prefill, sizeof prefill, reason);
	} else if (action_kind_needs_reason(kind)) {
		const Alert *al = alert_for_node(v, t[0]);
		if (al)
			text_copy(prefill, sizeof prefill, al->msg);
	}
	prompt_open(&a->prompt, title, action_kind_needs_reason(kind), prefill, expect);
	describe(a, &a->prompt, t, n, kind);
	if (a->opt.dry_run)
		prompt_line(&a->prompt, "DRY RUN: the requests are logged, not sent");
	a->mode = MODE_PROMPT;
	a->dirty = true;
}

static AppAction *record(App *a)
{
	AppAction *r = &a->actions[a->nactions % APP_ACTIONS_MAX];
	a->nactions++;
	memset(r, 0, sizeof *r);
	r->id = a->next_action_id++;
	return r;
}

/* The intent of the pending action written to the audit log (opened now if
 * this is the first action): its batch, or 0 with the reason in why. */
static uint64_t audit_begin(App *a, const PendingAction *pa, const char *reason, char *why,
                            size_t whylen)
{
	if (!a->audit) {
		a->audit = audit_open(a->audit_path[0] ? a->audit_path : NULL, why, whylen);
		if (!a->audit)
			return 0;
	}
	const SiteView *v = site_view(a->sites[pa->site].site);
	char *is_target = target_map(v, pa->nodes, pa->nnodes);
	char *hl = targets_hostlist(v, pa->nodes, pa->nnodes);
	if (!is_target || !hl) {
		free(is_target);
		free(hl);
		snprintf(why, whylen, "out of memory");
		return 0;
	}
	Radius r = radius_of(v, pa->nodes, pa->nnodes, is_target);
	char radius[160];
	snprintf(radius, sizeof radius, "%d node%s, %d GPUs, %d running job%s (%d GPUs), %d already out",
	         pa->nnodes, pa->nnodes == 1 ? "" : "s", r.gpus, r.jobs, r.jobs == 1 ? "" : "s",
	         r.job_gpus, r.out);
	uint64_t batch = audit_intent(a->audit, clock_wall_s(), a->operator_id, v->name,
	                              action_kind_name(pa->kind), hl, reason, radius, a->opt.dry_run);
	if (!batch)
		snprintf(why, whylen, "%s", audit_error(a->audit));
	free(is_target);
	free(hl);
	return batch;
}

void ops_confirmed(App *a)
{
	PendingAction *pa = &a->pending;
	AppSite *s = &a->sites[pa->site];
	Connector *cn = connector_for(s, pa->kind);
	const SiteView *v = site_view(s->site);
	if (!cn || !pa->nodes)
		return;
	char reason[SITE_TEXT_MAX] = "";
	if (action_kind_needs_reason(pa->kind))
		snprintf(reason, sizeof reason, "%.90s [%.30s]", a->prompt.reason.buf, a->operator_id);
	/* Nothing is sent without its intent on disk. */
	char why[AUDIT_PATH_MAX + 256] = "";
	uint64_t ab = audit_begin(a, pa, reason, why, sizeof why);
	if (!ab) {
		log_debug("audit log unwritable: %s", why);
		app_say(a, ROLE_CRIT, "audit log unwritable: nothing sent: %s", why);
		free(pa->nodes);
		pa->nodes = NULL;
		return;
	}
	int sent = 0, refused = 0, unlogged = 0;
	char first_err[160] = "";
	for (int32_t i = 0; i < pa->nnodes; i++) {
		const char *node = v->nodes[pa->nodes[i]].name;
		char what[SITE_TEXT_MAX + 128];
		snprintf(what, sizeof what, "%s %s%s%s", action_kind_name(pa->kind), node,
		         reason[0] ? " reason=" : "", reason);
		if (audit_request(a->audit, ab, a->next_action_id, node, what) < 0) {
			unlogged = pa->nnodes - i;
			snprintf(why, sizeof why, "%s", audit_error(a->audit));
			break;
		}
		AppAction *r = record(a);
		r->batch = ab;
		r->site = pa->site;
		r->kind = pa->kind;
		r->node = pa->nodes[i];
		ActionReq req;
		memset(&req, 0, sizeof req);
		req.id = r->id;
		req.kind = pa->kind;
		req.node = pa->nodes[i];
		text_copy(req.reason, sizeof req.reason, reason);
		char err[160] = "";
		log_debug("%s %s on %s reason '%s'%s", action_kind_name(pa->kind), node, v->name, reason,
		          a->opt.dry_run ? " (dry run)" : "");
		if (a->opt.dry_run) {
			r->status = AS_OK;
			snprintf(r->msg, sizeof r->msg, "dry run: not sent");
			if (audit_outcome(a->audit, ab, r->id, node, true, "not sent") < 0)
				log_debug("audit: %s", audit_error(a->audit));
			sent++;
			continue;
		}
		if (cn->ops->submit(cn->self, &req, err, sizeof err) < 0) {
			r->status = AS_FAILED;
			text_sanitize(r->msg, sizeof r->msg, err);
			if (audit_outcome(a->audit, ab, r->id, node, false, err) < 0)
				log_debug("audit: %s", audit_error(a->audit));
			if (!first_err[0])
				snprintf(first_err, sizeof first_err, "%s", r->msg);
			refused++;
		} else {
			r->status = AS_SENT;
			sent++;
		}
	}
	if (unlogged)
		app_say(a, ROLE_CRIT, "%s: %d sent, %d refused, then audit log unwritable: %d not sent: %s",
		        action_kind_name(pa->kind), sent, refused, unlogged, why);
	else if (refused)
		app_say(a, ROLE_CRIT, "%s: %d sent, %d refused: %s", action_kind_name(pa->kind), sent, refused, first_err);
	else
		app_say(a, ROLE_OK, "%s: %d request%s %s on site %s", action_kind_name(pa->kind), sent,
		        sent == 1 ? "" : "s", a->opt.dry_run ? "logged (dry run, nothing sent)" : "sent", v->name);
	AppSite *cs = &a->sites[pa->site];
	if (cs->marked)
		memset(cs->marked, 0, (size_t)cs->marked_len);
	free(pa->nodes);
	pa->nodes = NULL;
}

void ops_done(void *ctx, uint32_t id, bool ok, const char *msg)
{
	App *a = ctx;
	int n = a->nactions < APP_ACTIONS_MAX ? a->nactions : APP_ACTIONS_MAX;
	AppAction *r = NULL;
	for (int i = 0; i < n && !r; i++)
		if (a->actions[i].id == id)
			r = &a->actions[i];
	/* The outcome goes on disk even when the actions ring has forgotten
	 * the request (then its batch is written as 0; the id still matches). */
	if (a->audit) {
		const SiteView *av = r ? site_view(a->sites[r->site].site) : NULL;
		const char *node = av && r->node >= 0 && r->node < av->nnodes ? av->nodes[r->node].name : NULL;
		if (audit_outcome(a->audit, r ? r->batch : 0, id, node, ok, msg) < 0)
			log_debug("audit: %s", audit_error(a->audit));
	}
	if (!r)
		return;
	r->status = ok ? AS_OK : AS_FAILED;
	text_sanitize(r->msg, sizeof r->msg, msg ? msg : "");
	const SiteView *v = site_view(a->sites[r->site].site);
	const char *target = r->node >= 0 && r->node < v->nnodes ? v->nodes[r->node].name : "job";
	log_debug("action %u %s %s on %s: %s %s", id, action_kind_name(r->kind), target, v->name,
	          ok ? "ok" : "failed", r->msg);
	/* One line for the whole confirmation: how far it got, the last failure. */
	int total = 0, done = 0, failed = 0;
	const AppAction *last_fail = NULL;
	for (int i = 0; i < n; i++) {
		const AppAction *b = &a->actions[i];
		if (b->batch != r->batch)
			continue;
		total++;
		done += b->status == AS_OK;
		if (b->status == AS_FAILED) {
			failed++;
			last_fail = b;
		}
	}
	if (total == 1)
		app_say(a, ok ? ROLE_OK : ROLE_CRIT, "%s %s on %s: %s%s%s", action_kind_name(r->kind), target,
		        v->name, ok ? "done" : "failed", r->msg[0] ? ": " : "", r->msg);
	else if (last_fail)
		app_say(a, ROLE_CRIT, "%s on %s: %d of %d done, %d failed (last: %s)", action_kind_name(r->kind),
		        v->name, done, total, failed, last_fail->msg);
	else
		app_say(a, ROLE_OK, "%s on %s: %d of %d done", action_kind_name(r->kind), v->name, done, total);
}
