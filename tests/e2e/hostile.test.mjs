// Hostile answers (tests/e2e/hostile_dns.py): every misbehaviour ends in a clear status —
// never a hang, never a crash. The spawn timeout (30 s) is the "no hang" guard; --timeout 300
// keeps each case short.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { dnsJson, servers } from './lib.mjs';

const env = servers();

const udpTcp = {
  ok: 'NOERROR',           // control
  mismatch: 'NOERROR',     // wrong id / name / type / class / no QR first: ignored, then the answer
  wrongid: 'TIMEOUT',
  short: 'TIMEOUT',        // 7-byte packet: cannot be matched
  cut: 'SERVFAIL',         // cut in the answer section
  cloop: 'SERVFAIL',       // compression pointer loop
  servfail: 'SERVFAIL',
  refused: 'SERVFAIL',
  silent: 'TIMEOUT',
  tcloop: 'SERVFAIL',      // TC over UDP, TC again over TCP
  tcstall: 'TIMEOUT',      // TC over UDP, TCP never answers
  tcpbad: 'SERVFAIL',      // TCP length prefix promises more than is sent
  tcpclose: 'SERVFAIL',    // TCP closed at once
};

const doh = {
  ok: 'NOERROR',
  wrongid: 'SERVFAIL',     // a DoH body answering another message
  cut: 'SERVFAIL',
  cloop: 'SERVFAIL',
  servfail: 'SERVFAIL',
  silent: 'TIMEOUT',
  tcloop: 'SERVFAIL',      // TC in a DoH body: nothing to fall back to
  http500: 'SERVFAIL',
  badtype: 'SERVFAIL',     // text/html instead of application/dns-message
  slowbody: 'TIMEOUT',     // body never completes
  hugebody: 'SERVFAIL',    // Content-Length 10 MB: refused before reading it
  endlesschunks: 'SERVFAIL', // chunked body past the size limit
};

const exitFor = (status) => (status === 'NOERROR' ? 0 : status === 'NXDOMAIN' ? 1 : 3);

describe('hostile server over UDP/TCP', () => {
  for (const [mode, status] of Object.entries(udpTcp)) {
    test(`${mode} → ${status}`, () => {
      const r = dnsJson(`${mode}.hostile.test`, 'A', ['--resolver', env.AUTHLENS_HOSTILE, '--timeout', '300']);
      const why = `stdout: ${r.out}\nstderr: ${r.err}`;
      assert.equal(r.signal, null, why);
      assert.equal(r.answer?.status, status, why);
      assert.equal(r.code, exitFor(status), why);
      if (status === 'NOERROR') assert.deepEqual(r.answer.records, ['192.0.2.99']);
    });
  }
});

describe('hostile server over DoH (plain HTTP)', () => {
  for (const [mode, status] of Object.entries(doh)) {
    test(`${mode} → ${status}`, () => {
      const r = dnsJson(`${mode}.hostile.test`, 'A', ['--doh', env.AUTHLENS_HOSTILE_DOH_URL, '--timeout', '300']);
      const why = `stdout: ${r.out}\nstderr: ${r.err}`;
      assert.equal(r.signal, null, why);
      assert.equal(r.answer?.status, status, why);
      assert.equal(r.code, exitFor(status), why);
    });
  }
});
