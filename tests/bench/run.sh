#!/bin/sh
# Benchmarks: build and run bench_tui, then measure the real binary (idle
# CPU under tmux, headless peak memory). Everything is printed, nothing is
# asserted. Usage: sh tests/bench/run.sh [BUILD]   (make bench)
BUILD=${1:-build}
CC=${CC:-cc}
BIN="$(pwd)/$BUILD/narvik"
OUTD="$BUILD/bench"
mkdir -p "$OUTD"
SOCK="narvik-bench-$$"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/narvik-bench.XXXXXX")
HPID=""

cleanup() {
	[ -n "$HPID" ] && kill "$HPID" 2>/dev/null
	if command -v tmux >/dev/null 2>&1; then
		for n in 1 2; do
			tmux -L "$SOCK-$n" kill-server >/dev/null 2>&1
			rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$SOCK-$n"
		done
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

row() { printf '%-50s %12s %12s  %s\n' "$1" "$2" "$3" "$4"; }

if [ ! -x "$BIN" ] || [ ! -f "$BUILD/libnarvik.a" ]; then
	echo "bench: build $BIN and $BUILD/libnarvik.a first (make bench does)" >&2
	exit 1
fi

WARN="-Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
-Wpointer-arith -Wformat=2 -Wundef -Wcast-qual -Wwrite-strings -Wno-unused-parameter"
# shellcheck disable=SC2086,SC2046
if ! $CC -std=c17 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -O2 -g $WARN -I. -pthread \
	-o "$OUTD/bench_tui" tests/bench/bench_tui.c "$BUILD/libnarvik.a" \
	$(pkg-config --libs ncursesw libcurl libcjson libssh2 inih) -lm -lutil; then
	echo "bench: cannot build bench_tui" >&2
	exit 1
fi

echo "== narvik benchmarks on $(uname -m), $(nproc 2>/dev/null || echo '?') CPUs =="
echo
"$OUTD/bench_tui"
echo
"$OUTD/bench_tui" --fleet
echo

# ---- the real binary: idle CPU at one refresh a second, under tmux ----------
echo "real binary ($BIN)"
row "what" "median" "" "target"
TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)
cputicks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null; }

idle_cpu() { # socket number, label, narvik arguments...
	sock="$SOCK-$1"
	label=$2
	shift 2
	tmux -L "$sock" -f /dev/null new-session -d -s bench -x 200 -y 60 \
		"exec env TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 '$BIN' $*" || return 1
	pid=$(tmux -L "$sock" list-panes -t bench -F '#{pane_pid}' | head -n 1)
	sleep 5
	if [ -z "$pid" ] || [ ! -r "/proc/$pid/stat" ]; then
		row "$label" "did not run" "" ""
		tmux -L "$sock" kill-server >/dev/null 2>&1
		return 1
	fi
	t0=$(cputicks "$pid")
	s0=$(date +%s.%N)
	sleep 20
	t1=$(cputicks "$pid")
	s1=$(date +%s.%N)
	hwm=$(awk '/^VmHWM/ { printf "%.1f MB", $2 / 1024 }' "/proc/$pid/status" 2>/dev/null)
	pct=$(awk -v a="$t0" -v b="$t1" -v s="$s0" -v e="$s1" -v hz="$TCK" \
		'BEGIN { printf "%.2f %%", (b - a) / hz / (e - s) * 100 }')
	row "$label" "$pct" "" "< 2 % of a core"
	row "  peak RSS of that process (VmHWM)" "$hwm" "" "< 100 MB"
	tmux -L "$sock" kill-server >/dev/null 2>&1
	return 0
}

if command -v tmux >/dev/null 2>&1; then
	idle_cpu 1 "idle CPU, --demo, 1 site, 200x60" --demo
	idle_cpu 2 "idle CPU, --demo-sites 5 (fleet panel)" --demo --demo-sites 5
else
	row "idle CPU" "no tmux" "" "< 2 % of a core"
fi

# ---- headless: peak memory and wall time ------------------------------------
headless() { # label, narvik arguments...
	label=$1
	shift
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -v -o "$TMP/time" "$BIN" "$@" >/dev/null 2>"$TMP/err"
		rc=$?
		rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f MB", $2 / 1024 }' "$TMP/time")
		wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0
			for (i = 1; i <= n; i++) s = s * 60 + t[i]; printf "%.2f s", s }' "$TMP/time")
	else
		# No GNU time: the shell's own accounting for wall time, and the
		# peak RSS from the process's last /proc/PID/status.
		s0=$(date +%s.%N)
		"$BIN" "$@" >/dev/null 2>"$TMP/err" &
		HPID=$!
		rss=""
		while kill -0 "$HPID" 2>/dev/null; do
			r=$(awk '/^VmHWM/ { printf "%.1f MB", $2 / 1024 }' "/proc/$HPID/status" 2>/dev/null)
			[ -n "$r" ] && rss=$r
			sleep 0.05
		done
		wait "$HPID"
		rc=$?
		HPID=""
		wall=$(awk -v s="$s0" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f s", e - s }')
	fi
	row "$label: peak RSS" "$rss" "" "< 100 MB"
	row "$label: wall time" "$wall" "" "exit $rc"
}

headless "--once --json, 1 site" --demo --once --json
headless "--once --json, 5 sites" --demo --demo-sites 5 --once --json
