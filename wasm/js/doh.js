// wasm/js/doh.js — DNS-over-HTTPS (RFC 8484 §4.1 GET) through fetch. Only the DNS question leaves:
// the URL is `${endpoint}?dns=${base64url wire query}` (the core built the query, id 0), no body,
// no cookies, no referrer. The reply body (application/dns-message) goes back to the core's wire
// parser untouched.

/** Resolvers the page offers. Their origins are listed in the page's CSP connect-src. */
export const PROVIDERS = [
  { id: 'cloudflare', label: 'Cloudflare', url: 'https://cloudflare-dns.com/dns-query' },
  { id: 'google', label: 'Google', url: 'https://dns.google/dns-query' },
  { id: 'quad9', label: 'Quad9', url: 'https://dns.quad9.net/dns-query' },
];

/**
 * A custom DoH URL is accepted only where the page's Content-Security-Policy lets fetch go:
 * https on one of the providers' hosts (any path), plain http on the IPv4 loopback (a local
 * resolver or a test server, e.g. dnsdist's DoH front), or the origin of an endpoint a self-hosted
 * build named (`extra`: AUTHLENS_DOH_ENDPOINTS, written into the CSP too). Anything else would be
 * blocked by the CSP anyway; refusing it up front gives the user a reason instead of a silent
 * network error. Returns the normalised URL string, or null.
 */
export function checkCustomUrl(text, extra = []) {
  let u;
  try {
    u = new URL(String(text).trim());
  } catch {
    return null;
  }
  if (u.username || u.password || u.hash || u.search) return null;
  const providerHosts = PROVIDERS.map((p) => new URL(p.url).host);
  const ok = (u.protocol === 'https:' && providerHosts.includes(u.host) && !u.port) ||
    (u.protocol === 'http:' && u.hostname === '127.0.0.1') ||
    extra.some((e) => new URL(e).origin === u.origin);
  return ok ? u.toString() : null;
}

/**
 * The DoH endpoints a self-hosted build adds (AUTHLENS_DOH_ENDPOINTS: comma-separated URLs), checked:
 * https anywhere, or http on a loopback name (a resolver on the same machine); no credentials, query
 * or fragment. Returns { endpoints, errors } — the build refuses to go on with errors.
 */
export function parseEndpoints(text) {
  const endpoints = [];
  const errors = [];
  for (const item of String(text ?? '').split(',').map((x) => x.trim()).filter(Boolean)) {
    let u;
    try {
      u = new URL(item);
    } catch {
      errors.push(`${item}: not a URL`);
      continue;
    }
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
    if (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback)) errors.push(`${item}: must be https (http only on the loopback)`);
    else if (u.username || u.password || u.search || u.hash) errors.push(`${item}: no credentials, query or fragment`);
    else endpoints.push(u.toString());
  }
  return { endpoints, errors };
}

/** The GET URL for one question. */
export function dohUrl(endpoint, query) {
  return `${endpoint}${endpoint.includes('?') ? '&' : '?'}dns=${query}`;
}

/**
 * A resolver for the driver: asks `endpoint` one question and returns
 * {bytes} (the reply body) or {status: 'TIMEOUT' | 'SERVFAIL', error}.
 */
export function dohResolver(endpoint, { fetchImpl = globalThis.fetch, timeoutMs = 5000 } = {}) {
  return async (q) => {
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), timeoutMs);
    try {
      const res = await fetchImpl(dohUrl(endpoint, q.query), {
        method: 'GET',
        headers: { accept: 'application/dns-message' },
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
        cache: 'default',
        signal: ctl.signal,
      });
      if (!res.ok) return { status: 'SERVFAIL', error: `HTTP ${res.status}` };
      return { bytes: new Uint8Array(await res.arrayBuffer()) };
    } catch (e) {
      return ctl.signal.aborted ? { status: 'TIMEOUT', error: 'timeout' } : { status: 'SERVFAIL', error: String(e?.message || e) };
    } finally {
      clearTimeout(timer);
    }
  };
}
