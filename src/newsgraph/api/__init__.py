"""The REST API (FastAPI) over a newsgraph database.

``create_app(db_path)`` needs the ``web`` extra; the queries behind it
(``newsgraph.query``) work without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI


def create_app(db_path: Any, *, allow_write: bool = False, token: str | None = None, **kwargs: Any) -> FastAPI:
    """The API and web UI over ``db_path``; see ``newsgraph.api.app.create_app``."""
    try:
        from newsgraph.api.app import create_app as build
    except ImportError as exc:  # fastapi/uvicorn live in the 'web' extra
        from newsgraph.errors import MissingExtra

        raise MissingExtra(exc.name or "fastapi", "web") from exc
    return build(db_path, allow_write=allow_write, token=token, **kwargs)


__all__ = ["create_app"]
