"""The Textual side of the room server: start it in the app's loop, tell the trainer.

The server is the app's (it outlives the workshop screen, so the projector still shows
the scoreboard); the workshop screen attaches its workshop to the server's room.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from klantkoning.i18n import t
from klantkoning.oserror import reason as os_reason
from klantkoning.web.server import RoomOptions, RoomServer

if TYPE_CHECKING:
    from klantkoning.ui.app import KlantkoningApp


def open_room(app: KlantkoningApp, options: RoomOptions | None) -> RoomServer:
    """The app's room server; made (and started in the background) the first time."""
    if app.room_server is not None:
        return app.room_server
    server = RoomServer(options or RoomOptions())
    app.room_server = server

    async def start() -> None:
        try:
            url = await server.start()
        except OSError as exc:
            server.failure = os_reason(exc)
            redraw_all()
            app.notify(
                t(
                    "room.console.failed",
                    host=server.host,
                    port=server.port,
                    detail=os_reason(exc),
                ),
                severity="error",
                timeout=30,
                markup=False,
            )
            return
        app.notify(
            t("room.console.started", url=url, code=server.room.code), timeout=15, markup=False
        )
        redraw_all()

    def redraw_all() -> None:
        for screen in app.screen_stack:
            redraw = getattr(screen, "redraw", None)
            if callable(redraw) and screen.is_mounted:
                redraw()

    app.run_worker(start(), name="room-server", group="room", exit_on_error=False)
    return server
