"""What ``klantkoning check`` runs: every problem of every file under some paths, fast.

Checking needs only the problems (and each file's id, to find duplicates), not the
loaded models, so a large library is split over worker processes forked after the
imports: each parses and validates its share and sends back plain problems. Parsing
TOML dominates the time, and it is per file, so this scales with the cores there are.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from klantkoning.engine.format.dimensions import Dimensions
from klantkoning.engine.format.problems import Problem
from klantkoning.engine.library.folders import duplicate_problems, plan_library
from klantkoning.engine.library.loader import load_scenario_file

PARALLEL_FROM = 64
"""Fewer files than this are checked in one process: forking would cost more than it saves."""

_Result = tuple[list[Problem], str | None]


@dataclass
class CheckReport:
    """The outcome of checking some paths."""

    problems: list[Problem]
    scenarios: int

    @property
    def errors(self) -> int:
        return sum(p.is_error for p in self.problems)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors


def _check_one(file: Path, dimensions: Dimensions) -> _Result:
    entry = load_scenario_file(file, dimensions)
    return entry.problems, entry.scenario.id if entry.scenario is not None else None


def default_jobs() -> int:
    """How many processes to use: the cores this process may run on, at most 4."""
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, 4))


def _run_forked(items: Sequence[tuple[Path, Dimensions]], jobs: int) -> list[_Result]:
    """Check ``items`` in ``jobs`` processes (this one included); results in input order."""
    import pickle

    size = -(-len(items) // jobs)
    chunks = [list(items[i : i + size]) for i in range(0, len(items), size)]
    children: list[tuple[int, int, list[tuple[Path, Dimensions]]]] = []
    for chunk in chunks[1:]:
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: check its share, send it back, leave without cleanup
            status = 1
            try:
                os.close(read_fd)
                data = pickle.dumps([_check_one(f, d) for f, d in chunk], pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_fd, "wb") as out:
                    out.write(data)
                status = 0
            finally:
                os._exit(status)
        os.close(write_fd)
        children.append((pid, read_fd, chunk))
    results = [_check_one(f, d) for f, d in chunks[0]]
    for pid, read_fd, chunk in children:
        with os.fdopen(read_fd, "rb") as stream:
            data = stream.read()
        _, status = os.waitpid(pid, 0)
        part: list[_Result] | None = None
        if status == 0:
            try:
                part = pickle.loads(data)
            except Exception:
                part = None
        if part is None or len(part) != len(chunk):
            part = [_check_one(f, d) for f, d in chunk]  # the child failed: do it here
        results.extend(part)
    return results


def check_paths(paths: Sequence[Path], jobs: int | None = None) -> CheckReport:
    """Check every scenario file (and ``values.toml``) under ``paths``; never raises."""
    plan = plan_library(paths)
    jobs = default_jobs() if jobs is None else max(1, jobs)
    jobs = min(jobs, max(1, len(plan.files) // (PARALLEL_FROM // 2)))
    enabled = gc.isenabled()
    gc.disable()  # nothing made while checking is garbage before the end
    try:
        if jobs > 1:
            results = _run_forked(plan.files, jobs)
        else:
            results = [_check_one(f, d) for f, d in plan.files]
    finally:
        if enabled:
            gc.enable()
    problems = list(plan.problems)
    for problems_of_file, _ in results:
        problems.extend(problems_of_file)
    clashes = duplicate_problems([(f, r[1]) for (f, _), r in zip(plan.files, results, strict=True)])
    problems.extend(clashes.values())
    return CheckReport(problems, len(plan.files))
