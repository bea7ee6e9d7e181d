"""Serving the API: the port is taken before anything slow starts, with a sentence when it cannot be.

``serve`` binds the socket itself and hands it to uvicorn, so a port out of
range, in use or not allowed is a ``ConfigError`` that says which and what to
do -- not a log line from inside uvicorn after the model has loaded.
"""

from __future__ import annotations

import errno
import socket
from pathlib import Path
from typing import Any

from newsgraph.errors import ConfigError, MissingExtra
from newsgraph.terminal import shown


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port``, or ``ConfigError`` saying why not."""
    if not 1 <= port <= 65535:
        raise ConfigError(f"--port must be between 1 and 65535; got {port}")
    where = f"{shown(host, line=True)}:{port}"
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as exc:
        raise ConfigError(f"--host {shown(host, line=True)} is not an address or a known host name ({exc})") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise ConfigError(
                f"port {port} is in use on {shown(host, line=True)} (another server, perhaps another "
                f"'newsgraph serve'); stop it or choose another port with --port"
            ) from None
        if exc.errno == errno.EACCES:
            raise ConfigError(
                f"not allowed to listen on {where} (ports below 1024 need privileges); use --port 8000"
            ) from None
        if exc.errno == errno.EADDRNOTAVAIL:
            raise ConfigError(f"--host {shown(host, line=True)} is not an address of this machine") from None
        raise ConfigError(f"cannot listen on {where}: {exc.strerror or exc}") from None
    return sock


def serve(
    db: str | Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    allow_write: bool = False,
    token: str | None = None,
    on_ready: Any = None,
) -> None:
    """Serve the API and UI over ``db`` until interrupted."""
    try:
        import uvicorn
    except ImportError as exc:
        raise MissingExtra("uvicorn", "web") from exc
    from newsgraph.api import create_app

    sock = bind(host, port)
    try:
        app = create_app(db, allow_write=allow_write, token=token)
        if on_ready is not None:
            on_ready()
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
        server.run(sockets=[sock])
    finally:
        sock.close()
