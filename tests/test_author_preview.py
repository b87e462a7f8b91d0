"""The live preview and the author screen (Pilot): reload on save, errors in place, replay."""

from __future__ import annotations

from pathlib import Path

from pilot_support import wait_for
from textual.widgets import Input, OptionList, Static

from klantkoning.engine.authoring.playtest import replay_history
from klantkoning.engine.format.template import render_template
from klantkoning.i18n import set_language
from klantkoning.ui.app import KlantkoningApp, make_app
from klantkoning.ui.screens.author import AuthorScreen
from klantkoning.ui.screens.preview import PreviewScreen
from klantkoning.ui.widgets.preview_play import PreviewPlay
from klantkoning.ui.widgets.preview_problems import ProblemPanel

SIZE = (150, 50)


def text_of(widget: Static) -> str:
    return str(widget.content)


def preview_of(app: KlantkoningApp) -> PreviewScreen:
    screen = app.screen
    assert isinstance(screen, PreviewScreen)
    return screen


def write(file: Path, text: str) -> None:
    file.write_text(text, encoding="utf-8")


async def test_preview_reloads_on_save_and_keeps_the_play(tmp_path: Path) -> None:
    set_language("nl")
    file = tmp_path / "live-test.toml"
    good = render_template("live-test", "Live [bold]test[/]")
    write(file, good)
    app = make_app(tmp_path, tmp_path / "saves", initial_screen=lambda: PreviewScreen(file))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PreviewScreen))
        screen = preview_of(app)
        await wait_for(pilot, lambda: screen.session is not None)
        play = screen.query_one(PreviewPlay)
        assert "Live [bold]test[/]" in text_of(play)  # literal, never markup
        assert "Maandagochtend" in text_of(play)
        assert "Geen fouten" in text_of(screen.query_one(ProblemPanel))

        # Play on: choice 1 leads to 'uitzoeken'.
        await pilot.press("1")
        assert screen.session is not None and screen.session.node == "uitzoeken"
        assert "Je koos:" in text_of(play)

        # A save that changes the beat: shown within a second, the play stays there.
        changed = good.replace("Je ziet dat het pakje", "NIEUW: je ziet dat het pakje")
        write(file, changed)
        await wait_for(pilot, lambda: "NIEUW: je ziet" in text_of(play), timeout=3)
        assert screen.session is not None and screen.session.node == "uitzoeken"

        # A broken save: errors in place (located), the last good play still visible.
        version = screen.version
        write(file, changed + "\n[beats.kapot\n")
        await wait_for(pilot, lambda: screen.version > version, timeout=3)
        problems = text_of(screen.query_one(ProblemPanel))
        assert "fout" in problems and "regel" in problems
        assert screen.stale
        assert "NIEUW: je ziet" in text_of(play)
        assert "laatste goede versie" in text_of(play)

        # A half-written file (cut in the middle of a string) never crashes the preview.
        version = screen.version
        write(file, changed[: changed.index("Maandagochtend") + 5])
        await wait_for(pilot, lambda: screen.version > version, timeout=3)
        assert screen.stale

        # Fixed: the play is restored where it was, with the new text.
        fixed = changed.replace("NIEUW: je ziet", "HERSTELD: je ziet")
        write(file, fixed)
        await wait_for(pilot, lambda: "HERSTELD: je ziet" in text_of(play), timeout=3)
        assert not screen.stale
        assert screen.session is not None and screen.session.node == "uitzoeken"
        assert "Geen fouten" in text_of(screen.query_one(ProblemPanel))

        # Restart, then play to an ending.
        await pilot.press("r")
        assert screen.session.node == "begin"
        await pilot.press("1", "1")
        assert screen.session.ended
        assert "Een verhaal om te vertellen" in text_of(play)

        # Graph and stats tabs are filled.
        assert "uitzoeken" in text_of(screen.query_one("#preview-graph", Static))
        assert "Kortste spel" in text_of(screen.query_one("#preview-stats", Static))


async def test_preview_stops_replaying_at_the_first_choice_that_no_longer_fits(
    tmp_path: Path,
) -> None:
    set_language("nl")
    file = tmp_path / "replay.toml"
    good = render_template("replay")
    write(file, good)
    app = make_app(tmp_path, tmp_path / "saves", initial_screen=lambda: PreviewScreen(file))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PreviewScreen))
        screen = preview_of(app)
        await wait_for(pilot, lambda: screen.session is not None)
        await pilot.press("1")
        assert screen.session is not None and screen.session.node == "uitzoeken"
        # The first choice now goes straight to an ending: replay stops there.
        rerouted = good.replace('next = "uitzoeken"', 'next = "blij"', 1)
        assert rerouted != good
        write(file, rerouted)
        await wait_for(pilot, lambda: screen.session is not None and screen.session.ended)
        assert screen.session.node == "blij"
        # That save broke a golden play: the error shows, but the play follows the file.
        assert "Gouden spel" in text_of(screen.query_one(ProblemPanel))
        assert not screen.stale


def test_replay_history_stops_where_the_file_changed() -> None:
    from klantkoning.engine.library.loader import load_scenario_text

    scenario = load_scenario_text(render_template("replay-x").encode(), "replay-x.toml").scenario
    assert scenario is not None
    history = [("begin", 1), ("uitzoeken", 0)]
    assert replay_history(scenario, history).node == "blij"
    assert replay_history(scenario, [("begin", 0), ("uitzoeken", 0)]).node == "uitzoeken"
    assert replay_history(scenario, [("weg", 0)]).node == "begin"


async def test_author_screen_opens_a_preview(tmp_path: Path) -> None:
    set_language("nl")
    write(tmp_path / "eerste.toml", render_template("eerste", "Eerste [red]x"))
    app = make_app(tmp_path, tmp_path / "saves", initial_screen=AuthorScreen)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, AuthorScreen))
        options = app.screen.query_one(OptionList)
        assert options.option_count == 1
        assert "Eerste [red]x" in str(options.get_option_at_index(0).prompt)
        options.focus()
        options.highlighted = 0
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PreviewScreen))
        assert preview_of(app).path == (tmp_path / "eerste.toml").resolve()
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, AuthorScreen))
        # A typed path that does not exist gives a message, not a crash.
        path_input = app.screen.query_one("#author-path", Input)
        path_input.focus()
        path_input.value = "bestaat/niet.toml"
        await pilot.press("enter")
        assert "Geen bestand gevonden" in text_of(app.screen.query_one("#author-error", Static))


async def test_a_name_typed_on_the_author_screen_is_found_in_the_authors_own_folder(
    tmp_path: Path,
) -> None:
    """The built-in folder comes first in the library; the author's own file is still
    what a bare file name means."""
    set_language("nl")
    builtin, own = tmp_path / "ingebouwd", tmp_path / "eigen"
    builtin.mkdir()
    own.mkdir()
    write(builtin / "ander.toml", render_template("ander"))
    write(own / "mijn-test.toml", render_template("mijn-test"))
    app = make_app([builtin, own], tmp_path / "saves", initial_screen=AuthorScreen)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, AuthorScreen))
        path_input = app.screen.query_one("#author-path", Input)
        path_input.focus()
        path_input.value = "mijn-test.toml"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PreviewScreen))
        assert preview_of(app).path == (own / "mijn-test.toml").resolve()


async def test_home_screen_reaches_the_author_screen(tmp_path: Path) -> None:
    set_language("nl")
    write(tmp_path / "eerste.toml", render_template("eerste"))
    app = make_app(tmp_path, tmp_path / "saves")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, AuthorScreen))


def test_preview_names_the_dimensions_as_a_play_does() -> None:
    from klantkoning.engine.library.loader import load_scenario_file
    from klantkoning.engine.play.session import Session
    from klantkoning.ui.widgets.preview_play import play_text

    entry = load_scenario_file(
        Path(__file__).parent / "fixtures" / "check" / "doorbakken-entrecote.toml"
    )
    assert entry.scenario is not None
    session = Session(entry.scenario, entry.dimensions)
    step = session.choose(1)  # maatwerk +2, ontzorgen +1, vertrouwen +1 in the file
    shown = play_text(session, step).plain
    assert "Maatwerk +2, Ontzorgen +1, Vertrouwen +1" in shown
    assert "maatwerk +2" not in shown
