/* The one small interface every panel implements, and the panel table. */
#ifndef NARVIK_PANEL_H
#define NARVIK_PANEL_H

#include <stdbool.h>
#include <stdint.h>

#include "panels/canvas.h"
#include "site/hostlist.h"
#include "site/site.h"

typedef enum {
	PANEL_FLEET,     /* one row per site */
	PANEL_OVERVIEW,  /* is the site healthy, and if not, where */
	PANEL_RACKS,     /* heatmap of every rack, hall by hall */
	PANEL_POWER,     /* draw against supply over time, breakdown */
	PANEL_COOLING,   /* CDUs, loops, pumps, leak detectors, heat reuse */
	PANEL_JOBS,      /* running and pending jobs, usage by account */
	PANEL_ALERTS,    /* newest and worst first */
	PANEL_RACK,      /* one rack: its nodes and their GPUs (drill-down) */
	PANEL_NODE,      /* everything about one node (drill-down) */
	PANEL_COUNT,
	PANEL_AUTO = -1  /* in a Nav: choose by the entity's kind */
} PanelId;

/* What the keymap hands a panel: semantic commands, never raw keys, so the
 * keymap stays one table. */
typedef enum {
	CMD_UP, CMD_DOWN, CMD_LEFT, CMD_RIGHT,
	CMD_PAGE_UP, CMD_PAGE_DOWN, CMD_HOME, CMD_END,
	CMD_ENTER,          /* drill in / open what is under the cursor */
	CMD_SORT_NEXT,      /* next sort column */
	CMD_SORT_REVERSE,   /* reverse the sort order */
	CMD_METRIC_NEXT,    /* racks: next colour metric; power: next range */
	CMD_COUNT
} PanelCmd;

enum { /* PanelOps.command result bits */
	PK_HANDLED = 1u << 0,
	PK_REDRAW = 1u << 1,
	PK_NAV = 1u << 2,   /* *nav was filled */
};

/* A request from a panel to the screen: open a panel at an entity. */
typedef struct {
	PanelId panel;      /* PANEL_AUTO: chosen from target.kind */
	EntityRef target;
} Nav;

/* Everything a panel may read while drawing or handling a command. All
 * pointers are borrowed for the duration of the call. */
typedef struct {
	const Site *site;            /* current site: lookups and entity names */
	const SiteView *v;           /* its plain view */
	const Site *const *sites;    /* every site, for the fleet panel */
	int nsites;
	int current;                 /* index of the current site in sites */
	int64_t now;                 /* Unix s */
	const HostMatch *filter;     /* the '/' filter, or NULL for none */
	const char *filter_text;     /* as typed; "" for none */
	const uint8_t *marked;       /* per node of the current site: 1 = marked; may be NULL */
	float gpu_temp_warn, gpu_temp_crit; /* °C, for colouring */
} PanelCtx;

typedef struct PanelOps {
	PanelId id;
	const char *name;   /* its :command and keymap name: "racks" */
	const char *title;  /* tab title: "Racks" */
	const char *help;   /* one line for the help overlay */
	void *(*create)(void);          /* NULL on out of memory */
	void (*destroy)(void *st);
	/* Fill r of cv from ctx. Must not block or allocate per row at scale:
	 * every panel is benchmarked at 100,000 GPUs. */
	void (*draw)(void *st, const PanelCtx *ctx, Canvas *cv, Rect r);
	/* Handle a command; returns PK_* bits. */
	unsigned (*command)(void *st, const PanelCtx *ctx, PanelCmd cmd, Nav *nav);
	/* The entity under the cursor (for actions and :node); false if none. */
	bool (*selection)(void *st, const PanelCtx *ctx, EntityRef *out);
	/* Show target (rack for PANEL_RACK, node for PANEL_NODE, or move the
	 * cursor onto it in a list). May be NULL. */
	void (*open)(void *st, const PanelCtx *ctx, EntityRef target);
} PanelOps;

/* The panel table, indexed by PanelId (panels/panel.c). */
extern const PanelOps *const panel_table[PANEL_COUNT];
const PanelOps *panel_find(const char *name);   /* by name, NULL if none */
/* The panel that shows an entity of this kind (ENT_NODE → PANEL_NODE ...). */
PanelId panel_for_entity(EntityKind k);

#endif
