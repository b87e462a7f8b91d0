"""The customer's line as a speech balloon with the customer's name on it."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from klantkoning.ui.localize import cleaned, plain


class SpeechBalloon(Static):
    """A rounded balloon; name and line are shown literally (never markup)."""

    DEFAULT_CSS = """
    SpeechBalloon {
        /* Lightened: the plain secondary colour is too dark to read on the dark theme. */
        border: round $secondary-lighten-2;
        border-title-align: left;
        border-title-style: bold;
        border-title-color: $foreground;
        padding: 0 1;
        height: auto;
        width: 100%;
    }
    SpeechBalloon.-empty {
        display: none;
    }
    """

    def __init__(self, name: str = "", line: str | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.say(name, line)

    def say(self, name: str, line: str | None) -> None:
        """Show ``line`` said by ``name``; hide the balloon when there is no line."""
        self.border_title = Text("💬 " + cleaned(name))
        self.set_class(not line, "-empty")
        self.update(plain(line, style="italic"))
