/* Unit tests for tui/audit.c: file modes, refusals, records, escaping, listing, kill -9. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cJSON.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tui/audit.h"

/* A private XDG_STATE_HOME per test, removed afterwards. */
typedef struct {
	char dir[64];
	char log[128];      /* the default log under dir */
} Tmp;

static int tmp_setup(void **state)
{
	Tmp *t = calloc(1, sizeof *t);
	assert_non_null(t);
	snprintf(t->dir, sizeof t->dir, "/tmp/narvik-audit-XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	snprintf(t->log, sizeof t->log, "%s/narvik/audit.log", t->dir);
	setenv("XDG_STATE_HOME", t->dir, 1);
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

/* The whole file, NUL-terminated; free it. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	assert_non_null(m);
	int c;
	while ((c = getc(f)) != EOF)
		fputc(c, m);
	fclose(f);
	fclose(m);
	return buf;
}

/* What audit_print writes, as a string; *rc its return. */
static char *listing(const char *path, bool json, int *rc, char *err, size_t errlen)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	assert_non_null(m);
	*rc = audit_print(path, m, json, err, errlen);
	fclose(m);
	return buf;
}

static int count_lines(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static const char *jstr(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void test_default_path_modes(void **state)
{
	Tmp *t = *state;
	char err[256] = "", path[512];
	assert_int_equal(audit_default_path(path, sizeof path), 0);
	assert_string_equal(path, t->log);
	Audit *au = audit_open(NULL, err, sizeof err);
	assert_non_null(au);
	assert_string_equal(audit_path(au), t->log);
	struct stat st;
	assert_int_equal(stat(t->log, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	char dir[128];
	snprintf(dir, sizeof dir, "%s/narvik", t->dir);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	audit_close(au);

	/* HOME when XDG_STATE_HOME is unset */
	unsetenv("XDG_STATE_HOME");
	setenv("HOME", t->dir, 1);
	assert_int_equal(audit_default_path(path, sizeof path), 0);
	char want[160];
	snprintf(want, sizeof want, "%s/.local/state/narvik/audit.log", t->dir);
	assert_string_equal(path, want);
	au = audit_open(NULL, err, sizeof err);
	assert_non_null(au);
	audit_close(au);
	snprintf(dir, sizeof dir, "%s/.local/state", t->dir);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
}

static void test_refuses_open_file_and_symlink(void **state)
{
	Tmp *t = *state;
	char err[700] = "", path[160], link[160];
	snprintf(path, sizeof path, "%s/open.log", t->dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(chmod(path, 0644), 0);
	assert_null(audit_open(path, err, sizeof err));
	assert_non_null(strstr(err, "chmod 600"));
	assert_non_null(strstr(err, path));
	assert_int_equal(chmod(path, 0600), 0);
	Audit *au = audit_open(path, err, sizeof err);
	assert_non_null(au);
	audit_close(au);

	snprintf(link, sizeof link, "%s/link.log", t->dir);
	assert_int_equal(symlink(path, link), 0);
	err[0] = '\0';
	assert_null(audit_open(link, err, sizeof err));
	assert_non_null(strstr(err, "symlink"));
	/* a dangling one too: nothing is created through it */
	snprintf(link, sizeof link, "%s/dangling.log", t->dir);
	snprintf(path, sizeof path, "%s/target.log", t->dir);
	assert_int_equal(symlink(path, link), 0);
	assert_null(audit_open(link, err, sizeof err));
	assert_int_equal(access(path, F_OK), -1);
}

static void test_records_every_field(void **state)
{
	Tmp *t = *state;
	char err[256];
	Audit *au = audit_open(NULL, err, sizeof err);
	assert_non_null(au);
	uint64_t b = audit_intent(au, 1718000000, "op@host", "norway-1", "drain", "gpu[00001-00002]",
	                          "XID 79 [op@host]", "2 nodes, 16 GPUs, 1 running job (8 GPUs), 0 already out",
	                          false);
	assert_true(b >= 1718000000ull * 1000000ull);
	assert_true(b < 1718000001ull * 1000000ull);
	uint64_t b2 = audit_intent(au, 1718000000, "op@host", "norway-1", "resume", "gpu00003", "", "1 node",
	                           true);
	assert_true(b2 > b);
	assert_int_equal(audit_request(au, b, 7, "gpu00001", "drain gpu00001 reason=XID 79 [op@host]"), 0);
	assert_int_equal(audit_outcome(au, b, 7, "gpu00001", true, "done"), 0);
	assert_int_equal(audit_request(au, b2, 8, "gpu00003", "resume gpu00003"), 0);
	assert_int_equal(audit_outcome(au, b2, 8, "gpu00003", true, "not sent"), 0);
	assert_int_equal(audit_outcome(au, b, 9, NULL, false, "slurm said no"), 0);
	audit_close(au);

	char *text = slurp(t->log);
	assert_int_equal(count_lines(text), 7);
	char *save = NULL;
	int n = 0;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save), n++) {
		cJSON *o = cJSON_Parse(line);
		assert_non_null(o);
		assert_non_null(jstr(o, "type"));
		assert_non_null(jstr(o, "time"));
		assert_true(cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(o, "unix")));
		assert_true(cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(o, "batch")));
		if (n == 0) {
			assert_string_equal(jstr(o, "type"), "intent");
			assert_string_equal(jstr(o, "operator"), "op@host");
			assert_string_equal(jstr(o, "site"), "norway-1");
			assert_string_equal(jstr(o, "action"), "drain");
			assert_string_equal(jstr(o, "targets"), "gpu[00001-00002]");
			assert_string_equal(jstr(o, "reason"), "XID 79 [op@host]");
			assert_non_null(strstr(jstr(o, "radius"), "16 GPUs"));
			assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(o, "dry_run")));
			assert_true((uint64_t)cJSON_GetObjectItemCaseSensitive(o, "batch")->valuedouble == b);
		} else if (n == 1) {
			assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "dry_run")));
		} else if (n == 2) {
			assert_string_equal(jstr(o, "type"), "request");
			assert_int_equal(cJSON_GetObjectItemCaseSensitive(o, "request")->valueint, 7);
			assert_string_equal(jstr(o, "target"), "gpu00001");
			assert_string_equal(jstr(o, "what"), "drain gpu00001 reason=XID 79 [op@host]");
		} else if (n == 3) {
			assert_string_equal(jstr(o, "type"), "outcome");
			assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "ok")));
			assert_string_equal(jstr(o, "outcome"), "ok");
			assert_string_equal(jstr(o, "msg"), "done");
		} else if (n == 5) {
			assert_string_equal(jstr(o, "outcome"), "dry-run");
			assert_string_equal(jstr(o, "msg"), "not sent");
		} else if (n == 6) {
			assert_string_equal(jstr(o, "outcome"), "failed");
			assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(o, "target")));
		}
		cJSON_Delete(o);
	}
	free(text);
	int rc;
	char *out = listing(NULL, false, &rc, err, sizeof err);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(out, "gpu00003: dry-run: not sent\n"));
	assert_non_null(strstr(out, "[DRY RUN]"));
	assert_non_null(strstr(out, ": failed: slurm said no\n"));
	free(out);
}

static void test_hostile_strings_stay_one_line(void **state)
{
	Tmp *t = *state;
	char err[256];
	Audit *au = audit_open(NULL, err, sizeof err);
	assert_non_null(au);
	const char *reason = "evil \033[2J\"quoted\"\nsecond line\r\\ \x7f \xff end";
	uint64_t b = audit_intent(au, 1718000000, "op\"@host", "site\n2", "drain", "gpu1", reason, "1 node", false);
	assert_true(b > 0);
	assert_int_equal(audit_request(au, b, 1, "gpu1\033]0;title\a", reason), 0);
	audit_close(au);
	char *text = slurp(t->log);
	assert_int_equal(count_lines(text), 2);
	assert_null(strchr(text, '\033'));
	assert_null(strchr(text, '\r'));
	char *nl = strchr(text, '\n');
	*nl = '\0';
	cJSON *o = cJSON_Parse(text);
	assert_non_null(o);
	assert_string_equal(jstr(o, "operator"), "op\"@host");
	assert_string_equal(jstr(o, "site"), "site\n2");
	assert_non_null(strstr(jstr(o, "reason"), "\033[2J\"quoted\"\nsecond line"));
	cJSON_Delete(o);
	free(text);

	/* the listing shows no control characters either */
	int rc;
	char *out = listing(NULL, false, &rc, err, sizeof err);
	assert_int_equal(rc, 0);
	assert_null(strchr(out, '\033'));
	assert_null(strchr(out, '\a'));
	assert_int_equal(count_lines(out), 2);
	assert_non_null(strstr(out, "\"quoted\""));
	free(out);
}

/* A log with two good records, a garbage line and a cut last line. */
static void write_damaged(Tmp *t)
{
	char err[256];
	Audit *au = audit_open(NULL, err, sizeof err);
	assert_non_null(au);
	uint64_t b = audit_intent(au, 1718000000, "op@host", "norway-1", "drain", "gpu[1-2]", "fan [op@host]",
	                          "2 nodes", false);
	assert_int_equal(audit_request(au, b, 1, "gpu1", "drain gpu1 reason=fan [op@host]"), 0);
	audit_close(au);
	FILE *f = fopen(t->log, "a");
	assert_non_null(f);
	fputs("not json at all\n{\"type\":\"outcome\",\"batch\":1,\"requ", f);
	fclose(f);
}

static void test_print_skips_malformed(void **state)
{
	Tmp *t = *state;
	write_damaged(t);
	char err[256];
	int rc;
	char *out = listing(NULL, false, &rc, err, sizeof err);
	assert_int_equal(rc, 0);
	assert_int_equal(count_lines(out), 3);
	assert_non_null(strstr(out, "intent"));
	assert_non_null(strstr(out, "op@host"));
	assert_non_null(strstr(out, "norway-1"));
	assert_non_null(strstr(out, "gpu[1-2]"));
	assert_non_null(strstr(out, "reason: fan [op@host]"));
	assert_non_null(strstr(out, "request"));
	assert_non_null(strstr(out, "2 malformed lines skipped"));
	/* the local ISO time */
	assert_non_null(strstr(out, "T"));
	free(out);

	/* opening again ends the cut line: the next record is whole */
	Audit *au = audit_open(NULL, err, sizeof err);
	assert_non_null(au);
	assert_int_equal(audit_outcome(au, 5, 1, "gpu1", true, "after the crash"), 0);
	audit_close(au);
	out = listing(NULL, false, &rc, err, sizeof err);
	assert_non_null(strstr(out, "after the crash"));
	assert_non_null(strstr(out, "2 malformed lines skipped"));
	free(out);
}

static void test_print_json(void **state)
{
	Tmp *t = *state;
	write_damaged(t);
	char err[256];
	int rc;
	char *out = listing(NULL, true, &rc, err, sizeof err);
	assert_int_equal(rc, 0);
	assert_string_equal(err, "2 malformed lines skipped");
	assert_non_null(strstr(out, "\"batch\":1718000000")); /* every digit, not 1.718e+15 */
	cJSON *arr = cJSON_Parse(out);
	assert_non_null(arr);
	assert_true(cJSON_IsArray(arr));
	assert_int_equal(cJSON_GetArraySize(arr), 2);
	assert_string_equal(jstr(cJSON_GetArrayItem(arr, 0), "type"), "intent");
	assert_string_equal(jstr(cJSON_GetArrayItem(arr, 1), "what"), "drain gpu1 reason=fan [op@host]");
	cJSON_Delete(arr);
	free(out);
}

static void test_print_missing(void **state)
{
	Tmp *t = *state;
	char err[256];
	int rc;
	char *out = listing(NULL, false, &rc, err, sizeof err);
	assert_int_equal(rc, AUDIT_MISSING);
	assert_string_equal(err, t->log);
	assert_string_equal(out, "");
	free(out);
}

/* kill -9 in the middle of a batch loses nothing that was written. */
static void test_kill9_loses_nothing(void **state)
{
	Tmp *t = *state;
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char err[256];
		Audit *au = audit_open(NULL, err, sizeof err);
		if (!au)
			_exit(3);
		uint64_t b = audit_intent(au, 0, "op@host", "norway-1", "drain", "gpu[01-64]", "crash [op@host]",
		                          "64 nodes", false);
		for (uint32_t i = 1; i <= 64; i++) {
			char node[16], what[64];
			snprintf(node, sizeof node, "gpu%02u", i);
			snprintf(what, sizeof what, "drain %s reason=crash", node);
			if (!b || audit_request(au, b, i, node, what) < 0)
				_exit(4);
		}
		for (uint32_t i = 1; i <= 64; i++) {
			char node[16];
			snprintf(node, sizeof node, "gpu%02u", i);
			audit_outcome(au, b, i, node, true, "done");
			if (i == 32)
				kill(getpid(), SIGKILL);
		}
		_exit(5);
	}
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGKILL);

	char err[256];
	int rc;
	char *out = listing(NULL, true, &rc, err, sizeof err);
	assert_int_equal(rc, 0);
	assert_string_equal(err, "");
	cJSON *arr = cJSON_Parse(out);
	assert_non_null(arr);
	assert_int_equal(cJSON_GetArraySize(arr), 1 + 64 + 32);
	bool seen[65] = { false };
	int outcomes = 0;
	const cJSON *o;
	cJSON_ArrayForEach(o, arr) {
		const char *type = jstr(o, "type");
		int id = cJSON_GetObjectItemCaseSensitive(o, "request")
		             ? cJSON_GetObjectItemCaseSensitive(o, "request")->valueint : 0;
		if (!strcmp(type, "request")) {
			assert_true(id >= 1 && id <= 64);
			char want[16];
			snprintf(want, sizeof want, "gpu%02d", id);
			assert_string_equal(jstr(o, "target"), want);
			seen[id] = true;
		} else if (!strcmp(type, "outcome")) {
			outcomes++;
		}
	}
	for (int i = 1; i <= 64; i++)
		assert_true(seen[i]);
	assert_int_equal(outcomes, 32);
	cJSON_Delete(arr);
	free(out);
	(void)t;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_default_path_modes, tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_refuses_open_file_and_symlink, tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_records_every_field, tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_hostile_strings_stay_one_line, tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_print_skips_malformed, tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_print_json, tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_print_missing, tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_kill9_loses_nothing, tmp_setup, tmp_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
