#!/usr/bin/env bash
# Malformed claims never crash and never lose a row; a malformed policy gets
# diagnostics with file:line:col and a caret; usage errors exit 2.
source "$(dirname "$0")/common.bash"
printf 'claim_id,person_id,claim_date,training_type,occupation,start_date,end_date\n' > h.csv
printf 'a,142702198503121235,2020-03-01,employment_skill,"电工\n多行",2020-02-01,2020-02-10\n' >> h.csv
printf 'b,142702198503121235,2020-03-01,employment_skill,电工,2020-02-01\n' >> h.csv
printf '\n' >> h.csv
printf ',142702198503121235,2020-03-01,employment_skill,电工,2020-02-01,2020-02-10\n' >> h.csv
printf 'd,142702198503121235,2020-02-30,employment_skill,电工,2020-02-01,2020-02-10\n' >> h.csv
printf 'e,142702198503121235,2020-03-01,employment_skill,"unterminated,2020-02-01,2020-02-10\n' >> h.csv
"$POLIS" score "$YC" --claims h.csv -o d.csv --quiet || fail "scoring malformed input failed"
# Five records (the quoted multi-line cell is one; the blank line is none).
[ "$(tail -n +2 d.csv | cut -d, -f1 | tr '\n' ' ')" = "a b  d e " ] || fail "rows lost or reordered: $(cat d.csv)"; ok
[ "$(col d.csv a 2)" = denied ] || fail "multi-line quoted cell: $(col d.csv a 2)"; ok
[ "$(col d.csv b 2)" = rejected ] && [ "$(col d.csv b 7)" = bad_column_count ] || fail "short row"; ok
[ "$(col d.csv d 7)" = bad_date:claim_date ] || fail "Feb 30: $(col d.csv d 7)"; ok
grep -q '^,rejected,.*missing_required:claim_id' d.csv || fail "empty claim_id: $(cat d.csv)"; ok
[ "$(col d.csv e 2)" = rejected ] && [ "$(col d.csv e 7)" = bad_quoting ] || fail "unterminated quote: $(cat d.csv)"; ok
# A header without a required column is an error, not a file of rejections.
printf 'claim_id,person_id\nx,142702198503121235\n' > nohdr.csv
set +e
"$POLIS" score "$YC" --claims nohdr.csv -o nd.csv 2> err.txt; rc=$?
set -e
[ $rc -ne 0 ] && grep -q "no column 'claim_date'" err.txt || fail "missing column: rc=$rc $(cat err.txt)"; ok
# Missing file.
set +e
"$POLIS" score "$YC" --claims does-not-exist.csv 2> err.txt; rc=$?
set -e
[ $rc -ne 0 ] && grep -q "does-not-exist.csv" err.txt || fail "missing file: $(cat err.txt)"; ok
# A broken policy: several errors in one run, each with file:line:col and a caret.
cp "$SRC/policies/claims-v1.polis" .
cat > bad.polis <<'POL'
policy bad "坏的政策" source "测试〔2020〕1号"
import "claims-v1.polis"
category k "重点" cite "第1条" = rual_migrant or college_grad
benefit b "补贴" cite "第2条"
  when k pay person 300 + fee
benefit c "补贴" cite "第3条"
  when k，pay person 100 yuan
POL
set +e
"$POLIS" check bad.polis 2> err.txt; rc=$?
set -e
[ $rc -eq 1 ] || fail "check of a bad policy exits $rc"; ok
grep -q "^bad.polis:3:30: error: unknown name 'rual_migrant'" err.txt || fail "unknown name: $(cat err.txt)"; ok
grep -q "did you mean 'rural_migrant'" err.txt || fail "no suggestion"; ok
grep -q "^bad.polis:5:21: error: cannot add int to money" err.txt || fail "unit error: $(cat err.txt)"; ok
grep -q "^bad.polis:7:9: error: full-width comma '，' (U+FF0C)" err.txt || fail "full-width: $(cat err.txt)"; ok
grep -q "^ *| *\^" err.txt || fail "no caret line"; ok
set +e
"$POLIS" frobnicate 2> err.txt; rc=$?
set -e
[ $rc -eq 2 ] || fail "unknown command exits $rc"; ok
finish
