"""Merge per-document actor mentions into corpus actors (placeholder: exact ids)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from newsgraph.models import Actor, Mention


def merge_actors(mentions: Iterable[Mention]) -> tuple[list[Actor], dict[str, str]]:
    groups: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        groups[m.actor].append(m)
    actors = []
    for actor_id, ms in groups.items():
        first = max(ms, key=lambda m: len(m.name))
        actors.append(
            Actor(actor_id, first.name, first.kind, first.country,
                  tuple(sorted({m.role for m in ms if m.role})), tuple(sorted({m.text for m in ms})), len(ms))
        )
    return actors, {a.id: a.id for a in actors}
