/* The check-in desk's service worker (issue 17): it keeps the desk page
   and what it loads in Cache Storage so that the desk opens and works when
   the venue's network drops. Served from /check-in-worker.js and registered
   by static/js/desk.js with the scope of one meeting's desk.

   - The desk page (a navigation): network first; the answer is kept, and
     when the network fails the kept page is served (the same URL, else any
     kept desk page of this scope).
   - Convene's static files (/static/, content-hashed names): cache first.
   - Photos on the desk's list: network first, the kept copy offline (the
     desk page puts them in the cache while online).
   - Anything else (the list, the sync, POSTs): straight to the network;
     the page itself handles failures and queues check-ins in IndexedDB. */
"use strict";

const CACHE = "convene-desk-v1";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

function isStatic(url) {
  return url.origin === self.location.origin && url.pathname.startsWith("/static/");
}

function isPhoto(url) {
  return url.origin === self.location.origin && /\/delegates\/\d+\/photo$/.test(url.pathname);
}

function isDesk(request, url) {
  return request.mode === "navigate" && url.origin === self.location.origin &&
    url.pathname === new URL(self.registration.scope).pathname;
}

// deskKey is the URL a desk page is kept under: without the answer to the
// last check-in, which is a one-off.
function deskKey(url) {
  const u = new URL(url);
  u.searchParams.delete("answer");
  return u.toString();
}

async function networkFirst(request, key, anyDesk) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    // A desk showing the answer to a check-in is not kept: offline, the
    // kept page must not show someone's answer as if it were new.
    if (response.ok && !response.redirected && key === request.url) {
      await cache.put(key, response.clone());
    }
    return response;
  } catch (err) {
    const kept = (await cache.match(key)) || (anyDesk && (await cache.match(key, { ignoreSearch: true })));
    if (kept) {
      return kept;
    }
    throw err;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request);
  if (kept) {
    return kept;
  }
  const response = await fetch(request);
  if (response.ok) {
    await cache.put(request, response.clone());
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") {
    return;
  }
  const url = new URL(request.url);
  if (isDesk(request, url)) {
    event.respondWith(networkFirst(request, deskKey(url), true));
  } else if (isStatic(url)) {
    event.respondWith(cacheFirst(request));
  } else if (isPhoto(url)) {
    event.respondWith(networkFirst(request, request.url, false));
  }
});
