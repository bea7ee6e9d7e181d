"""A time budget for reading one file.

Extraction runs in supervised worker processes that are killed when they
overrun (``runners.supervisor``); reading (decoding, HTML and Markdown to
text) runs in the ingest process itself, so its budget is an interval timer
whose signal interrupts the Python code that overran.  The converters are
Python loops over the markup, so the signal lands promptly.  The interrupt is
a ``BaseException``, so a library's ``except Exception`` cannot swallow it,
and the timer repeats every second until the block is left.  Signals reach
only the main thread: elsewhere (a server's worker thread) the block runs
without a budget.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from newsgraph.errors import IngestError


class _Overrun(BaseException):
    """Raised by the timer inside the overrunning code; turned into an ``IngestError`` here."""


@contextmanager
def read_budget(source: str, seconds: float) -> Iterator[None]:
    # identity: threads, not tokens
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def overrun(signum: int, frame: FrameType | None) -> None:
        raise _Overrun

    previous = signal.signal(signal.SIGALRM, overrun)
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    try:
        yield
    except _Overrun:
        raise IngestError(
            source,
            "timed_out",
            f"reading took over {seconds:g} s (decoding the file and turning its markup into text); "
            "raise ingest.read_timeout_s if this really is one article",
        ) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
