/* Test support: run a helper server as a child and read its ready line. */
#include "tests/support/child.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/clock.h"

pid_t child_start(char *const argv[], char *line, size_t len, int timeout_ms)
{
	int p[2];
	if (len == 0 || pipe(p) < 0)
		return -1;
	line[0] = '\0';
	pid_t pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		dup2(p[1], 1);
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0)
			dup2(null, 2);
		close(p[0]);
		close(p[1]);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(p[1]);
	size_t n = 0;
	int64_t end = clock_mono_ms() + timeout_ms;
	while (n < len - 1 && clock_mono_ms() < end) {
		struct pollfd pfd = { .fd = p[0], .events = POLLIN };
		if (poll(&pfd, 1, 200) <= 0)
			continue;
		if (read(p[0], line + n, 1) <= 0 || line[n] == '\n')
			break;
		n++;
	}
	line[n] = '\0';
	close(p[0]);
	if (n == 0) {
		child_stop(pid);
		return -1;
	}
	return pid;
}

void child_stop(pid_t pid)
{
	if (pid <= 0)
		return;
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

const char *child_srcdir(void)
{
	const char *s = getenv("NARVIK_SRCDIR");
	return s && *s ? s : ".";
}
