"""The Markdown report of a workshop: what a trainer pastes into a follow-up mail or wiki."""

from __future__ import annotations

import re

from klantkoning.engine.workshop import Workshop
from klantkoning.engine.workshop.summary import summarize
from klantkoning.i18n import t
from klantkoning.report.common import (
    clock,
    count_text,
    decision_text,
    effects,
    mode_text,
    note_place,
    scenario_parts,
    score_lines,
    signed,
    when,
)

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def esc(text: str) -> str:
    """Authored or typed text, shown literally in Markdown (one line)."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def render(workshop: Workshop) -> str:
    board = summarize(workshop)
    parts = scenario_parts(workshop, board)
    out: list[str] = []
    add = out.append
    add(f"# {t('report.title')}")
    add("")
    add(f"- **{t('report.session')}:** {esc(workshop.ident)}")
    add(f"- **{t('report.started')}:** {when(workshop.created)}")
    add(f"- **{t('report.finished')}:** {when(workshop.finished) or t('report.unfinished')}")
    add(f"- **{t('report.mode')}:** {mode_text(workshop)}")
    if workshop.teams:
        add(f"- **{t('report.teams')}:** " + ", ".join(esc(x) for x in workshop.teams))
    add(
        f"- **{t('report.agenda')}:** "
        + ", ".join(esc(i.scenario.scenario.title) for i in workshop.agenda)
    )
    add("")

    add(f"## {t('report.outcomes')}")
    add("")
    for o in board.outcomes:
        if o.outcome is None:
            add(f"- **{esc(o.title)}:** {t('report.not_finished')}")
        else:
            add(
                f"- **{esc(o.title)}:** {esc(o.ending_title)} — {t(f'outcome.{o.outcome}')}. "
                f"{t(f'outcome_line.{o.outcome}')} ({t('report.mood', mood=signed(o.mood))})"
            )
    add("")

    add(f"## {t('report.scoreboard')}")
    add("")
    heads = [esc(ts.team) for ts in board.teams] + [t("report.room_path")]
    add(f"| {t('report.dimension')} | " + " | ".join(heads) + " |")
    add("|---|" + "---:|" * len(heads))
    for line in score_lines(workshop, board):
        cells = [signed(v) for v in (*line.per_team, line.room)]
        label = f"**{esc(line.label)}**" if line.is_total else esc(line.label)
        if line.is_total:
            cells = [f"**{c}**" for c in cells]
        add(f"| {label} | " + " | ".join(cells) + " |")
    add("")
    if board.teams:
        add(t("report.team_rule"))
        add("")

    add(f"## {t('report.levels')}")
    add("")
    any_level = False
    for use in board.levels:
        if use.choices:
            any_level = True
            add(
                f"- **{t(f'level.{use.level}')}** ({t(f'level_question.{use.level}')}): "
                + "; ".join(esc(c) for c in use.choices)
            )
    if not any_level:
        add(f"- {t('report.no_levels')}")
    add("")

    add(f"## {t('report.questions')}")
    add("")
    asked = [(p.title, p.ending_questions) for p in parts if p.ending_questions]
    if not asked:
        add(f"- {t('report.no_questions')}")
    for title, questions in asked:
        add(f"**{esc(title)}**")
        add("")
        for q in questions:
            add(f"- {esc(q)}")
        add("")
    add("")

    add(f"## {t('report.beats')}")
    add("")
    for part in parts:
        if not part.beats:
            continue
        add(f"### {esc(part.title)}")
        add("")
        add(f"{t('report.path')}: **{part.path_text}**")
        add("")
        for n, beat in enumerate(part.beats, start=1):
            r = beat.record
            add(f"#### {t('report.moment', n=n)} · {clock(r.started)}")
            add("")
            add(decision_text(workshop, beat.number))
            add("")
            for opt in beat.options:
                mark = " ✔" if opt.followed else ""
                who = ", ".join(esc(x) for x in opt.teams)
                votes = count_text(workshop, opt.votes) + (f" ({who})" if who else "")
                add(f"- **{opt.letter}**{mark} {esc(opt.choice.text)} — {votes}")
                add(f"  - {', '.join(esc(e) for e in effects(workshop, opt.choice))}")
                if opt.choice.feedback:
                    add(f"  - {esc(opt.choice.feedback)}")
            if beat.discuss:
                add("")
                add(f"*{t('report.discuss')}:*")
                add("")
                for q in beat.discuss:
                    add(f"- {esc(q)}")
            add("")

    add(f"## {t('report.notes')}")
    add("")
    if workshop.notes:
        for note in workshop.notes:
            place = note_place(workshop, note.scenario_id, note.beat_id)
            where = f" ({esc(place)})" if place else ""
            add(f"- {clock(note.time)}{where}: {esc(note.text)}")
    else:
        add(f"- {t('report.no_notes')}")
    add("")
    return "\n".join(out)
