// `authlens dmarc check` end to end: against NSD (tests/data/zones/dmarc.test.zone and
// dmarc-reports.test.zone) and offline from the same zone files, with the same expectations;
// then exit codes for a DNS failure and bad usage.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { authlens, servers, zonesDir, authlensJson } from './lib.mjs';

const env = servers();
const sources = {
  nsd: ['--resolver', env.AUTHLENS_NSD],
  'zone files': ['dmarc.test.zone', 'dmarc-reports.test.zone'].flatMap((z) => ['--zone', join(zonesDir, z)]),
};

function check(domain, source) {
  return authlensJson(['dmarc', 'check', domain, '--json', ...source]);
}
const codes = (j) => j.findings.map((f) => f.code);

for (const [name, source] of Object.entries(sources)) {
  describe(`dmarc check via ${name}`, () => {
    test('a clean record passes', () => {
      const { code, j } = check('good.dmarc.test', source);
      assert.equal(code, 0);
      assert.equal(j.record_domain, 'good.dmarc.test');
      assert.equal(j.record.p, 'reject');
      assert.equal(j.rfc9989.reason, 'dmarc.record.found');
      assert.equal(j.rfc7489.record_domain, 'good.dmarc.test');
      assert.deepEqual(j.rua.map((c) => c.status), ['same_domain']);
      assert.ok(!j.findings.some((f) => f.severity === 'error'));
    });
    test('RFC 7489 tags and external report destinations', () => {
      const { code, j } = check('legacy.dmarc.test', source);
      assert.equal(code, 1);
      assert.ok(codes(j).includes('dmarc.lint.pct_obsolete'));
      assert.ok(codes(j).includes('dmarc.lint.destination_not_authorized'));
      assert.deepEqual(j.rua.map((c) => c.status), ['authorized', 'not_authorized']);
      assert.equal(j.rua[0].query, 'legacy.dmarc.test._report._dmarc.dmarc-reports.test');
      assert.equal(j.record.pct, 50);
    });
    test('the tree walk finds a record RFC 7489 does not', () => {
      const { code, j } = check('a.sub.walk.dmarc.test', source);
      assert.equal(code, 0);
      assert.equal(j.rfc9989.record_domain, 'walk.dmarc.test');
      assert.equal(j.rfc9989.org_domain, 'walk.dmarc.test');
      assert.deepEqual(j.rfc9989.steps.map((s) => s.domain),
        ['a.sub.walk.dmarc.test', 'sub.walk.dmarc.test', 'walk.dmarc.test', 'dmarc.test', 'test']);
      assert.equal(j.rfc7489.record_domain, '');
      assert.equal(j.rfc7489.org_domain, 'dmarc.test');
      const reasons = j.disagreements.map((d) => d.reason);
      assert.ok(reasons.includes('dmarc.diff.record_placement'), reasons.join());
      assert.ok(reasons.includes('dmarc.diff.record_outside_psl_lookup'), reasons.join());
    });
    test('two records at one name', () => {
      const { code, j } = check('multi.dmarc.test', source);
      assert.equal(code, 1);
      assert.equal(j.record, null);
      assert.ok(codes(j).includes('dmarc.lint.multiple_records'));
      assert.equal(j.rfc7489.reason, 'dmarc.record.multiple');
    });
    test('no record', () => {
      const { code, j } = check('empty.dmarc.test', source);
      assert.equal(code, 1);
      assert.equal(j.findings[0].code, 'dmarc.lint.no_record');
    });
    test('a record without p= or rua=', () => {
      const { code, j } = check('nop.dmarc.test', source);
      assert.equal(code, 1);
      assert.ok(codes(j).includes('dmarc.lint.no_policy'));
    });
  });
}

test('text output names both specifications', () => {
  const r = authlens(['dmarc', 'check', 'a.sub.walk.dmarc.test', ...sources.nsd]);
  assert.equal(r.code, 0);
  assert.match(r.out, /RFC 9989: record at _dmarc\.walk\.dmarc\.test/);
  assert.match(r.out, /RFC 7489: no record/);
  assert.match(r.out, /disagree/);
});

test('a DNS failure exits 3', () => {
  const r = authlens(['dmarc', 'check', 'good.dmarc.test', '--resolver', '127.0.0.1:9', '--timeout', '200', '--json']);
  assert.equal(r.code, 3, r.out + r.err);
  assert.equal(JSON.parse(r.out).temperror, true);
});

test('bad usage exits 2', () => {
  assert.equal(authlens(['dmarc', 'check']).code, 2);
  assert.equal(authlens(['dmarc', 'check', 'a..b']).code, 2);
  assert.equal(authlens(['dmarc', 'check', 'x.test', '--bogus']).code, 2);
});
