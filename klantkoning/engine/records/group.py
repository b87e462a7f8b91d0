"""The xAPI statements of a workshop: per revealed moment per team, and ``completed`` per team.

The actor is a Group named after the team (or "the room" in whole-room mode), identified
by an account made of the session and the team, never by a person: a workshop records
what a team decided together. Statement ids follow from the session, the moment and the
team, so sending the statements of a session again after every change adds nothing twice.
"""

from __future__ import annotations

from typing import Any

from klantkoning.engine.format.dimensions import Dimensions
from klantkoning.engine.records import xapi
from klantkoning.engine.records.config import LrsConfig
from klantkoning.engine.records.statements import (
    Statement,
    choice_activity,
    choice_id,
    dimension_list,
)
from klantkoning.engine.workshop.records import BeatRecord, slugify
from klantkoning.engine.workshop.state import Workshop
from klantkoning.engine.workshop.summary import summarize
from klantkoning.engine.workshop.votes import letter

ROOM = "zaal"
"""The one group of a whole-room session."""


def workshop_statements(workshop: Workshop, config: LrsConfig) -> list[Statement]:
    """Every statement the session has earned so far (moments the room moved on from,
    and, once it has ended, ``completed`` per team)."""
    out: list[Statement] = []
    for n, record in enumerate(workshop.records):
        if record.revealed is None:
            continue
        if record.finished is None and workshop.finished is None:
            continue  # still open: what the room follows is not known yet
        out.extend(_moment(workshop, config, n, record))
    if workshop.finished is not None or workshop.is_done:
        out.extend(_completed(workshop, config))
    return out


def _group(workshop: Workshop, config: LrsConfig, team: str) -> dict[str, Any]:
    return {
        "objectType": "Group",
        "name": team,
        "account": {
            "homePage": config.home_page,
            "name": f"workshop-{workshop.ident}-{slugify(team)}",
        },
    }


def _context(workshop: Workshop, config: LrsConfig, scenario_id: str | None) -> dict[str, Any]:
    base = config.activity_base
    parents = [_workshop_activity(workshop, config)]
    context: dict[str, Any] = {
        "registration": xapi.statement_id("workshop", workshop.ident),
        "language": workshop.language,
        "platform": "klantkoning",
        "contextActivities": {"parent": parents},
        "extensions": {
            xapi.ext(base, "dimensions"): dimension_list(workshop.dimensions),
            xapi.ext(base, "mode"): workshop.mode,
        },
    }
    if scenario_id is not None:
        item = next(i for i in workshop.agenda if i.scenario_id == scenario_id)
        context["revision"] = item.scenario_hash[:12] or "0"
        context["extensions"][xapi.ext(base, "content-hash")] = item.scenario_hash
        parents.append({"objectType": "Activity", "id": xapi.scenario_iri(base, scenario_id)})
    return context


def _workshop_activity(workshop: Workshop, config: LrsConfig) -> dict[str, Any]:
    titles = ", ".join(i.scenario.scenario.title for i in workshop.agenda)
    return {
        "objectType": "Activity",
        "id": xapi.workshop_iri(config.activity_base, workshop.ident),
        "definition": {
            "type": xapi.MEETING,
            "name": xapi.lang_map(f"Workshop: {titles}", workshop.language),
        },
    }


def _moment(workshop: Workshop, config: LrsConfig, n: int, record: BeatRecord) -> list[Statement]:
    base = config.activity_base
    item = next(i for i in workshop.agenda if i.scenario_id == record.scenario_id)
    scenario = item.scenario
    beat = scenario.beats[record.beat_id]
    choices = [beat.choices[i] for i in record.options]
    shown = [(i, c.text) for i, c in zip(record.options, choices, strict=True)]
    obj = choice_activity(base, scenario, record.beat_id, shown, scenario.scenario.language)
    tally = record.tally()
    followed = record.followed if record.followed is not None else record.majority_of().option
    shared: dict[str, Any] = {
        xapi.ext(base, "tally"): {letter(p): tally[p] for p in range(len(tally))},
        xapi.ext(base, "room-followed"): choice_id(record.options[followed]),
    }
    if workshop.mode == "teams":
        picks = [(team, vote.option) for team, vote in record.votes.items()]
    else:
        picks = [(ROOM, record.majority_of().option)] if sum(tally) else []
    out: list[Statement] = []
    when = record.revealed or record.started
    context = _context(workshop, config, scenario.id)  # the same for every team
    for team, option in picks:
        choice = choices[option]
        points = {d: p for d, p in choice.score.items() if d in workshop.dimensions}
        extensions: dict[str, Any] = dict(shared)
        extensions.update(
            {
                xapi.ext(base, "points"): points,
                xapi.ext(base, "mood-change"): choice.mood,
                xapi.ext(base, "letter"): letter(option),
            }
        )
        if choice.level:
            extensions[xapi.ext(base, "level")] = choice.level
        out.append(
            {
                "id": xapi.statement_id("workshop", workshop.ident, "moment", n, team),
                "actor": _group(workshop, config, team),
                "verb": xapi.verb("answered"),
                "object": obj,
                "result": {"response": choice_id(record.options[option]), "extensions": extensions},
                "context": context,
                "timestamp": xapi.timestamp(when),
            }
        )
    return out


def _completed(workshop: Workshop, config: LrsConfig) -> list[Statement]:
    base = config.activity_base
    board = summarize(workshop)
    dims: Dimensions = workshop.dimensions
    scores: list[tuple[str, dict[str, int]]]
    if workshop.mode == "teams":
        scores = [(ts.team, dict(ts.score)) for ts in board.teams]
    else:
        scores = [(ROOM, dict(board.room))]
    when = workshop.finished or workshop.updated
    outcomes = {o.scenario_id: o.outcome for o in board.outcomes if o.outcome}
    context = _context(workshop, config, None)
    out: list[Statement] = []
    for team, score in scores:
        out.append(
            {
                "id": xapi.statement_id("workshop", workshop.ident, "completed", team),
                "actor": _group(workshop, config, team),
                "verb": xapi.verb("completed"),
                "object": _workshop_activity(workshop, config),
                "result": {
                    "score": {"raw": sum(score.get(d, 0) for d in dims.ids)},
                    "completion": True,
                    "duration": xapi.duration(when - workshop.created),
                    "extensions": {
                        xapi.ext(base, "scores"): {d: score.get(d, 0) for d in dims.ids},
                        xapi.ext(base, "outcomes"): outcomes,
                    },
                },
                "context": context,
                "timestamp": xapi.timestamp(when),
            }
        )
    return out
