"""The graph checks of ``klantkoning check``, and the explored graphs they share.

A scenario object is compiled and explored once; ``analyse``, ``choice_value`` and
``structural_findings`` all reuse that through a small cache keyed by the object.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from klantkoning.engine.dimensions import DEFAULT_DIMENSIONS, Dimensions
from klantkoning.engine.explore import (
    BROKEN,
    Compiled,
    Layout,
    StateGraph,
    compile_scenario,
    explore,
    layout,
    live_states,
    node_reachable,
    sccs,
)
from klantkoning.engine.extremes import Value, best_values, first_gaining_loop
from klantkoning.engine.locator import format_path
from klantkoning.engine.model import Choice, Scenario
from klantkoning.engine.problems import Finding

if TYPE_CHECKING:
    from klantkoning.engine.analysis import Analysis

DEFAULT_LIMIT = 200_000
"""How many (beat, flags) states are explored before giving up (``too_large``)."""


# -- cache of compiled scenarios and explorations -------------------------------------


class Step(NamedTuple):
    """A visible choice, compiled for quick random plays."""

    choice: Choice
    file_index: int
    next: int
    sets: int


class Context:
    """Compiled graph and explorations of one scenario object."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario  # a strong reference: the id() key stays this object's
        self.comp = compile_scenario(scenario)
        self.graphs: dict[tuple[int, int, int], tuple[StateGraph, Layout]] = {}
        self.totals: dict[tuple[int, int, int, tuple[str, ...]], list[Value | None]] = {}
        self.lock = threading.Lock()
        self.playbook: dict[tuple[int, int], tuple[Step, ...]] = {}
        """(beat, flags) -> visible steps, filled by ``random_play`` as it goes."""
        self.analyses: dict[tuple[tuple[str, ...], int], Analysis] = {}
        """``analyse`` results by (dimension ids, limit)."""

    def visible_steps(self, node: int, mask: int) -> tuple[Step, ...]:
        """The choices visible at beat ``node`` with ``mask`` set, in file order."""
        comp = self.comp
        beat = self.scenario.beats[comp.beat_ids[node]]
        return tuple(
            Step(beat.choices[comp.ch_index[c]], comp.ch_index[c], comp.ch_next[c], comp.ch_sets[c])
            for c in comp.beat_choices[node]
            if comp.ch_possible[c]
            and mask & comp.ch_req[c] == comp.ch_req[c]
            and not mask & comp.ch_unless[c]
        )

    def explored(self, node: int, flags: int, limit: int) -> tuple[StateGraph, Layout]:
        """The states reachable from (``node``, ``flags``), explored once."""
        key = (node, flags & self.comp.future[node], limit)
        with self.lock:
            found = self.graphs.get(key)
            if found is None:
                graph = explore(self.comp, node, flags, limit)
                found = (graph, layout(graph))
                if len(self.graphs) > 32:
                    self.graphs.clear()
                self.graphs[key] = found
            return found

    def total_best(
        self, node: int, flags: int, limit: int, dim_ids: tuple[str, ...]
    ) -> tuple[StateGraph, list[Value | None]]:
        """Per state from that root: the best total over ``dim_ids`` to an ending."""
        graph, lay = self.explored(node, flags, limit)
        key = (node, flags & self.comp.future[node], limit, dim_ids)
        with self.lock:
            best = self.totals.get(key)
            if best is None:
                best = best_values(lay, self.comp.total_weights(dim_ids))
                self.totals[key] = best
            return graph, best


_CACHE: OrderedDict[int, Context] = OrderedDict()
_CACHE_SIZE = 16
_CACHE_LOCK = threading.Lock()


def context(scenario: Scenario) -> Context:
    """The cached context of this very scenario object (compiled on first use).

    Keyed by ``id()``, but the context keeps the object alive and is checked with
    ``is``, so a recycled id can never return another scenario's graph.
    """
    with _CACHE_LOCK:
        ctx = _CACHE.get(id(scenario))
        if ctx is not None and ctx.scenario is scenario:
            _CACHE.move_to_end(id(scenario))
            return ctx
        ctx = Context(scenario)
        _CACHE[id(scenario)] = ctx
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
        return ctx


# -- what check needs -------------------------------------------------------------------


_DeadEnds = tuple[
    frozenset[str], frozenset[str], dict[str, tuple[str, ...]], dict[str, tuple[int, int]]
]
_Stuck = tuple[frozenset[str], frozenset[str], tuple[tuple[str, ...], ...]]


@dataclass(frozen=True)
class Structure:
    """What ``check`` needs: reachability, dead ends, loops without a way out."""

    graph: StateGraph
    lay: Layout
    reachable_beats: frozenset[str]
    reachable_endings: frozenset[str]
    dead: _DeadEnds
    stuck: _Stuck


def structure(ctx: Context, limit: int) -> Structure:
    """Explore from the start (at most ``limit`` states) and find what check reports."""
    comp = ctx.comp
    graph, lay = ctx.explored(comp.start, 0, limit)
    nb = comp.n_beats
    reached_nodes = set(graph.node)
    if graph.truncated:
        # Only what is certain: a beat that even the bare links never reach.
        linked = node_reachable(comp)
        reached_nodes |= {n for n, ok in enumerate(linked) if ok}
    return Structure(
        graph=graph,
        lay=lay,
        reachable_beats=frozenset(comp.beat_ids[n] for n in reached_nodes if n < nb),
        reachable_endings=frozenset(comp.node_id(n) for n in reached_nodes if n >= nb),
        dead=_dead_ends(graph),
        stuck=_stuck(graph, lay),
    )


def gains(lay: Layout, comp: Compiled, dim_ids: tuple[str, ...]) -> dict[str, tuple[str, int]]:
    """Per dimension that a loop lets grow without bound: a choice in that loop."""
    found: dict[str, tuple[str, int]] = {}
    if not lay.inner:
        return found
    # A loop can only gain on a dimension that some choice inside a loop scores on.
    looping = {c for edges in lay.inner.values() for _, _, c in edges}
    for dim in dim_ids:
        weights = comp.ch_score.get(dim)
        if weights is not None and any(weights[c] > 0 for c in looping):
            loop = first_gaining_loop(lay, weights)
            if loop is not None:
                found[dim] = _gaining_choice(lay, loop, weights)
    return found


def _dead_ends(graph: StateGraph) -> _DeadEnds:
    comp = graph.comp
    nb = comp.n_beats
    seen: dict[int, int] = {}
    stuck: dict[int, int] = {}
    example: dict[int, int] = {}
    for s in range(graph.expanded):
        n = graph.node[s]
        if n >= nb:
            continue
        seen[n] = seen.get(n, 0) + 1
        if graph.first[s] == graph.first[s + 1] and not graph.broken[s]:
            stuck[n] = stuck.get(n, 0) + 1
            example.setdefault(n, graph.flags[s])
    dead = frozenset(comp.beat_ids[n] for n in stuck)
    certain = {comp.beat_ids[n] for n in stuck if stuck[n] == seen[n] and not graph.truncated}
    # A beat whose every choice needs a flag nothing sets is dead however it is reached.
    for n in stuck:
        if not any(comp.ch_possible[c] for c in comp.beat_choices[n]):
            certain.add(comp.beat_ids[n])
    flags = {comp.beat_ids[n]: comp.flags_of(f) for n, f in example.items()}
    states = {comp.beat_ids[n]: (stuck[n], seen[n]) for n in stuck}
    return dead, frozenset(certain), flags, states


def _stuck(graph: StateGraph, lay: Layout) -> _Stuck:
    """Beats in states that reach no ending, and the loops among them."""
    comp = graph.comp
    # Unexplored states of a truncated exploration might still finish: count them live.
    live = live_states(graph, True, lay.preds) if graph.truncated else lay.live
    if all(live):
        return frozenset(), frozenset(), ()
    dead_states = [not ok for ok in live]
    node = graph.node
    stuck_beats = frozenset(comp.beat_ids[node[s]] for s in range(graph.size) if dead_states[s])
    groups: set[tuple[str, ...]] = set()
    for component in sccs(graph, dead_states):
        if len(component) == 1:
            s = component[0]
            if not any(graph.target[e] == s for e in graph.edges(s)):
                continue
        nodes = sorted({graph.node[s] for s in component})
        groups.add(tuple(comp.beat_ids[n] for n in nodes))
    ordered = tuple(sorted(groups, key=lambda g: comp.node_index[g[0]]))
    cycles = frozenset(b for group in ordered for b in group)
    return stuck_beats, cycles, ordered


def _gaining_choice(lay: Layout, component: int, weights: list[int]) -> tuple[str, int]:
    """A choice inside a loop that gains points: (beat id, file index)."""
    graph = lay.graph
    comp = graph.comp
    best: tuple[int, int] | None = None
    for s in lay.components[component]:
        for e in graph.edges(s):
            if lay.comp_of[graph.target[e]] == component:
                c = graph.choice[e]
                if weights[c] > 0 and (best is None or c < best[0]):
                    best = (c, weights[c])
    c = best[0] if best is not None else graph.choice[graph.first[lay.components[component][0]]]
    return comp.beat_ids[comp.ch_beat[c]], comp.ch_index[c]


# -- check ------------------------------------------------------------------------------


def choice_path(beat_id: str, index: int) -> str:
    """``beats.<beat>.choices[n]`` for the choice at file index ``index`` (0-based)."""
    return format_path(["beats", beat_id, "choices", index + 1])


def structural_findings(
    scenario: Scenario,
    dimensions: Dimensions = DEFAULT_DIMENSIONS,
    limit: int = DEFAULT_LIMIT,
) -> list[Finding]:
    """The graph checks of ``klantkoning check``, in file order.

    Codes (messages under ``check.`` in the catalogue): ``unreachable_beat``,
    ``unreachable_ending``, ``dead_end``, ``stuck_cycle``, ``unbounded_score``,
    ``too_large``.
    """
    ctx = context(scenario)
    comp = ctx.comp
    if comp.start == BROKEN:
        return []  # the loader reports the broken reference
    st = structure(ctx, limit)
    dead, certain, dead_flags, dead_states = st.dead
    stuck_groups = st.stuck[2]
    unreachable = frozenset(comp.beat_ids) - st.reachable_beats
    findings: list[Finding] = []
    if st.graph.truncated:
        findings.append(
            Finding("warning", "scenario", "too_large", {"limit": limit, "states": st.graph.size})
        )
    stuck_first = {group[0]: group for group in stuck_groups}
    for beat_id in comp.beat_ids:
        if beat_id not in unreachable and beat_id not in dead and beat_id not in stuck_first:
            continue  # the common case: nothing to say about this beat
        path = format_path(["beats", beat_id])
        if beat_id in unreachable:
            findings.append(Finding("error", path, "unreachable_beat", {"beat": beat_id}))
        if beat_id in dead:
            stuck, seen = dead_states[beat_id]
            flags = dead_flags.get(beat_id, ())
            findings.append(
                Finding(
                    "error" if beat_id in certain else "warning",
                    path,
                    "dead_end",
                    {
                        "beat": beat_id,
                        "stuck": stuck,
                        "states": seen,
                        "flags": ", ".join(flags) if flags else "-",
                    },
                )
            )
        if beat_id in stuck_first:
            findings.append(
                Finding(
                    "error",
                    path,
                    "stuck_cycle",
                    {"beat": beat_id, "beats": ", ".join(stuck_first[beat_id])},
                )
            )
    # One warning per choice, naming every dimension it lets grow; none inside a loop
    # already reported as stuck (that error comes first: the loop needs a way out).
    growing: dict[tuple[str, int], list[str]] = {}
    for dim, place in gains(st.lay, comp, dimensions.ids).items():
        if place[0] not in st.stuck[1]:
            growing.setdefault(place, []).append(dim)
    for (beat_id, index), dims in growing.items():
        findings.append(
            Finding(
                "warning",
                choice_path(beat_id, index),
                "unbounded_score",
                {"dimensions": ", ".join(dims), "beat": beat_id, "choice": index + 1},
            )
        )
    for ending_id in comp.ending_ids:
        if ending_id not in st.reachable_endings:
            path = format_path(["endings", ending_id])
            findings.append(Finding("warning", path, "unreachable_ending", {"ending": ending_id}))
    return findings
