"""Run per-document extraction as Ray Data batch tasks (the ``distributed`` extra).

The map is the same supervised extraction the local engine runs: a callable
class keeps one extraction process per Ray worker (``runners.supervisor``)
and turns each batch of documents into one row per document, with its
mentions, events and quotes as nested lists.  The rows are split into one Parquet dataset per record kind,
with the store's own column names::

    DIR/documents/*.parquet   DIR/mentions/*.parquet   DIR/events/*.parquet
    DIR/quotes/*.parquet      DIR/skipped/*.parquet

so DuckDB (``read_parquet('DIR/events/*.parquet')``) or Spark can read them
directly.  By default the datasets go to a temporary folder and are loaded
into the store, chunk by chunk, each chunk in one transaction (an interrupted
run resumes where it stopped); with ``parquet_out`` they are left in that
folder instead.  On a multi-node cluster ``parquet_out`` must be storage every
node can write to (a shared file system or an object store URI).

Ray is imported only here, and only when this engine is chosen.
"""

from __future__ import annotations

import itertools
import logging
import os
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc

from newsgraph.config import Options
from newsgraph.errors import MissingExtra
from newsgraph.models import Document, Skipped
from newsgraph.store.arrow import (
    DOCUMENT_COLUMNS,
    NESTED,
    ROW_SCHEMA,
    SCHEMAS,
    document_row,
    extraction_row,
    row_document,
)
from newsgraph.store.migrations import UNKEYED

if TYPE_CHECKING:
    from newsgraph.store import Store

# Documents handed to Ray per round.  Each round is extracted, written and
# loaded before the next is read, so the driver holds at most this many texts;
# larger rounds spread Ray's per-job start-up cost over more documents.
CHUNK = 4096


class Extractor:
    """The Ray Data map: each Ray worker supervises one extraction process.

    The extraction runs in a child process of the Ray worker
    (``runners.supervisor``), as on the local engine, so a document past
    ``ingest.doc_timeout_s`` or one that crashes the parser becomes a skipped
    row, and neither the Ray worker nor the job goes down with it.
    """

    def __init__(self, options: Options, path: list[str] | None = None) -> None:
        from newsgraph.runners.supervisor import Supervisor

        self.options = options
        # the driver's import path, so nlp.extra_components load as they do locally
        self.supervisor = Supervisor(options, workers=1, path=[*(path or []), *sys.path])

    def __call__(self, batch: pa.Table) -> pa.Table:
        documents = [row_document(r) for r in batch.to_pylist()]
        results = self.supervisor.extract(documents)
        rows = [extraction_row(d, r) for d, r in zip(documents, results, strict=True)]
        return pa.Table.from_pylist(rows, schema=ROW_SCHEMA)


def split(kind: str) -> Callable[[pa.Table], pa.Table]:
    """A batch function taking extraction rows to the rows of one record kind."""

    def project(batch: pa.Table) -> pa.Table:
        if kind == "documents":
            kept = batch.filter(pc.is_null(batch["skipped_reason"]))
            return kept.select(SCHEMAS[kind].names)
        if kind == "skipped":
            failed = batch.filter(pc.is_valid(batch["skipped_reason"]))
            return pa.table(
                [failed["source"], failed["skipped_reason"], failed["skipped_detail"]], schema=SCHEMAS[kind]
            )
        flat = pc.list_flatten(batch[kind])
        return pa.Table.from_batches(
            [pa.RecordBatch.from_struct_array(chunk) for chunk in flat.chunks], schema=SCHEMAS[kind]
        )

    return project


# ------------------------------------------------------------- ray
def import_ray() -> ModuleType:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # Ray's own, on import
            import ray
            import ray.data
    except ImportError as exc:
        raise MissingExtra("ray", "distributed") from exc
    return ray


@contextmanager
def ray_session(workers: int, address: str | None = None) -> Iterator[ModuleType]:
    """Connect to ``address`` or start a local Ray with ``workers`` CPUs; stop what was started."""
    ray = import_ray()
    started = False
    if not ray.is_initialized():
        if address is None:
            # a throwaway local instance: no token under ~/.ray, no dashboard
            os.environ.setdefault("RAY_AUTH_MODE", "disabled")
        ray.init(
            address=address,
            num_cpus=workers if address is None else None,
            include_dashboard=False,
            logging_level=logging.WARNING,
            log_to_driver=False,
        )
        started = True
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    try:
        yield ray
    finally:
        if started:
            ray.shutdown()


def extract_to_parquet(ray: ModuleType, documents: list[Document], options: Options, out: Path) -> None:
    """Extract ``documents`` on Ray and append their records under ``out``."""
    table = pa.Table.from_pylist([document_row(d) for d in documents], schema=SCHEMAS["documents"])
    workers = options.run.workers
    # small rounds still reach every worker: batches shrink to share them out
    size = max(1, min(options.nlp.batch_size, -(-len(documents) // workers)))
    blocks = max(1, min(-(-len(documents) // size), 4 * workers))
    extracted = (
        ray.data.from_arrow(table, override_num_blocks=blocks)
        .map_batches(
            Extractor,
            fn_constructor_args=(options, sys.path),
            batch_size=size,
            batch_format="pyarrow",
            compute=ray.data.ActorPoolStrategy(size=workers),
            num_cpus=1,
        )
        .materialize()
    )
    for kind in SCHEMAS:
        extracted.map_batches(split(kind), batch_format="pyarrow", batch_size=None).write_parquet(str(out / kind))


def _files(out: Path, kind: str) -> str | None:
    return str(out / kind / "*.parquet") if any((out / kind).glob("*.parquet")) else None


def load_parquet(store: Store, out: Path, run_id: str | None) -> tuple[int, list[Skipped]]:
    """Load the Parquet datasets under ``out`` into the store in one transaction.

    Documents already in the store are left alone with their records, as
    ``Store.write`` does.  Returns how many documents were new and what was skipped.
    """
    skipped: list[Skipped] = []
    if files := _files(out, "skipped"):
        skipped = [Skipped(*r) for r in store.con.execute("SELECT * FROM read_parquet(?)", [files]).fetchall()]
    documents = _files(out, "documents")
    if documents is None:
        return 0, skipped
    with store.transaction() as con:
        con.execute(
            """CREATE OR REPLACE TEMP TABLE new_documents AS
               SELECT * FROM read_parquet(?) WHERE id NOT IN (SELECT id FROM documents)
               QUALIFY row_number() OVER (PARTITION BY id ORDER BY source) = 1""",
            [documents],
        )
        columns = DOCUMENT_COLUMNS
        con.execute(
            f"INSERT INTO documents ({columns}, run_id, ingested_at) "
            f"SELECT {columns}, ?, current_timestamp FROM new_documents ORDER BY source",
            [run_id],
        )
        for kind in NESTED:
            if files := _files(out, kind):
                # a folder written twice holds a document's records twice: its key picks one
                key = ", ".join(UNKEYED[kind])
                con.execute(
                    f"""INSERT INTO {kind} SELECT * FROM read_parquet(?)
                        WHERE document IN (SELECT id FROM new_documents)
                        QUALIFY row_number() OVER (PARTITION BY {key}) = 1""",
                    [files],
                )
        con.execute("DELETE FROM skipped WHERE source IN (SELECT source FROM new_documents)")
        row = con.execute("SELECT count(*) FROM new_documents").fetchone()
        con.execute("DROP TABLE new_documents")
    return int(row[0]) if row else 0, skipped


def run_ray(
    documents: Iterable[Document],
    options: Options,
    store: Store,
    run_id: str | None,
    *,
    address: str | None = None,
    parquet_out: str | Path | None = None,
    skip: Callable[[Skipped], None] = lambda s: None,
    tick: Callable[[str, int], None] = lambda event, n: None,
) -> int:
    """Extract ``documents`` on Ray; load them into ``store`` or leave them in ``parquet_out``.

    Returns how many documents were extracted (and loaded, unless ``parquet_out``).
    """
    done = 0
    iterator = iter(documents)
    with ray_session(options.run.workers, address) as ray:
        while chunk := list(itertools.islice(iterator, CHUNK)):
            if parquet_out is not None:
                out = Path(parquet_out)
                extract_to_parquet(ray, chunk, options, out)
                failed = _read_skipped(out, {d.source for d in chunk})
                done += len(chunk) - len(failed)
            else:
                with tempfile.TemporaryDirectory(prefix="newsgraph-ray-") as tmp:
                    extract_to_parquet(ray, chunk, options, Path(tmp))
                    loaded, failed = load_parquet(store, Path(tmp), run_id)
                done += loaded
            for item in failed:
                skip(item)
            tick("done", len(chunk) - len(failed))
    return done


def _read_skipped(out: Path, sources: set[str]) -> list[Skipped]:
    # the folder may hold earlier rounds: report only this round's failures
    import pyarrow.parquet as pq

    if _files(out, "skipped") is None:
        return []
    rows = pq.read_table(out / "skipped", schema=SCHEMAS["skipped"]).to_pylist()
    return [Skipped(**r) for r in rows if r["source"] in sources]
