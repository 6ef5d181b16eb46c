/* Power panel: draw against supply over time, headroom, breakdown, feeds, PDUs. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panels/format.h"
#include "panels/panel.h"
#include "panels/table.h"

enum { RANGE_1H, RANGE_4H, RANGE_ALL, RANGE_COUNT };
static const int32_t range_secs[RANGE_COUNT] = { 3600, 4 * 3600, 0 };
static const char *const range_names[RANGE_COUNT] = { "last 1 h", "last 4 h", "all" };

enum { COL_NAME, COL_POWER, COL_SHARE, COL_PCT, NCOLS };
static const TableCol power_cols[NCOLS] = {
	[COL_NAME] = { "HALL / ROW", 12, false, true },
	[COL_POWER] = { "POWER", 9, true, false },
	[COL_SHARE] = { "SHARE", 10, false, false },
	[COL_PCT] = { "%", 5, true, false },
};

#define TOP_PDUS 5
/* Breakdown rows: a row index, or a hall encoded below -1 (-1 means none). */
#define HALL_ROW(h) (-(h) - 2)
#define ROW_HALL(x) (-(x) - 2)

typedef struct {
	int range;
	TableState t;
	TableRows rows;         /* >= 0: row index; <= -2: hall, see HALL_ROW */
	double *row_w;          /* per row: sum of known rack power, watts; NaN none */
	double *hall_w;
	int32_t row_cap, hall_cap;
	double total_w;
	const PanelCtx *ctx;
	bool ascii;
} PowerPanel;

static void *power_panel_create(void)
{
	PowerPanel *st = calloc(1, sizeof *st);
	if (st)
		table_init(&st->t, -1, false);
	return st;
}

static void power_panel_destroy(void *p)
{
	PowerPanel *st = p;
	if (!st)
		return;
	table_rows_free(&st->rows);
	free(st->row_w);
	free(st->hall_w);
	free(st);
}

static int grow_d(double **a, int32_t *cap, int32_t n)
{
	if (n <= *cap)
		return 0;
	double *b = realloc(*a, (size_t)n * sizeof *b);
	if (!b)
		return -1;
	*a = b;
	*cap = n;
	return 0;
}

static void refresh(PowerPanel *st, const PanelCtx *ctx)
{
	st->ctx = ctx;
	const SiteView *v = ctx->v;
	if (!table_rows_changed(&st->rows, v->generation, 0, false, "", 0))
		return;
	int32_t keep = table_selected(&st->t, st->rows.idx, st->rows.n);
	st->rows.n = 0;
	st->total_w = 0;
	if (grow_d(&st->row_w, &st->row_cap, v->nrows) < 0 || grow_d(&st->hall_w, &st->hall_cap, v->nhalls) < 0 ||
	    table_rows_reserve(&st->rows, v->nrows + v->nhalls) < 0) {
		table_rows_invalidate(&st->rows);
		return;
	}
	for (int32_t i = 0; i < v->nrows; i++)
		st->row_w[i] = NAN;
	for (int32_t i = 0; i < v->nhalls; i++)
		st->hall_w[i] = NAN;
	for (int32_t k = 0; k < v->nracks; k++) {
		const Rack *rk = &v->racks[k];
		if (!val_known(rk->power_w) || rk->row < 0 || rk->row >= v->nrows)
			continue;
		double *w = &st->row_w[rk->row];
		*w = isnan(*w) ? rk->power_w.v : *w + rk->power_w.v;
		st->total_w += rk->power_w.v;
	}
	for (int32_t h = 0; h < v->nhalls; h++) {
		st->rows.idx[st->rows.n++] = HALL_ROW(h);
		const Hall *ha = &v->halls[h];
		for (int32_t i = ha->first_row; i < ha->first_row + ha->nrows && i < v->nrows; i++) {
			if (i < 0 || v->rows[i].hall != h)
				continue;
			st->rows.idx[st->rows.n++] = i;
			if (!isnan(st->row_w[i]))
				st->hall_w[h] = isnan(st->hall_w[h]) ? st->row_w[i] : st->hall_w[h] + st->row_w[i];
		}
	}
	table_follow(&st->t, &st->rows, keep);
}

static Role power_cell(void *p, int32_t row, int col, char *buf, size_t len)
{
	const PowerPanel *st = p;
	const SiteView *v = st->ctx->v;
	bool hall = row < -1;
	double w = hall ? st->hall_w[ROW_HALL(row)] : st->row_w[row];
	double share = st->total_w > 0 && !isnan(w) ? w / st->total_w : NAN;
	switch (col) {
	case COL_NAME:
		snprintf(buf, len, "%s%s", hall ? "" : "  ", hall ? v->halls[ROW_HALL(row)].name : v->rows[row].name);
		return hall ? ROLE_TITLE : ROLE_NORMAL;
	case COL_POWER: fmt_watts(buf, len, w, st->ascii); return isnan(w) ? ROLE_UNKNOWN : ROLE_NORMAL;
	case COL_SHARE: {
		/* a text bar: the table draws text, so build it from glyph bytes */
		int cells = 10, fill = isnan(share) ? 0 : (int)(share * cells + 0.5);
		size_t o = 0;
		for (int i = 0; i < cells && o + 4 < len; i++) {
			if (st->ascii) {
				buf[o++] = i < fill ? '#' : '.';
			} else if (i < fill) {
				memcpy(buf + o, "\xE2\x96\x88", 3); /* full block */
				o += 3;
			} else {
				memcpy(buf + o, "\xE2\x96\x91", 3); /* light shade */
				o += 3;
			}
		}
		buf[o] = '\0';
		return ROLE_CHART_DRAW;
	}
	case COL_PCT: fmt_pct(buf, len, isnan(share) ? NAN : share * 100, st->ascii); return ROLE_DIM;
	}
	return ROLE_NORMAL;
}

/* Headroom line: draw, supply, headroom coloured against the margin. */
static void draw_summary(PowerPanel *st, const PanelCtx *ctx, Canvas *cv, Rect r)
{
	const SiteView *v = ctx->v;
	const Power *pw = v->power;
	char a[32], b[32];
	FmtLine l;
	fmt_line_begin(&l, cv, r);
	Role rd = fmt_val_watts(a, sizeof a, v, pw->draw_w, ctx->now, ROLE_CHART_DRAW, st->ascii);
	fmt_line_text(&l, ROLE_DIM, "draw ");
	fmt_line_text(&l, rd, a);
	Role rs = fmt_val_watts(b, sizeof b, v, pw->supply_w, ctx->now, ROLE_CHART_SUPPLY, st->ascii);
	fmt_line_text(&l, ROLE_DIM, " of supply ");
	fmt_line_text(&l, rs, b);
	fmt_line_need(&l, 32);
	fmt_line_text(&l, ROLE_DIM, "  headroom ");
	if (val_known(pw->draw_w) && val_known(pw->supply_w) && pw->supply_w.v > 0) {
		double head = (double)pw->supply_w.v - pw->draw_w.v;
		double pct = 100.0 * head / pw->supply_w.v;
		float margin = pw->margin_pct > 0 ? pw->margin_pct : 5.0f;
		Role hr = head <= 0 ? ROLE_CRIT : pct < margin ? ROLE_WARN : ROLE_OK;
		fmt_line_printf(&l, hr, "%s (%.1f%%)%s", fmt_mw(a, sizeof a, head, st->ascii), pct,
		                head <= 0 ? " OVER SUPPLY" : pct < margin ? " LOW" : "");
	} else {
		fmt_line_text(&l, ROLE_UNKNOWN, fmt_unknown(st->ascii));
	}
	static const struct { const char *label; size_t off; } extra[] = {
		{ "  IT ", offsetof(Power, it_w) },
		{ "  cooling ", offsetof(Power, cooling_w) },
		{ "  curtailed ", offsetof(Power, curtailment_w) },
	};
	for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++) {
		Val x;
		memcpy(&x, (const char *)pw + extra[i].off, sizeof x);
		Role ro = fmt_val_watts(a, sizeof a, v, x, ctx->now, ROLE_NORMAL, st->ascii);
		fmt_line_need(&l, (int)strlen(extra[i].label) + (int)strlen(a));
		fmt_line_text(&l, ROLE_DIM, extra[i].label);
		fmt_line_text(&l, ro, a);
	}
}

/* Mean of the known values of a[i0..i1) (ring order), NaN when none. */
static double bucket_mean(const PowerHistory *h, const float *a, int32_t i0, int32_t i1)
{
	double sum = 0;
	int n = 0;
	for (int32_t i = i0; i < i1; i++) {
		float x = a[(h->head + i) % SITE_HISTORY_LEN];
		if (!isnan(x)) {
			sum += x;
			n++;
		}
	}
	return n ? sum / n : NAN;
}

static void draw_chart(PowerPanel *st, const PanelCtx *ctx, Canvas *cv, Rect r)
{
	const PowerHistory *h = ctx->v->history;
	enum { AXIS_W = 9 };
	char a[32];
	canvas_printf(cv, r.x, r.y, r.w, ROLE_TITLE, 0, "Draw vs supply, %s", range_names[st->range]);
	Rect pr = { r.x + AXIS_W + 1, r.y + 1, r.w - AXIS_W - 1, r.h - 2 };
	if (!h || h->len == 0 || pr.w < 2 || pr.h < 1) {
		canvas_text(cv, r.x, r.y + 1 < r.y + r.h ? r.y + 1 : r.y, r.w, ROLE_DIM, 0, "No power history yet");
		return;
	}
	int32_t step = h->step > 0 ? h->step : 60;
	int32_t i0 = 0;
	if (range_secs[st->range] > 0 && h->len > range_secs[st->range] / step)
		i0 = h->len - range_secs[st->range] / step;
	int32_t n = h->len - i0;
	int cols = n < pr.w ? n : pr.w;
	/* scale */
	double lo = INFINITY, hi = -INFINITY;
	for (int32_t i = i0; i < h->len; i++) {
		int32_t k = (h->head + i) % SITE_HISTORY_LEN;
		float d = h->draw_w[k], s = h->supply_w[k];
		if (!isnan(d)) { lo = fmin(lo, d); hi = fmax(hi, d); }
		if (!isnan(s)) { lo = fmin(lo, s); hi = fmax(hi, s); }
	}
	if (!(hi >= lo)) {
		canvas_text(cv, pr.x, pr.y, pr.w, ROLE_UNKNOWN, 0, "No known power samples in this range");
		return;
	}
	double pad = (hi - lo) * 0.1 + 1e5;
	lo = lo - pad < 0 ? 0 : lo - pad;
	hi += pad;
	/* y axis */
	canvas_text_right(cv, r.x, pr.y, AXIS_W, ROLE_CHART_AXIS, 0, fmt_mw(a, sizeof a, hi, st->ascii));
	if (pr.h >= 3)
		canvas_text_right(cv, r.x, pr.y + pr.h / 2, AXIS_W, ROLE_CHART_AXIS, 0,
		                  fmt_mw(a, sizeof a, lo + (hi - lo) * (pr.h - 1 - pr.h / 2 + 0.5) / pr.h, st->ascii));
	if (pr.h >= 2)
		canvas_text_right(cv, r.x, pr.y + pr.h - 1, AXIS_W, ROLE_CHART_AXIS, 0, fmt_mw(a, sizeof a, lo, st->ascii));
	for (int y = pr.y; y < pr.y + pr.h; y++)
		canvas_put(cv, pr.x - 1, y, canvas_glyph(cv, G_VLINE), ROLE_CHART_AXIS, 0);
	/* plot */
	int total8 = pr.h * 8;
	for (int c = 0; c < cols; c++) {
		int32_t b0 = i0 + (int32_t)((int64_t)c * n / cols), b1 = i0 + (int32_t)((int64_t)(c + 1) * n / cols);
		if (b1 <= b0)
			b1 = b0 + 1;
		double d = bucket_mean(h, h->draw_w, b0, b1), s = bucket_mean(h, h->supply_w, b0, b1);
		int x = pr.x + c;
		if (!isnan(d)) {
			int e = (int)((d - lo) / (hi - lo) * total8 + 0.5);
			for (int row = 0; row < pr.h && e > 0; row++, e -= 8) {
				Glyph g = e >= 8 ? G_SPARK8 : (Glyph)(G_SPARK1 + e - 1);
				canvas_put(cv, x, pr.y + pr.h - 1 - row, canvas_glyph(cv, g), ROLE_CHART_DRAW, 0);
			}
		} else {
			canvas_put(cv, x, pr.y + pr.h - 1, '?', ROLE_UNKNOWN, 0);
		}
		if (!isnan(s)) {
			int row = (int)((s - lo) / (hi - lo) * pr.h);
			if (row >= pr.h)
				row = pr.h - 1;
			canvas_put(cv, x, pr.y + pr.h - 1 - row, cv->ascii ? '=' : canvas_glyph(cv, G_HLINE),
			           ROLE_CHART_SUPPLY, CELL_BOLD);
		}
	}
	/* x axis: ages of the first, middle and last plotted sample */
	int ay = r.y + r.h - 1;
	int64_t tlast = h->t0 + (int64_t)(h->len - 1) * step;
	int64_t tfirst = h->t0 + (int64_t)i0 * step;
	char lbl[32], d[24];
	snprintf(lbl, sizeof lbl, "-%s", fmt_duration(d, sizeof d, ctx->now - tfirst));
	canvas_text(cv, pr.x, ay, pr.w, ROLE_CHART_AXIS, 0, lbl);
	if (cols >= 24) {
		snprintf(lbl, sizeof lbl, "-%s", fmt_duration(d, sizeof d, ctx->now - (tfirst + tlast) / 2));
		canvas_text(cv, pr.x + cols / 2 - (int)strlen(lbl) / 2, ay, (int)strlen(lbl), ROLE_CHART_AXIS, 0, lbl);
	}
	if (cols >= 12) {
		if (ctx->now - tlast > step)
			snprintf(lbl, sizeof lbl, "-%s", fmt_duration(d, sizeof d, ctx->now - tlast));
		else
			snprintf(lbl, sizeof lbl, "now");
		canvas_text_right(cv, pr.x, ay, cols, ROLE_CHART_AXIS, 0, lbl);
	}
	int lx = r.x + r.w - 22;
	if (lx > r.x + 30 && r.w >= 50) {
		canvas_put(cv, lx, r.y, canvas_glyph(cv, G_SPARK8), ROLE_CHART_DRAW, 0);
		canvas_text(cv, lx + 1, r.y, 5, ROLE_DIM, 0, " draw");
		canvas_put(cv, lx + 8, r.y, cv->ascii ? '=' : canvas_glyph(cv, G_HLINE), ROLE_CHART_SUPPLY, CELL_BOLD);
		canvas_text(cv, lx + 9, r.y, 7, ROLE_DIM, 0, " supply");
	}
}

static int draw_feeds_pdus(PowerPanel *st, const PanelCtx *ctx, Canvas *cv, Rect r)
{
	const SiteView *v = ctx->v;
	char a[32], b[32];
	int y = r.y, bottom = r.y + r.h;
	if (y < bottom)
		canvas_text(cv, r.x, y++, r.w, ROLE_TITLE, 0, "Feeds");
	if (v->nfeeds == 0 && y < bottom)
		canvas_text(cv, r.x + 1, y++, r.w - 1, ROLE_DIM, 0, "no feeds reported");
	for (int32_t i = 0; i < v->nfeeds && y < bottom; i++, y++) {
		const Feed *f = &v->feeds[i];
		FmtLine l;
		fmt_line_begin(&l, cv, (Rect){ r.x + 1, y, r.w - 1, 1 });
		fmt_line_printf(&l, ROLE_NORMAL, "%-10.10s ", f->name);
		Role rd = fmt_val_watts(a, sizeof a, v, f->draw_w, ctx->now, ROLE_NORMAL, st->ascii);
		Role rc = fmt_val_watts(b, sizeof b, v, f->capacity_w, ctx->now, ROLE_NORMAL, st->ascii);
		fmt_line_text(&l, rd, a);
		fmt_line_text(&l, ROLE_DIM, " of ");
		fmt_line_text(&l, rc, b);
		if (val_known(f->draw_w) && val_known(f->capacity_w) && f->capacity_w.v > 0) {
			double frac = f->draw_w.v / f->capacity_w.v;
			Role br = frac >= 1 ? ROLE_CRIT : frac >= 0.95 ? ROLE_WARN : ROLE_OK;
			fmt_line_printf(&l, br, " %.0f%% ", frac * 100);
			int bw = r.x + r.w - l.x;
			if (bw > 20)
				bw = 20;
			if (bw > 3)
				canvas_bar(cv, l.x, y, bw, frac, (uint8_t)br, ROLE_DIM);
		}
	}
	/* PDUs with the highest load (power / capacity, or power alone) */
	int32_t top[TOP_PDUS];
	double load[TOP_PDUS];
	int k = 0;
	for (int32_t i = 0; i < v->npdus; i++) {
		const Pdu *pd = &v->pdus[i];
		if (!val_known(pd->power_w))
			continue;
		double x = val_known(pd->capacity_w) && pd->capacity_w.v > 0 ? pd->power_w.v / pd->capacity_w.v
		                                                             : pd->power_w.v / 1e9;
		int pos;
		if (k < TOP_PDUS)
			pos = k++;
		else if (x > load[TOP_PDUS - 1])
			pos = TOP_PDUS - 1;
		else
			continue;
		while (pos > 0 && load[pos - 1] < x) {
			top[pos] = top[pos - 1];
			load[pos] = load[pos - 1];
			pos--;
		}
		top[pos] = i;
		load[pos] = x;
	}
	if (y < bottom)
		canvas_text(cv, r.x, y++, r.w, ROLE_TITLE, 0, "PDUs with the highest load");
	if (k == 0 && y < bottom)
		canvas_text(cv, r.x + 1, y++, r.w - 1, ROLE_DIM, 0, v->npdus ? "no PDU readings yet" : "no PDUs reported");
	for (int i = 0; i < k && y < bottom; i++, y++) {
		const Pdu *pd = &v->pdus[top[i]];
		FmtLine l;
		fmt_line_begin(&l, cv, (Rect){ r.x + 1, y, r.w - 1, 1 });
		fmt_line_printf(&l, ROLE_NORMAL, "%-14.14s ", pd->name);
		Role rp = fmt_val_watts(a, sizeof a, v, pd->power_w, ctx->now, ROLE_NORMAL, st->ascii);
		fmt_line_text(&l, rp, a);
		if (val_known(pd->capacity_w) && pd->capacity_w.v > 0) {
			Role br = load[i] >= 1 ? ROLE_CRIT : load[i] >= 0.9 ? ROLE_WARN : ROLE_OK;
			fmt_line_printf(&l, ROLE_DIM, " of %s ", fmt_watts(b, sizeof b, pd->capacity_w.v, st->ascii));
			fmt_line_printf(&l, br, "%.0f%%", load[i] * 100);
		}
		if (pd->breakers_tripped > 0)
			fmt_line_printf(&l, ROLE_CRIT, " %d breaker(s) tripped", pd->breakers_tripped);
		if (pd->health == HEALTH_WARNING || pd->health == HEALTH_CRITICAL)
			fmt_line_printf(&l, fmt_health_role(pd->health), " %s", site_health_name(pd->health));
	}
	return y - r.y;
}

static void power_panel_draw(void *p, const PanelCtx *ctx, Canvas *cv, Rect r)
{
	PowerPanel *st = p;
	if (r.w <= 0 || r.h <= 0)
		return;
	canvas_fill(cv, r, ' ', ROLE_NORMAL);
	st->ascii = cv->ascii;
	const SiteView *v = ctx->v;
	if (!v || (!val_known(v->power->draw_w) && !val_known(v->power->supply_w) && v->history->len == 0 &&
	           v->nfeeds == 0 && v->npdus == 0 && v->nracks == 0)) {
		canvas_text(cv, r.x, r.y, r.w, ROLE_DIM, 0, "No power data yet");
		return;
	}
	refresh(st, ctx);
	int sum_h = r.w >= 100 ? 1 : 2;
	if (sum_h > r.h)
		sum_h = r.h;
	draw_summary(st, ctx, cv, (Rect){ r.x, r.y, r.w, sum_h });
	int rest = r.h - sum_h;
	if (rest <= 0)
		return;
	int chart_h = rest >= 10 ? rest * 45 / 100 : rest >= 5 ? rest - 3 : 0;
	if (chart_h > 24)
		chart_h = 24;
	if (chart_h >= 3)
		draw_chart(st, ctx, cv, (Rect){ r.x, r.y + sum_h, r.w, chart_h });
	else
		chart_h = 0;
	Rect low = { r.x, r.y + sum_h + chart_h, r.w, rest - chart_h };
	if (low.h <= 0)
		return;
	Rect tab = low, side = { 0, 0, 0, 0 };
	if (low.w >= 110) {
		tab.w = low.w / 2 - 1;
		side = (Rect){ low.x + tab.w + 2, low.y, low.w - tab.w - 2, low.h };
	} else if (low.h >= 10) {
		int feeds_h = 1 + (v->nfeeds ? (v->nfeeds < 3 ? v->nfeeds : 3) : 1) + 1 + 3;
		tab.h = low.h - feeds_h;
		side = (Rect){ low.x, low.y + tab.h, low.w, feeds_h };
	}
	if (tab.h > 0) {
		if (v->nhalls == 0)
			canvas_text(cv, tab.x, tab.y, tab.w, ROLE_DIM, 0, "No halls in the inventory");
		else
			table_draw(cv, tab, power_cols, NCOLS, &st->t, st->rows.idx, st->rows.n, power_cell, st, NULL);
	}
	if (side.h > 0)
		draw_feeds_pdus(st, ctx, cv, side);
}

static unsigned power_panel_command(void *p, const PanelCtx *ctx, PanelCmd cmd, Nav *nav)
{
	PowerPanel *st = p;
	if (!ctx->v)
		return 0;
	if (cmd == CMD_METRIC_NEXT) {
		st->range = (st->range + 1) % RANGE_COUNT;
		return PK_HANDLED | PK_REDRAW;
	}
	refresh(st, ctx);
	unsigned k = table_command(&st->t, st->rows.n, cmd);
	if (k)
		return k;
	if (cmd == CMD_ENTER) {
		int32_t x = table_selected(&st->t, st->rows.idx, st->rows.n);
		if (x == -1)
			return PK_HANDLED;
		nav->panel = PANEL_RACKS;
		nav->target = x < 0 ? (EntityRef){ ENT_HALL, ROW_HALL(x) } : (EntityRef){ ENT_ROW, x };
		return PK_HANDLED | PK_NAV;
	}
	return 0;
}

static bool power_panel_selection(void *p, const PanelCtx *ctx, EntityRef *out)
{
	PowerPanel *st = p;
	if (!ctx->v)
		return false;
	refresh(st, ctx);
	if (st->rows.n == 0)
		return false;
	int32_t x = table_selected(&st->t, st->rows.idx, st->rows.n);
	if (x == -1)
		return false;
	*out = x < 0 ? (EntityRef){ ENT_HALL, ROW_HALL(x) } : (EntityRef){ ENT_ROW, x };
	return true;
}

static void power_panel_open(void *p, const PanelCtx *ctx, EntityRef target)
{
	PowerPanel *st = p;
	if (!ctx->v)
		return;
	refresh(st, ctx);
	if (target.kind == ENT_ROW)
		table_follow(&st->t, &st->rows, target.index);
	else if (target.kind == ENT_HALL)
		for (int32_t i = 0; i < st->rows.n; i++)
			if (st->rows.idx[i] == HALL_ROW(target.index))
				st->t.cursor = i;
}

const PanelOps power_panel_ops = {
	.id = PANEL_POWER,
	.name = "power",
	.title = "Power",
	.help = "draw against hydro supply over time (m: range), headroom, halls and rows, feeds, PDUs",
	.create = power_panel_create,
	.destroy = power_panel_destroy,
	.draw = power_panel_draw,
	.command = power_panel_command,
	.selection = power_panel_selection,
	.open = power_panel_open,
};
