"""The event lexicon: PLOVER facts (data/plover.toml) and cue words
(data/event_cues.toml, then data/event_cues_codebook.toml: the codebooks'
verbs and nouns, tried after the first file's entries for the same word),
loaded once into frozen dataclasses.

The files are the documentation of the rules; this module only checks them
(an unknown type, mode or slot is an error at load time, not a silent miss)
and gives the extractor fast lookups.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from newsgraph.errors import ConfigError
from newsgraph.models import PLOVER_TYPES

SLOTS = frozenset(
    {
        "subj",
        "obj",
        "obj_any",
        "dative",
        "poss",
        "host",
        "compound",
        "origin",
        "context",
        "purpose",
        "to",
        "with",
        "from",
        "at",
        "against",
        "on",
        "for",
        "of",
        "by",
        "into",
        "over",
        "toward",
        "in",
        "near",
        "about",
        "appos",
        "parties",
        "where",
        "inside",
        "condition",
        "along",
        "complement_subject",
        "for_actor",
        "means",
    }
)
POS_KINDS = ("verb", "noun", "adjective")
CODEBOOK = "event_cues_codebook.toml"


@dataclass(frozen=True)
class PloverType:
    name: str
    score: float
    quad: int
    cameo: str
    modes: dict[str, float] = field(default_factory=dict)
    extra_modes: tuple[str, ...] = ()
    cameo_modes: dict[str, str] = field(default_factory=dict)
    target_required: bool = False

    def weight(self, mode: str | None) -> float:
        """PLOVER's type:mode score where the mode has one, else the type score."""
        if mode is not None and mode in self.modes:
            return self.modes[mode]
        return self.score

    def cameo_root(self, mode: str | None) -> str:
        if mode is not None and mode in self.cameo_modes:
            return self.cameo_modes[mode]
        return self.cameo

    def allows(self, mode: str | None) -> bool:
        return mode is None or mode in self.modes or mode in self.extra_modes


@dataclass(frozen=True)
class Plover:
    types: dict[str, PloverType]
    goldstein: dict[str, float]
    quad_class: dict[str, int]

    def quad_for_root(self, root: str | None, root14_quad: int | None = None) -> int | None:
        if root is None:
            return None
        if root == "14" and root14_quad is not None:
            return root14_quad
        return self.quad_class.get(root)


@dataclass(frozen=True)
class Cue:
    """One lexicon entry: when ``lemma`` triggers, and what it codes."""

    pos: str  # verb, noun, adjective
    lemma: str
    type: str
    mode: str | None
    source: tuple[str, ...]
    target: tuple[str, ...]
    symmetric: bool = False
    mode_from_goods: bool = False
    goods_required: bool = False
    target_required: bool | None = None
    particle: str | None = None
    objects: tuple[str, ...] | None = None
    objects_are_actors: bool = False
    objects_not: tuple[str, ...] = ()
    modifiers: tuple[str, ...] = ()
    light: tuple[str, ...] = ()
    mode_by_modifier: dict[str, str] = field(default_factory=dict)
    outer: bool = False
    outer_suppresses: bool = False
    reacts: bool = False
    concludes: bool = False
    subject_is_actor: bool = False
    complements: tuple[str, ...] = ()
    subject_sectors: tuple[str, ...] = ()
    target_kinds: tuple[str, ...] = ()
    subject_official: bool = False
    asks_act: bool = False  # counts only when what is asked is an act ("asked X to ...", "asked for ...")


@dataclass(frozen=True)
class Lexicon:
    cues: dict[tuple[str, str], tuple[Cue, ...]]  # (pos, lemma) -> entries in file order
    goods: dict[str, tuple[str, str | None]]  # lemma -> (type, mode)
    money: frozenset[str]  # words for a sum of money: economic aid when nothing else names the goods
    light_verbs: frozenset[str]
    topic_preps: frozenset[str]
    dyad_nouns: frozenset[str]
    anaphora: dict[str, frozenset[str]]  # referring noun -> the types of act it can refer to ("any")
    calm_nouns: frozenset[str]
    domestic_types: frozenset[str]
    targetless_types: frozenset[str]
    one_sided_types: frozenset[str]
    # types a group of civilians, business or media may do with no recipient
    society_types: frozenset[str]
    place_types: frozenset[str]
    intended_aux: frozenset[str]
    intended_heads: frozenset[str]
    intended_nouns: frozenset[str]
    hypothetical_aux: frozenset[str]
    hypothetical_adverbs: frozenset[str]
    hypothetical_nouns: frozenset[str]
    hypothetical_marks: frozenset[str]
    negators: frozenset[str]
    negative_determiners: frozenset[str]
    refusal_heads: frozenset[str]
    intended_as: dict[str, str]  # intended act type -> PLOVER's type for the intention
    refused_as: dict[str, str]  # refused (negated intended) act type -> PLOVER's type
    # "TYPE" or "TYPE:mode" of an intended act -> the mode of its companion
    # (a threat to impose sanctions is THREATEN restrict)
    intended_modes: dict[str, str] = field(default_factory=dict)

    def entries(self, pos: str, lemma: str) -> tuple[Cue, ...]:
        return self.cues.get((pos, lemma), ())


def _read(name: str) -> dict[str, Any]:
    return tomllib.loads(resources.files("newsgraph.data").joinpath(name).read_text("utf-8"))


@cache
def plover() -> Plover:
    data = _read("plover.toml")
    types = {}
    for name, t in data["types"].items():
        if name not in PLOVER_TYPES:
            raise ConfigError(f"plover.toml: unknown PLOVER type {name!r}; valid: {', '.join(PLOVER_TYPES)}")
        types[name] = PloverType(
            name=name,
            score=float(t["score"]),
            quad=int(t["quad"]),
            cameo=str(t["cameo"]),
            modes={k: float(v) for k, v in t.get("modes", {}).items()},
            extra_modes=tuple(t.get("extra_modes", ())),
            cameo_modes=dict(t.get("cameo_modes", {})),
            target_required=bool(t.get("target_required", False)),
        )
    missing = set(PLOVER_TYPES) - set(types)
    if missing:
        raise ConfigError(f"plover.toml lacks types: {', '.join(sorted(missing))}")
    return Plover(
        types=types,
        goldstein={k: float(v) for k, v in data["goldstein"].items()},
        quad_class={k: int(v) for k, v in data["quad_class"].items()},
    )


def _cue(pos: str, entry: dict[str, Any], defaults: dict[str, Any], types: dict[str, PloverType]) -> Cue:
    where = f"{entry.get('_file', 'event_cues.toml')} [[{pos}]] {entry.get('lemma')!r}"
    type_ = entry["type"]
    if type_ not in types:
        raise ConfigError(f"{where}: unknown type {type_!r}; valid: {', '.join(PLOVER_TYPES)}")
    mode = entry.get("mode")
    modes = [mode, *entry.get("mode_by_modifier", {}).values()]
    for m in modes:
        if not types[type_].allows(m):
            raise ConfigError(f"{where}: {type_} has no mode {m!r}")
    source = tuple(entry.get("source", defaults[f"{pos}_source"]))
    target = tuple(entry.get("target", defaults[f"{pos}_target"]))
    bad = [s for s in (*source, *target) if s not in SLOTS]
    if bad:
        raise ConfigError(f"{where}: unknown argument slots {bad}; valid: {', '.join(sorted(SLOTS))}")
    objects = entry.get("objects")
    return Cue(
        pos=pos,
        lemma=entry["lemma"],
        type=type_,
        mode=mode,
        source=source,
        target=target,
        symmetric=bool(entry.get("symmetric", False)),
        mode_from_goods=bool(entry.get("mode_from_goods", False) or entry.get("goods_required", False)),
        goods_required=bool(entry.get("goods_required", False)),
        target_required=entry.get("target_required"),
        particle=entry.get("particle"),
        objects=tuple(objects) if objects is not None else None,
        objects_are_actors=bool(entry.get("objects_are_actors", False)),
        objects_not=tuple(entry.get("objects_not", ())),
        modifiers=tuple(entry.get("modifiers", ())),
        light=tuple(entry.get("light", ())),
        mode_by_modifier=dict(entry.get("mode_by_modifier", {})),
        outer=bool(entry.get("outer", False)),
        outer_suppresses=bool(entry.get("outer_suppresses", False)),
        reacts=bool(entry.get("reacts", False)),
        concludes=bool(entry.get("concludes", False)),
        subject_is_actor=bool(entry.get("subject_is_actor", False)),
        complements=tuple(entry.get("complements", ())),
        subject_sectors=tuple(entry.get("subject_sectors", ())),
        target_kinds=tuple(entry.get("target_kinds", ())),
        subject_official=bool(entry.get("subject_official", False)),
        asks_act=bool(entry.get("asks_act", False)),
    )


def _anaphora(table: dict[str, list[str]]) -> dict[str, frozenset[str]]:
    for noun, kinds in table.items():
        bad = [k for k in kinds if k != "any" and k not in PLOVER_TYPES]
        if bad:
            valid = ", ".join(PLOVER_TYPES)
            raise ConfigError(f"event_cues.toml [anaphora] {noun!r}: unknown types {bad}; valid: any, {valid}")
    return {noun: frozenset(kinds) for noun, kinds in table.items()}


@cache
def lexicon() -> Lexicon:
    data = _read("event_cues.toml")
    codebook = _read(CODEBOOK)
    types = plover().types
    defaults = data["defaults"]
    cues: dict[tuple[str, str], list[Cue]] = {}
    for pos in POS_KINDS:
        for entry in [*data.get(pos, []), *({**e, "_file": CODEBOOK} for e in codebook.get(pos, []))]:
            cue = _cue(pos, entry, defaults, types)
            cues.setdefault((pos, cue.lemma), []).append(cue)
    goods: dict[str, tuple[str, str | None]] = {}
    for lemma, code in data["goods"].items():
        type_, _, mode = code.partition(":")
        if type_ not in types or not types[type_].allows(mode or None):
            raise ConfigError(f"event_cues.toml [goods] {lemma!r}: bad code {code!r}")
        goods[lemma] = (type_, mode or None)
    mod, pol = data["modality"], data["polarity"]
    return Lexicon(
        cues={k: tuple(v) for k, v in cues.items()},
        goods=goods,
        money=frozenset(data["goods_money"]["words"]),
        light_verbs=frozenset(defaults["light_verbs"]),
        topic_preps=frozenset(defaults["topic_preps"]),
        dyad_nouns=frozenset(defaults["dyad_nouns"]),
        anaphora=_anaphora(data["anaphora"]),
        calm_nouns=frozenset(defaults["calm_nouns"]),
        domestic_types=frozenset(defaults["domestic_types"]),
        targetless_types=frozenset(defaults["targetless_types"]),
        one_sided_types=frozenset(defaults["one_sided_types"]),
        society_types=frozenset(defaults["society_types"]),
        place_types=frozenset(defaults["place_types"]),
        intended_aux=frozenset(mod["intended_aux"]),
        intended_heads=frozenset(mod["intended_heads"]),
        intended_nouns=frozenset(mod["intended_nouns"]),
        hypothetical_aux=frozenset(mod["hypothetical_aux"]),
        hypothetical_adverbs=frozenset(mod["hypothetical_adverbs"]),
        hypothetical_nouns=frozenset(mod["hypothetical_nouns"]),
        hypothetical_marks=frozenset(mod["hypothetical_marks"]),
        negators=frozenset(pol["negators"]),
        negative_determiners=frozenset(pol["negative_determiners"]),
        refusal_heads=frozenset(pol["refusal_heads"]),
        intended_as=_type_map(data["intent"]["intended"], "intended"),
        refused_as=_type_map(data["intent"]["refused"], "refused"),
        intended_modes=dict(data["intent"].get("modes", {})),
    )


def _type_map(table: dict[str, str], name: str) -> dict[str, str]:
    bad = [f"{k} = {v}" for k, v in table.items() if k not in PLOVER_TYPES or v not in PLOVER_TYPES]
    if bad:
        raise ConfigError(f"event_cues.toml [intent.{name}]: unknown types in {bad}; valid: {', '.join(PLOVER_TYPES)}")
    return dict(table)
