// bench-dns-rounds.mjs — issue 3's benchmark in Chromium: DNS rounds and wall time of the 12-lookup,
// 3-deep chain of tests/bench/dns_rounds.cpp, run by the page's driver (wasm/js/driver.js runJob,
// the wasm module in a Web Worker, DoH GETs through fetch) against dnsdist on loopback with 50 ms
// added to every answer. A benchmark, not a test: it prints figures and asserts no time.
//
//   tests/e2e/dns_servers.sh start /tmp/dns-state          # NSD + dnsdist (+ the delayed one)
//   tests/bench/wasm/build.sh build/wasm-bench             # the module with job "bench.chain"
//   AUTHLENS_DNS_ENV=/tmp/dns-state/dns_servers.env \
//   AUTHLENS_BENCH_WASM_DIR=build/wasm-bench/bench-wasm node tests/browser/bench-dns-rounds.mjs [--runs 9]
//
// The added latency: dnsdist's DelayAction applies to UDP only, so its DoH front cannot be delayed.
// The browser asks tests/bench/doh_delay_proxy.mjs (a Node DoH-GET front on loopback, started here),
// which forwards each question over UDP to the delayed dnsdist (AUTHLENS_DELAY, 50 ms); a second
// series goes to dnsdist's own DoH front (AUTHLENS_DOH_URL, no delay) for comparison.
// Differences from the page: the worker fetches itself (the page's worker hands questions to the
// main thread, which fetches) and a tiny bench page is served here instead of web/dist (no CSP).
// Exits 77 when Chromium, playwright-core, the bench module or the DNS fixture is missing.
import { createServer } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { launchChromium, loadDnsEnv, repo, requireBrowser, skip } from './harness.mjs';

const wasmDir = path.resolve(process.env.AUTHLENS_BENCH_WASM_DIR || path.join(repo, 'build', 'wasm-bench', 'bench-wasm'));
let runs = 9;
for (let i = 2; i + 1 < process.argv.length; i += 2) if (process.argv[i] === '--runs') runs = Math.max(1, Number(process.argv[i + 1]));

// Chromium and playwright-core (no web/dist: the bench serves its own page).
const { chromium, playwright } = requireBrowser({ needDist: false, skipLabel: 'bench-dns-rounds:' });
if (!existsSync(path.join(wasmDir, 'authlens.mjs'))) skip(`no bench wasm module in ${wasmDir} (tests/bench/wasm/build.sh)`);
const env = loadDnsEnv();
if (!env) skip('AUTHLENS_DNS_ENV not set (start tests/e2e/dns_servers.sh)');
const { startDohProxy } = await import(path.join(repo, 'tests', 'bench', 'doh_delay_proxy.mjs'));

// ---- the bench page: index.html, a module worker, wasm/js and the bench module ------------------
const worker = `
import createAuthlens from '/bench/authlens.mjs';
import { wrapCore } from '/js/core.js';
import { runJob } from '/js/driver.js';
import { dohResolver, dohUrl } from '/js/doh.js';
const core = wrapCore(await createAuthlens());
self.onmessage = async (e) => {
  const { url, runs } = e.data;
  const out = [];
  // The warm-up run also records each round's GET URLs, for the floor below.
  const rounds = [];
  const doh = dohResolver(url, { timeoutMs: 3000 });
  const recording = async (q) => {
    rounds.at(-1).urls.push(dohUrl(url, q.query));
    return doh(q);
  };
  for (let i = 0; i < runs + 1; i += 1) {           // run 0 warms up (connections, JIT) and is not counted
    const t0 = performance.now();
    const r = await runJob(core, 'bench.chain', '', { dns: { mode: 'doh', url }, timeoutMs: 3000,
      ...(i === 0 ? { resolve: recording, onRound: () => rounds.push({ urls: [] }) } : {}) });
    const ms = performance.now() - t0;
    if (i > 0) out.push({ ms, rounds: r.rounds, questions: r.transcript.length, lookups: r.result?.lookups_answered,
                          statuses: [...new Set(r.transcript.map((t) => t.status))].join(',') });
  }
  // The browser's floor: the same GETs, round after round, with no wasm and no driver — what fetch
  // alone costs here. The difference to the runs above is authlens's own per-round cost.
  const floor = [];
  for (let i = 0; i < runs; i += 1) {
    const t0 = performance.now();
    for (const round of rounds) await Promise.all(round.urls.map((u) => fetch(u, { headers: { accept: 'application/dns-message' } }).then((x) => x.arrayBuffer())));
    floor.push(performance.now() - t0);
  }
  self.postMessage({ out, floor });
};
self.postMessage('ready');
`;
const html = `<!doctype html><meta charset="utf-8"><title>authlens dns rounds bench</title>
<script type="module">
const w = new Worker('/worker.js', { type: 'module' });
window.benchReady = new Promise((r) => { w.onmessage = (e) => { if (e.data === 'ready') r(); }; });
window.bench = (url, runs) => new Promise((r) => { w.onmessage = (e) => r(e.data); w.postMessage({ url, runs }); });
</script>`;
const types = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };
const site = createServer((req, res) => {
  const p = new URL(req.url, 'http://x').pathname;
  let body = null;
  let file = null;
  if (p === '/' || p === '/index.html') body = html;
  else if (p === '/worker.js') body = worker;
  else if (p.startsWith('/js/') && /^[a-z]+\.js$/.test(p.slice(4))) file = path.join(repo, 'wasm', 'js', p.slice(4));
  else if (p === '/bench/authlens.mjs' || p === '/bench/authlens.wasm') file = path.join(wasmDir, p.slice(7));
  if (file && existsSync(file)) body = readFileSync(file);
  if (body === null) { res.writeHead(404).end(); return; }
  res.writeHead(200, { 'content-type': types[path.extname(file ?? (p === '/worker.js' ? 'x.js' : 'x.html'))] || 'text/html' }).end(body);
});
await new Promise((r) => site.listen(0, '127.0.0.1', r));
const siteUrl = `http://127.0.0.1:${site.address().port}/`;

const delayMs = Number(env.AUTHLENS_DELAY_MS || 50);
const proxy = await startDohProxy({ upstream: env.AUTHLENS_DELAY || '127.0.0.1:53537' });
let chrome;
let code = 0;
try {
  chrome = await launchChromium({ playwright, chromium, profilePrefix: 'authlens-bench-chromium-' });
  const browser = chrome.context;
  const page = await browser.newPage();
  page.on('console', (m) => { if (m.type() === 'error') console.error(`chromium: ${m.text()}`); });
  await page.goto(siteUrl);
  await page.evaluate(() => window.benchReady);
  const series = [
    { label: `DoH -> UDP to delayed dnsdist (+${delayMs} ms per answer)`, url: proxy.url, target: delayMs },
    { label: 'dnsdist DoH front (no delay)', url: env.AUTHLENS_DOH_URL, target: 0 },
  ];
  for (const s of series) {
    if (!s.url) continue;
    const { out, floor } = await page.evaluate(([u, n]) => window.bench(u, n), [s.url, runs]);
    out.forEach((r, i) => console.log(`run ${i + 1}: rounds ${r.rounds}, questions ${r.questions}, lookups answered ${r.lookups}, statuses ${r.statuses}, wall ${r.ms.toFixed(1)} ms`));
    const walls = out.map((r) => r.ms).sort((a, b) => a - b);
    const median = walls[Math.floor(walls.length / 2)];
    const rounds = out[0].rounds;
    let line = `bench-dns-rounds (Chromium ${browser.browser()?.version() ?? ''}, wasm in a Web Worker, fetch): ${s.label}, ${s.url}, ${runs} runs: ` +
      `rounds ${rounds}, questions ${out[0].questions}, median wall ${median.toFixed(1)} ms (min ${walls[0].toFixed(1)}, max ${walls.at(-1).toFixed(1)}); target rounds = 3`;
    if (s.target > 0) line += `, wall < 4 x ${s.target} ms = ${4 * s.target} ms`;
    console.log(line);
    floor.sort((a, b) => a - b);
    console.log(`  browser floor (the same GETs round by round with fetch alone, no wasm): median ${floor[Math.floor(floor.length / 2)].toFixed(1)} ms ` +
      `(min ${floor[0].toFixed(1)}, max ${floor.at(-1).toFixed(1)}); authlens's own share: median ${(median - floor[Math.floor(floor.length / 2)]).toFixed(1)} ms`);
    const ok = out.every((r) => r.rounds === 3 && r.lookups === 12);
    console.log(ok ? 'rounds within target' : 'ROUNDS OUTSIDE TARGET');
    if (!ok) code = 1;
  }
} finally {
  await chrome?.close();
  await proxy.close();
  site.close();
}
process.exit(code);
