/* Building the sites and their sources from the options and the config. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "site/inventory.h"
#include "tui/app.h"
#include "tui/ops.h"
#include "tui/setup.h"
#include "tui/config.h"
#include "util/log.h"
#include "util/text.h"

/* The demo fleet: a Norway site of 100,000 GPUs and others of different
 * sizes (the first five total 400,000 GPUs), each with its own seed and so
 * its own incident schedule. A scale given for the demo sets Norway's size
 * and the others keep their proportions. */
static const struct {
	const char *name;
	long scale;
} demo_sites[] = {
	{ "norway-1", 100000 }, { "texas-1", 160000 }, { "eu-milan", 64000 },
	{ "eu-munich", 48000 }, { "eu-barcelona", 28000 }, { "eu-ostrava", 16000 },
	{ "eu-kajaani", 8000 }, { "eu-lisbon", 4096 },
};

static int add_connector(App *a, AppSite *s, const ConnSection *sec, char *err, size_t errlen)
{
	const ConnectorOps *ops = connector_kind_find(sec->kind);
	if (!ops) {
		snprintf(err, errlen, "%s:%d: unknown source [%s]", sec->file, sec->line, sec->kind);
		return -1;
	}
	if (s->nconns == APP_CONNS_MAX) {
		snprintf(err, errlen, "%s:%d: too many sources for one site (max %d)", sec->file, sec->line,
		         APP_CONNS_MAX);
		return -1;
	}
	ConnectorEnv env = { s->site, a->opt.once || a->opt.check, a->opt.dry_run, ops_done, a };
	void *self = ops->create(sec, &env, err, errlen);
	if (!self)
		return -1;
	s->conns[s->nconns++] = (Connector){ ops, self, 0, 0 };
	return 0;
}

static AppSite *new_site(App *a, const char *name, char *err, size_t errlen)
{
	if (a->nsites == APP_SITES_MAX) {
		snprintf(err, errlen, "too many sites (max %d)", APP_SITES_MAX);
		return NULL;
	}
	AppSite *s = &a->sites[a->nsites];
	memset(s, 0, sizeof *s);
	s->site = site_new(name);
	s->alerts = alerts_new();
	if (!s->site || !s->alerts) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	alerts_config_default(&s->acfg);
	site_set_read_only(s->site, a->opt.read_only);
	a->nsites++;
	return s;
}

static int setup_demo(App *a, int nsites, long scale, long seed, char *err, size_t errlen)
{
	for (int i = 0; i < nsites; i++) {
		AppSite *s = new_site(a, demo_sites[i].name, err, errlen);
		if (!s)
			return -1;
		ConnSection sec;
		memset(&sec, 0, sizeof sec);
		text_copy(sec.kind, sizeof sec.kind, "demo");
		text_copy(sec.file, sizeof sec.file, "--demo");
		char v[32];
		long sc = demo_sites[i].scale;
		if (scale > 0) {
			sc = (long)((double)scale * (double)demo_sites[i].scale / 100000.0 / 8.0 + 0.5) * 8;
			if (sc < 8)
				sc = 8;
			if (sc > 1000000)
				sc = 1000000;
		}
		snprintf(v, sizeof v, "%ld", sc);
		connsec_add(&sec, "scale", v, 0);
		snprintf(v, sizeof v, "%ld", (seed >= 0 ? seed : 1) + i * 7919);
		connsec_add(&sec, "seed", v, 0);
		int rc = add_connector(a, s, &sec, err, errlen);
		connsec_free(&sec);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* Thresholds and settings of one configured site. */
static void apply_site_config(App *a, AppSite *s, const ConfigSite *cs)
{
	text_copy(s->accent, sizeof s->accent, cs->accent);
	s->acfg.gpu_temp_warn_c = (float)cs->gpu_temp_warn;
	s->acfg.gpu_temp_crit_c = (float)cs->gpu_temp_crit;
	s->acfg.coolant_supply_max_c = (float)cs->coolant_supply_max_c;
	s->acfg.coolant_flow_min_lpm = (float)cs->coolant_flow_min_lpm;
	s->acfg.power_margin_pct = (float)cs->power_margin_pct;
	site_power_set_margin(s->site, (float)cs->power_margin_pct);
	site_set_read_only(s->site, cs->read_only || a->opt.read_only);
}

static int setup_configured(App *a, const Config *cfg, char *err, size_t errlen)
{
	for (int i = 0; i < cfg->nsites; i++) {
		const ConfigSite *cs = &cfg->sites[i];
		AppSite *s = new_site(a, cs->name, err, errlen);
		if (!s)
			return -1;
		apply_site_config(a, s, cs);
		bool has_demo = false;
		for (int c = 0; c < cfg->nconns; c++)
			has_demo |= cfg->conns[c].site == i && !strcmp(cfg->conns[c].sec.kind, "demo");
		if (cs->inventory[0] &&
		    inventory_load_csv(s->site, cs->inventory, 8, err, errlen) < 0)
			return -1;
		if (cs->layout[0] && inventory_apply_pattern(s->site, cs->layout, err, errlen) < 0) {
			char msg[256];
			snprintf(msg, sizeof msg, "%s", err);
			snprintf(err, errlen, "%s:%d: layout: %s", cs->file[0] ? cs->file : cfg->path, cs->line, msg);
			return -1;
		}
		if ((cs->inventory[0] || cs->layout[0]) && has_demo) {
			snprintf(err, errlen, "%s:%d: site '%s' has an inventory or layout and the demo source; the "
			         "demo builds its own topology, so give the site real sources or drop the inventory",
			         cs->file, cs->line, cs->name);
			return -1;
		}
		for (int c = 0; c < cfg->nconns; c++) {
			const ConfigConn *cc = &cfg->conns[c];
			if (cc->site != i)
				continue;
			if (!strcmp(cc->sec.kind, "ssh"))
				continue; /* transports: used by the sources that name them */
			if (!strcmp(cc->sec.kind, "demo")) {
				ConnSection sec;
				memset(&sec, 0, sizeof sec);
				text_copy(sec.kind, sizeof sec.kind, "demo");
				text_copy(sec.file, sizeof sec.file, cc->sec.file);
				sec.line = cc->sec.line;
				char v[32];
				snprintf(v, sizeof v, "%d", cc->demo.scale);
				connsec_add(&sec, "scale", v, cc->sec.line);
				snprintf(v, sizeof v, "%d", cc->demo.seed);
				connsec_add(&sec, "seed", v, cc->sec.line);
				int rc = add_connector(a, s, &sec, err, errlen);
				connsec_free(&sec);
				if (rc < 0)
					return -1;
				continue;
			}
			if (!connector_kind_find(cc->sec.kind)) {
				snprintf(err, errlen, "%s:%d: [%s] sources are not available in this build yet",
				         cc->sec.file, cc->sec.line, cc->sec.kind);
				return -1;
			}
			if (add_connector(a, s, &cc->sec, err, errlen) < 0)
				return -1;
		}
		if (s->nconns == 0) {
			snprintf(err, errlen, "%s:%d: site '%s' has no sources: add [slurm], [prometheus], "
			         "[redfish] or [demo] sections", cs->file[0] ? cs->file : cfg->path, cs->line, cs->name);
			return -1;
		}
	}
	return 0;
}

/* True when the config names no site and no real source: then the demo
 * fleet runs, with the [demo] options (scale, seed, sites). */
static bool demo_only(const Config *cfg)
{
	for (int c = 0; c < cfg->nconns; c++)
		if (strcmp(cfg->conns[c].sec.kind, "demo") != 0)
			return false;
	for (int i = 0; i < cfg->nsites; i++)
		if (cfg->sites[i].file[0])
			return false;
	return true;
}

int setup_sites(App *a, char *err, size_t errlen)
{
	const AppOptions *o = &a->opt;
	a->no_color = getenv("NO_COLOR") && *getenv("NO_COLOR");
	Config cfg;
	config_init(&cfg);
	if (!o->demo && config_load(&cfg, o->config_path, NULL, err, errlen) < 0)
		return -1;
	int rc = -1;
	if (!o->log_path && cfg.global.log[0] && log_open(cfg.global.log) < 0)
		log_debug("cannot open %s", cfg.global.log);
	text_copy(a->audit_path, sizeof a->audit_path, cfg.global.audit_log);
	a->refresh_ms = cfg.global.refresh_ms > 0 ? cfg.global.refresh_ms : 1000;
	a->opt.ascii = o->ascii || cfg.global.ascii;
	for (int k = 0; k < cfg.nkeys; k++) {
		char msg[160];
		if (keymap_bind(&a->km, cfg.keys[k].action, cfg.keys[k].key, msg, sizeof msg) < 0) {
			snprintf(err, errlen, "%s:%d: %s", cfg.keys[k].file, cfg.keys[k].line, msg);
			goto out;
		}
	}
	ThemeDirs td;
	theme_dirs_default(&td);
	const char *theme = o->theme ? o->theme : cfg.global.theme[0] ? cfg.global.theme : "default";
	a->theme = theme_find(theme, td.dirs, err, errlen);
	if (!a->theme) {
		if (o->theme || cfg.global.theme[0])
			goto out;
		a->theme = theme_builtin(); /* the built-in copy of default.theme */
	}
	if (o->demo || demo_only(&cfg)) {
		ConfigDemo d = { 100000, 1, 1 };
		for (int c = 0; c < cfg.nconns; c++)
			if (!strcmp(cfg.conns[c].sec.kind, "demo")) {
				d = cfg.conns[c].demo;
				break;
			}
		int n = o->demo_sites > 0 ? o->demo_sites : d.sites;
		long scale = o->demo_scale > 0 ? o->demo_scale : d.scale;
		long seed = o->demo_seed >= 0 ? o->demo_seed : d.seed;
		if (setup_demo(a, n, scale, seed, err, errlen) < 0)
			goto out;
	} else if (setup_configured(a, &cfg, err, errlen) < 0) {
		goto out;
	}
	if (o->site) {
		int found = -1;
		for (int i = 0; i < a->nsites; i++)
			if (strcmp(site_view(a->sites[i].site)->name, o->site) == 0)
				found = i;
		if (found < 0) {
			snprintf(err, errlen, "no site named '%s'", o->site);
			goto out;
		}
		a->cur = found;
	}
	rc = 0;
out:
	config_free(&cfg);
	return rc;
}
