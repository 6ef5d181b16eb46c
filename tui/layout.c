/* Screen layout: a pure function from terminal size to rectangles. */
#include "tui/layout.h"

Layout layout_compute(int w, int h, int dialog_w, int dialog_h)
{
	Layout l = { 0 };
	if (w < 0)
		w = 0;
	if (h < 0)
		h = 0;
	l.screen = (Rect){ 0, 0, w, h };
	l.too_small = w < LAYOUT_MIN_W || h < LAYOUT_MIN_H;
	if (l.too_small) {
		l.body = l.screen;
		return l;
	}
	l.tabs = (Rect){ 0, 0, w, 1 };
	l.status = (Rect){ 0, h - 1, w, 1 };
	l.body = (Rect){ 0, 1, w, h - 2 };
	int dw = dialog_w < l.body.w - 2 ? dialog_w : l.body.w - 2;
	int dh = dialog_h < l.body.h - 2 ? dialog_h : l.body.h - 2;
	if (dw < 0)
		dw = 0;
	if (dh < 0)
		dh = 0;
	l.dialog = (Rect){ (w - dw) / 2, l.body.y + (l.body.h - dh) / 2, dw, dh };
	return l;
}
