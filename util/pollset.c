/* The descriptors and deadline the main loop waits on. */
#include "util/pollset.h"

#include <stdlib.h>

void pollset_init(PollSet *ps)
{
	ps->fds = NULL;
	ps->n = ps->cap = 0;
	ps->deadline_ms = POLLSET_NO_DEADLINE;
}

void pollset_free(PollSet *ps)
{
	free(ps->fds);
	pollset_init(ps);
}

void pollset_reset(PollSet *ps)
{
	ps->n = 0;
	ps->deadline_ms = POLLSET_NO_DEADLINE;
}

int pollset_add(PollSet *ps, int fd, short events)
{
	if (ps->n == ps->cap) {
		int cap = ps->cap ? ps->cap * 2 : 16;
		struct pollfd *p = realloc(ps->fds, (size_t)cap * sizeof *p);
		if (!p)
			return -1;
		ps->fds = p;
		ps->cap = cap;
	}
	ps->fds[ps->n].fd = fd;
	ps->fds[ps->n].events = events;
	ps->fds[ps->n].revents = 0;
	return ps->n++;
}

void pollset_deadline(PollSet *ps, int64_t at_ms)
{
	if (at_ms < ps->deadline_ms)
		ps->deadline_ms = at_ms;
}

int pollset_timeout(const PollSet *ps, int64_t now_ms, int max_ms)
{
	if (ps->deadline_ms == POLLSET_NO_DEADLINE)
		return max_ms >= 0 ? max_ms : -1;
	int64_t d = ps->deadline_ms - now_ms;
	if (d < 0)
		d = 0;
	if (max_ms >= 0 && d > max_ms)
		d = max_ms;
	if (d > 1000 * 3600)
		d = 1000 * 3600;
	return (int)d;
}
