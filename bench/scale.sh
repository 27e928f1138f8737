#!/usr/bin/env bash
# Throughput and memory of `polis score` as the claims file grows.
# Usage: [CITY=yuncheng] [SEED=1] bench/scale.sh [POLIS] [ROWS...]   (default rows: 100000 1000000)
# Claims come from `polis gen --n ROWS --seed SEED`: persons of all five
# cities with 1-6 claims each and 1% invalid IDs, the same file whatever the
# CITY, so limits and the ledger work as on real data and cities compare on
# equal input.  Prints rows/s and the peak resident memory of each run,
# measured side by side in one invocation.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
POLIS=${1:-$here/build/polis}
CITY=${CITY:-yuncheng}   # any policies/CITY.polis
SEED=${SEED:-1}
shift || true
sizes=("${@:-100000 1000000}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$POLIS" build "$here/policies/$CITY.polis" -o "$work/$CITY" 2>/dev/null
for n in ${sizes[@]}; do
  f=$work/claims-$n.csv
  "$POLIS" gen --n "$n" --seed "$SEED" --no-progress -o "$f"
  for mode in jit exe; do
    if [ $mode = jit ]; then cmd=("$POLIS" score "$here/policies/$CITY.polis"); else cmd=("$work/$CITY" score); fi
    /usr/bin/time -f "%e %M" -o "$work/time" "${cmd[@]}" --claims "$f" -o "$work/out.csv" --quiet
    read -r secs kb < "$work/time"
    awk -v n="$n" -v s="$secs" -v kb="$kb" -v m="$mode" \
      'BEGIN { printf "%-4s rows %9d  %6.2f s  %10.0f rows/s  peak RSS %7.1f MiB\n", m, n, s, (s > 0 ? n / s : 0), kb / 1024 }'
  done
done
