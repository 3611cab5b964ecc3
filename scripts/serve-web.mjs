#!/usr/bin/env node
// Serves the built page (web/dist) on the loopback interface with the right MIME types
// (application/wasm included) and the page's Content-Security-Policy as a header too (a header
// also covers the Web Worker, which a <meta> policy does not reach).
//   node scripts/serve-web.mjs [PORT] [DIR] [--port N]   (DIR defaults to web/dist; PORT defaults to
//   $PORT or 8080; 0 = any free port)
// Prints "authlens web: http://127.0.0.1:PORT/" once listening. Stops on SIGINT/SIGTERM.
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
let port = Number(process.env.PORT || 8080);
let dir = path.join(repo, 'web', 'dist');
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--port') port = Number(args[++i]);
  else if (/^\d+$/.test(args[i])) port = Number(args[i]);
  else dir = path.resolve(args[i]);
}
const root = path.resolve(dir);

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8', '.map': 'application/json',
};

// The same policy as the page's <meta>, read from the built index.html so the two cannot drift.
let csp = '';
try {
  const m = readFileSync(path.join(root, 'index.html'), 'utf8').match(/http-equiv="Content-Security-Policy" content="([^"]+)"/);
  if (m) csp = m[1];
} catch {
  /* no index.html: serve files without the header */
}

const server = createServer((req, res) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  let rel;
  try {
    rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  } catch {
    res.writeHead(400).end();
    return;
  }
  if (rel.endsWith('/')) rel += 'index.html';
  const file = path.join(root, path.normalize(rel));
  if (file !== root && !file.startsWith(root + path.sep)) {
    res.writeHead(403).end();
    return;
  }
  let st;
  try {
    st = statSync(file);
  } catch {
    st = null;
  }
  if (!st || !st.isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
    return;
  }
  const headers = {
    'content-type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': st.size,
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
  if (csp) headers['content-security-policy'] = csp;
  res.writeHead(200, headers);
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
});

if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`serve-web: bad port ${port}`);
  process.exit(2);
}
if (!csp) console.error(`serve-web: warning: no built page in ${root} (cd web && npm run build)`);
server.on('error', (e) => {
  console.error(`serve-web: ${e.message}`);
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => {
  console.log(`authlens web: http://127.0.0.1:${server.address().port}/  (serving ${root})`);
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.close(() => process.exit(0)));
