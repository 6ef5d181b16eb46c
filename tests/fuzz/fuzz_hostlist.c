/* libFuzzer target for site/hostlist.c: parse, compress round trip, match. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "site/hostlist.h"

#define FUZZ_MAX_NAMES 4096   /* keeps each run fast; the cap path is still hit */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fuzz_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorted unique copy of the names of hl (pointers into hl). */
static const char **fuzz_sorted(const Hostlist *hl, size_t *n)
{
	size_t m = hostlist_count(hl);
	const char **v = malloc((m + 1) * sizeof *v);
	if (!v)
		abort();
	for (size_t i = 0; i < m; i++)
		v[i] = hostlist_name(hl, i);
	qsort(v, m, sizeof *v, fuzz_cmp);
	size_t u = 0;
	for (size_t i = 0; i < m; i++)
		if (u == 0 || strcmp(v[u - 1], v[i]) != 0)
			v[u++] = v[i];
	*n = u;
	return v;
}

/* compress(names) parses back to the same set of names. */
static void fuzz_round_trip(const Hostlist *hl)
{
	size_t n = hostlist_count(hl);
	const char **v = malloc((n + 1) * sizeof *v);
	if (!v)
		abort();
	for (size_t i = 0; i < n; i++)
		v[i] = hostlist_name(hl, i);
	char *s = hostlist_compress(v, n);
	if (!s)
		abort();
	char err[256];
	Hostlist *back = hostlist_parse(s, n + 1, err, sizeof err);
	if (!back) {
		fprintf(stderr, "compressed '%s' does not parse: %s\n", s, err);
		abort();
	}
	size_t a, b;
	const char **x = fuzz_sorted(hl, &a), **y = fuzz_sorted(back, &b);
	if (a != b)
		abort();
	for (size_t i = 0; i < a; i++)
		if (strcmp(x[i], y[i]) != 0)
			abort();
	/* compressing the result again gives the same string */
	char *again = hostlist_compress(y, b);
	if (!again || strcmp(again, s) != 0)
		abort();
	free(again);
	free(x);
	free(y);
	hostlist_free(back);
	free(s);
	free(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	char *expr = malloc(size + 1);
	if (!expr)
		return 0;
	memcpy(expr, data, size);
	expr[size] = '\0';

	char err[128];
	Hostlist *hl = hostlist_parse(expr, FUZZ_MAX_NAMES, err, sizeof err);
	if (!hl) {
		if (err[0] == '\0' || strlen(err) >= sizeof err)
			abort();
	} else {
		size_t n = hostlist_count(hl);
		if (n > FUZZ_MAX_NAMES)
			abort();
		for (size_t i = 0; i < n; i++) {
			size_t len = strlen(hostlist_name(hl, i));
			if (len == 0 || len >= HOSTLIST_NAME_MAX)
				abort();
		}
		if (hostlist_name(hl, n) != NULL)
			abort();
		fuzz_round_trip(hl);

		HostMatch *m = hostmatch_new(expr, err, sizeof err);
		if (!m)
			abort();  /* it parsed with a smaller cap, so it must here */
		if (hostmatch_is_hostlist(m) != hostlist_is_pattern(expr))
			abort();
		for (size_t i = 0; i < n && hostmatch_is_hostlist(m); i++)
			if (!hostmatch_test(m, hostlist_name(hl, i)))
				abort();
		hostmatch_free(m);
	}
	hostlist_free(hl);

	/* arbitrary names, one per line, must compress without trouble */
	const char *names[64];
	size_t nn = 0;
	for (char *p = expr, *save = NULL, *t = strtok_r(p, "\n", &save);
	     t && nn < 64; t = strtok_r(NULL, "\n", &save))
		names[nn++] = t;
	free(hostlist_compress(names, nn));
	free(expr);
	return 0;
}
