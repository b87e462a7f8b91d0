"""The author guide in the app: Textual's Markdown viewer with a table of contents."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Header, MarkdownViewer

from klantkoning.i18n import t
from klantkoning.ui.localize import localize_bindings
from klantkoning.ui.widgets.footer import KeyFooter


class GuideScreen(Screen[None]):
    """The guide (our own Markdown file, shipped with the game), with its contents aside."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "guide.key_close", id="guide-close"),
        Binding("t", "toc", "guide.key_toc", id="guide-toc"),
    ]

    def __init__(self, text: str) -> None:
        super().__init__()
        localize_bindings(self)
        self._text = text

    def compose(self) -> ComposeResult:
        yield Header()
        yield MarkdownViewer(self._text, show_table_of_contents=True, id="guide")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = t("guide.title")
        self.query_one(MarkdownViewer).focus()

    def action_toc(self) -> None:
        viewer = self.query_one(MarkdownViewer)
        viewer.show_table_of_contents = not viewer.show_table_of_contents

    def action_close(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.exit()


class GuideApp(App[None]):
    """``klantkoning guide``: only the guide, nothing else loaded."""

    TITLE = "Klantkoning"

    def __init__(self, file: Path) -> None:
        super().__init__()
        self._file = file

    def on_mount(self) -> None:
        self.push_screen(GuideScreen(self._file.read_text("utf-8", errors="replace")))
