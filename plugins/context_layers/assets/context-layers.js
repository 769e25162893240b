/* context-layers: layer switches, notes placed beside their marks, links to notes.
   Builds no HTML from strings, loads nothing, writes no style attribute (positions are
   custom properties set through CSSOM, which a strict CSP allows). Runs on every page,
   through Material's document$ when present (instant navigation). */
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
  let say = {}; // what the script says, in the page's language (the bar's data-cl-strings)
  const labels = new WeakMap(); // link -> its own text, while it says the link is copied
  const resized = new ResizeObserver(() => schedule());
  let claims = false;
  const script = (path) => document.head.append(Object.assign(document.createElement("script"), { src: new URL(path, here.src) }));

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
  const markOf = (note) => document.getElementById("cl-m-" + note.id.slice(5));
  const glide = (how) => (calm.matches || how === "load" ? "auto" : "smooth");

  function init() {
    // claims/ on the claims index (once: it follows Material's instant navigation itself)
    if (!claims && document.querySelector("[data-cl-claims-filter]")) {
      claims = true;
      script("claims/claims.js");
    }
    const bar = document.querySelector(".cl-layers");
    resized.disconnect();
    box = bar && bar.parentElement;
    if (!box) return;
    say = JSON.parse(bar.dataset.clStrings || "{}");
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

  /* Wide screens: each note level with its first mark, or below the note before it as it
     is folded: an open note is a card over the ones below, which keep their places. */
  function folded(note) {
    const header = note.querySelector(".cl-note-header");
    return 2 * (header.offsetTop + note.clientTop) + header.offsetHeight;
  }
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
      const line = markOf(note)?.getClientRects()[0];
      return [line ? line.top - origin : 0, folded(note), note.offsetHeight];
    });
    let floor = 0;
    let end = 0;
    notes.forEach((note, i) => {
      const top = Math.max(Math.round(wanted[i][0]), floor);
      note.style.setProperty("--cl-y", `${top}px`);
      floor = top + wanted[i][1] + GAP;
      end = Math.max(end, top + wanted[i][2]);
    });
    box.style.setProperty("--cl-h", `${Math.max(floor, end)}px`);
  }
  function schedule() {
    if (!queued) queued = requestAnimationFrame(layout);
  }

  /* #note-ID: turn its layer on, open it, mark it current, bring its passage into view
     below the header, with the note (beside it, or under its paragraph) as far as it fits.
     how: "load" (jump there), "follow" (a link was followed: glide, then focus), "stay". */
  function land(how) {
    const id = decodeURIComponent(location.hash.slice(1));
    const note = id.startsWith(NOTE) && document.getElementById(id);
    if (!note || !note.classList.contains("cl-note")) return;
    if (off.delete(note.dataset.layer)) {
      save();
      apply();
    }
    for (const old of document.querySelectorAll(".cl-current")) {
      old.classList.remove("cl-current");
      old.removeAttribute("aria-current");
    }
    note.classList.add("cl-current");
    note.setAttribute("aria-current", "true");
    fold(note, true);
    // A scroll margin (the browser's jump uses it too): the passage a fifth down, the note on screen
    const above = note.getBoundingClientRect().top - (markOf(note) || note).getClientRects()[0].top;
    const top = above + (document.querySelector(".md-header")?.offsetHeight || 0) + 16;
    note.style.setProperty("--cl-above", `${Math.max(top, Math.min(top + innerHeight / 5, innerHeight - 80))}px`);
    if (how === "stay") return;
    note.scrollIntoView({ behavior: glide(how) });
    if (how === "follow") focus(note);
  }
  function fold(note, open) {
    note.querySelector(".cl-fold").checked = open;
    layout();
  }
  function focus(note) {
    note.tabIndex = -1;
    note.focus({ preventScroll: true });
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

  function tell(text) {
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
      tell(text);
      setTimeout(() => (link.textContent = labels.get(link)), 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(
        () => done(say.link_copied),
        () => done(say.link_in_address_bar),
      );
    } else {
      done(say.link_in_address_bar);
    }
  }

  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const toggle = target && target.closest("[data-cl-layer-toggle]");
    const link = target && target.closest(".cl-link");
    const close = target && target.closest(".cl-close");
    const mark = target && !target.closest("a") && !String(getSelection()) && target.closest(".cl-mark");
    const note = (close || mark) && (close ? close.closest(".cl-note") : noteOf(mark.dataset.note));
    if (toggle) {
      const key = toggle.dataset.clLayerToggle;
      if (!off.delete(key)) off.add(key);
      save();
      apply();
    } else if (link) {
      event.preventDefault();
      copy(link);
    } else if (close) {
      fold(note, false);
      note.querySelector(".cl-fold").focus();
    } else if (note && !note.hidden) {
      fold(note, true); // a mark opens its note
      focus(note);
      note.scrollIntoView({ block: "nearest", behavior: glide() });
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
  // propose/ loads on a first selection, where the page offers it
  document.addEventListener("selectionchange", function load() {
    if (!box || getSelection().isCollapsed || !box.querySelector("[data-cl-proposal]")) return;
    document.removeEventListener("selectionchange", load);
    script("propose/propose.js");
  });

  if (typeof window.document$ === "object" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
