"""``klantkoning serve``: the whole game in a browser (textual-serve), no internet needed."""

from __future__ import annotations

import click

from klantkoning.cli import cli
from klantkoning.cli.common import _root_obj, common_options, language, places
from klantkoning.i18n import t


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="cli_help.serve.host")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8000, show_default=True,
    help="cli_help.serve.port",
)  # fmt: skip
@common_options
@click.pass_context
def serve_command(ctx: click.Context, host: str, port: int) -> None:
    """cli_help.serve.help"""
    import socket

    from klantkoning.browser.server import GameServer, app_command
    from klantkoning.oserror import reason

    obj = _root_obj(ctx)
    found = places(ctx)
    # The folders of this run go to every game, so a named library or saves folder holds.
    command = app_command(obj.get("scenarios"), str(found.saves), language(ctx))
    try:  # a port in use is one clear line, not a traceback from deep in aiohttp
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        click.echo(t("cli.error", message=t("install.serve.cannot_listen", host=host, port=port,
                                             detail=reason(exc))), err=True)  # fmt: skip
        ctx.exit(2)
    GameServer(command, host, port).serve()
