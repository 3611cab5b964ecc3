// Generates the page's TypeScript types from the JSON Schemas in ../schema (json-schema-to-typescript),
// into src/generated/<format>.d.ts — git-ignored, made before every typecheck and build
// (package.json "types"). The page reads each field of the core's JSON by the one name these types give.
// `node scripts/gen-types.mjs --out DIR` writes them elsewhere (the npm package of the core, wasm/scripts/package.mjs).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const schemaDir = path.resolve(web, '..', 'schema');
const outArg = process.argv.indexOf('--out');
const outDir = outArg > 0 ? path.resolve(process.argv[outArg + 1]) : path.join(web, 'src', 'generated');

// Output file → schema file. Each output is self-contained (shared definitions are repeated).
const FORMATS = {
  report: 'report.schema.json',
  headers: 'headers.schema.json',
  domain: 'domain.schema.json',
  aggregate: 'dmarc-aggregate.schema.json',
  'aggregate-ptr': 'aggregate-ptr.schema.json',
  'dns-snapshot': 'dns-snapshot.schema.json',
  inventory: 'inventory.schema.json',
  export: 'export.schema.json',
};

mkdirSync(outDir, { recursive: true });
for (const [name, file] of Object.entries(FORMATS)) {
  const schema = JSON.parse(readFileSync(path.join(schemaDir, file), 'utf8'));
  const ts = await compile(schema, schema.title, {
    cwd: schemaDir,
    bannerComment: `// Generated from schema/${file} by web/scripts/gen-types.mjs: do not edit, do not commit.`,
    additionalProperties: false,
    unreachableDefinitions: false,
    strictIndexSignatures: true,
    format: true,
    style: { printWidth: 120, singleQuote: true },
  });
  writeFileSync(path.join(outDir, `${name}.d.ts`), ts);
}
console.log(`types: ${Object.keys(FORMATS).length} files in ${path.relative(process.cwd(), outDir) || '.'}/`);
