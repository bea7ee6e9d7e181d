"""DuckDB storage: schema migrations and the ``Store``."""

from newsgraph.store.db import Store

__all__ = ["Store"]
