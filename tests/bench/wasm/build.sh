#!/usr/bin/env bash
# Links the benchmark-only WebAssembly programs from a wasm build tree (which is only read):
#   tests/bench/wasm/build.sh WASM_BUILD_DIR [OUT_DIR]      (OUT_DIR default WASM_BUILD_DIR/bench-wasm)
#
# 1. OUT_DIR/dkim_verify.js — tests/bench/dkim_verify.cpp built with the tree's core areas (dkim mime
#    dns crypto util) and its Mbed TLS / libsodium, for Node: `node --no-experimental-fetch OUT_DIR/dkim_verify.js`.
#    Needs: cmake --build WASM_BUILD_DIR --target authlens_dkim
# 2. OUT_DIR/authlens.{mjs,wasm} — the shipped module (wasm/bindings*.cpp) plus the bench-only job
#    "bench.chain" (bench_chain_job.cpp), with the exact compile flags and link command CMake generated
#    for authlens_wasm. Needs: cmake --build WASM_BUILD_DIR --target authlens_wasm
# Each part is skipped, with a message, when the tree has not built what it needs.
#   NODE_PATH=/usr/share/nodejs emcmake cmake --preset wasm -B build/wasm-<you>
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
B=$(cd "${1:?usage: build.sh WASM_BUILD_DIR [OUT_DIR]}" && pwd)
out=${2:-$B/bench-wasm}
mkdir -p "$out"
out=$(cd "$out" && pwd)
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}
status=0
# flags.make values; they may name response files relative to the target's folder: compile from there.
flag() { sed -n "s/^$2 = //p" "$1/flags.make"; }

# --- 1. dkim_verify for Node ------------------------------------------------------------------
ddir=$B/core/CMakeFiles/authlens_dkim.dir
if [ -f "$B/core/libauthlens_dkim.a" ] && [ -f "$ddir/flags.make" ]; then
  deps=$(sed -n 's/^AUTHLENS_WASM_DEPS:PATH=//p' "$B/CMakeCache.txt")
  (cd "$B/core" && eval em++ $(flag "$ddir" CXX_DEFINES) $(flag "$ddir" CXX_INCLUDES) $(flag "$ddir" CXX_FLAGS) \
    -c "$here/../dkim_verify.cpp" -o "$out/dkim_verify.o")
  libs=()
  for a in dkim mime dns crypto util; do [ -f "$B/core/libauthlens_$a.a" ] && libs+=("$B/core/libauthlens_$a.a"); done
  em++ -O3 "$out/dkim_verify.o" "${libs[@]}" "$deps/lib/libmbedcrypto.a" "$deps/lib/libsodium.a" \
    -sENVIRONMENT=node -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=4GB -sEXIT_RUNTIME=1 -o "$out/dkim_verify.js"
  echo "dkim_verify for Node: $out/dkim_verify.js"
else
  echo "build.sh: $B has not built authlens_dkim: dkim_verify.js skipped" >&2
  status=2
fi

# --- 2. the module with job "bench.chain" ------------------------------------------------------
wdir=$B/wasm/CMakeFiles/authlens_wasm.dir
if [ -f "$wdir/link.txt" ] && [ -f "$B/wasm/authlens.mjs" ]; then
  wasm_src=$(cd "$here/../../../wasm" && pwd)
  (cd "$B/wasm" && eval em++ $(flag "$wdir" CXX_DEFINES) $(flag "$wdir" CXX_INCLUDES) -I"$wasm_src" $(flag "$wdir" CXX_FLAGS) \
    -c "$here/bench_chain_job.cpp" -o "$out/bench_chain_job.o")
  link=$(cat "$wdir/link.txt")
  link=${link/ -o authlens.mjs / -o $out/authlens.mjs $out/bench_chain_job.o }
  (cd "$B/wasm" && eval "$link")
  echo "bench wasm module (job bench.chain): $out/authlens.mjs"
else
  echo "build.sh: $B has not built authlens_wasm: the bench.chain module skipped" >&2
  status=2
fi
exit $status
