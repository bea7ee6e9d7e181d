"""Dyad series: how relations between two actors moved, period by period.

Events are rolled up by the date the event happened (``Event.date``), never
by publication date: an event without a date is counted apart as *undated*,
and one dated more coarsely than the period asked for ("in 2021" when rolling
up by month) is counted apart as *imprecise*.

Only events that happened count towards cooperation and conflict: polarity
positive and modality actual (and not denied or questioned by whoever the
event is attributed to).  "Pakistan has not supplied arms" (negative),
"Russia is ready to supply equipment" (intended) and "might impose sanctions"
(hypothetical) are real statements about the dyad but not cooperation or
conflict that took place, so they are reported per period as ``set_apart``
and never enter the totals.

State level: an event between people or organisations counts for the pair of
their countries (Lavrov meeting Pakistan's foreign minister is a RUS–PAK
event); actors without a country (the IMF, the UN) do not form state pairs.
Any two actors can also be compared directly: a side given as a state code
matches every actor of that state, any other id matches that actor only.

Series are counted in DuckDB over the store's tables (events, actor_map,
actors): only the groups of a series come back to Python, never its events.
Each event mention counts once, dated by its own ``events.date``.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from newsgraph.errors import QueryError
from newsgraph.models import DateValue

if TYPE_CHECKING:
    from newsgraph.store import Store

PERIODS = ("year", "quarter", "month")
QUADS = ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")
_STATE_CODE = re.compile(r"^[A-Z]{3}$")


# ------------------------------------------------------------------ quads
@lru_cache(maxsize=1)
def quad_classes() -> dict[str, str]:
    """PLOVER type -> quad name, from the event types table (data/plover.toml)."""
    return _read_quads(resources.files("newsgraph.data").joinpath("plover.toml").read_text("utf-8"))


def _read_quads(text: str) -> dict[str, str]:
    # Accept [types.AGREE] or [AGREE] tables carrying `quad` as 1-4 or a name,
    # so the table can be edited by hand in either spelling.
    table = tomllib.loads(text)
    types = table.get("types", table)
    found: dict[str, str] = {}
    for name, entry in types.items():
        if not isinstance(entry, dict) or "quad" not in entry:
            continue
        quad = entry["quad"]
        if isinstance(quad, int) and 1 <= quad <= 4:
            found[name.upper()] = QUADS[quad - 1]
        elif isinstance(quad, str):
            key = quad.strip().lower().replace(" ", "_").replace("coop_", "cooperation_")
            key = {"verbal_coop": "verbal_cooperation", "material_coop": "material_cooperation"}.get(key, key)
            if key in QUADS:
                found[name.upper()] = key
    return found


# --------------------------------------------------------------- periods
def period_of(date: DateValue | None, by: str) -> str | None:
    """The period label for a date ("2021", "2021-Q2", "2021-04"), or None when
    the date is missing or too coarse for ``by``."""
    if by not in PERIODS:
        raise QueryError(f"unknown period {by!r}; choose one of {', '.join(PERIODS)}")
    if date is None or len(date.value) < 4:
        return None
    if by == "year":
        return date.value[:4]
    if len(date.value) < 7:
        return None
    if by == "month":
        return date.value[:7]
    return f"{date.value[:4]}-Q{(int(date.value[5:7]) - 1) // 3 + 1}"


def _next_period(label: str, by: str) -> str:
    year = int(label[:4])
    if by == "year":
        return str(year + 1)
    if by == "quarter":
        q = int(label[6])
        return f"{year + 1}-Q1" if q == 4 else f"{year}-Q{q + 1}"
    month = int(label[5:7])
    return f"{year + 1}-01" if month == 12 else f"{year}-{month + 1:02d}"


def _span(labels: Iterable[str], by: str) -> list[str]:
    """Every period from the first label to the last, gaps included."""
    ordered = sorted(labels)
    if not ordered:
        return []
    out = [ordered[0]]
    while out[-1] < ordered[-1]:
        out.append(_next_period(out[-1], by))
    return out


# ---------------------------------------------------------------- series
@dataclass(frozen=True)
class Period:
    period: str
    events: int  # events that happened (positive, actual)
    cooperation: float  # sum of positive weights
    conflict: float  # sum of |negative weights|
    balance: float  # cooperation - conflict
    a_to_b: int = 0  # of `events`, those where the first actor of the pair acted
    b_to_a: int = 0
    quads: Mapping[str, int] = field(default_factory=dict)
    set_apart: int = 0  # negative, intended or hypothetical events dated in this period
    trend: float | None = None  # balance minus the previous period's balance


@dataclass(frozen=True)
class DyadSeries:
    pair: tuple[str, str]
    by: str
    periods: tuple[Period, ...]
    undated: int = 0  # events that happened but carry no date
    imprecise: int = 0  # events that happened, dated more coarsely than `by`
    set_apart: Mapping[str, int] = field(default_factory=dict)  # negative / intended / hypothetical / denied
    # weights of the undated and imprecise events: in the totals, in no period
    unplaced_cooperation: float = 0.0
    unplaced_conflict: float = 0.0

    @property
    def events(self) -> int:
        """Events that happened, dated or not."""
        return sum(p.events for p in self.periods) + self.undated + self.imprecise

    @property
    def cooperation(self) -> float:
        return round(sum(p.cooperation for p in self.periods) + self.unplaced_cooperation, 3)

    @property
    def conflict(self) -> float:
        return round(sum(p.conflict for p in self.periods) + self.unplaced_conflict, 3)

    @property
    def direction(self) -> str:
        """'improving', 'worsening' or 'steady': last dated period against the first."""
        dated = [p for p in self.periods if p.events]
        if len(dated) < 2:
            return "steady"
        delta = dated[-1].balance - dated[0].balance
        return "improving" if delta > 0 else "worsening" if delta < 0 else "steady"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["pair"] = list(self.pair)
        data["periods"] = [{**asdict(p), "quads": dict(p.quads)} for p in self.periods]
        data["set_apart"] = dict(self.set_apart)
        data["totals"] = {
            "events": self.events,
            "cooperation": self.cooperation,
            "conflict": self.conflict,
            "balance": round(self.cooperation - self.conflict, 3),
            "direction": self.direction,
        }
        return data


# ------------------------------------------------------------ in DuckDB
# Series are counted in the store, never by loading events into Python: one
# statement finds the dyad's events and groups them by period and by why they
# were set apart; Python only lays the groups out as periods.  The SQL below
# must agree with the event listings of the query layer (newsgraph.query.events,
# which reuses _SET_APART and _PERIOD) and with the reference in Python in
# tests/dyad_reference.py (tests/test_relations_sql.py checks both give the same series).

# Why an event is set apart (NULL: it happened and counts): negative, not actual, or
# denied or questioned by whoever the event is attributed to.
_SET_APART = """CASE WHEN polarity = 'negative' THEN 'negative'
         WHEN modality <> 'actual' THEN modality
         WHEN stance = 'denies' THEN 'denied'
         WHEN stance = 'questions' THEN 'questioned' END"""

# The period of ``date`` at each granularity, NULL when undated or too coarse (period_of).
_PERIOD = {
    "year": "CASE WHEN length(date) >= 4 THEN substr(date, 1, 4) END",
    "quarter": "CASE WHEN length(date) >= 7 THEN substr(date, 1, 4) || '-Q' "
    "|| CAST((CAST(substr(date, 6, 2) AS INTEGER) - 1) // 3 + 1 AS VARCHAR) END",
    "month": "CASE WHEN length(date) >= 7 THEN substr(date, 1, 7) END",
}

# One row per (keys, period, reason, undated) over the CTE ``matched``, whose
# rows carry ``forward``: True when the pair's first side acted.  ``first`` is
# where a reason was first seen, so set_apart lists reasons in reading order.
_TALLY = """
SELECT {keys}{period} AS period, {set_apart} AS reason, coalesce(date, '') = '' AS undated,
       count(*) AS events,
       count(*) FILTER (WHERE forward) AS forward,
       coalesce(sum(weight) FILTER (WHERE weight > 0), 0.0) AS cooperation,
       coalesce(sum(weight) FILTER (WHERE weight <= 0), 0.0) AS conflict,
       count(*) FILTER (WHERE list_contains($verbal_cooperation, type)) AS verbal_cooperation,
       count(*) FILTER (WHERE list_contains($material_cooperation, type)) AS material_cooperation,
       count(*) FILTER (WHERE list_contains($verbal_conflict, type)) AS verbal_conflict,
       count(*) FILTER (WHERE list_contains($material_conflict, type)) AS material_conflict,
       min((document, start_char)) AS first
FROM matched
GROUP BY ALL
"""

# The events between sides $a and $b.  A side's actors are the corpus actors it
# matches (every actor of the state for a state side, else the actor itself);
# its provisional ids are those actor_map sends there, plus unmapped ids that
# are such an actor already.  "outlet" always stands for itself.
_DYAD = """
WITH side(side, id) AS (
    VALUES ('a', $a), ('b', $b)  -- a state side is its own actor too, with or without a row in actors
    UNION ALL
    SELECT 'a', id FROM actors WHERE $a_is_state AND (CASE WHEN kind = 'state' THEN id ELSE country END) = $a
    UNION ALL
    SELECT 'b', id FROM actors WHERE $b_is_state AND (CASE WHEN kind = 'state' THEN id ELSE country END) = $b
), provisional AS (
    -- one row per id: an id can be on both sides (a person and their own state)
    SELECT id, bool_or(side = 'a') AS a, bool_or(side = 'b') AS b
    FROM (
        SELECT side.side, m.provisional AS id FROM actor_map m JOIN side ON side.id = m.actor
        WHERE m.provisional <> 'outlet'
        UNION ALL
        SELECT side, id FROM side WHERE id = 'outlet' OR id NOT IN (SELECT provisional FROM actor_map)
    )
    GROUP BY id
), matched AS (
    SELECT e.document, e.start_char, e.type, e.weight, e.polarity, e.modality, e.stance, e.date,
           s.a AND t.b AS forward  -- a acting on b wins when both directions match
    FROM events e JOIN provisional s ON s.id = e.source JOIN provisional t ON t.id = e.target
    WHERE (s.a AND t.b) OR (s.b AND t.a)
)
"""

# Every event between two different states, with the pair in code order.  A
# provisional id stands for the state of its corpus actor (the actor itself for
# a state, else its country); an id no table knows is a state if it is a code.
_STATE_PAIRS = """
WITH actor_state AS (
    SELECT id, CASE WHEN kind = 'state' THEN id ELSE country END AS state FROM actors
), state_of AS (
    SELECT m.provisional AS id,
           CASE WHEN a.id IS NOT NULL THEN a.state WHEN regexp_full_match(m.actor, '[A-Z]{3}') THEN m.actor END
               AS state
    FROM actor_map m LEFT JOIN actor_state a ON a.id = m.actor
    WHERE m.provisional <> 'outlet'
    UNION ALL
    SELECT id, state FROM actor_state WHERE id = 'outlet' OR id NOT IN (SELECT provisional FROM actor_map)
), sided AS (
    SELECT e.document, e.start_char, e.type, e.weight, e.polarity, e.modality, e.stance, e.date,
           CASE WHEN s.id IS NOT NULL THEN s.state
                WHEN regexp_full_match(e.source, '[A-Z]{3}') THEN e.source END AS source_state,
           CASE WHEN t.id IS NOT NULL THEN t.state
                WHEN regexp_full_match(e.target, '[A-Z]{3}') THEN e.target END AS target_state
    FROM events e LEFT JOIN state_of s ON s.id = e.source LEFT JOIN state_of t ON t.id = e.target
), matched AS (
    SELECT *, least(source_state, target_state) AS a, greatest(source_state, target_state) AS b,
           source_state < target_state AS forward
    FROM sided WHERE source_state <> target_state
)
"""


def _tally_sql(by: str, keys: str = "") -> str:
    if by not in PERIODS:
        raise QueryError(f"unknown period {by!r}; choose one of {', '.join(PERIODS)}")
    return _TALLY.format(keys=keys, period=_PERIOD[by], set_apart=_SET_APART)


def _quad_params() -> dict[str, list[str]]:
    types: dict[str, list[str]] = {q: [] for q in QUADS}
    for type_, quad in quad_classes().items():
        types[quad].append(type_)
    return types


@dataclass
class _Tally:
    """Running totals for one period while laying out a series (mutable, internal)."""

    events: int = 0
    cooperation: float = 0.0
    conflict: float = 0.0
    a_to_b: int = 0
    b_to_a: int = 0
    quads: Counter[str] = field(default_factory=Counter)
    set_apart: int = 0


def _series(pair: tuple[str, str], by: str, rows: Iterable[tuple[Any, ...]], *, fill: bool) -> DyadSeries:
    """Lay out the rows of ``_TALLY`` (without keys) as a series of periods.

    With ``fill`` every period between the first and the last is listed, so a
    chart shows quiet years as quiet rather than skipping them.
    """
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    undated = imprecise = 0
    unplaced = _Tally()  # happened, but has no period at this granularity
    apart: Counter[str] = Counter()
    first_seen: dict[str, Any] = {}
    for label, reason, no_date, n, forward, cooperation, conflict, *quads, first in rows:
        if reason is not None:
            apart[reason] += n
            first_seen[reason] = min(first, first_seen.get(reason, first))
            if label is not None:
                tallies[label].set_apart += n
            continue
        if label is None:
            if no_date:
                undated += n
            else:
                imprecise += n
        t = unplaced if label is None else tallies[label]
        t.events += n
        t.a_to_b += forward
        t.b_to_a += n - forward
        t.cooperation += cooperation
        t.conflict -= conflict
        t.quads.update(dict(zip(QUADS, quads, strict=True)))
    periods: list[Period] = []
    for label in _span(tallies, by) if fill else sorted(tallies):
        t = tallies.get(label) or _Tally()
        coop, conf = round(t.cooperation, 3), round(t.conflict, 3)
        balance = round(coop - conf, 3)
        trend = round(balance - periods[-1].balance, 3) if periods else None
        periods.append(
            Period(
                label,
                t.events,
                coop,
                conf,
                balance,
                t.a_to_b,
                t.b_to_a,
                {q: t.quads[q] for q in QUADS},
                t.set_apart,
                trend,
            )
        )
    return DyadSeries(
        pair,
        by,
        tuple(periods),
        undated,
        imprecise,
        # reading order; two reasons first seen in one sentence go by name, so the order is stable
        {reason: apart[reason] for reason in sorted(apart, key=lambda r: (first_seen[r], r))},
        round(unplaced.cooperation, 3),
        round(unplaced.conflict, 3),
    )


def dyad_series(store: Store, a: str, b: str, by: str = "year", *, fill: bool = True) -> DyadSeries:
    """The series between two actors (state codes match all that state's actors)."""
    tally = _tally_sql(by)
    (a, a_is_state), (b, b_is_state) = _side(store, a), _side(store, b)
    if a == b:
        raise QueryError(f"a dyad needs two different actors; got {a!r} twice")
    params = {"a": a, "b": b, "a_is_state": a_is_state, "b_is_state": b_is_state, **_quad_params()}
    rows = store.con.execute(_DYAD + tally, params).fetchall()
    return _series((a, b), by, rows, fill=fill)


def _side(store: Store, actor: str) -> tuple[str, bool]:
    """The corpus id a user's id stands for, and whether it is a state."""
    known, mapped = store.con.execute(
        "SELECT EXISTS (SELECT 1 FROM actors WHERE id = $id), (SELECT actor FROM actor_map WHERE provisional = $id)",
        {"id": actor},
    ).fetchone()  # type: ignore[misc]
    if known or mapped is not None:
        side = actor if actor == "outlet" else mapped or actor
    elif _STATE_CODE.match(actor.upper()):
        side = actor.upper()  # a state with no mentions yet still has a (possibly empty) series
    else:
        raise QueryError(
            f"unknown actor {actor!r}; list actors with 'newsgraph actors' (states use ISO3 codes like PAK)"
        )
    row = store.con.execute("SELECT kind FROM actors WHERE id = ?", [side]).fetchone()
    return side, (row[0] == "state") if row else bool(_STATE_CODE.match(side))


def state_dyads(store: Store, by: str = "year", *, fill: bool = False) -> list[DyadSeries]:
    """One series per unordered pair of states with at least one event that happened."""
    tally = _tally_sql(by, keys="a, b, ")
    grouped: dict[tuple[str, str], list[tuple[Any, ...]]] = defaultdict(list)
    for a, b, *row in store.con.execute(_STATE_PAIRS + tally, _quad_params()).fetchall():
        grouped[(a, b)].append(tuple(row))
    series = [_series(pair, by, rows, fill=fill) for pair, rows in sorted(grouped.items())]
    return [s for s in series if s.events]
