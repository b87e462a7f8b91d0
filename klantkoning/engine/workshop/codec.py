"""Workshop records <-> the plain data of the workshop file (TOML has no null)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from klantkoning.engine.workshop.records import (
    AgendaItem,
    BeatRecord,
    Note,
    OptionCount,
    PhoneVote,
    TeamVote,
    WorkshopError,
)
from klantkoning.engine.workshop.votes import letter, position


def read_datetime(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    parsed = datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def item_to_dict(item: AgendaItem) -> dict[str, Any]:
    out: dict[str, Any] = {
        "scenario": item.scenario_id,
        "title": item.scenario.scenario.title,
        "hash": item.scenario_hash,
    }
    if item.ending is not None:
        out["ending"] = item.ending
    if item.outcome is not None:
        out["outcome"] = item.outcome
    if item.finished is not None:
        out["finished"] = item.finished
    return out


def record_to_dict(record: BeatRecord) -> dict[str, Any]:
    out: dict[str, Any] = {
        "scenario": record.scenario_id,
        "beat": record.beat_id,
        "options": list(record.options),
        "letters": [letter(i) for i in range(len(record.options))],
        "started": record.started,
    }
    if record.revealed is not None:
        out["revealed"] = record.revealed
    if record.finished is not None:
        out["finished"] = record.finished
    if record.followed is not None:
        out["followed"] = letter(record.followed)
        out["majority"] = letter(record.majority if record.majority is not None else 0)
        out["tie"] = record.tie
        out["override"] = record.override
    out["votes"] = [
        {"team": v.team, "option": letter(v.option), "time": v.time}
        | ({"typed": True} if v.typed else {})
        for v in record.votes.values()
    ]
    out["counts"] = [
        {"option": letter(c.option), "count": c.count, "time": c.time}
        for c in record.counts.values()
    ]
    if record.pick is not None:
        out["pick"] = letter(record.pick)
    if record.phones:
        out["phones"] = [_phone_to_dict(p) for p in record.phones.values()]
    return out


def _phone_to_dict(vote: PhoneVote) -> dict[str, Any]:
    out: dict[str, Any] = {"seat": vote.seat, "option": letter(vote.option), "time": vote.time}
    if vote.team is not None:
        out["team"] = vote.team
    return out


def record_from_dict(raw: Mapping[str, Any]) -> BeatRecord:
    record = BeatRecord(
        scenario_id=str(raw["scenario"]),
        beat_id=str(raw["beat"]),
        options=[int(i) for i in raw["options"]],
        started=read_datetime(raw["started"]),
    )
    if "revealed" in raw:
        record.revealed = read_datetime(raw["revealed"])
    if "finished" in raw:
        record.finished = read_datetime(raw["finished"])
    if "followed" in raw:
        record.followed = _pos(raw["followed"], len(record.options))
        record.majority = _pos(raw.get("majority", "A"), len(record.options))
        record.tie = bool(raw.get("tie", False))
    for v in raw.get("votes", []):
        team = str(v["team"])
        record.votes[team] = TeamVote(
            team,
            _pos(v["option"], len(record.options)),
            read_datetime(v["time"]),
            typed=v.get("typed") is True,
        )
    for c in raw.get("counts", []):
        pos = _pos(c["option"], len(record.options))
        record.counts[pos] = OptionCount(pos, int(c["count"]), read_datetime(c["time"]))
    if "pick" in raw:
        record.pick = _pos(raw["pick"], len(record.options))
    for p in raw.get("phones", []):
        seat_team = str(p["team"]) if "team" in p else None
        seat = str(p["seat"])
        pos = _pos(p["option"], len(record.options))
        record.phones[seat] = PhoneVote(seat, seat_team, pos, read_datetime(p["time"]))
    return record


def _pos(value: Any, count: int) -> int:
    pos = position(str(value))
    if not 0 <= pos < count:
        raise WorkshopError("workshop.error.broken", detail=f"option {value!r}")
    return pos


def note_to_dict(note: Note) -> dict[str, Any]:
    out: dict[str, Any] = {"time": note.time, "text": note.text}
    if note.scenario_id:
        out["scenario"] = note.scenario_id
    if note.beat_id:
        out["beat"] = note.beat_id
    return out


def note_from_dict(raw: Mapping[str, Any]) -> Note:
    return Note(
        read_datetime(raw["time"]),
        str(raw["text"]),
        str(raw["scenario"]) if "scenario" in raw else None,
        str(raw["beat"]) if "beat" in raw else None,
    )
