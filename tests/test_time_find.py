"""Finding time expressions and inferring the document date on hand-built Docs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.extract.time.component import DateComponent, timexes_in
from newsgraph.models import DateValue, Document


def run(doc, published=None):
    if published is not None:
        doc._.document = Document("doc-test", "test", doc.text, published=published)
        doc._.published = published
    return DateComponent()(doc)


def texts(doc):
    return [t.text for t in doc._.timexes]


def words(sentence: str) -> list[str]:
    return sentence.split()


@pytest.mark.parametrize(
    ("sentence", "ents", "expected"),
    [
        # the model's truncated entity is completed by the patterns
        ("Talks were held on 7th November 2023 .", [(5, 7, "DATE")], ["7th November 2023"]),
        ("Talks were held on 7th November 2023 .", None, ["7th November 2023"]),
        ("Pakistan yesterday rejected the report .", None, ["yesterday"]),
        ("Russia airlifted goods two weeks back .", [(3, 5, "DATE")], ["two weeks back"]),
        ("From 1991 to 2020 , contracts grew .", [(1, 2, "DATE"), (3, 4, "DATE")], ["From 1991 to 2020"]),
        ("It bought tanks since 1997 .", [(4, 5, "DATE")], ["since 1997"]),
        ("It bought tanks since 1997 .", None, ["since 1997"]),
        ("Imports began in April under a deal .", None, ["April"]),
        ("Imports began in April under a deal .", [(2, 4, "DATE")], ["April"]),
        ("They were rivals in the 1980s .", None, ["the 1980s"]),
        ("Ties grew since the late 1990s .", None, ["since the late 1990s"]),
        ("In February this year , the committee approved it .", None, ["February this year"]),
        ("He spoke late last month .", None, ["late last month"]),
        ("At his last week 's briefing he spoke .", None, ["last week"]),
        ("This week , the minister called .", None, ["This week"]),
        ("Russia said on Wednesday it was ready .", None, ["Wednesday"]),
        ("The summit ran on October 22-24 in Kazan .", None, ["October 22-24"]),
        ("Trump tweeted on January 1 , 2018 thus .", None, ["January 1, 2018"]),
        ("The deadline of May 1 approaches .", None, ["May 1"]),
        ("But in recent years the US replaced Russia .", None, ["recent years"]),
        ("Between 2015 and 2018 trade doubled .", None, ["Between 2015 and 2018"]),
        # lower-case month and weekday words are ordinary words
        ("Officials may march on sunday .", None, []),
        ("Theresa May said nothing .", None, []),
        ("It bought 5882 shares .", None, []),
    ],
)
def test_find_timexes(make_doc, sentence, ents, expected):
    doc = run(make_doc(words(sentence), ents=ents))
    assert texts(doc) == expected


def test_dates_inside_links_are_not_time_expressions(blank_nlp):
    doc = run(blank_nlp("Also read: https://example.org/issues/2025/2025-03-28/23584/9.jpg for more."))
    assert texts(doc) == []


def test_timex_offsets_point_into_the_text(make_doc):
    doc = run(make_doc(words("Pakistan and Ukraine have been partners since 1997 , officials said yesterday .")))
    for t in doc._.timexes:
        assert doc.text[t.start_char : t.end_char] == t.text == doc[t.start : t.end].text


def test_relative_expressions_resolve_against_metadata_date(make_doc):
    doc = run(
        make_doc(words("Pakistan yesterday rejected reports . Imports began in April .")),
        published=DateValue("2023-11-08", "metadata"),
    )
    assert doc._.published == DateValue("2023-11-08", "metadata")
    values = {t.text: t.value for t in doc._.timexes}
    assert values == {
        "yesterday": DateValue("2023-11-07", "relative"),
        "April": DateValue("2023-04", "relative"),
    }


def test_undated_document_keeps_relative_values_unknown(make_doc):
    doc = run(make_doc(words("Russia said on Wednesday it was ready . Exercises have run since 2016 .")))
    assert doc._.published is None
    assert [(t.text, t.value) for t in doc._.timexes] == [
        ("Wednesday", None),
        ("since 2016", DateValue("2016", "explicit")),
    ]
    assert doc._.timexes[1].relation == "since"


def test_range_has_an_end_value(make_doc):
    doc = run(make_doc(words("From 1991 to 2020 , contracts were worth $ 1.6 billion .")))
    (timex,) = doc._.timexes
    assert (timex.relation, timex.value, timex.end_value) == (
        "range",
        DateValue("1991", "explicit"),
        DateValue("2020", "explicit"),
    )


SAME_TALKS = (
    "Pakistan yesterday rejected arms supply talks with Ukraine . "
    "The arms supply talks were held on 7th November 2023 ."
)


def test_explicit_date_plus_yesterday_dates_the_document(make_doc):
    w = words(SAME_TALKS)
    doc = run(make_doc(w, sent_starts=[i in (0, 8) for i in range(len(w))]))
    assert doc._.published == DateValue("2023-11-08", "inferred")
    assert doc._.timexes[0].value == DateValue("2023-11-07", "relative")


def test_unrelated_date_after_the_lede_does_not_date_the_document(make_doc):
    w = words(
        "Pakistan yesterday rejected reports . Officials met . Talks stalled . Trade fell . "
        "A treaty was signed on 7th November 2023 ."
    )
    doc = run(make_doc(w, sent_starts=[i == 0 or w[i - 1] == "." for i in range(len(w))]))
    assert doc._.published is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the lede's "today" and the lede's date are one news peg
        (
            "MOSCOW — The two sides have agreed to end the fighting , the Kremlin said today . "
            "The deal took effect on 10 November 2020 . Troops will deploy .",
            DateValue("2020-11-10", "inferred"),
        ),
        # a later date elsewhere shows the lede's date is background
        (
            "MOSCOW — The two sides have agreed to end the fighting , the Kremlin said today . "
            "The old deal took effect on 10 November 2020 . A new one followed in 2022 .",
            None,
        ),
    ],
)
def test_lede_cue_and_lede_date(make_doc, sentence, expected):
    w = words(sentence)
    doc = run(make_doc(w, sent_starts=[i == 0 or w[i - 1] == "." for i in range(len(w))]))
    assert doc._.published == expected


def test_cue_inside_a_quotation_does_not_date_the_document(blank_nlp):
    quoted = (
        "“We discussed arms supply talks yesterday,” he said. The arms supply talks were held on 7th November 2023."
    )
    assert run(blank_nlp(quoted))._.published is None
    # the same words in the article's own voice do date it (blank docs are one sentence)
    plain = "Officials discussed arms supply talks yesterday. The arms supply talks were held on 7th November 2023."
    assert run(blank_nlp(plain))._.published == DateValue("2023-11-08", "inferred")


def test_weekday_cue_gives_the_week_after_the_date(blank_nlp):
    # 1 March 2024 was a Friday; the article was written within the next six days
    doc = run(
        blank_nlp("Ministers signed the trade pact on Friday. The trade pact, signed on 1 March 2024, cuts tariffs.")
    )
    assert doc._.published == DateValue("2024-03", "inferred")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("WASHINGTON, March 3, 2024 (Reuters) - The talks went on.", DateValue("2024-03-03", "inferred")),
        ("Published: 12 May 2024\nThe ministers met to discuss trade.", DateValue("2024-05-12", "inferred")),
        ("Last updated: 2024-03-03T10:00:00Z\nThe ministers met.", DateValue("2024-03-03", "inferred")),
        (
            "By A. Writer | Updated March 4, 2024 | Published March 3, 2024\nThe ministers met.",
            DateValue("2024-03-03", "inferred"),
        ),
        (
            "The ministers met. Read more: https://example.org/2024/05/12/trade-talks/ for details.",
            DateValue("2024", "inferred"),
        ),
        (
            "Also read: https://epaper.example.org/popup.php?src=issues/2025/2025-03-28/23584/9.jpg now.",
            DateValue("2025", "inferred"),
        ),
        # a link late in December leaves even the year open
        ("See https://example.org/2024/12/20/story for more.", None),
        ("In April 2021 the foreign minister visited Islamabad.", None),  # explicit dates alone date nothing
        ("The ministers met and talked about trade.", None),
    ],
)
def test_document_date_rules(blank_nlp, text, expected):
    doc = run(blank_nlp(text))
    assert doc._.published == expected


def test_metadata_date_wins_over_text(blank_nlp):
    given = DateValue("2024-06-01", "metadata")
    doc = run(blank_nlp("WASHINGTON, March 3, 2024 (Reuters) - The talks went on yesterday."), published=given)
    assert doc._.published == given
    assert [t.value for t in doc._.timexes if t.text == "yesterday"] == [DateValue("2024-05-31", "relative")]


def test_timexes_in_a_token_range(make_doc):
    doc = run(make_doc(words("Imports began in April . Contracts ran since 1997 .")))
    assert [t.text for t in timexes_in(doc, 0, 5)] == ["April"]
    assert [t.text for t in timexes_in(doc, 5, len(doc))] == ["since 1997"]
    assert timexes_in(doc, 0, 3) == []


def test_timexes_in_leaves_durations_out_unless_asked(make_doc):
    doc = run(make_doc(words("The two-day visit ended on Wednesday ."), ents=[(1, 2, "DATE")]))
    assert [t.text for t in timexes_in(doc, 0, len(doc))] == ["Wednesday"]
    assert [t.text for t in timexes_in(doc, 0, len(doc), durations=True)] == ["two-day", "Wednesday"]


@pytest.mark.parametrize(
    ("sentence", "heads", "deps", "pos", "lemmas", "ent", "value"),
    [
        # written on Wednesday 8 November 2023
        (
            "They will meet on Friday .",
            [2, 2, 2, 2, 3, 2],
            ["nsubj", "aux", "ROOT", "prep", "pobj", "punct"],
            ["PRON", "AUX", "VERB", "ADP", "PROPN", "PUNCT"],
            ["they", "will", "meet", "on", "friday", "."],
            (4, 5),
            DateValue("2023-11-10", "relative"),
        ),
        (
            "The summit is scheduled for December 12-14 .",
            [1, 3, 3, 3, 3, 4, 5, 3],
            ["det", "nsubjpass", "auxpass", "ROOT", "prep", "pobj", "nummod", "punct"],
            ["DET", "NOUN", "AUX", "VERB", "ADP", "PROPN", "NUM", "PUNCT"],
            ["the", "summit", "be", "schedule", "for", "december", "12-14", "."],
            (5, 7),
            DateValue("2023-12-12", "relative"),
        ),
        (
            "They met on Friday .",
            [1, 1, 1, 2, 1],
            ["nsubj", "ROOT", "prep", "pobj", "punct"],
            ["PRON", "VERB", "ADP", "PROPN", "PUNCT"],
            ["they", "meet", "on", "friday", "."],
            (3, 4),
            DateValue("2023-11-03", "relative"),
        ),
    ],
)
def test_future_verb_reads_forward(make_doc, sentence, heads, deps, pos, lemmas, ent, value):
    doc = make_doc(words(sentence), heads=heads, deps=deps, pos=pos, lemmas=lemmas, ents=[(*ent, "DATE")])
    run(doc, published=DateValue("2023-11-08", "metadata"))
    assert doc._.timexes[0].value == value


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "since",
                "from",
                "to",
                "in",
                "on",
                "last",
                "this",
                "week",
                "year",
                "ago",
                "back",
                "yesterday",
                "May",
                "April",
                "Wednesday",
                "1997",
                "2020",
                "7th",
                "22-24",
                "-",
                ",",
                ".",
                "the",
                "1980s",
                "two",
                "weeks",
                "99999999",
                "days",
                "https://x.org/2024/13/45/a",
                "“",
                "”",
                "Published:",
                "\n",
            ]
        ),
        max_size=25,
    ),
    st.sampled_from([None, DateValue("2023-11-08", "metadata"), DateValue("2021", "metadata")]),
)
def test_any_text_gives_well_formed_timexes(blank_nlp, tokens, published):
    doc = run(blank_nlp(" ".join(tokens)), published=published)
    for t in doc._.timexes:
        assert 0 <= t.start_char < t.end_char <= len(doc.text)
        assert doc.text[t.start_char : t.end_char] == t.text
        for v in (t.value, t.end_value):
            assert v is None or len(v.value) in (4, 7, 10)
    assert doc._.published is None or len(doc._.published.value) in (4, 7, 10)
    assert all(a.end <= b.start for a, b in zip(doc._.timexes, doc._.timexes[1:], strict=False))
