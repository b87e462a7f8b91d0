"""Shared for every test: each starts in Dutch, the default language of the game."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from klantkoning.i18n import set_language


@pytest.fixture(autouse=True)
def _dutch_by_default() -> Iterator[None]:
    # The language is process-wide; a test that switches to English must not leak it.
    set_language("nl")
    yield
    set_language("nl")


@pytest.fixture(autouse=True)
def _no_lrs_unless_asked(monkeypatch: pytest.MonkeyPatch, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    # A developer's own klantkoning.toml or LRS variables must never reach a test: every
    # test starts without an LRS; the LRS tests configure Ralph themselves.
    for name in ("KLANTKONING_LRS_URL", "KLANTKONING_LRS_USER", "KLANTKONING_LRS_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    config = tmp_path_factory.getbasetemp() / "no-config" / "klantkoning.toml"
    monkeypatch.setenv("KLANTKONING_CONFIG", str(config))


@pytest.fixture(autouse=True)
def _options_in_file_order(monkeypatch: pytest.MonkeyPatch) -> None:
    # Solo play shuffles the options per attempt. Tests that press "2" for the file's
    # second option ask for that order (a seed of None); the tests of shuffling pass
    # their own seeds to make_app (``seeds=``), which this does not touch.
    monkeypatch.setattr("klantkoning.ui.app.random_seed", lambda: None)
