"""Who is playing: pick an existing profile or type a new name."""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from klantkoning.engine.saves.store import NAME_MAX, SaveError, SaveStore, clean_name
from klantkoning.i18n import t
from klantkoning.ui.localize import literal, localize_bindings


class ProfileDialog(ModalScreen[str | None]):
    """Returns the chosen or typed name, ``None`` when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "dialog.key_cancel", id="profile-cancel"),
    ]

    def __init__(self, store: SaveStore) -> None:
        super().__init__(classes="dialog")
        localize_bindings(self)
        self._store = store

    def compose(self) -> ComposeResult:
        profiles = self._store.list_profiles()
        with Vertical(classes="dialog-box", id="profile-box"):
            yield Label(t("profile.title"), classes="dialog-title")
            if profiles:
                yield Label(t("profile.existing"), classes="dialog-text")
                yield OptionList(
                    *[Option(literal(p.name), id=f"p{i}") for i, p in enumerate(profiles)],
                    id="profile-list",
                )
            yield Label(t("profile.new") if profiles else t("profile.first"), classes="dialog-text")
            yield Input(
                placeholder=t("profile.placeholder"),
                max_length=NAME_MAX,
                id="profile-name",
                select_on_focus=False,
            )
            yield Label(
                t("profile.hint") if profiles else t("profile.hint_first"), classes="dialog-hint"
            )
        self._profiles = profiles
        self._names = [p.name for p in profiles]

    def on_mount(self) -> None:
        name_input = self.query_one("#profile-name", Input)
        if self.app.is_headless:
            name_input.cursor_blink = False
        # A returning player only presses Enter; a new one just starts typing (see on_key).
        lists = self.query("#profile-list")
        if lists:
            listing = lists.first(OptionList)
            listing.highlighted = self._most_recent()
            listing.focus()
        else:
            name_input.focus()

    def _most_recent(self) -> int:
        """The index of the player chosen last (remembered in the saves folder), else of
        the profile played most recently (its save file changed last)."""
        last = self._store.last_player()
        if last in self._names:
            return self._names.index(last)
        best, best_time = 0, -1.0
        for n, profile in enumerate(self._profiles):
            try:
                moment = self._store.path_for(profile).stat().st_mtime
            except OSError:
                continue
            if moment > best_time:
                best, best_time = n, moment
        return best

    def _typing_into_list(self) -> Input | None:
        """The name field, when keys meant for it reach the list (it has the focus)."""
        lists = self.query("#profile-list")
        if not lists or self.focused is not lists.first():
            return None
        return self.query_one("#profile-name", Input)

    def on_key(self, event: events.Key) -> None:
        name_input = self._typing_into_list()
        if name_input is None:
            return
        character = event.character
        # A space only once a name is begun: before that it is the list's. Keys that come
        # in one burst (a fast typist, a remote terminal) reach the list before the focus
        # has moved, spaces among them.
        if character and character.isprintable() and (not character.isspace() or name_input.value):
            name_input.focus()
            name_input.insert_text_at_cursor(character)
            event.stop()
            event.prevent_default()

    def on_paste(self, event: events.Paste) -> None:
        """A name pasted while the list has the focus goes into the name field."""
        name_input = self._typing_into_list()
        if name_input is None:
            return
        text = " ".join(event.text.split())  # one line: a name has no line breaks
        if text:
            name_input.focus()
            name_input.insert_text_at_cursor(text[: NAME_MAX - len(name_input.value)])
            event.stop()
            event.prevent_default()

    @on(Input.Submitted, "#profile-name")
    def _typed(self, event: Input.Submitted) -> None:
        try:
            name = clean_name(event.value)
        except SaveError as exc:
            self.notify(exc.message, severity="warning", markup=False)
            return
        self.dismiss(name)

    @on(OptionList.OptionSelected, "#profile-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._names[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
