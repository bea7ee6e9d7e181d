"""The web UI and the HTML report in a real browser (Playwright + Debian chromium).

The server is `newsgraph serve`'s app run by uvicorn in a thread on
127.0.0.1.  Screenshots of each step go to tests/screenshots/ (gitignored)
so a person can look at what the tests saw.
"""

from __future__ import annotations

import pytest

from webcorpus import XSS, build
from webserve import CHROMIUM, NO_CHROMIUM, chromium, new_page, serving, shot

pytestmark = [pytest.mark.browser, pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build(tmp_path_factory.mktemp("web") / "corpus.duckdb")


@pytest.fixture(scope="module")
def server(db):
    with serving(db) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser):
    with new_page(browser) as pg:
        yield pg


def test_graph_to_timeline_to_events_to_document(server, page):
    page.goto(f"{server}/#/network")
    page.wait_for_selector("svg.network g.node")
    assert page.locator("svg.network g.node").count() == 3  # states by default: Chile, Norway, Peru
    page.goto(f"{server}/#/network?level=actor")
    page.wait_for_selector("svg.network g.node[data-id='person:ola-berg']")
    assert page.locator("svg.network g.node").count() == 5
    shot(page, "1-network")

    page.locator('svg.network g.edge[data-pair="CHL|NOR"]').click()
    page.wait_for_selector("svg.timeline g.period")
    assert "#/relations/CHL/NOR" in page.url
    assert page.locator("h1").inner_text() == "Chile – Norway"
    assert "without a date" in page.locator("ul.notes").inner_text()
    shot(page, "2-timeline")

    page.locator('svg.timeline g.period[data-period="2022"]').click()
    events = page.locator("#period-events li.event")
    events.first.wait_for()
    assert events.count() == 3
    listed = page.locator("#period-events").inner_text()
    assert "Chile accused Norway of overfishing in March 2022." in listed
    assert "did not happen" in listed  # the negative event is shown apart, not as conflict
    shot(page, "3-events")

    events.first.locator("a.open-doc").click()
    page.wait_for_selector(".doc-text")
    assert page.locator("h1.doc-title").inner_text() == "Fishing dispute sours ties"
    focused = "".join(page.locator(".doc-text .focus").all_inner_texts())  # cut into pieces by the mentions inside
    assert focused == "Chile accused Norway of overfishing in March 2022."
    assert page.locator(".doc-text .mention").count() >= 2
    assert page.locator(".doc-text .event").count() >= 4
    shot(page, "4-document")
    assert page.problems == []  # type: ignore[attr-defined]


def test_claims_board_shows_contested_first_with_holders(server, page):
    page.goto(f"{server}/#/claims")
    page.wait_for_selector("article.claim")
    first = page.locator("article.claim").first
    assert "contested" in first.get_attribute("class")
    text = first.inner_text()
    assert "Peru supplies weapons to Chile" in text
    for expected in ("asserts", "denies", "reports", "Andes Daily", "Peru's defence ministry denied"):
        assert expected in text
    shot(page, "5-claims")
    assert page.problems == []  # type: ignore[attr-defined]


def test_article_markup_renders_inert(server, page, db):
    from newsgraph.store import Store

    with Store(db, read_only=True) as store:
        doc = next(d for d in store.documents() if d.title and d.title.endswith(XSS))
    for fragment in (f"#/document/{doc.id}", "#/claims", "#/search?q=window", "#/overview", f"#/actor/{'PER'}"):
        page.goto("about:blank")  # a full load for each view, not a hash change
        page.goto(f"{server}/{fragment}")
        page.wait_for_selector("main[aria-busy=false]")
        assert page.evaluate("window.__xss") is None, fragment
        assert page.locator("main img").count() == 0, fragment  # the <img onerror> never became an element
        assert page.locator("main script").count() == 0, fragment
    page.goto(f"{server}/#/document/{doc.id}")
    page.wait_for_selector(".doc-text")
    assert XSS in page.locator(".doc-text").inner_text()  # shown as the characters it is
    assert page.locator("h1.doc-title").inner_text().endswith(XSS)
    shot(page, "6-inert-markup")
    assert page.problems == []  # type: ignore[attr-defined]


def test_report_works_offline(db, tmp_path, page):
    from newsgraph.export.report import write_report
    from newsgraph.store import Store

    out = tmp_path / "report.html"
    with Store(db, read_only=True) as store:
        write_report(store, out)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(out.as_uri())
    page.wait_for_selector(".cards")
    page.goto(out.as_uri() + "#/network?level=actor")
    page.locator('svg.network g.edge[data-pair="CHL|NOR"]').click()
    page.locator('svg.timeline g.period[data-period="2021"]').click()
    page.locator("#period-events li.event").first.wait_for()
    assert "Norwegian Foreign Minister Ola Berg visited Santiago" in page.locator("#period-events").inner_text()
    page.locator("#period-events a.open-doc").first.click()
    page.wait_for_selector(".doc-text .focus")
    shot(page, "7-report-document")
    assert page.evaluate("window.__xss") is None
    assert all(u.startswith(("file:", "data:")) for u in requests), requests
    assert page.problems == []  # type: ignore[attr-defined]
