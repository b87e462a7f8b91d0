"""The READMEs stay true: the table of built-in scenarios is the library's, both languages
have one, the quick start is two commands, the pictures and the licence are there."""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
READMES = {"nl": ROOT / "README.md", "en": ROOT / "README.en.md"}


def _table_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "scenario_table", ROOT / "docs" / "scenario_table.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("lang", sorted(READMES))
def test_the_scenario_table_is_the_librarys(lang: str) -> None:
    text = READMES[lang].read_text("utf-8")
    module = _table_module()
    assert module.updated(text, lang) == text, (
        "the table of scenarios is out of date: run .venv/bin/python docs/scenario_table.py --write"
    )
    assert "`veeleisende-hotelgast`" in text


@pytest.mark.parametrize("lang", sorted(READMES))
def test_quick_start_is_two_commands(lang: str) -> None:
    text = READMES[lang].read_text("utf-8")
    heading = "## Snel starten" if lang == "nl" else "## Quick start"
    section = text.split(heading, 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None
    lines = [line for line in block.group(1).splitlines() if line.strip()]
    assert lines == [
        "python3 -m venv .venv && .venv/bin/pip install -q -e . && .venv/bin/klantkoning",
        "python3 -m venv .venv && .venv/bin/pip install -q -e '.[dev]' && .venv/bin/pytest",
    ]


@pytest.mark.parametrize("lang", sorted(READMES))
def test_pictures_quitting_data_and_licence_are_described(lang: str) -> None:
    text = READMES[lang].read_text("utf-8")
    for picture in re.findall(r"\]\((docs/img/[^)]+\.svg)\)", text):
        svg = (ROOT / picture).read_text("utf-8")
        assert svg.startswith("<svg") and "Klantkoning" in svg  # made by the app itself
    assert "docs/img/" in text
    assert "Ctrl+Q" in text and "klantkoning where" in text and "XDG_DATA_HOME" in text
    assert "(LICENSE)" in text


def test_licence_matches_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["license"]["text"] == "MIT"
    assert (ROOT / "LICENSE").read_text("utf-8").startswith("MIT License")


def test_the_guide_travels_in_the_wheel() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    include = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert include["docs/auteurs.md"] == "klantkoning/_docs/auteurs.md"
    assert include["scenarios"] == "klantkoning/_scenarios"
