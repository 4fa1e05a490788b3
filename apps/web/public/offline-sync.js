/*
 * Loaded by the service worker (importScripts, see vite.config.ts). Where the browser has
 * Background Sync, the page registers the tag "hilfenetz-warteschlange" while actions wait; when the
 * connection returns the browser fires "sync" here, and this tells every open page of the app to
 * send its queue. The worker sends nothing itself: the queued actions are encrypted under a key
 * only the page holds, and the bearer token lives in the page's session too (docs/adr/0026).
 */
globalThis.addEventListener('sync', (event) => {
  if (event.tag !== 'hilfenetz-warteschlange') return;
  event.waitUntil(
    globalThis.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((clients) => {
      for (const client of clients) client.postMessage({ type: 'hilfenetz:send-queue' });
    }),
  );
});
