// The badge row of the Analyze tab, badge by badge: for each of SPF · DKIM · DMARC · ARC · iprev · TLS ·
// Gmail/Yahoo · Outlook a message where it passes and one where it fails. DNS comes from the committed
// test zones (tests/data/zones/analyze-*.zone and the reverse zones), turned into an
// authlens/dns-snapshot/v1 file that the page replays — nothing leaves the page. Also: the envelope
// form's "null reverse-path" box, control characters in header values shown escaped, and the bulk card's
// mailbox providers grouped global / Japan / Europe with what the recipient will see, sources and dates.
//   node --test tests/browser/badges.test.mjs
// Env as harness.mjs says (AUTHLENS_WEB_DIST, AUTHLENS_CHROMIUM, AUTHLENS_SHOT_DIR); exits 77 (skip)
// when the page is not built, Chromium or playwright-core is missing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chooseLanguage, openFreshPage, pageRig, readExport, repo, requireBrowser, shotDir } from './harness.mjs';

const { dist, chromium, playwright } = requireBrowser();
const shots = shotDir();
const data = path.join(repo, 'tests', 'data');
const readMessage = (name) => readFileSync(path.join(data, 'messages', name), 'latin1');

// ---- zone files → snapshot answers ----------------------------------------------------------
/** Splits a zone-file line into tokens (quoted strings keep their spaces and semicolons). */
function tokens(line) {
  const out = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === ';') break; // a comment, outside quotes
    if (c === ' ' || c === '\t' || c === '(' || c === ')') {
      i++;
    } else if (c === '"') {
      const end = line.indexOf('"', i + 1);
      out.push({ quoted: true, text: line.slice(i + 1, end) });
      i = end + 1;
    } else {
      let j = i;
      while (j < line.length && !' \t;"()'.includes(line[j])) j++;
      out.push({ quoted: false, text: line.slice(i, j) });
      i = j;
    }
  }
  return out;
}

/**
 * The answers of the simple zone files the tests commit ($ORIGIN, $TTL, owner or blank owner, IN,
 * A / TXT / MX / PTR / NS; SOA skipped), as snapshot answers keyed "name TYPE".
 */
function zoneAnswers(file, into = new Map()) {
  let origin = '';
  let ttl = 300;
  let owner = '';
  const abs = (n) => (n === '@' ? origin : n.endsWith('.') ? n.slice(0, -1) : `${n}.${origin}`).toLowerCase();
  for (const line of readFileSync(path.join(data, 'zones', file), 'utf8').split('\n')) {
    const tk = tokens(line);
    if (!tk.length) continue;
    if (tk[0].text === '$ORIGIN') { origin = tk[1].text.replace(/\.$/, ''); continue; }
    if (tk[0].text === '$TTL') { ttl = Number(tk[1].text); continue; }
    if (!/^[ \t]/.test(line)) owner = abs(tk.shift().text);
    if (/^\d+$/.test(tk[0]?.text)) tk.shift();
    if (tk[0]?.text === 'IN') tk.shift();
    const type = tk.shift()?.text;
    if (!type || type === 'SOA') continue;
    const key = `${owner} ${type}`;
    if (!into.has(key)) into.set(key, { name: owner, type, status: 'NOERROR', ttl, records: [] });
    into.get(key).records.push(type === 'TXT' ? tk.map((t) => t.text) : tk.map((t) => t.text).join(' '));
  }
  return into;
}

const ZONES = ['analyze-shop.test.zone', 'analyze-esp.test.zone', '2.0.192.in-addr.arpa.zone', '113.0.203.in-addr.arpa.zone'];
/** The test zones as a snapshot, with `extra` answers added (or replacing those of the same name and type). */
function snapshot(extra = []) {
  const answers = new Map();
  for (const z of ZONES) zoneAnswers(z, answers);
  for (const a of extra) answers.set(`${a.name} ${a.type}`, { status: 'NOERROR', ttl: 300, ...a });
  return { schema: 'authlens/dns-snapshot/v1', answers: [...answers.values()] };
}
// 192.0.2.50 (mail.analyze-shop.test) has no PTR in the zone, on purpose (iprev fails there); the
// passing case adds the one that confirms.
const PTR_OK = { name: '50.2.0.192.in-addr.arpa', type: 'PTR', records: ['mail.analyze-shop.test.'] };

// ---- the page ---------------------------------------------------------------------------------
const rig = pageRig({ dist, chromium, playwright, doh: false, viewport: { width: 1200, height: 900 }, locale: 'en-US' });
let webUrl, browser;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'authlens-badges-'));
before(async () => ({ webUrl, browser } = await rig.start()));
after(() => rig.close({ remove: [tmp], shots }));

let snapCount = 0;
/**
 * Pastes `message`, fills the envelope form (`envelope`: {ip, helo, mailFrom, mailFromNull}) and
 * replays `snap`. Returns { page, badges: {name: {text, tone}}, report, errors }.
 */
async function analyze(message, snap, envelope = {}) {
  const { page, errors, requests } = await openFreshPage(browser, webUrl, { request: (r) => r.url() });
  await page.selectOption('#dns-mode', 'offline');
  await page.fill('#message', message);
  if (Object.keys(envelope).length) await page.click('details.envelope summary');
  if (envelope.ip) await page.fill('#env-ip', envelope.ip);
  if (envelope.helo) await page.fill('#env-helo', envelope.helo);
  if (envelope.mailFrom !== undefined) await page.fill('#env-mail-from', envelope.mailFrom);
  if (envelope.mailFromNull) await page.check('#env-mail-from-null');
  const file = path.join(tmp, `snapshot-${++snapCount}.json`);
  writeFileSync(file, JSON.stringify(snap));
  await page.setInputFiles('#snapshot-file', file);
  await page.waitForFunction(() => /snapshot/.test(document.querySelector('#status').textContent) && document.querySelector('#summary'), null, { timeout: 30000 });
  const badges = {};
  for (const li of await page.locator('.badges [data-badge]').all()) {
    const cls = (await li.getAttribute('class')).split(/\s+/);
    badges[await li.getAttribute('data-badge')] = {
      text: (await li.locator('.badge-value').innerText()).trim(),
      tone: ['good', 'bad', 'warn', 'plain', 'pending'].find((c) => cls.includes(c)),
    };
  }
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  const report = readExport(await dl.path()).report;
  // Replaying a snapshot asks nothing of the network.
  assert.deepEqual(requests.filter((u) => !u.startsWith(webUrl) && !/^(data|blob):/.test(u)), []);
  return { page, badges, report, errors };
}

/** The message with its hand-off Received field saying plain SMTP (no TLS). Received is not signed. */
function plainSmtp(message) {
  return message.replace(/with ESMTPS id (\S+)(\r?\n\t\(using TLSv1\.[23] with cipher [^\n]*\))?/, 'with ESMTP id $1');
}

describe('badges: one field each, a pass and a fail', () => {
  test('an aligned, signed message from a host with confirmed PTR: every badge passes, TLS says TLSv1.3', async () => {
    const { page, badges, report, errors } = await analyze(readMessage('analyze-aligned.eml'), snapshot([PTR_OK]));
    assert.equal(report.route.handoff_tls, 'TLSv1.3');
    assert.deepEqual(badges.tls, { text: 'TLSv1.3', tone: 'good' });
    assert.deepEqual(badges.spf, { text: 'pass', tone: 'good' }, JSON.stringify(report.spf.reason));
    assert.deepEqual(badges.dkim, { text: 'pass', tone: 'good' });
    assert.deepEqual(badges.dmarc, { text: 'pass', tone: 'good' });
    assert.deepEqual(badges.iprev, { text: 'pass', tone: 'good' }, JSON.stringify(report.iprev));
    const failing = (list) => report.bulk_sender[list].items.filter((i) => i.status !== 'pass').map((i) => i.id);
    assert.deepEqual(badges.gmailYahoo, { text: 'pass', tone: 'good' }, failing('gmail_yahoo').join());
    assert.deepEqual(badges.outlook, { text: 'pass', tone: 'good' }, failing('outlook').join());
    // No ARC set: the chain status is none.
    assert.equal(report.arc.cv, 'none');
    assert.deepEqual(badges.arc, { text: 'none', tone: 'plain' });
    await page.locator('.badges').screenshot({ path: path.join(shots, 'badges-pass.png') });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('tampered, relayed by another host over plain SMTP: SPF, DKIM, DMARC, iprev, TLS and both checklists fail', async () => {
    const message = plainSmtp(readMessage('analyze-tampered.eml'));
    const { page, badges, report, errors } = await analyze(message, snapshot());
    assert.equal(report.route.handoff_tls, 'none');
    assert.deepEqual(badges.tls, { text: 'none (plain SMTP)', tone: 'bad' });
    assert.deepEqual(badges.spf, { text: 'fail', tone: 'bad' });
    assert.deepEqual(badges.dkim, { text: 'fail', tone: 'bad' });
    assert.deepEqual(badges.dmarc, { text: 'fail', tone: 'bad' });
    assert.equal(badges.iprev.tone, 'bad', JSON.stringify(report.iprev));
    assert.equal(badges.iprev.text, report.iprev.result);
    assert.deepEqual(badges.gmailYahoo, { text: 'fail', tone: 'bad' });
    assert.deepEqual(badges.outlook, { text: 'fail', tone: 'bad' });
    await chooseLanguage(page, 'ja');
    assert.equal((await page.locator('[data-badge="tls"] .badge-value').innerText()).trim(), 'なし（平文）');
    await page.locator('.badges').screenshot({ path: path.join(shots, 'badges-fail-ja.png') });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('ARC: a sealed message passes; changed after sealing, it fails', async () => {
    const sealed = readMessage('analyze-arc-sealed.eml');
    let r = await analyze(sealed, snapshot([PTR_OK]));
    assert.equal(r.report.arc.cv, 'pass', JSON.stringify(r.report.arc));
    assert.deepEqual(r.badges.arc, { text: 'pass', tone: 'good' });
    assert.deepEqual(r.errors, []);
    await r.page.close();
    // A forwarder after the sealer rewrote the body: the newest ARC-Message-Signature no longer verifies.
    r = await analyze(sealed.replace('our November offers are here.', 'our December offers are here.'), snapshot([PTR_OK]));
    assert.equal(r.report.arc.cv, 'fail', JSON.stringify(r.report.arc));
    assert.deepEqual(r.badges.arc, { text: 'fail', tone: 'bad' });
    assert.deepEqual(r.errors, []);
    await r.page.close();
  });
});

describe('envelope form: the null reverse-path', () => {
  test('the box sends MAIL FROM <>: SPF checks postmaster@<HELO> and the report says the path was null', async () => {
    const { page, badges, report, errors } = await analyze(readMessage('analyze-aligned.eml'), snapshot([PTR_OK]), { mailFromNull: true });
    assert.equal(await page.isDisabled('#env-mail-from'), true);
    assert.equal(report.envelope.mail_from_null, true);
    assert.equal(report.envelope.mail_from, '<>');
    assert.equal(report.envelope.mail_from_source, 'given');
    assert.equal(report.spf.sender, 'postmaster@mail.analyze-shop.test');
    assert.equal(report.decision.spf.domain, 'mail.analyze-shop.test');
    assert.equal(report.decision.spf.aligned, true);
    assert.deepEqual(badges.spf, { text: 'pass', tone: 'good' });
    await page.locator('details.envelope').screenshot({ path: path.join(shots, 'envelope-null-path.png') });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('typing <> says the same; an empty field means "take it from the message"', async () => {
    let r = await analyze(readMessage('analyze-aligned.eml'), snapshot([PTR_OK]), { mailFrom: '<>' });
    assert.equal(r.report.envelope.mail_from_null, true);
    assert.equal(r.report.spf.sender, 'postmaster@mail.analyze-shop.test');
    await r.page.close();
    r = await analyze(readMessage('analyze-aligned.eml'), snapshot([PTR_OK]), { mailFrom: '' });
    assert.equal(r.report.envelope.mail_from_null, false);
    assert.equal(r.report.envelope.mail_from_source, 'return_path');
    assert.equal(r.report.spf.sender, 'bounce@analyze-shop.test');
    await r.page.close();
  });
});

describe('control characters in header values', () => {
  test('NUL, CR, LF, ESC and C1 decoded from encoded words are shown escaped, never raw', async () => {
    const b64 = (s) => Buffer.from(s, 'utf8').toString('base64');
    const subject = 'Invoice\u0000 paid\r\nBcc: everyone@example.test';
    const display = 'Bank\u001b[31m \u0085Support';
    const message = [
      'Received: from mail.analyze-shop.test (mail.analyze-shop.test [192.0.2.50])',
      '\tby mx.receiver.test (Postfix) with ESMTPS id 4AbCdE',
      '\tfor <alice@receiver.test>; Mon, 23 Nov 2026 07:00:02 +0000',
      `From: =?UTF-8?B?${b64(display)}?= <news@analyze-shop.test>`,
      'To: alice@receiver.test',
      `Subject: =?UTF-8?B?${b64(subject)}?=`,
      'Date: Mon, 23 Nov 2026 07:00:00 +0000',
      'Message-ID: <ctl-1@analyze-shop.test>',
      '',
      'body',
      '',
    ].join('\r\n');
    const { page, report, errors } = await analyze(message, snapshot());
    // What the core decoded (whatever it keeps of the control characters) is what the page must show,
    // escaped: the page's own escaping is checked, not the core's decoding.
    const esc = (s) => s.replace(/[\x00-\x08\x0a-\x1f\x7f-\x9f]/g, (c) => ({ '\n': '\\n', '\r': '\\r' })[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
    const shownSubject = (await page.locator('#card-message .subject').innerText());
    assert.equal(shownSubject, esc(report.subject));
    assert.ok(/[\x00-\x1f\x85]/.test(report.subject), `the core kept a control character: ${JSON.stringify(report.subject)}`);
    assert.match(shownSubject, /\\x00|\\r\\n/);
    // Every rendered text: no raw control character but TAB and the line breaks of the layout itself.
    const text = await page.locator('#result').evaluate((e) => e.textContent);
    assert.ok(!/[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f]/.test(text), JSON.stringify(text.match(/.{0,20}[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f].{0,20}/s)?.[0]));
    // The display name, in the addresses list and in the header fields.
    const from = report.message?.addresses?.from?.[0]?.display_name ?? report.addresses?.from?.[0]?.display_name;
    if (typeof from === 'string') assert.match(await page.locator('#card-message').innerText(), new RegExp(esc(from).replace(/[\\[\]^$.*+?()|{}]/g, '\\$&')));
    await page.screenshot({ path: path.join(shots, 'control-characters.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('bulk card: mailbox providers grouped by region', () => {
  /** Rows of the providers tables: { region: [{ name, effect, links, dates }] }. */
  async function groups(page) {
    return page.$$eval('#card-bulk .provider-group', (sections) => Object.fromEntries(sections.map((s) => [
      s.getAttribute('data-region'),
      [...s.querySelectorAll('table.providers tbody tr')].map((tr) => ({
        heading: s.querySelector('h4').textContent,
        name: tr.querySelector('th').textContent,
        effect: tr.querySelectorAll('td')[0].textContent.trim(),
        links: [...tr.querySelectorAll('td a[href^="https://"]')].length,
        dates: [...tr.querySelectorAll('td .date')].map((d) => d.textContent),
      })),
    ])));
  }

  test('a compliant message: every provider delivers; each row links its source with a date; Japanese headings', async () => {
    const { page, report, errors } = await analyze(readMessage('analyze-aligned.eml'), snapshot([PTR_OK]));
    const g = await groups(page);
    assert.deepEqual(Object.keys(g), ['global', 'japan', 'europe']);
    assert.deepEqual(g.global.map((r) => r.name), ['Gmail', 'Yahoo Mail (US)', 'Outlook.com', 'Apple iCloud Mail']);
    assert.deepEqual(g.japan.map((r) => r.name), ['NTT docomo (docomo.ne.jp)', 'Yahoo! JAPAN Mail']);
    assert.deepEqual(g.europe.map((r) => r.name), ['GMX / WEB.DE', 'La Poste (laposte.net)']);
    for (const row of Object.values(g).flat()) {
      assert.equal(row.effect, 'delivered', `${row.name}: ${JSON.stringify(report.bulk_sender.providers)}`);
      assert.ok(row.links >= 1, `${row.name} links its source`);
      assert.ok(row.dates.every((d) => /\d{4}-\d{2}-\d{2}/.test(d)) && row.dates.length >= 1, `${row.name} dates`);
    }
    await chooseLanguage(page, 'ja');
    const ja = await groups(page);
    assert.deepEqual(Object.values(ja).map((rows) => rows[0].heading), ['グローバル', '日本', 'ヨーロッパ']);
    assert.equal(ja.global[0].effect, '配信');
    await page.locator('#card-bulk').screenshot({ path: path.join(shots, 'bulk-providers-ja.png') });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a tampered message: Outlook.com rejects with 550 5.7.515, docomo warns, La Poste spam or rejects', async () => {
    const { page, errors } = await analyze(readMessage('analyze-tampered.eml'), snapshot());
    const g = await groups(page);
    const effect = (region, name) => g[region].find((r) => r.name === name).effect;
    assert.equal(effect('global', 'Outlook.com'), 'rejected 550 5.7.515');
    assert.equal(effect('global', 'Gmail'), 'deferred or rejected 550 5.7.26');
    assert.equal(effect('japan', 'NTT docomo (docomo.ne.jp)'), 'delivered with a warning');
    assert.equal(effect('europe', 'La Poste (laposte.net)'), 'spam folder or rejected');
    // The 2024–2025 checklists are still there, folded.
    assert.ok((await page.locator('#card-bulk details.checklists table.checks').count()) === 2);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
