"""The ingest job: inputs read, extracted by a runner, stored, then resolved.

``ingest`` drives the per-document map (``extraction.process``, run by the
workers of ``runners``) over inputs, writes results to the store
whole-document-at-a-time, and then runs corpus resolution (the reduce), which
reads only the store.
"""

from __future__ import annotations

import contextlib
import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newsgraph.config import Options
from newsgraph.errors import ConfigError
from newsgraph.models import Document, Extraction, Skipped

ENGINES = ("local", "ray")
_PRESENT_CHUNK = 64  # inputs read ahead to ask the store which are already there
_SKIP_CHUNK = 1000  # skips written per transaction (one each made 20,000 bad lines take minutes)
# Skip reasons that are newsgraph's failure, not something about the input.
INTERNAL_REASONS = ("failed", "crashed", "timed_out")


@dataclass
class IngestReport:
    run_id: str
    ingested: int = 0
    present: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    status: str = "finished"

    @property
    def skipped_by_reason(self) -> dict[str, int]:
        return dict(Counter(s.reason for s in self.skipped))

    @property
    def internal_errors(self) -> int:
        """Inputs lost to newsgraph's own failure (an exception, a crash, the time budget)."""
        return sum(1 for s in self.skipped if s.reason in INTERNAL_REASONS)

    def counts(self) -> dict[str, object]:
        return {
            "ingested": self.ingested,
            "present": self.present,
            "skipped": len(self.skipped),
            "skipped_by_reason": self.skipped_by_reason,
        }


def ingest(
    paths: Iterable[str | Path],
    options: Options,
    *,
    store: object | None = None,
    metadata: str | Path | None = None,
    on_progress: Callable[[str, int], None] | None = None,
    on_slow: Callable[[str | None], None] | None = None,
    on_timing: Callable[[Document, dict[str, float]], None] | None = None,
    on_resolve: Callable[[str], None] | None = None,
    engine: str = "local",
    address: str | None = None,
    parquet_out: str | Path | None = None,
) -> IngestReport:
    """Read inputs, extract what is new, store it, and resolve the corpus.

    ``on_progress(event, n)`` is called with ``("found", n)`` once inputs are
    listed and ``("done", 1)`` per document handled; ``on_slow(text)`` names a
    document that has been in extraction for more than a few seconds (None
    once none is; local engine only); ``on_timing(document, seconds)`` gives
    each extracted document's seconds per component (local engine, supervised
    only); ``on_resolve(text)`` names the corpus-resolution step running.  ``engine`` is "local" (supervised
    worker processes, see ``runners.local``) or "ray" (Ray Data, on a local
    instance or the cluster at ``address``; with ``parquet_out`` the records
    are left there as Parquet datasets instead of being loaded into the store).
    """
    if engine not in ENGINES:
        raise ConfigError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if engine != "ray" and (address or parquet_out):
        raise ConfigError("--address and --parquet-out work only with --engine ray")
    from newsgraph.runners.local import run_local, start_local

    if engine == "local":
        start_local(options)  # the workers load the model while this process opens the store and reads
    from newsgraph import __version__
    from newsgraph.claims.ahead import idle_cores, with_vectors
    from newsgraph.ingest import read_inputs
    from newsgraph.resolve import resolve_corpus
    from newsgraph.store import (
        Store,
        arrow,  # noqa: F401  (pyarrow, for the writes: loaded meanwhile too)
    )

    own_store = store is None
    db = Store(options.store.path) if store is None else store
    assert isinstance(db, Store)
    run_id = db.start_run(options.to_json(), __version__, options.nlp.model)
    report = IngestReport(run_id)
    tick = on_progress or (lambda event, n: None)
    seen: set[str] = set()
    buffer: list[Extraction] = []
    skips: list[Skipped] = []
    spare = idle_cores(options, engine)  # claim embeddings computed here while the workers extract

    def flush() -> None:
        if buffer:
            report.ingested += db.write(with_vectors(buffer, spare) if spare else buffer, run_id)
            buffer.clear()
        if skips:
            db.record_skipped_many(skips, run_id)
            skips.clear()

    def skip(item: Skipped) -> None:
        skips.append(item)
        report.skipped.append(item)
        tick("done", 1)
        if len(skips) >= _SKIP_CHUNK:
            flush()

    def fresh() -> Iterator[Document]:
        items = read_inputs([Path(p) for p in paths], options, metadata, on_found=lambda n: tick("found", n))
        # the store is asked once per chunk of inputs, not once per document
        while chunk := list(itertools.islice(items, _PRESENT_CHUNK)):
            stored = db.present(item.id for item in chunk if not isinstance(item, Skipped))
            for item in chunk:
                if isinstance(item, Skipped):
                    skip(item)
                elif item.id in seen or item.id in stored:
                    report.present += 1
                    tick("done", 1)
                else:
                    seen.add(item.id)
                    yield item

    try:
        if engine == "ray":
            from newsgraph.runners.ray_runner import run_ray

            report.ingested += run_ray(
                fresh(), options, db, run_id, address=address, parquet_out=parquet_out, skip=skip, tick=tick
            )
        for result in run_local(fresh(), options, on_slow=on_slow, on_timing=on_timing) if engine == "local" else ():
            if isinstance(result, Skipped):
                skip(result)
                continue
            buffer.append(result)
            tick("done", 1)
            if len(buffer) >= options.run.commit_every:
                flush()
        flush()
        resolve_corpus(db, on_step=on_resolve)
    except BaseException:
        report.status = "interrupted"
        buffer.clear()  # documents not yet written are the resumed run's work; the skips are kept
        with contextlib.suppress(Exception):  # the store itself may be what failed
            flush()
        db.finish_run(run_id, report.status, report.counts())
        if own_store:
            db.close()
        raise
    db.finish_run(run_id, report.status, report.counts())
    if own_store:
        db.close()
    return report
