"""Pilot tests: play scenarios from the home screen to the debrief with keys only."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from pilot_support import until
from rich.console import Console
from textual.widgets import Static

from klantkoning.engine.library.folders import load_library
from klantkoning.engine.play.session import Session
from klantkoning.engine.saves.store import SaveStore
from klantkoning.ui.app import KlantkoningApp, make_app
from klantkoning.ui.screens.debrief import DebriefScreen
from klantkoning.ui.screens.library import LibraryScreen
from klantkoning.ui.screens.play import PlayScreen

HERE = Path(__file__).parent
BUILTIN = HERE.parent / "scenarios"
FIXTURES = HERE / "fixtures" / "ui"
SIZE = (80, 24)


def first_choice_path(scenario_file: Path) -> list[int]:
    """A known path: always pick 1 (the engine decides where that leads)."""
    entry = load_library(scenario_file).entries[0]
    assert entry.scenario is not None
    session = Session(entry.scenario)
    numbers = []
    while not session.ended:
        assert len(numbers) < 50, "always-1 does not end"
        session.choose(1)
        numbers.append(1)
    return numbers


def copy_library(tmp_path: Path, *files: Path) -> Path:
    lib = tmp_path / "scenarios"
    lib.mkdir()
    for f in files:
        shutil.copy(f, lib / f.name)
    return lib


async def start_scenario(pilot, app: KlantkoningApp, name: str, scenario_id: str) -> None:
    """Home -> Oefenen -> type a new name -> library -> filter -> Enter."""
    await pilot.press("o")
    await pilot.pause()
    await pilot.press(*name, "enter")
    await pilot.pause()
    await until(pilot, lambda: isinstance(app.screen, LibraryScreen))
    assert isinstance(app.screen, LibraryScreen)
    # Enter in the search box plays the (first) match.
    await pilot.press("slash", *scenario_id, "enter")
    await pilot.pause()
    await until(pilot, lambda: isinstance(app.screen, PlayScreen))
    assert isinstance(app.screen, PlayScreen)


async def play_numbers(
    pilot, app: KlantkoningApp, numbers: list[int], *, direct: bool = True
) -> None:
    for number in numbers:
        await until(pilot, lambda: isinstance(app.screen, PlayScreen))
        assert isinstance(app.screen, PlayScreen)
        await pilot.press(str(number))
        await pilot.pause()
        if direct:
            await pilot.press("enter")
            await pilot.pause()


def screen_text(app: KlantkoningApp) -> str:
    """What the terminal shows right now, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def rendered(widget: Static) -> str:
    """The plain text a Static shows (Text, Content or a Rich table)."""
    visual = widget.content
    plain = getattr(visual, "plain", None)
    if isinstance(plain, str):
        return plain
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(visual)
    return console.export_text()


def builtin_files() -> list[Path]:
    """The shipped scenarios, as the loader finds them (golden-play files are not scenarios)."""
    return sorted(e.file for e in load_library(BUILTIN).entries)


SCENARIO_FILES = [*builtin_files(), FIXTURES / "library" / "koffie-koud.toml"]


@pytest.mark.parametrize("scenario_file", SCENARIO_FILES, ids=lambda p: p.stem)
async def test_play_scenario_from_home_to_debrief(tmp_path: Path, scenario_file: Path) -> None:
    numbers = first_choice_path(scenario_file)
    entry = load_library(scenario_file).entries[0]
    assert entry.scenario is not None
    expected = Session(entry.scenario)
    for n in numbers:
        expected.choose(n)
    result = expected.result()
    lib = copy_library(tmp_path, scenario_file)
    saves = tmp_path / "saves"
    app = make_app(lib, saves)
    async with app.run_test(size=SIZE) as pilot:
        await start_scenario(pilot, app, "Anna", entry.id)
        await play_numbers(pilot, app, numbers)
        await until(pilot, lambda: isinstance(app.screen, DebriefScreen))
        assert isinstance(app.screen, DebriefScreen)
        outcome = app.screen.query_one("#debrief-outcome", Static)
        assert result.ending.title.strip() in str(outcome.render())
    profile = SaveStore(saves).find("Anna")
    assert profile is not None
    assert len(profile.attempts) == 1
    attempt = profile.attempts[0]
    assert attempt.scenario_id == entry.id
    assert attempt.outcome == result.outcome
    assert attempt.ending == result.ending_id
    assert attempt.score == result.score
    assert attempt.choices == numbers
    assert profile.unfinished is None


async def test_exam_mode_feedback_waits_for_debrief(tmp_path: Path) -> None:
    lib = copy_library(tmp_path, FIXTURES / "library" / "koffie-koud.toml")
    saves = tmp_path / "saves"
    app = make_app(lib, saves)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        await pilot.press(*"Bram", "enter", "f")
        await pilot.pause()
        assert app.player is not None and app.player.settings.feedback_mode == "exam"
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await until(pilot, lambda: isinstance(app.screen, PlayScreen))
        assert isinstance(app.screen, PlayScreen)
        await pilot.press("1")
        await pilot.pause()
        # No feedback panel: straight to the next beat.
        assert not app.screen.query_one("#play-feedback").display
        assert "dampende" in str(app.screen.query_one("#play-beat", Static).render())
        await pilot.press("2")
        await pilot.pause()
        await until(pilot, lambda: isinstance(app.screen, DebriefScreen))
        assert isinstance(app.screen, DebriefScreen)
        road = rendered(app.screen.query_one("#debrief-road", Static))
        assert "lost het meteen op" in road  # the feedback shows up in the debrief
    profile = SaveStore(saves).find("Bram")
    assert profile is not None
    assert profile.settings.feedback_mode == "exam"
    assert [a.mode for a in profile.attempts] == ["exam"]


async def test_arrows_and_enter_pick_a_choice(tmp_path: Path) -> None:
    lib = copy_library(tmp_path, FIXTURES / "library" / "koffie-koud.toml")
    app = make_app(lib, tmp_path / "saves", player="Cor", scenario="koffie-koud")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await until(pilot, lambda: isinstance(app.screen, PlayScreen))
        assert isinstance(app.screen, PlayScreen)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.screen.runner.session.numbers == [2]
        feedback = str(app.screen.query_one("#play-feedback", Static).render())
        assert "schuld af" in feedback
        assert "Vertrouwen −2" in feedback  # points per dimension, labelled
        await pilot.press("space")
        await pilot.pause()
        assert "wenkbrauwen" in str(app.screen.query_one("#play-beat", Static).render())


async def test_mouse_click_picks_a_choice(tmp_path: Path) -> None:
    lib = copy_library(tmp_path, FIXTURES / "library" / "koffie-koud.toml")
    app = make_app(lib, tmp_path / "saves", player="Cor", scenario="koffie-koud")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        choices = app.screen.query_one("#play-choices")
        # Click the third option's row (border + 2 rows above it).
        await pilot.click(choices, offset=(10, 3))
        await pilot.pause()
        assert app.screen.runner.session.numbers == [3]


async def test_markup_is_shown_literally(tmp_path: Path) -> None:
    lib = copy_library(tmp_path, FIXTURES / "markup" / "opmaak-test.toml")
    saves = tmp_path / "saves"
    name = "[bold]Dirk[/] [link=foo]"
    app = make_app(lib, saves)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        await pilot.press(*name, "enter")
        await pilot.pause()
        assert app.player is not None and app.player.name == name
        assert name in str(app.screen.query_one("#home-player", Static).render())
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await until(pilot, lambda: isinstance(app.screen, PlayScreen))
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        assert "[bold]Vet[/] of niet [link=foo]" in str(
            screen.query_one("#play-title", Static).render()
        )
        beat = str(screen.query_one("#play-beat", Static).render())
        assert "[bold]x[/]" in beat and "[link=foo]hier[/link]" in beat
        balloon = screen.query_one("#play-balloon")
        assert "[bold]x[/] [link=foo]Klant" in screen_text(app)
        assert "[blink]dit[/blink]" in str(balloon.render())
        await pilot.press("1")
        await pilot.pause()
        feedback = str(screen.query_one("#play-feedback", Static).render())
        assert "Antwoord [bold]x[/] met [link=foo]link" in feedback
        assert "[italic]opmaak[/] en [/link]" in feedback
        await pilot.press("enter")
        await pilot.pause()
        await until(pilot, lambda: isinstance(app.screen, DebriefScreen))
        assert isinstance(app.screen, DebriefScreen)
        road = rendered(app.screen.query_one("#debrief-road", Static))
        assert "[italic]opmaak[/]" in road
        assert "[dim]Nog een vraag?[/dim]" in rendered(
            app.screen.query_one("#debrief-discuss", Static)
        )
    assert SaveStore(saves).find(name) is not None


async def test_everything_fits_at_80x24(tmp_path: Path) -> None:
    """Long text scrolls instead of being cut off; the choices stay reachable."""
    lib = copy_library(tmp_path, FIXTURES / "library" / "koffie-koud.toml")
    app = make_app(lib, tmp_path / "saves", player="Eva", scenario="koffie-koud")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        scroll = app.screen.query_one("#play-scroll")
        assert scroll.size.width <= 80
        choices = app.screen.query_one("#play-choices")
        assert choices.region.right <= 80
        assert app.screen.query_one("#play-mood").region.right <= 80
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("enter", "1", "enter")
        await pilot.pause()
        await until(pilot, lambda: isinstance(app.screen, DebriefScreen))
        assert isinstance(app.screen, DebriefScreen)
        # The summary fits; the details are longer than the screen: they scroll.
        assert app.screen.query_one("#debrief-summary").max_scroll_y == 0
        await pilot.press("d")
        await pilot.pause()
        debrief_scroll = app.screen.query_one("#debrief-details")
        assert debrief_scroll.max_scroll_y > 0
        await pilot.press("end")
        await pilot.pause()
        assert debrief_scroll.scroll_y == debrief_scroll.max_scroll_y


async def test_number_keys_work_wherever_the_focus_is(tmp_path: Path) -> None:
    lib = copy_library(tmp_path, FIXTURES / "library" / "koffie-koud.toml")
    app = make_app(lib, tmp_path / "saves", player="Cor", scenario="koffie-koud")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await until(pilot, lambda: isinstance(app.screen, PlayScreen))
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        screen.query_one("#play-scroll").focus()
        await pilot.press("9")  # no ninth choice: nothing happens
        await pilot.press("3")
        await pilot.pause()
        assert screen.runner.session.numbers == [3]
        await pilot.press("1")  # during feedback the numbers wait
        await pilot.pause()
        assert screen.runner.session.numbers == [3]


async def test_feedback_comes_into_view_at_80x24(tmp_path: Path) -> None:
    """After a choice the feedback panel and the "continue" hint are on screen (the long
    beat text above scrolls away), and the step shown is the one just taken."""
    app = make_app(BUILTIN, tmp_path / "saves", player="Anna", scenario="ongewenst-telefoontje")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, PlayScreen))
        await pilot.press("1")
        await until(pilot, lambda: "Enter of spatie: verder" in screen_text(app))
        text = screen_text(app)
        assert "Enter of spatie: verder" in text
        assert "Je koos:" in text and "Niveau:" in text
        assert "Stap 1 " in text
        await pilot.press("enter")
        await pilot.pause()
        assert "Stap 2 " in screen_text(app)


async def test_exam_badge_shows_at_80_columns(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    store = SaveStore(saves)
    profile = store.get_or_create("Anna")
    from klantkoning.engine.saves.store import Settings

    store.update_settings(profile, Settings("exam", None))
    app = make_app(BUILTIN, saves, player="Anna", scenario="ongewenst-telefoontje")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, PlayScreen))
        await pilot.pause()
        assert "examenmodus" in screen_text(app)


def test_road_does_not_call_a_costly_tie_the_best_choice() -> None:
    """Blaming the machine keeps as much attainable as the apology (the recovery after
    it earns a lot), but it costs points at once: the judge ranks it lower, so the road
    points to the apology instead of saying "this was the best choice"."""
    from klantkoning.engine.play.session import play_path
    from klantkoning.ui.debrief_data import road_taken

    library = load_library(FIXTURES / "library")
    entry = library.get("koffie-koud")
    assert entry is not None and entry.scenario is not None
    session = play_path(entry.scenario, [2, 1, 1], library.dimensions)
    step = road_taken(entry.scenario, library.dimensions, list(session.history))[0]
    assert sum(step.choice.score.values()) < 0
    assert step.best is False
    assert step.better_choice is not None and step.better_choice is not step.choice
    assert sum(step.better_choice.score.values()) > 0


async def test_debrief_reads_well(tmp_path: Path) -> None:
    """The recovery road of the koffie fixture: one recovery block (not the badge and the
    achievement of the same name twice), the start mood in words, and wrapped discussion
    questions that keep their indent."""
    lib = copy_library(tmp_path, FIXTURES / "library" / "koffie-koud.toml")
    app = make_app(lib, tmp_path / "saves", player="Anna", scenario="koffie-koud")
    async with app.run_test(size=SIZE) as pilot:
        await play_numbers(pilot, app, [2, 1, 1])
        await until(pilot, lambda: isinstance(app.screen, DebriefScreen))
        screen = app.screen
        assert isinstance(screen, DebriefScreen)
        badges = rendered(screen.query_one("#debrief-badges", Static))
        assert badges.count("Herstelparadox") == 1
        assert "nieuwe prestatie!" in badges
        outcome = rendered(screen.query_one("#debrief-outcome", Static))
        assert "ENTHOUSIASTE KLANT" in outcome and "0 → +4 😁 enthousiast" in outcome
        assert "neutraal 0 →" in rendered(screen.query_one("#debrief-ending", Static))
        assert "8 punten" in rendered(screen.query_one("#debrief-compare-full", Static))
        assert "Punten deze keer: 8." in rendered(screen.query_one("#debrief-compare", Static))
        console = Console(width=30, record=True, file=io.StringIO(), color_system=None)
        console.print(screen.query_one("#debrief-discuss", Static).content)
        lines = [line for line in console.export_text().splitlines() if line.strip()]
        assert len(lines) > 1 and all(line.startswith("  ?") for line in lines[:1])
        assert any(line.startswith("    ") for line in lines[1:])
