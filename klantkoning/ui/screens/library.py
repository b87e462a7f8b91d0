"""The scenario library: every scenario as a card, with filters and this player's record."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from klantkoning.engine.dimensions import Dimensions
from klantkoning.engine.library import Library, ScenarioEntry
from klantkoning.engine.model import Scenario
from klantkoning.engine.progress import attempt_count, best_attempt
from klantkoning.engine.saves import Profile
from klantkoning.i18n import t
from klantkoning.ui.localize import cleaned, localize_bindings

ALL = "all"


def scored_dimensions(scenario: Scenario, dimensions: Dimensions) -> list[str]:
    """The dimension ids a scenario scores anywhere, in the library's dimension order."""
    used = {dim for beat in scenario.beats.values() for c in beat.choices for dim in c.score}
    return [d for d in dimensions.ids if d in used]


@dataclass(frozen=True)
class Card:
    """What one row of the library shows and filters on."""

    entry: ScenarioEntry
    search: str
    tags: frozenset[str]
    dims: frozenset[str]


def make_card(entry: ScenarioEntry, dimensions: Dimensions) -> Card:
    scenario = entry.scenario
    if scenario is None or not entry.ok:
        return Card(entry, entry.file.name.lower(), frozenset(), frozenset())
    meta = scenario.scenario
    dims = scored_dimensions(scenario, dimensions)
    labels = [d.label() for d in dimensions if d.id in dims]
    haystack = " ".join(
        [meta.id, meta.title, meta.summary, meta.setting, meta.role, *meta.tags, *labels]
    ).lower()
    return Card(entry, haystack, frozenset(meta.tags), frozenset(dims))


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
            where = problem.location()
            line = Text(where.rsplit("/", 1)[-1], style="dim")
            line.append(": ")
            line.append(cleaned(problem.message))
            grid.add_row("", line)
        return grid
    meta = scenario.scenario
    head = Text(cleaned(meta.title), style="bold")
    stars = "★" * meta.difficulty + "☆" * (5 - meta.difficulty)
    head.append(
        f"   {stars}  ·  " + t("library.minutes", minutes=meta.minutes), style="dim not bold"
    )
    grid.add_row(Text("♛", style="bold"), head)
    where = "  ·  ".join(x for x in (cleaned(meta.setting), cleaned(meta.role)) if x)
    if where:
        grid.add_row("", Text(where, style="italic"))
    labels = [d.label() for d in dimensions if d.id in card.dims]
    if labels:
        trains = Text(t("library.trains") + " ", style="dim")
        trains.append(", ".join(labels), style="not dim")
        grid.add_row("", trains)
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
            status.append("  ·  " + t("library.best_score", score=best.total))
        if profile.unfinished is not None and profile.unfinished.scenario_id == entry.id:
            status.append("  ·  ⏸ " + t("library.unfinished"), style="italic")
    elif meta.summary:
        status.append(cleaned(meta.summary), style="dim")
    if status:
        grid.add_row("", status)
    return grid


class LibraryScreen(Screen[None]):
    """Every scenario; type to filter, pick a tag or a principle, Enter to play."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "library.key_back", id="library-back"),
        Binding("slash", "focus_filter", "library.key_filter", id="library-filter"),
        Binding("ctrl+t", "focus_tag", "library.key_tag", id="library-tag"),
        Binding("ctrl+r", "reload", "library.key_reload", id="library-reload"),
    ]

    def __init__(self) -> None:
        super().__init__(id="library")
        localize_bindings(self)
        self._cards: list[Card] = []
        self._shown: list[Card] = []

    @property
    def _library(self) -> Library:
        library: Library = getattr(self.app, "library")  # noqa: B009
        return library

    def compose(self) -> ComposeResult:
        yield Static(t("library.title"), classes="page-title", id="library-title")
        with Horizontal(id="library-bar"):
            yield Input(placeholder=t("library.filter_placeholder"), id="library-filter")
            yield Select[str]([], prompt=t("library.tag_all"), allow_blank=True, id="library-tag")
        yield OptionList(id="library-list")
        yield Static(id="library-count", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        if self.app.is_headless:
            self.query_one("#library-filter", Input).cursor_blink = False
        self.load()
        self.query_one("#library-list", OptionList).focus()

    def on_screen_resume(self) -> None:
        self.load()

    def refresh_player(self) -> None:
        self.load()

    def load(self) -> None:
        """(Re)build the cards from the app's library and fill the tag/principle filter."""
        library = self._library
        dims = library.dimensions
        self._cards = [make_card(e, dims) for e in library.entries]
        self._cards.sort(key=lambda c: (not c.entry.ok, self._title_of(c.entry).lower()))
        tags = sorted({tag for c in self._cards for tag in c.tags})
        used = {d for c in self._cards for d in c.dims}
        options: list[tuple[Any, str]] = []
        for dim in dims:
            if dim.id in used:
                options.append((Text(f"{t(f'group.{dim.group}')}: {dim.label()}"), f"dim:{dim.id}"))
        for tag in tags:
            options.append((Text(f"#{tag}"), f"tag:{tag}"))
        select = self.query_one("#library-tag", Select)
        value = select.value
        select.set_options(options)
        if isinstance(value, str) and any(v == value for _, v in options):
            select.value = value
        self.apply_filter()

    @staticmethod
    def _title_of(entry: ScenarioEntry) -> str:
        return entry.scenario.scenario.title if entry.scenario else entry.file.name

    def apply_filter(self) -> None:
        """Show the cards that match the typed words and the chosen tag/principle."""
        words = self.query_one("#library-filter", Input).value.lower().split()
        tag = self.query_one("#library-tag", Select).value
        shown = []
        for card in self._cards:
            if any(w not in card.search for w in words):
                continue
            if isinstance(tag, str) and tag.startswith("tag:") and tag[4:] not in card.tags:
                continue
            if isinstance(tag, str) and tag.startswith("dim:") and tag[4:] not in card.dims:
                continue
            shown.append(card)
        self._shown = shown
        listing = self.query_one("#library-list", OptionList)
        highlighted = listing.highlighted
        listing.clear_options()
        player = getattr(self.app, "player", None)
        dims = self._library.dimensions
        options: list[Option | None] = []
        for n, card in enumerate(shown):
            if n:
                options.append(None)  # a separator line between cards
            options.append(Option(card_text(card, dims, player), id=f"card-{n}"))
        listing.add_options(options)
        if shown:
            listing.highlighted = min(highlighted or 0, len(shown) - 1)
        playable = sum(1 for c in shown if c.entry.ok)
        count = t("library.count", shown=playable, total=len(self._library.playable))
        broken = len(shown) - playable
        if broken:
            count += "  ·  " + t("library.count_broken", broken=broken)
        if not shown:
            count = t("library.none_match")
        self.query_one("#library-count", Static).update(count)

    @on(Input.Changed, "#library-filter")
    def _typed(self) -> None:
        self.apply_filter()

    @on(Input.Submitted, "#library-filter")
    def _submitted(self) -> None:
        self.query_one("#library-list", OptionList).focus()

    @on(Select.Changed, "#library-tag")
    def _tag(self) -> None:
        self.apply_filter()

    def on_key(self, event: events.Key) -> None:
        # Typing anywhere on the list starts filtering (type-to-filter).
        filter_input = self.query_one("#library-filter", Input)
        if (
            self.focused is self.query_one("#library-list")
            and event.character
            and event.character.isprintable()
            and not event.character.isspace()
            and event.character != "/"
        ):
            filter_input.focus()
            filter_input.insert_text_at_cursor(event.character)
            event.stop()
        elif self.focused is filter_input and event.key == "down":
            self.query_one("#library-list", OptionList).focus()
            event.stop()

    @on(OptionList.OptionSelected, "#library-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if not option_id.startswith("card-"):
            return
        card = self._shown[int(option_id.removeprefix("card-"))]
        if not card.entry.ok:
            problem = card.entry.first_error
            detail = f"{problem.location()}: {problem.message}" if problem else card.entry.file.name
            self.notify(t("library.cannot_play", detail=detail), severity="error", markup=False)
            return
        app: Any = self.app
        app.start_scenario(card.entry)

    def action_back(self) -> None:
        filter_input = self.query_one("#library-filter", Input)
        if filter_input.value:
            filter_input.value = ""
            self.query_one("#library-list", OptionList).focus()
            return
        self.app.pop_screen()

    def action_focus_filter(self) -> None:
        self.query_one("#library-filter", Input).focus()

    def action_focus_tag(self) -> None:
        self.query_one("#library-tag", Select).focus()

    def action_reload(self) -> None:
        app: Any = self.app
        app.reload_library()
        self.load()
        self.notify(t("library.reloaded"))
