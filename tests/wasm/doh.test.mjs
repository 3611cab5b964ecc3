// The wasm DoH driver against dnsdist's DoH front (plain HTTP on loopback) in front of NSD serving
// tests/data/zones — the DNS e2e fixture `dns_servers`. The reply bodies go through the core's wire
// parser exactly as in the browser.
//   AUTHLENS_DNS_ENV=<state>/dns_servers.env (or AUTHLENS_DOH_URL=...) node --test tests/wasm/doh.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { dohResolver } from '../../wasm/js/doh.js';
import { runAnalysis } from '../../wasm/js/driver.js';
import { base64url, buildQuery, coreOrSkip, readEnvFile, repo, SKIP, withoutDns } from './helpers.mjs';

const env = { ...readEnvFile(process.env.AUTHLENS_DNS_ENV), ...(process.env.AUTHLENS_DOH_URL ? { AUTHLENS_DOH_URL: process.env.AUTHLENS_DOH_URL } : {}) };
const url = env.AUTHLENS_DOH_URL;
if (!url) {
  console.log('# SKIP: no DoH server (AUTHLENS_DNS_ENV / AUTHLENS_DOH_URL unset: run under the dns_servers fixture)');
  process.exit(SKIP);
}
const core = await coreOrSkip();
const doh = dohResolver(url, { timeoutMs: 5000 });
const NOW = 1795417200;

/** Asks one question over DoH and records the reply through the core's parser. */
async function ask(a, name, type) {
  const r = await doh({ name, type, query: base64url(buildQuery(name, type)) });
  assert.ok(r.bytes, `DoH reply for ${name}/${type}: ${r.error}`);
  return a.addWire({ name, type }, r.bytes);
}

test('DoH replies parse in the core: records, TXT boundaries, CNAME chains, NXDOMAIN, NODATA', async () => {
  const a = core.analysis('From: a@example.test\r\n\r\n', { now: NOW });
  try {
    const spf = await ask(a, 'example.test', 'TXT');
    assert.equal(spf.status, 'NOERROR');
    assert.deepEqual(spf.records, [['v=spf1 ip4:192.0.2.0/24 ', '-all']]);
    assert.equal(spf.ttl, 300);
    const multi = await ask(a, 'multi.example.test', 'TXT');
    assert.deepEqual([...multi.records].sort(), [['first', 'second', 'third'], ['solo']].sort());
    const alias = await ask(a, 'alias.example.test', 'A');
    assert.equal(alias.status, 'NOERROR');
    assert.deepEqual(alias.records, ['192.0.2.1']);
    assert.ok((alias.cname_chain ?? []).length >= 1, 'CNAME chain recorded');
    const mx = await ask(a, 'example.test', 'MX');
    assert.deepEqual([...mx.records].sort(), ['10 mx1.example.test.', '20 mx2.example.test.']);
    const nx = await ask(a, 'nope.example.test', 'A');
    assert.equal(nx.status, 'NXDOMAIN');
    const nodata = await ask(a, 'onlya.example.test', 'TXT');
    assert.equal(nodata.status, 'NOERROR');
    assert.equal((nodata.records ?? []).length, 0);
  } finally {
    a.free();
  }
});

test('a full analysis through DoH: every question answered, then replayed offline identically', async () => {
  const msg = readFileSync(path.join(repo, 'tests', 'data', 'messages', 'relayed-attachment.eml'));
  const rounds = [];
  const live = await runAnalysis(core, msg, { request: { now: NOW }, dns: { mode: 'doh', url }, onRound: (r) => rounds.push(r) });
  assert.equal(live.report.schema, 'authlens/report/v1');
  assert.ok(live.rounds >= 1, 'asked at least one round');
  assert.equal(live.transcript.length, rounds.reduce((n, r) => n + r.asking.length, 0));
  for (const e of live.transcript) {
    assert.ok(['NOERROR', 'NXDOMAIN'].includes(e.status), `${e.name}/${e.type}: ${e.status} ${e.error ?? ''}`);
  }
  const replay = await runAnalysis(core, msg, { request: { now: NOW }, dns: { mode: 'snapshot', snapshot: live.snapshot } });
  // The report's own DNS section records when each answer arrived (rounds), which a replay
  // cannot reproduce; every verdict and piece of evidence must be the same.
  assert.deepEqual(withoutDns(replay.report), withoutDns(live.report));
});

test('an unreachable resolver becomes SERVFAIL/TIMEOUT in the transcript, not an exception', async () => {
  const msg = readFileSync(path.join(repo, 'tests', 'data', 'messages', 'relayed-attachment.eml'));
  const r = await runAnalysis(core, msg, { request: { now: NOW }, dns: { mode: 'doh', url: 'http://127.0.0.1:9/dns-query' }, timeoutMs: 2000 });
  assert.equal(r.report.schema, 'authlens/report/v1');
  for (const e of r.transcript) assert.ok(['SERVFAIL', 'TIMEOUT'].includes(e.status), e.status);
});
