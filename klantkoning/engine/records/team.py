"""A trainer's overview of a team: every employee's practice, from saves or from the LRS.

Both sources become the same thing, a list of player profiles with their finished
attempts, and the overview is computed from those with the very functions the game's own
progress screen uses. So a report from the saves folder and one from the LRS agree
whenever they hold the same plays.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from klantkoning.engine.library.index import Library
from klantkoning.engine.records import xapi
from klantkoning.engine.records.client import LrsClient
from klantkoning.engine.records.config import LrsConfig
from klantkoning.engine.saves.data import Attempt, Profile, Settings
from klantkoning.engine.saves.progress import (
    DimensionProgress,
    attempt_count,
    best_attempt,
    dimension_profile,
)
from klantkoning.engine.saves.store import SaveStore

WEAKEST_SHOWN = 3


@dataclass(frozen=True)
class EmployeeRow:
    """One employee in the overview."""

    name: str
    slug: str
    attempts: int
    last_played: datetime | None
    best: dict[str, str]
    """Scenario id -> best outcome (by the game's own ranking)."""
    profile: tuple[DimensionProgress, ...]


@dataclass(frozen=True)
class TeamOverview:
    """What ``team-report`` shows."""

    employees: tuple[EmployeeRow, ...]
    scenarios: tuple[tuple[str, str], ...]
    """(id, title) of every playable scenario, in library order."""
    team_profile: tuple[DimensionProgress, ...]
    weakest: tuple[DimensionProgress, ...]
    not_practised: tuple[str, ...]
    source: str
    anonymous: bool = False


def profiles_from_saves(saves_dir: Path) -> tuple[list[Profile], list[str]]:
    """Every player profile in ``saves_dir``, and notices about saves that could not be read."""
    store = SaveStore(saves_dir)
    profiles = store.list_profiles()
    return profiles, [n.message for n in store.notices]


def profiles_from_lrs(client: LrsClient) -> list[Profile]:
    """Every employee with statements of ours in the LRS, rebuilt from ``completed`` plays.

    An employee known only from an ``initialized`` statement has practised nothing yet.
    ``LrsError`` when the LRS cannot be read.
    """
    config = client.config
    prefix = xapi.scenario_iri(config.activity_base, "")
    people: dict[str, Profile] = {}
    for verb in ("initialized", "completed"):
        for statement in client.statements(verb=xapi.VERBS[verb]):
            found = _employee_and_attempt(statement, config, prefix, verb == "completed")
            if found is None:
                continue
            slug, name, when, attempt = found
            profile = people.get(slug)
            if profile is None:
                profile = people[slug] = Profile(name, slug, when, Settings(), [])
            if attempt is not None and attempt.key not in {a.key for a in profile.attempts}:
                profile.attempts.append(attempt)
    for profile in people.values():
        profile.attempts.sort(key=lambda a: a.finished)
    return sorted(people.values(), key=lambda p: p.slug)


def _employee_and_attempt(
    statement: dict[str, Any], config: LrsConfig, prefix: str, completed: bool
) -> tuple[str, str, datetime, Attempt | None] | None:
    actor = statement.get("actor") or {}
    account = actor.get("account") or {}
    obj = statement.get("object") or {}
    if actor.get("objectType", "Agent") != "Agent" or account.get("homePage") != config.home_page:
        return None
    object_id = str(obj.get("id", ""))
    if not object_id.startswith(prefix) or "/beat/" in object_id:
        return None
    slug, name = str(account.get("name", "")), str(actor.get("name") or account.get("name", ""))
    when = _time(statement.get("timestamp"))
    if not slug or when is None:
        return None
    if not completed:
        return slug, name, when, None
    result = statement.get("result") or {}
    ext = result.get("extensions") or {}
    context_ext = (statement.get("context") or {}).get("extensions") or {}

    def get(key: str, default: Any = None) -> Any:
        return ext.get(xapi.ext(config.activity_base, key), default)

    started = _time(get("started")) or when
    try:
        attempt = Attempt(
            scenario_id=object_id[len(prefix) :],
            scenario_hash=str(context_ext.get(xapi.ext(config.activity_base, "content-hash"), "")),
            started=started,
            finished=when,
            history=[(str(b), int(i)) for b, i in get("history", [])],
            choices=[int(c) for c in get("choices", [])],
            path=[str(p) for p in get("path", [])],
            ending=str(get("ending", "")),
            outcome=str(get("outcome", "tevreden")),
            mood=int(get("mood", 0)),
            start_mood=int(get("start-mood", 0)),
            lowest_mood=int(get("lowest-mood", 0)),
            recovered=bool(get("recovered", False)),
            score={str(k): int(v) for k, v in dict(get("scores", {})).items()},
            mode="exam" if get("exam") else str(get("mode", "direct")),
            practice=bool(get("practice", False)),
        )
    except (TypeError, ValueError):
        return None
    return slug, name, when, attempt


def _time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def overview(
    profiles: Iterable[Profile], library: Library, source: str, anonymous: bool = False
) -> TeamOverview:
    """The team overview of ``profiles`` against the scenarios of ``library``."""
    playable = [e for e in library.playable if e.scenario is not None]
    people = sorted(profiles, key=lambda p: (p.name.casefold(), p.slug))
    rows: list[EmployeeRow] = []
    for n, profile in enumerate(people, start=1):
        best = {}
        for entry in playable:
            found = best_attempt(profile, entry.id)
            if found is not None:
                best[entry.id] = found.outcome
        finished = [a.finished for a in profile.attempts]
        rows.append(
            EmployeeRow(
                name=f"#{n}" if anonymous else profile.name,
                slug=f"#{n}" if anonymous else profile.slug,
                attempts=sum(attempt_count(profile, e.id) for e in playable),
                last_played=max(finished) if finished else None,
                best=best,
                profile=tuple(dimension_profile(profile, library)),
            )
        )
    team: dict[str, list[int]] = {d: [0, 0] for d in library.dimensions.ids}
    for row in rows:
        for item in row.profile:
            team[item.dimension][0] += item.earned
            team[item.dimension][1] += item.possible
    team_profile = tuple(DimensionProgress(d, e, p) for d, (e, p) in team.items())
    met = sorted((d for d in team_profile if d.met), key=lambda d: (d.ratio or 0.0, d.dimension))
    return TeamOverview(
        employees=tuple(rows),
        scenarios=tuple((e.id, e.scenario.scenario.title) for e in playable if e.scenario),
        team_profile=team_profile,
        weakest=tuple(met[:WEAKEST_SHOWN]),
        not_practised=tuple(r.name for r in rows if r.attempts == 0),
        source=source,
        anonymous=anonymous,
    )
