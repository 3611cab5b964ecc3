// The Analyze tab's budget (issue 16): everything it needs before its first result — wasm, JS, CSS, the
// catalogs of one language — at most 500 KB gzip -9, in Japanese and in English. The build computes the
// totals (web/vite.config.ts, printed and written to dist/sizes.json); this test holds the line, so a
// change that grows the first download past the budget fails here rather than in a later measurement.
// Env: AUTHLENS_WEB_DIST (the built page).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repo } from './harness.mjs';

const dist = process.env.AUTHLENS_WEB_DIST || path.join(repo, 'web', 'dist');

test('the Analyze tab loads at most 500 KB gzip before its first result, in either language', () => {
  const file = path.join(dist, 'sizes.json');
  assert.ok(existsSync(file), `no ${file}: build the page (cd web && npm run build)`);
  const sizes = JSON.parse(readFileSync(file, 'utf8'));
  assert.equal(sizes.budget_bytes, 500000);
  for (const lang of ['ja', 'en']) {
    const bytes = sizes.analyze_first_gzip[lang];
    assert.ok(bytes > 100000, `${lang}: a plausible total (${bytes} B): the wasm module alone is larger`);
    assert.ok(bytes <= sizes.budget_bytes, `${lang}: ${bytes} B gzip before the first result, over the ${sizes.budget_bytes} B budget`);
  }
  // What the service worker caches never lists the sizes file itself.
  const precache = JSON.parse(readFileSync(path.join(dist, 'precache.json'), 'utf8'));
  assert.ok(!precache.files.includes('./sizes.json'));
});
