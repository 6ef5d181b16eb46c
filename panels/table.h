/* A generic scrolling table for list panels: columns, cursor, sorted rows. */
#ifndef NARVIK_TABLE_H
#define NARVIK_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "panels/canvas.h"
#include "panels/panel.h"

/*
 * Usage
 * -----
 * A panel keeps one TableState and one TableRows in its state.  Each frame:
 *
 *   if (table_rows_changed(&rows, v->generation, st.sort_col, st.desc, ctx->filter_text)) {
 *           table_rows_reserve(&rows, n);      // grows only when it must
 *           ... fill rows.idx[0..n) with the entities that pass the filter ...
 *           table_rows_sort(&rows, cmp, ctx);  // stable
 *           table_follow(&st, &rows, previously selected value);
 *   }
 *   table_draw(cv, r, cols, ncols, &st, rows.idx, rows.n, cell, ctx);
 *
 * table_draw formats only the visible rows, so it costs the same at 20 and
 * at 20,000 rows.  Row values are whatever the panel puts in idx (usually
 * an index into a SiteView array); the table never interprets them.
 */

typedef struct {
	const char *title;
	int width;      /* columns; for the flexible column, its minimum */
	bool right;     /* right-aligned (numbers) */
	bool flex;      /* takes the width left over (at most one column) */
} TableCol;

typedef struct {
	int32_t cursor;  /* position in the row array; clamped to 0..n-1 */
	int32_t top;     /* first visible position */
	int sort_col;    /* column sorted by; the panel interprets it */
	bool desc;       /* sort descending */
	int page;        /* visible body lines at the last draw (for paging) */
} TableState;

/* Formats one cell of row value `row`, column `col` into buf (len bytes)
 * and returns its role.  Called only for visible rows. */
typedef Role (*TableCellFn)(void *ctx, int32_t row, int col, char *buf, size_t len);

void table_init(TableState *t, int sort_col, bool desc);
/* Cursor movement for CMD_UP/DOWN/PAGE_UP/PAGE_DOWN/HOME/END; other
 * commands are not handled (returns 0).  Returns PK_HANDLED|PK_REDRAW. */
unsigned table_command(TableState *t, int32_t nrows, PanelCmd cmd);
/* CMD_SORT_NEXT → next column (wrapping over ncols), CMD_SORT_REVERSE →
 * flip desc.  Returns PK_* bits (0 for other commands). */
unsigned table_sort_command(TableState *t, int ncols, PanelCmd cmd);
/* Keep cursor inside 0..nrows-1 and visible in a window of `visible`
 * lines. */
void table_clamp(TableState *t, int32_t nrows, int visible);
/* The row value under the cursor, or -1 when there are no rows. */
int32_t table_selected(const TableState *t, const int32_t *rows, int32_t nrows);

/* Draw into r: header line (ROLE_HEADER, sort column marked with an arrow),
 * the visible rows (cursor row in ROLE_SELECTED), and when r.h >= 3 a last
 * line "12-40 of 20,000" (or empty_msg when there are no rows; may be
 * NULL).  Never draws outside r. */
void table_draw(Canvas *cv, Rect r, const TableCol *cols, int ncols, TableState *t,
                const int32_t *rows, int32_t nrows, TableCellFn cell, void *ctx,
                const char *empty_msg);
/* Body lines table_draw gives rows in a Rect of height h. */
int table_body_lines(int h);
/* Column widths for total width w (flex column gets the rest); writes
 * ncols entries to out. */
void table_layout(const TableCol *cols, int ncols, int w, int *out);

/* ---- cached, sorted, filtered row arrays -------------------------------- */

#define TABLE_FILTER_MAX 128

typedef struct {
	int32_t *idx;        /* row values in display order (owned) */
	int32_t n, cap;
	int32_t *tmp;        /* merge-sort scratch, cap entries (owned) */
	/* cache key of the last build */
	bool valid;
	uint64_t gen;
	int sort_col;
	bool desc;
	char filter[TABLE_FILTER_MAX];
	int extra;           /* panel-defined (e.g. a mode) */
} TableRows;

void table_rows_free(TableRows *r);
/* Grow to hold n rows; 0, or -1 on out of memory (contents kept). */
int table_rows_reserve(TableRows *r, int32_t n);
/* True (and records the new key) when the rows must be rebuilt: first
 * call, or the generation, sort, filter or extra changed.  Call
 * table_rows_invalidate to force a rebuild. */
bool table_rows_changed(TableRows *r, uint64_t gen, int sort_col, bool desc,
                        const char *filter, int extra);
void table_rows_invalidate(TableRows *r);
/* Stable merge sort of idx[0..n) by cmp (negative: a first). */
typedef int (*TableCmpFn)(void *ctx, int32_t a, int32_t b);
void table_rows_sort(TableRows *r, TableCmpFn cmp, void *ctx);
/* Move the cursor onto value `keep` if it is among the rows (after a
 * rebuild); otherwise leave it where it is (clamped later). */
void table_follow(TableState *t, const TableRows *r, int32_t keep);

#endif
