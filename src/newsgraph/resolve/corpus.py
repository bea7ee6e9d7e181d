"""Run every corpus-level resolution step and store the result."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsgraph.resolve.actors import merge_actors
from newsgraph.resolve.claims import build_claims
from newsgraph.resolve.events import resolve_events

if TYPE_CHECKING:
    from newsgraph.store import Store


def resolve_corpus(store: Store) -> None:
    actors, actor_map = merge_actors(store.mentions())
    claims = build_claims(store.events(), actor_map, actors)
    store.replace_resolution(actors, actor_map, claims=claims)
    # after actors: clusters pair events by the states behind merged actors
    resolve_events(store)
