"""What to play next: the suggestion for the weakest dimension, on the built-in library
and on small inline libraries that pin each rule (new before played, sector variety)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from klantkoning.engine.format.names import sector_key
from klantkoning.engine.library.folders import load_library
from klantkoning.engine.library.index import Library
from klantkoning.engine.play.session import Session, play_path
from klantkoning.engine.saves.progress import (
    dimension_profile,
    max_scores,
    strongest_weakest,
    suggest_next,
)
from klantkoning.engine.saves.store import Attempt, Profile, Settings

SCENARIOS = Path(__file__).parent.parent / "scenarios"
T0 = datetime(2026, 5, 1, tzinfo=UTC)


def builtin() -> Library:
    library = load_library(SCENARIOS)
    if len(library.playable) < 2:
        pytest.skip("the built-in library has fewer than two playable scenarios")
    return library


def attempt_of(session: Session, library: Library, scenario_id: str, n: int) -> Attempt:
    entry = library.get(scenario_id)
    assert entry is not None
    started = T0 + timedelta(hours=n)
    return Attempt.from_session(session, entry.content_hash, started, started)


def unenthusiastic_play(library: Library, scenario_id: str, rng: random.Random) -> Session:
    """A finished random play of ``scenario_id`` that did not make the customer enthusiastic."""
    entry = library.get(scenario_id)
    assert entry is not None and entry.scenario is not None
    for _ in range(500):
        session = Session(entry.scenario, library.dimensions)
        while not session.ended and session.steps_taken < 200:
            session.choose(rng.randint(1, len(session.visible_choices)))
        if session.ended and session.result().outcome != "enthousiast":
            return session
    raise AssertionError(f"{scenario_id}: no play without an enthusiastic customer found")


def test_the_first_suggestion_is_one_of_the_easiest_scenarios() -> None:
    library = builtin()
    first = suggest_next(Profile("Anna", "anna", T0, Settings(), []), library)
    assert first is not None and first.scenario is not None
    easiest = min(e.scenario.scenario.difficulty for e in library.playable if e.scenario)
    assert first.scenario.scenario.difficulty == easiest


def test_a_player_who_never_delights_a_customer_is_led_through_the_library() -> None:
    """Following the suggestion without ever making a customer enthusiastic: each one
    rewards the weakest dimension at least half as much as the best scenario still open,
    is a new scenario whenever a new one does that, and nine or more different scenarios
    come before the first repeat (the issue: nine to choose from)."""
    library = builtin()
    rng = random.Random(11)
    profile = Profile("Anna", "anna", T0, Settings(), [])
    suggested: list[str] = []
    first_repeat: int | None = None
    for n in range(len(library.playable) + 3):
        entry = suggest_next(profile, library)
        assert entry is not None and entry.scenario is not None
        _, weakest = strongest_weakest(dimension_profile(profile, library))
        if weakest is not None:
            rewards = {
                e.id: max_scores(e.scenario, library.dimensions)[weakest.dimension]
                for e in library.playable
                if e.scenario is not None
            }  # nobody was enthusiastic: every scenario is still open
            most = max(rewards.values())
            assert 2 * rewards[entry.id] >= most > 0, (weakest.dimension, entry.id, rewards)
            new_and_good = [i for i, r in rewards.items() if 2 * r >= most and i not in suggested]
            if new_and_good:
                assert entry.id in new_and_good, (weakest.dimension, entry.id, rewards)
        if entry.id in suggested and first_repeat is None:
            first_repeat = n
        suggested.append(entry.id)
        session = unenthusiastic_play(library, entry.id, rng)
        profile.attempts.append(attempt_of(session, library, entry.id, n))
    distinct_first = first_repeat if first_repeat is not None else len(suggested)
    assert distinct_first >= min(9, len(library.playable)), suggested


def test_a_customer_made_enthusiastic_is_not_suggested_again() -> None:
    library = builtin()
    first = suggest_next(Profile("Anna", "anna", T0, Settings(), []), library)
    assert first is not None and first.scenario is not None
    rng = random.Random(3)
    for _ in range(2000):
        session = Session(first.scenario, library.dimensions)
        while not session.ended and session.steps_taken < 200:
            session.choose(rng.randint(1, len(session.visible_choices)))
        if session.ended and session.result().outcome == "enthousiast":
            break
    else:
        pytest.fail(f"{first.id}: no enthusiastic ending found")
    profile = Profile("Anna", "anna", T0, Settings(), [attempt_of(session, library, first.id, 0)])
    after = suggest_next(profile, library)
    assert after is not None and after.id != first.id


# -- small inline libraries: one rule at a time -----------------------------------------


def scenario_toml(scenario_id: str, sector: str, good: int, difficulty: int = 2) -> str:
    """One beat: a choice worth ``good`` points of herstel (a satisfied customer) and one
    that loses a point (an unhappy one)."""
    return f"""format = 1

[scenario]
id = "{scenario_id}"
title = "Scenario {scenario_id}"
start = "vraag"
sector = "{sector}"
difficulty = {difficulty}

[customer]
name = "Klant"

[beats.vraag]
text = "Er gaat iets mis."

[[beats.vraag.choices]]
text = "Los het op."
next = "goed"
score = {{ herstel = {good} }}

[[beats.vraag.choices]]
text = "Wijs naar een collega."
next = "slecht"
score = {{ herstel = -1 }}

[endings.goed]
title = "Opgelost"
text = "De klant is geholpen."
outcome = "tevreden"

[endings.slecht]
title = "Weggestuurd"
text = "De klant gaat boos weg."
outcome = "ontevreden"
"""


def inline_library(tmp_path: Path, *scenarios: tuple[str, str, int]) -> Library:
    for scenario_id, sector, good in scenarios:
        (tmp_path / f"{scenario_id}.toml").write_text(
            scenario_toml(scenario_id, sector, good), encoding="utf-8"
        )
    library = load_library(tmp_path)
    assert len(library.playable) == len(scenarios), [p.message for p in library.problems]
    return library


def played_badly(library: Library, scenario_id: str) -> Profile:
    """A profile that played ``scenario_id`` once, badly: herstel is the weakest dimension."""
    entry = library.get(scenario_id)
    assert entry is not None and entry.scenario is not None
    session = play_path(entry.scenario, [2], library.dimensions)
    return Profile("Anna", "anna", T0, Settings(), [attempt_of(session, library, scenario_id, 0)])


def test_among_equal_rewards_a_sector_not_played_yet_comes_first(tmp_path: Path) -> None:
    library = inline_library(
        tmp_path, ("aa-eerste", "horeca", 2), ("bb-tweede", "Horeca", 2), ("cc-derde", "zorg", 2)
    )
    profile = played_badly(library, "aa-eerste")
    entry = suggest_next(profile, library)
    # bb-tweede comes first by id, but its sector (written "Horeca") was just played.
    assert entry is not None and entry.id == "cc-derde"
    assert sector_key("Horeca") == sector_key("horeca ")


def test_a_new_scenario_that_trains_the_weakness_well_beats_a_replay(tmp_path: Path) -> None:
    # The played one rewards herstel 3, the new one 2: at least half, and new.
    library = inline_library(tmp_path, ("aa-gespeeld", "horeca", 3), ("bb-nieuw", "horeca", 2))
    entry = suggest_next(played_badly(library, "aa-gespeeld"), library)
    assert entry is not None and entry.id == "bb-nieuw"


def test_a_replay_that_trains_the_weakness_far_better_beats_a_weak_new_one(
    tmp_path: Path,
) -> None:
    # The new one rewards herstel 1, less than half of the played one's 3.
    library = inline_library(tmp_path, ("aa-gespeeld", "horeca", 3), ("bb-nieuw", "zorg", 1))
    entry = suggest_next(played_badly(library, "aa-gespeeld"), library)
    assert entry is not None and entry.id == "aa-gespeeld"
