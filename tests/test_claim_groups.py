"""Free-text claims grouped by meaning (resolve.claim_groups) and found in
text (claims.mentions)."""

from __future__ import annotations

from dataclasses import replace as replace_

import numpy as np
import pytest

from newsgraph.models import OUTLET, Claim, ClaimMention, DateValue, Evidence, Stance
from newsgraph.resolve.claim_groups import NEAR, SAME, dates_agree, group_mentions, lsh_keys, near_neighbours, planes


def unit(*weights: float) -> tuple[float, ...]:
    v = np.zeros(384, dtype=np.float32)
    v[: len(weights)] = weights
    return tuple(float(x) for x in v / np.linalg.norm(v))


def cm(
    mid: str,
    doc: str,
    vector: tuple[float, ...],
    *,
    stance: str = "asserts",
    holder: str = OUTLET,
    actors: tuple[str, ...] = ("PAK",),
    keywords: tuple[str, ...] = (),
    kind: str = "quote",
    event: str | None = None,
    date: DateValue | None = None,
) -> ClaimMention:
    return ClaimMention(
        id=mid,
        document=doc,
        text=f"text of {mid}",
        holder=holder,
        stance=stance,
        kind=kind,
        evidence=Evidence(f"text of {mid}", 0, 10),
        actors=actors,
        event=event,
        date=date,
        keywords=keywords,
        vector=vector,
    )


def group(mentions: list[ClaimMention], keyed: list[Claim] | None = None, event_claim: dict[str, str] | None = None):
    claims, blocks = group_mentions(mentions, keyed or [], event_claim or {}, {}, {})
    return claims, blocks


def test_same_meaning_across_documents_is_one_claim_and_contested() -> None:
    a = cm("m1", "d1", unit(1, 0.05), holder="person:x")
    b = cm("m2", "d2", unit(1, 0.0), stance="denies", holder="PAK")
    (claim,), _ = group([a, b])
    assert claim.contested
    assert {(s.document, s.stance) for s in claim.stances} == {("d1", "asserts"), ("d2", "denies")}
    assert claim.text == "text of m1"  # the words of the source that asserts it


def test_different_meanings_stay_apart() -> None:
    a = cm("m1", "d1", unit(1, 0))
    b = cm("m2", "d2", unit(0, 1), stance="denies")
    claims, _ = group([a, b])
    assert not any(c.contested for c in claims)


def test_related_wording_joins_only_on_shared_rare_words() -> None:
    cos = 0.7
    a = cm("m1", "d1", unit(1, 0), keywords=("blank", "cheque", "offer"), holder="org:tribune")
    b = cm("m2", "d2", unit(cos, (1 - cos**2) ** 0.5), stance="denies", keywords=("blank", "cheque", "false"))
    c = cm("m3", "d3", unit(cos, -((1 - cos**2) ** 0.5)), stance="denies", keywords=("ties", "habit"))
    claims, _ = group([a, b, c])
    joined = [cl for cl in claims if len(cl.stances) == 2]
    assert len(joined) == 1 and joined[0].contested
    assert cos < SAME


def test_conflicting_dates_keep_mentions_apart() -> None:
    a = cm("m1", "d1", unit(1, 0), date=DateValue("2021-04", "explicit"))
    b = cm("m2", "d2", unit(1, 0), stance="denies", date=DateValue("2023", "explicit"))
    claims, _ = group([a, b])
    assert not any(c.contested for c in claims)
    assert dates_agree(DateValue("2021", "explicit"), DateValue("2021-04-07", "explicit"))


def test_one_holder_saying_both_is_no_contest() -> None:
    a = cm("m1", "d1", unit(1, 0), holder="person:x")
    b = cm("m2", "d1", unit(1, 0), holder="person:x", stance="denies")
    (claim,), _ = group([a, b])
    assert not claim.contested


def test_a_lone_plain_assertion_is_no_claim_but_a_finding_is() -> None:
    claims, _ = group([cm("m1", "d1", unit(1, 0))])
    assert claims == []
    claims, _ = group([cm("m1", "d1", unit(1, 0), kind="evidential")])
    assert len(claims) == 1


def test_mentions_restating_a_keyed_claim_do_not_make_another() -> None:
    keyed = Claim(
        "cl-k",
        "Pakistan supplies weapons to Ukraine",
        "PAK",
        "AID",
        "military",
        "UKR",
        (Stance("d1", "PAK", "denies", Evidence("x", 0, 1), "ev-1"),),
    )
    a = cm("m1", "d1", unit(1, 0), stance="asserts", event="ev-1", date=DateValue("2023", "explicit"))
    claims, blocks = group([a], [keyed], {"ev-1": "cl-k"})
    assert [c.id for c in claims] == ["cl-k"]
    assert claims[0].stances == keyed.stances  # the event's own stance stays
    assert claims[0].date == DateValue("2023", "explicit")
    assert ("cl-k", "state:PAK") in blocks


def test_blocks_cover_states_words_and_signature_bands() -> None:
    a = cm("m1", "d1", unit(1, 0), kind="headline", keywords=("pipeline",))
    claims, blocks = group([a])
    keys = {k for c, k in blocks if c == claims[0].id}
    assert {"state:PAK", "kw:pipeline"} <= keys
    assert sum(k.startswith("lsh:") for k in keys) == 4
    vec = np.asarray(unit(1, 0), dtype=np.float32)
    assert lsh_keys(vec, planes(384)) == lsh_keys(vec, planes(384))  # seeded: stable across runs


@pytest.mark.model
def test_mentions_found_in_text(nlp) -> None:
    from newsgraph.extraction import prepare
    from newsgraph.ingest.normalize import make_document

    text = (
        "Pipeline deal questioned\n"
        "In September 2022, evidence surfaced that the UK was smuggling weapons into Ukraine via Poland. "
        "Pakistan's claim about getting a blank cheque from Moscow is false propaganda, the Indian newspaper wrote. "
        "Foreign Minister Sergey Lavrov said Russia was ready to build the gas pipeline with Pakistan."
    )
    doc = nlp(prepare(nlp, make_document(text, source="t")))
    by_kind = {m.kind: m for m in doc._.claims}
    finding = by_kind["evidential"]
    assert finding.text.startswith("the UK was smuggling weapons") and finding.stance == "asserts"
    assert {"GBR", "UKR"} <= set(finding.actors)
    dismissed = by_kind["dismissed"]
    assert "blank cheque" in dismissed.text and dismissed.stance == "denies"
    quoted = [m for m in doc._.claims if m.kind == "quote"]
    assert any("pipeline" in m.text and m.holder == "person:sergey-lavrov" for m in quoted)
    # extraction sketches each mention; the full embedding is left to corpus resolution
    assert all(len(m.sketch) == 256 and not m.vector for m in doc._.claims)
    assert all(text[m.evidence.start : m.evidence.end] == m.evidence.text for m in doc._.claims)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "kind", "stance", "words"),
    [
        # a headline that reports a denial denies, it does not assert
        (
            "Met police denies reports that Banksy was arrested in London\nThe story ran on Monday.",
            "headline",
            "denies",
            "Banksy",
        ),
        # negation in a contraction the parser misreads still denies, and the text drops it
        (
            "“They aren’t flying bombers over American cities,” said Senator John Smith of the United States.",
            "quote",
            "denies",
            "are flying",
        ),
        # not confirming is no denial: the question stays open
        (
            "Defense Secretary Chuck Hagel said he could not confirm that Iraqi pilots had joined the Islamic State.",
            "quote",
            "questions",
            "Iraqi pilots",
        ),
    ],
)
def test_mention_stances_on_real_text(nlp, text: str, kind: str, stance: str, words: str) -> None:
    from newsgraph.extraction import prepare
    from newsgraph.ingest.normalize import make_document

    doc = nlp(prepare(nlp, make_document(text, source="t")))
    found = [m for m in doc._.claims if m.kind == kind]
    assert found, [(m.kind, m.text) for m in doc._.claims]
    assert found[0].stance == stance and words in found[0].text


def test_rules_on_hand_built_parses(make_doc) -> None:
    from newsgraph.claims.mentions import _dismissing, _negates

    # "They are n't flying bombers": the parser hung "n't" on the object as punctuation
    doc = make_doc(
        ["They", "are", "n't", "flying", "bombers"],
        heads=[1, 1, 4, 4, 1],
        deps=["nsubj", "ROOT", "punct", "amod", "attr"],
        pos=["PRON", "AUX", "PART", "VERB", "NOUN"],
    )
    assert _negates(doc[2], doc[1])
    assert not _negates(doc[3], doc[1])
    # "Police denied reports" dismisses; "counter - terror units" names units
    denied = make_doc(
        ["Police", "denied", "reports"],
        heads=[1, 1, 1],
        deps=["nsubj", "ROOT", "dobj"],
        pos=["NOUN", "VERB", "NOUN"],
        lemmas=["police", "deny", "report"],
    )
    assert _dismissing(denied[0:3]) is not None and _dismissing(denied[0:3]).i == 1
    units = make_doc(
        ["counter", "-", "terror", "units", "train"],
        heads=[2, 2, 3, 4, 4],
        deps=["compound", "punct", "compound", "nsubj", "ROOT"],
        pos=["VERB", "PUNCT", "NOUN", "NOUN", "VERB"],
        lemmas=["counter", "-", "terror", "unit", "train"],
    )
    assert _dismissing(units[0:5]) is None


@pytest.mark.model
def test_a_relayed_report_names_its_source(nlp) -> None:
    from newsgraph.extraction import prepare
    from newsgraph.ingest.normalize import make_document

    text = (
        "Pipeline talks\n"
        "Earlier, as the Express Tribune reported, Pakistan has agreed to hand over the control of a gas "
        "pipeline project to Russia. Separately, Russia reportedly plans to supply wheat to Pakistan."
    )
    doc = nlp(prepare(nlp, make_document(text, source="t")))
    reported = [m for m in doc._.claims if m.kind == "reported"]
    by_text = {m.text.split()[0]: m for m in reported}
    assert by_text["Pakistan"].holder == "org:express-tribune" and by_text["Pakistan"].stance == "asserts"
    assert "as the Express Tribune reported" not in by_text["Pakistan"].text
    assert any(m.holder == "outlet" and m.stance == "reports" and "wheat" in m.text for m in reported)


def sketched(mid: str, doc: str, sketch: tuple[float, ...], **kw) -> ClaimMention:
    """A mention as extraction stores it: a sketch, no full embedding."""
    from dataclasses import replace

    return replace(cm(mid, doc, (), **kw), sketch=sketch)


def unit256(*weights: float) -> tuple[float, ...]:
    v = np.zeros(256, dtype=np.float32)
    v[: len(weights)] = weights
    return tuple(float(x) for x in v / np.linalg.norm(v))


def test_only_mentions_with_a_near_sketch_are_worth_embedding() -> None:
    a = sketched("m1", "d1", unit256(1, 0.1))
    b = sketched("m2", "d2", unit256(1, 0.3))  # near a, and blocked with it (the signature bands)
    c = sketched("m3", "d3", unit256(0, 1))  # shares the block, far from both
    d = sketched("m4", "d4", unit256(1, 0.1), actors=("IND",))  # the same sketch as a: the signature bands find it
    e = sketched("m5", "d5", unit256(0, 0, 1), actors=("IND",))  # far from all
    assert near_neighbours([a, b, c, d, e]) == {"m1", "m2", "m4"}
    assert NEAR < SAME


def test_a_mention_without_an_embedding_is_a_group_of_its_own() -> None:
    from dataclasses import replace

    a = cm("m1", "d1", unit(1, 0.05), holder="person:x")
    b = replace(cm("m2", "d2", (), stance="denies", holder="PAK"), sketch=unit256(1))
    claims, _ = group([a, b])
    assert not any(c.contested for c in claims)
    assert all(len(c.stances) == 1 for c in claims)


@pytest.mark.model
def test_resolution_embeds_and_stores_only_the_near_mentions(tmp_path) -> None:
    """Through the store: mentions with a near neighbour get their full embedding
    (kept for later runs), the rest keep none; the seeds-style restatement groups."""
    from newsgraph.claims.sketch import sketch
    from newsgraph.resolve.claim_links import embedded
    from newsgraph.store import Store

    texts = [
        "Pakistan supplied artillery shells to Ukraine through third countries",
        "Pakistan's shells reached Ukraine via third countries",
        "The wheat harvest in the Punjab was the largest in a decade",
    ]
    vectors = sketch(texts)
    mentions = [
        replace_(
            cm(f"m{i}", f"d{i}", (), keywords=("shell",) if i < 2 else ("wheat",)), text=t, sketch=tuple(map(float, v))
        )
        for i, (t, v) in enumerate(zip(texts, vectors, strict=True))
    ]
    with Store(tmp_path / "x.duckdb") as store:
        from newsgraph.store.arrow import claim_mention_values

        cols = [r[0] for r in store.con.execute("DESCRIBE claim_mentions").fetchall()]
        for m in mentions:
            store.con.execute(
                f"INSERT INTO claim_mentions ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                list(claim_mention_values(m)),
            )
        stored_mentions = store.claim_mentions()
        out = {m.id: m for m in embedded(store, stored_mentions, near_neighbours(stored_mentions))}
        assert len(out["m0"].vector) == len(out["m1"].vector) == 384 and not out["m2"].vector
        stored = dict(store.con.execute("SELECT id, vector IS NOT NULL FROM claim_mentions").fetchall())
        assert stored == {"m0": True, "m1": True, "m2": False}


def test_a_chain_of_links_is_cut_into_claims_that_hang_together():
    from newsgraph.resolve.claim_groups import adjacency, claim_sets, cohesive

    # two tight triangles joined by one bridge (c-d): two claims, not one
    links = [("a", "b"), ("b", "c"), ("a", "c"), ("c", "d"), ("d", "e"), ("e", "f"), ("d", "f")]
    assert claim_sets("abcdef", links) == [["a", "b", "c"], ["d", "e", "f"]]
    # a path of five: no mention is linked to more than two others
    path = [("p1", "p2"), ("p2", "p3"), ("p3", "p4"), ("p4", "p5")]
    parts = cohesive(["p1", "p2", "p3", "p4", "p5"], adjacency(path))
    assert sorted(map(len, parts), reverse=True)[0] <= 3
    # every pair linked: one claim
    clique = [(a, b) for a in "wxyz" for b in "wxyz" if a < b]
    assert claim_sets("wxyz", clique) == [["w", "x", "y", "z"]]


def test_claim_sets_depend_on_the_set_and_its_links_only():
    import random

    from newsgraph.resolve.claim_groups import claim_sets

    links = [("a", "b"), ("b", "c"), ("a", "c"), ("c", "d"), ("d", "e"), ("e", "f"), ("d", "f"), ("f", "g")]
    want = claim_sets("abcdefgh", links)
    rng = random.Random(3)
    for _ in range(20):
        ids, shuffled = list("abcdefgh"), list(links)
        rng.shuffle(ids)
        rng.shuffle(shuffled)
        assert claim_sets(ids, [(b, a) if rng.random() < 0.5 else (a, b) for a, b in shuffled]) == want
