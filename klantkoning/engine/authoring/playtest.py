"""Automated play tests of one scenario, as ChoiceScript's randomtest and quicktest do.

Three kinds of play: a covering set (every reachable choice taken at least once, built
from the state graph), a seeded random sample, and the author's golden plays (a path and
what it must still lead to). A play that crashes or gets stuck is reported, and so is
every golden play that no longer holds; ``klantkoning test`` exits 1 on any of them.
"""

from __future__ import annotations

import random
from collections import Counter, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, ValidationError

from klantkoning.engine.analysis.analyse import random_play
from klantkoning.engine.analysis.context import context
from klantkoning.engine.analysis.explore import BROKEN, explore
from klantkoning.engine.format.dimensions import DEFAULT_DIMENSIONS, Dimensions
from klantkoning.engine.format.model import FORMAT_VERSION, GoldenPlay, Scenario, StrictModel
from klantkoning.engine.format.source import Unreadable, parse_source, read_file
from klantkoning.engine.format.suggest import hint, suggest
from klantkoning.engine.library.loader import GOLDEN_SUFFIX
from klantkoning.engine.play.session import PlayError, Session
from klantkoning.i18n import t

MAX_STATES = 20_000
"""Exploration stops here; a scenario this big is reported as explored in part."""
MAX_STEPS = 200
"""A random play longer than this is taken to be going round in circles."""
MAX_COVER_STEPS = 100_000
"""Covering plays stop at this many steps in all. Each play starts at the start, so a long
chain whose every beat can end needs plays of every length: quadratic (a 6,000-beat file
would take hours). Past the budget the report says not every choice was tested."""


# -- covering plays ----------------------------------------------------------------------


@dataclass
class Coverage:
    """Plays (as file indices) that together take every reachable choice at least once."""

    plays: list[list[int]]
    reachable: set[tuple[str, int]]
    """Every (beat id, file index) some play can take."""
    truncated: bool


def covering_plays(
    scenario: Scenario, limit: int = MAX_STATES, max_steps: int = MAX_COVER_STEPS
) -> Coverage:
    """A covering set of plays, built from the state graph of :mod:`explore`.

    For every reachable choice not yet taken: a shortest play to a state where it is
    visible, the choice, then a shortest way on to an ending (when there is one).
    """
    comp = context(scenario).comp  # shared with random_play and analyse
    if comp.start == BROKEN:
        return Coverage([], set(), False)
    graph = explore(comp, comp.start, 0, limit)
    into: list[int] = [-1] * graph.size  # the edge by which BFS first reached a state
    source: dict[int, int] = {}
    for s in range(graph.expanded):
        for e in graph.edges(s):
            source[e] = s
            t = graph.target[e]
            if t != 0 and into[t] == -1:
                into[t] = e
    onward: dict[int, int | None] = {}
    back: dict[int, list[int]] = {}
    for e in source:
        back.setdefault(graph.target[e], []).append(e)
    queue: deque[int] = deque()
    for s in range(graph.size):
        if comp.is_ending(graph.node[s]):
            onward[s] = None
            queue.append(s)
    while queue:
        t = queue.popleft()
        for e in back.get(t, []):
            if source[e] not in onward:
                onward[source[e]] = e
                queue.append(source[e])

    def edges_to(state: int) -> list[int]:
        out: list[int] = []
        while state != 0 and into[state] != -1:
            e = into[state]
            out.append(e)
            state = source[e]
        out.reverse()
        return out

    covered: set[int] = set()
    plays: list[list[int]] = []
    steps = 0
    cut_short = False
    for s in range(graph.expanded):
        if cut_short:
            break
        for e in graph.edges(s):
            if graph.choice[e] in covered:
                continue
            if steps >= max_steps:
                cut_short = True
                break
            play = [*edges_to(s), e]
            covered.update(graph.choice[x] for x in play)
            state = graph.target[e]
            seen = {state}
            while onward.get(state) is not None:
                # On the way to an ending, take a choice not covered yet when that choice
                # can still end (and does not go round); else the shortest way on.
                step = onward[state]
                for e2 in graph.edges(state):
                    target = graph.target[e2]
                    if graph.choice[e2] not in covered and target in onward and target not in seen:
                        step = e2
                        break
                assert step is not None
                play.append(step)
                covered.add(graph.choice[step])
                state = graph.target[step]
                seen.add(state)
            plays.append([comp.ch_index[graph.choice[x]] for x in play])
            steps += len(play)
    reachable = {(comp.beat_ids[comp.ch_beat[c]], comp.ch_index[c]) for c in set(graph.choice)}
    return Coverage(plays, reachable, graph.truncated or cut_short)


# -- running plays -----------------------------------------------------------------------


@dataclass
class PlayRun:
    """One automated play: what it visited and how it ended."""

    kind: str
    """``cover`` or ``random``."""
    path: list[str]
    numbers: list[int]
    ending: str | None = None
    outcome: str | None = None
    problem: str | None = None
    """``None`` when fine, else ``stuck``, ``loop`` or ``crash``."""
    detail: str = ""
    taken: list[tuple[str, int]] = field(default_factory=list)
    """The (beat, file index) of every step, as the session recorded them."""


def _finish(session: Session, run: PlayRun) -> PlayRun:
    run.path = list(session.path)
    run.numbers = list(session.numbers)
    run.taken = list(session.history)
    if session.ended:
        result = session.result()
        run.ending, run.outcome = result.ending_id, result.outcome
    return run


def replay_indices(
    scenario: Scenario, indices: Sequence[int], dimensions: Dimensions = DEFAULT_DIMENSIONS
) -> PlayRun:
    """Play the file indices ``indices`` from the start; a covering play."""
    session = Session(scenario, dimensions)
    run = PlayRun("cover", [], [])
    try:
        for index in indices:
            session.choose_index(index)
        if not session.ended:
            run.problem = "stuck" if not session.visible_choices else "loop"
            run.detail = session.node
    except Exception as exc:  # a crash is exactly what this test must report
        run.problem, run.detail = "crash", f"{type(exc).__name__}: {exc}"
    return _finish(session, run)


def random_run(
    scenario: Scenario,
    rng: random.Random,
    dimensions: Dimensions = DEFAULT_DIMENSIONS,
    max_steps: int = MAX_STEPS,
) -> PlayRun:
    """One play taking a random visible choice at every beat (``analysis.random_play``)."""
    run = PlayRun("random", [], [])
    try:
        session = random_play(scenario, rng, dimensions, max_steps=max_steps)
    except Exception as exc:  # a crash is exactly what this test must report
        run.problem, run.detail = "crash", f"{type(exc).__name__}: {exc}"
        return run
    if not session.ended:
        run.problem = "loop" if session.visible_choices else "stuck"
        run.detail = session.node
    return _finish(session, run)


# -- golden plays ------------------------------------------------------------------------


class GoldenFile(StrictModel):
    """``<id>.golden.toml``: golden plays kept beside a scenario file."""

    format: Annotated[int, Field(strict=True)]
    golden: Annotated[tuple[GoldenPlay, ...], Field(min_length=1)]


@dataclass
class GoldenResult:
    """One golden play checked: its failures as (catalogue code, params); none is a pass."""

    name: str
    source: str
    path: tuple[int, ...]
    failures: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    ending: str | None = None
    outcome: str | None = None

    @property
    def ok(self) -> bool:
        return not self.failures


def golden_files(scenario_file: Path, scenario_id: str | None = None) -> list[Path]:
    """The golden files beside ``scenario_file`` (``<stem>.golden.toml``, ``<id>.golden.toml``)."""
    names = [scenario_file.stem + GOLDEN_SUFFIX]
    if scenario_id and scenario_id != scenario_file.stem:
        names.append(scenario_id + GOLDEN_SUFFIX)
    return [scenario_file.parent / n for n in names if (scenario_file.parent / n).is_file()]


def load_golden_file(path: Path) -> tuple[tuple[GoldenPlay, ...], list[str]]:
    """The golden plays of one golden file, and its problems as one-line details.

    The details read like ``klantkoning check``: ``regel 5  golden[1].pad: Onbekende
    sleutel 'pad'. Bedoel je 'path'?`` (translated, located, with a suggestion).
    """
    from klantkoning.engine.format.explain import explain_errors
    from klantkoning.engine.format.locator import Locator

    try:
        # The one safe reader: every failure (size, FIFO, encoding, syntax, long numbers,
        # deep nesting) is a located problem, said the way `check` says it.
        source = parse_source(read_file(path), str(path))
    except Unreadable as exc:
        problem = exc.problem
        where = t("author.test.golden_at", line=problem.line) + "  " if problem.line else ""
        return (), [f"{where}{problem.message}"]
    raw, text = source.raw, source.text
    format_found = raw.get("format")
    if isinstance(format_found, int) and format_found != FORMAT_VERSION:
        return (), [t("check.format_version", found=format_found, expected=FORMAT_VERSION)]
    try:
        data = GoldenFile.model_validate(raw)
    except ValidationError as exc:
        findings = explain_errors(GoldenFile, exc.errors(include_url=False))
        locator = Locator(text, {f.path for f in findings})
        details = []
        for finding in findings:
            message = t(f"check.{finding.code}", **finding.params)
            line = locator.line(finding.path)
            where = t("author.test.golden_at", line=line) + "  " if line else ""
            details.append(f"{where}{finding.path}: {message}")
        # One broken golden play does not hide the others: those that are fine still run.
        return _valid_plays(raw.get("golden")), details or [str(exc)]
    return data.golden, []


def _valid_plays(entries: object) -> tuple[GoldenPlay, ...]:
    if not isinstance(entries, list):
        return ()
    plays = []
    for entry in entries:
        try:
            plays.append(GoldenPlay.model_validate(entry))
        except ValidationError:
            continue  # reported with its place above
    return tuple(plays)


def check_golden(
    scenario: Scenario,
    golden: GoldenPlay,
    source: str,
    dimensions: Dimensions = DEFAULT_DIMENSIONS,
) -> GoldenResult:
    """Play one golden play and compare it with what it promises."""
    result = GoldenResult(golden.name, source, golden.path)
    fail = result.failures
    session = Session(scenario, dimensions)
    for step, number in enumerate(golden.path, start=1):
        if session.ended:
            fail.append(("golden.too_long", {"step": step, "ending": session.node}))
            return result
        visible = len(session.visible_choices)
        try:
            session.choose(number)
        except PlayError:
            fail.append(
                ("golden.no_choice", {"step": step, "number": number, "beat": session.node,
                                      "count": visible})
            )  # fmt: skip
            return result
    if not session.ended:
        fail.append(("golden.not_ended", {"beat": session.node}))
        return result
    played = session.result()
    result.ending, result.outcome = played.ending_id, played.outcome
    if golden.ending is not None and golden.ending not in scenario.endings:
        # Not a wrong road but a name that does not exist: say which one was meant.
        found = suggest(golden.ending, list(scenario.endings))
        fail.append(("golden.no_such_ending", {"ending": golden.ending, "hint": hint(found)}))
    elif golden.ending is not None and golden.ending != played.ending_id:
        fail.append(("golden.ending", {"expected": golden.ending, "actual": played.ending_id}))
    if golden.outcome is not None and golden.outcome != played.outcome:
        fail.append(("golden.outcome", {"expected": golden.outcome, "actual": played.outcome}))
    for dim, minimum in golden.min_score.items():
        if dim not in dimensions:
            found = suggest(dim, list(dimensions.ids))
            fail.append(("golden.unknown_dimension", {"dimension": dim, "hint": hint(found)}))
        elif played.score.get(dim, 0) < minimum:
            fail.append(
                ("golden.score", {"dimension": dim, "minimum": minimum,
                                  "actual": played.score.get(dim, 0)})
            )  # fmt: skip
    return result


# -- the whole test ----------------------------------------------------------------------


@dataclass
class TestReport:
    """Everything ``klantkoning test`` reports for one scenario."""

    __test__ = False  # not a pytest class

    scenario_id: str
    seed: int
    samples: int
    choices_total: int
    choices_covered: int
    cover: list[PlayRun]
    sample: list[PlayRun]
    golden: list[GoldenResult]
    golden_errors: list[tuple[str, str]]
    """(golden file, problem) for golden files that do not load."""
    truncated: bool
    beat_counts: dict[str, tuple[int, int]]
    """node -> (covering plays that reach it, random plays that reach it)."""

    @property
    def bad_plays(self) -> list[PlayRun]:
        return [r for r in (*self.cover, *self.sample) if r.problem]

    @property
    def failed_golden(self) -> list[GoldenResult]:
        return [g for g in self.golden if not g.ok]

    @property
    def ok(self) -> bool:
        return not self.bad_plays and not self.failed_golden and not self.golden_errors

    def to_json(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario_id,
            "ok": self.ok,
            "seed": self.seed,
            "samples": self.samples,
            "choices": {"total": self.choices_total, "covered": self.choices_covered},
            "truncated": self.truncated,
            "covering_plays": len(self.cover),
            "problems": [
                {"kind": r.kind, "problem": r.problem, "detail": r.detail, "path": r.numbers}
                for r in self.bad_plays
            ],
            "reached": {
                node: {"covering": c, "random": r} for node, (c, r) in self.beat_counts.items()
            },
            "golden": [
                {
                    "name": g.name,
                    "source": g.source,
                    "path": list(g.path),
                    "ok": g.ok,
                    "ending": g.ending,
                    "outcome": g.outcome,
                    "failures": [{"code": c, **p} for c, p in g.failures],
                }
                for g in self.golden
            ],
            "golden_errors": [{"file": f, "detail": d} for f, d in self.golden_errors],
        }


def _count(runs: Iterable[PlayRun]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for run in runs:
        counts.update(set(run.path))
    return counts


def run_tests(
    scenario: Scenario,
    *,
    dimensions: Dimensions = DEFAULT_DIMENSIONS,
    samples: int = 200,
    seed: int = 0,
    scenario_file: Path | None = None,
) -> TestReport:
    """Covering plays, ``samples`` random plays seeded with ``seed``, and the golden plays."""
    coverage = covering_plays(scenario)
    cover = [replay_indices(scenario, play, dimensions) for play in coverage.plays]
    rng = random.Random(seed)
    sample = [random_run(scenario, rng, dimensions) for _ in range(samples)]
    taken = {step for run in cover for step in run.taken}  # no second replay
    golden: list[GoldenResult] = [
        check_golden(scenario, g, "scenario", dimensions) for g in scenario.golden
    ]
    golden_errors: list[tuple[str, str]] = []
    if scenario_file is not None:
        for gfile in golden_files(scenario_file, scenario.id):
            plays, problems = load_golden_file(gfile)
            golden_errors.extend((gfile.name, p) for p in problems)
            golden.extend(check_golden(scenario, g, gfile.name, dimensions) for g in plays)
    cover_counts, sample_counts = _count(cover), _count(sample)
    nodes = [*scenario.beats, *scenario.endings]
    return TestReport(
        scenario_id=scenario.id,
        seed=seed,
        samples=samples,
        choices_total=len(coverage.reachable),
        choices_covered=len(taken & coverage.reachable),
        cover=cover,
        sample=sample,
        golden=golden,
        golden_errors=golden_errors,
        truncated=coverage.truncated,
        beat_counts={n: (cover_counts[n], sample_counts[n]) for n in nodes},
    )


def replay_history(
    scenario: Scenario,
    history: Sequence[tuple[str, int]],
    dimensions: Dimensions = DEFAULT_DIMENSIONS,
) -> Session:
    """Play ``history`` ((beat, file index) pairs) again on a changed scenario, as Inky does.

    Replaying stops at the first step that no longer fits: the beat is gone or no longer
    where the play is, or that choice is no longer there or no longer visible.
    """
    session = Session(scenario, dimensions)
    for beat_id, index in history:
        if session.ended or session.node != beat_id:
            break
        try:
            session.choose_index(index)
        except PlayError:
            break
    return session
