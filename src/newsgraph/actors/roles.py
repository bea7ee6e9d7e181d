"""Titles → roles, from ``data/roles.toml``.

``RoleVocab.match(words, i)`` reads the longest title starting at word ``i``
of a sentence: a role ("Foreign Minister", "Minister for Defence and Defence
Production", "deputy chief of mission", "COAS"), a military rank or an
honorific (which introduce a name but give no role), a qualifier ("former",
"then"), or an office ("Foreign Office", "embassy").  Words are compared
lower-cased with full stops dropped, so "Lt. Gen." reads as "lt gen".
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

ROLE, RANK, HONORIFIC, MODIFIER, OFFICE, RETIRED = "role", "rank", "honorific", "modifier", "office", "retired"

# Words that join one portfolio to the next inside a minister's title.
_JOINERS = frozenset({"and", "&"})
_MINISTER = frozenset({"minister", "ministers"})


@dataclass(frozen=True)
class TitleMatch:
    start: int
    end: int  # exclusive
    kind: str  # ROLE, RANK, HONORIFIC, MODIFIER, OFFICE or RETIRED
    role: str | None = None
    plural: bool = False  # "defence ministers": a role held by several


def _tokenisations(surface: str) -> list[tuple[str, ...]]:
    """A title's words as written and, where a word has an inner hyphen, as the
    tokenizer splits it ("secretary-general" → "secretary", "-", "general")."""
    words = tuple(norm(w) for w in surface.split())
    split = tuple(p for w in words for p in ([w] if "-" not in w.strip("-") else " - ".join(w.split("-")).split()))
    return [words] if split == words else [words, split]


def norm(word: str) -> str:
    """How a title word is compared: lower case, no full stops, curly apostrophes straightened."""
    return word.lower().replace(".", "").replace("’", "'")


class RoleVocab:
    """The title vocabulary, loaded once."""

    def __init__(self, data: dict) -> None:
        self.forms: dict[tuple[str, ...], str] = {}
        self.plurals: dict[tuple[str, ...], str] = {}
        for role, surfaces in data["roles"].items():
            for surface in surfaces:
                for words in _tokenisations(surface):
                    self.forms.setdefault(words, role)
                    self.plurals.setdefault((*words[:-1], words[-1] + "s"), role)
        self.portfolios = {tuple(norm(w) for w in k.split()): v for k, v in data["portfolios"].items()}
        for words, role in self.portfolios.items():
            self.forms.setdefault((*words, "minister"), role)
            self.plurals.setdefault((*words, "ministers"), role)
        self.deputy = {tuple(norm(w) for w in p.split()) for p in data["deputy_prefixes"]}
        self.words: dict[tuple[str, ...], str] = {}
        for kind, key in (
            (MODIFIER, "modifiers"),
            (RANK, "ranks"),
            (HONORIFIC, "honorifics"),
            (RETIRED, "retired"),
            (OFFICE, "offices"),
        ):
            for phrase in data[key]:
                self.words.setdefault(tuple(norm(w) for w in phrase.split()), kind)
        self.government_roles = frozenset(data["government_roles"])
        self.envoy_roles = frozenset(data["envoy_roles"])
        keys = [*self.forms, *self.plurals, *self.portfolios, *self.words]
        self.max_len = max(len(k) for k in keys)
        # Every word that can occur in a title: a cheap first test before matching.
        self.vocabulary = frozenset(w for k in keys for w in k) | _JOINERS | {"of", "for"}

    def is_government(self, role: str | None) -> bool:
        if role is None:
            return False
        return role in self.government_roles or role.endswith(" minister")

    def is_envoy(self, role: str | None) -> bool:
        return role in self.envoy_roles

    def match(self, words: Sequence[str], i: int, raw: Sequence[str] | None = None) -> TitleMatch | None:
        """The longest title starting at ``words[i]``; ``words`` are ``norm``-ed.

        ``raw`` (the words as written) lets short abbreviations ("PM", "FM",
        "COAS") match only when written in capitals or with a full stop, so
        that "cm" or "pm" in running text are not titles.
        """
        if words[i] not in self.vocabulary:
            return None
        best = self._role(words, i, raw)
        for n in range(min(self.max_len, len(words) - i), 0, -1):
            kind = self.words.get(tuple(words[i : i + n]))
            if kind is not None and (best is None or n > best.end - i):
                if n == 1 and not self._abbreviation_ok(words[i], raw, i):
                    continue
                return TitleMatch(i, i + n, kind)
        return best

    def _role(self, words: Sequence[str], i: int, raw: Sequence[str] | None) -> TitleMatch | None:
        best: TitleMatch | None = None
        for n in range(min(self.max_len, len(words) - i), 0, -1):
            key = tuple(words[i : i + n])
            role = self.forms.get(key)
            plural = False
            if role is None:
                role, plural = self.plurals.get(key), True
            if role is not None:
                if n == 1 and not self._abbreviation_ok(words[i], raw, i):
                    continue
                best = TitleMatch(i, i + n, ROLE, role, plural)
                break
        composed = self._minister_of(words, i)
        if composed is not None and (best is None or composed.end > best.end):
            best = composed
        for prefix in self.deputy:
            if tuple(words[i : i + len(prefix)]) == prefix and i + len(prefix) < len(words):
                inner = self._role(words, i + len(prefix), raw)
                if inner is not None and inner.role and (best is None or inner.end > best.end):
                    best = TitleMatch(i, inner.end, ROLE, f"{' '.join(prefix)} {inner.role}", inner.plural)
        if best is not None:
            best = self._portfolio_tail(words, best)
        return best

    def _minister_of(self, words: Sequence[str], i: int) -> TitleMatch | None:
        """ "Minister of/for <portfolio>[ and <portfolio>…]" → the first portfolio's role."""
        if words[i] not in _MINISTER or i + 2 >= len(words) or words[i + 1] not in ("of", "for"):
            return None
        end, role = self._portfolio(words, i + 2)
        if role is None:
            return None
        return TitleMatch(i, end, ROLE, role, words[i] == "ministers")

    def _portfolio(self, words: Sequence[str], i: int) -> tuple[int, str | None]:
        for n in range(min(4, len(words) - i), 0, -1):
            role = self.portfolios.get(tuple(words[i : i + n]))
            if role is not None:
                return i + n, role
        return i, None

    def _portfolio_tail(self, words: Sequence[str], match: TitleMatch) -> TitleMatch:
        # "... Minister for Defence and Defence Production": further portfolios
        # belong to the title but do not change the role.
        end = match.end
        # "Minister of State for Petroleum": a junior minister's portfolio is part of the title.
        if words[end - 1] in ("state", "minister") and end + 1 < len(words) and words[end] in ("for", "of"):
            nxt, role = self._portfolio(words, end + 1)
            if role is not None:
                end = nxt
        while end + 1 < len(words) and words[end] in _JOINERS:
            nxt, role = self._portfolio(words, end + 1)
            if role is None:
                break
            end = nxt
        return match if end == match.end else TitleMatch(match.start, end, match.kind, match.role, match.plural)

    @staticmethod
    def _abbreviation_ok(word: str, raw: Sequence[str] | None, i: int) -> bool:
        if raw is None or len(word) > 4:
            return True
        written = raw[i]
        return not written.islower() or written.endswith(".") or word in _COMMON_SHORT


# Short title words that are ordinary English words, written in any case.
_COMMON_SHORT = frozenset(
    {
        "king",
        "emir",
        "amir",
        "chair",
        "new",
        "top",
        "late",
        "then",
        "mr",
        "mrs",
        "ms",
        "dr",
        "lord",
        "lady",
        "pope",
        "imam",
        "hon",
        "sir",
        "dame",
        "rev",
        "chief",
        "army",
        "navy",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "adm",
        "brig",
        "sgt",
        "cpl",
        "mayor",
        "envoy",
        "ex",
        "sen",
        "rep",
        "gov",
        "r",
        "retd",
        "rtd",
        "fo",
    }
)


@lru_cache(maxsize=1)
def load() -> RoleVocab:
    text = resources.files("newsgraph.data").joinpath("roles.toml").read_text("utf-8")
    return RoleVocab(tomllib.loads(text))
