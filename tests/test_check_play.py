"""``klantkoning play SCENARIO --path ...``: headless play, JSON, transcript, clear errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from klantkoning.cli import cli
from klantkoning.engine.library.folders import plan_library
from klantkoning.engine.library.loader import load_scenario_file
from klantkoning.engine.play.session import Session
from klantkoning.i18n import set_language

HERE = Path(__file__).parent
FIXTURE = HERE / "fixtures" / "check" / "doorbakken-entrecote.toml"
VALID = FIXTURE.read_text(encoding="utf-8")
BUILTIN = HERE.parent / "scenarios"
BUILTIN_FILES = [file for file, _ in plan_library(BUILTIN).files] if BUILTIN.is_dir() else []


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    for var in ("KLANTKONING_LANG", "KLANTKONING_SCENARIOS"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("KLANTKONING_SAVES", str(tmp_path / "saves"))
    set_language("nl")
    yield
    set_language("nl")


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def assert_clean_failure(result: Result, *fragments: str, code: int = 2) -> None:
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in result.output, result.output


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "doorbakken-entrecote.toml").write_text(VALID, encoding="utf-8")
    # By id, a built-in keeps its id: the test copy played by id has an id of its own.
    own = VALID.replace('id = "doorbakken-entrecote"', 'id = "entrecote-proef"')
    (folder / "entrecote-proef.toml").write_text(own, encoding="utf-8")
    return folder


def test_json_by_file(library: Path) -> None:
    result = run("play", library / "doorbakken-entrecote.toml", "--path", "2,1", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["scenario"] == "doorbakken-entrecote"
    assert data["path"] == ["bestelling", "gepikeerd", "tevreden"]
    assert data["ending"] == "tevreden"
    assert data["outcome"] == "enthousiast"
    assert data["mood"] == 1
    assert data["score"]["herstel"] == 2 and data["score"]["maatwerk"] == -2
    assert data["flags"] == ["belerend"]
    assert data["recovered"] is True
    # The mistake at the start is judged against the straight answer, though the repair
    # after it earns herstel; the repair itself was the best thing left to do.
    assert data["steps"] == [
        {"beat": "bestelling", "choice": 2, "best": False, "better": 1},
        {"beat": "gepikeerd", "choice": 1, "best": True, "better": None},
    ]


def test_json_steps_number_visible_choices_and_mark_the_best(library: Path) -> None:
    result = run("play", library / "doorbakken-entrecote.toml", "--path", "1,1", "--json")
    data = json.loads(result.output)
    assert [(s["beat"], s["choice"], s["best"], s["better"]) for s in data["steps"]] == [
        ("bestelling", 1, True, None),
        ("keuken", 1, True, None),
    ]
    assert data["choices"] == [1, 1]  # the existing keys stay


def test_json_by_id_from_the_library(library: Path) -> None:
    result = run("play", "entrecote-proef", "--scenarios", library, "--path", "1,1", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["path"] == ["bestelling", "keuken", "tevreden"]
    assert data["score"]["maatwerk"] == 3


def test_numbers_count_only_visible_choices(tmp_path: Path) -> None:
    feedback = '  feedback = "Herstel: je erkent je fout en maakt het goed."\n'
    text = VALID.replace(
        feedback,
        feedback + '  [[beats.gepikeerd.choices]]\n  text = "Zwijg."\n  next = "tevreden"\n'
        '  feedback = "f"\n  unless = ["belerend"]\n'
        '  [[beats.gepikeerd.choices]]\n  text = "Lach."\n  next = "tevreden"\n'
        '  feedback = "f"\n  mood = -5\n',
    )
    file = tmp_path / "doorbakken-entrecote.toml"
    file.write_text(text, encoding="utf-8")
    # at 'gepikeerd' the hidden 'Zwijg.' does not count: 2 is 'Lach.' (file index 3)
    data = json.loads(run("play", file, "--path", "2,2", "--json").output)
    assert data["mood"] == -5


def test_transcript(library: Path) -> None:
    result = run("play", "entrecote-proef", "--scenarios", library, "--path", "2,1")
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("De doorbakken entrecote\n")
    assert "Vrijdagavond, volle zaak." in out
    assert 'Jouw keuze (2 van 2): "Doorbakken? Dan proeft u er niks meer van, hoor."' in out
    assert "Feedback: Je zet je eigen smaak boven die van de gast" in out
    assert "Stemming: 0 → -2 (-2)" in out
    assert (
        '  beter was: 1 ("Goede keuze! Ik zeg de keuken dat hij er iets langer over doet.")' in out
    )
    assert out.count("✓ beste keuze") == 1  # the repair at 'gepikeerd'
    assert "Punten: Welkom -1, Maatwerk -2, Vertrouwen -1" in out
    assert "── Einde: Een verhaal om te vertellen ──" in out
    assert (
        "Uitkomst: Enthousiaste klant. Enthousiast: deze klant heeft een verhaal om te vertellen."
        in out
    )
    assert "Principes: Welkom -1, Basis op orde 0, Maatwerk -2" in out
    assert "Verleuken: Verleuken 0" in out
    assert "Waarden: Vertrouwen -1" in out


def test_transcript_in_english(library: Path) -> None:
    result = run("play", library / "doorbakken-entrecote.toml", "--path", "1,1", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Your choice (1 of 2):" in result.output
    assert "Mood: 0 → 1 (+1)" in result.output
    assert result.output.count("✓ best choice") == 2


def test_transcript_shows_no_terminal_escapes(tmp_path: Path) -> None:
    file = tmp_path / "doorbakken-entrecote.toml"
    file.write_text(
        VALID.replace("Meneer Bakker kijkt je koel aan.", "Meneer [bold]Bakker\\u001b[31m kijkt"),
        encoding="utf-8",
    )
    result = run("play", file, "--path", "2,1")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output
    assert "Meneer [bold]Bakker[31m kijkt" in result.output


@pytest.mark.parametrize(
    ("path", "fragments"),
    [
        ("3", ["Fout: stap 1: bij beat 'bestelling' is er geen keuze 3; daar zijn 2 keuzes"]),
        ("0", ["stap 1", "geen keuze 0"]),
        ("1,2", ["stap 2: bij beat 'keuken' is er geen keuze 2"]),
        ("1", ["het pad stopt bij beat 'keuken', nog voor een einde"]),
        ("", ["het pad stopt bij beat 'bestelling'"]),
        ("1,1,1", ["stap 3: het spel is al afgelopen bij einde 'tevreden'"]),
        ("1,x", ["--path '1,x' is geen reeks keuzenummers"]),
        ("1.5", ["--path '1.5' is geen reeks keuzenummers"]),
    ],
)
def test_bad_paths_are_clear_errors(library: Path, path: str, fragments: list[str]) -> None:
    result = run("play", library / "doorbakken-entrecote.toml", "--path", path, "--json")
    assert_clean_failure(result, *fragments)


def test_unknown_scenario_with_did_you_mean(library: Path) -> None:
    result = run("play", "doorbakken-entrecot", "--scenarios", library, "--path", "1")
    assert_clean_failure(
        result, "er is geen scenario 'doorbakken-entrecot'", "Bedoel je 'doorbakken-entrecote'?"
    )


def test_missing_file(tmp_path: Path) -> None:
    assert_clean_failure(run("play", tmp_path / "weg.toml", "--path", "1"), "bestaat niet")


def test_broken_scenario_prints_its_located_problems(tmp_path: Path) -> None:
    file = tmp_path / "doorbakken-entrecote.toml"
    file.write_text(VALID.replace('next = "gepikeerd"', 'next = "gepikerd"'), encoding="utf-8")
    result = run("play", file, "--path", "1,1")
    line = VALID.splitlines().index('next = "gepikeerd"') + 1
    assert_clean_failure(
        result,
        f"{file}:{line}: fout: beats.bestelling.choices[2].next",
        "heeft fouten (hierboven) en kan niet gespeeld worden",
        code=1,  # a scenario with errors: problems found, as in check and test
    )


def test_json_needs_path(library: Path) -> None:
    assert_clean_failure(run("play", "doorbakken-entrecote", "--json"), "--json")


def test_without_path_starts_the_game(library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from klantkoning.cli import app_commands

    calls: list[tuple[str, str | None]] = []
    monkeypatch.setattr(
        app_commands,
        "run_play",
        lambda ctx, ref, player: calls.append((ref, player)),
        raising=False,
    )
    result = run("play", "doorbakken-entrecote", "--player", "[bold]Ann")
    assert result.exit_code == 0, result.output
    assert calls == [("doorbakken-entrecote", "[bold]Ann")]


def test_player_records_the_finished_play(library: Path, tmp_path: Path) -> None:
    saves = pytest.importorskip("klantkoning.engine.saves.store")
    result = run(
        "play",
        library / "doorbakken-entrecote.toml",
        "--path",
        "2,1",
        "--json",
        "--player",
        "[bold]Ann[/]",
        "--saves",
        tmp_path / "mijn-saves",
    )
    assert result.exit_code == 0, result.output
    store = saves.SaveStore(tmp_path / "mijn-saves")
    profile = store.find("[bold]Ann[/]")
    assert profile is not None
    assert [a.ending for a in profile.attempts] == ["tevreden"]
    assert profile.attempts[0].choices == [2, 1]


# -- the built-in scenarios -------------------------------------------------------------------


def _first_choices_path(file: Path) -> list[int]:
    """Play the first visible choice until an ending (a loop would show as a failure)."""
    entry = load_scenario_file(file)
    assert entry.scenario is not None, entry.problems
    session = Session(entry.scenario, entry.dimensions)
    numbers: list[int] = []
    while not session.ended and len(numbers) < 200:
        session.choose(1)
        numbers.append(1)
    assert session.ended, f"first choices never reach an ending in {file.name}"
    return numbers


@pytest.mark.skipif(not BUILTIN_FILES, reason="no built-in scenarios yet")
@pytest.mark.parametrize("file", BUILTIN_FILES, ids=lambda f: f.stem)
def test_builtin_scenarios_play_headless(file: Path) -> None:
    numbers = _first_choices_path(file)
    path = ",".join(map(str, numbers))
    result = run("play", file.stem, "--scenarios", BUILTIN, "--path", path, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["scenario"] == file.stem
    assert len(data["path"]) == len(numbers) + 1
    assert data["ending"] == data["path"][-1]
    transcript = run("play", file, "--path", path)
    assert transcript.exit_code == 0, transcript.output
    assert "Scores:" in transcript.output
