/* Relations view: the dyad timeline between two actors.
 * Bars above the zero line are cooperation, bars below are conflict (both
 * sums of event weights, on one labelled axis with signed ticks), the dotted
 * line is the balance.  Only events that happened
 * are on the chart; denied, intended and hypothetical ones are listed apart,
 * and undated events are never placed at a publication date.
 * Clicking a period lists the events behind it, each with its evidence.
 */
"use strict";

(function () {
  const { h, s } = NG;
  const PLOT_H = 240;
  const PAD = { top: 30, right: 24, left: 78 };
  const MINUS = "\u2212"; // a real minus sign: a hyphen is easy to miss on an axis

  /** A round step giving about `count` ticks over `span`. */
  function niceStep(span, count) {
    const raw = span / Math.max(1, count);
    const mag = 10 ** Math.floor(Math.log10(raw));
    const unit = [1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) || 10;
    return unit * mag;
  }

  function chart(series, selected, onPick) {
    const periods = series.periods;
    // Fill an 1100-unit-wide drawing (about the panel's width, so text is not
    // scaled down); very long series get wider so bars stay legible.
    const slot = Math.max(30, (1100 - PAD.left - PAD.right) / Math.max(1, periods.length));
    const W = PAD.left + PAD.right + slot * periods.length;
    const rotated = periods.length > 12; // long period names would collide side by side
    const plotH = PLOT_H;
    const H = PAD.top + plotH + (rotated ? 96 : 48);
    const maxCoop = Math.max(0, ...periods.map((p) => p.cooperation), ...periods.map((p) => p.balance));
    const maxConf = Math.max(0, ...periods.map((p) => p.conflict), ...periods.map((p) => -p.balance));
    const step = niceStep(Math.max(1, maxCoop + maxConf), 5);
    // Both halves always get at least one tick, so "above zero" and "below
    // zero" are both visibly part of the axis even when one side is empty.
    const top = Math.max(step, Math.ceil(maxCoop / step) * step);
    const bottom = Math.max(step, Math.ceil(maxConf / step) * step);
    const y = (v) => PAD.top + ((top - v) / (top + bottom)) * plotH;
    const zero = y(0);
    const right = W - PAD.right;
    const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "timeline", role: "img",
      "aria-label": `cooperation and conflict between ${series.names[0]} and ${series.names[1]} by ${series.by}` });

    // Grid first; each period's group (highlight, bars, labels) goes over it
    // with a see-through highlight, so the grid still reads inside a selection.
    const hl = Math.min(slot - 4, 110);
    const groups = periods.map((p, i) => {
      const x = PAD.left + i * slot;
      return s("g", { class: ["period", p.period === selected && "selected"], dataset: { period: p.period }, tabindex: 0,
        role: "button", "aria-label": `${p.period}: ${NG.plural(p.events, "event")}`,
        onclick: () => onPick(p.period), onkeydown: (ev) => ev.key === "Enter" && onPick(p.period) },
        s("title", {}, `${p.period}: ${NG.plural(p.events, "event")} happened, cooperation ${NG.fmt(p.cooperation)}, ` +
          `conflict ${NG.fmt(p.conflict)}, balance ${NG.signed(p.balance)}` + (p.set_apart ? `; ${p.set_apart} set apart` : "") +
          " — click for the events"),
        // inset so neighbouring highlights never touch, and no wider than a
        // column needs: with two periods a half-chart box reads as a region
        s("rect", { x: x + slot / 2 - hl / 2, y: PAD.top - 4, width: hl, height: plotH + 46, rx: 4, class: "period-hit" }));
    });
    for (let v = -bottom; v <= top + 1e-9; v += step) {
      const yy = y(v);
      svg.append(
        s("line", { x1: PAD.left, x2: right, y1: yy, y2: yy, class: v === 0 ? "axis" : "grid" }),
        s("text", { x: PAD.left - 8, y: yy + 4, class: "tick", "text-anchor": "end" },
          v > 0 ? "+" + NG.fmt(v) : v < 0 ? MINUS + NG.fmt(-v) : "0"));
    }
    const label = (text, y0, y1, cls) => {
      const mid = (y0 + y1) / 2;
      return s("text", { x: 18, y: mid, class: ["axis-title", cls], "text-anchor": "middle", transform: `rotate(-90 18 ${mid})` }, text);
    };
    svg.append(label("cooperation (+)", PAD.top, zero, "coop"), label("conflict (\u2212)", zero, PAD.top + plotH, "conflict"), ...groups);

    const bar = Math.min(44, slot * 0.5);
    const points = [];
    periods.forEach((p, i) => {
      const g = groups[i];
      const cx = PAD.left + i * slot + slot / 2;
      if (p.cooperation) g.append(s("rect", { x: cx - bar / 2, y: y(p.cooperation), width: bar, height: zero - y(p.cooperation), class: "bar coop" }));
      if (p.conflict) g.append(s("rect", { x: cx - bar / 2, y: zero, width: bar, height: y(-p.conflict) - zero, class: "bar conflict" }));
      const ly = PAD.top + plotH + 18;
      g.append(s("text", { x: cx, y: ly, class: "tick period-label", "text-anchor": rotated ? "start" : "middle",
        transform: rotated ? `rotate(40 ${cx} ${ly})` : null }, p.period));
      if (p.events || p.set_apart) {
        g.append(s("text", { x: cx, y: ly + (rotated ? 30 : 16), class: "tick count", "text-anchor": "middle" },
          `${p.events}${p.set_apart ? "+" + p.set_apart : ""}`));
      }
      points.push([cx, y(p.balance), p]);
    });
    if (points.length > 1) svg.appendChild(s("polyline", { points: points.map(([x, yy]) => `${x},${yy}`).join(" "), class: "balance-line" }));
    for (const [x, yy, p] of points) {
      // drawn over the period's group, so it must let clicks through (see the CSS)
      if (p.events) svg.appendChild(s("circle", { cx: x, cy: yy, r: 4, class: "balance-dot" }));
    }
    return svg;
  }

  function chartKey() {
    const item = (cls, text) => h("li", {}, h("span", { class: ["key", cls] }), text);
    return h("ul", { class: "legend chart-key" },
      item("coop", "cooperation: sum of event weights, drawn above zero"),
      item("conflict", "conflict: drawn below zero"),
      item("balance", "balance (cooperation − conflict)"),
      h("li", {}, "numbers under the periods: events that happened (+ set apart)"));
  }

  function eventCard(e) {
    const status = e.counted
      ? h("span", { class: "chip happened" }, "happened")
      : h("span", { class: "chip apart" }, "set apart: ", e.polarity === "negative" ? "did not happen" : e.modality);
    return h("li", { class: "event", dataset: { id: e.id } },
      h("div", { class: "event-head" },
        h("span", { class: ["type", e.quad || ""] }, e.type + (e.mode ? ` · ${e.mode}` : "")),
        NG.actorLink(e.source, e.source_name), h("span", { class: "arrow" }, " → "), NG.actorLink(e.target, e.target_name),
        h("span", { class: "muted" }, ` · ${NG.dateText(e.date)} · weight ${NG.signed(e.weight)}`), " ", status),
      h("blockquote", { class: "evidence" }, e.evidence.text.trim()),
      h("div", { class: "event-foot muted" },
        h("a", { class: "open-doc", href: NG.href("document", [e.document], { start: e.evidence.start, end: e.evidence.end }) },
          "Open in document"),
        ` · ${e.outlet || "unknown outlet"} — ${e.document_title || e.document}`));
  }
  NG.eventCard = eventCard;

  async function eventList(target, a, b, by, period) {
    const params = period === "undated" ? { pair: `${a},${b}`, dated: false } : { pair: `${a},${b}`, period, by };
    NG.put(target, h("p", { class: "muted" }, "Loading events…"));
    try {
      const events = await NG.all("/api/events", params);
      const happened = events.filter((e) => e.counted);
      const apart = events.filter((e) => !e.counted);
      NG.put(target, 
        h("h2", {}, period === "undated" ? "Undated events" : `Events in ${period}`),
        h("p", { class: "muted" }, `${NG.plural(happened.length, "event")} that happened` +
          (apart.length ? `, ${apart.length} set apart (did not happen, only intended, or hypothetical)` : "") +
          (events.length ? "" : ". Nothing in this period.")),
        h("ol", { class: "events" }, ...happened.map(eventCard), ...apart.map(eventCard)));
    } catch (error) {
      NG.failure(target, error);
    }
  }

  function periodTable(series) {
    return h("table", { class: "periods" },
      h("thead", {}, h("tr", {}, ...["period", "events", "cooperation", "conflict", "balance", "trend", "set apart",
        ...Object.values(NG.QUADS)].map((t) => h("th", {}, t)))),
      h("tbody", {}, ...series.periods.filter((p) => p.events || p.set_apart).map((p) =>
        h("tr", {}, h("td", {}, h("a", { href: NG.href("relations", series.pair, { by: series.by, period: p.period }) }, p.period)),
          h("td", {}, p.events), h("td", {}, NG.fmt(p.cooperation)), h("td", {}, NG.fmt(p.conflict)),
          h("td", { class: p.balance > 0 ? "pos" : p.balance < 0 ? "neg" : "" }, NG.signed(p.balance)),
          h("td", {}, p.trend === null ? "–" : NG.signed(p.trend)), h("td", {}, p.set_apart),
          ...Object.keys(NG.QUADS).map((q) => h("td", {}, p.quads[q] || 0))))));
  }

  async function picker(root) {
    const [pairs, graph] = await Promise.all([NG.all("/api/relations", {}), NG.api("/api/graph", { level: "actor" })]);
    const options = graph.nodes.map((n) => h("option", { value: n.id }, `${n.name} (${n.kind})`));
    const a = h("select", { name: "a", "aria-label": "first actor" }, ...options);
    const b = h("select", { name: "b", "aria-label": "second actor" }, ...options.map((o) => o.cloneNode(true)));
    if (graph.nodes.length > 1) b.selectedIndex = 1;
    NG.put(root, 
      h("h1", {}, "Relations"),
      h("p", { class: "lede" }, "Pick two actors — a state stands for all its people and bodies — or one of the state pairs below."),
      h("form", { class: "controls", onsubmit: (ev) => { ev.preventDefault(); NG.go("relations", [a.value, b.value], {}); } },
        a, h("span", {}, " and "), b, h("button", { type: "submit" }, "Show timeline")),
      h("h2", {}, "Pairs of states"),
      pairs.length ? pairsTable(pairs) : h("p", { class: "notice" }, "No events between states yet."));
  }

  function pairsTable(pairs) {
    return h("table", { class: "pairs" },
      h("thead", {}, h("tr", {}, ...["pair", "events", "cooperation", "conflict", "balance", "direction", "undated", "set apart"].map((t) => h("th", {}, t)))),
      h("tbody", {}, ...pairs.map((r) => h("tr", {},
        h("td", {}, h("a", { href: NG.href("relations", r.pair, {}) }, `${r.names[0]} – ${r.names[1]}`)),
        h("td", {}, r.totals.events), h("td", {}, NG.fmt(r.totals.cooperation)), h("td", {}, NG.fmt(r.totals.conflict)),
        h("td", { class: r.totals.balance > 0 ? "pos" : r.totals.balance < 0 ? "neg" : "" }, NG.signed(r.totals.balance)),
        h("td", {}, r.totals.direction), h("td", {}, r.undated),
        h("td", {}, Object.values(r.set_apart).reduce((x, y) => x + y, 0))))));
  }
  NG.pairsTable = pairsTable;

  NG.views = NG.views || {};
  NG.views.relations = async (root, route) => {
    const [a, b] = route.args;
    if (!a || !b) return picker(root);
    const by = route.params.by || "year";
    const series = await NG.api(`/api/relations/${encodeURIComponent(a)}/${encodeURIComponent(b)}`, { by });
    const events = h("section", { class: "panel", id: "period-events" },
      h("p", { class: "muted" }, "Pick a period in the chart to list the events behind it, each with its evidence sentence."));
    let selected = route.params.period || null;
    const pick = (period) => {
      selected = period;
      history.replaceState(null, "", NG.href("relations", [a, b], { by, period }));
      for (const g of root.querySelectorAll("g.period")) g.classList.toggle("selected", g.dataset.period === period);
      eventList(events, series.pair[0], series.pair[1], by, period);
    };
    const apart = Object.entries(series.set_apart).map(([k, n]) => `${n} ${k === "negative" ? "did not happen" : k}`).join(", ");
    NG.put(root, 
      h("p", { class: "crumbs" }, h("a", { href: "#/relations" }, "Relations"), " / "),
      h("h1", {}, `${series.names[0]} – ${series.names[1]}`),
      h("p", { class: "lede" },
        `${NG.plural(series.totals.events, "event")} that happened` +
        // the totals count undated events too; say so, or they disagree with the chart
        (series.undated || series.imprecise
          ? ` (${series.totals.events - series.undated - series.imprecise} on the chart, ${series.undated + series.imprecise} without a date to place them)`
          : "") +
        `: cooperation ${NG.fmt(series.totals.cooperation)}, ` +
        `conflict ${NG.fmt(series.totals.conflict)}, balance ${NG.signed(series.totals.balance)} (${series.totals.direction}).`),
      h("form", { class: "controls", onsubmit: (ev) => ev.preventDefault() },
        h("label", {}, "Periods: ", h("select", { name: "by", "aria-label": "period size", onchange: (ev) => NG.go("relations", [a, b], { by: ev.target.value }) },
          ...["year", "quarter", "month"].map((x) => h("option", { value: x, selected: x === by }, x)))),
        h("a", { href: NG.href("relations", [b, a], { by }) }, " swap sides")),
      h("div", { class: "panel chart" },
        series.periods.length ? [chart(series, selected, pick), chartKey()] : h("p", { class: "notice" }, "No dated events that happened between these two."),
        h("p", { class: "muted small" }, "Click a period to list the events behind it, each with its evidence sentence.")),
      h("ul", { class: "notes" },
        series.undated ? h("li", {}, `${NG.plural(series.undated, "event")} without a date (not placed on the timeline) — `,
          h("a", { href: "#", onclick: (ev) => { ev.preventDefault(); pick("undated"); } }, "show them")) : null,
        series.imprecise ? h("li", {}, `${NG.plural(series.imprecise, "event")} dated only to a coarser period than a ${by} (switch to years to place them).`) : null,
        apart ? h("li", {}, `Set apart, not counted as cooperation or conflict: ${apart}.`) : null),
      events,
      series.periods.some((p) => p.events || p.set_apart) ? h("details", { class: "panel" }, h("summary", {}, "Table of periods"), periodTable(series)) : null);
    if (selected) pick(selected);
  };
})();
