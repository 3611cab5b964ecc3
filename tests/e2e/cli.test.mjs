// `authlens dns` end to end: the same questions through NSD directly, through dnsdist (UDP with
// TCP fallback, IPv4 and IPv6), through dnsdist's DoH endpoint, and offline from the zone files;
// then --record and a --snapshot replay that must print exactly the same.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { authlens, dnsJson, servers, zonesDir, tmp } from './lib.mjs';

const env = servers();
const zoneArgs = ['example.test.zone', '2.0.192.in-addr.arpa.zone', 'bench.test.zone'].flatMap((z) => [
  '--zone', join(zonesDir, z)]);

const sources = {
  'nsd (udp/tcp)': ['--resolver', env.AUTHLENS_NSD],
  'dnsdist (udp/tcp)': ['--resolver', env.AUTHLENS_DNSDIST],
  'dnsdist DoH': ['--doh', env.AUTHLENS_DOH_URL],
  'zone files': zoneArgs,
};
if (env.AUTHLENS_DNSDIST6) sources['dnsdist over IPv6'] = ['--resolver', env.AUTHLENS_DNSDIST6];

const sortTxt = (t) => [...t].map((r) => JSON.stringify(r)).sort();

const cases = [
  { q: ['www.example.test', 'A'], code: 0, status: 'NOERROR', ttl: 300, records: ['192.0.2.1'] },
  { q: ['www.example.test', 'AAAA'], code: 0, status: 'NOERROR', records: ['2001:db8::1'] },
  { q: ['example.test', 'MX'], code: 0, status: 'NOERROR', records: ['10 mx1.example.test.', '20 mx2.example.test.'] },
  { q: ['example.test', 'TXT'], code: 0, status: 'NOERROR', txt: [['v=spf1 ip4:192.0.2.0/24 ', '-all']] },
  { q: ['multi.example.test', 'TXT'], code: 0, status: 'NOERROR', txt: [['first', 'second', 'third'], ['solo']] },
  { q: ['escaped.example.test', 'TXT'], code: 0, status: 'NOERROR', txt: [['quote"semi;back\\slash']] },
  { q: ['_dmarc.example.test', 'TXT'], code: 0, status: 'NOERROR',
    txt: [['v=DMARC1; p=reject; rua=mailto:dmarc@example.test']] },
  { q: ['Alias.Example.Test.', 'A'], code: 0, status: 'NOERROR', records: ['192.0.2.1'],
    cname: ['alias2.example.test', 'www.example.test'] },
  { q: ['1.2.0.192.in-addr.arpa', 'PTR'], code: 0, status: 'NOERROR', records: ['www.example.test.'] },
  { q: ['nope.example.test', 'A'], code: 1, status: 'NXDOMAIN' },
  { q: ['onlya.example.test', 'TXT'], code: 1, status: 'NOERROR', nodata: true },
  { q: ['loop1.example.test', 'A'], code: 3, status: 'SERVFAIL' },
  { q: ['big.example.test', 'TXT'], code: 0, status: 'NOERROR', bigTxt: 40 },
];

for (const [label, source] of Object.entries(sources)) {
  describe(`authlens dns via ${label}`, () => {
    for (const c of cases) {
      test(`${c.q.join(' ')} → ${c.nodata ? 'NODATA' : c.status}`, () => {
        const r = dnsJson(c.q[0], c.q[1], source);
        const why = `stdout: ${r.out}\nstderr: ${r.err}`;
        assert.equal(r.code, c.code, why);
        assert.ok(r.answer, why);
        assert.equal(r.answer.name, c.q[0].toLowerCase().replace(/\.$/, ''));
        assert.equal(r.answer.type, c.q[1]);
        assert.equal(r.answer.status, c.status, why);
        if (c.ttl !== undefined) assert.equal(r.answer.ttl, c.ttl);
        if (c.records) assert.deepEqual([...r.answer.records].sort(), c.records);
        if (c.txt) assert.deepEqual(sortTxt(r.answer.records), sortTxt(c.txt));
        if (c.cname) assert.deepEqual(r.answer.cname, c.cname);
        if (c.nodata) assert.equal((r.answer.records ?? []).length, 0);
        if (c.bigTxt) {
          assert.equal(r.answer.records.length, c.bigTxt);
          for (const rec of r.answer.records) {
            assert.equal(rec.length, 4);
            for (const s of rec) assert.equal(s.length, 240);
          }
        }
      });
    }
  });
}

describe('DoH over TLS (libcurl; dnsdist with a certificate for "localhost" from a test CA)', () => {
  const url = env.AUTHLENS_DOH_TLS_URL;
  const trustTestCa = { AUTHLENS_CA_FILE: env.AUTHLENS_DOH_TLS_CA };
  test('TXT with several strings', () => {
    const r = dnsJson('multi.example.test', 'TXT', ['--doh', url], 30000, trustTestCa);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(sortTxt(r.answer.records), sortTxt([['first', 'second', 'third'], ['solo']]));
  });
  test('big TXT set', () => {
    const r = dnsJson('big.example.test', 'TXT', ['--doh', url], 30000, trustTestCa);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.answer.records.length, 40);
  });
  test('NXDOMAIN', () => {
    const r = dnsJson('nope.example.test', 'A', ['--doh', url], 30000, trustTestCa);
    assert.equal(r.code, 1, r.err);
    assert.equal(r.answer.status, 'NXDOMAIN');
  });
  test('a certificate the system CAs do not vouch for → SERVFAIL, with the reason on stderr', () => {
    const r = dnsJson('www.example.test', 'A', ['--doh', url], 30000, { AUTHLENS_CA_FILE: '' });
    assert.equal(r.code, 3, r.err);
    assert.equal(r.answer.status, 'SERVFAIL');
    assert.match(r.err, /certificate/i);
  });
  test('a certificate for another name → SERVFAIL (host name verified)', () => {
    const byIp = url.replace('localhost', '127.0.0.1');
    const r = dnsJson('www.example.test', 'A', ['--doh', byIp], 30000, trustTestCa);
    assert.equal(r.code, 3, r.err);
    assert.equal(r.answer.status, 'SERVFAIL');
    assert.match(r.err, /certificate/i);
  });
});

describe('text output', () => {
  test('shows status, TTL, records, CNAME chain, AD bit and rounds', () => {
    const r = authlens(['dns', 'alias.example.test', 'A', '--resolver', env.AUTHLENS_DNSDIST]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, [
      'alias.example.test A: NOERROR, TTL 300',
      '  192.0.2.1',
      'CNAME chain: alias.example.test -> alias2.example.test -> www.example.test',
      'AD: no',
      'rounds: 1, questions: 1',
      ''].join('\n'));
  });
  test('TXT keeps string boundaries', () => {
    const r = authlens(['dns', 'example.test', 'TXT', '--doh', env.AUTHLENS_DOH_URL]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^ {2}"v=spf1 ip4:192\.0\.2\.0\/24 " "-all"$/m);
  });
  test('type defaults to A', () => {
    const r = authlens(['dns', 'www.example.test', '--resolver', env.AUTHLENS_NSD]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^www\.example\.test A: NOERROR/);
  });
});

describe('resolver selection', () => {
  test('a server that refuses is skipped for the next one', () => {
    const r = dnsJson('www.example.test', 'A', ['--resolver', '127.0.0.1:1', '--resolver', env.AUTHLENS_DNSDIST]);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(r.answer.records, ['192.0.2.1']);
  });
  test('nothing listening → TIMEOUT, exit 3', () => {
    const r = dnsJson('www.example.test', 'A', ['--resolver', '127.0.0.1:1', '--timeout', '200']);
    assert.equal(r.code, 3, r.err);
    assert.equal(r.answer.status, 'TIMEOUT');
  });
});

describe('record and replay', () => {
  const live = {
    resolver: ['--resolver', env.AUTHLENS_DNSDIST],
    doh: ['--doh', env.AUTHLENS_DOH_URL],
  };
  const questions = [['multi.example.test', 'TXT'], ['alias.example.test', 'A'], ['nope.example.test', 'A'],
    ['onlya.example.test', 'TXT'], ['big.example.test', 'TXT'], ['example.test', 'MX']];
  for (const [label, source] of Object.entries(live)) {
    for (const [name, type] of questions) {
      for (const json of [false, true]) {
        test(`${label}: ${name} ${type}${json ? ' --json' : ''} replays identically`, () => {
          const file = join(tmp, `record-${label}-${name}-${type}-${json}.json`);
          rmSync(file, { force: true });
          const extra = json ? ['--json'] : [];
          const first = authlens(['dns', name, type, ...extra, ...source, '--record', file]);
          assert.ok(existsSync(file), first.err);
          const snap = JSON.parse(readFileSync(file, 'utf8'));
          assert.equal(snap.schema, 'authlens/dns-snapshot/v1');
          assert.equal(snap.answers.length, 1);
          const again = authlens(['dns', name, type, ...extra, '--snapshot', file]);
          assert.equal(again.code, first.code, again.err);
          assert.equal(again.out, first.out);
        });
      }
    }
  }
  test('a name the snapshot lacks is NXDOMAIN; a recorded name without the type is NODATA', () => {
    const file = join(tmp, 'record-partial.json');
    authlens(['dns', 'www.example.test', 'A', '--resolver', env.AUTHLENS_NSD, '--record', file]);
    const r = dnsJson('www.example.test', 'AAAA', ['--snapshot', file]);
    assert.equal(r.code, 1);
    assert.equal(r.answer.status, 'NOERROR');
    assert.equal(r.answer.records, undefined);
    const absent = dnsJson('nope.example.test', 'A', ['--snapshot', file]);
    assert.equal(absent.code, 1);
    assert.equal(absent.answer.status, 'NXDOMAIN');
  });
  test('zone files can be recorded too', () => {
    const file = join(tmp, 'record-zone.json');
    const first = authlens(['dns', 'multi.example.test', 'TXT', ...zoneArgs, '--record', file]);
    const again = authlens(['dns', 'multi.example.test', 'TXT', '--snapshot', file]);
    assert.equal(first.code, 0, first.err);
    assert.equal(again.out, first.out);
  });
});

describe('usage errors exit 2', () => {
  const bad = {
    'no name': ['dns'],
    'unknown type': ['dns', 'example.test', 'BOGUS'],
    'empty label': ['dns', 'a..example.test'],
    'too many words': ['dns', 'a', 'A', 'extra'],
    'bad resolver port': ['dns', 'example.test', '--resolver', '127.0.0.1:99999'],
    'resolver not an address': ['dns', 'example.test', '--resolver', 'dns.example'],
    'bad timeout': ['dns', 'example.test', '--timeout', 'soon'],
    'zero timeout': ['dns', 'example.test', '--timeout', '0'],
    'zone with resolver': ['dns', 'example.test', '--zone', join(zonesDir, 'example.test.zone'), '--resolver', '127.0.0.1'],
    'resolver with doh': ['dns', 'example.test', '--resolver', '127.0.0.1', '--doh', 'https://127.0.0.1/dns-query'],
    'doh not http(s)': ['dns', 'example.test', '--doh', 'ftp://127.0.0.1/dns-query'],
    'missing zone file': ['dns', 'example.test', '--zone', join(tmp, 'no-such.zone')],
    'missing snapshot': ['dns', 'example.test', '--snapshot', join(tmp, 'no-such.json')],
    'unknown option': ['dns', 'example.test', '--bogus'],
  };
  for (const [label, args] of Object.entries(bad)) {
    test(label, () => {
      const r = authlens(args);
      assert.equal(r.code, 2, `stdout: ${r.out}\nstderr: ${r.err}`);
      assert.notEqual(r.err, '');
    });
  }
});

describe('help and version', () => {
  // Every command `authlens help` lists (its "  name args   what" lines, one- or two-word names).
  const listed = authlens(['help']).out.split('\n').filter((l) => l.startsWith('  ')).map((l) => l.trim())
    .map((l) => l.split(' ').slice(0, /^[a-z]+$/.test(l.split(' ')[1] ?? '') ? 2 : 1).join(' '));
  test('`authlens help` lists the commands', () => {
    assert.ok(listed.length >= 15, listed.join(', '));
    for (const c of ['analyze', 'inventory', 'dkim verify', 'dmarc report', 'record spf']) assert.ok(listed.includes(c), c);
  });
  test('`authlens COMMAND --help` (and `-h`, `help COMMAND`) prints that command\'s usage and exits 0', () => {
    for (const c of listed) {
      for (const args of [[...c.split(' '), '--help'], [...c.split(' '), '-h'], ['help', ...c.split(' ')]]) {
        const r = authlens(args);
        assert.equal(r.code, 0, `${args.join(' ')}: ${r.err}`);
        assert.ok(r.out.startsWith(`usage: authlens ${c} `), `${args.join(' ')}: ${r.out}`);
        assert.match(r.out, /DNS sources/);
      }
    }
  });
  test('`authlens --version` names the version, the public suffix list and the crypto libraries built in', () => {
    const r = authlens(['--version']);
    assert.equal(r.code, 0);
    assert.match(r.out, /^authlens \d+\.\d+\.\d+\n/);
    assert.match(r.out, /^public suffix list: .+, \d{4,} rules/m);
    assert.match(r.out, /^crypto: hashes and RSA verification: (OpenSSL|Mbed TLS) \d[^;]*; keys and signing: Mbed TLS \d+\.\d+\.\d+; Ed25519: libsodium \d/m);
  });
});
