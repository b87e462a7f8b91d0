"""Reports and the resume list show the trainer's local time, not UTC."""

from __future__ import annotations

import time

import pytest
from workshop_support import fixture_library, new_workshop

from klantkoning.engine.workshop import Vote
from klantkoning.report import render


@pytest.fixture
def amsterdam(monkeypatch):
    if not hasattr(time, "tzset"):
        pytest.skip("no time.tzset on this platform")
    monkeypatch.setenv("TZ", "Europe/Amsterdam")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_report_times_are_local(amsterdam) -> None:
    ws = new_workshop(fixture_library())  # the fake clock starts at 09:00 UTC in March
    ws.receive(Vote("Rood", "A"))
    ws.reveal()
    ws.follow()
    markdown = render(ws, "md")
    assert "2026-03-14 10:00" in markdown and "09:00" not in markdown
    html = render(ws, "html")
    assert "10:00" in html
    rows = render(ws, "csv").splitlines()[1:]
    assert rows and all(";2026-03-14 10:00:" in row for row in rows)


async def test_the_resume_list_shows_local_time(amsterdam, tmp_path) -> None:
    from textual.widgets import OptionList
    from workshop_support import LIBRARY_DIR, FakeClock

    from klantkoning.engine.workshop import save_workshop
    from klantkoning.ui.app import make_app
    from klantkoning.ui.screens.workshop_setup import WorkshopSetupScreen

    save_workshop(new_workshop(fixture_library(), clock=FakeClock()), tmp_path)
    app = make_app(LIBRARY_DIR, tmp_path, initial_screen=WorkshopSetupScreen)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        resume = app.screen.query_one("#ws-resume", OptionList)
        label = str(resume.get_option_at_index(0).prompt)
    assert "10:00" in label
