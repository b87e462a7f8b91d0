"""The graph checks of ``klantkoning check``: dead ends, stuck loops, unreachable nodes."""

from __future__ import annotations

from dataclasses import dataclass

from klantkoning.engine.analysis import explore as explore_module
from klantkoning.engine.analysis.context import DEFAULT_LIMIT, Context, context
from klantkoning.engine.analysis.explore import (
    BROKEN,
    Compiled,
    Layout,
    StateGraph,
    live_states,
    node_reachable,
    sccs,
)
from klantkoning.engine.analysis.extremes import first_gaining_loop
from klantkoning.engine.format.dimensions import DEFAULT_DIMENSIONS, Dimensions
from klantkoning.engine.format.locator import format_path
from klantkoning.engine.format.model import Scenario
from klantkoning.engine.format.problems import Finding

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
    edge_limit = explore_module.MAX_EDGES
    if st.graph.truncated and len(st.graph.target) > edge_limit:
        params = {"limit": edge_limit, "edges": len(st.graph.target)}
        findings.append(Finding("warning", "scenario", "too_many_edges", params))
    elif st.graph.truncated:
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
