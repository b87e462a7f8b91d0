"""A self-contained HTML report a trainer can email: inline CSS and SVG, no external files.

Every piece of authored or typed text goes through ``html.escape``. Charts are inline SVG
(printers drop CSS backgrounds, not SVG shapes), and every number is also written out, so
the report reads without colour and on paper.
"""

from __future__ import annotations

from html import escape

from klantkoning.engine.format.dimensions import GROUPS
from klantkoning.engine.workshop import Workshop
from klantkoning.engine.workshop.summary import BeatSummary, Scoreboard, group_total, summarize
from klantkoning.i18n import get_language, t
from klantkoning.report.common import (
    ScenarioPart,
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

CSS = """
:root { --ink: #1b1f24; --muted: #5b6470; --line: #d6dae0; --soft: #f4f6f9;
        --brand: #1f3a5f; --accent: #f2b705; --pos: #2f6fb3; --neg: #c2410c; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", system-ui, -apple-system, Helvetica, Arial, sans-serif;
       color: var(--ink); line-height: 1.5; margin: 0; background: #fff; }
main { max-width: 58rem; margin: 0 auto; padding: 0 1.5rem 3rem; }
header.banner { background: var(--brand); color: #fff; padding: 2rem 1.5rem 1.6rem;
                border-bottom: 6px solid var(--accent); }
header.banner .inner { max-width: 58rem; margin: 0 auto; }
header.banner h1 { margin: 0 0 .3rem; font-size: 2rem; letter-spacing: .01em; }
header.banner .agenda { font-size: 1.15rem; margin: 0 0 1rem; }
header.banner dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem;
                   margin: 0; font-size: .95rem; }
header.banner dt { font-weight: 600; opacity: .85; }
header.banner dd { margin: 0; }
h2 { margin: 2.4rem 0 .8rem; font-size: 1.45rem; color: var(--brand);
     border-bottom: 2px solid var(--brand); padding-bottom: .2rem; }
h3 { margin: 1.6rem 0 .6rem; font-size: 1.15rem; }
.card > h3:first-child { margin-top: 0; }
.small { color: var(--muted); font-size: .9rem; }
.card { border: 1px solid var(--line); border-radius: 10px; padding: 1rem 1.2rem;
        margin: .9rem 0; background: #fff; break-inside: avoid; }
.outcomes { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr));
            gap: .9rem; }
.outcomes .card { margin: 0; }
.badge { display: inline-block; padding: .05rem .55rem; border-radius: 999px;
         font-size: .85rem; font-weight: 700; border: 2px solid currentColor; }
.badge.enthousiast { color: #15803d; } .badge.tevreden { color: #2f6fb3; }
.badge.neutraal { color: #6b7280; } .badge.ontevreden { color: #b45309; }
.badge.boos { color: #b91c1c; }
.path { font-family: ui-monospace, Menlo, Consolas, monospace; font-weight: 700;
        letter-spacing: .05em; }
figure.chart { margin: .6rem 0 0; }
figure.chart svg { width: 100%; height: auto; display: block; }
figcaption { margin-top: .3rem; }
table { border-collapse: collapse; margin: .8rem 0; font-size: .95rem; }
th, td { border: 1px solid var(--line); padding: .3rem .65rem; text-align: left; }
th { background: var(--soft); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: 700; background: var(--soft); }
.beat .situation { margin: .2rem 0 .6rem; }
.beat blockquote { margin: .4rem 0 .8rem; padding: .4rem .9rem; background: var(--soft);
                   border-left: 4px solid var(--accent); border-radius: 0 6px 6px 0; }
.beat blockquote b { display: block; font-size: .85rem; color: var(--muted); }
ol.options { list-style: none; padding: 0; margin: .4rem 0; }
ol.options li { display: grid; grid-template-columns: 2.2rem 1fr; gap: .2rem .6rem;
                padding: .5rem .4rem; border-top: 1px solid var(--line); }
ol.options li.followed { background: #fff8e1; border-left: 4px solid var(--accent); }
.letter { display: inline-flex; align-items: center; justify-content: center; width: 1.9rem;
          height: 1.9rem; border-radius: 50%; border: 2px solid var(--brand); font-weight: 700;
          color: var(--brand); }
li.followed .letter { background: var(--brand); color: #fff; }
.votes { display: flex; align-items: center; gap: .6rem; margin: .25rem 0; }
.votes svg { flex: none; }
.feedback { margin: .25rem 0; font-style: italic; }
.decision { font-weight: 600; margin: .6rem 0 .2rem; }
ul.questions li { margin: .2rem 0; }
footer { margin-top: 3rem; color: var(--muted); font-size: .85rem; text-align: center; }
@page { margin: 14mm; }
@media print {
  body { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  header.banner { padding: 1rem 1.2rem; }
  h2 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


def _team_chart(workshop: Workshop, board: Scoreboard) -> str:
    """Ranked horizontal bars of each team's total, zero line in the middle when needed."""
    dims = workshop.dimensions
    ranked = board.places(dims)
    biggest = max([abs(ts.total()) for _, ts in ranked] + [1])
    negative = any(ts.total() < 0 for _, ts in ranked)
    label_w, bar_w, value_w, row_h = 230, 470, 70, 34
    width = label_w + bar_w + value_w
    zero = label_w + (bar_w / 2 if negative else 0)
    scale = (bar_w / 2 if negative else bar_w) / biggest
    height = row_h * len(ranked) + 8
    out = [
        f'<svg viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(t("report.chart_label"))}">'
    ]
    for row, (place, ts) in enumerate(ranked):
        y = 4 + row * row_h
        total = ts.total()
        length = abs(total) * scale
        x = zero if total >= 0 else zero - length
        colour = "#2f6fb3" if total >= 0 else "#c2410c"
        name = ts.team if len(ts.team) <= 26 else ts.team[:25] + "…"
        out.append(
            f'<text x="0" y="{y + 22}" font-size="16" font-weight="700" fill="#1b1f24">'
            f"{place}. {escape(name)}</text>"
        )
        out.append(
            f'<rect x="{label_w}" y="{y + 4}" width="{bar_w}" height="{row_h - 10}" '
            'fill="#f4f6f9" rx="4"/>'
        )
        if length:
            out.append(
                f'<rect x="{x:.1f}" y="{y + 4}" width="{length:.1f}" height="{row_h - 10}" '
                f'fill="{colour}" rx="4"/>'
            )
        out.append(
            f'<text x="{width - 4}" y="{y + 22}" font-size="16" font-weight="700" '
            f'text-anchor="end" fill="#1b1f24">{escape(signed(total))}</text>'
        )
    if negative:
        out.append(
            f'<line x1="{zero}" y1="0" x2="{zero}" y2="{height}" stroke="#5b6470" '
            'stroke-width="1.5"/>'
        )
    out.append("</svg>")
    return "".join(out)


def _vote_bar(votes: int, most: int) -> str:
    width = 0 if most <= 0 else round(150 * votes / most)
    return (
        '<svg width="150" height="14" viewBox="0 0 150 14" aria-hidden="true">'
        '<rect width="150" height="14" rx="3" fill="#e5e8ec"/>'
        + (f'<rect width="{width}" height="14" rx="3" fill="#2f6fb3"/>' if width else "")
        + "</svg>"
    )


def _beat_card(workshop: Workshop, beat: BeatSummary, number_in_scenario: int) -> list[str]:
    r = beat.record
    scenario = next(i.scenario for i in workshop.agenda if i.scenario_id == r.scenario_id)
    source = scenario.beats[r.beat_id]
    out = ['<section class="card beat">']
    out.append(
        f"<h3>{escape(t('report.moment', n=number_in_scenario))}"
        f' <span class="small">· {escape(clock(r.started))}</span></h3>'
    )
    out.append(f'<p class="situation">{escape(source.text)}</p>')
    if source.customer:
        out.append(
            f"<blockquote><b>{escape(scenario.customer.name)}</b>{escape(source.customer)}"
            "</blockquote>"
        )
    most = max([o.votes for o in beat.options] + [1])
    out.append('<ol class="options">')
    for opt in beat.options:
        cls = ' class="followed"' if opt.followed else ""
        who = ", ".join(opt.teams)
        mark = f" <strong>✔ {escape(t('report.followed'))}</strong>" if opt.followed else ""
        out.append(
            f'<li{cls}><span class="letter">{escape(opt.letter)}</span><div>'
            f"<div>{escape(opt.choice.text)}</div>"
            f'<div class="votes">{_vote_bar(opt.votes, most)}'
            f"<span><strong>{escape(count_text(workshop, opt.votes))}</strong>"
            + (f" ({escape(who)})" if who else "")
            + f"{mark}</span></div>"
            + (
                f'<div class="feedback">{escape(opt.choice.feedback)}</div>'
                if opt.choice.feedback
                else ""
            )
            + f'<div class="small">{escape(" · ".join(effects(workshop, opt.choice)))}</div>'
            "</div></li>"
        )
    out.append("</ol>")
    out.append(f'<p class="decision">{escape(decision_text(workshop, beat.number))}</p>')
    if beat.discuss:
        out.append(f'<p class="small"><strong>{escape(t("report.discuss"))}</strong></p>')
        out.append('<ul class="questions">')
        out.extend(f"<li>{escape(q)}</li>" for q in beat.discuss)
        out.append("</ul>")
    out.append("</section>")
    return out


def _outcome_card(part: ScenarioPart) -> str:
    o = part.outcome
    if o.outcome is None:
        body = f"<p>{escape(t('report.not_finished'))}</p>"
    else:
        body = (
            f'<p><span class="badge {escape(o.outcome)}">{escape(t(f"outcome.{o.outcome}"))}'
            f"</span> <strong>{escape(o.ending_title)}</strong></p>"
            f"<p>{escape(o.ending_text)}</p>"
            f'<p class="small">{escape(t(f"outcome_line.{o.outcome}"))} '
            f"({escape(t('report.mood', mood=signed(o.mood)))})</p>"
        )
    return (
        f'<div class="card"><h3>{escape(part.title)}</h3>{body}'
        f'<p class="small">{escape(t("report.path"))}: '
        f'<span class="path">{escape(part.path_text)}</span></p></div>'
    )


def render(workshop: Workshop) -> str:
    board = summarize(workshop)
    dims = workshop.dimensions
    parts = scenario_parts(workshop, board)
    out: list[str] = []
    add = out.append
    add("<!DOCTYPE html>")
    add(f'<html lang="{escape(get_language())}">')
    add("<head>")
    add('<meta charset="utf-8">')
    add('<meta name="viewport" content="width=device-width, initial-scale=1">')
    titles = ", ".join(i.scenario.scenario.title for i in workshop.agenda)
    add(f"<title>{escape(t('report.title'))} — {escape(titles)}</title>")
    add(f"<style>{CSS}</style>")
    add("</head>")
    add("<body>")
    add('<header class="banner"><div class="inner">')
    add(f"<h1>{escape(t('report.title'))}</h1>")
    add(f'<p class="agenda">{escape(titles)}</p>')
    add("<dl>")
    meta = [
        (t("report.started"), when(workshop.created)),
        (t("report.finished"), when(workshop.finished) or t("report.unfinished")),
        (t("report.mode"), mode_text(workshop)),
    ]
    if workshop.teams:
        meta.append((t("report.teams"), ", ".join(workshop.teams)))
    meta.append((t("report.session"), workshop.ident))
    for label, value in meta:
        add(f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>")
    add("</dl>")
    add("</div></header>")
    add("<main>")

    add(f"<h2>{escape(t('report.outcomes'))}</h2>")
    add('<div class="outcomes">')
    out.extend(_outcome_card(part) for part in parts)
    add("</div>")

    add(f"<h2>{escape(t('report.scoreboard'))}</h2>")
    if board.teams:
        add('<figure class="chart">')
        add(_team_chart(workshop, board))
        add(f'<figcaption class="small">{escape(t("report.team_rule"))}</figcaption>')
        add("</figure>")
        add("<table>")
        add(
            f"<tr><th>{escape(t('report.team'))}</th>"
            + "".join(f'<th class="num">{escape(t(f"group.{g}"))}</th>' for g in GROUPS)
            + f'<th class="num">{escape(t("report.total"))}</th></tr>'
        )
        for ts in board.ranking(dims):
            cells = "".join(
                f'<td class="num">{escape(signed(group_total(ts.score, dims, g)))}</td>'
                for g in GROUPS
            )
            add(
                f"<tr><td>{escape(ts.team)}</td>{cells}"
                f'<td class="num"><strong>{escape(signed(ts.total()))}</strong></td></tr>'
            )
        add("</table>")
    add(f"<h3>{escape(t('report.per_dimension'))}</h3>")
    add("<table>")
    heads = [ts.team for ts in board.teams] + [t("report.room_path")]
    add(
        f"<tr><th>{escape(t('report.dimension'))}</th>"
        + "".join(f'<th class="num">{escape(h)}</th>' for h in heads)
        + "</tr>"
    )
    for line in score_lines(workshop, board):
        cls = ' class="total"' if line.is_total else ""
        cells = "".join(
            f'<td class="num">{escape(signed(v))}</td>' for v in (*line.per_team, line.room)
        )
        add(f"<tr{cls}><td>{escape(line.label)}</td>{cells}</tr>")
    add("</table>")

    add(f"<h2>{escape(t('report.questions'))}</h2>")
    asked = [(p.title, p.ending_questions) for p in parts if p.ending_questions]
    if not asked:
        add(f"<p>{escape(t('report.no_questions'))}</p>")
    for title, questions in asked:
        add(f"<h3>{escape(title)}</h3>")
        add('<ul class="questions">')
        out.extend(f"<li>{escape(q)}</li>" for q in questions)
        add("</ul>")

    add(f"<h2>{escape(t('report.levels'))}</h2>")
    add("<ul>")
    used = [u for u in board.levels if u.choices]
    for use in used:
        add(
            f"<li><strong>{escape(t(f'level.{use.level}'))}</strong> "
            f'<span class="small">({escape(t(f"level_question.{use.level}"))})</span><ul>'
            + "".join(f"<li>{escape(c)}</li>" for c in use.choices)
            + "</ul></li>"
        )
    if not used:
        add(f"<li>{escape(t('report.no_levels'))}</li>")
    add("</ul>")

    add(f'<h2 id="moments">{escape(t("report.beats"))}</h2>')
    for part in parts:
        if not part.beats:
            continue
        add(f"<h3>{escape(part.title)}</h3>")
        add(
            f'<p class="small">{escape(t("report.path"))}: '
            f'<span class="path">{escape(part.path_text)}</span></p>'
        )
        for n, beat in enumerate(part.beats, start=1):
            out.extend(_beat_card(workshop, beat, n))

    add(f"<h2>{escape(t('report.notes'))}</h2>")
    add("<ul>")
    for note in workshop.notes:
        place = note_place(workshop, note.scenario_id, note.beat_id)
        where = f" · {place}" if place else ""
        add(
            f'<li><span class="small">{escape(clock(note.time) + where)}</span><br>'
            f"{escape(note.text)}</li>"
        )
    if not workshop.notes:
        add(f"<li>{escape(t('report.no_notes'))}</li>")
    add("</ul>")
    add(f"<footer>{escape(t('report.footer', session=workshop.ident))}</footer>")
    add("</main>")
    add("</body>")
    add("</html>")
    return "\n".join(out) + "\n"
