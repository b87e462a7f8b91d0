"""The key footer: it shows the keys that work now, and a click on one does what it says.

Since the footer rewrites its keys in place instead of rebuilding them (the time a player
waits for the next beat, issue 13), these tests follow it through that rewrite.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from pilot_support import wait_for
from textual.pilot import Pilot
from textual.widgets._footer import FooterKey

from klantkoning.engine.saves.store import SaveStore, Settings
from klantkoning.i18n import t
from klantkoning.ui.app import make_app
from klantkoning.ui.screens.play import PlayScreen
from klantkoning.ui.widgets.footer import KeyFooter

SIZE = (80, 24)


def footer_labels(screen: PlayScreen) -> list[str]:
    footer = screen.query_one(KeyFooter)
    return [key.description for key in footer.query_children(FooterKey)]


def key_for(screen: PlayScreen, description: str) -> FooterKey:
    footer = screen.query_one(KeyFooter)
    return next(k for k in footer.query_children(FooterKey) if k.description == description)


@asynccontextmanager
async def playing(lib: Path, saves: Path) -> AsyncIterator[tuple[Pilot[None], PlayScreen]]:
    """A play of koffie-koud in feedback mode (so every choice shows its feedback)."""
    store = SaveStore(saves)
    store.update_settings(store.get_or_create("Anna"), Settings(feedback_mode="direct"))
    app = make_app(lib, saves, player="Anna", scenario="koffie-koud")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        await wait_for(pilot, lambda: t("play.key_pick") in footer_labels(screen))
        yield pilot, screen


async def test_footer_offers_choose_then_continue_and_back(lib: Path, tmp_path: Path) -> None:
    async with playing(lib, tmp_path / "saves") as (pilot, screen):
        assert t("play.key_continue") not in footer_labels(screen)

        await pilot.press("1")
        await wait_for(pilot, lambda: t("play.key_continue") in footer_labels(screen))
        assert t("play.key_pick") not in footer_labels(screen)
        assert screen.in_feedback

        await pilot.press("enter")
        await wait_for(pilot, lambda: t("play.key_pick") in footer_labels(screen))
        assert t("play.key_continue") not in footer_labels(screen)


async def test_clicking_a_rewritten_footer_key_does_what_it_says(lib: Path, tmp_path: Path) -> None:
    async with playing(lib, tmp_path / "saves") as (pilot, screen):
        await pilot.press("1")
        await wait_for(pilot, lambda: t("play.key_continue") in footer_labels(screen))
        steps = screen.runner.session.steps_taken

        # The key that said "Kies" a moment ago now says "Verder", and clicking it continues.
        await pilot.click(key_for(screen, t("play.key_continue")))
        await wait_for(pilot, lambda: not screen.in_feedback)
        assert screen.runner.session.steps_taken == steps
        assert t("play.key_pick") in footer_labels(screen)


async def test_footer_keys_are_kept_across_a_choice(lib: Path, tmp_path: Path) -> None:
    """The keys are rewritten, not thrown away and mounted again on every keypress."""
    async with playing(lib, tmp_path / "saves") as (pilot, screen):
        before = list(screen.query_one(KeyFooter).query_children(FooterKey))
        await pilot.press("1")
        await wait_for(pilot, lambda: t("play.key_continue") in footer_labels(screen))
        after = list(screen.query_one(KeyFooter).query_children(FooterKey))
        assert after == before
