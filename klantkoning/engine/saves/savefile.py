"""The save file format (version 2): a profile as human-readable TOML, and back.

Written with tomli-w (short lists kept on one line), read with tomllib and checked by
strict pydantic models: a file whose structure is wrong is unreadable, never half-used.
Times are TOML date-times in UTC. Format 2 adds ``attempt_count``, written above the
attempts, so a file cut off at an ``[[attempts]]`` boundary is detected instead of
silently losing the attempts after the cut; format 1 files (without it) are still read.
A file looks like this::

    format = 2
    name = "[bold]Anna[/] 🎉"          # exactly as typed
    created = 2026-11-22 06:12:42+00:00
    attempt_count = 1                  # how many [[attempts]] follow

    [settings]
    feedback_mode = "direct"           # or "exam"; theme = "..." when chosen
    shuffle = true                     # options in an order of their own per attempt

    [unfinished]                       # the play in progress, if any
    scenario_id = "doorbakken-entrecote"
    scenario_hash = "9f2c…"            # sha256 of the scenario file it was started on
    started = 2026-11-22 07:00:00.123456+00:00
    mode = "exam"                      # the feedback mode it started in (it goes on in it)
    seed = 81273                       # the order its options are shown in (none: file order)
    practice = true                    # only when played on from a decision of another play

    [unfinished.state]                 # Session.to_dict()
    version = 1
    scenario = "doorbakken-entrecote"
    history = [["bestelling", 0]]

    [[attempts]]                       # one per finished play, oldest first
    scenario_id = "doorbakken-entrecote"
    scenario_hash = "9f2c…"
    started = 2026-11-22 06:20:01.532210+00:00   # with scenario_id: the attempt's key
    finished = 2026-11-22 06:24:13+00:00
    mode = "direct"                    # "direct", "exam" or "headless"
    seed = 81273                       # the order the options were shown in, if shuffled
    ending = "tevreden"
    outcome = "enthousiast"
    mood = 4
    start_mood = 0
    lowest_mood = -2
    recovered = true
    choices = [2, 1]                   # visible numbers in file order (as play --path takes them)
    path = ["bestelling", "gepikeerd", "tevreden"]
    history = [["bestelling", 1], ["gepikeerd", 0]]   # (beat, index of the choice in the file)

    [attempts.score]
    herstel = 2
    verwonderen = 1
"""

from __future__ import annotations

import tomllib
from datetime import datetime
from typing import Annotated, Any

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, Strict, StrictBool, StrictInt, StrictStr
from pydantic import ValidationError as _ValidationError

from klantkoning.engine.format.model import Outcome
from klantkoning.engine.format.source import Unreadable as _UnreadableSource
from klantkoning.engine.format.source import parse_toml
from klantkoning.engine.saves.data import (
    Attempt,
    FeedbackMode,
    Profile,
    Settings,
    Unfinished,
    merge_attempts,
    to_utc,
)
from klantkoning.i18n import t

SAVE_FORMAT = 2
READABLE_FORMATS = (1, 2)
"""Format 1 had no ``attempt_count``; it is read as it always was."""
_HEADER = (
    "# klantkoning - spelersbestand / player save (format 2).\n"
    "# Leesbaar met elke teksteditor; bewerk het alleen als het spel niet draait.\n\n"
)


StrictDatetime = Annotated[datetime, Strict()]
"""A TOML date-time; a string, a number or a bare date is a wrong structure."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _SettingsFile(_Strict):
    feedback_mode: FeedbackMode = "direct"
    theme: StrictStr | None = None
    shuffle: StrictBool = True


class _AttemptFile(_Strict):
    scenario_id: Annotated[StrictStr, Field(min_length=1)]
    scenario_hash: StrictStr
    started: StrictDatetime
    finished: StrictDatetime
    mode: StrictStr = "direct"
    ending: StrictStr
    outcome: Outcome
    mood: StrictInt
    start_mood: StrictInt
    lowest_mood: StrictInt
    recovered: StrictBool
    choices: list[StrictInt]
    path: list[StrictStr]
    history: list[tuple[StrictStr, StrictInt]]
    score: dict[StrictStr, StrictInt] = Field(default_factory=dict)
    seed: StrictInt | None = None  # saves from before the field: file order
    practice: StrictBool = False


class _UnfinishedFile(_Strict):
    scenario_id: Annotated[StrictStr, Field(min_length=1)]
    scenario_hash: StrictStr
    started: StrictDatetime
    mode: FeedbackMode = "direct"  # saves from before the field: played with feedback
    seed: StrictInt | None = None
    practice: StrictBool = False
    state: dict[StrictStr, Any]


class _SaveFile(_Strict):
    format: StrictInt
    name: Annotated[StrictStr, Field(min_length=1)]
    created: StrictDatetime
    attempt_count: StrictInt | None = None
    settings: _SettingsFile = Field(default_factory=_SettingsFile)
    unfinished: _UnfinishedFile | None = None
    attempts: list[_AttemptFile] = Field(default_factory=list)


class Unreadable(Exception):
    """A save file that cannot be used; ``reason`` says why (for the notice)."""

    def __init__(self, reason: str, newer: int | None = None, name: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.newer = newer
        self.name = name


def parse_save(text: str, slug: str) -> Profile:
    """A profile from the text of a save file.

    Raises:
        Unreadable: bad TOML, wrong structure, or a format from a newer version.
    """
    try:
        # The one safe TOML reader: syntax errors, 4,300-digit numbers, deep nesting and
        # long dotted keys all come back as a located problem, never as an exception.
        raw = parse_toml(text, slug)
    except _UnreadableSource as exc:
        problem = exc.problem
        message = problem.message.rstrip(".")  # it stands in brackets inside a sentence
        if problem.line is None:
            raise Unreadable(message) from None
        column = problem.column or 1
        reason = t("saves.reason.toml", line=problem.line, column=column, message=message)
        raise Unreadable(reason) from None
    version = raw.get("format")
    if isinstance(version, int) and not isinstance(version, bool) and version > SAVE_FORMAT:
        name = raw.get("name")
        raise Unreadable("newer", newer=version, name=name if isinstance(name, str) else None)
    if version not in READABLE_FORMATS or isinstance(version, bool):
        raise Unreadable(t("saves.reason.format", found=_short(version), expected=SAVE_FORMAT))
    try:
        data = _SaveFile.model_validate(raw)
    except _ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise Unreadable(t("saves.reason.structure", where=where)) from None
    except Exception:  # whatever the file holds, never a traceback
        raise Unreadable(t("saves.reason.structure", where="")) from None
    _check_count(data, version)
    unfinished = None
    if data.unfinished is not None:
        u = data.unfinished
        unfinished = Unfinished(
            u.scenario_id,
            u.scenario_hash,
            to_utc(u.started),
            dict(u.state),
            u.mode,
            seed=u.seed,
            practice=u.practice,
        )
    attempts = [_attempt(a) for a in data.attempts]
    return Profile(
        name=data.name,
        slug=slug,
        created=to_utc(data.created),
        settings=Settings(data.settings.feedback_mode, data.settings.theme, data.settings.shuffle),
        attempts=merge_attempts(attempts, []),
        unfinished=unfinished,
    )


def _short(value: object) -> str:
    """A value from the file for a message: short, and no control characters."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _check_count(data: _SaveFile, version: int) -> None:
    """A format 2 file says how many attempts it holds: fewer means it was cut off."""
    if version < 2 and data.attempt_count is None:
        return
    found = len(data.attempts)
    if data.attempt_count is None or data.attempt_count != found:
        expected = "?" if data.attempt_count is None else data.attempt_count
        raise Unreadable(t("saves.reason.truncated", expected=expected, found=found))


def _attempt(a: _AttemptFile) -> Attempt:
    """The attempt a file entry holds: ``_AttemptFile`` has exactly ``Attempt``'s fields."""
    fields = a.model_dump()  # copies of the lists and the score; history as tuples
    return Attempt(**fields | {"started": to_utc(a.started), "finished": to_utc(a.finished)})


def _attempt_dict(a: Attempt) -> dict[str, Any]:
    return {
        "scenario_id": a.scenario_id,
        "scenario_hash": a.scenario_hash,
        "started": to_utc(a.started),
        "finished": to_utc(a.finished),
        "mode": a.mode,
        "ending": a.ending,
        "outcome": a.outcome,
        "mood": a.mood,
        "start_mood": a.start_mood,
        "lowest_mood": a.lowest_mood,
        "recovered": a.recovered,
        "choices": list(a.choices),
        "path": list(a.path),
        "history": [[beat, index] for beat, index in a.history],
        "score": dict(a.score),
        "seed": a.seed,
        # Written only when true: a save without it reads as an ordinary attempt.
        "practice": True if a.practice else None,
    }


def _drop_none(value: Any) -> Any:
    # TOML has no null: leave keys without a value out.
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_drop_none(v) for v in value if v is not None]
    return value


def dump_save(profile: Profile) -> str:
    """The text of ``profile``'s save file (TOML, ``format = 1``)."""
    data: dict[str, Any] = {
        "format": SAVE_FORMAT,
        "name": profile.name,
        "created": to_utc(profile.created),
        "settings": {
            "feedback_mode": profile.settings.feedback_mode,
            "theme": profile.settings.theme,
            "shuffle": profile.settings.shuffle,
        },
    }
    if profile.unfinished is not None:
        u = profile.unfinished
        data["unfinished"] = {
            "scenario_id": u.scenario_id,
            "scenario_hash": u.scenario_hash,
            "started": to_utc(u.started),
            "mode": u.mode,
            "seed": u.seed,
            "practice": True if u.practice else None,
            "state": _drop_none(dict(u.state)),
        }
    data["attempt_count"] = len(profile.attempts)
    data["attempts"] = [_attempt_dict(a) for a in profile.attempts]
    data = _drop_none(data)
    plain = tomli_w.dumps(data)
    compact = _compact_arrays(plain)
    # The compact layout is only cosmetic: keep it only when it reads back the same.
    try:
        same = compact == plain or tomllib.loads(compact) == data
    except tomllib.TOMLDecodeError:  # pragma: no cover - a safety net
        same = False
    return _HEADER + (compact if same else plain)


def _compact_arrays(text: str) -> str:
    """Put tomli-w's one-item-per-line arrays on one line (``path = ["a", "b"]``); an array
    longer than a line gets one top-level item per line."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.endswith(" = [") or line.startswith(" "):
            out.append(line)
            i += 1
            continue
        j = i + 1
        while j < len(lines) and lines[j] != "]":
            j += 1
        if j == len(lines):  # pragma: no cover - tomli-w always closes its arrays
            out.append(line)
            i += 1
            continue
        items: list[str] = []
        current = ""
        depth = 0
        for piece in (p.strip() for p in lines[i + 1 : j]):
            piece = piece.removesuffix(",")
            if piece == "[":
                current += ("" if current.endswith("[") or not current else ", ") + "["
                depth += 1
            elif piece == "]":
                current += "]"
                depth -= 1
            else:
                current += ("" if current.endswith("[") or not current else ", ") + piece
            if depth == 0:
                items.append(current)
                current = ""
        one_line = f"{line}{', '.join(items)}]"
        if len(one_line) <= 100:
            out.append(one_line)
        else:
            out.append(line)
            out.extend(f"    {item}," for item in items)
            out.append("]")
        i = j + 1
    return "\n".join(out)
