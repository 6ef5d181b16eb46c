/* Node panel: everything known about one node on one screen. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panels/format.h"
#include "panels/panel.h"
#include "site/alerts.h"

/*
 * The content is a list of lines taller than most screens; the panel keeps
 * a scroll offset that CMD_UP/DOWN/PAGE_* move.  Lines are produced by one
 * pass (draw_content) that skips the canvas for lines outside the Rect, so
 * the line count is known after each draw.
 */

typedef struct {
	int32_t node;        /* -1 until opened: then the first node */
	int32_t scroll;
	int32_t total;       /* content lines at the last draw */
	int page;            /* visible lines at the last draw */
} NodeState;

/* A writer of virtual lines into a Rect, skipping lines outside it. */
typedef struct {
	Canvas *cv;
	Rect r;
	int32_t vy, scroll;
	int x;
	bool asc;
} Out;

static bool out_vis(const Out *o)
{
	int32_t y = o->vy - o->scroll;
	return y >= 0 && y < o->r.h && o->x < o->r.w;
}

static void out_text(Out *o, Role role, const char *s)
{
	if (out_vis(o))
		o->x += canvas_text(o->cv, o->r.x + o->x, o->r.y + (int)(o->vy - o->scroll),
		                    o->r.w - o->x, (uint8_t)role, 0, s);
	else
		o->x += (int)strlen(s);
}

static void out_printf(Out *o, Role role, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void out_printf(Out *o, Role role, const char *fmt, ...)
{
	char b[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(b, sizeof b, fmt, ap);
	va_end(ap);
	out_text(o, role, b);
}

/* Move to column col (at least one space after what is there). */
static void out_col(Out *o, int col)
{
	o->x = o->x < col ? col : o->x + 1;
}

static void out_nl(Out *o)
{
	o->vy++;
	o->x = 0;
}

/* "label value" with the value's role. */
static void out_kv(Out *o, const char *label, Role role, const char *val)
{
	out_text(o, ROLE_DIM, label);
	out_text(o, role, val);
}

static void *node_panel_create(void)
{
	NodeState *st = calloc(1, sizeof *st);
	if (st)
		st->node = -1;
	return st;
}

static void node_panel_destroy(void *p)
{
	free(p);
}

static int32_t cur_node(NodeState *st, const SiteView *v)
{
	if (st->node >= v->nnodes)
		st->node = -1;
	if (st->node < 0 && v->nnodes > 0)
		st->node = 0;
	return st->node;
}

/* ---- sections ----------------------------------------------------------- */

static const struct {
	uint32_t bit;
	const char *name;
} node_flags[] = {
	{ NODEF_DRAIN, "drain" }, { NODEF_NOT_RESPONDING, "not-responding" },
	{ NODEF_REBOOT_REQUESTED, "reboot-requested" }, { NODEF_MAINTENANCE, "maintenance" },
	{ NODEF_RESERVED, "reserved" }, { NODEF_COMPLETING, "completing" },
	{ NODEF_POWERED_DOWN, "powered-down" }, { NODEF_REBOOT_ISSUED, "reboot-issued" },
	{ NODEF_FAIL, "fail" },
};

static const struct {
	uint32_t bit;
	const char *name;
} thr_names[] = {
	{ THR_GPU_IDLE, "idle" }, { THR_APP_CLOCKS, "app-clocks" },
	{ THR_SW_POWER_CAP, "sw-power-cap" }, { THR_HW_SLOWDOWN, "hw-slowdown" },
	{ THR_SYNC_BOOST, "sync-boost" }, { THR_SW_THERMAL, "sw-thermal" },
	{ THR_HW_THERMAL, "hw-thermal" }, { THR_HW_POWER_BRAKE, "hw-power-brake" },
	{ THR_DISPLAY_CLOCKS, "display-clocks" },
};

static void sec_state(Out *o, const PanelCtx *ctx, const Node *n)
{
	const SiteView *v = ctx->v;
	char b[SITE_TEXT_MAX], c[64];
	out_text(o, ROLE_TITLE, n->name);
	out_text(o, ROLE_DIM, "  ");
	out_text(o, fmt_node_state(b, sizeof b, v, n, ctx->now), b);
	out_text(o, ROLE_DIM, "  ");
	if (n->rack >= 0 && n->rack < v->nracks) {
		const Rack *k = &v->racks[n->rack];
		out_kv(o, "rack ", ROLE_NORMAL, k->name);
		if (n->slot >= 0)
			out_printf(o, ROLE_DIM, " slot %d", (int)n->slot);
		if (k->hall >= 0 && k->hall < v->nhalls)
			out_printf(o, ROLE_DIM, "  hall %s", v->halls[k->hall].name);
		if (k->row >= 0 && k->row < v->nrows)
			out_printf(o, ROLE_DIM, "  row %s", v->rows[k->row].name);
	} else {
		out_text(o, ROLE_WARN, "unplaced (not in the inventory)");
	}
	out_nl(o);
	out_text(o, ROLE_DIM, "flags ");
	int nf = 0;
	for (size_t i = 0; i < sizeof node_flags / sizeof node_flags[0]; i++)
		if (n->flags & node_flags[i].bit) {
			out_text(o, ROLE_WARN, node_flags[i].name);
			out_text(o, ROLE_NORMAL, " ");
			nf++;
		}
	if (!nf)
		out_text(o, ROLE_DIM, "none");
	out_text(o, ROLE_DIM, "   state since ");
	out_text(o, n->sched_at ? ROLE_NORMAL : ROLE_UNKNOWN, fmt_age(c, sizeof c, ctx->now, n->sched_at, o->asc));
	out_nl(o);
	out_kv(o, "reason ", n->reason[0] ? ROLE_WARN : ROLE_UNKNOWN, n->reason[0] ? n->reason : fmt_unknown(o->asc));
	out_kv(o, "  by ", n->reason_user[0] ? ROLE_NORMAL : ROLE_UNKNOWN,
	       n->reason_user[0] ? n->reason_user : fmt_unknown(o->asc));
	out_kv(o, "  ", n->reason_time ? ROLE_NORMAL : ROLE_UNKNOWN,
	       fmt_age(c, sizeof c, ctx->now, n->reason_time, o->asc));
	if (n->reason_time)
		out_text(o, ROLE_DIM, " ago");
	out_nl(o);
	out_kv(o, "partitions ", n->partitions[0] ? ROLE_NORMAL : ROLE_UNKNOWN,
	       n->partitions[0] ? n->partitions : fmt_unknown(o->asc));
	if (n->gpus_alloc >= 0)
		snprintf(b, sizeof b, "%d/%d", (int)n->gpus_alloc, (int)n->ngpus);
	else
		snprintf(b, sizeof b, "%s/%d", fmt_unknown(o->asc), (int)n->ngpus);
	out_kv(o, "  GPUs allocated ", n->gpus_alloc >= 0 ? ROLE_NORMAL : ROLE_UNKNOWN, b);
	Role lr = fmt_val(b, sizeof b, v, n->load, ctx->now, 2, "", ROLE_NORMAL, o->asc);
	out_kv(o, "  load ", lr, b);
	out_kv(o, "  booted ", n->boot_time ? ROLE_NORMAL : ROLE_UNKNOWN,
	       fmt_age(c, sizeof c, ctx->now, n->boot_time, o->asc));
	if (n->boot_time)
		out_text(o, ROLE_DIM, " ago");
	out_nl(o);
}

static bool job_has_node(const Job *j, int32_t ni)
{
	for (int32_t i = 0; i < j->nnodes; i++)
		if (j->nodes[i] == ni)
			return true;
	return false;
}

static void sec_jobs(Out *o, const PanelCtx *ctx, int32_t ni)
{
	const SiteView *v = ctx->v;
	char b[64];
	int32_t nj = 0;
	for (int32_t i = 0; i < v->njobs; i++)
		nj += job_has_node(&v->jobs[i], ni);
	out_nl(o);
	out_printf(o, ROLE_HEADER, "Jobs (%d)", (int)nj);
	out_nl(o);
	if (!nj)
		return;
	static const int col[] = { 2, 12, 26, 40, 46, 58 };
	out_col(o, col[0]); out_text(o, ROLE_DIM, "id");
	out_col(o, col[1]); out_text(o, ROLE_DIM, "user");
	out_col(o, col[2]); out_text(o, ROLE_DIM, "account");
	out_col(o, col[3]); out_text(o, ROLE_DIM, "GPUs");
	out_col(o, col[4]); out_text(o, ROLE_DIM, "state");
	out_col(o, col[5]); out_text(o, ROLE_DIM, "elapsed  name");
	out_nl(o);
	for (int32_t i = 0; i < v->njobs; i++) {
		const Job *j = &v->jobs[i];
		if (!job_has_node(j, ni))
			continue;
		out_col(o, col[0]); out_printf(o, ROLE_NORMAL, "%u", (unsigned)j->id);
		out_col(o, col[1]); out_text(o, ROLE_NORMAL, j->user);
		out_col(o, col[2]); out_text(o, ROLE_NORMAL, j->account);
		out_col(o, col[3]); out_printf(o, ROLE_NORMAL, "%d", (int)j->gpus);
		out_col(o, col[4]); out_text(o, fmt_job_state_role(j->state), site_job_state_name(j->state));
		out_col(o, col[5]);
		out_text(o, j->start_time ? ROLE_NORMAL : ROLE_UNKNOWN,
		         fmt_age(b, sizeof b, ctx->now, j->start_time, o->asc));
		out_col(o, col[5] + 9);
		out_text(o, ROLE_DIM, j->name);
		out_nl(o);
	}
}

static void sec_gpus(Out *o, const PanelCtx *ctx, const Node *n)
{
	const SiteView *v = ctx->v;
	bool asc = o->asc;
	char b[96], c[112];
	const char *deg = asc ? "C" : "°C";
	out_nl(o);
	out_printf(o, ROLE_HEADER, "GPUs (%d)", (int)n->ngpus);
	out_nl(o);
	static const int col[] = { 2, 6, 11, 18, 25, 34, 40, 46 };
	static const char *const head[] = { "#", "pres", "temp", "mem", "power", "util", "mutil", "FB used/free MiB" };
	for (int i = 0; i < 8; i++) {
		out_col(o, col[i]);
		out_text(o, ROLE_DIM, head[i]);
	}
	out_nl(o);
	float warn = ctx->gpu_temp_warn, crit = ctx->gpu_temp_crit;
	for (int32_t g = 0; g < n->ngpus; g++) {
		const Gpu *gp = &v->gpus[n->first_gpu + g];
		out_col(o, col[0]); out_printf(o, ROLE_NORMAL, "%d", (int)gp->index);
		out_col(o, col[1]); out_text(o, gp->present ? ROLE_OK : ROLE_CRIT, gp->present ? "yes" : "NO");
		out_col(o, col[2]);
		out_text(o, fmt_val_temp(b, sizeof b, v, gp->temp_c, ctx->now, warn, crit, asc), b);
		out_col(o, col[3]);
		out_text(o, fmt_val(b, sizeof b, v, gp->mem_temp_c, ctx->now, 0, deg, ROLE_NORMAL, asc), b);
		out_col(o, col[4]);
		out_text(o, fmt_val_watts(b, sizeof b, v, gp->power_w, ctx->now, ROLE_NORMAL, asc), b);
		out_col(o, col[5]);
		out_text(o, fmt_val_pct(b, sizeof b, v, gp->util_pct, ctx->now, ROLE_NORMAL, asc), b);
		out_col(o, col[6]);
		out_text(o, fmt_val_pct(b, sizeof b, v, gp->mem_util_pct, ctx->now, ROLE_NORMAL, asc), b);
		out_col(o, col[7]);
		out_text(o, fmt_val(b, sizeof b, v, gp->fb_used_mib, ctx->now, 0, "", ROLE_NORMAL, asc), b);
		out_text(o, ROLE_DIM, "/");
		out_text(o, fmt_val(b, sizeof b, v, gp->fb_free_mib, ctx->now, 0, "", ROLE_NORMAL, asc), b);
		out_nl(o);
	}
	out_nl(o);
	out_text(o, ROLE_HEADER, "GPU errors and throttling");
	out_nl(o);
	static const int ecol[] = { 2, 6, 36, 42, 49, 57 };
	static const char *const ehead[] = { "#", "XID", "DBE", "remap", "nvlink", "throttle" };
	for (int i = 0; i < 6; i++) {
		out_col(o, ecol[i]);
		out_text(o, ROLE_DIM, ehead[i]);
	}
	out_nl(o);
	for (int32_t g = 0; g < n->ngpus; g++) {
		const Gpu *gp = &v->gpus[n->first_gpu + g];
		out_col(o, ecol[0]); out_printf(o, ROLE_NORMAL, "%d", (int)gp->index);
		out_col(o, ecol[1]);
		if (!gp->xid.at) {
			out_text(o, ROLE_UNKNOWN, fmt_unknown(asc));
		} else if (gp->xid.v == 0) {
			out_text(o, fmt_val_role(v, gp->xid, ctx->now, ROLE_OK), "none");
		} else {
			const char *t = alerts_xid_text((int)gp->xid.v);
			snprintf(b, sizeof b, "XID %d %s", (int)gp->xid.v, t ? t : "");
			out_text(o, fmt_val_role(v, gp->xid, ctx->now, ROLE_CRIT), b);
		}
		out_col(o, ecol[2]);
		Role r = fmt_val(b, sizeof b, v, gp->ecc_dbe, ctx->now, 0, "", ROLE_NORMAL, asc);
		out_text(o, gp->ecc_dbe.at && gp->ecc_dbe.v > 0 && r == ROLE_NORMAL ? ROLE_CRIT : r, b);
		out_col(o, ecol[3]);
		r = fmt_val(b, sizeof b, v, gp->remapped_rows, ctx->now, 0, "", ROLE_NORMAL, asc);
		if (gp->row_remap_failed.at && gp->row_remap_failed.v > 0) {
			snprintf(c, sizeof c, "%s FAIL", b);
			out_text(o, ROLE_CRIT, c);
		} else {
			out_text(o, r, b);
		}
		out_col(o, ecol[4]);
		r = fmt_val(b, sizeof b, v, gp->nvlink_errors, ctx->now, 0, "", ROLE_NORMAL, asc);
		out_text(o, gp->nvlink_errors.at && gp->nvlink_errors.v > 0 && r == ROLE_NORMAL ? ROLE_WARN : r, b);
		out_col(o, ecol[5]);
		if (!gp->throttle.at) {
			out_text(o, ROLE_UNKNOWN, fmt_unknown(asc));
		} else {
			uint32_t bits = (uint32_t)gp->throttle.v;
			Role tr = fmt_val_role(v, gp->throttle, ctx->now, ROLE_WARN);
			if (!bits)
				out_text(o, tr == ROLE_STALE ? tr : ROLE_OK, "none");
			for (size_t i = 0; i < sizeof thr_names / sizeof thr_names[0]; i++)
				if (bits & thr_names[i].bit) {
					bool bad = thr_names[i].bit & (THR_HW_SLOWDOWN | THR_SW_THERMAL |
					                              THR_HW_THERMAL | THR_HW_POWER_BRAKE);
					out_text(o, bad || tr == ROLE_STALE ? tr : ROLE_NORMAL, thr_names[i].name);
					out_text(o, ROLE_NORMAL, " ");
				}
		}
		out_nl(o);
	}
}

static void sec_bmc(Out *o, const PanelCtx *ctx, const Node *n)
{
	const SiteView *v = ctx->v;
	const Bmc *m = &n->bmc;
	bool asc = o->asc;
	char b[64];
	out_nl(o);
	out_text(o, ROLE_HEADER, "BMC ");
	out_text(o, m->addr[0] ? ROLE_NORMAL : ROLE_UNKNOWN, m->addr[0] ? m->addr : fmt_unknown(asc));
	if (!m->at) {
		out_kv(o, "  reachable ", ROLE_UNKNOWN, fmt_unknown(asc));
	} else {
		out_kv(o, "  reachable ", m->reachable ? ROLE_OK : ROLE_CRIT, m->reachable ? "yes" : "NO");
		out_kv(o, "  last answer ", ROLE_NORMAL, fmt_age(b, sizeof b, ctx->now, m->at, asc));
		out_text(o, ROLE_DIM, " ago");
	}
	out_kv(o, "  power ", m->power == POWER_ON ? ROLE_OK : m->power == POWER_UNKNOWN ? ROLE_UNKNOWN : ROLE_WARN,
	       m->power == POWER_UNKNOWN ? fmt_unknown(asc) : site_power_state_name(m->power));
	out_kv(o, "  health ", fmt_health_role(m->health),
	       m->health == HEALTH_UNKNOWN ? fmt_unknown(asc) : site_health_name(m->health));
	out_nl(o);
	out_kv(o, "  boot ", m->boot_progress[0] ? ROLE_NORMAL : ROLE_UNKNOWN,
	       m->boot_progress[0] ? m->boot_progress : fmt_unknown(asc));
	out_kv(o, "  resets ", m->reset_types[0] ? ROLE_NORMAL : ROLE_UNKNOWN,
	       m->reset_types[0] ? m->reset_types : fmt_unknown(asc));
	Role r = fmt_val_temp(b, sizeof b, v, m->inlet_c, ctx->now, 0, 0, asc);
	out_kv(o, "  inlet ", r, b);
	r = fmt_val_watts(b, sizeof b, v, m->power_w, ctx->now, ROLE_NORMAL, asc);
	out_kv(o, "  power ", r, b);
	out_nl(o);
}

static void sec_facility(Out *o, const PanelCtx *ctx, const Node *n)
{
	const SiteView *v = ctx->v;
	bool asc = o->asc;
	const char *deg = asc ? "C" : "°C";
	char b[64];
	const Rack *k = (n->rack >= 0 && n->rack < v->nracks) ? &v->racks[n->rack] : NULL;
	out_nl(o);
	out_text(o, ROLE_HEADER, "Rack ");
	if (!k) {
		out_text(o, ROLE_WARN, "unplaced");
		out_nl(o);
	} else {
		out_text(o, ROLE_NORMAL, k->name);
		Role r = fmt_val_watts(b, sizeof b, v, k->power_w, ctx->now, ROLE_NORMAL, asc);
		out_kv(o, "  power ", r, b);
		out_kv(o, " / ", k->budget_w > 0 ? ROLE_NORMAL : ROLE_UNKNOWN,
		       fmt_watts(b, sizeof b, k->budget_w > 0 ? k->budget_w : NAN, asc));
		out_nl(o);
	}
	int32_t ci = k ? k->cdu : -1;
	out_text(o, ROLE_HEADER, "CDU ");
	if (ci >= 0 && ci < v->ncdus) {
		const Cdu *c = &v->cdus[ci];
		out_text(o, ROLE_NORMAL, c->name);
		out_kv(o, "  ", fmt_health_role(c->health), site_health_name(c->health));
		Role r = fmt_val(b, sizeof b, v, c->supply_c, ctx->now, 1, deg, ROLE_NORMAL, asc);
		out_kv(o, "  supply ", r, b);
		r = fmt_val(b, sizeof b, v, c->return_c, ctx->now, 1, deg, ROLE_NORMAL, asc);
		out_kv(o, "  return ", r, b);
		r = fmt_val(b, sizeof b, v, c->flow_lpm, ctx->now, 0, " l/min", ROLE_NORMAL, asc);
		out_kv(o, "  flow ", r, b);
		out_nl(o);
		out_text(o, ROLE_DIM, "  pumps ");
		if (!c->npumps)
			out_text(o, ROLE_UNKNOWN, fmt_unknown(asc));
		for (int32_t i = 0; i < c->npumps && i < CDU_PUMPS_MAX; i++) {
			const Pump *pm = &c->pumps[i];
			out_text(o, ROLE_NORMAL, pm->name);
			out_text(o, ROLE_DIM, " ");
			out_text(o, pm->running ? fmt_health_role(pm->health) : ROLE_CRIT,
			         pm->running ? site_health_name(pm->health) : "stopped");
			out_text(o, ROLE_DIM, " ");
			out_text(o, fmt_val_pct(b, sizeof b, v, pm->speed_pct, ctx->now, ROLE_NORMAL, asc), b);
			out_text(o, ROLE_DIM, "  ");
		}
		out_nl(o);
	} else {
		out_text(o, ROLE_UNKNOWN, fmt_unknown(asc));
		out_nl(o);
	}
	int32_t pi = n->pdu >= 0 ? n->pdu : k ? k->pdu : -1;
	out_text(o, ROLE_HEADER, "PDU ");
	if (pi >= 0 && pi < v->npdus) {
		const Pdu *p = &v->pdus[pi];
		out_text(o, ROLE_NORMAL, p->name);
		if (n->pdu >= 0)
			out_text(o, ROLE_DIM, " (node's own)");
		out_kv(o, "  ", fmt_health_role(p->health), site_health_name(p->health));
		Role r = fmt_val_watts(b, sizeof b, v, p->power_w, ctx->now, ROLE_NORMAL, asc);
		out_kv(o, "  power ", r, b);
		r = fmt_val_watts(b, sizeof b, v, p->capacity_w, ctx->now, ROLE_NORMAL, asc);
		out_kv(o, " / ", r, b);
		if (p->breakers_tripped >= 0)
			out_printf(o, p->breakers_tripped ? ROLE_CRIT : ROLE_DIM, "  breakers tripped %d",
			           (int)p->breakers_tripped);
	} else {
		out_text(o, ROLE_UNKNOWN, fmt_unknown(asc));
	}
	out_nl(o);
}

static bool alert_about(const SiteView *v, const Alert *a, int32_t ni)
{
	if (a->about.kind == ENT_NODE)
		return a->about.index == ni;
	if (a->about.kind == ENT_GPU && a->about.index >= 0 && a->about.index < v->ngpus)
		return v->gpus[a->about.index].node == ni;
	return false;
}

static void sec_alerts(Out *o, const PanelCtx *ctx, int32_t ni)
{
	const SiteView *v = ctx->v;
	char b[64];
	int32_t na = 0;
	for (int32_t i = 0; i < v->nalerts; i++)
		na += alert_about(v, &v->alerts[i], ni);
	out_nl(o);
	out_printf(o, ROLE_HEADER, "Alerts (%d)", (int)na);
	out_nl(o);
	/* active first, then cleared */
	for (int pass = 0; pass < 2; pass++)
		for (int32_t i = 0; i < v->nalerts; i++) {
			const Alert *a = &v->alerts[i];
			if (a->active != (pass == 0) || !alert_about(v, a, ni))
				continue;
			out_col(o, 2);
			out_text(o, a->active ? fmt_severity_role(a->sev) : ROLE_DIM, fmt_severity_text(a->sev));
			out_col(o, 7);
			out_text(o, a->active ? ROLE_NORMAL : ROLE_DIM, a->msg);
			out_text(o, ROLE_DIM, a->active ? "  since " : "  cleared, seen ");
			out_text(o, ROLE_DIM, fmt_age(b, sizeof b, ctx->now, a->first_seen, o->asc));
			out_text(o, ROLE_DIM, " ago");
			out_nl(o);
		}
}

static void draw_content(Out *o, const PanelCtx *ctx, int32_t ni)
{
	const Node *n = &ctx->v->nodes[ni];
	sec_state(o, ctx, n);
	sec_jobs(o, ctx, ni);
	sec_gpus(o, ctx, n);
	sec_bmc(o, ctx, n);
	sec_facility(o, ctx, n);
	sec_alerts(o, ctx, ni);
}

static void node_panel_draw(void *p, const PanelCtx *ctx, Canvas *cv, Rect r)
{
	NodeState *st = p;
	if (r.w <= 0 || r.h <= 0)
		return;
	canvas_fill(cv, r, ' ', ROLE_NORMAL);
	int32_t ni = cur_node(st, ctx->v);
	if (ni < 0) {
		canvas_text(cv, r.x, r.y, r.w, ROLE_DIM, 0, "no nodes");
		return;
	}
	st->page = r.h;
	/* first pass off-screen to count lines, so the scroll can be clamped */
	Out o = { cv, r, 0, INT32_MAX / 2, 0, cv->ascii };
	draw_content(&o, ctx, ni);
	st->total = o.vy;
	if (st->scroll > st->total - r.h)
		st->scroll = st->total - r.h;
	if (st->scroll < 0)
		st->scroll = 0;
	o = (Out){ cv, r, 0, st->scroll, 0, cv->ascii };
	draw_content(&o, ctx, ni);
	if (st->total > r.h && r.w > 10) {
		bool more = st->scroll + r.h < st->total;
		canvas_text_right(cv, r.x, r.y + r.h - 1, r.w, ROLE_DIM, 0,
		                  more ? (cv->ascii ? " v more " : " ↓ more ") : "");
	}
}

static unsigned node_panel_command(void *p, const PanelCtx *ctx, PanelCmd cmd, Nav *nav)
{
	(void)ctx;
	(void)nav;
	NodeState *st = p;
	int32_t old = st->scroll;
	int page = st->page > 1 ? st->page - 1 : 1;
	int32_t max = st->total - st->page > 0 ? st->total - st->page : 0;
	switch (cmd) {
	case CMD_UP: st->scroll--; break;
	case CMD_DOWN: st->scroll++; break;
	case CMD_PAGE_UP: st->scroll -= page; break;
	case CMD_PAGE_DOWN: st->scroll += page; break;
	case CMD_HOME: st->scroll = 0; break;
	case CMD_END: st->scroll = max; break;
	case CMD_ENTER: return 0;
	default: return 0;
	}
	if (st->scroll > max)
		st->scroll = max;
	if (st->scroll < 0)
		st->scroll = 0;
	return st->scroll != old ? PK_HANDLED | PK_REDRAW : PK_HANDLED;
}

static bool node_panel_selection(void *p, const PanelCtx *ctx, EntityRef *out)
{
	NodeState *st = p;
	int32_t ni = cur_node(st, ctx->v);
	if (ni < 0)
		return false;
	*out = (EntityRef){ ENT_NODE, ni };
	return true;
}

static void node_panel_open(void *p, const PanelCtx *ctx, EntityRef t)
{
	NodeState *st = p;
	const SiteView *v = ctx->v;
	if (t.kind == ENT_GPU && t.index >= 0 && t.index < v->ngpus)
		t = (EntityRef){ ENT_NODE, v->gpus[t.index].node };
	if (t.kind == ENT_NODE && t.index >= 0 && t.index < v->nnodes) {
		if (st->node != t.index)
			st->scroll = 0;
		st->node = t.index;
	}
}

const PanelOps node_panel_ops = {
	.id = PANEL_NODE,
	.name = "node",
	.title = "Node",
	.help = "everything about one node: state, jobs, GPUs, BMC, rack, cooling, alerts",
	.create = node_panel_create,
	.destroy = node_panel_destroy,
	.draw = node_panel_draw,
	.command = node_panel_command,
	.selection = node_panel_selection,
	.open = node_panel_open,
};
