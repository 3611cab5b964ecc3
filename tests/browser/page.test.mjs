// Browser tests of the built page (web/dist) in Debian's Chromium through playwright-core.
//   node --test tests/browser/page.test.mjs
// Env: AUTHLENS_WEB_DIST (default <repo>/web/dist), AUTHLENS_CHROMIUM (default /usr/bin/chromium),
//      AUTHLENS_SHOT_DIR (screenshots; default a temp folder). Exits 77 (skip) when the page is not
//      built, Chromium or playwright-core is missing.
// A tiny DoH server on loopback answers every question NXDOMAIN, so the test needs no network; it
// and the browser both record every request, and any request that carries more than a DNS question
// fails the test.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash, createSign, generateKeyPairSync } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { chooseLanguage, assertOnlyStaticAndDns, loadDnsEnv, openFreshPage, pageRig, parseQuestion, readExport, repo, requireBrowser, shotDir } from './harness.mjs';

const { dist, chromium, playwright } = requireBrowser();
const shots = shotDir();
const { PROVIDERS, checkCustomUrl } = await import(path.join(repo, 'wasm', 'js', 'doh.js'));

const message = readFileSync(path.join(repo, 'tests', 'data', 'messages', 'relayed-attachment.eml'), 'latin1');

// ---- the harness's DoH stub answers NXDOMAIN to everything; every request it gets is logged ----
const dohLog = [];
const rig = pageRig({ dist, chromium, playwright, viewport: { width: 1200, height: 900 }, locale: 'en-US',
  doh: { onRequest: (req) => dohLog.push({ method: req.method, url: req.url }) } });
let webUrl, dohUrl, browser;
before(async () => ({ webUrl, dohUrl, browser } = await rig.start()));
after(() => rig.close({ shots }));

/** A fresh page with every request recorded. */
function openPage() {
  return openFreshPage(browser, webUrl, { request: (r) => ({ method: r.method(), url: r.url(), body: r.postData(), type: r.resourceType() }) });
}

async function paste(page, text) {
  await page.fill('#message', text);
}

/**
 * A message signed twice with DKIM (rsa-sha256, relaxed/relaxed): by the author's domain
 * (example.test, selector sel1) and by a third party (esp.test, selector s2). Returns the message
 * and the two key records (TXT character-strings) to serve from a snapshot.
 */
function signedMessage() {
  const relaxedHeader = (name, value) => `${name.toLowerCase()}:${value.replace(/\r\n([ \t])/g, '$1').replace(/[ \t]+/g, ' ').trim()}`;
  const relaxedBody = (body) => {
    const lines = body.split('\r\n').map((l) => l.replace(/[ \t]+/g, ' ').replace(/ $/, ''));
    while (lines.length && lines[lines.length - 1] === '') lines.pop();
    return lines.length ? `${lines.join('\r\n')}\r\n` : '';
  };
  const headers = [
    ['Return-Path', '<bounce@example.test>'],
    ['Received', 'from mx1.example.test (mx1.example.test [192.0.2.10])\r\n\tby mail.receiver.example (Postfix) with ESMTPS id 4A1B2C3D4E\r\n\t(version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384)\r\n\tfor <user@receiver.example>; Mon, 23 Nov 2026 07:00:02 +0000 (UTC)'],
    ['From', '"Example Sender" <sender@example.test>'],
    ['To', 'user@receiver.example'],
    ['Subject', 'Signed twice'],
    ['Date', 'Mon, 23 Nov 2026 06:59:58 +0000'],
    ['Message-ID', '<signed.1@example.test>'],
  ];
  const body = 'Hello, this body is signed.\r\n';
  const bh = createHash('sha256').update(relaxedBody(body)).digest('base64');
  const signed = ['from', 'to', 'subject', 'date', 'message-id'];
  const keys = {};
  const sigs = [];
  for (const [d, s] of [['example.test', 'sel1'], ['esp.test', 's2']]) {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const p = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    const txt = `v=DKIM1; k=rsa; p=${p}`;
    keys[d] = txt.match(/.{1,255}/g);
    const tags = `v=1; a=rsa-sha256; c=relaxed/relaxed; d=${d}; s=${s}; t=1795416000; h=${signed.join(':')}; bh=${bh}; b=`;
    const input = signed.map((n) => {
      const h = headers.find(([k]) => k.toLowerCase() === n);
      return `${relaxedHeader(h[0], h[1])}\r\n`;
    }).join('') + relaxedHeader('DKIM-Signature', tags);
    const b = createSign('sha256').update(input).sign(privateKey).toString('base64');
    sigs.push(['DKIM-Signature', `${tags}${b}`]);
  }
  const all = [...headers.slice(0, 2), ...sigs.reverse(), ...headers.slice(2)];
  return { message: `${all.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${body}`, keys };
}

/** The report the page rendered last, read back through the download button (no network). */
async function lastReport(page) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  return readExport(await dl.path()).report;
}

/** Every request must be a same-origin static file or a DoH GET carrying just one DNS question. */
function assertOnlyDnsQuestions(requests, allowDoh) {
  assertOnlyStaticAndDns(requests, { webUrl, dohUrl, allowDoh, secrets: ['invoice', 'Hello', 'user@receiver', 'sender@'] });
}

describe('authlens page', () => {
  test('the CSP meta is present, strict, and matches the resolvers the page offers', async () => {
    const { page, errors } = await openPage();
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.ok(csp, 'CSP meta present');
    const d = Object.fromEntries(csp.split(';').map((s) => s.trim()).filter(Boolean).map((s) => {
      const [k, ...v] = s.split(/\s+/);
      return [k, v];
    }));
    assert.deepEqual(d['default-src'], ["'self'"]);
    assert.deepEqual(d['script-src'], ["'self'", "'wasm-unsafe-eval'"]);
    assert.deepEqual(d['style-src'], ["'self'"]);
    assert.deepEqual(d['object-src'], ["'none'"]);
    assert.deepEqual(d['base-uri'], ["'none'"]);
    assert.deepEqual(d['form-action'], ["'none'"]);
    assert.deepEqual(d['img-src'], ["'self'", 'data:']);
    const expected = ["'self'", ...PROVIDERS.map((p) => new URL(p.url).origin), 'http://127.0.0.1:*'];
    assert.deepEqual(d['connect-src'], expected);
    assert.ok(!csp.includes('unsafe-inline') && !csp.includes("'unsafe-eval'") && !csp.includes('*.'), 'no unsafe-inline/unsafe-eval/wildcards');
    // every custom URL the page accepts is inside connect-src, and others are refused
    assert.ok(checkCustomUrl('http://127.0.0.1:8053/dns-query'));
    assert.ok(checkCustomUrl('https://dns.google/resolve-custom'));
    assert.equal(checkCustomUrl('https://evil.example/dns-query'), null);
    assert.equal(checkCustomUrl('http://dns.google/dns-query'), null);
    // no inline script or style in the document
    assert.equal(await page.locator('script:not([src])').count(), 0);
    assert.equal(await page.locator('style').count(), 0);
    assert.equal(await page.locator('[style]').count(), 0);
    // the served header carries the same policy (it also covers the worker)
    const res = await fetch(webUrl);
    assert.equal(res.headers.get('content-security-policy'), csp);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('analyze via DoH: route hops rendered; every request is a DNS question or a static file', async () => {
    const { page, requests, errors } = await openPage();
    dohLog.length = 0;
    await page.selectOption('#dns-mode', 'custom');
    await page.fill('#dns-custom', dohUrl);
    await paste(page, message);
    await page.click('#run');
    await page.waitForSelector('#summary', { timeout: 30000 });
    const hops = await page.locator('.timeline .hop').allInnerTexts();
    assert.equal(hops.length, 2, `two Received hops: ${JSON.stringify(hops)}`);
    assert.match(hops[0], /mx1\.example\.test/);
    assert.match(hops[1], /app\.example\.test/);
    assert.equal(await page.locator('.hop.handoff').count() <= 1, true);
    assert.equal(await page.locator('.badges .badge').count(), 8);
    const dnsRows = await page.locator('table.dns tbody tr').count();
    const asked = requests.filter((r) => r.url.startsWith(dohUrl));
    assert.equal(dnsRows, asked.length, 'the transcript lists every question sent');
    assert.equal(dohLog.length, asked.length);
    assertOnlyDnsQuestions(requests, true);
    // The status line tells the core's own time from the wait for DNS (wasm/js/driver.js timing).
    const [, core, wait] = /authlens worked (\d+\.\d) ms, DNS answers took (\d+) ms\.$/.exec(await page.textContent('#status')) ?? [];
    assert.ok(Number(core) > 0 && Number(wait) >= 0, `status with the times: ${await page.textContent('#status')}`);
    await page.screenshot({ path: path.join(shots, 'analyze-en.png'), fullPage: true });
    assert.deepEqual(errors, []);
    // language switch re-renders the result in Japanese
    await chooseLanguage(page, 'ja');
    assert.equal(await page.getAttribute('html', 'lang'), 'ja');
    assert.equal(await page.textContent('#tab-analyze'), '解析');
    assert.equal(await page.textContent('#card-route-title'), '配送経路');
    assert.match(await page.textContent('#dns-note'), /DNS の名前/);
    assert.match(await page.textContent('#status'), /^完了.*authlens の処理 \d+\.\d ms、DNS の応答待ち \d+ ms。$/);
    await page.screenshot({ path: path.join(shots, 'analyze-ja.png'), fullPage: true });
    // remembered (the language is applied once its catalog has loaded: after the load event on a busy machine)
    await page.reload();
    await page.waitForFunction(() => document.documentElement.lang === 'ja');
    assert.equal(await page.inputValue('#dns-mode'), 'custom');
    await page.close();
  });

  test('file picker, download report + snapshot, replay it offline; dark mode renders', async () => {
    const { page, requests, errors } = await openPage();
    await page.selectOption('#dns-mode', 'custom');
    await page.fill('#dns-custom', dohUrl);
    await page.setInputFiles('#file', path.join(repo, 'tests', 'data', 'messages', 'relayed-attachment.eml'));
    await page.waitForFunction(() => document.querySelector('#status').textContent.includes('relayed-attachment.eml'));
    await page.click('#run');
    await page.waitForSelector('#summary', { timeout: 30000 });
    const asked = requests.filter((r) => r.url.startsWith(dohUrl)).length;
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    const file = await dl.path();
    const exported = readExport(file);
    assert.equal(exported.schema, 'authlens/export/v1');
    assert.equal(exported.report.schema, 'authlens/report/v1');
    assert.equal(exported.dns_snapshot.schema, 'authlens/dns-snapshot/v1');
    assert.ok(!JSON.stringify(exported).includes('JVBERi0xLjQ'), 'the export carries no message body');
    // replay: the same message, answers from the file, no DNS request
    await page.setInputFiles('#snapshot-file', file);
    await page.waitForFunction(() => /snapshot/.test(document.querySelector('#status').textContent) && document.querySelector('#summary'));
    assert.equal(requests.filter((r) => r.url.startsWith(dohUrl)).length, asked, 'replay asked nothing');
    assert.match(await page.textContent('#card-dns'), /snapshot/);
    // The DNS card lists the answers the core replayed (its own transcript), not "no questions".
    const replayedRows = await page.$$eval('#card-dns table.dns tbody tr', (rows) => rows.map((r) => r.textContent));
    assert.ok(replayedRows.length >= 2 && replayedRows.some((r) => /TXT/.test(r)), JSON.stringify(replayedRows));
    assertOnlyDnsQuestions(requests, true);
    await page.emulateMedia({ colorScheme: 'dark' });
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.notEqual(bg, 'rgb(247, 247, 245)', 'dark palette applied');
    await page.screenshot({ path: path.join(shots, 'analyze-dark.png'), fullPage: false });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a dropped headers-only .eml (the Outlook case) is analysed offline', async () => {
    const { page, requests, errors } = await openPage();
    await page.selectOption('#dns-mode', 'offline');
    const text = readFileSync(path.join(repo, 'tests', 'data', 'messages', 'headers-only.eml'), 'latin1');
    const dt = await page.evaluateHandle((t) => {
      const d = new DataTransfer();
      d.items.add(new File([t], 'outlook-headers.eml', { type: 'message/rfc822' }));
      return d;
    }, text);
    await page.dispatchEvent('#drop', 'drop', { dataTransfer: dt });
    await page.waitForFunction(() => document.querySelector('#status').textContent.includes('outlook-headers.eml'));
    assert.match(await page.inputValue('#message'), /List-Unsubscribe-Post/);
    await page.click('#run');
    await page.waitForSelector('#summary', { timeout: 30000 });
    assert.equal(await page.locator('.timeline .hop').count(), 1);
    const headersOnly = await page.locator('#card-message').innerText();
    assert.match(headersOnly, /Headers only/, 'the core flags headers-only input (input.headers_only) and the page says so');
    // A defect: in English the core's detail; in Japanese the catalog's sentence, the detail kept beside it as data.
    const detail = 'no blank line ends the header block: the input holds headers only';
    const defect = page.locator('#card-defects li', { hasText: 'mime.input.headers_only' });
    assert.equal(await defect.innerText(), `mime.input.headers_only ${detail}`);
    await chooseLanguage(page, 'ja');
    assert.equal(await defect.innerText(), `mime.input.headers_only ヘッダーブロックの後に空行がありません: 入力はヘッダーのみです (${detail})`);
    assert.equal(await defect.locator('.data').innerText(), detail);
    assertOnlyDnsQuestions(requests, false);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a Received field\'s defect is listed with its hop: the core\'s detail in English, a Japanese sentence beside it in Japanese', async () => {
    const { page, requests, errors } = await openPage();
    await page.selectOption('#dns-mode', 'offline');
    // The date of the Received field is not preceded by ";" (transport.received.no_separator).
    await paste(page, 'Received: from a.example.test (a.example.test [192.0.2.1]) by mx.example.test with ESMTP id 1 Mon, 7 Dec 2026 10:00:00 +0000\r\n'
      + 'From: a@example.test\r\nTo: b@example.test\r\nSubject: hop\r\nDate: Mon, 7 Dec 2026 10:00:00 +0000\r\nMessage-ID: <x@example.test>\r\n\r\nbody\r\n');
    await page.click('#run');
    await page.waitForSelector('#summary', { timeout: 30000 });
    const detail = 'the date is not preceded by ";" (RFC 5322 §3.6.7)';
    const defect = page.locator('#card-defects li', { hasText: 'transport.received.no_separator' });
    assert.equal(await defect.innerText(), `transport.received.no_separator Hop 1: ${detail}`);
    await chooseLanguage(page, 'ja');
    assert.equal(await defect.innerText(), `transport.received.no_separator 中継 1: Received フィールドの日時の前に ";" がありません。 (${detail})`);
    assert.equal(await defect.locator('.data').innerText(), detail);
    assertOnlyDnsQuestions(requests, false);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('real DoH: dnsdist from the dns_servers fixture answers the page (when the fixture runs)', async (t) => {
    const env = loadDnsEnv() ?? {};
    if (!env.AUTHLENS_DOH_URL) {
      t.skip('no dns_servers fixture (AUTHLENS_DNS_ENV)');
      return;
    }
    const { page, requests, errors } = await openPage();
    await page.selectOption('#dns-mode', 'custom');
    await page.fill('#dns-custom', env.AUTHLENS_DOH_URL);
    await paste(page, message);
    await page.click('#run');
    await page.waitForSelector('#summary', { timeout: 30000 });
    const rows = await page.locator('table.dns tbody tr').allInnerTexts();
    assert.ok(rows.length >= 1, 'asked something');
    assert.ok(rows.every((r) => /NOERROR|NXDOMAIN/.test(r)), rows.join('\n'));
    const origin = new URL(env.AUTHLENS_DOH_URL);
    for (const r of requests) {
      const u = new URL(r.url);
      if (u.origin === new URL(webUrl).origin) continue;
      assert.equal(`${u.origin}${u.pathname}`, `${origin.origin}${origin.pathname}`);
      assert.deepEqual([...u.searchParams.keys()], ['dns']);
      parseQuestion(u.searchParams.get('dns'));
    }
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('analyze via loopback DoH (all NXDOMAIN): every mechanism card, the chart, a translated headline', async () => {
    const { page, requests, errors } = await openPage();
    await page.selectOption('#dns-mode', 'custom');
    await page.fill('#dns-custom', dohUrl);
    await paste(page, message);
    await page.click('#run');
    await page.waitForSelector('#summary', { timeout: 30000 });
    for (const id of ['#decision', '#card-dmarc', '#card-spf', '#card-dkim', '#card-arc', '#card-bulk', '#card-spoofing', '#card-claimed', '#card-route', '#card-authres', '#card-dns']) {
      assert.equal(await page.locator(id).count(), 1, `${id} rendered`);
    }
    // Every section is labelled by its heading, for screen readers.
    for (const id of ['card-dmarc', 'card-spf', 'card-dkim', 'card-arc', 'decision']) {
      assert.equal(await page.getAttribute(`#${id}`, 'aria-labelledby'), `${id}-title`);
    }
    const badges = Object.fromEntries((await page.locator('.badges .badge').allInnerTexts()).map((b) => b.split('\n').map((x) => x.trim())));
    const report = await lastReport(page);
    assert.ok(report.summary, 'the core judged the message (a summary)');
    // The core judged SPF and DMARC: NXDOMAIN everywhere means no SPF record and no DMARC record.
    assert.equal(report.spf.result, 'none');
    assert.equal(report.dmarc.result, 'none');
    assert.equal(badges.SPF, 'none');
    assert.equal(badges.DMARC, 'none');
    assert.match(await page.textContent('#card-spf'), /publishes no SPF record/);
    assert.match(await page.textContent('#card-dmarc'), /RFC 9989/);
    assert.match(await page.textContent('#card-dmarc'), /RFC 7489/);
    assert.match(await page.textContent('#summary'), /No DMARC policy: example\.test/);
    assert.ok((await page.locator('#card-bulk table.checks tbody tr').count()) >= 6, 'bulk-sender checklist items');
    assert.match(await page.textContent('#card-claimed'), /mail\.receiver\.example/);
    // Evidence opens on demand, from the keyboard.
    const details = page.locator('#result details.evidence').first();
    assert.equal(await details.count(), 1, 'the result has evidence to open');
    await details.locator('summary').focus();
    await page.keyboard.press('Enter');
    assert.equal(await details.evaluate((d) => d.open), true, 'Enter opens the evidence');
    assertOnlyDnsQuestions(requests, true);
    const enHeadline = await page.textContent('#summary');
    await page.screenshot({ path: path.join(shots, 'analyze-cards-en.png'), fullPage: true });
    await chooseLanguage(page, 'ja');
    const jaHeadline = await page.textContent('#summary');
    assert.notEqual(jaHeadline, enHeadline, 'the headline is translated');
    assert.match(jaHeadline, /[\u3040-\u30ff]/, 'Japanese headline');
    assert.match(jaHeadline, /DMARC ポリシーがありません: example\.test/);
    assert.equal(await page.textContent('#card-bulk-title'), '一斉送信者の要件');
    assert.equal(await page.textContent('#decision-title'), 'DMARC の判定');
    await page.screenshot({ path: path.join(shots, 'analyze-cards-ja.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('analyze offline: nothing is sent, checks that need DNS say dns.offline, the route still renders', async () => {
    const { page, requests, errors } = await openPage();
    dohLog.length = 0;
    await page.selectOption('#dns-mode', 'offline');
    await paste(page, message);
    await page.click('#run');
    await page.waitForSelector('#summary', { timeout: 30000 });
    const report = await lastReport(page);
    assert.ok(report.summary, 'the core judged the message (a summary)');
    assert.equal(report.spf.reason, 'dns.offline');
    assert.match(await page.textContent('#summary'), /offline/i);
    assert.match(await page.textContent('#card-spf'), /offline/i);
    assert.match(await page.textContent('#card-dmarc'), /offline/i);
    const badges = Object.fromEntries((await page.locator('.badges .badge').allInnerTexts()).map((b) => b.split('\n').map((x) => x.trim())));
    assert.match(badges.SPF, /offline/);
    // Nothing is placed in the chart when DMARC was not judged.
    assert.equal(await page.locator('#decision .chart-mark').count(), 0);
    assert.match(await page.textContent('#card-dns'), /Offline mode/);
    assert.equal(await page.locator('.timeline .hop').count(), 2);
    assert.equal(dohLog.length, 0);
    assertOnlyDnsQuestions(requests, false);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('replay a hand-written snapshot: SPF passes aligned, DMARC passes, the chart and the comparison say so', async () => {
    const { page, requests, errors } = await openPage();
    await page.selectOption('#dns-mode', 'offline');
    await paste(page, message);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'authlens-snap-'));
    const snap = path.join(dir, 'snapshot.json');
    writeFileSync(snap, JSON.stringify({
      schema: 'authlens/dns-snapshot/v1',
      answers: [
        { name: 'example.test', type: 'TXT', status: 'NOERROR', ttl: 300, records: [['v=spf1 ip4:192.0.2.0/24 -all']] },
        { name: '_dmarc.example.test', type: 'TXT', status: 'NOERROR', ttl: 300, records: [['v=DMARC1; p=reject; rua=mailto:dmarc@example.test']] },
      ],
    }));
    await page.setInputFiles('#snapshot-file', snap);
    await page.waitForFunction(() => /snapshot/.test(document.querySelector('#status').textContent) && document.querySelector('#summary'), null, { timeout: 30000 });
    const report = await lastReport(page);
    assert.ok(report.summary, 'the core judged the message (a summary)');
    assert.equal(report.spf.result, 'pass', JSON.stringify(report.spf));
    assert.equal(report.dmarc.result, 'pass', JSON.stringify({ r: report.dmarc.result, reason: report.dmarc.reason }));
    assert.match(await page.textContent('#summary'), /DMARC passes/);
    // SPF sits in the "passed and aligned" cell of the chart.
    assert.match(await page.locator('#decision td.cell-good').innerText(), /SPF/);
    assert.match(await page.textContent('#card-spf'), /ip4:192\.0\.2\.0\/24/);
    assert.match(await page.textContent('#card-spf'), /Received-SPF/);
    // The receiver said dmarc=fail; authlens now says pass: the comparison shows a difference.
    assert.ok(await page.locator('#card-claimed table tbody tr').count() >= 1);
    await chooseLanguage(page, 'ja');
    assert.match(await page.textContent('#summary'), /DMARC は SPF \(example\.test\) だけで合格/);
    await page.screenshot({ path: path.join(shots, 'analyze-pass-ja.png'), fullPage: true });
    assertOnlyDnsQuestions(requests, false);
    assert.deepEqual(errors, []);
    rmSync(dir, { recursive: true, force: true });
    await page.close();
  });

  test('replay: two DKIM signatures (author and third-party via CNAME) land in the chart; key evidence opens', async () => {
    const { page, requests, errors } = await openPage();
    await page.selectOption('#dns-mode', 'offline');
    const author = signedMessage();
    await paste(page, author.message);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'authlens-snap-'));
    const snap = path.join(dir, 'snapshot.json');
    writeFileSync(snap, JSON.stringify({
      schema: 'authlens/dns-snapshot/v1',
      answers: [
        { name: 'example.test', type: 'TXT', status: 'NOERROR', ttl: 300, records: [['v=spf1 ip4:192.0.2.0/24 -all']] },
        { name: '_dmarc.example.test', type: 'TXT', status: 'NOERROR', ttl: 300, records: [['v=DMARC1; p=quarantine']] },
        { name: 'sel1._domainkey.example.test', type: 'TXT', status: 'NOERROR', ttl: 3600, records: [author.keys['example.test']] },
        { name: 's2._domainkey.esp.test', type: 'TXT', status: 'NOERROR', ttl: 600, records: [author.keys['esp.test']], cname: ['s2.dkim.provider.test'] },
      ],
    }));
    await page.setInputFiles('#snapshot-file', snap);
    await page.waitForFunction(() => /snapshot/.test(document.querySelector('#status').textContent) && document.querySelector('#summary'), null, { timeout: 30000 });
    const report = await lastReport(page);
    assert.ok(report.summary, 'the core judged the message (a summary)');
    const sigs = Array.isArray(report.dkim) ? report.dkim : report.dkim.signatures;
    assert.deepEqual(sigs.map((x) => x.result), ['pass', 'pass'], JSON.stringify(sigs.map((x) => [x.reason, x.detail])));
    assert.equal(await page.locator('#card-dkim .sig').count(), 2);
    assert.match(await page.textContent('#card-dkim'), /Author signature: d=example\.test/);
    assert.match(await page.textContent('#card-dkim'), /Third-party signature: d=esp\.test/);
    // the chart: example.test in "passed and aligned", esp.test in "passes, but for another domain"
    const cells = await page.locator('#decision tbody td').allInnerTexts();
    assert.match(cells[0], /DKIM d=example\.test/);
    assert.match(cells[1], /DKIM d=esp\.test/);
    // the key record, its name and the CNAME chain open on demand
    const key = page.locator('#card-dkim .sig', { hasText: 'd=esp.test' }).locator('details', { hasText: 'Key record' });
    await key.locator('summary').click();
    assert.match(await key.innerText(), /s2\._domainkey\.esp\.test/);
    assert.match(await key.innerText(), /s2\.dkim\.provider\.test/);
    await page.screenshot({ path: path.join(shots, 'analyze-dkim-en.png'), fullPage: true });
    assertOnlyDnsQuestions(requests, false);
    assert.deepEqual(errors, []);
    rmSync(dir, { recursive: true, force: true });
    await page.close();
  });

  test('a tab whose code cannot be downloaded says so, in the page language', async () => {
    const { page, errors } = await openPage();
    // The Domain tab's modules answer 503, as an overloaded server would, on a first visit (nothing kept
    // yet: the service worker, public/sw.js, serves its copy otherwise — offline.test.mjs). The worker makes
    // the request, so the route is the context's, not the page's.
    await page.evaluate(() => caches.delete('authlens-page'));
    await browser.route(/\/assets\/domain-[^/]*\.js$/, (route) => route.fulfill({ status: 503, body: 'unavailable' }));
    await page.click('#tab-domain');
    await page.waitForFunction(() => /could not be loaded/.test(document.querySelector('#panel-domain .tab-loading')?.textContent ?? ''));
    assert.match(await page.textContent('#panel-domain'), /Reload the page/);
    assert.match(await page.getAttribute('#panel-domain .tab-loading', 'title'), /domain-/, 'the browser\'s reason as the tooltip');
    assert.equal(await page.getAttribute('#panel-domain', 'data-mounted'), null);
    await chooseLanguage(page, 'ja');
    assert.match(await page.textContent('#panel-domain .tab-loading'), /読み込めませんでした/);
    await chooseLanguage(page, 'en');
    // Once the network is back, opening the tab again loads it.
    await browser.unroute(/\/assets\/domain-[^/]*\.js$/);
    await page.click('#tab-analyze');
    await page.click('#tab-domain');
    await page.waitForSelector('#panel-domain[data-mounted="true"]', { timeout: 30000 });
    assert.deepEqual(errors.filter((e) => !/503|dynamically imported/.test(e)), []);
    await page.close();
  });

  test('keyboard: tabs move with the arrow keys', async () => {
    const { page } = await openPage();
    await page.focus('#tab-analyze');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.getAttribute('#tab-wizard', 'aria-selected'), 'true');
    assert.equal(await page.isVisible('#panel-wizard'), true);
    // the tab's code loads with the tab, then replaces the placeholder
    await page.waitForSelector('#panel-wizard[data-mounted="true"]', { timeout: 30000 });
    assert.equal(await page.locator('#panel-wizard .tab-loading').count(), 0);
    await page.keyboard.press('End');
    assert.equal(await page.getAttribute('#tab-reports', 'aria-selected'), 'true');
    await page.keyboard.press('Home');
    assert.equal(await page.isVisible('#panel-analyze'), true);
    await page.close();
  });

  test('a custom URL outside the CSP is refused with a reason', async () => {
    const { page, requests } = await openPage();
    await page.selectOption('#dns-mode', 'custom');
    await page.fill('#dns-custom', 'https://resolver.evil.example/dns-query');
    await paste(page, message);
    await page.click('#run');
    assert.match(await page.textContent('#dns-custom-error'), /security policy/);
    assert.equal(await page.locator('#summary').count(), 0);
    assertOnlyDnsQuestions(requests, false);
    await page.close();
  });
});
