"""Rebuilding a workshop from its file: replay the room's path through every scenario.

Kept apart from :mod:`.state` so the running workshop stays short; the class is passed in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from klantkoning.engine.format.dimensions import Dimensions
from klantkoning.engine.format.model import Scenario
from klantkoning.engine.play.session import PlayError, Session
from klantkoning.engine.workshop.codec import note_from_dict, read_datetime, record_from_dict
from klantkoning.engine.workshop.phones import Seats
from klantkoning.engine.workshop.records import (
    PHASES,
    WorkshopError,
    WorkshopSettings,
    valid_ident,
)
from klantkoning.engine.workshop.timer import Countdown

if TYPE_CHECKING:
    from klantkoning.engine.workshop.state import Workshop


def rebuild(
    cls: type[Workshop],
    data: Mapping[str, Any],
    lookup: Callable[[str], tuple[Scenario, str] | None],
    dimensions: Dimensions,
    clock: Callable[[], datetime],
    monotonic: Callable[[], float],
) -> tuple[Workshop, list[tuple[str, dict[str, object]]]]:
    """A workshop rebuilt from ``Workshop.to_dict`` data; see :meth:`Workshop.from_dict`."""
    notices: list[tuple[str, dict[str, object]]] = []
    agenda: list[tuple[Scenario, str]] = []
    saved_items = list(data["agenda"])
    for raw in saved_items:
        sid = str(raw["scenario"])
        found = lookup(sid)
        if found is None:
            raise WorkshopError("workshop.error.missing_scenario", scenario=sid)
        scenario, digest = found
        if raw.get("hash") and digest and raw["hash"] != digest:
            notices.append(("workshop.notice.changed", {"scenario": sid}))
        agenda.append((scenario, digest))
    settings = WorkshopSettings(
        mode=data["mode"],
        teams=tuple(str(t) for t in data.get("teams", [])),
        timer_seconds=int(data["timer_seconds"]),
        show_scores=bool(data.get("show_scores", True)),
    )
    created = read_datetime(data["created"])
    ws = cls(
        agenda,
        settings,
        dimensions=dimensions,
        clock=clock,
        monotonic=monotonic,
        created=created,
        ident=_ident(data["id"]),
        language=str(data.get("language", "nl")),
        _fresh=False,
    )
    phase = str(data["phase"])
    if phase not in PHASES:
        raise WorkshopError("workshop.error.broken", detail=f"phase {phase!r}")
    current = int(data["current"])
    if not 0 <= current < len(ws.agenda):
        raise WorkshopError("workshop.error.broken", detail=f"current {current}")
    ws.sessions = []
    by_scenario: dict[int, list[Mapping[str, Any]]] = {}
    records = list(data.get("beats", []))
    # Records belong to agenda items in order; an item's records are consecutive.
    item_index = 0
    for raw in records:
        while item_index < len(ws.agenda) and raw["scenario"] != ws.agenda[item_index].scenario_id:
            item_index += 1
        if item_index >= len(ws.agenda):
            raise WorkshopError("workshop.error.broken", detail="beat of no agenda item")
        by_scenario.setdefault(item_index, []).append(raw)
    for index in range(current + 1):
        item = ws.agenda[index]
        session = Session(item.scenario, dimensions)
        for raw in by_scenario.get(index, []):
            record = record_from_dict(raw)
            if record.beat_id != session.node:
                raise WorkshopError(
                    "workshop.error.replay", detail=f"{record.beat_id} != {session.node}"
                )
            visible = [vc.index for vc in session.visible_choices]
            if record.options != visible:
                notices.append(
                    (
                        "workshop.notice.options_changed",
                        {"scenario": item.scenario_id, "beat": record.beat_id},
                    )
                )
                if any(i >= len(session.beat.choices) for i in record.options if session.beat):
                    raise WorkshopError("workshop.error.replay", detail=record.beat_id)
            if record.followed is not None:
                try:
                    session.choose_index(record.options[record.followed])
                except (PlayError, IndexError) as exc:
                    raise WorkshopError("workshop.error.replay", detail=str(exc)) from exc
            ws.records.append(record)
        ws.sessions.append(session)
        raw_item = saved_items[index]
        if session.ended:
            result = session.result()
            item.ending = result.ending_id
            item.outcome = result.outcome
            if "finished" in raw_item:
                item.finished = read_datetime(raw_item["finished"])
    ws.current = current
    ws.phase = phase
    if "finished" in data:
        ws.finished = read_datetime(data["finished"])
    ws.updated = read_datetime(data.get("updated", created))
    ws.notes = [note_from_dict(n) for n in data.get("notes", [])]
    if "room" in data:
        ws.room = Seats.from_dict(data["room"])
    timer = data.get("timer", {})
    length = float(timer.get("length", settings.timer_seconds))
    remaining = float(timer.get("remaining", length))
    ws.countdown = Countdown(length, used=max(0.0, length - remaining))
    # The saved phase must agree with the replayed path.
    open_record = ws.record
    if phase in ("vote", "reveal") and (open_record is None or ws.session.ended):
        raise WorkshopError("workshop.error.broken", detail="no open beat")
    if phase in ("ending", "done") and open_record is not None:
        if phase == "done":
            ws.records.pop()
        else:
            raise WorkshopError("workshop.error.broken", detail="open beat at an ending")
    if phase == "ending" and not ws.session.ended:
        raise WorkshopError("workshop.error.broken", detail="ending not reached")
    return ws, notices


def _ident(value: object) -> str:
    """The id of a loaded workshop; it becomes a file name, so the slug rule or nothing."""
    if not valid_ident(value):
        raise WorkshopError("workshop.error.broken", detail="id")
    return str(value)
