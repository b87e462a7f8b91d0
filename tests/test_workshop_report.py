"""The three report formats: every vote present, the engine's scores, HTML well-formed and
self-contained, text shown literally."""

from __future__ import annotations

import csv
import io
import re
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from workshop_support import LIBRARY_DIR, TEAMS, fixture_library, new_workshop

from klantkoning.engine.workshop import Vote, save_workshop, summarize
from klantkoning.i18n import set_language
from klantkoning.report import render, write_all

ROOD, BLAUW, GROEN = TEAMS
VOID = {"meta", "br", "link", "img", "hr", "input"}


@pytest.fixture(scope="module")
def library():
    return fixture_library()


@pytest.fixture
def workshop(library):
    ws = new_workshop(library, ("mini-balie", "mini-telefoon"))
    for team, option in ((ROOD, "A"), (BLAUW, "B"), (GROEN, "B")):
        ws.receive(Vote(team, option))
    ws.reveal()
    ws.follow()
    for team, option in ((ROOD, "C"), (BLAUW, "A"), (GROEN, "A")):
        ws.receive(Vote(team, option))
    ws.add_note("Team <script>alert(1)</script> & [red]rood[/] | lacht")
    ws.reveal()
    ws.follow(1)  # override: B
    ws.next_scenario()
    ws.receive(Vote(GROEN, "B"))
    ws.reveal()
    ws.follow()
    ws.next_scenario()
    assert ws.is_done
    yield ws
    set_language("nl")


def spreadsheet_rows(text: str, delimiter: str) -> list[dict[str, str]]:
    """Read the CSV as a spreadsheet does: the BOM says UTF-8, the delimiter is the locale's."""
    data = text.encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf"), "no UTF-8 byte-order mark: Excel shows gibberish"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))


def test_csv_has_every_vote_with_the_points_of_its_option(workshop, library) -> None:
    rows = spreadsheet_rows(render(workshop, "csv"), ";")
    assert len(rows) == 7
    # A Dutch session gets Dutch column names; moments are numbered per scenario (the
    # second scenario starts again at moment 1, as the room saw it).
    assert [(r["scenario"], r["moment"], r["team"], r["optie"]) for r in rows] == [
        ("mini-balie", "1", ROOD, "A"),
        ("mini-balie", "1", BLAUW, "B"),
        ("mini-balie", "1", GROEN, "B"),
        ("mini-balie", "2", ROOD, "C"),
        ("mini-balie", "2", BLAUW, "A"),
        ("mini-balie", "2", GROEN, "A"),
        (rows[6]["scenario"], "1", GROEN, "B"),
    ]
    assert rows[6]["scenario"] != "mini-balie"
    balie = library.get("mini-balie").scenario
    # Beat 2 ("midden" after B set "bot"): A is the first choice in the file.
    blauw_2 = rows[4]
    assert blauw_2["keuze"] == balie.beats["midden"].choices[0].text
    assert blauw_2["herstel"] == "2" and blauw_2["ontzorgen"] == "1"
    assert rows[1]["welkom"] == "-1" and rows[1]["gevolgd"] == "ja"
    assert rows[0]["gevolgd"] == "nee"
    # A date and time a spreadsheet recognises (local time, no "T", no offset).
    assert re.fullmatch(r"2026-03-1[34] \d\d:\d\d:\d\d", rows[0]["tijd"])
    # Summing the CSV per team gives the engine's scoreboard.
    board = summarize(workshop)
    for ts in board.teams:
        for dim, points in ts.score.items():
            assert sum(int(r[dim]) for r in rows if r["team"] == ts.team) == points
    set_language("en")
    english = spreadsheet_rows(render(workshop, "csv"), ",")
    assert english[0]["followed"] == "no" and english[6]["beat_number"] == "1"


def test_csv_opens_in_dutch_and_english_excel(workshop) -> None:
    """Dutch Excel splits on semicolons, English Excel on commas: one column per field."""
    dutch = render(workshop, "csv")
    header = dutch.removeprefix("\ufeff").splitlines()[0]
    assert header.startswith("sessie;scenario;moment;moment_id;team;optie;")
    set_language("en")
    english = spreadsheet_rows(render(workshop, "csv"), ",")
    assert len(english) == 7 and english[0]["team"] == ROOD


def test_markdown_names_every_vote_and_the_engine_totals(workshop) -> None:
    text = render(workshop, "md")
    board = summarize(workshop)
    assert text.startswith("# Workshopverslag")
    assert "\\[bold\\]Blauw\\[/\\]" in text  # markup shown literally, escaped for Markdown
    totals = next(line for line in text.splitlines() if line.startswith("| **Totaal** |"))
    for ts in board.teams:
        total = ts.total()
        assert f"**{'+' if total > 0 else ''}{total}**" in totals
    assert "De trainer koos B (de meerderheid was A)." in text
    assert "Enthousiaste klant" in text and "Ontevreden klant" in text
    for line in ("Wat nemen we mee naar maandag?", "Wie is eigenaar van dit probleem?"):
        assert line in text
    assert "\\<script\\>" in text and "<script>" not in text
    # Each beat's option lists the teams that voted for it.
    assert "(Rood)" in text and "(\\[bold\\]Blauw\\[/\\], Groen)" in text


class TagChecker(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:]}")
        else:
            self.stack.pop()

    def handle_data(self, data) -> None:
        self.text.append(data)


def test_html_is_well_formed_self_contained_and_escaped(workshop) -> None:
    text = render(workshop, "html")
    checker = TagChecker()
    checker.feed(text)
    checker.close()
    assert checker.problems == [] and checker.stack == []
    for forbidden in ("http://", "https://", "<link", "<script src", "<script"):
        assert forbidden not in text
    shown = "".join(checker.text)
    assert "Team <script>alert(1)</script> & [red]rood[/] | lacht" in shown
    assert "[bold]Blauw[/]" in shown
    board = summarize(workshop)
    for ts in board.teams:
        assert ts.team in shown
    assert "<style>" in text
    # The team chart is inline SVG (prints, unlike CSS backgrounds), one bar per team.
    chart = text[text.index('<figure class="chart">') : text.index("</figure>")]
    assert chart.count("<svg") == 1 and all(escape(ts.team) in chart for ts in board.teams)
    assert "@media print" in text and "break-inside: avoid" in text


def test_reports_follow_the_active_language(workshop) -> None:
    set_language("en")
    assert render(workshop, "md").startswith("# Workshop report")
    assert "The trainer chose B (the majority was A)." in render(workshop, "html")


def test_write_all_puts_three_files_next_to_the_session(workshop, tmp_path: Path) -> None:
    path = save_workshop(workshop, tmp_path)
    files = write_all(workshop, path.with_suffix(""))
    assert [f.suffix for f in files] == [".md", ".html", ".csv"]
    assert all(f.parent == path.parent and f.stat().st_size > 100 for f in files)


def test_report_command(workshop, tmp_path: Path) -> None:
    from klantkoning.cli import cli
    from klantkoning.cli import workshop as _commands  # noqa: F401

    path = save_workshop(workshop, tmp_path)
    runner = CliRunner()
    base = ["report", "--scenarios", str(LIBRARY_DIR)]
    out = tmp_path / "verslag.html"
    result = runner.invoke(cli, [*base, str(path), "--format", "html", "-o", str(out)], obj={})
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    result = runner.invoke(cli, [*base, str(path), "--format", "csv"], obj={})
    assert result.exit_code == 0 and result.output.count("\n") == 8
    result = runner.invoke(cli, [*base, str(tmp_path / "nope.toml")], obj={})
    assert result.exit_code == 2 and "nope.toml" in result.output
    assert "Traceback" not in result.output
    # A file that is not there is answered with the workshops there are.
    saves = ["--saves", str(tmp_path)]
    result = runner.invoke(cli, [*base, *saves, "nope.toml"], obj={})
    assert f"De nieuwste workshops in {path.parent}: {path.name}." in result.output
    typo = path.name.replace(".toml", "x.toml")
    result = runner.invoke(cli, [*base, *saves, typo], obj={})
    assert f"Bedoel je '{path}'?" in result.output


def test_report_command_speaks_the_sessions_language_unless_told(library, tmp_path) -> None:
    from klantkoning.cli import cli
    from klantkoning.cli import workshop as _commands  # noqa: F401

    ws = new_workshop(library)
    ws.language = "en"
    ws.finish()
    path = save_workshop(ws, tmp_path)
    base = ["report", "--scenarios", str(LIBRARY_DIR), str(path)]
    runner = CliRunner()
    try:
        result = runner.invoke(cli, base, obj={})
        assert result.exit_code == 0 and result.output.startswith("# Workshop report")
        result = runner.invoke(cli, [*base, "--lang", "nl"], obj={})
        assert result.exit_code == 0 and result.output.startswith("# Workshopverslag")
    finally:
        set_language("nl")


def test_reports_tell_each_scenario_with_its_path_questions_and_notes(workshop) -> None:
    md = render(workshop, "md")
    html = render(workshop, "html")
    # The room's path per scenario: balie the majority B, then the trainer's B; telefoon B.
    assert "Pad van de zaal: **B → B**" in md and "Pad van de zaal: **B**\n" in md
    assert '<span class="path">B → B</span>' in html
    # Moments count per scenario, and counts read as words.
    assert md.count("#### Moment 1 ·") == 2 and "stem(men)" not in md + html
    assert "2 stemmen (\\[bold\\]Blauw\\[/\\], Groen)" in md
    # A note says where it was written in words, not as file ids.
    assert "(De \\[bold\\]balie\\[/\\], moment 2): Team" in md and "mini-balie/" not in md
    # What the group saw at each moment comes back in the HTML: the situation.
    from workshop_support import fixture_library

    balie = fixture_library().get("mini-balie").scenario
    assert escape(balie.beats[balie.scenario.start].text) in html


def test_report_times_are_local_time(workshop, monkeypatch) -> None:
    import time

    monkeypatch.setenv("TZ", "Europe/Amsterdam")
    time.tzset()
    try:
        md = render(workshop, "md")
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    # The fixture session started 2026-03-14 09:00 UTC: 10:00 in Amsterdam (CET).
    assert "2026-03-14 10:00 CET" in md
