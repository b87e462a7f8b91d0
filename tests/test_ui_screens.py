"""Home, library, progress, help, the command palette, the catalogue and the CLI entry."""

from __future__ import annotations

import asyncio
import io
import os
import re
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from pilot_support import until
from rich.console import Console
from textual.widget import Widget
from textual.widgets import DataTable, Input, OptionList, Static

from klantkoning.engine.library.folders import load_library
from klantkoning.engine.play.session import play_path
from klantkoning.engine.saves.store import Attempt, SaveStore
from klantkoning.i18n import catalogue, set_language
from klantkoning.ui.app import KlantkoningApp, make_app
from klantkoning.ui.screens.dialogs import ChoiceDialog
from klantkoning.ui.screens.help import HelpScreen
from klantkoning.ui.screens.home import HomeScreen
from klantkoning.ui.screens.library import LibraryScreen
from klantkoning.ui.screens.play import PlayScreen
from klantkoning.ui.screens.profile import ProfileDialog
from klantkoning.ui.screens.progress import ProgressScreen

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "ui"
SIZE = (80, 24)


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    folder = tmp_path / "scenarios"
    shutil.copytree(FIXTURES / "library", folder)
    shutil.copy(FIXTURES / "markup" / "opmaak-test.toml", folder)
    return folder


def screen_text(app: KlantkoningApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def rendered(widget: Static, width: int = 200) -> str:
    """The plain text a Static shows (Text, a Rich table or group), at ``width`` columns."""
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    console.print(widget.content)
    return console.export_text()


def library_rows(app: KlantkoningApp) -> list[str]:
    screen = app.screen
    assert isinstance(screen, LibraryScreen)
    return [c.entry.id for c in screen._shown]


async def test_home_shows_the_ways_in(lib: Path, tmp_path: Path) -> None:
    app = make_app(lib, tmp_path / "saves")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert isinstance(app.screen, HomeScreen)
        menu = app.screen.query_one("#home-menu", OptionList)
        ids = [menu.get_option_at_index(i).id for i in range(menu.option_count)]
        assert ids == ["practise", "workshop", "progress", "library", "author", "help", "quit"]
        text = screen_text(app)
        assert "K L A N T K O N I N G" in text
        assert "Oefenen" in text and "Voortgang" in text
        # The footer at 80 columns keeps Help and the (Dutch) command palette.
        footer = text.splitlines()[-1]
        assert "Help" in footer and "Opdrachten" in footer and "palette" not in footer
        await pilot.press("h")
        await pilot.pause()
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert isinstance(app.screen, HelpScreen)
        help_text = rendered(app.screen.query_one("#help-text", Static), width=60)
        for word in ("Welkom", "Verleuken", "Vertrouwen", "Missie", "Omgeving", "1–9"):
            assert word in help_text
        # A wrapped explanation stays indented under its text, not under the key.
        lines = help_text.splitlines()
        palette = next(n for n, line in enumerate(lines) if "Ctrl+P" in line)
        assert lines[palette + 1].startswith(" " * 13)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "q")
        await pilot.pause()
    assert app.return_code == 0


@pytest.mark.parametrize("how", ["burst", "paste"])
async def test_a_name_typed_fast_or_pasted_onto_the_list_keeps_its_spaces(
    lib: Path, tmp_path: Path, how: str
) -> None:
    from textual import events

    saves = tmp_path / "saves"
    SaveStore(saves).get_or_create("Zoë")  # so the dialog opens on the list
    app = make_app(lib, saves)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, ProfileDialog))
        assert app.screen.focused is app.screen.query_one("#profile-list")
        driver = app._driver
        assert driver is not None
        if how == "burst":  # every key queued before the first is handled (SSH, a browser)
            for char in "Els van Dam":
                driver.send_message(events.Key("space" if char == " " else char, char))
        else:
            driver.send_message(events.Paste("Els van\nDam"))
        await pilot.pause()
        await until(pilot, lambda: app.screen.query_one("#profile-name", Input).value != "")
        assert app.screen.query_one("#profile-name", Input).value == "Els van Dam"


async def test_profile_dialog_lists_existing_players(lib: Path, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    store = SaveStore(saves)
    zoe = store.get_or_create("Zoë")
    store.get_or_create("[red]Rood[/]")
    later = time.time() + 60  # Zoë played last
    os.utime(store.path_for(zoe), (later, later))
    app = make_app(lib, saves)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        await until(pilot, lambda: isinstance(app.screen, ProfileDialog))
        assert isinstance(app.screen, ProfileDialog)
        assert "[red]Rood[/]" in screen_text(app)
        # A returning player lands on the list, on the profile played last: Enter picks it.
        listing = app.screen.query_one("#profile-list", OptionList)
        assert app.screen.focused is listing
        names = [p.name for p in store.list_profiles()]
        assert listing.highlighted == names.index("Zoë")
        await pilot.press("enter")
        await pilot.pause()
        assert app.player is not None and app.player.name == "Zoë"
        # Typing on the list starts a new name (the first letter is not lost).
        await pilot.press("p")
        await pilot.pause()
        await until(pilot, lambda: isinstance(app.screen, ProfileDialog))
        await pilot.press(*"Bo", "b")
        await pilot.pause()
        assert app.screen.query_one("#profile-name", Input).value == "Bob"
        await pilot.press("escape")
        await pilot.pause()
        assert app.player.name == "Zoë"
        # An empty name is refused with a message, not a crash.
        await pilot.press("p")
        await pilot.pause()
        await until(pilot, lambda: isinstance(app.screen, ProfileDialog))
        app.screen.query_one("#profile-name", Input).focus()
        await pilot.pause()
        await pilot.press("space", "enter")
        await pilot.pause()
        await until(pilot, lambda: isinstance(app.screen, ProfileDialog))
        assert isinstance(app.screen, ProfileDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert app.player.name == "Zoë"


async def test_library_filters_and_shows_broken_files(lib: Path, tmp_path: Path) -> None:
    app = make_app(lib, tmp_path / "saves", player="Anna")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert sorted(library_rows(app)) == ["kapot", "koffie-koud", "opmaak-test"]
        text = screen_text(app)
        assert "kan niet gespeeld worden" in text
        assert "kapot.toml:5" in text  # the first located error
        assert "Nieuw" in text
        # Type-to-filter straight from the list.
        await pilot.press(*"koffie")
        await pilot.pause()
        assert library_rows(app) == ["koffie-koud"]
        await pilot.press("escape")
        await pilot.pause()
        assert len(library_rows(app)) == 3
        # Filter by a principle: only scenarios that score it.
        screen = app.screen
        select = screen.query_one("#library-tag")
        select.value = "dim:herstel"
        await pilot.pause()
        assert library_rows(app) == ["koffie-koud"]
        select.value = "tag:horeca"
        await pilot.pause()
        assert library_rows(app) == ["koffie-koud"]
        # Escape clears the tag filter before it leaves the library.
        screen.query_one("#library-list", OptionList).focus()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert len(library_rows(app)) == 3
        # Picking the broken file tells why; nothing starts.
        screen.query_one("#library-list", OptionList).focus()
        broken_index = library_rows(app).index("kapot")
        screen.query_one("#library-list", OptionList).highlighted = broken_index
        await pilot.press("enter")
        await pilot.pause()
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        assert isinstance(app.screen, LibraryScreen)
        assert any("kan niet gespeeld worden" in n.message for n in app._notifications)


async def test_library_shows_the_players_record(lib: Path, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    entry = load_library(lib).get("koffie-koud")
    assert entry is not None and entry.scenario is not None
    store = SaveStore(saves)
    profile = store.get_or_create("Anna")
    session = play_path(entry.scenario, [2, 1, 1])
    moment = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
    store.record_attempt(profile, Attempt.from_session(session, entry.content_hash, moment, moment))
    app = make_app(lib, saves, player="Anna")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        text = screen_text(app)
        assert "1× gespeeld" in text
        assert "Enthousiaste klant" in text
        assert f"{session.result().score and sum(session.result().score.values())} punten" in text


async def test_progress_screen(lib: Path, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    entry = load_library(lib).get("koffie-koud")
    assert entry is not None and entry.scenario is not None
    store = SaveStore(saves)
    profile = store.get_or_create("Anna")
    for n, path in enumerate(([3, 2], [2, 1, 1])):
        moment = datetime(2026, 1, 5 + n, 9, 30, tzinfo=UTC)
        session = play_path(entry.scenario, path)
        profile = store.record_attempt(
            profile, Attempt.from_session(session, entry.content_hash, moment, moment)
        )
    app = make_app(lib, saves, player="Anna")
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.press("v")
        await pilot.pause()
        await until(pilot, lambda: isinstance(app.screen, ProgressScreen))
        assert isinstance(app.screen, ProgressScreen)
        table = app.screen.query_one("#progress-attempts", DataTable)
        assert table.row_count == 2
        text = screen_text(app)
        assert "Voortgang — Anna" in text
        assert "Herstel" in text and "/" in text  # bars with earned/possible
        assert "Sterkste punt" in text and "Om aan te werken" in text
        assert "Herstelparadox" in text  # an achievement
        newest = [str(cell) for cell in table.get_row_at(0)]
        assert newest[0].startswith("06-01")  # day first, as Dutch dates go
        assert newest[2] == "Enthousiaste klant"
        # The suggestion can be played at once.
        await pilot.press("n")
        await pilot.pause()
        await until(pilot, lambda: isinstance(app.screen, PlayScreen))
        assert isinstance(app.screen, PlayScreen)


async def test_command_palette_has_the_app_actions(lib: Path, tmp_path: Path) -> None:
    app = make_app(lib, tmp_path / "saves", player="Anna")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for title in ("Naar start", "Voortgang", "Scenario's", "Wissel speler", "Feedbackmodus"):
            assert title in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Feedbackmodus")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.player is not None and app.player.settings.feedback_mode == "exam"
    profile = SaveStore(tmp_path / "saves").find("Anna")
    assert profile is not None and profile.settings.feedback_mode == "exam"


async def test_unfinished_other_scenario_is_offered(lib: Path, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    app = make_app(lib, saves, player="Anna", scenario="koffie-koud")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("1", "escape", "y")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        await pilot.press(*"opmaak", "enter")  # Enter in the search box plays the match
        await pilot.pause()
        await until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        assert "De koude koffie" in dialog._text
        await pilot.press("2")  # start the new one, the old play goes
        await pilot.pause()
        await until(pilot, lambda: isinstance(app.screen, PlayScreen))
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        assert screen.runner.entry.id == "opmaak-test"
    profile = SaveStore(saves).find("Anna")
    assert profile is not None and profile.unfinished is not None
    assert profile.unfinished.scenario_id == "opmaak-test"


async def test_english(lib: Path, tmp_path: Path) -> None:
    set_language("en")
    app = make_app(lib, tmp_path / "saves", player="Anna", scenario="koffie-koud")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Step 1" in text and "Mood" in text
        assert "Stap" not in text
        # Scenario text stays as authored (Dutch).
        assert "Mevrouw Jansen" in text
        await pilot.press("1")
        await pilot.pause()
        assert "You chose:" in screen_text(app)


def _flat(prefix: str, table: dict, out: set[str]) -> None:
    for key, value in table.items():
        full = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            _flat(full, value, out)
        else:
            out.add(full)


def test_catalogue_is_complete_in_both_languages() -> None:
    import tomllib

    keys: dict[str, set[str]] = {}
    for lang in ("nl", "en"):
        keys[lang] = set()
        with (ROOT / "klantkoning" / "locale" / lang / "ui.toml").open("rb") as fh:
            _flat("", tomllib.load(fh), keys[lang])
    assert keys["nl"] == keys["en"]
    # Every key the UI code names exists in both catalogues.
    used: set[str] = set()
    sources = [
        *(ROOT / "klantkoning" / "ui").rglob("*.py"),
        ROOT / "klantkoning/cli/app_commands.py",
    ]
    for file in sources:
        if file.name.startswith(("workshop_", "author", "preview")):
            continue
        text = file.read_text()
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_][a-z0-9_.\-]*)["']""", text))
        used |= set(re.findall(r'''Binding\([^)]*?"([a-z_]+\.[a-z_]+)"''', text))
    used = {k for k in used if not k.startswith("app.")}
    assert used
    for lang in ("nl", "en"):
        missing = sorted(k for k in used if k not in catalogue(lang))
        assert not missing, (lang, missing)


def test_play_command_refuses_unknown_and_broken_scenarios(tmp_path: Path) -> None:
    from klantkoning.cli import cli

    runner = CliRunner()
    lib = FIXTURES / "library"
    result = runner.invoke(
        cli, ["--scenarios", str(lib), "--saves", str(tmp_path), "play", "bestaat-niet"]
    )
    assert result.exit_code == 2
    assert "bestaat-niet" in result.output
    result = runner.invoke(
        cli, ["--scenarios", str(lib), "--saves", str(tmp_path), "play", "kapot"]
    )
    assert result.exit_code == 2
    assert "kapot.toml:5" in result.output
    assert "Traceback" not in result.output


async def test_debrief_buttons_play_again_and_pick_another(lib: Path, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    app = make_app(lib, saves, player="Anna")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        await pilot.press(*"koffie", "enter", "enter")
        await pilot.pause()
        await pilot.press("3", "enter", "2", "enter")
        await pilot.pause()
        from klantkoning.ui.screens.debrief import DebriefScreen

        await until(pilot, lambda: isinstance(app.screen, DebriefScreen))
        assert isinstance(app.screen, DebriefScreen)
        await pilot.press("r")
        await pilot.pause()
        await until(pilot, lambda: isinstance(app.screen, PlayScreen))
        assert isinstance(app.screen, PlayScreen)
        assert app.screen.runner.session.steps_taken == 0
        await pilot.press("3", "enter", "1", "enter")
        await pilot.pause()
        await until(pilot, lambda: isinstance(app.screen, DebriefScreen))
        assert isinstance(app.screen, DebriefScreen)
        # Compared with the previous best (a "zeven", tevreden) -> better than ever.
        await until(pilot, lambda: "Beter dan ooit" in screen_text(app))
        assert "Beter dan ooit" in screen_text(app)
        await pilot.press("s")
        await pilot.pause()
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        assert isinstance(app.screen, LibraryScreen)
        assert len(app.screen_stack) == 2  # home, library: nothing piles up
        await pilot.press("escape", "escape")  # clear the filter, then back
        await pilot.pause()
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert isinstance(app.screen, HomeScreen)
    profile = SaveStore(saves).find("Anna")
    assert profile is not None and len(profile.attempts) == 2


async def test_initial_screen_is_pushed_on_home(lib: Path, tmp_path: Path) -> None:
    app = make_app(lib, tmp_path / "saves", initial_screen=HelpScreen)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert isinstance(app.screen, HomeScreen)


async def test_unfinished_play_is_offered_on_start(lib: Path, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    app = make_app(lib, saves, player="Anna", scenario="koffie-koud")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("1", "escape", "y")
        await pilot.pause()
        assert "Onafgemaakt" in screen_text(app)
    app = make_app(lib, saves, player="Anna")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("escape")
        await pilot.pause()
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert isinstance(app.screen, HomeScreen)


async def test_theme_is_remembered_per_player(lib: Path, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    app = make_app(lib, saves, player="Anna")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.theme = "nord"
        await pilot.pause()
    profile = SaveStore(saves).find("Anna")
    assert profile is not None and profile.settings.theme == "nord"
    app = make_app(lib, saves, player="Anna")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "nord"


@pytest.mark.parametrize(
    "keys", [[], ["h"], ["v"], ["s"]], ids=["play", "help", "progress", "library"]
)
async def test_tiny_terminal_settles(
    lib: Path, tmp_path: Path, keys: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A terminal shrunk to almost nothing must not make the layout loop (100% CPU)."""
    layouts = 0
    original = Widget.refresh

    def counting(self: Widget, *args: object, **kwargs: object) -> Widget:
        nonlocal layouts
        if kwargs.get("layout"):
            layouts += 1
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    app = make_app(lib, tmp_path / "saves", player="Anna", scenario="koffie-koud")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        if keys:
            await pilot.press("escape", "y")
            await pilot.pause()
            await pilot.press(*keys)
            await pilot.pause()
        monkeypatch.setattr(Widget, "refresh", counting)
        for size in ((5, 3), (1, 1)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.pause()
            layouts = 0
            await asyncio.sleep(0.3)
            assert layouts < 5, (size, layouts)


async def test_library_keyboard_from_the_search_box(lib: Path, tmp_path: Path) -> None:
    """Typing on the list keeps every letter; Down goes into the list, Up from the first
    card back to the search box; Enter in the search box plays the match."""
    app = make_app(lib, tmp_path / "saves", player="Anna")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        screen = app.screen
        search = screen.query_one("#library-filter", Input)
        listing = screen.query_one("#library-list", OptionList)
        await pilot.press(*"kof")
        await pilot.pause()
        assert search.value == "kof"
        assert library_rows(app) == ["koffie-koud"]
        await pilot.press("down")
        await pilot.pause()
        assert screen.focused is listing
        await pilot.press("up")
        await pilot.pause()
        assert screen.focused is search
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, PlayScreen))
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        assert screen.runner.entry.id == "koffie-koud"
        assert screen.runner.session.steps_taken == 0


def test_cards_name_what_a_scenario_trains_most() -> None:
    """Built-in scenarios score all twelve dimensions: the card names the few with the
    highest maximum, not all of them; filtering by any dimension still finds them."""
    from klantkoning.engine.analysis.analyse import analyse
    from klantkoning.ui.screens.library import card_text, make_card

    library = load_library(ROOT / "scenarios")
    assert library.playable
    console = Console(width=100, record=True, file=io.StringIO(), color_system=None)
    for entry in library.playable:
        assert entry.scenario is not None
        card = make_card(entry, library.dimensions)
        assert 3 <= len(card.most) <= 4
        highs = analyse(entry.scenario, library.dimensions).score_range
        best = max(high or 0 for _, high in highs.values())
        assert highs[card.most[0]][1] == best
        assert len(card.dims) > len(card.most)  # every scored dimension still filters
        console.print(card_text(card, library.dimensions, None))
    lines = [line for line in console.export_text().splitlines() if "Traint vooral:" in line]
    assert len(lines) == len(library.playable)
    assert all(line.count(",") <= 3 for line in lines)


async def test_command_palette_speaks_dutch(lib: Path, tmp_path: Path) -> None:
    app = make_app(lib, tmp_path / "saves", player="Anna")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Afsluiten" in titles and "Thema" in titles and "Wissel speler" in titles
        assert not {"Quit", "Theme", "Keys", "Screenshot", "Maximize"} & set(titles)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert "Zoek een opdracht" in screen_text(app)


async def test_attempts_table_fits_80_columns(lib: Path, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    entry = load_library(lib).get("koffie-koud")
    assert entry is not None and entry.scenario is not None
    store = SaveStore(saves)
    profile = store.get_or_create("Anna")
    moment = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
    session = play_path(entry.scenario, [2, 1, 1])
    store.record_attempt(
        profile, Attempt.from_session(session, entry.content_hash, moment, moment, mode="exam")
    )
    app = make_app(lib, saves, player="Anna")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v")
        await until(pilot, lambda: isinstance(app.screen, ProgressScreen))
        await pilot.pause()
        table = app.screen.query_one("#progress-attempts", DataTable)
        assert table.virtual_size.width <= table.content_region.width


async def test_palette_in_a_play_cannot_start_another(lib: Path, tmp_path: Path) -> None:
    """From inside a play the palette offers home and help, not a second play on top."""
    app = make_app(lib, tmp_path / "saves", player="Anna", scenario="koffie-koud")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, PlayScreen))
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Naar start" in titles and "Help" in titles
        assert not {"Oefenen", "Scenario's", "Voortgang", "Wissel speler"} & set(titles)


async def test_an_empty_library_says_where_it_looked(tmp_path: Path) -> None:
    missing = tmp_path / "geen-scenarios"
    app = make_app(missing, tmp_path / "saves", player="Anna")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Geen scenario's gevonden in" in screen_text(app)
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await pilot.pause()
        shown = screen_text(app)
        assert "Geen scenario's gevonden in" in shown
        assert "geen-scenarios" in shown
