"""Free-text claim groups kept in the store: a run looks only at the pairs its mentions make.

``claim_groups`` decides about pairs of mentions, each pair from the two
mentions alone, so the groups are the connected sets of a graph the store
can keep (each cut into claims by ``claim_groups.cohesive``, a function of
the set alone) (migration ``m014_claim_links``):

* ``claim_mention_keys (mention, key)``: every mention's blocking keys
  (``claim_groups.mention_keys``: its words and sketch bands, which never
  change); a key's size is its number of rows;
* ``claim_mention_groups (mention, near, grp, linked)``: whether the mention
  is near another (step 1), its group's id, and the keyed claim its event
  was in when the group was last made;
* ``claim_links (a, b)``: the linked pairs (step 2).

A run with new mentions:

1. stores their keys; a key that now holds more than ``CAP`` mentions stops
   blocking (*broken*: it held at most ``CAP`` before the run);
2. finds the near pairs of the new mentions under their keys; the mentions
   under a broken key are decided again from all their keys;
3. embeds the mentions near now that have no embedding yet (stored);
4. links each mention new or newly embedded with the embedded mentions it
   shares a key with; drops the links of mentions no longer near and the
   links only a broken key carried;
5. splits the stored groups of every mention whose links or nearness
   changed -- or whose actors moved, or whose event's keyed claim changed --
   and the new mentions into connected sets again, and rewrites their claims.

``delta.full`` empties the tables and takes every mention as new: the same
steps over everything, so a full run and any sequence of runs leave the
same rows (tests/test_resolve_incremental.py).  Sizes only grow, so a key
blocks from its first mention until it is broken, never again after.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import duckdb
import numpy as np

from newsgraph.models import ClaimMention, content_id
from newsgraph.resolve.claim_groups import (
    CAP,
    Vector,
    adjacency,
    as_array,
    cohesive,
    components,
    group_claims,
    group_id,
    links_among,
    mention_keys,
    near_among,
    participates,
    partners,
)
from newsgraph.resolve.claims import states_of
from newsgraph.resolve.delta import Delta, resolved_actors
from newsgraph.store.scratch import delete_in, insert, rows_table, select_in

if TYPE_CHECKING:
    from newsgraph.store import Store

TABLES = ("claim_mention_keys", "claim_mention_groups", "claim_links")


_NONE: np.ndarray[Any, np.dtype[np.float32]] = np.zeros(0, dtype=np.float32)


class _Graph:
    """The mentions a run looks at, read once, with their nearness as stored and as now.

    A block holds up to ``CAP`` mentions and a run reads thousands: the mentions are
    read without their sketch and embedding, which are read as arrays (Arrow), the
    embeddings only for the mentions that use theirs (``embedded``)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.con = store.con
        self.mentions: dict[str, ClaimMention] = {}  # without sketch and embedding: those are below
        self.sketches: dict[str, Vector] = {}  # mention -> its sketch, where it has one
        self.vectors: dict[str, Vector] = {}  # mention -> its embedding, once read (or computed)
        self.has_vector: set[str] = set()  # the mentions read with an embedding stored (or computed)
        self.stored: dict[str, tuple[bool, str, str | None]] = {}  # mention -> (near, grp, linked)
        self.keys: dict[str, list[str]] = {}  # mention -> its keys, for the mentions asked about
        self.sizes: dict[str, int] = {}  # key -> mentions under it now
        self.near: dict[str, bool] = {}  # decided in this run

    def add(self, mentions: Iterable[ClaimMention]) -> None:
        """Mentions read with their sketch and embedding."""
        for m in mentions:
            self.mentions[m.id] = replace(m, sketch=(), vector=())
            if m.sketch:
                self.sketches[m.id] = as_array(m, "sketch")
            if m.vector:
                self.vectors[m.id] = as_array(m, "vector")
                self.has_vector.add(m.id)

    def arrays(self, m: ClaimMention, field: str) -> Vector:
        """What steps 1 and 2 compare: a mention's sketch, or its embedding where it is
        embedded (empty where it has none)."""
        return self.sketch(m.id) if field == "sketch" else self.embedding(m.id)

    def sketch(self, mention: str) -> Vector:
        return self.sketches.get(mention, _NONE)

    def embedding(self, mention: str) -> Vector:
        """Its embedding where grouping uses it (``embedded``), else empty."""
        return self.vector(mention) if self.embedded(mention) else _NONE

    def vector(self, mention: str) -> Vector:
        if mention in self.has_vector and mention not in self.vectors:
            self.load_vectors([mention])
        return self.vectors.get(mention, _NONE)

    def load_vectors(self, ids: Iterable[str]) -> None:
        """Read the stored embeddings of these mentions (read) in one statement."""
        self.vectors.update(
            self.store.claim_arrays({i for i in ids if i in self.has_vector and i not in self.vectors}, "vector")
        )

    def mention_keys(self, m: ClaimMention) -> list[str]:
        """``claim_groups.mention_keys`` from the arrays held here."""
        return mention_keys(m, self.sketches[m.id] if m.id in self.sketches else self.vector(m.id))

    def read(self, ids: Iterable[str]) -> None:
        todo = set(ids) - set(self.mentions)
        if todo:
            self.mentions.update((m.id, m) for m in self.store.claim_mentions_in(todo, vectors=False))
            self.sketches.update(self.store.claim_arrays(todo, "sketch"))
            sql = "SELECT id FROM claim_mentions WHERE vector IS NOT NULL AND id IN {ids}"
            self.has_vector.update(r[0] for r in select_in(self.con, sql, todo))
            sql = "SELECT mention, near, grp, linked FROM claim_mention_groups WHERE mention IN {ids}"
            self.stored.update((r[0], (r[1], r[2], r[3])) for r in select_in(self.con, sql, todo))

    def read_keys(self, ids: Iterable[str]) -> None:
        todo = set(ids) - set(self.keys)
        if todo:
            for mention in todo:
                self.keys[mention] = []
            for mention, key in select_in(
                self.con, "SELECT mention, key FROM claim_mention_keys WHERE mention IN {ids}", todo
            ):
                self.keys[mention].append(key)
            self.count({k for m in todo for k in self.keys[m]})

    def count(self, keys: Iterable[str]) -> None:
        todo = set(keys) - set(self.sizes)
        sql = "SELECT key, count(*) FROM claim_mention_keys WHERE key IN {ids} GROUP BY key"
        self.sizes.update(select_in(self.con, sql, todo))

    def blocks(self, keys: Iterable[str]) -> dict[str, list[str]]:
        """The mentions under each of these keys (read)."""
        out: dict[str, list[str]] = defaultdict(list)
        for key, mention in select_in(self.con, "SELECT key, mention FROM claim_mention_keys WHERE key IN {ids}", keys):
            out[key].append(mention)
        self.read(m for ms in out.values() for m in ms)
        return out

    def was_near(self, mention: str) -> bool:
        return bool(self.stored.get(mention, (False,))[0])

    def is_near(self, mention: str) -> bool:
        return self.near.get(mention, self.was_near(mention))

    def embedded(self, mention: str, now: bool = True) -> bool:
        """Has (or had) an embedding the grouping uses: near, or an old one with no sketch."""
        near = self.is_near(mention) if now else self.was_near(mention)
        return near or (mention not in self.sketches and mention in self.has_vector)


def regroup(store: Store, delta: Delta) -> None:
    """Bring the free-text claim groups up to date with the documents of ``delta``."""
    con = store.con
    if delta.full:
        for table in TABLES:
            con.execute(f"DELETE FROM {table}")
        free = "SELECT id FROM claims WHERE subject IS NULL"
        for table in ("claim_blocks", "claim_stances"):
            con.execute(f"DELETE FROM {table} WHERE claim IN ({free})")
        con.execute("DELETE FROM claims WHERE subject IS NULL")
        fresh = [m for m in store.claim_mentions() if participates(m)]
    else:
        fresh = [m for m in store.claim_mentions_in(delta.documents, by="document") if participates(m)]
        if not fresh and not con.execute("SELECT 1 FROM claim_mention_groups LIMIT 1").fetchall():
            return  # no free-text claim mention was ever grouped
    g = _Graph(store)
    g.add(fresh)
    new = {m.id for m in fresh}
    # 1. keys
    for m in fresh:
        g.keys[m.id] = mention_keys(m)
    insert(con, "claim_mention_keys", rows_table(("mention", "key"), [(i, k) for i in sorted(new) for k in g.keys[i]]))
    added = Counter(k for i in new for k in g.keys[i])
    g.count(added)
    broken = {k for k, n in added.items() if g.sizes[k] - n <= CAP < g.sizes[k]}
    usable = {k for k in added if g.sizes[k] <= CAP}
    # 2. near: the new mentions' pairs; the mentions under a broken key from all their keys
    blocks = g.blocks(usable)
    g.near.update((i, False) for i in new)
    g.near.update((i, True) for i in near_among(partners(blocks.values(), new), g.sketch))
    again = {i for ms in g.blocks(broken).values() for i in ms} - new
    g.read_keys(again)
    theirs = g.blocks({k for i in again for k in g.keys[i] if g.sizes[k] <= CAP})
    near_again = near_among(partners(theirs.values(), again), g.sketch, both=False)
    g.near.update((i, i in near_again) for i in again)
    # 3. embeddings for the mentions near now
    _embed(store, g, [i for i, near in g.near.items() if near])
    # 4. links
    gained = {i for i in g.near if g.embedded(i) and (i in new or not g.embedded(i, now=False))}
    lost = {i for i in g.near if i not in new and g.embedded(i, now=False) and not g.embedded(i)}
    dropped = set(_links(con, lost))
    for a, b in _links(con, again):
        if a in again and b in again and not _share(g, a, b):
            dropped.add((a, b))
    g.read_keys(gained - new)
    keys = {k for i in gained for k in g.keys[i] if g.sizes.get(k, CAP + 1) <= CAP}
    linking = g.blocks(keys)
    embedded = {i for ids in linking.values() for i in ids if g.embedded(i)}
    g.load_vectors(embedded)
    pairs = partners(([i for i in ids if i in embedded] for ids in linking.values()), gained)
    made = links_among(pairs, g.mentions, g.embedding)
    made -= set(_links(con, {a for a, _ in made}))  # already stored (an old pair seen again)
    if dropped:
        _unlink(con, dropped)
    insert(con, "claim_links", rows_table(("a", "b"), sorted(made)))
    # 5. groups
    changed = {i for i in g.near if g.is_near(i) != g.was_near(i) or i in new}
    changed |= {x for pair in (*made, *dropped) for x in pair}
    changed |= _moved(con, delta) | _relinked(con)
    _rewrite(store, g, changed, new)


def _unlink(con: duckdb.DuckDBPyConnection, pairs: Iterable[tuple[str, str]]) -> None:
    pairs = sorted(pairs)
    con.execute(
        "DELETE FROM claim_links USING (SELECT unnest(?::VARCHAR[]) AS a, unnest(?::VARCHAR[]) AS b) t "
        "WHERE claim_links.a = t.a AND claim_links.b = t.b",
        [[a for a, _ in pairs], [b for _, b in pairs]],
    )


def _links(con: duckdb.DuckDBPyConnection, ids: Iterable[str]) -> list[tuple[str, str]]:
    """The stored links of these mentions."""
    ids = set(ids)
    rows = select_in(con, "SELECT a, b FROM claim_links WHERE a IN {ids}", ids)
    rows += select_in(con, "SELECT a, b FROM claim_links WHERE b IN {ids}", ids)
    return sorted(set(rows))


def _share(g: _Graph, a: str, b: str) -> bool:
    """Do two mentions still share a key that blocks?"""
    return any(g.sizes.get(k, CAP + 1) <= CAP for k in set(g.keys[a]) & set(g.keys[b]))


def _embed(store: Store, g: _Graph, ids: list[str]) -> dict[str, tuple[float, ...]]:
    """Compute and store the embeddings of these mentions where none is stored yet (a
    stored embedding is only a cache: which mentions have one is decided above); the
    embeddings computed."""
    missing = [g.mentions[i] for i in sorted(ids) if i not in g.has_vector]
    if not missing:
        return {}
    from newsgraph.claims.encoder import MAX_THREADS, embed

    # resolution runs once extraction is done: the cores the workers used are free
    computed = embed([m.text for m in missing], threads=min(os.cpu_count() or 1, MAX_THREADS))
    vectors = {m.id: tuple(float(x) for x in v) for m, v in zip(missing, computed, strict=True)}
    store.set_claim_vectors(vectors)
    for m in missing:
        g.vectors[m.id] = np.asarray(vectors[m.id], dtype=np.float32)
        g.has_vector.add(m.id)
    return vectors


def _moved(con: duckdb.DuckDBPyConnection, delta: Delta) -> set[str]:
    """Grouped mentions naming an actor whose merged id changed: their claims show actor ids."""
    if not delta.moved or delta.full:
        return set()
    moved = sorted(delta.moved)
    rows = con.execute(
        "SELECT m.id FROM claim_mentions m JOIN claim_mention_groups g ON g.mention = m.id "
        "WHERE m.holder IN (SELECT unnest(?::VARCHAR[])) "
        "OR list_has_any(from_json(m.actors, '[\"VARCHAR\"]'), ?::VARCHAR[])",
        [moved, moved],
    ).fetchall()
    return {r[0] for r in rows}


def _relinked(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Mentions whose event now belongs to another keyed claim than when their group was made."""
    rows = con.execute(
        "SELECT g.mention FROM claim_mention_groups g JOIN claim_mentions m ON m.id = g.mention "
        "LEFT JOIN claim_keys k ON k.event = m.event WHERE g.linked IS DISTINCT FROM k.claim"
    ).fetchall()
    return {r[0] for r in rows}


def _rewrite(store: Store, g: _Graph, changed: set[str], new: set[str]) -> None:
    """Split the groups of the changed mentions into connected sets again and rewrite
    their claims and rows."""
    if not changed:
        return
    con = store.con
    g.read(changed)
    groups = {g.stored[i][1] for i in changed if i in g.stored}
    members = {r[0] for r in select_in(con, "SELECT mention FROM claim_mention_groups WHERE grp IN {ids}", groups)}
    members |= changed | new
    g.read(members)
    links = [(a, b) for a, b in _links(con, members) if a in members and b in members]
    connected = components(members, links)
    adjacent = adjacency(links)
    sets = [[g.mentions[i] for i in part] for ids in connected for part in cohesive(ids, adjacent)]
    events = {m.event for ms in sets for m in ms if m.event}
    event_claim = dict(
        select_in(con, "SELECT event, claim FROM claim_keys WHERE claim IS NOT NULL AND event IN {ids}", events)
    )
    named = {a for ms in sets for m in ms for a in (*m.actors, m.holder)}
    amap, actors = resolved_actors(con, named)
    claims, blocks = group_claims(sets, event_claim, states_of(amap, actors), amap, g.mention_keys)
    # a claim's id comes from its first mention: every claim these mentions made before
    drop = groups | {content_id("cl", i) for i in members}
    store.replace_claims(claims, sorted(drop), blocks)
    # ``grp`` is the connected set, so that the next run takes all of it up again
    rows = [
        (i, g.is_near(i), group_id([g.mentions[j] for j in ids]), event_claim.get(g.mentions[i].event or ""))
        for ids in connected
        for i in ids
    ]
    delete_in(con, "claim_mention_groups", "mention", members)
    insert(con, "claim_mention_groups", rows_table(("mention", "near", "grp", "linked"), sorted(rows)))


def embedded(store: Store, mentions: list[ClaimMention], near: set[str]) -> list[ClaimMention]:
    """``mentions`` as grouping sees them, given which are ``near``: those with their
    embedding (computed now where none is stored yet, then stored), the rest none."""
    g = _Graph(store)
    g.add(mentions)
    g.near.update((m.id, m.id in near) for m in mentions)
    computed = _embed(store, g, sorted(near))
    given = {m.id: m for m in mentions}
    return [
        (replace(m, vector=computed[m.id]) if m.id in computed else m) if g.embedded(m.id) else replace(m, vector=())
        for m in (given[i] for i in sorted(given))
    ]
