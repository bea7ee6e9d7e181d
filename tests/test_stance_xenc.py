"""The stance cross-encoder's pieces that run without PyTorch: the head
carried over as its starting output layer, and the runtime's error when no
model was built (newsgraph ships none: docs/claims.md)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newsgraph.claims.head import fit
from newsgraph.claims.train_xenc import head_as_output_layer
from newsgraph.claims.xenc import CrossEncoder
from newsgraph.errors import ModelError


def test_the_head_carried_over_gives_the_heads_logits() -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(loc=[2.0, -1.0, 0.5, 0.0], scale=[3.0, 0.5, 1.0, 1.0], size=(200, 4))
    x[:, 3] = 1.0  # the bias feature: constant, so our standardisation zeroes it
    y = (x[:, 0] + x[:, 1] > 1.0).astype(np.int64) + (x[:, 2] > 1.5).astype(np.int64)
    fitted = fit(x, y, ("a", "b", "c", "bias"), l2=1.0, steps=200)
    # the cross-encoder standardises as train_xenc.train does: a constant column gets scale 1
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    w, bias = head_as_output_layer(fitted, mean, scale)
    ours = ((x - mean) / scale) @ w + bias
    heads = ((x - fitted.mean) / fitted.scale) @ fitted.weights
    assert np.allclose(ours, heads, atol=1e-9)
    assert (ours.argmax(axis=1) == fitted.probabilities(x).argmax(axis=1)).all()


def test_a_missing_cross_encoder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="train_xenc"):
        CrossEncoder(tmp_path / "stance_xenc.onnx")
