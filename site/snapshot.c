/* Headless output of a site: the JSON snapshot, the text summary, the check line. */
#include "site/snapshot.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "site/alerts.h"
#include "util/jsonw.h"
#include "util/text.h"

static const struct {
	uint32_t bit;
	const char *name;
} node_flags[] = {
	{ NODEF_DRAIN, "drain" },
	{ NODEF_NOT_RESPONDING, "not_responding" },
	{ NODEF_REBOOT_REQUESTED, "reboot_requested" },
	{ NODEF_MAINTENANCE, "maint" },
	{ NODEF_RESERVED, "reserved" },
	{ NODEF_COMPLETING, "completing" },
	{ NODEF_POWERED_DOWN, "powered_down" },
	{ NODEF_REBOOT_ISSUED, "reboot_issued" },
	{ NODEF_FAIL, "fail" },
};

/* ---- JSON helpers ---------------------------------------------------------- */

static void kv_val(JsonW *w, const char *key, Val x)
{
	jsonw_key(w, key);
	if (val_known(x))
		jsonw_float(w, x.v);
	else
		jsonw_null(w);
}

static void kv_val_int(JsonW *w, const char *key, Val x)
{
	jsonw_key(w, key);
	if (val_known(x) && isfinite(x.v))
		jsonw_int(w, (int64_t)x.v);
	else
		jsonw_null(w);
}

/* A string, or null when empty or NULL. */
static void kv_opt(JsonW *w, const char *key, const char *s)
{
	jsonw_key(w, key);
	if (s && *s)
		jsonw_string(w, s);
	else
		jsonw_null(w);
}

/* An integer, or null when it equals unknown. */
static void kv_int_opt(JsonW *w, const char *key, int64_t x, int64_t unknown)
{
	jsonw_key(w, key);
	if (x == unknown)
		jsonw_null(w);
	else
		jsonw_int(w, x);
}

static void kv_health(JsonW *w, const char *key, Health h)
{
	kv_opt(w, key, h == HEALTH_UNKNOWN ? NULL : site_health_name(h));
}

/* The name at index i of a named array, or null. */
#define KV_REF(w, key, arr, n, i) kv_opt((w), (key), (i) >= 0 && (i) < (n) ? (arr)[(i)].name : NULL)

/* "a, b,c" as ["a","b","c"]. */
static void kv_csv(JsonW *w, const char *key, const char *csv)
{
	jsonw_key(w, key);
	jsonw_array_begin(w);
	const char *p = csv;
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		const char *e = p;
		while (*e && *e != ',')
			e++;
		const char *t = e;
		while (t > p && t[-1] == ' ')
			t--;
		if (t > p)
			jsonw_string_n(w, p, (size_t)(t - p));
		p = e;
	}
	jsonw_array_end(w);
}

/* ---- JSON sections ----------------------------------------------------------- */

static void write_sources(JsonW *w, const SiteView *v, int64_t now)
{
	jsonw_key(w, "sources");
	jsonw_array_begin(w);
	for (int32_t i = 1; i < v->nsources; i++) {
		const Source *s = &v->sources[i];
		jsonw_object_begin(w);
		jsonw_kv_string(w, "name", s->name);
		jsonw_kv_string(w, "kind", s->kind);
		jsonw_kv_bool(w, "ok", s->ok);
		jsonw_kv_bool(w, "complete", s->complete);
		kv_int_opt(w, "age_s", s->last_ok ? now - s->last_ok : -1, -1);
		kv_opt(w, "error", s->error);
		kv_opt(w, "note", s->note);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

static void write_power(JsonW *w, const SiteView *v)
{
	const Power *p = v->power;
	jsonw_key(w, "power");
	jsonw_object_begin(w);
	kv_val(w, "draw_w", p->draw_w);
	kv_val(w, "supply_w", p->supply_w);
	kv_val(w, "it_w", p->it_w);
	kv_val(w, "cooling_w", p->cooling_w);
	kv_val(w, "curtailment_w", p->curtailment_w);
	jsonw_key(w, "headroom_w");
	if (val_known(p->supply_w) && val_known(p->draw_w))
		jsonw_float(w, p->supply_w.v - p->draw_w.v);
	else
		jsonw_null(w);
	jsonw_kv_float(w, "margin_pct", p->margin_pct);
	jsonw_object_end(w);
}

static void write_topology(JsonW *w, const SiteView *v)
{
	jsonw_key(w, "halls");
	jsonw_array_begin(w);
	for (int32_t h = 0; h < v->nhalls; h++) {
		jsonw_object_begin(w);
		jsonw_kv_string(w, "name", v->halls[h].name);
		jsonw_key(w, "rows");
		jsonw_array_begin(w);
		for (int32_t r = 0; r < v->nrows; r++) {
			if (v->rows[r].hall != h)
				continue;
			jsonw_object_begin(w);
			jsonw_kv_string(w, "name", v->rows[r].name);
			KV_REF(w, "cdu", v->cdus, v->ncdus, v->rows[r].cdu);
			jsonw_kv_int(w, "racks", v->rows[r].nracks);
			jsonw_object_end(w);
		}
		jsonw_array_end(w);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);

	jsonw_key(w, "racks");
	jsonw_array_begin(w);
	for (int32_t i = 0; i < v->nracks; i++) {
		const Rack *k = &v->racks[i];
		jsonw_object_begin(w);
		jsonw_kv_string(w, "name", k->name);
		KV_REF(w, "hall", v->halls, v->nhalls, k->hall);
		KV_REF(w, "row", v->rows, v->nrows, k->row);
		kv_val(w, "power_w", k->power_w);
		jsonw_key(w, "budget_w");
		if (k->budget_w > 0)
			jsonw_float(w, k->budget_w);
		else
			jsonw_null(w);
		KV_REF(w, "cdu", v->cdus, v->ncdus, k->cdu);
		KV_REF(w, "pdu", v->pdus, v->npdus, k->pdu);
		jsonw_kv_int(w, "nodes", k->nnodes);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

static void write_gpu(JsonW *w, const Gpu *g)
{
	jsonw_object_begin(w);
	jsonw_kv_int(w, "index", g->index);
	jsonw_kv_bool(w, "present", g->present);
	kv_val(w, "temp_c", g->temp_c);
	kv_val(w, "power_w", g->power_w);
	kv_val(w, "util_pct", g->util_pct);
	kv_val(w, "mem_util_pct", g->mem_util_pct);
	kv_val(w, "fb_used_mib", g->fb_used_mib);
	kv_val_int(w, "xid", g->xid);
	kv_val_int(w, "ecc_dbe", g->ecc_dbe);
	kv_val_int(w, "throttle", g->throttle);
	jsonw_object_end(w);
}

static void write_bmc(JsonW *w, const Bmc *b)
{
	jsonw_key(w, "bmc");
	jsonw_object_begin(w);
	kv_opt(w, "addr", b->addr);
	jsonw_key(w, "reachable");
	if (b->at == 0 && !b->reachable)
		jsonw_null(w);
	else
		jsonw_bool(w, b->reachable);
	kv_opt(w, "power", b->power == POWER_UNKNOWN ? NULL : site_power_state_name(b->power));
	kv_health(w, "health", b->health);
	kv_csv(w, "reset_types", b->reset_types);
	kv_val(w, "inlet_c", b->inlet_c);
	kv_val(w, "power_w", b->power_w);
	jsonw_object_end(w);
}

static void write_nodes(JsonW *w, const SiteView *v)
{
	jsonw_key(w, "nodes");
	jsonw_array_begin(w);
	for (int32_t i = 0; i < v->nnodes; i++) {
		const Node *n = &v->nodes[i];
		char st[96];
		jsonw_object_begin(w);
		jsonw_kv_string(w, "name", n->name);
		KV_REF(w, "rack", v->racks, v->nracks, n->rack);
		kv_int_opt(w, "slot", n->slot, -1);
		jsonw_kv_string(w, "state", site_node_state_text(n, st, sizeof st));
		kv_opt(w, "base", n->sched_at ? site_node_base_name(n->base) : NULL);
		jsonw_key(w, "flags");
		jsonw_array_begin(w);
		for (size_t f = 0; f < sizeof node_flags / sizeof node_flags[0]; f++)
			if (n->flags & node_flags[f].bit)
				jsonw_string(w, node_flags[f].name);
		jsonw_array_end(w);
		kv_opt(w, "reason", n->reason);
		kv_opt(w, "reason_user", n->reason_user);
		kv_csv(w, "partitions", n->partitions);
		kv_int_opt(w, "gpus_alloc", n->gpus_alloc, -1);
		jsonw_key(w, "gpus");
		jsonw_array_begin(w);
		for (int32_t g = 0; g < n->ngpus; g++)
			write_gpu(w, &v->gpus[n->first_gpu + g]);
		jsonw_array_end(w);
		write_bmc(w, &n->bmc);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

static void write_cooling(JsonW *w, const SiteView *v)
{
	jsonw_key(w, "cdus");
	jsonw_array_begin(w);
	for (int32_t i = 0; i < v->ncdus; i++) {
		const Cdu *c = &v->cdus[i];
		jsonw_object_begin(w);
		jsonw_kv_string(w, "name", c->name);
		KV_REF(w, "row", v->rows, v->nrows, c->row);
		kv_health(w, "health", c->health);
		kv_val(w, "supply_c", c->supply_c);
		kv_val(w, "return_c", c->return_c);
		kv_val(w, "flow_lpm", c->flow_lpm);
		kv_val(w, "dp_kpa", c->dp_kpa);
		kv_val(w, "heat_w", c->heat_w);
		jsonw_key(w, "pumps");
		jsonw_array_begin(w);
		for (int32_t p = 0; p < c->npumps && p < CDU_PUMPS_MAX; p++) {
			jsonw_object_begin(w);
			jsonw_kv_string(w, "name", c->pumps[p].name);
			kv_val(w, "speed_pct", c->pumps[p].speed_pct);
			jsonw_kv_bool(w, "running", c->pumps[p].running);
			kv_health(w, "health", c->pumps[p].health);
			jsonw_object_end(w);
		}
		jsonw_array_end(w);
		jsonw_key(w, "leaks");
		jsonw_array_begin(w);
		for (int32_t l = 0; l < c->nleaks && l < CDU_LEAKS_MAX; l++) {
			jsonw_object_begin(w);
			jsonw_kv_string(w, "name", c->leaks[l].name);
			kv_opt(w, "state", c->leaks[l].state == LEAK_UNKNOWN ? NULL : site_leak_name(c->leaks[l].state));
			jsonw_object_end(w);
		}
		jsonw_array_end(w);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);

	jsonw_key(w, "pdus");
	jsonw_array_begin(w);
	for (int32_t i = 0; i < v->npdus; i++) {
		const Pdu *p = &v->pdus[i];
		jsonw_object_begin(w);
		jsonw_kv_string(w, "name", p->name);
		KV_REF(w, "rack", v->racks, v->nracks, p->rack);
		kv_val(w, "power_w", p->power_w);
		kv_val(w, "capacity_w", p->capacity_w);
		kv_val(w, "energy_kwh", p->energy_kwh);
		kv_health(w, "health", p->health);
		kv_int_opt(w, "breakers_tripped", p->breakers_tripped, -1);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);

	jsonw_key(w, "loops");
	jsonw_array_begin(w);
	for (int32_t i = 0; i < v->nloops; i++) {
		jsonw_object_begin(w);
		jsonw_kv_string(w, "name", v->loops[i].name);
		kv_val(w, "supply_c", v->loops[i].supply_c);
		kv_val(w, "return_c", v->loops[i].return_c);
		kv_val(w, "heat_reuse_w", v->loops[i].heat_reuse_w);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

static void write_scheduler(JsonW *w, const SiteView *v)
{
	jsonw_key(w, "partitions");
	jsonw_array_begin(w);
	for (int32_t i = 0; i < v->npartitions; i++) {
		const Partition *p = &v->partitions[i];
		jsonw_object_begin(w);
		jsonw_kv_string(w, "name", p->name);
		jsonw_kv_bool(w, "up", p->up);
		kv_int_opt(w, "total_nodes", p->total_nodes, -1);
		kv_int_opt(w, "total_gpus", p->total_gpus, -1);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);

	jsonw_key(w, "accounts");
	jsonw_array_begin(w);
	for (int32_t i = 0; i < v->naccounts; i++) {
		jsonw_object_begin(w);
		jsonw_kv_string(w, "name", v->accounts[i].name);
		jsonw_kv_int(w, "priority", v->accounts[i].priority);
		kv_opt(w, "kind", v->accounts[i].kind);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);

	jsonw_key(w, "jobs");
	jsonw_array_begin(w);
	for (int32_t i = 0; i < v->njobs; i++) {
		const Job *j = &v->jobs[i];
		jsonw_object_begin(w);
		jsonw_kv_int(w, "id", j->id);
		jsonw_kv_string(w, "name", j->name);
		kv_opt(w, "user", j->user);
		kv_opt(w, "account", j->account);
		kv_opt(w, "partition", j->partition);
		kv_opt(w, "qos", j->qos);
		jsonw_kv_string(w, "state", site_job_state_name(j->state));
		kv_opt(w, "reason", j->reason);
		kv_opt(w, "nodelist", j->nodelist);
		jsonw_kv_int(w, "gpus", j->gpus);
		kv_int_opt(w, "submit_time", j->submit_time, 0);
		kv_int_opt(w, "start_time", j->start_time, 0);
		kv_int_opt(w, "time_limit_min", j->time_limit_min, -1);
		jsonw_kv_int(w, "priority", j->priority);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

static void write_alerts(JsonW *w, const Site *s, const SiteView *v)
{
	jsonw_key(w, "alerts");
	jsonw_array_begin(w);
	for (int32_t i = 0; i < v->nalerts; i++) {
		const Alert *al = &v->alerts[i];
		const AlertRule *r = alerts_rule(al->rule);
		char name[96];
		jsonw_object_begin(w);
		jsonw_kv_string(w, "rule", r ? r->id : "unknown");
		jsonw_kv_string(w, "severity", site_severity_name(al->sev));
		jsonw_kv_bool(w, "active", al->active);
		jsonw_key(w, "about");
		jsonw_object_begin(w);
		jsonw_kv_string(w, "kind", site_entity_kind_name(al->about.kind));
		jsonw_kv_string(w, "name", site_entity_name(s, al->about, name, sizeof name));
		jsonw_object_end(w);
		jsonw_kv_string(w, "message", al->msg);
		jsonw_kv_int(w, "first_seen", al->first_seen);
		jsonw_kv_int(w, "last_seen", al->last_seen);
		jsonw_kv_int(w, "count", al->count);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

static void write_site_object(JsonW *w, const Site *s, int64_t now, bool schema)
{
	const SiteView *v = site_view(s);
	jsonw_object_begin(w);
	if (schema)
		jsonw_kv_int(w, "schema", 1);
	jsonw_key(w, "site");
	jsonw_object_begin(w);
	jsonw_kv_string(w, "name", v->name);
	jsonw_kv_bool(w, "read_only", v->read_only);
	jsonw_kv_int(w, "time", now);
	jsonw_object_end(w);
	write_sources(w, v, now);
	write_power(w, v);
	write_topology(w, v);
	write_nodes(w, v);
	write_cooling(w, v);
	write_scheduler(w, v);
	write_alerts(w, s, v);
	jsonw_object_end(w);
}

int snapshot_write_site(FILE *out, const Site *s, int64_t now, bool pretty)
{
	JsonW *w = jsonw_new(out, pretty);
	if (!w)
		return -1;
	write_site_object(w, s, now, true);
	return jsonw_free(w);
}

int snapshot_write_fleet(FILE *out, const Site *const *sites, int n, int64_t now, bool pretty)
{
	JsonW *w = jsonw_new(out, pretty);
	if (!w)
		return -1;
	jsonw_object_begin(w);
	jsonw_kv_int(w, "schema", 1);
	jsonw_key(w, "sites");
	jsonw_array_begin(w);
	for (int i = 0; i < n; i++)
		write_site_object(w, sites[i], now, false);
	jsonw_array_end(w);
	jsonw_object_end(w);
	return jsonw_free(w);
}

/* ---- text and check -------------------------------------------------------- */

typedef struct {
	int32_t up, drained, down, unknown, total;
} GpuCounts;

static GpuCounts count_gpus(const SiteView *v)
{
	GpuCounts c = { 0 };
	for (int32_t i = 0; i < v->nnodes; i++) {
		const Node *n = &v->nodes[i];
		NodeClass cl = site_node_class(n);
		for (int32_t g = 0; g < n->ngpus; g++) {
			c.total++;
			if (!v->gpus[n->first_gpu + g].present || cl == NODE_CLASS_DOWN)
				c.down++;
			else if (cl == NODE_CLASS_UP)
				c.up++;
			else if (cl == NODE_CLASS_DRAINED)
				c.drained++;
			else
				c.unknown++;
		}
	}
	return c;
}

static double val_or_nan(Val x) { return val_known(x) ? (double)x.v : NAN; }

void snapshot_write_text(FILE *out, const Site *s, int64_t now)
{
	const SiteView *v = site_view(s);
	GpuCounts g = count_gpus(v);
	const Power *p = v->power;
	char b1[32], b2[32], b3[32], b4[32];
	fprintf(out, "site %s%s: %d halls, %d racks, %d nodes\n", v->name, v->read_only ? " (read-only)" : "",
	        v->nhalls, v->nracks, v->nnodes);
	fprintf(out, "GPUs: %d up, %d drained, %d down, %d unknown of %d\n", g.up, g.drained, g.down,
	        g.unknown, g.total);
	double supply = val_or_nan(p->supply_w), draw = val_or_nan(p->draw_w);
	fprintf(out, "power: draw %s of supply %s, headroom %s", text_watts(b1, sizeof b1, draw),
	        text_watts(b2, sizeof b2, supply), text_watts(b3, sizeof b3, supply - draw));
	if (isfinite(supply) && isfinite(draw) && supply > 0)
		fprintf(out, " (%.1f%%)", (supply - draw) / supply * 100.0);
	fprintf(out, ", IT %s, curtailed %s\n", text_watts(b1, sizeof b1, val_or_nan(p->it_w)),
	        text_watts(b4, sizeof b4, val_or_nan(p->curtailment_w)));
	float smin = INFINITY, smax = -INFINITY;
	int32_t bad = 0;
	for (int32_t i = 0; i < v->ncdus; i++) {
		const Cdu *c = &v->cdus[i];
		if (val_known(c->supply_c)) {
			smin = fminf(smin, c->supply_c.v);
			smax = fmaxf(smax, c->supply_c.v);
		}
		bad += c->health == HEALTH_CRITICAL || c->health == HEALTH_WARNING;
	}
	fprintf(out, "cooling: %d CDUs, %d not OK, supply ", v->ncdus, bad);
	if (smin <= smax)
		fprintf(out, "%.1f-%.1f °C", (double)smin, (double)smax);
	else
		fprintf(out, "-");
	fprintf(out, ", cooling power %s\n", text_watts(b1, sizeof b1, val_or_nan(p->cooling_w)));
	AlertSummary sum;
	alerts_summary(v, &sum);
	fprintf(out, "alerts: %d critical, %d warning, %d info\n", sum.active[SEV_CRITICAL],
	        sum.active[SEV_WARNING], sum.active[SEV_INFO]);
	int32_t idx[5];
	int32_t n = alerts_sorted(v, idx, 5, false);
	for (int32_t i = 0; i < n; i++) {
		const Alert *al = &v->alerts[idx[i]];
		fprintf(out, "  %-8s %s (for %s)\n", site_severity_name(al->sev), al->msg,
		        text_duration(b1, sizeof b1, now - al->first_seen));
	}
	fprintf(out, "sources:\n");
	for (int32_t i = 1; i < v->nsources; i++) {
		const Source *src = &v->sources[i];
		fprintf(out, "  %-24s %-5s age %s%s%s\n", src->name, src->ok ? "ok" : "ERROR",
		        src->last_ok ? text_duration(b1, sizeof b1, now - src->last_ok) : "never",
		        src->error[0] ? ": " : "", src->error);
	}
}

/* Append to line[*o..len) with truncation. */
__attribute__((format(printf, 4, 5)))
static void app(char *line, size_t len, size_t *o, const char *fmt, ...)
{
	if (*o >= len)
		return;
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(line + *o, len - *o, fmt, ap);
	va_end(ap);
	if (k > 0)
		*o = *o + (size_t)k < len ? *o + (size_t)k : len - 1;
}

int snapshot_check(const Site *const *sites, int n, int64_t now, char *line, size_t len)
{
	(void)now;
	if (!line || len == 0)
		return 0;
	Severity worst = SEV_NONE;
	int ns = n > 0 ? n : 0;
	AlertSummary sm[1];
	for (int i = 0; i < ns; i++) {
		alerts_summary(site_view(sites[i]), sm);
		if (sm->worst > worst)
			worst = sm->worst;
	}
	int rc = worst == SEV_CRITICAL ? 2 : worst == SEV_WARNING ? 1 : 0;
	size_t o = 0;
	line[0] = '\0';
	app(line, len, &o, "NARVIK %s -", rc == 2 ? "CRITICAL" : rc == 1 ? "WARNING" : "OK");
	if (ns == 0)
		app(line, len, &o, " no sites");
	for (int i = 0; i < ns; i++) {
		const SiteView *v = site_view(sites[i]);
		alerts_summary(v, sm);
		app(line, len, &o, "%s %s: ", i ? ";" : "", v->name);
		if (sm->worst_index < 0)
			app(line, len, &o, "no alerts");
		else
			app(line, len, &o, "%d critical, %d warning alerts; %s", sm->active[SEV_CRITICAL],
			    sm->active[SEV_WARNING], v->alerts[sm->worst_index].msg);
	}
	app(line, len, &o, " |");
	for (int i = 0; i < ns; i++) {
		const SiteView *v = site_view(sites[i]);
		GpuCounts g = count_gpus(v);
		const Power *p = v->power;
		char pre[SITE_NAME_MAX + 1] = "";
		if (ns > 1)
			snprintf(pre, sizeof pre, "%s_", v->name);
		app(line, len, &o, " %sgpus_up=%d %sgpus_down=%d", pre, g.up, pre, g.down);
		if (val_known(p->draw_w))
			app(line, len, &o, " %sdraw_w=%.4g", pre, (double)p->draw_w.v);
		if (val_known(p->supply_w))
			app(line, len, &o, " %ssupply_w=%.4g", pre, (double)p->supply_w.v);
		if (val_known(p->draw_w) && val_known(p->supply_w))
			app(line, len, &o, " %sheadroom_w=%.4g", pre, (double)(p->supply_w.v - p->draw_w.v));
		alerts_summary(v, sm);
		app(line, len, &o, " %salerts_critical=%d %salerts_warning=%d", pre, sm->active[SEV_CRITICAL],
		    pre, sm->active[SEV_WARNING]);
	}
	return rc;
}
