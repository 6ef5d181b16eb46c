/* The one keymap table: every key, its named action and its help line. */
#include "tui/keymap.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CTRL(c) ((c) & 0x1f)
#define K_ESC 27
#define K_TAB 9
#define K_ENTER 10

/* The defaults. The help overlay and the README are generated from this. */
static const KeyBinding defaults[KA_COUNT] = {
	{ KA_NONE, "none", "", "", { 0 } },
	{ KA_QUIT, "app.quit", "General", "quit (also :q)", { 'q', CTRL('c') } },
	{ KA_HELP, "app.help", "General", "this help", { '?', KEY_F(1) } },
	{ KA_COMMAND, "app.command", "General", "command line (:racks, :node NAME, :site NAME, :drain HOSTLIST)", { ':' } },
	{ KA_FILTER, "app.filter", "General", "filter rows: substring, or a hostlist like gpu[00001-00064]", { '/' } },
	{ KA_BACK, "view.back", "General", "back (clear filter, close drill-down)", { K_ESC, KEY_BACKSPACE, 127 } },
	{ KA_REDRAW, "app.redraw", "General", "redraw the screen", { CTRL('l') } },
	{ KA_SUSPEND, "app.suspend", "General", "suspend to the shell (fg returns)", { CTRL('z') } },
	{ KA_NEXT_PANEL, "view.next", "Panels", "next panel", { K_TAB } },
	{ KA_PREV_PANEL, "view.prev", "Panels", "previous panel", { KEY_BTAB } },
	{ KA_VIEW_OVERVIEW, "view.overview", "Panels", "overview", { '1' } },
	{ KA_VIEW_RACKS, "view.racks", "Panels", "racks heatmap", { '2' } },
	{ KA_VIEW_POWER, "view.power", "Panels", "power", { '3' } },
	{ KA_VIEW_COOLING, "view.cooling", "Panels", "cooling", { '4' } },
	{ KA_VIEW_JOBS, "view.jobs", "Panels", "jobs", { '5' } },
	{ KA_VIEW_ALERTS, "view.alerts", "Panels", "alerts", { '6' } },
	{ KA_VIEW_FLEET, "view.fleet", "Panels", "fleet: every site", { '0' } },
	{ KA_UP, "cursor.up", "Move", "up", { KEY_UP, 'k' } },
	{ KA_DOWN, "cursor.down", "Move", "down", { KEY_DOWN, 'j' } },
	{ KA_LEFT, "cursor.left", "Move", "left", { KEY_LEFT, 'h' } },
	{ KA_RIGHT, "cursor.right", "Move", "right", { KEY_RIGHT, 'l' } },
	{ KA_PAGE_UP, "cursor.page_up", "Move", "page up", { KEY_PPAGE, CTRL('b') } },
	{ KA_PAGE_DOWN, "cursor.page_down", "Move", "page down", { KEY_NPAGE, CTRL('f') } },
	{ KA_HOME, "cursor.home", "Move", "first row", { KEY_HOME, 'g' } },
	{ KA_END, "cursor.end", "Move", "last row", { KEY_END, 'G' } },
	{ KA_ENTER, "view.enter", "Move", "open what is under the cursor", { K_ENTER, KEY_ENTER, 13 } },
	{ KA_SORT_NEXT, "list.sort", "Lists", "sort by the next column", { 's' } },
	{ KA_SORT_REVERSE, "list.reverse", "Lists", "reverse the sort", { 'S' } },
	{ KA_METRIC_NEXT, "view.metric", "Lists", "racks: colour by next metric; power: time range", { 'm' } },
	{ KA_MARK, "node.mark", "Actions", "mark the node under the cursor", { ' ' } },
	{ KA_UNMARK_ALL, "node.unmark_all", "Actions", "clear all marks", { 'u' } },
	{ KA_DRAIN, "node.drain", "Actions", "drain (asks for a reason)", { 'D' } },
	{ KA_RESUME, "node.resume", "Actions", "resume", { 'R' } },
	{ KA_REBOOT, "node.reboot", "Actions", "reboot through the scheduler", { 'B' } },
	{ KA_POWER_CYCLE, "node.power_cycle", "Actions", "power-cycle through the BMC", { 'P' } },
	{ KA_SITE_NEXT, "site.next", "Sites", "next site", { ']' } },
	{ KA_SITE_PREV, "site.prev", "Sites", "previous site", { '[' } },
};

void keymap_default(Keymap *km)
{
	memcpy(km->b, defaults, sizeof defaults);
}

KeyAction keymap_lookup(const Keymap *km, int key)
{
	if (key == 0)
		return KA_NONE;
	for (int a = 1; a < KA_COUNT; a++)
		for (int i = 0; i < KEYMAP_KEYS_MAX; i++)
			if (km->b[a].keys[i] == key)
				return (KeyAction)a;
	return KA_NONE;
}

const KeyBinding *keymap_binding(const Keymap *km, KeyAction a)
{
	return (a > KA_NONE && a < KA_COUNT) ? &km->b[a] : NULL;
}

static const struct {
	const char *name;
	int key;
} named_keys[] = {
	{ "Up", KEY_UP }, { "Down", KEY_DOWN }, { "Left", KEY_LEFT }, { "Right", KEY_RIGHT },
	{ "PgUp", KEY_PPAGE }, { "PgDn", KEY_NPAGE }, { "Home", KEY_HOME }, { "End", KEY_END },
	{ "Enter", K_ENTER }, { "Esc", K_ESC }, { "Tab", K_TAB }, { "BTab", KEY_BTAB },
	{ "Space", ' ' }, { "Backspace", KEY_BACKSPACE }, { "Del", 127 },
};

int keymap_parse_key(const char *s)
{
	if (!s || !*s)
		return -1;
	for (size_t i = 0; i < sizeof named_keys / sizeof named_keys[0]; i++)
		if (strcasecmp(s, named_keys[i].name) == 0)
			return named_keys[i].key;
	if ((s[0] == 'F' || s[0] == 'f') && s[1]) {
		char *end;
		long n = strtol(s + 1, &end, 10);
		if (*end == '\0' && n >= 1 && n <= 12)
			return KEY_F((int)n);
	}
	if ((s[0] == 'C' || s[0] == 'c') && s[1] == '-' && s[2] && !s[3]) {
		char c = s[2];
		if (c >= 'a' && c <= 'z')
			return CTRL(c);
		if (c >= 'A' && c <= 'Z')
			return CTRL(c);
		return -1;
	}
	if (!s[1] && (unsigned char)s[0] > ' ' && (unsigned char)s[0] < 127)
		return (unsigned char)s[0];
	return -1;
}

const char *keymap_key_name(int key, char *buf, size_t len)
{
	for (size_t i = 0; i < sizeof named_keys / sizeof named_keys[0]; i++)
		if (named_keys[i].key == key) {
			snprintf(buf, len, "%s", named_keys[i].name);
			return buf;
		}
	if (key == KEY_ENTER || key == 13)
		snprintf(buf, len, "Enter");
	else if (key >= KEY_F(1) && key <= KEY_F(12))
		snprintf(buf, len, "F%d", key - KEY_F(0));
	else if (key > 0 && key < 32)
		snprintf(buf, len, "C-%c", key + 'a' - 1);
	else if (key > ' ' && key < 127)
		snprintf(buf, len, "%c", key);
	else
		snprintf(buf, len, "#%d", key);
	return buf;
}

const char *keymap_keys_text(const KeyBinding *b, char *buf, size_t len)
{
	size_t o = 0;
	buf[0] = '\0';
	for (int i = 0; i < KEYMAP_KEYS_MAX && b->keys[i]; i++) {
		char k[16];
		keymap_key_name(b->keys[i], k, sizeof k);
		/* Two spellings of Enter (and of Backspace) say nothing new. */
		if (i > 0 && (b->keys[i] == KEY_ENTER || b->keys[i] == 13 || b->keys[i] == 127))
			continue;
		int n = snprintf(buf + o, len - o, "%s%s", o ? " " : "", k);
		if (n < 0 || (size_t)n >= len - o)
			break;
		o += (size_t)n;
	}
	return buf;
}

int keymap_bind(Keymap *km, const char *name, const char *spec, char *err, size_t errlen)
{
	int a = 1;
	while (a < KA_COUNT && strcmp(km->b[a].name, name) != 0)
		a++;
	if (a == KA_COUNT) {
		snprintf(err, errlen, "unknown action '%s' (see narvik --help-keys)", name);
		return -1;
	}
	int keys[KEYMAP_KEYS_MAX] = { 0 };
	int n = 0;
	char tmp[128];
	snprintf(tmp, sizeof tmp, "%s", spec);
	for (char *save = NULL, *tok = strtok_r(tmp, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		int k = keymap_parse_key(tok);
		if (k < 0) {
			snprintf(err, errlen, "'%s' is not a key name (try D, C-d, F5, Up, Enter, Space)", tok);
			return -1;
		}
		if (n == KEYMAP_KEYS_MAX) {
			snprintf(err, errlen, "at most %d keys per action", KEYMAP_KEYS_MAX);
			return -1;
		}
		keys[n++] = k;
	}
	if (n == 0) {
		snprintf(err, errlen, "no key given for '%s'", name);
		return -1;
	}
	/* Take the keys from whoever had them, closing the gaps: the help
	 * text (keymap_keys_text) stops at the first empty slot. */
	for (int b = 1; b < KA_COUNT; b++) {
		int o = 0;
		for (int j = 0; j < KEYMAP_KEYS_MAX; j++) {
			int k = km->b[b].keys[j], taken = 0;
			for (int i = 0; i < n; i++)
				taken |= k == keys[i];
			if (k && !taken)
				km->b[b].keys[o++] = k;
		}
		while (o < KEYMAP_KEYS_MAX)
			km->b[b].keys[o++] = 0;
	}
	memcpy(km->b[a].keys, keys, sizeof keys);
	return 0;
}
