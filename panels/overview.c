/* Overview panel: is the site healthy, and if not, where. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panels/format.h"
#include "panels/panel.h"
#include "site/alerts.h"

#define WORST_MAX 5

typedef struct {
	/* derived from the model, recomputed when the generation changes */
	bool valid;
	uint64_t gen;
	const SiteView *view;
	int64_t gpus[4];          /* by NodeClass */
	int64_t missing;          /* GPUs fallen off the bus */
	double util_sum;
	int64_t util_n;
	int32_t cdu_health[4];    /* by Health */
	int32_t pumps_failed, leaks;
	float hottest_c;
	int32_t hottest_cdu;
	double reuse_w;
	bool reuse_known;
	AlertSummary sum;
	int32_t worst[WORST_MAX];
	int32_t nworst;
	/* cursor over worst[] */
	int32_t cursor;
	bool ascii;
} OverviewState;

static void *overview_panel_create(void)
{
	return calloc(1, sizeof(OverviewState));
}

static void overview_panel_destroy(void *p)
{
	free(p);
}

static void compute(OverviewState *st, const SiteView *v)
{
	if (st->valid && st->gen == v->generation && st->view == v)
		return;
	st->valid = true;
	st->gen = v->generation;
	st->view = v;
	memset(st->gpus, 0, sizeof st->gpus);
	st->missing = 0;
	st->util_sum = 0;
	st->util_n = 0;
	for (int32_t i = 0; i < v->nnodes; i++) {
		const Node *n = &v->nodes[i];
		NodeClass c = site_node_class(n);
		for (int32_t g = n->first_gpu; g < n->first_gpu + n->ngpus && g < v->ngpus; g++) {
			const Gpu *gp = &v->gpus[g];
			if (!gp->present) {
				st->missing++;
				continue;
			}
			st->gpus[c]++;
			if (val_known(gp->util_pct)) {
				st->util_sum += gp->util_pct.v;
				st->util_n++;
			}
		}
	}
	memset(st->cdu_health, 0, sizeof st->cdu_health);
	st->pumps_failed = st->leaks = 0;
	st->hottest_c = NAN;
	st->hottest_cdu = -1;
	for (int32_t i = 0; i < v->ncdus; i++) {
		const Cdu *c = &v->cdus[i];
		st->cdu_health[(unsigned)c->health < 4 ? c->health : 0]++;
		for (int k = 0; k < c->npumps && k < CDU_PUMPS_MAX; k++)
			if (!c->pumps[k].running || c->pumps[k].health == HEALTH_CRITICAL)
				st->pumps_failed++;
		for (int k = 0; k < c->nleaks && k < CDU_LEAKS_MAX; k++)
			if (c->leaks[k].state >= LEAK_WARNING)
				st->leaks++;
		if (val_known(c->supply_c) && (isnan(st->hottest_c) || c->supply_c.v > st->hottest_c)) {
			st->hottest_c = c->supply_c.v;
			st->hottest_cdu = i;
		}
	}
	st->reuse_w = 0;
	st->reuse_known = false;
	for (int32_t i = 0; i < v->nloops; i++)
		if (val_known(v->loops[i].heat_reuse_w)) {
			st->reuse_w += v->loops[i].heat_reuse_w.v;
			st->reuse_known = true;
		}
	alerts_summary(v, &st->sum);
	st->nworst = v->nalerts ? alerts_sorted(v, st->worst, WORST_MAX, false) : 0;
	if (st->cursor >= st->nworst)
		st->cursor = st->nworst ? st->nworst - 1 : 0;
}

static int draw_gpus(OverviewState *st, const PanelCtx *ctx, FmtLine *l)
{
	char a[24];
	int y0 = l->y;
	fmt_line_text(l, ROLE_TITLE, "GPUs    ");
	static const Role roles[4] = { ROLE_OK, ROLE_WARN, ROLE_CRIT, ROLE_UNKNOWN };
	static const char *const names[4] = { "up", "drained", "down", "unknown" };
	for (int c = 0; c < 4; c++) {
		fmt_count(a, sizeof a, st->gpus[c]);
		fmt_line_need(l, (int)(strlen(a) + strlen(names[c]) + 3));
		fmt_line_printf(l, st->gpus[c] || c == 0 ? roles[c] : ROLE_DIM, "%s %s  ", names[c], a);
	}
	fmt_count(a, sizeof a, st->missing);
	fmt_line_need(l, 20);
	fmt_line_printf(l, st->missing ? ROLE_CRIT : ROLE_DIM, "off the bus %s  ", a);
	fmt_line_need(l, 12);
	fmt_line_text(l, ROLE_DIM, "util ");
	if (st->util_n)
		fmt_line_printf(l, ROLE_NORMAL, "%.0f%%", st->util_sum / (double)st->util_n);
	else
		fmt_line_text(l, ROLE_UNKNOWN, fmt_unknown(st->ascii));
	(void)ctx;
	fmt_line_next(l);
	return l->y - y0;
}

static void draw_power(OverviewState *st, const PanelCtx *ctx, FmtLine *l)
{
	const SiteView *v = ctx->v;
	const Power *pw = v->power;
	char a[32], b[32];
	fmt_line_text(l, ROLE_TITLE, "Power   ");
	bool known = val_known(pw->draw_w) && val_known(pw->supply_w) && pw->supply_w.v > 0;
	double head = known ? (double)pw->supply_w.v - pw->draw_w.v : NAN;
	double pct = known ? 100.0 * head / pw->supply_w.v : NAN;
	float margin = pw->margin_pct > 0 ? pw->margin_pct : 5.0f;
	Role hr = !known ? ROLE_UNKNOWN : head <= 0 ? ROLE_CRIT : pct < margin ? ROLE_WARN : ROLE_OK;
	if (hr == ROLE_OK && (fmt_val_stale(v, pw->draw_w, ctx->now) || fmt_val_stale(v, pw->supply_w, ctx->now)))
		hr = ROLE_STALE;
	int bw = l->r.x + l->r.w - l->x - 8;
	if (bw > 40)
		bw = 40;
	if (known && bw >= 6 && fmt_line_room(l)) {
		double frac = pw->draw_w.v / pw->supply_w.v;
		canvas_bar(l->cv, l->x, l->y, bw, frac, (uint8_t)(hr == ROLE_OK ? ROLE_CHART_DRAW : hr), ROLE_DIM);
		l->x += bw;
		fmt_line_printf(l, ROLE_NORMAL, " %3.0f%%  ", frac * 100);
	}
	Role rd = fmt_val(a, sizeof a, v, pw->draw_w, ctx->now, 1, " MW", ROLE_CHART_DRAW, st->ascii);
	if (val_known(pw->draw_w))
		fmt_mw(a, sizeof a, pw->draw_w.v, st->ascii);
	Role rs = fmt_val(b, sizeof b, v, pw->supply_w, ctx->now, 1, " MW", ROLE_CHART_SUPPLY, st->ascii);
	if (val_known(pw->supply_w))
		fmt_mw(b, sizeof b, pw->supply_w.v, st->ascii);
	fmt_line_need(l, 30);
	if (l->x == l->r.x)
		fmt_line_text(l, ROLE_DIM, "        ");
	fmt_line_text(l, ROLE_DIM, "draw ");
	fmt_line_text(l, rd, a);
	fmt_line_text(l, ROLE_DIM, " of ");
	fmt_line_text(l, rs, b);
	fmt_line_text(l, ROLE_DIM, " hydro  ");
	fmt_line_need(l, 28);
	if (l->x == l->r.x)
		fmt_line_text(l, ROLE_DIM, "        ");
	if (known)
		fmt_line_printf(l, hr, "headroom %s (%.1f%%)%s", fmt_mw(a, sizeof a, head, st->ascii), pct,
		                head <= 0 ? " OVER SUPPLY" : pct < margin ? " LOW" : "");
	else
		fmt_line_printf(l, ROLE_UNKNOWN, "headroom %s", fmt_unknown(st->ascii));
	fmt_line_next(l);
}

static void draw_cooling(OverviewState *st, const PanelCtx *ctx, FmtLine *l)
{
	const SiteView *v = ctx->v;
	char a[32];
	fmt_line_text(l, ROLE_TITLE, "Cooling ");
	if (v->ncdus == 0) {
		fmt_line_text(l, ROLE_UNKNOWN, "no CDU reported yet");
		fmt_line_next(l);
		return;
	}
	fmt_line_printf(l, ROLE_DIM, "CDUs ");
	fmt_line_printf(l, ROLE_OK, "%d ok ", st->cdu_health[HEALTH_OK]);
	fmt_line_printf(l, st->cdu_health[HEALTH_WARNING] ? ROLE_WARN : ROLE_DIM, "%d warning ",
	                st->cdu_health[HEALTH_WARNING]);
	fmt_line_printf(l, st->cdu_health[HEALTH_CRITICAL] ? ROLE_CRIT : ROLE_DIM, "%d critical ",
	                st->cdu_health[HEALTH_CRITICAL]);
	if (st->cdu_health[HEALTH_UNKNOWN])
		fmt_line_printf(l, ROLE_UNKNOWN, "%d unknown ", st->cdu_health[HEALTH_UNKNOWN]);
	fmt_line_need(l, 36);
	if (l->x == l->r.x)
		fmt_line_text(l, ROLE_DIM, "        ");
	fmt_line_printf(l, st->pumps_failed ? ROLE_CRIT : ROLE_DIM, " pumps failed %d ", st->pumps_failed);
	fmt_line_printf(l, st->leaks ? ROLE_CRIT : ROLE_DIM, " leaks %d ", st->leaks);
	fmt_line_need(l, 30);
	if (l->x == l->r.x)
		fmt_line_text(l, ROLE_DIM, "        ");
	fmt_line_text(l, ROLE_DIM, " hottest supply ");
	if (st->hottest_cdu >= 0) {
		const Cdu *c = &v->cdus[st->hottest_cdu];
		Role tr = fmt_val_temp(a, sizeof a, v, c->supply_c, ctx->now, 40, 45, st->ascii);
		fmt_line_text(l, tr, a);
		fmt_line_printf(l, ROLE_DIM, " (%s)", c->name);
	} else {
		fmt_line_text(l, ROLE_UNKNOWN, fmt_unknown(st->ascii));
	}
	fmt_line_need(l, 22);
	if (l->x == l->r.x)
		fmt_line_text(l, ROLE_DIM, "        ");
	fmt_line_text(l, ROLE_DIM, "  heat reused ");
	fmt_line_text(l, st->reuse_known ? ROLE_ACCENT : ROLE_UNKNOWN,
	              fmt_watts(a, sizeof a, st->reuse_known ? st->reuse_w : NAN, st->ascii));
	fmt_line_next(l);
}

/* Title plus up to WORST_MAX alert lines, within r. Returns lines used. */
static int draw_alerts(OverviewState *st, const PanelCtx *ctx, Canvas *cv, Rect r)
{
	const SiteView *v = ctx->v;
	if (r.h <= 0)
		return 0;
	FmtLine l;
	fmt_line_begin(&l, cv, (Rect){ r.x, r.y, r.w, 1 });
	fmt_line_text(&l, ROLE_TITLE, "Alerts  ");
	fmt_line_printf(&l, st->sum.active[SEV_CRITICAL] ? ROLE_CRIT : ROLE_DIM, "%d critical  ",
	                st->sum.active[SEV_CRITICAL]);
	fmt_line_printf(&l, st->sum.active[SEV_WARNING] ? ROLE_WARN : ROLE_DIM, "%d warning  ",
	                st->sum.active[SEV_WARNING]);
	fmt_line_printf(&l, st->sum.active[SEV_INFO] ? ROLE_INFO : ROLE_DIM, "%d info", st->sum.active[SEV_INFO]);
	int y = r.y + 1;
	if (st->nworst == 0 && y < r.y + r.h) {
		canvas_text(cv, r.x + 2, y++, r.w - 2, ROLE_OK, 0, "no active alerts");
		return y - r.y;
	}
	for (int32_t i = 0; i < st->nworst && y < r.y + r.h; i++, y++) {
		const Alert *al = &v->alerts[st->worst[i]];
		bool sel = i == st->cursor;
		Rect line = { r.x, y, r.w, 1 };
		if (sel)
			canvas_fill(cv, line, ' ', ROLE_SELECTED);
		char ent[64], age[24];
		if (ctx->site)
			site_entity_name(ctx->site, al->about, ent, sizeof ent);
		else
			snprintf(ent, sizeof ent, "?");
		fmt_age(age, sizeof age, ctx->now, al->first_seen, st->ascii);
		fmt_line_begin(&l, cv, line);
		fmt_line_text(&l, sel ? ROLE_SELECTED : ROLE_DIM, sel ? (cv->ascii ? ">" : "\xE2\x96\xB6") : " ");
		fmt_line_printf(&l, sel ? ROLE_SELECTED : fmt_severity_role(al->sev), " %-4s ", fmt_severity_text(al->sev));
		fmt_line_printf(&l, sel ? ROLE_SELECTED : ROLE_NORMAL, "%-16.16s ", ent);
		int agew = (int)strlen(age) + 1;
		int msgw = r.x + r.w - l.x - agew;
		if (msgw > 0) {
			canvas_text(cv, l.x, y, msgw, sel ? ROLE_SELECTED : ROLE_NORMAL, 0, al->msg);
			canvas_text_right(cv, l.x + msgw, y, agew, sel ? ROLE_SELECTED : ROLE_DIM, 0, age);
		}
	}
	return y - r.y;
}

static void draw_sources(OverviewState *st, const PanelCtx *ctx, Canvas *cv, Rect r)
{
	const SiteView *v = ctx->v;
	if (r.h <= 0)
		return;
	canvas_text(cv, r.x, r.y, r.w, ROLE_TITLE, 0, "Sources");
	int y = r.y + 1, bottom = r.y + r.h;
	if (v->nsources <= 1 && y < bottom)
		canvas_text(cv, r.x + 2, y, r.w - 2, ROLE_UNKNOWN, 0, "no data source configured yet");
	for (int32_t i = 1; i < v->nsources && y < bottom; i++, y++) {
		const Source *s = &v->sources[i];
		if (y == bottom - 1 && i < v->nsources - 1) {
			canvas_printf(cv, r.x + 2, y, r.w - 2, ROLE_DIM, 0, "%d more sources", v->nsources - i);
			break;
		}
		char age[24];
		bool stale = s->last_ok == 0 || ctx->now - s->last_ok > s->stale_after;
		bool failing = !s->ok && s->last_try != 0;
		Role role = failing ? ROLE_CRIT : stale ? ROLE_STALE : ROLE_OK;
		const char *state = failing ? "FAILING" : s->last_ok == 0 ? "waiting" : stale ? "stale" : "ok";
		FmtLine l;
		fmt_line_begin(&l, cv, (Rect){ r.x + 2, y, r.w - 2, 1 });
		fmt_line_printf(&l, ROLE_NORMAL, "%-18.18s ", s->name);
		fmt_line_printf(&l, role, "%-7s ", state);
		fmt_line_printf(&l, stale || failing ? role : ROLE_DIM, "%6s ",
		                fmt_age(age, sizeof age, ctx->now, s->last_ok, st->ascii));
		if (s->error[0])
			fmt_line_text(&l, failing ? ROLE_CRIT : ROLE_DIM, s->error);
		else if (s->note[0])
			fmt_line_text(&l, ROLE_WARN, s->note);
	}
}

static void overview_panel_draw(void *p, const PanelCtx *ctx, Canvas *cv, Rect r)
{
	OverviewState *st = p;
	if (r.w <= 0 || r.h <= 0)
		return;
	canvas_fill(cv, r, ' ', ROLE_NORMAL);
	st->ascii = cv->ascii;
	const SiteView *v = ctx->v;
	if (!v || (v->nnodes == 0 && v->ncdus == 0 && !val_known(v->power->draw_w) && v->nsources <= 1)) {
		canvas_text(cv, r.x, r.y, r.w, ROLE_DIM, 0, "No data yet: waiting for the first refresh");
		return;
	}
	compute(st, v);
	bool two = r.w >= 150 && r.h >= 12;
	Rect left = r, right = r;
	if (two) {
		left.w = r.w / 2 - 1;
		right = (Rect){ r.x + left.w + 2, r.y, r.w - left.w - 2, r.h };
	}
	int gap = r.h >= 30 ? 1 : 0;
	FmtLine l;
	fmt_line_begin(&l, cv, left);
	if (v->nnodes == 0) {
		fmt_line_text(&l, ROLE_TITLE, "GPUs    ");
		fmt_line_text(&l, ROLE_UNKNOWN, "no nodes known yet");
		fmt_line_next(&l);
	} else {
		draw_gpus(st, ctx, &l);
	}
	l.y += gap;
	draw_power(st, ctx, &l);
	l.y += gap;
	draw_cooling(st, ctx, &l);
	l.y += gap;
	int used = l.y - left.y;
	Rect ar = two ? right : (Rect){ r.x, r.y + used, r.w, r.h - used };
	if (ar.h <= 0)
		return;
	int ah = ar.h >= 2 + WORST_MAX + 3 ? WORST_MAX + 1 : (ar.h + 1) / 2;
	int au = draw_alerts(st, ctx, cv, (Rect){ ar.x, ar.y, ar.w, ah });
	au += gap;
	if (two && r.h - used > 4) {
		/* sources under the left column when it has room, else on the right */
		draw_sources(st, ctx, cv, (Rect){ left.x, left.y + used, left.w, left.h - used });
	} else if (ar.h - au > 0) {
		draw_sources(st, ctx, cv, (Rect){ ar.x, ar.y + au, ar.w, ar.h - au });
	}
}

static unsigned overview_panel_command(void *p, const PanelCtx *ctx, PanelCmd cmd, Nav *nav)
{
	OverviewState *st = p;
	if (!ctx->v)
		return 0;
	compute(st, ctx->v);
	switch (cmd) {
	case CMD_UP:
		if (st->cursor > 0)
			st->cursor--;
		return PK_HANDLED | PK_REDRAW;
	case CMD_DOWN:
		if (st->cursor < st->nworst - 1)
			st->cursor++;
		return PK_HANDLED | PK_REDRAW;
	case CMD_HOME: case CMD_PAGE_UP:
		st->cursor = 0;
		return PK_HANDLED | PK_REDRAW;
	case CMD_END: case CMD_PAGE_DOWN:
		st->cursor = st->nworst ? st->nworst - 1 : 0;
		return PK_HANDLED | PK_REDRAW;
	case CMD_ENTER:
		if (st->nworst == 0)
			return PK_HANDLED;
		nav->panel = PANEL_AUTO;
		nav->target = ctx->v->alerts[st->worst[st->cursor]].about;
		return PK_HANDLED | PK_NAV;
	default:
		return 0;
	}
}

static bool overview_panel_selection(void *p, const PanelCtx *ctx, EntityRef *out)
{
	OverviewState *st = p;
	if (!ctx->v)
		return false;
	compute(st, ctx->v);
	if (st->nworst == 0)
		return false;
	*out = ctx->v->alerts[st->worst[st->cursor]].about;
	return true;
}

const PanelOps overview_panel_ops = {
	.id = PANEL_OVERVIEW,
	.name = "overview",
	.title = "Overview",
	.help = "GPUs by state, power headroom, cooling, worst alerts (Enter opens), data sources",
	.create = overview_panel_create,
	.destroy = overview_panel_destroy,
	.draw = overview_panel_draw,
	.command = overview_panel_command,
	.selection = overview_panel_selection,
	.open = NULL,
};
