/* Alert rules over the site model: what is wrong, where, since when. */
#ifndef NARVIK_ALERTS_H
#define NARVIK_ALERTS_H

#include <stdbool.h>
#include <stdint.h>

#include "site/site.h"

/* Thresholds; alerts_config_default() gives the documented defaults. */
typedef struct {
	float gpu_temp_warn_c;      /* °C, default 85 */
	float gpu_temp_crit_c;      /* °C, default 90 */
	float coolant_supply_max_c; /* °C, CDU secondary supply; default 40 (crit at +5) */
	float coolant_flow_min_lpm; /* l/min, CDU secondary flow; default 100 */
	float power_margin_pct;     /* % of supply; warn when headroom below it; default 5 */
	int32_t keep_cleared;       /* cleared alerts kept for the alerts view; default 500 */
} AlertConfig;

void alerts_config_default(AlertConfig *c);

/* One rule of the table: id (stable, for JSON and config), title,
 * default severity. */
typedef struct {
	const char *id;             /* "gpu_xid", "cdu_pump_failed", ... */
	const char *title;          /* "GPU XID error" */
	Severity sev;
} AlertRule;

/* Rule indices into the table (Alert.rule), in table order. */
typedef enum {
	ALERT_GPU_XID = 0,          /* Gpu.xid non-zero; detail = XID number */
	ALERT_GPU_MISSING,          /* present == false, no XID 79 alert covering it */
	ALERT_GPU_ECC_DBE,
	ALERT_GPU_ROW_REMAP_FAILED,
	ALERT_GPU_HOT,
	ALERT_GPU_THROTTLE,
	ALERT_NODE_DOWN,
	ALERT_BMC_UNREACHABLE,
	ALERT_BMC_CRITICAL,
	ALERT_CDU_PUMP_FAILED,      /* detail = pump index */
	ALERT_CDU_LEAK,             /* detail = leak detector index */
	ALERT_COOLANT_SUPPLY_HOT,
	ALERT_COOLANT_FLOW_LOW,
	ALERT_CDU_HEALTH,
	ALERT_POWER_HEADROOM,       /* about ENT_SITE, or ENT_FEED for a feed over capacity */
	ALERT_RACK_OVER_BUDGET,
	ALERT_PDU_BREAKER,
	ALERT_SOURCE_STALE,
	ALERT_SOURCE_ERROR,
	ALERT_RULE_COUNT
} AlertRuleId;

int alerts_rule_count(void);
/* Rule index for an id such as "gpu_hot"; -1 if none. */
int alerts_rule_find(const char *id);
const AlertRule *alerts_rule(int rule);          /* NULL if out of range */
/* What an XID number means, e.g. 79 → "fell off the bus"; NULL if unknown. */
const char *alerts_xid_text(int xid);
/* The severity an XID number raises (critical for 48, 64, 74, 79, 95, 119,
 * 120; warning for other non-zero numbers); SEV_NONE for 0. */
Severity alerts_xid_severity(int xid);

/* The rule engine. Opaque: it remembers which alerts are open so that a
 * condition that persists keeps its first_seen and counts up. */
typedef struct Alerts Alerts;

Alerts *alerts_new(void);
void alerts_free(Alerts *a);
/* Run every rule over the model and write the result into the site's alert
 * list (site_alerts_reserve/commit): new alerts open, persisting ones get
 * last_seen = now and count+1, those whose condition cleared become
 * inactive. Cost is linear in GPUs + nodes + CDUs. */
void alerts_evaluate(Alerts *a, Site *s, const AlertConfig *c, int64_t now);

typedef struct {
	int32_t active[SEV_CRITICAL + 1];   /* count of active alerts by severity */
	Severity worst;                     /* SEV_NONE when none is active */
	int32_t worst_index;                /* index of a worst active alert, or -1 */
} AlertSummary;

void alerts_summary(const SiteView *v, AlertSummary *out);
/* Indices of alerts ordered active first, then worst, then newest. Writes
 * at most max and returns how many it wrote. */
int32_t alerts_sorted(const SiteView *v, int32_t *out, int32_t max, bool include_cleared);

#endif
