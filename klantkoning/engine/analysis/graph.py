"""The beat graph of a scenario as a terminal tree, Mermaid or Graphviz dot.

Like Twine's story map, for a terminal: every beat and ending, every choice with a short
label and its conditions, endings marked by outcome, unreachable beats and dead ends
marked. Pure text; the CLI prints it and the preview shows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from klantkoning.engine.analysis.analyse import analyse
from klantkoning.engine.format.dimensions import DEFAULT_DIMENSIONS, Dimensions
from klantkoning.engine.format.model import OUTCOMES, Choice, Scenario
from klantkoning.i18n import t

LABEL_WIDTH = 40
FORMATS: tuple[str, ...] = ("text", "mermaid", "dot")


@dataclass(frozen=True)
class GraphMarks:
    """What the analysis found, to mark in the graph."""

    unreachable: frozenset[str] = frozenset()
    """Beats and endings no play reaches."""
    dead_ends: frozenset[str] = frozenset()
    """Beats where, in some reachable state, no choice is visible."""
    stuck: frozenset[str] = frozenset()
    """Beats on a loop from which no ending can be reached."""
    derived: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """For endings without ``outcome``: the outcomes plays reach there (from the mood)."""


def shorten(text: str, width: int = LABEL_WIDTH) -> str:
    """One line of at most ``width`` characters, cut at a word with an ellipsis."""
    line = " ".join(text.split())
    if len(line) <= width:
        return line
    cut = line[: width - 1]
    if " " in cut[width // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,.;:") + "…"


def conditions(choice: Choice) -> str:
    """``vereist x · tenzij y · zet z`` for a choice's flags, or ``""``."""
    parts = []
    if choice.requires:
        parts.append(t("author.graph.requires", flags=", ".join(choice.requires)))
    if choice.unless:
        parts.append(t("author.graph.unless", flags=", ".join(choice.unless)))
    if choice.sets:
        parts.append(t("author.graph.sets", flags=", ".join(choice.sets)))
    return " · ".join(parts)


def choice_label(number: int, choice: Choice, width: int = LABEL_WIDTH) -> str:
    """``2. "Doorbakken? Dan…" [zet belerend]``: the label of an edge."""
    label = f"{number}. {shorten(choice.text, width)}"
    cond = conditions(choice)
    return f"{label} [{cond}]" if cond else label


def ending_label(scenario: Scenario, ending_id: str, marks: GraphMarks) -> str:
    """``tevreden — Enthousiaste klant`` (or the outcomes the mood decides)."""
    ending = scenario.endings[ending_id]
    if ending.outcome:
        outcome = t(f"outcome.{ending.outcome}")
    else:
        reached = marks.derived.get(ending_id, ())
        names = "/".join(reached)  # the format's own words, short enough for a tree
        outcome = (
            t("author.graph.by_mood", outcomes=names) if names else t("author.graph.by_mood_plain")
        )
    return f"{ending_id} — {outcome}"


def _node_notes(node: str, marks: GraphMarks) -> list[str]:
    notes = []
    if node in marks.unreachable:
        notes.append(t("author.graph.unreachable"))
    if node in marks.dead_ends:
        notes.append(t("author.graph.dead_end"))
    if node in marks.stuck:
        notes.append(t("author.graph.stuck"))
    return notes


# -- text tree ---------------------------------------------------------------------------


def render_text(scenario: Scenario, marks: GraphMarks | None = None) -> str:
    """A readable tree from ``start``; a beat met again is a reference (``↩ keuken``)."""
    marks = marks or GraphMarks()
    lines: list[str] = []
    expanded: set[str] = set()

    def head(node: str) -> str:
        notes = _node_notes(node, marks)
        suffix = f"  ⚠ {'; '.join(notes)}" if notes else ""
        if node in scenario.endings:
            return f"■ {ending_label(scenario, node, marks)}{suffix}"
        if node in scenario.beats:
            return f"● {node}{suffix}"
        return f"✗ {node}  ⚠ {t('author.graph.missing')}"

    def walk(node: str, prefix: str) -> None:
        expanded.add(node)
        beat = scenario.beats[node]
        for i, choice in enumerate(beat.choices, start=1):
            last = i == len(beat.choices)
            branch, indent = ("└─ ", "   ") if last else ("├─ ", "│  ")
            target = choice.next
            # Number and target first: in a narrow pane the text is what gets cut off.
            cond = conditions(choice)
            label = f" · {shorten(choice.text)}" + (f" [{cond}]" if cond else "")
            if target in scenario.beats and target in expanded:
                lines.append(f"{prefix}{branch}{i} → ↩ {target}{label}")
                continue
            lines.append(f"{prefix}{branch}{i} → {head(target)}{label}")
            if target in scenario.beats:
                walk(target, prefix + indent)

    start = scenario.scenario.start
    if start in scenario.beats:
        lines.append(head(start) + f"  ({t('author.graph.start')})")
        walk(start, "")
    else:
        lines.append(head(start))
    rest = [b for b in scenario.beats if b not in expanded]
    if rest:
        lines.append("")
        lines.append(t("author.graph.not_from_start"))
        for beat_id in rest:
            if beat_id in expanded:
                continue
            lines.append(head(beat_id))
            walk(beat_id, "")
    lonely = [
        e
        for e in scenario.endings
        if not any(c.next == e for b in scenario.beats.values() for c in b.choices)
    ]
    if lonely:
        lines.append("")
        lines.append(t("author.graph.no_way_in"))
        lines.extend(head(e) for e in lonely)
    return "\n".join(lines) + "\n"


# -- mermaid -----------------------------------------------------------------------------

_MERMAID_ESCAPES = {
    "&": "#amp;",
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    "#": "#35;",
    "|": "#124;",
    "`": "#96;",
    "[": "#91;",
    "]": "#93;",
    "{": "#123;",
    "}": "#125;",
}


def mermaid_escape(text: str) -> str:
    """Text safe inside a quoted Mermaid label (entity codes, one line)."""
    line = " ".join(text.split())
    return "".join(_MERMAID_ESCAPES.get(ch, ch) for ch in line)


def _ids(scenario: Scenario) -> dict[str, str]:
    # Author ids may hold any character; Mermaid and dot get plain generated ids.
    nodes = list(scenario.beats) + list(scenario.endings)
    ids = {node: f"n{i}" for i, node in enumerate(nodes)}
    for beat in scenario.beats.values():
        for choice in beat.choices:
            if choice.next not in ids:
                ids[choice.next] = f"n{len(ids)}"
    return ids


def render_mermaid(scenario: Scenario, marks: GraphMarks | None = None) -> str:
    """A Mermaid ``flowchart`` (paste into Markdown, GitHub or mermaid.live)."""
    marks = marks or GraphMarks()
    ids = _ids(scenario)
    out = ["flowchart TD"]
    start_node = f'  start(("{mermaid_escape(t("author.graph.start"))}"))'
    if scenario.scenario.start in ids:
        start_node += f" --> {ids[scenario.scenario.start]}"
    out.append(start_node)
    for node, nid in ids.items():
        notes = _node_notes(node, marks)
        note = f" ⚠ {'; '.join(notes)}" if notes else ""
        if node in scenario.endings:
            out.append(f'  {nid}(["{mermaid_escape(ending_label(scenario, node, marks) + note)}"])')
        elif node in scenario.beats:
            text = shorten(scenario.beats[node].text, 30)
            out.append(f'  {nid}["{mermaid_escape(node + note)}<br/>{mermaid_escape(text)}"]')
        else:
            out.append(
                f'  {nid}{{"{mermaid_escape(node)} ⚠ {mermaid_escape(t("author.graph.missing"))}"}}'
            )
    for beat_id, beat in scenario.beats.items():
        for i, choice in enumerate(beat.choices, start=1):
            label = mermaid_escape(choice_label(i, choice, 30))
            out.append(f'  {ids[beat_id]} -->|"{label}"| {ids[choice.next]}')
    out.append("  classDef unreachable stroke-dasharray: 5 5,stroke:#c00")
    out.append("  classDef deadend stroke:#c00,stroke-width:3px")
    out.append("  classDef ontevreden stroke:#c00")
    out.append("  classDef enthousiast stroke:#080,stroke-width:3px")
    for node, nid in ids.items():
        if node in marks.unreachable:
            out.append(f"  class {nid} unreachable")
        if node in marks.dead_ends or node in marks.stuck:
            out.append(f"  class {nid} deadend")
        ending = scenario.endings.get(node)
        if ending is not None and ending.outcome in ("ontevreden", "enthousiast"):
            out.append(f"  class {nid} {ending.outcome}")
    return "\n".join(out) + "\n"


# -- graphviz dot ------------------------------------------------------------------------


def dot_escape(text: str) -> str:
    """Text safe inside a double-quoted dot string (one line)."""
    line = " ".join(text.split())
    return line.replace("\\", "\\\\").replace('"', '\\"')


def render_dot(scenario: Scenario, marks: GraphMarks | None = None) -> str:
    """A Graphviz ``digraph`` (``dot -Tsvg``)."""
    marks = marks or GraphMarks()
    ids = _ids(scenario)
    out = [
        f'digraph "{dot_escape(scenario.id)}" {{',
        "  rankdir=TB;",
        '  node [fontname="Helvetica", shape=box, style=rounded];',
        '  edge [fontname="Helvetica", fontsize=10];',
        f'  start [shape=circle, label="{dot_escape(t("author.graph.start"))}"];',
    ]
    if scenario.scenario.start in ids:
        out.append(f"  start -> {ids[scenario.scenario.start]};")
    for node, nid in ids.items():
        notes = _node_notes(node, marks)
        note = f" ⚠ {'; '.join(notes)}" if notes else ""
        attrs: list[str] = []
        if node in scenario.endings:
            label = ending_label(scenario, node, marks) + note
            attrs.append("shape=doubleoctagon")
            outcome = scenario.endings[node].outcome
            if outcome == "enthousiast":
                attrs.append("penwidth=3")
        elif node in scenario.beats:
            summary = dot_escape(shorten(scenario.beats[node].text, 30))
            attrs.append(f'label="{dot_escape(node + note)}\\n{summary}"')
            label = ""
        else:
            label = f"{node} ⚠ {t('author.graph.missing')}"
            attrs.append("shape=diamond")
        if label:
            attrs.insert(0, f'label="{dot_escape(label)}"')
        if node in marks.unreachable:
            attrs.append('style="rounded,dashed"')
            attrs.append("color=red")
        if node in marks.dead_ends or node in marks.stuck:
            attrs.append("color=red")
            attrs.append("penwidth=3")
        out.append(f"  {nid} [{', '.join(attrs)}];")
    for beat_id, beat in scenario.beats.items():
        for i, choice in enumerate(beat.choices, start=1):
            label = dot_escape(choice_label(i, choice, 30))
            out.append(f'  {ids[beat_id]} -> {ids[choice.next]} [label="{label}"];')
    out.append("}")
    return "\n".join(out) + "\n"


def render(scenario: Scenario, fmt: str, marks: GraphMarks | None = None) -> str:
    """The graph in ``fmt`` (one of ``FORMATS``)."""
    if fmt == "mermaid":
        return render_mermaid(scenario, marks)
    if fmt == "dot":
        return render_dot(scenario, marks)
    return render_text(scenario, marks)


def marks_for(scenario: Scenario, dimensions: Dimensions = DEFAULT_DIMENSIONS) -> GraphMarks:
    """The marks the analysis finds for ``scenario``."""
    found = analyse(scenario, dimensions)
    return GraphMarks(
        unreachable=found.unreachable_beats | found.unreachable_endings,
        dead_ends=found.dead_ends,
        stuck=found.stuck_cycles,
        derived={
            e: tuple(o for o in OUTCOMES if o in got) for e, got in found.ending_outcomes.items()
        },
    )
