"""Running the room server inside an asyncio loop that is already running (Textual's).

``AppRunner`` + ``TCPSite`` rather than ``web.run_app``: the loop belongs to the Textual
app, the server is only a guest in it and is cleaned up when the app ends.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass

from aiohttp import web

from klantkoning.web.app import make_room_app
from klantkoning.web.room import Limits, Room

DEFAULT_PORT = 8080
LOOPBACK = "127.0.0.1"
ANY_ADDRESS = ("0.0.0.0", "::", "")


def lan_address() -> str:
    """This machine's address on the local network, found without sending anything.

    ``connect`` on a UDP socket only picks the route (no packet leaves); the private
    address is never contacted. Without a network: ``127.0.0.1``.
    """
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.254.254.254", 1))
        address = str(probe.getsockname()[0])
    except OSError:
        return LOOPBACK
    finally:
        probe.close()
    return address if address and not address.startswith("0.") else LOOPBACK


@dataclass(frozen=True)
class RoomOptions:
    """How the room server is reached: address, port, room code (``None``: drawn)."""

    host: str | None = None
    port: int = DEFAULT_PORT
    code: str | None = None


class RoomServer:
    """One room and its web server; ``start`` in a running loop, ``stop`` before it ends."""

    def __init__(self, options: RoomOptions, *, limits: Limits | None = None) -> None:
        self.room = Room(options.code, limits=limits)
        self.host = options.host or lan_address()
        self.port = options.port
        self.app = make_room_app(self.room)
        self._runner: web.AppRunner | None = None
        self.failure: str | None = None
        """Why the server could not start (for the console), once it tried and failed."""

    @property
    def running(self) -> bool:
        return self._runner is not None

    @property
    def url(self) -> str:
        """The address phones use, ``http://192.168.1.20:8080``: found once when serving
        starts (the console shows it after every vote; the LAN lookup opens a socket)."""
        return self.room.public_url or self._address()

    def _address(self) -> str:
        host = self.host
        if host in ANY_ADDRESS:  # listening everywhere: phones use the LAN address
            host = lan_address()
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}"

    async def start(self) -> str:
        """Start serving; returns the URL. ``OSError`` when the address cannot be used."""
        if self._runner is not None:
            return self.url
        self.room.closing = False
        runner = web.AppRunner(
            self.app, access_log=None, handle_signals=False, shutdown_timeout=1.0
        )
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        try:
            await site.start()
        except OSError:
            await runner.cleanup()
            raise
        if self.port == 0:  # an ephemeral port (tests): ask which one we got
            for address in runner.addresses:
                self.port = int(address[1])
                break
        self.room.public_url = self._address()
        self._runner = runner
        return self.url

    async def stop(self) -> None:
        """Stop serving (open event streams are closed)."""
        runner, self._runner = self._runner, None
        if runner is not None:
            self.room.close()
            await runner.cleanup()
