"""The trainer's team overview as Markdown, self-contained HTML (with a chart) or CSV.

Built from :class:`~klantkoning.engine.records.team.TeamOverview` only: the same overview
from the saves folder or from the LRS renders the same report.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from html import escape

from klantkoning.engine.format.dimensions import Dimensions
from klantkoning.engine.records.team import EmployeeRow, TeamOverview
from klantkoning.engine.saves.progress import DimensionProgress
from klantkoning.i18n import get_language, t
from klantkoning.report.csv import BOM, delimiter, safe_cell
from klantkoning.report.html import CSS

_PLAIN_NUMBER = re.compile(r"^-?\d+%?$")


def render_team(overview: TeamOverview, dimensions: Dimensions, fmt: str) -> str:
    """The overview in ``fmt`` (``md``, ``html`` or ``csv``)."""
    if fmt == "md":
        return _markdown(overview, dimensions)
    if fmt == "html":
        return _html(overview, dimensions)
    if fmt == "csv":
        return _csv(overview, dimensions)
    raise ValueError(f"unknown report format {fmt!r}")


def _percent(item: DimensionProgress) -> str:
    pct = item.percent
    return "–" if pct is None else f"{pct}%"


def _when(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else "–"


def _best(row: EmployeeRow, scenario_id: str) -> str:
    outcome = row.best.get(scenario_id)
    return t(f"outcome.{outcome}") if outcome else "–"


def _source(overview: TeamOverview) -> str:
    return t("lrs.team.source_lrs") if overview.source == "lrs" else t("lrs.team.source_saves")


# -- Markdown -----------------------------------------------------------------------------


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _markdown(overview: TeamOverview, dimensions: Dimensions) -> str:
    out = [
        f"# {t('lrs.team.title')}",
        "",
        f"{_source(overview)} · " + t("lrs.team.count", n=len(overview.employees)),
        "",
    ]
    out += [f"## {t('lrs.team.weakest')}", ""]
    if overview.weakest:
        out += [
            f"- {_md_cell(dimensions.label_of(d.dimension))}: {_percent(d)}"
            for d in overview.weakest
        ]
    else:
        out.append(t("lrs.team.nothing_yet"))
    out += ["", f"## {t('lrs.team.not_practised')}", ""]
    out += [f"- {_md_cell(n)}" for n in overview.not_practised] or [t("lrs.team.everyone")]
    out += ["", f"## {t('lrs.team.employees')}", ""]
    head = [t("lrs.team.col_name"), t("lrs.team.col_attempts"), t("lrs.team.col_last")]
    head += [_md_cell(title) for _sid, title in overview.scenarios]
    out.append("| " + " | ".join(head) + " |")
    out.append("|" + "---|" * len(head))
    for row in overview.employees:
        cells = [_md_cell(row.name), str(row.attempts), _when(row.last_played)]
        cells += [_md_cell(_best(row, sid)) for sid, _title in overview.scenarios]
        out.append("| " + " | ".join(cells) + " |")
    out += ["", f"## {t('lrs.team.profile')}", ""]
    head = [t("lrs.team.col_name")] + [_md_cell(dimensions.label_of(d)) for d in dimensions.ids]
    out.append("| " + " | ".join(head) + " |")
    out.append("|" + "---|" * len(head))
    for row in overview.employees:
        out.append(
            "| " + " | ".join([_md_cell(row.name)] + [_percent(p) for p in row.profile]) + " |"
        )
    team = [f"**{t('lrs.team.whole_team')}**"] + [_percent(p) for p in overview.team_profile]
    out.append("| " + " | ".join(team) + " |")
    return "\n".join(out) + "\n"


# -- HTML ---------------------------------------------------------------------------------


def _bar_chart(items: tuple[DimensionProgress, ...], dimensions: Dimensions) -> str:
    shown = [d for d in items if d.met]
    if not shown:
        return f"<p>{escape(t('lrs.team.nothing_yet'))}</p>"
    row_h, width, label_w = 26, 640, 190
    height = row_h * len(shown) + 10
    out = [
        f'<svg viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(t("lrs.team.chart_label"))}">'
    ]
    for n, item in enumerate(shown):
        y = 5 + n * row_h
        ratio = max(0.0, min(1.0, item.ratio or 0.0))
        bar = int((width - label_w - 70) * ratio)
        out.append(
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" font-size="14" '
            f'fill="#1b1f24">{escape(dimensions.label_of(item.dimension))}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{width - label_w - 70}" height="16" '
            f'fill="#f4f6f9" stroke="#d6dae0"/>'
            f'<rect x="{label_w}" y="{y + 4}" width="{bar}" height="16" fill="#2f6fb3"/>'
            f'<text x="{width - 62}" y="{y + 17}" font-size="14" fill="#1b1f24">'
            f"{escape(_percent(item))}</text>"
        )
    out.append("</svg>")
    return "".join(out)


def _html(overview: TeamOverview, dimensions: Dimensions) -> str:
    e = escape
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{e(get_language())}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(t('lrs.team.title'))}</title><style>{CSS}</style></head><body>",
        '<header class="banner"><div class="inner">',
        f"<h1>{e(t('lrs.team.title'))}</h1>",
        f'<p class="agenda">{e(_source(overview))} · '
        f"{e(t('lrs.team.count', n=len(overview.employees)))}</p></div></header><main>",
        f"<h2>{e(t('lrs.team.profile'))}</h2>",
        f'<figure class="chart">{_bar_chart(overview.team_profile, dimensions)}'
        f'<figcaption class="small">{e(t("lrs.team.chart_caption"))}</figcaption></figure>',
        f"<h2>{e(t('lrs.team.weakest'))}</h2>",
    ]
    if overview.weakest:
        parts.append("<ol>")
        parts += [
            f"<li>{e(dimensions.label_of(d.dimension))}: <strong>{e(_percent(d))}</strong></li>"
            for d in overview.weakest
        ]
        parts.append("</ol>")
    else:
        parts.append(f"<p>{e(t('lrs.team.nothing_yet'))}</p>")
    parts.append(f"<h2>{e(t('lrs.team.not_practised'))}</h2>")
    if overview.not_practised:
        parts.append("<ul>" + "".join(f"<li>{e(n)}</li>" for n in overview.not_practised) + "</ul>")
    else:
        parts.append(f"<p>{e(t('lrs.team.everyone'))}</p>")
    parts.append(f"<h2>{e(t('lrs.team.employees'))}</h2><table><thead><tr>")
    head = [t("lrs.team.col_name"), t("lrs.team.col_attempts"), t("lrs.team.col_last")]
    head += [title for _sid, title in overview.scenarios]
    parts.append("".join(f"<th>{e(h)}</th>" for h in head) + "</tr></thead><tbody>")
    for row in overview.employees:
        cells = [
            f"<td>{e(row.name)}</td>",
            f'<td class="num">{row.attempts}</td>',
            f"<td>{e(_when(row.last_played))}</td>",
        ]
        for sid, _title in overview.scenarios:
            outcome = row.best.get(sid)
            badge = (
                f'<span class="badge {e(outcome)}">{e(_best(row, sid))}</span>' if outcome else "–"
            )
            cells.append(f"<td>{badge}</td>")
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append(f"</tbody></table><h2>{e(t('lrs.team.profile_each'))}</h2><table><thead><tr>")
    parts.append(
        f"<th>{e(t('lrs.team.col_name'))}</th>"
        + "".join(f'<th class="num">{e(dimensions.label_of(d))}</th>' for d in dimensions.ids)
        + "</tr></thead><tbody>"
    )
    for row in overview.employees:
        parts.append(
            f"<tr><td>{e(row.name)}</td>"
            + "".join(f'<td class="num">{e(_percent(p))}</td>' for p in row.profile)
            + "</tr>"
        )
    parts.append(
        f'<tr class="total"><td>{e(t("lrs.team.whole_team"))}</td>'
        + "".join(f'<td class="num">{e(_percent(p))}</td>' for p in overview.team_profile)
        + "</tr></tbody></table>"
    )
    parts.append(f"<footer>{e(t('lrs.team.footer'))}</footer></main></body></html>")
    return "\n".join(parts) + "\n"


# -- CSV ----------------------------------------------------------------------------------


def _cell(value: str) -> object:
    """A text cell as the workshop CSV makes it safe (no formula, no control character);
    the report's own figures (``12``, ``-20%``) stay numbers."""
    return value if _PLAIN_NUMBER.match(value) else safe_cell(value)


def _csv(overview: TeamOverview, dimensions: Dimensions) -> str:
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=delimiter(), lineterminator="\r\n")
    head = [t("lrs.team.col_name"), t("lrs.team.col_attempts"), t("lrs.team.col_last")]
    head += [title for _sid, title in overview.scenarios]
    head += [dimensions.label_of(d) for d in dimensions.ids]
    writer.writerow([_cell(h) for h in head])
    for row in overview.employees:
        cells = [row.name, str(row.attempts), _when(row.last_played)]
        cells += [_best(row, sid) for sid, _title in overview.scenarios]
        cells += [_percent(p) for p in row.profile]
        writer.writerow([_cell(c) for c in cells])
    return buffer.getvalue()
