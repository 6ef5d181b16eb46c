/* Unit tests for site/alerts.c: each rule, persistence, clearing, trimming, speed. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "site/alerts.h"

#define T0 1700000000

typedef struct {
	Site *s;
	Alerts *a;
	AlertConfig cfg;
	SourceId src;
	int32_t rack, cdu, pdu, feed, n42, n43;
} Fx;

/* A hall, a row, a rack with two 8-GPU nodes, a CDU, a PDU and a feed. */
static int setup(void **state)
{
	Fx *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->s = site_new("norway-1");
	f->a = alerts_new();
	assert_non_null(f->s);
	assert_non_null(f->a);
	alerts_config_default(&f->cfg);
	f->src = site_source_add(f->s, "dcgm", "prometheus", 30);
	site_source_ok(f->s, f->src, T0, true);
	int32_t h = site_hall_add(f->s, "H1");
	int32_t r = site_row_add(f->s, h, "H1-R01");
	f->rack = site_rack_add(f->s, r, "H1-R01-K01");
	f->cdu = site_cdu_add(f->s, "CDU-H1-R01", r);
	f->pdu = site_pdu_add(f->s, "PDU-H1-R01-K01", f->rack);
	f->feed = site_feed_add(f->s, "hydro");
	f->n42 = site_node_add(f->s, "gpu00042", f->rack, 0, 8);
	f->n43 = site_node_add(f->s, "gpu00043", f->rack, 1, 8);
	assert_true(f->n42 >= 0 && f->n43 >= 0 && f->cdu >= 0 && f->pdu >= 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	Fx *f = *state;
	alerts_free(f->a);
	site_free(f->s);
	free(f);
	return 0;
}

static void eval(Fx *f, int64_t now)
{
	site_source_ok(f->s, f->src, now, true);
	alerts_evaluate(f->a, f->s, &f->cfg, now);
}

/* The alert for (rule, kind, index, detail), active or not; NULL if none. */
static const Alert *find(const Fx *f, int rule, EntityKind kind, int32_t index, int32_t detail)
{
	const SiteView *v = site_view(f->s);
	const Alert *found = NULL;
	for (int32_t i = 0; i < v->nalerts; i++) {
		const Alert *al = &v->alerts[i];
		if (al->rule == rule && al->about.kind == kind && al->about.index == index && al->detail == detail)
			if (!found || al->active)
				found = al;
	}
	return found;
}

static int32_t count_active(const Fx *f, int rule)
{
	const SiteView *v = site_view(f->s);
	int32_t n = 0;
	for (int32_t i = 0; i < v->nalerts; i++)
		n += v->alerts[i].active && (rule < 0 || v->alerts[i].rule == rule);
	return n;
}

static const Alert *expect(const Fx *f, int rule, EntityKind kind, int32_t index, int32_t detail,
                           Severity sev, const char *msg)
{
	const Alert *al = find(f, rule, kind, index, detail);
	if (!al || !al->active)
		fail_msg("no active %s alert on %s %d (detail %d)", alerts_rule(rule)->id,
		         site_entity_kind_name(kind), index, detail);
	assert_int_equal(al->sev, sev);
	if (msg)
		assert_string_equal(al->msg, msg);
	return al;
}

static void test_rule_table(void **state)
{
	(void)state;
	assert_int_equal(alerts_rule_count(), ALERT_RULE_COUNT);
	for (int i = 0; i < alerts_rule_count(); i++) {
		const AlertRule *r = alerts_rule(i);
		assert_non_null(r);
		assert_int_equal(alerts_rule_find(r->id), i);
		assert_true(r->sev == SEV_WARNING || r->sev == SEV_CRITICAL);
	}
	assert_null(alerts_rule(-1));
	assert_null(alerts_rule(ALERT_RULE_COUNT));
	assert_int_equal(alerts_rule_find("gpu_hot"), ALERT_GPU_HOT);
	assert_int_equal(alerts_rule_find("nope"), -1);
	assert_string_equal(alerts_xid_text(79), "fell off the bus");
	assert_null(alerts_xid_text(12345));
	assert_int_equal(alerts_xid_severity(79), SEV_CRITICAL);
	assert_int_equal(alerts_xid_severity(48), SEV_CRITICAL);
	assert_int_equal(alerts_xid_severity(63), SEV_WARNING);
	assert_int_equal(alerts_xid_severity(64), SEV_CRITICAL);
	assert_int_equal(alerts_xid_severity(74), SEV_CRITICAL);
	assert_int_equal(alerts_xid_severity(94), SEV_WARNING);
	assert_int_equal(alerts_xid_severity(95), SEV_CRITICAL);
	assert_int_equal(alerts_xid_severity(119), SEV_CRITICAL);
	assert_int_equal(alerts_xid_severity(120), SEV_CRITICAL);
	assert_int_equal(alerts_xid_severity(13), SEV_WARNING);
	assert_int_equal(alerts_xid_severity(4242), SEV_WARNING);
	assert_int_equal(alerts_xid_severity(0), SEV_NONE);
}

static void test_quiet_site(void **state)
{
	Fx *f = *state;
	for (int32_t g = 0; g < 16; g++)
		site_gpu_set(f->s, g, GF_TEMP_C, f->src, T0, 60);
	site_gpu_set(f->s, 0, GF_XID, f->src, T0, 0);
	site_gpu_set(f->s, 0, GF_THROTTLE, f->src, T0, THR_SW_POWER_CAP | THR_GPU_IDLE);
	site_node_set_state(f->s, f->n42, f->src, T0, NODE_IDLE, NODEF_DRAIN, "bad fan", "root", T0);
	eval(f, T0);
	assert_int_equal(site_view(f->s)->nalerts, 0);
}

static void test_gpu_rules(void **state)
{
	Fx *f = *state;
	int32_t g3 = site_gpu_find(f->s, f->n42, 3), g5 = site_gpu_find(f->s, f->n42, 5);
	int32_t g0 = site_gpu_find(f->s, f->n43, 0), g1 = g0 + 1, g2 = g0 + 2, g4 = g0 + 4;
	site_gpu_set(f->s, g3, GF_XID, f->src, T0, 79);
	site_gpu_set_present(f->s, g3, false);
	site_gpu_set_present(f->s, g5, false);
	site_gpu_set(f->s, g0, GF_XID, f->src, T0, 94);
	site_gpu_set(f->s, g1, GF_XID, f->src, T0, 4242);
	site_gpu_set(f->s, g1, GF_ECC_DBE, f->src, T0, 2);
	site_gpu_set(f->s, g1, GF_ROW_REMAP_FAILED, f->src, T0, 1);
	site_gpu_set(f->s, g2, GF_TEMP_C, f->src, T0, 86);
	site_gpu_set(f->s, g4, GF_TEMP_C, f->src, T0, 91);
	site_gpu_set(f->s, g4, GF_THROTTLE, f->src, T0, THR_HW_THERMAL | THR_SW_POWER_CAP);
	eval(f, T0);
	expect(f, ALERT_GPU_XID, ENT_GPU, g3, 79, SEV_CRITICAL, "XID 79 (fell off the bus) on gpu00042 GPU 3");
	assert_null(find(f, ALERT_GPU_MISSING, ENT_GPU, g3, 0)); /* XID 79 covers it */
	expect(f, ALERT_GPU_MISSING, ENT_GPU, g5, 0, SEV_CRITICAL, "GPU 5 of gpu00042 missing from the bus");
	expect(f, ALERT_GPU_XID, ENT_GPU, g0, 94, SEV_WARNING, "XID 94 (contained ECC error) on gpu00043 GPU 0");
	expect(f, ALERT_GPU_XID, ENT_GPU, g1, 4242, SEV_WARNING, "XID 4242 on gpu00043 GPU 1");
	expect(f, ALERT_GPU_ECC_DBE, ENT_GPU, g1, 0, SEV_CRITICAL, "2 double-bit ECC errors on gpu00043 GPU 1");
	expect(f, ALERT_GPU_ROW_REMAP_FAILED, ENT_GPU, g1, 0, SEV_CRITICAL, NULL);
	expect(f, ALERT_GPU_HOT, ENT_GPU, g2, 0, SEV_WARNING, "gpu00043 GPU 2 at 86 °C (warning at 85 °C)");
	expect(f, ALERT_GPU_HOT, ENT_GPU, g4, 0, SEV_CRITICAL, "gpu00043 GPU 4 at 91 °C (critical at 90 °C)");
	expect(f, ALERT_GPU_THROTTLE, ENT_GPU, g4, 0, SEV_WARNING, "gpu00043 GPU 4 throttled: HW thermal");
	assert_int_equal(count_active(f, -1), 9);
	char buf[64];
	EntityRef e = find(f, ALERT_GPU_XID, ENT_GPU, g3, 79)->about;
	assert_string_equal(site_entity_name(f->s, e, buf, sizeof buf), "gpu00042 GPU 3");

	/* XID changes: the old one clears, the new opens */
	site_gpu_set(f->s, g0, GF_XID, f->src, T0 + 10, 48);
	eval(f, T0 + 10);
	assert_false(find(f, ALERT_GPU_XID, ENT_GPU, g0, 94)->active);
	expect(f, ALERT_GPU_XID, ENT_GPU, g0, 48, SEV_CRITICAL, NULL);
	/* hot warning escalates in place */
	site_gpu_set(f->s, g2, GF_TEMP_C, f->src, T0 + 10, 95);
	eval(f, T0 + 20);
	const Alert *al = expect(f, ALERT_GPU_HOT, ENT_GPU, g2, 0, SEV_CRITICAL, NULL);
	assert_int_equal(al->count, 3);
	assert_int_equal(al->first_seen, T0);
}

static void test_persist_and_clear(void **state)
{
	Fx *f = *state;
	int32_t g = site_gpu_find(f->s, f->n42, 1);
	site_gpu_set(f->s, g, GF_TEMP_C, f->src, T0, 88);
	for (int i = 0; i < 5; i++)
		eval(f, T0 + 10 * i);
	const Alert *al = expect(f, ALERT_GPU_HOT, ENT_GPU, g, 0, SEV_WARNING, NULL);
	assert_int_equal(al->count, 5);
	assert_int_equal(al->first_seen, T0);
	assert_int_equal(al->last_seen, T0 + 40);
	assert_int_equal(site_view(f->s)->nalerts, 1);

	site_gpu_set(f->s, g, GF_TEMP_C, f->src, T0 + 50, 70);
	eval(f, T0 + 50);
	al = find(f, ALERT_GPU_HOT, ENT_GPU, g, 0);
	assert_non_null(al);
	assert_false(al->active);
	assert_int_equal(al->last_seen, T0 + 40);
	assert_int_equal(count_active(f, -1), 0);

	/* comes back: a new alert, the cleared one kept */
	site_gpu_set(f->s, g, GF_TEMP_C, f->src, T0 + 60, 89);
	eval(f, T0 + 60);
	al = expect(f, ALERT_GPU_HOT, ENT_GPU, g, 0, SEV_WARNING, NULL);
	assert_int_equal(al->first_seen, T0 + 60);
	assert_int_equal(al->count, 1);
	assert_int_equal(site_view(f->s)->nalerts, 2);
}

static void test_node_and_bmc(void **state)
{
	Fx *f = *state;
	site_node_set_state(f->s, f->n42, f->src, T0, NODE_DOWN, NODEF_NOT_RESPONDING, "Not responding",
	                    "slurm", T0);
	site_node_set_state(f->s, f->n43, f->src, T0, NODE_IDLE, NODEF_DRAIN, "bad DIMM", "ops", T0);
	site_node_set_bmc_addr(f->s, f->n42, "10.1.0.42");
	site_node_set_bmc_addr(f->s, f->n43, "10.1.0.43");
	site_bmc_set(f->s, f->n42, f->src, T0, true, POWER_ON, HEALTH_CRITICAL);
	site_bmc_set(f->s, f->n42, f->src, T0 + 5, false, POWER_UNKNOWN, HEALTH_UNKNOWN);
	site_bmc_set(f->s, f->n43, f->src, T0, false, POWER_UNKNOWN, HEALTH_UNKNOWN); /* never answered */
	eval(f, T0 + 10);
	expect(f, ALERT_NODE_DOWN, ENT_NODE, f->n42, 0, SEV_CRITICAL,
	       "gpu00042 down+not_responding: Not responding (slurm)");
	assert_null(find(f, ALERT_NODE_DOWN, ENT_NODE, f->n43, 0));
	expect(f, ALERT_BMC_UNREACHABLE, ENT_NODE, f->n42, 0, SEV_WARNING, "BMC of gpu00042 (10.1.0.42) not answering");
	assert_null(find(f, ALERT_BMC_UNREACHABLE, ENT_NODE, f->n43, 0));
	expect(f, ALERT_BMC_CRITICAL, ENT_NODE, f->n42, 0, SEV_CRITICAL, NULL);
	assert_int_equal(count_active(f, -1), 3);
}

static void test_cooling(void **state)
{
	Fx *f = *state;
	site_cdu_pump(f->s, f->cdu, "P1", f->src, T0, 80, true, HEALTH_OK);
	int32_t p2 = site_cdu_pump(f->s, f->cdu, "P2", f->src, T0, 0, false, HEALTH_OK);
	int32_t p3 = site_cdu_pump(f->s, f->cdu, "P3", f->src, T0, 50, true, HEALTH_CRITICAL);
	site_cdu_leak(f->s, f->cdu, "L1", T0, LEAK_OK);
	int32_t l2 = site_cdu_leak(f->s, f->cdu, "L2", T0, LEAK_WARNING);
	int32_t l3 = site_cdu_leak(f->s, f->cdu, "L3", T0, LEAK_CRITICAL);
	site_cdu_set(f->s, f->cdu, CF_SUPPLY_C, f->src, T0, 42);
	site_cdu_set(f->s, f->cdu, CF_FLOW_LPM, f->src, T0, 60);
	site_cdu_set_health(f->s, f->cdu, HEALTH_CRITICAL, "Pump P3 failure");
	eval(f, T0);
	expect(f, ALERT_CDU_PUMP_FAILED, ENT_CDU, f->cdu, p2, SEV_CRITICAL, "CDU-H1-R01 pump P2 not running");
	expect(f, ALERT_CDU_PUMP_FAILED, ENT_CDU, f->cdu, p3, SEV_CRITICAL, "CDU-H1-R01 pump P3 failed (health Critical)");
	assert_null(find(f, ALERT_CDU_PUMP_FAILED, ENT_CDU, f->cdu, 0));
	expect(f, ALERT_CDU_LEAK, ENT_CDU, f->cdu, l2, SEV_WARNING, "leak detector L2 of CDU-H1-R01: Warning");
	expect(f, ALERT_CDU_LEAK, ENT_CDU, f->cdu, l3, SEV_CRITICAL, NULL);
	expect(f, ALERT_COOLANT_SUPPLY_HOT, ENT_CDU, f->cdu, 0, SEV_WARNING, "CDU-H1-R01 supply 42.0 °C above 40.0 °C");
	expect(f, ALERT_COOLANT_FLOW_LOW, ENT_CDU, f->cdu, 0, SEV_WARNING, "CDU-H1-R01 flow 60 l/min below 100 l/min");
	expect(f, ALERT_CDU_HEALTH, ENT_CDU, f->cdu, 0, SEV_CRITICAL, "CDU-H1-R01 health Critical: Pump P3 failure");
	site_cdu_set(f->s, f->cdu, CF_SUPPLY_C, f->src, T0 + 10, 45.5f);
	eval(f, T0 + 10);
	expect(f, ALERT_COOLANT_SUPPLY_HOT, ENT_CDU, f->cdu, 0, SEV_CRITICAL, NULL);
}

static void test_power(void **state)
{
	Fx *f = *state;
	site_power_set(f->s, PF_SUPPLY_W, f->src, T0, 221.0e6f);
	site_power_set(f->s, PF_DRAW_W, f->src, T0, 233.1e6f);
	site_rack_set_budget(f->s, f->rack, 130e3f);
	site_rack_set_power(f->s, f->rack, f->src, T0, 140e3f);
	site_pdu_set(f->s, f->pdu, f->src, T0, 40e3f, 60e3f, 100, HEALTH_OK, 2);
	site_feed_set(f->s, f->feed, f->src, T0, 100e6f, 120e6f);
	eval(f, T0);
	expect(f, ALERT_POWER_HEADROOM, ENT_SITE, 0, 0, SEV_CRITICAL, "draw 233.1 MW exceeds hydro supply 221.0 MW");
	expect(f, ALERT_POWER_HEADROOM, ENT_FEED, f->feed, 0, SEV_CRITICAL, NULL);
	expect(f, ALERT_RACK_OVER_BUDGET, ENT_RACK, f->rack, 0, SEV_WARNING,
	       "rack H1-R01-K01 draws 140.0 kW, over its budget 130.0 kW");
	expect(f, ALERT_PDU_BREAKER, ENT_PDU, f->pdu, 0, SEV_CRITICAL, "PDU PDU-H1-R01-K01: 2 breakers tripped");

	/* 6 MW headroom of 221 MW is under the model's 5% margin */
	site_power_set(f->s, PF_DRAW_W, f->src, T0 + 10, 215.0e6f);
	eval(f, T0 + 10);
	const Alert *al = expect(f, ALERT_POWER_HEADROOM, ENT_SITE, 0, 0, SEV_WARNING, NULL);
	assert_int_equal(al->first_seen, T0);
	/* the model's margin takes precedence over the config */
	site_power_set_margin(f->s, 2.0f);
	eval(f, T0 + 20);
	assert_false(find(f, ALERT_POWER_HEADROOM, ENT_SITE, 0, 0)->active);
	/* margin 0 in the model: the config applies */
	site_power_set_margin(f->s, 0.0f);
	f->cfg.power_margin_pct = 10;
	eval(f, T0 + 30);
	expect(f, ALERT_POWER_HEADROOM, ENT_SITE, 0, 0, SEV_WARNING, NULL);
	/* budget 0 = no budget */
	site_rack_set_budget(f->s, f->rack, 0);
	eval(f, T0 + 40);
	assert_false(find(f, ALERT_RACK_OVER_BUDGET, ENT_RACK, f->rack, 0)->active);
}

static void test_sources(void **state)
{
	Fx *f = *state;
	SourceId never = site_source_add(f->s, "redfish cdu-h1", "redfish", 30);
	SourceId late = site_source_add(f->s, "slurm", "slurm", 30);
	SourceId idle = site_source_add(f->s, "later", "slurm", 30);
	(void)idle;
	site_source_error(f->s, never, T0, "connect to %s: refused", "10.0.0.9");
	site_source_ok(f->s, late, T0 - 100, true);
	site_source_error(f->s, late, T0 - 5, "timeout after 10s");
	alerts_evaluate(f->a, f->s, &f->cfg, T0); /* dcgm last ok at T0 - 0: fresh */
	expect(f, ALERT_SOURCE_STALE, ENT_SOURCE, never, 0, SEV_WARNING,
	       "source redfish cdu-h1 has never answered: connect to 10.0.0.9: refused");
	expect(f, ALERT_SOURCE_ERROR, ENT_SOURCE, never, 0, SEV_WARNING, "source redfish cdu-h1: connect to 10.0.0.9: refused");
	expect(f, ALERT_SOURCE_STALE, ENT_SOURCE, late, 0, SEV_WARNING,
	       "source slurm stale, last data 1m ago: timeout after 10s");
	assert_int_equal(count_active(f, ALERT_SOURCE_STALE), 2); /* "later" never tried */
	assert_int_equal(count_active(f, ALERT_SOURCE_ERROR), 2);
	site_source_ok(f->s, late, T0 + 1, true);
	site_source_ok(f->s, never, T0 + 1, true);
	eval(f, T0 + 2);
	assert_int_equal(count_active(f, -1), 0);
}

static void test_keep_cleared(void **state)
{
	Fx *f = *state;
	f->cfg.keep_cleared = 3;
	/* GPUs 0..9 each run hot for one turn, one after the other */
	for (int32_t g = 0; g < 10; g++) {
		if (g > 0)
			site_gpu_set(f->s, g - 1, GF_TEMP_C, f->src, T0 + g * 10, 50);
		site_gpu_set(f->s, g, GF_TEMP_C, f->src, T0 + g * 10, 99);
		eval(f, T0 + g * 10);
	}
	const SiteView *v = site_view(f->s);
	assert_int_equal(v->nalerts, 4); /* 1 active + 3 cleared */
	assert_true(find(f, ALERT_GPU_HOT, ENT_GPU, 9, 0)->active);
	for (int32_t g = 6; g < 9; g++)
		assert_false(find(f, ALERT_GPU_HOT, ENT_GPU, g, 0)->active);
	assert_null(find(f, ALERT_GPU_HOT, ENT_GPU, 5, 0));
}

static void test_sorted_summary(void **state)
{
	Fx *f = *state;
	site_gpu_set(f->s, 0, GF_TEMP_C, f->src, T0, 87);       /* warning, old */
	eval(f, T0);
	site_gpu_set(f->s, 1, GF_TEMP_C, f->src, T0, 95);       /* critical */
	site_gpu_set(f->s, 2, GF_TEMP_C, f->src, T0, 87);       /* warning, newer */
	eval(f, T0 + 10);
	site_gpu_set(f->s, 3, GF_TEMP_C, f->src, T0, 87);       /* cleared below */
	eval(f, T0 + 20);
	site_gpu_set(f->s, 3, GF_TEMP_C, f->src, T0, 20);
	eval(f, T0 + 30);
	const SiteView *v = site_view(f->s);
	AlertSummary sum;
	alerts_summary(v, &sum);
	assert_int_equal(sum.active[SEV_CRITICAL], 1);
	assert_int_equal(sum.active[SEV_WARNING], 2);
	assert_int_equal(sum.worst, SEV_CRITICAL);
	assert_int_equal(v->alerts[sum.worst_index].about.index, 1);
	int32_t idx[8];
	int32_t n = alerts_sorted(v, idx, 8, false);
	assert_int_equal(n, 3);
	assert_int_equal(v->alerts[idx[0]].about.index, 1);
	assert_int_equal(v->alerts[idx[1]].about.index, 2);
	assert_int_equal(v->alerts[idx[2]].about.index, 0);
	n = alerts_sorted(v, idx, 8, true);
	assert_int_equal(n, 4);
	assert_int_equal(v->alerts[idx[3]].about.index, 3);
	assert_false(v->alerts[idx[3]].active);
	assert_int_equal(alerts_sorted(v, idx, 2, true), 2);
	assert_int_equal(v->alerts[idx[1]].about.index, 2);
}

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* 12,500 nodes × 8 GPUs, every GPU measured, ~1% of them alerting. */
static void test_speed_100k(void **state)
{
	(void)state;
	Site *s = site_new("big");
	Alerts *a = alerts_new();
	AlertConfig cfg;
	alerts_config_default(&cfg);
	SourceId src = site_source_add(s, "dcgm", "prometheus", 30);
	site_source_ok(s, src, T0, true);
	int32_t row = site_row_add(s, site_hall_add(s, "H1"), "H1-R01");
	int32_t rack = site_rack_add(s, row, "H1-R01-K01");
	char name[32];
	for (int32_t i = 0; i < 12500; i++) {
		snprintf(name, sizeof name, "gpu%05d", i);
		assert_true(site_node_add(s, name, i < 64 ? rack : -1, i, 8) >= 0);
		site_node_set_state(s, i, src, T0, i % 500 == 0 ? NODE_DOWN : NODE_ALLOCATED, 0, "x", NULL, T0);
	}
	const SiteView *v = site_view(s);
	assert_int_equal(v->ngpus, 100000);
	for (int32_t g = 0; g < v->ngpus; g++) {
		site_gpu_set(s, g, GF_TEMP_C, src, T0, g % 100 == 0 ? 92.0f : 60.0f);
		site_gpu_set(s, g, GF_XID, src, T0, g % 1000 == 1 ? 79.0f : 0.0f);
		site_gpu_set(s, g, GF_THROTTLE, src, T0, THR_SW_POWER_CAP);
		site_gpu_set(s, g, GF_ECC_DBE, src, T0, 0);
	}
	double t = seconds();
	alerts_evaluate(a, s, &cfg, T0);
	double first = seconds() - t;
	int32_t n = site_view(s)->nalerts;
	int runs = 20;
	t = seconds();
	for (int i = 1; i <= runs; i++) {
		site_source_ok(s, src, T0 + i, true);
		alerts_evaluate(a, s, &cfg, T0 + i);
	}
	double steady = (seconds() - t) / runs;
	assert_int_equal(site_view(s)->nalerts, n);
	assert_int_equal(n, 1000 + 100 + 25);
	printf("alerts_evaluate at 100,000 GPUs / 12,500 nodes, %d alerts: first %.2f ms, steady %.2f ms\n",
	       n, first * 1e3, steady * 1e3);
	alerts_free(a);
	site_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rule_table),
		cmocka_unit_test_setup_teardown(test_quiet_site, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gpu_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_persist_and_clear, setup, teardown),
		cmocka_unit_test_setup_teardown(test_node_and_bmc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cooling, setup, teardown),
		cmocka_unit_test_setup_teardown(test_power, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sources, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keep_cleared, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sorted_summary, setup, teardown),
		cmocka_unit_test(test_speed_100k),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
