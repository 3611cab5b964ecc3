#!/usr/bin/env bash
# Many messages (issue 14): generates a corpus of N messages (default 10000) in several sending streams
# from the signed sample messages (an unsigned X-Seq header on top keeps every DKIM signature valid;
# the unsigned Return-Path is set to five providers' bounce domains in turn, and left as it is),
# then measures, offline from the sample zones (the DNS is not what is measured here):
#   messages/s of `analyze DIR --jobs 1` and `--jobs 2` and their ratio, peak RSS (GNU time),
#   DNS questions per message (--stats: questions sent to the source / messages),
#   the same folder as one mbox, and `inventory` over it.
#   tests/bench/many_messages.sh [N] [BUILD_DIR=build/native]
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-10000}
build=${2:-build/native}
bin=$build/native-cli/authlens
[ -x "$bin" ] || { echo "build the CLI first: $bin" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (Debian package 'time')" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus"
msgs=tests/data/messages
templates=("$msgs/analyze-aligned.eml" "$msgs/analyze-esp.eml" "$msgs/analyze-tampered.eml" "$msgs/analyze-arc-sealed.eml")
python3 - "$n" "$work/corpus" "$work/all.mbox" "${templates[@]}" <<'PY'
import re, sys
n, out, mbox_path, *templates = sys.argv[1:]
bodies = [open(t, 'rb').read() for t in templates]
# Sending streams of several providers: the (unsigned) Return-Path names the provider's bounce domain,
# so each variant is a stream of its own and the inventory recognises the provider by its MAIL FROM.
return_paths = [None, b'bounces+4711@em42.sendgrid.net', b'0100018c-abc@amazonses.com', b'bounce-mc.us5_1@mcsv.net',
                b'bounce+1a2b@mg.mailgun.org', b'pm_bounces@pm-bounces.mtasv.net']
with open(mbox_path, 'wb') as mbox:
    for i in range(int(n)):
        body = bodies[i % len(bodies)]
        rp = return_paths[(i // len(bodies)) % len(return_paths)]
        if rp:
            body = re.sub(rb'^Return-Path: <[^>]*>', b'Return-Path: <' + rp + b'>', body, count=1, flags=re.M)
        msg = b'X-Seq: %d\r\n' % i + body
        open('%s/m%06d.eml' % (out, i), 'wb').write(msg)
        quoted = b'\n'.join((b'>' + l) if l.lstrip(b'>').startswith(b'From ') else l for l in msg.split(b'\n'))
        mbox.write(b'From bench@example.test Thu Nov 19 08:00:00 2026\n' + quoted + b'\n')
PY
zones=(--zone tests/data/zones/analyze-shop.test.zone --zone tests/data/zones/analyze-esp.test.zone)
now=(--now 1795000100)
measure() {  # label, then the command; prints messages/s and peak RSS
  local label=$1; shift
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$work/rss" "$@" > "$work/out" 2> "$work/err" || true
  t1=$(date +%s.%N)
  local secs rss
  secs=$(echo "$t1 - $t0" | bc -l)
  rss=$(tail -1 "$work/rss")
  printf '%-34s %6d messages  %7.2f s  %8.0f msg/s  peak RSS %6.1f MB\n' "$label" "$n" "$secs" "$(echo "$n / $secs" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
  echo "$secs" > "$work/last"
}
echo "many_messages: $n messages ($(du -sh "$work/corpus" | cut -f1) on disk), $(nproc) cores, $(date -u +%F)"
measure "analyze DIR --jobs 1" "$bin" analyze "$work/corpus" --jobs 1 "${now[@]}" "${zones[@]}" --stats
one=$(cat "$work/last")
stats=$(tail -1 "$work/err")
measure "analyze DIR --jobs 2" "$bin" analyze "$work/corpus" --jobs 2 "${now[@]}" "${zones[@]}"
two=$(cat "$work/last")
printf 'speed-up --jobs 2 / --jobs 1: %.2fx (target >= 1.8x)\n' "$(echo "$one / $two" | bc -l)"
echo "DNS: $stats  →  $(python3 -c "import json,sys; s=json.loads(sys.argv[1]); print('%.4f questions per message' % (s['dns_asked']/s['messages']))" "$stats")"
measure "analyze all.mbox --jobs 2" "$bin" analyze "$work/all.mbox" --jobs 2 "${now[@]}" "${zones[@]}"
measure "inventory DIR --jobs 2 --json" "$bin" inventory "$work/corpus" --jobs 2 --json "${now[@]}" "${zones[@]}"
python3 -c "import json; j=json.load(open('$work/out')); print('inventory: %d messages, %d streams (providers: %s)' % (j['messages'], len(j['streams']), ', '.join(sorted({s['provider']['name'] for s in j['streams']}))))"
