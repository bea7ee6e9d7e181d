"""The ``newsgraph_claims`` component: the claims a document's sources take a
stance on, as propositions in words (``ClaimMention``).

Per document and cheap: it reuses the parse, the quotes and the events
already on the ``Doc`` and reads four kinds of statement:

* **quote** -- each sentence of a quote or of reported speech ("X said that
  ...") that names an actor or states an event: the speaker's proposition.
* **headline** -- the document's first line, when it names an actor: the
  outlet's.
* **dismissed** -- a statement noun that a dismissal or a judgement governs,
  with its content: "Pakistan's claim about getting a blank cheque from
  Moscow is false propaganda" denies "Pakistan getting a blank cheque from
  Moscow".
* **evidential** -- the "that"-clause of a finding: "evidence surfaced that
  the UK was smuggling weapons into Ukraine" asserts the clause.

Holder and stance come from ``extract.attribution.attribute`` (the same
reading events get); a negated clause is a denial of the clause without its
negation.  Each mention links to the event whose trigger it contains, and
carries the sketch of its text (``claims.sketch``, a cheap static
embedding): grouping across documents compares sketches to find likely
restatements and runs the full sentence encoder only on those.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsgraph.extract.attribution import attribute, cues, dismissal_verb, is_negated, judges
from newsgraph.extract.tree import climb, subtree
from newsgraph.models import OUTLET, ClaimMention, DateValue, Event, Evidence, content_id

_NEGATORS = frozenset({"not", "n't", "n’t", "never", "no"})
_CONTENT_PREPS = frozenset({"about", "of", "that", "on"})


@dataclass(frozen=True)
class MentionRules:
    evidential_nouns: frozenset[str]
    evidential_verbs: frozenset[str]
    unknowing_verbs: frozenset[str]
    min_words: int
    headline_words: int


@lru_cache(maxsize=1)
def rules() -> MentionRules:
    raw = tomllib.loads(resources.files("newsgraph.data").joinpath("claim_cues.toml").read_text("utf-8"))
    return MentionRules(
        frozenset(raw["evidential"]["nouns"]),
        frozenset(raw["evidential"]["verbs"]),
        frozenset(raw["mentions"]["unknowing_verbs"]),
        int(raw["mentions"]["min_words"]),
        int(raw["mentions"]["headline_words"]),
    )


@Language.factory(
    "newsgraph_claims", requires=["doc._.events", "doc._.quotes", "doc._.mentions"], assigns=["doc._.claims"]
)
def make_claims(nlp: Language, name: str) -> ClaimComponent:
    from newsgraph.claims.sketch import sketcher

    sketcher()  # loaded with the pipeline, not inside the first document's time budget
    return ClaimComponent()


class ClaimComponent:
    def __call__(self, doc: Doc) -> Doc:
        found = list(extract(doc))
        if found:
            from newsgraph.claims.sketch import sketch

            sketches = sketch([m.text for m in found])
            found = [replace(m, sketch=tuple(float(x) for x in v)) for m, v in zip(found, sketches, strict=True)]
        doc._.claims = found
        return doc


def extract(doc: Doc) -> Iterator[ClaimMention]:
    """The claim mentions of ``doc``, at most one per span of text."""
    if not len(doc):
        return
    triggers = _trigger_positions(doc, doc._.events or ())
    seen: set[tuple[int, int]] = set()
    relayed = dict(_relayed(doc))
    for kind, span in [*_headline(doc), *_quoted(doc), *_dismissed(doc), *_evidential(doc)]:
        if (span.start_char, span.end_char) in seen:
            continue
        mention = _mention(doc, kind, span, triggers)
        if mention is not None:
            seen.add((span.start_char, span.end_char))
            yield mention
    for span, source in relayed.items():
        if any(a < span.end_char and span.start_char < b for a, b in seen):
            continue  # a quote or another reading has it
        mention = _mention(doc, "reported", span, triggers, source=source)
        if mention is not None:
            seen.add((span.start_char, span.end_char))
            yield mention


# ------------------------------------------------------------ where claims are
def _headline(doc: Doc) -> Iterator[tuple[str, Span]]:
    text = doc.text
    end = text.find("\n")
    end = len(text) if end < 0 else end
    line = doc.char_span(0, end, alignment_mode="contract")
    if line is not None and len(line) >= 3 and len([t for t in line if t.is_alpha]) <= rules().headline_words:
        yield "headline", line


def _quoted(doc: Doc) -> Iterator[tuple[str, Span]]:
    for quote in doc._.quotes or ():
        span = doc.char_span(quote.start, quote.end, alignment_mode="contract")
        if span is None:
            continue
        for sent in _sentences_in(doc, span):
            yield "quote", sent


def _dismissed(doc: Doc) -> Iterator[tuple[str, Span]]:
    statement = cues().statement_nouns
    for token in doc:
        if token.pos_ not in {"NOUN", "PROPN"} or token.lemma_.lower() not in statement:
            continue
        if not _judged(token):
            continue
        content = _content_of(token)
        if content is not None:
            yield "dismissed", content


def _relayed(doc: Doc) -> Iterator[tuple[Span, str | None]]:
    """Sentences the article relays: "as EurAsian Times reported, Pakistan has
    agreed ...", "Pakistan reportedly agreed ...", "according to reports,
    ...".  Yields the relayed words (the longest run of the sentence outside
    the relaying phrase) and the actor relaying them, if one is named."""
    if not doc.has_annotation("SENT_START"):
        return
    c = cues()
    quoted = [(q.start, q.end) for q in doc._.quotes or ()]
    for sent in doc.sents:
        if any(a < sent.end_char and sent.start_char < b for a, b in quoted):
            continue
        root = sent.root
        for child in root.children:
            phrase: Token | None = None
            relays_as = (
                child.dep_ == "advcl"
                and child.lemma_.lower() in c.relay_verbs | c.speech_verbs
                and any(m.dep_ == "mark" and m.lower_ == "as" for m in child.children)
            )
            if (
                relays_as
                or (child.dep_ == "advmod" and child.lower_ in c.relay_adverbs)
                or (child.dep_ == "prep" and child.lower_ == "according")
            ):
                phrase = child
            if phrase is None:
                continue
            words = subtree(phrase)
            inside = {t.i for t in words}
            span = _longest_run(sent, inside)
            if span is not None:
                source = next((str(t._.mention.actor) for t in words if t._.mention is not None), None)
                yield span, source
            break


def _longest_run(sent: Span, outside: set[int]) -> Span | None:
    best: tuple[int, int] | None = None
    start = None
    for t in [*sent, None]:
        if t is not None and t.i not in outside:
            start = t.i if start is None else start
            continue
        if start is not None:
            end = t.i if t is not None else sent.end
            if best is None or end - start > best[1] - best[0]:
                best = (start, end)
            start = None
    if best is None:
        return None
    span = sent.doc[best[0] : best[1]]
    while len(span) > 1 and (span[0].is_punct or span[0].is_space or span[0].dep_ in {"advmod", "cc"}):
        span = span[1:]
    while len(span) > 1 and (span[-1].is_punct or span[-1].is_space):
        span = span[:-1]
    return span


def _evidential(doc: Doc) -> Iterator[tuple[str, Span]]:
    r = rules()
    for token in doc:
        lemma = token.lemma_.lower()
        if lemma in r.evidential_verbs and token.pos_ == "VERB":
            subject = next((c for c in token.children if c.dep_ in {"nsubj", "expl"}), None)
            holder_noun = subject is not None and (
                subject.lemma_.lower() in r.evidential_nouns or subject.lower_ == "it"
            )
            clause = next((c for c in token.children if c.dep_ == "ccomp"), None)
            if clause is None and subject is not None:
                clause = next((c for c in subject.children if c.dep_ in {"acl", "ccomp"}), None)
            if holder_noun and clause is not None:
                yield "evidential", _clause_words(clause)


# ------------------------------------------------------------ pieces
def _sentences_in(doc: Doc, span: Span) -> Iterator[Span]:
    pieces = doc[span.start : span.end].sents if doc.has_annotation("SENT_START") else [span]  # type: ignore[attr-defined]
    for sent in pieces:
        lo, hi = max(sent.start, span.start), min(sent.end, span.end)
        piece = doc[lo:hi]
        while len(piece) and (piece[-1].is_punct or piece[-1].is_space):
            piece = piece[:-1]
        while len(piece) and (piece[0].is_punct or piece[0].is_space):
            piece = piece[1:]
        if len(piece):
            yield piece


def _judged(noun: Token) -> bool:
    """A dismissal or a verdict governs the statement noun: "rejected the
    claim that", "the claim ... is false propaganda", "no basis for".  A
    word of the noun's own content ("a claim about fake news") is no verdict."""
    head = noun.head
    if noun.dep_ in {"dobj", "nsubjpass"} and dismissal_verb(head) and not is_negated(head):
        return True
    if noun.dep_ == "nsubj":
        return any(c.dep_ in {"attr", "acomp"} and judges(c) for c in head.children)
    return False


def _content_of(noun: Token) -> Span | None:
    """What a statement noun says: its "that"-clause or "about"/"of" phrase,
    with its possessor in front ("Pakistan's claim about getting X" -> from
    "Pakistan" to the end of the phrase)."""
    for child in noun.children:
        if child.dep_ in {"acl", "ccomp", "relcl"} and child.pos_ in {"VERB", "AUX"} and child.dep_ != "relcl":
            return _clause_words(child, extra=_possessor(noun))
        if child.dep_ == "prep" and child.lower_ in _CONTENT_PREPS:
            objects = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
            if objects:
                return _clause_words(objects[0], extra=_possessor(noun))
    return None


def _possessor(noun: Token) -> Token | None:
    return next((c for c in noun.children if c.dep_ == "poss" and c._.mention is not None), None)


def _clause_words(head: Token, extra: Token | None = None) -> Span:
    doc = head.doc
    words = [t for t in subtree(head) if not t.is_space]
    if words and words[0].dep_ == "mark":
        words = words[1:]
    start = min(words[0].i if words else head.i, extra.i if extra is not None else len(doc))
    end = words[-1].i + 1 if words else head.i + 1
    span = doc[start:end]
    while len(span) > 1 and (span[-1].is_punct or span[-1].is_space):
        span = span[:-1]
    return span


def _trigger_positions(doc: Doc, events: list[Event] | tuple[Event, ...]) -> list[tuple[int, Event]]:
    from newsgraph.extract.stances import trigger_of

    out = []
    for event in events:
        token = trigger_of(doc, event)
        if token is not None:
            out.append((token.idx, event))
    return out


def _mention(
    doc: Doc, kind: str, span: Span, triggers: list[tuple[int, Event]], source: str | None = None
) -> ClaimMention | None:
    words = [t for t in span if t.is_alpha]
    if len(words) < rules().min_words and kind != "dismissed":
        return None
    if len(words) < 2:
        return None
    actors = tuple(dict.fromkeys(str(t._.mention.actor) for t in span if t._.mention is not None))
    inside = [e for at, e in triggers if span.start_char <= at < span.end_char]
    if not actors and not inside:
        return None  # nothing to tie it to a claim of the corpus
    root = span.root
    negated = any(_negates(t, root) for t in span)
    a = attribute(doc, span.start, span.end, "negative" if negated else "positive", trigger=root)
    stance = a.stance
    holder = a.holder
    if kind == "quote" and stance == "reports":
        holder, stance = _speaker_claims(doc, span, holder, stance)
        if stance == "asserts" and negated:
            stance = "denies"
    if kind == "dismissed":
        holder, stance = _dismisser(doc, span), "denies"
    elif kind == "evidential" and stance == "asserts":
        holder = OUTLET
    elif kind == "reported":
        # the named source states it; with none named, the article relays hearsay
        holder, stance = (source, "denies" if negated else "asserts") if source else (OUTLET, "reports")
    elif stance == "asserts":
        dismissing = _dismissing(span)
        if dismissing is not None:  # "police denied reports that Banksy was arrested", "... is a hoax"
            from newsgraph.extract.attribution import subject_actor

            stance = "denies"
            holder = (subject_actor(dismissing) if dismissal_verb(dismissing) else None) or holder
    if stance == "denies" and negated and _unknowing(root):
        stance = "questions"  # "could not confirm that ...", "had not commented on whether ...": no denial
    text = _affirmative(span, root) if negated else span.text
    document = doc._.document
    doc_id = document.id if document is not None else ""
    event = inside[0] if inside else None
    return ClaimMention(
        id=content_id("cm", doc_id, span.start_char, span.end_char, kind),
        document=doc_id,
        text=" ".join(text.split()),
        holder=holder,
        stance=stance,
        kind=kind,
        evidence=Evidence(span.text, span.start_char, span.end_char),
        actors=actors,
        event=event.id if event is not None else None,
        event_type=event.type if event is not None else None,
        date=_date_in(doc, span, event),
        keywords=_keywords(span),
    )


_KEYWORD_POS = frozenset({"NOUN", "VERB", "ADJ", "PROPN", "NUM"})


def _keywords(span: Span) -> tuple[str, ...]:
    """What the proposition is about, as lemmas: grouping weighs rare shared
    ones ("blank cheque") above the names of the parties, which block."""
    c = cues()
    skip = c.statement_nouns | c.dismissal_words | c.relay_verbs | c.relay_nouns | c.speech_verbs
    out = []
    for t in span:
        lemma = t.lemma_.lower()
        if (
            t.is_alpha
            and not t.is_stop
            and t.pos_ in _KEYWORD_POS
            and t._.mention is None
            and lemma not in skip
            and len(lemma) > 2
        ):
            out.append(lemma)
    return tuple(dict.fromkeys(out))


def _negator(token: Token) -> bool:
    return token.dep_ == "neg" or (token.lower_ in _NEGATORS and token.dep_ in {"neg", "advmod"})


def _negates(token: Token, root: Token) -> bool:
    """``token`` negates the clause headed by ``root``; a contraction right
    after the root counts however the parser attached it ("They aren't
    flying ..." parsed with "n't" as punctuation)."""
    if (token.head.i == root.i or token.i == root.i) and _negator(token):
        return True
    return token.i == root.i + 1 and token.lower_ in {"n't", "n’t"}


def _unknowing(root: Token) -> bool:
    words = rules().unknowing_verbs
    return root.lemma_.lower() in words or any(c.dep_ == "acomp" and c.lemma_.lower() in words for c in root.children)


def _dismissing(span: Span) -> Token | None:
    """A word in the span that dismisses what it states: a dismissing verb
    not negated, or a verdict ("a hoax", "categorically false", "fake news")."""
    c = cues()
    lower = span.text.lower()
    for t in span:
        if t.dep_ in {"compound", "amod", "prep"} and t.pos_ != "ADJ":
            continue  # "counter-terror", "anti-fake" name things, they dismiss nothing
        if t.pos_ == "VERB" and dismissal_verb(t) and not is_negated(t):
            return t
        if t.pos_ in {"ADJ", "NOUN"} and (t.lower_ in c.dismissal_words or t.lemma_.lower() in c.dismissal_words):
            return t
    for phrase in c.dismissal_phrases:
        if phrase in lower:
            return span.root
    return None


def _affirmative(span: Span, root: Token) -> str:
    """The span's text without the negation of its main clause."""
    out = []
    for t in span:
        if _negates(t, root):
            out.append(t.whitespace_)  # "aren't flying" -> "are flying"
            continue
        out.append(t.text_with_ws)
    return "".join(out).strip()


def _speaker_claims(doc: Doc, span: Span, holder: str, stance: str) -> tuple[str, str]:
    """A quote relayed with "claimed" is the article's report, and its
    speaker's own assertion: "The media outlet claimed – '...'" is the
    outlet named before's claim.  Hearsay inside the quote stays a report."""
    from newsgraph.extract.attribution import carrying_quote

    c = cues()
    if any(t.lower_ in c.relay_adverbs or t.lower_ in c.relay_adjectives for t in span):
        return holder, stance
    quote = carrying_quote(doc, span.start_char)
    if quote is None or not quote.speaker_text:
        return holder, stance
    if quote.speaker is not None:
        return quote.speaker, "asserts"
    named = quote.speaker_text.lower().split()
    if any(w in c.media_words for w in named):
        earlier = [m for m in doc._.mentions or () if m.kind == "media" and m.end <= quote.start]
        if earlier:
            return str(max(earlier, key=lambda m: m.start).actor), "asserts"
    return holder, stance


def _dismisser(doc: Doc, span: Span) -> str:
    """Who dismisses: the subject of the dismissing verb, else the quote's speaker, else the outlet."""
    from newsgraph.extract.attribution import carrying_quote, subject_actor

    noun = climb(span.root, lambda t: t.lemma_.lower() not in cues().statement_nouns)
    verb = noun.head
    if dismissal_verb(verb):
        subject = subject_actor(verb)
        if subject is not None:
            return subject
    quote = carrying_quote(doc, span.start_char)
    if quote is not None and quote.speaker is not None:
        return quote.speaker
    return OUTLET


def _date_in(doc: Doc, span: Span, event: Event | None) -> DateValue | None:
    if event is not None and event.date is not None:
        return event.date
    for timex in doc._.timexes or ():
        if span.start <= timex.start and timex.end <= span.end and timex.value is not None:
            return timex.value
    return None
