"""``values.toml``: an organisation's own values are its folder's score dimensions."""

from __future__ import annotations

from pathlib import Path

import pytest

from klantkoning.engine.library.folders import load_library
from klantkoning.engine.library.loader import load_values_text

FIXTURES = Path(__file__).parent / "fixtures" / "check"
SCENARIO = (FIXTURES / "doorbakken-entrecote.toml").read_text(encoding="utf-8")

VALUES = """format = 1

[[value]]
id = "vertrouwen"
name = "Vertrouwen"
description = "De klant kan op ons rekenen."

[[value]]
id = "lef"
name = "Lef"
"""


def test_values_define_the_dimensions() -> None:
    dims, problems = load_values_text(VALUES, "values.toml")
    assert problems == []
    assert [d.id for d in dims.in_group("waarde")] == ["vertrouwen", "lef"]
    assert dims.get("lef") is not None and dims.get("lef").label() == "Lef"  # type: ignore[union-attr]
    assert "welkom" in dims and "verleuken" in dims
    assert "keuzevrijheid" not in dims


@pytest.mark.parametrize(
    ("text", "code", "path", "line"),
    [
        (VALUES.replace('id = "lef"', 'id = "Lef!"'), "bad_slug", "value[2].id", 9),
        (VALUES.replace('id = "lef"', 'id = "../lef"'), "bad_slug", "value[2].id", 9),
        (VALUES.replace('id = "lef"', 'id = "vertrouwen"'), "value_duplicate", "value[2].id", 9),
        (VALUES.replace('id = "lef"', 'id = "maatwerk"'), "value_clash", "value[2].id", 9),
        (VALUES.replace('id = "lef"', 'id = "verleuken"'), "value_clash", "value[2].id", 9),
        (VALUES.replace('name = "Lef"', 'naam = "Lef"'), "unknown_key", "value[2].naam", 10),
        (VALUES.replace("format = 1", "format = 2"), "format_version", "format", 1),
        (VALUES.replace("[[value]]", "[[values]]"), "unknown_key", "values", 3),
        ("format = 1\n", "missing", "value", None),
    ],
)
def test_values_file_problems(text: str, code: str, path: str, line: int | None) -> None:
    _, problems = load_values_text(text, "values.toml")
    found = [p for p in problems if p.code == code]
    assert found, [(p.code, p.path) for p in problems]
    assert (found[0].path, found[0].line, found[0].file) == (path, line, "values.toml")
    assert found[0].is_error


def test_did_you_mean_for_a_misspelt_values_key() -> None:
    _, problems = load_values_text(VALUES.replace("[[value]]", "[[values]]"), "values.toml")
    assert problems[0].message.endswith("Bedoel je 'value'?")


def test_a_folders_values_apply_to_its_scenarios(tmp_path: Path) -> None:
    (tmp_path / "values.toml").write_text(VALUES, encoding="utf-8")
    (tmp_path / "doorbakken-entrecote.toml").write_text(
        SCENARIO.replace("ontzorgen = 1, vertrouwen = 1", "ontzorgen = 1, lef = 1"),
        encoding="utf-8",
    )
    library = load_library(tmp_path)
    problems = {p.code: p for p in library.all_problems()}
    # vertrouwen is still a value here, lef is one too; keuzevrijheid is not
    assert "unknown_dimension" not in problems
    assert library.dimensions.get("lef") is not None
    assert library.entries[0].dimensions.get("lef") is not None


def test_scores_on_values_of_another_organisation_are_errors(tmp_path: Path) -> None:
    (tmp_path / "values.toml").write_text(VALUES, encoding="utf-8")
    (tmp_path / "doorbakken-entrecote.toml").write_text(
        SCENARIO.replace("ontzorgen = 1, vertrouwen = 1", "ontzorgen = 1, keuzevrijheid = 1"),
        encoding="utf-8",
    )
    problems = [p for p in load_library(tmp_path).all_problems() if p.code == "unknown_dimension"]
    assert len(problems) == 1
    # A standard value this folder replaced: said so, with the values there are instead
    # (never "did you mean" a look-alike of another kind, like verleuken).
    assert problems[0].message == (
        "'keuzevrijheid' is geen bekende scoredimensie. Het is een waarde uit de "
        "standaardset, maar de values.toml van deze map vervangt die waarden; kies er een "
        "uit die values.toml: vertrouwen, lef."
    )


def test_nearest_values_file_wins(tmp_path: Path) -> None:
    sub = tmp_path / "team"
    sub.mkdir()
    (tmp_path / "values.toml").write_text(VALUES, encoding="utf-8")
    (sub / "values.toml").write_text(VALUES.replace('id = "lef"', 'id = "moed"'), encoding="utf-8")
    (sub / "doorbakken-entrecote.toml").write_text(SCENARIO, encoding="utf-8")
    entry = load_library(tmp_path).entries[0]
    assert entry.dimensions.get("moed") is not None
    assert entry.dimensions.get("lef") is None


def test_broken_values_file_is_reported_once_and_its_clear_ids_still_count(tmp_path: Path) -> None:
    (tmp_path / "values.toml").write_text(
        VALUES.replace('name = "Lef"', 'name = "Lef"\nkleur = "rood"'), encoding="utf-8"
    )
    (tmp_path / "doorbakken-entrecote.toml").write_text(
        SCENARIO.replace("ontzorgen = 1, vertrouwen = 1", "ontzorgen = 1, lef = 1"),
        encoding="utf-8",
    )
    problems = load_library(tmp_path).all_problems()
    assert [p.code for p in problems] == ["unknown_key"]
    assert problems[0].file == str(tmp_path / "values.toml")
