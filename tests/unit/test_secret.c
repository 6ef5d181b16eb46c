/* Unit tests for util/secret.c: literal, env:, file: and cmd: secrets. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/secret.h"

/* A private temporary directory per test, removed afterwards. */
typedef struct {
	char dir[64];
} Tmp;

static int tmp_setup(void **state)
{
	Tmp *t = calloc(1, sizeof *t);
	assert_non_null(t);
	snprintf(t->dir, sizeof t->dir, "/tmp/narvik-secret-XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	*state = t;
	return 0;
}

static int tmp_teardown(void **state)
{
	Tmp *t = *state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", t->dir);
	if (system(cmd) != 0)
		return -1;
	free(t);
	return 0;
}

static void write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
}

/* Resolve spec expecting success with value want. */
static void want_value(const char *spec, const char *want)
{
	char out[128], err[256] = "";
	if (secret_resolve(spec, out, sizeof out, err, sizeof err) != 0)
		fail_msg("%s: %s", spec, err);
	assert_string_equal(out, want);
}

/* Resolve spec expecting failure with a message containing want and not
 * containing the secret leak (when given). */
static void want_error(const char *spec, int timeout_ms, const char *want, const char *leak)
{
	char out[128] = "x", err[256] = "";
	int rc = secret_resolve_timeout(spec, timeout_ms, out, sizeof out, err, sizeof err);
	if (rc == 0)
		fail_msg("%s: expected an error, got a value", spec);
	assert_string_equal(out, "");
	if (!strstr(err, want))
		fail_msg("%s: error '%s' does not contain '%s'", spec, err, want);
	if (leak && strstr(err, leak))
		fail_msg("%s: error '%s' leaks the secret", spec, err);
}

static void test_is_ref(void **state)
{
	(void)state;
	assert_true(secret_is_ref("env:X"));
	assert_true(secret_is_ref("file:/x"));
	assert_true(secret_is_ref("cmd:pass show x"));
	assert_false(secret_is_ref("hunter2"));
	assert_false(secret_is_ref("environment"));
	assert_false(secret_is_ref("ENV:X"));
	assert_false(secret_is_ref(""));
	assert_false(secret_is_ref(NULL));
}

static void test_literal(void **state)
{
	(void)state;
	want_value("hunter2", "hunter2");
	want_value("", "");
	want_value("with spaces and : colons", "with spaces and : colons");
	char small[4], err[128];
	assert_int_equal(secret_resolve("toolong", small, sizeof small, err, sizeof err), -1);
	assert_non_null(strstr(err, "longer than 3 bytes"));
	assert_null(strstr(err, "toolong"));
}

static void test_env(void **state)
{
	(void)state;
	setenv("NARVIK_TEST_TOKEN", "s3cret", 1);
	want_value("env:NARVIK_TEST_TOKEN", "s3cret");
	unsetenv("NARVIK_TEST_UNSET");
	want_error("env:NARVIK_TEST_UNSET", 1000, "NARVIK_TEST_UNSET is not set", NULL);
	setenv("NARVIK_TEST_EMPTY", "", 1);
	want_error("env:NARVIK_TEST_EMPTY", 1000, "empty", NULL);
	want_error("env:", 1000, "needs a variable name", NULL);
	unsetenv("NARVIK_TEST_TOKEN");
	unsetenv("NARVIK_TEST_EMPTY");
}

static void test_file(void **state)
{
	Tmp *t = *state;
	char path[128], spec[160];
	snprintf(path, sizeof path, "%s/token", t->dir);
	snprintf(spec, sizeof spec, "file:%s", path);

	write_file(path, "tok-123\nsecond line\n", 0600);
	want_value(spec, "tok-123");
	write_file(path, "tok-crlf\r\n", 0400);
	want_value(spec, "tok-crlf");
	write_file(path, "no-newline", 0600);
	want_value(spec, "no-newline");

	write_file(path, "hunter2\n", 0644);
	want_error(spec, 1000, "chmod 600", "hunter2");
	want_error(spec, 1000, "mode 0644", "hunter2");
	write_file(path, "hunter2\n", 0640);
	want_error(spec, 1000, "group or others", "hunter2");

	write_file(path, "\nlater\n", 0600);
	want_error(spec, 1000, "empty", NULL);

	char missing[160];
	snprintf(missing, sizeof missing, "file:%s/missing", t->dir);
	want_error(missing, 1000, "cannot open", NULL);
	char dir[160];
	snprintf(dir, sizeof dir, "file:%s", t->dir);
	want_error(dir, 1000, "not a regular file", NULL);
	want_error("file:", 1000, "needs a path", NULL);
}

static void test_file_home(void **state)
{
	Tmp *t = *state;
	char path[128];
	snprintf(path, sizeof path, "%s/tok", t->dir);
	write_file(path, "from-home\n", 0600);
	const char *old = getenv("HOME");
	char *saved = old ? strdup(old) : NULL;
	setenv("HOME", t->dir, 1);
	want_value("file:~/tok", "from-home");
	if (saved)
		setenv("HOME", saved, 1);
	free(saved);
}

static void test_file_too_long(void **state)
{
	Tmp *t = *state;
	char path[128], spec[160], out[8], err[256];
	snprintf(path, sizeof path, "%s/long", t->dir);
	snprintf(spec, sizeof spec, "file:%s", path);
	write_file(path, "0123456789abcdef\n", 0600);
	assert_int_equal(secret_resolve(spec, out, sizeof out, err, sizeof err), -1);
	assert_non_null(strstr(err, "longer than 7 bytes"));
	assert_null(strstr(err, "0123"));
}

static void test_cmd(void **state)
{
	(void)state;
	want_value("cmd:printf 'tok-cmd\\n'", "tok-cmd");
	want_value("cmd:printf 'first\\nsecond\\n'", "first");
	want_value("cmd:echo out; echo noise >&2", "out");
	/* A large output is read to the end without blocking the child. */
	want_value("cmd:echo big; head -c 200000 /dev/zero | tr '\\0' x", "big");
}

static void test_cmd_fails(void **state)
{
	(void)state;
	want_error("cmd:printf 'hun%s\\n' ter2; echo 'no such entry' >&2; exit 3", 5000,
	             "exited with status 3: no such entry", "hunter2");
	want_error("cmd:exit 1", 5000, "exited with status 1", NULL);
	want_error("cmd:true", 5000, "empty", NULL);
	want_error("cmd:/nonexistent/narvik-helper", 5000, "status 127", NULL);
	want_error("cmd:kill -TERM $$", 5000, "killed by signal 15", NULL);
	want_error("cmd:", 5000, "needs a command", NULL);
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void test_cmd_timeout(void **state)
{
	(void)state;
	long long t0 = now_ms();
	want_error("cmd:sleep 5; echo late", 300, "did not finish within 0.3 s", NULL);
	assert_true(now_ms() - t0 < 2000);

	/* A child that closes its output but keeps running is still killed. */
	t0 = now_ms();
	want_error("cmd:printf 'to%s\\n' ken; exec >&- 2>&-; sleep 5", 300, "did not finish",
	           "token");
	assert_true(now_ms() - t0 < 2000);

	/* A grandchild holding the pipe open dies with the process group. */
	t0 = now_ms();
	want_error("cmd:sleep 7 & sleep 7", 300, "did not finish", NULL);
	assert_true(now_ms() - t0 < 2000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_is_ref),
		cmocka_unit_test(test_literal),
		cmocka_unit_test(test_env),
		cmocka_unit_test_setup_teardown(test_file, tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_file_home, tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_file_too_long, tmp_setup, tmp_teardown),
		cmocka_unit_test(test_cmd),
		cmocka_unit_test(test_cmd_fails),
		cmocka_unit_test(test_cmd_timeout),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
