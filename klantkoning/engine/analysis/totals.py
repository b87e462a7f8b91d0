"""The range of a play's total score (all dimensions summed) over every complete play."""

from __future__ import annotations

from klantkoning.engine.analysis.context import DEFAULT_LIMIT, context
from klantkoning.engine.analysis.explore import BROKEN
from klantkoning.engine.analysis.extremes import INF, root_extreme
from klantkoning.engine.format.dimensions import DEFAULT_DIMENSIONS, Dimensions
from klantkoning.engine.format.model import Scenario


def total_range(
    scenario: Scenario, dimensions: Dimensions = DEFAULT_DIMENSIONS, limit: int = DEFAULT_LIMIT
) -> tuple[int, int] | None:
    """(lowest, highest) total over complete plays; ``None`` when unbounded or unknown.

    Summing the per-dimension ranges would overstate it: no single play earns the best of
    every dimension at once, so the total is optimised as one weight per choice.
    """
    ctx = context(scenario)
    if ctx.comp.start == BROKEN:
        return None
    graph, lay = ctx.explored(ctx.comp.start, 0, limit)
    if graph.truncated:
        return None
    weights = ctx.comp.total_weights(dimensions.ids)
    high = root_extreme(lay, weights, maximise=True)
    low = root_extreme(lay, weights, maximise=False)
    if high is None or low is None or high == INF or low == -INF:
        return None
    return int(low), int(high)
