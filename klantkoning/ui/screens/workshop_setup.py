"""Preparing a workshop: the agenda, how the room votes, the timer; or resume an unfinished one."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    OptionList,
    RadioButton,
    RadioSet,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from klantkoning.engine.format.names import sector_label
from klantkoning.engine.library.index import ScenarioEntry
from klantkoning.engine.workshop import (
    Workshop,
    WorkshopError,
    WorkshopFile,
    WorkshopSettings,
    list_workshops,
    load_workshop,
)
from klantkoning.i18n import get_language, t
from klantkoning.ui.localize import cleaned, localize_bindings, one_line, tn
from klantkoning.ui.widgets.footer import KeyFooter

DEFAULT_TIMER = 180


class WorkshopSetupScreen(Screen[None]):
    """The set-up screen the home screen's "Workshop" entry opens."""

    CSS_PATH = "../workshop.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "start", "workshop.setup.key_start", id="ws-start"),
        Binding("f1", "help", "workshop.play.key_help", id="ws-setup-help"),
        Binding("escape", "back", "workshop.setup.key_back", id="ws-setup-back"),
    ]

    def __init__(self, agenda: list[str] | None = None) -> None:
        super().__init__()
        localize_bindings(self)
        self._initial_agenda = list(agenda or [])
        self.agenda: list[ScenarioEntry] = []
        self._unfinished: list[WorkshopFile] = []

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="ws-setup"):
            yield Static(Text(t("workshop.setup.title"), style="bold"), id="ws-setup-title")
            yield Static(Text(t("workshop.setup.intro")), classes="ws-setup-intro")
            with Vertical(id="ws-resume-box"):
                yield Static(
                    Text(t("workshop.setup.resume_title"), style="bold underline"),
                    classes="ws-setup-head",
                )
                yield OptionList(id="ws-resume")
            yield Static(
                Text(t("workshop.setup.library_title"), style="bold underline"),
                classes="ws-setup-head",
            )
            with Horizontal(id="ws-pick"):
                yield OptionList(id="ws-library")
                with Vertical(id="ws-agenda-box"):
                    yield Static(Text(t("workshop.setup.agenda_title"), style="bold"))
                    yield OptionList(id="ws-agenda")
            yield Static(
                Text(t("workshop.setup.mode_title"), style="bold underline"),
                classes="ws-setup-head",
            )
            with RadioSet(id="ws-mode"):
                yield RadioButton(t("workshop.setup.mode_teams"), value=True, id="ws-mode-teams")
                yield RadioButton(t("workshop.setup.mode_room"), id="ws-mode-room")
            with Vertical(id="ws-teams-box"):
                yield Static(Text(t("workshop.setup.teams_title"), style="bold"))
                yield TextArea(
                    "",
                    id="ws-teams",
                    soft_wrap=False,
                    show_line_numbers=True,
                    placeholder=t("workshop.setup.teams_placeholder"),
                )
            yield Static(
                Text(t("workshop.setup.timer_title"), style="bold underline"),
                classes="ws-setup-head",
            )
            yield Input(str(DEFAULT_TIMER), id="ws-timer-input", type="integer", max_length=4)
            yield Checkbox(t("workshop.setup.show_scores"), value=True, id="ws-show-scores")
            yield Checkbox(t("workshop.setup.projector"), value=True, id="ws-projector")
            room_open = getattr(self.app, "room_options", None) is not None
            yield Checkbox(t("room.setup.room"), value=room_open, id="ws-room-switch")
            yield Static("", id="ws-setup-error", markup=False)
            yield Button(t("workshop.setup.start"), id="ws-start-button", variant="primary")
        yield KeyFooter()

    def on_mount(self) -> None:
        library = self.app.library  # type: ignore[attr-defined]
        entries = library.playable
        picker = self.query_one("#ws-library", OptionList)
        for entry in entries:
            assert entry.scenario is not None
            meta = entry.scenario.scenario
            item = Text(
                t("workshop.setup.library_item", title=cleaned(meta.title), minutes=meta.minutes)
            )
            sector = one_line(sector_label(meta.sector))
            if sector:
                item.append(f"  ·  {sector}", style="dim")
            picker.add_option(Option(item, id=f"lib-{entry.id}"))
        if not entries:
            self._error(t("workshop.setup.no_library"))
        for ref in self._initial_agenda:
            entry = library.get(ref)
            if entry is not None and entry.ok:
                self.agenda.append(entry)
        self._draw_agenda()
        self._load_unfinished()
        if entries:
            picker.highlighted = 0
        if self._unfinished and not self._initial_agenda:
            # After a crash the trainer wants the session back: Enter resumes it.
            resume = self.query_one("#ws-resume", OptionList)
            resume.highlighted = 0
            resume.focus()
        else:
            picker.focus()

    # -- unfinished workshops ---------------------------------------------------------

    def _load_unfinished(self) -> None:
        saves = self.app.saves_dir  # type: ignore[attr-defined]
        self._unfinished = [f for f in list_workshops(saves) if not f.finished]
        box = self.query_one("#ws-resume-box")
        box.display = bool(self._unfinished)
        resume = self.query_one("#ws-resume", OptionList)
        resume.clear_options()
        for n, item in enumerate(self._unfinished):
            teams = ", ".join(item.teams) if item.teams else t("workshop.setup.room_label")
            label = tn(
                "workshop.setup.resume_item",
                item.beats,
                titles=" + ".join(cleaned(x) for x in item.titles),
                teams=teams,
                beats=item.beats,
                updated=item.updated.astimezone().strftime("%Y-%m-%d %H:%M"),
            )
            resume.add_option(Option(Text(label), id=f"resume-{n}"))

    @on(OptionList.OptionSelected, "#ws-resume")
    def _resume(self, event: OptionList.OptionSelected) -> None:
        index = int(str(event.option.id).removeprefix("resume-"))
        item = self._unfinished[index]
        try:
            workshop, notices = load_workshop(item.path, self.app.library)  # type: ignore[attr-defined]
        except WorkshopError as exc:
            self._error(t(exc.code, **exc.params))
            return
        self._open(workshop, notices, self.query_one("#ws-projector", Checkbox).value, resumed=True)

    # -- the agenda -------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#ws-library")
    def _add(self, event: OptionList.OptionSelected) -> None:
        entry = self.app.library.get(str(event.option.id).removeprefix("lib-"))  # type: ignore[attr-defined]
        if entry is not None:
            self.agenda.append(entry)
            self._draw_agenda()
            self._error("")

    @on(OptionList.OptionSelected, "#ws-agenda")
    def _remove_selected(self, event: OptionList.OptionSelected) -> None:
        self._remove(event.option_index)

    def on_key(self, event: object) -> None:
        key = getattr(event, "key", "")
        agenda = self.query_one("#ws-agenda", OptionList)
        if key == "delete" and agenda.has_focus and agenda.highlighted is not None:
            self._remove(agenda.highlighted)

    def _remove(self, index: int) -> None:
        if 0 <= index < len(self.agenda):
            del self.agenda[index]
            self._draw_agenda()

    def _draw_agenda(self) -> None:
        agenda = self.query_one("#ws-agenda", OptionList)
        agenda.clear_options()
        for n, entry in enumerate(self.agenda, start=1):
            assert entry.scenario is not None
            agenda.add_option(Option(Text(f"{n}. {cleaned(entry.scenario.scenario.title)}")))
        if not self.agenda:
            agenda.add_option(Option(Text(t("workshop.setup.agenda_empty")), disabled=True))

    # -- mode -------------------------------------------------------------------------

    @on(RadioSet.Changed, "#ws-mode")
    def _mode_changed(self) -> None:
        self.query_one("#ws-teams-box").display = self._mode() == "teams"

    def _mode(self) -> str:
        return "room" if self.query_one("#ws-mode-room", RadioButton).value else "teams"

    # -- starting ---------------------------------------------------------------------

    def _error(self, message: str) -> None:
        self.query_one("#ws-setup-error", Static).update(Text(message, style="bold"))
        if message:
            self.notify(message, severity="warning", markup=False)

    def settings(self) -> WorkshopSettings:
        """The settings as filled in; ``WorkshopError`` when they are not usable."""
        raw_timer = self.query_one("#ws-timer-input", Input).value.strip()
        try:
            seconds = int(raw_timer)
        except ValueError:
            raise WorkshopError("workshop.error.bad_timer") from None
        teams_text = self.query_one("#ws-teams", TextArea).text
        teams = tuple(line.strip() for line in teams_text.splitlines() if line.strip())
        mode = self._mode()
        return WorkshopSettings(
            mode=mode,  # type: ignore[arg-type]
            teams=teams,
            timer_seconds=seconds,
            show_scores=self.query_one("#ws-show-scores", Checkbox).value,
        ).validated()

    @on(Button.Pressed, "#ws-start-button")
    def _start_pressed(self) -> None:
        self.action_start()

    def action_start(self) -> None:
        try:
            if not self.agenda:
                raise WorkshopError("workshop.error.no_agenda")
            settings = self.settings()
            library = self.app.library  # type: ignore[attr-defined]
            agenda = []
            for entry in self.agenda:
                assert entry.scenario is not None
                agenda.append((entry.scenario, entry.content_hash))
            workshop = Workshop(
                agenda, settings, dimensions=library.dimensions, language=get_language()
            )
        except WorkshopError as exc:
            self._error(t(exc.code, **exc.params))
            self._focus_field_of(exc.code)
            return
        self._open(workshop, [], self.query_one("#ws-projector", Checkbox).value)

    def _focus_field_of(self, code: str) -> None:
        """Put the cursor where the problem is, so the trainer can fix it straight away."""
        field = {
            "workshop.error.no_agenda": "#ws-library",
            "workshop.error.bad_timer": "#ws-timer-input",
            "workshop.error.timer": "#ws-timer-input",
        }.get(code, "#ws-teams" if code.startswith("workshop.error.team") else None)
        if field is not None:
            widget = self.query_one(field)
            widget.focus()
            widget.scroll_visible(animate=False)

    def _open(
        self,
        workshop: Workshop,
        notices: list[tuple[str, dict[str, object]]],
        projector: bool,
        *,
        resumed: bool = False,
    ) -> None:
        from klantkoning.ui.screens.workshop_play import WorkshopScreen

        if self.query_one("#ws-room-switch", Checkbox).value:
            self.app.open_room()  # type: ignore[attr-defined]
        if workshop.is_done:
            from klantkoning.ui.screens.workshop_scoreboard import WorkshopScoreboardScreen

            self.app.switch_screen(WorkshopScoreboardScreen(workshop, projector=projector))
            return
        self.app.switch_screen(
            WorkshopScreen(workshop, notices=notices, projector=projector, resumed=resumed)
        )

    def action_help(self) -> None:
        from klantkoning.ui.screens.workshop_help import WorkshopHelpScreen

        self.app.push_screen(WorkshopHelpScreen())

    def action_back(self) -> None:
        self.app.pop_screen()
