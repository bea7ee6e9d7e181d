/* newsgraph UI core: safe DOM building, formatting, and the data source.
 *
 * Article text is untrusted.  Nothing here ever assigns innerHTML: elements
 * are created one by one and text goes in through text nodes, so markup in
 * a document ("<script>", "onerror=") shows as the characters it is.
 *
 * The data source is the REST API when served by `newsgraph serve`, or the
 * JSON embedded in the page by `newsgraph report` (no network at all).
 */
"use strict";

const NG = (window.NG = window.NG || {});

// ------------------------------------------------------------------ DOM
const SVG_NS = "http://www.w3.org/2000/svg";

function build(el, attrs, children) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2), value);
    } else if (key === "class") {
      el.setAttribute("class", Array.isArray(value) ? value.filter(Boolean).join(" ") : value);
    } else if (key === "style") {
      // CSSOM, not the style attribute: the page's CSP forbids inline style attributes
      for (const [k, v] of Object.entries(value)) el.style.setProperty(k, v);
    } else if (key === "dataset") {
      for (const [k, v] of Object.entries(value)) el.dataset[k] = v;
    } else if (key.startsWith("on")) {
      throw new Error("event handlers must be functions: " + key);
    } else {
      el.setAttribute(key, value === true ? "" : String(value));
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** h("a", {href: "#/x"}, "text", child…): an HTML element; strings become text nodes. */
NG.h = (tag, attrs, ...children) => build(document.createElement(tag), attrs, children);
/** s("circle", {r: 4}): an SVG element. */
NG.s = (tag, attrs, ...children) => build(document.createElementNS(SVG_NS, tag), attrs, children);

NG.clear = (el) => {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
};
/** Replace el's children (null/false children are skipped, unlike Element.append). */
NG.put = (el, ...children) => build(NG.clear(el), {}, children);

// ------------------------------------------------------------ formatting
NG.fmt = (x, digits = 1) => (x === null || x === undefined ? "–" : Number(x).toFixed(digits).replace(/\.0+$/, ""));
// a real minus sign (U+2212): a hyphen before a number is easy to misread
NG.signed = (x) => (x > 0 ? "+" : x < 0 ? "\u2212" : "") + NG.fmt(Math.abs(x));
NG.dateText = (d) => (d ? d.value + (d.basis && d.basis !== "explicit" && d.basis !== "metadata" ? ` (${d.basis})` : "") : "undated");
NG.plural = (n, word, many) => `${n} ${n === 1 ? word : many || word + "s"}`;
NG.actorLink = (id, name) =>
  id && id !== "outlet" ? NG.h("a", { href: `#/actor/${encodeURIComponent(id)}`, class: "actor" }, name || id) : NG.h("span", { class: "actor" }, name || "the outlet");

NG.STANCE_LABEL = { asserts: "asserts", denies: "denies", reports: "reports", questions: "questions" };
NG.QUADS = {
  verbal_cooperation: "verbal cooperation",
  material_cooperation: "material cooperation",
  verbal_conflict: "verbal conflict",
  material_conflict: "material conflict",
};
NG.KIND_COLOURS = {
  state: "#2f5d8a",
  person: "#b5651d",
  organization: "#6a4c93",
  igo: "#1b7f79",
  company: "#8a6d1f",
  media: "#777777",
  armed_group: "#9b2226",
};

/** Periods the way newsgraph.resolve.relations labels them. */
NG.periodOf = (date, by) => {
  if (!date || date.value.length < 4) return null;
  const v = date.value;
  if (by === "year") return v.slice(0, 4);
  if (v.length < 7) return null;
  if (by === "month") return v.slice(0, 7);
  return `${v.slice(0, 4)}-Q${Math.floor((Number(v.slice(5, 7)) - 1) / 3) + 1}`;
};

// ----------------------------------------------------------- data source
const embedded = document.getElementById("newsgraph-data");
NG.data = embedded ? JSON.parse(embedded.textContent) : null;
NG.offline = Boolean(NG.data);

async function fetchJson(path, params) {
  const url = new URL(path, window.location.origin);
  for (const [k, v] of Object.entries(params || {})) if (v !== null && v !== undefined && v !== "") url.searchParams.set(k, v);
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const message = body && body.error ? body.error.message : `${response.status} ${response.statusText}`;
    throw new Error(message);
  }
  return body;
}

/** The API, answered from the embedded data when the page is a report. */
NG.api = async (path, params) => (NG.offline ? NG.local(path, params || {}) : fetchJson(path, params));

/** Fetch every page of a list route. */
NG.all = async (path, params) => {
  const items = [];
  for (let offset = 0; ; offset += 500) {
    const page = await NG.api(path, { ...params, limit: 500, offset });
    items.push(...page.items);
    if (items.length >= page.total || !page.items.length) return items;
  }
};

const page = (rows, params) => {
  const limit = Number(params.limit || 50);
  const offset = Number(params.offset || 0);
  return { total: rows.length, limit, offset, items: rows.slice(offset, offset + limit) };
};

const isState = (id) => {
  const actor = NG.data.actors.find((a) => a.id === id);
  return actor ? actor.kind === "state" : /^[A-Z]{3}$/.test(id);
};
const sideMatches = (side, actor, state) => (isState(side) ? state === side : actor === side);
const between = (e, a, b) =>
  (sideMatches(a, e.source, e.source_state) && sideMatches(b, e.target, e.target_state)) ||
  (sideMatches(b, e.source, e.source_state) && sideMatches(a, e.target, e.target_state));

/** The report's stand-in for the routes the UI uses. */
NG.local = (path, params) => {
  const d = NG.data;
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  const route = parts.slice(0, 2).join("/");
  if (route === "api/summary") return d.summary;
  if (route === "api/graph") return d.graphs[`${params.level || "actor"}|${params.since || ""}`] || { nodes: [], edges: [] };
  if (route === "api/relations" && parts.length === 2) return page(d.relations, params);
  if (route === "api/relations") {
    const [a, b] = [parts[2], parts[3]];
    const found = d.dyads[`${a}|${b}|${params.by || "year"}`];
    if (!found) throw new Error(`this report does not include ${a}–${b} by ${params.by || "year"}`);
    return found;
  }
  if (route === "api/events") {
    let rows = d.events;
    if (params.pair) {
      const [a, b] = params.pair.split(",");
      rows = rows.filter((e) => between(e, a, b));
    }
    if (params.actor) rows = rows.filter((e) => sideMatches(params.actor, e.source, e.source_state) || sideMatches(params.actor, e.target, e.target_state));
    // as the API: periods and `dated` read the date the text gives, not one inferred from other reports
    const own = (e) => (e.date && e.date.basis !== "inferred" ? e.date : null);
    if (params.period) rows = rows.filter((e) => NG.periodOf(own(e), params.by || "year") === params.period);
    if (params.dated === "false" || params.dated === false) rows = rows.filter((e) => !own(e));
    if (params.document) rows = rows.filter((e) => e.document === params.document);
    return page(rows, params);
  }
  if (route === "api/claims") {
    let rows = d.claims;
    if (params.contested === "true" || params.contested === true) rows = rows.filter((c) => c.contested);
    if (params.search) {
      const words = params.search.toLowerCase().split(/\W+/).filter(Boolean);
      rows = rows.filter((c) => {
        const hay = [c.text, ...c.stances.map((s) => s.evidence.text)].join(" ").toLowerCase();
        return words.every((w) => hay.includes(w));
      });
    }
    return page(rows, params);
  }
  if (route === "api/actors") return page(d.actors, params);
  if (route === "api/documents" && parts.length === 2) return page(d.documents, params);
  if (route === "api/documents") {
    const found = d.details[parts[2]];
    if (!found) throw new Error(`no document ${parts[2]}`);
    return found;
  }
  if (route === "api/search") return page(NG.localSearch(params.q || ""), params);
  throw new Error(`not available in a static report: ${path}`);
};

NG.localSearch = (q) => {
  const needle = q.trim().toLowerCase();
  if (needle.length < 2) throw new Error("search needs at least 2 characters");
  const hits = [];
  const hit = (kind, id, documentId, title, text, offset) => {
    const pos = text.toLowerCase().indexOf(needle);
    if (pos < 0) return;
    const lo = Math.max(0, pos - 90);
    const hi = Math.min(text.length, pos + needle.length + 90);
    const lead = lo ? "…" : "";
    hits.push({
      kind, id, document: documentId, title,
      snippet: lead + text.slice(lo, hi) + (hi < text.length ? "…" : ""),
      match: { start: pos - lo + lead.length, end: pos - lo + lead.length + needle.length },
      start: offset === null ? null : offset + pos,
    });
  };
  for (const doc of Object.values(NG.data.details)) hit("document", doc.document.id, doc.document.id, doc.document.title, doc.text, 0);
  for (const e of NG.data.events) hit("event", e.id, e.document, e.document_title, e.evidence.text, e.evidence.start);
  for (const c of NG.data.claims) hit("claim", c.id, c.stances.length ? c.stances[0].document : null, c.proposition, c.proposition, null);
  return hits;
};

// -------------------------------------------------------------- routing
/** Parse "#/view/a/b?x=1" into {view, args, params}. */
NG.route = () => {
  const hash = window.location.hash.replace(/^#\/?/, "");
  const [pathPart, query] = hash.split("?");
  const [view, ...args] = pathPart.split("/").filter(Boolean).map(decodeURIComponent);
  return { view: view || "overview", args, params: Object.fromEntries(new URLSearchParams(query || "")) };
};

NG.href = (view, args, params) => {
  const path = [view, ...(args || [])].map(encodeURIComponent).join("/");
  const query = new URLSearchParams(Object.entries(params || {}).filter(([, v]) => v !== null && v !== undefined && v !== "")).toString();
  return `#/${path}${query ? "?" + query : ""}`;
};

NG.go = (view, args, params) => {
  window.location.hash = NG.href(view, args, params);
};

NG.failure = (container, error) => {
  NG.put(container, NG.h("div", { class: "notice error", role: "alert" }, "Could not load: ", error.message || String(error)));
};
