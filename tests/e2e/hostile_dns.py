#!/usr/bin/env python3
"""A misbehaving DNS server for the authlens end-to-end tests (loopback only, bounded lifetime).

The first label of the question picks the misbehaviour (any zone; tests use NAME.hostile.test):
  ok        a normal answer: A 192.0.2.99
  mismatch  first replies with a wrong id, a wrong name, a wrong type and a reply without QR,
            then the right answer (the client must ignore the mismatches and keep waiting)
  wrongid   only ever replies with wrong ids                    -> client: TIMEOUT
  short     a truncated packet (the first 7 bytes of a reply)   -> TIMEOUT (cannot be matched)
  cut       the reply cut in the middle of the answer section  -> SERVFAIL (malformed)
  cloop     a compression pointer loop in the answer           -> SERVFAIL
  servfail  rcode SERVFAIL                                     -> SERVFAIL
  refused   rcode REFUSED                                      -> SERVFAIL
  silent    never answers                                      -> TIMEOUT
  tcloop    UDP: TC set; TCP: again TC set, for ever           -> SERVFAIL
  tcstall   UDP: TC set; TCP: accepts, never replies           -> TIMEOUT
  tcpbad    UDP: TC set; TCP: length prefix 60000, 10 bytes, close -> SERVFAIL/TIMEOUT
  tcpclose  UDP: TC set; TCP: closes at once                   -> SERVFAIL/TIMEOUT
UDP and TCP on --port; plain-HTTP DoH on --http-port (same names, plus:
  http500 -> HTTP 500, badtype -> wrong content-type, slowbody -> body never completes,
  hugebody -> Content-Length 10 MB, endlesschunks -> chunked body that never ends).
"""
import argparse, base64, os, socket, struct, sys, threading, time, urllib.parse

def parse_question(msg):
    """(id, flags, qname labels, qtype, qclass, end offset) or None."""
    if len(msg) < 12:
        return None
    qid, flags, qd = struct.unpack(">HHH", msg[:6])
    if qd < 1:
        return None
    pos, labels = 12, []
    while pos < len(msg):
        n = msg[pos]
        if n == 0:
            pos += 1
            break
        if n > 63 or pos + 1 + n > len(msg):
            return None
        labels.append(msg[pos + 1:pos + 1 + n].decode("ascii", "replace").lower())
        pos += 1 + n
    if pos + 4 > len(msg):
        return None
    qtype, qclass = struct.unpack(">HH", msg[pos:pos + 4])
    return qid, flags, labels, qtype, qclass, pos + 4

def encode_name(labels):
    return b"".join(bytes([len(l)]) + l.encode() for l in labels) + b"\0"

def reply(qid, labels, qtype, qclass=1, rcode=0, tc=False, qr=True, answers=()):
    flags = (0x8000 if qr else 0) | 0x0400 | 0x0100 | (0x0200 if tc else 0) | rcode
    out = struct.pack(">HHHHHH", qid, flags, 1, len(answers), 0, 0)
    out += encode_name(labels) + struct.pack(">HH", qtype, qclass)
    for rr in answers:
        out += rr
    return out

def a_record(addr="192.0.2.99"):
    # owner: pointer to the question name at offset 12
    return struct.pack(">HHHIH", 0xC00C, 1, 1, 60, 4) + socket.inet_aton(addr)

def answer_for(msg, transport):
    """List of (delay_s, bytes) to send, or None for silence, or a string for TCP behaviours."""
    p = parse_question(msg)
    if not p:
        return None
    qid, _flags, labels, qtype, qclass, _end = p
    mode = labels[0] if labels else ""
    good = reply(qid, labels, qtype, qclass, answers=[a_record()] if qtype == 1 else [])
    if mode == "ok":
        return [(0, good)]
    if mode == "mismatch":
        other = ["other"] + labels[1:]
        return [(0, reply((qid + 1) & 0xFFFF, labels, qtype, qclass, answers=[a_record()])),
                (0.02, reply(qid, other, qtype, qclass, answers=[a_record()])),
                (0.04, reply(qid, labels, 16 if qtype != 16 else 1, qclass)),
                (0.06, reply(qid, labels, qtype, 3)),
                (0.08, reply(qid, labels, qtype, qclass, qr=False, answers=[a_record()])),
                (0.10, good)]
    if mode == "wrongid":
        return [(i * 0.05, reply((qid + 1 + i) & 0xFFFF, labels, qtype, qclass, answers=[a_record()])) for i in range(5)]
    if mode == "short":
        return [(0, good[:7])]
    if mode == "cut":
        full = reply(qid, labels, qtype, qclass, answers=[a_record(), a_record("192.0.2.98")])
        return [(0, full[:len(full) - 6])]
    if mode == "cloop":
        # answer owner name is a pointer to itself
        at = len(reply(qid, labels, qtype, qclass))
        rr = struct.pack(">H", 0xC000 | at) + struct.pack(">HHIH", 1, 1, 60, 4) + socket.inet_aton("192.0.2.1")
        out = bytearray(reply(qid, labels, qtype, qclass))
        out[6:8] = struct.pack(">H", 1)
        return [(0, bytes(out) + rr)]
    if mode == "servfail":
        return [(0, reply(qid, labels, qtype, qclass, rcode=2))]
    if mode == "refused":
        return [(0, reply(qid, labels, qtype, qclass, rcode=5))]
    if mode == "silent":
        return None
    if mode in ("tcloop", "tcstall", "tcpbad", "tcpclose"):
        if transport == "udp":
            return [(0, reply(qid, labels, qtype, qclass, tc=True))]
        if mode == "tcloop":
            return [(0, reply(qid, labels, qtype, qclass, tc=True))]
        return mode
    return [(0, reply(qid, labels, qtype, qclass, rcode=3))]  # NXDOMAIN for anything else

def serve_udp(sock):
    while True:
        msg, peer = sock.recvfrom(4096)
        plan = answer_for(msg, "udp")
        if not isinstance(plan, list):
            continue
        def send(plan=plan, peer=peer):
            start = time.monotonic()
            for delay, data in plan:
                time.sleep(max(0, start + delay - time.monotonic()))
                sock.sendto(data, peer)
        threading.Thread(target=send, daemon=True).start()

def recv_exact(conn, n):
    buf = b""
    while len(buf) < n:
        chunk = conn.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return buf

def serve_tcp_conn(conn):
    conn.settimeout(30)
    try:
        while True:
            hdr = recv_exact(conn, 2)
            if not hdr:
                return
            msg = recv_exact(conn, struct.unpack(">H", hdr)[0])
            if msg is None:
                return
            plan = answer_for(msg, "tcp")
            if plan is None or plan == "tcstall":
                time.sleep(30)
                return
            if plan == "tcpclose":
                return
            if plan == "tcpbad":
                conn.sendall(struct.pack(">H", 60000) + b"\0" * 10)
                return
            for delay, data in plan:
                time.sleep(delay)
                conn.sendall(struct.pack(">H", len(data)) + data)
    except OSError:
        pass
    finally:
        conn.close()

def serve_tcp(sock):
    while True:
        conn, _ = sock.accept()
        threading.Thread(target=serve_tcp_conn, args=(conn,), daemon=True).start()

def serve_http_conn(conn):
    conn.settimeout(30)
    try:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(4096)
            if not chunk or len(data) > 65536:
                return
            data += chunk
        line = data.split(b"\r\n", 1)[0].decode("latin-1")
        parts = line.split(" ")
        query = urllib.parse.urlparse(parts[1] if len(parts) > 1 else "/").query
        dns = urllib.parse.parse_qs(query).get("dns", [""])[0]
        msg = base64.urlsafe_b64decode(dns + "=" * (-len(dns) % 4)) if dns else b""
        p = parse_question(msg)
        mode = p[2][0] if p and p[2] else ""
        def head(status, ctype, length=None, extra=""):
            h = "HTTP/1.1 %s\r\ncontent-type: %s\r\n" % (status, ctype)
            if length is not None:
                h += "content-length: %d\r\n" % length
            return (h + extra + "connection: close\r\n\r\n").encode()
        if mode == "http500":
            conn.sendall(head("500 Internal Server Error", "text/plain", 4) + b"oops")
        elif mode == "badtype":
            conn.sendall(head("200 OK", "text/html", 6) + b"<html>")
        elif mode == "slowbody":
            conn.sendall(head("200 OK", "application/dns-message", 100) + b"\0" * 10)
            time.sleep(30)
        elif mode == "hugebody":
            conn.sendall(head("200 OK", "application/dns-message", 10 * 1024 * 1024))
            for _ in range(10 * 1024):
                conn.sendall(b"\0" * 1024)
        elif mode == "endlesschunks":
            conn.sendall(head("200 OK", "application/dns-message", None, "transfer-encoding: chunked\r\n"))
            for _ in range(100000):
                conn.sendall(b"400\r\n" + b"\0" * 1024 + b"\r\n")
        else:
            plan = answer_for(msg, "tcp")
            body = plan[-1][1] if isinstance(plan, list) else None
            if body is None:
                time.sleep(30)
            else:
                conn.sendall(head("200 OK", "application/dns-message", len(body)) + body)
    except OSError:
        pass
    finally:
        conn.close()

def serve_http(sock):
    while True:
        conn, _ = sock.accept()
        threading.Thread(target=serve_http_conn, args=(conn,), daemon=True).start()

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=53540)
    ap.add_argument("--http-port", type=int, default=0, help="DoH over plain HTTP (0: port + 1)")
    ap.add_argument("--lifetime", type=float, default=600, help="exit after this many seconds")
    a = ap.parse_args()
    http_port = a.http_port or a.port + 1
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", a.port))
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    tcp.bind(("127.0.0.1", a.port))
    tcp.listen(64)
    http = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    http.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    http.bind(("127.0.0.1", http_port))
    http.listen(64)
    for target, s in ((serve_udp, udp), (serve_tcp, tcp), (serve_http, http)):
        threading.Thread(target=target, args=(s,), daemon=True).start()
    print("hostile DNS on 127.0.0.1:%d (udp/tcp), http://127.0.0.1:%d/dns-query, for %gs" % (a.port, http_port, a.lifetime), flush=True)
    time.sleep(a.lifetime)
    os._exit(0)

if __name__ == "__main__":
    main()
