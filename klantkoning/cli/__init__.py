"""The ``klantkoning`` command line: one click group, a module per family of commands.

UI modules are imported lazily inside the commands that need them, so ``check`` and
``play --path`` start fast and work without a terminal.
"""

from __future__ import annotations

import click

from klantkoning import __version__
from klantkoning.i18n import language_from_env, set_language


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--lang", type=click.Choice(["nl", "en"]), default=None, help="Taal van de interface.")
@click.option("--scenarios", "scenarios_opt", type=click.Path(path_type=str), default=None,
              help="Map met scenario's (of KLANTKONING_SCENARIOS).")
@click.option("--saves", "saves_opt", type=click.Path(path_type=str), default=None,
              help="Map voor spelerbestanden (of KLANTKONING_SAVES).")
@click.version_option(__version__, prog_name="klantkoning")
@click.pass_context
def cli(ctx: click.Context, lang: str | None, scenarios_opt: str | None, saves_opt: str | None) -> None:
    """Klantkoning: oefen klantgerichtheid met scenario's."""
    set_language(lang or language_from_env())
    ctx.ensure_object(dict)
    ctx.obj.update(lang=lang, scenarios=scenarios_opt, saves=saves_opt)
    if ctx.invoked_subcommand is None:
        from klantkoning.cli.app_commands import run_home

        run_home(ctx)


def _register() -> None:
    # Each module adds its commands to ``cli``; kept apart so they can grow independently.
    from klantkoning.cli import app_commands, author, check, play, workshop  # noqa: F401


def main() -> None:
    """Entry point of the ``klantkoning`` script."""
    _register()
    cli(obj={})
