// Types of authlens-core's API (index.js). The JSON the core returns is typed from the project's JSON
// Schemas (types/*.d.ts, generated at packaging from schema/).
import type { Report } from './types/report.js';
import type { HeadersReport } from './types/headers.js';
import type { Inventory } from './types/inventory.js';

export type { Report, HeadersReport, Inventory };

/** A DNS question the core needs: name, type, and the RFC 8484 `dns` parameter (null: not encodable). */
export interface Question { name: string; type: string; query: string | null }

/** An answer for the core: the DoH reply body, or a status for a question that got none. */
export type Answer = { bytes: Uint8Array } | { status: 'TIMEOUT' | 'SERVFAIL' | 'NXDOMAIN' | string; error?: string };

export interface Job {
  pending(): Question[];
  addWire(q: Question, bytes: Uint8Array): unknown;
  addStatus(q: Question, status: string): boolean;
  evaluate(): void;
  rounds(): number;
  result(): any;
  report(): any;
  /** authlens/dns-snapshot/v1 as JSON text. */
  snapshot(): string;
  loadSnapshot(snapshot: string | object): void;
  free(): void;
}

export interface Core {
  memoryBytes(): number;
  splitMailbox(input: string | Uint8Array): Array<{ index: number; bytes?: Uint8Array; tooLarge?: boolean }> | null;
  headersText(input: string | Uint8Array): string;
  headers(input: string | Uint8Array): HeadersReport;
  job(kind: string, input: string | Uint8Array, request?: Record<string, unknown>): Job;
  analysis(input: string | Uint8Array, request?: AnalysisRequest): Job;
  /** A registered pure method (record.spf, inventory, aggregate.parse, …): JSON in, JSON out; throws {code, message}. */
  call(method: string, input?: unknown): any;
}

/** What the receiving server knew; left out, it is taken from the message. */
export interface AnalysisRequest { ip?: string; helo?: string; mail_from?: string; now?: number }

export type DnsSetting = { mode: 'doh'; url: string } | { mode: 'offline' } | { mode: 'snapshot'; snapshot: string };

export interface RunOptions {
  request?: AnalysisRequest;
  dns?: DnsSetting;
  maxRounds?: number;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
  /** Replaces the DoH fetch: answer each question yourself. */
  resolve?: (q: Question) => Promise<Answer>;
  onRound?: (info: { round: number; asking: Array<{ name: string; type: string }> }) => void;
}

export interface TranscriptRow { round: number; name: string; type: string; status: string; ms?: number; [k: string]: unknown }

export interface JobOutcome<T> { result: T; snapshot: string; transcript: TranscriptRow[]; rounds: number; dns: { mode: string; url?: string } }

export function loadAuthlens(): Promise<Core>;
export function wrapCore(module: unknown): Core;
export function toBytes(input: string | Uint8Array | ArrayBuffer): Uint8Array;
export function runAnalysis(core: Core, input: string | Uint8Array, options?: RunOptions): Promise<JobOutcome<Report> & { report: Report }>;
export function runJob<T = any>(core: Core, kind: string, input: string | Uint8Array, options?: RunOptions): Promise<JobOutcome<T>>;
export const PROVIDERS: ReadonlyArray<{ id: string; label: string; url: string }>;
export function checkCustomUrl(text: string, extra?: string[]): string | null;
export function dohResolver(endpoint: string, options?: { fetchImpl?: typeof fetch; timeoutMs?: number }): (q: Question) => Promise<Answer>;
