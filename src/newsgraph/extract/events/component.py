"""The ``newsgraph_events`` component: PLOVER events from the parse.

Per sentence, every trigger in the cue lexicon (data/event_cues.toml: verbs,
event nouns, a few adjectives) becomes an event when its arguments name
actors.  For each trigger:

* **type and mode** come from the cue; for transfers ("supply", "sell",
  "import") the goods decide (data/event_cues.toml [goods]): arms make AID
  military, vaccines AID humanitarian, oil COOPERATE.
* **source and target** come from the cue's argument slots
  (``extract.events.args``); "between X and Y", coordinated subjects ("India and
  Pakistan agreed") and dyad compounds ("Ukraine-Pakistan contracts") give
  both at once.  No source, no event; a target is required except for the
  types listed as ``targetless_types``; an actor is never its own target,
  and two actors of one state are not a dyad except for domestic types.
* **polarity** is negative when the trigger or a verb that frames it is
  negated ("does not supply", "will not sell", "has not supplied nor does it
  intend to supply", "no intention to supply", "never").  A refusal ("refused
  to supply") is coded as a positive REJECT and the refused act is not coded.
* **modality** is intended under a future auxiliary or a framing word of
  intent ("ready to", "offered", "decided to", "plans", "agreed to" ...),
  hypothetical under a modal of possibility, a doubt adverb or a condition
  ("may", "could", "likely", "if"); otherwise actual.  "would" is intended in
  reported speech ("said it would supply") and hypothetical elsewhere.  An
  offer and a refusal of the same act keep the act's type (AID military), so
  claims can group them.
* **date**: the nearest resolved time expression in the trigger's own
  phrase, else in its clause, else in its sentence; a "since" expression
  dates the start, a range its beginning.  Otherwise the event is undated,
  with one deliberate exception: a statement or stated intention reported in
  the article's present (a speech act in the simple past or present in the
  sentence's main assertion, with no time expression in the sentence) is
  dated to the publication day with basis "document" -- news reports what
  was said that day.  Past perfect ("had rejected") and "earlier" mark
  older acts and are never dated this way.
* **amounts** (``extract.amounts``) attach to the nearest trigger above them
  in the parse, else to the events of their clause.
* **holder, stance, reported_by** come from ``extract.attribution``.

Event weight is PLOVER's type:mode score where the mode has one, else the
type score (data/plover.toml explains why).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsgraph.actors import roles
from newsgraph.extract import amounts as amounts_mod
from newsgraph.extract.attribution import attribute
from newsgraph.extract.events.args import (
    DocContext,
    actors_at,
    between,
    clause_subject,
    country_of,
    dative,
    direct_object,
    host_subject,
    light_verb,
    nearest_state,
    noun_owner,
    owner_actors,
    parties,
    place_state,
    place_target,
    prep_object,
    same_side,
    stems,
    verb_lemmas,
)
from newsgraph.extract.events.intent import companion
from newsgraph.extract.events.lexicon import Cue, Lexicon, lexicon, plover
from newsgraph.extract.grammar import AUXILIARIES, CLAUSE_HEADS, COMPLEMENTS, NOUN_MODIFIERS, SUBJECTS
from newsgraph.extract.time.component import timexes_in
from newsgraph.extract.time.offsets import offset_date
from newsgraph.extract.tree import climb, memo_for, subtree
from newsgraph.models import OUTLET, Amount, DateValue, Event, Evidence, Mention, Timex, content_id
from newsgraph.nlp.doctext import lemmas_of

_NOUN_POS = ("NOUN", "PROPN")
# Prepositions through which a verb frames a noun's modality ("if Moscow comes
# closer in cooperation", "hopes for talks"); "following the invasion" or
# "despite the sanctions" presuppose the event instead.
_FRAMING_PREPS = frozenset({"in", "into", "for", "to", "with", "toward", "towards"})
_PAST_PERFECT_MARKERS = frozenset({"earlier", "previously", "formerly", "once", "already"})


@Language.factory(
    "newsgraph_events",
    requires=["doc._.mentions", "doc._.timexes", "doc._.quotes"],
    assigns=["doc._.events"],
)
def make_events(nlp: Language, name: str) -> EventComponent:
    return EventComponent()


class EventComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.events = list(extract(doc))
        return doc


def sentences(doc: Doc) -> Iterator[Span]:
    """The parser's sentences, split again at line breaks: a headline or a
    dateline line is never one sentence with the paragraph under it."""
    for sent in doc.sents:
        start = sent.start
        for token in sent:
            if token.i > start and ("\n" in token.whitespace_ or (token.is_space and "\n" in token.text)):
                piece = doc[start : token.i + 1]
                if piece.text.strip():
                    yield piece
                start = token.i + 1
        if start < sent.end and doc[start : sent.end].text.strip():
            yield doc[start : sent.end]


@dataclass(frozen=True)
class Trigger:
    token: Token
    cue: Cue
    # later entries whose conditions also hold, tried when ``cue`` codes
    # nothing ("sent drones to Azerbaijan" is no attack "into" anywhere: AID)
    alternatives: tuple[Cue, ...] = ()


# --------------------------------------------------------------- triggers
def find_triggers(sent: Span, lex: Lexicon) -> list[Trigger]:
    """Cue words of ``sent`` whose conditions hold, in text order."""
    found: list[Trigger] = []
    for token in sent:
        pos = _pos_kind(token)
        if pos is None:
            continue
        entries = lex.entries(pos, token.lemma_.lower())
        if not entries and pos == "verb":
            entries = next((e for form in stems(token) if (e := lex.entries(pos, form))), ())
        cues = [cue for cue in entries if _conditions_hold(token, cue, lex)]
        if cues:
            found.append(Trigger(token, cues[0], tuple(cues[1:])))
    return found


def _pos_kind(token: Token) -> str | None:
    if token.pos_ == "VERB" and token.dep_ not in ("amod", "compound"):
        return "verb"
    if token.pos_ == "VERB" and token.dep_ == "amod" and _names_actor_child(token):
        return "verb"  # "a China-brokered deal", "Russian-led talks": the modifier has its agent
    if token.pos_ in _NOUN_POS:
        return "noun"
    if token.pos_ == "ADJ" and token.dep_ == "acomp":
        return "adjective"
    return None


def _conditions_hold(token: Token, cue: Cue, lex: Lexicon) -> bool:
    children = list(token.children)
    if (
        cue.particle is not None
        and not any(
            c.lower_ == cue.particle and (c.dep_ == "prt" or (c.dep_ in ("advmod", "prep") and 0 < c.i - token.i <= 2))
            for c in children
        )
        and not _marked_clause(token, cue.particle)
    ):
        return False  # "gave in to", not "gives a statement in English"
    if cue.pos == "verb":
        # "would let the inspectors return": the small clause's subject is what is let;
        # "called for sanctions against X": the particle's object
        obj = direct_object(token)
        if obj is None and cue.objects:
            obj = (prep_object(token, cue.particle) if cue.particle else None) or _small_clause_subject(token)
        if cue.target_required and "complement_subject" in cue.target and not _asked_to_act(token):
            return False  # "wants Putin to attack" asks Putin; "wants to attack", "suggesting he may plan" ask no one
        if cue.objects is not None:
            if not cue.objects:
                if obj is not None:
                    return False
            elif obj is None or not _object_lemmas(obj) & set(cue.objects):
                return False
        if cue.objects_are_actors and (obj is None or not _names_actor(obj)):
            return False
        if cue.objects_not and obj is not None and _object_lemmas(obj) & set(cue.objects_not):
            return False
        if cue.subject_sectors:
            subj = next((c for c in children if c.dep_ == "nsubj"), None)
            if subj is None:  # "the building was demolished by a protester"
                subj = next((p for c in children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"), None)
            m = subj._.mention if subj is not None else None
            if m is None or m.sector not in cue.subject_sectors:
                return False
        if cue.subject_official and not _official(next((c for c in children if c.dep_ == "nsubj"), None)):
            return False
        if cue.asks_act and not _asks_for_act(token):
            return False  # "asked him whether the fungus is edible", "Boyle asked Trump": questions
        if cue.subject_is_actor:
            subj = next((c for c in children if c.dep_ in SUBJECTS), None)
            if subj is None or not _names_actor(subj) or _is_society(subj):
                return False  # "Beijing protests" is diplomacy; "farmers protested" is not
        if cue.complements:
            judged, verdict = judgement(token)
            if judged is None or verdict is None or not _verdict_lemmas(verdict) & set(cue.complements):
                return False
    if cue.pos == "noun":
        if token.dep_ == "compound":
            return False  # "visit programme": the noun modifies another
        if (
            token.dep_ == "pobj"
            and token.head.lower_ in lex.topic_preps
            and not (cue.light and _carried_by(token, cue.light))
        ):
            return False  # "discussion on arms supply": a topic, not an event; "put on alert" is one
        if cue.modifiers and not _modifier_lemmas(token) & set(cue.modifiers):
            return False
        if cue.light and not _carried_by(token, cue.light):
            return False
    if cue.pos == "verb" and token.dep_ == "pcomp" and token.head.lower_ in lex.topic_preps:
        return False  # "the announcement about supplying equipment"
    # "giving positive signals" is no transfer
    return not (cue.goods_required and _goods_code(token, cue, lex) is None)


def _marked_clause(token: Token, word: str) -> bool:
    """ "called for the EU to lift the ban", parsed as a clause "for the EU to
    lift" under the verb: the particle is that clause's marker, right after it."""
    return any(
        c.dep_ in ("advcl", "ccomp", "xcomp")
        and any(m.dep_ == "mark" and m.lower_ == word and m.i == token.i + 1 for m in c.children)
        for c in token.children
    )


def _has_agent(noun: Token) -> bool:
    """ "an attack by Oman soldiers", "Russia's invasion": a noun whose doer is named is an act."""
    doers = [c for c in noun.children if c.dep_ == "poss"]
    doers += [p for c in noun.children if c.dep_ == "prep" and c.lower_ == "by" for p in c.children if p.dep_ == "pobj"]
    return any(d._.mention is not None or any(c._.mention is not None for c in d.children) for d in doers)


# The complement of a request says what someone should do: "wants Putin to
# attack", "suggested Greece should apply", "proposed that Iran freeze".
_REQUESTED_AUX = frozenset({"to", "should", "must", "shall"})


def _asked_to_act(verb: Token) -> bool:
    """Does the verb's complement have a subject asked to act?  "suggesting
    that he may be planning a return" infers, it asks nothing."""
    for child in verb.children:
        if child.dep_ in COMPLEMENTS and any(c.dep_ in SUBJECTS for c in child.children):
            return child.tag_ == "VB" or any(
                c.dep_ in AUXILIARIES and c.lower_ in _REQUESTED_AUX for c in child.children
            )
    return False


def _asks_for_act(verb: Token) -> bool:
    """ "asked Iran to release", "asked for help", "asked that X leave": an act
    is asked for; "asked him whether ..." or a quoted question is not."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "for":
            return True
        if child.dep_ in COMPLEMENTS and (
            child.tag_ == "VB" or any(c.dep_ == "aux" and c.lower_ in _REQUESTED_AUX for c in child.children)
        ):
            return not any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in child.children)
    return False


def _small_clause_subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in COMPLEMENTS:
            subj = next((c for c in child.children if c.dep_ in SUBJECTS), None)
            if subj is not None:
                return subj
    return None


def _carried_by(noun: Token, verbs: tuple[str, ...]) -> bool:
    """The noun is the object of one of ``verbs`` ("issued a warning"), or sits
    in an "on" phrase of one ("put the troops on high alert")."""
    head = noun.head
    if noun.dep_ == "dobj":
        return bool(verb_lemmas(head) & set(verbs))
    return noun.dep_ == "pobj" and head.lower_ == "on" and bool(verb_lemmas(head.head) & set(verbs))


def judgement(verb: Token) -> tuple[Token | None, Token | None]:
    """What a verb of judging judges and the verdict: "called New Delhi's steps
    reckless", "described the sanctions as illegal", "termed India's decision
    irresponsible" (a small clause), "called the visit a turning point"."""
    obj = direct_object(verb)
    verdict = None
    for c in verb.children:
        if c.dep_ in ("oprd", "acomp", "xcomp", "attr", "ccomp") and c.pos_ in ("ADJ", "NOUN"):
            verdict = c
            if obj is None:
                obj = next((s for s in c.children if s.dep_ in SUBJECTS), None)
        elif c.dep_ == "prep" and c.lower_ == "as":
            verdict = next((p for p in c.children if p.dep_ in ("pobj", "amod", "acomp")), None)
    if verdict is None and obj is not None:  # "called the steps reckless": parsed as a modifier after the noun
        verdict = next((c for c in obj.children if c.dep_ == "amod" and c.i > obj.i), None)
    return obj, verdict


def _verdict_lemmas(verdict: Token) -> set[str]:
    lemmas = {verdict.lemma_.lower()} | _modifier_lemmas(verdict)
    lemmas.update(c.lemma_.lower() for c in verdict.children if c.dep_ == "conj")
    return lemmas


def _object_lemmas(obj: Token) -> set[str]:
    """The object's lemma, its modifiers', and its conjuncts' ("the Aghdam,
    Kalbajar and Lachin districts")."""
    lemmas = {obj.lemma_.lower()} | _modifier_lemmas(obj)
    lemmas.update(c.lemma_.lower() for c in subtree(obj) if c.dep_ == "conj" and c.head.i != obj.head.i)
    return lemmas


def _modifier_lemmas(token: Token) -> set[str]:
    return {c.lemma_.lower() for c in token.children if c.dep_ in NOUN_MODIFIERS}


def _names_actor_child(token: Token) -> bool:
    return any(c._.mention is not None for c in token.children if c.dep_ in ("npadvmod", "compound", "nmod"))


def _official(token: Token | None) -> bool:
    """A state, a body, or a person holding an office."""
    m = token._.mention if token is not None else None
    if m is None:  # "he arrived in Athens", "the new mayor left for Athens": a pronoun or a title
        return token is not None and (token.tag_ == "PRP" or (token.lemma_.lower(),) in roles.load().forms)
    if m.kind == "person":
        return m.role is not None
    return m.kind in ("state", "organization", "igo") and m.sector in (None, "government", "military", "police")


def _is_society(token: Token) -> bool:
    m = token._.mention
    return m is not None and m.sector in ("rebels", "opposition", "civilians", "media", "business")


def _names_actor(token: Token) -> bool:
    """The object is an actor, or says whose it is ("struck Kyiv", "asked the
    Pakistani government"); "hosted rounds of Saudi-Iranian talks" is not."""
    if token._.mention is not None or token.tag_ == "PRP":
        return True
    return any(
        t._.mention is not None
        for c in token.children
        if c.dep_ in ("compound", "amod", "poss", "nmod", "appos")
        for t in subtree(c)
    )


# --------------------------------------------------------------- extract
def extract(doc: Doc) -> Iterator[Event]:
    """Every event in ``doc`` (needs doc._.mentions; reads timexes and quotes when set)."""
    lex = lexicon()
    ctx = DocContext(doc, lex.dyad_nouns, lex.light_verbs)
    found_amounts = list(amounts_mod.extract(doc)) if doc._.mentions else []
    document = doc._.document
    doc_id = document.id if document is not None else ""
    for sent in sentences(doc):
        ctx.sentence_no += 1
        triggers = find_triggers(sent, lex)
        if not triggers:
            continue
        skip = _framed_inner(triggers)
        at = {t.token.i: t for t in triggers}
        built: list[tuple[Trigger, Event]] = []
        seen: set[tuple[str, str | None, str | None]] = set()
        coded_at: dict[int, set[str]] = {}
        for trig in triggers:
            if trig.token.i in skip:
                continue
            inner = [at[i] for i in _inner_triggers(trig.token, at)] if trig.cue.concludes else []
            coded: list[Event] = []
            for cue in (trig.cue, *trig.alternatives):
                coded = list(_events_for(Trigger(trig.token, cue), sent, ctx, lex, doc_id, inner))
                if coded:
                    break
            if trig.token.dep_ == "advcl" and trig.token.tag_ == "VBG":
                # "sent drones into Kyiv, killing four people": one attack, coded on its verb
                coded = [e for e in coded if e.type not in coded_at.get(trig.token.head.i, ())]
            coded_at[trig.token.i] = {e.type for e in coded}
            intenders = _intenders(trig.token, coded, ctx, lex)
            intents = [c for e in coded if (c := companion(e, lex, trig.token.idx, intenders)) is not None]
            for event in (*coded, *intents):
                key = (event.type, _dyad_key(event.source, ctx), _dyad_key(event.target, ctx))
                if key in seen:
                    continue
                seen.add(key)
                built.append((trig, event))
        yield from _with_amounts(built, found_amounts, sent)


# Framing words that make an intention someone else's reading of the actor,
# not the actor's own word: "is expected to sign", "was considering supplying".
# An attempt is an act, not a pledge: "a failed attempt to rescue him".
_OTHERS_READING = frozenset(
    {
        "expect",
        "consider",
        "likely",
        "poised",
        "set",
        "due",
        "schedule",
        "rumour",
        "rumor",
        "attempt",
        "try",
        "effort",
        "bid",
    }
)


def _intenders(token: Token, coded: list[Event], ctx: DocContext, lex: Lexicon) -> set[str]:
    """The actors who state the intention behind an intended act (its clause's
    subject), when they state it themselves: the holder is the outlet or one
    of them, and no framing word makes it another's expectation."""
    if not any(e.modality == "intended" for e in coded):
        return set()
    if any(t.lemma_.lower() in _OTHERS_READING for t, _ in frame_chain(token, lex, through_preps=True)):
        return set()
    subjects = clause_subject(token, ctx)
    countries = {country_of(m) for m in subjects} - {None}
    for e in coded:
        if e.holder == OUTLET or e.holder in {m.actor for m in subjects}:
            continue
        said_by = ctx.speaker_mention(e.holder)
        if said_by is None or country_of(said_by) not in countries:
            return set()  # "Blinken warned that Beijing was considering supplying ...": Blinken's word
    return {m.actor for m in subjects}


def _dyad_key(actor: str | None, ctx: DocContext) -> str | None:
    if actor is None:
        return None
    m = ctx.speaker_mention(actor)
    return country_of(m) or actor


def _framed_inner(triggers: list[Trigger]) -> set[int]:
    """Triggers not to code on their own: the framing verb of "offered to
    supply" (the supply is coded, intended), the act under "refused to", the
    act under a concluded agreement ("agreed to hold talks" is one AGREE,
    actual, as PLOVER codes agreements), and a noun that restates its verb
    ("strengthen cooperation": one event)."""
    at = {t.token.i: t for t in triggers}
    skip: set[int] = set()
    for trig in triggers:
        head = trig.token.head
        if (
            trig.cue.pos == "noun"
            and trig.token.dep_ == "dobj"
            and head.i in at
            and at[head.i].cue.pos == "verb"
            and not at[head.i].cue.complements  # "termed the agreement positive": the agreement stands
            and not _has_agent(trig.token)  # "condemned an attack by Oman soldiers": the attack is theirs
            and not any(c.dep_ == "relcl" for c in trig.token.children)  # "withdraw the complaint it had filed"
        ):
            skip.add(trig.token.i)  # "signed a deal", "strengthen cooperation": the verb codes it
        if (
            trig.cue.pos == "noun"
            and trig.token.dep_ == "pobj"
            and head.lower_ in ("in", "during")
            and head.head.i in at
            and at[head.head.i].cue.pos == "verb"
            and trig.cue.type in _types_of(at[head.head.i])
            and _has_agent(trig.token)
        ):
            skip.add(trig.token.i)  # "wounded during Israel's raid": one attack, coded on the verb
        if not (trig.cue.outer or trig.cue.outer_suppresses or trig.cue.concludes):
            continue
        inner = _inner_triggers(trig.token, at)
        if not inner:
            continue
        if trig.cue.outer_suppresses or trig.cue.concludes:
            skip.update(inner)
        else:
            skip.add(trig.token.i)
    return skip


def _types_of(trig: Trigger) -> set[str]:
    return {trig.cue.type, *(c.type for c in trig.alternatives)}


def _inner_triggers(token: Token, at: dict[int, Trigger]) -> list[int]:
    inner: list[int] = []
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "for":  # "demanding millions for her release"
            inner.extend(c.i for c in child.children if c.dep_ == "pobj" and c.i in at)
        if child.dep_ not in ("xcomp", "ccomp", "dobj"):
            continue
        if child.i in at:
            inner.append(child.i)
        for grandchild in child.children:  # "agreed to hold talks": the noun of a light verb
            if grandchild.dep_ == "dobj" and grandchild.i in at:
                inner.append(grandchild.i)
    return inner


def _events_for(
    trig: Trigger, sent: Span, ctx: DocContext, lex: Lexicon, doc_id: str, inner: list[Trigger] | None = None
) -> Iterator[Event]:
    token, cue = trig.token, trig.cue
    type_, mode = _type_and_mode(token, cue, lex)
    ptype = plover().types[type_]
    pairs = _arguments(token, cue, type_, ctx, lex)
    for act in inner or ():  # "Russia agreed to supply arms to Pakistan": the agreed act names the other party
        act_type, act_mode = _type_and_mode(act.token, act.cue, lex)
        if mode is None:  # "threatened to impose sanctions": THREATEN restrict
            said = lex.intended_modes.get(f"{act_type}:{act_mode}") or lex.intended_modes.get(act_type)
            mode = said if ptype.allows(said) else None
        if any(t is not None for _, t in pairs):
            continue
        pairs = _arguments(act.token, act.cue, act_type, ctx, lex) or pairs
    if cue.target_kinds:  # "withdrew from Greece" is a retreat; from a treaty it is something else
        pairs = [(s, t) for s, t in pairs if t is not None and t.kind in cue.target_kinds]
    domestic = type_ in lex.domestic_types
    required = (
        cue.target_required
        if cue.target_required is not None
        else (ptype.target_required or type_ not in lex.targetless_types)
    )
    polarity = polarity_of(token, lex)
    modality = modality_of(token, lex)
    clause = clause_span(token)
    date = event_date(token, clause, sent, cue, type_, modality, lex)
    one_sided = (
        required
        # a noun alone ("the agreement", "talks") is as often a topic as an act; carried by
        # a light verb ("launched attacks", "staged a protest") it is the act
        and (cue.pos == "verb" or _carried_by(token, cue.light or tuple(lex.light_verbs)) or _has_agent(token))
        and cue.target_required is None
        and type_ in lex.one_sided_types
        and polarity == "positive"
        and modality != "hypothetical"
        # a meeting may be one-sided ("the G-7 will meet"); a trip goes somewhere
        and (type_ != "CONSULT" or cue.symmetric or mode == "multilateral")
    )
    for source, target in pairs:
        if target is not None and not domestic and same_side(source, target):
            target = None
        if target is None and required and not (one_sided and _one_side_enough(type_, source, sent)):
            continue
        if target is None and cue.pos == "noun" and source.kind == "person" and type_ in _FORCE_TYPES:
            continue  # "Clinton's war on women": a person's war with no one named is a figure of speech
        if target is None and source.sector in _SOCIETY and type_ not in lex.society_types:
            continue  # "the man complained of stomach ache": people's own grievances are no event
        ctx.remember(type_, source, target, cue.symmetric)
        attribution = _attribution(token.doc, clause, polarity)
        event_id = content_id("ev", doc_id, token.idx, type_, source.actor, target.actor if target else None)
        yield Event(
            id=event_id,
            document=doc_id,
            type=type_,
            mode=mode,
            cameo_root=ptype.cameo_root(mode),
            weight=ptype.weight(mode),
            source=source.actor,
            target=target.actor if target else None,
            polarity=polarity,
            modality=modality,
            date=date,
            evidence=Evidence(sent.text, sent.start_char, sent.end_char),
            cue=cue_text(token, cue, lex),
            reported_by=attribution[2],
            holder=attribution[0],
            stance=attribution[1],
            cue_lemma=cue_lemma(token, cue, lex),
            lemmas=lemmas_of(sent),
        )


# Sectors of people acting as themselves: their events need a recipient,
# except the types that are theirs alone (PROTEST).
_SOCIETY = frozenset({"civilians", "business", "media"})
_FORCE_TYPES = frozenset({"ASSAULT", "COERCE"})


# Kinds of actor whose presence in a sentence suggests a recipient the rules
# missed; a group named by role ("witnesses said", "the army") does not.
_PARTY_KINDS = frozenset({"state", "person", "organization", "company", "igo", "armed_group", "media"})


def _one_side_enough(type_: str, source: Mention, sent: Span) -> bool:
    """May this event stand with no target: the sentence names no other party,
    and a meeting has several on its own side ("the G-7 will meet", "leaders
    gathered"), not one state or person ("we are happy to talk")."""
    if type_ == "CONSULT" and source.kind in ("state", "person"):
        return False
    return not _other_party(sent, source)


def _other_party(sent: Span, source: Mention) -> bool:
    """Does the sentence name an actor on another side than ``source``?  A
    place ("a group in Lebanon", "a court in Tunis") names no party."""
    return any(
        sent.start_char <= m.start < sent.end_char
        and m.kind in _PARTY_KINDS
        and m.sector is None
        and not same_side(m, source)
        and country_of(m) != country_of(source)
        and not _a_place(sent.doc, m)
        for m in sent.doc._.mentions or ()
    )


_PLACE_PREPS = frozenset({"in", "at", "near", "inside", "across", "throughout"})


def _a_place(doc: Doc, m: Mention) -> bool:
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    return root.dep_ == "pobj" and root.head.lower_ in _PLACE_PREPS


def _type_and_mode(token: Token, cue: Cue, lex: Lexicon) -> tuple[str, str | None]:
    mode = cue.mode
    if cue.mode_by_modifier:
        for lemma in _modifier_lemmas(token):
            mode = cue.mode_by_modifier.get(lemma, mode)
    if not cue.mode_from_goods:
        return cue.type, mode
    return _goods_code(token, cue, lex) or (cue.type, mode)


def _goods_code(token: Token, cue: Cue, lex: Lexicon) -> tuple[str, str | None] | None:
    """(type, mode) from what is transferred; modifiers first ("relief goods")."""
    for goods in _goods_tokens(token, cue):
        words = [
            c.lemma_.lower()
            for c in sorted(goods.children, key=lambda c: c.i)
            if c.dep_ in NOUN_MODIFIERS and c.i < goods.i
        ]
        if goods.i != token.i:
            words.append(goods.lemma_.lower())
        for word in words:
            code = lex.goods.get(word)
            if code is not None:
                return code
    for goods in _goods_tokens(token, cue):  # "contribute a million rupees", "provide $5 million"
        if goods.i != token.i and ({goods.lemma_.lower()} | {c.lower_ for c in goods.children}) & lex.money:
            return ("AID", "economic")
    return None


def _goods_tokens(token: Token, cue: Cue) -> list[Token]:
    if cue.pos == "noun":
        goods = [token]
        of = prep_object(token, "of")
        if of is not None:
            goods.append(of)
        return goods
    found = []
    obj = direct_object(token)
    if obj is not None:
        found.append(obj)
        for word in ("of", "in"):  # "2 million doses of vaccine", "$5 million in military equipment"
            inner = prep_object(obj, word)
            if inner is not None:
                found.append(inner)
    with_ = prep_object(token, "with")  # "supplying Pakistan with equipment"
    if with_ is not None:
        found.append(with_)
    return found


# -------------------------------------------------------------- arguments
def _arguments(
    token: Token, cue: Cue, type_: str, ctx: DocContext, lex: Lexicon
) -> list[tuple[Mention, Mention | None]]:
    """(source, target) pairs for a trigger, at most one per distinct target."""
    # "termed the agreement between X and Y positive" judges the pair's act; it is no act between them
    pair = between(token, ctx) if not cue.complements else []
    if len(pair) < 2 and cue.pos == "noun":
        owners = owner_actors(token, ctx)
        if len(owners) >= 2 and not any(c.dep_ == "poss" for c in token.children):
            pair = owners
    if len(pair) >= 2:
        return [(pair[0], pair[1])]
    sources = _fill(cue.source, token, cue, ctx, None)
    if not sources:
        return []
    targets = _fill(cue.target, token, cue, ctx, sources[0])
    if not targets and type_ in lex.place_types:
        targets = place_target(token, ctx)  # "shelled positions near Jenin": the place's state
    targets = [t for t in targets if not any(t.actor == s.actor for s in sources)]
    if not targets and len(sources) >= 2 and (cue.symmetric or _reciprocal(token)):
        return [(sources[0], sources[1])]  # "India and Pakistan agreed", "each side accused the other"
    if not targets and cue.target_required is not True:
        targets = _continued_targets(token, cue, type_, sources[0], ctx, lex)
    if not targets:
        return [(s, None) for s in sources[:_MAX_SOURCES]]
    out: list[tuple[Mention, Mention | None]] = []
    for source in sources[:_MAX_SOURCES]:
        for target in targets[:3]:
            if not any(country_of(target) == country_of(t) and s.actor == source.actor for s, t in out if t):
                out.append((source, target))
    return out


# Coordinated sources each get the event ("Mali, Romania, Finland and Belgium
# welcomed ..."); a longer list is a roll call, not a set of actors.
_MAX_SOURCES = 5


def _reciprocal(token: Token) -> bool:
    """ "accused each other", "blames the other": the act runs both ways."""
    objects = [direct_object(token)] if token.pos_ == "VERB" else []
    objects += [c for p in token.children if p.dep_ == "prep" for c in p.children if c.dep_ == "pobj"]
    return any(o is not None and o.lower_ in ("other", "another") for o in objects)


# How many sentences back a reference ("the agreement", "the statement") may reach.
_REFERENCE_WINDOW = 6
_REFERRING_DETS = frozenset({"the", "this", "that", "these", "those", "such", "any", "every"})
_REFERRING_PRONOUNS = frozenset({"it", "this", "that", "them"})


def _continued_targets(
    token: Token, cue: Cue, type_: str, source: Mention, ctx: DocContext, lex: Lexicon
) -> list[Mention]:
    """No target in the syntax, but the object points back at an act the story
    has just reported ("welcomed the agreement", "rejected the statement",
    "denied any involvement"): the target is the other party of that act, the
    latest one coded in the last few sentences.  A third party's verbal
    cooperation ("Qatar welcomed the news") is aimed at both parties, and one
    that repeats the act before it ("also rejected the report") at that act's
    target; a party welcoming its own mutual act aims at no one, and a third
    party's material act is not placed.  Without such a reference the target
    stays unknown: guessing the story's main pair codes digressions wrongly.
    Cues marked ``reacts`` (an apology, voiced discontent) need no such
    object: they answer the latest act the source took part in.
    A third party's verbal conflict ("Qatar condemned the attack") aims at
    whoever did the act."""
    quad = plover().types[type_].quad
    if _asks_for_calm(token, cue, lex):
        pair = ctx.conflict_pair()
        return [m for m in pair if not same_side(m, source)] if pair else []
    kinds = _refers_back(token, cue, lex)
    if not (cue.reacts or kinds):
        return []
    oldest = ctx.sentence_no - _REFERENCE_WINDOW
    recent = [
        p
        for p in ctx.history
        if p.sentence_no >= oldest and p.target is not None and (not kinds or "any" in kinds or p.type in kinds)
    ]
    own = [p for p in recent if same_side(source, p.source) or (p.target and same_side(source, p.target))]
    if cue.reacts or own:  # "Baku apologised", "Kristersson welcomed the result": its own dealings first
        recent = own
    if not recent:
        return []
    past = recent[-1]
    target = past.target
    if target is None:  # recent holds only events with a target
        return []
    party = same_side(source, past.source) or same_side(source, target)
    if past.type == type_ and not party:  # an echo of the act before
        return _distinct_actors(
            [p.target for p in recent if p.type == type_ and p.sentence_no == past.sentence_no and p.target]
        )
    if party and past.symmetric and quad == 1:
        return []  # a party welcoming its own agreement addresses no one
    if same_side(source, past.source):
        return [target]
    if same_side(source, target):
        return [past.source]
    if quad not in (1, 3):
        return []
    # "Qatar welcomed the agreement": both parties; "Qatar condemned the
    # attack", "rejected the statement": whoever did or said it
    return [past.source] if quad == 3 else [past.source, target]


def _distinct_actors(mentions: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for m in mentions:
        if all(m.actor != o.actor for o in out):
            out.append(m)
    return out


def _asks_for_calm(token: Token, cue: Cue, lex: Lexicon) -> bool:
    """ "urged an immediate ceasefire", "called for restraint": a request aimed
    at the sides of the fight the story reports."""
    if cue.type != "REQUEST":
        return False
    obj = direct_object(token) if cue.pos == "verb" else None
    if obj is None and cue.pos == "verb":
        obj = prep_object(token, "for")
    return obj is not None and obj.lemma_.lower() in lex.calm_nouns


def _refers_back(token: Token, cue: Cue, lex: Lexicon) -> frozenset[str]:
    """The types of act the trigger's object refers back to ("welcomed the
    agreement": AGREE ...); empty when it refers to nothing."""
    none: frozenset[str] = frozenset()
    if cue.pos != "verb":
        return none
    obj = direct_object(token)
    if obj is None and cue.particle is not None:
        obj = prep_object(token, cue.particle)  # "presided over the final session"
    if obj is None:
        return none
    if obj.pos_ == "PRON" or obj.tag_ in ("WDT", "WP"):
        referring = obj.tag_ in ("PRP", "DT") and obj.lower_ in _REFERRING_PRONOUNS
        return frozenset({"any"}) if referring else none
    kinds = lex.anaphora.get(obj.lemma_.lower(), none)
    if token.dep_ == "relcl" and obj.i == token.head.i:
        return kinds  # "a step Cairo denounced": the clause makes it definite
    definite = any(
        (c.dep_ in ("det", "predet") and c.lower_ in _REFERRING_DETS) or (c.dep_ == "poss" and c.tag_ == "PRP$")
        for c in obj.children
    )
    return kinds if definite else none


def _fill(slots: tuple[str, ...], token: Token, cue: Cue, ctx: DocContext, source: Mention | None) -> list[Mention]:
    for slot in slots:
        found = [m for m in _slot(slot, token, cue, ctx, source) if source is None or m.actor != source.actor]
        if found:
            return found
    return []


def _slot(slot: str, token: Token, cue: Cue, ctx: DocContext, source: Mention | None) -> list[Mention]:
    is_noun = cue.pos == "noun"
    if slot == "subj":
        return clause_subject(token, ctx)
    if slot == "obj":
        if is_noun:
            return []
        obj = direct_object(token)
        if obj is None and cue.complements:
            obj = judgement(token)[0]  # "termed India's decision irresponsible"
        return actors_at(obj, ctx)
    if slot == "condition":
        return _condition_subject(token, ctx)
    if slot == "complement_subject":  # "wants Putin to attack", "suggested Greece should apply"
        return [] if is_noun else _complement_subject(token, ctx)
    if slot == "means":  # "eight people were killed in an air strike by government forces"
        return [] if is_noun else _means_agent(token, ctx)
    if slot == "for_actor":  # "called for the Group of 77 to support it": the party asked, named itself
        return [] if is_noun else actors_at(_for_whom(token), ctx, depth=0)
    if slot == "dative":
        return [] if is_noun else actors_at(dative(token), ctx)
    if slot == "poss":
        poss = next((c for c in token.children if c.dep_ == "poss"), None)
        return actors_at(poss, ctx)
    if slot == "host":
        # the cue's own carriers count too: "returned fire on the rebels"
        return host_subject(token, ctx, ctx.light_verbs | frozenset(cue.light)) if is_noun else []
    if slot == "compound":
        return owner_actors(token, ctx) if is_noun else []
    if slot == "origin":
        return _origin(token, cue, ctx)
    if slot == "context":
        m = nearest_state(token, country_of(source))
        if m is not None and is_noun and _commenter(token, m, ctx):
            return []  # "China refused to condemn Russia's invasion": China is no party to it
        return [m] if m is not None else []
    if slot == "appos":  # "India, the biggest buyer of Russian weapons"
        return actors_at(token.head, ctx) if token.dep_ == "appos" else []
    if slot == "obj_any":  # "lifted its ban on imports of Russian wheat"
        obj = direct_object(token) if not is_noun else None
        if obj is None and cue.particle is not None and not is_noun:
            obj = prep_object(token, cue.particle)  # "called for sanctions against Oman"
        if obj is None:
            return []
        return [
            m
            for t in subtree(obj)
            if (m := t._.mention) is not None
            and (source is None or not same_side(m, source))
            and not _under_participle(t, obj)  # "ties in a China-brokered deal": China brokered, it is no party
        ][:1]
    if slot == "purpose":
        return _beneficiary(token, ctx)
    if slot == "parties":
        return parties(token, ctx)
    if slot == "where":  # "protesters stormed buildings in Yerevan": where it happened
        pobj = prep_object(token, "in")
        obj = direct_object(token) if not is_noun else None
        if pobj is None and obj is not None:
            pobj = prep_object(obj, "in")  # "stormed missions in Iran"
        place = actors_at(pobj, ctx) if pobj is not None else []
        if not place:
            where = place_state(pobj)
            place = [where] if where is not None else []
        return place
    if slot == "by" and is_noun:
        return noun_owner(token, ctx) if prep_object(token, "by") is not None else []
    pobj = prep_object(token, slot)
    if pobj is None and not is_noun:
        pobj = _prep_after_duration(token, slot)
    found = actors_at(pobj, ctx)
    if found:
        return found
    if pobj is not None and pobj.pos_ in ("VERB", "AUX"):  # "complained about what it calls X's remarks"
        for obj in (next((c for c in pobj.children if c.dep_ == "oprd"), None), direct_object(pobj)):
            found = actors_at(obj, ctx)
            if found:
                return found
    if (slot == "to" and cue.mode in ("visit", "meet")) or (cue.type == "ASSAULT" and slot in ("into", "on", "in")):
        # "a trip to Beijing": the host; "sent drones into Kyiv": the state attacked
        dest = pobj if pobj is not None or is_noun else _prep_in_object(token, slot)
        host = place_state(dest)
        if host is not None:
            return [host]
    if not is_noun:  # "supplied arms to Ukraine" with "to" attached to the object
        obj = direct_object(token)
        return actors_at(prep_object(obj, slot), ctx) if obj is not None else []
    light = light_verb(token, ctx.light_verbs)
    if light is not None and slot not in ("of", "by"):
        # "took a jibe at the US", "the complaint it had filed against Japan": the preposition on the verb
        return actors_at(prep_object(light, slot), ctx)
    return []


# Nouns of duration the parser hangs a verb's next preposition on: "complained
# for months about X" has "about" under "months".
_DURATIONS = frozenset({"hour", "day", "week", "month", "year", "decade"})


def _for_whom(verb: Token) -> Token | None:
    """ "called for the G77 to support it": the object of "for", or the subject
    of a "for X to Y" clause (the parser's other reading)."""
    pobj = prep_object(verb, "for")
    if pobj is not None:
        return pobj
    for clause in verb.children:
        if clause.dep_ in ("advcl", "ccomp", "xcomp") and any(
            c.dep_ == "mark" and c.lower_ == "for" for c in clause.children
        ):
            return next((c for c in clause.children if c.dep_ == "nsubj"), None)
    return None


def _means_agent(verb: Token, ctx: DocContext) -> list[Mention]:
    """Whose act the means of a verb is: "killed in an air strike by X",
    "wounded during Israel's raid" -- a noun in an "in"/"during" phrase whose
    doer is named (its possessor or "by X")."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("in", "during"):
            continue
        noun = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if noun is None or noun.pos_ != "NOUN":
            continue
        poss = next((c for c in noun.children if c.dep_ == "poss"), None)
        found = actors_at(poss, ctx, depth=1) or actors_at(prep_object(noun, "by"), ctx, depth=1)
        if found:
            return found
    return []


def _commenter(noun: Token, m: Mention, ctx: DocContext) -> bool:
    """Is ``m`` the subject of a verb the noun is the object of, a verb that
    does not carry it ("condemned the invasion", not "launched an invasion")?"""
    verb = noun.head
    if noun.dep_ == "pobj":
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX") or verb_lemmas(verb) & ctx.light_verbs:
        return False
    return any(country_of(s) == country_of(m) for s in clause_subject(verb, ctx))


def _prep_after_duration(verb: Token, word: str) -> Token | None:
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("for", "over", "during"):
            span = next((c for c in child.children if c.dep_ == "pobj"), None)
            if span is not None and span.lemma_.lower() in _DURATIONS:
                return prep_object(span, word)
    return None


_CONDITION_MARKS = frozenset({"if", "unless"})


def _complement_subject(token: Token, ctx: DocContext) -> list[Mention]:
    for child in token.children:
        if child.dep_ in COMPLEMENTS:
            subj = next((c for c in child.children if c.dep_ in SUBJECTS), None)
            found = actors_at(subj, ctx)
            if found:
                return found
    return []


def _condition_subject(token: Token, ctx: DocContext) -> list[Mention]:
    """Whom a warning's condition is about: "warned that it would respond if
    Sweden and Finland joined NATO", "threatened to retaliate if India
    diverted the water"."""
    heads = [token, *(c for c in token.children if c.dep_ in COMPLEMENTS)]
    for head in heads:
        for clause in head.children:
            if clause.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ in _CONDITION_MARKS for c in clause.children
            ):
                subj = next((c for c in clause.children if c.dep_ in SUBJECTS), None)
                found = actors_at(subj, ctx)
                if found:
                    return found
    return []


def _prep_in_object(verb: Token, word: str) -> Token | None:
    """ "sent waves of drones into Kyiv": the parser hangs "into" on the object."""
    obj = direct_object(verb)
    if obj is None:
        return None
    for t in subtree(obj):
        if t.dep_ == "prep" and t.lower_ == word:
            return next((c for c in t.children if c.dep_ == "pobj"), None)
    return None


def _under_participle(token: Token, top: Token) -> bool:
    participle = climb(token, lambda t: t.i != top.i and not (t.pos_ == "VERB" and t.dep_ == "amod"))
    return participle.i != top.i and participle.pos_ == "VERB" and participle.dep_ == "amod"


def _beneficiary(token: Token, ctx: DocContext) -> list[Mention]:
    """Whom a transfer is for, read from its purpose clause: "supply equipment
    to strengthen Pakistan's counterterrorism abilities"."""
    for child in token.children:
        if child.dep_ in ("advcl", "xcomp") and any(c.lower_ == "to" and c.dep_ == "aux" for c in child.children):
            obj = direct_object(child)
            if obj is None:
                found = actors_at(prep_object(child, "for"), ctx)  # "sent fighters to fight for Azerbaijan"
                if found:
                    return found
                continue
            poss = next((c for c in obj.children if c.dep_ == "poss"), None)
            found = actors_at(poss, ctx) or actors_at(prep_object(obj, "of"), ctx) or actors_at(obj, ctx)
            if found:
                return found
    return []


def _origin(token: Token, cue: Cue, ctx: DocContext) -> list[Mention]:
    """Who owns or makes the goods: "Pakistani weapons", "Ukraine's tanks"."""
    for goods in _goods_tokens(token, cue):
        if goods.i == token.i:
            continue
        for child in goods.children:
            if child.dep_ in ("poss", "amod", "compound", "nmod"):
                found = actors_at(child, ctx)
                if found:
                    return found
    return []


# -------------------------------------------------------- polarity, modality
def frame_chain(token: Token, lex: Lexicon, through_preps: bool = False) -> list[tuple[Token, str]]:
    """The trigger and the words that frame it within its clause, each with the
    dependency that led to it: the light verb of a noun ("held talks"), the
    control verbs and adjectives of an infinitive ("ready to supply"), the
    noun of "intention to supply", a verb sharing the subject ("... nor does
    it intend to supply").  ``through_preps`` also climbs out of prepositional
    phrases ("comes closer in cooperation"), which modality does and polarity
    does not: "was not discussed during the conversation" negates no call."""
    chain = [(token, "")]
    t = token
    for _ in range(8):
        dep, head = t.dep_, t.head
        if head.i == t.i:
            break
        if (
            dep in ("xcomp", "acomp", "pcomp", "aux")
            or (dep == "dobj" and t.tag_ == "VBG")
            or (dep == "dobj" and t.pos_ in _NOUN_POS and head.lemma_.lower() in lex.light_verbs)
            or (dep == "acl" and t.tag_ == "VB")
            or (dep == "prep" and head.pos_ in ("VERB", "ADJ", "AUX"))
            or (dep == "pobj" and through_preps and head.lower_ in _FRAMING_PREPS)
            or (dep == "conj" and t.pos_ == "VERB" and not any(c.dep_ in SUBJECTS for c in t.children))
        ):
            pass
        else:
            break
        t = head
        chain.append((t, dep))
        if t.dep_ in CLAUSE_HEADS - {"acl"}:
            break
    return chain


def polarity_of(token: Token, lex: Lexicon) -> str:
    for t, via in frame_chain(token, lex):
        if via in ("xcomp", "dobj") and t.lemma_.lower() in lex.refusal_heads:
            return "negative"  # "refused to condemn", "avoided condemning"
        for c in t.children:
            if c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in lex.negators):
                return "negative"
            if c.dep_ == "det" and c.lower_ in lex.negative_determiners and t.pos_ in _NOUN_POS:
                return "negative"
        if t.dep_ == "conj" and any(
            c.dep_ in ("cc", "preconj") and c.lower_ in ("nor", "neither") for c in t.head.children
        ):
            return "negative"
        if t.dep_ == "conj" and any(c.lower_ == "nor" for c in t.children if c.dep_ == "cc"):
            return "negative"
    return "positive"


def modality_of(token: Token, lex: Lexicon) -> str:
    chain = frame_chain(token, lex, through_preps=True)
    for ancestor in token.ancestors:  # "the prospects of enhancing cooperation"
        if ancestor.pos_ in _NOUN_POS and ancestor.lemma_.lower() in lex.hypothetical_nouns:
            return "hypothetical"
        if ancestor.dep_ in CLAUSE_HEADS - {"acl"}:
            break
    intended = False
    for t, via in chain:
        lemma = t.lemma_.lower()
        framing = via not in ("", "conj", "aux")  # "promised X and admonished Y": no frame for Y
        if framing and (lemma in lex.intended_heads or (t.pos_ in _NOUN_POS and lemma in lex.intended_nouns)):
            intended = True
        for c in t.children:
            word = c.lower_
            if c.dep_ in AUXILIARIES:
                if word == "would" or c.lemma_ == "would":
                    if _in_reported_speech(t):
                        intended = True
                    else:
                        return "hypothetical"
                elif word in lex.hypothetical_aux or c.lemma_ in lex.hypothetical_aux:
                    return "hypothetical"
                elif word in lex.intended_aux or c.lemma_ in lex.intended_aux:
                    intended = True
            elif (c.dep_ == "advmod" and word in lex.hypothetical_adverbs) or (
                c.dep_ == "mark" and word in lex.hypothetical_marks
            ):
                return "hypothetical"
        if t.i == token.i and t.pos_ == "VERB" and t.head.lemma_ == "be" and any(c.lower_ == "to" for c in t.children):
            intended = True  # "X is to visit Y"
    return "intended" if intended else "actual"


def _in_reported_speech(token: Token) -> bool:
    return climb(token, _not_ccomp, memo_for(token.doc, "ccomp")).dep_ == "ccomp"


def _not_ccomp(t: Token) -> bool:
    return t.dep_ != "ccomp"


def _not_clause(t: Token) -> bool:
    return t.dep_ not in CLAUSE_HEADS


# ------------------------------------------------------------------ dates
def clause_span(token: Token) -> Span:
    """The clause the trigger belongs to, as a token span."""
    t = climb(token, _not_clause, memo_for(token.doc, "clause"))
    return token.doc[t.left_edge.i : t.right_edge.i + 1]


def _timexes(doc: Doc, start: int, end: int) -> list[Timex]:
    return timexes_in(doc, start, end)


def event_date(
    token: Token, clause: Span, sent: Span, cue: Cue, type_: str, modality: str, lex: Lexicon
) -> DateValue | None:
    doc = token.doc
    applies, offset = offset_date(token, sent, lambda start, end: _timexes(doc, start, end))
    if applies:
        return offset  # "a day after X": X is dated from the clause the phrase hangs off
    scopes = []
    if cue.pos == "noun":
        scopes.append((token.left_edge.i, token.right_edge.i + 1))
    scopes += [(clause.start, clause.end), (sent.start, sent.end)]
    for start, end in scopes:
        dated = [t for t in _timexes(doc, start, end) if t.value is not None]
        if dated:
            nearest = min(dated, key=lambda t: min(abs(t.start - token.i), abs(t.end - 1 - token.i)))
            return nearest.value
    if _timexes(doc, sent.start, sent.end):
        return None  # the sentence names a time we cannot place: do not guess one
    return _document_date(token, clause, type_, modality)


def _document_date(token: Token, clause: Span, type_: str, modality: str) -> DateValue | None:
    published: DateValue | None = token.doc._.published
    if published is None:
        return None
    if plover().types[type_].quad not in (1, 3) and modality != "intended":
        return None
    head = clause.root
    if head.dep_ not in ("ROOT", "ccomp") or (head.dep_ == "ccomp" and head.head.dep_ != "ROOT"):
        return None
    verbs = [t for t, _ in frame_chain(token, lexicon()) if t.pos_ in ("VERB", "AUX")] + [head]
    finite = ("VBD", "VBZ", "VBP", "MD")  # "said", "says", "will (not) sell"
    if not any(v.tag_ in finite or any(c.tag_ in finite for c in v.children if c.dep_ == "aux") for v in verbs):
        return None
    for v in verbs:
        for c in v.children:
            if c.lemma_ == "have" and c.tag_ == "VBD":
                return None  # past perfect: an earlier act
            if c.dep_ == "advmod" and c.lower_ in _PAST_PERFECT_MARKERS:
                return None
    return DateValue(published.value, "document")


# ---------------------------------------------------------------- output
def cue_text(token: Token, cue: Cue, lex: Lexicon) -> str:
    return " ".join(t.text for t in _cue_tokens(token, cue, lex))


def cue_lemma(token: Token, cue: Cue, lex: Lexicon) -> str:
    return lemmas_of(_cue_tokens(token, cue, lex))


def _cue_tokens(token: Token, cue: Cue, lex: Lexicon) -> list[Token]:
    words = [token]
    for c in token.children:
        if c.dep_ in ("prt",) or (cue.particle and c.lower_ == cue.particle):
            words.append(c)
        if (
            cue.pos == "noun"
            and c.dep_ in ("amod", "compound")
            and (c.lemma_.lower() in cue.modifiers or c.lemma_.lower() in cue.mode_by_modifier)
        ):
            words.append(c)
    if cue.pos == "noun" and token.dep_ == "dobj" and token.head.lemma_.lower() in lex.light_verbs:
        words.append(token.head)
    return sorted(words, key=lambda t: t.i)


def _attribution(doc: Doc, clause: Span, polarity: str) -> tuple[str, str, str | None]:
    a = attribute(doc, clause.start, clause.end, polarity)
    return a.holder, a.stance, a.reported_by


def _with_amounts(
    built: list[tuple[Trigger, Event]], found: list[amounts_mod.AmountMatch], sent: Span
) -> Iterator[Event]:
    from dataclasses import replace

    attached: dict[str, list[Amount]] = {}
    by_token: dict[int, list[Event]] = {}
    for trig, event in built:
        by_token.setdefault(trig.token.i, []).append(event)
    for match in found:
        if not sent.start <= match.start < sent.end:
            continue
        root = sent.doc[match.start : match.end].root
        owners: list[Event] = []
        for ancestor in root.ancestors:
            if ancestor.i in by_token:
                owners = by_token[ancestor.i]
                break
        if not owners:
            owners = [
                e for trig, e in built if clause_span(trig.token).start <= match.start < clause_span(trig.token).end
            ]
        for event in owners:
            attached.setdefault(event.id, []).append(match.amount)
    for _, event in built:
        extra = attached.get(event.id)
        yield replace(event, amounts=tuple(extra)) if extra else event
