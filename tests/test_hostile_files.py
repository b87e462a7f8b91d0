"""Issue 9, hostile files: nothing written outside its folder, every reader a located problem.

One regression test per attack: workshop ids that are paths, numbers of 5,000 digits and
nesting 1,000 deep in every reader, FIFOs, symlinked locks and saves, a save cut off at an
``[[attempts]]`` boundary.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
import tomli_w
from click.testing import CliRunner

from klantkoning.cli import cli
from klantkoning.engine.authoring.playtest import load_golden_file
from klantkoning.engine.format.source import Unreadable, parse_source, read_file
from klantkoning.engine.library.folders import load_library
from klantkoning.engine.library.loader import load_scenario_text, load_values_text
from klantkoning.engine.play.session import Session, play_path
from klantkoning.engine.saves import savefile
from klantkoning.engine.saves.store import SaveStore, record_play
from klantkoning.engine.workshop import (
    WorkshopError,
    latest_unfinished,
    list_workshops,
    load_workshop,
    save_workshop,
)
from klantkoning.engine.workshop.store import dumps, workshops_dir
from tests.workshop_support import LIBRARY_DIR, fixture_library, new_workshop

BIG_NUMBER = "9" * 5000
DEEP = "[" * 1000 + "]" * 1000
SCENARIO = Path(__file__).parent / "fixtures" / "workshop" / "library" / "mini-balie.toml"


def run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args], obj={})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result.exit_code, result.output


# -- 1. workshop ids are never paths -----------------------------------------------------


def _workshop_file(folder: Path, ident: str) -> Path:
    ws = new_workshop(fixture_library())
    text = dumps(ws).replace(f'id = "{ws.ident}"', f"id = {tomli_w.dumps({'x': ident})[4:]}")
    path = folder / "evil.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("ident", ["../../outside/x", "/tmp/klantkoning-evil/x", "a\x1b[2Jb", ""])
def test_a_workshop_id_that_is_a_path_is_refused_everywhere(tmp_path: Path, ident: str) -> None:
    saves = tmp_path / "saves"
    path = _workshop_file(workshops_dir(saves), ident)
    with pytest.raises(WorkshopError) as info:
        load_workshop(path, fixture_library())
    assert info.value.code == "workshop.error.bad_id"
    assert list_workshops(saves) == [] and latest_unfinished(saves) is None
    # Exit code 2: unreadable input (the rule of every command).
    code, output = run("workshop", "--resume", "--saves", saves, "--scenarios", LIBRARY_DIR)
    assert code == 2 and "workshop" in output.lower()
    code, output = run("workshop", "--resume", path, "--saves", saves, "--scenarios", LIBRARY_DIR)
    assert code == 2 and "id" in output
    code, output = run("report", path, "--scenarios", LIBRARY_DIR)
    assert code == 2
    assert not (tmp_path / "outside").exists() and not Path("/tmp/klantkoning-evil").exists()
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["evil.toml", "saves", "workshops"]


def test_a_workshop_is_saved_where_it_was_loaded_or_under_a_name_of_our_own(
    tmp_path: Path,
) -> None:
    saves = tmp_path / "saves"
    ws = new_workshop(fixture_library())
    inside = save_workshop(ws, saves)
    renamed = inside.with_name("vrijdag.toml")
    inside.rename(renamed)
    loaded, _ = load_workshop(renamed, fixture_library())
    assert save_workshop(loaded, saves) == renamed  # back where it came from
    assert sorted(p.name for p in workshops_dir(saves).glob("*.toml")) == ["vrijdag.toml"]
    # A copy from elsewhere is saved inside the folder, never over the original or outside.
    elsewhere = tmp_path / "usb" / "kopie.toml"
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(renamed.read_bytes())
    before = elsewhere.read_bytes()
    copy, _ = load_workshop(elsewhere, fixture_library())
    target = save_workshop(copy, saves)
    assert target.parent == workshops_dir(saves) and target.name == f"{copy.ident}.toml"
    assert elsewhere.read_bytes() == before and not (elsewhere.parent / ".kopie.toml.lock").exists()
    again = load_workshop(elsewhere, fixture_library())[0]
    assert save_workshop(again, saves).name == f"{copy.ident}-2.toml"  # the first copy is kept


def test_a_symlinked_workshop_file_is_not_picked_up(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    outside = save_workshop(new_workshop(fixture_library()), tmp_path / "elders")
    folder = workshops_dir(saves)
    folder.mkdir(parents=True)
    (folder / "link.toml").symlink_to(outside)
    assert list_workshops(saves) == []


# -- 2. numbers of 5,000 digits and nesting 1,000 deep, in every reader ------------------


HOSTILE = {
    "number": f"format = 1\nx = {BIG_NUMBER}\n",
    "nested": f"format = 1\nx = {DEEP}\n",
    "dotted_header": "format = 1\n[" + ".".join(["a"] * 30_000) + "]\nx = 1\n",
    "dotted_key": "format = 1\n" + ".".join(["a"] * 30_000) + " = 1\n",
}
CODES = {"number_too_long", "too_deep"}


@pytest.mark.parametrize("kind", HOSTILE)
def test_scenario_values_and_golden_readers_locate_the_problem(tmp_path: Path, kind: str) -> None:
    text = HOSTILE[kind]
    entry = load_scenario_text(text, "x.toml")
    assert [p.code for p in entry.problems] in (["number_too_long"], ["too_deep"])
    assert entry.problems[0].location().startswith("x.toml:2")
    _dims, problems = load_values_text(text, "values.toml")
    assert {p.code for p in problems} <= CODES and problems
    golden = tmp_path / "x.golden.toml"
    golden.write_text(text, encoding="utf-8")
    plays, details = load_golden_file(golden)
    assert plays == () and len(details) == 1 and details[0].startswith("regel 2  ")


def test_a_library_with_one_hostile_file_is_checked_and_tested_whole(tmp_path: Path) -> None:
    library = tmp_path / "bieb"
    library.mkdir()
    (library / "mini-balie.toml").write_bytes(SCENARIO.read_bytes())
    (library / "getal.toml").write_text(HOSTILE["number"], encoding="utf-8")
    (library / "diep.toml").write_text(HOSTILE["nested"], encoding="utf-8")
    code, output = run("check", library)
    assert code == 1
    assert "getal.toml:2:5" in output and "[number_too_long]" in output
    assert "diep.toml" in output and "[too_deep]" in output
    code, output = run("test", "--samples", "2", "--scenarios", library)
    assert code == 1 and "mini-balie" in output


@pytest.mark.parametrize("kind", HOSTILE)
def test_a_hostile_save_is_moved_aside_and_never_overwritten(tmp_path: Path, kind: str) -> None:
    text = HOSTILE[kind].replace("format = 1", 'format = 2\nname = "Anna"')
    (tmp_path / "anna.toml").write_text(text, encoding="utf-8")
    store = SaveStore(tmp_path)
    assert store.list_profiles() == []
    assert [n.code for n in store.notices] == ["corrupt_moved"]
    [moved] = tmp_path.glob("anna.corrupt-*.toml")
    assert moved.read_text(encoding="utf-8") == text
    with pytest.raises(savefile.Unreadable):
        savefile.parse_save(text, "anna")


def test_play_with_a_hostile_save_reports_it_and_saves_the_play(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    saves.mkdir()
    (saves / "anna.toml").write_text(f'format = 2\nname = "Anna"\nx = {BIG_NUMBER}\n')
    code, output = run("play", SCENARIO, "--path", "1,1", "--player", "Anna", "--saves", saves)
    assert code == 0, output
    assert "beschadigd" in output and "ValueError" not in output
    assert SaveStore(saves).find("Anna") is not None
    assert len(list(saves.glob("anna.corrupt-*.toml"))) == 1


@pytest.mark.parametrize("kind", HOSTILE)
def test_a_hostile_workshop_file_is_a_clear_error(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "ws.toml"
    path.write_text(HOSTILE[kind], encoding="utf-8")
    with pytest.raises(WorkshopError) as info:
        load_workshop(path, fixture_library())
    assert info.value.code == "workshop.error.unreadable"
    code, output = run("report", path, "--scenarios", LIBRARY_DIR)
    assert code == 2 and "ws.toml" in output
    code, output = run("workshop", "--resume", path, "--scenarios", LIBRARY_DIR)
    assert code == 2 and "ws.toml" in output


def test_parse_source_refuses_a_long_dotted_header_before_parsing() -> None:
    with pytest.raises(Unreadable) as info:
        parse_source("[" + ".".join(["a"] * 140_000) + "]\n", "big.toml")
    assert (info.value.problem.code, info.value.problem.line) == ("too_deep", 1)
    ok = parse_source("[" + ".".join(["a"] * 60) + "]\nx = 1\n", "ok.toml")
    assert ok.raw["a"]["a"]  # 60 levels are still plain TOML


# -- 6. FIFOs, symlinks, truncated saves ----------------------------------------------------


def test_a_fifo_in_a_library_is_skipped_with_a_note(tmp_path: Path) -> None:
    (tmp_path / "mini-balie.toml").write_bytes(SCENARIO.read_bytes())
    os.mkfifo(tmp_path / "pijp.toml")
    library = load_library(tmp_path)
    assert [e.id for e in library.entries] == ["mini-balie"]
    assert [(Path(p.file).name, p.code) for p in library.problems] == [("pijp.toml", "not_regular")]
    with pytest.raises(Unreadable) as info:
        read_file(tmp_path / "pijp.toml")  # named directly: no wait for a writer either
    assert info.value.problem.code == "not_regular"


def _finished_session() -> tuple[object, Session]:
    entry = load_library(LIBRARY_DIR).get("mini-balie")
    assert entry is not None and entry.scenario is not None
    return entry, play_path(entry.scenario, [1, 1], entry.dimensions)


def test_a_symlinked_lock_is_never_followed(tmp_path: Path) -> None:
    saves, outside = tmp_path / "saves", tmp_path / "outside" / "made.txt"
    saves.mkdir()
    outside.parent.mkdir()
    (saves / ".anna.toml.lock").symlink_to(outside)
    entry, session = _finished_session()
    saved, _ = record_play(saves, "Anna", entry, session)  # type: ignore[arg-type]
    assert saved and not outside.exists()
    assert not (saves / ".anna.toml.lock").is_symlink()


def test_a_symlinked_save_is_left_alone_and_said_so(tmp_path: Path) -> None:
    saves, outside = tmp_path / "saves", tmp_path / "elders.toml"
    saves.mkdir()
    outside.write_text(
        'format = 2\nname = "Anna"\ncreated = 2026-01-01T00:00:00Z\n'
        "attempt_count = 0\nattempts = []\n"
    )
    before = outside.read_bytes()
    (saves / "anna.toml").symlink_to(outside)
    entry, session = _finished_session()
    saved, notices = record_play(saves, "Anna", entry, session)  # type: ignore[arg-type]
    assert "symlinked" in [n.code for n in notices]
    assert (saves / "anna.toml").is_symlink() and outside.read_bytes() == before
    assert saved and (saves / "anna-2.toml").is_file()  # the play went to a file of its own


def test_a_save_cut_at_an_attempts_boundary_is_detected(tmp_path: Path) -> None:
    entry, session = _finished_session()
    for _ in range(2):
        record_play(tmp_path, "Bram", entry, session, started=datetime.now(UTC))  # type: ignore[arg-type]
    text = (tmp_path / "bram.toml").read_text(encoding="utf-8")
    assert text.count("[[attempts]]") == 2 and "attempt_count = 2" in text
    cut = text[: text.rindex("[[attempts]]")]
    (tmp_path / "bram.toml").write_text(cut, encoding="utf-8")
    store = SaveStore(tmp_path)
    assert store.find("Bram") is None
    [notice] = store.notices
    assert notice.code == "corrupt_moved" and "2" in notice.message and "1" in notice.message
    assert [p.read_text() for p in tmp_path.glob("bram.corrupt-*.toml")] == [cut]


def test_a_format_1_save_without_a_count_is_still_read() -> None:
    old = 'format = 1\nname = "Oud"\ncreated = 2025-01-01T00:00:00Z\nattempts = []\n'
    assert savefile.parse_save(old, "oud").name == "Oud"


def test_play_player_says_so_and_fails_when_nothing_was_saved(tmp_path: Path) -> None:
    blocked = tmp_path / "een-bestand"
    blocked.write_text("geen map")
    code, output = run("play", SCENARIO, "--path", "1,1", "--player", "Anna", "--saves", blocked)
    assert code == 1 and "Niet opgeslagen" in output
    code, output = run("play", SCENARIO, "--path", "1,1", "--player", "x" * 41, "--saves", tmp_path)
    assert code == 1 and "41" in output
    code, output = run("play", SCENARIO, "--path", "1,1", "--player", "Anna", "--saves", tmp_path)
    assert code == 0 and "Niet opgeslagen" not in output


def test_play_of_an_unknown_id_loads_the_library_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from klantkoning.engine.library import folders

    calls: list[Path] = []
    real = folders.load_library

    def counting(paths):  # type: ignore[no-untyped-def]
        calls.append(paths)
        return real(paths)

    monkeypatch.setattr(folders, "load_library", counting)
    code, output = run("play", "mini-balei", "--path", "1", "--scenarios", LIBRARY_DIR)
    assert code == 2 and "mini-balie" in output  # the nearest id is still named
    assert len(calls) == 1
