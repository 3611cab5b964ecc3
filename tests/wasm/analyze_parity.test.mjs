// `analyze` parity: the same message, envelope, clock and DNS snapshot through the native CLI
// (`authlens analyze FILE --json --snapshot SNAP --now T`) and through the wasm module under Node (the
// page's "Replay with a DNS snapshot" path: runAnalysis with dns {mode: 'snapshot'}) must give the
// identical report (DESIGN.md "Report format": "the same from CLI and WebAssembly").
// The snapshot of each case is recorded by the CLI itself from the test zone files
// (`analyze … --zone tests/data/zones/*.zone --record SNAP`), so both faces replay the same answers.
//   AUTHLENS_CLI=<path to authlens> AUTHLENS_WASM_DIR=<dir of authlens.mjs> node --test tests/wasm/analyze_parity.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runAnalysis } from '../../wasm/js/driver.js';
import { assertCliOutput, coreOrSkip, repo, SKIP, wasmDir } from './helpers.mjs';

const cli = process.env.AUTHLENS_CLI || path.join(repo, 'build', 'native', 'native-cli', 'authlens');
if (!existsSync(cli)) {
  console.log(`# SKIP: no native CLI at ${cli}`);
  process.exit(SKIP);
}
const core = await coreOrSkip();

const messagesDir = path.join(repo, 'tests', 'data', 'messages');
const zonesDir = path.join(repo, 'tests', 'data', 'zones');
const zoneArgs = readdirSync(zonesDir).filter((f) => f.endsWith('.zone')).sort().flatMap((z) => ['--zone', path.join(zonesDir, z)]);
const messages = readdirSync(messagesDir).filter((f) => /\.eml$/i.test(f)).sort();
const NOW = 1795000100; // 2026-11-18T11:08:20Z, as tests/e2e/analyze.test.mjs: 100 s after the test messages' DKIM t=

// Report fields allowed to differ between the two faces, as paths ("a.b" — a member at any array
// index is written "a.*.b"), each with its reason. Anything not listed here that differs fails.
const ALLOWED = {
  // none known: both faces run the same core over the same answers, with the clock given as input.
};

// The envelope cases: every message alone (envelope taken from the message), plus the ones whose
// verdict depends on a given envelope.
const cases = messages.map((file) => ({ file, env: {} }));
cases.push(
  { file: 'analyze-aligned.eml', env: { mail_from: '' } },
  { file: 'analyze-aligned.eml', env: { mail_from: '<>', helo: 'mail.analyze-shop.test' } },
  { file: 'analyze-aligned.eml', env: { ip: '203.0.113.9', helo: 'gateway.elsewhere.test', mail_from: 'bounce@analyze-shop.test' } },
  { file: 'analyze-esp.eml', env: { ip: '198.51.100.7', helo: 'o1.analyze-esp.test', mail_from: 'b-123@bounce.analyze-esp.test' } },
  { file: 'analyze-tampered.eml', env: { ip: '192.0.2.50', helo: 'mail.analyze-shop.test' } },
  { file: 'bare-lf.eml', env: { ip: '192.0.2.10', helo: 'mx1.example.test', mail_from: 'a@example.test' } },
  { file: 'headers-only.eml', env: { ip: '198.51.100.7' } },
  { file: 'relayed-attachment.eml', env: { ip: '2001:db8::25', mail_from: 'bounce@example.test' } },
);
const runnable = cases.filter((c) => messages.includes(c.file));

function envArgs(env) {
  const out = [];
  if (env.ip !== undefined) out.push('--ip', env.ip);
  if (env.helo !== undefined) out.push('--helo', env.helo);
  if (env.mail_from !== undefined) out.push('--mail-from', env.mail_from);
  return out;
}

function authlens(args) {
  const r = spawnSync(cli, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.ok(r.status === 0 || r.status === 1 || r.status === 3, `authlens ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  assertCliOutput(args, r.stdout);
  return JSON.parse(r.stdout);
}

/** Every difference between a and b as [path, a-value, b-value] (arrays element by element). */
function differences(a, b, at = '', out = []) {
  if (Object.is(a, b)) return out;
  const bothObjects = a && b && typeof a === 'object' && typeof b === 'object';
  if (!bothObjects || Array.isArray(a) !== Array.isArray(b)) {
    out.push([at || '(top)', a, b]);
    return out;
  }
  if (Array.isArray(a) && keyed(a) && keyed(b)) {
    // DNS answers (the transcript): matched by name/type, so one misplaced entry is one difference.
    const ka = a.map(key), kb = b.map(key);
    if (ka.join('|') !== kb.join('|')) out.push([`${at}(order)`, ka, kb]);
    const ib = new Map(b.map((x, i) => [kb[i], x]));
    a.forEach((x, i) => (ib.has(ka[i]) ? differences(x, ib.get(ka[i]), `${at}[${ka[i]}]`, out) : out.push([`${at}[${ka[i]}]`, x, undefined])));
    for (const k of kb) if (!ka.includes(k)) out.push([`${at}[${k}]`, undefined, ib.get(k)]);
    return out;
  }
  if (Array.isArray(a)) {
    for (let i = 0; i < Math.max(a.length, b.length); ++i) {
      if (i >= a.length || i >= b.length) out.push([`${at}.${i}`, a[i], b[i]]);
      else differences(a[i], b[i], `${at}.${i}`, out);
    }
    return out;
  }
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (!(k in a) || !(k in b)) out.push([`${at}.${k}`, a[k], b[k]]);
    else differences(a[k], b[k], `${at}.${k}`, out);
  }
  return out;
}

const key = (x) => `${x.name}/${x.type}`;
const keyed = (arr) => arr.length > 0 && arr.every((x) => x && typeof x === 'object' && typeof x.name === 'string' && typeof x.type === 'string')
  && new Set(arr.map(key)).size === arr.length;

function allowed(p) {
  const general = p.replace(/^\./, '').replace(/\[[^\]]*\]|\.\d+(?=\.|\(|$)/g, '.*');
  return Object.keys(ALLOWED).some((k) => general === k || general.startsWith(`${k}.`));
}

// A module built before the latest change to the core or the bindings reports for older sources: not
// a pass/fail criterion (mtimes are no proof), only a hint in the failure message.
function newestSource(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}
const wasmFile = path.join(wasmDir, 'authlens.wasm');
const staleHint = statSync(wasmFile).mtimeMs < Math.max(...['core', 'wasm'].map((d) => newestSource(path.join(repo, d))))
  ? ` (note: ${wasmFile} is older than this checkout's core/ and wasm/ sources: rebuild it before reading this as a parity bug)`
  : '';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'authlens-parity-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

test('there are messages and zone files', () => {
  assert.ok(messages.length >= 5, `messages: ${messages}`);
  assert.ok(zoneArgs.length >= 4, `zones: ${zoneArgs}`);
});

runnable.forEach(({ file, env }, i) => {
  const label = `${file}${Object.keys(env).length ? ` ${JSON.stringify(env)}` : ''}`;
  test(`analyze parity: ${label}`, async () => {
    const msg = path.join(messagesDir, file);
    const snap = path.join(tmp, `snapshot-${i}.json`);
    const common = [msg, '--json', '--now', String(NOW), ...envArgs(env)];
    // The CLI records the answers the zone files give for this case...
    const live = authlens(['analyze', ...common, ...zoneArgs, '--record', snap]);
    assert.equal(live.schema, 'authlens/report/v1');
    const snapshot = readFileSync(snap, 'utf8');
    assert.equal(JSON.parse(snapshot).schema, 'authlens/dns-snapshot/v1');
    // ...and both faces replay them.
    const native = authlens(['analyze', ...common, '--snapshot', snap]);
    const request = { now: NOW, ...env };
    const { report: wasm } = await runAnalysis(core, readFileSync(msg), { request, dns: { mode: 'snapshot', snapshot } });
    const diffs = differences(native, wasm).filter(([p]) => !allowed(p));
    assert.deepEqual(diffs.map(([p, n, w]) => `${p}: native ${JSON.stringify(n)} wasm ${JSON.stringify(w)}`), [],
      `${label}: the wasm report differs from the CLI's${staleHint}`);
  });
});
