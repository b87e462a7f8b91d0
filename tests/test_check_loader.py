"""The loader: every kind of problem in a scenario file, with its file, path and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from klantkoning.engine.format.problems import Problem
from klantkoning.engine.library.folders import load_library
from klantkoning.engine.library.index import ScenarioEntry
from klantkoning.engine.library.loader import load_scenario_file, load_scenario_text

FIXTURES = Path(__file__).parent / "fixtures" / "check"
VALID = (FIXTURES / "doorbakken-entrecote.toml").read_text(encoding="utf-8")
NAME = "doorbakken-entrecote.toml"


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the ``occurrence``-th line containing ``needle``."""
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    return hits[occurrence - 1]


def load(text: str, name: str = NAME) -> ScenarioEntry:
    return load_scenario_text(text.encode("utf-8"), name)


def only(entry: ScenarioEntry, code: str) -> Problem:
    found = [p for p in entry.problems if p.code == code]
    assert len(found) == 1, [(p.code, p.path) for p in entry.problems]
    return found[0]


def edit(old: str, new: str, occurrence: int = 1) -> str:
    parts = VALID.split(old)
    assert len(parts) > occurrence, old
    return old.join(parts[:occurrence]) + new + old.join(parts[occurrence:])


def test_the_fixture_is_clean() -> None:
    entry = load(VALID)
    assert entry.ok
    assert entry.problems == []
    assert entry.id == "doorbakken-entrecote"


# -- the file itself --------------------------------------------------------------------


def test_broken_toml_reports_the_parsers_line_and_column() -> None:
    text = edit("mood = 1\n", 'mood = 1\nlevel == "gedrag"\n')
    entry = load(text)
    problem = only(entry, "syntax")
    assert entry.scenario is None
    assert problem.file == NAME
    assert problem.line == line_of(text, 'level == "gedrag"')
    assert problem.column is not None
    assert problem.location() == f"{NAME}:{problem.line}:{problem.column}"
    assert "TOML" in problem.message


def test_broken_toml_at_end_of_document_still_has_a_line() -> None:
    problem = only(load('format = 1\ntitle = "open'), "syntax")
    assert problem.line == 2


def test_duplicate_table_is_a_syntax_error_in_dutch() -> None:
    text = VALID + '\n[endings.tevreden]\ntitle = "x"\ntext = "y"\n'
    problem = only(load(text), "syntax")
    assert problem.line == line_of(text, "[endings.tevreden]", 2)
    assert "twee keer" in problem.message


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"  \n\n\t\n", "empty"),
        (b"# only a comment\n", "empty"),
        (b"format = 1\n\x00\x01\x02", "binary"),
        ("format = 1\ntitle = 'caf\u00e9'\n".encode("latin-1"), "not_utf8"),
        (b"x" * (1024 * 1024 + 1), "too_big"),
    ],
)
def test_unreadable_files_get_one_clear_error(data: bytes, code: str) -> None:
    entry = load_scenario_text(data, "kapot.toml")
    assert [p.code for p in entry.problems] == [code]
    assert entry.problems[0].file == "kapot.toml"
    assert entry.problems[0].is_error
    assert entry.problems[0].message and "{" not in entry.problems[0].message.replace("{ …", "")


def test_not_utf8_names_the_line_of_the_bad_byte() -> None:
    data = "format = 1\n\n[scenario]\ntitle = 'caf\u00e9'\n".encode("latin-1")
    problem = only(load_scenario_text(data, "x.toml"), "not_utf8")
    assert (problem.line, problem.column) == (4, 13)
    assert "0xe9" in problem.message


def test_a_byte_order_mark_is_accepted() -> None:
    assert load_scenario_text(b"\xef\xbb\xbf" + VALID.encode("utf-8"), NAME).ok


def test_big_files_are_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "groot.toml"
    big.write_bytes(b"# " + b"x" * (1024 * 1024 + 10))
    entry = load_scenario_file(big)
    assert [p.code for p in entry.problems] == ["too_big"]
    assert "MiB" in entry.problems[0].message


def test_a_folder_or_missing_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    assert load_scenario_file(tmp_path / "weg.toml").problems[0].code == "not_found"
    folder = tmp_path / "map.toml"
    folder.mkdir()
    assert load_scenario_file(folder).problems[0].code == "is_folder"


def test_other_format_numbers_are_one_clear_error() -> None:
    text = edit("format = 1", "format = 2")
    entry = load(text)
    problem = only(entry, "format_version")
    assert len(entry.problems) == 1
    assert problem.message == (
        "Dit bestand is format 2, maar deze versie van klantkoning leest format 1. "
        "Zet bovenaan het bestand: format = 1 (is het bestand voor een nieuwere klantkoning "
        "geschreven, werk dan eerst klantkoning bij)."
    )
    assert problem.line == line_of(text, "format = 2")


# -- structure --------------------------------------------------------------------------


def test_missing_required_key_points_at_its_table() -> None:
    text = edit('next = "keuken"\n', "")
    problem = only(load(text), "missing")
    assert problem.path == "beats.bestelling.choices[1].next"
    assert problem.line == line_of(text, "[[beats.bestelling.choices]]", 1)
    assert problem.message == "Verplichte sleutel 'next' ontbreekt."


def test_missing_table() -> None:
    text = VALID.replace("[customer]", "[klant]")
    entry = load(text)
    assert only(entry, "missing").path == "customer"
    unknown = only(entry, "unknown_key")
    assert unknown.path == "klant"
    assert unknown.line == line_of(text, "[klant]")


def test_wrong_type() -> None:
    text = edit("mood = 1\n", 'mood = "blij"\n')
    problem = only(load(text), "wrong_type")
    assert problem.path == "beats.bestelling.choices[1].mood"
    assert problem.line == line_of(text, 'mood = "blij"')
    assert (
        problem.message
        == "'mood' moet een geheel getal zijn, maar is tekst tussen aanhalingstekens."
    )


@pytest.mark.parametrize(
    ("old", "new", "path", "message"),
    [
        (
            "difficulty = 2",
            "difficulty = 9",
            "scenario.difficulty",
            "'difficulty' moet tussen 1 en 5 liggen (beide meegeteld), niet 9.",
        ),
        (
            "mood = -2",
            "mood = -7",
            "beats.bestelling.choices[2].mood",
            "'mood' moet tussen -5 en 5 liggen (beide meegeteld), niet -7.",
        ),
        (
            "maatwerk = 2,",
            "maatwerk = 4,",
            "beats.bestelling.choices[1].score.maatwerk",
            "'maatwerk' moet tussen -3 en 3 liggen (beide meegeteld), niet 4.",
        ),
        (
            "minutes = 10",
            "minutes = 0",
            "scenario.minutes",
            "'minutes' moet tussen 1 en 120 liggen (beide meegeteld), niet 0.",
        ),
    ],
)
def test_numbers_out_of_range_name_the_range(old: str, new: str, path: str, message: str) -> None:
    text = edit(old, new)
    problem = only(load(text), "out_of_range")
    assert problem.path == path
    assert problem.line == line_of(text, new)
    assert problem.message == message


def test_unknown_key_with_did_you_mean() -> None:
    text = edit('feedback = "Je volgt', 'feedbak = "Je volgt')
    entry = load(text)
    problem = only(entry, "unknown_key")
    assert problem.path == "beats.bestelling.choices[1].feedbak"
    assert problem.line == line_of(text, "feedbak =")
    assert problem.message == "Onbekende sleutel 'feedbak'. Bedoel je 'feedback'?"
    # the misspelt key is the problem; no extra "feedback is missing" warning
    assert not [p for p in entry.problems if p.code == "missing_feedback"]


def test_unknown_key_without_a_close_match_lists_the_allowed_keys() -> None:
    problem = only(load(edit("[customer]\n", "[customer]\nschoenmaat = 44\n")), "unknown_key")
    assert "Toegestaan hier:" in problem.message
    assert "relation" in problem.message


def test_misspelt_choices_table_is_one_problem() -> None:
    text = VALID.replace("[[beats.keuken.choices]]", "[[beats.keuken.choice]]")
    entry = load(text)
    problem = only(entry, "unknown_key")
    assert problem.message.endswith("Bedoel je 'choices'?")
    assert problem.line == line_of(text, "[[beats.keuken.choice]]")
    assert not [p for p in entry.problems if p.code == "missing"]


def test_bad_values_for_a_fixed_list() -> None:
    text = edit('level = "gedrag"', 'level = "gedraag"')
    problem = only(load(text), "not_allowed")
    assert problem.path == "beats.bestelling.choices[1].level"
    assert "omgeving, gedrag" in problem.message
    assert problem.message.endswith("Bedoel je 'gedrag'?")


@pytest.mark.parametrize("bad", ["../x", "Doorbakken", "ab", "a_b_c", "x--y", "-abc"])
def test_bad_slug_is_never_accepted(bad: str) -> None:
    text = edit('id = "doorbakken-entrecote"', f'id = "{bad}"')
    entry = load(text, "x.toml")
    problem = only(entry, "bad_slug")
    assert entry.scenario is None
    assert problem.path == "scenario.id"
    assert problem.line == line_of(text, "id = ")


def test_empty_text_and_empty_choices() -> None:
    text = edit('title = "Een verhaal om te vertellen"', 'title = ""')
    assert only(load(text), "empty_text").path == "endings.tevreden.title"
    text = VALID.replace("[endings.tevreden]", "[endings]\n[endings.weg]").split("[endings.weg]")[0]
    text = text + "\n[[golden]]\npath = []\n"
    entry = load(text)
    codes = {p.path: p.code for p in entry.problems}
    assert codes["endings"] == "too_few"
    assert codes["golden[1].path"] == "too_few"


# -- references -------------------------------------------------------------------------


def test_next_naming_nothing_with_did_you_mean() -> None:
    text = edit('next = "gepikeerd"', 'next = "gepikerd"')
    problem = only(load(text), "bad_next")
    assert problem.path == "beats.bestelling.choices[2].next"
    assert problem.line == line_of(text, 'next = "gepikerd"')
    assert problem.message == (
        "next = 'gepikerd', maar er is geen beat of einde met die id. Bedoel je 'gepikeerd'?"
    )


def test_start_naming_nothing_with_did_you_mean() -> None:
    text = edit('start = "bestelling"', 'start = "Bestelling"')
    problem = only(load(text), "bad_start")
    assert problem.path == "scenario.start"
    assert problem.line == line_of(text, "start =")
    assert problem.message.endswith("Bedoel je 'bestelling'?")


def test_unknown_dimension_with_did_you_mean() -> None:
    text = edit("maatwerk = 1, verleuken = 1", "maatwrk = 1, verleuken = 1")
    problem = only(load(text), "unknown_dimension")
    assert problem.path == "beats.keuken.choices[1].score.maatwrk"
    assert problem.line == line_of(text, "maatwrk = 1")
    assert problem.message == "'maatwrk' is geen bekende scoredimensie. Bedoel je 'maatwerk'?"


def test_structure_and_reference_problems_are_reported_together() -> None:
    text = edit("difficulty = 2", "difficulty = 9")
    text = text.replace('next = "gepikeerd"', 'next = "gepikerd"')
    codes = {p.code for p in load(text).problems}
    assert {"out_of_range", "bad_next"} <= codes


def test_beat_and_ending_share_one_namespace() -> None:
    text = VALID + '\n[endings.keuken]\ntitle = "x"\ntext = "y"\n'
    problem = only(load(text), "node_clash")
    assert problem.path == "endings.keuken"
    assert problem.line == line_of(text, "[endings.keuken]")


def test_missing_feedback_is_a_warning() -> None:
    text = edit('  feedback = "Herstel: je erkent je fout en maakt het goed."\n', "")
    entry = load(text)
    problem = only(entry, "missing_feedback")
    assert problem.severity == "warning"
    assert problem.path == "beats.gepikeerd.choices[1]"
    assert problem.line == line_of(text, "[[beats.gepikeerd.choices]]")
    assert entry.ok  # warnings do not stop play


def test_flag_that_nothing_sets_is_a_warning_with_did_you_mean() -> None:
    text = edit('requires = ["belerend"]', 'requires = ["belerent"]')
    problem = only(load(text), "flag_never_set_requires")
    assert problem.severity == "warning"
    assert problem.path == "beats.gepikeerd.choices[1].requires[1]"
    assert problem.line == line_of(text, "requires =")
    assert problem.message.endswith("Bedoel je 'belerend'?")


def test_file_name_not_matching_the_id_is_a_warning() -> None:
    entry = load(VALID, "entrecote.toml")
    problem = only(entry, "file_name_mismatch")
    assert problem.severity == "warning"
    assert problem.line == line_of(VALID, 'id = "doorbakken-entrecote"')
    assert entry.ok


def test_duplicate_scenario_ids_across_files(tmp_path: Path) -> None:
    (tmp_path / "doorbakken-entrecote.toml").write_text(VALID, encoding="utf-8")
    sub = tmp_path / "kopie"
    sub.mkdir()
    (sub / "andere.toml").write_text(VALID, encoding="utf-8")
    library = load_library(tmp_path)
    problems = [p for p in library.all_problems() if p.code == "duplicate_id"]
    assert len(problems) == 1
    assert problems[0].file == str(sub / "andere.toml")
    assert problems[0].line == line_of(VALID, 'id = "doorbakken-entrecote"')
    assert str(tmp_path / "doorbakken-entrecote.toml") in problems[0].message
    assert library.get("doorbakken-entrecote") is not None


# -- golden plays ------------------------------------------------------------------------


def test_golden_play_that_no_longer_holds() -> None:
    text = edit("min_score = { herstel = 2 }", "min_score = { herstel = 3 }")
    problem = only(load(text), "golden_low_score")
    assert problem.path == "golden[1].min_score.herstel"
    assert problem.line == line_of(text, "min_score")
    text = edit("path = [2, 1]", "path = [1, 1]")
    entry = load(text)
    assert {p.code for p in entry.problems} == {"golden_low_score"}
    text = edit("path = [2, 1]", "path = [2, 2]")
    problem = only(load(text), "golden_no_such_choice")
    assert problem.path == "golden[1].path"
    assert "stap 2" in problem.message


def test_golden_ending_must_exist() -> None:
    problem = only(load(edit('ending = "tevreden"', 'ending = "tevrede"')), "golden_unknown_ending")
    assert problem.message.endswith("Bedoel je 'tevreden'?")


# -- structure (from the analysis module) ------------------------------------------------


def test_unreachable_beat_is_an_error_and_unreachable_ending_a_warning() -> None:
    text = VALID + (
        '\n[beats.vergeten]\ntext = "Niemand komt hier."\n'
        '[[beats.vergeten.choices]]\ntext = "x"\nnext = "weg"\nfeedback = "f"\n'
        '\n[endings.weg]\ntitle = "Weg"\ntext = "Weg."\n'
    )
    entry = load(text)
    beat = only(entry, "unreachable_beat")
    assert beat.severity == "error"
    assert beat.path == "beats.vergeten"
    assert beat.line == line_of(text, "[beats.vergeten]")
    ending = only(entry, "unreachable_ending")
    assert ending.severity == "warning"
    assert ending.line == line_of(text, "[endings.weg]")


def test_cycle_without_a_way_out_is_an_error() -> None:
    text = VALID.replace(
        'next = "tevreden"\n  score = { maatwerk = 1', 'next = "kring"\n  score = { maatwerk = 1'
    )
    text += (
        '\n[beats.kring]\ntext = "Rondje."\n[[beats.kring.choices]]\n'
        'text = "x"\nnext = "keuken"\nfeedback = "f"\n'
    )
    entry = load(text)
    assert any(p.code == "stuck_cycle" and p.is_error for p in entry.problems), entry.problems


def test_dead_end_is_reported_on_its_beat() -> None:
    text = edit('sets = ["belerend"]', 'sets = ["anders"]')
    text = text.replace('next = "keuken"', 'next = "gepikeerd"')
    entry = load(text)
    dead = [p for p in entry.problems if p.code == "dead_end"]
    assert dead and dead[0].path == "beats.gepikeerd"
    assert dead[0].line == line_of(text, "[beats.gepikeerd]")
