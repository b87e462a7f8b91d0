"""Progress: best attempts, the profile per dimension, strongest/weakest, what to play next."""

from __future__ import annotations

import pytest
from progress_support import LIBRARY, play, profile_of

from klantkoning.engine.library.folders import load_library
from klantkoning.engine.library.index import Library
from klantkoning.engine.saves.progress import (
    DimensionProgress,
    attempt_count,
    attempts_newest_first,
    best_attempt,
    dimension_profile,
    max_scores,
    scenario_status,
    strongest_weakest,
    suggest_next,
)


@pytest.fixture(scope="module")
def library() -> Library:
    lib = load_library(LIBRARY)
    assert [e.id for e in lib.playable] == ["alpha-baan", "beta-kort"]
    return lib


def by_dim(items: list[DimensionProgress]) -> dict[str, tuple[int, int]]:
    return {d.dimension: (d.earned, d.possible) for d in items}


def test_max_scores_of_the_fixture_scenarios(library: Library) -> None:
    alpha = library.get("alpha-baan")
    assert alpha is not None and alpha.scenario is not None
    top = max_scores(alpha.scenario, library.dimensions)
    # herstel: 1 (admit) + 2 (solve, only after admitting); basis can't go above 0
    assert (top["herstel"], top["welkom"], top["verleuken"], top["basis"]) == (3, 2, 3, 0)


def test_best_attempt_is_highest_outcome_then_highest_total(library: Library) -> None:
    boos = play(library, "alpha-baan", [3], 0)  # ontevreden
    gewoon = play(library, "alpha-baan", [2, 2], 1)  # tevreden, total 3
    blij_low = play(library, "alpha-baan", [1, 3], 2)  # enthousiast, total 4
    blij_high = play(library, "alpha-baan", [2, 1], 3)  # enthousiast, total 7
    profile = profile_of(boos, blij_high, gewoon, blij_low)
    assert best_attempt(profile, "alpha-baan") == blij_high
    assert best_attempt(profile_of(boos, gewoon), "alpha-baan") == gewoon
    assert best_attempt(profile, "beta-kort") is None
    assert attempt_count(profile, "alpha-baan") == 4
    assert attempts_newest_first(profile)[0] == blij_high


def test_dimension_profile_sums_best_attempts_against_the_attainable(library: Library) -> None:
    profile = profile_of(
        play(library, "alpha-baan", [2, 2], 0),  # tevreden: welkom 2, maatwerk 1
        play(library, "alpha-baan", [2, 1], 1),  # best: welkom 2, verleuken 3, verwonderen 2
        play(library, "beta-kort", [2], 2),  # ontzorgen -1, maatwerk 1
    )
    dims = by_dim(dimension_profile(profile, library))
    assert dims["welkom"] == (2, 2)
    assert dims["verleuken"] == (3, 3)
    # alpha's best play never broke anything: there was nothing to repair, so herstel
    # is not held against it.
    assert dims["herstel"] == (0, 0)
    assert dims["maatwerk"] == (1, 2)  # only beta's 1: alpha's best attempt has none
    assert dims["ontzorgen"] == (-1, 2)
    assert dims["invloed"] == (0, 0)
    assert list(dims) == list(library.dimensions.ids)

    strongest, weakest = strongest_weakest(profile, library)
    assert strongest is not None and weakest is not None
    assert strongest.dimension == "welkom" and strongest.percent == 100
    assert weakest.dimension == "ontzorgen" and weakest.percent == -50


def test_herstel_counts_only_when_the_play_had_something_to_repair(library: Library) -> None:
    # Admitting the mistake drops the mood below the start: now there is something to
    # repair, and solving it earns the whole herstel maximum.
    repaired = by_dim(
        dimension_profile(profile_of(play(library, "alpha-baan", [1, 3], 0)), library)
    )
    assert repaired["herstel"] == (3, 3)
    # A perfect play: herstel is not met, so it is never the one "to work on".
    perfect = dimension_profile(profile_of(play(library, "alpha-baan", [2, 1], 0)), library)
    assert not by_dim(perfect)["herstel"][1]
    _, weakest = strongest_weakest(perfect)
    assert weakest is not None and weakest.dimension != "herstel"


def test_dimensions_the_play_never_offered_are_not_held_against_it(library: Library) -> None:
    # Sent off at the first beat: the surprise (verleuken, verwonderen) was never offered.
    dims = by_dim(dimension_profile(profile_of(play(library, "alpha-baan", [3], 0)), library))
    assert dims["verleuken"] == (0, 0) and dims["verwonderen"] == (0, 0)
    assert dims["welkom"] == (0, 2)
    assert dims["herstel"] == (0, 3)  # the mood fell: there was something to repair
    _, weakest = strongest_weakest(profile_of(play(library, "alpha-baan", [3], 0)), library)
    assert weakest is not None and weakest.dimension == "welkom"


def test_no_attempts_means_no_profile_and_no_strongest(library: Library) -> None:
    profile = profile_of()
    assert all(d.possible == 0 and not d.met for d in dimension_profile(profile, library))
    assert strongest_weakest(profile, library) == (None, None)


def test_attempts_of_scenarios_not_in_the_library_are_listed_but_not_scored(
    library: Library,
) -> None:
    gone = play(library, "alpha-baan", [2, 1], 0)
    gone.scenario_id = "weg-uit-de-bibliotheek"
    profile = profile_of(gone)
    assert all(d.possible == 0 for d in dimension_profile(profile, library))
    assert attempts_newest_first(profile) == [gone]


def test_suggest_next_trains_the_weakest_dimension(library: Library) -> None:
    # Weakest: ontzorgen (beta, -1 of 2) -> beta trains it; alpha trains ontzorgen 0.
    profile = profile_of(play(library, "alpha-baan", [2, 2], 0), play(library, "beta-kort", [2], 1))
    entry = suggest_next(profile, library)
    assert entry is not None and entry.id == "beta-kort"


def test_suggest_next_skips_scenarios_already_made_enthusiastic(library: Library) -> None:
    profile = profile_of(play(library, "alpha-baan", [2, 1], 0))
    entry = suggest_next(profile, library)
    assert entry is not None and entry.id == "beta-kort"


def test_suggest_next_ties_go_to_fewest_attempts_then_id(library: Library) -> None:
    one_beta = profile_of(play(library, "beta-kort", [1], 0))
    # weakest is maatwerk (0 of 1): both train it by 1; alpha was played least
    tie = suggest_next(one_beta, library)
    assert tie is not None and tie.id == "alpha-baan"
    first = suggest_next(profile_of(), library)
    assert first is not None and first.id == "alpha-baan"
    twice_alpha = profile_of(
        play(library, "alpha-baan", [3], 0), play(library, "alpha-baan", [3], 1)
    )
    # basis (-1 of 0) is not met; welkom (0 of 2) is the first weakest: alpha trains it
    entry = suggest_next(twice_alpha, library)
    assert entry is not None and entry.id == "alpha-baan"


def test_suggest_next_is_none_when_every_customer_was_enthusiastic(library: Library) -> None:
    alpha_only = Library(library.roots, library.dimensions, [library.entries[0]])
    assert suggest_next(profile_of(play(library, "alpha-baan", [2, 1], 0)), alpha_only) is None


def test_scenario_status_for_the_library_list(library: Library) -> None:
    profile = profile_of(
        play(library, "alpha-baan", [3], 0), play(library, "alpha-baan", [2, 2], 1)
    )
    alpha, beta = scenario_status(profile, library)
    assert (alpha.played, alpha.attempts, alpha.best_outcome, alpha.best_score) == (
        True,
        2,
        "tevreden",
        3,
    )
    assert (beta.new, beta.best_outcome, beta.best_score) == (True, None, None)
