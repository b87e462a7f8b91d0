"""Starting the Textual app from the command line: the home screen, or one play at once."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from klantkoning.cli.common import Stop, library_paths, names_a_file, resolve_scenario, saves_dir
from klantkoning.i18n import t


def _run(
    scenarios: Path | list[Path],
    saves: Path,
    *,
    player: str | None = None,
    scenario: str | None = None,
) -> None:
    # Imported here so `check` and `play --path` never pay for Textual.
    from klantkoning.ui.app import make_app

    app = make_app(scenarios, saves, player=player, scenario=scenario)
    app.run()
    if app.return_code:
        sys.exit(app.return_code)
    if player is not None and _UNSAVED & {n.code for n in app.store.notices}:
        # The screen said so already; the shell (a script, a kiosk) must know it too.
        click.echo(t("cli.play.not_saved", player=player), err=True)
        sys.exit(1)


_UNSAVED = {"not_writable", "write_failed", "not_saved", "newer_format"}
"""Save notices after which (some of) the play is not on disk."""


def run_home(ctx: click.Context) -> None:
    """``klantkoning`` without a command: the home screen."""
    _run(library_paths(ctx), saves_dir(ctx))


def run_play(ctx: click.Context, scenario_ref: str, player: str | None) -> None:
    """``klantkoning play SCENARIO [--player NAME]``: that scenario at once, for that player.

    ``scenario_ref`` is a scenario id in the active library, or the path of a scenario
    file (then that file is the library). An unknown or broken scenario, or a player name
    that cannot be used, is a one-line message and exit code 2 (as ``play --path``).
    """
    try:
        entry = resolve_scenario(ctx, scenario_ref)
    except Stop as stop:
        _fail(ctx, str(stop))
        return
    if not entry.ok:
        problem = entry.first_error
        where = problem.location() if problem else str(entry.file)
        detail = problem.message if problem else ""
        _fail(ctx, t("common.broken_scenario", scenario=entry.id, where=where, message=detail))
        return
    if player is not None:
        from klantkoning.engine.saves.store import SaveError, clean_name

        try:
            player = clean_name(player)
        except SaveError as exc:
            _fail(ctx, exc.message)
            return
    # A scenario given as a file is its own library.
    scenarios = entry.file if names_a_file(scenario_ref) else library_paths(ctx)
    _run(scenarios, saves_dir(ctx), player=player, scenario=entry.id)


def _fail(ctx: click.Context, message: str) -> None:
    click.echo(t("cli.error", message=message), err=True)
    ctx.exit(2)
