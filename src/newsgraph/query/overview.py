"""The corpus at a glance: counts (``summary``) and the network of who acted on whom (``graph``).

Both are aggregated in DuckDB over the resolved events (``query.events``);
only the totals and the edges come back to Python.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newsgraph.errors import QueryError
from newsgraph.query import records
from newsgraph.query.events import KEYS_SIDES, EventQuery

if TYPE_CHECKING:
    from newsgraph.query.corpus import Corpus


def summary(corpus: Corpus) -> dict[str, Any]:
    """Counts of what the store holds."""
    one = corpus.value
    con = corpus.store.con
    kinds = con.execute("SELECT kind, count(*) AS n FROM actors GROUP BY kind ORDER BY n DESC, kind").fetchall()
    types = con.execute(
        f"{KEYS_SIDES} SELECT type, count(*) AS n FROM resolved WHERE set_apart IS NULL "
        "GROUP BY type ORDER BY n DESC, type"
    ).fetchall()
    events, counted, first, last, pairs = con.execute(
        f"""{KEYS_SIDES}
        SELECT count(*), count(*) FILTER (WHERE set_apart IS NULL), min(own_date), max(own_date),
               count(DISTINCT (least(source_state, target_state), greatest(source_state, target_state)))
                   FILTER (WHERE set_apart IS NULL AND source_state <> target_state)
        FROM resolved"""
    ).fetchone() or (0, 0, None, None, 0)
    published = con.execute("SELECT min(published), max(published) FROM documents").fetchone() or (None, None)
    return {
        "documents": one("SELECT count(*) FROM documents"),
        "actors": one("SELECT count(*) FROM actors"),
        "actor_kinds": dict(kinds),
        "events": events,
        "events_counted": counted,
        "event_types": dict(types),
        "quotes": one("SELECT count(*) FROM quotes"),
        "claims": one("SELECT count(*) FROM claims"),
        "contested_claims": one("SELECT count(*) FROM claims WHERE contested"),
        "state_pairs": pairs,
        "published": {"first": published[0], "last": published[1]},
        "event_dates": {"first": first, "last": last},
        "outlets": [
            r[0] for r in con.execute("SELECT DISTINCT outlet FROM documents WHERE outlet <> '' ORDER BY 1").fetchall()
        ],
    }


def graph(
    corpus: Corpus, *, level: str = "actor", since: str | None = None, until: str | None = None, min_events: int = 1
) -> dict[str, Any]:
    """Actors as nodes; an edge per pair that acted on each other, weighted by
    cooperation and conflict of the events that happened in the period."""
    if level not in ("actor", "state"):
        raise QueryError(f"level must be 'actor' or 'state'; got {level!r}")
    where, params = EventQuery(since=since, until=until).where()
    s, t = ("source_state", "target_state") if level == "state" else ("source", "target")
    rows = corpus.store.con.execute(
        f"""{KEYS_SIDES}, sides AS (
            SELECT least({s}, {t}) AS a, greatest({s}, {t}) AS b, type, weight, set_apart IS NULL AS happened
            FROM resolved
            WHERE {where} AND {s} IS NOT NULL AND {t} IS NOT NULL AND {s} <> {t}
              AND 'outlet' NOT IN ({s}, {t})
        )
        SELECT a, b, count(*) FILTER (WHERE happened) AS events,
               coalesce(sum(weight) FILTER (WHERE happened AND weight > 0), 0.0) AS cooperation,
               coalesce(sum(abs(weight)) FILTER (WHERE happened AND weight <= 0), 0.0) AS conflict,
               count(*) FILTER (WHERE NOT happened) AS set_apart,
               list(type) FILTER (WHERE happened) AS types
        FROM sides GROUP BY a, b HAVING count(*) >= $min_events ORDER BY a, b""",
        {**params, "min_events": min_events},
    ).fetchall()
    edges = []
    degree: dict[str, int] = {}
    for a, b, events, cooperation, conflict, set_apart, types in rows:
        counts: dict[str, int] = {}
        for type_ in types or []:
            counts[type_] = counts.get(type_, 0) + 1
        coop, conf = round(cooperation, 3), round(conflict, 3)
        edges.append(
            {
                "source": a,
                "target": b,
                "events": events,
                "cooperation": coop,
                "conflict": conf,
                "set_apart": set_apart,
                "types": dict(sorted(counts.items(), key=lambda kv: (-kv[1], list(counts).index(kv[0])))),
                "balance": round(coop - conf, 3),
            }
        )
        for node in (a, b):
            degree[node] = degree.get(node, 0) + events + set_apart
    ids = sorted(degree)
    actors = {
        r["id"]: r
        for r in corpus.rows(
            "SELECT id, name, kind, country, mentions FROM actors WHERE list_contains($ids, id)", {"ids": ids}
        )
    }
    nodes = []
    for node in ids:
        actor = actors.get(node)
        nodes.append(
            {
                "id": node,
                "name": records.name_of(node, actor["name"] if actor else None),
                "kind": actor["kind"] if actor else "state",
                "country": actor["country"] if actor else node,
                "mentions": actor["mentions"] if actor else 0,
                "events": degree[node],
            }
        )
    return {"level": level, "since": since, "until": until, "nodes": nodes, "edges": edges}
