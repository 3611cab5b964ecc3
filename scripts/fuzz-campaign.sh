#!/usr/bin/env bash
# A long fuzzing campaign (overnight): every target for SECONDS each (default an hour: 24 targets
# ≈ 24 h on one core), then a summary per target — seconds, executions, coverage (cov: edges,
# ft: features), corpus units, new crashes — in build/fuzz/campaign-summary.md (and on stdout).
#   scripts/fuzz-campaign.sh [SECONDS_PER_TARGET=3600] [TARGET...]
# Corpora persist in build/fuzz/corpus/<target> (a second campaign continues from the first);
# crashes are kept as scripts/fuzz.sh keeps them (build/fuzz/new-crashes/). Exit 1 if any target
# failed. FUZZ_NO_BUILD=1 skips building the fuzzers.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-3600}; shift || true
. scripts/fuzz-lib.sh
summary=build/fuzz/campaign-summary.md
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
fuzz_run_all "$secs" "$@"
{
  echo "# Fuzz campaign"
  echo
  echo "Started $started, finished $(date -u +%Y-%m-%dT%H:%M:%SZ); ${#FUZZ_TARGETS[@]} targets, ${secs} s each;"
  echo "$(nproc) cores, load average at the end $(cut -d' ' -f1-3 /proc/loadavg); commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')."
  echo "cov = edges covered, ft = coverage features, corpus = units in libFuzzer's corpus at the end."
  echo
  fuzz_table
  echo
  if [ ${#FUZZ_FAILED[@]} -gt 0 ]; then
    echo "Failed: ${FUZZ_FAILED[*]} — inputs in build/fuzz/new-crashes/<name>/ (move each into tests/data/fuzz-regressions/<name>/ once fixed)."
  else
    echo "No new crashes."
  fi
} >"$summary"
cat "$summary"
echo "== campaign summary: $summary"
[ ${#FUZZ_FAILED[@]} -eq 0 ]
