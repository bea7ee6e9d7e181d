"""The real news bodies beside the project (../shared/eval/realnews: FNC-1 train), for
the benchmarks and tests that read real text.  They are not in the repository: a
caller says what it does without them."""

from __future__ import annotations

import csv
from pathlib import Path

FNC1 = Path(__file__).resolve().parents[2] / "shared" / "eval" / "realnews" / "fnc1_train_bodies.csv"


def fnc1_rows() -> list[dict[str, str]]:
    """Every row ("Body ID", "articleBody") in file order; none where the file is absent."""
    if not FNC1.is_file():
        return []
    csv.field_size_limit(10_000_000)  # a body can be longer than csv's default field
    with FNC1.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def fnc1_bodies(limit: int | None = None) -> list[str]:
    """The first ``limit`` bodies (all of them without one)."""
    return [row["articleBody"] for row in fnc1_rows()][:limit]
