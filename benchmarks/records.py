"""Generated extraction records for resolution benchmarks and tests: a news feed at any size.

Corpus resolution reads only the store, so its cost can be measured on
records written straight into the store (``Store.write``, the path ingest
uses) without parsing text with spaCy.  What matters for resolution is
the shape of the records, and this generator gives them the shapes real
news has (see ../shared/eval/realnews, measured in RESULTS.md):

* **a feed**: articles arrive in publication order, ``per_day`` a day, so a
  store ten times bigger covers ten times the days; a share (``undated``,
  3% by default) have no publication date;
* **varied actors**: states from the gazetteer, chosen with a Zipf skew (a
  few dyads dominate); people drawn from first-name and surname pools, so
  surnames are shared ("Khan", "Kim", "Wang") by people of different
  countries; more distinct people the longer the feed runs; spelling
  variants ("Sergey"/"Sergei", "Lavrov"/"Lavrow", "Støre"/"Store"),
  surname-only mentions, titles, and an unknown country on 40% of person
  mentions (real extraction cannot always tell); state bodies ("the defence
  ministry" of each state), international bodies named in full and by
  acronym, media outlets;
* **happenings reported many times**: each article reports a few events of a
  pool of real-world happenings (a popular one is reported by dozens of
  articles over a few days), worded differently, dated explicitly, by the
  article's date, or not at all -- the input event clustering is for;
* quotes by the people mentioned.

Seeded: the same arguments give the same records.

    python benchmarks/records.py --articles 1000   # prints counts
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import hashlib
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from newsgraph.actors.gazetteer import load, slug
from newsgraph.models import (
    OUTLET,
    ClaimMention,
    DateValue,
    Document,
    Event,
    Evidence,
    Extraction,
    Mention,
    Quote,
    content_id,
)

FIRST = """
    Sergey Sergei Ahmed Mohammed Muhammad Mohammad Ali Hassan Omar Yusuf Ibrahim Imran Shah Anwar Tariq Asif
    John James David Michael Robert William Richard Thomas Mark Paul Peter Andrew Daniel George Kevin Brian
    Maria Anna Elena Olga Natalia Irina Svetlana Tatiana Yulia Ekaterina Fatima Aisha Zainab Leila Amina
    Sara Wei Li Jun Ming Hua Xin Yan Lei Tao Jian Kim Min Hyun Jae Sung Young Ji Hiroshi Kenji Takeshi Yuki
    Carlos Juan Jose Luis Miguel Pedro Jorge Pablo Diego Luca Marco Giovanni Francesco Pierre Jean Louis
    Michel Hans Klaus Jurgen Wolfgang Stefan Lars Jonas Erik Nils Olav Piotr Tomasz Andrzej Pavel Jan Petr
    Ivan Dmitry Vladimir Alexei Mikhail Nikolai Andrei Yevgeny Viktor Oleksandr Volodymyr Mykola Recep
    Mevlut Ahmet Mehmet Mustafa Emre Raj Amit Sanjay Vijay Subrahmanyam Narendra Rahul Priya Anil Sunil
    Arjun Kwame Kofi Chinedu Emeka Oluwaseun Abdullahi Musa Tunde Joseph Samuel Abiy Hailemariam Lemma
    Tedros
""".split()  # noqa: SIM905  (a word list reads best as words)
SURNAMES = """
    Khan Kim Wang Li Zhang Liu Chen Lee Park Nguyen Singh Kumar Sharma Patel Gupta Ali Ahmed Hassan Hussain
    Smith Johnson Williams Brown Jones Miller Davis Wilson Taylor Anderson Thomas Moore Martin Jackson White
    Ivanov Petrov Sidorov Smirnov Kuznetsov Popov Lavrov Shoigu Peskov Medvedev Volkov Sokolov Morozov
    Kovalenko Shevchenko Bondarenko Tkachenko Kravchenko Melnyk Boyko Erdogan Cavusoglu Yilmaz Demir Kaya
    Garcia Rodriguez Martinez Lopez Gonzalez Perez Sanchez Ramirez Torres Flores Rossi Russo Ferrari Bianchi
    Muller Schmidt Schneider Fischer Weber Meyer Wagner Becker Dubois Durand Lefebvre Moreau Laurent Bernard
    Nowak Kowalski Wisniewski Novak Svoboda Dvorak Hansen Johansen Olsen Larsen Store Andersen Nilsson
    Tanaka Suzuki Takahashi Watanabe Yamamoto Nakamura Kobayashi Sato Okonkwo Adeyemi Mensah Osei Mwangi
    Qureshi Bajwa Sharif Bhutto Zardari Jaishankar Modi Gandhi Rahman Chowdhury Karimi Hosseini Mohammadi
    Abdullah Haddad Khalil Nasser Mansour Saleh Farouk Aziz Haidari Rashid Zahir Baloch Umerov Reznikov
""".split()  # noqa: SIM905  (a word list reads best as words)
# Spellings one person goes by in different reports.
VARIANTS = {
    "Sergey": "Sergei",
    "Mohammed": "Muhammad",
    "Muhammad": "Mohammad",
    "Yevgeny": "Evgeny",
    "Oleksandr": "Aleksandr",
    "Dmitry": "Dmitri",
    "Alexei": "Aleksei",
    "Lavrov": "Lavrow",
    "Erdogan": "Erdoğan",
    "Store": "Støre",
    "Cavusoglu": "Çavuşoğlu",
    "Muller": "Müller",
    "Jurgen": "Jürgen",
    "Wisniewski": "Wiśniewski",
    "Hussain": "Husain",
    "Kovalenko": "Kowalenko",
}
ROLES = ("foreign minister", "prime minister", "president", "defence minister", "spokesperson", "ambassador", "")
TITLES = {
    "foreign minister": "Foreign Minister",
    "prime minister": "Prime Minister",
    "president": "President",
    "defence minister": "Defence Minister",
    "spokesperson": "spokesperson",
    "ambassador": "Ambassador",
}
BODIES = (("defence ministry", "Ministry of Defence"), ("foreign ministry", "Ministry of Foreign Affairs"))
ORG_WORDS = """
    International Regional Global Atlantic Pacific Eastern Southern Northern Central United Joint Strategic
    Energy Trade Security Development Investment Maritime Nuclear Climate Food Health Research Peace
    Monitoring
""".split()  # noqa: SIM905  (a word list reads best as words)
ORG_HEADS = """
    Agency Council Institute Organisation Commission Bank Forum Authority Fund Centre
""".split()  # noqa: SIM905  (a word list reads best as words)
MEDIA = """
    Herald Tribune Times Post Gazette Observer Chronicle Express Monitor Journal Dispatch Courier
""".split()  # noqa: SIM905  (a word list reads best as words)

# PLOVER type -> (weight, cue words: the first wording per happening, others as reworded by other outlets)
TYPES = {
    "CONSULT": (30, ("visited", "held talks with", "met")),
    "AGREE": (12, ("signed an agreement with", "agreed with")),
    "ACCUSE": (10, ("accused", "blamed", "condemned")),
    "REJECT": (6, ("rejected", "refused")),
    "SUPPORT": (6, ("backed", "endorsed")),
    "AID": (6, ("supplied weapons to", "delivered arms to")),
    "THREATEN": (5, ("threatened", "warned")),
    "REQUEST": (5, ("urged", "called on")),
    "SANCTION": (4, ("imposed sanctions on", "sanctioned")),
    "ASSAULT": (6, ("struck", "shelled", "attacked")),
    "COERCE": (3, ("expelled diplomats of", "detained citizens of")),
    "COOPERATE": (4, ("cooperated with", "signed a trade deal with")),
    "MOBILIZE": (2, ("deployed troops near",)),
    "PROTEST": (1, ("protested against",)),
}
# What a happening is about, for the free-text claim mentions of a feed with ``claims``: two
# words per happening, so that reports of one happening say much the same thing
TOPICS = """
    pipeline border grain reactor ceasefire cheque drones embassy tariffs hostages fishing dam
    railway election refinery airspace satellite vaccine corridor frigate uranium tunnel harbour
    wheat bridge convoy cables missiles fertiliser prisoners
""".split()  # noqa: SIM905  (a word list reads best as words)
FRAMES = ("", "officials say ", "reports say ", "it emerged that ")
PLACES = ["in the capital", "at a summit", "on the sidelines of the forum", "during a two-day visit", "in a phone call"]


@dataclass
class _Person:
    first: str
    last: str
    country: str
    role: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


@dataclass
class _Happening:
    id: int
    type: str
    source: str  # ISO3
    target: str
    day: dt.date
    actors: tuple[int, ...]  # people involved (indexes), named in reports
    place: str


@dataclass
class Feed:
    """A seeded news feed; ``extractions(start, stop)`` are its articles in that range."""

    articles: int
    seed: int = 7
    per_day: float = 30.0
    undated: float = 0.03  # share of articles without a publication date
    start: dt.date = dt.date(2019, 1, 1)
    claims: bool = False  # free-text claim mentions too (with a bag-of-words sketch, ``bow``)
    people: list[_Person] = field(default_factory=list)
    states: list[str] = field(default_factory=list)
    happenings: list[_Happening] = field(default_factory=list)

    def __post_init__(self) -> None:
        rng = random.Random(self.seed)
        gaz = load()
        codes = sorted(c for c in gaz.state_names if len(c) == 3)
        head = ["USA", "CHN", "RUS", "UKR", "IND", "PAK", "IRN", "ISR", "TUR", "GBR", "FRA", "DEU", "JPN", "KOR"]
        rest = [c for c in codes if c not in head]
        rng.shuffle(rest)
        self.states = head + rest
        self.state_names = gaz.state_names
        # more distinct people the longer the feed runs: ~0.6 per article, at least 400
        count = max(400, int(self.articles * 0.6))
        self.people = [
            _Person(rng.choice(FIRST), self._zipf_pick(rng, SURNAMES, 1.1), self._state(rng), rng.choice(ROLES))
            for _ in range(count)
        ]
        days = int(self.articles / self.per_day) + 2
        self.happenings = []
        for i in range(int(self.articles * 1.2) + 10):
            type_ = rng.choices(list(TYPES), weights=[w for w, _ in TYPES.values()])[0]
            source = self._state(rng)
            target = self._state(rng)
            while target == source:
                target = self._state(rng)
            involved = tuple(self._person_of(rng, source) for _ in range(rng.choice((1, 1, 2))))
            day = self.start + dt.timedelta(days=rng.uniform(0, days))
            self.happenings.append(_Happening(i, type_, source, target, day, involved, rng.choice(PLACES)))
        self.happenings.sort(key=lambda h: (h.day, h.id))
        self.days = [h.day for h in self.happenings]
        # coverage: a few happenings are reported by dozens of articles, most by one or two
        self.popularity = [rng.paretovariate(1.0) for _ in self.happenings]
        self.orgs = [
            (
                " ".join(rng.sample(ORG_WORDS, rng.choice((2, 3)))) + " " + rng.choice(ORG_HEADS),
                rng.choice([None, None, self._state(rng)]),
            )
            for _ in range(max(60, self.articles // 40))
        ]
        self.media = [(f"The {rng.choice(ORG_WORDS)} {rng.choice(MEDIA)}", self._state(rng)) for _ in range(120)]

    # ------------------------------------------------------------ picks
    @staticmethod
    def _zipf_pick(rng: random.Random, items: list[str] | tuple[str, ...], s: float) -> str:
        weights = [1 / (i + 1) ** s for i in range(len(items))]
        return rng.choices(list(items), weights=weights)[0]

    def _state(self, rng: random.Random) -> str:
        i = min(int(rng.paretovariate(1.2)) - 1, len(self.states) - 1)
        return self.states[i]

    def _person_of(self, rng: random.Random, country: str) -> int:
        # a popular head of people, a long tail; people of the happening's state where one comes up
        for _ in range(6):
            i = min(int(rng.paretovariate(0.8)) - 1, len(self.people) - 1)
            if self.people[i].country == country:
                return i
        return rng.randrange(len(self.people))

    # --------------------------------------------------------- articles
    def day_of(self, i: int) -> dt.date:
        return self.start + dt.timedelta(days=int(i / self.per_day))

    def extractions(self, start: int = 0, stop: int | None = None) -> Iterator[Extraction]:
        for i in range(start, self.articles if stop is None else stop):
            yield self._article(i)

    def _article(self, i: int) -> Extraction:
        rng = random.Random(self.seed * 1_000_003 + i)
        day = self.day_of(i)
        doc_id = content_id("doc", self.seed, i)
        writer = _Writer(doc_id)
        lo, hi = bisect.bisect_left(self.days, day - dt.timedelta(days=5)), bisect.bisect_right(self.days, day)
        chosen: list[_Happening] = []
        if hi > lo:
            picks = rng.choices(range(lo, hi), weights=self.popularity[lo:hi], k=rng.randint(2, 6))
            chosen = [self.happenings[j] for j in sorted(set(picks))]
        outlet, _ = rng.choice(self.media)
        events: list[Event] = []
        quotes: list[Quote] = []
        for h in chosen:
            sentence_start = writer.length
            src = writer.state(h.source, self.state_names[h.source], rng)
            people = [writer.person(self.people[p], rng) for p in h.actors]
            _, cues = TYPES[h.type]
            cue = cues[0] if rng.random() < 0.6 else rng.choice(cues)
            writer.text(f" {cue} ")
            tgt = writer.state(h.target, self.state_names[h.target], rng)
            date, basis = self._date(h, day, rng)
            if date and basis == "explicit":
                writer.text(f" on {date.value}")
            writer.text(f" {h.place}.")
            if rng.random() < 0.3:
                writer.text(" ")
                writer.body(rng.choice(BODIES), h.target, self.state_names[h.target], rng)
                writer.text(" responded.")
            if rng.random() < 0.25:
                writer.text(" ")
                name, country = rng.choice(self.orgs)
                writer.org(name, country, rng)
                writer.text(" was briefed.")
            writer.text("\n")
            actor = people[0] if people and rng.random() < 0.5 else src
            polarity = "negative" if rng.random() < 0.05 else "positive"
            modality = rng.choices(("actual", "intended", "hypothetical"), weights=(85, 10, 5))[0]
            holder, stance = ("outlet", "asserts")
            if people and rng.random() < 0.15:
                holder, stance = people[0], rng.choice(("asserts", "denies", "reports"))
            evidence = writer.slice(sentence_start)
            events.append(
                Event(
                    id=content_id("ev", doc_id, sentence_start, h.type),
                    document=doc_id,
                    type=h.type,
                    mode="military" if h.type == "AID" else None,
                    cameo_root=None,
                    weight=1.0 if h.type in ("CONSULT", "AGREE", "SUPPORT", "AID", "COOPERATE") else -2.0,
                    source=actor,
                    target=tgt,
                    polarity=polarity,
                    modality=modality,
                    date=date,
                    evidence=Evidence(evidence, sentence_start, sentence_start + len(evidence)),
                    cue=cue.split()[0],
                    holder=holder,
                    stance=stance,
                )
            )
            if people and rng.random() < 0.4:
                q_start = writer.length
                said = f'"We discussed {self.state_names[h.target]}," said {self.people[h.actors[0]].last}.\n'
                writer.text(said)
                quotes.append(
                    Quote(content_id("q", doc_id, q_start), doc_id, people[0], self.people[h.actors[0]].last,
                          said.strip(), "direct", q_start, q_start + len(said))
                )  # fmt: skip
        published = DateValue(day.isoformat(), "metadata") if rng.random() >= self.undated else None
        document = Document(doc_id, f"feed/{i:06d}.txt", writer.buffer(), None, outlet, None, published)
        claims = tuple(self._claims(i, chosen, events, writer)) if self.claims else ()
        return Extraction(document, tuple(writer.mentions), tuple(events), tuple(quotes), claims)

    def _claims(self, i: int, chosen: list[_Happening], events: list[Event], writer: _Writer) -> Iterator[ClaimMention]:
        """Some events restated as claims in words: reports of one happening word it alike
        (its two topic words, which are the keywords, and a cue of its type), each with a
        frame, stance and holder of its own.  A random stream of their own: the feed's
        other records stay as they are without claims."""
        rng = random.Random(self.seed * 7_000_003 + i)
        for h, e in zip(chosen, events, strict=True):
            if rng.random() >= 0.4:
                continue
            topic = f"{TOPICS[h.id % len(TOPICS)]} {TOPICS[(h.id // len(TOPICS) + 1) % len(TOPICS)]}"
            cue = rng.choice(TYPES[h.type][1])
            text = (
                f"{rng.choice(FRAMES)}{self.state_names[h.source]} {cue} {self.state_names[h.target]} over the {topic}"
            )
            words = set(topic.split())  # what it is about; the cue is the event's
            holder = e.source if e.source and e.source.startswith("person:") and rng.random() < 0.3 else OUTLET
            yield ClaimMention(
                id=content_id("cm", writer.doc, e.evidence.start),
                document=writer.doc,
                text=text,
                holder=holder,
                stance=rng.choices(("asserts", "denies", "reports"), weights=(6, 2, 2))[0],
                kind=rng.choice(("quote", "headline", "evidential", "reported")),
                evidence=e.evidence,
                actors=tuple(x for x in (e.source, e.target) if x),
                event=e.id if rng.random() < 0.5 else None,
                event_type=h.type,
                date=e.date if rng.random() < 0.3 else None,
                keywords=tuple(sorted(words)),
                sketch=bow(text, 256),
            )

    @staticmethod
    def _date(h: _Happening, day: dt.date, rng: random.Random) -> tuple[DateValue | None, str]:
        r = rng.random()
        if r < 0.30:
            return DateValue(h.day.isoformat(), "explicit"), "explicit"
        if r < 0.38:
            return DateValue(h.day.isoformat()[:7], "explicit"), "explicit"
        if r < 0.42:
            return DateValue(h.day.isoformat()[:4], "relative"), "relative"
        if r < 0.62:
            return DateValue(day.isoformat(), "document"), "document"
        return None, ""


class _Writer:
    """Builds one article's text, and its mentions with their offsets."""

    def __init__(self, doc_id: str) -> None:
        self.doc = doc_id
        self.parts: list[str] = []
        self.length = 0
        self.mentions: list[Mention] = []
        self.names: dict[str, str] = {}  # provisional id of a person -> the name this document gives

    def text(self, s: str) -> None:
        self.parts.append(s)
        self.length += len(s)

    def buffer(self) -> str:
        return "".join(self.parts)

    def slice(self, start: int) -> str:
        return self.buffer()[start:]

    def _mention(self, text: str, actor: str, name: str, kind: str, country: str | None, role: str | None) -> None:
        self.mentions.append(
            Mention(self.doc, self.length, self.length + len(text), text, actor, name, kind, country, role)
        )
        self.text(text)

    def state(self, code: str, name: str, rng: random.Random) -> str:
        self._mention(name, code, name, "state", code, None)
        return code

    def person(self, p: _Person, rng: random.Random) -> str:
        first, last = p.first, p.last
        if rng.random() < 0.12:
            first = VARIANTS.get(first, first)
        if rng.random() < 0.12:
            last = VARIANTS.get(last, last)
        country = p.country if rng.random() < 0.6 else None
        name = last if rng.random() < 0.04 else f"{first} {last}"  # a report may give the surname only
        actor = "person:" + slug(name)
        name = self.names.setdefault(actor, name)
        title = TITLES.get(p.role) if p.role and rng.random() < 0.5 else None
        text = f"{title} {name}" if title else (last if name != last and rng.random() < 0.3 else name)
        self._mention(text, actor, name, "person", country, p.role or None)
        return actor

    def body(self, body: tuple[str, str], code: str, state_name: str, rng: random.Random) -> None:
        generic, formal = body
        text = generic if rng.random() < 0.5 else formal
        self._mention(
            text, f"org:{code.lower()}-{slug(formal)}", f"{state_name}'s {generic}", "organization", code, None
        )

    def org(self, name: str, country: str | None, rng: random.Random) -> None:
        acronym = "".join(w[0] for w in name.split())
        text = acronym if rng.random() < 0.35 else name
        written = text if rng.random() < 0.7 else name
        self._mention(text, "org:" + slug(written), written, "igo", country if rng.random() < 0.7 else None, None)


@lru_cache(maxsize=4096)
def _word_vector(word: str, dim: int) -> np.ndarray:
    seed = int.from_bytes(hashlib.md5(word.encode()).digest()[:8], "little")
    return np.random.default_rng(seed).standard_normal(dim)


def bow(text: str, dim: int) -> tuple[float, ...]:
    """A seeded bag-of-words vector of unit length: texts sharing most words point the
    same way (a stand-in for the sketch and the sentence encoder in generated records)."""
    v = np.zeros(dim)
    for word in re.findall(r"[a-z]+", text.lower()):
        v += _word_vector(word, dim)
    norm = float(np.linalg.norm(v))
    return tuple(float(x) for x in v / norm) if norm else ()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args()
    feed = Feed(args.articles)
    n = {"mentions": 0, "events": 0, "quotes": 0}
    actors = set()
    for ex in feed.extractions():
        n["mentions"] += len(ex.mentions)
        n["events"] += len(ex.events)
        n["quotes"] += len(ex.quotes)
        actors.update(m.actor for m in ex.mentions)
    print(args.articles, "articles", n, "provisional actor ids", len(actors))


if __name__ == "__main__":
    main()
