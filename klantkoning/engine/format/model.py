"""Pydantic models of the scenario file format (version 1) and of ``values.toml``.

The models check structure and ranges only. Cross-references (``next``, ``start``,
score dimensions, reachability) are checked by the loader, so that every problem in a
file can be reported at once with its location.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

FORMAT_VERSION = 1

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_RE = re.compile(SLUG_PATTERN)
FLAG_PATTERN = r"^[A-Za-z0-9_-]+$"
LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"

LEVELS: tuple[str, ...] = (
    "missie",
    "identiteit",
    "waarden",
    "competenties",
    "vaardigheden",
    "gedrag",
    "omgeving",
)
"""The seven levels of customer orientation, from the top (Harald Pol)."""

OUTCOMES: tuple[str, ...] = ("ontevreden", "tevreden", "enthousiast")
RELATIONS: tuple[str, ...] = ("gemeenschap", "gezag", "gelijkheid", "markt")

MOOD_MIN = -5
MOOD_MAX = 5

Slug = Annotated[str, StringConstraints(min_length=3, max_length=60, pattern=SLUG_PATTERN)]
Flag = Annotated[str, StringConstraints(min_length=1, max_length=60, pattern=FLAG_PATTERN)]


def _blank_is_empty(value: object) -> object:
    # A text of only spaces is as empty as "": the same located error, not a blank title.
    return "" if isinstance(value, str) and value and value.isspace() else value


Text = Annotated[str, StringConstraints(min_length=1), BeforeValidator(_blank_is_empty)]
Level = Literal[
    "omgeving", "gedrag", "vaardigheden", "competenties", "waarden", "identiteit", "missie"
]
Outcome = Literal["ontevreden", "tevreden", "enthousiast"]
Relation = Literal["gemeenschap", "gezag", "gelijkheid", "markt"]
Mood = Annotated[int, Field(ge=MOOD_MIN, le=MOOD_MAX, strict=True)]
Points = Annotated[int, Field(ge=-3, le=3, strict=True)]


class StrictModel(BaseModel):
    """Base for every file model: unknown keys are errors, instances never change."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class ScenarioMeta(StrictModel):
    """The ``[scenario]`` table."""

    id: Slug
    title: Text
    summary: str = ""
    setting: str = ""
    role: str = ""
    difficulty: Annotated[int, Field(ge=1, le=5, strict=True)] = 2
    minutes: Annotated[int, Field(ge=1, le=120, strict=True)] = 10
    language: Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)] = "nl"
    start: str
    tags: tuple[str, ...] = ()
    sector: str = ""


class Customer(StrictModel):
    """The ``[customer]`` table."""

    name: Text
    description: str = ""
    mood: Mood = 0
    relation: Relation | None = None


class Choice(StrictModel):
    """One option the player has at a beat."""

    text: Text
    next: str
    reaction: str | None = None
    feedback: str | None = None
    mood: Mood = 0
    score: dict[str, Points] = Field(default_factory=dict)
    level: Level | None = None
    sets: tuple[Flag, ...] = ()
    requires: tuple[Flag, ...] = ()
    unless: tuple[Flag, ...] = ()

    def is_visible(self, flags: frozenset[str] | set[str]) -> bool:
        """Whether this choice is shown when exactly ``flags`` are set."""
        return all(f in flags for f in self.requires) and not any(f in flags for f in self.unless)


class Beat(StrictModel):
    """One moment of truth: a situation and the player's choices."""

    text: Text
    customer: str | None = None
    discuss: tuple[str, ...] = ()
    trainer_note: str | None = None
    choices: Annotated[tuple[Choice, ...], Field(min_length=1)]


class Ending(StrictModel):
    """Where a play ends. ``discuss`` and ``trainer_note`` are additions to format 1."""

    title: Text
    text: Text
    outcome: Outcome | None = None
    discuss: tuple[str, ...] = ()
    trainer_note: str | None = None


class GoldenPlay(StrictModel):
    """An author's regression test (addition): a path and what it must still lead to."""

    name: str = ""
    path: Annotated[tuple[Annotated[int, Field(ge=1, strict=True)], ...], Field(min_length=1)]
    ending: str | None = None
    outcome: Outcome | None = None
    min_score: dict[str, int] = Field(default_factory=dict)


class Scenario(StrictModel):
    """A whole scenario file."""

    format: Annotated[int, Field(strict=True)]
    scenario: ScenarioMeta
    customer: Customer
    beats: Annotated[dict[str, Beat], Field(min_length=1)]
    endings: Annotated[dict[str, Ending], Field(min_length=1)]
    golden: tuple[GoldenPlay, ...] = ()

    @property
    def id(self) -> str:
        return self.scenario.id

    def node_exists(self, node_id: str) -> bool:
        """Whether ``node_id`` names a beat or an ending."""
        return node_id in self.beats or node_id in self.endings


class ValueDef(StrictModel):
    """One organisation value in ``values.toml``."""

    id: Slug
    name: Text
    description: str = ""


class ValuesFile(StrictModel):
    """The ``values.toml`` file: an organisation's own core values."""

    format: Annotated[int, Field(strict=True)]
    value: Annotated[tuple[ValueDef, ...], Field(min_length=1)]


def derive_outcome(mood: int) -> str:
    """The outcome of an ending without an explicit one, from the final mood."""
    if mood <= -2:
        return "ontevreden"
    if mood >= 3:
        return "enthousiast"
    return "tevreden"


def clamp_mood(mood: int) -> int:
    """Mood always stays within -5..5."""
    return max(MOOD_MIN, min(MOOD_MAX, mood))
