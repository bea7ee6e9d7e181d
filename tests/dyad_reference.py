"""The dyad rules in plain Python: the reference the SQL in ``resolve.relations``
and ``query.events`` is checked against (tests/test_relations_sql.py).

A provisional id goes through ``actor_map``; an actor's state is itself for a
state, else its country; an id no table knows is a state when it is a code.
A side given as a state matches every actor of that state.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from newsgraph.models import Actor, Event
from newsgraph.store import Store

_STATE_CODE = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class ActorIndex:
    """Maps per-document actor ids to corpus actors, and actors to states."""

    actors: Mapping[str, Actor]
    actor_map: Mapping[str, str]

    @classmethod
    def from_store(cls, store: Store) -> ActorIndex:
        return cls({a.id: a for a in store.actors()}, store.actor_map())

    def actor(self, provisional: str | None) -> str | None:
        if provisional is None or provisional == "outlet":
            return provisional
        return self.actor_map.get(provisional, provisional)

    def state(self, actor_id: str | None) -> str | None:
        if actor_id is None:
            return None
        actor = self.actors.get(actor_id)
        if actor is None:
            # Before resolution has run, a state's provisional id is its code.
            return actor_id if _STATE_CODE.match(actor_id) else None
        return actor.id if actor.kind == "state" else actor.country

    def is_state(self, actor_id: str) -> bool:
        actor = self.actors.get(actor_id)
        return actor.kind == "state" if actor else bool(_STATE_CODE.match(actor_id))

    def name(self, actor_id: str) -> str:
        actor = self.actors.get(actor_id)
        return actor.name if actor else actor_id


@dataclass(frozen=True)
class DyadEvent:
    """An event with its actors resolved to corpus actors and to states."""

    event: Event
    source: str | None
    target: str | None
    source_state: str | None
    target_state: str | None

    @property
    def counted(self) -> bool:
        """Did it happen?  Only these enter cooperation and conflict totals."""
        return self.set_apart_reason is None

    @property
    def set_apart_reason(self) -> str | None:
        if self.event.polarity == "negative":
            return "negative"
        if self.event.modality != "actual":
            return self.event.modality
        if self.event.stance in ("denies", "questions"):
            # The holder disputes or doubts it: not on record as having happened.
            return "denied" if self.event.stance == "denies" else "questioned"
        return None

    @property
    def state_pair(self) -> tuple[str, str] | None:
        s, t = self.source_state, self.target_state
        if s is None or t is None or s == t:
            return None
        return (s, t) if s < t else (t, s)


def resolve_events(store: Store, index: ActorIndex | None = None) -> list[DyadEvent]:
    index = index or ActorIndex.from_store(store)
    out = []
    for e in store.events():
        source, target = index.actor(e.source), index.actor(e.target)
        out.append(DyadEvent(e, source, target, index.state(source), index.state(target)))
    return out


def side_matches(index: ActorIndex, side: str, actor_id: str | None, state: str | None) -> bool:
    """A state code matches all its actors; any other id matches itself."""
    if index.is_state(side):
        return state == side
    return actor_id == side


def between(index: ActorIndex, events: Iterable[DyadEvent], a: str, b: str) -> Iterator[tuple[DyadEvent, bool]]:
    """Events between ``a`` and ``b`` in either direction, with True when a acted on b."""
    for de in events:
        if side_matches(index, a, de.source, de.source_state) and side_matches(index, b, de.target, de.target_state):
            yield de, True
        elif side_matches(index, b, de.source, de.source_state) and side_matches(index, a, de.target, de.target_state):
            yield de, False
