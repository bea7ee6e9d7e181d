"""Text search over documents, quotes, event evidence and claims, paged in DuckDB.

Hits come in four runs, in this order: documents (newest first), quotes,
events (in reading order) and claims; a page takes what it needs from each
run with LIMIT/OFFSET, so a common word in a big store costs one page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newsgraph.errors import QueryError
from newsgraph.query.pages import Page, page

if TYPE_CHECKING:
    from newsgraph.query.corpus import Corpus

SNIPPET = 90  # characters of context either side of a hit

# kind -> (FROM ... WHERE over $q, ORDER BY, the columns a hit is made of)
_RUNS: dict[str, tuple[str, str, str]] = {
    "document": (
        "documents WHERE strpos(lower(text), lower($q)) > 0 OR strpos(lower(coalesce(title, '')), lower($q)) > 0",
        "published DESC NULLS LAST, source, id",
        "id, id AS document, title, text, 0 AS offset_",
    ),
    "quote": (
        "quotes q LEFT JOIN documents d ON d.id = q.document WHERE strpos(lower(q.text), lower($q)) > 0",
        "q.document, q.start_char, q.id",
        "q.id, q.document, d.title, q.text, q.start_char AS offset_",
    ),
    "event": (
        "events e LEFT JOIN documents d ON d.id = e.document WHERE strpos(lower(e.evidence), lower($q)) > 0",
        "e.document, e.start_char, e.id",
        "e.id, e.document, d.title, e.evidence AS text, e.start_char AS offset_",
    ),
    "claim": (
        "claims c WHERE strpos(lower(c.proposition), lower($q)) > 0 OR EXISTS (SELECT 1 FROM claim_stances s "
        "WHERE s.claim = c.id AND strpos(lower(s.evidence), lower($q)) > 0)",
        "c.id",
        "c.id, NULL AS document, c.proposition AS title, c.proposition AS text, NULL AS offset_",
    ),
}


def search(corpus: Corpus, q: str, limit: int | None, offset: int) -> Page:
    """Case-insensitive hits of ``q``, ``limit`` of them from ``offset`` on."""
    needle = q.strip()
    if len(needle) < 2:
        raise QueryError("search needs at least 2 characters")
    con = corpus.store.con
    params = {"q": needle}
    counts = {kind: int(corpus.value(f"SELECT count(*) FROM {src}", params)) for kind, (src, _, _) in _RUNS.items()}
    total = sum(counts.values())
    hits: list[dict[str, Any]] = []
    skip, room = offset, (total if limit is None else limit)
    for kind, (src, order, columns) in _RUNS.items():
        if room <= 0:
            break
        if skip >= counts[kind]:
            skip -= counts[kind]
            continue
        rows = con.execute(
            f"SELECT {columns} FROM {src} ORDER BY {order} LIMIT {int(room)} OFFSET {int(skip)}", params
        ).fetchall()
        skip = 0
        room -= len(rows)
        for id_, document, title, text, offset_ in rows:
            hits.append(_hit_of(corpus, kind, id_, document, title, text, offset_, needle))
    return page(total, limit, offset, hits)


def _hit_of(
    corpus: Corpus,
    kind: str,
    id_: str,
    document: str | None,
    title: str | None,
    text: str,
    offset_: int | None,
    needle: str,
) -> dict[str, Any]:
    folded = needle.casefold()
    if kind == "document":
        pos = text.casefold().find(folded)
        if pos < 0:  # matched the title only
            return _hit(
                kind, id_, document, title, title or "", (title or "").casefold().find(folded), len(needle), None
            )
        return _hit(kind, id_, document, title, text, pos, len(needle), 0)
    if kind == "claim":
        # the proposition if it matches, else the first stance's evidence that does (reading order)
        pos = text.casefold().find(folded)
        stances = corpus.store.con.execute(
            "SELECT document, evidence, start_char FROM claim_stances WHERE claim = ? ORDER BY document, start_char",
            [id_],
        ).fetchall()
        first_doc = stances[0][0] if stances else None
        if pos >= 0:
            return _hit(kind, id_, first_doc, title, text, pos, len(needle), None)
        for doc, evidence, start in stances:
            pos = evidence.casefold().find(folded)
            if pos >= 0:
                return _hit(kind, id_, doc, title, evidence, pos, len(needle), start)
        return _hit(kind, id_, first_doc, title, text, 0, 0, None)  # lower() and casefold() disagree
    return _hit(kind, id_, document, title, text, max(text.casefold().find(folded), 0), len(needle), offset_)


def _hit(
    kind: str,
    id_: str,
    document: str | None,
    title: str | None,
    text: str,
    pos: int,
    length: int,
    offset: int | None,
) -> dict[str, Any]:
    lo, hi = max(0, pos - SNIPPET), min(len(text), pos + length + SNIPPET)
    lead = 1 if lo else 0
    return {
        "kind": kind,
        "id": id_,
        "document": document,
        "title": title,
        "snippet": ("…" if lo else "") + text[lo:hi] + ("…" if hi < len(text) else ""),
        # where the match sits inside the snippet, so a client can mark it without parsing HTML
        "match": {"start": pos - lo + lead, "end": pos - lo + lead + length},
        "start": None if offset is None else offset + pos,
    }
