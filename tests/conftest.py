"""Shared fixtures.

* ``nlp``: the real configured pipeline (session-scoped; tests using it carry
  the ``model`` marker).
* ``make_doc``: build a spaCy ``Doc`` by hand from words, heads, deps, tags
  and entities, so rule logic is tested without a statistical model.
* ``seeds_dir``: ../shared/seeds, or the test is skipped when it is absent.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc, Span

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def options():
    from newsgraph.config import default_options

    return default_options()


@pytest.fixture(scope="session")
def nlp(options):
    from newsgraph.nlp.language import build_cached

    return build_cached(options)


@pytest.fixture(scope="session")
def blank_nlp():
    import newsgraph.nlp.language  # noqa: F401  (registers extensions and components)

    return spacy.blank("en")


@pytest.fixture
def make_doc(blank_nlp) -> Callable[..., Doc]:
    """make_doc(words, heads=None, deps=None, tags=None, pos=None, lemmas=None,
    ents=[(start, end, label)], spaces=None, sent_starts=None) -> Doc

    ``heads`` are absolute token indices (a root points at itself).
    """

    def build(
        words: list[str],
        heads: list[int] | None = None,
        deps: list[str] | None = None,
        tags: list[str] | None = None,
        pos: list[str] | None = None,
        lemmas: list[str] | None = None,
        ents: list[tuple[int, int, str]] | None = None,
        spaces: list[bool] | None = None,
        sent_starts: list[bool] | None = None,
    ) -> Doc:
        if spaces is None:
            spaces = [
                not (i + 1 < len(words) and words[i + 1] in {".", ",", "'s", ":", ";", "?", "!", "”", "’"})
                for i in range(len(words))
            ]
        doc = Doc(
            blank_nlp.vocab,
            words=words,
            spaces=spaces,
            heads=heads,
            deps=deps,
            tags=tags,
            pos=pos,
            lemmas=lemmas if lemmas is not None else [w.lower() for w in words],
            sent_starts=sent_starts,
        )
        if ents:
            doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
        return doc

    return build


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    path = SHARED / "seeds"
    if not path.is_dir():
        pytest.skip("../shared/seeds is not present beside the project")
    return path


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES
