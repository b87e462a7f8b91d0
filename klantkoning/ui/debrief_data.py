"""What the debrief says about a play, computed once: the road with the judge's verdict at
every step, what went well, what to work on, the alternative that mattered most, the
levels acted on (by a best or a weak choice) and the score rows.

Every "better" and "best" here comes from the engine's one judging rule
(:mod:`klantkoning.engine.analysis.judge`); nothing in the UI ranks choices itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from klantkoning.engine.analysis.judge import (
    REPAIR_DIMENSION,
    StepVerdict,
    TooLarge,
    Verdict,
    judge_play,
    scoreable_dimensions,
    something_to_repair,
    turning_point,
)
from klantkoning.engine.format.dimensions import GROUPS, Dimensions
from klantkoning.engine.format.model import LEVELS, OUTCOMES, Choice, Scenario
from klantkoning.engine.play.session import PlayError, Session
from klantkoning.ui.widgets.score_bars import ScoreRow

VALUE_LEVELS = frozenset({"missie", "identiteit", "waarden"})
"""The levels Pol's quote is about: working from mission, identity and values."""


@dataclass(frozen=True)
class RoadStep:
    """One choice of the play with the judge's verdict on it."""

    number: int
    beat_id: str
    choice: Choice
    mood_before: int
    mood_after: int
    verdict: StepVerdict | None
    """``None`` when the scenario is too large to judge: then nothing is recommended."""
    better_choice: Choice | None

    @property
    def best(self) -> bool | None:
        """Judged best (ties count); ``None`` when not judged."""
        return None if self.verdict is None else self.verdict.best


def road_taken(
    scenario: Scenario, dimensions: Dimensions, history: Sequence[tuple[str, int]]
) -> list[RoadStep]:
    """Replay ``history`` and judge each step with the engine's rule."""
    try:
        verdicts: list[StepVerdict] | None = judge_play(scenario, history, dimensions)
    except (TooLarge, PlayError):
        verdicts = None
    session = Session(scenario, dimensions)
    steps: list[RoadStep] = []
    for n, (beat_id, index) in enumerate(history, start=1):
        beat = scenario.beats[beat_id]
        verdict = verdicts[n - 1] if verdicts is not None else None
        better_choice = None
        if verdict is not None and verdict.better_verdict is not None:
            better_choice = beat.choices[verdict.better_verdict.file_index]
        result = session.choose_index(index)
        steps.append(
            RoadStep(
                n,
                beat_id,
                beat.choices[index],
                result.mood_before,
                result.mood_after,
                verdict,
                better_choice,
            )
        )
    return steps


def had_something_to_repair(
    scenario: Scenario,
    dimensions: Dimensions,
    history: Sequence[tuple[str, int]],
    road: Sequence[RoadStep],
) -> bool:
    """The play had something to repair (the engine's rule: the mood fell below its
    start, or a choice was judged weak), reusing the verdicts the road already holds."""
    try:
        return something_to_repair(scenario, history, dimensions, steps=_verdicts(road))
    except PlayError:
        return False


def _verdicts(road: Sequence[RoadStep]) -> list[StepVerdict] | None:
    """The judge's verdicts the road holds; ``None`` when a step was not judged."""
    verdicts = [step.verdict for step in road]
    return None if any(v is None for v in verdicts) else [v for v in verdicts if v is not None]


def went_well(road: Sequence[RoadStep], count: int = 2) -> list[RoadStep]:
    """Up to ``count`` choices judged best where there was something to choose (a beat
    with one visible option is no achievement), those that earned most first; in play
    order."""
    best = [s for s in road if s.best and s.verdict is not None and len(s.verdict.verdicts) > 1]
    best.sort(key=lambda s: (-sum(s.choice.score.values()), -s.choice.mood, s.number))
    return sorted(best[:count], key=lambda s: s.number)


def mattered_most(road: Sequence[RoadStep]) -> RoadStep | None:
    """The step where the judge's recommended alternative differs most from the choice
    made (the engine's ``turning_point``: outcome, then points, then mood)."""
    verdicts = [step.verdict for step in road if step.verdict is not None]
    found = turning_point(verdicts)
    return None if found is None else road[found.step - 1]


def outcome_after(verdict: Verdict) -> str:
    """The best outcome still reachable after a judged choice (``""``: none)."""
    return verdict.best_outcome if verdict.best_outcome in OUTCOMES else ""


@dataclass(frozen=True)
class LevelCount:
    """How often the play acted at one level: by a choice judged best, by a weak one, and
    by one that could not be judged."""

    level: str
    best: int = 0
    weak: int = 0
    unjudged: int = 0

    @property
    def total(self) -> int:
        return self.best + self.weak + self.unjudged


def levels_acted(road: Sequence[RoadStep]) -> list[LevelCount]:
    """Per level, in the order of :data:`LEVELS`, the choices that acted there."""
    counts = {level: [0, 0, 0] for level in LEVELS}
    for step in road:
        level = step.choice.level
        if not level:
            continue
        slot = 2 if step.best is None else 0 if step.best else 1
        counts[level][slot] += 1
    return [LevelCount(level, *counts[level]) for level in LEVELS]


def worked_from_values(levels: Sequence[LevelCount]) -> bool:
    """A best choice acted at missie, identiteit or waarden (Pol's quote is about that)."""
    return any(c.best > 0 for c in levels if c.level in VALUE_LEVELS)


def scoreable(
    scenario: Scenario,
    dimensions: Dimensions,
    history: Sequence[tuple[str, int]],
    road: Sequence[RoadStep],
) -> frozenset[str]:
    """The dimensions this play had a chance to score (the engine's rule; herstel only
    when something broke, judged from the road's verdicts); none when the history does
    not fit."""
    try:
        return scoreable_dimensions(scenario, history, dimensions, steps=_verdicts(road))
    except PlayError:
        return frozenset()


def score_rows(
    scenario: Scenario,
    dimensions: Dimensions,
    score: dict[str, int],
    ranges: dict[str, tuple[int | None, int | None]] | None,
    *,
    repair: bool,
    nothing_to_repair: str,
) -> dict[str, list[ScoreRow]]:
    """Per group, one bar per dimension, from the least to the most attainable in any play.

    Dimensions the scenario can neither win nor lose points on are left out. Without
    ``repair`` (nothing broke) herstel gets no maximum: the row says so instead.
    """
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
            if dim.id == REPAIR_DIMENSION and not repair:
                rows.append(ScoreRow(dim.label(), earned, None, dim=True, note=nothing_to_repair))
                continue
            rows.append(ScoreRow(dim.label(), earned, high, dim=(high or 0) <= 0, minimum=low))
        if rows:
            out[group] = rows
    return out


def work_on(
    dimensions: Dimensions,
    road: Sequence[RoadStep],
    chances: frozenset[str],
) -> tuple[str, int] | None:
    """The one dimension to work on, from the judge's recommendations only: the one the
    recommended alternatives would have earned most more on than the choices made
    (among those the play had a chance to score; the first dimension on a tie).
    ``(id, points missed)``; ``None`` when no choice had a better alternative, or the
    better ones differ by outcome or mood only."""
    missed = dict.fromkeys(dimensions.ids, 0)
    for step in road:
        if step.better_choice is None:
            continue
        for dim in dimensions.ids:
            gain = step.better_choice.score.get(dim, 0) - step.choice.score.get(dim, 0)
            missed[dim] += gain
    found = [(points, dim) for dim, points in missed.items() if points > 0 and dim in chances]
    if not found:
        return None
    best = max(points for points, _ in found)
    dim = next(dim for points, dim in found if points == best)
    return dim, best


def _scores(scenario: Scenario, dim_id: str) -> bool:
    return any(dim_id in c.score for beat in scenario.beats.values() for c in beat.choices)
