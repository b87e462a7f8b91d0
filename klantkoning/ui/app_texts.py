"""Textual's own words, in the player's language.

Textual says a few things itself: the hint when someone presses Ctrl+C (the key most people
try first to stop a program), the search prompts of the command palette and the theme
picker, and what became of a screenshot. ``LocalisedApp`` says them through the catalogue,
and as plain text: a screenshot's path may contain ``[`` and is never read as markup.
"""

from __future__ import annotations

from contextlib import suppress

from textual import events, on
from textual.app import App

from klantkoning.i18n import t


class LocalisedApp(App[None]):
    """An ``App`` whose built-in messages come from the catalogue."""

    def action_help_quit(self) -> None:
        for key, active in self.active_bindings.items():
            if active.binding.action in ("quit", "app.quit"):
                self.notify(
                    t("common.ctrl_c_text", key=self.get_key_display(active.binding) or key),
                    title=t("common.ctrl_c_title"),
                    markup=False,
                )
                return

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not any(
            isinstance(screen, CommandPalette) for screen in self.screen_stack
        ):
            self.push_screen(
                CommandPalette(placeholder=t("common.palette_placeholder"), id="--command-palette")
            )

    def search_themes(self) -> None:
        from textual.command import CommandPalette
        from textual.theme import ThemeProvider

        self.push_screen(
            CommandPalette(providers=[ThemeProvider], placeholder=t("common.theme_placeholder"))
        )

    def screenshot_to_downloads(self) -> None:
        """A screenshot into the Downloads folder, or (on a machine without one) into the
        game's own data folder: never a failure because a folder is missing."""
        from platformdirs import user_downloads_path

        from klantkoning import paths

        folder = user_downloads_path()
        if not folder.is_dir():
            folder = paths.user_data_dir() / "schermafdrukken"
            with suppress(OSError):  # if it cannot be made, the delivery fails and says why
                folder.mkdir(parents=True, exist_ok=True)
        self.deliver_screenshot(path=str(folder))

    @on(events.DeliveryComplete)
    def _screenshot_saved(self, event: events.DeliveryComplete) -> None:
        if event.name != "screenshot":
            return
        event.prevent_default()  # instead of Textual's English (and markup) notice
        if event.path is None:  # in a browser: the browser downloads it
            text = t("common.screenshot_sent")
        else:
            text = t("common.screenshot_saved", path=str(event.path))
        self.notify(text, title=t("common.cmd_screenshot"), markup=False)

    @on(events.DeliveryFailed)
    def _screenshot_failed(self, event: events.DeliveryFailed) -> None:
        if event.name != "screenshot":
            return
        event.prevent_default()
        from klantkoning.oserror import reason

        error = event.exception
        detail = reason(error) if isinstance(error, OSError) else type(error).__name__
        self.notify(
            t("common.screenshot_failed", detail=detail),
            title=t("common.cmd_screenshot"),
            severity="error",
            markup=False,
        )
