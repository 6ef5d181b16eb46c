/* Confirmation and reason prompts for actions: state and drawing. */
#include "tui/prompt.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/text.h"

void prompt_open(Prompt *p, const char *title, bool need_reason, const char *reason_prefill,
                 const char *expect)
{
	memset(p, 0, sizeof *p);
	p->active = true;
	text_sanitize(p->title, sizeof p->title, title);
	p->need_reason = need_reason;
	p->in_confirm = !need_reason;
	lineedit_reset(&p->reason, reason_prefill ? reason_prefill : "");
	lineedit_reset(&p->confirm, "");
	text_copy(p->expect, sizeof p->expect, expect);
}

void prompt_line(Prompt *p, const char *fmt, ...)
{
	if (p->nlines >= PROMPT_LINES)
		return;
	char raw[320];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	text_sanitize(p->lines[p->nlines++], sizeof p->lines[0], raw);
}

PromptResult prompt_key(Prompt *p, int key)
{
	p->error[0] = '\0';
	LineEdit *le = p->in_confirm ? &p->confirm : &p->reason;
	LineEditResult r = lineedit_key(le, key);
	if (r == LE_CANCEL) {
		/* Esc and C-c always cancel; only Backspace on an empty
		 * confirmation goes back to the reason. */
		bool esc = key == 27 || key == 3;
		if (esc || le == &p->reason || p->confirm.len > 0 || !p->need_reason) {
			p->active = false;
			snprintf(p->error, sizeof p->error, "cancelled: nothing sent");
			return PROMPT_CANCEL;
		}
		p->in_confirm = false; /* Backspace on an empty confirmation: back to the reason */
		return PROMPT_CONTINUE;
	}
	if (r != LE_ACCEPT)
		return PROMPT_CONTINUE;
	if (!p->in_confirm) {
		const char *s = p->reason.buf;
		while (*s == ' ')
			s++;
		if (!*s) {
			snprintf(p->error, sizeof p->error, "a reason is required");
			return PROMPT_CONTINUE;
		}
		p->in_confirm = true;
		return PROMPT_CONTINUE;
	}
	p->active = false;
	if (strcmp(p->confirm.buf, p->expect) != 0) {
		snprintf(p->error, sizeof p->error, "confirmation did not match '%s': nothing sent", p->expect);
		return PROMPT_CANCEL;
	}
	return PROMPT_ACCEPT;
}

void prompt_size(const Prompt *p, int *w, int *h)
{
	int maxw = (int)strlen(p->title) + 6;
	for (int i = 0; i < p->nlines; i++) {
		int l = (int)strlen(p->lines[i]) + 4;
		if (l > maxw)
			maxw = l;
	}
	if (maxw < 60)
		maxw = 60;
	if (maxw > 100)
		maxw = 100;
	*w = maxw;
	*h = p->nlines + 8;
}

static void draw_field(Canvas *cv, int x, int y, int w, const char *label, const LineEdit *le,
                       bool focus, int *cur_x, int *cur_y)
{
	int n = canvas_text(cv, x, y, w, ROLE_NORMAL, CELL_BOLD, label);
	int fx = x + n + 1, fw = w - n - 1;
	canvas_fill(cv, (Rect){ fx, y, fw, 1 }, ' ', ROLE_INPUT);
	/* show the tail when the text is longer than the field */
	int cols = 0;
	for (int i = 0; i < le->cur; i++)
		if (((unsigned char)le->buf[i] & 0xC0) != 0x80)
			cols++;
	int skip = cols >= fw ? cols - fw + 1 : 0;
	const char *s = le->buf;
	for (int c = 0; c < skip && *s; s++)
		if ((((unsigned char)s[1]) & 0xC0) != 0x80)
			c++;
	canvas_text(cv, fx, y, fw, ROLE_INPUT, 0, s);
	if (focus) {
		*cur_x = fx + cols - skip;
		*cur_y = y;
	}
}

void prompt_draw(const Prompt *p, Canvas *cv, Rect r, int *cur_x, int *cur_y)
{
	*cur_x = *cur_y = -1;
	canvas_fill(cv, r, ' ', ROLE_NORMAL);
	canvas_box(cv, r, ROLE_BORDER, p->title, ROLE_TITLE);
	int x = r.x + 2, w = r.w - 4, y = r.y + 1;
	for (int i = 0; i < p->nlines && y < r.y + r.h - 5; i++)
		canvas_text(cv, x, y++, w, ROLE_NORMAL, 0, p->lines[i]);
	y++;
	if (p->need_reason)
		draw_field(cv, x, y++, w, "Reason:", &p->reason, !p->in_confirm, cur_x, cur_y);
	if (p->in_confirm) {
		char label[64];
		snprintf(label, sizeof label, "Type %s to confirm:", p->expect);
		draw_field(cv, x, y, w, label, &p->confirm, true, cur_x, cur_y);
	}
	y++;
	if (p->error[0])
		canvas_text(cv, x, r.y + r.h - 2, w, ROLE_CRIT, CELL_BOLD, p->error);
	else
		canvas_text(cv, x, r.y + r.h - 2, w, ROLE_DIM, 0,
		            p->in_confirm ? "Enter: send   Esc: cancel, nothing is sent"
		                          : "Enter: next   Esc: cancel, nothing is sent");
}
