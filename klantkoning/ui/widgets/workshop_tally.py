"""Vote tallies and team scores as text bars that read without colour."""

from __future__ import annotations

from rich.text import Text

from klantkoning.engine.workshop.votes import letter

TALLY_WIDTH = 20


def tally_bar(count: int, most: int, width: int = TALLY_WIDTH) -> str:
    """``██████░░░░`` in proportion to the option with most votes."""
    filled = 0 if most <= 0 else max(1 if count else 0, round(width * count / most))
    return "█" * filled + "░" * (width - filled)


def tally_text(tally: list[int], *, highlight: int | None = None, width: int = TALLY_WIDTH) -> Text:
    """One line per option: ``A ██████░░░░  3``; ``highlight`` gets a ▶ marker."""
    out = Text(no_wrap=True)
    most = max(tally) if tally else 0
    for pos, count in enumerate(tally):
        if pos:
            out.append("\n")
        marker = "▶" if pos == highlight else " "
        out.append(f"{marker} {letter(pos)} ", style="bold")
        out.append(tally_bar(count, most, width))
        number = str(count)
        out.append(" " * (4 - len(number)) if len(number) < 4 else " ")
        out.append(number, style="bold")
    return out
