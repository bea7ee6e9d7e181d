"""The ``newsgraph_stances`` component: stances that need the whole document.

It runs after ``newsgraph_events`` and does two things the per-clause
attribution cannot:

* **Attribution from the trigger.**  Each event's trigger word is found again
  and ``attribution.attribute`` is asked with it, so that a dismissal heading
  the trigger's own clause counts: "Iran denies arming Russia" is Iran's
  denial, "Armenia accused Ankara of sending fighters" Armenia's assertion.
* **Dismissals that point back.**  "Tehran rejected the accusations.",
  "... calling the reports baseless", "The claim is absolutely untrue",
  "a charge both Turkey and Azerbaijan reject": the dismissed statement is
  named only by a pointing word (``data/stances.toml`` [statement] and
  [anaphora]).  Each such dismissal denies the proposition stated last
  before it in the article in which the dismisser's state is the actor (the
  nearest earlier sentence with one, or the earlier part of its own
  sentence) -- and becomes one more event mention: the
  same proposition, held by the dismisser, with stance ``denies`` and the
  dismissing sentence as evidence.  Claims then group it with the rest.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsgraph.extract.attribution import (
    actor_in,
    attribute,
    carrying_quote,
    cues,
    dismissal_verb,
    is_negated,
    judges,
    trigger_path,
)
from newsgraph.extract.grammar import ALL_SUBJECTS, CLAUSE_HEADS, COMPLEMENTS
from newsgraph.extract.tree import climb, memo_for, subtree
from newsgraph.models import OUTLET, Event, Evidence, content_id
from newsgraph.nlp.doctext import lemmas_of

# Where a judgement of a statement sits: "calling the reports [baseless]",
# "the claim is [untrue]", "this is another [invention]".
_JUDGED_DEPS = {"attr", "acomp", "oprd", "xcomp"}
# Dependents that spell out a statement's content: a noun with one of these
# names what it says ("reports that ...", "any role in the killings"), so it
# does not point back, unless what they hold only points back too ("any
# role in it").
_CONTENT_DEPS = {"acl", "ccomp", "relcl", "prep"}
# Prepositions naming a statement's author: "a warning from Blinken", "a
# report by the Ledger"; a possessive does too ("the website's report").
_AUTHOR_PREPS = {"from", "by"}
# How a verb without a subject of its own takes its head's: "X told
# reporters, calling the reports baseless".
_SHARED_SUBJECT_DEPS = {"advcl", "xcomp", "conj"}


@Language.factory("newsgraph_stances", requires=["doc._.events", "doc._.quotes"], assigns=["doc._.events"])
def make_stances(nlp: Language, name: str) -> StanceComponent:
    return StanceComponent()


class StanceComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.events = list(extract(doc, doc._.events or ()))
        return doc


@dataclass(frozen=True)
class Dismissal:
    """A dismissal whose object only points back at a statement."""

    verb: Token  # the dismissing or judging word's head
    pointer: Token  # "accusations", "it", "claim"
    holders: tuple[str, ...]
    voice: str | None  # who passes it to the reader


def extract(doc: Doc, events: Sequence[Event]) -> Iterator[Event]:
    """``events`` re-attributed from their triggers, then one denial for every
    dismissal that points back at an earlier proposition."""
    triggers = {e.id: trigger_of(doc, e) for e in events}
    out = [_reattributed(doc, e, triggers[e.id]) for e in events]
    yield from out
    for event in out:
        trigger = triggers[event.id]
        if trigger is not None and event.stance == "denies":
            authored = _authored(event, trigger)
            if authored is not None:
                yield authored
    at = {e.id: t.i for e in out if (t := triggers[e.id]) is not None}
    state_of = _states(doc)
    seen: set[str] = {e.id for e in out}
    for dismissal in dismissals(doc, set(at.values())):
        for holder in dismissal.holders:
            for event in antecedents(doc, out, at, dismissal, state_of.get(holder, holder), state_of):
                derived = denial(doc, event, dismissal, holder)
                if derived.id not in seen:
                    seen.add(derived.id)
                    yield derived


# ------------------------------------------------------------ triggers
def trigger_of(doc: Doc, event: Event) -> Token | None:
    """The token that triggered ``event``: a word of its cue inside its evidence
    sentence; of several, the one whose position reproduces the event's id."""
    words = set(event.cue.split())
    if not words:
        return None
    span = doc.char_span(event.evidence.start, event.evidence.end, alignment_mode="expand")
    if span is None:
        return None
    candidates = [t for t in span if t.text in words and t.pos_ in {"VERB", "NOUN", "PROPN", "ADJ", "AUX"}]
    for token in candidates:
        if content_id("ev", event.document, token.idx, event.type, event.source, event.target) == event.id:
            return token
    return candidates[0] if len(candidates) == 1 else None


def _clause(token: Token) -> Span:
    t = climb(token, _not_clause, memo_for(token.doc, "stance clause"))
    return token.doc[t.left_edge.i : t.right_edge.i + 1]


def _not_clause(t: Token) -> bool:
    return t.dep_ not in CLAUSE_HEADS


def _reattributed(doc: Doc, event: Event, trigger: Token | None) -> Event:
    if trigger is None:
        return event
    clause = _clause(trigger)
    a = attribute(doc, clause.start, clause.end, event.polarity, trigger=trigger)
    if (a.holder, a.stance, a.reported_by) == (event.holder, event.stance, event.reported_by):
        return event
    return replace(event, holder=a.holder, stance=a.stance, reported_by=a.reported_by)


def statement_author(trigger: Token) -> tuple[Token, str] | None:
    """The statement noun on the trigger's path below a dismissal, and the
    actor who made the statement: "dismissed a warning from Blinken that
    Beijing was considering supplying ...", "rejected the website's report
    that ..."."""
    c = cues()
    for token in trigger_path(trigger):
        if dismissal_verb(token):
            return None
        if token.pos_ in {"NOUN", "PROPN"} and token.lemma_.lower() in c.statement_nouns:
            author = _author_of(token)
            if author is not None:
                return token, author
    return None


def _author_of(noun: Token) -> str | None:
    for child in noun.children:
        if child.dep_ in {"poss", "compound"} and child._.mention is not None:
            return str(child._.mention.actor)
        if child.dep_ == "prep" and child.lower_ in _AUTHOR_PREPS:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return actor_in(pobj)
    return None


def _authored(event: Event, trigger: Token) -> Event | None:
    """The author's own assertion of a statement its dismisser denies."""
    found = statement_author(trigger)
    if found is None or event.polarity != "positive":
        return None
    noun, author = found
    if author == event.holder:
        return None
    return replace(
        event,
        id=content_id("ev", event.document, noun.idx, "asserts", event.id, author),
        amounts=(),
        holder=author,
        stance="asserts",
        reported_by=event.reported_by,
    )


# ---------------------------------------------------------- dismissals
def dismissals(doc: Doc, trigger_positions: set[int]) -> Iterator[Dismissal]:
    """Dismissals in ``doc`` whose object points back rather than saying what
    it dismisses (``trigger_positions``: event triggers, which say it)."""
    judging = {t.head.i for t in doc if t.dep_ in _JUDGED_DEPS}  # words with a verdict under them
    for token in doc:
        if token.i not in judging and not dismissal_verb(token):
            continue  # neither dismisses nor judges: the checks below would find no pointer
        # the tagger sometimes calls a verb a noun ("a charge both sides
        # reject"); a relative clause or a subject shows it is a verb
        verb_like = token.pos_ in {"VERB", "AUX"} or token.dep_ == "relcl" or _has_subject(token)
        if not verb_like or is_negated(token):
            continue
        pointers: list[Token] = []
        if dismissal_verb(token):
            pointers = [c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}]
            if token.dep_ == "relcl":  # "a charge both Turkey and Azerbaijan reject"
                pointers.append(token.head)
        elif any(c.dep_ in _JUDGED_DEPS and judges(c) for c in token.children):
            pointers = [c for c in token.children if c.dep_ in {"dobj", "nsubj", "nsubjpass"}]
        if any(c.dep_ in COMPLEMENTS and _has_trigger(c, trigger_positions) for c in token.children):
            continue  # "denied that X sold arms": the clause says what is denied
        for pointer in pointers:
            if _points_back(pointer, token, trigger_positions):
                holders = _holders(doc, token, pointer)
                if holders:
                    voice = _voice(doc, token)
                    yield Dismissal(token, pointer, holders, voice)
                break


def _has_subject(token: Token) -> bool:
    return any(c.dep_ in ALL_SUBJECTS for c in token.children)


def _has_trigger(token: Token, trigger_positions: set[int]) -> bool:
    return any(t.i in trigger_positions for t in subtree(token))


def _points_back(pointer: Token, verb: Token, trigger_positions: set[int]) -> bool:
    c = cues()
    word = pointer.lower_
    if word in c.anaphora_pronouns and pointer.pos_ in {"PRON", "DET"}:
        return True
    lemma = pointer.lemma_.lower()
    if lemma not in c.statement_nouns and lemma not in c.anaphora_nouns and word not in c.anaphora_nouns:
        return False
    for child in pointer.children:
        if child.i == verb.i or child.dep_ not in _CONTENT_DEPS:
            continue
        if child.dep_ == "prep" and child.lower_ in _AUTHOR_PREPS:
            continue  # "the report from X" says who, not what
        if not all(_pointing_word(t) for t in subtree(child) if t.pos_ in {"NOUN", "PROPN", "PRON", "VERB"}):
            return False  # "reports that Pakistan sold arms", "any role in the killings"
    return True


def _pointing_word(token: Token) -> bool:
    c = cues()
    return token.lower_ in c.anaphora_pronouns or token.lemma_.lower() in c.statement_nouns


def _holders(doc: Doc, verb: Token, pointer: Token) -> tuple[str, ...]:
    """Who dismisses: the verb's subject (each of "both Turkey and Azerbaijan"),
    the subject of the verb it hangs from ("..., calling the reports
    baseless"), else the speaker of the quote it is in."""
    from newsgraph.extract.quotes import resolve_speaker

    history = [(q.start, q.speaker) for q in doc._.quotes or ()]
    token = verb
    for _ in range(len(doc)):  # up through shared subjects, never past the root
        subjects = [c for c in token.children if c.dep_ in ALL_SUBJECTS and c.i != pointer.i]
        if subjects:
            found = []
            for subject in subjects:
                for part in [subject, *[c for c in subject.children if c.dep_ == "conj"]]:
                    if part.lower_ in cues().anaphora_pronouns:
                        continue
                    actor = resolve_speaker(doc, part, history)
                    if actor is not None and actor not in found:
                        found.append(actor)
            if found:
                return tuple(found)
            break
        if token.dep_ not in _SHARED_SUBJECT_DEPS or token.head.i == token.i:
            break
        token = token.head
    quote = carrying_quote(doc, verb.idx)
    if quote is not None and quote.speaker is not None:
        return (quote.speaker,)
    return ()


def _voice(doc: Doc, verb: Token) -> str | None:
    quote = carrying_quote(doc, verb.idx)
    return quote.speaker if quote is not None else OUTLET


def _states(doc: Doc) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in doc._.mentions or ():
        out[str(m.actor)] = str(m.actor) if m.kind == "state" else str(m.country or m.actor)
    return out


# ---------------------------------------------------------- antecedents
def antecedents(
    doc: Doc,
    events: Sequence[Event],
    at: dict[str, int],
    dismissal: Dismissal,
    holder_state: str,
    state_of: dict[str, str],
) -> list[Event]:
    """The propositions a pointing dismissal refers to: acts of the dismisser's
    own side (a state denies what it is said to have done) stated last before
    the dismissal -- earlier in its sentence, else in the nearest earlier
    sentence that states one, at most ``window`` sentences back -- that are
    not themselves statements about a proposition nor already denied."""
    c = cues()
    first = min(dismissal.verb.i, dismissal.pointer.i)
    sentences = _sentence_starts(doc)
    here = _sentence_index(sentences, first)
    by_sentence: dict[int, list[Event]] = {}
    for event in events:
        i = at.get(event.id)
        if i is None or i >= first or event.target is None:
            continue
        if event.type in c.anaphora_skip_types or event.stance in {"denies", "questions"}:
            continue
        if _state(event.source, state_of) != holder_state or _state(event.holder, state_of) == holder_state:
            continue
        s = _sentence_index(sentences, i)
        if here - s <= c.anaphora_window:
            by_sentence.setdefault(s, []).append(event)
    return by_sentence[max(by_sentence)] if by_sentence else []


def _state(actor: str | None, state_of: dict[str, str]) -> str | None:
    if actor is None or actor == OUTLET:
        return actor
    return state_of.get(actor, actor)


def _sentence_starts(doc: Doc) -> list[int]:
    """Token index where each sentence starts; a line break starts one too."""
    starts = [0]
    prev = None
    for token in doc:
        if prev is not None and (
            token.is_sent_start or "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text)
        ):
            starts.append(token.i)
        prev = token
    return starts


def _sentence_index(starts: list[int], i: int) -> int:
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= i:
            lo = mid
        else:
            hi = mid - 1
    return lo


def denial(doc: Doc, event: Event, dismissal: Dismissal, holder: str) -> Event:
    """``event``'s proposition as denied by ``holder`` in the dismissing sentence."""
    starts = _sentence_starts(doc)
    n = _sentence_index(starts, dismissal.verb.i)
    end = starts[n + 1] if n + 1 < len(starts) else len(doc)
    sent = doc[starts[n] : end]
    while len(sent) > 1 and sent[-1].is_space:
        sent = sent[:-1]
    return replace(
        event,
        # one denial per sentence and holder: "rejected the accusation, calling it baseless"
        id=content_id("ev", event.document, sent.start_char, "denies", event.id, holder),
        evidence=Evidence(sent.text, sent.start_char, sent.end_char),
        cue=dismissal.verb.text,
        cue_lemma=lemmas_of([dismissal.verb]),
        lemmas=lemmas_of(sent),
        amounts=(),
        holder=holder,
        stance="denies",
        reported_by=dismissal.voice,
    )
