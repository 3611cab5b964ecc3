// The page's service worker: it keeps the page's own files so the page works with no network once it
// has been loaded (offline mode and snapshot replay need nothing else). It never touches a request to
// another origin: DNS questions go from the page to the resolver the user chose, as before.
//
// Network first for the page's files (a new build is used as soon as it is reachable), the cache when
// the network fails or answers with an error. The file list comes from precache.json, written by the build (web/vite.config.ts),
// so every file — the worker, the wasm module, each tab's code — is kept at the first visit, not only
// those that visit happened to load.
const CACHE = 'authlens-page';

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const list = await (await fetch('./precache.json', { cache: 'no-store' })).json();
    const cache = await caches.open(CACHE);
    await cache.addAll(list.files.map((f) => new Request(f, { cache: 'no-store' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    try {
      const res = await fetch(req);
      if (res.ok && res.type === 'basic') {
        await cache.put(req, res.clone());
        return res;
      }
      // An error answer for a file the cache holds (a new deployment removed an old build's hashed
      // file, an overloaded server): the kept copy still works with the page that asked for it.
      return (await cache.match(req, { ignoreSearch: true })) ?? res;
    } catch (err) {
      const hit = (await cache.match(req, { ignoreSearch: true })) ?? (req.mode === 'navigate' ? await cache.match('./index.html') : undefined);
      if (hit) return hit;
      throw err;
    }
  })());
});
