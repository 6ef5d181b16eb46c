/* Keys in each mode, and the ':' commands they lead to. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "tui/app.h"
#include "tui/ops.h"
#include "tui/keys.h"
#include "util/text.h"

static void set_filter(App *a, const char *text, bool quiet)
{
	char err[160] = "";
	HostMatch *m = NULL;
	if (text && *text) {
		m = hostmatch_new(text, err, sizeof err);
		if (!m) {
			/* Keep the previous filter while the user is still typing. */
			if (!quiet)
				app_say(a, ROLE_WARN, "filter: %s", err);
			else
				snprintf(a->hint, sizeof a->hint, "%s", err);
			return;
		}
	}
	a->hint[0] = '\0';
	hostmatch_free(a->filter_match);
	a->filter_match = m;
	text_copy(a->filter, sizeof a->filter, m ? text : "");
	a->dirty = true;
}

static void switch_site(App *a, int idx)
{
	if (idx < 0 || idx >= a->nsites || idx == a->cur)
		return;
	a->cur = idx;
	app_apply_theme(a);
	set_filter(a, "", true);
	if (a->view == PANEL_RACK || a->view == PANEL_NODE)
		app_open(a, PANEL_OVERVIEW, NULL, false);
	app_say(a, ROLE_ACCENT, "site %s", site_view(a->sites[idx].site)->name);
}

static int find_site(const App *a, const char *name)
{
	for (int i = 0; i < a->nsites; i++)
		if (strcmp(site_view(a->sites[i].site)->name, name) == 0)
			return i;
	return -1;
}

/* Completion candidates for :node, :rack, :site. */
static int complete(void *ctx, const char *kind, const char *prefix, char out[][64], int max)
{
	const App *a = ctx;
	const SiteView *v = site_view(a->sites[a->cur].site);
	size_t pl = strlen(prefix);
	int n = 0;
	if (!strcmp(kind, "site")) {
		for (int i = 0; i < a->nsites && n < max; i++)
			if (!strncmp(site_view(a->sites[i].site)->name, prefix, pl))
				text_copy(out[n++], 64, site_view(a->sites[i].site)->name);
	} else if (!strcmp(kind, "node") || !strcmp(kind, "drain") || !strcmp(kind, "resume") ||
	           !strcmp(kind, "reboot") || !strcmp(kind, "power-cycle")) {
		for (int32_t i = 0; i < v->nnodes && n < max; i++)
			if (!strncmp(v->nodes[i].name, prefix, pl))
				text_copy(out[n++], 64, v->nodes[i].name);
	} else if (!strcmp(kind, "rack")) {
		for (int32_t i = 0; i < v->nracks && n < max; i++)
			if (!strncmp(v->racks[i].name, prefix, pl))
				text_copy(out[n++], 64, v->racks[i].name);
	}
	return n;
}

void keys_run_command(App *a, const char *line)
{
	Command c = cmdline_parse(line);
	const Site *site = a->sites[a->cur].site;
	switch (c.kind) {
	case CMD_NONE:
		return;
	case CMD_QUIT:
		a->quit = true;
		return;
	case CMD_HELP:
		a->mode = MODE_HELP;
		a->help_top = 0;
		a->dirty = true;
		return;
	case CMD_PANEL: {
		const PanelOps *p = panel_find(c.arg);
		if (p)
			app_open(a, p->id, NULL, false);
		return;
	}
	case CMD_NODE: case CMD_RACK: {
		int32_t i = c.kind == CMD_NODE ? site_node_find(site, c.arg) : site_rack_find(site, c.arg);
		if (i < 0) {
			app_say(a, ROLE_WARN, "no %s named '%s' on site %s", c.kind == CMD_NODE ? "node" : "rack",
			        c.arg, site_view(site)->name);
			return;
		}
		EntityRef e = { c.kind == CMD_NODE ? ENT_NODE : ENT_RACK, i };
		app_open(a, PANEL_AUTO, &e, true);
		return;
	}
	case CMD_SITE: {
		int i = find_site(a, c.arg);
		if (i < 0)
			app_say(a, ROLE_WARN, "no site named '%s' (Tab completes)", c.arg);
		else
			switch_site(a, i);
		return;
	}
	case CMD_FILTER:
		set_filter(a, c.arg, false);
		return;
	case CMD_THEME: {
		char err[256];
		ThemeDirs td;
		theme_dirs_default(&td);
		Theme *t = theme_find(c.arg, td.dirs, err, sizeof err);
		if (!t) {
			app_say(a, ROLE_WARN, "theme: %s", err);
			return;
		}
		theme_free(a->theme);
		a->theme = t;
		app_apply_theme(a);
		return;
	}
	case CMD_ACTION: {
		int k = action_kind_from_name(c.word);
		if (k < 0 || action_kind_is_job((ActionKind)k)) {
			app_say(a, ROLE_WARN, "unknown action '%s'", c.word);
			return;
		}
		if (!c.arg[0]) {
			app_say(a, ROLE_WARN, ":%s needs nodes, e.g. :%s gpu[00001-00008] reason", c.word, c.word);
			return;
		}
		ops_begin(a, (ActionKind)k, c.arg, c.rest);
		return;
	}
	case CMD_UNKNOWN: case CMD_BAD:
		app_say(a, ROLE_WARN, "%s", c.error);
		return;
	}
}

static PanelCmd panel_cmd_for(KeyAction k, bool *ok)
{
	*ok = true;
	switch (k) {
	case KA_UP: return CMD_UP;
	case KA_DOWN: return CMD_DOWN;
	case KA_LEFT: return CMD_LEFT;
	case KA_RIGHT: return CMD_RIGHT;
	case KA_PAGE_UP: return CMD_PAGE_UP;
	case KA_PAGE_DOWN: return CMD_PAGE_DOWN;
	case KA_HOME: return CMD_HOME;
	case KA_END: return CMD_END;
	case KA_ENTER: return CMD_ENTER;
	case KA_SORT_NEXT: return CMD_SORT_NEXT;
	case KA_SORT_REVERSE: return CMD_SORT_REVERSE;
	case KA_METRIC_NEXT: return CMD_METRIC_NEXT;
	default: break;
	}
	*ok = false;
	return CMD_UP;
}

static void panel_command(App *a, PanelCmd cmd)
{
	PanelCtx c = app_ctx(a);
	Nav nav = { PANEL_AUTO, { ENT_SITE, 0 } };
	unsigned r = panel_table[a->view]->command(a->pstate[a->view], &c, cmd, &nav);
	if (r & PK_NAV) {
		if (a->view == PANEL_FLEET && nav.target.kind == ENT_SITE) {
			switch_site(a, nav.target.index);
			app_open(a, nav.panel == PANEL_AUTO ? PANEL_OVERVIEW : nav.panel, NULL, true);
		} else {
			app_open(a, nav.panel, &nav.target, true);
		}
	}
	if (r & (PK_REDRAW | PK_NAV))
		a->dirty = true;
}

static void toggle_mark(App *a)
{
	AppSite *s = &a->sites[a->cur];
	PanelCtx c = app_ctx(a);
	EntityRef e;
	if (!panel_table[a->view]->selection || !panel_table[a->view]->selection(a->pstate[a->view], &c, &e)) {
		app_say(a, ROLE_WARN, "nothing to mark here: marks are for nodes (racks → Enter → nodes)");
		return;
	}
	if (e.kind == ENT_GPU)
		e = (EntityRef){ ENT_NODE, c.v->gpus[e.index].node };
	if (e.kind != ENT_NODE || e.index >= s->marked_len) {
		app_say(a, ROLE_WARN, "only nodes can be marked");
		return;
	}
	s->marked[e.index] ^= 1;
	int n = 0;
	for (int32_t i = 0; i < s->marked_len; i++)
		n += s->marked[i];
	app_say(a, ROLE_INFO, "%d node%s marked (u clears)", n, n == 1 ? "" : "s");
	panel_command(a, CMD_DOWN);
}

static void normal_key(App *a, int key)
{
	KeyAction k = keymap_lookup(&a->km, key);
	bool is_panel;
	PanelCmd pc = panel_cmd_for(k, &is_panel);
	if (is_panel) {
		panel_command(a, pc);
		return;
	}
	static const PanelId order[] = { PANEL_OVERVIEW, PANEL_RACKS, PANEL_POWER, PANEL_COOLING,
	                                  PANEL_JOBS, PANEL_ALERTS, PANEL_FLEET };
	const int norder = (int)(sizeof order / sizeof order[0]);
	switch (k) {
	case KA_QUIT: a->quit = true; break;
	case KA_HELP: a->mode = MODE_HELP; a->help_top = 0; a->dirty = true; break;
	case KA_COMMAND:
		a->mode = MODE_COMMAND;
		a->hint[0] = '\0';
		lineedit_reset(&a->cmd, "");
		a->dirty = true;
		break;
	case KA_FILTER:
		a->mode = MODE_FILTER;
		a->hint[0] = '\0';
		lineedit_reset(&a->filter_edit, a->filter);
		a->dirty = true;
		break;
	case KA_BACK:
		if (a->filter[0])
			set_filter(a, "", true);
		else if (a->depth > 0)
			a->view = a->stack[--a->depth];
		a->dirty = true;
		break;
	case KA_REDRAW:
		if (a->sc)
			screen_invalidate(a->sc);
		a->dirty = true;
		break;
	case KA_NEXT_PANEL: case KA_PREV_PANEL: {
		int i = 0;
		while (i < norder && order[i] != a->view)
			i++;
		int step = k == KA_NEXT_PANEL ? 1 : norder - 1;
		app_open(a, order[(i + step) % norder], NULL, false);
		break;
	}
	case KA_VIEW_OVERVIEW: app_open(a, PANEL_OVERVIEW, NULL, false); break;
	case KA_VIEW_RACKS: app_open(a, PANEL_RACKS, NULL, false); break;
	case KA_VIEW_POWER: app_open(a, PANEL_POWER, NULL, false); break;
	case KA_VIEW_COOLING: app_open(a, PANEL_COOLING, NULL, false); break;
	case KA_VIEW_JOBS: app_open(a, PANEL_JOBS, NULL, false); break;
	case KA_VIEW_ALERTS: app_open(a, PANEL_ALERTS, NULL, false); break;
	case KA_VIEW_FLEET: app_open(a, PANEL_FLEET, NULL, false); break;
	case KA_MARK: toggle_mark(a); break;
	case KA_UNMARK_ALL: {
		AppSite *s = &a->sites[a->cur];
		if (s->marked)
			memset(s->marked, 0, (size_t)s->marked_len);
		app_say(a, ROLE_INFO, "marks cleared");
		break;
	}
	case KA_DRAIN: ops_begin(a, ACT_DRAIN, NULL, NULL); break;
	case KA_RESUME: ops_begin(a, ACT_RESUME, NULL, NULL); break;
	case KA_REBOOT: ops_begin(a, ACT_REBOOT, NULL, NULL); break;
	case KA_POWER_CYCLE: ops_begin(a, ACT_POWER_CYCLE, NULL, NULL); break;
	case KA_SUSPEND:
		if (a->sc) {
			screen_suspend(a->sc);
			raise(SIGTSTP);         /* returns when the shell continues us */
			screen_resume(a->sc);
		}
		break;
	case KA_SITE_NEXT: switch_site(a, (a->cur + 1) % a->nsites); break;
	case KA_SITE_PREV: switch_site(a, (a->cur + a->nsites - 1) % a->nsites); break;
	default: break;
	}
}

void keys_handle(App *a, int key)
{
	a->dirty = true;
	switch (a->mode) {
	case MODE_PROMPT: {
		PromptResult r = prompt_key(&a->prompt, key);
		if (r == PROMPT_ACCEPT) {
			a->mode = MODE_NORMAL;
			ops_confirmed(a);
		} else if (r == PROMPT_CANCEL) {
			a->mode = MODE_NORMAL;
			app_say(a, ROLE_WARN, "%s", a->prompt.error);
		}
		return;
	}
	case MODE_COMMAND:
		if (key == '\t') {
			cmdline_complete(&a->cmd, complete, a, a->hint, sizeof a->hint);
			return;
		}
		a->hint[0] = '\0';
		switch (lineedit_key(&a->cmd, key)) {
		case LE_ACCEPT:
			a->mode = MODE_NORMAL;
			lineedit_remember(&a->cmd);
			keys_run_command(a, a->cmd.buf);
			break;
		case LE_CANCEL:
			a->mode = MODE_NORMAL;
			break;
		case LE_CONTINUE:
			break;
		}
		return;
	case MODE_FILTER:
		switch (lineedit_key(&a->filter_edit, key)) {
		case LE_ACCEPT:
			a->mode = MODE_NORMAL;
			set_filter(a, a->filter_edit.buf, false);
			break;
		case LE_CANCEL:
			a->mode = MODE_NORMAL;
			set_filter(a, "", true);
			break;
		case LE_CONTINUE:
			set_filter(a, a->filter_edit.buf, true); /* live */
			break;
		}
		return;
	case MODE_HELP: {
		KeyAction k = keymap_lookup(&a->km, key);
		if (k == KA_DOWN || k == KA_PAGE_DOWN)
			a->help_top += k == KA_DOWN ? 1 : 10;
		else if (k == KA_UP || k == KA_PAGE_UP)
			a->help_top -= k == KA_UP ? 1 : 10;
		else if (k == KA_QUIT && key != 'q')
			a->quit = true;
		else
			a->mode = MODE_NORMAL;
		if (a->help_top < 0)
			a->help_top = 0;
		return;
	}
	case MODE_NORMAL:
		normal_key(a, key);
		return;
	}
}
