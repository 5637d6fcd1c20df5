// sanctions-diff report: the filter box, the kind toggles and the country select. It only
// sets the `hidden` attribute of entries already in the page and reads their textContent and
// data-* attributes: it builds no markup, so no name can become a script.
(function () {
  "use strict";
  var filter = document.getElementById("filter");
  var country = document.getElementById("country");
  var count = document.getElementById("shown-count");
  var toggles = Array.prototype.slice.call(document.querySelectorAll(".kind-toggle"));
  var items = Array.prototype.slice.call(document.querySelectorAll(".item"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.kind"));
  // Zero-width characters and soft hyphens would split a word that looks whole.
  var invisible = /[\u00ad\u200b-\u200f\u2060\ufeff]/g;
  var separators = /[^\p{L}\p{N}\p{M}]+/u;
  // Scripts written without spaces between words: there a query may match anywhere.
  var unspaced = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;
  var texts = null; // each item's words, folded, as " word word": read once, on first use

  // Words, folded alike on both sides: compatibility forms, case, invisible characters.
  function words(text) {
    return text.normalize("NFKC").replace(invisible, "").toLowerCase().split(separators)
      .filter(Boolean);
  }

  // Every word of the query starts a word of the item ("king" finds King-Pai, not Making).
  function matches(text, query) {
    return query.every(function (word) {
      return text.indexOf(unspaced.test(word) ? word : " " + word) >= 0;
    });
  }

  function apply() {
    if (texts === null) {
      texts = items.map(function (item) { return " " + words(item.textContent).join(" "); });
    }
    var query = filter ? words(filter.value) : [];
    var off = {};
    toggles.forEach(function (toggle) { off[toggle.value] = !toggle.checked; });
    var code = country ? country.value : "";
    var shown = 0;
    items.forEach(function (item, index) {
      var keep = !off[item.dataset.kind] &&
        (!code || (" " + item.dataset.countries + " ").indexOf(" " + code + " ") >= 0) &&
        matches(texts[index], query);
      item.hidden = !keep;
      if (keep) { shown += 1; }
    });
    if (count) {
      count.textContent = shown.toLocaleString("en") + " of " + items.length.toLocaleString("en");
    }
    sections.forEach(function (section) {
      var kind = section.id.replace(/^kind-/, "");
      section.hidden = off[kind] === true;
      var none = section.querySelector(".none");
      if (none) { none.hidden = section.querySelector(".item:not([hidden])") !== null; }
    });
    var rest = document.querySelector("main > .none");
    if (rest) { rest.hidden = shown > 0 || items.length === 0; }
  }

  function reset() {
    if (filter) { filter.value = ""; }
    if (country) { country.value = ""; }
    toggles.forEach(function (toggle) { toggle.checked = true; });
    apply();
  }

  // A deep link to an entry the filters hide shows everything again, then the entry.
  function reveal() {
    var id = location.hash.slice(1);
    try { id = decodeURIComponent(id); } catch (error) { /* not percent-encoded: as it is */ }
    var target = id ? document.getElementById(id) : null;
    if (target && target.closest("[hidden]")) {
      reset();
      target.scrollIntoView();
    }
  }

  if (filter) { filter.addEventListener("input", apply); }
  if (country) { country.addEventListener("change", apply); }
  toggles.forEach(function (toggle) { toggle.addEventListener("change", apply); });
  window.addEventListener("hashchange", reveal);
  // "/" goes to the filter box, as on many sites, unless one is typing already.
  document.addEventListener("keydown", function (event) {
    var typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName);
    if (filter && event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      filter.focus();
    }
  });
  // A browser may restore the controls' state on reload or back: show what they say.
  if ((filter && filter.value) || (country && country.value) ||
      toggles.some(function (toggle) { return !toggle.checked; })) {
    apply();
  }
  reveal();
}());
