// Shared by the wasm tests: loading the module, skipping cleanly, and DNS wire bytes for fake
// resolvers (test-side only; the product's only DNS parser is the core's).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadNodeCore } from '../../wasm/js/node.js';
import { assertSchema } from '../lib/schema.mjs';

export { assertCliOutput, assertSchema } from '../lib/schema.mjs';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const wasmDir = process.env.AUTHLENS_WASM_DIR || path.join(repo, 'build', 'wasm', 'wasm');
export const SKIP = 77;

/** Exits with the skip code when the WebAssembly build is absent; otherwise loads it (validating). */
export async function coreOrSkip() {
  if (!existsSync(path.join(wasmDir, 'authlens.mjs')) || !existsSync(path.join(wasmDir, 'authlens.wasm'))) {
    console.log(`# SKIP: no WebAssembly build in ${wasmDir}`);
    process.exit(SKIP);
  }
  return validatingCore(await loadNodeCore(wasmDir));
}

// The schema (schema/, tests/lib/schema.mjs) of what each job kind and method returns.
const JOB_SCHEMAS = { analysis: 'report', domain: 'domain', 'aggregate.ptr': 'aggregate-ptr', 'spf.budget': 'spf-budget' };
const METHOD_SCHEMAS = {
  'aggregate.parse': 'dmarc-aggregate',
  'aggregate.senders': 'aggregate-senders',
  'inventory.facts': 'inventory-facts',
  'record.providers': 'record-providers',
  'record.spf': 'record-spf',
  'record.dmarc': 'record-dmarc',
  'record.dkim': 'record-dkim',
  'record.delegation': 'record-delegation',
};

/**
 * The core (wasm/js/core.js) with every JSON it hands out checked against schema/: the headers view,
 * each job's result (every round, not just the last) and DNS snapshot, and the methods that return
 * a format with a schema. A document that does not match throws with ajv's paths, failing the test.
 */
export function validatingCore(core) {
  const watch = (kind, job) => {
    const result = job.result.bind(job);
    const snapshot = job.snapshot.bind(job);
    job.result = () => {
      const r = result();
      if (r !== null && JOB_SCHEMAS[kind]) assertSchema(JOB_SCHEMAS[kind], r, `wasm job "${kind}" result`);
      return r;
    };
    job.report = () => job.result();
    job.snapshot = () => {
      const s = snapshot();
      if (s !== null) assertSchema('dns-snapshot', JSON.parse(s), `wasm job "${kind}" snapshot`);
      return s;
    };
    return job;
  };
  return {
    ...core,
    headersText(input) {
      const text = core.headersText(input);
      assertSchema('headers', JSON.parse(text), 'wasm headers()');
      return text;
    },
    headers(input) {
      return JSON.parse(this.headersText(input));
    },
    job(kind, input, request = {}) {
      return watch(kind, core.job(kind, input, request));
    },
    analysis(input, request = {}) {
      return this.job('analysis', input, request);
    },
    call(method, input = {}) {
      const out = core.call(method, input);
      if (METHOD_SCHEMAS[method]) assertSchema(METHOD_SCHEMAS[method], out, `wasm call "${method}"`);
      return out;
    },
  };
}

export const TYPES = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28 };

function encodeName(name) {
  const out = [];
  for (const label of name.replace(/\.$/, '').split('.').filter(Boolean)) {
    const b = Buffer.from(label, 'latin1');
    out.push(b.length, ...b);
  }
  out.push(0);
  return out;
}

/** An RFC 1035 query (id, RD, no EDNS) — for tests that ask a server directly. */
export function buildQuery(name, type, id = 0) {
  return Buffer.from([id >> 8, id & 255, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, ...encodeName(name), 0, TYPES[type], 0, 1]);
}

export function base64url(bytes) {
  return Buffer.from(bytes).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Decodes the core's pending() query and returns {id, name, type}. */
export function decodeQuery(b64) {
  const b = Buffer.from(b64.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  const labels = [];
  let p = 12;
  while (b[p] !== 0) {
    labels.push(b.subarray(p + 1, p + 1 + b[p]).toString('latin1'));
    p += b[p] + 1;
  }
  const code = b.readUInt16BE(p + 1);
  return { id: b.readUInt16BE(0), qdcount: b.readUInt16BE(4), rd: (b[2] & 1) === 1, name: labels.join('.'), type: Object.keys(TYPES).find((k) => TYPES[k] === code) };
}

/**
 * A reply to `query` (bytes) from a table { "name/TYPE": {rcode?, ttl?, txt?: [[...]], data?: [...]} }.
 * Unknown questions are NXDOMAIN. data: A "192.0.2.1", MX "10 mx.example.", PTR/CNAME "host.".
 */
export function replyFrom(table, query) {
  const q = Buffer.from(query);
  let p = 12;
  const labels = [];
  while (q[p] !== 0) {
    labels.push(q.subarray(p + 1, p + 1 + q[p]).toString('latin1'));
    p += q[p] + 1;
  }
  const qtype = q.readUInt16BE(p + 1);
  const question = q.subarray(12, p + 5);
  const type = Object.keys(TYPES).find((k) => TYPES[k] === qtype);
  const entry = table[`${labels.join('.').toLowerCase()}/${type}`];
  const rcode = entry ? entry.rcode ?? 0 : 3;
  const rrs = [];
  for (const rec of entry?.txt ?? []) {
    const rdata = rec.flatMap((s) => [Buffer.byteLength(s, 'latin1'), ...Buffer.from(s, 'latin1')]);
    rrs.push(rr(qtype, entry.ttl ?? 300, rdata));
  }
  for (const d of entry?.data ?? []) {
    let rdata;
    if (type === 'A') rdata = d.split('.').map(Number);
    else if (type === 'MX') {
      const [pref, host] = d.split(' ');
      rdata = [Number(pref) >> 8, Number(pref) & 255, ...encodeName(host)];
    } else rdata = encodeName(d);
    rrs.push(rr(qtype, entry.ttl ?? 300, rdata));
  }
  const header = [q[0], q[1], 0x81, 0x80 | rcode, 0, 1, rrs.length >> 8, rrs.length & 255, 0, 0, 0, 0];
  return new Uint8Array([...header, ...question, ...rrs.flat()]);
}

function rr(type, ttl, rdata) {
  return [0xc0, 12, type >> 8, type & 255, 0, 1, (ttl >>> 24) & 255, (ttl >> 16) & 255, (ttl >> 8) & 255, ttl & 255,
    rdata.length >> 8, rdata.length & 255, ...rdata];
}

/** The `KEY=value` lines of the DNS e2e fixture's env file, or {} when absent. */
export function readEnvFile(file) {
  if (!file || !existsSync(file)) return {};
  return Object.fromEntries(readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#') && l.includes('='))
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

/** Message vectors shared with the native tests. */
export function messageVectors() {
  const dirs = ['mime', 'transport', 'messages'].map((d) => path.join(repo, 'tests', 'data', d));
  const files = [];
  for (const d of dirs) {
    if (!existsSync(d)) continue;
    for (const f of readdirSorted(d)) if (/\.(eml|txt|msg)$/i.test(f)) files.push(path.join(d, f));
  }
  return files;
}
import { readdirSync } from 'node:fs';
function readdirSorted(d) {
  return readdirSync(d).sort();
}

/** A report without its `dns` section (transcript and round numbers differ between live and replay). */
export function withoutDns(report) {
  const { dns, ...rest } = report;
  return rest;
}
