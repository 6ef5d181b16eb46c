/* narvik: a terminal operations console for AI gigafactories. */
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/app.h"
#include "tui/headless.h"
#include "tui/config.h"

#define NARVIK_VERSION "0.1.0"

static void usage(FILE *out)
{
	fputs("usage: narvik [options]\n"
	      "       narvik audit [--json] [-c FILE]\n"
	      "\n"
	      "A terminal operations console for AI gigafactories: Slurm, Prometheus/DCGM\n"
	      "and Redfish on one screen. With no config file it runs the demo site.\n"
	      "\n"
	      "  -c, --config FILE     config file (default $XDG_CONFIG_HOME/narvik/narvik.conf)\n"
	      "      --demo            run the embedded demo site, ignoring the config\n"
	      "      --demo-scale N    GPUs in the demo site (default 100000)\n"
	      "      --demo-sites N    number of demo sites (default 1)\n"
	      "      --seed N          demo seed (default 1)\n"
	      "      --site NAME       start on this site; headless: only this site\n"
	      "      --theme NAME      colour theme: default, light, high-contrast, mono\n"
	      "      --ascii           no block or line glyphs\n"
	      "      --read-only       refuse every action\n"
	      "      --dry-run         log the requests actions would send, send none\n"
	      "      --once            print one snapshot (text) after the first refresh, exit\n"
	      "      --json            with --once: the snapshot as JSON\n"
	      "      --pretty          with --json: indented\n"
	      "      --check           one monitoring-plugin line; exit 0 ok, 1 warning, 2 critical\n"
	      "      --timeout S       headless: give up waiting for sources after S seconds (30)\n"
	      "      --log FILE        debug log\n"
	      "      --help-config     every config option\n"
	      "      --help-keys       every key binding\n"
	      "  -h, --help            this help\n"
	      "  -V, --version\n"
	      "\n"
	      "narvik audit prints the log of actions taken (one line each, or --json),\n"
	      "from [narvik] audit_log or $XDG_STATE_HOME/narvik/audit.log.\n",
	      out);
}

static void help_keys(void)
{
	Keymap km;
	keymap_default(&km);
	for (int k = 1; k < KA_COUNT; k++) {
		const KeyBinding *b = keymap_binding(&km, (KeyAction)k);
		char keys[48];
		printf("%-12s %-20s %s\n", keymap_keys_text(b, keys, sizeof keys), b->name, b->help);
	}
}

static long num_arg(const char *opt, const char *s, long lo, long hi)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v < lo || v > hi) {
		fprintf(stderr, "narvik: %s wants a number from %ld to %ld, not '%s'\n", opt, lo, hi, s);
		exit(2);
	}
	return v;
}

/* narvik audit [--json] [-c FILE]: print the audit log and exit. */
static int audit_main(int argc, char **argv)
{
	const char *config_path = NULL;
	bool json = false;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			json = true;
		} else if ((!strcmp(argv[i], "-c") || !strcmp(argv[i], "--config")) && i + 1 < argc) {
			config_path = argv[++i];
		} else if (!strncmp(argv[i], "--config=", 9)) {
			config_path = argv[i] + 9;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			puts("usage: narvik audit [--json] [-c FILE]\n\n"
			     "Print the log of actions taken: one line per record, or --json, the\n"
			     "records as one JSON array. The log is [narvik] audit_log in the config,\n"
			     "or $XDG_STATE_HOME/narvik/audit.log (~/.local/state/narvik/audit.log).");
			return 0;
		} else {
			fprintf(stderr, "narvik audit: unexpected argument '%s'\n"
			        "usage: narvik audit [--json] [-c FILE]\n", argv[i]);
			return 2;
		}
	}
	char err[AUDIT_PATH_MAX + 128];
	char path[AUDIT_PATH_MAX] = "";
	Config cfg;
	config_init(&cfg);
	if (config_load(&cfg, config_path, NULL, err, sizeof err) < 0) {
		fprintf(stderr, "narvik: %s\n", err);
		return 1;
	}
	snprintf(path, sizeof path, "%s", cfg.global.audit_log);
	config_free(&cfg);
	if (!path[0] && audit_default_path(path, sizeof path) < 0) {
		fprintf(stderr, "narvik audit: %s\n", path);
		return 1;
	}
	int rc = audit_print(path, stdout, json, err, sizeof err);
	if (rc == AUDIT_MISSING) {
		if (json)
			puts("[]");
		fprintf(json ? stderr : stdout, "no actions recorded yet (%s)\n", path);
		return 0;
	}
	if (rc < 0) {
		fprintf(stderr, "narvik audit: %s\n", err);
		return 1;
	}
	if (err[0])
		fprintf(stderr, "narvik audit: %s\n", err);
	return fflush(stdout) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	if (argc > 1 && !strcmp(argv[1], "audit"))
		return audit_main(argc - 1, argv + 1);
	AppOptions o;
	memset(&o, 0, sizeof o);
	o.demo_seed = -1;
	enum { O_DEMO = 256, O_SCALE, O_SITES, O_SEED, O_SITE, O_THEME, O_ASCII, O_RO, O_DRY,
	       O_ONCE, O_JSON, O_PRETTY, O_CHECK, O_TIMEOUT, O_LOG, O_HCONF, O_HKEYS };
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "demo", no_argument, NULL, O_DEMO },
		{ "demo-scale", required_argument, NULL, O_SCALE },
		{ "demo-sites", required_argument, NULL, O_SITES },
		{ "seed", required_argument, NULL, O_SEED },
		{ "site", required_argument, NULL, O_SITE },
		{ "theme", required_argument, NULL, O_THEME },
		{ "ascii", no_argument, NULL, O_ASCII },
		{ "read-only", no_argument, NULL, O_RO },
		{ "dry-run", no_argument, NULL, O_DRY },
		{ "once", no_argument, NULL, O_ONCE },
		{ "json", no_argument, NULL, O_JSON },
		{ "pretty", no_argument, NULL, O_PRETTY },
		{ "check", no_argument, NULL, O_CHECK },
		{ "timeout", required_argument, NULL, O_TIMEOUT },
		{ "log", required_argument, NULL, O_LOG },
		{ "help-config", no_argument, NULL, O_HCONF },
		{ "help-keys", no_argument, NULL, O_HKEYS },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	while ((c = getopt_long(argc, argv, "c:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': o.config_path = optarg; break;
		case O_DEMO: o.demo = true; break;
		case O_SCALE: o.demo_scale = num_arg("--demo-scale", optarg, 8, 1000000); break;
		case O_SITES: o.demo_sites = (int)num_arg("--demo-sites", optarg, 1, 8); break;
		case O_SEED: o.demo_seed = num_arg("--seed", optarg, 0, 2147483647L); break;
		case O_SITE: o.site = optarg; break;
		case O_THEME: o.theme = optarg; break;
		case O_ASCII: o.ascii = true; break;
		case O_RO: o.read_only = true; break;
		case O_DRY: o.dry_run = true; break;
		case O_ONCE: o.once = true; break;
		case O_JSON: o.json = true; break;
		case O_PRETTY: o.pretty = true; break;
		case O_CHECK: o.check = true; break;
		case O_TIMEOUT: o.timeout_s = (int)num_arg("--timeout", optarg, 1, 86400); break;
		case O_LOG: o.log_path = optarg; break;
		case O_HCONF: config_help(stdout); return 0;
		case O_HKEYS: help_keys(); return 0;
		case 'h': usage(stdout); return 0;
		case 'V': printf("narvik %s\n", NARVIK_VERSION); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "narvik: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	if (o.json && !o.once && !o.check)
		o.once = true;
	App *a = calloc(1, sizeof *a);
	if (!a) {
		fputs("narvik: out of memory\n", stderr);
		return 1;
	}
	char err[512];
	int rc;
	if (app_init(a, &o, err, sizeof err) < 0) {
		fprintf(stderr, "narvik: %s\n", err);
		rc = o.check ? 3 : 1;
	} else if (o.once || o.check) {
		rc = headless_run(a);
	} else {
		rc = app_run_tui(a);
	}
	app_free(a);
	audit_close(a->audit);
	free(a);
	return rc;
}
