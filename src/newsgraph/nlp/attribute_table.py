"""A table-driven stand-in for spaCy's ``attribute_ruler``, with the same output.

The English models map fine-grained tags to POS and morphology, and fix a few
dozen words ("a", "the", "'s"), with an ``attribute_ruler`` of about 180
one-token patterns.  spaCy runs them through its general ``Matcher``, which
checks every pattern at every token: about a sixth of the whole model's time
on news text, more than any of newsgraph's own components.

Nearly all of those patterns ask only that a few token attributes equal given
values (``{"TAG": "DT", "LOWER": "the"}``), so they can be answered by one
dictionary lookup per token and group of attributes, over the attribute
arrays of the ``Doc``.  Patterns of any other shape (several tokens,
operators, sets, regular expressions) still go through a ``Matcher`` of their
own.  Matches are applied exactly as the ruler applies them: all matches are
found against the ``Doc`` as it was, then applied in pattern order, so a later
pattern wins, and the values are written with ``Doc.from_array``, which sets
the same token fields the ruler sets.

``replace_attribute_ruler(nlp)`` swaps the model's ruler for this table when
every pattern and attribute is of a shape it handles; otherwise the model's
own ruler stays.  ``tests/test_attribute_table.py`` checks the two give the
same tags, POS, morphology, lemmas and dependencies on real text.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from spacy.attrs import DEP, IDS, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc
from spacy.vocab import Vocab

from newsgraph.errors import ModelError

# Attributes a one-token pattern may test by equality, read with Doc.to_array.
_STRING_KEYS = frozenset({"ORTH", "LOWER", "NORM", "TAG", "DEP", "LEMMA", "ENT_TYPE"})
_FLAG_KEYS = frozenset({"IS_SPACE", "IS_PUNCT", "IS_ALPHA", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE"})
_POS_KEYS = frozenset({"POS"})
# Attributes the table writes, with Doc.from_array (the fields set_token_attrs sets).
_WRITABLE = {"POS": POS, "TAG": TAG, "MORPH": MORPH, "LEMMA": LEMMA, "DEP": DEP}


@dataclass(frozen=True)
class _Rule:
    index: int  # position in the ruler: later rules win
    attrs: tuple[tuple[str, int], ...]  # attribute name -> id to write
    offset: int = 0  # which token of a match to set (negative: from its end)
    excluded: tuple[tuple[str, frozenset[int]], ...] = ()  # NOT_IN tests left to check


@dataclass(frozen=True)
class _Test:
    """What one token of a longer pattern must satisfy."""

    equal: tuple[tuple[str, frozenset[int]], ...]  # attribute value among these (equality or IN)
    excluded: tuple[tuple[str, frozenset[int]], ...]  # NOT_IN
    regex: tuple[tuple[str, re.Pattern[str]], ...]  # REGEX on the attribute's string


@dataclass(frozen=True)
class _Sequence:
    rule: _Rule
    tests: tuple[_Test, ...]


# A one-token pattern becomes lookup entries: the attributes it tests by
# equality (IN lists expanded), their values, and NOT_IN tests to check after.
_Entry = tuple[tuple[str, ...], list[tuple[int, ...]], tuple[tuple[str, frozenset[int]], ...]]
_MAX_EXPANSION = 1000  # more combinations than this go to the Matcher


class AttributeTable:
    """The ruler's patterns, compiled to lookups over token attribute arrays."""

    def __init__(self, vocab: Vocab, patterns: Sequence[Mapping[str, Any]] = ()) -> None:
        self.vocab = vocab
        self.load(patterns)

    def load(self, patterns: Sequence[Mapping[str, Any]]) -> None:
        """Compile ``patterns`` (the ruler's ``patterns`` list), replacing any before."""
        self.patterns = [dict(p) for p in patterns]
        self.rules: dict[tuple[str, ...], dict[tuple[int, ...], list[_Rule]]] = defaultdict(lambda: defaultdict(list))
        self.other: Matcher | None = None
        self.other_rules: dict[int, _Rule] = {}
        self.sequences: list[_Sequence] = []
        self._regex_hits: dict[tuple[str, str, int], bool] = {}
        # The leading run of patterns that test one and the same attribute by
        # equality (the tag map) is applied first, as one array lookup.
        self.base_key: str | None = None
        self.base: dict[int, dict[str, int]] = {}
        written: set[str] = set()
        in_base = True
        for index, pattern in enumerate(self.patterns):
            attrs = self._attrs(pattern["attrs"])
            written.update(name for name, _ in attrs)
            entries = self._entries(pattern)
            if in_base and entries is not None and all(len(k) == 1 and not x for k, _, x in entries):
                tested = {k[0] for k, _, _ in entries}
                if len(tested) == 1 and self.base_key in (None, *tested):
                    self.base_key = tested.pop()
                    for _, combos, _ in entries:
                        for (value,) in combos:
                            self.base.setdefault(value, {}).update(attrs)
                    continue
            in_base = False
            if entries is not None:
                for keys, combos, excluded in entries:
                    rule = _Rule(index, attrs, 0, excluded)
                    for values in combos:
                        self.rules[keys][values].append(rule)
                continue
            sequences = self._sequences(pattern, _Rule(index, attrs, int(pattern.get("index", 0))))
            if sequences is not None:
                self.sequences.extend(sequences)
                continue
            if self.other is None:
                self.other = Matcher(self.vocab, validate=False)
            self.other.add(str(index), pattern["patterns"])
            self.other_rules[index] = _Rule(index, attrs, int(pattern.get("index", 0)))
        self.anchors = {keys: self._anchor(keys, table) for keys, table in self.rules.items()}
        self.written = sorted(written)
        self.key_names = sorted(
            {k for keys in self.rules for k in keys}
            | ({self.base_key} if self.base_key else set())
            | {k for table in self.rules.values() for rs in table.values() for r in rs for k, _ in r.excluded}
            | {k for q in self.sequences for t in q.tests for k, _ in (*t.equal, *t.excluded, *t.regex)}
        )

    @staticmethod
    def _anchor(keys: tuple[str, ...], table: Mapping[tuple[int, ...], object]) -> tuple[str, np.ndarray]:
        """The tested attribute with the most listed values (the rarest per value), and those values."""
        best = max(range(len(keys)), key=lambda j: (len({values[j] for values in table}), -j))
        return keys[best], np.array(sorted({values[best] for values in table}), dtype=np.uint64)

    @staticmethod
    def supports(patterns: Iterable[Mapping[str, Any]]) -> bool:
        """Whether every pattern writes only attributes the table can write."""
        return all(set(p.get("attrs", {})) <= set(_WRITABLE) for p in patterns)

    def _attrs(self, attrs: Mapping[str, Any]) -> tuple[tuple[str, int], ...]:
        out = []
        for name, value in attrs.items():
            if name == "POS":
                out.append((name, POS_IDS[value] if isinstance(value, str) else int(value)))
            elif name == "MORPH":
                out.append((name, self.vocab.morphology.add(value) if isinstance(value, str) else int(value)))
            else:
                out.append((name, self.vocab.strings.add(value) if isinstance(value, str) else int(value)))
        return tuple(out)

    def _value(self, key: str, value: Any) -> int | None:
        """A pattern value as the id ``Doc.to_array`` gives for ``key``; None if not comparable."""
        if key in _STRING_KEYS and isinstance(value, str):
            return int(self.vocab.strings.add(value))
        if key in _FLAG_KEYS and isinstance(value, bool):
            return int(value)
        if key in _POS_KEYS and isinstance(value, str) and value in POS_IDS:
            return int(POS_IDS[value])
        return None

    def _entries(self, pattern: Mapping[str, Any]) -> list[_Entry] | None:
        """Lookup entries for a pattern of one-token alternatives, else None."""
        if pattern.get("index", 0) not in (0, -1):
            return None
        entries = []
        for alternative in pattern["patterns"]:
            if len(alternative) != 1:
                return None
            entry = self._entry(alternative[0])
            if entry is None:
                return None
            entries.append(entry)
        return entries

    def _entry(self, token: Mapping[str, Any]) -> _Entry | None:
        keys: list[str] = []
        choices: list[list[int]] = []
        excluded: list[tuple[str, frozenset[int]]] = []
        for key in sorted(token):
            spec = token[key]
            if isinstance(spec, dict):
                if len(spec) != 1 or next(iter(spec)) not in ("IN", "NOT_IN"):
                    return None
                op, listed = next(iter(spec.items()))
                ids = [self._value(key, v) for v in listed]
                if any(i is None for i in ids):
                    return None
                if op == "NOT_IN":
                    excluded.append((key, frozenset(int(i) for i in ids if i is not None)))
                    continue
                keys.append(key)
                choices.append([int(i) for i in ids if i is not None])
            else:
                value = self._value(key, spec)
                if value is None:
                    return None
                keys.append(key)
                choices.append([value])
        size = 1
        for c in choices:
            size *= len(c)
        if not keys or size > _MAX_EXPANSION:
            return None
        return tuple(keys), list(itertools.product(*choices)), tuple(excluded)

    def _sequences(self, pattern: Mapping[str, Any], rule: _Rule) -> list[_Sequence] | None:
        """Patterns of several tokens, or with REGEX, as token tests; None if of another shape."""
        out = []
        for alternative in pattern["patterns"]:
            tests = [self._test(token) for token in alternative]
            if not tests or any(t is None for t in tests):
                return None
            out.append(_Sequence(rule, tuple(t for t in tests if t is not None)))
        return out

    def _test(self, token: Mapping[str, Any]) -> _Test | None:
        equal: list[tuple[str, frozenset[int]]] = []
        excluded: list[tuple[str, frozenset[int]]] = []
        regex: list[tuple[str, re.Pattern[str]]] = []
        for key, spec in token.items():
            if isinstance(spec, dict):
                if len(spec) != 1:
                    return None
                op, arg = next(iter(spec.items()))
                if op == "REGEX" and key in _STRING_KEYS and isinstance(arg, str):
                    regex.append((key, re.compile(arg)))
                    continue
                if op not in ("IN", "NOT_IN"):
                    return None
                ids = [self._value(key, v) for v in arg]
                if any(i is None for i in ids):
                    return None
                (equal if op == "IN" else excluded).append((key, frozenset(int(i) for i in ids if i is not None)))
            else:
                value = self._value(key, spec)
                if value is None:
                    return None
                equal.append((key, frozenset([value])))
        if not equal and not regex:
            return None  # matches nearly every token: leave it to the Matcher
        return _Test(tuple(equal), tuple(excluded), tuple(regex))

    def _passes(self, test: _Test, columns: Mapping[str, list[int]], i: int) -> bool:
        if any(columns[k][i] not in ids for k, ids in test.equal):
            return False
        if any(columns[k][i] in ids for k, ids in test.excluded):
            return False
        return all(self._regex_ok(key, pattern, columns[key][i]) for key, pattern in test.regex)

    def _apply_base(self, column: np.ndarray, out: np.ndarray, column_of: Mapping[str, int]) -> None:
        unique, inverse = np.unique(column, return_inverse=True)
        found = [self.base.get(int(u)) for u in unique]
        for name, j in column_of.items():
            has = np.array([f is not None and name in f for f in found], dtype=bool)
            if not has.any():
                continue
            values = np.array([f[name] if f is not None and name in f else 0 for f in found], dtype=out.dtype)
            out[:, j] = np.where(has[inverse], values[inverse], out[:, j])

    def _regex_ok(self, key: str, pattern: re.Pattern[str], value: int) -> bool:
        cached = self._regex_hits.get((key, pattern.pattern, value))
        if cached is None:
            cached = self._regex_hits[(key, pattern.pattern, value)] = bool(pattern.search(self.vocab.strings[value]))
        return cached

    def _sequence_hits(
        self, columns: Mapping[str, list[int]], arrays: Mapping[str, np.ndarray], n: int
    ) -> Iterator[tuple[int, int, _Rule]]:
        for q in self.sequences:
            first = q.tests[0]
            if first.equal:
                key, values = first.equal[0]
                wanted = np.fromiter(values, dtype=np.uint64, count=len(values))
            else:
                key, regex = first.regex[0]
                present = np.unique(arrays[key]).tolist()
                wanted = np.array([v for v in present if self._regex_ok(key, regex, v)], dtype=np.uint64)
            starts = np.flatnonzero(np.isin(arrays[key], wanted)).tolist()
            size = len(q.tests)
            for start in starts:
                if start + size > n:
                    continue
                if all(self._passes(t, columns, start + j) for j, t in enumerate(q.tests)):
                    offset = q.rule.offset
                    position = (start if offset >= 0 else start + size) + offset
                    if not start <= position < start + size:
                        raise ModelError(f"attribute ruler pattern {q.rule.index} has index {offset} outside its match")
                    yield q.rule.index, position, q.rule

    def to_disk(self, *args: object, **kwargs: object) -> None:
        refuse_to_save("newsgraph_attribute_table")

    def to_bytes(self, *args: object, **kwargs: object) -> bytes:
        refuse_to_save("newsgraph_attribute_table")
        return b""

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        columns: dict[str, list[int]] = {}
        if self.key_names:
            array = doc.to_array([IDS[k] for k in self.key_names]).reshape(n, len(self.key_names))
            columns = {k: array[:, i].tolist() for i, k in enumerate(self.key_names)}
        hits: list[tuple[int, int, _Rule]] = []  # (rule index, token, rule)
        arrays = {k: array[:, i] for i, k in enumerate(self.key_names)} if self.key_names else {}
        for keys, table in self.rules.items():
            # only tokens whose most varied tested attribute has a listed value
            anchor, values = self.anchors[keys]
            candidates = np.flatnonzero(np.isin(arrays[anchor], values)).tolist()
            cols = [columns[k] for k in keys]
            for i in candidates:
                found = table.get(tuple(c[i] for c in cols))
                if found:
                    hits.extend(
                        (r.index, i, r)
                        for r in found
                        if not r.excluded or not any(columns[k][i] in ids for k, ids in r.excluded)
                    )
        hits.extend(self._sequence_hits(columns, arrays, n))
        if self.other is not None:
            for match_id, start, end in self.other(doc, allow_missing=True):
                rule = self.other_rules[int(self.vocab.strings[match_id])]
                position = (start if rule.offset >= 0 else end) + rule.offset
                if not start <= position < end:
                    raise ModelError(f"attribute ruler pattern {rule.index} has index {rule.offset} outside its match")
                hits.append((rule.index, position, rule))
        if not hits and not self.base:
            return doc
        hits.sort(key=lambda hit: (hit[0], hit[1]))
        names = self.written
        out = np.asarray(doc.to_array([_WRITABLE[name] for name in names]), dtype=np.uint64).reshape(n, len(names))
        column_of = {name: i for i, name in enumerate(names)}
        if self.base_key is not None:
            self._apply_base(np.asarray(columns[self.base_key], dtype=np.uint64), out, column_of)
        for _, i, rule in hits:
            for name, value in rule.attrs:
                out[i, column_of[name]] = value
        doc.from_array([_WRITABLE[name] for name in names], out)  # type: ignore[arg-type]  # thinc types it Ints2d
        return doc


def refuse_to_save(component: str) -> None:
    """The tables are built from the model's own components when the pipeline
    is built; saved on their own they would load empty and tag nothing."""
    raise ModelError(
        f"{component} is built from the model at start-up and cannot be saved; build the pipeline with "
        "nlp.fast_components = false to save it, or call newsgraph.nlp.build(options) again where it is needed"
    )


@Language.factory("newsgraph_attribute_table", assigns=["token.pos", "token.tag", "token.morph", "token.lemma"])
def make_attribute_table(nlp: Language, name: str) -> AttributeTable:
    # the patterns are loaded from the model's own ruler by replace_attribute_ruler
    return AttributeTable(nlp.vocab)


def replace_attribute_ruler(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Swap the pipeline's attribute ruler for an ``AttributeTable``; False when kept."""
    if name not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe(name)
    patterns = list(getattr(ruler, "patterns", []))
    if not patterns or not AttributeTable.supports(patterns):
        return False
    table = nlp.replace_pipe(name, "newsgraph_attribute_table")
    assert isinstance(table, AttributeTable)
    table.load(patterns)
    return True
