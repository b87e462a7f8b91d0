"""Commands: ``workshop`` (run a group session on a shared screen) and ``report`` (export one)."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from klantkoning.cli import cli
from klantkoning.cli.common import (
    common_options,
    language,
    library,
    library_paths,
    not_found_text,
    saves_dir,
)
from klantkoning.cli.terminal import protect_terminal
from klantkoning.engine.library.index import ScenarioEntry
from klantkoning.i18n import t
from klantkoning.oserror import reason as os_reason


def _fail(message: str) -> NoReturn:
    """One clear line on stderr and exit code 2 (wrong use or unreadable input)."""
    click.echo(message, err=True)
    sys.exit(2)


def _workshop_files_hint(ctx: click.Context, given: Path) -> str:
    """The workshop files there are (the nearest to ``given`` first), for "not found"."""
    folder = saves_dir(ctx) / "workshops"
    try:
        files = sorted(p.name for p in folder.glob("*.toml") if ".corrupt-" not in p.name)
    except OSError:
        files = []
    if not files:
        return t("workshop.cli.no_files", folder=str(folder))
    from klantkoning.engine.format.suggest import hint, suggest

    near = suggest(given.name, files)
    if near is not None:  # the whole path: report takes a file, not a name in the folder
        return hint(str(folder / near))
    return t("workshop.cli.files_here", folder=str(folder), files=", ".join(files[-5:]))


def _error_text(exc: Exception) -> str:
    from klantkoning.engine.workshop import WorkshopError

    if isinstance(exc, WorkshopError):
        return t(exc.code, **exc.params)
    return str(exc)


@cli.command("workshop")
@click.argument("scenario_ids", nargs=-1, metavar="[SCENARIO]...")
@click.option(
    "--resume",
    "resume",
    is_flag=False,
    flag_value="latest",
    default=None,
    metavar="[FILE]",
    help="Ga verder met de laatste onafgemaakte workshop, of met FILE.",
)
@click.option("--room", is_flag=True, help="Open de zaal: deelnemers stemmen op hun telefoon.")
@click.option("--host", default=None, help="Adres van de zaal (standaard: het netwerkadres).")
@click.option("--port", type=int, default=8080, show_default=True, help="Poort van de zaal.")
@click.option("--code", default=None, metavar="NNNN", help="Vaste zaalcode (anders willekeurig).")
@click.option("--teams", default=None, metavar="A,B,C", help="Teams; start meteen per team.")
@click.option("--whole-room", is_flag=True, help="Start meteen met de hele zaal als één groep.")
@common_options
@click.pass_context
def workshop_command(
    ctx: click.Context,
    scenario_ids: tuple[str, ...],
    resume: str | None,
    room: bool,
    host: str | None,
    port: int,
    code: str | None,
    teams: str | None,
    whole_room: bool,
) -> None:
    """Start een workshop voor een groep op een gedeeld scherm (SCENARIO's in volgorde)."""
    from klantkoning.engine.workshop import WorkshopError, latest_unfinished, load_workshop

    lib_dir, saves = library_paths(ctx), saves_dir(ctx)
    protect_terminal(stdout=False)  # the screen draws on stdout; messages go to stderr
    room_options = _room_options(room, host, port, code)
    if resume is not None and (teams is not None or whole_room):
        _fail(t("room.cli.resume_with_setup"))
    if teams is not None and whole_room:
        _fail(t("room.cli.teams_and_room"))
    factory: Any
    if teams is not None or whole_room:
        workshop = _start_now(ctx, scenario_ids, teams, whole_room)

        def factory() -> Any:
            from klantkoning.ui.screens.workshop_play import WorkshopScreen

            return WorkshopScreen(workshop)

    elif resume is not None:
        if resume == "latest":
            found = latest_unfinished(saves)
            if found is None:
                _fail(t("workshop.cli.nothing_to_resume", folder=str(saves / "workshops")))
            file = found.path
        else:
            file = Path(resume)
        try:
            workshop, notices = load_workshop(file, library(ctx))
        except WorkshopError as exc:
            _fail(_error_text(exc))
        if workshop.is_done:
            _fail(t("workshop.cli.already_done", file=str(file)))
        if room_options is not None and workshop.room is not None:
            # The phones joined with the workshop's own code: the room opens with it, so
            # the code announced at start-up is the one that works.
            if code is not None and code != workshop.room.code:
                _fail(t("room.cli.resume_code", code=code, kept=workshop.room.code))
            room_options = dataclasses.replace(room_options, code=workshop.room.code)

        def factory() -> Any:
            from klantkoning.ui.screens.workshop_play import WorkshopScreen

            return WorkshopScreen(workshop, notices=notices, resumed=True)

    else:
        _agenda(ctx, scenario_ids)  # refuse a bad agenda before the screen opens

        def factory() -> Any:
            from klantkoning.ui.screens.workshop_setup import WorkshopSetupScreen

            return WorkshopSetupScreen(agenda=list(scenario_ids))

    from klantkoning.ui.app import make_app

    app = make_app(lib_dir, saves, initial_screen=factory, room=room_options)
    app.run()
    if app.return_code:
        sys.exit(app.return_code)


def _room_options(room: bool, host: str | None, port: int, code: str | None) -> Any:
    """The room server's options when ``--room`` is given (checked before any screen)."""
    if not room:
        return None
    from klantkoning.engine.workshop.phones import valid_code
    from klantkoning.web.server import RoomOptions

    if code is not None and not valid_code(code):
        _fail(t("room.cli.bad_code", code=code))
    if not 1 <= port <= 65535:
        _fail(t("room.cli.bad_port"))
    return RoomOptions(host=host, port=port, code=code)


def _agenda(ctx: click.Context, scenario_ids: tuple[str, ...]) -> list[ScenarioEntry]:
    """The library's entries for ``scenario_ids``; a missing or broken one stops the command."""
    loaded = library(ctx)
    entries = []
    for ref in scenario_ids:
        entry = loaded.get(ref)
        if entry is None:
            _fail(not_found_text(ctx, ref, "workshop.cli.no_such_scenario", scenario=ref))
        if not entry.ok:
            _fail(t("workshop.cli.broken_scenario", scenario=ref))
        entries.append(entry)
    return entries


def _start_now(
    ctx: click.Context, scenario_ids: tuple[str, ...], teams: str | None, room: bool
) -> Any:
    """A new workshop from the command line alone (``--teams`` or ``--whole-room``)."""
    from klantkoning.engine.workshop import Workshop, WorkshopError, WorkshopSettings
    from klantkoning.i18n import get_language

    if not scenario_ids:
        _fail(t("room.cli.no_agenda"))
    loaded = library(ctx)
    agenda = [(e.scenario, e.content_hash) for e in _agenda(ctx, scenario_ids) if e.scenario]
    names = tuple(n.strip() for n in (teams or "").split(",") if n.strip())
    settings = WorkshopSettings(mode="room" if room else "teams", teams=names)
    try:
        return Workshop(agenda, settings, dimensions=loaded.dimensions, language=get_language())
    except WorkshopError as exc:
        _fail(_error_text(exc))


@cli.command("report")
@click.argument("workshop_file", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html", "csv"]),
    default="md",
    show_default=True,
    help="Markdown, HTML (zelfstandig, te mailen) of CSV (elke stem).",
)
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(path_type=Path),
    default=None,
    help="Schrijf naar dit bestand in plaats van naar het scherm.",
)
@common_options
@click.pass_context
def report_command(ctx: click.Context, workshop_file: Path, fmt: str, output: Path | None) -> None:
    """Maak een verslag van een workshopbestand (Markdown, HTML of CSV)."""
    from klantkoning.cli.terminal import safe_output

    safe_output()  # names, ids and texts come from files: no control codes out
    from klantkoning.engine.atomic import atomic_write_text
    from klantkoning.engine.workshop import WorkshopError, load_workshop
    from klantkoning.i18n import available_languages, set_language
    from klantkoning.report import render

    try:
        workshop, notices = load_workshop(workshop_file, library(ctx))
    except WorkshopError as exc:
        if exc.code == "workshop.error.no_file":
            _fail(_error_text(exc) + _workshop_files_hint(ctx, workshop_file))
        _fail(_error_text(exc))
    if language(ctx) is None and workshop.language in available_languages():
        # Without --lang the report speaks the language the session was run in.
        set_language(workshop.language)
    for code, params in notices:
        click.echo(t(code, **params), err=True)
    text = render(workshop, fmt)
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        atomic_write_text(output, text)
    except OSError as exc:
        _fail(t("workshop.cli.cannot_write", file=str(output), detail=os_reason(exc)))
    click.echo(t("workshop.cli.written", file=str(output)), err=True)
