"""The running play: a pure, deterministic state machine over a validated scenario.

Like ink's ``Story``: the session exposes the current beat and the visible choices,
and ``choose`` moves on or rejects a bad choice with a domain error. The UI, the CLI,
the workshop and the tests all drive this one class.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from klantkoning.engine.format.dimensions import DEFAULT_DIMENSIONS, Dimensions
from klantkoning.engine.format.model import (
    Beat,
    Choice,
    Ending,
    Scenario,
    clamp_mood,
    derive_outcome,
)

STATE_VERSION = 1


class PlayError(ValueError):
    """A request the engine refuses; ``code`` and ``params`` name it for the catalogue."""

    def __init__(self, code: str, message: str, **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class VisibleChoice:
    """A choice as the player sees it: its 1-based number on screen and its index in the file."""

    number: int
    index: int
    choice: Choice


@dataclass(frozen=True)
class StepResult:
    """What one choice did."""

    beat_id: str
    index: int
    choice: Choice
    mood_before: int
    mood_after: int
    next_id: str
    ending_id: str | None
    flags_set: tuple[str, ...]


@dataclass(frozen=True)
class PlayResult:
    """The end of a play: everything a debrief, a save or ``play --json`` needs."""

    scenario_id: str
    ending_id: str
    ending: Ending
    outcome: str
    outcome_derived: bool
    start_mood: int
    mood: int
    lowest_mood: int
    score: dict[str, int]
    flags: tuple[str, ...]
    path: tuple[str, ...]
    choices: tuple[int, ...]

    @property
    def recovered(self) -> bool:
        """The service recovery paradox: the mood fell below its start and ended above it,
        with an enthusiastic customer (a repair that only satisfies is no paradox)."""
        return is_recovery(self.start_mood, self.lowest_mood, self.mood, self.outcome)

    def to_json(self) -> dict[str, Any]:
        """The plain dict ``play --json`` prints."""
        return {
            "scenario": self.scenario_id,
            "path": list(self.path),
            "choices": list(self.choices),
            "ending": self.ending_id,
            "outcome": self.outcome,
            "outcome_derived": self.outcome_derived,
            "mood": self.mood,
            "start_mood": self.start_mood,
            "lowest_mood": self.lowest_mood,
            "recovered": self.recovered,
            "score": dict(self.score),
            "flags": list(self.flags),
        }


@dataclass
class Session:
    """One play of one scenario."""

    scenario: Scenario
    dimensions: Dimensions = DEFAULT_DIMENSIONS
    node: str = ""
    mood: int = 0
    lowest_mood: int = 0
    flags: set[str] = field(default_factory=set)
    score: dict[str, int] = field(default_factory=dict)
    path: list[str] = field(default_factory=list)
    history: list[tuple[str, int]] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.node:
            self.node = self.scenario.scenario.start
            self.mood = self.lowest_mood = self.scenario.customer.mood
            self.path = [self.node]
            self.score = dict.fromkeys(self.dimensions.ids, 0)

    # -- where we are ---------------------------------------------------------------

    @property
    def ended(self) -> bool:
        return self.node in self.scenario.endings

    @property
    def beat_id(self) -> str | None:
        return None if self.ended else self.node

    @property
    def beat(self) -> Beat | None:
        return self.scenario.beats.get(self.node)

    @property
    def ending(self) -> Ending | None:
        return self.scenario.endings.get(self.node)

    @property
    def start_mood(self) -> int:
        return self.scenario.customer.mood

    @property
    def steps_taken(self) -> int:
        return len(self.history)

    @property
    def visible_choices(self) -> list[VisibleChoice]:
        """The choices shown now, numbered from 1 in file order."""
        beat = self.beat
        if beat is None:
            return []
        shown = [(i, c) for i, c in enumerate(beat.choices) if c.is_visible(self.flags)]
        return [VisibleChoice(n, i, c) for n, (i, c) in enumerate(shown, start=1)]

    # -- moving on ------------------------------------------------------------------

    def choose(self, number: int) -> StepResult:
        """Take the visible choice with this 1-based ``number``."""
        if self.ended:
            raise PlayError("play.already_ended", "the play has already ended")
        visible = self.visible_choices
        if not 1 <= number <= len(visible):
            raise PlayError(
                "play.no_such_choice",
                f"choice {number} is not one of the {len(visible)} visible choices at "
                f"beat '{self.node}'",
                number=number,
                count=len(visible),
                beat=self.node,
            )
        return self._apply(visible[number - 1])

    def choose_index(self, index: int) -> StepResult:
        """Take the choice at 0-based ``index`` in the file; it must be visible now."""
        for vc in self.visible_choices:
            if vc.index == index:
                return self._apply(vc)
        raise PlayError(
            "play.hidden_choice",
            f"choice index {index} is not visible at beat '{self.node}'",
            index=index,
            beat=self.node,
        )

    def _apply(self, vc: VisibleChoice) -> StepResult:
        beat_id, choice = self.node, vc.choice
        before = self.mood
        self.mood = clamp_mood(self.mood + choice.mood)
        self.lowest_mood = min(self.lowest_mood, self.mood)
        new_flags = tuple(f for f in choice.sets if f not in self.flags)
        self.flags.update(choice.sets)
        for dim, points in choice.score.items():
            self.score[dim] = self.score.get(dim, 0) + points
        self.history.append((beat_id, vc.index))
        self.numbers.append(vc.number)
        self.node = choice.next
        self.path.append(self.node)
        return StepResult(
            beat_id=beat_id,
            index=vc.index,
            choice=choice,
            mood_before=before,
            mood_after=self.mood,
            next_id=self.node,
            ending_id=self.node if self.ended else None,
            flags_set=new_flags,
        )

    def result(self) -> PlayResult:
        """The outcome of a finished play."""
        ending = self.ending
        if ending is None:
            raise PlayError(
                "play.not_ended",
                f"the play stopped at beat '{self.node}', before an ending",
                beat=self.node,
            )
        outcome = ending.outcome or derive_outcome(self.mood)
        return PlayResult(
            scenario_id=self.scenario.id,
            ending_id=self.node,
            ending=ending,
            outcome=outcome,
            outcome_derived=ending.outcome is None,
            start_mood=self.start_mood,
            mood=self.mood,
            lowest_mood=self.lowest_mood,
            score=dict(self.score),
            flags=tuple(sorted(self.flags)),
            path=tuple(self.path),
            choices=tuple(self.numbers),
        )

    # -- saving and resuming --------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The state as plain data; ``from_dict`` replays it, so a save cannot be inconsistent."""
        return {
            "version": STATE_VERSION,
            "scenario": self.scenario.id,
            "history": [[beat, index] for beat, index in self.history],
        }

    @classmethod
    def from_dict(
        cls,
        scenario: Scenario,
        data: Mapping[str, Any],
        dimensions: Dimensions = DEFAULT_DIMENSIONS,
    ) -> Session:
        """Rebuild a session from ``to_dict`` data; ``PlayError`` when it does not fit."""
        if data.get("version") != STATE_VERSION:
            raise PlayError(
                "play.state_version",
                f"saved play has version {data.get('version')!r}; "
                f"this version reads {STATE_VERSION}",
                version=data.get("version"),
            )
        if data.get("scenario") != scenario.id:
            raise PlayError(
                "play.state_scenario",
                f"saved play is of scenario {data.get('scenario')!r}, not {scenario.id!r}",
                scenario=data.get("scenario"),
            )
        session = cls(scenario, dimensions)
        history = data.get("history", [])
        if not isinstance(history, list):
            raise PlayError("play.state_broken", "saved play has no valid history")
        for step in history:
            if (
                not isinstance(step, (list, tuple))
                or len(step) != 2
                or step[0] != session.node
                or not isinstance(step[1], int)
            ):
                raise PlayError("play.state_broken", "saved play does not fit this scenario")
            session.choose_index(step[1])
        return session

    def copy(self) -> Session:
        """An independent copy (for trying a branch without changing this play)."""
        return Session(
            self.scenario,
            self.dimensions,
            self.node,
            self.mood,
            self.lowest_mood,
            set(self.flags),
            dict(self.score),
            list(self.path),
            list(self.history),
            list(self.numbers),
        )


def is_recovery(start_mood: int, lowest_mood: int, mood: int, outcome: str) -> bool:
    """The one rule for the service recovery paradox (banner, ``play``, achievement).

    The mood fell below where it started, ended above it, and the customer left
    enthusiastic: a problem solved so well that the customer is happier than without it.
    """
    return lowest_mood < start_mood < mood and outcome == "enthousiast"


def play_path(
    scenario: Scenario,
    numbers: Iterable[int],
    dimensions: Dimensions = DEFAULT_DIMENSIONS,
) -> Session:
    """Play ``numbers`` (1-based visible choices) from the start; returns the session."""
    session = Session(scenario, dimensions)
    for number in numbers:
        session.choose(number)
    return session


def parse_path(text: str) -> list[int]:
    """``"2,1,3"`` -> ``[2, 1, 3]``; ``PlayError`` on anything else."""
    parts: Sequence[str] = [p.strip() for p in text.replace(" ", ",").split(",") if p.strip()]
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        raise PlayError("play.bad_path", f"not a list of numbers: {text!r}", path=text) from None
    return numbers
