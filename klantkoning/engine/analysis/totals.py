"""The range of a play's total score (all dimensions summed) over every complete play."""

from __future__ import annotations

from klantkoning.engine.analysis.context import DEFAULT_LIMIT, start_graph
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
    found = start_graph(scenario, limit)
    if found is None:
        return None
    ctx, _graph, lay = found
    weights = ctx.comp.total_weights(dimensions.ids)
    high = root_extreme(lay, weights, maximise=True)
    low = root_extreme(lay, weights, maximise=False)
    if high is None or low is None or high == INF or low == -INF:
        return None
    return int(low), int(high)
