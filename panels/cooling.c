/* Cooling panel: CDUs worst first, the selected CDU's pumps and leaks, loops. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panels/format.h"
#include "panels/panel.h"
#include "panels/table.h"

enum { COL_NAME, COL_ROW, COL_HEALTH, COL_SUP, COL_RET, COL_DT, COL_FLOW, COL_DP, COL_HEAT,
       COL_PUMPS, COL_LEAKS, NCOLS };

static const TableCol cooling_cols[NCOLS] = {
	[COL_NAME] = { "CDU", 10, false, true },
	[COL_ROW] = { "ROW", 6, false, false },
	[COL_HEALTH] = { "HEALTH", 8, false, false },
	[COL_SUP] = { "SUP", 5, true, false },
	[COL_RET] = { "RET", 5, true, false },
	[COL_DT] = { "dT", 4, true, false },
	[COL_FLOW] = { "L/MIN", 6, true, false },
	[COL_DP] = { "KPA", 5, true, false },
	[COL_HEAT] = { "HEAT", 8, true, false },
	[COL_PUMPS] = { "PUMPS", 5, true, false },
	[COL_LEAKS] = { "LEAKS", 5, true, false },
};

typedef struct {
	TableState t;
	TableRows rows;
	bool detail;          /* show the selected CDU's details */
	const PanelCtx *ctx;
	bool ascii;
} CoolingState;

static void *cooling_panel_create(void)
{
	CoolingState *st = calloc(1, sizeof *st);
	if (st) {
		table_init(&st->t, COL_HEALTH, false);
		st->detail = true;
	}
	return st;
}

static void cooling_panel_destroy(void *p)
{
	CoolingState *st = p;
	if (!st)
		return;
	table_rows_free(&st->rows);
	free(st);
}

static int pumps_ok(const Cdu *c)
{
	int ok = 0;
	for (int i = 0; i < c->npumps && i < CDU_PUMPS_MAX; i++)
		if (c->pumps[i].running && c->pumps[i].health != HEALTH_CRITICAL)
			ok++;
	return ok;
}

static int leaks_count(const Cdu *c, LeakState at_least)
{
	int n = 0;
	for (int i = 0; i < c->nleaks && i < CDU_LEAKS_MAX; i++)
		if (c->leaks[i].state >= at_least)
			n++;
	return n;
}

/* Higher is worse. */
static int cdu_badness(const Cdu *c)
{
	if (leaks_count(c, LEAK_CRITICAL))
		return 5;
	if (c->health == HEALTH_CRITICAL)
		return 4;
	if (pumps_ok(c) < c->npumps || leaks_count(c, LEAK_WARNING))
		return 3;
	if (c->health == HEALTH_WARNING)
		return 2;
	if (c->health == HEALTH_UNKNOWN)
		return 1;
	return 0;
}

static int cmp_f(Val a, Val b)
{
	float x = val_known(a) ? a.v : -INFINITY, y = val_known(b) ? b.v : -INFINITY;
	return x < y ? -1 : x > y;
}

static int cooling_cmp(void *p, int32_t a, int32_t b)
{
	const CoolingState *st = p;
	const Cdu *x = &st->ctx->v->cdus[a], *y = &st->ctx->v->cdus[b];
	int c = 0;
	switch (st->t.sort_col) {
	case COL_NAME: c = strcmp(x->name, y->name); break;
	case COL_ROW: c = (x->row > y->row) - (x->row < y->row); break;
	case COL_HEALTH: c = cdu_badness(y) - cdu_badness(x); break; /* worst first */
	case COL_SUP: c = -cmp_f(x->supply_c, y->supply_c); break;
	case COL_RET: c = -cmp_f(x->return_c, y->return_c); break;
	case COL_DT: {
		float dx = val_known(x->supply_c) && val_known(x->return_c) ? x->return_c.v - x->supply_c.v : -INFINITY;
		float dy = val_known(y->supply_c) && val_known(y->return_c) ? y->return_c.v - y->supply_c.v : -INFINITY;
		c = (dx < dy) - (dx > dy);
		break;
	}
	case COL_FLOW: c = cmp_f(x->flow_lpm, y->flow_lpm); break; /* lowest flow first */
	case COL_DP: c = cmp_f(x->dp_kpa, y->dp_kpa); break;
	case COL_HEAT: c = -cmp_f(x->heat_w, y->heat_w); break;
	case COL_PUMPS: c = (pumps_ok(x) - x->npumps) - (pumps_ok(y) - y->npumps); break;
	case COL_LEAKS: c = leaks_count(y, LEAK_WARNING) - leaks_count(x, LEAK_WARNING); break;
	}
	if (st->t.desc)
		c = -c;
	return c ? c : strcmp(x->name, y->name);
}

static void refresh(CoolingState *st, const PanelCtx *ctx)
{
	st->ctx = ctx;
	const SiteView *v = ctx->v;
	if (!table_rows_changed(&st->rows, v->generation, st->t.sort_col, st->t.desc,
	                        ctx->filter_text, ctx->filter ? 1 : 0))
		return;
	int32_t keep = table_selected(&st->t, st->rows.idx, st->rows.n);
	if (table_rows_reserve(&st->rows, v->ncdus) < 0) {
		st->rows.n = 0;
		table_rows_invalidate(&st->rows);
		return;
	}
	st->rows.n = 0;
	for (int32_t i = 0; i < v->ncdus; i++)
		if (!ctx->filter || hostmatch_test(ctx->filter, v->cdus[i].name))
			st->rows.idx[st->rows.n++] = i;
	table_rows_sort(&st->rows, cooling_cmp, st);
	table_follow(&st->t, &st->rows, keep);
}

static Role cooling_cell(void *p, int32_t row, int col, char *buf, size_t len)
{
	const CoolingState *st = p;
	const PanelCtx *ctx = st->ctx;
	const SiteView *v = ctx->v;
	const Cdu *c = &v->cdus[row];
	switch (col) {
	case COL_NAME: snprintf(buf, len, "%s", c->name); return ROLE_NORMAL;
	case COL_ROW:
		snprintf(buf, len, "%s", c->row >= 0 && c->row < v->nrows ? v->rows[c->row].name : fmt_unknown(st->ascii));
		return ROLE_DIM;
	case COL_HEALTH: {
		int bad = cdu_badness(c);
		if (bad == 5) {
			snprintf(buf, len, "LEAK");
			return ROLE_CRIT;
		}
		snprintf(buf, len, "%s", site_health_name(c->health));
		return bad == 3 ? ROLE_WARN : fmt_health_role(c->health);
	}
	case COL_SUP: return fmt_val(buf, len, v, c->supply_c, ctx->now, 1, "", ROLE_NORMAL, st->ascii);
	case COL_RET: return fmt_val(buf, len, v, c->return_c, ctx->now, 1, "", ROLE_NORMAL, st->ascii);
	case COL_DT:
		if (!val_known(c->supply_c) || !val_known(c->return_c)) {
			snprintf(buf, len, "%s", fmt_unknown(st->ascii));
			return ROLE_UNKNOWN;
		}
		snprintf(buf, len, "%.1f", (double)(c->return_c.v - c->supply_c.v));
		return fmt_val_role(v, c->supply_c, ctx->now, ROLE_NORMAL);
	case COL_FLOW: return fmt_val(buf, len, v, c->flow_lpm, ctx->now, 0, "", ROLE_NORMAL, st->ascii);
	case COL_DP: return fmt_val(buf, len, v, c->dp_kpa, ctx->now, 0, "", ROLE_NORMAL, st->ascii);
	case COL_HEAT: return fmt_val_watts(buf, len, v, c->heat_w, ctx->now, ROLE_NORMAL, st->ascii);
	case COL_PUMPS: {
		int ok = pumps_ok(c);
		snprintf(buf, len, "%d/%d", ok, c->npumps);
		return ok < c->npumps ? ROLE_WARN : ROLE_NORMAL;
	}
	case COL_LEAKS: {
		int crit = leaks_count(c, LEAK_CRITICAL), warn = leaks_count(c, LEAK_WARNING);
		if (c->nleaks == 0) {
			snprintf(buf, len, "%s", fmt_unknown(st->ascii));
			return ROLE_UNKNOWN;
		}
		snprintf(buf, len, "%d", warn);
		return crit ? ROLE_CRIT : warn ? ROLE_WARN : ROLE_OK;
	}
	}
	return ROLE_NORMAL;
}

static void draw_detail(CoolingState *st, const PanelCtx *ctx, Canvas *cv, Rect r, const Cdu *c)
{
	const SiteView *v = ctx->v;
	char a[32], b[32];
	FmtLine l;
	fmt_line_begin(&l, cv, r);
	fmt_line_printf(&l, ROLE_TITLE, "%s", c->name);
	fmt_line_printf(&l, fmt_health_role(c->health), "  %s", site_health_name(c->health));
	Role ro = fmt_val_temp(a, sizeof a, v, c->prim_supply_c, ctx->now, 0, 0, st->ascii);
	fmt_line_need(&l, 30);
	fmt_line_text(&l, ROLE_DIM, "  primary ");
	fmt_line_text(&l, ro, a);
	ro = fmt_val_temp(b, sizeof b, v, c->prim_return_c, ctx->now, 0, 0, st->ascii);
	fmt_line_text(&l, ROLE_DIM, " / ");
	fmt_line_text(&l, ro, b);
	if (c->conditions[0]) {
		fmt_line_need(&l, 20);
		fmt_line_text(&l, ROLE_DIM, "  ");
		fmt_line_text(&l, ROLE_WARN, c->conditions);
	}
	fmt_line_next(&l);
	fmt_line_text(&l, ROLE_DIM, "pumps:");
	if (c->npumps == 0)
		fmt_line_text(&l, ROLE_UNKNOWN, " none reported");
	for (int i = 0; i < c->npumps && i < CDU_PUMPS_MAX; i++) {
		const Pump *pu = &c->pumps[i];
		ro = fmt_val_pct(a, sizeof a, v, pu->speed_pct, ctx->now, ROLE_NORMAL, st->ascii);
		fmt_line_need(&l, (int)strlen(pu->name) + 24);
		fmt_line_printf(&l, ROLE_NORMAL, " %s ", pu->name);
		fmt_line_text(&l, ro, a);
		Role hr = pu->running ? fmt_health_role(pu->health) : ROLE_CRIT;
		fmt_line_printf(&l, hr, " %s%s", pu->running ? "running " : "stopped ", site_health_name(pu->health));
	}
	fmt_line_next(&l);
	fmt_line_text(&l, ROLE_DIM, "leak detectors:");
	if (c->nleaks == 0)
		fmt_line_text(&l, ROLE_UNKNOWN, " none reported");
	for (int i = 0; i < c->nleaks && i < CDU_LEAKS_MAX; i++) {
		const LeakDetector *ld = &c->leaks[i];
		fmt_line_need(&l, (int)strlen(ld->name) + 12);
		fmt_line_printf(&l, ROLE_NORMAL, " %s ", ld->name);
		fmt_line_text(&l, fmt_leak_role(ld->state), site_leak_name(ld->state));
	}
	fmt_line_next(&l);
	fmt_line_text(&l, ROLE_DIM, "serves racks:");
	if (c->row < 0 || c->row >= v->nrows) {
		fmt_line_text(&l, ROLE_UNKNOWN, " row unknown");
	} else {
		const Row *row = &v->rows[c->row];
		for (int32_t k = 0; k < row->nracks; k++) {
			int32_t ri = row->first_rack + k;
			if (ri < 0 || ri >= v->nracks)
				continue;
			fmt_line_need(&l, (int)strlen(v->racks[ri].name) + 1);
			if (!fmt_line_room(&l))
				break;
			fmt_line_printf(&l, ROLE_NORMAL, " %s", v->racks[ri].name);
		}
	}
	fmt_line_next(&l);
}

static void draw_loops(CoolingState *st, const PanelCtx *ctx, Canvas *cv, Rect r)
{
	const SiteView *v = ctx->v;
	char a[32], b[32], c[32];
	for (int32_t i = 0; i < v->nloops && i < r.h; i++) {
		const CoolLoop *lp = &v->loops[i];
		double removed = 0;
		bool any = false;
		for (int32_t k = 0; k < v->ncdus; k++)
			if (v->cdus[k].loop == i && val_known(v->cdus[k].heat_w)) {
				removed += v->cdus[k].heat_w.v;
				any = true;
			}
		FmtLine l;
		fmt_line_begin(&l, cv, (Rect){ r.x, r.y + i, r.w, 1 });
		fmt_line_printf(&l, ROLE_NORMAL, "%-12s", lp->name);
		Role r1 = fmt_val_temp(a, sizeof a, v, lp->supply_c, ctx->now, 0, 0, st->ascii);
		Role r2 = fmt_val_temp(b, sizeof b, v, lp->return_c, ctx->now, 0, 0, st->ascii);
		fmt_line_text(&l, ROLE_DIM, " facility ");
		fmt_line_text(&l, r1, a);
		fmt_line_text(&l, ROLE_DIM, " / ");
		fmt_line_text(&l, r2, b);
		Role r3 = fmt_val_watts(c, sizeof c, v, lp->heat_reuse_w, ctx->now, ROLE_ACCENT, st->ascii);
		fmt_line_text(&l, ROLE_DIM, "  reused ");
		fmt_line_text(&l, r3, c);
		fmt_line_text(&l, ROLE_DIM, " of removed ");
		fmt_line_text(&l, any ? ROLE_NORMAL : ROLE_UNKNOWN, fmt_watts(a, sizeof a, any ? removed : NAN, st->ascii));
		if (any && removed > 0 && val_known(lp->heat_reuse_w))
			fmt_line_printf(&l, ROLE_NORMAL, " (%.0f%%)", 100.0 * lp->heat_reuse_w.v / removed);
	}
}

static void cooling_panel_draw(void *p, const PanelCtx *ctx, Canvas *cv, Rect r)
{
	CoolingState *st = p;
	if (r.w <= 0 || r.h <= 0)
		return;
	canvas_fill(cv, r, ' ', ROLE_NORMAL);
	st->ascii = cv->ascii;
	if (!ctx->v || ctx->v->ncdus == 0) {
		canvas_text(cv, r.x, r.y, r.w, ROLE_DIM, 0, "No cooling data yet (no CDU reported)");
		return;
	}
	const SiteView *v = ctx->v;
	refresh(st, ctx);
	int loops_h = v->nloops > 0 && r.h >= 12 ? (v->nloops < 4 ? v->nloops : 4) + 1 : 0;
	int detail_h = st->detail && r.h >= 14 ? 5 : 0;
	int table_h = r.h - loops_h - detail_h;
	int want = st->rows.n + 2 + 1;
	if (detail_h && table_h > want && want >= 4) {
		table_h = want;
	}
	canvas_text(cv, r.x, r.y, r.w, ROLE_TITLE, 0, st->ascii ? "CDUs (C, l/min, kPa)" : "CDUs (\xC2\xB0" "C, l/min, kPa)");
	Rect tr = { r.x, r.y + 1, r.w, table_h - 1 };
	if (tr.h > 0)
		table_draw(cv, tr, cooling_cols, NCOLS, &st->t, st->rows.idx, st->rows.n, cooling_cell, st,
		           "No CDU matches the filter");
	int y = r.y + table_h;
	int32_t sel = table_selected(&st->t, st->rows.idx, st->rows.n);
	if (detail_h && sel >= 0 && sel < v->ncdus) {
		draw_detail(st, ctx, cv, (Rect){ r.x, y, r.w, detail_h - 1 }, &v->cdus[sel]);
	}
	y += detail_h;
	if (loops_h) {
		int ly = r.y + r.h - loops_h;
		if (ly < y)
			ly = y;
		canvas_text(cv, r.x, ly, r.w, ROLE_TITLE, 0, "Loops and heat reuse");
		draw_loops(st, ctx, cv, (Rect){ r.x, ly + 1, r.w, r.y + r.h - ly - 1 });
	}
}

static unsigned cooling_panel_command(void *p, const PanelCtx *ctx, PanelCmd cmd, Nav *nav)
{
	CoolingState *st = p;
	(void)nav;
	if (!ctx->v)
		return 0;
	refresh(st, ctx);
	unsigned k = table_command(&st->t, st->rows.n, cmd);
	if (!k)
		k = table_sort_command(&st->t, NCOLS, cmd);
	if (!k && cmd == CMD_ENTER) {
		st->detail = !st->detail;
		k = PK_HANDLED | PK_REDRAW;
	}
	return k;
}

static bool cooling_panel_selection(void *p, const PanelCtx *ctx, EntityRef *out)
{
	CoolingState *st = p;
	if (!ctx->v)
		return false;
	refresh(st, ctx);
	int32_t c = table_selected(&st->t, st->rows.idx, st->rows.n);
	if (c < 0)
		return false;
	*out = (EntityRef){ ENT_CDU, c };
	return true;
}

static void cooling_panel_open(void *p, const PanelCtx *ctx, EntityRef target)
{
	CoolingState *st = p;
	if (!ctx->v || target.kind != ENT_CDU)
		return;
	refresh(st, ctx);
	table_follow(&st->t, &st->rows, target.index);
}

const PanelOps cooling_panel_ops = {
	.id = PANEL_COOLING,
	.name = "cooling",
	.title = "Cooling",
	.help = "CDUs worst first, pumps, leak detectors, loops and heat reuse; Enter toggles details",
	.create = cooling_panel_create,
	.destroy = cooling_panel_destroy,
	.draw = cooling_panel_draw,
	.command = cooling_panel_command,
	.selection = cooling_panel_selection,
	.open = cooling_panel_open,
};
