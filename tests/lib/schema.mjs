// Validation of authlens's JSON against the schemas in schema/ (JSON Schema 2020-12), for every test
// suite that gets JSON from the CLI, the wasm module or the page. ajv is the page's devDependency: it
// is loaded from web/node_modules on purpose (Node resolves packages from the importing file's
// folder, and tests/ has none). A document that does not validate throws, with ajv's instance paths.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const schemaDir = path.join(repo, 'schema');
const BASE = 'https://authlens.invalid/schema/';

const requireFromWeb = createRequire(path.join(repo, 'web', 'package.json'));

/** Every schema file in schema/, parsed: { 'report.schema.json': {...}, ... }. */
export function schemaFiles() {
  const out = {};
  for (const f of readdirSync(schemaDir).filter((n) => n.endsWith('.schema.json')).sort())
    out[f] = JSON.parse(readFileSync(path.join(schemaDir, f), 'utf8'));
  return out;
}

/** A fresh ajv instance holding every schema (strict mode: unknown keywords are errors too). */
export function makeAjv() {
  let Ajv2020;
  try {
    Ajv2020 = requireFromWeb('ajv/dist/2020').default;
  } catch (e) {
    throw new Error(`ajv is not installed in web/node_modules (run npm ci in web/): ${e.message}`);
  }
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  for (const s of Object.values(schemaFiles())) ajv.addSchema(s);
  return ajv;
}

// What each kind of document is checked against.
export const KINDS = {
  report: 'report.schema.json',
  'report-line': 'report.schema.json#/$defs/line',
  'inventory-facts': 'inventory.schema.json#/$defs/facts_out',
  inventory: 'inventory.schema.json',
  headers: 'headers.schema.json',
  domain: 'domain.schema.json',
  'dmarc-aggregate': 'dmarc-aggregate.schema.json',
  'aggregate-ptr': 'aggregate-ptr.schema.json',
  'aggregate-senders': 'dmarc-aggregate.schema.json#/$defs/senders',
  'dns-snapshot': 'dns-snapshot.schema.json',
  export: 'export.schema.json',
  'spf-check': 'cli.schema.json#/$defs/spf_check',
  'spf-lint': 'cli.schema.json#/$defs/spf_lint',
  'dkim-verify': 'cli.schema.json#/$defs/dkim_verify',
  'dmarc-check': 'cli.schema.json#/$defs/dmarc_check',
  'arc-verify': 'cli.schema.json#/$defs/arc_verify',
  'dns-answer': 'cli.schema.json#/$defs/dns_answer',
  'record-providers': 'records.schema.json#/$defs/providers',
  'record-spf': 'records.schema.json#/$defs/spf',
  'record-spf-check': 'records.schema.json#/$defs/spf_check',
  'record-dmarc': 'records.schema.json#/$defs/dmarc',
  'record-dkim': 'records.schema.json#/$defs/dkim',
  'record-dkim-key-out': 'records.schema.json#/$defs/dkim_key_out',
  'record-delegation': 'records.schema.json#/$defs/delegation',
  'spf-budget': 'records.schema.json#/$defs/budget',
};

let shared = null;
const compiled = new Map();

function validatorFor(kind) {
  if (!KINDS[kind]) throw new Error(`no schema for JSON of kind "${kind}"`);
  if (!compiled.has(kind)) {
    shared ??= makeAjv();
    const v = shared.getSchema(BASE + KINDS[kind]);
    if (!v) throw new Error(`schema ${KINDS[kind]} did not compile`);
    compiled.set(kind, v);
  }
  return compiled.get(kind);
}

/** ajv's errors as lines "at /dkim/0/result: must be equal to one of the allowed values (…)". */
export function describeErrors(errors) {
  return (errors ?? []).slice(0, 20).map((e) => {
    const extra = e.params?.additionalProperty ? ` "${e.params.additionalProperty}"`
      : e.params?.missingProperty ? ` "${e.params.missingProperty}"`
      : e.params?.allowedValues ? ` (${e.params.allowedValues.map((v) => JSON.stringify(v)).join(', ')})` : '';
    return `at ${e.instancePath || '/'}: ${e.message}${extra} [${e.schemaPath}]`;
  }).join('\n');
}

/** Errors of `doc` against the schema of `kind` ('' when it validates). */
export function schemaErrors(kind, doc) {
  const v = validatorFor(kind);
  return v(doc) ? '' : describeErrors(v.errors);
}

/** Throws unless `doc` validates against the schema of `kind`; returns doc. `where` names its source. */
export function assertSchema(kind, doc, where = '') {
  const errs = schemaErrors(kind, doc);
  if (errs) throw new Error(`${where ? `${where}: ` : ''}JSON does not match schema ${KINDS[kind]}:\n${errs}`);
  return doc;
}

/**
 * The schema kind of `authlens ARGS` output, from the command and its options; null when the command
 * prints no JSON there (text output, --csv, --ar).
 */
export function cliKind(args) {
  const a = args.map(String);
  const [cmd, sub] = a;
  // analyze over many messages writes JSONL without --json; its text output for one message has no JSON lines.
  if (cmd === 'analyze') return a.includes('--ar') || a.includes('--ar-header') ? null : 'report-line';
  if (!a.includes('--json') || a.includes('--csv')) return null;
  switch (cmd) {
    case 'inventory': return 'inventory';
    case 'headers': return 'headers';
    case 'domain': return 'domain';
    case 'dns': return 'dns-answer';
    case 'dmarc': return sub === 'report' ? 'dmarc-aggregate' : sub === 'check' ? 'dmarc-check' : null;
    case 'spf': return sub === 'check' ? 'spf-check' : sub === 'lint' ? 'spf-lint' : null;
    case 'dkim': return sub === 'verify' ? 'dkim-verify' : null;
    case 'arc': return sub === 'verify' ? 'arc-verify' : null;
    case 'record':
      if (sub === 'spf') return a.includes('--check') ? 'record-spf-check' : 'record-spf';
      if (sub === 'dmarc') return 'record-dmarc';
      if (sub === 'dkim') return a.includes('--provider') ? 'record-delegation' : a.includes('--key-out') ? 'record-dkim-key-out' : 'record-dkim';
      return null;
    default: return null;
  }
}

/**
 * JSON documents in a CLI's stdout: one pretty-printed document, or JSONL (one per line). Text that is
 * not JSON gives none (a refused run prints its reason on stderr; the test asserts on that).
 */
export function jsonDocuments(stdout) {
  const text = String(stdout ?? '').trim();
  if (!text) return [];
  try {
    return [JSON.parse(text)];
  } catch {
    const docs = [];
    for (const line of text.split('\n')) {
      const l = line.trim();
      if (!l.startsWith('{')) continue;
      try {
        docs.push(JSON.parse(l));
      } catch {
        // not a JSON line
      }
    }
    return docs;
  }
}

/** Validates every JSON document `authlens ARGS` printed on stdout (see cliKind). */
export function assertCliOutput(args, stdout) {
  const kind = cliKind(args);
  if (!kind) return;
  for (const [i, doc] of jsonDocuments(stdout).entries())
    assertSchema(kind, doc, `authlens ${args.join(' ')} (document ${i + 1})`);
}
