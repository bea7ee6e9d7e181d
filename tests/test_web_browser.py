"""The web UI and the HTML report in a real browser (Playwright + Debian chromium).

The server is `newsgraph serve`'s app run by uvicorn in a thread on
127.0.0.1.  Screenshots of each step go to tests/screenshots/ (gitignored)
so a person can look at what the tests saw.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from webcorpus import XSS, build

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
SHOTS = Path(__file__).parent / "screenshots"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="no chromium installed (apt-get install chromium) — browser tests skipped"),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build(tmp_path_factory.mktemp("web") / "corpus.duckdb")


@pytest.fixture(scope="module")
def server(db):
    import uvicorn

    from newsgraph.api import create_app

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.problems = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.problems.append(f"page error: {e}"))  # type: ignore[attr-defined]
    pg.on("console", lambda m: m.type == "error" and pg.problems.append(f"console: {m.text}"))  # type: ignore[attr-defined]
    yield pg
    context.close()


def shot(page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_graph_to_timeline_to_events_to_document(server, page):
    page.goto(f"{server}/#/network")
    page.wait_for_selector("svg.network g.node")
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
    page.goto(out.as_uri() + "#/network")
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
