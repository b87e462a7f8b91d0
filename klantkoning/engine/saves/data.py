"""The data of player saves: profiles, attempts, settings, notices, and player names.

Plain dataclasses, no I/O: :mod:`klantkoning.engine.saves.savefile` turns them into TOML and
back, :mod:`klantkoning.engine.saves.store` keeps them on disk.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from klantkoning.i18n import t

if TYPE_CHECKING:
    from klantkoning.engine.play.session import Session

FeedbackMode = Literal["direct", "exam"]
FEEDBACK_MODES: tuple[str, ...] = ("direct", "exam")
PLAY_MODES: tuple[str, ...] = ("direct", "exam", "headless")

NAME_MAX = 40
SLUG_MAX = 40
FALLBACK_SLUG = "speler"
SLUG_FILE_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}
)
_TRANSLITERATE = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ß": "ss",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "þ": "th",
        "Þ": "TH",
        "ð": "d",
        "Ð": "D",
        "ı": "i",
    }
)
"""Letters without an accent-free decomposition, written the way people would type them."""

# -- errors and notices ---------------------------------------------------------------


class SaveError(ValueError):
    """A request the store refuses (a bad player name); ``code``/``params`` name it."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return t(f"saves.{self.code}", **self.params)


@dataclass
class SaveNotice:
    """Something the player must be told (a corrupt save moved aside, saving is off, ...)."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        """The notice in the active language."""
        return t(f"saves.{self.code}", **self.params)


# -- the data -------------------------------------------------------------------------


@dataclass
class Settings:
    """A player's own settings."""

    feedback_mode: FeedbackMode = "direct"
    theme: str | None = None
    shuffle: bool = True
    """Show a beat's options in an order of their own per attempt (the guess "the longest
    is the best" then cannot lean on a place in the list)."""


@dataclass
class Attempt:
    """One finished play of one scenario."""

    scenario_id: str
    scenario_hash: str
    started: datetime
    finished: datetime
    history: list[tuple[str, int]]
    choices: list[int]
    path: list[str]
    ending: str
    outcome: str
    mood: int
    start_mood: int
    lowest_mood: int
    recovered: bool
    score: dict[str, int]
    mode: str = "direct"
    seed: int | None = None
    """The seed of the order the options were shown in (``None``: file order)."""
    practice: bool = False
    """Played on from a decision of an earlier play: never the best attempt."""

    @property
    def key(self) -> tuple[str, datetime]:
        """What makes an attempt unique: recording it twice adds it once."""
        return (self.scenario_id, self.started)

    @property
    def total(self) -> int:
        """The sum of all scores."""
        return sum(self.score.values())

    @classmethod
    def from_session(
        cls,
        session: Session,
        scenario_hash: str,
        started: datetime,
        finished: datetime | None = None,
        mode: str = "direct",
        *,
        seed: int | None = None,
        practice: bool = False,
    ) -> Attempt:
        """The attempt of a finished ``session`` (``PlayError`` when it has not ended)."""
        result = session.result()
        return cls(
            scenario_id=result.scenario_id,
            scenario_hash=scenario_hash,
            started=to_utc(started),
            finished=to_utc(finished) if finished is not None else utc_now().replace(microsecond=0),
            history=[(beat, index) for beat, index in session.history],
            choices=list(result.choices),
            path=list(result.path),
            ending=result.ending_id,
            outcome=result.outcome,
            mood=result.mood,
            start_mood=result.start_mood,
            lowest_mood=result.lowest_mood,
            recovered=result.recovered,
            score=dict(result.score),
            mode=mode,
            seed=seed,
            practice=practice,
        )


@dataclass
class Unfinished:
    """A play in progress: enough to resume it (``Session.from_dict(scenario, state)``).

    ``mode`` is the feedback mode the play started in: a resumed play goes on in it, so
    an attempt counts as ``"exam"`` only when the whole play was played without feedback.
    """

    scenario_id: str
    scenario_hash: str
    started: datetime
    state: dict[str, Any]
    mode: FeedbackMode = "direct"
    seed: int | None = None
    """The seed of the order the options are shown in: a resumed play keeps its order."""
    practice: bool = False
    """Played on from a decision of an earlier play (recorded as practice)."""


@dataclass
class Profile:
    """One player. ``readonly`` profiles (a save from a newer version) are never written."""

    name: str
    slug: str
    created: datetime
    settings: Settings
    attempts: list[Attempt]
    unfinished: Unfinished | None = None
    readonly: bool = False


def utc_now() -> datetime:
    """Now, in UTC."""
    return datetime.now(UTC)


def to_utc(moment: datetime) -> datetime:
    """``moment`` as an aware UTC datetime; a naive one is taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


# -- names and file names -------------------------------------------------------------


def clean_name(name: str) -> str:
    """The name as it will be stored: line breaks and other control characters become
    spaces, outer whitespace goes. Markup, emoji and quotes stay exactly as typed.

    Raises:
        SaveError: the name is empty or longer than ``NAME_MAX`` characters.
    """
    cleaned = "".join(_clean_char(ch) for ch in name)
    cleaned = cleaned.strip()
    if not cleaned:
        raise SaveError("name_empty")
    if len(cleaned) > NAME_MAX:
        raise SaveError("name_too_long", max=NAME_MAX, length=len(cleaned))
    return cleaned


def _clean_char(ch: str) -> str:
    category = unicodedata.category(ch)
    if category == "Cc":  # newlines, tabs, escape codes
        return " "
    if category == "Cs":  # a lone surrogate (undecodable bytes from a terminal): not UTF-8
        return "\ufffd"
    return ch


def slugify(name: str) -> str:
    """A safe file-name stem for ``name``: ascii, lowercase, ``-``; ``speler`` when nothing
    is left (a name of only emoji or punctuation)."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_TRANSLITERATE))
    ascii_only = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")
    slug = slug[:SLUG_MAX].strip("-")
    if not slug:
        return FALLBACK_SLUG
    if slug in _RESERVED:
        slug = f"{slug}-{FALLBACK_SLUG}"
    return slug


def merge_attempts(first: list[Attempt], second: list[Attempt]) -> list[Attempt]:
    """All attempts of both lists, each key once (the first list wins), oldest first."""
    seen: dict[tuple[str, datetime], Attempt] = {}
    for attempt in [*first, *second]:
        seen.setdefault(attempt.key, attempt)
    return sorted(seen.values(), key=lambda a: (a.started, a.scenario_id))


def copy_profile(profile: Profile) -> Profile:
    return replace(
        profile,
        settings=replace(profile.settings),
        attempts=list(profile.attempts),
    )
