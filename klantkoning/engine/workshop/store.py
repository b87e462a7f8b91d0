"""Workshop files: ``<saves>/workshops/<timestamp>-<slug>.toml``, written after every change.

TOML via tomli-w with ``format = 1`` on top, written atomically under a lock, so a crashed
laptop or a closed terminal resumes exactly where the room was.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import tomli_w

from klantkoning.engine.atomic import atomic_write_text, locked
from klantkoning.engine.format.kinds import file_kind
from klantkoning.engine.format.model import Scenario
from klantkoning.engine.format.source import Unreadable, parse_source, read_file
from klantkoning.engine.library.index import Library
from klantkoning.engine.workshop.codec import read_datetime
from klantkoning.engine.workshop.records import WorkshopError, slugify, utcnow, valid_ident
from klantkoning.engine.workshop.state import Workshop
from klantkoning.i18n import t

WORKSHOP_FORMAT = 1
WORKSHOPS_FOLDER = "workshops"


def workshops_dir(saves_dir: Path) -> Path:
    """The folder of workshop files inside ``saves_dir``."""
    return Path(saves_dir) / WORKSHOPS_FOLDER


def workshop_path(workshop: Workshop, saves_dir: Path) -> Path:
    """The program-made name of ``workshop``'s file, always inside the workshops folder."""
    ident = workshop.ident if valid_ident(workshop.ident) else slugify(workshop.ident)
    return workshops_dir(saves_dir) / f"{ident}.toml"


def _save_target(workshop: Workshop, saves_dir: Path) -> Path:
    """Where to write: the file it was loaded from when that is a regular file in the
    workshops folder; otherwise a program-made name there that is no other file's."""
    folder = workshops_dir(saves_dir)
    loaded = workshop.file
    if (
        loaded is not None
        and not loaded.is_symlink()
        and os.path.realpath(loaded.parent) == os.path.realpath(folder)
    ):
        return folder / loaded.name
    target = workshop_path(workshop, saves_dir)
    n = 2
    while os.path.lexists(target):  # a copy resumed from elsewhere: keep the original
        target = target.with_name(f"{workshop_path(workshop, saves_dir).stem}-{n}.toml")
        n += 1
    return target


def dumps(workshop: Workshop) -> str:
    """The workshop as TOML text."""
    data: dict[str, Any] = {"format": WORKSHOP_FORMAT, "kind": "workshop"}
    data.update(workshop.to_dict())
    return tomli_w.dumps(data)


def save_workshop(workshop: Workshop, saves_dir: Path) -> Path:
    """Write ``workshop`` atomically; returns the file. Raises ``OSError`` when it cannot.

    Only ever inside ``<saves>/workshops/``: the file it was loaded from if it lives there,
    else a name the program makes (never one taken from the file's contents).
    """
    path = _save_target(workshop, saves_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = dumps(workshop)
    with locked(path):
        atomic_write_text(path, text)
    workshop.file = path
    return path


def read_workshop_data(path: Path) -> dict[str, Any]:
    """The raw data of a workshop file; ``WorkshopError`` when it is no readable workshop."""
    try:
        # The one safe reader: size, FIFOs, encodings, syntax, 4,300-digit numbers, deep
        # nesting - every failure said the way `check` says it, with the place.
        data = parse_source(read_file(Path(path)), str(path)).raw
    except Unreadable as exc:
        if exc.problem.code == "not_found":
            raise WorkshopError("workshop.error.no_file", file=str(path)) from None
        detail = f"{exc.problem.location()}: {exc.problem.message}"
        raise WorkshopError("workshop.error.unreadable", file=str(path), detail=detail) from None
    kind = file_kind(data)
    if kind not in (None, "workshop"):
        # Named for what it is: a player save given to `report` is no "broken workshop".
        raise WorkshopError("workshop.error.wrong_kind", file=str(path), kind=t(f"kind.{kind}"))
    if data.get("kind", "workshop") != "workshop" or "format" not in data:
        raise WorkshopError("workshop.error.not_workshop", file=str(path))
    if data["format"] != WORKSHOP_FORMAT:
        found = repr(data["format"])[:40]
        raise WorkshopError(
            "workshop.error.format", file=str(path), found=found, expected=WORKSHOP_FORMAT
        )
    if "id" in data and not valid_ident(data["id"]):
        raise WorkshopError("workshop.error.bad_id", file=str(path))
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
    workshop, notices = Workshop.from_dict(
        data,
        library_lookup(library),
        dimensions=library.dimensions,
        clock=clock,
        monotonic=monotonic,
    )
    workshop.file = Path(path)
    return workshop, notices


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
        if file.is_symlink() or not file.is_file():
            continue  # never picked up by itself: it could lead out of the folder
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
        except Exception:  # any broken file is skipped, never a crash
            continue
    out.sort(key=lambda f: (f.updated, f.path.name), reverse=True)
    return out


def latest_unfinished(saves_dir: Path) -> WorkshopFile | None:
    """The unfinished workshop updated last, if any."""
    return next((f for f in list_workshops(saves_dir) if not f.finished), None)
