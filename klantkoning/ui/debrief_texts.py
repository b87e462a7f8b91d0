"""The texts of the debrief, built from :mod:`klantkoning.ui.debrief_data` (scenario text
always literal: ``plain``/``cleaned``, never markup)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text

from klantkoning.engine.format.dimensions import Dimensions
from klantkoning.engine.format.model import Choice
from klantkoning.engine.play.session import PlayResult
from klantkoning.i18n import t
from klantkoning.ui.debrief_data import LevelCount, RoadStep, outcome_after, worked_from_values
from klantkoning.ui.localize import cleaned, dim_label, plain
from klantkoning.ui.widgets.mood import FACES, mood_change, mood_word, signed

OUTCOME_MARK = {"ontevreden": "😞", "tevreden": "🙂", "enthousiast": "🤩"}
SHORT_FEEDBACK = 140
"""Characters of an alternative's feedback on the one-screen summary (two lines at 80
columns); the details show all of it."""
SHORT_ENDING = 72
"""Characters of the ending's text on the summary: one line."""


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word before ``limit`` characters, with ``…``."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def outcome_text(result: PlayResult, *, with_line: bool = False) -> Text:
    """The ending's title and text, the outcome and the mood from start to end."""
    out = Text()
    title = cleaned(result.ending.title)
    out.append(title if with_line else shorten(title, SHORT_ENDING), style="bold")
    ending = cleaned(result.ending.text)
    if ending and not with_line:
        ending = shorten(ending, SHORT_ENDING)
    if ending:
        out.append("\n")
        out.append(ending, style="not bold italic")
    out.append("\n")
    out.append(f"{OUTCOME_MARK.get(result.outcome, '')} ")
    out.append(f" {t(f'outcome.{result.outcome}').upper()} ", style="bold reverse")
    if with_line:
        out.append("\n" + t(f"outcome_line.{result.outcome}"), style="not bold")
        out.append("\n")
    else:
        out.append("  ")
    out.append(t("debrief.mood") + " ", style="bold")
    start, end = result.start_mood, result.mood
    if with_line:
        out.append(
            f"{FACES[start]} {mood_word(start)} {signed(start)} → "
            f"{FACES[end]} {mood_word(end)} {signed(end)}",
            style="not bold",
        )
    else:
        # One line next to the outcome: the numbers, and the word for where it ended.
        out.append(
            f"{signed(start)} → {signed(end)} {FACES[end]} {mood_word(end)}", style="not bold"
        )
    if with_line:
        out.append("  " + t("debrief.lowest", lowest=signed(result.lowest_mood)), style="dim")
    return out


def _one_line_grid() -> Table:
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=2, no_wrap=True)
    grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    return grid


def went_well_text(
    steps: Sequence[RoadStep], dimensions: Dimensions, *, judged: bool = True
) -> Table | Text:
    """Two choices judged best, one line each: the choice and what it served."""
    if not judged:
        return Text(t("teaching_ui.unjudged"), style="italic")
    if not steps:
        return Text(t("teaching_ui.went_well_none"), style="italic")
    grid = _one_line_grid()
    for step in steps:
        line = Text()
        served = [f"{label} {signed(p)}" for label, p in labelled(step.choice, dimensions) if p > 0]
        line.append(t("teaching_ui.step", step=step.number), style="bold")
        if served:
            line.append(" · " + ", ".join(served), style="dim")
        line.append(" — " + cleaned(step.choice.text), style="italic")
        grid.add_row(Text("✓", style="bold"), line)
    return grid


def work_on_text(found: tuple[str, int] | None, dimensions: Dimensions) -> Text:
    """The one dimension to work on, or that nothing needs it."""
    out = Text()
    out.append(t("teaching_ui.work_on") + " ", style="bold")
    if found is None:
        out.append(t("teaching_ui.work_on_none"))
    else:
        dim, missed = found
        label = dim_label(dimensions, dim)
        out.append(t("teaching_ui.work_on_dim", dimension=label, missed=missed))
    return out


def why_better(step: RoadStep) -> str:
    """Why the judge prefers the alternative, in the rule's own order."""
    verdict = step.verdict
    assert verdict is not None and verdict.better_verdict is not None
    better, chosen = verdict.better_verdict, verdict.chosen_verdict
    if better.rank[0] != chosen.rank[0]:
        return t(
            "teaching_ui.why_outcome",
            better=_outcome_name(outcome_after(better)),
            yours=_outcome_name(outcome_after(chosen)),
        )
    if better.points != chosen.points:
        return t(
            "teaching_ui.why_points", better=signed(better.points), yours=signed(chosen.points)
        )
    return t("teaching_ui.why_mood", better=signed(better.mood), yours=signed(chosen.mood))


def _outcome_name(outcome: str) -> str:
    return t(f"outcome.{outcome}").lower() if outcome else t("teaching_ui.no_outcome")


def mattered_text(step: RoadStep | None, *, judged: bool = True) -> Text:
    """The alternative that mattered most: the choice made, the better one, its feedback."""
    out = Text()
    if not judged:
        return out
    if step is None or step.better_choice is None:
        out.append(t("teaching_ui.mattered_none"), style="italic")
        return out
    out.append(t("teaching_ui.mattered", step=step.number), style="bold")
    out.append("\n" + t("teaching_ui.yours") + " ", style="bold")
    out.append(shorten(cleaned(step.choice.text), 70), style="italic")
    out.append("\n" + t("teaching_ui.better") + " ", style="bold")
    out.append(shorten(cleaned(step.better_choice.text), 64), style="italic")
    out.append(f" ({why_better(step)})", style="dim")
    feedback = cleaned(step.better_choice.feedback)
    if feedback:
        out.append("\n" + shorten(feedback, SHORT_FEEDBACK))
    return out


def questions_grid(questions: Sequence[str]) -> Table:
    """Discussion questions; a grid keeps a wrapped question indented under its text."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=3, no_wrap=True, justify="right")
    grid.add_column(ratio=1)
    for q in questions:
        grid.add_row(Text("?", style="bold"), plain(q))
    return grid


def road_text(road: Sequence[RoadStep], dimensions: Dimensions) -> Table:
    """Choice by choice: what you did, its effect and feedback, and the judge's verdict."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=3, no_wrap=True, justify="right")
    grid.add_column(ratio=1)
    for step in road:
        out = Text()
        if step.number > 1:
            grid.add_row("", "")
        out.append(cleaned(step.choice.text), style="bold")
        points = [f"{d} {signed(p)}" for d, p in labelled(step.choice, dimensions)]
        change = mood_change(step.mood_before, step.mood_after, step.choice.mood)
        facts = [t("debrief.mood_short", mood=change), *points]
        out.append("\n" + " · ".join(facts), style="dim")
        if step.choice.reaction:
            out.append("\n" + t("teaching_ui.reaction") + " ")
            out.append(cleaned(step.choice.reaction), style="italic")
        if step.choice.feedback:
            out.append("\n")
            out.append(cleaned(step.choice.feedback))
        verdict = step.verdict
        if verdict is not None and step.better_choice is None:
            ties = sum(1 for v in verdict.verdicts if v.best) > 1
            out.append(
                "\n✓ " + t("teaching_ui.was_best_tie" if ties else "debrief.was_best"),
                style="italic",
            )
        elif step.better_choice is not None:
            out.append("\n✗ " + t("debrief.not_taken") + " ", style="italic")
            out.append(cleaned(step.better_choice.text), style="italic")
            out.append(f" ({why_better(step)})", style="dim")
            if step.better_choice.feedback:
                out.append("\n  ")
                out.append(cleaned(step.better_choice.feedback), style="dim")
        grid.add_row(Text(f"{step.number}.", style="bold"), out)
    return grid


def levels_text(levels: Sequence[LevelCount]) -> Text:
    """The seven levels, each with ✓ per best choice and ✗ per weak choice acting there
    (two marks and two counts: never colour alone). Pol's quote on working from values
    only when a best choice did."""
    out = Text()
    width = max(len(t(f"level.{c.level}")) for c in levels)
    for n, count in enumerate(levels, start=1):
        label = f"  {n}. {t(f'level.{count.level}'):<{width}}  "
        out.append(label, style="bold" if count.total else "dim")
        if not count.total:
            out.append("·", style="dim")
        out.append("✓" * count.best, style="bold green")
        if count.best and count.weak:
            out.append(" ")
        out.append("✗" * count.weak, style="bold red")
        out.append("●" * count.unjudged)
        parts = []
        if count.best:
            parts.append(t("teaching_ui.levels_best", count=count.best))
        if count.weak:
            parts.append(t("teaching_ui.levels_weak", count=count.weak))
        if count.unjudged:
            parts.append(str(count.unjudged))
        if parts:
            out.append(f"  ({', '.join(parts)})", style="dim")
        out.append("\n")
    out.append(t("teaching_ui.levels_hint"), style="dim")
    if worked_from_values(levels):
        out.append("\n\n" + t("debrief.levels_pol"), style="italic")
    return out


def labelled(choice: Choice, dims: Dimensions) -> list[tuple[str, int]]:
    """A choice's points with the dimensions' labels, in the dimensions' order."""
    out = []
    for dim in dims:
        points = choice.score.get(dim.id)
        if points:
            out.append((dim.label(), points))
    return out
