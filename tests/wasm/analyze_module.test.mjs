// The page's two modules (wasm/CMakeLists.txt, docs/decisions.md "The page in two modules"):
// authlens-analyze (what the Analyze tab loads) must answer exactly as the full module for everything
// the Analyze tab asks — the analysis report, the headers view, a collection's inventory facts and the
// mbox split — and must not carry the other tabs' bindings (or the split saves nothing).
//   AUTHLENS_WASM_DIR=<dir of authlens.mjs> node --test tests/wasm/analyze_module.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadNodeCore } from '../../wasm/js/node.js';
import { runAnalysis } from '../../wasm/js/driver.js';
import { coreOrSkip, repo, wasmDir } from './helpers.mjs';

const full = await coreOrSkip();
if (!existsSync(path.join(wasmDir, 'authlens-analyze.wasm'))) {
  // Built by the same target set as authlens.wasm: its absence next to it is a build failure.
  assert.fail(`no authlens-analyze.wasm beside authlens.wasm in ${wasmDir}`);
}
const analyze = await loadNodeCore(wasmDir, 'authlens-analyze');

const NOW = 1795000100;
const messagesDir = path.join(repo, 'tests', 'data', 'messages');
const messages = readdirSync(messagesDir).filter((f) => f.endsWith('.eml')).sort();
const bench = path.join(repo, 'tests', 'bench', 'data');
const snapshot = readFileSync(path.join(bench, 'message-4k.snapshot.json'), 'utf8');

test('the same report, headers view and inventory facts from both modules', async () => {
  assert.ok(messages.length >= 10, `test messages: ${messages.length}`);
  const inputs = [...messages.map((f) => ({ file: f, bytes: readFileSync(path.join(messagesDir, f)), dns: { mode: 'offline' } })),
    { file: 'message-4k.eml', bytes: readFileSync(path.join(bench, 'message-4k.eml')), dns: { mode: 'snapshot', snapshot } }];
  for (const { file, bytes, dns } of inputs) {
    const opts = { request: { now: NOW }, dns };
    const a = await runAnalysis(analyze, bytes, opts);
    const b = await runAnalysis(full, bytes, opts);
    assert.deepEqual(a.report, b.report, file);
    assert.deepEqual(analyze.headers(bytes), full.headers(bytes), file);
    const source = { path: file, index: 0 };
    assert.deepEqual(analyze.call('inventory.facts', { report: { source, ...a.report } }),
      full.call('inventory.facts', { report: { source, ...b.report } }), file);
  }
  const fourK = await runAnalysis(analyze, readFileSync(path.join(bench, 'message-4k.eml')), { request: { now: NOW }, dns: { mode: 'snapshot', snapshot } });
  assert.equal(fourK.report.dmarc.result, 'pass', 'the 4 KB bench message passes DMARC from its snapshot');
});

test('the mbox split and the grouping of a collection from the Analyze module', () => {
  const one = readFileSync(path.join(messagesDir, messages[0]), 'latin1');
  const mbox = Buffer.from(`From a@b Mon Jan  1 00:00:00 2026\n${one}\nFrom c@d Mon Jan  1 00:00:00 2026\n${one}`, 'latin1');
  assert.deepEqual(analyze.splitMailbox(mbox), full.splitMailbox(mbox));
  assert.equal(analyze.splitMailbox(mbox)?.length, 2);
  assert.deepEqual(analyze.call('inventory', { facts: [], unreadable: [] }), full.call('inventory', { facts: [], unreadable: [] }));
});

test('the other tabs\' bindings are in the full module only', () => {
  for (const method of ['record.providers', 'aggregate.parse']) {
    assert.throws(() => analyze.call(method, {}), undefined, `${method} must not be in authlens-analyze`);
  }
  assert.ok(Array.isArray(full.call('record.providers', {}).spf));
  assert.ok(readFileSync(path.join(wasmDir, 'authlens-analyze.wasm')).length < readFileSync(path.join(wasmDir, 'authlens.wasm')).length);
});
