/* Unit tests for util/text.c: sanitizing server text, copies, formats. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "util/text.h"

static void expect_clean(const char *in, const char *want)
{
	char out[256];
	memset(out, 'X', sizeof out);
	text_sanitize(out, sizeof out, in);
	if (strcmp(out, want) != 0)
		fail_msg("sanitize(\"%s\"): got \"%s\", want \"%s\"", in, out, want);
	assert_true(text_is_clean(out));
	for (const unsigned char *p = (const unsigned char *)out; *p; p++)
		assert_true(*p >= 0x20 && *p != 0x7F);
}

static void test_keeps_valid(void **state)
{
	(void)state;
	expect_clean("Ørsta", "Ørsta");
	expect_clean("inlet 24.5°C", "inlet 24.5°C");
	expect_clean("Ελλάδα Москва", "Ελλάδα Москва");
	expect_clean("gpu[00001-00064]", "gpu[00001-00064]");
	expect_clean("", "");
	char out[8] = "junk";
	assert_string_equal(text_sanitize(out, sizeof out, NULL), "");
	assert_true(text_is_clean("Ørsta °C"));
	assert_true(text_is_clean(""));
}

static void test_replaces_controls(void **state)
{
	(void)state;
	expect_clean("a\x01" "b", "a?b");
	expect_clean("a\x7f" "b", "a?b");
	expect_clean("a\a\bb", "a??b");
	expect_clean("tab\there\nnl\rcr", "tab here nl cr");
	expect_clean("a\xc2\x85" "b", "a?b");          /* U+0085 NEL, C1 */
	expect_clean("\xc2\x9b" "31m", "?31m");         /* U+009B CSI, C1 */
	/* ESC never survives; what followed it is plain text */
	expect_clean("\x1b[31mred\x1b[0m", "?[31mred?[0m");
	expect_clean("\x1b]0;title\x07", "?]0;title?");
	assert_false(text_is_clean("\x1b[2J"));
	assert_false(text_is_clean("a\tb"));
	assert_false(text_is_clean("a\x7f"));
	assert_false(text_is_clean("a\xc2\x85"));
}

static void test_replaces_invalid_utf8(void **state)
{
	(void)state;
	expect_clean("a\xff" "b", "a?b");
	expect_clean("a\x80" "b", "a?b");               /* lone continuation */
	expect_clean("\xc0\xaf", "??");                 /* overlong '/' */
	expect_clean("\xe0\x80\xaf", "???");            /* overlong, 3 bytes */
	expect_clean("\xf0\x80\x80\xaf", "????");       /* overlong, 4 bytes */
	expect_clean("\xed\xa0\x80", "???");            /* surrogate U+D800 */
	expect_clean("\xf4\x90\x80\x80", "????");       /* above U+10FFFF */
	expect_clean("ab\xe2\x82", "ab??");             /* truncated sequence */
	expect_clean("\xc3" "A", "?A");                 /* lead byte then ASCII */
	assert_false(text_is_clean("\xc0\xaf"));
	assert_false(text_is_clean("\xed\xa0\x80"));
	assert_false(text_is_clean("ab\xe2\x82"));
}

static void test_replaces_invisible_and_wide(void **state)
{
	(void)state;
	expect_clean("evil\xe2\x80\xae" "txt.exe", "evil?txt.exe");  /* U+202E RLO */
	expect_clean("a\xe2\x80\x8b" "b", "a?b");                    /* U+200B ZWSP */
	expect_clean("a\xe2\x81\xa6" "b", "a?b");                    /* U+2066 LRI */
	expect_clean("\xef\xbb\xbf" "x", "?x");                      /* BOM */
	expect_clean("a\xc2\xad" "b", "a?b");                        /* soft hyphen */
	expect_clean("机房", "??");                                   /* wide CJK */
	expect_clean("\xf0\x9f\x94\xa5", "?");                       /* emoji */
	expect_clean("e\xcc\x81", "e?");                             /* combining acute */
	assert_false(text_is_clean("a\xe2\x80\xae"));
	assert_false(text_is_clean("机"));
}

static void test_truncation(void **state)
{
	(void)state;
	char out[16];
	/* "aØb": Ø is two bytes; never split it */
	assert_string_equal(text_sanitize(out, 5, "aØb"), "aØb");
	assert_string_equal(text_sanitize(out, 4, "aØb"), "aØ");
	assert_string_equal(text_sanitize(out, 3, "aØb"), "a");
	assert_string_equal(text_sanitize(out, 2, "aØb"), "a");
	assert_string_equal(text_sanitize(out, 1, "aØb"), "");
	/* three-byte characters */
	assert_string_equal(text_sanitize(out, 5, "°C°C"), "°C");
	assert_string_equal(text_sanitize(out, 7, "€€€"), "€€");
	/* dstlen 0 writes nothing */
	out[0] = 'Z';
	text_sanitize(out, 0, "abc");
	assert_int_equal(out[0], 'Z');
	/* every cut of a mixed string is valid and a prefix of the whole */
	const char *src = "Ørsta-H1 °C € \x1b[1m 机 x";
	char whole[64];
	text_sanitize(whole, sizeof whole, src);
	for (size_t n = 1; n <= sizeof whole; n++) {
		char cut[64];
		text_sanitize(cut, n, src);
		assert_true(strlen(cut) < n);
		assert_true(text_is_clean(cut));
		assert_memory_equal(cut, whole, strlen(cut));
	}
	/* _n: not NUL-terminated input */
	const char raw[] = { 'a', 'b', 'c', 'd' };
	assert_string_equal(text_sanitize_n(out, sizeof out, raw, 3), "abc");
	assert_string_equal(text_sanitize_n(out, sizeof out, "\xc3\x98x", 1), "?");
}

static void test_copy(void **state)
{
	(void)state;
	char out[6];
	assert_int_equal(text_copy(out, sizeof out, "hello"), 5);
	assert_string_equal(out, "hello");
	assert_int_equal(text_copy(out, sizeof out, "hello world"), 11);
	assert_string_equal(out, "hello");
	assert_int_equal(text_copy(out, 1, "abc"), 3);
	assert_string_equal(out, "");
	out[0] = 'Q';
	assert_int_equal(text_copy(out, 0, "abc"), 3);
	assert_int_equal(out[0], 'Q');
	assert_int_equal(text_copy(out, sizeof out, ""), 0);
	assert_string_equal(out, "");
}

static void test_contains_ci(void **state)
{
	(void)state;
	assert_true(text_contains_ci("GPU00042", "gpu000"));
	assert_true(text_contains_ci("node gpu00042 down", "00042 DOWN"));
	assert_true(text_contains_ci("abc", ""));
	assert_true(text_contains_ci("", ""));
	assert_true(text_contains_ci("aaab", "aab"));
	assert_false(text_contains_ci("", "a"));
	assert_false(text_contains_ci("gpu0004", "gpu00042"));
	assert_false(text_contains_ci("H1-R03", "r04"));
}

static void expect_watts(double w, const char *want)
{
	char buf[32];
	text_watts(buf, sizeof buf, w);
	if (strcmp(buf, want) != 0)
		fail_msg("text_watts(%g): \"%s\", want \"%s\"", w, buf, want);
}

static void test_watts(void **state)
{
	(void)state;
	expect_watts(0, "0 W");
	expect_watts(850, "850 W");
	expect_watts(999.4, "999 W");
	expect_watts(999.6, "1.0 kW");
	expect_watts(1000, "1.0 kW");
	expect_watts(12345, "12.3 kW");
	expect_watts(999940, "999.9 kW");
	expect_watts(999960, "1.0 MW");
	expect_watts(231.4e6, "231.4 MW");
	expect_watts(999.96e6, "1.00 GW");
	expect_watts(1.25e9, "1.25 GW");
	expect_watts(-5000, "-5.0 kW");
	expect_watts(NAN, "-");
	char small[4];
	text_watts(small, sizeof small, 231.4e6);
	assert_string_equal(small, "231");
}

static void expect_duration(long long s, const char *want)
{
	char buf[32];
	text_duration(buf, sizeof buf, s);
	if (strcmp(buf, want) != 0)
		fail_msg("text_duration(%lld): \"%s\", want \"%s\"", s, buf, want);
}

static void test_duration(void **state)
{
	(void)state;
	expect_duration(-10, "0s");
	expect_duration(0, "0s");
	expect_duration(3, "3s");
	expect_duration(59, "59s");
	expect_duration(60, "1m");
	expect_duration(4 * 60 + 59, "4m");
	expect_duration(3599, "59m");
	expect_duration(3600, "1h00m");
	expect_duration(2 * 3600 + 5 * 60 + 30, "2h05m");
	expect_duration(86399, "23h59m");
	expect_duration(86400, "1d00h");
	expect_duration(3 * 86400 + 4 * 3600 + 59, "3d04h");
	expect_duration(400 * 86400LL, "400d00h");
}

static void test_distance(void **state)
{
	(void)state;
	assert_int_equal(text_distance("", ""), 0);
	assert_int_equal(text_distance("interval", "interval"), 0);
	assert_int_equal(text_distance("intervall", "interval"), 1);
	assert_int_equal(text_distance("warn", "crit"), 4);
	assert_int_equal(text_distance("abc", ""), 3);
	char longer[80];
	memset(longer, 'a', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	assert_int_equal(text_distance(longer, "a"), 64);
}

int main(void)
{
	/* wcwidth() depends on the locale; the tests expect a UTF-8 one */
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "C.utf8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_distance),
		cmocka_unit_test(test_keeps_valid),
		cmocka_unit_test(test_replaces_controls),
		cmocka_unit_test(test_replaces_invalid_utf8),
		cmocka_unit_test(test_replaces_invisible_and_wide),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_contains_ci),
		cmocka_unit_test(test_watts),
		cmocka_unit_test(test_duration),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
