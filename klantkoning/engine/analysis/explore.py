"""The state graph of a scenario: compiled choices, exploration, live states and SCCs.

Branching depends only on (node, flags), so the state space is explored over those
pairs, with flags as bit masks. A state keeps only the flags some choice still ahead
of it can test (``requires``/``unless``): flags that no longer matter are dropped, so
two plays that differ only there share a state. Everything here works on plain ints
and lists; ``analysis`` turns the results into names.

``extremes`` computes the path values (score ranges, outcomes, counts) on the
``Layout`` built here.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection
from dataclasses import dataclass, field

from klantkoning.engine.format.model import Scenario

BROKEN = -1
"""``next`` of a choice that names no beat or ending (the loader reports it)."""


@dataclass
class Compiled:
    """A scenario as arrays: nodes (beats, then endings) and choices by global id."""

    scenario: Scenario
    beat_ids: list[str]
    ending_ids: list[str]
    node_index: dict[str, int]
    start: int
    beat_choices: list[list[int]]
    ch_beat: list[int]
    ch_index: list[int]
    ch_next: list[int]
    ch_req: list[int]
    ch_unless: list[int]
    ch_sets: list[int]
    ch_possible: list[bool]
    ch_mood: list[int]
    flag_names: list[str]
    future: list[int]
    ch_score: dict[str, list[int]] = field(default_factory=dict)

    @property
    def n_beats(self) -> int:
        return len(self.beat_ids)

    def is_ending(self, node: int) -> bool:
        return node >= len(self.beat_ids)

    def node_id(self, node: int) -> str:
        nb = len(self.beat_ids)
        return self.beat_ids[node] if node < nb else self.ending_ids[node - nb]

    def mask_of(self, flags: Collection[str]) -> int:
        """The bit mask of those ``flags`` (names) that matter anywhere in the scenario."""
        mask = 0
        for bit, name in enumerate(self.flag_names):
            if name in flags:
                mask |= 1 << bit
        return mask

    def flags_of(self, mask: int) -> tuple[str, ...]:
        return tuple(name for bit, name in enumerate(self.flag_names) if mask >> bit & 1)

    def visible(self, c: int, mask: int) -> bool:
        """Whether choice ``c`` shows with the flags in ``mask`` set (``requires`` all set,
        ``unless`` none). The explorer's own loop inlines this for speed."""
        req = self.ch_req[c]
        return self.ch_possible[c] and mask & req == req and not mask & self.ch_unless[c]

    def total_weights(self, dim_ids: tuple[str, ...]) -> list[int]:
        """Per choice: the sum of its points over ``dim_ids``."""
        total = [0] * len(self.ch_beat)
        for dim in dim_ids:
            weights = self.ch_score.get(dim)
            if weights is not None:
                total = [a + b for a, b in zip(total, weights, strict=True)]
        return total


def compile_scenario(scenario: Scenario) -> Compiled:
    """Number the nodes, choices and flags of ``scenario``."""
    beat_ids = list(scenario.beats)
    ending_ids = [e for e in scenario.endings if e not in scenario.beats]
    node_index: dict[str, int] = {b: i for i, b in enumerate(beat_ids)}
    for j, e in enumerate(ending_ids):
        node_index[e] = len(beat_ids) + j

    set_anywhere: set[str] = set()
    tested_anywhere: set[str] = set()
    for beat in scenario.beats.values():
        for choice in beat.choices:
            set_anywhere.update(choice.sets)
            tested_anywhere.update(choice.requires)
            tested_anywhere.update(choice.unless)
    # Only flags that are both set and tested can change what a player sees.
    flag_names = sorted(set_anywhere & tested_anywhere)
    bit = {name: 1 << i for i, name in enumerate(flag_names)}

    beat_choices: list[list[int]] = []
    ch_beat: list[int] = []
    ch_index: list[int] = []
    ch_next: list[int] = []
    ch_req: list[int] = []
    ch_unless: list[int] = []
    ch_sets: list[int] = []
    ch_possible: list[bool] = []
    ch_mood: list[int] = []
    scores: dict[str, dict[int, int]] = {}
    get_node = node_index.get
    c = 0
    for b, beat in enumerate(scenario.beats.values()):
        first_choice = c
        for i, choice in enumerate(beat.choices):
            ch_beat.append(b)
            ch_index.append(i)
            ch_next.append(get_node(choice.next, BROKEN))
            ch_mood.append(choice.mood)
            req = unless = sets = 0
            possible = True
            if bit:
                for f in choice.requires:
                    if f in bit:
                        req |= bit[f]
                    else:
                        possible = False  # requires a flag that no choice ever sets
                for f in choice.unless:
                    unless |= bit.get(f, 0)
                for f in choice.sets:
                    sets |= bit.get(f, 0)
                if req & unless:
                    possible = False
            elif choice.requires:
                possible = False
            ch_req.append(req)
            ch_unless.append(unless)
            ch_sets.append(sets)
            ch_possible.append(possible)
            for dim, points in choice.score.items():
                if points:
                    by_dim = scores.get(dim)
                    if by_dim is None:
                        by_dim = scores[dim] = {}
                    by_dim[c] = points
            c += 1
        beat_choices.append(list(range(first_choice, c)))
    ch_score: dict[str, list[int]] = {}
    for dim, by_choice in scores.items():
        weights = [0] * c
        for k, points in by_choice.items():
            weights[k] = points
        ch_score[dim] = weights

    future = _future_masks(len(beat_ids), len(ending_ids), beat_choices, ch_next, ch_req, ch_unless)
    return Compiled(
        scenario=scenario,
        beat_ids=beat_ids,
        ending_ids=ending_ids,
        node_index=node_index,
        start=node_index.get(scenario.scenario.start, BROKEN),
        beat_choices=beat_choices,
        ch_beat=ch_beat,
        ch_index=ch_index,
        ch_next=ch_next,
        ch_req=ch_req,
        ch_unless=ch_unless,
        ch_sets=ch_sets,
        ch_possible=ch_possible,
        ch_mood=ch_mood,
        flag_names=flag_names,
        future=future,
        ch_score=ch_score,
    )


def _future_masks(
    n_beats: int,
    n_endings: int,
    beat_choices: list[list[int]],
    ch_next: list[int],
    ch_req: list[int],
    ch_unless: list[int],
) -> list[int]:
    """Per node: the flags tested at it or at any node reachable from it."""
    future = [0] * (n_beats + n_endings)
    preds: list[list[int]] = [[] for _ in range(n_beats + n_endings)]
    for b, ids in enumerate(beat_choices):
        mask = 0
        for c in ids:
            mask |= ch_req[c] | ch_unless[c]
            if ch_next[c] != BROKEN:
                preds[ch_next[c]].append(b)
        future[b] = mask
    work = deque(b for b in range(n_beats) if future[b])
    while work:
        node = work.popleft()
        mask = future[node]
        for p in preds[node]:
            if future[p] | mask != future[p]:
                future[p] |= mask
                work.append(p)
    return future


def node_reachable(comp: Compiled) -> list[bool]:
    """Nodes reachable from the start when flags are ignored (an over-approximation)."""
    seen = [False] * (len(comp.beat_ids) + len(comp.ending_ids))
    if comp.start == BROKEN:
        return seen
    seen[comp.start] = True
    stack = [comp.start]
    nb = len(comp.beat_ids)
    while stack:
        node = stack.pop()
        if node >= nb:
            continue
        for c in comp.beat_choices[node]:
            nxt = comp.ch_next[c]
            if comp.ch_possible[c] and nxt != BROKEN and not seen[nxt]:
                seen[nxt] = True
                stack.append(nxt)
    return seen


@dataclass
class StateGraph:
    """The explored states. State ``s`` is (``node[s]``, ``flags[s]``); edges in CSR form.

    States ``0 .. expanded-1`` had their choices explored; when ``truncated`` the rest
    were found but not explored (the frontier).
    """

    comp: Compiled
    node: list[int]
    flags: list[int]
    first: list[int]
    target: list[int]
    choice: list[int]
    broken: list[bool]
    expanded: int
    truncated: bool
    index: dict[int, int]

    @property
    def size(self) -> int:
        return len(self.node)

    def edges(self, s: int) -> range:
        return range(self.first[s], self.first[s + 1]) if s < self.expanded else range(0)


MAX_EDGES = 1_500_000
"""Exploration also stops at this many transitions: 60 beats each leading to every other
with a few flags stay under the state limit yet make millions of edges, and every later
pass (liveness, components, score ranges) walks them all (seconds and a gigabyte)."""


def explore(
    comp: Compiled, root_node: int, root_flags: int, limit: int, edge_limit: int | None = None
) -> StateGraph:
    """Breadth-first exploration from (``root_node``, ``root_flags``), at most ``limit``
    states and about ``edge_limit`` transitions (default ``MAX_EDGES``)."""
    if edge_limit is None:
        edge_limit = MAX_EDGES
    nb = len(comp.beat_ids)
    n_nodes = nb + len(comp.ending_ids)
    future = comp.future
    beat_choices = comp.beat_choices
    ch_next, ch_req, ch_unless = comp.ch_next, comp.ch_req, comp.ch_unless
    ch_sets, ch_possible = comp.ch_sets, comp.ch_possible

    root_flags &= future[root_node]
    node = [root_node]
    flags = [root_flags]
    index = {root_flags * n_nodes + root_node: 0}
    first = [0]
    target: list[int] = []
    choice: list[int] = []
    broken: list[bool] = []
    s = 0
    truncated = False
    while s < len(node):
        if len(node) > limit or len(target) > edge_limit:
            truncated = True
            break
        n, f = node[s], flags[s]
        has_broken = False
        if n < nb:
            for c in beat_choices[n]:
                if not ch_possible[c] or f & ch_req[c] != ch_req[c] or f & ch_unless[c]:
                    continue
                nxt = ch_next[c]
                if nxt == BROKEN:
                    has_broken = True
                    continue
                nf = (f | ch_sets[c]) & future[nxt]
                key = nf * n_nodes + nxt
                t = index.get(key)
                if t is None:
                    t = len(node)
                    index[key] = t
                    node.append(nxt)
                    flags.append(nf)
                target.append(t)
                choice.append(c)
        broken.append(has_broken)
        first.append(len(target))
        s += 1
    return StateGraph(comp, node, flags, first, target, choice, broken, s, truncated, index)


def state_key(comp: Compiled, node: int, flags: int) -> int:
    """The key of state (``node``, ``flags``) in ``StateGraph.index``."""
    return (flags & comp.future[node]) * (len(comp.beat_ids) + len(comp.ending_ids)) + node


def predecessors(graph: StateGraph) -> list[list[int]]:
    """Per state: the states with an edge to it."""
    preds: list[list[int]] = [[] for _ in range(graph.size)]
    target, first = graph.target, graph.first
    for s in range(graph.expanded):
        for e in range(first[s], first[s + 1]):
            preds[target[e]].append(s)
    return preds


def live_states(
    graph: StateGraph, frontier_live: bool, preds: list[list[int]] | None = None
) -> list[bool]:
    """States from which an ending can be reached.

    A choice whose ``next`` is broken counts as reaching one (the broken reference is
    reported on its own). With ``frontier_live`` unexplored states count as live too.
    """
    if preds is None:
        preds = predecessors(graph)
    nb = graph.comp.n_beats
    node, broken, expanded = graph.node, graph.broken, graph.expanded
    live = [False] * graph.size
    work = []
    for s in range(graph.size):
        if node[s] >= nb or (broken[s] if s < expanded else frontier_live):
            live[s] = True
            work.append(s)
    while work:
        s = work.pop()
        for p in preds[s]:
            if not live[p]:
                live[p] = True
                work.append(p)
    return live


def sccs(graph: StateGraph, keep: list[bool]) -> list[list[int]]:
    """Strongly connected components among ``keep`` states, sinks first (Tarjan, iterative)."""
    size = graph.size
    first, target = graph.first, graph.target
    expanded = graph.expanded
    index = [-1] * size
    low = [0] * size
    on_stack = [False] * size
    stack: list[int] = []
    out: list[list[int]] = []
    counter = 0
    for root in range(size):
        if not keep[root] or index[root] != -1:
            continue
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = True
        work = [(root, first[root] if root < expanded else 0)]
        while work:
            v, e = work[-1]
            end = first[v + 1] if v < expanded else 0
            pushed = False
            while e < end:
                w = target[e]
                e += 1
                if not keep[w]:
                    continue
                if index[w] == -1:
                    work[-1] = (v, e)
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack[w] = True
                    work.append((w, first[w] if w < expanded else 0))
                    pushed = True
                    break
                if on_stack[w] and index[w] < low[v]:
                    low[v] = index[w]
            if pushed:
                continue
            work.pop()
            if work:
                u = work[-1][0]
                if low[v] < low[u]:
                    low[u] = low[v]
            if low[v] == index[v]:
                component: list[int] = []
                while True:
                    w = stack.pop()
                    on_stack[w] = False
                    component.append(w)
                    if w == v:
                        break
                out.append(component)
    return out


@dataclass
class Layout:
    """The live part of a state graph, condensed: what every path computation needs.

    ``components`` come sinks first (every edge leads to the same or an earlier one).
    """

    graph: StateGraph
    preds: list[list[int]]
    live: list[bool]
    terminal: list[bool]
    """An ending, or a state with a broken ``next`` (counts as one)."""
    components: list[list[int]]
    comp_of: list[int]
    cyclic: list[bool]
    out: list[list[tuple[int, int]]]
    """Per live state: (target, choice) of its edges to live states."""
    inner: dict[int, list[tuple[int, int, int]]]
    """Per cyclic component: its inner edges as (source, target, choice)."""


def layout(graph: StateGraph) -> Layout:
    """Live states (frontier excluded), their components and which of those are cycles."""
    preds = predecessors(graph)
    live = live_states(graph, frontier_live=False, preds=preds)
    components = sccs(graph, live)
    comp_of = [-1] * graph.size
    for i, component in enumerate(components):
        for s in component:
            comp_of[s] = i
    nb = graph.comp.n_beats
    first, target, choice, expanded = graph.first, graph.target, graph.choice, graph.expanded
    node, broken = graph.node, graph.broken
    terminal = [n >= nb for n in node]
    for s in range(expanded):
        if broken[s]:
            terminal[s] = True
    out: list[list[tuple[int, int]]] = [[] for _ in range(graph.size)]
    everything_live = all(live)
    for s in range(expanded):
        if everything_live:
            a, b = first[s], first[s + 1]
            out[s] = list(zip(target[a:b], choice[a:b], strict=True))
        elif live[s]:
            out[s] = [
                (target[e], choice[e]) for e in range(first[s], first[s + 1]) if live[target[e]]
            ]
    cyclic = []
    inner: dict[int, list[tuple[int, int, int]]] = {}
    for i, component in enumerate(components):
        edges = [(s, t, c) for s in component for t, c in out[s] if comp_of[t] == i]
        cyclic.append(bool(edges))
        if edges:
            inner[i] = edges
    return Layout(graph, preds, live, terminal, components, comp_of, cyclic, out, inner)
