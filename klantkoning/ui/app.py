"""The Textual app: one factory (``make_app``) shared by the CLI and every UI test."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.css.query import NoMatches
from textual.screen import Screen

from klantkoning.engine.saves.store import Profile, SaveStore
from klantkoning.i18n import t
from klantkoning.ui.app_texts import LocalisedApp
from klantkoning.ui.localize import localize_bindings

if TYPE_CHECKING:
    # Loading scenarios (pydantic) waits until a screen needs them: the first screen
    # appears without (issue 13, start-up).
    from klantkoning.engine.library.index import Library, ScenarioEntry
    from klantkoning.engine.library.summary import LibraryOverview
    from klantkoning.engine.records.recorder import Recorder
    from klantkoning.web.server import RoomOptions, RoomServer


class KlantkoningApp(LocalisedApp):
    """The game: a home screen, the scenario library, solo play, debrief and progress."""

    CSS_PATH = "app.tcss"
    TITLE = "Klantkoning"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "common.key_help", id="help", tooltip="common.tip_help"),
        Binding(
            "ctrl+q", "quit", "common.key_quit", id="quit", tooltip="common.tip_quit", show=False
        ),
        # Textual's own ctrl+p binding is described in English ("palette"): ours is not.
        Binding(
            "ctrl+p",
            "command_palette",
            "common.key_palette",
            id="palette",
            tooltip="common.tip_palette",
            show=False,
            priority=True,
        ),
    ]

    def __init__(
        self,
        scenarios_dir: Path | Sequence[Path],
        saves_dir: Path,
        *,
        player: str | None = None,
        scenario: str | None = None,
        initial_screen: Callable[[], Screen[Any]] | None = None,
        room: RoomOptions | None = None,
        seeds: Callable[[], int | None] | None = None,
    ) -> None:
        super().__init__()
        self.room_options = room
        self.room_server: RoomServer | None = None
        self._seeds = seeds or random_seed
        localize_bindings(self)
        # One folder, or the library's folders (the built-in first, see paths.Places).
        self.library_paths = (
            [Path(scenarios_dir)]
            if isinstance(scenarios_dir, str | Path)
            else [Path(p) for p in scenarios_dir]
        )
        self.saves_dir = Path(saves_dir)
        self._library: Library | None = None
        self._cached_overview: LibraryOverview | None = None
        self.store = SaveStore(self.saves_dir)
        self._recorder: Recorder | None = None
        from klantkoning.ui.plays import Plays

        self.plays = Plays(self)
        self.player: Profile | None = None
        self._start_player = player
        self._start_scenario = scenario
        self._initial_screen = initial_screen
        self._told: set[str] = set()

    # -- start-up ---------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        from klantkoning.ui.screens.home import HomeScreen

        return HomeScreen()

    def open_room(self, options: RoomOptions | None = None) -> RoomServer:
        """The room server (phones, projector page), started once in this app's loop."""
        from klantkoning.ui.room_host import open_room

        return open_room(self, options or self.room_options)

    async def on_unmount(self) -> None:
        if self._recorder is not None:
            self._recorder.stop_sending()
        server, self.room_server = self.room_server, None
        if server is not None:
            await server.stop()

    def on_mount(self) -> None:
        if self.room_options is not None:
            self.open_room()
        if self._start_player or self._start_scenario:
            self.store.list_profiles()  # a corrupt save is found (and moved aside) at once
        else:
            # The same just after the first screen is drawn: it is not on that screen.
            self.call_after_refresh(self._scan_saves)
        # Learning records (only with an LRS configured) start after the first frame too.
        self.call_after_refresh(self._start_records)
        if self._start_player:
            self.select_player(self._start_player)
        self.show_notices()
        if self._start_scenario:
            entry = self.library.get(self._start_scenario)
            if entry is None or not entry.ok:
                self.notify(
                    t("common.no_such_scenario", scenario=self._start_scenario),
                    severity="error",
                    markup=False,
                )
            else:
                self.start_scenario(entry)
        elif self._initial_screen is not None:
            self.push_screen(self._initial_screen())
        else:
            self.offer_resume()

    def _scan_saves(self) -> None:
        self.store.list_profiles()
        self.show_notices()

    @property
    def recorder(self) -> Recorder:
        """The learning-record recorder (made on first use: not on the start-up path)."""
        if self._recorder is None:
            from klantkoning.ui.records import make_recorder

            self._recorder, problem = make_recorder(self.saves_dir)
            if problem:
                self.notify(problem, severity="warning", timeout=12, markup=False)
        return self._recorder

    def _start_records(self) -> None:
        from klantkoning.ui.records import lrs_configured

        if lrs_configured():  # otherwise nothing to send, and nothing to load
            self.recorder.start_sending()

    def show_records_notice(self) -> None:
        """Tell once that learning records could not be queued (the play goes on)."""
        notice = self.recorder.notice
        if notice is not None:
            self.recorder.notice = None
            code, params = notice
            self._tell_once(code, t(code, **params))

    # -- library and players ----------------------------------------------------------

    @property
    def library(self) -> Library:
        """The library, loaded the first time a screen asks for it."""
        if self._library is None:
            self._library = self._load_library()
        return self._library

    def _load_library(self) -> Library:
        from klantkoning.engine.library.folders import load_library
        from klantkoning.engine.library.summary import write_overview

        library = load_library(self.library_paths)
        write_overview(self._overview_file(), library)
        return library

    def _overview_file(self) -> Path:
        from klantkoning import paths

        return paths.cache_dir() / "library-overview.json"

    def library_overview(self) -> LibraryOverview:
        """Counts and titles for the home screen: from the loaded library, else from the
        cache when no file changed since it was made, else by loading the library."""
        from klantkoning.engine.library.summary import overview_of, read_overview

        if self._library is None:
            # Read (and checked against the files) once: the home screen asks again on
            # every return to it, and a library loaded later answers from then on.
            if self._cached_overview is None:
                self._cached_overview = read_overview(self._overview_file(), self.library_paths)
            if self._cached_overview is not None:
                return self._cached_overview
        return overview_of(self.library)

    def reload_library(self) -> Library:
        """Read the scenario folder again (after an author edited a file)."""
        self._library = self._load_library()
        return self._library

    def select_player(self, name: str) -> Profile:
        """Make ``name`` the current player (a new profile when needed)."""
        self.player = self.store.get_or_create(name)
        self.store.remember_last_player(self.player.name)
        theme = self.player.settings.theme
        if theme and theme in self.available_themes:
            self.theme = theme
        self.show_notices()
        self._refresh_screens()
        return self.player

    def set_player(self, profile: Profile) -> None:
        """Replace the in-memory profile (after the store returned a fresh one)."""
        self.player = profile
        self.show_notices()

    def ensure_player(self, then: Callable[[], None]) -> None:
        """Run ``then`` once a player is chosen: at once, or after the profile dialog."""
        if self.player is not None:
            then()
            return
        from klantkoning.ui.screens.profile import ProfileDialog

        def picked(name: str | None) -> None:
            if name:
                self.select_player(name)
                then()

        self.push_screen(ProfileDialog(self.store), picked)

    def show_notices(self) -> None:
        """Tell the user what the save store noticed (a corrupt save moved aside, ...)."""
        for notice in list(self.store.notices):
            # Saving without a writable folder repeats its notice at every choice: tell once.
            self._tell_once(notice.message, notice.message)
        self.store.notices.clear()

    def _tell_once(self, key: str, message: str) -> None:
        """A warning shown once per run, however often it comes up."""
        if key not in self._told:
            self._told.add(key)
            self.notify(message, severity="warning", timeout=10, markup=False)

    def _refresh_screens(self) -> None:
        for screen in self.screen_stack:
            refresh = getattr(screen, "refresh_player", None)
            if callable(refresh) and screen.is_mounted:
                # NoMatches: not composed yet; it fills itself in on mount.
                with suppress(NoMatches):
                    refresh()

    @property
    def feedback_mode(self) -> str:
        return self.player.settings.feedback_mode if self.player else "direct"

    def toggle_feedback_mode(self) -> None:
        """Switch between direct feedback and exam mode; saved in the player's settings."""
        if self.player is None:
            self.ensure_player(self.toggle_feedback_mode)
            return
        from klantkoning.engine.saves.store import FeedbackMode

        old = self.player.settings
        mode: FeedbackMode = "exam" if old.feedback_mode == "direct" else "direct"
        self.set_player(self.store.update_settings(self.player, replace(old, feedback_mode=mode)))
        self.notify(t(f"common.mode_now_{mode}"))
        self._refresh_screens()

    def toggle_shuffle(self) -> None:
        """Switch shuffled options on or off; saved in the player's settings. A play
        already started keeps the order it has."""
        if self.player is None:
            self.ensure_player(self.toggle_shuffle)
            return
        old = self.player.settings
        settings = replace(old, shuffle=not old.shuffle)
        self.set_player(self.store.update_settings(self.player, settings))
        self.notify(t("teaching_ui.shuffle_on" if settings.shuffle else "teaching_ui.shuffle_off"))
        self._refresh_screens()

    def new_seed(self) -> int | None:
        """The seed of the option order of a new play: ``None`` (file order) when the
        player turned shuffling off."""
        if self.player is not None and not self.player.settings.shuffle:
            return None
        return self._seeds()

    def watch_theme(self, theme: str) -> None:
        # Remember the chosen theme per player (Textual's palette changes it).
        player = self.player
        if player is not None and player.settings.theme != theme:
            settings = replace(player.settings, theme=theme)
            self.set_player(self.store.update_settings(player, settings))

    # -- playing (ui/plays.py) ------------------------------------------------------

    def start_scenario(self, entry: ScenarioEntry) -> None:
        """Play ``entry``: pick a player if needed, offer to continue an unfinished play."""
        self.plays.start_scenario(entry)

    def resume_unfinished(self, restart_entry: ScenarioEntry | None = None) -> None:
        """Offer to continue the player's unfinished play (or start again when it changed)."""
        self.plays.resume_unfinished(restart_entry)

    # -- navigation -------------------------------------------------------------------

    async def go_home(self) -> None:
        """Back to the home screen, closing everything above it."""
        while len(self.screen_stack) > 1:
            await self.pop_screen()

    async def action_home(self) -> None:
        await self.go_home()

    def action_help(self) -> None:
        from klantkoning.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_library(self) -> None:
        from klantkoning.ui.screens.library import LibraryScreen

        if not isinstance(self.screen, LibraryScreen):
            self.push_screen(LibraryScreen())

    def action_progress(self) -> None:
        from klantkoning.ui.screens.progress import ProgressScreen

        def show() -> None:
            if not isinstance(self.screen, ProgressScreen):
                self.push_screen(ProgressScreen())

        self.ensure_player(show)

    def action_switch_player(self) -> None:
        from klantkoning.ui.screens.profile import ProfileDialog

        def picked(name: str | None) -> None:
            if name:
                self.select_player(name)
                self.offer_resume()

        self.push_screen(ProfileDialog(self.store), picked)

    def offer_resume(self) -> None:
        """A player who left a play unfinished is offered to continue it at once."""
        if self.player is not None and self.player.unfinished is not None:
            self.resume_unfinished()

    def action_feedback_mode(self) -> None:
        self.toggle_feedback_mode()

    def action_practise(self) -> None:
        """Oefenen: continue an unfinished play, or pick a scenario."""

        def go() -> None:
            if self.player is not None and self.player.unfinished is not None:
                self.resume_unfinished()
            else:
                self.action_library()

        self.ensure_player(go)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        # Textual's own commands (theme, quit, keys, screenshot), in the player's language.
        yield SystemCommand(
            t("common.cmd_theme"), t("common.cmd_theme_help"), self.action_change_theme
        )
        yield SystemCommand(t("common.cmd_quit"), t("common.cmd_quit_help"), self.action_quit)
        if screen.query("HelpPanel"):
            yield SystemCommand(
                t("common.cmd_keys_hide"),
                t("common.cmd_keys_hide_help"),
                self.action_hide_help_panel,
            )
        else:
            yield SystemCommand(
                t("common.cmd_keys"), t("common.cmd_keys_help"), self.action_show_help_panel
            )
        yield SystemCommand(
            t("common.cmd_screenshot"),
            t("common.cmd_screenshot_help"),
            lambda: self.set_timer(0.1, self.screenshot_to_downloads),
        )
        yield SystemCommand(t("common.cmd_home"), t("common.cmd_home_help"), self.action_home)
        yield SystemCommand(t("common.cmd_help"), t("common.cmd_help_help"), self.action_help)
        if self.in_play:
            # Starting, switching or re-moding from inside a play would leave this play's
            # screen underneath a new one, still able to overwrite the saved progress.
            return
        yield SystemCommand(
            t("common.cmd_practise"), t("common.cmd_practise_help"), self.action_practise
        )
        yield SystemCommand(
            t("common.cmd_library"), t("common.cmd_library_help"), self.action_library
        )
        yield SystemCommand(
            t("common.cmd_progress"), t("common.cmd_progress_help"), self.action_progress
        )
        yield SystemCommand(
            t("common.cmd_player"), t("common.cmd_player_help"), self.action_switch_player
        )
        yield SystemCommand(
            t("common.cmd_mode"), t("common.cmd_mode_help"), self.action_feedback_mode
        )
        yield SystemCommand(
            t("teaching_ui.cmd_shuffle"), t("teaching_ui.cmd_shuffle_help"), self.toggle_shuffle
        )

    @property
    def in_play(self) -> bool:
        """A play screen is open (possibly under a dialog or the help)."""
        from klantkoning.ui.screens.play import PlayScreen

        return any(isinstance(screen, PlayScreen) for screen in self.screen_stack)


def make_app(
    scenarios_dir: Path | Sequence[Path],
    saves_dir: Path,
    *,
    player: str | None = None,
    scenario: str | None = None,
    initial_screen: Callable[[], Screen[Any]] | None = None,
    room: RoomOptions | None = None,
    seeds: Callable[[], int | None] | None = None,
) -> KlantkoningApp:
    """The app on these folders. ``scenario`` (with ``player``) opens that play at once;
    ``initial_screen`` is pushed on top of the home screen at start; ``room`` opens the
    room server (phones and the projector page) as the app starts. ``seeds`` gives the
    seed of each new play's option order (default: random; ``None`` from it: file order)."""
    return KlantkoningApp(
        scenarios_dir,
        saves_dir,
        player=player,
        scenario=scenario,
        initial_screen=initial_screen,
        room=room,
        seeds=seeds,
    )


def random_seed() -> int | None:
    """A fresh seed for the option order of one play."""
    return secrets.randbelow(2**31)
