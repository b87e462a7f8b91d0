"""The home screen: the crown, who is playing, and the ways into the game."""

from __future__ import annotations

import importlib
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from klantkoning.i18n import t
from klantkoning.ui.localize import localize_bindings, scenario_title

CROWN = "\n".join(
    [
        "  ♦     ♦     ♦  ",
        " ▗█▖   ▗█▖   ▗█▖ ",
        " ███▙▄▟███▙▄▟███ ",
        " ▜█████████████▛ ",
        "  ▀▀▀▀▀▀▀▀▀▀▀▀▀  ",
    ]
)

# (option id, catalogue key, key, lazy screen "module:Class" or None)
ENTRIES: tuple[tuple[str, str, str, str | None], ...] = (
    ("practise", "home.practise", "o", None),
    ("workshop", "home.workshop", "w", "klantkoning.ui.screens.workshop_setup:WorkshopSetupScreen"),
    ("progress", "home.progress", "v", None),
    ("library", "home.library", "s", None),
    ("author", "home.author", "a", "klantkoning.ui.screens.author:AuthorScreen"),
    ("help", "home.help", "h", None),
    ("quit", "home.quit", "q", None),
)


def load_screen_class(spec: str) -> type[Screen[Any]] | None:
    """The screen class named ``module:Class``, or ``None`` when it is not there (yet)."""
    module_name, _, class_name = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
        cls = getattr(module, class_name)
    except Exception:  # a missing or broken optional screen must not stop the game
        return None
    return cls if isinstance(cls, type) and issubclass(cls, Screen) else None


class HomeScreen(Screen[None]):
    """Start here: pick a player and a way in."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "entry('practise')", "home.key_practise", id="home-practise"),
        Binding("w", "entry('workshop')", "home.key_workshop", id="home-workshop", show=False),
        # Voortgang and Scenario's show their letter in the menu; the footer keeps room
        # for what the menu does not show (player, feedback mode, help, commands).
        Binding("v", "entry('progress')", "home.key_progress", id="home-progress", show=False),
        Binding("s", "entry('library')", "home.key_library", id="home-library", show=False),
        Binding("a", "entry('author')", "home.key_author", id="home-author", show=False),
        Binding("p", "app.switch_player", "home.key_player", id="home-player"),
        Binding("f", "app.feedback_mode", "home.key_mode", id="home-mode"),
        Binding("h", "entry('help')", "home.key_help", id="home-help", show=False),
        Binding("q", "entry('quit')", "home.key_quit", id="home-quit", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(id="home")
        localize_bindings(self)
        self._screens: dict[str, type[Screen[Any]] | None] = {
            entry_id: load_screen_class(spec) for entry_id, _, _, spec in ENTRIES if spec
        }

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="home-scroll"), Vertical(id="home-column"):
            yield Static(Text(CROWN, style="bold"), id="home-crown")
            yield Static(t("home.name"), id="home-title")
            yield Static(t("home.tagline"), id="home-tagline")
            yield Static(id="home-player")
            with Center():
                yield OptionList(*self._options(), id="home-menu")
            yield Static(id="home-status")
        yield Footer()

    def _options(self) -> list[Option]:
        options = []
        for entry_id, key, letter, spec in ENTRIES:
            label = Text.assemble((f" {letter} ", "bold reverse"), "  ", t(key))
            disabled = False
            if spec and self._screens.get(entry_id) is None:
                label.append(f"  ({t('home.soon')})", style="dim")
                disabled = True
            options.append(Option(label, id=entry_id, disabled=disabled))
        return options

    def on_mount(self) -> None:
        self.refresh_player()
        self.query_one("#home-menu", OptionList).focus()

    def on_screen_resume(self) -> None:
        self.refresh_player()

    def refresh_player(self) -> None:
        """Show who is playing and the feedback mode."""
        app = self.app
        player = getattr(app, "player", None)
        library = getattr(app, "library", None)
        line = Text(justify="center")
        if player is None:
            line.append(t("home.no_player"), style="italic")
        else:
            line.append(t("home.player_label") + " ")
            line.append(player.name, style="bold")
            line.append("  ·  " + t(f"home.mode_{player.settings.feedback_mode}"))
            unfinished = player.unfinished
            if unfinished is not None and library is not None:
                title = scenario_title(library, unfinished.scenario_id)
                line.append("\n⏸ " + t("home.unfinished") + " ", style="italic")
                line.append(title, style="italic bold")
                line.append(" — " + t("home.unfinished_key"), style="italic")
        self.query_one("#home-player", Static).update(line)
        status = Text(justify="center")
        store = getattr(app, "store", None)
        if store is not None and not store.writable:
            status.append("⚠ " + t("home.not_saving"), style="bold")
        if library is not None:
            if status:
                status.append("\n")
            if not library.entries:
                folders = ", ".join(str(root) for root in library.roots)
                status.append("⚠ " + t("library.empty", folder=folders), style="bold")
            else:
                status.append(
                    t("home.library_count", count=len(library.playable), broken=len(library.broken))
                    if library.broken
                    else t("home.library_count_ok", count=len(library.playable)),
                    style="dim",
                )
        self.query_one("#home-status", Static).update(status)

    @on(OptionList.OptionSelected, "#home-menu")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.action_entry(event.option.id)

    def action_entry(self, entry_id: str) -> None:
        """Open one of the ways in."""
        app: Any = self.app
        if entry_id == "practise":
            app.action_practise()
        elif entry_id == "progress":
            app.action_progress()
        elif entry_id == "library":
            app.action_library()
        elif entry_id == "help":
            app.action_help()
        elif entry_id == "quit":
            app.exit()
        else:
            screen_class = self._screens.get(entry_id)
            if screen_class is None:
                self.notify(t("home.soon_long"))
            else:
                app.push_screen(screen_class())
