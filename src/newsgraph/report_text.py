"""The terminal report printed by ``newsgraph summary`` and ``make demo``."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from newsgraph.store import Store


def render_summary(store: Store, console: Console) -> None:
    docs = store.documents()
    actors = store.actors()
    skipped = store.skipped()
    console.rule("[bold]newsgraph summary")
    console.print(f"{len(docs)} documents, {len(actors)} actors, {len(skipped)} skipped inputs")
    bases = Counter(d.published.basis if d.published else "unknown" for d in docs)
    console.print("publication dates: " + ", ".join(f"{n} {b}" for b, n in bases.most_common()))

    table = Table("kind", "actors", "most mentioned", title="Actors by kind")
    by_kind: dict[str, list] = {}
    for a in actors:
        by_kind.setdefault(a.kind, []).append(a)
    for kind, group in sorted(by_kind.items(), key=lambda kv: -len(kv[1])):
        top = sorted(group, key=lambda a: -a.mentions)[:5]
        table.add_row(kind, str(len(group)), ", ".join(f"{a.name} ({a.mentions})" for a in top))
    console.print(table)

    people = [a for a in actors if a.kind == "person"][:12]
    if people:
        t = Table("person", "country", "roles", title="People")
        for a in people:
            t.add_row(a.name, a.country or "?", ", ".join(a.roles))
        console.print(t)
    if skipped:
        t = Table("input", "reason", "detail", title="Skipped inputs")
        for s in skipped:
            t.add_row(Path(s.source).name, s.reason, s.detail)
        console.print(t)
