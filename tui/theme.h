/* Themes: files that map colour roles to colours, degraded to the terminal. */
#ifndef NARVIK_THEME_H
#define NARVIK_THEME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "panels/canvas.h"

/*
 * A theme file (themes/NAME.theme) is INI:
 *
 *   [theme]
 *   name = default
 *   description = Dark background, the built-in look
 *
 *   [colors]
 *   ROLE = FG [on BG] [bold] [reverse] [underline] [dim]
 *
 * ROLE is a role_name() ("ok", "heat3", ...). A colour is "default" (the
 * terminal's own), one of black red green yellow blue magenta cyan white
 * (0-7), bright-NAME (8-15), colorN or a bare number N (0-255), or #rrggbb.
 * Roles a file leaves out keep the built-in default theme's value.
 * Comments start with '#' or ';' at the start of a line.
 *
 * This module never calls ncurses: theme_resolve() gives plain numbers
 * that tui/screen.c turns into colour pairs.
 *
 * Ownership: every Theme * returned here is the caller's, freed with
 * theme_free(). Error messages are "FILE:LINE: ..." where a line applies.
 */

typedef struct Theme Theme;

/* A colour as written: THEME_DEFAULT, an index 0..255, or THEME_RGB(r,g,b). */
#define THEME_DEFAULT (-1)
#define THEME_RGB_FLAG 0x1000000
#define THEME_RGB(r, g, b) \
	(THEME_RGB_FLAG | ((int32_t)(r) << 16) | ((int32_t)(g) << 8) | (int32_t)(b))
#define THEME_NAME_MAX 32   /* bytes incl. NUL */
#define THEME_DIRS_MAX 3

/* One role as the terminal can show it. */
typedef struct {
	int16_t fg, bg;  /* colour index below ncolors, or -1 = terminal default */
	uint8_t attr;    /* CELL_* bits */
} ThemeRole;

typedef struct {
	int ncolors;     /* 256, 16, 8, or 0 for attributes only */
	ThemeRole role[ROLE_COUNT];
} ResolvedTheme;

/* The built-in fallback, identical to themes/default.theme. NULL only on
 * out of memory. */
Theme *theme_builtin(void);
/* Read a theme file. The theme's name is its name key, or the file name
 * without ".theme". NULL with a message in err. */
Theme *theme_load(const char *path, char *err, size_t errlen);
/* The same from text in memory; label stands for the file name in messages. */
Theme *theme_load_string(const char *text, const char *label, char *err, size_t errlen);
/* NAME.theme from the first of dirs (NULL-terminated; NULL for none) that
 * has it; "default" falls back to theme_builtin() when no directory has
 * it. NULL with a message in err (a broken file: "FILE:LINE: ..."). */
Theme *theme_find(const char *name, const char *const *dirs, char *err, size_t errlen);
/* Names of the themes in dirs (and "default"), sorted, without duplicates.
 * Returns how many were written (at most max). */
int theme_list(const char *const *dirs, char names[][THEME_NAME_MAX], int max);
Theme *theme_copy(const Theme *t);
void theme_free(Theme *t);

const char *theme_name(const Theme *t);
const char *theme_description(const Theme *t);

/* Parse one colour ("red", "bright-cyan", "color208", "208", "#ff8700",
 * "default") into *out. 0, or -1 when it is not a colour. */
int theme_parse_colour(const char *s, int32_t *out);
/* Set one role from a spec written as in a theme file ("bright-red on
 * black bold"); e.g. a site's accent colour. 0, or -1 with a message. */
int theme_set_role(Theme *t, Role role, const char *spec, char *err, size_t errlen);

/* Map every role to what a terminal with ncolors colours can show:
 * ≥ 256: #rrggbb becomes the nearest xterm-256 cube or grey index;
 * 16..255: anything above 15 becomes the nearest of the 16 ANSI colours;
 * 8..15: a bright colour becomes its base colour, bright foregrounds bold;
 * 0 or 1, or no_color (NO_COLOR set): no colours at all (fg = bg = -1);
 * roles the theme colours get attributes that keep states apart
 * (selected reverse, crit bold+underline, warn bold, ...), roles it gives
 * no colour keep their own attributes. A foreground that would equal its
 * background after degrading is replaced so text stays readable. */
void theme_resolve(const Theme *t, int ncolors, bool no_color, ResolvedTheme *out);

/* Directories searched for themes, in order: $XDG_CONFIG_HOME/narvik/themes
 * (or ~/.config/narvik/themes), NARVIK_DATADIR/themes, ./themes. The
 * strings live in buf; dirs is NULL-terminated. */
typedef struct {
	char buf[THEME_DIRS_MAX][512];
	const char *dirs[THEME_DIRS_MAX + 1];
} ThemeDirs;
void theme_dirs_default(ThemeDirs *td);

#endif
