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
import path from 'node:path';
import { chooseLanguage, assertOnlyStaticAndDns, loadDnsEnv, openFreshPage, pageRig, requireBrowser, shotDir, skip } from './harness.mjs';

const { dist, chromium, playwright } = requireBrowser();
const shots = shotDir();

// The fixture's dnsdist DoH front, when the e2e servers run.
const fixtureDoh = loadDnsEnv()?.AUTHLENS_DOH_URL ?? null;

// ---- fallback: the harness's DoH stub, NXDOMAIN to everything; every request it gets is logged --
const dohLog = [];
const rig = pageRig({ dist, chromium, playwright, viewport: { width: 1200, height: 900 }, locale: 'en-US',
  doh: { onRequest: (req) => dohLog.push(req.url) } });
let webUrl, localDoh, browser;
before(async () => ({ webUrl, dohUrl: localDoh, browser } = await rig.start()));
after(() => rig.close());

const failed = new Set();

async function openDomainTab(dohUrl) {
  const { page, requests, errors } = await openFreshPage(browser, webUrl, {
    request: (r) => ({ method: r.method(), url: r.url(), body: r.postData() }),
    // The MTA-STS policy fetch the tab tries must be stopped by the CSP before it leaves the browser.
    setup: (p) => p.on('requestfailed', (r) => { failed.add(r.url()); }),
    consoleErrors: false,
  });
  await page.selectOption('#dns-mode', 'custom');
  await page.fill('#dns-custom', dohUrl);
  await page.click('#tab-domain');
  try {
    await page.waitForSelector('#dm-domain', { timeout: 30000 }); // the tab loads the full wasm module: slow on a loaded machine
  } catch (e) {
    // A tab that fails to mount is a failure, never a skip.
    throw new Error(`the Domain tab did not mount (#dm-domain never appeared; page errors: ${errors.join(' | ')})`, { cause: e });
  }
  return { page, requests, errors };
}

/** Only static files and DNS questions; the page's MTA-STS fetch may be tried, and must be blocked. */
function assertOnlyDnsQuestions(requests, dohUrl) {
  assertOnlyStaticAndDns(requests, { webUrl, dohUrl, allowDoh: true, also: (r) => {
    if (!/^https:\/\/mta-sts\.[a-z0-9.-]+\/\.well-known\/mta-sts\.txt$/.test(r.url)) return false;
    assert.ok(failed.has(r.url), `the MTA-STS fetch was blocked: ${r.url}`);
    return true;
  } });
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
    // Mailbox providers from DNS alone: no DMARC record is enough for Outlook.com to reject bulk mail;
    // with SPF and DMARC published (domain-bad.test) only a message can tell.
    assert.equal(await page.locator('table.dm-providers tbody tr').count(), 8, 'one row per provider');
    const outlook = await page.getAttribute('tr[data-provider="outlook"]', 'data-effect');
    if (fixtureDoh) {
      assert.equal(outlook, 'unknown');
    } else {
      assert.equal(outlook, 'rejected');
      assert.match(await page.textContent('tr[data-provider="outlook"]'), /550 5\.7\.515/);
    }
    assert.match(await page.textContent('#dm-status'), /Checked/);
    assertOnlyDnsQuestions(requests, dohUrl);
    await page.screenshot({ path: path.join(shots, 'domain-en.png'), fullPage: true });
    // Japanese
    await chooseLanguage(page, 'ja');
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
