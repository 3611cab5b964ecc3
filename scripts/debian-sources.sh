# Debian source packages for the WebAssembly dependencies: sourced by scripts/setup.sh and by
# tests/setup/*.test.sh (which put fake apt-get/apt-cache first on PATH to test it without a network).
#
# Why this is careful: a mirror can lack a security update's files (zlib's deb12u1 source answered
# 404 in December 2026 while 1.2.13.dfsg-1 was there), so one fixed version is not enough; and a
# partial download must never be built. Every version apt knows is tried, newest first, and each
# one is checked against its own .dsc before it is used.

# derive_deb_src FILE...: prints deb822 `deb-src` paragraphs mirroring the `deb` entries of the
# given apt source files (*.sources in deb822 form, *.list in one-line form) whose suite belongs
# to this Debian release ($DEBIAN_CODENAME, or the codename and its -updates/-security suites), so
# sources come from whatever mirror the machine already uses. No host is named here.
derive_deb_src() {
  local codename=${DEBIAN_CODENAME:-}
  if [ -z "$codename" ] && [ -r /etc/os-release ]; then
    codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
  fi
  [ -n "$codename" ] || { echo "setup: cannot tell the Debian codename (/etc/os-release)" >&2; return 1; }
  local f
  for f in "$@"; do
    [ -r "$f" ] || continue
    case "$f" in
      *.sources) awk -v codename="$codename" -f - "$f" <<'AWK'
# deb822: paragraphs of "Field: value", continuation lines start with a space.
function keep_suite(s) { return s == codename || index(s, codename "-") == 1 }
function flush(   n, i, parts, suites, enabled) {
  if (types != "") {
    enabled = tolower(field["enabled"]) != "no"
    n = split(types, parts, /[ \t]+/); has_deb = 0
    for (i = 1; i <= n; i++) if (parts[i] == "deb") has_deb = 1
    suites = ""
    n = split(field["suites"], parts, /[ \t]+/)
    for (i = 1; i <= n; i++) if (parts[i] != "" && keep_suite(parts[i])) suites = suites (suites == "" ? "" : " ") parts[i]
    if (enabled && has_deb && suites != "" && field["uris"] != "") {
      printf "Types: deb-src\nURIs: %s\nSuites: %s\nComponents: %s\n", field["uris"], suites, field["components"]
      if (field["signed-by"] != "") printf "Signed-By: %s\n", field["signed-by"]
      printf "\n"
    }
  }
  types = ""; delete field; last = ""
}
/^#/ { next }
/^[ \t]*$/ { flush(); next }
/^[ \t]/ { if (last != "") field[last] = field[last] "\n" $0; next }
{
  k = tolower(substr($0, 1, index($0, ":") - 1)); v = substr($0, index($0, ":") + 1)
  sub(/^[ \t]+/, "", v); sub(/[ \t]+$/, "", v)
  field[k] = v; last = k
  if (k == "types") types = v
}
END { flush() }
AWK
      ;;
      *) awk -v codename="$codename" -f - "$f" <<'AWK'
# One-line form: deb [ opt=val ... ] URI SUITE COMPONENT...
function keep_suite(s) { return s == codename || index(s, codename "-") == 1 }
$1 == "deb" {
  i = 2; signed = ""
  if ($2 ~ /^\[/) {
    opts = ""
    for (; i <= NF; i++) { opts = opts " " $i; if ($i ~ /\]$/) { i++; break } }
    gsub(/[\[\]]/, "", opts)
    n = split(opts, o, /[ \t]+/)
    for (j = 1; j <= n; j++) if (o[j] ~ /^signed-by=/) signed = substr(o[j], 11)
  }
  uri = $i; suite = $(i + 1); comps = ""
  for (j = i + 2; j <= NF; j++) comps = comps (comps == "" ? "" : " ") $j
  if (uri != "" && keep_suite(suite)) {
    printf "Types: deb-src\nURIs: %s\nSuites: %s\nComponents: %s\n", uri, suite, comps
    if (signed != "") printf "Signed-By: %s\n", signed
    printf "\n"
  }
}
AWK
      ;;
    esac
  done
}

# source_versions PKG: every version of source package PKG that apt knows, newest first
# (dpkg's own ordering, epochs and ~ included). The newest is apt-get source's candidate.
source_versions() {
  local pkg=$1 v sorted=() i j tmp
  while read -r v; do
    [ -n "$v" ] || continue
    case " ${sorted[*]} " in *" $v "*) continue ;; esac
    sorted+=("$v")
  done < <(apt-cache showsrc --only-source "$pkg" 2>/dev/null | awk '/^Package:/{p=$2} /^Version:/ && p!="" {print $2}')
  # Insertion sort with dpkg --compare-versions: a handful of versions at most.
  for ((i = 1; i < ${#sorted[@]}; i++)); do
    tmp=${sorted[i]}; j=$((i - 1))
    while [ $j -ge 0 ] && dpkg --compare-versions "${sorted[j]}" lt "$tmp"; do
      sorted[j + 1]=${sorted[j]}; j=$((j - 1))
    done
    sorted[j + 1]=$tmp
  done
  printf '%s\n' "${sorted[@]}"
}

# dscverify_files DSC: every file the .dsc lists must be present with the listed SHA-256.
dscverify_files() {
  local dsc=$1 dir ok=1 sum _size name
  dir=$(dirname "$dsc")
  while read -r sum _size name; do
    [ -n "$name" ] || continue
    if [ ! -f "$dir/$name" ] || [ "$(sha256sum "$dir/$name" | cut -d' ' -f1)" != "$sum" ]; then
      echo "setup: $name is missing or does not match the .dsc" >&2; ok=0
    fi
  done < <(awk '/^Checksums-Sha256:/{f=1;next} /^[^ ]/{f=0} f{print $1, $2, $3}' "$dsc")
  [ $ok = 1 ]
}

# fetch_source PKG DIR: downloads PKG's Debian source into DIR and unpacks it into DIR/unpacked,
# trying each version apt knows (newest first) until one downloads completely and matches its .dsc.
# apt-get verifies each file against the signed Sources index; dscverify_files checks again.
# Returns 1 with a message naming every version tried when none can be had.
fetch_source() {
  local pkg=$1 dir=$2 v dsc tried=()
  if [ -f "$dir/.unpacked" ]; then return 0; fi
  local versions
  mapfile -t versions < <(source_versions "$pkg")
  if [ ${#versions[@]} -eq 0 ]; then
    echo "setup: apt knows no source for '$pkg' (are deb-src entries enabled and 'apt-get update' run?)" >&2
    return 1
  fi
  for v in "${versions[@]}"; do
    tried+=("$v")
    rm -rf "$dir"; mkdir -p "$dir"
    echo "setup: fetching Debian source $pkg $v"
    if ! (cd "$dir" && apt-get source --download-only "$pkg=$v" >fetch.log 2>&1); then
      echo "setup: $pkg $v could not be downloaded ($(grep -m1 -E '^(E|Err):' "$dir/fetch.log" || echo 'see fetch.log')); trying the next version" >&2
      continue
    fi
    dsc=$(ls "$dir"/*.dsc 2>/dev/null | head -n1)
    if [ -z "$dsc" ] || ! dscverify_files "$dsc" \
       || ! (cd "$dir" && dpkg-source --no-check -x "$(basename "$dsc")" unpacked >unpack.log 2>&1); then
      echo "setup: $pkg $v is incomplete or does not match its .dsc; trying the next version" >&2
      continue
    fi
    echo "setup: using Debian source $pkg $v"
    echo "$v" >"$dir/.version"
    touch "$dir/.unpacked"
    return 0
  done
  rm -rf "$dir"
  echo "setup: could not download the Debian source package '$pkg': tried ${tried[*]} (each failed to download or to match its .dsc)" >&2
  return 1
}
