"""One card of the scenario library: what it shows (title, sector, theme, what it trains,
the player's record) and what the library filters on."""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text

from klantkoning.engine.format.dimensions import Dimensions
from klantkoning.engine.format.model import Scenario, ScenarioMeta
from klantkoning.engine.format.names import sector_key, sector_label
from klantkoning.engine.format.problems import Problem
from klantkoning.engine.library.index import ScenarioEntry
from klantkoning.engine.saves.progress import attempt_count, best_attempt
from klantkoning.engine.saves.store import Profile
from klantkoning.i18n import t
from klantkoning.ui.localize import cleaned, one_line, plain, tn
from klantkoning.ui.widgets.mood import number

MOST_TRAINED = 3
THEMES = 3


def scored_dimensions(scenario: Scenario, dimensions: Dimensions) -> list[str]:
    """The dimension ids a scenario scores anywhere, in the library's dimension order."""
    used = {dim for beat in scenario.beats.values() for c in beat.choices for dim in c.score}
    return [d for d in dimensions.ids if d in used]


def most_trained(
    scenario: Scenario, dimensions: Dimensions, count: int = MOST_TRAINED
) -> list[str]:
    """The dimensions a scenario trains most: the highest maximum attainable in one play.

    Every built-in scenario scores every dimension, so "what does it score" tells a player
    nothing; what it can reward most does. ``count`` dimensions, one more when it ties with
    the last; an unbounded maximum counts as the highest. Without an analysis (it failed),
    the sum of the positive points in the file stands in for the maximum.
    """
    order = {d: n for n, d in enumerate(dimensions.ids)}
    highs: dict[str, float] = {}
    try:
        from klantkoning.engine.analysis.analyse import analyse

        for dim, (_low, high) in analyse(scenario, dimensions).score_range.items():
            highs[dim] = float("inf") if high is None else high
    except Exception:  # the card must show even when the analysis cannot tell
        for beat in scenario.beats.values():
            for choice in beat.choices:
                for dim, points in choice.score.items():
                    highs[dim] = highs.get(dim, 0) + max(points, 0)
    ranked = sorted(
        (d for d, high in highs.items() if high > 0 and d in order),
        key=lambda d: (-highs[d], order[d]),
    )
    top = ranked[:count]
    if len(ranked) > count and highs[ranked[count]] == highs[ranked[count - 1]]:
        top.append(ranked[count])
    return top


def themes(meta: ScenarioMeta, count: int = THEMES) -> list[str]:
    """The scenario's theme: its first ``count`` tags, leaving out a tag that only repeats
    the sector (``horeca`` in a horeca scenario); the card shows the sector already."""
    sector = {sector_key(meta.sector), sector_label(meta.sector).casefold()} - {""}
    out: list[str] = []
    for tag in meta.tags:
        tag = one_line(tag)
        if tag and tag.casefold() not in sector and tag not in out:
            out.append(tag)
    return out[:count]


@dataclass(frozen=True)
class Card:
    """What one row of the library shows and filters on.

    ``sector`` is the sector's key (``sector_key``: what the filter compares), ``""`` for
    none; ``sector_name`` its readable name, or the author's text for an unknown sector."""

    entry: ScenarioEntry
    search: str
    tags: frozenset[str]
    dims: frozenset[str]
    most: tuple[str, ...] = ()
    sector: str = ""
    sector_name: str = ""
    themes: tuple[str, ...] = ()


def make_card(entry: ScenarioEntry, dimensions: Dimensions) -> Card:
    scenario = entry.scenario
    if scenario is None or not entry.ok:
        return Card(entry, entry.file.name.lower(), frozenset(), frozenset())
    meta = scenario.scenario
    dims = scored_dimensions(scenario, dimensions)
    labels = [d.label() for d in dimensions if d.id in dims]
    name = one_line(sector_label(meta.sector))
    words = [meta.id, meta.title, meta.summary, meta.setting, meta.role, meta.sector, name]
    haystack = " ".join([*words, *meta.tags, *labels]).lower()
    most = tuple(most_trained(scenario, dimensions))
    return Card(
        entry,
        haystack,
        frozenset(meta.tags),
        frozenset(dims),
        most,
        sector_key(meta.sector),
        name,
        tuple(themes(meta)),
    )


def card_text(card: Card, dimensions: Dimensions, profile: Profile | None) -> Table:
    """The card of one scenario: an icon column and wrapped lines that keep their indent.

    All scenario text is literal; difficulty reads as ``★★☆☆☆``, state as words.
    """
    entry = card.entry
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=1, no_wrap=True)
    grid.add_column(ratio=1)
    scenario = entry.scenario
    if scenario is None or not entry.ok:
        head = Text(entry.file.name, style="bold")
        head.append("  — " + t("library.broken"), style="italic not bold")
        grid.add_row(Text("✗", style="bold"), head)
        problem = entry.first_error
        if problem is not None:
            grid.add_row("", problem_text(problem))
            more = sum(1 for p in entry.problems if p.is_error) - 1
            if more > 0:
                grid.add_row("", Text(tn("library.more_errors", more), style="dim"))
        return grid
    meta = scenario.scenario
    head = plain(meta.title, style="bold")
    stars = "★" * meta.difficulty + "☆" * (5 - meta.difficulty)
    head.append(
        f"   {stars}  ·  " + t("library.minutes", minutes=meta.minutes), style="dim not bold"
    )
    if card.sector_name:
        head.append("  ·  ", style="dim not bold")
        head.append(card.sector_name, style="not bold")
    grid.add_row(Text("♛", style="bold"), head)
    where = "  ·  ".join(x for x in (cleaned(meta.setting), cleaned(meta.role)) if x)
    if where:
        grid.add_row("", Text(where, style="italic"))
    if card.themes:
        theme = Text(t("library.sector.theme") + " ", style="dim")
        theme.append("  ".join(f"#{tag}" for tag in card.themes))
        grid.add_row("", theme)
    labels = [dim.label() for dim in map(dimensions.get, card.most) if dim is not None]
    if labels:
        trains = Text(t("library.trains") + " ", style="dim")
        trains.append(", ".join(labels), style="not dim")
        grid.add_row("", trains)
    if meta.summary:
        grid.add_row("", plain(meta.summary, style="dim"))
    status = Text()
    if profile is not None:
        count = attempt_count(profile, entry.id)
        best = best_attempt(profile, entry.id)
        if best is None:
            status.append("● " + t("library.new"), style="bold")
        else:
            status.append(t("library.played", count=count))
            status.append("  ·  " + t("library.best") + " ")
            status.append(t(f"outcome.{best.outcome}"), style="bold")
            status.append("  ·  " + tn("library.best_score", best.total, score=number(best.total)))
        if profile.unfinished is not None and profile.unfinished.scenario_id == entry.id:
            status.append("  ·  ⏸ " + t("library.unfinished"), style="italic")
    if status:
        grid.add_row("", status)
    return grid


def problem_text(problem: Problem) -> Text:
    """``kapot.toml:7: beats.start.choices[1]: message``: where an editor finds it, and what."""
    where = problem.location().replace("\\", "/").rsplit("/", 1)[-1]
    out = Text()
    out.append(where, style="bold")
    if problem.path:
        out.append(f": {problem.path}", style="dim")
    out.append(": ")
    out.append(cleaned(problem.message))
    return out
