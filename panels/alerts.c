/* Alerts panel: active alerts newest and worst first, cleared ones after. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panels/format.h"
#include "panels/panel.h"
#include "panels/table.h"
#include "site/alerts.h"
#include "util/text.h"

enum { COL_SEV, COL_RULE, COL_ENTITY, COL_MSG, COL_AGE, COL_COUNT, NCOLS };

/* Narrow terminals give the message the room; wide ones show rule titles whole. */
static const TableCol alerts_cols_narrow[NCOLS] = {
	[COL_SEV] = { "SEV", 5, false, false },
	[COL_RULE] = { "RULE", 12, false, false },
	[COL_ENTITY] = { "ENTITY", 14, false, false },
	[COL_MSG] = { "MESSAGE", 16, false, true },
	[COL_AGE] = { "SINCE", 6, true, false },
	[COL_COUNT] = { "COUNT", 5, true, false },
};

static const TableCol alerts_cols[NCOLS] = {
	[COL_SEV] = { "SEV", 5, false, false },
	[COL_RULE] = { "RULE", 22, false, false },
	[COL_ENTITY] = { "ENTITY", 14, false, false },
	[COL_MSG] = { "MESSAGE", 16, false, true },
	[COL_AGE] = { "SINCE", 6, true, false },
	[COL_COUNT] = { "COUNT", 5, true, false },
};

typedef struct {
	TableState t;
	TableRows rows;
	int32_t *sorted, sorted_cap;  /* alerts_sorted output before filtering */
	AlertSummary sum;
	int32_t cleared;
	const PanelCtx *ctx;
	bool ascii;
} AlertsState;

static void *alerts_panel_create(void)
{
	AlertsState *st = calloc(1, sizeof *st);
	if (st)
		table_init(&st->t, -1, false);
	return st;
}

static void alerts_panel_destroy(void *p)
{
	AlertsState *st = p;
	if (!st)
		return;
	table_rows_free(&st->rows);
	free(st->sorted);
	free(st);
}

static bool alert_matches(const PanelCtx *ctx, const Alert *a)
{
	const char *f = ctx->filter_text;
	if (!f || !*f)
		return true;
	if (!ctx->filter || !hostmatch_is_hostlist(ctx->filter)) {
		if (text_contains_ci(a->msg, f))
			return true;
	}
	char name[96];
	if (!ctx->site)
		return false;
	site_entity_name(ctx->site, a->about, name, sizeof name);
	if (ctx->filter)
		return hostmatch_test(ctx->filter, name);
	return text_contains_ci(name, f);
}

static void rebuild(AlertsState *st, const PanelCtx *ctx)
{
	const SiteView *v = ctx->v;
	int32_t keep = table_selected(&st->t, st->rows.idx, st->rows.n);
	st->rows.n = 0;
	st->cleared = 0;
	alerts_summary(v, &st->sum);
	if (v->nalerts > st->sorted_cap) {
		int32_t *b = realloc(st->sorted, (size_t)v->nalerts * sizeof *b);
		if (!b) {
			table_rows_invalidate(&st->rows);
			return;
		}
		st->sorted = b;
		st->sorted_cap = v->nalerts;
	}
	if (table_rows_reserve(&st->rows, v->nalerts) < 0) {
		table_rows_invalidate(&st->rows);
		return;
	}
	int32_t n = v->nalerts ? alerts_sorted(v, st->sorted, v->nalerts, true) : 0;
	for (int32_t i = 0; i < n; i++) {
		const Alert *a = &v->alerts[st->sorted[i]];
		if (!a->active)
			st->cleared++;
		if (alert_matches(ctx, a))
			st->rows.idx[st->rows.n++] = st->sorted[i];
	}
	table_follow(&st->t, &st->rows, keep);
}

static void refresh(AlertsState *st, const PanelCtx *ctx)
{
	st->ctx = ctx;
	if (table_rows_changed(&st->rows, ctx->v->generation, 0, false, ctx->filter_text, ctx->filter ? 1 : 0))
		rebuild(st, ctx);
}

static Role alerts_cell(void *p, int32_t row, int col, char *buf, size_t len)
{
	const AlertsState *st = p;
	const PanelCtx *ctx = st->ctx;
	const Alert *a = &ctx->v->alerts[row];
	Role dim = a->active ? ROLE_NORMAL : ROLE_DIM;
	switch (col) {
	case COL_SEV:
		snprintf(buf, len, "%s", a->active ? fmt_severity_text(a->sev) : "ok");
		return a->active ? fmt_severity_role(a->sev) : ROLE_DIM;
	case COL_RULE: {
		const AlertRule *ru = alerts_rule(a->rule);
		snprintf(buf, len, "%s", ru ? ru->title : "?");
		return dim;
	}
	case COL_ENTITY:
		if (ctx->site)
			site_entity_name(ctx->site, a->about, buf, len);
		return dim;
	case COL_MSG:
		if (a->active)
			snprintf(buf, len, "%s", a->msg);
		else
			snprintf(buf, len, "(cleared) %s", a->msg);
		return dim;
	case COL_AGE: fmt_age(buf, len, ctx->now, a->first_seen, st->ascii); return ROLE_DIM;
	case COL_COUNT: fmt_count(buf, len, a->count); return ROLE_DIM;
	}
	return dim;
}

static void alerts_panel_draw(void *p, const PanelCtx *ctx, Canvas *cv, Rect r)
{
	AlertsState *st = p;
	if (r.w <= 0 || r.h <= 0)
		return;
	canvas_fill(cv, r, ' ', ROLE_NORMAL);
	st->ascii = cv->ascii;
	if (!ctx->v || ctx->v->nalerts == 0) {
		canvas_text(cv, r.x, r.y, r.w, ROLE_OK, 0, "No alerts");
		return;
	}
	refresh(st, ctx);
	int top = 0;
	if (r.h >= 5) {
		char a[24];
		FmtLine l;
		fmt_line_begin(&l, cv, (Rect){ r.x, r.y, r.w, 1 });
		fmt_line_printf(&l, st->sum.active[SEV_CRITICAL] ? ROLE_CRIT : ROLE_DIM, "%s critical",
		                fmt_count(a, sizeof a, st->sum.active[SEV_CRITICAL]));
		fmt_line_printf(&l, st->sum.active[SEV_WARNING] ? ROLE_WARN : ROLE_DIM, "  %s warning",
		                fmt_count(a, sizeof a, st->sum.active[SEV_WARNING]));
		fmt_line_printf(&l, st->sum.active[SEV_INFO] ? ROLE_INFO : ROLE_DIM, "  %s info",
		                fmt_count(a, sizeof a, st->sum.active[SEV_INFO]));
		fmt_line_printf(&l, ROLE_DIM, "  %s cleared", fmt_count(a, sizeof a, st->cleared));
		top = 1;
	}
	Rect tr = { r.x, r.y + top, r.w, r.h - top };
	table_draw(cv, tr, r.w >= 100 ? alerts_cols : alerts_cols_narrow, NCOLS, &st->t, st->rows.idx, st->rows.n, alerts_cell, st,
	           "No alert matches the filter");
}

static unsigned alerts_panel_command(void *p, const PanelCtx *ctx, PanelCmd cmd, Nav *nav)
{
	AlertsState *st = p;
	if (!ctx->v)
		return 0;
	refresh(st, ctx);
	unsigned k = table_command(&st->t, st->rows.n, cmd);
	if (k)
		return k;
	if (cmd == CMD_ENTER) {
		int32_t a = table_selected(&st->t, st->rows.idx, st->rows.n);
		if (a < 0 || a >= ctx->v->nalerts)
			return PK_HANDLED;
		nav->panel = PANEL_AUTO;
		nav->target = ctx->v->alerts[a].about;
		return PK_HANDLED | PK_NAV;
	}
	return 0;
}

static bool alerts_panel_selection(void *p, const PanelCtx *ctx, EntityRef *out)
{
	AlertsState *st = p;
	if (!ctx->v)
		return false;
	refresh(st, ctx);
	int32_t a = table_selected(&st->t, st->rows.idx, st->rows.n);
	if (a < 0 || a >= ctx->v->nalerts)
		return false;
	*out = ctx->v->alerts[a].about;
	return true;
}

static void alerts_panel_open(void *p, const PanelCtx *ctx, EntityRef target)
{
	AlertsState *st = p;
	if (!ctx->v)
		return;
	refresh(st, ctx);
	for (int32_t i = 0; i < st->rows.n; i++) {
		const Alert *a = &ctx->v->alerts[st->rows.idx[i]];
		if (a->about.kind == target.kind && a->about.index == target.index) {
			st->t.cursor = i;
			return;
		}
	}
}

const PanelOps alerts_panel_ops = {
	.id = PANEL_ALERTS,
	.name = "alerts",
	.title = "Alerts",
	.help = "active alerts worst and newest first, cleared ones dimmed; Enter opens what it is about",
	.create = alerts_panel_create,
	.destroy = alerts_panel_destroy,
	.draw = alerts_panel_draw,
	.command = alerts_panel_command,
	.selection = alerts_panel_selection,
	.open = alerts_panel_open,
};
