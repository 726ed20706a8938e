/* The check-in desk (issue 17): camera scanning, and check-in that goes on
   when the venue's network drops. Without JavaScript the desk is the plain
   form it always was; this script only adds to it.

   Online, a scan (typed, keyboard scanner or camera) posts the form as
   before and the server answers. Offline, the desk decides from the badge
   list it keeps (fetched from the CheckInList route while online and kept
   in IndexedDB), shows the answer at once, and queues the check-in with an
   id of its own (crypto.randomUUID) and the time of the scan. When the
   network returns the queue goes to the CheckInSync route, which records
   each scan once however often it is sent, and answers conflicts (a badge
   revoked meanwhile) that the desk lists. If the sign-in expired, the
   queue waits for the next sign-in; nothing is dropped until the server
   has answered for it. */
"use strict";

(function () {
  const root = document.getElementById("desk");
  if (!root || !window.indexedDB || !window.fetch) {
    return;
  }
  const store = window.ConveneDeskStore;
  const meeting = root.dataset.meeting;
  // Times on the desk are the venue's, with its zone named, as on every
  // other page (a laptop's own zone may differ).
  const clock = (at) => new Date(at).toLocaleTimeString("en-GB", { timeZone: root.dataset.zone || undefined,
    hour: "2-digit", minute: "2-digit", second: "2-digit" }) + " " + (root.dataset.zoneLabel || "");
  const listURL = root.dataset.list;
  const form = document.getElementById("check-in-form");
  const codeField = document.getElementById("f-code");
  const sessionField = document.getElementById("f-session");
  const status = document.getElementById("desk-status");
  const CACHE = "convene-desk-v1";
  const REFRESH_MS = 20000;

  const state = { netFailed: false, signedOut: false, syncing: false, waiting: 0, csrf: "", syncURL: root.dataset.sync };

  const online = () => navigator.onLine && !state.netFailed;

  // normalize is convene.NormalizeBadgeCode: upper case, no spaces or
  // hyphens, O read as 0 and I or L as 1.
  function normalize(s) {
    return s.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  }

  async function showStatus() {
    state.waiting = (await store.queued(meeting)).length;
    let kind = "online";
    let text = "Online";
    if (state.syncing) {
      kind = "syncing";
      text = "Syncing…";
    } else if (!online()) {
      kind = "offline";
      text = "Offline: check-ins are decided from this device's list and kept here";
    } else if (state.signedOut) {
      kind = "signed-out";
      text = "Signed out: check-ins wait here until you sign in again";
    }
    const list = await store.list(meeting);
    const waiting = state.waiting === 1 ? "1 check-in waits to be sent" : state.waiting + " check-ins wait to be sent";
    status.dataset.state = kind;
    status.dataset.waiting = String(state.waiting);
    status.querySelector(".desk-state").textContent = text;
    status.querySelector(".desk-waiting").textContent = waiting;
    status.querySelector(".desk-list").textContent = list ?
      "Badge list of " + list.badges.length + " badges, fetched " + clock(list.fetched_at) : "No badge list on this device yet";
    status.hidden = false;
  }

  // keepPhotos puts the photos of the list in the service worker's cache,
  // so that the desk shows faces offline too.
  async function keepPhotos(list) {
    if (!window.caches) {
      return;
    }
    const cache = await caches.open(CACHE);
    for (const b of list.badges) {
      if (b.photo && !(await cache.match(b.photo))) {
        try {
          const r = await fetch(b.photo, { credentials: "same-origin" });
          if (r.ok) {
            await cache.put(b.photo, r);
          }
        } catch (e) {
          return;
        }
      }
    }
  }

  // keepPage puts this desk page and the files it loads in the service
  // worker's cache: the page was loaded before the worker controlled it,
  // so the worker has not seen it go by.
  async function keepPage() {
    if (!window.caches) {
      return;
    }
    const cache = await caches.open(CACHE);
    const files = [...document.querySelectorAll('link[rel="stylesheet"], link[rel="icon"], script[src]')].map((e) => e.href || e.src);
    for (const f of files) {
      if (!(await cache.match(f))) {
        await cache.add(f).catch(() => {});
      }
    }
    const page = new URL(location.href);
    page.searchParams.delete("answer");
    try {
      const r = await fetch(page, { credentials: "same-origin", redirect: "manual" });
      if (r.ok) {
        await cache.put(page.toString(), r);
      }
    } catch (e) {
      /* offline: the kept copy stays */
    }
  }

  // refreshList fetches the badge list (and the CSRF token the sync sends).
  // It answers whether the server was reached with the desk signed in.
  async function refreshList() {
    let r;
    try {
      r = await fetch(listURL, { credentials: "same-origin", redirect: "manual", cache: "no-store",
        headers: { Accept: "application/json" } });
    } catch (e) {
      state.netFailed = true;
      return false;
    }
    state.netFailed = false;
    if (r.type === "opaqueredirect" || r.status === 401 || r.status === 403) {
      state.signedOut = true;
      return false;
    }
    if (!r.ok) {
      return false;
    }
    const list = await r.json();
    state.signedOut = false;
    state.csrf = list.csrf;
    state.syncURL = list.sync_url;
    await store.saveList({ meeting: meeting, fetched_at: list.fetched_at, badges: list.badges });
    keepPhotos(list);
    return true;
  }

  // sync sends the queue and lists the conflicts the server reports.
  async function sync() {
    if (state.syncing || !online()) {
      return;
    }
    const queue = await store.queued(meeting);
    if (!queue.length || !(await refreshList())) {
      await showStatus();
      return;
    }
    state.syncing = true;
    await showStatus();
    try {
      const body = { checkins: queue.slice(0, 500).map((q) => ({ id: q.id, code: q.code, session: q.session, scanned_at: q.scanned_at })) };
      const r = await fetch(state.syncURL, { method: "POST", credentials: "same-origin", redirect: "manual",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": state.csrf },
        body: JSON.stringify(body) });
      if (r.type === "opaqueredirect") {
        state.signedOut = true;
      } else if (r.ok) {
        const answer = await r.json();
        const byID = new Map(queue.map((q) => [q.id, q]));
        const conflicts = answer.results.filter((x) => x.outcome === "conflict" || x.outcome === "invalid").map((x) => {
          const q = byID.get(x.id) || {};
          return { id: x.id, meeting: meeting, name: x.name || q.name || q.code, country: x.country || x.organisation || q.country || "",
            message: x.message, scanned_at: q.scanned_at };
        });
        await store.addConflicts(conflicts);
        await store.dequeue(answer.results.map((x) => x.id));
        await showConflicts();
        refreshCounts();
      }
    } catch (e) {
      state.netFailed = true;
    } finally {
      state.syncing = false;
      await showStatus();
    }
    if (online() && (await store.queued(meeting)).length) {
      setTimeout(sync, 0);
    }
  }

  // refreshCounts reloads the table of check-ins per delegation after a
  // sync, as its own htmx poll would a little later.
  function refreshCounts() {
    if (window.htmx && document.getElementById("counts")) {
      window.htmx.ajax("GET", location.pathname + location.search, { target: "#counts", select: "#counts", swap: "outerHTML" });
    }
  }

  // signalServerAnswer gives the server's answer (a page after a check-in,
  // or the form refused) its sound: the colour is in the page already.
  function signalServerAnswer() {
    if (document.getElementById("check-in-answer")) {
      beep(true);
    } else if (form.querySelector(".error-summary")) {
      beep(false);
    }
  }

  async function showConflicts() {
    const box = document.getElementById("desk-conflicts");
    const ul = document.getElementById("conflict-list");
    const items = await store.conflicts(meeting);
    ul.replaceChildren(...items.map((c) => {
      const li = document.createElement("li");
      li.className = "conflict";
      const who = document.createElement("strong");
      who.textContent = c.name + (c.country ? " (" + c.country + ")" : "");
      const when = c.scanned_at ? " scanned " + clock(c.scanned_at) + ": " : ": ";
      li.append(who, document.createTextNode(when + c.message));
      return li;
    }));
    box.hidden = items.length === 0;
    box.dataset.count = String(items.length);
  }

  function beep(ok) {
    try {
      const ctx = new (window.AudioContext || window.webkitAudioContext)();
      const tones = ok ? [880] : [220, 180];
      tones.forEach((f, i) => {
        const o = ctx.createOscillator();
        const g = ctx.createGain();
        o.frequency.value = f;
        g.gain.value = 0.15;
        o.connect(g).connect(ctx.destination);
        o.start(ctx.currentTime + i * 0.22);
        o.stop(ctx.currentTime + i * 0.22 + 0.18);
      });
      setTimeout(() => ctx.close(), 800);
    } catch (e) {
      /* no sound: the colour says it */
    }
  }

  // answer shows the desk's offline decision: photo, name, delegation (or a
  // badge holder's category and organisation), what the badge admits and
  // the zones it opens, green for admit and red for refuse.
  function answer(verdict, badge, text) {
    const box = document.getElementById("desk-answer");
    box.className = "card desk-answer desk-" + verdict;
    box.dataset.verdict = verdict;
    const parts = [];
    if (badge && badge.photo) {
      const img = document.createElement("img");
      img.className = "checkin-photo";
      img.src = badge.photo;
      img.alt = "Photo of " + badge.name;
      parts.push(img);
    } else if (badge) {
      const none = document.createElement("div");
      none.className = "checkin-photo checkin-no-photo";
      none.textContent = "No photo on file: check an identity document.";
      parts.push(none);
    }
    const who = document.createElement("div");
    who.className = "checkin-who";
    const add = (tag, cls, t) => {
      const el = document.createElement(tag);
      el.className = cls;
      el.textContent = t;
      who.append(el);
    };
    add("p", "desk-verdict", verdict === "admit" ? "Admit" : "Do not admit");
    if (badge) {
      // As the server's answer: a badge holder's category is the band's
      // word and the organisation stands in the position's line.
      add("div", "band band-" + badge.band, badge.role);
      add("p", "checkin-name", badge.name);
      if (badge.position) {
        add("p", "", badge.position);
      }
      if (badge.country) {
        add("p", "checkin-country", badge.country);
      }
    }
    add("p", "desk-admits", text);
    if (badge && badge.zones) {
      const zones = document.createElement("p");
      zones.className = "checkin-zones desk-zones";
      const strong = document.createElement("strong");
      strong.textContent = badge.zones;
      zones.append("Zones: ", strong);
      who.append(zones);
    }
    parts.push(who);
    box.replaceChildren(...parts);
    box.hidden = false;
    beep(verdict === "admit");
  }

  async function decideOffline(raw) {
    const code = normalize(raw);
    const session = Number(sessionField && sessionField.value ? sessionField.value : 0);
    const list = await store.list(meeting);
    const label = sessionField && session ? sessionField.options[sessionField.selectedIndex].textContent : "";
    if (!code) {
      answer("refuse", null, "Type the code printed under the QR code, or scan the badge.");
      return;
    }
    const badge = list && list.badges.find((b) => b.code === code);
    if (!list) {
      answer("refuse", null, "No badge list on this device yet: this badge cannot be checked offline. Do not admit on this code alone.");
      return;
    }
    if (!badge) {
      answer("refuse", null, "No badge on this desk's list has this code. Check it character by character; do not admit on this code.");
      return;
    }
    if (badge.refusal) {
      answer("refuse", badge, badge.refusal);
      return;
    }
    if (session && !badge.sessions.includes(session)) {
      answer("refuse", badge, "Not on the list for " + label + ". Admitting anyway needs the network (an override with a reason).");
      return;
    }
    await store.enqueue({ id: crypto.randomUUID(), meeting: meeting, code: code, session: session,
      scanned_at: new Date().toISOString(), name: badge.name, country: badge.country || badge.organisation || "" });
    answer("admit", badge, (session ? "Admitted to " + label : "Admitted to the venue of " + root.dataset.title) +
      ". Offline: kept on this device and sent when the network returns.");
    await showStatus();
  }

  form.addEventListener("submit", (event) => {
    if (online()) {
      return; // the server decides, as without JavaScript
    }
    event.preventDefault();
    decideOffline(codeField.value).finally(() => {
      codeField.value = "";
      codeField.focus();
    });
  });

  // scanned takes a code read by the camera into the same form.
  function scanned(code) {
    codeField.value = code;
    if (online()) {
      form.requestSubmit(document.getElementById("check-in"));
    } else {
      form.dispatchEvent(new Event("submit", { cancelable: true }));
    }
  }

  window.addEventListener("online", () => { state.netFailed = false; refreshList().then(sync); });
  window.addEventListener("offline", () => showStatus());
  document.getElementById("conflicts-clear").addEventListener("click", async () => {
    await store.clearConflicts((await store.conflicts(meeting)).map((c) => c.id));
    await showConflicts();
  });

  if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register(root.dataset.worker, { scope: root.dataset.scope })
      .then(() => navigator.serviceWorker.ready)
      .then(() => { if (online()) { return keepPage(); } })
      .then(() => { root.dataset.kept = "yes"; })
      .catch(() => {});
  }
  if (window.ConveneDeskCamera) {
    window.ConveneDeskCamera.setup(scanned);
  }
  showConflicts();
  signalServerAnswer();
  showStatus().then(() => refreshList()).then(sync).then(showStatus);
  setInterval(() => { if (navigator.onLine) { refreshList().then(sync).then(showStatus); } }, REFRESH_MS);
})();
