"""Markdown to plain text: keep the prose, drop the markup.

Headings, paragraphs, list items and block quotes become paragraphs of their
own; emphasis, links (their text stays) and inline code lose their markup;
images, raw HTML blocks and code blocks are dropped, since none of them is
article prose.  A leading ``---`` front-matter block of ``key: value`` lines
(as static-site generators write) supplies metadata.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt

from newsgraph.ingest.metadata import Metadata, metadata_from

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_KEYS = {
    "title": "title",
    "date": "published",
    "published": "published",
    "url": "url",
    "outlet": "outlet",
    "source": "outlet",
    "publisher": "outlet",
}
_BLOCKS = frozenset({"paragraph_open", "heading_open", "list_item_open", "blockquote_open"})


@dataclass(frozen=True)
class MarkdownText:
    text: str
    metadata: Metadata


def markdown_to_text(source_text: str, source: str) -> MarkdownText:
    front: dict[str, Any] = {}
    if match := _FRONT_MATTER.match(source_text):
        for line in match.group(1).splitlines():
            key, sep, value = line.partition(":")
            if sep and key.strip().lower() in _FRONT_KEYS:
                front[_FRONT_KEYS[key.strip().lower()]] = value.strip().strip("\"'")
        source_text = source_text[match.end() :]
    paragraphs: list[str] = []
    title: str | None = None
    tokens = MarkdownIt("commonmark").parse(source_text)
    for i, token in enumerate(tokens):
        if token.type != "inline" or i == 0 or tokens[i - 1].type not in _BLOCKS:
            continue
        line = "".join(_inline_text(child) for child in token.children or ()).strip()
        if not line:
            continue
        if tokens[i - 1].type == "heading_open" and tokens[i - 1].tag == "h1" and not paragraphs and title is None:
            title = line
        paragraphs.append(line)
    metadata = metadata_from(front, source).over(Metadata(title=title))
    return MarkdownText("\n\n".join(paragraphs), metadata)


def _inline_text(token: Any) -> str:
    if token.type in ("text", "code_inline"):
        return str(token.content)
    if token.type == "softbreak":
        return " "
    if token.type == "hardbreak":
        return "\n"
    return ""  # markup (em_open, link_open …), images and inline HTML carry no prose
