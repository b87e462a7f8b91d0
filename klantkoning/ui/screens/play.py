"""Solo play: the beat, the customer's line, the mood, the choices and the feedback."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from klantkoning.engine.format.dimensions import GROUPS
from klantkoning.engine.play.session import PlayError, StepResult
from klantkoning.i18n import t
from klantkoning.ui.localize import cleaned, dim_label, localize_bindings, plain
from klantkoning.ui.runner import PlayRunner
from klantkoning.ui.widgets.balloon import SpeechBalloon
from klantkoning.ui.widgets.choices import ChoiceList, MoreBelow
from klantkoning.ui.widgets.footer import KeyFooter
from klantkoning.ui.widgets.mood import FACES, MoodMeter, mood_change, mood_word, signed


class PlayScreen(Screen[None]):
    """One play of one scenario, driven by a ``PlayRunner``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "stop", "play.key_stop", id="play-stop", tooltip="play.tip_stop"),
        Binding("enter,space", "continue", "play.key_continue", id="play-continue"),
        Binding("1", "pick(1)", "play.key_pick", key_display="1–9", id="play-pick-1"),
        *[
            Binding(str(n), f"pick({n})", "play.key_pick", show=False, id=f"play-pick-{n}")
            for n in range(2, 10)
        ],
    ]

    def __init__(self, runner: PlayRunner) -> None:
        super().__init__(id="play")
        localize_bindings(self)
        self.runner = runner
        self._feedback_step: StepResult | None = None
        self._keys_for_feedback: bool | None = None  # what the footer was last drawn for

    # -- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        scenario = self.runner.scenario
        with Vertical(id="play-top"):
            with Horizontal(id="play-title-row"):
                yield Static(self._title_text(), id="play-title", markup=False)
                # In the title row, not the status row: there it was cut off at 80 columns.
                yield Static(
                    Text(f" {t('play.exam_badge')} ", style="bold reverse"),
                    id="play-exam",
                    markup=False,
                )
            with Horizontal(id="play-status-row"):
                yield Static(id="play-status", markup=False)
                yield MoodMeter(self.runner.session.mood, id="play-mood")
        with VerticalScroll(id="play-scroll"):
            yield Static(id="play-beat", markup=False)
            yield SpeechBalloon(scenario.customer.name, None, id="play-balloon")
            yield ChoiceList(id="play-choices")
            yield Static(id="play-feedback", markup=False)
            yield Static(t("play.continue_hint"), id="play-continue", markup=False)
        yield MoreBelow("#play-scroll", id="play-more")
        yield KeyFooter()

    def _title_text(self) -> Text:
        meta = self.runner.scenario.scenario
        out = Text(no_wrap=True, overflow="ellipsis")
        out.append("♛ ", style="bold")
        out.append(cleaned(meta.title), style="bold")
        role = cleaned(meta.role)
        if role:
            out.append("  ·  ")
            out.append(role, style="italic")
        return out

    def on_mount(self) -> None:
        self.show_beat()

    # -- showing ----------------------------------------------------------------------

    @property
    def in_feedback(self) -> bool:
        return self._feedback_step is not None

    def show_beat(self) -> None:
        """Show the current beat and its visible choices."""
        session = self.runner.session
        beat = session.beat
        if beat is None:
            return
        self._feedback_step = None
        self.query_one("#play-beat", Static).update(plain(beat.text))
        self.query_one("#play-balloon", SpeechBalloon).say(
            self.runner.scenario.customer.name, beat.customer
        )
        choices = self.query_one("#play-choices", ChoiceList)
        visible = self.runner.shown_choices
        choices.set_choices([vc.choice.text for vc in visible])
        choices.display = bool(visible)
        self.query_one("#play-feedback", Static).display = False
        cont = self.query_one("#play-continue", Static)
        # A dead end (the author's mistake; `check` reports it): say so instead of hanging.
        cont.update(t("play.dead_end"))
        cont.display = not visible
        self._update_status()
        self.query_one("#play-scroll", VerticalScroll).scroll_home(animate=False)
        choices.focus()
        self._refresh_keys()

    def _update_status(self) -> None:
        session = self.runner.session
        total = len(self.runner.scenario.beats)
        seen = len({node for node in session.path if node in self.runner.scenario.beats})
        # While the feedback shows, the step is the one just taken; then the next one.
        step = session.steps_taken + (0 if session.ended or self.in_feedback else 1)
        status = t("play.status", step=max(step, 1), seen=seen, total=total)
        self.query_one("#play-status", Static).update(
            Text(status, no_wrap=True, overflow="ellipsis")
        )
        exam = self.runner.mode == "exam"
        self.query_one("#play-exam", Static).display = exam
        meter = self.query_one("#play-mood", MoodMeter)
        # Exam mode keeps every evaluation for the debrief, the customer's mood meter too
        # (a meter that moves after each choice says at once whether it helped).
        meter.display = not exam
        meter.mood = session.mood

    def show_feedback(self, step: StepResult) -> None:
        """What the choice just taken did: feedback, mood change, points, level."""
        self._feedback_step = step
        self.query_one("#play-choices", ChoiceList).display = False
        panel = self.query_one("#play-feedback", Static)
        if self.runner.mode == "exam":
            # Exam mode hides the evaluation, not the story: only the reaction shows.
            panel.update(reaction_text(step))
        else:
            panel.update(feedback_text(step, self.runner.session.dimensions))
        panel.display = True
        hint = t("play.continue_end") if self.runner.session.ended else t("play.continue_hint")
        cont = self.query_one("#play-continue", Static)
        cont.update(hint)
        cont.display = True
        self._update_status()
        scroll = self.query_one("#play-scroll", VerticalScroll)
        scroll.focus()
        # After the layout has the panel: bring it (and the "continue" hint) into view.
        self.call_after_refresh(self._reveal_feedback)
        self._refresh_keys()

    def _reveal_feedback(self, tries: int = 10) -> None:
        """Scroll so the feedback panel starts at the top (or all of it shows).

        The page only knows it can scroll that far once the panel is laid out, which
        happens a moment after it was shown: look again shortly until it is.
        """
        if not self.in_feedback:
            return
        scroll = self.query_one("#play-scroll", VerticalScroll)
        panel = self.query_one("#play-feedback", Static)
        laid_out = panel.virtual_region.height > 0
        wanted = max(0, panel.virtual_region.y - panel.styles.margin.top)
        if (not laid_out or scroll.max_scroll_y < min(wanted, 1)) and tries > 0:
            self.set_timer(0.02, lambda: self._reveal_feedback(tries - 1))
            return
        scroll.scroll_to(y=min(wanted, scroll.max_scroll_y), animate=False, immediate=True)

    # -- acting -----------------------------------------------------------------------

    @on(ChoiceList.Chosen, "#play-choices")
    def _chosen(self, event: ChoiceList.Chosen) -> None:
        event.stop()
        if self.in_feedback or self.runner.session.ended:
            return
        try:
            self.runner.choose_shown(event.number, target=self)
        except PlayError as exc:  # a stale click: say so, never crash
            self.notify(t("play.bad_choice", detail=str(exc)), severity="warning", markup=False)

    @on(PlayRunner.Stepped)
    def _stepped(self, event: PlayRunner.Stepped) -> None:
        if self.runner.mode == "exam" and not event.step.choice.reaction:
            if not event.ended:
                self.show_beat()
        else:
            self.show_feedback(event.step)

    @on(PlayRunner.Finished)
    def _finished(self, event: PlayRunner.Finished) -> None:
        if self.runner.mode == "exam" and not self.in_feedback:
            self.open_debrief()

    def action_pick(self, number: int) -> None:
        """Keys 1–9 pick a visible choice wherever the focus is (the list handles them too)."""
        choices = self.query_one("#play-choices", ChoiceList)
        if self.in_feedback or self.runner.session.ended or number > choices.option_count:
            return
        choices.highlighted = number - 1
        choices.post_message(ChoiceList.Chosen(choices, number))

    def action_continue(self) -> None:
        if not self.in_feedback:
            return
        if self.runner.session.ended:
            self.open_debrief()
        else:
            self.show_beat()

    def open_debrief(self) -> None:
        from klantkoning.ui.screens.debrief import DebriefScreen

        self.app.switch_screen(DebriefScreen(self.runner))

    def _refresh_keys(self) -> None:
        # The keys on offer depend only on whether feedback shows (see check_action).
        # Redrawing the footer costs a quarter of a keypress: only when that changed.
        if self._keys_for_feedback is not self.in_feedback:
            self._keys_for_feedback = self.in_feedback
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "continue":
            return self.in_feedback
        if action == "pick":
            return not self.in_feedback
        return True

    def action_stop(self) -> None:
        from klantkoning.ui.screens.dialogs import ConfirmDialog

        if self.runner.session.ended:
            self.open_debrief()
            return

        def answer(stop: bool | None) -> None:
            if stop:
                app: Any = self.app
                self.app.call_later(app.go_home)

        # Say only what is true: when nothing can be saved, stopping loses this play.
        kept = self.runner.store.saving_works
        self.app.push_screen(
            ConfirmDialog(
                t("dialog.stop_title"),
                t("dialog.stop_text") if kept else t("install.stop.text_unsaved"),
                t("dialog.stop_yes") if kept else t("install.stop.yes_unsaved"),
                t("dialog.stop_no"),
            ),
            answer,
        )


def _append_reaction(out: Text, step: StepResult) -> None:
    """What the customer says or does next: part of the story, not of the verdict."""
    if not step.choice.reaction:
        return
    out.append("\n")
    # A label, not the customer's name: a reaction may be what they do ("Hij knikt").
    out.append(t("teaching_ui.reaction") + " ", style="bold")
    out.append(cleaned(step.choice.reaction) + "\n", style="italic")


def reaction_text(step: StepResult) -> Text:
    """Exam mode: the choice and the customer's reaction, without any evaluation."""
    out = Text()
    out.append(t("play.you_chose") + " ", style="bold")
    out.append(cleaned(step.choice.text) + "\n", style="italic")
    _append_reaction(out, step)
    out.rstrip()
    return out


def feedback_text(step: StepResult, dimensions: Any) -> Text:
    """The feedback after one choice, as plain text (scenario text literal): the
    customer's reaction first, then the evaluation (feedback, mood, points, level)."""
    out = Text()
    out.append(t("play.you_chose") + " ", style="bold")
    out.append(cleaned(step.choice.text) + "\n", style="italic")
    _append_reaction(out, step)
    if step.choice.feedback:
        out.append("\n")
        out.append(cleaned(step.choice.feedback) + "\n")
    out.append("\n")
    before, after = step.mood_before, step.mood_after
    out.append(t("play.mood_change") + " ", style="bold")
    out.append(f"{FACES[before]} {mood_word(before)} {signed(before)} → ")
    out.append(f"{FACES[after]} {mood_word(after)} {signed(after)}")
    out.append(f"  ({mood_change(before, after, step.choice.mood)})\n", style="bold")
    score = step.choice.score
    served = [(d, p) for d, p in score.items() if p > 0]
    hurt = [(d, p) for d, p in score.items() if p < 0]

    def label(dim_id: str) -> str:
        return dim_label(dimensions, dim_id)

    def group_order(item: tuple[str, int]) -> tuple[int, int]:
        dim = dimensions.get(item[0])
        index = GROUPS.index(dim.group) if dim is not None else len(GROUPS)
        return (index, -abs(item[1]))

    if served:
        out.append(t("play.served") + " ", style="bold")
        out.append(
            ", ".join(f"{label(d)} {signed(p)}" for d, p in sorted(served, key=group_order)) + "\n"
        )
    if hurt:
        out.append(t("play.hurt") + " ", style="bold")
        out.append(
            ", ".join(f"{label(d)} {signed(p)}" for d, p in sorted(hurt, key=group_order)) + "\n"
        )
    if not served and not hurt:
        out.append(t("play.no_points") + "\n", style="dim")
    if step.choice.level:
        out.append(t("play.level") + " ", style="bold")
        out.append(
            f"{t(f'level.{step.choice.level}')} — {t(f'level_question.{step.choice.level}')}"
        )
    out.rstrip()
    return out
