// doh_delay_proxy.mjs — a tiny RFC 8484 GET front on loopback that forwards each question over UDP
// to a DNS server and returns its reply as application/dns-message (with
// access-control-allow-origin: *), for benchmarks that need DoH *with added latency*.
//
// Why: dnsdist's DelayAction delays UDP answers only, so dnsdist's own DoH front cannot be slowed
// down. Forwarding DoH over UDP to the delayed dnsdist of tests/e2e/dns_servers.sh (127.0.0.1:53537,
// 50 ms on every answer) gives the browser a DoH endpoint whose every answer is 50 ms late, with the
// delay still applied by dnsdist. `addMs` adds a delay in the proxy itself instead (for an undelayed
// upstream). Loopback only; a reply that comes back truncated (TC) is passed on as is (the bench
// zone's answers are small).
//
//   node tests/bench/doh_delay_proxy.mjs [--upstream 127.0.0.1:53537] [--add-ms 0] [--port 0]
//   import { startDohProxy } from './doh_delay_proxy.mjs'; const p = await startDohProxy({...}); p.url; p.close()
import dgram from 'node:dgram';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

export async function startDohProxy({ upstream = '127.0.0.1:53537', addMs = 0, port = 0, timeoutMs = 3000 } = {}) {
  const [uhost, uport] = upstream.split(':');
  let count = 0;
  function ask(query) {
    return new Promise((resolve) => {
      const sock = dgram.createSocket('udp4');
      const timer = setTimeout(() => { sock.close(); resolve(null); }, timeoutMs);
      sock.on('message', (msg) => {
        if (msg.length >= 2 && msg[0] === query[0] && msg[1] === query[1]) {
          clearTimeout(timer);
          sock.close();
          resolve(msg);
        }
      });
      sock.on('error', () => { clearTimeout(timer); sock.close(); resolve(null); });
      sock.send(query, Number(uport), uhost);
    });
  }
  const server = createServer(async (req, res) => {
    const u = new URL(req.url, 'http://x');
    const b64 = u.searchParams.get('dns');
    const cors = { 'access-control-allow-origin': '*' };
    if (req.method === 'OPTIONS') { res.writeHead(204, { ...cors, 'access-control-allow-headers': 'accept' }).end(); return; }
    if (req.method !== 'GET' || u.pathname !== '/dns-query' || !b64) { res.writeHead(400, cors).end(); return; }
    count += 1;
    const query = Buffer.from(b64.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    // RFC 8484 asks for id 0; give the upstream a random one and put 0 back.
    const id = (Math.random() * 65536) | 0;
    query.writeUInt16BE(id, 0);
    if (addMs > 0) await new Promise((r) => setTimeout(r, addMs));
    const reply = await ask(query);
    if (!reply) { res.writeHead(504, cors).end(); return; }
    reply.writeUInt16BE(0, 0);
    res.writeHead(200, { ...cors, 'content-type': 'application/dns-message', 'cache-control': 'no-store' }).end(reply);
  });
  server.keepAliveTimeout = 30000;
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}/dns-query`,
    requests: () => count,
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const opt = {};
  for (let i = 2; i + 1 < process.argv.length; i += 2) {
    const k = process.argv[i];
    const v = process.argv[i + 1];
    if (k === '--upstream') opt.upstream = v;
    else if (k === '--add-ms') opt.addMs = Number(v);
    else if (k === '--port') opt.port = Number(v);
  }
  const p = await startDohProxy(opt);
  console.log(`doh_delay_proxy: ${p.url} -> udp ${opt.upstream ?? '127.0.0.1:53537'} (+${opt.addMs ?? 0} ms in the proxy)`);
}
