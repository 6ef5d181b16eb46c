/* The application: sites and their sources, the one loop, keys. */
#include "tui/app.h"
#include "tui/setup.h"
#include "tui/keys.h"
#include "tui/frame.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui/layout.h"
#include "util/clock.h"
#include "util/log.h"

/* The self-pipe's write end, for the signal handler: the one piece of
 * state a handler can reach. */
static volatile sig_atomic_t sig_fd = -1;

static void on_signal(int sig)
{
	int saved = errno;
	unsigned char b = (unsigned char)sig;
	if (sig_fd >= 0)
		(void)!write(sig_fd, &b, 1);
	errno = saved;
}

static int setup_signals(App *a)
{
	if (pipe(a->sigpipe) < 0)
		return -1;
	for (int i = 0; i < 2; i++) {
		fcntl(a->sigpipe[i], F_SETFL, fcntl(a->sigpipe[i], F_GETFL) | O_NONBLOCK);
		fcntl(a->sigpipe[i], F_SETFD, FD_CLOEXEC);
	}
	sig_fd = a->sigpipe[1];
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGWINCH, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGCONT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

int app_init(App *a, const AppOptions *opt, char *err, size_t errlen)
{
	memset(a, 0, sizeof *a);
	a->opt = *opt;
	a->sigpipe[0] = a->sigpipe[1] = -1;
	a->refresh_ms = 1000;
	a->view = PANEL_OVERVIEW;
	a->next_action_id = 1;
	pollset_init(&a->ps);
	keymap_default(&a->km);
	char host[64] = "localhost";
	gethostname(host, sizeof host - 1);
	const char *user = getenv("USER");
	snprintf(a->operator_id, sizeof a->operator_id, "%s@%s", user && *user ? user : "unknown", host);
	if (opt->log_path && log_open(opt->log_path) < 0) {
		snprintf(err, errlen, "%s: cannot open log: %s", opt->log_path, strerror(errno));
		return -1;
	}
	if (setup_signals(a) < 0) {
		snprintf(err, errlen, "cannot create the signal pipe: %s", strerror(errno));
		return -1;
	}
	if (setup_sites(a, err, errlen) < 0)
		return -1;
	for (int i = 0; i < a->nsites; i++)
		a->site_ptrs[i] = a->sites[i].site;
	for (int p = 0; p < PANEL_COUNT; p++) {
		a->pstate[p] = panel_table[p]->create();
		if (!a->pstate[p]) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
	}
	if (a->nsites > 1)
		a->view = PANEL_FLEET;
	return 0;
}

void app_free(App *a)
{
	for (int i = 0; i < a->nsites; i++) {
		AppSite *s = &a->sites[i];
		for (int c = 0; c < s->nconns; c++)
			s->conns[c].ops->destroy(s->conns[c].self);
		alerts_free(s->alerts);
		site_free(s->site);
		free(s->marked);
	}
	for (int p = 0; p < PANEL_COUNT; p++)
		if (a->pstate[p])
			panel_table[p]->destroy(a->pstate[p]);
	hostmatch_free(a->filter_match);
	free(a->pending.nodes);
	theme_free(a->theme);
	canvas_free(&a->cv);
	screen_free(a->sc);
	pollset_free(&a->ps);
	sig_fd = -1;
	for (int i = 0; i < 2; i++)
		if (a->sigpipe[i] >= 0)
			close(a->sigpipe[i]);
	log_close();
}

void app_say(App *a, uint8_t role, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->status, sizeof a->status, fmt, ap);
	va_end(ap);
	a->status_role = role;
	a->status_until_ms = clock_mono_ms() + 6000;
	a->dirty = true;
	log_debug("%s", a->status);
}

PanelCtx app_ctx(const App *a)
{
	const AppSite *s = &a->sites[a->cur];
	PanelCtx c;
	memset(&c, 0, sizeof c);
	c.site = s->site;
	c.v = site_view(s->site);
	c.sites = a->site_ptrs;
	c.nsites = a->nsites;
	c.current = a->cur;
	c.now = c.v->now ? c.v->now : clock_wall_s();
	c.filter = a->filter_match;
	c.filter_text = a->filter;
	c.marked = s->marked;
	c.gpu_temp_warn = s->acfg.gpu_temp_warn_c;
	c.gpu_temp_crit = s->acfg.gpu_temp_crit_c;
	return c;
}

void app_apply_theme(App *a)
{
	if (!a->sc)
		return;
	const char *acc = a->sites[a->cur].accent;
	Theme *tmp = NULL;
	if (acc[0] && (tmp = theme_copy(a->theme)) != NULL) {
		char spec[64], err[160];
		snprintf(spec, sizeof spec, "black on %s bold", acc);
		if (theme_set_role(tmp, ROLE_STATUS_SITE, spec, err, sizeof err) < 0)
			log_debug("accent %s: %s", acc, err);
	}
	screen_set_theme(a->sc, tmp ? tmp : a->theme, a->no_color);
	theme_free(tmp);
	a->dirty = true;
}

void app_open(App *a, PanelId p, const EntityRef *target, bool push)
{
	if (p == PANEL_AUTO)
		p = target ? panel_for_entity(target->kind) : PANEL_OVERVIEW;
	if ((unsigned)p >= PANEL_COUNT)
		return;
	if (push && a->view != p && a->depth < APP_VIEW_DEPTH)
		a->stack[a->depth++] = a->view;
	else if (!push)
		a->depth = 0;
	a->view = p;
	if (target && panel_table[p]->open) {
		PanelCtx c = app_ctx(a);
		panel_table[p]->open(a->pstate[p], &c, *target);
	}
	a->dirty = true;
}

/* ---- the loop ------------------------------------------------------------ */

static void handle_signals(App *a)
{
	unsigned char b[64];
	ssize_t n;
	while ((n = read(a->sigpipe[0], b, sizeof b)) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			switch (b[i]) {
			case SIGWINCH:
				if (a->sc)
					screen_resized(a->sc);
				a->dirty = true;
				break;
			case SIGCONT:
				if (a->sc)
					screen_invalidate(a->sc);
				a->dirty = true;
				break;
			case SIGTERM: case SIGINT: case SIGHUP:
				log_debug("signal %d: quitting", b[i]);
				a->quit = true;
				a->exit_code = 128 + b[i];
				break;
			default:
				break;
			}
		}
	}
}

static void evaluate_alerts(App *a, int64_t now_ms)
{
	int64_t now = clock_wall_s();
	for (int i = 0; i < a->nsites; i++) {
		AppSite *s = &a->sites[i];
		const SiteView *v = site_view(s->site);
		if (now >= s->next_history) {
			site_history_sample(s->site, now);
			s->next_history = now + v->history->step;
		}
		if (v->generation == s->evaluated_gen || now_ms < s->next_eval_ms)
			continue;
		site_touch(s->site, now);
		alerts_evaluate(s->alerts, s->site, &s->acfg, now);
		s->evaluated_gen = site_view(s->site)->generation;
		s->next_eval_ms = now_ms + 250;
		if (s->marked_len < v->nnodes) {
			uint8_t *m = realloc(s->marked, (size_t)v->nnodes);
			if (m) {
				memset(m + s->marked_len, 0, (size_t)(v->nnodes - s->marked_len));
				s->marked = m;
				s->marked_len = v->nnodes;
			}
		}
	}
}

void app_turn(App *a, int max_wait_ms)
{
	PollSet *ps = &a->ps;
	pollset_reset(ps);
	int64_t now_ms = clock_mono_ms();
	int fd_in = -1;
	if (a->sc)
		fd_in = pollset_add(ps, STDIN_FILENO, POLLIN);
	int fd_sig = pollset_add(ps, a->sigpipe[0], POLLIN);
	for (int i = 0; i < a->nsites; i++) {
		for (int c = 0; c < a->sites[i].nconns; c++) {
			Connector *cn = &a->sites[i].conns[c];
			cn->fd_first = ps->n;
			cn->ops->prepare(cn->self, ps, now_ms);
			cn->fd_count = ps->n - cn->fd_first;
		}
		if (a->sites[i].next_eval_ms > now_ms && site_view(a->sites[i].site)->generation != a->sites[i].evaluated_gen)
			pollset_deadline(ps, a->sites[i].next_eval_ms);
	}
	if (a->sc) {
		pollset_deadline(ps, a->next_tick_ms);
		if (a->status_until_ms)
			pollset_deadline(ps, a->status_until_ms);
	}
	int timeout = pollset_timeout(ps, now_ms, max_wait_ms);
	if (poll(ps->fds, (nfds_t)ps->n, timeout) < 0 && errno != EINTR) {
		log_debug("poll: %s", strerror(errno));
		return;
	}
	now_ms = clock_mono_ms();
	if (fd_sig >= 0 && (ps->fds[fd_sig].revents & POLLIN))
		handle_signals(a);
	for (int i = 0; i < a->nsites; i++)
		for (int c = 0; c < a->sites[i].nconns; c++) {
			Connector *cn = &a->sites[i].conns[c];
			cn->ops->dispatch(cn->self, ps->fds + cn->fd_first, cn->fd_count, now_ms);
		}
	evaluate_alerts(a, now_ms);
	if (fd_in >= 0 && (ps->fds[fd_in].revents & (POLLIN | POLLHUP | POLLERR))) {
		int key;
		int budget = 256; /* a paste must not starve the sources */
		while (budget-- > 0 && screen_key(a->sc, &key))
			keys_handle(a, key);
		if (ps->fds[fd_in].revents & (POLLHUP | POLLERR)) {
			log_debug("terminal closed");
			a->quit = true;
		}
	}
}

int app_run_tui(App *a)
{
	char err[256];
	a->sc = screen_open(err, sizeof err);
	if (!a->sc) {
		fprintf(stderr, "narvik: %s\n", err);
		return 1;
	}
	a->cv.ascii = a->opt.ascii || !screen_utf8(a->sc);
	app_apply_theme(a);
	a->next_tick_ms = clock_mono_ms();
	while (!a->quit) {
		app_turn(a, -1);
		int64_t now_ms = clock_mono_ms();
		if (a->status_until_ms && now_ms >= a->status_until_ms) {
			a->status_until_ms = 0;
			a->status[0] = '\0';
			a->dirty = true;
		}
		uint64_t gen = site_view(a->sites[a->cur].site)->generation;
		bool tick = now_ms >= a->next_tick_ms;
		if (tick)
			a->next_tick_ms = now_ms + a->refresh_ms;
		/* Model changes are shown on the tick; keys at once. */
		if (a->dirty || (tick && gen != a->drawn_gen)) {
			frame_draw(a);
			a->drawn_gen = gen;
			a->dirty = false;
		}
	}
	screen_close(a->sc);
	return a->exit_code;
}
