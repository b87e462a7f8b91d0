"""The preview's play pane: the current beat, its choices, the last feedback, the ending.

It only shows; the preview screen owns the session and moves it on.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from klantkoning.engine.play.session import Session, StepResult
from klantkoning.i18n import t
from klantkoning.ui.localize import dim_label, plain
from klantkoning.ui.widgets.mood import mood_meter_text, signed


def play_text(session: Session, last: StepResult | None, notice: str = "") -> Text:
    """Everything the play pane shows for ``session``; scenario text stays literal."""
    scenario = session.scenario

    def label(dim_id: str) -> str:
        return dim_label(session.dimensions, dim_id)

    out = Text()
    if notice:
        out.append(notice, style="bold reverse")
        out.append("\n\n")
    out.append(plain(scenario.scenario.title, style="bold"))
    out.append(f"  ({scenario.id})\n", style="dim")
    out.append(mood_meter_text(session.mood))
    out.append("\n")
    steps = len(session.history)
    out.append(t("author.preview.at", node=session.node, steps=steps) + "\n", style="dim")
    if last is not None:
        out.append("\n")
        out.append(t("author.preview.you_chose") + " ", style="bold")
        out.append(plain(last.choice.text))
        out.append("\n")
        if last.choice.feedback:
            out.append(plain(last.choice.feedback, style="italic"))
            out.append("\n")
        # Named as the player sees them in a play (the labels), not as ids.
        points = [f"{label(dim)} {signed(n)}" for dim, n in last.choice.score.items() if n]
        if points or last.choice.mood:
            detail = ", ".join(points)
            if last.choice.mood:
                detail += ("; " if detail else "") + t(
                    "author.preview.mood", mood=signed(last.choice.mood)
                )
            out.append(detail + "\n", style="dim")
    out.append("\n")
    ending = session.ending
    if ending is not None:
        result = session.result()
        out.append("■ ", style="bold")
        out.append(plain(ending.title, style="bold"))
        out.append("\n")
        out.append(plain(ending.text))
        out.append("\n\n")
        out.append(t(f"outcome.{result.outcome}"), style="bold")
        out.append("\n")
        scores = [f"{label(dim)} {signed(n)}" for dim, n in result.score.items() if n]
        if scores:
            out.append(", ".join(scores) + "\n")
        out.append("\n" + t("author.preview.restart_hint") + "\n", style="dim")
        return out
    beat = session.beat
    if beat is None:
        out.append(t("author.preview.no_node", node=session.node), style="bold red")
        out.append("\n")
        return out
    out.append(plain(beat.text))
    out.append("\n")
    if beat.customer:
        out.append("\n")
        out.append(plain(scenario.customer.name, style="bold"))
        out.append(": ")
        out.append(plain(beat.customer, style="italic"))
        out.append("\n")
    out.append("\n")
    visible = session.visible_choices
    if not visible:
        out.append(t("author.preview.stuck"), style="bold red")
        out.append("\n")
    for vc in visible:
        out.append(f" {vc.number} ", style="bold reverse")
        out.append(" ")
        out.append(plain(vc.choice.text))
        out.append("\n")
    return out


class PreviewPlay(Static):
    """The scenario as a player sees it, redrawn after every step and every reload."""

    DEFAULT_CSS = """
    PreviewPlay {
        height: auto;
        padding: 0 1;
    }
    """

    def show(self, session: Session, last: StepResult | None, notice: str = "") -> None:
        self.update(play_text(session, last, notice))
