"""Walks of the parse tree end, and tokens are never compared with ``is``.

spaCy builds a new ``Token`` on every access, so ``t.head is t`` is never
true, even at the root: a loop climbing "while t.head is not t" never ends.
That mistake hung ingest on the first real corpus tried.  The source scans
below keep it from coming back; the model tests run the sentence shapes that
once hung.
"""

from __future__ import annotations

import ast
import time
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "newsgraph"
PRAGMA = "# identity:"
CONSTANTS = (None, True, False, Ellipsis)


def _sources() -> list[tuple[Path, str, ast.Module]]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text("utf-8")
        out.append((path, text, ast.parse(text)))
    return out


def _is_constant(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value in CONSTANTS


def identity_comparisons(tree: ast.Module, lines: list[str]) -> list[tuple[int, str]]:
    """``a is b`` / ``a is not b`` where neither side is None/True/False and no
    ``# identity: <why>`` comment on the line above says the objects are not tokens."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        left = node.left
        for op, right in zip(node.ops, node.comparators, strict=True):
            if isinstance(op, ast.Is | ast.IsNot) and not (_is_constant(left) or _is_constant(right)):
                above = lines[node.lineno - 2] if node.lineno >= 2 else ""
                if PRAGMA not in above:
                    found.append((node.lineno, ast.unparse(node)))
            left = right
    return found


def unbounded_climbs(tree: ast.Module) -> list[tuple[int, str]]:
    """``while`` loops that step to a token's head (``t = t.head``): they must go
    through ``extract.tree.climb`` (bounded by the document's length) instead."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.While):
            continue
        for inner in ast.walk(node):
            if (
                isinstance(inner, ast.Assign)
                and isinstance(inner.value, ast.Attribute)
                and inner.value.attr == "head"
                and any(isinstance(t, ast.Name) for t in inner.targets)
            ):
                found.append((node.lineno, ast.unparse(inner)))
    return found


RECURSIVE = {"subtree"}  # Token.subtree and Span.subtree: spaCy walks them by recursion


def recursive_walks(tree: ast.Module) -> list[tuple[int, str]]:
    """Uses of ``Token.subtree`` (a recursive generator: a chain thousands of
    tokens deep overflowed the C stack): ``extract.tree.subtree`` does it with a loop."""
    return [
        (node.lineno, ast.unparse(node))
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in RECURSIVE
    ]


def test_no_recursive_walk_of_the_tree():
    bad = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: {code}"
        for path, _, tree in _sources()
        for line, code in recursive_walks(tree)
        if path.name != "tree.py"
    ]
    assert not bad, "walk a subtree with newsgraph.extract.tree.subtree (no recursion):\n" + "\n".join(bad)


def test_no_identity_comparison_of_tokens():
    bad = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: {code}"
        for path, text, tree in _sources()
        for line, code in identity_comparisons(tree, text.splitlines())
    ]
    assert not bad, (
        "compare spaCy tokens by index (a.i == b.i), never with `is`; where the objects are not "
        f"tokens, say so in a `{PRAGMA} ...` comment on the line above:\n" + "\n".join(bad)
    )


def test_no_unbounded_walk_up_the_tree():
    bad = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: {code}"
        for path, _, tree in _sources()
        for line, code in unbounded_climbs(tree)
    ]
    assert not bad, "climb the tree with newsgraph.extract.tree.climb (bounded):\n" + "\n".join(bad)


def test_the_scan_finds_the_mistake():
    """The scans would have caught the loop that hung ingest."""
    hung = "def f(t):\n    while t.head is not t:\n        t = t.head\n"
    tree = ast.parse(hung)
    assert identity_comparisons(tree, hung.splitlines()) == [(2, "t.head is not t")]
    assert unbounded_climbs(tree) == [(2, "t = t.head")]
    excused = "def f(a, b):\n    # identity: records, not tokens\n    return a is b\n"
    assert identity_comparisons(ast.parse(excused), excused.splitlines()) == []
    assert identity_comparisons(ast.parse("x is None"), ["x is None"]) == []
    assert recursive_walks(ast.parse("[t.i for t in token.subtree]")) == [(1, "token.subtree")]


def test_memoised_climbs_are_linear_in_the_sentence(make_doc):
    """Climbing from every word of a chain n deep takes about 2n steps with a memo, not n²/2."""
    from newsgraph.extract.tree import climb, memo_for

    n = 2000
    doc = make_doc(["war"] * n, heads=[min(i + 1, n - 1) for i in range(n)], deps=["compound"] * (n - 1) + ["ROOT"])
    steps = 0

    def go_on(t):
        nonlocal steps
        steps += 1
        return t.dep_ != "ROOT"

    memo = memo_for(doc, "test")
    assert all(climb(doc[i], go_on, memo).i == n - 1 for i in range(n))
    assert steps <= 2 * n
    assert climb(doc[0], lambda t: t.i < 10).i == 10  # without a memo, as before


def test_climb_stops_at_the_root_and_where_told(make_doc):
    from newsgraph.extract.tree import climb, is_root

    # "Russia would supply weapons ." : every token hangs off "supply" (the root)
    doc = make_doc(
        ["Russia", "would", "supply", "weapons", "."],
        heads=[2, 2, 2, 2, 2],
        deps=["nsubj", "aux", "ROOT", "dobj", "punct"],
    )
    assert climb(doc[0], lambda t: True).i == 2
    assert is_root(climb(doc[3], lambda t: t.dep_ != "ccomp"))
    assert climb(doc[0], lambda t: t.dep_ != "nsubj").i == 0


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        # "would" in a main clause with no clause above it: the shape that hung ingest
        "Russia would supply weapons to Pakistan.",
        "Russia would supply weapons to Pakistan if asked, officials said in a statement.",
        "Would Moscow really arm Islamabad?",
        "It would not be the first time.",
    ],
)
def test_shapes_that_once_hung_finish_with_their_events(nlp, text):
    start = time.perf_counter()
    doc = nlp(text)
    assert time.perf_counter() - start < 5, "extraction of one sentence took over 5 s"
    if text.startswith("Russia would supply"):
        assert [e.type for e in doc._.events] == ["AID"]
