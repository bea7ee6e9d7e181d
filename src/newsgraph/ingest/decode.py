"""Bytes to text, or a reason a person can act on.

Policy, in order:

1. A byte-order mark decides: UTF-8, UTF-16 or UTF-32 with a BOM decode as
   such (strictly).
2. Without a BOM, NUL bytes or a high share of control bytes mean the file is
   not text at all (a PDF, an image, a word-processor file): ``binary``.
3. Strict UTF-8 (or the charset an HTML page declares, when Python knows it).
4. Windows-1252, the commonest non-UTF-8 encoding of English news text (old
   CMS exports, Word's curly quotes), but only when every byte is defined in
   it *and* the result is overwhelmingly ASCII, as English prose is.  Anything
   else is ``undecodable``: guessing further (Shift-JIS? KOI8-R?) would turn
   foreign text into confident mojibake.

UTF-16 without a BOM is reported as binary (its NUL bytes look the same).
"""

from __future__ import annotations

import codecs
import re

from newsgraph.errors import IngestError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# File signatures worth naming in the message, so the fix is obvious.
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx/.epub file)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"),
    (b"{\\rtf", "an RTF document"),
)

# Control bytes other than tab, newline, vertical tab, form feed, carriage return and escape.
_CONTROL = frozenset(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B}
_MAX_CONTROL_SHARE = 0.05
_MIN_ASCII_SHARE_CP1252 = 0.9
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)

SUPPORTED = "UTF-8 (with or without BOM), UTF-16/UTF-32 with a BOM, or clean Windows-1252"


def decode(data: bytes, source: str, *, html: bool = False) -> str:
    """Decode ``data`` following the policy above; raise ``IngestError`` when it is not text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise IngestError(
                    source,
                    "undecodable",
                    f"starts with a {encoding} byte-order mark but is not valid {encoding} "
                    f"(bad bytes at offset {exc.start}); re-save it as UTF-8",
                ) from None
    refuse_binary(data, source)
    declared = _declared_charset(data) if html else None
    if declared and declared not in ("utf-8", "windows-1252"):
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass  # pages often lie about their charset; fall through to the usual policy
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    if not _CP1252_UNDEFINED.intersection(data):
        text = data.decode("cp1252")
        if sum(1 for ch in text if ch < "\x80") >= _MIN_ASCII_SHARE_CP1252 * len(text):
            return text
    raise IngestError(
        source,
        "undecodable",
        f"not valid UTF-8 (first bad byte at offset {first_bad}) and not clean Windows-1252 text; "
        f"newsgraph reads {SUPPORTED}: re-save the file as UTF-8",
    )


def refuse_binary(data: bytes, source: str) -> None:
    head = data[:65536]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise IngestError(source, "binary", f"binary file ({what}); extract its text to .txt or .html first")
    if b"\x00" in head:
        raise IngestError(
            source,
            "binary",
            "binary file (contains NUL bytes); newsgraph reads text, HTML, Markdown and JSON Lines "
            "(UTF-16 text needs a byte-order mark)",
        )
    control = sum(1 for b in head if b in _CONTROL)
    if head and control > _MAX_CONTROL_SHARE * len(head):
        raise IngestError(
            source,
            "binary",
            f"binary file ({control * 100 // len(head)}% control bytes); "
            "newsgraph reads text, HTML, Markdown and JSON Lines",
        )


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name.replace("cp1252", "windows-1252")
    except (LookupError, UnicodeDecodeError):
        return None
