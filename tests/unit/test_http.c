/* Unit tests for connectors/http.c against tests/http_server.py on loopback. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "connectors/http.h"
#include "tests/support/child.h"
#include "util/clock.h"
#include "util/pollset.h"

/* ---- the server ---------------------------------------------------------- */

typedef struct {
	pid_t pid;
	int port;
	char dir[64];              /* temp dir for the socket and TLS files */
	char base[64];             /* "http://127.0.0.1:PORT" */
} Server;

/* Runs tests/http_server.py with up to three arguments; waits for its
 * ready line ("PORT n" or "UNIX path"). */
static int server_start(Server *s, const char *a1, const char *a2, const char *a3)
{
	char script[512], py[] = "python3", x1[256] = "", x2[256] = "", x3[256] = "";
	snprintf(script, sizeof script, "%s/tests/http_server.py", child_srcdir());
	snprintf(x1, sizeof x1, "%s", a1 ? a1 : "");
	snprintf(x2, sizeof x2, "%s", a2 ? a2 : "");
	snprintf(x3, sizeof x3, "%s", a3 ? a3 : "");
	char *argv[] = {py, script, a1 ? x1 : NULL, a2 ? x2 : NULL, a3 ? x3 : NULL, NULL};
	char line[256];
	s->pid = child_start(argv, line, sizeof line, 10000);
	if (s->pid < 0)
		return -1;
	if (strncmp(line, "PORT ", 5) == 0) {
		s->port = atoi(line + 5);
		snprintf(s->base, sizeof s->base, "http://127.0.0.1:%d", s->port);
		return 0;
	}
	return strncmp(line, "UNIX ", 5) == 0 ? 0 : -1;
}

static void server_stop(Server *s)
{
	child_stop(s->pid);
	s->pid = 0;
}

/* ---- a tiny loop --------------------------------------------------------- */

typedef struct {
	int *ndone;
	int calls;
	long status;
	char body[8192];
	size_t body_len;
	char error[512];
	bool has_error;
	char ctype[128], location[128], token[64];
	int64_t elapsed_ms;
} Result;

static void on_done(void *ctx, const HttpResponse *r)
{
	Result *res = ctx;
	const char *h;
	res->calls++;
	res->status = r->status;
	res->body_len = r->body_len;
	snprintf(res->body, sizeof res->body, "%s", r->body);
	res->has_error = r->error != NULL;
	snprintf(res->error, sizeof res->error, "%s", r->error ? r->error : "");
	snprintf(res->ctype, sizeof res->ctype, "%s",
	         (h = http_response_header(r, "content-type")) ? h : "");
	snprintf(res->location, sizeof res->location, "%s",
	         (h = http_response_header(r, "Location")) ? h : "");
	snprintf(res->token, sizeof res->token, "%s",
	         (h = http_response_header(r, "X-AUTH-TOKEN")) ? h : "");
	res->elapsed_ms = r->elapsed_ms;
	if (res->ndone)
		(*res->ndone)++;
}

/* Turns the loop until *done reaches want or limit_ms passes. */
static void pump(HttpClient *c, const int *done, int want, int64_t limit_ms)
{
	PollSet ps;
	pollset_init(&ps);
	int64_t end = clock_mono_ms() + limit_ms;
	while (*done < want && clock_mono_ms() < end) {
		int64_t now = clock_mono_ms();
		pollset_reset(&ps);
		http_prepare(c, &ps, now);
		poll(ps.fds, (nfds_t)ps.n, pollset_timeout(&ps, now, 50));
		http_dispatch(c, ps.fds, ps.n, clock_mono_ms());
	}
	pollset_free(&ps);
}

/* Submits one request and runs it to completion (10 s at most). */
static void fetch(const HttpRequest *req, Result *res)
{
	char err[256];
	int done = 0;
	HttpClient *c = http_new(4, err, sizeof err);
	assert_non_null(c);
	memset(res, 0, sizeof *res);
	res->ndone = &done;
	uint64_t id = 0;
	assert_int_equal(http_submit(c, req, on_done, res, &id), 0);
	assert_true(id != 0);
	pump(c, &done, 1, 10000);
	assert_int_equal(done, 1);
	assert_int_equal(http_pending(c), 0);
	http_free(c);
}

static Server srv;

static int group_setup(void **state)
{
	(void)state;
	return server_start(&srv, NULL, NULL, NULL);
}

static int group_teardown(void **state)
{
	(void)state;
	server_stop(&srv);
	return 0;
}

static void url(char *buf, size_t n, const char *path)
{
	snprintf(buf, n, "%s%s", srv.base, path);
}

/* ---- the tests ----------------------------------------------------------- */

static void test_get_ok(void **state)
{
	(void)state;
	char u[128];
	url(u, sizeof u, "/ok");
	HttpRequest req = {.url = u};
	Result r;
	fetch(&req, &r);
	assert_false(r.has_error);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body, "{\"ok\": true}");
	assert_int_equal(r.body_len, 12);
	assert_string_equal(r.ctype, "application/json");
	assert_string_equal(r.token, "tok-123");
	assert_string_equal(r.location, "/redfish/v1/SessionService/Sessions/1");
	assert_true(r.elapsed_ms >= 0 && r.elapsed_ms < 5000);
}

static void test_post_form(void **state)
{
	(void)state;
	char u[128];
	url(u, sizeof u, "/echo");
	const char *form = "query=up%7Bjob%3D%22dcgm%22%7D&time=1700000000";
	HttpRequest req = {.method = HTTP_POST, .url = u, .body = form, .body_len = strlen(form),
	                   .content_type = "application/x-www-form-urlencoded"};
	Result r;
	fetch(&req, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"method\": \"POST\""));
	assert_non_null(strstr(r.body, "\"body\": \"query=up%7Bjob%3D%22dcgm%22%7D&time=1700000000\""));
	assert_non_null(strstr(r.body, "\"Content-Type\": \"application/x-www-form-urlencoded\""));
	assert_null(strstr(r.body, "Expect"));
}

static void test_auth_bearer(void **state)
{
	(void)state;
	char u[128];
	url(u, sizeof u, "/echo");
	HttpRequest req = {.url = u, .auth = HTTP_AUTH_BEARER, .token = "s3cret.jwt"};
	Result r;
	fetch(&req, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"Authorization\": \"Bearer s3cret.jwt\""));
}

static void test_auth_basic(void **state)
{
	(void)state;
	char u[128];
	url(u, sizeof u, "/echo");
	HttpRequest req = {.url = u, .auth = HTTP_AUTH_BASIC, .user = "alice", .password = "wonder"};
	Result r;
	fetch(&req, &r);
	assert_int_equal(r.status, 200);
	/* base64("alice:wonder") */
	assert_non_null(strstr(r.body, "\"Authorization\": \"Basic YWxpY2U6d29uZGVy\""));
}

static void test_custom_headers_patch_json(void **state)
{
	(void)state;
	char u[128];
	url(u, sizeof u, "/echo");
	HttpHeader h[] = {{"X-SLURM-USER-NAME", "slurm"}, {"X-SLURM-USER-TOKEN", "abc.def"}};
	const char *json = "{\"ResetType\":\"ForceRestart\"}";
	HttpRequest req = {.method = HTTP_PATCH, .url = u, .headers = h, .nheaders = 2,
	                   .body = json, .body_len = strlen(json),
	                   .content_type = "application/json"};
	Result r;
	fetch(&req, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"method\": \"PATCH\""));
	assert_non_null(strstr(r.body, "\"X-SLURM-USER-NAME\": \"slurm\""));
	assert_non_null(strstr(r.body, "\"X-SLURM-USER-TOKEN\": \"abc.def\""));
	assert_non_null(strstr(r.body, "\"Content-Type\": \"application/json\""));
	assert_non_null(strstr(r.body, "ForceRestart"));

	HttpRequest del = {.method = HTTP_DELETE, .url = u};
	fetch(&del, &r);
	assert_non_null(strstr(r.body, "\"method\": \"DELETE\""));
	assert_null(strstr(r.body, "Content-Type"));
}

static void test_gzip(void **state)
{
	(void)state;
	char u[128];
	url(u, sizeof u, "/gzip");
	HttpRequest req = {.url = u};
	Result r;
	fetch(&req, &r);
	assert_false(r.has_error);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.body_len, 5000 + 18);
	assert_true(strncmp(r.body, "{\"compressed\": \"xxxx", 20) == 0);
}

static void test_status_with_body(void **state)
{
	(void)state;
	char u[128];
	Result r;
	url(u, sizeof u, "/status/404");
	HttpRequest req = {.url = u};
	fetch(&req, &r);
	assert_false(r.has_error);
	assert_int_equal(r.status, 404);
	assert_string_equal(r.body, "status 404");
	url(u, sizeof u, "/status/500");
	fetch(&req, &r);
	assert_false(r.has_error);
	assert_int_equal(r.status, 500);
	assert_string_equal(r.body, "status 500");
}

static void test_connection_refused(void **state)
{
	(void)state;
	/* A port that was free a moment ago. */
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof a;
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	close(fd);
	char u[128];
	snprintf(u, sizeof u, "http://127.0.0.1:%d/ok", ntohs(a.sin_port));
	HttpRequest req = {.url = u};
	Result r;
	fetch(&req, &r);
	assert_true(r.has_error);
	assert_int_equal(r.status, 0);
	print_message("    refused: %s\n", r.error);
	assert_non_null(strstr(r.error, "onnect"));
}

static void test_timeout_hang(void **state)
{
	(void)state;
	char u[128];
	url(u, sizeof u, "/hang");
	HttpRequest req = {.url = u, .timeout_ms = 500};
	Result r;
	fetch(&req, &r);
	assert_true(r.has_error);
	print_message("    hang: %s (%lld ms)\n", r.error, (long long)r.elapsed_ms);
	assert_non_null(strstr(r.error, "timed out"));
	assert_true(r.elapsed_ms >= 450 && r.elapsed_ms < 3000);
}

static void test_low_speed(void **state)
{
	(void)state;
	char u[128];
	url(u, sizeof u, "/slow");
	HttpRequest req = {.url = u, .low_speed_bytes = 100, .low_speed_ms = 2000};
	Result r;
	fetch(&req, &r);
	assert_true(r.has_error);
	print_message("    slow: %s (%lld ms)\n", r.error, (long long)r.elapsed_ms);
	assert_non_null(strstr(r.error, "slow"));
	assert_true(r.elapsed_ms < 6000);
}

static void test_size_cap(void **state)
{
	(void)state;
	char u[128];
	Result r;
	/* Refused from Content-Length ... */
	url(u, sizeof u, "/big?mb=4");
	HttpRequest req = {.url = u, .max_response = 1u << 20};
	fetch(&req, &r);
	assert_true(r.has_error);
	assert_string_equal(r.error, "response larger than 1048576 bytes");
	/* ... and counted as it arrives when there is none. */
	url(u, sizeof u, "/big?mb=4&nolen=1");
	fetch(&req, &r);
	assert_true(r.has_error);
	assert_string_equal(r.error, "response larger than 1048576 bytes");
	assert_true(r.body_len <= (1u << 20));
	/* Under the cap it arrives whole. */
	url(u, sizeof u, "/big?mb=2&nolen=1");
	req.max_response = 3u << 20;
	fetch(&req, &r);
	assert_false(r.has_error);
	assert_int_equal(r.body_len, 2u << 20);
}

static void test_truncated_body(void **state)
{
	(void)state;
	char u[128];
	url(u, sizeof u, "/close");
	HttpRequest req = {.url = u};
	Result r;
	fetch(&req, &r);
	assert_true(r.has_error);
	print_message("    close: %s\n", r.error);
	assert_int_equal(r.status, 200);
	assert_true(r.body_len <= 100);
}

static void test_concurrency_bound(void **state)
{
	(void)state;
	char err[256], u[128];
	int done = 0;
	Result *res = calloc(10, sizeof *res);
	HttpClient *c = http_new(2, err, sizeof err);
	assert_non_null(c);
	url(u, sizeof u, "/conc?ms=150");
	HttpRequest req = {.url = u};
	for (int i = 0; i < 10; i++) {
		res[i].ndone = &done;
		assert_int_equal(http_submit(c, &req, on_done, &res[i], NULL), 0);
	}
	assert_int_equal(http_pending(c), 10);
	pump(c, &done, 10, 15000);
	assert_int_equal(done, 10);
	int maxseen = 0;
	for (int i = 0; i < 10; i++) {
		int now = 0, max = 0;
		assert_int_equal(res[i].status, 200);
		assert_int_equal(sscanf(res[i].body, "{\"now\": %d, \"max\": %d}", &now, &max), 2);
		assert_true(now <= 2);
		if (max > maxseen)
			maxseen = max;
	}
	assert_int_equal(maxseen, 2);
	http_free(c);
	free(res);
}

static void test_cancel(void **state)
{
	(void)state;
	char err[256], hang[128], ok[128];
	int done = 0, never = 0;
	Result ra = {0}, rb = {0}, rc = {0};
	ra.ndone = rb.ndone = rc.ndone = &done;
	HttpClient *c = http_new(1, err, sizeof err);
	assert_non_null(c);
	url(hang, sizeof hang, "/hang");
	url(ok, sizeof ok, "/ok");
	HttpRequest rh = {.url = hang}, ro = {.url = ok};
	uint64_t a, b, d;
	assert_int_equal(http_submit(c, &rh, on_done, &ra, &a), 0);
	assert_int_equal(http_submit(c, &ro, on_done, &rb, &b), 0);
	assert_int_equal(http_submit(c, &ro, on_done, &rc, &d), 0);
	pump(c, &never, 1, 300);          /* /hang is in flight, the others wait */
	assert_int_equal(http_pending(c), 3);
	assert_int_equal(http_cancel(c, b), 0);  /* queued */
	assert_int_equal(http_cancel(c, a), 0);  /* in flight */
	assert_int_equal(http_cancel(c, a), -1);
	assert_int_equal(http_cancel(c, 9999), -1);
	pump(c, &done, 1, 5000);
	assert_int_equal(done, 1);
	assert_int_equal(ra.calls, 0);
	assert_int_equal(rb.calls, 0);
	assert_int_equal(rc.calls, 1);
	assert_int_equal(rc.status, 200);
	assert_int_equal(http_cancel(c, d), -1); /* already completed */
	assert_int_equal(http_pending(c), 0);
	/* Freeing with one in flight drops it without a callback. */
	assert_int_equal(http_submit(c, &rh, on_done, &ra, NULL), 0);
	pump(c, &never, 1, 200);
	http_free(c);
	assert_int_equal(ra.calls, 0);
}

static void test_unix_socket(void **state)
{
	(void)state;
	Server us = {0};
	char sock[128], u[256];
	snprintf(us.dir, sizeof us.dir, "/tmp/narvik-http-XXXXXX");
	assert_non_null(mkdtemp(us.dir));
	snprintf(sock, sizeof sock, "%s/slurmrestd.socket", us.dir);
	assert_int_equal(server_start(&us, "--unix", sock, NULL), 0);
	snprintf(u, sizeof u, "unix:%s:/echo?q=a:b", sock);
	HttpRequest req = {.url = u};
	Result r;
	fetch(&req, &r);
	server_stop(&us);
	unlink(sock);
	rmdir(us.dir);
	assert_false(r.has_error);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"path\": \"/echo?q=a:b\""));
	assert_non_null(strstr(r.body, "\"Host\": \"localhost\""));
}

static void test_bad_requests(void **state)
{
	(void)state;
	char err[256];
	HttpClient *c = http_new(1, err, sizeof err);
	assert_non_null(c);
	assert_null(http_new(0, err, sizeof err));
	assert_true(strlen(err) > 0);
	const char *bad_urls[] = {"ftp://example.com/x", "unix:relative:/x", "unix:/no/path",
	                          "http://a b/", ""};
	for (size_t i = 0; i < sizeof bad_urls / sizeof bad_urls[0]; i++) {
		HttpRequest req = {.url = bad_urls[i]};
		assert_int_equal(http_submit(c, &req, on_done, NULL, NULL), -1);
		assert_true(strlen(http_last_error(c)) > 0);
	}
	HttpHeader h[] = {{"X-Evil", "a\r\nInjected: 1"}};
	HttpRequest req = {.url = "http://127.0.0.1/", .headers = h, .nheaders = 1};
	assert_int_equal(http_submit(c, &req, on_done, NULL, NULL), -1);
	HttpRequest tok = {.url = "http://127.0.0.1/", .auth = HTTP_AUTH_BEARER};
	assert_int_equal(http_submit(c, &tok, on_done, NULL, NULL), -1);
	assert_int_equal(http_pending(c), 0);
	http_free(c);
}

static int run_cmd(const char *cmd)
{
	int rc = system(cmd);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static void test_https_verify(void **state)
{
	(void)state;
	if (run_cmd("command -v openssl >/dev/null 2>&1") != 0) {
		print_message("    openssl not found: skipping the HTTPS test\n");
		skip();
	}
	Server ts = {0};
	char cmd[1024], cert[128], key[128], u[128];
	snprintf(ts.dir, sizeof ts.dir, "/tmp/narvik-http-XXXXXX");
	assert_non_null(mkdtemp(ts.dir));
	snprintf(cert, sizeof cert, "%s/cert.pem", ts.dir);
	snprintf(key, sizeof key, "%s/key.pem", ts.dir);
	snprintf(cmd, sizeof cmd,
	         "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
	         "-addext subjectAltName=IP:127.0.0.1,DNS:localhost "
	         "-keyout %s -out %s >/dev/null 2>&1", key, cert);
	assert_int_equal(run_cmd(cmd), 0);
	assert_int_equal(server_start(&ts, "--tls", cert, key), 0);
	snprintf(u, sizeof u, "https://127.0.0.1:%d/ok", ts.port);
	Result r;
	HttpRequest req = {.url = u};
	fetch(&req, &r);                     /* system CAs: refused */
	assert_true(r.has_error);
	print_message("    https without CA: %s\n", r.error);
	assert_non_null(strstr(r.error, "certificate"));
	req.ca_file = cert;                  /* trusted */
	fetch(&req, &r);
	assert_false(r.has_error);
	assert_int_equal(r.status, 200);
	req.ca_file = NULL;                  /* explicitly insecure */
	req.insecure = true;
	fetch(&req, &r);
	assert_false(r.has_error);
	assert_int_equal(r.status, 200);
	server_stop(&ts);
	unlink(cert);
	unlink(key);
	rmdir(ts.dir);
}

int main(void)
{
	alarm(180); /* hard limit for the whole run */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_get_ok),
		cmocka_unit_test(test_post_form),
		cmocka_unit_test(test_auth_bearer),
		cmocka_unit_test(test_auth_basic),
		cmocka_unit_test(test_custom_headers_patch_json),
		cmocka_unit_test(test_gzip),
		cmocka_unit_test(test_status_with_body),
		cmocka_unit_test(test_connection_refused),
		cmocka_unit_test(test_timeout_hang),
		cmocka_unit_test(test_low_speed),
		cmocka_unit_test(test_size_cap),
		cmocka_unit_test(test_truncated_body),
		cmocka_unit_test(test_concurrency_bound),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_unix_socket),
		cmocka_unit_test(test_bad_requests),
		cmocka_unit_test(test_https_verify),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
