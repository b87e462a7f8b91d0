"""The app and the save folder: resume, a changed scenario, corrupt and read-only saves."""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot_support import until
from textual.widgets import Static

from klantkoning.engine.saves.store import SaveStore
from klantkoning.ui.app import KlantkoningApp, make_app
from klantkoning.ui.screens.debrief import DebriefScreen
from klantkoning.ui.screens.dialogs import ChoiceDialog
from klantkoning.ui.screens.home import HomeScreen
from klantkoning.ui.screens.play import PlayScreen

FIXTURES = Path(__file__).parent / "fixtures" / "ui"
SIZE = (80, 24)


def notifications(app: KlantkoningApp) -> list[str]:
    return [n.message for n in app._notifications]


async def stop_after_one_choice(lib: Path, saves: Path, name: str) -> None:
    app = make_app(lib, saves, player=name, scenario="koffie-koud")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert isinstance(app.screen, HomeScreen)


async def pick_player_and_practise(pilot, name: str) -> None:
    await pilot.press("p")
    await pilot.pause()
    await pilot.press(*name, "enter")
    await pilot.pause()
    await pilot.press("o")
    await pilot.pause()


async def test_stop_and_resume_records_once(lib: Path, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    await stop_after_one_choice(lib, saves, "Fien")
    profile = SaveStore(saves).find("Fien")
    assert profile is not None and profile.unfinished is not None
    assert profile.unfinished.state["history"] == [["klacht", 0]]
    assert profile.attempts == []

    app = make_app(lib, saves)
    async with app.run_test(size=SIZE) as pilot:
        await pick_player_and_practise(pilot, "Fien")
        await until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("1")  # continue
        await pilot.pause()
        await until(pilot, lambda: isinstance(app.screen, PlayScreen))
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        assert screen.runner.session.steps_taken == 1
        assert "Stap 2" in str(screen.query_one("#play-status", Static).render())
        await pilot.press("2", "enter")
        await pilot.pause()
        await until(pilot, lambda: isinstance(app.screen, DebriefScreen))
        assert isinstance(app.screen, DebriefScreen)
    profile = SaveStore(saves).find("Fien")
    assert profile is not None
    assert len(profile.attempts) == 1
    assert profile.attempts[0].choices == [1, 2]
    assert profile.attempts[0].ending == "zeven"
    assert profile.unfinished is None


async def test_every_choice_is_saved_at_once(lib: Path, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    app = make_app(lib, saves, player="Gijs", scenario="koffie-koud")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        # Still on screen (no escape): the file already has the choice.
        profile = SaveStore(saves).find("Gijs")
        assert profile is not None and profile.unfinished is not None
        assert profile.unfinished.state["history"] == [["klacht", 1]]


async def test_changed_scenario_offers_to_start_again(lib: Path, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    await stop_after_one_choice(lib, saves, "Hanna")
    scenario_file = lib / "koffie-koud.toml"
    scenario_file.write_text(scenario_file.read_text() + "\n# een kleine wijziging\n")

    app = make_app(lib, saves)
    async with app.run_test(size=SIZE) as pilot:
        await pick_player_and_practise(pilot, "Hanna")
        await until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        assert "veranderd" in dialog._text
        await pilot.press("1")  # start again
        await pilot.pause()
        await until(pilot, lambda: isinstance(app.screen, PlayScreen))
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        assert screen.runner.session.steps_taken == 0


async def test_corrupt_save_is_announced_and_the_game_plays(lib: Path, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    saves.mkdir()
    (saves / "anna.toml").write_text("format = 1\nname = [kapot\n")
    app = make_app(lib, saves)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert any("beschadigd" in m for m in notifications(app))
        await pilot.press("p")
        await pilot.pause()
        await pilot.press(*"Anna", "enter")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("3", "enter", "2", "enter")
        await pilot.pause()
        await until(pilot, lambda: isinstance(app.screen, DebriefScreen))
        assert isinstance(app.screen, DebriefScreen)
    assert list(saves.glob("anna.corrupt-*.toml"))
    profile = SaveStore(saves).find("Anna")
    assert profile is not None and len(profile.attempts) == 1


async def test_read_only_saves_folder_plays_without_saving(lib: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    saves = blocker / "saves"  # cannot be made, even as root
    app = make_app(lib, saves, player="Ivo", scenario="koffie-koud")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.store.writable
        assert notifications(app)  # told that nothing is saved
        await pilot.press("1", "enter", "2", "enter")
        await pilot.pause()
        await until(pilot, lambda: isinstance(app.screen, DebriefScreen))
        assert isinstance(app.screen, DebriefScreen)
        count = len(notifications(app))
        await pilot.press("h")
        await pilot.pause()
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert "zonder op te slaan" in str(home.query_one("#home-status", Static).render())
        # The whole warning is on the 80x24 screen, not cut off with "…".
        await pilot.pause()
        assert "schrijfbaar." in app.export_screenshot()
        assert len(notifications(app)) == count  # the same notice is not repeated
    assert not saves.exists()


@pytest.mark.parametrize(("started_in", "switched_to"), [("direct", "exam"), ("exam", "direct")])
async def test_a_resumed_play_goes_on_in_the_mode_it_started_in(
    lib: Path, tmp_path: Path, started_in: str, switched_to: str
) -> None:
    """Seen feedback, stopped, switched to exam mode, resumed: still played with
    feedback, so the attempt is not "exam" and cannot earn the exam achievement (and the
    other way round: an exam play stays one)."""
    from klantkoning.engine.library.folders import load_library
    from klantkoning.engine.saves.progress import achievements
    from klantkoning.engine.saves.store import Settings

    saves = tmp_path / "saves"
    store = SaveStore(saves)
    store.update_settings(store.get_or_create("Jet"), Settings(started_in))  # type: ignore[arg-type]
    app = make_app(lib, saves, player="Jet", scenario="koffie-koud")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, PlayScreen))
        await pilot.press("1")
        await pilot.pause()
        if started_in == "direct":
            assert app.screen.query_one("#play-feedback").display  # feedback was seen
            await pilot.press("enter")
            await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("f")  # the setting changes while the play waits
        await pilot.pause()
        assert app.player is not None and app.player.settings.feedback_mode == switched_to

        await pilot.press("o")
        await until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("1")  # continue
        await until(pilot, lambda: isinstance(app.screen, PlayScreen))
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        assert screen.runner.mode == started_in
        assert screen.query_one("#play-exam").display == (started_in == "exam")
        said = "directe feedback" if started_in == "direct" else "examenmodus"
        assert any("zoals je het begon" in n and said in n for n in notifications(app)), (
            notifications(app)
        )
        await pilot.press("1")  # to the enthusiastic ending
        await pilot.pause()
        if started_in == "direct":
            assert screen.query_one("#play-feedback").display
            await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, DebriefScreen))
        assert isinstance(app.screen, DebriefScreen)

    profile = SaveStore(saves).find("Jet")
    assert profile is not None and profile.unfinished is None
    assert profile.settings.feedback_mode == switched_to
    assert [(a.mode, a.outcome, a.choices) for a in profile.attempts] == [
        (started_in, "enthousiast", [1, 1])
    ]
    exam = {a.id: a for a in achievements(profile, load_library(lib))}["examen"]
    assert exam.earned == (started_in == "exam")


async def test_resuming_in_the_current_mode_says_nothing_about_modes(
    lib: Path, tmp_path: Path
) -> None:
    saves = tmp_path / "saves"
    await stop_after_one_choice(lib, saves, "Kees")
    app = make_app(lib, saves)
    async with app.run_test(size=SIZE) as pilot:
        await pick_player_and_practise(pilot, "Kees")
        await until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("1")
        await until(pilot, lambda: isinstance(app.screen, PlayScreen))
        assert isinstance(app.screen, PlayScreen) and app.screen.runner.mode == "direct"
        assert not any("zoals je het begon" in n for n in notifications(app))
