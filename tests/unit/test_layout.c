/* Unit tests for tui/layout.c: rectangles inside the screen, no overlap. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>

#include "tui/layout.h"

static bool overlap(Rect a, Rect b)
{
	if (a.w <= 0 || a.h <= 0 || b.w <= 0 || b.h <= 0)
		return false;
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/* rect_inside lives in panels/canvas.c, which this test does not link. */
static bool inside(Rect in, Rect out)
{
	return in.x >= out.x && in.y >= out.y && in.x + in.w <= out.x + out.w &&
	       in.y + in.h <= out.y + out.h;
}

static void check(int w, int h, int dw, int dh)
{
	Layout l = layout_compute(w, h, dw, dh);
	Rect scr = { 0, 0, w, h };
	bool small = w < LAYOUT_MIN_W || h < LAYOUT_MIN_H;
	if (l.too_small != small)
		fail_msg("%dx%d: too_small %d", w, h, l.too_small);
	if (l.screen.x != 0 || l.screen.y != 0 || l.screen.w != w || l.screen.h != h)
		fail_msg("%dx%d: screen %d,%d %dx%d", w, h, l.screen.x, l.screen.y, l.screen.w, l.screen.h);
	const Rect rs[] = { l.tabs, l.body, l.status, l.dialog };
	for (size_t i = 0; i < sizeof rs / sizeof rs[0]; i++) {
		if (rs[i].w < 0 || rs[i].h < 0 || !inside(rs[i], scr))
			fail_msg("%dx%d dialog %dx%d: rect %zu (%d,%d %dx%d) outside", w, h, dw, dh, i,
			         rs[i].x, rs[i].y, rs[i].w, rs[i].h);
	}
	if (overlap(l.tabs, l.body) || overlap(l.tabs, l.status) || overlap(l.body, l.status))
		fail_msg("%dx%d: tabs/body/status overlap", w, h);
	if (!inside(l.dialog, l.body))
		fail_msg("%dx%d dialog %dx%d: dialog (%d,%d %dx%d) not inside body", w, h, dw, dh,
		         l.dialog.x, l.dialog.y, l.dialog.w, l.dialog.h);
	if (small) {
		/* only a message: the body is the whole screen */
		assert_int_equal(l.body.w, w);
		assert_int_equal(l.body.h, h);
		return;
	}
	/* tabs on the top line, status on the bottom, body tiles the rest */
	assert_int_equal(l.tabs.y, 0);
	assert_int_equal(l.tabs.h, 1);
	assert_int_equal(l.tabs.w, w);
	assert_int_equal(l.status.y, h - 1);
	assert_int_equal(l.status.h, 1);
	assert_int_equal(l.status.w, w);
	assert_int_equal(l.body.w * l.body.h + l.tabs.w + l.status.w, w * h);
	/* the dialog gets what it asks for up to the body less a margin */
	int ww = dw < 0 ? 0 : dw < l.body.w - 2 ? dw : l.body.w - 2;
	int wh = dh < 0 ? 0 : dh < l.body.h - 2 ? dh : l.body.h - 2;
	if (l.dialog.w != ww || l.dialog.h != wh)
		fail_msg("%dx%d dialog %dx%d: got %dx%d", w, h, dw, dh, l.dialog.w, l.dialog.h);
	/* centred: equal margins give or take one */
	int left = l.dialog.x, right = w - l.dialog.x - l.dialog.w;
	assert_true(left - right >= -1 && left - right <= 1);
}

static void test_all_sizes(void **state)
{
	(void)state;
	static const int dialogs[][2] = { { 60, 20 }, { 0, 0 }, { 1000, 1000 }, { -5, -5 }, { 79, 23 } };
	for (int w = 1; w <= 300; w++)
		for (int h = 1; h <= 100; h++)
			for (size_t d = 0; d < sizeof dialogs / sizeof dialogs[0]; d++)
				check(w, h, dialogs[d][0], dialogs[d][1]);
}

static void test_threshold(void **state)
{
	(void)state;
	assert_false(layout_compute(80, 24, 10, 10).too_small);
	assert_true(layout_compute(79, 24, 10, 10).too_small);
	assert_true(layout_compute(80, 23, 10, 10).too_small);
	assert_true(layout_compute(0, 0, 10, 10).too_small);
	assert_false(layout_compute(81, 25, 10, 10).too_small);
	Layout l = layout_compute(80, 24, 10, 4);
	assert_int_equal(l.body.y, 1);
	assert_int_equal(l.body.h, 22);
	assert_int_equal(l.dialog.x, 35);
	assert_int_equal(l.dialog.y, 1 + 9);
	/* negative sizes behave as zero */
	l = layout_compute(-3, -7, 10, 10);
	assert_true(l.too_small);
	assert_int_equal(l.screen.w, 0);
	assert_int_equal(l.screen.h, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_sizes),
		cmocka_unit_test(test_threshold),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
