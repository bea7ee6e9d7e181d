"""Quotes and claims across the corpus, looked up by the names people use.

The store keeps quotes with provisional speaker ids; these functions read
them through the actor merge (``actor_map``) so that "Lavrov", "Sergey
Lavrov" and "person:sergey-lavrov" find the same speaker.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsgraph.actors.gazetteer import fold
from newsgraph.models import Actor, Claim, Quote

if TYPE_CHECKING:
    from newsgraph.store import Store


def _norm(text: str) -> str:
    return " ".join(fold(text).lower().replace("-", " ").replace(":", " ").split())


def actors_named(name: str, actors: list[Actor]) -> set[str]:
    """Ids of the actors whose id, name, alias or country name contains ``name``."""
    wanted = _norm(name)
    out = set()
    for actor in actors:
        names = [actor.id, actor.name, *actor.aliases]
        if any(wanted == _norm(n) or f" {wanted} " in f" {_norm(n)} " for n in names):
            out.add(actor.id)
    if len(wanted) == 3 and wanted.isalpha():
        out.add(wanted.upper())  # an ISO3 code asked for directly
    return out


@dataclass(frozen=True)
class SpokenQuote:
    """A stored quote with its speaker resolved to the merged actor."""

    quote: Quote
    speaker: str | None  # merged actor id
    speaker_name: str | None
    source: str  # the document's path or URL


def quotes_by(store: Store, speaker: str | None = None) -> list[SpokenQuote]:
    """All quotes, or those whose speaker goes by ``speaker``."""
    actors = store.actors()
    actor_map = store.actor_map()
    names = {a.id: a.name for a in actors}
    sources = {d.id: d.source for d in store.documents()}
    wanted = actors_named(speaker, actors) if speaker else None
    out = []
    for q in store.quotes():
        merged = actor_map.get(q.speaker, q.speaker) if q.speaker else None
        as_written = bool(q.speaker_text) and _norm(speaker or "") in _norm(q.speaker_text or "")
        if wanted is not None and merged not in wanted and not as_written:
            continue
        out.append(SpokenQuote(q, merged, names.get(merged or "", merged), sources.get(q.document, q.document)))
    return out


def claims_about(store: Store, contested: bool = False, about: str | None = None) -> list[Claim]:
    """Stored claims, optionally only contested ones or those naming an actor
    (as subject, object or a stance's holder)."""
    claims = store.claims()
    if contested:
        claims = [c for c in claims if c.contested]
    if about:
        actors = store.actors()
        ids = actors_named(about, actors)
        claims = [c for c in claims if c.subject in ids or c.object in ids or any(s.holder in ids for s in c.stances)]
    return claims
