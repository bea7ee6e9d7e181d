/* Claims board: each proposition with every stance taken on it.
 * Contested claims (someone asserts, someone denies) come first; each stance
 * shows its holder, the outlet that carried it and the evidence sentence.
 */
"use strict";

(function () {
  const { h } = NG;

  function stanceItem(st) {
    return h("li", { class: ["stance", st.stance] },
      h("div", {},
        h("span", { class: ["chip", "stance-" + st.stance] }, NG.STANCE_LABEL[st.stance] || st.stance), " ",
        NG.actorLink(st.holder === "outlet" ? null : st.holder, st.holder_name),
        h("span", { class: "muted" }, " · in ", st.outlet || "unknown outlet", " — "),
        h("a", { href: NG.href("document", [st.document], { start: st.evidence.start, end: st.evidence.end }) },
          st.document_title || st.document)),
      h("blockquote", { class: "evidence" }, st.evidence.text.trim()));
  }

  function claimCard(c) {
    const counts = Object.entries(c.stance_counts).map(([k, n]) => `${n} ${k}`).join(", ");
    return h("article", { class: ["claim", c.contested && "contested"], dataset: { id: c.id } },
      h("header", {},
        c.contested ? h("span", { class: "chip contested-badge" }, "contested") : null,
        h("h3", {}, c.text),
        c.subject && c.predicate
          ? h("p", { class: "muted small" },
              NG.actorLink(c.subject, c.subject_name), ` ${c.predicate}${c.mode ? " (" + c.mode + ")" : ""} `,
              NG.actorLink(c.object, c.object_name), ` · ${counts}`)
          : h("p", { class: "muted small" },
              ...c.actors.flatMap((a, i) => [i ? ", " : "", NG.actorLink(a, c.actor_names[i])]),
              `${c.predicate ? " · " + c.predicate : ""}${c.date ? " · " + c.date.value : ""} · ${counts}`)),
      h("ul", { class: "stances" }, ...c.stances.map(stanceItem)));
  }
  NG.claimCard = claimCard;

  NG.views = NG.views || {};
  NG.views.claims = async (root, route) => {
    const contested = route.params.contested === "true";
    const search = route.params.search || "";
    const params = Object.assign({}, contested ? { contested: true } : {}, search ? { search } : {});
    const claims = await NG.all("/api/claims", params);
    const n = claims.filter((c) => c.contested).length;
    NG.put(root, 
      h("h1", {}, "Claims"),
      h("p", { class: "lede" }, "What the sources claim, in their words, and who asserts, denies, relays or questions it. Contested claims first."),
      h("form", { class: "controls", onsubmit: (ev) => { ev.preventDefault(); const q = ev.target.elements.search.value.trim(); location.hash = "#/claims" + (q ? "?search=" + encodeURIComponent(q) : ""); } },
        h("input", { type: "search", name: "search", placeholder: "Find claims…", "aria-label": "find claims", value: search })),
      h("p", { class: "controls" },
        h("a", { href: "#/claims", class: ["toggle", !contested && "on"] }, "all claims"), " ",
        h("a", { href: "#/claims?contested=true", class: ["toggle", contested && "on"] }, "contested only"),
        h("span", { class: "muted" }, ` · ${NG.plural(claims.length, "claim")}, ${n} contested`)),
      claims.length ? h("div", { class: "claims" }, ...claims.map(claimCard)) : h("p", { class: "notice" }, "No claims found."));
  };
})();
