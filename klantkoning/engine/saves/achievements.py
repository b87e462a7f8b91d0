"""Achievements: each one rewards behaviour the game teaches, never just clicking through.

Titles and descriptions are in the catalogue under ``achievement.<id>``. Every
achievement is computed from the player's attempts and the library; nothing is stored,
so an achievement appears as soon as its attempt is recorded, in any instance.

Practice (a play continued from a decision of an earlier one) counts for what the player
has seen (every ending, every scenario), not for how well a play went: it did not have to
find the road up to that decision, just as it never counts as a best result.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from klantkoning.engine.format.model import Scenario
from klantkoning.engine.library.index import Library
from klantkoning.engine.play.session import is_recovery
from klantkoning.engine.saves.store import Attempt, Profile
from klantkoning.i18n import t

VERLEUKER_POINTS = 3
"""Verleuken points one play needs for ``verleuker``."""

ENTHUSIAST_GOAL = 3
"""Enthusiastic customers, each reached on a different path, for ``drie-enthousiast``."""

HIGH_LEVELS = frozenset({"missie", "identiteit", "waarden"})
LOW_LEVELS = frozenset({"gedrag", "omgeving"})

ACHIEVEMENT_IDS: tuple[str, ...] = (
    "herstelparadox",
    "waarden-eerst",
    "verleuker",
    "drie-enthousiast",
    "examen",
    "beter-dan-ooit",
    "alle-eindes",
    "alle-scenarios",
)

_ENDING_STATE_LIMIT = 50_000


@dataclass(frozen=True)
class Achievement:
    """One achievement: earned or not, and how far along (``"2/3"``)."""

    id: str
    earned: bool
    progress: str

    @property
    def title(self) -> str:
        return t(f"achievement.{self.id}.title")

    @property
    def description(self) -> str:
        return t(
            f"achievement.{self.id}.description",
            points=VERLEUKER_POINTS,
            goal=ENTHUSIAST_GOAL,
        )


def _made(achievement_id: str, done: int, goal: int) -> Achievement:
    done = max(0, min(done, goal))
    return Achievement(achievement_id, goal > 0 and done >= goal, f"{done}/{goal}")


def _flag(achievement_id: str, earned: bool) -> Achievement:
    return _made(achievement_id, 1 if earned else 0, 1)


# -- helpers on scenarios -------------------------------------------------------------


def reachable_endings(scenario: Scenario) -> set[str]:
    """Every ending some play can reach (flags taken into account)."""
    start = (scenario.scenario.start, frozenset[str]())
    seen = {start}
    queue = deque([start])
    endings: set[str] = set()
    while queue and len(seen) < _ENDING_STATE_LIMIT:
        node, flags = queue.popleft()
        if node in scenario.endings:
            endings.add(node)
            continue
        beat = scenario.beats.get(node)
        if beat is None:
            continue
        for choice in beat.choices:
            if choice.is_visible(flags):
                state = (choice.next, flags | frozenset(choice.sets))
                if state not in seen:
                    seen.add(state)
                    queue.append(state)
    return endings


def chosen_levels(attempt: Attempt, scenario: Scenario) -> list[str | None]:
    """The level of each choice the attempt made, in order (``None``: no level, or the
    scenario changed so the choice is no longer there)."""
    levels: list[str | None] = []
    for beat_id, index in attempt.history:
        beat = scenario.beats.get(beat_id)
        if beat is None or not 0 <= index < len(beat.choices):
            levels.append(None)
        else:
            levels.append(beat.choices[index].level)
    return levels


def values_first(attempt: Attempt, scenario: Scenario) -> bool:
    """Whether a choice at missie/identiteit/waarden level came before any choice at
    gedrag/omgeving level, and the customer left at least satisfied (Pol: values first)."""
    if attempt.outcome not in ("tevreden", "enthousiast"):
        return False
    for level in chosen_levels(attempt, scenario):
        if level in HIGH_LEVELS:
            return True
        if level in LOW_LEVELS:
            return False
    return False


def full_plays(profile: Profile) -> list[Attempt]:
    """The attempts played from the first beat (practice left out)."""
    return [a for a in profile.attempts if not a.practice]


# -- the achievements -----------------------------------------------------------------


def _herstelparadox(profile: Profile, library: Library) -> Achievement:
    # Decided again from the attempt's moods and outcome: saves written before the rule
    # needed an enthusiastic customer stored ``recovered`` without that condition.
    return _flag(
        "herstelparadox",
        any(
            is_recovery(a.start_mood, a.lowest_mood, a.mood, a.outcome) for a in full_plays(profile)
        ),
    )


def _waarden_eerst(profile: Profile, library: Library) -> Achievement:
    def qualifies(attempt: Attempt) -> bool:
        entry = library.get(attempt.scenario_id)
        return (
            entry is not None
            and entry.scenario is not None
            and (values_first(attempt, entry.scenario))
        )

    return _flag("waarden-eerst", any(qualifies(a) for a in full_plays(profile)))


def _verleuker(profile: Profile, library: Library) -> Achievement:
    best = max((a.score.get("verleuken", 0) for a in full_plays(profile)), default=0)
    return _made("verleuker", best, VERLEUKER_POINTS)


def _drie_enthousiast(profile: Profile, library: Library) -> Achievement:
    # Replaying the very same choices does not tell a new story: count distinct ones.
    stories = {
        (a.scenario_id, tuple(a.history)) for a in full_plays(profile) if a.outcome == "enthousiast"
    }
    return _made("drie-enthousiast", len(stories), ENTHUSIAST_GOAL)


def _examen(profile: Profile, library: Library) -> Achievement:
    return _flag(
        "examen",
        any(a.mode == "exam" and a.outcome == "enthousiast" for a in full_plays(profile)),
    )


def _beter_dan_ooit(profile: Profile, library: Library) -> Achievement:
    best: dict[str, int] = {}
    earned = False
    for attempt in sorted(full_plays(profile), key=lambda a: a.started):
        previous = best.get(attempt.scenario_id)
        if previous is not None and attempt.total > previous:
            earned = True
        if previous is None or attempt.total > previous:
            best[attempt.scenario_id] = attempt.total
    return _flag("beter-dan-ooit", earned)


def _alle_eindes(profile: Profile, library: Library) -> Achievement:
    best_seen, best_total, earned = 0, 0, False
    for entry in library.playable:
        if entry.scenario is None:
            continue
        endings = reachable_endings(entry.scenario)
        if not endings:
            continue
        seen = {a.ending for a in profile.attempts if a.scenario_id == entry.id} & endings
        if len(seen) == len(endings):
            earned = True
        # Show the scenario that is closest to done.
        if best_total == 0 or len(seen) * best_total > best_seen * len(endings):
            best_seen, best_total = len(seen), len(endings)
        if earned:
            best_seen, best_total = len(endings), len(endings)
            break
    achievement = _made("alle-eindes", best_seen, best_total)
    return Achievement(achievement.id, earned, achievement.progress)


def _alle_scenarios(profile: Profile, library: Library) -> Achievement:
    ids = {e.id for e in library.playable}
    played = {a.scenario_id for a in profile.attempts} & ids
    return _made("alle-scenarios", len(played), len(ids))


_RULES: dict[str, Callable[[Profile, Library], Achievement]] = {
    "herstelparadox": _herstelparadox,
    "waarden-eerst": _waarden_eerst,
    "verleuker": _verleuker,
    "drie-enthousiast": _drie_enthousiast,
    "examen": _examen,
    "beter-dan-ooit": _beter_dan_ooit,
    "alle-eindes": _alle_eindes,
    "alle-scenarios": _alle_scenarios,
}


def achievements(profile: Profile, library: Library) -> list[Achievement]:
    """Every achievement, earned or not, in a fixed order."""
    return [_RULES[achievement_id](profile, library) for achievement_id in ACHIEVEMENT_IDS]


def earned_since(before: Sequence[Achievement], after: Sequence[Achievement]) -> list[Achievement]:
    """The achievements earned in ``after`` that were not in ``before`` (to celebrate)."""
    had = {a.id for a in before if a.earned}
    return [a for a in after if a.earned and a.id not in had]
