// What a tab module (web/src/tabs/<tab>.ts) gets from the page: the core in the worker, the
// user's DNS choice, and the message catalogs. A tab never talks to the worker or the network
// itself: DNS questions go out as DoH GETs made by the page under its Content-Security-Policy.
export type DnsChoice = { mode: 'doh'; url: string } | { mode: 'offline' } | { mode: 'snapshot'; snapshot: string };

export interface JobOutcome<T = any> {
  result: T;
  snapshot: string; // authlens/dns-snapshot/v1 as text
  transcript: Array<{ round: number; name: string; type: string; status: string; ms?: number; [k: string]: unknown }>;
  rounds: number;
  dns: { mode: string; url?: string };
  /** Milliseconds in the core's own calls, and waiting for DNS answers (wasm/js/driver.js). */
  timing: { core_ms: number; dns_ms: number };
}

export interface PageApi {
  /** Calls a pure core method (wasm/registry.hpp); rejects with the core's message on an error. */
  call<T = any>(method: string, input: unknown): Promise<T>;
  /** Runs a sans-I/O job (a dns::job kind) with the DNS setting from the header (or `dns` if given). */
  runJob<T = any>(kind: string, input: string | Uint8Array, request?: Record<string, unknown>,
                  options?: { dns?: DnsChoice; onRound?: (info: { round: number; asking: unknown[] }) => void }): Promise<JobOutcome<T>>;
  /** The DNS choice in the header, or null when the custom URL is invalid (the header says why). */
  dnsChoice(): DnsChoice | null;
  /** Catalog text (web/src/i18n/*.json) with {name} placeholders. */
  t(key: string, params?: Record<string, string | number>): string;
  lang(): 'en' | 'ja';
  /** Called after the language changes: re-render what the tab shows. */
  onLanguageChange(cb: () => void): void;
  /** Saves bytes as a download (CSV, JSON, keys) without any network request. */
  download(name: string, data: BlobPart, type: string): void;
}
