/* Unit tests for tui/theme.c: parsing, errors, shipped themes, degradation. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tui/theme.h"

static const char *const shipped[] = { "default", "light", "high-contrast", "mono" };

static Theme *load_ok(const char *text)
{
	char err[256] = "";
	Theme *t = theme_load_string(text, "t.theme", err, sizeof err);
	if (!t)
		fail_msg("unexpected error: %s", err);
	return t;
}

static void want_error(const char *text, const char *want)
{
	char err[256] = "";
	Theme *t = theme_load_string(text, "t.theme", err, sizeof err);
	if (t) {
		theme_free(t);
		fail_msg("no error for:\n%s", text);
	}
	if (strcmp(err, want) != 0)
		fail_msg("error\n  got:  %s\n  want: %s", err, want);
}

static ThemeRole resolved(const Theme *t, int ncolors, Role r)
{
	ResolvedTheme rt;
	theme_resolve(t, ncolors, false, &rt);
	return rt.role[r];
}

static void test_parse_colour(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		int32_t want;
	} ok[] = {
		{ "default", THEME_DEFAULT }, { "black", 0 }, { "red", 1 }, { "white", 7 },
		{ "bright-black", 8 }, { "bright-red", 9 }, { "Bright-White", 15 },
		{ "color0", 0 }, { "color208", 208 }, { "colour255", 255 }, { "17", 17 },
		{ "#ff0000", THEME_RGB(255, 0, 0) }, { "#00AfFF", THEME_RGB(0, 0xaf, 0xff) },
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		int32_t c = -2;
		if (theme_parse_colour(ok[i].s, &c) != 0)
			fail_msg("'%s' refused", ok[i].s);
		assert_int_equal(c, ok[i].want);
	}
	static const char *const bad[] = {
		"purpel", "256", "color256", "color", "-1", "#ff00f", "#ff00zz", "#ff00000",
		"bright-", "bright-default", "", "12a", "light-red",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int32_t c;
		if (theme_parse_colour(bad[i], &c) == 0)
			fail_msg("'%s' accepted", bad[i]);
	}
}

static void test_shipped_themes_load(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof shipped / sizeof shipped[0]; i++) {
		char path[64], err[256] = "";
		snprintf(path, sizeof path, "themes/%s.theme", shipped[i]);
		Theme *t = theme_load(path, err, sizeof err);
		if (!t)
			fail_msg("%s: %s", path, err);
		assert_string_equal(theme_name(t), shipped[i]);
		assert_true(strlen(theme_description(t)) > 0);
		theme_free(t);
	}
}

static void assert_same_resolved(const Theme *a, const Theme *b, int ncolors, bool no_color)
{
	ResolvedTheme ra, rb;
	theme_resolve(a, ncolors, no_color, &ra);
	theme_resolve(b, ncolors, no_color, &rb);
	assert_int_equal(ra.ncolors, rb.ncolors);
	for (int r = 0; r < ROLE_COUNT; r++) {
		if (ra.role[r].fg != rb.role[r].fg || ra.role[r].bg != rb.role[r].bg ||
		    ra.role[r].attr != rb.role[r].attr)
			fail_msg("role %s differs at %d colours: %d/%d/%d vs %d/%d/%d",
			         role_name((Role)r), ncolors, ra.role[r].fg, ra.role[r].bg,
			         ra.role[r].attr, rb.role[r].fg, rb.role[r].bg, rb.role[r].attr);
	}
}

static void test_builtin_is_default_file(void **state)
{
	(void)state;
	char err[256];
	Theme *b = theme_builtin();
	assert_non_null(b);
	assert_string_equal(theme_name(b), "default");
	Theme *f = theme_load("themes/default.theme", err, sizeof err);
	if (!f)
		fail_msg("%s", err);
	assert_string_equal(theme_description(b), theme_description(f));
	static const int depths[] = { 256, 16, 8, 0 };
	for (size_t i = 0; i < 4; i++)
		assert_same_resolved(b, f, depths[i], false);
	theme_free(b);
	theme_free(f);
}

static void test_mono_theme_matches_no_color(void **state)
{
	(void)state;
	char err[256];
	Theme *m = theme_load("themes/mono.theme", err, sizeof err);
	if (!m)
		fail_msg("%s", err);
	ResolvedTheme rt;
	theme_resolve(m, 256, false, &rt);
	for (int r = 0; r < ROLE_COUNT; r++) {
		assert_int_equal(rt.role[r].fg, -1);
		assert_int_equal(rt.role[r].bg, -1);
	}
	/* The mono file holds the same attributes narvik uses without colour. */
	Theme *b = theme_builtin();
	assert_same_resolved(m, b, 0, false);
	assert_same_resolved(m, b, 256, true);
	theme_free(m);
	theme_free(b);
}

static void test_high_contrast_bright(void **state)
{
	(void)state;
	char err[256];
	Theme *t = theme_load("themes/high-contrast.theme", err, sizeof err);
	if (!t)
		fail_msg("%s", err);
	ResolvedTheme rt;
	theme_resolve(t, 16, false, &rt);
	for (int r = 0; r < ROLE_COUNT; r++) {
		const ThemeRole *o = &rt.role[r];
		if (o->fg < 0 || o->bg < 0)
			fail_msg("role %s leaves a colour to the terminal", role_name((Role)r));
		/* White or bright on black, or black or bright white on colour. */
		bool on_black = o->bg == 0 && o->fg >= 7;
		bool on_colour = o->bg != 0 && (o->fg == 0 || o->fg == 15);
		if (!on_black && !on_colour)
			fail_msg("role %s is %d on %d", role_name((Role)r), o->fg, o->bg);
	}
	theme_free(t);
}

static void test_degrade_rgb(void **state)
{
	(void)state;
	Theme *t = load_ok("[colors]\nok = #ff0000\nwarn = #808080 on #00005f\n"
	                   "crit = color208\ninfo = color250\n");
	assert_int_equal(resolved(t, 256, ROLE_OK).fg, 196);
	assert_int_equal(resolved(t, 16, ROLE_OK).fg, 9);
	ThemeRole r8 = resolved(t, 8, ROLE_OK);
	assert_int_equal(r8.fg, 1);
	assert_true(r8.attr & CELL_BOLD);
	assert_false(resolved(t, 16, ROLE_OK).attr & CELL_BOLD);

	assert_int_equal(resolved(t, 256, ROLE_WARN).fg, 244);
	assert_int_equal(resolved(t, 256, ROLE_WARN).bg, 17);
	assert_int_equal(resolved(t, 256, ROLE_CRIT).fg, 208);
	assert_int_equal(resolved(t, 16, ROLE_CRIT).fg, 3);
	assert_int_equal(resolved(t, 16, ROLE_INFO).fg, 7);
	/* More than 256 colours (direct colour) keeps the 256 mapping. */
	assert_int_equal(resolved(t, 1 << 24, ROLE_OK).fg, 196);
	/* 88 colours: treated as 16. */
	assert_int_equal(resolved(t, 88, ROLE_OK).fg, 9);
	theme_free(t);
}

static void test_degrade_8(void **state)
{
	(void)state;
	Theme *t = load_ok("[colors]\nok = bright-blue\nwarn = black on bright-cyan\n"
	                   "crit = bright-white on white\ninfo = default on red\n");
	ThemeRole ok = resolved(t, 8, ROLE_OK);
	assert_int_equal(ok.fg, 4);
	assert_int_equal(ok.bg, -1);
	assert_true(ok.attr & CELL_BOLD);
	ThemeRole warn = resolved(t, 8, ROLE_WARN);
	assert_int_equal(warn.fg, 0);
	assert_int_equal(warn.bg, 6);
	assert_false(warn.attr & CELL_BOLD);
	/* bright-white on white would vanish at 8 colours: the text changes. */
	ThemeRole crit = resolved(t, 8, ROLE_CRIT);
	assert_int_equal(crit.bg, 7);
	assert_int_not_equal(crit.fg, crit.bg);
	assert_int_equal(resolved(t, 16, ROLE_CRIT).fg, 15);
	ThemeRole info = resolved(t, 8, ROLE_INFO);
	assert_int_equal(info.fg, -1);
	assert_int_equal(info.bg, 1);
	theme_free(t);
}

static void test_no_color_distinct(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof shipped / sizeof shipped[0]; i++) {
		char path[64], err[256];
		snprintf(path, sizeof path, "themes/%s.theme", shipped[i]);
		Theme *t = theme_load(path, err, sizeof err);
		if (!t)
			fail_msg("%s: %s", path, err);
		static const int cases[][2] = { { 256, 1 }, { 0, 0 }, { 1, 0 }, { 2, 0 } };
		for (size_t c = 0; c < 4; c++) {
			ResolvedTheme rt;
			theme_resolve(t, cases[c][0], cases[c][1], &rt);
			assert_int_equal(rt.ncolors, 0);
			for (int r = 0; r < ROLE_COUNT; r++) {
				assert_int_equal(rt.role[r].fg, -1);
				assert_int_equal(rt.role[r].bg, -1);
			}
			const Role must[] = { ROLE_OK, ROLE_WARN, ROLE_CRIT, ROLE_SELECTED,
			                      ROLE_MARKED, ROLE_STALE };
			size_t nm = sizeof must / sizeof must[0];
			for (size_t a = 0; a < nm; a++)
				for (size_t b = a + 1; b < nm; b++)
					if (rt.role[must[a]].attr == rt.role[must[b]].attr)
						fail_msg("%s: %s and %s look the same without colour",
						         shipped[i], role_name(must[a]), role_name(must[b]));
			assert_int_equal(rt.role[ROLE_SELECTED].attr, CELL_REVERSE);
			assert_int_equal(rt.role[ROLE_CRIT].attr, CELL_BOLD | CELL_UNDERLINE);
			assert_int_equal(rt.role[ROLE_WARN].attr, CELL_BOLD);
			assert_int_equal(rt.role[ROLE_DIM].attr, CELL_DIM);
		}
		theme_free(t);
	}
}

static void test_attrs_and_fallback(void **state)
{
	(void)state;
	Theme *t = load_ok("\xEF\xBB\xBF# comment\n; another\n[theme]\n  name = mine\n"
	                   "[colors]\n  ok = Blue  \nwarn = bold underline\n"
	                   "crit = on red reverse dim\n");
	assert_string_equal(theme_name(t), "mine");
	ThemeRole ok = resolved(t, 256, ROLE_OK);
	assert_int_equal(ok.fg, 4);
	assert_int_equal(ok.attr, 0);
	ThemeRole warn = resolved(t, 256, ROLE_WARN);
	assert_int_equal(warn.fg, -1);
	assert_int_equal(warn.attr, CELL_BOLD | CELL_UNDERLINE);
	ThemeRole crit = resolved(t, 256, ROLE_CRIT);
	assert_int_equal(crit.fg, -1);
	assert_int_equal(crit.bg, 1);
	assert_int_equal(crit.attr, CELL_REVERSE | CELL_DIM);
	/* Everything else comes from the built-in theme. */
	Theme *b = theme_builtin();
	ResolvedTheme rt, rb;
	theme_resolve(t, 256, false, &rt);
	theme_resolve(b, 256, false, &rb);
	for (int r = 0; r < ROLE_COUNT; r++) {
		if (r == ROLE_OK || r == ROLE_WARN || r == ROLE_CRIT)
			continue;
		assert_int_equal(rt.role[r].fg, rb.role[r].fg);
		assert_int_equal(rt.role[r].bg, rb.role[r].bg);
		assert_int_equal(rt.role[r].attr, rb.role[r].attr);
	}
	theme_free(b);
	theme_free(t);
}

static void test_errors(void **state)
{
	(void)state;
	want_error("[colors]\nnormal = default\nok = purpel\n",
	           "t.theme:3: unknown colour 'purpel' for role 'ok'");
	want_error("[colors]\nok = green on purpel\n",
	           "t.theme:2: unknown colour 'purpel' for role 'ok'");
	want_error("[colors]\nokk = green\n", "t.theme:2: unknown role 'okk' (did you mean 'ok'?)");
	want_error("[colors]\nfrobnicate = green\n", "t.theme:2: unknown role 'frobnicate'");
	want_error("[colors]\nok = green blink\n",
	           "t.theme:2: unknown attribute 'blink' for role 'ok' "
	           "(bold, reverse, underline or dim)");
	want_error("[colors]\nok = green yellow\n",
	           "t.theme:2: colour 'yellow' out of place for role 'ok' "
	           "(write FG [on BG] [bold] [reverse] [underline] [dim])");
	want_error("[colors]\nok = green on\n",
	           "t.theme:2: 'on' needs a background colour for role 'ok'");
	want_error("[colors]\nok = green on red on blue\n",
	           "t.theme:2: role 'ok' has two backgrounds");
	want_error("[colors]\nok =\n", "t.theme:2: no colour for role 'ok'");
	want_error("[colors]\nok = red\n\nok = blue\n",
	           "t.theme:4: role 'ok' given twice (first at line 2)");
	want_error("[colours]\nok = red\n[palette]\n",
	           "t.theme:3: unknown section [palette] (a theme has [theme] and [colors])");
	want_error("ok = red\n",
	           "t.theme:1: 'ok' is outside any section (put it under [theme] or [colors])");
	want_error("[theme]\nauthor = me\n",
	           "t.theme:2: unknown key 'author' in [theme] (name or description)");
	want_error("[theme]\nname = a\nname = b\n", "t.theme:3: 'name' given twice (first at line 2)");
	want_error("[theme]\nname = a/b\n",
	           "t.theme:2: bad theme name 'a/b' (1 to 31 characters, no '/')");
	want_error("[colors]\nok = red\njust words\n",
	           "t.theme:3: expected 'ROLE = COLOUR', 'key = value' or '[section]'");
	want_error("[colors\nok = red\n", "t.theme:1: section header without ']'");
	char longline[400];
	snprintf(longline, sizeof longline, "[colors]\nok = red %0300d\n", 0);
	want_error(longline, "t.theme:2: line too long (at most 198 characters)");
}

static void test_load_file(void **state)
{
	(void)state;
	char dir[] = "/tmp/narvik-theme-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[128], err[256];
	snprintf(path, sizeof path, "%s/ocean.theme", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("[colors]\naccent = #0087ff\n", f);
	fclose(f);

	Theme *t = theme_load(path, err, sizeof err);
	if (!t)
		fail_msg("%s", err);
	assert_string_equal(theme_name(t), "ocean");
	assert_int_equal(resolved(t, 256, ROLE_ACCENT).fg, 33);
	theme_free(t);

	const char *dirs[] = { "/nonexistent-narvik", dir, "themes", NULL };
	t = theme_find("ocean", dirs, err, sizeof err);
	if (!t)
		fail_msg("%s", err);
	assert_string_equal(theme_name(t), "ocean");
	theme_free(t);
	t = theme_find("light", dirs, err, sizeof err);
	if (!t)
		fail_msg("%s", err);
	assert_string_equal(theme_name(t), "light");
	theme_free(t);

	assert_null(theme_find("nope", dirs, err, sizeof err));
	assert_string_equal(err, "theme 'nope' not found "
	                    "(themes: default, high-contrast, light, mono, ocean)");
	assert_null(theme_find("../etc/passwd", dirs, err, sizeof err));
	assert_non_null(strstr(err, "bad theme name"));

	/* A broken file names its own path and line. */
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("[colors]\n\naccent = #0087fg\n", f);
	fclose(f);
	assert_null(theme_find("ocean", dirs, err, sizeof err));
	char want[256];
	snprintf(want, sizeof want, "%s:3: unknown colour '#0087fg' for role 'accent'", path);
	assert_string_equal(err, want);

	char names[8][THEME_NAME_MAX];
	int n = theme_list(dirs, names, 8);
	assert_int_equal(n, 5);
	assert_string_equal(names[0], "default");
	assert_string_equal(names[1], "high-contrast");
	assert_string_equal(names[4], "ocean");

	unlink(path);
	rmdir(dir);

	snprintf(path, sizeof path, "%s/missing.theme", dir);
	assert_null(theme_load(path, err, sizeof err));
	assert_non_null(strstr(err, "missing.theme: No such file"));
}

static void test_find_default_without_files(void **state)
{
	(void)state;
	char err[256];
	const char *none[] = { "/nonexistent-narvik", NULL };
	Theme *t = theme_find("default", none, err, sizeof err);
	assert_non_null(t);
	assert_string_equal(theme_name(t), "default");
	theme_free(t);
	t = theme_find("default", NULL, err, sizeof err);
	assert_non_null(t);
	theme_free(t);
	char names[4][THEME_NAME_MAX];
	assert_int_equal(theme_list(none, names, 4), 1);
	assert_string_equal(names[0], "default");
}

static void test_set_role_and_copy(void **state)
{
	(void)state;
	char err[256];
	Theme *t = theme_builtin();
	assert_int_equal(theme_set_role(t, ROLE_ACCENT, "#ff8700 bold", err, sizeof err), 0);
	Theme *c = theme_copy(t);
	assert_non_null(c);
	ThemeRole a = resolved(c, 256, ROLE_ACCENT);
	assert_int_equal(a.fg, 208);
	assert_int_equal(a.attr, CELL_BOLD);
	assert_int_equal(theme_set_role(t, ROLE_ACCENT, "orange", err, sizeof err), -1);
	assert_string_equal(err, "unknown colour 'orange' for role 'accent'");
	assert_int_equal(theme_set_role(t, ROLE_COUNT, "red", err, sizeof err), -1);
	theme_free(c);
	theme_free(t);
}

static void test_dirs_default(void **state)
{
	(void)state;
	ThemeDirs td;
	setenv("XDG_CONFIG_HOME", "/xdg", 1);
	theme_dirs_default(&td);
	assert_string_equal(td.dirs[0], "/xdg/narvik/themes");
	assert_non_null(strstr(td.dirs[1], "/share/narvik/themes"));
	assert_string_equal(td.dirs[2], "themes");
	assert_null(td.dirs[3]);
	unsetenv("XDG_CONFIG_HOME");
	setenv("HOME", "/home/op", 1);
	theme_dirs_default(&td);
	assert_string_equal(td.dirs[0], "/home/op/.config/narvik/themes");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_colour),
		cmocka_unit_test(test_shipped_themes_load),
		cmocka_unit_test(test_builtin_is_default_file),
		cmocka_unit_test(test_mono_theme_matches_no_color),
		cmocka_unit_test(test_high_contrast_bright),
		cmocka_unit_test(test_degrade_rgb),
		cmocka_unit_test(test_degrade_8),
		cmocka_unit_test(test_no_color_distinct),
		cmocka_unit_test(test_attrs_and_fallback),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_load_file),
		cmocka_unit_test(test_find_default_without_files),
		cmocka_unit_test(test_set_role_and_copy),
		cmocka_unit_test(test_dirs_default),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
