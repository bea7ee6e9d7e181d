"""The acceptance rules every door applies: files, JSON Lines lines and ``POST /api/documents``.

A text becomes a ``Document`` only through ``accept``, so the command line
and the API store and skip exactly the same texts:

- ``binary``: more than 5% of the text is control characters (a file read as
  text by mistake, an image pasted into a JSON string).  A few stray ones --
  a NUL someone escaped into a JSON string -- are removed instead, and the
  document's notes say so.  (A *file* with NUL bytes is refused before it is
  decoded: see ``decode.refuse_binary``.)
- ``empty``: fewer than ``ingest.min_chars`` characters after normalisation.
- ``too_large``: more than ``nlp.max_chars`` characters after normalisation.
- ``not_english``: fewer English function words than ``ingest.min_english_ratio``.

Lone surrogates are replaced (``normalise``) and noted; metadata values that
could not be used are noted too (``Metadata.notes``).
"""

from __future__ import annotations

import re
from typing import Any

from newsgraph.config import Options
from newsgraph.errors import IngestError
from newsgraph.ingest.metadata import Metadata, metadata_from
from newsgraph.ingest.normalize import english_ratio, make_document, normalise, one_line, repairs
from newsgraph.models import Document

# A first line this short, without a closing full stop, is a headline rather than a paragraph.
HEADLINE_MAX_CHARS = 160
HEADLINE_MAX_WORDS = 28

# Control characters other than tab, line and page breaks and escape: the same set decode.refuse_binary counts.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_MAX_CONTROL_SHARE = 0.05
_SAMPLE = 65536


def accept(text: str, source: str, metadata: Metadata, options: Options, *, plain: bool = False) -> Document:
    """Normalise ``text`` and check it is an English article of a workable size; ``IngestError`` if not.

    ``plain`` texts (no markup that gave a title) take their first line as the title when it reads as one.
    """
    refuse_binary_text(text, source)
    notes = (*repairs(text), *metadata.notes)
    clean = normalise(text)
    if len(clean) < options.ingest.min_chars:
        detail = "no text" if not clean else f"only {len(clean)} characters of text"
        raise IngestError(
            source, "empty", f"{detail} after normalisation; ingest.min_chars is {options.ingest.min_chars}"
        )
    if len(clean) > options.nlp.max_chars:
        raise IngestError(
            source,
            "too_large",
            f"{len(clean):,} characters of text; nlp.max_chars is {options.nlp.max_chars:,} "
            "(split the file into articles, or raise nlp.max_chars if memory allows)",
        )
    ratio = english_ratio(clean)
    if ratio < options.ingest.min_english_ratio:
        raise IngestError(
            source,
            "not_english",
            f"not English ({ratio:.0%} English function words, ingest.min_english_ratio is "
            f"{options.ingest.min_english_ratio:.0%}); newsgraph reads English only",
        )
    title = metadata.title if metadata.title is not None or not plain else headline(clean)
    return make_document(
        clean,
        source=source,
        title=title,
        outlet=metadata.outlet,
        url=metadata.url,
        published=metadata.published,
        notes=notes,
    )


def accept_record(record: dict[str, Any], source: str, options: Options) -> Document:
    """A JSON object with the article as ``"text"`` (a JSON Lines line, a POSTed document) as a document.

    Its ``title``, ``outlet``, ``url`` and ``published`` are read as a sidecar row's are.
    """
    text = record.get("text")
    if not isinstance(text, str):
        keys = ", ".join(sorted(_clip(one_line(str(k)) or "''") for k in record)[:12]) or "none"
        kind = type(text).__name__
        what = 'has no "text" field' if text is None else f'has a "text" that is not a string but a {kind}'
        raise IngestError(source, "malformed", f'line {what} (keys: {keys}); each line needs the article as "text"')
    return accept(text, source, metadata_from(record, source), options, plain=True)


def _clip(key: str, limit: int = 40) -> str:
    return key if len(key) <= limit else key[: limit - 1] + "…"


def refuse_binary_text(text: str, source: str) -> None:
    """``IngestError(binary)`` when decoded text is mostly control characters."""
    head = text[:_SAMPLE]
    control = len(_CONTROL.findall(head))
    if head and control > _MAX_CONTROL_SHARE * len(head):
        raise IngestError(
            source,
            "binary",
            f"not text ({control * 100 // len(head)}% control characters"
            + (", NUL among them" if "\x00" in head else "")
            + "); send the article's text, not the bytes of a file",
        )


def headline(text: str) -> str | None:
    """The first line when it reads as a headline; the text keeps it either way.

    A headline is short, has no closing full stop, colon or comma, and is set
    off from the body: by a blank line, or by being much shorter than the
    paragraph that follows (hard-wrapped prose has lines of similar length).
    """
    first, newline, rest = text.partition("\n")
    first = first.strip()
    if not newline or not rest.strip() or first.startswith("By "):
        return None
    if not 2 <= len(first.split()) <= HEADLINE_MAX_WORDS or len(first) > HEADLINE_MAX_CHARS:
        return None
    if first.endswith((".", ",", ":", ";", "-", "—")) and not first.endswith("..."):
        return None
    if rest.startswith("\n"):
        return first
    following = rest.split("\n", 1)[0].strip()
    return first if len(following) >= 2 * len(first) else None
