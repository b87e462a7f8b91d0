"""Where scenarios and saves live: flags first, then the environment, then defaults.

Installed, the game keeps a player's saves and an author's own scenarios in the user's
data folder (platformdirs: ``~/.local/share/klantkoning`` on Linux, honouring
``XDG_DATA_HOME``; ``%LOCALAPPDATA%\\klantkoning`` on Windows). ``./saves`` and
``./scenarios`` are used only in a checkout of this project (our own ``pyproject.toml``
next to them), or when named with ``--saves``/``--scenarios`` or the environment.

The library is always the folders named plus the user's folder plus the built-in
scenarios: writing a scenario of your own never hides the built-in ones.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

SCENARIOS_ENV = "KLANTKONING_SCENARIOS"
SAVES_ENV = "KLANTKONING_SAVES"
APP_NAME = "klantkoning"

_OUR_NAME = re.compile(r'^\s*name\s*=\s*"klantkoning"\s*$', re.MULTILINE)


def builtin_scenarios_dir() -> Path:
    """The library shipped with the game: inside the wheel, or ``scenarios/`` of a checkout."""
    packaged = Path(__file__).parent / "_scenarios"
    if packaged.is_dir():
        return packaged
    return Path(__file__).parent.parent / "scenarios"


def guide_file() -> Path:
    """The author guide: inside the wheel (``_docs``), or ``docs/`` of a checkout."""
    packaged = Path(__file__).parent / "_docs" / "auteurs.md"
    if packaged.is_file():
        return packaged
    return Path(__file__).parent.parent / "docs" / "auteurs.md"


def user_data_dir() -> Path:
    """The user's own data folder for the game (not created here)."""
    # Imported here: platformdirs is only needed when no folder was named.
    from platformdirs import user_data_path

    return Path(user_data_path(APP_NAME, appauthor=False, roaming=False))


def cache_dir() -> Path:
    """The user's cache folder for the game (an overview of the library, the compiled
    catalogue; safe to delete)."""
    if sys.platform.startswith("linux"):
        # What platformdirs answers on Linux, without importing it on the start path.
        base = os.environ.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
        return Path(base) / APP_NAME
    from platformdirs import user_cache_path

    return Path(user_cache_path(APP_NAME, appauthor=False))


def checkout_root(cwd: Path | None = None) -> Path | None:
    """``cwd`` when it is a checkout of this project: our ``pyproject.toml`` is there."""
    folder = cwd or Path.cwd()
    try:
        text = (folder / "pyproject.toml").read_text("utf-8", errors="replace")
    except OSError:
        return None
    return folder if _OUR_NAME.search(text) else None


def _env_paths(name: str) -> list[Path]:
    value = os.environ.get(name, "")
    return [Path(p) for p in value.split(os.pathsep) if p.strip()]


@dataclass
class Places:
    """The folders one run uses, and why (for ``klantkoning where``)."""

    builtin: Path
    own_scenarios: Path
    """The user's own scenarios in their data folder (read when it exists)."""
    named_scenarios: list[Path] = field(default_factory=list)
    saves: Path = Path("saves")
    saves_source: str = "user"
    """``option``, ``env``, ``checkout`` or ``user``."""
    scenarios_source: str = "user"

    @property
    def user_scenarios(self) -> Path:
        """Where ``new`` writes: the first folder named, else the user's own folder."""
        return self.named_scenarios[0] if self.named_scenarios else self.own_scenarios

    @property
    def library(self) -> list[Path]:
        """Every folder of the library, each once: the built-in one, the ones named, then
        the user's own. An id in two folders is reported (``duplicate_id``) on the later
        file, naming both, and the earlier one keeps it: so a copy of a built-in scenario
        under the same id never hides the built-in (the error lands on the copy, which the
        author can change), and a folder named for this run goes before the user's own.
        """
        out: list[Path] = []
        seen: set[Path] = set()
        for folder in [self.builtin, *self.named_scenarios, self.own_scenarios]:
            try:
                key = folder.resolve()
            except OSError:
                key = folder
            if key in seen:
                continue
            seen.add(key)
            # The user's folder counts once it exists; a named one always (a missing
            # folder named on purpose is reported by the commands that read it).
            if folder is self.own_scenarios and not folder.is_dir():
                continue
            out.append(folder)
        return out


def places(
    scenarios: str | Path | None = None,
    saves: str | Path | None = None,
    cwd: Path | None = None,
) -> Places:
    """Where this run keeps its data: ``--scenarios``/``--saves`` first, then the
    environment variables, then a checkout's own folders, then the user's data folder."""
    here = cwd or Path.cwd()
    checkout = checkout_root(here)
    builtin = builtin_scenarios_dir()

    named: list[Path] = []
    if scenarios:
        named, scen_source = [Path(scenarios)], "option"
    elif env := _env_paths(SCENARIOS_ENV):
        named, scen_source = env, "env"
    elif checkout is not None and (checkout / "scenarios").is_dir():
        named, scen_source = [checkout / "scenarios"], "checkout"
    else:
        scen_source = "user"
    data = user_data_dir()

    if saves:
        saves_path, saves_source = Path(saves), "option"
    elif env_saves := os.environ.get(SAVES_ENV):
        saves_path, saves_source = Path(env_saves), "env"
    elif checkout is not None and (checkout / "saves").is_dir():
        saves_path, saves_source = checkout / "saves", "checkout"
    else:
        saves_path, saves_source = data / "saves", "user"
    return Places(builtin, data / "scenarios", named, saves_path, saves_source, scen_source)


CONFIG_ENV = "KLANTKONING_CONFIG"


def config_file() -> Path:
    """The user's settings file: ``$KLANTKONING_CONFIG``, else ``klantkoning.toml`` in the
    user's config folder (``$XDG_CONFIG_HOME/klantkoning`` on Linux)."""
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env)
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / "klantkoning.toml"
