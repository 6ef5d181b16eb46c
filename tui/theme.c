/* Themes: files that map colour roles to colours, degraded to the terminal. */
#include "tui/theme.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/lines.h"
#include "util/text.h"

#ifndef NARVIK_DATADIR
#define NARVIK_DATADIR "/usr/local/share/narvik"
#endif

#define THEME_FILE_MAX (256 * 1024) /* a theme file is a few lines */
#define THEME_DESC_MAX 128

typedef struct {
	int32_t fg, bg;  /* THEME_DEFAULT, 0..255 or THEME_RGB() */
	uint8_t attr;    /* CELL_* */
} ThemeSpec;

struct Theme {
	char name[THEME_NAME_MAX];
	char description[THEME_DESC_MAX];
	ThemeSpec role[ROLE_COUNT];
};

/* The built-in theme: the same text as themes/default.theme. */
static const char theme_builtin_text[] =
	"[theme]\n"
	"name = default\n"
	"description = Dark background; the built-in look\n"
	"[colors]\n"
	"normal = default\n"
	"dim = bright-black\n"
	"title = bright-white bold\n"
	"border = color240\n"
	"header = bright-cyan bold\n"
	"selected = black on cyan\n"
	"marked = bright-magenta bold\n"
	"status = white on color236\n"
	"status_site = black on cyan bold\n"
	"status_ro = black on yellow bold\n"
	"tab = white on color236\n"
	"tab_active = black on cyan bold\n"
	"key = bright-yellow bold\n"
	"input = bright-white\n"
	"ok = green\n"
	"info = cyan\n"
	"warn = bright-yellow\n"
	"crit = bright-red bold\n"
	"unknown = bright-black\n"
	"stale = magenta\n"
	"heat0 = color21\n"
	"heat1 = color44\n"
	"heat2 = color40\n"
	"heat3 = color220\n"
	"heat4 = color208\n"
	"heat5 = color196\n"
	"chart_draw = bright-yellow\n"
	"chart_supply = bright-cyan\n"
	"chart_axis = bright-black\n"
	"accent = bright-cyan\n";

/* Attributes for roles shown without colour (the same as themes/mono.theme):
 * every state an engineer must tell apart looks different. */
static const uint8_t theme_mono_attr[ROLE_COUNT] = {
	[ROLE_DIM] = CELL_DIM,
	[ROLE_TITLE] = CELL_BOLD,
	[ROLE_HEADER] = CELL_BOLD,
	[ROLE_SELECTED] = CELL_REVERSE,
	[ROLE_MARKED] = CELL_UNDERLINE,
	[ROLE_STATUS] = CELL_REVERSE,
	[ROLE_STATUS_SITE] = CELL_REVERSE | CELL_BOLD,
	[ROLE_STATUS_RO] = CELL_BOLD,
	[ROLE_TAB_ACTIVE] = CELL_REVERSE | CELL_BOLD,
	[ROLE_KEY] = CELL_BOLD,
	[ROLE_WARN] = CELL_BOLD,
	[ROLE_CRIT] = CELL_BOLD | CELL_UNDERLINE,
	[ROLE_UNKNOWN] = CELL_DIM,
	[ROLE_STALE] = CELL_DIM,
	[ROLE_HEAT0] = CELL_DIM,
	[ROLE_HEAT1] = CELL_DIM,
	[ROLE_HEAT4] = CELL_BOLD,
	[ROLE_HEAT5] = CELL_BOLD | CELL_REVERSE,
	[ROLE_CHART_DRAW] = CELL_BOLD,
	[ROLE_CHART_AXIS] = CELL_DIM,
	[ROLE_ACCENT] = CELL_BOLD,
};

static const char *const theme_hues[8] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

static const struct {
	const char *name;
	uint8_t bit;
} theme_attrs[] = {
	{ "bold", CELL_BOLD },
	{ "reverse", CELL_REVERSE },
	{ "underline", CELL_UNDERLINE },
	{ "dim", CELL_DIM },
};

/* xterm's default RGB for the 16 ANSI colours. */
static const uint8_t theme_ansi_rgb[16][3] = {
	{ 0, 0, 0 }, { 205, 0, 0 }, { 0, 205, 0 }, { 205, 205, 0 },
	{ 0, 0, 238 }, { 205, 0, 205 }, { 0, 205, 205 }, { 229, 229, 229 },
	{ 127, 127, 127 }, { 255, 0, 0 }, { 0, 255, 0 }, { 255, 255, 0 },
	{ 92, 92, 255 }, { 255, 0, 255 }, { 0, 255, 255 }, { 255, 255, 255 },
};

static const uint8_t theme_cube_level[6] = { 0, 95, 135, 175, 215, 255 };

/* ---- colours ---------------------------------------------------------- */

static bool theme_parse_number(const char *s, long lo, long hi, long *out)
{
	if (!isdigit((unsigned char)*s))
		return false;
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (*end || errno || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

int theme_parse_colour(const char *s, int32_t *out)
{
	if (!s)
		return -1;
	if (strcasecmp(s, "default") == 0) {
		*out = THEME_DEFAULT;
		return 0;
	}
	long v;
	size_t pre = strncasecmp(s, "colour", 6) == 0 ? 6 : strncasecmp(s, "color", 5) == 0 ? 5 : 0;
	if (theme_parse_number(s + pre, 0, 255, &v)) {
		*out = (int32_t)v;
		return 0;
	}
	if (s[0] == '#' && strlen(s) == 7) {
		for (int i = 1; i < 7; i++)
			if (!isxdigit((unsigned char)s[i]))
				return -1;
		*out = THEME_RGB_FLAG | (int32_t)strtol(s + 1, NULL, 16);
		return 0;
	}
	int base = 0;
	if (strncasecmp(s, "bright-", 7) == 0) {
		base = 8;
		s += 7;
	}
	for (int i = 0; i < 8; i++)
		if (strcasecmp(s, theme_hues[i]) == 0) {
			*out = base + i;
			return 0;
		}
	return -1;
}

static void theme_rgb_of(int32_t c, int rgb[3])
{
	if (c & THEME_RGB_FLAG) {
		rgb[0] = (c >> 16) & 0xff;
		rgb[1] = (c >> 8) & 0xff;
		rgb[2] = c & 0xff;
	} else if (c < 16) {
		for (int i = 0; i < 3; i++)
			rgb[i] = theme_ansi_rgb[c][i];
	} else if (c < 232) {
		c -= 16;
		rgb[0] = theme_cube_level[c / 36];
		rgb[1] = theme_cube_level[c / 6 % 6];
		rgb[2] = theme_cube_level[c % 6];
	} else {
		rgb[0] = rgb[1] = rgb[2] = 8 + 10 * (c - 232);
	}
}

static long theme_dist(const int a[3], const int b[3])
{
	long d = 0;
	for (int i = 0; i < 3; i++)
		d += (long)(a[i] - b[i]) * (a[i] - b[i]);
	return d;
}

/* Nearest xterm-256 index among the colour cube and the grey ramp (not
 * 0-15, whose RGB the user may have changed). */
static int theme_rgb_to_256(const int rgb[3])
{
	int lvl[3];
	for (int i = 0; i < 3; i++) {
		int best = 0;
		for (int l = 1; l < 6; l++)
			if (abs(rgb[i] - theme_cube_level[l]) < abs(rgb[i] - theme_cube_level[best]))
				best = l;
		lvl[i] = best;
	}
	int cube = 16 + 36 * lvl[0] + 6 * lvl[1] + lvl[2];
	int avg = (rgb[0] + rgb[1] + rgb[2]) / 3;
	int g = avg < 8 ? 0 : (avg - 8 + 5) / 10;
	if (g > 23)
		g = 23;
	int cube_rgb[3], grey_rgb[3];
	theme_rgb_of(cube, cube_rgb);
	theme_rgb_of(232 + g, grey_rgb);
	return theme_dist(rgb, grey_rgb) < theme_dist(rgb, cube_rgb) ? 232 + g : cube;
}

static int theme_to_16(int32_t c)
{
	if (!(c & THEME_RGB_FLAG) && c < 16)
		return c;
	int rgb[3], best = 0;
	long bestd = -1;
	theme_rgb_of(c, rgb);
	for (int i = 0; i < 16; i++) {
		int a[3] = { theme_ansi_rgb[i][0], theme_ansi_rgb[i][1], theme_ansi_rgb[i][2] };
		long d = theme_dist(rgb, a);
		if (bestd < 0 || d < bestd) {
			bestd = d;
			best = i;
		}
	}
	return best;
}

/* One colour for a terminal with ncolors (8, 16 or 256); *bright is set
 * when an 8-colour terminal lost the brightness. */
static int theme_degrade(int32_t c, int ncolors, bool *bright)
{
	*bright = false;
	if (c == THEME_DEFAULT)
		return -1;
	if (ncolors >= 256) {
		if (c & THEME_RGB_FLAG) {
			int rgb[3];
			theme_rgb_of(c, rgb);
			return theme_rgb_to_256(rgb);
		}
		return c;
	}
	int c16 = theme_to_16(c);
	if (ncolors >= 16)
		return c16;
	if (c16 >= 8) {
		*bright = true;
		return c16 - 8;
	}
	return c16;
}

/* A foreground that reads on bg (both indices below ncolors). */
static int theme_contrast(int bg, int ncolors)
{
	int rgb[3];
	theme_rgb_of(bg, rgb);
	bool light = rgb[0] * 299 + rgb[1] * 587 + rgb[2] * 114 > 128000;
	if (light)
		return 0;
	return ncolors >= 16 ? 15 : 7;
}

void theme_resolve(const Theme *t, int ncolors, bool no_color, ResolvedTheme *out)
{
	bool mono = no_color || ncolors < 8;
	int n = mono ? 0 : ncolors >= 256 ? 256 : ncolors >= 16 ? 16 : 8;
	out->ncolors = n;
	for (int r = 0; r < ROLE_COUNT; r++) {
		const ThemeSpec *s = &t->role[r];
		ThemeRole *o = &out->role[r];
		if (mono) {
			bool coloured = s->fg != THEME_DEFAULT || s->bg != THEME_DEFAULT;
			*o = (ThemeRole){ .fg = -1, .bg = -1,
			                  .attr = coloured ? theme_mono_attr[r] : s->attr };
			continue;
		}
		bool fg_bright, bg_bright;
		int fg = theme_degrade(s->fg, n, &fg_bright);
		int bg = theme_degrade(s->bg, n, &bg_bright);
		uint8_t attr = s->attr;
		if (fg_bright)
			attr |= CELL_BOLD;
		if (fg >= 0 && fg == bg)
			fg = theme_contrast(bg, n);
		*o = (ThemeRole){ .fg = (int16_t)fg, .bg = (int16_t)bg, .attr = attr };
	}
}

/* ---- role specs ------------------------------------------------------- */

/* Parse "FG [on BG] [attr...]" for role into *spec; -1 with a message
 * (without position: the caller prefixes "FILE:LINE: "). */
static int theme_parse_spec(const char *value, const char *role, ThemeSpec *spec,
                            char *err, size_t errlen)
{
	char buf[256], q[64];
	if (strlen(value) >= sizeof buf) {
		snprintf(err, errlen, "value for role '%s' is too long", role);
		return -1;
	}
	strcpy(buf, value);
	ThemeSpec s = { THEME_DEFAULT, THEME_DEFAULT, 0 };
	int ncolours = 0; /* 0: expecting FG, 1: got FG, 2: got BG */
	char *save = NULL;
	for (char *w = strtok_r(buf, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		text_sanitize(q, sizeof q, w);
		bool attr = false;
		for (size_t i = 0; i < sizeof theme_attrs / sizeof theme_attrs[0]; i++)
			if (strcasecmp(w, theme_attrs[i].name) == 0) {
				s.attr |= theme_attrs[i].bit;
				attr = true;
			}
		if (attr)
			continue;
		if (strcasecmp(w, "on") == 0) {
			char *bg = strtok_r(NULL, " \t", &save);
			if (ncolours == 2) {
				snprintf(err, errlen, "role '%s' has two backgrounds", role);
				return -1;
			}
			if (!bg) {
				snprintf(err, errlen, "'on' needs a background colour for role '%s'", role);
				return -1;
			}
			if (theme_parse_colour(bg, &s.bg) != 0) {
				text_sanitize(q, sizeof q, bg);
				snprintf(err, errlen, "unknown colour '%s' for role '%s'", q, role);
				return -1;
			}
			ncolours = 2;
			continue;
		}
		int32_t c;
		if (ncolours == 0 && s.attr == 0 && theme_parse_colour(w, &c) == 0) {
			s.fg = c;
			ncolours = 1;
		} else if (ncolours == 0 && s.attr == 0) {
			snprintf(err, errlen, "unknown colour '%s' for role '%s'", q, role);
			return -1;
		} else if (theme_parse_colour(w, &c) == 0) {
			snprintf(err, errlen, "colour '%s' out of place for role '%s' "
			         "(write FG [on BG] [bold] [reverse] [underline] [dim])", q, role);
			return -1;
		} else {
			snprintf(err, errlen, "unknown attribute '%s' for role '%s' "
			         "(bold, reverse, underline or dim)", q, role);
			return -1;
		}
	}
	if (ncolours == 0 && s.attr == 0) {
		snprintf(err, errlen, "no colour for role '%s'", role);
		return -1;
	}
	*spec = s;
	return 0;
}

int theme_set_role(Theme *t, Role role, const char *spec, char *err, size_t errlen)
{
	if ((unsigned)role >= ROLE_COUNT || !spec) {
		snprintf(err, errlen, "no such role");
		return -1;
	}
	return theme_parse_spec(spec, role_name(role), &t->role[role], err, errlen);
}

/* ---- files ------------------------------------------------------------ */

typedef struct {
	const char *text;
	size_t pos, len;
	const char *label;
	int line;              /* line just handed to inih */
	int section;           /* 0 none, 1 [theme], 2 [colors] */
	Theme *t;
	int role_line[ROLE_COUNT];
	int name_line, desc_line;
	char *err;
	size_t errlen;
	int fail_line;         /* line of the first error; 0 = none */
} ThemeParse;

static void theme_fail(ThemeParse *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void theme_fail(ThemeParse *p, const char *fmt, ...)
{
	if (p->fail_line)
		return;
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(p->err, p->errlen, "%s:%d: %s", p->label, p->line, msg);
	p->fail_line = p->line;
}

/* fgets for inih over the text, counting lines and reading section
 * headers; stops after the first error. */
static char *theme_reader(char *str, int num, void *stream)
{
	ThemeParse *p = stream;
	if (p->fail_line || num < 2)
		return NULL;
	size_t n;
	const char *s = lines_next(p->text, p->len, &p->pos, &p->line, &n);
	if (!s)
		return NULL;
	if (n >= (size_t)num - 1) {
		theme_fail(p, "line too long (at most %d characters)", num - 2);
		return NULL;
	}
	memcpy(str, s, n);
	str[n] = '\0';
	if (str[0] == '[') {
		char *end = strchr(str, ']');
		char name[64];
		if (!end) {
			theme_fail(p, "section header without ']'");
			return NULL;
		}
		text_sanitize_n(name, sizeof name, str + 1, (size_t)(end - str - 1));
		if (strcmp(name, "theme") == 0)
			p->section = 1;
		else if (strcmp(name, "colors") == 0 || strcmp(name, "colours") == 0)
			p->section = 2;
		else {
			theme_fail(p, "unknown section [%s] (a theme has [theme] and [colors])", name);
			return NULL;
		}
	}
	return str;
}

/* Edit distance small enough to suggest b for a. */
static bool theme_near(const char *a, const char *b)
{
	return text_distance(a, b) <= 2;
}

static int theme_handler(void *user, const char *section, const char *key, const char *value)
{
	(void)section; /* the reader tracks sections itself */
	ThemeParse *p = user;
	char q[64], msg[200];
	if (p->fail_line)
		return 0;
	text_sanitize(q, sizeof q, key);
	if (p->section == 0) {
		theme_fail(p, "'%s' is outside any section (put it under [theme] or [colors])", q);
		return 0;
	}
	if (p->section == 1) {
		int *seen = strcmp(key, "name") == 0 ? &p->name_line
		          : strcmp(key, "description") == 0 ? &p->desc_line : NULL;
		if (!seen) {
			theme_fail(p, "unknown key '%s' in [theme] (name or description)", q);
			return 0;
		}
		if (*seen) {
			theme_fail(p, "'%s' given twice (first at line %d)", q, *seen);
			return 0;
		}
		*seen = p->line;
		if (seen == &p->desc_line) {
			text_sanitize(p->t->description, sizeof p->t->description, value);
			return 1;
		}
		if (!*value || strlen(value) >= THEME_NAME_MAX || strchr(value, '/') ||
		    !text_is_clean(value)) {
			text_sanitize(msg, sizeof msg, value);
			theme_fail(p, "bad theme name '%s' (1 to %d characters, no '/')", msg,
			           THEME_NAME_MAX - 1);
			return 0;
		}
		snprintf(p->t->name, sizeof p->t->name, "%s", value);
		return 1;
	}
	int r = role_from_name(key);
	if (r < 0) {
		const char *near = NULL;
		for (int i = 0; i < ROLE_COUNT && !near; i++)
			if (theme_near(key, role_name((Role)i)))
				near = role_name((Role)i);
		if (near)
			theme_fail(p, "unknown role '%s' (did you mean '%s'?)", q, near);
		else
			theme_fail(p, "unknown role '%s'", q);
		return 0;
	}
	if (p->role_line[r]) {
		theme_fail(p, "role '%s' given twice (first at line %d)", q, p->role_line[r]);
		return 0;
	}
	p->role_line[r] = p->line;
	if (theme_parse_spec(value, key, &p->t->role[r], msg, sizeof msg) != 0) {
		theme_fail(p, "%s", msg);
		return 0;
	}
	return 1;
}

/* Parse text over base (a copy of it, or all-default when NULL). With
 * need_all every role must be given. */
static Theme *theme_parse(const char *text, size_t len, const char *label, const Theme *base,
                          bool need_all, char *err, size_t errlen)
{
	Theme *t = calloc(1, sizeof *t);
	if (!t) {
		snprintf(err, errlen, "%s: out of memory", label);
		return NULL;
	}
	if (base) {
		*t = *base;
		t->description[0] = '\0';
	} else {
		for (int r = 0; r < ROLE_COUNT; r++)
			t->role[r] = (ThemeSpec){ THEME_DEFAULT, THEME_DEFAULT, 0 };
	}
	/* The name defaults to the file name without directory and .theme. */
	const char *slash = strrchr(label, '/');
	const char *bn = slash ? slash + 1 : label;
	size_t bl = strlen(bn);
	if (bl > 6 && strcmp(bn + bl - 6, ".theme") == 0)
		bl -= 6;
	if (bl >= THEME_NAME_MAX)
		bl = THEME_NAME_MAX - 1;
	snprintf(t->name, sizeof t->name, "%.*s", (int)bl, bn);

	ThemeParse p = { .text = text, .len = len, .label = label, .t = t,
	                 .err = err, .errlen = errlen };
	int rc = ini_parse_stream(theme_reader, &p, theme_handler, &p);
	if (rc > 0 && (!p.fail_line || rc < p.fail_line)) {
		snprintf(err, errlen, "%s:%d: expected 'ROLE = COLOUR', 'key = value' or '[section]'",
		         label, rc);
		p.fail_line = rc;
	} else if (rc < 0 && !p.fail_line) {
		snprintf(err, errlen, "%s: cannot parse (%d)", label, rc);
		p.fail_line = -1;
	}
	for (int r = 0; need_all && !p.fail_line && r < ROLE_COUNT; r++)
		if (!p.role_line[r]) {
			snprintf(err, errlen, "%s: role '%s' is missing", label, role_name((Role)r));
			p.fail_line = -1;
		}
	if (p.fail_line) {
		free(t);
		return NULL;
	}
	return t;
}

Theme *theme_builtin(void)
{
	char err[256];
	return theme_parse(theme_builtin_text, sizeof theme_builtin_text - 1, "(built-in)",
	                   NULL, true, err, sizeof err);
}

Theme *theme_load_string(const char *text, const char *label, char *err, size_t errlen)
{
	Theme *base = theme_builtin();
	if (!base) {
		snprintf(err, errlen, "%s: out of memory", label);
		return NULL;
	}
	Theme *t = theme_parse(text, strlen(text), label, base, false, err, errlen);
	free(base);
	return t;
}

Theme *theme_load(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	char *buf = malloc(THEME_FILE_MAX + 1);
	size_t n = buf ? fread(buf, 1, THEME_FILE_MAX + 1, f) : 0;
	bool bad = !buf || ferror(f);
	fclose(f);
	if (bad || n > THEME_FILE_MAX) {
		snprintf(err, errlen, "%s: %s", path, !buf ? "out of memory"
		         : n > THEME_FILE_MAX ? "too large for a theme" : "read error");
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	if (memchr(buf, '\0', n)) {
		snprintf(err, errlen, "%s: not a text file", path);
		free(buf);
		return NULL;
	}
	Theme *base = theme_builtin();
	Theme *t = base ? theme_parse(buf, n, path, base, false, err, errlen) : NULL;
	if (!base)
		snprintf(err, errlen, "%s: out of memory", path);
	free(base);
	free(buf);
	return t;
}

Theme *theme_copy(const Theme *t)
{
	Theme *c = malloc(sizeof *c);
	if (c)
		*c = *t;
	return c;
}

void theme_free(Theme *t)
{
	free(t);
}

const char *theme_name(const Theme *t)
{
	return t->name;
}

const char *theme_description(const Theme *t)
{
	return t->description;
}

/* ---- finding themes --------------------------------------------------- */

static bool theme_name_ok(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || n >= THEME_NAME_MAX || name[0] == '.')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)name[i]) && !strchr("._-", name[i]))
			return false;
	return true;
}

static int theme_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

int theme_list(const char *const *dirs, char names[][THEME_NAME_MAX], int max)
{
	int n = 0;
	if (max > 0)
		snprintf(names[n++], THEME_NAME_MAX, "default");
	for (int d = 0; dirs && dirs[d]; d++) {
		DIR *dir = opendir(dirs[d]);
		if (!dir)
			continue;
		struct dirent *e;
		while ((e = readdir(dir)) != NULL && n < max) {
			size_t l = strlen(e->d_name);
			if (l <= 6 || strcmp(e->d_name + l - 6, ".theme") != 0 || l - 6 >= THEME_NAME_MAX)
				continue;
			char name[THEME_NAME_MAX];
			snprintf(name, sizeof name, "%.*s", (int)(l - 6), e->d_name);
			if (!theme_name_ok(name))
				continue;
			bool dup = false;
			for (int i = 0; i < n && !dup; i++)
				dup = strcmp(names[i], name) == 0;
			if (!dup)
				memcpy(names[n++], name, sizeof name);
		}
		closedir(dir);
	}
	qsort(names, (size_t)n, THEME_NAME_MAX, theme_cmp);
	return n;
}

Theme *theme_find(const char *name, const char *const *dirs, char *err, size_t errlen)
{
	char q[64];
	text_sanitize(q, sizeof q, name ? name : "");
	if (!name || !theme_name_ok(name)) {
		snprintf(err, errlen, "bad theme name '%s' (letters, digits, '.', '_' and '-')", q);
		return NULL;
	}
	char path[1024];
	for (int d = 0; dirs && dirs[d]; d++) {
		snprintf(path, sizeof path, "%s/%s.theme", dirs[d], name);
		if (access(path, F_OK) == 0)
			return theme_load(path, err, errlen);
	}
	if (strcmp(name, "default") == 0)
		return theme_builtin();
	char names[32][THEME_NAME_MAX], have[512] = "";
	int n = theme_list(dirs, names, 32);
	for (int i = 0; i < n; i++) {
		size_t l = strlen(have);
		snprintf(have + l, sizeof have - l, "%s%s", i ? ", " : "", names[i]);
	}
	snprintf(err, errlen, "theme '%s' not found (themes: %s)", q, have);
	return NULL;
}

void theme_dirs_default(ThemeDirs *td)
{
	int n = 0;
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	if (xdg && xdg[0] == '/')
		snprintf(td->buf[n++], sizeof td->buf[0], "%s/narvik/themes", xdg);
	else if (home && *home)
		snprintf(td->buf[n++], sizeof td->buf[0], "%s/.config/narvik/themes", home);
	snprintf(td->buf[n++], sizeof td->buf[0], "%s/themes", NARVIK_DATADIR);
	snprintf(td->buf[n++], sizeof td->buf[0], "themes");
	for (int i = 0; i < n; i++)
		td->dirs[i] = td->buf[i];
	td->dirs[n] = NULL;
}
