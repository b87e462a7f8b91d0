"""An installed program run from an empty folder: data in the user's folder, one library,
``list``/``where``/``guide``, consistent exit codes, files of the wrong kind named."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from klantkoning import paths
from klantkoning.cli import cli
from klantkoning.engine.library.folders import load_library

BUILTIN_IDS = sorted(
    p.stem for p in paths.builtin_scenarios_dir().glob("*.toml") if ".golden" not in p.name
)


@pytest.fixture(autouse=True)
def _empty_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for var in (paths.SCENARIOS_ENV, paths.SAVES_ENV):
        monkeypatch.delenv(var, raising=False)
    work = tmp_path / "empty"
    work.mkdir()
    monkeypatch.chdir(work)


def data_home() -> Path:
    return Path(os.environ["XDG_DATA_HOME"]) / "klantkoning"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), obj={})


def test_list_shows_the_builtin_library() -> None:
    result = run("list")
    assert result.exit_code == 0, result.output
    for scenario_id in BUILTIN_IDS:
        assert scenario_id in result.output
    entrecote = load_library(paths.builtin_scenarios_dir()).get("doorbakken-entrecote")
    assert entrecote is not None and entrecote.scenario is not None
    meta = entrecote.scenario.scenario
    assert meta.title in result.output and f"{meta.minutes} min" in result.output


def test_list_json_has_id_title_sector_minutes() -> None:
    result = run("list", "--json")
    rows = json.loads(result.output)
    by_id = {row["id"]: row for row in rows}
    assert sorted(by_id) == BUILTIN_IDS
    hotel = by_id["veeleisende-hotelgast"]
    entry = load_library(paths.builtin_scenarios_dir()).get("veeleisende-hotelgast")
    assert entry is not None and entry.scenario is not None
    meta = entry.scenario.scenario
    assert (hotel["title"], hotel["sector"], hotel["minutes"]) == (
        meta.title,
        meta.sector,
        meta.minutes,
    )


def test_a_play_lands_in_the_users_data_folder_and_list_shows_the_best() -> None:
    result = run("play", "doorbakken-entrecote", "--path", "1,1,1,1", "--player", "Anna")
    assert result.exit_code == 0, result.output
    assert (data_home() / "saves" / "anna.toml").is_file()
    assert not Path("saves").exists()  # nothing in the folder the game was started from
    listed = json.loads(run("list", "--json", "--player", "Anna").output)
    best = {row["id"]: row["best"] for row in listed}
    assert best["doorbakken-entrecote"] is not None
    assert best["doorbakken-entrecote"]["outcome"] in {"ontevreden", "tevreden", "enthousiast"}
    assert best["veeleisende-hotelgast"] is None
    text = run("list", "--player", "Anna").output
    assert "beste:" in text and "nog niet gespeeld" in text


def test_list_for_an_unknown_player_names_the_nearest() -> None:
    run("play", "doorbakken-entrecote", "--path", "1,1,1,1", "--player", "Annabel")
    result = run("list", "--player", "Anabel")
    assert result.exit_code == 2
    assert "Annabel" in result.output


def test_a_player_is_found_in_other_capitals_and_an_unknown_one_is_told_who_exists() -> None:
    run("play", "doorbakken-entrecote", "--path", "1,1,1,1", "--player", "Piet")
    run("play", "doorbakken-entrecote", "--path", "1,1,1,1", "--player", "piet")
    assert sorted(p.name for p in (data_home() / "saves").glob("*.toml")) == ["piet.toml"]
    assert run("list", "--player", "PIET").exit_code == 0
    result = run("list", "--player", "Zoë")  # nothing alike: the players there are named
    assert result.exit_code == 2
    assert "De spelers hier: Piet." in result.output


def test_new_adds_to_the_library_without_hiding_anything() -> None:
    result = run("new", "mijn-scenario")
    assert result.exit_code == 0, result.output
    written = data_home() / "scenarios" / "mijn-scenario.toml"
    assert written.is_file()
    assert not Path("scenarios").exists()
    ids = [row["id"] for row in json.loads(run("list", "--json").output)]
    assert sorted(ids) == sorted([*BUILTIN_IDS, "mijn-scenario"])
    played = run("play", "doorbakken-entrecote", "--path", "1,1,1,1")
    assert played.exit_code == 0, played.output
    assert run("check", "mijn-scenario").exit_code == 0


def test_new_refuses_an_id_the_library_has() -> None:
    result = run("new", "doorbakken-entrecote")
    assert result.exit_code == 2
    assert "bestaat al" in result.output and "doorbakken-entrecote.toml" in result.output


def test_an_id_clash_is_reported_with_both_files(tmp_path: Path) -> None:
    own = tmp_path / "eigen"
    own.mkdir()
    builtin = paths.builtin_scenarios_dir() / "doorbakken-entrecote.toml"
    (own / "kopie.toml").write_text(builtin.read_text("utf-8"), encoding="utf-8")
    result = run("check", "--scenarios", str(own))
    assert result.exit_code == 1
    clash = [line for line in result.output.splitlines() if "duplicate_id" in line]
    assert clash, result.output
    assert str(own / "kopie.toml") in result.output and str(builtin) in result.output
    # The error is on the copy (the file the author can change), never on the built-in,
    # and the built-in is what plays: a copy never hides it.
    assert all(line.startswith(f"{own / 'kopie.toml'}:") for line in clash), clash
    listed = run("list", "--scenarios", str(own)).output.splitlines()
    lines = [line for line in listed if line.startswith("doorbakken-entrecote ")]
    assert len(lines) == 2, listed
    assert any("De doorbakken entrecote" in line for line in lines)  # the built-in plays
    assert any(str(own / "kopie.toml") in line for line in lines)  # the copy cannot


def test_where_prints_the_folders_in_use(tmp_path: Path) -> None:
    result = run("where")
    assert result.exit_code == 0
    assert str(data_home() / "saves") in result.output
    assert str(paths.builtin_scenarios_dir()) in result.output
    named = run("where", "--saves", str(tmp_path / "s"))
    assert str(tmp_path / "s") in named.output


def test_a_checkout_uses_its_own_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    checkout = tmp_path / "checkout"
    (checkout / "saves").mkdir(parents=True)
    (checkout / "scenarios").mkdir()
    (checkout / "pyproject.toml").write_text('[project]\nname = "klantkoning"\n', "utf-8")
    found = paths.places(cwd=checkout)
    assert found.saves == checkout / "saves" and found.saves_source == "checkout"
    assert found.user_scenarios == checkout / "scenarios"
    assert paths.builtin_scenarios_dir() in found.library
    # Someone else's project with a saves/ folder is not ours: the user's folder.
    (checkout / "pyproject.toml").write_text('[project]\nname = "iets-anders"\n', "utf-8")
    assert paths.places(cwd=checkout).saves == data_home() / "saves"


@pytest.mark.parametrize("command", ["graph", "stats", "test", "preview", "check"])
def test_every_not_found_names_the_nearest_ids(command: str) -> None:
    result = run(command, "doorbakken-entrecot")
    assert result.exit_code == 2, result.output
    assert "doorbakken-entrecote" in result.output
    assert "Traceback" not in result.output


def test_workshop_with_an_unknown_id_names_the_nearest() -> None:
    result = run("workshop", "veeleisende-hotel")
    assert result.exit_code == 2
    assert "veeleisende-hotelgast" in result.output


def test_play_of_an_unknown_id_loads_the_library_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from klantkoning.engine.library import folders

    calls = []
    real = folders.load_library

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(folders, "load_library", counting)
    result = run("play", "ongewenst", "--path", "1")
    assert result.exit_code == 2
    assert "ongewenst-telefoontje" in result.output
    assert len(calls) == 1


def test_wrong_kind_of_file_is_named(tmp_path: Path) -> None:
    run("play", "doorbakken-entrecote", "--path", "1,1,1,1", "--player", "Anna")
    save = data_home() / "saves" / "anna.toml"
    report = run("report", str(save))
    assert report.exit_code == 2
    assert "dit is een spelersbestand, geen workshop" in report.output
    play = run("play", str(save), "--path", "1")
    assert play.exit_code == 2
    assert "dit is een spelersbestand, geen scenario" in play.output


def test_a_workshop_with_wrong_types_is_said_in_plain_words(tmp_path: Path) -> None:
    file = tmp_path / "w.toml"
    file.write_text('format = 1\nkind = "workshop"\nagenda = 5\n', encoding="utf-8")
    result = run("report", str(file))
    assert result.exit_code == 2
    assert "not iterable" not in result.output and "invalid literal" not in result.output
    assert "Traceback" not in result.output


def test_guide_prints_the_author_guide() -> None:
    result = run("guide", "--print")
    assert result.exit_code == 0
    assert result.output.startswith("# Handleiding voor auteurs")
    assert paths.guide_file().is_file()


def test_check_names_a_player_save_in_a_library_for_what_it_is(tmp_path: Path) -> None:
    run("play", "doorbakken-entrecote", "--path", "1,1,1,1", "--player", "Anna")
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "anna.toml").write_bytes((data_home() / "saves" / "anna.toml").read_bytes())
    result = run("check", str(folder))
    assert result.exit_code == 1
    assert "Dit is een spelersbestand, geen scenario. [wrong_kind]" in result.output
