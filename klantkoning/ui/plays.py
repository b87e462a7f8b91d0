"""The app's solo plays: start one for the current player (asking who plays when nobody
does yet), resume the unfinished play, discard it, and open the play screen."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from klantkoning.i18n import t
from klantkoning.ui.localize import scenario_title

if TYPE_CHECKING:
    from klantkoning.engine.library.index import ScenarioEntry
    from klantkoning.engine.play.session import Session
    from klantkoning.ui.app import KlantkoningApp


class Plays:
    """Starts, resumes and discards solo plays on behalf of the app."""

    def __init__(self, app: KlantkoningApp) -> None:
        self.app = app

    def start_scenario(self, entry: ScenarioEntry) -> None:
        """Play ``entry``: pick a player if needed, offer to continue an unfinished play."""
        self.app.ensure_player(lambda: self._start_for_player(entry))

    def _start_for_player(self, entry: ScenarioEntry) -> None:
        from klantkoning.ui.screens.dialogs import ChoiceDialog

        assert self.app.player is not None
        unfinished = self.app.player.unfinished
        if unfinished is None:
            self.play(entry)
            return
        other = self.app.library.get(unfinished.scenario_id)
        if unfinished.scenario_id != entry.id:
            title = scenario_title(self.app.library, unfinished.scenario_id)

            def answer(choice: str | None) -> None:
                if choice == "resume" and other is not None:
                    self.resume_unfinished()
                elif choice == "new":
                    self.play(entry)

            options = [("new", t("dialog.start_new_discard"))]
            if other is not None and other.ok:
                options.insert(0, ("resume", t("dialog.resume_other", title=title)))
            options.append(("cancel", t("dialog.cancel")))
            self.app.push_screen(
                ChoiceDialog(
                    t("dialog.unfinished_title"), t("dialog.unfinished_other", title=title), options
                ),
                answer,
            )
            return
        self.resume_unfinished(restart_entry=entry)

    def resume_unfinished(self, restart_entry: ScenarioEntry | None = None) -> None:
        """Offer to continue the player's unfinished play (or start again when it changed)."""
        from klantkoning.engine.play.session import PlayError, Session
        from klantkoning.ui.screens.dialogs import ChoiceDialog

        assert self.app.player is not None
        unfinished = self.app.player.unfinished
        if unfinished is None:
            return
        entry = self.app.library.get(unfinished.scenario_id)
        title = scenario_title(self.app.library, unfinished.scenario_id)
        session: Session | None = None
        problem = ""
        if entry is None or entry.scenario is None or not entry.ok:
            problem = t("dialog.unfinished_gone", title=title)
        elif entry.content_hash != unfinished.scenario_hash:
            problem = t("dialog.unfinished_changed", title=title)
        else:
            try:
                session = Session.from_dict(entry.scenario, unfinished.state, entry.dimensions)
            except PlayError:
                problem = t("dialog.unfinished_changed", title=title)
        if session is not None and session.ended:
            problem, session = t("dialog.unfinished_changed", title=title), None

        def answer(choice: str | None) -> None:
            if choice == "resume" and session is not None and entry is not None:
                # A play goes on in the mode it started in: feedback seen (or not) before
                # the break decides whether the attempt counts as played in exam mode.
                if unfinished.mode != self.app.feedback_mode:
                    self.app.notify(
                        t(f"common.resumed_in_mode_{unfinished.mode}"), timeout=8, markup=False
                    )
                self.play(
                    entry,
                    session,
                    unfinished.started,
                    mode=unfinished.mode,
                    seed=unfinished.seed,
                    practice=unfinished.practice,
                    resumed=True,
                )
            elif choice == "new":
                target = entry if entry is not None and entry.ok else restart_entry
                if target is not None and target.ok:
                    self.play(target)
                else:
                    self.discard_unfinished()

        if session is not None:
            text = t("dialog.unfinished_resume", title=title, step=session.steps_taken + 1)
            options = [
                ("resume", t("dialog.resume")),
                ("new", t("dialog.start_again")),
                ("cancel", t("dialog.cancel")),
            ]
        else:
            can_restart = (entry is not None and entry.ok) or restart_entry is not None
            options = [("new", t("dialog.start_again") if can_restart else t("dialog.discard"))]
            options.append(("cancel", t("dialog.cancel")))
            text = problem
        self.app.push_screen(ChoiceDialog(t("dialog.unfinished_title"), text, options), answer)

    def discard_unfinished(self) -> None:
        if self.app.player is not None and self.app.player.unfinished is not None:
            self.app.set_player(self.app.store.save_unfinished(self.app.player, None))
            self.app.player.unfinished = None

    def play(
        self,
        entry: ScenarioEntry,
        session: Session | None = None,
        started: datetime | None = None,
        mode: str | None = None,
        *,
        seed: int | None = None,
        practice: bool = False,
        resumed: bool = False,
    ) -> None:
        """Open the play screen for ``entry`` (a fresh play unless ``session`` is given).

        ``mode`` is the feedback mode of the play: the player's setting unless a resumed
        play brings the mode it started in. A ``resumed`` play brings its ``seed`` (the
        order of its options); any other play gets a new one. ``practice``: played on
        from a decision of an earlier play, recorded as practice.
        """
        from klantkoning.engine.play.session import Session
        from klantkoning.ui.runner import PlayRunner, now
        from klantkoning.ui.screens.play import PlayScreen

        assert self.app.player is not None and entry.scenario is not None
        if session is None:
            session = Session(entry.scenario, entry.dimensions)
        runner = PlayRunner(
            self.app.store,
            self.app.library,
            self.app.player,
            entry,
            session,
            started or now(),
            mode or self.app.feedback_mode,
            on_profile=self.app.set_player,
            recorder=self.app.recorder,
            seed=seed if resumed else self.app.new_seed(),
            practice=practice,
        )
        if not resumed:
            runner.save_progress()
            runner.record_start()
            self.app.show_records_notice()
        screen = PlayScreen(runner)
        if getattr(self.app.screen, "REPLACED_BY_PLAY", False):
            self.app.switch_screen(screen)
        else:
            self.app.push_screen(screen)
