"""The compiled graph and explorations of one scenario object, cached and shared.

A scenario object is compiled and explored once; ``analyse``, ``choice_value``, the
graph checks of ``check`` and the play tests all reuse that through this small cache.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import NamedTuple, TypeVar

from klantkoning.engine.analysis.explore import (
    BROKEN,
    Layout,
    StateGraph,
    compile_scenario,
    explore,
    layout,
)
from klantkoning.engine.analysis.extremes import Value, best_values
from klantkoning.engine.format.model import Choice, Scenario

T = TypeVar("T")

DEFAULT_LIMIT = 200_000
"""How many (beat, flags) states are explored before giving up (``too_large``)."""


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
        self.memo: dict[object, object] = {}
        """Results of later layers by their own keys (``analyse`` keeps its results here)."""

    def remember(self, key: tuple[object, ...], make: Callable[[], T]) -> T:
        """``memo[key]``, made by ``make()`` the first time. ``make`` runs outside the lock
        (it may explore, which takes it); when two threads race, the first result kept wins.
        Keys start with the caller's name, so each key has one kind of value."""
        found = self.memo.get(key)
        if found is None:
            made = make()
            with self.lock:
                found = self.memo.setdefault(key, made)
        return found  # type: ignore[return-value]  # one kind of value per key (see above)

    def visible_steps(self, node: int, mask: int) -> tuple[Step, ...]:
        """The choices visible at beat ``node`` with ``mask`` set, in file order."""
        comp = self.comp
        beat = self.scenario.beats[comp.beat_ids[node]]
        return tuple(
            Step(beat.choices[comp.ch_index[c]], comp.ch_index[c], comp.ch_next[c], comp.ch_sets[c])
            for c in comp.beat_choices[node]
            if comp.visible(c, mask)
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


def start_graph(
    scenario: Scenario, limit: int = DEFAULT_LIMIT
) -> tuple[Context, StateGraph, Layout] | None:
    """The graph explored from the start; ``None`` when the start is broken or the graph
    is too large to explore whole."""
    ctx = context(scenario)
    if ctx.comp.start == BROKEN:
        return None
    graph, lay = ctx.explored(ctx.comp.start, 0, limit)
    if graph.truncated:
        return None
    return ctx, graph, lay
