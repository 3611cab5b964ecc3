#!/usr/bin/env bash
# The test command (README, .ci/run): installs what is missing, builds, runs every suite —
# unit, conformance, CLI end-to-end against NSD/dnsdist on loopback, the wasm module under
# Node, the page in headless Chromium, install and Debian package — through one ctest run; then
# fuzzes every libFuzzer target for FUZZ_SECONDS (default 15) each and runs the unit and
# conformance suites once more under ASan+UBSan, both in the clang tree build/fuzz (preset fuzz).
# Prints each part's wall time at the end, also when a part fails.
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-2}
FUZZ_SECONDS=${FUZZ_SECONDS:-15}

part_names=(); part_secs=(); part_status=()
times() {
  local i total=0
  echo "== test: wall time per part"
  for i in "${!part_names[@]}"; do
    printf '   %-18s %4dm %02ds  %s\n' "${part_names[$i]}" $((part_secs[i] / 60)) $((part_secs[i] % 60)) "${part_status[$i]}"
    total=$((total + part_secs[i]))
  done
  printf '   %-18s %4dm %02ds\n' total $((total / 60)) $((total % 60))
}
trap times EXIT
# part NAME COMMAND...: runs the command, records its wall time and whether it passed.
part() {
  local name=$1 start=$SECONDS rc=0
  shift
  "$@" || rc=$?
  part_names+=("$name"); part_secs+=($((SECONDS - start)))
  if [ "$rc" = 0 ]; then part_status+=(ok); else part_status+=("FAILED (exit $rc)"); fi
  return "$rc"
}

part setup bash scripts/setup.sh test
part build bash scripts/build.sh all
echo "== test: ctest (build/native)"
part ctest ctest --test-dir build/native --output-on-failure -j"$JOBS" --timeout 600

# The sanitised clang tree: libFuzzer targets and the GoogleTest suites, ASan+UBSan, UB fatal.
sanitised_build() {
  cmake --preset fuzz >/dev/null
  cmake --build build/fuzz -j"$JOBS" --target "$@"
}
echo "== test: fuzz build (build/fuzz, clang, ASan+UBSan)"
part "fuzz build" sanitised_build fuzzers
echo "== test: fuzz run (${FUZZ_SECONDS}s per target)"
fuzz_failed=0
part "fuzz run" env FUZZ_NO_BUILD=1 bash scripts/fuzz.sh "$FUZZ_SECONDS" || fuzz_failed=1
echo "== test: unit and conformance suites under ASan+UBSan (build/fuzz)"
part "sanitised build" sanitised_build cxx_suites
part "sanitised tests" env ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build/fuzz -L '^(unit|conformance)$' --output-on-failure -j"$JOBS" --timeout 900
if [ "$fuzz_failed" = 1 ]; then
  echo "!! test: the fuzz run found a crash (above; inputs in build/fuzz/new-crashes/)" >&2
  exit 1
fi
