// wasm/js/core.js — the JS face of the C ABI in wasm/bindings.cpp. No authentication logic here:
// it moves bytes and JSON across the boundary and frees what the module returns.
//
//   const core = wrapCore(await createAuthlens({ ... }));
//   core.headers(bytesOrString)             -> the headers-only view (object)
//   const a = core.analysis(bytes, request) -> Analysis (throws on a message the core refuses)
//   a.pending() / a.addWire(q, bytes) / a.addStatus(q, status) / a.evaluate() / a.report() /
//   a.snapshot() / a.loadSnapshot(json) / a.rounds() / a.free()

const encoder = new TextEncoder();

/** Bytes of a message: a string is taken as UTF-8 (what a paste gives), bytes are kept as is. */
export function toBytes(input) {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  return encoder.encode(String(input ?? ''));
}

export function wrapCore(m) {
  // Copies bytes into module memory; the caller frees the pointer (authlens_free).
  function alloc(bytes) {
    const p = m._authlens_alloc(bytes.length);
    m.HEAPU8.set(bytes, p);
    return p;
  }
  function allocString(s) {
    return alloc(encoder.encode(String(s) + '\0'));
  }
  // Reads and frees a char* the module returned (null -> null).
  function take(p) {
    if (!p) return null;
    const s = m.UTF8ToString(p);
    m._authlens_free(p);
    return s;
  }
  function takeJson(p) {
    const s = take(p);
    return s === null ? null : JSON.parse(s);
  }
  // Calls fn with the strings allocated in module memory, then frees them.
  function withStrings(strings, fn) {
    const ptrs = strings.map((s) => (s === null || s === undefined ? 0 : allocString(s)));
    try {
      return fn(...ptrs);
    } finally {
      for (const p of ptrs) if (p) m._authlens_free(p);
    }
  }

  class Analysis {
    constructor(handle) {
      this.handle = handle;
    }
    /** [{name, type, query}] — query is the RFC 8484 `dns` parameter (base64url, id 0). */
    pending() {
      return takeJson(m._authlens_analysis_pending(this.handle)) ?? [];
    }
    /** Hands a DoH reply body to the core's wire parser; returns the answer as recorded. */
    addWire(q, bytes) {
      const body = alloc(bytes);
      try {
        return withStrings([q.name, q.type], (n, t) =>
          takeJson(m._authlens_analysis_add_wire(this.handle, n, t, body, bytes.length)));
      } finally {
        m._authlens_free(body);
      }
    }
    /** Records a question that got no reply ("TIMEOUT", "SERVFAIL"). */
    addStatus(q, status) {
      return withStrings([q.name, q.type, status], (n, t, s) => m._authlens_analysis_add_status(this.handle, n, t, s) === 1);
    }
    evaluate() {
      m._authlens_analysis_evaluate(this.handle);
    }
    rounds() {
      return m._authlens_analysis_rounds(this.handle);
    }
    /** The report (authlens/report/v1), parsed. */
    report() {
      return takeJson(m._authlens_analysis_report(this.handle));
    }
    /** The DNS snapshot (authlens/dns-snapshot/v1) as JSON text. */
    snapshot() {
      return take(m._authlens_analysis_snapshot(this.handle));
    }
    /** Loads a snapshot (text or object) and re-evaluates; throws with the core's reason. */
    loadSnapshot(snapshot) {
      const text = typeof snapshot === 'string' ? snapshot : JSON.stringify(snapshot);
      const ok = withStrings([text], (s) => m._authlens_analysis_load_snapshot(this.handle, s));
      if (ok !== 1) throw coreError(takeJson(m._authlens_last_error()));
    }
    free() {
      if (this.handle) m._authlens_analysis_free(this.handle);
      this.handle = 0;
    }
  }

  return {
    /** Bytes of module memory (it only grows; a steady value across many analyses means no leak). */
    memoryBytes() {
      return m.HEAPU8.length;
    },
    /** The headers-only view (same JSON as `authlens headers --json`), as text. */
    headersText(input) {
      const bytes = toBytes(input);
      const p = alloc(bytes);
      try {
        return take(m._authlens_headers(p, bytes.length));
      } finally {
        m._authlens_free(p);
      }
    },
    headers(input) {
      return JSON.parse(this.headersText(input));
    },
    /** request: {ip, helo, mail_from, now (unix seconds), offline, max_rounds}. */
    analysis(input, request = {}) {
      const bytes = toBytes(input);
      const p = alloc(bytes);
      try {
        const h = withStrings([JSON.stringify(request)], (r) => m._authlens_analysis_new(p, bytes.length, r));
        if (!h) throw coreError(takeJson(m._authlens_last_error()));
        return new Analysis(h);
      } finally {
        m._authlens_free(p);
      }
    },
  };
}

function coreError(e) {
  const err = new Error(e?.message || 'the analysis could not start');
  err.code = e?.code || 'wasm.error';
  return err;
}
