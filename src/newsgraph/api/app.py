"""The REST API and the web UI, served by one FastAPI app.

Read-only by default: the store is opened read-only and no route writes.
``allow_write=True`` (with a token) adds ``POST /api/documents``, which runs
extraction on the posted texts and needs ``Authorization: Bearer <token>``.

Posted texts go through the same acceptance rules as ``newsgraph ingest``
(``ingest.accept``) and the answer says, per document, whether it was
stored, already present or skipped and why.  Extraction runs in a
supervised worker process (``runners.supervisor``), started with the model
loaded when the app is created, so a text that crashes the parser or never
ends costs that document, not the server.

Reads never wait for a write: every read is a DuckDB query (``newsgraph.query``)
on its own cursor per thread, which sees the last committed state, and reads
only the page it answers.  Writes take turns.

Every failure answers with one JSON shape, whatever raised it::

    {"error": {"code": "not_found", "message": "...", "details": null}}

Request bodies are bounded (``max_body`` bytes, checked against
Content-Length and while streaming) and list routes page with ``limit``
(at most 500) and ``offset``.
"""

from __future__ import annotations

import hmac
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from pathlib import Path
from typing import Annotated, Any, cast

from fastapi import Depends, FastAPI, Header, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsgraph.api import routes, schemas
from newsgraph.config import Options, default_options
from newsgraph.errors import ConfigError, NewsgraphError
from newsgraph.models import Document, Extraction, Skipped
from newsgraph.query import Corpus, NotFound
from newsgraph.store import Store

STATIC = Path(__file__).resolve().parent.parent / "web" / "static"
MAX_BODY = 1_000_000
CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "request_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    500: "internal_error",
}
# The UI builds every element with textContent; this policy is the second
# line of defence should article text ever reach the DOM as markup.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def error(status: int, message: str, details: Any = None, headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"error": {"code": CODES.get(status, f"http_{status}"), "message": message, "details": details}}
    return JSONResponse(body, status_code=status, headers=headers)


class _TooLarge(Exception):
    pass


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes, declared or streamed."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await error(413, f"request body is larger than {self.limit} bytes")(scope, receive, send)
            return
        seen = 0
        over = False
        started = False

        async def bounded() -> Message:
            nonlocal seen, over
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                over = True
                raise _TooLarge
            return message

        async def guarded(message: Message) -> None:
            # Whatever the app made of the aborted read (FastAPI turns it into a
            # 400), the client gets the 413 below instead.
            nonlocal started
            if over:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        with suppress(_TooLarge):
            await self.app(scope, bounded, guarded)
        if over and not started:
            await error(413, f"request body is larger than {self.limit} bytes")(scope, receive, send)


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        docs = scope["path"].startswith("/docs")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"x-content-type-options", b"nosniff"))
                headers.append((b"referrer-policy", b"no-referrer"))
                if not docs:  # Swagger UI's page needs its own inline script
                    headers.append((b"content-security-policy", CSP.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


class State:
    """What the routes share: the store, the reader reads answer from, and the writers' lock."""

    def __init__(self, db_path: str | Path, allow_write: bool, options: Options | None) -> None:
        self.db_path, self.read_only = db_path, not allow_write
        self.store = Store(db_path, read_only=self.read_only, shared=True)  # the writer's connection
        self.closed = False
        self.options = options
        self.write_lock = threading.Lock()  # one write at a time; reads never take it
        self._local = threading.local()
        # the query layer on the calling thread's cursor (api.routes.corpus hands it to each read route)
        self.corpus = Corpus(cast(Store, _ThreadStore(self)))
        self._extractor: Any = None

    def reader(self) -> Store:
        """This thread's own cursor on the database."""
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = self.store.cursor()
        return store

    def settings(self) -> Options:
        if self.options is None:
            self.options = default_options()
        return self.options

    def extract(self, documents: list[Document]) -> list[Extraction | Skipped]:
        """Per-document extraction in a supervised process (in this one with ``run.in_process``)."""
        options = self.settings()
        if options.run.in_process:
            from newsgraph.extraction import process
            from newsgraph.nlp.language import build_cached

            return list(process(documents, build_cached(options), options.nlp.batch_size))
        if self._extractor is None:
            from newsgraph.runners.supervisor import Supervisor

            self._extractor = Supervisor(options, workers=1)
        return cast("list[Extraction | Skipped]", self._extractor.extract(documents))

    def warm_up(self) -> None:
        """Start extraction and load the model now, so the first POST does not wait for it."""
        from newsgraph.ingest.normalize import make_document

        with self.write_lock:
            self.extract([make_document(WARM_UP, source="api:warm-up")])

    def open(self) -> None:
        """Open the database again after ``close`` (an app served a second time)."""
        if self.closed:
            self.store = Store(self.db_path, read_only=self.read_only, shared=True)
            self._local = threading.local()  # the old connection's cursors went with it
            self.closed = False

    def close(self) -> None:
        """Stop extraction and close the database (the app's lifespan ends with this)."""
        if self._extractor is not None:
            self._extractor.close()
            self._extractor = None
        if not self.closed:
            self.store.close()
            self.closed = True


class _ThreadStore:
    """Stands in for a ``Store``: each attribute is the calling thread's cursor's."""

    def __init__(self, state: State) -> None:
        self._state = state

    def __getattr__(self, name: str) -> Any:
        return getattr(self._state.reader(), name)


WARM_UP = "The two ministers met in Oslo on Monday and agreed to meet again next year, officials said."


def create_app(
    db_path: str | Path,
    *,
    allow_write: bool = False,
    token: str | None = None,
    options: Options | None = None,
    max_body: int = MAX_BODY,
    preload: bool = True,
) -> FastAPI:
    """The API and UI over the database at ``db_path`` (read-only unless ``allow_write``).

    With ``allow_write``, extraction starts and the model loads before this returns, unless ``preload``
    is false (then on the first POST that needs it).
    """
    if allow_write and not token:
        raise ConfigError("writing over HTTP needs a bearer token; pass token=... (newsgraph serve --token)")
    state = State(db_path, allow_write, options)
    if allow_write and preload:
        state.warm_up()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state.open()
        yield
        state.close()  # the extraction process and the database go with the server

    app = FastAPI(
        lifespan=lifespan,
        title="newsgraph",
        version=_version(),
        description=(
            "Sourced, time-aware records of who did what to whom in international news: documents, actors, "
            "PLOVER events, quotes, claims with stances, and dyad relation series. Read-only unless the server "
            "was started with writing enabled. Every error has the shape "
            '`{"error": {"code", "message", "details"}}`.'
        ),
        docs_url=None,
        redoc_url=None,
    )
    app.state.newsgraph = state
    _errors(app)
    _docs(app)
    _routes(app)
    if allow_write:
        _write_routes(app, state, token or "")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(BodyLimit, limit=max_body)
    app.add_middleware(SecurityHeaders)
    return app


def _version() -> str:
    from newsgraph import __version__

    return __version__


def _errors(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else CODES.get(exc.status_code, "error")
        if exc.status_code == 404 and message == "Not Found":
            message = f"no route or file at {request.url.path}; the API is described at /docs"
        elif exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}"
        return error(exc.status_code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        details = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")} for e in exc.errors()
        ]
        where = ", ".join(".".join(str(p) for p in d["loc"]) + ": " + d["msg"] for d in details[:3])
        return error(422, f"invalid request: {where}", jsonable_encoder(details))

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> JSONResponse:
        return error(404, str(exc))

    @app.exception_handler(NewsgraphError)
    async def bad_query(request: Request, exc: NewsgraphError) -> JSONResponse:
        return error(400, str(exc))

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> JSONResponse:
        return error(500, f"internal error ({type(exc).__name__}); the server log has the details")


def _docs(app: FastAPI) -> None:
    try:
        import swagger_ui_bundle
    except ImportError:  # without the bundle, Swagger UI loads its assets from a CDN
        assets = None
    else:
        assets = Path(swagger_ui_bundle.swagger_ui_path)
        app.mount("/docs/assets", StaticFiles(directory=assets), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        if assets is None:
            return get_swagger_ui_html(openapi_url="/openapi.json", title="newsgraph API")
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="newsgraph API",
            swagger_js_url="/docs/assets/swagger-ui-bundle.js",
            swagger_css_url="/docs/assets/swagger-ui.css",
            swagger_favicon_url="/docs/assets/favicon-32x32.png",
        )


def _routes(app: FastAPI) -> None:
    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    app.include_router(routes.router)


def _write_routes(app: FastAPI, state: State, token: str) -> None:
    def bearer(authorization: Annotated[str | None, Header()] = None) -> None:
        scheme, _, given = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.encode(), token.encode()):
            raise HTTPException(401, "this route needs 'Authorization: Bearer <token>'", {"WWW-Authenticate": "Bearer"})

    @app.post(
        "/api/documents",
        response_model=schemas.IngestOut,
        tags=["documents"],
        dependencies=[Depends(bearer)],
        responses={
            401: {"model": schemas.ErrorOut},
            413: {"model": schemas.ErrorOut},
            422: {"model": schemas.ErrorOut},
        },
    )
    def post_documents(body: schemas.IngestRequest) -> dict[str, Any]:
        """Extract and store posted texts (enabled only with --allow-write; needs the bearer token)."""
        return _ingest(state, body)


def _ingest(state: State, body: schemas.IngestRequest) -> dict[str, Any]:
    """Check, extract and store posted documents; one answer each (the CLI's rules: ``ingest.accept``)."""
    from newsgraph.errors import IngestError
    from newsgraph.ingest.accept import accept_record
    from newsgraph.ingest.normalize import document_id, text_label
    from newsgraph.resolve import resolve_corpus

    options = state.settings()
    answers: list[dict[str, Any]] = []
    accepted: dict[int, Document] = {}
    for index, posted in enumerate(body.documents):
        source = text_label(posted.source) if posted.source else f"api:{document_id(posted.text)}"
        try:
            accepted[index] = accept_record(posted.model_dump(), source, options)
            answers.append(_answer(index, source, "stored", accepted[index]))
        except IngestError as exc:
            answers.append(_answer(index, source, "skipped", reason=exc.reason, detail=exc.detail))
    with state.write_lock:
        present = state.store.present(d.id for d in accepted.values())
        fresh: dict[str, int] = {}  # document id -> its place in the request
        for index, document in accepted.items():
            if document.id in present or document.id in fresh:
                answers[index]["status"] = "present"
            else:
                fresh[document.id] = index
        results = state.extract([accepted[i] for i in fresh.values()]) if fresh else []
        extractions = []
        for index, result in zip(fresh.values(), results, strict=True):  # one result per document, in order
            if isinstance(result, Extraction):
                extractions.append(result)
            else:
                answers[index].update(status="skipped", reason=result.reason, detail=result.detail)
        skipped = [Skipped(a["source"], a["reason"], a["detail"]) for a in answers if a["status"] == "skipped"]
        state.store.record_skipped_many(skipped)
        written = state.store.write(extractions) if extractions else 0
        if written:
            resolve_corpus(state.store)
    return {
        "ingested": written,
        "present": sum(1 for a in answers if a["status"] == "present"),
        "skipped": [{"source": s.source, "reason": s.reason, "detail": s.detail} for s in skipped],
        "documents": [a["id"] for a in answers if a["status"] in ("stored", "present")],
        "results": answers,
    }


def _answer(
    index: int,
    source: str,
    status: str,
    document: Document | None = None,
    reason: str | None = None,
    detail: str | None = None,
) -> dict[str, Any]:
    return {
        "index": index,
        "source": source,
        "status": status,
        "id": document.id if document else None,
        "reason": reason,
        "detail": detail,
        "notes": list(document.notes) if document else [],
    }
