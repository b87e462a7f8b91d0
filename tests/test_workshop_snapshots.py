"""Snapshots of the workshop's present, reveal and scoreboard screens at 80×24 and 120×40.

The clock is frozen (a fake clock and no ticking), so the timer always shows the same.
Update with ``pytest tests/test_workshop_snapshots.py --snapshot-update`` and review the SVGs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from workshop_support import LIBRARY_DIR, TEAMS, FakeClock, fixture_library, new_workshop

from klantkoning.engine.workshop import Vote
from klantkoning.ui.app import make_app
from klantkoning.ui.screens.workshop_play import WorkshopScreen
from klantkoning.ui.screens.workshop_scoreboard import WorkshopScoreboardScreen

SIZES = [(80, 24), (120, 40)]
ROOD, BLAUW, GROEN = TEAMS


def workshop():
    return new_workshop(fixture_library(), clock=FakeClock())


def voted():
    ws = workshop()
    for team, option in ((ROOD, "A"), (BLAUW, "B"), (GROEN, "B")):
        ws.receive(Vote(team, option))
    return ws


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_present(snap_compare, tmp_path: Path, size) -> None:
    ws = workshop()
    app = make_app(LIBRARY_DIR, tmp_path, initial_screen=lambda: WorkshopScreen(ws, tick=False))
    assert snap_compare(app, terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_reveal(snap_compare, tmp_path: Path, size) -> None:
    ws = voted()
    ws.reveal()
    app = make_app(LIBRARY_DIR, tmp_path, initial_screen=lambda: WorkshopScreen(ws, tick=False))
    assert snap_compare(app, terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_scoreboard(snap_compare, tmp_path: Path, size) -> None:
    ws = voted()
    ws.reveal()
    ws.follow()
    for team, option in ((ROOD, "A"), (BLAUW, "A"), (GROEN, "C")):
        ws.receive(Vote(team, option))
    ws.reveal()
    ws.follow(1)
    ws.next_scenario()
    app = make_app(LIBRARY_DIR, tmp_path, initial_screen=lambda: WorkshopScoreboardScreen(ws))
    assert snap_compare(app, terminal_size=size)
