"""Options: the one object that carries configuration through newsgraph.

Defaults live in one place, ``data/default_config.toml``: the dataclasses
below declare each key's type and allowed range but no value, so a key
without a default there fails at start-up instead of silently taking a
second, different default from code.  On top of the defaults, in order, each
overriding the one before (``load_options``):

1. a user config file (``--config FILE``): any subset of sections and keys;
2. environment variables ``NEWSGRAPH_<SECTION>__<KEY>`` (two underscores
   between section and key, any case): ``NEWSGRAPH_INGEST__DOC_TIMEOUT_S=30``,
   ``NEWSGRAPH_NLP__MODEL=en_core_web_md``; the value is read as a TOML value,
   or as a string when it is a bare word, like ``--set``;
3. ``--set section.key=value`` pairs.

Every run stores the options in force.  Each section is a frozen dataclass
validated by pydantic, and whatever a file, a variable or ``--set`` gives is
checked against it.  Every mistake is a ``ConfigError`` of one sentence that
names the key (and the variable) and what it accepts -- an unknown key lists
the valid ones, a value out of range gives the range -- whatever the input: a
file that is not UTF-8 or not TOML, a value of the wrong type.
"""

from __future__ import annotations

import difflib
import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import fields, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal, get_type_hints

from pydantic import ConfigDict, Field, Strict, ValidationError
from pydantic.dataclasses import dataclass

from newsgraph.errors import ConfigError

_SECTION = ConfigDict(extra="forbid")
Int = Annotated[int, Strict()]  # True is not 1 and "3" is not 3 here
Bool = Annotated[bool, Strict()]
Float = Annotated[float, Strict()]  # an integer is accepted and widened
Name = Annotated[str, Field(min_length=1, max_length=500)]


@dataclass(frozen=True, config=_SECTION)
class NlpOptions:
    model: Name
    batch_size: Annotated[Int, Field(ge=1, le=1024)]
    max_chars: Annotated[Int, Field(ge=100, le=10_000_000)]
    fast_components: Bool
    # spaCy components of your own, each "module:component", run after newsgraph's
    extra_components: tuple[Annotated[str, Field(pattern=r"^[^:]+:[^:]+$")], ...]
    max_sentence_tokens: Annotated[Int, Field(ge=10, le=100_000)]
    max_token_chars: Annotated[Int, Field(ge=10, le=1_000_000)]


@dataclass(frozen=True, config=_SECTION)
class IngestOptions:
    max_bytes: Annotated[Int, Field(ge=1, le=10_000_000_000)]
    min_chars: Annotated[Int, Field(ge=1, le=100_000)]
    min_english_ratio: Annotated[Float, Field(ge=0.0, le=1.0)]
    doc_timeout_s: Annotated[Float, Field(ge=0.01, le=86_400)]
    read_timeout_s: Annotated[Float, Field(ge=0.01, le=86_400)]
    suffixes: Annotated[tuple[Annotated[str, Field(pattern=r"^\.[^/\\]{1,20}$")], ...], Field(min_length=1)]


@dataclass(frozen=True, config=_SECTION)
class StoreOptions:
    path: Annotated[str, Field(min_length=1)]


@dataclass(frozen=True, config=_SECTION)
class RunOptions:
    workers: Annotated[Int, Field(ge=1, le=256)]
    commit_every: Annotated[Int, Field(ge=1, le=100_000)]
    in_process: Bool
    embed_claims_ahead: Bool


@dataclass(frozen=True, config=_SECTION)
class RelationOptions:
    period: Literal["year", "quarter", "month"]


@dataclass(frozen=True, config=_SECTION)
class EventOptions:
    root14_quad: Literal[3, 4]


@dataclass(frozen=True, config=_SECTION)
class Options:
    nlp: NlpOptions
    ingest: IngestOptions
    store: StoreOptions
    run: RunOptions
    relations: RelationOptions
    events: EventOptions

    def to_dict(self) -> dict[str, dict[str, Any]]:
        return {
            f.name: {k.name: _plain(getattr(getattr(self, f.name), k.name)) for k in fields(getattr(self, f.name))}
            for f in fields(self)
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True)

    def to_toml(self) -> str:
        lines: list[str] = []
        for section, values in self.to_dict().items():
            lines.append(f"[{section}]")
            for key, value in values.items():
                lines.append(f"{key} = {json.dumps(value)}")
            lines.append("")
        return "\n".join(lines)


def _section_classes() -> dict[str, Any]:
    """Each section's name and dataclass, as ``Options`` declares them."""
    hints = get_type_hints(Options)
    return {f.name: hints[f.name] for f in fields(Options)}


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


ENV_PREFIX = "NEWSGRAPH_"
_ENV_SEPARATOR = "__"


@lru_cache(maxsize=1)
def default_options() -> Options:
    """The packaged defaults (``data/default_config.toml``), every key given there."""
    text = resources.files("newsgraph.data").joinpath("default_config.toml").read_text("utf-8")
    data = tomllib.loads(text)
    sections = {}
    for name, cls in _section_classes().items():
        try:
            sections[name] = cls(**data.get(name, {}))
        except ValidationError as exc:  # a key the packaged file lacks: newsgraph's own mistake
            raise ConfigError(f"the packaged default_config.toml is incomplete: {_sentence(name, exc)}") from None
    return apply(Options(**sections), data)


def load_options(
    config_file: str | Path | None = None,
    overrides: list[str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Options:
    """Defaults, then a partial TOML file, then ``NEWSGRAPH_SECTION__KEY``
    variables (from ``environ``, the process environment by default), then
    ``section.key=value`` pairs."""
    options = default_options()
    if config_file is not None:
        options = apply(options, _read_file(Path(config_file)))
    for variable, data in environment_overrides(os.environ if environ is None else environ):
        try:
            options = apply(options, data)
        except ConfigError as exc:
            raise ConfigError(f"environment variable {variable}: {exc}") from None
    for pair in overrides or []:
        options = apply(options, _parse_pair(pair))
    return options


def environment_overrides(environ: Mapping[str, str]) -> list[tuple[str, dict[str, dict[str, Any]]]]:
    """The config overrides among ``environ``'s variables, sorted by name: each
    ``NEWSGRAPH_<SECTION>__<KEY>`` as (variable, {section: {key: value}}).
    Other ``NEWSGRAPH_`` variables (``NEWSGRAPH_DB``, ``NEWSGRAPH_TOKEN``) are
    options of single commands and are left alone."""
    found = []
    for variable in sorted(environ):
        if not variable.upper().startswith(ENV_PREFIX) or _ENV_SEPARATOR not in variable[len(ENV_PREFIX) :]:
            continue
        section, _, key = variable[len(ENV_PREFIX) :].lower().partition(_ENV_SEPARATOR)
        if not section or not key:
            raise ConfigError(f"environment variable {variable}: expected {ENV_PREFIX}<SECTION>__<KEY>")
        found.append((variable, {section: {key: _value(environ[variable])}}))
    return found


def _read_file(path: Path) -> dict[str, Any]:
    from newsgraph.terminal import shown

    name = shown(path, line=True)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read config file {name}: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"config file {name} is not UTF-8 text (bad byte at offset {exc.start}); "
            "a config file is TOML, as printed by 'newsgraph config show'"
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {name} is not valid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(f"config file {name} is not valid TOML: nested too deeply") from None


def _parse_pair(pair: str) -> dict[str, dict[str, Any]]:
    key, sep, raw = pair.partition("=")
    section, dot, name = key.strip().partition(".")
    if not sep or not dot or not section or not name:
        raise ConfigError(f"--set expects section.key=value, got {pair!r}")
    return {section: {name: _value(raw)}}


def _value(raw: str) -> Any:
    """A TOML value, or the text itself when it is not one (a bare word is a string)."""
    try:
        return tomllib.loads(f"v = {raw.strip()}")["v"]
    except (tomllib.TOMLDecodeError, RecursionError, KeyError):
        return raw.strip()


def apply(options: Options, data: dict[str, Any]) -> Options:
    """Return ``options`` with the sections and keys in ``data`` replaced, validated."""
    sections = {f.name: f for f in fields(options)}
    for section, values in data.items():
        if section not in sections:
            close = difflib.get_close_matches(section, sections, n=1)
            hint = f" (did you mean [{close[0]}]?)" if close else ""
            raise ConfigError(f"unknown config section [{section}]{hint}; valid sections: {', '.join(sections)}")
        if not isinstance(values, dict):
            raise ConfigError(f"config section [{section}] must be a table of keys, like [{section}] in a TOML file")
        current = getattr(options, section)
        valid = [f.name for f in fields(current)]
        for key in values:
            if key not in valid:
                close = difflib.get_close_matches(key, valid, n=1)
                hint = f" (did you mean {section}.{close[0]}?)" if close else ""
                raise ConfigError(f"unknown key {section}.{key}{hint}; valid keys: {', '.join(valid)}")
        try:
            options = replace(options, **{section: replace(current, **values)})
        except ValidationError as exc:
            raise ConfigError(_sentence(section, exc)) from None
    _validate(options)
    return options


def _sentence(section: str, exc: ValidationError) -> str:
    """The first problem pydantic found, as one sentence naming the key and what it accepts."""
    error = exc.errors(include_url=False)[0]
    loc = [str(p) for p in error["loc"]]
    key = f"{section}.{loc[0]}" if loc else section
    got = error.get("input")
    ctx = error.get("ctx") or {}
    kind = error["type"]
    if "ge" in ctx or "le" in ctx or "gt" in ctx or "lt" in ctx:
        low, high = _bounds(section, loc[0])
        return f"{key} must be between {low:,} and {high:,}; got {got!r}"
    if kind == "literal_error":
        return f"{key} must be one of {ctx.get('expected', '')}; got {got!r}".replace("'", "")
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"{key} must be a whole number; got {got!r}"
    if kind in ("float_type", "float_parsing"):
        return f"{key} must be a number; got {got!r}"
    if kind in ("bool_type", "bool_parsing"):
        return f"{key} must be true or false; got {got!r}"
    if kind == "string_pattern_mismatch":
        shape = "'module:component'" if key == "nlp.extra_components" else "'.txt'"
        return f"{key} entries must look like {shape}; got {got!r}"
    if kind in ("too_short", "too_long") and loc and len(loc) == 1:
        return f"{key} must not be empty" if kind == "too_short" else f"{key} is too long"
    return f"{key}: {error['msg'].lower()}; got {got!r}"


def _bounds(section: str, key: str) -> tuple[Any, Any]:
    """The range a numeric key accepts, read from its declaration."""
    from annotated_types import Ge, Le

    cls = _section_classes()[section]
    field = cls.__pydantic_fields__[key]
    low = next((m.ge for m in field.metadata if isinstance(m, Ge)), None)
    high = next((m.le for m in field.metadata if isinstance(m, Le)), None)
    return low, high


def _validate(options: Options) -> None:
    """Rules across keys."""
    if options.run.in_process and options.run.workers != 1:
        raise ConfigError(f"run.in_process needs run.workers = 1; got {options.run.workers} workers")
    if options.ingest.min_chars > options.nlp.max_chars:
        raise ConfigError(
            f"ingest.min_chars ({options.ingest.min_chars:,}) is above nlp.max_chars ({options.nlp.max_chars:,}): "
            "every document would be skipped"
        )
