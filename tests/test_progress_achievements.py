"""Achievements: each one earned by the behaviour it rewards, and not by anything less."""

from __future__ import annotations

import dataclasses

import pytest
from progress_support import LIBRARY, T0, play, profile_of

from klantkoning.engine.library.folders import load_library
from klantkoning.engine.library.index import Library
from klantkoning.engine.saves.achievements import (
    ACHIEVEMENT_IDS,
    ENTHUSIAST_GOAL,
    VERLEUKER_POINTS,
    earned_since,
    reachable_endings,
    values_first,
)
from klantkoning.engine.saves.progress import Achievement, achievements
from klantkoning.engine.saves.store import Attempt, Profile, Settings
from klantkoning.i18n import set_language


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(LIBRARY)


def get(library: Library, *attempts: Attempt) -> dict[str, Achievement]:
    return {a.id: a for a in achievements(profile_of(*attempts), library)}


def test_every_achievement_is_listed_with_catalogue_texts_in_both_languages(
    library: Library,
) -> None:
    listed = get(library)
    assert list(listed) == list(ACHIEVEMENT_IDS)
    assert not any(a.earned for a in listed.values())
    for lang in ("nl", "en"):
        set_language(lang)
        for a in listed.values():
            assert a.title and not a.title.startswith("achievement.")
            assert a.description and "{" not in a.description
    set_language("nl")
    assert str(VERLEUKER_POINTS) in listed["verleuker"].description


def test_herstelparadox_needs_mood_below_start_then_above(library: Library) -> None:
    recovered = play(library, "alpha-baan", [1, 3], 0)  # -2, then +5
    assert recovered.recovered
    assert get(library, recovered)["herstelparadox"].earned
    smooth = play(library, "alpha-baan", [2, 1], 0)  # never below the start
    assert not smooth.recovered
    assert not get(library, smooth)["herstelparadox"].earned
    assert get(library, smooth)["herstelparadox"].progress == "0/1"


def test_herstelparadox_needs_an_enthusiastic_customer_even_in_old_saves(
    library: Library,
) -> None:
    # An attempt saved before the rule asked for enthusiasm: recovered, but only satisfied.
    old = dataclasses.replace(
        play(library, "alpha-baan", [1, 3], 0),
        outcome="tevreden",
        mood=2,
        recovered=True,
    )
    assert not get(library, old)["herstelparadox"].earned


def test_waarden_eerst_needs_values_before_behaviour_and_a_satisfied_customer(
    library: Library,
) -> None:
    entry = library.get("alpha-baan")
    assert entry is not None and entry.scenario is not None
    values_then_skills = play(library, "alpha-baan", [1, 3], 0)  # waarden, vaardigheden
    assert values_first(values_then_skills, entry.scenario)
    assert get(library, values_then_skills)["waarden-eerst"].earned

    behaviour_first = play(library, "alpha-baan", [2, 2], 0)  # gedrag, then waarden
    assert not get(library, behaviour_first)["waarden-eerst"].earned

    # values first, but the customer left unhappy
    unhappy = play(library, "alpha-baan", [1, 2], 0)
    unhappy.outcome = "ontevreden"
    assert not get(library, unhappy)["waarden-eerst"].earned

    # levels come from the library: an attempt of an unknown scenario cannot earn it
    elsewhere = play(library, "alpha-baan", [1, 3], 0)
    elsewhere.scenario_id = "onbekend"
    assert not get(library, elsewhere)["waarden-eerst"].earned


def test_verleuker_needs_enough_points_in_one_play(library: Library) -> None:
    fun = play(library, "alpha-baan", [2, 1], 0)  # verleuken 3
    assert get(library, fun)["verleuker"].earned
    little = play(library, "alpha-baan", [2, 1], 0)
    little.score["verleuken"] = VERLEUKER_POINTS - 1
    other = play(library, "alpha-baan", [2, 1], 1)
    other.score["verleuken"] = 1
    result = get(library, little, other)["verleuker"]  # points in two plays don't add up
    assert not result.earned
    assert result.progress == f"{VERLEUKER_POINTS - 1}/{VERLEUKER_POINTS}"


def test_drie_enthousiast_needs_three_different_stories(library: Library) -> None:
    same = [play(library, "alpha-baan", [2, 1], n) for n in range(5)]
    result = get(library, *same)["drie-enthousiast"]
    assert not result.earned and result.progress == f"1/{ENTHUSIAST_GOAL}"
    three = [
        play(library, "alpha-baan", [2, 1], 0),
        play(library, "alpha-baan", [1, 1], 1),
        play(library, "alpha-baan", [1, 3], 2),
    ]
    assert all(a.outcome == "enthousiast" for a in three)
    assert get(library, *three)["drie-enthousiast"].earned


def test_examen_needs_an_enthusiastic_customer_in_exam_mode(library: Library) -> None:
    assert get(library, play(library, "alpha-baan", [2, 1], 0, "exam"))["examen"].earned
    assert not get(library, play(library, "alpha-baan", [2, 1], 0, "direct"))["examen"].earned
    assert not get(library, play(library, "alpha-baan", [2, 2], 0, "exam"))["examen"].earned


def test_beter_dan_ooit_needs_beating_your_own_earlier_best(library: Library) -> None:
    low = play(library, "alpha-baan", [2, 2], 0)  # total 3
    high = play(library, "alpha-baan", [2, 1], 1)  # total 7
    assert get(library, low, high)["beter-dan-ooit"].earned
    # the same scores in the other order: the later play was worse
    high_first = play(library, "alpha-baan", [2, 1], 0)
    low_later = play(library, "alpha-baan", [2, 2], 1)
    assert not get(library, high_first, low_later)["beter-dan-ooit"].earned
    # a first play of another scenario is no improvement
    assert not get(library, low, play(library, "beta-kort", [1], 1))["beter-dan-ooit"].earned
    # equalling your best is not beating it
    again = play(library, "alpha-baan", [2, 2], 2)
    assert not get(library, low, again)["beter-dan-ooit"].earned


def test_alle_eindes_needs_every_reachable_ending_of_one_scenario(library: Library) -> None:
    beta = library.get("beta-kort")
    assert beta is not None and beta.scenario is not None
    assert reachable_endings(beta.scenario) == {"klaar"}  # "nooit" cannot be reached
    two_of_three = [play(library, "alpha-baan", [2, 1], 0), play(library, "alpha-baan", [3], 1)]
    result = get(library, *two_of_three)["alle-eindes"]
    assert not result.earned and result.progress == "2/3"
    all_three = [*two_of_three, play(library, "alpha-baan", [2, 2], 2)]
    assert get(library, *all_three)["alle-eindes"].earned
    assert get(library, play(library, "beta-kort", [2], 0))["alle-eindes"].earned


def test_alle_scenarios_needs_every_scenario_played_to_an_ending(library: Library) -> None:
    one = get(library, play(library, "alpha-baan", [3], 0))["alle-scenarios"]
    assert not one.earned and one.progress == "1/2"
    both = get(library, play(library, "alpha-baan", [3], 0), play(library, "beta-kort", [1], 1))
    assert both["alle-scenarios"].earned and both["alle-scenarios"].progress == "2/2"


def practice(attempt: Attempt) -> Attempt:
    """The same play, as if continued from a decision of an earlier one."""
    return dataclasses.replace(attempt, practice=True)


def test_practice_counts_for_what_was_seen_not_for_how_well_it_went(library: Library) -> None:
    first = play(library, "alpha-baan", [2, 2], 0)  # total 3, satisfied
    # Replaying only the last decision to reach enthusiastic, in exam mode: no exam passed,
    # no personal best beaten, no verleuken record, no recovery, no new story.
    retry = practice(play(library, "alpha-baan", [2, 1], 1, "exam"))  # total 7, enthusiastic
    earned = get(library, first, retry)
    for achievement_id in ("examen", "beter-dan-ooit", "verleuker", "drie-enthousiast"):
        assert not earned[achievement_id].earned, achievement_id
    assert earned["drie-enthousiast"].progress == f"0/{ENTHUSIAST_GOAL}"
    recovered = play(library, "alpha-baan", [1, 3], 1)
    assert get(library, recovered)["herstelparadox"].earned
    assert not get(library, practice(recovered))["herstelparadox"].earned
    # The same plays from the first beat earn them.
    full = dataclasses.replace(retry, practice=False)
    assert all(get(library, first, full)[a].earned for a in ("examen", "beter-dan-ooit"))
    # An ending or a scenario seen in practice has been seen.
    endings = [first, practice(play(library, "alpha-baan", [2, 1], 1))]
    endings.append(practice(play(library, "alpha-baan", [3], 2)))
    assert get(library, *endings)["alle-eindes"].earned


def test_earned_since_names_only_new_achievements(library: Library) -> None:
    before = achievements(Profile("A", "a", T0, Settings(), []), library)
    after = achievements(
        Profile("A", "a", T0, Settings(), [play(library, "alpha-baan", [1, 3], 0)]), library
    )
    assert {a.id for a in earned_since(before, after)} == {"herstelparadox", "waarden-eerst"}
    assert earned_since(after, after) == []
