/* Unit tests for connectors/promparse.c and connectors/dcgm.c: fixtures, hostile input, scale. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cJSON.h>

#include "connectors/dcgm.h"
#include "connectors/promparse.h"

#define FIX "tests/fixtures/prometheus/"
#define MAXS 256

/* What the callback saw, one row per sample. */
typedef struct {
	char host[32], gpu[8], uuid[64], name[48];
	int nlabels;
	double ts, v;
} Sample;

typedef struct {
	Sample rows[MAXS];
	size_t n;
	int stop_after;  /* > 0: return 7 at that sample */
} Seen;

static int collect(void *ctx, const PromLabels *l, double ts, double v)
{
	Seen *s = ctx;
	if (s->n < MAXS) {
		Sample *r = &s->rows[s->n];
		const char *h = promparse_label(l, "Hostname"), *g = promparse_label(l, "gpu");
		const char *u = promparse_label(l, "UUID"), *nm = promparse_label(l, "__name__");
		snprintf(r->host, sizeof r->host, "%s", h ? h : "-");
		snprintf(r->gpu, sizeof r->gpu, "%s", g ? g : "-");
		snprintf(r->uuid, sizeof r->uuid, "%s", u ? u : "-");
		snprintf(r->name, sizeof r->name, "%s", nm ? nm : "-");
		r->nlabels = promparse_label_count(l);
		r->ts = ts;
		r->v = v;
	}
	s->n++;
	return s->stop_after > 0 && (int)s->n == s->stop_after ? 7 : 0;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	size_t cap = 1 << 16, n = 0, k;
	char *b = malloc(cap);
	assert_non_null(b);
	while ((k = fread(b + n, 1, cap - n, f)) > 0) {
		n += k;
		if (n == cap) {
			cap *= 2;
			b = realloc(b, cap);
			assert_non_null(b);
		}
	}
	fclose(f);
	*len = n;
	return b;
}

/* gunzip through gzip(1), so the test needs no zlib. */
static char *gunzip(const char *path, size_t *len)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "gzip -dc '%s'", path);
	FILE *f = popen(cmd, "r");
	assert_non_null(f);
	size_t cap = 32u << 20, n = 0, k;
	char *b = malloc(cap);
	assert_non_null(b);
	while ((k = fread(b + n, 1, cap - n, f)) > 0) {
		n += k;
		if (n == cap) {
			cap *= 2;
			b = realloc(b, cap);
			assert_non_null(b);
		}
	}
	assert_int_equal(pclose(f), 0);
	*len = n;
	return b;
}

static int parse_file(const char *path, Seen *seen, PromResult *res)
{
	size_t len;
	char *b = slurp(path, &len);
	memset(seen, 0, sizeof *seen);
	int rc = promparse_response(b, len, collect, seen, res);
	free(b);
	return rc;
}

static int parse_str(const char *json, Seen *seen, PromResult *res)
{
	size_t n = strlen(json);
	char *b = malloc(n ? n : 1);  /* exact size, no NUL: ASan sees over-reads */
	assert_non_null(b);
	memcpy(b, json, n);
	memset(seen, 0, sizeof *seen);
	int rc = promparse_response(b, n, collect, seen, res);
	free(b);
	return rc;
}

/* ---- fixtures ------------------------------------------------------------- */

static void test_instant_gpu_temp(void **state)
{
	(void)state;
	Seen s;
	PromResult r;
	assert_int_equal(parse_file(FIX "query-instant-gpu-temp.json", &s, &r), 0);
	assert_int_equal(r.status, PROM_STATUS_SUCCESS);
	assert_int_equal(r.type, PROM_TYPE_VECTOR);
	assert_int_equal(r.nseries, 4);
	assert_int_equal(r.nsamples, 4);
	assert_int_equal(s.n, 4);
	assert_int_equal(r.nwarnings, 0);
	assert_int_equal(r.labels_cut, 0);
	assert_string_equal(r.msg, "");
	static const char *hosts[] = {"gpu001", "gpu001", "gpu002", "gpu002"};
	static const char *gpus[] = {"0", "1", "0", "1"};
	static const char *uuids[] = {"GPU-00000000-0000-0000-0000-000000000000",
		"GPU-00000000-0000-0000-0000-000000000001", "GPU-00000000-0000-0000-0001-000000000000",
		"GPU-00000000-0000-0000-0001-000000000001"};
	static const double temps[] = {55, 61, 48, 83};
	for (int i = 0; i < 4; i++) {
		assert_string_equal(s.rows[i].host, hosts[i]);
		assert_string_equal(s.rows[i].gpu, gpus[i]);
		assert_string_equal(s.rows[i].uuid, uuids[i]);
		assert_string_equal(s.rows[i].name, "DCGM_FI_DEV_GPU_TEMP");
		assert_int_equal(s.rows[i].nlabels, 8);
		assert_true(s.rows[i].v == temps[i]);
		assert_true(s.rows[i].ts == 1795318656.364);
	}
}

static void test_instant_small_ones(void **state)
{
	(void)state;
	Seen s;
	PromResult r;
	assert_int_equal(parse_file(FIX "query-instant-max-by-hostname.json", &s, &r), 0);
	assert_int_equal(r.nseries, 2);
	assert_int_equal(r.nsamples, 2);
	assert_string_equal(s.rows[0].host, "gpu001");
	assert_string_equal(s.rows[0].gpu, "-");
	assert_int_equal(s.rows[0].nlabels, 1);
	assert_true(s.rows[0].v == 61 && s.rows[1].v == 83);
	assert_true(s.rows[1].ts == 1795318656.378);

	assert_int_equal(parse_file(FIX "query-instant-up.json", &s, &r), 0);
	assert_int_equal(r.nseries, 1);
	assert_string_equal(s.rows[0].name, "up");
	assert_true(s.rows[0].v == 1 && s.rows[0].ts == 1795318656.430);

	assert_int_equal(parse_file(FIX "query-instant-empty.json", &s, &r), 0);
	assert_int_equal(r.status, PROM_STATUS_SUCCESS);
	assert_int_equal(r.type, PROM_TYPE_VECTOR);
	assert_int_equal(r.nseries, 0);
	assert_int_equal(r.nsamples, 0);
	assert_int_equal(s.n, 0);

	assert_int_equal(parse_file(FIX "large-100k-gpus/query-instant-xid-errors-gt0.json", &s, &r), 0);
	assert_int_equal(r.nseries, 100);
	assert_int_equal(r.nsamples, 100);
	assert_string_equal(s.rows[0].host, "gpu00124");
	assert_string_equal(s.rows[0].gpu, "5");
	for (int i = 0; i < 100; i++)
		assert_true(s.rows[i].v == 79);
}

static void test_range_gpu_util(void **state)
{
	(void)state;
	Seen s;
	PromResult r;
	assert_int_equal(parse_file(FIX "query-range-gpu-util.json", &s, &r), 0);
	assert_int_equal(r.type, PROM_TYPE_MATRIX);
	assert_int_equal(r.nseries, 4);
	assert_int_equal(r.nsamples, 16);
	static const double util[] = {97, 100, 0, 12};
	for (int i = 0; i < 16; i++) {
		assert_true(s.rows[i].v == util[i / 4]);
		assert_true(s.rows[i].ts == 1795318626.0 + 10 * (i % 4));
		assert_string_equal(s.rows[i].name, "DCGM_FI_DEV_GPU_UTIL");
	}
	assert_string_equal(s.rows[15].host, "gpu002");
	assert_string_equal(s.rows[15].gpu, "1");
}

static void test_range_backfilled(void **state)
{
	(void)state;
	Seen s;
	PromResult r;
	assert_int_equal(parse_file(FIX "query-range-backfilled-max-by-hostname.json", &s, &r), 0);
	assert_int_equal(r.type, PROM_TYPE_MATRIX);
	assert_int_equal(r.nseries, 3);
	assert_int_equal(r.nsamples, 108);
	for (int i = 0; i < 108; i++)
		assert_true(s.rows[i].ts == 1795298410.0 + 600 * (i % 36));
	assert_string_equal(s.rows[0].host, "gpu00001");
	assert_true(s.rows[0].v == 89 && s.rows[35].v == 87);
	assert_string_equal(s.rows[107].host, "gpu00003");
	assert_true(s.rows[36].v == 83 && s.rows[107].v == 80);
}

static void test_error_response(void **state)
{
	(void)state;
	Seen s;
	PromResult r;
	assert_int_equal(parse_file(FIX "query-error-bad-expr.json", &s, &r), 0);
	assert_int_equal(r.status, PROM_STATUS_ERROR);
	assert_string_equal(r.error_type, "bad_data");
	assert_string_equal(r.error,
	    "invalid parameter \"query\": 1:9: parse error: unclosed left parenthesis");
	assert_int_equal(r.nsamples, 0);
	assert_int_equal(r.type, PROM_TYPE_NONE);
	/* a long error is cut, controls made safe */
	char big[2048];
	int k = snprintf(big, sizeof big, "{\"status\":\"error\",\"errorType\":\"x\\u001b\",\"error\":\"");
	memset(big + k, 'e', 1000);
	snprintf(big + k + 1000, sizeof big - (size_t)k - 1000, "\"}");
	assert_int_equal(parse_str(big, &s, &r), 0);
	assert_int_equal(strlen(r.error), PROMPARSE_TEXT_MAX - 1);
	assert_string_equal(r.error_type, "x?");
}

static void test_aicr_pretty_printed(void **state)
{
	(void)state;
	Seen s;
	PromResult r;
	assert_int_equal(parse_file("tests/fixtures/dcgm/aicr-h100-2node-k8s/prometheus-api-query-gpu_temp.json",
	                            &s, &r), 0);
	assert_int_equal(r.nseries, 16);
	assert_int_equal(r.nsamples, 16);
	assert_string_equal(s.rows[0].host, "gpu-node-1");
	assert_string_equal(s.rows[0].gpu, "1");
	assert_string_equal(s.rows[0].uuid, "GPU-bc5610b9-79c8-fedd-8899-07539c7f868a");
	assert_int_equal(s.rows[0].nlabels, 15);
	assert_true(s.rows[0].v == 29 && s.rows[15].v == 30);
	assert_string_equal(s.rows[15].gpu, "0");
}

/* ---- values, labels, shapes ----------------------------------------------- */

#define VEC(series) "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" series "]}}"

static void test_special_values(void **state)
{
	(void)state;
	Seen s;
	PromResult r;
	assert_int_equal(parse_str(VEC("{\"metric\":{},\"value\":[1.5,\"NaN\"]},"
	                               "{\"metric\":{},\"value\":[2,\"+Inf\"]},"
	                               "{\"metric\":{},\"value\":[-3e2,\"-Inf\"]},"
	                               "{\"metric\":{},\"value\":[0,\"-0.25\"]},"
	                               "{\"metric\":{},\"value\":[0.0,\"1e3\"]},"
	                               "{\"metric\":{},\"value\":[1E+1,\"12345678901234567890123\"]}"),
	                           &s, &r), 0);
	assert_int_equal(r.nsamples, 6);
	assert_true(isnan(s.rows[0].v) && s.rows[0].ts == 1.5);
	assert_true(isinf(s.rows[1].v) && s.rows[1].v > 0 && s.rows[1].ts == 2);
	assert_true(isinf(s.rows[2].v) && s.rows[2].v < 0 && s.rows[2].ts == -300);
	assert_true(s.rows[3].v == -0.25);
	assert_true(s.rows[4].v == 1000 && s.rows[5].ts == 10);
	assert_true(fabs(s.rows[5].v / 1.2345678901234567890123e22 - 1) < 1e-15);

	double v;
	assert_int_equal(promparse_value("0.1", 3, &v), 0);
	assert_true(v == 0.1);
	assert_int_equal(promparse_value("1795318656.364", 14, &v), 0);
	assert_true(v == 1795318656.364);
	assert_int_equal(promparse_value("inf", 3, &v), 0);
	assert_true(isinf(v));
	static const char *bad[] = {"", "-", "+", "abc", "1e", "1e+", "0x10", " 1", "1 ", "1.2.3", "NaNa", "--1", "."};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(promparse_value(bad[i], strlen(bad[i]), &v), -1);

	assert_int_equal(parse_str(VEC("{\"metric\":{},\"value\":[1,\"abc\"]}"), &s, &r), -1);
	assert_string_equal(r.msg, "value is not a number: \"abc\" at byte 84");
	assert_int_equal(parse_str(VEC("{\"metric\":{},\"value\":[\"1\",\"2\"]}"), &s, &r), -1);
	assert_non_null(strstr(r.msg, "timestamp is not a number"));
	assert_int_equal(parse_str(VEC("{\"metric\":{},\"value\":[1,2]}"), &s, &r), -1);
	assert_non_null(strstr(r.msg, "expected a value string"));
}

static void test_label_escapes(void **state)
{
	(void)state;
	Seen s;
	PromResult r;
	const char *j = VEC("{\"metric\":{\"Hostname\":\"q\\\"b\\\\s\\u00e9\\n\\/\","
	                    "\"gpu\":\"日本\",\"UUID\":\"\\ud83d\\ude00|\\ud800|\\u0000|\\t\","
	                    "\"__n\\u0061me__\":\"x\"},\"value\":[1,\"2\"]}");
	assert_int_equal(parse_str(j, &s, &r), 0);
	assert_int_equal(r.nsamples, 1);
	assert_string_equal(s.rows[0].host, "q\"b\\s\xc3\xa9\n/");
	assert_string_equal(s.rows[0].gpu, "日本");
	assert_string_equal(s.rows[0].uuid, "\xf0\x9f\x98\x80|\xef\xbf\xbd|\xef\xbf\xbd|\t");
	assert_string_equal(s.rows[0].name, "x");

	assert_int_equal(parse_str(VEC("{\"metric\":{\"a\":\"\\q\"},\"value\":[1,\"2\"]}"), &s, &r), -1);
	assert_non_null(strstr(r.msg, "bad escape '\\q'"));
	assert_int_equal(parse_str(VEC("{\"metric\":{\"a\":\"\\u12G4\"},\"value\":[1,\"2\"]}"), &s, &r), -1);
	assert_non_null(strstr(r.msg, "bad \\u escape"));
	assert_int_equal(parse_str(VEC("{\"metric\":{\"a\":\"x\ny\"},\"value\":[1,\"2\"]}"), &s, &r), -1);
	assert_non_null(strstr(r.msg, "control character"));
	assert_int_equal(parse_str(VEC("{\"metric\":{\"a\":1},\"value\":[1,\"2\"]}"), &s, &r), -1);
	assert_non_null(strstr(r.msg, "expected a label value string"));
}

static void test_warnings_scalar_order(void **state)
{
	(void)state;
	Seen s;
	PromResult r;
	assert_int_equal(parse_str("{\"status\":\"success\",\"warnings\":[\"first\\u0007 one\",\"second\"],"
	                           "\"data\":{\"resultType\":\"vector\",\"result\":[]},\"infos\":[\"i\"]}",
	                           &s, &r), 0);
	assert_int_equal(r.nwarnings, 2);
	assert_string_equal(r.warning, "first? one");

	assert_int_equal(parse_str("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[12.5,\"4\"]}}",
	                           &s, &r), 0);
	assert_int_equal(r.type, PROM_TYPE_SCALAR);
	assert_int_equal(r.nsamples, 1);
	assert_true(s.rows[0].ts == 12.5 && s.rows[0].v == 4 && s.rows[0].nlabels == 0);

	assert_int_equal(parse_str("{\"status\":\"success\",\"data\":{\"resultType\":\"string\",\"result\":[1,\"hi\"]}}",
	                           &s, &r), 0);
	assert_int_equal(r.type, PROM_TYPE_STRING);
	assert_int_equal(r.nsamples, 0);

	/* keys in another order: samples before their labels, data before status */
	assert_int_equal(parse_str("{\"data\":{\"result\":[{\"values\":[[1,\"5\"],[2,\"6\"]],\"x\":[null,true,false,{}],"
	                           "\"metric\":{\"Hostname\":\"h\"}}],\"resultType\":\"matrix\"},\"status\":\"success\"}",
	                           &s, &r), 0);
	assert_int_equal(r.nsamples, 2);
	assert_string_equal(s.rows[1].host, "h");
	assert_true(s.rows[1].v == 6 && s.rows[1].ts == 2);

	/* the callback stops the parse */
	memset(&s, 0, sizeof s);
	s.stop_after = 2;
	size_t len;
	char *b = slurp(FIX "query-range-gpu-util.json", &len);
	assert_int_equal(promparse_response(b, len, collect, &s, &r), -1);
	free(b);
	assert_int_equal(r.stopped, 7);
	assert_int_equal(r.nsamples, 2);
	assert_non_null(strstr(r.msg, "stopped by the caller (7)"));
}

/* Every proper prefix of a fixture is truncated JSON, reported as such. */
static void check_prefixes(const char *path)
{
	size_t len;
	char *full = slurp(path, &len);
	while (len > 0 && (full[len - 1] == '\n' || full[len - 1] == ' '))
		len--;
	for (size_t n = 0; n < len; n++) {
		char *b = malloc(n ? n : 1);
		assert_non_null(b);
		memcpy(b, full, n);
		PromResult r;
		int rc = promparse_response(b, n, NULL, NULL, &r);
		free(b);
		assert_int_equal(rc, -1);
		if (n == 0)
			continue;
		char want[64];
		snprintf(want, sizeof want, "truncated JSON at byte %zu", n);
		if (strcmp(r.msg, want) != 0)
			fail_msg("%s cut at %zu: \"%s\"", path, n, r.msg);
	}
	free(full);
}

static void test_truncated_everywhere(void **state)
{
	(void)state;
	check_prefixes(FIX "query-instant-gpu-temp.json");
	check_prefixes(FIX "query-range-gpu-util.json");
	check_prefixes(FIX "query-error-bad-expr.json");
	check_prefixes("tests/fixtures/dcgm/aicr-h100-2node-k8s/prometheus-api-query-gpu_temp.json");
}

static void test_garbage(void **state)
{
	(void)state;
	static const struct { const char *in, *msg; } cases[] = {
		{"x", "expected '{' at byte 0, found 'x'"},
		{"[]", "expected '{' at byte 0, found '['"},
		{"{\"status\" \"success\"}", "expected ':' at byte 10, found '\"'"},
		{"{\"status\":\"success\",}", "expected a key at byte 20, found '}'"},
		{"{\"status\":\"success\"} x", "trailing data at byte 21"},
		{"{\"status\":\"ok\"}", "unknown status \"ok\" at byte 10"},
		{"{\"status\":1}", "expected a string for \"status\" at byte 10, found '1'"},
		{"{}", "no \"status\" in the response"},
		{"{\"status\":\"success\",\"data\":{\"result\":[{\"metric\":[]}]}}", "expected '{' for \"metric\" at byte 48, found '['"},
		{"{\"status\":\"success\",\"data\":{\"x\":tru}}", "expected a value at byte 32, found 't'"},
		{"{\"status\":\"success\",\"data\":{\"x\":01}}", "expected ',' or '}' at byte 33, found '1'"},
		{"{\"status\":\"success\",\"data\":{\"x\":-}}", "expected a digit at byte 33, found '}'"},
		{"{\"status\":\"success\",\"data\":{\"x\":1.}}", "expected a digit at byte 34, found '}'"},
		{"{\"status\":\"success\",\"data\":{\"x\":\"\x01\"}}", "control character in a string at byte 33"},
		{"{\"status\":\"success\",\"data\":{\"result\":[{\"value\":[1,\"2\",3]}]}}", "expected ']' at byte 53, found ','"},
	};
	Seen s;
	PromResult r;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(parse_str(cases[i].in, &s, &r), -1);
		if (strcmp(r.msg, cases[i].msg) != 0)
			fail_msg("case %zu: \"%s\" instead of \"%s\"", i, r.msg, cases[i].msg);
	}
	assert_int_equal(promparse_response("", 0, NULL, NULL, &r), -1);
	assert_string_equal(r.msg, "empty response");

	/* random bytes, and random mutations of a fixture: never crash */
	size_t len;
	char *fx = slurp(FIX "query-range-gpu-util.json", &len);
	uint32_t x = 12345;
	for (int round = 0; round < 20000; round++) {
		char *b = malloc(len);
		assert_non_null(b);
		memcpy(b, fx, len);
		int flips = 1 + round % 4;
		for (int k = 0; k < flips; k++) {
			x = x * 1664525u + 1013904223u;
			size_t at = (x >> 8) % len;
			x = x * 1664525u + 1013904223u;
			b[at] = round < 10000 ? (char)(x >> 24) : "{}[]\",:\\u0e-+ "[(x >> 24) % 15];
		}
		promparse_response(b, len, collect, &s, &r);
		s.n = 0;
		free(b);
	}
	free(fx);
}

static void test_deep_nesting(void **state)
{
	(void)state;
	Seen s;
	PromResult r;
	size_t depth = 100000;
	const char *head = "{\"status\":\"success\",\"data\":{\"x\":";
	size_t hl = strlen(head);
	char *b = malloc(hl + 5 * depth + 1);
	assert_non_null(b);
	memcpy(b, head, hl);
	memset(b + hl, '[', depth);
	b[hl + depth] = '\0';
	assert_int_equal(parse_str(b, &s, &r), -1);
	assert_non_null(strstr(r.msg, "nesting deeper than 32"));
	size_t n = hl;
	for (size_t i = 0; i < depth; i++, n += 5)
		memcpy(b + n, "{\"a\":", 5);
	b[n] = '\0';
	assert_int_equal(parse_str(b, &s, &r), -1);
	assert_non_null(strstr(r.msg, "nesting deeper than 32"));
	free(b);
}

static void test_huge_labels(void **state)
{
	(void)state;
	Seen s;
	PromResult r;
	size_t big = 100000;
	char *j = malloc(big * 3 + 20000);
	assert_non_null(j);
	/* one huge value (cut at a UTF-8 boundary), one huge name (dropped) */
	int k = sprintf(j, "{\"status\":\"success\",\"data\":{\"result\":[{\"metric\":{\"Hostname\":\"");
	for (size_t i = 0; i < big; i++, k += 2)
		memcpy(j + k, "\xc3\xa9", 2);
	k += sprintf(j + k, "\",\"");
	memset(j + k, 'n', big);
	k += (int)big;
	k += sprintf(j + k, "\":\"v\",\"gpu\":\"3\"},\"value\":[1,\"2\"]}]}}");
	assert_int_equal(parse_str(j, &s, &r), 0);
	assert_int_equal(r.labels_cut, 2);
	assert_int_equal(s.rows[0].nlabels, 2);
	assert_string_equal(s.rows[0].gpu, "3");

	/* many labels: the first PROMPARSE_LABELS_MAX are kept */
	k = sprintf(j, "{\"status\":\"success\",\"data\":{\"result\":[{\"metric\":{");
	for (int i = 0; i < 200; i++)
		k += sprintf(j + k, "%s\"l%d\":\"v%d\"", i ? "," : "", i, i);
	sprintf(j + k, "},\"value\":[1,\"2\"]}]}}");
	memset(&s, 0, sizeof s);
	assert_int_equal(parse_str(j, &s, &r), 0);
	assert_int_equal(s.rows[0].nlabels, PROMPARSE_LABELS_MAX);
	assert_int_equal(r.labels_cut, 200 - PROMPARSE_LABELS_MAX);
	free(j);
}

/* A label callback that checks the huge value's bound. */
static int check_huge(void *ctx, const PromLabels *l, double ts, double v)
{
	(void)ts, (void)v;
	const char *h = promparse_label(l, "Hostname");
	*(size_t *)ctx = h ? strlen(h) : 0;
	assert_null(promparse_label_name(l, promparse_label_count(l)));
	assert_null(promparse_label_value(l, -1));
	return 0;
}

static void test_huge_value_bound(void **state)
{
	(void)state;
	size_t big = 5000, got = 0;
	char *j = malloc(big * 2 + 200);
	assert_non_null(j);
	int k = sprintf(j, "{\"status\":\"success\",\"data\":{\"result\":[{\"metric\":{\"Hostname\":\"");
	for (size_t i = 0; i < big; i++, k += 2)
		memcpy(j + k, "\xc3\xa9", 2);
	k += sprintf(j + k, "\"},\"value\":[1,\"2\"]}]}}");
	PromResult r;
	assert_int_equal(promparse_response(j, (size_t)k, check_huge, &got, &r), 0);
	assert_int_equal(got, PROMPARSE_VALUE_MAX - 2);  /* 1023 bytes, cut to whole é */
	free(j);
}

/* ---- dcgm ----------------------------------------------------------------- */

static void test_dcgm_fields(void **state)
{
	(void)state;
	assert_int_equal(dcgm_field_for_metric("DCGM_FI_DEV_GPU_TEMP"), GF_TEMP_C);
	assert_int_equal(dcgm_field_for_metric("DCGM_FI_DEV_MEMORY_TEMP"), GF_MEM_TEMP_C);
	assert_int_equal(dcgm_field_for_metric("DCGM_FI_DEV_POWER_USAGE"), GF_POWER_W);
	assert_int_equal(dcgm_field_for_metric("DCGM_FI_DEV_FB_FREE"), GF_FB_FREE_MIB);
	assert_int_equal(dcgm_field_for_metric("DCGM_FI_DEV_CORRECTABLE_REMAPPED_ROWS"), GF_REMAPPED_ROWS);
	assert_int_equal(dcgm_field_for_metric("DCGM_FI_DEV_CLOCKS_EVENT_REASONS"), GF_THROTTLE);
	assert_int_equal(dcgm_field_for_metric("DCGM_FI_DEV_CLOCK_THROTTLE_REASONS"), GF_THROTTLE);
	assert_int_equal(dcgm_field_for_metric("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION"), GF_ENERGY_J);
	assert_int_equal(dcgm_field_for_metric("DCGM_FI_DEV_SM_CLOCK"), GF_SM_CLOCK_MHZ);
	assert_int_equal((int)dcgm_field_for_metric("DCGM_FI_DEV_ENC_UTIL"), -1);
	assert_int_equal((int)dcgm_field_for_metric(NULL), -1);
	size_t n;
	const DcgmQuery *q = dcgm_default_queries(&n);
	assert_true(n >= 16);
	int seen[GF_COUNT] = {0};
	for (size_t i = 0; i < n; i++) {
		assert_true(q[i].field >= 0 && q[i].field < GF_COUNT);
		seen[q[i].field]++;
	}
	for (int f = 0; f < GF_COUNT; f++)
		assert_int_equal(seen[f], 1);  /* every field has exactly one query */
}

static void test_dcgm_apply(void **state)
{
	(void)state;
	Site *site = site_new("t");
	assert_non_null(site);
	SourceId src = site_source_add(site, "prometheus", "prometheus", 60);
	assert_int_equal(site_node_add(site, "gpu001", -1, -1, 1), 0);  /* inventory: 1 GPU */

	PromResult r;
	size_t len;
	char *b = slurp(FIX "query-instant-gpu-temp.json", &len);
	DcgmIngest in = {.site = site, .src = src, .now = 1000, .field = GF_TEMP_C};
	assert_int_equal(promparse_response(b, len, dcgm_ingest_sample, &in, &r), 0);
	free(b);
	assert_int_equal(in.counts[DCGM_APPLIED], 3);
	assert_int_equal(in.counts[DCGM_UNKNOWN_GPU], 1);  /* gpu001 GPU 1: inventory says 1 GPU */
	const SiteView *v = site_view(site);
	assert_int_equal(v->nnodes, 2);
	int32_t n2 = site_node_find(site, "gpu002");
	assert_true(n2 >= 0);
	assert_int_equal(v->nodes[n2].ngpus, DCGM_NODE_GPUS);
	assert_int_equal(v->nodes[n2].rack, -1);  /* shown, unplaced */
	const Gpu *g = &v->gpus[site_gpu_find(site, n2, 1)];
	assert_true(val_known(g->temp_c) && g->temp_c.v == 83 && g->temp_c.src == src && g->temp_c.at == 1000);
	assert_true(v->gpus[site_gpu_find(site, 0, 0)].temp_c.v == 55);

	/* NaN is ignored; energy in mJ becomes J; no host; bad gpu label */
	in = (DcgmIngest){.site = site, .src = src, .now = 2000, .field = GF_ENERGY_J};
	b = malloc(4096);
	assert_non_null(b);
	const char *j = VEC("{\"metric\":{\"Hostname\":\"gpu002\",\"gpu\":\"1\"},\"value\":[1,\"NaN\"]},"
	                    "{\"metric\":{\"Hostname\":\"gpu002\",\"gpu\":\"0\"},\"value\":[1,\"5000\"]},"
	                    "{\"metric\":{\"gpu\":\"0\"},\"value\":[1,\"1\"]},"
	                    "{\"metric\":{\"Hostname\":\"gpu002\",\"gpu\":\"01\"},\"value\":[1,\"1\"]},"
	                    "{\"metric\":{\"Hostname\":\"gpu002\",\"gpu\":\"8\"},\"value\":[1,\"1\"]},"
	                    "{\"metric\":{\"Hostname\":\"gpu002\",\"gpu\":\"0\"},\"value\":[1,\"1e300\"]}");
	memcpy(b, j, strlen(j));
	assert_int_equal(promparse_response(b, strlen(j), dcgm_ingest_sample, &in, &r), 0);
	free(b);
	assert_int_equal(in.counts[DCGM_APPLIED], 1);
	assert_int_equal(in.counts[DCGM_NOT_FINITE], 2);
	assert_int_equal(in.counts[DCGM_NO_HOST], 1);
	assert_int_equal(in.counts[DCGM_UNKNOWN_GPU], 2);
	v = site_view(site);
	assert_true(v->gpus[site_gpu_find(site, n2, 0)].energy_j.v == 5);
	assert_false(val_known(v->gpus[site_gpu_find(site, n2, 1)].energy_j));
	site_free(site);
}

/* ---- scale ---------------------------------------------------------------- */

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Reference: the least a tokenizer does. Counts tokens, stores nothing,
 * validates nothing. */
static size_t tokens(const char *b, size_t len)
{
	size_t n = 0, i = 0;
	while (i < len) {
		char c = b[i];
		if (c == '"') {
			for (i++; i < len && b[i] != '"'; i++)
				if (b[i] == '\\')
					i++;
			i++;
			n++;
		} else if (c == '-' || (c >= '0' && c <= '9')) {
			while (i < len && (b[i] == '-' || b[i] == '+' || b[i] == '.' || b[i] == 'e' ||
			                   b[i] == 'E' || (b[i] >= '0' && b[i] <= '9')))
				i++;
			n++;
		} else {
			n += c != ' ' && c != '\n' && c != '\t' && c != '\r';
			i++;
		}
	}
	return n;
}

static int count_only(void *ctx, const PromLabels *l, double ts, double v)
{
	(void)l, (void)ts, (void)v;
	(*(size_t *)ctx)++;
	return 0;
}

static void test_100k_gpus(void **state)
{
	(void)state;
	size_t len;
	char *b = gunzip(FIX "large-100k-gpus/query-instant-gpu-temp-100000.json.gz", &len);
	assert_int_equal(len, 25600062);

	/* reference: one plain pass over the bytes, what any tokenizer must do */
	double t0, t_pass = 1e9;
	size_t ntok = 0;
	for (int i = 0; i < 3; i++) {
		t0 = now_s();
		ntok = tokens(b, len);
		double t = now_s() - t0;
		t_pass = t < t_pass ? t : t_pass;
	}

	PromResult r;
	double t_parse = 1e9;
	for (int i = 0; i < 3; i++) {
		size_t n = 0;
		t0 = now_s();
		assert_int_equal(promparse_response(b, len, count_only, &n, &r), 0);
		double t = now_s() - t0;
		t_parse = t < t_parse ? t : t_parse;
		assert_int_equal(n, 100000);
	}
	assert_int_equal(r.nseries, 100000);
	assert_int_equal(r.nsamples, 100000);

	Site *site = site_new("big");
	assert_non_null(site);
	SourceId src = site_source_add(site, "prometheus", "prometheus", 60);
	DcgmIngest in = {.site = site, .src = src, .now = 1795320694, .field = GF_TEMP_C};
	t0 = now_s();
	assert_int_equal(promparse_response(b, len, dcgm_ingest_sample, &in, &r), 0);
	double t_ingest = now_s() - t0;
	assert_int_equal(in.counts[DCGM_APPLIED], 100000);
	/* again, into the nodes that now exist: the steady state */
	in.now++;
	t0 = now_s();
	assert_int_equal(promparse_response(b, len, dcgm_ingest_sample, &in, &r), 0);
	double t_ingest2 = now_s() - t0;
	assert_int_equal(in.counts[DCGM_APPLIED], 200000);

	const SiteView *v = site_view(site);
	assert_int_equal(v->nnodes, 12500);
	assert_int_equal(v->ngpus, 100000);
	for (int32_t g = 0; g < v->ngpus; g++)
		assert_true(val_known(v->gpus[g].temp_c) && v->gpus[g].temp_c.at == 1795320695);
	int32_t n1 = site_node_find(site, "gpu00001");
	assert_true(n1 >= 0);
	assert_true(v->gpus[site_gpu_find(site, n1, 0)].temp_c.v == 37);
	assert_true(v->gpus[site_gpu_find(site, n1, 1)].temp_c.v == 50);
	site_free(site);

	t0 = now_s();
	cJSON *tree = cJSON_ParseWithLength(b, len);
	double t_cjson = now_s() - t0;
	assert_non_null(tree);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(cJSON_GetObjectItem(tree, "data"), "result")),
	                 100000);
	cJSON_Delete(tree);

	printf("100k GPUs, %zu bytes: tokenizer pass %.1f ms (%zu tokens), promparse %.1f ms (%.0f MB/s), "
	       "ingest %.1f ms (new nodes) / %.1f ms (existing), cJSON_Parse %.1f ms\n",
	       len, t_pass * 1e3, ntok, t_parse * 1e3, (double)len / t_parse / 1e6, t_ingest * 1e3,
	       t_ingest2 * 1e3, t_cjson * 1e3);
	free(b);

	b = gunzip(FIX "large-100k-gpus/query-instant-max-by-hostname-12500.json.gz", &len);
	size_t n = 0;
	assert_int_equal(promparse_response(b, len, count_only, &n, &r), 0);
	assert_int_equal(n, 12500);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_instant_gpu_temp),
		cmocka_unit_test(test_instant_small_ones),
		cmocka_unit_test(test_range_gpu_util),
		cmocka_unit_test(test_range_backfilled),
		cmocka_unit_test(test_error_response),
		cmocka_unit_test(test_aicr_pretty_printed),
		cmocka_unit_test(test_special_values),
		cmocka_unit_test(test_label_escapes),
		cmocka_unit_test(test_warnings_scalar_order),
		cmocka_unit_test(test_truncated_everywhere),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_huge_labels),
		cmocka_unit_test(test_huge_value_bound),
		cmocka_unit_test(test_dcgm_fields),
		cmocka_unit_test(test_dcgm_apply),
		cmocka_unit_test(test_100k_gpus),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
