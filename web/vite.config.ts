// Static build: web/dist holds plain files (index.html, assets/, wasm/). The WebAssembly module is
// copied into public/wasm by scripts/copy-wasm.mjs before the build and served as is.
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false }, // no inline helper: the CSP allows no inline script
    assetsInlineLimit: 0,
  },
  worker: { format: 'es' },
  server: { fs: { allow: ['..'] }, host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
