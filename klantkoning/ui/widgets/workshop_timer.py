"""The discussion clock: big digits, a status line, and a signal at zero."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Digits, Static

from klantkoning.engine.workshop.timer import clock_text
from klantkoning.i18n import t


class WorkshopTimer(Vertical):
    """Shows the remaining seconds; the screen calls :meth:`show` on every tick."""

    DEFAULT_CSS = """
    WorkshopTimer {
        height: auto;
        width: 100%;
        border: round $primary;
        padding: 0 1;
    }
    WorkshopTimer Digits {
        width: auto;
    }
    WorkshopTimer #ws-timer-status {
        text-style: bold;
    }
    WorkshopTimer.-expired {
        border: heavy $error;
        background: $error 30%;
    }
    WorkshopTimer.-running {
        border: round $success;
    }
    """

    def compose(self) -> ComposeResult:
        yield Digits("0:00", id="ws-timer-digits")
        yield Static("", id="ws-timer-status", markup=False)

    def show(self, remaining: float, running: bool, started: bool) -> None:
        """Update the digits and the status line."""
        expired = remaining <= 0
        self.query_one("#ws-timer-digits", Digits).update(clock_text(remaining))
        if expired:
            status = t("workshop.play.timer_done")
        elif running:
            status = t("workshop.play.timer_running")
        elif started:
            status = t("workshop.play.timer_paused")
        else:
            status = t("workshop.play.timer_idle")
        self.query_one("#ws-timer-status", Static).update(Text(status))
        self.set_class(expired, "-expired")
        self.set_class(running and not expired, "-running")
