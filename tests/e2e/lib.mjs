// Shared helpers for the end-to-end suites: the CLI binary, the running servers' addresses
// (from the env file tests/e2e/dns_servers.sh writes), and a bounded way to run the CLI.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { assertCliOutput, assertSchema } from '../lib/schema.mjs';

export const bin = process.env.AUTHLENS_BIN;
export const sourceDir = process.env.AUTHLENS_SOURCE_DIR;
export const zonesDir = join(sourceDir ?? '.', 'tests', 'data', 'zones');
export const tmp = process.env.AUTHLENS_TMP ?? '/tmp/authlens-e2e';
mkdirSync(tmp, { recursive: true });

export function servers() {
  const text = readFileSync(process.env.AUTHLENS_DNS_ENV, 'utf8');
  const env = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) env[m[1]] = m[2];
  }
  return env;
}

/**
 * Every JSON the CLI printed or recorded, checked against schema/ (tests/lib/schema.mjs): stdout of a
 * `--json` run by its command, and the snapshot a `--record FILE` run wrote. Throws (failing the test)
 * with ajv's paths when a document does not match.
 */
export function validateCliJson(args, stdout) {
  assertCliOutput(args, stdout);
  const i = args.indexOf('--record');
  if (i >= 0 && i + 1 < args.length) {
    const file = String(args[i + 1]);
    if (existsSync(file) && statSync(file).size > 0)
      assertSchema('dns-snapshot', JSON.parse(readFileSync(file, 'utf8')), `snapshot recorded by authlens ${args[0]}`);
  }
}

/** Runs `authlens ...args`; never waits more than `timeoutMs` (a hang fails the test). */
export function authlens(args, timeoutMs = 30000, extraEnv = {}) {
  const started = process.hrtime.bigint();
  // Text output follows the locale (--lang's default): the suites read English unless they ask.
  const locale = { LC_ALL: '', LC_MESSAGES: '', LANG: 'C.UTF-8' };
  const r = spawnSync(bin, args, { encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, ...locale, ...extraEnv } });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.error) throw new Error(`authlens ${args.join(' ')}: ${r.error.message}`);
  validateCliJson(args, r.stdout);
  return { code: r.status, signal: r.signal, out: r.stdout, err: r.stderr, ms };
}

/**
 * `authlens ...args` whose stdout must be JSON: the run plus `j`, the parsed output. Fails the test
 * (showing stdout and stderr) when it is not JSON.
 */
export function authlensJson(args, timeoutMs = 30000, extraEnv = {}) {
  const r = authlens(args, timeoutMs, extraEnv);
  let j = null;
  try {
    j = JSON.parse(r.out);
  } catch {
    // left null; the assertion shows stdout/stderr
  }
  if (!j) throw new Error(`authlens ${args.join(' ')}: no JSON on stdout: ${r.out} ${r.err}`);
  return { ...r, j };
}

/** `authlens dns NAME TYPE --json ...source` parsed; `code` is the exit code. */
export function dnsJson(name, type, source, timeoutMs = 30000, extraEnv = {}) {
  const r = authlens(['dns', name, type, '--json', ...source], timeoutMs, extraEnv);
  let answer = null;
  try {
    answer = JSON.parse(r.out);
  } catch {
    // left null: the assertion that follows shows stdout/stderr
  }
  return { ...r, answer };
}
