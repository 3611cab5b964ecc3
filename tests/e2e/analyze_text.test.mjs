// `authlens analyze`'s text view prints the mailbox providers' verdicts from the analysis's typed result,
// not from the report value (docs/decisions.md, "Start-up of the CLI, third pass"): its lines must say
// exactly what the JSON report's bulk_sender.providers says. English, where a rule's evidence is the
// report's own sentence; dates before and after some rules come into force. DNS from the test zone files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { authlens, authlensJson, sourceDir, zonesDir } from './lib.mjs';

const zones = readdirSync(zonesDir).filter((f) => f.endsWith('.zone')).flatMap((f) => ['--zone', join(zonesDir, f)]);
const messages = join(sourceDir, 'tests', 'data', 'messages');

/** The provider lines as the report's JSON says them. */
function expectedLines(report) {
  const lines = ['Mailbox providers (what the recipient will see):'];
  for (const p of report.bulk_sender.providers) {
    lines.push(`    ${p.name}: ${p.effect}${p.smtp_reply ? ` (${p.smtp_reply})` : ''}`);
    for (const r of p.rules)
      if (r.status === 'fail' && r.in_force)
        lines.push(`        ${r.requirement}: ${r.evidence} [${r.source.title}, ${r.effective}]`);
  }
  return lines;
}

for (const file of readdirSync(messages).filter((f) => f.endsWith('.eml'))) {
  for (const now of ['1795000100', '1700000000']) {
    test(`${file} at ${now}: the text's provider lines are the report's bulk_sender.providers`, () => {
      const args = ['analyze', join(messages, file), ...zones, '--now', now];
      const { j } = authlensJson([...args, '--json']);
      const text = authlens(args).out.split('\n');
      const from = text.indexOf('Mailbox providers (what the recipient will see):');
      assert.ok(from > 0, 'the providers section');
      const to = text.findIndex((l, i) => i > from && !l.startsWith('    '));
      assert.deepEqual(text.slice(from, to), expectedLines(j));
    });
  }
}
