"""A loaded scenario library: every file, playable or not, with its problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from klantkoning.engine.format.dimensions import DEFAULT_DIMENSIONS, Dimensions
from klantkoning.engine.format.model import Scenario
from klantkoning.engine.format.problems import Problem


@dataclass
class ScenarioEntry:
    """One scenario file as loaded: the scenario when it validated, and its problems."""

    file: Path
    scenario: Scenario | None
    problems: list[Problem] = field(default_factory=list)
    content_hash: str = ""
    dimensions: Dimensions = DEFAULT_DIMENSIONS
    """The dimensions this file scores on: its folder's ``values.toml``, or the defaults."""

    @property
    def ok(self) -> bool:
        """Playable: it validated and has no error (warnings are fine)."""
        return self.scenario is not None and not any(p.is_error for p in self.problems)

    @property
    def id(self) -> str:
        return self.scenario.id if self.scenario is not None else self.file.stem

    @property
    def first_error(self) -> Problem | None:
        return next((p for p in self.problems if p.is_error), None)


@dataclass
class Library:
    """All scenario files found under some paths, with the dimensions they score on."""

    roots: list[Path]
    dimensions: Dimensions = DEFAULT_DIMENSIONS
    entries: list[ScenarioEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def playable(self) -> list[ScenarioEntry]:
        return [e for e in self.entries if e.ok]

    @property
    def broken(self) -> list[ScenarioEntry]:
        return [e for e in self.entries if not e.ok]

    def get(self, scenario_id: str) -> ScenarioEntry | None:
        """The entry with this scenario id (first one wins when ids clash)."""
        return next((e for e in self.entries if e.id == scenario_id), None)

    def all_problems(self) -> list[Problem]:
        out = list(self.problems)
        for entry in self.entries:
            out.extend(entry.problems)
        return out
