/* The Prometheus connector: instant queries, their results applied to the model. */
#include "connectors/prometheus.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "connectors/dcgm.h"
#include "connectors/http.h"
#include "connectors/promparse.h"
#include "util/clock.h"
#include "util/secret.h"
#include "util/text.h"

#define PROM_HEADERS_MAX 16
#define PROM_CONCURRENT 4          /* transfers in flight per server */
#define PROM_KEY_MAX 40

typedef enum { PQ_GPU, PQ_POWER, PQ_CDU, PQ_RACK, PQ_LOOP, PQ_HISTORY } PromKind;

/* The facility queries: config key, default PromQL, what they fill. */
static const struct {
	const char *key;
	const char *query;
	PromKind kind;
	int field;                 /* PowerField or CduField */
} prometheus_facility[] = {
	{ "query_supply_w", "sum(facility_hydro_supply_watts)", PQ_POWER, PF_SUPPLY_W },
	{ "query_draw_w", "sum(facility_draw_watts)", PQ_POWER, PF_DRAW_W },
	{ "query_it_w", "sum(facility_it_power_watts)", PQ_POWER, PF_IT_W },
	{ "query_cooling_w", "sum(facility_cooling_power_watts)", PQ_POWER, PF_COOLING_W },
	{ "query_curtailment_w", "sum(facility_curtailment_watts)", PQ_POWER, PF_CURTAILMENT_W },
	{ "query_cdu_supply_c", "cdu_supply_temperature_celsius", PQ_CDU, CF_SUPPLY_C },
	{ "query_cdu_return_c", "cdu_return_temperature_celsius", PQ_CDU, CF_RETURN_C },
	{ "query_cdu_flow_lpm", "cdu_flow_litres_per_minute", PQ_CDU, CF_FLOW_LPM },
	{ "query_cdu_dp_kpa", "cdu_differential_pressure_kpa", PQ_CDU, CF_DP_KPA },
	{ "query_cdu_heat_w", "cdu_heat_removed_watts", PQ_CDU, CF_HEAT_W },
	{ "query_rack_power_w", "sum by (rack) (rack_power_watts)", PQ_RACK, 0 },
	{ "query_heat_reuse_w", "sum by (loop) (loop_heat_reuse_watts)", PQ_LOOP, 0 },
};
#define PROM_NFACILITY (sizeof prometheus_facility / sizeof prometheus_facility[0])
#define PROM_NHISTORY 3            /* draw, supply, IT: the power history */
#define PROM_QUERIES_MAX (GF_COUNT + PROM_NFACILITY + PROM_NHISTORY)

static const char *const prometheus_base_keys[] = {
	"url", "token", "user", "password", "header", "ca_file", "insecure",
	"interval", "gpu_interval", "timeout", "max_response", "history_hours",
};
#define PROM_NBASE (sizeof prometheus_base_keys / sizeof prometheus_base_keys[0])

typedef struct Prometheus Prometheus;

typedef struct {
	Prometheus *owner;
	char key[PROM_KEY_MAX];    /* "query_temp_c"; "history query_draw_w" */
	char *body;                /* the form body, owned */
	bool range;                /* PQ_HISTORY: once, until it succeeds */
	int64_t start, step;       /* range: the grid asked for, Unix s */
	double *sums;              /* range: per grid point while parsing */
	uint32_t *counts;
	PromKind kind;
	int field;
	bool slow;                 /* every gpu_interval */
	uint64_t inflight;         /* http id; 0 = none */
	int64_t next_ms;           /* monotonic: when it is due */
	bool ok;                   /* last attempt succeeded */
	char note[SITE_TEXT_MAX];  /* warning or ignored samples; "" */
	char error[SITE_ERR_MAX];  /* why the last attempt failed; "" */
} PromQuery;

struct Prometheus {
	Site *site;
	SourceId src;
	HttpClient *http;
	char url[1024];            /* ".../api/v1/query" */
	HttpAuth auth;
	char token[SECRET_MAX];
	char user[256];
	char password[SECRET_MAX];
	char ca_file[512];
	bool insecure;
	HttpHeader headers[PROM_HEADERS_MAX];
	char *header_buf[PROM_HEADERS_MAX];
	int nheaders;
	int64_t interval_ms, gpu_interval_ms, timeout_ms;
	int64_t history_s;         /* history_hours in seconds; 0 = off */
	char range_url[1024];      /* ".../api/v1/query_range" */
	size_t max_response;
	PromQuery q[PROM_QUERIES_MAX];
	int nq;
};

/* ---- applying a response --------------------------------------------------- */

typedef struct {
	PromQuery *q;
	int64_t now;
	double sum;
	size_t finite, nonfinite, unmatched;
	DcgmIngest gpu;
} PromApply;

/* A loop by name, added when unknown. */
static int32_t prometheus_loop_ensure(Site *s, const char *name)
{
	const SiteView *v = site_view(s);
	for (int32_t i = 0; i < v->nloops; i++)
		if (strcmp(v->loops[i].name, name) == 0)
			return i;
	return site_loop_add(s, name);
}

/* Number of grid points a range query asks for. */
static size_t prometheus_history_points(const Prometheus *p, int64_t step)
{
	return (size_t)(p->history_s / step) + 1;
}

/* A range sample: summed over the series into its grid point. */
static int prometheus_history_sample(PromApply *a, double ts, double v)
{
	PromQuery *q = a->q;
	if (!isfinite(v) || fabs(v) > 3.4e38) {
		a->nonfinite++;
		return 0;
	}
	double k = floor((ts - (double)q->start) / (double)q->step + 0.5);
	if (k < 0 || k >= (double)prometheus_history_points(q->owner, q->step))
		return 0; /* off the grid asked for */
	a->finite++;
	q->sums[(size_t)k] += v;
	q->counts[(size_t)k]++;
	return 0;
}

static int prometheus_sample(void *ctx, const PromLabels *l, double ts, double v)
{
	PromApply *a = ctx;
	PromQuery *q = a->q;
	Site *s = q->owner->site;
	SourceId src = q->owner->src;
	if (q->kind == PQ_GPU)
		return dcgm_ingest_sample(&a->gpu, l, ts, v);
	if (q->kind == PQ_HISTORY)
		return prometheus_history_sample(a, ts, v);
	if (!isfinite(v) || fabs(v) > 3.4e38) {
		a->nonfinite++;
		return 0;
	}
	a->finite++;
	const char *name;
	int32_t i;
	switch (q->kind) {
	case PQ_POWER:
		a->sum += v;
		break;
	case PQ_CDU:
		name = promparse_label(l, "cdu");
		if (!name || !*name || ((i = site_cdu_find(s, name)) < 0 &&
		                        (i = site_cdu_add(s, name, -1)) < 0)) {
			a->unmatched++;
			break;
		}
		site_cdu_set(s, i, (CduField)q->field, src, a->now, (float)v);
		break;
	case PQ_RACK:
		name = promparse_label(l, "rack");
		if (!name || (i = site_rack_find(s, name)) < 0) {
			a->unmatched++;
			break;
		}
		site_rack_set_power(s, i, src, a->now, (float)v);
		break;
	case PQ_LOOP:
		name = promparse_label(l, "loop");
		if (!name || !*name || (i = prometheus_loop_ensure(s, name)) < 0) {
			a->unmatched++;
			break;
		}
		site_loop_set(s, i, src, a->now, NAN, NAN, (float)v);
		break;
	case PQ_GPU:
	case PQ_HISTORY:
		break;
	}
	return 0;
}

/* The source's note: the first query's note, else the TLS note. */
static void prometheus_update_note(Prometheus *p)
{
	for (int i = 0; i < p->nq; i++)
		if (p->q[i].note[0]) {
			site_source_note(p->site, p->src, p->q[i].note);
			return;
		}
	site_source_note(p->site, p->src, p->insecure ? "TLS verification off" : "");
}

/* The buffers of a range query's grid, freed. */
static void prometheus_history_free(PromQuery *q)
{
	free(q->sums);
	free(q->counts);
	q->sums = NULL;
	q->counts = NULL;
}

static void prometheus_fail(PromQuery *q, int64_t now, const char *msg)
{
	q->ok = false;
	prometheus_history_free(q);
	size_t k = text_copy(q->error, sizeof q->error - 2, q->key);
	memcpy(q->error + k, ": ", 3);
	text_copy(q->error + k + 2, sizeof q->error - k - 2, msg);
	site_source_error(q->owner->site, q->owner->src, now, "%s", q->error);
}

/* The first line of a non-JSON error body, cut short. */
static const char *prometheus_body_excerpt(char *buf, size_t len, const HttpResponse *r)
{
	size_t n = strcspn(r->body, "\r\n");
	if (n > 120)
		n = 120;
	text_sanitize_n(buf, len, r->body, n);
	return buf;
}

static void prometheus_done(void *ctx, const HttpResponse *r)
{
	PromQuery *q = ctx;
	Prometheus *p = q->owner;
	int64_t now = clock_wall_s();
	q->inflight = 0;
	if (q->range && (!q->sums || !q->counts)) {
		prometheus_fail(q, now, "out of memory");
		return;
	}
	char msg[SITE_ERR_MAX * 3], ex[160];
	if (r->error) {
		if (r->status && r->status != 200)
			snprintf(msg, sizeof msg, "HTTP %ld, %s", r->status, r->error);
		else
			text_copy(msg, sizeof msg, r->error);
		prometheus_fail(q, now, msg);
		return;
	}
	PromApply a;
	memset(&a, 0, sizeof a);
	a.q = q;
	a.now = now;
	a.gpu = (DcgmIngest){ .site = p->site, .src = p->src, .now = now, .field = (GpuField)q->field };
	PromResult res;
	/* An error status carries no data, so nothing is applied from it. */
	int rc = promparse_response(r->body, r->body_len, prometheus_sample, &a, &res);
	if (res.status == PROM_STATUS_ERROR) {
		snprintf(msg, sizeof msg, "HTTP %ld %s: %s", r->status,
		         res.error_type[0] ? res.error_type : "error", res.error[0] ? res.error : "(no message)");
		prometheus_fail(q, now, msg);
		return;
	}
	if (r->status != 200) {
		snprintf(msg, sizeof msg, "HTTP %ld: %s", r->status, prometheus_body_excerpt(ex, sizeof ex, r));
		prometheus_fail(q, now, msg);
		return;
	}
	if (rc < 0 || res.status != PROM_STATUS_SUCCESS) {
		snprintf(msg, sizeof msg, "bad response: %s", res.msg[0] ? res.msg : "no status");
		prometheus_fail(q, now, msg);
		return;
	}
	if (q->kind == PQ_POWER && a.finite > 0)
		site_power_set(p->site, (PowerField)q->field, p->src, now, (float)a.sum);
	if (q->kind == PQ_HISTORY) {
		size_t n = prometheus_history_points(p, q->step);
		for (size_t k = 0; k < n; k++)
			if (q->counts[k])
				site_history_set(p->site, (PowerField)q->field, q->start + (int64_t)k * q->step,
				                 (float)q->sums[k]);
		prometheus_history_free(q);
		q->next_ms = INT64_MAX; /* done: never again */
	}
	size_t nonfinite = a.nonfinite + a.gpu.counts[DCGM_NOT_FINITE];
	size_t unmatched = a.unmatched + a.gpu.counts[DCGM_NO_HOST] + a.gpu.counts[DCGM_UNKNOWN_GPU];
	if (res.nwarnings)
		snprintf(q->note, sizeof q->note, "%s: warning: %.70s", q->key, res.warning);
	else if (nonfinite)
		snprintf(q->note, sizeof q->note, "%s: %zu NaN/Inf samples ignored", q->key, nonfinite);
	else if (unmatched)
		snprintf(q->note, sizeof q->note, "%s: %zu series without a known %s", q->key, unmatched,
		         q->kind == PQ_GPU ? "Hostname/gpu" : q->kind == PQ_RACK ? "rack" :
		         q->kind == PQ_CDU ? "cdu" : "loop");
	else
		q->note[0] = '\0';
	prometheus_update_note(p);
	q->ok = true;
	q->error[0] = '\0';
	/* A failure stays shown until every query has succeeded. */
	for (int i = 0; i < p->nq; i++)
		if (!p->q[i].ok) {
			if (p->q[i].error[0] && !strstr(site_view(p->site)->sources[p->src].error, p->q[i].error))
				site_source_error(p->site, p->src, now, "%s", p->q[i].error);
			return;
		}
	site_source_ok(p->site, p->src, now, true);
}

/* ---- the loop -------------------------------------------------------------- */

static void prometheus_submit(Prometheus *p, PromQuery *q, int64_t now_ms)
{
	char *body = q->body;
	if (q->range) {
		/* The model's grid: the last history_hours (at most the ring's
		 * window) up to now, at its step, on whole multiples of it. */
		int64_t step = site_view(p->site)->history->step;
		if (step <= 0)
			step = 10;
		int64_t span = p->history_s;
		if (span > (int64_t)(SITE_HISTORY_LEN - 1) * step)
			span = (int64_t)(SITE_HISTORY_LEN - 1) * step;
		int64_t end = clock_wall_s();
		end -= end % step;
		q->step = step;
		q->start = end - span / step * step;
		prometheus_history_free(q);
		size_t n = prometheus_history_points(p, step);
		q->sums = calloc(n, sizeof *q->sums);
		q->counts = calloc(n, sizeof *q->counts);
		body = malloc(strlen(q->body) + 96);
		if (!body || !q->sums || !q->counts) {
			free(body);
			q->next_ms = now_ms + p->interval_ms;
			prometheus_fail(q, clock_wall_s(), "out of memory");
			return;
		}
		sprintf(body, "%s&start=%lld&end=%lld&step=%lld", q->body, (long long)q->start,
		        (long long)end, (long long)step);
	}
	HttpRequest req = {
		.method = HTTP_POST,
		.url = q->range ? p->range_url : p->url,
		.headers = p->headers,
		.nheaders = p->nheaders,
		.body = body,
		.body_len = strlen(body),
		.content_type = "application/x-www-form-urlencoded",
		.auth = p->auth,
		.user = p->user,
		.password = p->password,
		.token = p->token,
		.ca_file = p->ca_file[0] ? p->ca_file : NULL,
		.insecure = p->insecure,
		.timeout_ms = (long)p->timeout_ms,
		.max_response = p->max_response,
	};
	q->next_ms = now_ms + (q->slow ? p->gpu_interval_ms : p->interval_ms);
	uint64_t id = 0;
	int rc = http_submit(p->http, &req, prometheus_done, q, &id);
	if (body != q->body)
		free(body);
	if (rc < 0) {
		prometheus_fail(q, clock_wall_s(), http_last_error(p->http));
		return;
	}
	q->inflight = id;
}

static void prometheus_prepare(void *self, PollSet *ps, int64_t now_ms)
{
	Prometheus *p = self;
	for (int i = 0; i < p->nq; i++)
		if (!p->q[i].inflight && p->q[i].next_ms != INT64_MAX)
			pollset_deadline(ps, p->q[i].next_ms);
	http_prepare(p->http, ps, now_ms);
}

static void prometheus_dispatch(void *self, const struct pollfd *fds, int nfds, int64_t now_ms)
{
	Prometheus *p = self;
	for (int i = 0; i < p->nq; i++)
		if (!p->q[i].inflight && now_ms >= p->q[i].next_ms)
			prometheus_submit(p, &p->q[i], now_ms);
	http_dispatch(p->http, fds, nfds, now_ms);
}

static int prometheus_submit_action(void *self, const ActionReq *req, char *err, size_t errlen)
{
	(void)self;
	(void)req;
	snprintf(err, errlen, "prometheus carries out no actions");
	return -1;
}

/* ---- creation -------------------------------------------------------------- */

static void prometheus_destroy(void *self)
{
	Prometheus *p = self;
	if (!p)
		return;
	http_free(p->http);
	for (int i = 0; i < p->nq; i++) {
		free(p->q[i].body);
		prometheus_history_free(&p->q[i]);
	}
	for (int i = 0; i < p->nheaders; i++)
		free(p->header_buf[i]);
	/* Wipe the secrets before the memory goes back. */
	volatile char *w = (volatile char *)p->token;
	for (size_t i = 0; i < sizeof p->token; i++)
		w[i] = 0;
	w = (volatile char *)p->password;
	for (size_t i = 0; i < sizeof p->password; i++)
		w[i] = 0;
	free(p);
}

/* "query=<expr>&timeout=<s>s", percent-encoded; NULL on out of memory. */
static char *prometheus_form(const char *expr, long timeout_s)
{
	size_t n = strlen(expr);
	char *out = malloc(n * 3 + 64);
	if (!out)
		return NULL;
	static const char hex[] = "0123456789ABCDEF";
	char *o = out + sprintf(out, "query=");
	for (const unsigned char *s = (const unsigned char *)expr; *s; s++) {
		if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '-' || *s == '_' || *s == '.' || *s == '~') {
			*o++ = (char)*s;
		} else {
			*o++ = '%';
			*o++ = hex[*s >> 4];
			*o++ = hex[*s & 15];
		}
	}
	sprintf(o, "&timeout=%lds", timeout_s);
	return out;
}

static int prometheus_add_query(Prometheus *p, const ConnSection *sec, const char *key, const char *def,
                          PromKind kind, int field, long timeout_s, char *err, size_t errlen)
{
	const char *v = connsec_get(sec, key);
	const char *expr = v ? v : def;
	while (*expr == ' ' || *expr == '\t')
		expr++;
	if (!*expr)
		return 0; /* disabled */
	PromQuery *q = &p->q[p->nq];
	q->owner = p;
	text_copy(q->key, sizeof q->key, key);
	q->kind = kind;
	q->field = field;
	q->slow = kind == PQ_GPU;
	q->body = prometheus_form(expr, timeout_s);
	if (!q->body) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	p->nq++;
	return 0;
}

/* The line of key in the section, or the section's own line. */
static int prometheus_line(const ConnSection *sec, const char *key)
{
	for (int i = sec->nkv - 1; i >= 0; i--)
		if (strcmp(sec->kv[i].key, key) == 0)
			return sec->kv[i].line;
	return sec->line;
}

/* Resolves the secret held by key (if any) into out. */
static int prometheus_secret(const ConnSection *sec, const char *key, char *out, size_t outlen,
                       char *err, size_t errlen)
{
	const char *spec = connsec_get(sec, key);
	out[0] = '\0';
	if (!spec || !*spec)
		return 0;
	char msg[256];
	if (secret_resolve(spec, out, outlen, msg, sizeof msg) < 0) {
		snprintf(err, errlen, "%s:%d: %s: %s", sec->file[0] ? sec->file : "(built-in)",
		         prometheus_line(sec, key), key, msg);
		return -1;
	}
	return 0;
}

static int prometheus_headers(Prometheus *p, const ConnSection *sec, char *err, size_t errlen)
{
	const char *file = sec->file[0] ? sec->file : "(built-in)";
	for (int i = 0; i < sec->nkv; i++) {
		if (strcmp(sec->kv[i].key, "header") != 0)
			continue;
		if (p->nheaders == PROM_HEADERS_MAX) {
			snprintf(err, errlen, "%s:%d: more than %d header lines", file, sec->kv[i].line,
			         PROM_HEADERS_MAX);
			return -1;
		}
		char *h = strdup(sec->kv[i].value);
		if (!h) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		p->header_buf[p->nheaders] = h;
		char *colon = strchr(h, ':');
		if (!colon || colon == h || strpbrk(h, "\r\n")) {
			snprintf(err, errlen, "%s:%d: header must be 'Name: value'", file, sec->kv[i].line);
			p->nheaders++;
			return -1;
		}
		*colon = '\0';
		char *val = colon + 1;
		while (*val == ' ' || *val == '\t')
			val++;
		for (char *e = colon; e > h && (e[-1] == ' ' || e[-1] == '\t');)
			*--e = '\0';
		p->headers[p->nheaders++] = (HttpHeader){ h, val };
	}
	return 0;
}

static int prometheus_config(Prometheus *p, const ConnSection *sec, char *err, size_t errlen)
{
	const char *file = sec->file[0] ? sec->file : "(built-in)";
	/* Every key this section may hold. */
	char gpu_keys[GF_COUNT][PROM_KEY_MAX];
	const char *known[PROM_NBASE + GF_COUNT + PROM_NFACILITY + 1];
	size_t nk = 0;
	for (size_t i = 0; i < PROM_NBASE; i++)
		known[nk++] = prometheus_base_keys[i];
	for (int f = 0; f < GF_COUNT; f++) {
		snprintf(gpu_keys[f], sizeof gpu_keys[f], "query_%s", site_gpu_field_name((GpuField)f));
		known[nk++] = gpu_keys[f];
	}
	for (size_t i = 0; i < PROM_NFACILITY; i++)
		known[nk++] = prometheus_facility[i].key;
	known[nk] = NULL;
	if (connsec_check(sec, known, err, errlen) < 0)
		return -1;

	const char *url = connsec_get(sec, "url");
	if (!url || !*url) {
		snprintf(err, errlen, "%s:%d: [prometheus] needs url = http(s)://host:9090", file, sec->line);
		return -1;
	}
	if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0) {
		snprintf(err, errlen, "%s:%d: url must start with http:// or https://", file,
		         prometheus_line(sec, "url"));
		return -1;
	}
	size_t ulen = strlen(url);
	while (ulen > 0 && url[ulen - 1] == '/')
		ulen--;
	if (ulen + sizeof "/api/v1/query_range" > sizeof p->url) {
		snprintf(err, errlen, "%s:%d: url too long", file, prometheus_line(sec, "url"));
		return -1;
	}
	snprintf(p->url, sizeof p->url, "%.*s/api/v1/query", (int)ulen, url);
	snprintf(p->range_url, sizeof p->range_url, "%.*s/api/v1/query_range", (int)ulen, url);

	long interval, gpu_interval, timeout, max_mb, history_hours;
	if (connsec_int(sec, "interval", 1, 86400, 15, &interval, err, errlen) < 0 ||
	    connsec_int(sec, "gpu_interval", 1, 86400, 60, &gpu_interval, err, errlen) < 0 ||
	    connsec_int(sec, "timeout", 1, 3600, 20, &timeout, err, errlen) < 0 ||
	    connsec_int(sec, "max_response", 1, 4096, 64, &max_mb, err, errlen) < 0 ||
	    connsec_int(sec, "history_hours", 0, 24, 4, &history_hours, err, errlen) < 0 ||
	    connsec_bool(sec, "insecure", false, &p->insecure, err, errlen) < 0)
		return -1;
	p->interval_ms = interval * 1000;
	p->gpu_interval_ms = gpu_interval * 1000;
	p->timeout_ms = timeout * 1000;
	p->history_s = history_hours * 3600;
	p->max_response = (size_t)max_mb << 20;
	const char *ca = connsec_get(sec, "ca_file");
	text_copy(p->ca_file, sizeof p->ca_file, ca ? ca : "");

	if (prometheus_headers(p, sec, err, errlen) < 0)
		return -1;
	const char *user = connsec_get(sec, "user");
	bool has_token = connsec_get(sec, "token") && *connsec_get(sec, "token");
	if (has_token && user && *user) {
		snprintf(err, errlen, "%s:%d: give token or user/password, not both", file,
		         prometheus_line(sec, "user"));
		return -1;
	}
	if (prometheus_secret(sec, "token", p->token, sizeof p->token, err, errlen) < 0 ||
	    prometheus_secret(sec, "password", p->password, sizeof p->password, err, errlen) < 0)
		return -1;
	text_copy(p->user, sizeof p->user, user ? user : "");
	p->auth = p->token[0] ? HTTP_AUTH_BEARER : p->user[0] ? HTTP_AUTH_BASIC : HTTP_AUTH_NONE;

	size_t ndcgm;
	const DcgmQuery *dq = dcgm_default_queries(&ndcgm);
	for (int f = 0; f < GF_COUNT; f++) {
		const char *def = "";
		for (size_t i = 0; i < ndcgm; i++)
			if ((int)dq[i].field == f)
				def = dq[i].query;
		if (prometheus_add_query(p, sec, gpu_keys[f], def, PQ_GPU, f, timeout, err, errlen) < 0)
			return -1;
	}
	for (size_t i = 0; i < PROM_NFACILITY; i++)
		if (prometheus_add_query(p, sec, prometheus_facility[i].key, prometheus_facility[i].query,
		                   prometheus_facility[i].kind, prometheus_facility[i].field, timeout, err, errlen) < 0)
			return -1;
	/* The power history, once at start: the same queries over a range. */
	static const PowerField hist[PROM_NHISTORY] = { PF_DRAW_W, PF_SUPPLY_W, PF_IT_W };
	for (int h = 0; h < PROM_NHISTORY && p->history_s > 0; h++) {
		for (size_t i = 0; i < PROM_NFACILITY; i++) {
			if (prometheus_facility[i].kind != PQ_POWER || prometheus_facility[i].field != (int)hist[h])
				continue;
			int before = p->nq;
			if (prometheus_add_query(p, sec, prometheus_facility[i].key, prometheus_facility[i].query,
			                         PQ_HISTORY, (int)hist[h], timeout, err, errlen) < 0)
				return -1;
			if (p->nq > before) {
				PromQuery *q = &p->q[p->nq - 1];
				snprintf(q->key, sizeof q->key, "history %s", prometheus_facility[i].key);
				q->range = true;
				q->slow = false;
			}
		}
	}
	return 0;
}

static void *prometheus_create(const ConnSection *sec, const ConnectorEnv *env, char *err, size_t errlen)
{
	Prometheus *p = calloc(1, sizeof *p);
	if (!p) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	p->site = env->site;
	if (prometheus_config(p, sec, err, errlen) < 0) {
		prometheus_destroy(p);
		return NULL;
	}
	char msg[256];
	p->http = http_new(PROM_CONCURRENT, msg, sizeof msg);
	if (!p->http) {
		snprintf(err, errlen, "%s:%d: %s", sec->file, sec->line, msg);
		prometheus_destroy(p);
		return NULL;
	}
	char name[SITE_NAME_MAX + 16];
	if (sec->name[0])
		snprintf(name, sizeof name, "prometheus %s", sec->name);
	else
		snprintf(name, sizeof name, "prometheus");
	long stale = p->interval_ms / 1000 * 3;
	p->src = site_source_add(p->site, name, "prometheus", (int32_t)(stale > 0x7fffffff ? 0x7fffffff : stale));
	if (!p->src) {
		snprintf(err, errlen, "%s:%d: too many sources", sec->file, sec->line);
		prometheus_destroy(p);
		return NULL;
	}
	prometheus_update_note(p);
	if (p->nq == 0)
		site_source_ok(p->site, p->src, clock_wall_s(), true); /* nothing to ask */
	return p;
}

const ConnectorOps prometheus_ops = {
	.kind = "prometheus",
	.summary = "Prometheus HTTP API: DCGM GPU metrics, facility power and cooling",
	.actions = 0,
	.create = prometheus_create,
	.prepare = prometheus_prepare,
	.dispatch = prometheus_dispatch,
	.submit = prometheus_submit_action,
	.destroy = prometheus_destroy,
};
