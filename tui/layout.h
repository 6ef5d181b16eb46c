/* Screen layout: a pure function from terminal size to rectangles. */
#ifndef NARVIK_LAYOUT_H
#define NARVIK_LAYOUT_H

#include <stdbool.h>

#include "panels/canvas.h"

#define LAYOUT_MIN_W 80
#define LAYOUT_MIN_H 24

typedef struct {
	bool too_small;   /* below LAYOUT_MIN_W × LAYOUT_MIN_H: show only a message */
	Rect screen;
	Rect tabs;        /* top line: site and panel tabs */
	Rect body;        /* the panel */
	Rect status;      /* bottom line: status bar, or the command line */
	Rect dialog;      /* centred box for prompts and help */
} Layout;

/* Rectangles for a w×h terminal; dialog_w/h are the size a dialog wants
 * (clipped to the body). Rectangles never overlap, except the dialog,
 * which lies inside the body. */
Layout layout_compute(int w, int h, int dialog_w, int dialog_h);

#endif
