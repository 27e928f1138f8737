#!/usr/bin/env bash
# `polis build --emit exe` makes a per-city binary whose `score` gives the
# same bytes as `polis score`; the other emit kinds produce what they say.
source "$(dirname "$0")/common.bash"
"$POLIS" build "$YC" -o yuncheng 2> build.txt || fail "build: $(cat build.txt)"
[ -x yuncheng ] || fail "no executable"; ok
./yuncheng score --claims "$SAMPLE" -o exe.csv --quiet
"$POLIS" score "$YC" --claims "$SAMPLE" -o jit.csv --quiet
cmp exe.csv jit.csv || fail "executable and JIT decisions differ"; ok
# Capture first: grep -q closing the pipe early must not fail the test.
./yuncheng describe > describe.txt
grep -q "运政办发〔2020〕14号" describe.txt || fail "describe lacks the document"; ok
./yuncheng --version > version.txt
grep -q "yuncheng" version.txt || fail "--version"; ok
"$POLIS" build "$YC" --emit obj -o yc.o 2>/dev/null
nm yc.o > nm.txt
grep -q " T polis_policy_v1" nm.txt || fail "object does not export polis_policy_v1"; ok
"$POLIS" build "$YC" --emit shared -o libyc.so 2>/dev/null
nm -D libyc.so > nmd.txt
grep -q " T polis_policy_v1" nmd.txt || fail "shared library does not export polis_policy_v1"; ok
"$POLIS" build "$YC" --emit llvm -o yc.ll 2>/dev/null
grep -q "define .*@polis_policy_v1" yc.ll || fail "no polis_policy_v1 in LLVM IR"; ok
"$POLIS" build "$YC" --emit asm -o yc.s 2>/dev/null
grep -q "polis_policy_v1:" yc.s || fail "no polis_policy_v1 in assembly"; ok
# A usage error is exit 2 with a hint, not a crash.
set +e
"$POLIS" build "$YC" --emit wasm 2> err.txt; rc=$?
set -e
[ $rc -eq 2 ] && grep -q "unknown --emit kind 'wasm'" err.txt || fail "bad --emit: rc=$rc $(cat err.txt)"; ok
finish
