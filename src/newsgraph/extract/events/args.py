"""Who did it and to whom: an event's source and target from the parse.

The events extractor names argument *slots* (data/event_cues.toml: subj,
obj, poss, "to", "between" ...); this module finds the actor mentions that
fill them.  Actors come only from ``token._.mention`` (the actors component);
this module never invents an actor, it only follows the syntax to one:

* a phrase counts as naming an actor when a mention covers its head or a
  modifier that says whose it is ("Pakistani authorities", "ministers of
  Pakistan", "Ukraine's tanks");
* coordination gives several ("India and Pakistan");
* pronouns are resolved conservatively: first person inside a quote is the
  quote's speaker; "he"/"she" the nearest earlier person; "it"/"its" the
  reporting subject or the nearest earlier state or organisation subject;
* "the two countries", "both governments" stand for the document's main
  dyad: the two states it mentions most (counting people and bodies by their
  country).  News stories are built around one pair; the last pair mentioned
  is often a digression ("... as New Delhi grows close to Washington").
  "Both sides", "either side", "any party" are the sides of a fight when the
  story has reported one ("sells arms to both sides", "has not armed either
  side in the war"): the latest pair of an ASSAULT event coded so far, else
  the main dyad.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from newsgraph.actors.groups import rules as group_rules
from newsgraph.extract.grammar import NOUN_MODIFIERS, SUBJECTS
from newsgraph.extract.tree import climb, is_root, subtree
from newsgraph.models import Mention

SUBJECT = ("nsubj", "csubj")
# Modifiers that tell whose a phrase is, walked when its head is no mention.
_OWNER_DEPS = frozenset({"compound", "amod", "poss", "nmod", "appos", "npadvmod"})
_FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our", "ours", "myself", "ourselves"})
_PERSONAL = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
_NEUTER = frozenset({"it", "its", "itself"})
_PLURAL = frozenset({"they", "them", "their", "theirs", "themselves"})
# Actors a plural pronoun takes up besides groups ("the rebels ... they"): bodies of many people.
_COLLECTIVE_KINDS = frozenset({"organization", "armed_group", "igo", "group"})
_GROUPING_DETS = frozenset({"the", "both", "two", "either", "each"})
_EXPLICIT_DETS = frozenset({"both", "two", "either", "each"})
# "either side", "each side", "any party": singular, yet two parties.
_SINGULAR_GROUP_DETS = frozenset({"either", "each", "any", "neither"})
# Nouns that name the sides of a conflict rather than states in general.
_SIDE_NOUNS = frozenset({"side", "party"})


@dataclass(frozen=True)
class Coded:
    """An event already coded in the document, as argument finding needs it."""

    type: str
    source: Mention
    target: Mention | None
    symmetric: bool
    sentence_no: int


@dataclass
class DocContext:
    """What argument finding remembers while reading one document."""

    doc: Doc
    dyad_nouns: frozenset[str]
    light_verbs: frozenset[str]
    _main_pair: tuple[Mention, Mention] | None = None
    _main_pair_known: bool = False
    _speaker_mentions: dict[str, Mention] = field(default_factory=dict)
    # Events coded so far, in text order, for references back ("welcomed the
    # agreement", "rejected the statement", "both sides").
    history: list[Coded] = field(default_factory=list)
    sentence_no: int = 0
    # Pronouns being resolved now: resolving "him" reads its clause's subject,
    # which may hold the same pronoun ("George himself filed ..."); a second
    # visit resolves to nothing instead of looping.
    resolving: set[int] = field(default_factory=set)

    def remember(self, type_: str, source: Mention, target: Mention | None, symmetric: bool) -> None:
        self.history.append(Coded(type_, source, target, symmetric, self.sentence_no))

    def conflict_pair(self) -> tuple[Mention, Mention] | None:
        """The two states of the latest fight coded so far."""
        for past in reversed(self.history):
            if (
                past.type == "ASSAULT"
                and past.target is not None
                and not same_side(past.source, past.target)
                and country_of(past.source)
                and country_of(past.target)
            ):
                return past.source, past.target
        return None

    def speaker_mention(self, actor: str) -> Mention | None:
        if not self._speaker_mentions:
            for m in self.doc._.mentions or ():
                self._speaker_mentions.setdefault(m.actor, m)
        return self._speaker_mentions.get(actor)

    def main_pair(self) -> tuple[Mention, Mention] | None:
        if not self._main_pair_known:
            self._main_pair = _main_pair(self.doc)
            self._main_pair_known = True
        return self._main_pair


def country_of(m: Mention | None) -> str | None:
    if m is None:
        return None
    return m.country or (m.actor if m.kind == "state" else None)


# Sectors that are society, not the state: an actor of one of them is never on
# its own state's side ("the opposition accused the government").
_SOCIETY = frozenset({"rebels", "opposition", "civilians", "media", "business"})


def same_side(a: Mention, b: Mention) -> bool:
    """The same actor, or two actors of one state (a minister and his country),
    unless one of them is a group of society facing the state or another group."""
    if a.actor == b.actor:
        return True
    ca, cb = country_of(a), country_of(b)
    if ca is None or ca != cb:
        return False
    return not ({a.sector, b.sector} & _SOCIETY)


# ------------------------------------------------------------- phrases
def actors_at(token: Token | None, ctx: DocContext, depth: int = 3) -> list[Mention]:
    """The actors a phrase headed by ``token`` names, coordinated ones included."""
    if token is None:
        return []
    found: list[Mention] = []
    for head in _conjuncts(token):
        group = _group(head, ctx)
        if group:
            found.extend(group)
            continue
        found.extend(_actors(head, ctx, depth) or _group_under(head, ctx, depth))
    return _distinct(found)


def _group_under(token: Token, ctx: DocContext, depth: int) -> list[Mention]:
    """ "the directors general of military operations of the two countries":
    a group noun under a chain of "of" phrases names the parties."""
    if depth <= 0:
        return []
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                found = _group(pobj, ctx) or _group_under(pobj, ctx, depth - 1)
                if found:
                    return found
        elif child.dep_ in ("amod", "compound"):  # "general" in "directors general of ..."
            found = _group_under(child, ctx, depth - 1)
            if found:
                return found
    return []


def _conjuncts(token: Token) -> Iterator[Token]:
    yield token
    for child in token.children:
        if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN", "PRON", "ADJ"):
            yield from _conjuncts(child)
        elif child.dep_ == "appos" and any(c.dep_ == "conj" for c in child.children):
            yield from _conjuncts(child)  # "the US, Russia, and Switzerland met": a list parsed as an apposition


def _actor(token: Token, ctx: DocContext, depth: int) -> Mention | None:
    found = _actors(token, ctx, depth)
    return found[0] if found else None


def _actors(token: Token, ctx: DocContext, depth: int) -> list[Mention]:
    """The first actor found on or under ``token``, with the actors coordinated
    with it ("Indian and Pakistani commanders" -> India, Pakistan)."""
    mention = _actor_one(token, ctx, depth)
    if mention is None:
        return []
    found = [mention]
    holder = next((t for t in subtree(token) if t._.mention == mention), None)
    if holder is not None:
        for conj in holder.children:
            if conj.dep_ == "conj":
                m = _actor_one(conj, ctx, 1)
                if m is not None:
                    found.append(m)
    return _distinct(found)


def _actor_one(token: Token, ctx: DocContext, depth: int) -> Mention | None:
    mention = token._.mention
    if mention is not None:
        return mention
    if token.tag_ in ("WDT", "WP") and token.head.dep_ == "relcl" and token.head.head.pos_ in ("NOUN", "PROPN"):
        return _actor_one(token.head.head, ctx, depth)  # "Russia, which sells arms": the noun it stands for
    if token.pos_ == "PRON" or token.tag_ in ("PRP", "PRP$"):
        return resolve_pronoun(token, ctx)
    if _is_same_state_noun(token):
        return _story_subject(token)
    if depth <= 0:
        return None
    for child in token.children:
        if child.dep_ in _OWNER_DEPS:
            m = _actor_one(child, ctx, depth - 1)
            if m is not None:
                return m
    for child in token.children:  # "ministers of Pakistan", "the pledge by India", "a warning from X"
        if child.dep_ == "prep" and child.lower_ in ("of", "by", "from"):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    m = _actor_one(pobj, ctx, depth - 1)
                    if m is not None:
                        return m
    return None


# "the country has not armed either side": a singular definite noun for a
# state refers back to the state the story was just talking about.
_STATE_NOUNS = frozenset({"country", "kingdom", "republic", "nation"})


def _is_same_state_noun(token: Token) -> bool:
    return (
        token.tag_ == "NN"
        and token.lemma_.lower() in _STATE_NOUNS
        and any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)
        and not any(c.dep_ in ("amod", "compound", "prep", "poss", "relcl", "acl") for c in token.children)
    )


def _story_subject(token: Token) -> Mention | None:
    """The state "the country" stands for: the latest state that was the subject
    of a main clause ("Pakistan has presented itself as neutral since Russia
    launched ..., and ... the country has not armed either side": Pakistan)."""
    doc = token.doc
    start = doc[max(token.sent.start - 1, 0)].sent.start
    best: Mention | None = None
    for m in doc._.mentions or ():
        if m.kind != "state" or not doc[start].idx <= m.start < token.idx:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        if root.dep_ in SUBJECTS and root.head.dep_ in ("ROOT", "conj"):
            best = m
    return best or _nearest_before(token, lambda m: m.kind == "state", subjects_first=True)


def owner_actors(token: Token | None, ctx: DocContext) -> list[Mention]:
    """Actors in the modifiers of a phrase, in text order ("Ukraine-Pakistan
    defence contracts" -> Ukraine, Pakistan; "Russian aid" -> Russia)."""
    if token is None:
        return []
    found: list[Mention] = []
    for child in sorted(token.children, key=lambda c: c.i):
        if child.pos_ == "VERB":
            continue  # "a China-brokered deal": China brokered it, it is no party to it
        if child.dep_ in ("compound", "amod", "nmod") and child.i < token.i:
            for t in sorted(subtree(child), key=lambda c: c.i):
                # a state or its demonym; an organisation's name ("BRICS summit")
                # names the forum, not a party
                if t._.mention is not None and t._.mention.kind == "state":
                    found.append(t._.mention)
    return _distinct(found)


def _distinct(mentions: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for m in mentions:
        if all(m.actor != o.actor for o in out):
            out.append(m)
    return out


def _group(token: Token, ctx: DocContext) -> list[Mention]:
    """ "the two sides", "both countries", "either side": the current dyad."""
    lemma = token.lemma_.lower()
    if lemma not in ctx.dyad_nouns:
        return []
    words = {c.lower_ for c in token.children if c.dep_ in ("det", "nummod", "predet", "preconj", "amod")}
    side = lemma in _SIDE_NOUNS
    if token.tag_ in ("NN", "NNP"):
        if not (side and words & _SINGULAR_GROUP_DETS):
            return []
    elif token.tag_ not in ("NNS", "NNPS"):
        return []
    elif token.dep_ not in ("nsubj", "nsubjpass", "poss", "pobj") and not words & _EXPLICIT_DETS:
        return []  # "the countries" as an object is seldom the story's dyad; "both countries" is
    if not words & (_GROUPING_DETS | _SINGULAR_GROUP_DETS) or any(c.dep_ == "poss" for c in token.children):
        return []
    # "the countries of the region" names others; "either side in the war" does not
    if any(c.dep_ == "prep" and not (side and c.lower_ == "in") for c in token.children):
        return []
    pair = (ctx.conflict_pair() if side else None) or ctx.main_pair()
    return list(pair) if pair else []


def _main_pair(doc: Doc) -> tuple[Mention, Mention] | None:
    counts: Counter[str] = Counter()
    state: dict[str, Mention] = {}
    for m in doc._.mentions or ():
        c = country_of(m)
        if c:
            counts[c] += 1
            if m.kind == "state":
                state.setdefault(c, m)
    top = [c for c, _ in counts.most_common(2) if c in state]
    return (state[top[0]], state[top[1]]) if len(top) == 2 else None


# ------------------------------------------------------------ pronouns
def resolve_pronoun(token: Token, ctx: DocContext) -> Mention | None:
    word = token.lower_
    if word in _FIRST_PERSON:
        for quote in ctx.doc._.quotes or ():
            if quote.start <= token.idx < quote.end and quote.speaker:
                return ctx.speaker_mention(quote.speaker)
        return None
    if word in _PERSONAL:
        if token.dep_ in SUBJECTS:  # "Erdogan said ... that he would discuss"
            reporter = _reporting_subject(token)
            if reporter is not None and reporter.kind == "person":
                return reporter
        if token.tag_ == "PRP" and token.dep_ not in SUBJECTS:
            return _object_person(token, ctx)
        return _clause_person(token) or _nearest_before(token, lambda m: m.kind == "person")
    if word in _NEUTER:
        if token.tag_ == "PRP$" and token.head.dep_ == "pobj" and token.head.head.lower_ == "for":
            # "supplying weapons to Russia for its war", "sent aid to Kyiv for its
            # defence": what something is for belongs to the nearest party named
            return _nearest_before(token, lambda m: m.kind != "person", sentences=1)
        recipient = _recipient_owner(token)
        if recipient is not None:
            return recipient
        reporter = _reporting_subject(token)
        if reporter is not None and reporter.kind != "person":
            return reporter
        return _nearest_before(token, lambda m: m.kind != "person", subjects_first=True)
    if word in _PLURAL and token.dep_ in SUBJECTS:
        # "Opposition leaders said they would boycott talks", "The Russians have
        # assured us that they will not sell": a group, a body or a people named
        # in the plural; never "the official" who reported it.  "them" as an
        # object is someone else, and is left unresolved
        doc = token.doc

        def plural(m: Mention) -> bool:
            return _plural_mention(doc, m) and (
                m.sector is not None or m.kind in _COLLECTIVE_KINDS or m.kind == "state"
            )

        reporter = _reporting_subject(token, plural)
        if reporter is not None:
            return reporter
        return _nearest_before(token, plural, subjects_first=True, sentences=2)
    return None


def _plural_mention(doc: Doc, m: Mention) -> bool:
    """A mention a plural pronoun can take up: a plural noun ("rebels", "the
    Russians") or a body ("the army", "the opposition"), not "the official"."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    return (
        root.tag_ in ("NNS", "NNPS")
        or "Plur" in root.morph.get("Number", [])
        or (m.kind != "state" and root.tag_ != "NN")
        or (m.sector is not None and root.lemma_.lower() in group_rules().collective)
    )


# Nouns for a person in office, which an object pronoun may take up: "wrote
# to his Swedish counterpart, inviting him".
_OFFICE_NOUNS = frozenset(
    {
        "counterpart",
        "minister",
        "president",
        "leader",
        "premier",
        "chancellor",
        "envoy",
        "ambassador",
        "diplomat",
        "official",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "secretary",
        "king",
        "prince",
        "monarch",
        "chief",
    }
)


def _object_person(token: Token, ctx: DocContext) -> Mention | None:
    """ "him", "her" as an object never means the subject of its own clause
    ("he would discuss the matter with him", "Orban wrote to his Swedish
    counterpart, inviting him"): the latest other person, or an office holder
    named earlier in the sentence, whichever is nearer."""
    if token.i in ctx.resolving:
        return None
    verb = next((a for a in token.ancestors if a.pos_ in ("VERB", "AUX")), None)
    ctx.resolving.add(token.i)
    try:
        bound = {m.actor for m in clause_subject(verb, ctx)} if verb is not None else set()
    finally:
        ctx.resolving.discard(token.i)
    office: Mention | None = None
    office_at = -1
    for t in token.doc[token.sent.start : token.i]:
        if t.pos_ == "NOUN" and t.lemma_.lower() in _OFFICE_NOUNS and t._.mention is None:
            # whose office: "his Swedish counterpart" is Sweden's, whoever "his" is
            m = next((c._.mention for c in t.children if c.dep_ in NOUN_MODIFIERS and c._.mention), None)
            if m is not None and m.actor not in bound:
                office, office_at = m, t.idx
    person = _nearest_before(token, lambda m: m.kind == "person" and m.actor not in bound)
    if office is not None and (person is None or person.start < office_at):
        return office
    return person


def _clause_person(token: Token) -> Mention | None:
    """ "During his visit ..., Minister X assured ...": a personal pronoun in a
    phrase of a clause whose subject is a person refers to that person."""
    verb = next((a for a in token.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return None
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None or token.i in range(subj.left_edge.i, subj.right_edge.i + 1):
        return None
    m = subj._.mention
    return m if m is not None and m.kind == "person" else None


def _reporting_subject(token: Token, ok: Callable[[Mention], bool] | None = None) -> Mention | None:
    """ "Russia said it was ready": ``it`` is the subject of the reporting verb
    (the highest such subject that ``ok`` accepts)."""
    head = token.head
    if head.dep_ == "conj" and any(c.dep_ == "mark" and c.lower_ == "that" for c in head.children):
        # "X said he believed Putin wanted ... and that he would discuss", "The
        # Russians have assured us there is no deal and that they will not
        # sell": a second "that" clause is a complement of a verb above it,
        # wherever the parser hangs it; the highest subject that fits
        for verb in reversed(_heads_up(head)):
            found = next((c._.mention for c in verb.children if c.dep_ == "nsubj" and c._.mention is not None), None)
            if found is not None and (ok is None or ok(found)):
                return found
        return None
    head = climb(head, lambda t: t.dep_ not in ("ccomp", "ROOT"))
    if head.dep_ != "ccomp":
        return None
    for child in head.head.children:
        if child.dep_ == "nsubj" and child._.mention is not None and (ok is None or ok(child._.mention)):
            return child._.mention
    return None


def _heads_up(token: Token) -> list[Token]:
    """The heads above ``token`` up to the root, nearest first (bounded by the
    length of the document: heads set by hand into a cycle stop there)."""
    out: list[Token] = []
    t = token
    for _ in range(len(token.doc)):
        if is_root(t):
            break
        t = t.head
        out.append(t)
    return out


def _recipient_owner(token: Token) -> Mention | None:
    """ "supplied weapons to Ukraine in its war against Russia": "its" in a
    phrase under a verb that names a recipient ("to X") just before it is the
    recipient's, as with "for its war" -- the war is Ukraine's, not the
    supplier's.  Only a recipient named before the pronoun counts."""
    if token.tag_ != "PRP$" or token.head.dep_ != "pobj" or token.head.head.lower_ not in ("in", "during"):
        return None
    verb = token.head.head.head
    # "to X" hangs off the verb, or off its object ("supplied rifles to Ukraine")
    around = [*verb.children, *(c for o in verb.children if o.dep_ == "dobj" for c in o.children)]
    for prep in around:
        if prep.dep_ in ("prep", "dative") and prep.lower_ == "to" and prep.i < token.i:
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj._.mention is not None and obj._.mention.kind != "person":
                    return obj._.mention
    return None


def _nearest_before(
    token: Token, ok: Callable[[Mention], bool], subjects_first: bool = False, sentences: int = 3
) -> Mention | None:
    doc = token.doc
    first_sent = token.sent
    start = first_sent.start
    for _ in range(sentences - 1):
        if start == 0:
            break
        start = doc[start - 1].sent.start
    candidates = [m for m in doc._.mentions or () if ok(m)]
    window = [m for m in candidates if doc[start].idx <= m.start < token.idx]
    if subjects_first:
        subj = [m for m in window if _is_subject_mention(doc, m)]
        if subj:
            return subj[-1]
    return window[-1] if window else None


def _is_subject_mention(doc: Doc, m: Mention) -> bool:
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    return span is not None and span.root.dep_ in SUBJECTS


# ------------------------------------------------------------- clauses
def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


# Verbs whose subject, not their object, does what their infinitive says:
# "promised Pakistan to supply", "offered Kyiv to mediate".  With any other
# verb an object controls the infinitive ("urged X to talk", "asked X to leave").
_SUBJECT_CONTROL = frozenset({"promise", "offer", "vow", "pledge", "threaten", "agree", "swear", "guarantee"})


def clause_subject(token: Token, ctx: DocContext) -> list[Mention]:
    """The agent of the clause ``token`` belongs to, climbing through control
    ("ready to supply", "agreed to hold"; the object controls after most verbs:
    "urged X to talk"), shared subjects of coordinated verbs and participles,
    and "by" in the passive."""
    t = token
    came_by = ""
    for _ in range(8):
        if came_by == "xcomp" and t.pos_ == "VERB" and t.lemma_.lower() not in _SUBJECT_CONTROL:
            if is_passive(t) and not any(c.dep_ == "agent" for c in t.children):
                # "Obama is scheduled to attend", "X was asked to leave": the passive's subject acts
                return actors_at(next((c for c in t.children if c.dep_ == "nsubjpass"), None), ctx)
            obj = next((c for c in t.children if c.dep_ == "dobj"), None)
            # "urged both governments to keep talking"; a pronoun object is resolved through
            # the clause's subject, so it is left to the climb (no resolution loop)
            if obj is not None and not is_passive(t) and obj.pos_ != "PRON":
                return actors_at(obj, ctx)
        if t.i == token.i and t.dep_ == "amod" and t.tag_ == "VBN":  # "a China-brokered deal"
            return _distinct([m for c in t.children if c.dep_ in _OWNER_DEPS for m in actors_at(c, ctx)])
        if t.pos_ in ("VERB", "AUX", "ADJ") or t.dep_ in ("ROOT",):
            if is_passive(t) or (t.tag_ == "VBN" and t.dep_ == "acl" and any(c.dep_ == "agent" for c in t.children)):
                agent = next((c for c in t.children if c.dep_ == "agent"), None)
                if agent is not None:
                    return actors_at(_pobj(agent), ctx)
                if t.i == token.i:
                    return []
                if came_by == "conj":  # "Washington was encouraged and urged ...": the shared subject
                    return actors_at(next((c for c in t.children if c.dep_ == "nsubjpass"), None), ctx)
            else:
                subjects = [c for c in t.children if c.dep_ in SUBJECT]
                for subj in subjects:  # "NEW DELHI — The United States ... welcomed": a dateline parsed as subject
                    found = actors_at(subj, ctx)
                    if found:
                        return _misparsed_coordination(subj, found)
                if subjects:
                    return []
                if t.dep_ not in ("xcomp", "conj", "acomp", "advcl", "pcomp", "relcl", "acl", "prep", "pobj"):
                    return _stray_subject(t, ctx)
        if t.dep_ == "relcl" and t.head.pos_ in ("NOUN", "PROPN"):
            return actors_at(t.head, ctx)
        if t.dep_ == "acl" and t.head.pos_ in ("NOUN", "PROPN"):
            owner = noun_owner(t.head, ctx)
            return owner
        if t.head.i == t.i or t.dep_ in ("ccomp", "parataxis"):
            return _stray_subject(t, ctx)
        if t.dep_ == "pcomp" and t.head.dep_ == "mark":
            return []  # "as fighting with X entered its third day": a misparsed subject, not the matrix's act
        if t.dep_ == "pcomp" and t.head.lower_ in ("of", "for") and t.head.head.pos_ == "VERB":
            obj = direct_object(t.head.head)  # "accused Ankara of sending fighters": Ankara sends
            if obj is not None and not is_passive(t.head.head):
                return actors_at(obj, ctx)
        came_by = t.dep_
        t = t.head
    return []


def _misparsed_coordination(subj: Token, found: list[Mention]) -> list[Mention]:
    """ "Egyptian President Abdel Fattah al-Sisi and Ethiopian Prime Minister
    Abiy Ahmed pledged": the parser often tangles two long titled names into
    one phrase; every mention in a subject joined by "and", outside its
    prepositional and clausal modifiers, is a subject."""
    if len(found) != 1:
        return found
    phrase = subj.doc[subj.left_edge.i : subj.right_edge.i + 1]
    if not any(t.dep_ == "cc" and t.lower_ == "and" for t in phrase):
        return found
    out = list(found)
    for t in phrase:
        m = t._.mention
        if m is None or any(m.actor == o.actor for o in out) or m.kind not in ("person", "state"):
            continue
        a = climb(t, lambda a: a.i != subj.i and a.dep_ not in ("prep", "relcl", "acl", "appos", "advcl"))
        if a.i == subj.i:
            out.append(m)
    return sorted(out, key=lambda m: m.start)  # text order: a mutual act's direction follows it


def noun_owner(noun: Token, ctx: DocContext) -> list[Mention]:
    """Whose act a noun names: its possessor, "by X", or the subject of the
    verb it is the object of ("X expressed readiness to ...")."""
    for child in noun.children:
        if child.dep_ == "poss":
            found = actors_at(child, ctx)
            if found:
                return found
    by = prep_object(noun, "by")
    if by is not None:
        found = actors_at(by, ctx)
        if found:
            return found
    return host_subject(noun, ctx, ctx.light_verbs)


def host_subject(noun: Token, ctx: DocContext, light_verbs: frozenset[str]) -> list[Mention]:
    """The subject of the clause a noun sits in as object or setting: "X held
    talks", "X led his side at the talks", "X is a recipient of ..."."""
    head = noun.head
    light = light_verb(noun, light_verbs)
    if light is not None:
        return clause_subject(light, ctx)
    if noun.dep_ in ("attr", "oprd") and head.pos_ in ("VERB", "AUX"):
        return clause_subject(head, ctx)
    if (
        noun.dep_ == "pobj"
        and head.lower_ in ("at", "in", "during", "through", "with", "on")
        and head.head.pos_ in ("VERB", "AUX", "ADJ")
    ):  # "... put the troops on alert": whoever put them
        return clause_subject(head.head, ctx)  # "X led his side at the talks", "X is interested in the purchase"
    return []


def stems(token: Token) -> list[str]:
    """Base forms of a verb the model's lemmatizer got wrong ("staged" → "stag",
    "cordoned" → "cordone"): the written form less a regular ending."""
    word = token.lower_
    out = []
    for ending, add in (("ed", ""), ("ed", "e"), ("d", ""), ("ing", ""), ("ing", "e"), ("es", ""), ("s", "")):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            out.append(word[: -len(ending)] + add)
    return out


def verb_lemmas(token: Token) -> set[str]:
    """The lemma, and the stems of a verb whose lemma is a known slip."""
    return {token.lemma_.lower(), *(stems(token) if token.pos_ in ("VERB", "AUX") else ())}


def light_verb(noun: Token, light_verbs: frozenset[str]) -> Token | None:
    """The light verb that carries a noun: "held talks", or a relative clause
    on it ("the complaint it had filed", "the talks they held")."""
    head = noun.head
    if noun.dep_ == "dobj" and head.pos_ == "VERB" and verb_lemmas(head) & light_verbs:
        return head
    for child in noun.children:
        if (
            child.dep_ == "relcl"
            and child.pos_ == "VERB"
            and child.lemma_.lower() in light_verbs
            and (obj := direct_object(child)) is not None
            and obj.i == noun.i
        ):
            return child
    return None


def _stray_subject(verb: Token, ctx: DocContext) -> list[Mention]:
    """A finite verb the parser left without a subject ("as the rivals agreed"
    parsed with "rivals" as a prepositional object): the noun right before it."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return []
    i = verb.i - 1
    while i >= verb.sent.start and verb.doc[i].pos_ in ("ADV", "AUX", "PART"):
        i -= 1
    if i < verb.sent.start:
        return []
    prev = verb.doc[i]
    if prev.pos_ in ("NOUN", "PROPN", "PRON") and prev.dep_ not in SUBJECT and prev.dep_ != "dobj":
        return actors_at(prev, ctx)
    return []


def _pobj(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)


def prep_object(token: Token, word: str) -> Token | None:
    """The object of preposition ``word`` on ``token`` (or a particle with an object)."""
    for child in token.children:
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ == word:
            pobj = _pobj(child)
            if pobj is not None and pobj.ent_type_ not in ("DATE", "TIME"):  # "from 2001 to 2010"
                return pobj
            if pobj is not None:  # "met with Syrian President Bashar Assad Tuesday": the name under the date
                named = next(
                    (c for c in pobj.children if c.dep_ == "compound" and c.ent_type_ not in ("DATE", "TIME")), None
                )
                if named is not None and named._.mention is not None:
                    return named
    return None


def direct_object(verb: Token) -> Token | None:
    """The object; in a relative clause whose object is the relative pronoun or
    the gap ("the curbs, which Tokyo imposed", "the complaint it had filed"),
    and for a past participle modifying a noun ("a deal struck between Moscow
    and Islamabad", "weapons supplied to Ukraine"), the noun modified."""
    if is_passive(verb):
        obj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    else:
        obj = next((c for c in verb.children if c.dep_ in ("dobj", "obj")), None)
    if obj is None and verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head
    if verb.dep_ != "relcl" or verb.head.pos_ not in ("NOUN", "PROPN") or is_passive(verb):
        return obj
    if obj is not None and obj.tag_ in ("WDT", "WP"):
        return verb.head
    subj = next((c for c in verb.children if c.dep_ in SUBJECT), None)
    if obj is None and subj is not None and subj.tag_ not in ("WDT", "WP"):
        return verb.head
    return obj


def dative(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("dative", "iobj") and child.pos_ in ("NOUN", "PROPN", "PRON"):
            return child
    return None


def between(token: Token, ctx: DocContext) -> list[Mention]:
    """ "between X and Y" on the trigger, its object, or the participle that
    modifies a noun trigger ("a deal struck between X and Y")."""
    hosts: list[Token | None] = [token]
    if token.pos_ == "VERB":
        hosts.append(direct_object(token))
    else:
        hosts.extend(c for c in token.children if c.dep_ in ("acl", "relcl"))
    for host in hosts:
        if host is None:
            continue
        pobj = prep_object(host, "between")
        if pobj is not None:
            found = actors_at(pobj, ctx)
            if len(found) < 2:  # "between the ministers of Pakistan and Ukraine"
                found = _distinct([*found, *(m for t in subtree(pobj) if (m := t._.mention) is not None)])
            if len(found) >= 2:
                return found
    return []


def parties(participle: Token, ctx: DocContext) -> list[Mention]:
    """The parties to what a participle modifies: "a deal brokered by Russia"
    between X and Y, or the subjects of the clause the deal sits in ("X and Y
    agreed ... under a deal brokered by Russia")."""
    if participle.dep_ not in ("acl", "amod") or participle.head.pos_ not in ("NOUN", "PROPN"):
        return []
    head = participle.head
    found = between(head, ctx) or owner_actors(head, ctx)
    if found:
        return found
    head = climb(head, lambda t: t.dep_ in ("appos", "conj"))
    host = head
    for _ in range(4):  # "restore ties in a China-brokered deal": up to the verb the deal belongs to
        if host.head.i == host.i or host.pos_ in ("VERB", "AUX"):
            break
        host = host.head
    return clause_subject(host, ctx) if host.pos_ in ("VERB", "AUX") and host.i != participle.i else []


def place_state(token: Token | None) -> Mention | None:
    """The state a named place lies in ("a trip to Beijing"): the actors
    component keeps a capital that is only a destination out of the mentions,
    but a visit's host is the state it lies in."""
    if token is None or token._.mention is not None:
        return None
    from newsgraph.actors import gazetteer

    gaz = gazetteer.load()
    doc = token.doc
    if token.ent_type_ in ("GPE", "LOC") or (token.ent_type_ == "" and token.pos_ == "PROPN"):
        # the NER sometimes misses a capital ("into Kyiv"): the gazetteer decides
        span = _entity_span(token)
        iso = gaz.city_country(span.text)
    else:
        # or takes one for a person ("in Yerevan"): only a capital's name counts then
        span = doc[token.i : token.i + 1]
        hit = gaz.states.get(token.text) if token.pos_ == "PROPN" else None
        iso = hit.id if hit is not None and hit.form == "capital" else None
    if iso is None:
        return None
    document = doc._.document
    return Mention(
        document.id if document is not None else "",
        span.start_char,
        span.end_char,
        span.text,
        iso,
        gaz.state_names.get(iso, iso),
        "state",
        iso,
    )


# Prepositions that name where an attack or a move lands: "shelled positions
# near Jenin", "a strike in Kyiv", "deployed troops to the border of X".
_PLACE_TARGET_PREPS = frozenset({"in", "into", "on", "near", "at", "inside", "outside", "around", "across", "over"})


def place_target(token: Token, ctx: DocContext) -> list[Mention]:
    """The state of the place an act is aimed at, when no actor is: the object
    ("shelled Jenin"), a place phrase on the trigger or on its object ("shelled
    positions near Jenin"), or, for a noun trigger, on what it hits ("a missile
    strike hit a hospital in Kyiv")."""
    hosts: list[Token] = [token]
    obj = direct_object(token) if token.pos_ == "VERB" else None
    if token.pos_ != "VERB" and token.dep_ in SUBJECTS and token.head.pos_ == "VERB":
        obj = direct_object(token.head)
    if obj is not None:
        hosts.append(obj)
    places: list[Token] = [obj] if obj is not None else []
    for host in hosts:
        for child in host.children:
            if child.dep_ == "prep" and child.lower_ in _PLACE_TARGET_PREPS:
                places.extend(c for c in child.children if c.dep_ == "pobj")
    for place in places:
        # only a place the text names: "across the country" or the shells fired are no target
        named = place._.mention if place._.mention is not None and place._.mention.kind == "state" else None
        found = named or place_state(_name_head(place))
        if found is None and place.i != (obj.i if obj is not None else -1) and place.lemma_.lower() not in _STATE_NOUNS:
            # "near a naval vessel from South Korea": whose the thing aimed at is
            found = next((m for m in actors_at(place, ctx, depth=1) if m.kind == "state"), None)
        if found is not None:
            return [found]
    return []


def _name_head(token: Token) -> Token:
    """ "the West Bank city of Nablus" → Nablus; "the town of Jenin" → Jenin."""
    if token.ent_type_ in ("GPE", "LOC"):
        return token
    of = prep_object(token, "of")
    return of if of is not None and of.ent_type_ in ("GPE", "LOC") else token


def _entity_span(token: Token) -> Span:
    """The named entity ``token`` is in (itself when it is in none), found from
    the IOB tags around it rather than by scanning ``doc.ents``."""
    doc = token.doc
    if token.ent_iob_ not in ("B", "I"):
        return doc[token.i : token.i + 1]
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def nearest_state(token: Token, exclude: str | None) -> Mention | None:
    """The state mention nearest ``token`` in its sentence, other than ``exclude``."""
    sent = token.sent
    best: tuple[int, Mention] | None = None
    for m in token.doc._.mentions or ():
        c = country_of(m)
        if m.kind != "state" or c is None or c == exclude:
            continue
        if not sent.start_char <= m.start < sent.end_char:
            continue
        distance = abs(m.start - token.idx)
        if best is None or distance < best[0]:
            best = (distance, m)
    return best[1] if best else None
