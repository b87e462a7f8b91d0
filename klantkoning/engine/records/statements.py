"""The xAPI statements of a solo play: ``initialized``, ``answered`` per choice, ``completed``.

Each builder is pure: the same play gives the same statements, ids included (see
:func:`~klantkoning.engine.records.xapi.statement_id`), so a statement queued twice is one
statement at the LRS. The organisation's dimensions and values travel with every statement
(ids and names), since every organisation may score on its own values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from klantkoning.engine.format.dimensions import Dimensions
from klantkoning.engine.format.model import Scenario
from klantkoning.engine.play.session import PlayResult, Session, StepResult, VisibleChoice
from klantkoning.engine.records import xapi
from klantkoning.engine.records.config import LrsConfig

Statement = dict[str, Any]
Verdict = dict[str, Any]
"""``{"best": bool, "better": int | None}``: the judging rule's verdict on one choice."""
Judge = Callable[[Session, int], Verdict | None]
"""Given the session *before* a choice and the visible number chosen: its verdict."""


@dataclass(frozen=True)
class Actor:
    """Who played: an account in the organisation's system, never an e-mail address."""

    slug: str
    name: str

    def to_xapi(self, config: LrsConfig) -> dict[str, Any]:
        return {
            "objectType": "Agent",
            "name": self.name,
            "account": {"homePage": config.home_page, "name": self.slug},
        }


@dataclass(frozen=True)
class PlayRecord:
    """What every statement of one play shares."""

    config: LrsConfig
    actor: Actor
    scenario: Scenario
    content_hash: str
    dimensions: Dimensions
    started: datetime
    mode: str = "direct"
    """``direct`` (feedback after each choice), ``exam`` (none until the end) or ``headless``."""
    practice: bool = False
    """A replay from one of the play's own decisions: never counts as a best attempt."""

    @property
    def exam(self) -> bool:
        return self.mode == "exam"

    @property
    def base(self) -> str:
        return self.config.activity_base

    @property
    def language(self) -> str:
        return self.scenario.scenario.language

    @property
    def registration(self) -> str:
        """One attempt: the player, the scenario and the moment it started."""
        return xapi.statement_id("play", self.actor.slug, self.scenario.id, self.started)

    def scenario_activity(self) -> dict[str, Any]:
        meta = self.scenario.scenario
        definition: dict[str, Any] = {
            "type": xapi.SIMULATION,
            "name": xapi.lang_map(meta.title, self.language),
        }
        if meta.summary.strip():
            definition["description"] = xapi.lang_map(meta.summary.strip(), self.language)
        return {
            "objectType": "Activity",
            "id": xapi.scenario_iri(self.base, self.scenario.id),
            "definition": definition,
        }

    def context(self, parent: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "registration": self.registration,
            "revision": self.content_hash[:12] or "0",
            "language": self.language,
            "platform": "klantkoning",
            "extensions": {
                xapi.ext(self.base, "content-hash"): self.content_hash,
                xapi.ext(self.base, "dimensions"): dimension_list(self.dimensions),
                xapi.ext(self.base, "exam"): self.exam,
            },
        }
        if parent:
            out["contextActivities"] = {"parent": [self.scenario_activity()]}
        return out

    def statement(
        self, key: tuple[object, ...], verb: str, obj: dict[str, Any], when: datetime
    ) -> Statement:
        return {
            "id": xapi.statement_id(self.registration, *key),
            "actor": self.actor.to_xapi(self.config),
            "verb": xapi.verb(verb),
            "object": obj,
            "timestamp": xapi.timestamp(when),
        }


def dimension_list(dimensions: Dimensions) -> list[dict[str, str]]:
    """The dimensions scored on, with the names this organisation gives them."""
    return [{"id": d.id, "group": d.group, "name": d.label()} for d in dimensions]


def initialized(record: PlayRecord, when: datetime) -> Statement:
    """The play started."""
    out = record.statement(("initialized",), "initialized", record.scenario_activity(), when)
    out["context"] = record.context()
    return out


def answered(
    record: PlayRecord,
    step_number: int,
    visible: list[VisibleChoice],
    step: StepResult,
    verdict: Verdict | None,
    when: datetime,
) -> Statement:
    """One choice, as an xAPI ``choice`` interaction with the beat's visible options."""
    scenario = record.scenario
    shown = [(vc.index, vc.choice.text) for vc in visible]
    obj = choice_activity(record.base, scenario, step.beat_id, shown, record.language)
    points = {dim: pts for dim, pts in step.choice.score.items() if dim in record.dimensions}
    extensions: dict[str, Any] = {
        xapi.ext(record.base, "mood-change"): step.mood_after - step.mood_before,
        xapi.ext(record.base, "mood"): step.mood_after,
        xapi.ext(record.base, "points"): points,
        xapi.ext(record.base, "visible-number"): next(
            (vc.number for vc in visible if vc.index == step.index), 0
        ),
    }
    if step.choice.level:
        extensions[xapi.ext(record.base, "level")] = step.choice.level
    if verdict is not None:
        extensions[xapi.ext(record.base, "verdict")] = verdict
    out = record.statement(("answered", step_number), "answered", obj, when)
    out["result"] = {"response": choice_id(step.index), "extensions": extensions}
    out["context"] = record.context(parent=True)
    return out


def completed(
    record: PlayRecord,
    result: PlayResult,
    finished: datetime,
    total_range: tuple[int, int] | None,
    history: list[tuple[str, int]] | None = None,
) -> Statement:
    """The play reached an ending: score against the range over all plays, outcome, mood."""
    total = sum(result.score.get(d, 0) for d in record.dimensions.ids)
    score: dict[str, Any] = {"raw": total}
    if total_range is not None and total_range[0] <= total <= total_range[1]:
        low, high = total_range
        score.update(min=low, max=high)
        if high > low:
            # xAPI's scaled score is -1..1: the share of the way from 0 to the best (or worst).
            scaled = total / high if total >= 0 and high > 0 else -total / low if low < 0 else 0
            score["scaled"] = round(max(-1.0, min(1.0, scaled)), 4)
    out = record.statement(("completed",), "completed", record.scenario_activity(), finished)
    out["result"] = {
        "score": score,
        "success": result.outcome == "enthousiast",
        "completion": True,
        "duration": xapi.duration(finished - record.started),
        "extensions": {
            xapi.ext(record.base, "outcome"): result.outcome,
            xapi.ext(record.base, "ending"): result.ending_id,
            xapi.ext(record.base, "mood"): result.mood,
            xapi.ext(record.base, "start-mood"): result.start_mood,
            xapi.ext(record.base, "lowest-mood"): result.lowest_mood,
            xapi.ext(record.base, "scores"): {
                d: result.score.get(d, 0) for d in record.dimensions.ids
            },
            xapi.ext(record.base, "exam"): record.exam,
            xapi.ext(record.base, "mode"): record.mode,
            xapi.ext(record.base, "practice"): record.practice,
            xapi.ext(record.base, "path"): list(result.path),
            xapi.ext(record.base, "started"): record.started.isoformat(),
            xapi.ext(record.base, "recovered"): result.recovered,
            # The road itself (beat ids and choice positions): a trainer's overview from the
            # LRS judges which dimensions a play could score, as the game does from saves.
            xapi.ext(record.base, "history"): [[b, i] for b, i in history or ()],
            xapi.ext(record.base, "choices"): list(result.choices),
        },
    }
    out["context"] = record.context()
    return out


def choice_activity(
    base: str, scenario: Scenario, beat_id: str, shown: list[tuple[int, str]], language: str
) -> dict[str, Any]:
    """A beat as an xAPI ``choice`` interaction, with the options shown (file index, text)."""
    return {
        "objectType": "Activity",
        "id": xapi.beat_iri(base, scenario.id, beat_id),
        "definition": {
            "type": xapi.INTERACTION,
            "name": xapi.lang_map(f"{scenario.scenario.title}: {beat_id}", language),
            "description": xapi.lang_map(scenario.beats[beat_id].text.strip(), language),
            "interactionType": "choice",
            "choices": [
                {"id": choice_id(index), "description": xapi.lang_map(text, language)}
                for index, text in shown
            ],
        },
    }


def choice_id(file_index: int) -> str:
    """A choice's id in the interaction: stable across plays (its place in the file)."""
    return f"keuze-{file_index + 1}"


def whole_play(
    record: PlayRecord,
    session: Session,
    finished: datetime,
    total_range: tuple[int, int] | None,
    judge: Judge | None = None,
) -> list[Statement]:
    """Every statement of a finished play, rebuilt from its history (headless plays).

    The answered statements carry ``finished`` as their time: a headless play has no
    moment per choice.
    """
    replay = Session(session.scenario, session.dimensions)
    out = [initialized(record, record.started)]
    for n, (_beat, index) in enumerate(session.history, start=1):
        visible = replay.visible_choices
        number = next(vc.number for vc in visible if vc.index == index)
        verdict = judge(replay, number) if judge is not None else None
        step = replay.choose(number)
        out.append(answered(record, n, visible, step, verdict, finished))
    out.append(completed(record, session.result(), finished, total_range, session.history))
    return out
