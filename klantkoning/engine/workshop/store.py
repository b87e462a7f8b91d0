"""Workshop files: ``<saves>/workshops/<timestamp>-<slug>.toml``, written after every change.

TOML via tomli-w with ``format = 1`` on top, written atomically under a lock, so a crashed
laptop or a closed terminal resumes exactly where the room was.
"""

from __future__ import annotations

import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import tomli_w

from klantkoning.engine.atomic import atomic_write_text, locked
from klantkoning.engine.format.kinds import file_kind
from klantkoning.engine.format.model import Scenario
from klantkoning.engine.library.index import Library
from klantkoning.engine.workshop.codec import read_datetime
from klantkoning.engine.workshop.records import WorkshopError, utcnow
from klantkoning.engine.workshop.state import Workshop
from klantkoning.i18n import t
from klantkoning.oserror import reason as os_reason

WORKSHOP_FORMAT = 1
WORKSHOPS_FOLDER = "workshops"


def workshops_dir(saves_dir: Path) -> Path:
    """The folder of workshop files inside ``saves_dir``."""
    return Path(saves_dir) / WORKSHOPS_FOLDER


def workshop_path(workshop: Workshop, saves_dir: Path) -> Path:
    """Where ``workshop`` is saved."""
    return workshops_dir(saves_dir) / f"{workshop.ident}.toml"


def dumps(workshop: Workshop) -> str:
    """The workshop as TOML text."""
    data: dict[str, Any] = {"format": WORKSHOP_FORMAT, "kind": "workshop"}
    data.update(workshop.to_dict())
    return tomli_w.dumps(data)


def save_workshop(workshop: Workshop, saves_dir: Path) -> Path:
    """Write ``workshop`` atomically; returns the file. Raises ``OSError`` when it cannot."""
    path = workshop_path(workshop, saves_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = dumps(workshop)
    with locked(path):
        atomic_write_text(path, text)
    return path


def read_workshop_data(path: Path) -> dict[str, Any]:
    """The raw data of a workshop file; ``WorkshopError`` when it is no readable workshop."""
    try:
        text = Path(path).read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except FileNotFoundError:
        raise WorkshopError("workshop.error.no_file", file=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        # Said the way `check` says it: in the user's language, with the place.
        from klantkoning.engine.format.tomlerrors import syntax_problem

        problem = syntax_problem(exc, text, str(path))
        detail = f"{problem.location()}: {problem.message}"
        raise WorkshopError("workshop.error.unreadable", file=str(path), detail=detail) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise WorkshopError(
            "workshop.error.unreadable", file=str(path), detail=os_reason(exc)
        ) from exc
    kind = file_kind(data)
    if kind not in (None, "workshop"):
        # Named for what it is: a player save given to `report` is no "broken workshop".
        raise WorkshopError("workshop.error.wrong_kind", file=str(path), kind=t(f"kind.{kind}"))
    if data.get("kind", "workshop") != "workshop" or "format" not in data:
        raise WorkshopError("workshop.error.not_workshop", file=str(path))
    if data["format"] != WORKSHOP_FORMAT:
        raise WorkshopError(
            "workshop.error.format", file=str(path), found=data["format"], expected=WORKSHOP_FORMAT
        )
    return data


def library_lookup(library: Library) -> Callable[[str], tuple[Scenario, str] | None]:
    """A scenario finder over a library, for :meth:`Workshop.from_dict`."""

    def lookup(scenario_id: str) -> tuple[Scenario, str] | None:
        entry = library.get(scenario_id)
        if entry is None or entry.scenario is None or not entry.ok:
            return None
        return entry.scenario, entry.content_hash

    return lookup


def load_workshop(
    path: Path,
    library: Library,
    *,
    clock: Callable[[], datetime] = utcnow,
    monotonic: Callable[[], float] = time.monotonic,
) -> tuple[Workshop, list[tuple[str, dict[str, object]]]]:
    """Load a workshop file against ``library``; returns it and notices for the trainer."""
    data = read_workshop_data(path)
    return Workshop.from_dict(
        data,
        library_lookup(library),
        dimensions=library.dimensions,
        clock=clock,
        monotonic=monotonic,
    )


@dataclass(frozen=True)
class WorkshopFile:
    """A workshop file as listed on the set-up screen (read without the scenarios)."""

    path: Path
    ident: str
    created: datetime
    updated: datetime
    finished: bool
    scenarios: tuple[str, ...]
    titles: tuple[str, ...]
    mode: str
    teams: tuple[str, ...]
    beats: int


def list_workshops(saves_dir: Path) -> list[WorkshopFile]:
    """Every readable workshop file, the most recently updated first; others are skipped."""
    folder = workshops_dir(saves_dir)
    out: list[WorkshopFile] = []
    try:
        files = sorted(folder.glob("*.toml"))
    except OSError:
        return out
    for file in files:
        try:
            data = read_workshop_data(file)
            agenda = list(data["agenda"])
            created = read_datetime(data["created"])
            out.append(
                WorkshopFile(
                    path=file,
                    ident=str(data.get("id", file.stem)),
                    created=created,
                    updated=read_datetime(data.get("updated", created)),
                    finished=data.get("phase") == "done",
                    scenarios=tuple(str(a["scenario"]) for a in agenda),
                    titles=tuple(str(a.get("title", a["scenario"])) for a in agenda),
                    mode=str(data.get("mode", "")),
                    teams=tuple(str(x) for x in data.get("teams", [])),
                    beats=len(data.get("beats", [])),
                )
            )
        except (WorkshopError, KeyError, TypeError, ValueError):
            continue
    out.sort(key=lambda f: (f.updated, f.path.name), reverse=True)
    return out


def latest_unfinished(saves_dir: Path) -> WorkshopFile | None:
    """The unfinished workshop updated last, if any."""
    return next((f for f in list_workshops(saves_dir) if not f.finished), None)
