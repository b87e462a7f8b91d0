"""The end of a workshop: scoreboard per team, the room's outcome, the levels, the questions."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from klantkoning.engine.format.dimensions import GROUPS
from klantkoning.engine.workshop import Workshop, summarize
from klantkoning.engine.workshop.store import workshop_path
from klantkoning.engine.workshop.summary import Scoreboard, group_total
from klantkoning.i18n import t
from klantkoning.oserror import reason as os_reason
from klantkoning.ui.localize import cleaned, localize_bindings
from klantkoning.ui.widgets.footer import KeyFooter
from klantkoning.ui.widgets.mood import signed
from klantkoning.ui.widgets.score_bars import bar
from klantkoning.ui.workshop_theme import enter_projector, leave_projector


def scoreboard_table(workshop: Workshop, board: Scoreboard) -> Table:
    """Points per dimension (rows) per team and for the room's path (columns)."""
    dims = workshop.dimensions
    table = Table(show_edge=True, expand=False, pad_edge=True, header_style="bold")
    table.add_column(t("workshop.board.dimension"))
    for ts in board.teams:
        table.add_column(Text(ts.team), justify="right")
    table.add_column(t("workshop.board.room_path"), justify="right")
    for group in GROUPS:
        members = dims.in_group(group)
        for dim in members:
            table.add_row(
                dim.label(),
                *(signed(ts.score.get(dim.id, 0)) for ts in board.teams),
                signed(board.room.get(dim.id, 0)),
                end_section=len(members) == 1,
            )
        if len(members) > 1:
            table.add_row(
                Text(t("workshop.board.group_total", group=t(f"group.{group}")), style="bold"),
                *(total_cell(group_total(ts.score, dims, group)) for ts in board.teams),
                total_cell(group_total(board.room, dims, group)),
                end_section=True,
            )
    table.add_row(
        Text(t("workshop.board.total"), style="bold"),
        *(total_cell(ts.total()) for ts in board.teams),
        total_cell(sum(board.room.values())),
    )
    return table


def total_cell(value: int) -> Text:
    """A bold total, right-aligned like the numbers above it.

    Only the digits are bold: a bold *base* style would make the alignment padding bold
    too, and renderers that squeeze leading (non-breaking) spaces out of a styled run
    (SVG snapshots, some projector terminals) would then show the total flush left.
    """
    out = Text(signed(value), justify="right")
    out.stylize("bold")
    return out


def ranking_text(workshop: Workshop, board: Scoreboard) -> Text:
    """Teams from most to fewest points, each with a bar that reads without colour."""
    out = Text(no_wrap=True, overflow="ellipsis")
    ranked = board.places(workshop.dimensions)
    most = max([ts.total() for _, ts in ranked] + [1])
    # One scale for every team: from the lowest total to the highest, zero marked, so a
    # team below zero shows as negative and every bar has its zero in the same place.
    least = min([ts.total() for _, ts in ranked] + [0])
    for n, ts in ranked:
        out.append(f"{n}. ", style="bold")
        out.append(f"{ts.team[:24]:<24} ", style="bold")
        drawn = bar(ts.total(), most, 16, minimum=least)
        out.append(drawn if least < 0 else " " + drawn)
        out.append(f" {signed(ts.total()):>4}\n", style="bold")
    return out


class WorkshopScoreboardScreen(Screen[None]):
    """The scoreboard and debrief of a finished workshop, and the reports button."""

    CSS_PATH = "../workshop.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "write", "workshop.board.key_write", id="ws-write"),
        Binding("f1,question_mark", "help", "workshop.play.key_help", id="ws-board-help"),
        Binding("escape", "home", "workshop.board.key_home", id="ws-board-home"),
    ]

    def __init__(self, workshop: Workshop, *, projector: bool = False) -> None:
        """``projector``: switch the projector theme on, as a session does when it opens
        (a session that ends here keeps whatever theme the trainer has on)."""
        super().__init__()
        localize_bindings(self)
        self.workshop = workshop
        self._projector = projector

    def compose(self) -> ComposeResult:
        ws = self.workshop
        board = summarize(ws)
        with VerticalScroll(id="ws-board"):
            yield Static(Text(t("workshop.board.title"), style="bold"), id="ws-board-title")
            if board.teams:
                yield Static(
                    Text(t("workshop.board.teams_title"), style="bold underline"),
                    classes="ws-board-head",
                )
                yield Static(ranking_text(ws, board), id="ws-ranking", markup=False)
            yield Static(scoreboard_table(ws, board), id="ws-table")
            if board.teams:
                yield Static(Text(t("workshop.board.rule"), style="italic"), markup=False)
            yield Static(
                Text(t("workshop.board.outcome_title"), style="bold underline"),
                classes="ws-board-head",
            )
            yield Static(self._outcomes(board), id="ws-outcomes", markup=False)
            yield Static(
                Text(t("workshop.board.levels_title"), style="bold underline"),
                classes="ws-board-head",
            )
            yield Static(self._levels(board), id="ws-levels", markup=False)
            yield Static(
                Text(t("workshop.board.questions_title"), style="bold underline"),
                classes="ws-board-head",
            )
            yield Static(self._questions(board), id="ws-questions", markup=False)
            if ws.notes:
                yield Static(
                    Text(t("workshop.board.notes_title"), style="bold underline"),
                    classes="ws-board-head",
                )
                yield Static(
                    Text("\n".join(f"• {cleaned(n.text)}" for n in ws.notes)),
                    id="ws-notes",
                    markup=False,
                )
            yield Button(t("workshop.board.write"), id="ws-write-button", variant="primary")
            yield Static("", id="ws-written", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        if self._projector:
            enter_projector(self.app)

    def _outcomes(self, board: Scoreboard) -> Text:
        out = Text()
        for o in board.outcomes:
            if o.outcome is None:
                out.append(t("workshop.board.not_finished", title=cleaned(o.title)) + "\n")
                continue
            out.append(cleaned(o.title) + ": ", style="bold")
            out.append(cleaned(o.ending_title) + " — ")
            out.append(t(f"outcome.{o.outcome}"), style="bold")
            out.append("\n   " + t(f"outcome_line.{o.outcome}") + "\n")
        out.rstrip()
        return out

    def _levels(self, board: Scoreboard) -> Text:
        out = Text()
        used = [u for u in board.levels if u.choices]
        for use in used:
            out.append(f"{t(f'level.{use.level}')}", style="bold")
            out.append(f" ({t(f'level_question.{use.level}')}) ×{len(use.choices)}\n")
            for choice in use.choices:
                out.append(f"   • {cleaned(choice)}\n")
        if not used:
            out.append(t("workshop.board.no_levels"))
        out.rstrip()
        return out

    def _questions(self, board: Scoreboard) -> Text:
        """The endings' questions per scenario: a handful to close with, not every beat's.

        When no scenario reached its ending, the questions of the played moments stand in.
        """
        out = Text()
        for item, session in zip(self.workshop.agenda, self.workshop.sessions, strict=False):
            ending = session.ending
            if ending is None or not ending.discuss:
                continue
            out.append(cleaned(item.scenario.scenario.title) + "\n", style="bold")
            for q in ending.discuss:
                out.append(f" • {cleaned(q)}\n")
        if out.plain:
            out.rstrip()
            return out
        if not board.questions:
            return Text(t("workshop.board.no_questions"))
        return Text("\n".join(f"• {cleaned(q)}" for q in board.questions))

    @on(Button.Pressed, "#ws-write-button")
    def _pressed(self) -> None:
        self.action_write()

    def action_write(self) -> None:
        from klantkoning.report import write_all

        # The program-made name: an id read from a file never becomes a path unchecked.
        saves = self.app.saves_dir  # type: ignore[attr-defined]
        stem = workshop_path(self.workshop, saves).with_suffix("")
        try:
            stem.parent.mkdir(parents=True, exist_ok=True)
            files = write_all(self.workshop, stem)
        except Exception as exc:  # a report bug must not end the session
            detail = os_reason(exc)
            message = t("workshop.board.cannot_write", detail=detail or type(exc).__name__)
            self.notify(message, severity="error", markup=False)
            self.query_one("#ws-written", Static).update(Text(message))
            return
        message = t(
            "workshop.board.written",
            folder=str(stem.parent),
            files=", ".join(f.name for f in files),
        )
        self.query_one("#ws-written", Static).update(Text(message, style="bold"))
        self.notify(message, timeout=10, markup=False)

    def action_help(self) -> None:
        from klantkoning.ui.screens.workshop_help import WorkshopHelpScreen

        self.app.push_screen(WorkshopHelpScreen())

    async def action_home(self) -> None:
        leave_projector(self.app)
        go_home = getattr(self.app, "go_home", None)
        if callable(go_home):
            await go_home()
        else:
            self.app.pop_screen()
