"""The scenario library: every scenario as a card, with filters and this player's record."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Input, OptionList, Select, Static
from textual.widgets._select import SelectOverlay
from textual.widgets.option_list import Option

from klantkoning.engine.library.index import Library, ScenarioEntry
from klantkoning.i18n import t
from klantkoning.ui.localize import localize_bindings, relabel_bindings
from klantkoning.ui.widgets.footer import KeyFooter
from klantkoning.ui.widgets.library_card import Card, card_text, make_card

__all__ = ["LibraryScreen", "card_text", "make_card"]

ALL = "all"
SECTOR = "sector:"


class LibraryScreen(Screen[None]):
    """Every scenario; type to filter, pick a tag or a principle and a sector, Enter to play."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "library.key_back", id="library-back"),
        Binding("slash", "focus_filter", "library.key_filter", id="library-filter"),
        Binding("ctrl+t", "focus_tag", "library.key_tag", id="library-tag"),
        # Ctrl+S: S for sector in both languages; the search box leaves it free (Ctrl+E is
        # its "end of line").
        Binding(
            "ctrl+s",
            "next_sector",
            "library.sector.key",
            id="library-next-sector",
            tooltip="library.sector.tip",
        ),
        Binding("ctrl+r", "reload", "library.key_reload", id="library-reload"),
    ]

    def __init__(self) -> None:
        super().__init__(id="library")
        # Below 100 columns the two filter menus narrow, so the search box keeps its room.
        self.HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
        localize_bindings(self)
        self._cards: list[Card] = []
        self._cards_of: Library | None = None
        self._shown: list[Card] = []
        self._sectors: list[str] = []  # the sector filter's values, in menu order

    @property
    def _library(self) -> Library:
        library: Library = getattr(self.app, "library")  # noqa: B009
        return library

    def compose(self) -> ComposeResult:
        yield Static(t("library.title"), classes="page-title", id="library-title")
        with Horizontal(id="library-bar"):
            # No select-on-focus: type-to-filter moves the focus here with the first letter
            # already typed, and selecting it would let the next letter replace it.
            yield Input(
                placeholder=t("library.filter_placeholder"),
                id="library-filter",
                select_on_focus=False,
            )
            yield Select[str]([], prompt=t("library.tag_all"), allow_blank=True, id="library-tag")
            yield Select[str](
                [], prompt=t("library.sector.all"), allow_blank=True, id="library-sector"
            )
        yield OptionList(id="library-list")
        yield Static(id="library-count", markup=False)
        # Compact: with the sector key the footer needs every column of an 80-column terminal.
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        if self.app.is_headless:
            self.query_one("#library-filter", Input).cursor_blink = False
        self.load()
        self.query_one("#library-list", OptionList).focus()
        # The open tag menu shows its Escape key in the footer: say it in our language.
        for overlay in self.query(SelectOverlay):
            relabel_bindings(overlay, {"dismiss": t("library.key_close_menu")})

    def on_screen_resume(self) -> None:
        self.load()

    def refresh_player(self) -> None:
        self.load()

    def load(self) -> None:
        """(Re)build the cards from the app's library and fill the tag/principle filter.

        A card (with its analysis) depends only on the library: while the app keeps the
        same library, coming back or a player change only redraws the cards."""
        library = self._library
        if library is self._cards_of:
            self.apply_filter()
            return
        self._cards_of = library
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
        self._fill_sectors()
        self.apply_filter()

    def _fill_sectors(self) -> None:
        """The sector filter: every sector of a playable card by its name, then "no sector"
        when some cards have one and some not; hidden when no card has a sector."""
        names: dict[str, str] = {}
        for card in self._cards:
            if card.entry.ok:
                names.setdefault(card.sector, card.sector_name)
        named = sorted((k for k in names if k), key=lambda k: (names[k].casefold(), k))
        options: list[tuple[Any, str]] = [(Text(names[k]), SECTOR + k) for k in named]
        if named and "" in names:
            options.append((Text(t("library.sector.none")), SECTOR))
        select = self.query_one("#library-sector", Select)
        value = select.value
        select.set_options(options)
        self._sectors = [v for _, v in options]
        if isinstance(value, str) and value in self._sectors:
            select.value = value
        select.display = bool(named)
        self.refresh_bindings()

    @staticmethod
    def _title_of(entry: ScenarioEntry) -> str:
        return entry.scenario.scenario.title if entry.scenario else entry.file.name

    def apply_filter(self) -> None:
        """Show the cards that match the typed words and the chosen tag/principle."""
        words = self.query_one("#library-filter", Input).value.lower().split()
        tag = self.query_one("#library-tag", Select).value
        sector = self.query_one("#library-sector", Select).value
        chosen = sector.removeprefix(SECTOR) if isinstance(sector, str) else None
        shown = []
        for card in self._cards:
            if chosen is not None and card.sector != chosen:
                continue
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
        if not self._library.entries:
            # Nothing to filter: say where we looked, so a mistyped --scenarios is obvious.
            folders = ", ".join(str(root) for root in self._library.roots)
            count = t("library.empty", folder=folders)
        elif not shown:
            count = t("library.none_match")
        self.query_one("#library-count", Static).update(count)

    @on(Input.Changed, "#library-filter")
    def _typed(self) -> None:
        self.apply_filter()

    @on(Input.Submitted, "#library-filter")
    def _submitted(self) -> None:
        """Enter in the search box plays the highlighted (or first) match."""
        listing = self.query_one("#library-list", OptionList)
        listing.focus()
        if not self._shown:
            return
        index = listing.highlighted if listing.highlighted is not None else 0
        listing.highlighted = index
        listing.action_select()

    @on(Select.Changed, "#library-tag")
    @on(Select.Changed, "#library-sector")
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
        elif (
            self.focused is self.query_one("#library-list")
            and event.key == "up"
            and not self.query_one("#library-list", OptionList).highlighted
        ):
            # Up from the first card goes back to the search box.
            filter_input.focus()
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
        """Escape clears the search and the tag/principle and sector filters first, then
        leaves."""
        filter_input = self.query_one("#library-filter", Input)
        selects = [
            self.query_one("#library-tag", Select),
            self.query_one("#library-sector", Select),
        ]
        if filter_input.value or any(s.value is not Select.NULL for s in selects):
            filter_input.value = ""
            for select in selects:
                select.clear()
            self.query_one("#library-list", OptionList).focus()
            return
        self.app.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Without sectors in the library there is nothing to cycle through: no key for it.
        if action == "next_sector":
            return bool(self._sectors)
        return True

    def action_next_sector(self) -> None:
        """The next sector in the filter's order; after the last, all sectors again."""
        select = self.query_one("#library-sector", Select)
        if not self._sectors:
            return
        value = select.value
        following = self._sectors.index(value) + 1 if value in self._sectors else 0
        if following < len(self._sectors):
            select.value = self._sectors[following]
        else:
            select.clear()

    def action_focus_filter(self) -> None:
        self.query_one("#library-filter", Input).focus()

    def action_focus_tag(self) -> None:
        self.query_one("#library-tag", Select).focus()

    def action_reload(self) -> None:
        app: Any = self.app
        app.reload_library()
        self.load()
        self.notify(t("library.reloaded"))
