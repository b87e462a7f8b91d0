"""The workshop's main screen: present a beat, discuss and vote, reveal, continue.

The screen is the one runner between the engine's :class:`Workshop` and the widgets: key
presses go through the :class:`KeyboardVoteSource` (votes) or straight to the workshop's
methods (reveal, follow, timer); after every change the workshop is saved and redrawn.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from klantkoning.engine.workshop import Vote, Workshop, WorkshopError, save_workshop
from klantkoning.engine.workshop.votes import position
from klantkoning.i18n import t
from klantkoning.oserror import reason as os_reason
from klantkoning.ui.localize import cleaned, localize_bindings, plain
from klantkoning.ui.records import queue_workshop_records
from klantkoning.ui.screens.workshop_console import ConsoleScreen
from klantkoning.ui.widgets.balloon import SpeechBalloon
from klantkoning.ui.widgets.footer import KeyFooter
from klantkoning.ui.widgets.mood import MoodMeter
from klantkoning.ui.widgets.workshop_timer import WorkshopTimer
from klantkoning.ui.workshop_keys import WORKSHOP_BINDINGS
from klantkoning.ui.workshop_render import (
    decision_text,
    discuss_text,
    header_text,
    options_text,
    scores_text,
    tally_panel,
    team_votes_text,
    trainer_text,
)
from klantkoning.ui.workshop_theme import enter_projector, leave_projector, toggle_projector
from klantkoning.ui.workshop_votes import KeyboardVoteSource

TICK_SECONDS = 0.25
SAVE_EVERY_TICKS = 40  # while the clock runs, the remaining time is saved every ~10 s
NARROW_BELOW = 100
CLOCK_ACTIONS = frozenset({"timer", "extend"})


class WorkshopScreen(ConsoleScreen):
    """One workshop in progress (a fresh one or a resumed one)."""

    CSS_PATH = "../workshop.tcss"
    AUTO_FOCUS = None
    # Below 100 columns the side panel narrows so the scene keeps room to breathe (the base
    # class types this as an instance variable, so no ClassVar here).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_BELOW, "-wide")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = WORKSHOP_BINDINGS

    def __init__(
        self,
        workshop: Workshop,
        *,
        notices: list[tuple[str, dict[str, object]]] | None = None,
        projector: bool = True,
        tick: bool = True,
        resumed: bool = False,
    ) -> None:
        super().__init__()
        localize_bindings(self)
        self.workshop = workshop
        self._notices = list(notices or [])
        self._projector = projector
        self._tick_enabled = tick
        self._resumed = resumed
        self._resumed_shown = False
        self._rang = False
        self._ticks = 0
        self._save_failed = False
        self.source = KeyboardVoteSource(
            workshop.teams if workshop.mode == "teams" else (),
            lambda: len(self.workshop.options),
            self._count_of,
            vote_of=lambda team: self.workshop.team_vote(team),
            typed_of=lambda team: self.workshop.team_vote_typed(team),
        )
        workshop.listen(self.source)
        self.source.connect(self._after_vote)

    # -- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static("", id="ws-header", markup=False)
        with Horizontal(id="ws-body"):
            with VerticalScroll(id="ws-scene", can_focus=False):
                yield Static("", id="ws-situation", markup=False)
                yield SpeechBalloon(id="ws-balloon")
                yield MoodMeter(0, id="ws-mood")
                yield Static("", id="ws-options", markup=False)
                yield Static("", id="ws-discuss", markup=False)
            with Vertical(id="ws-side"):
                # What Enter does next, where the trainer always sees it (not below the fold).
                yield Static("", id="ws-decision", markup=False)
                yield Static("", id="ws-room", markup=False)
                yield WorkshopTimer(id="ws-timer")
                yield Static("", id="ws-votes", markup=False)
                yield Static("", id="ws-tally", markup=False)
                yield Static("", id="ws-hint", markup=False)
                yield Static("", id="ws-scores", markup=False)
        yield Static("", id="ws-trainer-note", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        if self._projector:
            enter_projector(self.app)
        self.attach_room(self.save)
        if self._resumed and not self.workshop.is_done:
            self.notify(
                t(
                    "workshop.notice.resumed",
                    title=cleaned(self.workshop.scenario.scenario.title),
                    beat=self.workshop.session.steps_taken + 1,
                ),
                timeout=8,
                markup=False,
            )
            self._resumed_shown = True
        for code, params in self._notices:
            self.notify(t(code, **params), severity="warning", timeout=12, markup=False)
        self.query_one("#ws-trainer-note").display = False
        self.save()
        self.redraw()
        if self._tick_enabled:
            self.set_interval(TICK_SECONDS, self._tick)

    # -- saving -----------------------------------------------------------------------

    def save(self) -> None:
        """Write the workshop file; a failure is told once and the session goes on."""
        try:
            save_workshop(self.workshop, self.app.saves_dir)  # type: ignore[attr-defined]
            self.room_changed()
        except OSError as exc:
            if not self._save_failed:
                self._save_failed = True
                self.notify(
                    t("workshop.notice.cannot_save", detail=os_reason(exc)),
                    severity="error",
                    timeout=15,
                    markup=False,
                )
        queue_workshop_records(self.app, self.workshop)

    # -- votes ------------------------------------------------------------------------

    def _count_of(self, option: str) -> int:
        record = self.workshop.record
        if record is None:
            return 0
        pos = position(option)
        found = record.counts.get(pos)
        return found.count if found else 0

    def _after_vote(self, _vote: Vote) -> None:
        self.save()
        self.redraw()

    def _guard(self, action: Any, *args: Any) -> Any:
        """Run an engine call and return its answer; a refusal becomes a notification
        (and None), never a crash. Every caller redraws afterwards, refused or not."""
        try:
            return action(*args)
        except WorkshopError as exc:
            self.notify(t(exc.code, **exc.params), severity="warning", markup=False)
            return None

    def on_key(self, event: events.Key) -> None:
        char = event.character or ""
        ws = self.workshop
        if len(char) == 1 and char.isascii() and char.isalpha():
            event.stop()
            event.prevent_default()
            pos = position(char)
            if ws.phase == "vote":
                if ws.mode == "teams" and self.source.team is None:
                    self.notify(t("workshop.play.need_team", n=len(ws.teams)), markup=False)
                    return
                self._guard(self.source.press_letter, char)
                self.redraw()
            elif ws.phase == "reveal" and ws.record is not None:
                if 0 <= pos < len(ws.record.options):
                    self._guard(ws.pick, pos)  # saved at once: a crash keeps the pick
                    self.save()
                    self.redraw()
                else:
                    self.notify(
                        t(
                            "workshop.error.not_an_option",
                            option=char.upper(),
                            count=len(ws.record.options),
                        ),
                        severity="warning",
                        markup=False,
                    )
        elif len(char) == 1 and char.isdigit() and ws.phase == "vote":
            event.stop()
            event.prevent_default()
            known = self._guard(self.source.press_digit, int(char))
            if ws.mode == "teams" and known is False:
                self.notify(
                    t("room.play.no_team", n=char, max=len(ws.teams)),
                    severity="warning",
                    markup=False,
                )
            self.redraw()

    def action_move(self, step: int) -> None:
        """↑/↓: another team (team mode), or one hand more/less (room mode)."""
        if self.workshop.phase == "vote":
            if self.workshop.mode == "teams":
                self.source.move(step)
            else:
                self._guard(self.source.adjust, -step)
            self.redraw()

    def action_erase(self) -> None:
        """Backspace: undo the vote just typed; at the reveal, undo the reveal."""
        ws = self.workshop
        if ws.phase == "reveal":
            self._guard(ws.unreveal)
            self.save()
            self.notify(t("room.play.unrevealed"), timeout=4, markup=False)
        elif ws.phase == "vote":
            try:
                team = self.source.erase()
            except WorkshopError as exc:
                self.notify(t(exc.code, **exc.params), severity="warning", markup=False)
                team = ""
            if ws.mode == "teams" and team is None:
                self.notify(t("room.play.nothing_to_undo"), timeout=4, markup=False)
        self.redraw()

    # -- moving on --------------------------------------------------------------------

    def action_next(self) -> None:
        ws = self.workshop
        if ws.phase == "vote":
            if self.confirm_empty_reveal(self._reveal):
                return
            self._reveal()
            return
        elif ws.phase == "reveal":
            self._guard(ws.follow, None)  # the pick saved with the record, else the majority
            if self._resumed_shown:  # "workshop resumed" belongs to the moment it was said at
                self._resumed_shown = False
                self.app.clear_notifications()
            self.source.new_beat()
            self._rang = False
            self.query_one("#ws-scene", VerticalScroll).scroll_home(animate=False)
        elif ws.phase == "ending":
            self._guard(ws.next_scenario)
            self.source.new_beat()
            self._rang = False
        self.save()
        if ws.is_done:
            self._to_scoreboard()
        else:
            self.redraw()

    def _reveal(self) -> None:
        ws = self.workshop
        self._guard(ws.reveal)
        self.save()
        self.redraw()
        if ws.record is not None and ws.record.revealed is not None:
            # The situation has been read: show the options with their votes first. They
            # grow with the feedback over two layout passes; scroll after both.
            self.call_after_refresh(self.call_after_refresh, self._scroll_to_options)

    def _scroll_to_options(self) -> None:
        scene = self.query_one("#ws-scene", VerticalScroll)
        scene.scroll_to_widget(self.query_one("#ws-options"), animate=False, top=True)

    def _to_scoreboard(self) -> None:
        from klantkoning.ui.screens.workshop_scoreboard import WorkshopScoreboardScreen

        self.app.switch_screen(WorkshopScoreboardScreen(self.workshop))

    def action_end(self) -> None:
        from klantkoning.ui.screens.dialogs import ConfirmDialog

        def answer(yes: bool | None) -> None:
            if yes:
                self.workshop.finish()
                self.save()
                self._to_scoreboard()

        self.app.push_screen(
            ConfirmDialog(
                t("workshop.play.end_title"),
                t("workshop.play.end_text"),
                t("workshop.play.end_yes"),
                t("workshop.play.end_no"),
            ),
            answer,
        )

    def action_leave(self) -> None:
        from klantkoning.ui.screens.dialogs import ConfirmDialog

        def answer(yes: bool | None) -> None:
            if yes:
                self.save()
                leave_projector(self.app)
                self.app.pop_screen()

        self.app.push_screen(
            ConfirmDialog(
                t("workshop.play.leave_title"),
                t("workshop.play.leave_text"),
                t("workshop.play.leave_yes"),
                t("workshop.play.leave_no"),
            ),
            answer,
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The clock keys only exist while the room votes (they vanish from the footer)."""
        if action in CLOCK_ACTIONS:
            return self.workshop.phase == "vote"
        return True

    # -- the clock --------------------------------------------------------------------

    def action_timer(self) -> None:
        if self.workshop.phase == "vote":
            self.workshop.toggle_timer()
            self.save()
            self._show_timer()

    def action_extend(self) -> None:
        if self.workshop.phase == "vote":
            self.workshop.extend_timer()
            self._rang = False
            self.save()
            self._show_timer()

    def _tick(self) -> None:
        ws = self.workshop
        if ws.phase != "vote":
            return
        self._show_timer()
        if ws.countdown.running:
            self._ticks += 1
            if self._ticks % SAVE_EVERY_TICKS == 0:
                self.save()
            if ws.timer_remaining() <= 0 and not self._rang:
                self._rang = True
                self.app.bell()
                self.notify(t("workshop.play.timer_done"), severity="warning", markup=False)

    def _show_timer(self) -> None:
        ws = self.workshop
        cd = ws.countdown
        self.query_one(WorkshopTimer).show(
            ws.timer_remaining(), cd.running, cd.running or cd.used > 0
        )

    # -- panels -----------------------------------------------------------------------

    def action_help(self) -> None:
        from klantkoning.ui.screens.workshop_help import WorkshopHelpScreen

        self.app.push_screen(WorkshopHelpScreen())

    def action_trainer(self) -> None:
        panel = self.query_one("#ws-trainer-note")
        panel.display = not panel.display
        self.redraw()

    def action_note(self) -> None:
        from klantkoning.ui.screens.workshop_help import NoteDialog

        def typed(text: str | None) -> None:
            if text and self.workshop.add_note(text) is not None:
                self.save()
                self.notify(t("workshop.note.saved"), markup=False)

        self.app.push_screen(NoteDialog(), typed)

    def action_scene_only(self) -> None:
        self.toggle_class("-scene-only")

    def action_projector(self) -> None:
        toggle_projector(self.app)

    def action_scroll_scene(self, pages: int) -> None:
        scene = self.query_one("#ws-scene", VerticalScroll)
        if pages < 0:
            scene.scroll_page_up()
        else:
            scene.scroll_page_down()

    # -- drawing ----------------------------------------------------------------------

    def redraw(self) -> None:
        ws = self.workshop
        if ws.is_done:
            return
        self._draw_header()
        if ws.phase == "ending":
            self.draw_ending()
        else:
            self._draw_beat()
        self._draw_side()
        self.draw_room()
        self._draw_trainer()
        self._show_timer()
        self.refresh_bindings()
        self.mark_drawn()

    def redraw_votes(self) -> None:
        """Only what phone votes change: the vote panels and the room line."""
        if self.workshop.phase == "vote":
            self._draw_side()
            self.draw_room()
            self.mark_drawn()
        elif not self.workshop.is_done:
            self.redraw()

    def _draw_header(self) -> None:
        self.query_one("#ws-header", Static).update(header_text(self.workshop))

    def _draw_beat(self) -> None:
        ws = self.workshop
        beat = ws.session.beat
        record = ws.record
        if beat is None or record is None:
            return
        situation = plain(beat.text, style="bold")
        if ws.session.steps_taken == 0:
            role = ws.scenario.scenario.role
            if role:
                situation = Text.assemble(
                    Text(t("workshop.play.role", role=cleaned(role)) + "\n\n", style="italic"),
                    situation,
                )
        self.query_one("#ws-situation", Static).update(situation)
        self.query_one("#ws-balloon", SpeechBalloon).say(ws.scenario.customer.name, beat.customer)
        self.query_one("#ws-mood", MoodMeter).mood = ws.session.mood
        reveal = ws.phase == "reveal"
        self.query_one("#ws-options", Static).update(options_text(ws, reveal, record.pick))
        decision = self.query_one("#ws-decision", Static)
        discuss = self.query_one("#ws-discuss", Static)
        if reveal:
            decision.update(Text.assemble(decision_text(ws, record.pick), self.undo_hint()))
            discuss.update(discuss_text(beat.discuss))
        else:
            decision.update("")
            discuss.update("")
        decision.display = reveal
        discuss.display = reveal and bool(beat.discuss)

    def _draw_side(self) -> None:
        ws = self.workshop
        record = ws.record
        votes = self.query_one("#ws-votes", Static)
        tally = self.query_one("#ws-tally", Static)
        hint = self.query_one("#ws-hint", Static)
        in_beat = record is not None and ws.phase in ("vote", "reveal")
        for widget in (votes, tally, hint):
            widget.display = in_beat
        self.query_one(WorkshopTimer).display = ws.phase == "vote"
        if in_beat and record is not None:
            if ws.mode == "teams":
                selected = self.source.team_index if ws.phase == "vote" else None
                votes.update(team_votes_text(ws, selected))
                hint.update(Text(t("workshop.play.teams_hint", n=len(ws.teams)), style="italic"))
                head_key = "workshop.play.tally_title"
            else:
                # The tally is the room's panel: one title, no empty "votes" block.
                votes.display = False
                hint.update(Text(t("workshop.play.room_hint"), style="italic"))
                head_key = "workshop.play.room_title"
            highlight = self.source.option_index if ws.mode == "room" else None
            tally.update(tally_panel(ws, head_key, highlight))
            hint.display = ws.phase == "vote"
        scores = self.query_one("#ws-scores", Static)
        show = ws.settings.show_scores and ws.mode == "teams"
        scores.display = show
        if show:
            scores.update(scores_text(ws))

    def _draw_trainer(self) -> None:
        panel = self.query_one("#ws-trainer-note", Static)
        if not panel.display:
            return
        panel.update(trainer_text(self.workshop))
