"""The tree reads as the architecture: small modules, every engine room says what it holds."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "klantkoning"
MAX_LINES = 500


def test_no_module_is_over_500_lines() -> None:
    too_long = {
        str(path.relative_to(PACKAGE)): n
        for path in PACKAGE.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}


def test_every_engine_room_has_a_docstring_saying_what_it_may_use() -> None:
    rooms = [p for p in (PACKAGE / "engine").iterdir() if (p / "__init__.py").is_file()]
    assert {r.name for r in rooms} >= {
        "format",
        "play",
        "analysis",
        "library",
        "authoring",
        "saves",
        "workshop",
    }
    for room in rooms:
        doc = ast.get_docstring(ast.parse((room / "__init__.py").read_text(encoding="utf-8")))
        assert doc, f"engine/{room.name}/__init__.py has no docstring"
        assert "use" in doc.lower() or "Pure Python" in doc, room.name
