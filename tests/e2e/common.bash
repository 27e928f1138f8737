# Shared set-up for the end-to-end tests: $1 polis binary, $2 source dir,
# $3 a scratch directory of the test's own.
set -euo pipefail
POLIS=$1
SRC=$2
WORK=$3
rm -rf "$WORK"
mkdir -p "$WORK"
cd "$WORK"
YC=$SRC/policies/yuncheng.polis
SAMPLE=$SRC/samples/claims-sample.csv
checks=0
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { checks=$((checks + 1)); }
# Column N of the decision row for claim_id $2 in decisions file $1.
col() { awk -F, -v id="$2" -v c="$3" '$1 == id { print $c }' "$1"; }
finish() { echo "$checks passed, 0 failed"; }
