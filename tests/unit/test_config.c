/* Unit tests for tui/config.c, tui/config_table.c and connectors/connector.c. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "connectors/connector.h"
#include "tui/config.h"

/* ---- helpers ---------------------------------------------------------- */

static void load_ok(Config *cfg, const char *text)
{
	char err[512] = "";
	if (config_load_string(cfg, text, "narvik.conf", NULL, err, sizeof err) != 0)
		fail_msg("unexpected error: %s\n--\n%s", err, text);
}

static void want_error(const char *text, const char *want)
{
	Config cfg;
	char err[512] = "";
	if (config_load_string(&cfg, text, "narvik.conf", NULL, err, sizeof err) == 0) {
		config_free(&cfg);
		fail_msg("no error for:\n%s", text);
	}
	assert_int_equal(cfg.nsites, 0);
	assert_int_equal(cfg.nconns, 0);
	assert_null(cfg.sites);
	if (strcmp(err, want) != 0)
		fail_msg("error\n  got:  %s\n  want: %s", err, want);
}

static void write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");
	if (!f)
		fail_msg("cannot write %s", path);
	fputs(text, f);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
}

typedef struct {
	char dir[64];       /* plays $XDG_CONFIG_HOME */
	char conf[128];     /* dir/narvik */
	char sites[160];    /* dir/narvik/sites */
} Tmp;

static int tmp_setup(void **state)
{
	Tmp *t = calloc(1, sizeof *t);
	assert_non_null(t);
	snprintf(t->dir, sizeof t->dir, "/tmp/narvik-config-XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	snprintf(t->conf, sizeof t->conf, "%s/narvik", t->dir);
	snprintf(t->sites, sizeof t->sites, "%s/sites", t->conf);
	assert_int_equal(mkdir(t->conf, 0700), 0);
	assert_int_equal(mkdir(t->sites, 0700), 0);
	setenv("XDG_CONFIG_HOME", t->dir, 1);
	*state = t;
	return 0;
}

static int tmp_teardown(void **state)
{
	Tmp *t = *state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", t->dir);
	unsetenv("XDG_CONFIG_HOME");
	if (system(cmd) != 0)
		return -1;
	free(t);
	return 0;
}

/* Write NAME under the temp config dir (narvik.conf, sites/x.conf). */
static void tmp_write(const Tmp *t, const char *name, const char *text, mode_t mode)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", t->conf, name);
	write_file(path, text, mode);
}

static const ConfigConn *find_conn(const Config *cfg, const char *kind, const char *name)
{
	for (int i = 0; i < cfg->nconns; i++)
		if (strcmp(cfg->conns[i].sec.kind, kind) == 0 && strcmp(cfg->conns[i].sec.name, name) == 0)
			return &cfg->conns[i];
	fail_msg("no [%s \"%s\"]", kind, name);
	return NULL;
}

/* ---- connector.c ------------------------------------------------------ */

static ConnSection make_section(void)
{
	ConnSection s;
	memset(&s, 0, sizeof s);
	snprintf(s.kind, sizeof s.kind, "redfish");
	snprintf(s.name, sizeof s.name, "cdu-h1");
	snprintf(s.file, sizeof s.file, "narvik.conf");
	s.line = 10;
	assert_int_equal(connsec_add(&s, "url", "https://bmc", 11), 0);
	assert_int_equal(connsec_add(&s, "interval", "5", 12), 0);
	assert_int_equal(connsec_add(&s, "interval", "7", 13), 0);
	assert_int_equal(connsec_add(&s, "verify_tls", "Off", 14), 0);
	assert_int_equal(connsec_add(&s, "retries", "lots", 15), 0);
	assert_int_equal(connsec_add(&s, "timeout", "999", 16), 0);
	assert_int_equal(connsec_add(&s, "insecure", "maybe", 17), 0);
	return s;
}

static void test_connsec_get_int(void **state)
{
	(void)state;
	ConnSection s = make_section();
	char err[256];
	long v;
	assert_string_equal(connsec_get(&s, "url"), "https://bmc");
	assert_string_equal(connsec_get(&s, "interval"), "7"); /* the last one */
	assert_null(connsec_get(&s, "missing"));

	assert_int_equal(connsec_int(&s, "interval", 1, 60, 30, &v, err, sizeof err), 0);
	assert_int_equal(v, 7);
	assert_int_equal(connsec_int(&s, "missing", 1, 60, 30, &v, err, sizeof err), 0);
	assert_int_equal(v, 30);
	assert_int_equal(connsec_int(&s, "retries", 0, 9, 3, &v, err, sizeof err), -1);
	assert_string_equal(err, "narvik.conf:15: retries must be a whole number from 0 to 9, "
	                    "not 'lots'");
	assert_int_equal(connsec_int(&s, "timeout", 1, 600, 30, &v, err, sizeof err), -1);
	assert_string_equal(err, "narvik.conf:16: timeout must be a whole number from 1 to 600, "
	                    "not '999'");
	connsec_free(&s);
	assert_int_equal(s.nkv, 0);
	assert_null(s.kv);
	connsec_free(&s); /* twice is harmless */
}

static void test_connsec_bool(void **state)
{
	(void)state;
	ConnSection s = make_section();
	char err[256];
	bool b = true;
	assert_int_equal(connsec_bool(&s, "verify_tls", true, &b, err, sizeof err), 0);
	assert_false(b);
	assert_int_equal(connsec_bool(&s, "missing", true, &b, err, sizeof err), 0);
	assert_true(b);
	assert_int_equal(connsec_bool(&s, "insecure", false, &b, err, sizeof err), -1);
	assert_string_equal(err, "narvik.conf:17: insecure must be yes or no "
	                    "(or true/false, on/off, 1/0), not 'maybe'");
	static const char *const yes[] = { "yes", "TRUE", "on", "1" };
	static const char *const no[] = { "no", "false", "OFF", "0" };
	for (int i = 0; i < 4; i++) {
		ConnSection t;
		memset(&t, 0, sizeof t);
		assert_int_equal(connsec_add(&t, "a", yes[i], 1), 0);
		assert_int_equal(connsec_add(&t, "b", no[i], 2), 0);
		bool a = false, c = true;
		assert_int_equal(connsec_bool(&t, "a", false, &a, err, sizeof err), 0);
		assert_int_equal(connsec_bool(&t, "b", true, &c, err, sizeof err), 0);
		assert_true(a);
		assert_false(c);
		connsec_free(&t);
	}
	connsec_free(&s);
}

static void test_connsec_check(void **state)
{
	(void)state;
	ConnSection s = make_section();
	char err[256];
	const char *all[] = { "url", "interval", "verify_tls", "retries", "timeout", "insecure",
	                      NULL };
	assert_int_equal(connsec_check(&s, all, err, sizeof err), 0);
	const char *some[] = { "url", "intervals", "verify_tls", NULL };
	assert_int_equal(connsec_check(&s, some, err, sizeof err), -1);
	assert_string_equal(err, "narvik.conf:12: unknown key 'interval' in [redfish \"cdu-h1\"] "
	                    "(did you mean 'intervals'?)");
	const char *none[] = { NULL };
	assert_int_equal(connsec_check(&s, none, err, sizeof err), -1);
	assert_string_equal(err, "narvik.conf:11: unknown key 'url' in [redfish \"cdu-h1\"]");
	connsec_free(&s);

	ConnSection b;
	memset(&b, 0, sizeof b);
	snprintf(b.kind, sizeof b.kind, "slurm");
	assert_int_equal(connsec_add(&b, "x", "1", 0), 0);
	assert_int_equal(connsec_check(&b, none, err, sizeof err), -1);
	assert_string_equal(err, "(built-in):0: unknown key 'x' in [slurm]");
	connsec_free(&b);
}

static void test_action_kinds(void **state)
{
	(void)state;
	static const char *const names[ACT_COUNT] = {
		"drain", "resume", "reboot", "power-cycle", "power-off", "power-on", "cancel",
		"requeue",
	};
	for (int k = 0; k < ACT_COUNT; k++) {
		assert_string_equal(action_kind_name((ActionKind)k), names[k]);
		assert_int_equal(action_kind_from_name(names[k]), k);
	}
	assert_int_equal(action_kind_from_name("Drain"), -1);
	assert_int_equal(action_kind_from_name(""), -1);
	assert_int_equal(action_kind_from_name(NULL), -1);
	assert_string_equal(action_kind_name(ACT_COUNT), "?");

	assert_true(action_kind_needs_reason(ACT_DRAIN));
	assert_true(action_kind_needs_reason(ACT_REBOOT));
	assert_true(action_kind_needs_reason(ACT_POWER_CYCLE));
	assert_true(action_kind_needs_reason(ACT_POWER_OFF));
	assert_true(action_kind_needs_reason(ACT_POWER_ON));
	assert_false(action_kind_needs_reason(ACT_RESUME));
	assert_false(action_kind_needs_reason(ACT_CANCEL_JOB));
	assert_false(action_kind_needs_reason(ACT_REQUEUE_JOB));

	for (int k = 0; k < ACT_COUNT; k++) {
		bool power = k == ACT_POWER_CYCLE || k == ACT_POWER_OFF || k == ACT_POWER_ON;
		bool job = k == ACT_CANCEL_JOB || k == ACT_REQUEUE_JOB;
		assert_int_equal(action_kind_is_power((ActionKind)k), power);
		assert_int_equal(action_kind_is_job((ActionKind)k), job);
	}
}

/* ---- the table -------------------------------------------------------- */

static void test_table(void **state)
{
	(void)state;
	assert_true(config_noptions > 0 && config_noptions <= 64);
	for (int i = 0; i < config_noptions; i++) {
		const ConfigOption *o = &config_options[i];
		assert_non_null(o->help);
		assert_ptr_equal(config_option_find(o->scope, o->name), o);
		/* every default is a valid value */
		union {
			ConfigGlobal g;
			ConfigSite s;
			ConfigDemo d;
		} buf;
		char msg[256];
		memset(&buf, 0, sizeof buf);
		if (config_option_set(o, &buf, o->def, NULL, msg, sizeof msg) != 0)
			fail_msg("default of %s: %s", o->name, msg);
	}
	assert_null(config_option_find(CONFIG_SCOPE_SITE, "theme"));
	assert_true(config_key_is_secret("password"));
	assert_true(config_key_is_secret("bmc_password"));
	assert_true(config_key_is_secret("token"));
	assert_true(config_key_is_secret("api_token"));
	assert_true(config_key_is_secret("passphrase"));
	assert_false(config_key_is_secret("token_cmd"));
	assert_false(config_key_is_secret("tokens"));
	assert_false(config_key_is_secret("_token"));
}

static void test_help(void **state)
{
	(void)state;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	config_help(f);
	fclose(f);
	for (int i = 0; i < config_noptions; i++)
		if (!strstr(buf, config_options[i].name))
			fail_msg("help lacks %s", config_options[i].name);
	assert_non_null(strstr(buf, "refresh              = 100..10000 ms"));
	assert_non_null(strstr(buf, "default: 1000"));
	assert_non_null(strstr(buf, "scale                = 8..1000000 GPUs"));
	assert_non_null(strstr(buf, "[site] or [site \"NAME\"]"));
	assert_non_null(strstr(buf, "cmd:COMMAND"));
	/* no line wider than 80 columns of ASCII */
	for (char *line = buf, *nl; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl)
			break;
		if (nl - line > 82)
			fail_msg("help line too long: %.*s", (int)(nl - line), line);
	}
	free(buf);
}

/* ---- loading ---------------------------------------------------------- */

static void test_defaults(void **state)
{
	(void)state;
	Config cfg;
	load_ok(&cfg, "");
	assert_string_equal(cfg.global.theme, "default");
	assert_int_equal(cfg.global.refresh_ms, 1000);
	assert_false(cfg.global.ascii);
	assert_string_equal(cfg.global.log, "");
	assert_int_equal(cfg.nsites, 0);
	assert_int_equal(cfg.nconns, 0);
	assert_int_equal(cfg.nkeys, 0);
	config_free(&cfg);
}

static void test_full_file(void **state)
{
	(void)state;
	char query[600];
	memset(query, 'q', sizeof query - 1);
	query[sizeof query - 1] = '\0';
	char text[4096];
	snprintf(text, sizeof text,
	         "\xEF\xBB\xBF# narvik\n"
	         "[narvik]\r\n"
	         "  theme = high-contrast\n"
	         "refresh = 250 ; inline comment\n"
	         "ascii = yes\n"
	         "log = /var/log/narvik.log\n"
	         "audit_log = audit.log\n"
	         "\n"
	         "[site \"stargate\"]\n"
	         "name = Stargate Norway\n"
	         "inventory = /etc/narvik/inv.csv\n"
	         "read_only = true\n"
	         "accent = #ff8700\n"
	         "power_margin_pct = 10\n"
	         "gpu_temp_warn = 80\n"
	         "gpu_temp_crit = 95\n"
	         "coolant_supply_max_c = 35\n"
	         "coolant_flow_min_lpm = 1200\n"
	         "stale_after = 60\n"
	         "[slurm]\n"
	         "url = http://slurm:6820\n"
	         "token = env:SLURM_JWT\n"
	         "[prometheus]\n"
	         "url = http://prom:9090\n"
	         "gpu_temp = %s ; long\n"
	         "[redfish \"cdu-h1\"]\n"
	         "password = cmd:pass show narvik/bmc\n"
	         "[keys]\n"
	         "node.drain = D\n"
	         "view.zoom = =\n",
	         query);
	Config cfg;
	load_ok(&cfg, text);
	assert_string_equal(cfg.global.theme, "high-contrast");
	assert_int_equal(cfg.global.refresh_ms, 250);
	assert_true(cfg.global.ascii);
	assert_string_equal(cfg.global.log, "/var/log/narvik.log");
	assert_string_equal(cfg.global.audit_log, "audit.log");

	assert_int_equal(cfg.nsites, 1);
	const ConfigSite *s = &cfg.sites[0];
	assert_string_equal(s->id, "stargate");
	assert_string_equal(s->name, "Stargate Norway");
	assert_string_equal(s->file, "narvik.conf");
	assert_int_equal(s->line, 9);
	assert_string_equal(s->inventory, "/etc/narvik/inv.csv");
	assert_true(s->read_only);
	assert_string_equal(s->accent, "#ff8700");
	assert_int_equal(s->power_margin_pct, 10);
	assert_int_equal(s->gpu_temp_warn, 80);
	assert_int_equal(s->gpu_temp_crit, 95);
	assert_int_equal(s->coolant_supply_max_c, 35);
	assert_int_equal(s->coolant_flow_min_lpm, 1200);
	assert_int_equal(s->stale_after, 60);

	assert_int_equal(cfg.nconns, 3);
	const ConfigConn *c = find_conn(&cfg, "slurm", "");
	assert_int_equal(c->site, 0);
	assert_int_equal(c->sec.line, 20);
	assert_string_equal(c->sec.file, "narvik.conf");
	assert_string_equal(connsec_get(&c->sec, "token"), "env:SLURM_JWT");
	assert_int_equal(c->sec.kv[1].line, 22);
	c = find_conn(&cfg, "prometheus", "");
	assert_string_equal(connsec_get(&c->sec, "gpu_temp"), query);
	assert_int_equal(c->sec.kv[1].line, 25);
	c = find_conn(&cfg, "redfish", "cdu-h1");
	assert_string_equal(connsec_get(&c->sec, "password"), "cmd:pass show narvik/bmc");

	assert_int_equal(cfg.nkeys, 2);
	assert_string_equal(cfg.keys[0].action, "node.drain");
	assert_string_equal(cfg.keys[0].key, "D");
	assert_int_equal(cfg.keys[0].line, 29);
	assert_string_equal(cfg.keys[1].key, "=");
	config_free(&cfg);
	assert_int_equal(cfg.nconns, 0);
}

static void test_errors(void **state)
{
	(void)state;
	want_error("[narvik]\nrefresh = 50\n",
	           "narvik.conf:2: refresh must be a whole number from 100 to 10000 ms, not '50'");
	want_error("[narvik]\n\nrefresh = 1s\n",
	           "narvik.conf:3: refresh must be a whole number from 100 to 10000 ms, not '1s'");
	want_error("[narvik]\nascii = maybe\n",
	           "narvik.conf:2: ascii must be yes or no (or true/false, on/off, 1/0), "
	           "not 'maybe'");
	want_error("[narvik]\nrefrehs = 100\n",
	           "narvik.conf:2: unknown key 'refrehs' in [narvik] (did you mean 'refresh'?)");
	want_error("[site \"oslo\"]\nstale_afer = 5\n",
	           "narvik.conf:2: unknown key 'stale_afer' in [site \"oslo\"] "
	           "(did you mean 'stale_after'?)");
	want_error("[site]\ntheme = light\n",
	           "narvik.conf:2: unknown key 'theme' in [site] (it belongs in [narvik])");
	want_error("[site]\nfrobnicate = 1\n", "narvik.conf:2: unknown key 'frobnicate' in [site]");
	want_error("[narvik]\nrefresh = 200\nrefresh = 300\n",
	           "narvik.conf:3: 'refresh' given twice in [narvik] (first at line 2)");
	want_error("[site \"a\"]\n[site \"b\"]\n[site \"a\"]\n",
	           "narvik.conf:3: duplicate site 'a' (already defined at narvik.conf:1)");
	want_error("[site]\n[site]\n",
	           "narvik.conf:2: duplicate site 'default' (already defined at narvik.conf:1)");
	want_error("theme = light\n",
	           "narvik.conf:1: 'theme' is outside any section (put it under [narvik], [site] "
	           "or a connector's section)");
	want_error("[site]\ngpu_temp_warn = 95\n",
	           "narvik.conf:2: gpu_temp_warn (95 °C) must be below gpu_temp_crit (90 °C)");
	want_error("[site]\ngpu_temp_crit = 70\ngpu_temp_warn = 70\n[narvik]\n",
	           "narvik.conf:3: gpu_temp_warn (70 °C) must be below gpu_temp_crit (70 °C)");
	want_error("[site]\ngpu_temp_crit = 121\n",
	           "narvik.conf:2: gpu_temp_crit must be a whole number from 30 to 120 °C, "
	           "not '121'");
	want_error("[site]\npower_margin_pct = -1\n",
	           "narvik.conf:2: power_margin_pct must be a whole number from 0 to 50 %, not '-1'");
	want_error("[site]\naccent = purpel\n",
	           "narvik.conf:2: unknown colour 'purpel' for accent (a name such as cyan or "
	           "bright-red, colorN, or #rrggbb)");
	want_error("[narvik]\ntheme = ../etc\n",
	           "narvik.conf:2: theme must be letters, digits, '.', '_' and '-', not '../etc'");
}

static void test_errors_sections(void **state)
{
	(void)state;
	want_error("[narvik]\n[slrum]\n", "narvik.conf:2: unknown section [slrum] "
	           "(did you mean [slurm]?)");
	want_error("[grafana]\n", "narvik.conf:1: unknown section [grafana]");
	want_error("[site \"oslo\"\n", "narvik.conf:1: bad section header "
	           "(write [kind] or [kind \"name\"])");
	want_error("[site oslo]\n", "narvik.conf:1: bad section header "
	           "(write [kind] or [kind \"name\"])");
	want_error("[site \"oslo]\n", "narvik.conf:1: section name without closing '\"'");
	want_error("[site \"\"]\n", "narvik.conf:1: section name must be 1 to 47 characters");
	want_error("[site] x\n", "narvik.conf:1: text after the section header");
	want_error("[site \"a b\"]\n", "narvik.conf:1: bad site name 'a b' (letters, digits, "
	           "'.', '_' and '-', at most 47)");
	want_error("[narvik \"x\"]\n", "narvik.conf:1: [narvik] takes no name");
	want_error("[narvik]\nrefresh = 100\njust words\n",
	           "narvik.conf:3: expected 'key = value' or '[section]'");
	want_error("[narvik]\n= 5\n", "narvik.conf:2: missing key before '='");
	want_error("[slurm]\nbad key = 1\n",
	           "narvik.conf:2: bad key 'bad key' (letters, digits, '.', '_' and '-')");
	want_error("[slurm]\nurl = a\x01z\n",
	           "narvik.conf:2: the value of 'url' holds control or invalid characters");
	want_error("[demo]\nscale = 7\n",
	           "narvik.conf:2: scale must be a whole number from 8 to 1000000 GPUs, not '7'");
	want_error("[demo]\nsites = 9\n",
	           "narvik.conf:2: sites must be a whole number from 1 to 8, not '9'");
	want_error("[demo]\nspeed = 9\n",
	           "narvik.conf:2: unknown key 'speed' in [demo] (did you mean 'seed'?)");
	want_error("[keys]\nnode.drain =\n",
	           "narvik.conf:2: [keys] wants ACTION = KEY (each at most 47 bytes)");
	char big[CONFIG_VALUE_MAX + 64];
	snprintf(big, sizeof big, "[slurm]\nurl = %0*d\n", CONFIG_VALUE_MAX, 0);
	want_error(big, "narvik.conf:2: value too long (at most 8191 bytes)");
}

static void test_sites_and_connectors(void **state)
{
	(void)state;
	Config cfg;
	load_ok(&cfg,
	        "[site \"oslo\"]\n"
	        "[site \"bergen\"]\n"
	        "accent = cyan\n"
	        "[slurm \"oslo\"]\n"
	        "url = http://a\n"
	        "[slurm \"bergen\"]\n"
	        "url = http://b\n"
	        "[prometheus]\n"
	        "site = bergen\n"
	        "url = http://p\n"
	        "[redfish \"cdu-1\"]\n"
	        "url = https://r\n"
	        "site = oslo\n"
	        "[demo \"bergen\"]\n"
	        "scale = 64\n"
	        "seed = 7\n");
	assert_int_equal(cfg.nsites, 2);
	assert_string_equal(cfg.sites[0].id, "oslo");
	assert_string_equal(cfg.sites[0].name, "oslo");
	assert_string_equal(cfg.sites[1].accent, "cyan");
	assert_int_equal(config_site_find(&cfg, "bergen"), 1);
	assert_int_equal(config_site_find(&cfg, "nowhere"), -1);
	assert_int_equal(find_conn(&cfg, "slurm", "oslo")->site, 0);
	assert_int_equal(find_conn(&cfg, "slurm", "bergen")->site, 1);
	const ConfigConn *p = find_conn(&cfg, "prometheus", "");
	assert_int_equal(p->site, 1);
	assert_null(connsec_get(&p->sec, "site")); /* consumed */
	assert_int_equal(p->sec.nkv, 1);
	const ConfigConn *r = find_conn(&cfg, "redfish", "cdu-1");
	assert_int_equal(r->site, 0);
	assert_int_equal(r->sec.nkv, 1);
	const ConfigConn *d = find_conn(&cfg, "demo", "bergen");
	assert_int_equal(d->site, 1);
	assert_int_equal(d->demo.scale, 64);
	assert_int_equal(d->demo.seed, 7);
	assert_int_equal(d->demo.sites, 1);
	assert_string_equal(connsec_get(&d->sec, "scale"), "64");
	config_free(&cfg);

	want_error("[site \"oslo\"]\n[site \"bergen\"]\n[slurm]\nurl = x\n",
	           "narvik.conf:3: [slurm] does not say which site it belongs to: "
	           "add site = NAME (sites: oslo, bergen)");
	want_error("[site \"oslo\"]\n[slurm]\nsite = bergen\n",
	           "narvik.conf:3: no site 'bergen' (sites: oslo)");
	want_error("[slurm]\nsite = a\nsite = a\n", "narvik.conf:3: 'site' given twice in [slurm]");
	want_error("[site \"oslo\"]\n[slurm]\n[slurm \"oslo\"]\n[slurm]\n",
	           "narvik.conf:4: duplicate section [slurm] for site 'oslo' "
	           "(first at narvik.conf:2)");
}

static void test_implicit_site_and_demo(void **state)
{
	(void)state;
	Config cfg;
	load_ok(&cfg, "[slurm]\nurl = x\n[demo]\n");
	assert_int_equal(cfg.nsites, 1);
	assert_string_equal(cfg.sites[0].id, "default");
	assert_string_equal(cfg.sites[0].name, "default");
	assert_int_equal(cfg.sites[0].stale_after, 30);
	assert_int_equal(find_conn(&cfg, "demo", "")->demo.scale, 100000);
	assert_int_equal(find_conn(&cfg, "slurm", "")->site, 0);
	assert_int_equal(config_use_demo(&cfg), 0);
	assert_int_equal(cfg.nconns, 2); /* the site had connectors */
	config_free(&cfg);

	load_ok(&cfg, "");
	assert_int_equal(config_use_demo(&cfg), 0);
	assert_int_equal(cfg.nsites, 1);
	assert_string_equal(cfg.sites[0].id, "demo");
	assert_int_equal(cfg.nconns, 1);
	assert_string_equal(cfg.conns[0].sec.kind, "demo");
	assert_int_equal(cfg.conns[0].site, 0);
	assert_int_equal(cfg.conns[0].demo.scale, 100000);
	config_free(&cfg);

	load_ok(&cfg, "[site \"a\"]\n[site \"b\"]\n[slurm \"a\"]\n");
	assert_int_equal(config_use_demo(&cfg), 0);
	assert_int_equal(cfg.nconns, 2);
	assert_int_equal(cfg.conns[1].site, 1);
	config_free(&cfg);
}

static void test_custom_kinds(void **state)
{
	(void)state;
	const char *kinds[] = { "slurm", "snmp", NULL };
	Config cfg;
	char err[256];
	assert_int_equal(config_load_string(&cfg, "[snmp \"pdu\"]\ncommunity = public\n",
	                                    "x.conf", kinds, err, sizeof err), 0);
	assert_string_equal(cfg.conns[0].sec.kind, "snmp");
	config_free(&cfg);
	assert_int_equal(config_load_string(&cfg, "[redfish]\n", "x.conf", kinds, err, sizeof err),
	                 -1);
	assert_string_equal(err, "x.conf:1: unknown section [redfish]");
}

static void test_secret_mode(void **state)
{
	Tmp *t = *state;
	char path[300], err[512], want[1200];
	Config cfg;
	snprintf(path, sizeof path, "%s/narvik.conf", t->conf);

	tmp_write(t, "narvik.conf", "[redfish]\nurl = https://bmc\n\nuser = root\n"
	          "password = hunter2\n", 0644);
	assert_int_equal(config_load(&cfg, NULL, NULL, err, sizeof err), -1);
	snprintf(want, sizeof want, "%s:5: password is written out in a file group or others may "
	         "read (mode 0644): run chmod 600 %s, or write password = env:NAME, file:PATH or "
	         "cmd:COMMAND", path, path);
	assert_string_equal(err, want);
	assert_null(strstr(err, "hunter2"));

	tmp_write(t, "narvik.conf", "[slurm]\nauth_token = s3cret\n", 0640);
	assert_int_equal(config_load(&cfg, path, NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, ":2: auth_token is written out"));
	assert_null(strstr(err, "s3cret"));

	/* References are fine in a readable file, a literal in a private one. */
	tmp_write(t, "narvik.conf", "[redfish]\npassword = env:BMC_PW\n[slurm]\n"
	          "token = file:~/.slurm-token\n[ssh \"bastion\"]\npassphrase = cmd:pass x\n", 0644);
	if (config_load(&cfg, NULL, NULL, err, sizeof err) != 0)
		fail_msg("%s", err);
	assert_string_equal(cfg.path, path);
	config_free(&cfg);
	tmp_write(t, "narvik.conf", "[redfish]\npassword = hunter2\n", 0600);
	if (config_load(&cfg, NULL, NULL, err, sizeof err) != 0)
		fail_msg("%s", err);
	assert_string_equal(connsec_get(&cfg.conns[0].sec, "password"), "hunter2");
	config_free(&cfg);

	/* The same check in a site file. */
	tmp_write(t, "narvik.conf", "", 0644);
	tmp_write(t, "sites/oslo.conf", "[redfish]\n\npassword = hunter2\n", 0604);
	assert_int_equal(config_load(&cfg, NULL, NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "sites/oslo.conf:3: password is written out"));
	assert_non_null(strstr(err, "chmod 600"));
}

static void test_site_files(void **state)
{
	Tmp *t = *state;
	char err[512];
	Config cfg;
	tmp_write(t, "narvik.conf",
	          "[narvik]\ntheme = light\n"
	          "[prometheus]\nsite = oslo\nurl = http://thanos\n"
	          "[site \"lab\"]\n", 0644);
	tmp_write(t, "sites/oslo.conf",
	          "# the Oslo site\nread_only = yes\ninventory = oslo.csv\n"
	          "[slurm]\nurl = http://slurm-oslo\n"
	          "[redfish \"cdu-1\"]\nurl = https://cdu\nsite = oslo\n", 0600);
	tmp_write(t, "sites/bergen.conf",
	          "[site]\nname = Bergen\ngpu_temp_warn = 80\n"
	          "[slurm]\nurl = http://slurm-bergen\n[demo]\nscale = 1000\n", 0600);
	tmp_write(t, "sites/oslo.conf~", "garbage", 0600);
	tmp_write(t, "sites/.hidden.conf", "garbage", 0600);
	tmp_write(t, "sites/README", "garbage", 0600);
	if (config_load(&cfg, NULL, NULL, err, sizeof err) != 0)
		fail_msg("%s", err);
	assert_string_equal(cfg.global.theme, "light");
	assert_int_equal(cfg.nsites, 3);
	assert_string_equal(cfg.sites[0].id, "lab");
	assert_string_equal(cfg.sites[1].id, "bergen"); /* site files in name order */
	assert_string_equal(cfg.sites[1].name, "Bergen");
	assert_int_equal(cfg.sites[1].gpu_temp_warn, 80);
	assert_string_equal(cfg.sites[2].id, "oslo");
	assert_true(cfg.sites[2].read_only);
	assert_false(cfg.sites[1].read_only);
	char want[256];
	snprintf(want, sizeof want, "%s/oslo.csv", t->sites);
	assert_string_equal(cfg.sites[2].inventory, want);
	snprintf(want, sizeof want, "%s/oslo.conf", t->sites);
	assert_string_equal(cfg.sites[2].file, want);
	assert_string_equal(cfg.sites_dir, t->sites);

	assert_int_equal(cfg.nconns, 5);
	assert_int_equal(cfg.conns[0].site, 2); /* prometheus, site = oslo */
	assert_string_equal(cfg.conns[1].sec.kind, "slurm");
	assert_int_equal(cfg.conns[1].site, 1);
	assert_int_equal(cfg.conns[2].site, 1);
	assert_int_equal(cfg.conns[2].demo.scale, 1000);
	assert_int_equal(cfg.conns[3].site, 2);
	assert_string_equal(cfg.conns[3].sec.file, want);
	assert_int_equal(cfg.conns[3].sec.line, 4);
	const ConfigConn *r = find_conn(&cfg, "redfish", "cdu-1");
	assert_int_equal(r->site, 2);
	assert_null(connsec_get(&r->sec, "site"));
	config_free(&cfg);
}

static void test_site_file_errors(void **state)
{
	Tmp *t = *state;
	char err[512], want[1200];
	Config cfg;
	char oslo[256];
	snprintf(oslo, sizeof oslo, "%s/oslo.conf", t->sites);

	tmp_write(t, "sites/oslo.conf", "[site \"bergen\"]\n", 0600);
	assert_int_equal(config_load(&cfg, NULL, NULL, err, sizeof err), -1);
	snprintf(want, sizeof want, "%s:1: [site \"bergen\"] in the file of site 'oslo' "
	         "(a site file describes one site, named by the file)", oslo);
	assert_string_equal(err, want);

	tmp_write(t, "sites/oslo.conf", "[slurm]\nsite = bergen\n", 0600);
	assert_int_equal(config_load(&cfg, NULL, NULL, err, sizeof err), -1);
	snprintf(want, sizeof want, "%s:2: site = bergen in the file of site 'oslo'", oslo);
	assert_string_equal(err, want);

	tmp_write(t, "sites/oslo.conf", "\n[narvik]\n", 0600);
	assert_int_equal(config_load(&cfg, NULL, NULL, err, sizeof err), -1);
	snprintf(want, sizeof want, "%s:2: [narvik] belongs in narvik.conf, not in a site file",
	         oslo);
	assert_string_equal(err, want);

	tmp_write(t, "sites/oslo.conf", "stale_after = 0\n", 0600);
	assert_int_equal(config_load(&cfg, NULL, NULL, err, sizeof err), -1);
	snprintf(want, sizeof want, "%s:1: stale_after must be a whole number from 1 to 86400 s, "
	         "not '0'", oslo);
	assert_string_equal(err, want);

	tmp_write(t, "sites/oslo.conf", "gpu_temp_warn = 91\n", 0600);
	assert_int_equal(config_load(&cfg, NULL, NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "oslo.conf:1: gpu_temp_warn (91 °C) must be below"));

	tmp_write(t, "sites/oslo.conf", "", 0600);
	tmp_write(t, "narvik.conf", "\n\n[site \"oslo\"]\n", 0600);
	assert_int_equal(config_load(&cfg, NULL, NULL, err, sizeof err), -1);
	char conf[256];
	snprintf(conf, sizeof conf, "%s/narvik.conf", t->conf);
	snprintf(want, sizeof want, "%s: duplicate site 'oslo' (already defined at %s:3)", oslo,
	         conf);
	assert_string_equal(err, want);

	tmp_write(t, "narvik.conf", "", 0600);
	tmp_write(t, "sites/bad name.conf", "", 0600);
	assert_int_equal(config_load(&cfg, NULL, NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "bad name.conf: a site file is named after its site"));
}

static void test_files_and_paths(void **state)
{
	Tmp *t = *state;
	char err[512], path[300], want[1200];
	Config cfg;

	/* No file at the default place: an empty config. */
	assert_int_equal(config_load(&cfg, NULL, NULL, err, sizeof err), 0);
	assert_string_equal(cfg.path, "");
	assert_int_equal(cfg.nsites, 0);
	config_free(&cfg);

	/* -c FILE must exist. */
	snprintf(path, sizeof path, "%s/missing.conf", t->dir);
	assert_int_equal(config_load(&cfg, path, NULL, err, sizeof err), -1);
	snprintf(want, sizeof want, "%s: No such file or directory", path);
	assert_string_equal(err, want);
	assert_int_equal(config_load(&cfg, t->dir, NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "not a regular file"));

	/* -c FILE elsewhere: its own sites/ directory, relative paths from it. */
	char other[256];
	snprintf(other, sizeof other, "%s/etc", t->dir);
	assert_int_equal(mkdir(other, 0700), 0);
	snprintf(path, sizeof path, "%s/narvik.conf", other);
	write_file(path, "[narvik]\nlog = logs/narvik.log\naudit_log = ~/audit.log\n"
	           "[site]\ninventory = /abs/inv.csv\n", 0600);
	setenv("HOME", "/home/op", 1);
	if (config_load(&cfg, path, NULL, err, sizeof err) != 0)
		fail_msg("%s", err);
	snprintf(want, sizeof want, "%s/logs/narvik.log", other);
	assert_string_equal(cfg.global.log, want);
	assert_string_equal(cfg.global.audit_log, "/home/op/audit.log");
	assert_string_equal(cfg.sites[0].inventory, "/abs/inv.csv");
	snprintf(want, sizeof want, "%s/sites", other);
	assert_string_equal(cfg.sites_dir, want);
	config_free(&cfg);

	/* config_dir follows XDG_CONFIG_HOME, then HOME. */
	char dir[256];
	assert_int_equal(config_dir(dir, sizeof dir), 0);
	assert_string_equal(dir, t->conf);
	setenv("XDG_CONFIG_HOME", "relative", 1);
	assert_int_equal(config_dir(dir, sizeof dir), 0);
	assert_string_equal(dir, "/home/op/.config/narvik");
	setenv("XDG_CONFIG_HOME", t->dir, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_connsec_get_int),
		cmocka_unit_test(test_connsec_bool),
		cmocka_unit_test(test_connsec_check),
		cmocka_unit_test(test_action_kinds),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_full_file),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_errors_sections),
		cmocka_unit_test(test_sites_and_connectors),
		cmocka_unit_test(test_implicit_site_and_demo),
		cmocka_unit_test(test_custom_kinds),
		cmocka_unit_test_setup_teardown(test_secret_mode, tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_site_files, tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_site_file_errors, tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_files_and_paths, tmp_setup, tmp_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
