"""Exports of a workshop: Markdown, self-contained HTML and CSV, built from engine results."""

from klantkoning.report.common import FORMATS
from klantkoning.report.render import render, write_all

__all__ = ["FORMATS", "render", "write_all"]
