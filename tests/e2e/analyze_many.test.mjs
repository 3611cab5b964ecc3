// `authlens analyze PATH...` over many messages (issue 14): message files, a Maildir, an mbox and a
// missing path in one run; JSONL in input order with "source"; each line the same report the message
// gets alone; one shared DNS cache (each question asked once, checked with --stats against NSD);
// --record from a many-message run replays; exit codes; Ctrl-C writes every finished line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { authlens, authlensJson, bin, servers, sourceDir, tmp, zonesDir } from './lib.mjs';

const env = servers();
const messages = join(sourceDir, 'tests', 'data', 'messages');
const now = '1795000100';
const zones = ['analyze-shop.test.zone', 'analyze-esp.test.zone'].flatMap((z) => ['--zone', join(zonesDir, z)]);
const nsd = ['--resolver', env.AUTHLENS_NSD];
const msg = (f) => readFileSync(join(messages, f), 'utf8');

const dir = join(tmp, 'analyze-many');
rmSync(dir, { recursive: true, force: true });
for (const sub of ['maildir/cur', 'maildir/new', 'maildir/tmp', 'tree/b', 'tree/a']) mkdirSync(join(dir, sub), { recursive: true });
copyFileSync(join(messages, 'analyze-aligned.eml'), join(dir, 'maildir/cur/1700000000.1.host:2,S'));
copyFileSync(join(messages, 'analyze-tampered.eml'), join(dir, 'maildir/new/1700000001.2.host'));
writeFileSync(join(dir, 'maildir/tmp/partial'), 'Subject: delivery in progress\n\n');  // tmp/ is not read
// An mboxrd archive: the second message's body has a "From " line the writer quoted.
const quoted = msg('analyze-esp.eml').replace(/\n\n/, '\n\n>From the archive: quoted.\n');
writeFileSync(join(dir, 'archive.mbox'),
  `From news@analyze-shop.test Thu Nov 19 08:00:00 2026\n${msg('analyze-aligned.eml')}\n` +
  `From bounce@analyze-esp.test Thu Nov 19 08:00:01 2026\n${quoted}\n`);
copyFileSync(join(messages, 'analyze-aligned.eml'), join(dir, 'tree/b/one.eml'));
copyFileSync(join(messages, 'analyze-esp.eml'), join(dir, 'tree/a/two.eml'));

function lines(out) {
  return out.trim().split('\n').map((l) => JSON.parse(l));
}
function alone(file, source = zones) {
  return authlensJson(['analyze', file, '--json', '--now', now, ...source]).j;
}
function withoutSource(j) {
  const { source, ...rest } = j;
  return rest;
}

test('files, a Maildir, an mbox, a directory tree and a missing path: JSONL in input order', () => {
  const r = authlens(['analyze', join(messages, 'analyze-aligned.eml'), join(dir, 'maildir'), join(dir, 'archive.mbox'),
    join(dir, 'tree'), join(dir, 'missing.eml'), '--now', now, '--jobs', '3', ...zones]);
  const out = lines(r.out);
  assert.deepEqual(out.map((j) => [j.source.path.replace(dir, 'D').replace(messages, 'M'), j.source.index]), [
    ['M/analyze-aligned.eml', 0],
    ['D/maildir/cur/1700000000.1.host:2,S', 0],
    ['D/maildir/new/1700000001.2.host', 0],
    ['D/archive.mbox', 0],
    ['D/archive.mbox', 1],
    ['D/tree/a/two.eml', 0],
    ['D/tree/b/one.eml', 0],
    ['D/missing.eml', 0],
  ]);
  for (const j of out) assert.equal(j.schema, 'authlens/report/v1');
  assert.deepEqual(out.map((j) => j.dmarc?.result ?? j.error.code),
    ['pass', 'pass', 'fail', 'pass', 'fail', 'fail', 'pass', 'input.not_found']);
  // Each line is the report the message gets alone (the mbox's quoting undone).
  assert.deepEqual(withoutSource(out[0]), alone(join(messages, 'analyze-aligned.eml')));
  assert.deepEqual(withoutSource(out[3]), alone(join(messages, 'analyze-aligned.eml')));
  assert.deepEqual(withoutSource(out[6]), alone(join(dir, 'tree/b/one.eml')));
  assert.equal(out[4].dkim[0].result, 'fail', 'the quoted body line was added to the signed body');
  assert.equal(r.code, 2, 'an unreadable input makes the exit code 2');
});

test('exit codes: 0 when every message passes DMARC, 1 when one does not', () => {
  const pass = authlens(['analyze', join(messages, 'analyze-aligned.eml'), join(dir, 'tree/b'), '--now', now, ...zones]);
  assert.equal(pass.code, 0, pass.err);
  assert.equal(lines(pass.out).length, 2);
  const fail = authlens(['analyze', join(dir, 'tree'), '--now', now, ...zones]);
  assert.equal(fail.code, 1, fail.err);
});

test('standard input as an mbox with --mbox, and --jsonl for one message', () => {
  const box = readFileSync(join(dir, 'archive.mbox'));
  const r = spawnSync(bin, ['analyze', '-', '--mbox', '--now', now, ...zones], { input: box, encoding: 'utf8', timeout: 30000 });
  const fromStdin = lines(r.stdout);
  assert.deepEqual(fromStdin.map((j) => [j.source.path, j.source.index, j.dmarc.result]), [['-', 0, 'pass'], ['-', 1, 'fail']]);
  const one = authlens(['analyze', join(messages, 'analyze-aligned.eml'), '--jsonl', '--now', now, ...zones]);
  const out = lines(one.out);
  assert.equal(out.length, 1);
  assert.deepEqual(out[0].source, { path: join(messages, 'analyze-aligned.eml'), index: 0 });
});

test('one shared DNS cache: every question is asked once however many messages need it', () => {
  const copies = join(dir, 'copies');
  mkdirSync(copies, { recursive: true });
  for (let i = 0; i < 24; i++) copyFileSync(join(messages, 'analyze-aligned.eml'), join(copies, `m${String(i).padStart(2, '0')}.eml`));
  const single = alone(join(messages, 'analyze-aligned.eml'), nsd);
  const distinct = single.dns.transcript.length;
  const r = authlens(['analyze', copies, '--now', now, '--jobs', '4', '--stats', ...nsd], 60000);
  assert.equal(r.code, 0, r.err);
  const out = lines(r.out);
  assert.equal(out.length, 24);
  for (const j of out) assert.equal(j.dmarc.result, 'pass');
  const stats = JSON.parse(r.err.trim().split('\n').pop());
  assert.equal(stats.messages, 24);
  assert.equal(stats.dns_asked, distinct, `asked ${stats.dns_asked} questions for 24 messages; one message needs ${distinct}`);
  assert.equal(stats.dns_from_cache, distinct * 23);
});

test('--record from a many-message run replays with --snapshot to the same reports', () => {
  const snap = join(dir, 'many.snapshot.json');
  const live = authlens(['analyze', join(dir, 'tree'), '--now', now, '--record', snap, ...nsd], 60000);
  const replay = authlens(['analyze', join(dir, 'tree'), '--now', now, '--snapshot', snap]);
  const a = lines(live.out), b = lines(replay.out);
  assert.equal(a.length, 2);
  assert.deepEqual(b.map((j) => [j.dmarc.result, j.spf.result, j.dkim[0].result]), a.map((j) => [j.dmarc.result, j.spf.result, j.dkim[0].result]));
  assert.equal(replay.code, live.code);
});

test('Ctrl-C ends the run cleanly: every line written is whole, and fewer than all were analysed', async () => {
  const many = join(dir, 'slow');
  mkdirSync(many, { recursive: true });
  for (let i = 0; i < 60; i++) copyFileSync(join(messages, 'analyze-esp.eml'), join(many, `m${String(i).padStart(2, '0')}.eml`));
  // The delayed server answers every question after a pause, and --timeout 1 s keeps each message
  // slow enough to interrupt in the middle; distinct --now values defeat nothing: the cache is per run.
  const child = spawn(bin, ['analyze', many, '--now', now, '--jobs', '1', '--resolver', env.AUTHLENS_DELAY]);
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
    if (out.includes('\n') && !child.killed) child.kill('SIGINT');
  });
  const code = await new Promise((resolve) => child.on('close', (c) => resolve(c)));
  const got = lines(out);
  assert.equal(code, 130);
  assert.ok(got.length >= 1 && got.length < 60, `${got.length} lines`);
  for (const j of got) assert.equal(j.schema, 'authlens/report/v1');
});
