// `authlens record spf|dmarc|dkim` end to end: the binary's text and --json output, exit codes, the
// live budget (--check) over zone files, and the DKIM key written owner-only. No DNS server needed:
//   AUTHLENS_BIN=build/x/native-cli/authlens AUTHLENS_SOURCE_DIR=. node --test tests/e2e/records.test.mjs
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { authlens, sourceDir, tmp } from './lib.mjs';

const zone = ['--zone', join(sourceDir ?? '.', 'tests', 'data', 'records', 'wizard.zone')];
const json = (r) => {
  try {
    return JSON.parse(r.out);
  } catch {
    assert.fail(`not JSON (exit ${r.code}): ${r.out}\n${r.err}`);
  }
};

describe('authlens record spf', () => {
  test('presets and ranges merge into one record (the README example)', () => {
    const r = authlens(['record', 'spf', '--include', 'google', '--include', 'm365', '--ip4', '192.0.2.0/24', '--all', 'fail', '--json']);
    assert.equal(r.code, 0, r.err);
    const j = json(r);
    assert.equal(j.kind, 'spf');
    assert.equal(j.record, 'v=spf1 ip4:192.0.2.0/24 include:_spf.google.com include:spf.protection.outlook.com -all');
    assert.equal(j.lookups, 2);
    assert.equal(j.ok, true);
    assert.equal(j.publish.length, 1);
    assert.match(j.publish[0].bind, /IN TXT "v=spf1 /);
    assert.ok(j.notes.some((n) => n.code === 'records.spf.all_fail'));
  });

  test('text output shows the record, the snippets and the -all/~all explanation', () => {
    const r = authlens(['record', 'spf', '--domain', 'example.com', '--include', 'sendgrid', '--mx', '--all', 'softfail']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /v=spf1 mx include:sendgrid\.net ~all/);
    assert.match(r.out, /BIND zone file/);
    assert.match(r.out, /example\.com\. 3600 IN TXT/);
    assert.match(r.out, /~all: hosts not listed get softfail/);
    assert.match(r.out, /lower its TTL/);
  });

  test('SES custom MAIL FROM adds the sub-domain records', () => {
    const j = json(authlens(['record', 'spf', '--domain', 'example.com', '--include', 'ses', '--ses-mail-from', 'bounce',
      '--ses-region', 'eu-west-1', '--json']));
    assert.deepEqual(j.publish.map((p) => [p.type, p.name]), [['TXT', 'example.com'], ['TXT', 'bounce.example.com'], ['MX', 'bounce.example.com']]);
  });

  test('bad usage exits 2', () => {
    assert.equal(authlens(['record', 'spf', '--include', 'google', '--ip4', '999.1.1.1']).code, 2);
    assert.equal(authlens(['record', 'spf', '--all', 'pass']).code, 2);
    assert.equal(authlens(['record', 'spf', '--include', 'bad domain']).code, 2);
    assert.equal(authlens(['record', 'spf', '--nope']).code, 2);
  });

  test('--check resolves the includes: the live budget and the record it replaces', () => {
    const r = authlens(['record', 'spf', '--domain', 'wizard.test', '--mx', '--include', 'spf-a.wizard.test', '--check', '--json', ...zone]);
    assert.equal(r.code, 0, r.out + r.err);
    const j = json(r);
    assert.equal(j.budget.lookups, 3);
    assert.equal(j.budget.done, true);
    assert.equal(j.budget.status, 'within');  // decided by the core (records::budget_status)
    assert.ok(j.budget.notes.some((n) => n.code === 'records.spf.replaces_live'));
    assert.equal(j.budget.tree.children.length, 1);
  });

  test('--check over the budget exits 1 and says so', () => {
    const r = authlens(['record', 'spf', '--domain', 'wizard.test', '--include', 'spf-b.wizard.test', '--include', 'spf-c.wizard.test',
      '--include', 'spf-d.wizard.test', '--check', ...zone]);
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.out, /12 of 10 lookups/);
    assert.match(r.out, /too_many_lookups/);
    const j = json(authlens(['record', 'spf', '--domain', 'wizard.test', '--include', 'spf-b.wizard.test', '--include',
      'spf-c.wizard.test', '--include', 'spf-d.wizard.test', '--check', '--json', ...zone]));
    assert.equal(j.budget.status, 'over_limit');
  });

  test('--check with an include that has no SPF record exits 1', () => {
    const r = authlens(['record', 'spf', '--domain', 'wizard.test', '--include', 'nothing.wizard.test', '--check', '--json', ...zone]);
    assert.equal(r.code, 1);
    assert.ok(json(r).budget.notes.some((n) => n.code === 'spf.lint.include_none'));
  });
});

describe('authlens record dmarc', () => {
  test('RFC 9989 record, external rua authorisation and the rollout plan', () => {
    const r = authlens(['record', 'dmarc', '--domain', 'example.com', '--p', 'quarantine', '--t', 'y',
      '--rua', 'mailto:dmarc@example.com', '--rua', 'reports@dmarc.example.net', '--json']);
    assert.equal(r.code, 0, r.err);
    const j = json(r);
    assert.equal(j.record, 'v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com,mailto:reports@dmarc.example.net; t=y; pct=0');
    assert.deepEqual(j.external_destinations, ['dmarc.example.net']);
    assert.equal(j.publish[1].name, 'example.com._report._dmarc.dmarc.example.net');
    assert.equal(j.rollout.length, 4);
    assert.equal(j.rollout.findIndex((s) => s.current), 1);
  });

  test('text output carries the mailing-list caution for p=reject', () => {
    const r = authlens(['record', 'dmarc', '--domain', 'example.com', '--p', 'reject', '--mailing-lists', '--rua', 'd@example.com']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /_dmarc\.example\.com\. 3600 IN TXT "v=DMARC1; p=reject; rua=mailto:d@example\.com"/);
    assert.match(r.out, /mailing lists/);
    assert.match(r.out, /rollout plan/);
  });

  test('bad usage exits 2', () => {
    assert.equal(authlens(['record', 'dmarc', '--p', 'reject']).code, 2);
    assert.equal(authlens(['record', 'dmarc', '--domain', 'example.com', '--p', 'block']).code, 2);
    assert.equal(authlens(['record', 'dmarc', '--domain', 'example.com', '--t', 'maybe']).code, 2);
  });
});

describe('authlens record dkim', () => {
  test('ed25519 key: record, snippets, rotation plan', () => {
    const r = authlens(['record', 'dkim', '--type', 'ed25519', '--domain', 'example.com', '--selector', 's202611', '--json']);
    assert.equal(r.code, 0, r.err);
    const j = json(r);
    assert.match(j.record, /^v=DKIM1; k=ed25519; p=[A-Za-z0-9+/]{43}=$/);
    assert.match(j.private_pem, /BEGIN PRIVATE KEY/);
    assert.equal(j.publish[0].name, 's202611._domainkey.example.com');
    assert.equal(j.rotation.length, 5);
  });

  test('RSA 2048 written to --key-out (owner-only), record split into 255-byte strings', () => {
    const key = join(tmp, `records-${process.pid}.pem`);
    rmSync(key, { force: true });
    const r = authlens(['record', 'dkim', '--type', 'rsa', '--domain', 'example.com', '--selector', 'k1', '--key-out', key, '--json']);
    assert.equal(r.code, 0, r.err);
    const j = json(r);
    assert.equal(j.private_pem, undefined, 'the key is not printed when written to a file');
    assert.ok(existsSync(key));
    assert.equal(statSync(key).mode & 0o777, 0o600);
    assert.match(readFileSync(key, 'utf8'), /BEGIN PRIVATE KEY/);
    assert.equal(j.publish[0].strings.length, 2);
    assert.ok(j.publish[0].strings.every((s) => s.length <= 255));
    assert.equal(j.publish[0].strings.join(''), j.record);
    // never overwrites
    assert.equal(authlens(['record', 'dkim', '--domain', 'example.com', '--selector', 'k1', '--key-out', key]).code, 2);
    rmSync(key, { force: true });
  });

  test('provider delegation: SES CNAMEs', () => {
    const j = json(authlens(['record', 'dkim', '--provider', 'ses', '--domain', 'example.com', '--token', 'aaa111',
      '--token', 'bbb222', '--token', 'ccc333', '--json']));
    assert.deepEqual(j.publish.map((p) => `${p.name} ${p.type} ${p.value}`), [
      'aaa111._domainkey.example.com CNAME aaa111.dkim.amazonses.com',
      'bbb222._domainkey.example.com CNAME bbb222.dkim.amazonses.com',
      'ccc333._domainkey.example.com CNAME ccc333.dkim.amazonses.com']);
  });

  test('bad usage exits 2', () => {
    assert.equal(authlens(['record', 'dkim', '--domain', 'example.com']).code, 2);
    assert.equal(authlens(['record', 'dkim', '--domain', 'example.com', '--selector', 's1', '--type', 'dsa']).code, 2);
    assert.equal(authlens(['record', 'dkim', '--domain', 'example.com', '--selector', 's1', '--bits', '512']).code, 2);
    assert.equal(authlens(['record', 'dkim', '--provider', 'ses', '--domain', 'example.com']).code, 2);
  });
});

// authlens() validates every --json run against schema/records.schema.json (tests/lib/schema.mjs picks the
// definition by subcommand: spf, spf --check, dmarc, dkim, dkim --key-out, dkim --provider).
test('every record --json shape matches its schema', () => {
  const runs = [
    ['record', 'spf', '--domain', 'example.com', '--a', '--host', 'out.example.com', '--ip6', '2001:db8::/32', '--include', 'ses',
      '--include', 'mailchimp', '--json'],
    ['record', 'spf', '--domain', 'wizard.test', '--include', 'spf-b.wizard.test', '--include', 'spf-c.wizard.test', '--check', '--json', ...zone],
    ['record', 'dmarc', '--domain', 'example.com', '--p', 'reject', '--sp', 'quarantine', '--np', 'reject', '--adkim', 's', '--aspf', 's',
      '--rua', 'd@example.com', '--ruf', 'f@example.com', '--fo', '1', '--json'],
    ['record', 'dmarc', '--domain', 'example.com', '--json'],
    ['record', 'dkim', '--domain', 'example.com', '--selector', 'k1', '--bits', '1024', '--date', '202611', '--json'],
    ['record', 'dkim', '--provider', 'sendgrid', '--domain', 'example.com', '--account', 'u1234567.wl123', '--json'],
    ['record', 'dkim', '--provider', 'm365', '--domain', 'example.com', '--account', 'contoso', '--json'],
  ];
  for (const args of runs) {
    const r = authlens(args);
    assert.ok([0, 1, 3].includes(r.code), `${args.join(' ')}: exit ${r.code}: ${r.err}`);
    assert.ok(json(r).kind, args.join(' '));
  }
  const near = json(authlens(runs[1]));
  assert.equal(near.budget.status, 'near_limit');
  assert.equal(near.budget.notes.find((n) => n.code === 'records.spf.budget').severity, 'warning');
});
