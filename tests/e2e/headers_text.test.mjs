// `authlens headers` text vs JSON for message text that carries control characters: a decoded
// encoded word with NUL, CR, LF or NEL is shown escaped on the terminal ("\x00", "\r", "\n",
// "\u0085") and kept as the real characters in --json (JSON escapes them itself). No DNS is used.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { authlens, tmp } from './lib.mjs';

const message = [
  'From: =?UTF-8?Q?Bank_of_Example=0D=0A?= <x@evil.example>',
  'To: you@receiver.example',
  'Subject: =?UTF-8?Q?Invoice=00_paid?= =?UTF-8?B?wofCheKAiw==?=',
  'Date: Mon, 23 Nov 2026 07:00:00 +0000',
  '',
  'body',
  '',
].join('\r\n');
const file = join(tmp, 'control-characters.eml');
writeFileSync(file, message);

test('text output escapes control characters from encoded words', () => {
  const r = authlens(['headers', file]);
  assert.equal(r.code, 0, r.err);
  const subject = r.out.split('\n').find((l) => l.startsWith('Subject: '));
  assert.equal(subject, 'Subject: Invoice\\x00 paid\\u0087\\u0085\u200b');
  const from = r.out.split('\n').find((l) => l.startsWith('From: '));
  assert.equal(from, 'From: Bank of Example\\r\\n <x@evil.example>');
  assert.ok(!/[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]/.test(r.out), 'no raw control character reaches the terminal');
  assert.match(r.out, /mime\.encoded_word\.control/);
});

test('JSON keeps the real characters', () => {
  const r = authlens(['headers', file, '--json']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(j.subject, 'Invoice\u0000 paid\u0087\u0085\u200b');
  assert.equal(j.addresses.from[0].display_name, 'Bank of Example\r\n');
  assert.equal(j.addresses.from[0].address, 'x@evil.example');
});
