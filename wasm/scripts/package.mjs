#!/usr/bin/env node
// Stages the npm package of the WebAssembly core (authlens-core): wasm/package/ (package.json, the
// entry and its types), the JS bridge (wasm/js/), the built module (authlens.mjs + authlens.wasm) and
// the report types generated from schema/ (web/scripts/gen-types.mjs --out). Then `npm pack DIR`.
//   node wasm/scripts/package.mjs [--wasm build/wasm/wasm] [--out build/wasm/npm]
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return path.resolve(i > 0 ? process.argv[i + 1] : path.join(repo, fallback));
};
const wasmDir = arg('--wasm', 'build/wasm/wasm');
const out = arg('--out', 'build/wasm/npm');
for (const f of ['authlens.mjs', 'authlens.wasm']) {
  if (!existsSync(path.join(wasmDir, f))) {
    console.error(`package: no ${f} in ${wasmDir} (build the wasm module first)`);
    process.exit(2);
  }
}
rmSync(out, { recursive: true, force: true });
mkdirSync(path.join(out, 'js'), { recursive: true });
for (const f of readdirSync(path.join(repo, 'wasm', 'package'))) copyFileSync(path.join(repo, 'wasm', 'package', f), path.join(out, f));
for (const f of readdirSync(path.join(repo, 'wasm', 'js')).filter((f) => f.endsWith('.js'))) {
  copyFileSync(path.join(repo, 'wasm', 'js', f), path.join(out, 'js', f));
}
for (const f of ['authlens.mjs', 'authlens.wasm']) copyFileSync(path.join(wasmDir, f), path.join(out, f));
execFileSync(process.execPath, [path.join(repo, 'web', 'scripts', 'gen-types.mjs'), '--out', path.join(out, 'types')], { stdio: 'inherit' });
console.log(`package: staged in ${out} (npm pack ${path.relative(process.cwd(), out) || '.'})`);
