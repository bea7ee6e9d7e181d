"""Find stored events by pair, type, actor and date: the library behind
``newsgraph events`` (and usable from Python).

Actors are matched at state level where a state code is given ("PAK" matches
Pakistan and every Pakistani official or body), else by resolved actor id or
by name.  ``since`` keeps events that happened on or after the given date
("2021", "2021-04", "2021-04-07", or anything ``extract.time.resolve`` reads,
such as "April 2021"); undated events are left out when it is given, because
their time is unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsgraph.errors import QueryError
from newsgraph.extract.events.lexicon import PLOVER_TYPES
from newsgraph.models import Actor, Event

if TYPE_CHECKING:
    from newsgraph.store import Store

_ISO_PREFIX = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True)
class EventFilter:
    pair: tuple[str, str] | None = None
    type: str | None = None
    actor: str | None = None
    since: str | None = None


def parse_since(text: str) -> str:
    """An ISO prefix from a date the user typed."""
    text = text.strip()
    if _ISO_PREFIX.match(text):
        return text
    from newsgraph.extract.time.component import resolve

    value = resolve(text, None, "past")[0]
    if value is not None:
        return str(value.value)
    raise QueryError(f"cannot read --since {text!r}; give a date like 2021, 2021-04 or 2021-04-07")


def find_events(store: Store, flt: EventFilter) -> list[dict[str, Any]]:
    """Stored events matching ``flt``, as plain dicts with actors resolved, by date."""
    if flt.type is not None and flt.type.upper() not in PLOVER_TYPES:
        raise QueryError(f"unknown event type {flt.type!r}; choose one of {', '.join(PLOVER_TYPES)}")
    since = parse_since(flt.since) if flt.since else None
    actors = {a.id: a for a in store.actors()}
    amap = store.actor_map()

    def resolved(ref: str | None) -> Actor | None:
        return actors.get(amap.get(ref, ref)) if ref else None

    out = []
    for e in store.events():
        source, target = resolved(e.source), resolved(e.target)
        if flt.type is not None and e.type != flt.type.upper():
            continue
        if flt.actor is not None and not (
            _matches(flt.actor, source, e.source) or _matches(flt.actor, target, e.target)
        ):
            continue
        if flt.pair is not None:
            a, b = flt.pair
            forward = _matches(a, source, e.source) and _matches(b, target, e.target)
            backward = _matches(b, source, e.source) and _matches(a, target, e.target)
            if not (forward or backward):
                continue
        if since is not None and (e.date is None or e.date.value < since[: len(e.date.value)]):
            continue
        out.append(_row(e, source, target))
    return sorted(out, key=lambda r: (r["date"] or "9999", r["document"], r["evidence"]["start"]))


def _matches(query: str, actor: Actor | None, raw: str | None) -> bool:
    q = query.strip()
    if actor is None:
        return raw is not None and raw.lower() == q.lower()
    if q.upper() == q and len(q) == 3 and (actor.country == q or actor.id == q):
        return True
    return q.lower() in (actor.id.lower(), actor.name.lower()) or q.lower() in (a.lower() for a in actor.aliases)


def _row(e: Event, source: Actor | None, target: Actor | None) -> dict[str, Any]:
    return {
        "id": e.id,
        "document": e.document,
        "type": e.type,
        "mode": e.mode,
        "source": source.id if source else e.source,
        "source_name": source.name if source else None,
        "target": target.id if target else e.target,
        "target_name": target.name if target else None,
        "polarity": e.polarity,
        "modality": e.modality,
        "date": e.date.value if e.date else None,
        "date_basis": e.date.basis if e.date else None,
        "cameo_root": e.cameo_root,
        "weight": e.weight,
        "cue": e.cue,
        "amounts": [{"value": a.value, "unit": a.unit, "text": a.text} for a in e.amounts],
        "holder": e.holder,
        "stance": e.stance,
        "reported_by": e.reported_by,
        "evidence": {"text": e.evidence.text, "start": e.evidence.start, "end": e.evidence.end},
    }
