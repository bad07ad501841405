// Shared by the timeline and map pages (kg/views.py inlines it into both): the filter state and
// its controls, and the event details. Every string from the graph is untrusted article text:
// it goes into the page through textContent only, and links are made for http(s) URLs only.
var geokgViews = (function () {
  "use strict";

  var DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function safeUrl(url) {
    return typeof url === "string" && /^https?:\/\/[^\s\u0000-\u001f]+$/i.test(url) ? url : null;
  }

  function quadName(styles, quad) {
    return (styles[String(quad || 0)] || styles["0"]).name;
  }

  function quadColor(styles, quad) {
    return (styles[String(quad || 0)] || styles["0"]).color;
  }

  // "2014" for a year date, "2014-03" for a month, the day otherwise; and where it comes from.
  function dateText(ev) {
    if (!ev.date) { return "no date"; }
    if (ev.dateKind === "year") { return ev.date.slice(0, 4) + " (year)"; }
    if (ev.dateKind === "month") { return ev.date.slice(0, 7) + " (month)"; }
    if (ev.dateKind === "article") { return ev.date + " (article published)"; }
    return ev.date;
  }

  // The sentence with its trigger marked, as text nodes: nothing in it is read as HTML.
  function sentence(text, trigger) {
    var quote = el("blockquote");
    var at = trigger ? text.indexOf(trigger) : -1;
    if (at < 0) {
      quote.textContent = text;
      return quote;
    }
    quote.appendChild(document.createTextNode(text.slice(0, at)));
    quote.appendChild(el("mark", null, trigger));
    quote.appendChild(document.createTextNode(text.slice(at + trigger.length)));
    return quote;
  }

  function row(table, heading, value) {
    if (value === null || value === undefined || value === "") { return; }
    var tr = el("tr");
    tr.appendChild(el("th", null, heading));
    tr.appendChild(el("td", null, value));
    table.appendChild(tr);
  }

  // One event: what, when, who, where, the evidence sentences and the articles.
  function eventBlock(ev, styles) {
    var box = el("div", "event");
    var head = el("div", "event-title");
    var swatch = el("span", "swatch");
    swatch.style.background = quadColor(styles, ev.quad);
    head.appendChild(swatch);
    head.appendChild(document.createTextNode(ev.label));
    box.appendChild(head);
    var table = el("table");
    row(table, "Date", dateText(ev));
    row(table, "CAMEO", ev.cameo ? ev.cameo + (ev.cameoName ? " " + ev.cameoName : "") : null);
    row(table, "PLOVER", ev.plover);
    row(table, "QuadClass", ev.quad ? ev.quad + " (" + quadName(styles, ev.quad).toLowerCase() + ")" : null);
    row(table, "Goldstein", typeof ev.goldstein === "number" ? (ev.goldstein > 0 ? "+" : "") + ev.goldstein.toFixed(1) : null);
    row(table, "Source", ev.source);
    row(table, "Target", ev.target);
    row(table, "Place", ev.place);
    box.appendChild(table);
    ev.evidence.forEach(function (pair) { box.appendChild(sentence(pair[0], pair[1])); });
    if (ev.articles.length) {
      var list = el("ul", "articles");
      ev.articles.forEach(function (art) {
        var item = el("li");
        var url = safeUrl(art[1]);
        if (url) {
          var a = el("a", null, art[0]);
          a.href = url;
          a.target = "_blank";
          a.rel = "noopener noreferrer nofollow";
          item.appendChild(a);
        } else {
          item.textContent = art[0];
        }
        list.appendChild(item);
      });
      box.appendChild(list);
    }
    return box;
  }

  // A list of events (the first `max`, then how many more).
  function eventList(heading, ids, events, styles, max) {
    var box = el("div", "event-list");
    box.appendChild(el("div", "list-title", heading));
    ids.slice(0, max).forEach(function (i) { box.appendChild(eventBlock(events[i], styles)); });
    if (ids.length > max) { box.appendChild(el("div", "muted", "and " + (ids.length - max) + " more")); }
    return box;
  }

  // The filter: {from, to, quad}; setFilter takes any subset, null clears a key.
  function makeFilter(onChange) {
    var state = {from: null, to: null, quad: null};
    var from = document.getElementById("from");
    var to = document.getElementById("to");
    var quad = document.getElementById("quad");

    function check(spec) {
      var out = {};
      ["from", "to"].forEach(function (key) {
        if (!(key in spec)) { return; }
        var v = spec[key];
        if (v === null || v === undefined || v === "") { out[key] = null; return; }
        if (typeof v !== "string" || !DATE.test(v)) {
          throw new TypeError("setFilter: " + key + " must be YYYY, YYYY-MM or YYYY-MM-DD, got " + JSON.stringify(v));
        }
        out[key] = v;
      });
      if ("quad" in spec) {
        var q = spec.quad;
        if (q === null || q === undefined || q === "") {
          out.quad = null;
        } else if ([1, 2, 3, 4].indexOf(Number(q)) >= 0) {
          out.quad = Number(q);
        } else {
          throw new TypeError("setFilter: quad must be 1, 2, 3, 4 or null, got " + JSON.stringify(q));
        }
      }
      return out;
    }

    function set(spec) {
      var changes = check(spec || {});
      Object.keys(changes).forEach(function (k) { state[k] = changes[k]; });
      from.value = state.from && state.from.length === 10 ? state.from : "";
      to.value = state.to && state.to.length === 10 ? state.to : "";
      quad.value = state.quad ? String(state.quad) : "";
      onChange();
    }

    function passesQuad(ev) {
      return state.quad === null || ev.quad === state.quad;
    }

    // A date filter keeps dated events only; "to" compares at its own precision ("2020" keeps 2020-12-31).
    function passes(ev) {
      if (!passesQuad(ev)) { return false; }
      if (state.from !== null && (!ev.date || ev.date < state.from)) { return false; }
      if (state.to !== null && (!ev.date || ev.date.slice(0, state.to.length) > state.to)) { return false; }
      return true;
    }

    from.addEventListener("change", function () { set({from: from.value}); });
    to.addEventListener("change", function () { set({to: to.value}); });
    quad.addEventListener("change", function () { set({quad: quad.value}); });
    document.getElementById("reset").addEventListener("click", function () { set({from: null, to: null, quad: null}); });

    return {state: state, set: set, passes: passes, passesQuad: passesQuad};
  }

  return {el: el, eventBlock: eventBlock, eventList: eventList, makeFilter: makeFilter, quadColor: quadColor, quadName: quadName};
})();
