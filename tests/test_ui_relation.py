"""The customer's relational model (Fiske, via Pol) is shown to the player in the debrief's
details and to the trainer at the workshop's reveal, and only when the scenario names it."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from test_ui_teaching import to_debrief
from textual.widgets import Static

from klantkoning.engine.library.folders import load_library
from klantkoning.ui.app import make_app

FIXTURE = Path(__file__).parent / "fixtures" / "teaching" / "de-belofte.toml"


def _library(tmp_path: Path, relation: str | None) -> Path:
    lib = tmp_path / "scenarios"
    lib.mkdir()
    text = FIXTURE.read_text(encoding="utf-8")
    if relation is not None:
        text = text.replace("[customer]\n", f'[customer]\nrelation = "{relation}"\n', 1)
    (lib / FIXTURE.name).write_text(text, encoding="utf-8")
    return lib


def _rendered(widget: Static) -> str:
    console = Console(width=100, record=True, file=io.StringIO(), color_system=None)
    console.print(widget.render())
    return console.export_text()


async def _debrief_texts(tmp_path: Path, relation: str | None) -> str:
    app = make_app(
        _library(tmp_path, relation), tmp_path / "saves", player="Anna", scenario="de-belofte"
    )
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await to_debrief(pilot, app, [1, 1, 1, 1, 1, 1])
        await pilot.press("d")
        await pilot.pause()
        found = screen.query("#debrief-relation")
        return _rendered(found.first(Static)) if found else ""


async def test_the_debrief_names_the_customers_model_and_asks_about_it(tmp_path: Path) -> None:
    text = await _debrief_texts(tmp_path, "gelijkheid")
    assert "Gelijkheid" in text and "voor wat hoort wat" in text
    assert "Welk model sprak jij" in text


async def test_no_model_no_line(tmp_path: Path) -> None:
    assert await _debrief_texts(tmp_path, None) == ""


def test_the_reveal_tells_the_trainer_the_customers_model(tmp_path: Path) -> None:
    from workshop_support import new_workshop

    from klantkoning.ui.workshop_render import decision_text

    ws = new_workshop(load_library(_library(tmp_path, "gezag")), ("de-belofte",))
    ws.reveal()
    console = Console(width=120, record=True, file=io.StringIO(), color_system=None)
    console.print(decision_text(ws, None))
    assert "Relatiemodel van de klant: Gezag (er is een rangorde)" in console.export_text()
