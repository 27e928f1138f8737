#!/usr/bin/env bash
# Per-person limits apply in (claim_date, claim_id) order whatever the input
# order: shuffling the rows changes no decision.
source "$(dirname "$0")/common.bash"
cat > claims.csv <<'CSV'
claim_id,person_id,claim_date,groups,training_type,occupation,level,fee,start_date,end_date
p1-oct,142702198503121235,2020-10-01,rural_migrant,employment_skill,美容师,junior,500,2020-09-01,2020-09-10
p1-mar,142702198503121235,2020-03-01,rural_migrant,employment_skill,电工,junior,500,2020-02-01,2020-02-10
p1-apr,142702198503121235,2020-04-01,rural_migrant,employment_skill,焊工,junior,500,2020-03-01,2020-03-10
p1-may,142702198503121235,2020-05-01,rural_migrant,employment_skill,育婴员,junior,500,2020-04-01,2020-04-10
p1-next,142702198503121235,2021-01-15,rural_migrant,employment_skill,保安员,junior,500,2020-12-01,2020-12-10
p2-a,14270219900708234X,2020-03-01,rural_migrant,employment_skill,电工,junior,500,2020-02-01,2020-02-10
p2-b,14270219900708234X,2020-05-01,rural_migrant,employment_skill,电工,junior,500,2020-04-01,2020-04-10
p2-c,14270219900708234X,2020-06-01,rural_migrant,employment_skill,电工,intermediate,500,2020-05-01,2020-05-10
p3-zero,142725197801013451,2020-01-01,poor_labor,employment_skill,电工,junior,0,2019-12-01,2019-12-10
p3-a,142725197801013451,2020-02-01,rural_migrant,employment_skill,电工,junior,400,2020-01-01,2020-01-10
p3-same-day-b,142725197801013451,2020-03-01,rural_migrant,employment_skill,焊工,junior,400,2020-02-01,2020-02-10
p3-same-day-a,142725197801013451,2020-03-01,rural_migrant,employment_skill,焊工,junior,400,2020-02-01,2020-02-10
bad-id,142702198503121236,2020-03-01,rural_migrant,employment_skill,电工,junior,500,2020-02-01,2020-02-10
CSV
"$POLIS" score "$YC" --claims claims.csv -o d.csv --quiet
[ "$(col d.csv p1-oct 2)" = denied ] || fail "4th training in 2020 not denied"; ok
[ "$(col d.csv p1-oct 7)" = yearly_limit ] || fail "4th training reason: $(col d.csv p1-oct 7)"; ok
for c in p1-mar p1-apr p1-may p1-next; do [ "$(col d.csv $c 2)" = granted ] || fail "$c not granted"; ok; done
[ "$(col d.csv p2-b 2)" = denied ] && [ "$(col d.csv p2-b 7)" = repeat_occupation_level ] || fail "repeat not denied"; ok
[ "$(col d.csv p2-c 2)" = granted ] || fail "same occupation, higher level should be granted"; ok
# A claim that earns nothing uses no slot and blocks nothing.
[ "$(col d.csv p3-zero 2)" = denied ] && [ "$(col d.csv p3-a 2)" = granted ] || fail "zero claim used a slot"; ok
# Same date: claim_id decides the order ("p3-same-day-a" < "p3-same-day-b").
[ "$(col d.csv p3-same-day-a 2)" = granted ] && [ "$(col d.csv p3-same-day-b 2)" = denied ] \
  || fail "same-day tie not broken by claim_id"; ok
[ "$(col d.csv bad-id 2)" = rejected ] && [ "$(col d.csv bad-id 7)" = bad_id_checksum:person_id ] \
  || fail "bad check digit not rejected"; ok
# Reverse and rotate the rows: the same decision for every claim.
{ head -1 claims.csv; tail -n +2 claims.csv | tac; } > reversed.csv
{ head -1 claims.csv; tail -n +2 claims.csv | awk 'NR % 3 == 0' ; tail -n +2 claims.csv | awk 'NR % 3 != 0'; } > rotated.csv
for f in reversed rotated; do
  "$POLIS" score "$YC" --claims $f.csv -o d-$f.csv --quiet
  diff <(tail -n +2 d.csv | sort) <(tail -n +2 d-$f.csv | sort) || fail "$f input changes decisions"; ok
  diff <(tail -n +2 $f.csv | cut -d, -f1) <(tail -n +2 d-$f.csv | cut -d, -f1) || fail "$f: not in input order"; ok
done
# The same on the whole sample, shuffled deterministically.
"$POLIS" score "$YC" --claims "$SAMPLE" -o s.csv --quiet
{ head -1 "$SAMPLE"; tail -n +2 "$SAMPLE" | awk '{ printf "%08d\t%s\n", (NR * 7919) % 1036, $0 }' | sort | cut -f2-; } > shuffled.csv
"$POLIS" score "$YC" --claims shuffled.csv -o s2.csv --quiet
# Duplicated claim ids are rejected on their second occurrence, which moves
# with the shuffle; compare the others.
diff <(tail -n +2 s.csv | grep -v duplicate_claim_id | grep -v '^YC00001,' | sort) \
     <(tail -n +2 s2.csv | grep -v duplicate_claim_id | grep -v '^YC00001,' | sort) \
  || fail "shuffled sample changes decisions"; ok
finish
