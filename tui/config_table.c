/* The options table: every config option with type, bounds, default and help. */
#include "tui/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tui/theme.h"
#include "util/text.h"

#define FIELD(type, field) offsetof(type, field), sizeof(((type *)0)->field)

const ConfigOption config_options[] = {
	/* [narvik] */
	{ CONFIG_SCOPE_NARVIK, "theme", CONFIG_NAME, 0, 0, "default",
	  FIELD(ConfigGlobal, theme), NULL,
	  "Colour theme: NAME.theme from $XDG_CONFIG_HOME/narvik/themes, the installed "
	  "themes or ./themes. Shipped: default, light, high-contrast, mono. NO_COLOR "
	  "in the environment turns colours off whatever the theme." },
	{ CONFIG_SCOPE_NARVIK, "log", CONFIG_PATH, 0, 0, "",
	  FIELD(ConfigGlobal, log), NULL,
	  "Debug log file (narvik never writes to the terminal); empty for none." },
	{ CONFIG_SCOPE_NARVIK, "refresh", CONFIG_INT, 100, 10000, "1000",
	  FIELD(ConfigGlobal, refresh_ms), "ms",
	  "Redraw tick: how often the screen is redrawn when nothing else happens." },
	{ CONFIG_SCOPE_NARVIK, "ascii", CONFIG_BOOL, 0, 0, "no",
	  FIELD(ConfigGlobal, ascii), NULL,
	  "Draw with ASCII only, for terminals or fonts without box-drawing and "
	  "block characters." },
	{ CONFIG_SCOPE_NARVIK, "audit_log", CONFIG_PATH, 0, 0, "",
	  FIELD(ConfigGlobal, audit_log), NULL,
	  "File every action (drain, resume, reboot, power) is appended to, as JSON "
	  "lines, with its operator, targets, reason, requests and outcomes; empty "
	  "for $XDG_STATE_HOME/narvik/audit.log. It cannot be turned off." },

	/* [site "NAME"] */
	{ CONFIG_SCOPE_SITE, "name", CONFIG_STRING, 0, 0, "",
	  FIELD(ConfigSite, name), NULL,
	  "Display name of the site; the section's (or site file's) name when empty." },
	{ CONFIG_SCOPE_SITE, "inventory", CONFIG_PATH, 0, 0, "",
	  FIELD(ConfigSite, inventory), NULL,
	  "Inventory CSV: the hall, row, rack, slot, BMC address, PDU and CDU of "
	  "each node; empty to learn the topology from the connectors." },
	{ CONFIG_SCOPE_SITE, "layout", CONFIG_STRING, 0, 0, "",
	  FIELD(ConfigSite, layout), NULL,
	  "Naming pattern for sites without an inventory: a hostlist and how its "
	  "numbered nodes fill racks, e.g. \"gpu[00001-12500] nodes_per_rack=8 "
	  "racks_per_row=16 rows_per_hall=25 gpus=8\"." },
	{ CONFIG_SCOPE_SITE, "read_only", CONFIG_BOOL, 0, 0, "no",
	  FIELD(ConfigSite, read_only), NULL,
	  "Refuse every action on this site: look, don't touch." },
	{ CONFIG_SCOPE_SITE, "accent", CONFIG_COLOUR, 0, 0, "",
	  FIELD(ConfigSite, accent), NULL,
	  "Colour of the site's name in the status bar, to tell sites apart at a "
	  "glance (a theme colour: cyan, bright-red, color208, #ff8700); the "
	  "theme's accent when empty." },
	{ CONFIG_SCOPE_SITE, "power_margin_pct", CONFIG_INT, 0, 50, "5",
	  FIELD(ConfigSite, power_margin_pct), "%",
	  "Alert when the power headroom falls below this share of the hydro supply." },
	{ CONFIG_SCOPE_SITE, "gpu_temp_warn", CONFIG_INT, 30, 120, "85",
	  FIELD(ConfigSite, gpu_temp_warn), "°C",
	  "GPU temperature that raises a warning." },
	{ CONFIG_SCOPE_SITE, "gpu_temp_crit", CONFIG_INT, 30, 120, "90",
	  FIELD(ConfigSite, gpu_temp_crit), "°C",
	  "GPU temperature that raises a critical alert; above gpu_temp_warn." },
	{ CONFIG_SCOPE_SITE, "coolant_supply_max_c", CONFIG_INT, 5, 80, "40",
	  FIELD(ConfigSite, coolant_supply_max_c), "°C",
	  "Highest coolant supply temperature before an alert." },
	{ CONFIG_SCOPE_SITE, "coolant_flow_min_lpm", CONFIG_INT, 0, 100000, "0",
	  FIELD(ConfigSite, coolant_flow_min_lpm), "l/min",
	  "Lowest coolant flow through a CDU before an alert; 0 for no check." },
	{ CONFIG_SCOPE_SITE, "stale_after", CONFIG_INT, 1, 86400, "30",
	  FIELD(ConfigSite, stale_after), "s",
	  "Age after which a value that was not refreshed is shown as stale." },

	/* [demo] */
	{ CONFIG_SCOPE_DEMO, "scale", CONFIG_INT, 8, 1000000, "100000",
	  FIELD(ConfigDemo, scale), "GPUs",
	  "Number of GPUs in the simulated site." },
	{ CONFIG_SCOPE_DEMO, "seed", CONFIG_INT, 0, 2147483647, "1",
	  FIELD(ConfigDemo, seed), NULL,
	  "Seed of the simulation: the same seed gives the same site and incidents." },
	{ CONFIG_SCOPE_DEMO, "sites", CONFIG_INT, 1, 8, "1",
	  FIELD(ConfigDemo, sites), NULL,
	  "Number of simulated sites." },
};

const int config_noptions = (int)(sizeof config_options / sizeof config_options[0]);

const char *config_scope_name(ConfigScope scope)
{
	switch (scope) {
	case CONFIG_SCOPE_NARVIK: return "narvik";
	case CONFIG_SCOPE_SITE: return "site";
	case CONFIG_SCOPE_DEMO: return "demo";
	}
	return "?";
}

const ConfigOption *config_option_find(ConfigScope scope, const char *name)
{
	for (int i = 0; i < config_noptions; i++)
		if (config_options[i].scope == scope && strcmp(config_options[i].name, name) == 0)
			return &config_options[i];
	return NULL;
}

bool config_similar(const char *a, const char *b)
{
	return text_distance(a, b) <= (strlen(b) > 4 ? 2 : 1);
}

const char *config_option_hint(ConfigScope scope, const char *key, char *buf, size_t len)
{
	const char *near = NULL, *other = NULL;
	for (int i = 0; i < config_noptions; i++) {
		const ConfigOption *c = &config_options[i];
		if (c->scope == scope && !near && config_similar(key, c->name))
			near = c->name;
		if (c->scope != scope && strcmp(key, c->name) == 0)
			other = config_scope_name(c->scope);
	}
	if (near)
		snprintf(buf, len, " (did you mean '%s'?)", near);
	else if (other)
		snprintf(buf, len, " (it belongs in [%s])", other);
	else if (len)
		buf[0] = '\0';
	return buf;
}

bool config_name_ok(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n == 0 || n >= max || s[0] == '.')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("._-", s[i]))
			return false;
	return true;
}

bool config_key_is_secret(const char *key)
{
	static const char *const names[] = { "password", "token", "secret", "passphrase" };
	size_t kl = strlen(key);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		size_t nl = strlen(names[i]);
		if (strcmp(key, names[i]) == 0 ||
		    (kl > nl + 1 && key[kl - nl - 1] == '_' && strcmp(key + kl - nl, names[i]) == 0))
			return true;
	}
	return false;
}

static const char *config_type_name(const ConfigOption *o)
{
	switch (o->type) {
	case CONFIG_BOOL: return "yes|no";
	case CONFIG_INT: return "N";
	case CONFIG_STRING: return "TEXT";
	case CONFIG_NAME: return "NAME";
	case CONFIG_PATH: return "PATH";
	case CONFIG_COLOUR: return "COLOUR";
	}
	return "?";
}

/* Expand "~/" and make a relative path relative to dir. */
static int config_expand_path(char *out, size_t len, const char *value, const char *dir)
{
	const char *home = getenv("HOME");
	int n;
	if (!*value || value[0] == '/')
		n = snprintf(out, len, "%s", value);
	else if (strncmp(value, "~/", 2) == 0 && home && *home)
		n = snprintf(out, len, "%s/%s", home, value + 2);
	else if (dir && *dir && strcmp(dir, ".") != 0)
		n = snprintf(out, len, "%s/%s", dir, value);
	else
		n = snprintf(out, len, "%s", value);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

int config_option_set(const ConfigOption *o, void *base, const char *value, const char *dir,
                      char *msg, size_t msglen)
{
	char *field = (char *)base + o->offset;
	char q[64];
	text_sanitize(q, sizeof q, value);
	switch (o->type) {
	case CONFIG_BOOL: {
		static const char *const yes[] = { "yes", "true", "on", "1" };
		static const char *const no[] = { "no", "false", "off", "0" };
		for (int i = 0; i < 4; i++) {
			if (strcasecmp(value, yes[i]) == 0 || strcasecmp(value, no[i]) == 0) {
				*(bool *)(void *)field = strcasecmp(value, yes[i]) == 0;
				return 0;
			}
		}
		snprintf(msg, msglen, "%s must be yes or no (or true/false, on/off, 1/0), not '%s'",
		         o->name, q);
		return -1;
	}
	case CONFIG_INT: {
		char *end;
		errno = 0;
		long v = strtol(value, &end, 10);
		bool digits = end != value && (isdigit((unsigned char)*value) || *value == '-');
		if (!digits || *end || errno == ERANGE || v < o->lo || v > o->hi) {
			snprintf(msg, msglen, "%s must be a whole number from %ld to %ld%s%s, not '%s'",
			         o->name, o->lo, o->hi, o->unit ? " " : "", o->unit ? o->unit : "", q);
			return -1;
		}
		*(int *)(void *)field = (int)v;
		return 0;
	}
	case CONFIG_STRING:
	case CONFIG_NAME:
	case CONFIG_COLOUR:
		if (strlen(value) >= o->size) {
			snprintf(msg, msglen, "%s is too long (at most %zu bytes)", o->name, o->size - 1);
			return -1;
		}
		if (!text_is_clean(value)) {
			snprintf(msg, msglen, "%s holds control or invalid characters", o->name);
			return -1;
		}
		if (o->type == CONFIG_NAME && !config_name_ok(value, o->size)) {
			snprintf(msg, msglen, "%s must be letters, digits, '.', '_' and '-', not '%s'",
			         o->name, q);
			return -1;
		}
		int32_t colour;
		if (o->type == CONFIG_COLOUR && *value && theme_parse_colour(value, &colour) != 0) {
			snprintf(msg, msglen, "unknown colour '%s' for %s (a name such as cyan or "
			         "bright-red, colorN, or #rrggbb)", q, o->name);
			return -1;
		}
		memcpy(field, value, strlen(value) + 1);
		return 0;
	case CONFIG_PATH: {
		char path[CONFIG_PATH_MAX];
		if (!text_is_clean(value)) {
			snprintf(msg, msglen, "%s holds control or invalid characters", o->name);
			return -1;
		}
		if (config_expand_path(path, sizeof path, value, dir) != 0 || strlen(path) >= o->size) {
			snprintf(msg, msglen, "%s is too long (at most %zu bytes)", o->name, o->size - 1);
			return -1;
		}
		memcpy(field, path, strlen(path) + 1);
		return 0;
	}
	}
	return -1;
}

void config_option_defaults(ConfigScope scope, void *base)
{
	char msg[128];
	for (int i = 0; i < config_noptions; i++)
		if (config_options[i].scope == scope)
			config_option_set(&config_options[i], base, config_options[i].def, NULL,
			                  msg, sizeof msg);
}

/* Words of text, wrapped at 78 columns with indent spaces before each line. */
static void config_wrap(FILE *out, const char *text, int indent)
{
	int col = 0;
	const char *s = text;
	while (*s) {
		while (*s == ' ')
			s++;
		size_t w = strcspn(s, " ");
		if (w == 0)
			break;
		if (col > indent && col + 1 + (int)w > 78) {
			fputc('\n', out);
			col = 0;
		}
		if (col == 0)
			col = fprintf(out, "%*s", indent, "");
		else
			col += fprintf(out, " ");
		col += fprintf(out, "%.*s", (int)w, s);
		s += w;
	}
	fputc('\n', out);
}

static void config_help_scope(FILE *out, ConfigScope scope)
{
	for (int i = 0; i < config_noptions; i++) {
		const ConfigOption *o = &config_options[i];
		if (o->scope != scope)
			continue;
		char what[64], def[64];
		if (o->type == CONFIG_INT)
			snprintf(what, sizeof what, "%ld..%ld%s%s", o->lo, o->hi, o->unit ? " " : "",
			         o->unit ? o->unit : "");
		else
			snprintf(what, sizeof what, "%s", config_type_name(o));
		snprintf(def, sizeof def, "%s", *o->def ? o->def : "(empty)");
		int width = 0; /* columns, not bytes: units may be UTF-8 ("°C") */
		for (const char *c = what; *c; c++)
			width += ((unsigned char)*c & 0xC0) != 0x80;
		fprintf(out, "  %-20s = %s%*s default: %s\n", o->name, what,
		        width < 22 ? 22 - width : 0, "", def);
		config_wrap(out, o->help, 6);
	}
}

void config_help(FILE *out)
{
	fputs("narvik configuration\n\n", out);
	config_wrap(out, "Files: -c FILE, or $XDG_CONFIG_HOME/narvik/narvik.conf "
	            "(~/.config/narvik/narvik.conf), then every sites/NAME.conf beside it: "
	            "one file per site, read as if it were all inside [site \"NAME\"]. INI "
	            "syntax: key = value, [section] or [section \"name\"], comments start "
	            "with # or ; at the start of a line. Paths may start with ~/; a relative "
	            "path is relative to the file it is written in.", 0);
	fputs("\n[narvik]\n", out);
	config_help_scope(out, CONFIG_SCOPE_NARVIK);
	fputs("\n[site] or [site \"NAME\"]   (one per site; [site] alone is the site "
	      "\"default\")\n", out);
	config_help_scope(out, CONFIG_SCOPE_SITE);
	fputs("\n[demo] or [demo \"SITE\"]   (the simulated site, shown when nothing "
	      "is configured)\n", out);
	config_help_scope(out, CONFIG_SCOPE_DEMO);
	fputs("\n[keys]\n", out);
	config_wrap(out, "ACTION = KEY rebinds one action of the keymap, e.g. "
	            "node.drain = D; the help overlay (?) lists the actions.", 2);
	fputs("\nConnector sections ([slurm], [prometheus], [redfish], [ssh]):\n", out);
	config_wrap(out, "each may be named: [redfish \"cdu-h1\"], [ssh \"bastion\"]. "
	            "Each connector checks "
	            "its own keys. A connector section belongs to: the site of its "
	            "sites/NAME.conf file; else the site named by a site = NAME key in it; "
	            "else the site whose name is the section's name ([slurm \"oslo\"]); "
	            "else the only site configured.", 2);
	fputs("\nSecrets:\n", out);
	config_wrap(out, "keys named password, token, secret or passphrase (or ending in "
	            "_password, _token, _secret) take env:NAME (an environment variable), "
	            "file:PATH (its first line; a file only its owner may read) or cmd:COMMAND "
	            "(the first line it prints, e.g. cmd:pass show narvik/bmc). A secret "
	            "written out in a config file is refused unless only its owner may "
	            "read the file (chmod 600).", 2);
}
