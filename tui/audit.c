/* The audit trail: append-only JSON lines, fsynced, and their listing. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cJSON.h>

#include "tui/audit.h"
#include "util/jsonw.h"
#include "util/text.h"

#define AUDIT_DRY_RING 16
#define AUDIT_LINE_MAX (1024 * 1024)   /* bytes; a longer line is malformed */

struct Audit {
	int fd;
	char path[AUDIT_PATH_MAX];
	char error[AUDIT_PATH_MAX + 160];
	uint64_t last_batch;
	uint32_t counter;
	uint64_t dry[AUDIT_DRY_RING];      /* the latest dry-run batches */
	int ndry;
};

int audit_default_path(char *buf, size_t len)
{
	const char *xdg = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	int n;
	if (xdg && xdg[0] == '/')
		n = snprintf(buf, len, "%s/narvik/audit.log", xdg);
	else if (home && *home)
		n = snprintf(buf, len, "%s/.local/state/narvik/audit.log", home);
	else {
		snprintf(buf, len, "neither XDG_STATE_HOME nor HOME is set: set [narvik] audit_log");
		return -1;
	}
	if (n < 0 || (size_t)n >= len) {
		snprintf(buf, len, "the audit log path is too long");
		return -1;
	}
	return 0;
}

/* Create the missing directories above the file at path, each 0700. */
static int make_parents(const char *path, char *err, size_t errlen)
{
	char dir[AUDIT_PATH_MAX];
	text_copy(dir, sizeof dir, path);
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	for (char *p = dir + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
			snprintf(err, errlen, "cannot create %s: %s", dir, strerror(errno));
			return -1;
		}
		*p = c;
		if (c == '\0')
			break;
	}
	return 0;
}

/* Make a new file's directory entry durable too. */
static void sync_dir_of(const char *path)
{
	char dir[AUDIT_PATH_MAX];
	text_copy(dir, sizeof dir, path);
	char *slash = strrchr(dir, '/');
	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

Audit *audit_open(const char *path, char *err, size_t errlen)
{
	Audit *au = calloc(1, sizeof *au);
	if (!au) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	au->fd = -1;
	if (path && *path) {
		if (text_copy(au->path, sizeof au->path, path) >= sizeof au->path) {
			snprintf(err, errlen, "audit log path too long");
			goto fail;
		}
	} else if (audit_default_path(au->path, sizeof au->path) < 0) {
		snprintf(err, errlen, "%s", au->path);
		goto fail;
	}
	if (make_parents(au->path, err, errlen) < 0)
		goto fail;
	struct stat st;
	bool existed = lstat(au->path, &st) == 0;
	if (existed && S_ISLNK(st.st_mode)) {
		snprintf(err, errlen, "%s is a symlink: refusing to write the audit log through it", au->path);
		goto fail;
	}
	au->fd = open(au->path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (au->fd < 0) {
		if (errno == ELOOP)
			snprintf(err, errlen, "%s is a symlink: refusing to write the audit log through it", au->path);
		else
			snprintf(err, errlen, "cannot open %s: %s", au->path, strerror(errno));
		goto fail;
	}
	if (fstat(au->fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s is not a regular file", au->path);
		goto fail;
	}
	if (st.st_mode & 077) {
		snprintf(err, errlen, "%s can be read or written by others (mode %04o): run chmod 600 %s",
		         au->path, (unsigned)(st.st_mode & 07777), au->path);
		goto fail;
	}
	if (!existed)
		sync_dir_of(au->path);
	/* A line cut by a crash: end it, so the next record starts a line. */
	char last = '\n';
	if (st.st_size > 0) {
		int rfd = open(au->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		if (rfd >= 0) {
			if (pread(rfd, &last, 1, st.st_size - 1) != 1)
				last = '\n';
			close(rfd);
		}
	}
	if (last != '\n' && (write_all(au->fd, "\n", 1) < 0 || fsync(au->fd) < 0)) {
		snprintf(err, errlen, "cannot write %s: %s", au->path, strerror(errno));
		goto fail;
	}
	return au;
fail:
	audit_close(au);
	return NULL;
}

void audit_close(Audit *au)
{
	if (!au)
		return;
	if (au->fd >= 0)
		close(au->fd);
	free(au);
}

const char *audit_path(const Audit *au) { return au->path; }
const char *audit_error(const Audit *au) { return au->error; }

/* A record being built: a JSON object in memory, ended by emit(). */
typedef struct {
	FILE *mem;
	char *buf;
	size_t len;
	JsonW *w;
} Rec;

static int rec_begin(Audit *au, Rec *r, const char *type, uint64_t batch)
{
	memset(r, 0, sizeof *r);
	r->mem = open_memstream(&r->buf, &r->len);
	if (r->mem)
		r->w = jsonw_new(r->mem, false);
	if (!r->w) {
		if (r->mem)
			fclose(r->mem);
		free(r->buf);
		snprintf(au->error, sizeof au->error, "out of memory");
		return -1;
	}
	time_t now = time(NULL);
	struct tm tm;
	char ts[32] = "";
	if (gmtime_r(&now, &tm))
		strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
	jsonw_object_begin(r->w);
	jsonw_kv_string(r->w, "type", type);
	jsonw_kv_string(r->w, "time", ts);
	jsonw_kv_int(r->w, "unix", (int64_t)now);
	jsonw_key(r->w, "batch");
	jsonw_uint(r->w, batch);
	return 0;
}

/* End the record, append it as one line with one write, and fsync. */
static int rec_emit(Audit *au, Rec *r)
{
	jsonw_object_end(r->w);
	int rc = jsonw_free(r->w);
	if (fputc('\n', r->mem) == EOF)
		rc = -1;
	if (fclose(r->mem) != 0)
		rc = -1;
	if (rc < 0) {
		snprintf(au->error, sizeof au->error, "cannot build the record");
	} else if (write_all(au->fd, r->buf, r->len) < 0 || fsync(au->fd) < 0) {
		snprintf(au->error, sizeof au->error, "cannot write %s: %s", au->path, strerror(errno));
		rc = -1;
	}
	free(r->buf);
	return rc;
}

uint64_t audit_intent(Audit *au, int64_t now, const char *operator_id, const char *site,
                      const char *action, const char *targets_hostlist, const char *reason,
                      const char *radius_summary, bool dry_run)
{
	if (now <= 0)
		now = (int64_t)time(NULL);
	/* Unix seconds, then 3 digits of the process, then 3 of a counter. */
	uint64_t batch = (uint64_t)now * 1000000u + (uint64_t)(getpid() % 1000) * 1000u +
	                 au->counter++ % 1000u;
	if (batch <= au->last_batch)
		batch = au->last_batch + 1;
	Rec r;
	if (rec_begin(au, &r, "intent", batch) < 0)
		return 0;
	jsonw_kv_string(r.w, "operator", operator_id);
	jsonw_kv_string(r.w, "site", site);
	jsonw_kv_string(r.w, "action", action);
	jsonw_kv_string(r.w, "targets", targets_hostlist);
	jsonw_kv_string(r.w, "reason", reason);
	jsonw_kv_string(r.w, "radius", radius_summary);
	jsonw_kv_bool(r.w, "dry_run", dry_run);
	if (rec_emit(au, &r) < 0)
		return 0;
	au->last_batch = batch;
	if (dry_run)
		au->dry[au->ndry++ % AUDIT_DRY_RING] = batch;
	return batch;
}

int audit_request(Audit *au, uint64_t batch, uint32_t request_id, const char *target,
                  const char *what)
{
	Rec r;
	if (rec_begin(au, &r, "request", batch) < 0)
		return -1;
	jsonw_kv_int(r.w, "request", request_id);
	jsonw_kv_string(r.w, "target", target);
	jsonw_kv_string(r.w, "what", what);
	return rec_emit(au, &r);
}

int audit_outcome(Audit *au, uint64_t batch, uint32_t request_id, const char *target, bool ok,
                  const char *msg)
{
	bool dry = false;
	for (int i = 0; i < AUDIT_DRY_RING && !dry; i++)
		dry = batch && au->dry[i] == batch;
	Rec r;
	if (rec_begin(au, &r, "outcome", batch) < 0)
		return -1;
	jsonw_kv_int(r.w, "request", request_id);
	jsonw_kv_string(r.w, "target", target);
	jsonw_kv_bool(r.w, "ok", ok);
	jsonw_kv_string(r.w, "outcome", dry ? "dry-run" : ok ? "ok" : "failed");
	jsonw_kv_string(r.w, "msg", msg ? msg : "");
	return rec_emit(au, &r);
}

/* ---- reading ---------------------------------------------------------- */

/* The next line of f into *buf (without its newline). 1: a line; 0: end of
 * file; -1: a line longer than AUDIT_LINE_MAX (consumed, not kept). */
static int read_line(FILE *f, char **buf, size_t *cap)
{
	size_t n = 0;
	bool any = false, too_long = false;
	int c;
	while ((c = getc(f)) != EOF) {
		any = true;
		if (c == '\n')
			break;
		if (too_long)
			continue;
		if (n + 1 >= *cap) {
			if (*cap >= AUDIT_LINE_MAX) {
				too_long = true;
				continue;
			}
			size_t ncap = *cap ? *cap * 2 : 1024;
			char *nb = realloc(*buf, ncap);
			if (!nb) {
				too_long = true;
				continue;
			}
			*buf = nb;
			*cap = ncap;
		}
		(*buf)[n++] = (char)c;
	}
	if (!any)
		return 0;
	if (too_long)
		return -1;
	(*buf)[n] = '\0';
	return 1;
}

static const char *str_of(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) && v->valuestring ? v->valuestring : NULL;
}

/* A parsed line that is one of our records, or NULL. */
static cJSON *parse_record(const char *line)
{
	cJSON *o = cJSON_ParseWithOpts(line, NULL, 1);
	if (!cJSON_IsObject(o))
		goto bad;
	const char *type = str_of(o, "type");
	if (!type || !cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(o, "batch")))
		goto bad;
	if (!strcmp(type, "intent"))
		return str_of(o, "action") ? o : (cJSON_Delete(o), NULL);
	if (!strcmp(type, "request") || !strcmp(type, "outcome"))
		return cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(o, "request")) ? o
		                                                                      : (cJSON_Delete(o), NULL);
bad:
	cJSON_Delete(o);
	return NULL;
}

/* s made safe for a terminal, written to out; NULL as "-". */
static void put_safe(FILE *out, const char *s)
{
	if (!s || !*s) {
		fputs("-", out);
		return;
	}
	size_t len = strlen(s) + 1;
	char *b = malloc(len);
	if (!b)
		return;
	fputs(text_sanitize(b, len, s), out);
	free(b);
}

static void print_text(FILE *out, const cJSON *o)
{
	const cJSON *u = cJSON_GetObjectItemCaseSensitive(o, "unix");
	char ts[40];
	struct tm tm;
	time_t t = cJSON_IsNumber(u) ? (time_t)u->valuedouble : 0;
	if (cJSON_IsNumber(u) && localtime_r(&t, &tm))
		strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S%z", &tm);
	else
		text_sanitize(ts, sizeof ts, str_of(o, "time") ? str_of(o, "time") : "?");
	const char *type = str_of(o, "type");
	double batch = cJSON_GetObjectItemCaseSensitive(o, "batch")->valuedouble;
	fprintf(out, "%s  ", ts);
	if (!strcmp(type, "intent")) {
		fprintf(out, "intent  #%.0f ", batch);
		put_safe(out, str_of(o, "operator"));
		fputs(" on ", out);
		put_safe(out, str_of(o, "site"));
		fputs(": ", out);
		put_safe(out, str_of(o, "action"));
		fputs(" ", out);
		put_safe(out, str_of(o, "targets"));
		fputs(" (", out);
		put_safe(out, str_of(o, "radius"));
		fputs(") reason: ", out);
		put_safe(out, str_of(o, "reason"));
		if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "dry_run")))
			fputs(" [DRY RUN]", out);
	} else {
		bool req = !strcmp(type, "request");
		double id = cJSON_GetObjectItemCaseSensitive(o, "request")->valuedouble;
		fprintf(out, "%s #%.0f.%.0f ", req ? "request" : "outcome", batch, id);
		put_safe(out, str_of(o, "target"));
		fputs(": ", out);
		if (req) {
			put_safe(out, str_of(o, "what"));
		} else {
			const char *oc = str_of(o, "outcome");
			if (!oc)
				oc = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "ok")) ? "ok" : "failed";
			put_safe(out, oc);
			const char *msg = str_of(o, "msg");
			if (msg && *msg) {
				fputs(": ", out);
				put_safe(out, msg);
			}
		}
	}
	fputc('\n', out);
}

int audit_print(const char *path, FILE *out, bool json, char *err, size_t errlen)
{
	char def[AUDIT_PATH_MAX];
	if (!path || !*path) {
		if (audit_default_path(def, sizeof def) < 0) {
			snprintf(err, errlen, "%s", def);
			return -1;
		}
		path = def;
	}
	FILE *f = fopen(path, "r");
	if (!f) {
		if (errno == ENOENT) {
			snprintf(err, errlen, "%s", path);
			return AUDIT_MISSING;
		}
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	char *line = NULL;
	size_t cap = 0;
	long bad = 0, good = 0;
	int r;
	if (json)
		fputc('[', out);
	while ((r = read_line(f, &line, &cap)) != 0) {
		if (r < 0) {
			bad++;
			continue;
		}
		if (line[strspn(line, " \t\r")] == '\0')
			continue;
		cJSON *o = parse_record(line);
		if (!o) {
			bad++;
			continue;
		}
		if (json) /* as written: valid JSON, and batch ids keep every digit */
			fprintf(out, "%s\n  %s", good ? "," : "", line);
		else
			print_text(out, o);
		good++;
		cJSON_Delete(o);
	}
	bool rerr = ferror(f);
	fclose(f);
	free(line);
	if (json)
		fputs(good ? "\n]\n" : "]\n", out);
	if (rerr) {
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	err[0] = '\0';
	if (bad && json)
		snprintf(err, errlen, "%ld malformed line%s skipped", bad, bad == 1 ? "" : "s");
	else if (bad)
		fprintf(out, "%ld malformed line%s skipped\n", bad, bad == 1 ? "" : "s");
	return 0;
}
