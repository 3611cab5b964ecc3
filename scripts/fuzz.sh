#!/usr/bin/env bash
# Builds the libFuzzer targets (preset "fuzz", clang) and runs each for a bounded time.
#   scripts/fuzz.sh [SECONDS_PER_TARGET=60] [TARGET...]
# Corpora grow in build/fuzz/corpus/<target>; crashes land in build/fuzz/artifacts/ — copy a crash
# into tests/data/fuzz-regressions/<target>/ and the replay test turns it into a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}; shift || true
cmake --preset fuzz >/dev/null
cmake --build build/fuzz -j"${JOBS:-2}"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in tests/fuzz/fuzz_*.cpp; do targets+=("$(basename "$f" .cpp)"); done
fi
mkdir -p build/fuzz/artifacts
for t in "${targets[@]}"; do
  corpus=build/fuzz/corpus/$t; mkdir -p "$corpus"
  seeds=tests/data/fuzz-seeds/${t#fuzz_}
  dict=tests/fuzz/${t#fuzz_}.dict
  opts=(-max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -artifact_prefix=build/fuzz/artifacts/"$t"- -print_final_stats=1)
  [ -f "$dict" ] && opts+=(-dict="$dict")
  dirs=("$corpus"); [ -d "$seeds" ] && dirs+=("$seeds")
  echo "== fuzz: $t for ${secs}s"
  "build/fuzz/tests/fuzz/$t" "${opts[@]}" "${dirs[@]}" 2>&1 | grep -E "stat::number_of_executed_units|stat::peak_rss|ERROR|SUMMARY" || true
done
