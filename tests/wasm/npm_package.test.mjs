// The npm package of the WebAssembly core (issue 17): staged by wasm/scripts/package.mjs, packed with
// `npm pack`, installed from the tarball into an empty project (no network: it has no dependencies),
// imported from Node, and used to analyse a message with a DNS snapshot the CLI recorded — the same
// verdicts as the CLI's. Its TypeScript types compile in a consumer (tsc from web/node_modules).
//   AUTHLENS_CLI=<authlens> AUTHLENS_WASM_DIR=<dir of authlens.mjs> node --test tests/wasm/npm_package.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repo, SKIP, wasmDir } from './helpers.mjs';
import { assertSchema } from '../lib/schema.mjs';

const cli = process.env.AUTHLENS_CLI || path.join(repo, 'build', 'native', 'native-cli', 'authlens');
for (const [what, p] of [['WebAssembly build', path.join(wasmDir, 'authlens.wasm')], ['native CLI', cli],
  ['json-schema-to-typescript (npm ci in web/)', path.join(repo, 'web', 'node_modules', 'json-schema-to-typescript')]]) {
  if (!existsSync(p)) {
    console.log(`# SKIP: no ${what} at ${p}`);
    process.exit(SKIP);
  }
}
const tmp = mkdtempSync(path.join(os.tmpdir(), 'authlens-npm-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

test('npm pack, install the tarball, import it under Node and analyse with a DNS snapshot', () => {
  const stage = path.join(tmp, 'stage');
  run(process.execPath, [path.join(repo, 'wasm', 'scripts', 'package.mjs'), '--wasm', wasmDir, '--out', stage], repo);
  run('npm', ['pack', stage, '--pack-destination', tmp], tmp);
  const tarball = readdirSync(tmp).find((f) => /^authlens-core-.*\.tgz$/.test(f));
  assert.ok(tarball, 'npm pack wrote a tarball');
  const listing = run('tar', ['-tzf', path.join(tmp, tarball)], tmp);
  for (const f of ['package/index.js', 'package/index.d.ts', 'package/authlens.wasm', 'package/authlens.mjs', 'package/js/driver.js', 'package/types/report.d.ts']) {
    assert.ok(listing.split('\n').includes(f), `${f} in the tarball`);
  }

  const app = path.join(tmp, 'app');
  mkdirSync(app);
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }));
  run('npm', ['install', '--offline', '--no-package-lock', path.join(tmp, tarball)], app);

  const message = path.join(repo, 'tests', 'data', 'messages', 'analyze-aligned.eml');
  const snapshot = path.join(tmp, 'dns.json');
  const cliOut = spawnSync(cli, ['analyze', message, '--json', '--zone', path.join(repo, 'tests', 'data', 'zones', 'analyze-shop.test.zone'),
    '--now', '1795000100', '--record', snapshot], { encoding: 'utf8' });
  assert.ok(cliOut.status === 0 || cliOut.status === 1, cliOut.stderr);
  const native = JSON.parse(cliOut.stdout);

  writeFileSync(path.join(app, 'use.mjs'), `
import { readFileSync } from 'node:fs';
import { loadAuthlens, runAnalysis } from 'authlens-core';
const core = await loadAuthlens();
const { report } = await runAnalysis(core, readFileSync(process.argv[2]), { request: { now: 1795000100 }, dns: { mode: 'snapshot', snapshot: readFileSync(process.argv[3], 'utf8') } });
const spf = core.call('record.spf', { domain: 'example.com', providers: ['google'], all: 'fail' });
console.log(JSON.stringify({ report, spf }));
`);
  const out = JSON.parse(run(process.execPath, ['use.mjs', message, snapshot], app));
  assertSchema('report', out.report, 'the package\'s analysis');
  assert.equal(out.report.dmarc.result, native.dmarc.result);
  assert.equal(out.report.spf.result, native.spf.result);
  assert.deepEqual(out.report.dkim.map((s) => s.result), native.dkim.map((s) => s.result));
  assert.match(out.spf.record, /^v=spf1 include:_spf\.google\.com -all$/);

  // The types: a TypeScript consumer compiles against the installed package.
  writeFileSync(path.join(app, 'use.ts'), `
import { loadAuthlens, runAnalysis, type Report } from 'authlens-core';
export async function verdict(bytes: Uint8Array): Promise<string> {
  const core = await loadAuthlens();
  const { report }: { report: Report } = await runAnalysis(core, bytes, { dns: { mode: 'offline' } });
  return report.dmarc.result;
}
`);
  writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, skipLibCheck: false, types: [] }, files: ['use.ts'] }));
  run(process.execPath, [path.join(repo, 'web', 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], app);
});
