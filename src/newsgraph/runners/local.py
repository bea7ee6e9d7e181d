"""Run per-document extraction in this process or in a pool of worker processes.

Workers each load the pipeline once.  At most ``2 * workers`` batches are in
flight, so memory stays bounded however long the input stream is, and results
come back in input order, so a pool fills the store exactly as one process
does.  Every future is consumed.  When a batch fails as a whole (a worker
process died, say on a document that crashes the parser), its documents are
retried one at a time in a fresh pool, so only the document at fault becomes
a ``Skipped`` record and the rest of the batch still counts.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from newsgraph.config import Options
from newsgraph.models import Document, Extraction, Skipped

_worker_options: Options | None = None

Results = list[Extraction | Skipped]


def _init_worker(options: Options) -> None:
    global _worker_options
    _worker_options = options


def _work(batch: list[Document]) -> Results:
    from newsgraph.nlp import build_cached
    from newsgraph.pipeline import process

    assert _worker_options is not None
    nlp = build_cached(_worker_options)
    return list(process(batch, nlp, _worker_options.nlp.batch_size))


def run_local(documents: Iterable[Document], options: Options) -> Iterator[Extraction | Skipped]:
    """Extract from ``documents`` in order, with ``options.run.workers`` processes."""
    from newsgraph.nlp import build_cached
    from newsgraph.pipeline import process

    if options.run.workers <= 1:
        yield from process(documents, build_cached(options), options.nlp.batch_size)
        return
    yield from _Pool(options).run(documents)


class _Pool:
    """A process pool that survives the death of its workers.

    Workers are spawned, not forked: the parent holds an open DuckDB database
    and model threads, and a forked child can inherit a lock held by one of
    them and hang.  ``work`` is the per-batch function (module-level, so a
    spawned worker can import it).
    """

    def __init__(self, options: Options, work: Callable[[list[Document]], Results] = _work) -> None:
        self.options = options
        self.work = work
        self.pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.options.run.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(self.options,),
        )

    def _submit(self, batch: list[Document]) -> Future[Results]:
        try:
            return self.pool.submit(self.work, batch)
        except BrokenProcessPool:  # a worker died since the last submit
            self._restart()
            return self.pool.submit(self.work, batch)

    def _restart(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._start()

    def run(self, documents: Iterable[Document]) -> Iterator[Extraction | Skipped]:
        iterator = iter(documents)
        size = self.options.nlp.batch_size
        limit = 2 * self.options.run.workers
        in_flight: deque[tuple[list[Document], Future[Results]]] = deque()

        def fill() -> None:
            while len(in_flight) < limit and (batch := list(itertools.islice(iterator, size))):
                in_flight.append((batch, self._submit(batch)))

        try:
            fill()
            while in_flight:
                batch, future = in_flight.popleft()
                try:
                    results = future.result()
                except Exception:  # the worker died or the batch could not be pickled
                    results = self._one_by_one(batch)
                    # batches still in flight went down with the same pool
                    pending = [b for b, _ in in_flight]
                    in_flight.clear()
                    for b in pending:
                        in_flight.append((b, self._submit(b)))
                yield from results
                fill()
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def _one_by_one(self, batch: list[Document]) -> Results:
        self._restart()
        results: Results = []
        for document in batch:
            try:
                results.extend(self._submit([document]).result())
            except Exception as exc:
                results.append(
                    Skipped(
                        document.source,
                        "failed",
                        f"a worker process failed on this document ({type(exc).__name__}: {exc}); "
                        "the rest of the run went on; please report this with the input file",
                    )
                )
                self._restart()
        return results
