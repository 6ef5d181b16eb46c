/* A plain grid of cells that panels draw into. */
#include "panels/canvas.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const role_names[ROLE_COUNT] = {
	"normal", "dim", "title", "border", "header", "selected", "marked", "status",
	"status_site", "status_ro", "tab", "tab_active", "key", "input", "ok", "info",
	"warn", "crit", "unknown", "stale", "heat0", "heat1", "heat2", "heat3", "heat4",
	"heat5", "chart_draw", "chart_supply", "chart_axis", "accent",
};

const char *role_name(Role r)
{
	return (unsigned)r < ROLE_COUNT ? role_names[r] : "?";
}

int role_from_name(const char *name)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		if (strcmp(role_names[i], name) == 0)
			return i;
	return -1;
}

/* Unicode glyph and its ASCII fallback. */
static const uint32_t glyphs[G_COUNT][2] = {
	[G_HLINE] = { 0x2500, '-' },       [G_VLINE] = { 0x2502, '|' },
	[G_TL] = { 0x250C, '+' },          [G_TR] = { 0x2510, '+' },
	[G_BL] = { 0x2514, '+' },          [G_BR] = { 0x2518, '+' },
	[G_TEE_L] = { 0x251C, '+' },       [G_TEE_R] = { 0x2524, '+' },
	[G_BLOCK_FULL] = { 0x2588, '#' },  [G_SHADE_LIGHT] = { 0x2591, '.' },
	[G_SHADE_MEDIUM] = { 0x2592, ':' },[G_SHADE_DARK] = { 0x2593, '%' },
	[G_SPARK1] = { 0x2581, '_' },      [G_SPARK2] = { 0x2582, '_' },
	[G_SPARK3] = { 0x2583, '.' },      [G_SPARK4] = { 0x2584, '-' },
	[G_SPARK5] = { 0x2585, '-' },      [G_SPARK6] = { 0x2586, '=' },
	[G_SPARK7] = { 0x2587, '^' },      [G_SPARK8] = { 0x2588, '#' },
	[G_ARROW_UP] = { 0x25B2, '^' },    [G_ARROW_DOWN] = { 0x25BC, 'v' },
	[G_ARROW_RIGHT] = { 0x25B6, '>' }, [G_BULLET] = { 0x25CF, '*' },
	[G_ELLIPSIS] = { 0x2026, '~' },    [G_EMDASH] = { 0x2014, '-' },
	[G_DEGREE] = { 0x00B0, 'd' },      [G_CHECK] = { 0x2713, '+' },
	[G_CROSS] = { 0x2717, 'x' },
};

int canvas_init(Canvas *cv, int w, int h)
{
	cv->w = cv->h = 0;
	cv->cells = NULL;
	cv->ascii = false;
	return canvas_resize(cv, w, h);
}

int canvas_resize(Canvas *cv, int w, int h)
{
	if (w < 0 || h < 0 || (long)w * h > 10000000L)
		return -1;
	size_t n = (size_t)w * (size_t)h;
	Cell *c = n ? malloc(n * sizeof *c) : NULL;
	if (n && !c)
		return -1;
	free(cv->cells);
	cv->cells = c;
	cv->w = w;
	cv->h = h;
	canvas_clear(cv);
	return 0;
}

void canvas_free(Canvas *cv)
{
	free(cv->cells);
	cv->cells = NULL;
	cv->w = cv->h = 0;
}

void canvas_clear(Canvas *cv)
{
	size_t n = (size_t)cv->w * (size_t)cv->h;
	for (size_t i = 0; i < n; i++)
		cv->cells[i] = (Cell){ ' ', ROLE_NORMAL, 0 };
}

uint32_t canvas_glyph(const Canvas *cv, Glyph g)
{
	if ((unsigned)g >= G_COUNT)
		return '?';
	return glyphs[g][cv->ascii ? 1 : 0];
}

void canvas_put(Canvas *cv, int x, int y, uint32_t ch, uint8_t role, uint8_t attr)
{
	if (x < 0 || y < 0 || x >= cv->w || y >= cv->h)
		return;
	if (ch < 0x20 || ch == 0x7F || (ch >= 0x80 && ch < 0xA0))
		ch = '?';
	if (cv->ascii && ch >= 0x80)
		ch = '?';
	cv->cells[(size_t)y * (size_t)cv->w + (size_t)x] = (Cell){ ch, role, attr };
}

void canvas_fill(Canvas *cv, Rect r, uint32_t ch, uint8_t role)
{
	for (int y = r.y; y < r.y + r.h; y++)
		for (int x = r.x; x < r.x + r.w; x++)
			canvas_put(cv, x, y, ch, role, 0);
}

void canvas_paint(Canvas *cv, Rect r, uint8_t role, uint8_t attr)
{
	for (int y = r.y; y < r.y + r.h; y++) {
		if (y < 0 || y >= cv->h)
			continue;
		for (int x = r.x; x < r.x + r.w; x++) {
			if (x < 0 || x >= cv->w)
				continue;
			Cell *c = &cv->cells[(size_t)y * (size_t)cv->w + (size_t)x];
			c->role = role;
			c->attr = attr;
		}
	}
}

/* Next code point from UTF-8; invalid bytes give '?' and advance one. */
static uint32_t next_cp(const unsigned char **p)
{
	const unsigned char *s = *p;
	uint32_t c = s[0];
	int len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
	if (len == 0) {
		*p = s + 1;
		return '?';
	}
	if (len == 1) {
		*p = s + 1;
		return c;
	}
	uint32_t v = c & (0x7F >> len);
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*p = s + 1;
			return '?';
		}
		v = (v << 6) | (s[i] & 0x3F);
	}
	*p = s + len;
	/* Wide (CJK, emoji) and combining characters would break the grid. */
	if ((v >= 0x0300 && v < 0x0370) || (v >= 0x1100 && v < 0x1160) ||
	    (v >= 0x2E80 && v < 0xA4D0) || (v >= 0xAC00 && v < 0xD7A4) ||
	    (v >= 0xF900 && v < 0xFB00) || (v >= 0xFE00 && v < 0xFE70) ||
	    (v >= 0xFF00 && v < 0xFF61) || v >= 0x1F000 || (v >= 0xD800 && v < 0xE000) ||
	    (v >= 0x200B && v <= 0x200F) || (v >= 0x202A && v <= 0x202E))
		return '?';
	return v;
}

int canvas_text(Canvas *cv, int x, int y, int maxw, uint8_t role, uint8_t attr, const char *s)
{
	if (!s || maxw <= 0)
		return 0;
	const unsigned char *p = (const unsigned char *)s;
	int col = 0;
	while (*p && col < maxw) {
		uint32_t cp = next_cp(&p);
		if (col == maxw - 1 && *p) {
			canvas_put(cv, x + col, y, canvas_glyph(cv, G_ELLIPSIS), role, attr);
			return maxw;
		}
		canvas_put(cv, x + col, y, cp, role, attr);
		col++;
	}
	return col;
}

int canvas_printf(Canvas *cv, int x, int y, int maxw, uint8_t role, uint8_t attr, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return canvas_text(cv, x, y, maxw, role, attr, buf);
}

/* Columns s would take (code points, as canvas_text draws one per cell). */
static int text_cols(const char *s)
{
	int n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xC0) != 0x80)
			n++;
	return n;
}

int canvas_text_right(Canvas *cv, int x, int y, int w, uint8_t role, uint8_t attr, const char *s)
{
	int n = text_cols(s);
	if (n > w)
		n = w;
	return canvas_text(cv, x + w - n, y, n, role, attr, s);
}

void canvas_box(Canvas *cv, Rect r, uint8_t role, const char *title, uint8_t title_role)
{
	if (r.w < 2 || r.h < 2)
		return;
	int x1 = r.x + r.w - 1, y1 = r.y + r.h - 1;
	for (int x = r.x + 1; x < x1; x++) {
		canvas_put(cv, x, r.y, canvas_glyph(cv, G_HLINE), role, 0);
		canvas_put(cv, x, y1, canvas_glyph(cv, G_HLINE), role, 0);
	}
	for (int y = r.y + 1; y < y1; y++) {
		canvas_put(cv, r.x, y, canvas_glyph(cv, G_VLINE), role, 0);
		canvas_put(cv, x1, y, canvas_glyph(cv, G_VLINE), role, 0);
	}
	canvas_put(cv, r.x, r.y, canvas_glyph(cv, G_TL), role, 0);
	canvas_put(cv, x1, r.y, canvas_glyph(cv, G_TR), role, 0);
	canvas_put(cv, r.x, y1, canvas_glyph(cv, G_BL), role, 0);
	canvas_put(cv, x1, y1, canvas_glyph(cv, G_BR), role, 0);
	if (title && *title && r.w > 4) {
		canvas_put(cv, r.x + 1, r.y, ' ', role, 0);
		int n = canvas_text(cv, r.x + 2, r.y, r.w - 4, title_role, CELL_BOLD, title);
		canvas_put(cv, r.x + 2 + n, r.y, ' ', role, 0);
	}
}

void canvas_bar(Canvas *cv, int x, int y, int w, double frac, uint8_t role, uint8_t role_empty)
{
	if (w <= 0)
		return;
	if (!(frac >= 0))
		frac = 0;
	if (frac > 1)
		frac = 1;
	int eighths = (int)(frac * w * 8 + 0.5);
	for (int i = 0; i < w; i++) {
		int e = eighths - i * 8;
		if (e >= 8) {
			canvas_put(cv, x + i, y, canvas_glyph(cv, G_BLOCK_FULL), role, 0);
		} else if (e > 0) {
			uint32_t ch = cv->ascii ? (e >= 4 ? '#' : '.') : (uint32_t)(0x2590 - e);
			canvas_put(cv, x + i, y, ch, role, 0);
		} else {
			canvas_put(cv, x + i, y, cv->ascii ? '.' : canvas_glyph(cv, G_SHADE_LIGHT), role_empty, 0);
		}
	}
}

static size_t put_utf8(char *b, uint32_t c)
{
	if (c < 0x80) {
		b[0] = (char)c;
		return 1;
	} else if (c < 0x800) {
		b[0] = (char)(0xC0 | (c >> 6));
		b[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	} else if (c < 0x10000) {
		b[0] = (char)(0xE0 | (c >> 12));
		b[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		b[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	b[0] = (char)(0xF0 | (c >> 18));
	b[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	b[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	b[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

char *canvas_row_text(const Canvas *cv, int y, char *buf, size_t len)
{
	size_t o = 0;
	if (len == 0)
		return buf;
	if (y >= 0 && y < cv->h) {
		for (int x = 0; x < cv->w; x++) {
			char tmp[4];
			size_t n = put_utf8(tmp, cv->cells[(size_t)y * (size_t)cv->w + (size_t)x].ch);
			if (o + n >= len)
				break;
			memcpy(buf + o, tmp, n);
			o += n;
		}
	}
	buf[o] = '\0';
	return buf;
}

long canvas_diff_count(const Canvas *a, const Canvas *b)
{
	if (a->w != b->w || a->h != b->h)
		return -1;
	long d = 0;
	size_t n = (size_t)a->w * (size_t)a->h;
	for (size_t i = 0; i < n; i++)
		if (a->cells[i].ch != b->cells[i].ch || a->cells[i].role != b->cells[i].role ||
		    a->cells[i].attr != b->cells[i].attr)
			d++;
	return d;
}

Rect rect_inset(Rect r, int d)
{
	Rect o = { r.x + d, r.y + d, r.w - 2 * d, r.h - 2 * d };
	if (o.w < 0)
		o.w = 0;
	if (o.h < 0)
		o.h = 0;
	return o;
}

bool rect_inside(Rect in, Rect out)
{
	return in.x >= out.x && in.y >= out.y && in.x + in.w <= out.x + out.w &&
	       in.y + in.h <= out.y + out.h;
}
