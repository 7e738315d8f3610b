/* Routekaart Geldzorgen's service worker (issue 28): keep the pages of the conversation a
   resident has seen, and the start page, for when there is no connection.

   - Network first: while the network answers, every page comes from it (and the site's own
     HTTP caching decides how fresh it is). Only when the network fails does a kept page open,
     marked <html data-offline>: app.css then hides "open now" and shows when the page was
     viewed (templates/_offline_note.html).
   - Kept: pages that carry the offline note (route steps and organisation pages, never
     previews, errors or anything marked no-store), at most MAX_PAGES, oldest first out; the
     start page of the language is kept with them; the CSS and scripts those pages use, at most
     MAX_FILES. Budget: see "Take it with you" in README.md.
   - Served by the app at /sw.js with the content version and this file's hash filled in below,
     so a content change or a new worker replaces this one at the next visit; kept pages stay
     and are refreshed the next time they are opened online.
   - Nothing leaves the site's origin, and nothing but these pages is stored. */
"use strict";

var VERSION = "__VERSION__";
var PAGES = "routekaart-pages-1";
var FILES = "routekaart-files-1";
var MAX_PAGES = 12;
var MAX_FILES = 8;
var SCOPE = new URL(self.registration.scope);
var START = /^[a-z]{2,3}\/$/;  // a language's start page (content/languages.yaml)
// What the worker fetches only to keep is not a visit: the site's reach counts and nginx's
// visits log leave out requests marked as prefetches.
var KEEPING = { credentials: "omit", headers: { "Purpose": "prefetch" } };

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name !== PAGES && name !== FILES;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function inScope(url) {
  return url.origin === SCOPE.origin && url.pathname.indexOf(SCOPE.pathname) === 0;
}

function local(url) {
  return url.pathname.slice(SCOPE.pathname.length);
}

// A page is kept under its own address: without the text box's marker (?gekozen=2), which
// the page's address loses as soon as app.js runs.
function pageKey(url) {
  var key = new URL(url);
  key.hash = "";
  key.searchParams.delete("gekozen");
  return key.href;
}

// Drop the oldest entries beyond `max` (Cache keys come back in the order they were put);
// start pages go last.
function trim(name, max) {
  return caches.open(name).then(function (cache) {
    return cache.keys().then(function (keys) {
      var extra = keys.length - max;
      if (extra <= 0) return;
      var order = keys.filter(function (r) { return !START.test(local(new URL(r.url))); })
        .concat(keys.filter(function (r) { return START.test(local(new URL(r.url))); }));
      return Promise.all(order.slice(0, extra).map(function (r) { return cache.delete(r); }));
    });
  });
}

function keepFiles(html, base) {
  var found = html.match(/<(?:link rel="stylesheet" href|script src)="([^"]+)"/g) || [];
  return caches.open(FILES).then(function (cache) {
    return Promise.all(found.map(function (tag) {
      var url = new URL(tag.replace(/^.*="([^"]+)"$/, "$1").replace(/&amp;/g, "&"), base);
      if (!inScope(url)) return null;
      return cache.match(url.href).then(function (hit) {
        if (hit) return null;
        return fetch(url.href).then(function (response) {
          if (response.ok) return cache.put(url.href, response);
        });
      });
    })).then(function () { return trim(FILES, MAX_FILES); });
  });
}

// Keep a full page the network gave, if it is one to keep; then its files and its start page.
function keep(url, response) {
  if (!response || !response.ok || response.type !== "basic") return Promise.resolve();
  if (/no-store/.test(response.headers.get("Cache-Control") || "")) return Promise.resolve();
  return response.clone().text().then(function (html) {
    if (html.indexOf('class="offline-note"') === -1) return;
    var key = pageKey(url);
    var headers = new Headers(response.headers);
    headers.set("X-Kept-At", new Date().toISOString());
    var kept = new Response(html, { status: 200, headers: headers });
    return caches.open(PAGES).then(function (cache) {
      return cache.delete(key).then(function () { return cache.put(key, kept); });
    }).then(function () {
      return keepFiles(html, key);
    }).then(function () {
      var lang = local(new URL(key)).split("/")[0];
      var start = new URL(lang + "/", SCOPE).href;
      if (start === key) return;
      return caches.open(PAGES).then(function (cache) {
        return cache.match(start).then(function (hit) {
          if (hit) return;
          return fetch(start, KEEPING).then(function (page) { return keep(start, page); });
        });
      });
    }).then(function () { return trim(PAGES, MAX_PAGES); });
  }).catch(function () {});
}

// When the page was kept, in the page's language and Amsterdam time, as the site writes dates
// ("woensdag 6 januari", "10:30"; Latin digits in Arabic too).
var LOCALES = { nl: "nl-NL", en: "en-GB", ar: "ar-u-nu-latn" };

function viewed(html, iso) {
  var lang = (html.match(/<html[^>]* lang="([a-z]+)"/) || [])[1] || "nl";
  var locale = LOCALES[lang] || lang;
  var moment = new Date(iso || Date.now());
  var zone = "Europe/Amsterdam";
  var day = new Intl.DateTimeFormat(locale, {
    weekday: "long", day: "numeric", month: "long", timeZone: zone
  }).format(moment).replace(/^(\S+)[,،] /, "$1 ");
  var time = new Intl.DateTimeFormat(locale, {
    hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone
  }).format(moment);
  return html
    .replace('<span class="viewed-day"></span>', '<span class="viewed-day">' + day + "</span>")
    .replace(/(<bdi class="viewed-time" dir="ltr">)(<\/bdi>)/, "$1" + time + "$2");
}

// A kept page, marked so the page says when it was viewed instead of "open now".
function offline(request) {
  return caches.open(PAGES).then(function (cache) {
    return cache.match(pageKey(request.url));
  }).then(function (hit) {
    if (!hit) return Response.error();
    return hit.text().then(function (html) {
      var headers = new Headers();
      hit.headers.forEach(function (value, name) {
        if (!/^(content-encoding|content-length|etag)$/i.test(name)) headers.set(name, value);
      });
      html = viewed(html, hit.headers.get("X-Kept-At"));
      return new Response(html.replace("<html ", "<html data-offline "), {
        status: 200, headers: headers
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (!inScope(url)) return;

  // "no-cache": the browser asks the site each time (a 304 while the page is the same), as it
  // does behind the nginx front; without a connection that fails, and the kept page opens.
  if (request.mode === "navigate") {
    event.respondWith(fetch(request, { cache: "no-cache" }).then(function (response) {
      event.waitUntil(keep(request.url, response.clone()));
      return response;
    }, function () { return offline(request); }));
    return;
  }

  // An htmx step: keep the whole page of that address too (fetched once, in the background).
  if (request.headers.get("HX-Request") && !request.headers.get("HX-History-Restore-Request")) {
    event.respondWith(fetch(request).then(function (response) {
      if (response.ok) {
        event.waitUntil(fetch(url.href, KEEPING).then(function (page) {
          return keep(url.href, page);
        }).catch(function () {}));
      }
      return response;
    }));
    return;
  }

  // Versioned files never change: the network, else the kept copy.
  if (url.searchParams.has("v") || /\/static\/vendor\//.test(url.pathname)) {
    event.respondWith(fetch(request).catch(function () {
      return caches.open(FILES).then(function (cache) { return cache.match(request.url); })
        .then(function (hit) { return hit || Response.error(); });
    }));
  }
});

// The page a resident opened before this worker was running: keep it now (from the browser's
// HTTP cache when it can).
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (!data.keep) return;
  var url = new URL(data.keep);
  if (!inScope(url)) return;
  event.waitUntil(fetch(url.href, KEEPING).then(function (page) { return keep(url.href, page); })
    .catch(function () {}));
});
