"""Store round trips: what goes in comes out, offsets stay inside the text, re-writing changes nothing."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.errors import StoreError
from newsgraph.models import (
    ACTOR_KINDS,
    EVENT_DATE_BASES,
    MODALITIES,
    POLARITIES,
    QUOTE_KINDS,
    STANCES,
    Actor,
    Amount,
    Claim,
    DateValue,
    Document,
    Event,
    Evidence,
    Extraction,
    Mention,
    Quote,
    Skipped,
    Stance,
    content_id,
)
from newsgraph.store import Store
from newsgraph.store.migrations import MIGRATIONS, UNKEYED, duplicate_keys, m016_unkeyed_records, migrate

# Any text a document may hold after normalisation, including non-Latin scripts and emoji.
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=300)
NAMES = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30)
OPTIONAL = st.none() | NAMES
DATES = st.builds(
    lambda y, m, d, n: "-".join([f"{y:04d}", f"{m:02d}", f"{d:02d}"][:n]),
    st.integers(1900, 2100),
    st.integers(1, 12),
    st.integers(1, 28),
    st.integers(1, 3),
)


@st.composite
def spans(draw: st.DrawFn, text: str) -> tuple[int, int]:
    start = draw(st.integers(0, len(text) - 1))
    return start, draw(st.integers(start + 1, len(text)))


@st.composite
def extractions(draw: st.DrawFn) -> Extraction:
    text = draw(TEXT)
    doc_id = content_id("doc", text)
    document = Document(
        id=doc_id,
        source=draw(NAMES),
        text=text,
        title=draw(OPTIONAL),
        outlet=draw(OPTIONAL),
        url=draw(OPTIONAL),
        published=draw(st.none() | st.builds(DateValue, DATES, st.sampled_from(("metadata", "inferred")))),
    )
    mention_spans = draw(st.lists(spans(text), max_size=5, unique=True))
    mentions = tuple(
        Mention(
            doc_id,
            s,
            e,
            text[s:e],
            draw(NAMES),
            draw(NAMES),
            draw(st.sampled_from(ACTOR_KINDS)),
            draw(st.none() | st.sampled_from(("PAK", "RUS", "UKR"))),
            draw(OPTIONAL),
        )
        for s, e in mention_spans
    )
    events = []
    for n in range(draw(st.integers(0, 3))):
        s, e = draw(spans(text))
        events.append(
            Event(
                id=f"ev-{doc_id}-{n}",
                document=doc_id,
                type=draw(st.sampled_from(("AID", "REJECT", "CONSULT"))),
                mode=draw(st.none() | st.just("military")),
                cameo_root=draw(st.none() | st.just("07")),
                weight=draw(st.floats(-10, 10, allow_nan=False)),
                source=draw(OPTIONAL),
                target=draw(OPTIONAL),
                polarity=draw(st.sampled_from(POLARITIES)),
                modality=draw(st.sampled_from(MODALITIES)),
                date=draw(st.none() | st.builds(DateValue, DATES, st.sampled_from(EVENT_DATE_BASES))),
                evidence=Evidence(text[s:e], s, e),
                cue=draw(st.text(max_size=10)),
                amounts=tuple(
                    draw(st.lists(st.builds(Amount, st.floats(0, 1e12, allow_nan=False), NAMES, NAMES), max_size=2))
                ),
                reported_by=draw(OPTIONAL),
                holder=draw(st.sampled_from(("outlet", "PAK"))),
                stance=draw(st.sampled_from(STANCES)),
            )
        )
    quotes = []
    for n in range(draw(st.integers(0, 3))):
        s, e = draw(spans(text))
        quotes.append(
            Quote(
                f"q-{doc_id}-{n}",
                doc_id,
                draw(OPTIONAL),
                draw(OPTIONAL),
                text[s:e],
                draw(st.sampled_from(QUOTE_KINDS)),
                s,
                e,
            )
        )
    return Extraction(document, mentions, tuple(events), tuple(quotes))


def _key(record: object) -> str:
    return repr(record)


def _inside(text: str, start: int, end: int, quoted: str) -> bool:
    return 0 <= start < end <= len(text) and text[start:end] == quoted


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(extractions(), min_size=1, max_size=4, unique_by=lambda x: x.document.id))
def test_round_trip(batch: list[Extraction]):
    with Store(":memory:") as store:
        assert store.write(batch, "run1") == len(batch)
        docs = {d.id: d for d in store.documents()}
        assert docs == {x.document.id: x.document for x in batch}
        assert sorted(store.mentions(), key=_key) == sorted((m for x in batch for m in x.mentions), key=_key)
        assert sorted(store.events(), key=_key) == sorted((e for x in batch for e in x.events), key=_key)
        assert sorted(store.quotes(), key=_key) == sorted((q for x in batch for q in x.quotes), key=_key)
        for m in store.mentions():
            assert _inside(docs[m.document].text, m.start, m.end, m.text)
        for e in store.events():
            assert _inside(docs[e.document].text, e.evidence.start, e.evidence.end, e.evidence.text)
        for q in store.quotes():
            assert _inside(docs[q.document].text, q.start, q.end, q.text)
        for x in batch:
            assert store.document(x.document.id) == x.document
            assert sorted(store.mentions(x.document.id), key=_key) == sorted(x.mentions, key=_key)
        before = [store.documents(), store.mentions(), store.events(), store.quotes()]
        assert store.write(batch, "run2") == 0  # re-writing is a no-op
        assert [store.documents(), store.mentions(), store.events(), store.quotes()] == before
        assert store.present([x.document.id for x in batch] + ["doc-missing"]) == {x.document.id for x in batch}


def test_resolution_round_trip():
    actors = [
        Actor("PAK", "Pakistan", "state", "PAK", (), ("Islamabad",), 3),
        Actor("person:a-b", "A B", "person", "PAK", ("foreign minister",), ("B",), 1),
    ]
    stance = Stance("doc-1", "PAK", "denies", Evidence("x", 0, 1), "ev-1")
    claims = [Claim("cl-1", "Pakistan supplies arms to Ukraine", "PAK", "AID", "military", "UKR", (stance,))]
    with Store(":memory:") as store:
        store.replace_resolution(actors, {"person:b": "person:a-b"}, claims)
        store.replace_resolution(actors, {"person:b": "person:a-b"}, claims)  # replaces, never appends
        assert store.actors() == actors
        assert store.actor_map() == {"person:b": "person:a-b"}
        assert store.claims() == claims


def test_skipped_is_replaced_per_source_and_cleared_when_the_source_is_ingested():
    doc = Document("doc-1", "a.txt", "some text")
    with Store(":memory:") as store:
        store.record_skipped(Skipped("a.txt", "empty", "the file holds only whitespace"))
        store.record_skipped(Skipped("a.txt", "binary", "binary file"))
        assert store.skipped() == [Skipped("a.txt", "binary", "binary file")]
        store.write([Extraction(doc)])
        assert store.skipped() == []


def test_failed_write_rolls_back_the_whole_batch():
    good = Extraction(Document("doc-1", "a.txt", "some text"))
    bad = Extraction(Document("doc-2", "b.txt", None))  # type: ignore[arg-type]  # text is NOT NULL
    with Store(":memory:") as store:
        with pytest.raises(Exception, match="NOT NULL"):
            store.write([good, bad])
        assert store.document_count() == 0


def test_migrations_apply_once(tmp_path):
    path = tmp_path / "m.duckdb"
    with Store(path) as store:
        assert migrate(store.con) == []  # already applied on open
        names = [r[0] for r in store.con.execute("SELECT name FROM migrations ORDER BY name").fetchall()]
    assert names == sorted(m.__name__ for m in MIGRATIONS)
    with Store(path) as store:
        assert store.document_count() == 0


def test_read_only_store_that_does_not_exist_says_how_to_make_one(tmp_path):
    with pytest.raises(StoreError, match="newsgraph ingest"):
        Store(tmp_path / "nothing.duckdb", read_only=True)


def test_a_documents_records_are_unique_by_their_key():
    """The records tables hold no key (m016): an extraction keeps the first record of each key."""
    text = "Pakistan denied it. Pakistan said so."
    doc = Document(content_id("doc", text), "a.txt", text)
    mention = Mention(doc.id, 0, 8, "Pakistan", "PAK", "Pakistan", "state", "PAK")
    again = Mention(doc.id, 0, 8, "Pakistan", "PAK", "Pakistan", "state", "PAK", role="government")
    other = Mention(doc.id, 20, 28, "Pakistan", "PAK", "Pakistan", "state", "PAK")
    quote = Quote("q-1", doc.id, "PAK", "Pakistan", "denied it", "indirect", 9, 18)
    extraction = Extraction(doc, [mention, again, other], quotes=(quote, quote))  # type: ignore[arg-type]
    assert extraction.mentions == (mention, other) and extraction.quotes == (quote,)
    with Store(":memory:") as store:
        store.write([extraction])
        assert sorted(store.mentions(), key=_key) == sorted([mention, other], key=_key)
        assert duplicate_keys(store.con) == dict.fromkeys(duplicate_keys(store.con), 0)


def test_m016_drops_the_record_keys_and_keeps_rows_columns_and_defaults(tmp_path):
    import duckdb

    con = duckdb.connect(str(tmp_path / "old.duckdb"))
    for migration in MIGRATIONS[: MIGRATIONS.index(m016_unkeyed_records)]:
        migration(con)
    con.execute("INSERT INTO resolved_documents VALUES ('doc-1'), ('doc-2')")
    con.execute(
        "INSERT INTO events (id, document, type, weight, polarity, modality, amounts, holder, stance, cue, "
        "evidence, start_char, end_char) VALUES ('ev-1', 'doc-1', 'AID', 1.0, 'positive', 'asserted', '[]', "
        "'PAK', 'asserts', 'sent', 'It sent aid.', 0, 12)"
    )
    columns = (
        "SELECT table_name, column_name, data_type, is_nullable, column_default FROM duckdb_columns() ORDER BY ALL"
    )
    before = con.execute(columns).fetchall()
    m016_unkeyed_records(con)
    assert con.execute(columns).fetchall() == before
    keyed = {
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'"
        ).fetchall()
    }
    assert keyed.isdisjoint(UNKEYED) and "documents" in keyed
    assert [r[0] for r in con.execute("SELECT index_name FROM duckdb_indexes()").fetchall()] == ["actor_keys_key"]
    assert con.execute("SELECT id, cue_lemma FROM events").fetchall() == [("ev-1", "")]  # DEFAULT kept
    assert con.execute("SELECT count(*) FROM resolved_documents").fetchone() == (2,)
    with pytest.raises(duckdb.ConstraintException):  # NOT NULL kept
        con.execute("INSERT INTO resolved_documents VALUES (NULL)")
    con.execute("INSERT INTO resolved_documents VALUES ('doc-1')")
    assert duplicate_keys(con)["resolved_documents"] == 1
