// The same message vectors through the native CLI (`authlens headers --json FILE`) and the wasm
// module (authlens_headers) must give identical JSON.
//   AUTHLENS_CLI=<path to authlens> AUTHLENS_WASM_DIR=<dir of authlens.mjs> node --test tests/wasm/headers.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { assertCliOutput, coreOrSkip, messageVectors, repo, SKIP } from './helpers.mjs';

const cli = process.env.AUTHLENS_CLI || path.join(repo, 'build', 'native', 'native-cli', 'authlens');
if (!existsSync(cli)) {
  console.log(`# SKIP: no native CLI at ${cli}`);
  process.exit(SKIP);
}
const probe = spawnSync(cli, ['headers', '--json', '-'], { input: 'From: a@example.test\r\n\r\n', encoding: 'utf8' });
if (probe.status === 2 && !probe.stdout.trim()) {
  console.log(`# SKIP: this CLI has no 'headers' command yet (${probe.stderr.trim().split('\n')[0]})`);
  process.exit(SKIP);
}
const core = await coreOrSkip();
const vectors = messageVectors();

test('there are message vectors', () => {
  assert.ok(vectors.length >= 3, `vectors: ${vectors}`);
});

for (const file of vectors) {
  test(`headers: ${path.relative(repo, file)}`, () => {
    const bytes = readFileSync(file);
    const native = spawnSync(cli, ['headers', '--json', file], { encoding: 'utf8', maxBuffer: 64 << 20 });
    assert.ok(native.status === 0 || native.status === 1, `CLI exit ${native.status}: ${native.stderr}`);
    assertCliOutput(['headers', '--json', file], native.stdout);
    const wasm = core.headersText(bytes);
    assert.deepEqual(JSON.parse(wasm), JSON.parse(native.stdout));
  });
}
