"""Document dates and time expressions on real text with the real model."""

from __future__ import annotations

import json

import pytest

from newsgraph.extraction import prepare
from newsgraph.ingest.normalize import make_document
from newsgraph.models import DateValue

pytestmark = pytest.mark.model


def read(nlp, text: str, source: str = "test.txt", published: DateValue | None = None):
    """Run the configured pipeline up to and including the dates component (later ones read its output)."""
    doc = prepare(nlp, make_document(text, source=source, published=published))
    for name, component in nlp.pipeline:
        doc = component(doc)
        if name == "newsgraph_dates":
            break
    return doc


def values(doc) -> dict[str, str | None]:
    return {t.text: (t.value.value if t.value else None) for t in doc._.timexes}


def test_explicit_date_and_yesterday_date_the_article(nlp):
    doc = read(
        nlp,
        "BRUSSELS - The European Union yesterday condemned the missile strike on the port. "
        "Officials said the missile strike on the port on 14th March 2024 killed three workers. "
        "Ministers will meet again in May.",
    )
    assert doc._.published == DateValue("2024-03-15", "inferred")
    got = values(doc)
    assert got["yesterday"] == "2024-03-14"
    assert got["14th March 2024"] == "2024-03-14"


def test_dated_link_gives_the_year(nlp):
    doc = read(
        nlp,
        "Egypt and Sudan agreed to resume talks on the dam in February this year, officials said. "
        "Read more: https://news.example.com/2024/05/12/dam-talks-resume/",
    )
    assert doc._.published == DateValue("2024", "inferred")
    assert values(doc)["February this year"] == "2024-02"


def test_nothing_to_go_on_leaves_the_date_unknown(nlp):
    doc = read(
        nlp,
        "Russia said on Wednesday it was ready to supply equipment to Pakistan. "
        "The two countries have held joint exercises since 2016.",
    )
    assert doc._.published is None
    got = values(doc)
    assert got["Wednesday"] is None  # relative, and nothing to resolve it against
    assert got["since 2016"] == "2016"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia hosted the summit in Kazan in October.", "2023-10"),
        ("The two countries will meet again at the summit that Russia hosts in Kazan in October.", "2024-10"),
        ("The summit is scheduled to take place on Friday.", "2024-07-12"),
    ],
)
def test_tense_sets_the_direction_of_yearless_dates(nlp, text, expected):
    doc = read(nlp, text, published=DateValue("2024-07-09", "metadata"))  # a Tuesday
    assert [t.value.value for t in doc._.timexes if t.value] == [expected]


@pytest.mark.seeds
def test_seed_000_is_dated_the_day_after_the_call(nlp, seeds_dir):
    doc = read(nlp, (seeds_dir / "000_0e89b0b20783ce43.txt").read_text("utf-8"))
    assert doc._.published == DateValue("2023-11-08", "inferred")
    by_text = {t.text: t for t in doc._.timexes}
    assert by_text["7th November 2023"].value == DateValue("2023-11-07", "explicit")
    assert by_text["yesterday"].value == DateValue("2023-11-07", "relative")
    assert by_text["since 1997"].relation == "since"
    assert (by_text["From 1991 to 2020"].value, by_text["From 1991 to 2020"].end_value) == (
        DateValue("1991", "explicit"),
        DateValue("2020", "explicit"),
    )
    assert by_text["April"].value == DateValue("2023-04", "relative")


@pytest.mark.seeds
def test_seed_002_states_no_year(nlp, seeds_dir):
    doc = read(nlp, (seeds_dir / "002_ec7f3073578cd279.txt").read_text("utf-8"))
    # the article never says which year; unknown is the right answer
    assert doc._.published is None
    assert all(t.value is None for t in doc._.timexes if "Wednesday" in t.text)


@pytest.mark.parametrize("name", [f"{n:03d}" for n in range(1, 21) if n not in (11, 16)])
def test_sample_text_alone_never_contradicts_the_true_date(nlp, samples_dir, name):
    """Read without metadata, each sample is dated as its gold says, or less precisely, or not at all."""
    gold = json.loads((samples_dir / "gold.json").read_text("utf-8"))["documents"]
    (path,) = (samples_dir / "corpus").glob(f"{name}_*.txt")
    truth = gold[path.name]
    doc = read(nlp, path.read_text("utf-8"), source=path.name)
    got = doc._.published
    if truth["basis"] == "inferred":  # metadata.csv leaves these empty because the text fixes the date
        assert got == DateValue(truth["date_hint"], "inferred")
    elif truth["date_hint"] is None:
        assert got is None
    else:
        assert got is None or truth["date_hint"].startswith(got.value)
