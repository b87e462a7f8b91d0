"""Help: the keys, and what the game is about (principles, verleuken, values, levels)."""

from __future__ import annotations

import io
from typing import ClassVar

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from klantkoning.engine.format.dimensions import DEFAULT_DIMENSIONS, GROUPS, Dimensions
from klantkoning.engine.format.model import LEVELS
from klantkoning.i18n import t
from klantkoning.ui.localize import localize_bindings
from klantkoning.ui.widgets.footer import KeyFooter

KEYS: tuple[tuple[str, str], ...] = (
    ("1–9", "help.keys_choice"),
    ("↑ ↓ Enter", "help.keys_arrows"),
    ("Enter / ␣", "help.keys_continue"),
    ("Esc", "help.keys_escape"),
    ("o v s p f", "help.keys_home"),
    ("/  Ctrl+T", "help.keys_library"),
    ("d  o", "teaching_ui.help_debrief"),
    ("Ctrl+S", "library.sector.help"),
    ("?", "help.keys_help"),
    ("Ctrl+P", "help.keys_palette"),
    ("Ctrl+Q", "help.keys_quit"),
)


def _grid(key_width: int) -> Table:
    """Two columns; a wrapped line stays indented under its text, not under the key."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=key_width, no_wrap=True)
    grid.add_column(ratio=1)
    return grid


def help_text(dimensions: Dimensions = DEFAULT_DIMENSIONS) -> Group:
    """The whole help, built from the catalogue (no markup)."""
    parts: list[RenderableType] = []

    def heading(key: str) -> None:
        parts.append(Text(("\n" if parts else "") + t(key), style="bold underline"))

    def para(key: str) -> None:
        parts.append(Text(t(key)))

    heading("help.keys_title")
    keys = _grid(12)
    for shown, key in KEYS:
        keys.add_row(Text("  " + shown, style="bold"), Text(t(key)))
    parts.append(keys)
    heading("help.game_title")
    para("help.game_text")
    para("teaching_ui.help_shuffle")
    for group in GROUPS:
        heading(f"help.group_{group}")
        para(f"help.group_{group}_text")
        dims = _grid(3)
        for dim in dimensions.in_group(group):
            line = Text(dim.label(), style="bold")
            line.append(f" — {dim.explain()}", style="not bold")
            dims.add_row(Text("  •"), line)
        parts.append(dims)
    heading("help.levels_title")
    para("help.levels_text")
    levels = _grid(4)
    for n, level in enumerate(LEVELS, start=1):
        line = Text(t(f"level.{level}"), style="bold")
        line.append(f" — {t(f'level_question.{level}')}", style="not bold")
        levels.add_row(Text(f"  {n}."), line)
    parts.append(levels)
    heading("help.outcomes_title")
    outcomes = _grid(3)
    for outcome in ("ontevreden", "tevreden", "enthousiast"):
        line = Text(t(f"outcome.{outcome}"), style="bold")
        line.append(f" — {t(f'outcome_line.{outcome}')}", style="not bold")
        outcomes.add_row(Text("  •"), line)
    parts.append(outcomes)
    parts.append(Text("\n" + t("help.mood_text")))
    return Group(*parts)


def help_plain(dimensions: Dimensions = DEFAULT_DIMENSIONS, width: int = 100) -> str:
    """The help as plain text (what a reader sees), for tests and a quick look."""
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    console.print(help_text(dimensions))
    return console.export_text()


class HelpScreen(Screen[None]):
    """Keys and the ideas behind the game."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "help.key_close", id="help-close"),
    ]

    def __init__(self) -> None:
        super().__init__(id="help")
        localize_bindings(self)

    def compose(self) -> ComposeResult:
        dimensions = getattr(self.app, "library", None)
        dims = dimensions.dimensions if dimensions is not None else DEFAULT_DIMENSIONS
        with VerticalScroll(id="help-scroll", classes="page"), Vertical(classes="column"):
            yield Static(t("help.title"), classes="page-title")
            yield Static(help_text(dims), id="help-text")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()

    def action_close(self) -> None:
        self.app.pop_screen()
