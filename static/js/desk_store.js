/* The check-in desk's storage in IndexedDB (issue 17): the queue of
   check-ins waiting to be sent, and the meeting's badge list kept for
   deciding offline. One database per origin, keyed by meeting code, so a
   desk that moves between meetings keeps each queue apart. Nothing here
   holds passport, birth date or medical data: the list has none. */
"use strict";

window.ConveneDeskStore = (function () {
  const NAME = "convene-desk";
  let opened = null;

  function open() {
    if (!opened) {
      opened = new Promise((resolve, reject) => {
        const req = indexedDB.open(NAME, 1);
        req.onupgradeneeded = () => {
          const db = req.result;
          // queue: one scan per client-made id, with its meeting.
          const q = db.createObjectStore("queue", { keyPath: "id" });
          q.createIndex("meeting", "meeting");
          // lists: the last badge list fetched, per meeting.
          db.createObjectStore("lists", { keyPath: "meeting" });
          // results: conflicts the server reported, until the officer clears them.
          const r = db.createObjectStore("conflicts", { keyPath: "id" });
          r.createIndex("meeting", "meeting");
        };
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    }
    return opened;
  }

  function run(store, mode, fn) {
    return open().then((db) => new Promise((resolve, reject) => {
      const tx = db.transaction(store, mode);
      const out = fn(tx.objectStore(store));
      tx.oncomplete = () => resolve(out && "result" in out ? out.result : undefined);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    }));
  }

  return {
    // enqueue keeps one scan: {id, meeting, code, session, scanned_at, local}.
    enqueue: (scan) => run("queue", "readwrite", (s) => s.put(scan)),
    queued: (meeting) => run("queue", "readonly", (s) => s.index("meeting").getAll(meeting)),
    // dequeue drops scans the server has answered for.
    dequeue: (ids) => run("queue", "readwrite", (s) => { ids.forEach((id) => s.delete(id)); }),
    saveList: (list) => run("lists", "readwrite", (s) => s.put(list)),
    list: (meeting) => run("lists", "readonly", (s) => s.get(meeting)),
    addConflicts: (items) => run("conflicts", "readwrite", (s) => { items.forEach((c) => s.put(c)); }),
    conflicts: (meeting) => run("conflicts", "readonly", (s) => s.index("meeting").getAll(meeting)),
    clearConflicts: (ids) => run("conflicts", "readwrite", (s) => { ids.forEach((id) => s.delete(id)); }),
  };
})();
