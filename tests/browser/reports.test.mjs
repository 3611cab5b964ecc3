// The Reports tab in Debian's Chromium through playwright-core: a folder of DMARC aggregate reports
// (XML, .gz, .zip, an e-mail, and a broken one; with ../shared/conformance, real-world ones too) chosen at
// once with the file input, merged totals, reporters, the broken file's error beside the others, SVG
// charts shown, CSV and JSON exported as downloads, the language switched, and no request made at all
// beyond the page's own files (the reports stay in the browser). Then the senders: tests/data/aggregate's
// senders-{a,b}.xml and minimal.xml grouped by network, then (through a DoH stub serving two providers' SPF
// trees and a PTR) by provider and PTR domain, filtered, with their trend, in Japanese, and printed.
// Env: AUTHLENS_WEB_DIST, AUTHLENS_CHROMIUM, AUTHLENS_SHOT_DIR. Exits 77 (skip) when the page is not built,
// Chromium or playwright-core is missing, or the page has no Reports tab yet.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chooseLanguage, assertSchema, loadDnsEnv, openFreshPage, pageRig, repo, requireBrowser, shotDir, skip, startDohStub, zoneAnswer } from './harness.mjs';

const { dist, chromium, playwright } = requireBrowser();
const shots = shotDir();

// The folder of reports: our vectors plus an e-mail carrying the zip, and a file that is no report.
const data = path.join(repo, 'tests', 'data', 'aggregate');
const folder = mkdtempSync(path.join(os.tmpdir(), 'authlens-reports-'));
const zip = readFileSync(path.join(data, 'minimal.zip'));
writeFileSync(path.join(folder, 'report.eml'),
  'From: dmarc@a.example\r\nSubject: Report domain: example.com\r\nMIME-Version: 1.0\r\n' +
  'Content-Type: application/zip; name="r.zip"\r\nContent-Transfer-Encoding: base64\r\n\r\n' +
  zip.toString('base64').replace(/.{76}/g, '$&\r\n') + '\r\n');
writeFileSync(path.join(folder, 'broken.xml.gz'), Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]));
const minimal = readFileSync(path.join(data, 'minimal.xml'), 'utf8');
// A second report from another reporter (its own org_name and report_id), the same records.
const altered = minimal.replace('<report_id>r-1<', '<report_id>r-2<').replace(/<org_name>[^<]*</, '<org_name>Reporter B<');
writeFileSync(path.join(folder, 'second.xml'), altered);
const files = [path.join(data, 'minimal.xml.gz'), path.join(folder, 'second.xml'), path.join(folder, 'report.eml'),
  path.join(data, 'minimal.zip'), path.join(folder, 'broken.xml.gz')];
/** The messages a report's XML declares (the sum of its <count>s), read here independently of the core. */
const countSum = (xml) => [...xml.matchAll(/<count>\s*(\d+)\s*<\/count>/g)].reduce((a, m) => a + Number(m[1]), 0);
const orgName = (xml) => /<org_name>([^<]*)</.exec(xml)?.[1];

// Reports collected by other projects (../shared/conformance), when present: the same report as .gz and
// .zip (Mail::DMARC), three large 2012 reports (OpenDMARC), one malformed on purpose, and an empty file.
const shared = path.resolve(repo, '..', 'shared', 'conformance');
const sharedFiles = {
  gz: path.join(shared, 'dmarc-reports-mail-dmarc-perl', 'test_dmarc.xml.gz'),
  zip: path.join(shared, 'dmarc-reports-mail-dmarc-perl', 'test_dmarc.xml.zip'),
  xml163: path.join(shared, 'dmarc-reports-opendmarc', '163.com!example.com!1337270400!1337356799.20120518163.xml'),
  yeah: path.join(shared, 'dmarc-reports-opendmarc', 'yeah.net!example.com!1337270400!1337356799.20120518.xml'),
  good: path.join(shared, 'dmarc-reports-opendmarc', 'good.com!example.com!1337270400!1337356799.xml'),
  bad: path.join(shared, 'dmarc-reports-opendmarc', 'bad.com!example.com!1337140800!1337227200.xml'),
  empty: path.join(shared, 'dmarc-reports-parsedmarc', 'empty.xml'),
};
const haveShared = Object.values(sharedFiles).every((f) => existsSync(f));

// The fixture's dnsdist DoH front (tests/e2e/dns_servers.sh), when the e2e servers run: "Look up PTR names".
const fixtureDoh = loadDnsEnv()?.AUTHLENS_DOH_URL ?? null;

// No DoH stub: the Reports tab asks no DNS at all unless "Look up PTR names" is pressed.
const rig = pageRig({ dist, chromium, playwright, doh: false, acceptDownloads: true, viewport: { width: 1200, height: 900 }, locale: 'en-US' });
let webUrl, browser;
before(async () => ({ webUrl, browser } = await rig.start()));
after(() => rig.close({ remove: [folder] }));

/** A fresh page on the Reports tab, with every request and page error recorded. */
async function openReports() {
  // localStorage cleared: English, whatever an earlier test chose.
  const { page, requests, errors } = await openFreshPage(browser, webUrl, { request: (r) => r.url() });
  await page.click('#tab-reports');
  try {
    await page.waitForSelector('#rp-files', { state: 'attached', timeout: 30000 }); // the tab loads the full wasm module: slow on a loaded machine
  } catch (e) {
    // A tab that fails to mount is a failure, never a skip.
    throw new Error(`the Reports tab did not mount (#rp-files never appeared; page errors: ${errors.join(' | ')})`, { cause: e });
  }
  return { page, requests, errors };
}

/** The file list as {name: status text}. */
async function fileList(page) {
  const items = await page.locator('.reports-tab ul.rp-files > li').allInnerTexts();
  return Object.fromEntries(items.map((x) => {
    const [name, ...rest] = x.split(' — ');
    return [name.trim(), rest.join(' — ')];
  }));
}

/** The rows of the table whose caption is `caption`, as arrays of cell texts. */
async function tableRows(page, caption) {
  const table = page.locator('.reports-tab table', { has: page.locator('caption', { hasText: caption }) });
  const rows = await table.locator('tbody tr').all();
  return Promise.all(rows.map(async (r) => (await r.locator('th, td').allInnerTexts()).map((c) => c.trim())));
}

describe('Reports tab', () => {
  test('a folder of reports (.xml, .gz, .zip, .eml, a broken one) becomes merged tables, charts and exports, locally', async () => {
    const { page, requests, errors } = await openReports();
    const before = requests.length;
    await page.setInputFiles('#rp-files', files);
    await page.waitForSelector('.rp-table', { timeout: 20000 });
    const status = await page.textContent('.reports-tab .rp-status');
    assert.match(status, /5 file\(s\): 4 read, 0 read with problems, 1 unreadable/);
    // Every file is listed; the broken one says why, and the others still show.
    const listed = await fileList(page);
    assert.deepEqual(Object.keys(listed).sort(), ['broken.xml.gz', 'minimal.xml.gz', 'minimal.zip', 'report.eml', 'second.xml']);
    for (const f of ['minimal.xml.gz', 'minimal.zip', 'report.eml', 'second.xml']) assert.equal(listed[f], 'read', f);
    assert.match(listed['broken.xml.gz'], /^unreadable: The \.gz file is damaged or is not gzip\. \(not a gzip stream/);
    assert.equal(await page.locator('.reports-tab li.rp-error').count(), 1);
    // Merged totals: the .gz, the .zip and the e-mail are one report (counted once), second.xml another.
    const perReport = countSum(minimal);
    const overview = await page.textContent('#rp-overview');
    assert.match(overview, new RegExp(`^2 report\\(s\\) from 2 reporter\\(s\\), ${2 * perReport} message\\(s\\)`));
    assert.match(await page.textContent('#rp-duplicates'), /^2 file\(s\) held a report already read/);
    const outText = await page.textContent('.reports-tab .rp-out');
    // Senders without a DNS lookup: networks, each with its fix.
    await page.waitForSelector('#rp-senders-table', { timeout: 20000 });
    assert.match(outText + await page.textContent('#rp-senders'), /198\.51\.100\.0\/24/);
    assert.match(await page.textContent('#rp-senders'), /DKIM passes for sendgrid\.net, not for example\.com/);
    // Reporters: both, with their reports and messages.
    const reporters = await tableRows(page, 'Reporters');
    assert.deepEqual(reporters.map((r) => r.slice(0, 3)).sort(), [[orgName(minimal), '1', String(perReport)], ['Reporter B', '1', String(perReport)]].sort());
    // Sources add up to the total.
    const sources = await tableRows(page, 'Sources');
    assert.equal(sources.reduce((a, r) => a + Number(r[1]), 0), 2 * perReport);
    assert.equal(await page.locator('.reports-tab svg.rp-days rect').count() > 0, true);
    assert.equal(await page.locator('.reports-tab svg.rp-bar').count(), 1);
    // Labels for screen readers.
    assert.equal(await page.locator('label[for="rp-files"]').count(), 1);
    for (const name of await page.locator('.reports-tab table caption').allTextContents()) assert.ok(name.trim().length > 0);
    await page.screenshot({ path: path.join(shots, 'reports.png'), fullPage: true });

    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#rp-csv')]);
    assert.equal(csv.suggestedFilename(), 'dmarc-aggregate.csv');
    const csvText = readFileSync(await csv.path(), 'utf8');
    assert.match(csvText, /^org_name,report_id,/);
    const lines = csvText.trim().split('\r\n');
    const records = (minimal.match(/<record>/g) ?? []).length;
    assert.equal(lines.length, 1 + 4 * records); // four files read (duplicates included), one line per record
    const head = lines[0].split(',');
    const countCol = head.indexOf('count');
    const reportCol = head.indexOf('report_id');
    assert.ok(countCol > 0 && reportCol > 0, lines[0]);
    assert.equal(lines.slice(1).filter((l) => l.split(',')[reportCol] === 'r-2').reduce((a, l) => a + Number(l.split(',')[countCol]), 0), perReport);
    const [json] = await Promise.all([page.waitForEvent('download'), page.click('#rp-json')]);
    const doc = assertSchema('dmarc-aggregate', JSON.parse(readFileSync(await json.path(), 'utf8')), 'the Reports tab JSON export');
    assert.equal(doc.schema, 'authlens/dmarc-aggregate/v1');
    assert.equal(doc.counts.error, 1);
    assert.equal(doc.summary.duplicates, 2);
    assert.equal(doc.summary.messages, 2 * perReport);

    // Japanese: the counts, the error sentence and the tables follow.
    await chooseLanguage(page, 'ja');
    assert.match(await page.textContent('.reports-tab .rp-status'), /5 件のファイル/);
    assert.match(await page.textContent('.reports-tab li.rp-error'), /\.gz ファイルが壊れている/);
    assert.equal(await page.textContent('.reports-tab h2'), 'DMARC 集約レポート');
    await page.screenshot({ path: path.join(shots, 'reports-ja.png'), fullPage: true });

    // Nothing left the page: every request after the files were chosen is a same-origin file (or none).
    for (const u of requests.slice(before)) assert.ok(u.startsWith(webUrl) || u.startsWith('blob:') || u.startsWith('data:'), `request: ${u}`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a report read with problems lists its defects: the core\'s detail in English, a Japanese sentence with the detail as data', async () => {
    const { page, errors } = await openReports();
    const partial = path.join(folder, 'partial.xml');
    writeFileSync(partial, minimal.replace('<report_id>r-1<', '<report_id>r-partial<').replace('<source_ip>192.0.2.1<', '<source_ip>192.0.2.999<'));
    await page.setInputFiles('#rp-files', [partial]);
    await page.waitForSelector('.reports-tab .rp-defect', { timeout: 20000 });
    const defect = page.locator('.reports-tab .rp-defect', { hasText: 'aggregate.record.bad_ip' });
    const en = await defect.innerText();
    const [, detail] = /^aggregate\.record\.bad_ip: (.*'192\.0\.2\.999' is not an IP address)$/.exec(en) ?? [];
    assert.ok(detail, `the core's detail in English: ${en}`);
    await chooseLanguage(page, 'ja');
    assert.equal(await defect.innerText(), `aggregate.record.bad_ip: レコードの <source_ip> が IP アドレスではありません。 (${detail})`);
    assert.equal(await defect.locator('.data').innerText(), detail);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('real-world reports from ../shared/conformance: duplicates across .gz/.zip, large reports merged, malformed ones flagged', async (t) => {
    if (!haveShared) {
      t.skip(`no ../shared/conformance/dmarc-reports-* (looked in ${shared})`);
      return;
    }
    const { page, requests, errors } = await openReports();
    const before = requests.length;
    await page.setInputFiles('#rp-files', Object.values(sharedFiles));
    await page.waitForSelector('.rp-table', { timeout: 60000 });
    assert.match(await page.textContent('.reports-tab .rp-status'), /7 file\(s\): 5 read, 1 read with problems, 1 unreadable/);
    const listed = await fileList(page);
    assert.equal(listed['empty.xml'].startsWith('unreadable: '), true, listed['empty.xml']);
    assert.equal(listed[path.basename(sharedFiles.bad)].startsWith('read with problems'), true);
    assert.equal(listed['test_dmarc.xml.gz'], 'read');
    assert.equal(listed['test_dmarc.xml.zip'], 'read');
    // Reporters: Mail::DMARC's "Test Sender" once (the .gz and the .zip are one report), and the 2012 ones.
    const reporters = Object.fromEntries((await tableRows(page, 'Reporters')).map((r) => [r[0], r]));
    assert.equal(reporters['Test Sender']?.[1], '1', JSON.stringify(reporters));
    assert.equal(reporters['Test Sender'][2], '1');
    for (const f of [sharedFiles.xml163, sharedFiles.yeah, sharedFiles.good]) {
      const xml = readFileSync(f, 'utf8');
      assert.equal(reporters[orgName(xml)]?.[2], String(countSum(xml)), `${orgName(xml)}: ${JSON.stringify(reporters[orgName(xml)])}`);
    }
    // The total is the sum over the reporters (the malformed report counts what could be read).
    const total = Object.values(reporters).reduce((a, r) => a + Number(r[2]), 0);
    assert.match(await page.textContent('#rp-overview'), new RegExp(`, ${total} message\\(s\\),`));
    assert.match(await page.textContent('#rp-duplicates'), /^1 file\(s\)/);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#rp-csv')]);
    const lines = readFileSync(await csv.path(), 'utf8').trim().split('\r\n');
    assert.ok(lines.length > 1 + 50 + 254 + 754, `CSV lines: ${lines.length}`);
    await page.screenshot({ path: path.join(shots, 'reports-shared.png'), fullPage: false });
    for (const u of requests.slice(before)) assert.ok(u.startsWith(webUrl) || u.startsWith('blob:') || u.startsWith('data:'), `request: ${u}`);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('Reports tab: PTR names of the sources', () => {
  test('offline, the button says PTR names cannot be checked and asks nothing', async () => {
    const { page, requests, errors } = await openReports();
    await page.selectOption('#dns-mode', 'offline');
    const before = requests.length;
    await page.setInputFiles('#rp-files', [path.join(data, 'minimal.xml')]);
    await page.waitForSelector('#rp-ptr', { timeout: 20000 });
    await page.click('#rp-ptr');
    await page.waitForFunction(() => document.querySelector('#rp-ptr-status')?.textContent?.includes('offline'), null, { timeout: 10000 });
    for (const u of requests.slice(before)) assert.ok(u.startsWith(webUrl) || u.startsWith('blob:') || u.startsWith('data:'), `request: ${u}`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('through the fixture DoH server, the PTR column is filled, with forward confirmation', async (t) => {
    if (!fixtureDoh) return t.skip('the e2e DNS servers are not running (AUTHLENS_DNS_ENV)');
    const { page, errors } = await openReports();
    await page.selectOption('#dns-mode', 'custom');
    await page.fill('#dns-custom', fixtureDoh);
    await page.setInputFiles('#rp-files', [path.join(data, 'minimal.xml')]);
    await page.waitForSelector('#rp-ptr', { timeout: 20000 });
    await page.click('#rp-ptr');
    await page.waitForFunction(() => /looked up for 3 source/.test(document.querySelector('#rp-ptr-status')?.textContent ?? ''), null, { timeout: 30000 });
    const rows = Object.fromEntries((await tableRows(page, 'Sources')).map((r) => [r[0], r[r.length - 1]]));
    assert.equal(rows['192.0.2.1'], 'www.example.test (forward-confirmed)');
    assert.equal(rows['198.51.100.7'], 'sender.dmarc-reports.test (does not resolve back)');
    assert.equal(rows['203.0.113.9'], 'no PTR record');
    await page.screenshot({ path: path.join(shots, 'reports-ptr.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });
});

// ---- senders --------------------------------------------------------------------------------------
// A DoH stub: Google's and SendGrid's SPF trees (as tests/data/zones has them) and the PTR of 192.0.2.1;
// every other name NXDOMAIN (the other providers publish no tree here, the other IPs have no PTR).
const senderZone = {
  '_spf.google.com': { 16: 'v=spf1 include:_netblocks.google.com ~all' },
  '_netblocks.google.com': { 16: 'v=spf1 ip4:209.85.128.0/17 ~all' },
  'sendgrid.net': { 16: 'v=spf1 ip4:149.72.0.0/16 ~all' },
  '1.2.0.192.in-addr.arpa': { 12: 'www.example.test' },
  'www.example.test': { 1: '192.0.2.1' },
};
const asked = [];
const senderAnswer = zoneAnswer(senderZone, asked);

const senderFiles = ['senders-a.xml', 'senders-b.xml', 'minimal.xml'].map((f) => path.join(data, f));
/** The senders table as { name: [cells…] }. */
async function senderRows(page) {
  // Read in one step in the page: the table is redrawn after each core call, and rows read one by one
  // could straddle two drawings (a row gone between listing and reading it).
  const rows = await page.evaluate(() => [...document.querySelectorAll('#rp-senders-table tbody tr')]
    .map((r) => [...r.querySelectorAll('th, td')].map((c) => c.innerText.trim())));
  return Object.fromEntries(rows.map((cells) => [cells[0], cells]));
}
/** Waits until the senders table says what `ready` wants (it is redrawn after each core call). */
async function waitSenders(page, ready) {
  for (let i = 0; i < 100; i++) {
    const rows = await senderRows(page).catch(() => ({}));
    if (ready(rows)) return rows;
    await page.waitForTimeout(100);
  }
  return senderRows(page);
}

describe('Reports tab: senders', () => {
  let stub;
  before(async () => { stub = await startDohStub({ answer: senderAnswer }); });
  after(async () => { await stub?.close(); });

  test('a folder of reports grouped into senders: networks, then providers and PTR domains; filters, trend, Japanese, print', async () => {
    const { page, requests, errors } = await openReports();
    await page.selectOption('#dns-mode', 'custom');
    await page.fill('#dns-custom', stub.url);
    await page.setInputFiles('#rp-files', senderFiles);
    // Before any lookup: networks only, and the page says so.
    let rows = await waitSenders(page, (r) => '209.85.220.0/24' in r);
    assert.match(await page.textContent('#rp-senders-lookup'), /Not looked up in DNS/);
    assert.deepEqual(Object.fromEntries(Object.entries(rows).map(([k, c]) => [k, c[2]])), {
      '209.85.220.0/24': '55', '192.0.2.0/24': '20', '149.72.10.0/24': '12', '203.0.113.0/24': '6',
      '198.51.100.0/24': '4', '2001:db8:5::/48': '2' });
    assert.equal(rows['209.85.220.0/24'][1], 'network');

    // Looked up: the providers by their SPF trees, 192.0.2.1 by its PTR name's domain.
    await page.click('#rp-ptr');
    await page.waitForFunction(() => /looked up for 9 source/.test(document.querySelector('#rp-ptr-status')?.textContent ?? ''), null, { timeout: 30000 });
    rows = await waitSenders(page, (r) => 'Google Workspace' in r);
    assert.deepEqual(Object.keys(rows), ['Google Workspace', 'example.test', 'SendGrid', '203.0.113.0/24', '198.51.100.0/24', '2001:db8:5::/48']);
    const google = rows['Google Workspace'];
    assert.deepEqual(google.slice(1, 8), ['provider (SPF)', '55', '90.9%', '50', '50', '5', '0']);
    assert.equal(google[8], 'example.com');
    assert.equal(google[9], 'Reporter A, Reporter B');
    assert.match(google[11], /^5 message\(s\): DKIM passes for example-com\.20230601\.gappssmtp\.com, not for example\.com/);
    assert.equal(rows['example.test'][1], 'PTR domain');
    assert.equal(rows['example.test'][11], 'nothing to fix');
    assert.match(rows.SendGrid[11], /DKIM passes for sendgrid\.net, not for news\.example\.com/);
    assert.match(await page.textContent('#rp-senders-lookup'), /Every source was looked up/);
    // The trend: a bar per day with messages, its numbers said for screen readers.
    const trend = await page.locator('#rp-senders-table tbody tr', { hasText: 'Google Workspace' }).locator('svg.rp-trend').getAttribute('aria-label');
    assert.match(trend, /2026-01-01: 25 \(5 failed\); 2026-01-02: 30 \(0 failed\)/);
    // % compliant per From domain.
    const domains = Object.fromEntries((await tableRows(page, 'Alignment by sending domain')).map((r) => [r[0], r]));
    assert.deepEqual(domains['example.com'].slice(1, 5), ['87', '70', '17', '80.5%']);
    assert.equal(domains['news.example.com'][4], '0.0%');

    // The senders as CSV (one row per sender, the core's aggregate::to_csv).
    const [sendersCsv] = await Promise.all([page.waitForEvent('download'), page.click('#rp-csv-senders')]);
    assert.equal(sendersCsv.suggestedFilename(), 'dmarc-senders.csv');
    const senderLines = readFileSync(await sendersCsv.path(), 'utf8').trim().split('\r\n');
    assert.match(senderLines[0], /^sender_kind,sender_id,sender,messages,/);
    assert.ok(senderLines[1].startsWith('provider,google_workspace,Google Workspace,55,50,5,'), senderLines[1]);
    assert.equal(senderLines.length, 1 + 6);

    // Filters: failing messages only; one From domain; one reporter.
    await page.check('#rp-f-failures');
    rows = await waitSenders(page, (r) => r['Google Workspace']?.[2] === '5');
    assert.equal(rows['example.test'], undefined);
    assert.equal(rows.SendGrid[2], '12');
    await page.selectOption('#rp-f-from', 'news.example.com');
    rows = await waitSenders(page, (r) => Object.keys(r).length === 1);
    assert.deepEqual(Object.keys(rows), ['SendGrid']);
    await page.uncheck('#rp-f-failures');
    await page.selectOption('#rp-f-from', '');
    await page.selectOption('#rp-f-reporter', 'Reporter B');
    rows = await waitSenders(page, (r) => r['Google Workspace']?.[2] === '30');
    assert.deepEqual(Object.keys(rows), ['Google Workspace', 'SendGrid', '203.0.113.0/24']);
    assert.match(await page.textContent('#rp-filter-line'), /Filter: reporter Reporter B/);
    await page.screenshot({ path: path.join(shots, 'reports-senders.png'), fullPage: true });

    // Japanese: the senders' labels, kinds and fixes follow.
    await chooseLanguage(page, 'ja');
    rows = await waitSenders(page, (r) => r['Google Workspace']?.[1] === 'プロバイダー（SPF）');
    assert.match(await page.textContent('#rp-senders-table caption'), /^送信者（メール数の多い順）$/);
    assert.match(rows['203.0.113.0/24'][1], /^ネットワーク$/);
    assert.match(rows['203.0.113.0/24'][11], /SPF も DKIM も合格していません/);
    assert.match(await page.textContent('label[for="rp-f-failures"]'), /DMARC 不合格のメールのみ/);
    assert.match(await page.textContent('#rp-f-from option[value=""]'), /すべて/);
    assert.match(await page.textContent('#rp-ptr'), /送信者を調べる/);

    // Printing ("Save as PDF"): the report alone, the filter as a sentence, no controls.
    await page.emulateMedia({ media: 'print' });
    // Laid out at all (an element inside a hidden one has no boxes either).
    const shown = (sel) => page.evaluate((s) => { const e = document.querySelector(s); return !!e && e.getClientRects().length > 0; }, sel);
    for (const hidden of ['header.top', 'nav.tabs', 'footer.foot', '.reports-tab .rp-drop', '.reports-tab .rp-filters', '#rp-print'])
      assert.equal(await shown(hidden), false, `${hidden} printed`);
    for (const kept of ['#rp-senders-table', '#rp-filter-line', '#rp-overview']) assert.equal(await shown(kept), true, `${kept} not printed`);
    assert.match(await page.textContent('#rp-filter-line'), /絞り込み: レポート送信組織 Reporter B/);
    await page.screenshot({ path: path.join(shots, 'reports-senders-print.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });

    // Only DNS questions left the page (to the chosen DoH server): about the sources and the providers' trees.
    for (const u of requests) assert.ok(u.startsWith(webUrl) || u.startsWith(stub.url) || u.startsWith('blob:') || u.startsWith('data:'), `request: ${u}`);
    assert.ok(asked.includes('_spf.google.com/16') && asked.includes('1.2.0.192.in-addr.arpa/12'), asked.join(' '));
    assert.deepEqual(errors, []);
    await page.close();
  });
});
