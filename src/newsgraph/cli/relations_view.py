"""Terminal rendering of dyad series for ``newsgraph relations``.

Each period gets a row and a two-sided bar: conflict grows left of the axis
in red, cooperation right of it in green, both scaled to the largest total.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.console import Console
from rich.text import Text

from newsgraph.resolve.relations import QUADS, DyadSeries
from newsgraph.terminal import Table, markup_safe

BAR = 16  # characters on each side of the axis


def bar(cooperation: float, conflict: float, scale: float) -> Text:
    left = round(BAR * conflict / scale) if scale else 0
    right = round(BAR * cooperation / scale) if scale else 0
    text = Text(" " * (BAR - left))
    text.append("█" * left, style="red")
    text.append("│", style="dim")
    text.append("█" * right, style="green")
    text.append(" " * (BAR - right))
    return text


def _signed(x: float) -> str:
    return f"{x:+.1f}" if x else "0"


def print_series(console: Console, series: DyadSeries, names: Mapping[str, str]) -> None:
    a, b = series.pair
    pair = f"{markup_safe(names.get(a, a))} – {markup_safe(names.get(b, b))}"
    console.print(
        f"[bold]{pair}[/] by {series.by}: {series.events} events happened, "
        f"cooperation {series.cooperation:.1f}, conflict {series.conflict:.1f}, "
        f"balance {_signed(series.cooperation - series.conflict)} ({series.direction})"
    )
    if not series.periods:
        console.print("no dated events that happened between these two")
    else:
        scale = max(max(p.cooperation, p.conflict) for p in series.periods) or 1.0
        table = Table(
            "period",
            "events",
            "coop",
            "conflict",
            "balance",
            "trend",
            "apart",
            "conflict │ cooperation",
        )
        for p in series.periods:
            table.add_row(
                p.period,
                str(p.events),
                f"{p.cooperation:.1f}",
                f"{p.conflict:.1f}",
                _signed(p.balance),
                "–" if p.trend is None else _signed(p.trend),
                str(p.set_apart or ""),
                bar(p.cooperation, p.conflict, scale),
            )
        console.print(table)
        quads = {q: sum(p.quads.get(q, 0) for p in series.periods) for q in QUADS}
        console.print("by kind: " + ", ".join(f"{n} {q.replace('_', ' ')}" for q, n in quads.items() if n))
    notes = []
    if series.undated:
        notes.append(f"{series.undated} undated (not placed in any period)")
    if series.imprecise:
        notes.append(f"{series.imprecise} dated more coarsely than a {series.by}")
    if series.set_apart:
        apart = ", ".join(f"{n} {k}" for k, n in sorted(series.set_apart.items()))
        notes.append(f"set apart, not counted: {apart}")
    for note in notes:
        console.print(f"[dim]· {note}[/]")


def print_pairs(console: Console, pairs: Sequence[DyadSeries], names: Mapping[str, str]) -> None:
    if not pairs:
        console.print("no events between states yet")
        return
    scale = max(max(s.cooperation, s.conflict) for s in pairs) or 1.0
    table = Table(
        "pair",
        "events",
        "coop",
        "conflict",
        "balance",
        "direction",
        "undated",
        "apart",
        "conflict │ cooperation",
        title="Pairs of states",
    )
    for s in sorted(pairs, key=lambda s: -s.events):
        a, b = s.pair
        table.add_row(
            f"{names.get(a, a)} – {names.get(b, b)}",
            str(s.events),
            f"{s.cooperation:.1f}",
            f"{s.conflict:.1f}",
            _signed(s.cooperation - s.conflict),
            s.direction,
            str(s.undated or ""),
            str(sum(s.set_apart.values()) or ""),
            bar(s.cooperation, s.conflict, scale),
        )
    console.print(table)
