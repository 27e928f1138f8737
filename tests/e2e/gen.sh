#!/usr/bin/env bash
# `polis gen`: deterministic output, one decision per generated row under the
# schema and every city, rejected rows exactly the invalid resident IDs, and
# the command line's errors.
source "$(dirname "$0")/common.bash"

"$POLIS" gen --n 3000 --seed 7 -o a.csv
"$POLIS" gen --n 3000 --seed 7 -o b.csv
cmp a.csv b.csv || fail "two runs with one seed differ"; ok
"$POLIS" gen --n 3000 --seed 8 -o c.csv
! cmp -s a.csv c.csv || fail "seeds 7 and 8 give the same claims"; ok
"$POLIS" gen --n 3000 --seed 7 > d.csv
cmp a.csv d.csv || fail "standard output differs from -o"; ok
"$POLIS" gen --n 3k --seed 7 --no-progress -o e.csv
cmp a.csv e.csv || fail "--n 3k is not --n 3000"; ok
# A person at a time: the first 1000 rows do not depend on --n.
"$POLIS" gen --n 1000 --seed 7 -o f.csv
cmp f.csv <(head -1001 a.csv) || fail "--n 1000 is not the first 1000 rows of --n 3000"; ok

[ "$(wc -l < a.csv)" -eq 3001 ] || fail "$(wc -l < a.csv) lines, expected 3001"; ok
want=claim_id,person_id,district,department,claim_date,groups,hukou_local,residence_months,insured_months,receives_pension,business_months,training_type,occupation,level,certificate,start_date,end_date,days,hours_total,hours_online,fee,organizer_type,organizer_id,organizer_free,class_id,class_employment_rate
[ "$(head -1 a.csv)" = "$want" ] || fail "header: $(head -1 a.csv)"; ok
[ "$(tail -n +2 a.csv | cut -d, -f1 | sort -u | wc -l)" -eq 3000 ] || fail "claim ids are not unique"; ok

# Row numbers (1-based, data rows) of invalid resident IDs, checked here
# independently of the runtime: length, digits, GB 11643 check digit, date.
bad_ids() {
  tail -n +2 "$1" | awk -F, '
    BEGIN { split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " "); cd = "10X98765432"
            split("31 28 31 30 31 30 31 31 30 31 30 31", dim, " ") }
    function bad(id,   s, j, y, m, d, leap) {
      if (length(id) != 18 || substr(id, 1, 17) !~ /^[0-9]+$/) return 1
      s = 0; for (j = 1; j <= 17; j++) s += substr(id, j, 1) * w[j]
      if (toupper(substr(id, 18, 1)) != substr(cd, s % 11 + 1, 1)) return 1
      y = substr(id, 7, 4) + 0; m = substr(id, 11, 2) + 0; d = substr(id, 13, 2) + 0
      leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
      if (y < 1900 || m < 1 || m > 12 || d < 1) return 1
      return d > dim[m] + (m == 2 && leap)
    }
    bad($2) { print NR }'
}
bad_ids a.csv > bad.txt
nbad=$(wc -l < bad.txt)
[ "$nbad" -ge 12 ] && [ "$nbad" -le 50 ] || fail "$nbad invalid IDs in 3000 rows (default share 1%)"; ok

# Scored by the bare schema and by every city: one decision per row, in
# order, and the rejected rows are exactly the invalid IDs, for bad_id_*.
for p in claims-v1 liaocheng yuncheng jinan dezhou taian; do
  "$POLIS" score "$SRC/policies/$p.polis" --claims a.csv -o "dec-$p.csv" --quiet \
    || fail "scoring with $p failed"
  [ "$(wc -l < "dec-$p.csv")" -eq 3001 ] || fail "$p: $(wc -l < "dec-$p.csv") decision lines"; ok
  diff <(cut -d, -f1 a.csv) <(cut -d, -f1 "dec-$p.csv") > /dev/null \
    || fail "$p: decisions are not one per row in input order"; ok
  tail -n +2 "dec-$p.csv" | awk -F, '$2 == "rejected" { print NR }' > "rej-$p.txt"
  cmp -s bad.txt "rej-$p.txt" \
    || fail "$p: rejected rows $(paste -sd' ' "rej-$p.txt" | cut -c1-200) are not the invalid IDs $(paste -sd' ' bad.txt | cut -c1-200)"; ok
  others=$(tail -n +2 "dec-$p.csv" | awk -F, '$2 == "rejected" && $7 !~ /^bad_id_(length|checksum|birth_date):person_id$/')
  [ -z "$others" ] || fail "$p: rejected for another reason: $(echo "$others" | head -3)"; ok
  if [ $p != claims-v1 ]; then
    g=$(awk -F, '$2 == "granted"' "dec-$p.csv" | wc -l)
    d=$(awk -F, '$2 == "denied"' "dec-$p.csv" | wc -l)
    [ "$g" -gt 300 ] && [ "$d" -gt 300 ] || fail "$p: only $g granted and $d denied"; ok
  fi
done
# All three kinds of invalid ID occur.
for k in length checksum birth_date; do
  grep -q "bad_id_$k:person_id" dec-claims-v1.csv || fail "no bad_id_$k in 3000 rows"; ok
done
# The cities differ on the same claims (the point of the comparison).
sums=$(for p in liaocheng yuncheng jinan dezhou taian; do
  awk -F, 'NR > 1 { s += $5 * 100 } END { printf "%d\n", s }' "dec-$p.csv"; done | sort -u | wc -l)
[ "$sums" -eq 5 ] || fail "the five cities pay equal totals"; ok

# --invalid-share 0: nothing is rejected.
"$POLIS" gen --n 2000 --seed 3 --invalid-share 0 -o clean.csv
"$POLIS" score "$SRC/policies/claims-v1.polis" --claims clean.csv -o dec-clean.csv --quiet
[ "$(grep -c ',rejected,' dec-clean.csv)" -eq 0 ] || fail "--invalid-share 0 still has rejected rows"; ok
"$POLIS" gen --n 2000 --seed 3 --invalid-share 10% -o ten.csv
nbad=$(bad_ids ten.csv | wc -l)
[ "$nbad" -ge 140 ] && [ "$nbad" -le 260 ] || fail "--invalid-share 10%: $nbad of 2000 invalid"; ok
# --city: only that city's districts.
"$POLIS" gen --n 500 --city liaocheng -o lc.csv
[ -z "$(tail -n +2 lc.csv | cut -d, -f3 | grep -v -x -E '市本级|东昌府区|茌平区|临清市|冠县|莘县|阳谷县|东阿县|高唐县|经济技术开发区|高新技术产业开发区|江北水城旅游度假区')" ] \
  || fail "--city liaocheng has other districts"; ok

# Usage errors: status 2 and a message; nothing written.
usage() {
  local rc=0
  "$POLIS" gen "$@" -o never.csv > out.txt 2> err.txt || rc=$?
  [ $rc -eq 2 ] || fail "gen $* exited $rc, expected 2"
  grep -q "^polis: error: " err.txt || fail "gen $*: no error message: $(cat err.txt)"
  [ ! -e never.csv ] || fail "gen $*: wrote a file"
  ok
}
usage --n x
usage --n 0
usage --n -3
usage --seed abc
usage --invalid-share 1.5
usage --city paris
usage --bogus
usage extra.csv
usage --n
grep -q "needs a positive integer" <("$POLIS" gen --n x 2>&1) || fail "--n x: message"; ok
"$POLIS" gen --help > help.txt || fail "--help exited $?"; ok
grep -q -- "--invalid-share" help.txt || fail "--help does not mention --invalid-share"; ok
# A write error is status 1 with a message.
if [ -w /dev/full ]; then
  rc=0; "$POLIS" gen --n 1000 -o /dev/full 2> err.txt || rc=$?
  [ $rc -eq 1 ] && grep -q "cannot write" err.txt || fail "/dev/full: status $rc, $(cat err.txt)"; ok
fi
rc=0; "$POLIS" gen -o /nonexistent-dir/x.csv 2> err.txt || rc=$?
[ $rc -eq 1 ] && grep -q "cannot open for writing" err.txt || fail "bad -o: status $rc, $(cat err.txt)"; ok
# Progress goes to standard error only, and is cleared.
"$POLIS" gen --n 200000 --progress -o p.csv 2> progress.txt
"$POLIS" gen --n 200000 -o q.csv 2> noprogress.txt
cmp p.csv q.csv || fail "--progress changed the output"; ok
[ ! -s noprogress.txt ] || fail "progress without --progress on a non-terminal"; ok
finish
