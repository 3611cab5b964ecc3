// The "beyond one machine" recipe of docs/inventory.md, run on loopback: record the DNS once, run the
// map step on GNU parallel (--pipe over an mbox, two messages a job) with that snapshot, merge with
// `inventory --from-jsonl`; the merged inventory equals a single run's (up to the example sources,
// which --pipe cannot know).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { authlens, bin, servers, sourceDir, tmp } from './lib.mjs';

const env = servers();
const messages = join(sourceDir, 'tests', 'data', 'messages');
const now = '1795000100';
const dir = join(tmp, 'parallel-recipe');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const files = ['analyze-aligned.eml', 'analyze-esp.eml', 'analyze-tampered.eml', 'analyze-esp.eml', 'analyze-aligned.eml',
  'analyze-esp.eml', 'analyze-aligned.eml'];
writeFileSync(join(dir, 'all.mbox'), files.map((f, i) =>
  `From sender@example.test Thu Nov 19 08:00:0${i} 2026\n${readFileSync(join(messages, f), 'utf8')}\n`).join(''));

const withoutExamples = (inv) => ({ ...inv, streams: inv.streams.map(({ examples, ...s }) => s) });

test('GNU parallel --pipe over an mbox with one recorded snapshot, merged, equals one run', () => {
  const snap = join(dir, 'dns.json');
  const record = authlens(['analyze', join(dir, 'all.mbox'), '--now', now, '--record', snap, '--resolver', env.AUTHLENS_NSD]);
  assert.equal(record.out.trim().split('\n').length, files.length, record.err);
  const map = spawnSync('bash', ['-c',
    `parallel --pipe --recstart 'From ' -N 2 --jobs 2 "$AUTHLENS_BIN" analyze - --mbox --jsonl --now ${now} --snapshot ${snap} ` +
    `< all.mbox > parts.jsonl; [ -s parts.jsonl ]`],
    { cwd: dir, encoding: 'utf8', timeout: 120000, env: { ...process.env, AUTHLENS_BIN: bin } });
  assert.equal(map.status, 0, map.stderr);
  const parts = readFileSync(join(dir, 'parts.jsonl'), 'utf8').trim().split('\n');
  assert.equal(parts.length, files.length);
  assert.ok(parts.every((l) => JSON.parse(l).source.path === '-'));
  const merged = JSON.parse(authlens(['inventory', '--from-jsonl', join(dir, 'parts.jsonl'), '--json']).out);
  const single = JSON.parse(authlens(['inventory', join(dir, 'all.mbox'), '--json', '--now', now, '--snapshot', snap]).out);
  assert.equal(single.messages, files.length);
  assert.deepEqual(withoutExamples(merged), withoutExamples(single));
});
