"""Files -> models, every problem located (file, path, line).

A file goes through: size and NUL-byte checks, UTF-8, TOML (the fast reader for plain
files, ``tomllib`` for the rest and for the parser's own line and column on a syntax
error), the format number, the pydantic models (errors turned into plain sentences),
cross-references, and - only when those all resolve - the structural analysis and the
golden plays. Every problem found on the way is collected. Lines come from the fast
reader, or from the locator, which only scans files that have problems.
"""

from __future__ import annotations

import gc
import hashlib
import os
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from klantkoning.engine import fasttoml
from klantkoning.engine.dimensions import DEFAULT_DIMENSIONS, FUN, PRINCIPLES, Dimensions
from klantkoning.engine.dimensions import make_dimensions as _make_dimensions
from klantkoning.engine.fasttoml import Index
from klantkoning.engine.library import Library, ScenarioEntry
from klantkoning.engine.locator import Locator, format_path
from klantkoning.engine.model import FORMAT_VERSION, SLUG_RE, Scenario, ValuesFile
from klantkoning.engine.problems import Finding, Problem
from klantkoning.engine.structure import structural_findings
from klantkoning.engine.validate import cross_reference_findings, golden_findings

MAX_BYTES = 1024 * 1024
"""Larger files are refused: a scenario card is a few kilobytes."""

VALUES_FILE = "values.toml"
GOLDEN_SUFFIX = ".golden.toml"
"""Golden plays beside a scenario (``<id>.golden.toml``) are read by ``klantkoning test``."""


# -- reading a file ---------------------------------------------------------------------


class _Unreadable(Exception):
    """A file that never became TOML data; carries its one problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.code)
        self.problem = problem


def _problem(
    name: str, code: str, line: int | None = None, column: int | None = None, **params: Any
) -> Problem:
    return Problem(name, "", line, "error", code, params, column)


def _decode(data: bytes, name: str) -> str:
    if len(data) > MAX_BYTES:
        raise _Unreadable(_problem(name, "too_big", size=_size(len(data))))
    if b"\0" in data:
        raise _Unreadable(_problem(name, "utf16" if _is_utf16(data) else "binary"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _is_utf16(data):
            raise _Unreadable(_problem(name, "utf16")) from None
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise _Unreadable(
            _problem(name, "not_utf8", line, column, byte=f"0x{data[exc.start]:02x}")
        ) from None
    text = text.removeprefix("\ufeff")  # a byte order mark, as Windows Notepad writes
    if not text.strip():
        raise _Unreadable(_problem(name, "empty"))
    return text


def _is_utf16(data: bytes) -> bool:
    """A UTF-16 file (Notepad's "Unicode"): a byte order mark, or mostly NULs every other byte."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return True
    sample = data[:512]
    for half in (sample[0::2], sample[1::2]):
        if len(half) >= 4 and half.count(0) >= 0.7 * len(half):
            return True
    return False


def _size(count: int) -> str:
    return f"{count / (1024 * 1024):.1f} MiB" if count >= 1024 * 1024 else f"{count} bytes"


def _syntax_problem(exc: tomllib.TOMLDecodeError, text: str, name: str) -> Problem:
    from klantkoning.engine.tomlerrors import syntax_problem  # only broken files need it

    return syntax_problem(exc, text, name)


@dataclass
class _Source:
    """A parsed file: its text, its data, and the line of each path when already known."""

    text: str
    raw: dict[str, Any]
    index: Index | None = None

    def locator(self, wanted: Iterable[str]) -> Locator:
        if self.index is not None:
            return Locator.from_index(self.index)
        return Locator(self.text, wanted)


def _parse(data: bytes | str, name: str) -> _Source:
    """Bytes -> text and TOML data (with lines when the fast reader could), or ``_Unreadable``."""
    text = data.removeprefix("\ufeff") if isinstance(data, str) else _decode(data, name)
    if isinstance(data, str):
        if len(data) > MAX_BYTES:
            raise _Unreadable(_problem(name, "too_big", size=_size(len(data))))
        if "\0" in data:
            raise _Unreadable(_problem(name, "binary"))
        if not data.strip():
            raise _Unreadable(_problem(name, "empty"))
    fast = fasttoml.read(text)
    if fast is not None:
        if not fast[0]:
            raise _Unreadable(_problem(name, "empty"))
        return _Source(text, fast[0], fast[1])
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _Unreadable(_syntax_problem(exc, text, name)) from None
    except (RecursionError, MemoryError):
        raise _Unreadable(_problem(name, "too_deep")) from None
    if not raw:
        raise _Unreadable(_problem(name, "empty"))
    return _Source(text, raw)


def _read(path: Path) -> bytes:
    name = str(path)
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except IsADirectoryError:
        raise _Unreadable(_problem(name, "is_folder")) from None
    except FileNotFoundError:
        raise _Unreadable(_problem(name, "not_found")) from None
    except OSError as exc:
        raise _Unreadable(_problem(name, "unreadable", detail=exc.strerror or str(exc))) from None
    # Plain os calls on one descriptor (open, fstat, one read, close): fewer system calls
    # than Path.stat + Path.open, and none of the layers of a buffered file object.
    try:
        size = os.fstat(fd).st_size
        if size > MAX_BYTES:
            raise _Unreadable(_problem(name, "too_big", size=_size(size)))
        data = os.read(fd, size + 1)  # a byte more than fstat saw: did the file grow?
        if size and len(data) == size:
            return data  # short of what was asked: the end of the file
        chunks, total = [data], len(data)
        while chunks[-1] and total <= MAX_BYTES:  # it grew, or it is a pipe or special file
            chunks.append(os.read(fd, MAX_BYTES + 1 - total))
            total += len(chunks[-1])
        return b"".join(chunks)
    except IsADirectoryError:
        raise _Unreadable(_problem(name, "is_folder")) from None
    except OSError as exc:
        raise _Unreadable(_problem(name, "unreadable", detail=exc.strerror or str(exc))) from None
    finally:
        os.close(fd)


def _format_problem(source: _Source, name: str) -> Problem | None:
    found = source.raw.get("format")
    if isinstance(found, int) and not isinstance(found, bool) and found != FORMAT_VERSION:
        line = source.locator(["format"]).line("format")
        return Problem(
            name,
            "format",
            line,
            "error",
            "format_version",
            {"found": found, "expected": FORMAT_VERSION},
        )
    return None


def _line(locator: Locator, finding: Finding) -> int | None:
    line = locator.line(finding.path)
    if line is None and finding.code == "missing_format":
        return 1  # it belongs at the top of the file
    return line


def _locate(findings: Sequence[Finding], source: _Source, name: str) -> list[Problem]:
    if not findings:
        return []
    locator = source.locator({f.path for f in findings})
    problems = [
        Problem(name, f.path, _line(locator, f), f.severity, f.code, dict(f.params))
        for f in findings
    ]
    problems.sort(key=lambda p: p.line or 0)
    return problems


# -- scenarios ----------------------------------------------------------------------------


def _analyse(scenario: Scenario, dimensions: Dimensions) -> list[Finding]:
    findings: list[Finding] = []
    try:
        findings.extend(structural_findings(scenario, dimensions))
    except Exception as exc:  # a bug in the analysis must not hide the file's other problems
        findings.append(Finding("warning", "", "analysis_failed", {"detail": repr(exc)}))
    if scenario.golden and not any(f.severity == "error" for f in findings):
        findings.extend(golden_findings(scenario, dimensions))
    return findings


def load_scenario_text(
    data: bytes | str, name: str, dimensions: Dimensions = DEFAULT_DIMENSIONS
) -> ScenarioEntry:
    """Validate the contents of one scenario file called ``name``; never raises."""
    raw_bytes = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    entry = ScenarioEntry(Path(name), None, [], hashlib.sha256(raw_bytes).hexdigest())
    entry.dimensions = dimensions
    try:
        source = _parse(data, name)
    except _Unreadable as exc:
        entry.problems.append(exc.problem)
        return entry
    raw = source.raw
    wrong_format = _format_problem(source, name)
    if wrong_format is not None:
        entry.problems.append(wrong_format)
        return entry
    try:
        scenario = Scenario.model_validate(raw)
    except ValidationError as exc:
        from klantkoning.engine.explain import explain_errors  # only files with problems

        findings = explain_errors(Scenario, exc.errors(include_url=False))
        findings += cross_reference_findings(raw, dimensions)
        entry.problems = _locate(findings, source, name)
        return entry
    findings = cross_reference_findings(raw, dimensions)
    if not any(f.severity == "error" for f in findings):
        findings += _analyse(scenario, dimensions)
    stem, suffix = os.path.splitext(os.path.basename(name))
    if suffix == ".toml" and stem != scenario.id:
        findings.append(
            Finding(
                "warning",
                "scenario.id",
                "file_name_mismatch",
                {"name": stem + suffix, "id": scenario.id},
            )
        )
    entry.scenario = scenario
    entry.problems = _locate(findings, source, name)
    return entry


def load_scenario_file(path: Path, dimensions: Dimensions | None = None) -> ScenarioEntry:
    """Load and validate one scenario file; never raises.

    Without ``dimensions``, the ``values.toml`` next to the file (if any) sets them.
    """
    if dimensions is None:
        dimensions = load_values_file(path.parent / VALUES_FILE)[0]
    try:
        data = _read(path)
    except _Unreadable as exc:
        entry = ScenarioEntry(path, None, [exc.problem])
        entry.dimensions = dimensions
        return entry
    entry = load_scenario_text(data, str(path), dimensions)
    entry.file = path
    return entry


# -- values.toml --------------------------------------------------------------------------


def load_values_text(data: bytes | str, name: str) -> tuple[Dimensions, list[Problem]]:
    """The dimensions a ``values.toml`` defines, and its problems; never raises.

    A broken file still contributes the value ids it names clearly, so scenarios scoring
    on them are not flooded with "unknown dimension" errors.
    """
    try:
        source = _parse(data, name)
    except _Unreadable as exc:
        return DEFAULT_DIMENSIONS, [exc.problem]
    raw = source.raw
    wrong_format = _format_problem(source, name)
    if wrong_format is not None:
        return DEFAULT_DIMENSIONS, [wrong_format]
    findings: list[Finding] = []
    try:
        ValuesFile.model_validate(raw)
    except ValidationError as exc:
        from klantkoning.engine.explain import explain_errors

        findings += explain_errors(ValuesFile, exc.errors(include_url=False))
    values: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    items = raw.get("value")
    for n, item in enumerate(items if isinstance(items, list) else [], start=1):
        value_id = item.get("id") if isinstance(item, dict) else None
        if not isinstance(value_id, str):
            continue
        path = format_path(["value", n, "id"])
        if value_id in PRINCIPLES or value_id in FUN:
            findings.append(Finding("error", path, "value_clash", {"id": value_id}))
        elif value_id in seen:
            findings.append(Finding("error", path, "value_duplicate", {"id": value_id}))
        elif SLUG_RE.match(value_id):
            seen.add(value_id)
            label = item.get("name")
            description = item.get("description")
            values.append(
                (
                    value_id,
                    label if isinstance(label, str) and label else value_id,
                    description if isinstance(description, str) else "",
                )
            )
    dimensions = _make_dimensions(values) if values else DEFAULT_DIMENSIONS
    return dimensions, _locate(findings, source, name)


def load_values_file(path: Path) -> tuple[Dimensions, list[Problem]]:
    """``values.toml`` -> dimensions and problems; the defaults when the file is absent."""
    if not path.is_file():
        return DEFAULT_DIMENSIONS, []
    try:
        data = _read(path)
    except _Unreadable as exc:
        return DEFAULT_DIMENSIONS, [exc.problem]
    return load_values_text(data, str(path))


# -- libraries ----------------------------------------------------------------------------


def _toml_files(root: Path, problems: list[Problem]) -> list[Path]:
    """Every ``*.toml`` under ``root`` but golden plays, sorted, hidden folders skipped.

    A folder that cannot be read becomes a problem in ``problems``.
    """

    def unreadable(exc: OSError) -> None:
        name = str(exc.filename) if exc.filename is not None else str(root)
        problems.append(_problem(name, "unreadable", detail=exc.strerror or str(exc)))

    found: list[Path] = []
    for folder, dirs, files in os.walk(root, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(
            Path(folder, f)
            for f in sorted(files)
            if f.endswith(".toml") and not f.endswith(GOLDEN_SUFFIX)
        )
    return found


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
            plan.problems.append(_problem(str(root), "not_found"))
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


def find_scenario(ref: str, scenarios_dir: Path) -> ScenarioEntry | None:
    """The scenario with id ``ref`` in the library at ``scenarios_dir``, if there is one.

    Looks at ``<ref>.toml`` first (file names match ids), then at the whole library.
    """
    if SLUG_RE.match(ref):
        direct = scenarios_dir / f"{ref}.toml"
        if direct.is_file():
            dimensions = _nearest_dimensions(direct, scenarios_dir, _values_in)
            entry = load_scenario_file(direct, dimensions)
            if entry.id == ref:
                return entry
    return load_library(scenarios_dir).get(ref)


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
