"""The saves catalogue: complete in both languages, and every notice the code gives exists."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import klantkoning

PACKAGE = Path(klantkoning.__file__).parent
ENGINE_FILES = [
    "saves/store.py",
    "saves/data.py",
    "saves/savefile.py",
    "saves/progress.py",
    "saves/achievements.py",
]


def _keys(table: dict[str, Any], prefix: str = "") -> set[str]:
    out: set[str] = set()
    for key, value in table.items():
        full = f"{prefix}.{key}" if prefix else key
        out |= _keys(value, full) if isinstance(value, dict) else {full}
    return out


def _catalogue(lang: str) -> set[str]:
    # saves.toml, plus the saves.* keys other files add (hostile.toml: symlinked saves).
    out: set[str] = set()
    for name in ("saves.toml", "hostile.toml"):
        with (PACKAGE / "locale" / lang / name).open("rb") as fh:
            out |= _keys(tomllib.load(fh))
    return out


def test_dutch_and_english_have_the_same_keys() -> None:
    assert _catalogue("nl") == _catalogue("en")


def test_every_notice_and_error_code_is_in_the_catalogue() -> None:
    source = "".join((PACKAGE / "engine" / name).read_text() for name in ENGINE_FILES)
    codes = set(re.findall(r'(?:notify|SaveError)\(\s*"([a-z_]+)"', source))
    assert {"not_writable", "corrupt_moved", "newer_format", "name_empty"} <= codes
    assert {f"saves.{code}" for code in codes} <= _catalogue("nl")
