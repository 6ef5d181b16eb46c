#!/bin/sh
# Headless end-to-end tests of the narvik binary: --once, --json, --check,
# config files and their errors. Prints "integration: N passed, N failed".
build=${1:-build}
bin="$(pwd)/$build/narvik"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "not ok - $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/| /' | head -20; }

# Every test starts from an empty config home so the user's files never leak in.
export XDG_CONFIG_HOME="$tmp/xdg"
mkdir -p "$XDG_CONFIG_HOME"

# --- the JSON snapshot of the full-size demo site --------------------------
if "$bin" --demo --once --json >"$tmp/snap.json" 2>"$tmp/err"; then
	ok "--once --json exits 0"
else
	bad "--once --json exits 0" "$(cat "$tmp/err")"
fi
if python3 - "$tmp/snap.json" <<'EOF' >"$tmp/py" 2>&1
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == 1, "schema"
assert d["site"]["name"] == "norway-1", d["site"]
for k in ("sources", "power", "racks", "nodes", "cdus", "jobs", "alerts"):
    assert k in d, k
assert len(d["nodes"]) == 12500, len(d["nodes"])
assert sum(len(n["gpus"]) for n in d["nodes"]) == 100000
assert len(d["racks"]) == 1563, len(d["racks"])
assert len(d["cdus"]) == 98, len(d["cdus"])
assert all(s["ok"] and s["complete"] for s in d["sources"]), d["sources"]
p = d["power"]
assert p["supply_w"] > 1e8 and p["draw_w"] > 1e7, p
g = d["nodes"][0]["gpus"][0]
for k in ("index", "temp_c", "power_w", "util_pct", "xid"):
    assert k in g, k
# a value that never arrived is null, never 0: the demo has no CPU load
assert d["nodes"][0].get("load", None) is None or d["nodes"][0]["load"] is None
assert all(n["state"] for n in d["nodes"])
assert len(d["jobs"]) > 10
print("ok")
EOF
then ok "the snapshot has the whole site, every source complete"; else bad "snapshot content" "$(cat "$tmp/py")"; fi

# --- determinism: the same seed gives the same site ------------------------
"$bin" --demo --demo-scale 512 --seed 7 --once --json | python3 -c '
import json,sys; d=json.load(sys.stdin); print(json.dumps([[g["temp_c"] for g in n["gpus"]] for n in d["nodes"]]))' >"$tmp/a" 2>&1
"$bin" --demo --demo-scale 512 --seed 7 --once --json | python3 -c '
import json,sys; d=json.load(sys.stdin); print(json.dumps([[g["temp_c"] for g in n["gpus"]] for n in d["nodes"]]))' >"$tmp/b" 2>&1
"$bin" --demo --demo-scale 512 --seed 8 --once --json | python3 -c '
import json,sys; d=json.load(sys.stdin); print(json.dumps([[g["temp_c"] for g in n["gpus"]] for n in d["nodes"]]))' >"$tmp/c" 2>&1
if cmp -s "$tmp/a" "$tmp/b" && ! cmp -s "$tmp/a" "$tmp/c" && [ -s "$tmp/a" ]; then
	ok "--seed makes the demo deterministic"
else
	bad "--seed makes the demo deterministic" "$(head -c 300 "$tmp/a")"
fi

# --- text summary and --check ------------------------------------------------
out=$("$bin" --demo --demo-scale 4096 --once 2>&1)
if printf '%s' "$out" | grep -q "GPUs:" && printf '%s' "$out" | grep -q "power:"; then
	ok "--once prints a text summary"
else
	bad "--once prints a text summary" "$out"
fi
out=$("$bin" --demo --demo-scale 4096 --check 2>&1); rc=$?
if printf '%s' "$out" | grep -Eq '^NARVIK (OK|WARNING|CRITICAL) - ' && [ $rc -le 2 ]; then
	ok "--check prints one plugin line (exit $rc)"
else
	bad "--check prints one plugin line" "rc=$rc $out"
fi
case "$out" in
	"NARVIK OK"*) exp=0 ;; "NARVIK WARNING"*) exp=1 ;; *) exp=2 ;;
esac
if [ "$rc" -eq "$exp" ]; then ok "--check exit status matches its line"; else bad "--check exit status $rc vs line" "$out"; fi

# --- several sites -------------------------------------------------------------------
"$bin" --demo --demo-sites 3 --demo-scale 1024 --once --json >"$tmp/fleet.json" 2>"$tmp/err"
if python3 -c '
import json,sys; d=json.load(open(sys.argv[1]))
assert d["schema"] == 1 and len(d["sites"]) == 3, d.keys()
assert [s["site"]["name"] for s in d["sites"]] == ["norway-1", "texas-1", "eu-milan"]
' "$tmp/fleet.json" 2>"$tmp/py"; then ok "several sites print {schema, sites: [...]}"; else bad "fleet JSON" "$(cat "$tmp/py")"; fi
"$bin" --demo --demo-sites 3 --demo-scale 1024 --site texas-1 --once --json >"$tmp/one.json" 2>"$tmp/err"
if python3 -c '
import json,sys; d=json.load(open(sys.argv[1])); assert d["site"]["name"] == "texas-1"' "$tmp/one.json" 2>"$tmp/py"; then
	ok "--site narrows the snapshot to one site"
else
	bad "--site narrows" "$(cat "$tmp/py" "$tmp/err")"
fi

# --- config files --------------------------------------------------------------------
cat >"$tmp/good.conf" <<'EOF'
[narvik]
theme = mono
[site "lab"]
read_only = yes
gpu_temp_warn = 70
gpu_temp_crit = 80
[demo]
scale = 256
seed = 3
EOF
out=$("$bin" -c "$tmp/good.conf" --once --json 2>&1)
if printf '%s' "$out" | python3 -c '
import json,sys; d=json.load(sys.stdin); assert d["site"]["read_only"] is True, d["site"]; assert len(d["nodes"]) == 32' 2>"$tmp/py"; then
	ok "a config file sets the demo scale and read_only"
else
	bad "config file applied" "$(cat "$tmp/py") $out"
fi

printf '[site]\nname = x\nintervall = 5\n' >"$tmp/bad.conf"
out=$("$bin" -c "$tmp/bad.conf" --once 2>&1); rc=$?
if [ $rc -ne 0 ] && printf '%s' "$out" | grep -q "bad.conf:3:"; then
	ok "a bad config line is reported with file and line"
else
	bad "bad config line" "rc=$rc $out"
fi
out=$("$bin" -c "$tmp/bad.conf" --check 2>&1); rc=$?
if [ $rc -eq 3 ]; then ok "--check with a bad config exits 3 (unknown)"; else bad "--check bad config rc=$rc" "$out"; fi

printf '[site]\nname = x\n[prometheus]\nurl = http://127.0.0.1:1\ntoken = s3cret\n' >"$tmp/secret.conf"
chmod 644 "$tmp/secret.conf"
out=$("$bin" -c "$tmp/secret.conf" --once 2>&1); rc=$?
if [ $rc -ne 0 ] && printf '%s' "$out" | grep -q "chmod 600" && ! printf '%s' "$out" | grep -q s3cret; then
	ok "a literal secret in a readable file is refused without echoing it"
else
	bad "secret refusal" "rc=$rc $out"
fi

printf 'kind,name,hall,row,rack,slot,bmc\nnode,gpu00001,H1,H1-R01,H1-R01-K01,0,\nnod,gpu2,H1,H1-R01,H1-R01-K01,1,\n' >"$tmp/inv.csv"
printf '[site "inv"]\ninventory = %s\n[demo]\nscale = 64\n' "$tmp/inv.csv" >"$tmp/inv.conf"
out=$("$bin" -c "$tmp/inv.conf" --once 2>&1); rc=$?
if [ $rc -ne 0 ] && printf '%s' "$out" | grep -q "inv.csv:3:"; then
	ok "a bad inventory line is reported with file and line"
else
	bad "bad inventory line" "rc=$rc $out"
fi

printf '[site "p"]\nlayout = gpu[00001-0010 nodes_per_rack=8\n[demo]\n' >"$tmp/layout.conf"
out=$("$bin" -c "$tmp/layout.conf" --once 2>&1); rc=$?
if [ $rc -ne 0 ] && printf '%s' "$out" | grep -q "layout.conf:1: layout: .*unbalanced"; then
	ok "a bad naming pattern is reported with file and line"
else
	bad "bad layout" "rc=$rc $out"
fi

out=$("$bin" --demo --theme nosuch --once 2>&1); rc=$?
if [ $rc -ne 0 ] && printf '%s' "$out" | grep -qi "theme"; then ok "an unknown theme is an error"; else bad "unknown theme" "$out"; fi
out=$("$bin" --no-such-flag 2>&1); rc=$?
if [ $rc -eq 2 ] && printf '%s' "$out" | grep -q "usage"; then ok "an unknown flag prints usage and exits 2"; else bad "unknown flag" "$out"; fi
out=$("$bin" --help-config 2>&1)
if printf '%s' "$out" | grep -q "power_margin_pct" && printf '%s' "$out" | grep -q "gpu_temp_warn"; then
	ok "--help-config lists the options table"
else
	bad "--help-config" "$out"
fi
out=$("$bin" --help-keys 2>&1)
if printf '%s' "$out" | grep -q "node.drain"; then ok "--help-keys lists the keymap"; else bad "--help-keys" "$out"; fi
out=$("$bin" --demo </dev/null 2>&1); rc=$?
if [ $rc -ne 0 ] && printf '%s' "$out" | grep -q "not a terminal"; then
	ok "the console refuses a non-terminal and names the headless modes"
else
	bad "non-terminal" "rc=$rc $out"
fi

echo "integration: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
