"""Folders -> a library: every scenario file under some paths, each with its dimensions."""

from __future__ import annotations

import gc
import os
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from klantkoning.engine.format.dimensions import DEFAULT_DIMENSIONS, Dimensions
from klantkoning.engine.format.locator import Locator
from klantkoning.engine.format.model import SLUG_RE
from klantkoning.engine.format.problems import Problem
from klantkoning.engine.format.source import file_problem
from klantkoning.engine.library.index import Library, ScenarioEntry
from klantkoning.engine.library.loader import (
    GOLDEN_SUFFIX,
    VALUES_FILE,
    load_scenario_file,
    load_values_file,
)
from klantkoning.oserror import reason as os_reason


def _toml_files(root: Path, problems: list[Problem]) -> list[Path]:
    """Every ``*.toml`` under ``root`` but golden plays, sorted, hidden folders skipped.

    A folder that cannot be read becomes a problem in ``problems``.
    """

    def unreadable(exc: OSError) -> None:
        name = str(exc.filename) if exc.filename is not None else str(root)
        problems.append(file_problem(name, "unreadable", detail=os_reason(exc)))

    found: list[Path] = []
    for folder, dirs, files in os.walk(root, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.endswith(".toml") or name.endswith(GOLDEN_SUFFIX):
                continue
            path = Path(folder, name)
            if _is_regular(path):
                found.append(path)
            else:  # a FIFO would block the reader forever: skip it, with a note
                problems.append(Problem(str(path), "", None, "warning", "not_regular"))
    return found


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True  # a dangling link or a race: let the reader report it in its words


@dataclass
class LibraryPlan:
    """What loading some paths involves: the scenario files, each with its dimensions."""

    roots: list[Path]
    dimensions: Dimensions = DEFAULT_DIMENSIONS
    files: list[tuple[Path, Dimensions]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    """Problems of no scenario: missing paths, broken ``values.toml`` files."""


def plan_library(paths: Sequence[Path] | Path) -> LibraryPlan:
    """Find the scenario files under ``paths`` and the dimensions each one scores on.

    A ``values.toml`` in a folder sets the dimensions of the scenarios in that folder and
    the folders below it (the nearest one wins, up to the folder given).
    """
    roots = [paths] if isinstance(paths, Path) else [Path(p) for p in paths]
    plan = LibraryPlan(roots)
    values: dict[Path, Dimensions | None] = {}

    def values_in(folder: Path) -> Dimensions | None:
        if folder not in values:
            file = folder / VALUES_FILE
            values[folder] = None
            if file.is_file():
                dimensions, problems = load_values_file(file)
                values[folder] = dimensions
                plan.problems.extend(problems)
        return values[folder]

    for n, root in enumerate(roots):
        if root.is_dir():
            top, files = root, _toml_files(root, plan.problems)
            if n == 0:
                plan.dimensions = values_in(root) or DEFAULT_DIMENSIONS
            if not files:
                plan.problems.append(Problem(str(root), "", None, "warning", "no_scenarios"))
        elif root.exists():
            top, files = root.parent, [root]
        else:
            plan.problems.append(file_problem(str(root), "not_found"))
            continue
        for file in files:
            if file.name == VALUES_FILE:
                if values_in(file.parent) is None:  # named directly and unreadable
                    plan.problems.extend(load_values_file(file)[1])
            else:
                plan.files.append((file, _nearest_dimensions(file, top, values_in)))
    return plan


def load_library(paths: Sequence[Path] | Path) -> Library:
    """Every scenario file under ``paths`` (files, or folders recursively), all problems found.

    ``Library.problems`` holds the problems that belong to no scenario: missing paths and
    broken ``values.toml`` files. See :func:`plan_library` for where dimensions come from.
    """
    plan = plan_library(paths)
    library = Library(plan.roots, plan.dimensions, problems=plan.problems)
    enabled = gc.isenabled()
    gc.disable()  # loading makes many long-lived objects; collecting midway is wasted work
    try:
        library.entries = [load_scenario_file(file, dims) for file, dims in plan.files]
    finally:
        if enabled:
            gc.enable()
    clashes = duplicate_problems([(e.file, e.id if e.scenario else None) for e in library.entries])
    for n, problem in clashes.items():
        library.entries[n].problems.append(problem)
    return library


def duplicate_problems(items: Sequence[tuple[Path, str | None]]) -> dict[int, Problem]:
    """For files (with their scenario id, if it loaded) the ``duplicate_id`` errors by position.

    The first file with an id keeps it; every later one gets an error naming the first.
    """
    first: dict[str, Path] = {}
    out: dict[int, Problem] = {}
    for n, (file, scenario_id) in enumerate(items):
        if scenario_id is None:
            continue
        original = first.setdefault(scenario_id, file)
        if original is file or original.resolve() == file.resolve():
            continue
        try:
            line = Locator(file.read_text("utf-8")).line("scenario.id")
        except (OSError, UnicodeDecodeError):
            line = None
        out[n] = Problem(
            str(file),
            "scenario.id",
            line,
            "error",
            "duplicate_id",
            {"id": scenario_id, "other": str(original)},
        )
    return out


def find_scenario(
    ref: str,
    scenarios_dir: Sequence[Path] | Path,
    library: Callable[[], Library] | None = None,
) -> ScenarioEntry | None:
    """The scenario with id ``ref`` in the library at ``scenarios_dir``, if there is one.

    Looks at ``<ref>.toml`` in each folder first (file names match ids), then at the whole
    library: ``library()`` when given (a caller that keeps the loaded library for its
    "did you mean" loads it once), else a fresh load.
    """
    roots = [scenarios_dir] if isinstance(scenarios_dir, Path) else list(scenarios_dir)
    if SLUG_RE.match(ref):
        for root in roots:
            direct = root / f"{ref}.toml"
            if direct.is_file():
                dimensions = _nearest_dimensions(direct, root, _values_in)
                entry = load_scenario_file(direct, dimensions)
                if entry.id == ref:
                    return entry
    return (library() if library is not None else load_library(roots)).get(ref)


def _nearest_dimensions(
    file: Path, top: Path, values_in: Callable[[Path], Dimensions | None]
) -> Dimensions:
    """The dimensions of the nearest folder from ``file``'s up to ``top`` that has values.

    ``values_in(folder)`` gives a folder's dimensions, or ``None`` when it has no
    ``values.toml``.
    """
    folder = file.parent
    while True:
        found = values_in(folder)
        if found is not None:
            return found
        if folder == top or folder.parent == folder:
            return DEFAULT_DIMENSIONS
        folder = folder.parent


def _values_in(folder: Path) -> Dimensions | None:
    file = folder / VALUES_FILE
    return load_values_file(file)[0] if file.is_file() else None
