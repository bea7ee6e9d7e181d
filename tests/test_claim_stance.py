"""The stance of any text toward any claim (``newsgraph.stance``): the cue
features, the packaged head, sentence splitting, and the answers on plain
sentences; a gate on the Emergent train split (../shared data)."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import numpy as np
import pytest

import newsgraph
from newsgraph.claims.features import feature_names, found, overlap, pair_features
from newsgraph.claims.head import CLASSES, fit, head
from newsgraph.claims.stance import sentences
from newsgraph.models import Claim

EMERGENT = Path(__file__).resolve().parents[2] / "shared" / "eval" / "emergent_train.csv"
CLAIM = "Pakistan supplies weapons to Ukraine"


def test_cues_match_whole_words_and_contractions() -> None:
    cues = found("Officials say it isn't true; the hoaxer denied nothing.")
    assert cues["says"] is True and cues["not"] is True and cues["hoax"] is True  # "say", "isn't", "hoaxer"
    assert found("The claim was made in Paris")["not"] is False
    assert found("It didn’t happen")["not"] is True  # a curly apostrophe too
    assert found("He denied it")["deny"] is True  # forms of a word are one cue


def test_a_cue_the_claim_itself_has_is_not_the_texts() -> None:
    names = feature_names()
    row = pair_features("Apple will not sell watches", "Apple will not sell watches", 1.0)
    assert row[names.index("cue:not")] == 0.0
    assert row[names.index("claim:negation")] == 1.0
    assert row[names.index("text:negation")] == 0.0


def test_overlap_counts_the_claims_content_words() -> None:
    assert overlap(CLAIM, "Weapons from Pakistan reached Ukraine") == pytest.approx(3 / 4)
    assert overlap(CLAIM, "The weather is fine") == 0.0


def test_sentences_keep_offsets() -> None:
    text = 'Headline here\nFirst one. "Second?" he asked. Third ends\n\nLast.'
    parts = sentences(text)
    assert [p.text for p in parts] == ["Headline here", "First one.", '"Second?" he asked.', "Third ends", "Last."]
    assert all(text[p.start : p.end] == p.text for p in parts)


def test_packaged_head_fits_the_features() -> None:
    h = head()
    assert h.features == feature_names()
    assert h.weights.shape == (len(h.features), len(CLASSES))
    assert h.meta["cv_by_claim"]["accuracy"] >= 0.74


def test_fit_learns_a_separable_rule() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(300, 3))
    y = (x[:, 0] > 0).astype(np.int64)
    names = ("a", "b", "bias")
    x[:, 2] = 1.0
    h = fit(x, y, names, l2=0.1, steps=300)
    assert (h.probabilities(x).argmax(axis=1) == y).mean() > 0.95


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pakistan has not supplied any weapons to Ukraine.", "denies"),
        ("Pakistan reportedly supplied weapons to Ukraine", "reports"),
        ("Pakistan sends weapons to Ukraine", "asserts"),
        ("Is Pakistan arming Ukraine?", "questions"),
        ("The weather in Paris was fine on Sunday.", None),
    ],
)
def test_stance_of_a_sentence(text: str, expected: str | None) -> None:
    found_stance = newsgraph.stance(text, CLAIM)
    assert (found_stance.stance if found_stance else None) == expected
    if found_stance is not None:
        assert text[found_stance.evidence.start : found_stance.evidence.end] == found_stance.evidence.text
        assert 0.0 < (found_stance.confidence or 0.0) <= 1.0


def test_stance_reads_an_article_by_its_relevant_sentences() -> None:
    article = (
        "Cricket board names new captain\n"
        "The board met on Monday to discuss the tour. Several players were rested.\n"
        "Separately, the foreign office said Pakistan has never supplied weapons to Ukraine and called "
        "the reports baseless. The spokesperson spoke in Islamabad.\n"
    )
    found_stance = newsgraph.stance(article, CLAIM)
    assert found_stance is not None and found_stance.stance == "denies"
    assert "never supplied" in found_stance.evidence.text


def test_stance_takes_a_stored_claim() -> None:
    claim = Claim("cl-1", CLAIM, "PAK", "AID", "military", "UKR")
    found_stance = newsgraph.stance("Pakistan denies sending arms to Ukraine", claim)
    assert found_stance is not None and found_stance.stance == "denies"


@pytest.mark.slow
def test_emergent_train_split_by_claim() -> None:
    """Five folds split by claim on the Emergent train split: the head keeps its accuracy on unseen claims."""
    if not EMERGENT.is_file():
        pytest.skip("uses ../shared/eval/emergent_train.csv, which is absent")
    from newsgraph.claims.encoder import embed
    from newsgraph.claims.train import LABELS

    with EMERGENT.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    y = np.array([CLASSES.index(LABELS[r["articleHeadlineStance"]]) for r in rows])
    cos = (embed([r["claimHeadline"] for r in rows]) * embed([r["articleHeadline"] for r in rows])).sum(axis=1)
    x = np.stack(
        [pair_features(r["claimHeadline"], r["articleHeadline"], float(c)) for r, c in zip(rows, cos, strict=True)]
    )
    claims = sorted({r["claimId"] for r in rows})
    random.Random(0).shuffle(claims)
    fold_of = {c: i % 5 for i, c in enumerate(claims)}
    fold = np.array([fold_of[r["claimId"]] for r in rows])
    pred = np.zeros(len(y), dtype=np.int64)
    for k in range(5):
        h = fit(x[fold != k], y[fold != k], feature_names(), l2=200.0)
        pred[fold == k] = h.probabilities(x[fold == k]).argmax(axis=1)
    accuracy = (pred == y).mean()
    deny = CLASSES.index("denies")
    tp = ((pred == deny) & (y == deny)).sum()
    against_f1 = 2 * tp / ((pred == deny).sum() + (y == deny).sum())
    assert accuracy >= 0.74
    assert against_f1 >= 0.70


def test_a_headline_is_read_whole() -> None:
    # split in two sentences, the question would decide alone; read whole, the headline relays the claim
    found_stance = newsgraph.stance("Pakistan arming Ukraine? Reports say shells were sent", CLAIM)
    assert found_stance is not None
    assert found_stance.evidence.text == "Pakistan arming Ukraine? Reports say shells were sent"
    assert found_stance.stance in {"reports", "questions"}
