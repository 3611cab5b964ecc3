// bench-collection.mjs — the page's many-message speed (issue 14): a folder of N generated messages
// (the templates of tests/bench/many_messages.sh, an unsigned X-Seq header on top of each) chosen on the
// built page in headless Chromium, analysed by its pool of Web Workers and grouped into streams. Prints
// messages/s as the page measured it (from the choice to the last report) and the wall time to the
// finished table, offline and replayed from a DNS snapshot of the sample zones (recorded by the CLI).
// A benchmark, not a test: it prints figures and asserts no time.
//
//   node tests/browser/bench-collection.mjs [N=2000]
// Env: AUTHLENS_WEB_DIST, AUTHLENS_CHROMIUM, AUTHLENS_CLI (default build/native/native-cli/authlens).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openFreshPage, pageRig, repo, requireBrowser, skip } from './harness.mjs';

const n = Number(process.argv[2] ?? 2000);
const { dist, chromium, playwright } = requireBrowser({ skipLabel: 'bench-collection:' });
const cli = process.env.AUTHLENS_CLI || path.join(repo, 'build', 'native', 'native-cli', 'authlens');
if (!existsSync(cli)) skip(`no native CLI at ${cli}`);

const tmp = mkdtempSync(path.join(os.tmpdir(), 'authlens-bench-collection-'));
const folder = path.join(tmp, 'corpus');
mkdirSync(folder);
const templates = ['analyze-aligned.eml', 'analyze-esp.eml', 'analyze-tampered.eml', 'analyze-arc-sealed.eml']
  .map((f) => readFileSync(path.join(repo, 'tests', 'data', 'messages', f)));
for (let i = 0; i < n; i++) {
  writeFileSync(path.join(folder, `m${String(i).padStart(6, '0')}.eml`), Buffer.concat([Buffer.from(`X-Seq: ${i}\r\n`), templates[i % templates.length]]));
}
const snapshot = path.join(tmp, 'dns.json');
const zones = ['analyze-shop.test.zone', 'analyze-esp.test.zone'].flatMap((z) => ['--zone', path.join(repo, 'tests', 'data', 'zones', z)]);
// Four templates need the same answers: a snapshot of the first few messages covers the folder.
spawnSync(cli, ['analyze', ...templates.map((_, i) => path.join(folder, `m${String(i).padStart(6, '0')}.eml`)), ...zones, '--record', snapshot]);

const rig = pageRig({ dist, chromium, playwright, doh: false, viewport: { width: 1300, height: 900 } });
await rig.start();
try {
  const { page } = await openFreshPage(rig.browser, rig.webUrl);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  await page.selectOption('#dns-mode', 'offline');
  console.log(`bench-collection: ${n} messages, Chromium with navigator.hardwareConcurrency = ${cores} (the pool's size, at most 8), ${os.cpus().length} CPUs, ${new Date().toISOString().slice(0, 10)}`);
  const run = async (label, start) => {
    await page.evaluate(() => { document.querySelector('#status').textContent = ''; });
    const t0 = performance.now();
    await start();
    await page.waitForFunction(() => /messages analysed in this browser/.test(document.querySelector('#status')?.textContent ?? ''), null, { timeout: 3600000 });
    const wall = (performance.now() - t0) / 1000;
    const status = await page.textContent('#status');
    const rate = /\(([\d.]+) messages\/s\)/.exec(status)?.[1];
    const streams = await page.locator('table.inventory-table tbody tr.stream-row').count();
    // The page keeps each message's outcome (report, headers view, DNS snapshot) to open it later.
    const heap = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? 0);
    console.log(`${label.padEnd(28)} ${String(n).padStart(6)} messages  ${wall.toFixed(2).padStart(7)} s to the table  ${String(rate).padStart(7)} msg/s (page)  ${streams} streams  page JS heap ${(heap / 1048576).toFixed(1)} MB (${(heap / n / 1024).toFixed(1)} KB/message)`);
  };
  await run('folder, offline', () => page.setInputFiles('#folder', folder));
  await run('folder, snapshot replay', () => page.setInputFiles('#snapshot-file', snapshot));
} finally {
  await rig.close();
  rmSync(tmp, { recursive: true, force: true });
}
