"""Every vote of a workshop as CSV, one row per team vote (or per option count in room mode).

Column names are stable ids (not translated) so an HR system can import them; text cells
that a spreadsheet would run as a formula are prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io

from klantkoning.engine.workshop import Workshop
from klantkoning.engine.workshop.summary import summarize

BASE_COLUMNS = (
    "session",
    "scenario",
    "beat_number",
    "beat",
    "team",
    "option",
    "count",
    "choice",
    "followed",
    "time",
)


def _cell(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def render(workshop: Workshop) -> str:
    board = summarize(workshop, revealed_only=False)
    dims = workshop.dimensions.ids
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*BASE_COLUMNS, *dims])
    for row in board.rows:
        writer.writerow(
            [
                _cell(row.session),
                row.scenario_id,
                row.beat_number,
                row.beat_id,
                _cell(row.team),
                row.option,
                row.count,
                _cell(" ".join(row.choice.text.split())),
                "yes" if row.followed else "no",
                row.time.isoformat(),
                *(row.choice.score.get(d, 0) for d in dims),
            ]
        )
    return buffer.getvalue()
