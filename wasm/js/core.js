// wasm/js/core.js — the JS face of the C ABI in wasm/bindings.cpp. No authentication logic here:
// it moves bytes and JSON across the boundary and frees what the module returns.
//
//   const core = wrapCore(await createAuthlens({ ... }));
//   core.headers(bytesOrString)             -> the headers-only view (object)
//   core.splitMailbox(bytes)                -> an mbox's messages, or null when it is not one
//   core.call(method, input)                -> a registered pure method (wasm/registry.hpp); throws
//                                              with the core's {code, message} on {"error": ...}
//   const j = core.job(kind, input, request) -> Job, a sans-I/O tool driven in DNS rounds
//   const a = core.analysis(bytes, request) -> core.job('analysis', ...) (throws on refusal)
//   j.pending() / j.addWire(q, bytes) / j.addStatus(q, status) / j.evaluate() / j.result() /
//   j.report() (= result) / j.snapshot() / j.loadSnapshot(json) / j.rounds() / j.free()

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

  class Job {
    constructor(handle) {
      this.handle = handle;
    }
    /** [{name, type, query}] — query is the RFC 8484 `dns` parameter (base64url, id 0). */
    pending() {
      return takeJson(m._authlens_job_pending(this.handle)) ?? [];
    }
    /** Hands a DoH reply body to the core's wire parser; returns the answer as recorded. */
    addWire(q, bytes) {
      const body = alloc(bytes);
      try {
        return withStrings([q.name, q.type], (n, t) =>
          takeJson(m._authlens_job_add_wire(this.handle, n, t, body, bytes.length)));
      } finally {
        m._authlens_free(body);
      }
    }
    /** Records a question that got no reply ("TIMEOUT", "SERVFAIL"). */
    addStatus(q, status) {
      return withStrings([q.name, q.type, status], (n, t, s) => m._authlens_job_add_status(this.handle, n, t, s) === 1);
    }
    evaluate() {
      m._authlens_job_evaluate(this.handle);
    }
    rounds() {
      return m._authlens_job_rounds(this.handle);
    }
    /** The job's result, parsed (for an analysis: the report, authlens/report/v1). */
    result() {
      return takeJson(m._authlens_job_result(this.handle));
    }
    report() {
      return this.result();
    }
    /** The DNS snapshot (authlens/dns-snapshot/v1) as JSON text. */
    snapshot() {
      return take(m._authlens_job_snapshot(this.handle));
    }
    /** Loads a snapshot (text or object) and re-evaluates; throws with the core's reason. */
    loadSnapshot(snapshot) {
      const text = typeof snapshot === 'string' ? snapshot : JSON.stringify(snapshot);
      const ok = withStrings([text], (s) => m._authlens_job_load_snapshot(this.handle, s));
      if (ok !== 1) throw coreError(takeJson(m._authlens_last_error()));
    }
    free() {
      if (this.handle) m._authlens_job_free(this.handle);
      this.handle = 0;
    }
  }

  return {
    /** Bytes of module memory (it only grows; a steady value across many analyses means no leak). */
    memoryBytes() {
      return m.HEAPU8.length;
    },
    /**
     * An mbox cut into messages (the core's splitter, mboxrd quoting undone):
     * [{index, bytes: Uint8Array} | {index, tooLarge: true}], or null when the bytes do not start
     * like an mbox (then they are one message).
     */
    splitMailbox(input) {
      const bytes = toBytes(input);
      const p = alloc(bytes);
      const lenp = m._authlens_alloc(4);
      try {
        const out = m._authlens_mbox_split(p, bytes.length, lenp);
        if (!out) return null;
        try {
          // Read the buffer after the call: memory may have grown (a new ArrayBuffer) meanwhile.
          const mem = new DataView(m.HEAPU8.buffer);
          const u32 = (at) => mem.getUint32(at, true);
          const messages = [];
          let at = out + 4;
          for (let i = u32(out); i > 0; i--) {
            const index = u32(at), status = u32(at + 4), length = u32(at + 8);
            at += 12;
            messages.push(status === 0 ? { index, bytes: m.HEAPU8.slice(at, at + length) } : { index, tooLarge: true });
            at += length;
          }
          return messages;
        } finally {
          m._authlens_free(out);
        }
      } finally {
        m._authlens_free(lenp);
        m._authlens_free(p);
      }
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
    /** Starts a job: kind "analysis" (input: the message; request: {ip, helo, mail_from, now
     *  (unix seconds), offline, max_rounds}; mail_from "" or "<>" is the null reverse-path, left out
     *  it is taken from the message) or any kind an area registered. */
    job(kind, input, request = {}) {
      const bytes = toBytes(input);
      const p = alloc(bytes);
      try {
        const h = withStrings([kind, JSON.stringify(request)], (k, r) => m._authlens_job_new(k, p, bytes.length, r));
        if (!h) throw coreError(takeJson(m._authlens_last_error()));
        return new Job(h);
      } finally {
        m._authlens_free(p);
      }
    },
    analysis(input, request = {}) {
      return this.job('analysis', input, request);
    },
    /** Calls a registered pure method (JSON in, JSON out). */
    call(method, input = {}) {
      const out = withStrings([method, JSON.stringify(input)], (mm, i) => takeJson(m._authlens_call(mm, i)));
      if (out && typeof out === 'object' && !Array.isArray(out) && out.error && Object.keys(out).length === 1) throw coreError(out.error);
      return out;
    },
  };
}

function coreError(e) {
  const err = new Error(e?.message || 'the analysis could not start');
  err.code = e?.code || 'wasm.error';
  return err;
}
