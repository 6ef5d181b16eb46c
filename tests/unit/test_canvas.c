/* Unit tests for panels/canvas.c: clipping, boxes, bars, glyphs, roles. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "panels/canvas.h"

static const char *row(const Canvas *cv, int y)
{
	static char buf[1024];
	return canvas_row_text(cv, y, buf, sizeof buf);
}

static int count_non_blank(const Canvas *cv)
{
	int n = 0;
	for (int i = 0; i < cv->w * cv->h; i++)
		n += cv->cells[i].ch != ' ' || cv->cells[i].role != ROLE_NORMAL || cv->cells[i].attr != 0;
	return n;
}

static void test_init_clear(void **state)
{
	(void)state;
	Canvas cv;
	assert_int_equal(canvas_init(&cv, 10, 3), 0);
	assert_int_equal(cv.w, 10);
	assert_int_equal(cv.h, 3);
	assert_false(cv.ascii);
	assert_string_equal(row(&cv, 0), "          ");
	assert_int_equal(count_non_blank(&cv), 0);
	assert_int_equal(canvas_resize(&cv, -1, 5), -1);
	assert_int_equal(cv.w, 10);  /* a refused resize keeps the canvas */
	assert_int_equal(canvas_resize(&cv, 0, 0), 0);
	assert_string_equal(row(&cv, 0), "");
	canvas_text(&cv, 0, 0, 5, ROLE_NORMAL, 0, "abc");  /* nothing to draw into */
	canvas_free(&cv);
	assert_null(cv.cells);
}

static void test_text_clip(void **state)
{
	(void)state;
	Canvas cv;
	canvas_init(&cv, 12, 2);
	assert_int_equal(canvas_text(&cv, 0, 0, 5, ROLE_WARN, CELL_BOLD, "abc"), 3);
	assert_string_equal(row(&cv, 0), "abc         ");
	assert_int_equal(cv.cells[0].role, ROLE_WARN);
	assert_int_equal(cv.cells[0].attr, CELL_BOLD);
	assert_int_equal(cv.cells[3].role, ROLE_NORMAL);
	/* exactly maxw: no ellipsis */
	assert_int_equal(canvas_text(&cv, 0, 1, 5, 0, 0, "abcde"), 5);
	assert_string_equal(row(&cv, 1), "abcde       ");
	/* longer than maxw: the last column is an ellipsis */
	canvas_clear(&cv);
	assert_int_equal(canvas_text(&cv, 0, 0, 5, 0, 0, "abcdefgh"), 5);
	assert_string_equal(row(&cv, 0), "abcd…       ");
	cv.ascii = true;
	assert_int_equal(canvas_text(&cv, 0, 1, 5, 0, 0, "abcdefgh"), 5);
	assert_string_equal(row(&cv, 1), "abcd~       ");
	cv.ascii = false;
	/* maxw 1 and 0 */
	canvas_clear(&cv);
	assert_int_equal(canvas_text(&cv, 0, 0, 1, 0, 0, "xy"), 1);
	assert_int_equal(canvas_text(&cv, 5, 0, 0, 0, 0, "xy"), 0);
	assert_int_equal(canvas_text(&cv, 5, 0, -3, 0, 0, "xy"), 0);
	assert_int_equal(canvas_text(&cv, 5, 0, 4, 0, 0, NULL), 0);
	assert_string_equal(row(&cv, 0), "…           ");
	/* multibyte characters take one column each */
	canvas_clear(&cv);
	assert_int_equal(canvas_text(&cv, 0, 0, 12, 0, 0, "Ørsta 24°C"), 10);
	assert_string_equal(row(&cv, 0), "Ørsta 24°C  ");
	canvas_free(&cv);
}

static void test_text_controls_and_wide(void **state)
{
	(void)state;
	Canvas cv;
	canvas_init(&cv, 20, 1);
	canvas_text(&cv, 0, 0, 20, 0, 0, "a\x1b[1mb\x7f" "c\xc2\x85" "d\t");
	assert_string_equal(row(&cv, 0), "a?[1mb?c?d?         ");
	canvas_clear(&cv);
	canvas_text(&cv, 0, 0, 20, 0, 0, "机x\xf0\x9f\x94\xa5y\xe2\x80\xae" "z\xff!e\xcc\x81");
	assert_string_equal(row(&cv, 0), "?x?y?z?!e?          ");
	for (int x = 0; x < cv.w; x++) {
		uint32_t c = cv.cells[x].ch;
		assert_true(c >= 0x20 && c != 0x7F && !(c >= 0x80 && c < 0xA0));
	}
	/* ASCII canvases draw nothing above 0x7F */
	cv.ascii = true;
	canvas_clear(&cv);
	canvas_text(&cv, 0, 0, 20, 0, 0, "Ørsta°");
	assert_string_equal(row(&cv, 0), "?rsta?              ");
	canvas_put(&cv, 0, 0, 0x2500, 0, 0);
	assert_int_equal(cv.cells[0].ch, '?');
	canvas_put(&cv, 1, 0, 0x1B, 0, 0);
	assert_int_equal(cv.cells[1].ch, '?');
	canvas_free(&cv);
}

static void test_nothing_outside(void **state)
{
	(void)state;
	/* draw into the middle of a bigger canvas, at and past every edge of
	 * a sub-canvas, and check that only the sub-canvas area changed */
	Canvas cv;
	canvas_init(&cv, 6, 4);
	for (int y = -3; y < 8; y++)
		for (int x = -10; x < 12; x++)
			canvas_text(&cv, x, y, 9, ROLE_CRIT, 0, "abcdefghijklmn");
	canvas_fill(&cv, (Rect){ -5, -5, 20, 20 }, '#', ROLE_OK);
	canvas_paint(&cv, (Rect){ -5, -5, 20, 20 }, ROLE_WARN, CELL_DIM);
	canvas_box(&cv, (Rect){ -2, -2, 12, 12 }, ROLE_BORDER, "a very long title", ROLE_TITLE);
	canvas_bar(&cv, -3, 2, 20, 0.7, ROLE_OK, ROLE_DIM);
	canvas_text_right(&cv, -4, 3, 30, 0, 0, "right aligned text");
	canvas_put(&cv, 6, 0, 'X', 0, 0);
	canvas_put(&cv, 0, 4, 'X', 0, 0);
	canvas_put(&cv, -1, 0, 'X', 0, 0);
	/* the canvas still holds w*h cells of sane content; nothing crashed,
	 * and ASan (make asan) checks no write went past the array */
	assert_int_equal(cv.w, 6);
	assert_int_equal(cv.h, 4);
	canvas_clear(&cv);

	/* a canvas inside a canvas: put a guard frame around a 6x4 area */
	Canvas big;
	canvas_init(&big, 10, 8);
	canvas_fill(&big, (Rect){ 0, 0, 10, 8 }, '.', ROLE_DIM);
	Rect inner = { 2, 2, 6, 4 };
	canvas_fill(&big, inner, ' ', ROLE_NORMAL);
	canvas_box(&big, inner, ROLE_BORDER, "title too long", ROLE_TITLE);
	canvas_text(&big, inner.x + 1, inner.y + 1, inner.w - 2, 0, 0, "overflowing text");
	canvas_bar(&big, inner.x + 1, inner.y + 2, inner.w - 2, 1.0, ROLE_OK, ROLE_DIM);
	for (int y = 0; y < big.h; y++)
		for (int x = 0; x < big.w; x++) {
			bool in = x >= inner.x && x < inner.x + inner.w && y >= inner.y && y < inner.y + inner.h;
			if (!in && big.cells[y * big.w + x].ch != '.')
				fail_msg("drawn outside at %d,%d", x, y);
		}
	assert_string_equal(row(&big, 2), "..┌ t… ┐..");
	assert_string_equal(row(&big, 3), "..│ove…│..");
	assert_string_equal(row(&big, 4), "..│████│..");
	assert_string_equal(row(&big, 5), "..└────┘..");
	canvas_free(&big);
	canvas_free(&cv);
}

static void test_box(void **state)
{
	(void)state;
	Canvas cv;
	canvas_init(&cv, 16, 4);
	canvas_box(&cv, (Rect){ 0, 0, 16, 4 }, ROLE_BORDER, "Power", ROLE_TITLE);
	assert_string_equal(row(&cv, 0), "┌ Power ───────┐");
	assert_string_equal(row(&cv, 1), "│              │");
	assert_string_equal(row(&cv, 3), "└──────────────┘");
	assert_int_equal(cv.cells[0].role, ROLE_BORDER);
	assert_int_equal(cv.cells[2].role, ROLE_TITLE);
	assert_int_equal(cv.cells[2].attr, CELL_BOLD);
	assert_int_equal(cv.cells[1 * 16 + 1].role, ROLE_NORMAL); /* inside untouched */
	cv.ascii = true;
	canvas_clear(&cv);
	canvas_box(&cv, (Rect){ 1, 0, 14, 3 }, ROLE_BORDER, "A title that is long", ROLE_TITLE);
	assert_string_equal(row(&cv, 0), " + A title t~ + ");
	assert_string_equal(row(&cv, 1), " |            | ");
	assert_string_equal(row(&cv, 2), " +------------+ ");
	/* no title, and too small boxes draw nothing */
	canvas_clear(&cv);
	canvas_box(&cv, (Rect){ 0, 0, 4, 2 }, ROLE_BORDER, NULL, 0);
	assert_string_equal(row(&cv, 0), "+--+            ");
	assert_string_equal(row(&cv, 1), "+--+            ");
	canvas_clear(&cv);
	canvas_box(&cv, (Rect){ 0, 0, 1, 4 }, ROLE_BORDER, "x", 0);
	canvas_box(&cv, (Rect){ 0, 0, 5, 1 }, ROLE_BORDER, "x", 0);
	assert_int_equal(count_non_blank(&cv), 0);
	canvas_free(&cv);
}

static void test_bar(void **state)
{
	(void)state;
	Canvas cv;
	canvas_init(&cv, 4, 1);
	canvas_bar(&cv, 0, 0, 4, 0, ROLE_OK, ROLE_DIM);
	assert_string_equal(row(&cv, 0), "░░░░");
	assert_int_equal(cv.cells[0].role, ROLE_DIM);
	canvas_bar(&cv, 0, 0, 4, 0.5, ROLE_OK, ROLE_DIM);
	assert_string_equal(row(&cv, 0), "██░░");
	assert_int_equal(cv.cells[0].role, ROLE_OK);
	assert_int_equal(cv.cells[2].role, ROLE_DIM);
	canvas_bar(&cv, 0, 0, 4, 1, ROLE_OK, ROLE_DIM);
	assert_string_equal(row(&cv, 0), "████");
	canvas_bar(&cv, 0, 0, 4, 7.5, ROLE_OK, ROLE_DIM);   /* clamped */
	assert_string_equal(row(&cv, 0), "████");
	canvas_bar(&cv, 0, 0, 4, NAN, ROLE_OK, ROLE_DIM);   /* unknown: empty */
	assert_string_equal(row(&cv, 0), "░░░░");
	canvas_bar(&cv, 0, 0, 4, -1, ROLE_OK, ROLE_DIM);
	assert_string_equal(row(&cv, 0), "░░░░");
	/* eighths: 0.5 of one cell is a half block, 1/8 of four cells too */
	canvas_bar(&cv, 0, 0, 1, 0.5, ROLE_OK, ROLE_DIM);
	assert_int_equal(cv.cells[0].ch, 0x258C);
	canvas_bar(&cv, 0, 0, 4, 0.125, ROLE_OK, ROLE_DIM);
	assert_string_equal(row(&cv, 0), "▌░░░");
	canvas_bar(&cv, 0, 0, 4, 1.0 / 32, ROLE_OK, ROLE_DIM);
	assert_string_equal(row(&cv, 0), "▏░░░");
	canvas_bar(&cv, 0, 0, 4, 31.0 / 32, ROLE_OK, ROLE_DIM);
	assert_string_equal(row(&cv, 0), "███▉");

	cv.ascii = true;
	canvas_bar(&cv, 0, 0, 4, 0, ROLE_OK, ROLE_DIM);
	assert_string_equal(row(&cv, 0), "....");
	canvas_bar(&cv, 0, 0, 4, 0.5, ROLE_OK, ROLE_DIM);
	assert_string_equal(row(&cv, 0), "##..");
	canvas_bar(&cv, 0, 0, 4, 1, ROLE_OK, ROLE_DIM);
	assert_string_equal(row(&cv, 0), "####");
	canvas_bar(&cv, 0, 0, 4, NAN, ROLE_OK, ROLE_DIM);
	assert_string_equal(row(&cv, 0), "....");
	canvas_bar(&cv, 0, 0, 4, 0.125, ROLE_OK, ROLE_DIM);
	assert_string_equal(row(&cv, 0), "#...");
	canvas_bar(&cv, 0, 0, 4, 1.0 / 32, ROLE_OK, ROLE_DIM);
	assert_string_equal(row(&cv, 0), "....");
	canvas_bar(&cv, 0, 0, 0, 1, ROLE_OK, ROLE_DIM);  /* zero width: nothing */
	assert_string_equal(row(&cv, 0), "....");
	canvas_free(&cv);
}

static void test_glyphs(void **state)
{
	(void)state;
	Canvas u = { 0 }, a = { 0 };
	a.ascii = true;
	for (int g = 0; g < G_COUNT; g++) {
		uint32_t cu = canvas_glyph(&u, (Glyph)g), ca = canvas_glyph(&a, (Glyph)g);
		if (ca < 0x20 || ca >= 0x7F)
			fail_msg("glyph %d: ASCII fallback %u", g, (unsigned)ca);
		if (cu < 0xA0)
			fail_msg("glyph %d: no Unicode form (%u)", g, (unsigned)cu);
	}
	assert_int_equal(canvas_glyph(&u, G_HLINE), 0x2500);
	assert_int_equal(canvas_glyph(&a, G_HLINE), '-');
	assert_int_equal(canvas_glyph(&u, G_DEGREE), 0xB0);
	assert_int_equal(canvas_glyph(&a, G_ELLIPSIS), '~');
	assert_int_equal(canvas_glyph(&u, G_COUNT), '?');
	assert_int_equal(canvas_glyph(&u, (Glyph)-1), '?');
}

static void test_row_text_and_diff(void **state)
{
	(void)state;
	Canvas a, b;
	canvas_init(&a, 5, 2);
	canvas_init(&b, 5, 2);
	assert_int_equal(canvas_diff_count(&a, &b), 0);
	canvas_text(&a, 0, 0, 5, 0, 0, "ab");
	assert_int_equal(canvas_diff_count(&a, &b), 2);
	canvas_paint(&a, (Rect){ 0, 1, 3, 1 }, ROLE_SELECTED, 0);
	assert_int_equal(canvas_diff_count(&a, &b), 5);
	canvas_paint(&b, (Rect){ 0, 1, 3, 1 }, ROLE_NORMAL, CELL_REVERSE);
	assert_int_equal(canvas_diff_count(&a, &b), 5);
	canvas_text(&b, 0, 0, 5, 0, 0, "ab");
	canvas_paint(&b, (Rect){ 0, 1, 3, 1 }, ROLE_SELECTED, 0);
	assert_int_equal(canvas_diff_count(&a, &b), 0);
	Canvas c;
	canvas_init(&c, 4, 2);
	assert_int_equal(canvas_diff_count(&a, &c), -1);

	/* row text: UTF-8, bounded, empty out of range */
	canvas_text(&a, 0, 0, 5, 0, 0, "Ø°€ab");
	char buf[32];
	assert_string_equal(canvas_row_text(&a, 0, buf, sizeof buf), "Ø°€ab");
	assert_string_equal(canvas_row_text(&a, 0, buf, 5), "Ø°");    /* no split € */
	assert_string_equal(canvas_row_text(&a, 0, buf, 4), "Ø");
	assert_string_equal(canvas_row_text(&a, 7, buf, sizeof buf), "");
	assert_string_equal(canvas_row_text(&a, -1, buf, sizeof buf), "");
	buf[0] = 'Q';
	canvas_row_text(&a, 0, buf, 0);
	assert_int_equal(buf[0], 'Q');
	canvas_free(&a);
	canvas_free(&b);
	canvas_free(&c);
}

static void test_text_right(void **state)
{
	(void)state;
	Canvas cv;
	canvas_init(&cv, 10, 1);
	assert_int_equal(canvas_text_right(&cv, 0, 0, 10, 0, 0, "42°C"), 4);
	assert_string_equal(row(&cv, 0), "      42°C");
	canvas_clear(&cv);
	assert_int_equal(canvas_text_right(&cv, 2, 0, 4, 0, 0, "123456"), 4);
	assert_string_equal(row(&cv, 0), "  123…    ");
	canvas_clear(&cv);
	assert_int_equal(canvas_printf(&cv, 1, 0, 8, 0, 0, "%d kW", 850), 6);
	assert_string_equal(row(&cv, 0), " 850 kW   ");
	canvas_free(&cv);
}

static void test_rects(void **state)
{
	(void)state;
	Rect r = rect_inset((Rect){ 2, 3, 10, 6 }, 1);
	assert_int_equal(r.x, 3);
	assert_int_equal(r.y, 4);
	assert_int_equal(r.w, 8);
	assert_int_equal(r.h, 4);
	r = rect_inset((Rect){ 0, 0, 3, 3 }, 2);
	assert_int_equal(r.x, 2);
	assert_int_equal(r.w, 0);
	assert_int_equal(r.h, 0);
	r = rect_inset((Rect){ 5, 5, 2, 2 }, -1);
	assert_int_equal(r.x, 4);
	assert_int_equal(r.w, 4);
	Rect out = { 0, 0, 10, 10 };
	assert_true(rect_inside((Rect){ 0, 0, 10, 10 }, out));
	assert_true(rect_inside((Rect){ 9, 9, 1, 1 }, out));
	assert_false(rect_inside((Rect){ 9, 9, 2, 1 }, out));
	assert_false(rect_inside((Rect){ -1, 0, 2, 1 }, out));
	assert_true(rect_inside((Rect){ 10, 10, 0, 0 }, out));
}

static void test_roles(void **state)
{
	(void)state;
	for (int r = 0; r < ROLE_COUNT; r++) {
		const char *n = role_name((Role)r);
		assert_non_null(n);
		assert_string_not_equal(n, "?");
		if (role_from_name(n) != r)
			fail_msg("role %d (%s) reads back as %d", r, n, role_from_name(n));
		for (int o = 0; o < r; o++)
			assert_string_not_equal(role_name((Role)o), n);
	}
	assert_string_equal(role_name(ROLE_NORMAL), "normal");
	assert_string_equal(role_name(ROLE_HEAT3), "heat3");
	assert_string_equal(role_name(ROLE_STATUS_RO), "status_ro");
	assert_string_equal(role_name(ROLE_COUNT), "?");
	assert_int_equal(role_from_name("accent"), ROLE_ACCENT);
	assert_int_equal(role_from_name("Normal"), -1);
	assert_int_equal(role_from_name(""), -1);
	assert_int_equal(role_from_name("heat6"), -1);
	assert_int_equal(ROLE_HEAT5 - ROLE_HEAT0 + 1, ROLE_HEAT_STEPS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_clear),
		cmocka_unit_test(test_text_clip),
		cmocka_unit_test(test_text_controls_and_wide),
		cmocka_unit_test(test_nothing_outside),
		cmocka_unit_test(test_box),
		cmocka_unit_test(test_bar),
		cmocka_unit_test(test_glyphs),
		cmocka_unit_test(test_row_text_and_diff),
		cmocka_unit_test(test_text_right),
		cmocka_unit_test(test_rects),
		cmocka_unit_test(test_roles),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
