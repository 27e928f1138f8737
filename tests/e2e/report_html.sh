#!/usr/bin/env bash
# `polis compare --html`: the page opens in headless Chromium, the DOM the
# browser builds from it has the charts (one totals bar per city), the
# tables and the Chinese text, and the screenshot is a real, full image.
# Chromium and a Chinese font are test dependencies (the Makefile installs
# chromium and fonts-wqy-microhei): without them this test fails, it does not
# skip.
source "$(dirname "$0")/common.bash"
CHROMIUM=/usr/bin/chromium
[ -x "$CHROMIUM" ] || fail "$CHROMIUM not found: install Debian's chromium package ('make deps' does)"
fc-list :lang=zh family 2> /dev/null | grep -q . \
  || fail "no Chinese font: Chinese would render as boxes; install fonts-wqy-microhei or fonts-noto-cjk ('make deps' installs the first)"

"$POLIS" compare "$SRC/policies/liaocheng.polis" "$SRC/policies/yuncheng.polis" \
  "$SRC/policies/jinan.polis" --claims "$SAMPLE" --html report.html -o report.txt --quiet \
  || fail "polis compare --html failed"
[ -s report.html ] || fail "report.html is empty"; ok
# Self-contained: nothing to fetch.
! grep -qiE '<script|<link|<img| src=|url\(|@import' report.html \
  || fail "report.html loads something: $(grep -oiE '<script|<link|<img| src=|url\(|@import' report.html | head -3)"; ok
# The same run gives the same page (no wall time in it).
"$POLIS" compare "$SRC/policies/liaocheng.polis" "$SRC/policies/yuncheng.polis" \
  "$SRC/policies/jinan.polis" --claims "$SAMPLE" --html report2.html -o /dev/null --quiet
cmp -s report.html report2.html || fail "two runs give different HTML"; ok

chrome() {
  timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-dev-shm-usage --hide-scrollbars --user-data-dir="$WORK/profile" "$@" 2>> chromium.log
}
chrome --dump-dom "file://$WORK/report.html" > dom.html \
  || fail "chromium --dump-dom failed: $(tail -5 chromium.log)"
[ -s dom.html ] || fail "chromium dumped no DOM: $(tail -5 chromium.log)"; ok

# The element (by id) as the browser serialised it: from its start tag to
# the first matching end tag (no nesting of the same tag inside ours).
element() {
  awk -v id="$1" -v tag="$2" '
    !on && index($0, "<" tag " id=\"" id "\"") { on = 1; $0 = substr($0, index($0, "<" tag " id=\"" id "\"")) }
    on { print; if (index($0, "</" tag ">")) exit }' dom.html
}
totals=$(element chart-totals svg)
[ -n "$totals" ] || fail "no svg#chart-totals in the rendered DOM"; ok
bars=$(grep -o '<g class="bar"' <<< "$totals" | wc -l)
[ "$bars" -eq 3 ] || fail "svg#chart-totals has $bars bars, not one per city (3)"; ok
for c in liaocheng yuncheng jinan; do
  grep -q "data-city=\"$c\"" <<< "$totals" || fail "no totals bar for $c"
done; ok
benefits=$(element chart-benefits svg)
[ -n "$benefits" ] || fail "no svg#chart-benefits in the rendered DOM"; ok
grep -q '<g class="benefit" data-benefit="training">' <<< "$benefits" \
  || fail "svg#chart-benefits has no 'training' group"; ok
[ "$(grep -o '<rect class="bar"' <<< "$benefits" | wc -l)" -ge 9 ] \
  || fail "svg#chart-benefits has too few bars"; ok
for t in summary matrix sheet groups pairs; do
  [ -n "$(element "$t" table)" ] || fail "no table#$t in the rendered DOM"
done; ok
# The matrix: a heading row and one row per city, the upper triangle shaded.
matrix=$(element matrix table)
[ "$(grep -o '<tr>' <<< "$matrix" | wc -l)" -eq 4 ] || fail "table#matrix does not have 1 + 3 rows"; ok
[ "$(grep -o 'class="cell"' <<< "$matrix" | wc -l)" -eq 3 ] || fail "table#matrix has not 3 pair cells"; ok
grep -q '<section id="diffs">' dom.html || fail "no section#diffs"; ok
[ "$(grep -o '<details class="pair"' dom.html | wc -l)" -eq 3 ] || fail "not 3 pairs in section#diffs"; ok
for zh in 聊城市 运城市 济南市 职业培训补贴 人员类别; do
  grep -q "$zh" dom.html || fail "the rendered page lacks '$zh'"
done; ok
# The numbers on the page are the run's: the text report's totals.
total=$(grep -m1 '^  paid in all' report.txt | awk '{ print $4 }')
[ -n "$total" ] && grep -q "$total" dom.html || fail "the page lacks the total '$total' of report.txt"; ok

chrome --screenshot="$WORK/report.png" --window-size=1280,4000 "file://$WORK/report.html" > /dev/null \
  || fail "chromium --screenshot failed: $(tail -5 chromium.log)"
[ -f report.png ] || fail "no screenshot written: $(tail -5 chromium.log)"; ok
[ "$(head -c 8 report.png | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "report.png is not a PNG"; ok
# IHDR: width and height as asked; a blank page compresses to a few KB.
dims=$(od -An -tu1 -j16 -N8 report.png | awk '{ print $1*16777216+$2*65536+$3*256+$4 "x" $5*16777216+$6*65536+$7*256+$8 }')
[ "$dims" = 1280x4000 ] || fail "screenshot is $dims, not 1280x4000"; ok
size=$(wc -c < report.png)
[ "$size" -gt 150000 ] || fail "screenshot is only $size bytes: an empty page?"; ok
finish
