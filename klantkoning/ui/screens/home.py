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
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from klantkoning.i18n import t
from klantkoning.ui.localize import localize_bindings
from klantkoning.ui.widgets.footer import KeyFooter

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


def _module_exists(spec: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(spec.partition(":")[0]) is not None
    except (ImportError, ValueError):
        return False


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
        # Whether each optional screen is there, without importing it: importing the
        # workshop and author screens loads every scenario model (start-up, issue 13).
        self._specs: dict[str, str] = {e_id: spec for e_id, _, _, spec in ENTRIES if spec}
        self._available = {e_id: _module_exists(spec) for e_id, spec in self._specs.items()}

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="home-scroll"), Vertical(id="home-column"):
            yield Static(Text(CROWN, style="bold"), id="home-crown")
            yield Static(t("home.name"), id="home-title")
            yield Static(t("home.tagline"), id="home-tagline")
            yield Static(id="home-player")
            with Center():
                yield OptionList(*self._options(), id="home-menu")
            yield Static(id="home-status")
        yield KeyFooter()

    def _options(self) -> list[Option]:
        options = []
        for entry_id, key, letter, spec in ENTRIES:
            label = Text.assemble((f" {letter} ", "bold reverse"), "  ", t(key))
            disabled = False
            if spec and not self._available.get(entry_id):
                label.append(f"  ({t('home.soon')})", style="dim")
                disabled = True
            options.append(Option(label, id=entry_id, disabled=disabled))
        return options

    # Focused by Textual when the screen starts: focusing it in on_mount as well moved the
    # focus twice, and each move redraws the footer (start-up, issue 13).
    AUTO_FOCUS = "#home-menu"

    def on_mount(self) -> None:
        self.refresh_player()

    def on_screen_resume(self) -> None:
        self.refresh_player()

    def refresh_player(self) -> None:
        """Show who is playing and the feedback mode."""
        app = self.app
        player = getattr(app, "player", None)
        overview_of = getattr(app, "library_overview", None)
        library = overview_of() if callable(overview_of) else None
        line = Text(justify="center")
        if player is None:
            line.append(t("home.no_player"), style="italic")
        else:
            line.append(t("home.player_label") + " ")
            line.append(player.name, style="bold")
            line.append("  ·  " + t(f"home.mode_{player.settings.feedback_mode}"))
            unfinished = player.unfinished
            if unfinished is not None and library is not None:
                title = library.title(unfinished.scenario_id)
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
            if library.empty:
                folders = ", ".join(str(root) for root in library.roots)
                status.append("⚠ " + t("library.empty", folder=folders), style="bold")
            else:
                status.append(
                    t(
                        "home.library_count",
                        count=library.playable_count,
                        broken=library.broken_count,
                    )
                    if library.broken_count
                    else t("home.library_count_ok", count=library.playable_count),
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
            spec = self._specs.get(entry_id)
            screen_class = load_screen_class(spec) if spec else None
            if screen_class is None:
                self.notify(t("home.soon_long"))
            else:
                app.push_screen(screen_class())
