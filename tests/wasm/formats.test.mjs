// Every format the wasm module hands the page, checked against schema/ (coreOrSkip gives a core whose
// headers view, job results, snapshots and aggregate.parse output are validated: tests/wasm/helpers.mjs):
// the domain job (offline, and replaying a snapshot the CLI recorded from the test zones), the
// aggregate reports (aggregate.parse, with and without records, a broken file among them) and the
// aggregate.ptr job.
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
