"""Text and JSON of ``klantkoning stats`` and ``klantkoning test``, shared with the preview."""

from __future__ import annotations

from typing import Any

from klantkoning.engine.analysis.analyse import PLAY_COUNT_CAP, Analysis, analyse
from klantkoning.engine.analysis.stats import ScoringProblem, dimension_balance
from klantkoning.engine.authoring.playtest import TestReport
from klantkoning.engine.format.dimensions import GROUPS, Dimensions
from klantkoning.engine.format.model import OUTCOMES, Scenario
from klantkoning.engine.format.names import sector_label
from klantkoning.i18n import t


def _count_text(analysis: Analysis) -> str:
    if analysis.play_count is not None:
        return str(analysis.play_count)
    if analysis.cyclic:
        return t("author.stats.plays_endless")
    return t("author.stats.plays_more", n=f"{PLAY_COUNT_CAP:,}".replace(",", "."))


def _length(value: int | None, analysis: Analysis) -> str:
    if value is not None:
        return t("author.stats.choices_n", n=value)
    if analysis.playable:
        return t("author.stats.unbounded")
    return "—"


def _bound(value: int | None, sign: str) -> str:
    if value is None:
        return f"{sign}∞"
    return f"{value:+d}" if value else "0"


def stats_json(
    scenario: Scenario, dimensions: Dimensions, problems: list[ScoringProblem], file: str
) -> dict[str, Any]:
    """The ``stats --json`` document."""
    analysis = analyse(scenario, dimensions)
    balance = dimension_balance(scenario, dimensions)
    return {
        "scenario": scenario.id,
        "file": file,
        "beats": len(scenario.beats),
        "endings": len(scenario.endings),
        "reachable_beats": sorted(analysis.reachable_beats),
        "reachable_endings": sorted(analysis.reachable_endings),
        "unreachable_beats": sorted(analysis.unreachable_beats),
        "unreachable_endings": sorted(analysis.unreachable_endings),
        "dead_ends": sorted(analysis.dead_ends),
        "plays": analysis.play_count,
        "plays_capped": analysis.play_count_capped,
        "cyclic": analysis.cyclic,
        "shortest_play": analysis.shortest_play,
        "longest_play": analysis.longest_play,
        "outcomes": [o for o in OUTCOMES if o in analysis.outcomes],
        "score_range": {
            d.id: {
                "group": d.group,
                "min": analysis.score_range[d.id][0],
                "max": analysis.score_range[d.id][1],
                "rewarded": balance[d.id].rewarded,
                "cost": balance[d.id].cost,
            }
            for d in dimensions
        },
        "never_lost": [d.id for d in dimensions if balance[d.id].never_lost],
        "truncated": analysis.truncated,
        "problems": [p.to_json() for p in problems],
    }


def problem_line(problem: ScoringProblem, file: str) -> str:
    """``file:12  beats.x.choices[2]  hint: …``"""
    where = file + (f":{problem.line}" if problem.line else "")
    where += f"  {problem.path}" if problem.path else ""
    return f"{where}  {t('author.severity.hint')}: {problem.message}"


DOMINATED = ("dominated", "dominated_all")


def _hint_lines(problems: list[ScoringProblem], file: str, show_all: bool, ref: str) -> list[str]:
    """The scoring hints: the ones to act on first, the dominated choices only on request.

    Dimensions nobody rewards share one line: in a short scenario that is most of the values,
    and one line per dimension would bury the hints that matter.
    """
    never = [p for p in problems if p.kind == "never_rewarded"]
    dominated = [p for p in problems if p.kind in DOMINATED]
    rest = [p for p in problems if p.kind != "never_rewarded" and p.kind not in DOMINATED]
    shown = sorted(rest + (dominated if show_all else []), key=lambda p: p.line or 0)
    if not shown and not never:
        if not dominated:
            return [t("author.stats.no_problems")]
        return [t("author.stats.dominated_hidden", n=len(dominated), ref=ref)]
    out = [t("author.stats.problems_title", n=len(shown) + (1 if never else 0))]
    if never:
        names = ", ".join(str(p.params["dimension"]) for p in never)
        hint = t("author.stats.never_rewarded_all", dimensions=names)
        out.append(f"  {file}  {t('author.severity.hint')}: {hint}")
    out.extend(f"  {problem_line(p, file)}" for p in shown)
    if dominated and show_all:
        out.append("")
        out.append(t("author.stats.dominated_note"))
    elif dominated:
        out.append("")
        out.append(t("author.stats.dominated_hidden", n=len(dominated), ref=ref))
    return out


def stats_text(
    scenario: Scenario,
    dimensions: Dimensions,
    problems: list[ScoringProblem],
    file: str,
    *,
    show_all: bool = False,
) -> str:
    """What ``klantkoning stats`` prints (dominated choices only with ``show_all``)."""
    analysis = analyse(scenario, dimensions)
    out = [f"{scenario.scenario.title} ({scenario.id})", ""]
    out.append(t("author.stats.counts", beats=len(scenario.beats), endings=len(scenario.endings),
                 plays=_count_text(analysis)))  # fmt: skip
    out.append(t("author.stats.lengths", shortest=_length(analysis.shortest_play, analysis),
                 longest=_length(analysis.longest_play, analysis)))  # fmt: skip
    outcomes = [t(f"outcome.{o}") for o in OUTCOMES if o in analysis.outcomes]
    out.append(t("author.stats.outcomes", outcomes=", ".join(outcomes) or "—"))
    if analysis.truncated:
        out.append(t("author.stats.truncated", n=analysis.state_count))
    out.append("")
    out.append(t("author.stats.scores_title"))
    width = max((len(d.label()) for d in dimensions), default=10)
    balance = dimension_balance(scenario, dimensions)
    for group in GROUPS:
        dims = dimensions.in_group(group)
        if not dims:
            continue
        out.append(f"  {t(f'group.{group}')}")
        for dim in dims:
            low, high = analysis.score_range.get(dim.id, (0, 0))
            ways = t(
                "teaching.stats.balance", up=balance[dim.id].rewarded, down=balance[dim.id].cost
            )
            bounds = f"{_bound(low, '-'):>4} … {_bound(high, '+'):<3}"
            out.append(f"    {dim.label():<{width}}  {bounds}  {ways}")
    never_lost = [d.label() for d in dimensions if balance[d.id].never_lost]
    if never_lost:
        out.append(t("teaching.stats.never_lost", dimensions=", ".join(never_lost)))
    out.append("")
    out.extend(_hint_lines(problems, file, show_all, scenario.id))
    return "\n".join(out) + "\n"


def test_text(scenario: Scenario, report: TestReport) -> str:
    """What ``klantkoning test`` prints: problems, the table of nodes reached, golden plays.

    The heading names the sector too: run on a whole library, it lists the scenarios."""
    sector = sector_label(scenario.scenario.sector)
    heading = f"{scenario.scenario.title} ({scenario.id})" + (f"  ·  {sector}" if sector else "")
    out = [heading, ""]
    out.append(t("author.test.cover", plays=len(report.cover), covered=report.choices_covered,
                 total=report.choices_total))  # fmt: skip
    out.append(t("author.test.sample", n=report.samples, seed=report.seed))
    if report.truncated:
        out.append(t("author.test.truncated"))
    bad = report.bad_plays
    if bad:
        out.append("")
        out.append(t("author.test.bad_title", n=len(bad)))
        for run in bad:
            path = ",".join(map(str, run.numbers)) or "—"
            kind = t(f"author.test.kind.{run.kind}")
            out.append("  " + t(f"author.test.problem.{run.problem}", kind=kind, path=path,
                                detail=run.detail))  # fmt: skip
    out.append("")
    out.append(t("author.test.table_title"))
    nodes = list(report.beat_counts)
    width = max([len(n) + 2 for n in nodes] + [len(t("author.test.col_node"))])
    head_cover, head_random = t("author.test.col_cover"), t("author.test.col_random")
    out.append(f"  {t('author.test.col_node'):<{width}}  {head_cover:>8}  {head_random:>14}")
    for node, (cover, sample) in report.beat_counts.items():
        marker = "■" if node in scenario.endings else "●"
        pct = f"{100 * sample / report.samples:.0f}%" if report.samples else "—"
        never = "  ⚠ " + t("author.test.never") if cover == 0 and sample == 0 else ""
        out.append(f"  {marker} {node:<{width - 2}}  {cover:>8}  {sample:>6} ({pct:>4}){never}")
    out.append("")
    if report.golden or report.golden_errors:
        out.append(t("author.test.golden_title", n=len(report.golden)))
        for file, detail in report.golden_errors:
            out.append("  ✗ " + t("author.test.golden_file_error", file=file, detail=detail))
        for golden in report.golden:
            name = golden.name or ",".join(map(str, golden.path))
            mark = "✓" if golden.ok else "✗"
            out.append(f"  {mark} {name} ({golden.source})")
            for code, params in golden.failures:
                out.append("      " + t(f"author.test.{code}", **params))
    else:
        out.append(t("author.test.no_golden"))
    out.append("")
    out.append(t("author.test.ok") if report.ok else t("author.test.failed"))
    return "\n".join(out) + "\n"
