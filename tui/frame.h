/* One frame: tabs, the panel, the status line and overlays, then present. */
#ifndef NARVIK_FRAME_H
#define NARVIK_FRAME_H

#include "tui/app.h"

/* Compose the whole screen into a->cv and send what changed. */
void frame_draw(App *a);

#endif
