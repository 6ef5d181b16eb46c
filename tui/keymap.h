/* The one keymap table: every key, its named action and its help line. */
#ifndef NARVIK_KEYMAP_H
#define NARVIK_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
	KA_NONE = 0,
	KA_QUIT, KA_HELP, KA_COMMAND, KA_FILTER, KA_BACK, KA_REDRAW, KA_SUSPEND,
	KA_NEXT_PANEL, KA_PREV_PANEL,
	KA_VIEW_OVERVIEW, KA_VIEW_RACKS, KA_VIEW_POWER, KA_VIEW_COOLING,
	KA_VIEW_JOBS, KA_VIEW_ALERTS, KA_VIEW_FLEET,
	KA_UP, KA_DOWN, KA_LEFT, KA_RIGHT, KA_PAGE_UP, KA_PAGE_DOWN, KA_HOME, KA_END,
	KA_ENTER, KA_SORT_NEXT, KA_SORT_REVERSE, KA_METRIC_NEXT,
	KA_MARK, KA_UNMARK_ALL,
	KA_DRAIN, KA_RESUME, KA_REBOOT, KA_POWER_CYCLE,
	KA_SITE_NEXT, KA_SITE_PREV,
	KA_COUNT
} KeyAction;

#define KEYMAP_KEYS_MAX 3  /* keys bound to one action */

typedef struct {
	KeyAction act;
	const char *name;      /* "node.drain": the name used in [keys] */
	const char *group;     /* help overlay section */
	const char *help;      /* one line */
	int keys[KEYMAP_KEYS_MAX]; /* key codes as wget_wch gives them (ncurses KEY_* or chars); 0 = none */
} KeyBinding;

/* A keymap: a copy of the default table that [keys] may change. */
typedef struct {
	KeyBinding b[KA_COUNT];
} Keymap;

void keymap_default(Keymap *km);
/* The action bound to key, or KA_NONE. */
KeyAction keymap_lookup(const Keymap *km, int key);
const KeyBinding *keymap_binding(const Keymap *km, KeyAction a);
/* Rebind action `name` to the keys in `spec` ("D", "C-d", "F5", "Up",
 * "Enter", "Esc", "Tab", "Space", several separated by spaces). The keys
 * are taken from any other action that had them. 0, or -1 with a message. */
int keymap_bind(Keymap *km, const char *name, const char *spec, char *err, size_t errlen);
/* Parse one key name; -1 if not a key. */
int keymap_parse_key(const char *s);
/* Name of a key for help text: "D", "C-d", "Enter", "Up", "F1". */
const char *keymap_key_name(int key, char *buf, size_t len);
/* Keys of a binding joined: "j Down". */
const char *keymap_keys_text(const KeyBinding *b, char *buf, size_t len);

#endif
