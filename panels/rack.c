/* Rack panel: one rack's nodes in slot order, each with its GPUs as cells. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panels/format.h"
#include "panels/panel.h"

/*
 * open({ENT_RACK, -1}) shows the nodes the inventory did not place in any
 * rack (the racks panel's "unplaced" group); that list is rebuilt when the
 * site's generation changes.  Before any open the first rack is shown.
 */

enum { HEADER_LINES = 3, GPU_CELLS_MAX = 16 };

typedef struct {
	int32_t rack;        /* shown rack; -1 = the unplaced nodes */
	bool opened;
	int32_t cur, scroll;
	int page;
	/* unplaced nodes, valid for (u_v, u_gen) */
	const SiteView *u_v;
	uint64_t u_gen;
	bool u_valid;
	int32_t *unpl;
	int32_t nunpl, unpl_cap;
} RackState;

static const Glyph ramp[ROLE_HEAT_STEPS] = {
	G_SPARK1, G_SHADE_LIGHT, G_SHADE_MEDIUM, G_SHADE_DARK, G_BLOCK_FULL, G_ARROW_UP,
};

static void *rack_panel_create(void)
{
	RackState *st = calloc(1, sizeof *st);
	return st;
}

static void rack_panel_destroy(void *p)
{
	RackState *st = p;
	if (!st)
		return;
	free(st->unpl);
	free(st);
}

static void ensure_unplaced(RackState *st, const SiteView *v)
{
	if (st->u_valid && st->u_v == v && st->u_gen == v->generation)
		return;
	st->nunpl = 0;
	st->u_valid = false;
	for (int32_t i = 0; i < v->nnodes; i++) {
		if (v->nodes[i].rack >= 0 && v->nodes[i].rack < v->nracks)
			continue;
		if (st->nunpl == st->unpl_cap) {
			int32_t n = st->unpl_cap ? st->unpl_cap * 2 : 64;
			int32_t *q = realloc(st->unpl, (size_t)n * sizeof *q);
			if (!q)
				return;
			st->unpl = q;
			st->unpl_cap = n;
		}
		st->unpl[st->nunpl++] = i;
	}
	st->u_v = v;
	st->u_gen = v->generation;
	st->u_valid = true;
}

/* The node list shown, in slot order. */
static const int32_t *node_list(RackState *st, const SiteView *v, int32_t *n)
{
	if (!st->opened || st->rack >= v->nracks) {
		st->rack = v->nracks > 0 ? 0 : -1;
		st->opened = true;
	}
	if (st->rack >= 0) {
		*n = v->racks[st->rack].nnodes;
		return v->racks[st->rack].nodes;
	}
	ensure_unplaced(st, v);
	*n = st->u_valid ? st->nunpl : 0;
	return st->unpl;
}

static void clamp_cursor(RackState *st, int32_t n)
{
	if (st->cur >= n)
		st->cur = n - 1;
	if (st->cur < 0)
		st->cur = 0;
}

/* ---- drawing ----------------------------------------------------------- */

static void draw_header(const RackState *st, const PanelCtx *ctx, Canvas *cv, Rect r, int32_t n)
{
	const SiteView *v = ctx->v;
	bool asc = cv->ascii;
	char b[64];
	FmtLine l;
	fmt_line_begin(&l, cv, (Rect){ r.x, r.y, r.w, r.h < 2 ? r.h : 2 });
	if (st->rack < 0) {
		fmt_line_text(&l, ROLE_TITLE, "unplaced nodes");
		fmt_line_printf(&l, ROLE_DIM, "  %d nodes the inventory does not place in a rack", (int)n);
		return;
	}
	const Rack *k = &v->racks[st->rack];
	fmt_line_text(&l, ROLE_TITLE, k->name);
	if (k->hall >= 0 && k->hall < v->nhalls)
		fmt_line_printf(&l, ROLE_DIM, "  hall %s", v->halls[k->hall].name);
	if (k->row >= 0 && k->row < v->nrows)
		fmt_line_printf(&l, ROLE_DIM, "  row %s", v->rows[k->row].name);
	fmt_line_printf(&l, ROLE_DIM, "  %d nodes  power ", (int)n);
	Role pr = fmt_val_watts(b, sizeof b, v, k->power_w, ctx->now, ROLE_NORMAL, asc);
	bool over = k->power_w.at && k->budget_w > 0 && k->power_w.v > k->budget_w;
	fmt_line_text(&l, over && pr == ROLE_NORMAL ? ROLE_CRIT : pr, b);
	fmt_line_text(&l, ROLE_DIM, " / ");
	fmt_line_text(&l, k->budget_w > 0 ? ROLE_NORMAL : ROLE_UNKNOWN,
	              fmt_watts(b, sizeof b, k->budget_w > 0 ? k->budget_w : NAN, asc));
	if (k->power_w.at && k->budget_w > 0)
		fmt_line_printf(&l, over ? ROLE_CRIT : ROLE_DIM, " (%.0f%%)",
		                (double)(k->power_w.v * 100.0f / k->budget_w));
	fmt_line_next(&l);
	fmt_line_text(&l, ROLE_DIM, "CDU ");
	if (k->cdu >= 0 && k->cdu < v->ncdus) {
		const Cdu *c = &v->cdus[k->cdu];
		fmt_line_text(&l, ROLE_NORMAL, c->name);
		fmt_line_text(&l, ROLE_DIM, " ");
		fmt_line_text(&l, fmt_health_role(c->health), site_health_name(c->health));
		fmt_line_text(&l, ROLE_DIM, " supply ");
		fmt_line_text(&l, fmt_val(b, sizeof b, v, c->supply_c, ctx->now, 1, asc ? "C" : "°C",
		                          ROLE_NORMAL, asc), b);
	} else {
		fmt_line_text(&l, ROLE_UNKNOWN, fmt_unknown(asc));
	}
	fmt_line_text(&l, ROLE_DIM, "   PDU ");
	if (k->pdu >= 0 && k->pdu < v->npdus) {
		const Pdu *pd = &v->pdus[k->pdu];
		fmt_line_text(&l, ROLE_NORMAL, pd->name);
		fmt_line_text(&l, ROLE_DIM, " ");
		fmt_line_text(&l, fmt_health_role(pd->health), site_health_name(pd->health));
		fmt_line_text(&l, ROLE_DIM, " ");
		fmt_line_text(&l, fmt_val_watts(b, sizeof b, v, pd->power_w, ctx->now, ROLE_NORMAL, asc), b);
	} else {
		fmt_line_text(&l, ROLE_UNKNOWN, fmt_unknown(asc));
	}
}

static int temp_level(const PanelCtx *ctx, float c)
{
	float warn = ctx->gpu_temp_warn > 0 ? ctx->gpu_temp_warn : 85.0f;
	float crit = ctx->gpu_temp_crit > warn ? ctx->gpu_temp_crit : warn + 5.0f;
	const float t[5] = { warn - 25, warn - 15, warn - 5, warn, crit };
	int l = 0;
	while (l < 5 && c >= t[l])
		l++;
	return l;
}

/* One GPU as a cell: 'X' missing, '!' XID, '?' no temperature, else the
 * temperature ramp. */
static void gpu_cell(const PanelCtx *ctx, const Canvas *cv, const Gpu *g, uint32_t *ch, uint8_t *role)
{
	if (!g->present) {
		*ch = 'X';
		*role = ROLE_CRIT;
	} else if (g->xid.at && g->xid.v != 0) {
		*ch = '!';
		*role = ROLE_CRIT;
	} else if (!g->temp_c.at) {
		*ch = '?';
		*role = ROLE_UNKNOWN;
	} else {
		int l = temp_level(ctx, g->temp_c.v);
		*ch = canvas_glyph(cv, ramp[l]);
		*role = (uint8_t)(ROLE_HEAT0 + l);
	}
}

typedef struct {
	int slot, mark, name, state, alloc, gpus, temp, power, reason; /* x offsets */
	int namew, gpuw;
} Cols;

static Cols columns(const SiteView *v, const int32_t *list, int32_t n, int w)
{
	Cols c;
	c.namew = 4;
	c.gpuw = 4;
	for (int32_t i = 0; i < n; i++) {
		const Node *nd = &v->nodes[list[i]];
		int len = (int)strlen(nd->name);
		if (len > c.namew)
			c.namew = len;
		if (nd->ngpus > c.gpuw)
			c.gpuw = nd->ngpus;
	}
	if (c.namew > 20)
		c.namew = 20;
	if (c.gpuw > GPU_CELLS_MAX)
		c.gpuw = GPU_CELLS_MAX;
	c.slot = 0;
	c.mark = 5;
	c.name = 6;
	c.state = c.name + c.namew + 1;
	c.alloc = c.state + 15;
	c.gpus = c.alloc + 6;
	c.temp = c.gpus + c.gpuw + 1;
	c.power = c.temp + 6;
	c.reason = c.power + 9;
	(void)w;
	return c;
}

static void col_text(Canvas *cv, Rect r, int y, int x, int w, uint8_t role, uint8_t attr, const char *s)
{
	if (x >= r.w)
		return;
	if (w > r.w - x)
		w = r.w - x;
	canvas_text(cv, r.x + x, y, w, role, attr, s);
}

static void draw_node(const RackState *st, const PanelCtx *ctx, Canvas *cv, Rect r, int y,
                      const Cols *c, int32_t ni, bool sel)
{
	(void)st;
	const SiteView *v = ctx->v;
	const Node *n = &v->nodes[ni];
	bool asc = cv->ascii;
	bool marked = ctx->marked && ctx->marked[ni];
	char b[SITE_TEXT_MAX];
	if (n->slot >= 0)
		snprintf(b, sizeof b, "%4d", (int)n->slot);
	else
		snprintf(b, sizeof b, "%4s", fmt_unknown(asc));
	col_text(cv, r, y, c->slot, 4, ROLE_DIM, 0, b);
	col_text(cv, r, y, c->mark, 1, ROLE_MARKED, CELL_BOLD, marked ? "*" : " ");
	col_text(cv, r, y, c->name, c->namew, marked ? ROLE_MARKED : ROLE_NORMAL, 0, n->name);
	Role sr = fmt_node_state(b, sizeof b, v, n, ctx->now);
	col_text(cv, r, y, c->state, 14, sr, 0, b);
	if (n->gpus_alloc >= 0)
		snprintf(b, sizeof b, "%d/%d", (int)n->gpus_alloc, (int)n->ngpus);
	else
		snprintf(b, sizeof b, "%s/%d", fmt_unknown(asc), (int)n->ngpus);
	col_text(cv, r, y, c->alloc, 5, n->gpus_alloc >= 0 ? ROLE_NORMAL : ROLE_UNKNOWN, 0, b);
	float maxt = NAN, pw = 0;
	int npw = 0;
	for (int32_t g = 0; g < n->ngpus; g++) {
		const Gpu *gp = &v->gpus[n->first_gpu + g];
		if (gp->temp_c.at && (isnan(maxt) || gp->temp_c.v > maxt))
			maxt = gp->temp_c.v;
		if (gp->power_w.at) {
			pw += gp->power_w.v;
			npw++;
		}
		if (g >= c->gpuw || c->gpus + g >= r.w)
			continue;
		uint32_t ch;
		uint8_t role;
		gpu_cell(ctx, cv, gp, &ch, &role);
		canvas_put(cv, r.x + c->gpus + g, y, ch, role, 0);
	}
	col_text(cv, r, y, c->temp, 5, fmt_temp_role(maxt, ctx->gpu_temp_warn, ctx->gpu_temp_crit), 0,
	         fmt_temp(b, sizeof b, maxt, asc));
	Role pr;
	if (n->bmc.power_w.at)
		pr = fmt_val_watts(b, sizeof b, v, n->bmc.power_w, ctx->now, ROLE_NORMAL, asc);
	else {
		fmt_watts(b, sizeof b, npw ? pw : NAN, asc);
		pr = npw ? ROLE_NORMAL : ROLE_UNKNOWN;
	}
	col_text(cv, r, y, c->power, 8, pr, 0, b);
	if (n->reason[0])
		col_text(cv, r, y, c->reason, r.w - c->reason, ROLE_NORMAL, 0, n->reason);
	if (sel)
		canvas_paint(cv, (Rect){ r.x, y, r.w, 1 }, ROLE_SELECTED, CELL_REVERSE);
}

static void rack_panel_draw(void *p, const PanelCtx *ctx, Canvas *cv, Rect r)
{
	RackState *st = p;
	if (r.w <= 0 || r.h <= 0)
		return;
	canvas_fill(cv, r, ' ', ROLE_NORMAL);
	const SiteView *v = ctx->v;
	int32_t n;
	const int32_t *list = node_list(st, v, &n);
	clamp_cursor(st, n);
	int hdr = r.h >= 4 ? HEADER_LINES : 0;
	if (hdr)
		draw_header(st, ctx, cv, r, n);
	Cols c = columns(v, list, n, r.w);
	if (hdr) {
		int y = r.y + 2;
		col_text(cv, r, y, c.slot, 4, ROLE_HEADER, 0, "slot");
		col_text(cv, r, y, c.name, c.namew, ROLE_HEADER, 0, "node");
		col_text(cv, r, y, c.state, 14, ROLE_HEADER, 0, "state");
		col_text(cv, r, y, c.alloc, 5, ROLE_HEADER, 0, "alloc");
		col_text(cv, r, y, c.gpus, c.gpuw, ROLE_HEADER, 0, "GPUs");
		col_text(cv, r, y, c.temp, 5, ROLE_HEADER, 0, "max");
		col_text(cv, r, y, c.power, 8, ROLE_HEADER, 0, "power");
		col_text(cv, r, y, c.reason, r.w - c.reason, ROLE_HEADER, 0, "reason");
	}
	int lines = r.h - hdr;
	st->page = lines;
	if (n == 0) {
		if (lines > 0)
			canvas_text(cv, r.x, r.y + hdr, r.w, ROLE_DIM, 0, "no nodes");
		return;
	}
	if (st->cur < st->scroll)
		st->scroll = st->cur;
	if (st->cur >= st->scroll + lines)
		st->scroll = st->cur - lines + 1;
	if (st->scroll > n - lines)
		st->scroll = n - lines;
	if (st->scroll < 0)
		st->scroll = 0;
	for (int i = 0; i < lines && st->scroll + i < n; i++) {
		int32_t idx = st->scroll + i;
		draw_node(st, ctx, cv, r, r.y + hdr + i, &c, list[idx], idx == st->cur);
	}
}

/* ---- commands ---------------------------------------------------------- */

static unsigned rack_panel_command(void *p, const PanelCtx *ctx, PanelCmd cmd, Nav *nav)
{
	RackState *st = p;
	int32_t n;
	const int32_t *list = node_list(st, ctx->v, &n);
	int32_t old = st->cur;
	int page = st->page > 1 ? st->page - 1 : 1;
	switch (cmd) {
	case CMD_UP: st->cur--; break;
	case CMD_DOWN: st->cur++; break;
	case CMD_PAGE_UP: st->cur -= page; break;
	case CMD_PAGE_DOWN: st->cur += page; break;
	case CMD_HOME: st->cur = 0; break;
	case CMD_END: st->cur = n - 1; break;
	case CMD_ENTER:
		if (n == 0)
			return PK_HANDLED;
		clamp_cursor(st, n);
		nav->panel = PANEL_NODE;
		nav->target = (EntityRef){ ENT_NODE, list[st->cur] };
		return PK_HANDLED | PK_NAV;
	default:
		return 0;
	}
	clamp_cursor(st, n);
	return st->cur != old ? PK_HANDLED | PK_REDRAW : PK_HANDLED;
}

static bool rack_panel_selection(void *p, const PanelCtx *ctx, EntityRef *out)
{
	RackState *st = p;
	int32_t n;
	const int32_t *list = node_list(st, ctx->v, &n);
	if (n == 0)
		return false;
	clamp_cursor(st, n);
	*out = (EntityRef){ ENT_NODE, list[st->cur] };
	return true;
}

static void rack_panel_open(void *p, const PanelCtx *ctx, EntityRef t)
{
	RackState *st = p;
	const SiteView *v = ctx->v;
	if (t.kind == ENT_GPU && t.index >= 0 && t.index < v->ngpus)
		t = (EntityRef){ ENT_NODE, v->gpus[t.index].node };
	if (t.kind == ENT_RACK && t.index >= -1 && t.index < v->nracks) {
		st->rack = t.index;
		st->opened = true;
		st->cur = 0;
		st->scroll = 0;
	} else if (t.kind == ENT_NODE && t.index >= 0 && t.index < v->nnodes) {
		int32_t rk = v->nodes[t.index].rack;
		st->rack = (rk >= 0 && rk < v->nracks) ? rk : -1;
		st->opened = true;
		int32_t n;
		const int32_t *list = node_list(st, v, &n);
		for (int32_t i = 0; i < n; i++)
			if (list[i] == t.index)
				st->cur = i;
	}
}

const PanelOps rack_panel_ops = {
	.id = PANEL_RACK,
	.name = "rack",
	.title = "Rack",
	.help = "one rack: its nodes in slot order and their GPUs; Enter: open node",
	.create = rack_panel_create,
	.destroy = rack_panel_destroy,
	.draw = rack_panel_draw,
	.command = rack_panel_command,
	.selection = rack_panel_selection,
	.open = rack_panel_open,
};
