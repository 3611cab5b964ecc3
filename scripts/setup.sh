#!/usr/bin/env bash
# Installs what a fresh Debian bookworm machine is missing, then fetches and builds the
# WebAssembly dependencies from Debian source packages into build/deps (never committed).
# Safe to run again: every step checks first and does nothing when already done.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

log() { printf '\n== setup: %s\n' "$*"; }
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

# --- Debian packages ---------------------------------------------------------------------
# `setup.sh serve` (the main job) installs what building and serving needs; plain `setup.sh`
# (the test command) adds what the test suites need: GoogleTest, the DNS servers, Chromium, the
# other DKIM implementations the conformance checks compare with.
MODE=${1:-test}
PACKAGES=(
  build-essential cmake autoconf automake libtool ca-certificates pkg-config python3 dpkg-dev
  nlohmann-json3-dev libmbedtls-dev libsodium-dev emscripten publicsuffix libpugixml-dev zlib1g-dev
  libcurl4-openssl-dev  # the native CLI's DoH client (never in the wasm build)
  libssl-dev  # the native crypto backend (OpenSSL libcrypto: hashes, RSA verification); never in the wasm build
)
if [ "$MODE" != serve ]; then
  PACKAGES+=(clang libclang-rt-14-dev lld llvm libgtest-dev libbenchmark-dev chromium nsd dnsdist
             python3-dkim libmail-dkim-perl fonts-ipafont-gothic parallel)
fi
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# Debian source packages (deb-src) for the WebAssembly builds, from the mirrors the machine's own
# `deb` entries already use (scripts/debian-sources.sh): no mirror host is named in this repository.
. scripts/debian-sources.sh
SRC_LIST=/etc/apt/sources.list.d/authlens-src.sources
need_update=0
own_sources=()
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] && [ "$f" != "$SRC_LIST" ] && own_sources+=("$f")
done
src_entries=$(derive_deb_src "${own_sources[@]}")
if [ -z "$src_entries" ]; then
  echo "setup: no Debian 'deb' source for this release in the apt configuration; cannot derive deb-src entries" >&2
  exit 1
fi
if [ ! -f "$SRC_LIST" ] || [ "$(cat "$SRC_LIST")" != "$src_entries" ]; then
  log "enabling Debian source packages ($SRC_LIST, derived from the machine's deb sources)"
  printf '%s\n' "$src_entries" | $SUDO tee "$SRC_LIST" >/dev/null
  need_update=1
fi
if [ ${#missing[@]} -gt 0 ] || [ $need_update = 1 ]; then
  log "apt-get update"
  $SUDO apt-get update -q
fi
if [ ${#missing[@]} -gt 0 ]; then
  log "installing: ${missing[*]}"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# --- WebAssembly dependencies from Debian sources ------------------------------------------
DEPS=$ROOT/build/deps
mkdir -p "$DEPS/src" "$DEPS/wasm"
fetch() { fetch_source "$1" "$DEPS/src/$1" || exit 1; }

export EM_CACHE_DIR_NOTE="Debian's emscripten ships a frozen, prebuilt system-library cache"
if [ ! -f "$DEPS/wasm/lib/libmbedcrypto.a" ]; then
  fetch mbedtls
  log "building Mbed TLS (crypto only) for WebAssembly"
  src=$DEPS/src/mbedtls/unpacked
  emcmake cmake -S "$src" -B "$DEPS/build-mbedtls" -DCMAKE_BUILD_TYPE=Release \
    -DENABLE_TESTING=OFF -DENABLE_PROGRAMS=OFF -DUSE_SHARED_MBEDTLS_LIBRARY=OFF \
    -DUSE_STATIC_MBEDTLS_LIBRARY=ON -DMBEDTLS_FATAL_WARNINGS=OFF \
    -DCMAKE_INSTALL_PREFIX="$DEPS/wasm" >"$DEPS/build-mbedtls.log" 2>&1
  cmake --build "$DEPS/build-mbedtls" --target mbedcrypto -j2 >>"$DEPS/build-mbedtls.log" 2>&1 \
    || { echo "setup: Mbed TLS wasm build failed, see $DEPS/build-mbedtls.log" >&2; exit 1; }
  mkdir -p "$DEPS/wasm/lib" "$DEPS/wasm/include"
  cp "$DEPS/build-mbedtls/library/libmbedcrypto.a" "$DEPS/wasm/lib/"
  cp -r "$src/include/mbedtls" "$src/include/psa" "$DEPS/wasm/include/"
fi

if [ ! -f "$DEPS/wasm/lib/libsodium.a" ]; then
  fetch libsodium
  log "building libsodium for WebAssembly"
  src=$DEPS/src/libsodium/unpacked
  bdir=$DEPS/build-sodium
  rm -rf "$bdir"; cp -r "$src" "$bdir"
  (cd "$bdir" && ./autogen.sh -s >"$DEPS/build-sodium.log" 2>&1 && emconfigure ./configure --prefix="$DEPS/wasm" --disable-shared --enable-static \
      --disable-asm --disable-ssp --without-pthreads --enable-minimal --host=wasm32-unknown-emscripten \
      >>"$DEPS/build-sodium.log" 2>&1 \
   && emmake make -j2 >>"$DEPS/build-sodium.log" 2>&1 \
   && emmake make install >>"$DEPS/build-sodium.log" 2>&1) \
    || { echo "setup: libsodium wasm build failed, see $DEPS/build-sodium.log" >&2; exit 1; }
fi

# pugixml (the DMARC aggregate-report XML reader): one source file, built without exceptions
# (the core never throws; load_buffer reports errors as values).
if [ ! -f "$DEPS/wasm/lib/libpugixml.a" ]; then
  fetch pugixml
  log "building pugixml for WebAssembly"
  src=$DEPS/src/pugixml/unpacked
  bdir=$DEPS/build-pugixml
  rm -rf "$bdir"; mkdir -p "$bdir" "$DEPS/wasm/lib" "$DEPS/wasm/include"
  (em++ -O2 -std=c++17 -DPUGIXML_NO_EXCEPTIONS -c "$src/src/pugixml.cpp" -o "$bdir/pugixml.o" \
   && emar rcs "$bdir/libpugixml.a" "$bdir/pugixml.o") >"$DEPS/build-pugixml.log" 2>&1 \
    || { echo "setup: pugixml wasm build failed, see $DEPS/build-pugixml.log" >&2; exit 1; }
  cp "$src/src/pugixml.hpp" "$src/src/pugiconfig.hpp" "$DEPS/wasm/include/"
  cp "$bdir/libpugixml.a" "$DEPS/wasm/lib/"
fi

# zlib (gzip and zip-deflate report attachments): the library sources only, no gz* file I/O.
if [ ! -f "$DEPS/wasm/lib/libz.a" ]; then
  fetch zlib
  log "building zlib for WebAssembly"
  src=$DEPS/src/zlib/unpacked
  bdir=$DEPS/build-zlib
  rm -rf "$bdir"; mkdir -p "$bdir" "$DEPS/wasm/lib" "$DEPS/wasm/include"
  (for f in adler32 crc32 deflate inflate inffast inftrees trees zutil compress uncompr; do
     emcc -O2 -c "$src/$f.c" -o "$bdir/$f.o" || exit 1
   done && emar rcs "$bdir/libz.a" "$bdir"/*.o) >"$DEPS/build-zlib.log" 2>&1 \
    || { echo "setup: zlib wasm build failed, see $DEPS/build-zlib.log" >&2; exit 1; }
  cp "$src/zlib.h" "$src/zconf.h" "$DEPS/wasm/include/"
  cp "$bdir/libz.a" "$DEPS/wasm/lib/"
fi

# --- npm (the page and its browser tests) ----------------------------------------------------
if [ -f web/package-lock.json ]; then
  stamp=web/node_modules/.authlens-lock
  if [ ! -f "$stamp" ] || ! cmp -s web/package-lock.json "$stamp"; then
    log "npm ci (web/)"
    (cd web && npm ci --no-audit --no-fund)
    cp web/package-lock.json "$stamp"
  fi
fi
log "done"
