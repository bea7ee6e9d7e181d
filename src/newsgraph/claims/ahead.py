"""Claim embeddings computed during extraction, on the cores it leaves idle.

Corpus resolution embeds the claim mentions whose sketch has a near neighbour
(``resolve.claim_links``) and stores the vectors; the stored vector is only a
cache, so which mentions use one is decided there, not here.  During a local
ingest the supervising process mostly waits on the worker processes: with
more cores than workers, it embeds every sketched mention of a batch before
writing it, so that resolution finds the vectors stored instead of computing
them once extraction is done.  The vectors are the same either way (the
encoder's output does not depend on what else is in its batch).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace

from newsgraph.claims.encoder import MAX_THREADS
from newsgraph.config import Options
from newsgraph.models import Extraction


def idle_cores(options: Options, engine: str) -> int:
    """Cores a local ingest leaves to the supervising process: the machine's
    cores less the workers', at most ``MAX_THREADS``; 0 where the extraction runs in
    this process, on Ray, or with ``run.embed_claims_ahead`` off."""
    if engine != "local" or options.run.in_process or not options.run.embed_claims_ahead:
        return 0
    return max(0, min((os.cpu_count() or 1) - options.run.workers, MAX_THREADS))


def with_vectors(extractions: Sequence[Extraction], threads: int) -> list[Extraction]:
    """``extractions`` with each sketched claim mention that has no vector given its
    embedding (``threads`` encoder threads); the rest unchanged."""
    todo = [(n, k) for n, x in enumerate(extractions) for k, c in enumerate(x.claims) if c.sketch and not c.vector]
    if not todo:
        return list(extractions)
    from newsgraph.claims.encoder import embed

    vectors = embed([extractions[n].claims[k].text for n, k in todo], threads=max(1, threads))
    claims = {n: list(extractions[n].claims) for n, _ in todo}
    for (n, k), v in zip(todo, vectors, strict=True):
        claims[n][k] = replace(claims[n][k], vector=tuple(float(f) for f in v))
    return [replace(x, claims=tuple(claims[n])) if n in claims else x for n, x in enumerate(extractions)]
