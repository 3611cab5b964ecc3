// `authlens dmarc report FILE --ptr` end to end: the PTR names (and forward confirmation) of the
// sources of tests/data/aggregate/minimal.xml, from NSD (through dnsdist and DoH too) and offline from
// the same zone files (2.0.192, 100.51.198 and 113.0.203.in-addr.arpa, example.test, dmarc-reports.test).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { authlens, servers, sourceDir, zonesDir, authlensJson } from './lib.mjs';

const env = servers();
const report = join(sourceDir, 'tests', 'data', 'aggregate', 'minimal.xml');
const zoneFiles = ['2.0.192.in-addr.arpa.zone', '100.51.198.in-addr.arpa.zone', '113.0.203.in-addr.arpa.zone',
  'example.test.zone', 'dmarc-reports.test.zone'];
const sources = {
  nsd: ['--resolver', env.AUTHLENS_NSD],
  dnsdist: ['--resolver', env.AUTHLENS_DNSDIST],
  'zone files': zoneFiles.flatMap((z) => ['--zone', join(zonesDir, z)]),
};

function reportJson(extra) {
  return authlensJson(['dmarc', 'report', report, '--json', ...extra]);
}
const byIp = (j) => Object.fromEntries(j.summary.sources.map((s) => [s.ip, s.ptr]));

for (const [name, source] of Object.entries(sources)) {
  describe(`dmarc report --ptr via ${name}`, () => {
    test('PTR names and forward confirmation in the JSON', () => {
      const { code, j } = reportJson(['--ptr', ...source]);
      assert.equal(code, 0);
      assert.equal(j.ptr_lookup.looked_up, 3);
      assert.equal(j.ptr_lookup.complete, true);
      assert.equal(j.ptr_lookup.rounds, 2); // PTR, then A/AAAA of the names
      const p = byIp(j);
      assert.deepEqual(p['192.0.2.1'], { status: 'found', names: ['www.example.test'], forward: 'confirmed',
        forward_confirmed: true, confirmed_name: 'www.example.test' });
      assert.equal(p['198.51.100.7'].status, 'found');
      assert.deepEqual(p['198.51.100.7'].names, ['sender.dmarc-reports.test']);
      assert.equal(p['198.51.100.7'].forward_confirmed, false);
      assert.equal(p['203.0.113.9'].status, 'no_ptr');
      assert.equal(p['203.0.113.9'].forward_confirmed, null);
    });
  });
}

test('--ptr-limit leaves the smaller sources out', () => {
  const { j } = reportJson(['--ptr', '--ptr-limit', '1', ...sources.nsd]);
  assert.equal(j.ptr_lookup.looked_up, 1);
  assert.equal(j.ptr_lookup.not_looked_up, 2);
  const p = byIp(j);
  assert.equal(p['192.0.2.1'].status, 'found');
  assert.equal(p['198.51.100.7'], null);
});

test('without --ptr nothing is asked and the JSON has no ptr keys', () => {
  const { code, j } = reportJson(['--resolver', '127.0.0.1:9']);
  assert.equal(code, 0);
  assert.equal(j.ptr_lookup, undefined);
  assert.equal(j.summary.sources[0].ptr, undefined);
});

test('text output shows the PTR line of each source', () => {
  const r = authlens(['dmarc', 'report', report, '--ptr', ...sources.nsd]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /PTR www\.example\.test \(forward-confirmed\)/);
  assert.match(r.out, /PTR sender\.dmarc-reports\.test \(not forward-confirmed\)/);
  assert.match(r.out, /PTR no PTR record/);
});

test('CSV gets ptr and ptr_forward columns', () => {
  const r = authlens(['dmarc', 'report', report, '--csv', '--ptr', ...sources.nsd]);
  assert.equal(r.code, 0, r.err);
  const lines = r.out.trim().split('\r\n');
  assert.match(lines[0], /,ptr,ptr_forward$/);
  assert.ok(lines.some((l) => l.includes(',192.0.2.1,') && l.endsWith(',www.example.test,confirmed')), r.out);
  assert.ok(lines.some((l) => l.includes(',198.51.100.7,') && l.endsWith(',sender.dmarc-reports.test,not_confirmed')));
  assert.ok(lines.some((l) => l.includes(',203.0.113.9,') && l.endsWith(',,')));
});

test('an unreachable resolver gives dns_error, not a failure of the report', () => {
  const { code, j } = reportJson(['--ptr', '--resolver', '127.0.0.1:9', '--timeout', '200']);
  assert.equal(code, 0);
  for (const s of j.summary.sources) assert.equal(s.ptr.status, 'dns_error');
});

test('bad usage exits 2', () => {
  assert.equal(authlens(['dmarc', 'report', report, '--ptr', '--ptr-limit', '0']).code, 2);
  assert.equal(authlens(['dmarc', 'report', report, '--ptr-limit', '5']).code, 2);
  assert.equal(authlens(['dmarc', 'report', report, '--ptr', '--zone', 'x.zone', '--resolver', '127.0.0.1']).code, 2);
});
