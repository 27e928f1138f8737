#!/usr/bin/env bash
# Scoring the bundled sample: one output row per input row, in input order,
# claims-v1 header, every status and amount well formed, deterministic.
source "$(dirname "$0")/common.bash"
"$POLIS" score "$YC" --claims "$SAMPLE" -o d1.csv 2> summary.txt
"$POLIS" score "$YC" --claims "$SAMPLE" -o d2.csv --quiet 2> quiet.txt
cmp d1.csv d2.csv || fail "two runs differ"; ok
[ ! -s quiet.txt ] || fail "--quiet still wrote to stderr: $(cat quiet.txt)"; ok
[ "$(head -1 d1.csv)" = "claim_id,status,person_amount,organizer_amount,total_amount,rules,reasons" ] \
  || fail "decisions header: $(head -1 d1.csv)"; ok
in_rows=$(($(wc -l < "$SAMPLE") - 1)); out_rows=$(($(wc -l < d1.csv) - 1))
[ "$in_rows" -eq "$out_rows" ] || fail "$in_rows input rows but $out_rows decisions"; ok
# Input order: claim ids come back in the same sequence (first column).
diff <(tail -n +2 "$SAMPLE" | cut -d, -f1) <(tail -n +2 d1.csv | cut -d, -f1) > /dev/null \
  || fail "decisions are not in input order"; ok
bad=$(tail -n +2 d1.csv | awk -F, '
  $2 !~ /^(granted|denied|rejected)$/ { print "status " $0; next }
  $3 !~ /^[0-9]+\.[0-9][0-9]$/ || $4 !~ /^[0-9]+\.[0-9][0-9]$/ || $5 !~ /^[0-9]+\.[0-9][0-9]$/ { print "amount " $0; next }
  { p = $3 * 100; o = $4 * 100; t = $5 * 100; if (p + o != t) print "sum " $0 }
  $2 == "granted" && $5 == "0.00" { print "granted with 0 " $0 }
  $2 != "granted" && $5 != "0.00" { print "not granted but paid " $0 }
  $2 == "rejected" && $7 == "" { print "rejected without reason " $0 }')
[ -z "$bad" ] || fail "malformed decisions:\n$bad"; ok
grep -q "^rows *1036: " summary.txt || fail "summary: $(cat summary.txt)"; ok
grep -q "sha256 *[0-9a-f]\{64\}" summary.txt || fail "no source hash in summary"; ok
# The summary's totals equal the sum of the decisions.
total=$(tail -n +2 d1.csv | awk -F, '{ s += $5 * 100 } END { printf "%.2f", s / 100 }')
grep -q "$total yuan in all" summary.txt || fail "summary total is not $total: $(grep 'in all' summary.txt)"; ok
# stdin in, stdout out.
"$POLIS" score "$YC" --claims - --quiet < "$SAMPLE" > d3.csv
cmp d1.csv d3.csv || fail "stdin/stdout scoring differs"; ok
finish
