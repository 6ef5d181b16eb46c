/* A plain grid of cells that panels draw into; only tui/screen.c turns it
 * into terminal output. Colours are named by role, never by hue. */
#ifndef NARVIK_CANVAS_H
#define NARVIK_CANVAS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Colour roles. The theme (tui/theme.c) maps each to a colour pair and
 * attributes; role_name() gives the name theme files use. Keep ROLE_COUNT
 * last. */
typedef enum {
	ROLE_NORMAL = 0,  /* body text */
	ROLE_DIM,         /* secondary text, units, separators */
	ROLE_TITLE,       /* panel titles */
	ROLE_BORDER,      /* box lines */
	ROLE_HEADER,      /* table column headers */
	ROLE_SELECTED,    /* the cursor row or cell */
	ROLE_MARKED,      /* rows marked for a bulk action */
	ROLE_STATUS,      /* status bar */
	ROLE_STATUS_SITE, /* the site name in the status bar */
	ROLE_STATUS_RO,   /* read-only badge */
	ROLE_TAB,         /* inactive panel tab */
	ROLE_TAB_ACTIVE,  /* active panel tab */
	ROLE_KEY,         /* key names in help and hints */
	ROLE_INPUT,       /* command line and prompts */
	ROLE_OK,          /* healthy */
	ROLE_INFO,
	ROLE_WARN,
	ROLE_CRIT,
	ROLE_UNKNOWN,     /* value never arrived */
	ROLE_STALE,       /* value older than its source's stale_after */
	ROLE_HEAT0,       /* heatmap scale, coolest/lowest .. */
	ROLE_HEAT1,
	ROLE_HEAT2,
	ROLE_HEAT3,
	ROLE_HEAT4,
	ROLE_HEAT5,       /* .. hottest/highest */
	ROLE_CHART_DRAW,  /* power drawn */
	ROLE_CHART_SUPPLY,/* hydro supply */
	ROLE_CHART_AXIS,
	ROLE_ACCENT,      /* site accent colour */
	ROLE_COUNT
} Role;

#define ROLE_HEAT_STEPS 6

const char *role_name(Role r);          /* "normal", "heat3", ... */
int role_from_name(const char *name);   /* -1 if unknown */

enum { /* Cell.attr bits, added to what the theme gives the role */
	CELL_BOLD = 1u << 0,
	CELL_REVERSE = 1u << 1,
	CELL_UNDERLINE = 1u << 2,
	CELL_DIM = 1u << 3,
};

typedef struct {
	uint32_t ch;    /* Unicode code point of width one; ' ' when blank */
	uint8_t role;   /* Role */
	uint8_t attr;   /* CELL_* */
} Cell;

typedef struct {
	int x, y, w, h;
} Rect;

/* Glyphs with an ASCII fallback, chosen by canvas_glyph() from the
 * canvas's ascii flag. */
typedef enum {
	G_HLINE, G_VLINE, G_TL, G_TR, G_BL, G_BR, G_TEE_L, G_TEE_R,
	G_BLOCK_FULL, G_SHADE_LIGHT, G_SHADE_MEDIUM, G_SHADE_DARK,
	G_SPARK1, G_SPARK2, G_SPARK3, G_SPARK4, G_SPARK5, G_SPARK6, G_SPARK7, G_SPARK8,
	G_ARROW_UP, G_ARROW_DOWN, G_ARROW_RIGHT, G_BULLET, G_ELLIPSIS, G_EMDASH,
	G_DEGREE, G_CHECK, G_CROSS, G_COUNT
} Glyph;

typedef struct {
	int w, h;       /* columns, lines */
	Cell *cells;    /* w*h cells, row-major; owned */
	bool ascii;     /* use the ASCII fallbacks */
} Canvas;

int canvas_init(Canvas *cv, int w, int h);  /* 0, or -1 on out of memory */
int canvas_resize(Canvas *cv, int w, int h);/* clears; 0 or -1 */
void canvas_free(Canvas *cv);
void canvas_clear(Canvas *cv);              /* all blank, ROLE_NORMAL */

uint32_t canvas_glyph(const Canvas *cv, Glyph g);
/* One cell; outside the canvas is ignored. Control code points become '?'. */
void canvas_put(Canvas *cv, int x, int y, uint32_t ch, uint8_t role, uint8_t attr);
void canvas_fill(Canvas *cv, Rect r, uint32_t ch, uint8_t role);
/* Change the role (and attr) of cells in r, keeping their characters. */
void canvas_paint(Canvas *cv, Rect r, uint8_t role, uint8_t attr);
/* UTF-8 text at x,y clipped to maxw columns (and the canvas); controls and
 * wide or invalid characters are drawn as '?'. When the text is longer than
 * maxw its last visible column becomes an ellipsis. Returns columns used. */
int canvas_text(Canvas *cv, int x, int y, int maxw, uint8_t role, uint8_t attr, const char *s);
int canvas_printf(Canvas *cv, int x, int y, int maxw, uint8_t role, uint8_t attr,
                  const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* Right-aligned in [x, x+w). */
int canvas_text_right(Canvas *cv, int x, int y, int w, uint8_t role, uint8_t attr, const char *s);
/* A box around r with an optional title in its top line. */
void canvas_box(Canvas *cv, Rect r, uint8_t role, const char *title, uint8_t title_role);
/* A horizontal bar of w cells filled to frac (0..1) with eighth blocks
 * (or '#' in ASCII); the rest drawn with ch_empty in role_empty. */
void canvas_bar(Canvas *cv, int x, int y, int w, double frac, uint8_t role, uint8_t role_empty);
/* Text of row y as UTF-8 (for tests): writes at most len-1 bytes. */
char *canvas_row_text(const Canvas *cv, int y, char *buf, size_t len);
/* Count of cells that differ between a and b (same size), for benchmarks. */
long canvas_diff_count(const Canvas *a, const Canvas *b);

/* Rect helpers */
Rect rect_inset(Rect r, int d);
bool rect_inside(Rect inner, Rect outer);

#endif
