/* The panel table, and which panel shows which kind of entity. */
#include "panels/panel.h"

#include <string.h>

extern const PanelOps fleet_panel_ops;
extern const PanelOps overview_panel_ops;
extern const PanelOps racks_panel_ops;
extern const PanelOps power_panel_ops;
extern const PanelOps cooling_panel_ops;
extern const PanelOps jobs_panel_ops;
extern const PanelOps alerts_panel_ops;
extern const PanelOps rack_panel_ops;
extern const PanelOps node_panel_ops;

const PanelOps *const panel_table[PANEL_COUNT] = {
	[PANEL_FLEET] = &fleet_panel_ops,
	[PANEL_OVERVIEW] = &overview_panel_ops,
	[PANEL_RACKS] = &racks_panel_ops,
	[PANEL_POWER] = &power_panel_ops,
	[PANEL_COOLING] = &cooling_panel_ops,
	[PANEL_JOBS] = &jobs_panel_ops,
	[PANEL_ALERTS] = &alerts_panel_ops,
	[PANEL_RACK] = &rack_panel_ops,
	[PANEL_NODE] = &node_panel_ops,
};

const PanelOps *panel_find(const char *name)
{
	if (!name)
		return NULL;
	for (int i = 0; i < PANEL_COUNT; i++)
		if (panel_table[i] && panel_table[i]->name && strcmp(panel_table[i]->name, name) == 0)
			return panel_table[i];
	return NULL;
}

PanelId panel_for_entity(EntityKind k)
{
	switch (k) {
	case ENT_NODE: case ENT_GPU: return PANEL_NODE;
	case ENT_RACK: return PANEL_RACK;
	case ENT_CDU: return PANEL_COOLING;
	case ENT_PDU: case ENT_FEED: case ENT_SITE: return PANEL_POWER;
	case ENT_SOURCE: return PANEL_OVERVIEW;
	case ENT_JOB: return PANEL_JOBS;
	case ENT_HALL: case ENT_ROW: return PANEL_RACKS;
	}
	return PANEL_OVERVIEW;
}
