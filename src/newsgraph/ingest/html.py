"""HTML pages: the article's main text, title and publication date.

trafilatura finds the main text and drops boilerplate (navigation, cookie
banners, footers, comments); htmldate reads the publication date from the
page's own markup (meta tags, structured data, ``<time>``) and is not allowed
to guess from the body text, so a date shown as ``metadata`` came from the
publisher.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsgraph.errors import IngestError
from newsgraph.ingest.metadata import Metadata, parse_published


@dataclass(frozen=True)
class Page:
    text: str
    metadata: Metadata


def extract_page(html: str, source: str, min_chars: int = 1) -> Page:
    """Main text of an article page; ``IngestError`` (malformed) when it has less than ``min_chars``."""
    import trafilatura
    from htmldate import find_date

    try:
        result = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
        )
    except Exception as exc:  # trafilatura raises assorted lxml errors on broken markup
        raise IngestError(source, "malformed", f"HTML could not be parsed: {type(exc).__name__}: {exc}") from None
    text = (getattr(result, "text", None) or "").strip() if result is not None else ""
    if len(text) < min_chars:
        raise IngestError(
            source,
            "malformed",
            "no article text found in this HTML page (only navigation or boilerplate); "
            "save the article page itself, or its text as .txt",
        )
    try:
        date = find_date(html, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # htmldate is a best-effort reader; a page without a date is normal
        date = None
    # trafilatura separates paragraphs with single newlines; blank lines keep them apart after normalisation.
    paragraphs = [line.strip() for line in text.split("\n") if line.strip()]
    metadata = Metadata(
        title=(getattr(result, "title", None) or None),
        outlet=(getattr(result, "sitename", None) or None),
        url=(getattr(result, "url", None) or None),
        published=parse_published(date),
    )
    return Page("\n\n".join(paragraphs), metadata)
