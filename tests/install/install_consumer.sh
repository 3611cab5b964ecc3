#!/usr/bin/env bash
# install.consumer: `cmake --install` into a temporary prefix, then a program outside the project
# (tests/install/consumer/) built against that prefix twice — with find_package(authlens) and with
# pkg-config — verifies DKIM and analyses a message from tests/data (and its snapshot replay). The
# results must be the message's known verdicts.
. "$(dirname "$0")/lib.sh"
PREFIX=$TMP/prefix
cmake --install "$AUTHLENS_BUILD_DIR" --prefix "$PREFIX" >"$TMP/install.log" 2>&1 \
  || { cat "$TMP/install.log" >&2; fail "cmake --install"; }

for f in include/authlens/analysis.hpp include/authlens/dkim.hpp include/authlens/result.hpp \
         lib/cmake/authlens/authlensConfig.cmake lib/cmake/authlens/authlensConfigVersion.cmake \
         lib/cmake/authlens/authlensTargets.cmake lib/pkgconfig/authlens.pc \
         lib/libauthlens_util.a lib/libauthlens_analysis.a lib/libauthlens_report.a bin/authlens; do
  [ -e "$PREFIX/$f" ] || fail "not installed: $f"
done
# Only public headers are installed, and the exported targets name no path of the build machine.
[ -z "$(find "$PREFIX/include" -type f ! -name '*.hpp')" ] || fail "non-header files in include/"
! grep -qF -- "$AUTHLENS_SOURCE_DIR" "$PREFIX"/lib/cmake/authlens/*.cmake "$PREFIX/lib/pkgconfig/authlens.pc" \
  || fail "the installed package refers to the source tree"
"$PREFIX/bin/authlens" --version | grep -qF "$AUTHLENS_VERSION" || fail "installed CLI --version"

check_consumer() {  # check_consumer BINARY HOW
  local bin=$1 how=$2
  "$bin" "$NOW" "$DATA/messages/analyze-aligned.eml" "${ZONES[@]}" >"$TMP/$how-aligned.out" \
    || fail "$how consumer exited $? on analyze-aligned.eml"
  expect_line "$TMP/$how-aligned.out" "dkim d=analyze-shop.test s=s1 a=rsa-sha256 result=pass reason=ok"
  expect_line "$TMP/$how-aligned.out" "dkim overall=pass"
  expect_line "$TMP/$how-aligned.out" \
    "analysis schema=authlens/report/v1 spf=pass dkim=pass dmarc=pass policy=reject rfc7489=pass handoff_ip=192.0.2.50"
  grep -qE '^replay answers=[1-9][0-9]* spf=pass dmarc=pass same_dmarc=yes$' "$TMP/$how-aligned.out" \
    || { cat "$TMP/$how-aligned.out" >&2; fail "$how: snapshot replay"; }
  "$bin" "$NOW" "$DATA/messages/analyze-tampered.eml" "${ZONES[@]}" >"$TMP/$how-tampered.out" \
    || fail "$how consumer exited $? on analyze-tampered.eml"
  expect_line "$TMP/$how-tampered.out" "dkim d=analyze-shop.test s=s1 a=rsa-sha256 result=fail reason=body_hash_mismatch"
  # Handed over by a gateway SPF does not list, body changed: nothing passes.
  expect_line "$TMP/$how-tampered.out" \
    "analysis schema=authlens/report/v1 spf=fail dkim=fail dmarc=fail policy=reject rfc7489=fail handoff_ip=203.0.113.9"
  echo "ok: $how consumer"
}

# 1. find_package(authlens): a CMake project of its own, finding only the temporary prefix.
cmake -S "$AUTHLENS_SOURCE_DIR/tests/install/consumer" -B "$TMP/cmake-build" \
  -DCMAKE_PREFIX_PATH="$PREFIX" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF -DCMAKE_CXX_COMPILER="${CXX:-c++}" \
  >"$TMP/consumer-configure.log" 2>&1 || { cat "$TMP/consumer-configure.log" >&2; fail "consumer configure"; }
grep -qF "authlens $AUTHLENS_VERSION from $PREFIX/lib/cmake/authlens" "$TMP/consumer-configure.log" \
  || { cat "$TMP/consumer-configure.log" >&2; fail "find_package did not find the temporary prefix"; }
cmake --build "$TMP/cmake-build" >"$TMP/consumer-build.log" 2>&1 \
  || { cat "$TMP/consumer-build.log" >&2; fail "consumer build (find_package)"; }
check_consumer "$TMP/cmake-build/consumer" find_package

# A version the package does not satisfy is refused.
mkdir -p "$TMP/too-new"
cat >"$TMP/too-new/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.20)
project(too_new LANGUAGES CXX)
find_package(authlens 99 QUIET)
if(authlens_FOUND)
  message(FATAL_ERROR "authlens 99 found")
endif()
CMAKE
cmake -S "$TMP/too-new" -B "$TMP/too-new/build" -DCMAKE_PREFIX_PATH="$PREFIX" >"$TMP/too-new.log" 2>&1 \
  || { cat "$TMP/too-new.log" >&2; fail "find_package(authlens 99) should not be satisfied"; }

# 2. pkg-config: the same source, compiled and linked with what authlens.pc says and nothing else.
export PKG_CONFIG_PATH=$PREFIX/lib/pkgconfig
[ "$(pkg-config --modversion authlens)" = "$AUTHLENS_VERSION" ] || fail "pkg-config --modversion"
cflags=$(pkg-config --cflags authlens); libs=$(pkg-config --libs authlens)
echo "pkg-config: $cflags $libs"
# shellcheck disable=SC2086
"${CXX:-c++}" -std=c++20 $cflags "$AUTHLENS_SOURCE_DIR/tests/install/consumer/consumer.cpp" $libs \
  -o "$TMP/consumer-pc" >"$TMP/consumer-pc.log" 2>&1 || { cat "$TMP/consumer-pc.log" >&2; fail "consumer build (pkg-config)"; }
check_consumer "$TMP/consumer-pc" pkg-config
