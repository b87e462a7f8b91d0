"""The running workshop: agenda, teams or room, the votes of every beat, the room's path.

The room follows one path through each scenario of the agenda, played with the engine's
:class:`Session`. Every beat leaves a :class:`BeatRecord` (the options as lettered on the
screen, the votes, what the room followed and when), so the whole workshop can be saved,
resumed, scored and reported from the records alone.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from klantkoning.engine.format.dimensions import DEFAULT_DIMENSIONS, Dimensions
from klantkoning.engine.format.model import Beat, Choice, Scenario
from klantkoning.engine.play.session import PlayError, Session, VisibleChoice
from klantkoning.engine.workshop.codec import (
    item_to_dict,
    note_to_dict,
    record_to_dict,
)
from klantkoning.engine.workshop.phones import Seats, follow_phones, phone_vote
from klantkoning.engine.workshop.records import (
    EXTEND_SECONDS,
    AgendaItem,
    BeatRecord,
    Majority,
    Mode,
    Note,
    OptionCount,
    Phase,
    TeamVote,
    WorkshopError,
    WorkshopSettings,
    slugify,
    utcnow,
)
from klantkoning.engine.workshop.replay import rebuild
from klantkoning.engine.workshop.timer import Countdown
from klantkoning.engine.workshop.votes import Vote, VoteSource, letter, position
from klantkoning.i18n import t


class Workshop:
    """A workshop session. Change it only through its methods; each one is a state change
    the UI saves afterwards.
    """

    def __init__(
        self,
        agenda: list[tuple[Scenario, str]],
        settings: WorkshopSettings,
        *,
        dimensions: Dimensions = DEFAULT_DIMENSIONS,
        clock: Callable[[], datetime] = utcnow,
        monotonic: Callable[[], float] = time.monotonic,
        created: datetime | None = None,
        ident: str | None = None,
        language: str = "nl",
        _fresh: bool = True,
    ) -> None:
        if not agenda:
            raise WorkshopError("workshop.error.no_agenda")
        self.settings = settings.validated()
        self.dimensions = dimensions
        self.clock = clock
        self.monotonic = monotonic
        self.created = created or clock()
        self.updated = self.created
        self.finished: datetime | None = None
        self.language = language
        self.file: Path | None = None
        """The file it was loaded from or last saved to (the store decides where to save)."""
        self.ident = ident or (
            f"{self.created.strftime('%Y%m%dT%H%M%S')}-{slugify(agenda[0][0].id)}"
        )
        self.agenda = [AgendaItem(scenario, digest) for scenario, digest in agenda]
        self.current = 0
        self.sessions: list[Session] = [Session(self.agenda[0].scenario, dimensions)]
        self.records: list[BeatRecord] = []
        self.notes: list[Note] = []
        self.phase: Phase = "vote"
        self.countdown = Countdown(float(self.settings.timer_seconds))
        self.room: Seats | None = None
        """The phones of the room, once :meth:`open_room` was called."""
        if _fresh:
            self._open_beat()

    # -- where we are -----------------------------------------------------------------

    @property
    def teams(self) -> tuple[str, ...]:
        return self.settings.teams

    @property
    def mode(self) -> Mode:
        return self.settings.mode

    @property
    def session(self) -> Session:
        """The room's play of the current scenario."""
        return self.sessions[self.current]

    @property
    def item(self) -> AgendaItem:
        return self.agenda[self.current]

    @property
    def scenario(self) -> Scenario:
        return self.item.scenario

    @property
    def record(self) -> BeatRecord | None:
        """The beat being played, or ``None`` at an ending or the end."""
        if self.records and self.records[-1].finished is None:
            return self.records[-1]
        return None

    @property
    def beat(self) -> Beat | None:
        return self.session.beat if self.phase in ("vote", "reveal") else None

    @property
    def options(self) -> list[Choice]:
        """The current beat's options, in letter order."""
        record, beat = self.record, self.session.beat
        if record is None or beat is None:
            return []
        return [beat.choices[i] for i in record.options]

    @property
    def is_done(self) -> bool:
        return self.phase == "done"

    @property
    def beat_number(self) -> int:
        """1-based number of the current beat within the whole session."""
        return len(self.records)

    def team_vote(self, team: str) -> int | None:
        """The option position ``team`` voted for at the current beat."""
        record = self.record
        vote = record.votes.get(team) if record else None
        return vote.option if vote else None

    def team_vote_typed(self, team: str) -> bool:
        """Whether ``team``'s current vote was typed in by the trainer (not its phones')."""
        record = self.record
        vote = record.votes.get(team) if record else None
        return vote is not None and vote.typed

    def majority(self) -> Majority:
        record = self.record
        if record is None:
            raise WorkshopError("workshop.error.no_beat")
        return record.majority_of()

    # -- votes ------------------------------------------------------------------------

    def listen(self, source: VoteSource) -> None:
        """Take votes from ``source`` (keyboard today, devices tomorrow)."""
        source.connect(self.receive)

    def receive(self, vote: Vote) -> None:
        """Record ``vote``; a team's new vote replaces its old one until the reveal."""
        record = self.record
        if record is None or self.phase != "vote":
            raise WorkshopError("workshop.error.votes_closed")
        now = self.clock()
        if vote.seat is not None:
            seat = self.room.by_id.get(vote.seat) if self.room else None
            if seat is None or vote.option is None:
                raise WorkshopError("room.error.token")
            phone_vote(record, vote, seat, self._option(vote.option), now)
        elif self.mode == "teams":
            if vote.team not in self.teams:
                raise WorkshopError("workshop.error.not_a_team", team=vote.team or "")
            if vote.option is None:
                # Erased: back to what the team's phones say, if they said anything.
                follow_phones(record, vote.team, now)
            else:
                pos = self._option(vote.option)
                record.votes.pop(vote.team, None)
                record.votes[vote.team] = TeamVote(vote.team, pos, now, typed=True)
                # Keep the votes in team order, so saves and reports read the same way.
                record.votes = {t: record.votes[t] for t in self.teams if t in record.votes}
        else:
            if vote.option is None:
                raise WorkshopError("workshop.error.not_an_option", option="", count=0)
            pos = self._option(vote.option)
            if vote.count < 0:
                raise WorkshopError("workshop.error.negative_count", count=vote.count)
            if vote.count == 0:
                record.counts.pop(pos, None)
            else:
                record.counts[pos] = OptionCount(pos, vote.count, now)
            record.counts = {p: record.counts[p] for p in sorted(record.counts)}
        self._touch()

    def _option(self, option: str) -> int:
        record = self.record
        count = len(record.options) if record else 0
        pos = position(option)
        if not 0 <= pos < count:
            raise WorkshopError("workshop.error.not_an_option", option=option, count=count)
        return pos

    def open_room(self, code: str) -> Seats:
        """Let phones join with ``code`` (kept when the room was already open)."""
        if self.room is None:
            self.room = Seats(code)
            self._touch()
        return self.room

    def join(self, code: str, team: str | None) -> tuple[str, str]:
        """A phone joins: returns its seat id and token; ``WorkshopError`` when refused."""
        if self.room is None:
            raise WorkshopError("room.error.closed")
        seat, token = self.room.join(code, team, self.mode, self.teams, self.clock())
        self._touch()
        return seat.id, token

    # -- moving on --------------------------------------------------------------------

    def reveal(self) -> Majority:
        """Close the vote and show the spread and every option's feedback."""
        record = self.record
        if record is None or self.phase != "vote":
            raise WorkshopError("workshop.error.wrong_phase", phase=self.phase)
        record.revealed = self.clock()
        self.countdown.pause(self.monotonic())
        self.phase = "reveal"
        self._touch()
        return record.majority_of()

    def unreveal(self) -> None:
        """Undo the reveal (until the room continues): the vote is open again."""
        record = self.record
        if record is None or self.phase != "reveal":
            raise WorkshopError("workshop.error.wrong_phase", phase=self.phase)
        record.revealed = None
        record.pick = None
        self.phase = "vote"
        self._touch()

    def pick(self, option: int | None) -> None:
        """After the reveal: the option to follow instead of the majority (saved at once)."""
        record = self.record
        if record is None or self.phase != "reveal":
            raise WorkshopError("workshop.error.wrong_phase", phase=self.phase)
        if option is not None and not 0 <= option < len(record.options):
            raise WorkshopError(
                "workshop.error.not_an_option", option=letter(option), count=len(record.options)
            )
        record.pick = option
        self._touch()

    def follow(self, option: int | None = None) -> BeatRecord:
        """Continue the room's path with option ``option`` (0-based), default the majority."""
        record = self.record
        if record is None or self.phase != "reveal":
            raise WorkshopError("workshop.error.wrong_phase", phase=self.phase)
        majority = record.majority_of()
        if option is None:
            option = record.pick
        chosen = majority.option if option is None else option
        if not 0 <= chosen < len(record.options):
            raise WorkshopError(
                "workshop.error.not_an_option", option=letter(chosen), count=len(record.options)
            )
        try:
            self.session.choose_index(record.options[chosen])
        except PlayError as exc:  # the records and the scenario disagree: never silently
            raise WorkshopError("workshop.error.replay", detail=str(exc)) from exc
        record.followed = chosen
        record.majority = majority.option
        record.tie = majority.tie
        record.finished = self.clock()
        if self.session.ended:
            result = self.session.result()
            self.item.ending = result.ending_id
            self.item.outcome = result.outcome
            self.item.finished = record.finished
            self.phase = "ending"
        else:
            self._open_beat()
        self._touch()
        return record

    def next_scenario(self) -> None:
        """After an ending: on to the next scenario of the agenda, or to the scoreboard."""
        if self.phase != "ending":
            raise WorkshopError("workshop.error.wrong_phase", phase=self.phase)
        if self.current + 1 < len(self.agenda):
            self.current += 1
            self.sessions.append(Session(self.scenario, self.dimensions))
            self._open_beat()
        else:
            self._finish()

    def finish(self) -> None:
        """End the session now (also before the agenda is done)."""
        if self.phase != "done":
            record = self.record
            if record is not None and record.revealed is not None:
                # A revealed beat always counts: it stays, closed without a path taken.
                record.finished = self.clock()
            elif record is not None:
                # An unplayed beat is not part of the session: drop it.
                self.records.pop()
            self._finish()

    def _finish(self) -> None:
        self.phase = "done"
        self.finished = self.clock()
        self._touch()

    def _open_beat(self) -> None:
        session = self.session
        assert session.beat_id is not None
        visible: list[VisibleChoice] = session.visible_choices
        self.records.append(
            BeatRecord(
                self.scenario.id, session.beat_id, [vc.index for vc in visible], self.clock()
            )
        )
        self.countdown.reset(float(self.settings.timer_seconds))
        self.phase = "vote"
        self._touch()

    # -- the timer --------------------------------------------------------------------

    def toggle_timer(self) -> None:
        self.countdown.toggle(self.monotonic())

    def extend_timer(self, seconds: int = EXTEND_SECONDS) -> None:
        self.countdown.extend(seconds, self.monotonic())

    def timer_remaining(self) -> float:
        return self.countdown.remaining(self.monotonic())

    # -- notes ------------------------------------------------------------------------

    def add_note(self, text: str) -> Note | None:
        """Keep a trainer's note with the beat it was written at; blank notes are ignored."""
        text = text.strip()
        if not text:
            return None
        record = self.record or (self.records[-1] if self.records else None)
        note = Note(
            self.clock(),
            text,
            record.scenario_id if record else self.scenario.id,
            record.beat_id if record else None,
        )
        self.notes.append(note)
        self._touch()
        return note

    def _touch(self) -> None:
        self.updated = self.clock()

    # -- persistence ------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Plain data for the TOML file (no ``None``: TOML has no null)."""
        data: dict[str, Any] = {
            "id": self.ident,
            "language": self.language,
            "created": self.created,
            "updated": self.updated,
            "mode": self.mode,
            "teams": list(self.teams),
            "timer_seconds": self.settings.timer_seconds,
            "show_scores": self.settings.show_scores,
            "phase": self.phase,
            "current": self.current,
            "timer": {
                "length": round(self.countdown.length, 1),
                "remaining": round(self.timer_remaining(), 1),
            },
        }
        if self.finished is not None:
            data["finished"] = self.finished
        data["agenda"] = [item_to_dict(item) for item in self.agenda]
        data["beats"] = [record_to_dict(r) for r in self.records]
        data["notes"] = [note_to_dict(n) for n in self.notes]
        if self.room is not None:
            data["room"] = self.room.to_dict()
        return data

    @classmethod
    def from_dict(
        cls,
        data: Mapping[str, Any],
        lookup: Callable[[str], tuple[Scenario, str] | None],
        *,
        dimensions: Dimensions = DEFAULT_DIMENSIONS,
        clock: Callable[[], datetime] = utcnow,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> tuple[Workshop, list[tuple[str, dict[str, object]]]]:
        """Rebuild a workshop from ``to_dict`` data by replaying the room's path.

        ``lookup`` finds a scenario and its current content hash by id. Returns the workshop
        and notices (catalogue key, params) to tell the trainer, e.g. that a scenario file
        changed since the session began. ``WorkshopError`` when it cannot be rebuilt.
        """
        try:
            return rebuild(cls, data, lookup, dimensions, clock, monotonic)
        except WorkshopError:
            raise
        except KeyError as exc:
            # Said in the user's words, never Python's ("'int' object is not iterable").
            detail = t("kind.missing_key", key=str(exc.args[0]) if exc.args else "?")
            raise WorkshopError("workshop.error.broken", detail=detail) from exc
        except (TypeError, ValueError, AttributeError, IndexError) as exc:
            raise WorkshopError("workshop.error.broken", detail=t("kind.bad_value")) from exc
        except Exception as exc:  # whatever the file holds, never a traceback
            raise WorkshopError("workshop.error.broken", detail=type(exc).__name__) from exc
