// `authlens domain` end to end: the domain check against NSD (UDP/TCP), dnsdist's DoH endpoint and
// the zone files, over the domain-*.test zones (tests/data/zones). Exit codes per the CLI contract:
// 0 no area fails · 1 some area fails · 3 a DNS lookup failed temporarily · 2 bad usage.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { dirname } from 'node:path';
import { join } from 'node:path';
import { authlens, servers, zonesDir, tmp, validateCliJson } from './lib.mjs';

const env = servers();
const zoneArgs = ['example.test.zone', '2.0.192.in-addr.arpa.zone', 'domain-good.test.zone', 'domain-bad.test.zone',
  'domain-none.test.zone'].flatMap((z) => ['--zone', join(zonesDir, z)]);
const sources = {
  'nsd (udp/tcp)': ['--resolver', env.AUTHLENS_NSD],
  'dnsdist DoH': ['--doh', env.AUTHLENS_DOH_URL],
  'zone files': zoneArgs,
};

const policy = join(tmp, 'domain-good-mta-sts.txt');
writeFileSync(policy, 'version: STSv1\nmode: enforce\nmx: mx1.example.test\nmax_age: 604800\n');

function check(args) {
  const r = authlens(['domain', ...args, '--json'], 60000);
  let json = null;
  try {
    json = JSON.parse(r.out);
  } catch {
    // left null: the assertion shows stdout/stderr
  }
  return { ...r, json };
}
const grades = (j) => Object.fromEntries(j.areas.map((a) => [a.name, a.grade]));

for (const [label, source] of Object.entries(sources)) {
  describe(`authlens domain via ${label}`, () => {
    test('a well-configured domain passes every area', () => {
      const r = check(['domain-good.test', '--mta-sts-policy', policy, ...source]);
      assert.equal(r.code, 0, r.err + r.out);
      assert.equal(r.json.schema, 'authlens/domain/v1');
      assert.deepEqual(grades(r.json), {
        mx: 'pass', spf: 'pass', dmarc: 'pass', dkim: 'pass', mta_sts: 'pass', tls_rpt: 'pass', bimi: 'pass',
        iprev: 'pass', dnssec: 'info',
      });
      assert.equal(r.json.spf.lookups.rfc, 3);
      assert.equal(r.json.spf.tree.children[0].domain, '_spf.domain-good.test');
      assert.equal(r.json.iprev[0].ptr_name, 'mx1.example.test');
      assert.equal(r.json.mta_sts.mode, 'enforce');
      assert.ok(r.json.dns.rounds <= 4, `rounds ${r.json.dns.rounds}`);
    });

    test('a broken domain fails, with the budget and the fixes', () => {
      const r = check(['domain-bad.test', '--no-fetch', ...source]);
      assert.equal(r.code, 1, r.err + r.out);
      const g = grades(r.json);
      for (const a of ['mx', 'spf', 'dmarc', 'mta_sts', 'tls_rpt', 'bimi']) assert.equal(g[a], 'fail', a);
      assert.equal(g.dkim, 'warn');
      assert.equal(g.iprev, 'warn');
      assert.ok(r.json.spf.lookups.rfc > 10);
      const i3 = r.json.spf.tree.children.find((c) => c.domain === 'i3.domain-bad.test');
      assert.equal(i3.over_budget_term, 'mx:domain-bad.test');
      for (const a of r.json.areas) if (a.grade === 'fail') assert.ok(a.fix, `${a.name} has a fix`);
    });
  });
}

test('text output: grades, the tree and the findings', () => {
  const r = authlens(['domain', 'domain-bad.test', '--no-fetch', ...zoneArgs]);
  assert.equal(r.code, 1, r.err);
  assert.match(r.out, /^ {2}spf +fail/m);
  assert.match(r.out, /SPF include tree/);
  assert.match(r.out, /the 10-lookup budget runs out at 'mx:domain-bad\.test'/);
  assert.match(r.out, /fix: /);
});

test('--selector adds a selector; a missing one fails DKIM', () => {
  const r = check(['domain-good.test', '--no-fetch', '--selector', 'nosuch', ...zoneArgs]);
  assert.equal(r.code, 1);
  assert.equal(grades(r.json).dkim, 'fail');
  assert.ok(r.json.dkim.some((k) => k.selector === 'nosuch' && k.status === 'not_found'));
});

test('a domain the server does not serve is a temporary failure (exit 3)', () => {
  // NSD refuses names outside its zones: REFUSED → SERVFAIL.
  const r = check(['unserved.example', '--no-fetch', '--resolver', env.AUTHLENS_NSD]);
  assert.equal(r.code, 3, r.err + r.out);
  assert.equal(grades(r.json).mx, 'unknown');
});

test('an empty domain: nothing published', () => {
  const r = check(['domain-none.test', '--no-fetch', '--resolver', env.AUTHLENS_NSD]);
  assert.equal(r.code, 1);
  const g = grades(r.json);
  assert.equal(g.spf, 'fail');
  assert.equal(g.dmarc, 'fail');
  assert.equal(g.mta_sts, 'info');
});

test('bad usage exits 2', () => {
  assert.equal(authlens(['domain']).code, 2);
  assert.equal(authlens(['domain', 'not a domain', ...zoneArgs]).code, 2);
  assert.equal(authlens(['domain', 'example.test', '--bogus']).code, 2);
});

test('the MTA-STS policy is fetched over HTTPS (certificate from the fixture CA) and checked', async () => {
  const ca = env.AUTHLENS_DOH_TLS_CA;
  if (!ca || !existsSync(ca)) return;  // the fixture made no CA
  const dir = dirname(ca);
  const bodies = {
    '/good.txt': 'version: STSv1\nmode: enforce\nmx: mx1.example.test\nmax_age: 604800\n',
    '/wrong-mx.txt': 'version: STSv1\nmode: enforce\nmx: *.elsewhere.test\nmax_age: 604800\n',
  };
  const server = createServer({ cert: readFileSync(join(dir, 'server.pem')), key: readFileSync(join(dir, 'server.key')) },
    (req, res) => {
      const body = bodies[req.url];
      if (!body) return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'text/plain' }).end(body);
    });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `https://localhost:${server.address().port}`;
  const run = (path, extraEnv) => new Promise((resolve, reject) => {
    // spawn asynchronously: the HTTPS server lives in this process
    import('node:child_process').then(({ execFile }) => {
      const args = ['domain', 'domain-good.test', '--json', '--mta-sts-url', base + path, ...zoneArgs];
      execFile(process.env.AUTHLENS_BIN, args,
        { env: { ...process.env, ...extraEnv }, timeout: 30000 }, (err, stdout, stderr) => {
          try {
            validateCliJson(args, stdout);
          } catch (e) {
            return reject(e);
          }
          resolve({ code: err ? err.code : 0, json: stdout ? JSON.parse(stdout) : null, err: stderr });
        });
    });
  });
  try {
    let r = await run('/good.txt', { AUTHLENS_CA_FILE: ca });
    assert.equal(r.code, 0, r.err);
    assert.equal(r.json.mta_sts.fetch, 'fetched');
    assert.equal(r.json.mta_sts.mode, 'enforce');
    assert.equal(grades(r.json).mta_sts, 'pass');
    r = await run('/wrong-mx.txt', { AUTHLENS_CA_FILE: ca });
    assert.equal(r.code, 1);
    assert.deepEqual(r.json.mta_sts.unmatched_mx, ['mx1.example.test']);
    r = await run('/missing.txt', { AUTHLENS_CA_FILE: ca });
    assert.equal(r.json.mta_sts.fetch, 'http_404');
    assert.equal(grades(r.json).mta_sts, 'fail');
    // without the test CA the certificate is not trusted: the fetch fails, and says why
    r = await run('/good.txt', { AUTHLENS_CA_FILE: '/etc/ssl/certs/ca-certificates.crt' });
    assert.equal(grades(r.json).mta_sts, 'fail');
    assert.match(r.json.mta_sts.fetch, /certificate|TLS/i);
  } finally {
    await new Promise((r) => server.close(r));
  }
});
