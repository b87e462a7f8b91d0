"""The xAPI vocabulary klantkoning uses: ADL verbs, activity types, our IRIs, small helpers."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

VERSION = "1.0.3"

VERBS = {
    "initialized": "http://adlnet.gov/expapi/verbs/initialized",
    "answered": "http://adlnet.gov/expapi/verbs/answered",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
}
SIMULATION = "http://adlnet.gov/expapi/activities/simulation"
INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
MEETING = "http://adlnet.gov/expapi/activities/meeting"

_NAMESPACE = uuid.UUID("6f1c3e2a-6b5d-5c1e-9a47-6b6c616e746b")
"""Statement ids are derived from what they record, so recording a play twice (a
headless play recorded again, a resumed play) can never make a second statement."""


def verb(name: str) -> dict[str, object]:
    return {"id": VERBS[name], "display": {"en-US": name}}


def scenario_iri(base: str, scenario_id: str) -> str:
    return f"{base}/scenario/{scenario_id}"


def beat_iri(base: str, scenario_id: str, beat_id: str) -> str:
    return f"{base}/scenario/{scenario_id}/beat/{beat_id}"


def workshop_iri(base: str, workshop_id: str) -> str:
    return f"{base}/workshop/{workshop_id}"


def ext(base: str, name: str) -> str:
    """The IRI of one of our extensions (``mood-change``, ``scores`` …)."""
    return f"{base}/extension/{name}"


def statement_id(*parts: object) -> str:
    return str(uuid.uuid5(_NAMESPACE, "\x1f".join(str(p) for p in parts)))


def timestamp(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds")


def duration(length: timedelta) -> str:
    """ISO 8601 duration, as xAPI wants it: ``PT1M5.25S``."""
    seconds = max(0.0, length.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    out = "PT"
    if hours:
        out += f"{int(hours)}H"
    if minutes:
        out += f"{int(minutes)}M"
    return out + f"{round(secs, 2):g}S"


def lang_map(text: str, language: str) -> dict[str, str]:
    return {language or "nl": text}
