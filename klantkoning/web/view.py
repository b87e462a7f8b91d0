"""What the room may see of a workshop, as the JSON of ``GET /api/state``.

Built from the workshop alone, the same for every caller: the spread (``tally``, ``teams``)
and the options' feedback only from the reveal on, and never a trainer's note or another
phone's vote. A phone's own vote is added by the caller that knows its seat.
"""

from __future__ import annotations

from typing import Any

from klantkoning.engine.workshop import Workshop, letter, summarize
from klantkoning.engine.workshop.phones import phone_ties
from klantkoning.i18n import t

API_VERSION = 1


def clean(text: str | None) -> str:
    """Authored text without control characters; pages escape it on top of that."""
    if not text:
        return ""
    out = "".join(ch for ch in text if ch in "\n\t" or (ord(ch) >= 32 and ord(ch) != 127))
    return out.strip()


def public_phase(workshop: Workshop | None) -> str:
    """``waiting`` (no session yet), ``vote``, ``reveal``, ``ending`` or ``end``."""
    if workshop is None:
        return "waiting"
    return "end" if workshop.phase == "done" else workshop.phase


def moment_number(workshop: Workshop) -> int:
    """The current moment's number within its scenario (1-based)."""
    return workshop.session.steps_taken + 1


def state_of(workshop: Workshop | None) -> dict[str, Any]:
    """The public state of the room."""
    phase = public_phase(workshop)
    out: dict[str, Any] = {"api": API_VERSION, "phase": phase}
    if workshop is None:
        out.update(
            mode=None, scenario=None, beat=None, options=[], votes_cast=0, team_names=[], joined=0
        )
        return out
    out["mode"] = workshop.mode
    out["team_names"] = list(workshop.teams)
    out["joined"] = len(workshop.room) if workshop.room else 0
    out["language"] = workshop.language
    scenario = workshop.scenario
    out["scenario"] = {
        "id": scenario.id,
        "title": clean(scenario.scenario.title),
        "number": workshop.current + 1,
        "of": len(workshop.agenda),
    }
    out["beat"] = None
    out["options"] = []
    out["votes_cast"] = 0
    record, beat = workshop.record, workshop.beat
    if phase in ("vote", "reveal") and record is not None and beat is not None:
        out["beat"] = {
            "id": record.beat_id,
            "number": moment_number(workshop),
            "text": clean(beat.text),
            "customer": clean(scenario.customer.name),
            "says": clean(beat.customer),
            "role": clean(scenario.scenario.role) if workshop.session.steps_taken == 0 else "",
        }
        hands = record.hands()
        out["votes_cast"] = sum(hands)
        options: list[dict[str, Any]] = []
        for pos, choice in enumerate(workshop.options):
            option: dict[str, Any] = {"letter": letter(pos), "text": clean(choice.text)}
            if phase == "reveal":
                option["feedback"] = clean(choice.feedback)
                option["reaction"] = clean(choice.reaction)
            options.append(option)
        out["options"] = options
        remaining = workshop.timer_remaining()
        out["timer"] = {
            "length": round(workshop.countdown.length),
            "remaining": round(remaining, 1),
            "running": workshop.countdown.running,
        }
        if phase == "reveal":
            majority = record.majority_of()
            # The counts that decide the majority, as the console and the report show them
            # (team mode: one vote per team, the trainer's typed one included); how many
            # people voted stays in votes_cast.
            out["tally"] = {letter(i): n for i, n in enumerate(record.tally())}
            out["hands"] = {letter(i): n for i, n in enumerate(hands)}  # every person
            if workshop.mode == "teams":
                out["teams"] = {v.team: letter(v.option) for v in record.votes.values()}
                out["ties"] = {team: tied for team, tied in phone_ties(record, workshop.teams)}
            out["majority"] = letter(majority.option)
            out["tie"] = majority.tie
            pick = record.pick
            out["follow"] = letter(majority.option if pick is None else pick)
    elif phase == "ending":
        out.update(ending_of(workshop))
    if phase == "end":
        out["scoreboard"] = scoreboard_of(workshop)
    return out


def ending_of(workshop: Workshop) -> dict[str, Any]:
    """How the room's play of the current scenario ended."""
    session = workshop.session
    ending = session.ending
    if ending is None:
        return {}
    outcome = session.result().outcome
    return {
        "ending": {
            "title": clean(ending.title),
            "text": clean(ending.text),
            "outcome": outcome,
            "outcome_text": t(f"outcome.{outcome}"),
            "outcome_line": t(f"outcome_line.{outcome}"),
        }
    }


def scoreboard_of(workshop: Workshop) -> dict[str, Any]:
    """The teams' places and totals, and how every scenario ended for the room."""
    board = summarize(workshop)
    teams = [
        {"place": place, "team": ts.team, "points": ts.total()}
        for place, ts in board.places(workshop.dimensions)
    ]
    outcomes = [
        {
            "title": clean(o.title),
            "ending": clean(o.ending_title),
            "outcome": o.outcome,
            "outcome_text": t(f"outcome.{o.outcome}") if o.outcome else "",
        }
        for o in board.outcomes
    ]
    return {"teams": teams if workshop.mode == "teams" else [], "outcomes": outcomes}
