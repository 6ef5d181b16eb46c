#!/bin/sh
# Run the unit test binaries named on the command line (from build dir $1),
# and print one closing line: "unit: N passed, N failed".
build=$1; shift
pass=0; fail=0; failed=""
for t in "$@"; do
	out=$("$build/tests/test_$t" 2>&1); rc=$?
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
	pass=$((pass + ${p:-0})); fail=$((fail + ${f:-0}))
	if [ $rc -ne 0 ]; then
		[ -z "$f" ] && fail=$((fail + 1))
		failed="$failed $t"
		printf '%s\n' "$out"
	else
		printf 'test_%-12s %s passed\n' "$t" "${p:-0}"
	fi
done
[ -n "$failed" ] && echo "failing unit tests:$failed"
echo "unit: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ -z "$failed" ]
