"""Per-document extraction and the ingest job built on it.

``process`` is the map: documents in, ``Extraction`` or ``Skipped`` out, each
document read on its own.  ``ingest`` drives it over inputs, writes results to
the store whole-document-at-a-time, and then runs corpus resolution (the
reduce), which reads only the store.
"""

from __future__ import annotations

import contextlib
import itertools
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from newsgraph.config import Options
from newsgraph.errors import ConfigError
from newsgraph.models import Document, Extraction, Skipped

if TYPE_CHECKING:  # spaCy loads where extraction runs, not in a process that only supervises it
    from spacy.language import Language
    from spacy.tokens import Doc


def prepare(nlp: Language, document: Document) -> Doc:
    doc = nlp.make_doc(document.text)
    doc._.document = document
    doc._.published = document.published
    return doc


def to_extraction(doc: Doc) -> Extraction:
    document: Document = doc._.document
    published = doc._.published if doc._.published is not None else document.published
    capped = "; ".join(doc._.capped) if doc._.capped else None
    return Extraction(
        document=replace(document, published=published, capped=capped),
        mentions=tuple(doc._.mentions or ()),
        events=tuple(doc._.events or ()),
        quotes=tuple(doc._.quotes or ()),
        claims=tuple(doc._.claims or ()),
    )


class Stages(Protocol):
    """Told when each stage of a batch starts: the document's place in the
    batch (-1: the whole batch at once, in a model component that batches)
    and the component's name ("tokenizer" for making the ``Doc``)."""

    def enter(self, index: int, component: str) -> None: ...


class _NoStages:
    def enter(self, index: int, component: str) -> None:
        pass


def process(
    documents: Iterable[Document], nlp: Language, batch_size: int = 16, stages: Stages | None = None
) -> Iterator[Extraction | Skipped]:
    """Run the pipeline over documents; a document that breaks it becomes ``Skipped``."""
    iterator = iter(documents)
    while chunk := list(itertools.islice(iterator, batch_size)):
        yield from extract_batch(nlp, chunk, stages or _NoStages())


def extract_batch(nlp: Language, documents: Sequence[Document], stages: Stages) -> list[Extraction | Skipped]:
    """One batch through the pipeline, component by component, as ``nlp.pipe`` would.

    The model's trainable components (tok2vec, tagger, parser, ner) run over
    the whole batch at once, which is what makes batching pay; every other
    stage runs one document at a time.  ``stages`` hears where the batch is,
    so a supervisor can time each document and name the component it is in.
    An exception costs only its document (retried alone when it came from a
    batched component), recorded with the stage it happened in.
    """
    from spacy.pipeline import TrainablePipe

    failed: dict[int, Skipped] = {}
    docs: dict[int, Doc] = {}
    for k, document in enumerate(documents):
        stages.enter(k, "tokenizer")
        try:
            docs[k] = prepare(nlp, document)
        except Exception as exc:
            failed[k] = _failure(document, exc, "tokenizer")
    for name, proc in nlp.pipeline:
        if len(docs) > 1 and isinstance(proc, TrainablePipe):
            stages.enter(-1, name)
            try:
                done = list(proc.pipe(list(docs.values()), batch_size=len(docs)))
                docs = dict(zip(docs, done, strict=True))
                continue
            except Exception:  # one of them broke it: find which, one at a time
                pass
        for k in list(docs):
            stages.enter(k, name)
            try:
                docs[k] = proc(docs[k])
            except Exception as exc:
                failed[k] = _failure(documents[k], exc, name)
                del docs[k]
    return [failed[k] if k in failed else to_extraction(docs[k]) for k in range(len(documents))]


def _failure(document: Document, exc: Exception, stage: str) -> Skipped:
    where = traceback.extract_tb(exc.__traceback__)[-1]
    return Skipped(
        document.source,
        "failed",
        f"extraction failed in {stage}: {type(exc).__name__}: {exc} (at {Path(where.filename).name}:{where.lineno}); "
        "please report this with the input file",
    )


def _process_one(nlp: Language, document: Document) -> Extraction | Skipped:
    return extract_batch(nlp, [document], _NoStages())[0]


def extract_text(text: str, options: Options | None = None, source: str = "<text>") -> Extraction:
    """Extract from one string: the quickest way in from Python.  The pipeline
    is built on the first call and reused by later ones with the same options."""
    from newsgraph.ingest.normalize import make_document
    from newsgraph.nlp import build_cached

    options = options or _defaults()
    document = make_document(text, source=source)
    nlp = build_cached(options)
    result = _process_one(nlp, document)
    if isinstance(result, Skipped):
        raise RuntimeError(result.detail)
    return result


def _defaults() -> Options:
    from newsgraph.config import default_options

    return default_options()


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
    only).  ``engine`` is "local" (supervised
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

    def flush() -> None:
        if buffer:
            report.ingested += db.write(buffer, run_id)
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
        resolve_corpus(db)
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
