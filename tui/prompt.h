/* Confirmation and reason prompts for actions: state and drawing. */
#ifndef NARVIK_PROMPT_H
#define NARVIK_PROMPT_H

#include <stdbool.h>

#include "panels/canvas.h"
#include "tui/cmdline.h"

#define PROMPT_LINES 12

typedef enum { PROMPT_CONTINUE, PROMPT_ACCEPT, PROMPT_CANCEL } PromptResult;

/* A modal prompt: an optional reason to type, then a confirmation that
 * must match `expect` exactly ("yes", or the number of targets). */
typedef struct {
	bool active;
	char title[160];
	char lines[PROMPT_LINES][160];  /* what the action will hit */
	int nlines;
	bool need_reason;
	bool in_confirm;                /* reason done, typing the confirmation */
	LineEdit reason;
	LineEdit confirm;
	char expect[32];
	char error[160];                /* why the last Enter was refused */
} Prompt;

void prompt_open(Prompt *p, const char *title, bool need_reason, const char *reason_prefill,
                 const char *expect);
void prompt_line(Prompt *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Feed a key. ACCEPT when the confirmation matched; CANCEL on Esc or a
 * confirmation typed wrong (p->error says why). */
PromptResult prompt_key(Prompt *p, int key);
/* Size the prompt wants, in cells. */
void prompt_size(const Prompt *p, int *w, int *h);
/* Draw into r; sets the text cursor position. */
void prompt_draw(const Prompt *p, Canvas *cv, Rect r, int *cur_x, int *cur_y);

#endif
