"""``make_room_app``: the aiohttp application of the room (pages, JSON API, event stream).

Handlers are thin: they check the request, ask the :class:`Room` and answer with JSON or a
page. Every refusal is a JSON ``{"error", "message"}`` with its status; an unexpected
error is a plain 500, never a traceback on the trainer's console.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from klantkoning.i18n import t
from klantkoning.web.pages import STATIC_DIR, phone_page, screen_page
from klantkoning.web.room import Refused, Room

ROOM_KEY = web.AppKey("room", Room)
MAX_BODY = 4096
MAX_FIELD = 200
EVENT_HEARTBEAT = 15.0
LOG = logging.getLogger("klantkoning.web")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def make_room_app(room: Room) -> web.Application:
    """The room's web application serving ``room`` (its ``public_url`` goes in the QR code)."""
    app = web.Application(client_max_size=MAX_BODY, middlewares=[_errors])
    app[ROOM_KEY] = room
    app.router.add_get("/", _phone)
    app.router.add_get("/screen", _screen)
    app.router.add_get("/api/state", _state)
    app.router.add_post("/api/join", _join)
    app.router.add_post("/api/vote", _vote)
    app.router.add_get("/api/events", _events)
    app.router.add_get("/favicon.ico", _no_icon)
    app.router.add_static("/static/", STATIC_DIR, show_index=False, follow_symlinks=False)
    return app


def _error(status: int, code: str, **params: object) -> web.Response:
    return web.json_response({"error": code, "message": t(code, **params)}, status=status)


@web.middleware
async def _errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        response = await handler(request)
    except Refused as exc:
        response = _error(exc.status, exc.code, **exc.params)
        if exc.status == 429:
            response.headers["Retry-After"] = "2"
    except web.HTTPException:
        raise
    except OSError:
        # The workshop file could not be written: the console already tells the trainer.
        response = _error(503, "room.error.not_saved")
    except Exception:  # never a traceback in the console: logged for a developer only
        LOG.debug("room request failed", exc_info=True)
        response = _error(500, "room.error.internal")
    # The pages are made by the room itself: no frames, no outside sources, no guessing.
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Cache-Control", "no-store")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    return response


def _address(request: web.Request) -> str:
    return request.remote or "?"


async def _body(request: web.Request) -> dict[str, Any]:
    """The request's JSON object; ``Refused`` (400) for anything else."""
    try:
        data = await request.json()
    except (ValueError, UnicodeDecodeError):
        raise Refused(400, "room.error.bad_json") from None
    if not isinstance(data, dict):
        raise Refused(400, "room.error.bad_json")
    return data


def _text(data: dict[str, Any], name: str, *, required: bool = True) -> str | None:
    value = data.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_FIELD:
        raise Refused(400, "room.error.bad_field", field=name)
    return value.strip()


async def _phone(request: web.Request) -> web.Response:
    return web.Response(text=phone_page(), content_type="text/html", charset="utf-8")


async def _no_icon(request: web.Request) -> web.Response:
    # Browsers ask for it on every page; "no content" instead of a 404 in their console.
    return web.Response(status=204)


async def _screen(request: web.Request) -> web.Response:
    room = request.app[ROOM_KEY]
    url = room.public_url or f"{request.scheme}://{request.host}"
    html = screen_page(url, room.code, room.code_epoch)
    return web.Response(text=html, content_type="text/html", charset="utf-8")


async def _state(request: web.Request) -> web.Response:
    token = request.query.get("token", "")[:MAX_FIELD]
    return web.json_response(request.app[ROOM_KEY].state(token or None))


async def _join(request: web.Request) -> web.Response:
    data = await _body(request)
    code = _text(data, "code")
    team = _text(data, "team", required=False)
    assert code is not None
    token = await request.app[ROOM_KEY].join(_address(request), code, team)
    return web.json_response({"token": token})


async def _vote(request: web.Request) -> web.Response:
    data = await _body(request)
    token, option = _text(data, "token"), _text(data, "option")
    assert token is not None and option is not None
    room = request.app[ROOM_KEY]
    await room.vote(_address(request), token, option)
    return web.json_response({"ok": True, "option": option.upper()})


async def _events(request: web.Request) -> web.StreamResponse:
    """Server-sent events: the public state after every change (and a heartbeat)."""
    room = request.app[ROOM_KEY]
    response = web.StreamResponse(
        headers={
            "Content-Type": "text/event-stream; charset=utf-8",
            "Cache-Control": "no-store",
            "X-Accel-Buffering": "no",
        }
    )
    await response.prepare(request)
    version = -1
    try:
        while not room.closing:
            await room.wait_change(version, EVENT_HEARTBEAT)
            if room.closing:
                break
            if room.version == version:
                await response.write(b": still here\n\n")
                continue
            version = room.version
            await response.write(room.event_payload())
    except (ConnectionResetError, ConnectionError):
        pass
    return response
