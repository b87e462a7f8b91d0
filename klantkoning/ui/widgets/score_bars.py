"""Points per dimension as bars that read without colour: ``░░░│████░░░░ 4/8``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rich.text import Text
from textual.widgets import Static

from klantkoning.ui.widgets.mood import number

BAR_WIDTH = 16
ZERO_MARK = "│"


@dataclass(frozen=True)
class ScoreRow:
    """One bar: a label, the points earned, the most attainable (``None``: unknown or
    unbounded) and the least attainable (``None``: taken as zero, or the points earned
    when those are below zero)."""

    label: str
    earned: int
    possible: int | None
    dim: bool = False
    note: str = ""
    minimum: int | None = None


def bar(
    earned: int, possible: int | None, width: int = BAR_WIDTH, minimum: int | None = None
) -> str:
    """The bar from the minimum to the maximum with zero marked (``│``).

    Filled cells run from zero towards the points earned: to the right for points won,
    to the left for points lost, so a negative total never looks like an empty bar. A
    range that cannot go below zero has its zero at the left edge and no mark.
    """
    high = max(0, possible or 0, earned)
    low = min(0, minimum if minimum is not None else 0, earned)
    if low == 0:
        if high <= 0 or earned <= 0:
            return "░" * width
        filled = max(0, min(width, round(width * earned / high)))
        return "█" * filled + "░" * (width - filled)
    # Room for both sides in proportion to the range, at least one cell each side that
    # has a range at all.
    left = max(1, round(width * -low / (high - low)))
    if high > 0:
        left = min(left, width - 1)
    right = width - left
    if earned < 0:
        lost = max(1, min(left, round(left * earned / low)))
        return "░" * (left - lost) + "█" * lost + ZERO_MARK + "░" * right
    won = max(0, min(right, round(right * earned / high))) if high > 0 else 0
    return "░" * left + ZERO_MARK + "█" * won + "░" * (right - won)


def score_rows_text(rows: Iterable[ScoreRow], *, label_width: int = 18) -> Text:
    """The rows as one Text (used by the widget and by the debrief)."""
    out = Text(no_wrap=True, overflow="ellipsis")
    first = True
    for row in rows:
        if not first:
            out.append("\n")
        first = False
        style = "dim" if row.dim else ""
        label = row.label if len(row.label) <= label_width else row.label[: label_width - 1] + "…"
        out.append(f"{label:<{label_width}} ", style=style or "bold")
        drawn = bar(row.earned, row.possible, minimum=row.minimum)
        if ZERO_MARK not in drawn:
            # A bar with a negative side is one cell wider (the zero mark): pad the others
            # so the numbers stay in one column, in every block of bars.
            drawn = " " + drawn
        out.append(drawn, style=style)
        earned = number(row.earned)
        amount = f" {earned}/{row.possible}" if row.possible is not None else f" {earned}"
        out.append(amount, style=style)
        if row.note:
            out.append(f"  {row.note}", style="dim")
    return out


class ScoreBars(Static):
    """A block of labelled bars; each reads as text (``████░░░░ 4/8``), colour optional."""

    DEFAULT_CSS = """
    ScoreBars {
        height: auto;
        width: 100%;
    }
    """

    def __init__(
        self, rows: Iterable[ScoreRow] = (), *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self.set_rows(rows)

    def set_rows(self, rows: Iterable[ScoreRow]) -> None:
        self.update(score_rows_text(list(rows)))
