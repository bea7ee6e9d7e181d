"""The terminal report printed by ``newsgraph summary`` and ``make demo``.

It reads the store only (no re-parsing) and shows what an analyst checks
first: what came in, who the actors are, what happened between which states,
who said what, and which claims the sources dispute, each with its evidence.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from newsgraph.query.lookup import display_name
from newsgraph.terminal import Table

if TYPE_CHECKING:
    from newsgraph.models import Actor
    from newsgraph.store import Store


def render_summary(store: Store, console: Console) -> None:
    from newsgraph.resolve.relations import state_dyads

    docs = store.documents()
    actors = store.actors()
    skipped = store.skipped()
    events = store.events()
    quotes = store.quotes()
    claims = store.claims()
    amap = store.actor_map()
    by_id = {a.id: a for a in actors}
    sources = {d.id: Path(d.source).name for d in docs}

    def name(ref: str | None) -> str:
        if ref is None:
            return "?"
        if ref == "outlet":
            return "the outlet"
        actor = by_id.get(amap.get(ref, ref))
        return display_name(actor.id if actor else ref, actor.name if actor else None)

    console.rule("[bold]newsgraph summary")
    console.print(
        f"{len(docs)} documents · {len(actors)} actors · {len(events)} events · {len(quotes)} quotes · "
        f"{len(claims)} claims ({sum(c.contested for c in claims)} contested) · {len(skipped)} skipped inputs"
    )
    bases = Counter(d.published.basis if d.published else "unknown" for d in docs)
    console.print("publication dates: " + ", ".join(f"{n} {b}" for b, n in bases.most_common()))

    _actors_table(console, actors)

    if events:
        types = Counter(e.type for e in events)
        console.print(
            "events by type: " + ", ".join(f"{t} {n}" for t, n in types.most_common()),
            highlight=False,
        )
        dated = sum(1 for e in events if e.date)
        negative = sum(1 for e in events if e.polarity == "negative")
        intended = sum(1 for e in events if e.modality != "actual")
        console.print(f"{dated} dated from the text, {negative} negated, {intended} intended or hypothetical")

    dyads = sorted(state_dyads(store, "year"), key=lambda s: -s.events)[:8]
    if dyads:
        t = Table("pair", "events", "cooperation", "conflict", "balance", "years", title="Relations between states")
        for series in dyads:
            years = ", ".join(p.period for p in series.periods if p.events)
            t.add_row(
                " – ".join(name(x) for x in series.pair),
                str(series.events),
                f"{series.cooperation:g}",
                f"{series.conflict:g}",
                f"{series.cooperation - series.conflict:+g}",
                years or "undated",
            )
        console.print(t)

    contested = [c for c in claims if c.contested]
    if contested:
        t = Table("claim", "source", "holder", "stance", "evidence", title="Contested claims", show_lines=True)
        for c in contested[:6]:
            for s in c.stances:
                t.add_row(
                    c.proposition,
                    sources.get(s.document, s.document),
                    name(s.holder),
                    s.stance,
                    _clip(s.evidence.text, 110),
                )
        console.print(t)

    spoken = [q for q in quotes if q.kind == "direct" and q.speaker][:6]
    if spoken:
        t = Table("speaker", "quote", "source", title="Some direct quotes")
        for q in spoken:
            t.add_row(name(q.speaker), _clip(q.text, 90), sources.get(q.document, q.document))
        console.print(t)

    if skipped:
        t = Table("input", "reason", "detail", title="Skipped inputs")
        for item in skipped:
            t.add_row(Path(item.source).name, item.reason, item.detail)
        console.print(t)


def _actors_table(console: Console, actors: list[Actor]) -> None:
    table = Table("kind", "actors", "most mentioned", title="Actors by kind")
    by_kind: dict[str, list[Actor]] = {}
    for a in actors:
        by_kind.setdefault(a.kind, []).append(a)
    for kind, group in sorted(by_kind.items(), key=lambda kv: -len(kv[1])):
        top = sorted(group, key=lambda a: -a.mentions)[:5]
        table.add_row(kind, str(len(group)), ", ".join(f"{display_name(a.id, a.name)} ({a.mentions})" for a in top))
    console.print(table)
    people = [a for a in actors if a.kind == "person"][:10]
    if people:
        t = Table("person", "country", "roles", title="Most mentioned people")
        for a in people:
            t.add_row(a.name, a.country or "?", ", ".join(a.roles))
        console.print(t)


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
