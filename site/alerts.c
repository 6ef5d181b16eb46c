/* Alert rules over the site model and the engine that keeps them open. */
#include "site/alerts.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"

static const AlertRule rule_table[ALERT_RULE_COUNT] = {
	[ALERT_GPU_XID] = { "gpu_xid", "GPU XID error", SEV_WARNING },
	[ALERT_GPU_MISSING] = { "gpu_missing", "GPU missing from the bus", SEV_CRITICAL },
	[ALERT_GPU_ECC_DBE] = { "gpu_ecc_dbe", "GPU double-bit ECC errors", SEV_CRITICAL },
	[ALERT_GPU_ROW_REMAP_FAILED] = { "gpu_row_remap_failed", "GPU row remap failed", SEV_CRITICAL },
	[ALERT_GPU_HOT] = { "gpu_hot", "GPU temperature high", SEV_WARNING },
	[ALERT_GPU_THROTTLE] = { "gpu_throttle", "GPU throttled (thermal or power)", SEV_WARNING },
	[ALERT_NODE_DOWN] = { "node_down", "Node down", SEV_CRITICAL },
	[ALERT_BMC_UNREACHABLE] = { "bmc_unreachable", "BMC unreachable", SEV_WARNING },
	[ALERT_BMC_CRITICAL] = { "bmc_critical", "BMC reports critical health", SEV_CRITICAL },
	[ALERT_CDU_PUMP_FAILED] = { "cdu_pump_failed", "CDU pump failed", SEV_CRITICAL },
	[ALERT_CDU_LEAK] = { "cdu_leak", "Coolant leak detected", SEV_CRITICAL },
	[ALERT_COOLANT_SUPPLY_HOT] = { "coolant_supply_hot", "Coolant supply too warm", SEV_WARNING },
	[ALERT_COOLANT_FLOW_LOW] = { "coolant_flow_low", "Coolant flow low", SEV_WARNING },
	[ALERT_CDU_HEALTH] = { "cdu_health", "CDU reports critical health", SEV_CRITICAL },
	[ALERT_POWER_HEADROOM] = { "power_headroom", "Power headroom low", SEV_WARNING },
	[ALERT_RACK_OVER_BUDGET] = { "rack_over_budget", "Rack over power budget", SEV_WARNING },
	[ALERT_PDU_BREAKER] = { "pdu_breaker", "PDU breaker tripped", SEV_CRITICAL },
	[ALERT_SOURCE_STALE] = { "source_stale", "Data source stale", SEV_WARNING },
	[ALERT_SOURCE_ERROR] = { "source_error", "Data source error", SEV_WARNING },
};

static const struct {
	int xid;
	const char *text;
	Severity sev;
} xid_table[] = {
	{ 13, "graphics engine exception", SEV_WARNING },
	{ 31, "GPU memory page fault", SEV_WARNING },
	{ 43, "GPU stopped processing", SEV_WARNING },
	{ 45, "preemptive cleanup", SEV_WARNING },
	{ 48, "double-bit ECC error", SEV_CRITICAL },
	{ 61, "internal micro-controller breakpoint", SEV_WARNING },
	{ 62, "internal micro-controller halt", SEV_WARNING },
	{ 63, "row remapping event", SEV_WARNING },
	{ 64, "row remapping failure", SEV_CRITICAL },
	{ 74, "NVLink error", SEV_CRITICAL },
	{ 79, "fell off the bus", SEV_CRITICAL },
	{ 92, "high single-bit ECC error rate", SEV_WARNING },
	{ 94, "contained ECC error", SEV_WARNING },
	{ 95, "uncontained ECC error", SEV_CRITICAL },
	{ 119, "GSP RPC timeout", SEV_CRITICAL },
	{ 120, "GSP error", SEV_CRITICAL },
};

#define XID_FELL_OFF_BUS 79
#define THR_ALERT_BITS (THR_HW_SLOWDOWN | THR_HW_THERMAL | THR_SW_THERMAL | THR_HW_POWER_BRAKE)

void alerts_config_default(AlertConfig *c)
{
	c->gpu_temp_warn_c = 85.0f;
	c->gpu_temp_crit_c = 90.0f;
	c->coolant_supply_max_c = 40.0f;
	c->coolant_flow_min_lpm = 100.0f;
	c->power_margin_pct = 5.0f;
	c->keep_cleared = 500;
}

int alerts_rule_count(void) { return ALERT_RULE_COUNT; }

const AlertRule *alerts_rule(int rule)
{
	return rule >= 0 && rule < ALERT_RULE_COUNT ? &rule_table[rule] : NULL;
}

int alerts_rule_find(const char *id)
{
	for (int i = 0; id && i < ALERT_RULE_COUNT; i++)
		if (strcmp(rule_table[i].id, id) == 0)
			return i;
	return -1;
}

const char *alerts_xid_text(int xid)
{
	for (size_t i = 0; i < sizeof xid_table / sizeof xid_table[0]; i++)
		if (xid_table[i].xid == xid)
			return xid_table[i].text;
	return NULL;
}

Severity alerts_xid_severity(int xid)
{
	if (xid == 0)
		return SEV_NONE;
	for (size_t i = 0; i < sizeof xid_table / sizeof xid_table[0]; i++)
		if (xid_table[i].xid == xid)
			return xid_table[i].sev;
	return SEV_WARNING;
}

/* ---- the engine ---------------------------------------------------------- */

/* An open-addressing table from an alert's key (rule, entity, detail) to its
 * index in the site's alert array; slots hold index + 1, 0 = empty. It is
 * rebuilt from the active alerts at the start of every evaluation, so the
 * site's array is the only memory of what is open. */
struct Alerts {
	uint32_t *slot;
	uint32_t cap;       /* power of two */
	uint32_t used;
	uint8_t *seen;      /* per alert index: fired in this evaluation */
	int32_t cseen;
	int32_t *scratch;   /* cleared alerts, for trimming */
	int32_t cscratch;
};

/* One evaluation in progress. */
typedef struct {
	Alerts *a;
	Site *s;
	const SiteView *v;
	int64_t now;
	Alert *al;          /* the site's array; moves when it grows */
	int32_t n, cap;
	bool oom;
} Eval;

Alerts *alerts_new(void)
{
	return calloc(1, sizeof(Alerts));
}

void alerts_free(Alerts *a)
{
	if (!a)
		return;
	free(a->slot);
	free(a->seen);
	free(a->scratch);
	free(a);
}

static uint32_t key_hash(uint16_t rule, EntityKind kind, int32_t index, int32_t detail)
{
	uint64_t x = ((uint64_t)rule << 48) ^ ((uint64_t)kind << 40) ^ (uint64_t)(uint32_t)index;
	x ^= (uint64_t)(uint32_t)detail * 0x9e3779b97f4a7c15ull;
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	x *= 0xc4ceb3f9e5f5e7d1ull;
	x ^= x >> 33;
	return (uint32_t)x;
}

static bool key_eq(const Alert *al, uint16_t rule, EntityKind kind, int32_t index, int32_t detail)
{
	return al->rule == rule && al->about.kind == kind && al->about.index == index &&
	       al->detail == detail;
}

static void table_insert(Alerts *a, const Alert *al, int32_t idx)
{
	uint32_t mask = a->cap - 1;
	uint32_t i = key_hash(al->rule, al->about.kind, al->about.index, al->detail) & mask;
	while (a->slot[i])
		i = (i + 1) & mask;
	a->slot[i] = (uint32_t)idx + 1;
	a->used++;
}

/* Rebuild the table for the active alerts of e, sized for at least want. */
static int table_rebuild(Eval *e, uint32_t want)
{
	Alerts *a = e->a;
	uint32_t ncap = 64;
	while (ncap < want * 2)
		ncap *= 2;
	if (ncap != a->cap) {
		uint32_t *p = realloc(a->slot, ncap * sizeof *p);
		if (!p)
			return -1;
		a->slot = p;
		a->cap = ncap;
	}
	memset(a->slot, 0, a->cap * sizeof *a->slot);
	a->used = 0;
	for (int32_t i = 0; i < e->n; i++)
		if (e->al[i].active)
			table_insert(a, &e->al[i], i);
	return 0;
}

static int32_t table_find(const Eval *e, uint16_t rule, EntityKind kind, int32_t index, int32_t detail)
{
	const Alerts *a = e->a;
	uint32_t mask = a->cap - 1;
	for (uint32_t i = key_hash(rule, kind, index, detail) & mask; a->slot[i]; i = (i + 1) & mask) {
		int32_t idx = (int32_t)a->slot[i] - 1;
		if (key_eq(&e->al[idx], rule, kind, index, detail))
			return idx;
	}
	return -1;
}

static int seen_reserve(Alerts *a, int32_t need)
{
	if (need <= a->cseen)
		return 0;
	int32_t ncap = a->cseen ? a->cseen : 256;
	while (ncap < need)
		ncap *= 2;
	uint8_t *p = realloc(a->seen, (size_t)ncap);
	if (!p)
		return -1;
	memset(p + a->cseen, 0, (size_t)(ncap - a->cseen));
	a->seen = p;
	a->cseen = ncap;
	return 0;
}

/* Room for one more alert in the site's array, the seen flags and the table. */
static int make_room(Eval *e)
{
	if (e->n + 1 > e->cap) {
		int32_t ncap = e->cap * 2;
		Alert *p = site_alerts_reserve(e->s, ncap);
		if (!p)
			return -1;
		e->al = p;
		e->cap = ncap;
	}
	if (seen_reserve(e->a, e->n + 1) < 0)
		return -1;
	if ((e->a->used + 1) * 2 > e->a->cap && table_rebuild(e, (e->a->used + 1) * 2) < 0)
		return -1;
	return 0;
}

/* The condition (rule, entity, detail) holds now with severity sev. */
__attribute__((format(printf, 6, 7)))
static void fire(Eval *e, AlertRuleId rule, EntityRef about, int32_t detail, Severity sev,
                 const char *fmt, ...)
{
	if (e->oom)
		return;
	uint16_t r = (uint16_t)rule;
	int32_t idx = table_find(e, r, about.kind, about.index, detail);
	Alert *al;
	if (idx >= 0) {
		al = &e->al[idx];
		if (e->a->seen[idx] && al->sev >= sev)
			return; /* the same key fired twice this turn: keep the worse */
		if (!e->a->seen[idx])
			al->count++;
		al->last_seen = e->now;
	} else {
		if (make_room(e) < 0) {
			e->oom = true;
			return;
		}
		idx = e->n++;
		al = &e->al[idx];
		memset(al, 0, sizeof *al);
		al->rule = r;
		al->detail = detail;
		al->about = about;
		al->active = true;
		al->first_seen = al->last_seen = e->now;
		al->count = 1;
		table_insert(e->a, al, idx);
	}
	e->a->seen[idx] = 1;
	al->sev = sev;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(al->msg, sizeof al->msg, fmt, ap);
	va_end(ap);
}

static EntityRef ent(EntityKind k, int32_t i)
{
	EntityRef r = { k, i };
	return r;
}

/* ---- the rules ------------------------------------------------------------ */

static void rules_gpu(Eval *e, const AlertConfig *c)
{
	const SiteView *v = e->v;
	for (int32_t i = 0; i < v->ngpus; i++) {
		const Gpu *g = &v->gpus[i];
		const char *node = v->nodes[g->node].name;
		int gi = g->index;
		EntityRef about = ent(ENT_GPU, i);
		int xid = val_known(g->xid) ? (int)g->xid.v : 0;
		if (xid != 0) {
			const char *t = alerts_xid_text(xid);
			if (t)
				fire(e, ALERT_GPU_XID, about, xid, alerts_xid_severity(xid),
				     "XID %d (%s) on %s GPU %d", xid, t, node, gi);
			else
				fire(e, ALERT_GPU_XID, about, xid, SEV_WARNING, "XID %d on %s GPU %d", xid, node, gi);
		}
		if (!g->present && xid != XID_FELL_OFF_BUS)
			fire(e, ALERT_GPU_MISSING, about, 0, SEV_CRITICAL, "GPU %d of %s missing from the bus", gi, node);
		if (val_known(g->ecc_dbe) && g->ecc_dbe.v > 0)
			fire(e, ALERT_GPU_ECC_DBE, about, 0, SEV_CRITICAL,
			     "%.0f double-bit ECC errors on %s GPU %d", (double)g->ecc_dbe.v, node, gi);
		if (val_known(g->row_remap_failed) && g->row_remap_failed.v >= 1)
			fire(e, ALERT_GPU_ROW_REMAP_FAILED, about, 0, SEV_CRITICAL,
			     "row remap failed on %s GPU %d", node, gi);
		if (val_known(g->temp_c) && g->temp_c.v >= c->gpu_temp_warn_c) {
			bool crit = g->temp_c.v >= c->gpu_temp_crit_c;
			fire(e, ALERT_GPU_HOT, about, 0, crit ? SEV_CRITICAL : SEV_WARNING,
			     "%s GPU %d at %.0f °C (%s at %.0f °C)", node, gi, (double)g->temp_c.v,
			     crit ? "critical" : "warning",
			     (double)(crit ? c->gpu_temp_crit_c : c->gpu_temp_warn_c));
		}
		uint32_t thr = val_known(g->throttle) ? (uint32_t)g->throttle.v : 0;
		if (thr & THR_ALERT_BITS)
			fire(e, ALERT_GPU_THROTTLE, about, 0, SEV_WARNING, "%s GPU %d throttled:%s%s%s%s", node, gi,
			     thr & THR_HW_SLOWDOWN ? " HW slowdown" : "",
			     thr & THR_HW_THERMAL ? " HW thermal" : "",
			     thr & THR_SW_THERMAL ? " SW thermal" : "",
			     thr & THR_HW_POWER_BRAKE ? " power brake" : "");
	}
}

static void rules_node(Eval *e)
{
	const SiteView *v = e->v;
	for (int32_t i = 0; i < v->nnodes; i++) {
		const Node *n = &v->nodes[i];
		if (site_node_class(n) == NODE_CLASS_DOWN) {
			char st[64];
			site_node_state_text(n, st, sizeof st);
			if (n->reason[0])
				fire(e, ALERT_NODE_DOWN, ent(ENT_NODE, i), 0, SEV_CRITICAL, "%s %s: %s%s%s%s", n->name,
				     st, n->reason, n->reason_user[0] ? " (" : "", n->reason_user,
				     n->reason_user[0] ? ")" : "");
			else
				fire(e, ALERT_NODE_DOWN, ent(ENT_NODE, i), 0, SEV_CRITICAL, "%s %s, no reason given",
				     n->name, st);
		}
		const Bmc *b = &n->bmc;
		if (b->addr[0] && b->at != 0 && !b->reachable)
			fire(e, ALERT_BMC_UNREACHABLE, ent(ENT_NODE, i), 0, SEV_WARNING,
			     "BMC of %s (%s) not answering", n->name, b->addr);
		if (b->health == HEALTH_CRITICAL)
			fire(e, ALERT_BMC_CRITICAL, ent(ENT_NODE, i), 0, SEV_CRITICAL,
			     "BMC of %s reports health Critical", n->name);
	}
}

static void rules_cdu(Eval *e, const AlertConfig *c)
{
	const SiteView *v = e->v;
	for (int32_t i = 0; i < v->ncdus; i++) {
		const Cdu *d = &v->cdus[i];
		EntityRef about = ent(ENT_CDU, i);
		for (int32_t p = 0; p < d->npumps && p < CDU_PUMPS_MAX; p++) {
			const Pump *pm = &d->pumps[p];
			if (pm->health == HEALTH_CRITICAL)
				fire(e, ALERT_CDU_PUMP_FAILED, about, p, SEV_CRITICAL,
				     "%s pump %s failed (health Critical)", d->name, pm->name);
			else if (!pm->running && val_known(pm->speed_pct))
				fire(e, ALERT_CDU_PUMP_FAILED, about, p, SEV_CRITICAL,
				     "%s pump %s not running", d->name, pm->name);
		}
		for (int32_t l = 0; l < d->nleaks && l < CDU_LEAKS_MAX; l++) {
			LeakState st = d->leaks[l].state;
			if (st == LEAK_CRITICAL || st == LEAK_WARNING)
				fire(e, ALERT_CDU_LEAK, about, l, st == LEAK_CRITICAL ? SEV_CRITICAL : SEV_WARNING,
				     "leak detector %s of %s: %s", d->leaks[l].name, d->name, site_leak_name(st));
		}
		float max = c->coolant_supply_max_c;
		if (val_known(d->supply_c) && d->supply_c.v > max) {
			bool crit = d->supply_c.v > max + 5.0f;
			fire(e, ALERT_COOLANT_SUPPLY_HOT, about, 0, crit ? SEV_CRITICAL : SEV_WARNING,
			     "%s supply %.1f °C above %.1f °C", d->name, (double)d->supply_c.v,
			     (double)(crit ? max + 5.0f : max));
		}
		if (val_known(d->flow_lpm) && d->flow_lpm.v < c->coolant_flow_min_lpm)
			fire(e, ALERT_COOLANT_FLOW_LOW, about, 0, SEV_WARNING, "%s flow %.0f l/min below %.0f l/min",
			     d->name, (double)d->flow_lpm.v, (double)c->coolant_flow_min_lpm);
		if (d->health == HEALTH_CRITICAL)
			fire(e, ALERT_CDU_HEALTH, about, 0, SEV_CRITICAL, "%s health Critical%s%s", d->name,
			     d->conditions[0] ? ": " : "", d->conditions);
	}
}

static void rules_power(Eval *e, const AlertConfig *c)
{
	const SiteView *v = e->v;
	const Power *p = v->power;
	char b1[32], b2[32], b3[32];
	if (val_known(p->supply_w) && val_known(p->draw_w)) {
		double supply = p->supply_w.v, draw = p->draw_w.v, head = supply - draw;
		double margin = p->margin_pct > 0 ? p->margin_pct : c->power_margin_pct;
		if (draw > supply)
			fire(e, ALERT_POWER_HEADROOM, ent(ENT_SITE, 0), 0, SEV_CRITICAL,
			     "draw %s exceeds hydro supply %s", text_watts(b1, sizeof b1, draw),
			     text_watts(b2, sizeof b2, supply));
		else if (head < margin / 100.0 * supply)
			fire(e, ALERT_POWER_HEADROOM, ent(ENT_SITE, 0), 0, SEV_WARNING,
			     "headroom %s (%.1f%% of supply %s) below %.0f%% margin, draw %s",
			     text_watts(b1, sizeof b1, head), supply > 0 ? head / supply * 100.0 : 0.0,
			     text_watts(b2, sizeof b2, supply), margin, text_watts(b3, sizeof b3, draw));
	}
	for (int32_t i = 0; i < v->nfeeds; i++) {
		const Feed *f = &v->feeds[i];
		if (val_known(f->capacity_w) && val_known(f->draw_w) && f->draw_w.v > f->capacity_w.v)
			fire(e, ALERT_POWER_HEADROOM, ent(ENT_FEED, i), 0, SEV_CRITICAL,
			     "feed %s draw %s exceeds its capacity %s", f->name,
			     text_watts(b1, sizeof b1, f->draw_w.v), text_watts(b2, sizeof b2, f->capacity_w.v));
	}
	for (int32_t i = 0; i < v->nracks; i++) {
		const Rack *k = &v->racks[i];
		if (k->budget_w > 0 && val_known(k->power_w) && k->power_w.v > k->budget_w)
			fire(e, ALERT_RACK_OVER_BUDGET, ent(ENT_RACK, i), 0, SEV_WARNING,
			     "rack %s draws %s, over its budget %s", k->name,
			     text_watts(b1, sizeof b1, k->power_w.v), text_watts(b2, sizeof b2, k->budget_w));
	}
	for (int32_t i = 0; i < v->npdus; i++) {
		const Pdu *d = &v->pdus[i];
		if (d->breakers_tripped > 0)
			fire(e, ALERT_PDU_BREAKER, ent(ENT_PDU, i), 0, SEV_CRITICAL, "PDU %s: %d breaker%s tripped",
			     d->name, d->breakers_tripped, d->breakers_tripped == 1 ? "" : "s");
	}
}

static void rules_source(Eval *e)
{
	const SiteView *v = e->v;
	for (int32_t i = 1; i < v->nsources; i++) {
		const Source *src = &v->sources[i];
		const char *err = src->error[0] ? src->error : "no error reported";
		char age[32];
		if (src->last_ok == 0 && src->last_try != 0)
			fire(e, ALERT_SOURCE_STALE, ent(ENT_SOURCE, i), 0, SEV_WARNING,
			     "source %s has never answered: %s", src->name, err);
		else if (src->last_ok != 0 && e->now - src->last_ok > src->stale_after)
			fire(e, ALERT_SOURCE_STALE, ent(ENT_SOURCE, i), 0, SEV_WARNING,
			     "source %s stale, last data %s ago: %s", src->name,
			     text_duration(age, sizeof age, e->now - src->last_ok), err);
		if (!src->ok && src->last_try != 0)
			fire(e, ALERT_SOURCE_ERROR, ent(ENT_SOURCE, i), 0, SEV_WARNING, "source %s: %s", src->name, err);
	}
}

/* ---- evaluation ----------------------------------------------------------- */

/* Order of cleared alerts for trimming: oldest (last fired earliest) first. */
static bool cleared_after(const Alert *al, int32_t x, int32_t y)
{
	if (al[x].last_seen != al[y].last_seen)
		return al[x].last_seen > al[y].last_seen;
	return x > y;
}

/* Trim: sort the cleared alerts oldest first (by when they
 * last fired) and drop the oldest beyond keep, keeping the others in order. */
static void trim_cleared(Eval *e, int32_t keep)
{
	Alerts *a = e->a;
	int32_t ncleared = 0;
	for (int32_t i = 0; i < e->n; i++)
		ncleared += !e->al[i].active;
	if (keep < 0)
		keep = 0;
	if (ncleared <= keep)
		return;
	if (ncleared > a->cscratch) {
		int32_t *p = realloc(a->scratch, (size_t)ncleared * sizeof *p);
		if (!p)
			return;
		a->scratch = p;
		a->cscratch = ncleared;
	}
	int32_t k = 0;
	for (int32_t i = 0; i < e->n; i++)
		if (!e->al[i].active)
			a->scratch[k++] = i;
	/* a small shell sort: no qsort context pointer in C17 */
	for (int32_t gap = k / 2; gap > 0; gap /= 2)
		for (int32_t i = gap; i < k; i++)
			for (int32_t j = i; j >= gap && cleared_after(e->al, a->scratch[j - gap], a->scratch[j]); j -= gap) {
				int32_t t = a->scratch[j];
				a->scratch[j] = a->scratch[j - gap];
				a->scratch[j - gap] = t;
			}
	int32_t drop = ncleared - keep;
	/* mark dropped alerts with count 0 (live alerts always have count ≥ 1) */
	for (int32_t i = 0; i < drop; i++)
		e->al[a->scratch[i]].count = 0;
	int32_t w = 0;
	for (int32_t i = 0; i < e->n; i++)
		if (e->al[i].count != 0)
			e->al[w++] = e->al[i];
	e->n = w;
}

void alerts_evaluate(Alerts *a, Site *s, const AlertConfig *c, int64_t now)
{
	AlertConfig defaults;
	if (!c) {
		alerts_config_default(&defaults);
		c = &defaults;
	}
	const SiteView *v = site_view(s);
	Eval e = { .a = a, .s = s, .now = now, .n = v->nalerts };
	e.cap = e.n + 64;
	e.al = site_alerts_reserve(s, e.cap);
	e.v = site_view(s);
	if (!e.al || seen_reserve(a, e.cap) < 0)
		return;
	memset(a->seen, 0, (size_t)e.n);
	int32_t nactive = 0;
	for (int32_t i = 0; i < e.n; i++)
		nactive += e.al[i].active;
	if (table_rebuild(&e, (uint32_t)nactive + 64) < 0)
		return;

	rules_gpu(&e, c);
	rules_node(&e);
	rules_cdu(&e, c);
	rules_power(&e, c);
	rules_source(&e);

	for (int32_t i = 0; i < e.n; i++)
		if (e.al[i].active && !a->seen[i] && !e.oom)
			e.al[i].active = false;
	trim_cleared(&e, c->keep_cleared);
	site_alerts_commit(s, e.n);
}

/* ---- reading -------------------------------------------------------------- */

/* True when alert x sorts before y: active first, then worst, then newest. */
static bool sorts_before(const Alert *al, int32_t x, int32_t y)
{
	const Alert *p = &al[x], *q = &al[y];
	if (p->active != q->active)
		return p->active;
	if (p->sev != q->sev)
		return p->sev > q->sev;
	if (p->first_seen != q->first_seen)
		return p->first_seen > q->first_seen;
	if (p->last_seen != q->last_seen)
		return p->last_seen > q->last_seen;
	return x > y;
}

void alerts_summary(const SiteView *v, AlertSummary *out)
{
	memset(out, 0, sizeof *out);
	out->worst = SEV_NONE;
	out->worst_index = -1;
	for (int32_t i = 0; i < v->nalerts; i++) {
		const Alert *al = &v->alerts[i];
		if (!al->active || al->sev <= SEV_NONE || al->sev > SEV_CRITICAL)
			continue;
		out->active[al->sev]++;
		if (out->worst_index < 0 || sorts_before(v->alerts, i, out->worst_index)) {
			out->worst_index = i;
			out->worst = al->sev;
		}
	}
}

static void merge(const Alert *al, const int32_t *src, int32_t *dst, int32_t lo, int32_t mid, int32_t hi)
{
	int32_t i = lo, j = mid, k = lo;
	while (i < mid && j < hi)
		dst[k++] = sorts_before(al, src[j], src[i]) ? src[j++] : src[i++];
	while (i < mid)
		dst[k++] = src[i++];
	while (j < hi)
		dst[k++] = src[j++];
}

int32_t alerts_sorted(const SiteView *v, int32_t *out, int32_t max, bool include_cleared)
{
	if (max <= 0)
		return 0;
	int32_t n = 0;
	for (int32_t i = 0; i < v->nalerts; i++)
		n += include_cleared || v->alerts[i].active;
	if (n == 0)
		return 0;
	int32_t *a = malloc((size_t)n * 2 * sizeof *a);
	if (!a)
		return 0;
	int32_t *b = a + n, k = 0;
	for (int32_t i = 0; i < v->nalerts; i++)
		if (include_cleared || v->alerts[i].active)
			a[k++] = i;
	/* bottom-up merge sort, stable, O(n log n) */
	for (int32_t width = 1; width < n; width *= 2) {
		for (int32_t lo = 0; lo < n; lo += 2 * width) {
			int32_t mid = lo + width < n ? lo + width : n;
			int32_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			merge(v->alerts, a, b, lo, mid, hi);
		}
		int32_t *t = a;
		a = b;
		b = t;
	}
	int32_t w = n < max ? n : max;
	memcpy(out, a, (size_t)w * sizeof *out);
	free(a < b ? a : b);
	return w;
}
