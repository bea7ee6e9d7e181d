"""Amounts in news text: money, percentages and counted quantities.

``extract(doc)`` yields every amount with its token span; the event extractor
attaches an amount to the event whose clause contains it.  ``parse_money``
and ``parse_number`` are the pure parts, testable without a Doc.

Units: ISO 4217 codes for money ("USD", "EUR", "PKR" ...), "percent", or
the counted noun for quantities ("doses", "shares").  Values are plain
numbers with the scale word applied ("$1.6 billion" -> 1.6e9).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

from spacy.tokens import Doc, Token

from newsgraph.models import Amount
from newsgraph.nlp.doctext import doc_text

# The number words, scales and currencies are data (data/amounts.toml).
_TABLES = tomllib.loads(resources.files("newsgraph.data").joinpath("amounts.toml").read_text("utf-8"))
_WORDS: dict[str, float] = _TABLES["number_words"]
_SCALES: dict[str, float] = _TABLES["scales"]
_PREFIX: dict[str, str] = _TABLES["currency_before"]
_SUFFIX: dict[str, str] = _TABLES["currency_after"]
_NOT_UNITS = frozenset(_TABLES["not_units"]["lemmas"])
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|" + "|".join(sorted(_WORDS, key=len, reverse=True))
_SCALE = "|".join(sorted(_SCALES, key=len, reverse=True))
_PRE = "|".join(re.escape(k) for k in sorted(_PREFIX, key=len, reverse=True))
_SUF = "|".join(sorted(_SUFFIX, key=len, reverse=True))
_MONEY_BEFORE = re.compile(rf"(?<![\w$])(?P<cur>{_PRE})\s?(?P<num>{_NUM})(?:\s?(?P<scale>{_SCALE})\b)?", re.IGNORECASE)
_MONEY_AFTER = re.compile(rf"\b(?P<num>{_NUM})(?:\s?(?P<scale>{_SCALE}))?\s(?P<cur>{_SUF})s?\b", re.IGNORECASE)
_PERCENT = re.compile(rf"\b(?P<num>{_NUM})\s?(?:%|percent\b|per cent\b)", re.IGNORECASE)
_NUMBER = re.compile(rf"^(?P<num>{_NUM})$", re.IGNORECASE)


@dataclass(frozen=True)
class AmountMatch:
    """An amount and where it is: token ``start``/``end`` (end exclusive)."""

    start: int
    end: int
    amount: Amount


def parse_number(text: str, scale: str | None = None) -> float | None:
    """ "1.6" -> 1.6, "50,000" -> 50000, "one" -> 1; times the scale word if any."""
    text = text.strip().lower()
    if text in _WORDS:
        value = float(_WORDS[text])
    else:
        try:
            value = float(text.replace(",", ""))
        except ValueError:
            return None
    if scale:
        value *= _SCALES[scale.lower()]
    return value


def parse_money(text: str) -> Amount | None:
    """Parse one money expression ("$1.6 billion", "USD 900 million", "2 million euros")."""
    for pattern in (_MONEY_BEFORE, _MONEY_AFTER):
        m = pattern.search(text)
        if m:
            return _money(m)
    return None


def _money(m: re.Match[str]) -> Amount | None:
    cur = m.group("cur").lower()
    unit = _PREFIX.get(cur) or _SUFFIX.get(cur.rstrip("s"))
    value = parse_number(m.group("num"), m.group("scale"))
    if unit is None or value is None:
        return None
    return Amount(value, unit, m.group(0).strip())


def extract(doc: Doc) -> Iterator[AmountMatch]:
    """Every amount in ``doc``: money and percentages by pattern, then quantities
    (a number with a counted noun) from the parse."""
    taken: set[int] = set()
    found: list[AmountMatch] = []
    for pattern, kind in ((_MONEY_BEFORE, "money"), (_MONEY_AFTER, "money"), (_PERCENT, "percent")):
        for m in pattern.finditer(doc_text(doc)):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is None or any(t.i in taken for t in span):
                continue
            if kind == "money":
                amount = _money(m)
            else:
                value = parse_number(m.group("num"))
                amount = Amount(value, "percent", m.group(0).strip()) if value is not None else None
            if amount is None or not _is_figure(m.group("num"), m.group("cur") if kind == "money" else "%"):
                continue
            taken.update(t.i for t in span)
            found.append(AmountMatch(span.start, span.end, amount))
    for token in doc:
        if token.i in taken:
            continue
        q = _quantity(token, taken)
        if q is not None:
            taken.update(range(q.start, q.end))
            found.append(q)
    yield from sorted(found, key=lambda a: a.start)


def _is_figure(num: str, cur: str) -> bool:
    # "a" and "one" only count with a currency symbol or code ("$one billion"),
    # not before a currency word ("one dollar a day" is rarely news).
    return num.lower() not in ("a", "half") or cur in _PREFIX


def _quantity(token: Token, taken: set[int]) -> AmountMatch | None:
    """ "50,000 vaccine doses", "5 million doses", "5882 NDB shares"."""
    if not token.like_num or token.ent_type_ in ("DATE", "TIME", "PRODUCT", "ORDINAL", "MONEY", "PERCENT"):
        return None
    if not re.search(r"\d", token.text):
        return None  # "two sides", "one of them": words alone are not figures
    start = token.i
    scale: Token | None = None
    head = token.head
    nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if nxt is not None and nxt.lower_ in _SCALES and len(nxt.lower_) > 1:
        scale = nxt
        head = nxt.head if nxt.head.i != nxt.i else head
    noun = head if head.pos_ in ("NOUN", "PROPN") and head.i > token.i else None
    if noun is None or noun.lemma_.lower() in _NOT_UNITS or noun.i - token.i > 4:
        return None
    if any(i in taken for i in range(start, noun.i + 1)):
        return None
    value = parse_number(token.text, scale.text if scale is not None else None)
    if value is None:
        return None
    text = token.doc[start : noun.i + 1].text
    return AmountMatch(start, noun.i + 1, Amount(value, noun.text.lower(), text))
