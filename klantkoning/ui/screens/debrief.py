"""The debrief: how it ended, the scores against what was attainable, the road (not) taken,
the seven levels, the recovery badge, questions to discuss, and the comparison with before."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from klantkoning.engine.format.dimensions import GROUPS, Dimensions
from klantkoning.engine.format.model import LEVELS, Choice, Scenario
from klantkoning.engine.play.session import PlayResult, Session
from klantkoning.engine.saves.progress import outcome_rank
from klantkoning.i18n import t
from klantkoning.ui.localize import cleaned, localize_bindings, plain, tn
from klantkoning.ui.runner import PlayRunner
from klantkoning.ui.widgets.mood import FACES, mood_word, number, signed
from klantkoning.ui.widgets.score_bars import ScoreBars, ScoreRow

RECOVERY_ACHIEVEMENT = "herstelparadox"
OUTCOME_MARK = {"ontevreden": "😞", "tevreden": "🙂", "enthousiast": "🤩"}


@dataclass(frozen=True)
class RoadStep:
    """One choice of the play, with what the best alternative at that moment was."""

    number: int
    beat_id: str
    choice: Choice
    value: int | None
    best_index: int | None
    best_choice: Choice | None
    best_value: int | None


def road_taken(
    scenario: Scenario, dimensions: Dimensions, history: list[tuple[str, int]]
) -> list[RoadStep]:
    """Replay ``history`` step by step; at each step ask the analysis what each visible
    choice could still earn (with the flags of that moment)."""
    session = Session(scenario, dimensions)
    steps: list[RoadStep] = []
    for n, (beat_id, index) in enumerate(history, start=1):
        values = _choice_values(scenario, dimensions, beat_id, session.flags)
        chosen_value = values.get(index)
        beat = scenario.beats[beat_id]
        best_index: int | None = None
        best_value: int | None = None
        # The most attainable wins; on a tie, what the choice itself earns at once (a
        # choice that costs points is not "the best" just because a later recovery
        # can make up for it).
        best_key: tuple[int, int] | None = None
        for i, v in values.items():
            if v is None:
                continue
            key = (v, sum(beat.choices[i].score.values()))
            if best_key is None or key > best_key:
                best_index, best_value, best_key = i, v, key
        if best_index is not None and chosen_value == best_value:
            own = sum(beat.choices[index].score.values())
            if best_key is not None and own >= best_key[1]:
                best_index = index
        choice = beat.choices[index]
        best_choice = beat.choices[best_index] if best_index is not None else None
        steps.append(
            RoadStep(n, beat_id, choice, chosen_value, best_index, best_choice, best_value)
        )
        session.choose_index(index)
    return steps


def score_rows(
    scenario: Scenario, dimensions: Dimensions, score: dict[str, int]
) -> dict[str, list[ScoreRow]]:
    """Per group, one bar per dimension: earned against the most attainable in any play.

    Dimensions the scenario can neither win nor lose points on are left out.
    """
    ranges = _score_ranges(scenario, dimensions)
    out: dict[str, list[ScoreRow]] = {}
    for group in GROUPS:
        rows = []
        for dim in dimensions.in_group(group):
            low, high = ranges.get(dim.id, (0, 0)) if ranges is not None else (None, None)
            earned = score.get(dim.id, 0)
            if low == 0 and high == 0 and earned == 0:
                continue
            if ranges is None and not _scores(scenario, dim.id):
                continue
            possible = high if high is not None else None
            rows.append(ScoreRow(dim.label(), earned, possible, dim=(possible or 0) <= 0))
        if rows:
            out[group] = rows
    return out


def _score_ranges(
    scenario: Scenario, dimensions: Dimensions
) -> dict[str, tuple[int | None, int | None]] | None:
    """The analysis' score ranges; ``None`` when it cannot tell (the debrief then shows
    points without a maximum rather than failing)."""
    try:
        from klantkoning.engine.analysis.analyse import analyse

        return dict(analyse(scenario, dimensions).score_range)
    except Exception:
        return None


def _choice_values(
    scenario: Scenario, dimensions: Dimensions, beat_id: str, flags: set[str]
) -> dict[int, int | None]:
    """File index -> best attainable total per visible choice (empty when unknown)."""
    try:
        from klantkoning.engine.analysis.analyse import choice_value

        return dict(choice_value(scenario, dimensions, beat_id, frozenset(flags)))
    except Exception:
        return {}


def _scores(scenario: Scenario, dim_id: str) -> bool:
    return any(dim_id in c.score for beat in scenario.beats.values() for c in beat.choices)


def levels_acted(scenario: Scenario, history: list[tuple[str, int]]) -> dict[str, int]:
    """How many of the player's choices acted at each of the seven levels."""
    counts = dict.fromkeys(LEVELS, 0)
    for beat_id, index in history:
        level = scenario.beats[beat_id].choices[index].level
        if level:
            counts[level] += 1
    return counts


def discussion(scenario: Scenario, path: tuple[str, ...] | list[str]) -> list[str]:
    """The beats' and the ending's questions on the path, each once, in order."""
    seen: list[str] = []
    for node in path:
        node_obj = scenario.beats.get(node) or scenario.endings.get(node)
        for question in getattr(node_obj, "discuss", ()):
            if question not in seen:
                seen.append(question)
    return seen


class DebriefScreen(Screen[None]):
    """After the play: what happened, and what could have happened."""

    REPLACED_BY_PLAY = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "again", "debrief.key_again", id="debrief-again"),
        Binding("s", "library", "debrief.key_library", id="debrief-library"),
        Binding("escape,h", "home", "debrief.key_home", id="debrief-home"),
    ]

    def __init__(self, runner: PlayRunner) -> None:
        super().__init__(id="debrief")
        localize_bindings(self)
        self.runner = runner
        self.result: PlayResult = runner.session.result()

    def compose(self) -> ComposeResult:
        runner, result = self.runner, self.result
        scenario = runner.scenario
        dims = runner.session.dimensions
        history = list(runner.session.history)
        with VerticalScroll(id="debrief-scroll", classes="page"), Vertical(classes="column"):
            title = Text(t("debrief.title") + " — ", style="bold")
            title.append(cleaned(scenario.scenario.title))
            yield Static(title, classes="page-title", markup=False)
            yield Static(
                self._outcome_text(), classes="outcome", id="debrief-outcome", markup=False
            )
            yield Static(self._compare_text(), id="debrief-compare", markup=False)
            badges = self._badges_text()
            if badges is not None:
                yield Static(badges, classes="badge", id="debrief-badges", markup=False)
            yield Static(t("debrief.scores_title"), classes="section-title")
            yield Static(t("debrief.scores_hint"), classes="muted")
            for group, rows in score_rows(scenario, dims, result.score).items():
                yield Static(t(f"group.{group}"), classes="section-subtitle")
                yield ScoreBars(rows)
            yield Static(t("debrief.road_title"), classes="section-title")
            yield Static(self._road_text(), id="debrief-road", markup=False)
            yield Static(t("debrief.levels_title"), classes="section-title")
            yield Static(
                self._levels_text(levels_acted(scenario, history)),
                id="debrief-levels",
                markup=False,
            )
            questions = discussion(scenario, result.path)
            if questions:
                yield Static(t("debrief.discuss_title"), classes="section-title")
                # A grid keeps a wrapped question indented under its text.
                grid = Table.grid(padding=(0, 1), expand=True)
                grid.add_column(width=3, no_wrap=True, justify="right")
                grid.add_column(ratio=1)
                for q in questions:
                    grid.add_row(Text("?", style="bold"), plain(q))
                yield Static(grid, id="debrief-discuss", markup=False)
        with Horizontal(id="debrief-buttons"):
            yield Button(t("debrief.again"), id="debrief-again", compact=True, variant="primary")
            yield Button(t("debrief.library"), id="debrief-library", compact=True)
            yield Button(t("debrief.home"), id="debrief-home", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#debrief-scroll").focus()

    # -- texts ------------------------------------------------------------------------

    def _outcome_text(self) -> Text:
        result = self.result
        out = Text()
        out.append(plain(result.ending.title, style="bold"))
        out.append("\n")
        out.append(plain(result.ending.text, style="not bold italic"))
        out.append("\n\n")
        out.append(f"{OUTCOME_MARK.get(result.outcome, '')} ")
        out.append(f" {t(f'outcome.{result.outcome}').upper()} ", style="bold reverse")
        out.append("\n" + t(f"outcome_line.{result.outcome}"), style="not bold")
        out.append("\n")
        out.append(t("debrief.mood") + " ", style="bold")
        start, end = result.start_mood, result.mood
        out.append(
            f"{FACES[start]} {mood_word(start)} {signed(start)} → "
            f"{FACES[end]} {mood_word(end)} {signed(end)}",
            style="not bold",
        )
        out.append("  " + t("debrief.lowest", lowest=signed(result.lowest_mood)), style="dim")
        return out

    def _badges_text(self) -> Table | None:
        """The recovery badge and newly earned achievements, one short block."""
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(width=2, no_wrap=True)
        grid.add_column(ratio=1)
        rows = 0
        new = list(self.runner.new_achievements)
        if self.result.recovered:
            text = Text(t("debrief.recovered_title"), style="bold")
            # The achievement of the same name says the same thing: one line, not two blocks.
            if any(a.id == RECOVERY_ACHIEVEMENT for a in new):
                new = [a for a in new if a.id != RECOVERY_ACHIEVEMENT]
                text.append("  " + t("debrief.recovered_new"), style="not bold italic")
            text.append("\n")
            text.append(t("debrief.recovered_text"), style="not bold")
            grid.add_row("🏅", text)
            rows += 1
        for achievement in new:
            text = Text(t("debrief.achievement", title=achievement.title) + "\n", style="bold")
            text.append(achievement.description, style="not bold dim")
            grid.add_row("🏆", text)
            rows += 1
        return grid if rows else None

    def _compare_text(self) -> Text:
        result, before = self.result, self.runner.previous_best
        total = sum(result.score.values())
        out = Text()
        out.append(
            tn(
                "debrief.this_time",
                total,
                outcome=t(f"outcome.{result.outcome}"),
                score=number(total),
            )
        )
        if before is None:
            out.append("  " + t("debrief.first_time"), style="italic")
            return out
        out.append("\n")
        out.append(
            tn(
                "debrief.before_best",
                before.total,
                outcome=t(f"outcome.{before.outcome}"),
                score=number(before.total),
            )
        )
        mine = (outcome_rank(result.outcome), total)
        theirs = (outcome_rank(before.outcome), before.total)
        verdict = "better" if mine > theirs else "same" if mine == theirs else "worse"
        out.append("  " + t(f"debrief.verdict_{verdict}"), style="bold")
        return out

    def _road_text(self) -> Table:
        """Choice by choice: what you did, its points and feedback, and the road not taken."""
        scenario = self.runner.scenario
        dims = self.runner.session.dimensions
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(width=3, no_wrap=True, justify="right")
        grid.add_column(ratio=1)
        for step in road_taken(scenario, dims, list(self.runner.session.history)):
            out = Text()
            if step.number > 1:
                grid.add_row("", "")
            out.append(cleaned(step.choice.text), style="bold")
            points = [f"{d} {signed(p)}" for d, p in _labelled(step.choice, dims)]
            facts = [t("debrief.mood_short", mood=signed(step.choice.mood)), *points]
            out.append("\n" + " · ".join(facts), style="dim")
            if step.choice.feedback:
                out.append("\n")
                out.append(cleaned(step.choice.feedback))
            if step.best_choice is not None and step.best_value is not None:
                if step.best_choice is step.choice:
                    out.append("\n✓ " + t("debrief.was_best"), style="italic")
                else:
                    out.append("\n→ " + t("debrief.not_taken") + " ", style="italic")
                    out.append(cleaned(step.best_choice.text), style="italic")
                    if step.value == step.best_value:
                        gain = t(
                            "debrief.not_taken_now",
                            best=signed(sum(step.best_choice.score.values())),
                            yours=signed(sum(step.choice.score.values())),
                        )
                    else:
                        gain = t(
                            "debrief.not_taken_points",
                            best=step.best_value,
                            yours=_value(step.value),
                        )
                    out.append(f" ({gain})", style="dim")
            grid.add_row(Text(f"{step.number}.", style="bold"), out)
        return grid

    def _levels_text(self, counts: dict[str, int]) -> Text:
        out = Text()
        width = max(len(t(f"level.{lv}")) for lv in LEVELS)
        for n, level in enumerate(LEVELS, start=1):
            count = counts.get(level, 0)
            mark = ("●" * count) if count else "·"
            out.append(f"  {n}. {t(f'level.{level}'):<{width}}  ", style="bold" if count else "dim")
            out.append(mark)
            if count:
                out.append(f"  ({count})", style="dim")
            out.append("\n")
        out.append("\n" + t("debrief.levels_pol"), style="italic")
        return out

    # -- buttons ----------------------------------------------------------------------

    @on(Button.Pressed, "#debrief-again")
    def action_again(self) -> None:
        app: Any = self.app
        app.start_scenario(self.runner.entry)

    @on(Button.Pressed, "#debrief-library")
    def action_library(self) -> None:
        from klantkoning.ui.screens.library import LibraryScreen

        stack = self.app.screen_stack
        if len(stack) >= 2 and isinstance(stack[-2], LibraryScreen):
            self.app.pop_screen()
        else:
            self.app.switch_screen(LibraryScreen())

    @on(Button.Pressed, "#debrief-home")
    async def action_home(self) -> None:
        app: Any = self.app
        await app.go_home()


def _labelled(choice: Choice, dims: Dimensions) -> list[tuple[str, int]]:
    out = []
    for dim in dims:
        points = choice.score.get(dim.id)
        if points:
            out.append((dim.label(), points))
    return out


def _value(value: int | None) -> str:
    return "∞" if value is None else str(value)
