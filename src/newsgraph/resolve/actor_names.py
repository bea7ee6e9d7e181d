"""How corpus resolution compares actor names, and the blocking keys that find candidates.

Names are compared transliterated (``gazetteer.fold``: "Støre" is "Store")
and in lower case.  Two people's full names match when their surnames are
within a rapidfuzz ratio of 90 and their first names agree (one initial, a
ratio of 80, or a token-sort ratio of 92 over the whole name); bodies match
when they share a normalised name or surface form.

Every comparison the merge makes is between two actors that share a
blocking key, so a new mention is scored against its block, never against
the store.  The keys are lossless for the rules above:

* ``ps:`` -- every string left after deleting up to ``2·len/11`` letters of
  the surname.  Two words with ``fuzz.ratio >= 90`` have an indel distance
  ``d <= (la + lb) / 10``; the deletions from the first word alone are then
  at most ``2·la/11`` (``11·da + 9·db <= 2·la``), so their longest common
  subsequence is a key of both.  (A five-letter surname must match exactly;
  a ten-letter one may lose one letter, "Lavrov"/"Lavrow" share "lavro".)
  At most ``MAX_DELETIONS`` (3) letters go, which is ``2·len/11`` up to 21
  letters: past that, a "surname" is page furniture run together
  ("maransflagsharelikereplypaige", from real news) whose five deletions
  made 146,000 keys for one mention; such words keep 3 (4,000 keys).
* ``pl:`` surname of a full name, ``pw:`` the word of a one-word name: a
  surname-only mention ("Lavrov") finds the full names it may stand for.
* ``on:`` a body's normalised names and surface forms; ``oi:`` the initials
  of a long name and ``oa:`` an acronym ("SIPRI"), which find each other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import combinations

from rapidfuzz import fuzz

from newsgraph.actors.gazetteer import fold, name_key

_ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "on", "in", "&", "de"})
_INITIAL_WORD = re.compile(r"[A-Za-z][\w'’-]*")


@lru_cache(maxsize=65536)
def words(name: str) -> tuple[str, ...]:
    """A name's words as compared: transliterated, lower case."""
    return tuple(fold(name).lower().split())


@lru_cache(maxsize=262144)
def same_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Do two full names (``words``) name one person, allowing for spelling?"""
    if a == b:
        return True
    if fuzz.ratio(a[-1], b[-1]) < 90:
        return False
    fa, fb = a[0].rstrip("."), b[0].rstrip(".")
    if not fa or not fb:
        return False
    if len(fa) == 1 or len(fb) == 1:
        return fa[0] == fb[0]
    return fuzz.ratio(fa, fb) >= 80 or fuzz.token_sort_ratio(" ".join(a), " ".join(b)) >= 92


MAX_DELETIONS = 3  # 2·len/11 for surnames of up to 21 letters (see the module's doc)


@lru_cache(maxsize=16384)
def surname_variants(word: str) -> frozenset[str]:
    """The word and every string left after deleting up to ``2·len/11`` of its letters
    (at most ``MAX_DELETIONS``)."""
    depth = min(2 * len(word) // 11, MAX_DELETIONS)
    out = {word}
    for k in range(1, depth + 1):
        for gone in combinations(range(len(word)), k):
            out.add("".join(c for i, c in enumerate(word) if i not in gone))
    return frozenset(out)


def initials(name: str) -> str:
    """ "Stockholm International Peace Research Institute" → "SIPRI"."""
    found = _INITIAL_WORD.findall(fold(name))
    return "".join(w[0].upper() for w in found if w.lower() not in _ACRONYM_SKIP)


def acronym(name: str) -> str | None:
    """The acronym a name is ("SIPRI", "U.N." → "UN"), or None when it is not one."""
    text = fold(name).replace(".", "")
    if " " in text or not (2 <= len(text) <= 8) or not text.isupper():
        return None
    return text


def person_keys(name: str) -> frozenset[str]:
    ws = words(name)
    if not ws:
        return frozenset()
    if len(ws) == 1:
        return frozenset({"pw:" + ws[0]})
    return frozenset({"pl:" + ws[-1], *("ps:" + v for v in surname_variants(ws[-1]))})


def body_keys(name: str, surfaces: Iterable[str]) -> frozenset[str]:
    keys = {"on:" + k for k in (name_key(s) for s in (name, *surfaces)) if k}
    short = acronym(name)
    if short is not None:
        keys.add("oa:" + short)
    elif len(name.split()) > 1 and (letters := initials(name)):
        keys.add("oi:" + letters)
    return frozenset(keys)
