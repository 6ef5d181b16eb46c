/* Reading narvik.conf and sites/NAME.conf into a Config. */
#include "tui/config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ini.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/lines.h"
#include "util/secret.h"
#include "util/text.h"

#define CONFIG_OPTS_MAX 64 /* options in the table; checked by the tests */

static const char *const config_default_kinds[] = {
	"slurm", "prometheus", "redfish", "ssh", NULL,
};

typedef enum { SEC_NONE, SEC_NARVIK, SEC_SITE, SEC_DEMO, SEC_CONN, SEC_KEYS } SecKind;

typedef struct {
	Config *cfg;
	const char *const *kinds;
	/* the file being read */
	const char *text;
	size_t pos, len;
	const char *file;              /* its name in messages */
	char dir[CONFIG_PATH_MAX];     /* its directory, for relative paths */
	unsigned mode;                 /* its permission bits */
	int file_site;                 /* for sites/NAME.conf the index of NAME, else -1 */
	int line;                      /* line last handed to inih */
	char *long_value;              /* value of an over-long line (see reader) */
	int long_line;
	/* the section being read */
	SecKind sec;
	char title[SITE_NAME_MAX + 32];/* as written: [site "oslo"] */
	int sec_line;
	int site, conn;                /* the current site or connector */
	int opt_line[CONFIG_OPTS_MAX]; /* line each table option was set on here */
	/* the first error */
	char *err;
	size_t errlen;
	int fail_line;                 /* 0 = none yet */
} ConfigParse;

static void config_vfail(ConfigParse *p, int line, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
static void config_vfail(ConfigParse *p, int line, const char *fmt, va_list ap)
{
	if (p->fail_line)
		return;
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	if (line > 0)
		snprintf(p->err, p->errlen, "%s:%d: %s", p->file, line, msg);
	else
		snprintf(p->err, p->errlen, "%s: %s", p->file, msg);
	p->fail_line = line > 0 ? line : -1;
}

/* An error at the current line; returns 0 for the inih handler. */
static int config_fail(ConfigParse *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int config_fail(ConfigParse *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	config_vfail(p, p->line, fmt, ap);
	va_end(ap);
	return 0;
}

static int config_fail_at(ConfigParse *p, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int config_fail_at(ConfigParse *p, const char *file, int line, const char *fmt, ...)
{
	const char *saved = p->file;
	p->file = file && *file ? file : "(built-in)";
	va_list ap;
	va_start(ap, fmt);
	config_vfail(p, line, fmt, ap);
	va_end(ap);
	p->file = saved;
	return -1;
}

/* ---- growing the Config ----------------------------------------------- */

int config_site_find(const Config *cfg, const char *id)
{
	for (int i = 0; i < cfg->nsites; i++)
		if (strcmp(cfg->sites[i].id, id) == 0)
			return i;
	return -1;
}

/* A new site at its defaults: its index, or -1 (error set). */
static int config_new_site(ConfigParse *p, const char *id, const char *file, int line)
{
	Config *cfg = p->cfg;
	int dup = config_site_find(cfg, id);
	if (dup >= 0) {
		const ConfigSite *d = &cfg->sites[dup];
		char where[CONFIG_PATH_MAX + 16];
		if (d->line > 0)
			snprintf(where, sizeof where, "%s:%d", d->file, d->line);
		else
			snprintf(where, sizeof where, "%s", d->file);
		return config_fail_at(p, file, line, "duplicate site '%s' (already defined at %s)",
		                      id, where);
	}
	if (cfg->nsites >= CONFIG_SITES_MAX)
		return config_fail_at(p, file, line, "too many sites (at most %d)", CONFIG_SITES_MAX);
	ConfigSite *s = realloc(cfg->sites, (size_t)(cfg->nsites + 1) * sizeof *s);
	if (!s)
		return config_fail_at(p, file, line, "out of memory");
	cfg->sites = s;
	s = &cfg->sites[cfg->nsites];
	memset(s, 0, sizeof *s);
	config_option_defaults(CONFIG_SCOPE_SITE, s);
	text_copy(s->id, sizeof s->id, id);
	text_copy(s->file, sizeof s->file, file);
	s->line = line;
	return cfg->nsites++;
}

/* A new connector section: its index, or -1 (error set). */
static int config_new_conn(ConfigParse *p, const char *kind, const char *name, int site)
{
	Config *cfg = p->cfg;
	if (cfg->nconns >= CONFIG_CONNS_MAX)
		return config_fail(p, "too many connector sections (at most %d)", CONFIG_CONNS_MAX), -1;
	ConfigConn *c = realloc(cfg->conns, (size_t)(cfg->nconns + 1) * sizeof *c);
	if (!c)
		return config_fail(p, "out of memory"), -1;
	cfg->conns = c;
	c = &cfg->conns[cfg->nconns];
	memset(c, 0, sizeof *c);
	text_copy(c->sec.kind, sizeof c->sec.kind, kind);
	text_copy(c->sec.name, sizeof c->sec.name, name);
	text_copy(c->sec.file, sizeof c->sec.file, p->file);
	c->sec.line = p->line;
	c->site = site;
	config_option_defaults(CONFIG_SCOPE_DEMO, &c->demo);
	return cfg->nconns++;
}

/* ---- sections --------------------------------------------------------- */

/* The end of a section: checks across its options. */
static void config_section_end(ConfigParse *p)
{
	if (p->sec != SEC_SITE || p->fail_line)
		return;
	const ConfigSite *s = &p->cfg->sites[p->site];
	if (s->gpu_temp_warn < s->gpu_temp_crit)
		return;
	int w = (int)(config_option_find(CONFIG_SCOPE_SITE, "gpu_temp_warn") - config_options);
	int c = (int)(config_option_find(CONFIG_SCOPE_SITE, "gpu_temp_crit") - config_options);
	int line = p->opt_line[w] > p->opt_line[c] ? p->opt_line[w] : p->opt_line[c];
	config_fail_at(p, p->file, line ? line : p->sec_line,
	               "gpu_temp_warn (%d °C) must be below gpu_temp_crit (%d °C)",
	               s->gpu_temp_warn, s->gpu_temp_crit);
}

static bool config_is_kind(const ConfigParse *p, const char *kind)
{
	for (const char *const *k = p->kinds; *k; k++)
		if (strcmp(*k, kind) == 0)
			return true;
	return false;
}

/* Dispatch a parsed header [kind "name"]; 0 or -1 (error set). */
static int config_section_begin(ConfigParse *p, const char *kind, const char *name, bool named)
{
	config_section_end(p);
	if (p->fail_line)
		return -1;
	memset(p->opt_line, 0, sizeof p->opt_line);
	p->sec_line = p->line;
	if (named)
		snprintf(p->title, sizeof p->title, "[%s \"%s\"]", kind, name);
	else
		snprintf(p->title, sizeof p->title, "[%s]", kind);
	bool in_site_file = p->file_site >= 0;
	if (strcmp(kind, "narvik") == 0 || strcmp(kind, "keys") == 0) {
		if (named)
			return config_fail(p, "[%s] takes no name", kind), -1;
		if (in_site_file)
			return config_fail(p, "[%s] belongs in narvik.conf, not in a site file", kind), -1;
		p->sec = kind[0] == 'n' ? SEC_NARVIK : SEC_KEYS;
		return 0;
	}
	if (strcmp(kind, "site") == 0) {
		p->sec = SEC_SITE;
		if (in_site_file) {
			const char *id = p->cfg->sites[p->file_site].id;
			if (named && strcmp(name, id) != 0)
				return config_fail(p, "[site \"%s\"] in the file of site '%s' (a site file "
				                   "describes one site, named by the file)", name, id), -1;
			p->site = p->file_site;
			return 0;
		}
		const char *id = named ? name : "default";
		if (!config_name_ok(id, SITE_NAME_MAX))
			return config_fail(p, "bad site name '%s' (letters, digits, '.', '_' and '-', "
			                   "at most %d)", name, SITE_NAME_MAX - 1), -1;
		p->site = config_new_site(p, id, p->file, p->line);
		return p->site < 0 ? -1 : 0;
	}
	bool demo = strcmp(kind, "demo") == 0;
	if (demo || config_is_kind(p, kind)) {
		p->sec = demo ? SEC_DEMO : SEC_CONN;
		p->conn = config_new_conn(p, kind, name, p->file_site);
		return p->conn < 0 ? -1 : 0;
	}
	const char *near = NULL;
	static const char *const fixed[] = { "narvik", "site", "demo", "keys" };
	for (size_t i = 0; i < 4 && !near; i++)
		if (config_similar(kind, fixed[i]))
			near = fixed[i];
	for (const char *const *k = p->kinds; *k && !near; k++)
		if (config_similar(kind, *k))
			near = *k;
	if (near)
		return config_fail(p, "unknown section [%s] (did you mean [%s]?)", kind, near), -1;
	return config_fail(p, "unknown section [%s]", kind), -1;
}

/* Parse the header line s (starting with '['). */
static int config_header(ConfigParse *p, const char *s)
{
	char kind[32], name[SITE_NAME_MAX];
	size_t i = 1, k = 0;
	bool named = false;
	while (s[i] == ' ' || s[i] == '\t')
		i++;
	while (isalnum((unsigned char)s[i]) || s[i] == '_' || s[i] == '-') {
		if (k + 1 >= sizeof kind)
			return config_fail(p, "section name too long"), -1;
		kind[k++] = s[i++];
	}
	kind[k] = '\0';
	while (s[i] == ' ' || s[i] == '\t')
		i++;
	name[0] = '\0';
	if (s[i] == '"') {
		const char *q = strchr(s + i + 1, '"');
		if (!q)
			return config_fail(p, "section name without closing '\"'"), -1;
		size_t n = (size_t)(q - (s + i + 1));
		if (n == 0 || n >= sizeof name)
			return config_fail(p, "section name must be 1 to %d characters",
			                   SITE_NAME_MAX - 1), -1;
		memcpy(name, s + i + 1, n);
		name[n] = '\0';
		if (!text_is_clean(name))
			return config_fail(p, "section name holds control or invalid characters"), -1;
		named = true;
		i += n + 2;
		while (s[i] == ' ' || s[i] == '\t')
			i++;
	}
	if (k == 0 || s[i] != ']')
		return config_fail(p, "bad section header (write [kind] or [kind \"name\"])"), -1;
	i++;
	while (s[i] == ' ' || s[i] == '\t')
		i++;
	if (s[i] && s[i] != ';' && s[i] != '#')
		return config_fail(p, "text after the section header"), -1;
	return config_section_begin(p, kind, name, named);
}

/* fgets for inih over the file text. Counts lines, reads section headers
 * itself (inih sees a neutral "[s]"), strips leading blanks (so no line is
 * a continuation), and keeps the value of a line too long for inih's
 * buffer in long_value, handing inih only "key=". Stops at the first error. */
static char *config_reader(char *str, int num, void *stream)
{
	ConfigParse *p = stream;
	if (p->fail_line || num < 8)
		return NULL;
	size_t n;
	const char *s = lines_next(p->text, p->len, &p->pos, &p->line, &n);
	if (!s)
		return NULL;
	if (n > CONFIG_VALUE_MAX + 256) {
		config_fail(p, "line too long (at most %d bytes)", CONFIG_VALUE_MAX + 256);
		return NULL;
	}
	char line[CONFIG_VALUE_MAX + 257];
	memcpy(line, s, n);
	line[n] = '\0';
	if (line[0] == '[') {
		if (config_header(p, line) != 0)
			return NULL;
		snprintf(str, (size_t)num, "[s]");
		return str;
	}
	if (n < (size_t)num - 1 || line[0] == '#' || line[0] == ';') {
		snprintf(str, (size_t)num, "%s", n < (size_t)num - 1 ? line : "#");
		return str;
	}
	size_t sep = strcspn(line, "=:");
	size_t kl = sep;
	while (kl && (line[kl - 1] == ' ' || line[kl - 1] == '\t'))
		kl--;
	if (!line[sep] || kl + 2 >= (size_t)num) {
		config_fail(p, "line too long for a key (at most %d bytes)", num - 3);
		return NULL;
	}
	char *v = line + sep + 1;
	while (*v == ' ' || *v == '\t')
		v++;
	for (char *c = v + 1; *v && *c; c++)
		if (*c == ';' && (c[-1] == ' ' || c[-1] == '\t')) {
			*c = '\0';
			break;
		}
	size_t vl = strlen(v);
	while (vl && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
		v[--vl] = '\0';
	if (vl >= CONFIG_VALUE_MAX) {
		config_fail(p, "value too long (at most %d bytes)", CONFIG_VALUE_MAX - 1);
		return NULL;
	}
	free(p->long_value);
	p->long_value = strdup(v);
	if (!p->long_value) {
		config_fail(p, "out of memory");
		return NULL;
	}
	p->long_line = p->line;
	snprintf(str, (size_t)num, "%.*s=", (int)kl, line);
	return str;
}

/* ---- keys ------------------------------------------------------------- */

/* key = value for an option of the table in scope, stored at base. */
static int config_table_key(ConfigParse *p, ConfigScope scope, void *base, const char *key,
                            const char *value)
{
	const ConfigOption *o = config_option_find(scope, key);
	char hint[80];
	if (!o)
		return config_fail(p, "unknown key '%s' in %s%s", key, p->title,
		                   config_option_hint(scope, key, hint, sizeof hint));
	int idx = (int)(o - config_options);
	if (p->opt_line[idx])
		return config_fail(p, "'%s' given twice in %s (first at line %d)", key, p->title,
		                   p->opt_line[idx]);
	p->opt_line[idx] = p->line;
	char msg[256];
	if (config_option_set(o, base, value, p->dir, msg, sizeof msg) != 0)
		return config_fail(p, "%s", msg);
	return 1;
}

/* key = value in a connector or demo section. */
static int config_conn_key(ConfigParse *p, const char *key, const char *value)
{
	ConfigConn *c = &p->cfg->conns[p->conn];
	if (strcmp(key, "site") == 0) {
		if (p->file_site >= 0) {
			const char *id = p->cfg->sites[p->file_site].id;
			if (strcmp(value, id) != 0)
				return config_fail(p, "site = %s in the file of site '%s'", value, id);
			return 1;
		}
		if (connsec_get(&c->sec, "site"))
			return config_fail(p, "'site' given twice in %s", p->title);
	} else if (p->sec == SEC_DEMO) {
		if (!config_table_key(p, CONFIG_SCOPE_DEMO, &c->demo, key, value))
			return 0;
	}
	if (connsec_add(&c->sec, key, value, p->line) != 0)
		return config_fail(p, "too many keys in %s, or out of memory", p->title);
	return 1;
}

static int config_keys_key(ConfigParse *p, const char *key, const char *value)
{
	Config *cfg = p->cfg;
	ConfigKey k = { .line = p->line };
	if (strlen(key) >= sizeof k.action || strlen(value) >= sizeof k.key || !*value)
		return config_fail(p, "[keys] wants ACTION = KEY (each at most %zu bytes)",
		                   sizeof k.action - 1);
	if (cfg->nkeys >= CONFIG_KEYS_MAX)
		return config_fail(p, "too many key bindings (at most %d)", CONFIG_KEYS_MAX);
	ConfigKey *keys = realloc(cfg->keys, (size_t)(cfg->nkeys + 1) * sizeof *keys);
	if (!keys)
		return config_fail(p, "out of memory");
	cfg->keys = keys;
	text_copy(k.action, sizeof k.action, key);
	text_copy(k.key, sizeof k.key, value);
	text_copy(k.file, sizeof k.file, p->file);
	cfg->keys[cfg->nkeys++] = k;
	return 1;
}

static int config_handler(void *user, const char *section, const char *key, const char *value)
{
	(void)section; /* the reader follows sections itself */
	ConfigParse *p = user;
	if (p->fail_line)
		return 0;
	if (p->long_line == p->line && p->long_value)
		value = p->long_value;
	if (!*key)
		return config_fail(p, "missing key before '='");
	for (const char *c = key; *c; c++)
		if (!isalnum((unsigned char)*c) && !strchr("._-", *c)) {
			char q[64];
			return config_fail(p, "bad key '%s' (letters, digits, '.', '_' and '-')",
			                   text_sanitize(q, sizeof q, key));
		}
	if (!text_is_clean(value))
		return config_fail(p, "the value of '%s' holds control or invalid characters", key);
	if (config_key_is_secret(key) && *value && !secret_is_ref(value) && (p->mode & 077))
		return config_fail(p, "%s is written out in a file group or others may read "
		                   "(mode %04o): run chmod 600 %s, or write %s = env:NAME, "
		                   "file:PATH or cmd:COMMAND", key, p->mode & 0777, p->file, key);
	switch (p->sec) {
	case SEC_NONE:
		return config_fail(p, "'%s' is outside any section (put it under [narvik], [site] "
		                   "or a connector's section)", key);
	case SEC_NARVIK:
		return config_table_key(p, CONFIG_SCOPE_NARVIK, &p->cfg->global, key, value);
	case SEC_SITE:
		return config_table_key(p, CONFIG_SCOPE_SITE, &p->cfg->sites[p->site], key, value);
	case SEC_DEMO:
	case SEC_CONN:
		return config_conn_key(p, key, value);
	case SEC_KEYS:
		return config_keys_key(p, key, value);
	}
	return 0;
}

/* ---- files ------------------------------------------------------------ */

/* Parse one file's text. file_site: the site of a sites/NAME.conf, or -1. */
static int config_parse_text(ConfigParse *p, const char *text, size_t len, const char *file,
                             unsigned mode, int file_site)
{
	p->text = text;
	p->pos = 0;
	p->len = len;
	p->file = file;
	p->mode = mode;
	p->file_site = file_site;
	p->line = 0;
	p->long_line = 0;
	const char *slash = strrchr(file, '/');
	if (!slash)
		snprintf(p->dir, sizeof p->dir, ".");
	else if (slash == file)
		snprintf(p->dir, sizeof p->dir, "/");
	else
		snprintf(p->dir, sizeof p->dir, "%.*s", (int)(slash - file), file);
	memset(p->opt_line, 0, sizeof p->opt_line);
	p->sec_line = 0;
	if (file_site >= 0) {
		p->sec = SEC_SITE;
		p->site = file_site;
		snprintf(p->title, sizeof p->title, "[site \"%s\"]", p->cfg->sites[file_site].id);
	} else {
		p->sec = SEC_NONE;
		p->title[0] = '\0';
	}
	if (memchr(text, '\0', len))
		return config_fail_at(p, file, 0, "not a text file");
	int rc = ini_parse_stream(config_reader, p, config_handler, p);
	free(p->long_value);
	p->long_value = NULL;
	if (rc > 0 && (!p->fail_line || rc < p->fail_line)) {
		p->fail_line = 0;
		return config_fail_at(p, file, rc, "expected 'key = value' or '[section]'");
	}
	if (rc < 0 && !p->fail_line)
		return config_fail_at(p, file, 0, "cannot parse (%d)", rc);
	config_section_end(p);
	p->sec = SEC_NONE;
	return p->fail_line ? -1 : 0;
}

/* Read path whole. 1 when read, 0 when missing and !must_exist, -1 on error. */
static int config_read(ConfigParse *p, const char *path, bool must_exist, char **text,
                       size_t *len, unsigned *mode)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT && !must_exist)
			return 0;
		return config_fail_at(p, path, 0, "%s", strerror(errno));
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return config_fail_at(p, path, 0, "not a regular file");
	}
	if (st.st_size > CONFIG_FILE_MAX) {
		close(fd);
		return config_fail_at(p, path, 0, "too large (more than %d bytes)", CONFIG_FILE_MAX);
	}
	char *buf = malloc((size_t)st.st_size + 1);
	size_t n = 0;
	while (buf && n < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + n, (size_t)st.st_size - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (!buf)
		return config_fail_at(p, path, 0, "out of memory");
	buf[n] = '\0';
	*text = buf;
	*len = n;
	*mode = (unsigned)st.st_mode & 07777;
	return 1;
}

static int config_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every sites/NAME.conf in dir, in name order. */
static int config_site_files(ConfigParse *p, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	char *names[CONFIG_SITES_MAX];
	int n = 0, rc = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);
		if (e->d_name[0] == '.' || l <= 5 || strcmp(e->d_name + l - 5, ".conf") != 0)
			continue;
		if (n == CONFIG_SITES_MAX) {
			rc = config_fail_at(p, dir, 0, "too many site files (at most %d)",
			                    CONFIG_SITES_MAX);
			break;
		}
		if (!(names[n] = strdup(e->d_name))) {
			rc = config_fail_at(p, dir, 0, "out of memory");
			break;
		}
		n++;
	}
	closedir(d);
	qsort(names, (size_t)n, sizeof names[0], config_name_cmp);
	for (int i = 0; i < n && rc == 0; i++) {
		char path[CONFIG_PATH_MAX], id[SITE_NAME_MAX];
		int pl = snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		if (pl < 0 || (size_t)pl >= sizeof path) {
			rc = config_fail_at(p, dir, 0, "path too long");
			break;
		}
		size_t l = strlen(names[i]) - 5;
		snprintf(id, sizeof id, "%.*s", (int)(l < sizeof id ? l : sizeof id - 1), names[i]);
		if (l >= SITE_NAME_MAX || !config_name_ok(id, SITE_NAME_MAX)) {
			rc = config_fail_at(p, path, 0, "a site file is named after its site: letters, "
			                    "digits, '.', '_' and '-', at most %d, then .conf",
			                    SITE_NAME_MAX - 1);
			break;
		}
		char *text = NULL;
		size_t len = 0;
		unsigned mode = 0;
		int site = config_new_site(p, id, path, 0);
		if (site < 0 || config_read(p, path, true, &text, &len, &mode) < 0) {
			rc = -1;
			break;
		}
		rc = config_parse_text(p, text, len, path, mode, site);
		free(text);
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	return rc;
}

/* After every file: give each connector its site; check for duplicates. */
static int config_finish(ConfigParse *p)
{
	Config *cfg = p->cfg;
	if (cfg->nsites == 0 && cfg->nconns > 0 && config_new_site(p, "default", cfg->path, 0) < 0)
		return -1;
	char list[256] = "";
	for (int i = 0; i < cfg->nsites; i++) {
		size_t l = strlen(list);
		snprintf(list + l, sizeof list - l, "%s%s", i ? ", " : "", cfg->sites[i].id);
	}
	for (int i = 0; i < cfg->nconns; i++) {
		ConfigConn *c = &cfg->conns[i];
		ConnSection *sec = &c->sec;
		char title[SITE_NAME_MAX + 32];
		if (sec->name[0])
			snprintf(title, sizeof title, "[%s \"%s\"]", sec->kind, sec->name);
		else
			snprintf(title, sizeof title, "[%s]", sec->kind);
		for (int k = 0; k < sec->nkv && c->site < 0; k++) {
			if (strcmp(sec->kv[k].key, "site") != 0)
				continue;
			c->site = config_site_find(cfg, sec->kv[k].value);
			if (c->site < 0)
				return config_fail_at(p, sec->file, sec->kv[k].line,
				                      "no site '%s' (sites: %s)", sec->kv[k].value, list);
			free(sec->kv[k].key);
			free(sec->kv[k].value);
			memmove(&sec->kv[k], &sec->kv[k + 1], (size_t)(sec->nkv - k - 1) * sizeof *sec->kv);
			sec->nkv--;
		}
		if (c->site < 0 && sec->name[0])
			c->site = config_site_find(cfg, sec->name);
		if (c->site < 0 && cfg->nsites == 1)
			c->site = 0;
		if (c->site < 0)
			return config_fail_at(p, sec->file, sec->line, "%s does not say which site it "
			                      "belongs to: add site = NAME (sites: %s)", title, list);
		for (int j = 0; j < i; j++) {
			const ConfigConn *o = &cfg->conns[j];
			if (o->site == c->site && strcmp(o->sec.kind, sec->kind) == 0 &&
			    strcmp(o->sec.name, sec->name) == 0)
				return config_fail_at(p, sec->file, sec->line, "duplicate section %s for "
				                      "site '%s' (first at %s:%d)", title,
				                      cfg->sites[c->site].id, o->sec.file, o->sec.line);
		}
	}
	for (int i = 0; i < cfg->nsites; i++)
		if (!cfg->sites[i].name[0])
			text_copy(cfg->sites[i].name, sizeof cfg->sites[i].name, cfg->sites[i].id);
	return 0;
}

/* ---- public ----------------------------------------------------------- */

void config_init(Config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	config_option_defaults(CONFIG_SCOPE_NARVIK, &cfg->global);
}

void config_free(Config *cfg)
{
	for (int i = 0; i < cfg->nconns; i++)
		connsec_free(&cfg->conns[i].sec);
	free(cfg->conns);
	free(cfg->sites);
	free(cfg->keys);
	config_init(cfg);
}

int config_dir(char *buf, size_t len)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	int n;
	if (xdg && xdg[0] == '/')
		n = snprintf(buf, len, "%s/narvik", xdg);
	else if (home && *home)
		n = snprintf(buf, len, "%s/.config/narvik", home);
	else
		return -1;
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

static int config_done(Config *cfg, ConfigParse *p)
{
	if (p->fail_line == 0 && config_finish(p) == 0)
		return 0;
	config_free(cfg);
	return -1;
}

int config_load(Config *cfg, const char *path, const char *const *kinds,
                char *err, size_t errlen)
{
	config_init(cfg);
	ConfigParse p = { .cfg = cfg, .kinds = kinds ? kinds : config_default_kinds,
	                  .file = "narvik.conf", .file_site = -1, .err = err, .errlen = errlen };
	char def[CONFIG_PATH_MAX];
	bool given = path != NULL;
	if (!path) {
		char dir[CONFIG_PATH_MAX - 16];
		if (config_dir(dir, sizeof dir) != 0)
			return config_done(cfg, &p); /* no HOME: nothing to read */
		snprintf(def, sizeof def, "%s/narvik.conf", dir);
		path = def;
	}
	if (strlen(path) >= CONFIG_PATH_MAX - 8) {
		config_fail_at(&p, path, 0, "path too long");
		return config_done(cfg, &p);
	}
	char *text = NULL;
	size_t len = 0;
	unsigned mode = 0;
	int r = config_read(&p, path, given, &text, &len, &mode);
	if (r == 1) {
		text_copy(cfg->path, sizeof cfg->path, path);
		config_parse_text(&p, text, len, path, mode, -1);
		free(text);
	}
	if (r >= 0 && !p.fail_line) {
		const char *slash = strrchr(path, '/');
		if (slash)
			snprintf(cfg->sites_dir, sizeof cfg->sites_dir, "%.*s/sites",
			         (int)(slash - path), path);
		else
			snprintf(cfg->sites_dir, sizeof cfg->sites_dir, "sites");
		config_site_files(&p, cfg->sites_dir);
	}
	return config_done(cfg, &p);
}

int config_load_string(Config *cfg, const char *text, const char *label,
                       const char *const *kinds, char *err, size_t errlen)
{
	config_init(cfg);
	ConfigParse p = { .cfg = cfg, .kinds = kinds ? kinds : config_default_kinds,
	                  .file = label, .file_site = -1, .err = err, .errlen = errlen };
	text_copy(cfg->path, sizeof cfg->path, label);
	config_parse_text(&p, text, strlen(text), label, 0600, -1);
	return config_done(cfg, &p);
}

int config_use_demo(Config *cfg)
{
	char err[256];
	ConfigParse p = { .cfg = cfg, .kinds = config_default_kinds, .file = "(built-in)",
	                  .file_site = -1, .err = err, .errlen = sizeof err };
	if (cfg->nsites == 0) {
		if (config_new_site(&p, "demo", "", 0) < 0)
			return -1;
		text_copy(cfg->sites[0].name, sizeof cfg->sites[0].name, "demo");
	}
	p.file = "";
	for (int s = 0; s < cfg->nsites; s++) {
		bool has = false;
		for (int i = 0; i < cfg->nconns && !has; i++)
			has = cfg->conns[i].site == s;
		if (!has && config_new_conn(&p, "demo", "", s) < 0)
			return -1;
	}
	return 0;
}
