"""Run per-document extraction on this machine.

By default in supervised worker processes (``runners.supervisor``), one or
``run.workers`` of them, so that a document past its time budget or one that
crashes the parser costs that document only.  With ``run.in_process`` the
pipeline runs in the calling process instead: nothing can then stop a
document that hangs, and a crash ends the run, but a debugger and a profiler
see the extraction itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from newsgraph.config import Options
from newsgraph.models import Document, Extraction, Skipped


def run_local(
    documents: Iterable[Document],
    options: Options,
    *,
    on_slow: Callable[[str | None], None] | None = None,
    on_timing: Callable[[Document, dict[str, float]], None] | None = None,
) -> Iterator[Extraction | Skipped]:
    """Extract from ``documents``, one result each, in input order."""
    if options.run.in_process:
        from newsgraph.extraction import process
        from newsgraph.nlp.language import build_cached

        yield from process(documents, build_cached(options), options.nlp.batch_size)
        return
    from newsgraph.runners.supervisor import shared

    yield from shared(options).run(documents, on_slow=on_slow, on_timing=on_timing)


def start_local(options: Options) -> None:
    """Start the extraction workers now (not at the first document), so that
    they load the model while the caller does its own setting up."""
    if not options.run.in_process:
        from newsgraph.runners.supervisor import shared

        shared(options).start()
