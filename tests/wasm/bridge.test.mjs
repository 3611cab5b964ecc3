// The C ABI (wasm/bindings.cpp) through wasm/js/core.js, and the driver loop (wasm/js/driver.js)
// with a fake resolver. Properties, not verdicts: the verdicts belong to the core's own tests.
//   node --test tests/wasm/bridge.test.mjs     (AUTHLENS_WASM_DIR = folder of authlens.mjs)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runAnalysis } from '../../wasm/js/driver.js';
import { checkCustomUrl, dohUrl, PROVIDERS } from '../../wasm/js/doh.js';
import { coreOrSkip, decodeQuery, replyFrom, repo, withoutDns } from './helpers.mjs';

const core = await coreOrSkip();
const NOW = 1795417200; // 2026-11-23T07:00:00Z
const msg = readFileSync(path.join(repo, 'tests', 'data', 'messages', 'relayed-attachment.eml'));
const STATUSES = new Set(['NOERROR', 'NXDOMAIN', 'SERVFAIL', 'TIMEOUT']);

const zone = {
  'example.test/TXT': { txt: [['v=spf1 ip4:192.0.2.0/24 ', '-all']] },
  '_dmarc.example.test/TXT': { txt: [['v=DMARC1; p=reject; rua=mailto:dmarc@example.test']] },
  'example.test/MX': { data: ['10 mx1.example.test.'] },
  'mx1.example.test/A': { data: ['192.0.2.10'] },
  '10.2.0.192.in-addr.arpa/PTR': { data: ['mx1.example.test.'] },
};
const fakeResolve = async (q) => ({ bytes: replyFrom(zone, Buffer.from(q.query.replace(/-/g, '+').replace(/_/g, '/'), 'base64')) });

test('headers view is JSON with a route', () => {
  const h = core.headers(msg);
  assert.equal(typeof h, 'object');
  assert.ok(h.route && Array.isArray(h.route.hops), 'route.hops');
  // the same answer for the same bytes, as text
  assert.equal(core.headersText(msg), core.headersText(msg));
});

test('pending() gives RFC 8484 queries: base64url without padding, id 0, one question, RD set', () => {
  const a = core.analysis(msg, { now: NOW });
  try {
    const q = a.pending();
    assert.ok(Array.isArray(q));
    for (const x of q) {
      assert.equal(typeof x.name, 'string');
      assert.match(x.type, /^[A-Z]+[0-9]*$/);
      if (x.query === null) continue;
      assert.match(x.query, /^[A-Za-z0-9_-]+$/, 'base64url alphabet, no padding');
      const d = decodeQuery(x.query);
      assert.equal(d.id, 0);
      assert.equal(d.qdcount, 1);
      assert.equal(d.rd, true);
      assert.equal(d.name.toLowerCase(), x.name);
      assert.equal(d.type, x.type);
    }
  } finally {
    a.free();
  }
});

test('add_wire parses through the core: TXT boundaries, status, garbage becomes SERVFAIL', () => {
  const a = core.analysis(msg, { now: NOW });
  try {
    const multi = { 'multi.example.test/TXT': { ttl: 120, txt: [['first', 'second', 'third'], ['solo']] } };
    const q = { name: 'multi.example.test', type: 'TXT' };
    const bytes = replyFrom(multi, Buffer.from([0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 5, ...Buffer.from('multi'), 7, ...Buffer.from('example'), 4, ...Buffer.from('test'), 0, 0, 16, 0, 1]));
    const ans = a.addWire(q, bytes);
    assert.equal(ans.status, 'NOERROR');
    assert.equal(ans.ttl, 120);
    assert.deepEqual(ans.records, [['first', 'second', 'third'], ['solo']]);
    const nx = a.addWire({ name: 'nope.example.test', type: 'A' }, replyFrom({}, Buffer.from([0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 4, ...Buffer.from('nope'), 7, ...Buffer.from('example'), 4, ...Buffer.from('test'), 0, 0, 1, 0, 1])));
    assert.equal(nx.status, 'NXDOMAIN');
    const junk = a.addWire({ name: 'junk.example.test', type: 'A' }, new Uint8Array([1, 2, 3]));
    assert.equal(junk.status, 'SERVFAIL');
    assert.equal(a.addStatus({ name: 'slow.example.test', type: 'A' }, 'TIMEOUT'), true);
    assert.equal(a.addStatus({ name: 'slow.example.test', type: 'A' }, 'BOGUS'), false);
    assert.equal(a.addStatus({ name: 'slow.example.test', type: 'NOPE' }, 'TIMEOUT'), false);
    const snap = JSON.parse(a.snapshot());
    assert.equal(snap.schema, 'authlens/dns-snapshot/v1');
    const names = snap.answers.map((x) => `${x.name}/${x.type}/${x.status}`);
    for (const n of ['multi.example.test/TXT/NOERROR', 'nope.example.test/A/NXDOMAIN', 'junk.example.test/A/SERVFAIL', 'slow.example.test/A/TIMEOUT']) {
      assert.ok(names.includes(n), `${n} in ${names}`);
    }
  } finally {
    a.free();
  }
});

test('handles: unknown or freed handles are harmless; bad requests are errors with a code', () => {
  const a = core.analysis(msg, { now: NOW });
  const h = a.handle;
  a.free();
  a.free();
  a.handle = h; // a freed handle
  assert.deepEqual(a.pending(), []);
  assert.equal(a.report(), null);
  assert.equal(a.snapshot(), null);
  a.evaluate();
  a.handle = 0;
  const b = core.analysis(msg, { now: NOW });
  assert.notEqual(b.handle, h, 'handles are not reused');
  assert.throws(() => b.loadSnapshot('{"schema":"nope"}'), (e) => typeof e.code === 'string' && e.code.length > 0);
  b.free();
  assert.throws(() => core.analysis(msg, 'not an object'), (e) => e.code === 'wasm.request.invalid');
});

test('many analyses do not grow memory without bound (everything returned is freed)', async () => {
  const once = async () => {
    const r = await runAnalysis(core, msg, { request: { now: NOW }, dns: { mode: 'doh', url: 'http://127.0.0.1:9/dns-query' }, resolve: fakeResolve });
    assert.equal(r.report.schema, 'authlens/report/v1');
    core.headersText(msg);
  };
  for (let i = 0; i < 20; i++) await once();
  const before = core.memoryBytes();
  for (let i = 0; i < 200; i++) await once();
  assert.equal(core.memoryBytes(), before, 'module memory did not grow over 200 more analyses');
});

test('driver: all questions of a round in parallel, transcript complete, offline asks nothing', async () => {
  let inFlight = 0;
  let maxInFlight = 0;
  const asked = [];
  const slow = async (q) => {
    asked.push(`${q.name}/${q.type}`);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((r) => setTimeout(r, 20));
    inFlight--;
    return fakeResolve(q);
  };
  const r = await runAnalysis(core, msg, { request: { now: NOW }, dns: { mode: 'doh', url: 'http://127.0.0.1:9/dns-query' }, resolve: slow });
  assert.equal(r.report.schema, 'authlens/report/v1');
  assert.equal(r.transcript.length, asked.length);
  for (const e of r.transcript) {
    assert.ok(STATUSES.has(e.status), e.status);
    assert.ok(e.round >= 1 && e.round <= r.rounds);
    assert.equal(typeof e.ms, 'number');
  }
  const firstRound = r.transcript.filter((e) => e.round === 1).length;
  if (firstRound > 1) assert.ok(maxInFlight > 1, 'questions of one round go out together');
  const off = await runAnalysis(core, msg, { request: { now: NOW }, dns: { mode: 'offline' }, resolve: () => assert.fail('offline asked') });
  assert.deepEqual(off.transcript, []);
  assert.equal(off.rounds, 0);
  assert.equal(off.report.schema, 'authlens/report/v1');
});

test('a DNS snapshot replays the same report, asking nothing', async () => {
  const live = await runAnalysis(core, msg, { request: { now: NOW }, dns: { mode: 'doh', url: 'http://127.0.0.1:9/dns-query' }, resolve: fakeResolve });
  let asked = 0;
  const replay = await runAnalysis(core, msg, {
    request: { now: NOW },
    dns: { mode: 'snapshot', snapshot: live.snapshot },
    resolve: () => { asked++; return { status: 'SERVFAIL' }; },
  });
  // The report's own DNS section records when each answer arrived (rounds), which a replay
  // cannot reproduce; every verdict and piece of evidence must be the same.
  assert.deepEqual(withoutDns(replay.report), withoutDns(live.report));
  assert.equal(asked, 0);
});

test('the request crosses the boundary: a given client IP becomes the route hand-off', async () => {
  const r = await runAnalysis(core, msg, { request: { now: NOW, ip: '198.51.100.99', helo: 'h.example', mail_from: 'x@example.test' }, dns: { mode: 'offline' } });
  assert.equal(r.report.route.handoff_ip, '198.51.100.99');
  const plain = await runAnalysis(core, msg, { request: { now: NOW }, dns: { mode: 'offline' } });
  assert.notEqual(plain.report.route.handoff_ip, '198.51.100.99');
});

test('mail_from "" or "<>" crosses the boundary as the null reverse-path; absent is "not given"', async () => {
  for (const mail_from of ['', '<>']) {
    const r = await runAnalysis(core, msg, { request: { now: NOW, helo: 'h.example', mail_from }, dns: { mode: 'offline' } });
    assert.equal(r.report.envelope.mail_from_null, true, JSON.stringify(mail_from));
    assert.equal(r.report.envelope.mail_from_source, 'given');
  }
  const plain = await runAnalysis(core, msg, { request: { now: NOW }, dns: { mode: 'offline' } });
  assert.equal(plain.report.envelope.mail_from_null, false);
  assert.notEqual(plain.report.envelope.mail_from_source, 'given');
});

test('DoH URLs and the custom-URL rule', () => {
  assert.equal(dohUrl('https://dns.google/dns-query', 'AAAB'), 'https://dns.google/dns-query?dns=AAAB');
  assert.equal(PROVIDERS.length, 3);
  for (const p of PROVIDERS) assert.ok(checkCustomUrl(p.url));
  assert.equal(checkCustomUrl('http://127.0.0.1:8053/dns-query'), 'http://127.0.0.1:8053/dns-query');
  assert.equal(checkCustomUrl('https://dns.example/dns-query'), null);
  assert.equal(checkCustomUrl('https://user:pw@dns.google/dns-query'), null);
  assert.equal(checkCustomUrl('https://dns.google:8443/dns-query'), null);
  assert.equal(checkCustomUrl('not a url'), null);
});
