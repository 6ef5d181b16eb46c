/* Unit tests for tui/cmdline.c and tui/prompt.c: editing, parsing,
 * completion, reason and confirmation prompts. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "tui/cmdline.h"
#include "tui/prompt.h"

#define ESC 27
#define BS KEY_BACKSPACE
#define C_(c) ((c) & 0x1f)

static void type(LineEdit *le, const char *s)
{
	/* feed UTF-8 as code points, as wget_wch gives them */
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		int cp, n;
		if (*p < 0x80) { cp = *p; n = 1; }
		else if ((*p & 0xE0) == 0xC0) { cp = *p & 0x1F; n = 2; }
		else if ((*p & 0xF0) == 0xE0) { cp = *p & 0x0F; n = 3; }
		else { cp = *p & 0x07; n = 4; }
		for (int i = 1; i < n; i++)
			cp = (cp << 6) | (p[i] & 0x3F);
		p += n;
		assert_int_equal(lineedit_key(le, cp), LE_CONTINUE);
	}
}

static void test_edit_insert(void **state)
{
	(void)state;
	static LineEdit le;
	memset(&le, 0, sizeof le);
	lineedit_reset(&le, NULL);
	assert_int_equal(le.len, 0);
	type(&le, "drain Ørsta €5 ж");
	assert_string_equal(le.buf, "drain Ørsta €5 ж");
	assert_int_equal(le.len, (int)strlen("drain Ørsta €5 ж"));
	assert_int_equal(le.cur, le.len);
	/* controls, C1 and function keys are not inserted */
	assert_int_equal(lineedit_key(&le, 0x85), LE_CONTINUE);
	assert_int_equal(lineedit_key(&le, 0x7), LE_CONTINUE);
	assert_int_equal(lineedit_key(&le, KEY_F(3)), LE_CONTINUE);
	assert_int_equal(lineedit_key(&le, KEY_NPAGE), LE_CONTINUE);
	assert_int_equal(lineedit_key(&le, 0xD800), LE_CONTINUE);
	assert_int_equal(lineedit_key(&le, 0x110000), LE_CONTINUE);
	assert_string_equal(le.buf, "drain Ørsta €5 ж");
	/* insert in the middle */
	lineedit_reset(&le, "ac");
	lineedit_key(&le, KEY_LEFT);
	type(&le, "b");
	assert_string_equal(le.buf, "abc");
	assert_int_equal(le.cur, 2);
	lineedit_key(&le, KEY_HOME);
	type(&le, "°");
	assert_string_equal(le.buf, "°abc");
	assert_int_equal(le.cur, 2);
	lineedit_key(&le, KEY_END);
	assert_int_equal(le.cur, 5);
	/* never overflows */
	lineedit_reset(&le, "");
	for (int i = 0; i < 400; i++)
		lineedit_key(&le, 0x20AC);
	assert_true(le.len < CMDLINE_MAX);
	assert_int_equal(le.len % 3, 0);
	assert_int_equal((int)strlen(le.buf), le.len);
	assert_int_equal(lineedit_key(&le, '\n'), LE_ACCEPT);
	assert_int_equal(lineedit_key(&le, '\r'), LE_ACCEPT);
	assert_int_equal(lineedit_key(&le, KEY_ENTER), LE_ACCEPT);
}

/* Characters whose code points collide with curses KEY_ codes arrive
 * flagged and are inserted; the same numbers unflagged are function keys. */
static void test_edit_key_range_chars(void **state)
{
	(void)state;
	LineEdit le;
	memset(&le, 0, sizeof le);
	lineedit_reset(&le, "");
	assert_int_equal(lineedit_key(&le, 0x142 | KEY_CHAR_FLAG), LE_CONTINUE); /* ł */
	assert_int_equal(lineedit_key(&le, 0x161 | KEY_CHAR_FLAG), LE_CONTINUE); /* š */
	assert_string_equal(le.buf, "\xc5\x82\xc5\xa1");
	assert_int_equal(lineedit_key(&le, KEY_F(5)), LE_CONTINUE);            /* ignored */
	assert_string_equal(le.buf, "\xc5\x82\xc5\xa1");
	assert_int_equal(lineedit_key(&le, 0x0A | KEY_CHAR_FLAG), LE_CONTINUE); /* no controls */
	assert_string_equal(le.buf, "\xc5\x82\xc5\xa1");
}

static void test_edit_delete(void **state)
{
	(void)state;
	static LineEdit le;
	memset(&le, 0, sizeof le);
	lineedit_reset(&le, "aØ€");
	assert_int_equal(lineedit_key(&le, BS), LE_CONTINUE);
	assert_string_equal(le.buf, "aØ");
	assert_int_equal(lineedit_key(&le, 127), LE_CONTINUE);
	assert_string_equal(le.buf, "a");
	assert_int_equal(le.len, 1);
	lineedit_key(&le, 8);
	assert_string_equal(le.buf, "");
	/* Backspace on an empty line cancels */
	assert_int_equal(lineedit_key(&le, BS), LE_CANCEL);
	/* left/right step over whole characters; Delete removes one */
	lineedit_reset(&le, "xØy");
	lineedit_key(&le, KEY_LEFT);
	lineedit_key(&le, KEY_LEFT);
	assert_int_equal(le.cur, 1);
	lineedit_key(&le, KEY_DC);
	assert_string_equal(le.buf, "xy");
	lineedit_key(&le, KEY_RIGHT);
	lineedit_key(&le, KEY_RIGHT);
	assert_int_equal(le.cur, 2);
	/* C-u: to the start; C-k: to the end */
	lineedit_reset(&le, "drain gpu01 reason");
	for (int i = 0; i < 7; i++)
		lineedit_key(&le, KEY_LEFT);
	lineedit_key(&le, C_('k'));
	assert_string_equal(le.buf, "drain gpu01");
	lineedit_key(&le, KEY_LEFT);
	lineedit_key(&le, KEY_LEFT);
	lineedit_key(&le, C_('u'));
	assert_string_equal(le.buf, "01");
	assert_int_equal(le.cur, 0);
	/* C-w: the word before the cursor, and the blanks after it */
	lineedit_reset(&le, "drain gpu[01-04]  ");
	lineedit_key(&le, C_('w'));
	assert_string_equal(le.buf, "drain ");
	lineedit_key(&le, C_('w'));
	assert_string_equal(le.buf, "");
	lineedit_key(&le, C_('w'));
	assert_string_equal(le.buf, "");
	/* Esc and C-c cancel, whatever was typed */
	lineedit_reset(&le, "racks");
	assert_int_equal(lineedit_key(&le, ESC), LE_CANCEL);
	assert_int_equal(lineedit_key(&le, 3), LE_CANCEL);
}

static void test_history(void **state)
{
	(void)state;
	static LineEdit le;
	memset(&le, 0, sizeof le);
	lineedit_reset(&le, "");
	lineedit_remember(&le);                 /* empty lines are not kept */
	assert_int_equal(le.nhist, 0);
	const char *cmds[] = { "racks", "node gpu00001", "node gpu00001", "power" };
	for (int i = 0; i < 4; i++) {
		lineedit_reset(&le, cmds[i]);
		lineedit_remember(&le);
	}
	assert_int_equal(le.nhist, 3);          /* repeats are kept once */
	lineedit_reset(&le, "");
	lineedit_key(&le, KEY_UP);
	assert_string_equal(le.buf, "power");
	assert_int_equal(le.cur, 5);
	lineedit_key(&le, KEY_UP);
	assert_string_equal(le.buf, "node gpu00001");
	lineedit_key(&le, KEY_UP);
	assert_string_equal(le.buf, "racks");
	lineedit_key(&le, KEY_UP);              /* stays at the oldest */
	assert_string_equal(le.buf, "racks");
	lineedit_key(&le, KEY_DOWN);
	assert_string_equal(le.buf, "node gpu00001");
	lineedit_key(&le, KEY_DOWN);
	lineedit_key(&le, KEY_DOWN);
	assert_string_equal(le.buf, "");        /* back to the new line */
	assert_int_equal(le.len, 0);
	lineedit_key(&le, KEY_DOWN);
	assert_string_equal(le.buf, "");
	/* the history is bounded; the oldest fall out */
	for (int i = 0; i < CMDLINE_HISTORY + 5; i++) {
		char b[16];
		snprintf(b, sizeof b, "cmd%d", i);
		lineedit_reset(&le, b);
		lineedit_remember(&le);
	}
	assert_int_equal(le.nhist, CMDLINE_HISTORY);
	assert_string_equal(le.hist[0], "cmd5");
	assert_string_equal(le.hist[CMDLINE_HISTORY - 1], "cmd36");
}

static void expect_cmd(const char *line, CmdKind kind, const char *word, const char *arg, const char *rest)
{
	Command c = cmdline_parse(line);
	if (c.kind != kind)
		fail_msg("%s: kind %d, want %d (%s)", line, c.kind, kind, c.error);
	assert_string_equal(c.word, word);
	assert_string_equal(c.arg, arg);
	assert_string_equal(c.rest, rest);
}

static void test_parse_words(void **state)
{
	(void)state;
	expect_cmd("", CMD_NONE, "", "", "");
	expect_cmd("   ", CMD_NONE, "", "", "");
	expect_cmd(":", CMD_NONE, "", "", "");
	expect_cmd("quit", CMD_QUIT, "quit", "", "");
	expect_cmd("q", CMD_QUIT, "q", "", "");
	expect_cmd(":q", CMD_QUIT, "q", "", "");
	expect_cmd("help", CMD_HELP, "help", "", "");
	static const char *const panels[] = { "overview", "racks", "power", "cooling", "jobs", "alerts", "fleet" };
	for (size_t i = 0; i < sizeof panels / sizeof panels[0]; i++)
		expect_cmd(panels[i], CMD_PANEL, panels[i], panels[i], "");
	expect_cmd("racks temp", CMD_PANEL, "racks", "racks", "temp");
	expect_cmd("node gpu00042", CMD_NODE, "node", "gpu00042", "");
	expect_cmd("  node   gpu00042  ", CMD_NODE, "node", "gpu00042", "");
	expect_cmd("rack H1-R03-K07", CMD_RACK, "rack", "H1-R03-K07", "");
	expect_cmd("site narvik-2", CMD_SITE, "site", "narvik-2", "");
	expect_cmd("theme light", CMD_THEME, "theme", "light", "");
	expect_cmd("filter gpu[00001-00010] down", CMD_FILTER, "filter", "gpu[00001-00010] down", "");
	expect_cmd("drain gpu[00001-00004] XID 79 on GPU 3", CMD_ACTION, "drain", "gpu[00001-00004]",
	           "XID 79 on GPU 3");
	expect_cmd(":resume gpu00007", CMD_ACTION, "resume", "gpu00007", "");
	expect_cmd("reboot gpu0000[1-2] kernel update", CMD_ACTION, "reboot", "gpu0000[1-2]", "kernel update");
	expect_cmd("power-cycle gpu00009 hung", CMD_ACTION, "power-cycle", "gpu00009", "hung");
	expect_cmd("powercycle gpu00009 hung", CMD_ACTION, "power-cycle", "gpu00009", "hung");
	/* every command word parses as itself */
	for (int i = 0; cmdline_words[i]; i++) {
		char line[64];
		snprintf(line, sizeof line, "%s x", cmdline_words[i]);
		Command c = cmdline_parse(line);
		assert_string_equal(c.word, cmdline_words[i]);
		assert_true(c.kind != CMD_UNKNOWN && c.kind != CMD_BAD && c.kind != CMD_NONE);
	}
}

static void test_parse_prefixes(void **state)
{
	(void)state;
	expect_cmd("rac", CMD_PANEL, "racks", "racks", "");
	expect_cmd("ov", CMD_PANEL, "overview", "overview", "");
	expect_cmd("coo", CMD_PANEL, "cooling", "cooling", "");
	expect_cmd("pow", CMD_PANEL, "power", "power", "");
	expect_cmd("power-", CMD_ACTION, "power-cycle", "", "");
	expect_cmd("dr gpu01 bad", CMD_ACTION, "drain", "gpu01", "bad");
	expect_cmd("no gpu01", CMD_NODE, "node", "gpu01", "");
	expect_cmd("rack K1", CMD_RACK, "rack", "K1", "");
	expect_cmd("he", CMD_HELP, "help", "", "");
	Command c = cmdline_parse("r");
	assert_int_equal(c.kind, CMD_UNKNOWN);
	assert_string_equal(c.error, "'r' is ambiguous; press Tab to see the commands");
	c = cmdline_parse("ra");
	assert_int_equal(c.kind, CMD_UNKNOWN);
	assert_string_equal(c.error, "'ra' is ambiguous; press Tab to see the commands");
	c = cmdline_parse("re gpu01");
	assert_int_equal(c.kind, CMD_UNKNOWN);
	assert_string_equal(c.error, "'re' is ambiguous; press Tab to see the commands");
	c = cmdline_parse("explode gpu01");
	assert_int_equal(c.kind, CMD_UNKNOWN);
	assert_string_equal(c.error, "unknown command 'explode' (press ? for help)");
	assert_string_equal(c.word, "");
	c = cmdline_parse("racksx");
	assert_int_equal(c.kind, CMD_UNKNOWN);
	/* a long word is cut in the message, not overflowed */
	char longw[200];
	memset(longw, 'z', sizeof longw - 1);
	longw[sizeof longw - 1] = '\0';
	c = cmdline_parse(longw);
	assert_int_equal(c.kind, CMD_UNKNOWN);
	assert_true(strlen(c.error) < sizeof c.error);
}

static void test_parse_bad(void **state)
{
	(void)state;
	static const char *const need[] = { "node", "rack", "site", "theme" };
	for (size_t i = 0; i < sizeof need / sizeof need[0]; i++) {
		Command c = cmdline_parse(need[i]);
		assert_int_equal(c.kind, CMD_BAD);
		char want[64];
		snprintf(want, sizeof want, ":%s needs a name (Tab completes)", need[i]);
		assert_string_equal(c.error, want);
	}
	Command c = cmdline_parse(":node   ");
	assert_int_equal(c.kind, CMD_BAD);
}

/* Completion callback: node names gpu00001..gpu00012 and rack names. */
static int complete_cb(void *ctx, const char *kind, const char *prefix, char out[][64], int max)
{
	int *calls = ctx;
	(*calls)++;
	static const char *const nodes[] = { "gpu00001", "gpu00002", "gpu00010", "gpu00011", "gpu00012" };
	static const char *const racks[] = { "H1-R01-K01", "H1-R01-K02" };
	const char *const *list = nodes;
	int n = 5;
	if (!strcmp(kind, "rack")) {
		list = racks;
		n = 2;
	} else if (strcmp(kind, "node") != 0) {
		return 0;
	}
	int k = 0;
	for (int i = 0; i < n && k < max; i++)
		if (!strncmp(list[i], prefix, strlen(prefix)))
			snprintf(out[k++], 64, "%s", list[i]);
	return k;
}

static void test_complete_words(void **state)
{
	(void)state;
	static LineEdit le;
	memset(&le, 0, sizeof le);
	char hint[256];
	int calls = 0;
	lineedit_reset(&le, "ov");
	cmdline_complete(&le, complete_cb, &calls, hint, sizeof hint);
	assert_string_equal(le.buf, "overview ");
	assert_int_equal(le.cur, le.len);
	assert_string_equal(hint, "");
	lineedit_reset(&le, "re");
	cmdline_complete(&le, complete_cb, &calls, hint, sizeof hint);
	assert_string_equal(le.buf, "re");
	assert_string_equal(hint, "resume reboot");
	lineedit_reset(&le, "ra");
	cmdline_complete(&le, complete_cb, &calls, hint, sizeof hint);
	assert_string_equal(le.buf, "rack");      /* the common prefix */
	assert_string_equal(hint, "racks rack");
	lineedit_reset(&le, "q");
	cmdline_complete(&le, complete_cb, &calls, hint, sizeof hint);
	assert_string_equal(le.buf, "quit ");     /* "q" itself is not offered */
	lineedit_reset(&le, "xyz");
	cmdline_complete(&le, complete_cb, &calls, hint, sizeof hint);
	assert_string_equal(le.buf, "xyz");
	assert_string_equal(hint, "");
	lineedit_reset(&le, "");
	cmdline_complete(&le, complete_cb, &calls, hint, sizeof hint);
	assert_non_null(strstr(hint, "overview racks power"));
	assert_null(strstr(hint, " q "));
	assert_int_equal(calls, 0);
}

static void test_complete_args(void **state)
{
	(void)state;
	static LineEdit le;
	memset(&le, 0, sizeof le);
	char hint[256];
	int calls = 0;
	lineedit_reset(&le, "node gpu0001");
	cmdline_complete(&le, complete_cb, &calls, hint, sizeof hint);
	assert_int_equal(calls, 1);
	assert_string_equal(le.buf, "node gpu0001");
	assert_string_equal(hint, "gpu00010 gpu00011 gpu00012");
	lineedit_reset(&le, "node gpu");
	cmdline_complete(&le, complete_cb, &calls, hint, sizeof hint);
	assert_string_equal(le.buf, "node gpu000");
	assert_string_equal(hint, "gpu00001 gpu00002 gpu00010 gpu00011 gpu00012");
	lineedit_reset(&le, "no gpu00002");     /* prefix of the command word */
	cmdline_complete(&le, complete_cb, &calls, hint, sizeof hint);
	assert_string_equal(le.buf, "no gpu00002");   /* already complete */
	assert_string_equal(hint, "");
	lineedit_reset(&le, "rack H");
	cmdline_complete(&le, complete_cb, &calls, hint, sizeof hint);
	assert_string_equal(le.buf, "rack H1-R01-K0");
	assert_string_equal(hint, "H1-R01-K01 H1-R01-K02");
	/* only the first argument completes; no callback, no change */
	int before = calls;
	lineedit_reset(&le, "drain gpu00001 rea");
	cmdline_complete(&le, complete_cb, &calls, hint, sizeof hint);
	assert_string_equal(le.buf, "drain gpu00001 rea");
	assert_int_equal(calls, before);
	lineedit_reset(&le, "node gpu");
	cmdline_complete(&le, NULL, NULL, hint, sizeof hint);
	assert_string_equal(le.buf, "node gpu");
	assert_string_equal(hint, "");
	/* a short hint buffer is cut, never overflowed */
	char small[12];
	lineedit_reset(&le, "node gpu");
	cmdline_complete(&le, complete_cb, &calls, small, sizeof small);
	assert_string_equal(small, "gpu00001");
}

/* ---- prompt --------------------------------------------------------------- */

static PromptResult feed(Prompt *p, const char *s)
{
	PromptResult r = PROMPT_CONTINUE;
	for (const char *c = s; *c; c++)
		r = prompt_key(p, (unsigned char)*c);
	return r;
}

static void test_prompt_reason_required(void **state)
{
	(void)state;
	static Prompt p;
	prompt_open(&p, "Drain 4 nodes", true, NULL, "4");
	assert_true(p.active);
	assert_false(p.in_confirm);
	assert_int_equal(prompt_key(&p, '\n'), PROMPT_CONTINUE);
	assert_string_equal(p.error, "a reason is required");
	assert_false(p.in_confirm);
	feed(&p, "   ");
	assert_int_equal(prompt_key(&p, '\n'), PROMPT_CONTINUE);
	assert_string_equal(p.error, "a reason is required");
	for (int i = 0; i < 3; i++)
		prompt_key(&p, BS);
	feed(&p, "XID 79");
	assert_string_equal(p.error, "");        /* cleared by the next key */
	assert_int_equal(prompt_key(&p, '\n'), PROMPT_CONTINUE);
	assert_true(p.in_confirm);
	assert_string_equal(p.reason.buf, "XID 79");
	/* Backspace on the empty confirmation goes back to the reason */
	assert_int_equal(prompt_key(&p, BS), PROMPT_CONTINUE);
	assert_false(p.in_confirm);
	assert_true(p.active);
	prompt_key(&p, '\n');
	assert_true(p.in_confirm);
	assert_int_equal(feed(&p, "4"), PROMPT_CONTINUE);
	assert_int_equal(prompt_key(&p, '\n'), PROMPT_ACCEPT);
	assert_false(p.active);
	assert_string_equal(p.reason.buf, "XID 79");
}

static void test_prompt_confirm_exact(void **state)
{
	(void)state;
	static Prompt p;
	static const char *const wrong[] = { "6", "64 ", " 64", "640", "" };
	for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
		prompt_open(&p, "Power-cycle 64 nodes", false, NULL, "64");
		assert_true(p.in_confirm);
		feed(&p, wrong[i]);
		assert_int_equal(prompt_key(&p, '\n'), PROMPT_CANCEL);
		assert_false(p.active);
		assert_string_equal(p.error, "confirmation did not match '64': nothing sent");
	}
	prompt_open(&p, "Power-cycle 64 nodes", false, NULL, "64");
	assert_int_equal(feed(&p, "64\n"), PROMPT_ACCEPT);
	prompt_open(&p, "Reboot gpu00001", true, "kernel", "yes");
	assert_string_equal(p.reason.buf, "kernel");
	assert_int_equal(feed(&p, "\nYES\n"), PROMPT_CANCEL);
	assert_non_null(strstr(p.error, "nothing sent"));
	prompt_open(&p, "Reboot gpu00001", true, "kernel", "yes");
	assert_int_equal(feed(&p, "\nyes\n"), PROMPT_ACCEPT);
}

static void test_prompt_cancel(void **state)
{
	(void)state;
	static Prompt p;
	/* Esc while typing the reason */
	prompt_open(&p, "Drain", true, NULL, "yes");
	feed(&p, "abc");
	assert_int_equal(prompt_key(&p, ESC), PROMPT_CANCEL);
	assert_false(p.active);
	assert_string_equal(p.error, "cancelled: nothing sent");
	/* Esc on an empty confirmation after a reason: cancels too */
	prompt_open(&p, "Drain", true, NULL, "yes");
	feed(&p, "abc\n");
	assert_true(p.in_confirm);
	assert_int_equal(prompt_key(&p, ESC), PROMPT_CANCEL);
	assert_false(p.active);
	assert_string_equal(p.error, "cancelled: nothing sent");
	/* Esc with a confirmation typed */
	prompt_open(&p, "Drain", true, NULL, "yes");
	feed(&p, "abc\nye");
	assert_int_equal(prompt_key(&p, ESC), PROMPT_CANCEL);
	/* no reason needed: Esc and Backspace on empty cancel */
	prompt_open(&p, "Resume", false, NULL, "yes");
	assert_int_equal(prompt_key(&p, ESC), PROMPT_CANCEL);
	prompt_open(&p, "Resume", false, NULL, "yes");
	assert_int_equal(prompt_key(&p, BS), PROMPT_CANCEL);
	/* Backspace on an empty reason cancels */
	prompt_open(&p, "Drain", true, NULL, "yes");
	assert_int_equal(prompt_key(&p, BS), PROMPT_CANCEL);
	assert_string_equal(p.error, "cancelled: nothing sent");
}

static void test_prompt_draw(void **state)
{
	(void)state;
	static Prompt p;
	prompt_open(&p, "Drain 4 nodes\x1b[31m", true, NULL, "4");
	assert_string_equal(p.title, "Drain 4 nodes?[31m");
	prompt_line(&p, "gpu[00001-00004] in %s", "H1-R01-K01");
	prompt_line(&p, "a line that is much longer than the dialog is wide, so it is clipped %d", 42);
	prompt_line(&p, "bell\a");
	assert_int_equal(p.nlines, 3);
	assert_string_equal(p.lines[2], "bell?");
	for (int i = 0; i < 20; i++)
		prompt_line(&p, "extra %d", i);
	assert_int_equal(p.nlines, PROMPT_LINES);
	int w, h;
	prompt_size(&p, &w, &h);
	assert_int_equal(h, PROMPT_LINES + 8);
	assert_true(w >= 60 && w <= 100);

	Canvas cv;
	canvas_init(&cv, 120, 40);
	for (int pass = 0; pass < 2; pass++) {
		Rect r = pass ? (Rect){ 5, 3, 40, 12 } : (Rect){ 10, 5, w, h };
		canvas_fill(&cv, (Rect){ 0, 0, cv.w, cv.h }, '.', ROLE_DIM);
		int cx, cy;
		prompt_draw(&p, &cv, r, &cx, &cy);
		for (int y = 0; y < cv.h; y++)
			for (int x = 0; x < cv.w; x++) {
				bool in = x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;
				if (!in && cv.cells[y * cv.w + x].ch != '.')
					fail_msg("pass %d: drawn outside at %d,%d", pass, x, y);
				if (in && cv.cells[y * cv.w + x].ch == '.' &&
				    cv.cells[y * cv.w + x].role == ROLE_DIM)
					fail_msg("pass %d: %d,%d not cleared", pass, x, y);
			}
		char row[512];
		canvas_row_text(&cv, r.y, row, sizeof row);
		assert_non_null(strstr(row, "Drain 4 nodes"));
		canvas_row_text(&cv, r.y + 1, row, sizeof row);
		assert_non_null(strstr(row, "gpu[00001-00004] in H1-R01-K01"));
		assert_true(cx >= r.x && cx < r.x + r.w && cy > r.y && cy < r.y + r.h - 1);
	}
	/* reason field and cursor */
	prompt_open(&p, "Drain", true, NULL, "yes");
	prompt_line(&p, "gpu00001");
	feed(&p, "XID");
	prompt_size(&p, &w, &h);
	Rect r = { 2, 2, w, h };
	canvas_clear(&cv);
	int cx, cy;
	prompt_draw(&p, &cv, r, &cx, &cy);
	char row[512];
	canvas_row_text(&cv, cy, row, sizeof row);
	assert_non_null(strstr(row, "Reason: XID"));
	assert_int_equal(cx, r.x + 2 + (int)strlen("Reason: XID"));
	canvas_row_text(&cv, r.y + r.h - 2, row, sizeof row);
	assert_non_null(strstr(row, "Enter: next   Esc: cancel, nothing is sent"));
	feed(&p, "\n");
	canvas_clear(&cv);
	prompt_draw(&p, &cv, r, &cx, &cy);
	canvas_row_text(&cv, cy, row, sizeof row);
	assert_non_null(strstr(row, "Type yes to confirm:"));
	canvas_free(&cv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edit_insert),
		cmocka_unit_test(test_edit_key_range_chars),
		cmocka_unit_test(test_edit_delete),
		cmocka_unit_test(test_history),
		cmocka_unit_test(test_parse_words),
		cmocka_unit_test(test_parse_prefixes),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_complete_words),
		cmocka_unit_test(test_complete_args),
		cmocka_unit_test(test_prompt_reason_required),
		cmocka_unit_test(test_prompt_confirm_exact),
		cmocka_unit_test(test_prompt_cancel),
		cmocka_unit_test(test_prompt_draw),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
