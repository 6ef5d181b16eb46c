#!/bin/sh
# make check: every suite in turn, then one closing line CI can read.
build=$1; shift
total_p=0; total_f=0; rc=0
run_suite() {
	name=$1; shift
	out=$("$@" 2>&1); r=$?
	printf '%s\n' "$out"
	line=$(printf '%s\n' "$out" | grep -E '^[a-z-]+: [0-9]+ passed, [0-9]+ failed' | tail -n 1)
	p=$(printf '%s' "$line" | sed -n 's/.*: \([0-9]*\) passed.*/\1/p')
	f=$(printf '%s' "$line" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
	if [ -z "$line" ]; then
		echo "$name: suite printed no result line"; f=1; p=0
	fi
	[ $r -ne 0 ] && [ "${f:-0}" -eq 0 ] && f=1
	total_p=$((total_p + ${p:-0})); total_f=$((total_f + ${f:-0}))
	[ $r -ne 0 ] && rc=1
	return 0
}
run_suite unit sh tests/run-unit.sh "$build" "$@"
[ -f tests/screen/run.sh ] && run_suite screen sh tests/screen/run.sh "$build"
[ -f tests/integration/run.sh ] && run_suite integration sh tests/integration/run.sh "$build"
echo "$total_p passed, $total_f failed"
exit $rc
