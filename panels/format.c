/* Formatting helpers shared by panels: values with units, ages, roles. */
#include "panels/format.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/text.h"

const char *fmt_unknown(bool ascii)
{
	return ascii ? "-" : "\xE2\x80\x94";
}

static void put_unknown(char *buf, size_t len, bool ascii)
{
	if (len)
		snprintf(buf, len, "%s", fmt_unknown(ascii));
}

bool fmt_val_stale(const SiteView *v, Val x, int64_t now)
{
	if (!val_known(x) || !v || x.src == 0 || x.src >= v->nsources)
		return false;
	int32_t after = v->sources[x.src].stale_after;
	return after > 0 && now - (int64_t)x.at > after;
}

Role fmt_val_role(const SiteView *v, Val x, int64_t now, Role role)
{
	if (!val_known(x))
		return ROLE_UNKNOWN;
	if (fmt_val_stale(v, x, now))
		return ROLE_STALE;
	return role;
}

Role fmt_val(char *buf, size_t len, const SiteView *v, Val x, int64_t now,
             int decimals, const char *unit, Role role, bool ascii)
{
	if (!val_known(x) || isnan(x.v)) {
		put_unknown(buf, len, ascii);
		return ROLE_UNKNOWN;
	}
	if (len)
		snprintf(buf, len, "%.*f%s", decimals, (double)x.v, unit ? unit : "");
	return fmt_val_role(v, x, now, role);
}

char *fmt_watts(char *buf, size_t len, double w, bool ascii)
{
	if (!len)
		return buf;
	if (isnan(w)) {
		put_unknown(buf, len, ascii);
		return buf;
	}
	return text_watts(buf, len, w);
}

char *fmt_mw(char *buf, size_t len, double w, bool ascii)
{
	if (!len)
		return buf;
	if (isnan(w))
		put_unknown(buf, len, ascii);
	else
		snprintf(buf, len, "%.1f MW", w / 1e6);
	return buf;
}

char *fmt_temp(char *buf, size_t len, double c, bool ascii)
{
	if (!len)
		return buf;
	if (isnan(c))
		put_unknown(buf, len, ascii);
	else
		snprintf(buf, len, "%.0f%s", c, ascii ? "C" : "\xC2\xB0" "C");
	return buf;
}

char *fmt_pct(char *buf, size_t len, double pct, bool ascii)
{
	if (!len)
		return buf;
	if (isnan(pct))
		put_unknown(buf, len, ascii);
	else
		snprintf(buf, len, "%.0f%%", pct);
	return buf;
}

char *fmt_count(char *buf, size_t len, long long n)
{
	char tmp[32];
	bool neg = n < 0;
	unsigned long long u = neg ? 0ULL - (unsigned long long)n : (unsigned long long)n;
	int i = (int)sizeof tmp - 1, digits = 0;
	tmp[i] = '\0';
	do {
		if (digits && digits % 3 == 0)
			tmp[--i] = ',';
		tmp[--i] = (char)('0' + u % 10);
		u /= 10;
		digits++;
	} while (u);
	if (neg)
		tmp[--i] = '-';
	if (len)
		snprintf(buf, len, "%s", tmp + i);
	return buf;
}

char *fmt_duration(char *buf, size_t len, int64_t s)
{
	if (!len)
		return buf;
	long long x = s < 0 ? 0 : (long long)s;
	if (x < 60)
		snprintf(buf, len, "%llds", x);
	else if (x < 3600)
		snprintf(buf, len, "%lldm", x / 60);
	else if (x < 86400)
		snprintf(buf, len, "%lldh%02lldm", x / 3600, (x % 3600) / 60);
	else
		snprintf(buf, len, "%lldd%02lldh", x / 86400, (x % 86400) / 3600);
	return buf;
}

char *fmt_age(char *buf, size_t len, int64_t now, int64_t at, bool ascii)
{
	if (at == 0) {
		put_unknown(buf, len, ascii);
		return buf;
	}
	return fmt_duration(buf, len, now - at);
}

Role fmt_val_watts(char *buf, size_t len, const SiteView *v, Val x, int64_t now, Role role, bool ascii)
{
	if (!val_known(x) || isnan(x.v)) {
		put_unknown(buf, len, ascii);
		return ROLE_UNKNOWN;
	}
	fmt_watts(buf, len, x.v, ascii);
	return fmt_val_role(v, x, now, role);
}

Role fmt_val_pct(char *buf, size_t len, const SiteView *v, Val x, int64_t now, Role role, bool ascii)
{
	if (!val_known(x) || isnan(x.v)) {
		put_unknown(buf, len, ascii);
		return ROLE_UNKNOWN;
	}
	fmt_pct(buf, len, x.v, ascii);
	return fmt_val_role(v, x, now, role);
}

Role fmt_temp_role(double c, float warn, float crit)
{
	if (isnan(c))
		return ROLE_UNKNOWN;
	if (crit > 0 && c >= crit)
		return ROLE_CRIT;
	if (warn > 0 && c >= warn)
		return ROLE_WARN;
	return crit > 0 || warn > 0 ? ROLE_OK : ROLE_NORMAL;
}

Role fmt_val_temp(char *buf, size_t len, const SiteView *v, Val x, int64_t now,
                  float warn, float crit, bool ascii)
{
	if (!val_known(x) || isnan(x.v)) {
		put_unknown(buf, len, ascii);
		return ROLE_UNKNOWN;
	}
	fmt_temp(buf, len, x.v, ascii);
	return fmt_val_role(v, x, now, fmt_temp_role(x.v, warn, crit));
}

Role fmt_severity_role(Severity s)
{
	switch (s) {
	case SEV_CRITICAL: return ROLE_CRIT;
	case SEV_WARNING: return ROLE_WARN;
	case SEV_INFO: return ROLE_INFO;
	case SEV_NONE: break;
	}
	return ROLE_DIM;
}

const char *fmt_severity_text(Severity s)
{
	switch (s) {
	case SEV_CRITICAL: return "CRIT";
	case SEV_WARNING: return "WARN";
	case SEV_INFO: return "INFO";
	case SEV_NONE: break;
	}
	return "-";
}

Role fmt_health_role(Health h)
{
	switch (h) {
	case HEALTH_OK: return ROLE_OK;
	case HEALTH_WARNING: return ROLE_WARN;
	case HEALTH_CRITICAL: return ROLE_CRIT;
	case HEALTH_UNKNOWN: break;
	}
	return ROLE_UNKNOWN;
}

Role fmt_leak_role(LeakState l)
{
	switch (l) {
	case LEAK_OK: return ROLE_OK;
	case LEAK_WARNING: return ROLE_WARN;
	case LEAK_CRITICAL: return ROLE_CRIT;
	case LEAK_UNKNOWN: break;
	}
	return ROLE_UNKNOWN;
}

Role fmt_job_state_role(JobState st)
{
	switch (st) {
	case JOB_RUNNING: return ROLE_OK;
	case JOB_PENDING: return ROLE_NORMAL;
	case JOB_SUSPENDED: case JOB_REQUEUED: case JOB_COMPLETING: return ROLE_WARN;
	case JOB_FAILED: case JOB_NODE_FAIL: case JOB_TIMEOUT: return ROLE_CRIT;
	case JOB_COMPLETED: case JOB_CANCELLED: return ROLE_DIM;
	case JOB_UNKNOWN: case JOB_STATE_COUNT: break;
	}
	return ROLE_UNKNOWN;
}

Role fmt_node_class_role(NodeClass c)
{
	switch (c) {
	case NODE_CLASS_UP: return ROLE_OK;
	case NODE_CLASS_DRAINED: return ROLE_WARN;
	case NODE_CLASS_DOWN: return ROLE_CRIT;
	case NODE_CLASS_UNKNOWN: break;
	}
	return ROLE_UNKNOWN;
}

const char *fmt_node_class_name(NodeClass c)
{
	switch (c) {
	case NODE_CLASS_UP: return "up";
	case NODE_CLASS_DRAINED: return "drained";
	case NODE_CLASS_DOWN: return "down";
	case NODE_CLASS_UNKNOWN: break;
	}
	return "unknown";
}

Role fmt_node_state_role(const Node *n)
{
	if (n->sched_at == 0 && n->base == NODE_UNKNOWN)
		return ROLE_UNKNOWN;
	if (n->base == NODE_ERROR || n->base == NODE_DOWN ||
	    (n->flags & (NODEF_NOT_RESPONDING | NODEF_FAIL | NODEF_POWERED_DOWN)))
		return ROLE_CRIT;
	if (n->flags & (NODEF_DRAIN | NODEF_MAINTENANCE | NODEF_REBOOT_REQUESTED | NODEF_REBOOT_ISSUED))
		return ROLE_WARN;
	switch (n->base) {
	case NODE_ALLOCATED: case NODE_MIXED: return ROLE_OK;
	case NODE_IDLE: return ROLE_NORMAL;
	case NODE_FUTURE: return ROLE_DIM;
	default: break;
	}
	return ROLE_UNKNOWN;
}

Role fmt_node_state(char *buf, size_t len, const SiteView *v, const Node *n, int64_t now)
{
	site_node_state_text(n, buf, len);
	Role r = fmt_node_state_role(n);
	if (n->sched_at && v && n->sched_src && n->sched_src < v->nsources) {
		int32_t after = v->sources[n->sched_src].stale_after;
		if (after > 0 && now - (int64_t)n->sched_at > after)
			return ROLE_STALE;
	}
	return r;
}

char fmt_node_state_glyph(const Node *n)
{
	if (n->sched_at == 0 && n->base == NODE_UNKNOWN)
		return '?';
	if (n->flags & NODEF_POWERED_DOWN)
		return 'P';
	if (n->base == NODE_ERROR)
		return 'E';
	if (n->base == NODE_DOWN || (n->flags & (NODEF_NOT_RESPONDING | NODEF_FAIL)))
		return 'X';
	if (n->flags & (NODEF_REBOOT_REQUESTED | NODEF_REBOOT_ISSUED))
		return 'R';
	if (n->flags & (NODEF_DRAIN | NODEF_MAINTENANCE))
		return 'D';
	switch (n->base) {
	case NODE_ALLOCATED: return 'A';
	case NODE_MIXED: return 'M';
	case NODE_IDLE: return '.';
	case NODE_FUTURE: return 'F';
	default: break;
	}
	return '?';
}

/* ---- FmtLine ------------------------------------------------------------ */

void fmt_line_begin(FmtLine *l, Canvas *cv, Rect r)
{
	l->cv = cv;
	l->r = r;
	l->x = r.x;
	l->y = r.y;
}

bool fmt_line_room(const FmtLine *l)
{
	return l->y < l->r.y + l->r.h && l->r.w > 0;
}

void fmt_line_text(FmtLine *l, Role role, const char *s)
{
	int right = l->r.x + l->r.w;
	if (!fmt_line_room(l) || l->x >= right) {
		l->x += (int)strlen(s);
		return;
	}
	l->x += canvas_text(l->cv, l->x, l->y, right - l->x, (uint8_t)role, 0, s);
}

void fmt_line_printf(FmtLine *l, Role role, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	fmt_line_text(l, role, buf);
}

void fmt_line_next(FmtLine *l)
{
	l->x = l->r.x;
	l->y++;
}

void fmt_line_need(FmtLine *l, int cols)
{
	if (l->x > l->r.x && l->r.x + l->r.w - l->x < cols)
		fmt_line_next(l);
}

int fmt_line_used(const FmtLine *l)
{
	return l->y - l->r.y + (l->x > l->r.x ? 1 : 0);
}
