"""What authors and the debrief need to know about a scenario as a whole.

Reachability, dead ends, loops without a way out, the score range attainable over all
complete plays, the outcomes a play can reach, and how many different plays there
are. ``structural_findings`` turns that into the graph checks of ``klantkoning check``;
``choice_value`` tells what each choice at a moment could still earn in points (never
which choice was better: that is the rule of ``judge``, which the debrief, progress and
``play`` use); ``random_play`` plays a scenario with random choices (benchmarks, play
tests).

The state space is (beat, flags): see ``engine/analysis/explore.py``.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field

from klantkoning.engine.analysis.context import DEFAULT_LIMIT, Context, context
from klantkoning.engine.analysis.explore import BROKEN, Compiled, Layout, state_key
from klantkoning.engine.analysis.extremes import (
    INF,
    Value,
    best_values,
    count_plays,
    mood_sets,
    moods_of,
    root_extreme,
    shortest,
)
from klantkoning.engine.analysis.structure import gains, structural_findings, structure
from klantkoning.engine.format.dimensions import DEFAULT_DIMENSIONS, Dimensions
from klantkoning.engine.format.model import MOOD_MAX, MOOD_MIN, Scenario, derive_outcome
from klantkoning.engine.play.session import Session

__all__ = [
    "DEFAULT_LIMIT",
    "PLAY_COUNT_CAP",
    "Analysis",
    "analyse",
    "choice_value",
    "random_play",
    "structural_findings",
]

PLAY_COUNT_CAP = 1_000_000_000
"""Above this many distinct plays ``play_count`` is ``None`` and ``play_count_capped`` set."""


@dataclass(frozen=True)
class Analysis:
    """Everything ``analyse`` found. Treat the dicts as read-only.

    When ``truncated`` is set the scenario was too large to explore completely: the
    reachable sets, ranges and counts then cover the explored part only, and only
    what is certain regardless (``unreachable_beats`` from the links alone, dead ends
    actually met) is reported.
    """

    scenario_id: str
    reachable_beats: frozenset[str]
    reachable_endings: frozenset[str]
    unreachable_beats: frozenset[str]
    unreachable_endings: frozenset[str]
    dead_ends: frozenset[str]
    """Beats where, in some reachable flag state, no choice is visible."""
    dead_end_certain: frozenset[str]
    """Dead ends with no visible choice in any reachable state."""
    dead_end_flags: dict[str, tuple[str, ...]]
    """Per dead end: the flags set in one state where it is stuck (empty: no flags)."""
    dead_end_states: dict[str, tuple[int, int]]
    """Per dead end: (stuck states, reachable states) of that beat."""
    stuck_cycles: frozenset[str]
    """Beats on a loop that, in some reachable state, can never reach an ending."""
    stuck_beats: frozenset[str]
    """Beats from which, in some reachable state, no ending can be reached at all."""
    stuck_groups: tuple[tuple[str, ...], ...]
    """Each loop without a way out, as its beats in file order."""
    score_range: dict[str, tuple[int | None, int | None]]
    """Per dimension: (minimum, maximum) total over complete plays; ``None`` = unbounded."""
    unbounded_dimensions: frozenset[str]
    unbounded_choices: dict[str, tuple[str, int]]
    """Per dimension that can grow without bound: (beat, file index) of a choice in the loop."""
    outcomes: frozenset[str]
    ending_outcomes: dict[str, frozenset[str]]
    play_count: int | None
    play_count_capped: bool
    shortest_play: int | None
    """Fewest choices in a complete play; ``None`` when no play can be completed."""
    longest_play: int | None
    """Most choices in a complete play; ``None`` when a loop makes it unbounded (or none)."""
    playable: bool
    """Some play from the start reaches an ending."""
    cyclic: bool
    """A play can go round a loop and still finish."""
    truncated: bool
    state_count: int
    limit: int
    dimensions: tuple[str, ...] = field(default=())


def analyse(
    scenario: Scenario,
    dimensions: Dimensions = DEFAULT_DIMENSIONS,
    limit: int = DEFAULT_LIMIT,
) -> Analysis:
    """Explore every play of ``scenario`` (up to ``limit`` states) and sum it up.

    Pure: the same scenario gives the same analysis. The result and the compiled graph
    are cached per scenario object, so calling it again (or ``choice_value``) is cheap.
    """
    ctx = context(scenario)
    return ctx.remember(
        ("analyse", dimensions.ids, limit), lambda: _analyse(ctx, dimensions.ids, limit)
    )


def _analyse(ctx: Context, dim_ids: tuple[str, ...], limit: int) -> Analysis:
    scenario = ctx.scenario
    comp = ctx.comp
    if comp.start == BROKEN:
        return _empty(scenario, dim_ids, limit)
    st = structure(ctx, limit)
    graph, lay = st.graph, st.lay
    dead, certain, dead_flags, dead_states = st.dead
    stuck_beats, stuck_cycles, stuck_groups = st.stuck

    # Score ranges over complete plays.
    playable = bool(graph.size) and lay.live[0]
    score_range: dict[str, tuple[int | None, int | None]] = {}
    unbounded: set[str] = set()
    for dim in dim_ids:
        weights = comp.ch_score.get(dim)
        if weights is None or not playable:
            score_range[dim] = (0, 0)
            continue
        high = root_extreme(lay, weights, maximise=True)
        low = root_extreme(lay, weights, maximise=False)
        score_range[dim] = (_finite(low), _finite(high))
        if high == INF or low == -INF:
            unbounded.add(dim)

    cyclic = any(lay.cyclic)
    fewest = shortest(lay)
    most = None
    count: int | None = 0
    capped = False
    if playable and not cyclic:
        most = best_values(lay, [1] * len(comp.ch_beat))[0]
        count = count_plays(lay, PLAY_COUNT_CAP)
        capped = count is None
    elif playable:
        count = None

    ending_outcomes = _ending_outcomes(scenario, lay, comp)
    outcomes = frozenset(o for found in ending_outcomes.values() for o in found)

    return Analysis(
        scenario_id=scenario.id,
        reachable_beats=st.reachable_beats,
        reachable_endings=st.reachable_endings,
        unreachable_beats=frozenset(comp.beat_ids) - st.reachable_beats,
        unreachable_endings=frozenset(comp.ending_ids) - st.reachable_endings,
        dead_ends=dead,
        dead_end_certain=certain,
        dead_end_flags=dead_flags,
        dead_end_states=dead_states,
        stuck_cycles=stuck_cycles,
        stuck_beats=stuck_beats,
        stuck_groups=stuck_groups,
        score_range=score_range,
        unbounded_dimensions=frozenset(unbounded),
        unbounded_choices=gains(lay, comp, dim_ids),
        outcomes=outcomes,
        ending_outcomes=ending_outcomes,
        play_count=count,
        play_count_capped=capped,
        shortest_play=fewest,
        longest_play=_finite(most),
        playable=playable,
        cyclic=cyclic,
        truncated=graph.truncated,
        state_count=graph.size,
        limit=limit,
        dimensions=dim_ids,
    )


def _empty(scenario: Scenario, dim_ids: tuple[str, ...], limit: int) -> Analysis:
    """The analysis of a scenario whose ``start`` names nothing (the loader reports that)."""
    return Analysis(
        scenario_id=scenario.id,
        reachable_beats=frozenset(),
        reachable_endings=frozenset(),
        unreachable_beats=frozenset(),
        unreachable_endings=frozenset(),
        dead_ends=frozenset(),
        dead_end_certain=frozenset(),
        dead_end_flags={},
        dead_end_states={},
        stuck_cycles=frozenset(),
        stuck_beats=frozenset(),
        stuck_groups=(),
        score_range=dict.fromkeys(dim_ids, (0, 0)),
        unbounded_dimensions=frozenset(),
        unbounded_choices={},
        outcomes=frozenset(),
        ending_outcomes={},
        play_count=0,
        play_count_capped=False,
        shortest_play=None,
        longest_play=None,
        playable=False,
        cyclic=False,
        truncated=False,
        state_count=0,
        limit=limit,
        dimensions=dim_ids,
    )


def _finite(value: Value | None) -> int | None:
    if value is None or value in (INF, -INF):
        return None
    return int(value)


def _ending_outcomes(scenario: Scenario, lay: Layout, comp: Compiled) -> dict[str, frozenset[str]]:
    graph = lay.graph
    nb = comp.n_beats
    ending_states = [s for s in range(graph.size) if graph.node[s] >= nb and lay.live[s]]
    endings = scenario.endings
    derived = any(endings[comp.node_id(graph.node[s])].outcome is None for s in ending_states)
    moods = mood_sets(lay, scenario.customer.mood, comp.ch_mood) if derived else []
    out: dict[str, frozenset[str]] = {}
    for s in ending_states:
        ending_id = comp.node_id(graph.node[s])
        outcome = endings[ending_id].outcome
        found: frozenset[str]
        if outcome is not None:
            found = frozenset({str(outcome)})
        else:
            found = frozenset(derive_outcome(m) for m in moods_of(moods[s]))
        out[ending_id] = out.get(ending_id, frozenset()) | found
    return {e: out[e] for e in comp.ending_ids if e in out}


# -- the debrief's question: what could each choice still earn? --------------------------


def choice_value(
    scenario: Scenario,
    dimensions: Dimensions,
    beat_id: str,
    flags: Iterable[str],
    limit: int = DEFAULT_LIMIT,
) -> list[tuple[int, int | None]]:
    """For each choice visible at ``beat_id`` with ``flags`` set: (file index, best total).

    The best total is the choice's own points plus the best continuation to an ending,
    summed over all ``dimensions``. ``None`` means unbounded (a loop keeps earning).
    Choices from which no ending can be reached are left out.

    Not a verdict: a mistake that opens a repair can have the highest total. Which
    choice was better is decided by ``klantkoning.engine.analysis.judge`` alone.
    """
    ctx = context(scenario)
    comp = ctx.comp
    node = comp.node_index.get(beat_id)
    if node is None or comp.is_ending(node):
        return []
    mask = comp.mask_of(set(flags))
    s: int | None = None
    if comp.start != BROKEN:
        # Usually the state lies on the explored graph from the start: reuse it.
        graph, best = ctx.total_best(comp.start, 0, limit, dimensions.ids)
        s = graph.index.get(state_key(comp, node, mask))
    if s is None or s >= graph.expanded:
        graph, best = ctx.total_best(node, mask, limit, dimensions.ids)
        s = 0
    weights = comp.total_weights(dimensions.ids)
    out: list[tuple[int, int | None]] = []
    for e in graph.edges(s):
        c = graph.choice[e]
        after = best[graph.target[e]]
        if after is None:
            continue
        out.append((comp.ch_index[c], _finite(weights[c] + after)))
    for c in comp.beat_choices[node]:
        if comp.visible(c, mask) and comp.ch_next[c] == BROKEN:
            out.append((comp.ch_index[c], weights[c]))
    out.sort()
    return out


# -- random plays -----------------------------------------------------------------------


def random_play(
    scenario: Scenario,
    rng: random.Random,
    dimensions: Dimensions = DEFAULT_DIMENSIONS,
    max_steps: int = 1000,
) -> Session:
    """A play with uniformly random visible choices, as a ``Session``.

    It stops at an ending, at a beat with no visible choice, or after ``max_steps``
    choices; check ``session.ended``. The same ``rng`` state gives the same play, and
    the session is exactly what playing the same numbers through ``Session`` gives.
    """
    ctx = context(scenario)
    comp = ctx.comp
    steps_of = ctx.playbook  # (node, flags) -> the visible choices as compiled steps
    nb = comp.n_beats
    future = comp.future
    randrange = rng.randrange

    node_id = scenario.scenario.start
    node = comp.start
    mask = 0
    mood = lowest = scenario.customer.mood
    flags: set[str] = set()
    score = dict.fromkeys(dimensions.ids, 0)
    path = [node_id]
    history: list[tuple[str, int]] = []
    numbers: list[int] = []
    steps = 0
    while 0 <= node < nb and steps < max_steps:
        key = (node, mask)
        visible = steps_of.get(key)
        if visible is None:
            visible = steps_of[key] = ctx.visible_steps(node, mask)
        if not visible:
            break
        k = randrange(len(visible))
        step = visible[k]
        choice = step.choice
        mood += choice.mood
        mood = MOOD_MIN if mood < MOOD_MIN else MOOD_MAX if mood > MOOD_MAX else mood
        if mood < lowest:
            lowest = mood
        if choice.sets:
            flags.update(choice.sets)
            mask |= step.sets
        for dim, points in choice.score.items():
            score[dim] = score.get(dim, 0) + points
        history.append((node_id, step.file_index))
        numbers.append(k + 1)
        node_id = choice.next
        path.append(node_id)
        node = step.next
        mask &= future[node] if node >= 0 else 0
        steps += 1
    return Session(
        scenario, dimensions, node_id, mood, lowest, flags, score, path, history, numbers
    )
