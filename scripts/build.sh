#!/usr/bin/env bash
# Builds authlens. Assumes scripts/setup.sh has run.
#   scripts/build.sh serve   what the main job serves: the CLI (build/native, tests and benchmarks
#                            off), the WebAssembly module (build/wasm) and the page (web/dist)
#   scripts/build.sh         everything: the above plus every test suite and benchmark
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=${1:-all}
JOBS=${JOBS:-2}
WERROR=${AUTHLENS_WERROR:-$([ "${CI:-}" = true ] && echo ON || echo OFF)}
if [ "$MODE" = serve ]; then SUITES=OFF; else SUITES=ON; fi

echo "== build: native (build/native; tests and benchmarks $SUITES)"
cmake --preset native -DAUTHLENS_WERROR="$WERROR" -DAUTHLENS_TESTS="$SUITES" -DAUTHLENS_BENCH="$SUITES" -DAUTHLENS_REQUIRE_ALL="$SUITES" >/dev/null
cmake --build build/native -j"$JOBS"

echo "== build: WebAssembly (build/wasm)"
# Optimised Emscripten links need Debian's node modules on NODE_PATH.
export NODE_PATH=/usr/share/nodejs
emcmake cmake --preset wasm -DAUTHLENS_WERROR="$WERROR" >/dev/null
cmake --build build/wasm -j"$JOBS"

if [ -f web/package.json ]; then
  echo "== build: page (web/dist)"
  (cd web && npm run --silent build)
fi
