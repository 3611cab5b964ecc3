# Shared by scripts/fuzz.sh (the test command's fuzz run, short) and scripts/fuzz-campaign.sh (long):
# run one libFuzzer target of build/fuzz (preset fuzz: clang, ASan+UBSan, UB fatal) for a fixed time,
# starting from its seeds (tests/data/fuzz-seeds/<name>/) and past crashes
# (tests/data/fuzz-regressions/<name>/), and report what it did. Sourced, not run.
#
#   fuzz_run_target fuzz_<name> SECONDS   → 0 clean, 1 crash/leak/timeout/OOM (input kept, see below)
# Sets FUZZ_EXECS, FUZZ_COV, FUZZ_FT, FUZZ_CORPUS (units in libFuzzer's corpus at the end),
# FUZZ_CRASHES (inputs that failed), FUZZ_WALL (seconds); appends a row to FUZZ_ROWS.
# A failing input is copied to build/fuzz/new-crashes/<name>/ with the instruction that makes it a
# regression test (tests/CMakeLists.txt: fuzz_replay.<name> replays tests/data/fuzz-regressions/<name>/).

FUZZ_BIN_DIR=${FUZZ_BIN_DIR:-build/fuzz/tests/fuzz}
FUZZ_OUT=${FUZZ_OUT:-build/fuzz}
FUZZ_DATA=${FUZZ_DATA:-tests/data}  # fuzz-seeds/<name>/ and fuzz-regressions/<name>/ below it
FUZZ_ROWS=()

fuzz_targets() {
  local f
  for f in tests/fuzz/fuzz_*.cpp; do basename "$f" .cpp; done
}

# fuzz_run_all SECONDS [TARGET...]: builds the fuzzers (unless FUZZ_NO_BUILD=1), then runs each target
# (default: every tests/fuzz/fuzz_*.cpp) for SECONDS. Sets FUZZ_TARGETS and FUZZ_FAILED (arrays).
fuzz_run_all() {
  local secs=$1 t
  shift
  if [ "${FUZZ_NO_BUILD:-}" != 1 ]; then
    cmake --preset fuzz >/dev/null
    cmake --build build/fuzz -j"${JOBS:-2}" --target fuzzers
  fi
  FUZZ_TARGETS=("$@")
  [ ${#FUZZ_TARGETS[@]} -eq 0 ] && mapfile -t FUZZ_TARGETS < <(fuzz_targets)
  FUZZ_FAILED=()
  for t in "${FUZZ_TARGETS[@]}"; do
    fuzz_run_target "$t" "$secs" || FUZZ_FAILED+=("$t")
  done
}

fuzz_run_target() {
  local t=$1 secs=$2 name=${1#fuzz_}
  local bin=$FUZZ_BIN_DIR/$t corpus=$FUZZ_OUT/corpus/$t artifacts=$FUZZ_OUT/artifacts/$t
  local log=$FUZZ_OUT/logs/$t.log seeds=$FUZZ_DATA/fuzz-seeds/$name regressions=$FUZZ_DATA/fuzz-regressions/$name
  local dict=tests/fuzz/$name.dict
  FUZZ_EXECS=0 FUZZ_COV=0 FUZZ_FT=0 FUZZ_CORPUS=0 FUZZ_CRASHES=0 FUZZ_WALL=0
  if [ ! -x "$bin" ]; then
    echo "fuzz: $bin is missing (build the fuzzers: cmake --preset fuzz && cmake --build build/fuzz --target fuzzers)" >&2
    FUZZ_CRASHES=1
    FUZZ_ROWS+=("| $t | $secs | missing | | | | 1 |")
    return 1
  fi
  mkdir -p "$corpus" "$FUZZ_OUT/logs"
  rm -rf "$artifacts"; mkdir -p "$artifacts"
  local opts=(-max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$artifacts/"
              -print_final_stats=1 -print_pcs=0)
  [ -f "$dict" ] && opts+=(-dict="$dict")
  local dirs=("$corpus")
  [ -d "$seeds" ] && dirs+=("$seeds")
  [ -d "$regressions" ] && dirs+=("$regressions")
  echo "== fuzz: $t for ${secs}s (seeds: $( [ -d "$seeds" ] && ls "$seeds" | wc -l || echo 0), regressions: $( [ -d "$regressions" ] && ls "$regressions" | wc -l || echo 0))"
  local start=$SECONDS rc=0
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1} \
    "$bin" "${opts[@]}" "${dirs[@]}" >"$log" 2>&1 || rc=$?
  FUZZ_WALL=$((SECONDS - start))
  FUZZ_EXECS=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
  # The last status line: "#123456 DONE cov: 812 ft: 3456 corp: 420/31Kb ..." (or the last pulse).
  local last
  last=$(grep -E '^#[0-9]+[[:space:]]' "$log" | grep -E 'cov: ' | tail -n1 || true)
  FUZZ_COV=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  FUZZ_FT=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  FUZZ_CORPUS=$(sed -n 's/.* corp: \([0-9]*\)\/.*/\1/p' <<<"$last")
  : "${FUZZ_EXECS:=0}" "${FUZZ_COV:=0}" "${FUZZ_FT:=0}" "${FUZZ_CORPUS:=0}"
  local found=()
  local f
  for f in "$artifacts"/crash-* "$artifacts"/leak-* "$artifacts"/timeout-* "$artifacts"/oom-*; do
    [ -f "$f" ] && found+=("$f")
  done
  FUZZ_CRASHES=${#found[@]}
  if [ "$rc" != 0 ] && [ "$FUZZ_CRASHES" = 0 ]; then
    FUZZ_CRASHES=1  # it stopped with no input to blame (a crash in start-up): the log says why
  fi
  printf '   %s executions, cov %s, ft %s, corpus %s, %ss\n' "$FUZZ_EXECS" "$FUZZ_COV" "$FUZZ_FT" "$FUZZ_CORPUS" "$FUZZ_WALL"
  FUZZ_ROWS+=("| $t | $secs | $FUZZ_EXECS | $FUZZ_COV | $FUZZ_FT | $FUZZ_CORPUS | $FUZZ_CRASHES |")
  if [ "$FUZZ_CRASHES" = 0 ]; then
    return 0
  fi
  echo "!! fuzz: $t FAILED (exit $rc); from $log:" >&2
  grep -E '^(==[0-9]+== ?ERROR|SUMMARY|.*runtime error|ERROR: libFuzzer|    #[0-5] )' "$log" | head -n 20 >&2 || true
  local keep=$FUZZ_OUT/new-crashes/$name
  mkdir -p "$keep"
  for f in "${found[@]}"; do
    cp "$f" "$keep/"
    echo "!! kept $keep/$(basename "$f"): reproduce with  $bin $keep/$(basename "$f")" >&2
    echo "!! after fixing, make it a regression test:  mkdir -p $regressions && mv $keep/$(basename "$f") $regressions/<what-it-was>" >&2
  done
  [ ${#found[@]} -eq 0 ] && echo "!! no input was written; see $log" >&2
  return 1
}

fuzz_table() {
  echo "| target | seconds | executions | cov | ft | corpus | new crashes |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${FUZZ_ROWS[@]}"
}
