// wasm/js/node.js — loads authlens.mjs under Node (tests, scripts). Emscripten 3.1.6's ES-module
// output still reaches for CommonJS `require`/`__dirname` on Node and Node 20's fetch cannot read
// file paths, so: provide those two names and hand the module its .wasm bytes directly.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { wrapCore } from './core.js';

/** `name`: the module's file name without extension — 'authlens' (every binding) or 'authlens-analyze'. */
export async function loadNodeCore(wasmDir, name = 'authlens') {
  const mjs = path.join(wasmDir, `${name}.mjs`);
  globalThis.require ??= createRequire(mjs);
  globalThis.__dirname ??= wasmDir;
  const { default: createAuthlens } = await import(pathToFileURL(mjs).href);
  const wasmBinary = await readFile(path.join(wasmDir, `${name}.wasm`));
  return wrapCore(await createAuthlens({ wasmBinary }));
}
