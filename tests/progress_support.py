"""Shared helpers of the progress tests: attempts played on the small fixture library."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from klantkoning.engine.library.index import Library
from klantkoning.engine.play.session import play_path
from klantkoning.engine.saves.store import Attempt, Profile, Settings

LIBRARY = Path(__file__).parent / "fixtures" / "saves" / "library"
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def play(
    library: Library, scenario_id: str, path: list[int], n: int, mode: str = "direct"
) -> Attempt:
    """The attempt of playing ``path`` through ``scenario_id``, started ``n`` hours after T0."""
    entry = library.get(scenario_id)
    assert entry is not None and entry.scenario is not None
    session = play_path(entry.scenario, path, library.dimensions)
    started = T0 + timedelta(hours=n)
    return Attempt.from_session(session, entry.content_hash, started, started, mode)


def profile_of(*attempts: Attempt) -> Profile:
    """Anna's profile with ``attempts``, oldest first."""
    return Profile("Anna", "anna", T0, Settings(), list(attempts))
