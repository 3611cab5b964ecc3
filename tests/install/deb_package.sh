#!/usr/bin/env bash
# install.deb: the Debian package of the CLI (cmake/package.cmake), built by cpack into a temporary
# folder, checked with dpkg-deb, installed with dpkg into a temporary root with its own database
# (--root/--admindir/--log: nothing of the system's dpkg state is read or written), run from there,
# and removed again.
. "$(dirname "$0")/lib.sh"
cpack -G DEB --config "$AUTHLENS_BUILD_DIR/CPackConfig.cmake" -B "$TMP/out" >"$TMP/cpack.log" 2>&1 \
  || { cat "$TMP/cpack.log" >&2; fail "cpack -G DEB"; }
arch=$(dpkg --print-architecture)
deb=$TMP/out/authlens_${AUTHLENS_VERSION}_${arch}.deb
[ -f "$deb" ] || { ls -R "$TMP/out" >&2; fail "no $deb"; }

# Control fields: name, version, architecture, and Depends computed from the binary's libraries.
[ "$(dpkg-deb --field "$deb" Package)" = authlens ] || fail "Package"
[ "$(dpkg-deb --field "$deb" Version)" = "$AUTHLENS_VERSION" ] || fail "Version"
[ "$(dpkg-deb --field "$deb" Architecture)" = "$arch" ] || fail "Architecture"
depends=$(dpkg-deb --field "$deb" Depends)
echo "Depends: $depends"
depends_names=$(sed -e 's/ ([^)]*)//g' -e 's/ *| */\n/g' -e 's/, /\n/g' <<<"$depends")
# Every shared library the binary needs (which ones depends on AUTHLENS_STATIC_DEPS) is covered by a
# package in Depends: the package that holds it here (dpkg -S reads the host's database, writes nothing).
dpkg-deb -x "$deb" "$TMP/x"
needed=$(readelf -d "$TMP/x/usr/bin/authlens" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
[ -n "$needed" ] || fail "no NEEDED entries read from the packaged binary"
for so in $needed; do
  pkgs=$(dpkg -S "*/$so" 2>/dev/null | cut -d: -f1 | tr ',' '\n' | sed 's/^ *//' | sort -u)
  found=0
  for p in $pkgs; do grep -qxF "$p" <<<"$depends_names" && found=1; done
  [ "$found" = 1 ] || fail "Depends covers no package of $so (held by: ${pkgs:-nothing}): $depends"
done
for lib in libc6; do
  grep -qxF "$lib" <<<"$depends_names" || fail "Depends lacks $lib: $depends"
done
# Contents: the CLI and nothing of the development files.
dpkg-deb --contents "$deb" >"$TMP/contents"
grep -qE ' \./usr/bin/authlens$' "$TMP/contents" || { cat "$TMP/contents" >&2; fail "no ./usr/bin/authlens"; }
! grep -qE '\./usr/(include|lib)/' "$TMP/contents" || { cat "$TMP/contents" >&2; fail "development files in the package"; }

# Install into a temporary root with an empty dpkg database of its own.
ROOT=$TMP/root
ADMIN=$ROOT/var/lib/dpkg
mkdir -p "$ADMIN/info" "$ADMIN/updates" "$ADMIN/triggers" "$ROOT/var/log"
: >"$ADMIN/status"; : >"$ADMIN/available"
dpkg_root() { dpkg --root="$ROOT" --admindir="$ADMIN" --log="$ROOT/var/log/dpkg.log" --force-not-root "$@"; }
# Its dependencies are the host's libraries, not in the empty database: --force-depends.
dpkg_root --force-depends --install "$deb" >"$TMP/dpkg-install.log" 2>&1 \
  || { cat "$TMP/dpkg-install.log" >&2; fail "dpkg --install"; }
[ "$(dpkg-query --admindir="$ADMIN" -W -f='${Status} ${Version}' authlens)" = "install ok installed $AUTHLENS_VERSION" ] \
  || fail "dpkg does not list authlens as installed in the temporary root"
CLI=$ROOT/usr/bin/authlens
[ -x "$CLI" ] || fail "no $CLI"
! grep -qF .debug_info <(readelf -S "$CLI" 2>/dev/null) || fail "the packaged binary is not stripped"

"$CLI" --version >"$TMP/version.out" || fail "authlens --version exited $?"
grep -qE "^authlens $AUTHLENS_VERSION" "$TMP/version.out" || { cat "$TMP/version.out" >&2; fail "--version"; }
grep -qF "public suffix list:" "$TMP/version.out" || fail "--version names no public suffix list"

# An offline analysis (zone files; --offline needs nothing at all) and a snapshot replay.
set +e
"$CLI" analyze --json --now "$NOW" --zone "${ZONES[0]}" --zone "${ZONES[1]}" --record "$TMP/snap.json" \
  "$DATA/messages/analyze-aligned.eml" >"$TMP/zones.json"
rc=$?
set -e
[ "$rc" = 0 ] || fail "analyze with zones exited $rc (0: DMARC passes)"
python3 - "$TMP/zones.json" <<'PY' || fail "analyze --zone report"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["schema"] == "authlens/report/v1", r["schema"]
assert r["dkim"][0]["result"] == "pass" and r["dkim"][0]["domain"] == "analyze-shop.test", r["dkim"]
assert r["spf"]["result"] == "pass", r["spf"]
assert r["dmarc"]["result"] == "pass" and r["dmarc"]["policy"] == "reject", r["dmarc"]
PY
set +e
"$CLI" analyze --json --now "$NOW" --snapshot "$TMP/snap.json" "$DATA/messages/analyze-aligned.eml" >"$TMP/snap-replay.json"
rc=$?
"$CLI" analyze --json --now "$NOW" --offline "$DATA/messages/analyze-aligned.eml" >"$TMP/offline.json"
rc_offline=$?
set -e
[ "$rc" = 0 ] || fail "analyze --snapshot exited $rc"
[ "$rc_offline" = 1 ] || fail "analyze --offline exited $rc_offline (an offline analysis cannot pass: 1)"
python3 - "$TMP/zones.json" "$TMP/snap-replay.json" "$TMP/offline.json" <<'PY' || fail "snapshot / offline reports"
import json, sys
zones, replay, offline = (json.load(open(p)) for p in sys.argv[1:])
assert replay["dmarc"] == zones["dmarc"] and replay["spf"]["result"] == "pass", replay["dmarc"]
# Offline: nothing asked, and every verdict that needs DNS says so instead of guessing.
assert offline["dkim"][0]["domain"] == "analyze-shop.test", offline["dkim"]
for part in (offline["spf"], offline["dkim"][0], offline["dmarc"]):
    assert part["reason"] == "dns.offline", part
PY
echo "ok: installed CLI runs (version, zones, snapshot, offline)"

dpkg_root --remove authlens >"$TMP/dpkg-remove.log" 2>&1 || { cat "$TMP/dpkg-remove.log" >&2; fail "dpkg --remove"; }
[ ! -e "$CLI" ] || fail "$CLI still there after dpkg --remove"
echo "ok: removed"
