#!/usr/bin/env bash
# Golden diagnostics.
#
#   bash tests/golden/run.sh POLIS SOURCE_DIR
#
# For every tests/golden/NAME.polis: cd into tests/golden (so paths in the
# messages are relative and stable), run `POLIS check --no-color NAME.polis`
# and compare its stderr plus a final line `exit: N` with NAME.expected.
# A mismatch prints a unified diff.  UPDATE=1 (re)writes the .expected files
# instead of comparing.  Exits non-zero if anything did not match; the last
# line is always "N passed, N failed".
set -u

if [ $# -lt 2 ]; then
  echo "usage: $0 POLIS SOURCE_DIR" >&2
  exit 2
fi

polis=$1
src=$2
case "$polis" in
  /*) ;;
  *) polis="$(cd "$(dirname "$polis")" && pwd)/$(basename "$polis")" ;;
esac
if [ ! -x "$polis" ]; then
  echo "run.sh: '$polis' is not an executable" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
cd "$src/tests/golden" || { echo "0 passed, 1 failed"; exit 1; }

# Stable output whatever the caller's environment.
export LC_ALL=C.UTF-8
unset NO_COLOR

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

passed=0
failed=0
shopt -s nullglob
for input in *.polis; do
  name=${input%.polis}
  "$polis" check --no-color "$input" >/dev/null 2>"$tmp"
  rc=$?
  printf 'exit: %d\n' "$rc" >>"$tmp"
  if [ "${UPDATE:-0}" = 1 ]; then
    if [ -f "$name.expected" ] && cmp -s "$tmp" "$name.expected"; then
      :
    else
      cp "$tmp" "$name.expected"
      echo "updated $name.expected"
    fi
    passed=$((passed + 1))
    continue
  fi
  if [ ! -f "$name.expected" ]; then
    echo "FAIL $name: no $name.expected (run with UPDATE=1 to create it)"
    failed=$((failed + 1))
    continue
  fi
  if diff -u --label "$name.expected" --label "$name (actual)" "$name.expected" "$tmp"; then
    passed=$((passed + 1))
  else
    echo "FAIL $name"
    failed=$((failed + 1))
  fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
