#!/usr/bin/env bash
# scripts/fuzz.sh (the test command's fuzz run, scripts/fuzz-lib.sh) with two tiny libFuzzer targets
# built here: a clean one passes and is reported; one that crashes on a known input fails the run,
# has its input kept in new-crashes/<name>/ with the instruction to move it into
# fuzz-regressions/<name>/; and an input already in fuzz-regressions/<name>/ is run first (a
# regression that comes back fails at once). Needs clang with libFuzzer (scripts/setup.sh test).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fails=0
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fails=$((fails + 1)); fi; }

mkdir -p "$T/bin" "$T/data/fuzz-seeds/democlean" "$T/data/fuzz-regressions/demoregress"
cat >"$T/clean.cpp" <<'CPP'
#include <cstddef>
#include <cstdint>
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* d, std::size_t n) { return n > 0 && d[0] == 0 ? 0 : 0; }
CPP
# Crashes on any input that starts with "XY" (libFuzzer finds it within seconds from the seed "X").
cat >"$T/crash.cpp" <<'CPP'
#include <cstddef>
#include <cstdint>
#include <cstdlib>
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* d, std::size_t n) {
  if (n >= 2 && d[0] == 'X' && d[1] == 'Y') std::abort();
  return 0;
}
CPP
clang++ -g -fsanitize=fuzzer,address,undefined "$T/clean.cpp" -o "$T/bin/fuzz_democlean"
clang++ -g -fsanitize=fuzzer,address,undefined "$T/crash.cpp" -o "$T/bin/fuzz_democrash"
cp "$T/bin/fuzz_democrash" "$T/bin/fuzz_demoregress"
echo "hello" >"$T/data/fuzz-seeds/democlean/seed"
mkdir -p "$T/data/fuzz-seeds/democrash"; printf 'X' >"$T/data/fuzz-seeds/democrash/seed"
printf 'XYZ' >"$T/data/fuzz-regressions/demoregress/crash-found-last-year"

run() {  # run TARGET... → exit code; output in $T/out, $T/err
  local rc=0
  (cd "$ROOT" && FUZZ_NO_BUILD=1 FUZZ_BIN_DIR="$T/bin" FUZZ_OUT="$T/out-dir" FUZZ_DATA="$T/data" \
     bash scripts/fuzz.sh 4 "$@") >"$T/out" 2>"$T/err" || rc=$?
  echo "$rc"
}

rc=$(run fuzz_democlean)
check "a clean target passes" '[ "$rc" = 0 ]'
check "its row: no crash, executions counted" 'grep -qE "^\| fuzz_democlean \| 4 \| [1-9][0-9]* \| [0-9]+ \| [0-9]+ \| [0-9]+ \| 0 \|$" "$T/out"'

rc=$(run fuzz_democlean fuzz_democrash)
check "a crash fails the run" '[ "$rc" = 1 ]'
check "the clean target still ran" 'grep -q "^| fuzz_democlean | 4 |.* 0 |$" "$T/out"'
check "the crash row counts one crash" 'grep -q "^| fuzz_democrash | 4 |.* 1 |$" "$T/out"'
kept=$(ls "$T/out-dir/new-crashes/democrash/" 2>/dev/null | head -n1)
check "the crashing input is kept in new-crashes/democrash/" '[ -n "$kept" ] && [ "$(head -c2 "$T/out-dir/new-crashes/democrash/$kept")" = XY ]'
check "the instruction names fuzz-regressions/democrash" 'grep -qF "mv $T/out-dir/new-crashes/democrash/$kept $T/data/fuzz-regressions/democrash/" "$T/err"'
check "the sanitizer report is shown" 'grep -qE "ERROR: (libFuzzer|AddressSanitizer)" "$T/err"'

rc=$(run fuzz_demoregress)
check "a past crash in fuzz-regressions/ fails at once" '[ "$rc" = 1 ] && [ "$(cat "$T/out-dir/new-crashes/demoregress/"*)" = XYZ ]'

[ "$fails" = 0 ] || { echo "--- out"; cat "$T/out"; echo "--- err"; cat "$T/err"; exit 1; }
