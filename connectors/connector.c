/* Config sections handed to connectors, and the names of actions. */
#include "connectors/connector.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/text.h"

#define CONNSEC_KV_MAX 4096 /* keys in one section; more is not a config */

/* ---- sections --------------------------------------------------------- */

/* The last pair holding key, or NULL. */
static const ConnKV *connsec_find(const ConnSection *sec, const char *key)
{
	if (!sec || !key)
		return NULL;
	for (int i = sec->nkv - 1; i >= 0; i--)
		if (strcmp(sec->kv[i].key, key) == 0)
			return &sec->kv[i];
	return NULL;
}

/* "[kind]" or "[kind \"name\"]" into buf. */
static const char *connsec_title(const ConnSection *sec, char *buf, size_t len)
{
	if (sec->name[0])
		snprintf(buf, len, "[%s \"%s\"]", sec->kind, sec->name);
	else
		snprintf(buf, len, "[%s]", sec->kind);
	return buf;
}

static const char *connsec_file(const ConnSection *sec)
{
	return sec->file[0] ? sec->file : "(built-in)";
}

/* A value made safe to quote in a message, cut short when long. */
static const char *connsec_quote(char *buf, size_t len, const char *value)
{
	text_sanitize(buf, len, value);
	return buf;
}

const char *connsec_get(const ConnSection *sec, const char *key)
{
	const ConnKV *kv = connsec_find(sec, key);
	return kv ? kv->value : NULL;
}

int connsec_int(const ConnSection *sec, const char *key, long lo, long hi, long def,
                long *out, char *err, size_t errlen)
{
	const ConnKV *kv = connsec_find(sec, key);
	if (!kv) {
		*out = def;
		return 0;
	}
	const char *s = kv->value;
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	bool digits = end != s;
	while (*end == ' ' || *end == '\t')
		end++;
	if (!digits || *end || errno == ERANGE || v < lo || v > hi) {
		char q[48];
		snprintf(err, errlen, "%s:%d: %s must be a whole number from %ld to %ld, not '%s'",
		         connsec_file(sec), kv->line, key, lo, hi, connsec_quote(q, sizeof q, s));
		return -1;
	}
	*out = v;
	return 0;
}

int connsec_bool(const ConnSection *sec, const char *key, bool def, bool *out,
                 char *err, size_t errlen)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	const ConnKV *kv = connsec_find(sec, key);
	if (!kv) {
		*out = def;
		return 0;
	}
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (strcasecmp(kv->value, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcasecmp(kv->value, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	char q[48];
	snprintf(err, errlen, "%s:%d: %s must be yes or no (or true/false, on/off, 1/0), not '%s'",
	         connsec_file(sec), kv->line, key, connsec_quote(q, sizeof q, kv->value));
	return -1;
}

/* Edit distance between two short strings, capped at 9. */
static int connsec_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 63 || lb > 63)
		return 9;
	int row[64];
	for (size_t j = 0; j <= lb; j++)
		row[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int diag = row[0];
		row[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int up = row[j];
			int cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
			int best = diag + cost;
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb] > 9 ? 9 : row[lb];
}

int connsec_check(const ConnSection *sec, const char *const *known, char *err, size_t errlen)
{
	for (int i = 0; i < sec->nkv; i++) {
		const char *key = sec->kv[i].key;
		const char *near = NULL;
		int best = 3;
		bool found = false;
		for (const char *const *k = known; k && *k; k++) {
			if (strcmp(*k, key) == 0) {
				found = true;
				break;
			}
			int d = connsec_distance(key, *k);
			if (d < best) {
				best = d;
				near = *k;
			}
		}
		if (found)
			continue;
		char title[SITE_NAME_MAX + 40], q[48];
		connsec_title(sec, title, sizeof title);
		connsec_quote(q, sizeof q, key);
		if (near)
			snprintf(err, errlen, "%s:%d: unknown key '%s' in %s (did you mean '%s'?)",
			         connsec_file(sec), sec->kv[i].line, q, title, near);
		else
			snprintf(err, errlen, "%s:%d: unknown key '%s' in %s",
			         connsec_file(sec), sec->kv[i].line, q, title);
		return -1;
	}
	return 0;
}

int connsec_add(ConnSection *sec, const char *key, const char *value, int line)
{
	if (sec->nkv >= CONNSEC_KV_MAX)
		return -1;
	if (sec->nkv == sec->cap) {
		int cap = sec->cap ? sec->cap * 2 : 8;
		ConnKV *kv = realloc(sec->kv, (size_t)cap * sizeof *kv);
		if (!kv)
			return -1;
		sec->kv = kv;
		sec->cap = cap;
	}
	char *k = strdup(key);
	char *v = strdup(value ? value : "");
	if (!k || !v) {
		free(k);
		free(v);
		return -1;
	}
	sec->kv[sec->nkv++] = (ConnKV){ .key = k, .value = v, .line = line };
	return 0;
}

void connsec_free(ConnSection *sec)
{
	if (!sec)
		return;
	for (int i = 0; i < sec->nkv; i++) {
		free(sec->kv[i].key);
		free(sec->kv[i].value);
	}
	free(sec->kv);
	sec->kv = NULL;
	sec->nkv = sec->cap = 0;
}

/* ---- actions ---------------------------------------------------------- */

static const char *const action_names[ACT_COUNT] = {
	[ACT_DRAIN] = "drain",
	[ACT_RESUME] = "resume",
	[ACT_REBOOT] = "reboot",
	[ACT_POWER_CYCLE] = "power-cycle",
	[ACT_POWER_OFF] = "power-off",
	[ACT_POWER_ON] = "power-on",
	[ACT_CANCEL_JOB] = "cancel",
	[ACT_REQUEUE_JOB] = "requeue",
};

const char *action_kind_name(ActionKind k)
{
	if ((unsigned)k >= ACT_COUNT)
		return "?";
	return action_names[k];
}

int action_kind_from_name(const char *name)
{
	if (!name)
		return -1;
	for (int k = 0; k < ACT_COUNT; k++)
		if (strcmp(action_names[k], name) == 0)
			return k;
	return -1;
}

bool action_kind_is_power(ActionKind k)
{
	return k == ACT_POWER_CYCLE || k == ACT_POWER_OFF || k == ACT_POWER_ON;
}

bool action_kind_is_job(ActionKind k)
{
	return k == ACT_CANCEL_JOB || k == ACT_REQUEUE_JOB;
}

bool action_kind_needs_reason(ActionKind k)
{
	return k == ACT_DRAIN || k == ACT_REBOOT || action_kind_is_power(k);
}
