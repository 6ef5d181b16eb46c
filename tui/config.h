/* narvik's configuration: narvik.conf and sites/NAME.conf, read through one options table. */
#ifndef NARVIK_CONFIG_H
#define NARVIK_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "connectors/connector.h"

/*
 * Files
 * -----
 * The main file is -c FILE, or $XDG_CONFIG_HOME/narvik/narvik.conf
 * (~/.config/narvik/narvik.conf when XDG_CONFIG_HOME is unset or not
 * absolute); a missing default file is not an error. Then every
 * sites/NAME.conf in the main file's directory is read, in name order:
 * each describes the site NAME, as if its whole content were inside
 * [site "NAME"] - keys before any section and its [site] section set that
 * site's options, and all its connector sections belong to it.
 * Files are INI (read with libinih): "key = value", [section] or
 * [section "name"], comments start with '#' or ';' at the start of a line,
 * or with " ;" after a value.
 *
 * Sections
 * --------
 *   [narvik]                      global options (config_options, scope narvik)
 *   [site] / [site "NAME"]        one site each; [site] alone is the site "default"
 *   [demo] / [demo "SITE"]        the simulated site; keys checked here (scope demo)
 *                                 and also kept as a connector section of kind "demo"
 *   [keys]                        ACTION = KEY rebindings, checked later by the keymap
 *   [KIND] / [KIND "NAME"]        a connector section for every KIND in the kinds
 *                                 list given to config_load (slurm, prometheus,
 *                                 redfish, ssh by default): not checked here but
 *                                 kept whole, each key with its line, for the
 *                                 connector's create() to check (connsec_check)
 *
 * Which site a connector (or demo) section belongs to
 * ---------------------------------------------------
 *   1. in sites/NAME.conf: site NAME;
 *   2. a key "site = NAME" in the section: site NAME (the key is removed
 *      from the section);
 *   3. [KIND "NAME"] where NAME is a site's id: that site;
 *   4. when exactly one site is configured: that site;
 *   5. when no site is configured: the implicit site "default";
 *   otherwise it is an error that asks for "site = NAME".
 * Two sections of the same kind and name for the same site are an error.
 *
 * Values
 * ------
 * Options in the table are checked against their type and bounds; an
 * unknown section or key, a bad value, a key given twice in a section, a
 * duplicate site: "FILE:LINE: message". Paths may start with "~/" ($HOME);
 * a relative path is relative to the directory of the file it is written in.
 * Secrets (keys named password, token, secret, passphrase or ending in
 * _password, _token, _secret) are kept as written: "env:NAME", "file:PATH"
 * and "cmd:COMMAND" are resolved later with secret_resolve() (util/secret.h).
 * A literal secret in a file that group or others may read (mode & 077)
 * is refused, naming the file, the line and "chmod 600".
 *
 * Ownership: a Config owns every array and string in it; config_free()
 * frees them all. Nothing points into the files read.
 */

#define CONFIG_PATH_MAX 512    /* bytes incl. NUL for paths */
#define CONFIG_SITES_MAX 64
#define CONFIG_CONNS_MAX 256
#define CONFIG_KEYS_MAX 256
#define CONFIG_FILE_MAX (1024 * 1024)  /* largest config file, bytes */
#define CONFIG_VALUE_MAX 8192  /* longest value, bytes */

/* [narvik] */
typedef struct {
	char theme[32];                  /* theme name, see theme_find() */
	char log[CONFIG_PATH_MAX];       /* debug log file; "" = no log */
	int refresh_ms;                  /* redraw tick, milliseconds */
	bool ascii;                      /* ASCII glyphs only */
	char audit_log[CONFIG_PATH_MAX]; /* log of actions taken; "" = the default (tui/audit.h) */
} ConfigGlobal;

/* [site "ID"] */
typedef struct {
	char id[SITE_NAME_MAX];          /* section name, site file name, or "default" */
	char name[SITE_NAME_MAX];        /* display name: name key, else id */
	char file[CONFIG_PATH_MAX];      /* where it is defined; "" = implicit */
	int line;                        /* line of its section; 0 = whole file/implicit */
	char inventory[CONFIG_PATH_MAX]; /* topology CSV; "" = none */
	char layout[CONFIG_VALUE_MAX / 8]; /* naming pattern (inventory_apply_pattern); "" = none */
	bool read_only;                  /* refuse every action */
	char accent[32];                 /* colour as written in a theme; "" = theme's */
	int power_margin_pct;            /* alert below this headroom, % of supply */
	int gpu_temp_warn;               /* °C */
	int gpu_temp_crit;               /* °C, above gpu_temp_warn */
	int coolant_supply_max_c;        /* °C */
	int coolant_flow_min_lpm;        /* litres per minute; 0 = no check */
	int stale_after;                 /* seconds before data counts as stale */
} ConfigSite;

/* [demo] */
typedef struct {
	int scale;                       /* GPUs */
	int seed;
	int sites;                       /* simulated sites */
} ConfigDemo;

/* One connector (or demo) section and the site it belongs to. */
typedef struct {
	ConnSection sec;                 /* kind, name, file, line, keys (without site =) */
	int site;                        /* index into Config.sites */
	ConfigDemo demo;                 /* kind "demo" only: its checked options */
} ConfigConn;

/* One line of [keys]. */
typedef struct {
	char action[48];                 /* "node.drain" */
	char key[48];                    /* as written: "d", "C-x", "F5" */
	char file[CONFIG_PATH_MAX];
	int line;
} ConfigKey;

typedef struct {
	ConfigGlobal global;
	ConfigSite *sites;               /* owned */
	int nsites;
	ConfigConn *conns;               /* owned */
	int nconns;
	ConfigKey *keys;                 /* owned */
	int nkeys;
	char path[CONFIG_PATH_MAX];      /* main file read; "" = none found */
	char sites_dir[CONFIG_PATH_MAX]; /* where sites/NAME.conf were looked for */
} Config;

/* ---- the options table ------------------------------------------------ */

typedef enum {
	CONFIG_SCOPE_NARVIK,             /* ConfigGlobal */
	CONFIG_SCOPE_SITE,               /* ConfigSite */
	CONFIG_SCOPE_DEMO,               /* ConfigDemo */
} ConfigScope;

typedef enum {
	CONFIG_BOOL,                     /* yes/no, true/false, on/off, 1/0 */
	CONFIG_INT,                      /* whole number in [lo, hi] */
	CONFIG_STRING,                   /* printable text */
	CONFIG_NAME,                     /* letters, digits, '.', '_', '-' */
	CONFIG_PATH,                     /* file name, see Values above */
	CONFIG_COLOUR,                   /* a theme colour, see tui/theme.h */
} ConfigType;

typedef struct {
	ConfigScope scope;
	const char *name;
	ConfigType type;
	long lo, hi;                     /* CONFIG_INT bounds */
	const char *def;                 /* default as written in a file */
	size_t offset, size;             /* the field in the scope's struct */
	const char *unit;                /* "ms", "°C", ... or NULL */
	const char *help;
} ConfigOption;

extern const ConfigOption config_options[];
extern const int config_noptions;

const ConfigOption *config_option_find(ConfigScope scope, const char *name);
/* Check value against o and store it in the struct at base (ConfigGlobal,
 * ConfigSite or ConfigDemo as o->scope says). Relative paths are taken
 * from dir (NULL: as written). 0, or -1 with a message (without file and
 * line) in msg; the field is unchanged then. */
int config_option_set(const ConfigOption *o, void *base, const char *value, const char *dir,
                      char *msg, size_t msglen);
/* Every option of scope at its default. */
void config_option_defaults(ConfigScope scope, void *base);
const char *config_scope_name(ConfigScope scope);   /* "narvik", "site", "demo" */

/* A hint for key, unknown in scope: " (did you mean 'x'?)", " (it belongs
 * in [narvik])", or "". Written to buf, returned. */
const char *config_option_hint(ConfigScope scope, const char *key, char *buf, size_t len);
/* b is close enough to a mistyped a to suggest it (edit distance). */
bool config_similar(const char *a, const char *b);
/* 1 to max-1 letters, digits, '.', '_' and '-', not starting with '.'
 * (site ids, theme names). */
bool config_name_ok(const char *s, size_t max);
/* Keys whose values are secrets (see Values above): never log their values. */
bool config_key_is_secret(const char *key);

/* Every option with type, bounds, default and help, and the rules above
 * in short (narvik --help-config). */
void config_help(FILE *out);

/* ---- loading ---------------------------------------------------------- */

/* Defaults, no sites, no connectors. */
void config_init(Config *cfg);

/* Read path (NULL: the default file, which may be missing) and the site
 * files beside it into cfg (which need not be initialised). kinds is the
 * NULL-terminated list of connector section names (NULL: slurm, prometheus,
 * redfish, ssh). 0, or -1 with "FILE:LINE: ..." in err and cfg empty (as
 * from config_init). Reads the environment (XDG_CONFIG_HOME, HOME). */
int config_load(Config *cfg, const char *path, const char *const *kinds,
                char *err, size_t errlen);

/* The same for one main file's text (no site files), with label as its
 * name in messages and paths relative to the working directory; treated as
 * a file only its owner can read. For tests and fuzzing. */
int config_load_string(Config *cfg, const char *text, const char *label,
                       const char *const *kinds, char *err, size_t errlen);

/* When nothing is configured: with no site, add the site "demo"; then give
 * every site without a connector a built-in [demo] section. 0, or -1 on
 * out of memory. */
int config_use_demo(Config *cfg);

/* Index of the site with this id, or -1. */
int config_site_find(const Config *cfg, const char *id);

/* $XDG_CONFIG_HOME/narvik or ~/.config/narvik into buf; -1 when neither
 * variable is usable. */
int config_dir(char *buf, size_t len);

void config_free(Config *cfg);

#endif
