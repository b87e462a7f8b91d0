"""Progress on the built-in scenarios: what a real play scores never exceeds the maximum
the progress screen calls attainable, and every ending it reaches counts as reachable."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from klantkoning.engine.library.folders import load_library
from klantkoning.engine.library.index import Library
from klantkoning.engine.play.session import Session
from klantkoning.engine.saves.achievements import achievements, reachable_endings
from klantkoning.engine.saves.progress import (
    _max_by_search,
    dimension_profile,
    max_scores,
    suggest_next,
)
from klantkoning.engine.saves.store import Attempt, SaveStore

SCENARIOS = Path(__file__).parent.parent / "scenarios"
T0 = datetime(2026, 5, 1, tzinfo=UTC)


def _library() -> Library:
    if not SCENARIOS.is_dir() or not list(SCENARIOS.glob("*.toml")):
        pytest.skip("no built-in scenarios yet")
    library = load_library(SCENARIOS)
    if not library.playable:
        pytest.skip("no playable built-in scenario yet")
    return library


def test_random_plays_stay_within_attainable_and_are_saved(tmp_path: Path) -> None:
    library = _library()
    rng = random.Random(7)
    store = SaveStore(tmp_path)
    profile = store.get_or_create("Proef")
    n = 0
    for entry in library.playable:
        assert entry.scenario is not None
        top = max_scores(entry.scenario, library.dimensions)
        own = _max_by_search(entry.scenario, library.dimensions)  # the fallback
        endings = reachable_endings(entry.scenario)
        for _ in range(25):
            session = Session(entry.scenario, library.dimensions)
            while not session.ended and session.steps_taken < 200:
                session.choose(rng.randint(1, len(session.visible_choices)))
            if not session.ended:
                continue
            started = T0 + timedelta(minutes=n)
            n += 1
            attempt = Attempt.from_session(session, entry.content_hash, started, started)
            assert attempt.ending in endings
            for dim, points in attempt.score.items():
                assert points <= top[dim], (entry.id, dim)
                assert points <= own[dim], (entry.id, dim)
            profile = store.record_attempt(profile, attempt)
    saved = SaveStore(tmp_path).find("Proef")
    assert saved is not None and len(saved.attempts) == n > 0
    for item in dimension_profile(saved, library):
        assert item.earned <= item.possible
    assert len(achievements(saved, library)) == 8
    suggest_next(saved, library)  # must not fail on real scenarios
