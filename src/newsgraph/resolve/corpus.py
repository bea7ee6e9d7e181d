"""Run every corpus-level resolution step and store the result."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsgraph.resolve.actors import merge_actors
from newsgraph.resolve.claim_groups import group_mentions
from newsgraph.resolve.claims import build_claims, keyed_events, states_of
from newsgraph.resolve.events import resolve_events

if TYPE_CHECKING:
    from newsgraph.store import Store


def resolve_corpus(store: Store) -> None:
    actors, actor_map = merge_actors(store.mentions())
    events = store.events()
    keyed = build_claims(events, actor_map, actors)
    event_claim = {s.event: c.id for c in keyed for s in c.stances if s.event}
    # a mention stating any event of a keyed claim's proposition joins it, not only the event that was kept
    event_claim.update(keyed_events(events, actor_map, actors, keyed))
    claims, blocks = group_mentions(store.claim_mentions(), keyed, event_claim, states_of(actor_map, actors), actor_map)
    store.replace_resolution(actors, actor_map, claims=claims, blocks=blocks)
    # after actors: clusters pair events by the states behind merged actors
    resolve_events(store)
