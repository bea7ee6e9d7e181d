"""newsgraph: who did what to whom, who said what, and where sources disagree.

The Python API::

    from newsgraph import ingest, load_options, Store, export_dossier
    options = load_options(overrides=["store.path='news.duckdb'"])
    report = ingest(["articles/"], options)
    with Store("news.duckdb", read_only=True) as store:
        dossier = export_dossier(store)
"""

from newsgraph.config import Options, default_options, load_options
from newsgraph.errors import NewsgraphError
from newsgraph.models import (
    Actor,
    Amount,
    Claim,
    DateValue,
    Document,
    Event,
    Evidence,
    Extraction,
    Mention,
    Quote,
    Skipped,
    Stance,
)

__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    # Heavy parts (spaCy, DuckDB) load on first use, not on `import newsgraph`.
    if name in ("ingest", "IngestReport"):
        from newsgraph import pipeline

        return getattr(pipeline, name)
    if name in ("extract_text", "process"):
        from newsgraph import extraction

        return getattr(extraction, name)
    if name == "Store":
        from newsgraph.store import Store

        return Store
    if name == "stance":
        from newsgraph.claims.stance import stance

        return stance
    if name == "export_dossier":
        from newsgraph.export.dossier import export_dossier

        return export_dossier
    raise AttributeError(f"module 'newsgraph' has no attribute {name!r}")


__all__ = [
    "Actor",
    "Amount",
    "Claim",
    "DateValue",
    "Document",
    "Event",
    "Evidence",
    "Extraction",
    "IngestReport",
    "Mention",
    "NewsgraphError",
    "Options",
    "Quote",
    "Skipped",
    "Stance",
    "Store",
    "__version__",
    "default_options",
    "export_dossier",
    "extract_text",
    "ingest",
    "load_options",
    "process",
    "stance",
]
