/* Unit tests for panels/racks.c, panels/rack.c and panels/node.c. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panels/panel.h"
#include "site/hostlist.h"
#include "site/site.h"
#include "util/clock.h"

extern const PanelOps racks_panel_ops;
extern const PanelOps rack_panel_ops;
extern const PanelOps node_panel_ops;

#define NOW 1700000000
#define SENTINEL 0x2603 /* ☃: never drawn by a panel */

typedef struct {
	Site *s;
	PanelCtx ctx;
	uint8_t marked[256];
	int32_t unplaced;
} Fix;

/* 2 halls x 2 rows x 4 racks x 8 nodes x 8 GPUs, one unplaced node. Rack 0
 * has temperatures 50.., rack 3 is hot (95), the rest unknown; node 9
 * (rack 1) is down, node 17 (rack 2) drained; node 0 GPU 3 fell off the bus
 * with XID 79; a CDU on row 0, a PDU in rack 0, job 1001 on nodes 0 and 1. */
static Fix *fix_new(void)
{
	Fix *f = calloc(1, sizeof *f);
	assert_non_null(f);
	Site *s = f->s = site_new("test");
	assert_non_null(s);
	SourceId src = site_source_add(s, "prom", "prometheus", 600);
	site_source_ok(s, src, NOW, true);
	char name[64];
	int node = 0;
	for (int h = 0; h < 2; h++) {
		snprintf(name, sizeof name, "H%d", h + 1);
		int32_t hi = site_hall_add(s, name);
		for (int r = 0; r < 2; r++) {
			snprintf(name, sizeof name, "H%d-R%02d", h + 1, r + 1);
			int32_t ri = site_row_add(s, hi, name);
			for (int k = 0; k < 4; k++) {
				snprintf(name, sizeof name, "H%d-R%02d-K%02d", h + 1, r + 1, k + 1);
				int32_t ki = site_rack_add(s, ri, name);
				site_rack_set_budget(s, ki, 40000);
				for (int n = 0; n < 8; n++, node++) {
					snprintf(name, sizeof name, "gpu%05d", node);
					int32_t ni = site_node_add(s, name, ki, n, 8);
					assert_int_equal(ni, node);
					site_node_set_state(s, ni, src, NOW, NODE_IDLE, 0, NULL, NULL, 0);
				}
			}
		}
	}
	f->unplaced = site_node_add(s, "stray01", -1, -1, 8);
	const SiteView *v = site_view(s);
	for (int g = 0; g < 64; g++) {
		site_gpu_set(s, g, GF_TEMP_C, src, NOW, 50.0f + (float)(g % 8));
		site_gpu_set(s, g, GF_UTIL_PCT, src, NOW, 40);
		site_gpu_set(s, g, GF_XID, src, NOW, 0);
	}
	for (int g = 3 * 64; g < 4 * 64; g++)
		site_gpu_set(s, g, GF_TEMP_C, src, NOW, 95);
	int32_t bad = site_gpu_find(s, 0, 3);
	site_gpu_set(s, bad, GF_XID, src, NOW, 79);
	site_gpu_set_present(s, bad, false);
	site_node_set_state(s, 9, src, NOW, NODE_DOWN, NODEF_NOT_RESPONDING, "not responding", "slurm", NOW - 60);
	site_node_set_state(s, 17, src, NOW, NODE_IDLE, NODEF_DRAIN, "bad fan", "ops", NOW - 3600);
	int32_t cdu = site_cdu_add(s, "CDU-H1-R01", 0);
	site_cdu_set(s, cdu, CF_SUPPLY_C, src, NOW, 31.5f);
	site_cdu_set_health(s, cdu, HEALTH_OK, "");
	int32_t pdu = site_pdu_add(s, "PDU-H1-R01-K01", 0);
	site_pdu_set(s, pdu, src, NOW, 30000, 40000, 12, HEALTH_OK, 0);
	site_rack_set_power(s, 0, src, NOW, 30000);
	int32_t jn[2] = { 0, 1 };
	Job j = { .id = 1001, .state = JOB_RUNNING, .nodes = jn, .nnodes = 2, .gpus = 16,
	          .start_time = NOW - 7200 };
	snprintf(j.name, sizeof j.name, "train-llm");
	snprintf(j.user, sizeof j.user, "alice");
	snprintf(j.account, sizeof j.account, "research");
	site_jobs_begin(s);
	assert_true(site_job_set(s, &j) >= 0);
	site_jobs_end(s);
	site_touch(s, NOW);
	v = site_view(s);
	f->ctx = (PanelCtx){ .site = s, .v = v, .now = NOW, .filter_text = "", .marked = f->marked,
	                     .gpu_temp_warn = 85, .gpu_temp_crit = 90 };
	return f;
}

static void fix_free(Fix *f)
{
	site_free(f->s);
	free(f);
}

/* Draw p into a (w+2)x(h+2) canvas full of sentinels at Rect {1,1,w,h} and
 * check nothing changed outside the Rect. */
static void draw_checked(const PanelOps *ops, void *st, const PanelCtx *ctx, Canvas *cv, int w, int h)
{
	assert_int_equal(canvas_init(cv, w + 2, h + 2), 0);
	canvas_fill(cv, (Rect){ 0, 0, w + 2, h + 2 }, SENTINEL, ROLE_ACCENT);
	ops->draw(st, ctx, cv, (Rect){ 1, 1, w, h });
	for (int y = 0; y < h + 2; y++)
		for (int x = 0; x < w + 2; x++) {
			bool in = x >= 1 && y >= 1 && x <= w && y <= h;
			if (in)
				continue;
			const Cell *c = &cv->cells[y * cv->w + x];
			if (c->ch != SENTINEL || c->role != ROLE_ACCENT)
				fail_msg("%s %dx%d: drew outside its Rect at %d,%d", ops->name, w, h, x, y);
		}
}

/* First line of cv holding needle, or -1. */
static int find_line(const Canvas *cv, const char *needle)
{
	char buf[4096];
	for (int y = 0; y < cv->h; y++)
		if (strstr(canvas_row_text(cv, y, buf, sizeof buf), needle))
			return y;
	return -1;
}

static void expect_text(const Canvas *cv, const char *needle)
{
	if (find_line(cv, needle) < 0) {
		char buf[4096];
		for (int y = 0; y < cv->h; y++)
			fprintf(stderr, "|%s|\n", canvas_row_text(cv, y, buf, sizeof buf));
		fail_msg("no \"%s\" on the canvas", needle);
	}
}

/* Column of needle in line y (code points), or -1. */
static int find_col(const Canvas *cv, int y, uint32_t ch, int from)
{
	for (int x = from; x < cv->w; x++)
		if (cv->cells[y * cv->w + x].ch == ch)
			return x;
	return -1;
}

static void test_sizes(void **state)
{
	(void)state;
	Fix *f = fix_new();
	const PanelOps *ops[] = { &racks_panel_ops, &rack_panel_ops, &node_panel_ops };
	static const int sizes[][2] = { { 80, 21 }, { 120, 40 }, { 200, 60 }, { 10, 3 }, { 1, 1 }, { 30, 5 } };
	for (size_t i = 0; i < 3; i++) {
		void *st = ops[i]->create();
		assert_non_null(st);
		ops[i]->open(st, &f->ctx, (EntityRef){ ENT_NODE, 0 });
		for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
			for (int asc = 0; asc < 2; asc++) {
				Canvas cv;
				cv.ascii = false;
				draw_checked(ops[i], st, &f->ctx, &cv, sizes[k][0], sizes[k][1]);
				canvas_free(&cv);
				(void)asc;
			}
		}
		ops[i]->destroy(st);
	}
	fix_free(f);
}

static void test_racks_map(void **state)
{
	(void)state;
	Fix *f = fix_new();
	void *st = racks_panel_ops.create();
	Canvas cv;
	draw_checked(&racks_panel_ops, st, &f->ctx, &cv, 120, 40);
	expect_text(&cv, "H1");
	expect_text(&cv, "H2");
	expect_text(&cv, "R02");
	expect_text(&cv, "temp");
	expect_text(&cv, "X down");
	expect_text(&cv, "? unknown");
	expect_text(&cv, "H1-R01-K01");   /* detail line: the cursor's rack */
	expect_text(&cv, "CDU-H1-R01");
	expect_text(&cv, "unplaced");
	/* row H1-R01: K01 temps known, K02 has the down node, K03 drained, K04 hot */
	int y = find_line(&cv, "\u2603R01 ");
	assert_true(y > 2);
	int x = 5;   /* border, "R01 ", then the cells */
	assert_int_not_equal(cv.cells[y * cv.w + x].ch, ' ');
	assert_int_equal(cv.cells[y * cv.w + x].role, ROLE_SELECTED);       /* the cursor, K01 */
	assert_int_equal(cv.cells[y * cv.w + x + 1].ch, 'X');               /* K02: down node */
	assert_int_equal(cv.cells[y * cv.w + x + 2].ch, 'D');               /* K03: drained */
	assert_int_equal(cv.cells[y * cv.w + x + 3].role, ROLE_HEAT5);      /* K04 at 95 °C */
	assert_int_equal(cv.cells[y * cv.w + x + 3].ch, 0x25B2);
	/* row H1-R02: unknown temperatures shown as '?' not as cool */
	int y2 = find_line(&cv, "\u2603R02 ");
	assert_true(y2 > y);
	assert_int_equal(cv.cells[y2 * cv.w + x].ch, '?');
	assert_int_equal(cv.cells[y2 * cv.w + x].role, ROLE_UNKNOWN);
	canvas_free(&cv);

	/* next metric: power, then the legend changes */
	Nav nav;
	assert_true(racks_panel_ops.command(st, &f->ctx, CMD_METRIC_NEXT, &nav) & PK_REDRAW);
	draw_checked(&racks_panel_ops, st, &f->ctx, &cv, 120, 40);
	expect_text(&cv, "power/budget");
	canvas_free(&cv);
	racks_panel_ops.command(st, &f->ctx, CMD_METRIC_NEXT, &nav);
	racks_panel_ops.command(st, &f->ctx, CMD_METRIC_NEXT, &nav);
	draw_checked(&racks_panel_ops, st, &f->ctx, &cv, 80, 21);
	expect_text(&cv, "state");
	canvas_free(&cv);
	/* ASCII */
	cv.ascii = true;
	assert_int_equal(canvas_init(&cv, 80, 21), 0);
	cv.ascii = true;
	racks_panel_ops.draw(st, &f->ctx, &cv, (Rect){ 0, 0, 80, 21 });
	expect_text(&cv, "X down");
	canvas_free(&cv);
	racks_panel_ops.destroy(st);
	fix_free(f);
}

static void test_racks_cursor(void **state)
{
	(void)state;
	Fix *f = fix_new();
	void *st = racks_panel_ops.create();
	Canvas cv;
	draw_checked(&racks_panel_ops, st, &f->ctx, &cv, 120, 40);
	canvas_free(&cv);
	Nav nav = { 0 };
	EntityRef e;
	assert_true(racks_panel_ops.selection(st, &f->ctx, &e));
	assert_int_equal(e.kind, ENT_RACK);
	assert_int_equal(e.index, 0);
	racks_panel_ops.command(st, &f->ctx, CMD_RIGHT, &nav);
	racks_panel_ops.command(st, &f->ctx, CMD_DOWN, &nav);
	assert_true(racks_panel_ops.selection(st, &f->ctx, &e));
	assert_int_equal(e.index, 5);   /* H1-R02-K02 */
	racks_panel_ops.command(st, &f->ctx, CMD_UP, &nav);
	assert_int_equal(racks_panel_ops.command(st, &f->ctx, CMD_ENTER, &nav) & PK_NAV, PK_NAV);
	assert_int_equal(nav.panel, PANEL_RACK);
	assert_int_equal(nav.target.kind, ENT_RACK);
	assert_int_equal(nav.target.index, 1);
	/* RIGHT past the end of H1's row goes on into H2's row beside it */
	for (int i = 0; i < 3; i++)
		racks_panel_ops.command(st, &f->ctx, CMD_RIGHT, &nav);
	assert_true(racks_panel_ops.selection(st, &f->ctx, &e));
	assert_int_equal(e.index, 8);
	racks_panel_ops.open(st, &f->ctx, (EntityRef){ ENT_ROW, 3 });
	racks_panel_ops.selection(st, &f->ctx, &e);
	assert_int_equal(e.index, 12);
	racks_panel_ops.open(st, &f->ctx, (EntityRef){ ENT_HALL, 1 });
	racks_panel_ops.selection(st, &f->ctx, &e);
	assert_int_equal(e.index, 8);
	racks_panel_ops.open(st, &f->ctx, (EntityRef){ ENT_RACK, 6 });
	racks_panel_ops.selection(st, &f->ctx, &e);
	assert_int_equal(e.index, 6);
	/* the unplaced group: END, Enter opens the rack panel at rack -1 */
	racks_panel_ops.command(st, &f->ctx, CMD_END, &nav);
	assert_false(racks_panel_ops.selection(st, &f->ctx, &e));
	racks_panel_ops.command(st, &f->ctx, CMD_ENTER, &nav);
	assert_int_equal(nav.target.index, -1);
	/* a narrow, short screen: halls stack and the view scrolls to the cursor */
	racks_panel_ops.command(st, &f->ctx, CMD_HOME, &nav);
	draw_checked(&racks_panel_ops, st, &f->ctx, &cv, 16, 6);
	canvas_free(&cv);
	for (int i = 0; i < 3; i++)
		racks_panel_ops.command(st, &f->ctx, CMD_DOWN, &nav);
	racks_panel_ops.selection(st, &f->ctx, &e);
	assert_int_equal(e.index, 12);   /* H2 stacked below H1 */
	draw_checked(&racks_panel_ops, st, &f->ctx, &cv, 16, 6);
	int sel = 0;
	for (int i = 0; i < cv.w * cv.h; i++)
		sel += cv.cells[i].role == ROLE_SELECTED;
	assert_int_equal(sel, 1);
	canvas_free(&cv);
	racks_panel_ops.destroy(st);
	fix_free(f);
}

static void test_racks_filter(void **state)
{
	(void)state;
	Fix *f = fix_new();
	void *st = racks_panel_ops.create();
	char err[128];
	HostMatch *m = hostmatch_new("gpu00042", err, sizeof err);  /* node 42: rack 5 */
	assert_non_null(m);
	f->ctx.filter = m;
	f->ctx.filter_text = "gpu00042";
	Canvas cv;
	draw_checked(&racks_panel_ops, st, &f->ctx, &cv, 120, 40);
	int y = find_line(&cv, "R02 ");
	int x = find_col(&cv, y, ' ', 1) + 1;   /* first cell of H1-R02 */
	assert_int_equal(cv.cells[y * cv.w + x].role, ROLE_DIM);           /* K01: no match */
	assert_int_not_equal(cv.cells[y * cv.w + x + 1].role, ROLE_DIM);   /* K02: gpu00042 */
	expect_text(&cv, "filter: gpu00042");
	canvas_free(&cv);
	f->ctx.filter = NULL;
	f->ctx.filter_text = "";
	draw_checked(&racks_panel_ops, st, &f->ctx, &cv, 120, 40);
	assert_int_not_equal(cv.cells[y * cv.w + x].role, ROLE_DIM);
	canvas_free(&cv);
	hostmatch_free(m);
	racks_panel_ops.destroy(st);
	fix_free(f);
}

static void test_rack_view(void **state)
{
	(void)state;
	Fix *f = fix_new();
	void *st = rack_panel_ops.create();
	rack_panel_ops.open(st, &f->ctx, (EntityRef){ ENT_RACK, 0 });
	f->marked[1] = 1;
	Canvas cv;
	draw_checked(&rack_panel_ops, st, &f->ctx, &cv, 120, 40);
	expect_text(&cv, "H1-R01-K01");
	expect_text(&cv, "CDU-H1-R01");
	expect_text(&cv, "PDU-H1-R01-K01");
	for (int n = 0; n < 8; n++) {
		char name[16];
		snprintf(name, sizeof name, "gpu%05d", n);
		expect_text(&cv, name);
	}
	int y = find_line(&cv, "gpu00000");
	assert_true(find_col(&cv, y, 'X', 20) > 0);          /* the GPU that fell off */
	int ym = find_line(&cv, "gpu00001");
	assert_true(find_col(&cv, ym, '*', 0) >= 0);
	assert_int_equal(cv.cells[ym * cv.w + find_col(&cv, ym, 'g', 0)].role, ROLE_MARKED);
	canvas_free(&cv);
	/* rack 1: unknown temperatures read as "—", the down node's reason */
	rack_panel_ops.open(st, &f->ctx, (EntityRef){ ENT_NODE, 9 });
	EntityRef e;
	assert_true(rack_panel_ops.selection(st, &f->ctx, &e));
	assert_int_equal(e.kind, ENT_NODE);
	assert_int_equal(e.index, 9);
	draw_checked(&rack_panel_ops, st, &f->ctx, &cv, 120, 40);
	y = find_line(&cv, "gpu00010");
	char buf[1024];
	assert_non_null(strstr(canvas_row_text(&cv, y, buf, sizeof buf), "—"));
	assert_null(strstr(buf, "0°C"));
	expect_text(&cv, "not responding");
	canvas_free(&cv);
	Nav nav = { 0 };
	rack_panel_ops.command(st, &f->ctx, CMD_DOWN, &nav);
	rack_panel_ops.command(st, &f->ctx, CMD_DOWN, &nav);
	assert_int_equal(rack_panel_ops.command(st, &f->ctx, CMD_ENTER, &nav) & PK_NAV, PK_NAV);
	assert_int_equal(nav.panel, PANEL_NODE);
	assert_int_equal(nav.target.kind, ENT_NODE);
	assert_int_equal(nav.target.index, 11);
	/* the unplaced nodes */
	rack_panel_ops.open(st, &f->ctx, (EntityRef){ ENT_RACK, -1 });
	draw_checked(&rack_panel_ops, st, &f->ctx, &cv, 80, 21);
	expect_text(&cv, "stray01");
	expect_text(&cv, "unplaced");
	canvas_free(&cv);
	rack_panel_ops.destroy(st);
	fix_free(f);
}

static void test_node_view(void **state)
{
	(void)state;
	Fix *f = fix_new();
	void *st = node_panel_ops.create();
	node_panel_ops.open(st, &f->ctx, (EntityRef){ ENT_GPU, 3 });
	Canvas cv;
	draw_checked(&node_panel_ops, st, &f->ctx, &cv, 120, 60);
	expect_text(&cv, "gpu00000");
	expect_text(&cv, "XID 79");
	expect_text(&cv, "1001");
	expect_text(&cv, "alice");
	expect_text(&cv, "research");
	expect_text(&cv, "CDU-H1-R01");
	expect_text(&cv, "PDU-H1-R01-K01");
	expect_text(&cv, "H1-R01-K01");
	int y = find_line(&cv, "  3   NO");
	assert_true(y >= 0);
	char buf[1024];
	assert_non_null(strstr(canvas_row_text(&cv, y, buf, sizeof buf), "—"));  /* mem temp unknown */
	canvas_free(&cv);
	EntityRef e;
	assert_true(node_panel_ops.selection(st, &f->ctx, &e));
	assert_int_equal(e.index, 0);
	Nav nav = { 0 };
	assert_int_equal(node_panel_ops.command(st, &f->ctx, CMD_ENTER, &nav) & PK_NAV, 0);
	/* the drained node: reason, who, and unknown temperatures as dashes */
	node_panel_ops.open(st, &f->ctx, (EntityRef){ ENT_NODE, 17 });
	draw_checked(&node_panel_ops, st, &f->ctx, &cv, 120, 60);
	expect_text(&cv, "bad fan");
	expect_text(&cv, "ops");
	expect_text(&cv, "Jobs (0)");
	y = find_line(&cv, "  0   yes");
	assert_true(y >= 0);
	assert_non_null(strstr(canvas_row_text(&cv, y, buf, sizeof buf), "—"));
	assert_null(strstr(buf, "0°C"));
	canvas_free(&cv);
	/* 80x21 does not fit: DOWN scrolls */
	node_panel_ops.open(st, &f->ctx, (EntityRef){ ENT_NODE, 0 });
	draw_checked(&node_panel_ops, st, &f->ctx, &cv, 80, 21);
	int before = find_line(&cv, "gpu00000");
	canvas_free(&cv);
	assert_true(node_panel_ops.command(st, &f->ctx, CMD_DOWN, &nav) & PK_REDRAW);
	draw_checked(&node_panel_ops, st, &f->ctx, &cv, 80, 21);
	assert_true(find_line(&cv, "gpu00000") != before);
	canvas_free(&cv);
	node_panel_ops.command(st, &f->ctx, CMD_END, &nav);
	draw_checked(&node_panel_ops, st, &f->ctx, &cv, 80, 21);
	expect_text(&cv, "Alerts");
	canvas_free(&cv);
	node_panel_ops.destroy(st);
	fix_free(f);
}

/* Frame time of the racks panel at 100,000 GPUs (printed, not asserted). */
static void test_racks_bench(void **state)
{
	(void)state;
	Site *s = site_new("big");
	SourceId src = site_source_add(s, "prom", "prometheus", 600);
	site_source_ok(s, src, NOW, true);
	char name[64];
	int node = 0;
	for (int h = 0; h < 4 && node < 12500; h++) {
		snprintf(name, sizeof name, "H%d", h + 1);
		int32_t hi = site_hall_add(s, name);
		for (int r = 0; r < 25 && node < 12500; r++) {
			snprintf(name, sizeof name, "H%d-R%02d", h + 1, r + 1);
			int32_t ri = site_row_add(s, hi, name);
			for (int k = 0; k < 16 && node < 12500; k++) {
				snprintf(name, sizeof name, "H%d-R%02d-K%02d", h + 1, r + 1, k + 1);
				int32_t ki = site_rack_add(s, ri, name);
				for (int n = 0; n < 8 && node < 12500; n++, node++) {
					snprintf(name, sizeof name, "gpu%05d", node + 1);
					int32_t ni = site_node_add(s, name, ki, n, 8);
					site_node_set_state(s, ni, src, NOW, NODE_ALLOCATED, 0, NULL, NULL, 0);
				}
			}
		}
	}
	const SiteView *v = site_view(s);
	assert_int_equal(v->ngpus, 100000);
	for (int32_t g = 0; g < v->ngpus; g++) {
		site_gpu_set(s, g, GF_TEMP_C, src, NOW, 40.0f + (float)(g % 50));
		site_gpu_set(s, g, GF_UTIL_PCT, src, NOW, (float)(g % 100));
	}
	v = site_view(s);
	PanelCtx ctx = { .site = s, .v = v, .now = NOW, .filter_text = "", .gpu_temp_warn = 85, .gpu_temp_crit = 90 };
	void *st = racks_panel_ops.create();
	Canvas cv;
	assert_int_equal(canvas_init(&cv, 200, 60), 0);
	Rect r = { 0, 0, 200, 60 };
	enum { N = 50 };
	int64_t t0 = clock_mono_us();
	for (int i = 0; i < N; i++) {
		site_touch(s, NOW + i);
		ctx.v = site_view(s);
		canvas_clear(&cv);
		racks_panel_ops.draw(st, &ctx, &cv, r);
	}
	int64_t t1 = clock_mono_us();
	for (int i = 0; i < N; i++) {
		canvas_clear(&cv);
		racks_panel_ops.draw(st, &ctx, &cv, r);
	}
	int64_t t2 = clock_mono_us();
	printf("racks panel, 100,000 GPUs, 200x60: %.1f us/frame with a new generation "
	       "(aggregation), %.1f us/frame unchanged\n",
	       (double)(t1 - t0) / N, (double)(t2 - t1) / N);
	expect_text(&cv, "H4");
	canvas_free(&cv);
	racks_panel_ops.destroy(st);
	site_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_racks_map),
		cmocka_unit_test(test_racks_cursor),
		cmocka_unit_test(test_racks_filter),
		cmocka_unit_test(test_rack_view),
		cmocka_unit_test(test_node_view),
		cmocka_unit_test(test_racks_bench),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
