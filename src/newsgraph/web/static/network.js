/* Network view: actors as nodes, one edge per pair that acted on each other.
 * Edge colour is the balance of what happened (green cooperation, red
 * conflict, grey even); width grows with the number of events; a dashed edge
 * carries only set-apart events (denied, intended, hypothetical).
 * The layout is a small deterministic force simulation, run before drawing.
 */
"use strict";

(function () {
  const { h, s } = NG;
  const W = 900;
  const H = 560;

  /** layout(nodes, edges, box): box(node) = {left, right, half}, the room a node and its label take around its centre. */
  function layout(nodes, edges, box) {
    const n = nodes.length;
    const pos = new Map();
    // Start on a circle in a fixed order so the same data draws the same picture.
    nodes.forEach((node, i) => {
      const angle = (2 * Math.PI * i) / Math.max(1, n);
      pos.set(node.id, { x: W / 2 + (W / 3) * Math.cos(angle), y: H / 2 + (H / 3) * Math.sin(angle), vx: 0, vy: 0 });
    });
    const k = Math.sqrt((W * H) / Math.max(1, n)) * 0.7;
    for (let step = 0; step < 300; step++) {
      const cool = 1 - step / 300;
      for (const a of nodes) {
        const pa = pos.get(a.id);
        for (const b of nodes) {
          if (a === b) continue;
          const pb = pos.get(b.id);
          let dx = pa.x - pb.x;
          let dy = pa.y - pb.y;
          const dist = Math.max(1, Math.hypot(dx, dy));
          const push = (k * k) / dist / dist;
          pa.vx += (dx / dist) * push;
          pa.vy += (dy / dist) * push;
        }
      }
      for (const e of edges) {
        const pa = pos.get(e.source);
        const pb = pos.get(e.target);
        const dx = pb.x - pa.x;
        const dy = pb.y - pa.y;
        const dist = Math.max(1, Math.hypot(dx, dy));
        const pull = (dist * dist) / k / 40;
        pa.vx += (dx / dist) * pull;
        pa.vy += (dy / dist) * pull;
        pb.vx -= (dx / dist) * pull;
        pb.vy -= (dy / dist) * pull;
      }
      for (const p of pos.values()) {
        p.vx += (W / 2 - p.x) * 0.01; // gravity keeps islands on screen
        p.vy += (H / 2 - p.y) * 0.01;
        const speed = Math.hypot(p.vx, p.vy);
        const cap = 30 * cool + 1;
        if (speed > cap) {
          p.vx *= cap / speed;
          p.vy *= cap / speed;
        }
        p.x = Math.min(W - 60, Math.max(60, p.x + p.vx));
        p.y = Math.min(H - 30, Math.max(30, p.y + p.vy));
        p.vx *= 0.5;
        p.vy *= 0.5;
      }
    }
    // Scale the result to fill the drawing, whatever size the simulation settled at.
    const xs = [...pos.values()].map((p) => p.x);
    const ys = [...pos.values()].map((p) => p.y);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    // Never shrink below 1: shrinking would undo the overlap pass.
    const scale = Math.max(1, Math.min(3, (W - 240) / Math.max(1, x1 - x0), (H - 80) / Math.max(1, y1 - y0)));
    for (const p of pos.values()) {
      p.x = W / 2 + (p.x - (x0 + x1) / 2) * scale - 40; // labels sit right of nodes
      p.y = H / 2 + (p.y - (y0 + y1) / 2) * scale;
    }
    // Then push apart whatever still overlaps, node and label together, in
    // drawing units: hubs pile up in the middle and their names collide.
    const boxes = nodes.map((node) => [pos.get(node.id), box(node)]);
    for (let round = 0; round < 120; round++) {
      let moved = false;
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const [pa, ba] = boxes[i];
          const [pb, bb] = boxes[j];
          const ox = Math.min(pa.x + ba.right, pb.x + bb.right) - Math.max(pa.x - ba.left, pb.x - bb.left);
          const oy = Math.min(pa.y + ba.half, pb.y + bb.half) - Math.max(pa.y - ba.half, pb.y - bb.half);
          if (ox <= 0 || oy <= 0) continue;
          moved = true;
          // move along the axis that needs less, half each
          if (oy < ox) {
            const d = (oy / 2 + 1) * (pa.y <= pb.y ? 1 : -1);
            pa.y -= d;
            pb.y += d;
          } else {
            const d = (ox / 2 + 1) * (pa.x <= pb.x ? 1 : -1);
            pa.x -= d;
            pb.x += d;
          }
        }
      }
      for (const [p, bx] of boxes) {
        p.x = Math.min(W - bx.right - 4, Math.max(bx.left + 4, p.x));
        p.y = Math.min(H - bx.half - 4, Math.max(bx.half + 4, p.y));
      }
      if (!moved) break;
    }
    return pos;
  }

  const KIND_ORDER = ["state", "person", "organization", "igo", "company", "media", "armed_group"];

  const edgeColour = (e) => (e.events === 0 ? "#9aa0a6" : e.balance > 0 ? "#2e8b57" : e.balance < 0 ? "#c0392b" : "#8c8c8c");

  function edgeText(e, names) {
    return `${names.get(e.source)} – ${names.get(e.target)}: ${NG.plural(e.events, "event")} happened ` +
      `(cooperation ${NG.fmt(e.cooperation)}, conflict ${NG.fmt(e.conflict)}, balance ${NG.signed(e.balance)})` +
      (e.set_apart ? `, ${e.set_apart} set apart` : "");
  }

  // Only the busiest actors get a standing label; the rest show theirs on
  // hover or focus, so a graph of a hundred actors stays readable.
  const LABELS = 24;

  function draw(graph) {
    const names = new Map(graph.nodes.map((n) => [n.id, n.name || n.id]));
    const maxDeg = Math.max(1, ...graph.nodes.map((n) => n.events));
    const radius = (node) => 6 + 14 * Math.sqrt(node.events / maxDeg);
    const labelled = new Set([...graph.nodes].sort((a, b) => b.events - a.events || b.mentions - a.mentions)
      .slice(0, LABELS).map((n) => n.id));
    // 7.5 units a character is about the width of the 13px label font
    const box = (node) => ({ left: radius(node) + 3, half: Math.max(radius(node), 9) + 2,
      right: radius(node) + 3 + (labelled.has(node.id) ? 6 + 7.5 * (node.name || node.id).length : 0) });
    const pos = layout(graph.nodes, graph.edges, box);
    const maxEvents = Math.max(1, ...graph.edges.map((e) => e.events + e.set_apart));
    const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "network", role: "img", "aria-label": "network of actors" });
    const open = (e) => NG.go("relations", [e.source, e.target], {});
    // busiest edges last, so where edges cross the click goes to the one that matters most
    for (const e of [...graph.edges].sort((x, y) => x.events + x.set_apart - (y.events + y.set_apart))) {
      const a = pos.get(e.source);
      const b = pos.get(e.target);
      const width = 1.5 + 7 * Math.sqrt((e.events + e.set_apart) / maxEvents);
      const g = s("g", { class: "edge", dataset: { pair: `${e.source}|${e.target}` }, tabindex: 0, role: "link",
        "aria-label": edgeText(e, names), onclick: () => open(e), onkeydown: (ev) => ev.key === "Enter" && open(e) },
        s("title", {}, edgeText(e, names) + " — click for the timeline"),
        s("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: edgeColour(e), "stroke-width": width,
          "stroke-dasharray": e.events === 0 ? "6 5" : null, "stroke-linecap": "round", class: "edge-line" }),
        // a wide transparent line makes thin edges easy to hit
        s("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, class: "edge-hit" }));
      svg.appendChild(g);
    }
    const major = [];
    for (const node of graph.nodes) {
      const p = pos.get(node.id);
      const r = radius(node);
      const go = () => NG.go("actor", [node.id], {});
      const g = s("g", { class: ["node", !labelled.has(node.id) && "minor"], dataset: { id: node.id }, transform: `translate(${p.x},${p.y})`, tabindex: 0,
        role: "link", "aria-label": `${node.name} (${node.kind})`, onclick: go, onkeydown: (ev) => ev.key === "Enter" && go() },
        s("title", {}, `${node.name} — ${node.kind}${node.country && node.kind !== "state" ? ", " + node.country : ""}; ${NG.plural(node.events, "event")}`),
        s("circle", { r, fill: NG.KIND_COLOURS[node.kind] || "#555" }),
        s("text", { x: r + 4, y: 4, class: "label" }, node.name || node.id));
      if (labelled.has(node.id)) major.push(g);
      else svg.appendChild(g);
    }
    // labelled nodes last, so no small node's circle covers a standing label
    svg.append(...major);
    return svg;
  }

  function legend(kinds) {
    const item = (colour, label, dashed) =>
      h("li", {}, h("span", { class: ["swatch", dashed && "dashed"], style: { "--c": colour } }), label);
    return h("ul", { class: "legend" },
      item("#2e8b57", "more cooperation"), item("#c0392b", "more conflict"), item("#8c8c8c", "even"),
      item("#9aa0a6", "only denied, intended or hypothetical", true),
      ...Object.entries(NG.KIND_COLOURS).filter(([kind]) => kinds.includes(kind)).map(([kind, c]) => h("li", {}, h("span", { class: "dot", style: { "--c": c } }), kind.replace("_", " "))));
  }

  NG.views = NG.views || {};
  NG.views.network = async (root, route) => {
    // States by default: the actor level of a real corpus has a hundred-odd
    // people and bodies, which a reader should opt into.
    const level = route.params.level || "state";
    const since = route.params.since || "";
    const summary = await NG.api("/api/summary");
    const years = [];
    const first = Number((summary.event_dates.first || "").slice(0, 4));
    const last = Number((summary.event_dates.last || "").slice(0, 4));
    for (let y = first; y && y <= last; y++) years.push(String(y));
    const full = await NG.api("/api/graph", { level, since: since || null, until: since || null });
    const present = [...new Set(full.nodes.map((n) => n.kind))].sort((a, b) => KIND_ORDER.indexOf(a) - KIND_ORDER.indexOf(b));
    const kinds = new Set(route.params.kinds ? route.params.kinds.split(",") : present);
    const shown = new Set(full.nodes.filter((n) => kinds.has(n.kind)).map((n) => n.id));
    const edges = full.edges.filter((e) => shown.has(e.source) && shown.has(e.target));
    // an actor whose every tie leads to a hidden kind would float alone: leave it out
    const linked = new Set(edges.flatMap((e) => [e.source, e.target]));
    const graph = { nodes: full.nodes.filter((n) => linked.has(n.id)), edges };
    const names = new Map(full.nodes.map((n) => [n.id, n.name || n.id]));
    const params = { level, since, kinds: route.params.kinds || "" };
    const kindBox = (kind) => h("label", { class: "kind-filter" },
      h("input", { type: "checkbox", name: "kind", value: kind, checked: kinds.has(kind), onchange: (ev) => {
        const next = new Set(kinds);
        if (ev.target.checked) next.add(kind);
        else next.delete(kind);
        NG.go("network", [], { ...params, kinds: present.filter((k) => next.has(k)).join(",") || "none" });
      } }),
      h("span", { class: "dot", style: { "--c": NG.KIND_COLOURS[kind] || "#555" } }),
      `${kind.replace("_", " ")} (${full.nodes.filter((n) => n.kind === kind).length})`);
    const controls = h("form", { class: "controls", onsubmit: (ev) => ev.preventDefault() },
      h("label", {}, "Show ",
        h("select", { name: "level", "aria-label": "level", onchange: (ev) => NG.go("network", [], { level: ev.target.value, since }) },
          h("option", { value: "state", selected: level === "state" }, "states (people and bodies counted for their country)"),
          h("option", { value: "actor", selected: level === "actor" }, "every actor (people, organisations, states)"))),
      h("label", {}, " in ",
        h("select", { name: "since", "aria-label": "period", onchange: (ev) => NG.go("network", [], { ...params, since: ev.target.value }) },
          h("option", { value: "", selected: !since }, "all years (undated events included)"),
          ...years.map((y) => h("option", { value: y, selected: since === y }, y)))),
      level === "actor" && present.length > 1 ? h("fieldset", { class: "kinds" }, h("legend", {}, "kinds"), ...present.map(kindBox)) : null);
    const ties = [...graph.edges].sort((a, b) => b.events + b.set_apart - (a.events + a.set_apart));
    const list = h("ol", { class: "ties" }, ...ties.slice(0, 25).map((e) =>
      h("li", {}, h("a", { href: NG.href("relations", [e.source, e.target], {}) }, `${names.get(e.source)} – ${names.get(e.target)}`),
        " ", h("span", { class: ["balance", e.balance > 0 ? "pos" : e.balance < 0 ? "neg" : ""] }, NG.signed(e.balance)),
        h("span", { class: "muted" }, ` · ${NG.plural(e.events, "event")}${e.set_apart ? `, ${e.set_apart} set apart` : ""}`))));
    const hidden = graph.nodes.length - Math.min(LABELS, graph.nodes.length);
    NG.put(root, 
      h("h1", {}, level === "state" ? "Network of states" : "Network of actors"),
      h("p", { class: "lede" }, "Who acted on whom. Click an edge (or a pair in the list) for the timeline of that relation; click a node for its page." +
        (hidden > 0 ? ` Names are shown for the ${LABELS} busiest; point at a node for the others.` : "")),
      controls,
      h("div", { class: "split" },
        h("div", { class: "panel chart" }, graph.nodes.length ? draw(graph) : h("p", { class: "notice" }, "No events between actors in this period."), legend(present)),
        h("aside", { class: "panel" }, h("h2", {}, "Strongest ties"), ties.length ? list : h("p", { class: "muted" }, "none"))));
  };
})();
