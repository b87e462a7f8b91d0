"""The one rule that judges a choice, as a trainer would.

A choice is judged at its own beat, in the state the player was in (beat, flags, mood):
first by the best outcome still reachable after it (enthousiast > tevreden > ontevreden,
outcomes derived from the final mood included), then by its own points at that beat
(the sum over all dimensions), then by its own mood change. Points that a later repair
can collect never count, so a mistake is never "better" because it opens a repair.

It lives in the analysis layer because the first criterion needs the outcomes still
reachable from a state, which only the exploration of the state graph can tell. The
debrief, the road not taken, progress, suggestions and ``play --json`` all ask this
module; nothing else decides which choice was better.

Mood matters for derived outcomes, so the reachable outcomes are tracked per (state,
mood): per explored (beat, flags) state an 11-entry table, the best outcome rank for
each mood -5..5, with the mood clamped at every step as the ``Session`` does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from klantkoning.engine.analysis.context import DEFAULT_LIMIT, Context, context
from klantkoning.engine.analysis.explore import BROKEN, Layout, StateGraph, state_key
from klantkoning.engine.analysis.extremes import MOOD_BITS
from klantkoning.engine.format.dimensions import DEFAULT_DIMENSIONS, Dimensions
from klantkoning.engine.format.model import (
    MOOD_MAX,
    MOOD_MIN,
    OUTCOMES,
    Scenario,
    clamp_mood,
    derive_outcome,
)
from klantkoning.engine.play.session import PlayError, Session

__all__ = [
    "NO_OUTCOME",
    "REPAIR_DIMENSION",
    "StepVerdict",
    "TooLarge",
    "Verdict",
    "better_than",
    "judge_play",
    "judge_state",
    "outcome_rank",
    "scoreable_dimensions",
    "something_to_repair",
    "turning_point",
]

NO_OUTCOME = ""
"""``Verdict.best_outcome`` of a choice after which no ending can be reached."""

_MOODS = MOOD_BITS  # one rank or count per mood -5..+5
_NONE = -1  # rank of "no ending reachable"

Ranks = tuple[int, ...]
"""Per mood -5..5 (index 0 is -5): the best outcome rank still reachable, or -1."""


class TooLarge(ValueError):
    """The scenario has more (beat, flags) states than the exploration limit allows.

    ``code`` names the catalogue message (``analysis.too_large``), as ``check`` does.
    """

    code = "too_large"

    def __init__(self, states: int, limit: int) -> None:
        super().__init__(f"too large to judge: stopped at {states} states (limit {limit})")
        self.states = states
        self.limit = limit


def outcome_rank(outcome: str) -> int:
    """``ontevreden`` 0 < ``tevreden`` 1 < ``enthousiast`` 2; anything else -1."""
    return OUTCOMES.index(outcome) if outcome in OUTCOMES else _NONE


@dataclass(frozen=True)
class Verdict:
    """The judgement of one visible choice at one moment."""

    number: int
    """Its 1-based visible number (file order)."""
    file_index: int
    """Its 0-based index among the beat's choices in the file."""
    best_outcome: str
    """The best outcome still reachable after it; ``NO_OUTCOME`` when none is."""
    points: int
    """Its own points at this beat, summed over all dimensions."""
    mood: int
    """Its own mood change, as written in the scenario."""
    best: bool
    """No visible alternative is judged better (ties all count as best)."""
    rank: tuple[int, int, int]
    """The comparable key: (outcome rank, points, mood); higher is better."""


@dataclass(frozen=True)
class StepVerdict:
    """One choice a play made, judged."""

    step: int
    """1-based position in the play."""
    beat: str
    chosen: int
    """The visible number of the choice made."""
    best: bool
    better: int | None
    """The visible number of the alternative the debrief recommends, or ``None``."""
    verdicts: tuple[Verdict, ...]

    @property
    def chosen_verdict(self) -> Verdict:
        return self.verdicts[self.chosen - 1]

    @property
    def better_verdict(self) -> Verdict | None:
        return None if self.better is None else self.verdicts[self.better - 1]

    def to_json(self) -> dict[str, object]:
        """One entry of ``play --json``'s ``steps``."""
        return {"beat": self.beat, "choice": self.chosen, "best": self.best, "better": self.better}


# -- the rule ----------------------------------------------------------------------------


def judge_state(
    scenario: Scenario,
    beat_id: str,
    flags: Sequence[str] | set[str] | frozenset[str],
    mood: int,
    dimensions: Dimensions = DEFAULT_DIMENSIONS,
    limit: int = DEFAULT_LIMIT,
) -> list[Verdict]:
    """Judge every choice visible at ``beat_id`` with ``flags`` set and the customer's
    ``mood`` before the choice; in visible order. Empty at an ending or unknown beat.

    Raises:
        TooLarge: the scenario has more states than ``limit`` allows.
    """
    return judge_moods(scenario, beat_id, flags, (mood,), dimensions, limit)[0]


def judge_moods(
    scenario: Scenario,
    beat_id: str,
    flags: Sequence[str] | set[str] | frozenset[str],
    moods: Sequence[int],
    dimensions: Dimensions = DEFAULT_DIMENSIONS,
    limit: int = DEFAULT_LIMIT,
) -> list[list[Verdict]]:
    """:func:`judge_state` for each of ``moods`` at one beat with one set of flags: finding
    the state and its visible choices is done once (the teaching checks ask for every
    mood a play can arrive with).

    Raises:
        TooLarge: the scenario has more states than ``limit`` allows.
    """
    ctx = context(scenario)
    comp = ctx.comp
    node = comp.node_index.get(beat_id)
    if node is None or comp.is_ending(node):
        return [[] for _ in moods]
    mask = comp.mask_of(set(flags))
    graph, ranks, s = _locate(ctx, node, mask, limit)
    targets = {graph.choice[e]: graph.target[e] for e in graph.edges(s)}
    beat = scenario.beats[beat_id]
    dim_ids = dimensions.ids
    shown: list[tuple[int, int, int, int, int | None]] = []  # number, index, points, mood, to
    for c in comp.beat_choices[node]:
        if not comp.visible(c, mask):
            continue
        index = comp.ch_index[c]
        choice = beat.choices[index]
        points = sum(choice.score.get(d, 0) for d in dim_ids)
        shown.append((len(shown) + 1, index, points, choice.mood, targets.get(c)))
    out: list[list[Verdict]] = []
    for mood in moods:
        before = clamp_mood(mood)
        drafts: list[tuple[int, int, str, int, int, tuple[int, int, int]]] = []
        for number, index, points, change, target in shown:
            after = clamp_mood(before + change)
            rank = _NONE if target is None else ranks[target][after - MOOD_MIN]
            outcome = OUTCOMES[rank] if rank >= 0 else NO_OUTCOME
            drafts.append((number, index, outcome, points, change, (rank, points, change)))
        top = max((d[5] for d in drafts), default=None)
        out.append([Verdict(n, i, o, p, m, r == top, r) for n, i, o, p, m, r in drafts])
    return out


def better_than(verdicts: Sequence[Verdict], chosen_number: int) -> Verdict | None:
    """The alternative the debrief recommends instead of choice ``chosen_number``.

    The highest-ranked visible choice ranked strictly above the chosen one (on a tie the
    first in visible order); ``None`` when the chosen one is judged best (or unknown).
    """
    chosen = next((v for v in verdicts if v.number == chosen_number), None)
    if chosen is None:
        return None
    found: Verdict | None = None
    for v in verdicts:
        if v.rank > chosen.rank and (found is None or v.rank > found.rank):
            found = v
    return found


def judge_play(
    scenario: Scenario,
    history: Sequence[tuple[str, int]],
    dimensions: Dimensions = DEFAULT_DIMENSIONS,
    limit: int = DEFAULT_LIMIT,
) -> list[StepVerdict]:
    """Judge every choice of a play, in order.

    ``history`` is ``Session.history``: (beat id, file index) per choice made. The play
    is replayed from the start so each choice is judged with the flags and mood of its
    moment.

    Raises:
        PlayError: the history does not fit the scenario.
        TooLarge: the scenario has more states than ``limit`` allows.
    """
    session = Session(scenario, dimensions)
    out: list[StepVerdict] = []
    for step, (beat_id, index) in enumerate(history, start=1):
        if session.node != beat_id:
            raise PlayError(
                "play.state_broken",
                f"step {step} is at '{beat_id}', the play is at '{session.node}'",
            )
        verdicts = judge_state(scenario, beat_id, session.flags, session.mood, dimensions, limit)
        session.choose_index(index)  # a PlayError when that choice is not visible here
        chosen = next(v for v in verdicts if v.file_index == index)
        better = better_than(verdicts, chosen.number)
        out.append(
            StepVerdict(
                step=step,
                beat=beat_id,
                chosen=chosen.number,
                best=chosen.best,
                better=None if better is None else better.number,
                verdicts=tuple(verdicts),
            )
        )
    return out


def turning_point(steps: Sequence[StepVerdict]) -> StepVerdict | None:
    """The step whose recommended alternative mattered most, for the debrief's one
    alternative: the largest gap in reachable outcome, then in own points, then in own
    mood change; the earliest on a tie. ``None`` when every choice was judged best."""
    found: StepVerdict | None = None
    widest: tuple[int, int, int] | None = None
    for step in steps:
        better = step.better_verdict
        if better is None:
            continue
        chosen = step.chosen_verdict.rank
        gap = (better.rank[0] - chosen[0], better.rank[1] - chosen[1], better.rank[2] - chosen[2])
        if widest is None or gap > widest:
            found, widest = step, gap
    return found


# -- what a play gave the player a chance to score -----------------------------------------

REPAIR_DIMENSION = "herstel"
"""The dimension that only counts when the play had something to repair."""


def something_to_repair(
    scenario: Scenario,
    history: Sequence[tuple[str, int]],
    dimensions: Dimensions = DEFAULT_DIMENSIONS,
    steps: Sequence[StepVerdict] | None = None,
    limit: int = DEFAULT_LIMIT,
) -> bool:
    """Whether the play had something to repair: the mood fell below its start, or a
    choice was judged not best. ``steps`` (from ``judge_play``) saves judging again.

    The debrief counts the maximum for ``herstel`` only then, and progress only holds
    ``herstel`` against a player whose play needed it. When the scenario is too large to
    judge, only the mood tells.

    Raises:
        PlayError: the history does not fit the scenario.
    """
    session = _replayed(scenario, history, dimensions)
    return _needs_repair(session, history, steps, limit)


def scoreable_dimensions(
    scenario: Scenario,
    history: Sequence[tuple[str, int]],
    dimensions: Dimensions = DEFAULT_DIMENSIONS,
    steps: Sequence[StepVerdict] | None = None,
    limit: int = DEFAULT_LIMIT,
) -> frozenset[str]:
    """The dimensions this play gave the player a chance to score: some choice visible
    at a beat of the play (with the flags of that moment) rewards it; ``herstel`` only
    when there was something to repair. Progress never names another one "to work on".
    ``steps`` (from ``judge_play``) saves judging again.

    Raises:
        PlayError: the history does not fit the scenario.
    """
    found: set[str] = set()

    def seen(session: Session) -> None:
        for vc in session.visible_choices:
            found.update(d for d, points in vc.choice.score.items() if points > 0)

    session = _replayed(scenario, history, dimensions, seen)
    if REPAIR_DIMENSION in found and not _needs_repair(session, history, steps, limit):
        found.discard(REPAIR_DIMENSION)
    return frozenset(d for d in found if d in dimensions)


def _replayed(
    scenario: Scenario,
    history: Sequence[tuple[str, int]],
    dimensions: Dimensions,
    at_beat: Callable[[Session], None] | None = None,
) -> Session:
    """The play of ``history`` replayed (``at_beat`` sees each beat before its choice)."""
    session = Session(scenario, dimensions)
    for beat_id, index in history:
        if session.node != beat_id:
            raise PlayError(
                "play.state_broken", f"the play is at '{session.node}', not '{beat_id}'"
            )
        if at_beat is not None:
            at_beat(session)
        session.choose_index(index)
    return session


def _needs_repair(
    session: Session,
    history: Sequence[tuple[str, int]],
    steps: Sequence[StepVerdict] | None,
    limit: int,
) -> bool:
    """The rule of :func:`something_to_repair` on a replayed play: the mood first (no
    judging needed), then the verdicts."""
    if session.lowest_mood < session.start_mood:
        return True
    if steps is None:
        try:
            steps = judge_play(session.scenario, history, session.dimensions, limit)
        except TooLarge:
            return False
    return not all(step.best for step in steps)


# -- the reachable outcomes per (state, mood) --------------------------------------------


def _locate(ctx: Context, node: int, mask: int, limit: int) -> tuple[StateGraph, list[Ranks], int]:
    """The explored graph holding state (``node``, ``mask``), its ranks, and the state."""
    comp = ctx.comp
    if comp.start != BROKEN:
        # Usually the state lies on the graph explored from the start: reuse it.
        graph, ranks = _ranks(ctx, comp.start, 0, limit)
        s = graph.index.get(state_key(comp, node, mask))
        if s is not None and s < graph.expanded:
            return graph, ranks, s
    graph, ranks = _ranks(ctx, node, mask, limit)
    return graph, ranks, 0


def _ranks(ctx: Context, node: int, mask: int, limit: int) -> tuple[StateGraph, list[Ranks]]:
    def make() -> tuple[StateGraph, list[Ranks]]:
        graph, lay = ctx.explored(node, mask, limit)
        if graph.truncated:
            raise TooLarge(graph.size, limit)
        return graph, reachable_ranks(ctx, lay)

    return ctx.remember(("judge", node, mask & ctx.comp.future[node], limit), make)


def reachable_ranks(ctx: Context, lay: Layout) -> list[Ranks]:
    """Per state of ``lay``: for each mood on arrival, the best outcome rank reachable.

    Components come sinks first, so one pass settles every state outside a loop; inside
    a loop the ranks only grow and are bounded, so repeating until nothing changes ends.
    """
    comp = ctx.comp
    graph = lay.graph
    endings = ctx.scenario.endings
    nb = comp.n_beats
    none: Ranks = (_NONE,) * _MOODS
    derived: Ranks = tuple(outcome_rank(derive_outcome(m)) for m in range(MOOD_MIN, MOOD_MAX + 1))
    ranks: list[Ranks] = [none] * graph.size
    for s in range(graph.size):
        if graph.node[s] >= nb:
            outcome = endings[comp.node_id(graph.node[s])].outcome
            ranks[s] = derived if outcome is None else (outcome_rank(outcome),) * _MOODS
    shift = [_shift(d) for d in range(-10, 11)]
    ch_mood = comp.ch_mood
    out = lay.out

    def settle(s: int) -> Ranks:
        best = list(ranks[s]) if graph.node[s] >= nb else [_NONE] * _MOODS
        for t, c in out[s]:
            after = ranks[t]
            moved = shift[ch_mood[c] + 10]
            for m in range(_MOODS):
                r = after[moved[m]]
                if r > best[m]:
                    best[m] = r
        return tuple(best)

    for i, component in enumerate(lay.components):
        if graph.node[component[0]] >= nb and not lay.cyclic[i]:
            continue
        changed = True
        while changed:
            changed = False
            for s in component:
                new = settle(s)
                if new != ranks[s]:
                    ranks[s] = new
                    changed = lay.cyclic[i]
    return ranks


def _shift(delta: int) -> tuple[int, ...]:
    """Mood index after a change of ``delta``, clamped to -5..5, per mood index."""
    return tuple(max(0, min(_MOODS - 1, m + delta)) for m in range(_MOODS))
