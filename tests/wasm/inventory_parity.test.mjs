// Inventory parity (issue 14): the same messages and DNS snapshot through the native CLI
// (`authlens inventory FILE... --snapshot SNAP --json`) and through the wasm module under Node (each
// message by the "analysis" job, as the page does, then the "inventory" method) give the identical
// authlens/inventory/v1: the grouping is one function of the core, used by both faces.
//   AUTHLENS_CLI=<path to authlens> AUTHLENS_WASM_DIR=<dir of authlens.mjs> node --test tests/wasm/inventory_parity.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runAnalysis } from '../../wasm/js/driver.js';
import { coreOrSkip, repo, SKIP } from './helpers.mjs';
import { assertSchema } from '../lib/schema.mjs';

const cli = process.env.AUTHLENS_CLI || path.join(repo, 'build', 'native', 'native-cli', 'authlens');
if (!existsSync(cli)) {
  console.log(`# SKIP: no native CLI at ${cli}`);
  process.exit(SKIP);
}
const core = await coreOrSkip();
const messagesDir = path.join(repo, 'tests', 'data', 'messages');
const zonesDir = path.join(repo, 'tests', 'data', 'zones');
const zoneArgs = readdirSync(zonesDir).filter((f) => f.endsWith('.zone')).sort().flatMap((z) => ['--zone', path.join(zonesDir, z)]);
const NOW = 1795000100;
const files = ['analyze-aligned.eml', 'analyze-esp.eml', 'analyze-tampered.eml', 'analyze-arc-sealed.eml', 'bare-lf.eml',
  'headers-only.eml', 'relayed-attachment.eml'].map((f) => path.join(messagesDir, f));

const tmp = mkdtempSync(path.join(os.tmpdir(), 'authlens-inventory-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

function authlens(args) {
  const r = spawnSync(cli, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.ok(r.status === 0 || r.status === 1, `authlens ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  return r.stdout;
}

test('the wasm inventory of the page equals the CLI inventory for the same messages and snapshot', async () => {
  const snap = path.join(tmp, 'dns.json');
  authlens(['analyze', ...files, '--now', String(NOW), ...zoneArgs, '--record', snap]);
  const native = JSON.parse(authlens(['inventory', ...files, '--json', '--now', String(NOW), '--snapshot', snap]));
  assert.equal(native.messages, files.length);
  assert.ok(native.streams.length >= 3, JSON.stringify(native.streams.map((s) => s.from_domain)));
  const snapshot = readFileSync(snap, 'utf8');
  const reports = [];
  for (const file of files) {
    const { report } = await runAnalysis(core, readFileSync(file), { request: { now: NOW }, dns: { mode: 'snapshot', snapshot } });
    reports.push({ source: { path: file, index: 0 }, ...report });
  }
  const wasm = core.call('inventory', { reports });
  assertSchema('inventory', wasm, 'the wasm inventory method');
  assert.deepEqual(wasm, native);
  const withCsv = core.call('inventory', { reports, csv: true });
  assert.ok(withCsv.csv.startsWith('from_domain,mail_from_domain,dkim_domains,provider,messages,'));
  assert.throws(() => core.call('inventory', { reports: [{ schema: 'authlens/domain/v1' }] }), (e) => e.code === 'inventory.not_a_report');
  // The facts the page keeps instead of the reports give the same inventory.
  const facts = reports.map((report) => core.call('inventory.facts', { report }).facts);
  assert.deepEqual(core.call('inventory', { facts }), native);
  assert.throws(() => core.call('inventory', { facts: [{ from_domain: 'x' }] }), (e) => e.code === 'inventory.not_facts');
  // "members": the position of every report in its stream, each report in exactly one stream.
  const withMembers = core.call('inventory', { reports, members: true });
  assert.equal(withMembers.members.length, native.streams.length);
  native.streams.forEach((s, i) => assert.equal(withMembers.members[i].length, s.messages, `stream ${i}`));
  assert.deepEqual(withMembers.members.flat().sort((a, b) => a - b), reports.map((_, i) => i));
  for (const [i, list] of withMembers.members.entries()) {
    for (const p of list) assert.equal(reports[p].author_domain.toLowerCase(), native.streams[i].from_domain, `report ${p} in stream ${i}`);
  }

});

test('an mbox cut by the wasm core gives the messages the CLI reads from it', async () => {
  const parts = files.slice(0, 3).map((f) => readFileSync(f, 'latin1'));
  // mboxrd: a body line "From …" is written as ">From …", and the reader takes the '>' away again.
  const mbox = parts.map((m, i) => `From x@example.test Mon Nov 23 07:00:0${i} 2026\n${m.replace(/^(>*From )/gm, '>$1')}\n`).join('');
  const cut = core.splitMailbox(Buffer.from(mbox, 'latin1'));
  assert.equal(cut.length, parts.length);
  cut.forEach((m, i) => {
    assert.equal(m.index, i);
    assert.equal(Buffer.from(m.bytes).toString('latin1'), parts[i].endsWith('\n') ? parts[i] : `${parts[i]}\n`);
  });
  assert.equal(core.splitMailbox(readFileSync(files[0])), null, 'a single message is not an mbox');
  const file = path.join(tmp, 'three.mbox');
  writeFileSync(file, mbox, 'latin1');
  const lines = authlens(['analyze', file, '--jsonl', ...zoneArgs, '--now', String(NOW)]).trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => l.source), [0, 1, 2].map((index) => ({ path: file, index })));
});
