"""Snapshots of the key screens at 80×24 and 120×40 (pytest-textual-snapshot).

Update with ``pytest tests/test_ui_snapshots.py --snapshot-update`` and review the SVGs.
"""

from __future__ import annotations

import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pilot_support import until
from textual.screen import Screen

from klantkoning.engine.library.folders import load_library
from klantkoning.engine.play.session import play_path
from klantkoning.engine.saves.store import Attempt, SaveStore
from klantkoning.i18n import set_language
from klantkoning.ui.app import make_app
from klantkoning.ui.screens import home

FIXTURES = Path(__file__).parent / "fixtures" / "ui"
SIZES = [(80, 24), (120, 40)]


class _Elsewhere(Screen[None]):
    """Stands in for the workshop and author screens (other engineers' areas)."""


@pytest.fixture(autouse=True)
def _fixed(monkeypatch: pytest.MonkeyPatch) -> None:
    set_language("nl")
    # The home screen shows Workshop/Auteur as "binnenkort" when they cannot be imported;
    # pin them as present so these snapshots do not depend on other areas' files.
    monkeypatch.setattr(home, "load_screen_class", lambda spec: _Elsewhere)


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    lib = tmp_path / "scenarios"
    shutil.copytree(FIXTURES / "library", lib)
    return lib, tmp_path / "saves"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home(snap_compare, folders, size) -> None:
    lib, saves = folders
    app = make_app(lib, saves, player="Anna")
    assert snap_compare(app, terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_library(snap_compare, folders, size) -> None:
    lib, saves = folders
    app = make_app(lib, saves, player="Anna")

    async def run_before(pilot) -> None:
        await pilot.press("s")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_play(snap_compare, folders, size) -> None:
    lib, saves = folders
    app = make_app(lib, saves, player="Anna", scenario="koffie-koud")
    assert snap_compare(app, terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_feedback(snap_compare, folders, size) -> None:
    lib, saves = folders
    app = make_app(lib, saves, player="Anna", scenario="koffie-koud")

    async def run_before(pilot) -> None:
        await pilot.press("2")
        screen = pilot.app.screen

        def scrolled_into_view() -> bool:
            scroll = screen.query_one("#play-scroll")
            panel = screen.query_one("#play-feedback")
            wanted = max(0, panel.virtual_region.y - panel.styles.margin.top)
            laid_out = panel.virtual_region.height > 0
            return laid_out and scroll.scroll_y == min(wanted, scroll.max_scroll_y)

        # The page scrolls the feedback into view once it is laid out.
        await until(pilot, scrolled_into_view)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_debrief(snap_compare, folders, size) -> None:
    lib, saves = folders
    app = make_app(lib, saves, player="Anna", scenario="koffie-koud")

    async def run_before(pilot) -> None:
        # The recovery road: blame the machine, then recover brilliantly, then amaze.
        for key in ("2", "enter", "1", "enter", "1", "enter"):
            await pilot.press(key)
            await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_debrief_details(snap_compare, folders, size) -> None:
    """The same play's details (d): the bars from minimum to maximum with zero marked,
    the road with the judge's verdicts, the levels with ✓ and ✗."""
    lib, saves = folders
    app = make_app(lib, saves, player="Anna", scenario="koffie-koud")

    async def run_before(pilot) -> None:
        for key in ("2", "enter", "1", "enter", "1", "enter", "d"):
            await pilot.press(key)
            await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_progress(snap_compare, folders, size, monkeypatch: pytest.MonkeyPatch, request) -> None:
    lib, saves = folders
    # Fixed data: two attempts on fixed dates, shown in a fixed time zone.
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    request.addfinalizer(time.tzset)  # after monkeypatch restored TZ
    entry = load_library(lib).get("koffie-koud")
    assert entry is not None and entry.scenario is not None
    store = SaveStore(saves)
    profile = store.get_or_create("Anna")
    for day, path in ((5, [3, 2]), (6, [2, 1, 1])):
        moment = datetime(2026, 1, day, 9, 30, tzinfo=UTC)
        session = play_path(entry.scenario, path)
        attempt = Attempt.from_session(session, entry.content_hash, moment, moment)
        profile = store.record_attempt(profile, attempt)
    app = make_app(lib, saves, player="Anna")

    async def run_before(pilot) -> None:
        await pilot.press("v")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)
