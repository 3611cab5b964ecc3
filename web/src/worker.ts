// The Web Worker that owns the WebAssembly core, initialised once. The main thread sends
// {type:'analyze'}; DNS questions come back to the main thread as {type:'resolve'} so that every
// network request is made by the page itself, under its Content-Security-Policy.
import { wrapCore } from '../../wasm/js/core.js';
import { runAnalysis, runJob, tenths } from '../../wasm/js/driver.js';

type Core = ReturnType<typeof wrapCore>;
type DnsSetting = { mode: string; url?: string; snapshot?: string };
/** What the page sends (main.ts): DNS answers it fetched, and requests carrying a job number. */
type Msg =
  | { type: 'resolved'; id: number; result: unknown }
  | { type: 'init' }
  | { type: 'call'; job: number; method: string; input: object; module?: 'tools' }
  | { type: 'split'; job: number; input: Uint8Array }
  | { type: 'job'; job: number; kind: string; input: string | Uint8Array; request: Record<string, unknown>; dns: DnsSetting; module?: 'tools' }
  | { type: 'analyze'; job: number; input: string | Uint8Array; request: Record<string, string>; dns: DnsSetting;
      /** A message of a collection: reply with its inventory facts only (the core's inventory.facts). */
      facts?: { path: string; index: number } };

const ctx = self as unknown as { postMessage(m: unknown): void; onmessage: ((e: MessageEvent<Msg>) => void) | null; location: Location };
let corePromise: Promise<Core> | null = null;
let toolsPromise: Promise<Core> | null = null;
let nextResolve = 1;
const waiting = new Map<number, (r: unknown) => void>();

/** Loads one of the modules copied as static files next to the page (web/public/wasm), outside the bundle. */
async function load(name: string): Promise<Core> {
  const url = new URL(`../wasm/${name}.mjs`, ctx.location.href).href;
  const mod = await import(/* @vite-ignore */ url);
  return wrapCore(await mod.default());
}

/** The Analyze tab's module (the analysis, headers, a collection's inventory and mbox split): loaded at start. */
function core(): Promise<Core> {
  corePromise ??= load('authlens-analyze');
  return corePromise;
}

/** The full module (every binding: the Wizard, Domain and Reports tabs), loaded on their first request. */
function tools(): Promise<Core> {
  toolsPromise ??= load('authlens');
  return toolsPromise;
}

// A resolver that asks the main thread, which performs the DoH GET.
function viaPage(q: { name: string; type: string; query: string }): Promise<unknown> {
  const id = nextResolve++;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    ctx.postMessage({ type: 'resolve', id, q });
  });
}

ctx.onmessage = async (e) => {
  const m = e.data;
  if (m.type === 'resolved') {
    const r = waiting.get(m.id);
    waiting.delete(m.id);
    r?.(m.result);
    return;
  }
  if (m.type === 'init') {
    try {
      await core();
      ctx.postMessage({ type: 'ready' });
    } catch (err) {
      ctx.postMessage({ type: 'failed', message: String((err as Error)?.message ?? err) });
    }
    return;
  }
  if (m.type === 'call') {
    // A pure core method (wasm/registry.hpp): JSON in, JSON out.
    try {
      const c = await (m.module === 'tools' ? tools() : core());
      ctx.postMessage({ type: 'done', job: m.job, result: c.call(m.method, m.input) });
    } catch (err) {
      ctx.postMessage({ type: 'error', job: m.job, message: String((err as Error)?.message ?? err), code: (err as { code?: string })?.code });
    }
    return;
  }
  if (m.type === 'split') {
    // A file of a collection: an mbox cut into its messages by the core, or null (one message).
    try {
      const c = await core();
      ctx.postMessage({ type: 'done', job: m.job, result: c.splitMailbox(m.input) });
    } catch (err) {
      ctx.postMessage({ type: 'error', job: m.job, message: String((err as Error)?.message ?? err) });
    }
    return;
  }
  if (m.type === 'job') {
    // Any other sans-I/O tool (domain check, SPF budget…), driven like the analysis.
    try {
      const c = await (m.module === 'tools' ? tools() : core());
      const result = await runJob(c, m.kind, m.input, {
        request: m.request,
        dns: m.dns,
        resolve: m.dns.mode === 'doh' ? viaPage : undefined,
        onRound: (info: { round: number; asking: unknown[] }) => ctx.postMessage({ type: 'round', job: m.job, ...info }),
      });
      ctx.postMessage({ type: 'done', job: m.job, result });
    } catch (err) {
      ctx.postMessage({ type: 'error', job: m.job, message: String((err as Error)?.message ?? err), code: (err as { code?: string })?.code });
    }
    return;
  }
  if (m.type === 'analyze') {
    try {
      const c = await core();
      const t0 = performance.now();
      const headers = m.facts ? null : c.headers(m.input);
      const headersMs = performance.now() - t0;
      const result = await runAnalysis(c, m.input, {
        request: m.request,
        dns: m.dns,
        resolve: m.dns.mode === 'doh' ? viaPage : undefined,
        onRound: (info: { round: number; asking: unknown[] }) => ctx.postMessage({ type: 'round', job: m.job, ...info }),
      });
      if (m.facts) {
        const { facts } = c.call('inventory.facts', { report: { source: m.facts, ...result.report } });
        ctx.postMessage({ type: 'done', job: m.job, result: facts });
      } else {
        // The headers view is the core's work too: its time joins the analysis's.
        const timing = { ...result.timing, core_ms: tenths(result.timing.core_ms + headersMs) };
        ctx.postMessage({ type: 'done', job: m.job, result: { ...result, headers, timing } });
      }
    } catch (err) {
      ctx.postMessage({ type: 'error', job: m.job, message: String((err as Error)?.message ?? err), code: (err as { code?: string })?.code });
    }
  }
};
