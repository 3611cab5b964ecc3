#!/usr/bin/env python3
"""Waits until a DNS server answers: dns_probe.py udp|doh HOST PORT NAME SECONDS.
Sends SOA queries (UDP, or RFC 8484 GET over plain HTTP) until a reply with the query's id
arrives; exit 0 once it does, 1 when SECONDS pass. Loopback test helper, no dependencies."""
import base64, http.client, os, socket, struct, sys, time

def query(name, qid):
    q = struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0)
    for label in name.rstrip(".").split("."):
        q += bytes([len(label)]) + label.encode()
    return q + b"\0" + struct.pack(">HH", 6, 1)

def main():
    mode, host, port, name, secs = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], float(sys.argv[5])
    deadline = time.monotonic() + secs
    while time.monotonic() < deadline:
        qid = struct.unpack(">H", os.urandom(2))[0]
        try:
            if mode == "udp":
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                s.settimeout(0.3)
                s.sendto(query(name, qid), (host, port))
                data = s.recv(65535)
                s.close()
            else:
                c = http.client.HTTPConnection(host, port, timeout=1)
                b = base64.urlsafe_b64encode(query(name, qid)).rstrip(b"=").decode()
                c.request("GET", "/dns-query?dns=" + b, headers={"accept": "application/dns-message"})
                r = c.getresponse()
                data = r.read() if r.status == 200 else b""
                c.close()
            if len(data) >= 12 and struct.unpack(">H", data[:2])[0] == qid and (data[3] & 0x0F) in (0, 3):
                return 0
        except OSError:
            pass
        time.sleep(0.1)
    return 1

sys.exit(main())
