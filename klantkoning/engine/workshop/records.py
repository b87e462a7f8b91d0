"""What a workshop is made of: its settings, the agenda, the record of every beat, notes.

Plain data with no behaviour beyond counting votes; :mod:`.state` runs the workshop and
:mod:`.codec` turns these records into the plain data of the workshop file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

from klantkoning.engine.format.model import SLUG_RE, Scenario

Phase = Literal["vote", "reveal", "ending", "done"]
Mode = Literal["teams", "room"]
PHASES: tuple[Phase, ...] = ("vote", "reveal", "ending", "done")
MODES: tuple[Mode, ...] = ("teams", "room")
MIN_TEAMS = 2
MAX_TEAMS = 8
MAX_TEAM_NAME = 40
MIN_TIMER = 10
MAX_TIMER = 60 * 60
EXTEND_SECONDS = 30


def utcnow() -> datetime:
    """Now, in UTC, to the second (saves stay readable)."""
    return datetime.now(UTC).replace(microsecond=0)


class WorkshopError(ValueError):
    """A request the workshop refuses; ``code`` is a catalogue key, ``params`` fill it in."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(f"{code} {params}" if params else code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class WorkshopSettings:
    """How the room plays: teams or whole room, the timer, when scores show."""

    mode: Mode = "teams"
    teams: tuple[str, ...] = ()
    timer_seconds: int = 180
    show_scores: bool = True

    def validated(self) -> WorkshopSettings:
        """These settings with team names trimmed; ``WorkshopError`` when unusable."""
        if self.mode not in MODES:
            raise WorkshopError("workshop.error.mode", mode=self.mode)
        teams = tuple(name.strip() for name in self.teams)
        if self.mode == "teams":
            if not MIN_TEAMS <= len(teams) <= MAX_TEAMS:
                raise WorkshopError(
                    "workshop.error.team_count", count=len(teams), min=MIN_TEAMS, max=MAX_TEAMS
                )
            for name in teams:
                if not name:
                    raise WorkshopError("workshop.error.team_empty")
                if len(name) > MAX_TEAM_NAME:
                    raise WorkshopError("workshop.error.team_long", name=name, max=MAX_TEAM_NAME)
            seen: set[str] = set()
            for name in teams:
                if name.casefold() in seen:
                    raise WorkshopError("workshop.error.team_twice", name=name)
                seen.add(name.casefold())
        else:
            teams = ()
        if not MIN_TIMER <= self.timer_seconds <= MAX_TIMER:
            raise WorkshopError(
                "workshop.error.timer", seconds=self.timer_seconds, min=MIN_TIMER, max=MAX_TIMER
            )
        return WorkshopSettings(self.mode, teams, self.timer_seconds, self.show_scores)


@dataclass
class TeamVote:
    """A team's current vote at one beat (0-based option position)."""

    team: str
    option: int
    time: datetime
    typed: bool = False
    """Typed in by the trainer: it holds until the trainer changes or erases it, also when
    the team's phones vote afterwards (the trainer decided; a phone must not undo that)."""


@dataclass
class OptionCount:
    """Whole-room mode: the hands raised for one option."""

    option: int
    count: int
    time: datetime


@dataclass(frozen=True)
class Majority:
    """What the room chose: the option with most votes; a tie goes to the earliest."""

    option: int
    tie: bool
    total: int
    tied: tuple[int, ...] = ()


@dataclass
class PhoneVote:
    """One phone's current vote at one beat (a seat of the room, see :mod:`.phones`)."""

    seat: str
    team: str | None
    option: int
    time: datetime


@dataclass
class Seat:
    """A phone that joined the room: only a hash of its token is kept (the phone has it)."""

    id: str
    token_hash: str
    team: str | None
    joined: datetime


@dataclass
class BeatRecord:
    """One beat as the room played it."""

    scenario_id: str
    beat_id: str
    options: list[int]
    """File indices of the options, in letter order (A is ``options[0]``)."""
    started: datetime
    votes: dict[str, TeamVote] = field(default_factory=dict)
    counts: dict[int, OptionCount] = field(default_factory=dict)
    phones: dict[str, PhoneVote] = field(default_factory=dict)
    """Every phone's own vote, by seat; in team mode they make their team's vote."""
    pick: int | None = None
    """The option the trainer picked to follow after the reveal (saved before Enter)."""
    revealed: datetime | None = None
    followed: int | None = None
    majority: int | None = None
    tie: bool = False
    finished: datetime | None = None

    @property
    def override(self) -> bool:
        """The trainer let the room follow another option than the majority."""
        return self.followed is not None and self.followed != self.majority

    def tally(self) -> list[int]:
        """Votes (team mode) or hands (room mode) per option, in letter order."""
        out = [0] * len(self.options)
        for vote in self.votes.values():
            if 0 <= vote.option < len(out):
                out[vote.option] += 1
        for count in self.counts.values():
            if 0 <= count.option < len(out):
                out[count.option] += count.count
        for phone in self.phones.values():
            # Whole-room phones are hands; a team's phones already made its team vote.
            if phone.team is None and 0 <= phone.option < len(out):
                out[phone.option] += 1
        return out

    def hands(self) -> list[int]:
        """Individual votes per option: every phone, plus what the keyboard typed in.

        Team mode: each phone counts once, and a team without phone votes counts once with
        the vote typed for it. Whole room: the hands typed in plus every phone.
        """
        out = [0] * len(self.options)
        voted_by_phone = {p.team for p in self.phones.values() if p.team is not None}
        for phone in self.phones.values():
            if 0 <= phone.option < len(out):
                out[phone.option] += 1
        for vote in self.votes.values():
            if vote.team not in voted_by_phone and 0 <= vote.option < len(out):
                out[vote.option] += 1
        for count in self.counts.values():
            if 0 <= count.option < len(out):
                out[count.option] += count.count
        return out

    def majority_of(self) -> Majority:
        tally = self.tally()
        best = max(tally) if tally else 0
        tied = tuple(i for i, n in enumerate(tally) if n == best)
        return Majority(tied[0] if tied else 0, len(tied) > 1, sum(tally), tied)


@dataclass
class Note:
    """A note the trainer typed during the session."""

    time: datetime
    text: str
    scenario_id: str | None = None
    beat_id: str | None = None


@dataclass
class AgendaItem:
    """One scenario on the agenda and how the room's play of it ended."""

    scenario: Scenario
    scenario_hash: str
    ending: str | None = None
    outcome: str | None = None
    finished: datetime | None = None

    @property
    def scenario_id(self) -> str:
        return self.scenario.id


def slugify(text: str) -> str:
    """A safe file-name part: lowercase a-z, 0-9 and '-'."""
    out = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in text.lower())
    slug = "-".join(part for part in out.split("-") if part)
    return slug[:40] or "workshop"


IDENT_MAX = 80


def valid_ident(ident: object) -> bool:
    """Whether a workshop id read from a file may name a file: the slug rule, any case.

    Ids the program makes look like ``20261122T061242-doorbakken-entrecote``; anything
    else (``../x``, an absolute path, control characters) is refused, never used as a path.
    """
    return (
        isinstance(ident, str)
        and 0 < len(ident) <= IDENT_MAX
        and bool(SLUG_RE.match(ident.lower()))
    )
