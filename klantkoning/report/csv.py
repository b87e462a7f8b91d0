"""Every vote of a workshop as CSV, one row per team vote (or per option count in room mode).

Column names are in the session's language (the report speaks it), the dimensions keep
their ids; moments are numbered per scenario, as the room saw them. Every text cell, the
header included, goes through ``safe_cell``: control characters are removed (the report may
go to a terminal) and a cell a spreadsheet would run as a formula gets an apostrophe in
front - ids come from files too (a beat id ``=HYPERLINK(...)``).

Made to open with a double click in a spreadsheet: UTF-8 with a byte-order mark (without
it Excel reads „quotes” and accents as gibberish), and the list separator of the report's
language: a semicolon for Dutch (Dutch Excel splits on ``;``, a comma is its decimal
sign), a comma for English. Times are local, ``2026-03-14 10:04:05``, which spreadsheets
read as a date and time.
"""

from __future__ import annotations

import csv
import io
import re

from klantkoning.engine.workshop import Workshop
from klantkoning.engine.workshop.summary import summarize
from klantkoning.i18n import get_language, t

BOM = "\ufeff"
DELIMITERS = {"nl": ";"}
"""List separator per language; every other language gets a comma."""


def delimiter(language: str | None = None) -> str:
    """The separator a spreadsheet in ``language`` (default: the active one) expects."""
    return DELIMITERS.get(language or get_language(), ",")


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


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


def safe_cell(value: object) -> object:
    """A cell that is safe in a spreadsheet and on a terminal; our own numbers stay numbers."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = _CONTROL.sub("", str(value))
    return "'" + text if text.lstrip(" ")[:1] in _FORMULA_START else text


def moment_numbers(workshop: Workshop) -> dict[int, int]:
    """The 1-based number of every record (session-wide) -> its moment within its scenario."""
    out: dict[int, int] = {}
    starts = {item.scenario_id: item.scenario.scenario.start for item in workshop.agenda}
    previous, n = None, 0
    for number, record in enumerate(workshop.records, start=1):
        fresh = record.scenario_id != previous or record.beat_id == starts.get(record.scenario_id)
        n = 1 if fresh else n + 1
        previous = record.scenario_id
        out[number] = n
    return out


def render(workshop: Workshop) -> str:
    board = summarize(workshop, revealed_only=False)
    dims = workshop.dimensions.ids
    moments = moment_numbers(workshop)
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=delimiter(), lineterminator="\r\n")
    writer.writerow([safe_cell(c) for c in (*(t(f"room.csv.{c}") for c in BASE_COLUMNS), *dims)])
    for row in board.rows:
        cells = [
            row.session,
            row.scenario_id,
            moments.get(row.beat_number, row.beat_number),
            row.beat_id,
            row.team,
            row.option,
            row.count,
            " ".join(row.choice.text.split()),
            t("room.csv.yes") if row.followed else t("room.csv.no"),
            row.time.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
            *(row.choice.score.get(d, 0) for d in dims),
        ]
        writer.writerow([safe_cell(c) for c in cells])
    return buffer.getvalue()
