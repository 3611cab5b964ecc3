// dkim_verify.mjs — messages per second through the shipped WebAssembly module under Node: the
// message analysis (wasm/js/core.js job "analysis", DNS from the corpus's snapshot, as the page's
// snapshot replay does) over the corpus written by the native benchmark:
//
//   build/bench/tests/bench/dkim_verify --messages 2000 --write-corpus /tmp/dkim-corpus
//   node tests/bench/dkim_verify.mjs --corpus /tmp/dkim-corpus [--wasm build/wasm-bench/wasm] [--limit N]
//
// It reports how many DKIM signatures the analysis found passing. While the analysis does not verify
// DKIM yet (report.dkim empty), the figure is the analysis without DKIM and the script says so. The
// crypto floor under wasm comes from tests/bench/dkim_verify.cpp built for Node
// (tests/bench/wasm/build.sh → bench-wasm/dkim_verify.js), which prints the same table as natively.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const opt = { corpus: '/tmp/dkim-corpus', wasm: path.join(repo, 'build', 'wasm-bench', 'wasm'), limit: Infinity, seconds: 5 };
for (let i = 2; i + 1 < process.argv.length; i += 2) {
  const k = process.argv[i].replace(/^--/, '');
  opt[k] = ['limit', 'seconds'].includes(k) ? Number(process.argv[i + 1]) : process.argv[i + 1];
}
const { loadNodeCore } = await import(path.join(repo, 'wasm', 'js', 'node.js'));
const core = await loadNodeCore(path.resolve(opt.wasm));
const snapshot = readFileSync(path.join(opt.corpus, 'snapshot.json'), 'utf8');
const files = readdirSync(opt.corpus).filter((f) => f.endsWith('.eml')).sort().slice(0, opt.limit);
const messages = files.map((f) => readFileSync(path.join(opt.corpus, f)));
const bytes = messages.reduce((s, m) => s + m.length, 0);
console.log(`dkim_verify.mjs: ${messages.length} messages, ${(bytes / 1e6).toFixed(1)} MB, wasm module ${opt.wasm}, Node ${process.version}`);

function analyse(m) {
  const job = core.analysis(m, { now: 1795000100, max_rounds: 12 });
  try {
    job.loadSnapshot(snapshot);   // every key question answered from the snapshot (no network)
    const report = job.report();
    return report?.dkim ?? [];
  } finally {
    job.free();
  }
}

// one pass to count, then timed passes for at least opt.seconds of CPU time
let pass = 0;
let sigs = 0;
for (const m of messages) {
  const d = analyse(m);
  sigs += d.length;
  pass += d.filter((s) => s.result === 'pass').length;
}
let n = 0;
const c0 = process.cpuUsage();
const t0 = performance.now();
let cpu = 0;
do {
  for (const m of messages) analyse(m);
  n += messages.length;
  const c = process.cpuUsage(c0);
  cpu = (c.user + c.system) / 1e6;
} while (cpu < opt.seconds);
const wall = (performance.now() - t0) / 1000;
console.log(`wasm analysis under Node: ${(n / cpu).toFixed(0)} msgs/s per CPU second (${(n / wall).toFixed(0)} per wall second), ` +
  `${((n / cpu) * (bytes / messages.length) / 1e6).toFixed(1)} MB/s; DKIM signatures found ${sigs}, passing ${pass}`);
if (sigs === 0) {
  console.log('note: this build\'s analysis reports no DKIM results (report.dkim empty): the figure is the analysis without DKIM verification');
  process.exit(3);
}
process.exit(pass === sigs ? 0 : 1);
