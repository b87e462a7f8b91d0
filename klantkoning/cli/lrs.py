"""Commands: ``lrs status|push|test`` (learning records) and ``team-report`` (a team overview)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from klantkoning.cli import cli
from klantkoning.cli.common import clean, common_options, saves_dir
from klantkoning.cli.common import library as invocation_library
from klantkoning.i18n import t
from klantkoning.oserror import reason as os_reason

if TYPE_CHECKING:
    from klantkoning.engine.records.config import LrsConfig


def _fail(message: str, code: int = 1) -> NoReturn:
    click.echo(t("cli.error", message=clean(message)), err=True)
    sys.exit(code)


def load_lrs_config() -> LrsConfig | None:
    """The configured LRS, or ``None``; a broken configuration stops with exit code 2."""
    from klantkoning import paths
    from klantkoning.engine.records.config import ConfigError, load_config

    try:
        return load_config(paths.config_file())
    except ConfigError as exc:
        problem = exc.problem
        _fail(t("lrs.cli.config_error", where=problem.location(), message=problem.message), 2)


def error_text(kind: str, detail: str) -> str:
    """One clear line for a failure of ``kind`` (unreachable, auth, refused, server, outbox)."""
    return t(f"lrs.cli.error_{kind}", detail=clean(detail))


def _require_config() -> LrsConfig:
    from klantkoning import paths

    config = load_lrs_config()
    if config is None:
        _fail(t("lrs.cli.not_configured", file=str(paths.config_file())), 2)
    return config


class _LrsGroup(click.Group):
    """``lrs``: its subcommands' help in the language of the run, as every command's."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        from klantkoning.cli.language import localize_command

        command = super().get_command(ctx, cmd_name)
        return localize_command(command, f"lrs-{cmd_name}") if command is not None else None


@cli.group("lrs", cls=_LrsGroup, help="cli_help.lrs.help")
@common_options
def lrs_group() -> None:
    """Learning records (xAPI)."""


@lrs_group.command("status", help="cli_help.lrs-status.help")
@common_options
@click.pass_context
def status_command(ctx: click.Context) -> None:
    from klantkoning import paths
    from klantkoning.engine.records.outbox import Outbox

    config = load_lrs_config()
    outbox = Outbox(saves_dir(ctx))
    status = outbox.status()
    if config is None:
        click.echo(t("lrs.cli.not_configured", file=str(paths.config_file())))
    else:
        click.echo(t("lrs.cli.endpoint", endpoint=clean(config.describe())))
    click.echo(t("lrs.cli.outbox", folder=str(outbox.folder)))
    click.echo(t("lrs.cli.queued", n=status.queued))
    if status.oldest:
        click.echo(t("lrs.cli.oldest", time=status.oldest))
    if status.broken:
        click.echo(t("lrs.cli.broken", n=status.broken))
    if status.last_sent:
        click.echo(t("lrs.cli.sent_total", n=status.sent_total, time=status.last_sent))
    else:
        click.echo(t("lrs.cli.never_sent"))
    if status.last_error:
        message = error_text(status.last_error_kind or "server", status.last_error)
        click.echo(t("lrs.cli.last_error", time=status.last_error_time or "", message=message))


@lrs_group.command("push", help="cli_help.lrs-push.help")
@common_options
@click.pass_context
def push_command(ctx: click.Context) -> None:
    from klantkoning.engine.records.client import LrsClient
    from klantkoning.engine.records.outbox import Outbox
    from klantkoning.engine.records.sender import push

    config = _require_config()
    try:
        result = push(Outbox(saves_dir(ctx)), LrsClient(config))
    except OSError as exc:
        _fail(error_text("outbox", os_reason(exc)))
    if result.error is not None:
        message = error_text(result.error.kind, result.error.detail)
        _fail(
            t("lrs.cli.push_failed", sent=result.sent, remaining=result.remaining, message=message)
        )
    click.echo(t("lrs.cli.pushed", n=result.sent) if result.sent else t("lrs.cli.nothing"))


@lrs_group.command("test", help="cli_help.lrs-test.help")
@common_options
def test_command() -> None:
    from klantkoning.engine.records.client import LrsClient, LrsError

    config = _require_config()
    try:
        LrsClient(config).check()
    except LrsError as exc:
        _fail(error_text(exc.kind, exc.detail))
    click.echo(t("lrs.cli.test_ok", endpoint=clean(config.url), user=clean(config.user)))


@cli.command("team-report", help="cli_help.team-report.help")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html", "csv"]),
    default="md",
    show_default=True,
    help="cli_help.team-report.fmt",
)
@click.option("--anonymous", is_flag=True, help="cli_help.team-report.anonymous")
@click.option("--from-lrs", "from_lrs", is_flag=True, help="cli_help.team-report.from_lrs")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="cli_help.team-report.output",
)
@common_options
@click.pass_context
def team_report_command(
    ctx: click.Context, fmt: str, anonymous: bool, from_lrs: bool, output: Path | None
) -> None:
    from klantkoning.engine.atomic import atomic_write_text
    from klantkoning.engine.records.client import LrsClient, LrsError
    from klantkoning.engine.records.team import overview, profiles_from_lrs, profiles_from_saves
    from klantkoning.report.team import render_team

    library = invocation_library(ctx)
    if from_lrs:
        try:
            profiles = profiles_from_lrs(LrsClient(_require_config()))
        except LrsError as exc:
            _fail(error_text(exc.kind, exc.detail))
        source = "lrs"
    else:
        profiles, notices = profiles_from_saves(saves_dir(ctx))
        for notice in notices:
            click.echo(clean(notice), err=True)
        source = "saves"
    text = render_team(overview(profiles, library, source, anonymous), library.dimensions, fmt)
    if output is None:
        click.echo(clean(text) if fmt == "md" else text, nl=False)
        return
    try:
        atomic_write_text(output, text)
    except OSError as exc:
        _fail(t("lrs.cli.cannot_write", file=str(output), detail=os_reason(exc)))
    click.echo(t("lrs.cli.written", file=str(output)), err=True)
