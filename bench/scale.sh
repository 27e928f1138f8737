#!/usr/bin/env bash
# Throughput and memory of `polis score` as the claims file grows.
# Usage: [CITY=yuncheng] bench/scale.sh [POLIS] [ROWS...]   (default rows: 100000 1000000)
# Claims are the bundled sample replicated with fresh claim and person ids,
# so limits and the ledger work as on real data.  Prints rows/s and the peak
# resident memory of each run, measured side by side in one invocation.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
POLIS=${1:-$here/build/polis}
CITY=${CITY:-yuncheng}   # any policies/CITY.polis
shift || true
sizes=("${@:-100000 1000000}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$POLIS" build "$here/policies/$CITY.polis" -o "$work/$CITY" 2>/dev/null
for n in ${sizes[@]}; do
  f=$work/claims-$n.csv
  head -1 "$here/samples/claims-sample.csv" > "$f"
  # Copy k of the sample: claim ids get a suffix, person ids keep their
  # check digit valid by changing only the sequence digits 15-17 (and the
  # check digit is recomputed by awk).
  tail -n +2 "$here/samples/claims-sample.csv" | awk -F, -v OFS=, -v n="$n" '
    BEGIN { split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " "); cd = "10X98765432" }
    { rows[NR] = $0 } 
    END {
      k = 0
      while (k < n) {
        for (i = 1; i <= NR && k < n; i++) {
          $0 = rows[i]; rep = int(k / NR)
          $1 = $1 "-" rep
          if (length($2) == 18) {
            body = substr($2, 1, 14) sprintf("%03d", (substr($2, 15, 3) + rep) % 1000)
            s = 0; for (j = 1; j <= 17; j++) s += substr(body, j, 1) * w[j]
            $2 = body substr(cd, s % 11 + 1, 1)
          }
          print; k++
        }
      }
    }' >> "$f"
  for mode in jit exe; do
    if [ $mode = jit ]; then cmd=("$POLIS" score "$here/policies/$CITY.polis"); else cmd=("$work/$CITY" score); fi
    /usr/bin/time -f "%e %M" -o "$work/time" "${cmd[@]}" --claims "$f" -o "$work/out.csv" --quiet
    read -r secs kb < "$work/time"
    awk -v n="$n" -v s="$secs" -v kb="$kb" -v m="$mode" \
      'BEGIN { printf "%-4s rows %9d  %6.2f s  %10.0f rows/s  peak RSS %7.1f MiB\n", m, n, s, (s > 0 ? n / s : 0), kb / 1024 }'
  done
done
