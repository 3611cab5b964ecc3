#!/usr/bin/env bash
# one_message.sh — issue 16's target 3: one `authlens analyze --snapshot` of a 4 KB message, whole
# process (exec to exit), median of N runs. The message and its DNS answers are
# tests/bench/data/message-4k.eml and .snapshot.json (rsa-sha256, SPF through two includes, DMARC).
# Also prints what start-up costs: the shared libraries the process maps and the dynamic loader's
# relocation figures (LD_DEBUG=statistics), and `perf stat` page faults when perf is there.
# A benchmark: it prints figures and asserts no time.
#
#   tests/bench/one_message.sh [AUTHLENS_BINARY=build/native/native-cli/authlens] [RUNS=200] [ARGS...]
# ARGS are added to the command (e.g. --json, or --lang ja for the Japanese text view).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
bin=${1:-$repo/build/native/native-cli/authlens}
runs=${2:-200}
shift $(( $# < 2 ? $# : 2 ))
[ -x "$bin" ] || { echo "one_message: no authlens binary at $bin" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The timing helper (posix_spawn → waitpid, median): one small file, compiled here.
"${CXX:-c++}" -O2 -o "$tmp/spawn_median" "$here/spawn_median.cpp"
msg=$here/data/message-4k.eml
snap=$here/data/message-4k.snapshot.json
cmd=("$bin" analyze "$msg" --snapshot "$snap" --now 1795000100 "$@")
"${cmd[@]}" >/dev/null || [ $? -le 1 ] || { echo "one_message: authlens failed" >&2; exit 1; }
echo "one_message: $(basename "$bin") analyze --snapshot${*:+ $*}, $(stat -c %s "$msg")-byte message, $runs runs, $(date -u '+%F %H:%M') UTC, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  shared libraries mapped: $(ldd "$bin" | grep -c '=>' || true) ($(ldd "$bin" | awk '/=>/{print $1}' | sed 's/\.so.*//' | tr '\n' ' '))"
LD_DEBUG=statistics "${cmd[@]}" 2>&1 >/dev/null | awk '/total startup time|number of relocations:|relative relocations/ {sub(/^ *[0-9]+: */, ""); print "  ld.so: " $0}' | head -3
if command -v perf >/dev/null && perf stat -e page-faults true >/dev/null 2>&1; then
  perf stat -r 20 -e task-clock,page-faults "${cmd[@]}" 2>&1 >/dev/null | awk '/task-clock|page-faults/ {print "  perf stat (20 runs, mean):", $1, $2}'
fi
printf '  whole process: '
"$tmp/spawn_median" "$runs" "${cmd[@]}"
printf '  floor (/bin/true, same helper): '
"$tmp/spawn_median" "$runs" /bin/true
