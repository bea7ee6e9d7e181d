"""Run every corpus-level resolution step and store the result."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsgraph.resolve.actors import merge_actors

if TYPE_CHECKING:
    from newsgraph.store import Store


def resolve_corpus(store: Store) -> None:
    actors, actor_map = merge_actors(store.mentions())
    store.replace_resolution(actors, actor_map, claims=[])
