#!/usr/bin/env bash
# `polis compare` against separate `polis score` runs on the same claims.
# Usage: [SEED=1] bench/compare.sh [POLIS] [ROWS] [CITY...]
#   (default 1000000 rows; liaocheng yuncheng jinan)
# Both sides are timed in this one invocation, alternating, twice each, so
# the ratio is measured side by side on the same machine state.  The score
# runs write decisions, compare writes only its report, as each would be
# used; compare --decisions is timed too, for the like-for-like ratio.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
POLIS=${1:-$here/build/polis}
ROWS=${2:-1000000}
shift 2 || shift $# || true
cities=("${@:-liaocheng yuncheng jinan}")
cities=(${cities[@]})
SEED=${SEED:-1}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
f=$work/claims.csv
"$POLIS" gen --n "$ROWS" --seed "$SEED" --no-progress -o "$f"
pols=()
for c in "${cities[@]}"; do pols+=("$here/policies/$c.polis"); done

timed() { # label, command...: prints seconds and peak RSS
  local label=$1
  shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > /dev/null
  read -r secs kb < "$work/time"
  echo "$label $secs $kb"
}
separate() {
  local t=0 m=0
  for p in "${pols[@]}"; do
    /usr/bin/time -f "%e %M" -o "$work/time" "$POLIS" score "$p" --claims "$f" -o "$work/d.csv" --quiet
    read -r secs kb < "$work/time"
    t=$(awk -v a="$t" -v b="$secs" 'BEGIN { print a + b }')
    [ "$kb" -gt "$m" ] && m=$kb
  done
  echo "separate $t $m"
}
{
  for round in 1 2; do
    separate
    timed compare "$POLIS" compare "${pols[@]}" --claims "$f" --quiet --no-progress -o "$work/r.txt"
    timed compare+decisions "$POLIS" compare "${pols[@]}" --claims "$f" --quiet --no-progress \
      -o "$work/r.txt" --decisions "$work/dec"
  done
} | awk -v n="$ROWS" -v k="${#pols[@]}" -v cities="${cities[*]}" '
  { s[$1] += $2; c[$1]++; if ($3 > m[$1]) m[$1] = $3; order[$1] = ++seen[$1] == 1 ? ++no : order[$1]; name[order[$1]] = $1 }
  END {
    printf "%d rows, %d cities (%s), mean of %d rounds\n", n, k, cities, c["separate"]
    base = s["separate"] / c["separate"]
    for (i = 1; i <= no; i++) {
      x = name[i]; t = s[x] / c[x]
      printf "  %-18s %7.2f s  %9.0f claim-evaluations/s  peak RSS %6.1f MiB  %5.2fx\n", x, t, n * k / t, m[x] / 1024, base / t
    }
  }'
