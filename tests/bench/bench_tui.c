/* Benchmarks of the console at 100,000 GPUs, on a pseudo-terminal: printed, never asserted. */
#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <poll.h>
#include <pthread.h>
#include <pty.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "connectors/demo.h"
#include "tui/app.h"
#include "tui/frame.h"
#include "tui/keys.h"

/*
 * What it does
 * ------------
 * One App is built with app_init exactly as `narvik --demo` builds it, and
 * curses is started on the slave side of a pseudo-terminal sized with
 * TIOCSWINSZ. A thread reads the master side all the time, so curses never
 * blocks on a full pty buffer, and counts the bytes; after each measured
 * frame the bench waits until the pty is quiet and takes the difference.
 *
 * Every figure is a median (and a 95th percentile) over RUNS samples of
 * CLOCK_MONOTONIC time around the calls named in the row. "changed" frames
 * follow one demo_step + alerts_evaluate (not timed); "unchanged" frames
 * follow nothing. Cells changed are counted by diffing the canvas with the
 * one before, which is what screen_present sends.
 *
 *   bench_tui            one site: --demo --demo-scale 100000
 *   bench_tui --fleet    --demo --demo-sites 5 (the fixed fleet of setup.c)
 */

enum { RUNS = 50, KEY_ROUNDS = 20 };

/* ---- output counting ----------------------------------------------------- */

typedef struct {
	int master;
	atomic_long bytes;      /* read from the master so far */
	atomic_long clears;     /* "erase display" sequences seen (ESC [ 2 J) */
	atomic_int stop;
	pthread_t th;
} Pty;

static void *drain_main(void *arg)
{
	Pty *p = arg;
	char buf[65536];
	while (!atomic_load(&p->stop)) {
		struct pollfd pfd = { p->master, POLLIN, 0 };
		if (poll(&pfd, 1, 50) <= 0)
			continue;
		ssize_t n = read(p->master, buf, sizeof buf);
		if (n > 0) {
			atomic_fetch_add(&p->bytes, (long)n);
			for (ssize_t i = 0; i + 3 < n; i++)
				if (buf[i] == '\033' && buf[i + 1] == '[' && buf[i + 2] == '2' && buf[i + 3] == 'J')
					atomic_fetch_add(&p->clears, 1);
		}
		else if (n < 0 && errno != EAGAIN && errno != EINTR)
			break;
	}
	return NULL;
}

/* Wait until curses' output has all been read: the count is still and the
 * master has nothing pending, twice in a row 0.5 ms apart. */
static long pty_settle(Pty *p)
{
	long last = -1;
	int quiet = 0;
	for (int i = 0; i < 400 && quiet < 2; i++) {
		struct timespec ts = { 0, 500000 };
		nanosleep(&ts, NULL);
		int pending = 0;
		ioctl(p->master, FIONREAD, &pending);
		long now = atomic_load(&p->bytes);
		if (pending == 0 && now == last)
			quiet++;
		else
			quiet = 0;
		last = now;
	}
	return atomic_load(&p->bytes);
}

/* ---- statistics ---------------------------------------------------------- */

typedef struct {
	double v[1024];
	int n;
} Samples;

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return a < b ? -1 : a > b;
}

static void add(Samples *s, double x)
{
	if (s->n < (int)(sizeof s->v / sizeof s->v[0]))
		s->v[s->n++] = x;
}

static double pct(Samples *s, double p)
{
	if (s->n == 0)
		return NAN;
	qsort(s->v, (size_t)s->n, sizeof s->v[0], cmp_double);
	int i = (int)(p * (s->n - 1) + 0.5);
	return s->v[i];
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void row(const char *what, const char *med, const char *p95, const char *target)
{
	printf("%-50s %12s %12s  %s\n", what, med, p95, target);
	fflush(stdout);
}

static void row_ms(const char *what, Samples *s, const char *target)
{
	char a[32], b[32];
	snprintf(a, sizeof a, "%.3f ms", pct(s, 0.5));
	snprintf(b, sizeof b, "%.3f ms", pct(s, 0.95));
	row(what, a, b, target);
}

static void row_num(const char *what, Samples *s, const char *unit, const char *target)
{
	char a[32], b[32];
	snprintf(a, sizeof a, "%.0f %s", pct(s, 0.5), unit);
	snprintf(b, sizeof b, "%.0f %s", pct(s, 0.95), unit);
	row(what, a, b, target);
}

static double rss_mb(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long size = 0, res = 0;
	if (f) {
		if (fscanf(f, "%ld %ld", &size, &res) != 2)
			res = 0;
		fclose(f);
	}
	return (double)res * (double)sysconf(_SC_PAGESIZE) / 1048576.0;
}

static double maxrss_mb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_maxrss / 1024.0;
}

/* ---- the bench ------------------------------------------------------------ */

typedef struct {
	App a;
	Pty pty;
	int64_t now;            /* model clock, Unix s, one step = one second */
	Cell *prev;             /* the canvas as last presented */
	size_t prev_cap;
} Bench;

static void model_step(Bench *b)
{
	b->now++;
	for (int i = 0; i < b->a.nsites; i++) {
		AppSite *s = &b->a.sites[i];
		demo_step(s->conns[0].self, b->now);
		alerts_evaluate(s->alerts, s->site, &s->acfg, b->now);
	}
}

/* Cells of the canvas that differ from the last frame's. */
static long cells_changed(Bench *b)
{
	const Canvas *cv = &b->a.cv;
	size_t n = (size_t)cv->w * (size_t)cv->h;
	long changed = 0;
	if (n > b->prev_cap) {
		free(b->prev);
		b->prev = calloc(n, sizeof *b->prev);
		b->prev_cap = b->prev ? n : 0;
		changed = (long)n;
	} else {
		for (size_t i = 0; i < n; i++) {
			const Cell *x = &cv->cells[i], *y = &b->prev[i];
			changed += x->ch != y->ch || x->role != y->role || x->attr != y->attr;
		}
	}
	if (b->prev)
		memcpy(b->prev, cv->cells, n * sizeof *b->prev);
	return changed;
}

/* One timed frame; adds its time, bytes and cells to the samples given. */
static void frame(Bench *b, Samples *ms, Samples *bytes, Samples *cells)
{
	long before = pty_settle(&b->pty);
	double t0 = now_ms();
	frame_draw(&b->a);
	double t1 = now_ms();
	long after = pty_settle(&b->pty);
	long c = cells_changed(b);
	if (ms)
		add(ms, t1 - t0);
	if (bytes)
		add(bytes, (double)(after - before));
	if (cells)
		add(cells, (double)c);
}

static void timed_key(Bench *b, int key, Samples *ms)
{
	pty_settle(&b->pty);
	double t0 = now_ms();
	keys_handle(&b->a, key);
	frame_draw(&b->a);
	double t1 = now_ms();
	b->a.dirty = false;
	pty_settle(&b->pty);
	cells_changed(b);
	if (ms)
		add(ms, t1 - t0);
}

/* Resize the pty as a window manager would; the next frame repaints all. */
static void set_size(Bench *b, int w, int h)
{
	struct winsize ws = { (unsigned short)h, (unsigned short)w, 0, 0 };
	ioctl(b->pty.master, TIOCSWINSZ, &ws);
	screen_resized(b->a.sc);
	frame(b, NULL, NULL, NULL);
}

/* A forced full repaint (C-l) of what is shown, for reference. */
static void full_repaint(Bench *b, const char *name)
{
	Samples ms = { .n = 0 }, by = { .n = 0 }, ce = { .n = 0 };
	long c0 = atomic_load(&b->pty.clears);
	screen_invalidate(b->a.sc);
	frame(b, &ms, &by, &ce);
	char what[96], x[32], y[32];
	snprintf(what, sizeof what, "full repaint (C-l) %s %dx%d, %ld clear", name, b->a.cv.w, b->a.cv.h,
	         atomic_load(&b->pty.clears) - c0);
	snprintf(x, sizeof x, "%.0f B", by.v[0]);
	snprintf(y, sizeof y, "%.3f ms", ms.v[0]);
	row(what, x, y, "reference, one sample");
}

static int open_terminal(Bench *b, char *err, size_t errlen)
{
	int master, slave;
	struct winsize ws = { 60, 200, 0, 0 };
	if (openpty(&master, &slave, NULL, NULL, &ws) < 0) {
		snprintf(err, errlen, "openpty: %s", strerror(errno));
		return -1;
	}
	b->pty.master = master;
	atomic_store(&b->pty.bytes, 0);
	atomic_store(&b->pty.stop, 0);
	if (pthread_create(&b->pty.th, NULL, drain_main, &b->pty) != 0) {
		snprintf(err, errlen, "pthread_create failed");
		return -1;
	}
	FILE *out = fdopen(slave, "w");
	FILE *in = fdopen(dup(slave), "r");
	if (!out || !in) {
		snprintf(err, errlen, "fdopen: %s", strerror(errno));
		return -1;
	}
	b->a.sc = screen_open_tty(out, in, err, errlen);
	if (!b->a.sc)
		return -1;
	b->a.cv.ascii = b->a.opt.ascii || !screen_utf8(b->a.sc);
	screen_set_theme(b->a.sc, b->a.theme, b->a.no_color);
	return 0;
}

static void close_terminal(Bench *b)
{
	screen_close(b->a.sc);
	pty_settle(&b->pty);
	atomic_store(&b->pty.stop, 1);
	pthread_join(b->pty.th, NULL);
}

static const struct {
	PanelId id;
	const char *name;
} panels[] = {
	{ PANEL_OVERVIEW, "overview" }, { PANEL_RACKS, "racks" }, { PANEL_POWER, "power" },
	{ PANEL_COOLING, "cooling" }, { PANEL_JOBS, "jobs" }, { PANEL_ALERTS, "alerts" },
	{ PANEL_RACK, "rack" }, { PANEL_NODE, "node" }, { PANEL_FLEET, "fleet" },
};

static void open_panel(Bench *b, PanelId p)
{
	const SiteView *v = site_view(b->a.sites[b->a.cur].site);
	if (p == PANEL_RACK) {
		EntityRef e = { ENT_RACK, v->nracks / 2 };
		app_open(&b->a, p, &e, false);
	} else if (p == PANEL_NODE) {
		EntityRef e = { ENT_NODE, v->nnodes / 2 };
		app_open(&b->a, p, &e, false);
	} else {
		app_open(&b->a, p, NULL, false);
	}
	frame(b, NULL, NULL, NULL);  /* the switch itself is not measured here */
}

static void bench_panels(Bench *b, const PanelId *only, int nonly)
{
	static const int sizes[][2] = { { 80, 24 }, { 200, 60 } };
	for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
		set_size(b, sizes[z][0], sizes[z][1]);
		long nclears = 0;
		int measured = 0;
		for (size_t i = 0; i < sizeof panels / sizeof panels[0]; i++) {
			bool want = nonly == 0;
			for (int k = 0; k < nonly; k++)
				want |= only[k] == panels[i].id;
			if (!want)
				continue;
			open_panel(b, panels[i].id);
			if (measured == 0)
				full_repaint(b, panels[i].name);
			Samples ms = { .n = 0 }, by = { .n = 0 }, ce = { .n = 0 };
			Samples msc = { .n = 0 }, byc = { .n = 0 }, cec = { .n = 0 };
			long c0 = atomic_load(&b->pty.clears);
			for (int r = 0; r < RUNS; r++)
				frame(b, &ms, &by, &ce);
			for (int r = 0; r < RUNS; r++) {
				model_step(b);
				frame(b, &msc, &byc, &cec);
			}
			measured += 2 * RUNS;
			nclears += atomic_load(&b->pty.clears) - c0;
			char what[96];
			snprintf(what, sizeof what, "frame %-8s %3dx%-2d unchanged", panels[i].name, sizes[z][0], sizes[z][1]);
			row_ms(what, &ms, "(60 fps = 16 ms)");
			snprintf(what, sizeof what, "  bytes written, unchanged");
			row_num(what, &by, "B", "0 B");
			snprintf(what, sizeof what, "frame %-8s %3dx%-2d model changed", panels[i].name, sizes[z][0], sizes[z][1]);
			row_ms(what, &msc, "(60 fps = 16 ms)");
			char t[64];
			snprintf(t, sizeof t, "~30 B/cell; full screen = %d cells", sizes[z][0] * sizes[z][1]);
			double cells = pct(&cec, 0.5), bytes = pct(&byc, 0.5);
			char a1[32], a2[32];
			snprintf(a1, sizeof a1, "%.0f B", bytes);
			snprintf(a2, sizeof a2, "%.0f cells", cells);
			row("  bytes / cells sent, model changed", a1, a2, t);
		}
		char what[96], x[32];
		snprintf(what, sizeof what, "screen clears in the %d frames above at %dx%d", measured,
		         sizes[z][0], sizes[z][1]);
		snprintf(x, sizeof x, "%ld", nclears);
		row(what, x, "", "0");
	}
}

/* 1% of racks (16 of 1,563 at 100k GPUs) get a new GPU temperature. */
static void bench_racks_1pct(Bench *b)
{
	set_size(b, 200, 60);
	open_panel(b, PANEL_RACKS);
	AppSite *s = &b->a.sites[b->a.cur];
	const SiteView *v = site_view(s->site);
	SourceId src = 1;
	for (int32_t i = 1; i < v->nsources; i++)
		if (strstr(v->sources[i].name, "prometheus"))
			src = (SourceId)i;
	int32_t nchange = (v->nracks + 99) / 100;
	Samples ms = { .n = 0 }, by = { .n = 0 }, ce = { .n = 0 }, bpc = { .n = 0 };
	long c0 = atomic_load(&b->pty.clears);
	for (int r = 0; r < RUNS; r++) {
		float temp = r % 2 ? 50.0f : 82.0f;   /* heat level 0 and 3 */
		b->now++;
		for (int32_t k = 0; k < nchange; k++) {
			v = site_view(s->site);
			const Rack *rk = &v->racks[(int64_t)k * v->nracks / nchange];
			for (int32_t n = 0; n < rk->nnodes; n++) {
				const Node *nd = &v->nodes[rk->nodes[n]];
				for (int32_t g = 0; g < nd->ngpus; g++)
					site_gpu_set(s->site, nd->first_gpu + g, GF_TEMP_C, src, b->now, temp);
			}
		}
		frame(b, &ms, &by, &ce);
		double c = ce.v[ce.n - 1], y = by.v[by.n - 1];
		if (c > 0)
			add(&bpc, y / c);
	}
	char what[96];
	snprintf(what, sizeof what, "frame racks 200x60, %d racks (1%%) changed", nchange);
	row_ms(what, &ms, "(60 fps = 16 ms)");
	row_num("  bytes written", &by, "B", "~30 B x cells, no clear");
	row_num("  cells sent", &ce, "", "the changed racks");
	char a[32], c[32];
	snprintf(a, sizeof a, "%.1f B", pct(&bpc, 0.5));
	snprintf(c, sizeof c, "%.1f B", pct(&bpc, 0.95));
	row("  bytes per cell sent", a, c, "~30 B");
	snprintf(a, sizeof a, "%ld", atomic_load(&b->pty.clears) - c0);
	row("  screen clears in those frames", a, "", "0");
}

static void key_rows(Bench *b, PanelId p, const char *name, int k1, int k2)
{
	open_panel(b, p);
	Samples ms = { .n = 0 };
	for (int r = 0; r < RUNS; r++)
		timed_key(b, r < RUNS / 2 ? k1 : k2, &ms);
	char what[96];
	snprintf(what, sizeof what, "key -> frame: %s", name);
	row_ms(what, &ms, "16 ms");
}

static void bench_keys(Bench *b)
{
	set_size(b, 200, 60);
	key_rows(b, PANEL_RACKS, "arrows in racks", KEY_RIGHT, KEY_DOWN);
	key_rows(b, PANEL_JOBS, "arrows in jobs", KEY_DOWN, KEY_UP);
	/* panel switches: 1..6 round */
	{
		Samples ms = { .n = 0 };
		for (int r = 0; r < RUNS; r++)
			timed_key(b, '1' + r % 6, &ms);
		row_ms("key -> frame: switch panel (1..6)", &ms, "16 ms");
	}
	/* the filter over 12,500 nodes, typed on the racks panel */
	open_panel(b, PANEL_RACKS);
	Samples slash = { .n = 0 }, typing = { .n = 0 }, enter = { .n = 0 }, esc = { .n = 0 };
	const char *text = "gpu0001";
	for (int r = 0; r < KEY_ROUNDS; r++) {
		timed_key(b, '/', &slash);
		for (const char *c = text; *c; c++)
			timed_key(b, *c, &typing);
		timed_key(b, '\r', &enter);
		timed_key(b, 27, &esc);   /* clears the filter */
	}
	row_ms("key -> frame: '/' opens the filter", &slash, "16 ms");
	row_ms("key -> frame: typing \"gpu0001\" (live filter)", &typing, "16 ms");
	row_ms("key -> frame: Enter keeps the filter", &enter, "16 ms");
	row_ms("key -> frame: Esc clears the filter", &esc, "16 ms");
	/* the same filter typed on the jobs panel */
	open_panel(b, PANEL_JOBS);
	Samples jt = { .n = 0 };
	for (int r = 0; r < KEY_ROUNDS / 2; r++) {
		timed_key(b, '/', NULL);
		for (const char *c = text; *c; c++)
			timed_key(b, *c, &jt);
		timed_key(b, 27, NULL);
		timed_key(b, 27, NULL);
	}
	row_ms("key -> frame: typing \"gpu0001\" in jobs", &jt, "16 ms");
}

int main(int argc, char **argv)
{
	bool fleet = argc > 1 && strcmp(argv[1], "--fleet") == 0;
	setenv("TERM", "xterm-256color", 1);
	unsetenv("LINES");
	unsetenv("COLUMNS");
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "");
	static Bench bench;
	Bench *b = &bench;
	AppOptions o;
	memset(&o, 0, sizeof o);
	o.demo = true;
	o.demo_scale = 100000;
	o.demo_seed = -1;
	o.demo_sites = fleet ? 5 : 1;
	o.timeout_s = 30;
	char err[256] = "";
	double t0 = now_ms();
	if (app_init(&b->a, &o, err, sizeof err) < 0) {
		fprintf(stderr, "bench_tui: app_init: %s\n", err);
		return 1;
	}
	double t_init = now_ms() - t0;
	long gpus = 0, nodes = 0, racks = 0;
	for (int i = 0; i < b->a.nsites; i++) {
		const SiteView *v = site_view(b->a.sites[i].site);
		gpus += v->ngpus;
		nodes += v->nnodes;
		racks += v->nracks;
	}
	double rss_init = rss_mb();
	char a1[64], a2[64];
	printf("%s: %d site%s, %ld GPUs, %ld nodes, %ld racks\n", fleet ? "fleet" : "one site", b->a.nsites,
	       b->a.nsites == 1 ? "" : "s", gpus, nodes, racks);
	row("what", "median", "p95", "target");
	snprintf(a1, sizeof a1, "%.0f ms", t_init);
	row("app_init (build the demo, 2 h power history)", a1, "", "");
	snprintf(a1, sizeof a1, "%.1f MB", rss_init);
	row("RSS after app_init", a1, "", "");

	b->now = time(NULL);
	for (int i = 0; i < 3; i++)   /* warm up, and get alerts going */
		model_step(b);

	/* the model update */
	{
		Samples st = { .n = 0 }, ev = { .n = 0 }, both = { .n = 0 };
		for (int r = 0; r < RUNS; r++) {
			b->now++;
			double x0 = now_ms(), x1 = x0;
			for (int i = 0; i < b->a.nsites; i++) {
				AppSite *s = &b->a.sites[i];
				demo_step(s->conns[0].self, b->now);
			}
			x1 = now_ms();
			for (int i = 0; i < b->a.nsites; i++) {
				AppSite *s = &b->a.sites[i];
				alerts_evaluate(s->alerts, s->site, &s->acfg, b->now);
			}
			double x2 = now_ms();
			add(&st, x1 - x0);
			add(&ev, x2 - x1);
			add(&both, x2 - x0);
		}
		row_ms(fleet ? "model update, 5 sites (demo_step + alerts)" : "model update (demo_step + alerts_evaluate)",
		       &both, "(1 per second)");
		row_ms("  demo_step", &st, "");
		row_ms("  alerts_evaluate", &ev, "");
	}

	if (open_terminal(b, err, sizeof err) < 0) {
		fprintf(stderr, "bench_tui: %s\n", err);
		return 1;
	}
	if (fleet) {
		const PanelId only[] = { PANEL_FLEET };
		bench_panels(b, only, 1);
	} else {
		bench_panels(b, NULL, 0);
		bench_racks_1pct(b);
		bench_keys(b);
	}
	close_terminal(b);
	snprintf(a1, sizeof a1, "%.1f MB", maxrss_mb());
	snprintf(a2, sizeof a2, "%.1f MB now", rss_mb());
	row(fleet ? "peak RSS, fleet (ru_maxrss)" : "peak RSS (ru_maxrss)", a1, a2, "< 100 MB");
	free(b->prev);
	app_free(&b->a);
	return 0;
}
