"""Files -> models, every problem located (file, path, line).

A file goes through: size and NUL-byte checks, UTF-8, TOML (the fast reader for plain
files, ``tomllib`` for the rest and for the parser's own line and column on a syntax
error), the format number, the pydantic models (errors turned into plain sentences),
cross-references, and - only when those all resolve - the structural analysis and the
golden plays. Every problem found on the way is collected. Lines come from the fast
reader, or from the locator, which only scans files that have problems.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from pydantic import ValidationError

from klantkoning.engine.analysis.structure import structural_findings
from klantkoning.engine.analysis.teaching import teaching_findings
from klantkoning.engine.format.dimensions import DEFAULT_DIMENSIONS, FUN, PRINCIPLES, Dimensions
from klantkoning.engine.format.dimensions import make_dimensions as _make_dimensions
from klantkoning.engine.format.kinds import file_kind
from klantkoning.engine.format.locator import format_path
from klantkoning.engine.format.model import SLUG_RE, Scenario, ValuesFile
from klantkoning.engine.format.problems import Finding, Problem
from klantkoning.engine.format.source import (
    Unreadable,
    format_problem,
    locate,
    parse_source,
    read_file,
)
from klantkoning.engine.library.index import ScenarioEntry
from klantkoning.engine.library.validate import cross_reference_findings, golden_findings
from klantkoning.i18n import t

VALUES_FILE = "values.toml"
GOLDEN_SUFFIX = ".golden.toml"
"""Golden plays beside a scenario (``<id>.golden.toml``) are read by ``klantkoning test``."""


# -- scenarios ----------------------------------------------------------------------------


def _analyse(scenario: Scenario, dimensions: Dimensions) -> list[Finding]:
    findings: list[Finding] = []
    try:
        findings.extend(structural_findings(scenario, dimensions))
    except Exception as exc:  # a bug in the analysis must not hide the file's other problems
        findings.append(Finding("warning", "", "analysis_failed", {"detail": repr(exc)}))
    if not any(f.severity == "error" for f in findings):
        try:
            findings.extend(teaching_findings(scenario, dimensions))
        except Exception as exc:  # as above: report it, keep the other problems
            findings.append(Finding("warning", "", "analysis_failed", {"detail": repr(exc)}))
    if scenario.golden and not any(f.severity == "error" for f in findings):
        findings.extend(golden_findings(scenario, dimensions))
    return findings


POSTPONED = Finding("warning", "", "checks_postponed", {})
"""Said when errors stop the map checks: "every problem at once" is true only of the
checks that could run, and an author should not think the rest passed."""


def load_scenario_text(
    data: bytes | str, name: str, dimensions: Dimensions = DEFAULT_DIMENSIONS
) -> ScenarioEntry:
    """Validate the contents of one scenario file called ``name``; never raises."""
    raw_bytes = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    entry = ScenarioEntry(Path(name), None, [], hashlib.sha256(raw_bytes).hexdigest())
    entry.dimensions = dimensions
    try:
        source = parse_source(data, name)
    except Unreadable as exc:
        entry.problems.append(exc.problem)
        return entry
    raw = source.raw
    kind = file_kind(raw)
    if kind not in (None, "scenario"):
        # A player save or workshop in a scenario folder is named for what it is, not
        # flooded with "unknown key" errors.
        entry.problems.append(
            Problem(name, "", 1, "error", "wrong_kind", {"kind": t(f"kind.{kind}")})
        )
        return entry
    wrong_format = format_problem(source, name)
    if wrong_format is not None:
        entry.problems.append(wrong_format)
        return entry
    try:
        scenario = Scenario.model_validate(raw)
    except ValidationError as exc:
        from klantkoning.engine.format.explain import explain_errors  # only files with problems

        findings = explain_errors(Scenario, exc.errors(include_url=False))
        findings += cross_reference_findings(raw, dimensions)
        findings.append(POSTPONED)
        entry.problems = locate(findings, source, name)
        return entry
    findings = cross_reference_findings(raw, dimensions)
    if not any(f.severity == "error" for f in findings):
        findings += _analyse(scenario, dimensions)
    else:
        findings.append(POSTPONED)
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
    entry.problems = locate(findings, source, name)
    return entry


def load_scenario_file(path: Path, dimensions: Dimensions | None = None) -> ScenarioEntry:
    """Load and validate one scenario file; never raises.

    Without ``dimensions``, the ``values.toml`` next to the file (if any) sets them.
    """
    if dimensions is None:
        dimensions = load_values_file(path.parent / VALUES_FILE)[0]
    try:
        data = read_file(path)
    except Unreadable as exc:
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
        source = parse_source(data, name)
    except Unreadable as exc:
        return DEFAULT_DIMENSIONS, [exc.problem]
    raw = source.raw
    wrong_format = format_problem(source, name)
    if wrong_format is not None:
        return DEFAULT_DIMENSIONS, [wrong_format]
    findings: list[Finding] = []
    try:
        ValuesFile.model_validate(raw)
    except ValidationError as exc:
        from klantkoning.engine.format.explain import explain_errors

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
    return dimensions, locate(findings, source, name)


def load_values_file(path: Path) -> tuple[Dimensions, list[Problem]]:
    """``values.toml`` -> dimensions and problems; the defaults when the file is absent."""
    if not path.is_file():
        return DEFAULT_DIMENSIONS, []
    try:
        data = read_file(path)
    except Unreadable as exc:
        return DEFAULT_DIMENSIONS, [exc.problem]
    return load_values_text(data, str(path))


# -- libraries ----------------------------------------------------------------------------
