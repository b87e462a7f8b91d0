"""Every reader against arbitrary input: our own located error, never anything else.

Arbitrary bytes, TOML made from arbitrary structures, and a soup of TOML pieces (long
numbers, deep brackets, long dotted keys, dates, quotes) go to the scenario, values,
golden, save and workshop readers. A bounded number of examples keeps CI fast.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klantkoning.engine.authoring.playtest import load_golden_file
from klantkoning.engine.library.loader import load_scenario_text, load_values_text
from klantkoning.engine.saves import savefile
from klantkoning.engine.saves.store import SaveStore
from klantkoning.engine.workshop import WorkshopError, load_workshop
from tests.workshop_support import fixture_library

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PIECES = [
    "format = 1\n",
    "format = 2\n",
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    ",",
    "=",
    ".",
    "\n",
    '"',
    "'",
    '"""',
    "a",
    "b.c",
    "x = ",
    "9" * 4400,
    "1979-05-27T07:32:00Z",
    "1e400",
    "[" * 300,
    "]" * 300,
    ".a" * 100,
    "\\u001b",
    "\x1b",
    "\x00",
    "\ufeff",
    "#",
    'name = "Anna"\n',
    'id = "../../x"\n',
    "[[attempts]]\n",
    "[beats.a]\n",
    "inf",
    "created = 2026-01-01T00:00:00Z\n",
    "attempt_count = 3\n",
    'kind = "workshop"\n',
]

scalars = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.text(max_size=30),
    st.booleans(),
    st.floats(allow_nan=False),
    st.datetimes(timezones=st.just(UTC)),
)
structures = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
documents = st.dictionaries(
    st.sampled_from(
        [
            "format",
            "name",
            "created",
            "attempts",
            "attempt_count",
            "id",
            "kind",
            "scenario",
            "beats",
            "endings",
            "value",
            "golden",
            "agenda",
            "mode",
            "phase",
            "current",
        ]
    ),
    structures,
    max_size=8,
)


def as_toml(document: dict[str, Any]) -> str:
    try:
        return tomli_w.dumps(document)
    except (TypeError, ValueError):
        return "format = 1\n"


inputs = st.one_of(
    st.binary(max_size=3000),
    documents.map(as_toml).map(str.encode),
    st.lists(st.sampled_from(PIECES), max_size=40)
    .map("".join)
    .map(lambda s: s.encode("utf-8", "surrogatepass")),
)


def _write(data: bytes) -> tuple[tempfile.TemporaryDirectory[str], Path]:
    folder = tempfile.TemporaryDirectory()
    path = Path(folder.name) / "anna.toml"
    path.write_bytes(data)
    return folder, path


@FUZZ
@given(inputs)
def test_scenario_and_values_readers_only_report_problems(data: bytes) -> None:
    entry = load_scenario_text(data, "x.toml")
    assert entry.scenario is not None or entry.problems
    assert all(p.message and p.file == "x.toml" for p in entry.problems)
    _dimensions, problems = load_values_text(data, "values.toml")
    assert all(p.message for p in problems)


@FUZZ
@given(inputs)
def test_golden_reader_only_reports_problems(data: bytes) -> None:
    folder, path = _write(data)
    with folder:
        plays, details = load_golden_file(path)
        assert plays or details
        assert all(isinstance(d, str) and d for d in details)


@FUZZ
@given(inputs)
def test_save_reader_only_raises_its_own_error_and_keeps_the_file(data: bytes) -> None:
    try:
        savefile.parse_save(data.decode("utf-8", "replace"), "anna")
    except savefile.Unreadable as exc:
        assert exc.reason
    folder, path = _write(data)
    with folder:
        store = SaveStore(path.parent)
        store.list_profiles()
        kept = [p for p in path.parent.glob("anna*.toml")]
        assert len(kept) == 1 and kept[0].read_bytes() == data  # read, or moved aside whole


LIBRARY = fixture_library()


@FUZZ
@given(inputs)
def test_workshop_reader_only_raises_its_own_error(data: bytes) -> None:
    folder, path = _write(data)
    with folder:
        try:
            load_workshop(path, LIBRARY, clock=lambda: datetime(2026, 1, 1, tzinfo=UTC))
        except WorkshopError as exc:
            assert exc.code.startswith("workshop.error.")
