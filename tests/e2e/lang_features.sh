#!/usr/bin/env bash
# The language features end to end (tests/e2e/lang/features.polis): the
# tests inside the policy, scoring with a standards table and a swapped one
# (--table), tranches, windows, scoped and conditional limits across a
# ledger, quota reports, and the stand-alone executable agreeing with the JIT.
source "$(dirname "$0")/common.bash"
L=$SRC/tests/e2e/lang
cp "$L"/features.polis "$L"/standard.csv "$L"/standard-alt.csv .
sed -i 's#"../../../policies/#"'"$SRC"'/policies/#' features.polis

"$POLIS" check features.polis 2> check.txt || fail "check: $(cat check.txt)"
grep -q "features.polis: ok" check.txt || fail "check not clean: $(cat check.txt)"; ok
"$POLIS" test features.polis > t.txt 2>&1 || fail "tests: $(cat t.txt)"
grep -q "^9 passed, 0 failed$" t.txt || fail "test count: $(cat t.txt)"; ok

H=claim_id,person_id,district,claim_date,groups,training_type,occupation,level,start_date,end_date,class_employment_rate,fee
cat > claims.csv <<CSV
$H
t1,142702198503121235,甲区,2019-03-01,rural_migrant,employment_skill,电工,junior,2019-02-01,2019-02-10,,0
t2,142702198503121235,乙区,2019-04-01,rural_migrant,employment_skill,焊工,senior,2019-03-01,2019-03-10,,0
p1,14270219900708234X,甲区,2019-05-01,,project_based,电工,senior,2019-04-01,2019-04-10,90,0
p2,14270219900708234X,丙区,2019-06-01,,project_based,电工,junior,2019-05-01,2019-05-10,50,0
p3,14270219900708234X,甲区,2020-06-01,,project_based,电工,junior,2020-05-01,2020-05-10,,0
w1,142725197801013451,,2020-12-31,hard_to_employ,employment_skill,电工,none,2020-12-01,2020-12-10,,0
w2,142725197801013451,,2021-01-01,hard_to_employ,employment_skill,焊工,none,2021-01-01,2021-01-10,,0
v1,140802199505054564,,2020-01-01,veteran,employment_skill,电工,junior,2020-01-01,2020-01-10,,300
CSV
"$POLIS" score features.polis --claims claims.csv -o d.csv --quota-report q.csv 2> s.txt \
  || fail "score: $(cat s.txt)"
[ "$(col d.csv t1 3)" = 1000.00 ] || fail "table amount: $(cat d.csv)"; ok
[ "$(col d.csv t2 2)" = denied ] && col d.csv t2 7 | grep -q no_entry_in_standard \
  || fail "empty table cell: $(grep ^t2 d.csv)"; ok
[ "$(col d.csv p1 4)" = 1600.00 ] || fail "tranche at 90%: $(grep ^p1 d.csv)"; ok
[ "$(col d.csv p2 4)" = 600.00 ] && col d.csv p2 7 | grep -q balance_withheld \
  || fail "tranche at 50%: $(grep ^p2 d.csv)"; ok
[ "$(col d.csv p3 4)" = 600.00 ] && col d.csv p3 7 | grep -q balance_pending \
  || fail "tranche pending: $(grep ^p3 d.csv)"; ok
[ "$(col d.csv w1 3)" = 150.00 ] || fail "window, last day: $(grep ^w1 d.csv)"; ok
[ "$(col d.csv w2 2)" = denied ] || fail "window closed: $(grep ^w2 d.csv)"; ok
[ "$(col d.csv v1 3)" = 300.00 ] && [ "$(col d.csv v1 6)" = vet ] || fail "exception: $(grep ^v1 d.csv)"; ok
grep -q "^plan,甲区,10,2$" q.csv || fail "quota 甲区: $(cat q.csv)"; ok
grep -q "^plan,(other),0,1$" q.csv || fail "quota other: $(cat q.csv)"; ok
grep -q "^plan,(total),30,3$" q.csv || fail "quota total: $(cat q.csv)"; ok
grep -q "甲区" s.txt || fail "quota in the summary: $(cat s.txt)"; ok

# --table swaps the standards table without editing the policy.
"$POLIS" score features.polis --table standard=standard-alt.csv --claims claims.csv -o alt.csv 2> a.txt \
  || fail "score --table: $(cat a.txt)"
[ "$(col alt.csv t1 3)" = 1111.00 ] || fail "--table amount: $(grep ^t1 alt.csv)"; ok
h1=$(grep '^sha256' s.txt); h2=$(grep '^sha256' a.txt)
[ -n "$h1" ] && [ "$h1" != "$h2" ] || fail "the source hash must cover the table: '$h1' '$h2'"; ok
set +e
"$POLIS" check features.polis --table nosuch=standard-alt.csv 2> bad.txt; rc=$?
set -e
[ $rc -ne 0 ] && grep -q "the policy has no such table" bad.txt || fail "--table unknown: $(cat bad.txt)"; ok

# `limit once per person for training while veteran` across runs, via the ledger.
printf '%s\n' "$H" "v2,140802199505054564,,2020-03-01,veteran|hard_to_employ,employment_skill,焊工,junior,2020-03-01,2020-03-10,,300" > more.csv
"$POLIS" score features.polis --claims claims.csv -o /dev/null --ledger led.csv -q || fail "ledger run 1"
"$POLIS" score features.polis --claims more.csv -o d2.csv --ledger led.csv -q || fail "ledger run 2"
# The veteran's free training is used up; the living allowance still pays.
[ "$(col d2.csv v2 2)" = granted ] && [ "$(col d2.csv v2 3)" = 150.00 ] && [ "$(col d2.csv v2 6)" = living ] \
  && col d2.csv v2 7 | grep -q lifetime_limit_training || fail "scoped limit across runs: $(cat d2.csv)"; ok

# The stand-alone executable decides exactly like the JIT.
"$POLIS" build features.polis -o demo-exe 2> b.txt || fail "build: $(cat b.txt)"
./demo-exe score --claims claims.csv -o e.csv -q || fail "exe score"
cmp -s d.csv e.csv || fail "exe and JIT differ: $(diff d.csv e.csv)"; ok
finish
