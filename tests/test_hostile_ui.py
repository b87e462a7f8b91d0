"""Issue 9 in the app: a hostile player save or beat id at start-up (Textual Pilot)."""

from __future__ import annotations

from pathlib import Path

import pytest

from klantkoning.ui.app import make_app
from klantkoning.ui.screens.home import HomeScreen

FIXTURES = Path(__file__).parent / "fixtures" / "ui"
SIZE = (80, 24)


@pytest.mark.parametrize(
    "content",
    [
        'format = 2\nname = "Anna"\nx = ' + "9" * 5000 + "\n",
        'format = 2\nname = "Anna"\nx = ' + "[" * 1000 + "]" * 1000 + "\n",
        'format = 2\nname = "Anna"\n[' + ".".join(["a"] * 30_000) + "]\n",
    ],
)
async def test_the_app_starts_with_a_hostile_save_and_says_so(
    lib: Path, tmp_path: Path, content: str
) -> None:
    saves = tmp_path / "saves"
    saves.mkdir()
    (saves / "anna.toml").write_text(content, encoding="utf-8")
    app = make_app(lib, saves)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any("beschadigd" in n.message for n in app._notifications)
    [moved] = saves.glob("anna.corrupt-*.toml")
    assert moved.read_text(encoding="utf-8") == content
