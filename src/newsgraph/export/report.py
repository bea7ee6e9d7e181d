"""``newsgraph report``: one self-contained HTML file.

The report is the web UI itself (the same CSS and JavaScript from
``newsgraph/web/static``) inlined into one page, with the answers to the
API calls the UI makes embedded as JSON.  It opens from disk, works offline,
and makes no network request: its Content-Security-Policy allows only the
inline scripts and style it carries (by hash) and no connections at all.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsgraph.query import Corpus

if TYPE_CHECKING:
    from newsgraph.store import Store

SCRIPTS = ("core.js", "network.js", "relations.js", "claims.js", "document.js", "app.js")
# The report precomputes dyad series for every edge of the network; a corpus
# with more edges than this gets them for the busiest ones only.
MAX_DYADS = 400


def report_data(store: Store) -> dict[str, Any]:
    """Everything the UI asks the API for, answered in advance."""
    corpus = Corpus(store)
    summary = corpus.summary()
    years = _years(summary["event_dates"]["first"], summary["event_dates"]["last"])
    graphs: dict[str, Any] = {}
    for level in ("actor", "state"):
        graphs[f"{level}|"] = corpus.graph(level=level)
        for year in years:
            graphs[f"{level}|{year}"] = corpus.graph(level=level, since=year, until=year)
    pairs: list[tuple[str, str]] = []
    for level in ("actor", "state"):
        edges = sorted(graphs[f"{level}|"]["edges"], key=lambda e: -(e["events"] + e["set_apart"]))
        pairs += [(e["source"], e["target"]) for e in edges]
    dyads: dict[str, Any] = {}
    for a, b in list(dict.fromkeys(pairs))[:MAX_DYADS]:
        for by in ("year", "quarter"):
            dyads[f"{a}|{b}|{by}"] = corpus.relation(a, b, by)
            dyads[f"{b}|{a}|{by}"] = corpus.relation(b, a, by)
    documents = corpus.documents().items
    return {
        "summary": summary,
        "actors": corpus.actors().items,
        "documents": documents,
        "details": {d["id"]: corpus.document(d["id"]) for d in documents},
        "events": corpus.events().items,
        "quotes": corpus.quotes().items,
        "claims": corpus.claims().items,
        "relations": corpus.relations("year").items,
        "graphs": graphs,
        "dyads": dyads,
    }


def dump(data: Any) -> str:
    """JSON for embedding inside an HTML <script> element (no "</script>" breakout)."""
    return (
        json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _years(first: str | None, last: str | None) -> list[str]:
    if not first or not last:
        return []
    return [str(y) for y in range(int(first[:4]), int(last[:4]) + 1)]


def _static(name: str) -> str:
    return resources.files("newsgraph.web").joinpath("static", name).read_text("utf-8")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def render_report(store: Store, title: str = "newsgraph report") -> str:
    """The report as one HTML string."""
    data = report_data(store)
    css = _static("style.css")
    scripts = []
    for name in SCRIPTS:
        source = _static(name)
        if "</script" in source.lower():  # would end the inline <script> element early
            raise ValueError(f"web/static/{name} contains '</script' and cannot be inlined")
        scripts.append(f"\n/* {name} */\n{source}")
    csp = (
        "default-src 'none'; img-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'; "
        f"style-src {_sha256(css)}; script-src {' '.join(_sha256(s) for s in scripts)}"
    )
    head = (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(csp, quote=False)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n"
        '<div id="app"><noscript>This report needs JavaScript to draw its views.</noscript></div>\n'
        f'<script type="application/json" id="newsgraph-data">{dump(data)}</script>\n'
    )
    body = "".join(f"<script>{s}</script>\n" for s in scripts)
    return head + body + "</body>\n</html>\n"


def write_report(store: Store, out: str | Path) -> str:
    """Write the report to ``out``; return a one-line description."""
    from newsgraph.export import output_file

    with output_file(out, make_folder=True):
        page = render_report(store)
        Path(out).write_text(page, "utf-8")
    return f"{len(page.encode('utf-8')) // 1024} KiB, self-contained"
