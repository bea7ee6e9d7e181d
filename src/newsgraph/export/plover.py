"""PLOVER JSON Lines export: one event per line, in PLOVER's vocabulary.

Field names follow the PLOVER data specification where it has one
(``event_type``, ``mode``, ``context``, ``event_text``, ``story_date``, the
``negation`` / ``future`` / ``hypothetical`` flags that PLOVER specifies but
no coder filled); newsgraph's own additions (polarity, modality, date basis,
amounts, stance) keep their dossier names.  docs/exports.md lists them all.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsgraph.models import Actor

if TYPE_CHECKING:
    from newsgraph.store import Store

# AID modes double as PLOVER contexts; CONSULT "visit" and the like do not.
_CONTEXT_OF_MODE = {"military": "military", "economic": "economic", "humanitarian": "disasters", "asylum": "asylum"}


def records(store: Store) -> Iterator[dict[str, Any]]:
    actors = {a.id: a for a in store.actors()}
    amap = store.actor_map()
    documents = {d.id: d for d in store.documents()}
    for e in store.events():
        doc = documents.get(e.document)
        context = _CONTEXT_OF_MODE.get(e.mode or "")
        yield {
            "id": e.id,
            "date": e.date.value if e.date else None,
            "date_precision": e.date.precision if e.date else None,
            "date_basis": e.date.basis if e.date else None,
            "event_type": e.type,
            "mode": e.mode,
            "context": [context] if context else [],
            **_actor("source", e.source, actors, amap),
            **_actor("target", e.target, actors, amap),
            "polarity": e.polarity,
            "modality": e.modality,
            "negation": e.polarity == "negative",
            "future": e.modality == "intended",
            "hypothetical": e.modality == "hypothetical",
            "cameo_root": e.cameo_root,
            "plover_score": e.weight,
            "amounts": [{"value": a.value, "unit": a.unit, "text": a.text} for a in e.amounts],
            "event_text": e.evidence.text,
            "event_start": e.evidence.start,
            "event_end": e.evidence.end,
            "cue": e.cue,
            "reported_by": amap.get(e.reported_by, e.reported_by) if e.reported_by else None,
            "holder": amap.get(e.holder, e.holder),
            "stance": e.stance,
            "story_id": e.document,
            "story_date": doc.published.value if doc is not None and doc.published else None,
            "publisher": doc.outlet if doc is not None else None,
            "url": (doc.url or doc.source) if doc is not None else None,
        }


def _actor(role: str, ref: str | None, actors: dict[str, Actor], amap: dict[str, str]) -> dict[str, Any]:
    actor = actors.get(amap.get(ref, ref)) if ref else None
    if actor is None:
        return {role: ref, f"{role}_name": None, f"{role}_kind": None, f"{role}_country": None, f"{role}_sector": None}
    return {
        role: actor.id,
        f"{role}_name": actor.name,
        f"{role}_kind": actor.kind,
        f"{role}_country": actor.country or (actor.id if actor.kind == "state" else None),
        f"{role}_sector": actor.sector,
    }


def write_plover(store: Store, out: str | Path) -> int:
    n = 0
    with Path(out).open("w", encoding="utf-8") as fh:
        for record in records(store):
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    return n
