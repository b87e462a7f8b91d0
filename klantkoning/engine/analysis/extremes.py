"""Values over the complete plays of a state graph: best totals, moods, lengths, counts.

Works on the ``Layout`` of ``explore``: live states condensed into strongly connected
components, sinks first, so one pass from the endings backwards settles every state
outside a loop. Inside a loop a queue-based Bellman-Ford settles the values, and a
loop whose total is positive makes them unbounded (``inf``).
"""

from __future__ import annotations

from collections import deque
from functools import cache

from klantkoning.engine.analysis.explore import Layout
from klantkoning.engine.format.model import MOOD_MAX, MOOD_MIN

Value = int | float
"""A path total: an int, or ``inf`` when a loop makes it unbounded."""

INF = float("inf")
MOOD_BITS = MOOD_MAX - MOOD_MIN + 1
_FULL_MOODS = (1 << MOOD_BITS) - 1


def best_values(lay: Layout, weights: list[int], maximise: bool = True) -> list[Value | None]:
    """Per state: the best total of ``weights`` over paths to an ending.

    Maximum (or minimum); ``±inf`` when a loop on the way makes it unbounded; ``None``
    for states that reach no ending.
    """
    w = weights if maximise else [-x for x in weights]
    best: list[Value | None] = [None] * lay.graph.size
    out, terminal, comp_of = lay.out, lay.terminal, lay.comp_of
    for i, component in enumerate(lay.components):
        if not lay.cyclic[i]:
            s = component[0]
            value: Value | None = 0 if terminal[s] else None
            for t, c in out[s]:
                cand = w[c] + best[t]  # type: ignore[operator]  # live targets are settled
                if value is None or cand > value:
                    value = cand
            best[s] = value
            continue
        for s in component:
            value = 0 if terminal[s] else None
            for t, c in out[s]:
                if comp_of[t] != i:
                    cand = w[c] + best[t]  # type: ignore[operator]
                    if value is None or cand > value:
                        value = cand
            best[s] = value
        edges = [(s, t, w[c]) for s, t, c in lay.inner[i]]
        if _relax(component, edges, best):
            for s in component:
                best[s] = INF
    if not maximise:
        return [None if v is None else -v for v in best]
    return best


def root_extreme(lay: Layout, weights: list[int], maximise: bool = True) -> Value | None:
    """The best total from state 0 (the start): like ``best_values(...)[0]``, faster.

    Any loop of live states whose total gains (or, minimising, loses) makes the answer
    unbounded at once, since every explored state is reachable from the start.
    """
    if not lay.graph.size or not lay.live[0]:
        return None
    if first_gaining_loop(lay, weights if maximise else [-x for x in weights]) is not None:
        return INF if maximise else -INF
    return best_values(lay, weights, maximise)[0]


def first_gaining_loop(lay: Layout, weights: list[int]) -> int | None:
    """The first cyclic component with a loop whose total of ``weights`` is positive."""
    for i, edges in lay.inner.items():
        if _gaining_loop(lay.components[i], [(s, t, weights[c]) for s, t, c in edges]):
            return i
    return None


def _gaining_loop(component: list[int], edges: list[tuple[int, int, int]]) -> bool:
    """Whether some loop inside this strongly connected component has a positive total."""
    top = max(x for _, _, x in edges)
    if top <= 0:
        return False
    if min(x for _, _, x in edges) >= 0:
        return True  # every inner edge lies on a loop
    if len(component) <= 24:
        # Small loops: plain Bellman-Ford from zero; still improving after as many
        # passes as there are states means a positive loop.
        value = dict.fromkeys(component, 0)
        for _ in range(len(component)):
            changed = False
            for s, t, x in edges:
                cand = x + value[t]
                if cand > value[s]:
                    value[s] = cand
                    changed = True
            if not changed:
                return False
        return True
    zero: dict[int, Value | None] = dict.fromkeys(component, 0)
    return _relax(component, edges, zero)


def _relax(
    component: list[int],
    edges: list[tuple[int, int, int]],
    best: list[Value | None] | dict[int, Value | None],
) -> bool:
    """Longest paths inside one component, in place; True when a positive loop exists.

    ``best`` starts with the values through the exits. Quick answers come from the
    signs (every edge inside a strongly connected component lies on a loop); else a
    queue-based Bellman-Ford, where a cycle among the successor pointers proves a
    positive loop (CLRS lemma 24.16, mirrored).
    """
    top = max(x for _, _, x in edges)
    bottom = min(x for _, _, x in edges)
    if top > 0 and bottom >= 0:
        return True
    if top == 0 and bottom == 0:
        # Every state reaches every other at no cost: all share the best exit.
        values = [v for v in (best[s] for s in component) if v is not None]
        if values:
            high = max(values)
            for s in component:
                best[s] = high
        return False
    into: dict[int, list[tuple[int, int]]] = {}
    for s, t, x in edges:
        into.setdefault(t, []).append((s, x))
    succ: dict[int, int] = {}
    queue = deque(s for s in component if best[s] is not None)
    queued = set(queue)
    relaxations = 0
    check_at = 64
    give_up = len(component) * (len(edges) + 1)
    while queue:
        t = queue.popleft()
        queued.discard(t)
        bt = best[t]
        if bt is None:
            continue
        for s, x in into.get(t, ()):
            cand = x + bt
            bs = best[s]
            if bs is None or cand > bs:
                best[s] = cand
                succ[s] = t
                relaxations += 1
                if s not in queued:
                    queued.add(s)
                    queue.append(s)
        if relaxations >= check_at:
            if _pointer_cycle(succ) or relaxations > give_up:
                return True
            check_at = 2 * relaxations  # checks cost no more than the relaxations
    return False


def _pointer_cycle(succ: dict[int, int]) -> bool:
    """Whether following ``succ`` from some state comes back round."""
    state: dict[int, int] = {}  # 1 = on the current walk, 2 = done
    for start in succ:
        if start in state:
            continue
        walk = []
        s: int | None = start
        while s is not None and s not in state:
            state[s] = 1
            walk.append(s)
            s = succ.get(s)
        if s is not None and state[s] == 1:
            return True
        for v in walk:
            state[v] = 2
    return False


def shortest(lay: Layout) -> int | None:
    """Fewest choices from the start to an ending (breadth-first, backwards)."""
    if not lay.graph.size or not lay.live[0]:
        return None
    dist = [-1] * lay.graph.size
    queue = deque(s for s in range(lay.graph.size) if lay.terminal[s] and lay.live[s])
    for s in queue:
        dist[s] = 0
    preds, live = lay.preds, lay.live
    while queue:
        s = queue.popleft()
        if s == 0:
            return dist[0]
        for p in preds[s]:
            if dist[p] < 0 and live[p]:
                dist[p] = dist[s] + 1
                queue.append(p)
    return dist[0] if dist[0] >= 0 else None


def count_plays(lay: Layout, cap: int) -> int | None:
    """Distinct complete plays from the start of an acyclic layout; ``None`` above ``cap``."""
    count = [0] * lay.graph.size
    out, terminal = lay.out, lay.terminal
    for component in lay.components:
        s = component[0]
        total = 1 if terminal[s] else 0
        for t, _ in out[s]:
            total += count[t]
        count[s] = min(total, cap + 1)
    return None if count[0] > cap else count[0]


@cache
def _shift_table(delta: int) -> tuple[int, ...]:
    return tuple(shift_moods(mask, delta) for mask in range(1 << MOOD_BITS))


def shift_moods(mask: int, delta: int) -> int:
    """The mood set ``mask`` after a change of ``delta``, clamped to -5..5."""
    if delta > 0:
        over = mask >> (MOOD_BITS - delta)
        shifted = (mask << delta) & _FULL_MOODS
        return shifted | (1 << (MOOD_BITS - 1)) if over else shifted
    if delta < 0:
        under = mask & ((1 << -delta) - 1)
        shifted = mask >> -delta
        return shifted | 1 if under else shifted
    return mask


def mood_sets(lay: Layout, start_mood: int, ch_mood: list[int]) -> list[int]:
    """Per live state: the moods a complete play can have there, as an 11-bit mask.

    Bit 0 is mood -5. Only states on the way to an ending matter for outcomes, so only
    live states are followed, sources first.
    """
    moods = [0] * lay.graph.size
    if not lay.graph.size or not lay.live[0]:
        return moods
    moods[0] = 1 << (start_mood - MOOD_MIN)
    tables = {d: _shift_table(d) for d in set(ch_mood)}
    shift = [tables[d] for d in ch_mood]
    out, comp_of = lay.out, lay.comp_of
    for i in range(len(lay.components) - 1, -1, -1):
        component = lay.components[i]
        if lay.cyclic[i]:
            into: dict[int, list[tuple[int, int]]] = {}
            for s, t, c in lay.inner[i]:
                into.setdefault(s, []).append((t, c))
            work = [s for s in component if moods[s]]
            while work:
                s = work.pop()
                m = moods[s]
                for t, c in into.get(s, ()):
                    nm = moods[t] | shift[c][m]
                    if nm != moods[t]:
                        moods[t] = nm
                        work.append(t)
        for s in component:
            m = moods[s]
            if not m:
                continue
            for t, c in out[s]:
                if comp_of[t] != i:
                    moods[t] |= shift[c][m]
    return moods


def moods_of(mask: int) -> list[int]:
    """The moods in an 11-bit mood set."""
    return [MOOD_MIN + i for i in range(MOOD_BITS) if mask >> i & 1]
