"""Options: packaged defaults, partial override files, --set pairs and clear errors."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
import tomllib
from dataclasses import fields

import pytest
from pydantic import ValidationError

from newsgraph.config import Options, apply, default_options, load_options
from newsgraph.errors import ConfigError


def test_the_packaged_file_is_the_one_source_of_defaults():
    # The dataclasses declare types and ranges only: a default in code could drift from the file users read.
    from importlib import resources

    for section in fields(Options):
        for key in fields(getattr(default_options(), section.name)):
            assert key.default is dataclasses.MISSING and key.default_factory is dataclasses.MISSING, key.name
    packaged = tomllib.loads(resources.files("newsgraph.data").joinpath("default_config.toml").read_text("utf-8"))
    assert packaged == default_options().to_dict()
    with pytest.raises(ValidationError, match="Field required"):
        Options()  # type: ignore[call-arg]


def test_partial_override_file_changes_only_its_keys(tmp_path):
    path = tmp_path / "my.toml"
    path.write_text('[nlp]\nbatch_size = 4\n\n[store]\npath = "x.duckdb"\n')
    options = load_options(path)
    assert options.nlp.batch_size == 4
    assert options.store.path == "x.duckdb"
    assert options.nlp.model == default_options().nlp.model
    assert options.ingest == default_options().ingest


@pytest.mark.parametrize(
    ("pair", "section", "key", "value"),
    [
        ("run.workers=3", "run", "workers", 3),
        ("nlp.model=en_core_web_md", "nlp", "model", "en_core_web_md"),  # a bare word is a string
        ('store.path="a b.duckdb"', "store", "path", "a b.duckdb"),
        ("ingest.min_english_ratio=0.2", "ingest", "min_english_ratio", 0.2),
        ("ingest.min_english_ratio=1", "ingest", "min_english_ratio", 1.0),  # ints widen to floats
        ('ingest.suffixes=[".txt"]', "ingest", "suffixes", (".txt",)),
        ("relations.period=month", "relations", "period", "month"),
    ],
)
def test_set_pairs(pair, section, key, value):
    assert getattr(getattr(load_options(overrides=[pair]), section), key) == value


def test_set_wins_over_file(tmp_path):
    path = tmp_path / "my.toml"
    path.write_text("[run]\nworkers = 2\n")
    assert load_options(path, ["run.workers=5"]).run.workers == 5


@pytest.mark.parametrize(
    ("pair", "message"),
    [
        ("nlp.modle=x", "unknown key nlp.modle (did you mean nlp.model?); valid keys: model, "),
        ("nlpp.model=x", "unknown config section [nlpp] (did you mean [nlp]?); valid sections: nlp, "),
        ("nope.key=1", "unknown config section [nope]; valid sections: nlp, ingest, "),
        ("run.workers=many", "run.workers must be a whole number; got 'many'"),
        ("run.workers=true", "run.workers must be a whole number; got True"),
        ("run.workers=0", "run.workers must be between 1 and 256; got 0"),
        ("nlp.max_chars=-1", "nlp.max_chars must be between 100 and 10,000,000; got -1"),
        ("ingest.min_english_ratio=1.5", "ingest.min_english_ratio must be between 0.0 and 1.0; got 1.5"),
        ("ingest.suffixes=[]", "ingest.suffixes must not be empty"),
        ('ingest.suffixes=["txt"]', "ingest.suffixes entries must look like '.txt'; got 'txt'"),
        ("nlp.fast_components=1", "nlp.fast_components must be true or false; got 1"),
        ("relations.period=week", "one of year, quarter or month"),
        ("no-equals-sign", "section.key=value"),
        ("nodot=1", "section.key=value"),
        (".x=1", "section.key=value"),
    ],
)
def test_bad_values_name_the_key_and_valid_values(pair, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_options(overrides=[pair])


def test_rules_across_keys():
    with pytest.raises(ConfigError, match=re.escape("ingest.min_chars (5,000) is above nlp.max_chars (1,000)")):
        load_options(overrides=["nlp.max_chars=1000", "ingest.min_chars=5000"])


def test_unknown_key_in_file_lists_valid_keys(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[ingest]\nmax_size = 3\n")
    with pytest.raises(ConfigError) as info:
        load_options(path)
    for key in (f.name for f in fields(default_options().ingest)):
        assert key in str(info.value)


def test_unreadable_and_invalid_files(tmp_path):
    with pytest.raises(ConfigError, match="cannot read config file"):
        load_options(tmp_path / "missing.toml")
    with pytest.raises(ConfigError, match="cannot read config file"):
        load_options(tmp_path)  # a folder
    bad = tmp_path / "bad.toml"
    bad.write_text("[nlp\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_options(bad)
    bad.write_bytes(b"[nlp]\nmodel = '\xff\xfe'\n")
    with pytest.raises(ConfigError, match="is not UTF-8 text"):
        load_options(bad)
    bad.write_text("nlp = 3\n")
    with pytest.raises(ConfigError, match=r"config section \[nlp\] must be a table"):
        load_options(bad)


def test_options_serialise_and_reload(tmp_path):
    options = apply(default_options(), {"run": {"workers": 2}, "ingest": {"suffixes": [".txt"]}})
    assert json.loads(options.to_json())["run"]["workers"] == 2
    path = tmp_path / "round.toml"
    path.write_text(options.to_toml())
    assert load_options(path) == options


def test_config_show_cli(tmp_path):
    from typer.testing import CliRunner

    from newsgraph.cli import app

    runner = CliRunner()
    shown = runner.invoke(app, ["config", "show"])
    assert shown.exit_code == 0, shown.output
    assert tomllib.loads(shown.stdout) == default_options().to_dict()
    path = tmp_path / "my.toml"
    path.write_text("[run]\nworkers = 2\n")
    shown = runner.invoke(app, ["config", "show", "--json", "--config", str(path), "--set", "nlp.batch_size=3"])
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.stdout)
    assert (data["run"]["workers"], data["nlp"]["batch_size"]) == (2, 3)


def test_config_show_unknown_key_exits_2_with_valid_keys():
    done = subprocess.run(
        [sys.executable, "-m", "newsgraph.cli", "config", "show", "--set", "run.wrokers=2"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "unknown key run.wrokers" in done.stderr
    assert all(f.name in done.stderr for f in fields(default_options().run))


@pytest.mark.parametrize(
    ("variable", "raw", "section", "key", "value"),
    [
        ("NEWSGRAPH_INGEST__DOC_TIMEOUT_S", "30", "ingest", "doc_timeout_s", 30.0),
        ("newsgraph_run__workers", "3", "run", "workers", 3),  # any case
        ("NEWSGRAPH_NLP__MODEL", "en_core_web_md", "nlp", "model", "en_core_web_md"),  # a bare word is a string
        ("NEWSGRAPH_INGEST__SUFFIXES", '[".txt", ".md"]', "ingest", "suffixes", (".txt", ".md")),
        ("NEWSGRAPH_NLP__FAST_COMPONENTS", "false", "nlp", "fast_components", False),
    ],
)
def test_environment_overrides(variable, raw, section, key, value):
    options = load_options(environ={variable: raw})
    assert getattr(getattr(options, section), key) == value
    assert options == apply(default_options(), {section: {key: value}})  # nothing else moved


def test_environment_sits_between_the_file_and_set(tmp_path, monkeypatch):
    path = tmp_path / "my.toml"
    path.write_text("[run]\nworkers = 2\ncommit_every = 7\n")
    env = {"NEWSGRAPH_RUN__WORKERS": "4"}
    assert load_options(path, environ=env).run.workers == 4  # the variable wins over the file
    assert load_options(path, environ=env).run.commit_every == 7
    assert load_options(path, ["run.workers=5"], environ=env).run.workers == 5  # --set wins over the variable
    monkeypatch.setenv("NEWSGRAPH_RUN__COMMIT_EVERY", "9")  # the process environment by default
    assert load_options().run.commit_every == 9


def test_other_newsgraph_variables_are_not_config():
    env = {"NEWSGRAPH_DB": "x.duckdb", "NEWSGRAPH_TOKEN": "secret", "PATH": "/bin"}
    assert load_options(environ=env) == default_options()


@pytest.mark.parametrize(
    ("variable", "raw", "message"),
    [
        ("NEWSGRAPH_INGEST__DOC_TIMEOUT", "30", "NEWSGRAPH_INGEST__DOC_TIMEOUT: unknown key ingest.doc_timeout"),
        ("NEWSGRAPH_RUN__WORKERS", "lots", "NEWSGRAPH_RUN__WORKERS: run.workers must be a whole number"),
        ("NEWSGRAPH_RUN__WORKERS", "0", "run.workers must be between 1 and 256"),
        ("NEWSGRAPH_RUNS__WORKERS", "2", r"unknown config section \[runs\]"),
        ("NEWSGRAPH___WORKERS", "2", "expected NEWSGRAPH_<SECTION>__<KEY>"),
    ],
)
def test_environment_mistakes_name_the_variable(variable, raw, message):
    with pytest.raises(ConfigError, match=message):
        load_options(environ={variable: raw})


def test_config_show_reads_the_environment():
    done = subprocess.run(
        [sys.executable, "-m", "newsgraph.cli", "config", "show", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NEWSGRAPH_INGEST__DOC_TIMEOUT_S": "30"},
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["ingest"]["doc_timeout_s"] == 30.0
    bad = subprocess.run(
        [sys.executable, "-m", "newsgraph.cli", "config", "show"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NEWSGRAPH_RUN__WORKERS": "lots"},
    )
    assert bad.returncode == 2
    assert "NEWSGRAPH_RUN__WORKERS" in bad.stderr and "Traceback" not in bad.stderr
