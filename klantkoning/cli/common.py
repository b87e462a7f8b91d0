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
    from klantkoning.engine.library.index import Library, ScenarioEntry

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


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
    from klantkoning.cli.language import Language

    func = click.option(
        "--lang",
        type=Language(),
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
        help="Map voor spelersbestanden (of KLANTKONING_SAVES).",
    )(func)
    return func


def _root_obj(ctx: click.Context) -> dict[str, Any]:
    root = ctx.find_root()
    root.ensure_object(dict)
    obj: dict[str, Any] = root.obj
    return obj


def places(ctx: click.Context) -> paths.Places:
    """Every folder this invocation uses (see :mod:`klantkoning.paths`), worked out once."""
    obj = _root_obj(ctx)
    key = (obj.get("scenarios"), obj.get("saves"))
    return _kept(ctx, "_places", key, lambda: paths.places(*key))


def scenarios_dir(ctx: click.Context) -> Path:
    """The folder of the user's own scenarios (or the one named): where ``new`` writes."""
    return places(ctx).user_scenarios


def library_paths(ctx: click.Context) -> list[Path]:
    """The library of this invocation: built-in, the user's own folder, the ones named."""
    return places(ctx).library


def library_text(ctx: click.Context) -> str:
    """The library's folders, for a message."""
    return ", ".join(str(p) for p in library_paths(ctx))


def saves_dir(ctx: click.Context) -> Path:
    """The saves folder for this invocation."""
    return places(ctx).saves


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
        if not path.is_file():
            return None
        wrong = wrong_kind(path, "scenario")
        if wrong is not None:
            raise Stop(wrong)
        return load_scenario_file(path)
    return find_scenario(ref, library_paths(ctx), lambda: library(ctx))


def library(ctx: click.Context) -> Library:
    """The library of this invocation, loaded once and kept for the rest of the run."""
    from klantkoning.engine.library.folders import load_library

    key = tuple(library_paths(ctx))
    return _kept(ctx, "_library", key, lambda: load_library(list(key)))


def _kept(ctx: click.Context, slot: str, key: object, make: Callable[[], T]) -> T:
    """``make()``, kept in the invocation under ``slot`` while its ``key`` stays the same."""
    obj = _root_obj(ctx)
    cached = obj.get(slot)
    if cached is None or cached[0] != key:
        cached = obj[slot] = (key, make())
    found: T = cached[1]
    return found


def wrong_kind(path: Path, wanted: str) -> str | None:
    """A message when ``path`` is a klantkoning file of another kind than ``wanted``."""
    import tomllib

    from klantkoning.engine.format.kinds import file_kind

    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None  # the loader reports an unreadable file with its place
    kind = file_kind(data)
    # A golden file has its own message (which scenario to give instead).
    if kind is None or kind == wanted or kind == "golden":
        return None
    return t(f"install.kind.not_{wanted}", file=str(path), kind=t(f"kind.{kind}"))


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class Stop(Exception):
    """A headless play that cannot go on; the message is for the user."""


def clean(text: str) -> str:
    """Scenario text for a terminal: control characters (escape codes) removed, never run."""
    return _CONTROL.sub("", text)


def resolve_scenario(ctx: click.Context, ref: str) -> ScenarioEntry:
    """A file path or a library id -> the loaded entry; ``Stop`` when there is none."""
    entry = find_scenario_ref(ctx, ref)
    if entry is not None:
        return entry
    if names_a_file(ref):
        raise Stop(t("cli.play.file_not_found", file=ref))
    raise Stop(not_found_text(ctx, ref, "cli.play.unknown_scenario"))


def known_ids(ctx: click.Context) -> list[str]:
    """Every scenario id of the library, from the cached index (no scenario is parsed)."""
    return [entry.id for entry in library(ctx).entries]


def not_found_text(ctx: click.Context, ref: str, key: str, **params: object) -> str:
    """``key`` for an id that is not in the library, with the nearest ids named."""
    return t(key, ref=ref, folder=library_text(ctx), hint=nearest_hint(ref, known_ids(ctx)),
             **params)  # fmt: skip


def nearest_hint(ref: str, known: list[str], fallback: str = "install.see_list") -> str:
    """`` Bedoel je 'a'?`` or `` Bedoel je: a, b?`` with the ids (or names) closest to
    ``ref``; else ``fallback`` (where to see them all)."""
    import difflib

    from klantkoning.engine.format.suggest import hint

    unique = list(dict.fromkeys(k for k in known if k != ref))
    # Compared without capitals (player names have them), answered as written.
    folded = {k.casefold(): k for k in reversed(unique)}
    want = ref.casefold()
    close = [folded[k] for k in difflib.get_close_matches(want, list(folded), n=3, cutoff=0.5)]
    if not close:
        close = [k for k in unique if want in k.casefold() or k.casefold() in want][:3]
    if len(close) == 1:
        return hint(close[0])
    if close and fallback == "install.see_list":
        return t("install.nearest", ids=", ".join(close))
    if close:
        return t("install.nearest_name", names=", ".join(close))
    return t(fallback) if fallback else ""
