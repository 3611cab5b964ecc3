#!/usr/bin/env bash
# Runs every benchmark and prints its figures. Benchmarks measure; nothing here is a test.
#
#   scripts/bench.sh BUILD_DIR [WASM_BUILD_DIR]
#
# BUILD_DIR: a native tree configured with -DAUTHLENS_BENCH=ON (targets spf_eval dkim_verify analyze
# dns_rounds are built here if missing). WASM_BUILD_DIR (optional): an emcmake tree that built authlens_wasm;
# the bench modules are linked into WASM_BUILD_DIR/bench-wasm by tests/bench/wasm/build.sh.
# DNS benchmarks start the tests/e2e/dns_servers.sh fixture in a temporary folder (move its ports with
# AUTHLENS_NSD_PORT, AUTHLENS_DNSDIST_PORT, AUTHLENS_DOH_PORT, AUTHLENS_DOHS_PORT, AUTHLENS_DELAY_PORT,
# AUTHLENS_HOSTILE_PORT when another tree runs it) and stop it at the end.
# Env: BENCH_RUNS (DNS runs, default 9), BENCH_MESSAGES (DKIM and analysis corpus, default 2000),
# BENCH_WASM_MESSAGES (analyses under Node, default 500), BENCH_SECONDS (CPU seconds per figure, default 1).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
B=${1:?usage: scripts/bench.sh BUILD_DIR [WASM_BUILD_DIR]}
W=${2:-}
RUNS=${BENCH_RUNS:-9}
MESSAGES=${BENCH_MESSAGES:-2000}
SECONDS_PER=${BENCH_SECONDS:-1}
bin=$B/tests/bench
section() { printf '\n==== %s\n' "$*"; }

for t in spf_eval dkim_verify analyze dns_rounds; do
  [ -x "$bin/$t" ] || cmake --build "$B" --target "$t" -j2 >/dev/null || echo "bench: could not build $t"
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/authlens-bench.XXXXXX")
state=$tmp/dns-state
cleanup() {
  [ -f "$state/dns_servers.env" ] && sh tests/e2e/dns_servers.sh stop "$state" >/dev/null 2>&1
  rm -rf "$tmp"
}
trap cleanup EXIT

section "machine"
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(uname -m)"

section "SPF: tests/bench/spf_eval (issue 5)"
[ -x "$bin/spf_eval" ] && "$bin/spf_eval" --seconds "$SECONDS_PER"

section "DKIM: tests/bench/dkim_verify, native (issue 4)"
[ -x "$bin/dkim_verify" ] && "$bin/dkim_verify" --messages "$MESSAGES" --seconds "$SECONDS_PER" --write-corpus "$tmp/dkim-corpus"

if [ -n "$W" ]; then
  section "DKIM: the wasm build under Node (issue 4)"
  if [ ! -f "$W/bench-wasm/dkim_verify.js" ] || [ ! -f "$W/bench-wasm/authlens.mjs" ]; then
    tests/bench/wasm/build.sh "$W" || echo "bench: some bench wasm programs could not be linked (see above)"
  fi
  [ -f "$W/bench-wasm/dkim_verify.js" ] && node --no-experimental-fetch "$W/bench-wasm/dkim_verify.js" --messages "$MESSAGES" --seconds "$SECONDS_PER"
  [ -f "$W/wasm/authlens.mjs" ] && [ -d "$tmp/dkim-corpus" ] &&
    node tests/bench/dkim_verify.mjs --corpus "$tmp/dkim-corpus" --wasm "$W/wasm" --seconds "$((SECONDS_PER * 5))"
fi

section "Message analysis: tests/bench/analyze, native (issue 6)"
[ -x "$bin/analyze" ] && "$bin/analyze" --messages "$MESSAGES" --seconds "$SECONDS_PER" --write-corpus "$tmp/analyze-corpus"
if [ -n "$W" ] && [ -f "$W/wasm/authlens.mjs" ] && [ -d "$tmp/analyze-corpus" ]; then
  section "Message analysis: the shipped wasm module under Node (issue 6)"
  node tests/bench/dkim_verify.mjs --corpus "$tmp/analyze-corpus" --wasm "$W/wasm" --limit "${BENCH_WASM_MESSAGES:-500}" \
    --seconds "$((SECONDS_PER * 5))"
fi

section "DNS rounds (issue 3): dns_servers fixture"
if sh tests/e2e/dns_servers.sh start "$state" >"$tmp/dns_servers.log" 2>&1; then
  . "$state/dns_servers.env"
  section "DNS rounds, native: tests/bench/dns_rounds"
  "$bin/dns_rounds" --resolver "$AUTHLENS_DELAY" --delay-ms "${AUTHLENS_DELAY_MS:-50}" --runs "$RUNS" | tail -2
  "$bin/dns_rounds" --resolver "$AUTHLENS_DNSDIST" --delay-ms 0 --runs "$RUNS" | tail -2
  "$bin/dns_rounds" --doh "$AUTHLENS_DOH_URL" --delay-ms 0 --runs "$RUNS" | tail -2
  if [ -n "$W" ] && [ -f "$W/bench-wasm/authlens.mjs" ]; then
    section "DNS rounds in Chromium: tests/browser/bench-dns-rounds.mjs"
    AUTHLENS_DNS_ENV=$state/dns_servers.env AUTHLENS_BENCH_WASM_DIR=$W/bench-wasm \
      node tests/browser/bench-dns-rounds.mjs --runs "$RUNS" | grep -v '^run '
  fi
else
  echo "bench: the DNS fixture did not start (ports taken? see below); DNS benchmarks skipped"
  tail -5 "$tmp/dns_servers.log"
fi
