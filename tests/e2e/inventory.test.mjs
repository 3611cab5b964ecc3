// `authlens inventory` (issue 14): the same messages as an mbox, a Maildir and a folder give the same
// JSONL (up to "source") and the same inventory (up to the example paths); `--from-jsonl` over two
// partial runs equals one run over everything; --csv has one row per stream.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { authlens, sourceDir, tmp, zonesDir } from './lib.mjs';

const messages = join(sourceDir, 'tests', 'data', 'messages');
const now = '1795000100';
const zones = ['analyze-shop.test.zone', 'analyze-esp.test.zone'].flatMap((z) => ['--zone', join(zonesDir, z)]);
const files = ['analyze-aligned.eml', 'analyze-esp.eml', 'analyze-tampered.eml', 'analyze-aligned.eml', 'analyze-esp.eml'];

const dir = join(tmp, 'inventory');
rmSync(dir, { recursive: true, force: true });
for (const sub of ['folder', 'maildir/cur', 'maildir/new', 'maildir/tmp', 'part1', 'part2']) mkdirSync(join(dir, sub), { recursive: true });
let mbox = '';
files.forEach((f, i) => {
  const name = `m${i}.eml`;
  copyFileSync(join(messages, f), join(dir, 'folder', name));
  copyFileSync(join(messages, f), join(dir, 'maildir/cur', name));
  copyFileSync(join(messages, f), join(dir, i < 2 ? 'part1' : 'part2', name));
  mbox += `From sender@example.test Thu Nov 19 08:00:0${i} 2026\n${readFileSync(join(messages, f), 'utf8')}\n`;
});
writeFileSync(join(dir, 'all.mbox'), mbox);

const lines = (out) => out.trim().split('\n').map((l) => JSON.parse(l));
const withoutSource = (j) => { const { source, ...rest } = j; return rest; };
function inventory(args) {
  const r = authlens(['inventory', ...args, '--json', '--now', now, ...zones]);
  const j = JSON.parse(r.out);
  return { code: r.code, j, err: r.err };
}
const withoutExamples = (inv) => ({ ...inv, streams: inv.streams.map(({ examples, ...s }) => s) });

test('an mbox, a Maildir and a folder give the same JSONL up to "source"', () => {
  const run = (p) => lines(authlens(['analyze', join(dir, p), '--now', now, ...zones]).out).map(withoutSource);
  const folder = run('folder');
  assert.equal(folder.length, files.length);
  assert.deepEqual(run('maildir'), folder);
  assert.deepEqual(run('all.mbox'), folder);
});

test('the inventory groups the messages into streams, the same from every form', () => {
  const a = inventory([join(dir, 'folder')]);
  assert.equal(a.j.schema, 'authlens/inventory/v1');
  assert.equal(a.j.messages, 5);
  assert.equal(a.j.unreadable, 0);
  assert.deepEqual(a.j.streams.map((s) => [s.messages, s.from_domain, s.mail_from_domain, s.dkim_domains]), [
    [3, 'analyze-shop.test', 'analyze-shop.test', ['analyze-shop.test']],
    [2, 'analyze-shop.test', 'bounce.analyze-esp.test', ['analyze-esp.test']],
  ]);
  const esp = a.j.streams[1];
  assert.deepEqual(esp.dkim, { pass_aligned: 0, pass_not_aligned: 2, not_pass: 0 });
  assert.deepEqual(esp.dmarc, { pass: 0, fail: 2, none: 0, error: 0 });
  assert.equal(esp.fix, 'fix.dkim.sign_with_author_domain');
  assert.ok(esp.fix_text.includes('d=analyze-shop.test'), esp.fix_text);
  assert.equal(esp.examples.length, 2);
  assert.equal(a.j.streams[0].dmarc.pass, 2);
  assert.equal(a.code, 1, 'some messages fail DMARC');
  assert.deepEqual(withoutExamples(inventory([join(dir, 'maildir')]).j), withoutExamples(a.j));
  assert.deepEqual(withoutExamples(inventory([join(dir, 'all.mbox')]).j), withoutExamples(a.j));
});

test('--from-jsonl merges partial runs into the inventory of one run', () => {
  const one = inventory([join(dir, 'part1'), join(dir, 'part2')]);
  const p1 = join(dir, 'part1.jsonl'), p2 = join(dir, 'part2.jsonl');
  writeFileSync(p1, authlens(['analyze', join(dir, 'part1'), '--jsonl', '--now', now, ...zones]).out);
  writeFileSync(p2, authlens(['analyze', join(dir, 'part2'), '--jsonl', '--now', now, ...zones]).out);
  const merged = authlens(['inventory', '--from-jsonl', p2, p1, '--json']);
  assert.deepEqual(JSON.parse(merged.out), one.j, 'the merge does not depend on the order of the files either');
  assert.equal(merged.code, one.code);
  const bad = join(dir, 'bad.jsonl');
  writeFileSync(bad, '{"schema":"authlens/domain/v1"}\n');
  const refused = authlens(['inventory', '--from-jsonl', bad]);
  assert.equal(refused.code, 2);
  assert.match(refused.err, /bad\.jsonl:1: not an analyze report line/);
});

test('--csv: a header and one row per stream; text output names the streams', () => {
  const r = authlens(['inventory', join(dir, 'folder'), '--csv', '--now', now, ...zones]);
  const rows = r.out.trim().split('\r\n');
  assert.equal(rows.length, 3);
  assert.ok(rows[0].startsWith('from_domain,mail_from_domain,dkim_domains,provider,messages,'));
  assert.ok(rows[2].startsWith('analyze-shop.test,bounce.analyze-esp.test,analyze-esp.test,own servers,2,'), rows[2]);
  const text = authlens(['inventory', join(dir, 'folder'), '--now', now, ...zones]).out;
  assert.match(text, /^5 messages, 0 unreadable, 2 sending streams/);
  assert.match(text, /fix: have the sender sign as d=analyze-shop\.test/);
});
