/* A generic scrolling table for list panels: columns, cursor, sorted rows. */
#include "panels/table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panels/format.h"

void table_init(TableState *t, int sort_col, bool desc)
{
	memset(t, 0, sizeof *t);
	t->sort_col = sort_col;
	t->desc = desc;
	t->page = 10;
}

int table_body_lines(int h)
{
	if (h <= 1)
		return 0;
	return h >= 3 ? h - 2 : h - 1;
}

void table_clamp(TableState *t, int32_t nrows, int visible)
{
	if (nrows <= 0) {
		t->cursor = t->top = 0;
		return;
	}
	if (t->cursor >= nrows)
		t->cursor = nrows - 1;
	if (t->cursor < 0)
		t->cursor = 0;
	if (visible < 1)
		visible = 1;
	if (t->top > t->cursor)
		t->top = t->cursor;
	if (t->cursor >= t->top + visible)
		t->top = t->cursor - visible + 1;
	if (t->top > nrows - visible)
		t->top = nrows - visible;
	if (t->top < 0)
		t->top = 0;
}

unsigned table_command(TableState *t, int32_t nrows, PanelCmd cmd)
{
	int page = t->page > 1 ? t->page : 1;
	switch (cmd) {
	case CMD_UP: t->cursor--; break;
	case CMD_DOWN: t->cursor++; break;
	case CMD_PAGE_UP: t->cursor -= page; t->top -= page; break;
	case CMD_PAGE_DOWN: t->cursor += page; t->top += page; break;
	case CMD_HOME: t->cursor = 0; break;
	case CMD_END: t->cursor = nrows - 1; break;
	default: return 0;
	}
	if (t->top < 0)
		t->top = 0;
	table_clamp(t, nrows, page);
	return PK_HANDLED | PK_REDRAW;
}

unsigned table_sort_command(TableState *t, int ncols, PanelCmd cmd)
{
	if (cmd == CMD_SORT_NEXT) {
		t->sort_col = ncols > 0 ? (t->sort_col + 1) % ncols : 0;
		return PK_HANDLED | PK_REDRAW;
	}
	if (cmd == CMD_SORT_REVERSE) {
		t->desc = !t->desc;
		return PK_HANDLED | PK_REDRAW;
	}
	return 0;
}

int32_t table_selected(const TableState *t, const int32_t *rows, int32_t nrows)
{
	if (nrows <= 0 || !rows)
		return -1;
	int32_t c = t->cursor < 0 ? 0 : t->cursor >= nrows ? nrows - 1 : t->cursor;
	return rows[c];
}

void table_layout(const TableCol *cols, int ncols, int w, int *out)
{
	int used = 0, flex = -1;
	for (int i = 0; i < ncols; i++) {
		out[i] = cols[i].width;
		used += cols[i].width + (i ? 1 : 0);
		if (cols[i].flex && flex < 0)
			flex = i;
	}
	if (flex >= 0 && used < w)
		out[flex] += w - used;
}

/* Draws one line of cells starting at r.x; widths from table_layout. */
static void draw_cells(Canvas *cv, Rect r, int y, const TableCol *cols, const int *wid, int ncols,
                       int32_t row, TableCellFn cell, void *ctx, bool selected)
{
	int x = r.x, right = r.x + r.w;
	char buf[256];
	for (int c = 0; c < ncols && x < right; c++) {
		int w = wid[c];
		if (w > right - x)
			w = right - x;
		buf[0] = '\0';
		Role role = cell(ctx, row, c, buf, sizeof buf);
		if (selected)
			role = ROLE_SELECTED;
		if (cols[c].right)
			canvas_text_right(cv, x, y, w, (uint8_t)role, 0, buf);
		else
			canvas_text(cv, x, y, w, (uint8_t)role, 0, buf);
		x += wid[c] + 1;
	}
}

void table_draw(Canvas *cv, Rect r, const TableCol *cols, int ncols, TableState *t,
                const int32_t *rows, int32_t nrows, TableCellFn cell, void *ctx,
                const char *empty_msg)
{
	if (r.w <= 0 || r.h <= 0 || ncols <= 0)
		return;
	enum { MAXCOLS = 32 };
	int wid[MAXCOLS];
	if (ncols > MAXCOLS)
		ncols = MAXCOLS;
	table_layout(cols, ncols, r.w, wid);
	int body = table_body_lines(r.h);
	t->page = body > 0 ? body : 1;
	table_clamp(t, nrows, t->page);

	canvas_fill(cv, r, ' ', ROLE_NORMAL);
	/* header */
	canvas_fill(cv, (Rect){ r.x, r.y, r.w, 1 }, ' ', ROLE_HEADER);
	int x = r.x, right = r.x + r.w;
	for (int c = 0; c < ncols && x < right; c++) {
		char title[64];
		bool sorted = c == t->sort_col;
		snprintf(title, sizeof title, "%s", cols[c].title);
		int w = wid[c] < right - x ? wid[c] : right - x;
		int tw = w - (sorted ? 1 : 0), n;
		if (cols[c].right) {
			canvas_text_right(cv, x, r.y, tw, ROLE_HEADER, CELL_BOLD, title);
			n = tw;
		} else {
			n = canvas_text(cv, x, r.y, tw, ROLE_HEADER, CELL_BOLD, title);
		}
		if (sorted && n >= 0 && n < w)
			canvas_put(cv, x + n, r.y, canvas_glyph(cv, t->desc ? G_ARROW_DOWN : G_ARROW_UP),
			           ROLE_HEADER, CELL_BOLD);
		x += wid[c] + 1;
	}

	/* body */
	for (int i = 0; i < body; i++) {
		int y = r.y + 1 + i;
		int32_t pos = t->top + i;
		if (pos >= nrows)
			break;
		bool sel = pos == t->cursor;
		if (sel)
			canvas_fill(cv, (Rect){ r.x, y, r.w, 1 }, ' ', ROLE_SELECTED);
		draw_cells(cv, r, y, cols, wid, ncols, rows[pos], cell, ctx, sel);
	}
	if (nrows == 0 && body > 0 && empty_msg)
		canvas_text(cv, r.x + 1, r.y + 1, r.w - 1, ROLE_DIM, 0, empty_msg);

	/* scroll indicator */
	if (r.h >= 3) {
		char a[24], b[24], c[24], line[96];
		int32_t last = t->top + body < nrows ? t->top + body : nrows;
		if (nrows == 0)
			snprintf(line, sizeof line, "0 rows");
		else
			snprintf(line, sizeof line, "%s-%s of %s", fmt_count(a, sizeof a, t->top + 1),
			         fmt_count(b, sizeof b, last), fmt_count(c, sizeof c, nrows));
		canvas_text_right(cv, r.x, r.y + r.h - 1, r.w, ROLE_DIM, 0, line);
	}
}

/* ---- cached rows -------------------------------------------------------- */

void table_rows_free(TableRows *r)
{
	free(r->idx);
	free(r->tmp);
	memset(r, 0, sizeof *r);
}

int table_rows_reserve(TableRows *r, int32_t n)
{
	if (n <= r->cap)
		return 0;
	int32_t cap = r->cap ? r->cap : 64;
	while (cap < n)
		cap = cap > INT32_MAX / 2 ? n : cap * 2;
	int32_t *a = realloc(r->idx, (size_t)cap * sizeof *a);
	if (!a)
		return -1;
	r->idx = a;
	int32_t *b = realloc(r->tmp, (size_t)cap * sizeof *b);
	if (!b)
		return -1;
	r->tmp = b;
	r->cap = cap;
	return 0;
}

bool table_rows_changed(TableRows *r, uint64_t gen, int sort_col, bool desc,
                        const char *filter, int extra)
{
	if (!filter)
		filter = "";
	if (r->valid && r->gen == gen && r->sort_col == sort_col && r->desc == desc &&
	    r->extra == extra && strncmp(r->filter, filter, sizeof r->filter) == 0)
		return false;
	r->valid = true;
	r->gen = gen;
	r->sort_col = sort_col;
	r->desc = desc;
	r->extra = extra;
	snprintf(r->filter, sizeof r->filter, "%s", filter);
	return true;
}

void table_rows_invalidate(TableRows *r)
{
	r->valid = false;
}

void table_rows_sort(TableRows *r, TableCmpFn cmp, void *ctx)
{
	int32_t n = r->n;
	if (n < 2 || !r->tmp)
		return;
	int32_t *src = r->idx, *dst = r->tmp;
	/* insertion sort runs of 16, then bottom-up merges */
	const int32_t RUN = 16;
	for (int32_t lo = 0; lo < n; lo += RUN) {
		int32_t hi = lo + RUN < n ? lo + RUN : n;
		for (int32_t i = lo + 1; i < hi; i++) {
			int32_t v = src[i], j = i;
			while (j > lo && cmp(ctx, src[j - 1], v) > 0) {
				src[j] = src[j - 1];
				j--;
			}
			src[j] = v;
		}
	}
	for (int32_t w = RUN; w < n; w *= 2) {
		for (int32_t lo = 0; lo < n; lo += 2 * w) {
			int32_t mid = lo + w < n ? lo + w : n;
			int32_t hi = lo + 2 * w < n ? lo + 2 * w : n;
			int32_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi)
				dst[k++] = cmp(ctx, src[j], src[i]) < 0 ? src[j++] : src[i++];
			while (i < mid)
				dst[k++] = src[i++];
			while (j < hi)
				dst[k++] = src[j++];
		}
		int32_t *t = src;
		src = dst;
		dst = t;
	}
	if (src != r->idx)
		memcpy(r->idx, src, (size_t)n * sizeof *src);
}

void table_follow(TableState *t, const TableRows *r, int32_t keep)
{
	if (keep < 0)
		return;
	for (int32_t i = 0; i < r->n; i++)
		if (r->idx[i] == keep) {
			t->cursor = i;
			return;
		}
}
