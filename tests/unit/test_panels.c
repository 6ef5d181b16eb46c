/* Unit tests for panels/: format, table, and the list and summary panels. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panels/format.h"
#include "panels/panel.h"
#include "panels/table.h"
#include "site/alerts.h"
#include "site/hostlist.h"
#include "util/clock.h"

#define NOW 1750000000LL
#define SENTINEL '@'

extern const PanelOps fleet_panel_ops, overview_panel_ops, power_panel_ops, cooling_panel_ops,
	jobs_panel_ops, alerts_panel_ops;

static const PanelOps *const mine[] = {
	&fleet_panel_ops, &overview_panel_ops, &power_panel_ops,
	&cooling_panel_ops, &jobs_panel_ops, &alerts_panel_ops,
};
#define NMINE ((int)(sizeof mine / sizeof mine[0]))

typedef struct {
	Site *site;
	Site *other;        /* a second, empty site for the fleet */
	Alerts *alerts;
	const Site *sites[2];
	PanelCtx ctx;
} Fixture;

/* A hall, 2 rows, 4 racks, 16 nodes x 8 GPUs, power, 2 CDUs, jobs, alerts. */
static Site *build_site(const char *name, int njobs)
{
	Site *s = site_new(name);
	assert_non_null(s);
	site_touch(s, NOW);
	SourceId src = site_source_add(s, "demo", "demo", 30);
	SourceId old = site_source_add(s, "redfish cdu", "redfish", 30);
	site_source_ok(s, src, NOW, true);
	site_source_ok(s, old, NOW - 600, true);
	site_source_error(s, old, NOW, "connection refused");
	int32_t hall = site_hall_add(s, "H1");
	int32_t rows[2] = { site_row_add(s, hall, "H1-R01"), site_row_add(s, hall, "H1-R02") };
	int32_t racks[4];
	char nm[64];
	for (int k = 0; k < 4; k++) {
		snprintf(nm, sizeof nm, "H1-R0%d-K0%d", k / 2 + 1, k % 2 + 1);
		racks[k] = site_rack_add(s, rows[k / 2], nm);
		site_rack_set_power(s, racks[k], src, NOW, 100000.0f + 10000.0f * (float)k);
	}
	int32_t pdu = site_pdu_add(s, "pdu-K01", racks[0]);
	site_pdu_set(s, pdu, src, NOW, 90000, 110000, 1234, HEALTH_OK, 0);
	for (int n = 0; n < 16; n++) {
		snprintf(nm, sizeof nm, "gpu%03d", n + 1);
		int32_t node = site_node_add(s, nm, racks[n / 4], n % 4, 8);
		NodeBase b = NODE_ALLOCATED;
		uint32_t fl = 0;
		if (n == 2) {
			b = NODE_IDLE;
			fl = NODEF_DRAIN;
		} else if (n == 3) {
			b = NODE_DOWN;
			fl = NODEF_NOT_RESPONDING;
		}
		if (n != 15)
			site_node_set_state(s, node, src, NOW, b, fl, n == 2 ? "bad gpu" : NULL, NULL, 0);
		for (int g = 0; g < 8; g++) {
			int32_t gi = site_gpu_find(s, node, g);
			if (n == 15)
				continue; /* never reported */
			site_gpu_set(s, gi, GF_UTIL_PCT, src, NOW, 80);
			site_gpu_set(s, gi, GF_TEMP_C, src, NOW, 60);
		}
	}
	int32_t lost = site_gpu_find(s, site_node_find(s, "gpu005"), 3);
	site_gpu_set(s, lost, GF_XID, src, NOW, 79);
	site_gpu_set_present(s, lost, false);

	site_power_set(s, PF_SUPPLY_W, src, NOW, 230e6f);
	site_power_set(s, PF_DRAW_W, src, NOW, 220e6f);
	site_power_set(s, PF_IT_W, src, NOW, 200e6f);
	for (int i = 0; i < 30; i++) {
		site_power_set(s, PF_DRAW_W, src, NOW, 200e6f + 1e6f * (float)i);
		site_history_sample(s, NOW - 300 + i * 10);
	}
	site_power_set(s, PF_DRAW_W, src, NOW, 220e6f);
	int32_t feed = site_feed_add(s, "hydro-A");
	site_feed_set(s, feed, src, NOW, 240e6f, 220e6f);

	int32_t loop = site_loop_add(s, "loop-H1");
	site_loop_set(s, loop, src, NOW, 18, 30, 5e6f);
	for (int c = 0; c < 2; c++) {
		snprintf(nm, sizeof nm, "CDU-H1-R0%d", c + 1);
		int32_t cdu = site_cdu_add(s, nm, rows[c]);
		site_cdu_set_loop(s, cdu, loop);
		site_cdu_set(s, cdu, CF_SUPPLY_C, src, NOW, 32 + (float)c);
		site_cdu_set(s, cdu, CF_RETURN_C, src, NOW, 42);
		site_cdu_set(s, cdu, CF_HEAT_W, src, NOW, 4e6f);
		if (c == 0) {
			site_cdu_set(s, cdu, CF_FLOW_LPM, src, NOW, 900);
			site_cdu_set(s, cdu, CF_DP_KPA, src, NOW, 120);
		}
		site_cdu_set_health(s, cdu, c ? HEALTH_CRITICAL : HEALTH_OK, c ? "Leak in tray 3" : NULL);
		site_cdu_pump(s, cdu, "pump1", src, NOW, 70, true, HEALTH_OK);
		site_cdu_pump(s, cdu, "pump2", src, NOW, 0, c == 0, c ? HEALTH_CRITICAL : HEALTH_OK);
		site_cdu_leak(s, cdu, "tray-3", NOW, c ? LEAK_CRITICAL : LEAK_OK);
	}

	site_partition_set(s, "batch", 16, 128, true);
	site_account_set(s, "acme", 10, "research");
	site_account_set(s, "beta", 5, "startup");
	site_jobs_begin(s);
	for (int i = 0; i < njobs; i++) {
		Job j;
		memset(&j, 0, sizeof j);
		j.id = (uint32_t)(1000 + i);
		snprintf(j.name, sizeof j.name, "train-%d", i);
		snprintf(j.user, sizeof j.user, "%s", i % 3 == 0 ? "alice" : i % 3 == 1 ? "bob" : "carol");
		snprintf(j.account, sizeof j.account, "%s", i % 2 ? "beta" : "acme");
		snprintf(j.partition, sizeof j.partition, "batch");
		int32_t nodes[2] = { (i * 2) % 16, (i * 2 + 1) % 16 };
		if (i % 4 == 3) {
			j.state = JOB_PENDING;
			snprintf(j.reason, sizeof j.reason, "Resources");
		} else {
			j.state = JOB_RUNNING;
			j.nodes = nodes;
			j.nnodes = 2;
			snprintf(j.nodelist, sizeof j.nodelist, "gpu[%03d-%03d]", nodes[0] + 1, nodes[1] + 1);
			j.start_time = NOW - 3600 - i;
		}
		j.gpus = 16;
		j.submit_time = NOW - 7200;
		j.priority = (uint32_t)(1000 - i % 1000);
		j.time_limit_min = -1;
		assert_true(site_job_set(s, &j) >= 0);
	}
	site_jobs_end(s);
	site_touch(s, NOW);
	return s;
}

static void fixture_init(Fixture *f, int njobs)
{
	memset(f, 0, sizeof *f);
	f->site = build_site("norway-1", njobs);
	f->other = site_new("empty-2");
	assert_non_null(f->other);
	f->alerts = alerts_new();
	assert_non_null(f->alerts);
	AlertConfig cfg;
	alerts_config_default(&cfg);
	alerts_evaluate(f->alerts, f->site, &cfg, NOW);
	f->sites[0] = f->site;
	f->sites[1] = f->other;
	f->ctx.site = f->site;
	f->ctx.v = site_view(f->site);
	f->ctx.sites = f->sites;
	f->ctx.nsites = 2;
	f->ctx.current = 0;
	f->ctx.now = NOW;
	f->ctx.filter_text = "";
	f->ctx.gpu_temp_warn = 85;
	f->ctx.gpu_temp_crit = 90;
}

static void fixture_free(Fixture *f)
{
	alerts_free(f->alerts);
	site_free(f->site);
	site_free(f->other);
}

/* Canvas of w+4 x h+4 filled with the sentinel; the panel gets the inner
 * Rect at (2,2). */
static void draw_panel(const PanelOps *ops, void *st, const PanelCtx *ctx, Canvas *cv, int w, int h, bool ascii)
{
	assert_int_equal(canvas_init(cv, w + 4, h + 4), 0);
	cv->ascii = ascii;
	canvas_fill(cv, (Rect){ 0, 0, w + 4, h + 4 }, SENTINEL, ROLE_ACCENT);
	ops->draw(st, ctx, cv, (Rect){ 2, 2, w, h });
}

static void assert_outside_untouched(const Canvas *cv, const char *what)
{
	for (int y = 0; y < cv->h; y++)
		for (int x = 0; x < cv->w; x++) {
			bool inside = x >= 2 && y >= 2 && x < cv->w - 2 && y < cv->h - 2;
			const Cell *c = &cv->cells[y * cv->w + x];
			if (!inside && (c->ch != SENTINEL || c->role != ROLE_ACCENT))
				fail_msg("%s drew outside its rect at %d,%d (%dx%d)", what, x, y, cv->w - 4, cv->h - 4);
		}
}

static bool canvas_has(const Canvas *cv, const char *needle)
{
	char buf[2048];
	for (int y = 0; y < cv->h; y++)
		if (strstr(canvas_row_text(cv, y, buf, sizeof buf), needle))
			return true;
	return false;
}

static void dump(const Canvas *cv)
{
	char buf[2048];
	for (int y = 0; y < cv->h; y++)
		printf("|%s|\n", canvas_row_text(cv, y, buf, sizeof buf));
}

static void expect_text(const Canvas *cv, const char *needle, const char *what)
{
	if (!canvas_has(cv, needle)) {
		dump(cv);
		fail_msg("%s: \"%s\" not drawn", what, needle);
	}
}

/* ---- format -------------------------------------------------------------- */

static void test_format(void **state)
{
	(void)state;
	char b[64];
	assert_string_equal(fmt_count(b, sizeof b, 20000), "20,000");
	assert_string_equal(fmt_count(b, sizeof b, 999), "999");
	assert_string_equal(fmt_count(b, sizeof b, -1234567), "-1,234,567");
	assert_string_equal(fmt_duration(b, sizeof b, 3), "3s");
	assert_string_equal(fmt_duration(b, sizeof b, 240), "4m");
	assert_string_equal(fmt_duration(b, sizeof b, 7500), "2h05m");
	assert_string_equal(fmt_age(b, sizeof b, NOW, 0, false), "\xE2\x80\x94");
	assert_string_equal(fmt_age(b, sizeof b, NOW, 0, true), "-");
	assert_string_equal(fmt_watts(b, sizeof b, 231.4e6, false), "231.4 MW");
	assert_string_equal(fmt_watts(b, sizeof b, 12300, false), "12.3 kW");
	assert_string_equal(fmt_temp(b, sizeof b, 72, true), "72C");
	assert_string_equal(fmt_temp(b, sizeof b, 72, false), "72\xC2\xB0" "C");
	assert_int_equal(fmt_temp_role(91, 85, 90), ROLE_CRIT);
	assert_int_equal(fmt_temp_role(86, 85, 90), ROLE_WARN);
	assert_int_equal(fmt_temp_role(60, 85, 90), ROLE_OK);

	Site *s = site_new("t");
	SourceId src = site_source_add(s, "p", "prometheus", 30);
	const SiteView *v = site_view(s);
	Val unknown = { 0, 0, 0 };
	assert_int_equal(fmt_val_watts(b, sizeof b, v, unknown, NOW, ROLE_NORMAL, false), ROLE_UNKNOWN);
	assert_string_equal(b, "\xE2\x80\x94");
	assert_int_equal(fmt_val_temp(b, sizeof b, v, unknown, NOW, 85, 90, true), ROLE_UNKNOWN);
	assert_string_equal(b, "-");
	Val fresh = { 42.0f, (uint32_t)NOW - 5, src }, stale = { 42.0f, (uint32_t)NOW - 31, src };
	assert_int_equal(fmt_val_pct(b, sizeof b, v, fresh, NOW, ROLE_OK, false), ROLE_OK);
	assert_string_equal(b, "42%");
	assert_int_equal(fmt_val_pct(b, sizeof b, v, stale, NOW, ROLE_OK, false), ROLE_STALE);
	assert_int_equal(fmt_val(b, sizeof b, v, fresh, NOW, 1, " kPa", ROLE_NORMAL, false), ROLE_NORMAL);
	assert_string_equal(b, "42.0 kPa");

	int32_t node = site_node_add(s, "n1", -1, -1, 8);
	const Node *n = &site_view(s)->nodes[node];
	assert_int_equal(fmt_node_state_glyph(n), '?');
	assert_int_equal(fmt_node_state_role(n), ROLE_UNKNOWN);
	site_node_set_state(s, node, src, NOW, NODE_IDLE, NODEF_DRAIN, "x", NULL, 0);
	n = &site_view(s)->nodes[node];
	assert_int_equal(fmt_node_state_glyph(n), 'D');
	assert_int_equal(fmt_node_state(b, sizeof b, site_view(s), n, NOW), ROLE_WARN);
	assert_string_equal(b, "drained");
	site_node_set_state(s, node, src, NOW, NODE_DOWN, 0, NULL, NULL, 0);
	n = &site_view(s)->nodes[node];
	assert_int_equal(fmt_node_state_glyph(n), 'X');
	assert_int_equal(fmt_node_state_role(n), ROLE_CRIT);
	assert_string_equal(fmt_node_class_name(site_node_class(n)), "down");
	site_free(s);
}

/* ---- table --------------------------------------------------------------- */

static Role num_cell(void *ctx, int32_t row, int col, char *buf, size_t len)
{
	(void)ctx;
	snprintf(buf, len, col == 0 ? "row%d" : "%d", row);
	return ROLE_NORMAL;
}

static int cmp_mod(void *ctx, int32_t a, int32_t b)
{
	(void)ctx;
	return (a % 7) - (b % 7);
}

static void test_table(void **state)
{
	(void)state;
	enum { N = 20000 };
	TableRows rows = { 0 };
	assert_true(table_rows_changed(&rows, 1, 0, false, "", 0));
	assert_false(table_rows_changed(&rows, 1, 0, false, "", 0));
	assert_true(table_rows_changed(&rows, 1, 0, false, "x", 0));
	assert_int_equal(table_rows_reserve(&rows, N), 0);
	for (int i = 0; i < N; i++)
		rows.idx[i] = i;
	rows.n = N;
	table_rows_sort(&rows, cmp_mod, NULL);
	for (int i = 1; i < N; i++) {
		int a = rows.idx[i - 1], b = rows.idx[i];
		assert_true(a % 7 < b % 7 || (a % 7 == b % 7 && a < b)); /* stable */
	}
	for (int i = 0; i < N; i++)
		rows.idx[i] = i;

	static const TableCol cols[] = { { "NAME", 8, false, true }, { "VALUE", 6, true, false } };
	TableState t;
	table_init(&t, 1, true);
	Canvas cv;
	assert_int_equal(canvas_init(&cv, 40, 12), 0);
	table_draw(&cv, (Rect){ 0, 0, 40, 12 }, cols, 2, &t, rows.idx, rows.n, num_cell, NULL, NULL);
	expect_text(&cv, "1-10 of 20,000", "table");
	expect_text(&cv, "row0", "table");
	assert_int_equal(cv.cells[1 * 40 + 0].role, ROLE_SELECTED);
	assert_int_equal(cv.cells[0].role, ROLE_HEADER);
	table_command(&t, rows.n, CMD_DOWN);
	assert_int_equal(t.cursor, 1);
	table_command(&t, rows.n, CMD_PAGE_DOWN);
	assert_int_equal(t.cursor, 11);
	table_command(&t, rows.n, CMD_END);
	assert_int_equal(t.cursor, N - 1);
	canvas_clear(&cv);
	table_draw(&cv, (Rect){ 0, 0, 40, 12 }, cols, 2, &t, rows.idx, rows.n, num_cell, NULL, NULL);
	expect_text(&cv, "19,991-20,000 of 20,000", "table end");
	expect_text(&cv, "row19999", "table end");
	table_command(&t, rows.n, CMD_HOME);
	assert_int_equal(t.cursor, 0);
	table_command(&t, rows.n, CMD_UP);
	assert_int_equal(t.cursor, 0);
	assert_int_equal(table_selected(&t, rows.idx, rows.n), 0);
	table_sort_command(&t, 2, CMD_SORT_NEXT);
	assert_int_equal(t.sort_col, 0);
	/* tiny rects */
	table_draw(&cv, (Rect){ 0, 0, 3, 1 }, cols, 2, &t, rows.idx, rows.n, num_cell, NULL, NULL);
	table_draw(&cv, (Rect){ 0, 0, 0, 0 }, cols, 2, &t, rows.idx, rows.n, num_cell, NULL, NULL);
	canvas_free(&cv);
	table_rows_free(&rows);
}

/* ---- panel table ---------------------------------------------------------- */

static void test_panel_table(void **state)
{
	(void)state;
	for (int i = 0; i < PANEL_COUNT; i++) {
		assert_non_null(panel_table[i]);
		assert_int_equal(panel_table[i]->id, i);
		assert_ptr_equal(panel_find(panel_table[i]->name), panel_table[i]);
	}
	assert_null(panel_find("nope"));
	assert_int_equal(panel_for_entity(ENT_GPU), PANEL_NODE);
	assert_int_equal(panel_for_entity(ENT_NODE), PANEL_NODE);
	assert_int_equal(panel_for_entity(ENT_RACK), PANEL_RACK);
	assert_int_equal(panel_for_entity(ENT_CDU), PANEL_COOLING);
	assert_int_equal(panel_for_entity(ENT_FEED), PANEL_POWER);
	assert_int_equal(panel_for_entity(ENT_SITE), PANEL_POWER);
	assert_int_equal(panel_for_entity(ENT_SOURCE), PANEL_OVERVIEW);
	assert_int_equal(panel_for_entity(ENT_JOB), PANEL_JOBS);
	assert_int_equal(panel_for_entity(ENT_ROW), PANEL_RACKS);
	assert_int_equal(panel_for_entity(ENT_HALL), PANEL_RACKS);
}

/* ---- every panel at every size -------------------------------------------- */

static void test_panels_sizes(void **state)
{
	(void)state;
	Fixture f;
	fixture_init(&f, 12);
	static const int sizes[][2] = { { 80, 21 }, { 120, 40 }, { 200, 60 }, { 10, 3 }, { 1, 1 }, { 40, 8 } };
	for (int p = 0; p < NMINE; p++) {
		void *st = mine[p]->create();
		assert_non_null(st);
		for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
			for (int ascii = 0; ascii < 2; ascii++) {
				Canvas cv;
				draw_panel(mine[p], st, &f.ctx, &cv, sizes[s][0], sizes[s][1], ascii);
				assert_outside_untouched(&cv, mine[p]->name);
				canvas_free(&cv);
			}
		/* every command on every panel is safe */
		for (int c = 0; c < CMD_COUNT; c++) {
			Nav nav;
			mine[p]->command(st, &f.ctx, (PanelCmd)c, &nav);
		}
		mine[p]->destroy(st);
	}
	/* empty model: "no data" messages, no crash */
	PanelCtx empty = f.ctx;
	empty.site = f.other;
	empty.v = site_view(f.other);
	empty.nsites = 0;
	for (int p = 0; p < NMINE; p++) {
		void *st = mine[p]->create();
		Canvas cv;
		draw_panel(mine[p], st, &empty, &cv, 80, 21, false);
		assert_outside_untouched(&cv, mine[p]->name);
		if (!canvas_has(&cv, "No ") && !canvas_has(&cv, "no ")) {
			dump(&cv);
			fail_msg("%s: no empty-model message", mine[p]->name);
		}
		Nav nav;
		EntityRef e;
		mine[p]->command(st, &empty, CMD_ENTER, &nav);
		mine[p]->selection(st, &empty, &e);
		canvas_free(&cv);
		mine[p]->destroy(st);
	}
	fixture_free(&f);
}

static void draw_one(const PanelOps *ops, void *st, const PanelCtx *ctx, Canvas *cv, int w, int h)
{
	draw_panel(ops, st, ctx, cv, w, h, false);
	assert_outside_untouched(cv, ops->name);
}

static void test_overview(void **state)
{
	(void)state;
	Fixture f;
	fixture_init(&f, 12);
	void *st = overview_panel_ops.create();
	int sizes[][2] = { { 80, 21 }, { 120, 40 }, { 200, 60 } };
	for (int s = 0; s < 3; s++) {
		Canvas cv;
		draw_one(&overview_panel_ops, st, &f.ctx, &cv, sizes[s][0], sizes[s][1]);
		expect_text(&cv, "headroom 10.0 MW (4.3%)", "overview");
		expect_text(&cv, "up 103", "overview");        /* 13 nodes x 8, one GPU off the bus */
		expect_text(&cv, "drained 8", "overview");
		expect_text(&cv, "down 8", "overview");
		expect_text(&cv, "unknown 8", "overview");
		expect_text(&cv, "off the bus 1", "overview");
		expect_text(&cv, "1 critical", "overview");     /* CDU health */
		expect_text(&cv, "leaks 1", "overview");
		expect_text(&cv, "Alerts", "overview");
		expect_text(&cv, "redfish cdu", "overview");
		expect_text(&cv, "FAILING", "overview");
		expect_text(&cv, "connection refused", "overview");
		canvas_free(&cv);
	}
	/* cursor over the worst alerts; Enter navigates to the second one */
	int32_t worst[5];
	int32_t nw = alerts_sorted(f.ctx.v, worst, 5, false);
	assert_true(nw >= 2);
	Nav nav = { 0 };
	assert_true(overview_panel_ops.command(st, &f.ctx, CMD_DOWN, &nav) & PK_HANDLED);
	unsigned k = overview_panel_ops.command(st, &f.ctx, CMD_ENTER, &nav);
	assert_true(k & PK_NAV);
	assert_int_equal(nav.panel, PANEL_AUTO);
	assert_int_equal(nav.target.kind, f.ctx.v->alerts[worst[1]].about.kind);
	assert_int_equal(nav.target.index, f.ctx.v->alerts[worst[1]].about.index);
	Canvas cv;
	draw_one(&overview_panel_ops, st, &f.ctx, &cv, 120, 40);
	bool sel = false;
	for (int i = 0; i < cv.w * cv.h; i++)
		sel |= cv.cells[i].role == ROLE_SELECTED;
	assert_true(sel);
	canvas_free(&cv);
	overview_panel_ops.destroy(st);
	fixture_free(&f);
}

static void test_power(void **state)
{
	(void)state;
	Fixture f;
	fixture_init(&f, 12);
	void *st = power_panel_ops.create();
	Canvas cv;
	draw_one(&power_panel_ops, st, &f.ctx, &cv, 120, 40);
	expect_text(&cv, "headroom 10.0 MW (4.3%)", "power");
	expect_text(&cv, "230.0 MW", "power");
	expect_text(&cv, "H1-R02", "power");
	expect_text(&cv, "hydro-A", "power");
	expect_text(&cv, "pdu-K01", "power");
	expect_text(&cv, "last 1 h", "power");
	expect_text(&cv, "now", "power");
	bool drew = false, supply = false;
	for (int i = 0; i < cv.w * cv.h; i++) {
		drew |= cv.cells[i].role == ROLE_CHART_DRAW;
		supply |= cv.cells[i].role == ROLE_CHART_SUPPLY;
	}
	assert_true(drew && supply);
	canvas_free(&cv);
	Nav nav;
	assert_true(power_panel_ops.command(st, &f.ctx, CMD_METRIC_NEXT, &nav) & PK_REDRAW);
	draw_panel(&power_panel_ops, st, &f.ctx, &cv, 80, 21, true);
	assert_outside_untouched(&cv, "power ascii");
	expect_text(&cv, "last 4 h", "power");
	expect_text(&cv, "#", "power ascii chart");
	canvas_free(&cv);
	/* Enter on the first breakdown line (the hall) opens the racks panel */
	assert_true(power_panel_ops.command(st, &f.ctx, CMD_ENTER, &nav) & PK_NAV);
	assert_int_equal(nav.panel, PANEL_RACKS);
	assert_int_equal(nav.target.kind, ENT_HALL);
	power_panel_ops.command(st, &f.ctx, CMD_DOWN, &nav);
	power_panel_ops.command(st, &f.ctx, CMD_ENTER, &nav);
	assert_int_equal(nav.target.kind, ENT_ROW);
	assert_int_equal(nav.target.index, 0);
	power_panel_ops.destroy(st);
	fixture_free(&f);
}

static void test_cooling(void **state)
{
	(void)state;
	Fixture f;
	fixture_init(&f, 12);
	void *st = cooling_panel_ops.create();
	Canvas cv;
	draw_one(&cooling_panel_ops, st, &f.ctx, &cv, 120, 40);
	expect_text(&cv, "CDU-H1-R01", "cooling");
	expect_text(&cv, "LEAK", "cooling");
	expect_text(&cv, "pump2", "cooling");
	expect_text(&cv, "stopped", "cooling");
	expect_text(&cv, "Leak in tray 3", "cooling");
	expect_text(&cv, "H1-R02-K01", "cooling");      /* racks served */
	expect_text(&cv, "loop-H1", "cooling");
	/* worst first: the leaking CDU is on the first body line */
	char buf[512];
	canvas_row_text(&cv, 2 + 2, buf, sizeof buf);
	assert_non_null(strstr(buf, "CDU-H1-R02"));
	/* unknown flow shows a dash, not 0 */
	assert_non_null(strstr(buf, "\xE2\x80\x94"));
	canvas_free(&cv);
	EntityRef e;
	assert_true(cooling_panel_ops.selection(st, &f.ctx, &e));
	assert_int_equal(e.kind, ENT_CDU);
	assert_int_equal(e.index, 1);
	/* filter on CDU names */
	char err[128];
	HostMatch *m = hostmatch_new("R01", err, sizeof err);
	PanelCtx c2 = f.ctx;
	c2.filter = m;
	c2.filter_text = "R01";
	draw_one(&cooling_panel_ops, st, &c2, &cv, 120, 40);
	expect_text(&cv, "1-1 of 1", "cooling filter");
	canvas_free(&cv);
	hostmatch_free(m);
	cooling_panel_ops.destroy(st);
	fixture_free(&f);
}

static void test_jobs(void **state)
{
	(void)state;
	Fixture f;
	fixture_init(&f, 12);
	void *st = jobs_panel_ops.create();
	Canvas cv;
	draw_one(&jobs_panel_ops, st, &f.ctx, &cv, 120, 40);
	expect_text(&cv, "1000", "jobs");
	expect_text(&cv, "Resources", "jobs");
	expect_text(&cv, "Running 9 jobs 144 GPUs", "jobs");
	expect_text(&cv, "Pending 3 jobs 48 GPUs", "jobs");
	expect_text(&cv, "acme", "jobs");
	expect_text(&cv, "1-12 of 12", "jobs");
	canvas_free(&cv);
	/* default order: running by priority; Enter → first node of the job */
	Nav nav;
	assert_true(jobs_panel_ops.command(st, &f.ctx, CMD_ENTER, &nav) & PK_NAV);
	assert_int_equal(nav.panel, PANEL_AUTO);
	assert_int_equal(nav.target.kind, ENT_NODE);
	assert_int_equal(nav.target.index, 0);  /* job 1000 runs on gpu001 */
	jobs_panel_ops.command(st, &f.ctx, CMD_DOWN, &nav);
	EntityRef e;
	assert_true(jobs_panel_ops.selection(st, &f.ctx, &e));
	assert_int_equal(e.kind, ENT_JOB);
	assert_int_equal(e.index, 1001);
	/* substring filter */
	char err[128];
	HostMatch *m = hostmatch_new("alice", err, sizeof err);
	PanelCtx c2 = f.ctx;
	c2.filter = m;
	c2.filter_text = "alice";
	draw_one(&jobs_panel_ops, st, &c2, &cv, 120, 40);
	expect_text(&cv, "1-4 of 4", "jobs filter alice");
	canvas_free(&cv);
	hostmatch_free(m);
	/* hostlist filter: jobs with a node in gpu[003-004] (jobs 1001 and 1009) */
	m = hostmatch_new("gpu[003-004]", err, sizeof err);
	assert_non_null(m);
	c2.filter = m;
	c2.filter_text = "gpu[003-004]";
	draw_one(&jobs_panel_ops, st, &c2, &cv, 120, 40);
	expect_text(&cv, "1-2 of 2", "jobs filter hostlist");
	expect_text(&cv, "1009", "jobs filter hostlist");
	canvas_free(&cv);
	hostmatch_free(m);
	/* sorting */
	jobs_panel_ops.command(st, &f.ctx, CMD_HOME, &nav);
	for (int i = 0; i < 5; i++)  /* STATE → GPUS → TIME → NODES → PART → PRIO */
		jobs_panel_ops.command(st, &f.ctx, CMD_SORT_NEXT, &nav);
	jobs_panel_ops.command(st, &f.ctx, CMD_SORT_NEXT, &nav); /* → JOBID */
	jobs_panel_ops.command(st, &f.ctx, CMD_SORT_REVERSE, &nav);
	jobs_panel_ops.command(st, &f.ctx, CMD_HOME, &nav);
	assert_true(jobs_panel_ops.selection(st, &f.ctx, &e));
	assert_int_equal(e.index, 1011);
	jobs_panel_ops.destroy(st);
	fixture_free(&f);
}

static void test_alerts(void **state)
{
	(void)state;
	Fixture f;
	fixture_init(&f, 12);
	void *st = alerts_panel_ops.create();
	Canvas cv;
	draw_one(&alerts_panel_ops, st, &f.ctx, &cv, 120, 40);
	expect_text(&cv, "CRIT", "alerts");
	expect_text(&cv, "Coolant leak detected", "alerts");
	expect_text(&cv, "fell off the bus", "alerts");
	expect_text(&cv, "connection refused", "alerts");
	canvas_free(&cv);
	int32_t order[64];
	int32_t n = alerts_sorted(f.ctx.v, order, 64, true);
	assert_true(n > 3);
	Nav nav;
	alerts_panel_ops.command(st, &f.ctx, CMD_DOWN, &nav);
	alerts_panel_ops.command(st, &f.ctx, CMD_DOWN, &nav);
	assert_true(alerts_panel_ops.command(st, &f.ctx, CMD_ENTER, &nav) & PK_NAV);
	assert_int_equal(nav.panel, PANEL_AUTO);
	assert_int_equal(nav.target.kind, f.ctx.v->alerts[order[2]].about.kind);
	assert_int_equal(nav.target.index, f.ctx.v->alerts[order[2]].about.index);
	/* filter by message */
	char err[128];
	HostMatch *m = hostmatch_new("leak", err, sizeof err);
	PanelCtx c2 = f.ctx;
	c2.filter = m;
	c2.filter_text = "leak";
	draw_one(&alerts_panel_ops, st, &c2, &cv, 120, 40);
	assert_false(canvas_has(&cv, "fell off the bus"));
	expect_text(&cv, "Coolant leak detected", "alerts filter");
	canvas_free(&cv);
	hostmatch_free(m);
	/* a cleared alert is dimmed and listed after the active ones */
	Site *s = f.site;
	int32_t cdu = site_cdu_find(s, "CDU-H1-R02");
	site_cdu_leak(s, cdu, "tray-3", NOW + 10, LEAK_OK);
	AlertConfig cfg;
	alerts_config_default(&cfg);
	alerts_evaluate(f.alerts, s, &cfg, NOW + 10);
	f.ctx.v = site_view(s);
	f.ctx.now = NOW + 10;
	draw_one(&alerts_panel_ops, st, &f.ctx, &cv, 120, 40);
	expect_text(&cv, "(cleared)", "alerts cleared");
	canvas_free(&cv);
	alerts_panel_ops.destroy(st);
	fixture_free(&f);
}

static void test_fleet(void **state)
{
	(void)state;
	Fixture f;
	fixture_init(&f, 12);
	void *st = fleet_panel_ops.create();
	Canvas cv;
	draw_one(&fleet_panel_ops, st, &f.ctx, &cv, 120, 40);
	expect_text(&cv, "* norway-1", "fleet");
	expect_text(&cv, "empty-2", "fleet");
	expect_text(&cv, "10.0 MW 4.3%", "fleet");
	expect_text(&cv, "1 leak", "fleet");
	/* worst first: norway-1 (critical alerts) above the empty site */
	char buf[512];
	canvas_row_text(&cv, 3, buf, sizeof buf);
	assert_non_null(strstr(buf, "norway-1"));
	canvas_free(&cv);
	Nav nav;
	fleet_panel_ops.command(st, &f.ctx, CMD_DOWN, &nav);
	assert_true(fleet_panel_ops.command(st, &f.ctx, CMD_ENTER, &nav) & PK_NAV);
	assert_int_equal(nav.panel, PANEL_OVERVIEW);
	assert_int_equal(nav.target.kind, ENT_SITE);
	assert_int_equal(nav.target.index, 1);
	fleet_panel_ops.destroy(st);
	fixture_free(&f);
}

/* A frame of the jobs panel at 20,000 jobs: the first (sort) and the
 * cached ones. Printed, not asserted beyond a generous bound. */
static void test_jobs_scale(void **state)
{
	(void)state;
	Fixture f;
	fixture_init(&f, 20000);
	const PanelOps *ops[] = { &jobs_panel_ops, &overview_panel_ops, &alerts_panel_ops, &power_panel_ops,
	                          &cooling_panel_ops, &fleet_panel_ops };
	for (size_t p = 0; p < sizeof ops / sizeof ops[0]; p++) {
		void *st = ops[p]->create();
		Canvas cv;
		assert_int_equal(canvas_init(&cv, 200, 60), 0);
		int64_t t0 = clock_mono_us();
		ops[p]->draw(st, &f.ctx, &cv, (Rect){ 0, 0, 200, 60 });
		int64_t t1 = clock_mono_us();
		enum { FRAMES = 200 };
		for (int i = 0; i < FRAMES; i++)
			ops[p]->draw(st, &f.ctx, &cv, (Rect){ 0, 0, 200, 60 });
		int64_t t2 = clock_mono_us();
		double cached = (double)(t2 - t1) / FRAMES;
		printf("# %-8s at 20,000 jobs, 200x60: first frame %.0f us, cached frame %.1f us\n",
		       ops[p]->name, (double)(t1 - t0), cached);
		if (p == 0) {
			expect_text(&cv, "of 20,000", "jobs scale");
			assert_true(cached < 2000.0);
		}
		canvas_free(&cv);
		ops[p]->destroy(st);
	}
	fixture_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_panel_table),
		cmocka_unit_test(test_panels_sizes),
		cmocka_unit_test(test_overview),
		cmocka_unit_test(test_power),
		cmocka_unit_test(test_cooling),
		cmocka_unit_test(test_jobs),
		cmocka_unit_test(test_alerts),
		cmocka_unit_test(test_fleet),
		cmocka_unit_test(test_jobs_scale),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
