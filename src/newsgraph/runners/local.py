"""Run per-document extraction in this process or in a pool of worker processes.

Workers each load the pipeline once.  At most ``2 * workers`` batches are in
flight, so memory stays bounded however long the input stream is, and every
future is consumed: a worker that dies turns its batch into ``Skipped``
records rather than vanishing.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from newsgraph.config import Options
from newsgraph.models import Document, Extraction, Skipped

_worker_options: Options | None = None


def _init_worker(options: Options) -> None:
    global _worker_options
    _worker_options = options


def _work(batch: list[Document]) -> list[Extraction | Skipped]:
    from newsgraph.nlp import build_cached
    from newsgraph.pipeline import process

    assert _worker_options is not None
    nlp = build_cached(_worker_options)
    return list(process(batch, nlp, _worker_options.nlp.batch_size))


def run_local(documents: Iterable[Document], options: Options) -> Iterator[Extraction | Skipped]:
    from newsgraph.nlp import build_cached
    from newsgraph.pipeline import process

    if options.run.workers <= 1:
        yield from process(documents, build_cached(options), options.nlp.batch_size)
        return
    iterator = iter(documents)
    size = options.nlp.batch_size
    with ProcessPoolExecutor(options.run.workers, initializer=_init_worker, initargs=(options,)) as pool:
        in_flight: deque[tuple[list[Document], Future[list[Extraction | Skipped]]]] = deque()

        def submit() -> bool:
            batch = list(itertools.islice(iterator, size))
            if batch:
                in_flight.append((batch, pool.submit(_work, batch)))
            return bool(batch)

        while len(in_flight) < 2 * options.run.workers and submit():
            pass
        while in_flight:
            batch, future = in_flight.popleft()
            try:
                yield from future.result()
            except Exception as exc:  # the worker process died or could not pickle
                for d in batch:
                    yield Skipped(d.source, "failed", f"worker failed: {type(exc).__name__}: {exc}")
            submit()
