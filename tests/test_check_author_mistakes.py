"""The mistakes a first-time author makes: each one named plainly, on the right line.

One mistake at a time in the valid fixture scenario; every test asserts the file, the
path, the line (and the column where the parser gives one) and the sentence an author
reads.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from klantkoning.engine.format.problems import Problem
from klantkoning.engine.library.index import ScenarioEntry
from klantkoning.engine.library.loader import load_scenario_file, load_scenario_text
from klantkoning.i18n import set_language

FIXTURES = Path(__file__).parent / "fixtures" / "check"
VALID = (FIXTURES / "doorbakken-entrecote.toml").read_text(encoding="utf-8")
NAME = "doorbakken-entrecote.toml"


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the ``occurrence``-th line containing ``needle``."""
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    return hits[occurrence - 1]


def column_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based column of ``needle`` on the line :func:`line_of` finds."""
    line = text.splitlines()[line_of(text, needle, occurrence) - 1]
    return line.index(needle) + 1


def edit(old: str, new: str, occurrence: int = 1) -> str:
    parts = VALID.split(old)
    assert len(parts) > occurrence, old
    return old.join(parts[:occurrence]) + new + old.join(parts[occurrence:])


def load(text: str | bytes) -> ScenarioEntry:
    return load_scenario_text(text.encode("utf-8") if isinstance(text, str) else text, NAME)


def only(entry: ScenarioEntry, code: str) -> Problem:
    found = [p for p in entry.problems if p.code == code]
    assert len(found) == 1, [(p.code, p.path, p.message) for p in entry.problems]
    assert found[0].file == NAME
    return found[0]


# -- 1. a table twice: the name as the author wrote it ----------------------------------


def test_a_table_written_twice_is_named_as_written() -> None:
    text = edit("[beats.keuken]\n", '[beats.keuken]\ntext = "x"\n\n[beats.keuken]\n')
    problem = only(load(text), "syntax")
    assert (problem.path, problem.line) == ("", line_of(text, "[beats.keuken]", 2))
    assert problem.column is not None
    assert problem.message == (
        "Geen geldige TOML: de tabel [beats.keuken] staat twee keer in het bestand; "
        "voeg ze samen tot één tabel, of geef er één een andere naam."
    )
    assert "('beats'" not in problem.message


def test_a_second_choice_with_single_brackets_asks_for_double_brackets() -> None:
    text = VALID.replace("[[beats.bestelling.choices]]", "[beats.bestelling.choices]")
    problem = only(load(text), "syntax")
    assert problem.line == line_of(text, "[beats.bestelling.choices]", 2)
    assert problem.message == (
        "Geen geldige TOML: [beats.bestelling.choices] staat hier met enkele haken; "
        "schrijf elke keuze als [[beats.bestelling.choices]] (dubbele haken), ook de eerste."
    )


def test_a_first_choice_with_single_brackets_before_double_ones() -> None:
    text = edit("[[beats.bestelling.choices]]", "[beats.bestelling.choices]")
    problem = only(load(text), "syntax")
    assert problem.line == line_of(text, "[[beats.bestelling.choices]]")
    assert "eerder in het bestand staat [beats.bestelling.choices] met enkele haken" in (
        problem.message
    )
    assert "[[beats.bestelling.choices]] (dubbele haken)" in problem.message


def test_redefining_a_table_names_it_without_python_quotes() -> None:
    text = edit("[customer]\n", "[customer]\nextra = { a = 1 }\nextra.b = 2\n")
    problem = only(load(text), "syntax")
    assert problem.line == line_of(text, "extra.b = 2")
    assert problem.message == (
        "Geen geldige TOML: customer.extra is al eerder vastgelegd en kan hier niet opnieuw "
        "worden ingevuld."
    )


def test_a_key_twice_in_an_inline_table_is_named_without_python_quotes() -> None:
    text = edit("score = { maatwerk = 2,", "score = { maatwerk = 2, maatwerk = 1,")
    problem = only(load(text), "syntax")
    assert (problem.path, problem.line) == ("", line_of(text, "maatwerk = 1,"))
    assert problem.column is not None
    assert problem.message == (
        "Geen geldige TOML: de sleutel maatwerk staat twee keer in deze inline-tabel."
    )


# -- 2. a missing closing quote ---------------------------------------------------------


def test_a_missing_closing_quote_points_at_the_opening_quote() -> None:
    text = edit('title = "De doorbakken entrecote"', 'title = "De doorbakken entrecote')
    problem = only(load(text), "syntax")
    assert problem.line == line_of(text, 'title = "De doorbakken')
    assert problem.column == column_of(text, '"De doorbakken')
    assert problem.message == (
        "Geen geldige TOML: de tekst die hier begint, mist het sluitende aanhalingsteken; "
        'zet het aan het eind van de tekst (een tekst over meer regels zet je tussen """).'
    )
    assert "'\\n'" not in problem.message


def test_a_missing_closing_quote_in_a_list_and_a_literal_string() -> None:
    text = edit('tags = ["horeca", "binnenkant-buitenkant"]', 'tags = ["horeca", "binnen]')
    problem = only(load(text), "syntax")
    assert (problem.line, problem.column) == (line_of(text, "tags ="), column_of(text, '"binnen'))
    assert "mist het sluitende aanhalingsteken" in problem.message

    text = edit('setting = "Restaurant"', "setting = 'Restaurant")
    problem = only(load(text), "syntax")
    assert (problem.line, problem.column) == (
        line_of(text, "setting ="),
        column_of(text, "'Restaurant"),
    )
    assert "mist het sluitende aanhalingsteken" in problem.message


# -- 3. an unclosed """ -----------------------------------------------------------------


def test_an_unclosed_triple_quote_is_reported_where_it_opens() -> None:
    text = edit(
        'Vrijdagavond, volle zaak. Meneer Bakker klapt de kaart dicht.\n[beats.nep]\n"""',
        "Vrijdagavond, volle zaak. Meneer Bakker klapt de kaart dicht.",
    )
    text = text.replace(
        'text = "Meneer Bakker kijkt je koel aan."',
        'text = """\nMeneer Bakker kijkt je koel aan.\n"""',
    )
    problem = only(load(text), "syntax")
    assert (problem.line, problem.column) == (line_of(text, 'text = """'), len('text = "'))
    stuck_at = line_of(text, "Meneer Bakker kijkt je koel aan.")
    assert problem.message == (
        'Geen geldige TOML: de tekst die hier met """ begint, wordt nergens afgesloten: '
        f'zet """ aan het eind van die tekst (daardoor liep het lezen pas op regel {stuck_at} '
        "vast)."
    )


def test_an_unclosed_triple_quote_at_the_end_of_the_file() -> None:
    text = VALID + '\n[endings.laat]\ntitle = "Laat"\ntext = """\nHet is al laat.\n'
    problem = only(load(text), "syntax")
    assert (problem.line, problem.column) == (line_of(text, 'text = """', 2), len('text = "'))
    assert 'de tekst die hier met """ begint, wordt nergens afgesloten' in problem.message


def test_an_unclosed_literal_triple_quote() -> None:
    text = edit('text = "Meneer Bakker kijkt je koel aan."', "text = '''\nMeneer Bakker.")
    problem = only(load(text), "syntax")
    assert (problem.line, problem.column) == (line_of(text, "text = '''"), len("text = '"))
    assert "de tekst die hier met ''' begint, wordt nergens afgesloten" in problem.message


def test_closed_triple_quotes_do_not_take_the_blame_for_other_errors() -> None:
    text = edit("mood = 1\n", 'mood = 1\nlevel == "gedrag"\n')
    problem = only(load(text), "syntax")
    assert problem.line == line_of(text, 'level == "gedrag"')
    assert "ongeldige waarde" in problem.message
    assert "wordt nergens afgesloten" not in problem.message


# -- 4. UTF-16 --------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_file_is_recognised(encoding: str, tmp_path: Path) -> None:
    file = tmp_path / NAME
    file.write_bytes(VALID.encode(encoding))
    entry = load_scenario_file(file)
    assert [p.code for p in entry.problems] == ["utf16"]
    problem = entry.problems[0]
    assert (problem.file, problem.path) == (str(file), "")
    assert problem.message.startswith(
        "Dit bestand is opgeslagen als UTF-16 ('Unicode' in Kladblok); sla het op als UTF-8"
    )
    set_language("en")
    assert "saved as UTF-16" in problem.message


def test_other_nul_bytes_are_still_binary() -> None:
    assert [p.code for p in load(b"format = 1\n\x00\x01\x02").problems] == ["binary"]


# -- 5. invisible characters ------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "char", "name"),
    [
        ("mood = 0", "mood\u00a0= 0", "\u00a0", "harde spatie, U+00A0"),
        ("\nmood = 0", "\n\u00a0mood = 0", "\u00a0", "harde spatie, U+00A0"),
        ("relation = ", "relation\u200b = ", "\u200b", "spatie zonder breedte, U+200B"),
        ("[customer]", "\ufeff[customer]", "\ufeff", "BOM-teken, U+FEFF"),
        ("mood = 0", "mood\u2002= 0", "\u2002", "bijzondere spatie, U+2002"),
    ],
)
def test_an_invisible_character_is_named(old: str, new: str, char: str, name: str) -> None:
    text = edit(old, new)
    problem = only(load(text), "invisible_character")
    line = next(n for n, t in enumerate(text.splitlines(), start=1) if char in t)
    column = text.splitlines()[line - 1].index(char) + 1
    assert (problem.path, problem.line, problem.column) == ("", line, column)
    assert problem.message.startswith(
        f"Er staat een onzichtbaar teken ({name}) op regel {line}, kolom {column}, "
    )
    assert problem.severity == "error"


def test_invisible_characters_inside_a_text_are_fine() -> None:
    assert load(edit("Meneer Bakker kijkt", "Meneer\u00a0Bakker\u200b kijkt")).problems == []


# -- 6. is in tests/test_analysis_scores.py ---------------------------------------------
# -- 7. a key in the wrong place --------------------------------------------------------


@pytest.mark.parametrize(
    "key", ['discuss = ["Wat vind jij?"]', 'customer = "Hm."', 'trainer_note = "x"']
)
def test_a_beat_key_under_a_choice_says_where_it_belongs(key: str) -> None:
    text = edit('level = "gedrag"\n', f'level = "gedrag"\n{key}\n')
    problem = only(load(text), "unknown_key")
    name = key.split(" ")[0]
    assert problem.path == f"beats.bestelling.choices[1].{name}"
    assert problem.line == line_of(text, key)
    assert problem.message == (
        f"Onbekende sleutel '{name}'. Dit hoort bij het moment zelf: zet het boven de eerste "
        "[[beats.bestelling.choices]]."
    )


@pytest.mark.parametrize(
    "key", ['next = "tevreden"', 'feedback = "Goed."', "score = { welkom = 1 }"]
)
def test_a_choice_key_in_a_beat_says_it_belongs_to_a_choice(key: str) -> None:
    text = edit("[beats.keuken]\n", f"[beats.keuken]\n{key}\n")
    problem = only(load(text), "unknown_key")
    name = key.split(" ")[0]
    assert problem.path == f"beats.keuken.{name}"
    assert problem.line == line_of(text, key)
    assert problem.message == (
        f"Onbekende sleutel '{name}'. Dit hoort bij een keuze: zet het onder een "
        "[[beats.keuken.choices]]."
    )


def test_a_misspelt_key_still_gets_did_you_mean() -> None:
    text = edit('next = "keuken"\n', 'next = "keuken"\nfeedbak = "x"\n')
    problem = only(load(text), "unknown_key")
    assert problem.message == "Onbekende sleutel 'feedbak'. Bedoel je 'feedback'?"


# -- 8. the format number ---------------------------------------------------------------


def test_a_missing_format_says_what_to_write_at_the_top() -> None:
    text = edit("format = 1\n", "")
    problem = only(load(text), "missing_format")
    assert (problem.path, problem.line) == ("format", 1)
    assert problem.message == ("Het formaatnummer ontbreekt. Zet bovenaan het bestand: format = 1")
    set_language("en")
    assert problem.message.endswith("Put at the top of the file: format = 1")


def test_an_older_format_says_how_to_fix_it() -> None:
    text = edit("format = 1", "format = 0")
    problem = only(load(text), "format_version")
    assert (problem.path, problem.line) == ("format", line_of(text, "format = 0"))
    assert "Zet bovenaan het bestand: format = 1" in problem.message


def test_a_lone_backslash_in_a_text_is_explained_in_dutch() -> None:
    text = edit('title = "De doorbakken entrecote"', 'title = "Boos \\q uit"')
    problem = only(load(text), "syntax")
    assert (problem.line, problem.column) == (line_of(text, "Boos"), 17)
    assert problem.message == (
        "Geen geldige TOML: ongeldige escape met '\\' in een tekst; "
        "schrijf '\\\\' voor een backslash."
    )


def test_a_title_of_only_spaces_is_as_empty_as_no_title() -> None:
    blank = only(load(edit('title = "De doorbakken entrecote"', 'title = "   "')), "empty_text")
    empty = only(load(edit('title = "De doorbakken entrecote"', 'title = ""')), "empty_text")
    assert (blank.path, blank.line, blank.message) == (empty.path, empty.line, empty.message)
    assert blank.path == "scenario.title"


SCORE = "score = { maatwerk = 2, ontzorgen = 1, vertrouwen = 1 }"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("[scenario]", "[scenario # de kop", "de tabelnaam moet met ']' eindigen."),
        (
            'title = "De doorbakken entrecote"',
            'title = "x=01" extra',
            "na een waarde moet de regel eindigen: staat er een aanhalingsteken te veel "
            '(schrijf \\" voor een aanhalingsteken in een tekst), of een komma in een getal?',
        ),
    ],
    ids=["missing-bracket-before-a-comment", "zero-inside-a-text"],
)
def test_the_habits_are_not_blamed_where_they_are_not_the_cause(
    old: str, new: str, message: str
) -> None:
    problem = only(load(edit(old, new)), "syntax")
    assert problem.message == "Geen geldige TOML: " + message


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        (
            "mood = -2",
            "mood = -2\nmood = -1",
            "mood = -1",
            # In a choice: most likely the next choice lost its header.
            "de sleutel 'mood' staat al in deze keuze; begint hier een nieuwe keuze, zet dan "
            "[[beats.bestelling.choices]] op de regel erboven.",
        ),
        (
            'id = "doorbakken-entrecote"',
            'id = "doorbakken-entrecote"\nid = "entrecote"',
            'id = "entrecote"',
            "de sleutel 'id' staat hier voor de tweede keer in dezelfde tabel; haal er een weg.",
        ),
        (
            "mood = -2",
            "mood = -2\nmood.x = 1",
            "mood.x",
            # mood.x was never written before: the general message, not "mood.x twice".
            "deze sleutel of tabel heeft al eerder een waarde gekregen; staat hij twee keer in "
            "het bestand, of schreef je [enkele haken] waar [[dubbele haken]] horen?",
        ),
        (
            SCORE,
            SCORE.replace(" }", ", }"),
            "vertrouwen = 1, }",
            "na de laatste waarde tussen { … } hoort geen komma.",
        ),
        (
            SCORE,
            SCORE.replace("2, ", "2,\n  "),
            "maatwerk = 2,",
            "een tabel tussen { … } moet op één regel staan; zet hem op één regel, of schrijf "
            "hem als [tabel] met een sleutel per regel.",
        ),
        ("mood = -2", "mood =   # nog invullen", "nog invullen", "na '=' ontbreekt de waarde."),
        (
            "mood = -2",
            "mood = 01",
            "mood = 01",
            "een getal begint niet met een 0 (schrijf 1, niet 01).",
        ),
        (
            "[endings.tevreden]",
            "[endings.boze klant]",
            "[endings.boze klant]",
            "er staat een spatie in de naam tussen [ ]; gebruik een streepje (boze-klant).",
        ),
        (
            'title = "De doorbakken entrecote"',
            'title = "Een "citaat" hier"',
            "citaat",
            # A question stays a question: no "?." at the end.
            "na een waarde moet de regel eindigen: staat er een aanhalingsteken te veel "
            '(schrijf \\" voor een aanhalingsteken in een tekst), of een komma in een getal?',
        ),
    ],
    ids=["key-twice-in-a-choice", "key-twice", "dotted-after-plain", "trailing-comma",
         "table-over-lines", "no-value", "leading-zero", "space-in-name", "question"],
)  # fmt: skip
def test_a_syntax_error_names_the_habit_behind_it(
    old: str, new: str, needle: str, message: str
) -> None:
    text = edit(old, new)
    problem = only(load(text), "syntax")
    assert problem.line == line_of(text, needle)
    assert problem.message == "Geen geldige TOML: " + message
