"""The author screen: pick a scenario of the library (or type a path) to preview it live."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from klantkoning.engine.library.index import ScenarioEntry
from klantkoning.engine.library.loader import GOLDEN_SUFFIX
from klantkoning.i18n import t
from klantkoning.ui.localize import localize_bindings
from klantkoning.ui.widgets.footer import KeyFooter


def entry_text(entry: ScenarioEntry) -> Text:
    """One row: status mark, id, title, file name; literal text."""
    errors = sum(1 for p in entry.problems if p.is_error)
    warnings = len(entry.problems) - errors
    out = Text(no_wrap=True, overflow="ellipsis")
    if errors:
        out.append("✗ ", style="bold red")
    elif warnings:
        out.append("! ", style="bold yellow")
    else:
        out.append("✓ ", style="bold green")
    out.append(entry.id, style="bold")
    if entry.scenario is not None:
        out.append(f"  {entry.scenario.scenario.title}")
    out.append(f"  ({entry.file.name}", style="dim")
    if errors or warnings:
        out.append(", " + t("author.screen.counts", errors=errors, warnings=warnings), style="dim")
    out.append(")", style="dim")
    return out


class AuthorScreen(Screen[None]):
    """Choose a file to open in the live preview."""

    DEFAULT_CSS = """
    AuthorScreen #author-body { padding: 1 2; }
    AuthorScreen #author-list { height: 1fr; min-height: 5; }
    AuthorScreen #author-error { color: $error; height: auto; }
    AuthorScreen .author-help { color: $text-muted; margin: 1 0 0 0; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "author.screen.key_back", id="author-back",
                tooltip="author.screen.tip_back"),
        Binding("ctrl+r", "refresh", "author.screen.key_refresh", id="author-refresh",
                tooltip="author.screen.tip_refresh"),
    ]  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        localize_bindings(self)
        self._entries: list[ScenarioEntry] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="author-body"):
            yield Static(t("author.screen.title"), classes="page-title")
            yield Static(t("author.screen.intro"), markup=False)
            yield OptionList(id="author-list")
            yield Static(t("author.screen.path_label"), classes="section-title", markup=False)
            yield Input(placeholder=t("author.screen.path_placeholder"), id="author-path")
            yield Static("", id="author-error", markup=False)
            yield Static(t("author.screen.help"), classes="author-help", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self._fill()
        self.query_one(OptionList).focus()

    def _fill(self) -> None:
        app: Any = self.app
        library = app.library
        # Golden play files sit beside scenarios; they are not scenarios themselves.
        self._entries = sorted(
            (e for e in library.entries if not e.file.name.endswith(GOLDEN_SUFFIX)),
            key=lambda e: e.id,
        )
        options = self.query_one(OptionList)
        options.clear_options()
        if not self._entries:
            options.add_option(Option(t("author.screen.empty"), disabled=True))
            return
        options.add_options(
            Option(entry_text(e), id=f"author-entry-{i}") for i, e in enumerate(self._entries)
        )
        options.highlighted = 0  # Enter opens the first file at once

    @on(OptionList.OptionSelected, "#author-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id.startswith("author-entry-"):
            self.open(self._entries[int(option_id.removeprefix("author-entry-"))].file)

    @on(Input.Submitted, "#author-path")
    def _typed(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            return
        path = Path(text).expanduser()
        if not path.is_absolute() and not path.is_file():
            # A name in the library's folders: the author's own ones before the built-in
            # one (which the library lists first).
            app: Any = self.app
            for folder in reversed(app.library_paths):
                candidate = Path(folder) / text
                if candidate.is_file():
                    path = candidate
                    break
        if not path.is_file():
            self.query_one("#author-error", Static).update(t("author.screen.no_file", path=text))
            return
        self.query_one("#author-error", Static).update("")
        self.open(path)

    def open(self, path: Path) -> None:
        """Open ``path`` in the live preview."""
        from klantkoning.ui.screens.preview import PreviewScreen

        self.app.push_screen(PreviewScreen(path.resolve()))

    def action_refresh(self) -> None:
        """Read the library again (after adding a file)."""
        app: Any = self.app
        app.reload_library()
        self._fill()

    def action_back(self) -> None:
        self.dismiss()
