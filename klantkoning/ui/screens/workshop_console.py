"""The trainer's console side of the workshop screen: the room of phones and the endings.

:class:`ConsoleScreen` is the base of ``WorkshopScreen``: it attaches the workshop to the
app's room server (when there is one), redraws when phones vote, shows the room's address,
code and phones, and says how a tie among a team's phones was broken. The projector page
never gets what only this console shows (the trainer's notes, F2 and F3).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.screen import Screen
from textual.widgets import Static

from klantkoning.engine.workshop import Workshop
from klantkoning.engine.workshop.phones import phone_ties
from klantkoning.i18n import t
from klantkoning.ui.localize import cleaned
from klantkoning.ui.widgets.balloon import SpeechBalloon
from klantkoning.ui.widgets.mood import MoodMeter
from klantkoning.ui.workshop_render import discuss_text

REDRAW_SECONDS = 0.25

if TYPE_CHECKING:
    from klantkoning.web.room import Room


class ConsoleScreen(Screen[None]):
    """What the workshop screen does for the room of phones (and the scenario endings)."""

    workshop: Workshop
    _redraw_pending = False
    _drawn_version = -1

    # -- the room -----------------------------------------------------------------------

    @property
    def room(self) -> Room | None:
        server = getattr(self.app, "room_server", None)
        return server.room if server is not None else None

    def attach_room(self, save: Any) -> None:
        """Serve this workshop to the phones; their votes are saved with ``save``."""
        room = self.room
        if room is not None:
            announced = room.code
            room.attach(self.workshop, save)
            room.add_listener(self._room_changed)
            if room.code != announced:
                # A resumed workshop keeps the code its phones joined with: the code said
                # earlier (at start-up, on the set-up screen) no longer lets anyone in.
                self.notify(
                    t("room.console.code_changed", code=room.code),
                    severity="warning",
                    timeout=30,
                    markup=False,
                )

    def on_unmount(self) -> None:
        room = self.room
        if room is not None:
            room.remove_listener(self._room_changed)

    def room_changed(self) -> None:
        """Tell the phones and the projector page (after every saved change)."""
        room = self.room
        if room is not None:
            room.changed()

    def _room_changed(self) -> None:
        # Sixty phones may vote within a second: redraw the console at most every
        # REDRAW_SECONDS, so the loop stays free to answer the phones and the projector.
        if self.is_mounted and not self._redraw_pending:
            self._redraw_pending = True
            self.set_timer(REDRAW_SECONDS, self._redraw_for_room)

    def _redraw_for_room(self) -> None:
        self._redraw_pending = False
        room = self.room
        # A trainer's own action saved and drew already: only changes nobody drew (phone
        # votes) need a redraw.
        if self.is_mounted and (room is None or room.version != self._drawn_version):
            self.redraw_votes()

    def mark_drawn(self) -> None:
        """The console now shows the room as it is (called at the end of every redraw)."""
        room = self.room
        self._drawn_version = room.version if room is not None else -1

    def redraw_votes(self) -> None:  # the workshop screen redraws its vote panels
        raise NotImplementedError

    def redraw(self) -> None:  # the workshop screen draws everything
        raise NotImplementedError

    def room_text(self) -> Text | None:
        """The room's address, code and phones; ties among a team's phones, said."""
        server = getattr(self.app, "room_server", None)
        if server is None:
            return None
        if not server.running:
            # Never an address that does not answer (or that another program answers).
            if server.failure is None:
                return Text(t("room.console.opening"), style="italic")
            return Text(
                t("room.console.not_open", port=server.port, detail=server.failure), style="bold"
            )
        ws = self.workshop
        phones = len(ws.room) if ws.room is not None else 0
        out = Text()
        out.append(
            t("room.console.address", url=server.url, code=server.room.code, phones=phones),
            style="bold",
        )
        record = ws.record
        if record is not None and ws.mode == "teams":
            for team, tied in phone_ties(record, ws.teams):
                out.append("\n")
                out.append(
                    t(
                        "room.console.tie",
                        team=cleaned(team),
                        letters=", ".join(tied),
                        first=tied[0],
                    ),
                    style="italic",
                )
        return out

    def draw_room(self) -> None:
        panel = self.query_one("#ws-room", Static)
        text = self.room_text()
        panel.display = text is not None
        if text is not None:
            panel.update(text)

    # -- endings ------------------------------------------------------------------------

    def draw_ending(self) -> None:
        ws = self.workshop
        session = ws.session
        ending = session.ending
        if ending is None:
            return
        result = session.result()
        situation = Text()
        situation.append(
            t("workshop.play.ending_title", title=cleaned(ending.title)) + "\n\n", style="bold"
        )
        situation.append(cleaned(ending.text))
        self.query_one("#ws-situation", Static).update(situation)
        self.query_one("#ws-balloon", SpeechBalloon).say(ws.scenario.customer.name, None)
        self.query_one("#ws-mood", MoodMeter).mood = session.mood
        outcome = Text()
        outcome.append(t(f"outcome.{result.outcome}") + "\n", style="bold reverse")
        outcome.append(t(f"outcome_line.{result.outcome}") + "\n", style="bold")
        self.query_one("#ws-options", Static).update(outcome)
        decision = self.query_one("#ws-decision", Static)
        if ws.current + 1 < len(ws.agenda):
            nxt = ws.agenda[ws.current + 1].scenario.scenario.title
            decision.update(Text(t("workshop.play.ending_next", title=cleaned(nxt)), style="bold"))
        else:
            decision.update(Text(t("workshop.play.ending_last"), style="bold"))
        decision.display = True
        discuss = self.query_one("#ws-discuss", Static)
        discuss.update(discuss_text(ending.discuss))
        discuss.display = bool(ending.discuss)

    # -- asking before a reveal without votes -------------------------------------------

    def confirm_empty_reveal(self, reveal: Any) -> bool:
        """With no vote at all, ask before revealing; ``True`` when the caller must wait."""
        record = self.workshop.record
        if record is None or sum(record.hands()) > 0:
            return False
        from klantkoning.ui.screens.dialogs import ConfirmDialog

        def answer(yes: bool | None) -> None:
            if yes:
                reveal()

        self.app.push_screen(
            ConfirmDialog(
                t("room.play.no_votes_title"),
                t("room.play.no_votes_text"),
                t("room.play.no_votes_yes"),
                t("room.play.no_votes_no"),
            ),
            answer,
        )
        return True

    def undo_hint(self) -> Text:
        """Below the decision at the reveal: the reveal can still be undone."""
        return Text("\n" + t("room.play.undo_hint"), style="italic")
