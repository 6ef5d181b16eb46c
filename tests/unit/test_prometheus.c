/* Unit tests for connectors/prometheus.c against tests/fake_prometheus.py on loopback. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <libgen.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "connectors/connector.h"
#include "connectors/prometheus.h"
#include "tests/support/child.h"
#include "util/clock.h"
#include "util/pollset.h"

#define SRC 1 /* the first source of a new site */

typedef struct {
	pid_t pid;
	int port;
	char dir[64];
	char map[128], log[128];
	char base[64];
} Server;

static Server srv;
static char narvik_bin[512];

static int server_start(Server *s)
{
	char script[512], fixtures[512], py[] = "python3", m[] = "--map", l[] = "--log", f[] = "--fixtures";
	snprintf(script, sizeof script, "%s/tests/fake_prometheus.py", child_srcdir());
	snprintf(fixtures, sizeof fixtures, "%s/tests/fixtures/prometheus", child_srcdir());
	char *argv[] = { py, script, m, s->map, l, s->log, f, fixtures, NULL };
	char line[64];
	s->pid = child_start(argv, line, sizeof line, 10000);
	if (s->pid < 0 || strncmp(line, "PORT ", 5) != 0)
		return -1;
	s->port = atoi(line + 5);
	snprintf(s->base, sizeof s->base, "http://127.0.0.1:%d", s->port);
	return 0;
}

static int group_setup(void **state)
{
	(void)state;
	snprintf(srv.dir, sizeof srv.dir, "/tmp/narvik-prom-XXXXXX");
	if (!mkdtemp(srv.dir))
		return -1;
	snprintf(srv.map, sizeof srv.map, "%s/map.json", srv.dir);
	snprintf(srv.log, sizeof srv.log, "%s/requests.log", srv.dir);
	return server_start(&srv);
}

static int group_teardown(void **state)
{
	(void)state;
	child_stop(srv.pid);
	char cmd[256];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", srv.dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Writes the query → answer map the fake server reads on every request. */
static void write_map(const char *json)
{
	char tmp[160];
	snprintf(tmp, sizeof tmp, "%s.tmp", srv.map);
	FILE *f = fopen(tmp, "w");
	assert_non_null(f);
	fputs(json, f);
	fclose(f);
	assert_int_equal(rename(tmp, srv.map), 0);
}

/* ---- a connector in a tiny loop ---------------------------------------------- */

typedef struct {
	Site *site;
	void *self;
	ConnSection sec;
} Rig;

/* A [prometheus] section with url and the given "key=value" pairs. */
static void rig_section(Rig *r, const char *const *kv)
{
	memset(&r->sec, 0, sizeof r->sec);
	snprintf(r->sec.kind, sizeof r->sec.kind, "prometheus");
	snprintf(r->sec.file, sizeof r->sec.file, "test.conf");
	r->sec.line = 3;
	int line = 4;
	bool has_url = false;
	for (; kv && *kv; kv++) {
		char key[64];
		const char *eq = strchr(*kv, '=');
		assert_non_null(eq);
		snprintf(key, sizeof key, "%.*s", (int)(eq - *kv), *kv);
		has_url |= strcmp(key, "url") == 0;
		assert_int_equal(connsec_add(&r->sec, key, eq + 1, line++), 0);
	}
	if (!has_url)
		assert_int_equal(connsec_add(&r->sec, "url", srv.base, line), 0);
}

static void rig_start(Rig *r, Site *site, const char *const *kv)
{
	char err[512] = "";
	r->site = site ? site : site_new("test");
	assert_non_null(r->site);
	rig_section(r, kv);
	ConnectorEnv env = { r->site, true, false, NULL, NULL };
	r->self = prometheus_ops.create(&r->sec, &env, err, sizeof err);
	if (!r->self)
		print_message("    create: %s\n", err);
	assert_non_null(r->self);
}

static void rig_stop(Rig *r)
{
	prometheus_ops.destroy(r->self);
	connsec_free(&r->sec);
	site_free(r->site);
}

static const Source *source(const Rig *r)
{
	return &site_view(r->site)->sources[SRC];
}

typedef bool (*Until)(const Rig *r, const void *arg);

/* Turns the loop until done(r, arg) or limit_ms passes; returns done. */
static bool pump(Rig *r, Until done, const void *arg, int64_t limit_ms)
{
	PollSet ps;
	pollset_init(&ps);
	int64_t end = clock_mono_ms() + limit_ms;
	bool ok = false;
	while (!(ok = done(r, arg)) && clock_mono_ms() < end) {
		int64_t now = clock_mono_ms();
		pollset_reset(&ps);
		prometheus_ops.prepare(r->self, &ps, now);
		poll(ps.fds, (nfds_t)ps.n, pollset_timeout(&ps, now, 50));
		prometheus_ops.dispatch(r->self, ps.fds, ps.n, clock_mono_ms());
	}
	pollset_free(&ps);
	return ok;
}

static bool until_complete(const Rig *r, const void *arg)
{
	(void)arg;
	return source(r)->complete && source(r)->ok;
}

static bool until_error(const Rig *r, const void *arg)
{
	return strstr(source(r)->error, (const char *)arg) != NULL;
}

static bool until_ok(const Rig *r, const void *arg)
{
	(void)arg;
	return source(r)->ok;
}

static bool until_note(const Rig *r, const void *arg)
{
	return strstr(source(r)->note, (const char *)arg) != NULL;
}

static float gpu_temp(const Site *s, const char *node, int idx, bool *known)
{
	int32_t n = site_node_find(s, node);
	assert_true(n >= 0);
	int32_t g = site_gpu_find(s, n, idx);
	assert_true(g >= 0);
	Val v = site_view(s)->gpus[g].temp_c;
	*known = val_known(v);
	return v.v;
}

/* ---- the tests ---------------------------------------------------------------- */

static void test_gpu_temps(void **state)
{
	(void)state;
	write_map("{\"DCGM_FI_DEV_GPU_TEMP\": \"fixture:query-instant-gpu-temp.json\"}");
	Rig r;
	rig_start(&r, NULL, NULL);
	const Source *src = source(&r);
	assert_string_equal(src->name, "prometheus");
	assert_string_equal(src->kind, "prometheus");
	assert_int_equal(src->stale_after, 45);
	assert_true(pump(&r, until_complete, NULL, 10000));
	const SiteView *v = site_view(r.site);
	assert_int_equal(v->nnodes, 2);
	static const struct { const char *node; int gpu; float t; } want[] = {
		{ "gpu001", 0, 55 }, { "gpu001", 1, 61 }, { "gpu002", 0, 48 }, { "gpu002", 1, 83 },
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		bool known;
		float t = gpu_temp(r.site, want[i].node, want[i].gpu, &known);
		assert_true(known);
		assert_float_equal(t, want[i].t, 0.001);
	}
	bool known;
	gpu_temp(r.site, "gpu001", 2, &known);
	assert_false(known); /* not reported: unknown, not zero */
	for (int32_t n = 0; n < v->nnodes; n++) {
		assert_int_equal(v->nodes[n].rack, -1); /* unplaced, not dropped */
		assert_int_equal(v->nodes[n].ngpus, 8);
	}
	assert_string_equal(source(&r)->error, "");
	rig_stop(&r);
}

static void test_facility(void **state)
{
	(void)state;
	write_map("{\"sum(facility_it_power_watts)\": \"value:150000000\","
	          " \"sum(facility_hydro_supply_watts)\": \"value:2.3e8\","
	          " \"sum(facility_draw_watts)\": \"value:1.65e8\","
	          " \"sum(facility_cooling_power_watts)\": \"value:1.5e7\","
	          " \"sum(facility_curtailment_watts)\": \"value:0\","
	          " \"cdu_supply_temperature_celsius\": \"series:cdu:CDU-H1-R01=32.5,CDU-NEW=30\","
	          " \"cdu_flow_litres_per_minute\": \"series:cdu:CDU-H1-R01=1400\","
	          " \"sum by (rack) (rack_power_watts)\": \"series:rack:H1-R01-K01=91000,NOPE=5\","
	          " \"sum by (loop) (loop_heat_reuse_watts)\": \"series:loop:loop-H1=5000000\"}");
	Site *s = site_new("test");
	int32_t h = site_hall_add(s, "H1");
	int32_t row = site_row_add(s, h, "H1-R01");
	int32_t k = site_rack_add(s, row, "H1-R01-K01");
	int32_t c = site_cdu_add(s, "CDU-H1-R01", row);
	assert_true(k >= 0 && c >= 0);
	Rig r;
	rig_start(&r, s, NULL);
	assert_true(pump(&r, until_complete, NULL, 10000));
	const SiteView *v = site_view(r.site);
	assert_float_equal(v->power->it_w.v, 1.5e8f, 1);
	assert_float_equal(v->power->supply_w.v, 2.3e8f, 1);
	assert_float_equal(v->power->draw_w.v, 1.65e8f, 1);
	assert_float_equal(v->power->cooling_w.v, 1.5e7f, 1);
	assert_true(val_known(v->power->curtailment_w));
	assert_int_equal(v->power->it_w.src, SRC);
	assert_float_equal(v->cdus[c].supply_c.v, 32.5, 0.001);
	assert_float_equal(v->cdus[c].flow_lpm.v, 1400, 0.001);
	assert_false(val_known(v->cdus[c].return_c));
	int32_t c2 = site_cdu_find(r.site, "CDU-NEW");
	assert_true(c2 >= 0); /* known to Prometheus only: shown */
	assert_float_equal(v->cdus[c2].supply_c.v, 30, 0.001);
	assert_float_equal(v->racks[k].power_w.v, 91000, 0.001);
	assert_int_equal(v->nloops, 1);
	assert_string_equal(v->loops[0].name, "loop-H1");
	assert_float_equal(v->loops[0].heat_reuse_w.v, 5e6f, 1);
	print_message("    note: %s\n", source(&r)->note);
	assert_non_null(strstr(source(&r)->note, "query_rack_power_w"));
	rig_stop(&r);
}

static void test_error_keeps_values(void **state)
{
	(void)state;
	write_map("{\"sum(facility_it_power_watts)\": \"value:100\","
	          " \"DCGM_FI_DEV_GPU_TEMP\": \"fixture:query-instant-gpu-temp.json\"}");
	static const char *const kv[] = { "interval=1", "gpu_interval=1", NULL };
	Rig r;
	rig_start(&r, NULL, kv);
	assert_true(pump(&r, until_complete, NULL, 10000));
	write_map("{\"sum(facility_it_power_watts)\": \"fixture:query-error-bad-expr.json\","
	          " \"DCGM_FI_DEV_GPU_TEMP\": \"fixture:query-instant-gpu-temp.json\"}");
	assert_true(pump(&r, until_error, "query_it_w", 5000));
	const Source *src = source(&r);
	print_message("    error: %s\n", src->error);
	assert_false(src->ok);
	assert_true(src->complete);
	assert_non_null(strstr(src->error, "HTTP 400"));
	assert_non_null(strstr(src->error, "bad_data"));
	assert_non_null(strstr(src->error, "unclosed left parenthesis"));
	write_map("{\"sum(facility_it_power_watts)\": \"value:100\","
	          " \"DCGM_FI_DEV_GPU_TEMP\": \"error:timeout:query timed out in expression evaluation\"}");
	assert_true(pump(&r, until_error, "query_temp_c", 5000));
	print_message("    error: %s\n", source(&r)->error);
	assert_non_null(strstr(source(&r)->error, "timeout"));
	const SiteView *v = site_view(r.site);
	assert_float_equal(v->power->it_w.v, 100, 0.001); /* the last good value stays */
	bool known;
	assert_float_equal(gpu_temp(r.site, "gpu002", 1, &known), 83, 0.001);
	assert_true(known);
	/* An HTTP error without a Prometheus body. */
	write_map("{\"sum(facility_it_power_watts)\": \"http500\"}");
	assert_true(pump(&r, until_error, "HTTP 500", 5000));
	print_message("    error: %s\n", source(&r)->error);
	assert_non_null(strstr(source(&r)->error, "query_it_w"));
	assert_non_null(strstr(source(&r)->error, "internal server error"));
	/* Recovery: every query succeeds again, the error clears. */
	write_map("{\"sum(facility_it_power_watts)\": \"value:200\"}");
	assert_true(pump(&r, until_ok, NULL, 5000));
	assert_string_equal(source(&r)->error, "");
	assert_float_equal(site_view(r.site)->power->it_w.v, 200, 0.001);
	rig_stop(&r);
}

static void test_hang_times_out(void **state)
{
	(void)state;
	write_map("{\"sum(facility_it_power_watts)\": \"hang\","
	          " \"sum(facility_hydro_supply_watts)\": \"value:42\"}");
	static const char *const kv[] = { "timeout=1", NULL };
	Rig r;
	rig_start(&r, NULL, kv);
	int64_t t0 = clock_mono_ms();
	assert_true(pump(&r, until_error, "query_it_w", 5000));
	int64_t took = clock_mono_ms() - t0;
	print_message("    hang: %s (%lld ms)\n", source(&r)->error, (long long)took);
	assert_non_null(strstr(source(&r)->error, "timed out"));
	assert_true(took >= 900 && took < 4000);
	assert_false(source(&r)->complete);
	/* the other queries went on */
	assert_float_equal(site_view(r.site)->power->supply_w.v, 42, 0.001);
	rig_stop(&r);
}

static void test_response_cap(void **state)
{
	(void)state;
	write_map("{\"sum(facility_it_power_watts)\": \"huge:3\"}");
	static const char *const kv[] = { "max_response=1", NULL };
	Rig r;
	rig_start(&r, NULL, kv);
	assert_true(pump(&r, until_error, "query_it_w", 5000));
	print_message("    cap: %s\n", source(&r)->error);
	assert_non_null(strstr(source(&r)->error, "larger than 1048576 bytes"));
	rig_stop(&r);
}

static void test_nan_and_warnings(void **state)
{
	(void)state;
	write_map("{\"sum(facility_it_power_watts)\": \"value:100\"}");
	static const char *const kv[] = { "interval=1", NULL };
	Rig r;
	rig_start(&r, NULL, kv);
	assert_true(pump(&r, until_complete, NULL, 10000));
	write_map("{\"sum(facility_it_power_watts)\": \"value:NaN\","
	          " \"DCGM_FI_DEV_GPU_TEMP\": \"gpus:gpu001=0=+Inf,gpu001=1=50\"}");
	assert_true(pump(&r, until_note, "NaN", 5000));
	print_message("    note: %s\n", source(&r)->note);
	assert_non_null(strstr(source(&r)->note, "query_it_w"));
	assert_float_equal(site_view(r.site)->power->it_w.v, 100, 0.001);
	assert_true(source(&r)->ok);
	write_map("{\"sum(facility_it_power_watts)\": \"warn:result may be incomplete\"}");
	assert_true(pump(&r, until_note, "warning", 5000));
	print_message("    note: %s\n", source(&r)->note);
	assert_non_null(strstr(source(&r)->note, "result may be incomplete"));
	assert_float_equal(site_view(r.site)->power->it_w.v, 100, 0.001);
	rig_stop(&r);
}

static void expect_bad(const char *const *kv, const char *want)
{
	char err[512] = "";
	Rig r;
	memset(&r, 0, sizeof r);
	r.site = site_new("test");
	rig_section(&r, kv);
	ConnectorEnv env = { r.site, true, false, NULL, NULL };
	void *self = prometheus_ops.create(&r.sec, &env, err, sizeof err);
	print_message("    %s\n", err);
	assert_null(self);
	assert_non_null(strstr(err, want));
	assert_int_equal(site_view(r.site)->nsources, 1); /* nothing registered */
	connsec_free(&r.sec);
	site_free(r.site);
}

static void test_bad_config(void **state)
{
	(void)state;
	static const char *const typo[] = { "interval=5", "qurey_temp_c=x", NULL };
	expect_bad(typo, "test.conf:5: unknown key 'qurey_temp_c' in [prometheus] (did you mean 'query_temp_c'?)");
	static const char *const scheme[] = { "url=ftp://example.com", NULL };
	expect_bad(scheme, "test.conf:4: url must start with http:// or https://");
	static const char *const ival[] = { "interval=0", NULL };
	expect_bad(ival, "test.conf:4: interval must be a whole number");
	static const char *const hdr[] = { "header=no colon here", NULL };
	expect_bad(hdr, "test.conf:4: header must be 'Name: value'");
	static const char *const both[] = { "token=abc", "user=bob", NULL };
	expect_bad(both, "test.conf:5: give token or user/password, not both");
	static const char *const unset[] = { "token=env:NARVIK_TEST_UNSET_TOKEN_VAR", NULL };
	expect_bad(unset, "test.conf:4: token: environment variable NARVIK_TEST_UNSET_TOKEN_VAR");
	static const char *const ins[] = { "insecure=maybe", NULL };
	expect_bad(ins, "insecure must be yes or no");
}

/* The log of requests the fake server received. */
static char *read_log(void)
{
	FILE *f = fopen(srv.log, "r");
	if (!f)
		return calloc(1, 1);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = calloc(1, (size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return buf;
}

static void test_token_and_headers(void **state)
{
	(void)state;
	unlink(srv.log);
	setenv("NARVIK_TEST_PROM_TOKEN", "s3cret-tok.jwt", 1);
	write_map("{\"sum(facility_it_power_watts)\": \"error:bad_data:nope\"}");
	static const char *const kv[] = {
		"token=env:NARVIK_TEST_PROM_TOKEN", "header=X-Scope-OrgID: tenant-a",
		"query_temp_c=max by (Hostname, gpu) (DCGM_FI_DEV_GPU_TEMP{job=\"dcgm\"})",
		"query_power_w=", NULL };
	Rig r;
	rig_start(&r, NULL, kv);
	assert_true(pump(&r, until_error, "query_it_w", 5000));
	assert_null(strstr(source(&r)->error, "s3cret"));
	char *log = read_log();
	assert_non_null(strstr(log, "\"Authorization\": \"Bearer s3cret-tok.jwt\""));
	assert_non_null(strstr(log, "\"X-Scope-OrgID\": \"tenant-a\""));
	assert_non_null(strstr(log, "\"Content-Type\": \"application/x-www-form-urlencoded\""));
	assert_non_null(strstr(log, "gzip"));
	assert_non_null(strstr(log, "\"method\": \"POST\""));
	assert_non_null(strstr(log, "\"path\": \"/api/v1/query\""));
	/* the query arrives whole, url-encoded in the form */
	assert_non_null(strstr(log, "\"query\": \"max by (Hostname, gpu) (DCGM_FI_DEV_GPU_TEMP{job=\\\"dcgm\\\"})\""));
	assert_non_null(strstr(log, "&timeout=20s"));
	/* an empty query is disabled */
	assert_null(strstr(log, "DCGM_FI_DEV_POWER_USAGE"));
	free(log);
	rig_stop(&r);

	/* Basic auth from a command. */
	unlink(srv.log);
	write_map("{}");
	static const char *const basic[] = { "user=ops", "password=cmd:printf 'pa55'", NULL };
	rig_start(&r, NULL, basic);
	assert_true(pump(&r, until_complete, NULL, 10000));
	log = read_log();
	assert_non_null(strstr(log, "\"Authorization\": \"Basic b3BzOnBhNTU=\"")); /* ops:pa55 */
	free(log);
	rig_stop(&r);
}

/* Counts how many requests for one query were made. */
static int count_in_log(const char *needle)
{
	char *log = read_log();
	int n = 0;
	for (const char *p = log; (p = strstr(p, needle)); p++)
		n++;
	free(log);
	return n;
}

static void test_one_in_flight(void **state)
{
	(void)state;
	unlink(srv.log);
	/* A query that hangs for longer than the interval is not sent again. */
	write_map("{\"sum(facility_it_power_watts)\": \"hang\"}");
	static const char *const kv[] = { "interval=1", "timeout=3", "history_hours=0", NULL };
	Rig r;
	rig_start(&r, NULL, kv);
	pump(&r, until_error, "query_it_w", 2500);
	assert_int_equal(count_in_log("\"query\": \"sum(facility_it_power_watts)\""), 1);
	assert_true(count_in_log("\"query\": \"sum(facility_hydro_supply_watts)\"") >= 2);
	assert_int_equal(count_in_log("\"query\": \"DCGM_FI_DEV_GPU_TEMP\""), 1); /* gpu_interval */
	rig_stop(&r);
}

/* ---- the power history, from range queries ------------------------------------ */

static void test_history_backfill(void **state)
{
	(void)state;
	unlink(srv.log);
	write_map("{\"range:sum(facility_draw_watts)\": \"matrix:100,200,-,400;1,1,1,1\","
	          " \"range:sum(facility_hydro_supply_watts)\": \"matrix:-,5\","
	          " \"sum(facility_draw_watts)\": \"value:777\"}");
	Rig r;
	rig_start(&r, NULL, NULL);
	int64_t before = clock_wall_s();
	assert_true(pump(&r, until_complete, NULL, 10000));
	assert_int_equal(count_in_log("\"path\": \"/api/v1/query_range\""), 3);
	assert_int_equal(count_in_log("step=10"), 3);
	char *log = read_log();
	const char *st = strstr(log, "&start=");
	assert_non_null(st);
	long long start = atoll(st + 7);
	free(log);
	/* 4 hours of 10 s steps, ending now, on the grid of the step. */
	assert_int_equal(start % 10, 0);
	assert_true(start >= before - 4 * 3600 - 20 && start <= clock_wall_s() - 4 * 3600 + 20);
	const PowerHistory *h = site_view(r.site)->history;
	assert_int_equal(h->step, 10);
	assert_int_equal(h->t0, start);
	assert_int_equal(h->len, 4);
	static const float draw[] = { 101, 201, 1, 401 };
	for (int i = 0; i < 4; i++) {
		int slot = (h->head + i) % SITE_HISTORY_LEN;
		assert_float_equal(h->draw_w[slot], draw[i], 0.001);
		assert_true(isnan(h->it_w[slot])); /* an empty matrix: unknown */
		if (i == 1)
			assert_float_equal(h->supply_w[slot], 5, 0.001);
		else
			assert_true(isnan(h->supply_w[slot]));
	}
	/* Live samples go on after the backfill. */
	site_history_sample(r.site, clock_wall_s());
	assert_int_equal(h->len, 5);
	assert_float_equal(h->draw_w[(h->head + 4) % SITE_HISTORY_LEN], 777, 0.001);
	/* Once only: later rounds send no more range queries. */
	pump(&r, until_error, "never", 1200);
	assert_int_equal(count_in_log("\"path\": \"/api/v1/query_range\""), 3);
	rig_stop(&r);
}

static void test_history_off(void **state)
{
	(void)state;
	unlink(srv.log);
	write_map("{\"range:sum(facility_draw_watts)\": \"matrix:100,200\"}");
	static const char *const kv[] = { "history_hours=0", NULL };
	Rig r;
	rig_start(&r, NULL, kv);
	assert_true(pump(&r, until_complete, NULL, 10000));
	assert_int_equal(count_in_log("query_range"), 0);
	assert_int_equal(site_view(r.site)->history->len, 0);
	rig_stop(&r);
}

static void test_history_error(void **state)
{
	(void)state;
	unlink(srv.log);
	write_map("{\"range:sum(facility_draw_watts)\": \"error:bad_data:exceeded maximum resolution\","
	          " \"sum(facility_draw_watts)\": \"value:5\"}");
	static const char *const kv[] = { "interval=1", NULL };
	Rig r;
	rig_start(&r, NULL, kv);
	assert_true(pump(&r, until_error, "history query_draw_w", 5000));
	print_message("    error: %s\n", source(&r)->error);
	assert_false(source(&r)->ok);
	assert_non_null(strstr(source(&r)->error, "bad_data"));
	assert_non_null(strstr(source(&r)->error, "exceeded maximum resolution"));
	assert_int_equal(site_view(r.site)->history->len, 0);
	/* Retried after a failure, until it succeeds; then not again. */
	write_map("{\"range:sum(facility_draw_watts)\": \"matrix:42\","
	          " \"sum(facility_draw_watts)\": \"value:5\"}");
	assert_true(pump(&r, until_ok, NULL, 5000));
	assert_string_equal(source(&r)->error, "");
	const PowerHistory *h = site_view(r.site)->history;
	assert_int_equal(h->len, 1);
	assert_float_equal(h->draw_w[h->head], 42, 0.001);
	int n = count_in_log("\"path\": \"/api/v1/query_range\"");
	pump(&r, until_error, "never", 1500);
	assert_int_equal(count_in_log("\"path\": \"/api/v1/query_range\""), n);
	rig_stop(&r);
}

static void test_once_json(void **state)
{
	(void)state;
	/* make check-unit builds the binary beside this test's directory. */
	struct stat bin;
	if (stat(narvik_bin, &bin) != 0)
		fail_msg("%s is missing: build it first (make check-unit does)", narvik_bin);
	write_map("{\"DCGM_FI_DEV_GPU_TEMP\": \"fixture:query-instant-gpu-temp.json\","
	          " \"sum(facility_it_power_watts)\": \"value:1234567\"}");
	char conf[160], out[160], cmd[1024];
	snprintf(conf, sizeof conf, "%s/narvik.conf", srv.dir);
	snprintf(out, sizeof out, "%s/once.json", srv.dir);
	FILE *f = fopen(conf, "w");
	assert_non_null(f);
	fprintf(f, "[site \"t\"]\n\n[prometheus]\nurl = %s\ninterval = 5\n", srv.base);
	fclose(f);
	chmod(conf, 0600);
	snprintf(cmd, sizeof cmd, "'%s' -c '%s' --once --json --timeout 10 >'%s' 2>&1", narvik_bin, conf, out);
	int rc = system(cmd);
	assert_true(WIFEXITED(rc));
	f = fopen(out, "r");
	assert_non_null(f);
	char buf[65536];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	if (WEXITSTATUS(rc) != 0)
		print_message("%s\n", buf);
	assert_int_equal(WEXITSTATUS(rc), 0);
	assert_non_null(strstr(buf, "gpu001"));
	assert_non_null(strstr(buf, "gpu002"));
	assert_non_null(strstr(buf, "83"));
	assert_non_null(strstr(buf, "1234567"));
	assert_non_null(strstr(buf, "\"prometheus\""));
}

int main(int argc, char **argv)
{
	(void)argc;
	alarm(180);
	/* build/tests/test_prometheus → build/narvik */
	char self[512];
	snprintf(self, sizeof self, "%s", argv[0]);
	const char *dir = dirname(self);
	snprintf(narvik_bin, sizeof narvik_bin, "%s/../narvik", dir);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gpu_temps),
		cmocka_unit_test(test_facility),
		cmocka_unit_test(test_error_keeps_values),
		cmocka_unit_test(test_hang_times_out),
		cmocka_unit_test(test_response_cap),
		cmocka_unit_test(test_nan_and_warnings),
		cmocka_unit_test(test_bad_config),
		cmocka_unit_test(test_token_and_headers),
		cmocka_unit_test(test_one_in_flight),
		cmocka_unit_test(test_history_backfill),
		cmocka_unit_test(test_history_off),
		cmocka_unit_test(test_history_error),
		cmocka_unit_test(test_once_json),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
