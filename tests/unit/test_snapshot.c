/* Unit tests for site/snapshot.c: JSON parsed back with cJSON, fleet form, text, check. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "site/alerts.h"
#include "site/snapshot.h"

#define T0 1700000000

/* A small site: two nodes of 4 GPUs, some values known and some not. */
static Site *small_site(const char *name)
{
	Site *s = site_new(name);
	assert_non_null(s);
	SourceId dcgm = site_source_add(s, "dcgm", "prometheus", 30);
	SourceId slurm = site_source_add(s, "slurm", "slurm", 30);
	site_source_ok(s, dcgm, T0 - 5, true);
	site_source_error(s, slurm, T0 - 1, "HTTP 503 from \"slurmrestd\"");
	site_source_note(s, dcgm, "TLS verification off");
	int32_t h = site_hall_add(s, "H1");
	int32_t r = site_row_add(s, h, "H1-R01");
	int32_t k = site_rack_add(s, r, "H1-R01-K01");
	int32_t cdu = site_cdu_add(s, "CDU-H1-R01", r);
	int32_t pdu = site_pdu_add(s, "PDU-1", k);
	site_rack_set_cdu(s, k, cdu);
	site_rack_set_pdu(s, k, pdu);
	site_rack_set_budget(s, k, 130e3f);
	int32_t n0 = site_node_add(s, "gpu00042", k, 0, 4);
	int32_t n1 = site_node_add(s, "gpu00043", k, 1, 4);
	site_node_set_state(s, n0, slurm, T0, NODE_MIXED, NODEF_DRAIN, "XID 79", "ops", T0 - 60);
	site_node_set_gres(s, n0, 2, "gpu, debug");
	site_node_set_bmc_addr(s, n0, "10.1.0.42");
	site_bmc_set(s, n0, 0, T0, true, POWER_ON, HEALTH_OK);
	site_bmc_set_reset_types(s, n0, "On,ForceOff,GracefulRestart");
	site_bmc_set_sensors(s, n0, 0, T0, 24.5f, NAN);
	int32_t g3 = site_gpu_find(s, n0, 3);
	site_gpu_set(s, g3, GF_XID, dcgm, T0, 79);
	site_gpu_set(s, g3, GF_TEMP_C, dcgm, T0, 71.5f);
	site_gpu_set(s, g3, GF_UTIL_PCT, dcgm, T0, 0);
	site_gpu_set_present(s, g3, false);
	site_gpu_set(s, site_gpu_find(s, n1, 0), GF_TEMP_C, dcgm, T0, 87);
	site_power_set(s, PF_SUPPLY_W, dcgm, T0, 221e6f);
	site_power_set(s, PF_DRAW_W, dcgm, T0, 200e6f);
	site_cdu_pump(s, cdu, "P1", dcgm, T0, 80, true, HEALTH_OK);
	site_cdu_leak(s, cdu, "L1", T0, LEAK_OK);
	site_partition_set(s, "gpu", 2, 8, true);
	site_account_set(s, "research", 10, "research");
	Job j = { .id = 1234, .state = JOB_RUNNING, .gpus = 4, .start_time = T0 - 100, .time_limit_min = -1,
	          .priority = 77 };
	strcpy(j.name, "train-llm");
	strcpy(j.user, "alice");
	strcpy(j.nodelist, "gpu00043");
	site_jobs_begin(s);
	site_job_set(s, &j);
	site_jobs_end(s);
	return s;
}

static cJSON *parse_output(const Site *s, bool pretty, char **text)
{
	size_t len = 0;
	FILE *f = open_memstream(text, &len);
	assert_non_null(f);
	assert_int_equal(snapshot_write_site(f, s, T0, pretty), 0);
	fclose(f);
	cJSON *j = cJSON_Parse(*text);
	if (!j)
		fail_msg("output does not parse: %.200s", *text);
	return j;
}

static cJSON *get(const cJSON *o, const char *path)
{
	/* "a.b.0.c": keys and array indices */
	char buf[256];
	snprintf(buf, sizeof buf, "%s", path);
	const cJSON *cur = o;
	char *save = NULL;
	for (char *t = strtok_r(buf, ".", &save); t && cur; t = strtok_r(NULL, ".", &save))
		cur = (*t >= '0' && *t <= '9') ? cJSON_GetArrayItem(cur, atoi(t)) : cJSON_GetObjectItemCaseSensitive(cur, t);
	if (!cur)
		fail_msg("no %s in the output", path);
	return (cJSON *)(uintptr_t)cur;
}

static void expect_null(const cJSON *o, const char *path)
{
	if (!cJSON_IsNull(get(o, path)))
		fail_msg("%s is not null", path);
}

static double num(const cJSON *o, const char *path)
{
	const cJSON *x = get(o, path);
	if (!cJSON_IsNumber(x))
		fail_msg("%s is not a number", path);
	return x->valuedouble;
}

static const char *str(const cJSON *o, const char *path)
{
	const cJSON *x = get(o, path);
	if (!cJSON_IsString(x))
		fail_msg("%s is not a string", path);
	return x->valuestring;
}

static void test_site_json(void **state)
{
	(void)state;
	Site *s = small_site("norway-1");
	Alerts *a = alerts_new();
	alerts_evaluate(a, s, NULL, T0);
	char *text = NULL;
	cJSON *j = parse_output(s, false, &text);
	assert_int_equal(num(j, "schema"), 1);
	assert_string_equal(str(j, "site.name"), "norway-1");
	assert_int_equal(num(j, "site.time"), T0);
	assert_true(cJSON_IsFalse(get(j, "site.read_only")));
	/* sources */
	assert_int_equal(cJSON_GetArraySize(get(j, "sources")), 2);
	assert_string_equal(str(j, "sources.0.name"), "dcgm");
	assert_int_equal(num(j, "sources.0.age_s"), 5);
	expect_null(j, "sources.0.error");
	assert_string_equal(str(j, "sources.0.note"), "TLS verification off");
	assert_true(cJSON_IsFalse(get(j, "sources.1.ok")));
	expect_null(j, "sources.1.age_s");
	assert_string_equal(str(j, "sources.1.error"), "HTTP 503 from \"slurmrestd\"");
	/* power */
	assert_int_equal(num(j, "power.supply_w"), 221000000);
	assert_int_equal(num(j, "power.headroom_w"), 21000000);
	expect_null(j, "power.it_w");
	expect_null(j, "power.curtailment_w");
	assert_int_equal(num(j, "power.margin_pct"), 5);
	/* topology */
	assert_string_equal(str(j, "halls.0.rows.0.name"), "H1-R01");
	assert_string_equal(str(j, "racks.0.name"), "H1-R01-K01");
	assert_string_equal(str(j, "racks.0.hall"), "H1");
	assert_string_equal(str(j, "racks.0.cdu"), "CDU-H1-R01");
	assert_string_equal(str(j, "racks.0.pdu"), "PDU-1");
	assert_int_equal(num(j, "racks.0.budget_w"), 130000);
	expect_null(j, "racks.0.power_w");
	assert_int_equal(num(j, "racks.0.nodes"), 2);
	/* nodes */
	assert_int_equal(cJSON_GetArraySize(get(j, "nodes")), 2);
	assert_string_equal(str(j, "nodes.0.name"), "gpu00042");
	assert_string_equal(str(j, "nodes.0.rack"), "H1-R01-K01");
	assert_int_equal(num(j, "nodes.0.slot"), 0);
	assert_string_equal(str(j, "nodes.0.state"), "draining");
	assert_string_equal(str(j, "nodes.0.base"), "mixed");
	assert_string_equal(str(j, "nodes.0.flags.0"), "drain");
	assert_string_equal(str(j, "nodes.0.reason"), "XID 79");
	assert_string_equal(str(j, "nodes.0.reason_user"), "ops");
	assert_string_equal(str(j, "nodes.0.partitions.1"), "debug");
	assert_int_equal(num(j, "nodes.0.gpus_alloc"), 2);
	expect_null(j, "nodes.1.gpus_alloc");
	expect_null(j, "nodes.1.base");
	expect_null(j, "nodes.1.reason");
	assert_int_equal(cJSON_GetArraySize(get(j, "nodes.0.gpus")), 4);
	assert_int_equal(num(j, "nodes.0.gpus.3.index"), 3);
	assert_true(cJSON_IsFalse(get(j, "nodes.0.gpus.3.present")));
	assert_true(fabs(num(j, "nodes.0.gpus.3.temp_c") - 71.5) < 1e-9);
	assert_int_equal(num(j, "nodes.0.gpus.3.util_pct"), 0); /* known zero stays 0 */
	assert_int_equal(num(j, "nodes.0.gpus.3.xid"), 79);
	expect_null(j, "nodes.0.gpus.3.power_w");
	expect_null(j, "nodes.0.gpus.3.ecc_dbe");
	expect_null(j, "nodes.0.gpus.0.temp_c");
	expect_null(j, "nodes.0.gpus.0.xid");
	assert_int_equal(num(j, "nodes.1.gpus.0.temp_c"), 87);
	/* BMC */
	assert_string_equal(str(j, "nodes.0.bmc.addr"), "10.1.0.42");
	assert_true(cJSON_IsTrue(get(j, "nodes.0.bmc.reachable")));
	assert_string_equal(str(j, "nodes.0.bmc.power"), "On");
	assert_string_equal(str(j, "nodes.0.bmc.health"), "OK");
	assert_string_equal(str(j, "nodes.0.bmc.reset_types.2"), "GracefulRestart");
	assert_true(fabs(num(j, "nodes.0.bmc.inlet_c") - 24.5) < 1e-9);
	expect_null(j, "nodes.0.bmc.power_w");
	expect_null(j, "nodes.1.bmc.addr");
	expect_null(j, "nodes.1.bmc.reachable");
	expect_null(j, "nodes.1.bmc.health");
	/* cooling, scheduler */
	assert_string_equal(str(j, "cdus.0.name"), "CDU-H1-R01");
	assert_string_equal(str(j, "cdus.0.row"), "H1-R01");
	expect_null(j, "cdus.0.supply_c");
	expect_null(j, "cdus.0.health");
	assert_int_equal(num(j, "cdus.0.pumps.0.speed_pct"), 80);
	assert_string_equal(str(j, "cdus.0.leaks.0.state"), "OK");
	assert_string_equal(str(j, "pdus.0.rack"), "H1-R01-K01");
	assert_string_equal(str(j, "partitions.0.name"), "gpu");
	assert_string_equal(str(j, "accounts.0.name"), "research");
	assert_int_equal(num(j, "jobs.0.id"), 1234);
	assert_string_equal(str(j, "jobs.0.state"), "RUNNING");
	assert_string_equal(str(j, "jobs.0.user"), "alice");
	expect_null(j, "jobs.0.submit_time");
	assert_int_equal(num(j, "jobs.0.start_time"), T0 - 100);
	expect_null(j, "jobs.0.time_limit_min");
	/* alerts: XID 79, GPU hot, source error + stale */
	const cJSON *al = get(j, "alerts");
	bool xid = false;
	for (int i = 0; i < cJSON_GetArraySize(al); i++) {
		const cJSON *x = cJSON_GetArrayItem(al, i);
		if (strcmp(str(x, "rule"), "gpu_xid") != 0)
			continue;
		xid = true;
		assert_string_equal(str(x, "severity"), "critical");
		assert_true(cJSON_IsTrue(get(x, "active")));
		assert_string_equal(str(x, "about.kind"), "gpu");
		assert_string_equal(str(x, "about.name"), "gpu00042 GPU 3");
		assert_string_equal(str(x, "message"), "XID 79 (fell off the bus) on gpu00042 GPU 3");
		assert_int_equal(num(x, "first_seen"), T0);
		assert_int_equal(num(x, "count"), 1);
	}
	assert_true(xid);

	/* pretty output is the same document */
	char *text2 = NULL;
	cJSON *j2 = parse_output(s, true, &text2);
	assert_true(cJSON_Compare(j, j2, true));
	assert_non_null(strstr(text2, "\n  \"site\": {\n    \"name\": \"norway-1\""));
	assert_null(strchr(text, '\n'));
	cJSON_Delete(j);
	cJSON_Delete(j2);
	free(text);
	free(text2);
	alerts_free(a);
	site_free(s);
}

static void test_fleet_json(void **state)
{
	(void)state;
	Site *s1 = small_site("norway-1"), *s2 = site_new("norway-2");
	const Site *sites[] = { s1, s2 };
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_int_equal(snapshot_write_fleet(f, sites, 2, T0, false), 0);
	fclose(f);
	cJSON *j = cJSON_Parse(text);
	assert_non_null(j);
	assert_int_equal(num(j, "schema"), 1);
	assert_int_equal(cJSON_GetArraySize(get(j, "sites")), 2);
	assert_string_equal(str(j, "sites.0.site.name"), "norway-1");
	assert_string_equal(str(j, "sites.1.site.name"), "norway-2");
	assert_null(cJSON_GetObjectItemCaseSensitive(get(j, "sites.0"), "schema"));
	assert_int_equal(cJSON_GetArraySize(get(j, "sites.1.nodes")), 0);
	expect_null(j, "sites.1.power.draw_w");
	expect_null(j, "sites.1.power.headroom_w");
	cJSON_Delete(j);
	free(text);
	f = open_memstream(&text, &len);
	assert_int_equal(snapshot_write_fleet(f, sites, 0, T0, true), 0);
	fclose(f);
	assert_string_equal(text, "{\n  \"schema\": 1,\n  \"sites\": []\n}\n");
	free(text);
	site_free(s1);
	site_free(s2);
}

static void test_check(void **state)
{
	(void)state;
	Site *s = site_new("norway-1");
	Alerts *a = alerts_new();
	const Site *one[] = { s };
	char line[512];
	alerts_evaluate(a, s, NULL, T0);
	assert_int_equal(snapshot_check(one, 1, T0, line, sizeof line), 0);
	assert_string_equal(line, "NARVIK OK - norway-1: no alerts | gpus_up=0 gpus_down=0 alerts_critical=0 alerts_warning=0");

	int32_t n = site_node_add(s, "gpu00042", -1, -1, 4);
	site_node_set_state(s, n, 0, T0, NODE_ALLOCATED, 0, NULL, NULL, 0);
	site_gpu_set(s, 1, GF_TEMP_C, 0, T0, 86);
	alerts_evaluate(a, s, NULL, T0);
	assert_int_equal(snapshot_check(one, 1, T0, line, sizeof line), 1);
	assert_non_null(strstr(line, "NARVIK WARNING - norway-1: 0 critical, 1 warning alerts; gpu00042 GPU 1 at 86"));

	site_gpu_set(s, 3, GF_XID, 0, T0, 79);
	site_power_set(s, PF_SUPPLY_W, 0, T0, 221e6f);
	site_power_set(s, PF_DRAW_W, 0, T0, 100e6f);
	alerts_evaluate(a, s, NULL, T0 + 10);
	assert_int_equal(snapshot_check(one, 1, T0, line, sizeof line), 2);
	assert_string_equal(line, "NARVIK CRITICAL - norway-1: 1 critical, 1 warning alerts; "
	                          "XID 79 (fell off the bus) on gpu00042 GPU 3 | gpus_up=4 gpus_down=0 "
	                          "draw_w=1e+08 supply_w=2.21e+08 headroom_w=1.21e+08 "
	                          "alerts_critical=1 alerts_warning=1");

	Site *s2 = site_new("norway-2");
	const Site *two[] = { s2, s };
	assert_int_equal(snapshot_check(two, 2, T0, line, sizeof line), 2);
	assert_non_null(strstr(line, "NARVIK CRITICAL - norway-2: no alerts; norway-1: 1 critical"));
	assert_non_null(strstr(line, " norway-2_gpus_up=0 "));
	assert_non_null(strstr(line, " norway-1_alerts_critical=1 "));

	char small[24];
	assert_int_equal(snapshot_check(one, 1, T0, small, sizeof small), 2);
	assert_string_equal(small, "NARVIK CRITICAL - norwa");
	assert_int_equal(snapshot_check(one, 0, T0, line, sizeof line), 0);
	assert_string_equal(line, "NARVIK OK - no sites |");
	alerts_free(a);
	site_free(s);
	site_free(s2);
}

static void test_text(void **state)
{
	(void)state;
	Site *s = small_site("norway-1");
	Alerts *a = alerts_new();
	alerts_evaluate(a, s, NULL, T0);
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	snapshot_write_text(f, s, T0 + 120);
	fclose(f);
	printf("%s", text);
	assert_non_null(strstr(text, "site norway-1: 1 halls, 1 racks, 2 nodes\n"));
	assert_non_null(strstr(text, "GPUs: 0 up, 3 drained, 1 down, 4 unknown of 8\n"));
	assert_non_null(strstr(text, "power: draw 200.0 MW of supply 221.0 MW, headroom 21.0 MW (9.5%)"));
	assert_non_null(strstr(text, "critical XID 79 (fell off the bus) on gpu00042 GPU 3 (for 2m)"));
	assert_non_null(strstr(text, "slurm                    ERROR age never: HTTP 503"));
	int lines = 0;
	for (const char *p = text; *p; p++)
		lines += *p == '\n';
	assert_true(lines >= 8 && lines <= 16);
	free(text);
	alerts_free(a);
	site_free(s);
}

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* 12,500 nodes × 8 GPUs with every GPU metric known. */
static void test_speed_100k(void **state)
{
	(void)state;
	Site *s = site_new("big");
	SourceId src = site_source_add(s, "dcgm", "prometheus", 30);
	site_source_ok(s, src, T0, true);
	int32_t row = site_row_add(s, site_hall_add(s, "H1"), "H1-R01");
	char name[32];
	for (int32_t r = 0; r < 1563; r++) {
		snprintf(name, sizeof name, "H1-R01-K%04d", r);
		site_rack_add(s, row, name);
	}
	for (int32_t i = 0; i < 12500; i++) {
		snprintf(name, sizeof name, "gpu%05d", i);
		assert_true(site_node_add(s, name, i / 8, i % 8, 8) >= 0);
		site_node_set_state(s, i, src, T0, NODE_ALLOCATED, 0, NULL, NULL, 0);
		site_node_set_gres(s, i, 8, "gpu");
	}
	for (int32_t g = 0; g < 100000; g++) {
		site_gpu_set(s, g, GF_TEMP_C, src, T0, 60.0f + (float)(g % 30));
		site_gpu_set(s, g, GF_POWER_W, src, T0, 612.37f + (float)(g % 100));
		site_gpu_set(s, g, GF_UTIL_PCT, src, T0, 97);
		site_gpu_set(s, g, GF_MEM_UTIL_PCT, src, T0, 41);
		site_gpu_set(s, g, GF_FB_USED_MIB, src, T0, 70123);
		site_gpu_set(s, g, GF_XID, src, T0, 0);
		site_gpu_set(s, g, GF_ECC_DBE, src, T0, 0);
		site_gpu_set(s, g, GF_THROTTLE, src, T0, 4);
	}
	Alerts *a = alerts_new();
	alerts_evaluate(a, s, NULL, T0);
	FILE *f = tmpfile();
	assert_non_null(f);
	double t = seconds();
	assert_int_equal(snapshot_write_site(f, s, T0, false), 0);
	double compact = seconds() - t;
	long size = ftell(f);
	rewind(f);
	t = seconds();
	assert_int_equal(snapshot_write_site(f, s, T0, true), 0);
	double pretty = seconds() - t;
	long psize = ftell(f);
	printf("snapshot at 100,000 GPUs: compact %.1f MB in %.0f ms, pretty %.1f MB in %.0f ms\n",
	       (double)size / 1e6, compact * 1e3, (double)psize / 1e6, pretty * 1e3);
	/* the pretty one parses, and holds every GPU */
	rewind(f);
	char *buf = malloc((size_t)psize + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)psize, f), (size_t)psize);
	buf[psize] = '\0';
	cJSON *j = cJSON_Parse(buf);
	assert_non_null(j);
	const cJSON *nodes = get(j, "nodes");
	assert_int_equal(cJSON_GetArraySize(nodes), 12500);
	assert_int_equal(cJSON_GetArraySize(get(j, "nodes.12499.gpus")), 8);
	cJSON_Delete(j);
	free(buf);
	fclose(f);
	alerts_free(a);
	site_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_site_json),
		cmocka_unit_test(test_fleet_json),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_speed_100k),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
