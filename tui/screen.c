/* The terminal: the only module that draws with ncurses. */
#include "tui/screen.h"

#include <curses.h>
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "tui/cmdline.h"

struct Screen {
	bool open;
	bool utf8;
	int colors;
	int w, h;
	Canvas shown;          /* what the terminal shows now */
	bool invalid;          /* repaint everything next time */
	int out_fd;            /* the terminal curses writes to, for its size */
	ResolvedTheme theme;
	attr_t role_attr[ROLE_COUNT];
	short role_pair[ROLE_COUNT];
};

/* The terminal settings at start and the terminal's descriptors, for the
 * fatal-signal handler: it cannot reach the Screen, so this is the one
 * piece of state kept outside it. */
static struct termios saved_tty;
static volatile sig_atomic_t saved_tty_ok;
static volatile sig_atomic_t saved_in_fd = STDIN_FILENO, saved_out_fd = STDOUT_FILENO;

static void fatal_restore(int sig)
{
	static const char reset[] = "\033[0m\033[?25h\033[?1049l\r\n";
	if (saved_tty_ok)
		tcsetattr(saved_in_fd, TCSAFLUSH, &saved_tty);
	(void)!write(saved_out_fd, reset, sizeof reset - 1);
	signal(sig, SIG_DFL);
	raise(sig);
}

Screen *screen_open(char *err, size_t errlen)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		snprintf(err, errlen, "not a terminal: use --once or --check for scripts");
		return NULL;
	}
	return screen_open_tty(stdout, stdin, err, errlen);
}

Screen *screen_open_tty(FILE *out, FILE *in, char *err, size_t errlen)
{
	Screen *sc = calloc(1, sizeof *sc);
	if (!sc) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	sc->out_fd = fileno(out);
	saved_in_fd = fileno(in);
	saved_out_fd = sc->out_fd;
	if (tcgetattr(fileno(in), &saved_tty) == 0)
		saved_tty_ok = 1;
	const char *cs = nl_langinfo(CODESET);
	sc->utf8 = cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
	if (!getenv("ESCDELAY"))
		set_escdelay(25);
	if (!newterm(NULL, out, in)) {
		snprintf(err, errlen, "cannot start curses on this terminal (TERM=%s)",
		         getenv("TERM") ? getenv("TERM") : "unset");
		free(sc);
		return NULL;
	}
	signal(SIGSEGV, fatal_restore);
	signal(SIGABRT, fatal_restore);
	signal(SIGBUS, fatal_restore);
	signal(SIGFPE, fatal_restore);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	leaveok(stdscr, FALSE);
	curs_set(0);
	if (has_colors()) {
		start_color();
		use_default_colors();
		sc->colors = COLORS >= 256 ? 256 : COLORS >= 16 ? 16 : COLORS >= 8 ? 8 : 0;
	}
	sc->open = true;
	getmaxyx(stdscr, sc->h, sc->w);
	canvas_init(&sc->shown, sc->w, sc->h);
	sc->invalid = true;
	return sc;
}

void screen_close(Screen *sc)
{
	if (!sc || !sc->open)
		return;
	curs_set(1);
	endwin();
	sc->open = false;
	fflush(stdout);
}

void screen_free(Screen *sc)
{
	if (!sc)
		return;
	screen_close(sc);
	canvas_free(&sc->shown);
	free(sc);
}

bool screen_utf8(const Screen *sc) { return sc->utf8; }
int screen_colors(const Screen *sc) { return sc->colors; }

void screen_size(const Screen *sc, int *w, int *h)
{
	*w = sc->w;
	*h = sc->h;
}

void screen_resized(Screen *sc)
{
	struct winsize ws;
	if (ioctl(sc->out_fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	getmaxyx(stdscr, sc->h, sc->w);
	canvas_resize(&sc->shown, sc->w, sc->h);
	sc->invalid = true;
}

void screen_invalidate(Screen *sc)
{
	sc->invalid = true;
	clearok(curscr, TRUE);
}

static attr_t cell_attrs(uint8_t a)
{
	attr_t r = A_NORMAL;
	if (a & CELL_BOLD) r |= A_BOLD;
	if (a & CELL_REVERSE) r |= A_REVERSE;
	if (a & CELL_UNDERLINE) r |= A_UNDERLINE;
	if (a & CELL_DIM) r |= A_DIM;
	return r;
}

void screen_set_theme(Screen *sc, const Theme *t, bool no_color)
{
	theme_resolve(t, sc->colors, no_color, &sc->theme);
	for (int r = 0; r < ROLE_COUNT; r++) {
		const ThemeRole *tr = &sc->theme.role[r];
		sc->role_attr[r] = cell_attrs(tr->attr);
		sc->role_pair[r] = 0;
		if (sc->theme.ncolors > 0 && (tr->fg >= 0 || tr->bg >= 0) && r + 1 < COLOR_PAIRS) {
			init_pair((short)(r + 1), tr->fg, tr->bg);
			sc->role_pair[r] = (short)(r + 1);
		}
	}
	sc->invalid = true;
}

long screen_present(Screen *sc, const Canvas *cv, int cur_x, int cur_y)
{
	if (!sc->open)
		return 0;
	if (sc->shown.w != cv->w || sc->shown.h != cv->h) {
		canvas_resize(&sc->shown, cv->w, cv->h);
		sc->invalid = true;
	}
	long sent = 0;
	for (int y = 0; y < cv->h && y < sc->h; y++) {
		for (int x = 0; x < cv->w && x < sc->w; x++) {
			size_t i = (size_t)y * (size_t)cv->w + (size_t)x;
			const Cell *c = &cv->cells[i];
			Cell *o = &sc->shown.cells[i];
			if (!sc->invalid && o->ch == c->ch && o->role == c->role && o->attr == c->attr)
				continue;
			/* The bottom-right cell scrolls some terminals: skip it. */
			if (y == sc->h - 1 && x == sc->w - 1)
				continue;
			wchar_t wc[2] = { (wchar_t)c->ch, 0 };
			if (!sc->utf8 && c->ch >= 0x80)
				wc[0] = '?';
			cchar_t cc;
			uint8_t role = c->role < ROLE_COUNT ? c->role : ROLE_NORMAL;
			setcchar(&cc, wc, sc->role_attr[role] | cell_attrs(c->attr), sc->role_pair[role], NULL);
			mvadd_wch(y, x, &cc);
			*o = *c;
			sent++;
		}
	}
	sc->invalid = false;
	if (cur_x >= 0 && cur_y >= 0) {
		move(cur_y, cur_x);
		curs_set(1);
	} else {
		curs_set(0);
	}
	wnoutrefresh(stdscr);
	doupdate();
	return sent;
}

int screen_key(Screen *sc, int *key)
{
	if (!sc->open)
		return 0;
	wint_t wc;
	int r = wget_wch(stdscr, &wc);
	if (r == ERR)
		return 0;
	if (r == KEY_CODE_YES && wc == KEY_RESIZE)
		return 0; /* SIGWINCH is handled through the self-pipe */
	*key = (int)wc;
	if (r == OK && wc >= KEY_MIN && wc <= KEY_MAX)
		*key |= KEY_CHAR_FLAG; /* a character, not a function key */
	return 1;
}

void screen_suspend(Screen *sc)
{
	if (sc->open) {
		def_prog_mode();
		endwin();
	}
}

void screen_resume(Screen *sc)
{
	if (sc->open) {
		reset_prog_mode();
		sc->invalid = true;
		clearok(curscr, TRUE);
	}
}
