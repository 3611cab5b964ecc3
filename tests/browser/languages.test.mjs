// Every sentence in both languages (issue 15): walks every tab of the built page in Japanese and in
// English, with messages (passing, failing, forwarded and ARC-sealed, headers-only) analysed through
// DoH, a collection of files with its streams and one of their messages opened, the Wizard (SPF with
// its live check, DMARC, a DKIM key and a provider's delegation), the Domain tab (a good and a bad test
// domain) and the Reports tab (the aggregate reports of tests/data/aggregate, with the senders looked
// up). Every <details> is opened and every stream's messages listed before a walk, so hidden text is
// walked too.
//   Japanese: no visible text may hold an English sentence (a run of 3+ English words) outside data.
//   English: no visible text may hold a Japanese character outside data.
// "Data" is marked by the page itself — code, pre, kbd, samp, .mono, .data, [data-raw], translate="no"
// (record values, header values, names, addresses, provider names; the language switcher), and the
// inputs and text areas — never listed here. Offending strings are printed with their tab and step.
// DNS: a loopback DoH stub replays the answers the CLI recorded from the test zones (tests/data/zones).
// Env: AUTHLENS_WEB_DIST, AUTHLENS_CHROMIUM, AUTHLENS_SHOT_DIR, AUTHLENS_CLI (default build/native/native-cli/authlens).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chooseLanguage, assertOnlyStaticAndDns, openFreshPage, pageRig, repo, requireBrowser, shotDir, skip, snapshotAnswer } from './harness.mjs';

const { dist, chromium, playwright } = requireBrowser();
const shots = shotDir();
const cli = process.env.AUTHLENS_CLI || path.join(repo, 'build', 'native', 'native-cli', 'authlens');
if (!existsSync(cli)) skip(`no native CLI at ${cli} (it records the test zones' answers)`);

const messagesDir = path.join(repo, 'tests', 'data', 'messages');
const zonesDir = path.join(repo, 'tests', 'data', 'zones');
const aggregateDir = path.join(repo, 'tests', 'data', 'aggregate');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'authlens-languages-'));

// The messages analysed one by one: passing, failing (tampered body, an ESP not aligned, no DMARC
// record), forwarded with an ARC seal, headers only, a relayed one with an attachment.
const MESSAGES = ['analyze-aligned.eml', 'analyze-tampered.eml', 'rules-esp-unaligned.eml', 'rules-no-dmarc.eml',
  'analyze-arc-sealed.eml', 'analyze-headers-only.eml', 'relayed-attachment.eml'];
// The collection: a few files of several streams.
const COLLECTION = ['analyze-aligned.eml', 'analyze-esp.eml', 'analyze-tampered.eml', 'rules-generic-ptr.eml', 'headers-only.eml'];
const DOMAINS = ['domain-good.test', 'domain-bad.test'];
const REPORTS = readdirSync(aggregateDir).filter((f) => /\.(xml|gz|zip)$/.test(f)).sort().map((f) => path.join(aggregateDir, f));

// ---- the test zones' answers, recorded by the CLI, replayed by the DoH stub ---------------------
const zoneArgs = readdirSync(zonesDir).filter((f) => f.endsWith('.zone')).sort().flatMap((z) => ['--zone', path.join(zonesDir, z)]);
const snapshots = [];
function record(name, args) {
  const file = path.join(tmp, `${name}.json`);
  const r = spawnSync(cli, [...args, ...zoneArgs, '--record', file], { cwd: messagesDir, encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.ok(r.status === 0 || r.status === 1, `authlens ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  snapshots.push(JSON.parse(readFileSync(file, 'utf8')));
}
record('messages', ['analyze', ...new Set([...MESSAGES, ...COLLECTION])]);
for (const d of DOMAINS) record(d, ['domain', d, '--no-fetch']);
record('reports', ['dmarc', 'report', ...REPORTS, '--ptr']);
for (const d of ['_spf.google.com', 'spf.protection.outlook.com', 'amazonses.com']) record(`spf-${d}`, ['spf', 'lint', d]);
for (const f of COLLECTION) copyFileSync(path.join(messagesDir, f), path.join(tmp, f));

const dohLog = [];
const rig = pageRig({ dist, chromium, playwright, viewport: { width: 1300, height: 900 }, locale: 'en-US',
  doh: { answer: snapshotAnswer(snapshots, dohLog) } });
let webUrl, dohUrl, browser;
before(async () => ({ webUrl, dohUrl, browser } = await rig.start()));
after(() => rig.close({ remove: [tmp], shots }));

// ---- the walk (runs in the page) ----------------------------------------------------------------
/**
 * Every visible text node (and the aria-label, title and placeholder of visible elements) outside
 * data, checked for `lang`: 'ja' finds English sentences, 'en' finds Japanese characters. Returns the
 * offending strings, each once.
 */
function walkPage(lang) {
  const DATA = 'code, pre, kbd, samp, .mono, .data, [data-raw], [translate="no"], input, textarea, script, style, template, noscript';
  const JAPANESE = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]/;
  // An English word: letters only (an inner hyphen or apostrophe allowed), with at least one lower-case
  // letter (acronyms such as SPF, DKIM, MAIL FROM are neither words nor breaks); surrounding punctuation
  // is allowed. A token with a dot, digit, @, = or slash inside (names, records, addresses) breaks a run.
  const WORD = /^[("“‘'«]*[A-Za-z]*[a-z][A-Za-z]*(?:[-'’][A-Za-z]+)*[)"”’'»,.:;!?]*$/;
  const ACRONYM = /^[("“‘']*[A-Z0-9]{2,}(?:[-/][A-Z0-9]+)*[)"”’',.:;!?]*$/;
  const englishRun = (text) => {
    let run = [];
    for (const tok of text.split(/\s+/).filter(Boolean)) {
      if (WORD.test(tok)) {
        run.push(tok);
        if (run.length >= 3) return true;
      } else if (!ACRONYM.test(tok)) run = [];
    }
    return false;
  };
  const bad = (text) => (lang === 'ja' ? englishRun(text) && true : JAPANESE.test(text));
  const isData = (e) => !!e.closest(DATA);
  const visible = (e) => {
    const host = e.closest('option') ? e.closest('select') : e;
    if (!host) return false;
    return host.checkVisibility({ checkVisibilityCSS: true }) && (host.getClientRects().length > 0 || host.closest('.sr-only'));
  };
  const found = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.textContent.replace(/\s+/g, ' ').trim();
    const parent = n.parentElement;
    if (!text || !parent || isData(parent) || !visible(parent)) continue;
    if (bad(text)) found.add(text);
  }
  for (const e of document.body.querySelectorAll('[aria-label], [title], [placeholder]')) {
    if (isData(e) && !e.matches('input, textarea')) continue;
    if (e.closest('[translate="no"]') || !visible(e)) continue;
    for (const a of ['aria-label', 'title', 'placeholder']) {
      const v = e.getAttribute(a);
      // An input's placeholder is an example of what to type (data); its label is not.
      if (!v || (a === 'placeholder' && e.matches('input, textarea') && !JAPANESE.test(v) && lang === 'ja' && !englishRun(v))) continue;
      if (a === 'title' && isData(e)) continue;
      if (bad(v)) found.add(`[${a}] ${v}`);
    }
  }
  return [...found];
}

/** Opens every <details> and lists every stream's messages, so hidden text is walked too. */
async function openEverything(page) {
  for (let i = 0; i < 3; i++) {
    const toggles = await page.$$('#inventory .stream-row button[aria-expanded="false"]');
    for (const b of toggles) await b.click();
    const closed = await page.evaluate(() => {
      const list = [...document.querySelectorAll('details:not([open])')];
      for (const d of list) d.open = true;
      return list.length;
    });
    if (!closed && !toggles.length) break;
  }
}

/** A walk of what is shown now, its findings kept under `where`. */
async function walk(page, lang, where, findings) {
  await openEverything(page);
  const found = await page.evaluate(walkPage, lang);
  for (const s of found) findings.push(`${where}: ${s}`);
  return found;
}

// ---- the steps ------------------------------------------------------------------------------------
async function openPage(lang) {
  const opened = await openFreshPage(browser, webUrl, { request: (r) => ({ method: r.method(), url: r.url(), body: r.postData() }), consoleErrors: false });
  const { page } = opened;
  await chooseLanguage(page, lang);
  await page.selectOption('#dns-mode', 'custom');
  await page.fill('#dns-custom', dohUrl);
  await page.waitForFunction(() => /\S/.test(document.querySelector('#status')?.textContent ?? '')
    && !document.querySelector('#status').textContent.includes('…'), null, { timeout: 30000 }).catch(() => {});
  return opened;
}

async function analyzeOne(page, file) {
  await page.fill('#message', readFileSync(path.join(messagesDir, file), 'latin1'));
  await page.evaluate(() => document.querySelector('#result')?.replaceChildren());
  await page.click('#run');
  await page.waitForSelector('#result #summary', { timeout: 60000 });
}

async function collectionStep(page, lang, findings) {
  await page.click('#clear');
  await page.setInputFiles('#files', COLLECTION.map((f) => path.join(tmp, f)));
  await page.waitForSelector('#inventory .stream-row', { timeout: 120000 });
  await page.waitForFunction(() => !document.querySelector('#collection-bar'), null, { timeout: 120000 });
  const rows = await page.locator('#inventory .stream-row').count();
  assert.ok(rows >= 2, `the collection gives several streams (${rows})`);
  await walk(page, lang, 'analyze: collection', findings);
  // Open one message of each of the first two streams.
  const opens = await page.locator('#inventory .members button').count();
  assert.ok(opens >= COLLECTION.length, `every message of the collection can be opened (${opens})`);
  for (const i of [0, opens - 1]) {
    await page.evaluate(() => document.querySelector('#result')?.replaceChildren());
    await page.locator('#inventory .members button').nth(i).click();
    await page.waitForSelector('#result #summary', { timeout: 60000 });
    await walk(page, lang, `analyze: collection, message ${i + 1} opened`, findings);
  }
  await page.screenshot({ path: path.join(shots, `languages-collection-${lang}.png`), fullPage: true });
}

async function wizardStep(page, lang, findings) {
  await page.click('#tab-wizard');
  await page.waitForSelector('#wz-spf-record', { timeout: 30000 });
  await walk(page, lang, 'wizard: start', findings);
  // SPF: presets, an address, a softfail, the live check of the lookup budget over DoH.
  await page.fill('#wz-spf-domain', 'example.com');
  for (const id of ['#wz-spf-p-google', '#wz-spf-p-m365']) await page.check(id);
  await page.fill('#wz-spf-ip4', '203.0.113.0/24');
  await page.check('#wz-spf-all-softfail');
  await page.waitForFunction(() => /include:/.test(document.querySelector('#wz-spf-record')?.textContent ?? ''));
  await page.click('#wz-spf-check');
  await page.waitForSelector('#wz-spf-budget-count', { timeout: 30000 });
  await walk(page, lang, 'wizard: SPF', findings);
  await page.fill('#wz-spf-ip4', '203.0.113.0/99');
  await page.waitForSelector('#wz-spf-error');
  await walk(page, lang, 'wizard: SPF with an error', findings);
  // DMARC: quarantine in test mode, an external rua, then reject with mailing lists.
  await page.click('#wz-tab-dmarc');
  await page.fill('#wz-dmarc-domain', 'example.com');
  await page.selectOption('#wz-dmarc-p', 'quarantine');
  await page.check('#wz-dmarc-t');
  await page.fill('#wz-dmarc-rua', 'dmarc@example.com, reports@dmarc.example.net');
  await page.waitForFunction(() => /rua=/.test(document.querySelector('#wz-dmarc-record')?.textContent ?? ''));
  await walk(page, lang, 'wizard: DMARC', findings);
  await page.selectOption('#wz-dmarc-p', 'reject');
  await page.check('#wz-dmarc-lists');
  await page.waitForSelector('[data-code="records.dmarc.mailing_lists"]');
  await walk(page, lang, 'wizard: DMARC reject', findings);
  // DKIM: an Ed25519 key generated in the page, then a provider's delegation records.
  await page.click('#wz-tab-dkim');
  await page.fill('#wz-dkim-domain', 'example.com');
  await page.fill('#wz-dkim-selector', 's202612');
  await page.selectOption('#wz-dkim-type', 'ed25519');
  await page.click('#wz-dkim-generate');
  await page.waitForSelector('#wz-dkim-record', { timeout: 30000 });
  await walk(page, lang, 'wizard: DKIM key', findings);
  await page.selectOption('#wz-dkim-mode', 'delegate');
  await page.selectOption('#wz-dkim-provider', 'ses');
  await page.fill('#wz-dkim-tokens', 'aaa111 bbb222 ccc333');
  await page.waitForFunction(() => /bbb222\.dkim\.amazonses\.com/.test(document.querySelector('#wz-pane-dkim')?.textContent ?? ''));
  await walk(page, lang, 'wizard: DKIM delegation', findings);
  await page.screenshot({ path: path.join(shots, `languages-wizard-${lang}.png`), fullPage: true });
}

async function domainStep(page, lang, findings) {
  await page.click('#tab-domain');
  await page.waitForSelector('#dm-domain', { timeout: 30000 });
  await walk(page, lang, 'domain: start', findings);
  for (const d of DOMAINS) {
    await page.evaluate(() => document.querySelector('#dm-out')?.replaceChildren());
    await page.fill('#dm-domain', d);
    await page.click('#dm-run');
    await page.waitForSelector('table.dm-grades tbody tr', { timeout: 60000 });
    await page.waitForFunction(() => !/…/.test(document.querySelector('#dm-status')?.textContent ?? ''), null, { timeout: 60000 });
    await walk(page, lang, `domain: ${d}`, findings);
    await page.screenshot({ path: path.join(shots, `languages-domain-${d}-${lang}.png`), fullPage: true });
  }
}

async function reportsStep(page, lang, findings) {
  await page.click('#tab-reports');
  await page.waitForSelector('#rp-files', { state: 'attached', timeout: 30000 });
  await walk(page, lang, 'reports: start', findings);
  await page.setInputFiles('#rp-files', REPORTS);
  await page.waitForSelector('.rp-table', { timeout: 60000 });
  await page.waitForSelector('#rp-senders-table', { timeout: 60000 });
  await walk(page, lang, 'reports: loaded', findings);
  await page.click('#rp-ptr');
  await page.waitForFunction(() => /\d/.test(document.querySelector('#rp-ptr-status')?.textContent ?? ''), null, { timeout: 60000 });
  await walk(page, lang, 'reports: senders looked up', findings);
  await page.check('#rp-f-failures');
  await walk(page, lang, 'reports: failures only', findings);
  await page.screenshot({ path: path.join(shots, `languages-reports-${lang}.png`), fullPage: true });
}

function report(lang, where, findings) {
  if (findings.length) console.log(`# ${lang}: ${findings.length} finding(s) in ${where}\n${findings.map((f) => `#   ${f}`).join('\n')}`);
}

/**
 * The walk in one language as one test per tab, on one page (each step builds on the page the one
 * before left: the DNS setting, the language).
 */
function walkTabs(lang) {
  let opened;
  const step = (name, fn) => test(`${lang}: ${name}`, async () => {
    const findings = [];
    await fn(opened.page, lang, findings);
    report(lang, name, findings);
    assert.deepEqual(findings, [], lang === 'ja' ? 'English sentences shown in Japanese mode' : 'Japanese shown in English mode');
  });
  before(async () => { opened = await openPage(lang); });
  after(async () => {
    const { page, requests, errors } = opened;
    await page.close();
    assertOnlyStaticAndDns(requests, { webUrl, dohUrl, allowDoh: true, also: (r) =>
      // The Domain tab tries the MTA-STS policy; the page's CSP stops it in the browser.
      /^https:\/\/mta-sts\.[a-z0-9.-]+\/\.well-known\/mta-sts\.txt$/.test(r.url) });
    assert.deepEqual(errors, [], 'no page errors');
  });
  step('analyze: messages one by one', async (page, l, findings) => {
    await walk(page, l, 'analyze: start', findings);
    for (const file of MESSAGES) {
      await analyzeOne(page, file);
      await walk(page, l, `analyze: ${file}`, findings);
      await page.screenshot({ path: path.join(shots, `languages-${file}-${l}.png`), fullPage: true });
    }
    assert.ok(dohLog.length > 0, 'the page asked the DoH stub');
  });
  step('analyze: a collection, its streams and two of its messages', collectionStep);
  step('wizard: SPF, DMARC, DKIM', wizardStep);
  step('domain: a good and a bad domain', domainStep);
  step('reports: aggregate reports, senders looked up, failures only', reportsStep);
}

describe('every sentence in both languages', () => {
  test('the page is walked with DNS answers from the test zones (the walk sees what it should)', async () => {
    // A guard for the walk itself: it must find a planted English sentence in Japanese and a planted
    // Japanese word in English, and ignore both inside a data element.
    const { page } = await openPage('ja');
    const found = await page.evaluate((fn) => {
      const walkFn = new Function(`return (${fn})`)();
      const box = document.createElement('div');
      box.innerHTML = '<p id="planted">The body hash does not match.</p><p><code>This is data, not prose.</code></p>'
        + '<p class="data">Example Sender Name Here</p><p>SPF (MAIL FROM) analyze-shop.test</p><p>署名 verified for this domain の結果</p>';
      document.body.append(box);
      const ja = walkFn('ja');
      box.innerHTML = '<p>日本語の文</p><p translate="no">日本語</p>';
      const en = walkFn('en');
      box.remove();
      return { ja, en };
    }, walkPage.toString());
    assert.deepEqual(found.ja.filter((s) => /body hash|data, not|Example Sender|MAIL FROM|verified/.test(s)).sort(),
      ['The body hash does not match.', '署名 verified for this domain の結果'].sort());
    assert.deepEqual(found.en.filter((s) => /日本語/.test(s)), ['日本語の文']);
    await page.close();
  });

  describe('Japanese: no visible English sentence outside data', () => walkTabs('ja'));
  describe('English: no visible Japanese outside data', () => walkTabs('en'));
});
