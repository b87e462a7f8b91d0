"""Phones in the room: the room code, seats (one per joined phone) and their votes.

A phone joins with the room code and gets a token; the workshop keeps only a hash of it,
in the workshop file, so after a crash and ``--resume`` the phone's old token still works.
In team mode a team's vote is the majority of its members' phones; a tie goes to the
earliest option, as every majority of the workshop does.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from klantkoning.engine.workshop.codec import read_datetime
from klantkoning.engine.workshop.records import (
    BeatRecord,
    Mode,
    PhoneVote,
    Seat,
    TeamVote,
    WorkshopError,
)
from klantkoning.engine.workshop.votes import Vote, letter

CODE_DIGITS = 4
MAX_SEATS = 500


def new_code() -> str:
    """A random room code of four digits (``0421``)."""
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def valid_code(code: str) -> bool:
    """Whether ``code`` has the form of a room code (four digits)."""
    return len(code) == CODE_DIGITS and code.isascii() and code.isdigit()


def token_hash(token: str) -> str:
    """What the workshop keeps of a token: its SHA-256, so the file alone lets nobody vote."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def codes_match(given: str, code: str) -> bool:
    """Compare a room code in constant time."""
    return hmac.compare_digest(given.encode("utf-8", "replace"), code.encode("utf-8"))


class Seats:
    """The phones that joined one workshop, by seat id and by token hash."""

    def __init__(self, code: str, seats: list[Seat] | None = None) -> None:
        self.code = code
        self.by_id: dict[str, Seat] = {}
        self._by_hash: dict[str, Seat] = {}
        for seat in seats or []:
            self._add(seat)

    def _add(self, seat: Seat) -> None:
        self.by_id[seat.id] = seat
        self._by_hash[seat.token_hash] = seat

    def join(
        self, code: str, team: str | None, mode: Mode, teams: tuple[str, ...], now: datetime
    ) -> tuple[Seat, str]:
        """A new seat for a phone; returns it and the token the phone keeps.

        ``WorkshopError`` with ``room.error.code`` for a wrong code, ``room.error.team`` for a
        team that is not in this workshop (or a team in whole-room mode is simply ignored).
        """
        if not codes_match(code, self.code):
            raise WorkshopError("room.error.code")
        if mode == "teams":
            if not team:
                raise WorkshopError("room.error.no_team")
            if team not in teams:
                raise WorkshopError("room.error.team", team=team)
        else:
            team = None
        if len(self.by_id) >= MAX_SEATS:
            raise WorkshopError("room.error.full", max=MAX_SEATS)
        token = secrets.token_urlsafe(18)
        seat = Seat(f"s{len(self.by_id) + 1}", token_hash(token), team, now)
        self._add(seat)
        return seat, token

    def find(self, token: str) -> Seat | None:
        """The seat of ``token``, or ``None``."""
        return self._by_hash.get(token_hash(token)) if token else None

    def __len__(self) -> int:
        return len(self.by_id)

    def to_dict(self) -> dict[str, Any]:
        seats: list[dict[str, Any]] = []
        for seat in self.by_id.values():
            raw: dict[str, Any] = {"id": seat.id, "token": seat.token_hash, "joined": seat.joined}
            if seat.team is not None:
                raw["team"] = seat.team
            seats.append(raw)
        return {"code": self.code, "seats": seats}

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Seats:
        code = str(raw["code"])
        if not valid_code(code):
            raise WorkshopError("workshop.error.broken", detail=f"room code {code!r}")
        seats = [
            Seat(
                str(s["id"]),
                str(s["token"]),
                str(s["team"]) if "team" in s else None,
                read_datetime(s["joined"]),
            )
            for s in raw.get("seats", [])
        ]
        return cls(code, seats)


def phone_vote(
    record: BeatRecord,
    vote: Vote,
    seat: Seat,
    pos: int,
    now: datetime,
) -> None:
    """Record a phone's vote; in team mode its team's vote becomes the phones' majority."""
    record.phones.pop(seat.id, None)
    record.phones[seat.id] = PhoneVote(seat.id, seat.team, pos, now)
    if seat.team is not None:
        current = record.votes.get(seat.team)
        if current is not None and current.typed:
            return  # the trainer typed this team's vote: the phone counts as a hand only
        follow_phones(record, seat.team, now)


def follow_phones(record: BeatRecord, team: str, now: datetime) -> None:
    """Make ``team``'s vote the majority of its phones (none: no vote)."""
    tied = _tied(record, team)
    if tied:
        option = tied[0]  # a tie: the earliest letter, as every workshop tie
        record.votes[team] = TeamVote(team, option, now)
    else:
        record.votes.pop(team, None)


def _tied(record: BeatRecord, team: str) -> list[int]:
    """The options most of ``team``'s phones chose (more than one: a tie); none voted: []."""
    counts = [0] * len(record.options)
    for phone in record.phones.values():
        if phone.team == team and 0 <= phone.option < len(counts):
            counts[phone.option] += 1
    best = max(counts, default=0)
    return [i for i, n in enumerate(counts) if n == best] if best else []


def phone_ties(record: BeatRecord, teams: tuple[str, ...]) -> list[tuple[str, list[str]]]:
    """Teams whose phones tie, with the tied letters (the console says how it was broken)."""
    out: list[tuple[str, list[str]]] = []
    for team in teams:
        tied = _tied(record, team)
        if len(tied) > 1:
            out.append((team, [letter(i) for i in tied]))
    return out
