// bench-paste.mjs — issue 16's target 4: from paste to verdict on the built page in headless Chromium,
// with every DoH answer 50 ms late. The message is tests/bench/data/message-4k.eml (a 4 KB message
// signed rsa-sha256, SPF through two includes, DMARC p=reject); a loopback DoH server started here
// answers the page's questions from tests/bench/data/message-4k.snapshot.json (the answers the CLI
// recorded for it) after `--delay-ms`. Each run pastes the message, clicks Analyze and waits for the
// verdict line (#summary), timed inside the page (the click's event to the verdict's insertion).
// Prints the median total and its three parts, for the delayed series and for a series with no delay:
// the wait for the DNS answers (rounds × delay plus each round's hops: worker → page → fetch → worker),
// authlens's own time (the core's calls in the worker, as the page's status line says them: wasm/js/
// driver.js `timing`), and the rest (the click reaching the worker, the result crossing back, drawing).
// Run 0 (cold: the wasm module compiled, connections opened) is printed apart and not in the medians.
// A benchmark, not a test: it prints figures and asserts no time.
//
//   (cd web && npm run build)                     # the page in web/dist (or AUTHLENS_WEB_DIST)
//   node tests/browser/bench-paste.mjs [--runs 9] [--delay-ms 50]
// Env: AUTHLENS_WEB_DIST, AUTHLENS_CHROMIUM. Exits 77 when the page, Chromium or playwright-core is missing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHROMIUM_ARGS, openFreshPage, pageRig, repo, requireBrowser, snapshotAnswer, startDohStub } from './harness.mjs';

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

// ---- DoH answers from the snapshot, each `currentDelay` ms late --------------------------------------
// Two stubs: HTTP/1.1 on 127.0.0.1 (the page's custom-resolver field; the browser opens at most six
// connections to it, so a round of seven questions waits twice), and HTTP/2 over TLS as the public
// resolvers speak it, reached through the page's own "Google" entry: Chromium maps dns.google to the
// loopback stub (--host-resolver-rules; every other name fails) and accepts its self-signed certificate.
const asked = [];
let currentDelay = delayMs;
const doh = await startDohStub({ answer: snapshotAnswer([snapshot], asked), delayMs: () => currentDelay });
const certDir = mkdtempSync(path.join(os.tmpdir(), 'authlens-bench-paste-'));
const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
  '-keyout', path.join(certDir, 'key.pem'), '-out', path.join(certDir, 'cert.pem'), '-days', '1',
  '-subj', '/CN=dns.google', '-addext', 'subjectAltName=DNS:dns.google'], { encoding: 'utf8' });
const tls = made.status === 0
  ? { key: readFileSync(path.join(certDir, 'key.pem')), cert: readFileSync(path.join(certDir, 'cert.pem')) } : null;
rmSync(certDir, { recursive: true, force: true });
if (!tls) console.log(`bench-paste: no HTTP/2 series (openssl could not make a certificate: ${made.stderr ?? made.error})`);
const h2 = tls ? await startDohStub({ answer: snapshotAnswer([snapshot], asked), delayMs: () => currentDelay, tls }) : null;

// ---- the page ------------------------------------------------------------------------------------
const rig = pageRig({ dist, chromium, playwright, doh: false, ignoreHTTPSErrors: true,
  args: [...CHROMIUM_ARGS, ...(h2 ? [`--host-resolver-rules=MAP dns.google 127.0.0.1:${h2.port}, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1`] : [])] });
await rig.start();
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
try {
  const { page, errors } = await openFreshPage(rig.browser, rig.webUrl);
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
    // The page's status line says the rounds and the worker's two timings (wasm/js/driver.js): the
    // core's own calls, and the wait for the rounds' answers.
    const status = await page.textContent('#status');
    const rounds = Number(/(\d+) DNS round/.exec(status)?.[1] ?? NaN);
    const [, core, wait] = /authlens worked ([\d.]+) ms, DNS answers took (\d+) ms/.exec(status) ?? [NaN, NaN, NaN];
    const verdict = (await page.textContent('#summary')).trim();
    return { ms, rounds, core: Number(core), wait: Number(wait), questions: asked.length, verdict };
  };
  const series = async (transport, delay) => {
    if (transport === 'HTTP/2') await page.selectOption('#dns-mode', 'google');
    else {
      await page.selectOption('#dns-mode', 'custom');
      await page.fill('#dns-custom', doh.url);
    }
    currentDelay = delay;
    const cold = await once();
    const warm = [];
    for (let i = 0; i < runs; i++) warm.push(await once());
    const total = median(warm.map((r) => r.ms));
    const core = median(warm.map((r) => r.core));
    const wait = median(warm.map((r) => r.wait));
    const rest = median(warm.map((r) => r.ms - r.core - r.wait));
    const rounds = warm[0].rounds;
    console.log(`bench-paste: ${transport}, DoH delay ${delay} ms, ${runs} runs: paste -> verdict median ${total.toFixed(1)} ms ` +
      `(min ${Math.min(...warm.map((r) => r.ms)).toFixed(1)}, max ${Math.max(...warm.map((r) => r.ms)).toFixed(1)}); cold first run ${cold.ms.toFixed(1)} ms`);
    console.log(`  DNS: ${rounds} rounds x ${delay} ms = ${rounds * delay} ms, ${warm[0].questions} questions; waited ${wait.toFixed(0)} ms ` +
      `(${((wait - rounds * delay) / rounds).toFixed(1)} ms per round beyond the delay: worker -> page -> fetch -> page -> worker)`);
    console.log(`  authlens's own time (the core's calls in the worker): ${core.toFixed(1)} ms = ${(core / rounds).toFixed(1)} ms per round`);
    console.log(`  the rest (click to worker, result to page, drawing): ${rest.toFixed(1)} ms`);
    if (warm.some((r) => r.rounds !== rounds)) console.log('  (the number of rounds varied between runs)');
    return warm[0].verdict;
  };
  console.log(`bench-paste: ${path.relative(repo, dist) || dist}, message-4k.eml (${Buffer.byteLength(message)} bytes), Chromium headless, ${new Date().toISOString().slice(0, 10)}`);
  for (const transport of h2 ? ['HTTP/2', 'HTTP/1.1'] : ['HTTP/1.1']) {
    const verdict = await series(transport, delayMs);
    console.log(`  verdict: ${verdict}`);
    if (delayMs !== 0) await series(transport, 0);
  }
  if (errors.length) console.log(`page errors: ${errors.join(' | ')}`);
} finally {
  await rig.close();
  await doh.close();
  await h2?.close();
}
