# polis compare: its totals are the sums of separate `polis score` runs on
# the same file, its per-city decisions are byte-identical to theirs, and
# every format and usage error behaves.
source "$(dirname "$0")/common.bash"
LC=$SRC/policies/liaocheng.polis
JN=$SRC/policies/jinan.polis
CITIES=("$LC" "$YC" "$JN")
NAMES=(liaocheng yuncheng jinan)

# Sums over a decisions file: rows granted denied rejected person organizer,
# money in fen so that the comparison is exact.
sums() {
  awk -F, 'NR > 1 {
      n++; s[$2]++
      split($3, a, "."); p += a[1] * 100 + a[2]
      split($4, b, "."); o += b[1] * 100 + b[2]
    }
    END { printf "%d %d %d %d %d %d\n", n, s["granted"], s["denied"], s["rejected"], p, o }' "$1"
}
# A CSV file (quoted cells, no line breaks in them) as unit-separated fields.
unquote() {
  awk '{
    out = ""; f = ""; q = 0
    for (i = 1; i <= length($0); i++) {
      c = substr($0, i, 1)
      if (q) {
        if (c == "\"") { if (substr($0, i + 1, 1) == "\"") { f = f c; i++ } else q = 0 }
        else f = f c
      } else if (c == "\"") q = 1
      else if (c == ",") { out = out f "\037"; f = "" }
      else f = f c
    }
    print out f
  }' "$1"
}
US=$'\x1f'
# The same from the report CSV's summary row of city $2.
report_sums() {
  unquote "$1" | awk -F"$US" -v c="$2" '$1 == "summary" && $4 == c {
      split($10, a, "."); split($11, b, ".")
      printf "%d %d %d %d %d %d\n", $6, $7, $8, $9, a[1] * 100 + a[2], b[1] * 100 + b[2]
    }'
}

check_claims() {
  local claims=$1 tag=$2
  "$POLIS" compare "${CITIES[@]}" --claims "$claims" --format csv -o "$tag.csv" \
    --decisions "$tag-dec" --quiet || fail "compare on $tag"
  head -1 "$tag.csv" | grep -qx 'table,city,city_b,key,label,claims,granted,denied,rejected,person_amount,organizer_amount,total_amount,detail' \
    || fail "$tag: report CSV header: $(head -1 "$tag.csv")"
  local rows
  rows=$(($(wc -l < "$claims") - 1))
  for i in 0 1 2; do
    local name=${NAMES[$i]}
    "$POLIS" score "${CITIES[$i]}" --claims "$claims" -o "$tag-$name.csv" --quiet || fail "score $name"
    cmp -s "$tag-$name.csv" "$tag-dec/$name.csv" || fail "$tag: $name decisions differ from polis score's"
    ok
    local want got
    want=$(sums "$tag-$name.csv")
    got=$(report_sums "$tag.csv" "$name")
    [ -n "$got" ] || fail "$tag: no summary row for $name"
    [ "$got" = "$want" ] || fail "$tag: $name totals: compare says '$got', score says '$want'"
    [ "${want%% *}" -eq "$rows" ] || fail "$tag: $name has ${want%% *} decisions for $rows rows"
    ok
  done
  # Every pair is listed, and its difference groups add up to its count.
  for pair in "liaocheng yuncheng" "liaocheng jinan" "yuncheng jinan"; do
    set -- $pair
    local differ groups
    differ=$(unquote "$tag.csv" | awk -F"$US" -v a="$1" -v b="$2" '$1 == "pair" && $2 == a && $3 == b { print $6 }')
    groups=$(unquote "$tag.csv" | awk -F"$US" -v a="$1" -v b="$2" '$1 == "diff" && $2 == a && $3 == b { n += $6 } END { print n + 0 }')
    [ -n "$differ" ] || fail "$tag: no pair row for $pair"
    [ "$differ" -gt 0 ] || fail "$tag: $pair decide every claim alike?"
    [ "$differ" = "$groups" ] || fail "$tag: $pair: $differ differ, groups sum to $groups"
    # ... and it is what the two decisions files say.
    local want
    want=$(paste -d "$US" "$tag-$1.csv" "$tag-$2.csv" | awk -F"$US" 'NR > 1 {
        split($1, x, ","); split($2, y, ",")
        if (x[2] != y[2] || x[3] != y[3] || x[4] != y[4]) n++
      } END { print n + 0 }')
    [ "$differ" = "$want" ] || fail "$tag: $pair: compare says $differ differ, the files say $want"
    ok
  done
}

check_claims "$SAMPLE" sample

# Synthetic claims: the demo's input.
"$POLIS" gen --n 20000 --seed 11 -o claims-gen.csv 2>/dev/null || fail "polis gen"
check_claims claims-gen.csv gen

# The other formats carry the same totals.
"$POLIS" compare "${CITIES[@]}" --claims "$SAMPLE" --format json -o r.json --quiet || fail "json"
head -c1 r.json | grep -q '{' || fail "json does not start with {"
granted=$(awk '{print $2}' <<< "$(sums sample-liaocheng.csv)")
grep -q "\"granted\": *$granted" r.json || fail "json lacks liaocheng's granted count $granted"
ok
"$POLIS" compare "${CITIES[@]}" --claims "$SAMPLE" --format md -o r.md --quiet || fail "md"
grep -q '^| ' r.md || fail "md has no table"
ok
"$POLIS" compare "${CITIES[@]}" --claims "$SAMPLE" -o r.txt --quiet || fail "text"
grep -q '聊城' r.txt || fail "text report lacks 聊城"
grep -q "$granted" r.txt || fail "text report lacks liaocheng's granted count"
ok
# Same input, same bytes.
"$POLIS" compare "${CITIES[@]}" --claims "$SAMPLE" --format csv -o again.csv --quiet
cmp -s sample.csv again.csv || fail "two runs differ"
ok

# Progress on request; a summary line unless --quiet.
"$POLIS" compare "$YC" "$JN" --claims claims-gen.csv --progress -o /dev/null 2> err.txt || fail "progress run"
grep -q 'rows read' err.txt || fail "no progress line: $(cat err.txt)"
grep -q 'claims under 2 policies' err.txt || fail "no run summary: $(cat err.txt)"
ok

# --table applies to the policies that have the table (Yuncheng has none).
"$POLIS" compare "$LC" "$YC" --claims "$SAMPLE" --format csv -o t.csv --quiet \
  --table standard="$SRC/policies/standards/jinan.csv" || fail "compare --table"
"$POLIS" score "$LC" --claims "$SAMPLE" -o t-lc.csv --quiet \
  --table standard="$SRC/policies/standards/jinan.csv" || fail "score --table"
[ "$(report_sums t.csv liaocheng)" = "$(sums t-lc.csv)" ] || fail "--table: compare and score disagree"
[ "$(report_sums t.csv liaocheng)" != "$(report_sums sample.csv liaocheng)" ] || fail "--table changed nothing"
[ "$(report_sums t.csv yuncheng)" = "$(report_sums sample.csv yuncheng)" ] || fail "--table changed yuncheng"
ok

# Errors.
expect_exit() {
  local want=$1 msg=$2
  shift 2
  set +e
  "$@" > out.txt 2> err.txt
  local rc=$?
  set -e
  [ "$rc" -eq "$want" ] || fail "$* exited $rc, want $want"
  grep -q -- "$msg" err.txt || fail "$*: want '$msg' in: $(cat err.txt)"
  ok
}
expect_exit 2 "compare needs --claims" "$POLIS" compare "$YC"
expect_exit 2 "compare needs policy files" "$POLIS" compare --claims "$SAMPLE"
expect_exit 2 "unknown --format 'xml'" "$POLIS" compare "$YC" --claims "$SAMPLE" --format xml
expect_exit 2 "--examples needs a number" "$POLIS" compare "$YC" --claims "$SAMPLE" --examples 9
expect_exit 2 "unknown option '--bogus'" "$POLIS" compare "$YC" --claims "$SAMPLE" --bogus
expect_exit 1 "cannot open" "$POLIS" compare "$YC" --claims nonexistent.csv
printf 'policy broken "x"\nbenefit b "b" cite "1" when true pay person 1 yuan\n' > broken.polis
expect_exit 1 "broken.polis:" "$POLIS" compare "$YC" broken.polis --claims "$SAMPLE"
expect_exit 1 "none of the policies has such a table" "$POLIS" compare "$YC" --claims "$SAMPLE" --table nosuch=x.csv
expect_exit 2 "would overwrite the claims" "$POLIS" compare "$YC" --claims "$SAMPLE" --html "$SAMPLE"
expect_exit 1 "both policy 'yuncheng'" "$POLIS" compare "$YC" "$YC" --claims "$SAMPLE" --decisions d2
"$POLIS" compare --help | grep -q -- '--html FILE' || fail "compare --help"
ok
finish
