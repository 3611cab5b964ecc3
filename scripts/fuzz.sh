#!/usr/bin/env bash
# Builds the libFuzzer targets (preset "fuzz": clang, ASan+UBSan) and runs each for a fixed time,
# starting from its seeds and past crashes (scripts/fuzz-lib.sh). The test command runs it with
# FUZZ_SECONDS (default 15) per target after the suites; a longer run: scripts/fuzz-campaign.sh.
#   scripts/fuzz.sh [SECONDS_PER_TARGET=60] [TARGET...]      (FUZZ_NO_BUILD=1: the fuzzers are built)
# Corpora grow in build/fuzz/corpus/<target>; a crash, leak, timeout or OOM fails the run (exit 1)
# and its input is kept in build/fuzz/new-crashes/<name>/ with the instruction to move it into
# tests/data/fuzz-regressions/<name>/, where fuzz_replay.<name> makes it a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}; shift || true
. scripts/fuzz-lib.sh
fuzz_run_all "$secs" "$@"
echo "== fuzz: ${#FUZZ_TARGETS[@]} targets, ${secs}s each"
fuzz_table
if [ ${#FUZZ_FAILED[@]} -gt 0 ]; then
  echo "!! fuzz: ${#FUZZ_FAILED[@]} target(s) failed: ${FUZZ_FAILED[*]} (inputs in ${FUZZ_OUT:-build/fuzz}/new-crashes/)" >&2
  exit 1
fi
