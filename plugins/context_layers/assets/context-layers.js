/* context-layers: layer switches, notes placed beside their marks, links to notes.
   The page works without this script; it adds comfort. It builds no HTML from strings,
   loads nothing, and writes no style attribute into the page's HTML: positions are CSS
   custom properties set through CSSOM, which a strict Content-Security-Policy allows.
   Runs once per page, through Material's document$ when present (instant navigation). */
(() => {
  "use strict";
  const here = document.currentScript;
  // The site's root (this file is assets/context-layers/), so two sites on one host keep apart.
  const scope = here ? new URL("../..", here.src).pathname : "/";
  const KEY = `context-layers:${scope}:off`;
  const wide = matchMedia("(min-width: 76.25em)");
  const calm = matchMedia("(prefers-reduced-motion: reduce)");
  const GAP = 10; // px between stacked margin notes
  let off = read();
  let box = null; // the element holding the page's notes (parent of the layer bar)
  let active = "";
  let queued = 0;
  let status = null;
  const labels = new WeakMap(); // link -> its own text, while it says "Link copied"
  const resized = new ResizeObserver(() => schedule());

  function read() {
    try {
      return new Set(JSON.parse(localStorage.getItem(KEY)) || []);
    } catch {
      return new Set();
    }
  }
  function save() {
    try {
      localStorage.setItem(KEY, JSON.stringify([...off]));
    } catch {
      /* private mode: the choice lasts for this page */
    }
  }
  const all = (selector, root = box || document) => root.querySelectorAll(selector);
  const NOTE = "note-"; // a note's element id is NOTE + its id (core.model.NOTE_ANCHOR)
  const noteOf = (id) => document.getElementById(NOTE + id);

  function init() {
    const bar = document.querySelector(".cl-layers");
    resized.disconnect();
    box = bar && bar.parentElement;
    if (!box) return;
    box.setAttribute("data-cl-ready", "");
    apply();
    resized.observe(box);
    land("load");
    if (document.fonts) document.fonts.ready.then(schedule);
  }

  /* Layers: buttons, notes, marks and markers follow the set of layers turned off. */
  function apply() {
    if (!box) return;
    for (const button of all("[data-cl-layer-toggle]")) {
      button.setAttribute("aria-pressed", String(!off.has(button.dataset.clLayerToggle)));
    }
    for (const el of all(".cl-note, .cl-ref")) el.hidden = off.has(el.dataset.layer);
    for (const el of all(".cl-mark")) el.toggleAttribute("data-cl-off", off.has(el.dataset.layer));
    layout();
  }

  /* Wide screens: each note level with its first mark, or below the note before it. */
  function layout() {
    queued = 0;
    if (!box || !box.isConnected) return;
    if (!wide.matches) {
      box.classList.remove("cl-placed");
      return;
    }
    box.classList.add("cl-placed");
    const origin = box.getBoundingClientRect().top + box.clientTop;
    const notes = [...all(".cl-note")].filter((note) => !note.hidden);
    const wanted = notes.map((note) => {
      const mark = box.querySelector(`.cl-mark[data-note="${CSS.escape(note.id.slice(5))}"]`);
      const line = mark && mark.getClientRects()[0];
      return [line ? line.top - origin : 0, note.offsetHeight];
    });
    let floor = 0;
    notes.forEach((note, i) => {
      const top = Math.max(Math.round(wanted[i][0]), floor);
      note.style.setProperty("--cl-y", `${top}px`);
      floor = top + wanted[i][1] + GAP;
    });
    box.style.setProperty("--cl-h", `${floor}px`);
  }
  function schedule() {
    if (!queued) queued = requestAnimationFrame(layout);
  }

  /* #note-ID: turn its layer on, open it, mark it current, bring it into view.
     how: "load" (jump there), "follow" (a link was followed: glide, then focus), "stay". */
  function land(how) {
    const id = decodeURIComponent(location.hash.slice(1));
    const note = id.startsWith(NOTE) && document.getElementById(id);
    if (!note || !note.classList.contains("cl-note")) return;
    if (off.delete(note.dataset.layer)) {
      save();
      apply();
    }
    const fold = note.querySelector(".cl-fold");
    if (fold) fold.checked = true;
    for (const old of document.querySelectorAll(".cl-current")) {
      old.classList.remove("cl-current");
      old.removeAttribute("aria-current");
    }
    note.classList.add("cl-current");
    note.setAttribute("aria-current", "true");
    layout();
    if (how === "stay") return;
    note.scrollIntoView({ block: "start", behavior: calm.matches || how === "load" ? "auto" : "smooth" });
    if (how === "follow") {
      note.tabIndex = -1;
      note.focus({ preventScroll: true });
    }
  }

  /* Hover or focus on a mark, its marker or its note lights up all three. */
  function idOf(target) {
    const el = target instanceof Element && target.closest(".cl-mark, .cl-ref, .cl-note");
    if (!el) return "";
    if (el.classList.contains("cl-mark")) return el.dataset.note;
    return (el.classList.contains("cl-ref") ? el.getAttribute("href").slice(1) : el.id).slice(5);
  }
  function light(id) {
    if (id === active) return;
    for (const key of [active, id]) {
      if (!key) continue;
      const on = key === id;
      for (const mark of all(`.cl-mark[data-note="${CSS.escape(key)}"]`)) mark.classList.toggle("cl-active", on);
      const note = noteOf(key);
      if (note) note.classList.toggle("cl-active", on);
    }
    active = id;
  }

  function say(text) {
    if (!status) {
      status = document.createElement("p");
      status.className = "cl-sr";
      status.setAttribute("role", "status");
      document.body.append(status);
    }
    status.textContent = text;
  }
  function copy(link) {
    const url = new URL(link.getAttribute("href"), location.href).href;
    history.replaceState(history.state, "", url);
    land("stay");
    if (!labels.has(link)) labels.set(link, link.textContent);
    const done = (text) => {
      link.textContent = text;
      say(text);
      setTimeout(() => (link.textContent = labels.get(link)), 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(
        () => done("Link copied"),
        () => done("Link in the address bar"),
      );
    } else {
      done("Link in the address bar");
    }
  }

  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const toggle = target && target.closest("[data-cl-layer-toggle]");
    const link = target && target.closest(".cl-link");
    if (toggle) {
      const key = toggle.dataset.clLayerToggle;
      if (!off.delete(key)) off.add(key);
      save();
      apply();
    } else if (link) {
      event.preventDefault();
      copy(link);
    }
  });
  document.addEventListener("change", (event) => {
    if (event.target instanceof Element && event.target.matches(".cl-fold")) layout();
  });
  document.addEventListener("mouseover", (event) => light(idOf(event.target)));
  document.addEventListener("focusin", (event) => light(idOf(event.target)));
  document.addEventListener("focusout", () => light(""));
  addEventListener("hashchange", () => land("follow"));
  addEventListener("storage", (event) => {
    if (event.key === KEY) {
      off = read();
      apply();
    }
  });
  wide.addEventListener("change", layout);

  if (typeof window.document$ === "object" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
