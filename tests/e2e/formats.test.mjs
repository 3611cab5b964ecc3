// The single-area commands' --json output against schema/cli.schema.json (validated by lib.mjs's
// authlens(), like every CLI output of the e2e suites): spf check and lint, dkim verify (one file and
// several: JSONL), arc verify, dmarc check, dns; over the zone files, so no server is needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { authlens, sourceDir, zonesDir } from './lib.mjs';

const zones = readdirSync(zonesDir).filter((f) => f.endsWith('.zone')).flatMap((f) => ['--zone', join(zonesDir, f)]);
const messages = join(sourceDir, 'tests', 'data', 'messages');
const eml = readdirSync(messages).filter((f) => f.endsWith('.eml')).map((f) => join(messages, f));
const domains = ['domain-good.test', 'domain-bad.test', 'dmarc.test', 'analyze-shop.test', 'example.test', 'nowhere.test'];

/** Runs authlens (its JSON is validated in lib.mjs) and checks it ran. */
function run(args) {
  const r = authlens([...args, ...zones]);
  assert.ok([0, 1, 3].includes(r.code), `authlens ${args.join(' ')}: exit ${r.code}: ${r.err}`);
  assert.ok(r.out.trim().startsWith('{'), `authlens ${args.join(' ')}: no JSON: ${r.out}`);
  return r;
}

for (const d of domains) {
  test(`spf check / spf lint / dmarc check / dns: ${d}`, () => {
    run(['spf', 'check', '--ip', '192.0.2.10', '--sender', `bounce@${d}`, '--json']);
    run(['spf', 'check', '--ip', '2001:db8::25', '--helo', `mx.${d}`, '--identity', 'helo', '--sender', '', '--json']);
    run(['spf', 'lint', d, '--json']);
    run(['dmarc', 'check', d, '--json']);
    for (const type of ['TXT', 'MX', 'A']) run(['dns', d, type, '--json']);
  });
}

test('dkim verify and arc verify on every message vector', () => {
  assert.ok(eml.length >= 3);
  for (const f of eml) {
    run(['dkim', 'verify', f, '--now', '1795000000', '--json']);
    run(['arc', 'verify', f, '--now', '1795000000', '--json']);
  }
  const several = run(['dkim', 'verify', ...eml, '--now', '1795000000', '--json']);
  assert.equal(several.out.trim().split('\n').length, eml.length);
});
