"""Shared helpers of the workshop tests (fixture library, frozen clocks)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from klantkoning.engine.library.folders import load_library
from klantkoning.engine.library.index import Library
from klantkoning.engine.workshop import Workshop, WorkshopSettings

FIXTURES = Path(__file__).parent / "fixtures" / "workshop"
LIBRARY_DIR = FIXTURES / "library"
SCENARIOS_DIR = Path(__file__).parent.parent / "scenarios"
TEAMS = ("Rood", "[bold]Blauw[/]", "Groen")


class FakeClock:
    """A wall clock that moves one second per reading, and a monotonic one moved by hand."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 3, 14, 9, 0, 0, tzinfo=UTC)
        self.mono = 1000.0

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now

    def monotonic(self) -> float:
        return self.mono


def fixture_library() -> Library:
    return load_library(LIBRARY_DIR)


def new_workshop(
    library: Library,
    ids: tuple[str, ...] = ("mini-balie",),
    *,
    mode: str = "teams",
    teams: tuple[str, ...] = TEAMS,
    clock: FakeClock | None = None,
    timer: int = 120,
) -> Workshop:
    clock = clock or FakeClock()
    agenda = []
    for sid in ids:
        entry = library.get(sid)
        assert entry is not None and entry.scenario is not None
        agenda.append((entry.scenario, entry.content_hash))
    settings = WorkshopSettings(mode=mode, teams=teams, timer_seconds=timer)  # type: ignore[arg-type]
    return Workshop(agenda, settings, clock=clock, monotonic=clock.monotonic)
