"""``klantkoning check``: all problems of all files, exit codes, JSON, languages, robustness."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klantkoning.cli import cli
from klantkoning.engine.format.problems import Problem
from klantkoning.engine.library.checker import check_paths
from klantkoning.engine.library.loader import load_scenario_text
from klantkoning.i18n import set_language

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures" / "check"
VALID = (FIXTURES / "doorbakken-entrecote.toml").read_text(encoding="utf-8")
CORPUS = HERE.parent.parent / "shared" / "corpus" / "toml-test-invalid"
BUILTIN = HERE.parent / "scenarios"

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")  # a catalogue field left unfilled


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for var in ("KLANTKONING_LANG", "KLANTKONING_SCENARIOS", "KLANTKONING_SAVES"):
        monkeypatch.delenv(var, raising=False)
    set_language("nl")
    yield
    set_language("nl")


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """A folder with a clean file, two broken ones (one in a sub-folder) and a warning."""
    write(tmp_path, "doorbakken-entrecote.toml", VALID)
    write(tmp_path, "kapot.toml", "format = 1\n[scenario\n")
    write(
        tmp_path,
        "sub/typo.toml",
        VALID.replace('id = "doorbakken-entrecote"', 'id = "typo"').replace(
            'feedback = "Je volgt', 'feedbak = "Je volgt'
        ),
    )
    write(
        tmp_path,
        "waarschuwing.toml",
        VALID.replace('id = "doorbakken-entrecote"', 'id = "waarschuwing"').replace(
            '  feedback = "Herstel: je erkent je fout en maakt het goed."\n', ""
        ),
    )
    return tmp_path


def test_clean_folder_exits_0(tmp_path: Path) -> None:
    write(tmp_path, "doorbakken-entrecote.toml", VALID)
    result = run("check", tmp_path, "--strict")
    assert result.exit_code == 0, result.output
    assert "Alles in orde: 1 scenario('s) gecontroleerd" in result.output


def test_lists_all_problems_of_all_files_then_exits_1(mixed: Path) -> None:
    result = run("check", mixed)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(
        line.startswith(f"{mixed / 'kapot.toml'}:2:") and "[syntax]" in line for line in lines
    ), lines
    typo = mixed / "sub" / "typo.toml"
    feedbak_line = (
        VALID.splitlines().index(
            next(x for x in VALID.splitlines() if x.startswith('feedback = "Je volgt'))
        )
        + 1
    )
    assert (
        f"{typo}:{feedbak_line}: fout: beats.bestelling.choices[1].feedbak: "
        "Onbekende sleutel 'feedbak'. Bedoel je 'feedback'? [unknown_key]"
    ) in lines
    assert any("waarschuwing.toml" in line and "[missing_feedback]" in line for line in lines)
    # The unknown key stops typo.toml's map checks, and check says so instead of passing them.
    assert any(
        line.startswith(f"{typo}: waarschuwing: Nog niet gecontroleerd:")
        and "[checks_postponed]" in line
        for line in lines
    ), lines
    assert lines[-1] == "Gecontroleerd: 4 scenario('s). Fouten: 2. Waarschuwingen: 2."


def test_warnings_alone_pass_unless_strict(tmp_path: Path) -> None:
    write(
        tmp_path,
        "doorbakken-entrecote.toml",
        VALID.replace('  feedback = "Herstel: je erkent je fout en maakt het goed."\n', ""),
    )
    assert run("check", tmp_path).exit_code == 0
    assert run("check", tmp_path, "--strict").exit_code == 1


def test_json_output(mixed: Path) -> None:
    result = run("check", mixed, "--json")
    assert result.exit_code == 1
    problems = json.loads(result.output)
    assert {tuple(sorted(p)) for p in problems} == {
        ("code", "column", "file", "line", "message", "path", "severity")
    }
    syntax = next(p for p in problems if p["code"] == "syntax")
    assert syntax["file"] == str(mixed / "kapot.toml")
    assert (syntax["line"], syntax["column"]) == (2, 10)
    unknown = next(p for p in problems if p["code"] == "unknown_key")
    assert unknown["path"] == "beats.bestelling.choices[1].feedbak"
    assert unknown["severity"] == "error"
    assert unknown["message"].endswith("Bedoel je 'feedback'?")


def test_json_output_of_a_clean_library_is_an_empty_list(tmp_path: Path) -> None:
    write(tmp_path, "doorbakken-entrecote.toml", VALID)
    result = run("check", tmp_path, "--json")
    assert (result.exit_code, json.loads(result.output)) == (0, [])


def test_english(mixed: Path) -> None:
    result = run("check", mixed, "--lang", "en")
    assert (
        "error: beats.bestelling.choices[1].feedbak: Unknown key 'feedbak'. "
        "Did you mean 'feedback'?" in result.output
    )
    assert "warning: Not checked yet: whether every moment and ending" in result.output
    assert result.output.splitlines()[-1] == "Checked: 4 scenario(s). Errors: 2. Warnings: 2."


def test_files_and_folders_mixed(mixed: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    other = tmp_path_factory.mktemp("other")
    single = write(
        other, "doorbakken-entrecote.toml", VALID.replace("difficulty = 2", "difficulty = 6")
    )
    result = run("check", single, mixed / "sub", other / "weg.toml")
    # Everything is listed in one run; a path that is not there makes it wrong input (2).
    assert result.exit_code == 2
    assert f"{single}:" in result.output
    assert "typo.toml" in result.output
    assert (
        f"{other / 'weg.toml'}: fout: Dit bestand of deze map bestaat niet. [not_found]"
        in result.output
    )
    assert "kapot.toml" not in result.output
    assert run("check", single, mixed / "sub").exit_code == 1


def test_without_paths_checks_the_active_library(
    mixed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "kapot.toml" in run("check", "--scenarios", mixed).output
    monkeypatch.setenv("KLANTKONING_SCENARIOS", str(mixed))
    result = run("check")
    assert result.exit_code == 1
    assert "kapot.toml" in result.output


def test_empty_folder_is_a_warning(tmp_path: Path) -> None:
    result = run("check", tmp_path)
    assert result.exit_code == 0
    assert "[no_scenarios]" in result.output
    assert run("check", tmp_path, "--strict").exit_code == 1


def test_duplicate_ids_are_reported_by_check(tmp_path: Path) -> None:
    write(tmp_path, "doorbakken-entrecote.toml", VALID)
    write(tmp_path, "zz/doorbakken-entrecote.toml", VALID)
    result = run("check", tmp_path)
    assert result.exit_code == 1
    assert "[duplicate_id]" in result.output


def test_parallel_check_finds_the_same_as_one_process(tmp_path: Path) -> None:
    for n in range(70):
        text = VALID.replace('id = "doorbakken-entrecote"', f'id = "scenario-{n:03d}"')
        if n % 7 == 0:
            text = text.replace('next = "keuken"', 'next = "keukn"')
        if n == 33:
            text = "format = [\n"
        write(tmp_path, f"scenario-{n:03d}.toml", text)
    write(
        tmp_path,
        "zz-dubbel.toml",
        VALID.replace('id = "doorbakken-entrecote"', 'id = "scenario-001"'),
    )
    one = check_paths([tmp_path], jobs=1)
    two = check_paths([tmp_path], jobs=2)
    assert one.scenarios == two.scenarios == 71
    key = lambda p: (p.file, p.line or 0, p.code)  # noqa: E731
    assert sorted(one.problems, key=key) == sorted(two.problems, key=key)
    assert {p.code for p in one.problems} == {
        "bad_next",
        "checks_postponed",
        "syntax",
        "duplicate_id",
        "file_name_mismatch",
    }


def test_real_entry_point(tmp_path: Path) -> None:
    write(tmp_path, "kapot.toml", VALID.replace('next = "gepikeerd"', 'next = "gepikerd"'))
    exe = Path(sys.executable).with_name("klantkoning")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "klantkoning"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("KLANTKONING_")}
    proc = subprocess.run(
        [*cmd, "check", str(tmp_path / "kapot.toml")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 1
    assert "Bedoel je 'gepikeerd'?" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_check_imports_no_ui(tmp_path: Path) -> None:
    write(tmp_path, "doorbakken-entrecote.toml", VALID)
    code = (
        "import sys\n"
        "from klantkoning.cli import main\n"
        f"sys.argv = ['klantkoning', 'check', {str(tmp_path)!r}]\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert exc.code == 0, exc.code\n"
        "heavy = {m.split('.')[0] for m in sys.modules} & {'rich', 'textual', 'difflib'}\n"
        "print(sorted(heavy))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "[]"


# -- robustness -----------------------------------------------------------------------------


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"toml-test corpus not found at {CORPUS}")
def test_every_invalid_toml_file_gets_a_clean_error_naming_it() -> None:
    files = sorted(CORPUS.rglob("*.toml"))
    assert len(files) > 400
    report = check_paths(files)
    by_file: dict[str, list[Problem]] = {}
    for problem in report.problems:
        by_file.setdefault(problem.file, []).append(problem)
    for file in files:
        problems = by_file.get(str(file))
        assert problems, f"no problem reported for {file}"
        assert any(p.is_error for p in problems), file
        for problem in problems:
            assert problem.message and not PLACEHOLDER.search(problem.message), (file, problem)
            if problem.code == "syntax":
                assert problem.line is not None and problem.column is not None, file


def _assert_clean_result(data: bytes | str, name: str = "fuzz.toml") -> None:
    entry = load_scenario_text(data, name)
    if entry.scenario is None:
        assert any(p.is_error for p in entry.problems)
    for problem in entry.problems:
        assert isinstance(problem, Problem)
        assert problem.file == name
        assert problem.severity in ("error", "warning")
        assert isinstance(problem.message, str) and problem.message
        assert not PLACEHOLDER.search(problem.message), problem
        assert problem.line is None or problem.line >= 1


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_arbitrary_bytes_give_problems_never_exceptions(data: bytes) -> None:
    _assert_clean_result(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_arbitrary_text_gives_problems_never_exceptions(text: str) -> None:
    _assert_clean_result(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.integers(0, len(VALID)),
            st.integers(0, 12),
            st.sampled_from(
                ['"', "'", "[", "]", "=", "\n", "x", "#", "{", "}", ",", "1", "-", ".", '"""', ""]
            ),
        ),
        max_size=4,
    )
)
def test_damaged_scenarios_give_located_problems(edits: list[tuple[int, int, str]]) -> None:
    text = VALID
    for at, cut, insert in edits:
        at = min(at, len(text))
        text = text[:at] + insert + text[at + cut :]
    _assert_clean_result(text.encode("utf-8"), "doorbakken-entrecote.toml")


# -- the built-in library --------------------------------------------------------------------


@pytest.mark.skipif(not list(BUILTIN.glob("*.toml")), reason="no built-in scenarios yet")
def test_builtin_library_passes_strict_check() -> None:
    result = run("check", BUILTIN, "--strict")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("area", ["check", "cli"])
def test_dutch_and_english_catalogues_have_the_same_keys(area: str) -> None:
    import tomllib

    def keys(lang: str) -> set[str]:
        def walk(prefix: str, table: dict[str, object]) -> set[str]:
            out: set[str] = set()
            for key, value in table.items():
                full = f"{prefix}.{key}" if prefix else key
                out |= walk(full, value) if isinstance(value, dict) else {full}
            return out

        path = HERE.parent / "klantkoning" / "locale" / lang / f"{area}.toml"
        return walk("", tomllib.loads(path.read_text(encoding="utf-8")))

    assert keys("nl") == keys("en")


LOADER_CODES = [
    "too_big",
    "binary",
    "not_utf8",
    "empty",
    "syntax",
    "too_deep",
    "is_folder",
    "not_found",
    "unreadable",
    "format_version",
    "missing_format",
    "utf16",
    "invisible_character",
    "no_scenarios",
    "analysis_failed",
    "missing",
    "unknown_key",
    "wrong_type",
    "out_of_range",
    "too_low",
    "too_high",
    "bad_slug",
    "bad_flag",
    "bad_language",
    "bad_pattern",
    "empty_text",
    "text_too_short",
    "text_too_long",
    "too_few",
    "too_many",
    "not_allowed",
    "invalid",
    "node_clash",
    "bad_start",
    "start_is_ending",
    "bad_next",
    "unknown_dimension",
    "missing_feedback",
    "flag_never_set_requires",
    "flag_never_set_unless",
    "file_name_mismatch",
    "checks_postponed",
    "duplicate_id",
    "value_clash",
    "value_duplicate",
    "golden_unknown_ending",
    "golden_no_such_choice",
    "golden_hidden_choice",
    "golden_already_ended",
    "golden_not_ended",
    "golden_wrong_ending",
    "golden_wrong_outcome",
    "golden_low_score",
    "outcome_contradicts_mood",
    "mood_saturates",
    "longest_is_best",
]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_loader_code_has_a_message(lang: str) -> None:
    from klantkoning.i18n import has

    assert [code for code in LOADER_CODES if not has(f"check.{code}", lang)] == []
