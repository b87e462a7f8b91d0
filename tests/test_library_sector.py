"""The library by sector: cards show the sector and the theme, Ctrl+S and the sector menu
filter (with the search box and the principle/tag menu), and an author's sector text is
shown literally."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pilot_support import until, wait_for
from rich.console import Console
from textual.widgets import Input, OptionList, Select

from klantkoning.engine.format.names import relation_label, relation_line, sector_label
from klantkoning.engine.library.folders import load_library
from klantkoning.i18n import set_language
from klantkoning.ui.app import KlantkoningApp, make_app
from klantkoning.ui.screens.library import LibraryScreen, card_text, make_card

ROOT = Path(__file__).parent.parent
MARKUP_SECTOR = "[bold]Kapsalon[/] [link=https://example.org]x"


def scenario_toml(scenario_id: str, title: str, sector: str | None, tags: list[str]) -> str:
    sector_line = "" if sector is None else f"sector = {sector!r}\n".replace("'", '"')
    tag_list = ", ".join(f'"{tag}"' for tag in tags)
    return f"""format = 1

[scenario]
id = "{scenario_id}"
title = "{title}"
start = "vraag"
{sector_line}tags = [{tag_list}]

[customer]
name = "Klant"

[beats.vraag]
text = "Er gaat iets mis."

[[beats.vraag.choices]]
text = "Los het op."
next = "goed"
score = {{ herstel = 2 }}

[[beats.vraag.choices]]
text = "Wijs naar een collega."
next = "goed"
score = {{ welkom = 1 }}

[endings.goed]
title = "Klaar"
text = "Het is voorbij."
outcome = "tevreden"
"""


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    """Five scenarios: two in horeca, one in zorg, one in an unknown sector written with
    markup, and one without a sector."""
    folder = tmp_path / "scenarios"
    folder.mkdir()
    for scenario_id, title, sector, tags in [
        ("aa-brasserie", "Brasserie", "horeca", ["horeca", "klacht", "verwachtingen"]),
        ("bb-hotel", "Hotel", "Horeca", ["hotel", "klacht"]),
        ("cc-thuiszorg", "Thuiszorg", "zorg", ["zorg", "wie-is-de-klant"]),
        ("dd-kapper", "Kapper", MARKUP_SECTOR, ["[i]knip[/i]"]),
        ("ee-zomaar", "Zomaar", None, ["klacht"]),
    ]:
        text = scenario_toml(scenario_id, title, sector, tags)
        (folder / f"{scenario_id}.toml").write_text(text, encoding="utf-8")
    return folder


def rows(app: KlantkoningApp) -> list[str]:
    screen = app.screen
    assert isinstance(screen, LibraryScreen)
    return sorted(card.entry.id for card in screen._shown)


def screen_text(app: KlantkoningApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def card_lines(folder: Path, scenario_id: str) -> list[str]:
    library = load_library(folder)
    entry = library.get(scenario_id)
    assert entry is not None
    console = Console(width=100, record=True, file=io.StringIO(), color_system=None)
    console.print(card_text(make_card(entry, library.dimensions), library.dimensions, None))
    return [line.rstrip() for line in console.export_text().splitlines()]


async def open_library(app: KlantkoningApp, pilot) -> LibraryScreen:  # type: ignore[no-untyped-def]
    await pilot.press("s")
    await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
    screen = app.screen
    assert isinstance(screen, LibraryScreen)
    await pilot.pause()
    return screen


async def test_ctrl_s_cycles_through_the_sectors_and_back_to_all(lib: Path, tmp_path: Path) -> None:
    app = make_app(lib, tmp_path / "saves", player="Anna")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_library(app, pilot)
        everything = ["aa-brasserie", "bb-hotel", "cc-thuiszorg", "dd-kapper", "ee-zomaar"]
        assert rows(app) == everything
        seen = []
        # In name order: "[bold]Kapsalon…" sorts first, then Horeca, Zorg, and "no sector".
        for expected in (["dd-kapper"], ["aa-brasserie", "bb-hotel"], ["cc-thuiszorg"],
                         ["ee-zomaar"]):  # fmt: skip
            await pilot.press("ctrl+s")
            await until(pilot, lambda expected=expected: rows(app) == expected)
            assert rows(app) == expected
            seen.append(screen_text(app).splitlines()[3])  # the filter bar's middle line
        assert "Horeca" in seen[1] and "Zorg" in seen[2] and "Zonder sector" in seen[3]
        assert "Alle sectoren" not in "".join(seen)
        await pilot.press("ctrl+s")  # after the last: every sector again
        await until(pilot, lambda: rows(app) == everything)
        assert rows(app) == everything
        assert "Alle sectoren" in screen_text(app)
        assert screen.query_one("#library-list", OptionList).has_focus


async def test_the_sector_filter_combines_with_search_and_tag_and_escape_clears_all(
    lib: Path, tmp_path: Path
) -> None:
    app = make_app(lib, tmp_path / "saves", player="Anna")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_library(app, pilot)
        await pilot.press("ctrl+s", "ctrl+s")  # Horeca
        await until(pilot, lambda: rows(app) == ["aa-brasserie", "bb-hotel"])
        # Type to filter within the sector: only the hotel matches "hotel".
        await pilot.press(*"hotel")
        await until(pilot, lambda: rows(app) == ["bb-hotel"])
        assert rows(app) == ["bb-hotel"]
        await pilot.press(*(["backspace"] * 5))
        await until(pilot, lambda: rows(app) == ["aa-brasserie", "bb-hotel"])
        # The tag menu by keyboard: Ctrl+T, Enter opens it; after "all", the principles
        # (welkom, herstel), then the tags in order: [i]knip[/i], hotel, horeca, klacht,
        # verwachtingen.
        await pilot.press("ctrl+t")
        tag_select = screen.query_one("#library-tag", Select)
        await until(pilot, lambda: tag_select.has_focus)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*(["down"] * 7), "enter")
        await until(pilot, lambda: tag_select.value == "tag:verwachtingen")
        assert tag_select.value == "tag:verwachtingen"
        await until(pilot, lambda: rows(app) == ["aa-brasserie"])
        assert rows(app) == ["aa-brasserie"]
        # The search box also finds a sector by its name.
        screen.query_one("#library-list", OptionList).focus()
        await pilot.press("escape")
        await until(pilot, lambda: len(rows(app)) == 5)
        assert screen.query_one("#library-sector", Select).value is Select.NULL
        assert tag_select.value is Select.NULL
        await pilot.press(*"zorg")
        await until(pilot, lambda: rows(app) == ["cc-thuiszorg"])
        assert screen.query_one("#library-filter", Input).value == "zorg"
        await pilot.press("escape")
        await until(pilot, lambda: len(rows(app)) == 5)
        await pilot.press("escape")  # nothing left to clear: leave the library
        await until(pilot, lambda: not isinstance(app.screen, LibraryScreen))
        assert not isinstance(app.screen, LibraryScreen)


async def test_the_sector_menu_by_keyboard(lib: Path, tmp_path: Path) -> None:
    app = make_app(lib, tmp_path / "saves", player="Anna")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_library(app, pilot)
        sector_select = screen.query_one("#library-sector", Select)
        await pilot.press("slash", "tab", "tab")  # search box, tag menu, sector menu
        await until(pilot, lambda: sector_select.has_focus)
        assert sector_select.has_focus
        await pilot.press("enter")  # open; "Alle sectoren" is highlighted
        await pilot.press("down", "down", "down", "enter")  # Kapsalon, Horeca, Zorg
        await until(pilot, lambda: rows(app) == ["cc-thuiszorg"])
        assert rows(app) == ["cc-thuiszorg"]
        assert sector_select.value == "sector:zorg"


async def test_a_library_without_sectors_has_no_sector_filter(tmp_path: Path) -> None:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "aa-een.toml").write_text(scenario_toml("aa-een", "Een", None, []), "utf-8")
    app = make_app(folder, tmp_path / "saves", player="Anna")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_library(app, pilot)
        assert not screen.query_one("#library-sector", Select).display
        assert "Sector" not in screen_text(app).splitlines()[-1]  # not in the footer
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert rows(app) == ["aa-een"]


def test_a_card_shows_sector_and_theme(lib: Path) -> None:
    lines = card_lines(lib, "aa-brasserie")
    assert lines[0] == "♛ Brasserie   ★★☆☆☆  ·  10 min  ·  Horeca"
    # The theme: the tags without the one that repeats the sector.
    theme = next(line for line in lines if "Thema:" in line)
    assert theme.split("Thema:")[1].split() == ["#klacht", "#verwachtingen"]
    assert "#horeca" not in "\n".join(lines)
    # Written "Horeca": the same sector, the same name.
    assert "Horeca" in card_lines(lib, "bb-hotel")[0]
    # No sector, no sector on the card, and the tags are the theme.
    zomaar = card_lines(lib, "ee-zomaar")
    assert zomaar[0].rstrip().endswith("min")
    assert any("Thema: #klacht" in line for line in zomaar)


def test_the_built_in_cards_show_readable_sector_names() -> None:
    library = load_library(ROOT / "scenarios")
    names = {make_card(e, library.dimensions).sector_name for e in library.playable}
    assert "Financiële dienstverlening" in names and "Zakelijke dienstverlening" in names
    assert not any("-" in name for name in names), names
    set_language("en")
    try:
        assert sector_label("zorg") == "Care"
        assert sector_label("financiele-dienstverlening") == "Financial services"
        assert relation_line("gelijkheid") == "one good turn deserves another"
    finally:
        set_language("nl")
    assert sector_label(" Horeca ") == "Horeca"
    assert sector_label("kapsalon") == "kapsalon"  # unknown: as written
    assert relation_label("gezag") == "Gezag"
    assert relation_line("gezag") == "er is een rangorde"
    assert relation_line(None) == "" and relation_line("vriendschap") == ""


async def test_markup_in_a_sector_is_shown_literally(lib: Path, tmp_path: Path) -> None:
    assert MARKUP_SECTOR in card_lines(lib, "dd-kapper")[0]
    app = make_app(lib, tmp_path / "saves", player="Anna")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_library(app, pilot)
        await pilot.press("ctrl+s")  # the markup sector sorts first
        await until(pilot, lambda: rows(app) == ["dd-kapper"])
        text = screen_text(app)
        assert "[bold]Kapsalon[/] [link=https://example.org]x" in text  # on the card
        assert "[bold]Kapsalon[/]" in text.splitlines()[3]  # in the sector menu
        assert "#[i]knip[/i]" in text
        assert screen.query_one("#library-sector", Select).value == "sector:" + (
            MARKUP_SECTOR.casefold()
        )


def test_library_filtered_by_sector_snapshot(snap_compare, lib: Path, tmp_path: Path) -> None:
    app = make_app(lib, tmp_path / "saves", player="Anna")

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("s")
        await until(pilot, lambda: isinstance(pilot.app.screen, LibraryScreen))
        await pilot.press("ctrl+s", "ctrl+s")  # Horeca
        await until(pilot, lambda: rows(pilot.app) == ["aa-brasserie", "bb-hotel"])
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


async def test_the_workshop_set_up_lists_the_sector_literally(lib: Path, tmp_path: Path) -> None:
    from klantkoning.ui.screens.workshop_setup import WorkshopSetupScreen

    app = make_app(lib, tmp_path / "saves", initial_screen=lambda: WorkshopSetupScreen())
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WorkshopSetupScreen))
        picker = app.screen.query_one("#ws-library", OptionList)
        await pilot.pause()
        items = {str(o.id): str(o.prompt) for o in picker.options}
        assert items["lib-aa-brasserie"] == "Brasserie (10 min)  ·  Horeca"
        assert items["lib-cc-thuiszorg"] == "Thuiszorg (10 min)  ·  Zorg"
        assert items["lib-dd-kapper"].endswith("·  " + MARKUP_SECTOR)
        assert items["lib-ee-zomaar"] == "Zomaar (10 min)"
        assert "Kapper (10 min)  ·  [bold]Kapsalon[/]" in screen_text(app)  # wraps after


def test_klantkoning_test_names_each_scenarios_sector(lib: Path) -> None:
    from click.testing import CliRunner

    from klantkoning.cli import cli

    # A sector with a terminal escape and a line break: neither reaches the terminal.
    hostile = scenario_toml("ff-ontsnapt", "Ontsnapt", "HIER", []).replace(
        '"HIER"', '"x\\u001b[31mrood\\nlijn"'
    )
    (lib / "ff-ontsnapt.toml").write_text(hostile, encoding="utf-8")
    args = ["--lang", "nl", "test", "--scenarios", str(lib)]
    result = CliRunner().invoke(cli, args, obj={}, catch_exceptions=False)
    headings = [line for line in result.output.splitlines() if line.startswith(("Brass", "Zom"))]
    assert headings == ["Brasserie (aa-brasserie)  ·  Horeca", "Zomaar (ee-zomaar)"]
    assert "Kapper (dd-kapper)  ·  " + MARKUP_SECTOR in result.output
    assert "Ontsnapt (ff-ontsnapt)  ·  x [31mrood lijn" in result.output
    assert "\x1b" not in result.output


def test_every_known_sector_is_documented_and_described_in_the_schema() -> None:
    from klantkoning.engine.format.names import KNOWN_SECTORS
    from klantkoning.engine.format.schema import scenario_json_schema
    from klantkoning.i18n import catalogue

    guide = (ROOT / "docs" / "auteurs.md").read_text(encoding="utf-8")
    for sector in KNOWN_SECTORS:
        dutch, english = catalogue("nl")[f"sector.{sector}"], catalogue("en")[f"sector.{sector}"]
        assert f"| `{sector}` | {dutch} | {english} |" in guide, sector
    meta = scenario_json_schema()["definitions"]["ScenarioMeta"]["properties"]
    assert "filtert" in meta["sector"]["description"]
    # Every built-in scenario uses a sector the game has a name for.
    library = load_library(ROOT / "scenarios")
    unknown = {
        e.id: e.scenario.scenario.sector
        for e in library.playable
        if e.scenario is not None and e.scenario.scenario.sector not in KNOWN_SECTORS
    }
    assert unknown == {}


def test_check_warns_about_a_sector_that_looks_misspelt_but_not_an_own_one() -> None:
    from klantkoning.engine.library.loader import load_scenario_text

    def sector_problems(sector: str) -> list[str]:
        text = scenario_toml("aa-brasserie", "Brasserie", sector, [])
        entry = load_scenario_text(text.encode("utf-8"), "aa-brasserie.toml")
        assert entry.scenario is not None  # a warning: still playable
        return [
            f"{p.location()}: {p.message}" for p in entry.problems if p.code == "sector_misspelt"
        ]

    assert sector_problems("hoerca") == [
        "aa-brasserie.toml:7: 'hoerca' is geen bekende sector. Bedoel je 'horeca'? Een eigen "
        "sector mag, maar de bibliotheek toont hem dan als een aparte sector."
    ]
    assert "'financiele-dienstverlening'" in sector_problems("financiële-dienstverlening")[0]
    assert sector_problems("Kinderopvang") == []
    assert sector_problems("Horeca") == []
