"""``klantkoning guide``: the author guide, in the app or (``--print``) on stdout."""

from __future__ import annotations

import sys

import click

from klantkoning import paths
from klantkoning.cli import cli
from klantkoning.cli.common import common_options
from klantkoning.i18n import t
from klantkoning.oserror import reason


@cli.command("guide")
@click.option("--print", "to_stdout", is_flag=True, help="cli_help.guide.to_stdout")
@common_options
@click.pass_context
def guide_command(ctx: click.Context, to_stdout: bool) -> None:
    """cli_help.guide.help"""
    file = paths.guide_file()
    try:
        text = file.read_text("utf-8", errors="replace")
    except OSError as exc:
        click.echo(t("cli.error", message=t("install.guide.missing", file=str(file),
                                             detail=reason(exc))), err=True)  # fmt: skip
        ctx.exit(2)
    if to_stdout:
        from klantkoning.cli.terminal import safe_output

        safe_output()
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    from klantkoning.ui.screens.guide import GuideApp

    GuideApp(file).run()
