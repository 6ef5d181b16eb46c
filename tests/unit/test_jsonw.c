/* Unit tests for util/jsonw.c: structure, escaping, UTF-8 repair, numbers, misuse. */
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

#include "util/jsonw.h"

/* A writer into memory; finish() returns jsonw_free's result and the text. */
typedef struct {
	char *text;
	size_t len;
	FILE *f;
	JsonW *w;
} Mem;

static JsonW *start(Mem *m, bool pretty)
{
	memset(m, 0, sizeof *m);
	m->f = open_memstream(&m->text, &m->len);
	assert_non_null(m->f);
	m->w = jsonw_new(m->f, pretty);
	assert_non_null(m->w);
	return m->w;
}

static int finish(Mem *m)
{
	int rc = jsonw_free(m->w);
	fclose(m->f);
	return rc;
}

/* The JSON for one string value. */
static void expect_json_string(const char *in, size_t len, const char *want)
{
	Mem m;
	jsonw_string_n(start(&m, false), in, len);
	assert_int_equal(finish(&m), 0);
	assert_string_equal(m.text, want);
	free(m.text);
}

static void test_structure_compact(void **state)
{
	(void)state;
	Mem m;
	JsonW *w = start(&m, false);
	jsonw_object_begin(w);
	jsonw_kv_int(w, "a", 1);
	jsonw_key(w, "b");
	jsonw_array_begin(w);
	jsonw_int(w, -2);
	jsonw_bool(w, true);
	jsonw_bool(w, false);
	jsonw_null(w);
	jsonw_object_begin(w);
	jsonw_object_end(w);
	jsonw_array_begin(w);
	jsonw_array_end(w);
	jsonw_array_end(w);
	jsonw_kv_string(w, "c", "x");
	jsonw_kv_string(w, "d", NULL);
	assert_int_equal(jsonw_depth(w), 1);
	jsonw_object_end(w);
	assert_false(jsonw_error(w));
	assert_int_equal(finish(&m), 0);
	assert_string_equal(m.text, "{\"a\":1,\"b\":[-2,true,false,null,{},[]],\"c\":\"x\",\"d\":null}");
	free(m.text);
}

static void test_structure_pretty(void **state)
{
	(void)state;
	Mem m;
	JsonW *w = start(&m, true);
	jsonw_object_begin(w);
	jsonw_kv_int(w, "a", 1);
	jsonw_key(w, "b");
	jsonw_array_begin(w);
	jsonw_int(w, 2);
	jsonw_array_begin(w);
	jsonw_array_end(w);
	jsonw_array_end(w);
	jsonw_object_end(w);
	assert_int_equal(finish(&m), 0);
	assert_string_equal(m.text, "{\n  \"a\": 1,\n  \"b\": [\n    2,\n    []\n  ]\n}\n");
	free(m.text);
}

static void test_escaping(void **state)
{
	(void)state;
	expect_json_string("plain", 5, "\"plain\"");
	expect_json_string("q\"b\\s/", 6, "\"q\\\"b\\\\s/\"");
	expect_json_string("\n\r\t\b\f", 5, "\"\\n\\r\\t\\b\\f\"");
	expect_json_string("\x1b[31mred", 8, "\"\\u001b[31mred\"");
	expect_json_string("\x01\x1f\x7f", 3, "\"\\u0001\\u001f\\u007f\"");
	expect_json_string("a\0b", 3, "\"a\\u0000b\"");
	/* valid UTF-8 kept: é, €, 😀 */
	expect_json_string("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 9, "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"");
	/* a key is escaped too */
	Mem m;
	JsonW *w = start(&m, false);
	jsonw_object_begin(w);
	jsonw_kv_bool(w, "k\"\x1b", true);
	jsonw_object_end(w);
	assert_int_equal(finish(&m), 0);
	assert_string_equal(m.text, "{\"k\\\"\\u001b\":true}");
	free(m.text);
}

static void test_invalid_utf8(void **state)
{
	(void)state;
#define FFFD "\xef\xbf\xbd"
	expect_json_string("a\xff" "b", 3, "\"a" FFFD "b\"");            /* bad lead byte */
	expect_json_string("\x80", 1, "\"" FFFD "\"");                   /* lone continuation */
	expect_json_string("\xc3", 1, "\"" FFFD "\"");                   /* truncated */
	expect_json_string("\xc3(", 2, "\"" FFFD "(\"");                 /* bad continuation */
	expect_json_string("\xc0\xaf", 2, "\"" FFFD FFFD "\"");          /* overlong '/' */
	expect_json_string("\xe0\x80\xaf", 3, "\"" FFFD FFFD FFFD "\""); /* overlong, 3 bytes */
	expect_json_string("\xed\xa0\x80", 3, "\"" FFFD FFFD FFFD "\""); /* surrogate D800 */
	expect_json_string("\xf4\x90\x80\x80", 4, "\"" FFFD FFFD FFFD FFFD "\""); /* > U+10FFFF */
	expect_json_string("\xe2\x82", 2, "\"" FFFD FFFD "\"");          /* cut short at the end */
#undef FFFD
}

static void expect_json_number(double x, bool as_float, const char *want)
{
	Mem m;
	JsonW *w = start(&m, false);
	if (as_float)
		jsonw_float(w, (float)x);
	else
		jsonw_number(w, x);
	assert_int_equal(finish(&m), 0);
	assert_string_equal(m.text, want);
	free(m.text);
}

static void test_numbers(void **state)
{
	(void)state;
	expect_json_number(NAN, false, "null");
	expect_json_number(INFINITY, false, "null");
	expect_json_number(-INFINITY, true, "null");
	expect_json_number(NAN, true, "null");
	expect_json_number(42, false, "42");
	expect_json_number(-3, true, "-3");
	expect_json_number(0.5, false, "0.5");
	expect_json_number(85.1, true, "85.1");
	expect_json_number(233.1e6, true, "233100000");
	expect_json_number(1e300, false, "1e+300");
	Mem m;
	JsonW *w = start(&m, false);
	jsonw_array_begin(w);
	jsonw_int(w, INT64_MIN);
	jsonw_uint(w, UINT64_MAX);
	jsonw_int(w, 0);
	jsonw_array_end(w);
	assert_int_equal(finish(&m), 0);
	assert_string_equal(m.text, "[-9223372036854775808,18446744073709551615,0]");
	free(m.text);
}

static void test_misuse(void **state)
{
	(void)state;
	Mem m;
	JsonW *w = start(&m, false);
	jsonw_object_begin(w);
	jsonw_int(w, 1); /* value without a key */
	assert_true(jsonw_error(w));
	jsonw_object_end(w);
	assert_int_equal(finish(&m), -1);
	free(m.text);

	w = start(&m, false);
	jsonw_array_begin(w);
	jsonw_key(w, "k"); /* key in an array */
	jsonw_object_end(w); /* wrong end */
	jsonw_array_end(w);
	assert_true(jsonw_error(w));
	assert_int_equal(finish(&m), -1);
	free(m.text);

	w = start(&m, false); /* unfinished */
	jsonw_array_begin(w);
	assert_int_equal(finish(&m), -1);
	free(m.text);

	w = start(&m, false); /* two top-level values */
	jsonw_int(w, 1);
	jsonw_int(w, 2);
	assert_int_equal(finish(&m), -1);
	assert_string_equal(m.text, "1");
	free(m.text);

	w = start(&m, false); /* depth cap */
	for (int i = 0; i < JSONW_DEPTH; i++)
		jsonw_array_begin(w);
	assert_false(jsonw_error(w));
	jsonw_array_begin(w);
	assert_true(jsonw_error(w));
	for (int i = 0; i < JSONW_DEPTH; i++)
		jsonw_array_end(w);
	assert_int_equal(jsonw_depth(w), 0);
	assert_int_equal(finish(&m), -1);
	free(m.text);
	assert_int_equal(jsonw_free(NULL), -1);
}

/* Larger than the writer's buffer, including one string larger than it. */
static void test_large(void **state)
{
	(void)state;
	size_t big = 200000;
	char *s = malloc(big + 1);
	assert_non_null(s);
	memset(s, 'x', big);
	s[big] = '\0';
	Mem m;
	JsonW *w = start(&m, false);
	jsonw_array_begin(w);
	for (int i = 0; i < 100000; i++)
		jsonw_int(w, i);
	jsonw_string(w, s);
	jsonw_array_end(w);
	assert_int_equal(finish(&m), 0);
	assert_int_equal(m.text[0], '[');
	assert_int_equal(m.len, 588890 + 1 + big + 2 + 1);
	assert_int_equal(m.text[m.len - 1], ']');
	assert_int_equal(m.text[m.len - 2], '"');
	free(m.text);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_structure_compact),
		cmocka_unit_test(test_structure_pretty),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_misuse),
		cmocka_unit_test(test_large),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
