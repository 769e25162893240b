/* context-layers: a note proposed for the selected passage (core/propose.py writes the form).
   Reader text goes into values and textContent only. */
(() => {
  "use strict";
  const style = Object.assign(document.createElement("link"), { rel: "stylesheet" });
  style.href = new URL("propose.css", document.currentScript.src);
  document.head.append(style);
  // core/textmap.py's rules, from the page: the blocks a quote may not cross, and its normalise()
  let rules = null;
  let chosen = null;
  let pressed = false;
  const $ = (selector, root = document) => root.querySelector(selector);
  // Notes, controls, this form (a `cl-` class) and permalinks came after anchoring; a mark is the
  // article's own text, whatever state class the script gives it (`cl-active` while it is lit).
  const skip = (el) =>
    /^(script|style|template|math|svg)$/.test(el.localName) ||
    (!el.classList.contains("cl-mark") && [...el.classList].some((c) => c.startsWith("cl-"))) ||
    el.classList.contains("headerlink");

  /* Each block's text, its normalised form, and for each character where its normalised run starts and ends. */
  function blocks(box) {
    const found = [];
    const walk = (el) => {
      const unit = { el, text: "", nodes: [], from: [], to: [], norm: "" };
      const later = [];
      const inline = (node) => {
        for (const child of node.childNodes) {
          if (child.nodeType === 3) unit.nodes.push([child, unit.text.length]), (unit.text += child.data);
          else if (child.nodeType !== 1 || skip(child)) continue;
          else if (rules.blocks.has(child.localName)) later.push(child), (unit.text += "\x1f");
          else inline(child);
        }
      };
      inline(el);
      let last = 0;
      const keep = (end, start) => {
        for (; last < end; last++) {
          unit.from.push(start ?? unit.norm.length);
          if (start === undefined) unit.norm += unit.text[last];
          unit.to.push(unit.norm.length);
        }
      };
      for (const match of unit.text.matchAll(rules.normal)) {
        keep(match.index);
        const start = unit.norm.length;
        const [group] = Object.keys(match.groups).filter((name) => match.groups[name] !== undefined);
        unit.norm += rules.as[group] ?? match[0][0]; // null: a letter without its marks
        keep(match.index + match[0].length, start);
      }
      keep(unit.text.length);
      if (unit.text.replace(/[ \t\n\r\x1f]/g, "")) found.push(unit);
      later.forEach(walk);
    };
    for (const child of box.children) if (!skip(child)) walk(child);
    return found;
  }

  /* The selection as the engine anchors it ({quote, prefix, suffix, last, unit}), why it cannot be
     ({across: "across" or "ambiguous", last}), or null. */
  function pick(box) {
    const selection = getSelection();
    const range = !selection.isCollapsed && selection.getRangeAt(0);
    const ok = (node) => box.contains(node) && !node.parentElement.closest(".cl-note, .cl-layers");
    if (!range || !ok(range.startContainer) || !ok(range.endContainer)) return null;
    const units = blocks(box);
    const hits = [];
    units.forEach((unit, index) => {
      let from = -1;
      let to, last;
      for (const [node, at] of unit.nodes) {
        const a = at + (node === range.startContainer ? range.startOffset : 0);
        const b = at + (node === range.endContainer ? range.endOffset : node.length);
        if (!range.intersectsNode(node) || b <= a) continue;
        if (from < 0) from = unit.from[a];
        [to, last] = [unit.to[b - 1], node];
      }
      if (from >= 0 && unit.norm.slice(from, to).trim()) hits.push({ unit, index, from, to, last });
    });
    let { unit, index, from, to, last } = hits[hits.length - 1] || {};
    if (!unit) return null;
    while (unit.norm[from] === " ") from++;
    while (unit.norm[to - 1] === " ") to--;
    const quote = unit.norm.slice(from, to);
    if (hits.length > 1 || quote.includes("\x1f")) return { across: "across", last };
    // prefix/suffix only where the quote repeats: the fewest words with which core/anchor.py picks this one
    const page = units.map((u) => u.norm).join("\x1e");
    const at = units.slice(0, index).reduce((sum, u) => sum + u.norm.length + 1, 0) + from;
    const found = [];
    for (let i = page.indexOf(quote); i >= 0; i = page.indexOf(quote, i + 1)) found.push(i);
    const strip = (text) => text.replace(/^[\s\x1c-\x1f]+|[\s\x1c-\x1f]+$/g, ""); // Python's str.strip()
    // The words around it, up to a block's edge; at the quote's own edge, the neighbouring block's (as the engine reads)
    const before = strip(page.slice(0, at)).split(/[\x1e\x1f]/).pop().split(" ");
    const after = strip(page.slice(at + quote.length)).split(/[\x1e\x1f]/)[0].split(" ");
    const fits = (i, p, s) =>
      (!p || strip(page.slice(Math.max(0, i - p.length - 4), i)).endsWith(p)) &&
      (!s || strip(page.slice(i + quote.length, i + quote.length + s.length + 4)).startsWith(s));
    for (let n = 1; found.length > 1 && n <= Math.max(before.length, after.length); n++) {
      const p = before.slice(-n).join(" ");
      const s = after.slice(0, n).join(" ");
      for (const [prefix, suffix] of [[p, ""], ["", s], [p, s]]) {
        const left = found.filter((i) => fits(i, prefix, suffix));
        if ((prefix || suffix) && left.length === 1 && left[0] === at) return { quote, prefix, suffix, last, unit };
      }
    }
    return found.length > 1 ? { across: "ambiguous", last } : { quote, last, unit };
  }

  /* YAML as `context-layers fmt` writes it: double-quoted scalars with YAML escapes, bodies as literal blocks. */
  const ESCAPES = { "\0": "0", "\x07": "a", "\b": "b", "\t": "t", "\n": "n", "\v": "v", "\f": "f", "\r": "r" };
  Object.assign(ESCAPES, { "\x1b": "e", '"': '"', "\\": "\\", "\x85": "N", "\u2028": "L", "\u2029": "P" });
  const hex = (c, size) => c.toString(16).toUpperCase().padStart(size, "0");
  function quoted(text) {
    let out = "";
    for (const ch of text) {
      const c = ch.codePointAt(0);
      if (ESCAPES[ch]) out += "\\" + ESCAPES[ch];
      else if ((c > 31 && c < 127) || (c > 159 && c < 0xd800) || (c > 0xdfff && c < 0xfffe && c !== 0xfeff) || c > 0xffff) out += ch;
      else out += c < 256 ? "\\x" + hex(c, 2) : c < 65536 ? "\\u" + hex(c, 4) : "\\U" + hex(c, 8);
    }
    return `"${out}"`;
  }
  // what YAML would read as a number, a date, a yes/no or null
  const word = (text) => (/^([-+]?\d[\d_]*|0[xb][\da-f_]+|\d{4}-\d\d?-\d\d?|yes|no|true|false|on|off|null|~)?$/i.test(text) ? quoted(text) : text);
  const block = (text) =>
    !text.trim() || /[^\t\n\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]|[\u2028\u2029\ufeff]/u.test(text)
      ? quoted(text)
      : `|${/^[ \n]/.test(text) ? 2 : ""}${text.endsWith("\n") ? (text.endsWith("\n\n") ? "+" : "") : "-"}\n` +
        text.replace(/\n$/, "").replace(/^(?=.)/gm, "      ");

  /* core/model.py unique_id(): at most 4 words and 32 characters, not already taken on the page */
  function uniqueId(text, taken) {
    const words = text.toLowerCase().replace(/['\u2019]/g, "").match(/[a-z0-9]+/g) || [];
    const kept = words.slice(0, 1).map((w) => w.slice(0, 32));
    for (const w of words.slice(1, 4)) {
      if ([...kept, w].join("-").length > 32) break;
      kept.push(w);
    }
    while (kept.length > 1 && /^(an?|and|as|at|by|for|from|in|of|on|or|the|to|with)$/.test(kept[kept.length - 1])) kept.pop();
    const base = kept.join("-") || "note";
    let id = base;
    for (let n = 2; taken.includes(id); n++) id = base.slice(0, 31 - String(n).length).replace(/-+$/, "") + "-" + n;
    return id;
  }

  /* Every change: what the layer requires, whether the verdict fits the source, the file and the links. */
  function update(dialog, data) {
    const form = dialog.querySelector("form").elements;
    const v = (name) => form[name].value;
    const layer = form.layer.selectedOptions[0];
    const needs = layer.dataset.clNeed.split(" ");
    const source = !!(v("source-url") || v("source-title")) || needs.includes("sources");
    const verdict = !needs.includes("no-verdict") && v("verdict");
    $("#cl-propose-hint", dialog).textContent = layer.title;
    form.verdict.parentElement.hidden = needs.includes("no-verdict");
    form.verdict.required = needs.includes("verdict");
    form["source-url"].required = form["source-title"].required = source;
    form.stance.required = source && needs.includes("stance");
    form.body.required = !source;
    const allowed = verdict && data.rules[verdict];
    form.verdict.setCustomValidity(!allowed || allowed.includes(source ? v("stance") : "") ? "" : data.mismatch);
    const id = uniqueId(/[a-z0-9]/i.test(v("title")) ? v("title") : chosen.quote, data.ids);
    const day = new Date(Date.now() - new Date().getTimezoneOffset() * 60000).toISOString().slice(0, 10);
    const lines = [
      `page: ${quoted(data.page)}`, "notes:", `  - id: ${word(id)}`, `    layer: ${word(v("layer"))}`,
      `    quote: ${quoted(chosen.quote)}`,
      chosen.prefix && `    prefix: ${quoted(chosen.prefix)}`, chosen.suffix && `    suffix: ${quoted(chosen.suffix)}`,
      v("title") && `    title: ${quoted(v("title"))}`, verdict && `    verdict: ${word(verdict)}`,
      v("body") && `    body: ${block(v("body"))}`,
      (v("source-url") || v("source-title")) &&
        ["    sources:", `      - title: ${quoted(v("source-title"))}`, `        url: ${quoted(v("source-url"))}`,
          ...["publisher", "date"].map((key) => v(`source-${key}`) && `        ${key}: ${quoted(v(`source-${key}`))}`),
          v("stance") && `        stance: ${v("stance")}`].filter(Boolean).join("\n"),
      `    updated: ${day}`,
    ]; // fmt: skip
    const yaml = (form.yaml.value = lines.filter(Boolean).join("\n") + "\n");
    const fence = "`".repeat(Math.max(3, ...(yaml.match(/`+/g) || []).map((run) => run.length + 1)));
    const fill = (template, values) => template.replace(/\{(\w+)\}/g, (_, key) => encodeURIComponent(values[key]));
    const links = dialog.querySelectorAll("a");
    if (links.length) {
      links[0].href = fill(data.new, { file: `${data.file}-${id}.yml`, text: yaml });
      links[1].href = fill(data.issue, { title: data.issue_title, body: `${fence}yaml\n${yaml}${fence}\n` });
    }
  }

  function open(box) {
    const dialog = $(".cl-propose", box);
    const data = JSON.parse($("[data-cl-proposal]", box).dataset.clProposal);
    const { range, unit } = chosen;
    $("blockquote", dialog).textContent = chosen.quote;
    $("form", dialog).reset(); // a new passage, a new note
    const refresh = () => update(dialog, data);
    dialog.oninput = dialog.onchange = refresh;
    dialog.onclick = (event) => {
      const target = event.target.closest("a, [data-cl-propose-copy]");
      const status = $("[role=status]", dialog);
      const byHand = () => (dialog.querySelector("form").elements.yaml.select(), (status.textContent = data.copy_by_hand));
      if (!target || !dialog.querySelector("form").reportValidity()) return target && event.preventDefault();
      if (target.localName === "a") return;
      if (navigator.clipboard && isSecureContext) {
        navigator.clipboard.writeText(dialog.querySelector("form").elements.yaml.value)
          .then(() => (status.textContent = data.copied), byHand);
      } else byHand();
    };
    // Back to the passage, still selected, where the reader was.
    dialog.onclose = () => {
      unit.el.tabIndex = -1;
      unit.el.focus({ preventScroll: true });
      getSelection().removeAllRanges();
      getSelection().addRange(range);
    };
    refresh();
    dialog.showModal();
  }

  /* The button (across blocks: why not) just after the selection, where Tab goes next. */
  function show() {
    if (!style.sheet) return; // placed once its style is in: the button's size depends on it
    const bar = $("[data-cl-proposal]");
    const data = bar && JSON.parse(bar.dataset.clProposal);
    const box = bar && bar.parentElement;
    const button = box && $("[data-cl-propose]", box);
    // Focus on the button may clear the selection: the button then stays for what it was shown for.
    const kept = document.activeElement === button && getSelection().isCollapsed;
    if (!box || pressed || $(".cl-propose[open]", box) || kept) return;
    rules ||= { blocks: new Set(data.blocks), normal: new RegExp(data.pattern, "g"), as: data.as };
    const found = pick(box);
    const across = $(".cl-propose-across", box);
    button.hidden = across.hidden = true;
    if (!found) return;
    const el = found.across ? across : button;
    if (found.across) el.textContent = data[found.across];
    else chosen = { ...found, range: getSelection().getRangeAt(0).cloneRange() };
    let at = found.last;
    while (!rules.blocks.has(at.parentNode.localName)) at = at.parentNode;
    if (at.nextSibling !== el) at.after(el);
    el.hidden = false;
    const lines = getSelection().getRangeAt(0).getClientRects();
    const line = lines[lines.length - 1];
    const origin = el.offsetParent.getBoundingClientRect();
    const rtl = getComputedStyle(el).direction === "rtl";
    const x = rtl ? origin.right - line.left : line.right - origin.left;
    // within its container and the window, a few pixels from the edge
    const room = Math.min(origin.width, rtl ? origin.right : document.documentElement.clientWidth - origin.left);
    el.style.setProperty("--cl-x", `${Math.max(0, Math.min(x, room - el.offsetWidth - 4))}px`);
    el.style.setProperty("--cl-y", `${line.bottom - origin.top + 4}px`);
  }

  let queued = 0;
  // a timer, not an animation frame: a page in the background still follows its selection
  const later = () => queued || (queued = setTimeout(() => ((queued = 0), show()), 20));
  document.addEventListener("selectionchange", later);
  document.addEventListener("pointerdown", (event) => {
    pressed = event.isPrimary && !event.target.closest?.("[data-cl-propose], .cl-propose");
  });
  for (const type of ["pointerup", "pointercancel", "keyup", "focusout"]) {
    document.addEventListener(type, () => ((pressed = false), later()));
  }
  // The button keeps the selection it stands for: pressing it does not clear it.
  document.addEventListener("mousedown", (event) => event.target.closest?.("[data-cl-propose]") && event.preventDefault());
  document.addEventListener("click", (event) => {
    const button = event.target.closest?.("[data-cl-propose]");
    if (!button) return;
    const box = $("[data-cl-proposal]").parentElement;
    const now = !getSelection().isCollapsed && pick(box); // the selection as it is now, if there still is one
    if (now && !now.across) chosen = { ...now, range: getSelection().getRangeAt(0).cloneRange() };
    button.hidden = true;
    open(box);
  });
  style.addEventListener("load", later);
})();
