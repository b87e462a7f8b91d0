"""Points per dimension as bars that read without colour: ``████░░░░ 4/8``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rich.text import Text
from textual.widgets import Static

from klantkoning.ui.widgets.mood import number

BAR_WIDTH = 16


@dataclass(frozen=True)
class ScoreRow:
    """One bar: a label, the points earned and the most attainable (``None``: unknown or
    unbounded)."""

    label: str
    earned: int
    possible: int | None
    dim: bool = False
    note: str = ""


def bar(earned: int, possible: int | None, width: int = BAR_WIDTH) -> str:
    """``████░░░░``: the share of ``possible`` earned; nothing filled at zero or below
    (the number next to the bar says how far below)."""
    if not possible or possible <= 0 or earned <= 0:
        return "░" * width
    filled = max(0, min(width, round(width * earned / possible)))
    return "█" * filled + "░" * (width - filled)


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
        out.append(bar(row.earned, row.possible), style=style)
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
