/* The terminal: the only module that draws with ncurses. */
#ifndef NARVIK_SCREEN_H
#define NARVIK_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "panels/canvas.h"
#include "tui/theme.h"

typedef struct Screen Screen;

/* Take over the terminal on stdin/stdout (alternate screen, raw keys,
 * no echo). NULL with a message when stdout is not a terminal or curses
 * cannot start. Installs a last-resort restore for fatal signals. */
Screen *screen_open(char *err, size_t errlen);
/* The same on the given streams (a pseudo-terminal for the benchmarks),
 * which need not be stdin/stdout; out's size is read for screen_resized.
 * Uses $TERM like screen_open. */
Screen *screen_open_tty(FILE *out, FILE *in, char *err, size_t errlen);
/* Give the terminal back as it was. Safe to call twice. */
void screen_close(Screen *sc);
void screen_free(Screen *sc);
/* True when the locale is UTF-8 and block glyphs can be drawn. */
bool screen_utf8(const Screen *sc);
int screen_colors(const Screen *sc);          /* 256, 16, 8 or 0 */
void screen_size(const Screen *sc, int *w, int *h);
/* After SIGWINCH: read the new size and forget what is on screen. */
void screen_resized(Screen *sc);
/* Map colour roles to curses pairs for this terminal. */
void screen_set_theme(Screen *sc, const Theme *t, bool no_color);
/* Send the cells that changed since the last present, and place the
 * cursor (-1 hides it). Returns the number of cells sent. */
long screen_present(Screen *sc, const Canvas *cv, int cur_x, int cur_y);
/* Force a full repaint at the next present (C-l). */
void screen_invalidate(Screen *sc);
/* One pending key without waiting: 1 with *key set, 0 when none. Function
 * keys come as ncurses KEY_* codes, characters as code points. */
int screen_key(Screen *sc, int *key);
/* Leave curses for a child program (ssh) and come back. */
void screen_suspend(Screen *sc);
void screen_resume(Screen *sc);

#endif
