"""What every report format shares: the facts of a workshop, labelled in the active language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from klantkoning.engine.format.dimensions import GROUPS, Dimension
from klantkoning.engine.format.model import Choice
from klantkoning.engine.workshop import Workshop
from klantkoning.engine.workshop.summary import (
    BeatSummary,
    OutcomeSummary,
    Scoreboard,
    group_total,
)
from klantkoning.i18n import t

FORMATS: tuple[str, ...] = ("md", "html", "csv")
"""The report formats; each is also its file extension."""


def when(moment: datetime | None) -> str:
    """A moment as the group reads it: local time of this computer, ``2026-03-14 10:00 CET``."""
    if moment is None:
        return ""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M %Z").strip()


def clock(moment: datetime) -> str:
    """Just the local time of day, ``10:04``, for moments within the session."""
    return moment.astimezone().strftime("%H:%M")


def count_text(workshop: Workshop, n: int) -> str:
    """``1 stem`` / ``3 stemmen`` (teams) or ``1 hand`` / ``3 handen`` (whole room)."""
    kind = "hands" if workshop.mode == "room" else "votes"
    return t(f"report.{kind}_{'one' if n == 1 else 'many'}", n=n)


@dataclass(frozen=True)
class ScenarioPart:
    """One agenda item as the report tells it: its beats, the room's path, how it ended."""

    title: str
    outcome: OutcomeSummary
    beats: tuple[BeatSummary, ...]
    path: tuple[str, ...]
    """The letters the room followed, in order."""
    ending_questions: tuple[str, ...]

    @property
    def path_text(self) -> str:
        """The path as shown: ``A → C → B``, or a dash before the first decision."""
        return " → ".join(self.path) or "—"


def scenario_parts(workshop: Workshop, board: Scoreboard) -> list[ScenarioPart]:
    """The beats of ``board`` grouped per agenda item (a scenario may be on it twice)."""
    parts: list[ScenarioPart] = []
    start = 0
    for index, (item, outcome) in enumerate(zip(workshop.agenda, board.outcomes, strict=False)):
        session = workshop.sessions[index] if index < len(workshop.sessions) else None
        count = session.steps_taken if session is not None else 0
        if index == workshop.current:
            # The beat still being voted on, or one revealed when the session was ended.
            count = len(board.beats) - start
        beats = board.beats[start : start + count]
        start += count
        ending = session.ending if session is not None else None
        parts.append(
            ScenarioPart(
                item.scenario.scenario.title,
                outcome,
                tuple(beats),
                tuple(b.followed_letter for b in beats if b.followed_letter),
                tuple(ending.discuss) if ending is not None else (),
            )
        )
    return parts


def note_place(workshop: Workshop, scenario_id: str | None, beat_id: str | None) -> str:
    """Where a note was written, in words: ``De balie, moment 2``."""
    if scenario_id is None:
        return ""
    titles = {i.scenario_id: i.scenario.scenario.title for i in workshop.agenda}
    title = titles.get(scenario_id, scenario_id)
    if beat_id is None:
        return title
    number = 0
    for record in workshop.records:
        if record.scenario_id == scenario_id:
            number += 1
            if record.beat_id == beat_id:
                return t("report.note_place", scenario=title, n=number)
    return title


def signed(value: int) -> str:
    return f"+{value}" if value > 0 else str(value)


def effects(workshop: Workshop, choice: Choice) -> list[str]:
    """What a choice does, in words: the mood change, then the points per dimension."""
    out = [t("report.mood_change", mood=signed(choice.mood))]
    for dim_id, points in choice.score.items():
        out.append(f"{workshop.dimensions.label_of(dim_id)} {signed(points)}")
    return out


@dataclass(frozen=True)
class ScoreLine:
    """One row of the scoreboard table: a dimension (or a group total) per team and room."""

    label: str
    per_team: tuple[int, ...]
    room: int
    is_total: bool = False


def score_lines(workshop: Workshop, board: Scoreboard) -> list[ScoreLine]:
    """Dimensions grouped (principles, verleuken, values), each group followed by its total."""
    dims = workshop.dimensions
    lines: list[ScoreLine] = []
    for group in GROUPS:
        members: tuple[Dimension, ...] = dims.in_group(group)
        if not members:
            continue
        for dim in members:
            lines.append(
                ScoreLine(
                    dim.label(),
                    tuple(ts.score.get(dim.id, 0) for ts in board.teams),
                    board.room.get(dim.id, 0),
                )
            )
        if len(members) > 1:
            lines.append(
                ScoreLine(
                    t("report.group_total", group=t(f"group.{group}")),
                    tuple(group_total(ts.score, dims, group) for ts in board.teams),
                    group_total(board.room, dims, group),
                    is_total=True,
                )
            )
    lines.append(
        ScoreLine(
            t("report.total"),
            tuple(ts.total() for ts in board.teams),
            sum(board.room.values()),
            is_total=True,
        )
    )
    return lines


def mode_text(workshop: Workshop) -> str:
    return t(f"report.mode_{workshop.mode}")


def decision_text(workshop: Workshop, number: int) -> str:
    """How the room's path was decided at beat ``number`` (1-based), in one sentence."""
    record = workshop.records[number - 1]
    if record.followed is None:
        return t("report.not_decided")
    from klantkoning.engine.workshop.votes import letter

    followed, majority = letter(record.followed), letter(record.majority or 0)
    total = sum(record.tally())
    if record.override:
        return t("report.decided_override", option=followed, majority=majority)
    if total == 0:
        return t("report.decided_no_votes", option=followed)
    if record.tie:
        return t("report.decided_tie", option=followed)
    return t("report.decided_majority", option=followed)
