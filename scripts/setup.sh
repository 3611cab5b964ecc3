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
PACKAGES=(
  build-essential cmake clang autoconf automake libtool libclang-rt-14-dev lld ca-certificates pkg-config python3 dpkg-dev
  libgtest-dev libbenchmark-dev nlohmann-json3-dev libmbedtls-dev libsodium-dev
  emscripten chromium nsd dnsdist publicsuffix libpugixml-dev zlib1g-dev
  python3-dkim libmail-dkim-perl fonts-ipafont-gothic
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
SRC_LIST=/etc/apt/sources.list.d/authlens-src.sources
need_update=0
if [ ! -f "$SRC_LIST" ]; then
  # Debian source packages (deb-src) for the WebAssembly builds of Mbed TLS and libsodium.
  log "enabling Debian source packages ($SRC_LIST)"
  $SUDO tee "$SRC_LIST" >/dev/null <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
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

# fetch_source PKG: downloads PKG's Debian source into build/deps/src/PKG and unpacks it.
# apt-get verifies each file against the signed .dsc; dpkg-source verifies again on unpacking.
# A partial download (a mirror missing the .debian.tar.xz, say) fails here with a clear message.
fetch_source() {
  local pkg=$1 dir=$DEPS/src/$1
  if [ -f "$dir/.unpacked" ]; then return 0; fi
  rm -rf "$dir"; mkdir -p "$dir"
  log "fetching Debian source package $pkg"
  if ! (cd "$dir" && apt-get source --download-only "$pkg" >fetch.log 2>&1); then
    echo "setup: could not download the Debian source package '$pkg' (see $dir/fetch.log)" >&2
    exit 1
  fi
  local dsc
  dsc=$(ls "$dir"/*.dsc 2>/dev/null | head -n1)
  if [ -z "$dsc" ] || ! (cd "$dir" && dpkg-source --no-check -x "$(basename "$dsc")" unpacked >unpack.log 2>&1 && dscverify_files "$dsc"); then
    echo "setup: the source package '$pkg' is incomplete or does not match its .dsc checksums; refusing to build from it" >&2
    exit 1
  fi
  touch "$dir/.unpacked"
}

# dscverify_files DSC: every file the .dsc lists must be present with the listed SHA-256.
dscverify_files() {
  local dsc=$1 dir ok=1
  dir=$(dirname "$dsc")
  while read -r sum _size name; do
    [ -n "$name" ] || continue
    if [ ! -f "$dir/$name" ] || [ "$(sha256sum "$dir/$name" | cut -d' ' -f1)" != "$sum" ]; then
      echo "setup: $name is missing or does not match the .dsc" >&2; ok=0
    fi
  done < <(awk '/^Checksums-Sha256:/{f=1;next} /^[^ ]/{f=0} f{print $1, $2, $3}' "$dsc")
  [ $ok = 1 ]
}

export EM_CACHE_DIR_NOTE="Debian's emscripten ships a frozen, prebuilt system-library cache"
if [ ! -f "$DEPS/wasm/lib/libmbedcrypto.a" ]; then
  fetch_source mbedtls
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
  fetch_source libsodium
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
  fetch_source pugixml
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
  fetch_source zlib
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
