// wasm/js/driver.js — the sans-I/O driver loop (DESIGN.md "How data flows"):
//   for (let q = pending(); q.length; q = pending()) { await Promise.all(q.map(resolve)); evaluate(); }
// Every question of a round goes out in parallel; rounds are bounded. The core decides what to ask
// and what the answers mean; this file only carries questions out and answers in, and keeps a
// transcript (round, name, type, status, ms) for the page's DNS panel, and the time spent in each of the
// two places a result waits on: the core's own calls, and the DNS answers (`timing`: the page says both,
// so that "slow" can be told apart from "waiting for the resolver").
import { dohResolver } from './doh.js';

/**
 * Runs one job (wasm/registry.hpp) to the end: runJob(core, 'domain', 'example.com', options).
 * Same options as runAnalysis; returns { result, snapshot, transcript, rounds, dns, timing }.
 */
export async function runJob(core, kind, input, options = {}) {
  const out = await drive(core, kind, input, options);
  return out;
}

/**
 * Runs one analysis to the end.
 *   core:    wrapCore(module) (wasm/js/core.js)
 *   input:   the message (string = UTF-8 text, or bytes)
 *   options: { request: {ip, helo, mail_from, now},
 *              dns: { mode: 'doh', url } | { mode: 'offline' } | { mode: 'snapshot', snapshot },
 *              maxRounds = 12, timeoutMs = 5000, fetchImpl, onRound(info),
 *              resolve(q) -> {bytes} | {status, error}: replaces the DoH fetch (the page's worker
 *              hands questions to the main thread, which fetches under the page's CSP) }
 * Returns { report, snapshot (JSON text), transcript: [...], rounds, dns: {mode, url?},
 *           timing: { core_ms, dns_ms } } — core_ms: the sum of the synchronous calls into the core (job,
 *           answers, evaluation, result, snapshot); dns_ms: the sum over rounds of the wait for a round's answers.
 */
export async function runAnalysis(core, input, options = {}) {
  const out = await drive(core, 'analysis', input, options);
  return { report: out.result, ...out };
}

async function drive(core, kind, input, options) {
  const dns = options.dns ?? { mode: 'offline' };
  const maxRounds = options.maxRounds ?? 12;
  const request = {
    ...(options.request ?? {}),
    now: options.request?.now ?? Math.floor(Date.now() / 1000),
    offline: dns.mode === 'offline',
    max_rounds: maxRounds,
  };
  let resolve = null;
  if (dns.mode === 'doh') resolve = options.resolve ?? dohResolver(dns.url, options);
  else if (dns.mode === 'snapshot') resolve = async () => ({ status: 'NXDOMAIN', error: 'not in snapshot' });

  let coreMs = 0;
  let dnsMs = 0;
  const inCore = (call) => {
    const t0 = now();
    try {
      return call();
    } finally {
      coreMs += now() - t0;
    }
  };
  const a = inCore(() => core.job(kind, input, request));
  try {
    if (dns.mode === 'snapshot') inCore(() => a.loadSnapshot(dns.snapshot));
    const transcript = [];
    let round = 0;
    // The core stops asking after max_rounds; the +1 is only a guard against a core that would not.
    for (let q = inCore(() => a.pending()); q.length && resolve && round < maxRounds + 1; q = inCore(() => a.pending())) {
      round += 1;
      const seen = new Set();
      const questions = q.filter((x) => !seen.has(`${x.name}/${x.type}`) && seen.add(`${x.name}/${x.type}`));
      options.onRound?.({ round, asking: questions.map(({ name, type }) => ({ name, type })) });
      const roundStart = now();
      const coreBefore = coreMs;
      await Promise.all(questions.map(async (x) => {
        const t0 = now();
        // A name the wire format cannot carry (query null) is never sent: it is a SERVFAIL.
        const r = x.query ? await resolve(x) : { status: 'SERVFAIL', error: 'name cannot be encoded' };
        const ms = Math.round(now() - t0);
        let entry;
        if (r.bytes) {
          entry = inCore(() => a.addWire(x, r.bytes)) ?? { status: 'SERVFAIL' };
        } else {
          inCore(() => a.addStatus(x, r.status));
          entry = { status: r.status };
        }
        transcript.push({ round, name: x.name, type: x.type, ...entry, ms, ...(r.error ? { error: r.error } : {}) });
      }));
      // The wait for this round's answers, less the core's work on the answers that came first.
      dnsMs += now() - roundStart - (coreMs - coreBefore);
      inCore(() => a.evaluate());
    }
    const result = inCore(() => a.result());
    // A snapshot replay is answered inside the core (the same offline resolver as zone files:
    // CNAMEs followed, NODATA for a present name), so nothing crossed this loop: the transcript is
    // the core's own record of the questions it answered, with their rounds.
    if (dns.mode === 'snapshot' && !transcript.length && Array.isArray(result?.dns?.transcript)) {
      transcript.push(...result.dns.transcript.map((e) => ({ round: 0, ...e })));
    }
    transcript.sort((x, y) => x.round - y.round || x.name.localeCompare(y.name) || x.type.localeCompare(y.type));
    const snapshot = inCore(() => a.snapshot());
    return {
      result,
      snapshot,
      transcript,
      rounds: round,
      dns: dns.mode === 'doh' ? { mode: 'doh', url: dns.url } : { mode: dns.mode },
      timing: { core_ms: tenths(coreMs), dns_ms: tenths(dnsMs) },
    };
  } finally {
    a.free();
  }
}

/** Milliseconds rounded to tenths, as `timing` gives them. */
export function tenths(ms) {
  return Math.round(ms * 10) / 10;
}

function now() {
  return globalThis.performance?.now ? globalThis.performance.now() : Date.now();
}
