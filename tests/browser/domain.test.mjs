// The Domain tab in Debian's Chromium through playwright-core.
//   node --test tests/browser/domain.test.mjs
// Env: AUTHLENS_WEB_DIST (default <repo>/web/dist), AUTHLENS_CHROMIUM (default /usr/bin/chromium),
//      AUTHLENS_DNS_ENV (the e2e fixture's env file: when present, the tab is driven through dnsdist's
//      DoH front over the domain-*.test zones; otherwise through a loopback DoH server that answers
//      NXDOMAIN to everything), AUTHLENS_SHOT_DIR. Exits 77 (skip) when the page is not built, Chromium
//      or playwright-core is missing, or the page has no Domain tab yet.
// Every request is recorded: anything but a same-origin file or a DoH GET with one DNS question
// fails the test (the MTA-STS policy fetch the tab tries is blocked by the page's CSP and never
// leaves the browser).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = process.env.AUTHLENS_WEB_DIST || path.join(repo, 'web', 'dist');
const chromium = process.env.AUTHLENS_CHROMIUM || '/usr/bin/chromium';
const shots = process.env.AUTHLENS_SHOT_DIR || mkdtempSync(path.join(os.tmpdir(), 'authlens-shots-'));
mkdirSync(shots, { recursive: true });

function skip(why) {
  console.log(`# SKIP: ${why}`);
  process.exit(77);
}
if (!existsSync(path.join(dist, 'index.html')) || !existsSync(path.join(dist, 'wasm', 'authlens.wasm'))) skip(`no built page in ${dist}`);
if (!existsSync(chromium)) skip(`no Chromium at ${chromium}`);
let playwright;
try {
  playwright = createRequire(path.join(repo, 'web', 'package.json'))('playwright-core');
} catch {
  skip('playwright-core is not installed (npm ci in web/)');
}

// The fixture's dnsdist DoH front, when the e2e servers run.
let fixtureDoh = null;
if (process.env.AUTHLENS_DNS_ENV && existsSync(process.env.AUTHLENS_DNS_ENV)) {
  const m = /^AUTHLENS_DOH_URL=(.*)$/m.exec(readFileSync(process.env.AUTHLENS_DNS_ENV, 'utf8'));
  if (m) fixtureDoh = m[1].trim();
}

// ---- fallback: a DoH server that answers NXDOMAIN to everything --------------------------------
const dohLog = [];
function nxdomain(query) {
  const out = Buffer.from(query);
  out[2] = 0x80 | (query[2] & 0x01);
  out[3] = 0x80 | 3;
  out.writeUInt16BE(0, 6);
  out.writeUInt16BE(0, 8);
  out.writeUInt16BE(0, 10);
  let p = 12;
  while (p < out.length && out[p] !== 0) p += out[p] + 1;
  return out.subarray(0, p + 5);
}
const doh = createServer((req, res) => {
  const u = new URL(req.url, 'http://x');
  dohLog.push(req.url);
  const q = u.searchParams.get('dns');
  if (req.method !== 'GET' || u.pathname !== '/dns-query' || !q) {
    res.writeHead(400, { 'access-control-allow-origin': '*' }).end();
    return;
  }
  res.writeHead(200, { 'content-type': 'application/dns-message', 'access-control-allow-origin': '*' })
    .end(nxdomain(Buffer.from(q.replace(/-/g, '+').replace(/_/g, '/'), 'base64')));
});

let web;
let webUrl;
let localDoh;
let browser;
let profile;

before(async () => {
  await new Promise((r) => doh.listen(0, '127.0.0.1', r));
  localDoh = `http://127.0.0.1:${doh.address().port}/dns-query`;
  web = spawn(process.execPath, [path.join(repo, 'scripts', 'serve-web.mjs'), dist, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  webUrl = await new Promise((resolve, reject) => {
    let buf = '';
    web.stdout.on('data', (d) => {
      buf += d;
      const m = buf.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) resolve(m[0]);
    });
    web.on('exit', (c) => reject(new Error(`serve-web exited ${c}`)));
  });
  profile = mkdtempSync(path.join(os.tmpdir(), 'authlens-chromium-'));
  browser = await playwright.chromium.launchPersistentContext(profile, {
    executablePath: chromium,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: { width: 1200, height: 900 },
    locale: 'en-US',
  });
});

after(async () => {
  await browser?.close();
  web?.kill('SIGTERM');
  await new Promise((r) => doh.close(r));
  if (profile) rmSync(profile, { recursive: true, force: true });
});

const failed = new Set();

async function openDomainTab(dohUrl) {
  const page = await browser.newPage();
  const requests = [];
  page.on('request', (r) => requests.push({ method: r.method(), url: r.url(), body: r.postData() }));
  // The MTA-STS policy fetch the tab tries must be stopped by the CSP before it leaves the browser.
  page.on('requestfailed', (r) => { failed.add(r.url()); });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(webUrl);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.selectOption('#dns-mode', 'custom');
  await page.fill('#dns-custom', dohUrl);
  await page.click('#tab-domain');
  try {
    await page.waitForSelector('#dm-domain', { timeout: 10000 });
  } catch {
    skip('the page has no Domain tab mounted yet');
  }
  return { page, requests, errors };
}

function assertOnlyDnsQuestions(requests, dohUrl) {
  const origin = new URL(webUrl).origin;
  for (const r of requests) {
    const u = new URL(r.url);
    assert.equal(r.body ?? null, null, `request with a body: ${r.url}`);
    if (u.protocol === 'data:' || u.protocol === 'blob:') continue;
    assert.equal(r.method, 'GET', `${r.method} ${r.url}`);
    if (u.origin === origin) {
      assert.equal(u.search, '', `same-origin request with a query: ${r.url}`);
      continue;
    }
    if (/^https:\/\/mta-sts\.[a-z0-9.-]+\/\.well-known\/mta-sts\.txt$/.test(r.url)) {
      assert.ok(failed.has(r.url), `the MTA-STS fetch was blocked: ${r.url}`);
      continue;
    }
    assert.equal(`${u.origin}${u.pathname}`, dohUrl, `request to somewhere other than the DoH resolver: ${r.url}`);
    assert.deepEqual([...u.searchParams.keys()], ['dns']);
  }
}

describe('Domain tab', () => {
  test('keyboard: type a domain, press Enter, grades and findings render; only DNS questions leave', async () => {
    const dohUrl = fixtureDoh ?? localDoh;
    const { page, requests, errors } = await openDomainTab(dohUrl);
    const domain = fixtureDoh ? 'domain-bad.test' : 'nothing.example';
    // labels
    assert.equal(await page.locator('label[for="dm-domain"]').count(), 1);
    await page.focus('#dm-domain');
    await page.keyboard.type(domain);
    await page.keyboard.press('Enter');
    await page.waitForSelector('table.dm-grades tbody tr', { timeout: 60000 });
    const rows = await page.locator('table.dm-grades tbody tr').count();
    assert.equal(rows, 9, 'one row per area');
    const grade = async (area) => page.getAttribute(`tr[data-area="${area}"] .dm-grade`, 'data-grade');
    if (fixtureDoh) {
      assert.equal(await grade('spf'), 'fail');
      assert.equal(await grade('dkim'), 'warn');
      // the tree: top record, three includes, the budget runs out in the third
      assert.equal(await page.locator('#dm-spf-tree li.dm-node').count(), 4);
      assert.match(await page.textContent('#dm-spf-tree li.dm-over'), /i3\.domain-bad\.test/);
      assert.match(await page.textContent('#dm-mta-sts-fetch'), /could not/);
    } else {
      assert.equal(await grade('mx'), 'fail');
      assert.equal(await grade('dmarc'), 'fail');
    }
    assert.ok(await page.locator('.dm-findings li').count() > 0);
    assert.match(await page.textContent('#dm-status'), /Checked/);
    assertOnlyDnsQuestions(requests, dohUrl);
    await page.screenshot({ path: path.join(shots, 'domain-en.png'), fullPage: true });
    // Japanese
    await page.selectOption('#lang', 'ja');
    assert.equal(await page.textContent('#dm-title'), 'ドメインチェック');
    assert.match(await page.textContent('table.dm-grades thead'), /評価/);
    await page.screenshot({ path: path.join(shots, 'domain-ja.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('an invalid domain is refused with an alert and asks nothing', async () => {
    dohLog.length = 0;
    const { page, errors } = await openDomainTab(localDoh);
    await page.fill('#dm-domain', 'not a domain');
    await page.click('#dm-run');
    assert.match(await page.textContent('#dm-error'), /domain/i);
    assert.equal(await page.getAttribute('#dm-domain', 'aria-invalid'), 'true');
    assert.equal(dohLog.length, 0);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
