"""newsgraph's exceptions.

    NewsgraphError            base of everything raised on purpose
    ├── ConfigError           an option or config file is wrong (names the key and valid values)
    ├── ModelError            the configured spaCy model cannot be loaded (says how to install one)
    ├── IngestError           one input cannot be read; carries path, reason key and detail
    ├── StoreError            the database cannot be opened or migrated
    ├── QueryError            a query names something that does not exist or is malformed
    ├── OutputError           an output file cannot be written (missing or read-only folder, a full disk)
    ├── MissingExtra          an optional dependency is not installed (says which extra)
    └── WorkerError           extraction processes cannot be started at all

Per-document problems during a batch never propagate: they become
``Skipped`` results, are recorded in the store and counted.
"""

from __future__ import annotations


class NewsgraphError(Exception):
    """Base class for errors newsgraph raises deliberately."""


class ConfigError(NewsgraphError):
    pass


class ModelError(NewsgraphError):
    pass


class IngestError(NewsgraphError):
    def __init__(self, path: str, reason: str, detail: str) -> None:
        super().__init__(f"{path}: {detail}")
        self.path = path
        self.reason = reason
        self.detail = detail


class StoreError(NewsgraphError):
    pass


class QueryError(NewsgraphError):
    pass


class OutputError(NewsgraphError):
    pass


class MissingExtra(NewsgraphError):
    def __init__(self, module: str, extra: str) -> None:
        super().__init__(f"{module} is not installed; install the '{extra}' extra: pip install 'newsgraph[{extra}]'")
        self.module = module
        self.extra = extra


class WorkerError(NewsgraphError):
    pass
