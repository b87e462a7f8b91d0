"""The debrief: first one screen with what matters (the outcome, two things that went
well, one to work on, the alternative that mattered most, questions); everything else
(the road taken, the bars, the levels) one key away. From here a play can go on from any
of its decisions, as practice."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, ContentSwitcher, Static

from klantkoning.engine.format.dimensions import Dimensions
from klantkoning.engine.format.model import Scenario
from klantkoning.engine.format.names import relation_label, relation_line
from klantkoning.engine.play.session import PlayResult, Session
from klantkoning.engine.saves.progress import outcome_rank
from klantkoning.i18n import t
from klantkoning.ui import debrief_data as data
from klantkoning.ui import debrief_texts as texts
from klantkoning.ui.localize import cleaned, localize_bindings, tn
from klantkoning.ui.runner import PlayRunner
from klantkoning.ui.widgets.footer import KeyFooter
from klantkoning.ui.widgets.mood import number
from klantkoning.ui.widgets.score_bars import ScoreBars

RECOVERY_ACHIEVEMENT = "herstelparadox"
SUMMARY_QUESTIONS = 3
SUMMARY_QUESTION_ROOM = 200
"""Characters three questions may take together on the summary (about four lines)."""


def discussion(scenario: Scenario, path: tuple[str, ...] | list[str]) -> list[str]:
    """The beats' and the ending's questions on the path, each once, in order."""
    seen: list[str] = []
    for node in path:
        node_obj = scenario.beats.get(node) or scenario.endings.get(node)
        for question in getattr(node_obj, "discuss", ()):
            if question not in seen:
                seen.append(question)
    return seen


def summary_questions(questions: list[str]) -> list[str]:
    """Two or three questions for the one-screen summary: three when they are short
    enough to fit, else two, each at most two lines (the details show them all)."""
    short = [texts.shorten(q, texts.SHORT_FEEDBACK) for q in questions]
    if sum(len(q) for q in short[:SUMMARY_QUESTIONS]) <= SUMMARY_QUESTION_ROOM:
        return short[:SUMMARY_QUESTIONS]
    return short[:2]


def score_ranges(
    scenario: Scenario, dimensions: Dimensions
) -> dict[str, tuple[int | None, int | None]] | None:
    """The analysis' score ranges; ``None`` when it cannot tell (the debrief then shows
    points without a maximum rather than failing)."""
    try:
        from klantkoning.engine.analysis.analyse import analyse

        return dict(analyse(scenario, dimensions).score_range)
    except Exception:
        return None


class DebriefScreen(Screen[None]):
    """After the play: what matters on one screen, the rest one key (d) away."""

    REPLACED_BY_PLAY = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "details", "teaching_ui.key_details", id="debrief-details"),
        Binding("o", "replay", "teaching_ui.key_replay", id="debrief-replay"),
        Binding("r", "again", "debrief.key_again", id="debrief-again"),
        Binding("s", "library", "debrief.key_library", id="debrief-library"),
        Binding("escape,h", "home", "debrief.key_home", id="debrief-home"),
    ]

    def __init__(self, runner: PlayRunner) -> None:
        super().__init__(id="debrief")
        localize_bindings(self)
        self.runner = runner
        self.result: PlayResult = runner.session.result()
        scenario, dims = runner.scenario, runner.session.dimensions
        history = list(runner.session.history)
        self.road = data.road_taken(scenario, dims, history)
        self.repair = data.had_something_to_repair(scenario, dims, history, self.road)
        self.ranges = score_ranges(scenario, dims)
        self.levels = data.levels_acted(self.road)
        self.questions = discussion(runner.scenario, self.result.path)  # summary and details
        # A scenario too large to judge gets no verdicts: then the summary says so
        # instead of claiming that nothing went well or nothing could be better.
        self.judged = all(step.verdict is not None for step in self.road)

    # -- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with ContentSwitcher(initial="debrief-summary", id="debrief-switcher"):
            with VerticalScroll(id="debrief-summary", classes="page"), Vertical(classes="column"):
                yield from self._compose_summary()
            with VerticalScroll(id="debrief-details", classes="page"), Vertical(classes="column"):
                yield from self._compose_details()
        with Horizontal(id="debrief-buttons"):
            yield Button(t("debrief.again"), id="debrief-again", compact=True, variant="primary")
            yield Button(t("debrief.library"), id="debrief-library", compact=True)
            yield Button(t("debrief.home"), id="debrief-home", compact=True)
        yield KeyFooter()

    def _title(self) -> Text:
        title = Text(t("debrief.title") + " — ", style="bold", no_wrap=True, overflow="ellipsis")
        title.append(cleaned(self.runner.scenario.scenario.title))
        if self.runner.practice:
            title.append("  " + t("teaching_ui.practice_badge"), style="not bold italic")
        return title

    def _compose_summary(self) -> ComposeResult:
        """What matters, fitting 80×24: the outcome, two things that went well, one to
        work on, the alternative that mattered most, and a few questions."""
        runner, result = self.runner, self.result
        scenario, dims = runner.scenario, runner.session.dimensions
        yield Static(self._title(), classes="page-title summary-title", markup=False)
        yield Static(texts.outcome_text(result), id="debrief-outcome", markup=False)
        yield Static(self._compare_text(short=True), id="debrief-compare", markup=False)
        yield Static(t("teaching_ui.went_well"), classes="summary-head")
        yield Static(
            texts.went_well_text(data.went_well(self.road), dims, judged=self.judged),
            id="debrief-went-well",
            markup=False,
        )
        chances = data.scoreable(scenario, dims, list(runner.session.history), self.road)
        found = data.work_on(dims, self.road, chances)
        if self.judged:
            yield Static(
                texts.work_on_text(found, dims),
                id="debrief-work-on",
                classes="summary-head",
                markup=False,
            )
        yield Static(
            texts.mattered_text(data.mattered_most(self.road), judged=self.judged),
            id="debrief-mattered",
            classes="summary-block",
            markup=False,
        )
        questions = summary_questions(self.questions)
        if questions:
            yield Static(t("debrief.discuss_title"), classes="summary-head")
            yield Static(texts.questions_grid(questions), id="debrief-questions", markup=False)

    def _compose_details(self) -> ComposeResult:
        """Everything else: the whole ending, badges, the bars, the road, the levels."""
        runner, result = self.runner, self.result
        scenario, dims = runner.scenario, runner.session.dimensions
        yield Static(self._title(), classes="page-title", markup=False)
        yield Static(
            texts.outcome_text(result, with_line=True),
            classes="outcome",
            id="debrief-ending",
            markup=False,
        )
        yield Static(self._compare_text(), id="debrief-compare-full", markup=False)
        badges = self._badges_text()
        if badges is not None:
            yield Static(badges, classes="badge", id="debrief-badges", markup=False)
        yield Static(t("debrief.scores_title"), classes="section-title")
        yield Static(t("debrief.scores_hint"), classes="muted")
        rows = data.score_rows(
            scenario,
            dims,
            result.score,
            self.ranges,
            repair=self.repair,
            nothing_to_repair=t("teaching_ui.nothing_to_repair"),
        )
        for group, group_rows in rows.items():
            yield Static(t(f"group.{group}"), classes="section-subtitle")
            yield ScoreBars(group_rows, id=f"debrief-bars-{group}")
        yield Static(t("debrief.road_title"), classes="section-title")
        yield Static(t("teaching_ui.road_hint"), classes="muted")
        yield Static(texts.road_text(self.road, dims), id="debrief-road", markup=False)
        yield Static(t("debrief.levels_title"), classes="section-title")
        yield Static(texts.levels_text(self.levels), id="debrief-levels", markup=False)
        relation = scenario.customer.relation
        if relation:
            yield Static(t("relation_view.title"), classes="section-title")
            line = t(
                "relation_view.line",
                name=relation_label(relation),
                explain=relation_line(relation),
            )
            yield Static(
                line + "\n" + t("relation_view.question"), id="debrief-relation", markup=False
            )
        questions = self.questions
        if questions:
            yield Static(t("debrief.discuss_title"), classes="section-title")
            yield Static(texts.questions_grid(questions), id="debrief-discuss", markup=False)

    def on_mount(self) -> None:
        self.query_one("#debrief-summary").focus()

    @property
    def showing_details(self) -> bool:
        return self.query_one(ContentSwitcher).current == "debrief-details"

    def action_details(self) -> None:
        """Switch between the one-screen summary and all the details."""
        switcher = self.query_one(ContentSwitcher)
        switcher.current = "debrief-summary" if self.showing_details else "debrief-details"
        assert switcher.current is not None
        self.query_one(f"#{switcher.current}").focus()

    # -- texts ------------------------------------------------------------------------

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

    def _compare_text(self, *, short: bool = False) -> Text:
        """This play's points against the best attempt before it. ``short`` (for the
        summary, where the outcome already shows): the points only, on as few lines."""
        result, before = self.result, self.runner.previous_best
        total = sum(result.score.values())
        out = Text()
        if short:
            out.append(t("teaching_ui.this_time", score=number(total)))
        else:
            out.append(
                tn(
                    "debrief.this_time",
                    total,
                    outcome=t(f"outcome.{result.outcome}"),
                    score=number(total),
                )
            )
        if self.runner.practice:
            # Practice is never a best attempt: comparing it with one would promise that.
            out.append("  " + t("teaching_ui.practice_note"), style="italic")
            return out
        if before is None:
            out.append("  " + t("debrief.first_time"), style="italic")
            return out
        out.append("  " if short else "\n")
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

    # -- replay from a decision ---------------------------------------------------

    def action_replay(self) -> None:
        """Pick a step and play on from there: the play restored to that beat with the
        flags, mood and history it had, recorded as practice."""
        from klantkoning.ui.screens.dialogs import ChoiceDialog

        options = [
            (str(step.number), t("teaching_ui.replay_step", step=step.number, choice=_short(step)))
            for step in self.road
        ]
        options.append(("cancel", t("dialog.cancel")))

        def picked(answer: str | None) -> None:
            if answer is not None and answer.isdigit():
                self.replay_from(int(answer))

        self.app.push_screen(
            ChoiceDialog(t("teaching_ui.replay_title"), t("teaching_ui.replay_text"), options),
            picked,
        )

    def replay_from(self, step: int) -> None:
        """Play on from step ``step`` (1-based): its beat comes up again, to choose anew."""
        from klantkoning.ui.runner import now

        runner = self.runner
        session = Session(runner.scenario, runner.session.dimensions)
        for _beat_id, index in runner.session.history[: step - 1]:
            session.choose_index(index)
        app: Any = self.app
        app.plays.play(runner.entry, session, now(), mode=runner.mode, practice=True)

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


def _short(step: data.RoadStep) -> str:
    return texts.shorten(cleaned(step.choice.text), 36)
