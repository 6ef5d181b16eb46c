#!/bin/sh
# Screen tests: run narvik in a private tmux server, send keys, read the
# pane. Prints "screen: N passed, N failed" last.
build=${1:-build}
bin="$(pwd)/$build/narvik"
sock="narvik-screen-$$"
pass=0
fail=0
out=$(mktemp -d)
export XDG_STATE_HOME="$out/state"   # the audit log goes here, not to ~
trap 'tmux -L "$sock" kill-server 2>/dev/null; rm -rf "$out"' EXIT INT TERM

T() { tmux -L "$sock" "$@"; }
cap() { T capture-pane -p -t t 2>/dev/null; }

ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() {
	fail=$((fail + 1)); echo "not ok - $1"
	echo "---- pane ----"; cap | sed 's/^/| /'; echo "--------------"
}

# wait_for PATTERN [SECONDS]: true when the pane shows the (grep -E) pattern.
wait_for() {
	n=0; lim=$(( ${2:-10} * 10 ))
	while [ $n -lt $lim ]; do
		cap | grep -Eq -- "$1" && return 0
		sleep 0.1; n=$((n + 1))
	done
	return 1
}
check() { # check NAME PATTERN [SECONDS]
	if wait_for "$2" "${3:-10}"; then ok "$1"; else bad "$1 (wanted /$2/)"; fi
}
check_not() { # check_not NAME PATTERN: pattern absent after a short settle
	sleep 0.4
	if cap | grep -Eq -- "$2"; then bad "$1 (unwanted /$2/)"; else ok "$1"; fi
}
keys() { T send-keys -t t "$@"; sleep 0.25; }

# start W H ENV... ARGS: a fresh window running narvik inside a shell, so
# that what the terminal looks like after narvik exits can be checked too.
start() {
	w=$1; h=$2; shift 2
	T kill-session -t t 2>/dev/null
	T new-session -d -s t -x "$w" -y "$h" "env PS1='$ ' sh"
	T send-keys -t t "stty sane; ulimit -c 0; clear; $* $bin --demo --demo-scale 2048 ${EXTRA:-} --log $out/log; echo EXIT=\$?" Enter
}

export TERM=xterm-256color
T -f /dev/null start-server 2>/dev/null

# --- start-up and every panel --------------------------------------------
start 100 30 env LANG=C.UTF-8
check "start-up shows the overview" "Overview" 15
check "start-up names the site" "norway-1"
check "overview shows power against supply" "(supply|hydro|headroom)"
keys 2; check "racks panel" "H1-R01"
keys 3; check "power panel" "(MW|draw)"
keys 4; check "cooling panel" "CDU-H1-R01"
keys 5; check "jobs panel" "(RUNNING|PENDING)"
keys 6; check "alerts panel" "(critical|warning|Alerts|no alerts)"
keys Tab; check "Tab moves to the next panel" "(Fleet|Overview)"

# --- drill-down and back ---------------------------------------------------
keys 2; keys Enter
check "Enter on a rack opens its nodes" "gpu000(0|1)"
keys Enter
check "Enter on a node opens the node view" "(BMC|GPUs)"
keys Escape; keys Escape
check "Esc goes back to the racks" "H1-R01"

# --- command line ------------------------------------------------------------
keys : "node gpu00017" Enter
check ":node opens a node" "gpu00017"
keys : "jobs" Enter
check ":jobs opens the jobs panel" "(RUNNING|PENDING)"
keys : "nosuchcommand" Enter
check "an unknown command is explained" "unknown command"

# --- filter ---------------------------------------------------------------------
keys 2; keys / "gpu[00001-00008]" Enter
check "hostlist filter is shown in the status line" "filter: gpu\[00001-00008\]"
keys Escape
check_not "Esc clears the filter" "filter: gpu"

# --- help ----------------------------------------------------------------------
keys '?'
check "help overlay lists the keymap" "app.help +this help"
keys x
check_not "any key closes the help" "app.help"

# --- an action asks for a reason and a confirmation --------------------------
keys : "drain gpu00003" Enter
check "drain asks and names the site" "Drain 1 node on site norway-1"
keys "C-u" "screen test" Enter
check "then asks for the confirmation" "Type yes to confirm"
keys "no" Enter
check "a wrong confirmation sends nothing" "nothing sent"
keys : "drain gpu[00001-00004] screen test" Enter
check "a set of nodes takes the count" "Drain 4 nodes"
keys Enter "4" Enter
check "the typed count sends it" "(drain: 4 requests sent|drain on norway-1: [0-4] of 4 done)"
keys : "node gpu00002" Enter
check "the drained node shows its new state" "gpu00002 +(drained|draining)" 8
check "and the reason stamped with the operator" "reason screen test \\[[^]]*@"

# --- resize --------------------------------------------------------------------
T resize-window -t t -x 140 -y 45; sleep 0.5
keys 1
check "redraws at a larger size" "Overview"
T resize-window -t t -x 60 -y 20; sleep 0.5
check "says when the terminal is too small" "terminal too small"
T resize-window -t t -x 80 -y 24; sleep 0.5
check "works again at 80x24" "Overview"

# --- quit leaves the terminal sane ----------------------------------------------
keys q
check "q quits with status 0" "EXIT=0"
keys "stty -a | tr ' ' '\\n' | grep -Ex -- '-?(echo|icanon)' | tr '\\n' ' '; echo" Enter
check "terminal is back in cooked mode with echo" "^icanon echo"

# --- SIGTERM restores the terminal -----------------------------------------------
start 100 30 env LANG=C.UTF-8
check "restarted" "Overview" 15
T send-keys -t t "" ; pid=$(pgrep -n -f "$bin --demo" || true)
[ -n "$pid" ] && kill -TERM "$pid"
check "SIGTERM quits" "EXIT=143"
keys "stty -a | tr ' ' '\\n' | grep -Ex -- '-?(echo|icanon)' | tr '\\n' ' '; echo" Enter
check "terminal sane after SIGTERM" "^icanon echo"

# --- a fatal signal still gives the terminal back ---------------------------------
start 100 30 env LANG=C.UTF-8
check "restarted for a fatal signal" "Overview" 15
pid=$(pgrep -n -f "$bin --demo" || true)
[ -n "$pid" ] && kill -SEGV "$pid"
check "a crash exits with the signal's status" "EXIT=139"
keys "stty -a | tr ' ' '\\n' | grep -Ex -- '-?(echo|icanon)' | tr '\\n' ' '; echo" Enter
check "terminal sane after a crash" "^icanon echo"

# --- NO_COLOR and ASCII ----------------------------------------------------------
start 100 30 env LANG=C.UTF-8 NO_COLOR=1
check "NO_COLOR starts" "Overview" 15
if T capture-pane -p -e -t t | grep -q "$(printf '\033')\[3[0-7]m\|$(printf '\033')\[38;5"; then
	bad "NO_COLOR sends no colours"
else
	ok "NO_COLOR sends no colours"
fi
keys q
start 100 30 env LANG=C
check "C locale starts" "Overview" 15
if cap | grep -q "$(printf '\342\224')"; then bad "C locale draws no box glyphs"; else ok "C locale draws no box glyphs"; fi
keys q
check "quits" "EXIT=0"

# --- the too-small terminal at start ---------------------------------------------
start 70 20 env LANG=C.UTF-8
check "too small at start says so" "terminal too small" 15
keys q

# --- several sites: the fleet, switching, and actions naming their site ------
EXTRA="--demo-sites 3" start 120 32 env LANG=C.UTF-8
check "several sites open on the fleet panel" "Fleet" 15
check "the fleet lists every site" "eu-milan"
keys ']'
check "] switches to the next site" "site texas-1"
keys : "drain gpu00001" Enter
check "an action's confirmation names the site it goes to" "Drain 1 node on site texas-1"
keys Escape
check "Esc in the prompt sends nothing" "cancelled: nothing sent"
keys : "site eu-milan" Enter
check ":site switches site" "site eu-milan"
keys : "drain gpu00001 fleet test" Enter
check "and the next action names the new site" "Drain 1 node on site eu-milan"
keys Escape
keys q

# --- read-only refuses actions and says why -----------------------------------
EXTRA="--read-only" start 100 30 env LANG=C.UTF-8
check "read-only is shown in the status bar" "READ-ONLY" 15
keys : "drain gpu00001 x" Enter
check "read-only refuses an action and says why" "read-only: drain is not sent"
keys q

# --- random keys and resizes never kill it ---------------------------------------
# A deterministic stream of 400 keys (actions, prompts, filters, drill-downs
# included; q, C-c and C-z left out) with a resize every 100.
EXTRA="--demo-sites 2" start 100 30 env LANG=C.UTF-8
check "started for random keys" "Fleet" 15
monkey_keys="1 2 3 4 5 6 0 Tab BTab Up Down Left Right PageUp PageDown Home End Enter Escape s S m Space u / : ? ] [ j k h l g G a x 7 C-l BSpace D R B P y e 4"
nk=$(echo $monkey_keys | wc -w)
seed=12345
i=0
while [ $i -lt 400 ]; do
	seed=$(( (seed * 1103515245 + 12345) % 2147483648 ))
	T send-keys -t t "$(echo $monkey_keys | cut -d' ' -f$(( seed % nk + 1 )))"
	i=$((i + 1))
	[ $((i % 100)) -eq 0 ] && T resize-window -t t -x $((60 + seed % 150)) -y $((15 + seed % 50))
done
sleep 1
check_not "400 random keys and 4 resizes: still running" "EXIT="
T resize-window -t t -x 100 -y 30
keys Escape Escape Escape : q Enter
check "and quits cleanly after them" "EXIT=0"

# --- C-z suspends to the shell and fg brings the screen back --------------------
# (the shell's own echo runs when the job stops, so this one comes last)
start 100 30 env LANG=C.UTF-8
check "started for suspend" "Overview" 15
keys C-z
check "C-z suspends to the shell" "Stopped"
keys "clear; fg" Enter
check "fg brings the console back" "Overview"
keys q
sleep 0.5
keys "stty -a | tr ' ' '\\n' | grep -Ex -- '-?(echo|icanon)' | tr '\\n' ' '; echo" Enter
check "terminal sane after suspend and quit" "^icanon echo"

# --- the audit trail: the drain confirmed above, its reason and outcomes --------
keys "clear; $bin audit >$out/audit.txt 2>&1; echo AUDIT=\$?" Enter
check "narvik audit runs in the same shell and exits 0" "AUDIT=0"
if grep -Eq 'intent .*: drain gpu\[00001-00004\] \(4 nodes.*reason: screen test \[[^]]*@' "$out/audit.txt"; then
	ok "narvik audit shows the drain with its targets and reason"
else
	bad "narvik audit shows the drain with its targets and reason"; sed 's/^/| /' "$out/audit.txt"
fi
if grep -Eq 'request #[0-9]+\.[0-9]+ gpu00002: drain gpu00002 reason=screen test' "$out/audit.txt" &&
   grep -Eq 'outcome #[0-9]+\.[0-9]+ gpu0000[1-4]: ok' "$out/audit.txt"; then
	ok "narvik audit shows each request and its outcome"
else
	bad "narvik audit shows each request and its outcome"; sed 's/^/| /' "$out/audit.txt"
fi
if [ "$(stat -c %a "$XDG_STATE_HOME/narvik/audit.log" 2>/dev/null)" = 600 ]; then
	ok "the audit log is mode 600"
else
	bad "the audit log is mode 600"
fi

echo "screen: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
