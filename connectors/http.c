/* Nonblocking HTTP client: libcurl multi handle driven by socket callbacks. */
#include "connectors/http.h"

#include <curl/curl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/clock.h"

#define HTTP_MAX_HEADER_BYTES (64u << 10)  /* response headers kept, in all */

typedef struct {
	char *p;
	size_t len, cap;
} Buf;

typedef struct Xfer {
	struct Xfer *prev, *next;  /* in the queue or the active list */
	uint64_t id;
	CURL *easy;
	struct curl_slist *hdrs;
	void *body;                /* our copy of the request body */
	Buf resp, head;
	size_t max_response;
	bool too_big, active;
	int64_t start_ms;
	HttpDoneFn fn;
	void *ctx;
	char errbuf[CURL_ERROR_SIZE];
} Xfer;

typedef struct {
	curl_socket_t fd;
	int what;                  /* CURL_POLL_IN / OUT / INOUT */
} Sock;

typedef struct {
	Xfer *head, *tail;
	int n;
} XferList;

struct HttpClient {
	CURLM *multi;
	int max_concurrent;
	XferList queue, active, failed; /* failed: could not start */
	Sock *socks;
	int nsocks, capsocks;
	int64_t timer_at;          /* monotonic ms; POLLSET_NO_DEADLINE = none */
	uint64_t next_id;
	char last_error[256];
};

/* ---- small helpers ----------------------------------------------------- */

static void list_push(XferList *l, Xfer *x)
{
	x->next = NULL;
	x->prev = l->tail;
	if (l->tail)
		l->tail->next = x;
	else
		l->head = x;
	l->tail = x;
	l->n++;
}

static void list_unlink(XferList *l, Xfer *x)
{
	if (x->prev)
		x->prev->next = x->next;
	else
		l->head = x->next;
	if (x->next)
		x->next->prev = x->prev;
	else
		l->tail = x->prev;
	x->prev = x->next = NULL;
	l->n--;
}

__attribute__((format(printf, 2, 3)))
static void set_error(HttpClient *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->last_error, sizeof c->last_error, fmt, ap);
	va_end(ap);
}

/* Append n bytes, keeping a NUL after them; -1 past cap or on OOM. */
static int buf_append(Buf *b, const char *data, size_t n, size_t cap)
{
	if (n > cap || b->len > cap - n)
		return -1;
	if (b->len + n + 1 > b->cap) {
		size_t nc = b->cap ? b->cap : 4096;
		while (nc < b->len + n + 1)
			nc *= 2;
		if (nc > cap + 1)
			nc = cap + 1;
		char *p = realloc(b->p, nc);
		if (!p)
			return -1;
		b->p = p;
		b->cap = nc;
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

static bool has_crlf(const char *s)
{
	return s && strpbrk(s, "\r\n") != NULL;
}

static void xfer_free(Xfer *x)
{
	if (!x)
		return;
	if (x->easy)
		curl_easy_cleanup(x->easy);
	curl_slist_free_all(x->hdrs);
	free(x->body);
	free(x->resp.p);
	free(x->head.p);
	free(x);
}

/* ---- curl callbacks ---------------------------------------------------- */

static size_t on_body(char *data, size_t size, size_t nmemb, void *userp)
{
	Xfer *x = userp;
	size_t n = size * nmemb;
	if (buf_append(&x->resp, data, n, x->max_response) < 0) {
		x->too_big = x->resp.len + n > x->max_response;
		return 0; /* aborts the transfer with CURLE_WRITE_ERROR */
	}
	return n;
}

/* Keeps headers as "name\0value\0" pairs; a status line starts afresh. */
static size_t on_header(char *data, size_t size, size_t nmemb, void *userp)
{
	Xfer *x = userp;
	size_t n = size * nmemb;
	if (n >= 5 && memcmp(data, "HTTP/", 5) == 0) {
		x->head.len = 0;
		return n;
	}
	const char *colon = memchr(data, ':', n);
	if (!colon || colon == data)
		return n; /* blank end line, or a folded/odd line: skip */
	const char *v = colon + 1, *end = data + n;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ' ||
	                   end[-1] == '\t'))
		end--;
	/* Past the cap, further headers are dropped, not fatal. */
	size_t need = (size_t)(colon - data) + 1 + (size_t)(end - v) + 1;
	if (x->head.len + need <= HTTP_MAX_HEADER_BYTES) {
		const char nul = '\0';
		buf_append(&x->head, data, (size_t)(colon - data), HTTP_MAX_HEADER_BYTES);
		buf_append(&x->head, &nul, 1, HTTP_MAX_HEADER_BYTES);
		buf_append(&x->head, v, (size_t)(end - v), HTTP_MAX_HEADER_BYTES);
		buf_append(&x->head, &nul, 1, HTTP_MAX_HEADER_BYTES);
	}
	return n;
}

static int on_socket(CURL *easy, curl_socket_t s, int what, void *userp, void *socketp)
{
	(void)easy;
	(void)socketp;
	HttpClient *c = userp;
	int i;
	for (i = 0; i < c->nsocks; i++)
		if (c->socks[i].fd == s)
			break;
	if (what == CURL_POLL_REMOVE) {
		if (i < c->nsocks)
			c->socks[i] = c->socks[--c->nsocks];
		return 0;
	}
	if (i == c->nsocks) {
		if (c->nsocks == c->capsocks) {
			int cap = c->capsocks ? c->capsocks * 2 : 8;
			Sock *p = realloc(c->socks, (size_t)cap * sizeof *p);
			if (!p)
				return -1; /* curl fails the transfer */
			c->socks = p;
			c->capsocks = cap;
		}
		c->socks[c->nsocks++].fd = s;
	}
	c->socks[i].what = what;
	return 0;
}

static int on_timer(CURLM *multi, long timeout_ms, void *userp)
{
	(void)multi;
	HttpClient *c = userp;
	c->timer_at = timeout_ms < 0 ? POLLSET_NO_DEADLINE : clock_mono_ms() + timeout_ms;
	return 0;
}

/* ---- building a request ------------------------------------------------ */

#define SETOPT(opt, val)                                                  \
	do {                                                              \
		CURLcode rc_ = curl_easy_setopt(e, opt, val);             \
		if (rc_ != CURLE_OK) {                                    \
			set_error(c, "%s: %s", #opt, curl_easy_strerror(rc_)); \
			return -1;                                        \
		}                                                         \
	} while (0)

static int slist_add(HttpClient *c, Xfer *x, const char *line)
{
	struct curl_slist *l = curl_slist_append(x->hdrs, line);
	if (!l) {
		set_error(c, "out of memory");
		return -1;
	}
	x->hdrs = l;
	return 0;
}

static int add_header(HttpClient *c, Xfer *x, const char *name, const char *value)
{
	if (!name || !*name || has_crlf(name) || has_crlf(value) || strchr(name, ':')) {
		set_error(c, "bad request header '%s'", name ? name : "(null)");
		return -1;
	}
	size_t n = strlen(name) + strlen(value ? value : "") + 3;
	char *line = malloc(n);
	if (!line) {
		set_error(c, "out of memory");
		return -1;
	}
	/* "Name;" sends an empty value; "Name:" would remove the header. */
	if (value && *value)
		snprintf(line, n, "%s: %s", name, value);
	else
		snprintf(line, n, "%s;", name);
	int r = slist_add(c, x, line);
	free(line);
	return r;
}

/* Sets the URL, splitting "unix:SOCKET:PATH" as documented in http.h. */
static int set_url(HttpClient *c, CURL *e, const char *url)
{
	if (!url || !*url || has_crlf(url) || strchr(url, ' ')) {
		set_error(c, "bad URL '%s'", url ? url : "(null)");
		return -1;
	}
	if (strncmp(url, "unix:", 5) == 0) {
		const char *sock = url + 5, *sep = strstr(sock, ":/");
		if (*sock != '/' || !sep || sep == sock) {
			set_error(c, "bad URL '%s': expected unix:/path/to/socket:/request/path", url);
			return -1;
		}
		size_t slen = (size_t)(sep - sock);
		char *path = malloc(slen + 1), *full = malloc(strlen(sep) + 32);
		if (!path || !full) {
			free(path);
			free(full);
			set_error(c, "out of memory");
			return -1;
		}
		memcpy(path, sock, slen);
		path[slen] = '\0';
		sprintf(full, "http://localhost%s", sep + 1);
		CURLcode r1 = curl_easy_setopt(e, CURLOPT_UNIX_SOCKET_PATH, path);
		CURLcode r2 = curl_easy_setopt(e, CURLOPT_URL, full);
		free(path);
		free(full);
		if (r1 != CURLE_OK || r2 != CURLE_OK) {
			set_error(c, "bad URL '%s'", url);
			return -1;
		}
		return 0;
	}
	if (strncasecmp(url, "http://", 7) != 0 && strncasecmp(url, "https://", 8) != 0) {
		set_error(c, "bad URL '%s': only http://, https:// and unix: are supported", url);
		return -1;
	}
	SETOPT(CURLOPT_URL, url);
	return 0;
}

static int set_method_body(HttpClient *c, Xfer *x, const HttpRequest *req)
{
	static const char *const names[] = {"GET", "POST", "PUT", "PATCH", "DELETE"};
	CURL *e = x->easy;
	if ((unsigned)req->method > HTTP_DELETE) {
		set_error(c, "bad method %d", (int)req->method);
		return -1;
	}
	bool body = req->body != NULL || req->method == HTTP_POST ||
	            req->method == HTTP_PUT || req->method == HTTP_PATCH;
	if (body) {
		size_t n = req->body ? req->body_len : 0;
		x->body = malloc(n ? n : 1);
		if (!x->body) {
			set_error(c, "out of memory");
			return -1;
		}
		if (n)
			memcpy(x->body, req->body, n);
		SETOPT(CURLOPT_POST, 1L);
		SETOPT(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)n);
		SETOPT(CURLOPT_POSTFIELDS, x->body);
		/* Without a type, remove the form type curl would add; never
		 * wait for a 100 Continue. */
		if (req->content_type) {
			if (add_header(c, x, "Content-Type", req->content_type) < 0)
				return -1;
		} else if (slist_add(c, x, "Content-Type:") < 0) {
			return -1;
		}
		if (slist_add(c, x, "Expect:") < 0)
			return -1;
	} else if (req->content_type) {
		if (add_header(c, x, "Content-Type", req->content_type) < 0)
			return -1;
	}
	if (req->method != HTTP_POST && (req->method != HTTP_GET || body))
		SETOPT(CURLOPT_CUSTOMREQUEST, names[req->method]);
	return 0;
}

static int set_options(HttpClient *c, Xfer *x, const HttpRequest *req)
{
	CURL *e = x->easy;
	long connect_ms = req->connect_timeout_ms > 0 ? req->connect_timeout_ms
	                                              : HTTP_DEFAULT_CONNECT_TIMEOUT_MS;
	long total_ms = req->timeout_ms > 0 ? req->timeout_ms : HTTP_DEFAULT_TIMEOUT_MS;
	long slow_bytes = req->low_speed_bytes > 0 ? req->low_speed_bytes
	                                           : HTTP_DEFAULT_LOW_SPEED_BYTES;
	long slow_ms = req->low_speed_ms > 0 ? req->low_speed_ms : HTTP_DEFAULT_LOW_SPEED_MS;

	if (set_url(c, e, req->url) < 0)
		return -1;
	SETOPT(CURLOPT_PROTOCOLS_STR, "http,https");
	SETOPT(CURLOPT_NOSIGNAL, 1L);
	SETOPT(CURLOPT_VERBOSE, 0L);
	SETOPT(CURLOPT_NOPROGRESS, 1L);
	SETOPT(CURLOPT_PRIVATE, (void *)x);
	SETOPT(CURLOPT_ERRORBUFFER, x->errbuf);
	SETOPT(CURLOPT_WRITEFUNCTION, on_body);
	SETOPT(CURLOPT_WRITEDATA, (void *)x);
	SETOPT(CURLOPT_HEADERFUNCTION, on_header);
	SETOPT(CURLOPT_HEADERDATA, (void *)x);
	SETOPT(CURLOPT_USERAGENT, "narvik");
	SETOPT(CURLOPT_ACCEPT_ENCODING, "");
	SETOPT(CURLOPT_CONNECTTIMEOUT_MS, connect_ms);
	SETOPT(CURLOPT_TIMEOUT_MS, total_ms);
	SETOPT(CURLOPT_LOW_SPEED_LIMIT, slow_bytes);
	SETOPT(CURLOPT_LOW_SPEED_TIME, (slow_ms + 999) / 1000);
	/* Refuses early when Content-Length says too much; on_body checks the
	 * decoded size as it arrives. */
	SETOPT(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)x->max_response);
	SETOPT(CURLOPT_SSL_VERIFYPEER, req->insecure ? 0L : 1L);
	SETOPT(CURLOPT_SSL_VERIFYHOST, req->insecure ? 0L : 2L);
	if (req->ca_file)
		SETOPT(CURLOPT_CAINFO, req->ca_file);
	if (req->follow_redirects) {
		SETOPT(CURLOPT_FOLLOWLOCATION, 1L);
		SETOPT(CURLOPT_MAXREDIRS, 5L);
		SETOPT(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	}
	switch (req->auth) {
	case HTTP_AUTH_NONE:
		break;
	case HTTP_AUTH_BASIC:
		if (!req->user || has_crlf(req->user) || has_crlf(req->password)) {
			set_error(c, "basic auth needs a user name without CR or LF");
			return -1;
		}
		SETOPT(CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		SETOPT(CURLOPT_USERNAME, req->user);
		SETOPT(CURLOPT_PASSWORD, req->password ? req->password : "");
		break;
	case HTTP_AUTH_BEARER:
		if (!req->token || !*req->token || has_crlf(req->token)) {
			set_error(c, "bearer auth needs a token without CR or LF");
			return -1;
		}
		SETOPT(CURLOPT_HTTPAUTH, (long)CURLAUTH_BEARER);
		SETOPT(CURLOPT_XOAUTH2_BEARER, req->token);
		break;
	default:
		set_error(c, "bad auth kind %d", (int)req->auth);
		return -1;
	}
	if (set_method_body(c, x, req) < 0)
		return -1;
	for (int i = 0; i < req->nheaders; i++)
		if (add_header(c, x, req->headers[i].name, req->headers[i].value) < 0)
			return -1;
	if (x->hdrs)
		SETOPT(CURLOPT_HTTPHEADER, x->hdrs);
	return 0;
}

/* ---- queue and completion ---------------------------------------------- */

static Xfer *find(XferList *l, uint64_t id)
{
	for (Xfer *x = l->head; x; x = x->next)
		if (x->id == id)
			return x;
	return NULL;
}

static void start_queued(HttpClient *c)
{
	while (c->active.n < c->max_concurrent && c->queue.head) {
		Xfer *x = c->queue.head;
		list_unlink(&c->queue, x);
		x->start_ms = clock_mono_ms();
		list_push(&c->active, x);
		x->active = true;
		CURLMcode mc = curl_multi_add_handle(c->multi, x->easy);
		if (mc != CURLM_OK) {
			/* Reported on the next dispatch, never from submit. */
			list_unlink(&c->active, x);
			x->active = false;
			snprintf(x->errbuf, sizeof x->errbuf, "cannot start transfer: %s",
			         curl_multi_strerror(mc));
			list_push(&c->failed, x);
		}
	}
}

static void deliver(Xfer *x, CURLcode rc, int64_t now_ms)
{
	char msg[CURL_ERROR_SIZE + 64];
	const char *err = NULL;
	long status = 0;
	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
	if (rc != CURLE_OK) {
		if (x->too_big || rc == CURLE_FILESIZE_EXCEEDED)
			snprintf(msg, sizeof msg, "response larger than %zu bytes", x->max_response);
		else if (rc == CURLE_WRITE_ERROR)
			snprintf(msg, sizeof msg, "out of memory reading the response");
		else if (x->errbuf[0])
			snprintf(msg, sizeof msg, "%s", x->errbuf);
		else
			snprintf(msg, sizeof msg, "%s", curl_easy_strerror(rc));
		err = msg;
	}
	HttpResponse r = {
		.id = x->id,
		.status = status,
		.body = x->resp.p ? x->resp.p : "",
		.body_len = x->resp.len,
		.elapsed_ms = x->start_ms ? now_ms - x->start_ms : 0,
		.error = err,
		.hdrs_ = x->head.p,
		.hdrs_len_ = x->head.len,
	};
	if (x->fn)
		x->fn(x->ctx, &r);
}

static void read_done(HttpClient *c, int64_t now_ms)
{
	CURLMsg *m;
	int left;
	while ((m = curl_multi_info_read(c->multi, &left))) {
		if (m->msg != CURLMSG_DONE)
			continue;
		CURL *e = m->easy_handle;
		CURLcode rc = m->data.result;
		char *priv = NULL;
		curl_easy_getinfo(e, CURLINFO_PRIVATE, &priv);
		Xfer *x = (Xfer *)priv;
		curl_multi_remove_handle(c->multi, e);
		if (!x || !x->active)
			continue;
		list_unlink(&c->active, x);
		x->active = false;
		/* Unlinked first, so the callback may submit and cancel freely. */
		deliver(x, rc, now_ms);
		xfer_free(x);
	}
	while (c->failed.head) {
		Xfer *x = c->failed.head;
		list_unlink(&c->failed, x);
		deliver(x, CURLE_FAILED_INIT, now_ms);
		xfer_free(x);
	}
}

/* ---- public ------------------------------------------------------------ */

const char *http_response_header(const HttpResponse *resp, const char *name)
{
	const char *p = resp->hdrs_, *end = p ? p + resp->hdrs_len_ : NULL;
	while (p && p < end) {
		const char *v = p + strlen(p) + 1;
		if (v >= end)
			break;
		if (strcasecmp(p, name) == 0)
			return v;
		p = v + strlen(v) + 1;
	}
	return NULL;
}

HttpClient *http_new(int max_concurrent, char *err, size_t errlen)
{
	if (max_concurrent < 1) {
		snprintf(err, errlen, "http: max_concurrent must be at least 1");
		return NULL;
	}
	CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT);
	if (rc != CURLE_OK) {
		snprintf(err, errlen, "http: curl_global_init: %s", curl_easy_strerror(rc));
		return NULL;
	}
	HttpClient *c = calloc(1, sizeof *c);
	if (!c || !(c->multi = curl_multi_init())) {
		free(c);
		curl_global_cleanup();
		snprintf(err, errlen, "http: out of memory");
		return NULL;
	}
	c->max_concurrent = max_concurrent;
	c->timer_at = POLLSET_NO_DEADLINE;
	c->next_id = 1;
	curl_multi_setopt(c->multi, CURLMOPT_SOCKETFUNCTION, on_socket);
	curl_multi_setopt(c->multi, CURLMOPT_SOCKETDATA, (void *)c);
	curl_multi_setopt(c->multi, CURLMOPT_TIMERFUNCTION, on_timer);
	curl_multi_setopt(c->multi, CURLMOPT_TIMERDATA, (void *)c);
	return c;
}

static void free_list(HttpClient *c, XferList *l)
{
	while (l->head) {
		Xfer *x = l->head;
		list_unlink(l, x);
		if (x->active)
			curl_multi_remove_handle(c->multi, x->easy);
		xfer_free(x);
	}
}

void http_free(HttpClient *c)
{
	if (!c)
		return;
	free_list(c, &c->active);
	free_list(c, &c->queue);
	free_list(c, &c->failed);
	curl_multi_cleanup(c->multi);
	free(c->socks);
	free(c);
	curl_global_cleanup();
}

int http_submit(HttpClient *c, const HttpRequest *req, HttpDoneFn fn, void *ctx,
                uint64_t *id_out)
{
	c->last_error[0] = '\0';
	Xfer *x = calloc(1, sizeof *x);
	if (!x || !(x->easy = curl_easy_init())) {
		free(x);
		set_error(c, "out of memory");
		return -1;
	}
	x->max_response = req->max_response ? req->max_response : HTTP_DEFAULT_MAX_RESPONSE;
	x->fn = fn;
	x->ctx = ctx;
	if (set_options(c, x, req) < 0) {
		xfer_free(x);
		return -1;
	}
	x->id = c->next_id++;
	list_push(&c->queue, x);
	start_queued(c);
	if (id_out)
		*id_out = x->id;
	return 0;
}

int http_cancel(HttpClient *c, uint64_t id)
{
	XferList *lists[] = {&c->queue, &c->active, &c->failed};
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		Xfer *x = find(lists[i], id);
		if (!x)
			continue;
		list_unlink(lists[i], x);
		if (x->active)
			curl_multi_remove_handle(c->multi, x->easy);
		xfer_free(x);
		start_queued(c);
		return 0;
	}
	return -1;
}

int http_pending(const HttpClient *c)
{
	return c->queue.n + c->active.n + c->failed.n;
}

const char *http_last_error(const HttpClient *c)
{
	return c->last_error;
}

void http_prepare(HttpClient *c, PollSet *ps, int64_t now_ms)
{
	for (int i = 0; i < c->nsocks; i++) {
		short ev = 0;
		if (c->socks[i].what & CURL_POLL_IN)
			ev |= POLLIN;
		if (c->socks[i].what & CURL_POLL_OUT)
			ev |= POLLOUT;
		pollset_add(ps, c->socks[i].fd, ev);
	}
	if (c->failed.head)
		pollset_deadline(ps, now_ms);
	if (c->timer_at != POLLSET_NO_DEADLINE)
		pollset_deadline(ps, c->timer_at);
}

static bool is_curl_socket(const HttpClient *c, int fd)
{
	for (int i = 0; i < c->nsocks; i++)
		if (c->socks[i].fd == fd)
			return true;
	return false;
}

void http_dispatch(HttpClient *c, const struct pollfd *fds, int nfds, int64_t now_ms)
{
	int running;
	for (int i = 0; i < nfds; i++) {
		short re = fds[i].revents;
		if (!re || !is_curl_socket(c, fds[i].fd))
			continue;
		int flags = 0;
		if (re & (POLLIN | POLLHUP))
			flags |= CURL_CSELECT_IN;
		if (re & POLLOUT)
			flags |= CURL_CSELECT_OUT;
		if (re & (POLLERR | POLLNVAL))
			flags |= CURL_CSELECT_ERR;
		curl_multi_socket_action(c->multi, fds[i].fd, flags, &running);
	}
	if (c->timer_at != POLLSET_NO_DEADLINE && now_ms >= c->timer_at) {
		c->timer_at = POLLSET_NO_DEADLINE;
		curl_multi_socket_action(c->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	}
	read_done(c, now_ms);
	start_queued(c);
}
