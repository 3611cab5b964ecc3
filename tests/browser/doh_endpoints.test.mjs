// Self-hosted DoH endpoints (issue 17): a page built with AUTHLENS_DOH_ENDPOINTS has the endpoint's
// origin in its Content-Security-Policy (and nothing else added) and in its DNS menu, and an analysis
// through it reaches that resolver; the standard build refuses the same URL in the custom field.
// The endpoint is http://localhost:PORT — an origin the standard policy does not allow (it allows the
// loopback only as 127.0.0.1), so the request going through is the build setting's doing.
// Env: AUTHLENS_WEB_DIST (the standard build), AUTHLENS_CHROMIUM, AUTHLENS_SHOT_DIR.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium, openFreshPage, repo, requireBrowser, serveDist, skip, startDohStub } from './harness.mjs';

const { dist, chromium, playwright } = requireBrowser();
const vite = path.join(repo, 'web', 'node_modules', 'vite', 'bin', 'vite.js');
if (!existsSync(vite)) skip('vite is not installed (npm ci in web/)');
if (!existsSync(path.join(repo, 'web', 'public', 'wasm', 'authlens.wasm'))) skip('no wasm module in web/public/wasm (npm run build in web/)');

const message = readFileSync(path.join(repo, 'tests', 'data', 'messages', 'analyze-aligned.eml'), 'latin1');
const asked = [];
const tmp = mkdtempSync(path.join(os.tmpdir(), 'authlens-endpoints-'));
let stub, endpoint, customDist, webCustom, webStandard, chrome;

before(async () => {
  stub = await startDohStub({ onRequest: (req) => asked.push(req.url) });
  endpoint = stub.url.replace('127.0.0.1', 'localhost');
  customDist = path.join(tmp, 'dist');
  const r = spawnSync(process.execPath, [vite, 'build', '--outDir', customDist, '--logLevel', 'warn'],
    { cwd: path.join(repo, 'web'), env: { ...process.env, AUTHLENS_DOH_ENDPOINTS: endpoint }, encoding: 'utf8' });
  assert.equal(r.status, 0, `vite build with AUTHLENS_DOH_ENDPOINTS: ${r.stderr}`);
  webCustom = await serveDist(customDist);
  webStandard = await serveDist(dist);
  chrome = await launchChromium({ playwright, chromium, viewport: { width: 1200, height: 900 }, locale: 'en-US' });
});
after(async () => {
  await chrome?.close();
  webCustom?.close();
  webStandard?.close();
  await stub?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const policyOf = (html) => /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];

test('the build setting adds the endpoint to connect-src and the DNS menu, and questions reach it', async () => {
  const standard = policyOf(readFileSync(path.join(dist, 'index.html'), 'utf8'));
  const custom = policyOf(readFileSync(path.join(customDist, 'index.html'), 'utf8'));
  const origin = new URL(endpoint).origin;
  assert.ok(!standard.includes(origin), 'the standard policy does not allow the endpoint');
  // The one difference: the endpoint's origin at the end of connect-src.
  assert.equal(custom, standard.replace(/(connect-src [^;]*)/, `$1 ${origin}`));

  const { page, errors } = await openFreshPage(chrome.context, webCustom.url);
  // The menu's site entries are added by the page's script, after its catalogs load.
  await page.waitForSelector('#dns-mode option[value="site-0"]', { state: 'attached' });
  const options = await page.locator('#dns-mode option').evaluateAll((os) => os.map((o) => [o.value, o.textContent]));
  assert.deepEqual(options.find(([v]) => v === 'site-0'), ['site-0', `${new URL(endpoint).host} (DoH)`]);
  await page.selectOption('#dns-mode', 'site-0');
  await page.fill('#message', message);
  await page.click('#run');
  await page.waitForSelector('#summary', { timeout: 30000 });
  assert.ok(asked.length > 0, 'the DNS questions reached the built-in endpoint');
  assert.ok(asked.every((u) => u.startsWith('/dns-query?dns=')), asked.join(' '));
  assert.deepEqual(errors, []);
  await page.close();
});

test('the standard build refuses that URL as a custom resolver and says how to add it', async () => {
  const { page } = await openFreshPage(chrome.context, webStandard.url);
  await page.selectOption('#dns-mode', 'custom');
  await page.fill('#dns-custom', endpoint);
  assert.match(await page.textContent('#dns-custom-error'), /AUTHLENS_DOH_ENDPOINTS/);
  assert.equal(await page.locator('#dns-mode option[value^="site-"]').count(), 0);
  await page.close();
});
