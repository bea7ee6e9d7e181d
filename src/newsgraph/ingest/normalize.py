"""Text normalisation, document ids and the English check.

A document's id is the hash of its normalised text, so the same article read
from a .txt file, an HTML page or a JSONL line is stored once.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from newsgraph.models import DateValue, Document

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")
_BLANKS = re.compile(r"\n{3,}")
# Control characters other than tab and newline carry nothing readable and break displays and exports.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\ufeff]")

# Common English function words: prose in English has many, other languages few.
_ENGLISH = frozenset(
    """the of and to in a is that for on with as was by it at from are be has have
    had not this but were or an its which will said their they he she his her been
    would who after over also than into about more there when we our can could no""".split()  # noqa: SIM905 - prose reads better
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def normalise(text: str) -> str:
    """NFC, unified line ends, no control characters, collapsed spaces and blank lines, trimmed lines."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub(lambda m: "\n" if m.group() in "\x0b\x0c\x85\u2028\u2029" else "", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def document_id(text: str) -> str:
    """``doc-`` + 16 hex digits of the SHA-256 of the normalised, case-folded text."""
    key = " ".join(normalise(text).casefold().split())
    return "doc-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def english_ratio(text: str, sample_words: int = 2000) -> float:
    """Share of the first words that are common English function words."""
    words = _WORD.findall(text[:40_000])[:sample_words]
    if not words:
        return 0.0
    return sum(1 for w in words if w.lower() in _ENGLISH) / len(words)


def make_document(
    text: str,
    *,
    source: str,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    published: DateValue | None = None,
) -> Document:
    clean = normalise(text)
    return Document(
        id=document_id(clean),
        source=source,
        text=clean,
        title=title,
        outlet=outlet,
        url=url,
        published=published,
        language="en",
    )
