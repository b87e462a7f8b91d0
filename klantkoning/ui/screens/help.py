"""Help: the keys, and what the game is about (principles, verleuken, values, levels)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from klantkoning.engine.dimensions import DEFAULT_DIMENSIONS, GROUPS, Dimensions
from klantkoning.engine.model import LEVELS
from klantkoning.i18n import t
from klantkoning.ui.localize import localize_bindings

KEYS: tuple[tuple[str, str], ...] = (
    ("1–9", "help.keys_choice"),
    ("↑ ↓ Enter", "help.keys_arrows"),
    ("Enter / ␣", "help.keys_continue"),
    ("Esc", "help.keys_escape"),
    ("?", "help.keys_help"),
    ("Ctrl+P", "help.keys_palette"),
    ("Ctrl+Q", "help.keys_quit"),
)


def help_text(dimensions: Dimensions = DEFAULT_DIMENSIONS) -> Text:
    """The whole help text, built from the catalogue (no markup)."""
    out = Text()

    def heading(key: str) -> None:
        out.append(("\n" if out else "") + t(key) + "\n", style="bold underline")

    heading("help.keys_title")
    for keys, key in KEYS:
        out.append(f"  {keys:<12}", style="bold")
        out.append(t(key) + "\n")
    heading("help.game_title")
    out.append(t("help.game_text") + "\n")
    for group in GROUPS:
        heading(f"help.group_{group}")
        out.append(t(f"help.group_{group}_text") + "\n")
        for dim in dimensions.in_group(group):
            out.append(f"  • {dim.label()}", style="bold")
            out.append(f" — {dim.explain()}\n")
    heading("help.levels_title")
    out.append(t("help.levels_text") + "\n")
    for n, level in enumerate(LEVELS, start=1):
        out.append(f"  {n}. {t(f'level.{level}')}", style="bold")
        out.append(f" — {t(f'level_question.{level}')}\n")
    heading("help.outcomes_title")
    for outcome in ("ontevreden", "tevreden", "enthousiast"):
        out.append(f"  • {t(f'outcome.{outcome}')}", style="bold")
        out.append(f" — {t(f'outcome_line.{outcome}')}\n")
    out.append("\n" + t("help.mood_text") + "\n")
    return out


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
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()

    def action_close(self) -> None:
        self.app.pop_screen()
