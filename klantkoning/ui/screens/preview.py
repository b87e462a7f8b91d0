"""The live preview: a scenario file's problems beside the scenario playing, reloaded on save.

Like Inky's play pane: every save reloads within a second and the play stays where it
was, by replaying the same choices (by index in the file) until one no longer fits. A
broken or half-written save shows its errors and keeps the last good play.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, ScrollableContainer, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static, TabbedContent, TabPane
from textual.worker import get_current_worker

from klantkoning.engine.format.dimensions import Dimensions
from klantkoning.engine.format.model import Scenario
from klantkoning.engine.format.problems import Problem
from klantkoning.engine.library.index import ScenarioEntry
from klantkoning.engine.play.session import PlayError, Session, StepResult
from klantkoning.i18n import t
from klantkoning.oserror import reason as os_reason
from klantkoning.ui.localize import localize_bindings
from klantkoning.ui.widgets.footer import KeyFooter
from klantkoning.ui.widgets.preview_play import PreviewPlay
from klantkoning.ui.widgets.preview_problems import ProblemPanel

POLL_SECONDS = 0.3
"""How often the file is looked at. Reading a scenario (≤ 1 MiB) this often costs nothing,
and a content hash catches every change, even one that keeps the size and the mtime."""


@dataclass
class Loaded:
    """One version of the file, read and checked off the UI thread."""

    digest: str
    problems: list[Problem]
    scenario: Scenario | None
    dimensions: Dimensions | None
    graph: str = ""
    stats: str = ""
    read_error: str = ""
    extra: list[str] = field(default_factory=list)

    @property
    def good(self) -> bool:
        """Playable: it validated and every ``start``/``next`` names a beat or an ending.

        Other errors (an unreachable beat, a golden play that no longer holds) are shown
        but do not stop the play: the author is probably fixing exactly that.
        """
        scenario = self.scenario
        if scenario is None or not scenario.node_exists(scenario.scenario.start):
            return False
        return all(
            scenario.node_exists(c.next) for beat in scenario.beats.values() for c in beat.choices
        )


def load_version(path: Path, data: bytes) -> Loaded:
    """Check ``data`` (the bytes of ``path``) and render the graph and the stats. Never raises."""
    from klantkoning.engine.analysis.graph import marks_for, render_text
    from klantkoning.engine.analysis.stats import scoring_problems
    from klantkoning.engine.authoring.texts import stats_text
    from klantkoning.engine.library.loader import VALUES_FILE, load_scenario_text, load_values_file

    digest = hashlib.sha256(data).hexdigest()
    try:
        dimensions = load_values_file(path.parent / VALUES_FILE)[0]
        entry: ScenarioEntry = load_scenario_text(data, str(path), dimensions)
    except Exception as exc:  # the preview must survive any file an author can save
        return Loaded(digest, [], None, None, read_error=f"{type(exc).__name__}: {exc}")
    loaded = Loaded(digest, list(entry.problems), entry.scenario, dimensions)
    scenario = entry.scenario
    if scenario is not None and loaded.good:
        try:
            loaded.graph = render_text(scenario, marks_for(scenario, dimensions))
            source = data.decode("utf-8", errors="replace")
            hints = scoring_problems(scenario, dimensions, source=source)
            loaded.stats = stats_text(scenario, dimensions, hints, path.name)
        except Exception as exc:
            loaded.extra.append(f"{type(exc).__name__}: {exc}")
    return loaded


class PreviewScreen(Screen[None]):
    """Problems on the left; play, graph and stats in tabs on the right."""

    DEFAULT_CSS = """
    PreviewScreen #preview-main { height: 1fr; }
    PreviewScreen #preview-left {
        width: 2fr;
        min-width: 30;
        border-right: solid $primary;
    }
    PreviewScreen #preview-tabs { width: 3fr; }
    PreviewScreen #preview-status {
        height: 1;
        padding: 0 1;
        background: $boost;
    }
    PreviewScreen .preview-heading {
        text-style: bold;
        color: $primary;
        padding: 0 1;
    }
    PreviewScreen #preview-graph, PreviewScreen #preview-stats { padding: 0 1; }
    PreviewScreen #preview-graph-scroll { overflow-x: auto; }
    PreviewScreen #preview-graph { width: auto; text-wrap: nowrap; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "author.preview.key_back", id="preview-back",
                tooltip="author.preview.tip_back"),
        Binding("r", "restart", "author.preview.key_restart", id="preview-restart",
                tooltip="author.preview.tip_restart"),
        Binding("ctrl+r", "reload", "author.preview.key_reload", id="preview-reload",
                tooltip="author.preview.tip_reload"),
        Binding("p", "tab('preview-tab-play')", "author.preview.tab_play", id="preview-show-play",
                tooltip="author.preview.tip_play"),
        Binding("g", "tab('preview-tab-graph')", "author.preview.tab_graph",
                id="preview-show-graph", tooltip="author.preview.tip_graph"),
        Binding("s", "tab('preview-tab-stats')", "author.preview.tab_stats",
                id="preview-show-stats", tooltip="author.preview.tip_stats"),
        *[
            Binding(str(n), f"choose({n})", "author.preview.key_choose", id=f"preview-choose-{n}",
                    show=False)
            for n in range(1, 10)
        ],
    ]  # fmt: skip

    def __init__(self, path: Path) -> None:
        super().__init__()
        localize_bindings(self)
        self.path = Path(path)
        self.digest = ""
        self.version = 0
        """How many versions were applied (tests wait on it)."""
        self.scenario: Scenario | None = None
        self.dimensions: Dimensions | None = None
        self.session: Session | None = None
        self.last_step: StepResult | None = None
        self.problems: list[Problem] = []
        self.stale = False
        """The file on disk is broken; the play shows the last good version."""
        self.trimmed = ""
        """Why the replay after a save stopped early (empty when it replayed everything)."""
        self._pending = 0

    def compose(self) -> ComposeResult:
        yield Static(t("author.preview.title", file=self.path.name), id="preview-status",
                     markup=False)  # fmt: skip
        with Horizontal(id="preview-main"):
            with VerticalScroll(id="preview-left"):
                yield Static(t("author.preview.problems"), classes="preview-heading")
                yield ProblemPanel(id="preview-problems")
            with TabbedContent(id="preview-tabs"):
                with TabPane(t("author.preview.tab_play"), id="preview-tab-play"), VerticalScroll():
                    yield PreviewPlay(id="preview-play")
                with (
                    TabPane(t("author.preview.tab_graph"), id="preview-tab-graph"),
                    # The tree must not wrap: a wrapped branch loses its place in the tree.
                    ScrollableContainer(id="preview-graph-scroll"),
                ):
                    yield Static(id="preview-graph", markup=False)
                with (
                    TabPane(t("author.preview.tab_stats"), id="preview-tab-stats"),
                    VerticalScroll(),
                ):
                    yield Static(id="preview-stats", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(PreviewPlay).update(t("author.preview.loading"))
        self.check_file()
        self.set_interval(POLL_SECONDS, self.check_file)

    # -- watching the file ----------------------------------------------------------

    def check_file(self, force: bool = False) -> None:
        """Read the file; when its content changed, check it in a worker."""
        try:
            data = self.path.read_bytes()
        except OSError as exc:
            # Editors often replace a file by deleting and renaming: wait for it to come back.
            self._set_status(t("author.preview.unreadable", file=self.path.name,
                               detail=os_reason(exc)))  # fmt: skip
            return
        digest = hashlib.sha256(data).hexdigest()
        if digest == self.digest and not force:
            return
        self.digest = digest
        self._pending += 1
        self.load(data, self._pending)

    @work(thread=True, exclusive=True, group="preview-load")
    def load(self, data: bytes, ticket: int) -> None:
        loaded = load_version(self.path, data)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.apply, loaded, ticket)

    def apply(self, loaded: Loaded, ticket: int) -> None:
        """Show a checked version: its problems always, its play only when it is good."""
        if ticket != self._pending:
            return  # a newer save is on its way
        self.version += 1
        self.problems = loaded.problems
        self.query_one(ProblemPanel).show(loaded.problems, self.path.name)
        if loaded.read_error:
            self.query_one(ProblemPanel).update(
                t("author.preview.load_failed", detail=loaded.read_error)
            )
        time = datetime.now().strftime("%H:%M:%S")
        if loaded.good and loaded.scenario is not None:
            self.stale = False
            self.scenario, self.dimensions = loaded.scenario, loaded.dimensions
            self._replay()
            self.query_one("#preview-graph", Static).update(loaded.graph)
            self.query_one("#preview-stats", Static).update(
                loaded.stats + ("\n" + "\n".join(loaded.extra) if loaded.extra else "")
            )
            self._set_status(t("author.preview.reloaded", file=self.path.name, time=time))
        else:
            self.stale = self.scenario is not None
            self._set_status(t("author.preview.broken", file=self.path.name, time=time))
            self._show_play()

    def _set_status(self, text: str) -> None:
        self.query_one("#preview-status", Static).update(text)

    # -- the play ---------------------------------------------------------------------

    def _replay(self) -> None:
        from klantkoning.engine.authoring.playtest import replay_history

        assert self.scenario is not None and self.dimensions is not None
        history = list(self.session.history) if self.session is not None else []
        self.session = replay_history(self.scenario, history, self.dimensions)
        kept = len(self.session.history)
        self.trimmed = (
            t("author.preview.trimmed", kept=kept, total=len(history))
            if kept < len(history)
            else ""
        )
        self.last_step = None
        if kept:
            # Show the feedback of the last choice that still fits, as after choosing it.
            beat_id, index = self.session.history[-1]
            choice = self.scenario.beats[beat_id].choices[index]
            self.last_step = StepResult(beat_id, index, choice, self.session.mood,
                                        self.session.mood, self.session.node, None, ())  # fmt: skip
        self._show_play()

    def _show_play(self) -> None:
        play = self.query_one(PreviewPlay)
        if self.session is None:
            play.update(t("author.preview.no_play"))
            return
        notice = t("author.preview.stale") if self.stale else self.trimmed
        play.show(self.session, self.last_step, notice)

    def action_choose(self, number: int) -> None:
        """Take visible choice ``number`` in the play."""
        if self.session is None or self.session.ended:
            return
        self.action_tab("preview-tab-play")
        self.trimmed = ""
        try:
            self.last_step = self.session.choose(number)
        except PlayError:
            self.app.bell()
            return
        self._show_play()

    def action_restart(self) -> None:
        """Start the play again from the beginning."""
        if self.scenario is None or self.dimensions is None:
            return
        self.session = Session(self.scenario, self.dimensions)
        self.last_step = None
        self.trimmed = ""
        self._show_play()

    def action_reload(self) -> None:
        """Read the file again now."""
        self.check_file(force=True)

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def action_back(self) -> None:
        self.dismiss()
