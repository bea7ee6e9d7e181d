"""What changed since the stored resolution (``Delta``), and the reads every
resolution step shares: the events a delta touches, the part of the actor
merge a set of ids needs.  Kept apart from ``corpus``, which runs the steps,
so the steps do not import the module that imports them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import duckdb

from newsgraph.models import Actor
from newsgraph.store.scratch import select_in


@dataclass(frozen=True)
class Delta:
    """What changed since the stored resolution, for each step to act on."""

    documents: tuple[str, ...]  # resolved for the first time in this run
    moved: frozenset[str]  # provisional actor ids whose actor changed id, name, kind or country
    renamed: frozenset[str] = frozenset()  # actor ids (as now) whose name changed
    full: bool = False  # rebuild everything (documents then lists every document)


def affected_events(con: duckdb.DuckDBPyConnection, delta: Delta) -> list[str]:
    """The ids of the events ``delta`` touches: those of the new documents and those
    whose source, target or holder is a moved actor id (each found through an index)."""
    found = {r[0] for r in select_in(con, "SELECT id FROM events WHERE document IN {ids}", delta.documents)}
    for column in ("source", "target", "holder"):
        found |= {r[0] for r in select_in(con, f"SELECT id FROM events WHERE {column} IN {{ids}}", delta.moved)}
    return sorted(found)


def resolved_actors(con: duckdb.DuckDBPyConnection, ids: Iterable[str]) -> tuple[dict[str, str], list[Actor]]:
    """The part of the actor merge that ``ids`` (provisional or merged actor ids) need:
    their map entries, the actors they stand for, and those actors' states (whose
    names a claim shows)."""
    ids = set(ids)
    amap = dict(select_in(con, "SELECT provisional, actor FROM actor_map WHERE provisional IN {ids}", ids))
    rows = _actors(con, ids | set(amap.values()))
    rows += _actors(con, {r[3] for r in rows if r[3]} - {r[0] for r in rows})
    return amap, [Actor(*r) for r in rows]


def _actors(con: duckdb.DuckDBPyConnection, ids: Iterable[str]) -> list[tuple[Any, ...]]:
    return select_in(con, "SELECT id, name, kind, country FROM actors WHERE id IN {ids}", ids)
