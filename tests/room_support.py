"""Shared helpers of the room tests: a workshop served by a room on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from workshop_support import fixture_library, new_workshop

from klantkoning.engine.workshop import Workshop, save_workshop
from klantkoning.web.room import Limits
from klantkoning.web.server import RoomOptions, RoomServer

CODE = "0421"
GENEROUS = Limits(join_burst=1000, vote_burst=1000, join_per_second=100, vote_per_second=100)


@asynccontextmanager
async def served(
    tmp_path: Path,
    workshop: Workshop | None = None,
    *,
    limits: Limits | None = None,
    **kwargs: object,
) -> AsyncIterator[tuple[RoomServer, Workshop]]:
    """A real room server on 127.0.0.1 (a free port) serving ``workshop``, saved in tmp."""
    ws = workshop or new_workshop(fixture_library(), **kwargs)  # type: ignore[arg-type]
    server = RoomServer(RoomOptions("127.0.0.1", 0, CODE), limits=limits or GENEROUS)
    server.room.attach(ws, lambda: save_workshop(ws, tmp_path))
    await server.start()
    try:
        yield server, ws
    finally:
        await server.stop()
