"""Issue 9, hostile text and sizes: no control code reaches a terminal, no CSV cell is a
formula, and the analyses stop at their budgets (and say so) instead of blowing up."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from klantkoning.cli import cli
from klantkoning.cli.terminal import escape_controls
from klantkoning.engine.analysis.context import context
from klantkoning.engine.analysis.explore import explore
from klantkoning.engine.analysis.stats import scoring_problems
from klantkoning.engine.authoring.playtest import covering_plays, run_tests
from klantkoning.engine.library.loader import load_scenario_text
from klantkoning.engine.workshop import Vote, save_workshop
from klantkoning.report.csv import render
from klantkoning.report.csv import safe_cell as _cell
from tests.workshop_support import new_workshop

RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

HEADER = """format = 1
[scenario]
id = "{id}"
title = "{title}"
start = "{start}"
[customer]
name = "Klant \\u001b[31mRood"
"""
EVIL = "Kop \\u001b]52;c;SGVsbG8=\\u0007 en \\u001b[2J\\u009b1m"


def scenario_text(*, start: str = "begin", title: str = EVIL, beat: str = "begin") -> str:
    return (
        HEADER.format(id="vijandig", title=title, start=start)
        + f"""
[beats.{beat}]
text = "Tekst \\u001b[5m knippert"
[[beats.{beat}.choices]]
text = "Keuze \\u0007 bel"
next = "einde"
feedback = "Goed."
score = {{ welkom = 1 }}
[[beats.{beat}.choices]]
text = "Nog een"
next = "einde"
feedback = "Ook."
[endings.einde]
title = "Einde \\u001b[0m"
text = "Klaar."
"""
    )


def invoke(*args: str | Path) -> str:
    result = CliRunner().invoke(cli, [str(a) for a in args], obj={})
    assert "Traceback" not in result.output
    return result.output


# -- 4. control codes ------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["check"],
        ["check", "--json"],
        ["stats"],
        ["stats", "--json"],
        ["test", "--samples", "3"],
        ["graph"],
        ["graph", "--format", "mermaid"],
        ["graph", "--format", "dot"],
        ["play", "--path", "1"],
    ],
)
def test_no_command_sends_a_control_code_from_a_file(tmp_path: Path, command: list[str]) -> None:
    file = tmp_path / "vijandig.toml"
    text = scenario_text()
    if command[0] == "check":  # something to quote: an unknown dimension and a mismatch
        text = text.replace("welkom = 1", '"x\\u001b[5m" = 1').replace('"vijandig"', '"v-\\u0007"')
    file.write_text(text, encoding="utf-8")
    output = invoke(command[0], file, *command[1:])
    assert any(w in output for w in ("vijandig", "Tekst", "Kop", "Keuze"))  # it printed the file
    assert RAW_CONTROL.search(output) is None


def test_a_beat_id_with_a_control_code_is_a_located_error(tmp_path: Path) -> None:
    text = scenario_text(start="a\\u001b[2Jb", beat='"a\\u001b[2Jb"')
    entry = load_scenario_text(text, "vijandig.toml")
    [problem] = [p for p in entry.problems if p.code == "bad_beat_id"]
    assert problem.line == 9 and problem.path.startswith("beats.")
    assert "\\u001b" in problem.message and "\x1b" not in problem.message
    file = tmp_path / "vijandig.toml"
    file.write_text(text, encoding="utf-8")
    output = invoke("check", file)
    assert "[bad_beat_id]" in output and RAW_CONTROL.search(output) is None


@pytest.mark.parametrize("beat_id", ["keuken", "tweede-kans", "stap_2", "B2"])
def test_ordinary_beat_ids_are_fine(beat_id: str) -> None:
    entry = load_scenario_text(scenario_text(start=beat_id, beat=beat_id), "vijandig.toml")
    assert entry.ok, entry.problems


def test_the_markdown_report_on_stdout_has_no_control_codes(tmp_path: Path) -> None:
    library = tmp_path / "bieb"
    library.mkdir()
    (library / "vijandig.toml").write_text(scenario_text(), encoding="utf-8")
    from klantkoning.engine.library.folders import load_library

    lib = load_library(library)
    ws = new_workshop(lib, ("vijandig",), teams=("Rood\x1b[31m", "Blauw\x07"))
    ws.receive(Vote("Rood\x1b[31m", "A"))
    ws.add_note("Notitie \x1b]52;c;SGVsbG8=\x07")
    path = save_workshop(ws, tmp_path / "saves")
    for fmt in ("md", "csv"):
        output = invoke("report", path, "--format", fmt, "--scenarios", library)
        assert "Rood" in output and RAW_CONTROL.search(output) is None


def test_escape_controls_keeps_text_and_layout() -> None:
    assert escape_controls("a\x1b[2Jb\tc\nd\x07\x9b") == "a\\u001b[2Jb\tc\nd\\u0007\\u009b"


# -- 5. CSV ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://evil.example","x")', "+1", "-2-1", "@SUM(A1)", " =1", "|x"]
)
def test_every_text_cell_that_could_be_a_formula_is_neutralised(text: str) -> None:
    assert str(_cell(text)).startswith("'")
    assert _cell(-3) == -3  # our own numbers stay numbers


def test_a_beat_id_like_a_formula_is_neutralised_in_the_csv(tmp_path: Path) -> None:
    library = tmp_path / "bieb"
    library.mkdir()
    text = scenario_text(title="Gewoon", start="-1-SUM", beat="-1-SUM")
    (library / "vijandig.toml").write_text(text, encoding="utf-8")
    from klantkoning.engine.library.folders import load_library

    ws = new_workshop(load_library(library), ("vijandig",), teams=("=A1", "B"))
    ws.receive(Vote("=A1", "A"))
    rows = list(csv.reader(io.StringIO(render(ws).removeprefix("\ufeff")), delimiter=";"))
    cells = [cell for row in rows for cell in row]
    assert "'-1-SUM" in cells and "'=A1" in cells
    assert not any(cell[:1] in "=+-@" for cell in cells if not cell.lstrip("-").isdigit())


# -- 3. budgets (sizes, not timings: the figures are in benchmarks/bench_hostile.py) ----


def chain(beats: int) -> str:
    parts = [HEADER.format(id="keten", title="Keten", start="b0")]
    for n in range(beats):
        nxt = f"b{n + 1}" if n + 1 < beats else "einde"
        parts.append(
            f'[beats.b{n}]\ntext = "."\n[[beats.b{n}.choices]]\ntext = "door"\nnext = "{nxt}"\n'
            f'feedback = "."\n[[beats.b{n}.choices]]\ntext = "stop"\nnext = "einde"\n'
            f'feedback = "."\n'
        )
    parts.append('[endings.einde]\ntitle = "E"\ntext = "."\n')
    return "".join(parts)


def test_covering_plays_stop_at_their_budget_and_say_so() -> None:
    entry = load_scenario_text(chain(300), "keten.toml")
    assert entry.scenario is not None
    full = covering_plays(entry.scenario)
    assert not full.truncated and len(full.plays) >= 300
    cut = covering_plays(entry.scenario, max_steps=2_000)
    assert cut.truncated and sum(len(p) for p in cut.plays) < 2_000 + 300
    report = run_tests(entry.scenario, samples=0)
    assert report.choices_covered == report.choices_total == 600


def test_exploration_stops_at_the_edge_budget() -> None:
    entry = load_scenario_text(chain(50), "keten.toml")
    assert entry.scenario is not None
    comp = context(entry.scenario).comp
    assert not explore(comp, comp.start, 0, 1_000, edge_limit=1_000).truncated
    assert explore(comp, comp.start, 0, 1_000, edge_limit=20).truncated


def test_dominated_choices_are_still_found_per_visible_set() -> None:
    entry = load_scenario_text(scenario_text(title="Gewoon"), "vijandig.toml")
    assert entry.scenario is not None
    problems = scoring_problems(entry.scenario, entry.dimensions)
    [dominated] = [p for p in problems if p.kind == "dominated"]
    assert dominated.params["number"] == 2 and dominated.params["other"] == 1


def dense(beats: int = 12, flags: int = 6) -> str:
    """Every beat leads to every other, each choice setting one flag and hiding on another."""
    parts = [HEADER.format(id="dicht", title="Dicht", start="b0")]
    for b in range(beats):
        parts.append(f'[beats.b{b}]\ntext = "."\n')
        parts.append(f'[[beats.b{b}.choices]]\ntext = "klaar"\nnext = "einde"\nfeedback = "."\n')
        for c in range(beats):
            if c != b:
                parts.append(
                    f'[[beats.b{b}.choices]]\ntext = "{c}"\nnext = "b{c}"\nfeedback = "."\n'
                    f'sets = ["f{(b + c) % flags}"]\nunless = ["f{(b * 5 + c) % flags}"]\n'
                )
    parts.append('[endings.einde]\ntitle = "E"\ntext = "."\n')
    return "".join(parts)


def test_a_dense_scenario_is_said_to_be_too_large_by_check_stats_and_graph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from klantkoning.engine.analysis import explore as explore_module

    file = tmp_path / "dicht.toml"
    file.write_text(dense(), encoding="utf-8")
    assert "too_many_edges" not in invoke("check", file)
    # The same budget, scaled down so the test stays small: 2,000 transitions.
    monkeypatch.setattr(explore_module, "MAX_EDGES", 2_000)
    output = invoke("check", file)
    assert "[too_many_edges]" in output and "2000" in output
    assert "te groot" in invoke("stats", file)
    assert "te groot" in invoke("graph", "--format", "mermaid", file)
