"""Checks that keep the teaching honest: outcomes that contradict the mood, a mood that
sits at its limit, and a best choice that can be guessed from its length.

All three are ``check`` warnings (so ``--strict`` fails) computed on the state graph
explored from the start, with the mood followed per state as in a play (clamped to
-5..5 at every step). ``mood_limit_share`` and ``longest_best`` also give the figures
that ``benchmarks/bench_teaching.py`` prints.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from klantkoning.engine.analysis.context import DEFAULT_LIMIT, Context, start_graph
from klantkoning.engine.analysis.explore import Layout, StateGraph
from klantkoning.engine.analysis.extremes import MOOD_BITS, mood_sets, moods_of
from klantkoning.engine.analysis.judge import TooLarge, judge_moods
from klantkoning.engine.format.dimensions import DEFAULT_DIMENSIONS, Dimensions
from klantkoning.engine.format.locator import format_path
from klantkoning.engine.format.model import MOOD_MIN, Scenario, clamp_mood, derive_outcome
from klantkoning.engine.format.problems import Finding

__all__ = [
    "LONGEST_MIN_BEATS",
    "MoodLimitShare",
    "longest_best",
    "mood_contradictions",
    "mood_limit_share",
    "teaching_findings",
]

_MOODS = MOOD_BITS  # one rank or count per mood -5..+5

LONGEST_MIN_BEATS = 2
"""``longest_is_best`` needs at least this many beats with three or more choices: with a
single one, "more than half" would say nothing about a pattern a player could learn."""

LOOP_PLAY_STEPS = 30
"""With loops there are endless plays: ``mood_saturates`` then counts those of at most
this many choices (and only in graphs of at most ``LOOP_PLAY_STATES`` states)."""
LOOP_PLAY_STATES = 1_000


@dataclass(frozen=True)
class MoodLimitShare:
    """How many distinct complete plays end at the mood limit."""

    top: int
    """Plays ending at +5."""
    bottom: int
    """Plays ending at -5."""
    total: int
    bounded: bool
    """Loops made plays endless: only plays of at most ``LOOP_PLAY_STEPS`` choices count."""

    @property
    def at_limit(self) -> int:
        return self.top + self.bottom

    @property
    def share(self) -> float:
        return self.at_limit / self.total if self.total else 0.0


def teaching_findings(
    scenario: Scenario,
    dimensions: Dimensions = DEFAULT_DIMENSIONS,
    limit: int = DEFAULT_LIMIT,
) -> list[Finding]:
    """The teaching checks of ``klantkoning check``: ``outcome_contradicts_mood`` (at the
    ending's ``outcome``), ``mood_saturates`` (at ``[customer]``) and ``longest_is_best``
    (at ``[scenario]``). Nothing when the scenario is too large (``too_large`` says so).
    """
    found = start_graph(scenario, limit)
    if found is None:
        return []
    findings: list[Finding] = []
    for ending_id, outcome, mood, path in mood_contradictions(scenario, limit):
        findings.append(
            Finding(
                "warning",
                format_path(["endings", ending_id, "outcome"]),
                "outcome_contradicts_mood",
                {
                    "ending": ending_id,
                    "outcome": outcome,
                    "mood": f"{mood:+d}" if mood else "0",
                    "derived": derive_outcome(mood),
                    "path": ",".join(str(n) for n in path),
                },
            )
        )
    share = mood_limit_share(scenario, limit)
    if share is not None and share.total and share.at_limit * 2 > share.total:
        findings.append(
            Finding(
                "warning",
                "customer",
                "mood_saturates",
                {
                    "percent": round(share.share * 100),
                    "total": share.total,
                    "top": share.top,
                    "bottom": share.bottom,
                },
            )
        )
    counts = longest_best(scenario, dimensions, limit)
    if counts is not None:
        hits, beats = counts
        if beats >= LONGEST_MIN_BEATS and hits * 2 > beats:
            findings.append(
                Finding("warning", "scenario", "longest_is_best", {"hits": hits, "beats": beats})
            )
    return findings


# -- outcomes against the mood -----------------------------------------------------------


def mood_contradictions(
    scenario: Scenario, limit: int = DEFAULT_LIMIT
) -> list[tuple[str, str, int, list[int]]]:
    """Endings whose explicit outcome is two steps from what the final mood gives in some
    reachable play: enthousiast at mood -2 or lower, ontevreden at 3 or higher.

    Per such ending, in file order: (ending id, outcome, the most contradicting mood, a
    shortest play reaching it there as visible choice numbers).
    """
    found = start_graph(scenario, limit)
    if found is None:
        return []
    ctx, graph, lay = found
    comp = ctx.comp
    moods = _moods(ctx, lay, limit)
    worst: dict[str, tuple[int, int]] = {}  # ending -> (mood, state)
    for s in range(graph.size):
        node = graph.node[s]
        if node < comp.n_beats or not moods[s]:
            continue
        ending_id = comp.node_id(node)
        outcome = scenario.endings[ending_id].outcome
        reached = moods_of(moods[s])
        if outcome == "enthousiast" and reached[0] <= -2:
            mood = reached[0]
            if ending_id not in worst or mood < worst[ending_id][0]:
                worst[ending_id] = (mood, s)
        elif outcome == "ontevreden" and reached[-1] >= 3:
            mood = reached[-1]
            if ending_id not in worst or mood > worst[ending_id][0]:
                worst[ending_id] = (mood, s)
    out: list[tuple[str, str, int, list[int]]] = []
    for ending_id in comp.ending_ids:
        if ending_id in worst:
            mood, s = worst[ending_id]
            said = str(scenario.endings[ending_id].outcome)
            out.append((ending_id, said, mood, _example_path(ctx, graph, s, mood)))
    return out


def _example_path(ctx: Context, graph: StateGraph, target: int, mood: int) -> list[int]:
    """A shortest play (visible numbers) from the start to state ``target`` at ``mood``."""
    comp = ctx.comp
    start = (0, ctx.scenario.customer.mood)
    parent: dict[tuple[int, int], tuple[tuple[int, int], int]] = {}
    seen = {start}
    queue = deque([start])
    while queue:
        s, m = queue.popleft()
        if (s, m) == (target, mood):
            break
        for e in graph.edges(s):
            c = graph.choice[e]
            nxt = (graph.target[e], clamp_mood(m + comp.ch_mood[c]))
            if nxt not in seen:
                seen.add(nxt)
                parent[nxt] = ((s, m), c)
                queue.append(nxt)
    path: list[int] = []
    at = (target, mood)
    while at in parent:
        (s, m), c = parent[at]
        visible = ctx.visible_steps(graph.node[s], graph.flags[s])
        path.append(1 + next(i for i, v in enumerate(visible) if v.file_index == comp.ch_index[c]))
        at = (s, m)
    return path[::-1]


# -- plays that end at the mood limit ----------------------------------------------------


def mood_limit_share(scenario: Scenario, limit: int = DEFAULT_LIMIT) -> MoodLimitShare | None:
    """How many distinct complete plays end at mood +5 or -5, of how many.

    Counted exactly (every different sequence of choices is one play) when the scenario
    has no loops; with loops only plays of at most ``LOOP_PLAY_STEPS`` choices count.
    ``None`` when the scenario is too large or has loops in a graph too large to count.
    """
    found = start_graph(scenario, limit)
    if found is None:
        return None
    ctx, graph, lay = found
    if not lay.live or not lay.live[0]:
        return MoodLimitShare(0, 0, 0, False)
    if any(lay.cyclic):
        if graph.size > LOOP_PLAY_STATES:
            return None
        ends = _bounded_end_moods(ctx, lay)
        bounded = True
    else:
        ends = _end_moods(ctx, lay)
        bounded = False
    return MoodLimitShare(ends[-1], ends[0], sum(ends), bounded)


def _end_moods(ctx: Context, lay: Layout) -> list[int]:
    """Per final mood (index 0 is -5): how many complete plays end there (no loops)."""
    graph = lay.graph
    nb = ctx.comp.n_beats
    ch_mood = ctx.comp.ch_mood
    count = [[0] * _MOODS for _ in range(graph.size)]
    count[0][ctx.scenario.customer.mood - MOOD_MIN] = 1
    ends = [0] * _MOODS
    for component in reversed(lay.components):  # sources first
        s = component[0]
        here = count[s]
        if graph.node[s] >= nb:
            ends = [a + b for a, b in zip(ends, here, strict=True)]
            continue
        for t, c in lay.out[s]:
            there = count[t]
            d = ch_mood[c]
            for m, n in enumerate(here):
                if n:
                    there[max(0, min(_MOODS - 1, m + d))] += n
    return ends


def _bounded_end_moods(ctx: Context, lay: Layout) -> list[int]:
    """Like ``_end_moods``, for plays of at most ``LOOP_PLAY_STEPS`` choices."""
    graph = lay.graph
    nb = ctx.comp.n_beats
    ch_mood = ctx.comp.ch_mood
    ends = [0] * _MOODS
    frontier: dict[tuple[int, int], int] = {(0, ctx.scenario.customer.mood - MOOD_MIN): 1}
    for _ in range(LOOP_PLAY_STEPS + 1):
        nxt: dict[tuple[int, int], int] = {}
        for (s, m), n in frontier.items():
            if graph.node[s] >= nb:
                ends[m] += n
                continue
            for t, c in lay.out[s]:
                key = (t, max(0, min(_MOODS - 1, m + ch_mood[c])))
                nxt[key] = nxt.get(key, 0) + n
        frontier = nxt
        if not frontier:
            break
    return ends


# -- the longest choice as the best one ---------------------------------------------------


def longest_best(
    scenario: Scenario, dimensions: Dimensions = DEFAULT_DIMENSIONS, limit: int = DEFAULT_LIMIT
) -> tuple[int, int] | None:
    """(beats where the longest choice is judged best, beats with three or more choices).

    Only reachable beats count, and only the moments a play can meet them: each
    (flags, mood) a play can have there with three or more visible choices. A beat
    counts as "longest is best" when, in more than half of those moments, one choice's
    text is longer than every other one's and the rule judges it best. ``None`` when the
    scenario is too large.
    """
    found = start_graph(scenario, limit)
    if found is None:
        return None
    ctx, graph, lay = found
    comp = ctx.comp
    moods = _moods(ctx, lay, limit)
    length = [
        len(scenario.beats[comp.beat_ids[b]].choices[comp.ch_index[c]].text.strip())
        for c, b in enumerate(comp.ch_beat)
    ]
    moments: dict[int, list[int]] = {}  # beat -> [moments, of which the longest is best]
    for s in range(graph.expanded):
        node = graph.node[s]
        # A validated scenario has no broken ``next``, so the edges are the visible choices.
        edges = graph.edges(s)
        if node >= comp.n_beats or not moods[s] or len(edges) < 3:
            continue
        lengths = [length[graph.choice[e]] for e in edges]
        top = max(lengths)
        count = moments.setdefault(node, [0, 0])
        if lengths.count(top) > 1:
            count[0] += moods[s].bit_count()  # no single longest choice
            continue
        longest = lengths.index(top)
        flags = comp.flags_of(graph.flags[s])
        try:
            per_mood = judge_moods(
                scenario, comp.beat_ids[node], flags, moods_of(moods[s]), dimensions, limit
            )
        except TooLarge:
            return None
        for verdicts in per_mood:
            count[0] += 1
            count[1] += verdicts[longest].best
    hits = sum(1 for seen, best in moments.values() if best * 2 > seen)
    return hits, len(moments)


def _moods(ctx: Context, lay: Layout, limit: int) -> list[int]:
    """Per state of the graph from the start: the moods a play can arrive with (masks)."""
    return ctx.remember(
        ("teaching-moods", limit),
        lambda: mood_sets(lay, ctx.scenario.customer.mood, ctx.comp.ch_mood),
    )
