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
