// bench-paste.mjs — issue 16's target 4: from paste to verdict on the built page in headless Chromium,
// with every DoH answer 50 ms late. The message is tests/bench/data/message-4k.eml (a 4 KB message
// signed rsa-sha256, SPF through two includes, DMARC p=reject); a loopback DoH server started here
// answers the page's questions from tests/bench/data/message-4k.snapshot.json (the answers the CLI
// recorded for it) after `--delay-ms`. Each run pastes the message, clicks Analyze and waits for the
// verdict line (#summary), timed inside the page (the click's event to the verdict's insertion).
// Prints the median total, the DNS rounds × delay, and authlens's own time per round
// ((total − rounds × delay) / rounds: the wasm analysis, the worker/page messaging, fetch and
// rendering), for the delayed series and for a series with no delay. Run 0 (cold: the wasm module
// compiled, connections opened) is printed apart and not in the medians.
// A benchmark, not a test: it prints figures and asserts no time.
//
//   (cd web && npm run build)                     # the page in web/dist (or AUTHLENS_WEB_DIST)
//   node tests/browser/bench-paste.mjs [--runs 9] [--delay-ms 50]
// Env: AUTHLENS_WEB_DIST, AUTHLENS_CHROMIUM. Exits 77 when the page, Chromium or playwright-core is missing.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { decodeDnsParam, openFreshPage, pageRig, repo, requireBrowser } from './harness.mjs';

let runs = 9;
let delayMs = 50;
for (let i = 2; i + 1 < process.argv.length; i += 2) {
  if (process.argv[i] === '--runs') runs = Math.max(1, Number(process.argv[i + 1]));
  if (process.argv[i] === '--delay-ms') delayMs = Math.max(0, Number(process.argv[i + 1]));
}
const { dist, chromium, playwright } = requireBrowser({ skipLabel: 'bench-paste:' });
const data = path.join(repo, 'tests', 'bench', 'data');
const message = readFileSync(path.join(data, 'message-4k.eml'), 'utf8');
const snapshot = JSON.parse(readFileSync(path.join(data, 'message-4k.snapshot.json'), 'utf8'));

// ---- DoH answers from the snapshot (DNS wire format, RFC 1035) ------------------------------------
const TYPES = { A: 1, NS: 2, CNAME: 5, PTR: 12, MX: 15, TXT: 16, AAAA: 28 };
const RCODE = { NOERROR: 0, NXDOMAIN: 3, SERVFAIL: 2 };
const byKey = new Map(snapshot.answers.map((a) => [`${a.name.toLowerCase()}/${TYPES[a.type]}`, a]));
const nameWire = (n) => Buffer.concat([...n.replace(/\.$/, '').split('.').filter(Boolean)
  .map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, 'latin1')])), Buffer.from([0])]);
function rdata(type, rec) {
  if (type === 16) return Buffer.concat(rec.map((s) => { const b = Buffer.from(s, 'utf8'); return Buffer.concat([Buffer.from([b.length]), b]); }));
  if (type === 1) return Buffer.from(rec.split('.').map(Number));
  if (type === 12 || type === 5 || type === 2) return nameWire(rec);
  if (type === 15) { const [pref, host] = rec.split(/\s+/); const p = Buffer.alloc(2); p.writeUInt16BE(Number(pref)); return Buffer.concat([p, nameWire(host)]); }
  if (type === 28) {
    const [head, tail = ''] = rec.split('::');
    const h = head ? head.split(':') : [];
    const t = tail ? tail.split(':') : [];
    const groups = rec.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
    const b = Buffer.alloc(16);
    groups.forEach((g, i) => b.writeUInt16BE(parseInt(g || '0', 16), 2 * i));
    return b;
  }
  throw new Error(`bench-paste: no encoder for type ${type}`);
}
const asked = [];
function reply(query) {
  let p = 12;
  const labels = [];
  while (p < query.length && query[p] !== 0) {
    labels.push(query.subarray(p + 1, p + 1 + query[p]).toString('latin1'));
    p += query[p] + 1;
  }
  const type = query.readUInt16BE(p + 1);
  const name = labels.join('.').toLowerCase();
  asked.push(`${name}/${type}`);
  const a = byKey.get(`${name}/${type}`);
  const head = Buffer.from(query.subarray(0, p + 5));
  head[2] = 0x80 | (query[2] & 0x01);
  head[3] = 0x80 | (a ? RCODE[a.status] ?? 2 : 3);  // a question the snapshot lacks: NXDOMAIN
  const records = a?.status === 'NOERROR' ? a.records ?? [] : [];
  head.writeUInt16BE(records.length, 6);
  head.writeUInt16BE(0, 8);
  head.writeUInt16BE(0, 10);
  const rrs = records.map((rec) => {
    const d = rdata(type, rec);
    const rr = Buffer.alloc(12);
    rr.writeUInt16BE(0xc00c, 0);
    rr.writeUInt16BE(type, 2);
    rr.writeUInt16BE(1, 4);
    rr.writeUInt32BE(a.ttl ?? 300, 6);
    rr.writeUInt16BE(d.length, 10);
    return Buffer.concat([rr, d]);
  });
  return Buffer.concat([head, ...rrs]);
}
let currentDelay = delayMs;
const doh = createServer((req, res) => {
  const u = new URL(req.url, 'http://x');
  const q = u.searchParams.get('dns');
  if (req.method !== 'GET' || u.pathname !== '/dns-query' || !q) {
    res.writeHead(400, { 'access-control-allow-origin': '*' }).end();
    return;
  }
  const body = reply(decodeDnsParam(q));
  setTimeout(() => res.writeHead(200, { 'content-type': 'application/dns-message', 'access-control-allow-origin': '*' }).end(body), currentDelay);
});
await new Promise((r) => doh.listen(0, '127.0.0.1', r));
const dohUrl = `http://127.0.0.1:${doh.address().port}/dns-query`;

// ---- the page ------------------------------------------------------------------------------------
const rig = pageRig({ dist, chromium, playwright, doh: false });
await rig.start();
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
try {
  const { page, errors } = await openFreshPage(rig.browser, rig.webUrl);
  await page.selectOption('#dns-mode', 'custom');
  await page.fill('#dns-custom', dohUrl);
  const once = async () => {
    asked.length = 0;
    await page.evaluate(() => { document.querySelector('#result').replaceChildren(); });
    await page.fill('#message', message);
    // Timed in the page: from the click's event to the verdict line's insertion.
    await page.evaluate(() => {
      window.__bench = new Promise((resolve) => {
        let t0 = 0;
        document.querySelector('#run').addEventListener('click', () => { t0 = performance.now(); }, { once: true, capture: true });
        const obs = new MutationObserver(() => {
          if (t0 && document.querySelector('#summary')) { obs.disconnect(); resolve(performance.now() - t0); }
        });
        obs.observe(document.querySelector('#result'), { childList: true, subtree: true });
      });
    });
    await page.click('#run');
    const ms = await page.evaluate(() => window.__bench);
    const status = await page.textContent('#status');
    const rounds = Number(/(\d+) DNS round/.exec(status)?.[1] ?? NaN);
    const verdict = (await page.textContent('#summary')).trim();
    return { ms, rounds, questions: asked.length, verdict };
  };
  const series = async (delay) => {
    currentDelay = delay;
    const cold = await once();
    const warm = [];
    for (let i = 0; i < runs; i++) warm.push(await once());
    const total = median(warm.map((r) => r.ms));
    const rounds = warm[0].rounds;
    const own = (total - rounds * delay) / rounds;
    console.log(`bench-paste: DoH delay ${delay} ms, ${runs} runs: paste -> verdict median ${total.toFixed(1)} ms ` +
      `(min ${Math.min(...warm.map((r) => r.ms)).toFixed(1)}, max ${Math.max(...warm.map((r) => r.ms)).toFixed(1)}); ` +
      `DNS ${rounds} rounds x ${delay} ms = ${rounds * delay} ms, ${warm[0].questions} questions; ` +
      `authlens's own time ${(total - rounds * delay).toFixed(1)} ms = ${own.toFixed(1)} ms per round; cold first run ${cold.ms.toFixed(1)} ms`);
    if (warm.some((r) => r.rounds !== rounds)) console.log('  (the number of rounds varied between runs)');
    return warm[0].verdict;
  };
  console.log(`bench-paste: ${path.relative(repo, dist) || dist}, message-4k.eml (${Buffer.byteLength(message)} bytes), Chromium headless, ${new Date().toISOString().slice(0, 10)}`);
  const verdict = await series(delayMs);
  console.log(`  verdict: ${verdict}`);
  if (delayMs !== 0) await series(0);
  if (errors.length) console.log(`page errors: ${errors.join(' | ')}`);
} finally {
  await rig.close();
  doh.close();
}
