/* context-layers: verdict buttons on the claims index. Without JavaScript the
   links at the top of the page jump to each verdict; with it, a button shows one
   verdict at a time. context-layers.js loads this file where a page has
   [data-cl-claims-filter]; it brings its stylesheet, and makes buttons once that is in. */
(function () {
  "use strict";
  var style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = new URL("claims.css", document.currentScript.src);

  function sectionsAfter(hook) {
    var sections = [];
    for (var node = hook.nextElementSibling; node; node = node.nextElementSibling) {
      if (node.tagName === "H2") sections.push({ heading: node, nodes: [node] });
      else if (sections.length) sections[sections.length - 1].nodes.push(node);
    }
    return sections;
  }

  function show(sections, buttons, chosen) {
    sections.forEach(function (section) {
      var visible = chosen === null || section.heading.id === chosen;
      section.nodes.forEach(function (node) { node.hidden = !visible; });
    });
    buttons.forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.value === (chosen || "")));
    });
  }

  function init() {
    var hook = document.querySelector("[data-cl-claims-filter]");
    if (!hook || hook.childElementCount) return; // absent, or already set up
    var sections = sectionsAfter(hook);
    var buttons = [];
    var say = JSON.parse(hook.getAttribute("data-cl-strings") || "{}"); // in the page's language
    var group = document.createElement("div");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", say.claims_filter);
    [{ id: "", label: say.claims_all }].concat(sections.map(function (s) {
      return { id: s.heading.id, label: s.heading.textContent };
    })).forEach(function (choice) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "cl-claims-button md-button";
      button.value = choice.id;
      button.textContent = choice.label;
      button.addEventListener("click", function () { show(sections, buttons, choice.id || null); });
      buttons.push(button);
      group.appendChild(button);
    });
    hook.appendChild(group);
    var wanted = location.hash.slice(1);
    show(sections, buttons, sections.some(function (s) { return s.heading.id === wanted; }) ? wanted : null);
  }

  function start() {
    if (typeof window.document$ !== "undefined" && window.document$.subscribe) window.document$.subscribe(init);
    else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
    else init();
  }
  style.onload = style.onerror = start;
  document.head.appendChild(style);
})();
