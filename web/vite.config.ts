// Static build: web/dist holds plain files (index.html, assets/, wasm/). The WebAssembly module is
// copied into public/wasm by scripts/copy-wasm.mjs before the build and served as is.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { parseEndpoints } from '../wasm/js/doh.js';

// A self-hosted page may name its own DoH resolvers (a company resolver): AUTHLENS_DOH_ENDPOINTS=URL,URL
// at build time puts their origins in the page's connect-src and the resolvers in the DNS menu.
const doh = parseEndpoints(process.env.AUTHLENS_DOH_ENDPOINTS);
if (doh.errors.length) throw new Error(`AUTHLENS_DOH_ENDPOINTS: ${doh.errors.join('; ')}`);

/** Adds the built-in endpoints' origins to the CSP's connect-src (nothing else changes). */
function cspEndpoints(): Plugin {
  return {
    name: 'authlens-doh-endpoints',
    transformIndexHtml(html) {
      if (!doh.endpoints.length) return html;
      const origins = [...new Set(doh.endpoints.map((e) => new URL(e).origin))].join(' ');
      const out = html.replace(/(http-equiv="Content-Security-Policy" content="[^"]*?connect-src [^;"]*?)(;|")/, `$1 ${origins}$2`);
      if (out === html) throw new Error('index.html: no connect-src in the Content-Security-Policy');
      return out;
    },
  };
}

/**
 * Writes dist/precache.json: every file of the built page, for the service worker (public/sw.js) to
 * keep at the first visit so the page works offline afterwards.
 */
function precacheList(): Plugin {
  let outDir = 'dist';
  return {
    name: 'authlens-precache',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const files: string[] = [];
      const walk = (dir: string) => {
        for (const name of readdirSync(dir).sort()) {
          const full = path.join(dir, name);
          if (statSync(full).isDirectory()) walk(full);
          else files.push(`./${path.relative(outDir, full).split(path.sep).join('/')}`);
        }
      };
      walk(outDir);
      const list = files.filter((f) => f !== './precache.json' && f !== './sw.js');
      writeFileSync(path.join(outDir, 'precache.json'), `${JSON.stringify({ files: list }, null, 1)}\n`);
      // The sizes per file, and what the Analyze tab needs before its first result (every file but the
      // other tabs' chunks, which load when their tab opens): issue 16's budget is 500 KB gzip.
      // The full wasm module (wasm/authlens.*) serves those tabs too; the Analyze tab uses wasm/authlens-analyze.*.
      // The catalogs load one language at a time (web/src/i18n.ts): each language's total counts its own.
      const tabChunk = /^\.\/(assets\/(wizard|domain|reports)[-.]|wasm\/authlens\.(mjs|wasm)$)/;
      const catalogOf = (f: string) => /^\.\/assets\/(?:[a-z]+\.)?(en|ja)-[\w-]+\.js$/.exec(f)?.[1];
      const first = { en: 0, ja: 0 };
      const rows = list.map((f) => {
        const bytes = readFileSync(path.join(outDir, f));
        const gz = gzipSync(bytes, { level: 9 }).length;
        const lang = catalogOf(f);
        if (!tabChunk.test(f)) for (const l of ['en', 'ja'] as const) if (!lang || lang === l) first[l] += gz;
        const note = tabChunk.test(f) ? '  (loaded when another tab opens)' : lang ? `  (${lang === 'en' ? 'English' : 'Japanese'} only)` : '';
        return `  ${f.padEnd(38)} ${String(bytes.length).padStart(9)} B  ${String(gz).padStart(8)} B gzip${note}`;
      });
      console.log(`page files (raw, gzip -9):\n${rows.join('\n')}\n  Analyze tab before its first result: ` +
        `${(first.ja / 1024).toFixed(1)} KiB gzip in Japanese, ${(first.en / 1024).toFixed(1)} KiB in English`);
      // The same totals for the budget test (tests/browser/page_budget.test.mjs); not in the precache list.
      writeFileSync(path.join(outDir, 'sizes.json'),
        `${JSON.stringify({ analyze_first_gzip: first, budget_bytes: 500000 }, null, 1)}\n`);
    },
  };
}

export default defineConfig({
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false }, // no inline helper: the CSP allows no inline script
    assetsInlineLimit: 0,
  },
  plugins: [cspEndpoints(), precacheList()],
  define: { __AUTHLENS_DOH_ENDPOINTS__: JSON.stringify(doh.endpoints) },
  worker: { format: 'es' },
  server: { fs: { allow: ['..'] }, host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
