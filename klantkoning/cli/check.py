"""``klantkoning check``: validate scenario files and folders, list every problem at once.

Kept lean on purpose: it imports the engine and click only (no rich, no Textual), because
authors run it often and CI runs it on whole libraries.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import click

from klantkoning.cli import cli
from klantkoning.cli.common import (
    common_options,
    library,
    library_paths,
    names_a_file,
    not_found_text,
)
from klantkoning.cli.terminal import safe_output
from klantkoning.engine.format.problems import Problem
from klantkoning.i18n import t


def format_problem(problem: Problem) -> str:
    """``file:line:col: fout: path: message [code]`` — one line, as editors and CI read it."""
    parts = [problem.location(), t(f"check.severity.{problem.severity}")]
    if problem.path:
        parts.append(problem.path)
    return ": ".join(parts) + f": {problem.message} [{problem.code}]"


def sorted_problems(problems: list[Problem]) -> list[Problem]:
    """Grouped by file (in file-name order), then by line."""
    return sorted(problems, key=lambda p: (p.file, p.line or 0, p.column or 0))


def _targets(ctx: click.Context, given: tuple[Path, ...]) -> list[Path]:
    """The paths to check: files and folders as given, a library id as its file.

    Without any, the whole library. An id that is not in the library exits 2.
    """
    if not given:
        return library_paths(ctx)
    out: list[Path] = []
    for path in given:
        text = str(path)
        if path.exists() or names_a_file(text):
            out.append(path)
            continue
        entry = library(ctx).get(text)
        if entry is None:
            click.echo(t("cli.error", message=not_found_text(ctx, text, "install.no_such_id")),
                       err=True)  # fmt: skip
            ctx.exit(2)
        out.append(entry.file)
    return out


@cli.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Waarschuwingen tellen ook als fout.")
@click.option("--json", "as_json", is_flag=True, help="Problemen als JSON-lijst.")
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Aantal processen (standaard: de beschikbare kernen).",
)
@common_options
@click.pass_context
def check(
    ctx: click.Context, paths: tuple[Path, ...], strict: bool, as_json: bool, jobs: int | None
) -> None:
    """Controleer scenariobestanden en mappen (standaard: de actieve bibliotheek).

    Toont ALLE problemen van alle bestanden, met bestand, regel en plek in het bestand
    (lijstposities tellen vanaf 1: choices[2] is de tweede keuze). Exitcode 1 bij een
    fout (met --strict ook bij een waarschuwing), 2 bij verkeerd gebruik, anders 0.
    """
    # Importing the engine and checking build objects that live until exit: collecting
    # garbage meanwhile finds nothing to free, so the collector stays off until the end.
    enabled = gc.isenabled()
    gc.disable()
    try:
        from klantkoning.engine.library.checker import check_paths

        safe_output()
        gc.freeze()  # what exists now lives until exit: keep later collections off it
        targets = _targets(ctx, paths)
        report = check_paths(targets, jobs)
    finally:
        if enabled:
            gc.enable()
    problems = sorted_problems(report.problems)
    named = {str(path) for path in targets} if paths else set()
    errors, warnings = report.errors, report.warnings

    if as_json:
        import json

        sys.stdout.write(
            json.dumps([p.to_json() for p in problems], ensure_ascii=False, indent=2) + "\n"
        )
    else:
        lines = [format_problem(p) for p in problems]
        if problems:
            lines.append(
                t("cli.check.summary", files=report.scenarios, errors=errors, warnings=warnings)
            )
        else:
            lines.append(t("cli.check.ok", files=report.scenarios))
        sys.stdout.write("\n".join(lines) + "\n")
    sys.stdout.flush()
    # Every problem is listed in one run, a missing path too; but a path that is not there
    # is wrong input, and exits 2 like an unknown id in every other command.
    if any(p.code == "not_found" and p.file in named for p in problems):
        ctx.exit(2)
    ctx.exit(1 if errors or (strict and warnings) else 0)
