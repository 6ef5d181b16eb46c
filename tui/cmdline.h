/* The ':' command line and '/' filter line: editing, parsing, completion. */
#ifndef NARVIK_CMDLINE_H
#define NARVIK_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

#define CMDLINE_MAX 256     /* bytes of input, incl. NUL */
#define CMDLINE_HISTORY 32

/* Keys are ints: characters as code points, function keys as curses
 * KEY_* codes. The characters whose code points fall in curses' KEY_ range
 * (U+0101..U+01FF: ā, ł, š ...) come with this bit set so that they stay
 * characters (tui/screen.c sets it). */
#define KEY_CHAR_FLAG 0x40000000

/* A one-line editor. Plain data; the caller draws it. */
typedef struct {
	char buf[CMDLINE_MAX];
	int len, cur;                       /* bytes */
	char hist[CMDLINE_HISTORY][CMDLINE_MAX];
	int nhist, hpos;                    /* hpos == nhist: editing a new line */
} LineEdit;

typedef enum { LE_CONTINUE, LE_ACCEPT, LE_CANCEL } LineEditResult;

void lineedit_reset(LineEdit *le, const char *initial);
/* Feed one key (a character code point, or an ncurses KEY_* code). Enter
 * accepts, Esc cancels (also Backspace on an empty line). Tab is not handled
 * here (see cmdline_complete). */
LineEditResult lineedit_key(LineEdit *le, int key);
void lineedit_remember(LineEdit *le);   /* push buf onto the history */

typedef enum {
	CMD_NONE, CMD_QUIT, CMD_HELP, CMD_PANEL, CMD_NODE, CMD_RACK, CMD_SITE,
	CMD_ACTION, CMD_FILTER, CMD_THEME, CMD_UNKNOWN, CMD_BAD
} CmdKind;

typedef struct {
	CmdKind kind;
	char word[32];          /* the command word as typed, resolved */
	char arg[CMDLINE_MAX];  /* first argument: panel name, node, hostlist ... */
	char rest[CMDLINE_MAX]; /* the rest: a reason for actions */
	char error[128];        /* for CMD_BAD / CMD_UNKNOWN */
} Command;

/* Parse a command line (without the ':'). Panel names: overview racks
 * power cooling jobs alerts fleet; actions: drain resume reboot
 * power-cycle (powercycle). A unique prefix of a command word is accepted. */
Command cmdline_parse(const char *line);

/* Candidates for completion: called with what is typed of the argument;
 * returns how many names it wrote into out (each at most 63 bytes). */
typedef int (*CompleteFn)(void *ctx, const char *kind, const char *prefix,
                          char out[][64], int max);

/* Complete the word under the cursor (the command word or, after :node,
 * :rack and :site, the argument through fn). Completes to the longest
 * common prefix; writes the choices, joined by spaces, into hint. */
void cmdline_complete(LineEdit *le, CompleteFn fn, void *ctx, char *hint, size_t hintlen);

/* The command words, for help: NULL-terminated. */
extern const char *const cmdline_words[];

#endif
