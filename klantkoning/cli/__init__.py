"""The ``klantkoning`` command line: one click group, a module per family of commands.

UI modules are imported lazily inside the commands that need them, so ``check`` and
``play --path`` start fast and work without a terminal.
"""

from __future__ import annotations

import importlib

import click

from klantkoning import __version__
from klantkoning.cli.language import Language, localize_command, start
from klantkoning.i18n import LANG_ENV, set_language

# Which module holds each command. A command's module is imported only when that command
# runs, so ``klantkoning check`` does not pay for the author tools or the workshop.
_COMMAND_MODULES = {
    "check": "check",
    "play": "play",
    "new": "author",
    "graph": "author",
    "stats": "author",
    "test": "author",
    "schema": "author",
    "preview": "author",
    "workshop": "workshop",
    "report": "workshop",
    "lrs": "lrs",
    "team-report": "lrs",
    "list": "listing",
    "where": "listing",
    "guide": "guide",
    "serve": "serve",
}


class LazyGroup(click.Group):
    """A group whose commands are registered by their modules on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(_COMMAND_MODULES))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = _COMMAND_MODULES.get(cmd_name)
        if cmd_name not in self.commands and module is not None:
            importlib.import_module(f"klantkoning.cli.{module}")
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            # Help texts in the language of this run (known before click parses).
            localize_command(command, cmd_name)
        return command

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # Before click parses (and may print --help): the language of this run.
        start(args)
        localize_command(self, "klantkoning")
        return super().parse_args(ctx, args)


@click.group(
    "klantkoning",
    cls=LazyGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--lang",
    type=Language(),
    default=None,
    envvar=LANG_ENV,
    help="Taal van de interface.",
)
@click.option(
    "--scenarios",
    "scenarios_opt",
    type=click.Path(path_type=str),
    default=None,
    help="Map met scenario's (of KLANTKONING_SCENARIOS).",
)
@click.option(
    "--saves",
    "saves_opt",
    type=click.Path(path_type=str),
    default=None,
    help="Map voor spelersbestanden (of KLANTKONING_SAVES).",
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=lambda ctx, _param, value: _print_version(ctx, value),
    help="Toon de versie en stop.",
)
@click.pass_context
def cli(
    ctx: click.Context, lang: str | None, scenarios_opt: str | None, saves_opt: str | None
) -> None:
    """Klantkoning: oefen klantgerichtheid met scenario's."""
    if lang:  # else the language found before parsing (a subcommand's --lang, the env) holds
        set_language(lang)
    ctx.ensure_object(dict)
    ctx.obj.update(lang=lang, scenarios=scenarios_opt, saves=saves_opt)
    if ctx.invoked_subcommand is None:
        from klantkoning.cli.app_commands import run_home

        run_home(ctx)


def _print_version(ctx: click.Context, value: bool) -> None:
    # click's own --version words its line when it is imported, before the language of
    # the run is known; this one says it in that language.
    if value and not ctx.resilient_parsing:
        from klantkoning.i18n import t

        click.echo(t("click.version") % {"prog": "klantkoning", "version": __version__})
        ctx.exit()


def main() -> None:
    """Entry point of the ``klantkoning`` script."""
    cli(obj={})
