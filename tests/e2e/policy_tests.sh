#!/usr/bin/env bash
# The tests written inside every policy pass, and a broken expectation fails
# with its source location.
source "$(dirname "$0")/common.bash"
"$POLIS" test "$SRC"/policies/*.polis > out.txt 2> err.txt || fail "policy tests failed: $(cat out.txt err.txt)"
grep -q "^[0-9]* passed, 0 failed$" out.txt || fail "no summary: $(cat out.txt)"; ok
n=$(tail -1 out.txt | cut -d' ' -f1)
[ "$n" -ge 15 ] || fail "only $n policy tests ran"; ok
cp "$SRC/policies/claims-v1.polis" .
sed 's/expect organizer 600 yuan/expect organizer 650 yuan/' "$YC" > broken.polis
set +e
"$POLIS" test broken.polis > bout.txt 2>/dev/null; rc=$?
set -e
[ $rc -eq 1 ] || fail "a failing policy test exits $rc"; ok
grep -q "^broken.polis:[0-9]*:[0-9]*: FAIL .*expected organizer 650.00 yuan, got 600.00" bout.txt \
  || fail "failure report: $(cat bout.txt)"; ok
grep -q "passed, 1 failed$" bout.txt || fail "failure count: $(cat bout.txt)"; ok
finish
