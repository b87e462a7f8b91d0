"""Scoring problems of a scenario: what ``klantkoning stats`` adds to the analysis.

The loader and the analysis check that a scenario plays; these hints check that it
SCORES well: a dimension never rewarded, an option that loses to another on every
dimension, a choice without feedback, an ending no play reaches.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from klantkoning.engine.analysis.context import context
from klantkoning.engine.analysis.explore import BROKEN, Compiled, explore
from klantkoning.engine.analysis.structure import choice_path
from klantkoning.engine.format.dimensions import DEFAULT_DIMENSIONS, Dimensions
from klantkoning.engine.format.locator import Locator, format_path
from klantkoning.engine.format.model import Choice, Scenario
from klantkoning.i18n import t

MAX_STATES = 20_000

Kind = Literal["never_rewarded", "dominated", "dominated_all", "no_feedback", "unreachable_ending"]
KINDS: tuple[Kind, ...] = (
    "never_rewarded",
    "dominated",
    "dominated_all",
    "no_feedback",
    "unreachable_ending",
)


@dataclass(frozen=True)
class ScoringProblem:
    """One scoring hint, with its place in the file (``path``; ``line`` when located)."""

    kind: Kind
    path: str
    params: dict[str, Any] = field(default_factory=dict)
    line: int | None = None

    @property
    def message(self) -> str:
        return t(f"author.stats.problem.{self.kind}", **self.params)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "path": self.path,
            "line": self.line,
            "message": self.message,
            **{k: v for k, v in self.params.items() if k not in ("path", "line")},
        }


@dataclass(frozen=True)
class Reach:
    """Which beats, endings and choices some play reaches, and which choices meet."""

    nodes: frozenset[str]
    choices: frozenset[tuple[str, int]]
    together: frozenset[tuple[str, frozenset[int]]]
    """(beat, file indices visible at once) for every reachable state at a beat."""
    truncated: bool


def reach(scenario: Scenario, limit: int = MAX_STATES) -> Reach:
    """Explore the state graph once for everything the hints need (kept with the
    scenario's compiled graph, so ``stats`` and the preview explore it once)."""
    ctx = context(scenario)  # the compiled graph analyse() already made, if any
    return ctx.remember(("reach", limit), lambda: _reach(ctx.comp, limit))


def _reach(comp: Compiled, limit: int) -> Reach:
    if comp.start == BROKEN:
        return Reach(frozenset(), frozenset(), frozenset(), False)
    graph = explore(comp, comp.start, 0, limit)
    nodes = frozenset(comp.node_id(n) for n in set(graph.node))
    choices: set[tuple[str, int]] = set()
    together: set[tuple[str, frozenset[int]]] = set()
    for s in range(graph.expanded):
        node = graph.node[s]
        if comp.is_ending(node):
            continue
        beat_id = comp.beat_ids[node]
        seen = frozenset(comp.ch_index[graph.choice[e]] for e in graph.edges(s))
        choices.update((beat_id, i) for i in seen)
        together.add((beat_id, seen))
    return Reach(nodes, frozenset(choices), frozenset(together), graph.truncated)


@dataclass(frozen=True)
class Balance:
    """How many choices reward one dimension and how many cost it."""

    rewarded: int
    cost: int

    @property
    def never_lost(self) -> bool:
        """Rewarded somewhere, costs nowhere: a player can only gain on it."""
        return self.rewarded > 0 and self.cost == 0


def dimension_balance(
    scenario: Scenario, dimensions: Dimensions = DEFAULT_DIMENSIONS, reached: Reach | None = None
) -> dict[str, Balance]:
    """Per dimension: the choices some play can take that give points on it, and those
    that cost points on it. A dimension that can only be won teaches nothing about
    getting it wrong (``stats`` names those). When the exploration was cut short, every
    choice in the file counts."""
    reached = reached or reach(scenario)
    if reached.truncated:
        taken = [c for beat in scenario.beats.values() for c in beat.choices]
    else:
        taken = [scenario.beats[b].choices[i] for b, i in sorted(reached.choices)]
    up = dict.fromkeys(dimensions.ids, 0)
    down = dict.fromkeys(dimensions.ids, 0)
    for choice in taken:
        for dim, points in choice.score.items():
            if dim in up and points > 0:
                up[dim] += 1
            elif dim in down and points < 0:
                down[dim] += 1
    return {d: Balance(up[d], down[d]) for d in dimensions.ids}


def _quote(choice: Choice, width: int = 50) -> str:
    # Quotes of the author's own would double up with the message's.
    line = " ".join(choice.text.split()).strip("\"'“”„‘’ ")
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


def _dominates(a: Choice, b: Choice, dims: tuple[str, ...]) -> list[str] | None:
    """The dimensions where ``a`` beats ``b`` when ``a`` is ≥ on every one, else ``None``."""
    better = []
    for dim in dims:
        pa, pb = a.score.get(dim, 0), b.score.get(dim, 0)
        if pa < pb:
            return None
        if pa > pb:
            better.append(dim)
    return better or None


def _dominated_pairs(
    scenario: Scenario, reached: Reach, dims: tuple[str, ...]
) -> tuple[dict[tuple[str, int], dict[int, list[str]]], dict[tuple[str, int], set[int]]]:
    """For every (beat, choice): the choices seen with it that beat it (and where), and
    every choice ever seen with it.

    Linear in the visible sets: who beats whom is worked out once per beat, and the sets
    are bit masks. Comparing every pair inside every set was quadratic per set, and a
    dense scenario with flags has hundreds of thousands of sets (a minute in ``stats``).
    """
    masks: dict[str, set[int]] = {}
    for beat_id, visible in reached.together:
        masks.setdefault(beat_id, set()).add(sum(1 << i for i in visible))
    pairs: dict[tuple[str, int], dict[int, list[str]]] = {}
    rivals: dict[tuple[str, int], set[int]] = {}
    for beat_id, beat_masks in masks.items():
        choices = scenario.beats[beat_id].choices
        everything = 0
        for mask in beat_masks:
            everything |= mask
        members = [i for i in range(len(choices)) if everything >> i & 1]
        seen_with = dict.fromkeys(members, 0)
        open_ = list(members)  # choices whose companions can still grow
        for mask in beat_masks:
            if not open_:
                break
            still = []
            for i in open_:
                if mask >> i & 1:
                    seen_with[i] |= mask
                if seen_with[i] != everything:
                    still.append(i)
            open_ = still
        for loser in members:
            others = seen_with[loser] & ~(1 << loser)
            companions = {w for w in members if others >> w & 1}
            rivals[(beat_id, loser)] = companions
            for winner in companions:
                better = _dominates(choices[winner], choices[loser], dims)
                if better is not None:
                    pairs.setdefault((beat_id, loser), {})[winner] = better
    return pairs, rivals


def scoring_problems(
    scenario: Scenario,
    dimensions: Dimensions = DEFAULT_DIMENSIONS,
    *,
    source: str | None = None,
    reached: Reach | None = None,
) -> list[ScoringProblem]:
    """Every scoring hint of ``scenario``; located in ``source`` (the file text) when given."""
    reached = reached or reach(scenario)
    dims = dimensions.ids
    out: list[ScoringProblem] = []

    # A dimension no reachable choice gives points for.
    rewarded = {
        dim
        for beat_id, index in reached.choices
        for dim, points in scenario.beats[beat_id].choices[index].score.items()
        if points > 0
    }
    for dim in dimensions:
        if dim.id not in rewarded:
            group = t(f"group.{dim.group}")
            out.append(ScoringProblem("never_rewarded", "", {"dimension": dim.id, "group": group}))

    # An option that another option, visible at the same time, beats on every dimension.
    pairs, rivals = _dominated_pairs(scenario, reached, dims)
    for (beat_id, loser), winners in sorted(pairs.items()):
        beat = scenario.beats[beat_id]
        everyone = rivals[(beat_id, loser)]
        params: dict[str, Any] = {
            "beat": beat_id,
            "number": loser + 1,
            "text": _quote(beat.choices[loser]),
        }
        if len(everyone) > 1 and set(winners) == everyone:
            kind: Kind = "dominated_all"
            params["others"] = ", ".join(str(w + 1) for w in sorted(everyone))
        else:
            kind = "dominated"
            winner = min(winners)
            params["other"] = winner + 1
            params["other_text"] = _quote(beat.choices[winner])
            params["dimensions"] = ", ".join(winners[winner])
        out.append(ScoringProblem(kind, choice_path(beat_id, loser), params))

    # A choice without feedback: the player never hears why.
    for beat_id, beat in scenario.beats.items():
        for index, choice in enumerate(beat.choices):
            if not (choice.feedback or "").strip():
                out.append(
                    ScoringProblem(
                        "no_feedback",
                        choice_path(beat_id, index),
                        {"beat": beat_id, "number": index + 1, "text": _quote(choice)},
                    )
                )

    # An ending no play reaches.
    if not reached.truncated:
        for ending_id in scenario.endings:
            if ending_id not in reached.nodes:
                out.append(
                    ScoringProblem(
                        "unreachable_ending",
                        format_path(["endings", ending_id]),
                        {"ending": ending_id},
                    )
                )

    if source is not None:
        locator = Locator(source)
        out = [
            ScoringProblem(p.kind, p.path, p.params, locator.line(p.path) if p.path else None)
            for p in out
        ]
    return out
