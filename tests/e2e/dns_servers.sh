#!/bin/sh
# Starts / stops the real DNS servers the end-to-end tests talk to, all on loopback:
#   NSD 4.6 (authoritative for tests/data/zones)   127.0.0.1:53535 udp+tcp
#   dnsdist 1.7 in front of NSD                     127.0.0.1:53536 udp+tcp, DoH http://127.0.0.1:8053/dns-query
#   dnsdist with 50 ms added to every UDP answer    127.0.0.1:53537 udp+tcp (benchmark)
#   tests/e2e/hostile_dns.py (misbehaving server)   127.0.0.1:53540 udp+tcp, DoH http://127.0.0.1:53541/dns-query
# Usage: dns_servers.sh start|stop STATE_DIR
# `start` writes STATE_DIR/dns_servers.env (shell syntax, also read by the Node tests) and returns
# once every server answers; `stop` kills what `start` started (by the pids it recorded).
set -eu
cmd=${1:?start|stop}
state=${2:?state dir}
here=$(cd "$(dirname "$0")" && pwd)
zones=$(cd "$here/../data/zones" && pwd)

NSD_PORT=${AUTHLENS_NSD_PORT:-53535}
DNSDIST_PORT=${AUTHLENS_DNSDIST_PORT:-53536}
DOH_PORT=${AUTHLENS_DOH_PORT:-8053}
DELAY_PORT=${AUTHLENS_DELAY_PORT:-53537}
DELAY_MS=${AUTHLENS_DELAY_MS:-50}
HOSTILE_PORT=${AUTHLENS_HOSTILE_PORT:-53540}

stop_all() {
  for f in "$state"/*.pid; do
    [ -f "$f" ] || continue
    pid=$(cat "$f")
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      i=0
      while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$f"
  done
}

# Waits until a UDP DNS server on 127.0.0.1:$1 answers SOA example.test (python: no dig needed).
wait_udp() {
  python3 "$here/dns_probe.py" udp 127.0.0.1 "$1" "${2:-example.test}" 20
}

case "$cmd" in
stop)
  stop_all
  exit 0
  ;;
start) ;;
*) echo "usage: $0 start|stop STATE_DIR" >&2; exit 2 ;;
esac

mkdir -p "$state"
stop_all  # a previous run that was never stopped
rm -f "$state/nsd.log" "$state/dnsdist.log" "$state/dnsdist-delay.log" "$state/hostile.log"

# --- NSD ---------------------------------------------------------------------------------
mkdir -p "$state/nsd"
{
  cat <<CONF
server:
  ip-address: 127.0.0.1@$NSD_PORT
  port: $NSD_PORT
  username: ""
  chroot: ""
  zonesdir: "$zones"
  database: ""
  zonelistfile: "$state/nsd/zone.list"
  xfrdfile: "$state/nsd/xfrd.state"
  xfrdir: "$state/nsd"
  pidfile: "$state/nsd/nsd.pid"
  logfile: "$state/nsd.log"
  server-count: 1
  verbosity: 1
  hide-version: yes
  tcp-count: 100
remote-control:
  control-enable: no
CONF
  for z in "$zones"/*.zone; do
    name=$(basename "$z" .zone)
    printf 'zone:\n  name: "%s"\n  zonefile: "%s"\n' "$name" "$z"
  done
} >"$state/nsd/nsd.conf"
/usr/sbin/nsd-checkconf "$state/nsd/nsd.conf"
/usr/sbin/nsd -d -c "$state/nsd/nsd.conf" >>"$state/nsd.log" 2>&1 &
echo $! >"$state/nsd.pid"

# --- dnsdist: plain UDP/TCP + DoH over plain HTTP ------------------------------------------
write_dnsdist_conf() {  # $1 file, $2 dns port, $3 doh port or "", $4 delay ms or 0
  {
    echo "setSecurityPollSuffix('')"
    echo "setLocal('127.0.0.1:$2')"
    if [ -n "$3" ]; then
      # No certificate: Debian's dnsdist 1.7 serves DoH over plain HTTP (loopback tests only).
      echo "addDOHLocal('127.0.0.1:$3', nil, nil, '/dns-query', {customResponseHeaders={['access-control-allow-origin']='*'}})"
    fi
    echo "newServer({address='127.0.0.1:$NSD_PORT', checkName='example.test.', checkType='SOA', checkInterval=1, maxCheckFailures=3})"
    if [ "$4" -gt 0 ]; then echo "addAction(AllRule(), DelayAction($4))"; fi
    echo "setMaxUDPOutstanding(65535)"
  } >"$1"
}
write_dnsdist_conf "$state/dnsdist.conf" "$DNSDIST_PORT" "$DOH_PORT" 0
write_dnsdist_conf "$state/dnsdist-delay.conf" "$DELAY_PORT" "" "$DELAY_MS"
/usr/bin/dnsdist --supervised --disable-syslog -C "$state/dnsdist.conf" >>"$state/dnsdist.log" 2>&1 &
echo $! >"$state/dnsdist.pid"
/usr/bin/dnsdist --supervised --disable-syslog -C "$state/dnsdist-delay.conf" >>"$state/dnsdist-delay.log" 2>&1 &
echo $! >"$state/dnsdist-delay.pid"

# --- hostile server ------------------------------------------------------------------------
python3 "$here/hostile_dns.py" --port "$HOSTILE_PORT" --lifetime 3600 >>"$state/hostile.log" 2>&1 &
echo $! >"$state/hostile.pid"

cat >"$state/dns_servers.env" <<ENV
AUTHLENS_NSD=127.0.0.1:$NSD_PORT
AUTHLENS_DNSDIST=127.0.0.1:$DNSDIST_PORT
AUTHLENS_DOH_URL=http://127.0.0.1:$DOH_PORT/dns-query
AUTHLENS_DELAY=127.0.0.1:$DELAY_PORT
AUTHLENS_DELAY_MS=$DELAY_MS
AUTHLENS_HOSTILE=127.0.0.1:$HOSTILE_PORT
AUTHLENS_HOSTILE_DOH_URL=http://127.0.0.1:$((HOSTILE_PORT + 1))/dns-query
ENV

ok=1
wait_udp "$NSD_PORT" || { echo "NSD did not answer on $NSD_PORT" >&2; ok=0; }
[ $ok = 1 ] && { wait_udp "$DNSDIST_PORT" || { echo "dnsdist did not answer on $DNSDIST_PORT" >&2; ok=0; }; }
[ $ok = 1 ] && { wait_udp "$DELAY_PORT" || { echo "delayed dnsdist did not answer on $DELAY_PORT" >&2; ok=0; }; }
[ $ok = 1 ] && { python3 "$here/dns_probe.py" doh 127.0.0.1 "$DOH_PORT" example.test 20 ||
  { echo "dnsdist DoH did not answer on $DOH_PORT" >&2; ok=0; }; }
[ $ok = 1 ] && { python3 "$here/dns_probe.py" udp 127.0.0.1 "$HOSTILE_PORT" ok.hostile.test 20 ||
  { echo "hostile server did not answer on $HOSTILE_PORT" >&2; ok=0; }; }
if [ $ok = 0 ]; then
  for l in "$state"/*.log; do echo "== $l" >&2; tail -n 20 "$l" >&2; done
  stop_all
  exit 1
fi
echo "DNS servers up:"
cat "$state/dns_servers.env"
