/* The ':' command line and '/' filter line: editing, parsing, completion. */
#include "tui/cmdline.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "util/text.h"

const char *const cmdline_words[] = {
	"quit", "q", "help", "overview", "racks", "power", "cooling", "jobs", "alerts",
	"fleet", "node", "rack", "site", "drain", "resume", "reboot", "power-cycle",
	"filter", "theme", NULL,
};

void lineedit_reset(LineEdit *le, const char *initial)
{
	text_copy(le->buf, sizeof le->buf, initial ? initial : "");
	le->len = (int)strlen(le->buf);
	le->cur = le->len;
	le->hpos = le->nhist;
}

void lineedit_remember(LineEdit *le)
{
	if (le->len == 0)
		return;
	if (le->nhist > 0 && strcmp(le->hist[le->nhist - 1], le->buf) == 0)
		return;
	if (le->nhist == CMDLINE_HISTORY) {
		memmove(le->hist[0], le->hist[1], sizeof le->hist[0] * (CMDLINE_HISTORY - 1));
		le->nhist--;
	}
	memcpy(le->hist[le->nhist++], le->buf, sizeof le->buf);
	le->hpos = le->nhist;
}

static int utf8_encode(char *o, int cp)
{
	if (cp < 0x80) { o[0] = (char)cp; return 1; }
	if (cp < 0x800) { o[0] = (char)(0xC0 | (cp >> 6)); o[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12)); o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F)); return 3;
	}
	o[0] = (char)(0xF0 | (cp >> 18)); o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Start of the character before byte position p. */
static int prev_char(const LineEdit *le, int p)
{
	if (p <= 0)
		return 0;
	p--;
	while (p > 0 && ((unsigned char)le->buf[p] & 0xC0) == 0x80)
		p--;
	return p;
}

static int next_char(const LineEdit *le, int p)
{
	if (p >= le->len)
		return le->len;
	p++;
	while (p < le->len && ((unsigned char)le->buf[p] & 0xC0) == 0x80)
		p++;
	return p;
}

static LineEditResult insert_char(LineEdit *le, int key);

static void delete_range(LineEdit *le, int a, int b)
{
	memmove(le->buf + a, le->buf + b, (size_t)(le->len - b + 1));
	le->len -= b - a;
	le->cur = a;
}

LineEditResult lineedit_key(LineEdit *le, int key)
{
	if (key & KEY_CHAR_FLAG)
		return insert_char(le, key & ~KEY_CHAR_FLAG);
	switch (key) {
	case '\n': case '\r': case KEY_ENTER:
		return LE_ACCEPT;
	case 27: case 3: /* Esc, C-c */
		return LE_CANCEL;
	case KEY_BACKSPACE: case 127: case 8:
		if (le->len == 0)
			return LE_CANCEL;
		if (le->cur > 0)
			delete_range(le, prev_char(le, le->cur), le->cur);
		return LE_CONTINUE;
	case KEY_DC: case 4: /* Delete, C-d */
		if (le->cur < le->len)
			delete_range(le, le->cur, next_char(le, le->cur));
		return LE_CONTINUE;
	case KEY_LEFT: case 2:
		le->cur = prev_char(le, le->cur);
		return LE_CONTINUE;
	case KEY_RIGHT: case 6:
		le->cur = next_char(le, le->cur);
		return LE_CONTINUE;
	case KEY_HOME: case 1:
		le->cur = 0;
		return LE_CONTINUE;
	case KEY_END: case 5:
		le->cur = le->len;
		return LE_CONTINUE;
	case 21: /* C-u: delete to start */
		delete_range(le, 0, le->cur);
		return LE_CONTINUE;
	case 11: /* C-k: delete to end */
		le->buf[le->cur] = '\0';
		le->len = le->cur;
		return LE_CONTINUE;
	case 23: { /* C-w: delete the word before the cursor */
		int p = le->cur;
		while (p > 0 && le->buf[p - 1] == ' ')
			p--;
		while (p > 0 && le->buf[p - 1] != ' ')
			p--;
		delete_range(le, p, le->cur);
		return LE_CONTINUE;
	}
	case KEY_UP:
		if (le->hpos > 0) {
			le->hpos--;
			text_copy(le->buf, sizeof le->buf, le->hist[le->hpos]);
			le->len = le->cur = (int)strlen(le->buf);
		}
		return LE_CONTINUE;
	case KEY_DOWN:
		if (le->hpos < le->nhist) {
			le->hpos++;
			text_copy(le->buf, sizeof le->buf, le->hpos < le->nhist ? le->hist[le->hpos] : "");
			le->len = le->cur = (int)strlen(le->buf);
		}
		return LE_CONTINUE;
	default:
		break;
	}
	if (key >= KEY_MIN && key <= KEY_MAX)
		return LE_CONTINUE; /* other function keys: ignored */
	return insert_char(le, key);
}

/* Insert the character cp at the cursor; controls are refused. */
static LineEditResult insert_char(LineEdit *le, int key)
{
	if (key < ' ' || key == 127 || (key >= 0x80 && key < 0xA0) || key > 0x10FFFF ||
	    (key >= 0xD800 && key <= 0xDFFF))
		return LE_CONTINUE;
	char enc[4];
	int n = utf8_encode(enc, key);
	if (le->len + n >= CMDLINE_MAX)
		return LE_CONTINUE;
	memmove(le->buf + le->cur + n, le->buf + le->cur, (size_t)(le->len - le->cur + 1));
	memcpy(le->buf + le->cur, enc, (size_t)n);
	le->len += n;
	le->cur += n;
	return LE_CONTINUE;
}

/* ---- parsing ------------------------------------------------------------ */

static const char *skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Copy the next word of *s into out and advance *s past it. */
static void take_word(const char **s, char *out, size_t len)
{
	const char *p = skip_space(*s);
	size_t n = 0;
	while (p[n] && p[n] != ' ' && p[n] != '\t')
		n++;
	if (n >= len)
		n = len - 1;
	memcpy(out, p, n);
	out[n] = '\0';
	while (*p && *p != ' ' && *p != '\t')
		p++;
	*s = skip_space(p);
}

static const char *const panel_words[] = {
	"overview", "racks", "power", "cooling", "jobs", "alerts", "fleet",
};

static bool is_panel(const char *w)
{
	for (size_t i = 0; i < sizeof panel_words / sizeof panel_words[0]; i++)
		if (!strcmp(w, panel_words[i]))
			return true;
	return false;
}

/* The command word a possibly abbreviated word stands for, or NULL
 * (ambiguous prefixes give NULL and set *ambiguous). A prefix of three or
 * more letters that fits several words, exactly one of them a panel, means
 * the panel (README: ":ra" is ambiguous, ":rac" is ":racks"): switching
 * panels is harmless, so the shorter spelling goes to it. */
static const char *resolve_word(const char *w, bool *ambiguous)
{
	const char *found = NULL, *panel = NULL;
	int npanels = 0;
	*ambiguous = false;
	size_t n = strlen(w);
	for (int i = 0; cmdline_words[i]; i++) {
		if (strcmp(cmdline_words[i], w) == 0)
			return cmdline_words[i];
		if (strncmp(cmdline_words[i], w, n) == 0) {
			if (found)
				*ambiguous = true;
			found = cmdline_words[i];
			if (is_panel(found)) {
				panel = found;
				npanels++;
			}
		}
	}
	if (!found && strcmp(w, "powercycle") == 0)
		return "power-cycle";
	if (*ambiguous && n >= 3 && npanels == 1) {
		*ambiguous = false;
		return panel;
	}
	return *ambiguous ? NULL : found;
}

Command cmdline_parse(const char *line)
{
	Command c;
	memset(&c, 0, sizeof c);
	const char *s = skip_space(line ? line : "");
	if (*s == ':')
		s++;
	char w[64];
	take_word(&s, w, sizeof w);
	if (!w[0]) {
		c.kind = CMD_NONE;
		return c;
	}
	bool amb;
	const char *word = resolve_word(w, &amb);
	if (!word) {
		c.kind = CMD_UNKNOWN;
		snprintf(c.error, sizeof c.error, amb ? "'%.40s' is ambiguous; press Tab to see the commands"
		                                      : "unknown command '%.40s' (press ? for help)", w);
		return c;
	}
	text_copy(c.word, sizeof c.word, word);
	if (!strcmp(word, "quit") || !strcmp(word, "q")) {
		c.kind = CMD_QUIT;
		return c;
	}
	if (!strcmp(word, "help")) {
		c.kind = CMD_HELP;
		return c;
	}
	if (is_panel(word)) {
		c.kind = CMD_PANEL;
		text_copy(c.arg, sizeof c.arg, word);
		text_copy(c.rest, sizeof c.rest, s); /* e.g. :racks temp */
		return c;
	}
	if (!strcmp(word, "filter")) {
		c.kind = CMD_FILTER;
		text_copy(c.arg, sizeof c.arg, s);
		return c;
	}
	take_word(&s, c.arg, sizeof c.arg);
	text_copy(c.rest, sizeof c.rest, s);
	if (!strcmp(word, "node") || !strcmp(word, "rack") || !strcmp(word, "site") || !strcmp(word, "theme")) {
		c.kind = !strcmp(word, "node") ? CMD_NODE : !strcmp(word, "rack") ? CMD_RACK
		       : !strcmp(word, "site") ? CMD_SITE : CMD_THEME;
		if (!c.arg[0]) {
			c.kind = CMD_BAD;
			snprintf(c.error, sizeof c.error, ":%s needs a name (Tab completes)", word);
		}
		return c;
	}
	/* actions: drain resume reboot power-cycle */
	c.kind = CMD_ACTION;
	return c;
}

/* ---- completion ----------------------------------------------------------- */

static void common_prefix(char *acc, const char *s)
{
	size_t i = 0;
	while (acc[i] && acc[i] == s[i])
		i++;
	acc[i] = '\0';
}

void cmdline_complete(LineEdit *le, CompleteFn fn, void *ctx, char *hint, size_t hintlen)
{
	hint[0] = '\0';
	/* Only complete at the end of the line: the usual case. */
	le->cur = le->len;
	char *sp = strchr(le->buf, ' ');
	char cands[64][64];
	int n = 0;
	const char *prefix;
	size_t start;
	if (!sp) {
		prefix = le->buf;
		start = 0;
		size_t pl = strlen(prefix);
		for (int i = 0; cmdline_words[i] && n < 64; i++)
			if (strncmp(cmdline_words[i], prefix, pl) == 0 && strcmp(cmdline_words[i], "q"))
				text_copy(cands[n++], 64, cmdline_words[i]);
	} else {
		char w[32];
		size_t wl = (size_t)(sp - le->buf);
		if (wl >= sizeof w)
			return;
		memcpy(w, le->buf, wl);
		w[wl] = '\0';
		bool amb;
		const char *word = resolve_word(w, &amb);
		const char *last = strrchr(le->buf, ' ') + 1;
		if (!word || !fn || last != skip_space(sp))
			return; /* only the first argument completes */
		prefix = last;
		start = (size_t)(last - le->buf);
		n = fn(ctx, word, prefix, cands, 64);
	}
	if (n <= 0)
		return;
	char acc[64];
	text_copy(acc, sizeof acc, cands[0]);
	for (int i = 1; i < n; i++)
		common_prefix(acc, cands[i]);
	if (strlen(acc) > strlen(prefix)) {
		char line[CMDLINE_MAX];
		snprintf(line, sizeof line, "%.*s%s%s", (int)start, le->buf, acc, n == 1 ? " " : "");
		lineedit_reset(le, line);
	}
	if (n > 1) {
		size_t o = 0;
		for (int i = 0; i < n && o + 1 < hintlen; i++) {
			int k = snprintf(hint + o, hintlen - o, "%s%s", i ? " " : "", cands[i]);
			if (k < 0 || (size_t)k >= hintlen - o) {
				hint[o] = '\0'; /* whole names only */
				break;
			}
			o += (size_t)k;
		}
	}
}
