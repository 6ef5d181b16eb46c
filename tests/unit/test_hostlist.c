/* Unit tests for site/hostlist.c: expansion, errors, compression, matching. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "site/hostlist.h"

/* Expand expr and compare with the names in want, separated by spaces. */
static void expect_names(const char *expr, const char *want)
{
	char err[256];
	Hostlist *hl = hostlist_parse(expr, 0, err, sizeof err);
	if (!hl)
		fail_msg("%s: %s", expr, err);
	char *copy = strdup(want);
	assert_non_null(copy);
	size_t i = 0;
	char *save = NULL;
	for (char *t = strtok_r(copy, " ", &save); t; t = strtok_r(NULL, " ", &save), i++) {
		const char *got = hostlist_name(hl, i);
		if (!got)
			fail_msg("%s: only %zu names, want %s next", expr, i, t);
		assert_string_equal(got, t);
	}
	assert_int_equal(hostlist_count(hl), i);
	assert_null(hostlist_name(hl, i));
	free(copy);
	hostlist_free(hl);
}

static void expect_error(const char *expr, size_t max, const char *want)
{
	char err[256] = "untouched";
	Hostlist *hl = hostlist_parse(expr, max, err, sizeof err);
	if (hl)
		fail_msg("'%s' parsed to %zu names, want error '%s'", expr, hostlist_count(hl), want);
	assert_string_equal(err, want);
}

static void test_slurm_examples(void **state)
{
	(void)state;
	expect_names("lx[10-13]", "lx10 lx11 lx12 lx13");
	expect_names("tux[2,1-2]", "tux2 tux1 tux2");
	expect_names("tux[1-2]b", "tux1b tux2b");
	expect_names("node[1-3]-ib", "node1-ib node2-ib node3-ib");
	expect_names("alpha,beta,gamma", "alpha beta gamma");
	char err[128];
	Hostlist *hl = hostlist_parse("linux[0-64,128]", 0, err, sizeof err);
	assert_non_null(hl);
	assert_int_equal(hostlist_count(hl), 66);
	assert_string_equal(hostlist_name(hl, 0), "linux0");
	assert_string_equal(hostlist_name(hl, 64), "linux64");
	assert_string_equal(hostlist_name(hl, 65), "linux128");
	hostlist_free(hl);
}

static void test_padding(void **state)
{
	(void)state;
	expect_names("gpu[008-011]", "gpu008 gpu009 gpu010 gpu011");
	expect_names("gpu[8-11]", "gpu8 gpu9 gpu10 gpu11");
	expect_names("gpu[098-101]", "gpu098 gpu099 gpu100 gpu101");
	expect_names("gpu[0-1]", "gpu0 gpu1");
	expect_names("gpu[99-100]", "gpu99 gpu100");
	expect_names("gpu[07,9,010]", "gpu07 gpu9 gpu010");
	char err[128];
	Hostlist *hl = hostlist_parse("gpu[00001-00128,00200]", 0, err, sizeof err);
	assert_non_null(hl);
	assert_int_equal(hostlist_count(hl), 129);
	assert_string_equal(hostlist_name(hl, 0), "gpu00001");
	assert_string_equal(hostlist_name(hl, 127), "gpu00128");
	assert_string_equal(hostlist_name(hl, 128), "gpu00200");
	hostlist_free(hl);
}

static void test_lists_and_blanks(void **state)
{
	(void)state;
	expect_names("gpu0001,gpu0002", "gpu0001 gpu0002");
	expect_names("  gpu1 ,\tgpu2 , gpu[3-4]  ", "gpu1 gpu2 gpu3 gpu4");
	expect_names("login1", "login1");
	expect_names("[1-3]", "1 2 3");
	expect_names("", "");
	expect_names("   ", "");
	expect_names("a-b.c_d", "a-b.c_d");
}

static void test_products(void **state)
{
	(void)state;
	expect_names("rack[1-2]-node[01-04]",
	             "rack1-node01 rack1-node02 rack1-node03 rack1-node04 "
	             "rack2-node01 rack2-node02 rack2-node03 rack2-node04");
	expect_names("h[1,3]r[1-2]k[9-10]",
	             "h1r1k9 h1r1k10 h1r2k9 h1r2k10 h3r1k9 h3r1k10 h3r2k9 h3r2k10");
	expect_names("x[1-2][5-6]", "x15 x16 x25 x26");
	expect_names("a[1-2]-b,c", "a1-b a2-b c");
}

static void test_errors(void **state)
{
	(void)state;
	expect_error("gpu[3-1]", 0, "gpu[3-1]: range end before start at column 7");
	expect_error("gpu[1-3", 0, "gpu[1-3: unbalanced '[' (no closing ']') at column 4");
	expect_error("gpu[1-3,a[4]", 0, "gpu[1-3,a[4]: nested '[' at column 10");
	expect_error("gpu1-3]", 0, "gpu1-3]: unbalanced ']' at column 7");
	expect_error("a,,b", 0, "a,,b: empty entry at column 3");
	expect_error("a, ,b", 0, "a, ,b: empty entry at column 4");
	expect_error("a,", 0, "a,: empty entry at column 3");
	expect_error(",a", 0, ",a: empty entry at column 1");
	expect_error("gpu[]", 0, "gpu[]: empty brackets at column 4");
	expect_error("gpu[1,,2]", 0, "gpu[1,,2]: empty range at column 7");
	expect_error("gpu[1,]", 0, "gpu[1,]: empty range at column 7");
	expect_error("gpu[a]", 0, "gpu[a]: expected a number, not 'a' at column 5");
	expect_error("gpu[1-]", 0, "gpu[1-]: expected a number after '-' at column 7");
	expect_error("gpu[1-2-3]", 0, "gpu[1-2-3]: unexpected '-' in brackets at column 8");
	expect_error("gpu[1 ,2]", 0, "gpu[1 ,2]: unexpected ' ' in brackets at column 6");
	expect_error("gpu 1", 0, "gpu 1: space inside a name at column 4");
	expect_error("gpu\001", 0, "gpu?: control character in a name at column 4");
	expect_error("n[1234567890123456789]", 0,
	             "n[1234567890123456789]: number longer than 18 digits at column 3");
	expect_error("gpu[1-1000]", 100, "gpu[1-1000]: more than 100 names at column 5");
	expect_error("a[1-10]b[1-10]", 50, "a[1-10]b[1-10]: more than 50 names at column 1");
	expect_error("a[1-30],b[1-30]", 50, "a[1-30],b[1-30]: more than 50 names at column 9");
	expect_error("a,b,c", 2, "a,b,c: more than 2 names at column 5");
	expect_error("n[1-1000001]", 0, "n[1-1000001]: more than 1000000 names at column 3");

	char err[256];
	assert_null(hostlist_parse(NULL, 0, err, sizeof err));
	assert_string_equal(err, "no hostlist given");
	assert_null(hostlist_parse("gpu[3-1]", 0, NULL, 0));   /* no err buffer */
	assert_null(hostlist_parse("gpu[3-1]", 0, err, 5));
	assert_string_equal(err, "gpu[");

	/* long expressions are quoted in part */
	expect_error("node[0001-0004],node[0005-0008],node[0009-0012],x[2-1]", 0,
	             "node[0001-0004],node[0005-0008],node[000...: range end before start at column 53");
}

static void test_name_length(void **state)
{
	(void)state;
	char name[80];
	memset(name, 'a', 63);
	name[63] = '\0';
	expect_names(name, name);
	name[63] = 'b';
	name[64] = '\0';
	expect_error(name, 0,
	             "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...: name longer than 63 bytes at column 1");

	/* 60 + 3 digits fits; 60 + 4 digits does not, only the widest name counts */
	char expr[96];
	memset(expr, 'x', 60);
	strcpy(expr + 60, "[998-999]");
	Hostlist *hl = hostlist_parse(expr, 0, NULL, 0);
	assert_non_null(hl);
	assert_int_equal(strlen(hostlist_name(hl, 1)), 63);
	hostlist_free(hl);
	strcpy(expr + 60, "[999-1000]");
	char err[256];
	assert_null(hostlist_parse(expr, 0, err, sizeof err));
	assert_non_null(strstr(err, "name longer than 63 bytes at column 1"));
	strcpy(expr + 60, "[0001]");
	assert_null(hostlist_parse(expr, 0, err, sizeof err));
}

static void test_is_pattern(void **state)
{
	(void)state;
	assert_true(hostlist_is_pattern("gpu[1-2]"));
	assert_true(hostlist_is_pattern("a,b"));
	assert_false(hostlist_is_pattern("gpu0001"));
	assert_false(hostlist_is_pattern(""));
	assert_false(hostlist_is_pattern(NULL));
}

static void test_big_list(void **state)
{
	(void)state;
	Hostlist *hl = hostlist_parse("n[1-1000000]", 0, NULL, 0);
	assert_non_null(hl);
	assert_int_equal(hostlist_count(hl), 1000000);
	assert_string_equal(hostlist_name(hl, 999999), "n1000000");
	hostlist_free(hl);
	hostlist_free(NULL);
	assert_int_equal(hostlist_count(NULL), 0);
	assert_null(hostlist_name(NULL, 0));
}

/* ---- compression ---------------------------------------------------------- */

static void expect_compress(const char *const *names, size_t n, const char *want)
{
	char *got = hostlist_compress(names, n);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

/* compress(parse(expr)) must give want. */
static void expect_recompress(const char *expr, const char *want)
{
	Hostlist *hl = hostlist_parse(expr, 0, NULL, 0);
	assert_non_null(hl);
	size_t n = hostlist_count(hl);
	const char **v = calloc(n + 1, sizeof *v);
	assert_non_null(v);
	for (size_t i = 0; i < n; i++)
		v[i] = hostlist_name(hl, i);
	char *got = hostlist_compress(v, n);
	assert_non_null(got);
	if (strcmp(got, want) != 0)
		fail_msg("compress(parse(%s)) = %s, want %s", expr, got, want);
	free(got);
	free(v);
	hostlist_free(hl);
}

static void test_compress_basic(void **state)
{
	(void)state;
	const char *a[] = { "gpu00007", "login1", "gpu00002", "gpu00001", "gpu00003" };
	expect_compress(a, 5, "gpu[00001-00003,00007],login1");
	const char *b[] = { "gpu9", "gpu10", "gpu8", "gpu11" };
	expect_compress(b, 4, "gpu[8-11]");
	const char *c[] = { "gpu008", "gpu010", "gpu009", "gpu011" };
	expect_compress(c, 4, "gpu[008-011]");
	const char *d[] = { "n1", NULL, "n1", "n2", "n2" };   /* NULLs skipped, dups dropped */
	expect_compress(d, 5, "n[1-2]");
	const char *e[] = { "login", "gpu1", "gpu", "gpu2" };
	expect_compress(e, 4, "gpu,gpu[1-2],login");
	const char *f[] = { "x1234567890123456789012", "x1" };   /* too long to count */
	expect_compress(f, 2, "x1,x1234567890123456789012");
	const char *g[] = { "n09", "n9", "n10" };   /* "n9" cannot join a width-2 run */
	expect_compress(g, 3, "n[9,09-10]");
	expect_compress(NULL, 0, "");
	const char *h[] = { "only7" };
	expect_compress(h, 1, "only7");
}

static void test_compress_round_trip(void **state)
{
	(void)state;
	static const char *const canon[] = {
		"gpu[00001-00128,00200]", "gpu[008-011]", "gpu[8-11]", "gpu[098-101]",
		"linux[0-64,128]", "login1", "a,b,c", "gpu[1-3],login[1-2]", "[1-3]",
		"gpu,gpu[1-2]", "rack1-node[01-04],rack2-node[01-04]", "x[7,07]",
		"n[1,3,5-7,9]", "gpu[00001-12500]",
	};
	for (size_t i = 0; i < sizeof canon / sizeof canon[0]; i++)
		expect_recompress(canon[i], canon[i]);
	expect_recompress("tux[2,1-2]", "tux[1-2]");
	expect_recompress("rack[1-2]-node[01-04]", "rack1-node[01-04],rack2-node[01-04]");
	expect_recompress("login1,gpu[3-1000],gpu[1-2]", "gpu[1-1000],login1");
	expect_recompress("b1 , a1", "a1,b1");
	expect_recompress("0,1", "[0-1]");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* parse(compress(names)) gives the same set, for many random name sets. */
static void test_compress_random(void **state)
{
	(void)state;
	static const char *const pre[] = { "gpu", "n", "rack1-n", "", "login", "h1-r02-k" };
	uint32_t seed = 12345;
	char names[200][32];
	const char *v[200];
	for (int round = 0; round < 300; round++) {
		size_t n = 0, want = 1 + round % 200;
		while (n < want) {
			seed = seed * 1103515245u + 12345u;
			uint32_t r = seed >> 8;
			const char *p = pre[r % 6];
			unsigned num = (r / 6) % 130;
			int w = (int)((r / 780) % 4);
			if (r % 17 == 0)
				snprintf(names[n], sizeof names[n], "%s", *p ? p : "plain");
			else
				snprintf(names[n], sizeof names[n], "%s%0*u", p, w, num);
			v[n] = names[n];
			n++;
		}
		char *s = hostlist_compress(v, n);
		assert_non_null(s);
		char err[256];
		Hostlist *hl = hostlist_parse(s, 0, err, sizeof err);
		if (!hl)
			fail_msg("compressed '%s' does not parse: %s", s, err);
		qsort(v, n, sizeof v[0], cmp_str);
		size_t u = 0;
		for (size_t i = 0; i < n; i++)
			if (u == 0 || strcmp(v[u - 1], v[i]) != 0)
				v[u++] = v[i];
		size_t m = hostlist_count(hl);
		const char **got = malloc(m * sizeof *got);
		assert_non_null(got);
		for (size_t i = 0; i < m; i++)
			got[i] = hostlist_name(hl, i);
		qsort(got, m, sizeof got[0], cmp_str);
		if (m != u)
			fail_msg("'%s' holds %zu names, want %zu", s, m, u);
		for (size_t i = 0; i < u; i++)
			assert_string_equal(got[i], v[i]);
		/* compressing again is stable */
		char *again = hostlist_compress(got, m);
		assert_non_null(again);
		assert_string_equal(again, s);
		free(again);
		free(got);
		hostlist_free(hl);
		free(s);
	}
}

/* ---- matcher -------------------------------------------------------------- */

static void test_match_substring(void **state)
{
	(void)state;
	char err[128];
	HostMatch *m = hostmatch_new("GPU0", err, sizeof err);
	assert_non_null(m);
	assert_false(hostmatch_is_hostlist(m));
	assert_true(hostmatch_test(m, "gpu00001"));
	assert_true(hostmatch_test(m, "xgpu0"));
	assert_false(hostmatch_test(m, "gpu1"));
	assert_false(hostmatch_test(m, "gp"));
	assert_false(hostmatch_test(m, NULL));
	hostmatch_free(m);

	m = hostmatch_new("", err, sizeof err);
	assert_non_null(m);
	assert_true(hostmatch_test(m, "anything"));
	assert_true(hostmatch_test(m, ""));
	hostmatch_free(m);

	m = hostmatch_new("aab", err, sizeof err);   /* restart after a partial match */
	assert_true(hostmatch_test(m, "aaab"));
	hostmatch_free(m);

	assert_true(hostmatch_test(NULL, "x"));
	hostmatch_free(NULL);
	assert_false(hostmatch_is_hostlist(NULL));
}

static void test_match_hostlist(void **state)
{
	(void)state;
	char err[128];
	HostMatch *m = hostmatch_new("gpu[00001-00128],login1", err, sizeof err);
	assert_non_null(m);
	assert_true(hostmatch_is_hostlist(m));
	assert_true(hostmatch_test(m, "gpu00005"));
	assert_true(hostmatch_test(m, "GPU00128"));
	assert_true(hostmatch_test(m, "login1"));
	assert_false(hostmatch_test(m, "gpu00129"));
	assert_false(hostmatch_test(m, "gpu0005"));
	assert_false(hostmatch_test(m, "gpu00005x"));
	assert_false(hostmatch_test(m, "login"));
	assert_false(hostmatch_test(m, ""));
	hostmatch_free(m);

	m = hostmatch_new("n1,n1,N1", err, sizeof err);   /* duplicates are fine */
	assert_non_null(m);
	assert_true(hostmatch_test(m, "n1"));
	hostmatch_free(m);

	assert_null(hostmatch_new("gpu[3-1", err, sizeof err));
	assert_string_equal(err, "gpu[3-1: unbalanced '[' (no closing ']') at column 4");
	assert_null(hostmatch_new("gpu[3-1]", err, sizeof err));
	assert_string_equal(err, "gpu[3-1]: range end before start at column 7");
	assert_null(hostmatch_new("n[0-1000000]", err, sizeof err));
	assert_string_equal(err, "n[0-1000000]: more than 1000000 names at column 3");
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Sanitizers slow every memory access several times over: allow for it. */
#if defined(__SANITIZE_ADDRESS__)
#define MATCH_BUDGET_MS 5.0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MATCH_BUDGET_MS 5.0
#endif
#endif
#ifndef MATCH_BUDGET_MS
#define MATCH_BUDGET_MS 1.0
#endif

static void test_match_speed(void **state)
{
	(void)state;
	enum { N = 12500 };
	char (*names)[16] = malloc(N * sizeof *names);
	assert_non_null(names);
	for (int i = 0; i < N; i++)
		snprintf(names[i], sizeof names[i], "gpu%05d", i + 1);
	HostMatch *m = hostmatch_new("gpu[00001-06250],gpu[10001-12500]", NULL, 0);
	assert_non_null(m);
	double best = 1e9;
	for (int round = 0; round < 5; round++) {
		int hits = 0;
		double t0 = now_ms();
		for (int i = 0; i < N; i++)
			hits += hostmatch_test(m, names[i]);
		double dt = now_ms() - t0;
		assert_int_equal(hits, 6250 + 2500);
		if (dt < best)
			best = dt;
	}
	if (best >= MATCH_BUDGET_MS)
		fail_msg("testing %d names took %.3f ms (budget %.1f ms)", N, best, MATCH_BUDGET_MS);
	hostmatch_free(m);

	/* the cap itself: a million-name filter builds and answers */
	double t0 = now_ms();
	m = hostmatch_new("n[1-1000000]", NULL, 0);
	assert_non_null(m);
	assert_true(hostmatch_test(m, "n999999"));
	assert_false(hostmatch_test(m, "n0"));
	print_message("12,500 tests: %.3f ms; 1M-name filter built in %.0f ms\n", best, now_ms() - t0);
	hostmatch_free(m);
	free(names);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slurm_examples),
		cmocka_unit_test(test_padding),
		cmocka_unit_test(test_lists_and_blanks),
		cmocka_unit_test(test_products),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_name_length),
		cmocka_unit_test(test_is_pattern),
		cmocka_unit_test(test_big_list),
		cmocka_unit_test(test_compress_basic),
		cmocka_unit_test(test_compress_round_trip),
		cmocka_unit_test(test_compress_random),
		cmocka_unit_test(test_match_substring),
		cmocka_unit_test(test_match_hostlist),
		cmocka_unit_test(test_match_speed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
