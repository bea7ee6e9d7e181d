"""The extraction worker: ``python -m newsgraph.runners.worker``, started by ``runners.supervisor``.

It talks to its supervisor over its standard input and output (pickled
messages in ``multiprocessing.connection`` framing; anything the libraries
print goes to standard error instead).  The conversation:

    supervisor -> worker   ("init", options, sys.path)      once, first
    worker -> supervisor   ("ready", pid) or ("error", kind, message)
    supervisor -> worker   ("batch", batch_id, [Document, ...])
    worker -> supervisor   ("stage", batch_id, index, component, monotonic time)  as each stage starts
    worker -> supervisor   ("done", batch_id, [Extraction | Skipped, ...], [{component: seconds}, ...])
    supervisor -> worker   ("stop",)                         or the pipe closes

The stage messages are what lets the supervisor time each document against
its budget and say which component it was in when it killed the worker or
the worker crashed: the worker itself cannot be trusted to stop (a Cython
loop holds the interpreter) or to report its own death.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from multiprocessing.connection import Connection

from newsgraph.models import Document


class Clock:
    """Sends each stage's start and adds up the seconds each document spends in each component.

    A batched stage (index -1) is shared out among the batch's documents by
    their length in characters, the nearest thing to how the model spends it.
    """

    def __init__(self, out: Connection, batch_id: int, documents: list[Document]) -> None:
        self.out = out
        self.batch_id = batch_id
        self.sizes = [max(1, len(d.text)) for d in documents]
        self.seconds: list[dict[str, float]] = [{} for _ in documents]
        self.current: tuple[int, str, float] | None = None

    def enter(self, index: int, component: str) -> None:
        now = time.monotonic()
        self._close(now)
        self.current = (index, component, now)
        self.out.send(("stage", self.batch_id, index, component, now))

    def finish(self) -> list[dict[str, float]]:
        self._close(time.monotonic())
        self.current = None
        return self.seconds

    def _close(self, now: float) -> None:
        if self.current is None:
            return
        index, component, started = self.current
        spent = now - started
        if index >= 0:
            shares = {index: spent}
        else:
            total = sum(self.sizes)
            shares = {k: spent * size / total for k, size in enumerate(self.sizes)}
        for k, share in shares.items():
            self.seconds[k][component] = self.seconds[k].get(component, 0.0) + share


WARM_UP = "Officials in Moscow said on Monday that Russia would send an envoy to Pakistan."


def serve(inbox: Connection, out: Connection) -> int:
    """The worker's life: load the pipeline, then extract batches until told to stop."""
    from newsgraph.errors import ModelError, NewsgraphError

    kind, options, path = inbox.recv()
    assert kind == "init"
    sys.path[:0] = [p for p in path if p not in sys.path]
    try:
        from newsgraph.extraction import extract_batch
        from newsgraph.nlp.language import build_cached

        nlp = build_cached(options)
        # Components load their tables on first use (the claims sketch, the
        # gazetteer): pay that here, not inside the first document's time budget.
        nlp(WARM_UP)
    except NewsgraphError as exc:
        out.send(("error", "model" if isinstance(exc, ModelError) else "config", str(exc)))
        return 1
    out.send(("ready", os.getpid()))
    while True:
        try:
            message = inbox.recv()
        except EOFError:  # the supervisor has gone
            return 0
        if message[0] == "stop":
            return 0
        _, batch_id, documents = message
        clock = Clock(out, batch_id, documents)
        results = extract_batch(nlp, documents, clock)
        out.send(("done", batch_id, results, clock.finish()))


def main() -> int:
    # Ctrl+C reaches the whole process group: the supervisor decides, the worker carries on.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    channel = os.dup(1)
    os.dup2(2, 1)  # a library's print must not land in the message stream
    inbox, out = Connection(0, writable=False), Connection(channel, readable=False)
    try:
        return serve(inbox, out)
    except (BrokenPipeError, EOFError):  # the supervisor went away mid-conversation
        return 0


if __name__ == "__main__":
    code = main()
    sys.stderr.flush()
    os._exit(code)  # nothing to clean up: tearing down the loaded model only delays the supervisor
