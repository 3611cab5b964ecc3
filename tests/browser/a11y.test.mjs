// Accessibility of the whole page in Debian's Chromium through playwright-core:
//  - axe-core (web/node_modules/axe-core, a devDependency) runs on every tab and every Wizard step, before
//    and after each tool has shown a result, in English and Japanese, light and dark: no violation of
//    impact "serious" or "critical" (labels, names, contrast, roles, lang, nesting). The script is
//    evaluated through the DevTools protocol, so the page keeps its strict CSP (no inline script added).
//  - keyboard only: reach the tool tabs with Tab, switch them with the arrow keys / Home / End / Enter,
//    fill and submit the Analyze form, build an SPF record from a Wizard preset and copy it, open the
//    Reports file chooser — never a mouse event.
//   AUTHLENS_WEB_DIST=web/dist node --test tests/browser/a11y.test.mjs
// Env: AUTHLENS_WEB_DIST, AUTHLENS_CHROMIUM, AUTHLENS_SHOT_DIR. Exits 77 (skip) when the page is not built,
// or Chromium, playwright-core or axe-core is missing (npm ci in web/).
// DNS: a loopback DoH server answering NXDOMAIN to everything, so nothing leaves the machine.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chooseLanguage, openFreshPage, pageRig, repo, requireBrowser, shotDir, skip, webRequire } from './harness.mjs';

const { dist, chromium, playwright } = requireBrowser();
const shots = shotDir();
let axeSource;
try {
  axeSource = readFileSync(webRequire.resolve('axe-core/axe.min.js'), 'utf8');
} catch {
  skip('axe-core is not installed (npm ci in web/)');
}

const message = readFileSync(path.join(repo, 'tests', 'data', 'messages', 'relayed-attachment.eml'), 'latin1');
const aggregate = path.join(repo, 'tests', 'data', 'aggregate');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'authlens-a11y-'));
const broken = path.join(tmp, 'broken.xml.gz');
writeFileSync(broken, Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]));
// A report read with problems (a record with an invalid source IP): its defects are listed in the warning colour.
const partial = path.join(tmp, 'partial.xml');
writeFileSync(partial, readFileSync(path.join(aggregate, 'minimal.xml'), 'utf8')
  .replace('<report_id>r-1<', '<report_id>r-partial<').replace('<source_ip>192.0.2.1<', '<source_ip>192.0.2.999<'));

// DNS: the harness's loopback DoH stub, NXDOMAIN to everything.
const rig = pageRig({ dist, chromium, playwright, viewport: { width: 1200, height: 900 }, locale: 'en-US',
  permissions: ['clipboard-read', 'clipboard-write'] });
let webUrl, dohUrl, browser;
before(async () => ({ webUrl, dohUrl, browser } = await rig.start()));
after(() => rig.close({ remove: [tmp], shots }));

async function openPage() {
  const { page, errors } = await openFreshPage(browser, webUrl);
  return { page, errors };
}

/** Runs axe-core on the document as it is now; returns the violations of impact serious or critical. */
async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    // Evaluated through the DevTools protocol (not a <script> element): the page's CSP stays as it is.
    await page.evaluate(axeSource);
  }
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations;
}

function describeViolations(list) {
  return list.map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`).join('\n')}`).join('\n');
}

/** Shows a tool tab (and a Wizard step), then asserts no serious or critical axe violation. */
async function checkView(page, where, tab, step) {
  await page.evaluate((t) => document.getElementById(`tab-${t}`).click(), tab);
  // A tool tab's code loads when the tab first opens (web/src/main.ts mountTab).
  if (tab !== 'analyze') await page.waitForSelector(`#panel-${tab}[data-mounted]`, { state: 'attached', timeout: 30000 });
  if (step) await page.evaluate((s) => document.getElementById(`wz-tab-${s}`).click(), step);
  assert.equal(await page.isVisible(`#panel-${tab}`), true);
  const all = await axe(page);
  const bad = all.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => v.id), [], `${where} ${tab}${step ? `/${step}` : ''}:\n${describeViolations(bad)}`);
  return all;
}

const VIEWS = [['analyze'], ['wizard', 'spf'], ['wizard', 'dmarc'], ['wizard', 'dkim'], ['domain'], ['reports']];

/** Which element has the keyboard focus (id, role, tag). */
const focused = (page) => page.evaluate(() => {
  const e = document.activeElement;
  return { id: e?.id ?? '', role: e?.getAttribute('role') ?? '', tag: e?.tagName.toLowerCase() ?? '' };
});

/** Presses Tab (or Shift+Tab) until the focused element matches `target` (an id, or a CSS selector
 *  otherwise); at most `max` presses. */
async function tabTo(page, target, { back = false, max = 80 } = {}) {
  const sel = /^[\w-]+$/.test(target) ? `#${target}` : target;
  const here = () => page.evaluate((s) => !!document.activeElement?.matches(s), sel);
  for (let i = 0; i < max && !(await here()); i++) await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  assert.ok(await here(), `${back ? 'Shift+Tab' : 'Tab'} never reached ${sel} (at ${JSON.stringify(await focused(page))})`);
}

/** The focused element shows a visible focus indicator (outline or box-shadow). */
async function assertFocusVisible(page, what) {
  const style = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    return { outline: s.outlineStyle, width: s.outlineWidth, shadow: s.boxShadow };
  });
  assert.ok((style.outline !== 'none' && style.width !== '0px') || style.shadow !== 'none', `${what}: no visible focus (${JSON.stringify(style)})`);
}

describe('accessibility', () => {
  test('axe-core: every tab before any result, en and ja: no serious or critical violation', async () => {
    const { page, errors } = await openPage();
    const seen = new Map();
    for (const lang of ['en', 'ja']) {
      await chooseLanguage(page, lang);
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      for (const [tab, step] of VIEWS) {
        for (const v of await checkView(page, `empty ${lang}`, tab, step)) seen.set(v.id, v.impact);
      }
    }
    // The lesser findings fixed once stay fixed: one h1, all content inside landmarks, no empty header cell.
    for (const id of ['page-has-heading-one', 'region', 'landmark-one-main', 'empty-table-header']) assert.ok(!seen.has(id), `axe: ${id}`);
    if (seen.size) console.log(`# axe, minor/moderate: ${[...seen].map(([k, v]) => `${k} (${v})`).join(', ')}`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('axe-core: every tab with its results shown, en and ja, light and dark: no serious or critical violation', async () => {
    const { page, errors } = await openPage();
    await page.selectOption('#dns-mode', 'custom');
    await page.fill('#dns-custom', dohUrl);
    // Analyze: a result with every card.
    await page.fill('#message', message);
    await page.click('#run');
    await page.waitForSelector('#summary', { timeout: 30000 });
    // Wizard: SPF with presets and the live budget, DMARC with external reporting, a DKIM key.
    await page.click('#tab-wizard');
    await page.waitForSelector('#wz-spf-record', { timeout: 30000 });
    await page.fill('#wz-spf-domain', 'example.com');
    await page.check('#wz-spf-p-google');
    await page.fill('#wz-spf-ip4', '203.0.113.0/24');
    await page.waitForFunction(() => /include:_spf\.google\.com/.test(document.querySelector('#wz-spf-record')?.textContent ?? ''));
    await page.click('#wz-spf-check');
    await page.waitForSelector('#wz-spf-budget-count', { timeout: 30000 });
    await page.click('#wz-tab-dmarc');
    await page.fill('#wz-dmarc-domain', 'example.com');
    await page.fill('#wz-dmarc-rua', 'dmarc@example.com, reports@dmarc.example.net');
    await page.waitForFunction(() => /rua=/.test(document.querySelector('#wz-dmarc-record')?.textContent ?? ''));
    await page.click('#wz-tab-dkim');
    await page.fill('#wz-dkim-domain', 'example.com');
    await page.selectOption('#wz-dkim-type', 'ed25519');
    await page.click('#wz-dkim-generate');
    await page.waitForSelector('#wz-dkim-record', { timeout: 30000 });
    // Domain: a graded check (everything NXDOMAIN).
    await page.click('#tab-domain');
    await page.fill('#dm-domain', 'nothing.example');
    await page.click('#dm-run');
    await page.waitForSelector('table.dm-grades tbody tr', { timeout: 60000 });
    // Reports: two reports, one read with problems, and a broken file.
    await page.click('#tab-reports');
    await page.setInputFiles('#rp-files', [
      path.join(aggregate, 'minimal.xml'), path.join(aggregate, 'minimal.zip'),
      broken, partial,
    ]);
    await page.waitForSelector('.rp-table', { timeout: 30000 });
    assert.equal(await page.locator('.reports-tab li.rp-partial').count(), 1, 'partial.xml is read with problems');

    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const lang of ['en', 'ja']) {
        await chooseLanguage(page, lang);
        for (const [tab, step] of VIEWS) await checkView(page, `${scheme} ${lang}`, tab, step);
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('axe-core: the sender inventory of a folder, a stream opened, en and ja: no serious or critical violation', async () => {
    const { page, errors } = await openPage();
    const folder = path.join(tmp, 'mail');
    mkdirSync(folder, { recursive: true });
    for (const f of ['analyze-aligned.eml', 'analyze-esp.eml', 'headers-only.eml']) copyFileSync(path.join(repo, 'tests', 'data', 'messages', f), path.join(folder, f));
    await page.selectOption('#dns-mode', 'offline');
    await page.setInputFiles('#folder', folder);
    await page.waitForFunction(() => /messages analysed in this browser/.test(document.querySelector('#status')?.textContent ?? ''), null, { timeout: 60000 });
    await page.locator('tr.stream-row button[aria-expanded]').first().click();
    for (const lang of ['en', 'ja']) {
      await chooseLanguage(page, lang);
      await checkView(page, `inventory ${lang}`, 'analyze');
    }
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('keyboard only: tabs, the Analyze form, a Wizard preset copied, the Reports file chooser', async () => {
    const { page, errors } = await openPage();
    await page.waitForFunction(() => /ready|準備/i.test(document.querySelector('#status')?.textContent ?? ''), null, { timeout: 30000 });
    // The first Tab lands on the skip link.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.className), 'skip');
    await assertFocusVisible(page, 'skip link');
    // DNS: offline, chosen from the keyboard (End picks the last option of a closed select).
    await tabTo(page, 'dns-mode');
    await page.keyboard.press('End');
    assert.equal(await page.inputValue('#dns-mode'), 'offline');
    assert.equal(await page.isVisible('#dns-custom'), false, 'the custom DoH URL field is hidden unless chosen');

    // The tool tabs: one Tab stop, arrows move and select, Home/End, Enter keeps the selection.
    await tabTo(page, 'tab-analyze');
    await assertFocusVisible(page, 'tab');
    const selected = () => page.evaluate(() => document.querySelector('[role=tablist] [aria-selected=true]').id);
    await page.keyboard.press('ArrowRight');
    assert.equal((await focused(page)).id, 'tab-wizard');
    assert.equal(await selected(), 'tab-wizard');
    assert.equal(await page.isVisible('#panel-wizard'), true);
    assert.equal(await page.isVisible('#panel-analyze'), false);
    await page.keyboard.press('ArrowRight');
    assert.equal(await selected(), 'tab-domain');
    await page.keyboard.press('End');
    assert.equal(await selected(), 'tab-reports');
    await page.keyboard.press('ArrowRight');
    assert.equal(await selected(), 'tab-analyze', 'the arrows wrap around');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await selected(), 'tab-reports');
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    assert.equal(await selected(), 'tab-analyze');
    // Only the selected tab is a Tab stop: Tab leaves the tab list for the panel.
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).id, 'panel-analyze');

    // Analyze: type the message, Tab to the button, Enter.
    await tabTo(page, 'message');
    await page.keyboard.insertText(message);
    await tabTo(page, 'run');
    await assertFocusVisible(page, 'Analyze button');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#summary', { timeout: 30000 });
    assert.match(await page.textContent('#status'), /offline/i);
    assert.equal(await page.locator('.timeline .hop').count(), 2);
    // The envelope section opens from the keyboard.
    await tabTo(page, 'details.envelope > summary');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.querySelector('details.envelope').open), true);
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).id, 'env-ip');

    // Wizard: back to the tab list, over to the Wizard, a preset, the record, copied.
    await tabTo(page, 'tab-analyze', { back: true });
    await page.keyboard.press('ArrowRight');
    assert.equal(await selected(), 'tab-wizard');
    await page.waitForSelector('#wz-tab-spf');
    await tabTo(page, 'wz-tab-spf');
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).id, 'wz-spf-domain', 'Tab goes from the step tabs into the SPF form');
    await page.keyboard.type('example.com');
    await tabTo(page, 'wz-spf-p-google');
    await page.keyboard.press('Space');
    assert.equal(await page.isChecked('#wz-spf-p-google'), true);
    await tabTo(page, 'wz-spf-all-fail');
    await page.keyboard.press('ArrowDown'); // radio group: the arrow moves the choice to ~all
    assert.equal(await page.isChecked('#wz-spf-all-softfail'), true);
    const want = 'v=spf1 include:_spf.google.com ~all';
    await page.waitForFunction((w) => document.querySelector('#wz-spf-record')?.textContent === w, want);
    await tabTo(page, 'wz-spf-0-copy-one');
    await assertFocusVisible(page, 'copy button');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /Copied/.test(document.querySelector('#wz-live')?.textContent ?? ''));
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), want);
    // The step tabs move with the arrows too, without moving the page's tabs.
    await tabTo(page, 'wz-tab-spf', { back: true });
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.getAttribute('#wz-tab-dmarc', 'aria-selected'), 'true');
    assert.equal(await selected(), 'tab-wizard');

    // Reports: the file input is a Tab stop with a visible label; Space opens the file chooser.
    await tabTo(page, 'tab-wizard', { back: true });
    await page.keyboard.press('End');
    assert.equal(await selected(), 'tab-reports');
    await tabTo(page, 'rp-files');
    // The input is visually hidden; the label that looks like a button shows the focus ring (:focus-within).
    const ring = await page.evaluate(() => getComputedStyle(document.querySelector('label[for=rp-files]')).outlineStyle);
    assert.notEqual(ring, 'none', 'the label of the focused file input shows the focus');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
    assert.equal(chooser.isMultiple(), true);
    await chooser.setFiles([path.join(aggregate, 'minimal.xml'), path.join(aggregate, 'minimal.xml.gz')]);
    await page.waitForSelector('.rp-table', { timeout: 30000 });
    assert.match(await page.textContent('#rp-status'), /2 file\(s\): 2 read/);
    await tabTo(page, 'rp-csv');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    assert.match(readFileSync(await csv.path(), 'utf8'), /^org_name,report_id,/);
    await page.screenshot({ path: path.join(shots, 'a11y-keyboard.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });
});
