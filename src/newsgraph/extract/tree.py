"""Walking a dependency tree without getting lost in it.

spaCy builds a new ``Token`` object on every access, so ``t.head is t`` is
never true, even at the root: tokens are compared by index (``.i``), never
with ``is`` (``tests/test_tree_walks.py`` scans the package for the mistake).
Every walk here is bounded by the document's length, so even a malformed tree
(heads set by hand into a cycle) ends instead of spinning.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Token


def is_root(token: Token) -> bool:
    return token.head.i == token.i


def climb(token: Token, go_on: Callable[[Token], bool], memo: dict[int, int] | None = None) -> Token:
    """From ``token`` up through its heads while ``go_on`` holds; the token
    where it stopped (the first for which ``go_on`` is false, or the root).

    ``memo`` (from ``memo_for``) shares the work of climbs with the same
    ``go_on``, which must depend on nothing but the token it is given: every
    token passed on the way is answered once, so climbing from each word of a
    sentence costs its length, not its length times its depth.
    """
    doc = token.doc
    t = token
    passed: list[int] = []
    for _ in range(len(doc)):
        if memo is not None and t.i in memo:
            t = doc[memo[t.i]]
            break
        if is_root(t) or not go_on(t):
            break
        passed.append(t.i)
        t = t.head
    else:  # heads set by hand into a cycle: stop, and remember nothing
        return t
    if memo is not None:
        memo.update(dict.fromkeys(passed, t.i))
        memo[t.i] = t.i
    return t


def memo_for(doc: Doc, name: str) -> dict[int, int]:
    """The document's memo for the climbs called ``name`` (kept with the Doc: its tree no longer changes)."""
    memo: dict[int, int] = doc.user_data.setdefault(f"newsgraph.climb.{name}", {})
    return memo


def subtree(token: Token) -> list[Token]:
    """``token`` and everything under it, in text order: the tokens of
    ``Token.subtree`` without its recursion, which a degenerate parse (a chain
    thousands of tokens deep) turns into a C stack overflow.

    The subtree lies within ``left_edge .. right_edge``; a token there belongs
    to it when its way up reaches ``token`` before leaving that range (a
    non-projective parse can put other tokens between the edges).  Each
    token's answer is kept, so the walk is linear in the range.
    """
    doc = token.doc
    lo, hi = token.left_edge.i, token.right_edge.i
    inside: dict[int, bool] = {token.i: True}
    for i in range(lo, hi + 1):
        path: list[int] = []
        j = i
        while j not in inside:
            path.append(j)
            head = doc[j].head.i
            if head == j or not lo <= head <= hi or len(path) > hi - lo:
                inside[j] = False
                break
            j = head
        verdict = inside[j]
        for k in path:
            inside[k] = verdict
    return [doc[i] for i in range(lo, hi + 1) if inside[i]]
