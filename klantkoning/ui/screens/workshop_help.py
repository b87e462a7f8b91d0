"""The trainer's help (flow and keys) and the note dialog of the workshop screens."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from klantkoning.i18n import t
from klantkoning.ui.localize import localize_bindings

KEYS: tuple[tuple[str, str], ...] = (
    ("Enter", "workshop.help.key_enter"),
    ("Spatie/Space", "workshop.help.key_space"),
    ("+", "workshop.help.key_plus"),
    ("1–8", "workshop.help.key_digits"),
    ("A–Z", "workshop.help.key_letters"),
    ("⌫", "workshop.help.key_backspace"),
    ("↑ ↓", "workshop.help.key_arrows"),
    ("PgUp PgDn", "workshop.help.key_pages"),
    ("F1 / ?", "workshop.help.key_f1"),
    ("F2", "workshop.help.key_f2"),
    ("F3", "workshop.help.key_f3"),
    ("F4", "workshop.help.key_f4"),
    ("F5", "workshop.help.key_f5"),
    ("F9", "workshop.help.key_f9"),
    ("Esc", "workshop.help.key_escape"),
)


def workshop_help_text() -> Text:
    """The help as plain text from the catalogue (no markup)."""
    out = Text()
    out.append(t("workshop.help.title") + "\n", style="bold underline")
    out.append(t("workshop.help.text").strip() + "\n\n")
    out.append(t("workshop.help.keys_title") + "\n", style="bold underline")
    for keys, key in KEYS:
        out.append(f"  {keys:<14}", style="bold")
        out.append(t(key) + "\n")
    out.append("\n" + t("workshop.help.close"), style="italic")
    return out


class WorkshopHelpScreen(ModalScreen[None]):
    """How a workshop runs and which key does what, for a trainer new to the tool."""

    CSS_PATH = "../workshop.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,question_mark,q", "close", "dialog.cancel", id="ws-help-close"),
    ]

    def __init__(self) -> None:
        super().__init__(classes="dialog")
        localize_bindings(self)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="ws-help-box"):
            yield Static(workshop_help_text(), id="ws-help-text", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)


class NoteDialog(ModalScreen[str | None]):
    """Type one note for the report; Enter keeps it, Escape drops it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "dialog.key_cancel", id="ws-note-cancel")
    ]

    def __init__(self) -> None:
        super().__init__(classes="dialog")
        localize_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(t("workshop.note.title"), classes="dialog-title", markup=False)
            yield Label(t("workshop.note.hint"), classes="dialog-hint", markup=False)
            yield Input(placeholder=t("workshop.note.placeholder"), id="ws-note-input")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#ws-note-input")
    def _done(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
