"""Votes and where they come from.

The session listens to :class:`VoteSource` objects: the trainer's keyboard
(``KeyboardVoteSource`` in the UI) and the participants' phones (``PhoneVoteSource`` of the
room server). Either way the session only ever sees :class:`Vote` objects.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def letter(position: int) -> str:
    """The letter of the option at 0-based ``position``: 0 -> ``A``."""
    return LETTERS[position] if 0 <= position < len(LETTERS) else str(position + 1)


def position(option_letter: str) -> int:
    """The 0-based position of ``option_letter`` (``"b"`` -> 1); -1 when it is no letter."""
    upper = option_letter.strip().upper()
    return LETTERS.index(upper) if len(upper) == 1 and upper in LETTERS else -1


@dataclass(frozen=True)
class Vote:
    """One vote as a source reports it.

    Team mode: ``team`` names the team and ``option`` is its letter; a later vote of the same
    team replaces the earlier one (a correction). ``option=None`` withdraws the team's vote.
    Room mode: ``team`` is ``None`` and ``count`` is the number of hands raised for ``option``
    (it replaces the previous count for that option).
    A phone's vote carries its ``seat``: it replaces that phone's earlier vote, and in team
    mode the team's vote becomes the majority of its phones.
    """

    team: str | None
    option: str | None
    count: int = 1
    seat: str | None = None


VoteSink = Callable[[Vote], None]


@runtime_checkable
class VoteSource(Protocol):
    """Anything that delivers votes to the session: the keyboard, the phones."""

    def connect(self, sink: VoteSink) -> None:
        """Deliver every future vote to ``sink``."""

    def disconnect(self, sink: VoteSink) -> None:
        """Stop delivering votes to ``sink``."""


class ManualVoteSource:
    """A vote source fed by code: the base of the keyboard source, and handy in tests."""

    def __init__(self) -> None:
        self._sinks: list[VoteSink] = []

    def connect(self, sink: VoteSink) -> None:
        if sink not in self._sinks:
            self._sinks.append(sink)

    def disconnect(self, sink: VoteSink) -> None:
        if sink in self._sinks:
            self._sinks.remove(sink)

    def submit(self, vote: Vote) -> None:
        """Hand ``vote`` to every connected sink."""
        for sink in list(self._sinks):
            sink(vote)
