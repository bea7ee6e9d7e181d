"""Event clustering by units: what one new mention can change is bounded in time.

Within a block (family, polarity, modality, dyad; ``events``) mentions are
clustered greedily in a fixed order (``events._precision_rank``), each
joining the best matching cluster.  A greedy pass over a whole block would
make every new mention depend on every older one, so a block is cut into
*units* that see only a few others:

* ``H``, one per month: mentions dated by the text to the day or month.
  Such a mention can only join a cluster of its own month (two dates must
  be compatible), so a month's mentions are clustered on their own, exactly
  as over the whole block.
* ``U``, one per day of publication: every other mention of the articles
  published that day -- dated to the year, dated by the article, or not
  dated.  Besides clusters of their own unit, they may join the ``H``
  clusters dated within the ``report_window_days`` before (a report gives
  no date for what happened weeks ago, rarely for what happened years ago)
  and the clusters begun in the ``U`` units of those days (a story reported
  for several days without a date).
* ``U`` without a day: articles with no publication date.  Nothing places
  them in time, so they may join any cluster of the block.

A unit sees another unit's clusters as that unit left them (its own members
only), so a unit's result depends on the units it sees and nothing else:
after a change, a unit and the units that see it are clustered again, and
the result is the one a pass over everything gives.  A change to an ``H``
unit reaches only the ``U`` days whose window holds the changed mentions'
dates: adding today's news re-clusters today, not the month.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache

from newsgraph.models import DateValue, content_id
from newsgraph.resolve.events import EventCluster, Member, _Growing, _joins, _precision_rank, rules

Unit = tuple[str, str | None]  # ("H", "2021-04"), ("U", "2021-04-07") or ("U", None)
SEP = "\x1f"


def unit_of(m: Member) -> Unit:
    if m.hard and m.date is not None and len(m.date.value) >= 7:
        return ("H", m.date.value[:7])
    return ("U", m.report)


def block_key(block: Sequence[str | None]) -> str:
    return SEP.join(x or "" for x in block)


def unit_key(block: Sequence[str | None], unit: Unit) -> str:
    return SEP.join((block_key(block), unit[0], unit[1] or ""))


@lru_cache(maxsize=65536)
def parse_unit(key: str) -> tuple[str, Unit]:
    """(block key, unit) of a unit key."""
    block, kind, when = key.rsplit(SEP, 2)
    return block, (kind, when or None)


def _day(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


@lru_cache(maxsize=4096)
def span(date: str) -> tuple[dt.date, dt.date]:
    """The first and last day an ISO prefix ("2021", "2021-04", "2021-04-07") covers."""
    if len(date) >= 10:
        day = _day(date[:10])
        return day, day
    if len(date) >= 7:
        first = _day(date[:7] + "-01")
        return first, (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return dt.date(int(date[:4]), 1, 1), dt.date(int(date[:4]), 12, 31)


@lru_cache(maxsize=4096)
def window(day: str) -> tuple[dt.date, dt.date]:
    """The days a report of ``day`` looks back over."""
    last = _day(day)
    return last - dt.timedelta(days=rules().report_window_days), last


def months_between(first: dt.date, last: dt.date) -> list[str]:
    out, m = [], first.replace(day=1)
    while m <= last:
        out.append(m.isoformat()[:7])
        m = (m.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return out


def seen_by(unit: Unit, units: Iterable[Unit]) -> list[Unit]:
    """The units whose clusters ``unit`` may join, of those given (a block's units)."""
    kind, day = unit
    if kind == "H":
        return []
    others = [u for u in units if u != unit]
    if day is None:
        return others
    first, last = window(day)
    months = set(months_between(first, last))
    return [
        u
        for u in others
        if (u[0] == "H" and u[1] in months) or (u[0] == "U" and u[1] is not None and first <= _day(u[1]) < last)
    ]


def visible(unit: Unit, seed_unit: Unit, seed: Seed) -> bool:
    """Can ``unit`` join ``seed`` (begun in ``seed_unit``, which it sees)?  A dated
    report sees an ``H`` cluster only when the cluster's date meets its window."""
    day = unit[1]
    if day is None or seed_unit[0] != "H":
        return True
    date = seed.date
    if date is None:
        return True
    first, last = span(date.value)
    lo, hi = window(day)
    return first <= hi and last >= lo


def reached(block_units: Iterable[Unit], dates: Iterable[str]) -> list[Unit]:
    """The dated ``U`` units whose window holds any of ``dates`` (of mentions of an
    ``H`` unit that changed): those to cluster again."""
    spans = [span(d) for d in dates]
    width = dt.timedelta(days=rules().report_window_days)
    out = []
    for u in block_units:
        if u[0] == "U" and u[1] is not None:
            day = _day(u[1])
            if any(first <= day <= last + width for first, last in spans):
                out.append(u)
    return out


def later(block_units: Iterable[Unit], unit: Unit) -> list[Unit]:
    """The dated ``U`` units that see the dated ``U`` unit ``unit``: the days after it,
    within the window."""
    day = unit[1]
    if unit[0] != "U" or day is None:
        return []
    first = _day(day)
    width = dt.timedelta(days=rules().report_window_days)
    return [u for u in block_units if u[0] == "U" and u[1] is not None and first < _day(u[1]) <= first + width]


def order(unit: Unit) -> tuple[int, str]:
    """Units are clustered in this order: every unit after the units it sees."""
    kind, when = unit
    return (0, when or "") if kind == "H" else (1, when) if when is not None else (2, "")


@dataclass(frozen=True)
class Seed:
    """A cluster begun in another unit, as that unit left it."""

    id: str
    members: tuple[Member, ...]  # that unit's members of it

    @property
    def date(self) -> DateValue | None:
        """The most precise date its members read from the text."""
        best: DateValue | None = None
        for m in sorted(self.members, key=_precision_rank):
            if m.hard and m.date is not None and (best is None or len(m.date.value) > len(best.value)):
                best = m.date
        return best


@dataclass(frozen=True)
class UnitResult:
    assignment: Mapping[str, str]  # event -> cluster id, for the unit's members
    begun: Mapping[str, tuple[Member, ...]]  # clusters begun here -> the unit's members of them


def cluster_unit(
    members: Iterable[Member], seeds: Sequence[Seed] = (), limited: Mapping[str, AbstractSet[str]] | None = None
) -> UnitResult:
    """Greedy clustering of one unit's members, which may also join ``seeds``.

    ``limited`` (event -> cluster ids): those members are scored only against those
    clusters and the ones a member not limited joined or began before them in this
    pass (``event_step._limits`` says when that gives the whole pass's answer)."""
    # Only clusters that share a cue word with a newcomer, or enough content
    # words to pass ``overlap``, are scored: the indexes below find them
    # without looking at the others, so a unit's cost follows its matches.
    min_shared = rules().min_shared_words
    growing: list[_Growing] = []
    by_cue: dict[str, list[_Growing]] = defaultdict(list)
    by_group: dict[str, list[_Growing]] = defaultdict(list)
    by_word: dict[str, list[_Growing]] = defaultdict(list)
    cues: dict[int, set[str]] = defaultdict(set)
    groups: dict[int, set[str]] = defaultdict(set)
    words: dict[int, set[str]] = defaultdict(set)

    def add(g: _Growing, m: Member) -> None:
        g.add(m)
        for c in m.cue - cues[g.order]:
            by_cue[c].append(g)
        cues[g.order] |= m.cue
        for c in m.related - groups[g.order]:
            by_group[c].append(g)
        groups[g.order] |= m.related
        for w in m.words - words[g.order]:
            by_word[w].append(g)
        words[g.order] |= m.words

    # seeds first, in the order their first members would have begun them
    for seed in sorted(seeds, key=lambda s: (_precision_rank(min(s.members, key=_precision_rank)), s.id)):
        g = _Growing(EventCluster(seed.id), len(growing))
        growing.append(g)
        for m in sorted(seed.members, key=_precision_rank):
            add(g, m)
    seeded = len(growing)
    assignment: dict[str, str] = {}
    opened: set[int] = set()  # clusters a member not limited joined or began
    for m in sorted(members, key=_precision_rank):
        found: set[int] = {g.order for c in m.cue for g in by_cue[c]}
        found.update(g.order for c in m.related for g in by_group[c])
        if m.hard:
            assert m.date is not None
            year = m.date.value[:4]
            shared = Counter(g.order for w in m.words for g in by_word[w])
            found.update(o for o, n in shared.items() if n >= min_shared)
            candidates = [
                growing[i] for i in sorted(found) if (d := growing[i].cluster.date) is None or d.value[:4] == year
            ]
        else:
            candidates = [growing[i] for i in sorted(found)]
        allowed = limited.get(m.event) if limited is not None else None
        if allowed is not None:
            candidates = [g for g in candidates if g.order in opened or g.cluster.id in allowed]
        best: _Growing | None = None
        best_score = 0.0
        for g in candidates:
            score = _joins(g, m)
            if score > best_score:
                best, best_score = g, score
        if best is None:
            best = _Growing(EventCluster(content_id("evc", m.event)), len(growing))
            growing.append(best)
        add(best, m)
        assignment[m.event] = best.cluster.id
        if limited is not None and allowed is None:
            opened.add(best.order)
    begun = {g.cluster.id: tuple(x for x in g.cluster.members) for g in growing[seeded:]}
    return UnitResult(assignment, begun)


def seeds_from(result: UnitResult) -> list[Seed]:
    return [Seed(cid, ms) for cid, ms in result.begun.items()]


def cluster_block(members: Iterable[Member]) -> dict[Unit, UnitResult]:
    """Every unit of one block, each after the units it sees."""
    units: dict[Unit, list[Member]] = defaultdict(list)
    for m in members:
        units[unit_of(m)].append(m)
    results: dict[Unit, UnitResult] = {}
    for unit in sorted(units, key=order):
        seeds = [s for u in seen_by(unit, units) if u in results for s in seeds_from(results[u]) if visible(unit, u, s)]
        results[unit] = cluster_unit(units[unit], seeds)
    return results


def assemble(members: Iterable[Member], assignment: Mapping[str, str]) -> list[EventCluster]:
    """Clusters from an assignment of members: members in clustering order, the most
    precise date the text gives, ids in order of their first members."""
    by_id: dict[str, list[Member]] = defaultdict(list)
    for m in members:
        by_id[assignment[m.event]].append(m)
    out = []
    for cid, ms in by_id.items():
        ms.sort(key=_precision_rank)
        cluster = EventCluster(cid, ms)
        for m in ms:
            if m.hard and m.date is not None and (cluster.date is None or len(m.date.value) > len(cluster.date.value)):
                cluster.date = m.date
        out.append(cluster)
    return sorted(out, key=lambda c: (tuple(x or "" for x in c.members[0].block), _precision_rank(c.members[0])))


def cluster_members(members: Iterable[Member]) -> list[EventCluster]:
    """Cluster every mention, block by block and unit by unit, all in memory."""
    members = list(members)
    blocks: dict[tuple[str | None, ...], list[Member]] = defaultdict(list)
    for m in members:
        blocks[m.block].append(m)
    assignment: dict[str, str] = {}
    for block_members in blocks.values():
        for result in cluster_block(block_members).values():
            assignment.update(result.assignment)
    return assemble(members, assignment)
