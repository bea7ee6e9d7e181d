/* The app shell: navigation, the overview, actor pages, search, routing. */
"use strict";

(function () {
  const { h } = NG;
  NG.views = NG.views || {};

  NG.views.overview = async (root) => {
    const [summary, pairs, claims] = await Promise.all([
      NG.api("/api/summary"),
      NG.api("/api/relations", { limit: 10 }),
      NG.api("/api/claims", { contested: true, limit: 3 }),
    ]);
    const card = (n, label, href) => h("a", { class: "card", href }, h("strong", {}, String(n)), h("span", {}, label));
    const span = summary.published.first ? `published ${summary.published.first} to ${summary.published.last}` : "publication dates unknown";
    NG.put(root, 
      h("h1", {}, "What the articles say"),
      h("p", { class: "lede" }, `${NG.plural(summary.documents, "article")} from ${NG.plural(summary.outlets.length, "outlet")}, ${span}.`),
      h("div", { class: "cards" },
        card(summary.documents, "documents", "#/documents"),
        card(summary.actors, "actors", "#/network"),
        card(summary.events_counted, `events that happened (of ${summary.events})`, "#/network"),
        card(summary.state_pairs, "pairs of states", "#/relations"),
        card(summary.claims, `claims, ${summary.contested_claims} contested`, "#/claims"),
        card(summary.quotes, "quotes", "#/documents")),
      h("h2", {}, "Pairs of states, busiest first"),
      pairs.items.length ? NG.pairsTable(pairs.items) : h("p", { class: "notice" }, "No events between states yet."),
      h("h2", {}, "Contested claims"),
      claims.items.length ? h("div", { class: "claims" }, ...claims.items.map(NG.claimCard)) : h("p", { class: "muted" }, "None."),
      claims.total > claims.items.length ? h("p", {}, h("a", { href: "#/claims?contested=true" }, `all ${claims.total} contested claims →`)) : null);
  };

  NG.views.actor = async (root, route) => {
    const id = route.args[0];
    const [actors, graph, events] = await Promise.all([
      NG.all("/api/actors", {}),
      NG.api("/api/graph", { level: "actor" }),
      NG.api("/api/events", { actor: id, limit: 200 }),
    ]);
    const actor = actors.find((a) => a.id === id) || { id, name: id, kind: "state", roles: [], aliases: [], country: id, mentions: 0 };
    const names = new Map(graph.nodes.map((n) => [n.id, n.name]));
    const ties = graph.edges.filter((e) => e.source === id || e.target === id)
      .sort((a, b) => b.events + b.set_apart - (a.events + a.set_apart));
    NG.put(root, 
      h("h1", {}, actor.name),
      h("p", { class: "lede" }, `${actor.kind.replace("_", " ")}${actor.country && actor.kind !== "state" ? " · " + actor.country : ""}` +
        `${actor.roles.length ? " · " + actor.roles.join(", ") : ""} · ${NG.plural(actor.mentions, "mention")}`),
      actor.aliases.length ? h("p", { class: "muted" }, "Also written: ", actor.aliases.join(", ")) : null,
      h("div", { class: "split" },
        h("section", { class: "panel" }, h("h2", {}, `Events (${events.total})`),
          events.items.length ? h("ol", { class: "events" }, ...events.items.map(NG.eventCard)) : h("p", { class: "muted" }, "none")),
        h("aside", { class: "panel" }, h("h2", {}, "Relations"),
          ties.length ? h("ul", { class: "ties" }, ...ties.map((e) => {
            const other = e.source === id ? e.target : e.source;
            return h("li", {}, h("a", { href: NG.href("relations", [id, other], {}) }, names.get(other) || other), " ",
              h("span", { class: ["balance", e.balance > 0 ? "pos" : e.balance < 0 ? "neg" : ""] }, NG.signed(e.balance)),
              h("span", { class: "muted" }, ` · ${NG.plural(e.events, "event")}`));
          })) : h("p", { class: "muted" }, "none"))));
  };

  NG.views.search = async (root, route) => {
    const q = route.params.q || "";
    const hits = q.trim().length >= 2 ? await NG.all("/api/search", { q }) : [];
    const snippet = (hit) => {
      const { start, end } = hit.match;
      return h("p", { class: "snippet" }, hit.snippet.slice(0, start), h("mark", {}, hit.snippet.slice(start, end)), hit.snippet.slice(end));
    };
    const link = (hit) => hit.document
      ? NG.href("document", [hit.document], hit.start === null ? {} : { start: hit.start, end: hit.start + (hit.match.end - hit.match.start) })
      : "#/claims";
    NG.put(root, 
      h("h1", {}, "Search"),
      h("p", { class: "lede" }, q ? `${NG.plural(hits.length, "hit")} for “${q}”` : "Type at least two characters in the search box."),
      h("ol", { class: "hits" }, ...hits.map((hit) => h("li", {},
        h("span", { class: "chip" }, hit.kind), " ", h("a", { href: link(hit) }, hit.title || hit.document || hit.id), snippet(hit)))));
  };

  const NAV = [["overview", "Overview"], ["network", "Network"], ["relations", "Relations"], ["claims", "Claims"], ["documents", "Documents"]];

  function header(route) {
    const input = h("input", { type: "search", name: "q", placeholder: "Search text, quotes, claims…", "aria-label": "search", value: route.params.q || "" });
    return h("header", { class: "top" },
      h("a", { class: "brand", href: "#/overview" }, "newsgraph"),
      NG.offline ? h("span", { class: "chip" }, "report") : null,
      h("nav", {}, ...NAV.map(([view, label]) => h("a", { href: `#/${view}`, class: route.view === view && "active" }, label))),
      h("form", { role: "search", onsubmit: (ev) => { ev.preventDefault(); NG.go("search", [], { q: input.value }); } }, input));
  }

  async function render() {
    const route = NG.route();
    const shell = document.getElementById("app");
    const main = h("main", { id: "view", "aria-busy": "true" }, h("p", { class: "muted" }, "Loading…"));
    NG.put(shell, header(route), main);
    const view = NG.views[route.view];
    try {
      if (!view) throw new Error(`no view called “${route.view}”`);
      await view(main, route);
    } catch (error) {
      NG.failure(main, error);
    }
    main.setAttribute("aria-busy", "false");
    document.title = `newsgraph · ${route.view}`;
  }

  window.addEventListener("hashchange", render);
  window.addEventListener("DOMContentLoaded", render);
})();
