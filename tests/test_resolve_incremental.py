"""Incremental corpus resolution gives the tables a full rebuild gives.

The corpus is the benchmark's generated news feed (benchmarks/records.py):
varied people with shared surnames, spelling variants and unknown countries,
bodies named in full and by acronym, happenings reported by many articles
worded and dated differently.  It is written in 1, 3 and 10 batches,
resolving after each, in feed order and shuffled; every resolution table
must come out the same as ``resolve_corpus(store, full=True)`` gives.  The
feed carries free-text claim mentions too (reports of one happening worded
alike, with a bag-of-words sketch and embedding in place of the models), so
the claims grouped by meaning are compared as well, with the blocking cap
lowered once so that keys stop blocking between runs.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import numpy as np
import pytest

from newsgraph.models import DateValue, Document, Event, Evidence, Extraction, Mention
from newsgraph.resolve import resolve_corpus
from newsgraph.store import Store
from newsgraph.store.migrations import duplicate_keys

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from records import Feed, bow

TABLES = (
    "actors",
    "actor_map",
    "actor_groups",
    "actor_keys",
    "actor_bases",
    "claims",
    "claim_stances",
    "claim_keys",
    "claim_units",
    "claim_blocks",
    "claim_mention_keys",
    "claim_mention_groups",
    "claim_links",
    "event_clusters",
    "event_cluster_members",
)


@pytest.fixture(scope="module")
def feed() -> list[Extraction]:
    return list(Feed(160, seed=11, claims=True).extractions())


@pytest.fixture(autouse=True)
def encoder(monkeypatch):
    """The sentence encoder, as a bag of words: the test is about which mentions are
    compared and rewritten, not about the model."""
    monkeypatch.setattr(
        "newsgraph.claims.encoder.embed",
        lambda texts, threads=1: np.asarray([bow(t, 384) for t in texts], dtype=np.float32),
    )


def tables(store: Store) -> dict[str, list[tuple[object, ...]]]:
    return {t: sorted(store.con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}


def incremental(extractions: list[Extraction], batches: int) -> Store:
    store = Store(":memory:")
    size = -(-len(extractions) // batches)
    for i in range(0, len(extractions), size):
        store.write(extractions[i : i + size])
        resolve_corpus(store)
    return store


@pytest.mark.parametrize("order", ["feed", "shuffled"])
def test_any_batches_give_the_full_tables(feed, order):
    docs = list(feed)
    if order == "shuffled":
        random.Random(3).shuffle(docs)
    results = {}
    for batches in (1, 3, 10):
        with incremental(docs, batches) as store:
            results[batches] = tables(store)
            assert not any(duplicate_keys(store.con).values()), "the tables hold no key: runs must not repeat a row"
            resolve_corpus(store, full=True)
            full = tables(store)
            assert not any(duplicate_keys(store.con).values())
        for table in TABLES:
            assert results[batches][table] == full[table], f"{table} after {batches} batches differs from --full"
    assert results[1] == results[3] == results[10]
    assert all(results[1][t] for t in ("actors", "claims", "event_clusters", "claim_links")), "every table is used"
    free = [c for c in results[1]["claims"] if c[2] is None]
    assert len(free) > 10, "the feed makes claims grouped by meaning"


def test_keys_that_stop_blocking_give_the_full_tables(feed, monkeypatch):
    """A key that comes to hold more than CAP mentions stops blocking: the nearness and
    links it carried are decided again, as a full run decides them."""
    from newsgraph.resolve import claim_groups, claim_links

    monkeypatch.setattr(claim_groups, "CAP", 6)
    monkeypatch.setattr(claim_links, "CAP", 6)
    docs = list(feed)
    random.Random(5).shuffle(docs)
    with incremental(docs, 10) as store:
        result = tables(store)
        resolve_corpus(store, full=True)
        full = tables(store)
    for table in TABLES:
        assert result[table] == full[table], f"{table} differs from --full"
    assert full["claim_links"]


def test_articles_without_a_publication_date_give_the_full_tables():
    """A quarter of the articles undated, over 75 days (more than the window a report
    looks back over): their events may join any cluster of their block, so a change
    anywhere in the block reaches them (``docs/resolution.md``, event clusters)."""
    docs = list(Feed(150, seed=7, per_day=2.0, undated=0.25).extractions())
    random.Random(2).shuffle(docs)
    for batches in (3, 10):
        with incremental(docs, batches) as store:
            result = tables(store)
            assert not any(duplicate_keys(store.con).values())
            resolve_corpus(store, full=True)
            full = tables(store)
            joined = store.con.execute(
                "SELECT count(DISTINCT m.cluster) FROM event_cluster_members m JOIN event_units u ON u.event = m.event "
                "JOIN event_cluster_members o ON o.cluster = m.cluster AND o.document <> m.document "
                "WHERE u.unit LIKE '%' || chr(31) || 'U' || chr(31)"
            ).fetchone()[0]
        for table in TABLES:
            assert result[table] == full[table], f"{table} after {batches} batches differs from --full"
        assert joined > 5, "undated articles' events join other articles' clusters"


def test_undated_articles_arriving_in_many_batches_give_the_full_tables(monkeypatch):
    """An undated unit whose only change is new events clusters its earlier members
    against what they joined, what the run changed and what the newcomers joined
    (``event_step._limits``), falling back to the whole pass when one moves: with
    a third of the articles undated, shuffled, in 15 batches, still the full tables."""
    from newsgraph.resolve import event_step

    used: list[bool] = []
    real = event_step._limits

    def arrivals(run, key):
        limited = real(run, key)
        used.append(limited is not None)
        return limited

    monkeypatch.setattr(event_step, "_limits", arrivals)
    docs = list(Feed(300, seed=7, undated=0.3).extractions())
    random.Random(8).shuffle(docs)
    with incremental(docs, 15) as store:
        result = tables(store)
        resolve_corpus(store, full=True)
        full = tables(store)
    assert sum(used) > 10, "the limited pass was taken"
    for table in TABLES:
        assert result[table] == full[table], f"{table} differs from --full"


def test_merges_happen_across_batches(feed):
    """The feed is not trivially separable: later batches join earlier actors and clusters."""
    with incremental(feed, 10) as store:
        merged = store.con.execute("SELECT count(*) FROM actor_map WHERE provisional <> actor").fetchone()[0]
        spread = store.con.execute("SELECT count(*) FROM event_clusters WHERE num_articles > 1").fetchone()[0]
    assert merged > 20 and spread > 20


def test_only_unresolved_documents_are_resolved():
    docs = list(Feed(40, seed=5).extractions())
    with Store(":memory:") as store:
        store.write(docs[:20])
        first = resolve_corpus(store)
        assert (first.documents, first.full) == (20, True)  # a store resolved for the first time is rebuilt
        assert resolve_corpus(store).documents == 0
        store.write(docs[20:])  # written, not resolved: as an interrupted ingest leaves them
        second = resolve_corpus(store)
        assert (second.documents, second.full) == (20, False)
        pending = store.con.execute(
            "SELECT count(*) FROM documents WHERE id NOT IN (SELECT id FROM resolved_documents)"
        ).fetchone()[0]
        assert pending == 0


def test_a_hand_made_resolution_is_rebuilt_on_the_next_run():
    docs = list(Feed(20, seed=5).extractions())
    with Store(":memory:") as store:
        store.write(docs)
        resolve_corpus(store)
        store.replace_resolution([], {}, [])
        assert resolve_corpus(store).full
        assert store.con.execute("SELECT count(*) FROM actors").fetchone()[0] > 0


def test_resolution_names_each_step_as_it_runs():
    docs = list(Feed(12, seed=7).extractions())
    with Store(":memory:") as store:
        store.write(docs[:8])
        shown: list[str] = []
        resolve_corpus(store, on_step=shown.append)
        assert shown == ["actors of 8 documents (full)", "claims", "event clusters"]
        store.write(docs[8:])
        shown.clear()
        resolve_corpus(store, on_step=shown.append)
        assert shown == ["actors of 4 documents", "claims", "event clusters"]
        shown.clear()
        resolve_corpus(store, on_step=shown.append)
        assert shown == []  # nothing left to resolve


def _arms(
    doc: str, day: str, people: list[tuple[str, str, str | None]], said: tuple[str, str] | None = None
) -> Extraction:
    """One article naming ``people`` (provisional id, name, country); with ``said`` (a
    person's id and name) that person denies that arms went from their side to
    Ukraine, else the outlet reports that the first person's side supplied them."""
    name = said[1] if said else people[0][1]
    text = f"{name} denied that weapons were supplied to Ukraine." if said else f"{name} supplied weapons to Ukraine."
    others = " ".join(f"{n} was there." for _, n, _ in people)
    text = f"{text} {others}"
    mentions = [
        Mention(doc, text.index("Ukraine"), text.index("Ukraine") + 7, "Ukraine", "UKR", "Ukraine", "state", "UKR")
    ]
    for actor, n, country in people:
        start = text.rindex(n)
        mentions.append(Mention(doc, start, start + len(n), n, actor, n, "person", country))
    if said:
        mentions.append(Mention(doc, 0, len(said[1]), said[1], said[0], said[1], "person", None))
    source = said[0] if said else people[0][0]
    event = Event(
        id=f"{doc}-e1",
        document=doc,
        type="AID",
        mode="military",
        cameo_root="07",
        weight=7.0,
        source=source,
        target="UKR",
        polarity="negative" if said else "positive",
        modality="asserted",
        date=None,
        evidence=Evidence(text[: text.index(".") + 1], 0, text.index(".") + 1),
        cue="supplied",
        holder=said[0] if said else "outlet",
        stance="denies" if said else "asserts",
        cue_lemma="supply",
        lemmas=text.lower(),
    )
    document = Document(doc, f"{doc}.txt", text, published=DateValue(day, "metadata"))
    return Extraction(document, mentions=tuple(mentions), events=(event,))


def test_a_claim_whose_only_selected_mention_moves_away_is_gone():
    """ "Khan" denies that Pakistan armed Ukraine, and an outlet reports that Imran Khan
    did: while Imran Khan is the only Khan, the denial is his, and the claim stands on
    it.  A later article names a second Khan, so "Khan" is no one's surname any more:
    the denial moves to a proposition of its own, and Pakistan's is a plain report, no
    claim.  An incremental run drops it, as a full run does."""
    imran = ("person:imran-khan", "Imran Khan", "PAK")
    first = [
        _arms("d1", "2024-03-01", [imran]),
        _arms("d2", "2024-03-02", [], said=("person:khan", "Khan")),
    ]
    second = [_arms("d3", "2024-03-03", [imran, ("person:ayesha-khan", "Ayesha Khan", "GBR")])]
    with Store(":memory:") as store:
        store.write(first)
        resolve_corpus(store)
        before = store.con.execute("SELECT subject FROM claims").fetchall()
        store.write(second)
        resolve_corpus(store)
        result = tables(store)
        resolve_corpus(store, full=True)
        full = tables(store)
    assert before == [("PAK",)]
    assert [r[2] for r in full["claims"]] == ["person:khan"], full["claims"]
    for table in TABLES:
        assert result[table] == full[table], f"{table} differs from --full"


def _shells(doc: str, published: str | None, verb: str, lemma: str, when: str, date: str) -> Extraction:
    """One article: Pakistan ``verb`` artillery shells to Ukraine ``when`` (dated ``date`` by the text)."""
    text = f"Pakistan {verb} artillery shells to Ukraine {when}."
    mentions = tuple(
        Mention(doc, text.index(name), text.index(name) + len(name), name, code, name, "state", code)
        for name, code in (("Pakistan", "PAK"), ("Ukraine", "UKR"))
    )
    event = Event(
        id=f"{doc}-e1", document=doc, type="AID", mode="military", cameo_root="07", weight=7.0,
        source="PAK", target="UKR", polarity="positive", modality="asserted",
        date=DateValue(date, "explicit"), evidence=Evidence(text, 0, len(text)), cue=verb, holder="outlet",
        stance="asserts", cue_lemma=lemma, lemmas=text.lower().replace(verb, lemma).replace("shells", "shell"),
    )  # fmt: skip
    document = Document(doc, f"{doc}.txt", text, published=DateValue(published, "metadata") if published else None)
    return Extraction(document, mentions=mentions, events=(event,))


def test_an_undated_article_dated_by_its_text_joins_on_shared_words_alone():
    """An article without a publication date says Pakistan "sent" shells to Ukraine in
    2024; a dated one, that it "delivered" them in March 2024.  The cues share no word
    and no group, but a mention dated by its text may join a cluster of its year on
    shared content words: the undated article's unit must be clustered with every
    cluster of its block, not only those sharing a cue (as for mentions its text
    leaves undated), or it would stay apart where a full run joins it."""
    first = [_shells("d1", "2024-03-20", "delivered", "deliver", "in March 2024", "2024-03")]
    second = [_shells("d2", None, "sent", "send", "in 2024", "2024")]
    with Store(":memory:") as store:
        store.write(first)
        resolve_corpus(store)
        store.write(second)
        resolve_corpus(store)
        result = tables(store)
        resolve_corpus(store, full=True)
        full = tables(store)
    assert len({r[0] for r in full["event_cluster_members"]}) == 1, "the two reports are one happening"
    for table in TABLES:
        assert result[table] == full[table], f"{table} differs from --full"


def _delivered(doc: str, published: str | None, text: str, date: str | None, mode: str | None) -> Extraction:
    """One article: Pakistan delivered something to Ukraine, as ``text`` says (dated ``date`` by it)."""
    mentions = tuple(
        Mention(doc, text.index(name), text.index(name) + len(name), name, code, name, "state", code)
        for name, code in (("Pakistan", "PAK"), ("Ukraine", "UKR"))
    )
    event = Event(
        id=f"{doc}-e1", document=doc, type="AID", mode=mode, cameo_root="07", weight=7.0,
        source="PAK", target="UKR", polarity="positive", modality="asserted",
        date=DateValue(date, "explicit") if date else None, evidence=Evidence(text, 0, len(text)),
        cue="delivered", holder="outlet", stance="asserts", cue_lemma="deliver",
        lemmas=text.lower().replace("delivered", "deliver").replace("shells", "shell"),
    )  # fmt: skip
    document = Document(doc, f"{doc}.txt", text, published=DateValue(published, "metadata") if published else None)
    return Extraction(document, mentions=mentions, events=(event,))


def test_an_earlier_undated_member_pushed_out_by_a_newcomer_goes_where_a_full_run_sends_it():
    """Two dated deliveries (March 2024, June 2023) and an undated report of military
    aid that matches March best.  A later undated report of humanitarian aid comes
    first in the order and joins March, whose mode then bars the military report: a
    full run sends it to June.  The pass that scores earlier members only against what
    they joined and what newcomers joined (``event_step._limits``) would leave it
    alone; seeing it move, the run clusters the unit with its whole block."""
    shells = "Pakistan delivered artillery shells"
    first = [
        _delivered("d1", "2024-03-20", f"{shells} to Ukraine in March 2024.", "2024-03", None),
        _delivered("d2", "2023-06-12", f"{shells} and rifles to Ukraine in June 2023.", "2023-06", None),
        _delivered("d9", None, f"{shells} to Ukraine in March.", None, "military"),
    ]
    second = [_delivered("d5", None, f"{shells} to Ukraine in March.", None, "humanitarian")]
    with Store(":memory:") as store:
        store.write(first)
        resolve_corpus(store)
        joined = dict(store.con.execute("SELECT event, cluster FROM event_cluster_members").fetchall())
        store.write(second)
        resolve_corpus(store)
        result = tables(store)
        resolve_corpus(store, full=True)
        full = tables(store)
    assert joined["d9-e1"] == joined["d1-e1"] != joined["d2-e1"], "the military report joins March first"
    now = {event: cluster for cluster, event, *_ in full["event_cluster_members"]}
    assert now["d5-e1"] == now["d1-e1"] and now["d9-e1"] == now["d2-e1"], now
    for table in TABLES:
        assert result[table] == full[table], f"{table} differs from --full"
