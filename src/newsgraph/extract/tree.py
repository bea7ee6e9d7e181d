"""Walking a dependency tree without getting lost in it.

spaCy builds a new ``Token`` object on every access, so ``t.head is t`` is
never true, even at the root: tokens are compared by index (``.i``), never
with ``is`` (``tests/test_tree_walks.py`` scans the package for the mistake).
Every walk here is bounded by the document's length, so even a malformed tree
(heads set by hand into a cycle) ends instead of spinning.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token


def is_root(token: Token) -> bool:
    return token.head.i == token.i


def climb(token: Token, go_on: Callable[[Token], bool]) -> Token:
    """From ``token`` up through its heads while ``go_on`` holds; the token
    where it stopped (the first for which ``go_on`` is false, or the root)."""
    t = token
    for _ in range(len(token.doc)):
        if is_root(t) or not go_on(t):
            break
        t = t.head
    return t
