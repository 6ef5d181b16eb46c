/* Racks panel: every rack of the site on one screen as a heatmap, hall by hall. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panels/format.h"
#include "panels/panel.h"

/*
 * The per-rack aggregates (max GPU temperature, mean utilisation, node
 * classes, worst alert, filter match) are computed in one pass over nodes,
 * GPUs and alerts when the site's generation changes, into st->agg.  The
 * layout (where each rack sits in a virtual grid taller than the screen) is
 * computed when the generation or the width changes.  A frame then draws
 * only the segments of the layout that fall inside the visible lines.
 *
 * Cells: 0 .. nracks-1 are racks; cell nracks, present when some nodes are
 * not placed in the inventory, is the "unplaced" group.  Enter on it opens
 * the rack panel at {ENT_RACK, -1}, which lists the unplaced nodes.
 */

enum { M_TEMP, M_POWER, M_UTIL, M_STATE, M_COUNT };
enum { SEG_HALL, SEG_ROW, SEG_CELLS, SEG_UNPLACED };
enum { HEADER_LINES = 2, HALL_GAP = 3, LABEL_MAX = 8 };

typedef struct {
	float max_temp;      /* °C, NaN = no GPU reported */
	float util_sum;      /* % summed over util_n GPUs */
	int32_t util_n;
	int32_t nnodes, nup, ndrained, ndown, nunknown;
	uint8_t sev;         /* worst active alert about the rack, its nodes or GPUs */
	uint8_t match;       /* some node matches the filter */
} RackAgg;

typedef struct {
	int32_t vx, vy;      /* virtual position */
	int32_t bx;          /* x of its hall block, for up/down moves */
} CellPos;

typedef struct {
	int kind;            /* SEG_* */
	int32_t vx, vy, w;
	int32_t idx;         /* hall or row */
	int32_t first, n;    /* SEG_CELLS: order[first .. first+n) */
} Seg;

typedef struct {
	/* aggregates, valid for (agg_v, agg_gen) */
	const SiteView *agg_v;
	uint64_t agg_gen;
	bool agg_valid;
	RackAgg *agg;        /* ncells */
	int32_t agg_cap, ncells, nunplaced;
	/* filter match, valid for (f_gen, f_text) */
	bool f_valid, f_on;
	uint64_t f_gen;
	char f_text[128];
	/* layout, valid for (lay_gen, lay_w) */
	bool lay_valid;
	uint64_t lay_gen;
	int lay_w;
	int32_t *order;      /* racks grouped by row, rows grouped by hall */
	int32_t *rowcnt;     /* scratch per row, then per hall */
	CellPos *pos;        /* ncells */
	Seg *segs;
	int32_t nsegs, seg_cap, order_cap, rowcnt_cap, pos_cap, vh;
	int32_t nplaced;     /* racks in order */
	/* view */
	int32_t cur, scroll;
	int maph;
	int metric;
} RacksState;

static const Glyph ramp[ROLE_HEAT_STEPS] = {
	G_SPARK1, G_SHADE_LIGHT, G_SHADE_MEDIUM, G_SHADE_DARK, G_BLOCK_FULL, G_ARROW_UP };

static int grow_to(void **p, int32_t *cap, int32_t need, size_t sz)
{
	if (need <= *cap)
		return 0;
	int32_t n = *cap ? *cap : 16;
	while (n < need)
		n *= 2;
	void *q = realloc(*p, (size_t)n * sz);
	if (!q)
		return -1;
	*p = q;
	*cap = n;
	return 0;
}

static void *racks_panel_create(void)
{
	return calloc(1, sizeof(RacksState));
}

static void racks_panel_destroy(void *p)
{
	RacksState *st = p;
	if (!st)
		return;
	free(st->agg);
	free(st->order);
	free(st->rowcnt);
	free(st->pos);
	free(st->segs);
	free(st);
}

/* ---- aggregation ------------------------------------------------------ */

static int32_t cell_of_rack(const SiteView *v, int32_t rack)
{
	return (rack >= 0 && rack < v->nracks) ? rack : v->nracks;
}

static int32_t cell_of_entity(const SiteView *v, EntityRef e)
{
	switch (e.kind) {
	case ENT_RACK:
		return (e.index >= 0 && e.index < v->nracks) ? e.index : -1;
	case ENT_NODE:
		return (e.index >= 0 && e.index < v->nnodes) ? cell_of_rack(v, v->nodes[e.index].rack) : -1;
	case ENT_GPU:
		if (e.index < 0 || e.index >= v->ngpus)
			return -1;
		if (v->gpus[e.index].node < 0 || v->gpus[e.index].node >= v->nnodes)
			return -1;
		return cell_of_rack(v, v->nodes[v->gpus[e.index].node].rack);
	case ENT_PDU:
		return (e.index >= 0 && e.index < v->npdus && v->pdus[e.index].rack >= 0) ?
			v->pdus[e.index].rack : -1;
	default:
		return -1;
	}
}

static void ensure_agg(RacksState *st, const SiteView *v)
{
	if (st->agg_valid && st->agg_v == v && st->agg_gen == v->generation)
		return;
	int32_t nunpl = 0;
	for (int32_t i = 0; i < v->nnodes; i++)
		if (v->nodes[i].rack < 0 || v->nodes[i].rack >= v->nracks)
			nunpl++;
	int32_t ncells = v->nracks + (nunpl > 0);
	if (grow_to((void **)&st->agg, &st->agg_cap, v->nracks + 1, sizeof *st->agg) < 0) {
		st->ncells = 0;
		st->agg_valid = false;
		return;
	}
	for (int32_t i = 0; i <= v->nracks; i++)
		st->agg[i] = (RackAgg){ .max_temp = NAN };
	for (int32_t i = 0; i < v->nnodes; i++) {
		const Node *n = &v->nodes[i];
		RackAgg *a = &st->agg[cell_of_rack(v, n->rack)];
		a->nnodes++;
		switch (site_node_class(n)) {
		case NODE_CLASS_UP: a->nup++; break;
		case NODE_CLASS_DRAINED: a->ndrained++; break;
		case NODE_CLASS_DOWN: a->ndown++; break;
		default: a->nunknown++; break;
		}
	}
	for (int32_t i = 0; i < v->ngpus; i++) {
		const Gpu *g = &v->gpus[i];
		if (g->node < 0 || g->node >= v->nnodes)
			continue;
		RackAgg *a = &st->agg[cell_of_rack(v, v->nodes[g->node].rack)];
		if (g->temp_c.at && (isnan(a->max_temp) || g->temp_c.v > a->max_temp))
			a->max_temp = g->temp_c.v;
		if (g->util_pct.at) {
			a->util_sum += g->util_pct.v;
			a->util_n++;
		}
	}
	for (int32_t i = 0; i < v->nalerts; i++) {
		const Alert *al = &v->alerts[i];
		if (!al->active)
			continue;
		int32_t c = cell_of_entity(v, al->about);
		if (c >= 0 && (uint8_t)al->sev > st->agg[c].sev)
			st->agg[c].sev = (uint8_t)al->sev;
	}
	st->ncells = ncells;
	st->nunplaced = nunpl;
	st->agg_v = v;
	st->agg_gen = v->generation;
	st->agg_valid = true;
	st->f_valid = false;
}

static void ensure_filter(RacksState *st, const PanelCtx *ctx)
{
	const char *text = ctx->filter_text ? ctx->filter_text : "";
	bool on = ctx->filter != NULL && text[0];
	if (st->f_valid && st->f_on == on && st->f_gen == ctx->v->generation &&
	    strncmp(st->f_text, text, sizeof st->f_text) == 0)
		return;
	st->f_on = on;
	st->f_gen = ctx->v->generation;
	snprintf(st->f_text, sizeof st->f_text, "%s", text);
	st->f_valid = true;
	if (!st->agg_valid)
		return;
	const SiteView *v = ctx->v;
	for (int32_t i = 0; i <= v->nracks; i++)
		st->agg[i].match = 0;
	for (int32_t i = 0; on && i < v->nnodes; i++) {
		RackAgg *a = &st->agg[cell_of_rack(v, v->nodes[i].rack)];
		a->match = a->match || hostmatch_test(ctx->filter, v->nodes[i].name);
	}
}

/* ---- layout ----------------------------------------------------------- */

static const char *row_label(const SiteView *v, const Row *row)
{
	if (row->hall >= 0 && row->hall < v->nhalls) {
		const char *h = v->halls[row->hall].name;
		size_t n = strlen(h);
		if (n && strncmp(row->name, h, n) == 0 && row->name[n] == '-' && row->name[n + 1])
			return row->name + n + 1;
	}
	return row->name;
}

static int add_seg(RacksState *st, Seg s)
{
	if (grow_to((void **)&st->segs, &st->seg_cap, st->nsegs + 1, sizeof *st->segs) < 0)
		return -1;
	st->segs[st->nsegs++] = s;
	return 0;
}

/* Racks are ordered by hall, then row (in index order), then position;
 * rowstart[r] is where row r's racks begin in order. */
static int build_order(RacksState *st, const SiteView *v, int32_t *rowstart)
{
	int32_t nr = v->nrows;
	for (int32_t r = 0; r <= nr; r++)
		rowstart[r] = 0;
	for (int32_t k = 0; k < v->nracks; k++)
		if (v->racks[k].row >= 0 && v->racks[k].row < nr)
			rowstart[v->racks[k].row + 1]++;
	for (int32_t r = 0; r < nr; r++)
		rowstart[r + 1] += rowstart[r];
	int32_t placed = rowstart[nr];
	int32_t *fill = st->rowcnt + nr + 1;
	for (int32_t r = 0; r < nr; r++)
		fill[r] = rowstart[r];
	for (int32_t k = 0; k < v->nracks; k++) {
		int32_t r = v->racks[k].row;
		if (r >= 0 && r < nr)
			st->order[fill[r]++] = k;
	}
	/* racks come in add order, i.e. position order; sort by pos anyway */
	for (int32_t r = 0; r < nr; r++)
		for (int32_t i = rowstart[r] + 1; i < rowstart[r + 1]; i++)
			for (int32_t j = i; j > rowstart[r] &&
			     v->racks[st->order[j - 1]].pos > v->racks[st->order[j]].pos; j--) {
				int32_t t = st->order[j];
				st->order[j] = st->order[j - 1];
				st->order[j - 1] = t;
			}
	return placed;
}

static void ensure_layout(RacksState *st, const SiteView *v, int w)
{
	if (w < 1)
		w = 1;
	if (st->lay_valid && st->lay_gen == v->generation && st->lay_w == w && st->agg_v == v)
		return;
	st->lay_valid = false;
	st->nsegs = 0;
	st->vh = 0;
	int32_t nr = v->nrows;
	if (grow_to((void **)&st->order, &st->order_cap, v->nracks + 1, sizeof *st->order) < 0 ||
	    grow_to((void **)&st->rowcnt, &st->rowcnt_cap, 2 * nr + 2, sizeof *st->rowcnt) < 0 ||
	    grow_to((void **)&st->pos, &st->pos_cap, v->nracks + 1, sizeof *st->pos) < 0)
		return;
	int32_t *rowstart = st->rowcnt;
	st->nplaced = build_order(st, v, rowstart);
	for (int32_t k = 0; k <= v->nracks; k++)
		st->pos[k] = (CellPos){ -1, -1, -1 };

	int labelw = 0;
	for (int32_t r = 0; r < nr; r++) {
		int n = (int)strlen(row_label(v, &v->rows[r]));
		if (n > labelw)
			labelw = n;
	}
	if (labelw > LABEL_MAX)
		labelw = LABEL_MAX;
	if (w < labelw + 1 + 8)
		labelw = 0;
	int lab = labelw ? labelw + 1 : 0;
	int avail = w - lab > 1 ? w - lab : 1;

	int32_t bx = 0, by = 0, bandh = 0;
	for (int32_t h = 0; h < v->nhalls; h++) {
		int32_t maxr = 0, lines = 1;
		for (int32_t r = 0; r < nr; r++) {
			if (v->rows[r].hall != h)
				continue;
			int32_t n = rowstart[r + 1] - rowstart[r];
			if (n > maxr)
				maxr = n;
		}
		int32_t cpl = maxr < avail ? (maxr > 0 ? maxr : 1) : avail;
		for (int32_t r = 0; r < nr; r++)
			if (v->rows[r].hall == h) {
				int32_t n = rowstart[r + 1] - rowstart[r];
				lines += n > 0 ? (n + cpl - 1) / cpl : 1;
			}
		int32_t bw = lab + cpl;
		int32_t namew = (int32_t)strlen(v->halls[h].name);
		if (bw < namew)
			bw = namew < w ? namew : w;
		if (bx > 0 && bx + bw > w) {
			by += bandh + 1;
			bx = 0;
			bandh = 0;
		}
		add_seg(st, (Seg){ SEG_HALL, bx, by, bw, h, 0, 0 });
		int32_t y = by + 1;
		for (int32_t r = 0; r < nr; r++) {
			if (v->rows[r].hall != h)
				continue;
			if (labelw)
				add_seg(st, (Seg){ SEG_ROW, bx, y, labelw, r, 0, 0 });
			int32_t n = rowstart[r + 1] - rowstart[r];
			for (int32_t i = 0; i < n; i += cpl) {
				int32_t m = n - i < cpl ? n - i : cpl;
				add_seg(st, (Seg){ SEG_CELLS, bx + lab, y, m, r, rowstart[r] + i, m });
				for (int32_t j = 0; j < m; j++)
					st->pos[st->order[rowstart[r] + i + j]] = (CellPos){ bx + lab + j, y, bx };
				y++;
			}
			if (n == 0)
				y++;
		}
		if (lines > bandh)
			bandh = lines;
		bx += bw + HALL_GAP;
	}
	by += bandh;
	if (st->nunplaced > 0) {
		if (by > 0)
			by++;
		add_seg(st, (Seg){ SEG_UNPLACED, 0, by, w, -1, 0, 0 });
		st->pos[v->nracks] = (CellPos){ 0, by, 0 };
		by++;
	}
	st->vh = by;
	st->lay_w = w;
	st->lay_gen = v->generation;
	st->lay_valid = true;
}

static void prepare(RacksState *st, const PanelCtx *ctx, int w)
{
	ensure_agg(st, ctx->v);
	ensure_filter(st, ctx);
	ensure_layout(st, ctx->v, w);
	if (st->cur >= st->ncells)
		st->cur = st->ncells - 1;
	if (st->cur < 0)
		st->cur = 0;
	if (st->ncells > 0 && st->lay_valid && st->pos[st->cur].vy < 0) {
		/* an unplaceable cell: go to the first drawn one */
		for (int32_t i = 0; i < st->ncells; i++)
			if (st->pos[i].vy >= 0) {
				st->cur = i;
				break;
			}
	}
}

/* ---- metric ------------------------------------------------------------ */

static void thresholds(const PanelCtx *ctx, int m, float t[5])
{
	float warn = ctx->gpu_temp_warn > 0 ? ctx->gpu_temp_warn : 85.0f;
	float crit = ctx->gpu_temp_crit > warn ? ctx->gpu_temp_crit : warn + 5.0f;
	static const float power[5] = { 50, 70, 85, 95, 100.01f };
	static const float util[5] = { 10, 30, 50, 70, 90 };
	static const float state[5] = { 1, 2, 3, 4, 5 };
	const float *src = m == M_POWER ? power : m == M_UTIL ? util : state;
	if (m == M_TEMP) {
		const float tt[5] = { warn - 25, warn - 15, warn - 5, warn, crit };
		memcpy(t, tt, sizeof tt);
	} else {
		memcpy(t, src, 5 * sizeof *t);
	}
}

/* The metric value of a cell, NaN when unknown. */
static float cell_value(const RacksState *st, const SiteView *v, int32_t c, int m)
{
	const RackAgg *a = &st->agg[c];
	switch (m) {
	case M_TEMP:
		return a->max_temp;
	case M_UTIL:
		return a->util_n ? a->util_sum / (float)a->util_n : NAN;
	case M_POWER:
		if (c < v->nracks && v->racks[c].power_w.at && v->racks[c].budget_w > 0)
			return v->racks[c].power_w.v * 100.0f / v->racks[c].budget_w;
		return NAN;
	default:
		if (a->nnodes == 0 || a->nunknown == a->nnodes)
			return NAN;
		if (a->ndown || a->sev >= SEV_CRITICAL)
			return 5;
		if (a->ndrained)
			return 4;
		if (a->sev == SEV_WARNING)
			return 3;
		if (a->nunknown)
			return 2;
		return a->sev == SEV_INFO ? 1 : 0;
	}
}

static int level_of(const float t[5], float x)
{
	int l = 0;
	for (; l < 5 && x >= t[l]; l++) {}
	return l;
}

static void cell_look(const RacksState *st, const PanelCtx *ctx, const Canvas *cv, int32_t c,
                      uint32_t *ch, uint8_t *role, uint8_t *attr)
{
	const RackAgg *a = &st->agg[c];
	float t[5];
	thresholds(ctx, st->metric, t);
	float x = cell_value(st, ctx->v, c, st->metric);
	int l = isnan(x) ? -1 : level_of(t, x);
	*role = l < 0 ? ROLE_UNKNOWN : (uint8_t)(ROLE_HEAT0 + l);
	*attr = 0;
	if (a->ndown)
		*ch = 'X';
	else if (a->ndrained)
		*ch = 'D';
	else if (l < 0)
		*ch = '?';
	else if (st->metric == M_STATE && a->sev >= SEV_CRITICAL)
		*ch = '!';
	else
		*ch = canvas_glyph(cv, ramp[l]);
	if (a->ndown && l < 0)
		*role = ROLE_CRIT;
	if (st->f_on && !a->match) {
		*role = ROLE_DIM;
		*attr = CELL_DIM;
	}
	if (c == st->cur) {
		*role = ROLE_SELECTED;
		*attr = CELL_REVERSE | CELL_BOLD;
	}
}

/* ---- drawing ----------------------------------------------------------- */

static void draw_legend(const RacksState *st, const PanelCtx *ctx, Canvas *cv, Rect r)
{
	FmtLine l;
	fmt_line_begin(&l, cv, (Rect){ r.x, r.y, r.w, 1 });
	bool asc = cv->ascii;
	static const char *const titles[M_COUNT] = { "max GPU temp", "power/budget", "GPU util", "state" };
	fmt_line_text(&l, ROLE_HEADER, titles[st->metric]);
	fmt_line_text(&l, ROLE_DIM, st->metric == M_TEMP ? (asc ? " C " : " °C ") :
	              st->metric == M_STATE ? " " : " % ");
	float t[5];
	thresholds(ctx, st->metric, t);
	static const char *const state_words[ROLE_HEAT_STEPS] = { "ok ", "info ", "", "warn ", "drained ", "crit " };
	char gl[8];
	for (int i = 0; i < ROLE_HEAT_STEPS; i++) {
		uint32_t g = canvas_glyph(cv, ramp[i]);
		if (st->metric == M_STATE && i == 5)
			g = '!';
		/* glyphs are BMP code points: encode as UTF-8 */
		if (g < 0x80)
			snprintf(gl, sizeof gl, "%c", (char)g);
		else
			snprintf(gl, sizeof gl, "%c%c%c", (char)(0xE0 | (g >> 12)),
			         (char)(0x80 | ((g >> 6) & 0x3F)), (char)(0x80 | (g & 0x3F)));
		if (st->metric == M_STATE && i == 2)
			continue; /* "some nodes unknown": the '?' below says it */
		fmt_line_text(&l, (Role)(ROLE_HEAT0 + i), gl);
		if (st->metric == M_STATE)
			fmt_line_text(&l, ROLE_DIM, state_words[i]);
		else if (i < 5)
			fmt_line_printf(&l, ROLE_DIM, "<%g ", (double)t[i]);
		else
			fmt_line_printf(&l, ROLE_DIM, "%s%g ", asc ? ">=" : "≥", (double)t[4]);
	}
	fmt_line_text(&l, ROLE_CRIT, " X");
	fmt_line_text(&l, ROLE_DIM, " down ");
	fmt_line_text(&l, ROLE_WARN, "D");
	fmt_line_text(&l, ROLE_DIM, " drained ");
	fmt_line_text(&l, ROLE_UNKNOWN, "?");
	fmt_line_text(&l, ROLE_DIM, " unknown");
	if (st->f_on)
		fmt_line_printf(&l, ROLE_DIM, "  filter: %s", st->f_text);
}

static void draw_detail(const RacksState *st, const PanelCtx *ctx, Canvas *cv, Rect r)
{
	const SiteView *v = ctx->v;
	FmtLine l;
	fmt_line_begin(&l, cv, (Rect){ r.x, r.y, r.w, 1 });
	bool asc = cv->ascii;
	char b[64];
	if (st->ncells == 0) {
		fmt_line_text(&l, ROLE_DIM, "no racks in this site's inventory");
		return;
	}
	int32_t c = st->cur;
	const RackAgg *a = &st->agg[c];
	if (c >= v->nracks) {
		fmt_line_printf(&l, ROLE_TITLE, "unplaced: %d nodes not in the inventory",
		                (int)a->nnodes);
	} else {
		fmt_line_text(&l, ROLE_TITLE, v->racks[c].name);
	}
	fmt_line_printf(&l, ROLE_NORMAL, "  %d nodes: ", (int)a->nnodes);
	fmt_line_printf(&l, ROLE_OK, "%d up ", (int)a->nup);
	fmt_line_printf(&l, a->ndrained ? ROLE_WARN : ROLE_NORMAL, "%d drained ", (int)a->ndrained);
	fmt_line_printf(&l, a->ndown ? ROLE_CRIT : ROLE_NORMAL, "%d down", (int)a->ndown);
	if (a->nunknown)
		fmt_line_printf(&l, ROLE_UNKNOWN, " %d unknown", (int)a->nunknown);
	fmt_line_text(&l, ROLE_DIM, "  max ");
	fmt_line_text(&l, fmt_temp_role(a->max_temp, ctx->gpu_temp_warn, ctx->gpu_temp_crit),
	              fmt_temp(b, sizeof b, a->max_temp, asc));
	fmt_line_text(&l, ROLE_DIM, "  util ");
	fmt_line_text(&l, a->util_n ? ROLE_NORMAL : ROLE_UNKNOWN,
	              fmt_pct(b, sizeof b, a->util_n ? a->util_sum / (float)a->util_n : NAN, asc));
	if (c < v->nracks) {
		const Rack *k = &v->racks[c];
		fmt_line_text(&l, ROLE_DIM, "  power ");
		Role pr = fmt_val_watts(b, sizeof b, v, k->power_w, ctx->now, ROLE_NORMAL, asc);
		if (k->power_w.at && k->budget_w > 0 && k->power_w.v > k->budget_w && pr == ROLE_NORMAL)
			pr = ROLE_CRIT;
		fmt_line_text(&l, pr, b);
		fmt_line_text(&l, ROLE_DIM, "/");
		fmt_line_text(&l, k->budget_w > 0 ? ROLE_NORMAL : ROLE_UNKNOWN,
		              fmt_watts(b, sizeof b, k->budget_w > 0 ? k->budget_w : NAN, asc));
		fmt_line_text(&l, ROLE_DIM, "  CDU ");
		if (k->cdu >= 0 && k->cdu < v->ncdus)
			fmt_line_text(&l, fmt_health_role(v->cdus[k->cdu].health), v->cdus[k->cdu].name);
		else
			fmt_line_text(&l, ROLE_UNKNOWN, fmt_unknown(asc));
		fmt_line_text(&l, ROLE_DIM, "  PDU ");
		if (k->pdu >= 0 && k->pdu < v->npdus)
			fmt_line_text(&l, fmt_health_role(v->pdus[k->pdu].health), v->pdus[k->pdu].name);
		else
			fmt_line_text(&l, ROLE_UNKNOWN, fmt_unknown(asc));
	}
	if (a->sev > SEV_NONE) {
		fmt_line_text(&l, ROLE_DIM, "  alert ");
		fmt_line_text(&l, fmt_severity_role((Severity)a->sev), fmt_severity_text((Severity)a->sev));
	}
}

static void draw_seg(const RacksState *st, const PanelCtx *ctx, Canvas *cv, Rect m, const Seg *s)
{
	const SiteView *v = ctx->v;
	int y = m.y + (s->vy - st->scroll);
	int x = m.x + s->vx;
	int maxw = m.x + m.w - x;
	if (maxw <= 0)
		return;
	if (maxw > s->w)
		maxw = s->w;
	switch (s->kind) {
	case SEG_HALL:
		canvas_text(cv, x, y, maxw, ROLE_TITLE, CELL_BOLD, v->halls[s->idx].name);
		break;
	case SEG_ROW:
		canvas_text(cv, x, y, maxw, ROLE_DIM, 0, row_label(v, &v->rows[s->idx]));
		break;
	case SEG_UNPLACED: {
		int32_t c = v->nracks;
		uint32_t ch;
		uint8_t role, attr;
		cell_look(st, ctx, cv, c, &ch, &role, &attr);
		canvas_put(cv, x, y, ch, role, attr);
		if (maxw > 2) /* the label */
			canvas_printf(cv, x + 2, y, maxw - 2, ROLE_DIM, 0, "unplaced: %d nodes not in the inventory",
			              (int)st->agg[c].nnodes);
		break;
	}
	default:
		for (int32_t i = 0; i < s->n && i < maxw; i++) {
			uint32_t ch;
			uint8_t role, attr;
			cell_look(st, ctx, cv, st->order[s->first + i], &ch, &role, &attr);
			canvas_put(cv, x + i, y, ch, role, attr);
		}
		break;
	}
}

static void racks_panel_draw(void *p, const PanelCtx *ctx, Canvas *cv, Rect r)
{
	RacksState *st = p;
	if (r.w <= 0 || r.h <= 0)
		return;
	canvas_fill(cv, r, ' ', ROLE_NORMAL);
	prepare(st, ctx, r.w);
	if (!st->agg_valid || !st->lay_valid) {
		canvas_text(cv, r.x, r.y, r.w, ROLE_CRIT, 0, "out of memory");
		return;
	}
	int hdr = r.h >= 3 ? HEADER_LINES : 0;
	if (hdr) {
		draw_legend(st, ctx, cv, r);
		draw_detail(st, ctx, cv, (Rect){ r.x, r.y + 1, r.w, 1 });
	}
	Rect m = { r.x, r.y + hdr, r.w, r.h - hdr };
	st->maph = m.h;
	if (st->ncells > 0) {
		int32_t vy = st->pos[st->cur].vy;
		if (vy < st->scroll)
			st->scroll = vy > 0 ? vy - 1 : 0;
		if (vy >= st->scroll + m.h)
			st->scroll = vy - m.h + 1;
	}
	if (st->scroll > st->vh - m.h)
		st->scroll = st->vh - m.h;
	if (st->scroll < 0)
		st->scroll = 0;
	for (int32_t i = 0; i < st->nsegs; i++) {
		const Seg *s = &st->segs[i];
		if (s->vy >= st->scroll && s->vy < st->scroll + m.h)
			draw_seg(st, ctx, cv, m, s);
	}
	if (st->vh > m.h && m.w > 12) {
		/* where the scroll stands, in the bottom-right corner if it is free */
		int32_t shown = st->vh - st->scroll < m.h ? st->vh - st->scroll : m.h;
		int x0 = m.x + m.w - 12, y0 = m.y + m.h - 1;
		bool freee = true;
		for (int x = x0; x < x0 + 12 && freee; x++)
			freee = x >= 0 && y0 < cv->h && x < cv->w && cv->cells[y0 * cv->w + x].ch == ' ';
		if (freee)
			canvas_printf(cv, x0, y0, 12, ROLE_DIM, 0, "%s %d-%d/%d",
			              st->scroll + shown < st->vh ? (cv->ascii ? "v" : "↓") : " ",
			              (int)st->scroll + 1, (int)(st->scroll + shown), (int)st->vh);
	}
}

/* ---- commands ---------------------------------------------------------- */

/* The nearest drawn cell from the cursor in a direction; -1 if none. */
static int32_t find_move(const RacksState *st, int dx, int dy)
{
	const CellPos *c = &st->pos[st->cur];
	int32_t best = -1;
	long bestk = 0;
	for (int pass = 0; pass < 2 && best < 0; pass++) {
		for (int32_t i = 0; i < st->ncells; i++) {
			const CellPos *q = &st->pos[i];
			if (i == st->cur || q->vy < 0)
				continue;
			long ddx = q->vx - c->vx, ddy = q->vy - c->vy;
			long key;
			if (dx) {
				if (ddy != 0 || ddx * dx <= 0)
					continue;
				key = labs(ddx);
			} else {
				if (ddy * dy <= 0)
					continue;
				if (pass == 0 && q->bx != c->bx)
					continue;
				key = labs(ddy) * 100000 + labs(ddx);
			}
			if (best < 0 || key < bestk) {
				best = i;
				bestk = key;
			}
		}
	}
	return best;
}

static int32_t first_drawn(const RacksState *st, bool last)
{
	int32_t best = -1;
	for (int32_t i = 0; i < st->ncells; i++) {
		const CellPos *q = &st->pos[i];
		if (q->vy < 0)
			continue;
		if (best < 0)
			best = i;
		const CellPos *b = &st->pos[best];
		if (last ? (q->vy > b->vy || (q->vy == b->vy && q->vx > b->vx)) :
		           (q->vy < b->vy || (q->vy == b->vy && q->vx < b->vx)))
			best = i;
	}
	return best;
}

static unsigned racks_panel_command(void *p, const PanelCtx *ctx, PanelCmd cmd, Nav *nav)
{
	RacksState *st = p;
	prepare(st, ctx, st->lay_w > 0 ? st->lay_w : 80);
	if (cmd == CMD_METRIC_NEXT) {
		st->metric = (st->metric + 1) % M_COUNT;
		return PK_HANDLED | PK_REDRAW;
	}
	if (!st->lay_valid || st->ncells == 0)
		return 0;
	int32_t to = -1, page = st->maph > 1 ? st->maph - 1 : 1;
	switch (cmd) {
	case CMD_UP: case CMD_DOWN: to = find_move(st, 0, cmd == CMD_UP ? -1 : 1); break;
	case CMD_LEFT: case CMD_RIGHT: to = find_move(st, cmd == CMD_LEFT ? -1 : 1, 0); break;
	case CMD_HOME: to = first_drawn(st, false); break;
	case CMD_END: to = first_drawn(st, true); break;
	case CMD_PAGE_UP:
	case CMD_PAGE_DOWN: {
		int32_t save = st->cur;
		for (int i = 0; i < page; i++) {
			int32_t n = find_move(st, 0, cmd == CMD_PAGE_DOWN ? 1 : -1);
			if (n < 0)
				break;
			st->cur = n;
		}
		to = st->cur;
		st->cur = save;
		break;
	}
	case CMD_ENTER:
		nav->panel = PANEL_RACK;
		nav->target = (EntityRef){ ENT_RACK, st->cur < ctx->v->nracks ? st->cur : -1 };
		return PK_HANDLED | PK_NAV;
	default:
		return 0;
	}
	if (to >= 0 && to != st->cur) {
		st->cur = to;
		return PK_HANDLED | PK_REDRAW;
	}
	return PK_HANDLED;
}

static bool racks_panel_selection(void *p, const PanelCtx *ctx, EntityRef *out)
{
	RacksState *st = p;
	prepare(st, ctx, st->lay_w > 0 ? st->lay_w : 80);
	if (st->ncells == 0 || st->cur >= ctx->v->nracks)
		return false;
	*out = (EntityRef){ ENT_RACK, st->cur };
	return true;
}

static void racks_panel_open(void *p, const PanelCtx *ctx, EntityRef t)
{
	RacksState *st = p;
	const SiteView *v = ctx->v;
	prepare(st, ctx, st->lay_w > 0 ? st->lay_w : 80);
	if (!st->lay_valid)
		return;
	int32_t c = -1;
	if (t.kind == ENT_HALL || t.kind == ENT_ROW) {
		for (int32_t i = 0; i < st->nplaced && c < 0; i++) {
			const Rack *k = &v->racks[st->order[i]];
			if (st->pos[st->order[i]].vy >= 0 &&
			    (t.kind == ENT_HALL ? k->hall : k->row) == t.index)
				c = st->order[i];
		}
	} else {
		c = cell_of_entity(v, t);
		if (t.kind == ENT_NODE && c == v->nracks && st->ncells <= v->nracks)
			c = -1;
	}
	if (c >= 0 && c < st->ncells)
		st->cur = c;
}

const PanelOps racks_panel_ops = {
	.id = PANEL_RACKS,
	.name = "racks",
	.title = "Racks",
	.help = "every rack as a heatmap; m: metric, arrows: move, Enter: open rack",
	.create = racks_panel_create,
	.destroy = racks_panel_destroy,
	.draw = racks_panel_draw,
	.command = racks_panel_command,
	.selection = racks_panel_selection,
	.open = racks_panel_open,
};
