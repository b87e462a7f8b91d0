"""A self-contained HTML report a trainer can email: inline CSS, bars in HTML, no external files.

Every piece of authored or typed text goes through ``html.escape``.
"""

from __future__ import annotations

from html import escape

from klantkoning.engine.dimensions import GROUPS
from klantkoning.engine.workshop import Workshop
from klantkoning.engine.workshop.summary import group_total, summarize
from klantkoning.i18n import get_language, t
from klantkoning.report.common import decision_text, mode_text, score_lines, signed, when

CSS = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       color: #1a1a1a; line-height: 1.45; }
h1 { border-bottom: 3px solid #1a1a1a; padding-bottom: .3rem; }
h2 { margin-top: 2.2rem; border-bottom: 1px solid #999; }
table { border-collapse: collapse; margin: .8rem 0; }
th, td { border: 1px solid #bbb; padding: .25rem .6rem; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: bold; background: #f1f1f1; }
.bar { display: inline-block; height: .9rem; background: #2b6cb0; vertical-align: middle; }
.bar.neg { background: #c53030; }
.barcell { min-width: 12rem; }
.followed { font-weight: bold; }
.meta dt { font-weight: bold; float: left; clear: left; width: 9rem; }
.meta dd { margin-left: 10rem; }
.small { color: #555; font-size: .9rem; }
ul.options li { margin-bottom: .5rem; }
"""


def _bar(value: int, biggest: int) -> str:
    width = 0 if biggest <= 0 else round(abs(value) * 10 / biggest, 2)
    cls = "bar neg" if value < 0 else "bar"
    return f'<span class="{cls}" style="width: {width}rem"></span> {escape(signed(value))}'


def render(workshop: Workshop) -> str:
    board = summarize(workshop)
    dims = workshop.dimensions
    out: list[str] = []
    add = out.append
    add("<!DOCTYPE html>")
    add(f'<html lang="{escape(get_language())}">')
    add("<head>")
    add('<meta charset="utf-8">')
    add(f"<title>{escape(t('report.title'))} — {escape(workshop.ident)}</title>")
    add(f"<style>{CSS}</style>")
    add("</head>")
    add("<body>")
    add(f"<h1>{escape(t('report.title'))}</h1>")
    add('<dl class="meta">')
    meta = [
        (t("report.session"), workshop.ident),
        (t("report.started"), when(workshop.created)),
        (t("report.finished"), when(workshop.finished) or t("report.unfinished")),
        (t("report.mode"), mode_text(workshop)),
    ]
    if workshop.teams:
        meta.append((t("report.teams"), ", ".join(workshop.teams)))
    meta.append((t("report.agenda"), ", ".join(i.scenario.scenario.title for i in workshop.agenda)))
    for label, value in meta:
        add(f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>")
    add("</dl>")

    add(f"<h2>{escape(t('report.outcomes'))}</h2>")
    add("<ul>")
    for o in board.outcomes:
        if o.outcome is None:
            add(f"<li><strong>{escape(o.title)}</strong>: {escape(t('report.not_finished'))}</li>")
        else:
            add(
                f"<li><strong>{escape(o.title)}</strong>: {escape(o.ending_title)} — "
                f"{escape(t(f'outcome.{o.outcome}'))}. {escape(t(f'outcome_line.{o.outcome}'))} "
                f'<span class="small">({escape(t("report.mood", mood=signed(o.mood)))})</span>'
                "</li>"
            )
    add("</ul>")

    add(f"<h2>{escape(t('report.scoreboard'))}</h2>")
    if board.teams:
        biggest = max(
            [abs(group_total(ts.score, dims, g)) for ts in board.teams for g in GROUPS] + [1]
        )
        add("<table>")
        add(
            f"<tr><th>{escape(t('report.team'))}</th>"
            + "".join(f"<th>{escape(t(f'group.{g}'))}</th>" for g in GROUPS)
            + f"<th>{escape(t('report.total'))}</th></tr>"
        )
        for ts in board.ranking(dims):
            cells = "".join(
                f'<td class="barcell">{_bar(group_total(ts.score, dims, g), biggest)}</td>'
                for g in GROUPS
            )
            add(
                f"<tr><td>{escape(ts.team)}</td>{cells}"
                f'<td class="num">{escape(signed(ts.total()))}</td></tr>'
            )
        add("</table>")
        add(f'<p class="small">{escape(t("report.team_rule"))}</p>')
    add("<table>")
    heads = [ts.team for ts in board.teams] + [t("report.room_path")]
    add(
        f"<tr><th>{escape(t('report.dimension'))}</th>"
        + "".join(f"<th>{escape(h)}</th>" for h in heads)
        + "</tr>"
    )
    for line in score_lines(workshop, board):
        cls = ' class="total"' if line.is_total else ""
        cells = "".join(
            f'<td class="num">{escape(signed(v))}</td>' for v in (*line.per_team, line.room)
        )
        add(f"<tr{cls}><td>{escape(line.label)}</td>{cells}</tr>")
    add("</table>")

    add(f"<h2>{escape(t('report.levels'))}</h2>")
    add("<ul>")
    used = [u for u in board.levels if u.choices]
    for use in used:
        add(
            f"<li><strong>{escape(t(f'level.{use.level}'))}</strong> "
            f'<span class="small">({escape(t(f"level_question.{use.level}"))})</span>: '
            + "; ".join(escape(c) for c in use.choices)
            + "</li>"
        )
    if not used:
        add(f"<li>{escape(t('report.no_levels'))}</li>")
    add("</ul>")

    add(f"<h2>{escape(t('report.questions'))}</h2>")
    add("<ul>")
    for q in board.questions or (t("report.no_questions"),):
        add(f"<li>{escape(q)}</li>")
    add("</ul>")

    add(f"<h2>{escape(t('report.beats'))}</h2>")
    for beat in board.beats:
        r = beat.record
        add(f"<h3>{beat.number}. {escape(beat.scenario_title)} — {escape(r.beat_id)}</h3>")
        add(
            f'<p class="small">{escape(when(r.started))} · '
            f"{escape(decision_text(workshop, beat.number))}</p>"
        )
        most = max([o.votes for o in beat.options] + [1])
        add('<ul class="options">')
        for opt in beat.options:
            cls = ' class="followed"' if opt.followed else ""
            mark = " ✔" if opt.followed else ""
            who = ", ".join(opt.teams)
            width = round(opt.votes * 10 / most, 2)
            effects = [t("report.mood_change", mood=signed(opt.choice.mood))]
            for d, p in opt.choice.score.items():
                dim = dims.get(d)
                effects.append(f"{dim.label() if dim else d} {signed(p)}")
            add(
                f"<li{cls}>{escape(opt.letter)}{escape(mark)} {escape(opt.choice.text)}<br>"
                f'<span class="bar" style="width: {width}rem"></span> '
                f"{escape(t('report.votes_n', n=opt.votes))}"
                + (f" ({escape(who)})" if who else "")
                + f'<br><span class="small">{escape(", ".join(effects))}</span>'
                + (f"<br>{escape(opt.choice.feedback)}" if opt.choice.feedback else "")
                + "</li>"
            )
        add("</ul>")

    add(f"<h2>{escape(t('report.notes'))}</h2>")
    add("<ul>")
    for note in workshop.notes:
        where = f" ({note.scenario_id}/{note.beat_id})" if note.beat_id else ""
        add(f"<li>{escape(when(note.time) + where)}: {escape(note.text)}</li>")
    if not workshop.notes:
        add(f"<li>{escape(t('report.no_notes'))}</li>")
    add("</ul>")
    add("</body>")
    add("</html>")
    return "\n".join(out) + "\n"
