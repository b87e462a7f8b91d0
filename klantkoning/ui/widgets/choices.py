"""The visible choices of a beat: keys 1–9, arrows + Enter, or the mouse.

The highlighted choice carries a marker (›), not only a colour, so it shows on any
terminal and to anyone who cannot tell the colours apart. ``MoreBelow`` says "↓ meer"
while the page that holds the choices has more below the fold (an 80×24 terminal).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import events, on
from textual.containers import ScrollableContainer
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from klantkoning.i18n import t
from klantkoning.ui.localize import plain

MARKER = "›"


class ChoiceList(OptionList):
    """A numbered list of choices; posts ``ChoiceList.Chosen`` with the 1-based number."""

    DEFAULT_CSS = """
    ChoiceList {
        height: auto;
        /* The screen scrolls, not the list: a list with its own scrollbar inside a
           scrolling page can make the layout flip back and forth on tiny terminals. */
        overflow: hidden hidden;
        border: round $primary;
        padding: 0 1;
    }
    ChoiceList > .option-list--option {
        padding: 0 0 1 0;
    }
    """

    @dataclass
    class Chosen(Message):
        """The player picked visible choice ``number`` (1-based)."""

        choice_list: ChoiceList
        number: int

        @property
        def control(self) -> ChoiceList:
            return self.choice_list

    def set_choices(self, texts: Sequence[str]) -> None:
        """Show these choice texts, numbered from 1, literally."""
        self.clear_options()
        options = []
        for number, text in enumerate(texts, start=1):
            # A grid keeps a wrapped choice indented under its text, not under the number.
            # The first column is where the marker of the highlighted choice is drawn.
            prompt = Table.grid(padding=(0, 1), expand=True)
            prompt.add_column(width=1, no_wrap=True)
            prompt.add_column(width=3, no_wrap=True)
            prompt.add_column(ratio=1)
            prompt.add_row(" ", Text(f" {number} ", style="bold reverse"), plain(text))
            options.append(Option(prompt, id=f"choice-{number}"))
        self.add_options(options)
        if options:
            self.highlighted = 0

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        lines = self._lines
        line = self.scroll_offset.y + y
        if 0 <= line < len(lines) and strip.cell_length:
            index, offset = lines[line]
            if index == self.highlighted and offset == 0:
                # The marker over the first (blank) cell of the highlighted choice's line.
                first = strip.crop(0, 1)
                base = first._segments[0].style if first._segments else None
                marker = Strip([Segment(MARKER, (base or Style()) + Style(bold=True))], 1)
                strip = Strip.join([marker, strip.crop(1, strip.cell_length)])
        return strip

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        self.refresh()  # the marker moves with the highlight

    def scroll_to_highlight(self, top: bool = False) -> None:
        """Keep the highlighted choice in view by scrolling the page that holds the list."""
        super().scroll_to_highlight(top)
        highlighted = self.highlighted
        container = next((a for a in self.ancestors if isinstance(a, ScrollableContainer)), None)
        if highlighted is None or container is None or not self.is_mounted:
            return
        lines: dict[int, int] = getattr(self, "_index_to_line", {})
        heights: dict[int, int] = getattr(self, "_heights", {})
        if highlighted not in lines or highlighted not in heights:
            self.scroll_visible(animate=False)
            return
        top_y = self.virtual_region.y + self.styles.gutter.top + lines[highlighted]
        height = heights[highlighted]
        if highlighted == self.option_count - 1:
            # The last choice: show the list's frame below it too, so nothing seems hidden.
            height = self.virtual_region.bottom - top_y
        container.scroll_to_region(
            Region(0, top_y, 1, min(height, container.size.height)), animate=False, immediate=True
        )

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit():
            number = int(event.character)
            if 1 <= number <= self.option_count:
                event.stop()
                event.prevent_default()
                self.highlighted = number - 1
                self.post_message(self.Chosen(self, number))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Chosen(self, event.option_index + 1))


class MoreBelow(Static):
    """ "↓ meer" while ``page`` can scroll further down; hidden (its line kept) otherwise."""

    DEFAULT_CSS = """
    MoreBelow {
        height: 1;
        width: 100%;
        max-width: 100;
        text-align: right;
        padding: 0 2;
        color: $text-accent;
        text-style: bold;
        visibility: hidden;
    }
    MoreBelow.-more {
        visibility: visible;
    }
    """

    def __init__(self, page: str, **kwargs: object) -> None:
        super().__init__(t("install.more_below"), markup=False, **kwargs)  # type: ignore[arg-type]
        self._page_selector = page

    def on_mount(self) -> None:
        page = self.screen.query_one(self._page_selector, ScrollableContainer)

        def after_layout(_: object = None) -> None:
            # A new size is known before the page's own region is laid out: look after
            # that refresh, or the hint is wrong until the next look (and in screenshots).
            self.call_after_refresh(self.update_from, page)

        self.watch(page, "scroll_y", lambda _: self.update_from(page), init=False)
        self.watch(page, "virtual_size", after_layout, init=False)
        after_layout()
        # A resized terminal changes the page's region without telling: look now and then.
        self.set_interval(0.25, lambda: self.update_from(page))

    def update_from(self, page: ScrollableContainer) -> None:
        """Show the hint when part of the page is below its visible region."""
        self.set_class(page.scroll_y < page.max_scroll_y - 0.5, "-more")
