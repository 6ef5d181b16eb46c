/* Nonblocking HTTP client on libcurl's multi interface, driven by the one loop. */
#ifndef NARVIK_HTTP_H
#define NARVIK_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/pollset.h"

/* One client serves one connector (or several): it owns a curl multi handle,
 * the transfers in flight and a FIFO queue of those waiting for a slot. It
 * never blocks and never writes to stdout or stderr.
 *
 * In the loop, from the connector's own prepare and dispatch:
 *
 *     prepare:  http_prepare(c, ps, now);             adds curl's sockets and
 *                                                     lowers ps->deadline_ms
 *     dispatch: http_dispatch(c, fds, nfds, now);     drives curl; finished
 *                                                     requests call their fn
 *
 * http_dispatch matches descriptors by number, so it may be handed the
 * connector's whole slice: descriptors that are not curl's are ignored.
 *
 * Everything runs on the loop's thread; none of these functions is
 * thread-safe. libcurl's global state is set up by http_new and released by
 * http_free (curl_global_init/cleanup count their callers, so several
 * clients may live at once). */
typedef struct HttpClient HttpClient;

typedef enum { HTTP_GET, HTTP_POST, HTTP_PUT, HTTP_PATCH, HTTP_DELETE } HttpMethod;

typedef enum {
	HTTP_AUTH_NONE,
	HTTP_AUTH_BASIC,           /* user + password, "Authorization: Basic" */
	HTTP_AUTH_BEARER,          /* token, "Authorization: Bearer" */
} HttpAuth;

/* A header to send. Custom auth (X-SLURM-USER-NAME / X-SLURM-USER-TOKEN,
 * Redfish's X-Auth-Token) goes here too. Neither part may hold CR or LF. */
typedef struct {
	const char *name, *value;
} HttpHeader;

#define HTTP_DEFAULT_CONNECT_TIMEOUT_MS 10000
#define HTTP_DEFAULT_TIMEOUT_MS         60000
#define HTTP_DEFAULT_MAX_RESPONSE       (64u << 20)  /* bytes, decoded */
#define HTTP_DEFAULT_LOW_SPEED_BYTES    100          /* bytes per second ... */
#define HTTP_DEFAULT_LOW_SPEED_MS       20000        /* ... sustained this long */

/* What to send. Zero-initialise and fill what you need: a zero number takes
 * the default above. Everything is copied by http_submit, so the struct and
 * the strings it points to may go as soon as it returns.
 *
 * url is one of
 *     http://host[:port]/path?query
 *     https://host[:port]/path?query
 *     unix:SOCKET:PATH       HTTP over a Unix domain socket, e.g.
 *                            unix:/run/slurmrestd/slurmrestd.socket:/slurm/v0.0.40/nodes
 *                            SOCKET is an absolute path, PATH starts with '/';
 *                            the split is at the first ":/" after "unix:", so
 *                            SOCKET must not contain ":/" (PATH may hold ':').
 *                            Sent as "Host: localhost". */
typedef struct {
	HttpMethod method;         /* HTTP_GET when zero */
	const char *url;
	const HttpHeader *headers; /* nheaders extra request headers */
	int nheaders;
	const void *body;          /* body_len bytes (may hold NULs); NULL = none */
	size_t body_len;
	const char *content_type;  /* e.g. "application/x-www-form-urlencoded",
	                              "application/json"; NULL = none sent */
	HttpAuth auth;
	const char *user, *password; /* HTTP_AUTH_BASIC */
	const char *token;           /* HTTP_AUTH_BEARER */
	/* TLS: the peer and its name are verified unless insecure is set. */
	const char *ca_file;       /* PEM bundle to trust instead of the system's */
	bool insecure;             /* skip certificate and host name checks */
	bool follow_redirects;     /* up to 5, http(s) only; off by default */
	long connect_timeout_ms;   /* TCP + TLS handshake */
	long timeout_ms;           /* whole transfer, from leaving the queue */
	size_t max_response;       /* body cap in bytes, after gzip decoding */
	long low_speed_bytes;      /* abort when slower than this many bytes/s */
	long low_speed_ms;         /* ... for this long (rounded up to seconds) */
} HttpRequest;

/* What came back. Everything it points to is owned by the client and valid
 * only during the callback: copy what you keep.
 *
 * error is NULL when a whole response arrived, whatever its status (404 and
 * 500 are responses, with their body). Otherwise it says why the transfer
 * failed (DNS, connection refused, timeout, TLS verification with curl's
 * message, "response larger than N bytes", a body cut short), and the body
 * holds what arrived before the failure, possibly with a status. */
typedef struct {
	uint64_t id;               /* as returned by http_submit */
	long status;               /* HTTP status; 0 when no response arrived */
	const char *body;          /* body_len bytes, NUL-terminated; never NULL */
	size_t body_len;
	int64_t elapsed_ms;        /* since the transfer left the queue */
	const char *error;
	/* private: read the headers with http_response_header */
	const char *hdrs_;
	size_t hdrs_len_;
} HttpResponse;

/* Value of a response header (name case-insensitive, value trimmed), or
 * NULL. Of a repeated header, the first. Only the last response's headers
 * are kept (not those of a 100 Continue or of a redirect followed). */
const char *http_response_header(const HttpResponse *resp, const char *name);

/* Called once per request that completes or fails; never for a cancelled
 * one. May call http_submit and http_cancel, not http_free. */
typedef void (*HttpDoneFn)(void *ctx, const HttpResponse *resp);

/* A client with at most max_concurrent (≥ 1) transfers in flight. NULL
 * with a message in err on failure. */
HttpClient *http_new(int max_concurrent, char *err, size_t errlen);
/* Drops every request, queued or in flight, without calling back. */
void http_free(HttpClient *c);

/* Queue one request. 0 with its id (never 0) in *id_out (may be NULL), or -1
 * when refused (bad URL or header, out of memory): http_last_error says why.
 * fn is called later from http_dispatch, never from http_submit. */
int http_submit(HttpClient *c, const HttpRequest *req, HttpDoneFn fn, void *ctx,
                uint64_t *id_out);
/* Abandon a request, queued or in flight; its fn is not called. 0, or -1
 * when the id is unknown or already completed. */
int http_cancel(HttpClient *c, uint64_t id);
/* Requests not yet completed: in flight plus queued. */
int http_pending(const HttpClient *c);
/* Why the last http_submit failed ("" if none). */
const char *http_last_error(const HttpClient *c);

void http_prepare(HttpClient *c, PollSet *ps, int64_t now_ms);
void http_dispatch(HttpClient *c, const struct pollfd *fds, int nfds, int64_t now_ms);

#endif
