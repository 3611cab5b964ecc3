// The harness every browser test (tests/browser/*.test.mjs) and bench-dns-rounds.mjs share: the skip
// checks, a loopback DoH stub (NXDOMAIN to everything unless a test gives its own answers), the built
// page served by scripts/serve-web.mjs, Debian's Chromium in a throw-away profile through
// playwright-core, and the dns_servers fixture's env file. Not a test itself (it does not match
// *.test.mjs, so tests/browser/CMakeLists.txt does not register it).
// Env: AUTHLENS_WEB_DIST (default <repo>/web/dist), AUTHLENS_CHROMIUM (default /usr/bin/chromium),
//      AUTHLENS_SHOT_DIR (screenshots; default a temp folder), AUTHLENS_DNS_ENV (the fixture's env file).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createSecureServer } from 'node:http2';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertSchema } from '../lib/schema.mjs';

export { assertSchema } from '../lib/schema.mjs';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Resolves packages installed in web/ (npm ci in web/): playwright-core, axe-core. */
export const webRequire = createRequire(path.join(repo, 'web', 'package.json'));
/** The exit status ctest reads as "skipped" (SKIP_RETURN_CODE in CMakeLists.txt). */
export const SKIP = 77;

let skipPrefix = '#';
/** Says why on stdout and exits 77 (skipped). */
export function skip(why) {
  console.log(`${skipPrefix} SKIP: ${why}`);
  process.exit(SKIP);
}

/**
 * The checks every browser run starts with; skips (exit 77) when the built page (unless
 * `needDist` is false), Chromium or playwright-core is missing. `skipLabel` replaces the '#' before
 * "SKIP:" in every later skip() message. Returns { dist, chromium, playwright }.
 */
export function requireBrowser({ needDist = true, skipLabel } = {}) {
  if (skipLabel) skipPrefix = skipLabel;
  const dist = process.env.AUTHLENS_WEB_DIST || path.join(repo, 'web', 'dist');
  const chromium = process.env.AUTHLENS_CHROMIUM || '/usr/bin/chromium';
  if (needDist && (!existsSync(path.join(dist, 'index.html')) || !existsSync(path.join(dist, 'wasm', 'authlens.wasm')))) {
    skip(`no built page in ${dist} (npm run build in web/)`);
  }
  if (!existsSync(chromium)) skip(`no Chromium at ${chromium}`);
  let playwright;
  try {
    playwright = webRequire('playwright-core');
  } catch {
    skip('playwright-core is not installed (npm ci in web/)');
  }
  return { dist, chromium, playwright };
}

/** The screenshot folder (AUTHLENS_SHOT_DIR, or a fresh temp folder), created. */
export function shotDir() {
  const shots = process.env.AUTHLENS_SHOT_DIR || mkdtempSync(path.join(os.tmpdir(), 'authlens-shots-'));
  mkdirSync(shots, { recursive: true });
  return shots;
}

/**
 * The dns_servers fixture's env file (AUTHLENS_DNS_ENV: KEY=value lines, e.g. AUTHLENS_DOH_URL) as an
 * object with trimmed values, or null when the variable is unset or the file is missing.
 */
export function loadDnsEnv() {
  const file = process.env.AUTHLENS_DNS_ENV;
  if (!file || !existsSync(file)) return null;
  return Object.fromEntries(readFileSync(file, 'utf8').split('\n').filter((l) => l.includes('='))
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).trim()]));
}

// ---- a loopback DoH server ---------------------------------------------------------------------
/** The NXDOMAIN reply to a DNS query: its header and question only. */
export function nxdomain(query) {
  return replyHead(query, questionOf(query).end, 3, 0);
}

/**
 * The one question of a DNS query: its name (lower-cased unless `keepCase`), type, the offset just past
 * QTYPE/QCLASS (`end`), and whether every label was 1..63 bytes inside the message.
 */
function questionOf(query, { keepCase = false } = {}) {
  const labels = [];
  let p = 12;
  let labelsWellFormed = true;
  while (p < query.length && query[p] !== 0) {
    const n = query[p];
    if (n >= 64 || p + 1 + n >= query.length) labelsWellFormed = false;
    labels.push(query.subarray(p + 1, p + 1 + n).toString('latin1'));
    p += n + 1;
  }
  const name = labels.join('.');
  return { name: keepCase ? name : name.toLowerCase(), type: query.readUInt16BE(p + 1), end: p + 5, labelsWellFormed };
}

/**
 * A reply's header and question: the query's ID, question and RD, with QR and RA set, `rcode` and `answers`
 * (no authority or additional records: the query's OPT record is dropped, the reply stays minimal).
 */
function replyHead(query, end, rcode, answers) {
  const head = Buffer.from(query.subarray(0, end));
  head[2] = 0x80 | (query[2] & 0x01); // QR, RD copied
  head[3] = 0x80 | rcode; // RA
  head.writeUInt16BE(answers, 6);
  head.writeUInt16BE(0, 8);
  head.writeUInt16BE(0, 10);
  return head;
}

/**
 * A DoH stub's `answer` serving a small zone: { name: { type number: value } } with TXT (16) one string,
 * PTR (12) a name, A (1) a dotted quad; one record per name and type. A name absent is NXDOMAIN, a type
 * absent NODATA. Each question is pushed to `log` as "name/type".
 */
export function zoneAnswer(zone, log = []) {
  return (query) => {
    const { name, type, end } = questionOf(query);
    log.push(`${name}/${type}`);
    const node = zone[name];
    const value = node?.[type];
    const head = replyHead(query, end, node ? 0 : 3, value === undefined ? 0 : 1);
    if (value === undefined) return head;
    const label = (l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, 'latin1')]);
    const rdata = type === 16 ? label(value)
      : type === 12 ? Buffer.concat([...value.split('.').map(label), Buffer.from([0])])
        : Buffer.from(value.split('.').map(Number));
    const rr = Buffer.alloc(12);
    rr.writeUInt16BE(0xc00c, 0);
    rr.writeUInt16BE(type, 2);
    rr.writeUInt16BE(1, 4);
    rr.writeUInt32BE(300, 6);
    rr.writeUInt16BE(rdata.length, 10);
    return Buffer.concat([head, rr, rdata]);
  };
}

const TYPE_NUMBERS = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28, SPF: 99 };

/** A name in DNS wire format (no compression). */
function wireName(name) {
  const labels = String(name).replace(/\.$/, '').split('.').filter(Boolean);
  return Buffer.concat([...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, 'latin1')])), Buffer.from([0])]);
}

/** One record's RDATA from its snapshot form (docs/dns-snapshot.md), or null for a type this stub does not write. */
function rdataOf(type, value) {
  if (type === 1) return Buffer.from(value.split('.').map(Number));
  if (type === 28) {
    const [head, tail = ''] = value.split('::');
    const h = head ? head.split(':') : [];
    const t = tail ? tail.split(':') : [];
    const groups = value.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
    const out = Buffer.alloc(16);
    groups.forEach((g, i) => out.writeUInt16BE(parseInt(g || '0', 16), i * 2));
    return out;
  }
  if (type === 2 || type === 5 || type === 12) return wireName(value);
  if (type === 15) {
    const [pref, host] = value.split(/\s+/);
    const p = Buffer.alloc(2);
    p.writeUInt16BE(Number(pref));
    return Buffer.concat([p, wireName(host === '.' ? '' : host)]);
  }
  if (type === 16 || type === 99) {
    const strings = Array.isArray(value) ? value : [value];
    return Buffer.concat(strings.map((s) => {
      const b = Buffer.from(s, 'utf8');
      return Buffer.concat([Buffer.from([b.length]), b]);
    }));
  }
  return null;
}

/**
 * A DoH stub's `answer` replaying DNS snapshots (authlens/dns-snapshot/v1, e.g. what `authlens … --zone …
 * --record FILE` wrote from the test zones): status, TTL, the CNAME chain and the records of each answer.
 * A question no snapshot holds is NXDOMAIN. Each question is pushed to `log` as "name/type".
 */
export function snapshotAnswer(snapshots, log = []) {
  const byKey = new Map();
  for (const s of snapshots) for (const a of s.answers) byKey.set(`${a.name.toLowerCase()}/${TYPE_NUMBERS[a.type.toUpperCase()]}`, a);
  const rcode = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3 };
  return (query) => {
    const { name, type, end } = questionOf(query);
    log.push(`${name}/${type}`);
    const a = byKey.get(`${name}/${type}`);
    const rrs = [];
    const rr = (owner, t, rdata) => {
      const fixed = Buffer.alloc(10);
      fixed.writeUInt16BE(t, 0);
      fixed.writeUInt16BE(1, 2);
      fixed.writeUInt32BE(a.ttl ?? 0, 4);
      fixed.writeUInt16BE(rdata.length, 8);
      rrs.push(Buffer.concat([wireName(owner), fixed, rdata]));
    };
    if (a && a.status === 'NOERROR') {
      let owner = name;
      for (const target of a.cname ?? []) {
        rr(owner, 5, wireName(target));
        owner = target;
      }
      for (const r of a.records ?? []) {
        const rdata = rdataOf(type, r);
        if (rdata) rr(owner, type, rdata);
      }
    }
    // NXDOMAIN when the snapshots do not know the name.
    return Buffer.concat([replyHead(query, end, a ? rcode[a.status] ?? 2 : 3, rrs.length), ...rrs]);
  };
}

/** An RFC 8484 dns= parameter (base64url) as bytes. */
export function decodeDnsParam(b64) {
  return Buffer.from(b64.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

/**
 * Starts an RFC 8484 GET server on 127.0.0.1 (any free port): `answer(query bytes)` gives each reply
 * (default: NXDOMAIN to everything); `onRequest(req)` sees every request first. Anything but a GET
 * of /dns-query with a dns= parameter gets 400. `delayMs()` (optional) holds each reply back that many
 * milliseconds (a resolver far away, for benchmarks). With `tls` ({ key, cert } in PEM) it speaks HTTP/2
 * over TLS, as the public resolvers do (one connection carries a round's questions; HTTP/1.1 allows the
 * browser six connections per host), and the url is https. Returns { url, port, close() }.
 */
export async function startDohStub({ answer = nxdomain, onRequest, delayMs = () => 0, tls } = {}) {
  const handle = (req, res) => {
    const u = new URL(req.url, 'http://x');
    onRequest?.(req);
    const q = u.searchParams.get('dns');
    if (req.method !== 'GET' || u.pathname !== '/dns-query' || !q) {
      res.writeHead(400, { 'access-control-allow-origin': '*' }).end();
      return;
    }
    const body = answer(decodeDnsParam(q));
    const send = () => res.writeHead(200, { 'content-type': 'application/dns-message', 'access-control-allow-origin': '*' }).end(body);
    const delay = delayMs();
    if (delay > 0) setTimeout(send, delay);
    else send();
  };
  const server = tls ? createSecureServer({ ...tls, allowHTTP1: true }, handle) : createServer(handle);
  // An HTTP/2 client keeps its session open: close() ends the sessions so that the server can stop.
  const sessions = new Set();
  server.on('session', (s) => { sessions.add(s); s.on('close', () => sessions.delete(s)); });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const port = server.address().port;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}/dns-query`,
    port,
    close: () => new Promise((r) => {
      for (const s of sessions) s.destroy();
      server.close(r);
    }),
  };
}

/** Decodes an RFC 8484 dns= parameter and checks it is one well-formed DNS question. */
export function parseQuestion(b64) {
  const bytes = Buffer.from(b64.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  assert.ok(bytes.length >= 17 && bytes.length <= 512, `query size ${bytes.length}`);
  assert.equal(bytes[2] & 0x80, 0, 'QR must be 0 (a query)');
  assert.equal(bytes.readUInt16BE(4), 1, 'exactly one question');
  assert.equal(bytes.readUInt16BE(6), 0, 'no answers in a query');
  assert.equal(bytes.readUInt16BE(8), 0, 'no authority records in a query');
  const { name, type, end, labelsWellFormed } = questionOf(bytes, { keepCase: true });
  assert.ok(labelsWellFormed, 'label');
  // What may follow the question: nothing, or one EDNS0 OPT record without options (11 bytes).
  const rest = bytes.length - end;
  assert.ok(rest === 0 || (rest === 11 && bytes.readUInt16BE(end + 1) === 41 && bytes.readUInt16BE(end + 9) === 0), 'only an empty OPT may follow');
  return { name, type };
}
/**
 * Every request must be a same-origin static file (no query) or, when `allowDoh`, a GET to `dohUrl`
 * carrying just one DNS question, and no request may carry any of `secrets` (words of the messages).
 * `also(request)` may accept a request of its own (after its own checks) by returning true.
 * `requests`: records {method, url, body} of every request the page made.
 */
export function assertOnlyStaticAndDns(requests, { webUrl, dohUrl, allowDoh, secrets = [], also = () => false }) {
  const origin = new URL(webUrl).origin;
  for (const r of requests) {
    const u = new URL(r.url);
    assert.equal(r.body ?? null, null, `request with a body: ${r.url}`);
    if (u.protocol === 'data:' || u.protocol === 'blob:') continue;
    assert.equal(r.method, 'GET', `${r.method} ${r.url}`);
    if (u.origin === origin) {
      assert.equal(u.search, '', `same-origin request with a query: ${r.url}`);
      continue;
    }
    if (also(r)) continue;
    assert.ok(allowDoh, `network request while offline: ${r.url}`);
    assert.equal(`${u.origin}${u.pathname}`, dohUrl, `request to somewhere other than the DoH resolver: ${r.url}`);
    assert.deepEqual([...u.searchParams.keys()], ['dns'], `DoH request with more than dns=: ${r.url}`);
    parseQuestion(u.searchParams.get('dns'));
    for (const secret of secrets) assert.ok(!r.url.includes(secret), `message content in ${r.url}`);
  }
}

// ---- the built page ----------------------------------------------------------------------------
/** Serves `dist` with scripts/serve-web.mjs on a free loopback port. Returns { url, close() }. */
export async function serveDist(dist) {
  const web = spawn(process.execPath, [path.join(repo, 'scripts', 'serve-web.mjs'), dist, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let buf = '';
    web.stdout.on('data', (d) => {
      buf += d;
      const m = buf.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) resolve(m[0]);
    });
    web.on('exit', (c) => reject(new Error(`serve-web exited ${c}`)));
  });
  return { url, close: () => { web.kill('SIGTERM'); } };
}

// ---- Chromium ----------------------------------------------------------------------------------
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Launches headless Chromium in a fresh temp profile (`profilePrefix`) through playwright-core; every
 * other option (viewport, locale, acceptDownloads, …) goes to launchPersistentContext. Returns
 * { context, close() } — close() also removes the profile.
 */
export async function launchChromium({ playwright, chromium, profilePrefix = 'authlens-chromium-', ...options }) {
  const profile = mkdtempSync(path.join(os.tmpdir(), profilePrefix));
  let context;
  try {
    context = await playwright.chromium.launchPersistentContext(profile, { executablePath: chromium, headless: true, args: CHROMIUM_ARGS, ...options });
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The usual test set-up: a DoH stub (`doh`: startDohStub options, or false for none), the built page
 * `dist` served, Chromium launched (`permissions` granted to the page's origin; every other option goes
 * to launchChromium). Call start() in node:test's before() — it resolves to the rig, whose webUrl,
 * dohUrl and browser (the playwright context) are then set — and close() in after(): it stops whatever
 * start() got to.
 */
export function pageRig({ dist, doh = {}, permissions, ...launch }) {
  let stub;
  let web;
  let chrome;
  const rig = {
    webUrl: undefined,
    dohUrl: undefined,
    browser: undefined,
    async start() {
      if (doh) {
        stub = await startDohStub(doh);
        rig.dohUrl = stub.url;
      }
      web = await serveDist(dist);
      rig.webUrl = web.url;
      chrome = await launchChromium(launch);
      rig.browser = chrome.context;
      if (permissions) await rig.browser.grantPermissions(permissions, { origin: new URL(rig.webUrl).origin });
      return rig;
    },
    /** Closes Chromium and the servers; then removes the `remove` folders and names the screenshots folder. */
    async close({ remove = [], shots } = {}) {
      await chrome?.close();
      web?.close();
      await stub?.close();
      for (const dir of remove) rmSync(dir, { recursive: true, force: true });
      if (shots) console.log(`# screenshots in ${shots}`);
    },
  };
  return rig;
}

/**
 * A new tab on `url` with localStorage cleared (so English and the default settings, whatever an
 * earlier test chose), then reloaded. Page errors — and console errors, unless `consoleErrors` is
 * false — are collected in `errors`; with `request` (a function of a playwright Request), every
 * request's record goes to `requests`. `setup(page)` runs before the first load (more listeners).
 * Returns { page, requests, errors }.
 */
export async function openFreshPage(browser, url, { request, consoleErrors = true, setup } = {}) {
  const page = await browser.newPage();
  const requests = [];
  if (request) page.on('request', (r) => requests.push(request(r)));
  setup?.(page);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  if (consoleErrors) page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  // The page's script runs after its catalogs load (a top-level await), which can be after the load event on
  // a busy machine: its first status line says the handlers are in place.
  await page.waitForFunction(() => (document.querySelector('#status')?.textContent ?? '') !== '');
  return { page, requests, errors };
}

/**
 * The page's "download report + DNS snapshot" file, parsed and checked against schema/export.schema.json
 * (authlens/export/v1: the report, the headers view, the DNS snapshot and the page's transcript).
 */
export function readExport(file) {
  return assertSchema('export', JSON.parse(readFileSync(file, 'utf8')), 'the page\'s export');
}

/**
 * Switches the page's language and waits until it is drawn in it: the page loads a language's catalogs
 * when it is chosen (web/src/i18n.ts), so the switch completes after the change event, not during it.
 */
export async function chooseLanguage(page, lang) {
  await page.selectOption('#lang', lang);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}
