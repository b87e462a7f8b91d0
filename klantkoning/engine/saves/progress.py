"""A player's progress: attempts, best plays, the profile per dimension, what to play next.

Everything here is computed from a :class:`~klantkoning.engine.saves.store.Profile` and the
scenario :class:`~klantkoning.engine.library.index.Library`; nothing is stored. Achievements
live in :mod:`klantkoning.engine.saves.achievements` and are re-exported here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from klantkoning.engine.format.dimensions import Dimensions
from klantkoning.engine.format.model import OUTCOMES, Scenario
from klantkoning.engine.format.names import sector_key
from klantkoning.engine.library.index import Library, ScenarioEntry
from klantkoning.engine.saves.achievements import Achievement, achievements
from klantkoning.engine.saves.store import Attempt, Profile

__all__ = [
    "Achievement",
    "DimensionProgress",
    "ScenarioStatus",
    "achievements",
    "attempt_count",
    "attempts_newest_first",
    "best_attempt",
    "dimension_profile",
    "max_scores",
    "outcome_rank",
    "scenario_status",
    "strongest_weakest",
    "suggest_next",
]


@dataclass(frozen=True)
class DimensionProgress:
    """Points earned on one dimension, summed over each scenario's best attempt, against
    the maximum attainable in those scenarios."""

    dimension: str
    earned: int
    possible: int

    @property
    def met(self) -> bool:
        """Whether the player met this dimension at all (something was attainable)."""
        return self.possible > 0

    @property
    def ratio(self) -> float | None:
        """``earned / possible``, or ``None`` when nothing was attainable."""
        return self.earned / self.possible if self.possible > 0 else None

    @property
    def percent(self) -> int | None:
        """The ratio as a whole percentage (may be below 0 for negative points)."""
        ratio = self.ratio
        return None if ratio is None else round(ratio * 100)


@dataclass(frozen=True)
class ScenarioStatus:
    """What the library list shows per scenario: new or played, best outcome and score."""

    entry: ScenarioEntry
    attempts: int
    best: Attempt | None

    @property
    def played(self) -> bool:
        return self.attempts > 0

    @property
    def new(self) -> bool:
        return self.attempts == 0

    @property
    def best_outcome(self) -> str | None:
        return self.best.outcome if self.best is not None else None

    @property
    def best_score(self) -> int | None:
        return self.best.total if self.best is not None else None


# -- attempts -------------------------------------------------------------------------


def outcome_rank(outcome: str) -> int:
    """``ontevreden`` < ``tevreden`` < ``enthousiast``; an unknown outcome ranks lowest."""
    return OUTCOMES.index(outcome) if outcome in OUTCOMES else -1


def _better(a: Attempt, b: Attempt) -> bool:
    """Whether ``a`` beats ``b``: a higher outcome, then a higher total score."""
    return (outcome_rank(a.outcome), a.total) > (outcome_rank(b.outcome), b.total)


def best_attempt(profile: Profile, scenario_id: str) -> Attempt | None:
    """The player's best attempt at a scenario (the first one to reach it), if any.

    Practice (a play continued from a decision of an earlier one) never counts: it did
    not have to find the road up to that decision.
    """
    best: Attempt | None = None
    for attempt in sorted(profile.attempts, key=lambda a: a.started):
        if attempt.practice or attempt.scenario_id != scenario_id:
            continue
        if best is None or _better(attempt, best):
            best = attempt
    return best


def attempt_count(profile: Profile, scenario_id: str) -> int:
    """How often the player finished this scenario."""
    return sum(1 for a in profile.attempts if a.scenario_id == scenario_id)


def attempts_newest_first(profile: Profile) -> list[Attempt]:
    """Every attempt, the latest first (for the progress screen's list)."""
    return sorted(profile.attempts, key=lambda a: (a.finished, a.started), reverse=True)


def scenario_status(profile: Profile, library: Library) -> list[ScenarioStatus]:
    """One status per playable scenario of the library, in library order."""
    return [
        ScenarioStatus(e, attempt_count(profile, e.id), best_attempt(profile, e.id))
        for e in library.playable
    ]


# -- what a scenario makes attainable -------------------------------------------------

_MAX_CACHE: dict[tuple[int, tuple[str, ...]], tuple[Scenario, dict[str, int]]] = {}
_STATE_LIMIT = 50_000


def max_scores(scenario: Scenario, dimensions: Dimensions) -> dict[str, int]:
    """The highest total a single play can reach on each dimension.

    Uses the analysis engine's ``score_range`` when it is available; otherwise an exact
    search over (beat, flags) here, or, for scenarios with loops, the sum of each beat's
    best choice (an upper bound).
    """
    key = (id(scenario), dimensions.ids)
    cached = _MAX_CACHE.get(key)
    if cached is not None and cached[0] is scenario:
        return cached[1]
    result = _max_from_analysis(scenario, dimensions)
    if result is None:
        result = _max_by_search(scenario, dimensions)
    if len(_MAX_CACHE) > 256:
        _MAX_CACHE.clear()
    _MAX_CACHE[key] = (scenario, result)
    return result


def _max_from_analysis(scenario: Scenario, dimensions: Dimensions) -> dict[str, int] | None:
    """The highest totals of ``analyse``'s ``score_range``; ``None`` when one is unbounded."""
    from klantkoning.engine.analysis.analyse import analyse

    try:
        ranges = analyse(scenario, dimensions).score_range
    except Exception:  # a bug in the analysis must not break the progress screen
        return None
    out: dict[str, int] = {}
    for dim in dimensions.ids:
        high = ranges.get(dim, (0, 0))[1]
        if high is None:
            return None
        out[dim] = high
    return out


def _max_by_search(scenario: Scenario, dimensions: Dimensions) -> dict[str, int]:
    memo: dict[tuple[str, frozenset[str]], dict[str, int]] = {}
    on_path: set[tuple[str, frozenset[str]]] = set()

    class _Loop(Exception):
        pass

    def best(node: str, flags: frozenset[str]) -> dict[str, int]:
        state = (node, flags)
        if state in memo:
            return memo[state]
        beat = scenario.beats.get(node)
        if beat is None:
            return dict.fromkeys(dimensions.ids, 0)
        if state in on_path or len(memo) > _STATE_LIMIT:
            raise _Loop
        on_path.add(state)
        out: dict[str, int] | None = None
        for choice in beat.choices:
            if not choice.is_visible(flags):
                continue
            after = best(choice.next, flags | frozenset(choice.sets))
            totals = {d: after[d] + choice.score.get(d, 0) for d in dimensions.ids}
            out = totals if out is None else {d: max(out[d], totals[d]) for d in dimensions.ids}
        on_path.discard(state)
        memo[state] = out if out is not None else dict.fromkeys(dimensions.ids, 0)
        return memo[state]

    try:
        return best(scenario.scenario.start, frozenset())
    except (_Loop, RecursionError):
        return {
            d: sum(max(0, *(c.score.get(d, 0) for c in b.choices)) for b in scenario.beats.values())
            for d in dimensions.ids
        }


# -- the profile over all scenarios ---------------------------------------------------


def dimension_profile(profile: Profile, library: Library) -> list[DimensionProgress]:
    """Per dimension of the library: points of each played scenario's best attempt,
    against the maximum attainable in those scenarios. Scenarios no longer in the
    library do not count (what they made attainable is unknown).

    A scenario's maximum on a dimension counts only when its best attempt gave the
    player a chance to score it (``scoreable_dimensions``): a choice on the way rewarded
    it, and for ``herstel`` the play had something to repair. So a near-perfect play is
    never told to work on repair."""
    earned = dict.fromkeys(library.dimensions.ids, 0)
    possible = dict.fromkeys(library.dimensions.ids, 0)
    for entry in library.playable:
        best = best_attempt(profile, entry.id)
        if best is None or entry.scenario is None:
            continue
        maximum = max_scores(entry.scenario, library.dimensions)
        chances = _chances(entry.scenario, library.dimensions, best)
        for dim in library.dimensions.ids:
            earned[dim] += best.score.get(dim, 0)
            if dim in chances:
                possible[dim] += maximum.get(dim, 0)
    return [DimensionProgress(d, earned[d], possible[d]) for d in library.dimensions.ids]


def _chances(scenario: Scenario, dimensions: Dimensions, attempt: Attempt) -> frozenset[str]:
    """The dimensions ``attempt`` had a chance to score (see ``scoreable_dimensions``)."""
    from klantkoning.engine.analysis.judge import REPAIR_DIMENSION, scoreable_dimensions

    try:
        return scoreable_dimensions(scenario, attempt.history, dimensions)
    except Exception:  # the scenario changed since the attempt, or the analysis failed
        # Then all but herstel count as before, and herstel only if the mood fell.
        broke = attempt.lowest_mood < attempt.start_mood
        return frozenset(d for d in dimensions.ids if d != REPAIR_DIMENSION or broke)


def strongest_weakest(
    source: Profile | Sequence[DimensionProgress], library: Library | None = None
) -> tuple[DimensionProgress | None, DimensionProgress | None]:
    """The strongest and weakest dimension as a share of what was attainable.

    ``source`` is a :func:`dimension_profile` result, or a profile (then ``library`` is
    needed). Only dimensions the player met count; ``(None, None)`` before any play.
    """
    if isinstance(source, Profile):
        if library is None:
            raise TypeError("strongest_weakest(profile, library): the library is needed")
        items: Sequence[DimensionProgress] = dimension_profile(source, library)
    else:
        items = source
    met = [d for d in items if d.met]
    if not met:
        return None, None
    strongest = max(met, key=lambda d: d.ratio or 0.0)
    weakest = min(met, key=lambda d: d.ratio or 0.0)
    return strongest, weakest


def suggest_next(
    profile: Profile,
    library: Library,
    dim_profile: Sequence[DimensionProgress] | None = None,
) -> ScenarioEntry | None:
    """A playable scenario to play next, or ``None`` when every one has had an
    enthusiastic customer (those are never suggested).

    In this order of preference:

    1. it trains the weakest dimension well: at least half of what the best candidate
       rewards on it (before any play, or when none rewards it, every scenario does);
    2. it was not played yet: a new situation teaches more than a known one;
    3. it rewards the weakest dimension most;
    4. its sector was not played yet, so a player meets other workplaces than their own;
    5. it was played least; then the easiest; then by id.

    ``dim_profile`` is :func:`dimension_profile` when the caller has it already (it judges
    every played scenario: the progress screen shows it and asks this too).
    """
    if dim_profile is None:
        dim_profile = dimension_profile(profile, library)
    _, weakest = strongest_weakest(dim_profile)
    played_sectors = {
        sector_key(entry.scenario.scenario.sector)
        for entry in library.playable
        if entry.scenario is not None and attempt_count(profile, entry.id)
    } - {""}
    candidates: list[tuple[ScenarioEntry, int, int]] = []
    for entry in library.playable:
        best = best_attempt(profile, entry.id)
        if best is not None and best.outcome == "enthousiast":
            continue
        trains = 0
        if weakest is not None and entry.scenario is not None:
            trains = max_scores(entry.scenario, library.dimensions).get(weakest.dimension, 0)
        candidates.append((entry, trains, attempt_count(profile, entry.id)))
    if not candidates:
        return None
    most = max(trains for _, trains, _ in candidates)

    def preference(
        item: tuple[ScenarioEntry, int, int],
    ) -> tuple[bool, bool, int, bool, int, int, str]:
        entry, trains, attempts = item
        meta = entry.scenario.scenario if entry.scenario is not None else None
        well = most <= 0 or (trains > 0 and 2 * trains >= most)
        sector_seen = meta is not None and sector_key(meta.sector) in played_sectors
        difficulty = meta.difficulty if meta is not None else 0
        return (not well, attempts > 0, -trains, sector_seen, attempts, difficulty, entry.id)

    return min(candidates, key=preference)[0]
