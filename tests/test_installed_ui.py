"""The installed game's UI: the last player remembered, a stop dialog that tells the truth,
and the 80x24 play screen (choices scroll with "↓ meer", a visible cursor, cut text "…")."""

from __future__ import annotations

from pathlib import Path

from pilot_support import until
from textual.widgets import Label, OptionList

from klantkoning.engine.saves.store import SaveStore
from klantkoning.ui.app import make_app
from klantkoning.ui.screens.dialogs import ConfirmDialog
from klantkoning.ui.screens.home import HomeScreen
from klantkoning.ui.screens.profile import ProfileDialog

FIXTURES = Path(__file__).parent / "fixtures" / "ui"
SIZE = (80, 24)


async def choose_player(lib: Path, saves: Path, name: str) -> None:
    app = make_app(lib, saves)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, ProfileDialog))
        await pilot.press(*name, "enter")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert app.player is not None and app.player.name == name


async def test_the_profile_dialog_starts_on_the_last_player(lib: Path, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    await choose_player(lib, saves, "Bram")
    await choose_player(lib, saves, "Zoë")
    await choose_player(lib, saves, "Bram")  # chosen again, without playing
    app = make_app(lib, saves)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.player is None  # no automatic login on a shared PC
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, ProfileDialog))
        listing = app.screen.query_one("#profile-list", OptionList)
        assert listing.highlighted is not None
        option = listing.get_option_at_index(listing.highlighted)
        assert "Bram" in str(option.prompt)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert app.player is not None and app.player.name == "Bram"
    assert SaveStore(saves).last_player() == "Bram"


async def stop_dialog_text(lib: Path, saves: Path) -> str:
    app = make_app(lib, saves, player="Ivo", scenario="koffie-koud")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        return " ".join(str(label.render()) for label in app.screen.query(Label)) + " ".join(
            str(o.prompt) for o in app.screen.query_one(OptionList)._options
        )


async def test_the_stop_dialog_tells_the_truth(lib: Path, tmp_path: Path) -> None:
    saved = await stop_dialog_text(lib, tmp_path / "saves")
    assert "blijft bewaard" in saved
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    unsaved = await stop_dialog_text(lib, blocker / "saves")
    assert "blijft bewaard" not in unsaved
    assert "niet bewaard" in unsaved


async def test_80x24_choices_scroll_into_view_with_a_marker_and_more_below(
    tmp_path: Path,
) -> None:
    from textual.containers import VerticalScroll

    from klantkoning.ui.screens.play import PlayScreen
    from klantkoning.ui.widgets.choices import MARKER, ChoiceList, MoreBelow

    # Five long choices after a long situation: at 80×24 they cannot all be in view.
    long = " ".join(["Je legt rustig uit wat er gebeurt en wat je nu voor de gast gaat doen."] * 3)
    choices_toml = "".join(
        f'[[beats.start.choices]]\ntext = "{n}. {long}"\nnext = "einde"\nfeedback = "Goed."\n'
        for n in range(1, 6)
    )
    lib = tmp_path / "scenarios"
    lib.mkdir()
    (lib / "lange-keuzes.toml").write_text(
        'format = 1\n[scenario]\nid = "lange-keuzes"\ntitle = "Lange keuzes"\nstart = "start"\n'
        '[customer]\nname = "Gast"\n[beats.start]\n'
        f'text = "{long} {long}"\ncustomer = "{long}"\n{choices_toml}'
        '[endings.einde]\ntitle = "Einde"\ntext = "Klaar."\n',
        encoding="utf-8",
    )
    app = make_app(lib, tmp_path / "saves", player="Anna", scenario="lange-keuzes")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, PlayScreen))
        screen = app.screen
        page = screen.query_one("#play-scroll", VerticalScroll)
        choices = screen.query_one("#play-choices", ChoiceList)
        more = screen.query_one(MoreBelow)
        await until(pilot, lambda: more.has_class("-more"))
        assert more.has_class("-more") and "↓ meer" in str(more.render())
        for index in range(choices.option_count):
            choices.highlighted = index

            def in_view(index: int = index) -> tuple[int, int]:
                # A list taller than the screen also scrolls itself (its own scroll_y).
                line = choices._index_to_line[index] - int(choices.scroll_y)
                top = choices.region.y + choices.styles.gutter.top + line
                return top, top + choices._heights[index] - 1  # the padding line may hide

            # The highlighted choice is wholly inside the visible part of the page.
            await until(
                pilot,
                lambda: page.region.y <= in_view()[0] and in_view()[1] <= page.region.bottom,
            )
            top, bottom = in_view()
            assert page.region.y <= top and bottom <= page.region.bottom, (index, top, bottom)
            lines = [choices.render_line(y).text for y in range(choices.size.height)]
            marked = [line for line in lines if line.startswith(MARKER)]
            assert len(marked) == 1, lines
            assert f" {index + 1} " in marked[0]
        await until(pilot, lambda: not more.has_class("-more"))
        assert not more.has_class("-more")  # scrolled to the end: nothing more below


async def test_the_guide_opens_with_a_table_of_contents() -> None:
    from textual.widgets import MarkdownViewer

    from klantkoning import paths
    from klantkoning.ui.screens.guide import GuideApp, GuideScreen

    app = GuideApp(paths.guide_file())
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, GuideScreen))
        viewer = app.screen.query_one(MarkdownViewer)
        assert viewer.show_table_of_contents
        await until(pilot, lambda: bool(viewer.table_of_contents.table_of_contents))
        titles = [entry[1] for entry in viewer.table_of_contents.table_of_contents or []]
        assert "Handleiding voor auteurs" in titles
        await pilot.press("t")
        assert not viewer.show_table_of_contents
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code == 0
