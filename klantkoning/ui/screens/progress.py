"""A player's progress: the profile per dimension, what to play next, achievements, attempts."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DataTable, Static

from klantkoning.engine.format.dimensions import GROUPS
from klantkoning.engine.library.index import Library, ScenarioEntry
from klantkoning.engine.saves.progress import (
    DimensionProgress,
    achievements,
    attempts_newest_first,
    dimension_profile,
    strongest_weakest,
    suggest_next,
)
from klantkoning.engine.saves.store import Profile
from klantkoning.i18n import t
from klantkoning.ui.localize import cleaned, dim_label, localize_bindings, scenario_title
from klantkoning.ui.widgets.footer import KeyFooter
from klantkoning.ui.widgets.mood import number
from klantkoning.ui.widgets.score_bars import ScoreBars, ScoreRow


class ProgressScreen(Screen[None]):
    """Everything the current player has done, and a suggestion for what next."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "progress_view.key_back", id="progress-back"),
        Binding("n", "play_suggestion", "progress_view.key_next", id="progress-next"),
    ]

    def __init__(self) -> None:
        super().__init__(id="progress")
        localize_bindings(self)
        self._suggestion: ScenarioEntry | None = None

    @property
    def _library(self) -> Library:
        library: Library = getattr(self.app, "library")  # noqa: B009
        return library

    @property
    def _player(self) -> Profile | None:
        player: Profile | None = getattr(self.app, "player", None)
        return player

    def compose(self) -> ComposeResult:
        with (
            VerticalScroll(id="progress-scroll", classes="page"),
            Vertical(classes="column", id="progress-column"),
        ):
            yield Static(id="progress-title", classes="page-title", markup=False)
            yield Static(t("progress.profile"), classes="section-title")
            yield Static(t("progress.profile_hint"), classes="muted")
            yield Vertical(id="progress-bars")
            yield Static(id="progress-summary", markup=False)
            yield Button(
                t("progress_view.play_next"), id="progress-play", compact=True, variant="primary"
            )
            yield Static(t("progress.achievements"), classes="section-title")
            yield Static(id="progress-achievements", markup=False)
            yield Static(t("progress.attempts"), classes="section-title")
            yield DataTable(id="progress-attempts", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.refresh_player()
        self.query_one("#progress-scroll").focus()

    def on_screen_resume(self) -> None:
        self.refresh_player()

    def refresh_player(self) -> None:
        """Fill everything in for the current player."""
        player = self._player
        if player is None:
            return
        store = getattr(self.app, "store", None)
        if store is not None:
            player = store.reload(player)
        library = self._library
        title = Text(t("progress.title") + " — ")
        title.append(player.name)
        self.query_one("#progress-title", Static).update(title)
        # One profile for the bars, the summary and the suggestion: it judges every played
        # scenario.
        profile = dimension_profile(player, library)
        self._fill_bars(profile, library)
        self._fill_summary(player, profile, library)
        self._fill_achievements(player, library)
        self._fill_attempts(player, library)

    def _fill_bars(self, dim_profile: list[DimensionProgress], library: Library) -> None:
        profile = {d.dimension: d for d in dim_profile}
        bars = self.query_one("#progress-bars", Vertical)
        bars.remove_children()
        widgets: list[Static] = []
        for group in GROUPS:
            rows = []
            for dim in library.dimensions.in_group(group):
                item = profile.get(dim.id)
                if item is None or not item.met:
                    continue
                rows.append(ScoreRow(dim.label(), item.earned, item.possible))
            if rows:
                widgets.append(Static(t(f"group.{group}"), classes="section-subtitle"))
                widgets.append(ScoreBars(rows))
        if not widgets:
            widgets.append(Static(t("progress.no_attempts"), classes="muted"))
        bars.mount_all(widgets)

    def _fill_summary(
        self, player: Profile, dim_profile: list[DimensionProgress], library: Library
    ) -> None:
        strongest, weakest = strongest_weakest(dim_profile)
        out = Text()

        def label(dim_id: str) -> str:
            return dim_label(library.dimensions, dim_id)

        if strongest is not None and weakest is not None:
            out.append(
                "▲ "
                + t(
                    "progress.strongest",
                    dimension=label(strongest.dimension),
                    percent=_percent(strongest.percent),
                )
            )
            out.append(
                "\n▼ "
                + t(
                    "progress.weakest",
                    dimension=label(weakest.dimension),
                    percent=_percent(weakest.percent),
                )
            )
        self._suggestion = suggest_next(player, library, dim_profile)
        button = self.query_one("#progress-play", Button)
        if self._suggestion is not None and self._suggestion.scenario is not None:
            if out:
                out.append("\n\n")
            out.append("→ ")
            out.append(
                t("progress.suggest", title=cleaned(self._suggestion.scenario.scenario.title)),
                style="bold",
            )
            if weakest is not None:
                out.append(
                    "\n  " + t("progress.suggest_reason", dimension=label(weakest.dimension))
                )
            button.display = True
        else:
            if out:
                out.append("\n\n")
            out.append(t("progress.nothing_to_suggest"))
            button.display = False
        self.query_one("#progress-summary", Static).update(out)
        self.refresh_bindings()

    def _fill_achievements(self, player: Profile, library: Library) -> None:
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(width=2, no_wrap=True)
        grid.add_column(ratio=1)
        for item in achievements(player, library):
            text = Text()
            text.append(item.title, style="bold" if item.earned else "")
            if item.earned:
                state = t("progress.earned")
            else:
                state = f"{t('progress.not_earned')} ({item.progress})"
            text.append(f"  · {state}", style="dim")
            text.append("\n" + item.description, style="dim")
            grid.add_row("🏆" if item.earned else "○", text)
        self.query_one("#progress-achievements", Static).update(grid)

    def _fill_attempts(self, player: Profile, library: Library) -> None:
        table = self.query_one("#progress-attempts", DataTable)
        table.clear(columns=True)
        headers = [
            t("progress.date"),
            t("progress.scenario"),
            t("progress.outcome"),
            t("progress.score"),
            t("progress.mode"),
        ]
        attempts = attempts_newest_first(player)
        if not attempts:
            table.display = False
            return
        table.display = True
        this_year = datetime.now().astimezone().year
        rows: list[list[str]] = []
        for attempt in attempts:
            title = scenario_title(library, attempt.scenario_id)
            moment = attempt.finished.astimezone()
            rows.append(
                [
                    moment.strftime("%d-%m %H:%M" if moment.year == this_year else "%d-%m-%Y"),
                    cleaned(title),
                    t(f"outcome.{attempt.outcome}"),
                    number(attempt.total),
                    t("teaching_ui.practice_mode")
                    if attempt.practice
                    else t(f"progress.mode_name.{attempt.mode}"),
                ]
            )
        # Every column must fit at 80 columns: the scenario title gives way (with "…").
        widths = [max(len(h), *(len(r[n]) for r in rows)) for n, h in enumerate(headers)]
        room = max(self.size.width, 40) - 8 - 2 * len(headers) - sum(widths) + widths[1]
        title_width = max(12, min(widths[1], room))
        table.add_columns(*headers)
        for row in rows:
            title = row[1]
            if len(title) > title_width:
                title = title[: title_width - 1].rstrip() + "…"
            table.add_row(row[0], Text(title), row[2], Text(row[3], justify="right"), row[4])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "play_suggestion":
            return self._suggestion is not None
        return True

    @on(Button.Pressed, "#progress-play")
    def action_play_suggestion(self) -> None:
        if self._suggestion is not None:
            app: Any = self.app
            app.start_scenario(self._suggestion)

    def action_back(self) -> None:
        self.app.pop_screen()


def _percent(value: int | None) -> str:
    """``83``, ``−33`` (a real minus sign); ``?`` when there is nothing to compare with."""
    return "?" if value is None else number(value)
