"""The ``newsgraph_actors`` component: who is mentioned in a document.

It sets ``doc._.mentions`` (``Mention`` records with character offsets and a
provisional actor id) and ``token._.mention`` on every token inside one.
Provisional ids: states by ISO 3166-1 alpha-3 ("PAK"), people
"person:<slug of fullest name>", every other kind "org:<slug>".

Reading order: gazetteer names (one ``PhraseMatcher``, built once), the
dateline, people with their titles, unlisted organisations from the NER,
groups named by role or collective ("rebels", "the army", ``groups.py``);
then overlapping candidates are settled by priority (a titled person over a
listed body over a bare NER name over a state word over a group) and
capitals that are only places ("talks in Islamabad", "a visit to Moscow") are
dropped: a capital stands for its state only where it acts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from newsgraph.actors import affiliation, gazetteer, groups, orgs, people, roles
from newsgraph.actors.context import ActorContext, Hit, find_dateline
from newsgraph.extract.tree import climb
from newsgraph.models import Mention

# A capital as object of these prepositions is a place, not an actor.
_PLACE_PREPS = frozenset(
    {
        "in",
        "at",
        "near",
        "inside",
        "outside",
        "across",
        "around",
        "via",
        "through",
        "within",
        "into",
        "throughout",
        "from",
        "beyond",
    }
)
# "to <capital>" after these is a destination; after others ("supply arms to Kiev") a recipient.
_MOTION = frozenset(
    {
        "visit",
        "trip",
        "travel",
        "fly",
        "arrive",
        "come",
        "go",
        "return",
        "head",
        "journey",
        "flight",
        "tour",
        "move",
        "relocate",
        "transit",
        "route",
        "road",
        "way",
        "invite",
        "invitation",
        "visitor",
        "delegation",
        "send",
        "deploy",
        "airlift",
        "ship",
        "drive",
        "march",
        "evacuate",
        "flee",
        "get",
    }
)
# "from <capital>" after these is a source actor ("imports from Moscow").
_RECEIVE = frozenset(
    {
        "import",
        "buy",
        "purchase",
        "receive",
        "get",
        "obtain",
        "acquire",
        "seek",
        "demand",
        "request",
        "expect",
        "hear",
        "learn",
        "pressure",
        "support",
        "aid",
        "help",
        "assistance",
    }
)
_VISIT = frozenset({"visit", "tour", "reach", "leave", "enter", "land"})


@Language.factory(
    "newsgraph_actors",
    requires=["doc.ents", "token.dep"],
    assigns=["doc._.mentions", "token._.mention"],
)
def make_actor_component(nlp: Language, name: str) -> ActorComponent:
    return ActorComponent(nlp)


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    priority: int  # lower wins an overlap
    actor: str
    name: str
    kind: str
    country: str | None
    role: str | None = None
    sector: str | None = None


# Priorities, best first.
_TITLED_PERSON, _BODY, _PERSON, _ORG, _STATE, _SHORT_PERSON, _GROUP = range(7)


class ActorComponent:
    def __init__(self, nlp: Language) -> None:
        self.gaz = gazetteer.load()
        self.vocab = roles.load()
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        make = nlp.make_doc
        # Entries are looked up by their tokens, so that spacing in the text ("Jane ’s") does not matter.
        self.by_tokens: dict[tuple[str, ...], gazetteer.Entry] = {}
        for label, names in (("STATE", self.gaz.states), ("BODY", self.gaz.bodies)):
            patterns = [make(t) for t in names]
            self.matcher.add(label, patterns)
            for pattern, entry in zip(patterns, names.values(), strict=True):
                self.by_tokens.setdefault((label, *(t.text for t in pattern)), entry)
        self.matcher.add("BLOCK", [make(t) for t in self.gaz.blocks])

    def __call__(self, doc: Doc) -> Doc:
        document = doc._.document
        doc_id = document.id if document is not None else ""
        ctx = self._context(doc)
        mentions = []
        for c in self._settle(doc, ctx):
            span = doc[c.start : c.end]
            mention = Mention(
                doc_id, span.start_char, span.end_char, span.text, c.actor, c.name, c.kind, c.country, c.role, c.sector
            )
            mentions.append(mention)
            for token in span:
                token._.mention = mention
        doc._.mentions = mentions
        return doc

    # -- reading ---------------------------------------------------------------

    def _context(self, doc: Doc) -> ActorContext:
        ctx = ActorContext(doc, self.gaz, self.vocab)
        ctx.home, ctx.dateline = find_dateline(doc, self.gaz)
        if ctx.home is None and doc._.document is not None and doc._.document.outlet:
            outlet = self.gaz.body(doc._.document.outlet)
            ctx.home = outlet.country if outlet is not None else None
        spans = [Span(doc, s, e, label=label) for label, s, e in self.matcher(doc)]
        blocks = [s for s in spans if s.label_ == "BLOCK"]
        bodies = [s for s in spans if s.label_ == "BODY"]
        # Longest first; a body name or a blocked phrase hides the state names inside it.
        for span in sorted(spans, key=lambda s: (s.start, -len(s))):
            if span.label_ == "BLOCK":
                continue
            if span.label_ == "STATE":
                if any(b.start <= span.start and span.end <= b.end and b != span for b in (*blocks, *bodies)):
                    continue
                entry = self.by_tokens.get(("STATE", *(t.text for t in span)))
                target = ctx.state_hits
            else:
                if any(b.start <= span.start and span.end <= b.end and len(b) > len(span) for b in blocks):
                    continue
                entry = self.by_tokens.get(("BODY", *(t.text for t in span)))
                if entry is not None and not self._body_here(doc, span, entry):
                    continue
                target = ctx.body_hits
            if entry is None or any(i in ctx.state_hits or i in ctx.body_hits for i in range(span.start, span.end)):
                continue
            hit = Hit(span.start, span.end, entry)
            for i in range(span.start, span.end):
                target[i] = hit
        self._hyphenated(doc, ctx)
        places: Counter[str] = Counter()
        for hit in {id(h): h for h in ctx.state_hits.values()}.values():
            if hit.entry.form != "capital" or self._acts(doc, hit):
                ctx.state_counts[hit.entry.id] += 1
            elif not ctx.in_dateline(hit.start):
                places[hit.entry.id] += 1
        # Without a dateline, a story set in one capital ("talks in Islamabad", "a visit to
        # Islamabad", at least twice and more than any other) is told from that state.
        if ctx.home is None and places:
            (top, n), *rest = places.most_common(2)
            if n >= 2 and (not rest or rest[0][1] < n):
                ctx.home, ctx.home_from_dateline = top, False
        return ctx

    def _body_here(self, doc: Doc, span: Span, entry: gazetteer.Entry) -> bool:
        """Does a listed body's name stand for the body here?  Not inside a longer
        capitalised name ("National Security Council" is not the UN's "Security
        Council"), nor as a figure of speech ("the Asian NATO", "an Arab NATO")."""
        if span.start == 0:
            return True
        prev = doc[span.start - 1]
        if entry.form == "alias" and prev.text.istitle() and prev.is_alpha and prev.lower_ not in ("the", "a", "an"):
            return False
        figurative = span.text.isupper() and span.start >= 2 and prev.lower_ in affiliation.rules().figurative
        return not (figurative and doc[span.start - 2].lower_ in ("the", "a", "an"))

    def _hyphenated(self, doc: Doc, ctx: ActorContext) -> None:
        # spaCy keeps "U.S.-led" one token; its first part still names the state.
        for token in doc:
            if "-" in token.text and token.i not in ctx.state_hits:
                entry = self.gaz.state(token.text.split("-", 1)[0])
                if entry is not None and entry.form in ("short", "name", "canonical"):
                    ctx.state_hits[token.i] = Hit(token.i, token.i + 1, entry)

    def _acts(self, doc: Doc, hit: Hit) -> bool:
        """Does this capital stand for its state here, or is it only a place?"""
        root = doc[hit.start : hit.end].root
        root = climb(root, lambda t: t.dep_ == "conj")
        dep, head = root.dep_, root.head
        if dep == "pobj":
            prep, governor = head.lower_, head.head.lemma_.lower()
            if prep == "from":
                return governor in _RECEIVE
            if prep in _PLACE_PREPS:
                return False
            if prep == "to":
                return governor not in _MOTION
            return True
        if dep == "dobj" and head.lemma_.lower() in _VISIT:
            return False
        return dep not in ("compound", "appos", "npadvmod", "nmod")

    # -- settling ----------------------------------------------------------------

    def _settle(self, doc: Doc, ctx: ActorContext) -> Iterator[_Candidate]:
        hits, counterparts = people.find_hits(doc, ctx)
        persons = people.cluster(doc, ctx, hits, counterparts)
        bodies = list({id(h): h for h in ctx.body_hits.values()}.values())
        taken = {i for h in hits if h.cluster >= 0 or h.name is None for i in range(h.start, h.end)}
        taken.update(i for b in bodies for i in range(b.start, b.end))
        found = list(orgs.find(doc, ctx, taken))
        _affiliate(
            ctx, persons, [(b.start, b.end, b.entry) for b in bodies] + [(o.start, o.end, o.entry) for o in found]
        )
        persons = people.link_titles(doc, ctx, persons, hits)
        candidates: list[_Candidate] = []
        for person in persons:
            for hit in person.hits:
                priority = _TITLED_PERSON if hit.titled else (_PERSON if hit.end - hit.start > 1 else _SHORT_PERSON)
                candidates.append(
                    _Candidate(
                        hit.start,
                        hit.end,
                        priority,
                        person.id,
                        person.name,
                        "person",
                        person.country,
                        hit.role or person.role,
                    )
                )
        for body in bodies:
            e = body.entry
            candidates.append(_Candidate(body.start, body.end, _BODY, e.id, e.name, e.kind, e.country))
        for org in found:
            e = org.entry
            candidates.append(_Candidate(org.start, org.end, _ORG, e.id, e.name, e.kind, e.country))
        for state in {id(h): h for h in ctx.state_hits.values()}.values():
            if ctx.in_dateline(state.start):
                continue
            if state.entry.form == "capital" and not self._acts(doc, state):
                continue
            e = state.entry
            candidates.append(_Candidate(state.start, state.end, _STATE, e.id, e.name, "state", e.id))
        taken.update(i for c in candidates for i in range(c.start, c.end))
        people_at = {i: p.country for p in persons for h in p.hits for i in range(h.start, h.end)}
        for group in groups.find(doc, ctx, taken, people_at):
            e = group.entry
            candidates.append(
                _Candidate(group.start, group.end, _GROUP, e.id, e.name, e.kind, e.country, None, group.sector)
            )
        yield from _non_overlapping(candidates)


def _affiliate(ctx: ActorContext, persons: list[people.Person], others: list[tuple[int, int, gazetteer.Entry]]) -> None:
    """Countries for people their own mentions leave open: from an appositive, else,
    for officials, from the state speaking just before them or the home state."""
    holders: dict[int, affiliation.Holder] = {}
    ending: dict[int, str] = {}  # end token of a body with a country → the country
    for start, end, entry in others:
        if entry.country:
            holders[start] = affiliation.Holder(start, end, entry.country)
            ending[end] = entry.country
    for person in persons:
        if person.country:
            for hit in person.hits:
                holders.setdefault(hit.start, affiliation.Holder(hit.start, hit.end, person.country))
    for person in persons:
        if person.country is not None:
            continue
        for hit in person.hits:
            # "National Security Council spokesman X", "Gazprom chief executive X": the body
            # named in front of a title is the one the person serves.
            if hit.titled and hit.start in ending:
                person.country = ending[hit.start]
            elif hit.name is not None:
                person.country = affiliation.appositive_country(ctx, hit.name[1], holders)
            if person.country:
                break
        if person.country is None and people.is_official(ctx, person):
            first = min(h.start for h in person.hits)
            person.country = affiliation.speaking_state(ctx, first) or ctx.home


def _non_overlapping(candidates: Iterable[_Candidate]) -> list[_Candidate]:
    chosen: list[_Candidate] = []
    used: set[int] = set()
    for c in sorted(candidates, key=lambda c: (c.priority, -(c.end - c.start), c.start)):
        if any(i in used for i in range(c.start, c.end)):
            continue
        chosen.append(c)
        used.update(range(c.start, c.end))
    return sorted(chosen, key=lambda c: c.start)
