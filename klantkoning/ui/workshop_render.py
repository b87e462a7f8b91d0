"""What the room sees of a workshop, as Rich renderables: header, options, reveal, panels.

Pure functions of the engine's :class:`Workshop` (and of the screen's few choices, such as
the option the trainer picked), so the screen only decides where each piece goes.
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from klantkoning.engine.format.dimensions import GROUPS
from klantkoning.engine.format.model import Choice
from klantkoning.engine.format.names import relation_label, relation_line
from klantkoning.engine.workshop import Workshop, summarize
from klantkoning.engine.workshop.summary import group_total
from klantkoning.engine.workshop.votes import letter
from klantkoning.i18n import t
from klantkoning.ui.localize import cleaned, dim_label, plain
from klantkoning.ui.widgets.mood import signed
from klantkoning.ui.widgets.workshop_tally import tally_bar, tally_text


def header_text(ws: Workshop) -> Text:
    """Scenario (and its place in the agenda), moment and phase on one line."""
    out = Text(no_wrap=True, overflow="ellipsis")
    out.append(cleaned(ws.scenario.scenario.title), style="bold")
    if len(ws.agenda) > 1:
        out.append(
            " " + t("workshop.play.scenario_of", n=ws.current + 1, total=len(ws.agenda)),
            style="bold",
        )
    if ws.phase in ("vote", "reveal"):
        # Moments count per scenario: the room hears "moment 2", not "moment 9".
        out.append(" · " + t("workshop.play.moment", n=ws.session.steps_taken + 1))
    out.append(" · " + t(f"workshop.play.phase_{ws.phase}"), style="bold")
    return out


def options_text(ws: Workshop, reveal: bool, follow: int | None) -> Group:
    """The lettered options; at the reveal with votes, feedback and effects.

    ``follow`` is the option the trainer picked, if not the majority. A grid keeps
    wrapped lines indented under their option, not under the letter.
    """
    record = ws.record
    assert record is not None
    title = Text(t("workshop.play.options_title"), style="bold underline")
    grid = Table.grid(padding=(1, 1, 0, 0))
    grid.add_column(width=3, no_wrap=True)
    grid.add_column(ratio=1)
    tally = record.tally()
    most = max(tally) if tally else 0
    majority = record.majority_of()
    followed = follow if follow is not None else majority.option
    for pos, choice in enumerate(ws.options):
        chosen = reveal and pos == followed
        body = Text()
        body.append(cleaned(choice.text), style="bold" if chosen else "")
        if reveal:
            teams = [v.team for v in record.votes.values() if v.option == pos]
            body.append("\n")
            body.append(tally_bar(tally[pos], most, 12))
            body.append(" " + count_label(ws, tally[pos]), style="bold")
            if teams:
                body.append(" (" + ", ".join(teams) + ")")
            if chosen:
                body.append("   " + t("workshop.play.followed_mark"), style="bold")
            if choice.reaction:
                # What the customer would say or do: the story, before the verdict.
                body.append("\n💬 " + cleaned(choice.reaction))
            if choice.feedback:
                body.append("\n→ " + cleaned(choice.feedback), style="italic")
            # Never dim: on a projector faint text disappears, and comparing the
            # effects of every option is the learning moment.
            body.append("\n" + effects(ws, choice))
        letter_text = Text(f" {letter(pos)} ", style="bold reverse" if chosen else "bold")
        grid.add_row(letter_text, body)
    return Group(title, Text(""), grid)


def count_label(ws: Workshop, n: int) -> str:
    """``1 stem`` / ``3 stemmen`` (teams) or ``1 hand`` / ``3 handen`` (whole room)."""
    kind = "hands" if ws.mode == "room" else "votes"
    return t(f"workshop.play.{kind}_{'one' if n == 1 else 'many'}", n=n)


def effects(ws: Workshop, choice: Choice) -> str:
    """Mood, points and level of one option, as one line."""
    dims = ws.dimensions
    parts = [t("workshop.play.mood_effect", mood=signed(choice.mood))]
    for dim_id, points in choice.score.items():
        parts.append(f"{dim_label(dims, dim_id)} {signed(points)}")
    if choice.level:
        parts.append(t("workshop.play.level_effect", level=t(f"level.{choice.level}")))
    return " · ".join(parts)


def decision_text(ws: Workshop, follow: int | None) -> Text:
    """What Enter will follow at the reveal, and why (majority, tie, no votes, the trainer)."""
    record = ws.record
    assert record is not None
    majority = record.majority_of()
    out = Text()
    if follow is not None and follow != majority.option:
        line = t(
            "workshop.play.followed_override",
            option=letter(follow),
            majority=letter(majority.option),
        )
    elif majority.total == 0:
        line = t("workshop.play.followed_no_votes", option=letter(majority.option))
    elif majority.tie:
        line = t(
            "workshop.play.followed_by_tie",
            options=", ".join(letter(p) for p in majority.tied),
            option=letter(majority.option),
        )
    else:
        line = t("workshop.play.followed_by_majority", option=letter(majority.option))
    out.append(line + "\n", style="bold")
    out.append(t("workshop.play.pick_other"), style="italic")
    relation = ws.scenario.customer.relation
    if relation:
        # For the talk after the reveal: which model does this customer speak?
        name, explain = relation_label(relation), relation_line(relation)
        out.append("\n" + t("relation_view.reveal", name=name, explain=explain))
    return out


def discuss_text(questions: tuple[str, ...]) -> Group:
    """The questions to discuss; a wrapped question stays indented under its bullet."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(width=2, no_wrap=True)
    grid.add_column(ratio=1)
    for q in questions:
        grid.add_row(Text(" •"), plain(q))
    return Group(Text(t("workshop.play.discuss_title"), style="bold underline"), grid)


def team_votes_text(ws: Workshop, selected_team: int | None) -> Text:
    """Each team with its number and vote so far; ``selected_team`` (0-based) is marked."""
    record = ws.record
    assert record is not None
    out = Text(no_wrap=True, overflow="ellipsis")
    out.append(t("workshop.play.votes_title") + "\n", style="bold underline")
    for n, team in enumerate(ws.teams, start=1):
        selected = selected_team == n - 1
        vote = record.votes.get(team)
        mark = letter(vote.option) if vote else t("workshop.play.vote_none")
        out.append("▶ " if selected else "  ", style="bold")
        out.append(f"{n} ", style="bold")
        out.append(f"{mark:<2}", style="bold reverse" if vote else "")
        out.append(" ")
        out.append(team, style="bold" if selected else "")
        if vote is not None and vote.typed and any(p.team == team for p in record.phones.values()):
            # The trainer's typed vote holds over this team's phones: say so.
            out.append(" " + t("workshop.play.typed_mark"), style="italic")
        out.append("\n")
    return out


def scores_text(ws: Workshop) -> Group:
    """The live scoreboard: each team's total and its points per group of dimensions."""
    board = summarize(ws)
    out = Text(no_wrap=True, overflow="ellipsis")
    out.append(t("workshop.play.scores_title") + "\n", style="bold underline")
    for ts in board.teams:
        parts = [
            f"{t(f'group.{g}')[:1]}{signed(group_total(ts.score, ws.dimensions, g))}"
            for g in GROUPS
        ]
        points = signed(ts.total())
        out.append(" " * max(0, 4 - len(points)))  # padding outside the bold run
        out.append(points, style="bold")
        out.append(" " + ts.team + "  ")
        out.append(" ".join(parts))
        out.append("\n")
    # "P=Principes" stays one word, so a narrow panel wraps between the entries.
    legend = " · ".join(f"{t(f'group.{g}')[:1]}={t(f'group.{g}')}" for g in GROUPS)
    out.rstrip()
    return Group(out, Text(legend, style="italic"))


def trainer_text(ws: Workshop) -> Text:
    """The trainer note of the current beat or ending (or that there is none)."""
    note = None
    if ws.phase in ("vote", "reveal") and ws.session.beat is not None:
        note = ws.session.beat.trainer_note
    elif ws.session.ending is not None:
        note = ws.session.ending.trainer_note
    out = Text()
    out.append(t("workshop.play.trainer_title") + "\n", style="bold underline")
    out.append(cleaned(note) if note else t("workshop.play.trainer_none"))
    return out


def tally_panel(ws: Workshop, head_key: str, highlight: int | None) -> Text:
    """The votes (or hands) per option so far, under ``head_key``'s title, with the total;
    ``highlight`` marks the option being counted (whole-room mode)."""
    record = ws.record
    assert record is not None
    head = Text(t(head_key) + "\n", style="bold underline")
    counts = record.tally()
    body = tally_text(counts, highlight=highlight, width=12)
    total = Text("\n" + count_label(ws, sum(counts)))
    return Text.assemble(head, body, total)
