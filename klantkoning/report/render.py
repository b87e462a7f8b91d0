"""Render a workshop report in one format, or write all three next to the session file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from klantkoning.engine.atomic import atomic_write_text
from klantkoning.engine.workshop import Workshop
from klantkoning.report import csv as csv_report
from klantkoning.report import html as html_report
from klantkoning.report import markdown as md_report
from klantkoning.report.common import FORMATS


def render(workshop: Workshop, fmt: str) -> str:
    """The report of ``workshop`` in format ``fmt`` (``md``, ``html`` or ``csv``)."""
    renderers: dict[str, Callable[[Workshop], str]] = {
        "md": md_report.render,
        "html": html_report.render,
        "csv": csv_report.render,
    }
    if fmt not in renderers:
        raise ValueError(f"unknown report format {fmt!r}")
    return renderers[fmt](workshop)


def write_all(workshop: Workshop, stem: Path) -> list[Path]:
    """Write all three reports as ``<stem>.md``/``.html``/``.csv``; returns the files.

    Raises ``OSError`` when the folder cannot be written.
    """
    out: list[Path] = []
    for fmt in FORMATS:
        path = stem.with_name(f"{stem.name}.{fmt}")
        atomic_write_text(path, render(workshop, fmt))
        out.append(path)
    return out
