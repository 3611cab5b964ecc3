// authlens-core — the WebAssembly core as an ES module (wasm/README.md). It moves bytes and JSON;
// every judgement is the core's. DNS is yours: give runAnalysis a DoH URL, your own resolve(q), or a
// DNS snapshot; nothing else leaves the process.
//
//   import { loadAuthlens, runAnalysis } from 'authlens-core';
//   const core = await loadAuthlens();
//   const { report } = await runAnalysis(core, messageBytes, { dns: { mode: 'snapshot', snapshot } });
import { wrapCore } from './js/core.js';

export { toBytes, wrapCore } from './js/core.js';
export { runAnalysis, runJob } from './js/driver.js';
export { PROVIDERS, checkCustomUrl, dohResolver } from './js/doh.js';

/**
 * Loads the core. Under Node it reads authlens.wasm beside this file; in a browser or worker the
 * module fetches it from the same place (a bundler must copy authlens.wasm along).
 */
export async function loadAuthlens() {
  if (typeof process === 'object' && process.versions?.node) {
    const { fileURLToPath } = await import('node:url');
    const { loadNodeCore } = await import('./js/node.js');
    return loadNodeCore(fileURLToPath(new URL('.', import.meta.url)));
  }
  const { default: createAuthlens } = await import('./authlens.mjs');
  return wrapCore(await createAuthlens());
}
