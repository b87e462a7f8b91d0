"""Options every command accepts, so ``klantkoning play X --saves DIR`` works as well as
``klantkoning --saves DIR play X``."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from klantkoning import paths
from klantkoning.i18n import language_from_env, set_language, t

if TYPE_CHECKING:
    from klantkoning.engine.library.index import ScenarioEntry

F = TypeVar("F", bound=Callable[..., Any])


def _remember(key: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    def callback(ctx: click.Context, _param: click.Parameter, value: Any) -> Any:
        root = ctx.find_root()
        root.ensure_object(dict)
        if value is not None:
            root.obj[key] = value
            if key == "lang":
                set_language(value)
        return value

    return callback


def common_options(func: F) -> F:
    """Add ``--lang``, ``--scenarios`` and ``--saves`` to a subcommand."""
    func = click.option(
        "--lang",
        type=click.Choice(["nl", "en"]),
        default=None,
        expose_value=False,
        is_eager=True,
        callback=_remember("lang"),
        help="Taal / language (nl, en).",
    )(func)
    func = click.option(
        "--scenarios",
        type=click.Path(path_type=str),
        default=None,
        expose_value=False,
        callback=_remember("scenarios"),
        help="Map met scenario's (of KLANTKONING_SCENARIOS).",
    )(func)
    func = click.option(
        "--saves",
        type=click.Path(path_type=str),
        default=None,
        expose_value=False,
        callback=_remember("saves"),
        help="Map voor spelerbestanden (of KLANTKONING_SAVES).",
    )(func)
    return func


def _root_obj(ctx: click.Context) -> dict[str, Any]:
    root = ctx.find_root()
    root.ensure_object(dict)
    obj: dict[str, Any] = root.obj
    return obj


def scenarios_dir(ctx: click.Context) -> Path:
    """The active library for this invocation."""
    return paths.scenarios_dir(_root_obj(ctx).get("scenarios"))


def saves_dir(ctx: click.Context) -> Path:
    """The saves folder for this invocation."""
    return paths.saves_dir(_root_obj(ctx).get("saves"))


def language(ctx: click.Context) -> str | None:
    """The language asked for on the command line or in the environment."""
    return _root_obj(ctx).get("lang") or language_from_env()


def names_a_file(ref: str) -> bool:
    """SCENARIO names a file, not a library id: it exists, or it is written like a path."""
    return ref.endswith(".toml") or "/" in ref or "\\" in ref or Path(ref).is_file()


def find_scenario_ref(ctx: click.Context, ref: str) -> ScenarioEntry | None:
    """SCENARIO on the command line, loaded: the file it names, or the scenario with that
    id in the active library; ``None`` when there is none (each command words that itself)."""
    from klantkoning.engine.library.folders import find_scenario
    from klantkoning.engine.library.loader import load_scenario_file

    if names_a_file(ref):
        path = Path(ref)
        return load_scenario_file(path) if path.is_file() else None
    return find_scenario(ref, scenarios_dir(ctx))


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class Stop(Exception):
    """A headless play that cannot go on; the message is for the user."""


def clean(text: str) -> str:
    """Scenario text for a terminal: control characters (escape codes) removed, never run."""
    return _CONTROL.sub("", text)


def resolve_scenario(ctx: click.Context, ref: str) -> ScenarioEntry:
    """A file path or a library id -> the loaded entry; ``Stop`` when there is none."""
    if names_a_file(ref):
        entry = find_scenario_ref(ctx, ref)
        if entry is not None:
            return entry
        raise Stop(t("cli.play.file_not_found", file=ref))
    from klantkoning.engine.format.suggest import hint, suggest
    from klantkoning.engine.library.folders import find_scenario_or_ids

    folder = scenarios_dir(ctx)
    entry, known = find_scenario_or_ids(ref, folder)  # the library is loaded once
    if entry is not None:
        return entry
    raise Stop(
        t("cli.play.unknown_scenario", ref=ref, folder=str(folder), hint=hint(suggest(ref, known)))
    )
