"""Text normalisation, document ids, source labels and the English check.

A document's id is the hash of its normalised text, so the same article read
from a .txt file, an HTML page or a JSONL line is stored once.

Whatever comes in, what leaves here is valid Unicode without control
characters: lone surrogates (a JSON ``"\\ud800"``, a UTF-7 page) become
U+FFFD, NUL and other control characters are dropped, and ``repairs`` says
in words what was changed so the document can carry it as a note.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from pathlib import Path

from newsgraph.models import DateValue, Document
from newsgraph.terminal import shown

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")
_BLANKS = re.compile(r"\n{3,}")
# Control characters other than tab and newline carry nothing readable and break displays and exports.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\ufeff]")
# Line and page breaks among them, kept as line breaks.
_BREAKS = "\x0b\x0c\x85\u2028\u2029"
_LOST = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")  # control characters dropped, not breaks
_SURROGATE = re.compile("[\ud800-\udfff]")  # valid pairs were joined by the decoder: any left is lone
# In names and labels shown on one line: every control character, and the invisible direction marks.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")

# Common English function words: prose in English has many, other languages few.
_ENGLISH = frozenset(
    """the of and to in a is that for on with as was by it at from are be has have
    had not this but were or an its which will said their they he she his her been
    would who after over also than into about more there when we our can could no""".split()  # noqa: SIM905 - prose reads better
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def normalise(text: str) -> str:
    """NFC, unified line ends, no control characters or lone surrogates, collapsed spaces and blank
    lines, trimmed lines."""
    text = _SURROGATE.sub("\ufffd", text)
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub(lambda m: "\n" if m.group() in _BREAKS else "", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def repairs(text: str) -> list[str]:
    """What ``normalise`` will change in ``text`` beyond spacing, each as a sentence for the document's notes."""
    notes = []
    if nul := text.count("\x00"):
        notes.append(f"{nul:,} NUL character{'s' if nul > 1 else ''} removed")
    if lost := len(_LOST.findall(text)) - nul:
        notes.append(f"{lost:,} control character{'s' if lost > 1 else ''} removed")
    if lone := len(_SURROGATE.findall(text)):
        notes.append(f"{lone:,} invalid character{'s' if lone > 1 else ''} (lone UTF-16 surrogates) replaced by U+FFFD")
    return notes


def one_line(value: str | None) -> str | None:
    """A title, outlet or URL as one clean line: valid Unicode, no control characters; None when blank."""
    if value is None:
        return None
    value = _SURROGATE.sub("\ufffd", value)
    value = " ".join(_UNPRINTABLE.sub(" ", value).split())
    return value or None


def source_label(path: str | Path) -> str:
    """A path as a label that is safe to store, print and compare.

    File names are bytes on POSIX: bytes that are not UTF-8 are written
    ``\\xff`` and control characters (a terminal escape in a name) ``\\x1b``,
    so every message and table shows the name without a terminal obeying it.
    """
    return shown(os.fsencode(path).decode("utf-8", errors="backslashreplace"), line=True)


def text_label(value: str) -> str:
    """A source given as text (a POSTed ``source``) as a label: valid Unicode, on one line, escaped."""
    return shown(_SURROGATE.sub("\ufffd", value), line=True)


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
    notes: tuple[str, ...] = (),
) -> Document:
    clean = normalise(text)
    return Document(
        id=document_id(clean),
        source=source,
        text=clean,
        title=one_line(title),
        outlet=one_line(outlet),
        url=one_line(url),
        published=published,
        language="en",
        notes=notes,
    )
