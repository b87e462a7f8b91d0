"""What Textual itself says (Ctrl+C, the theme picker, a screenshot) is in the player's language."""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot_support import wait_for
from textual.command import CommandPalette
from textual.widgets import Input

from klantkoning.i18n import t
from klantkoning.ui.app import make_app

SIZE = (80, 24)


def messages(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [n.message for n in app._notifications]


def titles(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [n.title for n in app._notifications]


async def test_ctrl_c_says_in_dutch_how_to_quit(lib: Path, tmp_path: Path) -> None:
    app = make_app(lib, tmp_path / "saves")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+c")
        await wait_for(pilot, lambda: bool(messages(app)))
        assert app.is_running  # Ctrl+C does not stop the game: it says which key does
        text = messages(app)[-1]
        assert text == t("common.ctrl_c_text", key="^q")
        assert text.startswith("Druk op")
        assert titles(app)[-1] == "Wil je stoppen?"


async def test_theme_picker_asks_in_dutch(lib: Path, tmp_path: Path) -> None:
    app = make_app(lib, tmp_path / "saves")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_change_theme()
        await wait_for(
            pilot, lambda: isinstance(app.screen, CommandPalette) and bool(app.screen.query(Input))
        )
        assert app.screen.query_one(Input).placeholder == "Zoek een thema…"
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, CommandPalette))


@pytest.mark.parametrize("folder", ["shots", "shots [red]x[bold"])
async def test_screenshot_is_reported_in_dutch_with_its_path_literal(
    lib: Path, tmp_path: Path, folder: str
) -> None:
    app = make_app(lib, tmp_path / "saves")
    target = tmp_path / folder
    target.mkdir()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.deliver_screenshot(filename="scherm.svg", path=str(target))
        await wait_for(pilot, lambda: bool(messages(app)))
        saved = target / "scherm.svg"
        assert saved.read_text(encoding="utf-8").startswith("<svg")
        assert messages(app)[-1] == f"Schermafdruk bewaard als {saved}"
        assert titles(app)[-1] == "Schermafdruk"
        assert len(messages(app)) == 1  # Textual's English notice is not shown as well


async def test_a_screenshot_without_a_downloads_folder_goes_to_the_data_folder(
    lib: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import platformdirs

    from klantkoning import paths

    monkeypatch.setattr(platformdirs, "user_downloads_path", lambda: tmp_path / "geen-map")
    app = make_app(lib, tmp_path / "saves")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screenshot_to_downloads()
        await wait_for(pilot, lambda: bool(messages(app)))
        folder = paths.user_data_dir() / "schermafdrukken"
        saved = list(folder.glob("*.svg"))
        assert len(saved) == 1
        assert messages(app)[-1] == f"Schermafdruk bewaard als {saved[0]}"
