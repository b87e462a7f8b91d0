"""The one door the game uses for learning records: queue what happened, if an LRS is set.

Without configuration every method does nothing, so the game behaves exactly as before.
Queueing never raises: a saves folder that cannot be written becomes a notice (catalogue
key and params) the caller shows once, and the play goes on.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from klantkoning.engine.analysis.judge import TooLarge, better_than, judge_state
from klantkoning.engine.analysis.totals import total_range
from klantkoning.engine.format.dimensions import Dimensions
from klantkoning.engine.format.model import Scenario
from klantkoning.engine.play.session import Session, StepResult, VisibleChoice
from klantkoning.engine.records.config import LrsConfig
from klantkoning.engine.records.group import workshop_statements
from klantkoning.engine.records.outbox import Outbox
from klantkoning.engine.records.sender import BackgroundSender
from klantkoning.engine.records.statements import (
    Actor,
    Judge,
    PlayRecord,
    Statement,
    Verdict,
    answered,
    completed,
    initialized,
    whole_play,
)
from klantkoning.engine.workshop.state import Workshop
from klantkoning.oserror import reason as os_reason


def judge_choice(before: Session, number: int) -> Verdict | None:
    """The judging rule's verdict on choice ``number`` in the state ``before`` it was made."""
    beat_id = before.beat_id
    if beat_id is None:
        return None
    try:
        verdicts = judge_state(
            before.scenario, beat_id, before.flags, before.mood, before.dimensions
        )
    except TooLarge:
        return None
    chosen = next((v for v in verdicts if v.number == number), None)
    if chosen is None:
        return None
    better = better_than(verdicts, number)
    return {"best": chosen.best, "better": better.number if better is not None else None}


class Recorder:
    """Queues statements in the outbox of one saves folder (and wakes the sender)."""

    def __init__(
        self, config: LrsConfig | None, saves_dir: Path, judge: Judge | None = judge_choice
    ) -> None:
        self.config = config
        self.outbox = Outbox(saves_dir)
        self.judge = judge
        self.sender: BackgroundSender | None = None
        self._workshop_earned: tuple[str, int, bool] | None = None
        self._queued: set[str] = set()
        """Ids queued by this program: a statement sent (and so gone from the outbox) is
        never queued again when a workshop's statements are built anew."""
        self.notice: tuple[str, dict[str, object]] | None = None
        """The last failure to queue, for the caller to show (then set back to None)."""

    def start_sending(self) -> None:
        """Send in the background while the program runs (the app calls this)."""
        if self.config is not None and self.sender is None:
            self.sender = BackgroundSender(self.outbox, self.config)
            self.sender.start()

    def stop_sending(self) -> None:
        if self.sender is not None:
            self.sender.stop()
            self.sender = None

    def play(
        self,
        actor: Actor,
        scenario: Scenario,
        content_hash: str,
        dimensions: Dimensions,
        started: datetime,
        mode: str,
        practice: bool = False,
    ) -> PlayRecord | None:
        """What the statements of one play share, or ``None`` when nothing is recorded."""
        if self.config is None:
            return None
        return PlayRecord(
            self.config, actor, scenario, content_hash, dimensions, started, mode, practice
        )

    def started(self, record: PlayRecord | None, when: datetime) -> None:
        if record is not None:
            self._queue([initialized(record, when)])

    def chose(
        self,
        record: PlayRecord | None,
        before: Session,
        number: int,
        visible: list[VisibleChoice],
        step: StepResult,
        when: datetime,
    ) -> None:
        """One choice; ``before`` is the session as it was when the choice was made."""
        if record is None:
            return
        verdict = self.judge(before, number) if self.judge is not None else None
        self._queue([answered(record, before.steps_taken + 1, visible, step, verdict, when)])

    def finished(self, record: PlayRecord | None, session: Session, when: datetime) -> None:
        if record is not None:
            rng = total_range(record.scenario, record.dimensions)
            result = session.result()
            self._queue([completed(record, result, when, rng, session.history)])

    def headless(self, record: PlayRecord | None, session: Session, when: datetime) -> None:
        """A play made without a screen (``play --path --player``): all of it at once."""
        if record is not None:
            rng = total_range(record.scenario, record.dimensions)
            self._queue(whole_play(record, session, when, rng, self.judge))

    def workshop(self, workshop: Workshop) -> None:
        """Everything the session has earned so far (ids make repeats harmless).

        Called after every save, so after every vote: statements are built only when a
        moment was finished or the session ended since the last call.
        """
        if self.config is None:
            return
        earned = (
            workshop.ident,
            sum(1 for r in workshop.records if r.finished is not None),
            workshop.finished is not None or workshop.is_done,
        )
        if earned != self._workshop_earned and self._queue(
            workshop_statements(workshop, self.config)
        ):
            self._workshop_earned = earned

    def _queue(self, statements: Iterable[Statement]) -> bool:
        """Queue ``statements``; ``False`` (and a notice to show) when the outbox failed."""
        fresh = [s for s in statements if s["id"] not in self._queued]
        try:
            added = self.outbox.enqueue(fresh)
        except OSError as exc:
            self.notice = ("lrs.notice.cannot_queue", {"detail": os_reason(exc)})
            return False
        self._queued.update(str(s["id"]) for s in fresh)
        if added and self.sender is not None:
            self.sender.wake()
        return True
