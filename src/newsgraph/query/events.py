"""Events as users ask for them: filtered, ordered and paged in DuckDB.

Every filter is a SQL condition over the events resolved to corpus actors and
states (``RESOLVED``), so a page of a store with millions of events reads
that page, never the whole table.  The resolution is the one the dyad series
count with (``resolve.relations``): a provisional id goes through
``actor_map``; an actor's state is itself for a state, else its country; an
id no table knows is a state when it is a code.

An event's date is the date the text gives it, else the date passed on to it
from other reports of the same event (``event_cluster_members``), as in the
dossier.  The date filters (``since``, ``until``, ``period``, ``dated``) read
the date the text gives (``own_date``), the one the dyad series count by, so a
period lists exactly the events its series counts there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsgraph.errors import QueryError
from newsgraph.models import PLOVER_TYPES
from newsgraph.query.lookup import Who
from newsgraph.resolve.relations import _PERIOD, _SET_APART, PERIODS

if TYPE_CHECKING:
    from newsgraph.store import Store

_ISO_PREFIX = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

# One row per event with its sides resolved.  ``date``/``date_basis`` are the
# shown date (the text's, else the one inferred through the event's cluster).
RESOLVED = f"""
WITH ev AS (
    SELECT e.id, e.document, e.type, e.mode, e.cameo_root, e.weight, e.polarity, e.modality,
           e.amounts, e.holder, e.stance, e.cue, e.evidence, e.start_char, e.end_char,
           e.date AS own_date,
           CASE WHEN e.date IS NOT NULL THEN e.date ELSE cm.date END AS date,
           CASE WHEN e.date IS NOT NULL THEN e.date_basis ELSE cm.date_basis END AS date_basis,
           CASE WHEN e.source = 'outlet' THEN e.source ELSE coalesce(ms.actor, e.source) END AS source,
           CASE WHEN e.target = 'outlet' THEN e.target ELSE coalesce(mt.actor, e.target) END AS target,
           CASE WHEN e.reported_by = 'outlet' THEN e.reported_by ELSE coalesce(mr.actor, e.reported_by) END
               AS reported_by,
           {_SET_APART} AS set_apart
    FROM events e
    LEFT JOIN actor_map ms ON ms.provisional = e.source
    LEFT JOIN actor_map mt ON mt.provisional = e.target
    LEFT JOIN actor_map mr ON mr.provisional = e.reported_by
    LEFT JOIN (SELECT event, date, date_basis FROM event_cluster_members WHERE inferred AND date IS NOT NULL) cm
        ON cm.event = e.id
), resolved AS (
    SELECT ev.*, sa.name AS source_name, ta.name AS target_name,
           CASE WHEN sa.id IS NOT NULL THEN (CASE WHEN sa.kind = 'state' THEN sa.id ELSE sa.country END)
                WHEN regexp_full_match(ev.source, '[A-Z]{{3}}') THEN ev.source END AS source_state,
           CASE WHEN ta.id IS NOT NULL THEN (CASE WHEN ta.kind = 'state' THEN ta.id ELSE ta.country END)
                WHEN regexp_full_match(ev.target, '[A-Z]{{3}}') THEN ev.target END AS target_state,
           d.title AS document_title, d.outlet AS doc_outlet
    FROM ev
    LEFT JOIN actors sa ON sa.id = ev.source
    LEFT JOIN actors ta ON ta.id = ev.target
    LEFT JOIN documents d ON d.id = ev.document
)
"""

# A page is chosen over these narrow rows (what the filters and the order read),
# and only its events are then resolved in full (``RESOLVED`` over ``$ids``):
# sorting a million wide rows to keep fifty cost five times as much.
_CLUSTER_DATE = "(SELECT event, date FROM event_cluster_members WHERE inferred AND date IS NOT NULL)"
KEYS = f"""
WITH resolved AS (
    SELECT e.id, e.rowid AS row_id, e.document, e.start_char, e.type, e.date AS own_date,
           CASE WHEN e.date IS NOT NULL THEN e.date ELSE cm.date END AS date, {_SET_APART} AS set_apart
    FROM events e LEFT JOIN {_CLUSTER_DATE} cm ON cm.event = e.id
)
"""
# The same with the sides resolved, for the filters that name actors (and the
# summary, the graph and the actor counts, which read nothing else).
KEYS_SIDES = f"""
WITH ev AS (
    SELECT e.id, e.rowid AS row_id, e.document, e.start_char, e.type, e.weight, e.date AS own_date,
           CASE WHEN e.date IS NOT NULL THEN e.date ELSE cm.date END AS date, {_SET_APART} AS set_apart,
           CASE WHEN e.source = 'outlet' THEN e.source ELSE coalesce(ms.actor, e.source) END AS source,
           CASE WHEN e.target = 'outlet' THEN e.target ELSE coalesce(mt.actor, e.target) END AS target
    FROM events e
    LEFT JOIN actor_map ms ON ms.provisional = e.source
    LEFT JOIN actor_map mt ON mt.provisional = e.target
    LEFT JOIN {_CLUSTER_DATE} cm ON cm.event = e.id
), resolved AS (
    SELECT ev.*,
           CASE WHEN sa.id IS NOT NULL THEN (CASE WHEN sa.kind = 'state' THEN sa.id ELSE sa.country END)
                WHEN regexp_full_match(ev.source, '[A-Z]{{3}}') THEN ev.source END AS source_state,
           CASE WHEN ta.id IS NOT NULL THEN (CASE WHEN ta.kind = 'state' THEN ta.id ELSE ta.country END)
                WHEN regexp_full_match(ev.target, '[A-Z]{{3}}') THEN ev.target END AS target_state
    FROM ev LEFT JOIN actors sa ON sa.id = ev.source LEFT JOIN actors ta ON ta.id = ev.target
)
"""
_RESOLVED_IDS = RESOLVED.replace(
    "    FROM events e\n", "    FROM (SELECT * FROM events WHERE list_contains($ids, id)) e\n", 1
)
# The page's events fetched by row id: DuckDB reads only the row groups that hold
# them, where a lookup by id reads the whole id column (the events table holds no
# index, newsgraph.store.migrations.m016_unkeyed_records).  1,000,000 events: a page
# resolved in 15-19 ms instead of 35-57.  Events are only ever appended, so a row id
# stays its event's; the id is checked all the same.
_RESOLVED_ROWS = RESOLVED.replace(
    "    FROM events e\n",
    "    FROM (SELECT * FROM events WHERE rowid IN (SELECT unnest($rows)) AND list_contains($ids, id)) e\n",
    1,
)

# Dated events first, in the order things happened; then by where they are read.
ORDER = "ORDER BY date IS NULL, coalesce(date, ''), document, start_char, id"


@dataclass(frozen=True)
class EventQuery:
    """What a user asks of events; every field narrows the answer (all given must hold).

    ``pair``: events between the two sides, either way; ``actor``: events with
    it as source or target; a ``Who`` naming a state matches its actors too.
    ``since``/``until``: ISO prefixes the date overlaps ("2022" is in
    since=2022-04); an undated event is in no range.  ``period`` with ``by``:
    one period label ("2021", "2021-Q2", "2021-04")."""

    pair: tuple[Who, Who] | None = None
    actor: Who | None = None
    types: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    period: str | None = None
    by: str = "year"
    document: str | None = None
    counted: bool | None = None
    dated: bool | None = None

    def where(self) -> tuple[str, dict[str, Any]]:
        """The SQL condition over ``resolved`` and its parameters."""
        wanted = tuple(t.upper() for t in self.types)
        unknown = sorted(set(wanted) - set(PLOVER_TYPES))
        if unknown:
            raise QueryError(f"unknown event type {', '.join(unknown)}; valid types: {', '.join(PLOVER_TYPES)}")
        if self.by not in PERIODS:
            raise QueryError(f"unknown period {self.by!r}; choose one of {', '.join(PERIODS)}")
        for name, value in (("since", self.since), ("until", self.until)):
            if value is not None and not _ISO_PREFIX.match(value):
                raise QueryError(f"{name} must be a date like 2021, 2021-04 or 2021-04-07; got {value!r}")
        conds: list[str] = []
        params: dict[str, Any] = {}
        if self.pair is not None:
            a, b = self.pair
            params.update(_side_params("a", a) | _side_params("b", b))
            conds.append(
                f"(({_side('a', 'source')} AND {_side('b', 'target')}) "
                f"OR ({_side('b', 'source')} AND {_side('a', 'target')}))"
            )
        if self.actor is not None:
            params.update(_side_params("x", self.actor))
            conds.append(f"({_side('x', 'source')} OR {_side('x', 'target')})")
        if wanted:
            params["types"] = list(wanted)
            conds.append("list_contains($types, type)")
        if self.since is not None:
            params["since"] = self.since
            conds.append(
                "own_date IS NOT NULL AND left(own_date, least(length(own_date), length($since))) "
                ">= left($since, least(length(own_date), length($since)))"
            )
        if self.until is not None:
            params["until"] = self.until
            conds.append(
                "own_date IS NOT NULL AND left(own_date, least(length(own_date), length($until))) "
                "<= left($until, least(length(own_date), length($until)))"
            )
        if self.period is not None:
            params["period"] = self.period
            conds.append(f"({_PERIOD[self.by].replace('date', 'own_date')}) = $period")
        if self.document is not None:
            params["document"] = self.document
            conds.append("document = $document")
        if self.counted is not None:
            conds.append("set_apart IS NULL" if self.counted else "set_apart IS NOT NULL")
        if self.dated is not None:
            conds.append("own_date IS NOT NULL" if self.dated else "own_date IS NULL")
        return (" AND ".join(f"({c})" for c in conds) or "TRUE"), params


def read_date(text: str) -> str:
    """An ISO prefix from a date a user typed ("2021-04", or "April 2021")."""
    text = text.strip()
    if _ISO_PREFIX.match(text):
        return text
    from newsgraph.extract.time.component import resolve

    value = resolve(text, None, "past")[0]
    if value is not None:
        return str(value.value)
    raise QueryError(f"cannot read the date {text!r}; give a date like 2021, 2021-04 or 2021-04-07")


def _side_params(name: str, who: Who) -> dict[str, Any]:
    return {f"{name}_actors": list(who.actors), f"{name}_states": list(who.states)}


def _side(name: str, column: str) -> str:
    """Does the event's ``column`` side (source or target) belong to side ``name``?"""
    return f"(list_contains(${name}_actors, {column}) OR list_contains(${name}_states, {column}_state))"


def _keys(query: EventQuery) -> str:
    return KEYS_SIDES if query.pair is not None or query.actor is not None else KEYS


def count_events(store: Store, query: EventQuery) -> int:
    where, params = query.where()
    if where == "TRUE":  # no filter: the table's own count, without resolving a side
        row = store.con.execute("SELECT count(*) FROM events").fetchone()
        return int(row[0]) if row else 0
    row = store.con.execute(f"{_keys(query)} SELECT count(*) FROM resolved WHERE {where}", params).fetchone()
    return int(row[0]) if row else 0


def event_rows(
    store: Store, query: EventQuery, *, limit: int | None = None, offset: int = 0, order: str = ORDER
) -> list[dict[str, Any]]:
    """The rows of the events asked for, one page of them when ``limit`` is given
    (``order`` may name only the columns of ``KEYS``)."""
    where, params = query.where()
    if limit is None:
        return _dicts(store, f"{RESOLVED} SELECT * FROM resolved WHERE {where} {order}", params)
    page = f"{_keys(query)} SELECT id, row_id FROM resolved WHERE {where} {order} LIMIT $limit OFFSET $offset"
    keys = store.con.execute(page, {**params, "limit": limit, "offset": offset}).fetchall()
    if not keys:
        return []
    ids = [k[0] for k in keys]
    rows = _dicts(store, f"{_RESOLVED_ROWS} SELECT * FROM resolved {order}", {"ids": ids, "rows": [k[1] for k in keys]})
    if len(rows) < len(ids):  # a row id no longer its event's (events are only appended): by id
        rows = _dicts(store, f"{_RESOLVED_IDS} SELECT * FROM resolved {order}", {"ids": ids})
    return rows


def iter_event_rows(
    store: Store, query: EventQuery, order: str = ORDER, batch: int = 10_000
) -> Iterator[dict[str, Any]]:
    """Every row asked for, fetched in batches (the dossier, the report): memory
    follows the batch, not the store."""
    where, params = query.where()
    cur = store.con.cursor()  # its own result set, so the caller may query the store between batches
    try:
        cur.execute(f"{RESOLVED} SELECT * FROM resolved WHERE {where} {order}", params)
        names = [d[0] for d in cur.description]
        while rows := cur.fetchmany(batch):
            for r in rows:
                yield dict(zip(names, r, strict=True))
    finally:
        cur.close()


def _dicts(store: Store, sql: str, params: dict[str, Any] | Iterable[Any]) -> list[dict[str, Any]]:
    cur = store.con.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
