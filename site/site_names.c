/* Names of the model's states and entities, for the screen and for JSON. */
#include "site/site.h"

#include <stdio.h>
#include <string.h>

static const char *const base_names[NODE_STATE_COUNT] = {
	"unknown", "idle", "alloc", "mixed", "down", "error", "future",
};

const char *site_node_base_name(NodeBase b)
{
	return (unsigned)b < NODE_STATE_COUNT ? base_names[b] : "unknown";
}

static const struct {
	uint32_t bit;
	const char *name;
} flag_names[] = {
	{ NODEF_DRAIN, "drain" },
	{ NODEF_NOT_RESPONDING, "not_responding" },
	{ NODEF_REBOOT_REQUESTED, "reboot_requested" },
	{ NODEF_REBOOT_ISSUED, "reboot_issued" },
	{ NODEF_MAINTENANCE, "maint" },
	{ NODEF_RESERVED, "reserved" },
	{ NODEF_COMPLETING, "completing" },
	{ NODEF_POWERED_DOWN, "powered_down" },
	{ NODEF_FAIL, "fail" },
};

/* "alloc", "drain" (idle+drain), "draining" (busy+drain), "down+drain",
 * "mixed+not_responding"... */
const char *site_node_state_text(const Node *n, char *buf, size_t len)
{
	if (len == 0)
		return buf;
	bool busy = n->base == NODE_ALLOCATED || n->base == NODE_MIXED;
	const char *base = site_node_base_name(n->base);
	size_t o = 0;
	if (n->sched_at == 0)
		base = "unknown";
	if (n->flags & NODEF_DRAIN) {
		if (busy)
			o = (size_t)snprintf(buf, len, "draining");
		else if (n->base == NODE_IDLE)
			o = (size_t)snprintf(buf, len, "drained");
		else
			o = (size_t)snprintf(buf, len, "%s+drain", base);
	} else {
		o = (size_t)snprintf(buf, len, "%s", base);
	}
	for (size_t i = 0; i < sizeof flag_names / sizeof flag_names[0]; i++) {
		if (flag_names[i].bit == NODEF_DRAIN || !(n->flags & flag_names[i].bit))
			continue;
		if (o >= len)
			break;
		o += (size_t)snprintf(buf + o, len - o, "+%s", flag_names[i].name);
	}
	return buf;
}

NodeClass site_node_class(const Node *n)
{
	if (n->sched_at == 0 && n->base == NODE_UNKNOWN)
		return NODE_CLASS_UNKNOWN;
	if (n->base == NODE_DOWN || n->base == NODE_ERROR ||
	    (n->flags & (NODEF_NOT_RESPONDING | NODEF_FAIL | NODEF_POWERED_DOWN)))
		return NODE_CLASS_DOWN;
	if (n->flags & (NODEF_DRAIN | NODEF_MAINTENANCE | NODEF_REBOOT_REQUESTED | NODEF_REBOOT_ISSUED))
		return NODE_CLASS_DRAINED;
	if (n->base == NODE_UNKNOWN || n->base == NODE_FUTURE)
		return NODE_CLASS_UNKNOWN;
	return NODE_CLASS_UP;
}

static const char *const job_names[JOB_STATE_COUNT] = {
	"UNKNOWN", "PENDING", "RUNNING", "SUSPENDED", "COMPLETING", "COMPLETED",
	"CANCELLED", "FAILED", "TIMEOUT", "NODE_FAIL", "REQUEUED",
};

const char *site_job_state_name(JobState st)
{
	return (unsigned)st < JOB_STATE_COUNT ? job_names[st] : "UNKNOWN";
}

const char *site_severity_name(Severity s)
{
	switch (s) {
	case SEV_INFO: return "info";
	case SEV_WARNING: return "warning";
	case SEV_CRITICAL: return "critical";
	case SEV_NONE: break;
	}
	return "none";
}

const char *site_health_name(Health h)
{
	switch (h) {
	case HEALTH_OK: return "OK";
	case HEALTH_WARNING: return "Warning";
	case HEALTH_CRITICAL: return "Critical";
	case HEALTH_UNKNOWN: break;
	}
	return "unknown";
}

const char *site_power_state_name(PowerState p)
{
	switch (p) {
	case POWER_ON: return "On";
	case POWER_OFF: return "Off";
	case POWER_POWERING_ON: return "PoweringOn";
	case POWER_POWERING_OFF: return "PoweringOff";
	case POWER_UNKNOWN: break;
	}
	return "unknown";
}

const char *site_leak_name(LeakState l)
{
	switch (l) {
	case LEAK_OK: return "OK";
	case LEAK_WARNING: return "Warning";
	case LEAK_CRITICAL: return "Critical";
	case LEAK_UNKNOWN: break;
	}
	return "unknown";
}

static const char *const kind_names[] = {
	"site", "hall", "row", "rack", "node", "gpu", "cdu", "pdu", "feed", "source", "job",
};

const char *site_entity_kind_name(EntityKind k)
{
	return (unsigned)k < sizeof kind_names / sizeof kind_names[0] ? kind_names[k] : "?";
}

const char *site_entity_name(const Site *s, EntityRef e, char *buf, size_t len)
{
	const SiteView *v = site_view(s);
	int32_t i = e.index;
	const char *name = NULL;
	switch (e.kind) {
	case ENT_SITE: name = v->name; break;
	case ENT_HALL: if (i >= 0 && i < v->nhalls) name = v->halls[i].name; break;
	case ENT_ROW: if (i >= 0 && i < v->nrows) name = v->rows[i].name; break;
	case ENT_RACK: if (i >= 0 && i < v->nracks) name = v->racks[i].name; break;
	case ENT_NODE: if (i >= 0 && i < v->nnodes) name = v->nodes[i].name; break;
	case ENT_CDU: if (i >= 0 && i < v->ncdus) name = v->cdus[i].name; break;
	case ENT_PDU: if (i >= 0 && i < v->npdus) name = v->pdus[i].name; break;
	case ENT_FEED: if (i >= 0 && i < v->nfeeds) name = v->feeds[i].name; break;
	case ENT_SOURCE: if (i > 0 && i < v->nsources) name = v->sources[i].name; break;
	case ENT_GPU:
		if (i >= 0 && i < v->ngpus) {
			const Gpu *g = &v->gpus[i];
			snprintf(buf, len, "%s GPU %d", v->nodes[g->node].name, g->index);
			return buf;
		}
		break;
	case ENT_JOB:
		/* job ids are uint32_t, carried in the int32_t index */
		snprintf(buf, len, "job %lu", (unsigned long)(uint32_t)i);
		return buf;
	}
	snprintf(buf, len, "%s", name ? name : "?");
	return buf;
}
