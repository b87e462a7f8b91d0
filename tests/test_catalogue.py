"""The one catalogue of user-facing text: every language complete, every key used exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from klantkoning.i18n import available_languages, catalogue, set_language, t

PACKAGE = Path(__file__).resolve().parent.parent / "klantkoning"
LITERAL_KEY = re.compile(r"""\bt\(\s*["']([a-z0-9_.\-]+)["']""")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_dutch_and_english_are_shipped() -> None:
    assert {"nl", "en"} <= set(available_languages())


@pytest.mark.parametrize("lang", ["en"])
def test_every_language_has_exactly_the_dutch_keys(lang: str) -> None:
    dutch, other = catalogue("nl"), catalogue(lang)
    assert sorted(set(dutch) - set(other)) == []
    assert sorted(set(other) - set(dutch)) == []


@pytest.mark.parametrize("lang", ["en"])
def test_translations_fill_in_the_same_fields(lang: str) -> None:
    dutch, other = catalogue("nl"), catalogue(lang)
    wrong = {k: (_fields(v), _fields(other[k])) for k, v in dutch.items() if k in other}
    assert {k: v for k, v in wrong.items() if v[0] != v[1]} == {}


def test_every_literal_key_in_the_code_exists() -> None:
    dutch = catalogue("nl")
    missing = sorted(
        f"{path.relative_to(PACKAGE)}: {key}"
        for path in PACKAGE.rglob("*.py")
        for key in LITERAL_KEY.findall(path.read_text(encoding="utf-8"))
        if key not in dutch
    )
    assert missing == []


def test_language_switch_changes_the_text_and_falls_back_to_dutch() -> None:
    try:
        assert set_language("en") == "en"
        assert t("outcome.enthousiast") == "Enthusiastic customer"
        assert set_language("xx") == "nl"
        assert t("outcome.enthousiast") == "Enthousiaste klant"
        assert t("no.such.key") == "no.such.key"
    finally:
        set_language("nl")
