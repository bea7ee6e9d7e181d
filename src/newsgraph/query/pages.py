"""Pages of answers: what a list route returns, and the bounds on asking."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from newsgraph.errors import QueryError

MAX_LIMIT = 500


@dataclass(frozen=True)
class Page:
    """``items`` from ``offset`` on, of ``total`` matching (``limit`` None: all of them)."""

    total: int
    limit: int
    offset: int
    items: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "limit": self.limit, "offset": self.offset, "items": self.items}


def check_page(limit: int | None, offset: int) -> None:
    """Refuse a page outside the bounds (``limit`` None: everything, for Python callers)."""
    if limit is not None and not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}; got {limit}")
    if offset < 0:
        raise QueryError(f"offset must be 0 or more; got {offset}")


def page(total: int, limit: int | None, offset: int, items: list[dict[str, Any]]) -> Page:
    return Page(total, total if limit is None else limit, offset, items)


def paginate(rows: list[dict[str, Any]], limit: int | None = 50, offset: int = 0) -> Page:
    """A page of a list already in memory (short lists only: state pairs)."""
    check_page(limit, offset)
    end = None if limit is None else offset + limit
    return page(len(rows), limit, offset, list(rows[offset:end]))
