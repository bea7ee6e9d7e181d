"""Per-document extraction in supervised worker processes: a time budget and crash isolation.

``Supervisor(options).run(documents)`` yields one ``Extraction`` or
``Skipped`` per document, in input order, whatever happens inside the
extraction.  The work runs in ``options.run.workers`` child processes
(``runners.worker``), even when there is only one, because nothing else can
stop it: a Cython tokenizer loop does not listen to signals, and a segfault
in a C extension takes its whole process with it.  So the supervisor

* times every document against ``ingest.doc_timeout_s`` from the stages the
  worker reports, kills a worker that runs past it and records the document
  as ``timed_out``, naming the component it was in;
* records the document a worker died on as ``crashed``;
* replaces the worker and sends the rest of its work to the replacement.

When the stage at fault ran a whole batch at once (the model's batched
components), the batch's documents are retried one at a time so that only
the document at fault is lost.  At most two batches per worker are in
flight, so memory stays bounded however long the input stream is.

Workers load the pipeline once and are kept between ``run`` calls; close a
supervisor (or use it as a context manager) to stop them.  ``shared`` keeps
one per configuration for the life of the process, as ``nlp.build_cached``
does for pipelines.  A supervisor is not thread-safe: one ``run`` at a time.
"""

from __future__ import annotations

import atexit
import dataclasses
import itertools
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from newsgraph.config import Options
from newsgraph.errors import ConfigError, ModelError, WorkerError
from newsgraph.models import Document, Extraction, Skipped

# A document still in extraction after this many seconds is named to ``on_slow``.
SLOW_AFTER_S = 5.0
# Workers that die before they are ready, in a row, before the run gives up.
START_ATTEMPTS = 3

Result = Extraction | Skipped
Item = tuple[int, Document]  # the document's place in the input, and the document


@dataclass
class _Stage:
    batch: int
    index: int  # the document's place in its batch; -1: the whole batch
    component: str
    started: float  # time.monotonic() in the worker (one clock for all processes)


class _Worker:
    """One child process, the pipe to it and what it has been given."""

    def __init__(self) -> None:
        to_child, from_parent = os.pipe()
        from_child, to_parent = os.pipe()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "newsgraph.runners.worker"], stdin=to_child, stdout=to_parent, close_fds=True
        )
        os.close(to_child)
        os.close(to_parent)
        self.inbox = Connection(from_child, writable=False)
        # Sending happens on a thread: a worker busy in a long stage reads nothing, and
        # the supervisor must stay free to time it and kill it.
        self._outbox: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._sender = threading.Thread(
            target=_send_loop, args=(Connection(from_parent, readable=False), self._outbox), daemon=True
        )
        self._sender.start()
        self.ready = False
        self.jobs: deque[tuple[int, list[Item]]] = deque()  # sent and not done, oldest first
        self.stage: _Stage | None = None
        self.spent: dict[int, float] = {}  # seconds of finished stages, per document of the running batch

    def send(self, message: tuple[Any, ...]) -> None:
        self._outbox.put(message)

    def elapsed(self, now: float) -> float:
        """Seconds the document (or batch) in the current stage has spent so far."""
        if self.stage is None:
            return 0.0
        own = self.spent.get(self.stage.index, 0.0) if self.stage.index >= 0 else 0.0
        return own + now - self.stage.started

    def enter(self, stage: _Stage) -> None:
        if self.stage is None or self.stage.batch != stage.batch:
            self.spent = {}
        elif self.stage.index >= 0:
            self.spent[self.stage.index] = self.spent.get(self.stage.index, 0.0) + stage.started - self.stage.started
        self.stage = stage

    def kill(self) -> str:
        """Stop the process now; how it ended, in words."""
        if self.proc.poll() is None:
            self.proc.kill()
        code = self.proc.wait()
        self._outbox.put(None)
        self.inbox.close()
        if code < 0:
            try:
                return signal.Signals(-code).name
            except ValueError:
                return f"signal {-code}"
        return f"exit code {code}"

    def stop(self) -> None:
        if not self.ready:  # still loading the model: nothing to finish
            self.kill()
            return
        self._outbox.put(("stop",))
        self._outbox.put(None)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.inbox.close()


def _send_loop(conn: Connection, outbox: queue.SimpleQueue[Any]) -> None:
    while (message := outbox.get()) is not None:
        try:
            conn.send(message)
        except OSError:  # the worker is gone; the supervisor finds out from its pipe
            break
    conn.close()


class Supervisor:
    """Extraction in supervised worker processes; see the module's docstring."""

    def __init__(self, options: Options, workers: int | None = None, *, path: list[str] | None = None) -> None:
        self.options = options
        self.workers = workers or options.run.workers
        self.path = list(sys.path if path is None else path)  # where workers import from (nlp.extra_components)
        self.budget = options.ingest.doc_timeout_s
        self.batch_size = options.nlp.batch_size
        self._live: list[_Worker] = []
        self._ids = itertools.count()
        self._failed_starts = 0
        self._finalizer = weakref.finalize(self, _stop_all, self._live)

    def __enter__(self) -> Supervisor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the workers (a later ``run`` starts new ones)."""
        _stop_all(self._live)

    def start(self) -> None:
        """Start the workers now; each loads the pipeline while the caller goes on."""
        self._spawn()

    def extract(self, documents: Iterable[Document]) -> list[Result]:
        return list(self.run(documents))

    def run(
        self,
        documents: Iterable[Document],
        *,
        on_slow: Callable[[str | None], None] | None = None,
        on_timing: Callable[[Document, dict[str, float]], None] | None = None,
    ) -> Iterator[Result]:
        """One result per document, in input order.

        ``on_slow(text)`` names the slowest document still in extraction once it
        has taken more than ``SLOW_AFTER_S`` seconds (None when none is);
        ``on_timing(document, seconds)`` gives each extracted document's
        seconds per component (the model's batched components shared out by length).
        """
        source = iter(documents)
        waiting: deque[list[Item]] = deque()  # batches not yet sent; retries go first
        results: dict[int, Result] = {}
        read = given = 0
        exhausted = False
        limit = 2 * self.workers * self.batch_size
        run = _Run(on_slow, on_timing)
        self._spawn()  # the model loads while the first inputs are read
        try:
            while True:
                while not exhausted and read - given < limit:
                    batch = list(itertools.islice(source, self.batch_size))
                    exhausted = not batch
                    waiting.extend([[(read + k, d) for k, d in enumerate(batch)]] if batch else [])
                    read += len(batch)
                self._dispatch(waiting)
                while given in results:
                    yield results.pop(given)
                    given += 1
                if exhausted and given == read:
                    run.slow(None)
                    return
                self._wait(waiting, results, run)
        except BaseException:
            if any(w.jobs for w in self._live):  # abandoned mid-run: their answers would confuse the next run
                for w in list(self._live):
                    self._drop(w)
            raise

    # ------------------------------------------------------------ internals
    def _spawn(self) -> None:
        while len(self._live) < self.workers:
            self._live.append(_Worker())
            self._live[-1].send(("init", self.options, self.path))

    def _dispatch(self, waiting: deque[list[Item]]) -> None:
        if waiting:
            self._spawn()
        for worker in sorted(self._live, key=lambda w: len(w.jobs)):
            while waiting and len(worker.jobs) < 2:
                batch_id, items = next(self._ids), waiting.popleft()
                worker.jobs.append((batch_id, items))
                worker.send(("batch", batch_id, [d for _, d in items]))

    def _wait(self, waiting: deque[list[Item]], results: dict[int, Result], run: _Run) -> None:
        tick = min(0.5, self.budget / 4)
        by_inbox = {w.inbox: w for w in self._live}
        for inbox in wait(list(by_inbox), timeout=tick):
            worker = by_inbox[inbox]  # type: ignore[index]
            try:
                while worker.inbox.poll():
                    self._hear(worker, worker.inbox.recv(), results, run)
            except (EOFError, OSError):
                self._lost(worker, waiting, results, timed_out=False)
        now = time.monotonic()
        for worker in list(self._live):
            if worker.stage is not None and worker.elapsed(now) > self.budget:
                self._lost(worker, waiting, results, timed_out=True)
        busy = [(w.elapsed(now), w) for w in self._live if w.stage is not None]
        slowest = max(busy, key=lambda x: x[0], default=None)
        run.slow(_describe(*slowest) if slowest and slowest[0] >= SLOW_AFTER_S else None)

    def _hear(self, worker: _Worker, message: tuple[Any, ...], results: dict[int, Result], run: _Run) -> None:
        kind = message[0]
        if kind == "stage":
            _, batch_id, index, component, started = message
            worker.enter(_Stage(batch_id, index, component, started))
        elif kind == "done":
            _, batch_id, extracted, seconds = message
            done_id, items = worker.jobs.popleft()
            assert done_id == batch_id, (done_id, batch_id)
            for (place, document), result, spent in zip(items, extracted, seconds, strict=True):
                results[place] = result
                if run.on_timing is not None and isinstance(result, Extraction):
                    run.on_timing(document, spent)
            worker.stage = None
        elif kind == "ready":
            worker.ready = True
            self._failed_starts = 0
        elif kind == "error":  # the pipeline cannot be built: no document can be extracted
            _, what, text = message
            _stop_all(self._live)
            raise (ModelError if what == "model" else ConfigError)(text)

    def _lost(
        self, worker: _Worker, waiting: deque[list[Item]], results: dict[int, Result], *, timed_out: bool
    ) -> None:
        """Replace a worker that died or ran out of time; blame the document it was on."""
        how = self._drop(worker)
        jobs = list(worker.jobs)
        for _, items in reversed(jobs if not worker.ready else jobs[1:]):
            waiting.appendleft(items)
        if not worker.ready:  # it never got to the documents
            self._failed_starts += 1
            if self._failed_starts >= START_ATTEMPTS:
                _stop_all(self._live)
                raise WorkerError(
                    f"the extraction process ended before it was ready ({how}), {START_ATTEMPTS} times in a row; "
                    "run 'python -m newsgraph.runners.worker' to see why"
                )
            return
        if not jobs:
            return
        batch_id, items = jobs[0]
        stage = worker.stage if worker.stage is not None and worker.stage.batch == batch_id else None
        at_fault = stage.index if stage is not None and stage.index >= 0 else (0 if len(items) == 1 else None)
        if at_fault is None:  # a stage that ran the whole batch: find the document one at a time
            waiting.extendleft([item] for item in reversed(items))
            return
        place, document = items[at_fault]
        component = stage.component if stage is not None else "the extraction process"
        if timed_out:
            results[place] = Skipped(
                document.source,
                "timed_out",
                f"timed out after {self.budget:g} s in {component} (ingest.doc_timeout_s); the rest of the run "
                "went on; please report this with the input file",
            )
        else:
            results[place] = Skipped(
                document.source,
                "crashed",
                f"the extraction process crashed on this document ({how} in {component}); the rest of the run "
                "went on; please report this with the input file",
            )
        rest = [item for k, item in enumerate(items) if k != at_fault]
        if rest:
            waiting.appendleft(rest)

    def _drop(self, worker: _Worker) -> str:
        self._live.remove(worker)
        return worker.kill()


@dataclass
class _Run:
    on_slow: Callable[[str | None], None] | None
    on_timing: Callable[[Document, dict[str, float]], None] | None
    shown: str | None = None

    def slow(self, text: str | None) -> None:
        if self.on_slow is not None and text != self.shown:
            self.shown = text
            self.on_slow(text)


def _describe(seconds: float, worker: _Worker) -> str:
    stage = worker.stage
    assert stage is not None and worker.jobs
    items = worker.jobs[0][1]
    what = items[stage.index][1].source if stage.index >= 0 else f"a batch of {len(items)} from {items[0][1].source}"
    return f"{what}: {seconds:.0f} s in {stage.component}"


def _stop_all(workers: list[_Worker]) -> None:
    while workers:
        worker = workers.pop()
        if worker.jobs:
            worker.kill()
        else:
            worker.stop()


_shared: dict[str, Supervisor] = {}


def shared(options: Options) -> Supervisor:
    """One supervisor per process and configuration: later runs reuse its warm workers."""
    key = json.dumps(
        [dataclasses.asdict(options.nlp), options.run.workers, options.ingest.doc_timeout_s], sort_keys=True
    )
    if key not in _shared:
        _shared[key] = Supervisor(options)
    return _shared[key]


@atexit.register
def close_shared() -> None:
    """Stop every shared supervisor's workers."""
    while _shared:
        _shared.popitem()[1].close()
