"""Text from articles and file names, made safe to print on a terminal.

What newsgraph prints comes from outside: file names, titles, quotes,
evidence.  A terminal obeys escape sequences (``\\x1b[2J`` clears the screen,
others retitle the window or move the cursor), and Rich reads ``[bold]`` or
``[/]`` inside a string as markup -- a quote with ``[/]`` in it would end
the command with a ``MarkupError``.  So every value from the data goes out
through ``shown`` (control characters written as ``\\x1b``) and is never
read as markup: ``Table`` here wraps every cell in a plain ``Text``, and
``markup_safe`` escapes a value placed inside a message that has markup.
"""

from __future__ import annotations

import re
from typing import Any

from rich.markup import escape
from rich.table import Table as RichTable
from rich.text import Text

# Control characters (but tab and line break), DEL and C1 controls, bidirectional overrides, and
# lone surrogates (bytes of a file name that are not UTF-8 arrive as U+DC80-U+DCFF).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# The same on one line: tab, line breaks and line separators too.
_UNSAFE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")


def shown(value: object, *, line: bool = False) -> str:
    """``value`` as a string whose control characters are written as escapes (``\\x1b``).

    ``line``: a value that must stay on one line (a file name), so tabs and line breaks are escaped too.
    """
    return (_UNSAFE_LINE if line else _UNSAFE).sub(_escape, str(value))


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (os.fsdecode's surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def markup_safe(value: object) -> str:
    """``value`` for an f-string that is printed with Rich markup: escaped, and no markup of its own."""
    return escape(shown(value))


class Table(RichTable):
    """A Rich table whose string cells are shown as they are: never markup, never control characters."""

    def add_row(self, *renderables: Any, **kwargs: Any) -> None:
        cells = [Text(shown(cell)) if isinstance(cell, str) else cell for cell in renderables]
        super().add_row(*cells, **kwargs)
