// A collection of messages on the page (issue 14), in Debian's Chromium through playwright-core: a
// folder with several .eml files and an mbox chosen at once, analysed by the page's pool of workers,
// grouped into sending streams by the core. The page's inventory equals the CLI's
// (`authlens inventory DIR --snapshot S --json/--csv`) for the same folder and DNS snapshot; a stream's
// messages open the one-message view; through DoH, every request is a static file or one DNS question
// and each question goes out once for the whole folder; the table speaks Japanese.
// Env: AUTHLENS_WEB_DIST, AUTHLENS_CHROMIUM, AUTHLENS_SHOT_DIR, AUTHLENS_CLI (default build/native/native-cli/authlens),
//      AUTHLENS_DNS_ENV (the e2e DNS servers' env file: their DoH front is used when present).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chooseLanguage, assertOnlyStaticAndDns, assertSchema, loadDnsEnv, openFreshPage, pageRig, parseQuestion, repo, requireBrowser, shotDir, skip } from './harness.mjs';

const { dist, chromium, playwright } = requireBrowser();
const shots = shotDir();
const cli = process.env.AUTHLENS_CLI || path.join(repo, 'build', 'native', 'native-cli', 'authlens');
if (!existsSync(cli)) skip(`no native CLI at ${cli}`);

// The folder: messages of several streams, a Maildir, and an mbox holding two more (one with a body line that
// mboxrd quotes, so the core's unquoting is what keeps its DKIM body hash intact).
const messagesDir = path.join(repo, 'tests', 'data', 'messages');
const zonesDir = path.join(repo, 'tests', 'data', 'zones');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'authlens-collection-'));
const folder = path.join(tmp, 'mail');
mkdirSync(path.join(folder, 'sub'), { recursive: true });
const singles = ['analyze-aligned.eml', 'analyze-esp.eml', 'analyze-tampered.eml', 'headers-only.eml', 'relayed-attachment.eml'];
for (const f of singles) copyFileSync(path.join(messagesDir, f), path.join(folder, f));
copyFileSync(path.join(messagesDir, 'bare-lf.eml'), path.join(folder, 'sub', 'bare-lf.eml'));
const mboxMessages = ['analyze-aligned.eml', 'analyze-arc-sealed.eml'].map((f) => readFileSync(path.join(messagesDir, f), 'latin1'));
const quoted = (m) => m.replace(/^(>*From )/gm, '>$1');
writeFileSync(path.join(folder, 'archive.mbox'), mboxMessages.map((m, i) =>
  `From sender@example.test Mon Nov 23 07:00:0${i} 2026\n${quoted(m)}${m.endsWith('\n') ? '' : '\n'}\n`).join(''), 'latin1');
// A Maildir: only cur/ and new/ are read (tmp/ and the mail program's files are not), by both faces.
for (const sub of ['cur', 'new', 'tmp']) mkdirSync(path.join(folder, 'box', sub), { recursive: true });
copyFileSync(path.join(messagesDir, 'analyze-esp.eml'), path.join(folder, 'box', 'cur', '1.eml'));
copyFileSync(path.join(messagesDir, 'headers-only.eml'), path.join(folder, 'box', 'new', '2.eml'));
copyFileSync(path.join(messagesDir, 'analyze-aligned.eml'), path.join(folder, 'box', 'tmp', '3.eml'));
writeFileSync(path.join(folder, 'box', 'dovecot-uidlist'), '3 V1 N4\n');
const messageCount = singles.length + 1 + mboxMessages.length + 2;

function authlens(args) {
  const r = spawnSync(cli, args, { cwd: tmp, encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.ok(r.status === 0 || r.status === 1, `authlens ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  return r.stdout;
}
// The DNS snapshot of every answer the folder needs, from the test zones.
const zoneArgs = readdirSync(zonesDir).filter((f) => f.endsWith('.zone')).sort().flatMap((z) => ['--zone', path.join(zonesDir, z)]);
const snapshot = path.join(tmp, 'dns.json');
authlens(['analyze', 'mail', ...zoneArgs, '--record', snapshot]);

const fixtureDoh = loadDnsEnv()?.AUTHLENS_DOH_URL ?? null;
const rig = pageRig({ dist, chromium, playwright, acceptDownloads: true, viewport: { width: 1300, height: 900 }, locale: 'en-US' });
let webUrl, dohUrl, browser;
before(async () => ({ webUrl, dohUrl, browser } = await rig.start()));
after(() => rig.close({ remove: [tmp] }));

function openPage() {
  return openFreshPage(browser, webUrl, { request: (r) => ({ method: r.method(), url: r.url(), body: r.postData() }) });
}

/** Waits for the collection's final status line. */
async function collectionDone(page) {
  await page.waitForFunction(() => /messages analysed in this browser|このブラウザーで/.test(document.querySelector('#status')?.textContent ?? ''), null, { timeout: 120000 });
}

async function download(page, selector) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return readFileSync(await dl.path(), 'utf8');
}

describe('a collection on the page', () => {
  test('a folder replayed from a DNS snapshot gives the inventory the CLI gives; a stream opens its messages', async () => {
    const { page, requests, errors } = await openPage();
    await page.selectOption('#dns-mode', 'offline');
    await page.setInputFiles('#folder', folder);
    await collectionDone(page);
    // The replay's own final line is awaited: the first run's line is cleared first.
    await page.evaluate(() => { document.querySelector('#status').textContent = ''; });
    await page.setInputFiles('#snapshot-file', snapshot);
    await collectionDone(page);
    assert.match(await page.textContent('#status'), new RegExp(`^${messageCount} messages analysed`));

    const native = JSON.parse(authlens(['inventory', 'mail', '--json', '--snapshot', snapshot]));
    assert.equal(native.messages, messageCount);
    const mine = assertSchema('inventory', JSON.parse(await download(page, '#inventory-json')), 'the page\'s inventory export');
    assert.deepEqual(mine, native, 'page inventory == CLI inventory');
    assert.ok(native.streams.length >= 3, `streams: ${native.streams.length}`);
    assert.equal(await download(page, '#inventory-csv'), authlens(['inventory', 'mail', '--csv', '--snapshot', snapshot]));

    // One row per stream; the DMARC cell is coloured by the core's counts.
    const rows = page.locator('table.inventory-table tbody tr.stream-row');
    assert.equal(await rows.count(), native.streams.length);
    for (let i = 0; i < native.streams.length; i++) {
      const s = native.streams[i];
      const dmarcCell = rows.nth(i).locator('td').nth(4);
      const cls = await dmarcCell.getAttribute('class');
      if (s.dmarc.pass === s.messages) assert.match(cls, /\bgood\b/);
      if (s.dmarc.fail > 0) assert.match(cls, /\bbad\b/);
      assert.match(await rows.nth(i).locator('th').innerText(), new RegExp(s.from_domain.replace(/\./g, '\\.')));
    }
    // Every stream opened: each message of the folder is listed once, in the stream of its own size.
    for (let i = 0; i < native.streams.length; i++) await rows.nth(i).locator('button[aria-expanded]').click();
    const listed = (await page.locator('tr.members-row li .mono').allInnerTexts()).map((x) => x.trim()).sort();
    const expected = [...singles.map((f) => `mail/${f}`), 'mail/sub/bare-lf.eml', 'mail/archive.mbox #1', 'mail/archive.mbox #2',
      'mail/box/cur/1.eml', 'mail/box/new/2.eml'].sort();
    assert.deepEqual(listed, expected);
    const memberRows = page.locator('tr.members-row');
    for (let i = 0; i < native.streams.length; i++) assert.equal(await memberRows.nth(i).locator('li').count(), native.streams[i].messages);
    // One of them in the one-message view.
    const first = native.streams[0].examples[0];
    await memberRows.nth(0).locator('li').first().locator('button').click();
    await page.waitForSelector('#summary');
    assert.match(await page.textContent('#opened-source'), new RegExp(first.path.replace(/\./g, '\\.')));
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    const opened = JSON.parse(readFileSync(await dl.path(), 'utf8')).report;
    const lines = authlens(['analyze', first.path, '--json', '--snapshot', snapshot]);
    assert.equal(opened.dmarc.result, JSON.parse(lines).dmarc.result);

    // Japanese: the table's words follow the language.
    await chooseLanguage(page, 'ja');
    assert.match(await page.textContent('table.inventory-table caption'), /送信ストリーム/);
    assert.match(await page.textContent('#inventory-summary'), /通/);
    await page.screenshot({ path: path.join(shots, 'collection-ja.png'), fullPage: true });
    // Offline and replayed: nothing but the page's own files was fetched.
    assertOnlyStaticAndDns(requests, { webUrl, dohUrl, allowDoh: false });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('through DoH, a folder asks each DNS question once, and nothing else leaves the browser', async () => {
    const resolver = fixtureDoh ?? dohUrl;
    const { page, requests, errors } = await openPage();
    await page.selectOption('#dns-mode', 'custom');
    await page.fill('#dns-custom', resolver);
    await page.setInputFiles('#folder', folder);
    await collectionDone(page);
    const asked = requests.filter((r) => r.url.startsWith(resolver));
    assert.ok(asked.length > 0, 'DNS questions went out');
    const questions = asked.map((r) => {
      const q = parseQuestion(new URL(r.url).searchParams.get('dns'));
      return `${q.name.toLowerCase()}/${q.type}`;
    });
    const twice = questions.filter((q, i) => questions.indexOf(q) !== i);
    assert.deepEqual(twice, [], 'no DNS question asked twice for the folder');
    // The messages share names (the same author domains): the page says how many answers were shared.
    const notes = await page.textContent('#inventory-notes');
    const m = /DNS: (\d+) questions asked, (\d+) answers shared/.exec(notes);
    assert.ok(m, notes);
    assert.equal(Number(m[1]), asked.length);
    assert.ok(Number(m[2]) > 0, notes);
    assertOnlyStaticAndDns(requests, { webUrl, dohUrl: resolver, allowDoh: true, secrets: ['Hello', 'user@', 'sender@'] });
    assert.equal(await page.locator('table.inventory-table tbody tr.stream-row').count() >= 3, true);
    await page.screenshot({ path: path.join(shots, 'collection-en.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });
});
