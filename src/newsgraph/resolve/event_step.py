"""Event clusters as a resolution step: only the units new or moved events touch are clustered again.

Each event's block and unit (``event_units.unit_of``) are kept in the
``event_units`` table, and the unit each cluster was begun in in
``cluster_units``.  A run

1. computes the unit of the events it touches (those of the new documents,
   and those naming an actor whose state changed) and marks the units they
   enter or leave;
2. clusters the marked units again, in unit order, each from its members and
   the clusters of the units it sees; a unit whose result changed marks the
   units that see it (only units that have members are clustered);
3. rewrites every cluster that gained or lost a member -- counts, type, date
   -- and its members' dates: a date passed on from the cluster, or from an
   undated article's news peg (``events.document_dates``).

What the run decides is kept in memory until the end and written with one
statement per table.  ``delta.full`` marks every unit: the same steps over
everything.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

import duckdb
import pyarrow as pa

from newsgraph.models import DateValue, Event, Evidence
from newsgraph.resolve.delta import Delta, affected_events, resolved_actors
from newsgraph.resolve.event_units import (
    SEP,
    Seed,
    Unit,
    assemble,
    block_key,
    cluster_unit,
    later,
    months_between,
    order,
    parse_unit,
    reached,
    seen_by,
    unit_key,
    unit_of,
    visible,
    window,
)
from newsgraph.resolve.events import EventCluster, Member, document_dates, members_from, rules
from newsgraph.store.scratch import delete_in, insert, rows_table, scratch, select_in

if TYPE_CHECKING:
    from newsgraph.store import Store

_EVENT_COLUMNS = (
    "id, document, type, mode, source, target, polarity, modality, date, date_basis, evidence, "
    "start_char, end_char, cue, cue_lemma, lemmas"
)
_ECM = ("cluster", "event", "document", "date", "date_basis", "inferred")


def _event(row: tuple[Any, ...]) -> Event:
    id_, doc, type_, mode, source, target, polarity, modality, date, basis, text, start, end, cue, cue_lemma, lemmas = (
        row
    )
    return Event(
        id=id_,
        document=doc,
        type=type_,
        mode=mode,
        cameo_root=None,
        weight=0.0,
        source=source,
        target=target,
        polarity=polarity,
        modality=modality,
        date=DateValue(date, basis) if date else None,
        evidence=Evidence(text, start, end),
        cue=cue,
        cue_lemma=cue_lemma,
        lemmas=lemmas,
    )


class _Run:
    """One run's view of the clustering: the store as it was, and what the run changed."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.members: dict[str, Member] = {}  # every event looked at, read once
        self.unit_members: dict[str, list[str]] = {}  # unit -> its events, for the units read
        self.assignment: dict[str, str] = {}  # event -> cluster, for members of units clustered again
        self.begun: dict[str, dict[str, list[str]]] = {}  # unit clustered again -> cluster -> its events there
        self.old_assignment: dict[str, str] = {}  # what the store said for the events above
        self.units: set[str] = set()  # the units that have members (of the blocks looked at)
        self.left: dict[str, list[str]] = defaultdict(list)  # unit -> events that moved out of it now
        self.arrived: dict[str, set[str]] = defaultdict(set)  # unit -> events new to it now
        self._by_block: dict[str, list[Unit]] | None = None
        self.whole: set[str] = set()  # blocks whose every unit is in ``units``
        self.begun_in: dict[str, str] = {}  # cluster -> the unit that began it, as stored
        self.begun_read: set[str] = set()  # units whose stored clusters are in ``begun_in``
        self.entered: set[str] = set()  # units an event entered or left in this run
        self.differ: dict[str, set[str]] = {}  # unit clustered again -> its begun clusters that changed

    def changed_in(self, block: str) -> dict[str, set[str]]:
        """The units of ``block`` clustered again so far, each with its begun clusters that changed."""
        return {u: cs for u, cs in self.differ.items() if parse_unit(u)[0] == block}

    def by_block(self) -> dict[str, list[Unit]]:
        if self._by_block is None:
            self._by_block = defaultdict(list)
            for key in self.units:
                block, unit = parse_unit(key)
                self._by_block[block].append(unit)
        return self._by_block

    # ------------------------------------------------------------ reading
    def get(self, ids: Iterable[str]) -> list[Member]:
        ids = set(ids)
        missing = {i for i in ids if i not in self.members}
        if missing:
            sql = f"SELECT {_EVENT_COLUMNS} FROM events WHERE id IN {{ids}}"
            self.add([_event(r) for r in select_in(self.con, sql, missing)])
        return [self.members[e] for e in sorted(ids)]

    def add(self, events: Sequence[Event]) -> list[Member]:
        if not events:
            return []
        amap, actors = resolved_actors(self.con, {x for e in events for x in (e.source, e.target) if x})
        countries = {a.id: a.country for a in actors}
        sql = "SELECT id, outlet, published FROM documents WHERE id IN {ids}"
        docs = select_in(self.con, sql, {e.document for e in events})
        outlets = {d: o for d, o, _ in docs}
        published = {d: p for d, _, p in docs}
        out = list(members_from(events, amap, countries, outlets, published))
        self.members.update((m.event, m) for m in out)
        return out

    def read_units(self, units: Iterable[str]) -> None:
        """Members of these units (as stored), with their stored clusters."""
        todo = {u for u in units if u not in self.unit_members}
        if not todo:
            return
        rows = select_in(self.con, "SELECT unit, event FROM event_units WHERE unit IN {ids}", todo)
        for unit in todo:
            self.unit_members[unit] = []
        for unit, event in rows:
            self.unit_members[unit].append(event)
        events = [e for _, e in rows]
        sql = "SELECT event, cluster FROM event_cluster_members WHERE event IN {ids}"
        for event, cluster in select_in(self.con, sql, {e for e in events if e not in self.old_assignment}):
            self.old_assignment[event] = cluster

    def present(self, blocks: Iterable[str], since: Mapping[str, str] | None = None) -> None:
        """Note the units that have members, of these blocks: with ``since`` (block -> a
        day) the days from it on, the months from its month on and the undated ones -- a
        run neither reaches nor sees an earlier unit -- else all."""
        blocks = set(blocks) - self.whole
        if not blocks:
            return
        if since is None:
            self.whole |= blocks
            sql = "SELECT DISTINCT unit FROM event_units WHERE block IN {ids}"
            rows = select_in(self.con, sql, blocks)
        else:
            # each block from its own earliest day: one old event moved by an actor
            # change reaches back in its block only, not in every block of the run
            ordered = sorted(blocks)
            with scratch(self.con, block=ordered, day=[since[b] for b in ordered]) as wanted:
                rows = self.con.execute(
                    f"SELECT DISTINCT unit FROM (SELECT u.unit, split_part(u.unit, chr(31), -1) AS d, w.day "
                    f"FROM event_units u JOIN {wanted} w ON u.block = w.block) "
                    "WHERE d = '' OR d >= day OR (length(d) = 7 AND d >= left(day, 7))"
                ).fetchall()
        self.units |= {r[0] for r in rows}
        self._by_block = None

    def read_begun(self, units: Iterable[str]) -> None:
        """Which clusters these units began, as stored."""
        todo = set(units) - self.begun_read
        if todo:
            self.begun_read |= todo
            sql = "SELECT cluster, unit FROM cluster_units WHERE unit IN {ids}"
            self.begun_in.update(select_in(self.con, sql, todo))

    def stored_begun(self, unit: str) -> dict[str, list[str]]:
        """The clusters begun in ``unit`` with its members of them, as stored (its units
        and stored clusters read; the events that left it this run count)."""
        out: dict[str, list[str]] = defaultdict(list)
        for e in (*self.unit_members[unit], *self.left.get(unit, ())):
            if (c := self.old_assignment.get(e)) is not None and self.begun_in.get(c) == unit:
                out[c].append(e)
        return out

    def read_begun_of(self, clusters: Iterable[str]) -> None:
        """Which units began these clusters, as stored."""
        todo = set(clusters) - set(self.begun_in)
        if todo:
            self.begun_in.update(
                select_in(self.con, "SELECT cluster, unit FROM cluster_units WHERE cluster IN {ids}", todo)
            )

    def prefetch(self, units: Iterable[str]) -> None:
        """Read what clustering these units (and those they see) needs, in a few statements."""
        units = set(units)
        self.read_units(units)
        self.read_begun(units)
        self.get(e for u in units for e in self.unit_members[u])

    def seeds(self, units: Iterable[str]) -> dict[str, list[Seed]]:
        """The clusters begun in ``units`` as those units left them (their own members)."""
        units = set(units)
        out: dict[str, list[Seed]] = defaultdict(list)
        stored = {u for u in units if u not in self.begun}
        self.read_units(stored)
        self.read_begun(stored)
        seeds: dict[str, dict[str, list[str]]] = {u: self.begun[u] for u in units if u in self.begun}
        seeds.update((unit, self.stored_begun(unit)) for unit in stored)
        self.get(e for by_cluster in seeds.values() for es in by_cluster.values() for e in es)  # one read
        for unit, by_cluster in seeds.items():
            out[unit] = [Seed(c, tuple(self.members[e] for e in es)) for c, es in sorted(by_cluster.items())]
        return out


# -------------------------------------------------------------------- step
def resolve_event_clusters(store: Store, delta: Delta) -> None:
    con = store.con
    run = _Run(con)
    if delta.full:
        for table in ("event_units", "cluster_units", "event_cluster_members", "event_clusters"):
            con.execute(f"DELETE FROM {table}")
        rows = con.execute(f"SELECT {_EVENT_COLUMNS} FROM events").fetchall()
        members = run.add([_event(r) for r in rows])
        del rows
        insert(con, "event_units", _unit_rows(members))
        entered = {unit_key(m.block, unit_of(m)) for m in members}
        run.units = set(entered)
    else:
        affected = affected_events(con, delta)
        old = dict(select_in(con, "SELECT event, unit FROM event_units WHERE event IN {ids}", affected))
        new = {m.event: unit_key(m.block, unit_of(m)) for m in run.get(affected)}
        moved = sorted(e for e in new if old.get(e) != new[e])
        entered = {new[e] for e in moved} | {old[e] for e in moved if e in old}
        for e in moved:
            run.arrived[new[e]].add(e)
            if e in old:
                run.left[old[e]].append(e)
        delete_in(con, "event_units", "event", moved)
        insert(con, "event_units", _unit_rows(run.get(moved)))
        # a unit sees back no further than its window, and changes reach only later units
        width = dt.timedelta(days=rules().report_window_days + 1)
        since: dict[str, str] = {}
        undated: set[str] = set()
        for u in entered:
            block, unit = parse_unit(u)
            day = _first_day(unit)
            if day is None:
                undated.add(block)
            elif block not in since or (day - width).isoformat() < since[block]:
                since[block] = (day - width).isoformat()
        run.present(undated)
        run.present(since.keys() - undated, since)
    # Waves in order (every H unit, then U units day by day, then those without a
    # day); clustering a wave can only add units to later waves.  The units waiting
    # are kept by wave, so a run costs what its units cost, not units x days.
    waiting: dict[tuple[int, str], set[str]] = defaultdict(set)
    waves: list[tuple[int, str]] = []
    done: set[str] = set()
    fresh: set[str] = set()  # queued since the last reads

    def queue(keys: Iterable[str]) -> None:
        for key in keys:
            if key not in done:
                wave_key = _wave(key)
                if wave_key not in waiting:
                    heapq.heappush(waves, wave_key)
                waiting[wave_key].add(key)
                fresh.add(key)

    run.entered = entered
    queue(entered)
    ahead: set[str] = set()  # units whose reads are done: their own and what they see

    def read_ahead(units: set[str]) -> None:
        """Read these units and what they see, in a few statements."""
        unread = units - ahead
        ahead.update(unread)
        run.prefetch(unread | ({s for u in unread for s in _sees(u)} & run.units))

    if not delta.full:
        # the units an entered unit may make cluster again (its later days; an H unit's
        # days its month reaches) are read with the run's first reads, not in a round
        # of reads per day an old event moved on
        likely = set(entered)
        for key in entered:
            when = parse_unit(key)[1][1]
            likely |= _seeing(run, key, {when} if when is not None else set())
        read_ahead(likely)
    while waves:
        wave = sorted(waiting.pop(heapq.heappop(waves)) - done, key=_unit_order)
        if not wave:
            continue
        if not delta.full and fresh - ahead:
            read_ahead(fresh)  # units queued since: read when the set grows, not per day
        fresh.clear()
        changed = _recluster(run, wave, track=not delta.full)
        done.update(wave)
        if not delta.full:  # a full run has every unit queued already
            for key, dates in changed.items():
                queue(_seeing(run, key, dates))
    _write(run, done)


def _seeing(run: _Run, key: str, dates: set[str]) -> set[str]:
    """The units to cluster again after ``key`` changed (``dates``: of the mentions
    whose cluster changed, for an ``H`` unit)."""
    block, unit = parse_unit(key)
    units = run.by_block().get(block, [])
    found = reached(units, dates) if unit[0] == "H" else later(units, unit)
    found.append(("U", None))
    return {k for u in found if (k := _key(block, u)) in run.units}


def recluster_events(store: Store) -> None:
    """Cluster every event of the store again and replace the stored clusters, in one
    transaction (for stores whose actors were set by hand; ``resolve_corpus`` does this
    as one of its steps)."""
    with store.transaction():
        resolve_event_clusters(store, Delta((), frozenset(), full=True))


def _first_day(unit: Unit) -> dt.date | None:
    when = unit[1]
    return None if when is None else dt.date.fromisoformat(when if len(when) == 10 else when + "-01")


def _key(block: str, unit: Unit) -> str:
    return SEP.join((block, unit[0], unit[1] or ""))


def _unit_order(key: str) -> tuple[int, str, str]:
    block, unit = parse_unit(key)
    return (*order(unit), block)


def _wave(key: str) -> tuple[int, str]:
    """Units clustered together: every H unit at once, then U units day by day."""
    kind, month = order(parse_unit(key)[1])
    return (kind, "" if kind == 0 else month)


def _recluster(run: _Run, wave: Sequence[str], track: bool = True) -> dict[str, set[str]]:
    """Cluster the units of one wave again; return those whose result changed, each with
    the dates of its clusters that changed (before and after); none unless ``track``."""
    run.read_units(wave)
    if track:
        run.read_begun(wave)
        standing = _standing(run, [key for key in wave if parse_unit(key)[1][1] is None])
        wave = [key for key in wave if key not in standing]
    timeless = {parse_unit(key)[0] for key in wave if parse_unit(key)[1][1] is None}
    if timeless:  # an article without a date sees its whole block
        run.present(timeless)
    by_block = run.by_block() if timeless else {}
    sees: dict[str, list[str]] = {}
    for key in wave:
        block, unit = parse_unit(key)
        candidates = by_block.get(block, []) if unit[1] is None else _named(unit)
        sees[key] = [k for s in seen_by(unit, candidates) if (k := _key(block, s)) in run.units]
    seeds = run.seeds({s for ss in sees.values() for s in ss})
    run.get(e for key in wave for e in [*run.unit_members[key], *run.left.get(key, ())])  # one read
    changed: dict[str, set[str]] = {}
    for key in wave:
        unit = parse_unit(key)[1]
        members = [run.members[e] for e in run.unit_members[key]]
        visible_seeds = [s for seen in sees[key] for s in seeds.get(seen, []) if visible(unit, parse_unit(seen)[1], s)]
        limited = _limits(run, key) if track else None
        result = cluster_unit(members, visible_seeds, limited)
        if limited is not None and any(result.assignment[e] != run.old_assignment[e] for e in limited):
            result = cluster_unit(members, visible_seeds)  # an earlier member moved: the whole pass
        run.assignment.update(result.assignment)
        run.begun[key] = {c: [m.event for m in ms] for c, ms in result.begun.items()}
        if track:
            # what the units that see this one are shown of it: the clusters begun here,
            # with their members here, as stored and as they are now; where none
            # differs, nothing that sees this unit changes (however its members moved)
            before = run.stored_begun(key)
            after = run.begun[key]
            differ = {c for c in before.keys() | after.keys() if set(before.get(c, ())) != set(after.get(c, ()))}
            if differ:
                run.differ[key] = differ
                # dated as they were and as they are: a dated report sees an H cluster by its date
                dates = {
                    Seed(c, tuple(run.members[e] for e in side[c])).date
                    for side in (before, after)
                    for c in differ
                    if c in side
                }
                changed[key] = {d.value for d in dates if d is not None}
    return changed


def _standing(run: _Run, keys: Iterable[str]) -> set[str]:
    """Those of these undated units (each sees its whole block) whose stored clustering stands.

    When no event entered or left a unit and none of the clusters changed in this run
    is one its members joined, its members are clustered again with only the clusters
    they joined and the changed ones, as those are now.  Where every member joins what
    it joined, a pass with the whole block gives the same: the clusters left out are
    as they were, and lost to the joined ones before.  Such a unit is kept as stored,
    without reading its block; the others are clustered again with the whole block."""
    keys = list(keys)
    if not keys:  # a wave of dated units: nothing to look up
        return set()
    changed = {block: run.changed_in(block) for block in {parse_unit(key)[0] for key in keys}}
    joined: dict[str, set[str]] = {}
    for key in keys:
        events = run.unit_members[key]
        chosen = {run.old_assignment.get(e) for e in events}
        redone = {c for cs in changed[parse_unit(key)[0]].values() for c in cs}
        if events and key not in run.entered and None not in chosen and not chosen & redone:
            joined[key] = cast(set[str], chosen)
    run.read_begun_of(c for cs in joined.values() for c in cs)
    joined = {k: cs for k, cs in joined.items() if all(c in run.begun_in for c in cs)}
    seeds = run.seeds({run.begun_in[c] for k, cs in joined.items() for c in cs} - set(joined))  # a few statements
    run.get(e for k in joined for e in run.unit_members[k])
    standing = set()
    for key, cs in joined.items():
        events = run.unit_members[key]
        kept = [s for u in {run.begun_in[c] for c in cs} - {key} for s in seeds[u] if s.id in cs]
        now = [
            Seed(c, tuple(run.members[e] for e in run.begun[u][c]))
            for u, ucs in changed[parse_unit(key)[0]].items()
            for c in sorted(ucs)
            if c in run.begun[u]
        ]
        # each member scored against the cluster it joined and the changed ones only: the
        # clusters others joined are as they were too, and it preferred its own to them
        changed_ids = {seed.id for seed in now}
        limited = {e: {run.old_assignment[e]} | changed_ids for e in events}
        result = cluster_unit([run.members[e] for e in events], kept + now, limited)
        if result.assignment == {e: run.old_assignment[e] for e in events}:
            standing.add(key)
            run.begun[key] = run.stored_begun(key)  # written back as stored
    return standing


def _limits(run: _Run, key: str) -> dict[str, set[str]] | None:
    """For an undated unit clustered with its whole block: the members that may be
    scored against a few clusters only, each with those clusters -- the one it joined
    and those changed in this run (``cluster_unit``'s ``limited``); None where none may.

    A pass scores each member against every cluster of the block its cue meets.  Where
    each limited member joins what it joined, scored only against those and the
    clusters the other members joined or began before it, the whole pass gives the same
    (``_standing``'s argument): a cluster left out is as it was when the member lost it
    to the one it joined, and the joined one has only gained profiles since -- never
    its date, so no member scored against everything may be dated by its text.  Those
    are the events new to the unit and the members whose cluster the run changed (it
    may have lost members): a cluster such a member leaves is one the run changed, which
    every member is scored against.  A unit that events left is clustered whole."""
    block, unit = parse_unit(key)
    arrived = run.arrived.get(key, set())
    if unit[1] is not None or run.left.get(key):
        return None
    if any(run.members[e].hard for e in arrived):
        return None
    redone = {c for cs in run.changed_in(block).values() for c in cs}
    limited: dict[str, set[str]] = {}
    for e in run.unit_members[key]:
        if e in arrived:
            continue
        joined = run.old_assignment.get(e)
        if joined is None:
            return None
        if joined in redone:  # scored against every cluster, as a newcomer is
            if run.members[e].hard:
                return None
            continue
        limited[e] = {joined} | redone
    return limited or None


def _sees(key: str) -> list[str]:
    """The units a dated unit sees, present or not (an undated one is read when clustered)."""
    block, unit = parse_unit(key)
    return [_key(block, s) for s in seen_by(unit, _named(unit))]


def _named(unit: Unit) -> list[Unit]:
    """The units a dated unit may see, present or not (``seen_by`` picks)."""
    kind, day = unit
    if kind == "H" or day is None:
        return []
    first, last = window(day)
    named: list[Unit] = [("H", m) for m in months_between(first, last)]
    days = ((first + dt.timedelta(days=k)).isoformat() for k in range((last - first).days))
    return named + [("U", d) for d in days]


# -------------------------------------------------------------------- write
def _write(run: _Run, clustered: set[str]) -> None:
    """Write the run: clusters begun in the units clustered again, and every cluster
    that gained or lost a member with its members' dates (and the other events of any
    undated article among them: its news peg may have moved)."""
    con = run.con
    touched = {run.old_assignment[e] for e in run.assignment if e in run.old_assignment}
    touched |= set(run.assignment.values())
    if not touched:
        return
    begun = [(c, parse_unit(u)[0], u) for u in clustered for c in run.begun.get(u, {})]
    delete_in(con, "cluster_units", "unit", clustered)
    delete_in(con, "cluster_units", "cluster", [c for c, _, _ in begun])
    insert(con, "cluster_units", rows_table(("cluster", "block", "unit"), begun))
    # every member of the touched clusters: as stored, unless clustered again now
    sql = "SELECT event, cluster FROM event_cluster_members WHERE cluster IN {ids}"
    assignment = {e: c for e, c in select_in(con, sql, touched) if e not in run.assignment}
    assignment.update((e, c) for e, c in run.assignment.items() if c in touched)
    placed = run.get(assignment)
    clusters = assemble(placed, assignment)
    delete_in(con, "event_clusters", "id", touched)
    insert(con, "event_clusters", _cluster_rows(clusters))
    sql = "SELECT id FROM documents WHERE published IS NULL AND id IN {ids}"
    undated = {r[0] for r in select_in(con, sql, {m.document for m in placed})}
    pegs: dict[str, DateValue] = {}
    others: list[EventCluster] = []
    if undated:
        # the news peg of an undated article: every cluster its events are in
        sql = "SELECT event, cluster FROM event_cluster_members WHERE document IN {ids}"
        theirs = {e: c for e, c in select_in(con, sql, undated) if e not in assignment}
        dates = dict(select_in(con, "SELECT id, date FROM event_clusters WHERE id IN {ids}", set(theirs.values())))
        partial = {c.id: c for c in clusters}
        run.get(theirs)
        for event, cluster in theirs.items():
            if cluster not in partial:
                date = dates.get(cluster)
                partial[cluster] = EventCluster(cluster, date=DateValue(date, "explicit") if date else None)
                others.append(partial[cluster])
            partial[cluster].members.append(run.members[event])
        pegs = document_dates(partial.values(), undated)
    rows = _member_rows(clusters, pegs) + _member_rows(others, pegs)
    delete_in(con, "event_cluster_members", "event", [r[1] for r in rows])
    insert(con, "event_cluster_members", rows_table(_ECM, rows))


def _unit_rows(members: Sequence[Member]) -> pa.Table:
    rows = sorted((m.event, block_key(m.block), unit_key(m.block, unit_of(m))) for m in members)
    return rows_table(("event", "block", "unit"), rows)


def _cluster_rows(clusters: Sequence[EventCluster]) -> pa.Table:
    rows = []
    for cl in clusters:
        anchor = cl.members[0]
        date = cl.date.value if cl.date else None
        counts = (cl.num_mentions, cl.num_sources, cl.num_articles)
        rows.append((cl.id, cl.type, anchor.mode, anchor.block[3], anchor.block[4], date, *counts))
    names = ("id", "type", "mode", "source", "target", "date", "num_mentions", "num_sources", "num_articles")
    return rows_table(names, rows)


def _member_rows(clusters: Iterable[EventCluster], pegs: Mapping[str, DateValue]) -> list[tuple[Any, ...]]:
    rows = []
    for cl in clusters:
        own = cl.inferred()
        for m in cl.members:
            inferred = own.get(m.event) or pegs.get(m.event)
            date = inferred or m.date
            value, basis = (date.value, date.basis) if date else (None, None)
            rows.append((cl.id, m.event, m.document, value, basis, bool(inferred)))
    return rows
