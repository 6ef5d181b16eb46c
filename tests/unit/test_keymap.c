/* Unit tests for tui/keymap.c: defaults, rebinding, key names. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <curses.h>
#include <string.h>

#include "tui/keymap.h"

static void test_defaults_reachable(void **state)
{
	(void)state;
	Keymap km;
	keymap_default(&km);
	assert_null(keymap_binding(&km, KA_NONE));
	assert_null(keymap_binding(&km, KA_COUNT));
	assert_int_equal(keymap_lookup(&km, 0), KA_NONE);
	for (int a = 1; a < KA_COUNT; a++) {
		const KeyBinding *b = keymap_binding(&km, (KeyAction)a);
		assert_non_null(b);
		if ((int)b->act != a)
			fail_msg("row %d says action %d: the table is out of order", a, b->act);
		assert_non_null(b->keys[0]);
		for (int i = 0; i < KEYMAP_KEYS_MAX && b->keys[i]; i++)
			if (keymap_lookup(&km, b->keys[i]) != (KeyAction)a)
				fail_msg("%s: key %d reaches action %d", b->name, b->keys[i],
				         keymap_lookup(&km, b->keys[i]));
	}
	assert_int_equal(keymap_lookup(&km, 'D'), KA_DRAIN);
	assert_int_equal(keymap_lookup(&km, 'q'), KA_QUIT);
	assert_int_equal(keymap_lookup(&km, KEY_UP), KA_UP);
	assert_int_equal(keymap_lookup(&km, '\t'), KA_NEXT_PANEL);
	assert_int_equal(keymap_lookup(&km, 'Z'), KA_NONE);
}

static void test_defaults_unique(void **state)
{
	(void)state;
	Keymap km;
	keymap_default(&km);
	for (int a = 1; a < KA_COUNT; a++)
		for (int i = 0; i < KEYMAP_KEYS_MAX; i++) {
			int k = km.b[a].keys[i];
			if (!k)
				continue;
			for (int b = 1; b < KA_COUNT; b++)
				for (int j = 0; j < KEYMAP_KEYS_MAX; j++)
					if ((a != b || i != j) && km.b[b].keys[j] == k)
						fail_msg("key %d bound to %s and %s", k, km.b[a].name, km.b[b].name);
		}
}

static void test_defaults_documented(void **state)
{
	(void)state;
	Keymap km;
	keymap_default(&km);
	for (int a = 1; a < KA_COUNT; a++) {
		const KeyBinding *b = &km.b[a];
		assert_non_null(b->name);
		assert_non_null(b->group);
		assert_non_null(b->help);
		if (!b->name[0] || !b->group[0] || !b->help[0])
			fail_msg("action %d lacks a name, group or help", a);
		/* names are group.verb and unique */
		assert_non_null(strchr(b->name, '.'));
		for (int o = 1; o < a; o++)
			if (strcmp(km.b[o].name, b->name) == 0)
				fail_msg("name %s used twice", b->name);
		char text[64];
		keymap_keys_text(b, text, sizeof text);
		if (!text[0])
			fail_msg("%s: no key shown in help", b->name);
	}
	char text[64];
	assert_string_equal(keymap_keys_text(keymap_binding(&km, KA_DOWN), text, sizeof text), "Down j");
	assert_string_equal(keymap_keys_text(keymap_binding(&km, KA_ENTER), text, sizeof text), "Enter");
	assert_string_equal(keymap_keys_text(keymap_binding(&km, KA_QUIT), text, sizeof text), "q C-c");
	assert_string_equal(keymap_keys_text(keymap_binding(&km, KA_HELP), text, sizeof text), "? F1");
}

static void test_bind_moves_key(void **state)
{
	(void)state;
	Keymap km;
	keymap_default(&km);
	char err[128] = "";
	/* 'q' belongs to app.quit; give it to node.drain */
	assert_int_equal(keymap_bind(&km, "node.drain", "q C-d", err, sizeof err), 0);
	assert_int_equal(keymap_lookup(&km, 'q'), KA_DRAIN);
	assert_int_equal(keymap_lookup(&km, 4), KA_DRAIN);
	assert_int_equal(keymap_lookup(&km, 'D'), KA_NONE);      /* the old key is gone */
	assert_int_equal(keymap_lookup(&km, 3), KA_QUIT);        /* C-c still quits */
	const KeyBinding *q = keymap_binding(&km, KA_QUIT);
	for (int i = 0; i < KEYMAP_KEYS_MAX; i++)
		assert_int_not_equal(q->keys[i], 'q');
	char text[64];
	/* the help still shows what is left */
	assert_string_equal(keymap_keys_text(q, text, sizeof text), "C-c");
	assert_string_equal(keymap_keys_text(keymap_binding(&km, KA_DRAIN), text, sizeof text), "q C-d");

	/* taking the first of two keys leaves the second visible and working */
	assert_int_equal(keymap_bind(&km, "view.racks", "Up", err, sizeof err), 0);
	assert_int_equal(keymap_lookup(&km, KEY_UP), KA_VIEW_RACKS);
	assert_int_equal(keymap_lookup(&km, 'k'), KA_UP);
	assert_string_equal(keymap_keys_text(keymap_binding(&km, KA_UP), text, sizeof text), "k");
	/* no key is bound twice afterwards */
	for (int a = 1; a < KA_COUNT; a++)
		for (int i = 0; i < KEYMAP_KEYS_MAX; i++)
			if (km.b[a].keys[i])
				assert_int_equal(keymap_lookup(&km, km.b[a].keys[i]), a);
}

static void test_bind_errors(void **state)
{
	(void)state;
	Keymap km, before;
	keymap_default(&km);
	keymap_default(&before);
	char err[128] = "";
	assert_int_equal(keymap_bind(&km, "node.explode", "x", err, sizeof err), -1);
	assert_string_equal(err, "unknown action 'node.explode' (see narvik --help-keys)");
	assert_int_equal(keymap_bind(&km, "none", "x", err, sizeof err), -1);
	assert_non_null(strstr(err, "unknown action 'none'"));
	assert_int_equal(keymap_bind(&km, "node.drain", "C-dd", err, sizeof err), -1);
	assert_string_equal(err, "'C-dd' is not a key name (try D, C-d, F5, Up, Enter, Space)");
	assert_int_equal(keymap_bind(&km, "node.drain", "F13", err, sizeof err), -1);
	assert_non_null(strstr(err, "'F13' is not a key name"));
	assert_int_equal(keymap_bind(&km, "node.drain", "a b c d", err, sizeof err), -1);
	assert_string_equal(err, "at most 3 keys per action");
	assert_int_equal(keymap_bind(&km, "node.drain", "  ", err, sizeof err), -1);
	assert_string_equal(err, "no key given for 'node.drain'");
	/* a refused bind changes nothing */
	assert_memory_equal(&km, &before, sizeof km);
}

static void round_trip(const char *name, int want)
{
	int k = keymap_parse_key(name);
	if (k != want)
		fail_msg("parse %s: %d, want %d", name, k, want);
	char buf[16];
	assert_string_equal(keymap_key_name(k, buf, sizeof buf), name);
}

static void test_key_names(void **state)
{
	(void)state;
	round_trip("D", 'D');
	round_trip("d", 'd');
	round_trip("C-d", 4);
	round_trip("F5", KEY_F(5));
	round_trip("F1", KEY_F(1));
	round_trip("F12", KEY_F(12));
	round_trip("Up", KEY_UP);
	round_trip("PgDn", KEY_NPAGE);
	round_trip("Enter", 10);
	round_trip("Esc", 27);
	round_trip("Tab", 9);
	round_trip("Space", ' ');
	round_trip("?", '?');
	assert_int_equal(keymap_parse_key("c-D"), 4);
	assert_int_equal(keymap_parse_key("enter"), 10);
	assert_int_equal(keymap_parse_key("F0"), -1);
	assert_int_equal(keymap_parse_key("F5x"), -1);
	assert_int_equal(keymap_parse_key("C-1"), -1);
	assert_int_equal(keymap_parse_key(""), -1);
	assert_int_equal(keymap_parse_key(NULL), -1);
	assert_int_equal(keymap_parse_key("Ø"), -1);
	assert_int_equal(keymap_parse_key("ab"), -1);
	char buf[16];
	assert_string_equal(keymap_key_name(KEY_ENTER, buf, sizeof buf), "Enter");
	assert_string_equal(keymap_key_name(13, buf, sizeof buf), "Enter");
	assert_string_equal(keymap_key_name(3, buf, sizeof buf), "C-c");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_reachable),
		cmocka_unit_test(test_defaults_unique),
		cmocka_unit_test(test_defaults_documented),
		cmocka_unit_test(test_bind_moves_key),
		cmocka_unit_test(test_bind_errors),
		cmocka_unit_test(test_key_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
