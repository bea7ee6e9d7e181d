"""Who stands behind a statement, and how: asserts, denies, reports, questions.

The events component calls ``attribute(doc, start, end, polarity)`` for the
clause that carries each event.  The answer is an ``Attribution``:

* ``holder`` — the speaker of the quote or reported speech that carries the
  clause; the subject of a dismissing verb ("Islamabad rejected ..."); the
  accuser of "X accused Y of ..."; the media outlet that relays it when one
  is named; otherwise ``"outlet"``, the article's own voice.
* ``stance`` — ``denies`` when a dismissal governs the clause ("rejected a
  story alleging ...", "... is fake news") or the clause is negated;
  ``reports`` when it is relayed hearsay ("reports appeared that ...",
  "reportedly"); ``questions`` in an interrogative sentence; else ``asserts``.
* ``reported_by`` — who passes the statement to the reader: the speaker of
  the quote, the named media actor relaying it, ``"outlet"`` for the article's
  own voice, or None when a quote's speaker is unknown.

Given the event's trigger word as well, the path from the trigger up to the
head of its clause is read too: in "Iran denies arming Russia" the clause of
"arming" is headed by "denies" itself, so the clause's governors alone miss
the denial.  On that path a coordination or a relative clause ends the
reading ("rejected the plan and signed a deal" does not deny the deal).

The cue words live in ``data/stances.toml``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from newsgraph.extract.grammar import ALL_SUBJECTS
from newsgraph.extract.tree import is_root, subtree
from newsgraph.models import OUTLET, Quote

# Dependents that state a judgement about their head: "(it) is fake news",
# "considering it baseless".
JUDGEMENT_DEPS = {"attr", "acomp", "oprd", "xcomp", "ccomp", "advcl", "conj", "dobj"}
# Links that do not pass a word's content up to its head: "rejected the plan
# and [signed] a deal", "Pakistan, which [sold] arms, rejected ...".
PATH_BREAKS = {"conj", "cc", "parataxis", "advcl", "relcl", "appos", "punct", "dep", "list"}


@dataclass(frozen=True)
class StanceCues:
    speech_verbs: frozenset[str]
    clause_only: frozenset[str]
    speech_nouns: frozenset[str]
    according: tuple[str, ...]
    audiences: frozenset[str]
    dismissal_verbs: frozenset[str]  # single-word lemmas
    dismissal_particles: frozenset[tuple[str, str]]  # ("brush", "aside")
    dismissal_words: frozenset[str]
    dismissal_phrases: tuple[str, ...]
    outright: frozenset[str]  # lemmas and "verb particle" pairs
    statement_nouns: frozenset[str]
    anaphora_nouns: frozenset[str]
    anaphora_pronouns: frozenset[str]
    anaphora_window: int
    anaphora_skip_types: frozenset[str]
    accusation_verbs: frozenset[str]
    relay_verbs: frozenset[str]
    relay_adverbs: frozenset[str]
    relay_adjectives: frozenset[str]
    relay_nouns: frozenset[str]
    relay_phrases: tuple[str, ...]
    media_words: frozenset[str]
    question_openers: frozenset[str]
    pronouns: frozenset[str]
    expletives: frozenset[str]
    descriptions: dict[str, tuple[str, ...]]


@lru_cache(maxsize=1)
def cues() -> StanceCues:
    """The packaged cue lists, loaded once."""
    raw = tomllib.loads(resources.files("newsgraph.data").joinpath("stances.toml").read_text("utf-8"))
    dismissal = [v.lower() for v in raw["dismissal"]["verbs"]]
    return StanceCues(
        speech_verbs=frozenset(raw["speech"]["verbs"]),
        clause_only=frozenset(raw["speech"]["clause_only"]),
        speech_nouns=frozenset(raw["speech"]["nouns"]),
        according=tuple(raw["speech"]["according"]),
        audiences=frozenset(raw["speech"]["audiences"]),
        dismissal_verbs=frozenset(v for v in dismissal if " " not in v),
        dismissal_particles=frozenset((v.split(" ", 1)[0], v.split(" ", 1)[1]) for v in dismissal if " " in v),
        dismissal_words=frozenset(raw["dismissal"]["words"]),
        dismissal_phrases=tuple(raw["dismissal"]["phrases"]),
        outright=frozenset(v.lower() for v in raw["dismissal"]["outright"]),
        statement_nouns=frozenset(raw["statement"]["nouns"]),
        anaphora_nouns=frozenset(raw["anaphora"]["nouns"]),
        anaphora_pronouns=frozenset(raw["anaphora"]["pronouns"]),
        anaphora_window=int(raw["anaphora"]["window"]),
        anaphora_skip_types=frozenset(raw["anaphora"]["skip_types"]),
        accusation_verbs=frozenset(raw["accusation"]["verbs"]),
        relay_verbs=frozenset(raw["relay"]["verbs"]),
        relay_adverbs=frozenset(raw["relay"]["adverbs"]),
        relay_adjectives=frozenset(raw["relay"]["adjectives"]),
        relay_nouns=frozenset(raw["relay"]["nouns"]),
        relay_phrases=tuple(raw["relay"]["phrases"]),
        media_words=frozenset(raw["relay"]["media"]),
        question_openers=frozenset(raw["question"]["openers"]),
        pronouns=frozenset(raw["speaker"]["pronouns"]),
        expletives=frozenset(raw["speaker"]["expletives"]),
        descriptions={k: tuple(v) for k, v in raw["speaker"]["descriptions"].items()},
    )


@dataclass(frozen=True)
class Attribution:
    holder: str
    stance: str  # one of models.STANCES
    reported_by: str | None


def attribute(doc: Doc, start: int, end: int, polarity: str = "positive", trigger: Token | None = None) -> Attribution:
    """The holder, stance and relaying source of the clause at tokens [start, end),
    whose event is triggered by ``trigger`` when it is given."""
    if not len(doc):
        return Attribution(OUTLET, "denies" if polarity == "negative" else "asserts", OUTLET)
    start = max(0, min(start, len(doc) - 1))
    end = max(start + 1, min(end, len(doc)))
    span = doc[start:end]
    root = span.root
    quote = carrying_quote(doc, root.idx)
    voice: str | None = OUTLET
    if quote is not None:
        voice = quote.speaker
    holder = voice if voice is not None else OUTLET

    dismisser = find_dismissal(span)
    if dismisser is None and trigger is not None:
        dismisser = find_path_dismissal(trigger)
    if dismisser is not None:
        # "Islamabad rejected ..." is Islamabad's denial; "X's claim ... is fake
        # news" is the voice's judgement, not X's
        by_verb = dismissal_verb(dismisser) and not (quote is not None and dismisser.idx >= quote.start)
        subject = subject_actor(dismisser) if by_verb else None
        return Attribution(subject or holder, "denies", voice)
    accuser = find_accuser(trigger) if trigger is not None and quote is None else None
    if accuser is not None:
        return Attribution(accuser, "denies" if polarity == "negative" else "asserts", voice)
    relay = find_relay(span)
    if relay is not None:
        media = relay[1]
        if quote is not None:
            return Attribution(holder, "reports", voice)
        return Attribution(media or OUTLET, "reports", media or OUTLET)
    if is_question(root.sent):
        return Attribution(holder, "questions", voice)
    if polarity == "negative":
        return Attribution(holder, "denies", voice)
    return Attribution(holder, "asserts", voice)


def carrying_quote(doc: Doc, char: int) -> Quote | None:
    """The innermost quote (direct or reported) whose words cover ``char``."""
    best: Quote | None = None
    for quote in doc._.quotes or ():
        if quote.start <= char < quote.end and (best is None or quote.end - quote.start < best.end - best.start):
            best = quote
    return best


def governors(span: Span) -> Iterator[Token]:
    """Tokens above the clause in its sentence, nearest first (the clause itself excluded)."""
    inside = range(span.start, span.end)
    for token in span.root.ancestors:
        if token.i not in inside:
            yield token


def is_negated(token: Token) -> bool:
    return any(child.dep_ == "neg" or child.lower_ in {"not", "never", "n't"} for child in token.children)


@lru_cache(maxsize=4)
def _particles_of(pairs: frozenset[tuple[str, str]]) -> dict[str, frozenset[str]]:
    """("brush", "aside") pairs as verb -> its particles."""
    by_verb: dict[str, set[str]] = {}
    for verb, particle in pairs:
        by_verb.setdefault(verb, set()).add(particle)
    return {verb: frozenset(particles) for verb, particles in by_verb.items()}


def dismissal_verb(token: Token) -> bool:
    c = cues()
    lemma = token.lemma_.lower()
    if lemma in c.dismissal_verbs:
        return True
    wanted = _particles_of(c.dismissal_particles).get(lemma)
    if not wanted:
        return False  # most words: no need to look at the children
    return any(child.dep_ in {"prt", "advmod", "prep"} and child.lower_ in wanted for child in token.children)


def _judgement_words(token: Token) -> Iterable[Token]:
    """The token and the words that qualify it ("false propaganda", "fake news")."""
    yield token
    for child in token.children:
        if child.dep_ in {"amod", "compound", "conj", "acomp", "attr", "oprd", "det", "neg"}:
            yield from _judgement_words(child)


def judges(token: Token) -> bool:
    c = cues()
    words = list(_judgement_words(token))
    if any(w.lower_ in c.dismissal_words or w.lemma_.lower() in c.dismissal_words for w in words):
        return True
    text = " ".join(w.lower_ for w in sorted(words, key=lambda w: w.i))
    return any(phrase in text for phrase in c.dismissal_phrases)


def find_dismissal(span: Span) -> Token | None:
    """The token dismissing the clause: a governing verb ("rejected ... alleging
    the sale") or a judgement attached to a governing word ("X's claim ... is
    fake news", "rejected it, considering it baseless")."""
    for token in governors(span):
        if dismissal_verb(token) and not is_negated(token):
            return token
        for child in token.children:
            if (
                child.dep_ in JUDGEMENT_DEPS
                and not any(a.i in range(span.start, span.end) for a in subtree(child))
                and judges(child)
            ):
                return token
    return None


def trigger_path(trigger: Token) -> Iterator[Token]:
    """The words above ``trigger`` that its content passes up to, nearest first:
    "denies [arming]", "a warning that ... [supplying]"; a coordination or a
    relative clause ends the path."""
    token = trigger
    for _ in range(len(trigger.doc)):
        if is_root(token) or token.dep_ in PATH_BREAKS:
            return
        token = token.head
        yield token


def _outright(token: Token) -> bool:
    lemma = token.lemma_.lower()
    if lemma in cues().outright:
        return True
    particles = {child.lower_ for child in token.children if child.dep_ in {"prt", "advmod", "prep"}}
    return any(f"{lemma} {p}" in cues().outright for p in particles)


def find_path_dismissal(trigger: Token) -> Token | None:
    """A dismissing verb on the trigger's path: one that denies outright
    ("denies arming", "ruled out sending"), or any dismissal reached through
    a statement noun ("dismissed a warning that ... supplying")."""
    through_statement = False
    for token in trigger_path(trigger):
        if dismissal_verb(token) and not is_negated(token) and (through_statement or _outright(token)):
            return token
        if token.pos_ in {"NOUN", "PROPN"} and token.lemma_.lower() in cues().statement_nouns:
            through_statement = True
    return None


def find_accuser(trigger: Token) -> str | None:
    """The actor accusing someone of the trigger's act: "Armenia accused Ankara
    of sending fighters" is Armenia's assertion."""
    for token in trigger_path(trigger):
        if token.pos_ in {"VERB", "AUX"}:
            if token.lemma_.lower() in cues().accusation_verbs and not is_negated(token):
                return subject_actor(token)
            if token.dep_ not in {"pcomp", "xcomp", "ccomp", "prep", "pobj"}:
                return None
    return None


def _media_actor(token: Token) -> str | None:
    for t in subtree(token):
        mention = t._.mention
        if mention is not None and mention.kind in {"media", "organization", "company"}:
            return str(mention.actor)
    return None


def find_relay(span: Span) -> tuple[Token, str | None] | None:
    """The cue that marks the clause as relayed hearsay, and the media actor
    relaying it when one is named."""
    c = cues()
    root = span.root
    for token in [root, *span.root.children]:
        if token.lower_ in c.relay_adverbs or (token.dep_ == "amod" and token.lower_ in c.relay_adjectives):
            return token, None
    for token in span:
        if token.dep_ in {"advmod", "amod"} and token.lower_ in (c.relay_adverbs | c.relay_adjectives):
            return token, None
    for token in governors(span):
        lemma = token.lemma_.lower()
        if token.pos_ in {"VERB", "AUX"} and lemma in c.relay_verbs and not is_negated(token):
            subject = next((ch for ch in token.children if ch.dep_ in ALL_SUBJECTS), None)
            return token, _media_actor(subject) if subject is not None else None
        if token.pos_ in {"NOUN", "PROPN"} and lemma in c.relay_nouns:
            return token, _media_actor(token)
        for child in token.children:
            if child.dep_ in ALL_SUBJECTS and child.lemma_.lower() in c.relay_nouns:
                return child, _media_actor(child)
            if child.lower_ in c.relay_adverbs:
                return child, None
    sentence = root.sent
    before = doc_text_lower(sentence, root)
    for phrase in c.relay_phrases:
        if phrase in before:
            return root, None
    return None


def doc_text_lower(sentence: Span, upto: Token) -> str:
    """The sentence's words before ``upto``, lower-cased and space-joined."""
    return " ".join(t.lower_ for t in sentence if t.i < upto.i)


def is_question(sentence: Span) -> bool:
    """Interrogative: ends in "?" and opens with an auxiliary or wh-word."""
    words = [t for t in sentence if (not t.is_space and not t.is_punct) or t.text == "?"]
    if not words or words[-1].text != "?":
        return False
    return words[0].lower_ in cues().question_openers


def subject_actor(token: Token) -> str | None:
    """The actor id of ``token``'s grammatical subject, where a mention covers it."""
    for child in token.children:
        if child.dep_ in ALL_SUBJECTS:
            actor = actor_in(child)
            if actor is not None:
                return actor
    # "X rejected A and dismissed B": the second verb shares the first's subject.
    if token.dep_ == "conj" and token.head.i != token.i:
        return subject_actor(token.head)
    return None


def actor_in(token: Token) -> str | None:
    """The actor of the mention on ``token`` or, failing that, in its phrase."""
    if token._.mention is not None:
        return str(token._.mention.actor)
    for t in subtree(token):
        if t._.mention is not None:
            return str(t._.mention.actor)
    return None
