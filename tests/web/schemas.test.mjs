// The JSON Schemas in schema/ themselves: each compiles under ajv's strict mode (JSON Schema 2020-12),
// names itself by its file, and resolves every $ref; sample documents the CLI produced
// (tests/data/schema/, refreshed with the commands in their README) validate; and a document with a
// renamed field, a misspelled one, a word outside a fixed set or a missing member is refused with the
// path that is wrong. The suites that get JSON from the CLI, the wasm module and the page validate
// through the same module (tests/lib/schema.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { KINDS, makeAjv, repo, schemaErrors, schemaFiles } from '../lib/schema.mjs';

const sample = (name) => JSON.parse(readFileSync(path.join(repo, 'tests', 'data', 'schema', name), 'utf8'));
const clone = (o) => JSON.parse(JSON.stringify(o));

test('every schema compiles (strict mode) and names itself by its file', () => {
  const files = schemaFiles();
  assert.ok(Object.keys(files).length >= 8, Object.keys(files).join(' '));
  const ajv = makeAjv();
  for (const [name, s] of Object.entries(files)) {
    assert.equal(s.$schema, 'https://json-schema.org/draft/2020-12/schema', name);
    assert.equal(s.$id, `https://authlens.invalid/schema/${name}`, name);
    assert.ok(ajv.getSchema(s.$id), `${name} compiles`);
  }
  for (const kind of Object.keys(KINDS)) assert.equal(schemaErrors(kind, null) !== '', true, `${kind} refuses null`);
});

test('every $ref points at a definition that exists', () => {
  const files = schemaFiles();
  const walk = (node, file, out) => {
    if (Array.isArray(node)) node.forEach((x) => walk(x, file, out));
    else if (node && typeof node === 'object') {
      if (typeof node.$ref === 'string') out.push([file, node.$ref]);
      for (const v of Object.values(node)) walk(v, file, out);
    }
    return out;
  };
  for (const [file, s] of Object.entries(files)) {
    for (const [, ref] of walk(s, file, [])) {
      const [target, pointer = ''] = ref.split('#');
      const doc = target ? files[target] : s;
      assert.ok(doc, `${file}: ${ref} names no schema file`);
      const found = pointer.split('/').filter(Boolean).reduce((x, k) => (x ? x[k] : undefined), doc);
      assert.ok(found, `${file}: ${ref} points at nothing`);
    }
  }
});

test('the samples validate', () => {
  assert.equal(schemaErrors('report', sample('report-analyze-aligned.json')), '');
  assert.equal(schemaErrors('domain', sample('domain-bad.json')), '');
  assert.equal(schemaErrors('dmarc-aggregate', sample('aggregate-minimal.json')), '');
  assert.equal(schemaErrors('record-spf-check', sample('records-spf-check.json')), '');
  assert.equal(schemaErrors('record-dmarc', sample('records-dmarc.json')), '');
  const headers = Object.fromEntries(Object.entries(sample('report-analyze-aligned.json'))
    .filter(([k]) => ['schema', 'fields', 'addresses', 'author_domain', 'subject', 'mime', 'input', 'defects', 'route',
      'authentication_results'].includes(k)));
  assert.equal(schemaErrors('headers', headers), '');
  assert.match(schemaErrors('headers', sample('report-analyze-aligned.json')), /must NOT have additional properties "now"/);
});

test('a report with a renamed field is refused, with its path', () => {
  const r = clone(sample('report-analyze-aligned.json'));
  r.summary.code = r.summary.headline_code;
  delete r.summary.headline_code;
  const errs = schemaErrors('report', r);
  assert.match(errs, /at \/summary: must have required property 'headline_code'/);
  assert.match(errs, /at \/summary: must NOT have additional properties "code"/);
});

test('a misspelled field, a word outside its set and a wrong type are refused', () => {
  const cases = [
    [(r) => { r.route.handoff_tsl = r.route.handoff_tls ?? 'TLSv1.3'; }, /at \/route: must NOT have additional properties "handoff_tsl"/],
    [(r) => { r.dkim[0].result = 'passed'; }, /at \/dkim\/0\/result: must be equal to one of the allowed values/],
    [(r) => { r.bulk_sender.outlook.items[0].status = 'ok'; }, /at \/bulk_sender\/outlook\/items\/0\/status/],
    [(r) => { r.spoofing.level = 'high'; }, /at \/spoofing\/level/],
    [(r) => { r.dmarc.policy = 'p=reject'; }, /at \/dmarc\/policy/],
    [(r) => { r.dns.rounds = '2'; }, /at \/dns\/rounds: must be integer/],
    [(r) => { delete r.dmarc.rfc7489; }, /at \/dmarc: must have required property 'rfc7489'/],
    [(r) => { r.spf.helo.helo = { result: 'pass' }; }, /at \/spf\/helo\/helo: must be string/],
  ];
  for (const [breakIt, expected] of cases) {
    const r = clone(sample('report-analyze-aligned.json'));
    breakIt(r);
    assert.match(schemaErrors('report', r), expected);
  }
});

test('domain and aggregate documents with a renamed field are refused', () => {
  const d = clone(sample('domain-bad.json'));
  d.areas[0].level = d.areas[0].grade;
  delete d.areas[0].grade;
  assert.match(schemaErrors('domain', d), /at \/areas\/0: must have required property 'grade'/);
  const a = clone(sample('aggregate-minimal.json'));
  a.summary.sources[0].passed = a.summary.sources[0].pass;
  delete a.summary.sources[0].pass;
  assert.match(schemaErrors('dmarc-aggregate', a), /at \/summary\/sources\/0: must have required property 'pass'/);
  const b = clone(sample('aggregate-minimal.json'));
  b.senders.senders[0].sender_kind = b.senders.senders[0].kind;
  delete b.senders.senders[0].kind;
  assert.match(schemaErrors('dmarc-aggregate', b), /at \/senders\/senders\/0: must have required property 'kind'/);
  const c = clone(sample('aggregate-minimal.json'));
  c.senders.lookup = 'offline';
  assert.match(schemaErrors('dmarc-aggregate', c), /at \/senders\/lookup: must be equal to one of the allowed values/);
});

test('record wizard outputs: each shape is its own, and broken ones are refused', () => {
  const spf = sample('records-spf-check.json');
  const { budget, ...build } = spf;
  assert.equal(schemaErrors('record-spf', build), '');
  assert.match(schemaErrors('record-spf', spf), /at \/: must NOT have additional properties "budget"/);
  assert.match(schemaErrors('record-spf-check', build), /at \/: must have required property 'budget'/);
  // The wasm job's budget carries dns {rounds, offline}; the CLI's {rounds, questions}.
  const job = { ...clone(budget), dns: { rounds: 2, offline: false } };
  assert.equal(schemaErrors('spf-budget', job), '');
  assert.match(schemaErrors('spf-budget', clone(budget)), /at \/dns: must have required property 'offline'/);
  const cases = [
    ['spf-budget', job, (b) => { b.status = 'ok'; }, /at \/status: must be equal to one of the allowed values/],
    ['spf-budget', job, (b) => { b.done = false; }, /at \/status: must be equal to constant/],
    ['spf-budget', job, (b) => { b.status = 'incomplete'; }, /at \/status: must be equal to one of the allowed values/],
    ['spf-budget', job, (b) => { b.notes[0].severity = 'notice'; }, /at \/notes\/0\/severity/],
    ['spf-budget', job, (b) => { b.notes[0].params.lookups = 3; }, /at \/notes\/0\/params\/lookups: must be string/],
    ['record-spf-check', spf, (j) => { j.publish[0].type = 'SPF'; }, /at \/publish\/0\/type/],
    ['record-spf-check', spf, (j) => { j.publish[0].name += '.'; }, /at \/publish\/0\/name: must match pattern/],
    ['record-spf-check', spf, (j) => { j.publish = []; }, /at \/publish: must NOT have fewer than 1 items/],
    ['record-dmarc', sample('records-dmarc.json'), (j) => { j.rollout[0].code = 'records.dmarc.stage.none'; }, /at \/rollout\/0\/code/],
    ['record-dmarc', sample('records-dmarc.json'), (j) => { j.external = j.external_destinations; delete j.external_destinations; },
      /at \/: must have required property 'external_destinations'/],
  ];
  for (const [kind, doc, breakIt, expected] of cases) {
    const d = clone(doc);
    breakIt(d);
    assert.match(schemaErrors(kind, d), expected, `${kind}: ${breakIt}`);
  }
});
