"""A cached overview of a library: counts and titles without loading a single scenario.

The home screen shows how many scenarios there are and the title of a player's unfinished
play. Loading the library for that means importing pydantic and validating every file:
the slowest part of starting the game. The overview is kept in a small JSON file (in the
user's cache folder) next to the size and modification time of every file it was made
from; when any of them changed, it is not used and the library is loaded as before.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from klantkoning.engine.atomic import atomic_write_text

if TYPE_CHECKING:  # the point of this module is to not load scenarios (nor pydantic)
    from klantkoning.engine.library.index import Library

CACHE_FORMAT = 1


@dataclass
class LibraryOverview:
    """What the home screen shows of a library."""

    roots: list[Path]
    titles: dict[str, str] = field(default_factory=dict)
    """Every scenario that loaded, by id (the first file with an id wins)."""
    playable_count: int = 0
    broken_count: int = 0

    @property
    def empty(self) -> bool:
        return self.playable_count + self.broken_count == 0

    def title(self, scenario_id: str) -> str:
        """The scenario's title; its id when the library has no such scenario."""
        return self.titles.get(scenario_id, scenario_id)


def overview_of(library: Library) -> LibraryOverview:
    """The overview of a loaded library."""
    titles: dict[str, str] = {}
    for entry in library.entries:
        if entry.scenario is not None:
            titles.setdefault(entry.id, entry.scenario.scenario.title)
    return LibraryOverview(list(library.roots), titles, len(library.playable), len(library.broken))


def signature(paths: Sequence[Path]) -> list[list[Any]]:
    """Every TOML file under ``paths`` with its size and modification time."""
    out: list[list[Any]] = []
    for root in paths:
        out.append([str(root), root.is_dir(), root.is_file()])
        if root.is_file():
            stat = root.stat()
            out.append([str(root), stat.st_size, stat.st_mtime_ns])
            continue
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.endswith(".toml"):
                    file = Path(folder, name)
                    try:
                        stat = file.stat()
                    except OSError:
                        continue
                    out.append([str(file), stat.st_size, stat.st_mtime_ns])
    return out


def read_overview(cache_file: Path, paths: Sequence[Path]) -> LibraryOverview | None:
    """The cached overview of ``paths``, if it is still true; else ``None``."""
    try:
        data = json.loads(cache_file.read_text("utf-8"))
        if data.get("format") != CACHE_FORMAT or data.get("signature") != signature(paths):
            return None
        return LibraryOverview(
            [Path(p) for p in data["roots"]],
            {str(k): str(v) for k, v in data["titles"].items()},
            int(data["playable"]),
            int(data["broken"]),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # no cache, or one from another version: load the library instead


def write_overview(cache_file: Path, library: Library) -> None:
    """Keep the overview of ``library`` for the next start (quietly: a cache only)."""
    overview = overview_of(library)
    data = {
        "format": CACHE_FORMAT,
        "signature": signature(library.roots),
        "roots": [str(p) for p in overview.roots],
        "titles": overview.titles,
        "playable": overview.playable_count,
        "broken": overview.broken_count,
    }
    text = json.dumps(data, ensure_ascii=False)
    with suppress(OSError):
        if cache_file.read_text(encoding="utf-8") == text:
            return  # unchanged: no write (and no fsync) on every load of the library
    with suppress(OSError):
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(cache_file, text)
