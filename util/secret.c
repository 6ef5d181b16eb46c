/* Secrets named in the config (env:, file:, cmd:) turned into their values. */
#include "util/secret.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/text.h"

#define SECRET_READ_MAX (64 * 1024) /* bytes read from a file or command */
#define SECRET_ERRLINE 160          /* first stderr line kept */

bool secret_is_ref(const char *spec)
{
	return spec && (strncmp(spec, "env:", 4) == 0 || strncmp(spec, "file:", 5) == 0 ||
	                strncmp(spec, "cmd:", 4) == 0);
}

/* The reference itself, made safe and short enough to quote. */
static const char *secret_quote(char *buf, size_t len, const char *s)
{
	text_sanitize(buf, len, s);
	return buf;
}

/* Copy the first line of data[0..n) into out; 0, or -1 when it is empty or
 * does not fit. what names the source for the message. */
static int secret_first_line(const char *data, size_t n, const char *what,
                             char *out, size_t outlen, char *err, size_t errlen)
{
	const char *nl = memchr(data, '\n', n);
	size_t len = nl ? (size_t)(nl - data) : n;
	if (len > 0 && data[len - 1] == '\r')
		len--;
	if (len == 0) {
		snprintf(err, errlen, "%s gave an empty secret", what);
		return -1;
	}
	if (memchr(data, '\0', len)) {
		snprintf(err, errlen, "%s gave a secret with a NUL byte", what);
		return -1;
	}
	if (len >= outlen) {
		snprintf(err, errlen, "%s gave a secret longer than %zu bytes", what, outlen - 1);
		return -1;
	}
	memcpy(out, data, len);
	out[len] = '\0';
	return 0;
}

static int secret_env(const char *name, char *out, size_t outlen, char *err, size_t errlen)
{
	char q[80], what[120];
	secret_quote(q, sizeof q, name);
	if (!*name) {
		snprintf(err, errlen, "env: needs a variable name (env:NAME)");
		return -1;
	}
	const char *v = getenv(name);
	if (!v) {
		snprintf(err, errlen, "environment variable %s is not set", q);
		return -1;
	}
	snprintf(what, sizeof what, "environment variable %s", q);
	return secret_first_line(v, strlen(v), what, out, outlen, err, errlen);
}

static int secret_file(const char *path, char *out, size_t outlen, char *err, size_t errlen)
{
	char full[4096], q[200], what[240];
	if (!*path) {
		snprintf(err, errlen, "file: needs a path (file:PATH)");
		return -1;
	}
	const char *home = getenv("HOME");
	if (strncmp(path, "~/", 2) == 0 && home && *home)
		snprintf(full, sizeof full, "%s/%s", home, path + 2);
	else
		snprintf(full, sizeof full, "%s", path);
	secret_quote(q, sizeof q, full);
	snprintf(what, sizeof what, "secret file %s", q);

	int fd = open(full, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		snprintf(err, errlen, "cannot open secret file %s: %s", q, strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "secret file %s is not a regular file", q);
		close(fd);
		return -1;
	}
	if (st.st_mode & 077) {
		snprintf(err, errlen, "secret file %s may be read by group or others (mode %04o); "
		         "run chmod 600 %s", q, (unsigned)(st.st_mode & 07777), q);
		close(fd);
		return -1;
	}
	char *buf = malloc(SECRET_READ_MAX);
	if (!buf) {
		close(fd);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	size_t n = 0;
	while (n < SECRET_READ_MAX && !memchr(buf, '\n', n)) {
		ssize_t r = read(fd, buf + n, SECRET_READ_MAX - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(err, errlen, "cannot read secret file %s: %s", q, strerror(errno));
			close(fd);
			explicit_bzero(buf, n);
			free(buf);
			return -1;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	int rc = secret_first_line(buf, n, what, out, outlen, err, errlen);
	explicit_bzero(buf, n);
	free(buf);
	return rc;
}

static long long secret_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The child: stdin from /dev/null, stdout and stderr to the pipes, in a
 * process group of its own so that a timeout kills everything it started. */
static void secret_child(const char *cmd, int outfd, int errfd)
{
	setpgid(0, 0);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	sigaction(SIGPIPE, &dfl, NULL);
	int in = open("/dev/null", O_RDONLY);
	if (in < 0 || dup2(in, 0) < 0 || dup2(outfd, 1) < 0 || dup2(errfd, 2) < 0)
		_exit(126);
	execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
	_exit(127);
}

/* Read what is ready on fd into buf (keeping at most cap bytes, dropping
 * the rest). Returns 1 at end of file or error, else 0. */
static int secret_drain(int fd, char *buf, size_t cap, size_t *n)
{
	char scratch[4096];
	for (;;) {
		char *dst = *n < cap ? buf + *n : scratch;
		size_t room = *n < cap ? cap - *n : sizeof scratch;
		ssize_t r = read(fd, dst, room);
		if (r > 0) {
			if (dst != scratch)
				*n += (size_t)r;
			else
				explicit_bzero(scratch, sizeof scratch);
			continue;
		}
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		return 1;
	}
}

/* Wait for the child's output until both pipes close and it exits, or the
 * deadline passes. Returns 0 with *status set, or -1 on timeout. */
static int secret_wait(pid_t pid, int fds[2], char *outbuf, size_t *outn, char *errbuf,
                       size_t *errn, long long deadline, int *status)
{
	bool open_[2] = { true, true };
	while (open_[0] || open_[1]) {
		long long left = deadline - secret_now_ms();
		if (left <= 0)
			return -1;
		struct pollfd p[2];
		int np = 0, which[2];
		for (int i = 0; i < 2; i++)
			if (open_[i]) {
				p[np] = (struct pollfd){ .fd = fds[i], .events = POLLIN };
				which[np++] = i;
			}
		int r = poll(p, (nfds_t)np, (int)(left > 1000 ? 1000 : left));
		if (r < 0 && errno != EINTR)
			return -1;
		for (int k = 0; r > 0 && k < np; k++) {
			if (!p[k].revents)
				continue;
			int i = which[k];
			int eof = i == 0 ? secret_drain(fds[0], outbuf, SECRET_READ_MAX, outn)
			                 : secret_drain(fds[1], errbuf, SECRET_ERRLINE, errn);
			if (eof)
				open_[i] = false;
		}
	}
	for (;;) {
		pid_t w = waitpid(pid, status, WNOHANG);
		if (w == pid)
			return 0;
		if (w < 0 && errno != EINTR) {
			*status = -1; /* SIGCHLD ignored: the status is lost */
			return 0;
		}
		if (secret_now_ms() >= deadline)
			return -1;
		struct timespec ts = { 0, 10 * 1000000 };
		nanosleep(&ts, NULL);
	}
}

static int secret_cmd(const char *cmd, int timeout_ms, char *out, size_t outlen,
                      char *err, size_t errlen)
{
	char q[120], what[160];
	secret_quote(q, sizeof q, cmd);
	snprintf(what, sizeof what, "command '%s'", q);
	if (!*cmd) {
		snprintf(err, errlen, "cmd: needs a command (cmd:COMMAND)");
		return -1;
	}
	int po[2], pe[2];
	if (pipe(po) != 0) {
		snprintf(err, errlen, "%s: pipe: %s", what, strerror(errno));
		return -1;
	}
	if (pipe(pe) != 0) {
		snprintf(err, errlen, "%s: pipe: %s", what, strerror(errno));
		close(po[0]);
		close(po[1]);
		return -1;
	}
	for (int i = 0; i < 2; i++) {
		fcntl(po[i], F_SETFD, FD_CLOEXEC);
		fcntl(pe[i], F_SETFD, FD_CLOEXEC);
	}
	char *outbuf = malloc(SECRET_READ_MAX);
	if (!outbuf) {
		snprintf(err, errlen, "out of memory");
		close(po[0]); close(po[1]); close(pe[0]); close(pe[1]);
		return -1;
	}
	pid_t pid = fork();
	if (pid == 0)
		secret_child(cmd, po[1], pe[1]);
	close(po[1]);
	close(pe[1]);
	if (pid < 0) {
		snprintf(err, errlen, "%s: fork: %s", what, strerror(errno));
		close(po[0]);
		close(pe[0]);
		free(outbuf);
		return -1;
	}
	setpgid(pid, pid); /* the child does the same; whichever runs first */
	fcntl(po[0], F_SETFL, O_NONBLOCK);
	fcntl(pe[0], F_SETFL, O_NONBLOCK);

	char errbuf[SECRET_ERRLINE + 1];
	size_t outn = 0, errn = 0;
	int status = 0, fds[2] = { po[0], pe[0] };
	long long deadline = secret_now_ms() + (timeout_ms > 0 ? timeout_ms : 1);
	int rc = secret_wait(pid, fds, outbuf, &outn, errbuf, &errn, deadline, &status);
	close(po[0]);
	close(pe[0]);
	if (rc != 0) {
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		snprintf(err, errlen, "%s did not finish within %d.%d s and was killed", what,
		         timeout_ms / 1000, timeout_ms % 1000 / 100);
	} else if (status != -1 && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
		errbuf[errn] = '\0';
		char *nl = strchr(errbuf, '\n');
		if (nl)
			*nl = '\0';
		char line[SECRET_ERRLINE + 1];
		text_sanitize(line, sizeof line, errbuf);
		char how[48];
		if (WIFEXITED(status))
			snprintf(how, sizeof how, "exited with status %d", WEXITSTATUS(status));
		else
			snprintf(how, sizeof how, "was killed by signal %d", WTERMSIG(status));
		snprintf(err, errlen, "%s %s%s%s", what, how, line[0] ? ": " : "", line);
		rc = -1;
	} else {
		rc = secret_first_line(outbuf, outn, what, out, outlen, err, errlen);
	}
	explicit_bzero(outbuf, outn);
	free(outbuf);
	return rc;
}

int secret_resolve_timeout(const char *spec, int timeout_ms, char *out, size_t outlen,
                           char *err, size_t errlen)
{
	if (errlen)
		err[0] = '\0';
	if (!out || outlen == 0) {
		snprintf(err, errlen, "no room for the secret");
		return -1;
	}
	out[0] = '\0';
	if (!spec)
		spec = "";
	int rc;
	if (strncmp(spec, "env:", 4) == 0) {
		rc = secret_env(spec + 4, out, outlen, err, errlen);
	} else if (strncmp(spec, "file:", 5) == 0) {
		rc = secret_file(spec + 5, out, outlen, err, errlen);
	} else if (strncmp(spec, "cmd:", 4) == 0) {
		rc = secret_cmd(spec + 4, timeout_ms, out, outlen, err, errlen);
	} else {
		size_t len = strlen(spec);
		if (len >= outlen) {
			snprintf(err, errlen, "secret longer than %zu bytes", outlen - 1);
			rc = -1;
		} else {
			memcpy(out, spec, len + 1);
			rc = 0;
		}
	}
	if (rc != 0)
		explicit_bzero(out, outlen);
	return rc;
}

int secret_resolve(const char *spec, char *out, size_t outlen, char *err, size_t errlen)
{
	return secret_resolve_timeout(spec, SECRET_CMD_TIMEOUT_MS, out, outlen, err, errlen);
}
