"""Bytes to text, or a reason a person can act on.

Policy, in order:

1. A byte-order mark decides: UTF-8, UTF-16 or UTF-32 with a BOM decode as
   such (strictly).
2. Without a BOM, UTF-16 (little- or big-endian) is recognised by its NUL
   bytes: text that is mostly Latin script puts a NUL in every other byte,
   on one side only, as a Windows "Unicode" export without a BOM does.  Such
   a file decodes as UTF-16 when it decodes strictly and reads as text.
   Otherwise NUL bytes or a high share of control bytes mean the file is not
   text at all (a PDF, an image, a word-processor file): ``binary``.
3. The charset an HTML page declares, when it names a character encoding
   that keeps ASCII as ASCII (a page whose ``<meta>`` we could read in ASCII
   is not UTF-16), and the page decodes in it.  Python's codec registry also
   holds transforms (``hex``, ``base64``, ``rot13``, ``zlib``) and codecs
   that are not charsets (``punycode``, ``idna``, ``unicode_escape``): a page
   naming one of those is read as if it declared nothing.
4. Strict UTF-8.
5. UTF-8 with the bytes that are not UTF-8 read as Windows-1252, the
   commonest non-UTF-8 encoding of English news text (old CMS exports, Word's
   curly quotes, a UTF-8 file with one pasted Windows paragraph), but only
   when every such byte is defined in Windows-1252 *and* the result is
   overwhelmingly ASCII, as English prose is.  Anything else is
   ``undecodable``: guessing further (Shift-JIS? KOI8-R?) would turn foreign
   text into confident mojibake.

UTF-16 without a BOM whose text is not mostly Latin script (no NUL byte in
every other position) is reported as binary: nothing tells it from binary
data.  No input makes ``decode`` raise anything but ``IngestError``.
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
_MIN_NUL_SHARE_UTF16 = 0.9  # of the high bytes, in UTF-16 text without a BOM
_MIN_ASCII_SHARE_CP1252 = 0.9

# Text encodings in Python's registry that no web page means by its charset.
_NOT_CHARSETS = frozenset({"idna", "punycode", "undefined", "unicode-escape", "raw-unicode-escape", "utf-7"})
_ASCII_PROBE = bytes(range(0x20, 0x7F)) + b"\t\n\r"

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)

SUPPORTED = (
    "UTF-8 (with or without BOM), UTF-16/UTF-32 with a BOM, UTF-16 of mostly Latin-script text without one, "
    "or clean Windows-1252"
)


def decode(data: bytes, source: str, *, html: bool = False) -> str:
    """Decode ``data`` following the policy above; raise ``IngestError`` when it is not text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                if bom == codecs.BOM_UTF32_LE:
                    continue  # or UTF-16 LE text that starts with a NUL character: try that next
                raise IngestError(
                    source,
                    "undecodable",
                    f"starts with a {encoding} byte-order mark but is not valid {encoding} "
                    f"(bad bytes at offset {exc.start}); re-save it as UTF-8",
                ) from None
    text = _utf16_without_bom(data)
    if text is not None:
        return text
    refuse_binary(data, source)
    declared = _declared_charset(data) if html else None
    if declared and declared not in ("utf-8", "windows-1252"):
        try:
            return data.decode(declared)
        except Exception:  # pages lie about their charset; any codec failure means: ignore it
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    try:
        text = data.decode("utf-8", errors=_CP1252_FALLBACK)
    except UnicodeDecodeError:  # a byte Windows-1252 leaves undefined
        text = ""
    if text and sum(1 for ch in text if ch < "\x80") >= _MIN_ASCII_SHARE_CP1252 * len(text):
        return text
    raise IngestError(
        source,
        "undecodable",
        f"not valid UTF-8 (first bad byte at offset {first_bad}) and not clean Windows-1252 text; "
        f"newsgraph reads {SUPPORTED}: re-save the file as UTF-8",
    )


def _utf16_without_bom(data: bytes) -> str | None:
    """The text of UTF-16 without a BOM, when the NUL bytes show it (policy 2); else None."""
    head = data[:65536]
    if len(data) % 2 or len(head) < 4 or b"\x00" not in head or any(head.startswith(m) for m, _ in _MAGIC):
        return None
    half = len(head) // 2
    for high, encoding in ((1, "utf-16-le"), (0, "utf-16-be")):
        # the high byte of each character is NUL for ASCII, the low byte never is
        if head[high::2].count(0) >= _MIN_NUL_SHARE_UTF16 * half and head[1 - high :: 2].count(0) == 0:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            sample = text[:32768]
            if sum(1 for ch in sample if ord(ch) in _CONTROL) <= _MAX_CONTROL_SHARE * len(sample):
                return text
            return None
    return None


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
            "(UTF-16 text that is not mostly Latin script needs a byte-order mark)",
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
    """The charset a page's ``<meta>`` names, when it is one worth trying (see the policy above)."""
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    try:
        codec = codecs.lookup(match.group(1).decode("ascii"))
        if not codec._is_text_encoding or codec.name in _NOT_CHARSETS:
            return None
        if codec.decode(_ASCII_PROBE)[0] != _ASCII_PROBE.decode("ascii"):
            return None
    except Exception:  # an unknown, odd or broken codec is no charset to honour
        return None
    return codec.name.replace("cp1252", "windows-1252")


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Read the bytes UTF-8 rejects as Windows-1252 (undefined bytes still fail)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start : exc.end].decode("cp1252"), exc.end


_CP1252_FALLBACK = "newsgraph-utf8-cp1252"
codecs.register_error(_CP1252_FALLBACK, _cp1252_fallback)
