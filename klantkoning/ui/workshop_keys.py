"""The trainer's keys on the workshop screen (shown in the footer and the help, F1)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

WORKSHOP_BINDINGS: list[BindingType] = [
    Binding(
        "enter",
        "next",
        "workshop.play.key_next",
        id="ws-next",
        tooltip="workshop.help.key_enter",
    ),
    Binding(
        "f1,question_mark",
        "help",
        "workshop.play.key_help",
        id="ws-help",
        tooltip="workshop.help.key_f1",
    ),
    Binding(
        "space",
        "timer",
        "workshop.play.key_timer",
        id="ws-timer",
        tooltip="workshop.help.key_space",
    ),
    Binding(
        "plus,equals_sign",
        "extend",
        "workshop.play.key_extend",
        id="ws-extend",
        tooltip="workshop.help.key_plus",
    ),
    Binding(
        "f2",
        "trainer",
        "workshop.play.key_trainer",
        id="ws-trainer",
        tooltip="workshop.help.key_f2",
    ),
    Binding("f3", "note", "workshop.play.key_note", id="ws-note", tooltip="workshop.help.key_f3"),
    Binding(
        "f4",
        "scene_only",
        "workshop.play.key_scene",
        id="ws-scene-only",
        tooltip="workshop.help.key_f4",
    ),
    Binding("f5", "projector", "workshop.play.key_theme", id="ws-projector", show=False),
    Binding("f9", "end", "workshop.play.key_end", id="ws-end", tooltip="workshop.help.key_f9"),
    Binding(
        "escape",
        "leave",
        "workshop.play.key_leave",
        id="ws-leave",
        tooltip="workshop.help.key_escape",
    ),
    Binding("up", "move(-1)", show=False, id="ws-up"),
    Binding("down", "move(1)", show=False, id="ws-down"),
    Binding("backspace,delete", "erase", show=False, id="ws-erase"),
    Binding("pageup", "scroll_scene(-1)", show=False, id="ws-page-up"),
    Binding("pagedown", "scroll_scene(1)", show=False, id="ws-page-down"),
]
