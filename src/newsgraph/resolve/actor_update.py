"""Actor merging over the store: all at once, or only what new mentions touch.

``rebuild`` merges every group in memory (``actors.resolve_groups``) and
writes the result with what later runs need: each group's summary and its
stage-1, stage-2 and final clusters (``actor_groups``), its blocking keys
(``actor_keys``) and each actor's base id (``actor_bases``).

``update`` places the groups that new documents mention and re-decides only
what they can change, reading the store through the blocking keys:

1. stage 1 is re-linked over ``S``: the changed groups, the groups they now
   match, and the old stage-1 clusters of both.  No other cluster can gain
   or lose a member (an old link between two unchanged groups still holds,
   and one that reaches a changed group lies inside its old cluster);
2. an unknown-country cluster is re-decided when it is in ``S``, matches a
   group of ``S`` (or a changed group as it was), or was joined to a cluster
   of ``S``;
3. short forms are re-decided for every surname or acronym whose candidate
   long names changed cluster or summary;
4. every actor whose members or mentions changed is rebuilt, and ids are
   re-assigned among the actors that share its base id.

Each decision is the same function of the same groups as in ``rebuild``, so
any sequence of updates leaves the tables ``rebuild`` writes
(``tests/test_resolve_incremental.py`` checks it).  ``update`` returns the
provisional ids whose actor changed id, name, kind or country, and the actors
renamed: the events and claims that name them are re-resolved after it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa

from newsgraph.models import Actor
from newsgraph.resolve.actors import (
    ORG,
    PERSON,
    Form,
    Group,
    assign_ids,
    build_actor,
    links,
    match_keys,
    matches,
    owner_key,
    resolve_groups,
    short_owners,
    stage1,
    summarise,
    unknown_target,
)
from newsgraph.store.arrow import actor_rows
from newsgraph.store.scratch import insert, replace_rows, rows_table, select_in

Place = list[str]  # [stage-1 cluster, stage-2 cluster, final cluster]


@dataclass(frozen=True)
class Changes:
    """What an update changed that later steps read."""

    moved: frozenset[str] = frozenset()  # provisional ids whose actor changed id, name, kind or country
    renamed: frozenset[str] = frozenset()  # actor ids (as now) whose name changed


ACTOR_TABLES = ("actor_groups", "actor_keys", "actor_bases", "actors", "actor_map")


# ------------------------------------------------------------------ reading
def load_forms(con: duckdb.DuckDBPyConnection, pids: Iterable[str] | None = None) -> dict[str, list[Form]]:
    """Each group's distinct mention forms with counts (every group when ``pids`` is None)."""
    sql = "SELECT actor, text, name, kind, country, role, count(*), sector FROM mentions"
    out: dict[str, list[Form]] = defaultdict(list)
    if pids is None:
        rows = con.execute(sql + " GROUP BY ALL").fetchall()
    else:
        rows = select_in(con, sql + " WHERE actor IN {ids} GROUP BY ALL", pids)
    for row in rows:
        out[row[0]].append(Form(*row))
    return out


class _Working:
    """The groups an update looks at: stored rows read on demand, then changed in memory."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.groups: dict[str, Group] = {}
        self.place: dict[str, Place] = {}
        self.old_place: dict[str, tuple[str, str, str]] = {}
        self.stored: set[str] = set()  # pids whose stored row has been read (or found missing)
        self.rekeyed: dict[str, frozenset[str]] = {}  # changed groups: their keys are not stored yet

    def load(self, pids: Iterable[str]) -> None:
        todo = sorted(set(pids) - self.stored)
        if not todo:
            return
        self.stored.update(todo)
        rows = select_in(self.con, "SELECT * FROM actor_groups WHERE provisional IN {ids}", todo)
        keys: dict[str, set[str]] = defaultdict(set)
        for pid, key in select_in(self.con, "SELECT provisional, key FROM actor_keys WHERE provisional IN {ids}", todo):
            keys[pid].add(key)
        for pid, cls, name, country, long, c1, c2, final in rows:
            self.groups.setdefault(pid, Group(pid, cls, name, country, long, frozenset(keys[pid])))
            self.old_place[pid] = (c1, c2, final)
            self.place.setdefault(pid, [c1, c2, final])

    def with_keys(self, keys: Iterable[str]) -> set[str]:
        keys = sorted(set(keys))
        if not keys:
            return set()
        rows = select_in(self.con, "SELECT DISTINCT provisional FROM actor_keys WHERE key IN {ids}", keys)
        wanted_keys = set(keys)
        found = {r[0] for r in rows if r[0] not in self.rekeyed}
        found |= {pid for pid, ks in self.rekeyed.items() if ks & wanted_keys}
        self.load(found)
        return found

    def members(self, column: int, ids: Iterable[str]) -> dict[str, list[str]]:
        """Current members of clusters (``column`` 0, 1, 2: stage 1, 2, final), stored and changed."""
        ids = set(ids)
        if not ids:
            return {}
        name = ("c1", "c2", "final")[column]
        rows = select_in(self.con, f"SELECT provisional FROM actor_groups WHERE {name} IN {{ids}}", ids)
        self.load(r[0] for r in rows)
        out: dict[str, list[str]] = defaultdict(list)
        for pid, place in self.place.items():
            if place[column] in ids:
                out[place[column]].append(pid)
        return out

    def owner_index(self, shorts: Iterable[Group]) -> dict[str, list[str]]:
        """owner key -> the long groups under it, for the short groups given."""
        keys = {k for g in shorts if (k := owner_key(g))}
        found = self.with_keys(keys)
        out: dict[str, list[str]] = defaultdict(list)
        for pid in sorted(found):
            g = self.groups[pid]
            if g.long:
                for k in g.keys & keys:
                    out[k].append(pid)
        return out

    def short_target(self, cluster: list[Group], owners_of: dict[str, list[str]]) -> str | None:
        """Stage 3 for a cluster of short groups: the one owner's stage-2 cluster, or None."""
        found = {h for g in cluster if (k := owner_key(g)) for h in owners_of.get(k, ())}
        owners = short_owners(cluster, ((self.groups[h], self.place[h][1]) for h in sorted(found)))
        return owners.pop() if len(owners) == 1 else None

    def neighbours(self, probes: Iterable[Group], known: bool | None) -> set[str]:
        """Groups matching any probe (names only), of known or unknown country (None: either)."""
        probes = [p for p in probes if links(p)]
        found = self.with_keys(k for p in probes for k in match_keys(p))
        out = set()
        for pid in found:
            g = self.groups[pid]
            if known is not None and (g.country is not None) != known:
                continue
            if any(matches(p, g) for p in probes):
                out.add(pid)
        return out


# ------------------------------------------------------------------- update
def update(con: duckdb.DuckDBPyConnection, documents: Sequence[str]) -> Changes:
    """Merge the mentions of ``documents`` into the stored actors; return the moved provisional ids."""
    touched = sorted({r[0] for r in select_in(con, "SELECT actor FROM mentions WHERE document IN {ids}", documents)})
    if not touched:
        return Changes()
    w = _Working(con)
    forms = load_forms(con, touched)
    w.load(touched)
    old: dict[str, Group | None] = {}
    changed: list[str] = []
    for pid in touched:
        new = summarise(pid, forms[pid])
        before = w.groups.get(pid)
        if before != new:
            changed.append(pid)
            old[pid] = before
            w.groups[pid] = new
            w.rekeyed[pid] = new.keys
            w.place.setdefault(pid, [pid, pid, pid])

    # 1. stage 1 over S
    near = w.neighbours((w.groups[p] for p in changed), None)
    near = {h for h in near if any(w.groups[h].country == w.groups[p].country for p in changed)}
    clusters = {w.place[p][0] for p in (*changed, *near) if p in w.old_place} | set(changed)
    region = set(changed) | near | {p for ms in w.members(0, clusters).values() for p in ms}
    w.load(region)
    for pid, c1 in stage1({p: w.groups[p] for p in region}).items():
        w.place[pid][0] = c1

    # 2. unknown-country clusters
    unknown = {w.place[p][0] for p in region if w.groups[p].country is None and links(w.groups[p])}
    probes = [w.groups[p] for p in region if w.groups[p].country is not None]
    probes += [g for g in old.values() if g is not None and g.country is not None]
    unknown |= {w.place[h][0] for h in w.neighbours(probes, known=False)}
    before_s = {w.old_place[p][0] for p in region if p in w.old_place}
    unknown |= {
        w.place[p][0]
        for ms in w.members(1, before_s).values()
        for p in ms
        if w.groups[p].country is None and links(w.groups[p])
    }
    for p in region:
        w.place[p][1] = w.place[p][0]
    for cid, ms in w.members(0, unknown).items():
        cluster = [w.groups[p] for p in ms]
        known = w.neighbours(cluster, known=True)
        target = unknown_target(cluster, ((w.groups[h], w.place[h][0]) for h in known))
        for p in ms:
            w.place[p][1] = target or cid
    moved2 = {p for p, place in w.place.items() if p not in w.old_place or w.old_place[p][1] != place[1]}

    # 3. short forms (a long name's final cluster is its stage-2 cluster)
    for p, place in w.place.items():
        if w.groups[p].long:
            place[2] = place[1]
    affected = set(changed) | moved2
    summaries = [g for p in affected for g in (old.get(p), w.groups[p]) if g is not None]
    person_words = {g.word for g in summaries if g.cls == PERSON and g.word}
    org_words = {g.word or _initials(g) for g in summaries if g.cls == ORG}
    shorts = [p for p in w.with_keys("pw:" + word for word in person_words) if w.groups[p].cls == PERSON]
    owners_of = w.owner_index(w.groups[p] for p in shorts)
    for pid in shorts:
        w.place[pid][2] = w.short_target([w.groups[pid]], owners_of) or w.place[pid][1]
    bodies = {w.place[p][1] for p in affected if w.groups[p].cls == ORG}
    bodies |= {w.old_place[p][1] for p in moved2 if p in w.old_place}
    bodies |= {w.place[p][1] for p in w.with_keys("oa:" + word for word in org_words if word)}
    cluster_members = w.members(1, bodies)
    owners_of = w.owner_index(w.groups[p] for ms in cluster_members.values() for p in ms)
    for cid, ms in cluster_members.items():
        cluster = [w.groups[p] for p in ms]
        target = None
        if all(g.cls == ORG and not g.long for g in cluster):
            target = w.short_target(cluster, owners_of)
        for p in ms:
            w.place[p][2] = target or cid

    # 4. actors
    moved_place = {p for p, place in w.place.items() if w.old_place.get(p) != tuple(place)}
    finals = {w.place[p][2] for p in (*touched, *moved_place)}
    finals |= {w.old_place[p][2] for p in (*touched, *moved_place) if p in w.old_place}
    clusters_now = w.members(2, finals)
    return _write(con, w, clusters_now, changed, finals)


def _initials(g: Group) -> str:
    return next((k[3:] for k in g.keys if k.startswith("oi:")), "")


def _write(
    con: duckdb.DuckDBPyConnection,
    w: _Working,
    clusters: dict[str, list[str]],
    changed: Sequence[str],
    old_finals: set[str],
) -> Changes:
    """Rebuild the actors of ``clusters``, re-assign ids in their base sets, write every table."""
    members = sorted(
        {p for ms in clusters.values() for p in ms} | {p for p, o in w.old_place.items() if o[2] in old_finals}
    )
    before = _resolved(con, members)
    old_ids = {before[p][0] for p in members if p in before}
    forms = load_forms(con, members)
    built: dict[str, tuple[str, str, Actor]] = {}
    for cid, ms in clusters.items():
        base, actor = build_actor([w.groups[p] for p in ms], [f for p in ms for f in forms[p]])
        built[cid] = (min(ms), base, actor)
    # the other actors whose base id these share, as stored
    bases = {base for _, base, _ in built.values()}
    if old_ids:
        bases |= {r[0] for r in select_in(con, "SELECT base FROM actor_bases WHERE actor IN {ids}", old_ids)}
    others = select_in(
        con,
        "SELECT b.actor, b.base, b.first, a.country FROM actor_bases b JOIN actors a ON a.id = b.actor "
        "WHERE b.base IN {ids}",
        bases,
    )
    others = [r for r in others if r[0] not in old_ids]
    entries = [(first, base, actor.country) for first, base, actor in built.values()]
    ids = assign_ids(entries + [(first, base, country) for _, base, first, country in others])
    renamed = {actor: ids[first] for actor, _, first, _ in others if ids[first] != actor}

    actors = [Actor(ids[first], *_fields(actor)) for first, _, actor in built.values()]
    bases_rows = [(ids[first], base, first) for first, base, _ in built.values()]
    actor_map = {p: ids[first] for cid, (first, _, _) in built.items() for p in clusters[cid]}
    if renamed:
        sql = "SELECT provisional, actor FROM actor_map WHERE actor IN {ids}"
        for pid, actor in select_in(con, sql, renamed):
            actor_map[pid] = renamed[actor]
        for row in select_in(con, "SELECT * FROM actors WHERE id IN {ids}", renamed):
            actors.append(
                Actor(
                    renamed[row[0]],
                    row[1],
                    row[2],
                    row[3],
                    tuple(json.loads(row[4])),
                    tuple(json.loads(row[5])),
                    row[6],
                    row[7] if len(row) > 7 else None,  # sector (migration m008)
                )
            )
        for actor, base, first in select_in(con, "SELECT * FROM actor_bases WHERE actor IN {ids}", renamed):
            bases_rows.append((renamed[actor], base, first))
        old_ids |= set(renamed)
        before.update(_resolved(con, sorted(set(actor_map) - set(before))))

    placed = [p for p, place in w.place.items() if w.old_place.get(p) != tuple(place) or p in changed]
    replace_rows(con, "actor_groups", "provisional", placed, _group_rows(w, placed))
    replace_rows(con, "actor_keys", "provisional", changed, _key_rows(w, changed))
    replace_rows(con, "actors", "id", old_ids, actor_rows(actors))
    replace_rows(con, "actor_bases", "actor", old_ids, rows_table(["actor", "base", "first"], bases_rows))
    replace_rows(
        con, "actor_map", "provisional", actor_map, rows_table(["provisional", "actor"], sorted(actor_map.items()))
    )
    after = {a.id: a for a in actors}
    moved = {p for p, actor_id in actor_map.items() if before.get(p) != (actor_id, *_identity(after[actor_id]))}
    names = {actor_id for p, actor_id in actor_map.items() if p in before and before[p][1] != after[actor_id].name}
    return Changes(frozenset(moved), frozenset(names))


def _resolved(con: duckdb.DuckDBPyConnection, pids: Sequence[str]) -> dict[str, tuple[Any, ...]]:
    """provisional id -> (actor id, name, kind, country) as stored."""
    if not pids:
        return {}
    rows = select_in(
        con,
        "SELECT m.provisional, a.id, a.name, a.kind, a.country FROM actor_map m JOIN actors a ON a.id = m.actor "
        "WHERE m.provisional IN {ids}",
        pids,
    )
    return {r[0]: r[1:] for r in rows}


def _identity(a: Actor) -> tuple[str, str, str | None]:
    return a.name, a.kind, a.country


def _fields(a: Actor) -> tuple[str, str, str | None, tuple[str, ...], tuple[str, ...], int, str | None]:
    return a.name, a.kind, a.country, a.roles, a.aliases, a.mentions, a.sector


# ------------------------------------------------------------------ rebuild
def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Merge every group of the store, all in memory, and replace the actor tables."""
    forms = load_forms(con)
    groups = {pid: summarise(pid, fs) for pid, fs in forms.items()}
    w = _Working(con)
    w.groups = groups
    w.place = {pid: list(place) for pid, place in resolve_groups(groups).items()}
    clusters: dict[str, list[str]] = defaultdict(list)
    for pid, place in w.place.items():
        clusters[place[2]].append(pid)
    built = {}
    for cid, ms in clusters.items():
        base, actor = build_actor([groups[p] for p in ms], [f for p in ms for f in forms[p]])
        built[cid] = (min(ms), base, actor)
    ids = assign_ids((first, base, actor.country) for first, base, actor in built.values())
    for table in ACTOR_TABLES:
        con.execute(f"DELETE FROM {table}")
    pids = sorted(groups)
    insert(con, "actor_groups", _group_rows(w, pids))
    insert(con, "actor_keys", _key_rows(w, pids))
    insert(con, "actors", actor_rows([Actor(ids[first], *_fields(a)) for first, _, a in built.values()]))
    insert(con, "actor_bases", rows_table(["actor", "base", "first"], [(ids[f], b, f) for f, b, _ in built.values()]))
    amap = sorted((p, ids[built[cid][0]]) for cid, ms in clusters.items() for p in ms)
    insert(con, "actor_map", rows_table(["provisional", "actor"], amap))


# -------------------------------------------------------------------- write
def _group_rows(w: _Working, pids: Sequence[str]) -> pa.Table:
    gs = [w.groups[p] for p in pids]
    return pa.table(
        {
            "provisional": pa.array([g.id for g in gs], pa.string()),
            "cls": pa.array([g.cls for g in gs], pa.string()),
            "name": pa.array([g.name for g in gs], pa.string()),
            "country": pa.array([g.country for g in gs], pa.string()),
            "long": pa.array([g.long for g in gs], pa.bool_()),
            "c1": pa.array([w.place[p][0] for p in pids], pa.string()),
            "c2": pa.array([w.place[p][1] for p in pids], pa.string()),
            "final": pa.array([w.place[p][2] for p in pids], pa.string()),
        }
    )


def _key_rows(w: _Working, pids: Sequence[str]) -> pa.Table:
    rows = sorted((k, p) for p in pids for k in w.groups[p].keys)
    return rows_table(["key", "provisional"], rows)
