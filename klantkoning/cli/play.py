"""``klantkoning play``: the interactive game, or a headless play along a ``--path``.

``klantkoning play SCENARIO --path 2,1,3 [--json]`` plays without a terminal UI: each
number picks, 1-based, among the choices visible at that beat (in file order). Every
mistake (unknown scenario, broken file, a number that is no visible choice, a path that
stops early or runs past an ending) is one clear message and exit code 2.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from klantkoning.cli import cli
from klantkoning.cli.common import (
    Stop,
    clean,
    common_options,
    resolve_scenario,
    saves_dir,
)
from klantkoning.engine.library.index import ScenarioEntry
from klantkoning.engine.play.session import PlayError, PlayResult, Session, StepResult, parse_path
from klantkoning.i18n import t

if TYPE_CHECKING:
    from klantkoning.engine.analysis.judge import StepVerdict
    from klantkoning.engine.format.model import Scenario
    from klantkoning.engine.saves.store import SavedPlay


def _fail(ctx: click.Context, message: str, code: int = 2) -> None:
    """One line on stderr; exit 2 (wrong use, unreadable input) unless told 1 (problems)."""
    click.echo(t("cli.error", message=message), err=True)
    ctx.exit(code)


def play_headless(session: Session, numbers: list[int]) -> list[StepResult]:
    """Take ``numbers`` in turn; ``Stop`` with a clear message when the path does not fit."""
    steps: list[StepResult] = []
    for step, number in enumerate(numbers, start=1):
        if session.ended:
            raise Stop(t("cli.play.past_end", step=step, ending=session.node))
        try:
            steps.append(session.choose(number))
        except PlayError as exc:
            raise Stop(
                t(
                    "cli.play.no_such_choice",
                    step=step,
                    number=number,
                    beat=session.node,
                    count=len(session.visible_choices),
                )
            ) from exc
    if not session.ended:
        raise Stop(t("cli.play.not_ended", beat=session.node, count=len(session.visible_choices)))
    return steps


def judged_steps(session: Session) -> list[StepVerdict] | None:
    """The verdict on every choice of the play; ``None`` when the scenario is too large."""
    from klantkoning.engine.analysis.judge import TooLarge, judge_play

    try:
        return judge_play(session.scenario, session.history, session.dimensions)
    except TooLarge:
        return None


def steps_json(session: Session, verdicts: list[StepVerdict] | None) -> list[dict[str, Any]]:
    """``play --json``'s ``steps``: per choice its beat, number, and the rule's verdict
    (``best``/``better`` are null when the scenario was too large to judge)."""
    if verdicts is not None:
        return [v.to_json() for v in verdicts]
    beats = [beat for beat, _ in session.history]
    return [
        {"beat": beat, "choice": number, "best": None, "better": None}
        for beat, number in zip(beats, session.numbers, strict=True)
    ]


def _verdict_line(scenario: Scenario, verdict: StepVerdict | None) -> str:
    """ "✓ beste keuze", or which visible choice was better and its text."""
    if verdict is None:
        return t("teaching.play.unjudged")
    better = verdict.better_verdict
    if better is None:
        return t("teaching.play.best")
    text = scenario.beats[verdict.beat].choices[better.file_index].text
    return t("teaching.play.better", number=better.number, text=clean(text.strip()))


def transcript(
    entry: ScenarioEntry,
    session: Session,
    steps: list[StepResult],
    verdicts: list[StepVerdict] | None = None,
) -> str:
    """A readable account of the play: beats, choices, the rule's verdict on each,
    feedback, mood, points, scores. ``verdicts`` (from ``judged_steps``) are judged here
    when not given."""
    scenario = session.scenario
    assert scenario is not None
    dims = entry.dimensions
    if verdicts is None:
        verdicts = judged_steps(session)
    out = [clean(scenario.scenario.title)]
    if scenario.scenario.role:
        out.append(t("cli.play.role", role=clean(scenario.scenario.role)))
    out.append(t("cli.play.customer", name=clean(scenario.customer.name)))
    replay = Session(scenario, dims)
    for n, step in enumerate(steps):
        beat = scenario.beats[step.beat_id]
        visible = replay.visible_choices
        number = next(vc.number for vc in visible if vc.index == step.index)
        replay.choose(number)
        out += ["", t("cli.play.beat_header", beat=step.beat_id), clean(beat.text.strip())]
        if beat.customer:
            out.append(
                t(
                    "cli.play.says",
                    name=clean(scenario.customer.name),
                    text=clean(beat.customer.strip()),
                )
            )
        out.append(
            t(
                "cli.play.choice",
                number=number,
                count=len(visible),
                text=clean(step.choice.text.strip()),
            )
        )
        out.append("  " + _verdict_line(scenario, verdicts[n] if verdicts is not None else None))
        if step.choice.feedback:
            out.append("  " + t("cli.play.feedback", text=clean(step.choice.feedback.strip())))
        change = step.mood_after - step.mood_before
        out.append(
            "  "
            + t(
                "cli.play.mood",
                before=step.mood_before,
                after=step.mood_after,
                change=f"{change:+d}",
            )
        )
        points = ", ".join(
            f"{_label(entry, dim)} {value:+d}" for dim, value in step.choice.score.items()
        )
        out.append(
            "  " + (t("cli.play.points", points=points) if points else t("cli.play.no_points"))
        )
    result = session.result()
    out += [
        "",
        t("cli.play.ending", title=clean(result.ending.title)),
        clean(result.ending.text.strip()),
        "",
    ]
    out += _summary(entry, result)
    return "\n".join(out)


def _label(entry: ScenarioEntry, dim_id: str) -> str:
    return clean(entry.dimensions.label_of(dim_id))


def _summary(entry: ScenarioEntry, result: PlayResult) -> list[str]:
    from klantkoning.engine.format.dimensions import GROUPS

    out = [
        t(
            "cli.play.outcome",
            outcome=t(f"outcome.{result.outcome}"),
            line=t(f"outcome_line.{result.outcome}"),
        ),
        t("cli.play.final_mood", mood=result.mood, start=result.start_mood),
    ]
    if result.recovered:
        out.append(t("cli.play.recovered"))
    out.append(t("cli.play.scores"))
    for group in GROUPS:
        dims = entry.dimensions.in_group(group)
        if dims:
            items = ", ".join(f"{clean(d.label())} {result.score.get(d.id, 0)}" for d in dims)
            out.append("  " + t("cli.play.group_line", group=t(f"group.{group}"), items=items))
    return out


def _record(ctx: click.Context, player: str, entry: ScenarioEntry, session: Session) -> bool:
    """Save the play for ``player``; ``False`` (after saying why) when nothing was saved."""
    try:
        from klantkoning.engine.saves.store import record_play
    except ImportError:
        click.echo(t("cli.play.save_unavailable", player=player), err=True)
        return False
    try:
        saved, notices = record_play(saves_dir(ctx), player, entry, session)
    except Exception as exc:  # a save must never turn a finished play into a traceback
        click.echo(t("cli.play.save_failed", detail=str(exc)), err=True)
        return False
    for notice in notices:
        click.echo(notice.message, err=True)
    if saved is None:
        click.echo(t("cli.play.not_saved", player=player), err=True)
        return False
    _queue_records(ctx, saved, entry, session)
    return True


def _queue_records(
    ctx: click.Context, saved: SavedPlay, entry: ScenarioEntry, session: Session
) -> None:
    """Queue the play's learning records (when an LRS is set) and try to send them now."""
    from klantkoning.cli.lrs import error_text, load_lrs_config

    config = load_lrs_config()
    if config is None or entry.scenario is None:
        return
    from klantkoning.engine.records.client import LrsClient
    from klantkoning.engine.records.recorder import Recorder
    from klantkoning.engine.records.sender import push
    from klantkoning.engine.records.statements import Actor

    # The play as saved (no second read of the saves folder): its player and its moments.
    profile, attempt = saved.profile, saved.attempt
    started, finished = attempt.started, attempt.finished
    recorder = Recorder(config, saves_dir(ctx))
    record = recorder.play(
        Actor(profile.slug, profile.name),
        entry.scenario,
        entry.content_hash,
        session.dimensions,
        started,
        "headless",
    )
    recorder.headless(record, session, finished)
    if recorder.notice is not None:
        code, params = recorder.notice
        click.echo(t(code, **params), err=True)
        return
    try:
        result = push(recorder.outbox, LrsClient(config))
    except OSError:
        return
    if result.error is not None:
        message = error_text(result.error.kind, result.error.detail)
        click.echo(t("lrs.notice.send_failed", message=message), err=True)


@cli.command("play")
@click.argument("scenario_ref", metavar="SCENARIO")
@click.option(
    "--path",
    "path_text",
    default=None,
    metavar="2,1,3",
    help="Speel zonder scherm: per beat het nummer van de zichtbare keuze (vanaf 1).",
)
@click.option("--json", "as_json", is_flag=True, help="Met --path: het resultaat als JSON.")
@click.option("--player", default=None, metavar="NAAM", help="Sla het spel op voor deze speler.")
@common_options
@click.pass_context
def play(
    ctx: click.Context, scenario_ref: str, path_text: str | None, as_json: bool, player: str | None
) -> None:
    """Speel SCENARIO (een id uit de bibliotheek of een bestand)."""
    from klantkoning.cli.terminal import safe_output

    if path_text is None:
        if as_json:
            _fail(ctx, t("cli.play.json_needs_path"))
        from klantkoning.cli.app_commands import run_play

        run_play(ctx, scenario_ref, player)
        return
    safe_output()
    try:
        try:
            numbers = parse_path(path_text)
        except PlayError:
            raise Stop(t("cli.play.bad_path", path=path_text)) from None
        entry = resolve_scenario(ctx, scenario_ref)
        if not entry.ok or entry.scenario is None:
            from klantkoning.cli.check import format_problem, sorted_problems

            for problem in sorted_problems(entry.problems):
                click.echo(format_problem(problem), err=True)
            # A scenario with errors is a problem found (1), as in check and test.
            _fail(ctx, t("cli.play.broken", ref=scenario_ref), 1)
            return
        session = Session(entry.scenario, entry.dimensions)
        steps = play_headless(session, numbers)
    except Stop as stop:
        _fail(ctx, str(stop))
        return
    saved = _record(ctx, player, entry, session) if player is not None else True
    if as_json:
        import json

        data = session.result().to_json()
        data["steps"] = steps_json(session, judged_steps(session))
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(transcript(entry, session, steps) + "\n")
    if not saved:
        ctx.exit(1)  # the play itself went fine; its record did not
