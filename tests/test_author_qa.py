"""What a first-time author runs into, following docs/auteurs.md (found by hands-on QA).

Each test is one thing a trainer would notice: where `new` writes, what `check` says about
a beginner's mistake, what `stats`, `test` and `schema` print, and how the preview behaves.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from pilot_support import wait_for
from textual.widgets import OptionList, Static, TabbedContent

from klantkoning import paths
from klantkoning.cli import cli
from klantkoning.engine.analysis.graph import render_text
from klantkoning.engine.format.template import render_template
from klantkoning.engine.library.loader import load_scenario_text
from klantkoning.i18n import set_language
from klantkoning.ui.app import make_app
from klantkoning.ui.screens.author import AuthorScreen
from klantkoning.ui.screens.preview import PreviewScreen
from klantkoning.ui.widgets.preview_play import PreviewPlay

FIXTURES = Path(__file__).parent / "fixtures" / "author"
TEMPLATE = render_template("mijn-test", "De vertraagde trein")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--lang", "nl", *args], obj={}, catch_exceptions=False)
    return result.exit_code, result.output


def messages(data: bytes | str) -> list[tuple[int | None, str]]:
    set_language("nl")
    raw = data.encode("utf-8") if isinstance(data, str) else data
    entry = load_scenario_text(raw, "mijn-test.toml")
    return [(p.line, p.message) for p in entry.problems]


# -- new ---------------------------------------------------------------------------------


def test_new_without_a_scenarios_folder_writes_to_the_user_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside a checkout, ``new`` writes to the user's own folder (XDG_DATA_HOME), never
    to the current folder nor into the built-in library, and hides nothing."""
    builtin = tmp_path / "builtin"
    builtin.mkdir()
    monkeypatch.setattr(paths, "builtin_scenarios_dir", lambda: builtin)
    monkeypatch.delenv(paths.SCENARIOS_ENV, raising=False)
    work = tmp_path / "werkmap"
    work.mkdir()
    monkeypatch.chdir(work)
    code, out = run("new", "mijn-eerste")
    assert code == 0, out
    own = Path(os.environ["XDG_DATA_HOME"]) / "klantkoning" / "scenarios"
    assert (own / "mijn-eerste.toml").is_file()
    assert not (work / "scenarios").exists()
    assert list(builtin.iterdir()) == []
    # And the next command from the same folder finds it, by its id.
    code, out = run("check", "--strict", "mijn-eerste")
    assert code == 0, out


# -- check: the wording of a beginner's mistakes -----------------------------------------


def test_missing_closing_quote_says_so_on_the_right_line() -> None:
    broken = TEMPLATE.replace('title = "De vertraagde trein"', 'title = "De vertraagde trein')
    line = next(i for i, s in enumerate(broken.splitlines(), 1) if s.startswith("title = "))
    [(found, message)] = messages(broken)
    assert found == line
    assert "sluitende aanhalingsteken" in message


def test_unclosed_triple_quote_says_where_to_look() -> None:
    broken = TEMPLATE.replace('text = """\nMaandagochtend', 'text = """Maandagochtend', 1)
    broken = broken.replace('geïrriteerd.\n"""', "geïrriteerd.", 1)
    assert broken.count('"""') == TEMPLATE.count('"""') - 1
    [(_, message)] = messages(broken)
    assert "wordt nergens afgesloten" in message


def test_unclosed_list_points_at_the_line_above() -> None:
    broken = TEMPLATE.replace('tags = ["klantenservice", "herstel"]', 'tags = ["klantenservice"')
    [(_, message)] = messages(broken)
    assert "op de regel erboven" in message


def test_curly_quotes_are_named() -> None:
    broken = TEMPLATE.replace('name = "Mevrouw Jansen"', "name = “Mevrouw Jansen”")
    [(_, message)] = messages(broken)
    assert "rechte aanhalingstekens" in message and "krulletjes" in message


def test_single_brackets_for_a_second_choice_point_to_double_brackets() -> None:
    second = '[[beats.uitzoeken.choices]]\ntext = "De koerier kosteloos'
    assert second in TEMPLATE
    broken = TEMPLATE.replace(second, second[1:].replace("]]", "]", 1))
    [(_, message)] = messages(broken)
    assert "[[" in message


def test_utf16_file_is_named_as_such() -> None:
    [(_, message)] = messages(TEMPLATE.encode("utf-16"))
    assert "UTF-16" in message and "UTF-8" in message


def test_latin1_file_points_at_the_accented_letter() -> None:
    # Saved as Latin-1 (ANSI): é is one byte, 0xe9, which is not UTF-8.
    text = 'format = 1\n\n[scenario]\nid = "mijn-test"\ntitle = "Café"\n'
    [(found, message)] = messages(text.encode("latin-1"))
    line = 5
    assert found == line
    assert "é" in message and "UTF-8" in message


# -- stats ---------------------------------------------------------------------------------


def test_stats_puts_unrewarded_dimensions_on_one_line() -> None:
    code, out = run("stats", str(FIXTURES / "scoring-problems.toml"))
    assert code == 0
    lines = [line for line in out.splitlines() if "nergens pluspunten" in line]
    assert len(lines) == 1
    assert "herstel" in lines[0] and "verleuken" in lines[0]
    assert "Tips over de scores" in out


def test_stats_json_keeps_every_hint() -> None:
    code, out = run("stats", str(FIXTURES / "scoring-problems.toml"), "--json")
    assert code == 0
    kinds = {p["kind"] for p in json.loads(out)["problems"]}
    assert {"dominated", "dominated_all", "never_rewarded"} <= kinds


def test_stats_on_a_golden_file_names_the_scenario_to_use() -> None:
    code, out = run("stats", str(FIXTURES / "golden-good.golden.toml"))
    assert code == 2
    assert "gouden spelletjes, geen scenario" in out
    assert "klantkoning test golden-good" in out
    assert "Verplichte sleutel" not in out


# -- test: golden files --------------------------------------------------------------------


def test_broken_golden_file_is_explained_like_check(tmp_path: Path) -> None:
    (tmp_path / "golden-good.toml").write_bytes((FIXTURES / "golden-good.toml").read_bytes())
    golden = tmp_path / "golden-good.golden.toml"
    golden.write_text('format = 1\n\n[[golden]]\nname = "x"\npaht = [1]\n', encoding="utf-8")
    code, out = run("test", str(tmp_path / "golden-good.toml"), "--samples", "5")
    assert code == 1
    assert "regel 5" in out and "Onbekende sleutel 'paht'" in out and "'path'" in out
    assert "Extra inputs" not in out  # no raw pydantic English
    golden.write_text('format = 1\n\n[[golden]]\nname = "x\npath = [1]\n', encoding="utf-8")
    code, out = run("test", str(tmp_path / "golden-good.toml"), "--samples", "5")
    assert code == 1
    assert "regel 4" in out and "aanhalingsteken" in out


def test_one_broken_golden_play_does_not_hide_the_others(tmp_path: Path) -> None:
    (tmp_path / "golden-good.toml").write_bytes((FIXTURES / "golden-good.toml").read_bytes())
    (tmp_path / "golden-good.golden.toml").write_text(
        'format = 1\n\n[[golden]]\nname = "goed"\npath = [2]\nending = "boos"\n'
        '\n[[golden]]\nname = "tikfout"\npath = [2]\nending = "boosss"\n'
        '\n[[golden]]\nnaam = "kapot"\npath = [2]\n',
        encoding="utf-8",
    )
    code, out = run("test", str(tmp_path / "golden-good.toml"), "--samples", "5")
    assert code == 1
    assert "Onbekende sleutel 'naam'" in out and "'name'" in out  # the broken one, located
    assert "✓ goed" in out  # the others still ran
    assert "✗ tikfout" in out
    assert "het einde 'boosss' bestaat niet in dit scenario. Bedoel je 'boos'?" in out


# -- schema --------------------------------------------------------------------------------


def test_schema_tells_the_path_as_seen_from_the_scenarios(tmp_path: Path) -> None:
    library = tmp_path / "scenarios"
    library.mkdir()
    output = library / "klantkoning.schema.json"
    code, out = run("schema", "-o", str(output), "--scenarios", str(library))
    assert code == 0
    assert "#:schema ./klantkoning.schema.json" in out
    code, out = run("schema", "-o", str(tmp_path / "elders.json"), "--scenarios", str(library))
    assert "#:schema ../elders.json" in out


def test_schema_into_the_scenario_folder_is_picked_up_by_new(tmp_path: Path) -> None:
    library = tmp_path / "eigen"
    code, out = run("schema", "--into-scenarios", "--scenarios", str(library))
    assert code == 0
    assert (library / "klantkoning.schema.json").is_file()
    assert "#:schema ./klantkoning.schema.json" in out
    code, _ = run("new", "klacht-over-pakje", "--scenarios", str(library))
    assert code == 0
    first = (library / "klacht-over-pakje.toml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "#:schema ./klantkoning.schema.json"
    code, out = run("schema", "--into-scenarios", "-o", str(tmp_path / "x.json"))
    assert code == 2 and "niet allebei" in out


def test_new_in_a_named_folder_names_it_in_the_next_steps(tmp_path: Path) -> None:
    library = tmp_path / "eigen map"
    code, out = run("new", "nog-een", "--scenarios", str(library))
    assert code == 0
    quoted = f"'{library}'"  # quoted for the shell: the folder has a space
    assert f"klantkoning preview nog-een --scenarios {quoted}" in out
    assert f"klantkoning test nog-een --scenarios {quoted}" in out
    # ... and the command it names finds the scenario.
    code, out = run("stats", "nog-een", "--scenarios", str(library))
    assert code == 0, out


# -- graph ---------------------------------------------------------------------------------


def test_graph_text_puts_number_and_target_before_the_text() -> None:
    scenario = load_scenario_text(TEMPLATE.encode(), "mijn-test.toml").scenario
    assert scenario is not None
    tree = render_text(scenario)
    # A narrow pane cuts the end of a line: the target must come first.
    assert "├─ 1 → ● uitzoeken · " in tree
    assert "→ ■ blij — " in tree


# -- preview -------------------------------------------------------------------------------


async def test_preview_keys_for_the_tabs_are_in_the_footer(tmp_path: Path) -> None:
    set_language("nl")
    file = tmp_path / "mijn-test.toml"
    file.write_text(TEMPLATE, encoding="utf-8")
    app = make_app(tmp_path, tmp_path / "saves", initial_screen=lambda: PreviewScreen(file))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PreviewScreen))
        screen = app.screen
        assert isinstance(screen, PreviewScreen)
        await wait_for(pilot, lambda: screen.session is not None)
        shown = {b.key: b.description for _, b, enabled, _ in screen.active_bindings.values()
                 if b.show and enabled}  # fmt: skip
        assert shown.get("g") == "Kaart" and shown.get("s") == "Cijfers"
        await pilot.press("g")
        assert screen.query_one(TabbedContent).active == "preview-tab-graph"
        # The tree does not wrap: every line of the map stays one line.
        graph = screen.query_one("#preview-graph", Static)
        assert graph.styles.text_wrap == "nowrap"


async def test_preview_says_when_the_replay_was_cut_short(tmp_path: Path) -> None:
    set_language("nl")
    file = tmp_path / "mijn-test.toml"
    file.write_text(TEMPLATE, encoding="utf-8")
    app = make_app(tmp_path, tmp_path / "saves", initial_screen=lambda: PreviewScreen(file))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PreviewScreen))
        screen = app.screen
        assert isinstance(screen, PreviewScreen)
        await wait_for(pilot, lambda: screen.session is not None)
        await pilot.press("1")
        await pilot.press("1")
        assert screen.session is not None and screen.session.ended
        # The first choice now ends the play at once: the second one no longer fits.
        version = screen.version
        rerouted = TEMPLATE.replace('next = "uitzoeken"', 'next = "blij"', 1)
        assert rerouted != TEMPLATE
        file.write_text(rerouted, encoding="utf-8")
        await wait_for(pilot, lambda: screen.version > version)
        play = str(screen.query_one(PreviewPlay).content)
        assert "1 van de 2 keuzes" in play
        await pilot.press("r")
        assert "van de 2 keuzes" not in str(screen.query_one(PreviewPlay).content)


async def test_author_screen_opens_the_first_file_with_enter(tmp_path: Path) -> None:
    set_language("nl")
    (tmp_path / "eerste.toml").write_text(render_template("eerste"), encoding="utf-8")
    app = make_app(tmp_path, tmp_path / "saves", initial_screen=AuthorScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, AuthorScreen))
        assert app.screen.query_one(OptionList).has_focus
        await pilot.press("enter")  # no arrow key first
        await wait_for(pilot, lambda: isinstance(app.screen, PreviewScreen))


# -- the guide -----------------------------------------------------------------------------

GUIDE = Path(__file__).parent.parent / "docs" / "auteurs.md"


def _toml_blocks() -> list[str]:
    text = GUIDE.read_text(encoding="utf-8")
    return [block.split("```", 1)[0] for block in text.split("```toml\n")[1:]]


def test_every_toml_example_in_the_guide_is_valid_toml() -> None:
    import tomllib

    blocks = _toml_blocks()
    assert len(blocks) >= 5
    for block in blocks:
        tomllib.loads(block)  # raises on a broken example


def test_the_complete_example_in_the_guide_loads_without_errors() -> None:
    complete = [b for b in _toml_blocks() if "[scenario]" in b and "[endings." in b]
    assert complete
    for block in complete:
        entry = load_scenario_text(block.encode("utf-8"), "doorbakken-entrecote.toml")
        assert entry.scenario is not None
        assert [p.message for p in entry.problems if p.is_error] == []


def test_the_guide_explains_every_key_with_an_example() -> None:
    from klantkoning.engine.format import model

    text = GUIDE.read_text(encoding="utf-8")
    for cls in (model.ScenarioMeta, model.Customer, model.Beat, model.Choice, model.Ending,
                model.GoldenPlay, model.ValueDef, model.Scenario):  # fmt: skip
        for key in cls.model_fields:
            assert f"`{key}`" in text or f"[{key}]" in text or f"`[{key}." in text, key
            examples = (f"{key} = ", f"[{key}", f".{key}]]")
            assert any(example in text for example in examples), key
