/* The application: the one struct that owns everything, and the loop. */
#ifndef NARVIK_APP_H
#define NARVIK_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "connectors/connector.h"
#include "panels/canvas.h"
#include "panels/panel.h"
#include "site/alerts.h"
#include "site/hostlist.h"
#include "site/site.h"
#include "tui/audit.h"
#include "tui/cmdline.h"
#include "tui/keymap.h"
#include "tui/prompt.h"
#include "tui/screen.h"
#include "tui/theme.h"
#include "util/pollset.h"

#define APP_SITES_MAX 16
#define APP_CONNS_MAX 16
#define APP_VIEW_DEPTH 8
#define APP_ACTIONS_MAX 256

/* Command-line options; they override the config file. */
typedef struct {
	const char *config_path;    /* -c FILE; NULL = the default place */
	bool demo;                  /* --demo: ignore the config, run the demo site */
	long demo_scale;            /* --demo-scale N GPUs; 0 = config/default */
	long demo_seed;             /* --seed N; -1 = config/default */
	int demo_sites;             /* --demo-sites N; 0 = config/default */
	bool ascii;                 /* --ascii */
	bool read_only;             /* --read-only */
	bool dry_run;               /* --dry-run */
	const char *theme;          /* --theme NAME */
	const char *site;           /* --site NAME: only this site (headless) or start on it */
	bool once, json, check;     /* headless modes */
	int timeout_s;              /* --timeout for headless, default 30 */
	bool pretty;                /* --pretty JSON */
	const char *log_path;       /* --log FILE */
} AppOptions;

/* One site with its sources. */
typedef struct {
	Site *site;
	Alerts *alerts;
	AlertConfig acfg;
	Connector conns[APP_CONNS_MAX];
	int nconns;
	uint8_t *marked;            /* per node: 1 = marked for a bulk action */
	int32_t marked_len;
	int64_t next_history;       /* Unix s of the next power history sample */
	uint64_t evaluated_gen;     /* generation alerts were last run on */
	int64_t next_eval_ms;       /* earliest monotonic ms for the next run */
	char accent[32];            /* colour of the site's name; "" = the theme's */
} AppSite;

typedef enum { MODE_NORMAL, MODE_COMMAND, MODE_FILTER, MODE_HELP, MODE_PROMPT } AppMode;

typedef enum { AS_SENT, AS_OK, AS_FAILED } ActionStatus;

/* An action request in flight or done, for the status line and the log. */
typedef struct {
	uint32_t id;
	uint64_t batch;             /* the confirmation it came from: its audit batch */
	int site;
	ActionKind kind;
	int32_t node;
	uint32_t job;
	ActionStatus status;
	char msg[SITE_TEXT_MAX];
} AppAction;

/* What a confirmed prompt will do. */
typedef struct {
	ActionKind kind;
	int site;
	int32_t *nodes;             /* owned */
	int32_t nnodes;
} PendingAction;

typedef struct App {
	AppOptions opt;
	AppSite sites[APP_SITES_MAX];
	int nsites, cur;
	const Site *site_ptrs[APP_SITES_MAX];  /* the same sites, for PanelCtx */
	char operator_id[96];       /* user@host stamped on reasons */

	/* terminal */
	Screen *sc;
	Canvas cv;
	Keymap km;
	Theme *theme;
	bool no_color;
	int refresh_ms;             /* redraw tick */

	/* view */
	void *pstate[PANEL_COUNT];
	PanelId view;
	PanelId stack[APP_VIEW_DEPTH];
	int depth;
	AppMode mode;
	LineEdit cmd;
	LineEdit filter_edit;
	char filter[CMDLINE_MAX];
	HostMatch *filter_match;
	char hint[256];             /* completion choices */
	int help_top;
	Prompt prompt;
	PendingAction pending;
	char status[256];
	uint8_t status_role;
	int64_t status_until_ms;

	/* actions */
	AppAction actions[APP_ACTIONS_MAX];
	int nactions;               /* ring: the newest APP_ACTIONS_MAX */
	uint32_t next_action_id;

	/* audit trail (tui/audit.h): opened on the first confirmed action, so
	 * that watching never needs the file; closed by main after app_free */
	Audit *audit;
	char audit_path[AUDIT_PATH_MAX];  /* [narvik] audit_log; "" = the default */

	/* loop */
	PollSet ps;
	int sigpipe[2];
	bool quit;
	bool dirty;
	uint64_t drawn_gen;
	int64_t next_tick_ms;
	int exit_code;
} App;

/* Build the sites and their connectors from the options and the config.
 * 0, or -1 with a message in err (a bad config line names file:line). */
int app_init(App *a, const AppOptions *opt, char *err, size_t errlen);
void app_free(App *a);
/* Interactive console; returns the exit code. */
int app_run_tui(App *a);
/* One pass of the loop: wait at most max_wait_ms, dispatch sources, run
 * alert rules. Used by the console and the headless modes. */
void app_turn(App *a, int max_wait_ms);
/* Tell the user something on the status line for a few seconds. */
void app_say(App *a, uint8_t role, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Switch to a panel, optionally opening an entity (push onto the drill-down
 * stack when push is true). */
void app_open(App *a, PanelId p, const EntityRef *target, bool push);
/* Apply the theme, with the current site's accent, to the screen. */
void app_apply_theme(App *a);
/* The panel context for the current site. */
PanelCtx app_ctx(const App *a);

#endif
