"""Cross-reference checks of a scenario: ``start``, ``next``, score dimensions, flags, golden plays.

These run on the parsed TOML data, defensively, so they also work on a file whose
structure did not validate: an author sees a misspelt key and a broken ``next`` in one
run. Reachability, dead ends and cycles are the analysis module's job.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from klantkoning.engine.format.dimensions import DEFAULT_VALUES, Dimensions
from klantkoning.engine.format.locator import PathPart, format_path
from klantkoning.engine.format.model import Choice, Scenario
from klantkoning.engine.format.names import KNOWN_SECTORS, sector_key
from klantkoning.engine.format.problems import Finding
from klantkoning.engine.format.suggest import hint, suggest
from klantkoning.i18n import t


def _table(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _choices(beat: object) -> list[Any]:
    choices = _table(beat).get("choices")
    return choices if isinstance(choices, list) else []


def _strings(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _each_choice(beats: Mapping[str, Any]) -> Iterator[tuple[list[PathPart], dict[str, Any]]]:
    for beat_id, beat in beats.items():
        for n, choice in enumerate(_choices(beat), start=1):
            if isinstance(choice, dict):
                yield ["beats", beat_id, "choices", n], choice


def _misspelt(choice: Mapping[str, Any], key: str) -> bool:
    """Whether ``choice`` has an unknown key that is probably ``key`` misspelt."""
    unknown = [k for k in choice if k not in Choice.model_fields]
    return bool(unknown) and suggest(key, unknown) is not None


def _dimension_finding(path: list[PathPart], dim: str, dimensions: Dimensions) -> Finding:
    if dim in DEFAULT_VALUES:
        # A standard value that this folder's values.toml replaced: a look-alike id would
        # turn trust points into fun points. Say why it is gone and what there is instead.
        values = ", ".join(d.id for d in dimensions.in_group("waarde")) or "-"
        return Finding(
            "error",
            format_path(path),
            "unknown_dimension",
            {"dimension": dim, "suggestion": "", "hint": t("check.replaced_value", values=values)},
        )
    suggestion = suggest(dim, dimensions.ids)
    return Finding(
        "error",
        format_path(path),
        "unknown_dimension",
        {
            "dimension": dim,
            "suggestion": suggestion or "",
            "hint": hint(suggestion) or t("check.known_dimensions", ids=", ".join(dimensions.ids)),
        },
    )


def _target_finding(code: str, path: list[PathPart], target: str, nodes: list[str]) -> Finding:
    suggestion = suggest(target, nodes)
    return Finding(
        "error",
        format_path(path),
        code,
        {"target": target, "suggestion": suggestion or "", "hint": hint(suggestion)},
    )


NODE_ID_RE = re.compile(r"[A-Za-z0-9_-]{1,60}")
"""Beat and ending ids: letters, digits, '-' and '_', at most 60. They appear in headers,
transcripts, graphs, reports and workshop files; spaces, dots, quotes or control
characters there would garble (or attack) every one of them."""


def _shown(text: str, width: int = 40) -> str:
    """An id from the file for a message: control characters visible, not too long."""
    shown = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text)
    return shown if len(shown) <= width else shown[: width - 1] + "…"


def node_id_findings(beats: Mapping[str, Any], endings: Mapping[str, Any]) -> list[Finding]:
    """A located error for every beat or ending id outside ``NODE_ID_RE``."""
    findings: list[Finding] = []
    for table, nodes in (("beats", beats), ("endings", endings)):
        for node in nodes:
            if not NODE_ID_RE.fullmatch(node):
                params = {"id": _shown(node), "length": len(node)}
                code = f"bad_{table[:-1]}_id"
                findings.append(Finding("error", format_path([table, node]), code, params))
    return findings


def _sector_findings(sector: object) -> list[Finding]:
    """A sector that looks like a misspelt known one (``hoerca``): the library would list it
    as a sector of its own. Any other unknown sector is an organisation's own, and fine."""
    if not isinstance(sector, str) or not sector.strip() or sector_key(sector) in KNOWN_SECTORS:
        return []
    suggestion = suggest(sector_key(sector), KNOWN_SECTORS)
    if suggestion is None:
        return []
    params = {"sector": sector, "suggestion": suggestion, "hint": hint(suggestion)}
    return [Finding("warning", "scenario.sector", "sector_misspelt", params)]


def cross_reference_findings(raw: Mapping[str, Any], dimensions: Dimensions) -> list[Finding]:
    """Everything that points somewhere: ``start``, ``next``, score keys, flags, golden endings."""
    findings: list[Finding] = []
    known = set(dimensions.ids)
    beats = _table(raw.get("beats"))
    endings = _table(raw.get("endings"))
    nodes = [*beats, *endings]
    findings.extend(node_id_findings(beats, endings))

    for node in endings:
        if node in beats:
            findings.append(
                Finding("error", format_path(["endings", node]), "node_clash", {"id": node})
            )

    start = _table(raw.get("scenario")).get("start")
    if isinstance(start, str) and nodes:
        if start not in beats and start not in endings:
            findings.append(_target_finding("bad_start", ["scenario", "start"], start, nodes))
        elif start in endings and start not in beats:
            findings.append(
                Finding("warning", "scenario.start", "start_is_ending", {"target": start})
            )

    findings.extend(_sector_findings(_table(raw.get("scenario")).get("sector")))

    flags_set: set[str] = set()
    flag_uses: list[tuple[list[PathPart], str, str]] = []
    for path, choice in _each_choice(beats):
        target = choice.get("next")
        if isinstance(target, str) and target not in beats and target not in endings:
            findings.append(_target_finding("bad_next", [*path, "next"], target, nodes))
        for dim in _table(choice.get("score")):
            if dim not in known:
                findings.append(_dimension_finding([*path, "score", dim], dim, dimensions))
        feedback = choice.get("feedback")
        if (feedback is None and not _misspelt(choice, "feedback")) or (
            isinstance(feedback, str) and not feedback.strip()
        ):
            findings.append(Finding("warning", format_path(path), "missing_feedback"))
        flags_set.update(_strings(choice.get("sets")))
        for kind in ("requires", "unless"):
            values = choice.get(kind)
            if isinstance(values, list):
                for n, flag in enumerate(values, start=1):
                    if isinstance(flag, str):
                        flag_uses.append(([*path, kind, n], kind, flag))
    for path, kind, flag in flag_uses:
        if flag not in flags_set:
            suggestion = suggest(flag, flags_set)
            findings.append(
                Finding(
                    "warning",
                    format_path(path),
                    f"flag_never_set_{kind}",
                    {"flag": flag, "suggestion": suggestion or "", "hint": hint(suggestion)},
                )
            )

    golden = raw.get("golden")
    for n, play in enumerate(golden if isinstance(golden, list) else [], start=1):
        play = _table(play)
        ending = play.get("ending")
        if isinstance(ending, str) and endings and ending not in endings:
            findings.append(
                _target_finding(
                    "golden_unknown_ending", ["golden", n, "ending"], ending, list(endings)
                )
            )
        for dim in _table(play.get("min_score")):
            if dim not in known:
                findings.append(
                    _dimension_finding(["golden", n, "min_score", dim], dim, dimensions)
                )
    return findings


def golden_findings(scenario: Scenario, dimensions: Dimensions) -> list[Finding]:
    """Play every ``[[golden]]`` path and report where it no longer leads where it should."""
    from klantkoning.engine.play.session import (  # only scenarios with golden plays
        PlayError,
        Session,
    )

    findings: list[Finding] = []
    for n, play in enumerate(scenario.golden, start=1):
        name = play.name or f"#{n}"
        path = format_path(["golden", n])
        session = Session(scenario, dimensions)
        step = 0
        try:
            for step, number in enumerate(play.path, start=1):  # noqa: B007
                session.choose(number)
            result = session.result()
        except PlayError as exc:
            code = f"golden_{exc.code.removeprefix('play.')}"
            params = {"name": name, "step": step, "beat": session.node, **exc.params}
            findings.append(Finding("error", format_path(["golden", n, "path"]), code, params))
            continue
        if play.ending is not None and result.ending_id != play.ending:
            findings.append(
                Finding(
                    "error",
                    path,
                    "golden_wrong_ending",
                    {"name": name, "expected": play.ending, "actual": result.ending_id},
                )
            )
        if play.outcome is not None and result.outcome != play.outcome:
            findings.append(
                Finding(
                    "error",
                    path,
                    "golden_wrong_outcome",
                    {"name": name, "expected": play.outcome, "actual": result.outcome},
                )
            )
        for dim, minimum in play.min_score.items():
            if dim in dimensions and result.score.get(dim, 0) < minimum:
                findings.append(
                    Finding(
                        "error",
                        format_path(["golden", n, "min_score", dim]),
                        "golden_low_score",
                        {
                            "name": name,
                            "dimension": dim,
                            "expected": minimum,
                            "actual": result.score.get(dim, 0),
                        },
                    )
                )
    return findings
