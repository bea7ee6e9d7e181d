"""newsgraph's spaCy layer: the ``Language`` it runs and the parts that make it fast.

* ``language``: builds the pipeline from ``Options``, registers the
  extensions and every newsgraph component (see its docstring).
* ``attribute_table``, ``lemma_table``: table-driven stand-ins for the
  model's attribute ruler and lemmatizer, with the same output.
* ``doctext``: a ``Doc``'s text, built once per document.

The names of ``language`` (``build``, ``build_cached``, ``load_model``, the
factories) are also reachable here, because the ``spacy_factories`` entry
points and older configs name ``newsgraph.nlp:make_events`` and the like.
They load on first use, not on import: ``language`` imports the extractors,
and the extractors import ``newsgraph.nlp.doctext``, so an eager import here
would run the package in a circle.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsgraph.nlp.language import (
        COMPONENTS,
        FACTORIES,
        build,
        build_cached,
        line_breaks,
        load_model,
        make_actor_component,
        make_dates,
        make_events,
        make_quotes,
        make_stances,
        register_extensions,
    )

__all__ = [
    "COMPONENTS",
    "FACTORIES",
    "build",
    "build_cached",
    "line_breaks",
    "load_model",
    "make_actor_component",
    "make_dates",
    "make_events",
    "make_quotes",
    "make_stances",
    "register_extensions",
]


def __getattr__(name: str) -> object:
    if name in __all__:
        return getattr(importlib.import_module("newsgraph.nlp.language"), name)
    raise AttributeError(f"module 'newsgraph.nlp' has no attribute {name!r}")
