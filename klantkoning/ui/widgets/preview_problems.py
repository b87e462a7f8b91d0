"""The preview's list of problems in the file: located, one per line, literal text."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from klantkoning.engine.format.problems import Problem
from klantkoning.i18n import t


def problems_text(problems: Sequence[Problem], file_name: str) -> Text:
    """``✗ fout  regel 12  beats.x.choices[2].next`` + the message, for every problem."""
    out = Text()
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    if not problems:
        out.append("✓ ", style="bold green")
        out.append(t("author.preview.no_problems", file=file_name))
        return out
    out.append(t("author.preview.problem_count", errors=errors, warnings=warnings), style="bold")
    out.append("\n")
    for problem in problems:
        out.append("\n")
        mark, style = ("✗", "bold red") if problem.is_error else ("!", "bold yellow")
        out.append(f"{mark} {t(f'author.severity.{problem.severity}')}", style=style)
        if problem.line is not None:
            where = t("author.preview.line", line=problem.line)
            if problem.column is not None:
                where += f":{problem.column}"
            out.append(f"  {where}", style="bold")
        if problem.path:
            out.append(f"  {problem.path}", style="italic")
        out.append("\n")
        out.append(problem.message)
        out.append("\n")
    return out


class ProblemPanel(Static):
    """The problems of the file as it is now on disk."""

    DEFAULT_CSS = """
    ProblemPanel {
        height: auto;
        padding: 0 1;
    }
    """

    def show(self, problems: Sequence[Problem], file_name: str) -> None:
        """Replace the list with ``problems``."""
        self.update(problems_text(problems, file_name))
