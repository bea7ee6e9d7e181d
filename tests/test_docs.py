"""The docs cover what exists: every CLI command and option, every config key.

Written generically (after datasette's and sqlite-utils' ``test_docs.py``):
a command added to the Typer app, or a key added to ``Options``, fails here
until it is documented in docs/cli.md or docs/config.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
import typer.main

from newsgraph.cli import app
from newsgraph.config import Options, default_options

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _commands(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
    # typer ships its own copy of click, so groups are recognised by shape, not by class
    subcommands = getattr(command, "commands", None)
    if subcommands:
        for name, sub in sorted(subcommands.items()):
            yield from _commands(sub, (*path, name))
    else:
        yield " ".join(path), command


COMMANDS = dict(_commands(typer.main.get_command(app)))
KEYS = [
    f"{section.name}.{key.name}"
    for section in fields(Options)
    for key in fields(getattr(default_options(), section.name))
]


def _sections(text: str) -> dict[str, str]:
    """``## newsgraph NAME`` heading → the text up to the next such heading."""
    parts = re.split(r"^##\s+`?newsgraph\s+([a-z][a-z -]*?)`?\s*$", text, flags=re.MULTILINE)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts) - 1, 2)}


@pytest.fixture(scope="module")
def cli_sections() -> dict[str, str]:
    return _sections((DOCS / "cli.md").read_text("utf-8"))


def test_commands_were_found():
    assert {"ingest", "documents", "config show"} <= set(COMMANDS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_is_documented(cli_sections, name):
    assert name in cli_sections, f"docs/cli.md needs a '## newsgraph {name}' section"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_options_are_documented(cli_sections, name):
    section = cli_sections.get(name, "")
    flags = [
        max(param.opts, key=len)
        for param in COMMANDS[name].params
        if getattr(param, "param_type_name", "") == "option"
        and not getattr(param, "hidden", False)
        and "--help" not in param.opts
    ]
    missing = [flag for flag in flags if not re.search(re.escape(flag) + r"\b", section)]
    assert not missing, f"'## newsgraph {name}' in docs/cli.md does not mention {', '.join(missing)}"


def test_no_documented_command_is_gone(cli_sections):
    assert set(cli_sections) <= set(COMMANDS), "docs/cli.md documents commands the app no longer has"


@pytest.mark.parametrize("key", KEYS)
def test_config_key_is_documented(key):
    text = (DOCS / "config.md").read_text("utf-8")
    assert re.search(rf"`{re.escape(key)}`", text), f"docs/config.md does not document `{key}`"


def test_the_repository_stands_alone():
    """User-facing text never points outside the repository (data beside it is
    optional; only tests may read it, and they say so when they skip)."""
    root = DOCS.parent
    places = [root / "README.md", root / "pyproject.toml", root / "docs", root / "src", root / "samples"]
    offenders = []
    for place in places:
        for path in [place] if place.is_file() else sorted(place.rglob("*")):
            if not path.is_file() or "egg-info" in str(path) or path.suffix in (".pyc", ".duckdb"):
                continue
            text = path.read_text("utf-8", errors="replace")
            if "../shared" in text:
                offenders.append(str(path.relative_to(root)))
    assert not offenders, f"these point outside the repository (../shared): {offenders}"
