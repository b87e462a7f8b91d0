"""The customer's mood as a face, a word, a number and a meter: never colour alone."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from klantkoning.engine.format.model import MOOD_MAX, MOOD_MIN, clamp_mood
from klantkoning.i18n import t

FACES: dict[int, str] = {
    -5: "😡",
    -4: "😠",
    -3: "😟",
    -2: "🙁",
    -1: "😕",
    0: "😐",
    1: "🙂",
    2: "😊",
    3: "😄",
    4: "😁",
    5: "🤩",
}


def mood_key(mood: int) -> str:
    """Catalogue key of the word for a mood (``play.mood.m2``, ``play.mood.0``)."""
    mood = clamp_mood(mood)
    return f"play.mood.{'m' if mood < 0 else 'p' if mood > 0 else ''}{abs(mood)}"


def mood_word(mood: int) -> str:
    """The word for a mood in the active language."""
    return t(mood_key(mood))


def signed(number: int) -> str:
    """``+2``, ``0``, ``−1`` (a real minus sign reads better)."""
    return f"+{number}" if number > 0 else f"−{-number}" if number < 0 else "0"


def number(value: int) -> str:
    """``21``, ``0``, ``−2``: a total with a real minus sign and no plus."""
    return f"−{-value}" if value < 0 else str(value)


def mood_change(before: int, after: int, nominal: int) -> str:
    """The change a choice made to the mood, as the player sees it on every screen.

    ``nominal`` is the choice's own ``mood``; at the limit (+5 or −5) part or all of it
    is cut off, and then the mood it already had is named (``al +5``) instead of a bare
    ``0`` that reads as "this choice did nothing".
    """
    change = after - before
    if change == nominal or nominal == 0:
        return signed(change)
    if change == 0:
        return t("teaching_ui.mood_at_limit", mood=signed(after))
    return t("teaching_ui.mood_capped", change=signed(change), mood=signed(after))


def mood_meter_text(mood: int, *, label: bool = True, meter: bool = True) -> Text:
    """The meter as text: ``Stemming 😊 blij +2  −5 ·····│██··· +5``."""
    mood = clamp_mood(mood)
    out = Text(no_wrap=True)
    if label:
        out.append(t("play.mood_label") + " ", style="bold")
    out.append(f"{FACES[mood]} ")
    style = "bold red" if mood < -1 else "bold green" if mood > 1 else "bold"
    out.append(f"{mood_word(mood)} {signed(mood)}", style=style)
    if meter:
        cells = []
        for value in range(MOOD_MIN, MOOD_MAX + 1):
            if value == 0:
                cells.append("│")
            elif (0 < value <= mood) or (mood <= value < 0):
                cells.append("█")
            else:
                cells.append("·")
        out.append(f"  {signed(MOOD_MIN)} ", style="dim")
        out.append("".join(cells))
        out.append(f" {signed(MOOD_MAX)}", style="dim")
    return out


class MoodMeter(Static):
    """Shows ``mood`` (−5..5) as face + word + number + a meter that reads without colour."""

    DEFAULT_CSS = """
    MoodMeter {
        width: auto;
        height: 1;
    }
    """

    mood: reactive[int] = reactive(0)

    def __init__(
        self,
        mood: int = 0,
        *,
        meter: bool = True,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self._meter = meter
        self.set_reactive(MoodMeter.mood, clamp_mood(mood))

    def on_mount(self) -> None:
        self.update(mood_meter_text(self.mood, meter=self._meter))

    def watch_mood(self, mood: int) -> None:
        self.update(mood_meter_text(mood, meter=self._meter))
