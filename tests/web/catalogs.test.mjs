// catalogs.test.mjs — the page's two languages stay complete and consistent (no browser needed):
// - the merged English and Japanese catalogs (web/src/i18n/en.json + <tab>.en.json + the shared
//   i18n/report.en.json and i18n/domain.en.json, the same for ja)
//   hold the same keys, every value is a non-empty string, and each translation keeps the {placeholders}
//   of the English text (a missing one would show the raw "{name}" or drop a figure);
// - every literal key the code asks for — t('key'), data-i18n="key" in index.html and in the tabs —
//   exists in the English catalog (t() falls back to printing the key itself, which a user would see).
// - every defect code the core's sources can emit (mime, transport, authres, dmarc.record, aggregate, dns.zone,
//   psl) has a text `reason.defect.<code>` in both shared catalogs (the page's defectNodes picks it by code).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const i18n = path.join(repo, 'web', 'src', 'i18n');

function merged(lang) {
  const out = {};
  const files = readdirSync(i18n).sort().filter((f) => f === `${lang}.json` || f.endsWith(`.${lang}.json`))
    .map((f) => path.join(i18n, f));
  files.push(path.join(repo, 'i18n', `report.${lang}.json`), path.join(repo, 'i18n', `domain.${lang}.json`));
  for (const f of files) {
    for (const [k, v] of Object.entries(JSON.parse(readFileSync(f, 'utf8')))) {
      assert.ok(!(k in out), `${lang}: key ${k} defined twice (again in ${path.relative(repo, f)})`);
      out[k] = v;
    }
  }
  return out;
}

/** Every file below `dir` (recursively) whose name matches `pattern`. */
function filesUnder(dir, pattern) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p, pattern));
    else if (pattern.test(e.name)) out.push(p);
  }
  return out;
}

/** The page's sources: TypeScript and HTML under `dir`. */
const sources = (dir) => filesUnder(dir, /\.(ts|html)$/);

/** Prefixes of keys built at run time: t(`prefix.${…}`), has(`…`), coreText(`…`), tr(`…`). */
function dynamicPrefixes() {
  const out = new Set();
  for (const f of sources(path.join(repo, 'web', 'src'))) {
    for (const m of readFileSync(f, 'utf8').matchAll(/\b(?:t|tr|has|coreText)\(\s*`([A-Za-z0-9_.-]+)\$\{/g)) out.add(m[1]);
  }
  return [...out];
}

const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('English and Japanese catalogs have the same keys, non-empty, with the same placeholders', () => {
  const en = merged('en');
  const ja = merged('ja');
  assert.ok(Object.keys(en).length > 100, 'catalogs found');
  // Japanese may translate keys the code builds at run time (t(`reason.${code}`)) where English shows the
  // core's own English text; any other Japanese-only key is a typo or a leftover.
  const dynamic = dynamicPrefixes();
  assert.ok(dynamic.length > 0, 'dynamic key prefixes found in the sources');
  assert.deepEqual(Object.keys(ja).filter((k) => !(k in en) && !dynamic.some((p) => k.startsWith(p))), [],
    'keys only in Japanese');
  assert.deepEqual(Object.keys(en).filter((k) => !(k in ja)), [], 'keys without a Japanese text');
  for (const [k, v] of Object.entries(en)) {
    assert.equal(typeof v, 'string', `en ${k}`);
    assert.ok(v.trim() && ja[k].trim(), `empty text for ${k}`);
    assert.deepEqual(placeholders(ja[k]), placeholders(v), `placeholders of ${k}`);
  }
  for (const [k, v] of Object.entries(ja)) assert.ok(typeof v === 'string' && v.trim(), `empty Japanese text for ${k}`);
});

test('every literal key used by the page exists in the English catalog', () => {
  const en = merged('en');
  const files = [...sources(path.join(repo, 'web', 'src')), path.join(repo, 'web', 'index.html')];
  const missing = [];
  let used = 0;
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/\bt\(\s*['"]([A-Za-z0-9_.-]+)['"]/g)) {
      used += 1;
      if (!(m[1] in en)) missing.push(`${path.relative(repo, f)}: ${m[1]}`);
    }
    for (const m of text.matchAll(/data-i18n(?:-[a-z]+)?="([A-Za-z0-9_.-]+)"/g)) {
      used += 1;
      if (!(m[1] in en)) missing.push(`${path.relative(repo, f)}: ${m[1]}`);
    }
  }
  assert.ok(used > 100, `keys found in the sources (${used})`);
  assert.deepEqual(missing, []);
});

/** Every string literal that follows `pattern` in the core's sources under `dir` (first capture group). */
function coreLiterals(dir, pattern) {
  const out = new Set();
  for (const e of readdirSync(path.join(repo, 'core', 'src', dir))) {
    if (!e.endsWith('.cpp')) continue;
    for (const m of readFileSync(path.join(repo, 'core', 'src', dir, e), 'utf8').matchAll(pattern)) out.add(m[1]);
  }
  return [...out];
}

test('the sentences the core gives codes for have a text in both catalogs (domain check, records, bulk-sender evidence)', () => {
  const en = merged('en');
  const ja = merged('ja');
  const wanted = [
    // the domain check: area summaries and findings (message and, where the core gives one, fix)
    ...coreLiterals('domain', /summarize\(ar, "([a-z_.]+)"/g).map((c) => `reason.domain.summary.${c}`),
    // (a code built from a prefix, "domain.dmarc.disagree." + what, "domain." + iprev reason, is checked by the walk)
    ...coreLiterals('domain', /\badd\(ar, "([a-z_.]+)"/g).filter((c) => !c.endsWith('.')).map((c) => `reason.finding.${c}`),
    ...coreLiterals('spf', /\badd\("(spf\.lint\.[a-z_]+)"/g).filter((c) => c !== 'spf.lint.flatten').map((c) => `reason.finding.${c}`),
    ...coreLiterals('dmarc', /\badd\(out, "(dmarc\.lint\.[a-z_]+)"/g)
      .filter((c) => c !== 'dmarc.lint.no_policy' && c !== 'dmarc.lint.pct_obsolete').map((c) => `reason.finding.${c}`),
    // the record wizard: what each record is for
    ...coreLiterals('records', /"(records\.purpose\.[a-z0-9_.]+)"/g).map((c) => `reason.${c}`),
    // bulk-sender evidence with a literal code
    ...coreLiterals('analysis', /evidence_code = (?:[^;]*?\? )?"([a-z_]+\.[a-z0-9_]+)"/g).map((c) => `reason.bulk.${c}`),
  ];
  assert.ok(wanted.length > 100, `codes found in the core (${wanted.length})`);
  assert.deepEqual(wanted.filter((k) => !(k in en)), [], 'codes without an English text');
  assert.deepEqual(wanted.filter((k) => !(k in ja)), [], 'codes without a Japanese text');
});

// The codes the core writes as strings (not C++ enums: those are walked by tests/unit/catalogs) are
// enumerated by the report's schema; each has a text in both shared catalogs (i18n/report.<lang>.json),
// the ones the CLI compiles in as well.
test('every code the report schema enumerates has a text in both shared catalogs', () => {
  const schema = JSON.parse(readFileSync(path.join(repo, 'schema', 'report.schema.json'), 'utf8')).$defs;
  const shared = (lang) => ({
    ...JSON.parse(readFileSync(path.join(repo, 'i18n', `report.${lang}.json`), 'utf8')),
    ...JSON.parse(readFileSync(path.join(repo, 'i18n', `domain.${lang}.json`), 'utf8')),
  });
  const groups = [
    { codes: schema.spoofing.properties.indicators.items.properties.code.enum, keys: (c) => [`reason.${c}`] },
    { codes: schema.comparison_item.properties.code.enum, keys: (c) => [`reason.${c}`] },
    { codes: schema.summary.properties.headline_code.enum, keys: (c) => [`headline.${c}`] },
    { codes: schema.bulk_item.properties.id.enum, keys: (c) => [`bulk.item.${c}`] },
  ];
  let n = 0;
  for (const lang of ['en', 'ja']) {
    const catalog = shared(lang);
    const missing = [];
    for (const g of groups) {
      assert.ok(g.codes.length > 5, 'codes found in the schema');
      for (const c of g.codes) {
        n += 1;
        if (!g.keys(c).some((k) => k in catalog)) missing.push(g.keys(c)[0]);
      }
    }
    assert.deepEqual(missing, [], `${lang}: codes without a text`);
  }
  assert.ok(n > 80);
});

/** Every .cpp/.hpp under core/src (each area's folder, recursively). */
const coreSourceFiles = () => filesUnder(path.join(repo, 'core', 'src'), /\.(cpp|hpp)$/);

/**
 * The code of every defect ({code, detail}) the core can put in a report, read from its sources: the
 * message's, a hop's and the route's, an Authentication-Results field's, a DMARC record's, an aggregate
 * report file's, a zone file's and a public suffix list's. Each way the core makes a defect with a literal
 * code is one pattern; the codes it forwards from elsewhere are enumerated where they are made.
 */
function defectCodes() {
  const patterns = [
    /\bsink\.add(?:_once)?\(\s*"([a-z0-9_.]+)"/g,                                   // mime (the defect sink)
    /\b(?:defects|out_)(?:\.|->)push_back\(\s*(?:defect\s*)?\{\s*"([a-z0-9_.]+)"/g, // transport, dmarc, psl, …
    /\bdefects\.add\(\s*[^,()]+,\s*"([a-z0-9_.]+)"/g,                               // dns zone files (line, code)
    /\badd_defect\(\s*[^,()]+,\s*[^,()]+,\s*"([a-z0-9_.]+)"/g,                      // aggregate (list, max, code)
    /\bdefect\(\s*"([a-z0-9_.]+)"/g,                                                 // aggregate's reader
  ];
  const codes = new Set();
  for (const f of coreSourceFiles()) {
    const text = readFileSync(f, 'utf8');
    for (const re of patterns) for (const m of text.matchAll(re)) codes.add(m[1]);
  }
  const read = (...p) => readFileSync(path.join(repo, ...p), 'utf8');
  // Authentication-Results: the area names its codes in authres::defect_codes (parse.cpp adds dc::<name>).
  const authres = /namespace defect_codes \{([\s\S]*?)\n\}/.exec(read('core', 'include', 'authlens', 'authres.hpp'));
  assert.ok(authres, 'authres::defect_codes found');
  const named = new Map([...authres[1].matchAll(/\b(\w+) = "([a-z0-9_.]+)"/g)].map((m) => [m[1], m[2]]));
  for (const m of read('core', 'src', 'authres', 'parse.cpp').matchAll(/\bdc::(\w+)/g))
    assert.ok(named.has(m[1]), `dc::${m[1]} is in authres::defect_codes`);
  for (const c of named.values()) codes.add(c);
  // A Received field whose date does not parse carries parse_date's error as a defect.
  assert.match(read('core', 'src', 'transport', 'received.cpp'), /defects\.push_back\(\{d\.err\(\)\.code/);
  for (const m of read('core', 'src', 'transport', 'date.cpp').matchAll(/\berror\{"(transport\.date\.[a-z_]+)"/g)) codes.add(m[1]);
  // The report's author_domain_reason is a defect too: its code is mime::to_string(author_error).
  for (const m of read('core', 'src', 'mime', 'address.cpp').matchAll(/return "(mime\.author\.[a-z_]+)"/g)) codes.add(m[1]);
  return [...codes].sort();
}

test('every defect code the core can report has a text in both shared catalogs', () => {
  const codes = defectCodes();
  // mime ~40, transport 13, authres 22, dmarc.record 5, aggregate 17, dns.zone 15, psl 1
  assert.ok(codes.length >= 110, `defect codes found in the core (${codes.length})`);
  for (const area of ['mime.', 'transport.', 'authres.', 'dmarc.record.', 'aggregate.', 'dns.zone.', 'psl.'])
    assert.ok(codes.some((c) => c.startsWith(area)), `defect codes of ${area}* found`);
  for (const lang of ['en', 'ja']) {
    const catalog = JSON.parse(readFileSync(path.join(repo, 'i18n', `report.${lang}.json`), 'utf8'));
    assert.deepEqual(codes.filter((c) => !(`reason.defect.${c}` in catalog)), [], `${lang}: defect codes without a text`);
  }
});
