"""The one object between the engine and the play screen (Yarn Spinner's DialogueRunner role).

The runner owns the ``Session``, saves every choice at once as the unfinished play,
records the finished play once, and tells the screen what happened with messages.
Widgets never change the session themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from random import Random

from textual.message import Message
from textual.message_pump import MessagePump

from klantkoning.engine.format.model import Scenario
from klantkoning.engine.library.index import Library, ScenarioEntry
from klantkoning.engine.play.session import PlayResult, Session, StepResult, VisibleChoice
from klantkoning.engine.records.recorder import Recorder
from klantkoning.engine.records.statements import Actor
from klantkoning.engine.saves.achievements import earned_since
from klantkoning.engine.saves.progress import Achievement, achievements, best_attempt
from klantkoning.engine.saves.store import Attempt, Profile, SaveStore, Unfinished


def now() -> datetime:
    """The current moment in UTC. Kept to the microsecond: a play is known by its scenario
    and start, so two quick plays in the same second must not look like one."""
    return datetime.now(UTC)


def shown_order(session: Session, seed: int | None) -> list[VisibleChoice]:
    """The visible choices of ``session`` in the order a play with ``seed`` shows them:
    file order without a seed, else a permutation fixed by the seed, beat and step."""
    visible = list(session.visible_choices)
    if seed is None or len(visible) < 2:
        return visible
    Random(f"{seed}:{session.node}:{session.steps_taken}").shuffle(visible)
    return visible


class PlayRunner:
    """Drives one solo play and keeps its save up to date."""

    @dataclass
    class Stepped(Message):
        """A choice was taken (the play may have ended with it)."""

        step: StepResult
        ended: bool

    @dataclass
    class Finished(Message):
        """The play reached an ending and was recorded."""

        result: PlayResult
        attempt: Attempt
        previous_best: Attempt | None

    def __init__(
        self,
        store: SaveStore,
        library: Library,
        profile: Profile,
        entry: ScenarioEntry,
        session: Session,
        started: datetime,
        mode: str,
        on_profile: Callable[[Profile], None] | None = None,
        recorder: Recorder | None = None,
        *,
        seed: int | None = None,
        practice: bool = False,
    ) -> None:
        assert entry.scenario is not None
        self.store = store
        self.library = library
        self.profile = profile
        self.entry = entry
        self.session = session
        self.started = started
        self.mode = mode
        self.seed = seed
        self.practice = practice
        self._on_profile = on_profile
        self.attempt: Attempt | None = None
        self.previous_best: Attempt | None = best_attempt(profile, entry.id)
        self.new_achievements: list[Achievement] = []
        self.recorder = recorder
        self.record = (
            recorder.play(
                Actor(profile.slug, profile.name),
                entry.scenario,
                entry.content_hash,
                session.dimensions,
                started,
                "exam" if mode == "exam" else "direct",
                practice,
            )
            if recorder is not None
            else None
        )

    @property
    def scenario(self) -> Scenario:
        assert self.entry.scenario is not None
        return self.entry.scenario

    @property
    def shown_choices(self) -> list[VisibleChoice]:
        """The visible choices in the order the screen shows them (numbered 1.. there).

        The session numbers choices in file order, and so do ``play --path`` and the
        workshop's letters; only this display is shuffled, by the play's seed, the beat
        and the step, so a resumed play shows every beat in the same order again.
        """
        return shown_order(self.session, self.seed)

    def choose_shown(self, shown: int, target: MessagePump | None = None) -> StepResult:
        """Take the choice shown as number ``shown`` (1-based) on screen."""
        order = self.shown_choices
        if not 1 <= shown <= len(order):
            # Let the session refuse it with its own located message.
            return self.choose(len(self.session.visible_choices) + 1, target)
        return self.choose(order[shown - 1].number, target)

    def _set_profile(self, profile: Profile) -> None:
        self.profile = profile
        if self._on_profile is not None:
            self._on_profile(profile)

    def record_start(self) -> None:
        """Queue the ``initialized`` statement of a fresh play (when an LRS is set)."""
        if self.recorder is not None:
            self.recorder.started(self.record, self.started)

    def save_progress(self) -> None:
        """Save the play so far as the player's unfinished play (atomic; never raises)."""
        unfinished = Unfinished(
            scenario_id=self.entry.id,
            scenario_hash=self.entry.content_hash,
            started=self.started,
            state=self.session.to_dict(),
            mode="exam" if self.mode == "exam" else "direct",
            seed=self.seed,
            practice=self.practice,
        )
        self._set_profile(self.store.save_unfinished(self.profile, unfinished))

    def choose(self, number: int, target: MessagePump | None = None) -> StepResult:
        """Take visible choice ``number``; save at once; record the play when it ends.

        Raises ``PlayError`` for a number that is not on screen (the screen checks first).
        """
        before = self.session.copy() if self.record is not None else None
        step = self.session.choose(number)
        if self.recorder is not None and before is not None:
            self.recorder.chose(self.record, before, number, before.visible_choices, step, now())
        if self.session.ended:
            self._finish()
        else:
            self.save_progress()
        if target is not None:
            target.post_message(self.Stepped(step, self.session.ended))
            if self.attempt is not None:
                target.post_message(
                    self.Finished(self.session.result(), self.attempt, self.previous_best)
                )
        return step

    def _finish(self) -> None:
        if self.attempt is not None:
            return
        self.attempt = Attempt.from_session(
            self.session,
            self.entry.content_hash,
            self.started,
            now(),
            mode=self.mode,
            seed=self.seed,
            practice=self.practice,
        )
        fresh = self.store.reload(self.profile)
        self.previous_best = best_attempt(fresh, self.entry.id)
        before = self._achievements(fresh)
        self._set_profile(self.store.record_attempt(fresh, self.attempt))
        if self.recorder is not None:
            self.recorder.finished(self.record, self.session, self.attempt.finished)
        after = self._achievements(self.profile)
        if before is not None and after is not None:
            self.new_achievements = earned_since(before, after)

    def _achievements(self, profile: Profile) -> list[Achievement] | None:
        # Celebrating is a bonus: whatever goes wrong computing it must not cost the play.
        try:
            return achievements(profile, self.library)
        except Exception:
            return None
