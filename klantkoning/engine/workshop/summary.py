"""What a workshop adds up to: the scoreboard, the room's outcomes, the levels, the questions.

Used by the scoreboard screen and by every report, so they always show the same numbers.
A team scores the points of the options it voted for, at every revealed beat.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from klantkoning.engine.format.dimensions import Dimensions, Group
from klantkoning.engine.format.model import LEVELS, Choice
from klantkoning.engine.workshop.records import BeatRecord
from klantkoning.engine.workshop.state import Workshop
from klantkoning.engine.workshop.votes import letter


def add_points(total: dict[str, int], choice: Choice) -> None:
    for dim, points in choice.score.items():
        total[dim] = total.get(dim, 0) + points


def group_total(score: dict[str, int], dimensions: Dimensions, group: Group) -> int:
    """The sum of ``score`` over the dimensions of ``group``."""
    return sum(score.get(d.id, 0) for d in dimensions.in_group(group))


@dataclass(frozen=True)
class TeamScore:
    """One team's points per dimension (the sum of the options it voted for)."""

    team: str
    score: dict[str, int]
    votes: int

    def total(self) -> int:
        return sum(self.score.values())


@dataclass(frozen=True)
class OptionSummary:
    """One option of a beat as the reveal shows it."""

    letter: str
    index: int
    choice: Choice
    votes: int
    teams: tuple[str, ...]
    followed: bool


@dataclass(frozen=True)
class BeatSummary:
    """One played beat: its options, the spread, what the room followed and why."""

    number: int
    record: BeatRecord
    scenario_title: str
    options: tuple[OptionSummary, ...]
    discuss: tuple[str, ...]

    @property
    def followed_letter(self) -> str | None:
        r = self.record
        return letter(r.followed) if r.followed is not None else None


@dataclass(frozen=True)
class OutcomeSummary:
    """How the room's play of one scenario ended (``ending_id`` None: not finished)."""

    scenario_id: str
    title: str
    ending_id: str | None
    ending_title: str
    ending_text: str
    outcome: str | None
    mood: int
    start_mood: int
    score: dict[str, int]


@dataclass(frozen=True)
class LevelUse:
    """One of the seven levels and the followed choices that acted on it."""

    level: str
    choices: tuple[str, ...]


@dataclass(frozen=True)
class VoteRow:
    """One vote (team mode) or one option's count (room mode): a CSV row."""

    session: str
    scenario_id: str
    beat_number: int
    beat_id: str
    team: str
    option: str
    count: int
    choice: Choice
    followed: bool
    time: datetime


@dataclass(frozen=True)
class Scoreboard:
    """Everything the end of a workshop shows and every report writes."""

    teams: tuple[TeamScore, ...]
    room: dict[str, int]
    outcomes: tuple[OutcomeSummary, ...]
    levels: tuple[LevelUse, ...]
    questions: tuple[str, ...]
    beats: tuple[BeatSummary, ...]
    rows: tuple[VoteRow, ...]

    def ranking(self, dimensions: Dimensions) -> list[TeamScore]:
        """Teams from most to fewest points in total (ties keep the set-up order)."""
        return sorted(self.teams, key=lambda ts: -ts.total())

    def places(self, dimensions: Dimensions) -> list[tuple[int, TeamScore]]:
        """The ranking with places; equal totals share a place (1, 1, 3)."""
        out: list[tuple[int, TeamScore]] = []
        for n, ts in enumerate(self.ranking(dimensions), start=1):
            tied = out and out[-1][1].total() == ts.total()
            out.append((out[-1][0] if tied else n, ts))
        return out


def summarize(workshop: Workshop, *, revealed_only: bool = True) -> Scoreboard:
    """The scoreboard of ``workshop`` so far.

    With ``revealed_only`` (the default) votes of a beat still being voted on do not count,
    so a live scoreboard never gives the vote away.
    """
    dims = workshop.dimensions
    team_scores: dict[str, dict[str, int]] = {t: dict.fromkeys(dims.ids, 0) for t in workshop.teams}
    team_votes = dict.fromkeys(workshop.teams, 0)
    beats: list[BeatSummary] = []
    rows: list[VoteRow] = []
    level_choices: dict[str, list[str]] = {lv: [] for lv in LEVELS}
    questions: list[str] = []
    titles = {item.scenario_id: item.scenario.scenario.title for item in workshop.agenda}
    scenarios = {item.scenario_id: item.scenario for item in workshop.agenda}

    for number, record in enumerate(workshop.records, start=1):
        scenario = scenarios[record.scenario_id]
        beat = scenario.beats[record.beat_id]
        counted = record.revealed is not None or not revealed_only
        tally = record.tally()
        options: list[OptionSummary] = []
        for pos, index in enumerate(record.options):
            choice = beat.choices[index]
            teams = tuple(v.team for v in record.votes.values() if v.option == pos)
            options.append(
                OptionSummary(letter(pos), index, choice, tally[pos], teams, record.followed == pos)
            )
        beats.append(
            BeatSummary(number, record, titles[record.scenario_id], tuple(options), beat.discuss)
        )
        if counted:
            for vote in record.votes.values():
                choice = beat.choices[record.options[vote.option]]
                if vote.team in team_scores:
                    add_points(team_scores[vote.team], choice)
                    team_votes[vote.team] += 1
        for vote in record.votes.values():
            rows.append(
                VoteRow(
                    workshop.ident,
                    record.scenario_id,
                    number,
                    record.beat_id,
                    vote.team,
                    letter(vote.option),
                    1,
                    beat.choices[record.options[vote.option]],
                    record.followed == vote.option,
                    vote.time,
                )
            )
        for count in record.counts.values():
            rows.append(
                VoteRow(
                    workshop.ident,
                    record.scenario_id,
                    number,
                    record.beat_id,
                    "",
                    letter(count.option),
                    count.count,
                    beat.choices[record.options[count.option]],
                    record.followed == count.option,
                    count.time,
                )
            )
        if record.followed is not None:
            choice = beat.choices[record.options[record.followed]]
            if choice.level is not None:
                level_choices[choice.level].append(choice.text)
            questions.extend(beat.discuss)

    outcomes: list[OutcomeSummary] = []
    ending_questions: list[str] = []
    room: dict[str, int] = dict.fromkeys(dims.ids, 0)
    for item, session in zip(workshop.agenda, workshop.sessions, strict=False):
        for dim, points in session.score.items():
            room[dim] = room.get(dim, 0) + points
        ending = session.ending
        if ending is not None:
            ending_questions.extend(ending.discuss)
        outcomes.append(
            OutcomeSummary(
                scenario_id=item.scenario_id,
                title=item.scenario.scenario.title,
                ending_id=session.node if ending is not None else None,
                ending_title=ending.title if ending is not None else "",
                ending_text=ending.text if ending is not None else "",
                outcome=session.result().outcome if ending is not None else None,
                mood=session.mood,
                start_mood=session.start_mood,
                score=dict(session.score),
            )
        )
    return Scoreboard(
        teams=tuple(TeamScore(t, team_scores[t], team_votes[t]) for t in workshop.teams),
        room=room,
        outcomes=tuple(outcomes),
        levels=tuple(LevelUse(lv, tuple(level_choices[lv])) for lv in LEVELS),
        questions=tuple(dict.fromkeys(ending_questions + questions)),  # first of each
        beats=tuple(beats),
        rows=tuple(rows),
    )
