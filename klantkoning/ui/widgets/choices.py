"""The visible choices of a beat: keys 1–9, arrows + Enter, or the mouse."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual import events, on
from textual.containers import ScrollableContainer
from textual.geometry import Region
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from klantkoning.ui.localize import plain


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
            prompt = Table.grid(padding=(0, 1), expand=True)
            prompt.add_column(width=3, no_wrap=True)
            prompt.add_column(ratio=1)
            prompt.add_row(Text(f" {number} ", style="bold reverse"), plain(text))
            options.append(Option(prompt, id=f"choice-{number}"))
        self.add_options(options)
        if options:
            self.highlighted = 0

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
        container.scroll_to_region(
            Region(0, top_y, 1, heights[highlighted]), animate=False, immediate=True
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
