"""Small modal dialogs that return the user's answer through ``dismiss``."""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from klantkoning.ui.localize import literal, localize_bindings


class ChoiceDialog(ModalScreen[str | None]):
    """A question with a few answers; returns the id of the answer, ``None`` on escape.

    ``title`` and ``text`` are shown literally (they may contain a scenario title).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "dialog.key_cancel", id="dialog-cancel"),
    ]

    def __init__(self, title: str, text: str, options: list[tuple[str, str]]) -> None:
        super().__init__(classes="dialog")
        localize_bindings(self)
        self._title = title
        self._text = text
        self._options = options

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(literal(self._title), classes="dialog-title")
            yield Label(literal(self._text), classes="dialog-text")
            yield OptionList(
                *[
                    Option(literal(f"{n}  {label}"), id=option_id)
                    for n, (option_id, label) in enumerate(self._options, start=1)
                ],
                id="dialog-options",
            )

    def on_key(self, event: events.Key) -> None:
        key = event.key
        if key.isdigit() and 1 <= int(key) <= len(self._options):
            # Stop here: the key must not also reach the screen that appears next.
            event.stop()
            event.prevent_default()
            self.dismiss(self._options[int(key) - 1][0])

    @on(OptionList.OptionSelected, "#dialog-options")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question; ``True`` for yes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "no", "dialog.key_no", id="dialog-no"),
        Binding("y,j", "yes", "dialog.key_yes", id="dialog-yes"),
        Binding("n", "no", "dialog.key_no", id="dialog-no-letter", show=False),
    ]

    def __init__(self, title: str, text: str, yes: str, no: str) -> None:
        super().__init__(classes="dialog")
        localize_bindings(self)
        self._title, self._text, self._yes, self._no = title, text, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(literal(self._title), classes="dialog-title")
            yield Label(literal(self._text), classes="dialog-text")
            yield OptionList(
                Option(literal(self._yes), id="yes"),
                Option(literal(self._no), id="no"),
                id="dialog-options",
            )

    @on(OptionList.OptionSelected, "#dialog-options")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id == "yes")

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)
