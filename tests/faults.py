"""A spaCy component that misbehaves on purpose, for the isolation tests.

Added with ``nlp.extra_components = ["faults:newsgraph_faults"]`` (this
folder is on the import path of the test process, and the supervisor passes
that path on to its workers).  On a document whose text holds a marker it
sleeps past any budget, kills its own process with SIGSEGV as a crash in a C
extension would, or raises; on every other document it does nothing.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from spacy.language import Language
from spacy.pipeline import TrainablePipe
from spacy.tokens import Doc
from spacy.vocab import Vocab

SLEEP = "FAULT-SLEEP"
# "FAULT-WAIT <folder>": says so by writing <folder>/entered, then waits (at most a minute) for <folder>/go
WAIT = "FAULT-WAIT"
CRASH = "FAULT-SEGV"
ABORT = "FAULT-ABORT"
RAISE = "FAULT-RAISE"


@Language.component("newsgraph_faults")
def faults(doc: Doc) -> Doc:
    if SLEEP in doc.text:
        time.sleep(3600)
    if WAIT in doc.text:
        folder = Path(doc.text.split(WAIT, 1)[1].split()[0])
        (folder / "entered").touch()
        deadline = time.monotonic() + 60
        while not (folder / "go").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
    if CRASH in doc.text:
        os.kill(os.getpid(), signal.SIGSEGV)
    if ABORT in doc.text:
        os.abort()
    if RAISE in doc.text:
        raise RuntimeError("a fault raised on purpose")
    return doc


BATCH_CRASH = "FAULT-BATCH-SEGV"


class BatchedFaults(TrainablePipe):
    """Takes the whole batch at once, as the model's own components do, and
    crashes when any document in it holds the marker: the supervisor cannot
    tell which one did it without trying them one at a time."""

    def __init__(self, vocab: Vocab, name: str) -> None:
        super().__init__(vocab, None, name)

    def predict(self, docs: list[Doc]) -> None:
        if any(BATCH_CRASH in doc.text for doc in docs):
            os.kill(os.getpid(), signal.SIGSEGV)

    def set_annotations(self, docs: list[Doc], scores: None) -> None:
        pass


@Language.factory("newsgraph_batched_faults")
def batched_faults(nlp: Language, name: str) -> BatchedFaults:
    return BatchedFaults(nlp.vocab, name)
