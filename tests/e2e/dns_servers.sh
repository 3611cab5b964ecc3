#!/bin/sh
# Starts / stops the real DNS servers the end-to-end tests talk to, all on loopback:
#   NSD 4.6 (authoritative for tests/data/zones)   127.0.0.1:53535 udp+tcp
#   dnsdist 1.7 in front of NSD                     127.0.0.1:53536 udp+tcp, DoH http://127.0.0.1:8053/dns-query
#   dnsdist with 50 ms added to every UDP answer    127.0.0.1:53537 udp+tcp (benchmark)
#   tests/e2e/hostile_dns.py (misbehaving server)   127.0.0.1:53540 udp+tcp, DoH http://127.0.0.1:53541/dns-query
#   (dnsdist also on [::1] with the same port when the machine has IPv6 loopback)
# Usage: dns_servers.sh start|stop STATE_DIR
# Ports can be moved with AUTHLENS_NSD_PORT, AUTHLENS_DNSDIST_PORT, AUTHLENS_DOH_PORT, AUTHLENS_DOHS_PORT,
# AUTHLENS_DELAY_PORT, AUTHLENS_HOSTILE_PORT (+1 for its HTTP port); AUTHLENS_DELAY_MS sets the
# benchmark delay; AUTHLENS_DNS_LIFETIME (seconds, default 3600) bounds how long servers live.
# `start` writes STATE_DIR/dns_servers.env (shell syntax, also read by the Node tests) and returns
# once every server answers; `stop` kills what `start` started (by the pids it recorded).
set -eu
cmd=${1:?start|stop}
state=${2:?state dir}
if [ -d "$state" ]; then state=$(cd "$state" && pwd); fi
here=$(cd "$(dirname "$0")" && pwd)
zones=$(cd "$here/../data/zones" && pwd)

NSD_PORT=${AUTHLENS_NSD_PORT:-53535}
DNSDIST_PORT=${AUTHLENS_DNSDIST_PORT:-53536}
DOH_PORT=${AUTHLENS_DOH_PORT:-8053}
DOHS_PORT=${AUTHLENS_DOHS_PORT:-8443}
DELAY_PORT=${AUTHLENS_DELAY_PORT:-53537}
DELAY_MS=${AUTHLENS_DELAY_MS:-50}
HOSTILE_PORT=${AUTHLENS_HOSTILE_PORT:-53540}
LIFETIME=${AUTHLENS_DNS_LIFETIME:-3600}

stop_all() {
  # Only processes this script started: their command line names the state dir (or the hostile
  # server), so a recycled pid is never killed. TERM them all, wait (5 s at most), then KILL.
  pids=""
  for f in "$state"/*.pid; do
    [ -f "$f" ] || continue
    pid=$(cat "$f")
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null &&
      tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -e "$state" -e hostile_dns.py; then
      kill "$pid" 2>/dev/null || true
      pids="$pids $pid"
    fi
    rm -f "$f"
  done
  i=0
  while [ $i -lt 50 ]; do
    alive=""
    for pid in $pids; do kill -0 "$pid" 2>/dev/null && alive="$alive $pid"; done
    [ -z "$alive" ] && return 0
    sleep 0.1
    i=$((i + 1))
  done
  for pid in $alive; do kill -9 "$pid" 2>/dev/null || true; done
}

# Waits until a UDP DNS server on 127.0.0.1:$1 answers SOA example.test (python: no dig needed).
wait_udp() {
  python3 "$here/dns_probe.py" udp 127.0.0.1 "$1" "${2:-example.test}" 20
}

case "$cmd" in
watchdog)
  # Short sleeps, so that killing the watchdog leaves no long-lived sleep behind.
  end=$(($(date +%s) + ${3:-3600}))
  while [ "$(date +%s)" -lt "$end" ]; do sleep 2; done
  rm -f "$state/watchdog.pid"
  stop_all
  exit 0
  ;;
stop)
  stop_all
  exit 0
  ;;
start) ;;
*) echo "usage: $0 start|stop STATE_DIR" >&2; exit 2 ;;
esac

mkdir -p "$state"
state=$(cd "$state" && pwd)
stop_all  # a previous run that was never stopped

# Fail clearly when a port is taken (another build tree's servers, say).
busy=$(python3 - "$NSD_PORT" "$DNSDIST_PORT" "$DOH_PORT" "$DOHS_PORT" "$DELAY_PORT" "$HOSTILE_PORT" "$((HOSTILE_PORT + 1))" <<'PY'
import socket, sys
for p in sys.argv[1:]:
    for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
        s = socket.socket(socket.AF_INET, kind)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers do: TIME_WAIT is no conflict
        try:
            s.bind(("127.0.0.1", int(p)))
        except OSError:
            print(p)
            break
        finally:
            s.close()
PY
)
if [ -n "$busy" ]; then
  echo "dns_servers.sh: port(s) already in use on 127.0.0.1: $(echo $busy) — stop the other servers" \
    "(tests/e2e/dns_servers.sh stop THEIR_STATE_DIR) or choose other ports (see tests/e2e/README.md)" >&2
  exit 1
fi
HAVE_IPV6=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET6); s.bind(("::1", 0)); print(1)' 2>/dev/null || echo 0)
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
/usr/sbin/nsd -d -c "$state/nsd/nsd.conf" </dev/null >>"$state/nsd.log" 2>&1 &
echo $! >"$state/nsd.pid"

# --- dnsdist: plain UDP/TCP + DoH over plain HTTP ------------------------------------------
write_dnsdist_conf() {  # $1 file, $2 dns port, $3 doh port or "", $4 delay ms or 0
  {
    echo "setSecurityPollSuffix('')"
    echo "setLocal('127.0.0.1:$2')"
    if [ "$HAVE_IPV6" = 1 ]; then echo "addLocal('[::1]:$2')"; fi
    if [ -n "$3" ]; then
      # No certificate: Debian's dnsdist 1.7 serves DoH over plain HTTP (loopback tests only).
      echo "addDOHLocal('127.0.0.1:$3', nil, nil, '/dns-query', {customResponseHeaders={['access-control-allow-origin']='*'}})"
    fi
    echo "newServer({address='127.0.0.1:$NSD_PORT', checkName='example.test.', checkType='SOA', checkInterval=1, maxCheckFailures=3})"
    if [ "$4" -gt 0 ]; then echo "addAction(AllRule(), DelayAction($4))"; fi
    echo "setMaxUDPOutstanding(65535)"
  } >"$1"
}
# DoH over TLS as well, with a certificate for "localhost" from a CA made here (clients trust it
# through AUTHLENS_CA_FILE=$state/tls/ca.pem): tests TLS, SNI and host name verification.
mkdir -p "$state/tls"
(
  cd "$state/tls"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=authlens test CA" \
    -keyout ca.key -out ca.pem -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign"
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server.key -out server.csr
  printf 'subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >server.ext
  openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile server.ext -out server.pem
) </dev/null >"$state/tls/openssl.log" 2>&1 || { echo "openssl failed:" >&2; cat "$state/tls/openssl.log" >&2; exit 1; }
write_dnsdist_conf "$state/dnsdist.conf" "$DNSDIST_PORT" "$DOH_PORT" 0
echo "addDOHLocal('127.0.0.1:$DOHS_PORT', '$state/tls/server.pem', '$state/tls/server.key', '/dns-query')" >>"$state/dnsdist.conf"
write_dnsdist_conf "$state/dnsdist-delay.conf" "$DELAY_PORT" "" "$DELAY_MS"
/usr/bin/dnsdist --supervised --disable-syslog -C "$state/dnsdist.conf" </dev/null >>"$state/dnsdist.log" 2>&1 &
echo $! >"$state/dnsdist.pid"
/usr/bin/dnsdist --supervised --disable-syslog -C "$state/dnsdist-delay.conf" </dev/null >>"$state/dnsdist-delay.log" 2>&1 &
echo $! >"$state/dnsdist-delay.pid"

# --- hostile server ------------------------------------------------------------------------
python3 "$here/hostile_dns.py" --port "$HOSTILE_PORT" --lifetime "$LIFETIME" </dev/null >>"$state/hostile.log" 2>&1 &
echo $! >"$state/hostile.pid"

# --- watchdog: servers never outlive LIFETIME seconds, even when `stop` is never run -------------
sh "$here/dns_servers.sh" watchdog "$state" "$LIFETIME" </dev/null >/dev/null 2>&1 &
echo $! >"$state/watchdog.pid"

cat >"$state/dns_servers.env" <<ENV
AUTHLENS_NSD=127.0.0.1:$NSD_PORT
AUTHLENS_DNSDIST=127.0.0.1:$DNSDIST_PORT
AUTHLENS_DOH_URL=http://127.0.0.1:$DOH_PORT/dns-query
AUTHLENS_DOH_TLS_URL=https://localhost:$DOHS_PORT/dns-query
AUTHLENS_DOH_TLS_CA=$state/tls/ca.pem
AUTHLENS_DELAY=127.0.0.1:$DELAY_PORT
AUTHLENS_DELAY_MS=$DELAY_MS
AUTHLENS_DNSDIST6=$([ "$HAVE_IPV6" = 1 ] && echo "[::1]:$DNSDIST_PORT")
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
