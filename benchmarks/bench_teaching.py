"""Teaching figures per scenario: how often the mood ends at its limit, how well the
length of a choice predicts its score, and how often the longest option is the best.

    .venv/bin/python benchmarks/bench_teaching.py [FOLDER] [--json]

FOLDER is a scenario library (default: ./scenarios). Per playable scenario it prints:

- the share of distinct complete plays that end at mood +5 or -5 (``mood_saturates``
  warns above 50%);
- the Pearson correlation between the length of a choice's text and its own total
  points (every choice in the file once);
- at how many beats with three or more visible choices the longest one is judged best
  by the rule of ``engine/analysis/judge.py`` (``longest_is_best`` warns above half).

A measurement for before/after figures, not a test: it always exits 0.
"""

from __future__ import annotations

import json
import math
import sys
import time
from pathlib import Path

from klantkoning.engine.analysis.teaching import LOOP_PLAY_STEPS, longest_best, mood_limit_share
from klantkoning.engine.format.dimensions import Dimensions
from klantkoning.engine.format.model import Scenario
from klantkoning.engine.library.folders import load_library


def pearson(xs: list[float], ys: list[float]) -> float | None:
    """The Pearson correlation of ``xs`` and ``ys``; ``None`` when either does not vary."""
    n = len(xs)
    if n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def length_score_correlation(scenario: Scenario, dimensions: Dimensions) -> float | None:
    """Pearson r of (text length, own total points) over every choice in the file."""
    lengths: list[float] = []
    points: list[float] = []
    for beat in scenario.beats.values():
        for choice in beat.choices:
            lengths.append(len(choice.text.strip()))
            points.append(sum(choice.score.get(d, 0) for d in dimensions.ids))
    return pearson(lengths, points)


def figures(scenario: Scenario, dimensions: Dimensions) -> dict[str, object]:
    """The figures of one scenario, as plain data."""
    started = time.perf_counter()
    share = mood_limit_share(scenario)
    counts = longest_best(scenario, dimensions)
    r = length_score_correlation(scenario, dimensions)
    return {
        "scenario": scenario.id,
        "plays": share.total if share is not None else None,
        "plays_bounded": share.bounded if share is not None else None,
        "at_plus_5": share.top if share is not None else None,
        "at_minus_5": share.bottom if share is not None else None,
        "mood_limit_share": round(share.share, 3) if share is not None else None,
        "length_score_r": round(r, 3) if r is not None else None,
        "longest_best": counts[0] if counts is not None else None,
        "beats_3_plus": counts[1] if counts is not None else None,
        "seconds": round(time.perf_counter() - started, 3),
    }


def _cell(value: object, fmt: str = "{}") -> str:
    return "—" if value is None else fmt.format(value)


def main(argv: list[str]) -> int:
    as_json = "--json" in argv
    args = [a for a in argv if a != "--json"]
    folder = Path(args[0]) if args else Path("scenarios")
    if not folder.exists():
        print(f"no such folder: {folder}", file=sys.stderr)
        return 0
    library = load_library(folder)
    rows = [
        figures(entry.scenario, entry.dimensions or library.dimensions)
        for entry in library.playable
        if entry.scenario is not None
    ]
    if as_json:
        print(json.dumps(rows, indent=2))
        return 0
    print(f"Teaching figures for {folder}\n")
    print("| scenario | complete plays | at +5 / -5 | at the mood limit | r(length, points) "
          "| longest is best | time |")  # fmt: skip
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        share = row["mood_limit_share"]
        percent = None if share is None else 100 * float(str(share))
        plays = _cell(row["plays"]) + (
            f" (≤ {LOOP_PLAY_STEPS} choices)" if row["plays_bounded"] else ""
        )
        print(
            f"| {row['scenario']} | {plays} | {_cell(row['at_plus_5'])} / "
            f"{_cell(row['at_minus_5'])} | "
            f"{_cell(percent, '{:.0f}%')} | "
            f"{_cell(row['length_score_r'], '{:+.2f}')} | "
            f"{_cell(row['longest_best'])} of {_cell(row['beats_3_plus'])} beats | "
            f"{row['seconds']} s |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
