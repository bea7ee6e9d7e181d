/* Document view: the stored text with actors, events and quotes highlighted.
 * The text is cut at every span boundary and each piece becomes a text node
 * inside a <span> whose classes say which layers cover it, so overlapping
 * spans (a mention inside a quote inside an event sentence) all show, and
 * the article's own characters are never parsed as markup.
 */
"use strict";

(function () {
  const { h } = NG;
  const LAYERS = { mention: "actors", event: "events", quote: "quotes" };

  function spansOf(detail) {
    const spans = [];
    for (const m of detail.mentions) spans.push({ layer: "mention", start: m.start, end: m.end, item: m, cls: "kind-" + m.kind });
    for (const e of detail.events) spans.push({ layer: "event", start: e.evidence.start, end: e.evidence.end, item: e, cls: e.quad || "" });
    for (const q of detail.quotes) spans.push({ layer: "quote", start: q.start, end: q.end, item: q, cls: q.kind });
    return spans;
  }

  function describe(span) {
    const x = span.item;
    if (span.layer === "mention") {
      return h("li", {}, h("span", { class: "chip" }, "actor"), " ", NG.actorLink(x.actor, x.name),
        h("span", { class: "muted" }, ` · ${x.kind}${x.country ? ", " + x.country : ""}${x.role ? ", " + x.role : ""} · “${x.text}”`));
    }
    if (span.layer === "event") return NG.eventCard(x);
    return h("li", {}, h("span", { class: "chip" }, `${x.kind} quote`), " ",
      NG.actorLink(x.speaker, x.speaker_name || x.speaker_text || "unknown speaker"),
      h("blockquote", { class: "evidence" }, x.text));
  }

  function renderText(text, spans, focus, onPick) {
    const cuts = new Set([0, text.length]);
    for (const sp of spans) {
      cuts.add(Math.max(0, Math.min(text.length, sp.start)));
      cuts.add(Math.max(0, Math.min(text.length, sp.end)));
    }
    if (focus) {
      cuts.add(focus.start);
      cuts.add(focus.end);
    }
    const points = [...cuts].sort((a, b) => a - b);
    const out = h("div", { class: "doc-text", lang: "en" });
    for (let i = 0; i + 1 < points.length; i++) {
      const [a, b] = [points[i], points[i + 1]];
      const piece = text.slice(a, b);
      const covering = spans.filter((sp) => sp.start <= a && sp.end >= b);
      const focused = focus && focus.start <= a && focus.end >= b;
      if (!covering.length && !focused) {
        out.appendChild(document.createTextNode(piece));
        continue;
      }
      const classes = ["hl", focused && "focus", ...new Set(covering.map((sp) => sp.layer)),
        ...covering.filter((sp) => sp.layer === "mention").map((sp) => sp.cls)];
      out.appendChild(h("span", { class: classes, onclick: () => onPick(covering) }, piece));
    }
    return out;
  }

  NG.views = NG.views || {};
  NG.views.document = async (root, route) => {
    const id = route.args[0];
    const detail = await NG.api(`/api/documents/${encodeURIComponent(id)}`);
    const d = detail.document;
    const on = new Set((route.params.layers || "mention,event,quote").split(",").filter((x) => LAYERS[x]));
    const focus = route.params.start !== undefined ? { start: Number(route.params.start), end: Number(route.params.end) } : null;
    const side = h("aside", { class: "panel details", "aria-live": "polite" });
    const showList = (title, items) => NG.put(side, h("h2", {}, title), h("ul", { class: "events" }, ...items));
    const pick = (covering) => showList("At this place in the text", covering.map(describe));
    const spans = spansOf(detail).filter((sp) => on.has(sp.layer));
    const toggles = Object.entries(LAYERS).map(([layer, label]) => {
      const next = new Set(on);
      if (on.has(layer)) next.delete(layer);
      else next.add(layer);
      return h("a", { class: ["toggle", "layer-" + layer, on.has(layer) && "on"], href: NG.href("document", [id], { ...route.params, layers: [...next].join(",") || "none" }) },
        `${label} (${layer === "mention" ? detail.mentions.length : layer === "event" ? detail.events.length : detail.quotes.length})`);
    });
    const textEl = renderText(detail.text, spans, focus, pick);
    NG.put(root, 
      h("p", { class: "crumbs" }, h("a", { href: "#/documents" }, "Documents"), " / "),
      h("h1", { class: "doc-title" }, d.title || d.source),
      h("p", { class: "muted" }, `${d.outlet || "unknown outlet"} · published `,
        d.published ? `${d.published.value} (${d.published.basis})` : "date unknown", ` · ${d.source}`,
        d.url ? [" · ", h("a", { href: d.url, rel: "noopener noreferrer nofollow", target: "_blank" }, "original")] : null),
      d.capped ? h("p", { class: "muted small capped" }, "Read in part: ", d.capped) : null,
      h("p", { class: "controls" }, "Highlight: ", ...toggles),
      h("p", { class: "doc-key muted small" },
        h("span", { class: "k-mention" }, "underlined"), " actor mention · ",
        h("span", { class: "k-event" }, "yellow"), " event sentence · ",
        h("span", { class: "k-quote" }, "lilac"), " quote",
        focus ? [" · ", h("span", { class: "k-focus" }, "orange"), " the passage you opened"] : null,
        " · click any highlight for details"),
      h("div", { class: "split doc" }, h("article", { class: "panel" }, textEl), side));
    // The passage a link pointed at comes first in the side panel, so a long
    // article does not bury what the reader came for.
    const atFocus = (e) => focus && e.evidence.start < focus.end && e.evidence.end > focus.start;
    const opened = detail.events.filter(atFocus);
    if (opened.length) {
      showList("The passage you opened", opened.map(NG.eventCard));
      const rest = detail.events.filter((e) => !atFocus(e));
      if (rest.length) side.append(h("h2", {}, "Other events in this document"), h("ul", { class: "events" }, ...rest.map(NG.eventCard)));
    } else if (detail.events.length) showList("Events in this document", detail.events.map(NG.eventCard));
    else showList("Quotes in this document", detail.quotes.map((q) => describe({ layer: "quote", item: q })));
    if (detail.stances.length) {
      side.append(h("h2", {}, "Stances on claims"), h("ul", { class: "events" }, ...detail.stances.map((st) =>
        h("li", {}, h("span", { class: ["chip", "stance-" + st.stance] }, st.stance), " ", NG.actorLink(st.holder === "outlet" ? null : st.holder, st.holder_name),
          ": ", h("a", { href: "#/claims" }, st.proposition), h("blockquote", { class: "evidence" }, st.evidence.text.trim())))));
    }
    const target = textEl.querySelector(".focus");
    if (target) target.scrollIntoView({ block: "center" });
  };

  NG.views.documents = async (root) => {
    const docs = await NG.all("/api/documents", {});
    NG.put(root, 
      h("h1", {}, "Documents"),
      h("table", { class: "documents" },
        h("thead", {}, h("tr", {}, ...["title", "outlet", "published", "actors", "events", "quotes"].map((t) => h("th", {}, t)))),
        h("tbody", {}, ...docs.map((d) => h("tr", {},
          h("td", {}, h("a", { href: NG.href("document", [d.id], {}) }, d.title || d.source)),
          h("td", {}, d.outlet || ""), h("td", {}, NG.dateText(d.published)),
          h("td", {}, d.mentions), h("td", {}, d.events), h("td", {}, d.quotes))))));
  };
})();
