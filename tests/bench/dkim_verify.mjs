// dkim_verify.mjs — messages per second through the shipped WebAssembly module under Node: the
// message analysis (wasm/js/core.js job "analysis", DNS from the corpus's snapshot, as the page's
// snapshot replay does) over the corpus written by the native benchmark:
//
//   build/bench/tests/bench/dkim_verify --messages 2000 --write-corpus /tmp/dkim-corpus
//   node tests/bench/dkim_verify.mjs --corpus /tmp/dkim-corpus [--wasm build/wasm-bench/wasm] [--limit N]
//
// A corpus written by the analyzer benchmark (tests/bench/analyze.cpp --write-corpus DIR) carries one
// snapshot per message (msg-NNNNN.snapshot.json: the keys, SPF, DMARC, PTR answers that analysis used);
// each message is then replayed with its own, and the figure is the full analysis (SPF and DMARC too):
//
//   build/bench/tests/bench/analyze --messages 2000 --write-corpus /tmp/analyze-corpus
//   node tests/bench/dkim_verify.mjs --corpus /tmp/analyze-corpus [--wasm build/wasm-bench/wasm]
//
// It reports how many DKIM signatures the analysis found passing. While the analysis does not verify
// DKIM yet (report.dkim empty), the figure is the analysis without DKIM and the script says so. The
// crypto floor under wasm comes from tests/bench/dkim_verify.cpp built for Node
// (tests/bench/wasm/build.sh → bench-wasm/dkim_verify.js), which prints the same table as natively.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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
const shared = path.join(opt.corpus, 'snapshot.json');
const snapshot = existsSync(shared) ? readFileSync(shared, 'utf8') : '';
const files = readdirSync(opt.corpus).filter((f) => f.endsWith('.eml')).sort().slice(0, opt.limit);
const messages = files.map((f) => readFileSync(path.join(opt.corpus, f)));
const snapshots = files.map((f) => {
  const own = path.join(opt.corpus, f.replace(/\.eml$/, '.snapshot.json'));
  return existsSync(own) ? readFileSync(own, 'utf8') : snapshot;
});
const bytes = messages.reduce((s, m) => s + m.length, 0);
console.log(`dkim_verify.mjs: ${messages.length} messages, ${(bytes / 1e6).toFixed(1)} MB, wasm module ${opt.wasm}, Node ${process.version}`);

function analyse(m, snap) {
  const job = core.analysis(m, { now: 1795000100, max_rounds: 12 });
  try {
    job.loadSnapshot(snap);   // every question answered from the snapshot (no network)
    return job.report();
  } finally {
    job.free();
  }
}

// one pass to count, then timed passes for at least opt.seconds of CPU time
let pass = 0;
let sigs = 0;
let dmarcPass = 0;
messages.forEach((m, i) => {
  const report = analyse(m, snapshots[i]);
  const d = report?.dkim ?? [];
  sigs += d.length;
  pass += d.filter((s) => s.result === 'pass').length;
  dmarcPass += report?.dmarc?.result === 'pass' && report?.spf?.result === 'pass' ? 1 : 0;
});
let n = 0;
const c0 = process.cpuUsage();
const t0 = performance.now();
let cpu = 0;
do {
  messages.forEach((m, i) => analyse(m, snapshots[i]));
  n += messages.length;
  const c = process.cpuUsage(c0);
  cpu = (c.user + c.system) / 1e6;
} while (cpu < opt.seconds);
const wall = (performance.now() - t0) / 1000;
console.log(`wasm analysis under Node: ${(n / cpu).toFixed(0)} msgs/s per CPU second (${(n / wall).toFixed(0)} per wall second), ` +
  `${((n / cpu) * (bytes / messages.length) / 1e6).toFixed(1)} MB/s; DKIM signatures found ${sigs}, passing ${pass}; ` +
  `SPF and DMARC passing in ${dmarcPass} of ${messages.length}`);
if (sigs === 0) {
  console.log('note: this build\'s analysis reports no DKIM results (report.dkim empty): the figure is the analysis without DKIM verification');
  process.exit(3);
}
process.exit(pass === sigs ? 0 : 1);
