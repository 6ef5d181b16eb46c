/* The set of file descriptors and the deadline the main loop waits on. */
#ifndef NARVIK_POLLSET_H
#define NARVIK_POLLSET_H

#include <poll.h>
#include <stdint.h>

#define POLLSET_NO_DEADLINE INT64_MAX

/* Built afresh every loop turn: each party adds the descriptors it waits on
 * and lowers the deadline (monotonic milliseconds, see clock_mono_ms) to when
 * it next needs to run. The loop owns the array. */
typedef struct {
	struct pollfd *fds;
	int n, cap;
	int64_t deadline_ms;
} PollSet;

void pollset_init(PollSet *ps);
void pollset_free(PollSet *ps);
void pollset_reset(PollSet *ps);                    /* n = 0, no deadline */
int pollset_add(PollSet *ps, int fd, short events); /* index, or -1 on OOM */
void pollset_deadline(PollSet *ps, int64_t at_ms);  /* keeps the earliest */
/* Milliseconds poll() should wait from now: 0 when the deadline passed,
 * -1 for none, capped at max_ms (≥ 0) when max_ms ≥ 0. */
int pollset_timeout(const PollSet *ps, int64_t now_ms, int max_ms);

#endif
