"""`newsgraph report`: one self-contained, offline, inert HTML file."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from newsgraph.export.report import render_report, report_data
from newsgraph.store import Store
from webcorpus import XSS, build


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build(tmp_path_factory.mktemp("report") / "corpus.duckdb")


@pytest.fixture(scope="module")
def page(db):
    with Store(db, read_only=True) as store:
        return render_report(store)


def embedded(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="newsgraph-data">(.*?)</script>', page, re.S)
    assert match, "the data block is missing"
    return json.loads(match.group(1))


def test_report_is_one_file_with_no_external_references(page):
    assert page.startswith("<!doctype html>")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)  # nothing fetched from elsewhere
    assert "<link" not in page and "@import" not in page
    assert "connect-src 'none'" in page and "default-src 'none'" in page


def test_article_markup_is_data_not_html(page):
    # The payload may only appear escaped inside the JSON block.
    assert XSS not in page
    assert "<img src=x" not in page and "<script>window.__xss" not in page
    data = embedded(page)
    titles = [d["title"] for d in data["documents"]]
    assert any(t.endswith(XSS) for t in titles)  # intact once parsed


def test_report_carries_what_the_views_ask_for(db, page):
    data = embedded(page)
    assert data["summary"]["documents"] == 3
    assert set(data["details"]) == {d["id"] for d in data["documents"]}
    assert {"actor|", "state|", "actor|2021", "state|2022"} <= set(data["graphs"])
    assert "CHL|NOR|year" in data["dyads"] and "NOR|CHL|quarter" in data["dyads"]
    assert data["dyads"]["CHL|NOR|year"]["undated"] == 1
    assert [c["contested"] for c in data["claims"]] == [True, False]
    with Store(db, read_only=True) as store:
        assert report_data(store) == data  # deterministic


def test_cli_report_writes_the_file(db, tmp_path):
    from newsgraph.cli import app

    out = tmp_path / "sub" / "report.html"
    result = CliRunner().invoke(app, ["report", "--db", str(db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.is_file() and "self-contained" in result.output
    assert embedded(out.read_text("utf-8"))["summary"]["claims"] == 2
