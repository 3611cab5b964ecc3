#!/usr/bin/env bash
# scripts/debian-sources.sh without a network: fake apt-get / apt-cache first on PATH serve three
# versions of a tiny source package built here with dpkg-source. Checks that fetch_source takes the
# newest version, falls back past a version the "mirror" answers 404 for and past one whose files do
# not match the .dsc, says which version it used, and fails clearly when none can be had; and that
# derive_deb_src mirrors the machine's own deb entries (deb822 and one-line) and no other.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fails=0
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fails=$((fails + 1)); fi; }

# --- three versions of source package "demo" (format 1.0, native) ---------------------------
mkdir -p "$T/pool"
for v in 1.0-1 1.0-1+deb12u1 0.9-1; do
  d=$T/build/demo-$v; mkdir -p "$d/debian"
  echo "demo $v" >"$d/README"
  printf 'Source: demo\nMaintainer: Test <t@example.org>\n\nPackage: demo\nArchitecture: all\nDescription: d\n d\n' >"$d/debian/control"
  printf 'demo (%s) unstable; urgency=low\n\n  * t\n\n -- Test <t@example.org>  Mon, 07 Dec 2026 00:00:00 +0000\n' "$v" >"$d/debian/changelog"
  mkdir -p "$T/pool/$v"
  (cd "$T/build" && dpkg-source -b "demo-$v" >/dev/null 2>&1 && mv demo_"${v}".* "$T/pool/$v/")
done

mkdir -p "$T/bin"
cat >"$T/bin/apt-cache" <<FAKE
#!/usr/bin/env bash
# showsrc --only-source demo: versions in no particular order, one listed twice (two suites).
[ "\$1" = showsrc ] || exit 1
for v in 0.9-1 1.0-1+deb12u1 1.0-1 1.0-1; do printf 'Package: demo\nVersion: %s\n\n' "\$v"; done
FAKE
cat >"$T/bin/apt-get" <<FAKE
#!/usr/bin/env bash
# apt-get source --download-only demo=V: 404 for the versions in \$FAKE_404, else copies V's files.
[ "\$1" = source ] || exit 1
spec=\${3#*=}
echo "\$spec" >>"$T/asked"
for bad in \${FAKE_404:-}; do
  if [ "\$bad" = "\$spec" ]; then echo "Err:1 http://mirror.invalid demo \$spec (dsc)"; echo "E: Failed to fetch 404 Not Found"; exit 100; fi
done
cp "$T/pool/\$spec"/* .
for bad in \${FAKE_CORRUPT:-}; do
  if [ "\$bad" = "\$spec" ]; then echo corrupted >>demo_*.tar.*; fi
done
FAKE
chmod +x "$T/bin/"*
export PATH="$T/bin:$PATH"
. "$ROOT/scripts/debian-sources.sh"

check "versions newest first, duplicates once" '[ "$(source_versions demo | tr "\n" " ")" = "1.0-1+deb12u1 1.0-1 0.9-1 " ]'

out=$(fetch_source demo "$T/a" 2>&1)
check "the candidate (newest) is used when it downloads" 'grep -q "using Debian source demo 1.0-1+deb12u1" <<<"$out" && [ -f "$T/a/.unpacked" ] && grep -q "demo 1.0-1+deb12u1" "$T/a/unpacked/README"'

rm -f "$T/asked"
out=$(FAKE_404="1.0-1+deb12u1" fetch_source demo "$T/b" 2>&1)
check "a 404 on the candidate falls back to the next version" 'grep -q "using Debian source demo 1.0-1$" <<<"$out" && grep -q "demo 1.0-1$" "$T/b/unpacked/README"'
check "the failed version is named" 'grep -q "demo 1.0-1+deb12u1 could not be downloaded" <<<"$out"'
check "candidate asked first" '[ "$(head -n1 "$T/asked")" = "1.0-1+deb12u1" ]'
check "the version used is recorded" '[ "$(cat "$T/b/.version")" = "1.0-1" ]'

out=$(FAKE_404="1.0-1+deb12u1" FAKE_CORRUPT="1.0-1" fetch_source demo "$T/c" 2>&1)
check "a download that does not match its .dsc is never used" 'grep -q "demo 1.0-1 is incomplete or does not match its .dsc" <<<"$out" && grep -q "using Debian source demo 0.9-1" <<<"$out" && grep -q "demo 0.9-1" "$T/c/unpacked/README"'

rc=0; out=$(FAKE_404="1.0-1+deb12u1 1.0-1 0.9-1" fetch_source demo "$T/d" 2>&1) || rc=$?
check "none can be had: non-zero exit" '[ $rc -ne 0 ]'
check "none can be had: a clear message naming every version" 'grep -q "could not download the Debian source package .demo.: tried 1.0-1+deb12u1 1.0-1 0.9-1" <<<"$out"'
check "none can be had: nothing left to build from" '[ ! -e "$T/d" ]'

# --- deb-src entries derived from the machine's own deb sources --------------------------------
cat >"$T/debian.sources" <<'SRC'
# comment
Types: deb
URIs: http://mirror.invalid/debian
Suites: bookworm bookworm-updates
Components: main contrib
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: https://vendor.invalid/node
Suites: nodistro
Components: main

Types: deb
URIs: http://mirror.invalid/off
Suites: bookworm
Components: main
Enabled: no
SRC
printf 'deb [arch=amd64 signed-by=/k.gpg] http://mirror.invalid/debian-security bookworm-security main\ndeb http://vendor.invalid/apt cloud-sdk-bookworm main\n# deb http://x.invalid bookworm main\n' >"$T/sources.list"
got=$(DEBIAN_CODENAME=bookworm derive_deb_src "$T/debian.sources" "$T/sources.list")
want=$(printf 'Types: deb-src\nURIs: http://mirror.invalid/debian\nSuites: bookworm bookworm-updates\nComponents: main contrib\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\nTypes: deb-src\nURIs: http://mirror.invalid/debian-security\nSuites: bookworm-security\nComponents: main\nSigned-By: /k.gpg\n')
check "deb-src mirrors this release's deb entries (deb822 and one-line), skips others and disabled ones" '[ "$got" = "$want" ]'
check "no Debian mirror host is named in the repository" '! (cd "$ROOT" && git ls-files -z | xargs -0 grep -lE "deb\.debian\.org|security\.debian\.org|ftp\.[a-z0-9.]*debian\.org|snapshot\.debian\.org" 2>/dev/null)'

[ $fails = 0 ] || { echo "$fails check(s) failed"; exit 1; }
echo "all checks passed"
