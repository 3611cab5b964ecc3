// Copies the WebAssembly modules (authlens-analyze: the Analyze tab's; authlens: every binding, for the
// other tabs) from the WebAssembly build into public/wasm, so the page serves them as static files. Source: $AUTHLENS_WASM_DIR or <repo>/build/wasm/wasm.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const web = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const from = process.env.AUTHLENS_WASM_DIR || path.join(web, '..', 'build', 'wasm', 'wasm');
const to = path.join(web, 'public', 'wasm');
const files = ['authlens-analyze.mjs', 'authlens-analyze.wasm', 'authlens.mjs', 'authlens.wasm'];
const missing = files.filter((f) => !existsSync(path.join(from, f)));
if (missing.length) {
  console.error(`copy-wasm: ${missing.join(', ')} not found in ${from}.\n` +
    'Build the WebAssembly module first:\n' +
    '  NODE_PATH=/usr/share/nodejs emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release && cmake --build build/wasm -j2\n' +
    'or point AUTHLENS_WASM_DIR at the folder holding authlens.mjs.');
  process.exit(1);
}
mkdirSync(to, { recursive: true });
for (const f of files) copyFileSync(path.join(from, f), path.join(to, f));
console.log(`copy-wasm: ${files.join(' + ')} from ${from}`);
