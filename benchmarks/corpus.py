"""A synthetic news corpus for benchmarks: real paragraphs, recombined.

Articles are built from the paragraphs of ``samples/corpus`` (or, when that
folder is absent, ``fallback_paragraphs.txt`` beside this file): each article
takes 6-12 paragraphs drawn at random, so the text is real news prose with
real entities, dates and quotes, at any corpus size.  The generator is
seeded: the same size gives the same corpus.

    python benchmarks/corpus.py OUT_DIR --count 5000
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent / "samples" / "corpus"
FALLBACK = HERE / "fallback_paragraphs.txt"
MIN_WORDS = 12  # shorter blocks are titles and bylines, not paragraphs


def paragraphs(samples: Path = SAMPLES) -> list[str]:
    """The paragraph pool: every paragraph of the sample articles (plain text only)."""
    pool: list[str] = []
    for path in sorted(samples.glob("*.txt")) if samples.is_dir() else []:
        pool.extend(_blocks(path.read_text("utf-8")))
    if len(pool) < 20:
        pool.extend(
            _blocks("\n".join(line for line in FALLBACK.read_text("utf-8").splitlines() if not line.startswith("#")))
        )
    return pool


def _blocks(text: str) -> list[str]:
    blocks = [" ".join(b.split()) for b in text.replace("\r\n", "\n").split("\n\n")]
    out: list[str] = []
    for block in blocks:
        # one-paragraph-per-line files have no blank lines between paragraphs
        for line in block.split("\n") if "\n" in block else [block]:
            if len(line.split()) >= MIN_WORDS:
                out.append(line.strip())
    return out


def articles(count: int, seed: int = 20240101, pool: list[str] | None = None) -> list[str]:
    pool = pool if pool is not None else paragraphs()
    rng = random.Random(seed)
    out = []
    for i in range(count):
        body = rng.sample(pool, k=min(len(pool), rng.randint(6, 12)))
        # the number makes every text unique, so none is dropped as a duplicate
        title = f"Dispatch {i + 1}: " + " ".join(body[0].split()[:8]).rstrip(",.;:")
        out.append(title + "\n\n" + "\n\n".join(body) + "\n")
    return out


def write_corpus(out: Path, count: int, seed: int = 20240101) -> list[Path]:
    """Write ``count`` articles as text files under ``out`` (reused when already there)."""
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / f"{i:06d}.txt" for i in range(count)]
    if all(p.exists() for p in paths) and not (out / f"{count:06d}.txt").exists():
        return paths
    for old in out.glob("*.txt"):
        old.unlink()
    for path, text in zip(paths, articles(count, seed), strict=True):
        path.write_text(text, "utf-8")
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=20240101)
    args = parser.parse_args()
    paths = write_corpus(args.out, args.count, args.seed)
    words = sum(len(p.read_text("utf-8").split()) for p in paths)
    print(f"{len(paths)} articles, {words} words ({words / len(paths):.0f} per article) in {args.out}")


if __name__ == "__main__":
    main()
