/* Tests for util/lines.c: splitting, trimming, counting. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "util/lines.h"

static void test_split_and_trim(void **state)
{
	(void)state;
	const char text[] = "\xEF\xBB\xBF  first \r\n\tsecond\t\n\n last";
	size_t pos = 0, n = 0;
	int line = 0;
	const char *s = lines_next(text, sizeof text - 1, &pos, &line, &n);
	assert_non_null(s);
	assert_int_equal(line, 1);
	assert_int_equal(n, 5);
	assert_memory_equal(s, "first", 5);
	s = lines_next(text, sizeof text - 1, &pos, &line, &n);
	assert_int_equal(line, 2);
	assert_int_equal(n, 6);
	assert_memory_equal(s, "second", 6);
	s = lines_next(text, sizeof text - 1, &pos, &line, &n);
	assert_non_null(s);
	assert_int_equal(line, 3);
	assert_int_equal(n, 0);
	s = lines_next(text, sizeof text - 1, &pos, &line, &n);
	assert_int_equal(line, 4);
	assert_int_equal(n, 4);
	assert_memory_equal(s, "last", 4);
	assert_null(lines_next(text, sizeof text - 1, &pos, &line, &n));
	assert_int_equal(line, 4);
}

/* A BOM only counts on the first line; the text need not end in a NUL. */
static void test_bom_only_first(void **state)
{
	(void)state;
	char text[16];
	memcpy(text, "a\n\xEF\xBB\xBF" "b", 6);
	size_t pos = 0, n = 0;
	int line = 0;
	lines_next(text, 6, &pos, &line, &n);
	const char *s = lines_next(text, 6, &pos, &line, &n);
	assert_int_equal(n, 4);
	assert_memory_equal(s, "\xEF\xBB\xBF" "b", 4);
	assert_null(lines_next(text, 6, &pos, &line, &n));
	pos = 0;
	line = 0;
	assert_null(lines_next(text, 0, &pos, &line, &n));
	assert_int_equal(line, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_and_trim),
		cmocka_unit_test(test_bom_only_first),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
