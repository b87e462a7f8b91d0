"""Where scenarios and saves live: flags first, then the environment, then defaults."""

from __future__ import annotations

import os
from pathlib import Path

SCENARIOS_ENV = "KLANTKONING_SCENARIOS"
SAVES_ENV = "KLANTKONING_SAVES"


def builtin_scenarios_dir() -> Path:
    """The library shipped with the game: inside the wheel, or ``scenarios/`` of a checkout."""
    packaged = Path(__file__).parent / "_scenarios"
    if packaged.is_dir():
        return packaged
    return Path(__file__).parent.parent / "scenarios"


def scenarios_dir(option: str | Path | None = None, cwd: Path | None = None) -> Path:
    """The library: ``--scenarios``, ``$KLANTKONING_SCENARIOS``, ``./scenarios``, or built-in."""
    if option:
        return Path(option)
    env = os.environ.get(SCENARIOS_ENV)
    if env:
        return Path(env)
    local = (cwd or Path.cwd()) / "scenarios"
    if local.is_dir():
        return local
    return builtin_scenarios_dir()


def saves_dir(option: str | Path | None = None, cwd: Path | None = None) -> Path:
    """Where player saves go: ``--saves``, ``$KLANTKONING_SAVES``, else ``./saves``."""
    if option:
        return Path(option)
    env = os.environ.get(SAVES_ENV)
    if env:
        return Path(env)
    return (cwd or Path.cwd()) / "saves"


CONFIG_ENV = "KLANTKONING_CONFIG"


def config_file() -> Path:
    """The user's settings file: ``$KLANTKONING_CONFIG``, else ``klantkoning.toml`` in the
    user's config folder (``$XDG_CONFIG_HOME/klantkoning`` on Linux)."""
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env)
    from platformdirs import user_config_path

    return user_config_path("klantkoning", appauthor=False) / "klantkoning.toml"
