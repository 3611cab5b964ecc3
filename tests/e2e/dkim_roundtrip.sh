#!/usr/bin/env bash
# DKIM round trips with independent implementations from Debian (issue 4, "Proof"):
#   1. `authlens dkim sign` (rsa-sha256, ed25519-sha256 × relaxed/relaxed, simple/simple, relaxed/simple,
#      simple/relaxed) → verified by authlens (--zone), by dkimpy (python3-dkim) and by Mail::DKIM
#      (libmail-dkim-perl);
#   2. messages signed by dkimpy and by Mail::DKIM → verified by `authlens dkim verify --zone`.
# Keys are made fresh by `authlens dkim keygen`; every verifier gets them without any network:
# authlens from a zone file (--zone), dkimpy through its dnsfunc hook, Mail::DKIM by replacing
# Mail::DKIM::DNS::query with a lookup in the same records. Nothing leaves the process, let alone loopback.
#
# Env: AUTHLENS_BIN (the CLI). Exit 0 all passed · 1 a round trip failed · 77 skipped (no CLI, or
# neither dkimpy nor Mail::DKIM installed). A Mail::DKIM without ed25519-sha256 (Debian bookworm's
# 1.20230212 has no Mail::DKIM::Algorithm::ed25519_sha256) skips only those cases, and says so.
set -u
BIN=${AUTHLENS_BIN:-}
PY=/usr/bin/python3
SKIP=77
OFFLINE_PL=$(cd "$(dirname "$0")/../lib" && pwd)/maildkim_offline.pl  # Mail::DKIM's DNS from keys.tsv
if [ -z "$BIN" ] || [ ! -x "$BIN" ]; then echo "SKIP: AUTHLENS_BIN not set or not executable"; exit $SKIP; fi
# Debian's python3 (where python3-dkim lives); any python3 still writes the key files.
[ -x "$PY" ] || PY=$(command -v python3 || true)
if [ -z "$PY" ]; then echo "SKIP: no python3"; exit $SKIP; fi
have_py=0; have_perl=0; have_perl_ed=0
if [ -x "$PY" ] && "$PY" -c 'import dkim' 2>/dev/null; then have_py=1; fi
if perl -MMail::DKIM::Verifier -MMail::DKIM::Signer -MNet::DNS -e1 2>/dev/null; then have_perl=1; fi
if [ $have_perl = 1 ] && perl -MMail::DKIM::Algorithm::ed25519_sha256 -e1 2>/dev/null; then have_perl_ed=1; fi
if [ $have_py = 0 ] && [ $have_perl = 0 ]; then
  echo "SKIP: neither dkimpy (python3-dkim) nor Mail::DKIM (libmail-dkim-perl) is installed"; exit $SKIP
fi
[ $have_py = 1 ] || echo "note: dkimpy (python3-dkim) not installed: its cases are skipped"
[ $have_perl = 1 ] || echo "note: Mail::DKIM (libmail-dkim-perl) not installed: its cases are skipped"
[ $have_perl = 0 ] || [ $have_perl_ed = 1 ] || echo "note: this Mail::DKIM has no ed25519-sha256 (Mail::DKIM::Algorithm::ed25519_sha256; Debian bookworm's 1.20230212 lacks it): its ed25519 cases are skipped"

T=$(mktemp -d "${TMPDIR:-/tmp}/authlens-dkim-rt.XXXXXX")
trap 'rm -rf "$T"' EXIT
DOMAIN=rt.authlens.test
fails=0; passes=0; skips=0
ok() { passes=$((passes + 1)); echo "ok   $*"; }
bad() { fails=$((fails + 1)); echo "FAIL $*"; }

# --- keys -------------------------------------------------------------------------------------
"$BIN" dkim keygen --type rsa --bits 2048 --domain $DOMAIN --selector rsa --out "$T/rsa" >/dev/null || { echo "FAIL keygen rsa"; exit 1; }
"$BIN" dkim keygen --type ed25519 --domain $DOMAIN --selector ed --out "$T/ed" >/dev/null || { echo "FAIL keygen ed25519"; exit 1; }
# The one-string record is the last line of PREFIX.txt. Zone file + a name→record map for the others.
"$PY" - "$T" $DOMAIN <<'PY' || { echo "FAIL: key records"; exit 1; }
import base64, re, sys
t, domain = sys.argv[1], sys.argv[2]
recs = {}
for sel in ("rsa", "ed"):
    rec = [l for l in open(f"{t}/{sel}.txt").read().splitlines() if l.startswith("v=DKIM1")][-1]
    recs[f"{sel}._domainkey.{domain}"] = rec
with open(f"{t}/keys.zone", "w") as z:
    z.write(f"$ORIGIN {domain}.\n$TTL 300\n")
    for name, rec in recs.items():
        chunks = " ".join('"%s"' % rec[i:i + 255] for i in range(0, len(rec), 255))
        z.write(f"{name}. IN TXT ( {chunks} )\n")
with open(f"{t}/keys.tsv", "w") as f:
    for name, rec in recs.items():
        f.write(f"{name}\t{rec}\n")
# dkimpy takes an Ed25519 key as the base64 of the 32-byte seed: the end of the PKCS#8 DER (RFC 8410).
pem = open(f"{t}/ed.private").read()
der = base64.b64decode("".join(l for l in pem.splitlines() if not l.startswith("-----")))
open(f"{t}/ed.seed", "w").write(base64.b64encode(der[-32:]).decode() + "\n")
PY
# Mail::DKIM reads RSA keys as PKCS#1 ("RSA PRIVATE KEY").
if [ $have_perl = 1 ]; then
  openssl rsa -in "$T/rsa.private" -traditional -out "$T/rsa.pkcs1" 2>/dev/null || openssl rsa -in "$T/rsa.private" -out "$T/rsa.pkcs1" 2>/dev/null
  openssl pkey -in "$T/ed.private" -out "$T/ed.pem" 2>/dev/null || true
fi

# --- the message (CRLF, trailing blanks and empty lines so the canonicalisations differ) -------
printf '%s\r\n' \
  "From: \"Round Trip\" <sender@$DOMAIN>" \
  "To: user@example.org" \
  "Subject:   DKIM  round trip	test " \
  "Date: Mon, 23 Nov 2026 07:00:00 +0000" \
  "Message-ID: <rt.1@$DOMAIN>" \
  "MIME-Version: 1.0" \
  "Content-Type: text/plain; charset=utf-8" \
  "" \
  "Hello,  this line has  double spaces " \
  "and this one a trailing tab	" \
  "" \
  "日本語の行もあります。" \
  "" \
  "" > "$T/msg.eml"

# --- verifiers ----------------------------------------------------------------------------------
verify_authlens() { "$BIN" dkim verify "$1" --zone "$T/keys.zone" >"$1.authlens.out" 2>&1; }
verify_dkimpy() {
  "$PY" - "$1" "$T/keys.tsv" <<'PY'
import sys, dkim
recs = dict(l.rstrip("\n").split("\t", 1) for l in open(sys.argv[2]))
def dnsfunc(name, timeout=5):
    n = name.decode() if isinstance(name, bytes) else name
    r = recs.get(n.rstrip(".").lower())
    return r.encode() if r else None
sys.exit(0 if dkim.verify(open(sys.argv[1], "rb").read(), dnsfunc=dnsfunc) else 1)
PY
}
verify_maildkim() {
  perl - "$1" "$T/keys.tsv" "$OFFLINE_PL" <<'PL'
use strict; use warnings;
use Mail::DKIM::Verifier;
my ($file, $tsv, $offline) = @ARGV;
require $offline; maildkim_offline($tsv);
open my $fh, '<:raw', $file or die; my $text = do { local $/; <$fh> }; close $fh;
my $v = Mail::DKIM::Verifier->new;
$v->PRINT($text); $v->CLOSE;
print $v->result_detail, "\n";
exit($v->result eq 'pass' ? 0 : 1);
PL
}

# --- 1. authlens signs, everybody verifies ------------------------------------------------------
for alg in rsa-sha256 ed25519-sha256; do
  case $alg in rsa-sha256) key=$T/rsa.private; sel=rsa;; *) key=$T/ed.private; sel=ed;; esac
  for canon in relaxed/relaxed simple/simple relaxed/simple simple/relaxed; do
    out=$T/authlens-$sel-${canon%/*}-${canon#*/}.eml
    if ! "$BIN" dkim sign --key "$key" --domain $DOMAIN --selector $sel --algorithm $alg --canon $canon "$T/msg.eml" >"$out" 2>"$out.err"; then
      bad "authlens dkim sign $alg $canon: $(cat "$out.err")"; continue
    fi
    if verify_authlens "$out"; then ok "authlens → authlens   $alg $canon"; else bad "authlens → authlens   $alg $canon: $(cat "$out.authlens.out")"; fi
    if [ $have_py = 1 ]; then
      if verify_dkimpy "$out" >/dev/null 2>&1; then ok "authlens → dkimpy     $alg $canon"; else bad "authlens → dkimpy     $alg $canon"; fi
    fi
    if [ $have_perl = 1 ]; then
      if [ $alg = ed25519-sha256 ] && [ $have_perl_ed = 0 ]; then skips=$((skips + 1)); echo "skip authlens → Mail::DKIM $alg $canon (this Mail::DKIM has no ed25519-sha256)"
      elif d=$(verify_maildkim "$out" 2>&1); then ok "authlens → Mail::DKIM $alg $canon"; else bad "authlens → Mail::DKIM $alg $canon: $d"; fi
    fi
  done
done

# --- 2. dkimpy and Mail::DKIM sign, authlens verifies -------------------------------------------
for alg in rsa-sha256 ed25519-sha256; do
  for canon in relaxed/relaxed simple/simple relaxed/simple simple/relaxed; do
    if [ $have_py = 1 ]; then
      out=$T/dkimpy-$alg-${canon%/*}-${canon#*/}.eml
      if "$PY" - "$T" "$alg" "$canon" $DOMAIN "$out" <<'PY'
import sys, dkim
t, alg, canon, domain, out = sys.argv[1:]
h, b = canon.split("/")
if alg == "rsa-sha256":
    sel, key = b"rsa", open(f"{t}/rsa.private", "rb").read()
else:
    sel, key = b"ed", open(f"{t}/ed.seed", "rb").read().strip()
msg = open(f"{t}/msg.eml", "rb").read()
sig = dkim.sign(msg, sel, domain.encode(), key, canonicalize=(h.encode(), b.encode()), signature_algorithm=alg.encode(),
                include_headers=[b"from", b"to", b"subject", b"date", b"message-id"])
open(out, "wb").write(sig + msg)
PY
      then
        if verify_authlens "$out"; then ok "dkimpy → authlens     $alg $canon"; else bad "dkimpy → authlens     $alg $canon: $(cat "$out.authlens.out")"; fi
      else bad "dkimpy sign $alg $canon"; fi
    fi
    if [ $have_perl = 1 ]; then
      if [ $alg = ed25519-sha256 ] && [ $have_perl_ed = 0 ]; then skips=$((skips + 1)); echo "skip Mail::DKIM → authlens $alg $canon (this Mail::DKIM has no ed25519-sha256)"; continue; fi
      out=$T/maildkim-$alg-${canon%/*}-${canon#*/}.eml
      case $alg in rsa-sha256) key=$T/rsa.pkcs1; sel=rsa;; *) key=$T/ed.pem; sel=ed;; esac
      if perl - "$T/msg.eml" "$alg" "$canon" $DOMAIN $sel "$key" "$out" <<'PL'
use strict; use warnings;
use Mail::DKIM::Signer;
my ($file, $alg, $canon, $domain, $sel, $key, $out) = @ARGV;
open my $fh, '<:raw', $file or die; my $text = do { local $/; <$fh> }; close $fh;
my $s = Mail::DKIM::Signer->new(Algorithm => $alg, Method => $canon, Domain => $domain, Selector => $sel,
                                KeyFile => $key, Headers => 'from:to:subject:date:message-id');
$s->PRINT($text); $s->CLOSE;
open my $o, '>:raw', $out or die; print $o $s->signature->as_string, "\r\n", $text; close $o;
PL
      then
        if verify_authlens "$out"; then ok "Mail::DKIM → authlens $alg $canon"; else bad "Mail::DKIM → authlens $alg $canon: $(cat "$out.authlens.out")"; fi
      else bad "Mail::DKIM sign $alg $canon"; fi
    fi
  done
done

echo "dkim round trips: $passes passed, $fails failed, $skips skipped"
[ $fails = 0 ] || exit 1
exit 0
