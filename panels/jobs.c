/* Jobs panel: running and pending jobs, usage by account and partition. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panels/format.h"
#include "panels/panel.h"
#include "panels/table.h"
#include "util/text.h"

enum { COL_ID, COL_USER, COL_ACCOUNT, COL_STATE, COL_GPUS, COL_TIME, COL_NODES, COL_PART, COL_PRIO, NCOLS };

static const TableCol jobs_cols[NCOLS] = {
	[COL_ID] = { "JOBID", 8, true, false },
	[COL_USER] = { "USER", 9, false, false },
	[COL_ACCOUNT] = { "ACCOUNT", 9, false, false },
	[COL_STATE] = { "STATE", 8, false, false },
	[COL_GPUS] = { "GPUS", 5, true, false },
	[COL_TIME] = { "TIME/REASON", 11, false, false },
	[COL_PART] = { "PARTITION", 9, false, false },
	[COL_PRIO] = { "PRIO", 7, true, false },
	[COL_NODES] = { "NODES", 10, false, true },
};

#define TOP_MAX 6

typedef struct {
	int32_t idx;     /* account or partition index; -1 = other */
	int32_t gpus;
} Usage;

typedef struct {
	TableState t;
	TableRows rows;
	/* summary over all jobs, computed with the rows */
	int32_t running, pending, gpus_running, gpus_pending;
	int32_t *acct, acct_cap;     /* GPUs running per account (+1 other) */
	int32_t *part, part_cap;     /* GPUs running per partition (+1 other) */
	Usage top_acct[TOP_MAX], top_part[TOP_MAX];
	int ntop_acct, ntop_part;
	/* borrowed during a draw or rebuild */
	const PanelCtx *ctx;
	bool ascii;
} JobsState;

static void *jobs_panel_create(void)
{
	JobsState *st = calloc(1, sizeof *st);
	if (st)
		table_init(&st->t, COL_STATE, false);
	return st;
}

static void jobs_panel_destroy(void *p)
{
	JobsState *st = p;
	if (!st)
		return;
	table_rows_free(&st->rows);
	free(st->acct);
	free(st->part);
	free(st);
}

static int state_rank(JobState s)
{
	switch (s) {
	case JOB_RUNNING: return 0;
	case JOB_COMPLETING: return 1;
	case JOB_SUSPENDED: return 2;
	case JOB_PENDING: return 3;
	case JOB_REQUEUED: return 4;
	default: return 5;
	}
}

static int cmp_i64(int64_t a, int64_t b) { return a < b ? -1 : a > b; }

static int jobs_cmp(void *p, int32_t a, int32_t b)
{
	const JobsState *st = p;
	const Job *x = &st->ctx->v->jobs[a], *y = &st->ctx->v->jobs[b];
	int c = 0;
	switch (st->t.sort_col) {
	case COL_ID: c = cmp_i64(x->id, y->id); break;
	case COL_USER: c = strcmp(x->user, y->user); break;
	case COL_ACCOUNT: c = strcmp(x->account, y->account); break;
	case COL_STATE: c = state_rank(x->state) - state_rank(y->state);
		if (!c)
			c = -cmp_i64(x->priority, y->priority);
		break;
	case COL_GPUS: c = cmp_i64(x->gpus, y->gpus); break;
	case COL_TIME: c = -cmp_i64(x->start_time ? x->start_time : x->submit_time,
	                            y->start_time ? y->start_time : y->submit_time); break;
	case COL_PART: c = strcmp(x->partition, y->partition); break;
	case COL_PRIO: c = cmp_i64(x->priority, y->priority); break;
	case COL_NODES: c = strcmp(x->nodelist, y->nodelist); break;
	}
	if (st->t.desc)
		c = -c;
	return c ? c : cmp_i64(x->id, y->id);
}

static bool job_matches(const PanelCtx *ctx, const Job *j)
{
	const char *f = ctx->filter_text;
	if (!f || !*f)
		return true;
	if (ctx->filter && hostmatch_is_hostlist(ctx->filter)) {
		for (int32_t i = 0; i < j->nnodes; i++) {
			int32_t n = j->nodes[i];
			if (n >= 0 && n < ctx->v->nnodes && hostmatch_test(ctx->filter, ctx->v->nodes[n].name))
				return true;
		}
		return false;
	}
	char id[16];
	snprintf(id, sizeof id, "%u", j->id);
	return text_contains_ci(j->user, f) || text_contains_ci(j->account, f) ||
	       text_contains_ci(j->name, f) || text_contains_ci(id, f) ||
	       text_contains_ci(j->partition, f) || text_contains_ci(j->nodelist, f);
}

static int grow(int32_t **a, int32_t *cap, int32_t n)
{
	if (n <= *cap)
		return 0;
	int32_t *b = realloc(*a, (size_t)n * sizeof *b);
	if (!b)
		return -1;
	*a = b;
	*cap = n;
	return 0;
}

/* Keep the top TOP_MAX of counts[0..n) (index n = other) by value. */
static int top_usage(const int32_t *counts, int32_t n, Usage *out)
{
	int k = 0;
	for (int32_t i = 0; i <= n; i++) {
		if (counts[i] <= 0)
			continue;
		Usage u = { i == n ? -1 : i, counts[i] };
		int p = k < TOP_MAX ? k++ : TOP_MAX;
		if (p == TOP_MAX) {
			if (u.gpus <= out[TOP_MAX - 1].gpus)
				continue;
			p = TOP_MAX - 1;
		}
		while (p > 0 && out[p - 1].gpus < u.gpus) {
			out[p] = out[p - 1];
			p--;
		}
		out[p] = u;
	}
	return k;
}

static void rebuild(JobsState *st, const PanelCtx *ctx)
{
	const SiteView *v = ctx->v;
	int32_t keep = table_selected(&st->t, st->rows.idx, st->rows.n);
	uint32_t keep_id = keep >= 0 && keep < v->njobs ? v->jobs[keep].id : 0;
	st->rows.n = 0;
	st->running = st->pending = st->gpus_running = st->gpus_pending = 0;
	st->ntop_acct = st->ntop_part = 0;
	if (table_rows_reserve(&st->rows, v->njobs) < 0 ||
	    grow(&st->acct, &st->acct_cap, v->naccounts + 1) < 0 ||
	    grow(&st->part, &st->part_cap, v->npartitions + 1) < 0) {
		table_rows_invalidate(&st->rows);
		return;
	}
	memset(st->acct, 0, (size_t)(v->naccounts + 1) * sizeof *st->acct);
	memset(st->part, 0, (size_t)(v->npartitions + 1) * sizeof *st->part);
	for (int32_t i = 0; i < v->njobs; i++) {
		const Job *j = &v->jobs[i];
		if (j->state == JOB_RUNNING) {
			st->running++;
			st->gpus_running += j->gpus;
			int32_t a = ctx->site ? site_account_find(ctx->site, j->account) : -1;
			int32_t p = ctx->site ? site_partition_find(ctx->site, j->partition) : -1;
			st->acct[a >= 0 && a < v->naccounts ? a : v->naccounts] += j->gpus;
			st->part[p >= 0 && p < v->npartitions ? p : v->npartitions] += j->gpus;
		} else if (j->state == JOB_PENDING) {
			st->pending++;
			st->gpus_pending += j->gpus;
		}
		if (job_matches(ctx, j))
			st->rows.idx[st->rows.n++] = i;
	}
	st->ntop_acct = top_usage(st->acct, v->naccounts, st->top_acct);
	st->ntop_part = top_usage(st->part, v->npartitions, st->top_part);
	table_rows_sort(&st->rows, jobs_cmp, st);
	if (keep_id) {
		for (int32_t i = 0; i < st->rows.n; i++)
			if (v->jobs[st->rows.idx[i]].id == keep_id) {
				st->t.cursor = i;
				break;
			}
	}
}

static void refresh(JobsState *st, const PanelCtx *ctx)
{
	st->ctx = ctx;
	if (table_rows_changed(&st->rows, ctx->v->generation, st->t.sort_col, st->t.desc,
	                       ctx->filter_text, ctx->filter ? 1 : 0))
		rebuild(st, ctx);
}

static Role jobs_cell(void *p, int32_t row, int col, char *buf, size_t len)
{
	const JobsState *st = p;
	const PanelCtx *ctx = st->ctx;
	const Job *j = &ctx->v->jobs[row];
	switch (col) {
	case COL_ID: snprintf(buf, len, "%u", j->id); return ROLE_NORMAL;
	case COL_USER: snprintf(buf, len, "%s", j->user); return ROLE_NORMAL;
	case COL_ACCOUNT: snprintf(buf, len, "%s", j->account); return ROLE_NORMAL;
	case COL_STATE: snprintf(buf, len, "%s", site_job_state_name(j->state));
		return fmt_job_state_role(j->state);
	case COL_GPUS: fmt_count(buf, len, j->gpus); return ROLE_NORMAL;
	case COL_TIME:
		if (j->state == JOB_PENDING) {
			snprintf(buf, len, "%s", j->reason[0] ? j->reason : fmt_unknown(st->ascii));
			return ROLE_DIM;
		}
		fmt_age(buf, len, ctx->now, j->start_time, st->ascii);
		return j->start_time ? ROLE_NORMAL : ROLE_UNKNOWN;
	case COL_PART: snprintf(buf, len, "%s", j->partition); return ROLE_NORMAL;
	case COL_PRIO: snprintf(buf, len, "%u", j->priority); return ROLE_DIM;
	case COL_NODES:
		snprintf(buf, len, "%s", j->nodelist[0] ? j->nodelist : fmt_unknown(st->ascii));
		return j->nodelist[0] ? ROLE_NORMAL : ROLE_DIM;
	}
	return ROLE_NORMAL;
}

static int draw_summary(JobsState *st, const PanelCtx *ctx, Canvas *cv, Rect r)
{
	const SiteView *v = ctx->v;
	char a[24], b[24];
	FmtLine l;
	fmt_line_begin(&l, cv, r);
	fmt_line_text(&l, ROLE_TITLE, "Running ");
	fmt_line_printf(&l, ROLE_OK, "%s jobs", fmt_count(a, sizeof a, st->running));
	fmt_line_printf(&l, ROLE_NORMAL, " %s GPUs", fmt_count(b, sizeof b, st->gpus_running));
	fmt_line_need(&l, 30);
	fmt_line_text(&l, ROLE_TITLE, "   Pending ");
	fmt_line_printf(&l, ROLE_NORMAL, "%s jobs", fmt_count(a, sizeof a, st->pending));
	fmt_line_printf(&l, ROLE_NORMAL, " %s GPUs", fmt_count(b, sizeof b, st->gpus_pending));
	fmt_line_next(&l);
	if (r.h >= 8) {
		fmt_line_text(&l, ROLE_DIM, "by account:");
		if (st->ntop_acct == 0)
			fmt_line_text(&l, ROLE_DIM, " none running");
		for (int i = 0; i < st->ntop_acct; i++) {
			const char *name = st->top_acct[i].idx >= 0 ? v->accounts[st->top_acct[i].idx].name : "other";
			fmt_count(a, sizeof a, st->top_acct[i].gpus);
			fmt_line_need(&l, (int)(strlen(name) + strlen(a) + 2));
			fmt_line_printf(&l, ROLE_NORMAL, " %s", name);
			fmt_line_printf(&l, ROLE_ACCENT, " %s", a);
		}
		fmt_line_next(&l);
		fmt_line_text(&l, ROLE_DIM, "by partition:");
		if (st->ntop_part == 0)
			fmt_line_text(&l, ROLE_DIM, " none running");
		for (int i = 0; i < st->ntop_part; i++) {
			const char *name = st->top_part[i].idx >= 0 ? v->partitions[st->top_part[i].idx].name : "other";
			fmt_count(a, sizeof a, st->top_part[i].gpus);
			fmt_line_need(&l, (int)(strlen(name) + strlen(a) + 2));
			fmt_line_printf(&l, ROLE_NORMAL, " %s", name);
			fmt_line_printf(&l, ROLE_ACCENT, " %s", a);
		}
		fmt_line_next(&l);
	}
	int used = l.y - r.y;
	return used < r.h ? used : r.h;
}

static void jobs_panel_draw(void *p, const PanelCtx *ctx, Canvas *cv, Rect r)
{
	JobsState *st = p;
	if (r.w <= 0 || r.h <= 0)
		return;
	canvas_fill(cv, r, ' ', ROLE_NORMAL);
	st->ascii = cv->ascii;
	if (!ctx->v || ctx->v->njobs == 0) {
		canvas_text(cv, r.x, r.y, r.w, ROLE_DIM, 0, "No jobs yet (waiting for the scheduler)");
		return;
	}
	refresh(st, ctx);
	int top = r.h >= 6 ? draw_summary(st, ctx, cv, r) : 0;
	Rect tr = { r.x, r.y + top, r.w, r.h - top };
	table_draw(cv, tr, jobs_cols, NCOLS, &st->t, st->rows.idx, st->rows.n, jobs_cell, st,
	           "No job matches the filter");
}

static unsigned jobs_panel_command(void *p, const PanelCtx *ctx, PanelCmd cmd, Nav *nav)
{
	JobsState *st = p;
	if (!ctx->v)
		return 0;
	refresh(st, ctx);
	unsigned k = table_command(&st->t, st->rows.n, cmd);
	if (k)
		return k;
	k = table_sort_command(&st->t, NCOLS, cmd);
	if (k)
		return k;
	if (cmd == CMD_ENTER) {
		int32_t j = table_selected(&st->t, st->rows.idx, st->rows.n);
		if (j < 0 || j >= ctx->v->njobs || ctx->v->jobs[j].nnodes <= 0)
			return PK_HANDLED;
		nav->panel = PANEL_AUTO;
		nav->target = (EntityRef){ ENT_NODE, ctx->v->jobs[j].nodes[0] };
		return PK_HANDLED | PK_NAV;
	}
	return 0;
}

static bool jobs_panel_selection(void *p, const PanelCtx *ctx, EntityRef *out)
{
	JobsState *st = p;
	if (!ctx->v)
		return false;
	refresh(st, ctx);
	int32_t j = table_selected(&st->t, st->rows.idx, st->rows.n);
	if (j < 0 || j >= ctx->v->njobs)
		return false;
	*out = (EntityRef){ ENT_JOB, (int32_t)ctx->v->jobs[j].id };
	return true;
}

static void jobs_panel_open(void *p, const PanelCtx *ctx, EntityRef target)
{
	JobsState *st = p;
	if (!ctx->v || target.kind != ENT_JOB)
		return;
	refresh(st, ctx);
	for (int32_t i = 0; i < st->rows.n; i++)
		if (ctx->v->jobs[st->rows.idx[i]].id == (uint32_t)target.index) {
			st->t.cursor = i;
			return;
		}
}

const PanelOps jobs_panel_ops = {
	.id = PANEL_JOBS,
	.name = "jobs",
	.title = "Jobs",
	.help = "running and pending jobs; s sort, S reverse, / filter by user, account, id or hostlist",
	.create = jobs_panel_create,
	.destroy = jobs_panel_destroy,
	.draw = jobs_panel_draw,
	.command = jobs_panel_command,
	.selection = jobs_panel_selection,
	.open = jobs_panel_open,
};
