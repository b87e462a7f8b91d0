"""The analysis of the built-in scenarios agrees with playing every way through them."""

from __future__ import annotations

import random
import tomllib
from pathlib import Path

import pytest
from analysis_support import every_play

from klantkoning.engine.analysis.analyse import (
    analyse,
    choice_value,
    random_play,
    structural_findings,
)
from klantkoning.engine.format.dimensions import DEFAULT_DIMENSIONS
from klantkoning.engine.format.model import Scenario
from klantkoning.engine.library.folders import plan_library

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
FILES = [file for file, _ in plan_library(SCENARIOS).files]


def _load(file: Path) -> Scenario:
    with file.open("rb") as fh:
        return Scenario.model_validate(tomllib.load(fh))


@pytest.mark.skipif(not FILES, reason="no built-in scenarios yet")
@pytest.mark.parametrize("file", FILES, ids=lambda p: p.stem)
def test_builtin_scenario_analysis_matches_all_plays(file: Path) -> None:
    sc = _load(file)
    result = analyse(sc)
    assert [f for f in structural_findings(sc) if f.severity == "error"] == []
    assert result.playable and not result.truncated
    if result.cyclic or result.play_count is None:
        pytest.skip("a scenario with loops cannot be enumerated")
    plays = every_play(sc, max_plays=19_999)
    assert plays is not None, "too many plays to enumerate"
    assert result.play_count == len(plays)
    assert result.shortest_play == min(len(p.choices) for p in plays)
    assert result.longest_play == max(len(p.choices) for p in plays)
    for dim in DEFAULT_DIMENSIONS.ids:
        scores = [p.score[dim] for p in plays]
        assert result.score_range[dim] == (min(scores), max(scores)), dim
    outcomes: dict[str, set[str]] = {}
    for p in plays:
        outcomes.setdefault(p.ending_id, set()).add(p.outcome)
    assert result.ending_outcomes == outcomes
    best_total = max(sum(p.score.values()) for p in plays)
    start_values = choice_value(sc, DEFAULT_DIMENSIONS, sc.scenario.start, set())
    assert max(v for _, v in start_values if v is not None) == best_total


@pytest.mark.skipif(not FILES, reason="no built-in scenarios yet")
@pytest.mark.parametrize("file", FILES, ids=lambda p: p.stem)
def test_random_plays_of_builtin_scenarios_end_within_the_analysis(file: Path) -> None:
    sc = _load(file)
    result = analyse(sc)
    rng = random.Random(2026)
    for _ in range(200):
        play = random_play(sc, rng)
        assert play.ended
        done = play.result()
        assert done.outcome in result.ending_outcomes[done.ending_id]
        for dim, (low, high) in result.score_range.items():
            assert (low is None or low <= done.score[dim]) and (
                high is None or done.score[dim] <= high
            )
