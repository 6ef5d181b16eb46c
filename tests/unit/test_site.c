/* Unit tests for site/site*.c: sources, topology, nodes, values, jobs, names. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "site/site.h"

static bool has_control(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7F)
			return true;
	return false;
}

static void test_sources(void **state)
{
	(void)state;
	Site *s = site_new("narvik");
	const SiteView *v = site_view(s);
	assert_string_equal(v->name, "narvik");
	assert_int_equal(v->nsources, 1);
	SourceId a = site_source_add(s, "slurm", "slurm", 60);
	SourceId b = site_source_add(s, "prometheus", "prometheus", 0);
	assert_int_equal(a, 1);
	assert_int_equal(b, 2);
	assert_int_equal(v->nsources, 3);
	assert_string_equal(v->sources[a].name, "slurm");
	assert_int_equal(v->sources[a].stale_after, 60);
	assert_int_equal(v->sources[b].stale_after, 30);   /* default */
	/* never succeeded: stale */
	assert_true(site_source_stale(s, a, 1000));
	site_source_ok(s, a, 1000, false);
	assert_true(v->sources[a].ok);
	assert_false(v->sources[a].complete);
	assert_int_equal(v->sources[a].last_ok, 1000);
	assert_false(site_source_stale(s, a, 1060));
	assert_true(site_source_stale(s, a, 1061));
	/* errors are sanitized */
	site_source_error(s, a, 1100, "HTTP %d: \x1b[31m%s\x1b[0m\n", 500, "boom\a");
	assert_false(v->sources[a].ok);
	assert_int_equal(v->sources[a].last_try, 1100);
	assert_int_equal(v->sources[a].last_ok, 1000);
	assert_string_equal(v->sources[a].error, "HTTP 500: ?[31mboom??[0m ");
	assert_false(has_control(v->sources[a].error));
	/* a long error is cut to the field */
	char big[600];
	memset(big, 'e', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	site_source_error(s, a, 1101, "%s", big);
	assert_int_equal(strlen(v->sources[a].error), SITE_ERR_MAX - 1);
	site_source_ok(s, a, 1200, true);
	assert_string_equal(v->sources[a].error, "");
	assert_true(v->sources[a].complete);
	site_source_note(s, a, "TLS verification off\x07");
	assert_string_equal(v->sources[a].note, "TLS verification off?");
	/* id 0 and unknown ids are ignored */
	site_source_ok(s, 0, 5, true);
	site_source_ok(s, 77, 5, true);
	assert_false(site_source_stale(s, 0, 1e9));
	/* full */
	int added = 0;
	while (site_source_add(s, "x", "demo", 10) != 0)
		added++;
	assert_int_equal(added, SITE_SOURCES_MAX - 3);
	assert_int_equal(v->nsources, SITE_SOURCES_MAX);
	site_free(s);
}

static void test_topology(void **state)
{
	(void)state;
	Site *s = site_new(NULL);
	const SiteView *v = site_view(s);
	assert_string_equal(v->name, "site");
	int32_t h1 = site_hall_add(s, "H1"), h2 = site_hall_add(s, "H2");
	assert_int_equal(h1, 0);
	assert_int_equal(h2, 1);
	assert_int_equal(site_hall_add(s, "H1"), -1);
	int32_t r1 = site_row_add(s, h1, "H1-R01"), r2 = site_row_add(s, h1, "H1-R02");
	int32_t r3 = site_row_add(s, h2, "H2-R01");
	assert_int_equal(site_row_add(s, h1, "H1-R01"), -1);
	assert_int_equal(site_row_add(s, 9, "H9-R01"), -1);
	assert_int_equal(v->halls[h1].first_row, r1);
	assert_int_equal(v->halls[h1].nrows, 2);
	assert_int_equal(v->halls[h2].first_row, r3);
	assert_int_equal(v->halls[h2].nrows, 1);
	int32_t k[6];
	for (int i = 0; i < 3; i++) {
		char n[32];
		snprintf(n, sizeof n, "H1-R01-K%02d", i + 1);
		k[i] = site_rack_add(s, r1, n);
		assert_int_equal(k[i], i);
		assert_int_equal(v->racks[k[i]].pos, i);
		assert_int_equal(v->racks[k[i]].row, r1);
		assert_int_equal(v->racks[k[i]].hall, h1);
		assert_int_equal(v->racks[k[i]].cdu, -1);
		assert_int_equal(v->racks[k[i]].pdu, -1);
	}
	k[3] = site_rack_add(s, r2, "H1-R02-K01");
	k[4] = site_rack_add(s, r3, "H2-R01-K01");
	assert_int_equal(site_rack_add(s, r2, "H1-R01-K02"), -1);   /* name taken */
	assert_int_equal(site_rack_add(s, 42, "nowhere"), -1);
	assert_int_equal(v->rows[r1].first_rack, 0);
	assert_int_equal(v->rows[r1].nracks, 3);
	assert_int_equal(v->rows[r2].first_rack, 3);
	assert_int_equal(v->rows[r2].nracks, 1);
	/* a CDU for a row serves every rack in it, and racks added later */
	int32_t c1 = site_cdu_add(s, "CDU-H1-R01", r1);
	assert_int_equal(c1, 0);
	assert_int_equal(site_cdu_add(s, "CDU-H1-R01", r2), -1);
	assert_int_equal(v->rows[r1].cdu, c1);
	for (int i = 0; i < 3; i++)
		assert_int_equal(v->racks[k[i]].cdu, c1);
	assert_int_equal(v->racks[k[3]].cdu, -1);
	assert_int_equal(v->racks[k[4]].cdu, -1);
	k[5] = site_rack_add(s, r1, "H1-R01-K04");
	assert_int_equal(v->racks[k[5]].cdu, c1);
	int32_t c2 = site_cdu_add(s, "CDU-free", -1);
	assert_int_equal(v->cdus[c2].row, -1);
	assert_int_equal(v->cdus[c2].loop, -1);
	/* a PDU for a rack */
	int32_t p1 = site_pdu_add(s, "PDU-K01-A", k[0]);
	assert_int_equal(v->pdus[p1].rack, k[0]);
	assert_int_equal(v->pdus[p1].breakers_tripped, -1);
	assert_int_equal(v->racks[k[0]].pdu, p1);
	assert_int_equal(v->racks[k[1]].pdu, -1);
	assert_int_equal(site_pdu_add(s, "PDU-K01-A", k[1]), -1);
	int32_t p2 = site_pdu_add(s, "PDU-loose", 99);
	assert_int_equal(v->pdus[p2].rack, -1);
	site_rack_set_pdu(s, k[1], p2);
	assert_int_equal(v->racks[k[1]].pdu, p2);
	site_rack_set_pdu(s, k[1], 17);             /* no such PDU: unchanged */
	assert_int_equal(v->racks[k[1]].pdu, p2);
	site_rack_set_cdu(s, k[3], c2);
	assert_int_equal(v->racks[k[3]].cdu, c2);
	site_rack_set_budget(s, k[0], 120000);
	assert_true(v->racks[k[0]].budget_w == 120000);
	int32_t l = site_loop_add(s, "loop-H1");
	site_cdu_set_loop(s, c1, l);
	assert_int_equal(v->cdus[c1].loop, l);
	site_cdu_set_loop(s, c1, 5);
	assert_int_equal(v->cdus[c1].loop, l);
	assert_int_equal(site_feed_add(s, "hydro"), 0);
	assert_string_equal(v->feeds[0].name, "hydro");
	/* finds */
	assert_int_equal(site_hall_find(s, "H2"), h2);
	assert_int_equal(site_row_find(s, "H1-R02"), r2);
	assert_int_equal(site_rack_find(s, "H1-R01-K04"), k[5]);
	assert_int_equal(site_cdu_find(s, "CDU-free"), c2);
	assert_int_equal(site_pdu_find(s, "PDU-loose"), p2);
	assert_int_equal(site_hall_find(s, "H3"), -1);
	assert_int_equal(site_rack_find(s, "h1-r01-k01"), -1);
	assert_int_equal(site_rack_find(s, NULL), -1);
	assert_int_equal(site_cdu_find(s, ""), -1);
	/* names are sanitized, and unique as stored */
	int32_t hx = site_hall_add(s, "H\x1b[2J");
	assert_string_equal(v->halls[hx].name, "H?[2J");
	assert_int_equal(site_hall_add(s, "H\x07[2J"), -1);
	assert_int_equal(site_rack_add(s, r1, "K\x01"), k[5] + 1);
	assert_int_equal(site_rack_add(s, r1, "K\x02"), -1);
	assert_int_equal(site_rack_find(s, "K?"), k[5] + 1);
	site_free(s);
}

static void test_nodes(void **state)
{
	(void)state;
	Site *s = site_new("t");
	const SiteView *v = site_view(s);
	int32_t h = site_hall_add(s, "H1");
	int32_t r = site_row_add(s, h, "R1");
	int32_t k = site_rack_add(s, r, "K1");
	/* added out of slot order; rack->nodes keeps slot order */
	int32_t n3 = site_node_add(s, "gpu00003", k, 3, 8);
	int32_t n1 = site_node_add(s, "gpu00001", k, 1, 8);
	int32_t n2 = site_node_add(s, "gpu00002", k, 2, 4);
	int32_t n0 = site_node_add(s, "gpu00000", k, 0, 0);
	assert_int_equal(n3, 0);
	assert_int_equal(n0, 3);
	assert_int_equal(v->racks[k].nnodes, 4);
	assert_int_equal(v->racks[k].nodes[0], n0);
	assert_int_equal(v->racks[k].nodes[1], n1);
	assert_int_equal(v->racks[k].nodes[2], n2);
	assert_int_equal(v->racks[k].nodes[3], n3);
	/* GPUs contiguous per node */
	assert_int_equal(v->ngpus, 20);
	assert_int_equal(v->nodes[n3].first_gpu, 0);
	assert_int_equal(v->nodes[n1].first_gpu, 8);
	assert_int_equal(v->nodes[n2].first_gpu, 16);
	assert_int_equal(v->nodes[n2].ngpus, 4);
	assert_int_equal(v->nodes[n0].ngpus, 0);
	for (int32_t n = 0; n < v->nnodes; n++)
		for (int32_t g = 0; g < v->nodes[n].ngpus; g++) {
			int32_t gi = site_gpu_find(s, n, g);
			assert_int_equal(gi, v->nodes[n].first_gpu + g);
			assert_int_equal(v->gpus[gi].node, n);
			assert_int_equal(v->gpus[gi].index, g);
			assert_true(v->gpus[gi].present);
		}
	assert_int_equal(site_gpu_find(s, n2, 4), -1);
	assert_int_equal(site_gpu_find(s, n2, -1), -1);
	assert_int_equal(site_gpu_find(s, 99, 0), -1);
	assert_int_equal(v->nodes[n1].rack, k);
	assert_int_equal(v->nodes[n1].slot, 1);
	assert_int_equal(v->nodes[n1].gpus_alloc, -1);
	assert_int_equal(v->nodes[n1].pdu, -1);
	/* refused: duplicate, empty name, bad rack, bad GPU count */
	assert_int_equal(site_node_add(s, "gpu00001", k, 9, 8), -1);
	assert_int_equal(site_node_add(s, "", k, 9, 8), -1);
	assert_int_equal(site_node_add(s, "x", 5, 0, 8), -1);
	assert_int_equal(site_node_add(s, "x", k, 0, -1), -1);
	assert_int_equal(site_node_add(s, "x", k, 0, 65), -1);
	assert_int_equal(v->nnodes, 4);
	/* ensure: finds, or adds unplaced */
	assert_int_equal(site_node_ensure(s, "gpu00002", 8), n2);
	int32_t u = site_node_ensure(s, "stray01", 2);
	assert_int_equal(u, 4);
	assert_int_equal(v->nodes[u].rack, -1);
	assert_int_equal(v->nodes[u].slot, -1);
	assert_int_equal(v->nodes[u].ngpus, 2);
	assert_int_equal(v->racks[k].nnodes, 4);
	assert_int_equal(site_node_ensure(s, "stray01", 8), u);
	/* names with escapes are sanitized and found by the clean name */
	int32_t e = site_node_ensure(s, "\x1b[31mevil", 1);
	assert_string_equal(v->nodes[e].name, "?[31mevil");
	assert_false(has_control(v->nodes[e].name));
	assert_int_equal(site_node_find(s, "?[31mevil"), e);
	assert_int_equal(site_node_ensure(s, "\x1b[31mevil", 1), e);
	assert_int_equal(site_node_add(s, "\x07[31mevil", -1, -1, 0), -1);
	assert_int_equal(site_node_find(s, "nope"), -1);
	site_node_set_bmc_addr(s, n1, "https://10.0.0.1\n");
	assert_string_equal(v->nodes[n1].bmc.addr, "https://10.0.0.1 ");
	site_free(s);
}

static void test_many_nodes(void **state)
{
	(void)state;
	Site *s = site_new("big");
	const SiteView *v = site_view(s);
	int32_t h = site_hall_add(s, "H1");
	int32_t r = site_row_add(s, h, "R1");
	int32_t k = -1;
	enum { N = 12500 };
	for (int i = 0; i < N; i++) {
		char name[32];
		if (i % 8 == 0) {
			snprintf(name, sizeof name, "K%05d", i / 8);
			k = site_rack_add(s, r, name);
			assert_true(k >= 0);
		}
		snprintf(name, sizeof name, "gpu%05d", i + 1);
		assert_int_equal(site_node_add(s, name, k, i % 8, 8), i);
	}
	assert_int_equal(v->nnodes, N);
	assert_int_equal(v->ngpus, N * 8);
	for (int i = 0; i < N; i++) {
		char name[32];
		snprintf(name, sizeof name, "gpu%05d", i + 1);
		assert_int_equal(site_node_find(s, name), i);
		assert_string_equal(v->nodes[i].name, name);
		assert_int_equal(v->nodes[i].first_gpu, i * 8);
	}
	assert_int_equal(site_node_find(s, "gpu12501"), -1);
	assert_int_equal(site_node_find(s, "gpu00000"), -1);
	assert_int_equal(site_rack_find(s, "K01562"), 1562);
	assert_int_equal(v->racks[1562].nnodes, 4);
	site_free(s);
}

static void test_vals(void **state)
{
	(void)state;
	Site *s = site_new("t");
	const SiteView *v = site_view(s);
	int32_t n = site_node_add(s, "gpu01", -1, -1, 2);
	int32_t g = site_gpu_find(s, n, 1);
	for (int f = 0; f < GF_COUNT; f++) {
		const Val *x = &v->gpus[g].temp_c + f;  /* fields in GpuField order */
		assert_false(val_known(*x));
		assert_true(x->v == 0);
	}
	/* NaN keeps it unknown */
	site_gpu_set(s, g, GF_TEMP_C, 1, 1000, NAN);
	assert_false(val_known(v->gpus[g].temp_c));
	/* each field lands in its own place */
	for (int f = 0; f < GF_COUNT; f++)
		site_gpu_set(s, g, (GpuField)f, 2, 1000 + f, 10.0f + (float)f);
	const Val *vals[GF_COUNT] = {
		&v->gpus[g].temp_c, &v->gpus[g].mem_temp_c, &v->gpus[g].power_w, &v->gpus[g].util_pct,
		&v->gpus[g].mem_util_pct, &v->gpus[g].fb_used_mib, &v->gpus[g].fb_free_mib,
		&v->gpus[g].xid, &v->gpus[g].ecc_dbe, &v->gpus[g].ecc_sbe, &v->gpus[g].remapped_rows,
		&v->gpus[g].row_remap_failed, &v->gpus[g].nvlink_errors, &v->gpus[g].throttle,
		&v->gpus[g].energy_j, &v->gpus[g].sm_clock_mhz,
	};
	for (int f = 0; f < GF_COUNT; f++) {
		if (!val_known(*vals[f]) || vals[f]->v != 10.0f + (float)f || vals[f]->at != (uint32_t)(1000 + f) ||
		    vals[f]->src != 2)
			fail_msg("field %s: v %g at %u src %u", site_gpu_field_name((GpuField)f),
			         (double)vals[f]->v, vals[f]->at, vals[f]->src);
	}
	/* the other GPU untouched */
	assert_false(val_known(v->gpus[g - 1].temp_c));
	/* a later NaN keeps the last known value */
	site_gpu_set(s, g, GF_POWER_W, 3, 2000, NAN);
	assert_true(v->gpus[g].power_w.v == 12.0f);
	assert_int_equal(v->gpus[g].power_w.at, 1002);
	/* zero is a known value, not unknown */
	site_gpu_set(s, g, GF_XID, 2, 3000, 0);
	assert_true(val_known(v->gpus[g].xid));
	assert_true(v->gpus[g].xid.v == 0);
	/* now == 0 still marks it known */
	site_gpu_set(s, g - 1, GF_UTIL_PCT, 2, 0, 55);
	assert_true(val_known(v->gpus[g - 1].util_pct));
	/* out of range: ignored */
	site_gpu_set(s, 99, GF_TEMP_C, 2, 1000, 50);
	site_gpu_set(s, g, GF_COUNT, 2, 1000, 50);
	site_gpu_set_present(s, g, false);
	assert_false(v->gpus[g].present);
	assert_string_equal(site_gpu_field_name(GF_TEMP_C), "temp_c");
	assert_string_equal(site_gpu_field_name(GF_SM_CLOCK_MHZ), "sm_clock_mhz");
	assert_string_equal(site_gpu_field_name(GF_COUNT), "?");
	/* node load */
	site_node_set_load(s, n, 1, 500, NAN, 0);
	assert_false(val_known(v->nodes[n].load));
	site_node_set_load(s, n, 1, 500, 3.5f, 400);
	assert_true(v->nodes[n].load.v == 3.5f);
	assert_int_equal(v->nodes[n].boot_time, 400);
	site_free(s);
}

static void test_bmc(void **state)
{
	(void)state;
	Site *s = site_new("t");
	const SiteView *v = site_view(s);
	int32_t n = site_node_add(s, "gpu01", -1, -1, 0);
	assert_int_equal(v->nodes[n].bmc.power, POWER_UNKNOWN);
	site_bmc_set(s, n, 3, 100, true, POWER_ON, HEALTH_OK);
	assert_true(v->nodes[n].bmc.reachable);
	assert_int_equal(v->nodes[n].bmc.at, 100);
	assert_int_equal(v->nodes[n].bmc.power, POWER_ON);
	assert_int_equal(v->nodes[n].bmc.health, HEALTH_OK);
	/* unreachable: keeps the last power state and when it was seen */
	site_bmc_set(s, n, 3, 200, false, POWER_OFF, HEALTH_CRITICAL);
	assert_false(v->nodes[n].bmc.reachable);
	assert_int_equal(v->nodes[n].bmc.at, 100);
	assert_int_equal(v->nodes[n].bmc.power, POWER_ON);
	assert_int_equal(v->nodes[n].bmc.health, HEALTH_OK);
	site_bmc_set(s, n, 3, 300, true, POWER_POWERING_OFF, HEALTH_WARNING);
	assert_int_equal(v->nodes[n].bmc.power, POWER_POWERING_OFF);
	site_bmc_set_sensors(s, n, 3, 300, 24.5f, NAN);
	assert_true(v->nodes[n].bmc.inlet_c.v == 24.5f);
	assert_false(val_known(v->nodes[n].bmc.power_w));
	site_bmc_set_reset_types(s, n, "On,ForceOff,\x1bPowerCycle");
	assert_string_equal(v->nodes[n].bmc.reset_types, "On,ForceOff,?PowerCycle");
	site_bmc_set_boot_progress(s, n, "OSRunning");
	assert_string_equal(v->nodes[n].bmc.boot_progress, "OSRunning");
	site_bmc_set(s, 42, 3, 300, true, POWER_ON, HEALTH_OK);  /* ignored */
	site_free(s);
}

static void test_power_history(void **state)
{
	(void)state;
	Site *s = site_new("t");
	const SiteView *v = site_view(s);
	const PowerHistory *h = v->history;
	assert_int_equal(h->len, 0);
	assert_int_equal(h->step, 10);
	assert_false(val_known(v->power->draw_w));
	assert_true(v->power->margin_pct == 5.0f);
	site_power_set_margin(s, 150);     /* out of range: unchanged */
	assert_true(v->power->margin_pct == 5.0f);
	site_power_set_margin(s, 8);
	assert_true(v->power->margin_pct == 8.0f);
	site_power_set(s, PF_SUPPLY_W, 1, 100, 250e6f);
	site_power_set(s, PF_IT_W, 1, 100, 180e6f);
	site_power_set(s, PF_COOLING_W, 1, 100, 12e6f);
	site_power_set(s, PF_CURTAILMENT_W, 1, 100, 0);
	assert_true(v->power->supply_w.v == 250e6f);
	assert_true(v->power->it_w.v == 180e6f);
	assert_true(v->power->cooling_w.v == 12e6f);
	assert_true(val_known(v->power->curtailment_w));
	/* draw unknown at first: NaN in the history */
	site_history_sample(s, 1000);
	assert_int_equal(h->len, 1);
	assert_int_equal(h->head, 0);
	assert_int_equal(h->t0, 1000);
	assert_true(isnan(h->draw_w[0]));
	assert_true(h->supply_w[0] == 250e6f);
	assert_true(h->it_w[0] == 180e6f);
	for (int i = 1; i < SITE_HISTORY_LEN + 5; i++) {
		site_power_set(s, PF_DRAW_W, 1, 1000 + i * 10, (float)i);
		site_history_sample(s, 1000 + i * 10);
	}
	assert_int_equal(h->len, SITE_HISTORY_LEN);
	assert_int_equal(h->head, 5);
	assert_int_equal(h->t0, 1000 + 5 * 10);
	/* oldest first: sample i sits at ring index i % LEN */
	for (int j = 0; j < SITE_HISTORY_LEN; j++) {
		int slot = (h->head + j) % SITE_HISTORY_LEN;
		if (h->draw_w[slot] != (float)(j + 5))
			fail_msg("sample %d: %g", j, (double)h->draw_w[slot]);
	}
	/* the newest is the last sample taken */
	assert_true(h->draw_w[(h->head + h->len - 1) % SITE_HISTORY_LEN] == (float)(SITE_HISTORY_LEN + 4));
	/* feeds, racks, PDUs */
	int32_t f = site_feed_add(s, "hydro");
	site_feed_set(s, f, 1, 5, 300e6f, NAN);
	assert_true(v->feeds[f].capacity_w.v == 300e6f);
	assert_false(val_known(v->feeds[f].draw_w));
	int32_t hh = site_hall_add(s, "H"), r = site_row_add(s, hh, "R"), k = site_rack_add(s, r, "K");
	site_rack_set_power(s, k, 1, 5, 95000);
	assert_true(v->racks[k].power_w.v == 95000);
	int32_t p = site_pdu_add(s, "P", k);
	site_pdu_set(s, p, 1, 5, 40000, 60000, NAN, HEALTH_WARNING, 1);
	assert_true(v->pdus[p].power_w.v == 40000);
	assert_true(v->pdus[p].capacity_w.v == 60000);
	assert_false(val_known(v->pdus[p].energy_kwh));
	assert_int_equal(v->pdus[p].health, HEALTH_WARNING);
	assert_int_equal(v->pdus[p].breakers_tripped, 1);
	site_free(s);
}

static void test_cooling(void **state)
{
	(void)state;
	Site *s = site_new("t");
	const SiteView *v = site_view(s);
	int32_t c = site_cdu_add(s, "CDU1", -1);
	/* pumps: found or added by name, capped */
	assert_int_equal(site_cdu_pump(s, c, "P1", 1, 10, 60, true, HEALTH_OK), 0);
	assert_int_equal(site_cdu_pump(s, c, "P2", 1, 10, 0, false, HEALTH_CRITICAL), 1);
	assert_int_equal(site_cdu_pump(s, c, "P1", 1, 20, 75, true, HEALTH_WARNING), 0);
	assert_int_equal(v->cdus[c].npumps, 2);
	assert_true(v->cdus[c].pumps[0].speed_pct.v == 75);
	assert_int_equal(v->cdus[c].pumps[0].health, HEALTH_WARNING);
	assert_false(v->cdus[c].pumps[1].running);
	for (int i = 2; i < CDU_PUMPS_MAX; i++) {
		char n[8];
		snprintf(n, sizeof n, "P%d", i + 1);
		assert_int_equal(site_cdu_pump(s, c, n, 1, 10, 50, true, HEALTH_OK), i);
	}
	assert_int_equal(site_cdu_pump(s, c, "P-extra", 1, 10, 50, true, HEALTH_OK), -1);
	assert_int_equal(v->cdus[c].npumps, CDU_PUMPS_MAX);
	assert_int_equal(site_cdu_pump(s, c, "P2", 1, 30, 40, true, HEALTH_OK), 1);  /* still found */
	assert_int_equal(site_cdu_pump(s, 5, "P1", 1, 10, 50, true, HEALTH_OK), -1);
	/* leaks likewise */
	for (int i = 0; i < CDU_LEAKS_MAX; i++) {
		char n[8];
		snprintf(n, sizeof n, "L%d", i);
		assert_int_equal(site_cdu_leak(s, c, n, 100, LEAK_OK), i);
	}
	assert_int_equal(site_cdu_leak(s, c, "L-extra", 100, LEAK_CRITICAL), -1);
	assert_int_equal(site_cdu_leak(s, c, "L3", 200, LEAK_CRITICAL), 3);
	assert_int_equal(v->cdus[c].nleaks, CDU_LEAKS_MAX);
	assert_int_equal(v->cdus[c].leaks[3].state, LEAK_CRITICAL);
	assert_int_equal(v->cdus[c].leaks[3].at, 200);
	/* names are sanitized before matching */
	int32_t c2 = site_cdu_add(s, "CDU2", -1);
	assert_int_equal(site_cdu_leak(s, c2, "tray\x1b", 1, LEAK_OK), 0);
	assert_int_equal(site_cdu_leak(s, c2, "tray\x07", 1, LEAK_WARNING), 0);
	assert_string_equal(v->cdus[c2].leaks[0].name, "tray?");
	/* fields */
	for (int f = 0; f < CF_COUNT; f++)
		site_cdu_set(s, c, (CduField)f, 1, 50, 20.0f + (float)f);
	assert_true(v->cdus[c].supply_c.v == 20);
	assert_true(v->cdus[c].return_c.v == 21);
	assert_true(v->cdus[c].flow_lpm.v == 22);
	assert_true(v->cdus[c].dp_kpa.v == 23);
	assert_true(v->cdus[c].prim_supply_c.v == 24);
	assert_true(v->cdus[c].prim_return_c.v == 25);
	assert_true(v->cdus[c].heat_w.v == 26);
	site_cdu_set_health(s, c, HEALTH_WARNING, "Pump 2\x1b[0m degraded");
	assert_string_equal(v->cdus[c].conditions, "Pump 2?[0m degraded");
	int32_t l = site_loop_add(s, "loop");
	site_loop_set(s, l, 1, 5, 18, NAN, 3e6f);
	assert_true(v->loops[l].supply_c.v == 18);
	assert_false(val_known(v->loops[l].return_c));
	assert_true(v->loops[l].heat_reuse_w.v == 3e6f);
	site_free(s);
}

static Job mkjob(uint32_t id, const char *name, int32_t *nodes, int32_t nnodes)
{
	Job j;
	memset(&j, 0, sizeof j);
	j.id = id;
	snprintf(j.name, sizeof j.name, "%s", name);
	snprintf(j.user, sizeof j.user, "alice");
	j.state = JOB_RUNNING;
	j.nodes = nodes;
	j.nnodes = nnodes;
	j.time_limit_min = -1;
	return j;
}

static void test_jobs(void **state)
{
	(void)state;
	Site *s = site_new("t");
	const SiteView *v = site_view(s);
	int32_t na[3] = { 4, 5, 6 };
	site_jobs_begin(s);
	for (uint32_t id = 100; id < 110; id++) {
		char n[32];
		snprintf(n, sizeof n, "train-%u", id);
		Job j = mkjob(id, n, na, (int32_t)(id % 3) + 1);
		assert_int_equal(site_job_set(s, &j), (int32_t)(id - 100));
	}
	site_jobs_end(s);
	assert_int_equal(v->njobs, 10);
	/* the node array is copied, not borrowed */
	na[0] = 99;
	assert_int_equal(v->jobs[0].nodes[0], 4);
	assert_ptr_not_equal(v->jobs[0].nodes, na);
	assert_int_equal(v->jobs[1].nnodes, 3);     /* id 101 */
	assert_int_equal(v->jobs[1].nodes[2], 6);
	/* strings sanitized */
	site_jobs_begin(s);
	for (uint32_t id = 100; id < 110; id++) {
		if (id % 2)
			continue;                               /* odd ids vanish */
		Job j = mkjob(id, id == 104 ? "evil\x1b[2J" : "kept", na, 2);
		site_job_set(s, &j);
	}
	site_jobs_end(s);
	assert_int_equal(v->njobs, 5);
	for (int32_t i = 0; i < v->njobs; i++) {
		assert_int_equal(v->jobs[i].id % 2, 0);
		assert_int_equal(site_job_find(s, v->jobs[i].id), i);
		assert_int_equal(v->jobs[i].nnodes, 2);
		assert_int_equal(v->jobs[i].nodes[0], 99);
	}
	for (uint32_t id = 101; id < 110; id += 2)
		assert_int_equal(site_job_find(s, id), -1);
	int32_t e = site_job_find(s, 104);
	assert_string_equal(v->jobs[e].name, "evil?[2J");
	assert_string_equal(v->jobs[e].user, "alice");
	/* a job with no nodes */
	site_jobs_begin(s);
	Job j0 = mkjob(500, "pending", NULL, 0);
	j0.state = JOB_PENDING;
	int32_t i0 = site_job_set(s, &j0);
	site_jobs_end(s);
	assert_int_equal(i0, 5);                   /* appended, then compacted */
	assert_int_equal(v->njobs, 1);
	assert_int_equal(site_job_find(s, 500), 0);
	assert_int_equal(site_job_find(s, 104), -1);
	assert_null(v->jobs[0].nodes);
	assert_int_equal(v->jobs[0].nnodes, 0);
	site_job_set_state(s, 500, JOB_RUNNING, "None");
	assert_int_equal(v->jobs[0].state, JOB_RUNNING);
	assert_string_equal(v->jobs[0].reason, "None");
	site_job_set_state(s, 501, JOB_FAILED, NULL);     /* unknown id: ignored */
	/* an empty begin..end removes everything */
	site_jobs_begin(s);
	site_jobs_end(s);
	assert_int_equal(v->njobs, 0);
	assert_int_equal(site_job_find(s, 500), -1);
	/* partitions and accounts: found or added */
	assert_int_equal(site_partition_set(s, "gpu", 100, 800, true), 0);
	assert_int_equal(site_partition_set(s, "debug", 2, 16, false), 1);
	assert_int_equal(site_partition_set(s, "gpu", 90, 720, true), 0);
	assert_int_equal(v->npartitions, 2);
	assert_int_equal(v->partitions[0].total_gpus, 720);
	assert_int_equal(site_partition_find(s, "debug"), 1);
	assert_int_equal(site_account_set(s, "startup-a", 10, "startup"), 0);
	assert_int_equal(site_account_find(s, "startup-a"), 0);
	assert_string_equal(v->accounts[0].kind, "startup");
	site_free(s);
}

static void test_generation(void **state)
{
	(void)state;
	Site *s = site_new("t");
	const SiteView *v = site_view(s);
	uint64_t g = v->generation;
	site_touch(s, 12345);
	assert_true(v->generation > g);
	assert_int_equal(v->now, 12345);
	g = v->generation;
	int32_t n = site_node_add(s, "n1", -1, -1, 1);
	assert_true(v->generation > g);
	g = v->generation;
	site_gpu_set(s, 0, GF_TEMP_C, 1, 5, 40);
	assert_true(v->generation > g);
	g = v->generation;
	site_node_set_state(s, n, 1, 5, NODE_IDLE, 0, NULL, NULL, 0);
	assert_true(v->generation > g);
	g = v->generation;
	site_set_read_only(s, true);
	assert_true(v->read_only);
	assert_true(v->generation > g);
	g = v->generation;
	site_jobs_begin(s);
	site_jobs_end(s);
	assert_true(v->generation > g);
	g = v->generation;
	site_history_sample(s, 10);
	assert_true(v->generation > g);
	site_free(s);
}

static const char *state_text(NodeBase base, uint32_t flags, uint32_t at)
{
	static char buf[128];
	Node n;
	memset(&n, 0, sizeof n);
	n.base = base;
	n.flags = flags;
	n.sched_at = at;
	return site_node_state_text(&n, buf, sizeof buf);
}

static void test_state_text(void **state)
{
	(void)state;
	assert_string_equal(state_text(NODE_IDLE, 0, 1), "idle");
	assert_string_equal(state_text(NODE_ALLOCATED, 0, 1), "alloc");
	assert_string_equal(state_text(NODE_IDLE, NODEF_DRAIN, 1), "drained");
	assert_string_equal(state_text(NODE_ALLOCATED, NODEF_DRAIN, 1), "draining");
	assert_string_equal(state_text(NODE_MIXED, NODEF_DRAIN, 1), "draining");
	assert_string_equal(state_text(NODE_DOWN, NODEF_DRAIN, 1), "down+drain");
	assert_string_equal(state_text(NODE_MIXED, NODEF_NOT_RESPONDING, 1), "mixed+not_responding");
	assert_string_equal(state_text(NODE_DOWN, NODEF_DRAIN | NODEF_NOT_RESPONDING, 1),
	                    "down+drain+not_responding");
	assert_string_equal(state_text(NODE_IDLE, NODEF_MAINTENANCE | NODEF_RESERVED, 1), "idle+maint+reserved");
	assert_string_equal(state_text(NODE_IDLE, 0, 0), "unknown");
	assert_string_equal(state_text((NodeBase)42, 0, 1), "unknown");
	/* a short buffer is cut, still terminated */
	Node n;
	memset(&n, 0, sizeof n);
	n.base = NODE_DOWN;
	n.sched_at = 1;
	n.flags = NODEF_DRAIN | NODEF_NOT_RESPONDING | NODEF_REBOOT_REQUESTED | NODEF_FAIL;
	char small[12];
	site_node_state_text(&n, small, sizeof small);
	assert_string_equal(small, "down+drain+");
	site_node_state_text(&n, small, 1);
	assert_string_equal(small, "");
}

static NodeClass cls(NodeBase base, uint32_t flags, uint32_t at)
{
	Node n;
	memset(&n, 0, sizeof n);
	n.base = base;
	n.flags = flags;
	n.sched_at = at;
	return site_node_class(&n);
}

static void test_node_class(void **state)
{
	(void)state;
	assert_int_equal(cls(NODE_UNKNOWN, 0, 0), NODE_CLASS_UNKNOWN);
	assert_int_equal(cls(NODE_IDLE, 0, 1), NODE_CLASS_UP);
	assert_int_equal(cls(NODE_ALLOCATED, 0, 1), NODE_CLASS_UP);
	assert_int_equal(cls(NODE_MIXED, 0, 1), NODE_CLASS_UP);
	assert_int_equal(cls(NODE_IDLE, NODEF_DRAIN, 1), NODE_CLASS_DRAINED);
	assert_int_equal(cls(NODE_ALLOCATED, NODEF_MAINTENANCE, 1), NODE_CLASS_DRAINED);
	assert_int_equal(cls(NODE_IDLE, NODEF_REBOOT_ISSUED, 1), NODE_CLASS_DRAINED);
	assert_int_equal(cls(NODE_DOWN, 0, 1), NODE_CLASS_DOWN);
	assert_int_equal(cls(NODE_ERROR, 0, 1), NODE_CLASS_DOWN);
	assert_int_equal(cls(NODE_DOWN, NODEF_DRAIN, 1), NODE_CLASS_DOWN);
	assert_int_equal(cls(NODE_IDLE, NODEF_NOT_RESPONDING, 1), NODE_CLASS_DOWN);
	assert_int_equal(cls(NODE_IDLE, NODEF_POWERED_DOWN, 1), NODE_CLASS_DOWN);
	assert_int_equal(cls(NODE_FUTURE, 0, 1), NODE_CLASS_UNKNOWN);
	assert_int_equal(cls(NODE_UNKNOWN, 0, 1), NODE_CLASS_UNKNOWN);
}

static void test_names(void **state)
{
	(void)state;
	Site *s = site_new("narvik");
	int32_t h = site_hall_add(s, "H1");
	int32_t r = site_row_add(s, h, "H1-R01");
	int32_t k = site_rack_add(s, r, "H1-R01-K01");
	int32_t n = site_node_add(s, "gpu00042", k, 0, 8);
	int32_t c = site_cdu_add(s, "CDU-1", r);
	int32_t p = site_pdu_add(s, "PDU-1", k);
	int32_t f = site_feed_add(s, "hydro");
	SourceId src = site_source_add(s, "slurm", "slurm", 30);
	char buf[64];
	static const struct { EntityKind kind; int32_t index; const char *want; } cases[] = {
		{ ENT_SITE, 0, "narvik" }, { ENT_HALL, 0, "H1" }, { ENT_ROW, 0, "H1-R01" },
		{ ENT_RACK, 0, "H1-R01-K01" }, { ENT_NODE, 0, "gpu00042" }, { ENT_GPU, 3, "gpu00042 GPU 3" },
		{ ENT_CDU, 0, "CDU-1" }, { ENT_PDU, 0, "PDU-1" }, { ENT_FEED, 0, "hydro" },
		{ ENT_SOURCE, 1, "slurm" }, { ENT_JOB, 4242, "job 4242" },
		{ ENT_HALL, 7, "?" }, { ENT_NODE, -1, "?" }, { ENT_GPU, 8, "?" }, { ENT_SOURCE, 0, "?" },
		{ ENT_CDU, 1, "?" },
	};
	(void)n; (void)c; (void)p; (void)f; (void)src;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		EntityRef e = { cases[i].kind, cases[i].index };
		const char *got = site_entity_name(s, e, buf, sizeof buf);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("%s %d: \"%s\", want \"%s\"", site_entity_kind_name(cases[i].kind),
			         cases[i].index, got, cases[i].want);
	}
	/* job ids are unsigned */
	EntityRef big = { ENT_JOB, (int32_t)3000000000u };
	assert_string_equal(site_entity_name(s, big, buf, sizeof buf), "job 3000000000");
	assert_string_equal(site_entity_kind_name(ENT_GPU), "gpu");
	assert_string_equal(site_entity_kind_name(ENT_JOB), "job");
	assert_string_equal(site_entity_kind_name((EntityKind)99), "?");
	assert_string_equal(site_node_base_name(NODE_ALLOCATED), "alloc");
	assert_string_equal(site_job_state_name(JOB_NODE_FAIL), "NODE_FAIL");
	assert_string_equal(site_job_state_name(JOB_STATE_COUNT), "UNKNOWN");
	assert_string_equal(site_severity_name(SEV_CRITICAL), "critical");
	assert_string_equal(site_severity_name(SEV_NONE), "none");
	assert_string_equal(site_health_name(HEALTH_WARNING), "Warning");
	assert_string_equal(site_health_name(HEALTH_UNKNOWN), "unknown");
	assert_string_equal(site_power_state_name(POWER_POWERING_ON), "PoweringOn");
	assert_string_equal(site_leak_name(LEAK_CRITICAL), "Critical");
	site_free(s);
}

/* Backfilled samples land on the ring's grid, before and after what is there,
 * and live samples still append after the newest. */
static void test_history_set(void **state)
{
	(void)state;
	Site *s = site_new("h");
	assert_non_null(s);
	const PowerHistory *h = site_view(s)->history;
	int32_t step = h->step;
	site_history_set(s, PF_DRAW_W, 10000, 5.0f);
	assert_int_equal(h->len, 1);
	assert_int_equal(h->t0, 10000);
	site_history_set(s, PF_DRAW_W, 10000 - 2 * step, 3.0f);     /* two slots earlier */
	assert_int_equal(h->len, 3);
	assert_int_equal(h->t0, 10000 - 2 * step);
	assert_float_equal(h->draw_w[h->head], 3.0f, 0.0f);
	assert_true(isnan(h->draw_w[(h->head + 1) % SITE_HISTORY_LEN]));
	assert_float_equal(h->draw_w[(h->head + 2) % SITE_HISTORY_LEN], 5.0f, 0.0f);
	site_history_set(s, PF_SUPPLY_W, 10000 + step + 1, 9.0f);  /* nearest slot after */
	assert_int_equal(h->len, 4);
	assert_float_equal(h->supply_w[(h->head + 3) % SITE_HISTORY_LEN], 9.0f, 0.0f);
	site_history_set(s, PF_DRAW_W, 10000 - (int64_t)SITE_HISTORY_LEN * step * 2, 1.0f); /* too old */
	assert_int_equal(h->len, 4);
	site_power_set(s, PF_DRAW_W, 1, 10000, 7.0f);
	site_history_sample(s, 10000 + 2 * step);
	assert_int_equal(h->len, 5);
	assert_float_equal(h->draw_w[(h->head + 4) % SITE_HISTORY_LEN], 7.0f, 0.0f);
	site_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sources),
		cmocka_unit_test(test_topology),
		cmocka_unit_test(test_nodes),
		cmocka_unit_test(test_many_nodes),
		cmocka_unit_test(test_vals),
		cmocka_unit_test(test_bmc),
		cmocka_unit_test(test_power_history),
		cmocka_unit_test(test_cooling),
		cmocka_unit_test(test_jobs),
		cmocka_unit_test(test_generation),
		cmocka_unit_test(test_state_text),
		cmocka_unit_test(test_node_class),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_history_set),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
