// `authlens dmarc report FILE --ptr` end to end: the PTR names (and forward confirmation) of the
// sources of tests/data/aggregate/minimal.xml, from NSD (through dnsdist and DoH too) and offline from
// the same zone files (2.0.192, 100.51.198 and 113.0.203.in-addr.arpa, example.test, dmarc-reports.test).
// And `--by sender` (the default): tests/data/aggregate/senders-{a,b}.xml grouped into senders, the
// providers found in their SPF trees (tests/data/zones/_spf.google.com.zone, sendgrid.net.zone, … served
// by NSD), PTR domains and networks, with the filters, JSON, CSV and text.
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

test('text output by IP shows the PTR line of each source', () => {
  const r = authlens(['dmarc', 'report', report, '--by', 'ip', '--ptr', ...sources.nsd]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /PTR www\.example\.test \(forward-confirmed\)/);
  assert.match(r.out, /PTR sender\.dmarc-reports\.test \(not forward-confirmed\)/);
  assert.match(r.out, /PTR no PTR record/);
});

test('CSV by IP (one row per record) gets ptr and ptr_forward columns', () => {
  const r = authlens(['dmarc', 'report', report, '--csv', '--by', 'ip', '--ptr', ...sources.nsd]);
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

// --- --by sender ---------------------------------------------------------------------------------

const senderReports = ['senders-a.xml', 'senders-b.xml'].map((f) => join(sourceDir, 'tests', 'data', 'aggregate', f));
const bySender = {
  nsd: ['--resolver', env.AUTHLENS_NSD],
  'dnsdist DoH': ['--doh', env.AUTHLENS_DOH_URL],
};
const senderOf = (j, id) => j.senders.senders.find((s) => s.id === id);

for (const [name, source] of Object.entries(bySender)) {
  describe(`dmarc report --by sender via ${name}`, () => {
    test('providers by their SPF trees, then PTR domains, then networks', () => {
      const { code, j } = authlensJson(['dmarc', 'report', ...senderReports, '--json', '--ptr', ...source]);
      assert.equal(code, 0);
      assert.equal(j.senders.lookup, 'complete');
      assert.equal(j.senders.messages, 83);
      assert.deepEqual(j.senders.senders.map((s) => [s.kind, s.id, s.messages]), [
        ['provider', 'google_workspace', 55],
        ['provider', 'sendgrid', 12],
        ['ptr_domain', 'example.test', 10],
        ['prefix', '203.0.113.0/24', 4],
        ['prefix', '2001:db8:5::/48', 2],
      ]);
      const google = senderOf(j, 'google_workspace');
      assert.equal(google.name, 'Google Workspace');
      assert.equal(google.pass, 50);
      assert.deepEqual(google.dispositions, { none: 50, quarantine: 5, reject: 0 });
      assert.deepEqual(google.ips, ['209.85.220.41', '209.85.220.69']);
      assert.deepEqual(google.reporters, ['Reporter A', 'Reporter B']);
      assert.deepEqual(google.days.map((d) => [d.day, d.messages, d.fail]), [[1767225600, 25, 5], [1767312000, 30, 0]]);
      assert.equal(google.fix.why, 'dkim_not_aligned');
      const sendgrid = senderOf(j, 'sendgrid');
      assert.deepEqual(sendgrid.header_froms, ['news.example.com']);
      assert.deepEqual(sendgrid.fix.dkim_domains, ['sendgrid.net']);
      assert.equal(senderOf(j, '203.0.113.0/24').fix.why, 'unauthenticated');
      assert.equal(senderOf(j, 'example.test').fix, null);
      // % compliant per From domain.
      assert.deepEqual(j.senders.by_header_from.map((d) => [d.header_from, d.messages, d.pass]),
        [['example.com', 71, 60], ['news.example.com', 12, 0]]);
      assert.equal(j.ptr_lookup.providers, true);
    });
  });
}

test('--by sender without DNS: networks only, and it says so', () => {
  const { code, j } = authlensJson(['dmarc', 'report', ...senderReports, '--json', '--resolver', '127.0.0.1:9']);
  assert.equal(code, 0);
  assert.equal(j.senders.lookup, 'none');
  assert.deepEqual(j.senders.senders.map((s) => [s.id, s.messages]),
    [['209.85.220.0/24', 55], ['149.72.10.0/24', 12], ['192.0.2.0/24', 10], ['203.0.113.0/24', 4], ['2001:db8:5::/48', 2]]);
  const text = authlens(['dmarc', 'report', ...senderReports]);
  assert.equal(text.code, 0, text.err);
  assert.match(text.out, /no DNS lookup: senders are networks/);
});

test('--by sender from the zone files alone (offline source)', () => {
  const zones = ['_spf.google.com.zone', '_netblocks.google.com.zone', 'sendgrid.net.zone', '2.0.192.in-addr.arpa.zone',
    'example.test.zone'].flatMap((z) => ['--zone', join(zonesDir, z)]);
  const { code, j } = authlensJson(['dmarc', 'report', ...senderReports, '--json', '--ptr', ...zones]);
  assert.equal(code, 0);
  assert.deepEqual(j.senders.senders.slice(0, 3).map((s) => s.id), ['google_workspace', 'sendgrid', 'example.test']);
});

test('filters: failures only, one From domain, one reporter', () => {
  const run = (extra) => authlensJson(['dmarc', 'report', ...senderReports, '--json', '--ptr', ...bySender.nsd, ...extra]).j.senders;
  const failing = run(['--failures']);
  assert.equal(failing.filter.failures_only, true);
  assert.equal(failing.messages, 23);
  assert.equal(failing.senders.find((s) => s.id === 'example.test'), undefined);
  const news = run(['--from', 'News.Example.com']);
  assert.deepEqual(news.senders.map((s) => s.id), ['sendgrid']);
  assert.deepEqual(news.header_froms, ['example.com', 'news.example.com']);  // the choices stay whole
  const b = run(['--reporter', 'Reporter B']);
  assert.equal(b.messages, 35);
});

test('--by sender CSV (one row per sender) and text', () => {
  const csv = authlens(['dmarc', 'report', ...senderReports, '--csv', '--ptr', ...bySender.nsd]);
  assert.equal(csv.code, 0, csv.err);
  const lines = csv.out.trim().split('\r\n');
  assert.match(lines[0], /^sender_kind,sender_id,sender,messages,dmarc_pass,dmarc_fail,/);
  assert.equal(lines.length, 1 + 5);
  assert.ok(lines[1].startsWith('provider,google_workspace,Google Workspace,55,50,5,'), lines[1]);
  const text = authlens(['dmarc', 'report', ...senderReports, '--ptr', ...bySender.nsd]);
  assert.equal(text.code, 0, text.err);
  assert.match(text.out, /Google Workspace\s+provider\s+55/);
  assert.match(text.out, /per day: 2026-01-01 25 \(5 failed\), 2026-01-02 30/);
  assert.match(text.out, /fix \(12 failing message\(s\)\): DKIM passes for sendgrid\.net, not for news\.example\.com/);
  assert.doesNotMatch(text.out, /Sources \(most messages first\)/);
});

test('--by takes sender or ip; the filters need --by sender', () => {
  assert.equal(authlens(['dmarc', 'report', report, '--by', 'domain']).code, 2);
  assert.equal(authlens(['dmarc', 'report', report, '--by', 'ip', '--failures']).code, 2);
  const { j } = authlensJson(['dmarc', 'report', report, '--json', '--by', 'ip']);
  assert.equal(j.senders, undefined);
});
