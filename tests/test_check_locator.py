"""The locator: dotted paths -> lines, for every way TOML can write a key."""

from __future__ import annotations

from pathlib import Path

import pytest

from klantkoning.engine.format.locator import Locator, format_path, split_path

SOURCE = '''format = 1

[scenario]
id = "x"   # a comment with [brackets]
"quoted key".deeper = 1
text = """
[beats.not_a_header]
next = "nope" \\"""
"""
literal = \'\'\'
[[beats.also_not]]
\'\'\'

[beats.bestelling]
text = "hi"
  [[beats.bestelling.choices]]
  text = "a"
  score = { maatwerk = 2, "x y" = { z = 1 } }
  [[beats.bestelling.choices]]
  text = "b"
  sets = [
    "a",
    ["[x]"],
  ]

[beats."stap 2"]
choices = [
  { text = "c", next = "d" },
  { text = "e",
    next = "f" },
]

[[golden]]
path = [1]
[[golden]]
name.first = "x"
'''


@pytest.fixture(scope="module")
def locator() -> Locator:
    return Locator(SOURCE)


@pytest.mark.parametrize(
    ("path", "line"),
    [
        ("format", 1),
        ("scenario", 3),
        ("scenario.id", 4),
        ('scenario."quoted key".deeper', 5),
        ("scenario.text", 6),
        ("scenario.literal", 10),
        ("beats.bestelling", 14),
        ("beats.bestelling.choices[1]", 16),
        ("beats.bestelling.choices[1].score", 18),
        ("beats.bestelling.choices[1].score.maatwerk", 18),
        ('beats.bestelling.choices[1].score."x y".z', 18),
        ("beats.bestelling.choices[2]", 19),
        ("beats.bestelling.choices[2].text", 20),
        ("beats.bestelling.choices[2].sets[2]", 23),
        ('beats."stap 2"', 26),
        ('beats."stap 2".choices[2]', 29),
        ('beats."stap 2".choices[2].next', 30),
        ("golden[1].path", 34),
        ("golden[2].name.first", 36),
    ],
)
def test_lines(locator: Locator, path: str, line: int) -> None:
    assert locator.line(path) == line


def test_multi_line_strings_hide_what_looks_like_tables(locator: Locator) -> None:
    assert "beats.not_a_header" not in locator.lines
    assert "beats.also_not" not in locator.lines
    assert "scenario.next" not in locator.lines
    assert locator.line("beats.not_a_header") == 14  # falls back to [beats.bestelling]


def test_missing_keys_fall_back_to_the_enclosing_table(locator: Locator) -> None:
    assert locator.line("beats.bestelling.choices[2].next") == 19
    assert locator.line("beats.bestelling.choices[2].score.maatwerk") == 19
    assert locator.line("endings") is None


def test_paths_round_trip() -> None:
    parts = ["beats", "stap 2", "choices", 2, "next"]
    assert format_path(parts) == 'beats."stap 2".choices[2].next'
    assert split_path(format_path(parts)) == parts


def test_crlf_and_tabs() -> None:
    loc = Locator('format = 1\r\n\r\n[scenario]\r\n\tid = "x"\r\n')
    assert loc.line("scenario.id") == 4


def _exact(source: str) -> dict[str, int]:
    """The character scanner alone (the line scanner's fallback)."""
    loc = Locator("")
    loc._text = source
    loc._starts = [0] + [n + 1 for n, c in enumerate(source) if c == "\n"]
    loc._index = {}
    loc._scan()
    return loc.lines


SCENARIO_FILES = sorted((Path(__file__).parent / "fixtures" / "check").glob("*.toml")) + sorted(
    (Path(__file__).parent.parent / "scenarios").glob("*.toml")
)


@pytest.mark.parametrize("file", SCENARIO_FILES, ids=lambda f: f.name)
def test_line_scanner_agrees_with_the_character_scanner(file: Path) -> None:
    source = file.read_text(encoding="utf-8")
    assert Locator(source).lines == _exact(source)


def test_both_scanners_agree_on_the_tricky_source() -> None:
    assert Locator(SOURCE).lines == _exact(SOURCE)
