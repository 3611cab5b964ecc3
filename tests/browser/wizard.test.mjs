// The Wizard tab end to end in Debian's Chromium (playwright-core): choose presets, read the record,
// copy it, check the live SPF budget through a loopback DoH server, build DMARC with its rollout,
// generate a DKIM key locally (nothing but DNS questions ever leaves the page), labels, keyboard,
// Japanese, dark mode.
//   AUTHLENS_WEB_DIST=web/dist-records node --test tests/browser/wizard.test.mjs
// Exits 77 (skip) when the page is not built, Chromium or playwright-core is missing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { chooseLanguage, assertOnlyStaticAndDns, openFreshPage, pageRig, requireBrowser, shotDir, zoneAnswer } from './harness.mjs';

const { dist, chromium, playwright } = requireBrowser();
const shots = shotDir();

// ---- a DoH server with a few SPF records// ---- a DoH server with a few SPF records; everything else NXDOMAIN ------------------------------
const zone = {
  '_spf.google.com': { 16: 'v=spf1 include:_netblocks.google.com ~all' },
  '_netblocks.google.com': { 16: 'v=spf1 ip4:192.0.2.0/24 ~all' },
  'spf.protection.outlook.com': { 16: 'v=spf1 ip4:198.51.100.0/24 -all' },
};
const dohLog = [];
const answer = zoneAnswer(zone, dohLog);
const rig = pageRig({ dist, chromium, playwright, viewport: { width: 1280, height: 900 }, locale: 'en-US',
  doh: { answer }, permissions: ['clipboard-read', 'clipboard-write'] });
let webUrl, dohUrl, browser;
before(async () => ({ webUrl, dohUrl, browser } = await rig.start()));
after(() => rig.close({ shots }));

async function openWizard() {
  const { page, requests, errors } = await openFreshPage(browser, webUrl, { request: (r) => ({ method: r.method(), url: r.url(), body: r.postData() }) });
  await page.selectOption('#dns-mode', 'custom');
  await page.fill('#dns-custom', dohUrl);
  await page.click('#tab-wizard');
  await page.waitForSelector('#wz-spf-record', { timeout: 30000 });
  return { page, requests, errors };
}

/** Every request is a same-origin static file or a DoH GET with one DNS question; no secret in any. */
function assertNothingLeaves(requests, secrets = []) {
  assertOnlyStaticAndDns(requests, { webUrl, dohUrl, allowDoh: true, secrets });
}

const text = (page, sel) => page.locator(sel).innerText();

describe('wizard tab', () => {
  test('SPF: presets → one record, copy it, live budget over DoH', async () => {
    const { page, requests, errors } = await openWizard();
    await page.fill('#wz-spf-domain', 'example.com');
    await page.check('#wz-spf-p-google');
    await page.check('#wz-spf-p-m365');
    await page.fill('#wz-spf-ip4', '203.0.113.0/24');
    await page.check('#wz-spf-all-softfail');
    const want = 'v=spf1 ip4:203.0.113.0/24 include:_spf.google.com include:spf.protection.outlook.com ~all';
    await page.waitForFunction((w) => document.querySelector('#wz-spf-record')?.textContent === w, want);
    assert.match(await text(page, '#wz-spf-lookups'), /2 of 10/);
    assert.match(await text(page, '#wz-pane-spf'), /example\.com\. 3600 IN TXT "v=spf1 /);
    assert.match(await text(page, '#wz-pane-spf'), /~all: hosts not listed get softfail/);
    // copy the one-string form
    await page.click('#wz-spf-0-copy-one');
    await page.waitForFunction(() => document.querySelector('#wz-live')?.textContent.includes('Copied'));
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), want);
    // live budget: 1 (google) + 1 (its nested include) + 1 (outlook) = 3
    dohLog.length = 0;
    await page.click('#wz-spf-check');
    await page.waitForSelector('#wz-spf-budget-count', { timeout: 30000 });
    assert.match(await text(page, '#wz-spf-budget-count'), /3 of 10/);
    // The colour is the core's budget status ("within": room for more services), not a number the page compares.
    assert.ok(await page.$('#wz-spf-budget-count .pill.good'), 'a budget within the limit is shown as good');
    assert.ok(dohLog.includes('_netblocks.google.com/16'), dohLog.join(' '));
    // a bad range is refused with a reason, not a record
    await page.fill('#wz-spf-ip4', '203.0.113.0/99');
    await page.waitForSelector('#wz-spf-error');
    assertNothingLeaves(requests);
    await page.screenshot({ path: path.join(shots, 'wizard-spf.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('DMARC: RFC 9989 record, external rua authorisation, rollout, mailing-list caution', async () => {
    const { page, errors } = await openWizard();
    await page.click('#wz-tab-dmarc');
    await page.fill('#wz-dmarc-domain', 'example.com');
    await page.selectOption('#wz-dmarc-p', 'quarantine');
    await page.check('#wz-dmarc-t');
    await page.fill('#wz-dmarc-rua', 'dmarc@example.com, reports@dmarc.example.net');
    const want = 'v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com,mailto:reports@dmarc.example.net; t=y; pct=0';
    await page.waitForFunction((w) => document.querySelector('#wz-dmarc-record')?.textContent === w, want);
    const pane = await text(page, '#wz-pane-dmarc');
    assert.match(pane, /example\.com\._report\._dmarc\.dmarc\.example\.net/);
    assert.equal(await page.locator('#wz-dmarc-rollout li').count(), 4);
    assert.equal(await page.getAttribute('#wz-dmarc-rollout li:nth-child(2)', 'aria-current'), 'step');
    await page.selectOption('#wz-dmarc-p', 'reject');
    await page.check('#wz-dmarc-lists');
    await page.waitForSelector('[data-code="records.dmarc.mailing_lists"].wz-warning');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('DKIM: the key is generated locally and never sent; delegation CNAMEs', async () => {
    const { page, requests, errors } = await openWizard();
    await page.click('#wz-tab-dkim');
    await page.fill('#wz-dkim-domain', 'example.com');
    await page.fill('#wz-dkim-selector', 's202611');
    await page.selectOption('#wz-dkim-type', 'ed25519');
    const before = requests.length;
    await page.click('#wz-dkim-generate');
    await page.waitForSelector('#wz-dkim-record', { timeout: 30000 });
    const pem = await page.inputValue('#wz-dkim-private');
    assert.match(pem, /^-----BEGIN PRIVATE KEY-----/);
    const record = await text(page, '#wz-dkim-record');
    assert.match(record, /^v=DKIM1; k=ed25519; p=/);
    assert.match(await text(page, '#wz-pane-dkim'), /s202611\._domainkey\.example\.com\. 3600 IN TXT/);
    assert.equal(requests.length, before, 'generating a key makes no request at all');
    const body = pem.split('\n').filter((l) => !l.startsWith('-----')).join('');
    assertNothingLeaves(requests, [body.slice(0, 24), encodeURIComponent(body.slice(0, 24))]);
    // an RSA key is split into 255-byte strings
    await page.selectOption('#wz-dkim-type', 'rsa');
    await page.click('#wz-dkim-generate');
    await page.waitForFunction(() => /k=rsa/.test(document.querySelector('#wz-dkim-record')?.textContent ?? ''), null, { timeout: 60000 });
    assert.match(await text(page, '#wz-pane-dkim'), /2 character-strings/);
    // delegation
    await page.selectOption('#wz-dkim-mode', 'delegate');
    await page.selectOption('#wz-dkim-provider', 'ses');
    await page.fill('#wz-dkim-tokens', 'aaa111 bbb222 ccc333');
    await page.waitForFunction(() => /bbb222\.dkim\.amazonses\.com/.test(document.querySelector('#wz-pane-dkim')?.textContent ?? ''));
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('labels, keyboard, Japanese and dark mode', async () => {
    const { page, errors } = await openWizard();
    // every visible control of the wizard has a label
    const unlabelled = await page.evaluate(() => [...document.querySelectorAll('#panel-wizard input, #panel-wizard select, #panel-wizard textarea')]
      .filter((e) => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
      .map((e) => e.id || e.outerHTML.slice(0, 60)));
    assert.deepEqual(unlabelled, []);
    const unnamedButtons = await page.evaluate(() => [...document.querySelectorAll('#panel-wizard button')]
      .filter((b) => !(b.textContent.trim() || b.getAttribute('aria-label'))).length);
    assert.equal(unnamedButtons, 0);
    // keyboard: arrows move between SPF / DMARC / DKIM
    await page.focus('#wz-tab-spf');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.getAttribute('#wz-tab-dmarc', 'aria-selected'), 'true');
    assert.equal(await page.isVisible('#wz-pane-dmarc'), true);
    assert.equal(await page.getAttribute('#tab-wizard', 'aria-selected'), 'true', 'the page tabs did not move');
    await page.keyboard.press('ArrowLeft');
    // Japanese
    await chooseLanguage(page, 'ja');
    await page.waitForFunction(() => document.querySelector('#wz-tab-spf')?.closest('.wizard')?.querySelector('h2')?.textContent === 'レコード作成ウィザード');
    await page.waitForFunction(() => /送信するサービス/.test(document.querySelector('#wz-pane-spf')?.textContent ?? ''));
    await page.waitForFunction(() => /TTL を下げ/.test(document.querySelector('#wz-spf-result')?.textContent ?? ''));
    await page.screenshot({ path: path.join(shots, 'wizard-ja.png'), fullPage: true });
    // dark mode follows the page palette
    await page.emulateMedia({ colorScheme: 'dark' });
    const bg = await page.evaluate(() => getComputedStyle(document.querySelector('.wz-form')).backgroundColor);
    assert.notEqual(bg, 'rgb(255, 255, 255)');
    await page.screenshot({ path: path.join(shots, 'wizard-dark.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });
});
