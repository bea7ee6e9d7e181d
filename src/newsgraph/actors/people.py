"""People: names, the titles around them, and who is who within a document.

A person is found three ways: a title followed by a name ("Defense Minister
Rustem Umerov", "Russian Ambassador in Islamabad, Albert P. Khorev"), which
also recovers names the statistical NER misses or truncates; a PERSON
entity; or a later bare surname or first name ("Lavrov", "Imran") of someone
already named.  A title on its own ("the army chief", "COAS", "Moscow's top
diplomat") refers to the one person in the document who holds that role.

Affiliation comes, in this order, from a cue in the mention itself (a
demonym, a possessive state, "of Pakistan"), from a list of well-known office
holders, from a counterpart (two defence ministers in a report about two
states hold office in different ones), and, for a state's own officials, from
the document's home state (its dateline).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from spacy.tokens import Doc

from newsgraph.actors.context import POSSESSIVE, ActorContext, clean_bounds, is_name_word, name_end
from newsgraph.actors.gazetteer import slug
from newsgraph.actors.roles import HONORIFIC, MODIFIER, OFFICE, RANK, RETIRED, ROLE, RoleVocab, TitleMatch, norm

_DETERMINERS = frozenset({"the", "his", "her", "its", "their", "our", "a"})
_PLACE_PREPS = frozenset({"in", "to", "at"})


@dataclass
class PersonHit:
    """One mention of a person, before and after clustering."""

    start: int  # token span of the whole mention (title and name)
    end: int
    name: tuple[int, int] | None  # token span of the name, None for a title alone
    role: str | None = None
    country: str | None = None  # explicit cue in this mention
    official: bool = False  # a state's official: a government role or an office in the title
    office: bool = False  # the title names an office ("Foreign Office spokesperson", "embassy")
    plural: bool = False
    titled: bool = False
    cluster: int = -1


@dataclass
class Person:
    """A person within one document: the cluster of their mentions."""

    hits: list[PersonHit] = field(default_factory=list)
    name: str = ""
    country: str | None = None
    role: str | None = None

    @property
    def id(self) -> str:
        return "person:" + slug(self.name)


@dataclass(frozen=True)
class _Title:
    start: int
    end: int
    parts: tuple[TitleMatch, ...]
    country: str | None
    official: bool


def _titles(doc: Doc, ctx: ActorContext) -> Iterator[_Title]:
    """Every run of title words in the document, with the state it names."""
    vocab = ctx.vocab
    for sent in doc.sents:
        words = [norm(t.text) for t in sent]
        raw = [t.text for t in sent]
        base = sent.start
        j = 0
        while j < len(words):
            start, country, official = j, None, False
            parts: list[TitleMatch] = []
            while j < len(words):
                i = base + j
                hit = ctx.state_starting(i)
                if hit is not None and hit.entry.form in ("demonym", "name", "short", "canonical", "metonym"):
                    nxt = hit.end - base
                    # A state word belongs to a title only when a title word follows it.
                    if nxt < len(words) and vocab.match(words, nxt, raw) is not None:
                        country = country or hit.entry.id
                        # "White House press secretary", "Kremlin spokesman": a seat of power is an office.
                        official = official or hit.entry.form == "metonym"
                        j = nxt
                        continue
                    break
                if parts and raw[j] in POSSESSIVE and parts[-1].kind == OFFICE:
                    j += 1
                    continue
                if (
                    parts
                    and raw[j] == "("
                    and j + 2 < len(words)
                    and words[j + 2] == ")"
                    and vocab.words.get((words[j + 1],)) == RETIRED
                ):
                    j += 3
                    continue
                m = vocab.match(words, j, raw)
                if m is None:
                    break
                if m.kind == OFFICE:
                    official = True
                parts.append(m)
                j = m.end
            if any(p.kind in (ROLE, RANK, HONORIFIC) for p in parts):
                first = next(k for k, p in enumerate(parts) if p.kind != MODIFIER) if parts else 0
                yield _Title(
                    base + parts[first].start if parts[first].start >= start and country is None else base + start,
                    base + j,
                    tuple(parts),
                    country,
                    official,
                )
            if j == start:
                j += 1


def _role_of(title: _Title) -> tuple[str | None, bool]:
    for part in title.parts:
        if part.kind == ROLE:
            return part.role, part.plural
    return None, False


def find_hits(doc: Doc, ctx: ActorContext) -> tuple[list[PersonHit], dict[str, set[str]]]:
    """Person mentions with their titles, and the states named with a plural role
    ("the defence ministers of Pakistan and Ukraine" → {"defence minister": {PAK, UKR}})."""
    hits: list[PersonHit] = []
    counterparts: dict[str, set[str]] = {}
    taken: set[int] = set()
    vocab = ctx.vocab
    for title in _titles(doc, ctx):
        role, plural = _role_of(title)
        country = title.country or _possessor(ctx, title.start)
        office = title.official or (role is not None and "office" in role)
        official = office or vocab.is_government(role)
        end = title.end
        limit = doc[title.start].sent.end
        if plural and role:
            counterparts.setdefault(role, set()).update(_states_after_of(ctx, end, limit))
            continue
        # "Foreign Minister of Pakistan Ishaq Dar": a state after "of" is whose title it is.
        owner = ctx.state_starting(end + 1) if end + 1 < limit and doc[end].lower_ == "of" else None
        if owner is not None:
            country = country or owner.entry.id
            end = owner.end
        # "Russian Ambassador in Islamabad, Albert P. Khorev": where an envoy serves.
        if vocab.is_envoy(role) and end + 1 < limit and doc[end].lower_ in _PLACE_PREPS:
            place = ctx.state_starting(end + 1)
            if place is not None:
                end = place.end
            elif is_name_word(doc[end + 1]) and ctx.gaz.city_country(doc[end + 1].text):
                end += 2
        name_start = end + 1 if end < limit and doc[end].text == "," else end
        if name_start != end:
            # "the army chief, General Qamar Javed Bajwa": a rank after the comma introduces the name.
            name_start = _skip_ranks(doc, vocab, name_start, limit)
        name_stop = name_end(doc, name_start, limit, ctx)
        if name_stop == name_start and name_start != end:
            name_start, name_stop = end, end  # no name after the comma
        if name_stop > name_start:
            hits.append(
                PersonHit(title.start, name_stop, (name_start, name_stop), role, country, official, office, titled=True)
            )
            taken.update(range(title.start, name_stop))
        elif role and _refers(doc, ctx, title.start):
            hits.append(PersonHit(title.start, title.end, None, role, country, official, office, titled=True))
            taken.update(range(title.start, title.end))
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        start, end = clean_bounds(ent)
        if end <= start or any(i in taken for i in range(start, end)) or not _clean_name(doc, start, end):
            continue
        # A bare NER name that is really a listed body or a state ("Jane's", "Jordan") is theirs.
        if any(ctx.covered(i) for i in range(start, end)) and (end - start == 1 or ctx.gaz.body(doc[start:end].text)):
            continue
        hits.append(PersonHit(start, end, (start, end), country=_possessor(ctx, start)))
        taken.update(range(start, end))
    hits.sort(key=lambda h: h.start)
    return hits, counterparts


def _skip_ranks(doc: Doc, vocab: RoleVocab, start: int, limit: int) -> int:
    words = [norm(t.text) for t in doc[start:limit]]
    raw = [t.text for t in doc[start:limit]]
    j = 0
    while j < len(words):
        m = vocab.match(words, j, raw)
        if m is None or m.kind not in (RANK, HONORIFIC, RETIRED):
            break
        j = m.end
    return start + j


def _possessor(ctx: ActorContext, start: int) -> str | None:
    hit = ctx.possessor_before(start)
    return hit.entry.id if hit is not None else None


def _states_after_of(ctx: ActorContext, end: int, limit: int) -> set[str]:
    doc = ctx.doc
    if end >= limit or doc[end].lower_ != "of":
        return set()
    found: set[str] = set()
    i = end + 1
    while i < min(limit, end + 8):
        hit = ctx.state_starting(i)
        if hit is not None:
            found.add(hit.entry.id)
            i = hit.end
        elif doc[i].lower_ in ("and", ",", "&", "the"):
            i += 1
        else:
            break
    return found


def _refers(doc: Doc, ctx: ActorContext, start: int) -> bool:
    """Is a bare title here a reference to a person ("the army chief", "Moscow's top
    diplomat", "COAS") rather than a description ("served as prime minister")?"""
    if doc[start].text.isupper() and len(doc[start].text) > 1:
        return True
    prev = doc[start - 1] if start > 0 else None
    if prev is None:
        return False
    return prev.lower_ in _DETERMINERS or ctx.possessor_before(start) is not None


def _clean_name(doc: Doc, start: int, end: int) -> bool:
    """Is this NER PERSON span shaped like a name ("Anza Mark-II", "Mi-35", "Retd" are not)?"""
    words = 0
    for i in range(start, end):
        token = doc[i]
        if is_name_word(token):
            words += 1
        elif not (
            token.lower_ in ("bin", "al", "de", "van", "von", "da", "ibn", "el")
            or (token.text == "-" and i + 1 < end and is_name_word(doc[i + 1]))
        ):
            return False
    if words == 1 and norm(doc[start].text) in ("retd", "rtd"):
        return False
    return words > 0


def name_text(doc: Doc, hit: PersonHit) -> str:
    assert hit.name is not None
    return doc[hit.name[0] : hit.name[1]].text


def cluster(doc: Doc, ctx: ActorContext, hits: list[PersonHit], counterparts: dict[str, set[str]]) -> list[Person]:
    """Group named person mentions into people, add bare surnames the NER missed, and
    settle each person's name, role and country from the cues in their own mentions,
    the list of well-known people and counterparts.  Bare titles are linked later
    (``link_titles``), once other rules (``affiliation``) have had their say."""
    people: list[Person] = []
    edges = _name_edges(doc, hits)
    named = [h for h in hits if h.name is not None and not _place_named(doc, ctx, h, edges)]
    index = _NameIndex()
    # Longest names first, so that shorter forms find what they are short for.
    for hit in sorted(named, key=lambda h: -(h.name[1] - h.name[0])):  # type: ignore[index]
        words = name_text(doc, hit).split()
        target = _match_person(people, index, words, hit)
        if target is None:
            target = Person()
            people.append(target)
            hit.cluster = len(people) - 1
        else:
            hit.cluster = next(h.cluster for h in target.hits)
        target.hits.append(hit)
        index.add(hit.cluster, words)
    _scan_surnames(doc, ctx, people, hits)
    for person in people:
        _settle(doc, ctx, person)
    _known_full_names(doc, ctx, people)
    _infer_countries(ctx, people, counterparts)
    return people


def link_titles(doc: Doc, ctx: ActorContext, people: list[Person], hits: list[PersonHit]) -> list[Person]:
    """Attach bare titles to the people they refer to: the person right before an
    appositive title ("Jen Psaki, the White House press secretary"), else the one
    holding that role ("the Russian foreign minister" must find the Russian one)."""
    ends = {h.name[1]: p for p in people for h in p.hits if h.name is not None}
    position = {id(p): k for k, p in enumerate(people)}
    roles = _RoleIndex()
    for k, person in enumerate(people):
        for role in {h.role for h in person.hits} | {person.role}:
            roles.add(k, role)
    for hit in hits:
        if hit.name is not None:
            continue
        target = _appositive_owner(doc, ctx, ends, hit) or _match_title(people, roles, hit)
        if target is None:
            continue
        hit.cluster = position[id(target)]
        target.hits.append(hit)
        # "the spokesperson" of a "Foreign Office spokesperson" holds the fuller role.
        if target.role and hit.role and target.role.endswith(" " + hit.role):
            hit.role = target.role
        target.role = target.role or hit.role
        target.country = target.country or hit.country
        roles.add(hit.cluster, hit.role)
        roles.add(hit.cluster, target.role)
    return [p for p in people if p.hits]


class _RoleIndex:
    """Who holds a role, by every ending of the role at a word ("foreign office
    spokesperson" is found by "spokesperson"), so that a bare title is compared
    only with the people it could refer to."""

    def __init__(self) -> None:
        self.by_ending: dict[str, set[int]] = {}

    def add(self, person: int, role: str | None) -> None:
        if not role:
            return
        words = role.split(" ")
        for i in range(len(words)):
            self.by_ending.setdefault(" ".join(words[i:]), set()).add(person)

    def holders(self, role: str | None) -> list[int]:
        return sorted(self.by_ending.get(role, ())) if role else []


def _appositive_owner(doc: Doc, ctx: ActorContext, ends: dict[int, Person], hit: PersonHit) -> Person | None:
    i = hit.start
    possessor = ctx.possessor_before(i)
    if possessor is not None:  # "Omar Haddad, Jordan's ambassador"
        i = possessor.start
    while i > 0 and doc[i - 1].lower_ in ("the", "a", "an"):
        i -= 1
    if i < 2 or doc[i - 1].text != ",":
        return None
    owner = ends.get(i - 1)
    if owner is None or not _compatible(hit.country, owner.country):
        return None
    return owner


def _name_edges(doc: Doc, hits: list[PersonHit]) -> set[str]:
    """The first and last words of the names of more than one word."""
    edges: set[str] = set()
    for hit in hits:
        if hit.name is not None and hit.name[1] - hit.name[0] > 1:
            words = doc[hit.name[0] : hit.name[1]].text.split()
            edges.update((words[0], words[-1]))
    return edges


def _place_named(doc: Doc, ctx: ActorContext, hit: PersonHit, edges: set[str]) -> bool:
    """Is an untitled one-word "name" really a city the NER took for a person ("fighting
    near Ganja")?  Not when a fuller name in the document ends or starts with it."""
    start, end = hit.name  # type: ignore[misc]
    if hit.titled or end - start != 1:
        return False
    word = doc[start].text
    if ctx.gaz.cities.get(word) is None or ctx.gaz.known_person(word) is not None:
        return False
    return word not in edges


def _known_full_names(doc: Doc, ctx: ActorContext, people: list[Person]) -> None:
    """A person named only by a surname that one well-known person has ("Modi")
    takes that person's full name, unless someone else here shares the word."""
    for person in people:
        if " " in person.name:
            continue
        known = ctx.gaz.known_person(person.name)
        if known is None or " " not in known.name:
            continue
        # identity: Person records, not tokens
        if any(q is not person and person.name in q.name.split() for q in people):
            continue
        if not _compatible(person.country, known.country):
            continue
        person.name = known.name


def _names(doc: Doc, person: Person) -> list[list[str]]:
    return [name_text(doc, h).split() for h in person.hits if h.name is not None]


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _person_country(person: Person) -> str | None:
    counts = Counter(h.country for h in person.hits if h.country)
    return counts.most_common(1)[0][0] if counts else None


class _NameIndex:
    """The names each person has been given so far, and who has a name ending
    or starting with a word: a mention is compared only with the people who
    could share its name (comparing it with everyone made a document naming
    6,000 people take most of a minute)."""

    def __init__(self) -> None:
        self.names: dict[int, list[list[str]]] = {}
        self.by_last: dict[str, set[int]] = {}
        self.by_first: dict[str, set[int]] = {}

    def add(self, person: int, words: list[str]) -> None:
        self.names.setdefault(person, []).append(words)
        self.by_last.setdefault(words[-1], set()).add(person)
        self.by_first.setdefault(words[0], set()).add(person)

    def candidates(self, words: list[str]) -> list[int]:
        """Everyone ``_same_name`` could match, in the order they were first seen."""
        found = self.by_last.get(words[-1], set())
        if len(words) == 1:  # a lone first name names its owner ("Imran")
            found = found | self.by_first.get(words[0], set())
        return sorted(found)


def _match_person(people: list[Person], index: _NameIndex, words: list[str], hit: PersonHit) -> Person | None:
    """The person already seen whom these name words name; among several (two
    Khans), the one mentioned last before this mention."""
    found = []
    for k in index.candidates(words):
        person = people[k]
        if not _compatible(hit.country, _person_country(person)):
            continue
        if any(_same_name(words, other) for other in index.names[k]):
            found.append(person)
    return _nearest_before(found, hit.start)


def _nearest_before(found: list[Person], start: int) -> Person | None:
    if len(found) <= 1:
        return found[0] if found else None
    before = [(max((h.start for h in p.hits if h.start < start), default=-1), k) for k, p in enumerate(found)]
    last, k = max(before)
    return found[k] if last >= 0 else None


def _same_name(words: list[str], other: list[str]) -> bool:
    if words == other:
        return True
    if len(words) < len(other):
        # "Lavrov", "Ali Khan" → "Shafqat Ali Khan"; a lone first name → its owner ("Imran").
        return other[-len(words) :] == words or (len(words) == 1 and other[0] == words[0])
    if len(words) > 1 and len(other) > 1 and words[-1] == other[-1]:
        # Same surname, first names spelled differently ("Sergy"/"Sergey") or initialled.
        a, b = words[0].rstrip("."), other[0].rstrip(".")
        return fuzz.ratio(a, b) >= 80 or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))
    return False


def _scan_surnames(doc: Doc, ctx: ActorContext, people: list[Person], hits: list[PersonHit]) -> None:
    """Bare surnames and first names of people already named, wherever the NER missed
    them or called them a place or an organisation ("Qureshi said")."""
    index: dict[str, Person | None] = {}
    for person in people:
        for words in _names(doc, person):
            for key in {words[-1], words[0]} if len(words) > 1 else {words[0]}:
                # identity: Person records, not tokens (None marks an ambiguous key)
                index[key] = person if index.get(key, person) is person else None
    taken = {i for h in hits for i in range(h.start, h.end)}
    position = {id(p): k for k, p in enumerate(people)}
    for token in doc:
        owner = index.get(token.text)
        if owner is None or token.i in taken or ctx.covered(token.i) or not is_name_word(token):
            continue
        if ctx.in_dateline(token.i):
            continue
        hit = PersonHit(token.i, token.i + 1, (token.i, token.i + 1))
        hits.append(hit)
        hit.cluster = position[id(owner)]
        owner.hits.append(hit)
    hits.sort(key=lambda h: h.start)


def _match_title(people: list[Person], roles: _RoleIndex, hit: PersonHit) -> Person | None:
    """The person a bare title refers to: the one holding that role (and country), or,
    among several, the one mentioned last before it."""
    found = [people[k] for k in roles.holders(hit.role) if _compatible(hit.country, people[k].country)]
    if hit.country is not None and any(p.country == hit.country for p in found):
        found = [p for p in found if p.country == hit.country]
    return _nearest_before(found, hit.start)


def _settle(doc: Doc, ctx: ActorContext, person: Person) -> None:
    names = Counter(name_text(doc, h) for h in person.hits if h.name is not None)
    person.name = max(names, key=lambda n: (len(n.split()), names[n], len(n)))
    roles = Counter(h.role for h in person.hits if h.role)
    person.role = roles.most_common(1)[0][0] if roles else None
    person.country = _person_country(person)


def _infer_countries(ctx: ActorContext, people: list[Person], counterparts: dict[str, set[str]]) -> None:
    for person in people:
        if person.country is not None:
            continue
        known = ctx.gaz.known_person(person.name)
        if known is not None and known.country:
            person.country = known.country
            person.role = person.role or known.role
    holders: dict[str, set[str]] = {}  # the countries of the people holding each role
    for person in people:
        if person.role is not None and person.country:
            holders.setdefault(person.role, set()).add(person.country)
    for person in people:
        if person.country is not None or person.role is None:
            continue
        options = counterparts.get(person.role, set()) - holders.get(person.role, set())
        if len(options) == 1:
            person.country = options.pop()
            holders.setdefault(person.role, set()).add(person.country)


def is_official(ctx: ActorContext, person: Person) -> bool:
    """Does the person hold a state's office by their title?  Where the home state is
    known only from where the story is set, only a title naming an office ("Foreign
    Office spokesperson") counts: a bare "President X" there is as likely a foreign
    guest as the host."""
    return any(h.office if not ctx.home_from_dateline else h.official for h in person.hits)
