#!/usr/bin/env bash
# dkim_peers.sh — DKIM verification side by side with the other implementations (issue 16, target 1).
# Prints figures; asserts nothing (DESIGN.md: no test asserts a time).
#
#   tests/bench/dkim_peers.sh [BUILD_DIR] [N]        (defaults: build/bench, 2000 messages)
#
# Corpus: N messages from the dkim_verify benchmark's generator (BUILD_DIR/tests/bench/dkim_verify
# --write-corpus; bench_corpus.hpp): 2 KB to 1 MB, four canonicalisation pairs, RSA-2048 and ~10%
# Ed25519, all signed by authlens, keys in keys.zone. Every tool verifies offline from the same records:
#   authlens   `authlens dkim verify --zone keys.zone --json FILE...` (one process over the whole corpus;
#              `dkim verify` is the fair peer of the others: `analyze` also does SPF, DMARC, ARC, a report)
#   OpenDKIM   `opendkim -t f1,f2,…` (one process) with TestPublicKeys (Debian opendkim, opendkim-tools)
#   dkimpy     dkim.verify() in one Python process, keys through its dnsfunc hook (Debian python3-dkim)
#   Mail::DKIM one Perl process, Mail::DKIM::DNS::query replaced by a lookup (Debian libmail-dkim-perl)
#   mailauth   dkimVerify() in one Node process with a resolver over the records (npm mailauth, installed
#              into AUTHLENS_PEERS_PREFIX, default ~/.cache/authlens-peers)
# A missing peer is installed (apt-get as root, npm) or skipped with a message. Each tool runs RUNS times
# (default 3), alternating; figures are medians of CPU seconds (user+sys of the whole process, which is
# what one thread costs on a shared, loaded machine) and of wall seconds. All rows come from the same run.
#
# Env: AUTHLENS_BIN (default BUILD_DIR/native-cli/authlens), AUTHLENS_BIN_BASELINE (optional second
# authlens, e.g. a -DAUTHLENS_CRYPTO_BACKEND=mbedtls build, shown as its own row), RUNS, KEEP=1 keeps the
# temporary folder.
set -u
cd "$(dirname "$0")/../.."
BUILD=${1:-build/bench}
N=${2:-2000}
RUNS=${RUNS:-3}
BIN=${AUTHLENS_BIN:-$BUILD/native-cli/authlens}
BASE=${AUTHLENS_BIN_BASELINE:-}
GEN=$BUILD/tests/bench/dkim_verify
PREFIX=${AUTHLENS_PEERS_PREFIX:-$HOME/.cache/authlens-peers}
NOW=1795000100  # the corpus signs at t=1795000000, without x=
# Debian's python3, where python3-dkim lives (a pyenv or venv python3 first on PATH does not see it).
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3)
[ -x "$BIN" ] || { echo "dkim_peers: no authlens CLI at $BIN (build $BUILD first)" >&2; exit 2; }
[ -x "$GEN" ] || { echo "dkim_peers: no corpus generator at $GEN (build with -DAUTHLENS_BENCH=ON)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "dkim_peers: needs GNU time (/usr/bin/time, Debian 'time')" >&2; exit 2; }

T=$(mktemp -d "${TMPDIR:-/tmp}/authlens-peers.XXXXXX")
[ "${KEEP:-0}" = 1 ] && echo "keeping $T" || trap 'rm -rf "$T"' EXIT
C=$T/corpus

apt_install() {  # apt_install PACKAGE...: only as root, quietly; false when it cannot
  [ "$(id -u)" = 0 ] || return 1
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >"$T/apt.log" 2>&1
}

echo "== corpus: $N messages ($GEN --write-corpus)"
"$GEN" --messages "$N" --seconds 0.1 --write-corpus "$C" >"$T/gen.log" 2>&1 || { cat "$T/gen.log"; exit 1; }
ls "$C"/msg-*.eml >"$T/files"
# So that agreement means something on failures too: every 20th message gets a changed body (body
# hash mismatch) and every 20th, offset by 10, a changed Subject (header signature mismatch).
awk 'NR % 20 == 0' "$T/files" | while read -r f; do printf 'appended after signing\r\n' >>"$f"; done
awk 'NR % 20 == 10' "$T/files" | while read -r f; do sed -i '0,/^Subject: /s//Subject: [changed] /' "$f"; done
bytes=$(cat "$C"/msg-*.eml | wc -c)
ed=$(grep -l -m1 '^DKIM-Signature:.*a=ed25519-sha256' "$C"/msg-*.eml | wc -l)
mean=$((bytes / N))
echo "   $N messages, $((bytes / 1000000)) MB, mean $((mean / 1000)) KB, $ed ed25519-sha256, $((N / 10)) changed after signing"
# The key records as "name<TAB>one string" for the peers (the zone holds them as split strings).
python3 - "$C/keys.zone" >"$T/keys.tsv" <<'PY'
import re, sys
origin, out = "", []
text = open(sys.argv[1]).read()
for m in re.finditer(r'^(\S+)\s+(?:\d+\s+)?IN\s+TXT\s+\(?((?:\s*"[^"]*")+)\s*\)?', text, re.M):
    name, rec = m.group(1), "".join(re.findall(r'"([^"]*)"', m.group(2)))
    print(f"{name.rstrip('.').lower()}\t{rec}")
PY
[ -s "$T/keys.tsv" ] || { echo "dkim_peers: no key records read from $C/keys.zone" >&2; exit 1; }

# --- one driver per tool: each prints "FILE<TAB>pass|fail|…" per message --------------------------------
run_authlens() {  # $1 = binary
  xargs -a "$T/files" "$1" dkim verify --zone "$C/keys.zone" --now $NOW --json 2>/dev/null |
    python3 -c 'import json,sys
for l in sys.stdin: j=json.loads(l); print(j["file"]+"\t"+j["result"])'
}
# Verdicts are read after the timed part for authlens (its JSON is parsed by Python); the timed command
# is the CLI alone.
time_authlens() { xargs -a "$T/files" "$1" dkim verify --zone "$C/keys.zone" --now $NOW --json >/dev/null 2>&1; }

cat >"$T/dkimpy.py" <<'PY'
import sys, dkim
recs = dict(l.rstrip("\n").split("\t", 1) for l in open(sys.argv[1]))
def dnsfunc(name, timeout=5):
    r = recs.get((name.decode() if isinstance(name, bytes) else name).rstrip(".").lower())
    return r.encode() if r else None
out = []
for f in open(sys.argv[2]).read().split():
    try: ok = dkim.verify(open(f, "rb").read(), dnsfunc=dnsfunc, minkey=1024)
    except Exception: ok = False
    out.append(f + "\t" + ("pass" if ok else "fail"))
print("\n".join(out))
PY
cat >"$T/maildkim.pl" <<'PL'
use strict; use warnings;
use Mail::DKIM::Verifier;
my ($tsv, $list, $offline) = @ARGV;
require $offline; maildkim_offline($tsv);
open my $l, '<', $list or die; my @files = map { chomp; $_ } <$l>; close $l;
for my $f (@files) {
  open my $fh, '<:raw', $f or die; my $text = do { local $/; <$fh> }; close $fh;
  my $v = Mail::DKIM::Verifier->new; $v->PRINT($text); $v->CLOSE;
  print "$f\t", ($v->result eq 'pass' ? 'pass' : $v->result), "\n";
}
PL
cat >"$T/mailauth.mjs" <<'JS'
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const [prefix, tsv, list] = process.argv.slice(2);
const { dkimVerify } = createRequire(prefix + '/')('mailauth/lib/dkim/verify');
const recs = new Map(readFileSync(tsv, 'utf8').trim().split('\n').map((l) => l.split('\t')));
const resolver = async (name, type) => {
  const r = recs.get(name.replace(/\.$/, '').toLowerCase());
  if (!r || type !== 'TXT') { const e = new Error('ENOTFOUND'); e.code = 'ENOTFOUND'; throw e; }
  return [r.match(/.{1,255}/g)];
};
const out = [];
for (const f of readFileSync(list, 'utf8').trim().split('\n')) {
  const res = await dkimVerify(readFileSync(f), { resolver, minBitLength: 1024 });
  const s = res.results?.[0]?.status?.result ?? 'none';
  out.push(`${f}\t${s}`);
}
console.log(out.join('\n'));
JS
# OpenDKIM test mode: TestPublicKeys lines are "name record"; it reports on stderr per message.
printf 'Mode v\nSyslog no\nMinimumKeyBits 1024\nTestPublicKeys %s\n' "$T/opendkim.keys" >"$T/opendkim.conf"
tr '\t' ' ' <"$T/keys.tsv" >"$T/opendkim.keys"
run_opendkim() {
  # One process, the files as one comma list; its per-message line names the file and the verdict.
  opendkim -x "$T/opendkim.conf" -t "$(paste -sd, "$T/files")" 2>&1 |
    sed -nE 's/^opendkim: ([^:]+): .*verification.*(successful|succeeded).*/\1\tpass/p; t; s/^opendkim: ([^:]+): .*(fail|bad signature|error|invalid|unknown).*/\1\tfail/p'
}

# --- which peers are here (installed when missing) ----------------------------------------------------
tools=(authlens)
[ -n "$BASE" ] && { [ -x "$BASE" ] && tools+=(authlens-baseline) || echo "note: AUTHLENS_BIN_BASELINE=$BASE is not executable: skipped"; }
command -v opendkim >/dev/null || apt_install opendkim opendkim-tools
if command -v opendkim >/dev/null; then tools+=(opendkim); else echo "skip: OpenDKIM (opendkim) not installed and cannot be installed here"; fi
"$PY" -c 'import dkim' 2>/dev/null || apt_install python3-dkim python3-nacl
if "$PY" -c 'import dkim' 2>/dev/null; then tools+=(dkimpy); else echo "skip: dkimpy (python3-dkim) not installed and cannot be installed here"; fi
perl -MMail::DKIM::Verifier -MNet::DNS -e1 2>/dev/null || apt_install libmail-dkim-perl
if perl -MMail::DKIM::Verifier -MNet::DNS -e1 2>/dev/null; then tools+=(maildkim); else echo "skip: Mail::DKIM (libmail-dkim-perl) not installed and cannot be installed here"; fi
if [ ! -d "$PREFIX/node_modules/mailauth" ] && command -v npm >/dev/null; then
  mkdir -p "$PREFIX" && npm install --silent --no-audit --no-fund --prefix "$PREFIX" mailauth >"$T/npm.log" 2>&1
fi
if [ -d "$PREFIX/node_modules/mailauth" ] && command -v node >/dev/null; then tools+=(mailauth); else echo "skip: mailauth (npm) not installed and cannot be installed here (see npm's log: npm install --prefix $PREFIX mailauth)"; fi

verdicts() {  # verdicts TOOL: FILE<TAB>pass|fail lines, sorted (tools word failures differently)
  raw_verdicts "$1" | awk -F'\t' '{print $1 "\t" ($2 == "pass" ? "pass" : "fail")}' | sort
}
raw_verdicts() {
  case $1 in
    authlens) run_authlens "$BIN" ;;
    authlens-baseline) run_authlens "$BASE" ;;
    opendkim) run_opendkim ;;
    dkimpy) "$PY" "$T/dkimpy.py" "$T/keys.tsv" "$T/files" ;;
    maildkim) perl "$T/maildkim.pl" "$T/keys.tsv" "$T/files" "$PWD/tests/lib/maildkim_offline.pl" ;;
    mailauth) node "$T/mailauth.mjs" "$PREFIX" "$T/keys.tsv" "$T/files" ;;
  esac
}
timed() {  # timed TOOL: the verification run alone, output discarded
  case $1 in
    authlens) time_authlens "$BIN" ;;
    authlens-baseline) time_authlens "$BASE" ;;
    opendkim) opendkim -x "$T/opendkim.conf" -t "$(paste -sd, "$T/files")" >/dev/null 2>&1 ;;
    *) raw_verdicts "$1" >/dev/null ;;
  esac
}
export -f timed verdicts raw_verdicts run_authlens time_authlens run_opendkim
export T C BIN BASE PREFIX NOW PY

# --- verdicts and agreement -----------------------------------------------------------------------------
echo "== verdicts, pass or not (authlens's are the reference)"
for t in "${tools[@]}"; do verdicts "$t" >"$T/v.$t"; done
declare -A agree
for t in "${tools[@]}"; do
  got=$(wc -l <"$T/v.$t")
  pass=$(grep -c $'\tpass$' "$T/v.$t")
  same=$(join -t $'\t' "$T/v.authlens" "$T/v.$t" | awk -F'\t' '$2 == $3' | wc -l)
  if [ "$same" = "$N" ]; then agree[$t]="all $N agree"
  else
    edd=$(join -t $'\t' "$T/v.authlens" "$T/v.$t" | awk -F'\t' '$2 != $3 {print $1}' | xargs -r grep -l -m1 'a=ed25519-sha256' | wc -l)
    agree[$t]="$same/$N agree ($((N - same)) differ, $edd of them ed25519-sha256)"
  fi
  printf '   %-18s %5d verdicts, %5d pass   %s\n' "$t" "$got" "$pass" "${agree[$t]}"
done

# --- timings --------------------------------------------------------------------------------------------
echo "== timing: $RUNS runs per tool, alternating"
for r in $(seq "$RUNS"); do
  for t in "${tools[@]}"; do
    /usr/bin/time -f '%e %U %S' -o "$T/time" bash -c "timed $t" || true
    echo "$t $(tail -n 1 "$T/time")" >>"$T/times"  # GNU time first notes a non-zero exit
  done
done
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
declare -A cpu wall
for t in "${tools[@]}"; do
  cpu[$t]=$(awk -v t="$t" '$1 == t {print $3 + $4}' "$T/times" | median)
  wall[$t]=$(awk -v t="$t" '$1 == t {print $2}' "$T/times" | median)
done

# --- the hardware floor: one RSA-2048 verify + one SHA-256 pass over the mean message, per message --------
sha=$(openssl speed -seconds 1 -evp sha256 2>/dev/null | awk '/^sha256/ || /^SHA256/ {v=$NF} END {sub(/k$/, "", v); print v * 1000}')
rsa=$(openssl speed -seconds 1 rsa2048 2>/dev/null | awk '/^rsa 2048 bits/ {print $(NF)}')
floor=$(awk -v s="$sha" -v r="$rsa" -v m="$mean" 'BEGIN { if (s > 0 && r > 0) printf "%.0f", 1 / (1 / r + m / s); else print 0 }')

echo
printf '%-18s %12s %12s %14s %8s   %s\n' tool "msg/s (cpu)" "msg/s (wall)" "authlens faster" "cpu s" "agreement with authlens"
for t in "${tools[@]}"; do
  awk -v t="$t" -v n="$N" -v c="${cpu[$t]}" -v w="${wall[$t]}" -v a="${cpu[authlens]}" -v g="${agree[$t]}" 'BEGIN {
    printf "%-18s %12.0f %12.0f %13.2fx %8.2f   %s\n", t, n / c, n / w, c / a, c, g }'
done
echo
awk -v s="$sha" -v r="$rsa" -v m="$mean" -v f="$floor" -v n="$N" -v a="${cpu[authlens]}" 'BEGIN {
  printf "hardware floor (openssl speed: SHA-256 %.0f MB/s at 16 KB blocks, RSA-2048 %.0f verify/s; mean message %d bytes):\n", s / 1e6, r, m
  printf "   %.0f msg/s; authlens reaches %.0f%% of it\n", f, 100 * (n / a) / f }'
