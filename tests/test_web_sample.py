"""The web UI over real extractions: the bundled sample corpus and the seeds.

Each module-scoped store is built by the real pipeline (spaCy model and all),
served read-only on 127.0.0.1, and clicked through in headless Chromium the
way a reader would: network → dyad timeline → one period's events → the
document with the evidence highlighted, and the claims board.  Screenshots go
to tests/screenshots/ (sample-*.png, seeds-timeline.png) for a person to look
at; the assertions check that what they show is really there.
"""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path

import pytest

from webserve import CHROMIUM, NO_CHROMIUM, chromium, new_page, serving, shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.model,
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM),
]

PAIR_EDGE = 'svg.network g.edge[data-pair="{a}|{b}"], svg.network g.edge[data-pair="{b}|{a}"]'


def _ingest(paths: list[Path], db: Path, nlp, metadata: Path | None = None) -> Path:
    """Run the real ingest into ``db`` (``nlp`` is asked for only so the model
    is loaded once per session and shared with the other model tests)."""
    from newsgraph.config import default_options
    from newsgraph.pipeline import ingest
    from newsgraph.store import Store

    with Store(db) as store:
        report = ingest(paths, default_options(), store=store, metadata=metadata)
    assert report.ingested and not report.skipped, report.counts()
    return db


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser):
    with new_page(browser) as pg:
        yield pg


# --------------------------------------------------------------- samples


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory, samples_dir, nlp):
    corpus = samples_dir / "corpus"
    return _ingest([corpus], tmp_path_factory.mktemp("sample") / "sample.duckdb", nlp, corpus / "metadata.csv")


@pytest.fixture(scope="module")
def sample_server(sample_db):
    with serving(sample_db) as url:
        yield url


def _node_names(page) -> list[str]:
    return [
        label.split(" (")[0]
        for label in page.locator("svg.network g.node").evaluate_all(
            "els => els.map(e => e.getAttribute('aria-label'))"
        )
    ]


def test_sample_graph_timeline_events_document(sample_server, page):
    page.goto(f"{sample_server}/#/network")
    page.wait_for_selector("svg.network g.node")
    names = _node_names(page)
    for state in ("Pakistan", "Russia", "India", "Ukraine", "China", "United States"):
        assert state in names
    assert page.locator("h1").inner_text() == "Network of states"  # states by default
    assert all(
        k == "state"
        for k in page.locator("svg.network g.node").evaluate_all(
            "els => els.map(e => e.getAttribute('aria-label').match(/\\((\\w+)\\)$/)[1])"
        )
    )
    shot(page, "sample-1-network")

    # by keyboard, as a reader without a mouse would: where edges cross, a
    # click at this edge's midpoint may land on another one
    page.locator(PAIR_EDGE.format(a="PAK", b="RUS")).first.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("svg.timeline g.period")
    assert re.search(r"#/relations/(PAK/RUS|RUS/PAK)", page.url)
    assert set(page.locator("h1").inner_text().split(" – ")) == {"Pakistan", "Russia"}
    ticks = page.locator("svg.timeline text.tick").all_text_contents()  # SVG text has no innerText
    assert "0" in ticks and any(t.startswith("+") for t in ticks) and any(t.startswith("\u2212") for t in ticks)
    assert page.locator("svg.timeline .axis-title").all_text_contents() == ["cooperation (+)", "conflict (\u2212)"]
    assert page.locator("svg.timeline .bar.coop").count() >= 2
    page.mouse.move(0, 0)  # no hover highlight in the picture
    shot(page, "sample-2-timeline")

    page.locator('svg.timeline g.period[data-period="2021"]').click()
    events = page.locator("#period-events li.event")
    events.first.wait_for()
    assert page.locator("#period-events h2").inner_text() == "Events in 2021"
    assert 'period="2021"' in page.locator("svg.timeline g.period.selected").evaluate("e => e.outerHTML")
    listed = page.locator("#period-events").inner_text()
    assert "Lavrov" in listed and "Islamabad" in listed
    evidence = events.locator("blockquote.evidence").all_inner_texts()
    assert len(evidence) == events.count() and all(len(t) > 20 for t in evidence)
    dates = events.locator(".event-head .muted").all_inner_texts()
    assert all("2021" in d for d in dates), dates  # placed by the event's own date
    shot(page, "sample-3-events")

    first_evidence = evidence[0]
    events.first.locator("a.open-doc").click()
    page.wait_for_selector(".doc-text .focus")
    focused = "".join(page.locator(".doc-text .focus").all_inner_texts())  # cut into pieces by the spans inside
    assert focused.strip() == first_evidence  # the card shows the evidence trimmed
    assert page.locator(".doc-text .mention").count() >= 5
    assert page.locator(".doc-text .event").count() >= 3
    assert page.locator(".details h2").first.inner_text() == "The passage you opened"
    assert first_evidence in page.locator(".details li.event").first.inner_text()
    assert page.locator(".doc-text .focus").first.is_visible()
    shot(page, "sample-4-document", full_page=False)  # the viewport, scrolled to the passage
    assert page.problems == []


def test_sample_network_kinds_and_labels(sample_server, page):
    page.goto(f"{sample_server}/#/network?level=actor")
    page.wait_for_selector("svg.network g.node")
    nodes = page.locator("svg.network g.node")
    total = nodes.count()
    assert total > 24
    assert page.locator("svg.network g.node:not(.minor)").count() == 24  # only the busiest carry a standing label
    visible_labels = [t for t in page.locator("svg.network .label").all() if t.is_visible()]
    assert len(visible_labels) == 24
    assert any("(person)" in (n.get_attribute("aria-label") or "") for n in nodes.all())
    page.locator('fieldset.kinds input[value="person"]').uncheck()
    page.wait_for_url(re.compile(r"kinds="))
    page.wait_for_selector("main[aria-busy=false]")
    page.wait_for_selector("svg.network g.node")
    kinds = page.locator("svg.network g.node").evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
    assert kinds and not any(k.endswith("(person)") for k in kinds)
    assert not page.locator('fieldset.kinds input[value="person"]').is_checked()
    assert page.problems == []


def test_sample_claims_board(sample_server, page):
    page.set_viewport_size({"width": 1280, "height": 1400})
    page.goto(f"{sample_server}/#/claims")
    page.wait_for_selector("article.claim")
    claims = page.locator("article.claim")
    assert claims.count() >= 5
    first = claims.first
    assert "contested" in (first.get_attribute("class") or "")
    text = first.inner_text()
    assert "asserts" in text and "denies" in text
    assert first.locator("blockquote.evidence").count() >= 2
    board = page.locator("main").inner_text()
    assert "Pakistan" in board and "Ukraine" in board
    shot(page, "sample-5-claims", full_page=False)

    # a stance's link opens the document at its evidence
    link = first.locator("li.stance a[href^='#/document/']").first
    quoted = first.locator("li.stance blockquote.evidence").first.inner_text()
    link.click()
    page.wait_for_selector(".doc-text .focus")
    assert "".join(page.locator(".doc-text .focus").all_inner_texts()).strip() == quoted
    assert page.problems == []


# ----------------------------------------------------------------- seeds


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory, seeds_dir, nlp):
    return _ingest([seeds_dir], tmp_path_factory.mktemp("seeds") / "seeds.duckdb", nlp)


def test_seeds_pak_rus_by_year_drills_down_to_evidence(seeds_db, browser):
    from typer.testing import CliRunner

    from newsgraph.cli import app

    result = CliRunner().invoke(app, ["relations", "PAK", "RUS", "--by", "year", "--json", "--db", str(seeds_db)])
    assert result.exit_code == 0, result.output
    series = json.loads(result.stdout)
    busy = [p for p in series["periods"] if p["events"]]
    assert len({p["period"] for p in busy}) >= 3, series["periods"]

    with serving(seeds_db) as url, new_page(browser) as page:
        # "the events' own dates": a year counts only if some event in it is
        # dated from the text (explicit or relative), not from the publication date
        with urllib.request.urlopen(f"{url}/api/events?pair=PAK,RUS&limit=500", timeout=60) as response:
            listed = json.load(response)["items"]
        own = {
            e["date"]["value"][:4]
            for e in listed
            if e["counted"] and e["date"] and e["date"]["basis"] in ("explicit", "relative")
        }
        assert len(own & {p["period"] for p in busy}) >= 3, sorted(own)

        page.goto(f"{url}/#/relations/PAK/RUS?by=year")
        page.wait_for_selector("svg.timeline g.period")
        drawn = page.locator("svg.timeline g.period").evaluate_all("els => els.map(e => e.dataset.period)")
        assert drawn == [p["period"] for p in series["periods"]]  # the UI and the CLI agree
        for p in series["periods"]:
            if not (p["events"] or p["set_apart"]):
                continue
            page.locator(f'svg.timeline g.period[data-period="{p["period"]}"]').click()
            page.wait_for_function(
                "p => document.querySelector('#period-events h2')?.textContent === 'Events in ' + p", arg=p["period"]
            )
            events = page.locator("#period-events li.event")
            assert events.count() == p["events"] + p["set_apart"], p["period"]
            assert page.locator("#period-events li.event .chip.happened").count() == p["events"]
            for item in events.all():
                assert len(item.locator("blockquote.evidence").inner_text()) > 10
                assert p["period"] in item.locator(".event-head .muted").inner_text()  # the event's own date
        shot(page, "seeds-timeline")
        assert page.problems == []
