"""Event clusters as a resolution step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsgraph.resolve.corpus import Delta
from newsgraph.resolve.events import rebuild_clusters

if TYPE_CHECKING:
    from newsgraph.store import Store


def resolve_event_clusters(store: Store, delta: Delta) -> None:
    rebuild_clusters(store)
