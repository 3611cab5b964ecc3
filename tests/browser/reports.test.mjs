// The Reports tab in Debian's Chromium through playwright-core: a folder of DMARC aggregate reports
// (XML, .gz, .zip, an e-mail, and a broken one) chosen with the file input, the summary tables and SVG
// charts shown, CSV and JSON exported as downloads, the language switched, and no request made at all
// beyond the page's own files (the reports stay in the browser).
// Env: AUTHLENS_WEB_DIST, AUTHLENS_CHROMIUM, AUTHLENS_SHOT_DIR. Exits 77 (skip) when the page is not built,
// Chromium or playwright-core is missing, or the page has no Reports tab yet.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

// The folder of reports: our vectors plus an e-mail carrying the zip, and a file that is no report.
const data = path.join(repo, 'tests', 'data', 'aggregate');
const folder = mkdtempSync(path.join(os.tmpdir(), 'authlens-reports-'));
const zip = readFileSync(path.join(data, 'minimal.zip'));
writeFileSync(path.join(folder, 'report.eml'),
  'From: dmarc@a.example\r\nSubject: Report domain: example.com\r\nMIME-Version: 1.0\r\n' +
  'Content-Type: application/zip; name="r.zip"\r\nContent-Transfer-Encoding: base64\r\n\r\n' +
  zip.toString('base64').replace(/.{76}/g, '$&\r\n') + '\r\n');
writeFileSync(path.join(folder, 'broken.xml.gz'), Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]));
const altered = readFileSync(path.join(data, 'minimal.xml'), 'utf8').replace('<report_id>r-1<', '<report_id>r-2<');
writeFileSync(path.join(folder, 'second.xml'), altered);
const files = [path.join(data, 'minimal.xml.gz'), path.join(folder, 'second.xml'), path.join(folder, 'report.eml'),
  path.join(folder, 'broken.xml.gz')];

let web, webUrl, browser, profile;
before(async () => {
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
    acceptDownloads: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: { width: 1200, height: 900 },
    locale: 'en-US',
  });
});
after(async () => {
  await browser?.close();
  web?.kill('SIGTERM');
  if (profile) rmSync(profile, { recursive: true, force: true });
  rmSync(folder, { recursive: true, force: true });
});

describe('Reports tab', () => {
  test('a folder of reports becomes tables, charts and exports, locally', async () => {
    const page = await browser.newPage();
    const requests = [];
    const errors = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(webUrl);
    await page.click('#tab-reports');
    try {
      await page.waitForSelector('#rp-files', { state: 'attached', timeout: 10000 });
    } catch {
      skip('the page has no Reports tab mounted yet');
    }
    const before = requests.length;
    await page.setInputFiles('#rp-files', files);
    await page.waitForSelector('.rp-table', { timeout: 20000 });
    const status = await page.textContent('.reports-tab .rp-status');
    assert.match(status, /4 file\(s\): 3 read, 0 read with problems, 1 unreadable/);
    const overview = await page.textContent('.reports-tab .rp-out');
    assert.match(overview, /2 report\(s\)/);            // the .gz and the e-mail are the same report: counted once
    assert.match(overview, /198\.51\.100\.7 → example\.com/);
    assert.match(overview, /sendgrid\.net/);
    assert.equal(await page.locator('.reports-tab svg.rp-days rect').count() > 0, true);
    assert.equal(await page.locator('.reports-tab svg.rp-bar').count(), 1);
    // Labels for screen readers.
    assert.equal(await page.locator('label[for="rp-files"]').count(), 1);
    for (const name of await page.locator('.reports-tab table caption').allTextContents()) assert.ok(name.trim().length > 0);
    await page.screenshot({ path: path.join(shots, 'reports.png'), fullPage: true });

    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('text=Export CSV')]);
    const csvText = readFileSync(await csv.path(), 'utf8');
    assert.match(csvText, /^org_name,report_id,/);
    assert.equal(csvText.trim().split('\r\n').length, 1 + 3 * 3);  // three reports read, three records each
    const [json] = await Promise.all([page.waitForEvent('download'), page.click('text=Export JSON')]);
    const doc = JSON.parse(readFileSync(await json.path(), 'utf8'));
    assert.equal(doc.schema, 'authlens/dmarc-aggregate/v1');
    assert.equal(doc.counts.error, 1);
    assert.equal(doc.summary.duplicates, 1);

    // Nothing left the page: every request after the files were chosen is a same-origin file (or none).
    for (const u of requests.slice(before)) assert.ok(u.startsWith(webUrl) || u.startsWith('blob:') || u.startsWith('data:'), `request: ${u}`);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
