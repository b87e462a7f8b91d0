"""The one object between the room server's handlers and the engine's workshop.

Phones join and vote through it; their votes reach the workshop through a
:class:`PhoneVoteSource` (the engine's ``VoteSource`` protocol) and are written to the
workshop file before the phone hears "ok". Writes are grouped: every vote handled in the
same turn of the event loop shares one save, so sixty phones at once cost a few saves,
not sixty. Listeners (the projector's event stream, the trainer's console) are woken at
most once per turn as well.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from klantkoning.engine.workshop import ManualVoteSource, Vote, Workshop, WorkshopError
from klantkoning.engine.workshop.phones import new_code, valid_code
from klantkoning.engine.workshop.votes import letter
from klantkoning.web.view import state_of


class PhoneVoteSource(ManualVoteSource):
    """Votes from participants' phones: each :class:`Vote` carries the phone's seat."""


@dataclass(frozen=True)
class Limits:
    """How often one client may knock: a bucket of ``burst`` that refills ``per_second``."""

    join_burst: float = 120
    join_per_second: float = 2.0
    wrong_code_burst: float = 10
    wrong_code_per_second: float = 0.1
    vote_burst: float = 10
    vote_per_second: float = 2.0


class Bucket:
    """A token bucket per key (an address or a seat)."""

    def __init__(self, burst: float, per_second: float, clock: Callable[[], float]) -> None:
        self.burst = burst
        self.per_second = per_second
        self.clock = clock
        self._level: dict[str, tuple[float, float]] = {}

    def allow(self, key: str) -> bool:
        """Take one token for ``key``; ``False`` when its bucket is empty."""
        now = self.clock()
        level, then = self._level.get(key, (self.burst, now))
        level = min(self.burst, level + (now - then) * self.per_second)
        if len(self._level) > 10_000:  # a flood of addresses must not grow without end
            self._level.clear()
        if level < 1:
            self._level[key] = (level, now)
            return False
        self._level[key] = (level - 1, now)
        return True


class Refused(Exception):
    """A request the room refuses: an HTTP status and a catalogue message for the caller."""

    def __init__(self, status: int, code: str, **params: object) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.params = params


class Room:
    """The room of one workshop process: its code, the phones' votes, who to tell."""

    def __init__(
        self,
        code: str | None = None,
        *,
        limits: Limits | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if code is not None and not valid_code(code):
            raise ValueError(code)
        self.code = code or new_code()
        self.code_epoch = 0
        """Raised when the code changes (a resumed workshop keeps its own): the projector
        page, which shows the code and its QR, reloads when it sees a newer one."""
        self.workshop: Workshop | None = None
        self.source = PhoneVoteSource()
        self.version = 0
        self.public_url = ""
        self.closing = False
        """Set when the server stops: event streams end instead of waiting."""
        """Where phones reach the room (set by the server once it listens)."""
        self._save: Callable[[], None] = lambda: None
        self._listeners: list[Callable[[], None]] = []
        self._waiters: list[asyncio.Future[None]] = []
        self._flush_scheduled = False
        self._notify_scheduled = False
        self._event_payload: tuple[int, bytes] | None = None
        self._event = asyncio.Event()
        limits = limits or Limits()
        self._joins = Bucket(limits.join_burst, limits.join_per_second, clock)
        self._wrong = Bucket(limits.wrong_code_burst, limits.wrong_code_per_second, clock)
        self._votes = Bucket(limits.vote_burst, limits.vote_per_second, clock)
        self._bad_tokens = Bucket(limits.wrong_code_burst * 2, limits.join_per_second, clock)

    # -- the session --------------------------------------------------------------------

    def attach(self, workshop: Workshop, save: Callable[[], None]) -> None:
        """Serve ``workshop``; ``save`` writes it (the console's save, or a plain one).

        A resumed workshop keeps the code its phones joined with.
        """
        if self.workshop is not None and self.workshop is not workshop:
            self.source.disconnect(self.workshop.receive)
        self.workshop = workshop
        code = workshop.open_room(self.code).code
        if code != self.code:
            self.code, self.code_epoch = code, self.code_epoch + 1
        self._save = save
        workshop.listen(self.source)
        self.changed()

    def add_listener(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` (at most once per loop turn) after every change."""
        self._listeners.append(listener)

    def remove_listener(self, listener: Callable[[], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def event_payload(self) -> bytes:
        """The public state as one server-sent event, built once per version: after a vote
        every phone's stream and the projector's wake at once and send the same bytes."""
        cached = self._event_payload
        if cached is None or cached[0] != self.version:
            data = json.dumps(self.state(), ensure_ascii=False, separators=(",", ":"))
            cached = (self.version, f"retry: 2000\ndata: {data}\n\n".encode())
            self._event_payload = cached
        return cached[1]

    def state(self, token: str | None = None) -> dict[str, Any]:
        """The public state; with a known ``token`` also that phone's own seat and vote."""
        out = state_of(self.workshop)
        out["version"] = self.version
        out["code_epoch"] = self.code_epoch
        seat = self._seat(token) if token else None
        if seat is not None and self.workshop is not None:
            you: dict[str, Any] = {"team": seat.team}
            record = self.workshop.record
            mine = record.phones.get(seat.id) if record is not None else None
            if mine is not None and self.workshop.phase in ("vote", "reveal"):
                you["option"] = letter(mine.option)
            out["you"] = you
        return out

    def _seat(self, token: str) -> Any:
        ws = self.workshop
        return ws.room.find(token) if ws is not None and ws.room is not None else None

    # -- what phones do -----------------------------------------------------------------

    async def join(self, address: str, code: str, team: str | None) -> str:
        """A phone joins; returns its token (written to the workshop file first)."""
        if not self._joins.allow(address):
            raise Refused(429, "room.error.slow_down")
        ws = self.workshop
        if ws is None:
            raise Refused(409, "room.error.not_started")
        if code != self.code and not self._wrong.allow(address):
            raise Refused(429, "room.error.slow_down")
        try:
            _seat, token = ws.join(code, team)
        except WorkshopError as exc:
            status = 403 if exc.code == "room.error.code" else 400
            raise Refused(status, exc.code, **exc.params) from None
        await self.commit()
        return token

    async def vote(self, address: str, token: str, option: str) -> None:
        """A phone votes (or changes its vote); saved before this returns."""
        ws = self.workshop
        seat = self._seat(token) if token else None
        if seat is None:
            if not self._bad_tokens.allow(address):
                raise Refused(429, "room.error.slow_down")
            raise Refused(403, "room.error.token")
        if not self._votes.allow(seat.id):
            raise Refused(429, "room.error.slow_down")
        assert ws is not None
        if ws.phase != "vote" or ws.record is None:
            raise Refused(409, "room.error.closed_now")
        try:
            self.source.submit(Vote(seat.team, option.strip().upper(), seat=seat.id))
        except WorkshopError as exc:
            status = 400 if exc.code == "workshop.error.not_an_option" else 409
            raise Refused(status, exc.code, **exc.params) from None
        await self.commit()

    # -- saving and telling -------------------------------------------------------------

    async def commit(self) -> None:
        """Return once the workshop, as it is now, is in its file (one save per loop turn)."""
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[None] = loop.create_future()
        self._waiters.append(waiter)
        if not self._flush_scheduled:
            self._flush_scheduled = True
            loop.call_soon(self._flush)
        await waiter

    def _flush(self) -> None:
        self._flush_scheduled = False
        waiters, self._waiters = self._waiters, []
        try:
            self._save()
        except OSError as exc:  # the console tells the trainer; the phones get a 503
            for waiter in waiters:
                if not waiter.done():
                    waiter.set_exception(exc)
            return
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)
        self.changed()

    def changed(self) -> None:
        """Something changed: wake the listeners soon (once, however many changes)."""
        self.version += 1
        if self._notify_scheduled:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no loop (a test without a server): nobody is listening
            return
        self._notify_scheduled = True
        loop.call_soon(self._notify)

    def _notify(self) -> None:
        self._notify_scheduled = False
        event, self._event = self._event, asyncio.Event()
        event.set()
        for listener in list(self._listeners):
            listener()

    def close(self) -> None:
        """The server stops: wake every event stream so it can end at once."""
        self.closing = True
        self._event.set()

    async def wait_change(self, version: int, timeout: float) -> None:
        """Wait until the room is newer than ``version`` (or ``timeout`` seconds passed)."""
        if self.version != version or self.closing:
            return
        event = self._event
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), timeout)
