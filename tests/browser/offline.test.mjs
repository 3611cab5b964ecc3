// The page offline once loaded (issue 17), in Debian's Chromium through playwright-core: the first
// visit lets the service worker (web/public/sw.js) keep every file of web/dist/precache.json; then the
// page's server is stopped and the browser set offline, the page reloads from that copy, and a pasted
// message is analysed (offline DNS, the wasm core from the copy) — nothing reaches the network after
// the cut.
// Env: AUTHLENS_WEB_DIST, AUTHLENS_CHROMIUM, AUTHLENS_SHOT_DIR.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { launchChromium, repo, requireBrowser, serveDist, shotDir } from './harness.mjs';

const { dist, chromium, playwright } = requireBrowser();
const shots = shotDir();
const precache = JSON.parse(readFileSync(path.join(dist, 'precache.json'), 'utf8')).files;
const message = readFileSync(path.join(repo, 'tests', 'data', 'messages', 'analyze-aligned.eml'), 'latin1');

let web, chrome;
before(async () => {
  web = await serveDist(dist);
  chrome = await launchChromium({ playwright, chromium, viewport: { width: 1200, height: 900 }, locale: 'en-US' });
});
after(async () => {
  await chrome?.close();
  web?.close();
});

test('after one visit: a file the server lost still loads; the page reloads and analyses with the server gone and the network off', async () => {
  assert.ok(precache.length >= 5 && precache.includes('./index.html') && precache.some((f) => f.endsWith('.wasm')), `precache.json: ${precache}`);
  const page = await chrome.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(web.url);
  // The worker is installed once every listed file is in its cache.
  await page.evaluate(() => navigator.serviceWorker.ready);
  const cached = await page.evaluate(async () => (await (await caches.open('authlens-page')).keys()).map((r) => new URL(r.url).pathname));
  for (const f of precache) assert.ok(cached.includes(new URL(f, 'http://x/').pathname), `${f} kept (${cached.join(', ')})`);

  // A server answering with an error for a file the worker keeps (here the Domain tab's module: a new
  // deployment removed it, or the server is overloaded): the kept copy is served and the tab opens.
  const broken = /\/assets\/domain-[^/]*\.js$/;
  let refused = 0;
  await chrome.context.route(broken, (route) => {
    refused += 1;
    return route.fulfill({ status: 404, body: 'gone' });
  });
  await page.click('#tab-domain');
  await page.waitForSelector('#panel-domain[data-mounted="true"]', { timeout: 30000 });
  assert.ok(refused >= 1, 'the server was asked and said 404');
  await chrome.context.unroute(broken);

  // Cut: the server stops and the browser goes offline.
  web.close();
  web = null;
  await new Promise((r) => setTimeout(r, 300));
  await chrome.context.setOffline(true);
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.reload();
  await page.waitForSelector('#message');
  await page.selectOption('#dns-mode', 'offline');
  await page.fill('#message', message);
  await page.click('#run');
  await page.waitForSelector('#summary', { timeout: 30000 });
  assert.match(await page.textContent('#status'), /offline.*authlens worked \d+\.\d ms\.$/i);
  assert.ok((await page.textContent('#summary')).length > 10);
  await page.screenshot({ path: path.join(shots, 'offline.png'), fullPage: true });
  // Every request after the cut was for the page's own files (answered by the service worker).
  const origin = new URL(await page.evaluate(() => location.href)).origin;
  for (const u of requests) assert.ok(u.startsWith(origin) || u.startsWith('blob:') || u.startsWith('data:'), `request after the cut: ${u}`);
  assert.deepEqual(errors, []);
  await page.close();
});
