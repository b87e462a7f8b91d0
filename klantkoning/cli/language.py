"""One language per run, click included.

click words its own texts ("Usage:", "Missing argument", "No such command") through
``gettext``, imported into each of its modules as ``_`` and ``ngettext``. Those names are
pointed at the catalogue here, so a Dutch run says "Gebruik:" and an English one "Usage:".
Help texts of commands and options come from the catalogue too (``cli_help.<command>.*``),
filled in when a command is first looked up, after the language of the run is known:
``--lang`` and ``KLANTKONING_LANG`` are read from the command line before click starts,
because click prints ``--help`` while it parses, before any callback could switch.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import click

from klantkoning.i18n import (
    available_languages,
    has,
    language_from_env,
    set_language,
    t,
)

# click's message ids (as in its source) -> our catalogue keys under ``click.``.
_MESSAGES = {
    "Usage:": "usage",
    "Options": "options",
    "Commands": "commands",
    "Positional arguments": "positional",
    "Show this message and exit.": "help_option",
    "Aborted!": "aborted",
    "Error: {message}": "error",
    "Try '{command} {option}' for help.": "try_help",
    "Missing argument": "missing_argument",
    "Missing option": "missing_option",
    "Missing parameter": "missing_parameter",
    "Missing parameter: {param_name}": "missing_parameter_name",
    "Missing {param_type}": "missing_param_type",
    "Missing command.": "missing_command",
    "No such command {name!r}.": "no_such_command",
    "No such option {name!r}.": "no_such_option",
    "Option {name!r} does not take a value.": "no_value",
    "Invalid value for {param_hint}: {message}": "invalid_value_for",
    "Invalid value: {message}": "invalid_value",
    "{value!r} is not a valid {number_type}.": "not_a_number",
    "{value} is not in the range {range}.": "not_in_range",
    "{value!r} is not a valid boolean. Recognized values: {states}": "not_a_boolean",
    "{name} {filename!r} does not exist.": "path_missing",
    "{name} {filename!r} is a directory.": "path_is_dir",
    "{name} {filename!r} is a file.": "path_is_file",
    "{name} {filename!r} is not readable.": "path_not_readable",
    "{name} {filename!r} is not writable.": "path_not_writable",
    "Could not open file {filename!r}: {message}": "cannot_open",
    "default: {default}": "default",
    "env var: {var}": "env_var",
    "required": "required",
    "file": "kind_file",
    "directory": "kind_directory",
    "path": "kind_path",
    "Do you want to continue?": "continue",
    "Repeat for confirmation": "repeat",
    "Press any key to continue...": "press_key",
    "Error: invalid input": "invalid_input",
    "Error: The two entered values do not match.": "no_match",
}
_PLURALS = {
    "Got unexpected extra argument ({args})": "extra_argument",
    "Did you mean {possibility}?": "did_you_mean",
    "Option {name!r} requires an argument.": "requires_argument",
    "{value!r} is not {choice}.": "not_choice",
}
_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types")


def translate(message: str) -> str:
    """click's ``gettext``: the catalogue's text for a message click knows, else as is."""
    key = _MESSAGES.get(message)
    return t(f"click.{key}") if key is not None and has(f"click.{key}") else message


def translate_plural(singular: str, plural: str, n: int) -> str:
    """click's ``ngettext``: one text for one, another for more."""
    key = _PLURALS.get(singular)
    if key is None or not has(f"click.{key}"):
        return singular if n == 1 else plural
    return t(f"click.{key}" if n == 1 else f"click.{key}_many")


def install() -> None:
    """Point click's ``_``/``ngettext`` at the catalogue (idempotent)."""
    import importlib

    for name in _CLICK_MODULES:
        module: Any = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = translate
        if hasattr(module, "ngettext"):
            module.ngettext = translate_plural


def normalise(value: str) -> str:
    """``en_GB.UTF-8`` -> ``en``: what a language setting asks for."""
    return value.strip().lower().split(".")[0].split("-")[0].split("_")[0]


class Language(click.Choice):  # type: ignore[type-arg]
    """``nl`` or ``en`` (or ``en_GB``...); refused with click's own message otherwise."""

    def __init__(self) -> None:
        super().__init__(available_languages())

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        return super().convert(normalise(str(value)), param, ctx)


def prescan(argv: Sequence[str]) -> str | None:
    """The language asked for on the command line (``--lang X``/``--lang=X``), else by
    ``KLANTKONING_LANG``; switched to at once so help and errors speak it. An unknown
    value falls back to Dutch here: click refuses it with a clear message later."""
    wanted: str | None = None
    for n, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and n + 1 < len(argv):
            wanted = argv[n + 1]
        elif arg.startswith("--lang="):
            wanted = arg.partition("=")[2]
    if wanted is None:
        wanted = language_from_env()
    if wanted is not None and normalise(wanted) in available_languages():
        set_language(normalise(wanted))
        return normalise(wanted)
    set_language(None)
    return None


# Metavars click makes up itself ("PATH", "INTEGER") and ones we wrote in Dutch.
_METAVARS = {"NAAM": "name", "BESTAND": "file", "PAD": "path", "MAP": "folder"}


def localize_command(command: click.Command, name: str | None = None) -> click.Command:
    """Help texts of ``command`` and its options from ``cli_help.<name>.*``.

    The texts in the code are the Dutch originals; a key in the catalogue wins. A help
    text that is itself a key (``cli_help.list.json``) is looked up as such.
    """
    name = name or command.name or "klantkoning"
    from klantkoning.i18n import get_language

    stamp = (name, get_language())
    if getattr(command, "_klantkoning_localized", None) == stamp:
        return command
    command._klantkoning_localized = stamp  # type: ignore[attr-defined]
    help_key = f"cli_help.{name}.help"
    if has(help_key):
        command.help = t(help_key)
        command.short_help = None
    elif command.help and command.help.startswith("cli_help."):
        command.help = t(command.help)
    if hasattr(command, "_help_option"):
        command._help_option = None  # click caches it with its text in the first language
    command.options_metavar = t("click.options_metavar")
    if isinstance(command, click.Group):
        command.subcommand_metavar = t("click.subcommand_metavar")
    for param in command.params:
        _localize_param(name, param)
    return command


def _localize_param(command: str, param: click.Parameter) -> None:
    pname = param.name or ""
    for key in (f"cli_help.{command}.{pname}", f"cli_help.common.{pname}"):
        if isinstance(param, click.Option) and has(key):
            param.help = t(key)
            break
    else:
        if isinstance(param, click.Option) and param.help and param.help.startswith("cli_help."):
            param.help = t(param.help)
    metavar_key = f"cli_help.{command}.{pname}_metavar"
    if has(metavar_key):
        param.metavar = t(metavar_key)
    elif param.metavar in _METAVARS:
        param.metavar = t(f"click.metavar_{_METAVARS[param.metavar]}")
    elif param.metavar is None and isinstance(param, click.Option) and not param.is_flag:
        kind = _type_metavar(param.type)
        if kind is not None:
            param.metavar = kind


def _type_metavar(kind: Any) -> str | None:
    if isinstance(kind, click.Path):
        return t("click.metavar_path")
    if isinstance(kind, click.IntRange):
        return t("click.metavar_int_range")
    if isinstance(kind, click.types.IntParamType):
        return t("click.metavar_int")
    return None


def start(argv: Sequence[str] | None = None) -> None:
    """Before click parses: the language of this run, and click speaking it."""
    prescan(list(sys.argv[1:] if argv is None else argv))
    install()
