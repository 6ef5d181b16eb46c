/* Unit tests for util/pollset.c: growth, the earliest deadline, timeouts. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "util/pollset.h"

static void test_init_and_reset(void **state)
{
	(void)state;
	PollSet ps;
	pollset_init(&ps);
	assert_int_equal(ps.n, 0);
	assert_int_equal(ps.cap, 0);
	assert_null(ps.fds);
	assert_true(ps.deadline_ms == POLLSET_NO_DEADLINE);
	assert_int_equal(pollset_add(&ps, 3, POLLIN), 0);
	pollset_deadline(&ps, 500);
	pollset_reset(&ps);
	assert_int_equal(ps.n, 0);
	assert_true(ps.deadline_ms == POLLSET_NO_DEADLINE);
	assert_true(ps.cap >= 1); /* keeps its array for the next turn */
	assert_int_equal(pollset_add(&ps, 9, POLLOUT), 0);
	assert_int_equal(ps.fds[0].fd, 9);
	pollset_free(&ps);
	assert_null(ps.fds);
	assert_int_equal(ps.n, 0);
}

static void test_add_grows(void **state)
{
	(void)state;
	PollSet ps;
	pollset_init(&ps);
	for (int i = 0; i < 1000; i++) {
		short ev = (i % 2) ? POLLIN : (short)(POLLIN | POLLOUT);
		assert_int_equal(pollset_add(&ps, 100 + i, ev), i);
		ps.fds[i].revents = POLLERR; /* poll() would write here */
	}
	assert_int_equal(ps.n, 1000);
	assert_true(ps.cap >= 1000);
	for (int i = 0; i < 1000; i++) {
		assert_int_equal(ps.fds[i].fd, 100 + i);
		assert_int_equal(ps.fds[i].events, (i % 2) ? POLLIN : (POLLIN | POLLOUT));
	}
	/* a fresh add starts with revents cleared */
	pollset_reset(&ps);
	ps.fds[0].revents = POLLHUP;
	assert_int_equal(pollset_add(&ps, 7, POLLIN), 0);
	assert_int_equal(ps.fds[0].revents, 0);
	pollset_free(&ps);
}

static void test_deadline_keeps_earliest(void **state)
{
	(void)state;
	PollSet ps;
	pollset_init(&ps);
	pollset_deadline(&ps, 5000);
	assert_true(ps.deadline_ms == 5000);
	pollset_deadline(&ps, 9000);
	assert_true(ps.deadline_ms == 5000);
	pollset_deadline(&ps, 1200);
	assert_true(ps.deadline_ms == 1200);
	pollset_deadline(&ps, 1200);
	assert_true(ps.deadline_ms == 1200);
	pollset_deadline(&ps, POLLSET_NO_DEADLINE);
	assert_true(ps.deadline_ms == 1200);
	pollset_deadline(&ps, -50);
	assert_true(ps.deadline_ms == -50);
	pollset_free(&ps);
}

static void test_timeout(void **state)
{
	(void)state;
	PollSet ps;
	pollset_init(&ps);
	/* no deadline: forever, or the cap */
	assert_int_equal(pollset_timeout(&ps, 1000, -1), -1);
	assert_int_equal(pollset_timeout(&ps, 1000, 250), 250);
	assert_int_equal(pollset_timeout(&ps, 1000, 0), 0);

	pollset_deadline(&ps, 1500);
	assert_int_equal(pollset_timeout(&ps, 1000, -1), 500);
	assert_int_equal(pollset_timeout(&ps, 1000, 10000), 500);
	assert_int_equal(pollset_timeout(&ps, 1000, 200), 200);
	assert_int_equal(pollset_timeout(&ps, 1000, 0), 0);
	/* exactly now and passed: 0 */
	assert_int_equal(pollset_timeout(&ps, 1500, -1), 0);
	assert_int_equal(pollset_timeout(&ps, 99999, -1), 0);
	assert_int_equal(pollset_timeout(&ps, 99999, 300), 0);
	pollset_free(&ps);

	/* far away deadlines never overflow an int: capped at an hour */
	pollset_init(&ps);
	pollset_deadline(&ps, INT64_MAX - 1);
	assert_int_equal(pollset_timeout(&ps, 0, -1), 3600 * 1000);
	assert_int_equal(pollset_timeout(&ps, 0, 700), 700);
	pollset_free(&ps);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_and_reset),
		cmocka_unit_test(test_add_grows),
		cmocka_unit_test(test_deadline_keeps_earliest),
		cmocka_unit_test(test_timeout),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
