"""What kind of klantkoning file some TOML data is, so a file given to the wrong command
is named for what it is ("dit is een spelersbestand, geen workshop")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def file_kind(data: Mapping[str, Any]) -> str | None:
    """``scenario``, ``golden``, ``values``, ``player``, ``workshop``, or ``None`` (unknown)."""
    kind = data.get("kind")
    if kind == "workshop" or (kind is None and "agenda" in data and "format" in data):
        return "workshop"
    if "scenario" in data and ("beats" in data or "customer" in data):
        return "scenario"
    if "golden" in data:
        return "golden"
    if "value" in data and "scenario" not in data:
        return "values"
    if "name" in data and ("attempts" in data or "settings" in data or "created" in data):
        return "player"
    return None
