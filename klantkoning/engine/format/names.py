"""Readable names for a scenario's ``sector`` and its customer's ``relation``.

Both are short codes in a file (``sector = "financiele-dienstverlening"``, ``relation =
"gezag"``); players, trainers and lists read a name from the catalogue instead. A sector
the catalogue does not know is shown as the author wrote it: an organisation may add its
own, and it still filters.
"""

from __future__ import annotations

from klantkoning.engine.format.model import RELATIONS
from klantkoning.i18n import t

KNOWN_SECTORS: tuple[str, ...] = (
    "horeca",
    "retail",
    "callcenter",
    "zorg",
    "overheid",
    "ict",
    "vervoer",
    "financiele-dienstverlening",
    "zakelijke-dienstverlening",
)
"""The sectors with a name in the catalogue (``sector.<code>``), as documented for authors."""


def sector_key(sector: str | None) -> str:
    """What two sector values must share to count as one sector: case and outer blanks
    do not matter (``"Horeca "`` is ``horeca``); ``""`` is no sector."""
    return (sector or "").strip().casefold()


def sector_label(sector: str | None) -> str:
    """The sector's name in the active language; an unknown sector as written, on one line
    and without control characters (they never belong in a name, and must not reach a
    terminal).

    The result of an unknown sector is the author's text: show it literally.
    """
    key = sector_key(sector)
    if key in KNOWN_SECTORS:
        return t(f"sector.{key}")
    visible = "".join(ch if ch.isprintable() else " " for ch in sector or "")
    return " ".join(visible.split())


def relation_label(relation: str | None) -> str:
    """The name of a relational model (``gezag`` -> "Gezag"); ``""`` for none."""
    if relation in RELATIONS:
        return t(f"relation.{relation}")
    return relation or ""


def relation_line(relation: str | None) -> str:
    """What a relational model means in one line (``gelijkheid`` -> "voor wat hoort wat");
    ``""`` for none or an unknown model."""
    if relation in RELATIONS:
        return t(f"relation.explain.{relation}")
    return ""
