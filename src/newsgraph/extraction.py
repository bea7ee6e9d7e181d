"""Per-document extraction: the map.

``process`` runs the pipeline over documents, each read on its own:
documents in, ``Extraction`` or ``Skipped`` out.  ``extract_text`` is the
quickest way in from Python.  The ingest job that drives it over inputs and
runners is ``pipeline``.
"""

from __future__ import annotations

import itertools
import traceback
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from newsgraph.config import Options
from newsgraph.errors import IngestError
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
    is built on the first call and reused by later ones with the same options.
    A text the pipeline cannot read raises ``IngestError`` (with the reason a
    batch would have recorded)."""
    from newsgraph.ingest.normalize import make_document
    from newsgraph.nlp.language import build_cached

    options = options or _defaults()
    document = make_document(text, source=source)
    nlp = build_cached(options)
    result = _process_one(nlp, document)
    if isinstance(result, Skipped):
        raise IngestError(source, result.reason, result.detail)
    return result


def _defaults() -> Options:
    from newsgraph.config import default_options

    return default_options()
