// Every format the wasm module hands the page, checked against schema/ (coreOrSkip gives a core whose
// headers view, job results, snapshots and aggregate.parse output are validated: tests/wasm/helpers.mjs):
// the domain job (offline, and replaying a snapshot the CLI recorded from the test zones), the
// aggregate reports (aggregate.parse, with and without records, a broken file among them), the
// aggregate.ptr job, the record wizard's record.* methods and the spf.budget job (replaying snapshots
// `record spf --check` records from tests/data/records/wizard.zone; the same budget as the CLI's).
//   AUTHLENS_CLI=<authlens> AUTHLENS_WASM_DIR=<dir of authlens.mjs> node --test tests/wasm/formats.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runJob } from '../../wasm/js/driver.js';
import { assertCliOutput, assertSchema, coreOrSkip, repo, SKIP } from './helpers.mjs';

const cli = process.env.AUTHLENS_CLI || path.join(repo, 'build', 'native', 'native-cli', 'authlens');
if (!existsSync(cli)) {
  console.log(`# SKIP: no authlens CLI at ${cli}`);
  process.exit(SKIP);
}
const core = await coreOrSkip();
const zones = path.join(repo, 'tests', 'data', 'zones');
const zoneArgs = ['example.test.zone', '2.0.192.in-addr.arpa.zone', 'domain-good.test.zone', 'domain-bad.test.zone',
  'domain-none.test.zone'].flatMap((z) => ['--zone', path.join(zones, z)]);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'authlens-formats-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

/** `authlens domain D --json --record FILE`: the CLI's document (validated) and its snapshot. */
function recordDomain(domain) {
  const file = path.join(tmp, `${domain}.snapshot.json`);
  const args = ['domain', domain, '--json', '--no-fetch', ...zoneArgs, '--record', file];
  const r = spawnSync(cli, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.ok([0, 1, 3].includes(r.status), `authlens ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  assertCliOutput(args, r.stdout);
  const snapshot = readFileSync(file, 'utf8');
  assertSchema('dns-snapshot', JSON.parse(snapshot), `snapshot of ${domain}`);
  return { native: JSON.parse(r.stdout), snapshot };
}

for (const domain of ['domain-good.test', 'domain-bad.test', 'domain-none.test']) {
  test(`domain job: ${domain} replayed from the CLI's snapshot`, async () => {
    const { native, snapshot } = recordDomain(domain);
    const run = await runJob(core, 'domain', domain, { dns: { mode: 'snapshot', snapshot }, request: { probe: true } });
    assert.equal(run.result.schema, 'authlens/domain/v1');
    assert.equal(run.result.domain, domain);
    assert.deepEqual(run.result.areas.map((a) => a.name), native.areas.map((a) => a.name));
  });
}

test('domain job offline', async () => {
  const run = await runJob(core, 'domain', 'example.test', { dns: { mode: 'offline' } });
  assert.equal(run.result.schema, 'authlens/domain/v1');
});

const aggregateFiles = () => {
  const dir = path.join(repo, 'tests', 'data', 'aggregate');
  const files = ['minimal.xml', 'minimal.xml.gz', 'minimal.zip'].map((name) => ({ name, base64: readFileSync(path.join(dir, name)).toString('base64') }));
  files.push({ name: 'broken.xml.gz', base64: Buffer.from('not gzip at all').toString('base64') });
  return files;
};

for (const records of [false, true]) {
  test(`aggregate.parse (records: ${records})`, () => {
    const doc = core.call('aggregate.parse', { files: aggregateFiles(), records });
    assert.equal(doc.schema, 'authlens/dmarc-aggregate/v1');
    assert.equal(doc.counts.files, 4);
    assert.equal(doc.counts.error, 1);
    assert.equal(doc.files.filter((f) => f.report?.records).length, records ? 3 : 0);
  });
}

test('aggregate.ptr job: offline, and replaying PTR answers', async () => {
  const doc = core.call('aggregate.parse', { files: aggregateFiles() });
  const input = JSON.stringify({ sources: doc.summary.sources.map(({ ip, messages }) => ({ ip, messages })) });
  const offline = await runJob(core, 'aggregate.ptr', input, { dns: { mode: 'offline' } });
  assert.equal(offline.result.schema, 'authlens/aggregate-ptr/v1');
  const answers = doc.summary.sources.map(({ ip }) => ({
    name: ip.includes(':') ? 'x.ip6.arpa' : `${ip.split('.').reverse().join('.')}.in-addr.arpa`,
    type: 'PTR', status: 'NOERROR', ttl: 60, records: ['mail.example.test.'],
  }));
  const snapshot = JSON.stringify({ schema: 'authlens/dns-snapshot/v1', answers });
  const replay = await runJob(core, 'aggregate.ptr', input, { dns: { mode: 'snapshot', snapshot } });
  assert.equal(replay.result.schema, 'authlens/aggregate-ptr/v1');
  assert.ok(replay.result.sources.length >= 1);
});

// Senders (aggregate.senders, validated against schema/dmarc-aggregate.schema.json#/$defs/senders): the
// aggregate.ptr job places 209.85.220.x in Google's SPF tree (replayed from a snapshot; other names are
// NXDOMAIN), and its result, handed back as "lookup", names the sender; a filter; the CSV by sender.
test('aggregate.senders with the aggregate.ptr job\'s providers, a filter, and CSV by sender', async () => {
  const dir = path.join(repo, 'tests', 'data', 'aggregate');
  const files = ['senders-a.xml', 'senders-b.xml'].map((name) => ({ name, base64: readFileSync(path.join(dir, name)).toString('base64') }));
  const plain = core.call('aggregate.senders', { files });
  assert.equal(plain.lookup, 'none');
  assert.equal(plain.senders[0].id, '209.85.220.0/24');
  const doc = core.call('aggregate.parse', { files });
  const input = JSON.stringify({ sources: doc.summary.sources.map(({ ip, messages }) => ({ ip, messages })) });
  const txt = (name, record) => ({ name, type: 'TXT', status: 'NOERROR', ttl: 60, records: [[record]] });
  const snapshot = JSON.stringify({ schema: 'authlens/dns-snapshot/v1', answers: [
    txt('_spf.google.com', 'v=spf1 include:_netblocks.google.com ~all'), txt('_netblocks.google.com', 'v=spf1 ip4:209.85.128.0/17 ~all')] });
  const run = await runJob(core, 'aggregate.ptr', input, { dns: { mode: 'snapshot', snapshot } });
  assert.equal(run.result.providers, true);
  const google = run.result.sources.find((x) => x.ip === '209.85.220.41');
  assert.deepEqual([google.in_provider, google.provider, google.sender.name], ['found', 'google_workspace', 'Google Workspace']);
  const named = core.call('aggregate.senders', { files, lookup: run.result.sources, filter: { failures_only: true } });
  assert.equal(named.lookup, 'complete');
  assert.equal(named.filter.failures_only, true);
  // SendGrid's tree is not in the snapshot (NXDOMAIN), nor are PTRs: its IPs stay in their network.
  assert.deepEqual([named.senders[0].kind, named.senders[0].id, named.senders[0].messages], ['prefix', '149.72.10.0/24', 12]);
  assert.equal(named.senders.find((x) => x.id === 'google_workspace').messages, 5);
  const csv = core.call('aggregate.csv', { files, by: 'sender', lookup: run.result.sources });
  assert.match(csv.csv, /^sender_kind,sender_id,sender,/);
  assert.match(csv.csv, /\r\nprovider,google_workspace,Google Workspace,55,/);
});

// The record wizard (wasm/bindings_records.cpp): every record.* method and the spf.budget job, whose
// results the validating core checks against schema/records.schema.json.
test('record.providers, record.spf, record.dmarc, record.dkim, record.delegation', () => {
  const providers = core.call('record.providers', {});
  assert.ok(providers.spf.some((p) => p.id === 'google'));
  assert.ok(providers.dkim.some((p) => p.id === 'ses'));
  const spf = core.call('record.spf', { domain: 'example.com', providers: ['google', 'ses'], ip4: ['192.0.2.0/24'], mx: true,
    all: 'softfail', ses_mail_from: 'bounce' });
  assert.equal(spf.kind, 'spf');
  assert.deepEqual(spf.publish.map((p) => p.type), ['TXT', 'TXT', 'MX']);
  const dmarc = core.call('record.dmarc', { domain: 'example.com', p: 'reject', rua: ['reports@dmarc.example.net'], ruf: ['f@example.com'],
    fo: '1', mailing_lists: true });
  assert.equal(dmarc.rollout.find((s) => s.current).code, 'records.dmarc.stage.reject');
  assert.deepEqual(dmarc.external_destinations, ['dmarc.example.net']);
  const random = Buffer.alloc(64, 7).toString('base64');
  let rsaRecord = '';
  for (const type of ['ed25519', 'rsa']) {
    const dkim = core.call('record.dkim', { domain: 'example.com', selector: 's202611', type, bits: 2048, date: '202611', random });
    assert.equal(dkim.kind, 'dkim');
    assert.equal(dkim.rotation.length, 5);
    if (type === 'rsa') rsaRecord = dkim.record;
  }
  const delegations = [
    { provider: 'ses', tokens: ['aaa111', 'bbb222', 'ccc333'] },
    { provider: 'sendgrid', account: 'u1234567.wl123' },
    { provider: 'm365', account: 'contoso' },
    { provider: 'google', tokens: [rsaRecord] },  // the TXT value from the Admin console: a 2048-bit key, split
  ];
  for (const d of delegations) {
    const out = core.call('record.delegation', { domain: 'example.com', ...d });
    assert.equal(out.kind, 'delegation', d.provider);
  }
  assert.throws(() => core.call('record.spf', { ip4: ['999.1.1.1'] }), /ip4|IPv4|address/i);
});

test('spf.budget job: offline, and replaying the wizard zone (within, near the limit, over it)', async () => {
  const offline = await runJob(core, 'spf.budget', 'v=spf1 include:_spf.google.com -all', { request: { domain: 'example.com' }, dns: { mode: 'offline' } });
  assert.equal(offline.result.done, false);
  assert.equal(offline.result.status, 'incomplete');
  const zone = ['--zone', path.join(repo, 'tests', 'data', 'records', 'wizard.zone')];
  const cases = [
    [['--mx', '--include', 'spf-a.wizard.test'], 'within', 3],
    [['--include', 'spf-b.wizard.test', '--include', 'spf-c.wizard.test'], 'near_limit', 8],
    [['--include', 'spf-b.wizard.test', '--include', 'spf-c.wizard.test', '--include', 'spf-d.wizard.test'], 'over_limit', 12],
  ];
  for (const [opts, status, lookups] of cases) {
    const file = path.join(tmp, `budget-${status}.snapshot.json`);
    const args = ['record', 'spf', '--domain', 'wizard.test', ...opts, '--check', '--json', ...zone, '--record', file];
    const r = spawnSync(cli, args, { encoding: 'utf8' });
    assert.ok([0, 1].includes(r.status), `authlens ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
    assertCliOutput(args, r.stdout);
    const native = JSON.parse(r.stdout);
    assert.equal(native.budget.status, status);
    const snapshot = readFileSync(file, 'utf8');
    assertSchema('dns-snapshot', JSON.parse(snapshot), `snapshot of record spf ${status}`);
    const run = await runJob(core, 'spf.budget', native.record, { request: { domain: 'wizard.test' }, dns: { mode: 'snapshot', snapshot } });
    assert.equal(run.result.status, status);
    assert.equal(run.result.lookups, lookups);
    const { dns: _wasmDns, ...wasm } = run.result;
    const { dns: _cliDns, ...cliBudget } = native.budget;
    assert.deepEqual(wasm, cliBudget, 'the page and the CLI give the same budget');
  }
});
