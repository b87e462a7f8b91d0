"""Located problems in scenario files: what ``check`` reports and the UI shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from klantkoning.i18n import t

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One problem: where it is and what is wrong.

    ``code`` is a catalogue key under ``check.``; ``params`` fill in its message, so the
    same problem reads in every language.
    """

    file: str
    path: str
    line: int | None
    severity: Severity
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    column: int | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def message(self) -> str:
        return t(f"check.{self.code}", **self.params)

    def location(self) -> str:
        """``file:line:column`` as editors understand it."""
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


@dataclass(frozen=True)
class Finding:
    """A problem found in a validated scenario, before the loader locates it in the file.

    ``path`` is the dotted path inside the file (``beats.keuken.choices[1].next``); the
    loader turns a finding into a ``Problem`` with the file name and line.
    """

    severity: Severity
    path: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)
