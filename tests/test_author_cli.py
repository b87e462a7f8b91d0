"""The author commands: new, graph, stats, test, schema (CliRunner, tmp_path only)."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from klantkoning import paths
from klantkoning.cli import cli
from klantkoning.engine.analysis.analyse import structural_findings
from klantkoning.engine.library.loader import load_scenario_file
from klantkoning.engine.play.session import play_path

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures" / "author"
BUILTIN_DIR = HERE.parent / "scenarios"
BUILTINS = sorted(
    p for p in BUILTIN_DIR.glob("*.toml") if p.name != "values.toml" and ".golden." not in p.name
)
# The built-in library once it exists, the fixtures that must play either way.
PLAYABLE = [*BUILTINS, FIXTURES / "golden-good.toml", FIXTURES / "special-chars.toml"]


def run(*args: str, stdout_only: bool = False) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--lang", "nl", *args], obj={}, catch_exceptions=False)
    return result.exit_code, result.stdout if stdout_only else result.output


def copy_fixture(tmp_path: Path, *names: str) -> Path:
    for name in names:
        shutil.copy(FIXTURES / name, tmp_path / name)
    return tmp_path / names[0]


# -- new ---------------------------------------------------------------------------------


def test_new_writes_a_valid_playable_template(tmp_path: Path) -> None:
    code, out = run("new", "klacht-over-pakje", "--title", 'Een "pakje" [bold]', "--scenarios",
                    str(tmp_path))  # fmt: skip
    assert code == 0, out
    file = tmp_path / "klacht-over-pakje.toml"
    assert str(file) in out
    entry = load_scenario_file(file)
    assert entry.scenario is not None
    # check --strict: no error and no warning, and none of the graph checks either.
    assert entry.problems == [], [p.message for p in entry.problems]
    assert structural_findings(entry.scenario) == []
    assert entry.scenario.id == "klacht-over-pakje"
    assert entry.scenario.scenario.title == 'Een "pakje" [bold]'
    assert play_path(entry.scenario, [1, 1]).ended
    # Every key of the format is explained: the template uses them all, in Dutch comments.
    text = file.read_text(encoding="utf-8")
    for key in ("summary", "difficulty", "relation", "trainer_note", "discuss", "requires",
                "unless", "sets", "level", "outcome", "[[golden]]", "min_score"):  # fmt: skip
        assert key in text
    assert "# Versie van het bestandsformaat" in text


def test_the_template_is_covered_by_the_play_tests(tmp_path: Path) -> None:
    run("new", "gedekt", "--scenarios", str(tmp_path))
    code, out = run("test", "gedekt", "--scenarios", str(tmp_path), "--json", "--samples", "5")
    assert code == 0, out
    data = json.loads(out)
    # Including the choice only visible once the flag 'kortaf' is set.
    assert data["choices"] == {"total": 5, "covered": 5}
    assert [g["ok"] for g in data["golden"]] == [True, True]


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    assert run("new", "mijn-scenario", "--scenarios", str(tmp_path))[0] == 0
    (tmp_path / "mijn-scenario.toml").write_text("mijn werk", encoding="utf-8")
    code, out = run("new", "mijn-scenario", "--scenarios", str(tmp_path))
    assert code == 2  # wrong use: exit 2 (README, "Exitcodes")
    assert "bestaat al" in out
    assert (tmp_path / "mijn-scenario.toml").read_text(encoding="utf-8") == "mijn werk"


@pytest.mark.parametrize("bad", ["../x", "Hoofdletters", "ab", "met spatie", "a--b", "x" * 61])
def test_new_rejects_a_bad_slug(tmp_path: Path, bad: str) -> None:
    code, out = run("new", bad, "--scenarios", str(tmp_path))
    assert code == 2
    assert "geen geldig id" in out
    assert list(tmp_path.iterdir()) == []


def test_new_adds_the_schema_line_when_the_library_has_a_schema(tmp_path: Path) -> None:
    assert run("schema", "-o", str(tmp_path / "klantkoning.schema.json"))[0] == 0
    assert run("new", "met-schema", "--scenarios", str(tmp_path))[0] == 0
    first = (tmp_path / "met-schema.toml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "#:schema ./klantkoning.schema.json"


# -- graph -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "mermaid", "dot"])
@pytest.mark.parametrize("file", PLAYABLE, ids=lambda p: p.stem)
def test_graph_shows_every_beat_and_ending(file: Path, fmt: str) -> None:
    code, out = run("graph", str(file), "--format", fmt)
    assert code == 0, out
    scenario = load_scenario_file(file).scenario
    assert scenario is not None
    for node in [*scenario.beats, *scenario.endings]:
        assert node in out


def test_graph_text_marks_unreachable_dead_ends_and_references() -> None:
    code, out = run("graph", str(FIXTURES / "unreachable.toml"), stdout_only=True)
    assert code == 1  # drawn all the same; the errors make it "problems found"
    lines = out.splitlines()
    assert any("wees" in line and "onbereikbaar" in line for line in lines)
    assert any("vergeten" in line and "onbereikbaar" in line for line in lines)
    assert any("doodlopend" in line and "⚠ doodlopend" in line for line in lines)
    assert any("rondje" in line and "lus zonder uitweg" in line for line in lines)
    # The second choice into 'doodlopend' is a reference, not a second copy.
    assert any("↩ doodlopend" in line for line in lines)
    assert sum("Ga verder." in line for line in lines) == 1
    assert "zet open" in out and "vereist open" in out


def test_stats_on_a_scenario_with_errors_reports_and_exits_1() -> None:
    code, out = run("stats", str(FIXTURES / "unreachable.toml"), stdout_only=True)
    assert code == 1  # the figures are shown all the same; the errors make it "problems found"
    assert "Beats: 4" in out


@pytest.mark.parametrize("fmt", ["mermaid", "dot"])
def test_graph_marks_unreachable_in_diagrams(fmt: str) -> None:
    code, out = run("graph", str(FIXTURES / "unreachable.toml"), "--format", fmt, stdout_only=True)
    assert code == 1
    line = next(x for x in out.splitlines() if "wees" in x)
    assert "onbereikbaar" in line


def test_mermaid_escapes_quotes_and_special_characters() -> None:
    code, out = run("graph", str(FIXTURES / "special-chars.toml"), "--format", "mermaid")
    assert code == 0
    assert out.startswith("flowchart TD")
    for line in out.splitlines()[1:]:
        # Labels are quoted; inside them no raw quote, pipe, bracket or backtick survives.
        if '"' in line:
            inner = line[line.index('"') + 1 : line.rindex('"')]
            for ch in '"|`[]{}<>':
                assert ch not in inner.replace("<br/>", ""), (ch, line)
    assert "#quot;dit#quot;" in out and "#124;" in out


def test_dot_escapes_quotes_and_backslashes() -> None:
    code, out = run("graph", str(FIXTURES / "special-chars.toml"), "--format", "dot")
    assert code == 0
    assert out.startswith('digraph "special-chars" {') and out.rstrip().endswith("}")
    assert '\\"dit\\"' in out
    assert 'K\\\\ \\"dit\\"' in out
    for line in out.splitlines():
        # Every label string is closed: an even number of unescaped quotes per line.
        assert line.replace('\\"', "").count('"') % 2 == 0, line


def test_graph_of_a_library_id(tmp_path: Path) -> None:
    copy_fixture(tmp_path, "golden-good.toml")
    code, out = run("graph", "golden-good", "--scenarios", str(tmp_path))
    assert code == 0
    assert "blij" in out and "boos" in out


def test_graph_of_something_that_is_not_there(tmp_path: Path) -> None:
    code, out = run("graph", "bestaat-niet", "--scenarios", str(tmp_path))
    assert code == 2
    assert "niet gevonden" in out
    assert "Traceback" not in out


def test_graph_of_a_broken_file_lists_its_problems(tmp_path: Path) -> None:
    file = tmp_path / "kapot.toml"
    file.write_text("format = 1\n[scenario\n", encoding="utf-8")
    code, out = run("graph", str(file))
    assert code == 1
    assert "kapot.toml" in out
    assert "Traceback" not in out


# -- stats -------------------------------------------------------------------------------


@pytest.mark.parametrize("file", PLAYABLE, ids=lambda p: p.stem)
def test_stats_on_playable_scenarios(file: Path) -> None:
    code, out = run("stats", str(file))
    assert code == 0, out
    assert "Kortste spel" in out and "Principes" in out and "Waarden" in out
    code, out = run("stats", str(file), "--json")
    data = json.loads(out)
    assert data["plays"] >= 1
    assert set(data["score_range"]) >= {"welkom", "verleuken", "vertrouwen"}


def test_stats_finds_every_scoring_problem() -> None:
    code, out = run("stats", str(FIXTURES / "scoring-problems.toml"), "--json")
    assert code == 0
    data = json.loads(out)
    kinds: dict[str, list[dict[str, object]]] = {}
    for problem in data["problems"]:
        kinds.setdefault(str(problem["kind"]), []).append(problem)
    never = {p["dimension"] for p in kinds["never_rewarded"]}
    assert "herstel" in never and "verleuken" in never
    assert "welkom" not in never and "basis" not in never and "vertrouwen" not in never
    dominated = kinds["dominated"]
    assert [(p["path"], p["other"]) for p in dominated] == [("beats.balie.choices[2]", 1)]
    assert [p["path"] for p in kinds["dominated_all"]] == ["beats.balie.choices[3]"]
    assert [p["path"] for p in kinds["no_feedback"]] == ["beats.vraag.choices[1]"]
    assert [p["path"] for p in kinds["unreachable_ending"]] == ["endings.geheim"]
    # Located: the line of that choice in the file.
    lines = (FIXTURES / "scoring-problems.toml").read_text(encoding="utf-8").splitlines()
    line = kinds["no_feedback"][0]["line"]
    assert isinstance(line, int) and lines[line - 1].startswith("[[beats.vraag.choices]]")
    assert data["plays"] == 3
    assert data["shortest_play"] == data["longest_play"] == 2
    assert data["unreachable_endings"] == ["geheim"]


def test_stats_text_says_what_is_wrong() -> None:
    code, out = run("stats", str(FIXTURES / "scoring-problems.toml"))
    assert code == 0
    # Dominated choices are often deliberate: by default one summary line points to --all.
    assert "hoogstens even goed als de andere keuzes" not in out
    assert "2 keuze(s) scoren op geen enkele dimensie beter" in out
    assert "stats scoring-problems --all" in out
    code, out_all = run("stats", str(FIXTURES / "scoring-problems.toml"), "--all")
    assert code == 0
    assert "hoogstens even goed als de andere keuzes (1, 2)" in out_all
    assert "scoort op geen enkele dimensie hoger dan keuze 1" in out_all
    assert "tips, geen fouten" in out_all
    assert "geen feedback" in out
    assert "Einde 'geheim' wordt door geen enkel spel bereikt" in out
    assert "scoring-problems.toml:" in out


def test_stats_in_english() -> None:
    result = CliRunner().invoke(
        cli, ["--lang", "en", "stats", str(FIXTURES / "scoring-problems.toml")], obj={}
    )
    assert result.exit_code == 0
    assert "Shortest play" in result.output and "no feedback" in result.output


# -- test --------------------------------------------------------------------------------


@pytest.mark.parametrize("file", PLAYABLE, ids=lambda p: p.stem)
def test_test_passes_on_good_scenarios(file: Path) -> None:
    code, out = run("test", str(file), "--samples", "30", "--seed", "1")
    assert code == 0, out
    assert "Alles in orde" in out


def test_test_reports_golden_plays_from_file_and_sidecar() -> None:
    code, out = run("test", str(FIXTURES / "golden-good.toml"), "--json", "--samples", "20")
    assert code == 0
    data = json.loads(out)
    assert {(g["name"], g["source"], g["ok"]) for g in data["golden"]} == {
        ("goed", "scenario", True),
        ("slecht", "golden-good.golden.toml", True),
    }
    assert data["choices"] == {"total": 2, "covered": 2}
    assert data["reached"]["blij"]["covering"] >= 1


def test_test_fails_on_a_broken_golden_play(tmp_path: Path) -> None:
    copy_fixture(tmp_path, "golden-good.toml")
    (tmp_path / "golden-good.golden.toml").write_text(
        'format = 1\n[[golden]]\nname = "kapot"\npath = [2]\nending = "blij"\n'
        "min_score = { welkom = 1 }\n",
        encoding="utf-8",
    )
    code, out = run("test", str(tmp_path / "golden-good.toml"), "--samples", "5")
    assert code == 1
    assert "✗ kapot" in out
    assert "verwacht einde 'blij', maar het pad eindigt bij 'boos'" in out
    assert "welkom moet minstens 1 zijn, maar is -1" in out


def test_test_fails_on_a_golden_path_that_no_longer_fits(tmp_path: Path) -> None:
    copy_fixture(tmp_path, "golden-good.toml")
    (tmp_path / "golden-good.golden.toml").write_text(
        "format = 1\n[[golden]]\npath = [3]\n", encoding="utf-8"
    )
    code, out = run("test", str(tmp_path / "golden-good.toml"), "--samples", "5")
    assert code == 1
    assert "keuze 3 bestaat niet bij 'a'" in out


def test_test_fails_on_a_broken_golden_file(tmp_path: Path) -> None:
    copy_fixture(tmp_path, "golden-good.toml")
    (tmp_path / "golden-good.golden.toml").write_text("format = 1\n[[golden]]\npad = [1]\n",
                                                      encoding="utf-8")  # fmt: skip
    code, out = run("test", str(tmp_path / "golden-good.toml"), "--samples", "5")
    assert code == 1
    assert "geen geldig bestand met gouden spelletjes" in out


def test_test_reports_stuck_plays_and_the_table() -> None:
    code, out = run("test", str(FIXTURES / "unreachable.toml"), "--samples", "40")
    assert code == 1
    assert "loopt vast bij 'doodlopend'" in out
    assert "lus bij 'rondje'" in out
    table = out[out.index("Hoe vaak") :]
    assert "wees" in table and "nooit bereikt" in table


def test_test_is_deterministic_for_a_seed() -> None:
    args = ("test", str(FIXTURES / "scoring-problems.toml"), "--json", "--samples", "25")
    first = json.loads(run(*args, "--seed", "7")[1])
    again = json.loads(run(*args, "--seed", "7")[1])
    assert first == again


# -- schema ------------------------------------------------------------------------------


def _schema(tmp_path: Path) -> dict[str, object]:
    code, out = run("schema", "-o", str(tmp_path / "schema.json"))
    assert code == 0, out
    data: dict[str, object] = json.loads((tmp_path / "schema.json").read_text(encoding="utf-8"))
    return data


def test_schema_is_a_valid_json_schema(tmp_path: Path) -> None:
    schema = _schema(tmp_path)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert "$defs" not in json.dumps(schema)  # draft 7: definitions, for Taplo
    assert schema["title"] and schema["description"]
    jsonschema.Draft7Validator.check_schema(schema)
    code, out = run("schema", stdout_only=True)
    assert code == 0
    assert json.loads(out) == schema


@pytest.mark.parametrize(
    "file",
    [*BUILTINS, *(FIXTURES / n for n in ("golden-good.toml", "special-chars.toml",
                                         "scoring-problems.toml", "unreachable.toml"))],
    ids=lambda p: p.stem,
)  # fmt: skip
def test_schema_accepts_built_in_scenarios(tmp_path: Path, file: Path) -> None:
    schema = _schema(tmp_path)
    data = tomllib.loads(file.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema, cls=jsonschema.Draft7Validator)


def test_schema_accepts_the_template(tmp_path: Path) -> None:
    schema = _schema(tmp_path)
    run("new", "via-schema", "--scenarios", str(tmp_path))
    data = tomllib.loads((tmp_path / "via-schema.toml").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema, cls=jsonschema.Draft7Validator)


def test_schema_rejects_a_broken_file(tmp_path: Path) -> None:
    schema = _schema(tmp_path)
    data = tomllib.loads((FIXTURES / "broken-schema.toml").read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(data))
    messages = " ".join(e.message for e in errors)
    assert "feedbak" in messages  # unknown key
    assert any(list(e.absolute_path)[-1:] == ["welkom"] for e in errors)  # 7 > 3
    assert any(list(e.absolute_path)[-1:] == ["difficulty"] for e in errors)
    assert any(list(e.absolute_path)[-1:] == ["outcome"] for e in errors)


def test_schema_can_restrict_dimensions(tmp_path: Path) -> None:
    code, out = run("schema", "--dimensions", "--scenarios", str(tmp_path))
    assert code == 0
    schema = json.loads(out)
    data = {"format": 1, "scenario": {"id": "abc", "title": "x", "start": "a"},
            "customer": {"name": "x"},
            "beats": {"a": {"text": "x", "choices": [{"text": "x", "next": "e",
                                                      "score": {"wlekom": 1}}]}},
            "endings": {"e": {"title": "x", "text": "x"}}}  # fmt: skip
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema, cls=jsonschema.Draft7Validator)


def test_test_without_scenario_tests_the_whole_library(tmp_path: Path) -> None:
    copy_fixture(tmp_path, "golden-good.toml", "golden-good.golden.toml")
    assert run("new", "tweede", "--scenarios", str(tmp_path))[0] == 0
    code, out = run("test", "--scenarios", str(tmp_path), "--samples", "10")
    assert code == 0, out
    # The library: the two in the folder named, and the built-in ones beside them.
    builtin = len(list(paths.builtin_scenarios_dir().glob("*.golden.toml")))
    assert f"Alle {2 + builtin} scenario's zijn in orde" in out
    (tmp_path / "golden-good.golden.toml").write_text(
        'format = 1\n[[golden]]\npath = [1]\nending = "boos"\n', encoding="utf-8"
    )
    code, out = run("test", "--scenarios", str(tmp_path), "--samples", "10", "--json",
                    stdout_only=True)  # fmt: skip
    assert code == 1
    data = json.loads(out)
    assert data["ok"] is False
    assert {
        Path(str(s["file"])).name: s["ok"]
        for s in data["scenarios"]
        if Path(str(s["file"])).parent == tmp_path
    } == {"golden-good.toml": False, "tweede.toml": True}


def test_stats_uses_the_organisations_own_values(tmp_path: Path) -> None:
    (tmp_path / "values.toml").write_text(
        'format = 1\n[[value]]\nid = "gastvrij"\nname = "Gastvrij"\n'
        '[[value]]\nid = "eerlijk"\nname = "Eerlijk"\n',
        encoding="utf-8",
    )
    scenario = (FIXTURES / "golden-good.toml").read_text(encoding="utf-8")
    scenario = scenario.replace("score = { welkom = 2 }", "score = { welkom = 2, gastvrij = 3 }")
    (tmp_path / "golden-good.toml").write_text(scenario, encoding="utf-8")
    code, out = run("stats", "golden-good", "--scenarios", str(tmp_path), "--json")
    assert code == 0, out
    data = json.loads(out)
    gastvrij = data["score_range"]["gastvrij"]
    assert gastvrij == {"group": "waarde", "min": 0, "max": 3, "rewarded": 1, "cost": 0}
    assert "gastvrij" in data["never_lost"]
    assert "vertrouwen" not in data["score_range"]
    never = {p["dimension"] for p in data["problems"] if p["kind"] == "never_rewarded"}
    assert "eerlijk" in never and "gastvrij" not in never


def test_preview_of_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    code, out = run("preview", str(tmp_path / "nergens.toml"), "--scenarios", str(tmp_path))
    assert code == 2
    assert "niet gevonden" in out and "Traceback" not in out


def test_author_commands_use_the_values_of_a_parent_folder(tmp_path: Path) -> None:
    library = tmp_path / "scenarios"
    nested = library / "horeca"
    nested.mkdir(parents=True)
    (library / "values.toml").write_text(
        'format = 1\n[[value]]\nid = "gastvrijheid"\nname = "Gastvrijheid"\n', encoding="utf-8"
    )
    text = (FIXTURES / "golden-good.toml").read_text(encoding="utf-8")
    (nested / "golden-good.toml").write_text(
        text.replace("score = { welkom = 2 }", "score = { welkom = 2, gastvrijheid = 1 }"),
        encoding="utf-8",
    )
    for command in ("stats", "graph", "test"):
        code, out = run(command, "golden-good", "--scenarios", str(library))
        assert code == 0, (command, out)
        assert "unknown_dimension" not in out and "geen bekende scoredimensie" not in out
    code, out = run("stats", "golden-good", "--scenarios", str(library))
    assert "Gastvrijheid" in out
