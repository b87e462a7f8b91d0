"""Commands for scenario authors: new, graph, stats, test, schema, preview."""

from __future__ import annotations

import json
import os
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import click

from klantkoning.cli import cli
from klantkoning.cli.common import (
    Stop,
    common_options,
    find_scenario_ref,
    library,
    library_paths,
    not_found_text,
    places,
    saves_dir,
    scenarios_dir,
)
from klantkoning.engine.format.dimensions import Dimensions
from klantkoning.engine.format.model import Scenario
from klantkoning.engine.library.index import ScenarioEntry
from klantkoning.i18n import t
from klantkoning.oserror import reason as os_reason


def _fail(message: str, code: int = 2) -> NoReturn:
    """One line on stderr; exit 2 (wrong use, unreadable input) unless told 1 (problems)."""
    click.echo(message, err=True)
    sys.exit(code)


# -- finding and loading a scenario ------------------------------------------------------


@dataclass
class Loaded:
    """A scenario file as the author commands need it."""

    entry: ScenarioEntry
    source: str

    @property
    def file(self) -> Path:
        return self.entry.file

    @property
    def dimensions(self) -> Dimensions:
        return self.entry.dimensions

    @property
    def scenario(self) -> Scenario:
        assert self.entry.scenario is not None
        return self.entry.scenario


def _dimensions_for(folder: Path) -> Dimensions:
    """The dimensions of the library in ``folder`` (its ``values.toml``, else the defaults)."""
    from klantkoning.engine.library.loader import VALUES_FILE, load_values_file

    return load_values_file(folder / VALUES_FILE)[0]


def _find(ctx: click.Context, ref: str) -> ScenarioEntry:
    """The scenario ``ref`` names, loaded; exits 2 when there is none."""
    try:
        entry = find_scenario_ref(ctx, ref)
    except Stop as stop:
        _fail(str(stop))
    if entry is None:
        _fail(not_found_text(ctx, ref, "author.error.not_found"))
    return entry


def _load(ctx: click.Context, ref: str) -> Loaded:
    return _with_source(_find(ctx, ref))


def _with_source(entry: ScenarioEntry) -> Loaded:
    """``entry`` with its file's text; exits 1 for a golden file or an unreadable one."""
    from klantkoning.engine.library.loader import GOLDEN_SUFFIX

    file = entry.file
    if file.name.endswith(GOLDEN_SUFFIX):
        scenario_id = file.name.removesuffix(GOLDEN_SUFFIX)
        _fail(t("author.error.golden_file", file=str(file), id=scenario_id))
    try:
        source = file.read_bytes().decode("utf-8", errors="replace")
    except OSError as exc:
        _fail(t("author.error.read", file=str(file), detail=os_reason(exc)))
    return Loaded(entry, source)


def _print_problems(entry: ScenarioEntry, *, err: bool = True) -> None:
    for problem in entry.problems:
        kind = t(f"author.severity.{problem.severity}")
        where = f"{problem.location()}  {problem.path}".rstrip()
        click.echo(f"{where}  {kind}: {problem.message}", err=err)


def _require_scenario(loaded: Loaded, *, errors_fatal: bool) -> Scenario:
    """The validated scenario; its problems printed. Exits 1 when it cannot be used."""
    entry = loaded.entry
    if entry.scenario is None:
        _print_problems(entry)
        _fail(t("author.error.broken", file=str(loaded.file)), 1)
    if any(p.is_error for p in entry.problems):
        _print_problems(entry)
        if errors_fatal:
            _fail(t("author.error.has_errors", file=str(loaded.file)), 1)
        click.echo(t("author.error.has_errors_continue"), err=True)
    return loaded.scenario


def _exit_for_errors(loaded: Loaded) -> None:
    """After a report on a scenario that has errors: exit 1 (problems found), as check does."""
    if any(p.is_error for p in loaded.entry.problems):
        sys.exit(1)


# -- new ---------------------------------------------------------------------------------


@cli.command("new")
@click.argument("scenario_id", metavar="ID")
@click.option("--title", default=None, help="Titel van het nieuwe scenario.")
@common_options
@click.pass_context
def new_command(ctx: click.Context, scenario_id: str, title: str | None) -> None:
    """Schrijf een nieuw, speelbaar scenario met uitleg bij elke sleutel."""
    from klantkoning.engine.format.template import TemplateError, write_new_scenario

    # The user's own folder (or the one named): the built-in library stays in the library.
    folder = scenarios_dir(ctx)
    existing = library(ctx).get(scenario_id)
    if existing is not None:
        _fail(t("install.new_exists", id=scenario_id, file=str(existing.file)))
    try:
        target = write_new_scenario(folder, scenario_id, title)
    except TemplateError as exc:
        _fail(t(f"author.new.{exc.code}", **exc.params))
    click.echo(t("author.new.written", file=str(target)))
    # A folder named with --scenarios is only in the library when it is named again.
    named = places(ctx).scenarios_source == "option"
    opt = f" --scenarios {shlex.quote(str(folder))}" if named else ""
    click.echo(t("author.new.next", id=scenario_id, file=str(target), opt=opt))


# -- schema ------------------------------------------------------------------------------


def schema_directive(output: Path, library: Path) -> dict[str, str]:
    """What to write after ``#:schema`` in a scenario of ``library``: a path relative to it.

    Taplo resolves the path from the scenario file, not from where ``schema`` was run.
    """
    from klantkoning import paths

    builtin = paths.builtin_scenarios_dir().resolve()
    own_library = library.is_dir() and library.resolve() != builtin
    folder = library if own_library else output.parent
    relative = Path(os.path.relpath(output.resolve(), folder.resolve())).as_posix()
    if not relative.startswith("../"):
        relative = "./" + relative
    return {"directive": relative, "folder": str(folder)}


@cli.command("schema")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Schrijf het schema naar dit bestand in plaats van naar de terminal.",
)
@click.option(
    "--dimensions/--any-dimension",
    "with_dimensions",
    default=False,
    help="Beperk score-sleutels tot de dimensies van deze bibliotheek (values.toml).",
)
@click.option(
    "--into-scenarios",
    "into_scenarios",
    is_flag=True,
    help="Schrijf het schema in je eigen scenariomap, waar `new` schrijft (zie `where`).",
)
@common_options
@click.pass_context
def schema_command(
    ctx: click.Context, output: Path | None, with_dimensions: bool, into_scenarios: bool
) -> None:
    """Een JSON Schema van het scenarioformaat, voor hulp in je editor."""
    from klantkoning.engine.format.schema import scenario_json_schema
    from klantkoning.engine.format.template import SCHEMA_FILE_NAME

    library = scenarios_dir(ctx)
    if into_scenarios:
        if output is not None:
            _fail(t("author.schema.two_targets"))
        output = library / SCHEMA_FILE_NAME
        try:
            library.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            _fail(t("author.error.write", file=str(output), detail=os_reason(exc)))
    dims = _dimensions_for(library) if with_dimensions else None
    text = json.dumps(scenario_json_schema(dims), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(t("author.error.write", file=str(output), detail=os_reason(exc)))
    click.echo(t("author.schema.written", file=str(output), **schema_directive(output, library)))


# -- graph -------------------------------------------------------------------------------


@cli.command("graph")
@click.argument("scenario_ref", metavar="SCENARIO")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "mermaid", "dot"]),
    default="text",
    show_default=True,
    help="text (terminal), mermaid (Markdown) of dot (Graphviz).",
)
@common_options
@click.pass_context
def graph_command(ctx: click.Context, scenario_ref: str, fmt: str) -> None:
    """De beats, keuzes en eindes van een scenario als boom of diagram."""
    from klantkoning.cli.terminal import safe_output

    safe_output()  # titles, ids and texts come from the file: no control codes out
    from klantkoning.engine.analysis.graph import marks_for, render

    loaded = _load(ctx, scenario_ref)
    scenario = _require_scenario(loaded, errors_fatal=False)
    click.echo(render(scenario, fmt, marks_for(scenario, loaded.dimensions)), nl=False)
    from klantkoning.engine.analysis.analyse import analyse

    found = analyse(scenario, loaded.dimensions)  # cached: marks_for made it already
    if found.truncated:  # on stderr, so a Mermaid or dot file stays valid
        click.echo(t("author.graph.truncated", n=found.state_count), err=True)
    _exit_for_errors(loaded)


# -- stats -------------------------------------------------------------------------------


@cli.command("stats")
@click.argument("scenario_ref", metavar="SCENARIO")
@click.option("--json", "as_json", is_flag=True, help="Uitvoer als JSON (altijd met alle tips).")
@click.option(
    "--all",
    "show_all",
    is_flag=True,
    help="Toon ook de keuzes die nergens beter scoren dan een andere (vaak bewust 'fout').",
)
@common_options
@click.pass_context
def stats_command(ctx: click.Context, scenario_ref: str, as_json: bool, show_all: bool) -> None:
    """Aantallen, scorebereik per dimensie en scoreproblemen van een scenario."""
    from klantkoning.cli.terminal import safe_output

    safe_output()  # titles, ids and texts come from the file: no control codes out
    from klantkoning.engine.analysis.stats import scoring_problems
    from klantkoning.engine.authoring.texts import stats_json, stats_text

    loaded = _load(ctx, scenario_ref)
    scenario = _require_scenario(loaded, errors_fatal=False)
    problems = scoring_problems(scenario, loaded.dimensions, source=loaded.source)
    if as_json:
        data = stats_json(scenario, loaded.dimensions, problems, str(loaded.file))
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        text = stats_text(
            scenario, loaded.dimensions, problems, str(loaded.file), show_all=show_all
        )
        click.echo(text, nl=False)
    _exit_for_errors(loaded)


# -- test --------------------------------------------------------------------------------


def _test_one(
    loaded: Loaded, samples: int, seed: int, as_json: bool
) -> tuple[bool, dict[str, object]]:
    """Run the play tests of one loaded file; print the text report unless ``as_json``."""
    from klantkoning.engine.authoring.playtest import run_tests
    from klantkoning.engine.authoring.texts import test_text

    entry = loaded.entry
    if entry.scenario is None:
        _print_problems(entry)
        click.echo(t("author.error.broken", file=str(loaded.file)), err=True)
        problems = [p.to_json() for p in entry.problems]
        return False, {"file": str(loaded.file), "ok": False, "load_problems": problems}
    has_errors = any(p.is_error for p in entry.problems)
    if has_errors:
        _print_problems(entry)
        click.echo(t("author.error.has_errors_continue"), err=True)
    report = run_tests(
        entry.scenario, dimensions=loaded.dimensions, samples=samples, seed=seed,
        scenario_file=loaded.file,
    )  # fmt: skip
    ok = report.ok and not has_errors
    data: dict[str, object] = {"file": str(loaded.file), **report.to_json(), "ok": ok}
    if has_errors:
        data["load_problems"] = [p.to_json() for p in entry.problems if p.is_error]
    if not as_json:
        click.echo(test_text(entry.scenario, report), nl=False)
    return ok, data


def _library_entries(folders: list[Path]) -> list[ScenarioEntry]:
    """Every scenario file of the library, loaded on the dimensions it scores on."""
    from klantkoning.engine.library.folders import plan_library
    from klantkoning.engine.library.loader import load_scenario_file

    existing = [f for f in folders if f.is_dir()]
    if not existing:
        return []
    return [load_scenario_file(file, dims) for file, dims in plan_library(existing).files]


@cli.command("test")
@click.argument("scenario_refs", metavar="[SCENARIO]...", nargs=-1)
@click.option(
    "--samples",
    type=click.IntRange(0, 100_000),
    default=200,
    show_default=True,
    help="Aantal willekeurige spelletjes.",
)
@click.option(
    "--seed",
    type=int,
    default=0,
    show_default=True,
    help="Startgetal van het toeval (zelfde seed, zelfde spelletjes).",
)
@click.option("--json", "as_json", is_flag=True, help="Uitvoer als JSON.")
@common_options
@click.pass_context
def test_command(
    ctx: click.Context, scenario_refs: tuple[str, ...], samples: int, seed: int, as_json: bool
) -> None:
    """Speel scenario's automatisch: elke keuze, een steekproef en je gouden spelletjes.

    Zonder SCENARIO worden alle scenario's in de bibliotheek getest.
    """
    from klantkoning.cli.terminal import safe_output

    safe_output()  # titles, ids and texts come from the file: no control codes out
    if len(scenario_refs) == 1:
        ok, data = _test_one(_load(ctx, scenario_refs[0]), samples, seed, as_json)
        if as_json:
            click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        sys.exit(0 if ok else 1)  # 1: problems found
    if scenario_refs:
        targets = [_load(ctx, ref) for ref in scenario_refs]
    else:
        folders = library_paths(ctx)
        entries = _library_entries(folders)
        if not entries:
            _fail(t("author.test.no_scenarios", folder=", ".join(map(str, folders))))
        targets = [_with_source(entry) for entry in entries]
    results = []
    for loaded in targets:
        results.append(_test_one(loaded, samples, seed, as_json))
        if not as_json:
            click.echo("")
    failed = [str(data["file"]) for ok, data in results if not ok]
    if as_json:
        document = {"ok": not failed, "scenarios": [data for _, data in results]}
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    elif failed:
        click.echo(t("author.test.summary_failed", n=len(failed), total=len(results),
                     files=", ".join(failed)))  # fmt: skip
    else:
        click.echo(t("author.test.summary_ok", total=len(results)))
    sys.exit(1 if failed else 0)


# -- preview -----------------------------------------------------------------------------


@cli.command("preview")
@click.argument("scenario_ref", metavar="FILE")
@common_options
@click.pass_context
def preview_command(ctx: click.Context, scenario_ref: str) -> None:
    """Speel een scenario mee terwijl je het schrijft; herlaadt bij elke save."""
    file = _find(ctx, scenario_ref).file
    from klantkoning.ui.app import make_app
    from klantkoning.ui.screens.preview import PreviewScreen

    resolved = file.resolve()
    app = make_app(
        library_paths(ctx), saves_dir(ctx), initial_screen=lambda: PreviewScreen(resolved)
    )
    app.run()
