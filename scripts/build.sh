#!/usr/bin/env bash
# Builds everything: the native core, CLI and tests (build/native), the WebAssembly module
# (build/wasm) and the static page (web/dist). Assumes scripts/setup.sh has run.
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-2}
WERROR=${AUTHLENS_WERROR:-$([ "${CI:-}" = true ] && echo ON || echo OFF)}

echo "== build: native (build/native)"
cmake --preset native -DAUTHLENS_WERROR="$WERROR" >/dev/null
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
