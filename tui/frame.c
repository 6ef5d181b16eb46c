/* One frame: tabs, the panel, the status line and overlays, then present. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tui/app.h"
#include "tui/frame.h"
#include "tui/layout.h"
#include "util/clock.h"
#include "util/text.h"

static const PanelId tab_order[] = { PANEL_OVERVIEW, PANEL_RACKS, PANEL_POWER, PANEL_COOLING,
                                     PANEL_JOBS, PANEL_ALERTS, PANEL_FLEET };
static const char tab_keys[] = "1234560";

static void draw_tabs(App *a, Rect r)
{
	Canvas *cv = &a->cv;
	const SiteView *v = site_view(a->sites[a->cur].site);
	canvas_fill(cv, r, ' ', ROLE_TAB);
	int x = r.x;
	x += canvas_text(cv, x, r.y, 8, ROLE_TITLE, CELL_BOLD, "narvik ");
	x += canvas_text(cv, x, r.y, 24, ROLE_STATUS_SITE, CELL_BOLD, v->name);
	x += 1;
	/* The panel that is shown, or the one it drilled down from. */
	PanelId active = a->depth > 0 ? a->stack[0] : a->view;
	for (size_t i = 0; i < sizeof tab_order / sizeof tab_order[0]; i++) {
		if (tab_order[i] == PANEL_FLEET && a->nsites < 2)
			continue;
		bool on = tab_order[i] == active;
		char t[32];
		snprintf(t, sizeof t, "%c %s ", tab_keys[i], panel_table[tab_order[i]]->title);
		if (x + (int)strlen(t) > r.x + r.w - 9)
			break;
		x += canvas_text(cv, x, r.y, r.w - x, on ? ROLE_TAB_ACTIVE : ROLE_TAB,
		                 on ? CELL_BOLD : 0, t);
	}
	if (a->view == PANEL_RACK || a->view == PANEL_NODE) {
		EntityRef e;
		PanelCtx c = app_ctx(a);
		char name[64] = "";
		if (panel_table[a->view]->selection && panel_table[a->view]->selection(a->pstate[a->view], &c, &e))
			site_entity_name(a->sites[a->cur].site, e, name, sizeof name);
		x += canvas_printf(cv, x, r.y, r.w - x - 10, ROLE_TAB_ACTIVE, CELL_BOLD, " > %s %s ",
		                   panel_table[a->view]->title, name);
	}
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	char clock[16];
	strftime(clock, sizeof clock, "%H:%M:%S", &tm);
	canvas_text_right(cv, r.x, r.y, r.w, ROLE_TAB, 0, clock);
}

static void draw_status(App *a, Rect r, int *cx, int *cy)
{
	Canvas *cv = &a->cv;
	canvas_fill(cv, r, ' ', ROLE_STATUS);
	if (a->mode == MODE_COMMAND || a->mode == MODE_FILTER) {
		const LineEdit *le = a->mode == MODE_COMMAND ? &a->cmd : &a->filter_edit;
		char pre = a->mode == MODE_COMMAND ? ':' : '/';
		canvas_put(cv, r.x, r.y, (uint32_t)pre, ROLE_INPUT, CELL_BOLD);
		int n = canvas_text(cv, r.x + 1, r.y, r.w - 2, ROLE_INPUT, 0, le->buf);
		int cols = 0;
		for (int i = 0; i < le->cur; i++)
			if (((unsigned char)le->buf[i] & 0xC0) != 0x80)
				cols++;
		*cx = r.x + 1 + (cols < n + 1 ? cols : n);
		*cy = r.y;
		if (a->hint[0])
			canvas_text_right(cv, r.x + n + 4, r.y, r.w - n - 4, ROLE_DIM, 0, a->hint);
		else if (a->mode == MODE_FILTER)
			canvas_text_right(cv, r.x + n + 4, r.y, r.w - n - 4, ROLE_DIM, 0,
			                  "substring or hostlist gpu[00001-00064]   Enter keep  Esc clear");
		return;
	}
	const AppSite *s = &a->sites[a->cur];
	const SiteView *v = site_view(s->site);
	int x = r.x;
	bool ro = v->read_only || a->opt.read_only;
	/* The site an action will go to, and the mode, always shown. */
	x += canvas_printf(cv, x, r.y, 30, ROLE_STATUS_SITE, CELL_BOLD, " %s ", v->name);
	if (ro)
		x += canvas_text(cv, x, r.y, 12, ROLE_STATUS_RO, CELL_BOLD, " READ-ONLY ");
	if (a->opt.dry_run)
		x += canvas_text(cv, x, r.y, 10, ROLE_STATUS_RO, CELL_BOLD, " DRY-RUN ");
	x++;
	if (a->status[0] && a->status_until_ms) {
		canvas_text(cv, x, r.y, r.w - x, a->status_role, CELL_BOLD, a->status);
		return;
	}
	AlertSummary sum;
	alerts_summary(v, &sum);
	if (sum.active[SEV_CRITICAL])
		x += canvas_printf(cv, x, r.y, 20, ROLE_CRIT, CELL_BOLD, "%d crit ", sum.active[SEV_CRITICAL]);
	if (sum.active[SEV_WARNING])
		x += canvas_printf(cv, x, r.y, 20, ROLE_WARN, CELL_BOLD, "%d warn ", sum.active[SEV_WARNING]);
	int bad = 0;
	for (int i = 1; i < v->nsources; i++)
		if (!v->sources[i].ok || site_source_stale(s->site, (SourceId)i, v->now))
			bad++;
	if (bad)
		x += canvas_printf(cv, x, r.y, 24, ROLE_WARN, CELL_BOLD, "%d source%s failing ", bad, bad == 1 ? "" : "s");
	if (a->filter[0])
		x += canvas_printf(cv, x, r.y, 40, ROLE_INFO, 0, "filter: %s ", a->filter);
	int marked = 0;
	for (int32_t i = 0; i < s->marked_len; i++)
		marked += s->marked[i];
	if (marked)
		x += canvas_printf(cv, x, r.y, 20, ROLE_MARKED, 0, "%d marked ", marked);
	canvas_text_right(cv, x, r.y, r.w - x - 1, ROLE_DIM, 0, "? help  : command  / filter  q quit");
}

static void draw_help(App *a, Rect body)
{
	Canvas *cv = &a->cv;
	Rect r = rect_inset(body, 1);
	canvas_fill(cv, r, ' ', ROLE_NORMAL);
	canvas_box(cv, r, ROLE_BORDER, "Help: keys (from the keymap) and commands", ROLE_TITLE);
	/* Lines: group headers and bindings, then the commands. */
	char lines[KA_COUNT + 32][160];
	uint8_t roles[KA_COUNT + 32];
	int n = 0;
	const char *group = "";
	for (int k = 1; k < KA_COUNT; k++) {
		const KeyBinding *b = keymap_binding(&a->km, (KeyAction)k);
		if (strcmp(b->group, group) != 0) {
			group = b->group;
			roles[n] = ROLE_HEADER;
			snprintf(lines[n++], sizeof lines[0], "%s", group);
		}
		char keys[48];
		keymap_keys_text(b, keys, sizeof keys);
		roles[n] = ROLE_NORMAL;
		snprintf(lines[n++], sizeof lines[0], "  %-12s %-18s %s", keys, b->name, b->help);
	}
	static const char *const cmds[] = {
		"Commands",
		"  :overview :racks :power :cooling :jobs :alerts :fleet   open a panel",
		"  :node NAME   :rack NAME   :site NAME                    go to it (Tab completes)",
		"  :drain HOSTLIST REASON   :resume HOSTLIST               act on nodes by hostlist",
		"  :reboot HOSTLIST REASON  :power-cycle HOSTLIST REASON",
		"  :filter TEXT  :theme NAME  :help  :quit",
	};
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		roles[n] = i == 0 ? ROLE_HEADER : ROLE_NORMAL;
		snprintf(lines[n++], sizeof lines[0], "%s", cmds[i]);
	}
	int inner_h = r.h - 2, cols = (n > inner_h && r.w >= 150) ? 2 : 1;
	int per_col = (n + cols - 1) / cols;
	int max_top = per_col - inner_h;
	if (max_top < 0)
		max_top = 0;
	if (a->help_top > max_top)
		a->help_top = max_top;
	int colw = (r.w - 2) / cols;
	for (int c = 0; c < cols; c++)
		for (int y = 0; y < inner_h; y++) {
			int i = c * per_col + a->help_top + y;
			if (i >= n || (c + 1) * per_col <= a->help_top + y)
				break;
			canvas_text(cv, r.x + 2 + c * colw, r.y + 1 + y, colw - 2, roles[i],
			            roles[i] == ROLE_HEADER ? CELL_BOLD : 0, lines[i]);
		}
	if (max_top > 0)
		canvas_text_right(cv, r.x + 1, r.y + r.h - 1, r.w - 3, ROLE_DIM, 0, " j/k scroll  any other key closes ");
	else
		canvas_text_right(cv, r.x + 1, r.y + r.h - 1, r.w - 3, ROLE_DIM, 0, " any key closes ");
}

void frame_draw(App *a)
{
	int w, h;
	screen_size(a->sc, &w, &h);
	if (a->cv.w != w || a->cv.h != h)
		canvas_resize(&a->cv, w, h);
	canvas_clear(&a->cv);
	int pw = 0, ph = 0;
	if (a->mode == MODE_PROMPT)
		prompt_size(&a->prompt, &pw, &ph);
	Layout l = layout_compute(w, h, pw, ph);
	int cx = -1, cy = -1;
	if (l.too_small) {
		char msg[96];
		snprintf(msg, sizeof msg, "terminal too small: %dx%d, narvik needs %dx%d", w, h,
		         LAYOUT_MIN_W, LAYOUT_MIN_H);
		canvas_text(&a->cv, 0, h / 2, w, ROLE_WARN, CELL_BOLD, msg);
		canvas_text(&a->cv, 0, h / 2 + 1, w, ROLE_DIM, 0, "enlarge the window, or q to quit");
		screen_present(a->sc, &a->cv, -1, -1);
		return;
	}
	draw_tabs(a, l.tabs);
	PanelCtx c = app_ctx(a);
	panel_table[a->view]->draw(a->pstate[a->view], &c, &a->cv, l.body);
	draw_status(a, l.status, &cx, &cy);
	if (a->mode == MODE_HELP)
		draw_help(a, l.body);
	else if (a->mode == MODE_PROMPT)
		prompt_draw(&a->prompt, &a->cv, l.dialog, &cx, &cy);
	screen_present(a->sc, &a->cv, cx, cy);
}
