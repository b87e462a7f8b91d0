"""The game in a browser through textual-serve, with a page of our own.

textual-serve's own page loads its font from Google; ours declares the Roboto Mono that
textual-serve ships in its static folder (and falls back to the system's monospace), so
the page works in a training room without internet. Every browser that opens the page
gets its own app process; closing the tab quits it (textual-serve sends it "quit" when
the websocket closes). A bell from the game (``App.bell``) sounds in the browser: the
page listens for the BEL byte in the terminal stream and plays a short tone itself.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Any

from aiohttp import web
from textual_serve.server import Server

from klantkoning.i18n import get_language, t

TEMPLATES = Path(__file__).parent / "templates"


def app_command(scenarios: str | None, saves: str | None, lang: str | None) -> str:
    """The shell command that starts one game for one browser (``exec``: no shell stays
    between the server and the game, so "quit" reaches the game itself)."""
    argv = [sys.executable, "-m", "klantkoning"]
    if scenarios:
        argv += ["--scenarios", scenarios]
    if saves:
        argv += ["--saves", saves]
    if lang:
        argv += ["--lang", lang]
    return "exec " + shlex.join(argv)


class GameServer(Server):
    """textual-serve's server with our page, URLs taken from the browser's own request."""

    def __init__(self, command: str, host: str, port: int) -> None:
        # textual-serve joins these to its own folder; an absolute path stays ours.
        super().__init__(command, host=host, port=port, title="Klantkoning",
                         templates_path=TEMPLATES)  # fmt: skip
        self._sockets: set[web.WebSocketResponse] = set()

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """textual-serve's handler, with every open browser known, so that stopping the
        server (Ctrl+C) closes each one and with it its game (textual-serve waits for
        browsers to leave on their own)."""
        import asyncio
        import logging

        from textual_serve.app_service import AppService
        from textual_serve.server import to_int

        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        app_service: AppService | None = None
        try:
            await websocket.prepare(request)
            self._sockets.add(websocket)
            app_service = AppService(
                self.command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,  # type: ignore[arg-type]  # as textual-serve does
                download_manager=self.download_manager,
                debug=self.debug,
            )
            await app_service.start(width, height)
            await self._process_messages(websocket, app_service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # a broken session must not stop the server
            logging.getLogger("textual-serve").exception(error)
        finally:
            self._sockets.discard(websocket)
            if app_service is not None:
                await app_service.stop()  # "quit" to the game, then wait for it to end
        return websocket

    async def on_shutdown(self, app: web.Application) -> None:
        from aiohttp import WSCloseCode

        for websocket in list(self._sockets):
            await websocket.close(code=WSCloseCode.GOING_AWAY)

    async def handle_index(self, request: web.Request) -> Any:
        """Our page: static files and the websocket on the host the browser used (so a
        server on 0.0.0.0 works for every machine in the room)."""
        import aiohttp_jinja2

        origin = f"{request.scheme}://{request.host}"
        ws_scheme = "wss" if request.scheme == "https" else "ws"
        font_size = request.query.get("fontsize", "16")
        context = {
            "font_size": int(font_size) if font_size.isdigit() else 16,
            "app_websocket_url": f"{ws_scheme}://{request.host}/ws",
            "config": {"static": {"url": f"{origin}/static/"}},
            "application": {"name": "Klantkoning"},
            "lang": get_language(),
            "text": {
                "start": t("install.serve.start"),
                "ended": t("install.serve.ended"),
                "restart": t("install.serve.restart"),
                "loading": t("install.serve.loading"),
            },
        }
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    async def on_startup(self, app: web.Application) -> None:
        self.console.print(t("install.serve.serving", url=self.public_url), highlight=False,
                           markup=False)  # fmt: skip
        self.console.print(t("install.serve.quit_hint"), highlight=False, markup=False)
