/* Fleet panel: one row per site, worst first. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panels/format.h"
#include "panels/panel.h"
#include "panels/table.h"
#include "site/alerts.h"

enum { COL_SITE, COL_UP, COL_DRAIN, COL_DOWN, COL_DRAW, COL_HEAD, COL_COOL, COL_ALERT, COL_AGE, NCOLS };

static const TableCol fleet_cols[NCOLS] = {
	[COL_SITE] = { "SITE", 10, false, true },
	[COL_UP] = { "GPUS UP", 8, true, false },
	[COL_DRAIN] = { "DRAIN", 5, true, false },
	[COL_DOWN] = { "DOWN", 5, true, false },
	[COL_DRAW] = { "DRAW", 9, true, false },
	[COL_HEAD] = { "HEADROOM", 13, true, false },
	[COL_COOL] = { "COOLING", 9, false, false },
	[COL_ALERT] = { "ALERTS", 8, false, false },
	[COL_AGE] = { "DATA", 5, true, false },
};

typedef struct {
	bool valid;
	uint64_t gen;
	const SiteView *view;
	int64_t up, drained, down;
	double draw_w, supply_w;     /* NaN unknown */
	float margin;
	int32_t cdu_crit, cdu_warn, leaks, ncdus;
	AlertSummary sum;
	int64_t oldest_ok;           /* oldest source last_ok; 0 = a source never answered */
	bool any_source, failing;
	int score;                   /* higher is worse */
} SiteSum;

typedef struct {
	TableState t;
	TableRows rows;
	SiteSum *sums;
	int32_t cap;
	const PanelCtx *ctx;
	bool ascii;
} FleetState;

static void *fleet_panel_create(void)
{
	FleetState *st = calloc(1, sizeof *st);
	if (st)
		table_init(&st->t, -1, false);
	return st;
}

static void fleet_panel_destroy(void *p)
{
	FleetState *st = p;
	if (!st)
		return;
	table_rows_free(&st->rows);
	free(st->sums);
	free(st);
}

static void summarise(SiteSum *s, const SiteView *v, int64_t now)
{
	if (s->valid && s->gen == v->generation && s->view == v)
		return;
	memset(s, 0, sizeof *s);
	s->valid = true;
	s->gen = v->generation;
	s->view = v;
	for (int32_t i = 0; i < v->nnodes; i++) {
		const Node *n = &v->nodes[i];
		int64_t g = 0;
		for (int32_t k = n->first_gpu; k < n->first_gpu + n->ngpus && k < v->ngpus; k++)
			g += v->gpus[k].present;
		switch (site_node_class(n)) {
		case NODE_CLASS_UP: s->up += g; break;
		case NODE_CLASS_DRAINED: s->drained += g; break;
		case NODE_CLASS_DOWN: s->down += g; break;
		case NODE_CLASS_UNKNOWN: break;
		}
	}
	s->draw_w = val_known(v->power->draw_w) ? v->power->draw_w.v : NAN;
	s->supply_w = val_known(v->power->supply_w) ? v->power->supply_w.v : NAN;
	s->margin = v->power->margin_pct > 0 ? v->power->margin_pct : 5.0f;
	s->ncdus = v->ncdus;
	for (int32_t i = 0; i < v->ncdus; i++) {
		const Cdu *c = &v->cdus[i];
		if (c->health == HEALTH_CRITICAL)
			s->cdu_crit++;
		else if (c->health == HEALTH_WARNING)
			s->cdu_warn++;
		for (int k = 0; k < c->nleaks && k < CDU_LEAKS_MAX; k++)
			if (c->leaks[k].state >= LEAK_WARNING)
				s->leaks++;
	}
	alerts_summary(v, &s->sum);
	s->oldest_ok = -1;
	for (int32_t i = 1; i < v->nsources; i++) {
		const Source *src = &v->sources[i];
		s->any_source = true;
		if (!src->ok && src->last_try)
			s->failing = true;
		if (s->oldest_ok < 0 || src->last_ok < s->oldest_ok)
			s->oldest_ok = src->last_ok;
	}
	if (s->oldest_ok < 0)
		s->oldest_ok = 0;
	double head_pct = s->supply_w > 0 ? 100.0 * (s->supply_w - s->draw_w) / s->supply_w : NAN;
	s->score = (int)s->sum.worst * 100 + (s->leaks ? 50 : 0) + (s->cdu_crit ? 40 : s->cdu_warn ? 10 : 0) +
	           (!isnan(head_pct) && head_pct <= 0 ? 60 : !isnan(head_pct) && head_pct < s->margin ? 20 : 0) +
	           (s->failing ? 5 : 0);
	(void)now;
}

static int fleet_cmp(void *p, int32_t a, int32_t b)
{
	const FleetState *st = p;
	const SiteSum *x = &st->sums[a], *y = &st->sums[b];
	if (x->score != y->score)
		return y->score - x->score;
	if (x->down != y->down)
		return x->down < y->down ? 1 : -1;
	return a - b;
}

static void refresh(FleetState *st, const PanelCtx *ctx)
{
	st->ctx = ctx;
	int32_t n = ctx->sites ? ctx->nsites : 0;
	if (n > st->cap) {
		SiteSum *s = realloc(st->sums, (size_t)n * sizeof *s);
		if (!s)
			return;
		memset(s + st->cap, 0, (size_t)(n - st->cap) * sizeof *s);
		st->sums = s;
		st->cap = n;
	}
	if (table_rows_reserve(&st->rows, n) < 0)
		return;
	int32_t keep = table_selected(&st->t, st->rows.idx, st->rows.n);
	st->rows.n = 0;
	for (int32_t i = 0; i < n; i++) {
		summarise(&st->sums[i], site_view(ctx->sites[i]), ctx->now);
		st->rows.idx[st->rows.n++] = i;
	}
	table_rows_sort(&st->rows, fleet_cmp, st);
	table_follow(&st->t, &st->rows, keep);
}

static Role fleet_cell(void *p, int32_t row, int col, char *buf, size_t len)
{
	const FleetState *st = p;
	const SiteSum *s = &st->sums[row];
	const SiteView *v = s->view;
	char a[32];
	switch (col) {
	case COL_SITE:
		snprintf(buf, len, "%s%s", row == st->ctx->current ? "* " : "  ", v->name ? v->name : "?");
		return row == st->ctx->current ? ROLE_ACCENT : ROLE_NORMAL;
	case COL_UP:
		fmt_count(buf, len, s->up);
		return s->up ? ROLE_OK : ROLE_DIM;
	case COL_DRAIN:
		fmt_count(buf, len, s->drained);
		return s->drained ? ROLE_WARN : ROLE_DIM;
	case COL_DOWN:
		fmt_count(buf, len, s->down);
		return s->down ? ROLE_CRIT : ROLE_DIM;
	case COL_DRAW:
		fmt_mw(buf, len, s->draw_w, st->ascii);
		return isnan(s->draw_w) ? ROLE_UNKNOWN : ROLE_NORMAL;
	case COL_HEAD: {
		if (isnan(s->draw_w) || !(s->supply_w > 0)) {
			snprintf(buf, len, "%s", fmt_unknown(st->ascii));
			return ROLE_UNKNOWN;
		}
		double head = s->supply_w - s->draw_w, pct = 100.0 * head / s->supply_w;
		snprintf(buf, len, "%s %.1f%%", fmt_mw(a, sizeof a, head, st->ascii), pct);
		return head <= 0 ? ROLE_CRIT : pct < s->margin ? ROLE_WARN : ROLE_OK;
	}
	case COL_COOL:
		if (s->ncdus == 0) {
			snprintf(buf, len, "%s", fmt_unknown(st->ascii));
			return ROLE_UNKNOWN;
		}
		if (s->leaks) {
			snprintf(buf, len, "%d leak%s", s->leaks, s->leaks == 1 ? "" : "s");
			return ROLE_CRIT;
		}
		if (s->cdu_crit) {
			snprintf(buf, len, "%d crit", s->cdu_crit);
			return ROLE_CRIT;
		}
		if (s->cdu_warn) {
			snprintf(buf, len, "%d warn", s->cdu_warn);
			return ROLE_WARN;
		}
		snprintf(buf, len, "ok");
		return ROLE_OK;
	case COL_ALERT:
		if (s->sum.worst == SEV_NONE) {
			snprintf(buf, len, "none");
			return ROLE_OK;
		}
		snprintf(buf, len, "%s %d", fmt_severity_text(s->sum.worst), s->sum.active[s->sum.worst]);
		return fmt_severity_role(s->sum.worst);
	case COL_AGE:
		if (!s->any_source) {
			snprintf(buf, len, "%s", fmt_unknown(st->ascii));
			return ROLE_UNKNOWN;
		}
		fmt_age(buf, len, st->ctx->now, s->oldest_ok, st->ascii);
		return s->failing ? ROLE_CRIT : s->oldest_ok == 0 ? ROLE_UNKNOWN : ROLE_DIM;
	}
	return ROLE_NORMAL;
}

static void fleet_panel_draw(void *p, const PanelCtx *ctx, Canvas *cv, Rect r)
{
	FleetState *st = p;
	if (r.w <= 0 || r.h <= 0)
		return;
	canvas_fill(cv, r, ' ', ROLE_NORMAL);
	st->ascii = cv->ascii;
	if (!ctx->sites || ctx->nsites <= 0) {
		canvas_text(cv, r.x, r.y, r.w, ROLE_DIM, 0, "No sites configured");
		return;
	}
	refresh(st, ctx);
	table_draw(cv, r, fleet_cols, NCOLS, &st->t, st->rows.idx, st->rows.n, fleet_cell, st, NULL);
}

static unsigned fleet_panel_command(void *p, const PanelCtx *ctx, PanelCmd cmd, Nav *nav)
{
	FleetState *st = p;
	if (!ctx->sites || ctx->nsites <= 0)
		return 0;
	refresh(st, ctx);
	unsigned k = table_command(&st->t, st->rows.n, cmd);
	if (k)
		return k;
	if (cmd == CMD_ENTER) {
		int32_t i = table_selected(&st->t, st->rows.idx, st->rows.n);
		if (i < 0)
			return PK_HANDLED;
		nav->panel = PANEL_OVERVIEW;
		nav->target = (EntityRef){ ENT_SITE, i };
		return PK_HANDLED | PK_NAV;
	}
	return 0;
}

static bool fleet_panel_selection(void *p, const PanelCtx *ctx, EntityRef *out)
{
	FleetState *st = p;
	if (!ctx->sites || ctx->nsites <= 0)
		return false;
	refresh(st, ctx);
	int32_t i = table_selected(&st->t, st->rows.idx, st->rows.n);
	if (i < 0)
		return false;
	*out = (EntityRef){ ENT_SITE, i };
	return true;
}

static void fleet_panel_open(void *p, const PanelCtx *ctx, EntityRef target)
{
	FleetState *st = p;
	if (!ctx->sites || target.kind != ENT_SITE)
		return;
	refresh(st, ctx);
	table_follow(&st->t, &st->rows, target.index);
}

const PanelOps fleet_panel_ops = {
	.id = PANEL_FLEET,
	.name = "fleet",
	.title = "Fleet",
	.help = "every site, worst first: GPUs, power headroom, cooling, alerts, data age; Enter opens a site",
	.create = fleet_panel_create,
	.destroy = fleet_panel_destroy,
	.draw = fleet_panel_draw,
	.command = fleet_panel_command,
	.selection = fleet_panel_selection,
	.open = fleet_panel_open,
};
